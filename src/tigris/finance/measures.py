"""Measures of a cash-flow series: NPV, IRR and payback year.

Part of :mod:`tigris.finance.cashflow` (split from it; its names are importable from
there): :func:`npv_usd`, :func:`irr` (``numpy_financial.irr``) and :func:`payback_year`,
applied to the summed flows of a module, site, owner or capital source by
:mod:`tigris.finance.evaluate`.

References: Brealey, Myers & Allen (2020), *Principles of Corporate Finance*, 13th ed.,
ch. 2 (net present value) and ch. 5 (IRR and the payback rule).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import numpy_financial as npf

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

#: the flows' total magnitude of zero counts as zero [-].
_PAYBACK_REL_TOL = 1e-9


def npv_usd(net: ArrayLike, years: ArrayLike, base_year: int, rate: float) -> float:
    """Net present value of a cash-flow series.

    ``NPV = Σ_t net[t] / (1 + r)^(year[t] − base_year)``.

    Parameters
    ----------
    net : array
        Net cash flow per year [USD/year].
    years : array of int
        Year of each flow [year].
    base_year : int
        Year the value is discounted to [year].
    rate : float
        Real discount rate [1/year].

    Returns
    -------
    float
        [USD].

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 2 (net present value).

    Examples
    --------
    Investing 100 to get 110 a year later at 10 % is worth nothing today (the float
    result is a rounding residual whose sign depends on the CPU's arithmetic):

    >>> abs(npv_usd([-100.0, 110.0], [2025, 2026], 2025, 0.1)) < 1e-9
    True
    >>> round(npv_usd([-100.0, 110.0, 121.0], [2025, 2026, 2027], 2025, 0.1), 6)
    100.0
    """
    from tigris.plan.inputs import discount_factors

    flows = np.asarray(net, dtype=float)
    return float(np.dot(flows, discount_factors(np.asarray(years), base_year, rate)))


def irr(net: ArrayLike) -> float:
    """Internal rate of return of consecutive yearly flows (``numpy_financial.irr``).

    The rate ``r`` with ``Σ_t net[t] / (1 + r)^t = 0``; of several, the one closest to
    zero (numpy-financial's rule). NaN when there is none (e.g. all flows of one sign).

    Parameters
    ----------
    net : array
        Net cash flow per consecutive year, from the first [USD/year].

    Returns
    -------
    float
        [1/year], or NaN.

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 5 (internal rate of return and its pitfalls:
    several or no roots). numpy-financial ``irr``.

    Examples
    --------
    >>> round(irr([-100.0, 110.0]), 9)
    0.1
    """
    flows = np.asarray(net, dtype=float)
    if flows.size < 2 or not np.all(np.isfinite(flows)):
        return float("nan")
    rate = float(npf.irr(flows))
    if math.isnan(rate):
        # a double root (the NPV touches 0 without crossing it) comes out of numpy.roots
        # as a complex pair ~1e-8 off the real axis, which numpy-financial drops: "IRR
        # undefined" of flows that change sign (review of 2026-12-07); irr_roots keeps it
        roots = irr_roots(flows)
        if roots:
            rate = min(roots, key=abs)
    return rate


#: Two rates closer than this are one rate [1/year]: a root of the NPV counted twice by
#: :func:`irr_roots` (a double root, split by rounding in ``numpy.roots``), or an IRR
#: and the root it is (:func:`tigris.plan.summary.irr_roots_words`); a numerical
#: tolerance, far below the 0.1-point precision an IRR is printed to.
SAME_RATE = 1e-6
#: A root of the NPV polynomial is taken as real when its imaginary part is within this
#: share of its modulus and the polynomial at its real part is within this share of the
#: flows' total: a numerical tolerance (a double root splits by ~sqrt(machine epsilon),
#: ~1e-8), not a modelling choice.
_NEAR_REAL = 1e-6


def irr_roots(net: ArrayLike) -> list[float]:
    """Every internal rate of return of consecutive yearly flows, ascending.

    The rates ``r > -1`` with ``Σ_t net[t] / (1 + r)^t = 0``: the positive real roots
    ``x`` of the polynomial ``Σ_t net[t] x^t``, ``r = 1/x - 1``, as :func:`irr` finds
    them (which returns the one closest to zero). Flows that change sign more than once
    can have several (no more than their sign changes, Descartes' rule of signs); the IRR
    then does not rank a project and its NPV does (Brealey, Myers & Allen 2020, ch. 5,
    "Pitfall 2: multiple rates of return").

    Parameters
    ----------
    net : array
        Net cash flow per consecutive year, from the first [USD/year].

    Returns
    -------
    list of float
        [1/year], ascending; empty when there is none (or a flow is not finite).

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 5; numpy-financial ``irr`` (the same roots).

    Examples
    --------
    >>> [round(r, 9) for r in irr_roots([-100.0, 230.0, -132.0])]
    [0.1, 0.2]
    >>> irr_roots([100.0, 50.0])
    []
    """
    flows = np.asarray(net, dtype=float)
    if flows.size < 2 or not np.all(np.isfinite(flows)):
        return []
    x = np.roots(flows[::-1])
    # numpy-financial's real roots, and a double root that rounding split into a complex
    # pair a hair off the real axis (|imag| within _NEAR_REAL of |x|) when the
    # polynomial vanishes at its real part (review of 2026-12-07: [-100, 250, -156.25],
    # 25 % exactly, gave no rate)
    near = (np.abs(x.imag) <= _NEAR_REAL * np.abs(x)) & (x.imag != 0)
    scale = float(np.abs(flows).sum())
    vanishes = np.array(
        [abs(np.polyval(flows[::-1], v.real)) <= _NEAR_REAL * scale for v in x], dtype=bool
    )
    x = x[((x.imag == 0) | (near & vanishes)) & (x.real > 0)].real
    out: list[float] = []
    for r in np.sort(1.0 / x - 1.0):
        if not out or r - out[-1] > SAME_RATE:
            out.append(float(r))
    return out


def payback_year(net: ArrayLike, years: ArrayLike) -> int | None:
    """First year the undiscounted cumulative cash flow is ≥ 0 after having been < 0.

    Parameters
    ----------
    net : array
        Net cash flow per year [USD/year].
    years : array of int
        Year of each flow, increasing [year].

    Returns
    -------
    int or None
        The payback year, or ``None`` if the cumulative flow never turns negative and
        back within the table.

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 5 (the payback rule).

    Examples
    --------
    >>> payback_year([-100.0, 60.0, 60.0], [2025, 2026, 2027])
    2027
    """
    flows = np.asarray(net, dtype=float)
    cum = np.cumsum(flows)
    tol = _PAYBACK_REL_TOL * float(np.abs(flows).sum())
    below = np.cumsum(cum < -tol) > 0  # has been negative up to and including here
    back = np.nonzero(below[:-1] & (cum[1:] >= -tol))[0] if len(cum) > 1 else []
    if len(back) == 0:
        return None
    return int(np.asarray(years)[back[0] + 1])
