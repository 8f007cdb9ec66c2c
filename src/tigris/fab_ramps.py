"""Fab ramp times by region from tigris's own multi-fab table, ``data/fab_ramps.csv``.

No published study of fab ramp times (first wafer or start of volume production to full
capacity) across many fabs and regions was found (searched 2026-12: SEMI World Fab
Forecast notes, SIA/BCG 2020-2024, CSET 'No Permits, No Fabs' 2023 - construction only -,
Terwiesch and Bohn 2001 and Hatch and Mowery 1998 - yield learning, no fab durations).
So tigris compiles one row per fab from company statements and trade press, each with
its start and end milestone, the months between, whether the end was achieved or only
planned, and its sources; see ``docs/fab.md`` ("Ramp times by region").

``sites.csv``'s ``ramp_months`` is derived from that table by :func:`ramp_months_by_site`
and a test recomputes it: the median of the fabs in the site's region, rounded half up
to whole months (the plan's scenario months are whole), or the median over all fabs when
the region has fewer than :data:`MIN_FABS_PER_REGION` rows. A fab reported *not yet* at
full capacity (status ``not_reached``; its months a lower bound) is a right-censored
observation: it ranks above every fab that got there, which fixes the median without
knowing its true time as long as its bound is at least the median's upper middle value
(Kaplan and Meier 1958, the sample median under right censoring; see
:func:`censored_median`); a censored row whose bound is too short to say that is dropped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tigris.data import load_rows
from tigris.errors import TigrisError

__all__ = [
    "MIN_FABS_PER_REGION",
    "SITE_REGION",
    "STATUSES",
    "FabRamp",
    "censored_median",
    "fab_ramps",
    "months_between",
    "ramp_months_by_site",
    "regional_ramp_months",
]

#: Fewest fabs a region needs for its own median; below it the all-fab median is used.
#: Three is the smallest count whose median is not one fab's figure or the mean of two
#: (tigris convention, stated in docs/fab.md).
MIN_FABS_PER_REGION = 3

#: The ramp region of each shipped site (``sites.csv`` id -> ``fab_ramps.csv`` region).
#: Geography, not a fitted number: both US sites are ``usa``, Germany is ``europe``; the
#: UAE has no fab of its own in the table and none of a near neighbour, so it takes the
#: all-fab median (``None``). A site not listed here (a user's) does the same.
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

#: Values of the ``status`` column: the end milestone was reached (``achieved``), was
#: reported as reached by that date (``achieved_by``, an upper bound), or was a company
#: plan (``planned``) or an industry expectation (``expected``) when stated; or the fab
#: was reported still below full capacity at ``end`` (``not_reached``: months is a lower
#: bound, a right-censored observation).
STATUSES = ("achieved", "achieved_by", "planned", "expected", "not_reached")


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


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


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


def regional_ramp_months(
    ramps: Iterable[FabRamp] | None = None, min_fabs: int = MIN_FABS_PER_REGION
) -> dict[str | None, int]:
    """Median ramp months per region, and over all fabs under the key ``None`` [months].

    A region with fewer than ``min_fabs`` rows is given the all-fab median. Medians are
    :func:`censored_median` of the rows (``not_reached`` rows as lower bounds), rounded
    half up to whole months.

    Parameters
    ----------
    ramps : iterable of FabRamp, optional
        Rows to use; the shipped table by default.
    min_fabs : int
        Fewest rows a region needs for its own median.
    """
    rows = list(fab_ramps() if ramps is None else ramps)
    if not rows:
        msg = "fab_ramps: no rows to take a median of"
        raise TigrisError(msg)

    def median(sel: list[FabRamp]) -> int:
        done = [r.months for r in sel if r.status != "not_reached"]
        bounds = [r.months for r in sel if r.status == "not_reached"]
        return _round_half_up(censored_median(done, bounds))

    overall = median(rows)
    out: dict[str | None, int] = {None: overall}
    for region in sorted({r.region for r in rows}):
        sel = [r for r in rows if r.region == region]
        out[region] = median(sel) if len(sel) >= min_fabs else overall
    return out


def ramp_months_by_site(sites: Iterable[str] = tuple(SITE_REGION)) -> dict[str, int]:
    """``ramp_months`` for each site id, derived from ``fab_ramps.csv`` [months].

    Parameters
    ----------
    sites : iterable of str
        ``sites.csv`` ids; an id not in :data:`SITE_REGION`, or whose region has no row,
        gets the all-fab median.

    Examples
    --------
    >>> by_site = ramp_months_by_site()
    >>> by_site["arizona-usa"] == by_site["texas-usa"]
    True
    """
    table = regional_ramp_months()
    return {s: table.get(SITE_REGION.get(s), table[None]) for s in sites}
