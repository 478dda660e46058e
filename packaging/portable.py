"""Build the portable one-folder application and zip it.

    python -m pip install -e ".[portable]"
    python packaging/portable.py            # dist/replyall-VERSION-PLATFORM.zip

A folder, not a single file: a one-file build unpacks itself into the temp
folder on every start, which is slower, leaves copies behind when it is killed,
and is what antivirus heuristics and AppLocker's default rules (no execution
from %TEMP%) stop. The folder runs where it is unzipped.

The shipped content goes where a wheel puts it (game/_shipped/), so
game/paths.py finds it the same way in a wheel and in the frozen folder.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "replyall"
# Imported by the game nowhere (pygame-ce's hook offers numpy for surfarray when
# it is installed; the test tools may be in the same environment).
EXCLUDES = ["numpy", "tkinter", "pytest", "_pytest", "hypothesis", "PyInstaller", "pip", "setuptools"]


def platform_tag() -> str:
    system = {"Windows": "windows", "Darwin": "macos", "Linux": "linux"}.get(platform.system(), platform.system().lower())
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from game import __version__

    return __version__


def build(work: Path, dist: Path) -> Path:
    """The one-folder application, built into dist/NAME; its path."""
    import PyInstaller.__main__  # only here: building needs the [portable] extra

    sep = os.pathsep  # PyInstaller's --add-data separator is ';' on Windows, ':' elsewhere
    args = [
        str(ROOT / "packaging" / "launcher.py"),
        "--name", NAME,
        "--onedir",
        "--noconfirm",
        "--clean",
        "--log-level", "WARN",
        "--workpath", str(work),
        "--distpath", str(dist),
        "--specpath", str(work),
        # content lazily imported by name (loader registries, CLI commands)
        "--collect-submodules", "game",
        "--add-data", f"{ROOT / 'levels'}{sep}game/_shipped/levels",
        "--add-data", f"{ROOT / 'assets'}{sep}game/_shipped/assets",
    ]
    for module in EXCLUDES:
        args += ["--exclude-module", module]
    if platform.system() == "Darwin":
        args += ["--osx-bundle-identifier", "uk.example.replyall"]
    PyInstaller.__main__.run(args)
    folder = dist / NAME
    # results a checkout may hold from a classroom run are the user's, not content
    for stray in folder.rglob("results"):
        if stray.is_dir() and "_shipped" in stray.parts:
            shutil.rmtree(stray)
    return folder


def zip_folder(folder: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".zip.part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            arcname = Path(folder.name) / path.relative_to(folder)
            if path.is_symlink():
                # keep links (macOS frameworks use them) as links, not copies
                info = zipfile.ZipInfo(str(arcname))
                info.create_system = 3
                info.external_attr = (0o120777 << 16)
                archive.writestr(info, os.readlink(path))
            elif path.is_file():
                archive.write(path, arcname)
    tmp.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the portable one-folder application and zip it.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the zip goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "portable",
                        help="PyInstaller's working folder (default: build/portable/)")
    args = parser.parse_args(argv)
    folder = build(args.work, args.work / "dist")
    target = zip_folder(folder, args.dist / f"{NAME}-{version()}-{platform_tag()}.zip")
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
