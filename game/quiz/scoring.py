"""The scoring rules, as pure functions (README: "How the quiz scores").

Arithmetic is done with exact fractions and rounded half up once at the end,
so a documented worked example gives the same number on every machine.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

#: Points for a fully right, untimed answer, by difficulty (1 easy .. 3 hard).
BASE_POINTS = {1: 1000, 2: 1500, 3: 2000}
#: Kahoot's streak bonus: 100 per answer in the streak after the first, at most 500.
STREAK_STEP = 100
STREAK_CAP = 500

MULTI_TYPES = ("multi", "spot_the_phish")


def base_points(difficulty: int) -> int:
    return BASE_POINTS.get(difficulty, BASE_POINTS[2])


def round_half_up(value: Fraction) -> int:
    # Python's round() rounds halves to even; a learner checking the README by
    # hand rounds them up.
    return int((value + Fraction(1, 2)) // 1)


def answer_fraction(question: Any, answer: Sequence[str] | None) -> Fraction:
    """How much of the answer is right, from 0 to 1.

    single, true_false: 1 or 0. multi, spot_the_phish: +1/k for each right
    choice picked and -1/k for each wrong one, k being the number of right
    choices, clamped to 0..1. order: the share of items in their right place.
    A question with Moodle weights (imported from Moodle) is marked as Moodle
    marks it: the weight of the pick (single), or the picked weights added up
    and clamped to 0..1 (multi).
    """
    if not answer:
        return Fraction(0)
    correct = question.correct_keys()
    kind = question.type
    if kind == "order":
        if len(answer) != len(correct):
            return Fraction(0)
        placed = sum(1 for given, right in zip(answer, correct) if given == right)
        return Fraction(placed, len(correct))
    mark_weights = getattr(question, "mark_weights", None)
    weights = mark_weights() if mark_weights and kind in ("single", "multi") else {}
    if weights:
        if kind == "single":
            return max(Fraction(0), weights.get(answer[0], Fraction(0))) if len(answer) == 1 else Fraction(0)
        value = sum((weights.get(k, Fraction(0)) for k in set(answer)), Fraction(0))
        return min(Fraction(1), max(Fraction(0), value))
    if kind in MULTI_TYPES:
        right = set(correct)
        picked = set(answer)
        value = Fraction(len(picked & right) - len(picked - right), len(right))
        return min(Fraction(1), max(Fraction(0), value))
    return Fraction(1) if len(answer) == 1 and answer[0] == correct[0] else Fraction(0)


def speed_factor(elapsed_ms: int, limit_ms: int | None) -> Fraction:
    """Kahoot's factor 1 - (t / T) / 2: 1 at once, 1/2 at the limit, 0 after it; 1 untimed."""
    if limit_ms is None:
        return Fraction(1)
    elapsed = max(0, int(elapsed_ms))
    if elapsed > limit_ms:
        return Fraction(0)
    return 1 - Fraction(elapsed, limit_ms) / 2


def streak_bonus(streak: int) -> int:
    """Bonus for an answer that makes the streak `streak` long (1 = first right answer)."""
    return min(STREAK_STEP * max(0, streak - 1), STREAK_CAP)


@dataclass(frozen=True)
class Score:
    fraction: Fraction
    base: int
    speed: Fraction
    speed_points: int  # base x fraction x speed, rounded
    bonus: int
    points: int
    streak: int  # the streak after this answer
    late: bool

    @property
    def correct(self) -> bool:
        return self.fraction == 1


def score_answer(question: Any, answer: Sequence[str] | None, elapsed_ms: int,
                 limit_ms: int | None, streak_before: int) -> Score:
    """Everything an answer earns.

    A late answer (timed, after the limit) still shows how right it was but
    earns no points and ends the streak, as on Kahoot. Only a fully right,
    on-time answer keeps a streak going; partial credit does not.
    """
    fraction = answer_fraction(question, answer)
    base = base_points(question.difficulty)
    late = limit_ms is not None and max(0, int(elapsed_ms)) > limit_ms
    speed = speed_factor(elapsed_ms, limit_ms)
    earned = round_half_up(base * fraction * speed)
    if fraction == 1 and not late:
        streak = streak_before + 1
        bonus = streak_bonus(streak)
    else:
        streak = 0
        bonus = 0
    return Score(fraction, base, speed, earned, bonus, earned + bonus, streak, late)
