"""The trainer's class report: results files in, tables, chart data and a web page out.

Reads the JSON Lines written by the quiz engine (game/quiz/engine.py), keeps
every usable answer and says what it skipped and why, then works out, per
learner (or team) and per question, what a trainer needs after a session.

Which answers count: round 1 only (later rounds retry what was missed, for
practice). A learner's score is the sum of their marks over every quiz they
took. The question statistics use each learner's first answer to a question,
so a learner who took the quiz twice counts once (Moodle's statistics from
first attempts). Facility and discrimination index follow Moodle's definitions
(question/classes/statistics/questions/calculator.php):

    facility       = mean mark / max mark                (here max mark = 1)
    discrimination = 100 x cov(mark, rest) / sqrt(var(mark) x var(rest))

where `rest` is the learner's total mark on every other question they
answered. Undefined (left empty) with fewer than two learners, or when either
variance is zero.

No pygame here: the charts are drawn by game/ui/report_charts.py from the
ChartSpec values made below.
"""
from __future__ import annotations

import base64
import csv
import html
import io
import json
import math
import re
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

from .. import __version__
from ..content.errors import Problem, display_path
from ..store import StoreError, atomic_write_bytes, atomic_write_text

RESULTS_SUFFIX = ".jsonl"
SUMMARY_CSV = "summary.csv"
QUESTIONS_CSV = "questions.csv"
REPORT_HTML = "report.html"

# A results line is a few hundred bytes; anything far longer is not one, and
# reading it whole could exhaust memory on a training-room PC.
MAX_LINE_BYTES = 1 << 20
_KNOWN_RECORDS = {"header", "answer", "summary"}
_MAX_TIME_MS = 30 * 24 * 3600 * 1000
_CHART_LIST_LIMIT = 20
# Sorts answers with no time after every timed one.
_NEVER = datetime.max.replace(tzinfo=timezone.utc)


# --- what was read ----------------------------------------------------------------------


@dataclass
class Answer:
    """One usable answer record, with where it came from."""

    path: Path
    line: int
    quiz_id: str
    learner: tuple[str, str]  # (kind, key): see Collected.learner_for
    round: int
    n: int | None
    question_id: str
    bank_id: str
    bank_version: str
    type: str
    topic: str
    difficulty: int | None
    shown: list[str]
    answer: list[str] | None
    correct: list[str]
    fraction: float
    points: int
    time_ms: int | None
    answered_at: datetime | None


@dataclass
class Learner:
    kind: str  # "player" or "team"
    name: str  # as first seen, for display
    sessions: list[str] = field(default_factory=list)
    quiz_ids: list[str] = field(default_factory=list)


@dataclass
class Collected:
    """Everything read from the results files: answers, quiz headers, and what was skipped."""

    files: list[Path] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    headers: dict[str, dict[str, Any]] = field(default_factory=dict)  # by quiz_id
    learners: dict[tuple[str, str], Learner] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _seen: dict[tuple[str, int, int], str] = field(default_factory=dict)
    _header_at: dict[str, str] = field(default_factory=dict)

    def skip(self, path: Path, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(display_path(path), line, column, message))

    def learner_for(self, quiz_id: str, record: dict[str, Any], path: Path) -> tuple[str, str]:
        """Who answered: the team when the quiz has one, else the player by name.

        Names are matched without regard to case or spacing. A quiz with no
        name at all belongs to its file: one file, one unnamed learner.
        """
        header = self.headers.get(quiz_id, {})
        team = _text(record.get("team")) or _text(header.get("team"))
        if team:
            kind, name = "team", team
        else:
            kind, name = "player", _text(header.get("player")) or _text(record.get("player"))
        if name:
            key = (kind, " ".join(name.split()).casefold())
        else:
            kind, name = "player", f"(no name) {path.stem}"
            key = ("file", str(path))
        learner = self.learners.get(key)
        if learner is None:
            learner = self.learners[key] = Learner(kind, " ".join(name.split()))
        if quiz_id not in learner.quiz_ids:
            learner.quiz_ids.append(quiz_id)
            session = _text(header.get("session"))
            if session and session not in learner.sessions:
                learner.sessions.append(session)
        return key


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def find_results(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """The results files named or found (recursively, *.jsonl) in folders, each once; and paths
    that do not exist."""
    found: list[Path] = []
    missing: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        try:
            key = p.resolve()
        except OSError:
            key = p.absolute()
        if key not in seen:
            seen.add(key)
            found.append(p)

    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob(f"*{RESULTS_SUFFIX}")):
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts):
                    add(p)
        elif path.exists():
            add(path)
        else:
            missing.append(path)
    return found, missing


def _lines(handle) -> Iterable[tuple[int, bytes, bool]]:
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


def read_results(paths: Sequence[Path]) -> Collected:
    """Read every file; skip (and note) what cannot be used, keep the rest."""
    out = Collected()
    for path in paths:
        _read_file(path, out)
    return out


def _read_file(path: Path, out: Collected) -> None:
    try:
        handle = path.open("rb")
    except OSError as err:
        out.skip(path, 1, 1, f"cannot read this file ({err.strerror or err}); skipped")
        return
    out.files.append(path)
    records: list[tuple[int, dict[str, Any], str]] = []
    try:
        with handle:
            for number, raw, whole in _lines(handle):
                if not whole:
                    out.skip(path, number, 1, f"line longer than {MAX_LINE_BYTES // 1024} KB, not a results "
                                              f"record; skipped")
                    continue
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as err:
                    column = len(raw[: err.start].decode("utf-8", errors="replace")) + 1
                    why = ("the file ends part-way through this line (cut short, e.g. by a crash)"
                           if not raw.endswith(b"\n") else "not UTF-8 text")
                    out.skip(path, number, column, f"{why}; line skipped")
                    continue
                if not text.strip():
                    continue
                try:
                    value = json.loads(text, parse_constant=_refuse_constant)
                except RecursionError:
                    out.skip(path, number, 1, "nested too deeply to be a results record; line skipped")
                    continue
                except ValueError as err:  # JSONDecodeError, or NaN and Infinity refused
                    column = getattr(err, "colno", 1)
                    if not text.endswith("\n"):
                        why = "the file ends part-way through this line (cut short, e.g. by a crash)"
                    else:
                        why = f"not a whole results record ({getattr(err, 'msg', err)})"
                    out.skip(path, number, column, f"{why}; line skipped")
                    continue
                if not isinstance(value, dict):
                    out.skip(path, number, 1, "not a results record (a JSON object was expected); line skipped")
                    continue
                records.append((number, value, text))
    except OSError as err:
        out.skip(path, 1, 1, f"reading stopped part-way ({err.strerror or err}); the rest of the file skipped")
    if not records:
        if not any(p.path == display_path(path) for p in out.problems):
            out.skip(path, 1, 1, "no results records in this file; skipped")
        return
    # Headers first: an answer may be read before a header only if lines were
    # reordered by hand, and it should still find its learner.
    for number, record, text in records:
        if record.get("record") == "header":
            _take_header(path, number, record, text, out)
    before = len(out.answers)
    for number, record, text in records:
        kind = record.get("record")
        if kind == "answer":
            _take_answer(path, number, record, text, out)
        elif not isinstance(kind, str) or kind not in _KNOWN_RECORDS:
            label = f"'{kind}'" if isinstance(kind, str) else "missing"
            out.skip(path, number, _column_of(text, "record"), f"record type {label} is not known; line skipped")
    if len(out.answers) == before and not any(r.get("record") == "answer" for _, r, _ in records):
        out.skip(path, 1, 1, "no answers in this file (a quiz was started but nothing was answered); "
                             "nothing to report from it")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a results file can hold")


def _column_of(text: str, key: str) -> int:
    at = text.find(f'"{key}"')
    return at + 1 if at >= 0 else 1


def _take_header(path: Path, number: int, record: dict[str, Any], text: str, out: Collected) -> None:
    quiz_id = record.get("quiz_id")
    if not isinstance(quiz_id, str) or not quiz_id:
        out.skip(path, number, _column_of(text, "quiz_id"), "header without a quiz_id; line skipped")
        return
    where = f"{display_path(path)}:{number}"
    if quiz_id in out.headers:
        if out._header_at[quiz_id] != where:
            out.skip(path, number, 1, f"header of a quiz already read at {out._header_at[quiz_id]} "
                                      "(a copied file?); line skipped")
        return
    out.headers[quiz_id] = record
    out._header_at[quiz_id] = where


class _Bad(Exception):
    def __init__(self, key: str, message: str):
        self.key, self.message = key, message


def _take_answer(path: Path, number: int, r: dict[str, Any], text: str, out: Collected) -> None:
    try:
        quiz_id = _need_str(r, "quiz_id")
        question_id = _need_str(r, "question_id")
        fraction = r.get("fraction")
        if not _is_number(fraction) or not 0 <= fraction <= 1:
            raise _Bad("fraction", "the mark ('fraction') is missing or not a number from 0 to 1")
        round_ = _opt_int(r, "round", 1, minimum=1)
        n = _opt_int(r, "n", None, minimum=1)
        time_ms = _opt_int(r, "time_ms", None, minimum=0)
        if time_ms is not None and time_ms > _MAX_TIME_MS:
            raise _Bad("time_ms", "'time_ms' is longer than a question can stay open (30 days)")
        points = _opt_int(r, "points", 0, minimum=0)
        difficulty = _opt_int(r, "difficulty", None, minimum=1)
        shown = _str_list(r, "shown", [])
        answer = None if r.get("answer") is None else _str_list(r, "answer", [])
        correct = _str_list(r, "correct", [])
    except _Bad as bad:
        out.skip(path, number, _column_of(text, bad.key), f"answer record: {bad.message}; line skipped")
        return
    if n is not None:
        key = (quiz_id, round_, n)
        where = f"{display_path(path)}:{number}"
        first = out._seen.setdefault(key, where)
        if first != where:
            out.skip(path, number, 1, f"repeats the answer already read at {first} (a copied file?); line skipped")
            return
    version = r.get("bank_version")
    out.answers.append(Answer(
        path=path, line=number, quiz_id=quiz_id, learner=out.learner_for(quiz_id, r, path),
        round=round_, n=n, question_id=question_id,
        bank_id=_text(r.get("bank_id")), bank_version="" if version is None or isinstance(version, bool)
        else str(version), type=_text(r.get("type")), topic=_text(r.get("topic")) or "(no topic)",
        difficulty=difficulty, shown=shown, answer=answer, correct=correct, fraction=float(fraction),
        points=points, time_ms=time_ms, answered_at=_parse_time(r.get("answered_at"))))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _need_str(r: dict[str, Any], key: str) -> str:
    value = r.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _Bad(key, f"'{key}' is missing or empty")
    return value.strip()


def _opt_int(r: dict[str, Any], key: str, default: Any, minimum: int) -> Any:
    value = r.get(key)
    if value is None:
        return default
    if not _is_number(value) or value != int(value) or value < minimum:
        raise _Bad(key, f"'{key}' should be a whole number of at least {minimum}")
    return int(value)


def _str_list(r: dict[str, Any], key: str, default: list[str]) -> list[str]:
    value = r.get(key)
    if value is None:
        return list(default)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Bad(key, f"'{key}' should be a list of option keys")
    return list(value)


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if not 1970 < moment.year < 9999:  # also keeps date arithmetic clear of datetime's limits
        return None
    try:
        return moment if moment.tzinfo is not None else moment.astimezone()
    except (OverflowError, OSError, ValueError):
        return None


# --- the statistics ---------------------------------------------------------------------


def facility(marks: Sequence[float], max_mark: float = 1.0) -> float | None:
    """Moodle's facility index as a percentage: mean mark over max mark."""
    if not marks or max_mark <= 0:
        return None
    return 100.0 * (sum(marks) / len(marks)) / max_mark


def discrimination_index(marks: Sequence[float], rest: Sequence[float]) -> float | None:
    """Moodle's discrimination index: 100 x the Pearson correlation of the item mark with the
    rest-of-test mark. None when there are fewer than two learners or either mark does not vary."""
    n = len(marks)
    if n != len(rest) or n < 2:
        return None
    mean_x = sum(marks) / n
    mean_y = sum(rest) / n
    dx = [x - mean_x for x in marks]
    dy = [y - mean_y for y in rest]
    var_x = sum(d * d for d in dx)
    var_y = sum(d * d for d in dy)
    # Marks are sums of fractions written to four places, so "no variance" can
    # come back as rounding dust rather than an exact zero.
    if var_x <= 1e-12 or var_y <= 1e-12:
        return None
    value = 100.0 * sum(a * b for a, b in zip(dx, dy)) / math.sqrt(var_x * var_y)
    return max(-100.0, min(100.0, value))


@dataclass
class LearnerRow:
    learner: str
    kind: str
    sessions: list[str]
    quizzes: int
    questions: int  # set in their quizzes (round 1), answered or not
    answered: int
    skipped: int  # shown but no answer (skipped, or the time ran out)
    score: float
    points: int
    time_taken_s: float | None  # first question shown to last answer, summed over quizzes
    answer_time_s: float | None  # sum of the time spent on each answer
    started: datetime | None

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.questions if self.questions else 0.0


@dataclass
class QuestionRow:
    question_id: str
    bank_id: str
    bank_versions: list[str]
    topic: str
    type: str
    difficulty: int | None
    attempts: int  # learners whose first answer is counted
    facility: float | None
    discrimination: float | None
    mean_time_s: float | None
    choices: list[tuple[str, int]]  # (key or order, times picked)
    correct: str
    skipped: int
    notes: list[str]

    @property
    def choices_text(self) -> str:
        return "; ".join(f"{k}:{v}" for k, v in self.choices)


@dataclass
class TopicRow:
    topic: str
    questions: int
    answers: int
    mastery: float  # mean mark, percent


@dataclass
class Report:
    learners: list[LearnerRow]
    questions: list[QuestionRow]
    topics: list[TopicRow]
    problems: list[Problem]
    files: int
    answers: int
    made_at: datetime
    sessions: list[str]
    first: datetime | None
    last: datetime | None


def build_report(data: Collected, now: datetime | None = None) -> Report:
    firsts = [a for a in data.answers if a.round == 1]
    # Each learner's first answer to each question, in the order answered.
    firsts.sort(key=lambda a: (a.answered_at or _NEVER, str(a.path), a.line))
    first_by: dict[tuple[tuple[str, str], str], Answer] = {}
    for a in firsts:
        first_by.setdefault((a.learner, a.question_id), a)

    learners = [_learner_row(key, data, firsts) for key in data.learners]
    learners = [row for row in learners if row is not None]
    learners.sort(key=lambda r: (r.learner.casefold(), r.kind))

    totals: dict[tuple[str, str], float] = {}
    for (who, _), a in first_by.items():
        totals[who] = totals.get(who, 0.0) + a.fraction
    by_question: dict[str, list[Answer]] = {}
    for (_, qid), a in first_by.items():
        by_question.setdefault(qid, []).append(a)
    questions = [_question_row(qid, answers, totals) for qid, answers in by_question.items()]
    questions.sort(key=lambda q: (q.bank_id.casefold(), _natural(q.question_id)))

    by_topic: dict[str, list[Answer]] = {}
    for a in first_by.values():
        by_topic.setdefault(a.topic, []).append(a)
    topics = [TopicRow(t, len({a.question_id for a in ans}), len(ans), 100.0 * sum(a.fraction for a in ans) / len(ans))
              for t, ans in by_topic.items()]
    topics.sort(key=lambda t: t.topic.casefold())

    times = [a.answered_at for a in data.answers if a.answered_at is not None]
    sessions: list[str] = []
    for learner in data.learners.values():
        for s in learner.sessions:
            if s not in sessions:
                sessions.append(s)
    return Report(learners=learners, questions=questions, topics=topics, problems=sorted(data.problems),
                  files=len(data.files), answers=len(data.answers), made_at=now or datetime.now().astimezone(),
                  sessions=sorted(sessions), first=min(times, default=None), last=max(times, default=None))


def _natural(text: str) -> list[Any]:
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def _learner_row(key: tuple[str, str], data: Collected, firsts: list[Answer]) -> LearnerRow | None:
    learner = data.learners[key]
    mine = [a for a in firsts if a.learner == key]
    if not mine:
        return None  # only retry rounds were read: nothing to score
    quiz_ids = list(dict.fromkeys(a.quiz_id for a in mine))
    questions = 0
    taken = 0.0
    has_taken = False
    for qid in quiz_ids:
        answers = [a for a in mine if a.quiz_id == qid]
        listed = data.headers.get(qid, {}).get("questions")
        count = len(listed) if isinstance(listed, list) else 0
        questions += max(count, len({a.n if a.n is not None else -a.line for a in answers}))
        span = _quiz_span(answers)
        if span is not None:
            taken += span
            has_taken = True
    times = [a.time_ms for a in mine if a.time_ms is not None]
    # When the first question was put, not when it was answered.
    moments = [a.answered_at - timedelta(milliseconds=a.time_ms or 0) for a in mine if a.answered_at is not None]
    return LearnerRow(
        learner=learner.name, kind=learner.kind, sessions=list(learner.sessions), quizzes=len(quiz_ids),
        questions=questions, answered=sum(1 for a in mine if a.answer is not None),
        skipped=sum(1 for a in mine if a.answer is None), score=sum(a.fraction for a in mine),
        points=sum(a.points for a in mine), time_taken_s=taken if has_taken else None,
        answer_time_s=sum(times) / 1000.0 if times else None, started=min(moments, default=None))


def _quiz_span(answers: list[Answer]) -> float | None:
    """Seconds from the first question being shown to the last answer of one quiz."""
    timed = [a for a in answers if a.answered_at is not None]
    if not timed:
        times = [a.time_ms for a in answers if a.time_ms is not None]
        return sum(times) / 1000.0 if times else None
    timed.sort(key=lambda a: a.answered_at)
    start = timed[0].answered_at.timestamp() - (timed[0].time_ms or 0) / 1000.0
    return max(0.0, timed[-1].answered_at.timestamp() - start)


def _question_row(qid: str, answers: list[Answer], totals: dict[tuple[str, str], float]) -> QuestionRow:
    # The newest answer speaks for the question's bank, topic and type, should a bank have changed.
    latest = max(answers, key=lambda a: (a.answered_at is not None, a.answered_at or _NEVER))
    marks = [a.fraction for a in answers]
    rest = [totals[a.learner] - a.fraction for a in answers]
    fac = facility(marks)
    disc = discrimination_index(marks, rest)
    times = [a.time_ms for a in answers if a.time_ms is not None]
    notes = []
    if fac is not None and len(answers) >= 3:
        if fac <= 5:
            notes.append("almost nobody got this right: check the answer and the wording")
        elif fac >= 95:
            notes.append("almost everybody got this right")
    if disc is not None:
        if disc < 0:
            notes.append("negative discrimination: learners who did well overall did worse here; check it")
        elif disc < 20:
            notes.append("weak discrimination")
    versions = sorted({a.bank_version for a in answers if a.bank_version}, key=_natural)
    return QuestionRow(
        question_id=qid, bank_id=latest.bank_id, bank_versions=versions, topic=latest.topic, type=latest.type,
        difficulty=latest.difficulty, attempts=len(answers), facility=fac, discrimination=disc,
        mean_time_s=statistics.fmean(times) / 1000.0 if times else None,
        choices=_choice_counts(latest.type, answers), correct=_correct_text(latest),
        skipped=sum(1 for a in answers if a.answer is None), notes=notes)


def _choice_counts(kind: str, answers: list[Answer]) -> list[tuple[str, int]]:
    if kind == "order":
        # Every item is "picked" in an ordering, so what tells is the order given.
        counts: dict[str, int] = {}
        for a in answers:
            if a.answer is not None:
                text = "-".join(a.answer)
                counts[text] = counts.get(text, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    keys: list[str] = []
    for a in answers:
        for k in [*a.shown, *a.correct, *(a.answer or [])]:
            if k not in keys:
                keys.append(k)
    if kind == "true_false":
        keys.sort(key=lambda k: {"true": 0, "false": 1}.get(k, 2))
    else:
        keys.sort(key=_natural)
    counts = {k: 0 for k in keys}
    for a in answers:
        for k in set(a.answer or []):
            counts[k] += 1
    return list(counts.items())


def _correct_text(a: Answer) -> str:
    return ("-" if a.type == "order" else ",").join(a.correct)


# --- charts (drawn elsewhere) -------------------------------------------------------------


@dataclass
class ChartSpec:
    """What one chart shows; game/ui/report_charts.py draws it."""

    name: str  # file name, without .png
    kind: str  # "histogram" (vertical bars) or "bars" (horizontal bars)
    title: str
    subtitle: str
    labels: list[str]
    values: list[float]  # 0..100 for "bars"; counts for "histogram"
    value_texts: list[str]
    axis_label: str
    count_label: str  # histogram: what the bar heights count
    alt: str


SCORE_BINS = [(0, 10), (10, 20), (20, 30), (30, 40), (40, 50), (50, 60), (60, 70), (70, 80), (80, 90), (90, 101)]


def score_bins(percents: Sequence[float]) -> list[int]:
    """How many learners fall in each tenth (0-9, 10-19, ..., 90-100)."""
    counts = [0] * len(SCORE_BINS)
    for p in percents:
        p = max(0.0, min(100.0, p))
        index = min(int(p // 10), len(SCORE_BINS) - 1)
        counts[index] += 1
    return counts


def _bin_label(lo: int, hi: int) -> str:
    return f"{lo}-{min(hi, 101) - 1}%" if hi <= 100 else f"{lo}-100%"


def chart_specs(report: Report) -> list[ChartSpec]:
    specs: list[ChartSpec] = []
    percents = [r.percent for r in report.learners]
    counts = score_bins(percents)
    labels = [_bin_label(lo, hi) for lo, hi in SCORE_BINS]
    noun = _learner_noun(report)
    mean = statistics.fmean(percents) if percents else 0.0
    described = ", ".join(f"{label}: {c}" for label, c in zip(labels, counts) if c)
    specs.append(ChartSpec(
        name="score-distribution", kind="histogram",
        title=f"Score distribution: {len(percents)} {noun}",
        subtitle=f"Each bar counts {noun} whose score falls in that band. Mean score {mean:.0f}%.",
        labels=labels, values=[float(c) for c in counts], value_texts=[str(c) for c in counts],
        axis_label="Score (percent of the questions set)", count_label=noun.capitalize(),
        alt=(f"Histogram of the scores of {len(percents)} {noun}, in bands of ten percent; mean {mean:.0f}%. "
             f"{noun.capitalize()} per band: {described or 'none'}.")))

    rated = [q for q in report.questions if q.facility is not None]
    # Rounded, so that marks stored to four places do not split ties.
    rated.sort(key=lambda q: (round(q.facility, 6), _natural(q.question_id)))
    items = [f"{q.question_id} {q.facility:.0f}%" for q in rated]
    specs.append(ChartSpec(
        name="facility", kind="bars", title="Facility per question, hardest first",
        subtitle="Mean mark as a percentage of the maximum (Moodle's facility index); low means hard.",
        labels=[q.question_id for q in rated], values=[q.facility for q in rated],
        value_texts=[f"{q.facility:.0f}%  ({q.attempts} answered)" for q in rated],
        axis_label="Facility (percent)", count_label="",
        alt=(f"Horizontal bar chart of the facility of {len(rated)} questions, hardest first: "
             + _listing(items) + ".")))

    items = [f"{t.topic} {t.mastery:.0f}%" for t in report.topics]
    specs.append(ChartSpec(
        name="topic-mastery", kind="bars", title="Mastery per topic",
        subtitle="Mean mark on the topic's questions, as a percentage of the maximum.",
        labels=[t.topic for t in report.topics], values=[t.mastery for t in report.topics],
        value_texts=[f"{t.mastery:.0f}%  ({_count(t.answers, 'answer')}, {_count(t.questions, 'question')})"
                     for t in report.topics],
        axis_label="Mean mark (percent)", count_label="",
        alt=(f"Horizontal bar chart of the mean mark in each of {len(report.topics)} topics: "
             + _listing(items) + ".")))
    return specs


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _listing(items: list[str]) -> str:
    if len(items) <= _CHART_LIST_LIMIT:
        return "; ".join(items) or "none"
    rest = len(items) - _CHART_LIST_LIMIT
    return "; ".join(items[:_CHART_LIST_LIMIT]) + f"; and {rest} more, listed in the questions table"


def _learner_noun(report: Report) -> str:
    kinds = {r.kind for r in report.learners}
    return "teams" if kinds == {"team"} else "learners"


# --- CSV --------------------------------------------------------------------------------

SUMMARY_COLUMNS = ["learner", "kind", "session", "quizzes", "questions", "answered", "skipped", "score",
                   "percent", "points", "time_taken_s", "answer_time_s", "started"]
QUESTION_COLUMNS = ["question_id", "bank_id", "bank_version", "topic", "type", "difficulty", "attempts",
                    "facility", "discrimination", "mean_time_s", "choices", "correct", "skipped", "notes"]


def _cell(value: Any) -> Any:
    # A name typed as "=HYPERLINK(...)" must stay text when the CSV is opened
    # in a spreadsheet, not become a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _num(value: float | None, places: int) -> str:
    if value is None:
        return ""
    text = f"{value:.{places}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    # "\n": the file is written in text mode, which gives Windows its \r\n.
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    # A byte-order mark makes Excel read the file as UTF-8 (names with accents).
    return "\ufeff" + buffer.getvalue()


def summary_csv(report: Report) -> str:
    rows: list[list[Any]] = [SUMMARY_COLUMNS]
    for r in report.learners:
        rows.append([_cell(r.learner), r.kind, _cell("; ".join(r.sessions)), r.quizzes, r.questions, r.answered,
                     r.skipped, _num(r.score, 2), _num(r.percent, 1), r.points, _num(r.time_taken_s, 1),
                     _num(r.answer_time_s, 1), r.started.isoformat(timespec="seconds") if r.started else ""])
    return _csv(rows)


def questions_csv(report: Report) -> str:
    rows: list[list[Any]] = [QUESTION_COLUMNS]
    for q in report.questions:
        rows.append([_cell(q.question_id), _cell(q.bank_id), _cell("; ".join(q.bank_versions)), _cell(q.topic),
                     _cell(q.type),
                     "" if q.difficulty is None else q.difficulty, q.attempts, _num(q.facility, 1),
                     _num(q.discrimination, 1), _num(q.mean_time_s, 1), _cell(q.choices_text), _cell(q.correct),
                     q.skipped, "; ".join(q.notes)])
    return _csv(rows)


# --- the web page -----------------------------------------------------------------------

_CSS = """
body{font-family:Arial,Helvetica,sans-serif;color:#231f20;background:#fff;margin:0;line-height:1.5;font-size:16px}
header{background:#005eb8;color:#fff;padding:1rem 2rem}
header h1{margin:0;font-size:1.8rem}
header p{margin:.25rem 0 0}
main{padding:1rem 2rem 3rem;max-width:75rem}
h2{color:#003087;border-bottom:2px solid #005eb8;padding-bottom:.2rem;margin-top:2.5rem}
nav ul{padding-left:1.2rem}
a{color:#005eb8}
a:focus{background:#ffb81c;color:#231f20;outline:3px solid #231f20}
.figures{display:flex;flex-wrap:wrap;gap:1rem;padding:0;list-style:none}
.figures li{background:#f0f4f5;border-left:6px solid #005eb8;padding:.6rem 1rem;min-width:9rem}
.figures b{display:block;font-size:1.6rem}
.wide{overflow-x:auto}
table{border-collapse:collapse;margin:1rem 0;font-size:.95rem}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid #768692;padding:.3rem .6rem;text-align:left;vertical-align:top}
thead th{background:#e8edee}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody tr:nth-child(even){background:#f0f4f5}
figure{margin:1.5rem 0}
figure img{max-width:100%;height:auto;border:1px solid #e8edee}
figcaption{color:#425563}
.note{background:#fff9c4;border-left:6px solid #ffb81c;padding:.6rem 1rem}
.ok{border-left:6px solid #007f3b;background:#f0f4f5;padding:.6rem 1rem}
code{font-family:Consolas,monospace;font-size:.95em}
dt{font-weight:bold;margin-top:.6rem}
@media print{header{background:none;color:#231f20}figure{break-inside:avoid}a{color:#231f20}}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def _td(value: Any, numeric: bool = False) -> str:
    return f'<td class="n">{_e(value)}</td>' if numeric else f"<td>{_e(value)}</td>"


def _table(caption: str, head: list[tuple[str, bool]], rows: list[list[Any]]) -> str:
    parts = [f'<div class="wide"><table><caption>{_e(caption)}</caption><thead><tr>']
    parts += [f'<th scope="col">{_e(h)}</th>' for h, _ in head]
    parts.append("</tr></thead><tbody>")
    for row in rows:
        parts.append("<tr>" + "".join(_td(v, numeric) for v, (_, numeric) in zip(row, head)) + "</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)


def report_html(report: Report, charts: Sequence[tuple[ChartSpec, bytes | None]], chart_note: str = "") -> str:
    """The report as one web page: tables, charts as data: URIs, no scripts, no links out."""
    noun = _learner_noun(report)
    percents = [r.percent for r in report.learners]
    period = ""
    if report.first and report.last:
        a = report.first.strftime("%d %b %Y %H:%M")
        same_day = report.first.date() == report.last.date()
        b = report.last.strftime("%H:%M" if same_day else "%d %b %Y %H:%M")
        period = a if a.endswith(b) else f"{a} to {b}"
    title = "Class report" + (f": {', '.join(report.sessions)}" if report.sessions else "")
    out: list[str] = [
        "<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f"<header><h1>{_e(title)}</h1>",
        f"<p>{_e(period + ' · ' if period else '')}made {_e(report.made_at.strftime('%d %b %Y %H:%M'))} "
        f"by replyall {_e(__version__)} from {report.files} results file{'s' * (report.files != 1)}</p></header>",
        "<main>",
        '<nav aria-label="Contents"><ul><li><a href="#figures">Key figures</a></li>'
        '<li><a href="#charts">Charts</a></li><li><a href="#summary">Scores</a></li>'
        '<li><a href="#questions">Questions</a></li><li><a href="#topics">Topics</a></li>'
        '<li><a href="#reading">How to read the statistics</a></li>'
        '<li><a href="#skipped">Skipped input</a></li></ul></nav>',
    ]
    if report.problems:
        out.append(f'<p class="note">{len(report.problems)} line{"s" * (len(report.problems) != 1)} or file'
                   f'{"s" * (len(report.problems) != 1)} could not be used and '
                   f'{"were" if len(report.problems) != 1 else "was"} left out: see '
                   '<a href="#skipped">Skipped input</a>. Everything else is in this report.</p>')

    figures = [(str(len(report.learners)), noun.capitalize()), (str(len(report.questions)), "Questions"),
               (str(report.answers), "Answers read"),
               (f"{statistics.fmean(percents):.0f}%" if percents else "-", "Mean score"),
               (f"{statistics.median(percents):.0f}%" if percents else "-", "Median score")]
    out.append('<h2 id="figures">Key figures</h2><ul class="figures">'
               + "".join(f"<li><b>{_e(v)}</b>{_e(k)}</li>" for v, k in figures) + "</ul>")

    out.append('<h2 id="charts">Charts</h2>')
    if chart_note:
        out.append(f'<p class="note">{_e(chart_note)}</p>')
    for spec, png in charts:
        if png is None:
            out.append(f"<p>{_e(spec.title)}: not drawn. {_e(spec.alt)}</p>")
            continue
        data = base64.b64encode(png).decode("ascii")
        out.append(f'<figure><img src="data:image/png;base64,{data}" alt="{_e(spec.alt)}">'
                   f"<figcaption>{_e(spec.title)}. {_e(spec.subtitle)} The same figures are in the tables "
                   f"below.</figcaption></figure>")

    rows = [[r.learner, r.kind, "; ".join(r.sessions), r.quizzes, r.questions, r.answered, r.skipped,
             _num(r.score, 2), f"{r.percent:.0f}%", r.points, _duration(r.time_taken_s),
             _duration(r.answer_time_s)] for r in report.learners]
    out.append(f'<h2 id="summary">Scores by {"team" if noun == "teams" else "learner"}</h2>')
    out.append("<p>Score is the sum of the marks (1 for a right answer, part marks for partly right ones) over "
               "the questions set in the first round; percent is of the questions set, so a question left "
               "unanswered counts as 0. Time taken runs from the first question shown to the last answer.</p>")
    out.append(_table(f"Scores of {len(rows)} {noun}", [
        ("Name", False), ("Kind", False), ("Session", False), ("Quizzes", True), ("Questions", True),
        ("Answered", True), ("Skipped or timed out", True), ("Score", True), ("Percent", True), ("Points", True),
        ("Time taken", True), ("Answer time", True)], rows))

    rows = [[q.question_id, q.bank_id, "; ".join(q.bank_versions), q.topic, q.type,
             "" if q.difficulty is None else q.difficulty, q.attempts,
             "" if q.facility is None else f"{q.facility:.0f}%",
             "" if q.discrimination is None else f"{q.discrimination:.0f}",
             "" if q.mean_time_s is None else f"{q.mean_time_s:.1f} s",
             q.choices_text, q.correct, "; ".join(q.notes)] for q in report.questions]
    out.append('<h2 id="questions">Questions</h2>')
    out.append("<p>Each learner's first answer to each question is counted. Choices are the bank's option "
               "keys (the letters in the question bank, whatever order they were shown in); for ordering "
               "questions, each order given, by item number.</p>")
    out.append(_table(f"Statistics of {len(rows)} questions", [
        ("Question", False), ("Bank", False), ("Version", False), ("Topic", False), ("Type", False),
        ("Difficulty", True), ("Attempts", True), ("Facility", True), ("Discrimination", True),
        ("Mean time", True), ("Choices picked", False), ("Right answer", False), ("Check", False)], rows))

    rows = [[t.topic, t.questions, t.answers, f"{t.mastery:.0f}%"] for t in report.topics]
    out.append('<h2 id="topics">Topics</h2>')
    out.append(_table("Mean mark per topic", [("Topic", False), ("Questions", True), ("Answers", True),
                                              ("Mean mark", True)], rows))

    out.append('<h2 id="reading">How to read the statistics</h2><dl>'
               "<dt>Facility</dt><dd>The mean mark on the question as a percentage of the maximum, as "
               "Moodle defines its facility index. 100% means everyone got it right; a low figure means a hard "
               "question, or one whose answer key or wording needs checking.</dd>"
               "<dt>Discrimination</dt><dd>How well the question separates learners who did well overall "
               "from those who did not: 100 times the correlation between the mark on this question and the "
               "mark on all the other questions, as Moodle defines its discrimination index (from -100 to "
               "100). High positive values are good; values near zero mean the question does not tell "
               "learners apart; negative values mean stronger learners tended to get it wrong, which often "
               "points to a mistake in the question. It is left empty when fewer than two learners answered "
               "or when everyone scored the same. With a small class, read it as a hint, not a verdict.</dd>"
               "<dt>Points</dt><dd>Game points (base points by difficulty, a speed factor when timed, streak "
               "bonuses); the score and facility use marks, not points.</dd></dl>")

    out.append('<h2 id="skipped">Skipped input</h2>')
    if report.problems:
        out.append("<p>These could not be used and were left out; the rest of each file was used.</p>")
        out.append(_table(f"{len(report.problems)} skipped", [
            ("File", False), ("Line", True), ("Column", True), ("What was skipped and why", False)],
            [[p.path, p.line, p.column, p.message] for p in report.problems]))
    else:
        out.append('<p class="ok">Nothing was skipped: every line of every file was read.</p>')
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


# --- writing ----------------------------------------------------------------------------


def write_report(report: Report, out_dir: Path, charts: Sequence[tuple[ChartSpec, bytes | None]],
                 chart_note: str = "") -> list[Path]:
    """Write every file of the report into `out_dir`; raises StoreError when one cannot be written."""
    written: list[Path] = []
    for name, text in ((SUMMARY_CSV, summary_csv(report)), (QUESTIONS_CSV, questions_csv(report))):
        atomic_write_text(out_dir / name, text)
        written.append(out_dir / name)
    for spec, png in charts:
        if png is not None:
            atomic_write_bytes(out_dir / f"{spec.name}.png", png)
            written.append(out_dir / f"{spec.name}.png")
    # The page last: once it is there, everything it describes is too.
    atomic_write_text(out_dir / REPORT_HTML, report_html(report, charts, chart_note))
    written.append(out_dir / REPORT_HTML)
    return written
