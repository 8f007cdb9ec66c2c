"""Cash flows of the modules a plan builds, and their NPV, IRR and payback year.

For each build group (site, facility type, start year) of a plan: net capex by year
(the spend profile, within the horizon), revenue from the finished wafers its modules
sell at the market price (the foundry view), variable cost of those wafers, fixed cash
opex, tax on the profit after straight-line depreciation, and the book value at the end
of the horizon as salvage in the year after it. The same arithmetic, per module and per
wafer, gives the planner's ``npv`` objective (:func:`npv_build_coefficients`,
:func:`wafer_margin_pv`), so the MILP and this evaluator agree to rounding.

The accounting (``docs/finance.md``, "Cash flows"; the contract of issue 11):

- money in real USD of the scenario's currency year, discounted to ``base_year`` by
  :func:`tigris.plan.inputs.discount_factors` (``1/(1+r)^(t − base)``);
- who sells: in each facility type and year the wafers production uses go first to
  non-investor capacity (existing output and other owners' new modules, pro rata to
  their online output), the rest to the investor's modules, the site with the best
  after-tax margin first (:func:`sold_wafers`); with demand placed by region, the
  data-centre pool's modules sell what the power table runs in them
  (:mod:`tigris.finance.placed`);
- a data-centre module pays for the energy it draws, no more: the pool's grid energy
  on the MW it sells plus its own price's difference from the pool's (its premium,
  :func:`energy_premium_usd_per_year`, quoted at full use by
  :func:`tigris.plan.assemble_energy.datacenter_module`) in the share of its capacity
  it sells (:func:`unit_costs`). ``opex_usd`` is the fixed opex without energy (never
  negative) and ``variable_cost_usd`` the energy bill: an on-site gas module's is its
  fuel on the MWh it draws, whatever the grid's price, and 0 in a year it sells
  nothing (user test 6 #3: the premium was charged at full use, so an idle gas module
  was credited the grid energy it did not replace). The ``serve`` objective still
  counts the premium at full use in a module's fixed cost (it has no per-site sales);
  the ``npv`` objective (:func:`wafer_margin_pv`) and this table charge it per unit
  sold;
- tax ``= tax_rate[s] · (revenue − variable cost − opex − depreciation)`` every year,
  negative allowed (a loss offsets the owner's other profits);
- depreciation straight line on net capex (after subsidy, IAS 20), equipment and
  building over their own lives, from the first year with output (IAS 16);
- salvage = the terminal value, in the year after the last planning year: by default
  (``terminal_value: book``) the book value at the end of the last planning year,
  received untaxed (OSeMOSYS' salvage value, straight line); with ``going_concern``
  the last year's after-tax operating profit as a no-growth perpetuity, charged the
  plant's steady replacement (each asset class's capex over its life,
  :func:`replacement_share`) instead of that year's book depreciation
  (:func:`terminal_values`).

Nothing here imports :mod:`tigris.plan` at module level: the planner imports this
module. Functions take a :class:`~tigris.plan.inputs.PlanInputs` (duck-typed: the
money fields are read with their defaults when absent) and arrays in real units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy_financial as npf
import pandas as pd

from tigris.units import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from tigris.plan.inputs import PlanInputs

__all__ = [
    "FLOW_COLUMNS",
    "MONEY_COLUMNS",
    "REPLACEMENT_COLUMN",
    "ModulePV",
    "book_value_share",
    "cash_flows",
    "depreciation_schedule",
    "energy_margin_note",
    "energy_premium_usd_per_year",
    "fill_in_merit_order",
    "finance_tables",
    "fixed_opex_pv",
    "going_concern_multiple",
    "irr",
    "merit_rank",
    "module_pv",
    "npv_build_coefficients",
    "npv_usd",
    "payback_year",
    "replacement_share",
    "replacement_usd",
    "sold_wafers",
    "terminal_pv",
    "terminal_values",
    "unit_costs",
    "wafer_margin_pv",
]

#: Money columns of :func:`cash_flows`, in order [USD/year].
MONEY_COLUMNS = (
    "capex_usd",
    "revenue_usd",
    "variable_cost_usd",
    "opex_usd",
    "depreciation_usd",
    "tax_usd",
    "salvage_usd",
    "net_usd",
)
#: Money columns of the aggregated flows (``finance_flows``): no depreciation, which is
#: not a cash flow [USD/year].
FLOW_COLUMNS = tuple(c for c in MONEY_COLUMNS if c != "depreciation_usd")
#: The cash-flow column of the plant's steady replacement a year (:func:`cash_flows`,
#: after ``depreciation_usd``; not a cash flow, not in :data:`MONEY_COLUMNS`) [USD/year].
REPLACEMENT_COLUMN = "replacement_usd"
#: ``terminal_value`` conventions (:data:`tigris.scenario.schema.TERMINAL_VALUES`).
BOOK, GOING_CONCERN = "book", "going_concern"
#: Builds below this many modules are numerical noise of the solver, not a build group
#: [modules].
_BUILD_TOL = 1e-9
#: Relative tolerance of the payback test: a cumulative cash flow within this share of
#: the flows' total magnitude of zero counts as zero [-].
_PAYBACK_REL_TOL = 1e-9


@dataclass(frozen=True)
class ModulePV:
    """Present values of one module, by site, facility type and start year.

    Each array is (S, K, T): the value to ``inp.base_year`` of one module started in
    year τ (the last axis), within the horizon.

    Attributes
    ----------
    capex : (S, K, T) array
        Net capex (capex − subsidy) × spend profile, spent within the horizon
        [USD/module].
    opex : (S, K, T) array
        Fixed cash opex × the output ramp, within the horizon [USD/module].
    depreciation : (S, K, T) array
        Depreciation charges within the horizon (:func:`depreciation_schedule`)
        [USD/module].
    salvage : (S, K, T) array
        Book value at the end of the last planning year, received in the year after
        it [USD/module].
    """

    capex: np.ndarray
    opex: np.ndarray
    depreciation: np.ndarray
    salvage: np.ndarray


# --------------------------------------------------------------------------- inputs


def _filled(
    inp: PlanInputs, method: str, name: str, shape: tuple[int, ...], fill: float
) -> np.ndarray:
    """A money field of ``inp`` filled to ``shape``: ``inp.<method>()`` if the inputs
    have it, else the raw field ``inp.<name>`` with ``None`` (or absent) → ``fill``."""
    getter = getattr(inp, method, None)
    if callable(getter):
        return np.asarray(getter(), dtype=float)
    value = getattr(inp, name, None)
    if value is None:
        return np.full(shape, fill)
    return np.broadcast_to(np.asarray(value, dtype=float), shape).copy()


def _n_facilities(inp: PlanInputs) -> int:
    """K, from ``facilities`` or, on a duck-typed problem without them, ``facility_kind``."""
    names = getattr(inp, "facilities", None)
    return len(inp.facility_kind if names is None else names)


def _prices(inp: PlanInputs) -> np.ndarray:
    """(K, T) market price of a finished wafer, 0 if not given [USD/wafer]."""
    shape = (_n_facilities(inp), len(inp.years))
    return _filled(inp, "prices", "price_usd_per_wafer", shape, 0.0)


def _variable_costs(inp: PlanInputs) -> np.ndarray:
    """(K, T) variable cost of a finished wafer, 0 if not given [USD/wafer]."""
    shape = (_n_facilities(inp), len(inp.years))
    return _filled(inp, "variable_costs", "variable_cost_usd_per_wafer", shape, 0.0)


def energy_premium_usd_per_year(inp: PlanInputs) -> np.ndarray:
    """(S, K) the part of a data-centre module's ``opex_usd_per_year`` that is energy:
    its own price's difference from the pool's at full use [USD/module/year]; 0 for
    every other facility and without data-centre power.

    ``(p_own − p_pool · pue / u) · MW · load · 8,766 h`` as
    :func:`tigris.plan.assemble_energy.datacenter_module` charges it: ``MW`` the
    module's facility MW (``power_mw``), ``u`` its PUE, ``p_own`` its on-site energy
    price (``PowerRegions.onsite_usd_per_mwh``) or, grid-powered, its region's price
    (``data/grid.csv``, horizon mean) × the scenario's multiplier, ``p_pool`` the
    pool's energy per MWh of the rows' unit (the datacenter variable cost per MW-month
    over hours a month × load, horizon mean).

    References
    ----------
    ``docs/energy.md``, "The power constraint" (Money) and "Electricity price".
    """
    from tigris.energy.data import energy_parameter
    from tigris.units import HOURS_PER_MONTH, HOURS_PER_YEAR

    shape = np.shape(np.asarray(inp.opex_usd_per_year, dtype=float))
    own = _own_energy_usd_per_year(inp)
    out = np.zeros(shape)
    if own is None:
        return out
    reg = inp.power_regions
    load = float(energy_parameter("load_factor"))
    var = _variable_costs(inp)
    dc = [k for k, kind in enumerate(inp.facility_kind) if kind == "datacenter"]
    pool = float(np.mean(var[dc[0]])) / (HOURS_PER_MONTH * load)
    mod_pue = np.asarray(reg.module_pue, dtype=float)
    size = np.asarray(inp.power_mw, dtype=float)
    known = np.isfinite(own).all(axis=-1)
    for s, k in zip(*np.nonzero(known), strict=True):
        ratio = float(inp.pue) / float(mod_pue[s, k])
        pool_part = pool * ratio * size[s, k] * load * HOURS_PER_YEAR
        out[s, k] = float(np.mean(own[s, k])) - pool_part
    return out


def _own_energy_usd_per_year(inp: PlanInputs) -> np.ndarray | None:
    """(S, K, T) a data-centre module's energy at its own price at full use, by year:
    ``p_own[t] · MW · load · 8,766 h`` [USD/module/year]; NaN where the module has no
    own price (not a data centre, no MW, no PUE, a region the data does not know);
    None without data-centre power. ``p_own`` as :func:`energy_premium_usd_per_year`.
    """
    from tigris.energy.data import electricity_usd_per_mwh, energy_parameter
    from tigris.errors import TigrisError
    from tigris.units import HOURS_PER_YEAR

    reg = getattr(inp, "power_regions", None)
    kinds = list(getattr(inp, "facility_kind", ()))
    if reg is None or "datacenter" not in kinds:
        return None
    shape = np.shape(np.asarray(inp.opex_usd_per_year, dtype=float))
    years = np.asarray(inp.years, dtype=int)
    out = np.full((*shape, len(years)), np.nan)
    load = float(energy_parameter("load_factor"))
    mod_pue = np.asarray(reg.module_pue, dtype=float)
    onsite = np.asarray(reg.onsite_usd_per_mwh, dtype=float)
    size = np.asarray(inp.power_mw, dtype=float)
    regions = getattr(inp, "site_region", None) or ()
    for k in [k for k, kind in enumerate(kinds) if kind == "datacenter"]:
        for s in range(shape[0]):
            if not size[s, k] > 0:
                continue
            if not (np.isfinite(mod_pue[s, k]) and mod_pue[s, k] > 0):
                continue
            if np.isfinite(onsite[k]):
                price = np.full(len(years), float(onsite[k]))
            elif s < len(regions) and regions[s]:
                try:  # a region the data knows (a hand-built problem may name others)
                    grid = electricity_usd_per_mwh(regions[s], years)
                except TigrisError:  # its premium stays in opex, as the model has it
                    continue
                price = np.asarray(grid, dtype=float) * float(reg.grid_price_multiplier)
            else:
                continue
            out[s, k] = price * size[s, k] * load * HOURS_PER_YEAR
    return out


def unit_costs(inp: PlanInputs) -> np.ndarray:
    """(S, K, T) what a module pays per unit it sells (a finished wafer; on a
    data-centre row a MW-month of the rows' unit) [USD/unit].

    ``c[s, k, t] = variable_cost[k, t]`` (the wafer's variable cost; on a data-centre
    row the pool's energy), except for a data-centre module with its own price:
    ``c[s, k, t] = p_own[t] · MW · load · 8,766 h / (12 · module_output[s, k])``, its
    energy at its own price at full use (:func:`_own_energy_usd_per_year`) spread over
    the units it sells a year at full use: the pool's energy plus its premium
    (:func:`energy_premium_usd_per_year`) per unit, with the year's prices instead of
    the horizon's mean. So ``sold · c`` is the energy the module draws at its own price
    (an on-site gas module's fuel, a grid module's grid bill) and 0 when it sells
    nothing.

    References
    ----------
    ``docs/energy.md``, "The power constraint" (Money); ``docs/finance.md``, "Cash
    flows" (energy on energy drawn, user test 6 #3).
    """
    var = _variable_costs(inp)
    out = np.broadcast_to(var[None], (len(inp.sites), *var.shape)).copy()
    own = _own_energy_usd_per_year(inp)
    if own is None:
        return out
    per_year = MONTHS_PER_YEAR * np.asarray(inp.module_output, dtype=float)[..., None]
    mine = np.isfinite(own) & (per_year > 0)
    out[mine] = (own / np.where(per_year > 0, per_year, 1.0))[mine]
    return out


def energy_margin_note(inp: PlanInputs, build: np.ndarray, prod: np.ndarray) -> str | None:
    """One sentence on why a dearer (or cheaper) grid moves the investor's money: its
    on-site data-centre modules sell the grid's energy passed through and burn their
    own fuel; None at the data's grid price or without such a module selling.

    Over the horizon, undiscounted: ``pass = Σ sold_g · v[t]`` (the pool's energy per
    MW-month ``v`` on the MW-months the investor's on-site modules sell,
    :func:`sold_wafers`) and ``fuel`` their energy paid (:func:`cash_flows`'
    ``variable_cost_usd``); at the data's price the pass-through would be ``pass / m``
    (``v`` is linear in the multiplier ``m``), so the margin is ``pass · (1 − 1/m)``
    wider than at ×1.

    References
    ----------
    ``docs/energy.md``, "Why a dearer grid makes the investor richer".
    """
    from tigris.fmt import money

    reg = getattr(inp, "power_regions", None)
    mult = 1.0 if reg is None else float(reg.grid_price_multiplier)
    if reg is None or mult == 1.0:
        return None
    onsite = np.isfinite(np.asarray(reg.onsite_usd_per_mwh, dtype=float))
    mine = _investor_sites(inp)
    build = np.asarray(build, dtype=float)
    sold = sold_wafers(inp, build, prod)  # (S, K, T)
    var = _variable_costs(inp)
    sel = mine[:, None] & onsite[None, :]
    passed = float((sold * var[None, :, :] * sel[..., None]).sum())
    if passed <= 0:
        return None
    table = cash_flows(inp, build, prod)
    names = [f for k, f in enumerate(inp.facilities) if onsite[k]]
    ours = table["facility"].isin(names) & table["site"].isin(
        [s for i, s in enumerate(inp.sites) if mine[i]]
    )
    fuel = float(table.loc[ours, "variable_cost_usd"].sum())
    change = passed * (1.0 - 1.0 / mult)
    years = np.asarray(inp.years, dtype=int)
    verb, npv, grid = (
        ("widens", "rises", "dearer") if change > 0 else ("narrows", "falls", "cheaper")
    )
    kinds = ", ".join(sorted({str(n) for n in table.loc[ours, "facility"]}))
    return (
        f"Grid power at x{mult:g} of data/grid.csv's price "
        f"(datacenters.electricity_price_multiplier): the investor's on-site data centres "
        f"({kinds}) sell their power with the grid's energy passed through "
        f"({money(passed)} over {years[0]}–{years[-1]}) and pay their own fuel "
        f"({money(fuel)}), so the {grid} grid {verb} their energy margin by "
        f"{money(abs(change))} against x1 (undiscounted): why the investor's NPV {npv} "
        "(docs/energy.md)."
    )


def _tax(inp: PlanInputs) -> np.ndarray:
    """(S,) corporate tax rate per site, 0 if not given [-]."""
    return _filled(inp, "tax", "tax_rate", (len(inp.sites),), 0.0)


def _equipment(inp: PlanInputs) -> np.ndarray:
    """(S, K) equipment share of capex, 1 if not given [-]."""
    shape = (len(inp.sites), len(inp.facilities))
    return _filled(inp, "equipment", "equipment_share", shape, 1.0)


def _net_capex(inp: PlanInputs) -> np.ndarray:
    from tigris.plan.model import net_capex_usd  # the planner's definition

    return net_capex_usd(inp)


def _discount(inp: PlanInputs, n_extra: int = 1) -> np.ndarray:
    """Discount factors of the planning years and ``n_extra`` years after them [-]."""
    from tigris.plan.inputs import discount_factors

    years = np.asarray(inp.years, dtype=int)
    ext = np.arange(years[0], years[-1] + 1 + n_extra)
    return discount_factors(ext, inp.base_year, inp.discount_rate)


def _lags(profile: np.ndarray, n: int, hold: bool) -> np.ndarray:
    """A lag profile over lags ``0 .. n−1``: the last value held (``hold``, the output
    ramp) or zeros after it (the spend profile)."""
    profile = np.asarray(profile, dtype=float)
    n_lag = profile.shape[-1]
    if hold:
        return profile[..., np.minimum(np.arange(n), n_lag - 1)]
    out = np.zeros((*profile.shape[:-1], n))
    out[..., : min(n_lag, n)] = profile[..., : min(n_lag, n)]
    return out


def _owners(inp: PlanInputs, name: str, index: str) -> tuple[str, ...]:
    """Owner of each site or source (``name`` ``site_owner``/``source_owner`` over
    ``index`` ``sites``/``sources``; all :data:`~tigris.plan.inputs.INVESTOR` if not
    given)."""
    from tigris.plan.inputs import INVESTOR

    return tuple(getattr(inp, name, None) or (INVESTOR,) * len(getattr(inp, index)))


def _site_owners(inp: PlanInputs) -> tuple[str, ...]:
    return _owners(inp, "site_owner", "sites")


def _investor_sites(inp: PlanInputs) -> np.ndarray:
    from tigris.plan.inputs import INVESTOR

    return np.array([o == INVESTOR for o in _site_owners(inp)], dtype=bool)


def _convention(inp: PlanInputs) -> str:
    """The plan's terminal-value convention, :data:`BOOK` when not given."""
    return str(getattr(inp, "terminal_value", None) or BOOK)


def going_concern_multiple(rate: float) -> float:
    """Terminal value in the year after the horizon per unit of after-tax operating
    profit (NOPAT) a year, going concern with no growth [year].

    ``(1 + r)/r``: Damodaran's terminal value at the horizon's last year, a stable
    perpetuity ``FCFF/(r − g)``, with ``g = 0`` (no real growth: a module's output and
    real prices held) and so no net reinvestment (reinvestment rate ``g/ROC = 0``;
    capex equal to depreciation keeps the plant as it is, so ``FCFF = NOPAT``), carried
    one year forward to the year the table puts terminal values in (where the book
    value goes): ``NOPAT/r · (1 + r)``.

    Parameters
    ----------
    rate : float
        Real discount rate, > 0 [1/year].

    Returns
    -------
    float
        [year].

    Raises
    ------
    ValueError
        ``rate`` not > 0 (a perpetuity at 0 % or below has no finite value).

    References
    ----------
    Damodaran, A. (2012), *Investment Valuation*, 3rd ed., ch. 12 ("Closure in
    Valuation: Estimating Terminal Value": stable growth ``TV_n = FCFF_{n+1}/(r − g)``;
    reinvestment rate ``g/ROC``); Brealey, Myers & Allen, *Principles of Corporate
    Finance*, 13th ed. (2020), ch. 2 (perpetuity ``C/r``) and ch. 19 (horizon value of a
    business as a growing perpetuity).

    Examples
    --------
    >>> round(going_concern_multiple(0.05), 9)
    21.0
    """
    r = float(rate)
    if not r > 0:
        msg = f"a going-concern terminal value needs a discount rate > 0, got {r:g}"
        raise ValueError(msg)
    return (1.0 + r) / r


# ----------------------------------------------------------------------- per module


def depreciation_schedule(inp: PlanInputs) -> np.ndarray:
    """Share of a module's net capex charged as depreciation ``l`` years after its start.

    Straight line per asset class: equipment (share ``equipment_share[s, k]``) over
    ``equipment_life_years``, building (the rest) over ``building_life_years``. The
    charge starts in the first year the module has output (``output[s, k, l] > 0``);
    each year it is the class's capex spent to date divided by its life, never more
    than what is left on the books::

        dep_c[l] = min(e_c · spent[l] / N_c, e_c · spent[l] − Σ_{j<l} dep_c[j])

    with ``spent[l] = Σ_{j ≤ l} spend[j]``. A life of ``None`` (or absent) means no
    depreciation for that class (the book value stays at what was spent). Grants reduce
    the depreciable basis: the schedule is a share of *net* capex.

    Parameters
    ----------
    inp : PlanInputs
        The problem: ``spend``, ``output`` (S, K, L) [-], ``equipment_share`` (S, K)
        [-], ``equipment_life_years`` and ``building_life_years`` [year].

    Returns
    -------
    numpy.ndarray
        (S, K, T) share of net capex charged at lags ``0 .. T−1`` [-].

    References
    ----------
    IAS 16 *Property, Plant and Equipment*, paras. 43-62 (each significant part
    depreciated separately; straight-line method; depreciation begins when the asset
    is available for use, para. 55). IAS 20 *Accounting for Government Grants*, para.
    24 (a grant related to an asset may be deducted from its carrying amount, reducing
    the depreciation charged).

    Examples
    --------
    Capex half in each of two years, output from the second, all equipment over 2
    years: the first charge is half of what was spent, then what is left:

    >>> from types import SimpleNamespace as NS
    >>> inp = NS(sites=("a",), facilities=("f",), years=np.arange(2025, 2029),
    ...          spend=np.array([[[0.5, 0.5]]]), output=np.array([[[0.0, 1.0]]]),
    ...          equipment_life_years=2.0, building_life_years=None)
    >>> depreciation_schedule(inp)[0, 0].tolist()
    [0.0, 0.5, 0.5, 0.0]

    The book value left (:func:`book_value_share`) is what was spent less that:

    >>> book_value_share(inp)[0, 0].tolist()
    [0.5, 0.5, 0.0, 0.0]
    """
    n_t = len(inp.years)
    spent = np.cumsum(_lags(inp.spend, n_t, hold=False), axis=-1)  # (S, K, T)
    on = np.cumsum(_lags(inp.output, n_t, hold=True) > 0, axis=-1) > 0
    equip = _equipment(inp)
    dep = np.zeros_like(spent)
    classes = (
        (equip, getattr(inp, "equipment_life_years", None)),
        (1.0 - equip, getattr(inp, "building_life_years", None)),
    )
    for share, life in classes:
        if life is None:
            continue
        basis = share[..., None] * spent
        charged = np.zeros(basis.shape[:-1])
        for lag in range(n_t):
            left = basis[..., lag] - charged
            charge = np.where(on[..., lag], np.minimum(basis[..., lag] / float(life), left), 0.0)
            charge = np.maximum(charge, 0.0)
            dep[..., lag] += charge
            charged += charge
    return dep


def book_value_share(inp: PlanInputs) -> np.ndarray:
    """Share of a module's net capex still on the books at the end of lag ``l``.

    ``book[l] = Σ_{j ≤ l} spend[j] − Σ_{j ≤ l} dep[j]`` (capex spent to date less
    depreciation to date, :func:`depreciation_schedule`). A module still being built
    has book value = what it cost so far.

    Parameters
    ----------
    inp : PlanInputs
        The problem (as :func:`depreciation_schedule`).

    Returns
    -------
    numpy.ndarray
        (S, K, T) share of net capex on the books at the end of lags ``0 .. T−1`` [-].

    References
    ----------
    IAS 16, para. 6 (carrying amount = cost less accumulated depreciation).
    Howells et al. (2011), "OSeMOSYS: The Open Source Energy Modeling System", *Energy
    Policy* 39(10), 5850-5870, doi:10.1016/j.enpol.2011.06.033 (salvage value of a
    technology at the end of the horizon, straight-line: the undepreciated capital).

    Examples
    --------
    See :func:`depreciation_schedule` (the same module, shown with its charges).
    """
    n_t = len(inp.years)
    spent = np.cumsum(_lags(inp.spend, n_t, hold=False), axis=-1)
    return np.maximum(spent - np.cumsum(depreciation_schedule(inp), axis=-1), 0.0)


def replacement_share(inp: PlanInputs) -> np.ndarray:
    """Share of a module's net capex a going concern reinvests a year to keep its plant
    as it is, by the lag ``l`` the horizon ends at.

    Each asset class's capex spent to date over its life, uncapped::

        repl[l] = Σ_c e_c · spent[l] / N_c

    (equipment, share ``equipment_share[s, k]``, over ``equipment_life_years``; the
    building over ``building_life_years``; a life of ``None`` is never replaced). It is
    the straight-line charge of :func:`depreciation_schedule` without its cap at what is
    left on the books: a class written off before the horizon's end still wears out and
    is replaced every ``N_c`` years, so a perpetuity that holds the plant's output must
    charge it. In the steady state of a plant renewed class by class, capex equals
    depreciation equals ``repl``: Damodaran's no-growth terminal value (``g = 0``, net
    reinvestment 0) of ``EBIT(1 − t)`` with EBIT after this depreciation.

    Parameters
    ----------
    inp : PlanInputs
        The problem (as :func:`depreciation_schedule`).

    Returns
    -------
    numpy.ndarray
        (S, K, T) share of net capex per year at lags ``0 .. T−1`` [1/year].

    References
    ----------
    Damodaran, A. (2012), *Investment Valuation*, 3rd ed., ch. 12 (stable growth
    ``FCFF = EBIT(1 − t) − (capex − depreciation)``; with ``g = 0`` the reinvestment
    rate ``g/ROC`` is 0, capex only replacing the plant as it wears out). IAS 16, paras.
    43-62 (each significant part over its own useful life).

    Examples
    --------
    Capex all in the first year, 80 % equipment over 5 years and 20 % building over 20:
    0.8/5 + 0.2/20 = 0.17 a year, also after the tools are written off:

    >>> from types import SimpleNamespace as NS
    >>> inp = NS(sites=("a",), facilities=("f",), years=np.arange(2025, 2033),
    ...          spend=np.array([[[1.0]]]), output=np.array([[[0.0, 1.0]]]),
    ...          equipment_share=0.8, equipment_life_years=5.0, building_life_years=20.0)
    >>> replacement_share(inp)[0, 0, [1, 6, 7]].round(9).tolist()
    [0.17, 0.17, 0.17]
    >>> depreciation_schedule(inp)[0, 0, [1, 6, 7]].round(9).tolist()
    [0.17, 0.01, 0.01]
    """
    n_t = len(inp.years)
    spent = np.cumsum(_lags(inp.spend, n_t, hold=False), axis=-1)  # (S, K, T)
    equip = _equipment(inp)
    out = np.zeros_like(spent)
    classes = (
        (equip, getattr(inp, "equipment_life_years", None)),
        (1.0 - equip, getattr(inp, "building_life_years", None)),
    )
    for share, life in classes:
        if life is not None:
            out += share[..., None] * spent / float(life)
    return out


def module_pv(inp: PlanInputs) -> ModulePV:
    """Present values of one module's capex, opex, depreciation and salvage.

    For a module started in year index τ, with ``d[t]`` the discount factor of year
    ``t`` and ``T`` the number of planning years::

        capex[τ]   = net_capex · Σ_{l ≤ T−1−τ} spend[l] · d[τ + l]
        opex[τ]    = opex_usd_per_year · Σ_{l ≤ T−1−τ} output[l] · d[τ + l]
        dep[τ]     = net_capex · Σ_{l ≤ T−1−τ} dep_share[l] · d[τ + l]
        salvage[τ] = net_capex · book_share[T−1−τ] · d[T]

    (``output`` holds its last value; ``d[T]`` is the year after the last).

    Parameters
    ----------
    inp : PlanInputs
        The problem.

    Returns
    -------
    ModulePV
        Four (S, K, T) arrays [USD/module].

    References
    ----------
    Brealey, Myers & Allen, *Principles of Corporate Finance*, 13th ed. (2020), ch. 2
    (present value ``PV = C_t/(1+r)^t``) and ch. 6 (the cash flows of a project:
    capital spending, operating cash flow, the depreciation tax shield, salvage value).
    """
    n_t = len(inp.years)
    disc = _discount(inp)
    spend = _lags(inp.spend, n_t, hold=False)
    out = _lags(inp.output, n_t, hold=True)
    dep = depreciation_schedule(inp)
    book = book_value_share(inp)
    net = _net_capex(inp)
    shape = (*np.shape(net), n_t)
    capex, opex, depr, salv = (np.zeros(shape) for _ in range(4))
    for start in range(n_t):
        n = n_t - start
        d = disc[start:n_t]
        capex[..., start] = (spend[..., :n] * d).sum(axis=-1)
        opex[..., start] = (out[..., :n] * d).sum(axis=-1)
        depr[..., start] = (dep[..., :n] * d).sum(axis=-1)
        salv[..., start] = book[..., n - 1] * disc[n_t]
    opex_usd = np.asarray(inp.opex_usd_per_year, dtype=float)[..., None]
    net = net[..., None]
    return ModulePV(
        capex=capex * net, opex=opex * opex_usd, depreciation=depr * net, salvage=salv * net
    )


def wafer_margin_pv(inp: PlanInputs) -> np.ndarray:
    """Present value of one finished wafer sold, after tax.

    ``margin[s, k, t] = d[t] · (1 − tax[s]) · (price[k, t] − c[s, k, t])`` with ``c``
    the unit cost (:func:`unit_costs`: the variable cost, plus a data-centre module's
    energy premium per unit sold). With ``terminal_value: going_concern`` a wafer sold
    in the last year also carries its share of the terminal value
    (:func:`_terminal_parts`).

    Parameters
    ----------
    inp : PlanInputs
        The problem: ``price_usd_per_wafer``, ``variable_cost_usd_per_wafer`` (K, T)
        [USD/wafer], ``tax_rate`` (S,) [-].

    Returns
    -------
    numpy.ndarray
        (S, K, T) [USD/wafer].

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 6 (after-tax operating cash flow
    ``(revenue − cost)(1 − T_c)``).
    """
    n_t = len(inp.years)
    margin = _prices(inp)[None] - unit_costs(inp)  # (S, K, T)
    after_tax = (1.0 - _tax(inp))[:, None, None] * margin
    out = after_tax * _discount(inp)[:n_t]
    if _convention(inp) == GOING_CONCERN:  # the last year's sales held (terminal value)
        out[..., n_t - 1] += _terminal_parts(inp)[1]
    return out


def npv_build_coefficients(inp: PlanInputs) -> np.ndarray:
    """NPV of one module started per year, all but its wafer sales.

    ``coef = −capex − (1 − tax[s]) · opex + tax[s] · dep + terminal`` (the
    :func:`module_pv` terms; ``terminal`` the salvage at book value, or with
    ``going_concern`` the module's fixed part of the terminal value,
    :func:`_terminal_parts`), with ``opex`` the fixed opex without a data-centre
    module's energy premium (charged per unit sold in :func:`wafer_margin_pv`). A build
    group's NPV is ``n · coef`` plus ``Σ_t sold[t] · margin[t]`` over the wafers it
    sells.

    Parameters
    ----------
    inp : PlanInputs
        The problem.

    Returns
    -------
    numpy.ndarray
        (S, K, T) [USD/module].

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 6 (NPV from after-tax cash flows; the
    depreciation tax shield ``T_c · dep``).
    """
    pv = module_pv(inp)
    tax = _tax(inp)[:, None, None]
    opex = fixed_opex_pv(inp, pv)
    terminal = _terminal_parts(inp, pv)[0]
    return -pv.capex - (1.0 - tax) * opex + tax * pv.depreciation + terminal


def _terminal_parts(inp: PlanInputs, pv: ModulePV | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The terminal value's present value: per module started (S, K, T) [USD/module]
    and per wafer sold in the last planning year (S, K) [USD/wafer].

    ``book`` (:func:`module_pv`'s salvage): ``net_capex · book_share[T−1−τ] · d[T]``
    per module, nothing per wafer. ``going_concern`` (:func:`terminal_values`): with
    ``M`` :func:`going_concern_multiple`, ``o = output[T−1−τ]`` and ``R =
    repl[T−1−τ]`` (:func:`replacement_share`: the plant's steady replacement, not the
    last year's book depreciation), a module with output in the last year is worth
    ``−M · d[T] · (1 − tax[s]) · (fixed_opex · o + net_capex · R)`` and each wafer it
    sells that year ``M · d[T] · (1 − tax[s]) · (price − c)[T−1]`` (its NOPAT, linear
    in builds and sales, so the MILP's objective and :func:`cash_flows` agree); a
    module with no output yet keeps its book value.
    """
    pv = module_pv(inp) if pv is None else pv
    n_t = len(inp.years)
    shape = (len(inp.sites), _n_facilities(inp))
    if _convention(inp) != GOING_CONCERN:
        return pv.salvage, np.zeros(shape)
    disc = _discount(inp)
    mult = going_concern_multiple(inp.discount_rate) * disc[n_t]
    last_lag = n_t - 1 - np.arange(n_t)  # lag of the last year for each start year
    out = _lags(inp.output, n_t, hold=True)[..., last_lag]
    repl = replacement_share(inp)[..., last_lag]
    net = _net_capex(inp)[..., None]
    fixed = np.asarray(inp.opex_usd_per_year, dtype=float) - energy_premium_usd_per_year(inp)
    keep = 1.0 - _tax(inp)[:, None, None]
    nopat = -keep * (fixed[..., None] * out + net * repl)
    per_module = np.where(out > 0, mult * nopat, pv.salvage)
    margin = _prices(inp)[None, :, n_t - 1] - unit_costs(inp)[..., n_t - 1]  # (S, K)
    return per_module, mult * keep[..., 0] * margin


def terminal_pv(inp: PlanInputs, build: np.ndarray, sold: np.ndarray) -> float:
    """Present value of the terminal value of ``build`` modules selling ``sold`` wafers
    (every site counted; mask other owners' before) [USD].

    ``Σ build · per_module + Σ_{s,k} sold[s, k, T−1] · per_wafer`` of the plan's
    convention (``book`` or ``going_concern``; :func:`terminal_values`).

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    build : (S, K, T) array
        Modules started per year [modules].
    sold : (S, K, T) array
        Finished wafers sold per year [wafers/year].

    Returns
    -------
    float
        [USD].

    References
    ----------
    As :func:`terminal_values`.
    """
    per_module, per_wafer = _terminal_parts(inp)
    sold = np.asarray(sold, dtype=float)
    last = float((sold[..., -1] * per_wafer).sum())
    return float((np.asarray(build, dtype=float) * per_module).sum()) + last


def fixed_opex_pv(inp: PlanInputs, pv: ModulePV | None = None) -> np.ndarray:
    """(S, K, T) present value of one module's fixed opex without a data-centre
    module's energy premium [USD/module].

    ``module_pv(inp).opex`` less the same ramp and discount applied to
    :func:`energy_premium_usd_per_year` (which the ``npv`` objective and the cash flows
    charge per unit sold, :func:`unit_costs`); ``pv`` a :func:`module_pv` already
    computed.

    References
    ----------
    As :func:`module_pv`; ``docs/energy.md``, "Why a dearer grid makes the investor
    richer" (energy on energy drawn, user test 6 #3).
    """
    pv = module_pv(inp) if pv is None else pv
    premium = energy_premium_usd_per_year(inp)
    if not np.any(premium):
        return pv.opex
    return pv.opex - module_pv(inp.replace(opex_usd_per_year=premium)).opex


# ------------------------------------------------------------------------ who sells


def _capacity_wafers(inp: PlanInputs, build: np.ndarray) -> np.ndarray:
    """(S, K, T) finished wafers per year the new modules of each site can make (less
    what a disruption takes, :func:`tigris.plan.model.output_availability`)."""
    from tigris.plan.model import online_fraction, output_availability

    online = online_fraction(np.asarray(build, dtype=float), inp.output)
    avail = output_availability(inp)
    online = online if avail is None else online * avail
    return MONTHS_PER_YEAR * online * np.asarray(inp.module_output, dtype=float)[..., None]


def merit_rank(inp: PlanInputs) -> np.ndarray:
    """(S, K, T) place of each of the investor's (site, facility) pairs in its pool's
    merit order, year by year: 0 sells first (and, on a data-centre pool, draws power
    first); -1 at other owners' sites [-].

    The one merit order of the plan (``docs/finance.md``, "Who sells"), read by
    :func:`sold_wafers` (the cash flows) and by the ``power`` table
    (:func:`tigris.energy.regional.power_table`, which modules draw the fleet's power),
    so the two cannot drift apart. Within a pool (a facility type, or every type of
    kind ``datacenter``, :func:`tigris.plan.power.pool_matrix`) and year the pairs are
    ranked by after-tax margin ``(1 − tax[s]) · (price[k, t] − c[s, k, t])`` (``c``
    :func:`unit_costs`: a data-centre module's own energy price counts), best first;
    then the lowest tax rate when the margin is ``≥ 0``, the highest when it is
    negative; ties in (site, type) order.

    Parameters
    ----------
    inp : PlanInputs
        The problem: prices, variable costs, tax rates, site owners, facility kinds.

    Returns
    -------
    numpy.ndarray
        (S, K, T) int: the rank in the pool of ``k`` in year ``t``, -1 for other owners.

    References
    ----------
    Dantzig, G. B. (1957), "Discrete-variable extremum problems", *Operations Research*
    5(2), 266-288 (the continuous knapsack is solved by taking items in order of value
    per unit).

    Examples
    --------
    Two investor sites, one facility type, one year; the second site's margin is
    better, so it ranks first:

    >>> from types import SimpleNamespace as NS
    >>> inp = NS(sites=("a", "b"), facilities=("n5",), facility_kind=("logic",),
    ...     datacenter_row=None, years=(2026,), price_usd_per_wafer=[[10.0]],
    ...     variable_cost_usd_per_wafer=[[2.0]], tax_rate=[0.3, 0.2])
    >>> merit_rank(inp)[:, 0, 0].tolist()
    [1, 0]
    """
    from types import SimpleNamespace

    from tigris.plan.power import pool_matrix

    inv = np.nonzero(_investor_sites(inp))[0]
    n_s, n_k, n_t = len(inp.sites), _n_facilities(inp), len(inp.years)
    rank = np.full((n_s, n_k, n_t), -1, dtype=int)
    if not len(inv):
        return rank
    margin = _prices(inp)[None] - unit_costs(inp)  # (S, K, T)
    tax = np.broadcast_to(_tax(inp)[:, None, None], margin.shape)
    best = -(1.0 - tax) * margin  # the best after-tax margin first
    key = np.where(margin >= 0, tax, -tax)  # then the tax
    kinds = tuple(inp.facility_kind)
    first = next((k for k, kind in enumerate(kinds) if kind == "datacenter"), None)
    pool = pool_matrix(  # a duck-typed problem may lack datacenter_row: the first one
        SimpleNamespace(facility_kind=kinds, datacenter_row=getattr(inp, "datacenter_row", first))
    )
    for j in np.nonzero(pool.sum(axis=0) > 0)[0]:
        ks = np.nonzero(pool[:, j] > 0)[0]
        at = np.ix_(inv, ks)
        n = len(inv) * len(ks)  # (site, type) pairs, site-major
        b, kk = best[at].reshape(n, n_t).T, key[at].reshape(n, n_t).T  # (T, n)
        idx = np.broadcast_to(np.arange(n), (n_t, n))
        order = np.lexsort((idx, kk, b), axis=-1)  # (T, n), best first
        place = np.argsort(order, axis=-1).T.reshape(len(inv), len(ks), n_t)
        rank[at] = place
    return rank


def fill_in_merit_order(cap: np.ndarray, total: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """(N, T) ``total`` (T,) taken from the ranked items, rank 0 first, each up to its
    ``cap``; items of rank -1 take nothing [the unit of ``cap``].

    Parameters
    ----------
    cap : (N, T) array
        What each item can take [any unit].
    total : (T,) array
        What is to be taken, at most the ranked items' total [same unit].
    rank : (N, T) int array
        Place in the merit order (:func:`merit_rank`), -1 for none.

    Returns
    -------
    numpy.ndarray
        (N, T) what each item takes.

    Examples
    --------
    >>> fill_in_merit_order(np.array([[4.0], [4.0], [4.0]]), np.array([6.0]),
    ...     np.array([[1], [0], [-1]])).ravel().tolist()
    [2.0, 4.0, 0.0]
    """
    cap = np.asarray(cap, dtype=float)
    rank = np.asarray(rank, dtype=int)
    ranked = np.where(rank >= 0, cap, 0.0)
    order = np.argsort(np.where(rank >= 0, rank, np.iinfo(int).max), axis=0, kind="stable")
    cap_sorted = np.take_along_axis(ranked, order, axis=0)
    before = np.cumsum(cap_sorted, axis=0) - cap_sorted
    take = np.clip(np.asarray(total, dtype=float)[None] - before, 0.0, cap_sorted)
    out = np.zeros_like(cap)
    np.put_along_axis(out, order, take, axis=0)
    return out


def sold_wafers(inp: PlanInputs, build: np.ndarray, prod: np.ndarray) -> np.ndarray:
    """Finished wafers sold per year by each site's new modules (merit order).

    In each facility type and year the wafers production uses,
    ``used[k, t] = Σ_p use[p, k, t] · prod[p, t]`` (:meth:`PlanInputs.used`: on the
    datacenter row ``12 ·`` the fleet's facility power, MW-months), come first from
    non-investor capacity ``NI`` (existing output plus other owners' new modules), then
    from the investor's ``INV``: ``sold_inv = clip(used − NI, 0, INV)``. Other owners'
    modules sell ``min(used, NI)`` pro rata to their online output (with existing
    output). The investor's total is taken in the merit order of :func:`merit_rank`
    (best after-tax margin first, then tax, then (site, type) order). Given the
    totals, this greedy order maximises ``Σ_s sold[s] · (1 − tax[s]) · margin`` (a
    continuous knapsack). Facility types of kind ``datacenter`` are one pool
    (:func:`tigris.plan.power.pool_matrix`): ``used``, ``NI`` and ``INV`` summed over
    the pool, the investor's (site, type) pairs in one merit order. With demand
    placed by region (``demand_regions``) the pool's modules sell what the power table
    runs in them instead (:func:`tigris.finance.placed.placed_sales`): a placed share
    in its region's capacity first, existing, then other owners', then the investor's
    modules there in merit order, the rest as above; without a share the two rules are
    one.

    Parameters
    ----------
    inp : PlanInputs
        The problem: ``use`` (P, K, T), ``existing_output`` (K, T) [wafers/month],
        ``module_output`` (S, K) [wafers/month], ``output`` (S, K, L), ``site_owner``,
        prices, variable costs and tax rates.
    build : (S, K, T) array
        Modules started per year [modules].
    prod : (P, T) array
        Accelerators made per year [accelerators/year].

    Returns
    -------
    numpy.ndarray
        (S, K, T) finished wafers sold per year [wafers/year; MW-months/year on
        data-centre rows].

    References
    ----------
    Contract of issue 11, "Who sells"; contract of issue 12, "Decisions" (one
    datacenter pool). Dantzig (1957), as :func:`merit_rank`. ``docs/energy.md``,
    "Regional demand" (placed shares).
    """
    from tigris.plan.power import pool_matrix

    cap = _capacity_wafers(inp, build)  # (S, K, T)
    used = inp.used(np.asarray(prod, dtype=float))  # (K, T); the fleet on datacenter rows
    inv = _investor_sites(inp)
    existing = MONTHS_PER_YEAR * np.asarray(inp.existing_output, dtype=float)
    ni = existing + cap[~inv].sum(axis=0)
    pool = pool_matrix(inp)
    used_p, ni_p = pool.T @ used, pool.T @ ni  # (K, T), per pool head
    sold = np.zeros_like(cap)
    ni_sold = np.minimum(used_p, ni_p)
    share_p = np.divide(ni_sold, ni_p, out=np.zeros_like(ni_p), where=ni_p > 0)
    sold[~inv] = cap[~inv] * (pool @ share_p)[None]  # each type the share of its pool
    rank = merit_rank(inp)
    n_s, _, n_t = cap.shape
    for j in np.nonzero(pool.sum(axis=0) > 0)[0]:
        ks = np.nonzero(pool[:, j] > 0)[0]
        caps = np.where(inv[:, None, None], cap[:, ks], 0.0).reshape(-1, n_t)
        total = np.clip(used_p[j] - ni_p[j], 0.0, caps.sum(axis=0))
        take = fill_in_merit_order(caps, total, rank[:, ks].reshape(-1, n_t))
        sold[:, ks] += take.reshape(n_s, len(ks), n_t)
    from tigris.finance.placed import placed_sales

    placed = placed_sales(inp, build, prod)  # demand placed by region: the power table's
    if placed is not None:
        dc = np.asarray(inp.facility_kind) == "datacenter"
        sold[:, dc] = placed[:, dc]
    return sold


# ---------------------------------------------------------------------- cash flows


def cash_flows(inp: PlanInputs, build: np.ndarray, prod: np.ndarray) -> pd.DataFrame:
    """The cash-flow table of every build group of a plan.

    One row per (site, facility, start_year) group with ``build > 0`` and year, from
    the group's first spend year to ``last_year + 1``. For ``n`` modules started in
    year τ, at lag ``l = t − τ`` within the horizon::

        capex        = n · net_capex · spend[l]
        revenue      = sold_g[t] · price[k, t]
        variable     = sold_g[t] · c[s, k, t]
        opex         = n · (opex_usd_per_year − premium) · output[l]
        depreciation = n · net_capex · dep_share[l]
        replacement  = n · net_capex · repl[l]  (a year with output, else 0)
        tax          = tax[s] · (revenue − variable − opex − depreciation)
        net          = revenue − variable − opex − tax − capex

    where ``sold_g`` is the group's part of its site's :func:`sold_wafers`, pro rata
    to its online output ``n · output[l]``, ``c`` the unit cost (:func:`unit_costs`:
    the variable cost plus a data-centre module's energy premium per unit sold) and
    ``premium`` that premium at full use (:func:`energy_premium_usd_per_year`, 0 for
    fabs): ``variable`` is what the module pays for the energy it draws (0 in a year it
    sells nothing) and ``opex`` its fixed opex without energy. The row of
    ``last_year + 1`` has only the terminal value, ``salvage = n · net_capex ·
    book_share[T−1−τ]`` (book value) or with ``terminal_value: going_concern``, for a
    group with output in the last year, ``(1 + r)/r`` times that year's NOPAT with the
    plant's steady replacement ``n · net_capex · repl[T−1−τ]``
    (:func:`replacement_share`) as its depreciation, ``(1 − tax[s]) · (revenue −
    variable − opex − replacement)`` (:func:`terminal_values`); ``net = salvage``.

    ``replacement_usd`` is not a cash flow either: the plant's steady replacement a
    year at its age in that year (each asset class's capex spent to date over its
    life, also after the class is written off on the books), what a going concern
    charges instead of ``depreciation``. It is carried so that the rows alone value
    the group as a going concern (:func:`terminal_values`), e.g. beside a book-value
    plan's NPV (:func:`tigris.plan.summary.terminal_sensitivity`).

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    build : (S, K, T) array
        Modules started per year [modules].
    prod : (P, T) array
        Accelerators made per year [accelerators/year].

    Returns
    -------
    pandas.DataFrame
        Columns ``site, facility, start_year, owner, modules, year``,
        :data:`MONEY_COLUMNS` [USD/year] and, after ``depreciation_usd``,
        ``replacement_usd`` [USD/year].

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 6 (project cash flows: capital investment,
    operating cash flow after tax, salvage value). IAS 16 / IAS 20 for depreciation
    (:func:`depreciation_schedule`); Howells et al. (2011) for salvage
    (:func:`book_value_share`).
    """
    build = np.asarray(build, dtype=float)
    years = np.asarray(inp.years, dtype=int)
    n_t = len(years)
    groups = np.argwhere(build > _BUILD_TOL)
    gs, gk, gt = groups.T if len(groups) else (np.zeros(0, dtype=int),) * 3
    n = build[gs, gk, gt][:, None]  # (G, 1)
    col = np.arange(n_t + 1)[None, :]  # year index, n_t = the salvage year
    lag = col - gt[:, None]
    spend = _lags(inp.spend, n_t, hold=False)
    first = np.argmax(spend > 0, axis=-1)  # first spend lag (0 if none)
    keep = lag >= first[gs, gk][:, None]
    inside = keep & (col < n_t)
    lc = np.clip(lag, 0, n_t - 1)
    tc = np.minimum(col, n_t - 1)
    at = (gs[:, None], gk[:, None], lc)
    started = (lag >= 0) & (col < n_t)
    out_all = np.where(started, _lags(inp.output, n_t, hold=True)[at], 0.0) * n
    out_g = np.where(inside, out_all, 0.0)
    net_capex = _net_capex(inp)[gs, gk][:, None] * n
    capex = np.where(inside, spend[at], 0.0) * net_capex
    dep = np.where(inside, depreciation_schedule(inp)[at], 0.0) * net_capex
    fixed = np.asarray(inp.opex_usd_per_year, dtype=float) - energy_premium_usd_per_year(inp)
    opex = out_g * fixed[gs, gk][:, None]  # fixed opex without energy
    online = np.zeros_like(build)  # module-equivalents online per site, facility, year
    if len(groups):
        np.add.at(online, (gs[:, None], gk[:, None], tc), out_all)
    sold = sold_wafers(inp, build, prod)[gs[:, None], gk[:, None], tc]
    frac = np.divide(
        out_g, online[gs[:, None], gk[:, None], tc], out=np.zeros_like(out_g), where=out_g > 0
    )
    sold_g = sold * frac
    revenue = sold_g * _prices(inp)[gk[:, None], tc]
    variable = sold_g * unit_costs(inp)[gs[:, None], gk[:, None], tc]  # energy drawn
    tax = _tax(inp)[gs][:, None] * (revenue - variable - opex - dep)
    # the plant's steady replacement at its age each year with output (not a cash flow)
    repl = np.where(out_g > 0, replacement_share(inp)[at] * net_capex, 0.0)
    book = book_value_share(inp)[gs, gk, n_t - 1 - gt][:, None] * net_capex
    if _convention(inp) == GOING_CONCERN and len(groups):
        last = n_t - 1
        profit = (revenue - variable - opex - repl)[:, last : last + 1]
        nopat = (1.0 - _tax(inp)[gs][:, None]) * profit  # the steady state's EBIT(1 − t)
        going = nopat * going_concern_multiple(inp.discount_rate)
        book = np.where(out_g[:, last : last + 1] > 0, going, book)
    salvage = np.where(col == n_t, book, 0.0)
    net = revenue - variable - opex - tax - capex + salvage
    rows = np.nonzero(np.broadcast_to(keep, lag.shape))
    g, c = rows
    owners = np.asarray(_site_owners(inp), dtype=object)
    table = pd.DataFrame(
        {
            "site": np.asarray(inp.sites, dtype=object)[gs[g]],
            "facility": np.asarray(inp.facilities, dtype=object)[gk[g]],
            "start_year": years[gt[g]],
            "owner": owners.astype(object)[gs[g]],
            "modules": n[g, 0],
            "year": years[0] + c,
        }
    )
    values = (capex, revenue, variable, opex, dep, tax, salvage, net)
    for name, arr in zip(MONEY_COLUMNS, values, strict=True):
        table[name] = arr[rows]
        if name == "depreciation_usd":
            table[REPLACEMENT_COLUMN] = repl[rows]
    return table


def replacement_usd(inp: PlanInputs, build: np.ndarray) -> pd.DataFrame:
    """Each build group's steady replacement a year at the horizon's end, and its site's
    tax rate: what :func:`terminal_values` needs beside the cash-flow rows to value a
    going concern as :func:`cash_flows` does.

    ``replacement = n · net_capex · repl[T−1−τ]`` (:func:`replacement_share`) for the
    ``n`` modules of group (s, k, τ); rows alone cannot tell it once an asset class is
    written off (each class's capex is not in them).

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    build : (S, K, T) array
        Modules started per year [modules].

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(site, facility, start_year)``; columns ``replacement_usd``
        [USD/year] and ``tax_rate`` [-].

    References
    ----------
    As :func:`replacement_share`.
    """
    build = np.asarray(build, dtype=float)
    n_t = len(inp.years)
    gs, gk, gt = np.argwhere(build > _BUILD_TOL).T.reshape(3, -1)
    repl = replacement_share(inp)[gs, gk, n_t - 1 - gt] * _net_capex(inp)[gs, gk]
    index = pd.MultiIndex.from_arrays(
        [
            np.asarray(inp.sites, dtype=object)[gs],
            np.asarray(inp.facilities, dtype=object)[gk],
            np.asarray(inp.years, dtype=int)[gt],
        ],
        names=["site", "facility", "start_year"],
    )
    return pd.DataFrame(
        {"replacement_usd": repl * build[gs, gk, gt], "tax_rate": _tax(inp)[gs]}, index=index
    )


def terminal_values(
    flows: pd.DataFrame,
    rate: float,
    convention: str,
    last_year: int,
    replacement: pd.DataFrame | None = None,
) -> pd.Series:
    """Each build group's terminal value from its cash-flow rows, by either convention.

    From the rows of :func:`cash_flows` (or its export, ``cash_flows.csv``) up to
    ``last_year``, per group ``(site, facility, start_year)``:

    - ``book``: the book value, ``Σ capex − Σ depreciation`` (capex spent to date less
      depreciation to date, never below 0; IAS 16 para. 6, OSeMOSYS' salvage value);
    - ``going_concern``: a group with output in ``last_year`` (opex, depreciation or
      revenue in that row) is a business kept running as it is: its after-tax operating
      profit of that year with the plant's steady replacement ``R`` as its
      depreciation, ``NOPAT = (1 − t) · (revenue − variable − opex − R)``, received
      every year from then on without growth, valued in the year after the horizon:
      ``NOPAT · (1 + r)/r`` (:func:`going_concern_multiple`). ``R`` and ``t`` come from
      ``replacement`` (:func:`replacement_usd`); without it, from the rows:
      ``R`` the ``replacement_usd`` column of ``last_year``'s row (:func:`cash_flows`)
      and ``NOPAT = (revenue − variable − opex − depreciation − tax) − (1 − t) · (R −
      depreciation)``, the same thing, with ``t`` the group's tax rate read back from
      its rows (``tax = t · (revenue − variable − opex − depreciation)`` every year:
      ``t = Σ tax · base / Σ base²``; not needed while ``R`` equals the depreciation);
      NaN where ``R`` is NaN (a run saved before the column) or ``t`` cannot be read.
      Rows without the column are charged the row's own depreciation and tax, ``NOPAT
      = revenue − variable − opex − depreciation − tax``, the same while none of the
      group's asset classes is written off by ``last_year`` (always so for the
      data-centre modules of the shipped data, 20-year buildings) and too high after.
      A group not yet operating keeps its book value (its cost to date, the one value
      it has).

    Why a no-growth perpetuity of NOPAT, not the last year's cash flow held to the
    end of the books: it needs no life per group (so the ``npv`` objective stays linear
    in the sales variables, each year's sales pooled over start years), and with
    ``g = 0`` the reinvestment is the plant's replacement, each asset class's capex
    over its life (:func:`replacement_share`), which NOPAT after that depreciation
    charges. It assumes the last year's prices, output and grant share hold in real
    terms; a group losing money then is valued negative (abandonment is not
    modelled).

    Parameters
    ----------
    flows : pandas.DataFrame
        Cash-flow rows: ``site, facility, start_year, year``, the money columns of
        :data:`MONEY_COLUMNS` and, optionally, ``replacement_usd`` [USD/year].
    rate : float
        Real discount rate [1/year] (> 0 for ``going_concern``).
    convention : str
        ``book`` or ``going_concern``.
    last_year : int
        The horizon's last year [year].
    replacement : pandas.DataFrame, optional
        :func:`replacement_usd` of the plan: ``replacement_usd`` [USD/year] and
        ``tax_rate`` [-] by ``(site, facility, start_year)``.

    Returns
    -------
    pandas.Series
        Terminal value by ``(site, facility, start_year)``, in the year after
        ``last_year`` [USD].

    References
    ----------
    Damodaran (2012), *Investment Valuation*, ch. 12 (terminal value of a going
    concern as a stable perpetuity; liquidation value, here book value, as the
    alternative); Brealey, Myers & Allen (2020), ch. 19 (horizon value);
    Howells et al. (2011) (salvage at book value).

    Examples
    --------
    One group: 100 spent, 10 depreciated, then a year of NOPAT 6 at 5 %:

    >>> rows = pd.DataFrame({"site": "a", "facility": "f", "start_year": 2026,
    ...     "year": [2026, 2027], "capex_usd": [100.0, 0.0], "revenue_usd": [0.0, 20.0],
    ...     "variable_cost_usd": 0.0, "opex_usd": [0.0, 2.0],
    ...     "depreciation_usd": [0.0, 10.0], "tax_usd": [0.0, 2.0]})
    >>> float(terminal_values(rows, 0.05, "book", 2027).iloc[0])
    90.0
    >>> round(float(terminal_values(rows, 0.05, "going_concern", 2027).iloc[0]), 6)
    126.0

    The same group after its tools are written off, replaced at 16 a year, tax 25 %:
    NOPAT 0.75 · (20 − 2 − 16) = 1.5, worth 31.5:

    >>> keys = pd.MultiIndex.from_tuples([("a", "f", 2026)],
    ...     names=["site", "facility", "start_year"])
    >>> repl = pd.DataFrame({"replacement_usd": [16.0], "tax_rate": [0.25]}, index=keys)
    >>> round(float(terminal_values(rows, 0.05, "going_concern", 2027, repl).iloc[0]), 6)
    31.5

    The same from the rows with their ``replacement_usd`` (tax 2 of a base of 8: 25 %):

    >>> rows["replacement_usd"] = [0.0, 16.0]
    >>> round(float(terminal_values(rows, 0.05, "going_concern", 2027).iloc[0]), 6)
    31.5
    """
    keys = ["site", "facility", "start_year"]
    inside = flows[flows["year"] <= last_year]
    sums = inside.groupby(keys, sort=False)[["capex_usd", "depreciation_usd"]].sum()
    book = (sums["capex_usd"] - sums["depreciation_usd"]).clip(lower=0.0)
    if convention == BOOK:
        return book
    if convention != GOING_CONCERN:
        msg = f"terminal value convention {convention!r}, expected {BOOK} or {GOING_CONCERN}"
        raise ValueError(msg)
    last = inside[inside["year"] == last_year].set_index(keys)
    nopat = (
        last["revenue_usd"]
        - last["variable_cost_usd"]
        - last["opex_usd"]
        - last["depreciation_usd"]
        - last["tax_usd"]
    )
    if replacement is not None and len(replacement):
        steady = replacement.reindex(last.index)
        profit = last["revenue_usd"] - last["variable_cost_usd"] - last["opex_usd"]
        held = (1.0 - steady["tax_rate"]) * (profit - steady["replacement_usd"])
        nopat = held.where(steady["replacement_usd"].notna(), nopat)
    elif REPLACEMENT_COLUMN in last.columns:
        nopat = nopat - _replacement_adjustment(inside, last, keys)
    operating = (last[["revenue_usd", "opex_usd", "depreciation_usd"]] > 0).any(axis=1)
    going = (nopat * going_concern_multiple(rate))[operating]
    out = book.copy()
    out.loc[going.index] = going
    return out


def _replacement_adjustment(inside: pd.DataFrame, last: pd.DataFrame, keys: list[str]) -> pd.Series:
    """``(1 − t) · (R − depreciation)`` of each group's ``last`` row: what its NOPAT
    after book depreciation loses when charged the steady replacement ``R`` (the row's
    ``replacement_usd``) instead [USD/year].

    ``t`` is the group's tax rate read back from its rows up to the last year
    (``inside``), where ``tax = t · base`` with ``base = revenue − variable − opex −
    depreciation`` (:func:`cash_flows`): the least-squares ``t = Σ tax · base / Σ
    base²``, exact for rows made that way; not needed (0 adjustment) where ``R``
    equals the depreciation to 1e-12, NaN where ``R`` is NaN or ``t`` cannot be read
    (every base 0).
    """
    base = (
        inside["revenue_usd"]
        - inside["variable_cost_usd"]
        - inside["opex_usd"]
        - inside["depreciation_usd"]
    )
    parts = pd.DataFrame({"tb": inside["tax_usd"] * base, "bb": base * base})
    sums = parts.groupby([inside[k] for k in keys], sort=False).sum()
    rate = (sums["tb"] / sums["bb"].where(sums["bb"] > 0)).reindex(last.index)
    repl = pd.to_numeric(last[REPLACEMENT_COLUMN], errors="coerce")
    dep = last["depreciation_usd"]
    same = pd.Series(np.isclose(repl, dep, rtol=1e-12, atol=0.0), index=last.index)
    return ((1.0 - rate) * (repl - dep)).where(~same, 0.0)


# ------------------------------------------------------------------------ measures


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
    return float(npf.irr(flows))


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


# ------------------------------------------------------------------------ the tables


def finance_tables(
    inp: PlanInputs, build: np.ndarray, prod: np.ndarray, draw: np.ndarray
) -> dict[str, pd.DataFrame]:
    """Cash flows and NPV, IRR and payback per module, site, owner and capital source.

    Calls :func:`tigris.finance.evaluate.tables` (split out to keep this module short),
    whose docstring holds the parameters (``build`` (S, K, T) [modules], ``prod``
    (P, T) [accelerators/year], ``draw`` (F, T) [USD/year]), the tables returned and
    the references.
    """
    from tigris.finance.evaluate import tables

    return tables(inp, build, prod, draw)
