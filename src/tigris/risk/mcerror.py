"""Monte Carlo error: how sure a risk run's own numbers are.

A quantile or a mean read from ``n`` sampled plans is itself an estimate; another seed
gives another value. This module gives each one an interval from the sample alone:

- A quantile ``ξ_q``: the distribution-free (order-statistic) confidence interval
  ``[x_(l), x_(u)]`` of the sorted sample, which covers ``ξ_q`` with probability
  ``P(l ≤ B ≤ u − 1)``, ``B ~ Binomial(n, q)`` (the number of draws at or below
  ``ξ_q``), for any continuous distribution (:func:`quantile_interval`). Hahn, Meeker &
  Escobar, *Statistical Intervals*, 2nd ed. (Wiley, 2017), §5.2 ("distribution-free
  confidence intervals for a quantile"); Conover, *Practical Nonparametric
  Statistics*, 3rd ed. (Wiley, 1999), §3.2. The widest such interval is the sample's
  range, ``[x_(1), x_(n)]``, of coverage ``1 − q^n − (1 − q)^n``; when that is below the
  confidence asked for, the sample cannot bound the quantile at all
  (:func:`min_plans_for_quantile`: a p5 or a p95 at 90 % needs 45 plans).
- A mean: ``x̄ ± t_{n−1, 1−α/2} s/√n``, Student's t interval (Student 1908, "The
  probable error of a mean", Biometrika 6(1), 1-25), asymptotically right for any
  distribution with a finite variance (central limit theorem) (:func:`mean_interval`),
  then cut to the range the quantity can take (:func:`clip_interval`: a count or a
  power is never negative, a share lies in [0, 1]).
- A probability of an event (``P(NPV < 0)``): Wilson's score interval (Wilson 1927,
  "Probable inference, the law of succession, and statistical inference", JASA 22,
  209-212; recommended over the Wald interval by Brown, Cai & DasGupta 2001, Statistical
  Science 16(2), 101-133) (:func:`wilson_interval`).

The confidence of every interval is :data:`CONFIDENCE` (90 %, two-sided).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

__all__ = [
    "CONFIDENCE",
    "clip_interval",
    "exact_mean",
    "exact_std",
    "mean_interval",
    "min_plans_for_quantile",
    "order_statistics",
    "quantile_interval",
    "wilson_interval",
]

#: Two-sided confidence of every Monte Carlo interval [-]: 90 %, the level the user
#: test of 2026-12-04 (UT-RISK #1) read the tool's numbers at; a choice, not a datum.
CONFIDENCE = 0.90


def _check_conf(confidence: float) -> float:
    from tigris.errors import InputError

    c = float(confidence)
    if not 0.0 < c < 1.0:
        raise InputError(f"expected a confidence in (0, 1), got {c:g}", field="confidence")
    return c


def min_plans_for_quantile(q: float, confidence: float = CONFIDENCE) -> int:
    """Fewest plans whose range ``[x_(1), x_(n)]`` covers the ``q`` quantile with
    probability at least ``confidence``: the smallest ``n`` with
    ``1 − q^n − (1 − q)^n ≥ confidence`` [plans].

    For a p95 at 90 %: ``0.95^n + 0.05^n ≤ 0.10``, so ``n ≥ ln 0.10 / ln 0.95 = 44.9``:
    45 plans (Hahn, Meeker & Escobar 2017, §5.2; the same count for a p5 by symmetry).

    Parameters
    ----------
    q : float
        The quantile, in (0, 1) [-].
    confidence : float, optional
        Coverage asked for [-]; default :data:`CONFIDENCE` (0.90).

    Returns
    -------
    int
        The fewest plans ``n`` [plans].

    Raises
    ------
    InputError
        ``q`` or ``confidence`` outside (0, 1): no count covers the sample's minimum or
        maximum (the search looped for ever at ``q`` 0 or 1).

    Examples
    --------
    >>> min_plans_for_quantile(0.95), min_plans_for_quantile(0.05), min_plans_for_quantile(0.5)
    (45, 45, 5)
    """
    from tigris.errors import InputError

    c = _check_conf(confidence)
    if not 0.0 < float(q) < 1.0:
        raise InputError(f"expected a quantile in (0, 1), got {float(q):g}", field="q")
    n = 1
    while 1.0 - q**n - (1.0 - q) ** n < c:
        n += 1
    return n


def quantile_interval(
    values: Sequence[float] | np.ndarray, q: float, confidence: float = CONFIDENCE
) -> tuple[float, float, float] | None:
    """Distribution-free confidence interval of the ``q`` quantile of a sample.

    Parameters
    ----------
    values : sequence of float
        The sample (NaN left out).
    q : float
        The quantile, in (0, 1) [-].
    confidence : float, optional
        Two-sided coverage asked for [-]; default :data:`CONFIDENCE`.

    Returns
    -------
    (low, high, coverage) or None
        ``x_(l)``, ``x_(u)`` (the sample's unit) and the exact coverage
        ``P(l ≤ B ≤ u − 1)``, ``B ~ Binomial(n, q)`` [-]; of the pairs ``l < u`` with
        coverage ≥ ``confidence``, the one with the fewest order statistics between its
        ends (``u − l``), then the most even split of the two tails' probabilities
        (Hahn, Meeker & Escobar 2017, §5.2, who note such an interval need not be
        equal-tailed). None when no pair reaches the confidence: fewer than
        :func:`min_plans_for_quantile` values.

    Examples
    --------
    Nine plans, the median at 90 %: ``P(2 ≤ B ≤ 7) = 1 − 2·(1 + 9)/512 = 0.961``, and no
    narrower pair reaches 90 % (``P(3 ≤ B ≤ 6) = 0.820``):

    >>> quantile_interval([9, 1, 8, 2, 7, 3, 6, 4, 5], 0.5)
    (2.0, 8.0, 0.9609375)
    >>> quantile_interval(range(17), 0.95) is None
    True
    """
    c = _check_conf(confidence)
    x = np.sort(np.asarray(values, dtype=float))
    x = x[np.isfinite(x)]
    picked = order_statistics(len(x), q, c)
    if picked is None:
        return None
    lo, u, cover = picked
    return float(x[lo - 1]), float(x[u - 1]), cover


@lru_cache(maxsize=256)
def order_statistics(
    n: int, q: float, confidence: float = CONFIDENCE
) -> tuple[int, int, float] | None:
    """The ranks ``(l, u)`` (1-based) and coverage of :func:`quantile_interval`'s
    interval for ``n`` values; None when no pair reaches ``confidence``.

    Parameters
    ----------
    n : int
        Values in the sample [-].
    q : float
        The quantile, in (0, 1) [-].
    confidence : float, optional
        Two-sided coverage asked for [-]; default :data:`CONFIDENCE`.

    Returns
    -------
    tuple of (int, int, float) or None
        ``(l, u, coverage)``: the 1-based ranks of the interval's ends and its exact
        coverage [-]; None for ``n < 2``, ``q`` outside (0, 1) or no pair reaching it.

    Examples
    --------
    >>> order_statistics(9, 0.5)
    (2, 8, 0.9609375)

    A p95 from 45 plans: its upper end is the largest plan (from 44 there is none):

    >>> order_statistics(45, 0.95)[:2], order_statistics(44, 0.95)
    ((37, 45), None)
    """
    from scipy.stats import binom

    c = float(confidence)
    if n < 2 or not 0.0 < q < 1.0:
        return None
    # cdf[k] = P(B <= k - 1), k = 0..n+1 (cdf[0] = 0); coverage of (l, u) = cdf[u] - cdf[l]
    cdf = np.concatenate([[0.0], binom.cdf(np.arange(0, n + 1), n, q)])
    lo = np.arange(1, n)
    u = np.searchsorted(cdf, cdf[lo] + c - 1e-12, side="left")
    ok = (u <= n) & (u > lo)
    if not ok.any():
        return None
    lo, u = lo[ok], u[ok]
    below, above = cdf[lo], 1.0 - cdf[u]
    i = int(np.lexsort((np.abs(below - above), u - lo))[0])
    return int(lo[i]), int(u[i]), float(cdf[u[i]] - cdf[lo[i]])


def exact_mean(values: np.ndarray) -> float:
    """The mean of ``values`` from their correctly rounded sum (``math.fsum``, Shewchuk
    1997, "Adaptive precision floating-point arithmetic and fast robust geometric
    predicates", Discrete & Computational Geometry 18, 305-363; as Python's
    ``statistics.fmean``) [the values' unit].

    The sum is the exact sum rounded once, so the mean is the same float whatever the
    order of the values: a risk run whose plans finish in another order (more Dask
    workers) gives the same digits. ``numpy.mean`` sums pairwise in the order given, so
    its last digit may move with the order.

    Parameters
    ----------
    values : np.ndarray
        The values, at least one (NaN propagates).

    Returns
    -------
    float
        Their mean [the values' unit].

    Examples
    --------
    >>> exact_mean(np.array([1e16, 1.0, -1e16, 1.0])), exact_mean(np.array([1.0, 1e16, 1.0, -1e16]))
    (0.5, 0.5)
    """
    x = np.asarray(values, dtype=float)
    return math.fsum(x.tolist()) / len(x)


def exact_std(values: np.ndarray, mean: float | None = None) -> float:
    """The sample standard deviation ``s = √(Σ (x − x̄)² / (n − 1))`` (Bessel's
    correction), both sums by ``math.fsum`` (:func:`exact_mean`): independent of the
    order of the values [the values' unit]. Needs 2 values or more.

    Parameters
    ----------
    values : np.ndarray
        The values, at least two.
    mean : float or None, optional
        Their mean when already known [the values' unit]; None: :func:`exact_mean` of them.

    Returns
    -------
    float
        The sample standard deviation [the values' unit].

    Examples
    --------
    >>> round(exact_std(np.array([1.0, 2.0, 3.0, 4.0, 5.0])) ** 2, 12)
    2.5
    """
    x = np.asarray(values, dtype=float)
    m = exact_mean(x) if mean is None else mean
    return math.sqrt(math.fsum(((x - m) ** 2).tolist()) / (len(x) - 1))


def mean_interval(
    values: Sequence[float] | np.ndarray, confidence: float = CONFIDENCE
) -> tuple[float, float, float] | None:
    """Student's t interval of a sample's mean: ``x̄ ± t s/√n`` (Student 1908).

    Unclipped: a quantity that cannot be negative may get a negative lower end here
    (:func:`clip_interval` cuts it to the quantity's range). The mean and ``s`` are
    computed with exact sums (:func:`exact_mean`, :func:`exact_std`), so the interval
    does not depend on the order of the values.

    Parameters
    ----------
    values : sequence of float or np.ndarray
        The sample (non-finite values left out).
    confidence : float, optional
        Two-sided coverage [-]; default :data:`CONFIDENCE`.

    Returns
    -------
    (low, high, standard_error) or None
        In the sample's unit; None with fewer than 2 finite values.

    Examples
    --------
    ``[1, 2, 3, 4, 5]``: s = 1.581, s/√5 = 0.7071, t_{4, 0.95} = 2.132:

    >>> [round(v, 3) for v in mean_interval([1, 2, 3, 4, 5])]
    [1.493, 4.507, 0.707]
    """
    from scipy.stats import t

    c = _check_conf(confidence)
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n < 2:
        return None
    m = exact_mean(x)
    se = exact_std(x, m) / math.sqrt(n)
    half = float(t.ppf(0.5 + c / 2.0, n - 1)) * se
    return m - half, m + half, se


def clip_interval(
    low: float, high: float, bounds: tuple[float, float]
) -> tuple[float, float, bool]:
    """An interval cut to the range ``bounds = (a, b)`` its quantity can take, and
    whether it was cut [the quantity's unit].

    Why: the t interval is symmetric about x̄ by construction (a normal approximation
    of the mean's sampling distribution), so for a skewed sample next to a bound (most
    plans with no unmet compute, a few with much) ``x̄ − t s/√n`` can fall below 0,
    where no mean of a non-negative quantity can be; a share's upper end can pass 1.
    The true mean lies in ``[a, b]``, so ``[low, high] ∩ [a, b]`` covers it whenever
    ``[low, high]`` does: the coverage is unchanged and the interval no longer shows
    impossible values (intersecting a confidence interval with the parameter space:
    Mandelkern 2002, "Setting confidence intervals for bounded parameters",
    Statistical Science 17(2), 149-172, §2). The t interval stays an approximation
    there (the sample is far from normal); the cut says that it met the bound.

    Parameters
    ----------
    low, high : float
        The interval.
    bounds : (float, float)
        The quantity's range; ``-inf`` / ``inf`` for an open side.

    Returns
    -------
    (low, high, clipped)
        ``clipped`` is True when an end was moved.

    Examples
    --------
    >>> clip_interval(-0.3, 1.2, (0.0, 1.0))
    (0.0, 1.0, True)
    >>> clip_interval(2.0, 3.0, (0.0, math.inf))
    (2.0, 3.0, False)
    """
    a, b = bounds
    lo, hi = max(low, a), min(high, b)
    if lo > hi:  # the whole interval beyond one bound (cannot be, for a mean in [a, b])
        lo = hi = a if high < a else b
    return lo, hi, (lo, hi) != (low, high)


def wilson_interval(k: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float] | None:
    """Wilson's score interval of a probability from ``k`` events in ``n`` trials [-].

    ``(p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)`` (Wilson 1927; Brown, Cai &
    DasGupta 2001, eq. 4). None when ``n`` is 0.

    Parameters
    ----------
    k : int
        Events seen [-].
    n : int
        Trials [-].
    confidence : float, optional
        Two-sided coverage [-]; default :data:`CONFIDENCE`.

    Returns
    -------
    tuple of (float, float) or None
        ``(low, high)``, clipped to [0, 1] [-]; None when ``n`` is 0 or less.

    Examples
    --------
    3 of 17 at 90 % (z = 1.6449, z² = 2.7055): p̂ = 0.1765, 1 + z²/n = 1.1592, centre
    (0.1765 + 0.0796)/1.1592 = 0.2209, half 1.6449·√(0.008549 + 0.002340)/1.1592 = 0.1481:

    >>> [round(v, 3) for v in wilson_interval(3, 17)]
    [0.073, 0.369]
    >>> [round(v, 3) for v in wilson_interval(0, 17)]
    [0.0, 0.137]
    """
    from scipy.special import ndtri

    c = _check_conf(confidence)
    if n <= 0:
        return None
    z = float(ndtri(0.5 + c / 2.0))
    p = k / n
    den = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, centre - half), min(1.0, centre + half)
