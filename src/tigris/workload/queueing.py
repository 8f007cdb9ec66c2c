"""Waiting-time percentiles of the M/D/1 prefill queue.

The prefill fleet is sized so that a percentile of the time to first token, not only
its mean, meets the target: MLPerf Inference's server-scenario TTFT limits are 99th
percentiles (``*.Server.target_latency_percentile = 99`` in mlcommons/inference
``loadgen/mlperf.conf``). Requests arrive as a Poisson process at each replica (a
steady load spread at random over the replicas), and a replica serves them in
deterministic steps of ``D`` seconds, first come first served: an M/D/1 queue.
"""

from __future__ import annotations

import math

__all__ = ["md1_max_utilisation", "md1_wait_exceedance", "md1_wait_percentile"]

#: Largest ``x = t / D`` for which Erlang's alternating series is summed: its terms
#: grow like ``e^(rho x)`` and cancel, so far out double precision cannot carry it.
#: Beyond it the exponential asymptote is used, which agrees with the series within
#: 1e-5 (relative) from x = 5 at rho >= 0.5 (checked in tests/test_s36_ml_ttft.py).
_SERIES_MAX_X = 8.0
#: Bisection tolerance on the utilisation [-].
_RHO_TOL = 1e-10


def _series_exceedance(x: float, rho: float) -> float:
    """``P(W > x D)`` by Erlang's exact M/D/1 formula, ``x`` in service times."""
    total = 0.0
    for k in range(math.floor(x) + 1):
        y = rho * (k - x)  # <= 0
        total += (-y) ** k / math.factorial(k) * (1 if k % 2 == 0 else -1) * math.exp(-y)
    return max(0.0, 1.0 - (1.0 - rho) * total)


def _decay(rho: float) -> float:
    """Positive root ``a = delta D`` of ``rho (e^a - 1) = a`` (the pole of the M/D/1
    waiting-time transform nearest the origin)."""
    # f(a) = rho (e^a - 1) - a is negative on (0, root) and positive beyond: bisect
    # (no scipy here: `tigris infer` stays free of heavy imports, tests/test_import_speed)
    hi = 1.0
    while rho * math.expm1(hi) <= hi:
        hi *= 2.0
    lo = 0.0
    while hi - lo > 1e-14 * hi:
        mid = 0.5 * (lo + hi)
        if rho * math.expm1(mid) - mid <= 0.0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def md1_wait_exceedance(x: float, rho: float) -> float:
    """Probability that an M/D/1 customer waits longer than ``x`` service times.

    Exact (Erlang 1909):
    ``P(W <= x D) = (1 - rho) sum_{k=0}^{floor(x)} (rho (k - x))^k / k! e^{-rho (k - x)}``,
    summed while ``x <= 8`` (the series alternates, and beyond that double precision
    cannot carry it); otherwise the exponential asymptote of
    the M/G/1 waiting time, ``P(W > t) ~ (1 - rho) / (lambda E[S e^{delta S}] - 1)
    e^{-delta t}`` with ``lambda (E[e^{delta S}] - 1) = delta``, which for a
    deterministic service reads ``(1 - rho) / (rho e^a - 1) e^{-a x}`` with
    ``rho (e^a - 1) = a``.

    Parameters
    ----------
    x : float
        Wait as a multiple of the service time ``D``, at least 0 [-].
    rho : float
        Utilisation, arrival rate x ``D``, in [0, 1) [-].

    Returns
    -------
    float
        ``P(W > x D)`` [-]; 1 at or above full utilisation.

    References
    ----------
    A. K. Erlang 1909, "The theory of probabilities and telephone conversations"
    (the M/D/1 waiting-time distribution); G. J. Franx 2001, "A simple solution for the
    M/D/c waiting time distribution", Operations Research Letters 29(5), 221-229, Eq.
    (1) for c = 1; H. C. Tijms 2003, *A First Course in Stochastic Models*, Wiley,
    Sec. 2.5 and 9.2 (the exponential asymptote of the M/G/1 waiting time,
    Cramer-Lundberg).

    Examples
    --------
    No wait with probability ``1 - rho``; within one service time the exact formula is
    ``1 - (1 - rho) e^{rho x}``:

    >>> round(md1_wait_exceedance(0.0, 0.5), 12)
    0.5
    >>> round(md1_wait_exceedance(0.5, 0.5), 12) == round(1 - 0.5 * math.exp(0.25), 12)
    True
    """
    if rho <= 0.0:
        return 0.0
    if rho >= 1.0:
        return 1.0
    if x <= 0.0:
        return rho
    if x <= _SERIES_MAX_X:
        return _series_exceedance(x, rho)
    a = _decay(rho)
    return min(rho, (1.0 - rho) / (rho * math.exp(a) - 1.0) * math.exp(-a * x))


def md1_max_utilisation(x: float, percentile: float) -> float:
    """Highest utilisation at which the ``percentile`` wait is at most ``x`` service times.

    Bisection on ``rho`` of :func:`md1_wait_exceedance` ``(x, rho) <= 1 - percentile``
    (the exceedance rises with ``rho``).

    Parameters
    ----------
    x : float
        Wait allowed, as a multiple of the service time (``(TTFT - D) / D``) [-].
    percentile : float
        Fraction of requests that must meet it, in (0, 1) (0.99 for MLPerf's p99) [-].

    Returns
    -------
    float
        The utilisation [-], 0 when even an idle replica misses (``x < 0``).

    References
    ----------
    As :func:`md1_wait_exceedance`; mlcommons/inference ``loadgen/mlperf.conf``
    (``target_latency_percentile = 99``).

    Examples
    --------
    Below one service time the condition is ``1 - (1 - rho) e^{rho x} <= 1 - q``; with
    no wait allowed at all, ``rho = 1 - q``:

    >>> round(md1_max_utilisation(0.0, 0.99), 6)
    0.01
    """
    if x < 0.0:
        return 0.0
    tail = 1.0 - percentile
    lo, hi = 0.0, 1.0
    while hi - lo > _RHO_TOL:
        mid = 0.5 * (lo + hi)
        if md1_wait_exceedance(x, mid) <= tail:
            lo = mid
        else:
            hi = mid
    return lo


def md1_wait_percentile(rho: float, percentile: float) -> float:
    """The ``percentile`` M/D/1 wait, in service times: the least ``x`` with
    ``P(W > x D) <= 1 - percentile``.

    Parameters
    ----------
    rho : float
        Utilisation, in [0, 1) [-].
    percentile : float
        In (0, 1) [-].

    Returns
    -------
    float
        The wait as a multiple of the service time [-]; 0 when at least ``percentile``
        of the customers do not wait (``rho <= 1 - percentile``), infinite at ``rho >= 1``.

    Raises
    ------
    ValueError
        ``percentile`` outside (0, 1) (a percent such as 99 given for 0.99).

    References
    ----------
    As :func:`md1_wait_exceedance`.

    Examples
    --------
    >>> md1_wait_percentile(0.005, 0.99)
    0.0
    >>> x = md1_wait_percentile(0.8, 0.99)
    >>> abs(md1_wait_exceedance(x, 0.8) - 0.01) < 1e-9
    True
    """
    if not 0.0 < percentile < 1.0:  # 99 for 0.99 would double `hi` forever
        raise ValueError(f"percentile must be in (0, 1), a fraction, got {percentile!r}")
    if rho >= 1.0:
        return math.inf
    tail = 1.0 - percentile
    if md1_wait_exceedance(0.0, rho) <= tail:
        return 0.0
    lo, hi = 0.0, 1.0
    while md1_wait_exceedance(hi, rho) > tail:
        hi *= 2.0
    while hi - lo > _RHO_TOL * max(1.0, hi):
        mid = 0.5 * (lo + hi)
        if md1_wait_exceedance(mid, rho) > tail:
            lo = mid
        else:
            hi = mid
    return hi
