"""Stage 1 of the report: results files in, usable answers out, grouped once by learner.

Every line goes through the one reader of the record format
(game/quiz/records.py); what cannot be used is kept as a located Problem.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Sequence

from ...content.errors import Problem, display_path
from ...quiz.records import KNOWN_VERSIONS, AnswerRecord, HeaderRecord, SummaryRecord, column_of, read_file
from ...quiz.results import SUFFIX


@dataclass(slots=True)
class Answer:
    """One usable answer record, with the file and line it came from and who gave it."""

    path: Path
    line: int
    quiz_id: str
    learner: Learner
    round: int
    n: int | None
    question_id: str
    prompt: str
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


@dataclass(eq=False)  # compared and hashed by identity: a learner is a key of every grouping
class Learner:
    kind: str  # "player" or "team"
    name: str  # as first seen, for display
    # Dictionaries as ordered sets: one learner may have thousands of quizzes.
    sessions: dict[str, None] = field(default_factory=dict)
    quiz_ids: dict[str, None] = field(default_factory=dict)


@dataclass
class Collected:
    """Everything read from the results files: answers (also by learner), headers, and what was skipped."""

    files: list[Path] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    by_learner: dict[Learner, list[Answer]] = field(default_factory=dict)
    headers: dict[str, HeaderRecord] = field(default_factory=dict)  # by quiz_id
    header_paths: dict[str, Path] = field(default_factory=dict)  # by quiz_id
    finished: dict[str, datetime] = field(default_factory=dict)  # first round's end, by quiz_id
    learners: dict[tuple[str, str], Learner] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _seen: dict[tuple[str, int, int], tuple[str, int]] = field(default_factory=dict)
    _header_at: dict[str, str] = field(default_factory=dict)
    _unknown: set[str] = field(default_factory=set)  # quizzes of a schema version not read
    _who: dict[tuple[str, str | None, str, Path], Learner] = field(default_factory=dict)
    _texts: dict[str, str] = field(default_factory=dict)

    def text(self, value: str | None) -> str:
        """`text(value)`, remembered: a class's answers repeat the same few topics, banks and types."""
        if value is None:
            return ""
        known = self._texts.get(value)
        if known is None:
            known = text(value)
            if len(self._texts) < 100_000:  # bounded: a hostile class could make every text different
                self._texts[value] = known
        return known

    def skip(self, path: Path, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(display_path(path), line, column, message))

    def learner_for(self, quiz_id: str, record: AnswerRecord, path: Path) -> Learner:
        """Who answered: the team when the quiz has one, else the player by name.

        Names are matched without regard to case or spacing. A quiz with no
        name at all belongs to its file: one file, one unnamed learner.
        """
        asked = (quiz_id, record.team, record.player, path)
        learner = self._who.get(asked)
        if learner is None:
            learner = self._who[asked] = self._learner_for(quiz_id, record, path)
        return learner

    def _learner_for(self, quiz_id: str, record: AnswerRecord, path: Path) -> Learner:
        header = self.headers.get(quiz_id)
        team = text(record.team) or text(header.team if header else None)
        if team:
            kind, name = "team", team
        else:
            kind, name = "player", text(header.player if header else None) or text(record.player)
        if name:
            key = (kind, name.casefold())
        else:
            kind, name = "player", f"(no name) {path.stem}"
            key = ("file", str(path))
        learner = self.learners.get(key)
        if learner is None:
            learner = self.learners[key] = Learner(kind, name)
        if quiz_id not in learner.quiz_ids:
            learner.quiz_ids[quiz_id] = None
            session = text(header.session if header else None)
            if session:
                learner.sessions[session] = None
        return learner


def text(value: Any) -> str:
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
            for p in sorted(path.rglob(f"*{SUFFIX}")):
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts):
                    add(p)
        elif path.exists() or path.is_symlink():
            add(path)
        else:
            missing.append(path)
    return found, missing


def read_results(paths: Sequence[Path]) -> Collected:
    """Read every file; skip (and note) what cannot be used, keep the rest."""
    out = Collected()
    for path in paths:
        _read_file(path, out)
    return out


def _read_file(path: Path, out: Collected) -> None:
    found = read_file(path)
    for s in found.skipped:
        out.skip(path, s.line, s.column, s.message)
    if not found.opened:
        return
    out.files.append(path)
    if not found.records:
        if not found.skipped:
            out.skip(path, 1, 1, "no results records in this file; skipped")
        return
    # Headers first: an answer may be read before a header only if lines were
    # reordered by hand, and it should still find its learner.
    shown = display_path(path)  # once a file: resolving a path costs more than reading a record
    for number, record, line in found.records:
        if isinstance(record, HeaderRecord):
            _take_header(path, shown, number, record, line, out)
    answers = 0
    for number, record, line in found.records:
        if isinstance(record, AnswerRecord):
            answers += 1
            _take_answer(path, shown, number, record, out)
        elif isinstance(record, SummaryRecord) and record.round == 1 and record.quiz_id:
            moment = parse_time(record.finished_at)
            if moment is not None:
                out.finished.setdefault(record.quiz_id, moment)
    if not answers:
        out.skip(path, 1, 1, "no answers in this file (a quiz was started but nothing was answered); "
                             "nothing to report from it")


def _take_header(path: Path, shown: str, number: int, record: HeaderRecord, line: str, out: Collected) -> None:
    quiz_id = record.quiz_id
    if record.schema_version not in KNOWN_VERSIONS:
        known = ", ".join(str(v) for v in sorted(KNOWN_VERSIONS))
        out.skip(path, number, column_of(line, "schema_version"),
                 f"results of schema version {record.schema_version}, which this version of replyall does not "
                 f"read (it reads {known}): this quiz's answers skipped; a newer replyall reads them")
        out._unknown.add(quiz_id)
        return
    where = f"{shown}:{number}"
    if quiz_id in out.headers:
        if out._header_at[quiz_id] != where:
            out.skip(path, number, 1, f"header of a quiz already read at {out._header_at[quiz_id]} "
                                      "(a copied file?); line skipped")
        return
    out.headers[quiz_id] = record
    out.header_paths[quiz_id] = path
    out._header_at[quiz_id] = where


def _take_answer(path: Path, shown: str, number: int, r: AnswerRecord, out: Collected) -> None:
    quiz_id = r.quiz_id.strip()
    if not quiz_id or not r.question_id.strip():
        key = "quiz_id" if not quiz_id else "question_id"
        out.skip(path, number, 1, f"answer record: '{key}' is empty; line skipped")
        return
    if quiz_id in out._unknown:
        return  # the header's note covers every answer of the quiz
    if r.n is not None:
        key = (quiz_id, r.round, r.n)
        where = (shown, number)
        first = out._seen.setdefault(key, where)
        if first != where:
            out.skip(path, number, 1, f"repeats the answer already read at {first[0]}:{first[1]} (a copied file?); "
                                      "line skipped")
            return
    version = r.bank_version
    learner = out.learner_for(quiz_id, r, path)
    answer = Answer(
        path=path, line=number, quiz_id=quiz_id, learner=learner, round=r.round, n=r.n,
        question_id=r.question_id.strip(), prompt=out.text(r.prompt), bank_id=out.text(r.bank_id),
        bank_version="" if version is None else str(version), type=out.text(r.type),
        topic=out.text(r.topic) or "(no topic)",
        difficulty=r.difficulty, shown=r.shown, answer=r.answer, correct=r.correct, fraction=r.fraction,
        points=r.points, time_ms=r.time_ms, answered_at=parse_time(r.answered_at))
    out.answers.append(answer)
    out.by_learner.setdefault(learner, []).append(answer)


def parse_time(value: Any) -> datetime | None:
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
