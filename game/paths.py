"""The one place that knows where things are.

Shipped content (levels/, levels/banks/, assets/) lives beside the package in
a checkout or an editable install, and inside it (game/_shipped/) in a wheel.
User files go where platformdirs says, or all under REPLYALL_HOME.
"""
from __future__ import annotations

import os
from pathlib import Path

APP = "replyall"
_PACKAGE = Path(__file__).resolve().parent


def _shipped_root() -> Path:
    bundled = _PACKAGE / "_shipped"
    if (bundled / "levels").is_dir():
        return bundled
    return _PACKAGE.parent


def levels_dir() -> Path:
    return _shipped_root() / "levels"


def banks_dir() -> Path:
    return levels_dir() / "banks"


def sessions_dir() -> Path:
    return levels_dir() / "sessions"


def assets_dir() -> Path:
    return _shipped_root() / "assets"


def schemas_dir() -> Path:
    return levels_dir() / "schemas"


def home_override() -> Path | None:
    value = os.environ.get("REPLYALL_HOME")
    return Path(value).expanduser() if value else None


def _platform_dir(kind: str) -> Path:
    home = home_override()
    if home is not None:
        return home / kind
    import platformdirs  # only when needed: it is not free to import

    finder = {
        "config": platformdirs.user_config_dir,
        "data": platformdirs.user_data_dir,
        "logs": platformdirs.user_log_dir,
    }[kind]
    return Path(finder(APP, appauthor=False))


def config_dir() -> Path:
    return _platform_dir("config")


def data_dir() -> Path:
    return _platform_dir("data")


def log_dir() -> Path:
    return _platform_dir("logs")


def results_dir() -> Path:
    return data_dir() / "results"
