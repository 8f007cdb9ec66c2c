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
  :func:`replacement_share`) instead of that year's book depreciation, for a group at
  its steady state (full output) that year, and the book value for one not yet there
  (still ramping: :func:`at_steady_state`, :func:`terminal_values`).

Nothing here imports :mod:`tigris.plan` at module level: the planner imports this
module. Functions take a :class:`~tigris.plan.inputs.PlanInputs` (duck-typed: the
money fields are read with their defaults when absent) and arrays in real units.

This module holds the cash-flow table (:func:`cash_flows`, :func:`replacement_usd`,
:func:`energy_margin_note`, :func:`finance_tables`); the parts it is built from live in
modules of their own, each name still importable from here (``__all__``), each import
one way (none of them imports this module):

- :mod:`tigris.finance.money_inputs`: the table's columns, the terminal-value
  conventions, the inputs as arrays (prices, tax, net capex, discount, lag profiles,
  owners);
- :mod:`tigris.finance.energy_costs`: :func:`unit_costs`,
  :func:`energy_premium_usd_per_year`;
- :mod:`tigris.finance.depreciation`: :func:`depreciation_schedule`,
  :func:`book_value_share`, :func:`replacement_share`;
- :mod:`tigris.finance.terminal`: :func:`going_concern_multiple`,
  :func:`at_steady_state`, :func:`terminal_values`;
- :mod:`tigris.finance.present_value`: :class:`ModulePV`, :func:`module_pv`,
  :func:`wafer_margin_pv`, :func:`npv_build_coefficients`, :func:`terminal_pv`,
  :func:`fixed_opex_pv` (the ``npv`` objective's terms);
- :mod:`tigris.finance.merit`: :func:`merit_rank`, :func:`fill_in_merit_order`,
  :func:`sold_wafers` (who sells);
- :mod:`tigris.finance.measures`: :func:`npv_usd`, :func:`irr`, :func:`payback_year`;
- :mod:`tigris.finance.evaluate`: the tables of :func:`finance_tables`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tigris.finance.depreciation import book_value_share, depreciation_schedule, replacement_share
from tigris.finance.energy_costs import (
    energy_premium_usd_per_year,
    pass_through_shift,
    unit_costs,
    unit_prices,
)
from tigris.finance.measures import irr, npv_usd, payback_year
from tigris.finance.merit import _capacity_wafers as _capacity_wafers
from tigris.finance.merit import fill_in_merit_order, merit_rank, sold_wafers
from tigris.finance.money_inputs import BOOK as BOOK
from tigris.finance.money_inputs import (
    FLOW_COLUMNS,
    GOING_CONCERN,
    MONEY_COLUMNS,
    REPLACEMENT_COLUMN,
    _convention,
    _investor_sites,
    _lags,
    _net_capex,
    _site_owners,
    _tax,
    _variable_costs,
)
from tigris.finance.money_inputs import _owners as _owners
from tigris.finance.present_value import (
    ModulePV,
    fixed_opex_pv,
    module_pv,
    npv_build_coefficients,
    terminal_pv,
    wafer_margin_pv,
)
from tigris.finance.terminal import (
    STEADY_COLUMN,
    at_steady_state,
    going_concern_multiple,
    terminal_values,
)

if TYPE_CHECKING:
    from tigris.plan.inputs import PlanInputs

# Names imported ``X as X`` above are private names other modules import from here,
# re-exported where they moved (``_capacity_wafers``: tigris.plan.power; ``_owners``,
# ``_site_owners``: tigris.finance.evaluate; ``BOOK``: tigris.plan.summary).
__all__ = [
    "FLOW_COLUMNS",
    "MONEY_COLUMNS",
    "REPLACEMENT_COLUMN",
    "ModulePV",
    "at_steady_state",
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
    "unit_prices",
    "wafer_margin_pv",
]

#: Builds below this many modules are numerical noise of the solver, not a build group
#: [modules].
_BUILD_TOL = 1e-9


def energy_margin_note(inp: PlanInputs, build: np.ndarray, prod: np.ndarray) -> str | None:
    """One sentence on why a dearer (or cheaper) grid moves the investor's money: its
    on-site data-centre modules sell the grid's energy passed through and burn their
    own fuel; None at the data's grid price or without such a module selling.

    Over the horizon, undiscounted: ``pass = Σ sold_g · v[s, t]`` (the energy per
    MW-month ``v`` passed through at the module's site,
    :func:`tigris.finance.energy_costs.pass_through_shift`, on the MW-months the
    investor's on-site modules sell,
    :func:`sold_wafers`) and ``fuel`` their energy paid (:func:`cash_flows`'
    ``variable_cost_usd``); at the data's price the pass-through would be ``pass / m``
    (``v`` is linear in the multiplier ``m``), so the margin is ``pass · (1 − 1/m)``
    wider than at ×1.

    Parameters
    ----------
    inp : PlanInputs
        The problem (its ``power_regions``: the grid price multiplier and on-site prices).
    build : np.ndarray
        Modules started per site, facility type and year, shape (S, K, T) [modules].
    prod : np.ndarray
        Accelerators made per product and year, shape (P, T) [accelerators/year].

    Returns
    -------
    str or None
        The sentence: the multiplier, the energy passed through and the fuel paid [USD,
        undiscounted] and the margin's change against x1 [USD]; None as above.

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
    # the energy passed through at each module's site (the pool's where none)
    var = _variable_costs(inp)[None, :, :] + pass_through_shift(inp)
    sel = mine[:, None] & onsite[None, :]
    passed = float((sold * var * sel[..., None]).sum())
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
    group at its steady state (full output, :func:`at_steady_state`) in the last year,
    ``(1 + r)/r`` times that year's NOPAT with the plant's steady replacement ``n ·
    net_capex · repl[T−1−τ]`` (:func:`replacement_share`) as its depreciation, ``(1 −
    tax[s]) · (revenue − variable − opex − replacement)`` (:func:`terminal_values`);
    a group not yet there (no output, or part output in a ramp year) keeps its book
    value; ``net = salvage``.

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
        ``replacement_usd`` [USD/year]; ``attrs["steady"]``, ``[site,
        facility, start_year, steady]`` lists: whether the group is at its steady state in the last
        year (:func:`at_steady_state`), which :func:`terminal_values` reads so that
        the rows value a going concern as the plan does (not written to files: rows
        read back fall back to the rows-only rule).

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
    revenue = sold_g * unit_prices(inp)[gs[:, None], gk[:, None], tc]
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
        # a perpetuity of a steady year only: a ramp year keeps its book value
        steady = at_steady_state(inp)[gs, gk, last - gt][:, None]
        book = np.where(steady, going, book)
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
    # the plan's steady state of each group in the last year (at_steady_state), for
    # terminal_values on these rows: the rows alone cannot tell a first full-output year
    # (a dict: pandas compares attrs on concat, which a Series cannot be)
    steady = at_steady_state(inp)[gs, gk, n_t - 1 - gt]
    sites, facs = np.asarray(inp.sites, dtype=object), np.asarray(inp.facilities, dtype=object)
    # as JSON-safe lists [site, facility, start_year, steady] (a parquet export writes
    # attrs as JSON: tuple keys refused it)
    table.attrs[STEADY_COLUMN] = [
        [str(sites[s_]), str(facs[k_]), int(years[t_]), bool(v)]
        for s_, k_, t_, v in zip(gs, gk, gt, steady, strict=True)
    ]
    return table


def replacement_usd(inp: PlanInputs, build: np.ndarray) -> pd.DataFrame:
    """Each build group's steady replacement a year at the horizon's end, its site's
    tax rate and whether it is at its steady state then: what :func:`terminal_values`
    needs beside the cash-flow rows to value a going concern as :func:`cash_flows`
    does.

    ``replacement = n · net_capex · repl[T−1−τ]`` (:func:`replacement_share`) for the
    ``n`` modules of group (s, k, τ); rows alone cannot tell it once an asset class is
    written off (each class's capex is not in them). ``steady`` is
    :func:`at_steady_state` at lag ``T−1−τ`` (full output in the last year).

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
        [USD/year], ``tax_rate`` [-] and ``steady`` (bool).

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
        {
            "replacement_usd": repl * build[gs, gk, gt],
            "tax_rate": _tax(inp)[gs],
            STEADY_COLUMN: at_steady_state(inp)[gs, gk, n_t - 1 - gt],
        },
        index=index,
    )


# ------------------------------------------------------------------------ the tables


def finance_tables(
    inp: PlanInputs, build: np.ndarray, prod: np.ndarray, draw: np.ndarray
) -> dict[str, pd.DataFrame]:
    """Cash flows and NPV, IRR and payback per module, site, owner and capital source.

    Calls :func:`tigris.finance.evaluate.tables` (split out to keep this module short),
    whose docstring holds the parameters (``build`` (S, K, T) [modules], ``prod``
    (P, T) [accelerators/year], ``draw`` (F, T) [USD/year]), the tables returned and
    the references.

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    build : np.ndarray
        Modules started per site, facility type and year, shape (S, K, T) [modules].
    prod : np.ndarray
        Accelerators made per product and year, shape (P, T) [accelerators/year].
    draw : np.ndarray
        Capital drawn per source and year, shape (F, T) [USD/year].

    Returns
    -------
    dict of str to pd.DataFrame
        :func:`tigris.finance.evaluate.tables`' tables (``cash_flows``,
        ``finance_modules``, ``finance_sites``, ``finance_owners``, ``finance_sources``,
        ``finance_flows``); ``cash_flows.attrs["ramp_undervalue_usd"]`` is the most the
        ``npv`` objective undervalues a module ramping at the horizon's end [USD].
    """
    from tigris.finance.evaluate import tables

    out = tables(inp, build, prod, draw)
    # the most the npv objective undervalues one investor's module ramping at the
    # horizon's end (present_value.ramp_undervalue_pv), for the headline's word on it
    if "cash_flows" in out:
        out["cash_flows"].attrs[RAMP_UNDERVALUE_ATTR] = _ramp_undervalue_max(inp)
    return out


#: ``cash_flows``' ``attrs`` key of :func:`_ramp_undervalue_max` [USD].
RAMP_UNDERVALUE_ATTR = "ramp_undervalue_usd"


def _ramp_undervalue_max(inp: PlanInputs) -> float:
    """The largest :func:`~tigris.finance.present_value.ramp_undervalue_pv` over the
    investor's sites and the facilities they may build, any start year [USD]; 0 under
    ``book``."""
    from tigris.finance.present_value import ramp_undervalue_pv

    under = ramp_undervalue_pv(inp)
    allowed = getattr(inp, "allowed", None)
    allowed = True if allowed is None else np.asarray(allowed, dtype=bool)
    mask = _investor_sites(inp)[:, None] & np.broadcast_to(allowed, under.shape[:2])
    picked = under[mask]
    return float(picked.max()) if picked.size else 0.0
