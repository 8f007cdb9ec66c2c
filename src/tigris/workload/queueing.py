"""Waiting times of the prefill queue: M/D/1 (one replica) and M/D/c (a shared queue).

The prefill fleet is sized so that a percentile of the time to first token, not only
its mean, meets the target: MLPerf Inference's server-scenario TTFT limits are 99th
percentiles (``*.Server.target_latency_percentile = 99`` in mlcommons/inference
``loadgen/mlperf.conf``). Requests arrive as a Poisson process at each replica (a
steady load spread at random over the replicas), and a replica serves them in
deterministic steps of ``D`` seconds, first come first served: an M/D/1 queue. A
router that sends each prompt to the first free of ``c`` replicas makes them one queue
served by ``c`` servers: an M/D/c queue (``mdc_*``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np

__all__ = [
    "MDC_MAX_SERVERS",
    "MDC_MAX_SUPPORT",
    "MDC_TRUNCATION",
    "PREFILL_QUEUES",
    "md1_max_utilisation",
    "md1_wait_exceedance",
    "md1_wait_percentile",
    "mdc_mean_wait",
    "mdc_min_servers",
    "mdc_wait_exceedance",
    "mdc_wait_percentile",
]

#: How prompts reach the prefill replicas: ``shared``, one first-come-first-served
#: queue that sends each prompt to the first free replica (an M/D/c queue: SGLang's
#: router, NVIDIA Dynamo and vLLM's production stack route to a free or least-loaded
#: instance), the default; ``per-replica``, spread at random so that each replica is
#: its own M/D/1 queue (DistServe's model, Zhong et al. 2024, Sec. 3.1).
PREFILL_QUEUES = ("shared", "per-replica")

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
    return _least_wait(lambda x: md1_wait_exceedance(x, rho), 1.0 - percentile)


def _least_wait(exceedance: Callable[[float], float], tail: float) -> float:
    """The least ``x >= 0`` with ``exceedance(x) <= tail``, by doubling then bisection
    (``exceedance`` falls from ``P(W > 0)`` to 0); 0 when ``exceedance(0) <= tail``."""
    if exceedance(0.0) <= tail:
        return 0.0
    lo, hi = 0.0, 1.0
    while exceedance(hi) > tail:
        hi *= 2.0
    while hi - lo > _RHO_TOL * max(1.0, hi):
        mid = 0.5 * (lo + hi)
        if exceedance(mid) > tail:
            lo = mid
        else:
            hi = mid
    return hi


# --- M/D/c: one FCFS queue, c servers, Poisson arrivals, deterministic service -------

#: Mass of the number waiting left beyond the computed support [-]: the support is cut
#: where the geometric tail ``tau^-m`` of that number falls below it.
MDC_TRUNCATION = 1e-13
#: Most servers computed exactly: the cost grows as ``c`` times the support, which in
#: heavy traffic grows as ``c / (c - a)`` (measured: 0.08 s at c = 1,000, a = 999;
#: 1.3 s at c = 2,048, a = 2,047.5; 12 s to size a fleet of 4,000 replicas with a cap
#: of 1,024). A bound on the work, not a model input.
MDC_MAX_SERVERS = 256
#: Largest support (points of the FFT) computed: ``ln(1 / MDC_TRUNCATION) / ln(tau)``
#: exceeds it only within about ``15 c / MDC_MAX_SUPPORT`` of full load ``a = c``.
MDC_MAX_SUPPORT = 1 << 17
#: Largest tail decay ``tau`` sought (:func:`_mdc_decay`): ``tau^-1`` is already below
#: :data:`MDC_TRUNCATION`, so a steeper tail needs no shorter support.
_DECAY_CAP = 2.0**64
#: Poisson terms summed past the mean, in standard deviations and a fixed margin: the
#: mass beyond ``mu + 40 sqrt(mu) + 60`` is below 1e-30 for every mean (Chernoff bound).
_POISSON_SDS, _POISSON_PAD = 40.0, 60.0
#: Newton iterations allowed for the roots (each converges in under 30 in practice).
_ROOT_ITERATIONS = 200


def _check_mdc(rho: float, c: int) -> None:
    if int(c) != c or c < 1:
        raise ValueError(f"servers must be a whole number at least 1, got {c!r}")
    if c > MDC_MAX_SERVERS:
        raise ValueError(f"at most {MDC_MAX_SERVERS} servers are computed exactly, got {c}")
    if not 0.0 <= rho < 1.0:
        raise ValueError(f"utilisation must be in [0, 1), got {rho!r}")
    if _mdc_support(rho, int(c)) > MDC_MAX_SUPPORT:
        raise ValueError(
            f"utilisation {rho!r} of {c} servers is too close to 1 to compute exactly "
            f"(support above {MDC_MAX_SUPPORT:,})"
        )


def _mdc_support(rho: float, c: int) -> int:
    """Points the waiting number's distribution is computed on: a power of two with
    ``tau^-K`` below :data:`MDC_TRUNCATION` (:func:`_mdc_decay`)."""
    if rho <= 0.0:
        return 1
    need = math.log(1.0 / MDC_TRUNCATION) / math.log(_mdc_decay(rho * c, c)) + 8.0
    return 1 << max(5, math.ceil(math.log2(need)))


def _mdc_roots(a: float, c: int) -> np.ndarray:
    """The ``c - 1`` roots other than 1 of ``z^c = e^{a (z - 1)}`` in the unit disk.

    Root ``k`` is the fixed point of ``z = w_k e^{a (z - 1) / c}``, ``w_k = e^{2 pi i k /
    c}``, a contraction of the disk (factor ``rho``); Newton's step is taken where it
    stays in the disk, the fixed-point step otherwise."""
    w = np.exp(2j * np.pi * np.arange(1, c) / c)
    z = np.zeros(c - 1, dtype=complex)
    b = a / c
    for _ in range(_ROOT_ITERATIONS):
        e = w * np.exp(b * (z - 1.0))
        g = z - e
        if np.max(np.abs(g), initial=0.0) < 1e-15:
            return z
        step = z - g / (1.0 - b * e)
        z = np.where(np.abs(step) <= 1.0, step, e)
    return z  # pragma: no cover - contraction: converged well before


def _mdc_decay(a: float, c: int) -> float:
    """``tau > 1`` with ``c ln(tau) = a (tau - 1)``: the number waiting has the tail
    ``tau^-m`` (the pole of its generating function nearest the unit circle).

    At most :data:`_DECAY_CAP`: a lighter load has a steeper tail still, and the cap
    already puts the truncation within one point, so the support stays as short (a
    load of 1e-300 doubled ``tau`` to infinity and returned 1, a zero division)."""
    lo, hi = 1.0, 2.0
    while c * math.log(hi) > a * (hi - 1.0):
        if hi >= _DECAY_CAP:
            return _DECAY_CAP
        hi *= 2.0
    while hi - lo > 1e-15 * hi:
        mid = 0.5 * (lo + hi)
        if c * math.log(mid) > a * (mid - 1.0):
            lo = mid
        else:
            hi = mid
    return lo


@functools.lru_cache(maxsize=256)
def _mdc_waiting(rho: float, c: int) -> tuple[np.ndarray, float]:
    """Distribution of ``Q = max(N - c, 0)`` (the number waiting, ``N`` the number in
    system at a random time) as its cumulative sum on ``0 .. K - 1``, and ``E[Q]``.

    ``Q(z) = (c - a)(z - 1) / (z^c - e^{a (z - 1)}) prod_k (z - z_k) / (1 - z_k)``
    (Crommelin 1932), evaluated on ``K`` roots of unity and inverted by FFT; the mass
    beyond ``K`` folds back onto the support, so ``K`` is taken with ``tau^-K`` below
    :data:`MDC_TRUNCATION`. ``E[Q] = sum_k 1 / (1 - z_k) - (c (c - 1) - a^2) / (2 (c -
    a))``, the derivative of ``Q(z)`` at 1."""
    a = rho * c
    if a <= 0.0:
        return np.ones(1), 0.0
    zk = _mdc_roots(a, c)
    mean = float(np.sum(1.0 / (1.0 - zk)).real) - (c * (c - 1) - a * a) / (2.0 * (c - a))
    size = _mdc_support(rho, c)
    z = np.exp(2j * np.pi * np.arange(size // 2 + 1) / size)  # real coefficients: half
    with np.errstate(divide="ignore", invalid="ignore"):
        log_q = np.log((c - a) * (z - 1.0) / (z**c - np.exp(a * (z - 1.0))))
    # conjugate roots in pairs, (z - z_k)(z - conj z_k), 16 pairs multiplied per log
    upper = zk[: (c - 1) // 2]
    zz = z * z
    for i in range(0, len(upper), 16):
        r = upper[i : i + 16, None]
        pair = (zz - 2.0 * r.real * z + np.abs(r) ** 2) / np.abs(1.0 - r) ** 2
        log_q += np.log(np.prod(pair, axis=0))
    if c % 2 == 0:  # the real root -> w = -1
        zr = zk[c // 2 - 1].real
        log_q += np.log((z - zr) / (1.0 - zr))
    values = np.exp(log_q)
    values[0] = 1.0  # Q(1): the removable 0/0
    pmf = np.fft.irfft(np.conj(values), n=size)
    cdf = np.clip(np.cumsum(np.clip(pmf, 0.0, None)), 0.0, 1.0)
    cdf.flags.writeable = False
    return cdf, max(mean, 0.0)


def _poisson_pmf(mu: float, n: int) -> np.ndarray:
    """``P(A = j)`` for ``j = 0 .. n - 1``, ``A ~ Poisson(mu)``, from the mode outward in
    logs (no underflow of ``e^-mu`` at large ``mu``)."""
    if mu <= 0.0:
        out = np.zeros(n)
        out[0] = 1.0
        return out
    m = min(int(mu), n - 1)
    log_m = m * math.log(mu) - mu - math.lgamma(m + 1)
    up = log_m + np.cumsum(np.log(mu / np.arange(m + 1, n)))
    down = log_m + np.cumsum(np.log(np.arange(m, 0, -1) / mu))
    return np.exp(np.concatenate([down[::-1], [log_m], up]))


def mdc_wait_exceedance(x: float, rho: float, c: int) -> float:
    """Probability that an M/D/c customer waits longer than ``x`` service times.

    ``c`` servers share one first-come-first-served queue, arrivals Poisson at rate
    ``lambda``, every service ``D``, ``a = lambda D``, ``rho = a / c``. The number in
    system just after each multiple of ``D`` is the embedded chain
    ``N' = max(N - c, 0) + A``, ``A ~ Poisson(a)`` (Crommelin 1932); its stationary
    distribution is also that at a random time. Equal service times keep departures in
    arrival order, so a customer waits at most ``k D + u`` (``k`` whole, ``0 <= u < D``)
    iff ``max(N - c, 0) + Poisson(lambda (D - u)) <= (k + 1) c - 1``, ``N`` stationary
    and the Poisson independent. The waiting number's distribution is Crommelin's
    generating function
    ``Q(z) = (c - a)(z - 1) / (z^c - e^{a (z - 1)}) prod_{k=1}^{c-1} (z - z_k) / (1 - z_k)``
    over the roots ``z_k`` of ``z^c = e^{a (z - 1)}`` inside the unit disk, inverted by
    FFT on a support whose geometric tail beyond is below :data:`MDC_TRUNCATION`.
    ``c = 1`` is the M/D/1 queue (:func:`md1_wait_exceedance`).

    Parameters
    ----------
    x : float
        Wait as a multiple of the service time ``D``, at least 0 [-].
    rho : float
        Utilisation of each server, ``lambda D / c``, in [0, 1) [-].
    c : int
        Servers, 1 to :data:`MDC_MAX_SERVERS` [-].

    Returns
    -------
    float
        ``P(W > x D)`` [-], within :data:`MDC_TRUNCATION` plus rounding (about 1e-14).

    Raises
    ------
    ValueError
        ``rho`` outside [0, 1) or ``c`` not a whole number in 1 .. ``MDC_MAX_SERVERS``.

    References
    ----------
    C. D. Crommelin 1932, "Delay probability formulae when the holding times are
    constant", Post Office Electrical Engineers' Journal 25, 41-50 (the embedded chain,
    its generating function and roots); H. C. Tijms 2003, *A First Course in Stochastic
    Models*, Wiley, the M/D/c queue; G. J. Franx 2001, "A simple solution for the M/D/c
    waiting time distribution", Operations Research Letters 29(5), 221-229 (the waiting
    time from the number waiting, FCFS).

    Examples
    --------
    One server is M/D/1: no wait with probability ``1 - rho``. Two servers at the same
    utilisation wait less often:

    >>> round(mdc_wait_exceedance(0.0, 0.5, 1), 12)
    0.5
    >>> mdc_wait_exceedance(0.0, 0.5, 2) < 0.5
    True
    """
    _check_mdc(rho, c)
    if rho <= 0.0:
        return 0.0
    x = max(float(x), 0.0)
    k = math.floor(x)
    u = x - k
    cdf, _ = _mdc_waiting(float(rho), int(c))
    top = (k + 1) * c  # P(Q + A_u <= top - 1)
    mu = rho * c * (1.0 - u)
    # A_u beyond mu + 40 sd + 60 has mass far below the truncation: a wait of a million
    # steps (a loose target) summed a million-term pmf for each bisection step
    span = min(top, math.ceil(mu + _POISSON_SDS * math.sqrt(mu) + _POISSON_PAD))
    pois = _poisson_pmf(mu, span)
    room = top - 1 - np.arange(span)  # Q may be at most this
    f = np.where(room >= len(cdf), cdf[-1], cdf[np.minimum(room, len(cdf) - 1)])
    return float(min(max(1.0 - float(np.dot(pois, f)), 0.0), 1.0))


def mdc_mean_wait(rho: float, c: int) -> float:
    """Mean M/D/c wait in queue, in service times.

    ``E[W] = E[max(N - c, 0)] / lambda`` (Little's law over the waiting customers), with
    ``E[max(N - c, 0)] = sum_k 1 / (1 - z_k) - (c (c - 1) - a^2) / (2 (c - a))``, the
    derivative at 1 of Crommelin's generating function (:func:`mdc_wait_exceedance`),
    so ``E[W] / D = E[max(N - c, 0)] / a``.

    Parameters
    ----------
    rho : float
        Utilisation of each server, in [0, 1) [-].
    c : int
        Servers, 1 to :data:`MDC_MAX_SERVERS` [-].

    Returns
    -------
    float
        ``E[W] / D`` [-]; ``c = 1`` gives M/D/1's ``rho / (2 (1 - rho))``.

    Raises
    ------
    ValueError
        As :func:`mdc_wait_exceedance`.

    References
    ----------
    As :func:`mdc_wait_exceedance`; J. D. C. Little 1961, "A proof for the queuing
    formula L = lambda W", Operations Research 9(3).

    Examples
    --------
    >>> round(mdc_mean_wait(0.5, 1), 12)
    0.5
    >>> mdc_mean_wait(0.5, 2) < 0.5
    True
    """
    _check_mdc(rho, c)
    if rho <= 0.0:
        return 0.0
    _, waiting = _mdc_waiting(float(rho), int(c))
    return waiting / (rho * c)


def mdc_wait_percentile(rho: float, c: int, percentile: float) -> float:
    """The ``percentile`` M/D/c wait, in service times: the least ``x`` with
    ``P(W > x D) <= 1 - percentile`` (bisection on :func:`mdc_wait_exceedance`).

    Parameters
    ----------
    rho : float
        Utilisation of each server, in [0, 1) [-].
    c : int
        Servers, 1 to :data:`MDC_MAX_SERVERS` [-].
    percentile : float
        In (0, 1) [-].

    Returns
    -------
    float
        The wait as a multiple of the service time [-]; 0 when at least ``percentile``
        of the customers do not wait.

    Raises
    ------
    ValueError
        ``percentile`` outside (0, 1), or as :func:`mdc_wait_exceedance`.

    References
    ----------
    As :func:`mdc_wait_exceedance`.

    Examples
    --------
    >>> x = mdc_wait_percentile(0.8, 4, 0.99)
    >>> abs(mdc_wait_exceedance(x, 0.8, 4) - 0.01) < 1e-9
    True
    """
    if not 0.0 < percentile < 1.0:
        raise ValueError(f"percentile must be in (0, 1), a fraction, got {percentile!r}")
    _check_mdc(rho, c)
    return _least_wait(lambda x: mdc_wait_exceedance(x, rho, c), 1.0 - percentile)


def mdc_min_servers(load: float, x: float, percentile: float, most: int) -> int | None:
    """Fewest M/D/c servers whose wait meets a target, by bisection on ``c``.

    The wait falls as servers are added at a fixed offered load ``a = lambda D``, so the
    least ``c`` in ``floor(a) + 1 .. most`` meeting it is found by bisection: with
    ``percentile`` in (0, 1), ``P(W > x D) <= 1 - percentile``
    (:func:`mdc_wait_exceedance`); with ``percentile`` 0, the mean wait at most ``x D``
    (:func:`mdc_mean_wait`). A count so close to full load that its distribution needs
    more than :data:`MDC_MAX_SUPPORT` points is taken to miss (its queue is then tens
    of thousands of customers long): the answer always meets the target, exactly
    computed, and can exceed the least count only in that corner.

    Parameters
    ----------
    load : float
        Offered load ``a = lambda D``, at least 0 [-] (servers busy on average).
    x : float
        Wait allowed, in service times [-].
    percentile : float
        Fraction of customers that must meet it, in (0, 1); 0 for the mean [-].
    most : int
        Servers known to meet it (an upper bound), at most :data:`MDC_MAX_SERVERS` [-].

    Returns
    -------
    int or None
        The servers [-]; ``None`` when even ``most`` misses.

    References
    ----------
    As :func:`mdc_wait_exceedance`.

    Examples
    --------
    An offered load of 3.5 needs at least 4 servers; for 99 % of customers to wait at
    most one service time, 6 (5 leave 1.75 % waiting longer):

    >>> mdc_min_servers(3.5, 1.0, 0.99, 64)
    6
    """

    def meets(c: int) -> bool:
        rho = load / c
        if _mdc_support(rho, c) > MDC_MAX_SUPPORT:  # within ~15 c / 2^17 of full load
            return False
        if percentile > 0.0:
            return mdc_wait_exceedance(x, rho, c) <= 1.0 - percentile
        return mdc_mean_wait(rho, c) <= x

    lo = max(math.floor(load) + 1, 1)
    if lo > most or not meets(most):
        return None
    if meets(lo):
        return lo
    while most - lo > 1:  # lo misses, most meets
        mid = (lo + most) // 2
        if meets(mid):
            most = mid
        else:
            lo = mid
    return most
