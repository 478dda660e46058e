"""Located problems in content files."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# A message is one readable line whatever a file holds: a long word (a value
# quoted from the file) is cut, and so is the whole line past a limit.
_WORD_LIMIT = 200  # a long path still shows whole
_MESSAGE_LIMIT = 800
_LONG_WORD = re.compile(r"\S{%d,}" % (_WORD_LIMIT + 1))


def _shorten(match: re.Match[str]) -> str:
    word = match.group()
    return word[: _WORD_LIMIT - 3] + "..." + (word[-1] if word[-1] in "'\")," else "")


def bounded(message: str) -> str:
    if len(message) <= _WORD_LIMIT:
        return message
    message = _LONG_WORD.sub(_shorten, message)
    return message if len(message) <= _MESSAGE_LIMIT else message[: _MESSAGE_LIMIT - 3] + "..."


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", bounded(self.message))

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
