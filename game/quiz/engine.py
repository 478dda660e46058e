"""A quiz in progress: the one engine behind the terminal quiz, the graphical quiz and the classroom.

It never reads a clock, prints or draws: the caller measures how long the
learner took and passes it in, and shows what the engine returns. Every answer
is written to the results before `submit` returns.

    quiz = Quiz(select(load_banks(), QuizOptions(count=5)), writer=ResultsWriter.create(folder))
    while (shown := quiz.current) is not None:
        outcome = quiz.submit(["b"], elapsed_ms=4200)   # keys from shown.options
    quiz.results(); quiz.review(); quiz.retry_missed(); quiz.close()
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any, Callable, Protocol, Sequence

from .. import __version__
from . import scoring
from .records import MAX_PROMPT, AnswerRecord, HeaderRecord, Record, SummaryRecord
from .results import SCHEMA_VERSION, clean_player, now_iso
from .scoring import Score, score_answer
from .select import Option, Presented, Selection, present


class Writer(Protocol):
    path: Any

    def write(self, record: Record) -> None: ...

    def close(self) -> None: ...


class InvalidAnswer(ValueError):
    """An answer that cannot be scored (wrong keys, an order missing items); it is not counted."""


@dataclass(frozen=True)
class Outcome:
    """What one answer earned, and what to tell the learner about it."""

    presented: Presented
    round: int
    number: int  # 1-based, within the round
    answer: tuple[str, ...] | None  # None: skipped, or no answer before time ran out
    score: Score
    time_ms: int
    answered_at: str
    total_points: int  # the round's points so far, this answer included

    @property
    def fraction(self) -> Fraction:
        return self.score.fraction

    @property
    def points(self) -> int:
        return self.score.points

    @property
    def correct(self) -> bool:
        return self.score.correct

    @property
    def late(self) -> bool:
        return self.score.late

    @property
    def skipped(self) -> bool:
        return self.answer is None

    @property
    def streak(self) -> int:
        return self.score.streak

    def given_options(self) -> list[Option]:
        return [self.presented.option(k) for k in self.answer or ()]

    def notes(self) -> list[tuple[Option, str]]:
        """The bank's per-choice feedback that speaks to this answer: the choice picked
        for single; for multi and spot_the_phish, each wrong pick and each right one missed."""
        question = self.presented.question
        feedback = getattr(question, "feedback", None) or {}
        if not feedback or not self.answer:
            return []
        if self.presented.type == "single":
            keys = list(self.answer)
        elif self.presented.multiple:
            right = set(question.correct_keys())
            picked = set(self.answer)
            keys = [o.key for o in self.presented.options if (o.key in picked) != (o.key in right)]
        else:
            return []
        return [(self.presented.option(k), feedback[k]) for k in keys if k in feedback]


@dataclass
class TopicResult:
    questions: int = 0
    answered: int = 0
    marks: Fraction = Fraction(0)
    points: int = 0


@dataclass
class RoundResults:
    """The results of one round (round 1 is the quiz; later rounds retry what was missed)."""

    round: int
    questions: int
    answered: int
    marks: Fraction  # sum of fractions: the score's N
    points: int
    best_streak: int
    by_topic: dict[str, TopicResult] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)  # question ids not fully right (unanswered included)

    @property
    def complete(self) -> bool:
        return self.answered == self.questions


def record_prompt(text: str) -> str:
    """A question's text as a results record carries it: one line, at most MAX_PROMPT characters."""
    prompt = " ".join(str(text).split())
    return prompt if len(prompt) <= MAX_PROMPT else prompt[: MAX_PROMPT - 1] + "…"


class Quiz:
    def __init__(self, selection: Selection, *, writer: Writer, player: str = "", mode: str = "text",
                 now: Callable[[], datetime] | None = None, extra: dict[str, Any] | None = None):
        """Writes the header record at once. `extra` is added to it (e.g. a session id, a team)."""
        self.selection = selection
        self.writer = writer
        self.player = clean_player(player)
        self.mode = mode
        self._now = now
        self.quiz_id = uuid.uuid4().hex
        self.round = 1
        self._rounds: dict[int, list[Presented]] = {1: list(selection.presented)}
        self._outcomes: list[Outcome] = []
        self._index = 0
        self._streak = 0
        self._summarised: set[int] = set()
        self._closed = False
        self.ended: str | None = None
        self.writer.write(self._header(extra or {}))

    # --- where the quiz is ---------------------------------------------------------------

    @property
    def questions(self) -> list[Presented]:
        """The questions of the current round, in order."""
        return self._rounds[self.round]

    @property
    def current(self) -> Presented | None:
        """The question to show now; None when the round is over or the quiz closed."""
        if self._closed or self._index >= len(self.questions):
            return None
        return self.questions[self._index]

    @property
    def number(self) -> int:
        """1-based number of the current question within the round."""
        return self._index + 1

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def finished(self) -> bool:
        """The round has no more questions."""
        return self.current is None

    @property
    def streak(self) -> int:
        return self._streak

    @property
    def points(self) -> int:
        return sum(o.points for o in self._outcomes if o.round == self.round)

    @property
    def seed(self) -> int:
        return self.selection.seed

    @property
    def results_path(self) -> Any:
        return getattr(self.writer, "path", None)

    # --- answering -----------------------------------------------------------------------

    def check(self, answer: Sequence[str]) -> str | None:
        """Why `answer` (option keys) cannot be taken for the current question, or None."""
        shown = self.current
        if shown is None:
            return "the quiz has no question waiting for an answer"
        keys = shown.shown_keys
        answer = list(answer)
        unknown = [a for a in answer if a not in keys]
        if unknown:
            return f"'{unknown[0]}' is not one of the options"
        if shown.type == "order":
            if sorted(answer) != sorted(keys):
                return f"put all {len(keys)} items in order, each once"
            return None
        if not answer:
            return "choose an option"
        if len(set(answer)) != len(answer):
            return "an option is chosen twice"
        if not shown.multiple and len(answer) != 1:
            return "choose one option only"
        return None

    def submit(self, answer: Sequence[str] | None, elapsed_ms: int) -> Outcome:
        """Score and record an answer to the current question, then move on.

        `answer` holds option keys (for order, the keys in the learner's order);
        None means no answer (skipped, or the time ran out). `elapsed_ms` is
        the time from the question being shown to the answer. Raises
        InvalidAnswer, counting nothing, when the answer cannot be scored.
        """
        shown = self.current
        if shown is None:
            raise InvalidAnswer("the quiz has no question waiting for an answer")
        if answer is not None:
            problem = self.check(answer)
            if problem:
                raise InvalidAnswer(problem)
            answer = tuple(answer)
        elapsed_ms = max(0, int(elapsed_ms))
        score = score_answer(shown.question, answer, elapsed_ms, shown.limit_ms, self._streak)
        outcome = Outcome(shown, self.round, self.number, answer, score, elapsed_ms,
                          now_iso(self._now), self.points + score.points)
        self.writer.write(self._answer_record(outcome))
        self._outcomes.append(outcome)
        self._streak = score.streak
        self._index += 1
        if self._index >= len(self.questions):
            self._summarise(self.round, "finished")
        return outcome

    def skip(self, elapsed_ms: int = 0) -> Outcome:
        return self.submit(None, elapsed_ms)

    # --- after a round -------------------------------------------------------------------

    def outcomes(self, round_: int | None = None) -> list[Outcome]:
        """Answers given, in order; of one round, or of all."""
        return [o for o in self._outcomes if round_ is None or o.round == round_]

    def review(self, round_: int | None = None) -> list[Outcome]:
        """Every answer of a round (the current one by default), for the review screen."""
        return self.outcomes(self.round if round_ is None else round_)

    def results(self, round_: int | None = None) -> RoundResults:
        round_ = self.round if round_ is None else round_
        questions = self._rounds[round_]
        done = self.outcomes(round_)
        by_topic: dict[str, TopicResult] = {}
        for shown in questions:
            by_topic.setdefault(shown.topic, TopicResult()).questions += 1
        for o in done:
            entry = by_topic[o.presented.topic]
            entry.answered += 1
            entry.marks += o.fraction
            entry.points += o.points
        answered_right = {o.presented.id for o in done if o.correct}
        return RoundResults(
            round=round_, questions=len(questions), answered=len(done),
            marks=sum((o.fraction for o in done), Fraction(0)), points=sum(o.points for o in done),
            best_streak=max((o.streak for o in done), default=0), by_topic=by_topic,
            missed=[s.id for s in questions if s.id not in answered_right])

    def missed(self) -> list[Presented]:
        """Questions of the current round not answered fully right, in the order asked."""
        ids = set(self.results().missed)
        return [s for s in self.questions if s.id in ids]

    def retry_missed(self) -> int:
        """Start a new round of the questions just missed, with their choices shuffled afresh.

        Returns how many; 0 (and no new round) when nothing was missed. Points
        and streaks of a retry are kept apart from the first round's.
        """
        if self._closed:
            return 0
        missed = self.missed()
        if not missed:
            return 0
        if self.round not in self._summarised:
            self._summarise(self.round, "retry")
        self.round += 1
        options = self.selection.options
        self._rounds[self.round] = [present(s.bank, s.question, options, self.seed, self.round) for s in missed]
        self._index = 0
        self._streak = 0
        return len(missed)

    def close(self, ended: str = "finished") -> None:
        """End the quiz: the round's summary is written (once) and the results file closed.

        `ended` says why: finished, quit, eof, interrupted.
        """
        if self._closed:
            return
        try:
            if self.round not in self._summarised:
                self._summarise(self.round, ended)
        finally:
            self._closed = True
            self.ended = ended
            self.writer.close()

    # --- records -------------------------------------------------------------------------

    def _header(self, extra: dict[str, Any]) -> HeaderRecord:
        sel = self.selection
        opts = sel.options
        return HeaderRecord(
            schema_version=SCHEMA_VERSION,
            app="replyall",
            app_version=__version__,
            quiz_id=self.quiz_id,
            mode=self.mode,
            player=self.player,
            started_at=now_iso(self._now),
            seed=sel.seed,
            settings={
                "banks": [lb.id for lb in sel.bank_set.banks],
                "topics": list(sel.topics),
                "difficulty": sorted(opts.difficulty),
                "count": len(sel.presented),
                "timer": opts.timer,
                "shuffle": opts.shuffle,
            },
            banks=[{"id": lb.id, "version": lb.bank.version, "title": lb.bank.title, "path": str(lb.path)}
                   for lb in sel.bank_set.banks],
            questions=[s.id for s in sel.presented],
            scoring={"base_points": {str(k): v for k, v in scoring.BASE_POINTS.items()},
                     "streak_step": scoring.STREAK_STEP, "streak_cap": scoring.STREAK_CAP},
            **extra,
        )

    def _answer_record(self, o: Outcome) -> AnswerRecord:
        s = o.presented
        return AnswerRecord(
            quiz_id=self.quiz_id,
            player=self.player,
            round=o.round,
            n=o.number,
            question_id=s.id,
            prompt=record_prompt(s.question.prompt),
            bank_id=s.bank.id,
            bank_version=s.bank.bank.version,
            type=s.type,
            topic=s.topic,
            difficulty=s.difficulty,
            shown=s.shown_keys,
            answer=list(o.answer) if o.answer is not None else None,
            correct=s.question.correct_keys(),
            fraction=round(float(o.fraction), 4),
            points=o.points,
            base=o.score.base,
            speed=round(float(o.score.speed), 4) if s.limit_ms is not None else None,
            streak=o.score.streak,
            streak_bonus=o.score.bonus,
            time_ms=o.time_ms,
            time_limit_ms=s.limit_ms,
            late=o.late,
            skipped=o.skipped,
            answered_at=o.answered_at,
        )

    def _summarise(self, round_: int, ended: str) -> None:
        r = self.results(round_)
        self._summarised.add(round_)
        self.writer.write(SummaryRecord(
            quiz_id=self.quiz_id,
            player=self.player,
            round=round_,
            ended=ended,
            finished_at=now_iso(self._now),
            questions=r.questions,
            answered=r.answered,
            marks=round(float(r.marks), 4),
            points=r.points,
            best_streak=r.best_streak,
            by_topic={t: {"questions": e.questions, "answered": e.answered,
                          "marks": round(float(e.marks), 4), "points": e.points}
                      for t, e in r.by_topic.items()},
            missed=r.missed,
        ))
