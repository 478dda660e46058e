"""The results record format, declared once: what the quiz writes and what the report reads.

A results file is JSON Lines (UTF-8, one JSON object a line): one `header` per
quiz, one `answer` per answer, a `summary` at the end of each round. The quiz
engine builds these models and game/quiz/results.py writes them; `read_file`
below is the only reader, used by the class report and the tests. Anything
else that writes results (a browser quiz) must produce the same fields; the
README lists them.

Fields a later version adds must be optional here, so that older files still
read; a change that older readers would misread raises SCHEMA_VERSION, and a
reader skips, with a note, a quiz whose header has a version it does not know.
"""
from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Iterator, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, ValidationInfo, field_validator

from .scoring import BASE_POINTS, STREAK_CAP

SCHEMA_VERSION = 1
KNOWN_VERSIONS = frozenset({1})

# The most points one answer can earn: the hardest question's base, fully
# right and instant, plus the largest streak bonus. More is not a result.
MAX_POINTS = max(BASE_POINTS.values()) + STREAK_CAP
MAX_TIME_MS = 30 * 24 * 3600 * 1000  # longer than any question stays open
# A results line is a few hundred bytes; anything far longer is not one, and
# reading it whole could exhaust memory on a training-room PC.
MAX_LINE_BYTES = 1 << 20
# A prompt is kept in the record so that a report can show it; a whole essay is not needed for that.
MAX_PROMPT = 300


class _Record(BaseModel):
    record: str

    # strict: a mark written as "1" or true is a broken writer, not a mark. Unknown
    # fields are ignored so that a newer writer's additions do not stop an older reader.
    model_config = ConfigDict(strict=True, allow_inf_nan=False, extra="ignore")

    def to_json(self) -> dict[str, Any]:
        """The record as written: fields never set (a header's optional extras) are left out."""
        return {"record": self.record, **self.model_dump(mode="json", exclude_unset=True)}


class HeaderRecord(_Record):
    # A front end may add its own facts about the quiz (a room, a seat); they are kept as written.
    model_config = ConfigDict(extra="allow")

    record: Literal["header"] = "header"
    schema_version: int
    quiz_id: str = Field(min_length=1)
    app: str = "replyall"
    app_version: str = ""
    mode: str = ""  # text, gui, classroom, level, web
    player: str = ""
    started_at: str | None = None
    seed: int | None = None
    settings: dict[str, Any] = Field(default_factory=dict)
    banks: list[dict[str, Any]] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    scoring: dict[str, Any] = Field(default_factory=dict)
    # Set by a classroom session or a level; absent otherwise.
    session: str | None = None
    session_title: str | None = None
    team: str | None = None
    team_answers: str | None = None
    level: str | None = None
    trigger: int | None = None
    clock: str | None = None  # the level's time of day, HH:MM


class AnswerRecord(_Record):
    record: Literal["answer"] = "answer"
    quiz_id: str = Field(min_length=1)
    player: str = ""
    team: str | None = None
    round: int = Field(1, ge=1)
    n: int | None = Field(None, ge=1)
    question_id: str = Field(min_length=1)
    prompt: str | None = None
    bank_id: str = ""
    bank_version: str | int | None = None
    type: str = ""
    topic: str = ""
    difficulty: int | None = Field(None, ge=1, le=3)
    shown: list[str] = Field(default_factory=list)
    answer: list[str] | None = None
    correct: list[str] = Field(default_factory=list)
    fraction: float = Field(ge=0, le=1)
    points: int = Field(0, ge=0, le=MAX_POINTS)
    base: int | None = Field(None, ge=0, le=MAX_POINTS)
    speed: float | None = Field(None, ge=0, le=1)
    streak: int | None = Field(None, ge=0)
    streak_bonus: int | None = Field(None, ge=0, le=STREAK_CAP)
    time_ms: int | None = Field(None, ge=0, le=MAX_TIME_MS)
    time_limit_ms: int | None = Field(None, ge=0, le=MAX_TIME_MS)
    late: bool | None = None
    skipped: bool | None = None
    answered_at: str | None = None

    @field_validator("points")
    @classmethod
    def _earned(cls, points: int, info: ValidationInfo) -> int:
        # Points are base x mark x speed, plus a streak bonus only for a fully right answer: a wrong
        # answer with 2,000 points is not a result. One point of slack for rounding.
        fraction = info.data.get("fraction")
        if fraction is not None:
            most = math.ceil(max(BASE_POINTS.values()) * fraction) + (STREAK_CAP if fraction == 1 else 0)
            if points > most + 1:
                raise ValueError(f"{points} points is more than a mark of {fraction:g} can earn (at most {most})")
        return points


class SummaryRecord(_Record):
    record: Literal["summary"] = "summary"
    quiz_id: str = ""
    player: str = ""
    round: int = Field(1, ge=1)
    ended: str = ""  # finished, quit, eof, interrupted, retry
    finished_at: str | None = None
    questions: int | None = Field(None, ge=0)
    answered: int | None = Field(None, ge=0)
    marks: float | None = Field(None, ge=0)
    points: int | None = Field(None, ge=0)
    best_streak: int | None = Field(None, ge=0)
    by_topic: dict[str, Any] = Field(default_factory=dict)
    missed: list[str] = Field(default_factory=list)


Record = Union[HeaderRecord, AnswerRecord, SummaryRecord]
_RECORD: TypeAdapter[Record] = TypeAdapter(Annotated[Record, Field(discriminator="record")])

# What a field should hold, in the words of a skipped-line note.
_EXPECT = {
    "fraction": "the mark ('fraction') is missing or not a number from 0 to 1",
    "points": f"'points' should be a whole number from 0 to {MAX_POINTS:,} (the most one answer can earn)",
    "time_ms": "'time_ms' should be a whole number of milliseconds, at most 30 days",
    "shown": "'shown' should be a list of option keys",
    "answer": "'answer' should be a list of option keys, or null when skipped",
    "correct": "'correct' should be a list of option keys",
    "schema_version": "'schema_version' should be a whole number",
}


# --- reading ----------------------------------------------------------------------------


@dataclass
class Skipped:
    """A line (or a whole file) that could not be used, and why; line and column count from 1."""

    line: int
    column: int
    message: str


@dataclass
class FileRecords:
    """Every usable record of one file, each with its line number and text, and what was skipped."""

    records: list[tuple[int, Record, str]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    opened: bool = True


def column_of(text: str, key: str) -> int:
    at = text.find(f'"{key}"')
    return at + 1 if at >= 0 else 1


def _lines(handle) -> Iterator[tuple[int, bytes, bool]]:
    """(number, line, whole) for each line; an over-long line is drained and given as b''."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(MAX_LINE_BYTES)
            yield number, b"", False
            continue
        yield number, raw, True


def parse_line(raw: bytes, number: int) -> tuple[Record | None, str, Skipped | None]:
    """One line as a record, or why it is not one. Blank lines give (None, '', None)."""
    cut = not raw.endswith(b"\n")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        column = len(raw[: err.start].decode("utf-8", errors="replace")) + 1
        why = "the file ends part-way through this line (cut short, e.g. by a crash)" if cut else "not UTF-8 text"
        return None, "", Skipped(number, column, f"{why}; line skipped")
    body = text.lstrip()
    if not body:
        return None, "", None
    if not body.startswith("{"):
        return None, text, Skipped(number, len(text) - len(body) + 1,
                                   "not a results record (a JSON object was expected); line skipped")
    try:
        # Parsed and checked in one pass by pydantic-core: NaN, Infinity, 1e999 and over-long integers
        # are refused there, as is nesting deeper than a record has.
        return _RECORD.validate_json(text), text, None
    except ValidationError as err:
        return None, text, Skipped(number, *_why(err.errors(include_url=False)[0], text, cut))


def _why(first: dict[str, Any], text: str, cut: bool) -> tuple[int, str]:
    """(column, message) for the first thing wrong with a line."""
    kind, loc = first["type"], first["loc"]
    if kind == "json_invalid":
        found = re.search(r"column (\d+)", first["msg"])
        column = int(found.group(1)) if found else 1
        if cut:
            return column, "the file ends part-way through this line (cut short, e.g. by a crash); line skipped"
        detail = re.sub(r"^Invalid JSON: | at line \d+ column \d+$", "", first["msg"])
        return column, f"not a whole results record ({detail}); line skipped"
    if kind == "union_tag_invalid":
        return column_of(text, "record"), f"record type '{first['ctx']['tag']}' is not known; line skipped"
    if kind == "union_tag_not_found":
        return column_of(text, "record"), "record type missing is not known; line skipped"
    if len(loc) < 2:
        return 1, "not a results record (a JSON object was expected); line skipped"
    record, key = str(loc[0]), str(loc[1])
    if kind == "missing":
        why = f"'{key}' is missing"
    elif kind == "value_error":
        why = f"'{key}': {first['msg'].removeprefix('Value error, ')}"
    else:
        why = _EXPECT.get(key) or f"'{key}': {first['msg'][:1].lower()}{first['msg'][1:]}"
    return column_of(text, key), f"{record} record: {why}; line skipped"


def read_file(path: Path) -> FileRecords:
    """Every record of a results file, skipping (with a note) each line that is not one.

    A file cut short by a crash ends in at most one partial line; the records
    before it are whole. Devices and pipes are refused: they never end.
    """
    out = FileRecords()
    try:
        # Non-blocking, so that opening a pipe with no writer does not hang; a regular file reads as usual.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        handle = os.fdopen(fd, "rb", buffering=1 << 16)
    except OSError as err:
        out.opened = False
        out.skipped.append(Skipped(1, 1, f"cannot read this file ({err.strerror or err}); skipped"))
        return out
    with handle:
        try:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                out.opened = False
                out.skipped.append(Skipped(1, 1, "not a regular file (a device or a pipe?); skipped"))
                return out
            for number, raw, whole in _lines(handle):
                if not whole:
                    out.skipped.append(Skipped(number, 1, f"line longer than {MAX_LINE_BYTES // 1024} KB, "
                                                          "not a results record; skipped"))
                    continue
                record, text, skipped = parse_line(raw, number)
                if skipped is not None:
                    out.skipped.append(skipped)
                elif record is not None:
                    out.records.append((number, record, text))
        except OSError as err:
            out.skipped.append(Skipped(1, 1, f"reading stopped part-way ({err.strerror or err}); "
                                             "the rest of the file skipped"))
    return out
