"""The report's tables: builds, money by year and source, compute by year.

Pure functions of the planner's tables (``docs/plan-result.md``) returning new
DataFrames; :mod:`tigris.report.html` renders them and :mod:`tigris.report.png` draws
them on a page. They hold at least what ``tigris plan`` prints on the terminal, so the
report never shows less than the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from tigris.plan.inputs import INVESTOR
from tigris.report.result import TABLE_COLUMNS

__all__ = [
    "ALL_YEARS",
    "INCUMBENT_SOURCES",
    "INVESTOR_SOURCES",
    "build_table",
    "capital_owners",
    "compute_table",
    "investor_table",
    "money_by_year",
    "money_table",
    "supply_table",
]

#: Label of a totals row (in the ``year`` column of :func:`money_table`).
ALL_YEARS = "all years"
#: The totals rows of :func:`money_table` when incumbents respond: the investor's
#: capital sources, and the incumbents' own capital (user test s47 #1: $38.7B of
#: incumbents' capital read as the investor's).
INVESTOR_SOURCES = "the investor's sources"
INCUMBENT_SOURCES = "incumbents' own capital"
#: Unmet compute below this is a float residue of the solver, not a shortfall worth
#: naming a class for (numerical tolerance, as ``tigris plan``'s table uses) [H100e].
UNMET_TOLERANCE_H100E = 1.0


def build_table(builds: pd.DataFrame, full_year: pd.Series | None = None) -> pd.DataFrame:
    """Every build: where, what, when, how big and what it costs.

    Parameters
    ----------
    builds : DataFrame
        The result's ``builds`` table: ``site, facility, node, start_year, online_year,
        modules, capacity, capacity_unit, capex_usd`` [-, -, -, year, year, modules,
        capacity unit, -, USD].
    full_year : Series, optional
        First year at full output of each build, aligned with ``builds`` (from
        :func:`tigris.report.frames.schedule_frame`) [year].

    Returns
    -------
    DataFrame
        The same columns (plus ``owner`` if the table has one, and ``full_year`` if
        given), one row per build, by start year, site, facility and node; nothing is
        dropped or merged.

    Examples
    --------
    >>> b = pd.DataFrame({"site": ["tw", "az"], "facility": ["hbm", "logic"],
    ...     "node": ["", "N2"], "start_year": [2027, 2026], "online_year": [2029, 2029],
    ...     "modules": [1, 2], "capacity": [1e5, 4e4], "capacity_unit":
    ...     ["stacks_per_month", "wspm"], "capex_usd": [5e9, 4e10]})
    >>> build_table(b)[["site", "start_year"]].values.tolist()
    [['az', 2026], ['tw', 2027]]
    """
    cols = [c for c in TABLE_COLUMNS["builds"] if c != "owner"]
    if "owner" in builds.columns:
        cols.insert(0, "owner")
    df = builds[cols].copy()
    if full_year is not None:
        df.insert(5, "full_year", full_year.to_numpy())
    df = df.sort_values(["start_year", "site", "facility", "node"], kind="stable")
    return df.reset_index(drop=True)


def money_table(capex: pd.DataFrame, capital: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Money by year and source: capital released, drawn and carried over.

    For an investor ``f`` (a source of the ``capital`` table) in year ``t``: released
    ``R[f, t]`` is its offer that year, drawn ``D[f, t]`` the capex it pays, and
    carried over the unspent balance at the end of the year,
    ``C[f, t] = Σ_{τ≤t} (R[f, τ] − D[f, τ])``; unspent capital carries over, and the
    planner keeps ``C ≥ 0`` (``docs/plan.md``, ``capital-cumulative-upper``). Any other
    source of capex (a subsidy) is drawn without being released by an investor: its
    released and carried-over cells are missing (NaN).

    Parameters
    ----------
    capex : DataFrame
        The result's ``capex`` table: ``year, source, capex_usd`` [year, -, USD].
    capital : DataFrame
        The result's ``capital`` table: ``year, source, available_usd`` [year, -, USD].
    years : sequence of int
        Years of the plan [year].

    Returns
    -------
    DataFrame
        ``year, source, investor, released_usd, drawn_usd, carried_over_usd, owner``:
        one row per year and capital source (every year, as the balance carries;
        ``investor`` True: a source of ``capital``, whoever owns it), one per year and
        other source that pays something that year (``owner`` empty), then one totals
        row per source, with incumbents that respond (a source owned by another than
        the investor) one for :data:`INVESTOR_SOURCES` and one for
        :data:`INCUMBENT_SOURCES`, and one for all sources, with ``year`` =
        :data:`ALL_YEARS` (carried over: the balance at the end of the horizon) [USD].

    Examples
    --------
    >>> c = pd.DataFrame({"year": [2026, 2027, 2027], "source": ["a", "a", "subsidy"],
    ...     "capex_usd": [1.0, 4.0, 2.0]})
    >>> k = pd.DataFrame({"year": [2026, 2027], "source": ["a", "a"],
    ...     "available_usd": [3.0, 3.0]})
    >>> m = money_table(c, k, [2026, 2027])
    >>> m[["year", "source", "drawn_usd", "carried_over_usd"]].values.tolist()[:3]
    [[2026, 'a', 1.0, 2.0], [2027, 'a', 4.0, 1.0], [2027, 'subsidy', 2.0, nan]]
    >>> m.tail(1)[["source", "released_usd", "drawn_usd"]].values.tolist()
    [['all sources', 6.0, 7.0]]
    """
    years = [int(y) for y in years]
    investors = list(dict.fromkeys(capital["source"]))
    others = sorted(set(capex["source"]) - set(investors))
    owner_of = capital_owners(capital)
    drawn = capex.groupby(["source", "year"])["capex_usd"].sum().astype(float)
    offered = capital.groupby(["source", "year"])["available_usd"].sum().astype(float)
    rows = []
    for source in investors:
        idx = pd.Index(years, name="year")
        d = drawn.get(source, pd.Series(dtype=float)).reindex(idx, fill_value=0.0)
        r = offered.get(source, pd.Series(dtype=float)).reindex(idx, fill_value=0.0)
        carry = (r - d).cumsum()
        who = owner_of[source]
        rows += [(y, source, True, float(r[y]), float(d[y]), float(carry[y]), who) for y in years]
    for source in others:
        d = drawn.get(source, pd.Series(dtype=float))
        rows += [
            (int(y), source, False, np.nan, float(v), np.nan, "")
            for y, v in d.items()
            if int(y) in years and v != 0
        ]
    cols = [
        "year",
        "source",
        "investor",
        "released_usd",
        "drawn_usd",
        "carried_over_usd",
        "owner",
    ]
    body = pd.DataFrame(rows, columns=cols)
    body["_order"] = body["source"].map({s: i for i, s in enumerate([*investors, *others])})
    body = body.sort_values(["year", "_order"], kind="stable").drop(columns="_order")
    totals = []
    for source in [*investors, *others]:
        part = body[body["source"] == source]
        is_inv = source in investors
        totals.append(
            (
                ALL_YEARS,
                source,
                is_inv,
                float(part["released_usd"].sum()) if is_inv else np.nan,
                float(part["drawn_usd"].sum()),
                float(part["carried_over_usd"].iloc[-1]) if is_inv and len(part) else np.nan,
                owner_of.get(source, ""),
            )
        )
    inv = body[body["investor"].astype(bool)]
    last = inv[inv["year"] == max(years)] if years else inv.iloc[0:0]
    if (inv["owner"] != INVESTOR).any():  # incumbents' own capital: apart (user test s47 #1)
        for label, mine in ((INVESTOR_SOURCES, True), (INCUMBENT_SOURCES, False)):
            keep = (inv["owner"] == INVESTOR) == mine
            at_end = last[(last["owner"] == INVESTOR) == mine]
            totals.append(
                (
                    ALL_YEARS,
                    label,
                    False,
                    float(inv.loc[keep, "released_usd"].sum()),
                    float(inv.loc[keep, "drawn_usd"].sum()),
                    float(at_end["carried_over_usd"].sum()),
                    INVESTOR if mine else "",
                )
            )
    totals.append(
        (
            ALL_YEARS,
            "all sources",
            False,
            float(inv["released_usd"].sum()),
            float(body["drawn_usd"].sum()),
            float(last["carried_over_usd"].sum()),
            "",
        )
    )
    out = pd.concat([body, pd.DataFrame(totals, columns=cols)], ignore_index=True)
    return out.astype({"year": object})


def capital_owners(capital: pd.DataFrame) -> dict[str, str]:
    """Who owns each source of the ``capital`` table: its ``owner`` column (incumbents
    that respond pay from their own capital, ``tigris.plan``'s owners), the investor
    for a run without the column (one owner).

    Parameters
    ----------
    capital : DataFrame
        The result's ``capital`` table: ``year, source, available_usd`` [year, -, USD],
        and ``owner`` when incumbents respond.

    Returns
    -------
    dict
        Source -> owner (:data:`tigris.plan.inputs.INVESTOR` for the investor's).

    Examples
    --------
    >>> k = pd.DataFrame({"year": [2026, 2026], "source": ["fund", "TSMC capex"],
    ...     "available_usd": [1.0, 2.0], "owner": ["investor", "TSMC"]})
    >>> capital_owners(k)
    {'fund': 'investor', 'TSMC capex': 'TSMC'}
    >>> capital_owners(k.drop(columns="owner"))
    {'fund': 'investor', 'TSMC capex': 'investor'}
    """
    if "owner" not in capital.columns:
        return {str(s): INVESTOR for s in dict.fromkeys(capital["source"])}
    owners = capital.drop_duplicates("source").set_index("source")["owner"]
    return {str(s): str(o) if isinstance(o, str) and o else INVESTOR for s, o in owners.items()}


def money_by_year(money: pd.DataFrame) -> pd.DataFrame:
    """Money by year, all sources together: the terminal's "Money by year" and more.

    Parameters
    ----------
    money : DataFrame
        :func:`money_table`'s result.

    Returns
    -------
    DataFrame
        ``year, released_usd, drawn_usd, subsidy_usd, released_to_date_usd,
        drawn_to_date_usd, carried_over_usd``: the investor's release and draws that
        year (its capital sources, owner :data:`~tigris.plan.inputs.INVESTOR`), capex
        paid by other sources (subsidies), both of the investor's sums to date, and its
        unspent balance at the end of the year (released minus drawn to date); then
        ``incumbent_released_usd, incumbent_drawn_usd, incumbent_carried_over_usd``: the
        same of the incumbents that respond, from their own capital (0 when none do;
        never counted as the investor's: user test s47 #1) [USD].

    Examples
    --------
    >>> c = pd.DataFrame({"year": [2026, 2027, 2027], "source": ["a", "a", "subsidy"],
    ...     "capex_usd": [1.0, 4.0, 2.0]})
    >>> k = pd.DataFrame({"year": [2026, 2027], "source": ["a", "a"],
    ...     "available_usd": [3.0, 3.0]})
    >>> y = money_by_year(money_table(c, k, [2026, 2027]))
    >>> y[["drawn_to_date_usd", "released_to_date_usd", "carried_over_usd"]].values.tolist()
    [[1.0, 3.0, 2.0], [5.0, 6.0, 1.0]]
    """
    body = money[money["year"] != ALL_YEARS]
    is_inv = body["investor"].astype(bool)
    owner = body["owner"] if "owner" in body.columns else pd.Series(INVESTOR, index=body.index)
    mine = body[is_inv & (owner == INVESTOR)]
    theirs = body[is_inv & (owner != INVESTOR)]
    other = body[~is_inv]
    years = sorted({int(y) for y in body["year"]})
    idx = pd.Index(years, name="year")

    def by_year(part: pd.DataFrame, col: str) -> pd.Series:
        return part.groupby("year")[col].sum().reindex(idx, fill_value=0.0)

    out = pd.DataFrame(
        {
            "released_usd": by_year(mine, "released_usd"),
            "drawn_usd": by_year(mine, "drawn_usd"),
            "subsidy_usd": by_year(other, "drawn_usd"),
            "incumbent_released_usd": by_year(theirs, "released_usd"),
            "incumbent_drawn_usd": by_year(theirs, "drawn_usd"),
        },
        index=idx,
    ).astype(float)
    out["released_to_date_usd"] = out["released_usd"].cumsum()
    out["drawn_to_date_usd"] = out["drawn_usd"].cumsum()
    out["carried_over_usd"] = out["released_to_date_usd"] - out["drawn_to_date_usd"]
    out["incumbent_carried_over_usd"] = (
        out["incumbent_released_usd"].cumsum() - out["incumbent_drawn_usd"].cumsum()
    )
    return out.reset_index()[
        [
            "year",
            "released_usd",
            "drawn_usd",
            "subsidy_usd",
            "released_to_date_usd",
            "drawn_to_date_usd",
            "carried_over_usd",
            "incumbent_released_usd",
            "incumbent_drawn_usd",
            "incumbent_carried_over_usd",
        ]
    ]


def compute_table(demand: pd.DataFrame) -> pd.DataFrame:
    """Compute demanded, served and unmet by year, and which classes stay short.

    Parameters
    ----------
    demand : DataFrame
        The result's ``demand`` table: ``year, demand_class, priority, demand_h100e,
        served_h100e, unmet_h100e`` [year, -, -, H100e, H100e, H100e].

    Returns
    -------
    DataFrame
        ``year, demand_h100e, served_h100e, unmet_h100e, unmet_share, short``: sums
        over classes [H100e], unmet share of demand [-] (NaN without demand, or
        without a plan), and the classes with unmet demand, lowest priority first (the
        first to go short), as one string ("" if none).

    Examples
    --------
    >>> d = pd.DataFrame({"year": [2026, 2026], "demand_class": ["infer", "train"],
    ...     "priority": [1, 3], "demand_h100e": [5.0, 10.0], "served_h100e": [3.0, 8.0],
    ...     "unmet_h100e": [2.0, 2.0]})
    >>> compute_table(d)[["unmet_h100e", "unmet_share", "short"]].values.tolist()
    [[4.0, 0.26666666666666666, 'infer, train']]
    """
    cols = ["demand_h100e", "served_h100e", "unmet_h100e"]
    # no plan: served and unmet are missing, and stay missing in the sums
    by_year = demand.groupby("year")[cols].sum(min_count=1)
    by_year["demand_h100e"] = by_year["demand_h100e"].fillna(0.0)
    share = by_year["unmet_h100e"] / by_year["demand_h100e"].where(by_year["demand_h100e"] > 0)
    by_year["unmet_share"] = share
    short = []
    for year in by_year.index:
        rows = demand[(demand["year"] == year) & (demand["unmet_h100e"] > UNMET_TOLERANCE_H100E)]
        names = rows.sort_values(["priority", "demand_class"], kind="stable")["demand_class"]
        short.append(", ".join(dict.fromkeys(names)))
    by_year["short"] = short
    return by_year.reset_index()


def investor_table(
    demand: pd.DataFrame,
    baseline: dict[int, float],
    added: dict[int, float],
    years: Sequence[int],
) -> pd.DataFrame:
    """Compute by year with and without the investor, and what it adds.

    Parameters
    ----------
    demand : DataFrame
        The result's ``demand`` table (``docs/plan-result.md``) [H100e].
    baseline : dict
        Compute delivered without the investor by year (the result's
        ``baseline.h100e_by_year``) [H100e].
    added : dict
        Compute the investor adds by year (``added.h100e_by_year``) [H100e].
    years : sequence of int
        Years of the plan [year].

    Returns
    -------
    DataFrame
        ``year, demand_h100e, baseline_h100e, served_h100e, added_h100e`` [year,
        H100e, ...]: demand and compute served with the investor summed over classes
        from ``demand``, the other two as given (NaN for a year they lack).

    Examples
    --------
    >>> d = pd.DataFrame({"year": [2026, 2026], "demand_class": ["a", "b"],
    ...     "priority": [1, 2], "demand_h100e": [4.0, 6.0], "served_h100e": [3.0, 6.0],
    ...     "unmet_h100e": [1.0, 0.0]})
    >>> investor_table(d, {2026: 7.0}, {2026: 2.0}, [2026]).values.tolist()
    [[2026.0, 10.0, 7.0, 9.0, 2.0]]
    """
    idx = pd.Index([int(y) for y in years], name="year")
    by_year = demand.groupby("year")[["demand_h100e", "served_h100e"]].sum(min_count=1)
    by_year = by_year.reindex(idx)
    out = pd.DataFrame(
        {
            "demand_h100e": by_year["demand_h100e"].fillna(0.0).astype(float),
            "baseline_h100e": pd.Series(baseline, dtype=float).reindex(idx),
            "served_h100e": by_year["served_h100e"].astype(float),
            "added_h100e": pd.Series(added, dtype=float).reindex(idx),
        },
        index=idx,
    )
    return out.reset_index()


def supply_table(supply: pd.DataFrame, demand: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Compute by year and source against demand: the numbers of the supply figure.

    Parameters
    ----------
    supply : DataFrame
        The result's ``supply_by_source`` table: ``year, source, h100e, demand_h100e``
        [year, -, H100e, H100e].
    demand : DataFrame
        The result's ``demand`` table, for the compute left unmet [H100e].
    years : sequence of int
        Years of the plan [year].

    Returns
    -------
    DataFrame
        ``year, demand_h100e``, one column per source as drawn
        (:func:`tigris.report.frames.supply_frame`), then ``served_h100e`` (the sum of
        the sources) and ``unmet_h100e`` (from ``demand``) [H100e]. With the planner's
        tables, ``served + unmet = demand`` in every year.

    Examples
    --------
    >>> s = pd.DataFrame({"year": [2026, 2026], "source": ["incumbent existing",
    ...     "investor new"], "h100e": [6.0, 3.0], "demand_h100e": [10.0, 10.0]})
    >>> d = pd.DataFrame({"year": [2026], "demand_class": ["a"], "priority": [1],
    ...     "demand_h100e": [10.0], "served_h100e": [9.0], "unmet_h100e": [1.0]})
    >>> supply_table(s, d, [2026]).values.tolist()
    [[2026.0, 10.0, 6.0, 3.0, 9.0, 1.0]]
    """
    from tigris.report.frames import supply_frame

    wide = supply_frame(supply, years)
    sources = [c for c in wide.columns if c != "demand_h100e"]
    unmet = demand.groupby("year")["unmet_h100e"].sum(min_count=1).reindex(wide.index)
    out = wide[["demand_h100e", *sources]].copy()
    out["served_h100e"] = wide[sources].sum(axis=1)
    out["unmet_h100e"] = unmet.astype(float)
    return out.reset_index()
