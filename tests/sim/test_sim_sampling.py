"""The count samplers: right mean and spread in both regimes, a few draws whatever the count."""
from __future__ import annotations

import math
import statistics
from random import Random

import pytest

from game.sim.sampling import binomial, multinomial, poisson


@pytest.mark.parametrize("n,p", [(10, 0.3), (200, 0.05), (10_000, 0.4), (160_000_000, 0.9), (5, 0.0), (7, 1.0)])
def test_binomial_has_the_right_mean_and_variance(n, p):
    rng = Random(7)
    draws = [binomial(rng, n, p) for _ in range(4000)]
    assert all(0 <= x <= n for x in draws)
    mean, var = n * p, n * p * (1 - p)
    # the mean of 4,000 draws is within 4 standard errors; the variance within 15%
    assert abs(statistics.fmean(draws) - mean) <= 4 * math.sqrt(var / 4000) + 1e-9
    if var > 0:
        assert abs(statistics.pvariance(draws) / var - 1) < 0.15


def test_a_draw_costs_the_same_for_a_huge_count():
    # the normal regime takes one Gaussian draw: the generator moves the same few steps
    a, b = Random(1), Random(1)
    binomial(a, 160_000_000, 0.5)
    binomial(b, 1_000, 0.5)
    assert a.getstate() == b.getstate()


def test_poisson_mean_and_multinomial_totals():
    rng = Random(3)
    for lam in (0.2, 4.0, 45.0):
        draws = [poisson(rng, lam) for _ in range(4000)]
        assert abs(statistics.fmean(draws) - lam) <= 4 * math.sqrt(lam / 4000)
    for _ in range(200):
        parts = multinomial(rng, 1000, (0.6, 0.1, 0.3))
        assert sum(parts) == 1000 and all(x >= 0 for x in parts)
    assert poisson(rng, float("nan")) == 0 and binomial(rng, 10, float("nan")) == 0
