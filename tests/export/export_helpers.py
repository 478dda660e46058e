"""Quizzes for the export tests."""
from __future__ import annotations

from game.quiz import QuizOptions, Selection, load_banks, present

TYPES = ("single", "multi", "true_false", "order", "spot_the_phish")


def five_types(timer: int | None = None, seed: int = 15) -> Selection:
    """A quiz of five shipped questions, one of each type, in TYPES order."""
    bank_set = load_banks([])
    options = QuizOptions(count=5, seed=seed, timer=timer)
    picked = []
    for kind in TYPES:
        lb, q = next((lb, q) for lb, q in bank_set.questions() if q.type == kind)
        picked.append(present(lb, q, options, seed))
    return Selection(picked, seed, options, bank_set, sorted({p.topic for p in picked}))
