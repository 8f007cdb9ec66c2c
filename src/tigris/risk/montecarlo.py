"""Plan-level Monte Carlo: N plans over sampled inputs, quantiles of what they give.

:func:`monte_carlo` draws ``samples`` members from the scenario's ``distributions``
(:func:`tigris.risk.distributions.sample_changes`, seeded), solves each as a plan through
the sweep executor (:func:`tigris.runs.sweep.sweep`: in this process, on a local Dask
cluster, or on a scheduler given by address), and reduces every member to the
:data:`OUTPUTS` (yearly series and headline totals) **on its worker**
(:func:`member_outputs`; the plans themselves are not shipped back or kept unless they
are stored). The scenario itself, every input at its own value, is solved once more
alongside (the ``deterministic`` outputs). The result, :class:`MonteCarlo`, holds the
drawn inputs, every member's outputs, their quantiles (p5, p25, p50, p75, p95 and the
mean, over the members that solved) and the drivers of the main outputs by Spearman
rank correlation. :func:`evaluate` is the step that solves given members (Sobol and the
tornado of :mod:`tigris.risk.sensitivity` and :mod:`tigris.risk.tornado` use it too).

Plans in a risk run are solved **without explanations** (the "why" re-solves; a risk run
reads numbers). :func:`monte_carlo` solves each plan **with the counterfactual** (the
world without the investor, :mod:`tigris.plan.counterfactual`) when the scenario offers
an investor's capital, for :data:`ADDED_OUTPUTS` (what the investor adds and the capital
per H100e added: the memo's headline, user test 2026-12-04 UT-SWF #7): one more solve per
plan (nested LPs of the worlds without builds, a MIP when incumbents respond), and with
incumbents that respond the plan keeps their baseline builds as a floor, as ``tigris
plan`` does. ``counterfactual=False`` leaves it out (those outputs NaN); :func:`evaluate`
(the tornado's and Sobol's plans) leaves it out unless asked.

Importing this module is cheap (no pandas, linopy or dask until a function runs).

References
----------
Quantiles: numpy ``quantile(method="linear")``, Hyndman & Fan (1996) definition 7, "Sample
quantiles in statistical packages", The American Statistician 50(4), 361-365; of a year
(the payback year) definition 1, ``"inverted_cdf"`` (:data:`YEAR_QUANTILE_METHOD`). Spearman's
rank correlation: Spearman (1904), "The proof and measurement of association between two
things", American Journal of Psychology 15(1), 72-101 (Pearson's r of the ranks, ties
given their average rank). Monte Carlo uncertainty analysis of model outputs: Saltelli et
al. (2008), *Global Sensitivity Analysis: The Primer*, Wiley, ch. 1. ``docs/risk.md``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris.runs.worker import PLANNED_MEMBER

if TYPE_CHECKING:
    import pandas as pd

    from tigris.plan.result import PlanResult
    from tigris.scenario import Scenario

__all__ = [
    "ADDED_OUTPUTS",
    "ALL",
    "BINDING_INPUTS",
    "BINDS",
    "DETERMINISTIC",
    "DRIVER_OUTPUTS",
    "INPUT_QUANTILES",
    "MAY_BE_UNDEFINED",
    "OUTPUTS",
    "POWER_OUTPUTS",
    "QUANTILES",
    "REGIONAL",
    "REGION_SEP",
    "TOTALS",
    "YEAR_QUANTILE_METHOD",
    "Evaluated",
    "MonteCarlo",
    "binding_years",
    "detectable_rho",
    "draws",
    "driver_outputs",
    "evaluate",
    "event_probabilities",
    "has_investor",
    "holm",
    "mc_error_dict",
    "mc_intervals",
    "member_outputs",
    "min_driver_samples",
    "monte_carlo",
    "output_spec",
    "physical_range",
    "quantile_table",
    "spearman",
    "spearman_p",
    "stopped_lines",
    "too_few_to_rank",
    "unbuilt_inputs",
    "undrawn_binding",
    "undrawn_constraints",
]

#: What a risk analysis reports, in display order: key -> (unit, kind). ``yearly``
#: outputs have one value per planning year, ``total`` ones a single value (year key
#: ``"all"``). Yearly: compute served and unmet (the ``demand`` table summed over demand
#: classes), the unmet share of the year's demand, the capex spent that year (the
#: ``capex`` table, every source and owner, subsidy included), the power of the compute
#: fleet and the new fabs (the ``power`` table's ``world`` row: ``facility_mw_needed +
#: fab_power_mw``) and the investor's cumulative discounted net cash flow through the
#: year (``finance_flows``, owner ``investor``; through the last year plus the
#: discounted salvage it is the headline NPV); and the plan's own power answer, the
#: ``power`` table's ``world`` row (:func:`tigris.energy.regional.power_table`, see
#: :data:`POWER_OUTPUTS`). Totals: headline numbers
#: (:meth:`tigris.plan.result.PlanResult.headline`), see :data:`TOTALS`; among them the
#: investor's IRR with salvage [-] and payback year [year] (the headline's: the flows
#: including the salvage at book value after the last year, so a payback the year
#: after the last is reached by the salvage). Each power
#: output is also reported by region as ``<output>@<region>`` (kind ``regional``,
#: :func:`output_spec`).
OUTPUTS: dict[str, tuple[str, str]] = {
    "served_h100e": ("H100e", "yearly"),
    "unmet_h100e": ("H100e", "yearly"),
    "unmet_share": ("-", "yearly"),
    "capex_usd": ("USD", "yearly"),
    "power_mw": ("MW", "yearly"),
    "npv_usd": ("USD", "yearly"),
    "datacenter_mw_online": ("MW", "yearly"),
    "energy_twh": ("TWh", "yearly"),
    "emissions_t_co2": ("t CO2", "yearly"),
    "electricity_cost_usd": ("USD", "yearly"),
    "added_h100e": ("H100e", "yearly"),
    "served_h100e_total": ("H100e", "total"),
    "unmet_h100e_total": ("H100e", "total"),
    "unmet_share_total": ("-", "total"),
    "capex_committed_usd": ("USD", "total"),
    "capital_spent_usd": ("USD", "total"),
    "cost_usd": ("USD", "total"),
    "npv_total_usd": ("USD", "total"),
    "irr": ("-", "total"),
    "payback_year": ("year", "total"),
    "modules_built": ("modules", "total"),
    "added_h100e_total": ("H100e", "total"),
    "capex_usd_per_added_h100e": ("USD/H100e", "total"),
}
#: The outputs that compare a plan with the world without the investor (the
#: counterfactual, :mod:`tigris.plan.counterfactual`): compute the investor adds by year
#: and in total [H100e] (the plan less that world, solver noise as 0, as ``tigris plan``'s
#: headline: :func:`tigris.plan.summary.plan_sections`) and the capital it spent per
#: H100e added [USD/H100e] (NaN when it adds nothing, or when what it adds is mostly
#: existing capacity re-timed, as the headline leaves it out). NaN in a plan solved
#: without the counterfactual (:func:`monte_carlo` solves it when the scenario has an
#: investor's capital; the tornado and Sobol plans do not).
ADDED_OUTPUTS = ("added_h100e", "added_h100e_total", "capex_usd_per_added_h100e")
#: The total outputs and the headline number each is (``headline()["numbers"]``).
TOTALS: dict[str, str] = {
    "served_h100e_total": "served_h100e",
    "unmet_h100e_total": "unmet_h100e",
    "unmet_share_total": "unmet_share",
    "capex_committed_usd": "capex_committed_usd",
    "capital_spent_usd": "capital_spent_usd",
    "cost_usd": "cost_usd",
    "npv_total_usd": "npv_usd",
    "irr": "irr",
    "payback_year": "payback_year",
    "modules_built": "modules_built",
}
#: Total outputs that a solved plan may leave undefined (NaN): the investor's IRR when
#: its flows do not change sign (nothing spent, or never a return) and the payback
#: year when the cumulative flow never turns positive (``headline()["numbers"]``).
#: :meth:`MonteCarlo.to_dict` counts such members (``undefined``), so that quantiles
#: over fewer plans than solved are never silent (user test 2026-12-04, UT-MONEY #5).
MAY_BE_UNDEFINED = ("irr", "payback_year")
#: The outputs read from the plan's ``power`` table, each the column of the same name
#: (:data:`tigris.energy.regional.POWER_COLUMNS`): data-centre facility MW online (existing
#: capacity and modules online, at the PUE of where they are) [MW], the compute fleet's
#: energy [TWh/year], emissions of the fleet's and new fabs' energy (grid at the region's
#: intensity, on-site generation at its plant's) [t CO2/year] and their electricity cost
#: [USD/year]; by year for the ``world`` row and, as ``<output>@<region>``, each region's.
POWER_OUTPUTS = ("datacenter_mw_online", "energy_twh", "emissions_t_co2", "electricity_cost_usd")
#: Kind of a by-region power output (``energy_twh@usa``): yearly, one per region.
REGIONAL = "regional"
#: Separator of a power output and its region in an output key.
REGION_SEP = "@"
#: The range each output can take by construction, where it is narrower than the real
#: line: output -> (lowest, highest) [the output's unit]. Amounts that are sums of
#: non-negative terms (compute served and unmet, capex, MW, TWh, tonnes, electricity
#: bills at the data's non-negative prices, modules, the capital per H100e added, which
#: is left out when nothing is added) are never negative; a share of demand is in
#: [0, 1]; an IRR is above -100 % (the rate at which ``(1 + r)^-t`` is defined). Left
#: out, as they take any value: NPVs, the compute added (the plan less the world without
#: the investor: negative when it re-times), the cost (capex less salvage, opex) and the
#: payback year. :func:`mc_intervals` cuts the mean's t interval to it
#: (:func:`tigris.risk.mcerror.clip_interval`; user test 2026-12-04, RISK-LEFT #1: a
#: negative lower end for unmet H100e). A power output by region has its output's range.
PHYSICAL_RANGE: dict[str, tuple[float, float]] = {
    **dict.fromkeys(
        (
            "served_h100e",
            "unmet_h100e",
            "capex_usd",
            "power_mw",
            "datacenter_mw_online",
            "energy_twh",
            "emissions_t_co2",
            "electricity_cost_usd",
            "served_h100e_total",
            "unmet_h100e_total",
            "capex_committed_usd",
            "capital_spent_usd",
            "modules_built",
            "capex_usd_per_added_h100e",
        ),
        (0.0, math.inf),
    ),
    "unmet_share": (0.0, 1.0),
    "unmet_share_total": (0.0, 1.0),
    "irr": (-1.0, math.inf),
}
#: Quantiles reported [-] (p5, p25, p50, p75, p95), numpy's ``method="linear"``.
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
#: numpy's quantile method for an output in years (``payback_year``): the inverse of
#: the empirical distribution, Hyndman & Fan (1996) definition 1 (``"inverted_cdf"``),
#: so each quantile is a year some plan paid back in, the earliest year by which at
#: least that share of the plans had (user test 2026-12-04, UT-SWF #11: "payback year p5
#: 2035.3"). Chosen over ``"lower"``/``"higher"``/``"nearest"``, which round the linear
#: definition's position and so depend on where it falls between two plans, because
#: this one reads as a share of plans (p50: half the plans have paid back by then).
#: Every other output keeps ``"linear"`` (definition 7).
YEAR_QUANTILE_METHOD = "inverted_cdf"
#: Quantiles of the drawn inputs in :meth:`MonteCarlo.to_dict` (p5, p50, p95) [-].
INPUT_QUANTILES = (0.05, 0.5, 0.95)
#: The total outputs whose drivers are ranked; :func:`driver_outputs` adds the last
#: year's ``unmet_h100e`` as ``unmet_h100e_<year>``.
DRIVER_OUTPUTS = ("unmet_share_total", "capex_committed_usd", "npv_total_usd")
#: The year key of a total output.
ALL = "all"
#: The member number of the deterministic plan (the plan as planned) in
#: :attr:`MonteCarlo.failed` when it fails, and in the stored sweep (the sampled
#: members are 0 .. samples - 1): :data:`tigris.runs.worker.PLANNED_MEMBER`.
DETERMINISTIC = PLANNED_MEMBER

#: Fewest finite pairs a rank correlation is computed from: two points give +-1 by
#: construction, whatever the relation (Spearman 1904: with n = 2 the two ranks are
#: (1, 2) in both samples or reversed). A ranking shown to people needs more:
#: :func:`min_driver_samples` (17).
MIN_RANK_PAIRS = 3
_MIN_RANK_PAIRS = MIN_RANK_PAIRS
#: The size of rank correlation a ranking of drivers must tell from chance: 0.5, a
#: "large" correlation (J. Cohen, *Statistical Power Analysis for the Behavioral
#: Sciences*, 2nd ed., 1988, ch. 3: r = 0.1 small, 0.3 medium, 0.5 large) [-].
DRIVER_RHO = 0.5
#: Two-sided significance level of a driver's rank correlation [-] (the usual 5 %).
DRIVER_ALPHA = 0.05
#: Key of :func:`member_outputs` with the modules a plan builds, by ``facility:<id>``
#: and ``site:<site>`` (all owners); not an output of :data:`OUTPUTS`.
BUILT = "modules_built_by"
#: Fields of a scenario facility (``facilities.<i>.<field>``) and of a site
#: (``sites.<name>.<field>``, ``data.sites.<site>.<field>``) that act only on the
#: modules built of that facility or at that site: with none built in any plan, the
#: input moved nothing (:func:`unbuilt_inputs`).
BUILD_ONLY_FACILITY_FIELDS = frozenset(
    {
        "capex_usd",
        "capex_usd_per_mw",
        "construction_months",
        "grid_lead_months",
        "ramp_months",
        "spend_profile",
        "output_profile",
        "subsidy_share",
    }
)
BUILD_ONLY_SITE_FIELDS = frozenset(
    {"construction_cost_multiplier", "construction_months", "ramp_months", "permit_months"}
)
#: Key of :func:`member_outputs` with the constraints the plan leaves binding, by name
#: -> the years it binds in (:func:`binding_years`); not an output of :data:`OUTPUTS`.
BINDS = "binds"
#: The constraints :func:`binding_years` reads from a plan, name -> (what binds in
#: words, the inputs that draw it in words, the path prefixes of the distributions that
#: draw it; :func:`draws` adds the paths that end in a column, :data:`POWER_COLUMNS`).
#: Data-centre power (``capacity-datacenter-upper`` and the region rows,
#: :mod:`tigris.plan.power`): the world's fleet needs all the data-centre capacity
#: online. Its sides, for given builds (:mod:`tigris.plan.assemble_energy`,
#: ``energy_fields`` and ``power_regions``): the MW online, the existing and announced
#: capacity (``datacenters.existing_mw``, a ``data.datacenter_capacity`` cell,
#: :data:`tigris.risk.cells.AI_GROWTH`) at its region's PUE (``data.grid.<r>.pue``: a MW
#: of the table counts ``pue / u_r``), a built module's MW at its PUE (a site's
#: ``sites.<s>.pue``, a type's ``data.datacenter_types.<t>.pue``, else the region's) and
#: the grid's headroom (``datacenters.grid_headroom_mw``, a ``data.grid`` headroom
#: cell); the MW the fleet needs, each accelerator in service ``system_power_w x
#: it_overhead x pue`` (an ``accelerators.<a>.system_power_w`` or
#: ``products.<p>.system_power_w`` cell, ``data.energy_parameters.it_overhead``) over
#: the years of its life (``fleet_lifetime_years``, which also sets the legacy fleet
#: still plugged in); and the share of the fleet each region must hold
#: (``demand_regions``). Not counted, as they move neither side: the scenario's ``pue``
#: (the rows' unit: it multiplies both sides), ``data.energy_parameters.design_pue``
#: (read only without a scenario), ``load_factor`` and every price (energy and money,
#: not MW), a region's grid intensity and ``grid_lead_months`` (when a grid module may
#: start, a cost of building as a fab's cost is: the plan's choice, as is every
#: facility's capex, construction and ramp).
BINDING_INPUTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "datacenter_power": (
        "data-centre power",
        "the existing and announced AI data-centre capacity, the grid's headroom, a "
        "PUE, the accelerators' power, the IT overhead, their service lives or the "
        "regions' shares of the fleet",
        (
            "datacenters.existing_mw",
            "datacenters.grid_headroom_mw",
            "data.datacenter_capacity.",
            "data.grid.",
            "data.energy_parameters.it_overhead.",
            "fleet_lifetime_years",
            "demand_regions.",
        ),
    ),
}
#: The last segment of a path that draws data-centre power wherever it is (a site's or a
#: data-centre type's PUE, an accelerator's or a product's system power): the column
#: enters the power rows (:data:`BINDING_INPUTS`); the row before it names which.
POWER_COLUMNS: dict[str, tuple[str, ...]] = {
    "pue": ("sites.", "sites[", "data.datacenter_types."),
    "system_power_w": ("accelerators.", "accelerators[", "products.", "products["),
}
#: A year's data-centre power is full when the fleet needs at least this share of the
#: capacity online: HiGHS's feasibility tolerance, the rule of
#: :mod:`tigris.plan.summary` ("data-centre power is fully used in every year") [-].
FULL_TOL_REL = 1e-6
#: ``data.grid`` columns that are no part of the power limit (price, intensity and the
#: wait for a connection): a distribution on one draws neither side of it. A region's
#: ``pue`` is: its existing capacity counts ``pue / u_r`` MW of the rows' unit.
_GRID_NOT_HEADROOM = ("electricity_usd_per_mwh", "grid_gco2_per_kwh", "grid_lead_months")

#: The note of a driver whose facility or site no plan built.
NOT_BUILT = "not built in any plan: moves nothing"
#: The note of a driver whose rank correlation is not significant at DRIVER_ALPHA.
NOT_SIGNIFICANT = "not significant"
_OWNER_LEVEL = "owner"
_WORLD = "world"


def output_spec(name: str) -> tuple[str, str]:
    """The (unit, kind) of an output key: one of :data:`OUTPUTS`, or a power output by
    region, ``<output>@<region>`` (the unit of :data:`POWER_OUTPUTS`' ``<output>``, kind
    :data:`REGIONAL`).

    Parameters
    ----------
    name : str
        An output key.

    Returns
    -------
    (str, str)
        Unit and kind; ``("", "")`` for an unknown key.

    Examples
    --------
    >>> output_spec("energy_twh@usa"), output_spec("power_mw")
    (('TWh', 'regional'), ('MW', 'yearly'))
    """
    if name in OUTPUTS:
        return OUTPUTS[name]
    base, sep, region = name.partition(REGION_SEP)
    if sep and region and base in POWER_OUTPUTS:
        return OUTPUTS[base][0], REGIONAL
    return "", ""


def physical_range(name: str) -> tuple[float, float]:
    """The range an output key can take (:data:`PHYSICAL_RANGE`; a regional power
    output ``<output>@<region>`` that of its output), ``(-inf, inf)`` when unbounded
    [the output's unit].

    Parameters
    ----------
    name : str
        An output key (``unmet_share``), or ``<output>@<region>``.

    Returns
    -------
    tuple of (float, float)
        ``(low, high)`` [the output's unit].

    Examples
    --------
    >>> physical_range("unmet_share"), physical_range("energy_twh@usa")
    ((0.0, 1.0), (0.0, inf))
    >>> physical_range("npv_total_usd")
    (-inf, inf)
    """
    base = name.partition(REGION_SEP)[0] if name not in OUTPUTS else name
    return PHYSICAL_RANGE.get(base, (-math.inf, math.inf))


def _qname(q: float) -> str:
    """``0.05`` -> ``"p5"``."""
    return f"p{round(q * 100):d}"


# ------------------------------------------------------------------- one member
def member_outputs(
    result: PlanResult,
    *,
    discount_rate: float,
    numbers: Mapping[str, Any] | None = None,
) -> dict[str, dict[str, float]]:
    """The :data:`OUTPUTS` of one plan, read from its tables and headline.

    Parameters
    ----------
    result : PlanResult
        A solved plan (:attr:`~tigris.plan.result.PlanResult.ok`).
    discount_rate : float
        The scenario's real discount rate [1/year] (a plan result does not carry it):
        the cumulative NPV discounts to the first planning year,
        ``1/(1 + r)^(t - first)`` as the finance tables do (``docs/finance.md``).
    numbers : mapping, optional
        ``result.headline()["numbers"]`` if already computed.

    Returns
    -------
    dict
        output -> {year as text: value} for yearly outputs, {"all": value} for totals;
        NaN where a number is undefined (an unmet share of a year with no demand);
        and :data:`BUILT`, the modules built by facility and site (which inputs could
        move the plan at all, :meth:`MonteCarlo.drivers`).

    References
    ----------
    NPV ``= Σ_t net_t / (1 + r)^(t - base)`` (Brealey, Myers & Allen, *Principles of
    Corporate Finance*, ch. 2; :func:`tigris.finance.cashflow.npv_usd`), here summed
    through each year.
    """
    from tigris.plan.inputs import INVESTOR, discount_factors

    first, last = (int(y) for y in result.horizon)
    years = np.arange(first, last + 1)
    keys = [str(y) for y in years]

    def by_year(df: pd.DataFrame, col: str) -> np.ndarray:
        if not len(df):
            return np.zeros(len(years))
        s = df.groupby("year")[col].sum()
        return np.array([float(s.get(y, 0.0)) for y in years])

    served = by_year(result.demand, "served_h100e")
    unmet = by_year(result.demand, "unmet_h100e")
    demand = by_year(result.demand, "demand_h100e")
    share = np.full(len(years), math.nan)
    np.divide(unmet, demand, out=share, where=demand > 0)
    world = result.power[result.power["region"] == _WORLD] if len(result.power) else result.power
    power = by_year(world, "facility_mw_needed") + by_year(world, "fab_power_mw")
    ff = result.finance_flows
    inv = ff[(ff["level"] == _OWNER_LEVEL) & (ff["name"] == INVESTOR)] if len(ff) else ff
    flow_years = inv["year"].to_numpy(dtype=int) if len(inv) else np.zeros(0, dtype=int)
    pv = (
        inv["net_usd"].to_numpy(dtype=float) * discount_factors(flow_years, first, discount_rate)
        if len(inv)
        else np.zeros(0)
    )
    npv = np.array([float(pv[flow_years <= y].sum()) for y in years])
    series = {
        "served_h100e": served,
        "unmet_h100e": unmet,
        "unmet_share": share,
        "capex_usd": by_year(result.capex, "capex_usd"),
        "power_mw": power,
        "npv_usd": npv,
    }
    regional: dict[str, np.ndarray] = {}
    table = result.power
    regions = [str(r) for r in dict.fromkeys(table["region"])] if len(table) else []
    for col in POWER_OUTPUTS:
        series[col] = _power_column(table, _WORLD, col, years)
        for r in regions:
            if r != _WORLD:
                regional[f"{col}{REGION_SEP}{r}"] = _power_column(table, r, col, years)
    out: dict[str, dict[str, float]] = {
        k: dict(zip(keys, (float(v) for v in vs), strict=True))
        for k, vs in {**series, **regional}.items()
    }
    nums = numbers if numbers is not None else result.headline()["numbers"]
    for key, headline_key in TOTALS.items():
        v = nums.get(headline_key)
        out[key] = {ALL: float(v) if v is not None else math.nan}
    out.update(_added(result, keys))
    ordered = {k: out[k] for k in OUTPUTS}
    return {
        **ordered,
        **{k: out[k] for k in regional},
        BUILT: _modules_built_by(result.builds),
        BINDS: binding_years(result),
    }


def _added(result: PlanResult, keys: list[str]) -> dict[str, dict[str, float]]:
    """The :data:`ADDED_OUTPUTS` of a plan: from its ``added`` section
    (:func:`tigris.plan.summary.plan_sections`, as ``tigris plan``'s headline), NaN
    when the world without the investor was not solved."""
    from tigris.plan.summary import plan_sections

    _, added = plan_sections(result) if result.ok else (None, None)
    if added is None:
        return {
            "added_h100e": dict.fromkeys(keys, math.nan),
            "added_h100e_total": {ALL: math.nan},
            "capex_usd_per_added_h100e": {ALL: math.nan},
        }
    by_year = {str(y): float(v) for y, v in added["h100e_by_year"].items()}
    per = added["capex_usd_per_added_h100e"]
    return {
        "added_h100e": {k: by_year.get(k, math.nan) for k in keys},
        "added_h100e_total": {ALL: float(added["total_h100e"])},
        "capex_usd_per_added_h100e": {ALL: math.nan if per is None else float(per)},
    }


def has_investor(sc: Scenario) -> bool:
    """Whether the scenario offers an investor's capital (``capital:``), so that what
    the investor adds (:data:`ADDED_OUTPUTS`) has a meaning.

    Parameters
    ----------
    sc : Scenario
        The scenario.

    Returns
    -------
    bool
        True when some ``capital`` entry offers more than 0 US$.
    """
    return any(c.total_usd > 0 for c in sc.capital)


def binding_years(result: PlanResult) -> dict[str, list[int]]:
    """The constraints of :data:`BINDING_INPUTS` a plan leaves binding, with the years.

    Data-centre power binds in a year when the world's fleet needs all the capacity
    online: the ``power`` table's ``world`` row has ``facility_mw_needed >=
    datacenter_mw_online (1 - FULL_TOL_REL)`` with capacity online (the rule of
    ``tigris plan``'s "data-centre power is fully used in every year",
    :mod:`tigris.plan.summary`; docs/energy.md, "When power binds").

    Parameters
    ----------
    result : PlanResult
        A solved plan.

    Returns
    -------
    dict
        Constraint name -> the years it binds in (ascending); a constraint that binds
        in no year is left out.
    """
    p = result.power
    if not len(p) or "region" not in p or "facility_mw_needed" not in p:
        return {}
    w = p[p["region"] == _WORLD]
    online = w["datacenter_mw_online"].to_numpy(dtype=float)
    need = w["facility_mw_needed"].to_numpy(dtype=float)
    full = (online > 0) & (need >= online * (1.0 - FULL_TOL_REL))
    years = sorted(int(y) for y in w["year"].to_numpy()[full])
    return {"datacenter_power": years} if years else {}


def draws(path: str, constraint: str) -> bool:
    """Whether a distribution on ``path`` draws an input of ``constraint`` (a key of
    :data:`BINDING_INPUTS`).

    For data-centre power, an input that sets either side of the power rows for given
    builds (:mod:`tigris.plan.power`; the list with its reasons at
    :data:`BINDING_INPUTS`): the capacity (``datacenters.existing_mw``,
    ``datacenters.grid_headroom_mw``, ``data.datacenter_capacity`` cells, ``data.grid``
    headroom cells), the PUEs capacity is counted at (``data.grid.<r>[.<y>].pue``,
    ``sites.<s>.pue``, ``data.datacenter_types.<t>.pue``), the MW the fleet needs
    (``accelerators.<a>.system_power_w``, ``products.<p>.system_power_w``,
    ``data.energy_parameters.it_overhead``, ``fleet_lifetime_years``) and where it must
    be (``demand_regions``). Not the scenario's ``pue``, ``design_pue``,
    ``load_factor``, prices, grid intensity or ``grid_lead_months``.

    Parameters
    ----------
    path : str
        A distribution's path (``data.grid.usa.pue``).
    constraint : str
        A key of :data:`BINDING_INPUTS` (``datacenter_power``).

    Returns
    -------
    bool
        True when drawing ``path`` moves the constraint's rows.

    References
    ----------
    ``docs/energy.md``, "The power constraint" (rows in MW at the plan's PUE: facility
    MW x ``pue / u``); Epoch AI, "Can AI scaling continue through 2030?" (2024),
    footnote 8 (an accelerator's all-in power: server share x overhead x PUE).

    Examples
    --------
    >>> draws("data.datacenter_capacity.all.ai_growth_scale", "datacenter_power")
    True
    >>> draws("data.grid.usa.pue", "datacenter_power")
    True
    >>> draws("data.grid.usa.grid_gco2_per_kwh", "datacenter_power")
    False
    >>> draws("pue", "datacenter_power")
    False
    """
    prefixes = BINDING_INPUTS[constraint][2]
    if constraint == "datacenter_power":
        column = path.rsplit(".", 1)[-1]
        if path.startswith(POWER_COLUMNS.get(column, ())):
            return True
    if not path.startswith(prefixes):
        return False
    return not (path.startswith("data.grid.") and path.rsplit(".", 1)[-1] in _GRID_NOT_HEADROOM)


def undrawn_binding(
    paths: Sequence[str], binds: Mapping[str, Sequence[int]], years: Sequence[int]
) -> list[str]:
    """One note per constraint that binds in the plan as planned while no distribution
    draws its inputs: its spread is not in the quantiles (user test 2026-12-04, UT-SWF
    #1: data-centre power bound every year of the reference and nothing drew it, so the
    quantiles showed almost no spread while its input flips the plan).

    Parameters
    ----------
    paths : sequence of str
        The distributed paths.
    binds : mapping
        Constraint -> years it binds in (:func:`binding_years` of the plan as planned).
    years : sequence of int
        The planning years.

    Returns
    -------
    list of str

    Examples
    --------
    >>> undrawn_binding(["capital.x.amount_usd"], {"datacenter_power": [2026, 2027]},
    ...                 [2026, 2027])[0][:62]
    'data-centre power binds in every year of the central plan and '
    """
    from tigris.fmt import year_span

    out = []
    for name in undrawn_constraints(paths, binds):
        what, inputs, _ = BINDING_INPUTS[name]
        ys = sorted(int(y) for y in binds[name])
        when = (
            "in every year"
            if list(ys) == sorted(int(y) for y in years)
            else f"in {_years_text(ys, year_span)}"
        )
        out.append(
            f"{what} binds {when} of the central plan and no distribution draws it "
            f"({inputs}): its spread is not in these quantiles"
        )
    return out


def undrawn_constraints(paths: Sequence[str], binds: Mapping[str, Sequence[int]]) -> list[str]:
    """The constraints of ``binds`` (keys of :data:`BINDING_INPUTS`) that bind in some
    year while no path of ``paths`` draws their inputs, in the order of ``binds``: the
    ones :func:`undrawn_binding` writes a note for, one each, in the same order.

    Parameters
    ----------
    paths : sequence of str
        The distributed paths.
    binds : mapping of str to sequence of int
        Constraint -> the years it binds in the plan as planned [year].

    Returns
    -------
    list of str
        The constraint names.

    Examples
    --------
    >>> undrawn_constraints(["capital.x.amount_usd"], {"datacenter_power": [2026]})
    ['datacenter_power']
    >>> undrawn_constraints(["datacenters.existing_mw.2026"], {"datacenter_power": [2026]})
    []
    """
    return [
        name
        for name, ys in binds.items()
        if ys and name in BINDING_INPUTS and not any(draws(p, name) for p in paths)
    ]


def _years_text(years: Sequence[int], span: Any) -> str:
    """``2026–2028, 2031``: runs of consecutive years."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(span(r[0], r[-1]) for r in runs)


def _power_column(table: pd.DataFrame, region: str, col: str, years: np.ndarray) -> np.ndarray:
    """One column of the ``power`` table for one region by year [the column's unit];
    NaN in a year without a row (a region with no capacity, fleet or fab then) or
    where the table has NaN (a price or intensity the data lacks: not modelled)."""
    if not len(table) or col not in table:
        return np.full(len(years), math.nan)
    rows = table[table["region"] == region]
    s = dict(zip(rows["year"].astype(int), rows[col].astype(float), strict=True))
    return np.array([s.get(int(y), math.nan) for y in years], dtype=float)


def _modules_built_by(builds: pd.DataFrame) -> dict[str, float]:
    """Modules built (every owner) by ``facility:<id>`` and ``site:<site>``.

    The builds table names a facility by kind and node (``datacenter`` and ``gas``,
    ``logic`` and ``N3``); the id is the scenario's type name,
    :func:`tigris.scenario.checks.facility_id` (``datacenter-gas``, ``logic-N3``). The
    site is the physical one: ``tsmc@taiwan`` counts at ``taiwan``.
    """
    from tigris.scenario.checks import facility_id

    out: dict[str, float] = {}
    if not len(builds):
        return out

    def fid(kind: str, node: Any) -> str:
        node = str(node) if isinstance(node, str) and node else None
        if kind == "datacenter":
            return facility_id(kind, None, node)
        return facility_id(kind, node)

    nodes = builds["node"] if "node" in builds else [None] * len(builds)
    ids = [fid(str(k), n) for k, n in zip(builds["facility"], nodes, strict=True)]
    sites = builds["site"].astype(str).str.rsplit("@", n=1).str[-1].str.lower()
    for names, key in ((ids, "facility:{}"), (sites.to_list(), "site:{}")):
        for name, v in builds["modules"].groupby(names).sum().items():
            out[key.format(name)] = float(v)
    return out


def driver_outputs(years: Sequence[str]) -> list[str]:
    """The outputs whose drivers are ranked: :data:`DRIVER_OUTPUTS` and the last
    year's unmet compute as ``unmet_h100e_<year>`` (``years`` the plan's, as text).

    Parameters
    ----------
    years : sequence of str
        The plan's years, as text; empty: no yearly output added.

    Returns
    -------
    list of str
        The output names.
    """
    out = list(DRIVER_OUTPUTS)
    if years:
        out.append(f"unmet_h100e_{years[-1]}")
    return out


# ------------------------------------------------------------------- many members
@dataclass
class Evaluated:
    """Members solved and reduced to their outputs.

    Parameters
    ----------
    outputs : pandas.DataFrame
        Long: ``member`` (0-based, the position in the members given), ``output``
        (a key of :data:`OUTPUTS`), ``year`` (text; ``"all"`` for totals), ``value``;
        only members that solved, sorted by member, output (in :data:`OUTPUTS` order)
        and year.
    failed : pandas.DataFrame
        ``member``, ``error`` (one line): members with no usable plan (a value the
        schema rejects, a solver error, an infeasible plan).
    changes : list of dict
        The members' changes (path -> value), as given.
    sweep_id : str or None
        The sweep's id in the store when stored.
    built : dict of int to dict
        Member -> modules built by ``facility:<id>`` and ``site:<site>`` (members that
        solved; :data:`BUILT`).
    binds : dict of int to dict
        Member -> the constraints its plan leaves binding and their years (members that
        solved; :data:`BINDS`, :func:`binding_years`).
    limited : pandas.DataFrame
        ``member``, ``status``, ``mip_gap`` [-], ``time_limit_s`` [s]: the members of
        ``outputs`` whose plan stopped at a solver limit, feasible but not proven
        optimal (:data:`tigris.runs.sweep.STOPPED_STATUSES`); :func:`monte_carlo`
        leaves them out of its statistics.
    """

    outputs: pd.DataFrame
    failed: pd.DataFrame
    changes: list[dict[str, Any]]
    sweep_id: str | None = None
    built: dict[int, dict[str, float]] = field(default_factory=dict)
    binds: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    limited: pd.DataFrame = field(default_factory=lambda: _no_limited())

    def wide(self, output: str, year: str = ALL) -> pd.Series:
        """One output's value by member (NaN for failed members) [the output's unit].

        Parameters
        ----------
        output : str
            A key of :data:`OUTPUTS`.
        year : str, optional
            The year, as text; default ``"all"`` (a total).

        Returns
        -------
        pd.Series
            Values indexed by member 0 .. len(changes) - 1, named ``output``.
        """
        import pandas as pd

        o = self.outputs
        sel = o[(o["output"] == output) & (o["year"] == str(year))]
        s = pd.Series(sel["value"].to_numpy(), index=sel["member"].to_numpy(), name=output)
        return s.reindex(range(len(self.changes)))


#: Columns of :attr:`Evaluated.limited` and :attr:`MonteCarlo.limited`.
LIMITED_COLUMNS = ["member", "status", "mip_gap", "time_limit_s"]


def _no_limited() -> pd.DataFrame:
    """An empty :attr:`Evaluated.limited`."""
    import pandas as pd

    return pd.DataFrame(columns=LIMITED_COLUMNS)


class SummaryInterrupted(KeyboardInterrupt):
    """Ctrl-C after a Monte Carlo's sweep was stored, while its plans were read and
    summed up: the sweep that holds them (review 2026-12-05: the CLI said "nothing
    stored" of a stored sweep). A :class:`KeyboardInterrupt`, so code catching that
    still stops.

    Parameters
    ----------
    sweep_id : str or None
        The stored sweep, None when the plans were not stored.
    """

    def __init__(self, sweep_id: str | None) -> None:
        self.sweep_id = sweep_id
        super().__init__(f"interrupted after sweep {sweep_id} was stored")


def evaluate(
    sc: Scenario,
    members: Sequence[Mapping[str, Any]],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    data: str | Path | None = None,
    store: bool | str | Path = False,
    progress: bool = False,
    planned: bool = False,
    seed: int | None = None,
    **options: Any,
) -> Evaluated:
    """Solve each member (the scenario with its changes) and reduce it to :data:`OUTPUTS`.

    Runs through :func:`tigris.runs.sweep.sweep` with ``series=True``: each worker
    computes :func:`member_outputs` of its plan and sends back only those numbers.

    Parameters
    ----------
    sc : Scenario
        The base scenario.
    members : sequence of mapping
        Changes by dotted path (scenario fields and data-table cells), one per member.
    workers, scheduler : optional
        Where the members run (:func:`tigris.runs.executor.make_executor`: 0 in this
        process, N local worker processes, default one per core; or a scheduler's
        address).
    data : str or Path, optional
        A ``--data`` overlay file applied to every member.
    store : bool, str or Path, optional
        Store the members as a sweep of runs of kind ``risk`` (default False: a risk
        run keeps only numbers).
    progress : bool, optional
        Progress on stderr.
    planned : bool, optional
        Also solve the scenario itself, the plan as planned: member
        :data:`DETERMINISTIC` of the outputs (and of the sweep, beside the members,
        not counted among them; :func:`tigris.runs.sweep.sweep`'s ``planned``).
    seed : int, optional
        The seed the members were drawn with: stored on each member's run and in the
        sweep's spec (None: not drawn, or drawn without a seed).
    **options
        Solve options of :data:`tigris.runs.sweep.SOLVE_OPTIONS`; ``counterfactual``
        defaults to False here (:data:`ADDED_OUTPUTS` are then NaN).

    Returns
    -------
    Evaluated
        Outputs of the members that solved, and the failed ones with their errors.

    Raises
    ------
    InputError
        A path that does not exist, a bad option, an unreachable scheduler: before
        anything runs.
    """

    from tigris.runs.sweep import sweep

    changes = [dict(m) for m in members]
    options.setdefault("counterfactual", False)
    res = sweep(
        sc,
        changes,
        workers=workers,
        scheduler=scheduler,
        store=store,
        progress=progress,
        data=data,
        series=True,
        planned=planned,
        kind="risk",
        seed=seed,
        **options,
    )
    try:
        return _evaluated(res, changes)
    except KeyboardInterrupt:
        raise SummaryInterrupted(res.sweep_id) from None


def _evaluated(res: Any, changes: list[dict[str, Any]]) -> Evaluated:
    """:func:`evaluate`'s reading of a finished sweep ``res``: outputs by member."""
    import pandas as pd

    from tigris.runs.sweep import STOPPED_STATUSES

    rows: list[tuple[int, str, str, float]] = []
    failed: list[tuple[int, str]] = []
    limited: list[tuple[int, str, float, float]] = []
    built: dict[int, dict[str, float]] = {}
    binds: dict[int, dict[str, list[int]]] = {}
    # by member index, whatever order the sweep finished them in (RISK-LEFT #4)
    for rec in sorted(res.members.itertuples(index=False), key=lambda r: int(r.index)):
        i = int(rec.index)
        series = res.series.get(i)
        if series is None:
            err = rec.error if isinstance(rec.error, str) and rec.error else None
            failed.append((i, err or f"no plan (status {rec.status})"))
            continue
        if rec.status in STOPPED_STATUSES:  # a plan, but not proven optimal
            limited.append((i, str(rec.status), float(rec.mip_gap), float(rec.time_limit_s)))
        for out, values in series.items():
            if out in (BUILT, BINDS):
                continue
            for year, v in values.items():
                rows.append((i, out, year, v))
        built[i] = dict(series.get(BUILT, {}))
        binds[i] = {k: list(v) for k, v in series.get(BINDS, {}).items()}
    outputs = pd.DataFrame(rows, columns=["member", "output", "year", "value"])
    fail = pd.DataFrame(failed, columns=["member", "error"])
    stopped = pd.DataFrame(limited, columns=LIMITED_COLUMNS)
    return Evaluated(outputs, fail, changes, res.sweep_id, built, binds, stopped)


# ------------------------------------------------------------------- the analysis
def _json_number(v: Any) -> Any:
    """A float for JSON: NaN and infinities as None."""
    if v is None:
        return None
    f = float(v)
    return f if math.isfinite(f) else None


def quantile_table(outputs: pd.DataFrame) -> pd.DataFrame:
    """Quantiles of each output and year over the members given.

    Parameters
    ----------
    outputs : pandas.DataFrame
        Long, as :attr:`Evaluated.outputs`.

    Returns
    -------
    pandas.DataFrame
        ``output, unit, kind, year, p5, p25, p50, p75, p95, mean, n`` in
        :data:`OUTPUTS` order then year; NaN values (undefined) are left out of a
        row's quantiles and ``n`` counts the values used. Quantiles are numpy's
        ``"linear"`` (Hyndman & Fan definition 7), of an output in years
        (``payback_year``) :data:`YEAR_QUANTILE_METHOD` (definition 1: a year some plan
        gave). The mean is from the correctly rounded sum
        (:func:`tigris.risk.mcerror.exact_mean`), clipped to the values' range (equal
        values have that value as mean). The members are taken in member order
        whatever order the rows come in, and the sum does not depend on the order
        anyway: the same members give the same table bit for bit, however many
        workers solved them and in whatever order they finished.
    """
    import pandas as pd

    from tigris.risk.mcerror import exact_mean

    cols = ["output", "unit", "kind", "year", *(_qname(q) for q in QUANTILES), "mean", "n"]
    rows = []
    outputs = _by_member(outputs)
    for (out, year), g in outputs.groupby(["output", "year"], sort=False):
        v = g["value"].to_numpy(dtype=float)
        v = v[~np.isnan(v)]
        unit, kind = output_spec(out)
        if len(v):
            method = YEAR_QUANTILE_METHOD if unit == "year" else "linear"
            qs = [float(x) for x in np.quantile(v, QUANTILES, method=method)]
            # the mean lies in [min, max]; rounding can put it an ulp outside (five
            # equal values), which would read as a mean below p5
            mean = float(np.clip(exact_mean(v), v.min(), v.max()))
        else:
            qs, mean = [math.nan] * len(QUANTILES), math.nan
        rows.append((out, unit, kind, year, *qs, mean, len(v)))
    df = pd.DataFrame(rows, columns=cols)
    order = {k: i for i, k in enumerate(OUTPUTS)}
    # a regional output after every output of OUTPUTS, by power output, then its regions
    # in the order the members' power tables list them (usa first)
    base = [o.partition(REGION_SEP)[0] for o in df["output"]]
    df["_o"] = [
        order[o] if o in order else len(order) + POWER_OUTPUTS.index(b)
        for o, b in zip(df["output"], base, strict=True)
    ]
    first = {o: i for i, o in enumerate(dict.fromkeys(outputs["output"]))}
    df["_r"] = df["output"].map(first)
    df = df.sort_values(["_o", "_r", "year"], kind="stable")
    return df.drop(columns=["_o", "_r"]).reset_index(drop=True)


def _by_member(outputs: pd.DataFrame) -> pd.DataFrame:
    """``outputs`` (long, with ``member``) with its rows in member order, each member's
    own rows in the order given (a stable sort): what a run aggregates is then the same
    whatever order its members finished in."""
    if not len(outputs) or "member" not in outputs:
        return outputs
    return outputs.sort_values("member", kind="stable", ignore_index=True)


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation of two samples [-]: Pearson's r of their ranks,
    ties at their average rank (Spearman 1904); NaN when either is constant or fewer
    than 3 pairs are finite.

    Parameters
    ----------
    x : np.ndarray
        One sample (an input's draws).
    y : np.ndarray
        The other, paired with ``x`` (an output's values); non-finite pairs are left out.

    Returns
    -------
    float
        rho, in [-1, 1], or NaN [-].

    Examples
    --------
    >>> spearman(np.array([1.0, 2.0, 3.0, 4.0]), np.array([10.0, 20.0, 25.0, 100.0]))
    1.0
    >>> spearman(np.array([1.0, 2.0, 3.0]), np.array([3.0, 2.0, 1.0]))
    -1.0
    """
    import pandas as pd

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < _MIN_RANK_PAIRS:
        return math.nan
    rx = pd.Series(x[ok]).rank(method="average").to_numpy()
    ry = pd.Series(y[ok]).rank(method="average").to_numpy()
    if np.ptp(rx) == 0 or np.ptp(ry) == 0:
        return math.nan
    rx, ry = rx - rx.mean(), ry - ry.mean()
    return float(np.dot(rx, ry) / math.sqrt(np.dot(rx, rx) * np.dot(ry, ry)))


def spearman_p(rho: float, n: int) -> float:
    """Two-sided p-value of Spearman's ``rho`` over ``n`` pairs against independence [-]:
    ``2 (1 − Φ(|rho| √(n − 1)))``, NaN for an undefined rho or fewer than 3 pairs.

    Under independence rho has mean 0 and variance exactly ``1/(n − 1)`` and tends to a
    normal (Kendall & Gibbons, *Rank Correlation Methods*, 5th ed., 1990, ch. 4); the
    normal test errs by about 0.002 at the sizes :func:`min_driver_samples` allows
    (a permutation test of rho = 0.5 over 16 and 17 pairs gives 0.051 and 0.043, this
    0.053 and 0.046; ``tests/test_risk_drivers_significance.py``).

    Parameters
    ----------
    rho : float
        Spearman's rank correlation [-].
    n : int
        Pairs it was computed over [-].

    Returns
    -------
    float
        The p-value, in [0, 1], or NaN [-].

    Examples
    --------
    >>> round(spearman_p(0.5, 17), 4)
    0.0455
    >>> spearman_p(float("nan"), 20)
    nan
    """
    from scipy.special import ndtr

    if not math.isfinite(rho) or n < _MIN_RANK_PAIRS:
        return math.nan
    return float(2.0 * ndtr(-abs(rho) * math.sqrt(n - 1)))


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values of a family of tests [-].

    Sorted ascending, ``p̃_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j))`` for ``m`` tests;
    rejecting where ``p̃ < alpha`` keeps the chance of any false "significant" in the
    family at most ``alpha``, whatever the dependence between the tests (Holm 1979, "A
    simple sequentially rejective multiple test procedure", Scandinavian Journal of
    Statistics 6(2), 65-70). :meth:`MonteCarlo.drivers` uses one family per output,
    the inputs that could move it.

    Parameters
    ----------
    p_values : sequence of float
        The family's p-values [-].

    Returns
    -------
    list of float
        The adjusted p-values, in the order given [-].

    Examples
    --------
    Three tests, 0.01, 0.04, 0.03: 3 x 0.01, 2 x 0.03, max(0.06, 1 x 0.04):

    >>> [round(p, 4) for p in holm([0.01, 0.04, 0.03])]
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if not m:
        return []
    order = np.argsort(p, kind="stable")
    scaled = np.minimum(1.0, (m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.maximum.accumulate(scaled)
    return [float(x) for x in out]


def detectable_rho(n: int, tests: int, alpha: float = DRIVER_ALPHA) -> float:
    """The smallest |rho| that Holm's first step can call significant among ``tests``
    inputs over ``n`` plans: ``z_{1 − alpha/(2 tests)} / √(n − 1)`` (the test of
    :func:`spearman_p` at the Bonferroni level ``alpha / tests``, Holm 1979) [-].

    Parameters
    ----------
    n : int
        Plans that solved [-].
    tests : int
        Inputs tested for the output, the family's size [-].
    alpha : float, optional
        Family-wise level [-]; default :data:`DRIVER_ALPHA` (0.05).

    Returns
    -------
    float
        The smallest |rho| [-]; NaN with fewer than 3 plans or no test.

    Examples
    --------
    17 plans, 29 inputs: z_{1 − 0.05/58} = 3.133, / 4 = 0.78:

    >>> round(detectable_rho(17, 29), 2), round(detectable_rho(17, 1), 2)
    (0.78, 0.49)
    """
    from scipy.special import ndtri

    if n < _MIN_RANK_PAIRS or tests < 1:
        return math.nan
    return float(ndtri(1.0 - alpha / (2.0 * tests)) / math.sqrt(n - 1))


def min_driver_samples(rho: float = DRIVER_RHO, alpha: float = DRIVER_ALPHA) -> int:
    """Fewest plans from which Spearman drivers are ranked: the smallest ``n`` at which
    a rank correlation of ``rho`` is significant at ``alpha`` (two-sided),
    ``n = ⌈1 + (z_{1 − alpha/2} / rho)²⌉`` by the test of :func:`spearman_p` [plans].

    With :data:`DRIVER_RHO` 0.5 and :data:`DRIVER_ALPHA` 5 %: ``1 + (1.96 / 0.5)² =
    16.4``, so 17 (a permutation test agrees: 16 pairs are not enough, p = 0.051).

    Parameters
    ----------
    rho : float, optional
        The rank correlation that must be detectable [-]; default :data:`DRIVER_RHO`.
    alpha : float, optional
        The two-sided level [-]; default :data:`DRIVER_ALPHA`.

    Returns
    -------
    int
        The fewest plans, at least 3 [plans].

    Examples
    --------
    >>> min_driver_samples()
    17
    >>> min_driver_samples(0.3)
    44
    """
    from scipy.special import ndtri

    z = float(ndtri(1.0 - alpha / 2.0))
    return max(_MIN_RANK_PAIRS, math.ceil(1.0 + (z / rho) ** 2))


def too_few_to_rank(n: int, need: int | None = None) -> str:
    """Why ``n`` plans rank no Spearman drivers, naming the count and the minimum
    (:func:`min_driver_samples`; ``docs/risk.md``, "Drivers") [-].

    Parameters
    ----------
    n : int
        Plans that solved [-].
    need : int or None, optional
        The fewest plans that rank [-]; None: :func:`min_driver_samples`.

    Returns
    -------
    str
        The reason, one line.

    Examples
    --------
    >>> too_few_to_rank(3).split(":")[0]
    'too few samples to rank drivers (3 < 17)'
    """
    from tigris.fmt import share

    need = min_driver_samples() if need is None else need
    return (
        f"too few samples to rank drivers ({n} < {need}): a rank correlation of "
        f"{DRIVER_RHO:g} is significant at {share(DRIVER_ALPHA, 0)} only from {need} plans "
        "(docs/risk.md, Drivers)"
    )


def unbuilt_inputs(
    sc: Scenario, paths: Sequence[str], built: Mapping[int, Mapping[str, float]]
) -> dict[str, str]:
    """The distributed ``paths`` that act only on modules no plan built, with the
    facility or site named: ``{"facilities.3.capex_usd": "facility cowos"}``.

    A field of :data:`BUILD_ONLY_FACILITY_FIELDS` or :data:`BUILD_ONLY_SITE_FIELDS`
    changes a plan only through the modules of its facility or site. If no plan (of
    ``built``, member -> :data:`BUILT`) built one, each plan is also the plan without
    that option at all (its modules were zero), which does not read the input: the
    input moved no output, and a rank correlation with it is chance (or a declared
    correlation with another input). Nothing is said when no plan solved.

    Parameters
    ----------
    sc : Scenario
        The scenario (its facilities and sites name the paths' targets).
    paths : sequence of str
        The distributed paths.
    built : mapping of int to mapping of str to float
        Member -> modules built by ``facility:<id>`` and ``site:<site>`` [modules].

    Returns
    -------
    dict of str to str
        Path -> ``facility <id>`` or ``site <name>``; empty when none or no plan solved.
    """
    from tigris.scenario.checks import facility_id, resolve_site

    if not built:
        return {}
    made: dict[str, float] = {}
    for counts in built.values():
        for key, v in counts.items():
            made[key] = made.get(key, 0.0) + float(v)
    out: dict[str, str] = {}
    for path in paths:
        parts = path.split(".")
        what = None
        if len(parts) == 3 and parts[0] == "facilities" and parts[2] in BUILD_ONLY_FACILITY_FIELDS:
            ids = [facility_id(f.kind, f.node, f.power) for f in sc.facilities]
            if parts[1].isdigit():  # by index, or by type name as sites list it
                i = int(parts[1])
                what = ("facility", ids[i]) if i < len(ids) else None
            elif parts[1].lower() in (x.lower() for x in ids):
                what = ("facility", next(x for x in ids if x.lower() == parts[1].lower()))
        site_path = len(parts) == 3 and parts[0] == "sites"
        data_path = len(parts) == 4 and parts[:2] == ["data", "sites"]
        if (site_path or data_path) and parts[-1] in BUILD_ONLY_SITE_FIELDS:
            name = parts[-2]
            if site_path and name.isdigit() and int(name) < len(sc.sites):
                name = sc.sites[int(name)].name
            what = ("site", (resolve_site(name) or name).lower())
        if what is not None and made.get(f"{what[0]}:{what[1]}", 0.0) <= 0.0:
            names = {what[1]}
            if what[0] == "site":  # a plan names a scenario site as given
                names |= {s.name.lower() for s in sc.sites if resolve_site(s.name) == what[1]}
            if all(made.get(f"{what[0]}:{n}", 0.0) <= 0.0 for n in names):
                out[path] = f"{what[0]} {what[1]}"
    return out


#: Unmet compute below ``max(SHORTAGE_TOL_REL x demand, SHORTAGE_TOL_H100E)`` in a year
#: is no shortage: the rule ``tigris plan``'s explanations use for "demand is met"
#: (:mod:`tigris.plan.explain_base`, ``_REL_TOL`` and ``_UNMET_TOL``: the solver's
#: relative tolerance and one H100e) [-], [H100e].
SHORTAGE_TOL_REL = 1e-6
SHORTAGE_TOL_H100E = 1.0


def mc_intervals(
    values: np.ndarray, bounds: tuple[float, float] = (-math.inf, math.inf)
) -> dict[str, Any]:
    """The Monte Carlo error of one output's quantiles and mean over ``values``: the
    JSON's ``interval`` (``p5`` .. ``p95``: ``[low, high]`` distribution-free
    order-statistic intervals, :func:`tigris.risk.mcerror.quantile_interval`, or None
    when the sample cannot bound that quantile; ``mean``: Student's t interval cut to
    ``bounds``), ``mean_se`` (s/√n) [the output's unit] and ``mean_clipped``, whether
    the t interval reached past ``bounds`` and was cut to them, at
    :data:`tigris.risk.mcerror.CONFIDENCE`.

    Parameters
    ----------
    values : ndarray
        The finite values of the plans that solved [the output's unit].
    bounds : (float, float), optional
        The range the output can take (:func:`physical_range`): a non-negative
        quantity's mean interval starts at 0 at the lowest, a share's ends at 1 at
        most (:func:`tigris.risk.mcerror.clip_interval` gives why that keeps the
        coverage). A side some value lies beyond is widened to that value: the
        values, not the table, have the last word. The quantile intervals are
        order statistics, values of the sample, and so already inside.

    Returns
    -------
    dict of str to Any
        ``{"interval": {"p5": [low, high] or None, ..., "mean": [low, high] or None},
        "mean_se": float or None, "mean_clipped": bool}`` [the output's unit].

    Examples
    --------
    >>> mc_intervals(np.arange(1.0, 10.0))["interval"]["p50"]
    [2.0, 8.0]
    >>> mc_intervals(np.arange(1.0, 10.0))["interval"]["p95"] is None
    True

    Eight plans with no unmet compute and one with 9 (mean 1, s = 3): the t interval
    ``1 ± 1.860 · 1`` starts at −0.86, cut to 0:

    >>> got = mc_intervals(np.array([0.0] * 8 + [9.0]), (0.0, math.inf))
    >>> [round(x, 2) for x in got["interval"]["mean"]], got["mean_clipped"]
    ([0.0, 2.86], True)
    """
    from tigris.risk.mcerror import clip_interval, mean_interval, quantile_interval

    interval: dict[str, Any] = {}
    for q in QUANTILES:
        ci = quantile_interval(values, q)
        interval[_qname(q)] = None if ci is None else [ci[0], ci[1]]
    m = mean_interval(values)
    clipped = False
    if m is not None:
        v = np.asarray(values, dtype=float)
        v = v[np.isfinite(v)]
        lo_b, hi_b = bounds
        lo_b, hi_b = min(lo_b, float(v.min())), max(hi_b, float(v.max()))
        low, high, clipped = clip_interval(m[0], m[1], (lo_b, hi_b))
        interval["mean"] = [low, high]
    else:
        interval["mean"] = None
    return {
        "interval": interval,
        "mean_se": None if m is None else m[2],
        "mean_clipped": clipped,
    }


#: What a ``mean_clipped`` interval means, in the JSON's ``mc_error`` and under the text's
#: and the report's interval tables.
MEAN_CLIP_NOTE = (
    "a mean's t interval is cut to the range its output can take (at 0 for compute, "
    "money spent, MW, energy and emissions; 0 to 1 for a share; above -100 % for an "
    "IRR): a symmetric interval around a skewed sample can reach past it, where no mean "
    "can be; the cut keeps its coverage"
)


#: What the intervals mean for a Latin hypercube (``mc_error.design_note``; docs/risk.md,
#: "Sampling design"): they assume independent draws.
LHS_INTERVAL_NOTE = (
    "drawn as a Latin hypercube (--design lhs): these intervals assume independent draws, "
    "so where an output moves monotonically with the inputs they are wider than the "
    "hypercube's own seed-to-seed spread (McKay, Beckman & Conover 1979, Theorem 1), "
    "often many times; read them as upper bounds"
)


def plans_needed(need: Mapping[str, int], names: Sequence[str]) -> str:
    """What each quantile of ``names`` needs, the fewest first: ``p50 needs 5 plans,
    p25 and p75 9, p5 and p95 45``.

    Parameters
    ----------
    need : mapping
        Quantile name -> the fewest plans that bound it (``mc_error.min_plans``) [-].
    names : sequence of str
        The quantiles to say it of, in their order.

    Returns
    -------
    str
        One clause per plan count, ascending.

    Examples
    --------
    >>> need = {"p5": 45, "p25": 9, "p50": 5, "p75": 9, "p95": 45}
    >>> plans_needed(need, ["p5", "p25", "p50", "p75", "p95"])
    'p50 needs 5 plans, p25 and p75 9, p5 and p95 45'
    >>> plans_needed(need, ["p5", "p95"])
    'p5 and p95 need 45 plans'
    """
    groups: dict[int, list[str]] = {}
    for k in names:
        groups.setdefault(int(need[k]), []).append(k)
    parts = []
    for i, (m, ks) in enumerate(sorted(groups.items())):
        who = " and ".join(ks)
        if i == 0:
            parts.append(f"{who} need{'s' if len(ks) == 1 else ''} {m} plans")
        else:
            parts.append(f"{who} {m}")
    return ", ".join(parts)


def mc_error_dict(n: int, design: str = "random") -> dict[str, Any]:
    """The JSON's ``mc_error``: the confidence and methods of every ``interval``, the
    fewest plans that bound each quantile at all (:func:`tigris.risk.mcerror.
    min_plans_for_quantile`), the quantiles ``n`` plans cannot bound (``unbounded``)
    and a ``note`` saying so (None when every quantile is bounded); with a Latin
    hypercube (``design="lhs"``) a ``design_note`` (:data:`LHS_INTERVAL_NOTE`, else
    None) saying the intervals assume independent draws.

    Parameters
    ----------
    n : int
        Plans that solved [-].
    design : str, optional
        The sampling design, ``"random"`` or ``"lhs"``.

    Returns
    -------
    dict of str to Any
        ``confidence`` [-], ``quantile_method``, ``mean_method``, ``mean_clip_note``,
        ``probability_method``, ``min_plans`` (quantile -> plans), ``unbounded``, ``note``
        and ``design_note``.
    """
    from tigris.fmt import share
    from tigris.risk.mcerror import CONFIDENCE, min_plans_for_quantile

    need = {_qname(q): min_plans_for_quantile(q) for q in QUANTILES}
    unbounded = [k for k, m in need.items() if n < m]
    note = None
    if unbounded:
        # what each needs, not the most any needs: a median from 2 plans needs 5, not
        # the tails' 45 (user test s49 #11)
        tails = [k for k in unbounded if need[k] == max(need.values())]
        rest = f" (a {' or '.join(tails)} on the one or two most extreme)" if tails else ""
        note = (
            f"{', '.join(unbounded)} from {n} plan{'' if n == 1 else 's'} cannot be bounded by a "
            f"{share(CONFIDENCE, 0)} distribution-free interval ({plans_needed(need, unbounded)}): "
            f"they rest on too few draws{rest} and move with the seed"
        )
    return {
        "confidence": CONFIDENCE,
        "quantile_method": "distribution-free order-statistic interval (binomial; "
        "Hahn, Meeker & Escobar 2017, sec. 5.2)",
        "mean_method": "Student's t interval, x̄ ± t s/√n, cut to the range the output "
        "can take (mean_clipped: true where it was)",
        "mean_clip_note": MEAN_CLIP_NOTE,
        "probability_method": "Wilson score interval (Wilson 1927)",
        "min_plans": need,
        "unbounded": unbounded,
        "note": note,
        "design_note": LHS_INTERVAL_NOTE if design == "lhs" else None,
    }


def _probability(k: int, n: int) -> dict[str, Any]:
    from tigris.risk.mcerror import wilson_interval

    ci = wilson_interval(k, n)
    return {
        "p": k / n if n else None,
        "k": int(k),
        "n": int(n),
        "interval": None if ci is None else [ci[0], ci[1]],
    }


#: Why ``npv_below_zero`` is not computed when no plan invests (every NPV exactly 0).
NO_INVESTMENT_REASON = "the investor builds nothing in any plan (its NPV is 0 in every one)"


def event_probabilities(outputs: pd.DataFrame, years: Sequence[str]) -> dict[str, Any]:
    """Probabilities of the events a lender reads, over the plans of ``outputs``.

    - ``npv_below_zero``: the investor's NPV with salvage (``npv_total_usd``) below 0,
      over the plans with an NPV; None, with ``npv_below_zero_reason``
      (:data:`NO_INVESTMENT_REASON`), when every plan's NPV is exactly 0 (the investor
      builds nothing in any of them: a 0 % chance of a loss would read as a safe bet).
    - ``irr_below_hurdle``: None: a scenario has no hurdle rate to compare the IRR with
      (``reason`` says so).
    - ``shortage_ends_by``: by year Y, the share of plans whose unmet compute is none
      (below ``max(SHORTAGE_TOL_REL x demand, SHORTAGE_TOL_H100E)``) in Y and every
      later planning year.

    Each is ``{"p", "k", "n", "interval"}``: ``k`` of ``n`` plans, Wilson's score
    interval at :data:`tigris.risk.mcerror.CONFIDENCE` (Wilson 1927; Brown, Cai &
    DasGupta 2001) [-].

    Parameters
    ----------
    outputs : pd.DataFrame
        Long outputs of the plans that solved: ``member``, ``output``, ``year`` (text,
        ``"all"`` for totals), ``value`` (:class:`Evaluated`).
    years : sequence of str
        The plan's years, as text.

    Returns
    -------
    dict of str to Any
        ``npv_below_zero`` (None without an NPV), ``irr_below_hurdle`` (None),
        ``irr_below_hurdle_reason`` and ``shortage_ends_by`` (year -> event).
    """
    out: dict[str, Any] = {
        "npv_below_zero": None,
        "irr_below_hurdle": None,
        "irr_below_hurdle_reason": "the scenario gives no hurdle rate to compare the IRR with",
        "shortage_ends_by": {},
    }
    if not len(outputs):
        return out
    o = outputs
    npv = o[(o["output"] == "npv_total_usd") & (o["year"] == ALL)]["value"].to_numpy(dtype=float)
    npv = npv[np.isfinite(npv)]
    if len(npv) and not np.any(npv):  # no plan invests: 0 % would read as a safe bet
        out["npv_below_zero_reason"] = NO_INVESTMENT_REASON
    elif len(npv):
        out["npv_below_zero"] = _probability(int((npv < 0).sum()), len(npv))
    ys = list(years)
    if not ys:
        return out

    def wide(name: str) -> pd.DataFrame:
        sel = o[o["output"] == name]
        return sel.pivot_table(index="member", columns="year", values="value", aggfunc="first")

    unmet, served = wide("unmet_h100e"), wide("served_h100e")
    if not len(unmet):
        return out
    unmet = unmet.reindex(columns=ys)
    served = served.reindex(index=unmet.index, columns=ys)
    u = unmet.to_numpy(dtype=float)
    demand = u + served.to_numpy(dtype=float)
    none = u <= np.maximum(SHORTAGE_TOL_REL * demand, SHORTAGE_TOL_H100E)
    # ended by year j: no shortage in j and every year after it
    ended = np.flip(np.logical_and.accumulate(np.flip(none, axis=1), axis=1), axis=1)
    n = len(u)
    for j, y in enumerate(ys):
        out["shortage_ends_by"][str(y)] = _probability(int(ended[:, j].sum()), n)
    return out


@dataclass
class MonteCarlo:
    """A plan-level Monte Carlo (:func:`monte_carlo`).

    Parameters
    ----------
    samples : int
        Members drawn.
    seed : int or None
        Seed of the draws (None: fresh draws).
    inputs : pandas.DataFrame
        The drawn values: one row per member (index 0 .. samples - 1), one column per
        distributed path [the path's unit].
    outputs : pandas.DataFrame
        Long, as :attr:`Evaluated.outputs` (members that solved).
    quantiles : pandas.DataFrame
        :func:`quantile_table` of ``outputs``.
    deterministic : dict
        :func:`member_outputs` of the scenario itself, every input at its own value
        (empty if that plan failed; it is then in ``failed`` as member -1).
    failed : pandas.DataFrame
        ``member``, ``error``: members with no plan, never dropped silently.
    distributions : dict
        path -> ``{"dist": kind, "source": text}`` of the scenario's distributions.
    sweep_id : str or None
        The sweep in the store, when stored.
    unbuilt : dict
        Distributed paths that act only on modules no sampled plan built, with the
        facility or site (:func:`unbuilt_inputs`): their drivers rank last, marked.
    binds : dict
        The constraints the plan as planned leaves binding, with their years
        (:func:`binding_years`; empty if it failed).
    undrawn : list of str
        One note per such constraint that no distribution draws
        (:func:`undrawn_binding`): its spread is not in the quantiles.
    specs : dict
        path -> the distribution drawn (:mod:`tigris.risk.distributions`), for
        :meth:`balance` (empty: no balance check).
    rounded : list of str
        The paths drawn to whole numbers (:func:`tigris.risk.distributions.rounded_paths`).
    planned : dict
        path -> the scenario's own value, the one the plan as planned uses.
    limited : pandas.DataFrame
        ``member``, ``status``, ``mip_gap`` [-], ``time_limit_s`` [s]: the plans that
        stopped at a solver limit with a feasible plan not proven optimal (the plan as
        planned as member :data:`DETERMINISTIC`). The sampled ones are left out of
        ``outputs`` and so of every statistic (``docs/risk.md``, "Plans stopped at the
        time limit"); the plan as planned keeps its numbers, marked.
    years : list of str
        The scenario's planning years, first to last: the years a yearly output may
        name, known even when no plan solved (empty: read from the plans that did).
    design : str
        How the inputs were drawn: ``random`` or ``lhs`` (a Latin hypercube;
        :data:`tigris.risk.distributions.DESIGNS`).
    """

    samples: int
    seed: int | None
    inputs: pd.DataFrame
    outputs: pd.DataFrame
    quantiles: pd.DataFrame
    deterministic: dict[str, dict[str, float]]
    failed: pd.DataFrame
    distributions: dict[str, dict[str, Any]] = field(default_factory=dict)
    sweep_id: str | None = None
    unbuilt: dict[str, str] = field(default_factory=dict)
    binds: dict[str, list[int]] = field(default_factory=dict)
    undrawn: list[str] = field(default_factory=list)
    specs: dict[str, Any] = field(default_factory=dict)
    rounded: list[str] = field(default_factory=list)
    planned: dict[str, float] = field(default_factory=dict)
    limited: pd.DataFrame = field(default_factory=lambda: _no_limited())
    years: list[str] = field(default_factory=list)
    design: str = "random"

    @property
    def members_ok(self) -> int:
        """How many sampled members solved to a proven optimum (the quantiles are over
        them; the :attr:`limited` ones are not counted)."""
        return int(self.outputs["member"].nunique()) if len(self.outputs) else 0

    def stopped_dict(self) -> dict[str, Any]:
        """The JSON's ``stopped``: the sampled plans that stopped at a solver limit,
        left out of the statistics (:func:`tigris.runs.sweep.stopped_dict`:
        ``members``, ``max_gap``, ``note``; ``plans``, each one's ``member``,
        ``status``, ``mip_gap`` and ``time_limit_s``), and ``planned``, the plan as planned's
        ``{"status", "mip_gap", "time_limit_s"}`` when it stopped so (else None).

        Returns
        -------
        dict of str to Any
            ``members``, ``max_gap``, ``note``, ``plans`` and ``planned``.
        """
        from tigris.runs.sweep import limit_sentence, stopped_dict

        lim = self.limited
        sampled = lim[lim["member"] >= 0]
        out = stopped_dict(sampled, self.samples, "member")
        out["note"] = limit_sentence(sampled, self.samples, key="member", what="sampled plans")
        out["plans"] = [
            {
                "member": int(r.member),
                "status": str(r.status),
                "mip_gap": _json_number(r.mip_gap),
                "time_limit_s": _json_number(r.time_limit_s),
            }
            for r in sampled.itertuples(index=False)
        ]
        det = lim[lim["member"] == DETERMINISTIC]
        out["planned"] = (
            {
                "status": str(det["status"].iloc[0]),
                "mip_gap": _json_number(det["mip_gap"].iloc[0]),
                "time_limit_s": _json_number(det["time_limit_s"].iloc[0]),
            }
            if len(det)
            else None
        )
        return out

    def _years(self) -> list[str]:
        if self.years:  # the scenario's, whatever solved
            return list(self.years)
        o = self.outputs
        yearly = o[o["output"] == "served_h100e"]["year"].unique().tolist() if len(o) else []
        if not yearly and self.deterministic:
            yearly = list(self.deterministic["served_h100e"])
        return sorted(yearly)

    def _output_series(self, name: str) -> np.ndarray:
        """The values of a driver output by member (NaN for failed members)."""
        from tigris.errors import InputError

        o = self.outputs
        out, year = name, ALL
        if OUTPUTS.get(name, ("", ""))[1] != "total":  # <yearly output>_<year>
            out, _, year = name.rpartition("_")
            kind = output_spec(out)[1]
            if kind not in ("yearly", REGIONAL) or year not in self._years():
                totals = ", ".join(k for k, (_, kind) in OUTPUTS.items() if kind == "total")
                yearly = ", ".join(k for k, (_, kind) in OUTPUTS.items() if kind == "yearly")
                msg = (
                    f"unknown output '{name}'; expected one of {totals}, or one of "
                    f"{yearly} with a planning year (e.g. unmet_h100e_{self._years()[-1]})"
                    if self._years()
                    else f"unknown output '{name}'"
                )
                raise InputError(msg, field="outputs")
        sel = o[(o["output"] == out) & (o["year"] == year)]
        v = np.full(self.samples, math.nan)
        v[sel["member"].to_numpy(dtype=int)] = sel["value"].to_numpy(dtype=float)
        return v

    def drivers(
        self, outputs: Sequence[str] | None = None, *, min_samples: int | None = None
    ) -> pd.DataFrame:
        """Inputs ranked by |Spearman rho| with each output, over the members that solved.

        Parameters
        ----------
        outputs : sequence of str, optional
            Total outputs of :data:`OUTPUTS` or ``unmet_h100e_<year>``; default
            :func:`driver_outputs`.
        min_samples : int, optional
            Fewest solved members to rank from; default :func:`min_driver_samples` (17,
            as ``tigris risk``). A smaller value ranks on request (a notebook's look at
            a small run), with the p-values and "not significant" notes as computed.

        Returns
        -------
        pandas.DataFrame
            ``output, rank, path, measure ("spearman"), value`` (rho [-]), ``p_value``
            (:func:`spearman_p` over the plans that solved [-]), ``note``
            (:data:`NOT_SIGNIFICANT` when ``p_adjusted`` ≥ :data:`DRIVER_ALPHA`,
            :data:`NOT_BUILT` for an input of :attr:`unbuilt`, else empty) and
            ``p_adjusted``, the p-value after Holm's correction over the inputs tested
            for that output (:func:`holm`; NaN for an unbuilt input); rank 1 the
            largest |rho|; an input that moved nothing (:attr:`unbuilt`), then an input or
            output that does not vary (rho undefined, NaN), rank last. Empty, with the
            same columns, when fewer than ``min_samples`` members solved; then
            ``attrs["reason"]`` says so (:func:`too_few_to_rank`: "too few samples to
            rank drivers (16 < 17): ..."), as ``tigris risk`` prints.

        Raises
        ------
        InputError
            An output that is neither a total of :data:`OUTPUTS` nor a yearly one with
            a planning year (field ``outputs``).
        """
        import pandas as pd

        cols = ["output", "rank", "path", "measure", "value", "p_value", "note", "p_adjusted"]
        names = list(outputs) if outputs is not None else driver_outputs(self._years())
        for name in names:  # an unknown output is refused whatever the sample size
            self._output_series(name)
        need = min_driver_samples() if min_samples is None else int(min_samples)
        if self.members_ok < need:
            empty = pd.DataFrame(columns=cols)
            empty.attrs["reason"] = too_few_to_rank(self.members_ok, need)
            return empty
        rows = []
        for name in names:
            y = self._output_series(name)
            rhos = []
            for p in self.inputs.columns:
                x = self.inputs[p].to_numpy(dtype=float)
                n = int((np.isfinite(x) & np.isfinite(y)).sum())
                rho = spearman(x, y)
                rhos.append((p, rho, spearman_p(rho, n)))

            def order(t: tuple[str, float, float]) -> tuple[bool, bool, float]:
                nan = math.isnan(t[1])
                return (t[0] in self.unbuilt, nan, 0.0 if nan else -abs(t[1]))

            rhos.sort(key=order)
            # one family per output: the inputs that could move it (an unbuilt one is
            # known to move nothing and is not tested)
            tested = [t[0] for t in rhos if t[0] not in self.unbuilt and math.isfinite(t[2])]
            adjusted = dict(zip(tested, holm([t[2] for t in rhos if t[0] in tested]), strict=True))
            for rank, (p, rho, pv) in enumerate(rhos, start=1):
                note = ""
                padj = adjusted.get(p, math.nan)
                if p in self.unbuilt:
                    note = f"{NOT_BUILT} ({self.unbuilt[p]})"
                elif math.isfinite(padj) and padj >= DRIVER_ALPHA:
                    note = NOT_SIGNIFICANT
                rows.append((name, rank, p, "spearman", rho, pv, note, padj))
        return pd.DataFrame(rows, columns=cols)

    def to_dict(self) -> dict[str, Any]:
        """The JSON pieces of ``tigris risk --json``: ``samples``, ``seed``,
        ``members_ok``, ``failed``, ``inputs``, ``quantiles``, ``deterministic``,
        ``drivers``, ``undrawn`` (:meth:`undrawn_dict`), ..., ``balance`` and
        ``stopped`` (:meth:`stopped_dict`) (JSON-safe: NaN as None, years as text).

        Returns
        -------
        dict of str to Any
            ``samples``, ``seed``, ``design``, ``members_ok``, ``failed``, ``inputs`` (path ->
            ``dist``, ``source``, its draws' quantiles), ``quantiles`` (output -> ``unit``,
            ``kind``, ``values`` by year), ``deterministic``, ``drivers``, ``undrawn``,
            ``mc_error``, ``drivers_correction``, ``probabilities``, ``balance``, ``stopped``.
        """
        inputs: dict[str, Any] = {}
        for p in self.inputs.columns:
            v = self.inputs[p].to_numpy(dtype=float)
            qs = (
                np.quantile(v, INPUT_QUANTILES, method="linear")
                if len(v)
                else [math.nan] * len(INPUT_QUANTILES)
            )
            info = self.distributions.get(p, {})
            inputs[p] = {
                "dist": info.get("dist"),
                "source": info.get("source"),
                **{_qname(q): _json_number(x) for q, x in zip(INPUT_QUANTILES, qs, strict=True)},
            }
        quantiles: dict[str, Any] = {}
        samples = self._samples_by_output()
        for r in self.quantiles.itertuples(index=False):
            entry = quantiles.setdefault(r.output, {"unit": r.unit, "kind": r.kind, "values": {}})
            vals = {_qname(q): _json_number(getattr(r, _qname(q))) for q in QUANTILES}
            entry["values"][r.year] = {
                **vals,
                "mean": _json_number(r.mean),
                "n": int(r.n),
                **mc_intervals(
                    samples.get((r.output, r.year), np.zeros(0)), physical_range(r.output)
                ),
            }
            if r.output in MAY_BE_UNDEFINED:  # solved, but no IRR / no payback
                entry["values"][r.year]["undefined"] = self.members_ok - int(r.n)
        drivers: dict[str, list[dict[str, Any]]] = {}
        for r in self.drivers().itertuples(index=False):
            drivers.setdefault(r.output, []).append(
                {
                    "rank": int(r.rank),
                    "path": r.path,
                    "measure": r.measure,
                    "value": _json_number(r.value),
                    "p_value": _json_number(r.p_value),
                    "p_adjusted": _json_number(r.p_adjusted),
                    "note": r.note,
                }
            )
        return {
            "samples": self.samples,
            "seed": self.seed,
            "design": self.design,
            "members_ok": self.members_ok,
            "failed": [
                {"member": int(r.member), "error": str(r.error)}
                for r in self.failed.itertuples(index=False)
            ],
            "inputs": inputs,
            "quantiles": quantiles,
            "deterministic": {
                k: {y: _json_number(v) for y, v in ys.items()}
                for k, ys in self.deterministic.items()
            },
            "drivers": drivers,
            "undrawn": self.undrawn_dict(),
            "mc_error": mc_error_dict(self.members_ok, self.design),
            "drivers_correction": self.drivers_correction(),
            "probabilities": self.probabilities(),
            "balance": self.balance(quantiles),
            "stopped": self.stopped_dict(),  # added 2026-12-05: last
        }

    def balance(self, quantiles: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The JSON's ``balance``: how each input's draws fall about its median
        (:func:`tigris.risk.balance.sample_balance`: exact binomial sign test, Holm over
        the inputs, ``lopsided`` the inputs flagged) and ``planned_outside_band``, each
        output and year where the plan as planned lies outside the sampled p5-p95
        (:func:`tigris.risk.balance.band_check`; ``quantiles`` as in :meth:`to_dict`,
        default computed).

        Parameters
        ----------
        quantiles : mapping of str to Any or None, optional
            The JSON's ``quantiles``; None: computed by :meth:`to_dict`.

        Returns
        -------
        dict of str to Any
            :func:`~tigris.risk.balance.sample_balance`'s dict with ``planned_outside_band``
            and ``plans`` (the plans the band is of), non-finite numbers as None.
        """
        from tigris.risk.balance import band_check, json_safe, sample_balance

        if quantiles is None:
            quantiles = self.to_dict()["quantiles"]
        draws = {p: self.inputs[p].to_numpy(dtype=float) for p in self.inputs.columns}
        out = sample_balance(self.specs, draws, rounded=self.rounded, planned=self.planned)
        det = {k: {y: v for y, v in ys.items()} for k, ys in self.deterministic.items()}
        out["planned_outside_band"] = band_check(quantiles, det)
        # the plans the band is of: too few for a p5-p95 and the planned value lies
        # outside by chance (a statistician's review of 2026-12-07: certain from one plan)
        out["plans"] = int(self.members_ok)
        return json_safe(out)

    def drivers_correction(self) -> dict[str, Any]:
        """The JSON's ``drivers_correction``: Holm's method, the inputs tested per output
        (the distributed ones less :attr:`unbuilt`) and the smallest |rho| its first
        step can call significant at this many plans (:func:`detectable_rho`).

        Returns
        -------
        dict of str to Any
            ``method``, ``alpha`` [-], ``tests`` [-] and ``smallest_significant_rho`` [-] (None
            when undefined).
        """
        tests = len([p for p in self.inputs.columns if p not in self.unbuilt])
        return {
            "method": "Holm (1979) step-down, one family per output: the inputs tested",
            "alpha": DRIVER_ALPHA,
            "tests": tests,
            "smallest_significant_rho": _json_number(detectable_rho(self.members_ok, tests)),
        }

    def _samples_by_output(self) -> dict[tuple[str, str], np.ndarray]:
        """(output, year) -> the finite values of the members that solved."""
        out: dict[tuple[str, str], np.ndarray] = {}
        o = _by_member(self.outputs)
        if not len(o):
            return out
        for (name, year), g in o.groupby(["output", "year"], sort=False):
            v = g["value"].to_numpy(dtype=float)
            out[(str(name), str(year))] = v[np.isfinite(v)]
        return out

    def probabilities(self) -> dict[str, Any]:
        """Probabilities of events over the plans that solved, each with Wilson's
        interval at :data:`tigris.risk.mcerror.CONFIDENCE` (:func:`event_probabilities`):
        the JSON's ``probabilities``.

        Returns
        -------
        dict of str to Any
            :func:`event_probabilities` of the solved plans.
        """
        return event_probabilities(self.outputs, self._years())

    def undrawn_dict(self) -> list[dict[str, Any]]:
        """The JSON's ``undrawn``: one entry per constraint the plan as planned leaves
        binding while no distribution draws its inputs (:func:`undrawn_constraints`),
        ``{"constraint", "years", "note"}`` with the years it binds in and
        :attr:`undrawn`'s note, as ``tigris risk`` prints it; ``[]`` when every binding
        constraint is drawn (or none binds).

        Returns
        -------
        list of dict of str to Any
            The entries, in :func:`undrawn_constraints`' order.
        """
        names = undrawn_constraints(list(self.inputs.columns), self.binds)
        return [
            {"constraint": n, "years": sorted(int(y) for y in self.binds[n]), "note": note}
            for n, note in zip(names, self.undrawn, strict=True)
        ]

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text (keys in order; the same seed gives the same text).

        Returns
        -------
        str
            The JSON text (NaN refused: :meth:`to_dict` is JSON-safe).
        """
        return json.dumps(self.to_dict(), allow_nan=False)


def stopped_lines(stopped: dict[str, Any]) -> list[str]:
    """What ``tigris risk`` says of the plans that stopped at a solver limit (the JSON's
    ``stopped``, :meth:`tigris.risk.montecarlo.MonteCarlo.stopped_dict`): none when
    every plan is optimal.

    Parameters
    ----------
    stopped : dict of str to Any
        The JSON's ``stopped`` (``note``, ``planned``).

    Returns
    -------
    list of str
        Up to two lines: the sampled plans that stopped, the plan as planned if it did.
    """
    from tigris.fmt import share

    lines = []
    if stopped["note"]:
        lines.append(
            f"{stopped['note']}; they are left out of the quantiles, means, intervals, "
            'probabilities and drivers (docs/risk.md, "Plans stopped at the time limit")'
        )
    planned = stopped.get("planned")
    if planned:
        gap = planned.get("mip_gap")
        limit = planned.get("time_limit_s")
        at = f"the {limit:g} s time limit" if limit is not None else "its time limit"
        lines.append(
            f"the plan as planned stopped at {at}"
            + (f", gap {share(gap)}" if gap is not None else "")
            + ": its numbers (the planned column) are a feasible plan's, not proven optimal"
        )
    return lines


def monte_carlo(
    sc: Scenario,
    samples: int,
    seed: int | None,
    *,
    design: str = "random",
    workers: int | None = None,
    scheduler: str | None = None,
    data: str | Path | None = None,
    store: bool | str | Path = False,
    progress: bool = False,
    recentre: bool = False,
    as_written: bool = False,
    **options: Any,
) -> MonteCarlo:
    """``samples`` plans over inputs drawn from the scenario's distributions.

    Parameters
    ----------
    sc : Scenario
        A scenario with ``distributions`` (``docs/risk.md``).
    samples : int
        Members to draw, 1 .. :data:`tigris.runs.sweep.MAX_MEMBERS`.
    seed : int or None
        Seed of the draws (:func:`tigris.risk.distributions.sample_changes`): the same
        seed gives the same result bit for bit.
    design : {"random", "lhs"}, optional
        Independent draws (default) or a Latin hypercube
        (:func:`tigris.risk.distributions.sample_changes`). The quantiles' and means'
        intervals (the JSON's ``mc_error``) assume independent draws; for a Latin
        hypercube they are conservative where outputs move monotonically with the
        inputs (McKay, Beckman & Conover 1979, Theorem 1).
    workers, scheduler, data, store, progress, **options
        As :func:`evaluate`; ``counterfactual`` defaults to whether the scenario offers
        an investor's capital (:func:`has_investor`): each plan is then solved with the
        world without the investor, one more solve each, for :data:`ADDED_OUTPUTS`.
    recentre, as_written : bool, optional
        A scenario value outside its own distribution is refused, as by ``tigris
        risk`` (:func:`tigris.risk.support.drawn_scenario`), unless ``recentre``
        (the distribution moved onto the value) or ``as_written`` (drawn as written).

    Returns
    -------
    MonteCarlo
        Drawn inputs, outputs, quantiles, the deterministic plan's outputs, failures.

    Raises
    ------
    InputError
        No distributions, a bad ``samples`` or ``seed``, a bad option, a value outside
        its distribution: nothing runs.
    """
    import pandas as pd

    from tigris.risk.support import drawn_scenario
    from tigris.runs.sweep import sample_members

    changes = sample_members(sc, samples, seed, design=design)  # all checked first
    drawn = drawn_scenario(sc, recentre=recentre, as_written=as_written)
    if drawn is not sc:  # recentred: drawn from the moved distributions
        sc, changes = drawn, sample_members(drawn, samples, seed, design=design)
    paths = list(sc.distributions)
    inputs = pd.DataFrame(
        [[m[p] for p in paths] for m in changes], columns=paths, index=range(samples)
    )
    # what the investor adds needs the world without it: one more solve per plan
    # (nested LPs, a MIP when incumbents build), only when there is an investor
    options.setdefault("counterfactual", has_investor(sc))
    # sweep member i is sample i; the scenario itself is member DETERMINISTIC (-1)
    ev = evaluate(
        sc,
        changes,
        planned=True,
        seed=seed,
        workers=workers,
        scheduler=scheduler,
        data=data,
        store=store,
        progress=progress,
        **options,
    )
    try:
        return _summed(sc, samples, seed, design, paths, inputs, ev)
    except KeyboardInterrupt:
        raise SummaryInterrupted(ev.sweep_id) from None


def _summed(
    sc: Scenario,
    samples: int,
    seed: int | None,
    design: str,
    paths: list[str],
    inputs: pd.DataFrame,
    ev: Evaluated,
) -> MonteCarlo:
    """:func:`monte_carlo`'s summing up of the evaluated plans ``ev``."""
    o = ev.outputs
    det_rows = o[o["member"] == DETERMINISTIC]
    deterministic: dict[str, dict[str, float]] = {}
    for r in det_rows.itertuples(index=False):
        deterministic.setdefault(r.output, {})[r.year] = float(r.value)
    # a plan stopped at a limit is not an optimum: its numbers stay out of every
    # statistic (docs/risk.md, "Plans stopped at the time limit")
    limited = ev.limited.copy()
    left_out = set(limited.loc[limited["member"] != DETERMINISTIC, "member"].astype(int))
    outputs = o[(o["member"] != DETERMINISTIC) & ~o["member"].isin(left_out)]
    outputs = outputs.reset_index(drop=True)
    failed = ev.failed.copy()
    dists = {
        p: {"dist": getattr(d, "dist", None), "source": getattr(d, "source", None)}
        for p, d in sc.distributions.items()
    }
    sampled = {i: b for i, b in ev.built.items() if i != DETERMINISTIC and i not in left_out}
    binds = ev.binds.get(DETERMINISTIC, {})
    years = range(sc.horizon.first_year, sc.horizon.last_year + 1)
    from tigris.risk.distributions import rounded_paths
    from tigris.risk.support import input_number

    planned = {p: v for p in paths if (v := input_number(sc, p)) is not None}
    return MonteCarlo(
        samples=samples,
        seed=seed,
        inputs=inputs,
        outputs=outputs,
        quantiles=quantile_table(outputs),
        deterministic=deterministic,
        failed=failed.sort_values("member", kind="stable").reset_index(drop=True),
        distributions=dists,
        sweep_id=ev.sweep_id,
        unbuilt=unbuilt_inputs(sc, paths, sampled),
        binds=binds,
        undrawn=undrawn_binding(paths, binds, list(years)),
        specs=dict(sc.distributions),
        rounded=sorted(rounded_paths(sc)),
        planned=planned,
        limited=limited.sort_values("member", kind="stable").reset_index(drop=True),
        years=[str(y) for y in years],
        design=design,
    )
