"""The numbers behind each report figure, as tidy tables (pure functions of the result).

Both renderers — plotly for the HTML report and matplotlib for PNGs — draw from these
frames, so the two always show the same thing. Each function takes the planner's
tables (``docs/plan-result.md``) and returns a new DataFrame; nothing is modified.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from tigris.plan.result import WORLD
from tigris.report.tables import capital_owners

__all__ = [
    "FACILITY_ORDER",
    "FULL_CAPACITY_RTOL",
    "SUPPLY_SOURCES",
    "SUPPLY_TOLERANCE_H100E",
    "SUPPLY_ZOOM_RATIO",
    "UNIT_ORDER",
    "build_label",
    "capex_by_source",
    "capital_by_year",
    "capital_ledger",
    "demand_frame",
    "facility_colour_index",
    "net_layers",
    "output_profile",
    "owner_builds",
    "power_frame",
    "schedule_frame",
    "sites_frame",
    "source_colour_index",
    "supply_frame",
    "supply_layers",
    "tools_frame",
    "year_range",
]

#: Display order of facility types and capacity units (others follow by name).
FACILITY_ORDER = ("logic", "cowos", "hbm", "datacenter")
UNIT_ORDER = ("wspm", "stacks_per_month", "MW")

#: Relative tolerance under which a site's available capacity counts as "at full
#: output" (a numerical tolerance for float round-off in the planner's ramp, not a
#: model parameter) [-].
FULL_CAPACITY_RTOL = 1e-6


#: The sources of supply, bottom of the stack first (``PlanResult.supply_by_source``):
#: what stood at the end of the history years, the announced additions, what incumbents
#: build in response (only when they may), what a served-share floor the world without
#: the investor can meet re-times (only then), and what the investor's builds add.
SUPPLY_SOURCES = (
    "incumbent existing",
    "incumbent announced",
    "incumbent response",
    "served-share floor",
    "investor new",
)
#: When demand peaks above this many times the tallest stack of supply, the supply
#: figure adds a panel with the stack on its own scale, where the sources can be read
#: (layout choice) [-].
SUPPLY_ZOOM_RATIO = 4.0
#: A source's compute within this of zero is a residue of the nested solves (float
#: round-off), drawn as zero; a source with no year above it is left out (numerical
#: tolerance, as the compute table's) [H100e].
SUPPLY_TOLERANCE_H100E = 1.0


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

    Returns
    -------
    numpy.ndarray
        The years as integers [year].

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
        Same columns, the most important class first (highest ``priority``, the weight
        of its unmet demand in the planner's objective), then class name, then year; a
        class with several rows in one year is summed.

    Examples
    --------
    >>> d = pd.DataFrame({"year": [2026, 2026], "demand_class": ["infer", "train"],
    ...     "priority": [1, 3], "demand_h100e": [5.0, 10.0], "served_h100e": [5.0, 8.0],
    ...     "unmet_h100e": [0.0, 2.0]})
    >>> demand_frame(d)["demand_class"].tolist()
    ['train', 'infer']
    """
    cols = ["demand_h100e", "served_h100e", "unmet_h100e"]
    df = demand.groupby(["demand_class", "year"], as_index=False).agg(
        {"priority": "max", **dict.fromkeys(cols, "sum")}
    )
    weight = df.groupby("demand_class")["priority"].max()
    rank = {c: i for i, c in enumerate(sorted(weight.index, key=lambda c: (-weight[c], c)))}
    df["_rank"] = df["demand_class"].map(rank)
    df = df.sort_values(["_rank", "year"]).drop(columns="_rank").reset_index(drop=True)
    return df[["year", "demand_class", "priority", *cols]]


def build_label(site: str, facility: str, node: str, start_year: int) -> str:
    """Row label of one build in the schedule: ``site · facility node (start year)``.

    Every label carries the construction start, so rows read alike whether or not a
    site builds the same facility twice.

    Parameters
    ----------
    site, facility, node : str
        Site name, facility type (``logic``, ``cowos``, ``hbm``) and node ("" if none).
    start_year : int
        Construction start [year].

    Returns
    -------
    str
        The label (no node part when ``node`` is empty).

    Examples
    --------
    >>> build_label("arizona", "logic", "N2", 2026)
    'arizona · logic N2 (2026)'
    >>> build_label("kumamoto", "hbm", "", 2027)
    'kumamoto · hbm (2027)'
    """
    return f"{f'{site} · {facility} {node}'.rstrip()} ({int(start_year)})"


def output_profile(
    start_years: np.ndarray, capacity: np.ndarray, available: np.ndarray, first_year: int
) -> np.ndarray:
    """Recover the common output profile of builds from their summed available capacity.

    The planner's capacity is a discrete convolution of builds with one output profile
    per facility type (``docs/plan.md``, "Constraints": capacity = Σ builds × their ramp):
    ``available[t] = Σ_b capacity_b · f[t − start_b]``, with ``f`` the fraction of full
    output a build gives ``l`` years after its start (0 during construction, 1 at full
    output). Given the builds and ``available``, the triangular system is solved for
    ``f[0], f[1], ...`` by forward substitution from the earliest build.

    Parameters
    ----------
    start_years : array of int
        Construction start of each build [year].
    capacity : array of float
        Full-output capacity of each build [capacity unit].
    available : array of float
        Available capacity in years ``first_year, first_year + 1, ...`` [capacity unit].
    first_year : int
        Year of ``available[0]`` [year].

    Returns
    -------
    numpy.ndarray
        ``f[l]`` for ``l = 0 .. last year − earliest start`` [-].

    References
    ----------
    Forward substitution for a lower-triangular Toeplitz system (discrete
    deconvolution), e.g. Golub & Van Loan, *Matrix Computations*, 4th ed., §3.1.1.

    Examples
    --------
    Two builds started 2025 (20k) and 2027 (10k) with the profile 0, 0, 0, 0.5, 1:

    >>> output_profile(np.array([2025, 2027]), np.array([20e3, 10e3]),
    ...     np.array([0, 0, 0, 10e3, 20e3, 25e3, 30e3]), 2025).tolist()
    [0.0, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0]
    """
    starts = np.asarray(start_years, dtype=int)
    caps = np.asarray(capacity, dtype=float)
    avail = np.asarray(available, dtype=float)
    s0 = int(starts.min())
    n = first_year + len(avail) - s0
    # capacity starting at each lag from the earliest start
    c = np.zeros(max(n, 1))
    np.add.at(c, starts - s0, caps)
    a = np.zeros(max(n, 1))
    lo = max(first_year - s0, 0)
    a[lo:n] = avail[max(s0 - first_year, 0) :]
    f = np.zeros(n)
    for lag in range(n):
        f[lag] = (a[lag] - np.dot(c[1 : lag + 1], f[lag - 1 :: -1][:lag])) / c[0]
    return f


def schedule_frame(
    builds: pd.DataFrame, capacity: pd.DataFrame, horizon: tuple[int, int]
) -> pd.DataFrame:
    """Construction and ramp spans of every build, for a Gantt chart.

    Construction runs from ``start_year`` to ``online_year``; the ramp from
    ``online_year`` to ``full_year``, the first year in which the build gives its full
    capacity. The result does not carry ramps, so they are recovered per site, facility
    and node from the ``capacity`` table with :func:`output_profile`; "full" is within
    :data:`FULL_CAPACITY_RTOL` of 1. If the planner gives a ``full_year`` column it is
    used as is. A build still ramping at the end of the horizon gets
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
    One build started 2026 giving 25%, 75% and 100% of 20k wspm from 2028:

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
    df = builds.reset_index(drop=True).copy()
    df["label"] = [
        build_label(s, f, n, y)
        for s, f, n, y in zip(df["site"], df["facility"], df["node"], df["start_year"], strict=True)
    ]
    # the planner has one build per site, facility, node and start; should two rows still
    # share a label, number them so the chart does not merge them
    nth = df.groupby("label").cumcount()
    df.loc[nth > 0, "label"] = df.loc[nth > 0, "label"] + " #" + (nth[nth > 0] + 1).astype(str)
    first, last = int(horizon[0]), int(horizon[1])
    end = last + 1
    if "full_year" in df.columns:
        full = pd.to_numeric(df["full_year"], errors="coerce")
        df["ramping_at_end"] = full.isna() | (full > last)
        df["full_year"] = full.fillna(end).clip(upper=end).astype(int)
    else:
        years = np.arange(first, end)
        avail = capacity.groupby(["site", "facility", "node", "year"])["available"].sum()
        full_year = df["online_year"].to_numpy(dtype=int).copy()
        ramping = np.zeros(len(df), dtype=bool)
        for key, grp in df.groupby(["site", "facility", "node"], sort=False):
            try:
                series = avail.loc[key]
            except KeyError:
                continue  # no capacity rows: no ramp to show
            a = series.reindex(years, fill_value=0.0).to_numpy(dtype=float)
            grp = grp[grp["capacity"] > 0]
            if grp.empty:
                continue
            starts = grp["start_year"].to_numpy(dtype=int)
            f = output_profile(starts, grp["capacity"].to_numpy(dtype=float), a, first)
            # lags (years since a build's start) at which a build gives full output
            reached = np.flatnonzero(f >= 1.0 - FULL_CAPACITY_RTOL)
            for i, start in zip(grp.index, starts, strict=True):
                online = int(df.at[i, "online_year"])
                lags = reached[reached >= online - start]
                if len(lags) == 0 or start + int(lags.min()) > last:
                    full_year[i], ramping[i] = end, True
                else:
                    full_year[i] = start + int(lags.min())
        df["full_year"] = full_year
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
        Index ``year``; one column per source that spent anything, in order of total
        spend (largest first) [USD].

    Examples
    --------
    >>> c = pd.DataFrame({"year": [2026, 2026, 2027], "source": ["a", "b", "b"],
    ...     "capex_usd": [1.0, 2.0, 3.0]})
    >>> capex_by_source(c, [2026, 2027, 2028]).to_dict("list")
    {'b': [2.0, 3.0, 0.0], 'a': [1.0, 0.0, 0.0]}
    >>> list(capex_by_source(c.assign(capex_usd=[1.0, 0.0, 0.0]), [2026]))
    ['a']
    """
    wide = capex.pivot_table(
        index="year", columns="source", values="capex_usd", aggfunc="sum", fill_value=0.0
    )
    wide = wide.reindex(list(years), fill_value=0.0).astype(float)
    total = wide.sum()
    # a source that paid nothing has no bar: not in the legend either (user test s47:
    # five incumbents' capex listed with their hatches, each $0)
    order = total[total.abs() > 0.0].sort_values(ascending=False, kind="stable").index
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


def capital_ledger(
    capex: pd.DataFrame, capital: pd.DataFrame, years: Sequence[int]
) -> pd.DataFrame:
    """Capital drawn and offered per investor, cumulated over the years.

    Unspent capital carries over, so a year's capex may exceed that year's offer; the
    planner bounds the running totals per source, ``Σ_{τ≤t} drawn[f, τ] ≤
    Σ_{τ≤t} capital[f, τ]`` (``docs/plan.md``, ``capital-cumulative-upper``). A source
    binds where its two lines meet. Only sources in ``capital`` are investors (a
    subsidy, for instance, pays for capex without being anyone's capital).

    Parameters
    ----------
    capex : DataFrame
        The result's ``capex`` table: ``year, source, capex_usd`` [year, -, USD].
    capital : DataFrame
        The result's ``capital`` table: ``year, source, available_usd`` [year, -, USD].
    years : sequence of int
        Years to show [year].

    Returns
    -------
    DataFrame
        ``year, source, drawn_usd, available_usd``, both cumulative [USD], one row per
        capital source and year, in order of first appearance in ``capital``; and
        ``owner``: the investor (:data:`tigris.plan.inputs.INVESTOR`) or, when
        incumbents respond, the incumbent whose own capital the source is: a figure of
        the investor's capital sums the rows of owner ``investor`` only (user test s47
        #1: the incumbents' $387B read as the investor's).

    Examples
    --------
    >>> c = pd.DataFrame({"year": [2026, 2027, 2027], "source": ["a", "a", "subsidy"],
    ...     "capex_usd": [1.0, 4.0, 2.0]})
    >>> k = pd.DataFrame({"year": [2026, 2027], "source": ["a", "a"],
    ...     "available_usd": [3.0, 3.0]})
    >>> capital_ledger(c, k, [2026, 2027])[["drawn_usd", "available_usd"]].values.tolist()
    [[1.0, 3.0], [5.0, 6.0]]
    """
    years = list(years)
    investors = list(dict.fromkeys(capital["source"]))
    idx = pd.MultiIndex.from_product([investors, years], names=["source", "year"])
    drawn = capex.groupby(["source", "year"])["capex_usd"].sum()
    offered = capital.groupby(["source", "year"])["available_usd"].sum()
    out = pd.DataFrame(
        {
            "drawn_usd": drawn.reindex(idx, fill_value=0.0).astype(float),
            "available_usd": offered.reindex(idx, fill_value=0.0).astype(float),
        }
    )
    out = out.groupby(level="source", sort=False).cumsum().reset_index()
    out["owner"] = out["source"].map(capital_owners(capital))
    return out[["year", "source", "drawn_usd", "available_usd", "owner"]]


def stack_order(paid: Sequence[str], investors: Sequence[str]) -> list[str]:
    """The order the capex figure stacks its paying sources in: the investor's in the
    left panel's order, then the others as given (user test s47: the two panels
    stacked the investor's three sources in different orders).

    Parameters
    ----------
    paid : sequence of str
        The sources that pay capex, in the order the yearly panel would stack them.
    investors : sequence of str
        The investor's sources, in the left panel's order.

    Returns
    -------
    list of str
        ``paid`` reordered: its investor's sources first, in ``investors``' order.

    Examples
    --------
    >>> stack_order(["subsidy", "b", "a"], ["a", "b"])
    ['a', 'b', 'subsidy']
    """
    mine = [s for s in investors if s in paid]
    return mine + [s for s in paid if s not in mine]


def investor_ledger(
    capex: pd.DataFrame, capital: pd.DataFrame, years: Sequence[int]
) -> pd.DataFrame:
    """:func:`capital_ledger` of the investor's own sources only: what the capex
    figure's left panel draws (user test s47 report #1: with incumbents responding its
    "released, cumulative" line reached $427B, the incumbents' $387B of own capital
    added to the investor's $40B the headline states).

    Parameters
    ----------
    capex, capital : DataFrame
        As :func:`capital_ledger`.
    years : sequence of int
        Years to show [year].

    Returns
    -------
    DataFrame
        The rows of owner :data:`tigris.plan.inputs.INVESTOR` [USD, cumulative].

    Examples
    --------
    >>> c = pd.DataFrame({"year": [2026, 2026], "source": ["fund", "TSMC capex"],
    ...     "capex_usd": [1.0, 5.0]})
    >>> k = pd.DataFrame({"year": [2026, 2026], "source": ["fund", "TSMC capex"],
    ...     "available_usd": [3.0, 9.0], "owner": ["investor", "TSMC"]})
    >>> investor_ledger(c, k, [2026])[["source", "available_usd"]].values.tolist()
    [['fund', 3.0]]
    """
    from tigris.plan.inputs import INVESTOR

    ledger = capital_ledger(capex, capital, years)
    return ledger[ledger["owner"] == INVESTOR].reset_index(drop=True)


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
    """Power of the new fabs and of the installed compute fleet, world totals by year.

    Parameters
    ----------
    power : DataFrame
        The result's ``power`` table: ``year, region, facility_mw_needed, fab_power_mw,
        ...`` [year, -, MW, MW]; its ``world`` rows are the totals.
    years : sequence of int
        Years to show [year].

    Returns
    -------
    DataFrame
        Index ``year``; columns ``fab_power_mw, compute_power_mw`` (the fleet's
        facility power needed) [MW] (0 where the table has no row or no value).

    Examples
    --------
    >>> p = pd.DataFrame({"year": [2027, 2027], "region": ["world", "usa"],
    ...     "fab_power_mw": [100.0, 60.0], "facility_mw_needed": [500.0, 300.0]})
    >>> power_frame(p, [2026, 2027]).to_dict("list")
    {'fab_power_mw': [0.0, 100.0], 'compute_power_mw': [0.0, 500.0]}
    """
    world = power[power["region"] == WORLD] if "region" in power else power
    df = world.groupby("year")[["fab_power_mw", "facility_mw_needed"]].sum().astype(float)
    df = df.rename(columns={"facility_mw_needed": "compute_power_mw"})
    df = df.reindex(list(years), fill_value=0.0).fillna(0.0)
    df.index.name = "year"
    return df


def facility_colour_index(facilities: Sequence[str]) -> dict[str, int]:
    """Series index of each facility type, fixed so a type has one colour everywhere.

    Parameters
    ----------
    facilities : sequence of str
        Facility types present.

    Returns
    -------
    dict of str to int
        Facility type -> position in :data:`tigris.viz.style.SERIES` (taken modulo its
        length): the known types by :data:`FACILITY_ORDER`, others after them by name.

    Examples
    --------
    >>> facility_colour_index(["hbm", "logic", "euv-free"])
    {'logic': 0, 'hbm': 2, 'euv-free': 4}
    """
    base = {f: i for i, f in enumerate(FACILITY_ORDER)}
    extra = sorted(f for f in dict.fromkeys(facilities) if f not in base)
    out = {f: base[f] for f in FACILITY_ORDER if f in facilities}
    out.update({f: len(FACILITY_ORDER) + i for i, f in enumerate(extra)})
    return out


def source_colour_index(spenders: Sequence[str], investors: Sequence[str]) -> dict[str, int]:
    """Series index of each capital source, so a source has one colour in both panels.

    Parameters
    ----------
    spenders : sequence of str
        Sources in the order their capex bars are stacked.
    investors : sequence of str
        Sources offering capital (some may never be drawn).

    Returns
    -------
    dict of str to int
        Source -> series index: the spenders in order, then investors not among them.

    Examples
    --------
    >>> source_colour_index(["b", "subsidy"], ["a", "b"])
    {'b': 0, 'subsidy': 1, 'a': 2}
    """
    names = list(dict.fromkeys([*spenders, *investors]))
    return {n: i for i, n in enumerate(names)}


def sites_frame(builds: pd.DataFrame) -> pd.DataFrame:
    """Capacity built per site and facility, ranked within each capacity unit.

    Capacities in different units (wafer starts per month for logic, CoWoS and HBM's
    DRAM wafers; data-centre MW; HBM stacks per month in runs saved before HBM was
    counted in DRAM wafers, :data:`~tigris.report.figures.UNIT_LABELS`) are never added
    together: sites are ranked separately per unit.

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


def supply_frame(supply: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Compute delivered per year (rows) by source (columns), and the demand.

    Parameters
    ----------
    supply : DataFrame
        The result's ``supply_by_source`` table: ``year, source, h100e, demand_h100e``
        [year, -, H100e, H100e], ``h100e`` the compute from that source delivered in
        the year, ``demand_h100e`` the year's demand (the same on each of its rows).
    years : sequence of int
        Years to show [year].

    Returns
    -------
    DataFrame
        Index ``year``; one column per source in the order of :data:`SUPPLY_SOURCES`
        (others after, by name), then ``demand_h100e`` [H100e]. Values within
        :data:`SUPPLY_TOLERANCE_H100E` of zero are zero; a source that never exceeds it
        (``incumbent response`` when incumbents do not respond) is left out; a year
        without rows is 0.

    Examples
    --------
    >>> s = pd.DataFrame({"year": [2026, 2026, 2027, 2027],
    ...     "source": ["investor new", "incumbent existing"] * 2,
    ...     "h100e": [0.0, 5.0, 2.0, 5.0], "demand_h100e": [6.0, 6.0, 9.0, 9.0]})
    >>> supply_frame(s, [2026, 2027]).to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'incumbent existing': [5.0, 5.0], 'investor new': [0.0, 2.0],
     'demand_h100e': [6.0, 9.0]}
    """
    idx = pd.Index(list(years), name="year")
    wide = supply.pivot_table(
        index="year", columns="source", values="h100e", aggfunc="sum", fill_value=0.0
    )
    wide = wide.reindex(idx, fill_value=0.0).astype(float)
    wide = wide.mask(wide.abs() < SUPPLY_TOLERANCE_H100E, 0.0)
    order = _ordered(pd.Series(list(wide.columns)), SUPPLY_SOURCES)
    keep = [c for c in order if (wide[c].abs() >= SUPPLY_TOLERANCE_H100E).any()]
    out = wide[keep].copy()
    out.columns.name = None
    demand = supply.groupby("year")["demand_h100e"].first().astype(float)
    out["demand_h100e"] = demand.reindex(idx, fill_value=0.0)
    return out


def supply_layers(
    supply: pd.DataFrame | None, demand: pd.DataFrame, years: Sequence[int], unsplit: str
) -> tuple[dict[str, np.ndarray], np.ndarray, bool]:
    """The layers and the demand line of the supply figure, and whether it needs a
    second panel.

    Parameters
    ----------
    supply : DataFrame or None
        The result's ``supply_by_source`` table (:func:`supply_frame`), or None for a
        run without it.
    demand : DataFrame
        The result's ``demand`` table [H100e].
    years : sequence of int
        Years to show [year].
    unsplit : str
        Name of the one layer of a run without ``supply``: the compute served, all
        sources together.

    Returns
    -------
    layers : dict
        Source -> compute delivered per year, bottom of the stack first [H100e].
    demand : numpy.ndarray
        Demand per year [H100e].
    zoom : bool
        Whether demand peaks above :data:`SUPPLY_ZOOM_RATIO` times the tallest stack.

    Examples
    --------
    >>> d = pd.DataFrame({"year": [2026], "demand_class": ["a"], "priority": [1],
    ...     "demand_h100e": [10.0], "served_h100e": [2.0], "unmet_h100e": [8.0]})
    >>> layers, line, zoom = supply_layers(None, d, [2026], "served")
    >>> layers["served"].tolist(), line.tolist(), zoom
    ([2.0], [10.0], True)
    """
    if supply is not None:
        wide = supply_frame(supply, years)
        layers = net_layers({c: wide[c].to_numpy() for c in wide.columns if c != "demand_h100e"})
        line = wide["demand_h100e"].to_numpy()
    else:
        d = demand.groupby("year")[["demand_h100e", "served_h100e"]].sum().reindex(list(years))
        layers = {unsplit: d["served_h100e"].fillna(0.0).to_numpy()}
        line = d["demand_h100e"].fillna(0.0).to_numpy()
    top = float(np.sum(list(layers.values()), axis=0).max(initial=0.0)) if layers else 0.0
    zoom = top > 0 and float(line.max(initial=0.0)) > SUPPLY_ZOOM_RATIO * top
    return layers, line, zoom


def net_layers(layers: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The layers of a stack with every negative value taken off the layers beneath it.

    A source of ``supply_by_source`` can be negative in a year: the served-share floor's
    world moves compute from one year to another (``docs/plan.md``, "The answer against
    a world without the investor"). Drawn as a bar of negative height on top of the
    stack (plotly's ``stack`` bar mode and matplotlib's ``bottom`` both add it to the
    layers before it), it would cover the top of the layers beneath it and read as
    compute added. Here the layer is drawn as 0 that year and its amount is taken off
    the layers beneath it, nearest first, so every drawn layer is >= 0 and the stack
    still sums to the compute served (the sum of the sources). What is taken off a
    layer is what the world above it no longer serves that year of what that layer's
    world serves (the nested worlds, :mod:`tigris.plan.counterfactual`); a negative
    value with nothing beneath it (not a planner's table) stays as it is.

    Parameters
    ----------
    layers : dict of str to numpy.ndarray
        Source -> compute per year, bottom of the stack first [H100e].

    Returns
    -------
    dict of str to numpy.ndarray
        The same sources in the same order, drawn values [H100e].

    Examples
    --------
    >>> got = net_layers({"a": np.array([5.0, 5.0]), "b": np.array([4.0, 4.0]),
    ...     "floor": np.array([-6.0, 3.0]), "new": np.array([1.0, 0.0])})
    >>> {k: v.tolist() for k, v in got.items()}
    {'a': [3.0, 5.0], 'b': [0.0, 4.0], 'floor': [0.0, 3.0], 'new': [1.0, 0.0]}
    """
    names = list(layers)
    if not names:
        return {}
    vals = np.array([np.asarray(layers[n], dtype=float) for n in names])
    for j in range(len(names)):
        owe = np.maximum(-vals[j], 0.0)  # what this layer takes off the ones beneath
        if not np.any(owe > 0):
            continue
        for i in range(j - 1, -1, -1):
            cut = np.minimum(owe, np.maximum(vals[i], 0.0))
            vals[i] -= cut
            owe -= cut
        left = np.where(owe > 0, -owe, 0.0)  # nothing beneath to take it off
        vals[j] = np.where(vals[j] < 0, left, vals[j])
    return {n: vals[i] for i, n in enumerate(names)}


def owner_builds(builds: pd.DataFrame) -> pd.DataFrame:
    """Builds per owner: modules, capacity and capex by owner and facility type.

    Capacities in different units are never added: one row per owner, facility, node
    and capacity unit.

    Parameters
    ----------
    builds : DataFrame
        The result's ``builds`` table with its ``owner`` column (``docs/plan-result.md``).

    Returns
    -------
    DataFrame
        ``owner, facility, node, builds, modules, capacity, capacity_unit, capex_usd``,
        owners in order of first build, facilities in :data:`FACILITY_ORDER` [-, -, -,
        -, modules, capacity unit, -, USD]; empty without an ``owner`` column.

    Examples
    --------
    >>> b = pd.DataFrame({"owner": ["investor", "TSMC", "investor"],
    ...     "facility": ["hbm", "cowos", "hbm"], "node": ["", "", ""],
    ...     "modules": [1, 2, 1], "capacity": [5e4, 2e4, 5e4],
    ...     "capacity_unit": ["wspm"] * 3, "capex_usd": [1e9, 2e9, 1e9]})
    >>> owner_builds(b)[["owner", "modules", "capacity"]].values.tolist()
    [['investor', 2, 100000.0], ['TSMC', 2, 20000.0]]
    """
    cols = [
        "owner",
        "facility",
        "node",
        "builds",
        "modules",
        "capacity",
        "capacity_unit",
        "capex_usd",
    ]
    if builds.empty or "owner" not in builds.columns:
        return pd.DataFrame(columns=cols)
    keys = ["owner", "facility", "node", "capacity_unit"]
    df = builds.groupby(keys, as_index=False, sort=False).agg(
        builds=("modules", "size"),
        modules=("modules", "sum"),
        capacity=("capacity", "sum"),
        capex_usd=("capex_usd", "sum"),
    )
    owner_rank = {o: i for i, o in enumerate(dict.fromkeys(builds["owner"]))}
    df["_o"] = df["owner"].map(owner_rank)
    df["_f"] = df["facility"].map(_ordered(df["facility"], FACILITY_ORDER))
    df = df.sort_values(["_o", "_f", "node"], kind="stable")
    return df[cols].reset_index(drop=True)
