"""The network-planning MILP, built with linopy in small ``add_*`` functions.

Formulation (``docs/plan.md`` has it in full, with what changed from the original design
and why):

- ``build[site, facility, year]`` integer modules started; ``modules`` their running
  total; ``prod[product, year]`` accelerators made; ``unmet[demand_class, year]``
  H100e of demand not served; ``draw[source, year]`` capital drawn per source.
- Capacity of facility type *k* in year *t*: existing plus, over sites and start years
  τ, ``build[s, k, τ] · module_capacity · output[t − τ]`` (0 during construction);
  the ramp's last value holds afterwards, written with ``modules`` so the matrix stays
  sparse.
- Capex spread over construction years by the fab spend profile; each source's
  cumulative draws never exceed its cumulative availability (carry-over).
- EUV and High-NA scanners needed by builds in their start year ≤ supply; per-site
  module and power limits.
- Objective ``serve`` (minimise): per module the present value of its net capex within
  the horizon less its salvage (book value at the end, received the year after) plus
  its fixed opex, + the present value of the variable cost of every wafer used, + the
  priority-weighted discounted penalty on unmet demand.
- Objective ``npv`` (maximise): the investor's NPV, ``Σ build · npv_build_coefficients
  + Σ sold · wafer_margin_pv`` (:mod:`tigris.finance.cashflow`), with
  ``sold[site, facility, year]`` the investor's wafers sold in the merit order
  (incumbents first) encoded exactly by the binary ``merit[facility, year]``
  (:mod:`tigris.plan.sales`); other owners' builds fixed at their floor; unmet demand
  not priced.
- Both: optionally a share of the horizon's demand served (``served-share-lower``).
- Power (with a facility of kind ``datacenter``, :mod:`tigris.plan.power`): the
  installed fleet's facility power, ``Σ_{l<L} Σ_p fleet_mw[p] · prod[p, t − l]`` plus
  the legacy fleet, ≤ the datacenter capacity online (``capacity-datacenter-upper``,
  datacenter types pooled); new grid-connected datacenter MW online per region ≤ its
  grid headroom (``grid-headroom-upper``); with ``datacenters.gas_mw_per_year_max``, the
  investor's on-site gas MW first running in a year ≤ that cap (``gas-build-upper``,
  :func:`tigris.plan.power.add_gas_cap`).

Internally money is in millions of USD and production, compute and wafers in
thousands, so that HiGHS sees coefficients of similar size; :mod:`tigris.plan.result`
converts back.

Every row is built through linopy's public interface: variables times coefficient
``DataArray``s, ``sum`` over dimensions, ``linopy.merge`` and ``m.add_constraints``.
Lagged terms (``build[t − l]``) select the year by position with a ``lag`` dimension
(clamped to the first year, coefficient 0 there), so no variable has absent slots and
the model means the same under linopy's legacy and v1 arithmetic conventions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xarray as xr

from tigris.plan.inputs import (
    DATACENTER,
    FACILITY_KINDS,
    INVESTOR,
    MONTHS_PER_YEAR,
    PlanInputs,
    discount_factors,
)

if TYPE_CHECKING:
    import linopy

__all__ = [
    "COUNT_SCALE",
    "MONEY_SCALE",
    "build_model",
    "capex_by_year",
    "fleet_expression",
    "non_investor_output",
    "objective_coefficients",
    "online_by_last_year",
    "online_fraction",
    "output_availability",
    "paid_by_last_year",
    "serve_objective",
]

#: USD per model money unit (the model counts money in millions of USD).
MONEY_SCALE = 1e6
#: Accelerators, H100e and wafers per model count unit (the model counts thousands).
COUNT_SCALE = 1e3


def _index(name: str, values: object) -> pd.Index:
    return pd.Index(list(values), name=name)  # type: ignore[call-overload]


def coords(inp: PlanInputs) -> dict[str, pd.Index]:
    """Named indexes of the model's dimensions.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs.

    Returns
    -------
    dict of str to pd.Index
        ``year``, ``site``, ``facility``, ``product``, ``demand_class`` and ``source``, each
        a named index of the inputs' labels.
    """
    return {
        "year": _index("year", np.asarray(inp.years, dtype=int)),
        "site": _index("site", inp.sites),
        "facility": _index("facility", inp.facilities),
        "product": _index("product", inp.products),
        "demand_class": _index("demand_class", inp.classes),
        "source": _index("source", inp.sources),
    }


def _pad_lags(profile: np.ndarray, n_years: int) -> np.ndarray:
    """Profile over lags 0..n_years-1, the last value held (extra lags dropped)."""
    n_lag = profile.shape[-1]
    idx = np.minimum(np.arange(n_years), n_lag - 1)
    return profile[..., idx]


def online_fraction(build: np.ndarray, output: np.ndarray) -> np.ndarray:
    """Module-equivalents online in each year from a build schedule.

    ``online[s, k, t] = Σ_{τ ≤ t} build[s, k, τ] · output[s, k, t − τ]`` with the
    last value of ``output`` held for all later lags (a discrete convolution).

    Parameters
    ----------
    build : (S, K, T) array
        Modules started per year [modules].
    output : (S, K, L) array
        Share of a module's capacity available ``l`` years after its start [-].

    Returns
    -------
    numpy.ndarray
        (S, K, T) full-output module equivalents [modules].

    References
    ----------
    ``docs/plan.md``, "Constraints" (``online``, with ρ in "Data"): capacity = existing +
    Σ builds finished × their ramp.

    Examples
    --------
    >>> b = np.zeros((1, 1, 4)); b[0, 0, 0] = 2
    >>> online_fraction(b, np.array([[[0.0, 0.5, 1.0]]]))[0, 0].tolist()
    [0.0, 1.0, 2.0, 2.0]
    """
    build = np.asarray(build, dtype=float)
    n_years = build.shape[-1]
    out = _pad_lags(np.asarray(output, dtype=float), n_years)
    result = np.zeros_like(build)
    for lag in range(n_years):
        result[..., lag:] += out[..., lag : lag + 1] * build[..., : n_years - lag]
    return result


def capex_by_year(build: np.ndarray, spend: np.ndarray, capex: np.ndarray) -> np.ndarray:
    """Capex spent per site, facility type and year from a build schedule.

    ``spent[s, k, t] = Σ_l build[s, k, t − l] · capex[s, k] · spend[s, k, l]``
    (spend profile of a module over its construction years; spending after the last
    planning year is dropped).

    Parameters
    ----------
    build : (S, K, T) array
        Modules started per year [modules].
    spend : (S, K, L) array
        Share of a module's capex spent ``l`` years after its start [-].
    capex : (S, K) array
        Capex of one module [USD].

    Returns
    -------
    numpy.ndarray
        (S, K, T) capex [USD/year].

    References
    ----------
    ``docs/plan.md``, "Data" (σ, the share of capex spent l years after the start) and
    "Constraints" (``capital-balance``): capex spread over construction years.

    Examples
    --------
    >>> b = np.zeros((1, 1, 3)); b[0, 0, 1] = 1
    >>> capex_by_year(b, np.array([[[0.25, 0.75]]]), np.array([[8.0]]))[0, 0].tolist()
    [0.0, 2.0, 6.0]
    """
    build = np.asarray(build, dtype=float)
    n_years = build.shape[-1]
    spend = np.asarray(spend, dtype=float)
    result = np.zeros_like(build)
    for lag in range(min(spend.shape[-1], n_years)):
        result[..., lag:] += spend[..., lag : lag + 1] * build[..., : n_years - lag]
    return result * np.asarray(capex, dtype=float)[..., None]


def _da(values: np.ndarray, dims: dict[str, pd.Index]) -> xr.DataArray:
    return xr.DataArray(np.asarray(values, dtype=float), coords=dict(dims))


def _sum(exprs: list[linopy.LinearExpression]) -> linopy.LinearExpression:
    """One expression from several with the same dimensions (``linopy.merge``)."""
    import linopy

    return exprs[0] if len(exprs) == 1 else linopy.merge(exprs, cls=linopy.LinearExpression)


def online_by_last_year(inp: PlanInputs) -> np.ndarray:
    """(S, K, T) True where a module started in year ``t`` produces by the last year.

    ``output[s, k, T − 1 − t] > 0`` with the ramp's last value held (docs/plan.md,
    "Builds must come online within the horizon"): the start years a build may use.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``years``, ``output`` (S, K, L) by lag after a start).

    Returns
    -------
    numpy.ndarray
        (S, K, T) bool, by site, facility and start year.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> inp = SimpleNamespace(years=np.arange(3), output=np.array([[[0.0, 0.0, 1.0]]]))
    >>> online_by_last_year(inp)[0, 0].tolist()
    [True, False, False]
    """
    n_t = len(inp.years)
    out = _pad_lags(np.asarray(inp.output, dtype=float), n_t)  # (S, K, T) by lag
    return out[..., ::-1] > 0  # start t reads lag T − 1 − t


def paid_by_last_year(inp: PlanInputs) -> np.ndarray:
    """(S, K, T) True where a module started in year ``t`` spends all its capex by the
    last year.

    The last lag with ``spend[s, k, l] > 0`` is at most ``T − 1 − t`` (docs/plan.md,
    "Builds must come online within the horizon"): capex spent after the last year is
    outside the objective and the capital rows, so a start whose spend runs past the
    horizon would be partly free. The shipped profiles (the fab layer's, data-centre
    types', ``facility_types.csv`` at its ``priced_at_site``) spend nothing after their
    first year of output, so this only binds for a scenario's own ``spend_profile`` or a
    CoWoS/HBM module moved to a site with a longer ramp than its quoted site's (HBM at
    arizona-usa spends 14 % of its capex 3 years after its start, after first output 2
    years after it: ``plan.assemble_sites.moved_profiles``).

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``years``, ``spend`` (S, K, L) capex share by lag after a start).

    Returns
    -------
    numpy.ndarray
        (S, K, T) bool, by site, facility and start year.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> inp = SimpleNamespace(years=np.arange(3), spend=np.array([[[0.5, 0.5, 0.0]]]))
    >>> paid_by_last_year(inp)[0, 0].tolist()
    [True, True, False]
    """
    n_t = len(inp.years)
    spends = np.asarray(inp.spend, dtype=float) > 0  # (S, K, L)
    n_lag = spends.shape[-1]
    last = np.where(spends.any(axis=-1), n_lag - 1 - np.argmax(spends[..., ::-1], axis=-1), 0)
    return last[..., None] <= (n_t - 1 - np.arange(n_t))  # lags left after a start in t


def add_variables(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index], relax: bool) -> None:
    """Add ``build``, ``modules``, ``prod``, ``unmet`` and ``draw``.

    Disallowed slots (a facility a site may not host, a product outside its years) get an
    upper bound of 0 rather than a mask, so no variable has absent slots. ``build`` has
    ``min_build`` as its lower bound when given (the baseline's incumbent builds) and
    ``max_build`` as a cap when given. A start year whose module would not produce by
    the last year (:func:`online_by_last_year`), or would still spend capex after it
    (:func:`paid_by_last_year`), has an upper bound of 0, or its floor when one is given
    (docs/plan.md, "Builds must come online within the horizon").

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the five variables are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    relax : bool
        True for continuous ``build`` (an LP relaxation), else integer modules.
    """
    skt = {"site": c["site"], "facility": c["facility"], "year": c["year"]}
    shape = tuple(len(v) for v in skt.values())
    b_up = np.where(np.broadcast_to(inp.allowed[:, :, None], shape), np.inf, 0.0)
    b_lo = 0 if inp.min_build is None else _da(inp.min_build, skt)  # a floor, if kept
    m_up = b_up
    if inp.objective == "npv":  # other owners build their floor, no more
        floor = np.zeros(shape) if inp.min_build is None else np.asarray(inp.min_build)
        b_up = np.where(_investor_sites(inp)[:, None, None], b_up, floor)
    # no output, or capex still to spend, after the last year: no build beyond a floor
    late = ~(online_by_last_year(inp) & paid_by_last_year(inp))
    floor = np.zeros(shape) if inp.min_build is None else np.asarray(inp.min_build)
    b_up = np.where(late, np.minimum(b_up, floor), b_up)
    if inp.max_build is not None:  # a cap (fixed slots: cap = floor, tigris.plan.fixed)
        b_up = np.minimum(b_up, np.nan_to_num(inp.max_build, nan=np.inf))
    m.add_variables(lower=b_lo, upper=_da(b_up, skt), name="build", integer=not relax)
    m.add_variables(lower=0, upper=_da(m_up, skt), name="modules")
    pt = {"product": c["product"], "year": c["year"]}
    p_up = np.where(np.asarray(inp.available, dtype=bool), np.inf, 0.0)
    m.add_variables(lower=0, upper=_da(p_up, pt), name="prod")
    ct = {"demand_class": c["demand_class"], "year": c["year"]}
    m.add_variables(lower=0, upper=_da(inp.demand / COUNT_SCALE, ct), name="unmet")
    ft = {"source": c["source"], "year": c["year"]}
    m.add_variables(lower=0, upper=_da(np.full(inp.capital_usd.shape, np.inf), ft), name="draw")


def _at_lags(
    var: linopy.Variable,
    lags: np.ndarray,
    years: pd.Index,
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
) -> linopy.Variable:
    """``var`` at ``year − lag`` for each lag, clamped to the first year.

    Returns a variable over ``var``'s dimensions with ``year`` and a new ``lag``
    dimension. The clamped slots (``year − lag`` before the horizon) must get a
    coefficient of 0 from the caller (:func:`_lag_mask`). Selecting by position keeps
    every slot present, so the expression means the same under linopy's legacy and v1
    arithmetic (no absent slots as ``shift`` would leave). With ``picks``, a selection
    is made once per model and reused (capacity and power rows read the same lags).
    """
    key = (str(var.name), tuple(int(x) for x in lags))
    if picks is not None and key in picks:
        return picks[key]
    n_t = len(years)
    idx = np.maximum(np.arange(n_t)[:, None] - np.asarray(lags)[None, :], 0)
    picked = var.isel(year=xr.DataArray(idx, dims=("t", "lag")))
    picked = picked.assign_coords(year=("t", np.asarray(years)), lag=np.asarray(lags, dtype=int))
    picked = picked.swap_dims(t="year")
    if picks is not None:
        picks[key] = picked
    return picked


def _lag_mask(lags: np.ndarray, n_years: int) -> np.ndarray:
    """(T, L) 1.0 where ``year − lag`` is inside the horizon, else 0.0."""
    return (np.arange(n_years)[:, None] >= np.asarray(lags)[None, :]).astype(float)


def _lag_da(
    coef: np.ndarray, lags: np.ndarray, c: dict[str, pd.Index], factor: np.ndarray | None = None
) -> xr.DataArray:
    """(S, K, L) coefficients by lag -> (S, K, T, L) with 0 before the horizon, times
    ``factor[s, k, t]`` if given."""
    weight = coef[:, :, None, :] * _lag_mask(lags, len(c["year"]))[None, None]
    if factor is not None:
        weight = weight * factor[..., None]
    dims = {
        "site": c["site"],
        "facility": c["facility"],
        "year": c["year"],
        "lag": pd.Index(np.asarray(lags, dtype=int), name="lag"),
    }
    return _da(weight, dims)


def add_module_balance(m: linopy.Model, c: dict[str, pd.Index]) -> None:
    """``modules-balance``: ``modules[t] − modules[t − 1] − build[t] = 0``.

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    """
    modules, build = m.variables["modules"], m.variables["build"]
    n_s, n_k = len(c["site"]), len(c["facility"])
    if n_s * n_k == 0:  # nothing to build (linopy 0.9 cannot sum an empty lag array)
        return
    lags = np.array([0, 1])
    coef = np.broadcast_to(np.array([1.0, -1.0]), (n_s, n_k, 2))
    mod = (_at_lags(modules, lags, c["year"]) * _lag_da(coef, lags, c)).sum("lag")
    # ``build`` on the right-hand side: linopy moves it left (coefficient -1) itself
    m.add_constraints(mod == build, name="modules-balance")


def _lagged(
    m: linopy.Model,
    coef: np.ndarray,
    c: dict[str, pd.Index],
    tail: bool,
    over: list[str],
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
    factor: np.ndarray | None = None,
) -> list[linopy.LinearExpression]:
    """Terms of ``Σ_l coef[s, k, l] · build[s, k, t − l]`` (times ``factor[s, k, t]``
    if given), summed over ``over``.

    With ``tail``, the last lag's coefficient holds for all later lags, written as one
    term on ``modules[t − L + 1]`` (modules started up to then) so the row stays short.
    """
    n_lag = coef.shape[-1]
    if coef.size == 0:  # no site or no facility type: no term
        return []
    head = np.arange(n_lag - 1 if tail else n_lag)
    parts = [(m.variables["build"], head)]
    if tail:
        parts.append((m.variables["modules"], np.array([n_lag - 1])))
    terms = []
    for var, lags in parts:
        if len(lags) == 0:
            continue
        weight = _lag_da(coef[..., lags], lags, c, factor)
        terms.append((_at_lags(var, lags, c["year"], picks) * weight).sum([*over, "lag"]))
    return terms


def _online(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    weight: np.ndarray,
    over: str,
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
    factor: np.ndarray | None = None,
) -> list[linopy.LinearExpression]:
    """Terms of ``weight · online[s, k, t]`` (module equivalents producing, see
    :func:`online_fraction`; times ``factor[s, k, t]`` if given), summed over ``over``
    (site or facility)."""
    n_years = len(inp.years)
    n_lag = min(inp.output.shape[-1], n_years)
    out = _pad_lags(inp.output, n_years)[..., :n_lag] * weight[..., None]  # (S, K, L)
    return _lagged(m, out, c, tail=True, over=[over], picks=picks, factor=factor)


def output_availability(inp: PlanInputs) -> np.ndarray | None:
    """(S, K, T) share of new modules' output available: :attr:`PlanInputs.
    site_availability` on wafer facilities (logic, CoWoS, HBM), 1 on datacenter
    facilities (MW are not wafer output); ``None`` when not given (all 1) [-].

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``site_availability`` (S, T), ``facility_kind``).

    Returns
    -------
    numpy.ndarray or None
        (S, K, T) share of output available, a fraction 0-1; None when not given.

    References
    ----------
    ``docs/risk.md``, "Disruptions" (a region's output removed for some months).
    """
    if inp.site_availability is None:
        return None
    avail = np.asarray(inp.site_availability, dtype=float)[:, None, :]  # (S, 1, T)
    wafer = (np.asarray(inp.facility_kind) != DATACENTER)[None, :, None]
    return np.where(wafer, avail, 1.0) * np.ones((1, len(inp.facilities), 1))


def fleet_expression(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
) -> linopy.LinearExpression:
    """Facility power of the fleet the plan delivers, per year [MW] (legacy excluded).

    ``fleet[t] = Σ_p Σ_{l<L_p} fleet_mw[p] · prod[p, t − l]`` with ``L_p`` product
    p's service life (:meth:`PlanInputs.lifetimes`; accelerators delivered in year τ
    serve in τ … τ + L_p − 1) and ``prod`` in the model's thousands (so each
    coefficient carries :data:`COUNT_SCALE`). Add :meth:`PlanInputs.legacy_mw` for the
    whole fleet.

    Parameters
    ----------
    m : linopy.Model
        The planning model, with its ``prod`` variable.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    picks : dict or None, optional
        Cache of lagged variable selections, keyed by (variable name, lags), shared by the
        rows of one model; None selects afresh.

    Returns
    -------
    linopy.LinearExpression
        Over ``year``: the fleet's facility power [MW].

    References
    ----------
    Contract of issue 12, "The installed fleet" and "The constraint";
    ``docs/energy.md``, "The power constraint".
    """
    from tigris.plan.power import fleet_lagged_sum  # power imports this module

    return fleet_lagged_sum(m, inp, c, inp.fleet_mw() * COUNT_SCALE, picks)


def add_capacity(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
) -> None:
    """``capacity-<kind>-upper``: wafers (or MW-months) used ≤ existing + new output.

    ``Σ_p use[p, k, t] · prod[p, t] ≤ 12 · (existing_output[k, t] + new output)``, the
    bill of each product taken in the year it is made. Rows in thousands of finished
    wafers per year, per facility type and year. Capacity is what leaves the line:
    ``existing_output`` and ``module_output`` (for logic, the fab layer's
    ``wafers_per_year``: starts × line yield), since the silicon layer's wafers per
    accelerator count finished wafers. A site's new output is scaled by
    :func:`output_availability` in each year (a disruption; 1 when not given).

    ``capacity-datacenter-upper`` (one row per year, on the first datacenter facility):
    ``12 · (fleet[t] + legacy[t]) ≤ 12 · Σ_{k of kind datacenter} (existing[k, t] +
    new MW online)`` in thousand MW-months per year, the fleet lagged
    (:func:`fleet_expression`) and every datacenter facility pooled
    (:func:`tigris.plan.power.pool_matrix`).

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    picks : dict or None, optional
        Cache of lagged variable selections, keyed by (variable name, lags), shared by the
        rows of one model; None selects afresh.
    """
    scale = MONTHS_PER_YEAR / COUNT_SCALE
    kt = {"facility": c["facility"], "year": c["year"]}
    pkt = {"product": c["product"], **kt}
    used = (m.variables["prod"] * _da(inp.use, pkt)).sum("product")  # (K, T)
    new = _online(m, inp, c, -inp.module_output * scale, "site", picks, output_availability(inp))
    lhs = _sum([used, *new])
    rows = lhs <= _da(inp.existing_output * scale, kt)  # split by kind (one name per kind)
    kinds = np.asarray(inp.facility_kind)
    for kind in FACILITY_KINDS:
        idx = np.nonzero(kinds == kind)[0]
        if len(idx) == 0:
            continue
        if kind == DATACENTER:  # the power row: the datacenter types pooled, the fleet added
            from tigris.plan.power import add_power_row

            add_power_row(m, inp, c, lhs.isel(facility=idx).sum("facility"), picks)
            continue
        m.add_constraints(rows.isel(facility=idx), name=f"capacity-{kind}-upper")


def _compute(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index]) -> linopy.LinearExpression:
    """``h100e_p · prod[p, t]``: compute made per product and year [thousand H100e].

    Summed over products it is the compute delivered per year, which the demand and
    mix rows share.
    """
    return m.variables["prod"] * _da(inp.h100e, {"product": c["product"]})


def add_demand(
    m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index], delivered: linopy.LinearExpression
) -> None:
    """``demand-balance``: compute delivered + unmet = demand, per year (all classes).

    An equality, not ``≥``: with ``≥`` the solver may make more than is served (up to
    capacity) where production costs nothing in the objective. With ``unmet[c, t] ≤
    demand[c, t]`` the equality also makes each class's served compute
    ``demand − unmet`` lie in ``[0, demand]``, and production × H100e per unit equals
    the compute served exactly. Classes share the compute delivered; which class goes
    unserved is decided by the priority-weighted penalty alone.

    With ``demand_basis: installed`` ``delivered`` is the compute in service (the
    plan's fleet, :func:`tigris.plan.power.installed_expression`), the legacy fleet's
    share (:meth:`PlanInputs.legacy_served`) leaves the right-hand side, and the row is
    ``≥`` (contract of issue 12): compute in service + unmet ≥ demand, a stock, so
    accelerators delivered early serve later years and a year's shortfall is demanded
    again the next year. Then ``delivered-upper`` keeps a year's deliveries within
    that year's demand (more could never be used within the year, and it bounds the
    ``npv`` merit order's big-M).

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    delivered : linopy.LinearExpression
        Over ``year``: compute delivered (or in service, with ``installed``) [thousand H100e].
    """
    lhs = _sum([delivered, m.variables["unmet"].sum("demand_class")])
    t = {"year": c["year"]}
    total = inp.demand.sum(axis=0)
    need = _da((total - inp.legacy_served()) / COUNT_SCALE, t)
    if inp.demand_basis != "installed":
        m.add_constraints(lhs == need, name="demand-balance")
        return
    m.add_constraints(lhs >= need, name="demand-balance")
    made = _compute(m, inp, c).sum("product")
    m.add_constraints(made <= _da(total / COUNT_SCALE, t), name="delivered-upper")


def add_mix(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    own: linopy.LinearExpression,
    total: linopy.LinearExpression,
) -> None:
    """``mix-lower`` / ``mix-upper``: a product's share of compute delivered in a year.

    ``h100e_p · prod[p, t] − share[p, t] · Σ_q h100e_q · prod[q, t]`` ≥ 0 (≤ 0).

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    own : linopy.LinearExpression
        Over ``product`` and ``year``: each product's compute delivered [thousand H100e].
    total : linopy.LinearExpression
        Over ``year``: compute delivered by every product [thousand H100e].
    """
    avail = np.asarray(inp.available, dtype=bool)
    # a share bound applies only in years the product can be made
    lo = np.where(avail, np.nan_to_num(np.asarray(inp.min_share, dtype=float), nan=0.0), 0.0)
    hi = np.where(avail, np.nan_to_num(np.asarray(inp.max_share, dtype=float), nan=1.0), 1.0)
    dims = {"product": c["product"], "year": c["year"]}
    for name, share, active in (("mix-lower", lo, lo > 0), ("mix-upper", hi, hi < 1)):
        if not np.any(active):
            continue
        # the share on the right-hand side: linopy moves it left with its sign flipped
        part = total * _da(share, dims)
        con = own >= part if name == "mix-lower" else own <= part
        m.add_constraints(con, name=name, mask=xr.DataArray(active, coords=dims))


def add_tools(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index]) -> None:
    """``tools-euv-upper`` / ``tools-high_na-upper``: scanners for builds ≤ supply.

    ``Σ_{s,k} need[s, k] · build[s, k, t] ≤ supply[t]``; when the model has build
    groups (:mod:`tigris.plan.groups`, whose members share their needs) written
    ``Σ_g need[g] · build_group[g, t]``, the same row on the groups' integer totals.

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    """
    from tigris.plan.groups import GROUP, build_groups

    sk = {"site": c["site"], "facility": c["facility"]}
    build = m.variables["build"]
    grouped = GROUP in m.variables
    if grouped:
        groups = build_groups(inp)
        g_idx = m.variables[GROUP].indexes["group"]
        first = [np.argwhere(groups == g)[0] for g in range(len(g_idx))]  # a member each
    for tool, need, supply in (
        ("euv", inp.euv_tools, inp.euv_supply),
        ("high_na", inp.high_na_tools, inp.high_na_supply),
    ):
        if not np.any(need > 0):
            continue
        if grouped:
            per_group = np.array([need[s, k] for s, k in first], dtype=float)
            lhs = (m.variables[GROUP] * _da(per_group, {"group": g_idx})).sum("group")
        else:
            lhs = (build * _da(need, sk)).sum(["site", "facility"])
        con = lhs <= _da(supply, {"year": c["year"]})
        m.add_constraints(con, name=f"tools-{tool}-upper")


def net_capex_usd(inp: PlanInputs) -> np.ndarray:
    """Capex one module costs the plan: capex less subsidy, never below 0 [USD].

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``capex_usd``, ``subsidy_usd``, (S, K)).

    Returns
    -------
    numpy.ndarray
        (S, K) net capex per module [USD].
    """
    return np.maximum(inp.capex_usd - inp.subsidy_usd, 0.0)


def owner_matrix(owners: tuple[str, ...], of: tuple[str, ...] | None) -> np.ndarray:
    """``(len(of), len(owners))`` 0/1 matrix: 1 where item ``i`` belongs to owner ``o``.

    Parameters
    ----------
    owners : tuple of str
        The owners (the columns).
    of : tuple of str or None
        Each item's owner (the rows); None for no items.

    Returns
    -------
    numpy.ndarray
        (len(of), len(owners)) float matrix of 0 and 1.

    Examples
    --------
    >>> owner_matrix(("investor", "tsmc"), ("tsmc", "investor", "tsmc")).tolist()
    [[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]
    """
    items = np.asarray(of or (), dtype=object)
    return (items[:, None] == np.asarray(owners, dtype=object)[None, :]).astype(float)


def add_capital(
    m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index], available: bool = True
) -> None:
    """``capital-balance`` and ``capital-cumulative-upper`` (per-owner, per-source ledger).

    For each owner *o* and year *t*, the capex spent at *o*'s sites equals the capital
    drawn from *o*'s sources: ``Σ_{f ∈ F_o} draw[f, t] = Σ_{s ∈ S_o, k, l} spend[s, k, l]
    · net_capex[s, k] · build[s, k, t − l]`` (an owner builds only with its own money);
    each source's draws to date never exceed what it has made available to date, so
    unspent money carries over. With one owner (the default) this is the pooled ledger.

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    available : bool, optional
        Whether to add ``capital-cumulative-upper`` too (:func:`add_capital_available`).
    """
    if not len(c["source"]) and not len(c["site"]):  # no money and nothing to build
        return
    n_t = len(c["year"])
    n_lag = min(inp.spend.shape[-1], n_t)
    coef = inp.spend[..., :n_lag] * (net_capex_usd(inp) / MONEY_SCALE)[..., None]  # (S,K,L)
    draw = m.variables["draw"]
    if len(inp.owners) <= 1:  # one owner: one pooled ledger (fewer terms to build)
        drawn = draw.sum("source")
        spent = _lagged(m, coef, c, tail=False, over=["site", "facility"])
    else:
        owners = _index("owner", inp.owners)
        o_f = owner_matrix(tuple(owners), inp.source_owner)
        drawn = (draw * _da(o_f, {"source": c["source"], "owner": owners})).sum("source")
        o_s = _da(owner_matrix(tuple(owners), inp.site_owner), {"site": c["site"], "owner": owners})
        spent = [(e * o_s).sum("site") for e in _lagged(m, coef, c, tail=False, over=["facility"])]
    # capex on the right-hand side: linopy moves it left with its sign flipped
    rhs = _sum(spent) if spent else 0.0
    m.add_constraints(drawn == rhs, name="capital-balance")
    if available:
        add_capital_available(m, inp, c)


def add_capital_available(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index]) -> None:
    """``capital-cumulative-upper``: each source's draws to date ≤ its capital to date,
    ``Σ_{τ ≤ t} draw[f, τ] ≤ Σ_{τ ≤ t} capital[f, τ]`` (:func:`add_capital`).

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    """
    import linopy

    n_t = len(c["year"])
    # one term per (source, year, τ) on draw[source, τ], coefficient 1 if τ ≤ year else
    # 0 (as ``(draw · tri).sum(τ)`` gives, built from the arrays at once)
    labels = np.asarray(m.variables["draw"].labels.transpose("source", "year").values)
    shape, dims = (*labels.shape, n_t), ("source", "year", "_term")
    terms = xr.Dataset(
        {
            "coeffs": (dims, np.broadcast_to(np.tril(np.ones((n_t, n_t))), shape).copy()),
            "vars": (dims, np.broadcast_to(labels[:, None, :], shape).copy()),
        },
        coords={"source": c["source"], "year": c["year"]},
    )
    cum = linopy.LinearExpression(terms, m)
    fdims = {"source": c["source"], "year": c["year"]}
    rhs = _da(np.cumsum(inp.capital_usd, axis=1) / MONEY_SCALE, fdims)
    if len(inp.sources):  # no source (``capital: []``): the balance alone forbids spending
        m.add_constraints(cum <= rhs, name="capital-cumulative-upper")


def add_sites(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
) -> None:
    """``site-modules-upper``, ``site-modules-lower`` and ``site-power-upper``.

    Added only for sites with a finite limit or a commitment. Modules count those
    started by the last planning year. A site's power limit holds in every year for the
    modules started by then, each at its full MW (``Σ_k q_sk M_skt ≤ P̄_s``): a module
    reserves its power when it is started, not as its output ramps (docs/plan.md,
    "Constraints").

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    """
    sdims = {"site": c["site"]}
    if len(c["site"]) == 0:
        return
    last = m.variables["modules"].isel(year=-1).sum("facility")  # (S,)
    max_mod = np.asarray(inp.max_modules, dtype=float)
    finite = np.isfinite(max_mod)
    if np.any(finite):
        m.add_constraints(
            last <= _da(np.where(finite, max_mod, 0.0), sdims),
            name="site-modules-upper",
            mask=xr.DataArray(finite, coords=sdims),
        )
    min_mod = np.asarray(inp.min_modules, dtype=float)
    if np.any(min_mod > 0):
        m.add_constraints(
            last >= _da(min_mod, sdims),
            name="site-modules-lower",
            mask=xr.DataArray(min_mod > 0, coords=sdims),
        )
    limit = np.asarray(inp.power_limit_mw, dtype=float)
    if np.any(np.isfinite(limit)) and np.any(inp.power_mw > 0):
        # each module takes its full MW from its start (user test 2026-12-06 power #1:
        # counted at its ramp-year average, a module coming online in the last year
        # was a quarter of itself, and 200 MW were built at a 50 MW site)
        n_s, n_t = len(c["site"]), len(c["year"])
        sk = {"site": c["site"], "facility": c["facility"]}
        weight = _da(np.asarray(inp.power_mw, dtype=float), sk)
        lhs = (m.variables["modules"] * weight).sum("facility")
        dims = {"site": c["site"], "year": c["year"]}
        active = np.broadcast_to(np.isfinite(limit)[:, None], (n_s, n_t))
        rhs = np.broadcast_to(np.where(np.isfinite(limit), limit, 0.0)[:, None], (n_s, n_t))
        m.add_constraints(
            lhs <= _da(rhs, dims),
            name="site-power-upper",
            mask=xr.DataArray(active, coords=dims),
        )


def _investor_sites(inp: PlanInputs) -> np.ndarray:
    """(S,) True at the investor's sites."""
    return np.array([o == INVESTOR for o in inp.site_owner], dtype=bool)


def objective_coefficients(
    inp: PlanInputs, split: bool = False
) -> tuple[np.ndarray, np.ndarray] | dict[str, np.ndarray]:
    """What one unit of each decision adds to the objective, in present value [USD].

    ``serve`` (minimised), with the module terms of
    :func:`tigris.finance.cashflow.module_pv` (within the horizon, discounted to
    ``base_year``):

    - ``capex[s, k, τ]``: net capex × spend profile, spent within the horizon;
    - ``salvage[s, k, τ]``: minus the book value at the end of the last year, received
      the year after it (a credit, so ≤ 0 here);
    - ``opex[s, k, τ]``: fixed opex × output ramp within the horizon;
    - ``variable_cost[k, t] = d[t] · variable_cost_usd_per_wafer[k, t]`` per finished
      wafer used, by existing capacity or new;
    - ``unmet_penalty[c, t] = d[t] · priority[c] · penalty[t]`` per unmet H100e.

    ``npv`` (maximised): ``build[s, k, τ]`` the NPV of one module but its sales
    (:func:`tigris.finance.cashflow.npv_build_coefficients`) and ``margin[s, k, t]``
    the after-tax PV of one wafer it sells
    (:func:`tigris.finance.cashflow.wafer_margin_pv`), both 0 at other owners' sites
    (their builds are fixed and their NPV is not the investor's).

    Parameters
    ----------
    inp : PlanInputs
        The problem; ``inp.objective`` chooses the terms.
    split : bool, optional
        Return a dict of the terms by name (above) instead of a tuple.

    Returns
    -------
    tuple or dict of numpy.ndarray
        Without ``split``: for ``serve`` ``(build_usd, unmet_usd)`` with ``build_usd =
        capex + salvage + opex`` (S, K, T) [USD/module] and the penalty (C, T)
        [USD/H100e] (the variable cost only in the dict); for ``npv`` ``(build_usd,
        margin_usd)`` (S, K, T) [USD/module, USD/wafer]. With ``split``: ``{"capex",
        "salvage", "opex", "variable_cost", "unmet_penalty"}`` or ``{"build",
        "margin"}``.

    References
    ----------
    Howells et al. (2011), "OSeMOSYS: The Open Source Energy Modeling System",
    *Energy Policy* 39(10), 5850-5870 (salvage value at the horizon's end);
    ``docs/finance.md``, "Objectives".
    """
    from tigris.finance.cashflow import module_pv, npv_build_coefficients, wafer_margin_pv

    if inp.objective == "npv":
        mine = _investor_sites(inp)[:, None, None]
        build = np.where(mine, npv_build_coefficients(inp), 0.0)
        margin = np.where(mine, wafer_margin_pv(inp), 0.0)
        return {"build": build, "margin": margin} if split else (build, margin)
    years = np.asarray(inp.years, dtype=int)
    disc = discount_factors(years, inp.base_year, inp.discount_rate)
    pv = module_pv(inp)
    unmet = inp.priority[:, None] * (inp.penalty() * disc)[None, :]
    if not split:
        return pv.capex - pv.salvage + pv.opex, unmet
    return {
        "capex": pv.capex,
        "salvage": -pv.salvage,
        "opex": pv.opex,
        "variable_cost": inp.variable_costs() * disc[None, :],
        "unmet_penalty": unmet,
    }


def non_investor_output(inp: PlanInputs) -> np.ndarray:
    """Finished wafers per year that capacity not the investor's can make: ``NI``.

    ``NI[k, t] = 12 · (existing_output[k, t] + Σ_{s not the investor's}
    module_output[s, k] · online[s, k, t])`` with other owners' builds at their floor
    (``min_build``, else none): what the merit order sells before the investor.

    Parameters
    ----------
    inp : PlanInputs
        The problem.

    Returns
    -------
    numpy.ndarray
        (K, T) [wafers/year].

    References
    ----------
    Contract of issue 11, "Who sells (merit order, incumbents first)".
    """
    others = ~_investor_sites(inp)
    shape = (len(inp.sites), len(inp.facilities), len(inp.years))
    floor = np.zeros(shape) if inp.min_build is None else np.asarray(inp.min_build, float)
    online = online_fraction(np.where(others[:, None, None], floor, 0.0), inp.output)
    avail = output_availability(inp)
    online = online if avail is None else online * avail
    new = (online * inp.module_output[..., None]).sum(axis=0)
    return MONTHS_PER_YEAR * (inp.existing_output + new)


def add_served_share(
    m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index], delivered: linopy.LinearExpression
) -> None:
    """``served-share-lower``: ``Σ_ct unmet[c, t] ≤ (1 − min_served_share) · Σ_ct demand``.

    The share served is ``1 − Σ unmet / Σ demand`` under either ``demand_basis``
    (served = demand − unmet, as the demand table reports it), so the floor is written
    on unmet demand, as ``−Σ unmet ≥ (s − 1) · Σ demand`` (the form
    :func:`tigris.plan.infeasible.largest_served_share` reads: slope ``Σ demand`` in
    ``s``). With ``delivered`` the row is the same as ``Σ_t delivered[t] ≥ s · Σ
    demand`` (``demand-balance`` is an equality); with ``installed`` the compute in
    service (what ``delivered`` is there) can exceed a year's demand net of the legacy
    fleet, so a floor on it was met with less served than it asked (a 95 % floor met
    at 92.9 %, ``tests/test_plan_power_floor.py``). ``delivered`` is not used. Added only
    for a share above 0.

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    delivered : linopy.LinearExpression
        Compute delivered by year; not used (kept for the rows' common signature).

    References
    ----------
    ``docs/plan.md``, the rows' table (``served-share-lower``); issue 10, item 6.
    """
    del delivered  # the row is on unmet demand, whatever the basis
    share = float(inp.min_served_share)
    if share <= 0:
        return
    total = float(np.asarray(inp.demand, dtype=float).sum())
    lhs = -1.0 * m.variables["unmet"].sum()
    m.add_constraints(lhs >= (share - 1.0) * total / COUNT_SCALE, name="served-share-lower")


def add_objective(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
) -> None:
    """The objective of ``inp.objective`` (:func:`objective_coefficients`).

    ``serve``: minimise Σ build · (capex + salvage + opex) + Σ prod · Σ_k use ·
    variable_cost + Σ_t 12 · fleet[t] · variable_cost[datacenter, t] (the fleet's
    MW-months, :func:`fleet_expression`; the legacy fleet's are a constant, left out)
    + Σ unmet · penalty. ``npv``: maximise Σ build · npv_build + Σ sold ·
    margin, so ``m.objective.value × MONEY_SCALE`` is the investor's NPV [USD].

    Parameters
    ----------
    m : linopy.Model
        The planning model, with its variables; the objective is set on it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    picks : dict or None, optional
        Cache of lagged variable selections, keyed by (variable name, lags), shared by the
        rows of one model; None selects afresh.
    """
    skt = {"site": c["site"], "facility": c["facility"], "year": c["year"]}
    to_model = COUNT_SCALE / MONEY_SCALE
    if inp.objective == "npv":
        coef = objective_coefficients(inp, split=True)
        terms = [
            (m.variables["build"] * _da(coef["build"] / MONEY_SCALE, skt)).sum(),
            (m.variables["sold"] * _da(coef["margin"] * to_model, skt)).sum(),
            # no site at all leaves the two sums empty: a term of 0 keeps the objective
            (m.variables["unmet"] * 0.0).sum(),
        ]
        m.add_objective(_sum(terms), sense="max")
        return
    m.add_objective(serve_objective(m, inp, c, picks))


def serve_objective(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
) -> linopy.LinearExpression:
    """The ``serve`` objective on ``m``'s variables, whatever ``inp.objective`` is.

    ``Σ build · (capex + salvage + opex) + Σ prod · Σ_k use · variable_cost + Σ_t 12 ·
    fleet[t] · variable_cost[datacenter, t] + Σ unmet · penalty`` (:func:`add_objective`)
    [model money units]. Also the second, lexicographic step of an ``npv`` plan
    (:func:`tigris.plan.solve.serve_at_best_npv`), which serves demand the way the
    world without the investor does.

    Parameters
    ----------
    m : linopy.Model
        The planning model, with its variables.
    inp : PlanInputs
        The plan's inputs (of either objective).
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    picks : dict or None, optional
        Cache of lagged variable selections, keyed by (variable name, lags), shared by the
        rows of one model; None selects afresh.

    Returns
    -------
    linopy.LinearExpression
        The objective to minimise, a present value [US$ millions, :data:`MONEY_SCALE`].

    References
    ----------
    ``docs/finance.md``, "Objectives"; :func:`objective_coefficients`.
    """
    skt = {"site": c["site"], "facility": c["facility"], "year": c["year"]}
    to_model = COUNT_SCALE / MONEY_SCALE
    serve = inp if getattr(inp, "objective", "serve") == "serve" else inp.replace(objective="serve")
    coef = objective_coefficients(serve, split=True)
    build_usd = coef["capex"] + coef["salvage"] + coef["opex"]
    ct = {"demand_class": c["demand_class"], "year": c["year"]}
    terms = [
        (m.variables["build"] * _da(build_usd / MONEY_SCALE, skt)).sum(),
        (m.variables["unmet"] * _da(coef["unmet_penalty"] * to_model, ct)).sum(),
    ]
    wafer = coef["variable_cost"]  # (K, T) per finished wafer
    if np.any(wafer != 0):
        per_unit = np.einsum("pkt,kt->pt", inp.use, wafer)  # per accelerator made
        pt = {"product": c["product"], "year": c["year"]}
        terms.append((m.variables["prod"] * _da(per_unit * to_model, pt)).sum())
    first = inp.datacenter_row
    if first is not None and np.any(wafer[first] != 0):  # per MW-month the fleet uses
        per_mw = wafer[first] * MONTHS_PER_YEAR / MONEY_SCALE  # (T,) per MW in service
        fleet = fleet_expression(m, inp, c, picks)
        terms.append((fleet * _da(per_mw, {"year": c["year"]})).sum())
    return _sum(terms)


def build_model(inp: PlanInputs, relax: bool = False) -> linopy.Model:
    """Build the planning model from arrays.

    Parameters
    ----------
    inp : PlanInputs
        The problem's coefficients.
    relax : bool, optional
        Continuous ``build`` (the LP relaxation) instead of integer modules.

    Returns
    -------
    linopy.Model
        Variables ``build``, ``modules``, ``prod``, ``unmet``, ``draw`` (and ``sold``,
        ``merit`` for ``npv``); constraints ``modules-balance``,
        ``capacity-<kind>-upper``, ``demand-balance``, ``mix-lower``/``mix-upper``,
        ``tools-<tool>-upper``, ``capital-balance``, ``capital-cumulative-upper``,
        ``site-modules-upper``, ``site-power-upper``, ``grid-headroom-upper``,
        ``gas-build-upper`` (with a gas cap), ``served-share-lower`` (and
        ``sold-site-upper``, ``sold-lower``, ``sold-upper``, ``sold-merit-upper`` for
        ``npv``; with ``demand_regions`` also ``placed-need``, ``placed-need-on``,
        ``sold-placed`` and their rows, :mod:`tigris.plan.sales`). Minimised for
        ``serve``, maximised for ``npv``.

    References
    ----------
    ``docs/plan.md`` for the formulation in full ("Variables", "Constraints",
    "Objective").
    """
    from tigris.plan.steps import build_steps

    m, _ = build_steps(inp, relax)
    return m
