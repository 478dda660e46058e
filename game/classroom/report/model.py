"""Stage 3 of the report: the report model, the rows every output is made from.

Which answers count: round 1 only (later rounds retry what was missed, for
practice). A learner's score is the sum of their marks over every quiz they
took. The question statistics use each learner's first answer to a question,
so a learner who took the quiz twice counts once (Moodle's statistics from
first attempts). Every pass below walks the answers once, or once per group
built in one walk: 100,000 answers cost seconds, not hours.

No pygame here: the charts are drawn by game/ui/report_charts.py from the
ChartSpec values made below.
"""
from __future__ import annotations

import hashlib
import json
import re
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from ...content.errors import Problem
from .reading import Answer, Collected, Learner, text
from .stats import SCORE_BINS, discrimination_index, facility, score_bins

# Sorts answers with no time after every timed one.
_NEVER = datetime.max.replace(tzinfo=timezone.utc)
_CHART_LIST_LIMIT = 20
PROMPT_SHOWN = 90  # characters of a question's text beside its id
DEFAULT_MASTERY = 80  # percent; the national Level 1 module's pass mark (FACTS.md §4, DSP Toolkit)


@dataclass
class LearnerRow:
    learner: str
    kind: str
    sessions: list[str]
    quizzes: int  # quizzes taken (a quiz step, the terminal or window quiz)
    levels: int  # level runs in which questions were answered
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
    prompt: str  # shortened
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
class CompletionRow:
    """One learner's attempt at one quiz, judged against the mastery score."""

    learner: str
    course: str  # the session's title, or the quiz's banks
    session: str
    quiz_id: str
    completed: datetime | None
    questions: int
    answered: int
    percent: float
    passed: bool
    reference: str  # certificate reference: unique to the attempt, the same in every report


@dataclass
class Report:
    learners: list[LearnerRow]
    questions: list[QuestionRow]
    topics: list[TopicRow]
    completions: list[CompletionRow]
    mastery: int  # percent
    problems: list[Problem]
    files: int
    answers: int
    made_at: datetime
    sessions: list[str]
    first: datetime | None
    last: datetime | None

    @property
    def noun(self) -> str:
        return "teams" if {r.kind for r in self.learners} == {"team"} else "learners"

    @property
    def certificates(self) -> list[CompletionRow]:
        """The attempt each passing learner is certified by: their first pass at each course."""
        chosen: dict[tuple[str, str], CompletionRow] = {}
        for row in sorted((c for c in self.completions if c.passed), key=lambda c: (c.completed or _NEVER,
                                                                                   c.reference)):
            chosen.setdefault((row.learner.casefold(), row.course), row)
        return sorted(chosen.values(), key=lambda c: (c.learner.casefold(), c.course, c.reference))


def build_report(data: Collected, now: datetime | None = None, mastery: int = DEFAULT_MASTERY) -> Report:
    firsts = [a for a in data.answers if a.round == 1]
    # Each learner's first answer to each question, in the order answered.
    firsts.sort(key=lambda a: (a.answered_at or _NEVER, str(a.path), a.line))
    first_by: dict[tuple[Learner, str], Answer] = {}
    for a in firsts:
        first_by.setdefault((a.learner, a.question_id), a)

    mine: dict[Learner, list[Answer]] = {}
    for a in firsts:
        mine.setdefault(a.learner, []).append(a)
    learners = [_learner_row(who, data, answers) for who, answers in mine.items()]
    learners.sort(key=lambda r: (r.learner.casefold(), r.kind))

    totals: dict[Learner, float] = {}
    by_question: dict[str, list[Answer]] = {}
    by_topic: dict[str, list[Answer]] = {}
    for (who, qid), a in first_by.items():
        totals[who] = totals.get(who, 0.0) + a.fraction
        by_question.setdefault(qid, []).append(a)
        by_topic.setdefault(a.topic, []).append(a)
    questions = [_question_row(qid, answers, totals) for qid, answers in by_question.items()]
    questions.sort(key=lambda q: (q.bank_id.casefold(), natural(q.question_id)))
    topics = [TopicRow(t, len({a.question_id for a in ans}), len(ans), 100.0 * sum(a.fraction for a in ans) / len(ans))
              for t, ans in by_topic.items()]
    topics.sort(key=lambda t: t.topic.casefold())

    times = [a.answered_at for a in data.answers if a.answered_at is not None]
    sessions = sorted({s for learner in data.learners.values() for s in learner.sessions})
    return Report(learners=learners, questions=questions, topics=topics,
                  completions=_completions(data, mine, mastery), mastery=mastery, problems=sorted(data.problems),
                  files=len(data.files), answers=len(data.answers), made_at=now or datetime.now().astimezone(),
                  sessions=sessions, first=min(times, default=None), last=max(times, default=None))


def natural(value: str) -> list[Any]:
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", value)]


def shorten(value: str, limit: int = PROMPT_SHOWN) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _by_quiz(answers: list[Answer]) -> dict[str, list[Answer]]:
    grouped: dict[str, list[Answer]] = {}
    for a in answers:
        grouped.setdefault(a.quiz_id, []).append(a)
    return grouped


def _is_level(data: Collected, quiz_id: str) -> bool:
    header = data.headers.get(quiz_id)
    return header is not None and (header.mode == "level" or bool(header.level))


def _questions_set(data: Collected, quiz_id: str, answers: list[Answer]) -> int:
    header = data.headers.get(quiz_id)
    listed = len(header.questions) if header is not None else 0
    return max(listed, len({a.n if a.n is not None else -a.line for a in answers}))


def _learner_row(learner: Learner, data: Collected, mine: list[Answer]) -> LearnerRow:
    questions = quizzes = 0
    level_runs: set[tuple[Path, str]] = set()
    taken = 0.0
    has_taken = False
    for quiz_id, answers in _by_quiz(mine).items():
        if _is_level(data, quiz_id):
            # Each question moment of a level is a one-question quiz in the run's file: one run, one level.
            level_runs.add((data.header_paths[quiz_id], data.headers[quiz_id].level or ""))
        else:
            quizzes += 1
        questions += _questions_set(data, quiz_id, answers)
        span = _quiz_span(answers)
        if span is not None:
            taken += span
            has_taken = True
    times = [a.time_ms for a in mine if a.time_ms is not None]
    # When the first question was put, not when it was answered.
    moments = [a.answered_at - timedelta(milliseconds=a.time_ms or 0) for a in mine if a.answered_at is not None]
    return LearnerRow(
        learner=learner.name, kind=learner.kind, sessions=list(learner.sessions), quizzes=quizzes,
        levels=len(level_runs), questions=questions, answered=sum(1 for a in mine if a.answer is not None),
        skipped=sum(1 for a in mine if a.answer is None), score=sum(a.fraction for a in mine),
        points=sum(a.points for a in mine), time_taken_s=taken if has_taken else None,
        answer_time_s=sum(times) / 1000.0 if times else None, started=min(moments, default=None))


def _quiz_span(answers: list[Answer]) -> float | None:
    """Seconds from the first question being shown to the last answer of one quiz."""
    timed = [a for a in answers if a.answered_at is not None]
    if not timed:
        times = [a.time_ms for a in answers if a.time_ms is not None]
        return sum(times) / 1000.0 if times else None
    first = min(timed, key=lambda a: a.answered_at)
    last = max(timed, key=lambda a: a.answered_at)
    start = first.answered_at.timestamp() - (first.time_ms or 0) / 1000.0
    return max(0.0, last.answered_at.timestamp() - start)


def _question_row(qid: str, answers: list[Answer], totals: dict[Learner, float]) -> QuestionRow:
    # The newest answer speaks for the question's bank, topic and type, should a bank have changed.
    latest = max(answers, key=lambda a: (a.answered_at is not None, a.answered_at or _NEVER))
    marks = [a.fraction for a in answers]
    rest = [totals[a.learner] - a.fraction for a in answers]
    fac = facility(marks)
    disc = discrimination_index(marks, rest)
    times = [a.time_ms for a in answers if a.time_ms is not None]
    choices = _choice_counts(latest.type, answers)
    versions = sorted({a.bank_version for a in answers if a.bank_version}, key=natural)
    prompt = next((a.prompt for a in (latest, *answers) if a.prompt), "")
    return QuestionRow(
        question_id=qid, prompt=shorten(prompt), bank_id=latest.bank_id, bank_versions=versions,
        topic=latest.topic, type=latest.type, difficulty=latest.difficulty, attempts=len(answers), facility=fac,
        discrimination=disc, mean_time_s=statistics.fmean(times) / 1000.0 if times else None, choices=choices,
        correct=_correct_text(latest), skipped=sum(1 for a in answers if a.answer is None),
        notes=_notes(latest, len(answers), fac, disc, choices))


def _notes(latest: Answer, attempts: int, fac: float | None, disc: float | None,
           choices: list[tuple[str, int]]) -> list[str]:
    """What a trainer should look at, and why: each note gives the figure that raised it."""
    notes = []
    if fac is not None and attempts >= 3:
        if fac <= 5:
            notes.append(f"almost nobody got this right (facility {fac:.0f}%): check the answer key and the wording")
        elif fac >= 95:
            notes.append(f"almost everybody got this right (facility {fac:.0f}%): it does not tell learners apart")
    if latest.type in ("single", "true_false") and attempts >= 3 and choices:
        key, picked = max(choices, key=lambda kv: kv[1])
        if picked * 2 > attempts and key not in latest.correct:
            notes.append(f"most learners ({picked} of {attempts}) picked {key}, not the right answer "
                         f"{_correct_text(latest)}: is {key} also right, or does the wording lead there?")
    if disc is not None:
        if disc < 0:
            notes.append(f"negative discrimination ({disc:.0f}): learners who did well on the other questions did "
                         "worse on this one; check the answer key")
        elif disc < 20:
            notes.append(f"weak discrimination ({disc:.0f}, under 20): the mark here hardly follows the mark on "
                         "the other questions")
    return notes


def _choice_counts(kind: str, answers: list[Answer]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    if kind == "order":
        # Every item is "picked" in an ordering, so what tells is the order given.
        for a in answers:
            if a.answer is not None:
                given = "-".join(a.answer)
                counts[given] = counts.get(given, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    # Options are listed whether picked or not; the same few lists repeat, so each is walked once.
    for listed in {tuple(a.shown) for a in answers} | {tuple(a.correct) for a in answers}:
        for k in listed:
            counts.setdefault(k, 0)
    for a in answers:
        if a.answer:
            for k in set(a.answer):
                counts[k] = counts.get(k, 0) + 1
    if kind == "true_false":
        order = {"true": 0, "false": 1}
        return sorted(counts.items(), key=lambda kv: (order.get(kv[0], 2), kv[0]))
    return sorted(counts.items(), key=lambda kv: natural(kv[0]))


def _correct_text(a: Answer) -> str:
    return ("-" if a.type == "order" else ",").join(a.correct)


# --- completion records -----------------------------------------------------------------


def certificate_reference(data: Collected, quiz_id: str) -> str:
    """A reference for one attempt: a digest of its header, which the quiz wrote once and never changes."""
    header = data.headers.get(quiz_id)
    source = header.to_json() if header is not None else {"quiz_id": quiz_id}
    digest = hashlib.sha256(json.dumps(source, sort_keys=True, ensure_ascii=True).encode("ascii")).hexdigest()
    return "RA-" + "-".join(digest[i:i + 4] for i in range(0, 12, 4)).upper()


def _course(data: Collected, quiz_id: str) -> tuple[str, str]:
    header = data.headers.get(quiz_id)
    if header is None:
        return "Reply Allpocalypse quiz", ""
    session = text(header.session)
    if session:
        return text(header.session_title) or session, session
    titles = [text(b.get("title")) or text(b.get("id")) for b in header.banks if isinstance(b, dict)]
    titles = [t for t in titles if t]
    return ("Quiz: " + ", ".join(titles)) if titles else "Reply Allpocalypse quiz", ""


def _completions(data: Collected, firsts_by_learner: dict[Learner, list[Answer]],
                 mastery: int) -> list[CompletionRow]:
    """One row per quiz a person took (not a team's, not a level's single questions)."""
    rows = []
    for learner, answers in firsts_by_learner.items():
        if learner.kind == "team":
            continue
        for quiz_id, mine in _by_quiz(answers).items():
            if _is_level(data, quiz_id):
                continue
            questions = _questions_set(data, quiz_id, mine)
            percent = 100.0 * sum(a.fraction for a in mine) / questions if questions else 0.0
            moments = [a.answered_at for a in mine if a.answered_at is not None]
            course, session = _course(data, quiz_id)
            rows.append(CompletionRow(
                learner=learner.name, course=course, session=session, quiz_id=quiz_id,
                completed=data.finished.get(quiz_id) or max(moments, default=None), questions=questions,
                answered=sum(1 for a in mine if a.answer is not None), percent=percent,
                # rounded as shown, so that 79.996% printed as 80.0% is not a fail
                passed=round(percent, 1) >= mastery, reference=certificate_reference(data, quiz_id)))
    rows.sort(key=lambda r: (r.learner.casefold(), r.completed or _NEVER, r.reference))
    return rows


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


def _bin_label(lo: int, hi: int) -> str:
    return f"{lo}-{min(hi, 101) - 1}%" if hi <= 100 else f"{lo}-100%"


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _listing(items: list[str]) -> str:
    if len(items) <= _CHART_LIST_LIMIT:
        return "; ".join(items) or "none"
    rest = len(items) - _CHART_LIST_LIMIT
    return "; ".join(items[:_CHART_LIST_LIMIT]) + f"; and {rest} more, listed in the questions table"


def chart_specs(report: Report) -> list[ChartSpec]:
    specs: list[ChartSpec] = []
    percents = [r.percent for r in report.learners]
    counts = score_bins(percents)
    labels = [_bin_label(lo, hi) for lo, hi in SCORE_BINS]
    noun = report.noun
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
    rated.sort(key=lambda q: (round(q.facility, 6), natural(q.question_id)))
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
        value_texts=[f"{t.mastery:.0f}%  ({count(t.answers, 'answer')}, {count(t.questions, 'question')})"
                     for t in report.topics],
        axis_label="Mean mark (percent)", count_label="",
        alt=(f"Horizontal bar chart of the mean mark in each of {len(report.topics)} topics: "
             + _listing(items) + ".")))
    return specs
