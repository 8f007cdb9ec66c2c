"""The headline numbers shown by run lists, sweeps and comparisons, in display order.

Every metric is a key of :meth:`tigris.plan.PlanResult.headline` ``["numbers"]`` (no
new number is computed here): the store saves those numbers with each run
(``docs/runs.md``), and ``tigris runs list``, ``tigris sweep`` and ``tigris compare``
show the ones in :data:`METRICS`.

>>> [str(m) for m in METRICS][:3]
['served_h100e', 'unmet_h100e', 'unmet_share']
>>> METRICS[0].unit, METRICS[0].label
('H100e', 'served')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = [
    "FLAGS",
    "METRICS",
    "METRIC_UNITS",
    "NEVER_NEGATIVE",
    "NEVER_NEGATIVE_KEY",
    "SUBSIDY_BY_REGION_KEY",
    "Metric",
    "metric_values",
    "payback_text",
    "plan_numbers",
    "subsidy_by_region",
    "subsidy_by_site",
]


class Metric(str):
    """A headline-number key (a ``str``, usable as a column name) with its unit and label.

    Parameters
    ----------
    key : str
        Key in ``PlanResult.headline()["numbers"]``.
    unit : str
        Unit, as written in tables [-].
    label : str
        Short name for column headers.
    """

    unit: str
    label: str

    def __new__(cls, key: str, unit: str, label: str) -> Metric:
        obj = super().__new__(cls, key)
        obj.unit = unit
        obj.label = label
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (Metric, (str(self), self.unit, self.label))


#: The numbers lists and comparisons show, in display order (units: H100e summed over
#: the horizon; H100e/year for one year's; USD of the scenario's money; ``-`` a share;
#: data-centre facility MW online and the fleet's TWh/year in the last year; t CO2 and
#: the electricity cost [USD, undiscounted] summed over the horizon).
METRICS: tuple[Metric, ...] = (
    Metric("served_h100e", "H100e", "served"),
    Metric("unmet_h100e", "H100e", "unmet"),
    Metric("unmet_share", "-", "unmet share"),
    Metric("unmet_last_year_h100e", "H100e/year", "unmet last year"),
    Metric("modules_built", "modules", "modules"),
    Metric("capex_committed_usd", "USD", "capex committed"),
    Metric("capital_spent_usd", "USD", "capital spent"),
    # the investor's subsidy within the horizon: the capex table's subsidy rows, the
    # subsidies table's investor rows summed (UT-POLICY #1: what an extra subsidy
    # dollar buys, in compare and sweep); a headline number all along (older runs have it)
    Metric("subsidy_usd", "USD", "subsidy"),
    Metric("cost_usd", "USD", "discounted cost"),
    Metric("npv_usd", "USD", "NPV"),
    Metric("irr", "-", "IRR"),
    # the horizon and counterfactual numbers the plan's headline leads with
    # (usertest_money #7): the investor's payback year, its NPV without the salvage at
    # the horizon's end, the H100e served with the investor less without it, and the
    # capital spent (subsidy excluded) per added H100e
    Metric("payback_year", "year", "payback year"),
    Metric("npv_without_salvage_usd", "USD", "NPV without salvage"),
    Metric("added_h100e", "H100e", "H100e added"),
    # labelled as `tigris plan` names it: capital spent, not capex committed (s45 #4)
    Metric("capex_usd_per_added_h100e", "USD/H100e", "capital per added H100e"),
    Metric("objective_usd", "USD", "objective"),
    # the plan's power answer (the power table's world row; usertest #2, #6d)
    Metric("datacenter_mw_online_last_year", "MW", "DC MW online last year"),
    Metric("energy_twh_last_year", "TWh/year", "energy last year"),
    Metric("emissions_t_co2", "t CO2", "emissions"),
    Metric("electricity_cost_usd", "USD", "electricity cost"),
)
#: Unit of each metric by key.
METRIC_UNITS: dict[str, str] = {str(m): m.unit for m in METRICS}
#: Stored beside the headline numbers (:func:`plan_numbers`): 1 when the investor's
#: cumulative net cash flow is never negative (no payback year because there is
#: nothing to pay back: a 100 % subsidy, usertest_money #9), 0 when it goes negative,
#: NaN for a run stored before it [-].
NEVER_NEGATIVE_KEY = "payback_never_negative"
#: Stored beside the headline numbers (:func:`plan_numbers`): the investor's subsidy
#: within the horizon by region, ``{region: USD}`` (:func:`subsidy_by_region`); absent
#: for a run stored before it or whose result has no subsidies table [USD].
SUBSIDY_BY_REGION_KEY = "subsidy_by_region_usd"
#: Keys read with the metrics that are not shown as numbers of their own.
FLAGS: tuple[str, ...] = (NEVER_NEGATIVE_KEY,)
#: What a table says where the payback year is absent because the investor's
#: cumulative cash flow is never negative: the words of the plan's headline
#: (:data:`tigris.plan.summary.NEVER_NEGATIVE`), short.
NEVER_NEGATIVE_CELL = "never negative"
#: Said under a list of runs or sweep members of those whose investor's cumulative
#: cash flow is never negative: the plan's headline words
#: (:data:`tigris.plan.summary.NEVER_NEGATIVE`), not "no payback".
NEVER_NEGATIVE = (
    "cumulative cash flow never negative (nothing to pay back: the payback year and "
    "the IRR are undefined)"
)
#: ... and where the flows are known to go negative and never pay back.
NOT_REACHED_CELL = "not reached"
#: What a table says of a number the run does not have (an old run, no plan).
NOT_KNOWN = "n/a"


def metric_values(numbers: Mapping[str, Any] | None) -> dict[str, float]:
    """The :data:`METRICS` read from headline numbers; NaN where absent or null.

    Parameters
    ----------
    numbers : mapping or None
        ``PlanResult.headline()["numbers"]`` (or the stored JSON of it).

    Returns
    -------
    dict
        Metric key -> float, in :data:`METRICS` order.

    Examples
    --------
    >>> metric_values({"served_h100e": 5.0, "irr": None})["served_h100e"]
    5.0
    >>> math.isnan(metric_values(None)["irr"])
    True
    """
    numbers = numbers or {}
    out: dict[str, float] = {}
    for key in (*(str(m) for m in METRICS), *FLAGS):
        v = numbers.get(key)
        out[key] = _float(v)
    return out


def _float(v: Any) -> float:
    """A stored number as a float; None, text or anything else not a number is NaN."""
    if v is None or isinstance(v, str):
        return math.nan
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def plan_numbers(result: Any, numbers: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A plan's headline numbers as the store keeps them: ``result.headline()
    ["numbers"]`` (or ``numbers`` when already computed) and :data:`NEVER_NEGATIVE_KEY`.

    Parameters
    ----------
    result : PlanResult
        The plan.
    numbers : mapping, optional
        Its headline numbers, if already computed (a sweep member's, on its worker).

    Returns
    -------
    dict
        The numbers, with :data:`NEVER_NEGATIVE_KEY` 1.0 or 0.0 (NaN without a plan
        or without the investor's cash flows).
    """
    from tigris.plan.summary import _investor_flows, cumulative_never_negative

    out = dict(numbers if numbers else result.headline()["numbers"])
    if SUBSIDY_BY_REGION_KEY not in out:
        by_region = subsidy_by_region(result)
        if by_region is not None:
            out[SUBSIDY_BY_REGION_KEY] = by_region
    if NEVER_NEGATIVE_KEY not in out:
        # NaN without a plan or without the investor's flows (it built nothing): no
        # payback to speak of either way
        known = bool(getattr(result, "ok", False)) and len(_investor_flows(result)) > 0
        out[NEVER_NEGATIVE_KEY] = float(cumulative_never_negative(result)) if known else math.nan
    return out


def subsidy_by_region(result: Any) -> dict[str, float] | None:
    """The investor's subsidy within the horizon by region [USD]: the result's
    ``subsidies`` table's investor rows summed by ``region`` (``docs/finance.md``,
    "Subsidy by site"; they sum to the headline's ``subsidy_usd``), every region where
    the investor may build, 0 included; a site with no region is ``""``.

    Parameters
    ----------
    result : PlanResult
        The plan.

    Returns
    -------
    dict or None
        Region -> USD, sorted by region; None without a plan or a subsidies table
        (a run read back from the store or saved before it).
    """
    return _investor_subsidy_by(result, "region")


def subsidy_by_site(result: Any) -> dict[str, float] | None:
    """The investor's subsidy within the horizon by site [USD], as
    :func:`subsidy_by_region` sums it by region: who pays (each site's government), not
    where its energy region is (a policy analyst's review of 2026-12-07: the region
    table lumped Japan, Korea and Taiwan).

    Parameters
    ----------
    result : PlanResult
        The plan.

    Returns
    -------
    dict or None
        Site -> USD, sorted by site; None without a plan or a subsidies table.
    """
    return _investor_subsidy_by(result, "site")


def _investor_subsidy_by(result: Any, column: str) -> dict[str, float] | None:
    """The investor's rows of a plan's ``subsidies`` table summed by ``column``, sorted;
    None without a plan or the table."""
    from tigris.plan.inputs import INVESTOR

    table = getattr(result, "subsidies", None)
    if not getattr(result, "ok", False) or table is None or not len(table):
        return None
    mine = table[table["owner"].astype(str) == INVESTOR]
    sums = mine.groupby(mine[column].astype(str), sort=True)["subsidy_usd"].sum()
    return {str(k): float(v) for k, v in sums.items()}


def payback_text(year: Any, never_negative: Any) -> str:
    """A payback year for a table: the year; :data:`NEVER_NEGATIVE_CELL` when there is
    none because the cumulative cash flow is never negative (nothing to pay back, not a
    failure: usertest_money #9); :data:`NOT_REACHED_CELL` when the flows go negative
    and never pay back; :data:`NOT_KNOWN` when the run does not say (stored before the
    flag, or no plan).

    Parameters
    ----------
    year : Any
        The payback year (a calendar year, NaN or None when there is none).
    never_negative : Any
        The never-negative flag: 1.0 when the cumulative cash flow is never negative, 0.0
        when it is, NaN or None when not known.

    Returns
    -------
    str
        The year as a whole number, or the cell's words.

    Examples
    --------
    >>> payback_text(2031.0, 0.0), payback_text(math.nan, 1.0), payback_text(None, 0.0)
    ('2031', 'never negative', 'not reached')
    >>> payback_text(math.nan, math.nan)
    'n/a'
    """
    y, flag = _float(year), _float(never_negative)
    if math.isfinite(y):
        return str(int(y))
    if flag == 1.0:
        return NEVER_NEGATIVE_CELL
    if flag == 0.0:
        return NOT_REACHED_CELL
    return NOT_KNOWN
