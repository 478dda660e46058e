"""What is kept on disk: settings, progress and (later) results.

Every file carries a schema version; every write is atomic (temporary file in
the same folder, flush, fsync, os.replace), so a crash or a pulled plug leaves
either the old file or the new one. A file that cannot be read is moved aside
with a timestamp and defaults are used, with one notice for the player.
"""
from __future__ import annotations

import json
import os
import stat
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .. import paths
from ..fileio import FileTooBig, read_capped

SCHEMA_VERSION = 1


class StoreError(Exception):
    """Something on disk could not be written: one line for the user."""


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _mode_for(path: Path) -> int:
    """The mode the file should end with: the replaced file's, or a new file's under the umask.

    mkstemp makes its file 0600, which would leave a report or an export
    unreadable to the colleagues it was written for.
    """
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(path)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise StoreError(f"cannot write {path}: {err.strerror or err} (is the folder writable?)") from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise StoreError(f"cannot write {path}: {err.strerror or err}") from None
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    # The rename is only durable once the folder itself is flushed (POSIX).
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class StoredModel(BaseModel):
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False)


#: Settings and progress are a few hundred bytes; a file far bigger is not ours.
MAX_FILE_BYTES = 1024 * 1024
WindowSide = Annotated[int, Field(ge=100, le=16384)]


class Settings(StoredModel):
    text_scale: float = Field(1.0, ge=0.75, le=2.0)
    high_contrast: bool = False
    reduced_motion: bool = False
    colour_blind_safe: bool = False
    volume: float = Field(0.7, ge=0.0, le=1.0)
    muted: bool = False
    fullscreen: bool = False
    window: tuple[WindowSide, WindowSide] = (1280, 720)
    # cut rather than refused: a long --player must not make the next start set the file aside
    player: Annotated[str, AfterValidator(lambda name: name[:200])] = ""


class LevelProgress(StoredModel):
    stars: int = Field(0, ge=0, le=3)
    best_score: int = Field(0, ge=-10**12, le=10**12)
    completed: bool = False


class Progress(StoredModel):
    levels: dict[Annotated[str, Field(max_length=64)], LevelProgress] = Field(default_factory=dict, max_length=1000)


M = TypeVar("M", bound=StoredModel)


class JsonFile(Generic[M]):
    """One versioned JSON file holding one model."""

    def __init__(self, path: Path, model: type[M], what: str):
        self.path = path
        self.model = model
        self.what = what

    def load(self) -> tuple[M, str | None]:
        """The stored value, or the defaults and a notice when the file was unusable.

        Unusable is anything but a small regular file of valid JSON holding the
        expected data: too big, a device or a pipe, nested thousands deep,
        numbers of thousands of digits, a wrong shape. Such a file is set aside,
        so the next start is clean, and never stops the game.
        """
        try:
            raw = read_capped(self.path, MAX_FILE_BYTES).decode("utf-8")
        except FileNotFoundError:
            return self.model(), None
        except FileTooBig as err:
            return self._set_aside(f"is {err.size:,} bytes, far more than it should hold")
        except (OSError, UnicodeDecodeError) as err:
            return self._set_aside(f"could not be read ({getattr(err, 'strerror', None) or err})")
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as err:
            return self._set_aside(f"was damaged (line {err.lineno}, column {err.colno}: {err.msg})")
        except Exception as err:  # noqa: BLE001 - numbers too long to convert, nesting too deep: any fault of the file
            return self._set_aside(f"could not be used ({_why(err)})")
        if not isinstance(data, dict):
            return self._set_aside("did not hold the expected data")
        version = data.pop("schema_version", None)
        if version != SCHEMA_VERSION:
            shown = repr(version) if isinstance(version, (int, str)) and len(repr(version)) < 20 else "unknown"
            return self._set_aside(f"has schema version {shown}, this game reads version {SCHEMA_VERSION}")
        try:
            return self.model.model_validate(data), None
        except ValidationError as err:
            first = err.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"])[:60] or "top level"
            return self._set_aside(f"did not hold the expected data ({where}: {first['msg']})")
        except Exception as err:  # noqa: BLE001 - whatever the file held, the game still starts
            return self._set_aside(f"could not be used ({_why(err)})")

    def save(self, value: M) -> None:
        data = {"schema_version": SCHEMA_VERSION, **value.model_dump(mode="json")}
        atomic_write_text(self.path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    def _set_aside(self, why: str) -> tuple[M, str]:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}{self.path.suffix}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}-{counter}{self.path.suffix}")
        try:
            os.replace(self.path, aside)
            kept = f"; it was kept as {aside.name}"
        except OSError:
            kept = ""
        return self.model(), f"Your {self.what} file {why}, so defaults are used{kept}."


def _why(err: BaseException) -> str:
    if isinstance(err, RecursionError):
        return "nested too deep"
    return (str(err).splitlines() or [type(err).__name__])[0][:80]


class Store:
    """Settings and progress, where platformdirs (or REPLYALL_HOME) says."""

    def __init__(self) -> None:
        self.settings_file = JsonFile(paths.config_dir() / "settings.json", Settings, "settings")
        self.progress_file = JsonFile(paths.data_dir() / "progress.json", Progress, "progress")
        self.notices: list[str] = []

    def _load(self, file: JsonFile[M]) -> M:
        value, notice = file.load()
        if notice:
            self.notices.append(notice)
        return value

    def load_settings(self) -> Settings:
        return self._load(self.settings_file)

    def load_progress(self) -> Progress:
        return self._load(self.progress_file)

    def save_settings(self, settings: Settings) -> None:
        self.settings_file.save(settings)

    def save_progress(self, progress: Progress) -> None:
        self.progress_file.save(progress)

    def take_notices(self) -> list[str]:
        """Notices not yet shown; each is given out once."""
        notices, self.notices = self.notices, []
        return notices
