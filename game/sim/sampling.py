"""Counts drawn from a seeded Random, at a cost that does not grow with the count.

Only the standard library's `random.Random` is used (no numpy), so a run is the
same on every machine. Two regimes, both standard:

* small means (below 30): inversion by sequential search, which is exact and
  takes about mean + 1 uniform draws (Devroye, *Non-Uniform Random Variate
  Generation*, 1986, X.4.3 for the binomial, X.3.3 for the Poisson);
* large means: the normal approximation with a continuity correction (the
  De Moivre-Laplace theorem), clipped to the support. At a mean of 30 the
  error in any probability is below 1% of its size for the counts we draw
  (replies, bounces, clicks), and it shrinks as 1/sqrt(mean) beyond.

So a storm with 160 million readers costs the same few draws as a ward of 40.
"""
from __future__ import annotations

from math import exp, sqrt
from random import Random

_SMALL = 30.0


def poisson(rng: Random, lam: float) -> int:
    if not lam > 0.0:  # also refuses NaN
        return 0
    if lam < _SMALL:
        limit = exp(-lam)
        k = 0
        p = rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    n = int(lam + sqrt(lam) * rng.gauss(0.0, 1.0) + 0.5)
    return n if n > 0 else 0


def binomial(rng: Random, n: int, p: float) -> int:
    """Successes in `n` trials of chance `p`."""
    if n <= 0 or not p > 0.0:
        return 0
    if p >= 1.0:
        return n
    if p > 0.5:
        return n - binomial(rng, n, 1.0 - p)
    mean = n * p
    if mean < _SMALL:
        # inversion: walk up the distribution from 0 until the uniform is used up
        q = 1.0 - p
        prob = q ** n
        if prob <= 0.0:  # underflow for huge n with a small mean: the Poisson limit is exact to 1/n
            return min(n, poisson(rng, mean))
        u = rng.random()
        k = 0
        ratio = p / q
        while u > prob and k < n:
            u -= prob
            k += 1
            prob *= ratio * (n - k + 1) / k
        return k
    x = int(mean + sqrt(mean * (1.0 - p)) * rng.gauss(0.0, 1.0) + 0.5)
    return 0 if x < 0 else n if x > n else x


def multinomial(rng: Random, n: int, weights: tuple[float, ...]) -> list[int]:
    """`n` draws split between categories in proportion to `weights` (successive binomials)."""
    out = [0] * len(weights)
    left = n
    rest = sum(weights)
    for i, w in enumerate(weights):
        if left <= 0 or rest <= 0.0:
            break
        if i == len(weights) - 1:
            out[i] = left
            break
        k = binomial(rng, left, w / rest)
        out[i] = k
        left -= k
        rest -= w
    return out


def sround(rng: Random, x: float) -> int:
    """x rounded up or down at random so that the mean is x: counts stay whole and unbiased."""
    n = int(x)
    if rng.random() < x - n:
        n += 1
    return n
