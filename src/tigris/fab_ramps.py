"""Fab ramp times from tigris's own multi-fab table, ``data/fab_ramps.csv``: a cross-check.

No published study of fab ramp times (first wafer or start of volume production to full
capacity) across many fabs and regions was found (searched 2026-12: SEMI World Fab
Forecast notes, SIA/BCG 2020-2024, CSET 'No Permits, No Fabs' 2023 - construction only -,
Terwiesch and Bohn 2001 and Hatch and Mowery 1998 - yield learning, no fab durations).
So tigris compiles one row per fab from company statements and trade press, each with
its start and end milestone, the months between, whether the end was reached or only
planned, and its sources; see ``docs/fab.md`` ("Ramp times: the multi-fab table").

The table is evidence, not the source of ``sites.csv``'s ``ramp_months``: those stay the
single-fab leading-edge quotes their rows cite. The table is too small for regional
estimates (one to four fabs a region), half its rows are plans or expectations rather
than outcomes, and half are memory or power/SiC fabs whose ramps were paced by their
markets, not by how fast a leading-edge logic fab can be filled. :func:`ramp_summary`
reports pooled and per-region statistics with their counts and says where a region has
too few realised outcomes (fewer than :data:`MIN_OUTCOMES`) to estimate anything;
:func:`site_cross_check` sets each site's default beside the realised range and its
region's evidence. ``python -m tigris.fab_ramps`` prints both.

A fab reported *not yet* at full capacity (status ``not_reached``; its months a lower
bound) is a right-censored observation: it ranks above every fab that got there, which
fixes the median without knowing its true time as long as its bound is at least the
median's upper middle value (Kaplan and Meier 1958; see :func:`censored_median`); a
censored row whose bound is too short to say that is dropped.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tigris.data import load_rows
from tigris.errors import TigrisError

__all__ = [
    "MIN_OUTCOMES",
    "OUTCOME_STATUSES",
    "PLAN_STATUSES",
    "SITE_REGION",
    "STATUSES",
    "FabRamp",
    "RampStats",
    "SiteCheck",
    "censored_median",
    "fab_ramps",
    "main",
    "months_between",
    "ramp_summary",
    "site_cross_check",
]

#: Values of the ``status`` column: the end milestone was reached (``achieved``), was
#: reported as reached by that date (``achieved_by``, an upper bound), or was a company
#: plan (``planned``) or an industry expectation (``expected``) when stated; or the fab
#: was reported still below full capacity at ``end`` (``not_reached``: months is a lower
#: bound, a right-censored observation).
STATUSES = ("achieved", "achieved_by", "planned", "expected", "not_reached")

#: Statuses that record what happened (an outcome), not what was intended.
OUTCOME_STATUSES = ("achieved", "achieved_by", "not_reached")

#: Statuses that record an intention: a company plan or an industry expectation.
PLAN_STATUSES = ("planned", "expected")

#: Fewest realised outcomes a group needs before its median is reported as an estimate.
#: Three is the smallest count whose median is neither one fab's figure nor the mean of
#: two (tigris convention, stated in docs/fab.md); it is a floor, not a sufficiency.
MIN_OUTCOMES = 3

#: The ramp region of each shipped site (``sites.csv`` id -> ``fab_ramps.csv`` region),
#: for the cross-check only. Geography, not a fitted number: both US sites are ``usa``,
#: Germany is ``europe``; the UAE has no fab of its own in the table (``None``).
SITE_REGION: Mapping[str, str | None] = {
    "taiwan": "taiwan",
    "arizona-usa": "usa",
    "texas-usa": "usa",
    "japan": "japan",
    "germany": "europe",
    "south-korea": "south-korea",
    "china": "china",
    "uae": None,
}


@dataclass(frozen=True)
class FabRamp:
    """One row of ``fab_ramps.csv``.

    Attributes
    ----------
    fab_id, owner, fab, region, product : str
        Key, company, fab name and place, ramp region, what it makes.
    start, end : str
        Start and end milestone month, ``YYYY-MM``.
    months : int
        Months from ``start`` to ``end`` [months].
    status : str
        One of :data:`STATUSES`.
    source, as_of : str
        Where the dates come from, and when.
    """

    fab_id: str
    owner: str
    fab: str
    region: str
    product: str
    start: str
    end: str
    months: int
    status: str
    source: str
    as_of: str


def months_between(start: str, end: str) -> int:
    """Whole calendar months from ``start`` to ``end``, both ``YYYY-MM`` [months].

    Examples
    --------
    >>> months_between("2011-05", "2011-10")
    5
    >>> months_between("2019-09", "2021-12")
    27
    """
    try:
        y1, m1 = (int(x) for x in start.split("-"))
        y2, m2 = (int(x) for x in end.split("-"))
    except ValueError:
        msg = f"fab_ramps: start/end must be YYYY-MM, got {start!r} and {end!r}"
        raise TigrisError(msg) from None
    return (y2 - y1) * 12 + (m2 - m1)


def fab_ramps() -> list[FabRamp]:
    """The rows of ``data/fab_ramps.csv`` as :class:`FabRamp` (a fresh list)."""
    out = []
    for r in load_rows("fab_ramps"):
        if r["status"] not in STATUSES:
            msg = f"fab_ramps: {r['fab_id']}: status {r['status']!r} not in {STATUSES}"
            raise TigrisError(msg)
        out.append(
            FabRamp(
                fab_id=r["fab_id"],
                owner=r["owner"],
                fab=r["fab"],
                region=r["region"],
                product=r["product"],
                start=str(r["start"]),
                end=str(r["end"]),
                months=int(r["months"]),
                status=r["status"],
                source=r["source"],
                as_of=str(r["as_of"]),
            )
        )
    return out


def censored_median(done: Iterable[float], at_least: Iterable[float] = ()) -> float:
    """Median of durations some of which are only known to exceed a bound [months].

    ``done`` are completed durations; ``at_least`` are lower bounds of durations not yet
    complete (right-censored). A censored duration ranks above every completed one when
    its bound is at least the completed values the median is taken from, so the sample
    median is then fixed without its true value. With no censoring at or below the
    median, the Kaplan and Meier (1958) product-limit survival is the empirical one with
    censored units counted as survivors, so its median is this one (for an even count
    S(t) = 0.5 between the two middle values, whose midpoint is taken). Censored rows
    whose bound falls below that are dropped, shortest first, until the median is fixed.

    Parameters
    ----------
    done : iterable of float
        Completed durations [months].
    at_least : iterable of float
        Lower bounds of durations not yet complete [months].

    Returns
    -------
    float
        The median [months].

    References
    ----------
    Kaplan, E. L. and Meier, P. (1958), "Nonparametric estimation from incomplete
    observations", J. Am. Stat. Assoc. 53(282), 457-481, doi:10.1080/01621459.1958.10501452.

    Examples
    --------
    >>> censored_median([5, 7, 13], at_least=[32])  # (7 + 13) / 2
    10.0
    >>> censored_median([5, 7, 13], at_least=[6])  # the bound 6 cannot rank: dropped
    7.0
    """
    values = sorted(float(x) for x in done)
    bounds = sorted(float(x) for x in at_least)
    if not values:
        msg = "fab_ramps: no completed ramp to take a median of"
        raise TigrisError(msg)
    while True:
        n = len(values) + len(bounds)
        hi = n // 2  # upper middle index; censored rows sort after every value
        lo = (n - 1) // 2
        if hi < len(values) and (not bounds or bounds[0] >= values[hi]):
            return (values[lo] + values[hi]) / 2.0
        bounds.pop(0)


def _median_or_none(rows: list[FabRamp]) -> float | None:
    done = [r.months for r in rows if r.status != "not_reached"]
    bounds = [r.months for r in rows if r.status == "not_reached"]
    if not done:
        return None
    return censored_median(done, bounds)


@dataclass(frozen=True)
class RampStats:
    """Ramp statistics of one group of rows of ``fab_ramps.csv``.

    Attributes
    ----------
    group : str
        ``"all"``, ``"logic"`` (product starts with "logic"), ``"memory/power"`` (the
        rest), or a region of the table.
    n : int
        Rows in the group.
    outcomes : int
        Rows that record what happened (:data:`OUTCOME_STATUSES`).
    plans : int
        Rows that record a plan or an expectation (:data:`PLAN_STATUSES`).
    censored : int
        Rows still below full capacity at their end date (``not_reached``).
    median_all_months : float or None
        :func:`censored_median` over every row, plans at their stated dates [months];
        None if the group has no completed row.
    median_outcomes_months : float or None
        :func:`censored_median` over the outcomes only [months]; None when there are
        fewer than ``min_outcomes`` of them (too few to estimate).
    realised_min_months, realised_max_months : int or None
        Shortest and longest ramp that was reached (``achieved``/``achieved_by``)
        [months]; None if none was.
    """

    group: str
    n: int
    outcomes: int
    plans: int
    censored: int
    median_all_months: float | None
    median_outcomes_months: float | None
    realised_min_months: int | None
    realised_max_months: int | None

    @property
    def estimable(self) -> bool:
        """Whether the group has enough realised outcomes for a median to be reported."""
        return self.median_outcomes_months is not None


def _stats(group: str, rows: list[FabRamp], min_outcomes: int) -> RampStats:
    outcomes = [r for r in rows if r.status in OUTCOME_STATUSES]
    reached = [r.months for r in outcomes if r.status != "not_reached"]
    return RampStats(
        group=group,
        n=len(rows),
        outcomes=len(outcomes),
        plans=sum(r.status in PLAN_STATUSES for r in rows),
        censored=sum(r.status == "not_reached" for r in rows),
        median_all_months=_median_or_none(rows),
        median_outcomes_months=(
            _median_or_none(outcomes) if len(outcomes) >= min_outcomes else None
        ),
        realised_min_months=min(reached) if reached else None,
        realised_max_months=max(reached) if reached else None,
    )


def ramp_summary(
    ramps: Iterable[FabRamp] | None = None, min_outcomes: int = MIN_OUTCOMES
) -> list[RampStats]:
    """Pooled and per-region ramp statistics with their counts.

    The groups are, in order: all rows, logic fabs, memory and power fabs, then each
    region of the table alphabetically. A group's median of outcomes is None when it has
    fewer than ``min_outcomes`` realised outcomes: too few to estimate.

    Parameters
    ----------
    ramps : iterable of FabRamp, optional
        Rows to use; the shipped table by default.
    min_outcomes : int
        Fewest outcomes a group needs for its median of outcomes.

    Returns
    -------
    list of RampStats
        One per group.

    Examples
    --------
    >>> [s.group for s in ramp_summary()][:3]
    ['all', 'logic', 'memory/power']
    """
    rows = list(fab_ramps() if ramps is None else ramps)
    if not rows:
        msg = "fab_ramps: no rows to summarise"
        raise TigrisError(msg)
    logic = [r for r in rows if r.product.lower().startswith("logic")]
    other = [r for r in rows if not r.product.lower().startswith("logic")]
    out = [
        _stats("all", rows, min_outcomes),
        _stats("logic", logic, min_outcomes),
        _stats("memory/power", other, min_outcomes),
    ]
    for region in sorted({r.region for r in rows}):
        out.append(_stats(region, [r for r in rows if r.region == region], min_outcomes))
    return out


@dataclass(frozen=True)
class SiteCheck:
    """One site's default ramp set beside the multi-fab table.

    Attributes
    ----------
    site : str
        ``sites.csv`` id.
    ramp_months : float
        The site's default ramp [months].
    region : str or None
        Its region in the table (:data:`SITE_REGION`); None if it has none.
    region_outcomes : int
        Realised outcomes of that region in the table.
    region_median_outcomes_months : float or None
        The region's median of outcomes [months]; None when too few to estimate.
    within_realised : bool
        Whether ``ramp_months`` lies within the shortest to longest ramp reached by any
        fab of the table (:attr:`RampStats.realised_min_months` .. ``max`` of "all").
    """

    site: str
    ramp_months: float
    region: str | None
    region_outcomes: int
    region_median_outcomes_months: float | None
    within_realised: bool


def site_cross_check(
    ramps: Iterable[FabRamp] | None = None, min_outcomes: int = MIN_OUTCOMES
) -> list[SiteCheck]:
    """Each shipped site's ``ramp_months`` against the multi-fab table.

    Parameters
    ----------
    ramps : iterable of FabRamp, optional
        Rows to use; the shipped table by default.
    min_outcomes : int
        Fewest outcomes a region needs for its median of outcomes.

    Returns
    -------
    list of SiteCheck
        One per row of ``sites.csv``, in its order.
    """
    summary = {s.group: s for s in ramp_summary(ramps, min_outcomes)}
    pooled = summary["all"]
    lo, hi = pooled.realised_min_months, pooled.realised_max_months
    out = []
    for row in load_rows("sites"):
        site = str(row["site"])
        months = float(row["ramp_months"])
        region = SITE_REGION.get(site)
        stats = summary.get(region) if region else None
        out.append(
            SiteCheck(
                site=site,
                ramp_months=months,
                region=region,
                region_outcomes=stats.outcomes if stats else 0,
                region_median_outcomes_months=stats.median_outcomes_months if stats else None,
                within_realised=lo is not None and hi is not None and lo <= months <= hi,
            )
        )
    return out


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:g}"


def to_markdown(
    summary: Iterable[RampStats], checks: Iterable[SiteCheck], min_outcomes: int = MIN_OUTCOMES
) -> str:
    """The summary and the site cross-check as two Markdown tables."""
    lines = [
        "| group | fabs | outcomes | plans | censored | median, all rows | median, outcomes "
        "| reached, min-max |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in summary:
        med = (
            _fmt(s.median_outcomes_months)
            if s.estimable
            else f"too few outcomes ({s.outcomes} < {min_outcomes})"
        )
        span = (
            "-"
            if s.realised_min_months is None
            else f"{s.realised_min_months}-{s.realised_max_months}"
        )
        lines.append(
            f"| {s.group} | {s.n} | {s.outcomes} | {s.plans} | {s.censored} "
            f"| {_fmt(s.median_all_months)} | {med} | {span} |"
        )
    lines += [
        "",
        "| site | ramp_months (default) | region | region outcomes | region median, outcomes "
        "| within reached range |",
        "|---|---|---|---|---|---|",
    ]
    for c in checks:
        if c.region is None:
            med = "no fab of its region in the table"
        elif c.region_median_outcomes_months is None:
            med = "too few to estimate"
        else:
            med = _fmt(c.region_median_outcomes_months)
        lines.append(
            f"| {c.site} | {_fmt(c.ramp_months)} | {c.region or '-'} | {c.region_outcomes} "
            f"| {med} | {'yes' if c.within_realised else 'NO'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m tigris.fab_ramps``: print the ramp summary and the site cross-check."""
    parser = argparse.ArgumentParser(
        prog="python -m tigris.fab_ramps",
        description=(
            "Ramp statistics of data/fab_ramps.csv (pooled and by region, with counts) "
            "and each site's default ramp_months beside them. A cross-check: the table "
            "does not set the defaults."
        ),
    )
    parser.add_argument(
        "--min-outcomes",
        type=int,
        default=MIN_OUTCOMES,
        help=f"fewest realised outcomes for a group median (default {MIN_OUTCOMES})",
    )
    args = parser.parse_args(argv)
    try:
        if args.min_outcomes < 1:
            msg = f"--min-outcomes: must be at least 1, got {args.min_outcomes}"
            raise TigrisError(msg)
        summary = ramp_summary(min_outcomes=args.min_outcomes)
        checks = site_cross_check(min_outcomes=args.min_outcomes)
    except TigrisError as exc:
        sys.stderr.write(f"tigris.fab_ramps: {exc}\n")
        return 2
    sys.stdout.write(to_markdown(summary, checks, args.min_outcomes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
