"""Quiz results as JSON Lines: a header, one record per answer, a summary per round.

The records are declared in game/quiz/records.py, which also reads them back.

Each record is one line, written with one call, flushed and fsync'd before the
learner sees the feedback, so a crash or a pulled plug loses at most the answer
being given. Files are created exclusively: an existing file is never touched.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from ..store import StoreError, fsync_dir
from .records import SCHEMA_VERSION, Record, read_file

__all__ = ["SCHEMA_VERSION", "SUFFIX", "MemoryWriter", "ResultsWriter", "clean_player", "now_iso", "read_records",
           "safe_name_part"]

SUFFIX = ".jsonl"
_MAX_TRIES = 1000


def safe_name_part(text: str, fallback: str = "player", limit: int = 40) -> str:
    """A name as a file-name piece: ASCII letters, digits and hyphens only.

    Keeps path separators, dots, reserved Windows names and control
    characters out of the results folder, whatever the learner typed.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:limit].strip("-")
    return slug or fallback


def clean_player(name: str | None, limit: int = 60) -> str:
    """The player's name as recorded: no control characters, single spaces, bounded length."""
    if not name:
        return ""
    # Zero-width joiners are part of the text, not controls: Persian and Indic names and emoji need them.
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\u200c\u200d" else " " for ch in name)
    return " ".join(text.split())[:limit]


def _open_exclusive(path: Path) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, 0o644)


class ResultsWriter:
    """Appends records to a results file it created; one line per record, made durable at once."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def create(cls, folder: Path, player: str = "", now: datetime | None = None,
               kind: str = "quiz") -> ResultsWriter:
        """A new file in `folder`, named by time and player, never an existing one."""
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        stem = f"{stamp}-{safe_name_part(player)}-{kind}"
        return cls._create_unique(folder, stem, SUFFIX)

    @classmethod
    def at(cls, path: Path) -> ResultsWriter:
        """The file at `path`; when it exists, a numbered name beside it (see `.path`)."""
        suffix = path.suffix or SUFFIX
        stem = path.name[: -len(path.suffix)] if path.suffix else path.name
        return cls._create_unique(path.parent, stem, suffix)

    @classmethod
    def _create_unique(cls, folder: Path, stem: str, suffix: str) -> ResultsWriter:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"cannot create the results folder {folder}: {err.strerror or err}") from None
        for n in range(1, _MAX_TRIES + 1):
            path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
            try:
                fd = _open_exclusive(path)
            except FileExistsError:
                continue
            except OSError as err:
                raise StoreError(f"cannot write results to {path}: {err.strerror or err}") from None
            fsync_dir(folder)
            return cls(path, fd)
        raise StoreError(f"cannot find a free file name for results in {folder}")

    def write(self, record: Record) -> None:
        if self._fd is None:
            raise StoreError(f"results file {self.path} is already closed")
        # "replace": a file name that is not UTF-8 reaches here as lone surrogates,
        # which must not stop the quiz; it is recorded with U+FFFD in their place.
        line = (json.dumps(record.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n").encode(
            "utf-8", "replace")
        try:
            view = memoryview(line)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
        except OSError as err:
            raise StoreError(f"cannot write results to {self.path}: {err.strerror or err}") from None

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                os.close(fd)
            except OSError:
                pass

    @property
    def closed(self) -> bool:
        return self._fd is None

    def __enter__(self) -> ResultsWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class MemoryWriter:
    """Keeps records in a list: for a practice run that saves nothing, and for tests."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.records: list[dict[str, Any]] = []
        self.closed = False

    def write(self, record: Record) -> None:
        self.records.append(json.loads(json.dumps(record.to_json(), ensure_ascii=False)))

    def close(self) -> None:
        self.closed = True


def read_records(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The records of a results file as written, and a `FILE:LINE: message` note for each line skipped."""
    found = read_file(path)
    return ([record.to_json() for _, record, _ in found.records],
            [f"{path}:{s.line}: {s.message}" for s in found.skipped])


def now_iso(clock: Callable[[], datetime] | None = None) -> str:
    moment = clock() if clock else datetime.now()
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="milliseconds")
