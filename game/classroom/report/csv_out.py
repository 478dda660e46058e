"""Stage 4 of the report: the CSV files, inert in Excel, LibreOffice and Python's csv module.

Every text cell goes through `cell`: line breaks of any kind become spaces (a
reader that ends rows at a bare CR, as some do, would otherwise start a new
row mid-cell), and a cell that would start with a formula character is
prefixed with ', as OWASP advises. Figures the report computed are Decimals
and are written as they are, so "-12.5" stays a number.
"""
from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import Any

from .model import Report

SUMMARY_COLUMNS = ["learner", "kind", "session", "quizzes", "levels", "questions", "answered", "skipped", "score",
                   "percent", "points", "time_taken_s", "answer_time_s", "started"]
QUESTION_COLUMNS = ["question_id", "question", "bank_id", "bank_version", "topic", "type", "difficulty", "attempts",
                    "facility", "discrimination", "mean_time_s", "choices", "correct", "skipped", "notes"]
COMPLETION_COLUMNS = ["learner", "course", "session", "date", "completed_at", "score_percent", "mastery_percent",
                      "result", "questions", "answered", "certificate_reference", "certificate_file", "quiz_id"]

# Every character str.splitlines() ends a line at, which covers what Excel, LibreOffice and csv split on.
_LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# The rest of C0 and C1, so that no cell carries a control character into a spreadsheet.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def cell(value: str) -> str:
    """A text cell that a spreadsheet shows as text: one line, never a formula."""
    value = _CONTROLS.sub("", _LINE_BREAKS.sub(" ", value))
    return "'" + value if value.startswith(_FORMULA_START) else value


def num(value: float | None, places: int) -> Decimal | str:
    if value is None:
        return ""
    figure = Decimal(f"{value:.{places}f}")
    return abs(figure) if figure == 0 else figure  # never "-0.0"


def to_csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    # "\n": the file is written in binary, as UTF-8; Excel and LibreOffice read \n rows.
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([cell(v) if isinstance(v, str) else v for v in row])
    # A byte-order mark makes Excel read the file as UTF-8 (names with accents).
    return "\ufeff" + buffer.getvalue()


def summary_csv(report: Report) -> str:
    rows: list[list[Any]] = [SUMMARY_COLUMNS]
    for r in report.learners:
        rows.append([r.learner, r.kind, "; ".join(r.sessions), r.quizzes, r.levels, r.questions, r.answered,
                     r.skipped, num(r.score, 2), num(r.percent, 1), r.points, num(r.time_taken_s, 1),
                     num(r.answer_time_s, 1), r.started.isoformat(timespec="seconds") if r.started else ""])
    return to_csv(rows)


def questions_csv(report: Report) -> str:
    rows: list[list[Any]] = [QUESTION_COLUMNS]
    for q in report.questions:
        rows.append([q.question_id, q.prompt, q.bank_id, "; ".join(q.bank_versions), q.topic, q.type,
                     "" if q.difficulty is None else q.difficulty, q.attempts, num(q.facility, 1),
                     num(q.discrimination, 1), num(q.mean_time_s, 1), q.choices_text, q.correct, q.skipped,
                     "; ".join(q.notes)])
    return to_csv(rows)


def completions_csv(report: Report, certificate_files: dict[str, str]) -> str:
    """One row per attempt; `certificate_files` maps a reference to its certificate's path in the report."""
    rows: list[list[Any]] = [COMPLETION_COLUMNS]
    for c in report.completions:
        rows.append([c.learner, c.course, c.session, c.completed.date().isoformat() if c.completed else "",
                     c.completed.isoformat(timespec="seconds") if c.completed else "", num(c.percent, 1),
                     report.mastery, "pass" if c.passed else "fail", c.questions, c.answered, c.reference,
                     certificate_files.get(c.reference, ""), c.quiz_id])
    return to_csv(rows)
