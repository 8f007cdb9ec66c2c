"""Warnings and notes on demand given as workloads (user test UT-HYPER, 2026-12-04,
#1, #2 and #5; docs/plan.md, "Demand from workloads").

A workload's year maps (``runs_by_year``, ``tokens_per_day_by_year``) are year series
like every other: interpolated between the years given and held flat before the first
and after the last (after it, grown at ``growth_per_year`` when given;
:func:`tigris.scenario.series.series`). For a count of runs that is rarely what was
meant: ``runs_by_year: {2028: 1}`` is a run in every planning year. And the accelerator
a workload names only converts its work to H100e (and sets its class life): the demand
is served by the products made each year, whether or not they include that part.
Two warnings follow, each one line, as the others of :mod:`tigris.scenario.advice`:

- :func:`workload_held_flat`: a workload map given for fewer years than the horizon,
  whose first or last value is not zero: the years so held, and the map that says
  zero there.
- :func:`workload_part_not_made`: a named accelerator that the products (``products:
  roadmap``: data/roadmap.csv's ship years; else the scenario's own list) do not make
  in some year the workload puts demand in, or never (said once a part).

:func:`training_note` is the plan's note on a training run: the share of its cluster
the plan counts (``n x d / 365.25`` accelerators in service a year).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from tigris.scenario.checks_headroom import year_ranges
from tigris.units import DAYS_PER_YEAR

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts
    from tigris.scenario.schema import Workload

__all__ = ["held_flat_years", "training_note", "workload_held_flat", "workload_part_not_made"]

#: Where the rules of workload demand are written.
_DOC = "docs/plan.md, 'Demand from workloads'"


def held_flat_years(
    given: Mapping[int, float], years: np.ndarray, growth: float | None
) -> tuple[list[int], list[int]]:
    """Planning years a year map holds flat at a non-zero value: before its first given
    year and, without ``growth``, after its last [year].

    Parameters
    ----------
    given : mapping of year to value
        The map as written [any unit].
    years : array of int
        Planning years [year].
    growth : float or None
        ``growth_per_year``: years after the last grow instead [1/year].

    Returns
    -------
    (list of int, list of int)
        The years held before the first given year and after the last.

    Examples
    --------
    >>> held_flat_years({2028: 1.0}, np.arange(2026, 2031), None)
    ([2026, 2027], [2029, 2030])
    >>> held_flat_years({2027: 0.0, 2028: 1.0}, np.arange(2026, 2031), 0.5)
    ([], [])
    """
    if not given:
        return [], []
    first, last = min(given), max(given)
    before = [int(y) for y in years if y < first] if given[first] != 0 else []
    after = [int(y) for y in years if y > last] if given[last] != 0 and growth is None else []
    return before, after


def _yaml_number(x: float) -> str:
    """A number as a scenario file would take it: ``1``, ``0.5``, ``5.0e+11`` (YAML
    reads ``5e+11``, without a point, as text)."""
    if float(x).is_integer() and abs(x) < 1e6:
        return str(int(x))
    text = f"{x:.6g}"
    if "e" in text and "." not in text.split("e")[0]:
        mant, exp = text.split("e")
        text = f"{mant}.0e{exp}"
    return text


def _yaml_map(values: Mapping[int, float]) -> str:
    return "{" + ", ".join(f"{y}: {_yaml_number(v)}" for y, v in sorted(values.items())) + "}"


#: A workload map's field -> what one of its values counts (one, several).
_WHAT = {
    "runs_by_year": ("run a year", "runs a year"),
    "tokens_per_day_by_year": ("tokens a day", "tokens a day"),
}


def _held(years: list[int], value: float, what: tuple[str, str], at: int) -> str:
    """``2026–2027 at 1 run a year (the value of 2028)``."""
    word = what[0] if value == 1 else what[1]
    return f"{year_ranges(years)} at {_yaml_number(value)} {word} (the value of {at})"


def workload_held_flat(parts: Parts) -> Found:
    """A workload's ``runs_by_year`` or ``tokens_per_day_by_year`` that holds planning
    years flat at a non-zero value (docs/plan.md, "Demand from workloads"): one line a
    map, naming the years, the value they take and the map with zeros around it.

    Parameters
    ----------
    parts : Parts
        The scenario's accepted sections.

    Returns
    -------
    list of (location, message)
        Located at ``demand.<c>.workloads.<j>.<field>``.
    """
    years = parts.years
    if not len(years):
        return []
    out: Found = []
    for c, d in parts.demand:
        for j, w in enumerate(d.workloads or []):
            for field, what in _WHAT.items():
                given = getattr(w, field)
                if not given:
                    continue
                given = {int(y): float(v) for y, v in given.items()}
                before, after = held_flat_years(given, years, w.growth_per_year)
                if not before and not after:
                    continue
                first, last = min(given), max(given)
                held = []
                zeros = dict(given)
                if before:
                    held.append(_held(before, given[first], what, first))
                    zeros[first - 1] = 0.0
                if after:
                    held.append(_held(after, given[last], what, last))
                    zeros[last + 1] = 0.0
                msg = (
                    f"given for {year_ranges(sorted(given))} only, this holds "
                    f"{' and '.join(held)}: a year map is held flat before its first and "
                    f"after its last year ({_DOC}); if those years have none, write the "
                    f"zeros: {_yaml_map(zeros)}"
                )
                out.append((("demand", c, "workloads", j, field), msg))
    return out


def _demand_years(w: Workload, years: np.ndarray) -> list[int]:
    """Planning years in which a workload keeps accelerators busy (runs or tokens > 0)
    [year], from its maps as :func:`tigris.scenario.series.workload_fleet_h100e` reads
    them."""
    from tigris.scenario.series import series

    if w.train is not None:
        load = series(w.runs_by_year or {}, years, w.growth_per_year)
    elif w.tokens_per_day_by_year is not None:
        load = series(w.tokens_per_day_by_year, years, w.growth_per_year)
    elif w.tokens_per_day:
        load = series({int(years[0]): w.tokens_per_day}, years, w.growth_per_year)
    else:
        return []
    return [int(y) for y, x in zip(years, load, strict=True) if x > 0]


def _ship_years(parts: Parts) -> tuple[dict[str, tuple[int | None, int | None]], str] | None:
    """Catalog name -> (first, last) ship year of every part the scenario's products
    make (``None``: no bound), and what the products are, or ``None`` when unknown."""
    from tigris.catalog import get_accelerator
    from tigris.errors import InputError

    ships: dict[str, tuple[int | None, int | None]] = {}
    if parts.roadmap:
        from tigris.world.roadmap import roadmap_rows  # no pandas: load_scenario's path

        for row in roadmap_rows():
            ships[str(row["accelerator"])] = (int(row["first_year"]), int(row["last_year"]))
        return ships, "data/roadmap.csv"
    if "products" not in parts.complete:
        return None
    for _, p in parts.products:
        try:
            name = get_accelerator(p.accelerator or p.name).name
        except InputError:
            continue  # a product given by its numbers: no catalog part to match
        lo, hi = ships.get(name, (p.first_year, p.last_year))
        first = None if lo is None or p.first_year is None else min(lo, p.first_year)
        last = None if hi is None or p.last_year is None else max(hi, p.last_year)
        ships[name] = (first, last)
    return ships, "the scenario's products"


def workload_part_not_made(parts: Parts) -> Found:
    """A workload's named accelerator that the products do not make in some year of its
    demand: the demand is counted in H100e and served by whatever parts are made that
    year (docs/plan.md, "Demand from workloads"). A part no product makes at all is
    said once, at the first workload naming it.

    Parameters
    ----------
    parts : Parts
        The scenario's accepted sections.

    Returns
    -------
    list of (location, message)
        Located at ``demand.<c>.workloads.<j>.train.accelerator`` (or ``infer.``).
    """
    from tigris.catalog import get_accelerator
    from tigris.errors import InputError

    years = parts.years
    if not len(years):
        return []
    found = _ship_years(parts)
    if found is None:
        return []
    ships, where = found
    served = f"counted in H100e and served by the parts made each year, whichever they are ({_DOC})"
    said: set[str] = set()
    out: Found = []
    for c, d in parts.demand:
        for j, w in enumerate(d.workloads or []):
            kind = "train" if w.train is not None else "infer"
            named = getattr(w, kind).accelerator if getattr(w, kind) is not None else None
            if not named:
                continue
            try:
                name = get_accelerator(named).name
            except InputError:
                continue  # the workload checks refuse an unknown part
            demand_years = _demand_years(w, years)
            if not demand_years:
                continue
            loc = ("demand", c, "workloads", j, kind, "accelerator")
            shown = named if name == named else f"{named} ({name})"
            if name not in ships:
                if name not in said:
                    said.add(name)
                    msg = f"{shown} is not in {where}: no product makes it; its demand is {served}"
                    out.append((loc, msg))
                continue
            first, last = ships[name]
            outside = [
                y
                for y in demand_years
                if (first is not None and y < first) or (last is not None and y > last)
            ]
            if not outside:
                continue
            if first is not None and last is not None:
                span = year_ranges(list(range(first, last + 1)))
            else:
                span = f"from {first}" if first is not None else f"until {last}"
            msg = (
                f"{shown} ships {span} in {where}; this workload has demand in "
                f"{year_ranges(outside)}, when it is not made: that demand is {served}"
            )
            out.append((loc, msg))
    return out


def training_note(class_name: str, w: Workload) -> str | None:
    """The plan's note on a training workload: the share of its cluster counted.

    A run of ``n`` accelerators for ``d`` days is counted as ``n d / 365.25``
    accelerators in service a year (docs/plan.md, "Demand from workloads": peak cluster
    size is not a planner constraint), or, with ``occupancy: whole_cluster``, as its
    whole cluster all year (:func:`tigris.scenario.series.clusters_held`).

    Parameters
    ----------
    class_name : str
        The demand class's name.
    w : Workload
        A ``demand[].workloads[]`` entry.

    Returns
    -------
    str or None
        The note, ``None`` for an inference workload or inputs the workload layer
        refuses (the assembly reports those).

    References
    ----------
    :func:`tigris.workload.train` (Narayanan et al. 2021, arXiv 2104.04473, eq. 4).
    """
    if w.train is None:
        return None
    from tigris.errors import InputError
    from tigris.workload import train

    try:
        r = train(**w.train.model_dump(exclude_none=True))
    except InputError:
        return None
    n, days = float(r.accelerators), float(r.days)
    if w.occupancy == "whole_cluster":
        return (
            f"{class_name}: a training run of {n:,.0f} {r.accelerator} for {days:,.4g} days "
            f"is counted as the whole cluster, {n:,.0f} in service all year in every year "
            "with a run (occupancy: whole_cluster; one more cluster for each further "
            f"{DAYS_PER_YEAR:g} days of runs in a year) ({_DOC})"
        )
    in_service = n * days / DAYS_PER_YEAR
    return (
        f"{class_name}: a training run of {n:,.0f} {r.accelerator} for {days:,.4g} days "
        f"is counted as {n:,.0f} x {days:,.4g} / {DAYS_PER_YEAR:g} = {in_service:,.0f} in "
        "service a year; the whole cluster at once is not a constraint "
        f"({_DOC})"
    )
