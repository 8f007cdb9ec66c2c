"""Fab ramp times from tigris's own multi-fab table, ``data/fab_ramps.csv``: a cross-check.

No published study of fab ramp times (first wafer or start of volume production to full
capacity) across many fabs and regions was found (searched 2026-12: SEMI World Fab
Forecast notes, SIA/BCG 2020-2024, CSET 'No Permits, No Fabs' 2023 - construction only -,
Terwiesch and Bohn 2001 and Hatch and Mowery 1998 - yield learning, no fab durations).
So tigris compiles one row per fab from company statements and trade press, each with
its start and end milestone, the months between, whether the end was reached or only
planned, and its sources; see ``docs/fab.md`` ("Ramp times: the multi-fab table").

The table is evidence put through a decision rule written down before its numbers were
computed (docs/fab.md, "Ramp defaults: the decision rule"; 256ca01): only outcomes count,
only leading-edge logic sets a default, and nothing moves with fewer than
:data:`MIN_POOLED_OUTCOMES` such outcomes. With two in the table, ``sites.csv``'s
``ramp_months`` stay the single-fab quotes their rows cite. :func:`ramp_summary` reports
counts and medians, :func:`ramp_estimates` the censored median with a 90% bootstrap
interval pooled, by kind and by region, :func:`decide_ramp_defaults` what the rule does to
each site, and :func:`site_cross_check` sets each site's default beside the table.
``python -m tigris.fab_ramps`` prints all of them.

A fab reported *not yet* at full capacity (status ``not_reached``; its months a lower
bound) is a right-censored observation: it ranks above every fab that got there, which
fixes the median without knowing its true time as long as its bound is at least the
median's upper middle value (Kaplan and Meier 1958; see :func:`censored_median`); a
censored row whose bound is too short to say that is dropped.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from tigris.data import load_rows
from tigris.errors import TigrisError

__all__ = [
    "CONFIDENCE",
    "DEFAULT_KIND",
    "KINDS",
    "MIN_OUTCOMES",
    "MIN_POOLED_OUTCOMES",
    "MIN_REGION_OUTCOMES",
    "N_BOOT",
    "OUTCOME_STATUSES",
    "PLAN_STATUSES",
    "REGIONS",
    "SEED",
    "SITE_REGION",
    "STATUSES",
    "FabRamp",
    "RampDecision",
    "RampEstimate",
    "RampStats",
    "SiteCheck",
    "bootstrap_interval",
    "censored_median",
    "decide_ramp_defaults",
    "fab_ramps",
    "main",
    "months_between",
    "ramp_estimates",
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

#: Values of the ``kind`` column. ``logic-leading``: a logic node within one full
#: generation of the most advanced node in volume production anywhere at the start
#: milestone (e.g. N4 in late 2024, N3 then in volume; 45 nm in 2011, 32 nm then in
#: volume); ``logic-mature``: other logic and specialty foundry nodes; ``memory``: DRAM
#: and NAND; ``power``: power, SiC and analog fabs. The classification is stated and
#: argued in each row's source (docs/fab.md, "Ramp defaults: the decision rule").
KINDS = ("logic-leading", "logic-mature", "memory", "power")

#: The kind whose ramps set a default: the plan builds leading-edge logic fabs.
DEFAULT_KIND = "logic-leading"

#: Decision rule for ``sites.csv``'s ``ramp_months`` (docs/fab.md, committed in 256ca01
#: before the extended table's numbers were computed): fewest pooled leading-edge logic
#: outcomes for any default to change, fewest in a region for a region's own default.
MIN_POOLED_OUTCOMES = 8
MIN_REGION_OUTCOMES = 5

#: Bootstrap settings of the rule: a 90% percentile interval from 2,000 resamples of the
#: fabs with replacement, seed 13 (Efron and Tibshirani 1993, ch. 13; tigris convention).
CONFIDENCE = 0.90
N_BOOT = 2000
SEED = 13

#: Fewest realised outcomes a group needs before its median is reported as an estimate.
#: Three is the smallest count whose median is neither one fab's figure nor the mean of
#: two (tigris convention, stated in docs/fab.md); it is a floor, not a sufficiency.
MIN_OUTCOMES = 3

#: The ramp region of each shipped site (``sites.csv`` id -> ``fab_ramps.csv`` region),
#: for the cross-check only. Geography, not a fitted number: both US sites are ``usa``,
#: Germany is ``europe``; the UAE, India and Singapore have no fab of their own in the
#: table (``None``).
SITE_REGION: Mapping[str, str | None] = {
    "taiwan": "taiwan",
    "arizona-usa": "usa",
    "texas-usa": "usa",
    "japan": "japan",
    "germany": "europe",
    "south-korea": "south-korea",
    "china": "china",
    "uae": None,
    "india-gujarat": None,
    "singapore": None,
}

#: Values of the ``region`` column: the regions the shipped sites map to
#: (:data:`SITE_REGION`). A row in any other region (a typo such as ``tiawan``) would
#: silently form a group of its own and leave its true region's estimate, so it is refused.
REGIONS = tuple(sorted({v for v in SITE_REGION.values() if v is not None}))


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
    kind : str
        One of :data:`KINDS`: leading-edge logic, mature logic, memory or power.
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
    kind: str


def months_between(start: str, end: str) -> int:
    """Whole calendar months from ``start`` to ``end``, both ``YYYY-MM`` [months].

    ``12 · (y_end − y_start) + (m_end − m_start)``: milestones dated to the month, as
    ``data/fab_ramps.csv`` gives them, are counted from month to month.

    Parameters
    ----------
    start, end : str
        Calendar months, ``YYYY-MM`` (a ``data/fab_ramps.csv`` milestone).

    Returns
    -------
    int
        Months from ``start`` to ``end``, negative if ``end`` is earlier [months].

    Raises
    ------
    TigrisError
        Either is not ``YYYY-MM`` with a month 1–12.

    References
    ----------
    ``docs/fab.md``, "Data" (``data/fab_ramps.csv``: months between the start and end
    milestones).

    Examples
    --------
    >>> months_between("2011-05", "2011-10")
    5
    >>> months_between("2019-09", "2021-12")
    27
    """
    msg = f"fab_ramps: start/end must be YYYY-MM, got {start!r} and {end!r}"
    try:
        y1, m1 = (int(x) for x in start.split("-"))
        y2, m2 = (int(x) for x in end.split("-"))
    except ValueError:
        raise TigrisError(msg) from None
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        raise TigrisError(msg)
    return (y2 - y1) * 12 + (m2 - m1)


def _check_row(r: Mapping[str, object], line: int) -> FabRamp:
    """One CSV row as a :class:`FabRamp`, or a one-line :class:`TigrisError` naming the field."""
    raw_id = r.get("fab_id")
    key = "" if raw_id is None or raw_id != raw_id else str(raw_id).strip()  # nan != nan
    key = key or f"line {line}"
    where = f"fab_ramps.csv line {line} ({key})"

    def text(field: str) -> str:
        v = r.get(field)
        if v is None or (isinstance(v, float) and v != v) or not str(v).strip():
            msg = f"{where}: {field} is empty"
            raise TigrisError(msg)
        return str(v).strip()

    text("fab_id")
    status, kind = text("status"), text("kind")
    if status not in STATUSES:
        msg = f"{where}: status {status!r} not in {STATUSES}"
        raise TigrisError(msg)
    if kind not in KINDS:
        msg = f"{where}: kind {kind!r} not in {KINDS}"
        raise TigrisError(msg)
    region = text("region")
    if region not in REGIONS:
        msg = f"{where}: region {region!r} not in {REGIONS}"
        raise TigrisError(msg)
    start, end = text("start"), text("end")
    try:
        value = float(text("months"))
    except ValueError:
        value = math.nan
    if not value.is_integer():  # also nan and inf
        msg = f"{where}: months must be a whole number, got {r.get('months')!r}"
        raise TigrisError(msg)
    months = int(value)
    try:
        span = months_between(start, end)
    except TigrisError:
        msg = f"{where}: start/end must be YYYY-MM, got {start!r} and {end!r}"
        raise TigrisError(msg) from None
    if months <= 0:
        msg = f"{where}: months must be positive, got {months}"
        raise TigrisError(msg)
    if months != span:
        msg = f"{where}: months {months} does not match start {start} to end {end} ({span})"
        raise TigrisError(msg)
    return FabRamp(
        fab_id=key,
        owner=text("owner"),
        fab=text("fab"),
        region=region,
        product=text("product"),
        start=start,
        end=end,
        months=months,
        status=status,
        source=text("source"),
        as_of=text("as_of"),
        kind=kind,
    )


def fab_ramps(rows: Iterable[Mapping[str, object]] | None = None) -> list[FabRamp]:
    """The rows of ``data/fab_ramps.csv`` as :class:`FabRamp` (a fresh list), checked.

    Every row needs a non-empty ``fab_id`` that no earlier row has, a known ``status``,
    ``kind`` and ``region`` (:data:`REGIONS`), positive ``months`` equal to the calendar
    months from ``start`` to ``end``, and a non-empty ``source`` and ``as_of``; the first
    bad row raises :class:`~tigris.errors.TigrisError` with one line naming its field.

    Parameters
    ----------
    rows : iterable of mapping, optional
        Raw rows (column -> cell) to check instead of the shipped table.

    Returns
    -------
    list of FabRamp
        One per row, in the table's order.

    Raises
    ------
    TigrisError
        The first bad row, with its line (the header is line 1) and field.
    """
    raw = load_rows("fab_ramps") if rows is None else rows
    out: list[FabRamp] = []
    seen: set[str] = set()
    for i, r in enumerate(raw):
        ramp = _check_row(r, i + 2)  # line 1 is the header
        if ramp.fab_id in seen:
            msg = f"fab_ramps.csv line {i + 2} ({ramp.fab_id}): fab_id repeats an earlier row"
            raise TigrisError(msg)
        seen.add(ramp.fab_id)
        out.append(ramp)
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
        ``"all"``, a kind of :data:`KINDS`, or a region of the table.
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

    The groups are, in order: all rows, each kind of :data:`KINDS` present, then each
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
    >>> [s.group for s in ramp_summary()][:5]
    ['all', 'logic-leading', 'logic-mature', 'memory', 'power']
    """
    rows = list(fab_ramps() if ramps is None else ramps)
    if not rows:
        msg = "fab_ramps: no rows to summarise"
        raise TigrisError(msg)
    out = [_stats("all", rows, min_outcomes)]
    for kind in KINDS:
        group = [r for r in rows if r.kind == kind]
        if group:
            out.append(_stats(kind, group, min_outcomes))
    for region in sorted({r.region for r in rows}):
        out.append(_stats(region, [r for r in rows if r.region == region], min_outcomes))
    return out


def bootstrap_interval(
    done: Iterable[float],
    at_least: Iterable[float] = (),
    confidence: float = CONFIDENCE,
    n_boot: int = N_BOOT,
    rng: np.random.Generator | None = None,
) -> tuple[float, float]:
    """Percentile bootstrap interval of :func:`censored_median` [months].

    The fabs (completed and censored together) are resampled with replacement, the
    censored median is taken of each resample, and the interval is the
    ``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` quantiles of those medians
    (the inverse of their empirical distribution, so each end is an attained median). A
    resample with no completed ramp has no median and is redrawn.

    Parameters
    ----------
    done : iterable of float
        Completed durations [months].
    at_least : iterable of float
        Lower bounds of durations not yet complete (right-censored) [months].
    confidence : float
        Coverage of the interval, in (0, 1).
    n_boot : int
        Number of resamples with a median.
    rng : numpy.random.Generator, optional
        Random generator; ``numpy.random.default_rng(SEED)`` if not given.

    Returns
    -------
    tuple of float
        Lower and upper end [months].

    References
    ----------
    Efron, B. and Tibshirani, R. J. (1993), *An Introduction to the Bootstrap*, Chapman
    and Hall, ch. 13 (percentile intervals). Kaplan and Meier (1958), as in
    :func:`censored_median`.

    Examples
    --------
    >>> bootstrap_interval([12, 12, 12])
    (12.0, 12.0)
    """
    values = [(float(x), False) for x in done] + [(float(x), True) for x in at_least]
    if not any(not c for _, c in values):
        msg = "fab_ramps: no completed ramp to take a median of"
        raise TigrisError(msg)
    if not 0.0 < confidence < 1.0 or n_boot < 1:
        msg = f"fab_ramps: confidence must be in (0, 1) and n_boot >= 1, got {confidence}, {n_boot}"
        raise TigrisError(msg)
    gen = np.random.default_rng(SEED) if rng is None else rng
    n = len(values)
    meds: list[float] = []
    while len(meds) < n_boot:
        pick = [values[i] for i in gen.integers(0, n, size=n)]
        d = [v for v, c in pick if not c]
        if d:
            meds.append(censored_median(d, [v for v, c in pick if c]))
    tail = (1.0 - confidence) / 2.0
    lo, hi = np.quantile(np.asarray(meds), [tail, 1.0 - tail], method="inverted_cdf")
    return float(lo), float(hi)


@dataclass(frozen=True)
class RampEstimate:
    """A group's ramp time from its outcomes, with a bootstrap interval.

    Attributes
    ----------
    group : str
        ``"all"``, a kind, a region, or ``"<region> / <kind>"``.
    outcomes : int
        Outcome rows in the group (:data:`OUTCOME_STATUSES`); plans are not counted.
    censored : int
        Of which still below full capacity (``not_reached``).
    median_months : float or None
        :func:`censored_median` of the outcomes [months]; None when fewer than
        ``min_outcomes`` outcomes (too few to estimate).
    lo_months, hi_months : float or None
        :func:`bootstrap_interval` of the outcomes [months]; None as above.
    """

    group: str
    outcomes: int
    censored: int
    median_months: float | None
    lo_months: float | None
    hi_months: float | None

    @property
    def estimable(self) -> bool:
        """Whether the group had enough outcomes for an estimate."""
        return self.median_months is not None


def _estimate(
    group: str, rows: list[FabRamp], min_outcomes: int, n_boot: int, seed: int
) -> RampEstimate:
    outcomes = [r for r in rows if r.status in OUTCOME_STATUSES]
    done = [float(r.months) for r in outcomes if r.status != "not_reached"]
    bounds = [float(r.months) for r in outcomes if r.status == "not_reached"]
    censored = len(bounds)
    if len(outcomes) < min_outcomes or not done:
        return RampEstimate(group, len(outcomes), censored, None, None, None)
    lo, hi = bootstrap_interval(done, bounds, CONFIDENCE, n_boot, np.random.default_rng(seed))
    return RampEstimate(group, len(outcomes), censored, censored_median(done, bounds), lo, hi)


def ramp_estimates(
    ramps: Iterable[FabRamp] | None = None,
    min_outcomes: int = MIN_OUTCOMES,
    n_boot: int = N_BOOT,
    seed: int = SEED,
) -> list[RampEstimate]:
    """Ramp time with a 90% bootstrap interval: pooled, by kind, by region, by both.

    Only outcomes count (achieved, achieved by a date, or still short at a date as a
    right-censored bound); plans and expectations are not evidence. Groups, in order:
    ``"all"``, each kind present, each region, then ``"<region> / logic-leading"`` for
    each region with a leading-edge logic row. Each group's bootstrap uses its own
    generator seeded with ``seed``, so a group's interval does not depend on the others.

    Parameters
    ----------
    ramps : iterable of FabRamp, optional
        Rows to use; the shipped table by default.
    min_outcomes : int
        Fewest outcomes a group needs for an estimate.
    n_boot : int
        Bootstrap resamples per group.
    seed : int
        Seed of each group's generator.

    Returns
    -------
    list of RampEstimate
        One per group.
    """
    rows = list(fab_ramps() if ramps is None else ramps)
    groups: list[tuple[str, list[FabRamp]]] = [("all", rows)]
    groups += [(k, [r for r in rows if r.kind == k]) for k in KINDS]
    regions = sorted({r.region for r in rows})
    groups += [(g, [r for r in rows if r.region == g]) for g in regions]
    groups += [
        (f"{g} / {DEFAULT_KIND}", [r for r in rows if r.region == g and r.kind == DEFAULT_KIND])
        for g in regions
    ]
    return [_estimate(g, rs, min_outcomes, n_boot, seed) for g, rs in groups if rs]


def _whole(months: float) -> float:
    """Months rounded half up to whole months, as the plan's scenario months are."""
    return float(math.floor(months + 0.5))


@dataclass(frozen=True)
class RampDecision:
    """What the decision rule does to one site's ``ramp_months``.

    Attributes
    ----------
    site : str
        ``sites.csv`` id.
    current_months : float
        Its shipped default [months].
    new_months : float
        The default the rule gives [months]; equal to ``current_months`` when kept.
    action : str
        ``"keep"``, ``"pooled"`` or ``"region"``.
    reason : str
        Which step of the rule decided, with the numbers.
    """

    site: str
    current_months: float
    new_months: float
    action: str
    reason: str


def decide_ramp_defaults(
    ramps: Iterable[FabRamp] | None = None,
    sites: Iterable[Mapping[str, object]] | None = None,
    n_boot: int = N_BOOT,
    seed: int = SEED,
) -> list[RampDecision]:
    """Apply the decision rule of docs/fab.md to each site's ``ramp_months``.

    1. Evidence is leading-edge logic outcomes (:data:`DEFAULT_KIND`). 2. Censored median
    and 90% bootstrap interval. 3. With fewer than :data:`MIN_POOLED_OUTCOMES` pooled, no
    default changes; else the pooled estimate P [L, U] is the evidence for every site
    whose region has such an outcome. 4. A region with at least
    :data:`MIN_REGION_OUTCOMES` whose interval excludes P gets its median, rounded. 5. Else
    a site keeps its default when within [L, U], takes P rounded when not; a site whose
    region has no leading-edge logic outcome keeps its assumption.

    Parameters
    ----------
    ramps : iterable of FabRamp, optional
        Rows to use; the shipped table by default.
    sites : iterable of mapping, optional
        ``sites.csv`` rows (``site``, ``ramp_months``); the shipped table by default.
    n_boot, seed : int
        Bootstrap resamples and seed (the rule fixes 2,000 and 13).

    Returns
    -------
    list of RampDecision
        One per site, in order.
    """
    rows = [r for r in (fab_ramps() if ramps is None else ramps) if r.kind == DEFAULT_KIND]
    site_rows = list(load_rows("sites") if sites is None else sites)
    pooled = _estimate("all", rows, 1, n_boot, seed)
    out: list[RampDecision] = []
    for row in site_rows:
        site, months = str(row["site"]), float(row["ramp_months"])  # type: ignore[arg-type]
        region = SITE_REGION.get(site)
        mine = [r for r in rows if r.region == region] if region else []
        n_mine = sum(r.status in OUTCOME_STATUSES for r in mine)
        if pooled.outcomes < MIN_POOLED_OUTCOMES or pooled.median_months is None:
            why = (
                f"step 3: {pooled.outcomes} pooled leading-edge logic outcomes "
                f"< {MIN_POOLED_OUTCOMES}; no default changes"
            )
            out.append(RampDecision(site, months, months, "keep", why))
            continue
        p = pooled.median_months
        lo = p if pooled.lo_months is None else pooled.lo_months
        hi = p if pooled.hi_months is None else pooled.hi_months
        if n_mine == 0:
            why = f"step 5: region {region or '-'} has no leading-edge logic outcome; kept"
            out.append(RampDecision(site, months, months, "keep", why))
            continue
        reg = _estimate(str(region), mine, 1, n_boot, seed)
        if (
            n_mine >= MIN_REGION_OUTCOMES
            and reg.median_months is not None
            and reg.lo_months is not None
            and reg.hi_months is not None
            and (reg.hi_months < p or reg.lo_months > p)
        ):
            new = _whole(reg.median_months)
            why = (
                f"step 4: {region} median {reg.median_months:g} "
                f"[{reg.lo_months:g}, {reg.hi_months:g}] excludes pooled {p:g}"
            )
            out.append(RampDecision(site, months, new, "region", why))
        elif lo <= months <= hi:
            why = f"step 5: default within pooled interval [{lo:g}, {hi:g}]; kept"
            out.append(RampDecision(site, months, months, "keep", why))
        else:
            why = f"step 5: default outside pooled interval [{lo:g}, {hi:g}]; pooled {p:g}"
            out.append(RampDecision(site, months, _whole(p), "pooled", why))
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
    """The summary and the site cross-check as two Markdown tables.

    Parameters
    ----------
    summary : iterable of RampStats
        The ramp statistics by group (:func:`ramp_summary`).
    checks : iterable of SiteCheck
        Each site's default ``ramp_months`` beside its region (:func:`site_cross_check`).
    min_outcomes : int, optional
        The fewest outcomes a group median needs, as the summary was made with (named in
        the table's "too few outcomes" cells).

    Returns
    -------
    str
        The two tables (months as numbers), a blank line between them, ending in a
        newline.
    """
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
    """``python -m tigris.fab_ramps``: print the ramp summary and the site cross-check.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program's name; None reads ``sys.argv``.

    Returns
    -------
    int
        The exit code: 0, or 2 when ``--min-outcomes`` is below 1 or the table is bad
        (the reason written on standard error).
    """
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
        estimates = ramp_estimates(min_outcomes=args.min_outcomes)
        decisions = decide_ramp_defaults()
    except TigrisError as exc:
        sys.stderr.write(f"tigris.fab_ramps: {exc}\n")
        return 2
    sys.stdout.write(to_markdown(summary, checks, args.min_outcomes))
    sys.stdout.write("\n" + estimates_markdown(estimates, decisions))
    return 0


def estimates_markdown(estimates: Iterable[RampEstimate], decisions: Iterable[RampDecision]) -> str:
    """The estimates with their intervals and the rule's decisions as two Markdown tables.

    Parameters
    ----------
    estimates : iterable of RampEstimate
        The median ramp by group with its interval (:func:`ramp_estimates`).
    decisions : iterable of RampDecision
        The rule's decision for each site's default (:func:`decide_ramp_defaults`).

    Returns
    -------
    str
        The two tables (months as numbers; the interval at :data:`CONFIDENCE`, 90 %), a
        blank line between them, ending in a newline.
    """
    pct = f"{CONFIDENCE:.0%}"
    lines = [
        f"| group | outcomes | censored | median, months | {pct} interval, months |",
        "|---|---|---|---|---|",
    ]
    for e in estimates:
        if e.estimable:
            med, ci = _fmt(e.median_months), f"{_fmt(e.lo_months)}-{_fmt(e.hi_months)}"
        else:
            med, ci = "too few", "-"
        lines.append(f"| {e.group} | {e.outcomes} | {e.censored} | {med} | {ci} |")
    lines += ["", "| site | ramp_months now | rule gives | action | why |", "|---|---|---|---|---|"]
    for d in decisions:
        lines.append(
            f"| {d.site} | {_fmt(d.current_months)} | {_fmt(d.new_months)} | {d.action} "
            f"| {d.reason} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
