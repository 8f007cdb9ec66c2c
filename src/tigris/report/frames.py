"""The numbers behind each report figure, as tidy tables (pure functions of the result).

Both renderers — plotly for the HTML report and matplotlib for PNGs — draw from these
frames, so the two always show the same thing. Each function takes the planner's
tables (``docs/plan-result.md``) and returns a new DataFrame; nothing is modified.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "FACILITY_ORDER",
    "FULL_CAPACITY_RTOL",
    "UNIT_ORDER",
    "build_label",
    "capex_by_source",
    "capital_by_year",
    "demand_frame",
    "facility_colour_index",
    "power_frame",
    "schedule_frame",
    "sites_frame",
    "tools_frame",
    "year_range",
]

#: Display order of facility types and capacity units (others follow by name).
FACILITY_ORDER = ("logic", "cowos", "hbm")
UNIT_ORDER = ("wspm", "stacks_per_month")

#: Relative tolerance under which a site's available capacity counts as "at full
#: output" (a numerical tolerance for float round-off in the planner's ramp, not a
#: model parameter) [-].
FULL_CAPACITY_RTOL = 1e-6


def _ordered(values: pd.Series, first: Sequence[str]) -> dict[str, int]:
    names = list(dict.fromkeys(values))
    ordered = [n for n in first if n in names] + sorted(n for n in names if n not in first)
    return {n: i for i, n in enumerate(ordered)}


def year_range(horizon: tuple[int, int]) -> np.ndarray:
    """Calendar years of the plan, first to last inclusive.

    Parameters
    ----------
    horizon : tuple of int
        ``(first_year, last_year)`` [year].

    Examples
    --------
    >>> year_range((2025, 2028)).tolist()
    [2025, 2026, 2027, 2028]
    """
    return np.arange(int(horizon[0]), int(horizon[1]) + 1)


def demand_frame(demand: pd.DataFrame) -> pd.DataFrame:
    """Demand, served and unmet compute by year and class, classes in priority order.

    Parameters
    ----------
    demand : DataFrame
        The result's ``demand`` table: ``year, demand_class, priority, demand_h100e,
        served_h100e, unmet_h100e`` [year, -, -, H100e, H100e, H100e].

    Returns
    -------
    DataFrame
        Same columns, sorted by ``priority``, then class name, then year; a class with
        several rows in one year is summed.

    Examples
    --------
    >>> d = pd.DataFrame({"year": [2026, 2026], "demand_class": ["infer", "train"],
    ...     "priority": [2, 1], "demand_h100e": [5.0, 10.0], "served_h100e": [5.0, 8.0],
    ...     "unmet_h100e": [0.0, 2.0]})
    >>> demand_frame(d)["demand_class"].tolist()
    ['train', 'infer']
    """
    cols = ["demand_h100e", "served_h100e", "unmet_h100e"]
    df = demand.groupby(["demand_class", "year"], as_index=False).agg(
        {"priority": "min", **dict.fromkeys(cols, "sum")}
    )
    order = df.groupby("demand_class")["priority"].min().sort_values(kind="stable")
    rank = {c: i for i, c in enumerate(sorted(order.index, key=lambda c: (order[c], c)))}
    df["_rank"] = df["demand_class"].map(rank)
    df = df.sort_values(["_rank", "year"]).drop(columns="_rank").reset_index(drop=True)
    return df[["year", "demand_class", "priority", *cols]]


def build_label(site: str, facility: str, node: str) -> str:
    """Row label of one build in the schedule: ``site · facility node``.

    Parameters
    ----------
    site, facility, node : str
        Site name, facility type (``logic``, ``cowos``, ``hbm``) and node ("" if none).

    Examples
    --------
    >>> build_label("arizona", "logic", "N2")
    'arizona · logic N2'
    >>> build_label("kumamoto", "hbm", "")
    'kumamoto · hbm'
    """
    return f"{site} · {facility} {node}".rstrip()


def schedule_frame(
    builds: pd.DataFrame, capacity: pd.DataFrame, horizon: tuple[int, int]
) -> pd.DataFrame:
    """Construction and ramp spans of every build, for a Gantt chart.

    Construction runs from ``start_year`` to ``online_year``; the ramp from
    ``online_year`` to ``full_year``, the first year in which the site's available
    capacity for that facility and node reaches the capacity of all its builds online
    by then (within :data:`FULL_CAPACITY_RTOL`). If the planner gives a ``full_year``
    column it is used as is. A build still ramping at the end of the horizon gets
    ``full_year = last_year + 1`` and ``ramping_at_end = True``; a build with no row in
    the capacity table is shown with no ramp.

    Parameters
    ----------
    builds : DataFrame
        The result's ``builds`` table (``docs/plan-result.md``).
    capacity : DataFrame
        The result's ``capacity`` table: ``year, facility, node, site, available, used,
        unit`` [year, -, -, -, capacity_unit, capacity_unit, -].
    horizon : tuple of int
        ``(first_year, last_year)`` [year].

    Returns
    -------
    DataFrame
        ``label, site, facility, node, start_year, online_year, full_year,
        ramping_at_end, modules, capacity, capacity_unit, capex_usd``, one row per
        build, ordered by start year then label.

    Examples
    --------
    >>> b = pd.DataFrame({"site": ["az"], "facility": ["logic"], "node": ["N2"],
    ...     "start_year": [2026], "online_year": [2028], "modules": [1],
    ...     "capacity": [20000.0], "capacity_unit": ["wspm"], "capex_usd": [2e10]})
    >>> c = pd.DataFrame({"year": [2028, 2029, 2030], "facility": "logic", "node": "N2",
    ...     "site": "az", "available": [5000.0, 15000.0, 20000.0], "used": 0.0,
    ...     "unit": "wspm"})
    >>> schedule_frame(b, c, (2025, 2032))[["start_year", "online_year", "full_year"]]
       start_year  online_year  full_year
    0        2026         2028       2030
    """
    out_cols = [
        "label",
        "site",
        "facility",
        "node",
        "start_year",
        "online_year",
        "full_year",
        "ramping_at_end",
        "modules",
        "capacity",
        "capacity_unit",
        "capex_usd",
    ]
    if builds.empty:
        return pd.DataFrame(columns=out_cols)
    df = builds.copy()
    df["label"] = [
        build_label(s, f, n) for s, f, n in zip(df["site"], df["facility"], df["node"], strict=True)
    ]
    dup = df["label"].duplicated(keep=False)
    df.loc[dup, "label"] = df.loc[dup, "label"] + " (" + df.loc[dup, "start_year"].astype(str) + ")"
    end = int(horizon[1]) + 1
    if "full_year" in df.columns:
        full = pd.to_numeric(df["full_year"], errors="coerce")
        df["ramping_at_end"] = full.isna() | (full > horizon[1])
        df["full_year"] = full.fillna(end).clip(upper=end).astype(int)
    else:
        avail = capacity.groupby(["site", "facility", "node", "year"])["available"].sum()
        full_years, ramping = [], []
        for row in df.itertuples(index=False):
            key = (row.site, row.facility, row.node)
            same = df[
                (df["site"] == row.site)
                & (df["facility"] == row.facility)
                & (df["node"] == row.node)
                & (df["online_year"] <= row.online_year)
            ]
            target = float(same["capacity"].sum()) * (1.0 - FULL_CAPACITY_RTOL)
            try:
                series = avail.loc[key]
            except KeyError:
                full_years.append(int(row.online_year))
                ramping.append(False)
                continue
            series = series[series.index >= row.online_year]
            reached = series.index[series.to_numpy() >= target]
            if len(reached):
                full_years.append(int(reached.min()))
                ramping.append(False)
            else:
                full_years.append(end)
                ramping.append(True)
        df["full_year"] = full_years
        df["ramping_at_end"] = ramping
    df = df.sort_values(["start_year", "label"], kind="stable").reset_index(drop=True)
    return df[out_cols]


def capex_by_source(capex: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Capital spent per year (rows) and source (columns), zero where nothing is spent.

    Parameters
    ----------
    capex : DataFrame
        The result's ``capex`` table: ``year, source, capex_usd`` [year, -, USD].
    years : sequence of int
        Years to show [year].

    Returns
    -------
    DataFrame
        Index ``year``; one column per source in order of total spend (largest first)
        [USD].

    Examples
    --------
    >>> c = pd.DataFrame({"year": [2026, 2026, 2027], "source": ["a", "b", "b"],
    ...     "capex_usd": [1.0, 2.0, 3.0]})
    >>> capex_by_source(c, [2026, 2027, 2028]).to_dict("list")
    {'b': [2.0, 3.0, 0.0], 'a': [1.0, 0.0, 0.0]}
    """
    wide = capex.pivot_table(
        index="year", columns="source", values="capex_usd", aggfunc="sum", fill_value=0.0
    )
    wide = wide.reindex(list(years), fill_value=0.0).astype(float)
    order = wide.sum().sort_values(ascending=False, kind="stable").index
    wide = wide[list(order)]
    wide.columns.name = None
    wide.index.name = "year"
    return wide


def capital_by_year(capital: pd.DataFrame, years: Sequence[int]) -> pd.Series:
    """Capital available per year, all sources together.

    Parameters
    ----------
    capital : DataFrame
        The result's ``capital`` table: ``year, source, available_usd`` [year, -, USD].
    years : sequence of int
        Years to show [year].

    Returns
    -------
    Series
        Index ``year`` [USD]; 0 in a year with no row.

    Examples
    --------
    >>> k = pd.DataFrame({"year": [2026, 2026], "source": ["a", "b"],
    ...     "available_usd": [1.0, 2.0]})
    >>> capital_by_year(k, [2026, 2027]).tolist()
    [3.0, 0.0]
    """
    s = capital.groupby("year")["available_usd"].sum().astype(float)
    s = s.reindex(list(years), fill_value=0.0)
    s.index.name = "year"
    s.name = "available_usd"
    return s


def tools_frame(tools: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Lithography tools used and supplied per year and tool type.

    Parameters
    ----------
    tools : DataFrame
        The result's ``tools`` table: ``year, tool, used, supply`` [year, -, tools,
        tools].
    years : sequence of int
        Years to show [year].

    Returns
    -------
    DataFrame
        ``year, tool, used, supply``: every tool in every year (0 where missing), tools
        in the order ``euv``, ``high_na``, then any other by name.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2026, 2026], "tool": ["high_na", "euv"],
    ...     "used": [1.0, 10.0], "supply": [5.0, 50.0]})
    >>> tools_frame(t, [2026, 2027])["tool"].tolist()
    ['euv', 'euv', 'high_na', 'high_na']
    """
    names = list(_ordered(tools["tool"], ("euv", "high_na")))
    agg = tools.groupby(["tool", "year"])[["used", "supply"]].sum()
    idx = pd.MultiIndex.from_product([names, list(years)], names=["tool", "year"])
    out = agg.reindex(idx, fill_value=0.0).astype(float).reset_index()
    return out[["year", "tool", "used", "supply"]]


def power_frame(power: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Power of the new fabs and of the compute they enable, by year.

    Parameters
    ----------
    power : DataFrame
        The result's ``power`` table: ``year, fab_power_mw, compute_power_mw``
        [year, MW, MW].
    years : sequence of int
        Years to show [year].

    Returns
    -------
    DataFrame
        Index ``year``; columns ``fab_power_mw, compute_power_mw`` [MW] (0 where the
        table has no row).

    Examples
    --------
    >>> p = pd.DataFrame({"year": [2027], "fab_power_mw": [100.0],
    ...     "compute_power_mw": [500.0]})
    >>> power_frame(p, [2026, 2027]).to_dict("list")
    {'fab_power_mw': [0.0, 100.0], 'compute_power_mw': [0.0, 500.0]}
    """
    cols = ["fab_power_mw", "compute_power_mw"]
    df = power.groupby("year")[cols].sum().astype(float)
    df = df.reindex(list(years), fill_value=0.0)
    df.index.name = "year"
    return df


def facility_colour_index(facilities: Sequence[str]) -> dict[str, int]:
    """Series index of each facility type, fixed so a type has one colour everywhere.

    Parameters
    ----------
    facilities : sequence of str
        Facility types present.

    Examples
    --------
    >>> facility_colour_index(["hbm", "logic", "euv-free"])
    {'logic': 0, 'hbm': 2, 'euv-free': 3}
    """
    base = {f: i for i, f in enumerate(FACILITY_ORDER)}
    extra = sorted(f for f in dict.fromkeys(facilities) if f not in base)
    out = {f: base[f] for f in FACILITY_ORDER if f in facilities}
    out.update({f: len(FACILITY_ORDER) + i for i, f in enumerate(extra)})
    return out


def sites_frame(builds: pd.DataFrame) -> pd.DataFrame:
    """Capacity built per site and facility, ranked within each capacity unit.

    Capacities in different units (wafer starts per month for logic and CoWoS, HBM
    stacks per month) are never added together: sites are ranked separately per unit.

    Parameters
    ----------
    builds : DataFrame
        The result's ``builds`` table (``docs/plan-result.md``).

    Returns
    -------
    DataFrame
        ``capacity_unit, site, facility, capacity, site_total, rank``: ``site_total``
        is the site's capacity in that unit and ``rank`` 1 for the largest; sorted by
        unit (:data:`UNIT_ORDER`), rank, facility (:data:`FACILITY_ORDER`).

    Examples
    --------
    >>> b = pd.DataFrame({"site": ["az", "tw", "tw"], "facility": ["logic"] * 3,
    ...     "capacity": [10.0, 5.0, 20.0], "capacity_unit": ["wspm"] * 3})
    >>> sites_frame(b)[["site", "site_total", "rank"]].values.tolist()
    [['tw', 25.0, 1], ['az', 10.0, 2]]
    """
    cols = ["capacity_unit", "site", "facility", "capacity", "site_total", "rank"]
    if builds.empty:
        return pd.DataFrame(columns=cols)
    df = builds.groupby(["capacity_unit", "site", "facility"], as_index=False)["capacity"].sum()
    df["capacity"] = df["capacity"].astype(float)
    df["site_total"] = df.groupby(["capacity_unit", "site"])["capacity"].transform("sum")
    totals = df.drop_duplicates(["capacity_unit", "site"]).copy()
    totals = totals.sort_values(
        ["capacity_unit", "site_total", "site"], ascending=[True, False, True], kind="stable"
    )
    totals["rank"] = totals.groupby("capacity_unit").cumcount() + 1
    df = df.merge(totals[["capacity_unit", "site", "rank"]], on=["capacity_unit", "site"])
    df["_u"] = df["capacity_unit"].map(_ordered(df["capacity_unit"], UNIT_ORDER))
    df["_f"] = df["facility"].map(_ordered(df["facility"], FACILITY_ORDER))
    df = df.sort_values(["_u", "rank", "_f"], kind="stable")
    return df[cols].reset_index(drop=True)
