"""Located problems in content files."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ContentError(Exception):
    """A file could not be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        # Set by the loader when the file was well-formed apart from checks
        # across fields, so that later checks (references) can still run.
        self.model: object | None = None
        self.loaded: object | None = None
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path | str) -> str:
    """The path as the user would recognise it: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)
