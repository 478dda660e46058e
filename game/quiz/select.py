"""Seeded choice of questions, and the order their choices are shown in.

Every random decision draws from its own generator, derived from the seed and
what it decides (which questions; one question's choices in one round). So the
same seed gives the same quiz, and a question keeps its choice order whatever
else was picked with it.
"""
from __future__ import annotations

import hashlib
import random
import secrets
import string
from dataclasses import dataclass, field
from typing import Any, Sequence

from .banks import BankSet, LoadedBank, QuizSetupError

DEFAULT_COUNT = 10
DIFFICULTY_NAMES = {1: "easy", 2: "medium", 3: "hard"}
LABELS = string.ascii_lowercase


@dataclass(frozen=True)
class QuizOptions:
    """What the learner (or a session file) asked for."""

    topics: tuple[str, ...] = ()
    difficulty: tuple[int, ...] = ()
    #: None: DEFAULT_COUNT, or every match when fewer match. 0: every match.
    count: int | None = None
    #: Seconds per question; None for no timer. A question's own time_limit wins when timed.
    timer: int | None = None
    seed: int | None = None
    shuffle: bool = True

    @classmethod
    def from_settings(cls, settings: Any) -> QuizOptions:
        """From a session file's quiz settings (game.content.session.QuizSettings)."""
        return cls(topics=tuple(settings.topics), difficulty=tuple(settings.difficulty),
                   count=settings.count, timer=settings.timer, seed=settings.seed,
                   shuffle=settings.shuffle)


@dataclass(frozen=True)
class Option:
    key: str  # the key in the bank file (for order: the item's right position, "0".."n-1")
    label: str  # what the learner types or sees: a, b, c ... in shown order
    text: str


@dataclass(frozen=True)
class Presented:
    """One question as it is put to the learner."""

    question: Any  # a question model from game.content.bank
    bank: LoadedBank
    topic: str
    options: tuple[Option, ...]  # in shown order
    limit_ms: int | None  # None when untimed

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def difficulty(self) -> int:
        return self.question.difficulty

    @property
    def multiple(self) -> bool:
        """True when the learner picks any number of options."""
        return self.type in ("multi", "spot_the_phish")

    @property
    def shown_keys(self) -> list[str]:
        return [o.key for o in self.options]

    def option(self, key: str) -> Option:
        for o in self.options:
            if o.key == key:
                return o
        raise KeyError(key)

    def by_label(self, label: str) -> Option | None:
        for o in self.options:
            if o.label == label:
                return o
        return None

    def correct_options(self) -> list[Option]:
        """The right options: in shown order, or for order questions in the right order."""
        right = self.question.correct_keys()
        if self.type == "order":
            return [self.option(k) for k in right]
        return [o for o in self.options if o.key in right]


@dataclass
class Selection:
    presented: list[Presented]
    seed: int
    options: QuizOptions
    bank_set: BankSet
    topics: list[str] = field(default_factory=list)  # the topics the quiz was drawn from


def new_seed() -> int:
    # Small enough to read out in a classroom and type back.
    return secrets.randbelow(1_000_000)


def rng_for(seed: int, *what: object) -> random.Random:
    """A generator for one decision. sha256, not hash(): str hashes change per process."""
    text = "|".join(["replyall-quiz", str(seed), *map(str, what)])
    return random.Random(int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big"))


def shuffled(items: Sequence[Any], rng: random.Random) -> list[Any]:
    # Fisher-Yates on randrange alone, whose results for a seed Python keeps
    # stable, rather than random.shuffle, whose algorithm is not promised.
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = rng.randrange(i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def match_topics(wanted: Sequence[str], available: Sequence[str]) -> list[str]:
    """Topics named exactly (any case) or by a piece found in only one topic name."""
    chosen: list[str] = []
    for want in wanted:
        folded = " ".join(want.split()).casefold()
        exact = [t for t in available if t.casefold() == folded]
        partial = [t for t in available if folded and folded in t.casefold()]
        hits = exact or partial
        if len(hits) != 1:
            problem = (f"topic '{want}' matches several topics: " + "; ".join(hits) if hits
                       else f"unknown topic '{want}'")
            raise QuizSetupError(problem, ["Topics available:"] + [f"{t}" for t in available])
        if hits[0] not in chosen:
            chosen.append(hits[0])
    return chosen


def limit_ms_for(question: Any, timer: int | None) -> int | None:
    """The timer rule: untimed quizzes have no limit; timed ones use the question's own
    time_limit when it has one (long orderings need longer), the quiz's timer otherwise."""
    if timer is None:
        return None
    return 1000 * (question.time_limit or timer)


def present(lb: LoadedBank, question: Any, options: QuizOptions, seed: int, round_: int = 1) -> Presented:
    kind = question.type
    if kind == "order":
        keys = [str(i) for i in range(len(question.items))]
        texts = dict(zip(keys, question.items))
        rng = rng_for(seed, "order", question.id, round_)
        shown = shuffled(keys, rng)
        # Shown in the right order the question would answer itself; with three
        # or more items a few more draws always find another order.
        for _ in range(32):
            if shown != keys:
                break
            shown = shuffled(keys, rng)
        if shown == keys:
            shown = keys[1:] + keys[:1]
    elif kind == "true_false":
        texts = {"true": "True", "false": "False"}
        shown = ["true", "false"]
    else:
        texts = dict(question.parts if kind == "spot_the_phish" else question.choices)
        shown = list(texts)
        if options.shuffle and getattr(question, "shuffle", True):
            shown = shuffled(shown, rng_for(seed, "choices", question.id, round_))
    opts = tuple(Option(key, LABELS[i], texts[key]) for i, key in enumerate(shown))
    return Presented(question, lb, lb.bank.topic_of(question), opts, limit_ms_for(question, options.timer))


def select(bank_set: BankSet, options: QuizOptions) -> Selection:
    """The questions of a quiz, in order, with their choices in shown order.

    Questions are spread evenly over the chosen topics. Raises QuizSetupError
    for an unknown topic or more questions than match.
    """
    seed = options.seed if options.seed is not None else new_seed()
    available_topics = list(bank_set.topics())
    topics = match_topics(options.topics, available_topics) if options.topics else available_topics
    pool = [(lb, q) for lb, q in bank_set.questions()
            if lb.bank.topic_of(q) in topics and (not options.difficulty or q.difficulty in options.difficulty)]
    if not pool:
        raise QuizSetupError("no questions match" + _describe_filter(options, topics),
                             _what_matches(bank_set))
    count = options.count
    if count is None:
        count = min(DEFAULT_COUNT, len(pool))
    elif count == 0:
        count = len(pool)
    if count > len(pool):
        raise QuizSetupError(
            f"asked for {count} questions but only {len(pool)} match{_describe_filter(options, topics)}; "
            f"choose --count {len(pool)} or fewer",
            _what_matches(bank_set))

    rng = rng_for(seed, "select")
    by_topic: dict[str, list[int]] = {}
    for index, (lb, q) in enumerate(pool):
        by_topic.setdefault(lb.bank.topic_of(q), []).append(index)
    queues = [shuffled(indices, rng) for indices in by_topic.values()]
    queues = shuffled(queues, rng)
    picked: list[int] = []
    while len(picked) < count:
        for queue in queues:
            if queue and len(picked) < count:
                picked.append(queue.pop())
    picked = shuffled(picked, rng) if options.shuffle else sorted(picked)
    presented = [present(*pool[i], options, seed) for i in picked]
    return Selection(presented, seed, options, bank_set, topics)


def _describe_filter(options: QuizOptions, topics: list[str]) -> str:
    parts = []
    if options.topics:
        parts.append("topic " + ", ".join(topics))
    if options.difficulty:
        parts.append("difficulty " + ", ".join(DIFFICULTY_NAMES.get(d, str(d)) for d in sorted(options.difficulty)))
    return f" ({'; '.join(parts)})" if parts else ""


def _what_matches(bank_set: BankSet) -> list[str]:
    counts: dict[str, dict[int, int]] = {}
    for lb, q in bank_set.questions():
        by_level = counts.setdefault(lb.bank.topic_of(q), {})
        by_level[q.difficulty] = by_level.get(q.difficulty, 0) + 1
    lines = ["Questions by topic and difficulty:"]
    for topic, by_level in counts.items():
        detail = ", ".join(f"{by_level.get(d, 0)} {DIFFICULTY_NAMES[d]}" for d in (1, 2, 3))
        lines.append(f"{topic}: {sum(by_level.values())} ({detail})")
    return lines
