"""Pure, vectorised functions of the fab layer: scanner counts, ramp S-curve, capex
spend profile, defect-density learning and levelised cost per wafer.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from tigris.silicon.yields import defect_density
from tigris.units import HOURS_PER_MONTH, MONTHS_PER_YEAR

__all__ = [
    "annual_output_fraction",
    "capex_spend_fractions",
    "defect_density_learning",
    "fab_timeline",
    "levelised_cost_per_wafer",
    "ramp_output_fraction",
    "tools_needed",
]

ArrayLike = float | npt.ArrayLike


def tools_needed(
    layers: ArrayLike,
    wspm: ArrayLike,
    throughput_wafer_passes_per_hour: ArrayLike,
    availability: ArrayLike,
) -> npt.NDArray[np.float64] | float:
    """Scanners needed to expose ``layers`` on every wafer start (fractional count).

    ``tools = layers * wspm / (throughput * availability * hours_per_month)``: each
    layer of each wafer start is one wafer pass; a tool delivers ``throughput`` passes
    per hour while up.

    Parameters
    ----------
    layers : float or array
        Mask layers exposed on this tool class [-].
    wspm : float or array
        Wafer starts per month [wafers/month].
    throughput_wafer_passes_per_hour : float or array
        Effective throughput [wafer passes/h].
    availability : float or array
        Share of hours the tool is up [-].

    Returns
    -------
    float or numpy.ndarray
        Tools needed, not rounded [-].

    References
    ----------
    .. [1] ASML (2019), via AnandTech 13904: one EUV tool per layer supports about
       45,000 wafers per month.
    .. [2] W. J. Hopp and M. L. Spearman, *Factory Physics*, 3rd ed., 2008, ch. 8:
       station capacity = rate x availability.

    Examples
    --------
    N5's 14 EUV layers at 45,000 wspm on tools of 75 passes/h up 90 % of the time:

    >>> n = tools_needed(14, 45_000, 75, 0.9)
    >>> n == 14 * 45_000 / (75 * 0.9 * HOURS_PER_MONTH)
    True
    >>> abs(n / 14 - 1) < 0.15  # ASML: about one tool per layer per 45,000 wspm
    True
    >>> tools_needed(np.array([0, 14]), 45_000, 75, 0.9).tolist() == [0.0, n]
    True
    """
    per_tool = np.multiply(throughput_wafer_passes_per_hour, availability) * HOURS_PER_MONTH
    out = np.multiply(layers, wspm) / per_tool
    return float(out) if np.ndim(out) == 0 else out


def _logistic_parts(ramp_years: float, steepness: float) -> tuple[float, float, float]:
    k = steepness / ramp_years
    mid = ramp_years / 2.0
    l0 = 1.0 / (1.0 + math.exp(k * mid))
    return k, mid, l0


def ramp_output_fraction(
    t_years: ArrayLike, ramp_years: float, steepness: float
) -> npt.NDArray[np.float64] | float:
    """Output as a share of full capacity, ``t_years`` after first wafer (S-curve).

    A logistic ``L(t) = 1 / (1 + exp(-k (t - R/2)))`` with ``k = steepness / R``,
    rescaled to run from exactly 0 at first wafer to exactly 1 at the end of the ramp
    ``R``: ``f = (L(t) - L(0)) / (1 - 2 L(0))``, 0 before and 1 after.

    Parameters
    ----------
    t_years : float or array
        Time since first wafer [years].
    ramp_years : float
        Ramp duration, first wafer to full output [years].
    steepness : float
        ``k * R`` of the logistic [-].

    Returns
    -------
    float or numpy.ndarray
        Output fraction of full capacity [-].

    References
    ----------
    .. [1] J. C. Fisher and R. H. Pry, "A simple substitution model of technological
       change", Technol. Forecast. Soc. Change 3 (1971) 75-88 (logistic S-curve).

    Examples
    --------
    Nothing before first wafer, half at mid-ramp (the logistic is symmetric), all after:

    >>> ramp_output_fraction(np.array([-1.0, 0.0, 0.5, 1.0, 2.0]), 1.0, 8.0).round(3)
    array([0. , 0. , 0.5, 1. , 1. ])
    """
    k, mid, l0 = _logistic_parts(ramp_years, steepness)
    t = np.asarray(t_years, dtype=float)
    logistic = 1.0 / (1.0 + np.exp(-k * (t - mid)))
    out = np.clip((logistic - l0) / (1.0 - 2.0 * l0), 0.0, 1.0)
    out = np.where(t <= 0.0, 0.0, np.where(t >= ramp_years, 1.0, out))
    return float(out) if out.ndim == 0 else out


def _ramp_integral(t_years: npt.NDArray[np.float64], ramp_years: float, steepness: float) -> Any:
    """Closed-form integral of :func:`ramp_output_fraction` from 0 to ``t`` [years]."""
    k, mid, l0 = _logistic_parts(ramp_years, steepness)
    t = np.asarray(t_years, dtype=float)
    tc = np.clip(t, 0.0, ramp_years)
    # integral of the logistic is log(1 + exp(k (t - mid))) / k
    g = np.logaddexp(0.0, k * (tc - mid)) / k
    g0 = np.logaddexp(0.0, -k * mid) / k
    inside = (g - g0 - l0 * tc) / (1.0 - 2.0 * l0)
    return inside + np.clip(t - ramp_years, 0.0, None)


def annual_output_fraction(
    n_years: int,
    build_years: float,
    ramp_years: float,
    steepness: float,
    life_years: float | None = None,
) -> npt.NDArray[np.float64]:
    """Average output fraction in each year from groundbreaking (years 0..n-1).

    The year average of :func:`ramp_output_fraction` shifted by ``build_years``,
    integrated in closed form (``int L dt = ln(1 + e^{k (t - R/2)}) / k``). With
    ``life_years``, output stops ``life_years`` after first wafer.

    Parameters
    ----------
    n_years : int
        Number of years from groundbreaking [years].
    build_years : float
        Groundbreaking to first wafer [years].
    ramp_years : float
        First wafer to full output [years].
    steepness : float
        ``k * R`` of the logistic [-].
    life_years : float, optional
        Operating life from first wafer [years]; default unlimited.

    Returns
    -------
    numpy.ndarray
        Share of full output in each year [-].

    References
    ----------
    .. [1] Fisher and Pry (1971), see :func:`ramp_output_fraction`.
    .. [2] Durations (``sites.csv``): Exyte (H. Blaschitz, SEMI ISS 2025) permit and
       construction months by region; CSET, "No Permits, No Fabs" (2022): 682 days
       average from construction start to production, 1990-2020; TSMC Arizona fab 1,
       construction 2021 to volume N4 in Q4 2024.

    Examples
    --------
    A one-year build and a one-year ramp: nothing in year 0, the ramp year averages 1/2
    (the S-curve is point-symmetric about mid-ramp), full output after:

    >>> annual_output_fraction(4, 1.0, 1.0, 8.0).round(3)
    array([0. , 0.5, 1. , 1. ])
    """
    edges = np.arange(n_years + 1, dtype=float)
    if life_years is not None:
        edges = np.minimum(edges, build_years + life_years)
    cum = _ramp_integral(edges - build_years, ramp_years, steepness)
    return np.diff(cum)


def capex_spend_fractions(
    build_years: float,
    tool_install_years: float,
    building_share: float,
    start_years: float = 0.0,
) -> npt.NDArray[np.float64]:
    """Share of capex spent in each year from groundbreaking to first wafer.

    Building and cleanroom spend is spread evenly over the construction; equipment is
    spread evenly over the last ``tool_install_years`` before first wafer (tool
    move-in). Fractions sum to 1 over ``ceil(build_years)`` years.

    Parameters
    ----------
    build_years : float
        Groundbreaking to first wafer [years].
    tool_install_years : float
        Equipment purchase and installation window before first wafer [years].
    building_share : float
        Building and cleanroom share of capex [-].
    start_years : float, optional
        Years from the start of year 0 to groundbreaking (default 0: years counted
        from groundbreaking; :func:`fab_timeline` passes the permit and design time,
        so years count from the decision to build) [years].

    Returns
    -------
    numpy.ndarray
        Spend fraction per year [-].

    References
    ----------
    .. [1] Uniform spend over a construction window, as the overnight-cost spreading of
       IEA/NEA, *Projected Costs of Generating Electricity* (2020), ch. 2.

    Examples
    --------
    Two-year build, tools in the last half year, building 25 % of capex: each year gets
    half the building (0.125), the second year all the equipment (0.75):

    >>> capex_spend_fractions(2.0, 0.5, 0.25).round(4)
    array([0.125, 0.875])
    """
    t0 = float(start_years)
    n = max(1, math.ceil(t0 + build_years - 1e-9))
    start = np.arange(n, dtype=float)
    end = start + 1.0

    def overlap(a: float, b: float) -> npt.NDArray[np.float64]:
        return np.clip(np.minimum(end, b) - np.maximum(start, a), 0.0, None) / (b - a)

    install = min(tool_install_years, build_years)
    building = overlap(t0, t0 + build_years)
    equipment = overlap(t0 + build_years - install, t0 + build_years)
    return building_share * building + (1.0 - building_share) * equipment


def fab_timeline(
    permit_years: float,
    build_years: float,
    ramp_years: float,
    steepness: float,
    tool_install_years: float,
    building_share: float,
    n_years: int | None = None,
    life_years: float | None = None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """A fab's capex spend and output share in each year from the start of its
    permit and design: the one timeline ``tigris fab`` prints (permit and design, then
    construction to first wafer, then the ramp) and the plan's logic modules use.

    Nothing is spent or made during permit and design; from groundbreaking
    (``permit_years`` after the start) spend follows :func:`capex_spend_fractions` and
    output :func:`annual_output_fraction` with first wafer ``permit_years +
    build_years`` after the start. With ``permit_years = 0`` the years count from
    groundbreaking, as :func:`tigris.fab.fab_model`'s year table does.

    Parameters
    ----------
    permit_years : float
        Permit and design, the start to groundbreaking [years].
    build_years : float
        Groundbreaking to first wafer [years].
    ramp_years : float
        First wafer to full output [years].
    steepness : float
        ``k * R`` of the logistic ramp [-].
    tool_install_years : float
        Equipment window before first wafer [years].
    building_share : float
        Building and cleanroom share of capex [-].
    n_years : int, optional
        Years of output to return; default through the first year at full output.
    life_years : float, optional
        Operating life from first wafer, after which output is 0 (as
        :func:`annual_output_fraction`) [years]; default unlimited.

    Returns
    -------
    spend, output : numpy.ndarray
        Share of capex spent and share of full output in each year from the start [-].

    References
    ----------
    .. [1] Durations: ``data/sites.csv`` (Exyte, H. Blaschitz, SEMI ISS 2025: permit
       and construction months by region; CSET, "No Permits, No Fabs", 2022), as in
       :func:`annual_output_fraction`; ramp: Fisher and Pry (1971).

    Examples
    --------
    Half a year of permits, a 1.5-year build, a one-year ramp: spend in years 0-1,
    first wafer at 2.0, the ramp year averages 1/2:

    >>> s, o = fab_timeline(0.5, 1.5, 1.0, 8.0, 0.5, 0.25)
    >>> s.round(4).tolist(), o.round(3).tolist()
    ([0.0833, 0.9167], [0.0, 0.0, 0.5, 1.0])
    """
    lead = permit_years + build_years
    if n_years is None:
        n_years = math.ceil(lead + ramp_years - 1e-9) + 1
    spend = capex_spend_fractions(
        build_years, tool_install_years, building_share, start_years=permit_years
    )
    output = annual_output_fraction(n_years, lead, ramp_years, steepness, life_years=life_years)
    return spend, output


def defect_density_learning(
    t_years: ArrayLike, d0_start_per_cm2: float, d0_floor_per_cm2: float, tau_years: float
) -> npt.NDArray[np.float64] | float:
    """Defect density of a new fab, ``t_years`` after its first wafer.

    The exponential learning curve of :func:`tigris.silicon.defect_density` (the one
    implementation), on the fab's time axis: ``D0(t) = D_floor + (D_start - D_floor)
    exp(-t / tau)`` with ``t`` and ``tau`` in years, and ``D_start`` before first wafer
    (``t < 0`` counts as 0).

    Parameters
    ----------
    t_years : float or array
        Time since first wafer [years].
    d0_start_per_cm2 : float
        Defect density at first wafer [defects/cm^2].
    d0_floor_per_cm2 : float
        Mature defect density [defects/cm^2].
    tau_years : float
        Learning time constant [years].

    Returns
    -------
    float or numpy.ndarray
        Defect density [defects/cm^2].

    References
    ----------
    .. [1] C. Weber, "Yield learning and the sources of profitability in semiconductor
       manufacturing and process development", IEEE Trans. Semicond. Manuf. 17(4)
       (2004) 590-596 (exponential yield learning).

    Examples
    --------
    One time constant after first wafer, the excess over the floor has fallen to 1/e:

    >>> abs(defect_density_learning(0.5, 0.2, 0.1, 0.5) - (0.1 + (0.2 - 0.1) / math.e)) < 1e-15
    True
    """
    t = np.clip(np.asarray(t_years, dtype=float), 0.0, None)
    months = defect_density(
        t * MONTHS_PER_YEAR, d0_start_per_cm2, d0_floor_per_cm2, tau_years * MONTHS_PER_YEAR
    )
    out = np.asarray(months, dtype=float)
    return float(out) if out.ndim == 0 else out


def levelised_cost_per_wafer(
    cost_usd_by_year: npt.ArrayLike, wafers_by_year: npt.ArrayLike, discount_rate: float
) -> float:
    """Life-cycle (levelised) cost per wafer: discounted costs over discounted wafers.

    ``LCOW = sum_y C_y / (1 + r)^y / sum_y W_y / (1 + r)^y``, the wafer analogue of the
    levelised cost of electricity.

    Parameters
    ----------
    cost_usd_by_year : array
        Capex and opex paid in each year from groundbreaking, years on the last axis
        (leading axes are independent fabs) [USD].
    wafers_by_year : array
        Wafers out in each year, broadcastable against ``cost_usd_by_year`` [wafers].
    discount_rate : float
        Real discount rate [1/year].

    Returns
    -------
    float or numpy.ndarray
        Cost per wafer; an array over the leading axes when there are any [USD/wafer].

    References
    ----------
    .. [1] IEA/NEA, *Projected Costs of Generating Electricity* (2020), eq. for LCOE,
       ch. 2.

    Examples
    --------
    US$100 now and 11 wafers next year at 10 %: 100 / (11 / 1.1) = US$10 per wafer.

    >>> round(levelised_cost_per_wafer([100.0, 0.0], [0.0, 11.0], 0.10), 9)
    10.0
    """
    cost = np.asarray(cost_usd_by_year, dtype=float)
    wafers = np.asarray(wafers_by_year, dtype=float)
    disc = (1.0 + discount_rate) ** -np.arange(cost.shape[-1], dtype=float)
    out = np.sum(cost * disc, axis=-1) / np.sum(wafers * disc, axis=-1)
    return float(out) if out.ndim == 0 else out
