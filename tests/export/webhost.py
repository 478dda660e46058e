"""Serve an exported quiz to headless Chromium from memory, under a made-up origin, with no network.

Every request is answered from the package, tests/web (the test learning system and its npm
packages), or refused and remembered, so a test can prove the quiz fetched nothing else.
"""
from __future__ import annotations

import mimetypes
import os
import shutil
import zipfile
from pathlib import Path

WEB = Path(__file__).resolve().parents[1] / "web"
ORIGIN = "http://lms.test"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
NEEDS = ("the browser tests need Debian's Chromium (apt-get install chromium chromium-driver), "
         "Playwright (pip install -e '.[test,browser]') and the npm packages (npm ci in tests/web)")


def chromium_path() -> str | None:
    return shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return NEEDS + "; Playwright is not installed"
    if chromium_path() is None:
        return NEEDS + "; no chromium on PATH"
    if not (WEB / "node_modules" / "scorm-again").is_dir() or not (WEB / "node_modules" / "axe-core").is_dir():
        return NEEDS + "; tests/web/node_modules is missing"
    return None


class Host:
    """Routes every request of a browser context; `refused` lists what was asked for and not served."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files  # path under the origin -> content
        self.refused: list[str] = []
        self.served: list[str] = []

    @classmethod
    def for_package(cls, package: bytes) -> "Host":
        import io

        files: dict[str, bytes] = {}
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            for name in archive.namelist():
                files[f"/sco/{name}"] = archive.read(name)
        return cls(files)

    def route(self, route) -> None:
        url = route.request.url
        if not url.startswith(ORIGIN + "/"):
            self.refused.append(url)
            route.abort()
            return
        path = url[len(ORIGIN):].split("?")[0].split("#")[0]
        body = self.files.get(path)
        if body is None:
            local = (WEB / path.lstrip("/")).resolve()
            if WEB in local.parents and local.is_file():
                body = local.read_bytes()
        if body is None:
            self.refused.append(url)
            route.fulfill(status=404, body=b"not found")
            return
        self.served.append(path)
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        route.fulfill(status=200, body=body, headers={"Content-Type": kind + ("; charset=utf-8" if kind.startswith(("text/", "application/javascript")) else "")})
