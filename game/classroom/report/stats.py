"""Stage 2 of the report: the statistics, as Moodle defines them (no I/O, no report types).

Facility and discrimination index follow Moodle's definitions
(question/classes/statistics/questions/calculator.php):

    facility       = mean mark / max mark                (here max mark = 1)
    discrimination = 100 x cov(mark, rest) / sqrt(var(mark) x var(rest))

where `rest` is the learner's total mark on every other question they
answered. Undefined (None) with fewer than two learners, or when either
variance is zero.
"""
from __future__ import annotations

import math
from typing import Sequence

SCORE_BINS = [(0, 10), (10, 20), (20, 30), (30, 40), (40, 50), (50, 60), (60, 70), (70, 80), (80, 90), (90, 101)]


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


def score_bins(percents: Sequence[float]) -> list[int]:
    """How many learners fall in each tenth (0-9, 10-19, ..., 90-100)."""
    counts = [0] * len(SCORE_BINS)
    for p in percents:
        p = max(0.0, min(100.0, p))
        index = min(int(p // 10), len(SCORE_BINS) - 1)
        counts[index] += 1
    return counts
