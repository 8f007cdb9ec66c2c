"""Warnings on demand given as workloads (user test UT-HYPER, 2026-12-04, #1;
docs/plan.md, "Demand from workloads").

A workload's year maps (``runs_by_year``, ``tokens_per_day_by_year``) are year series
like every other: interpolated between the years given and held flat before the first
and after the last (after it, grown at ``growth_per_year`` when given;
:func:`tigris.scenario.series.series`). For a count of runs that is rarely what was
meant: ``runs_by_year: {2028: 1}`` is a run in every planning year. A warning follows,
one line a map, as the others of :mod:`tigris.scenario.advice`:

- :func:`workload_held_flat`: a workload map given for fewer years than the horizon,
  whose first or last value is not zero: the years so held, and the map that says
  zero there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from tigris.scenario.checks_headroom import year_ranges

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts

__all__ = ["held_flat_years", "workload_held_flat"]

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
