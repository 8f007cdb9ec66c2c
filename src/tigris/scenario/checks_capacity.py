"""Unit slips in a ``--set`` of the data-centre capacity table (user test 2026-12-06).

``data/datacenter_capacity.csv`` holds each region's facility MW standing at the end of a
year (docs/energy.md, "Data"). Two what-ifs on it were planned without a word although
each was another unit:

- ``data.datacenter_capacity.all.ai_growth_scale=150`` (a percent: the scale is a ratio,
  1 the table as it is) took the world's data centres to 11,110 GW in 2035;
- ``data.datacenter_capacity.usa.2030.mw=85.8`` (GW in a MW column) left 86 MW of data
  centres in the USA in 2030, where 47,000 MW stood at the end of 2025.

:func:`capacity_slip` says so when a cell makes the table do what it did not do
before and what no published figure has data centres do:

- *grow too fast*: a region's (or the world's) AI or total MW grow faster than x5 a
  year between two of the table's years (the fastest published growth of AI compute,
  Epoch AI's 4-5x a year of frontier training compute: data/finance_warnings.csv's
  ``growth_per_year``; a data centre's power grows slower than the compute in it, as
  each watt computes more every year); or
- *shrink*: a region's capacity after its history below what stood at the end of its
  history (the table's rows are stocks, and every published forecast of
  ``data/datacenter_forecasts.csv`` has each region's capacity above today's: none
  foresees a shrinking stock).

Both are warnings, not errors: a user may mean either, and the plan is run as asked.

References
----------
Epoch AI (J. Sevilla and E. Roldan), "Training Compute of Frontier AI Models Grows by 4-5x
per Year", 2024-05-28 (data/finance_warnings.csv); docs/energy.md, "Forward power check"
(the forecasts, and the table's rows as end-of-year stocks); docs/risk.md on
``ai_growth_scale``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

__all__ = ["capacity_slip"]

#: The cell column that scales projected AI growth (:data:`tigris.risk.cells.AI_GROWTH`).
_GROWTH = "ai_growth_scale"
#: Percent in one (a scale of 150 written for x1.5).
_PERCENT = 100.0
#: A growth factor is shown whole from this size (x150, not x1.5e+02) [-]; a display rule.
_WHOLE_FROM = 100.0
#: Where the forecasts and the table's reading are documented.
_DOC = 'docs/energy.md, "Forward power check"'


def _below(history_end: int) -> dict[str, tuple[int, float, float]]:
    """Region -> (year, MW, MW at the end of its history) of its first year after
    ``history_end`` whose MW standing is below the history's last [year, MW, MW]."""
    from tigris.energy.forecasts import end_of_year_mw

    out = {}
    for region, (years, mw, _) in end_of_year_mw().items():
        if region == "world":
            continue  # its regions are looked at one by one
        hist = [float(m) for y, m in zip(years, mw, strict=True) if y <= history_end]
        if not hist:
            continue
        for y, m in zip(years, mw, strict=True):
            if y > history_end and m < hist[-1]:
                out[str(region)] = (int(y), float(m), hist[-1])
                break
    return out


def _jumps() -> dict[tuple[str, str], tuple[int, int, float, float]]:
    """(region or ``world``, ``AI`` or ``all``) -> (year before, year, MW then, MW)
    of the first step of the table in force whose MW grow faster than :func:`_fastest`
    a year."""
    from tigris.energy.forecasts import end_of_year_mw

    fastest = _fastest()
    out = {}
    for region, (years, mw, ai) in end_of_year_mw().items():
        for scope, series in (("AI", ai), ("all", mw)):
            for i in range(1, len(years)):
                y0, y1, m0, m1 = float(years[i - 1]), float(years[i]), series[i - 1], series[i]
                if m0 > 0 and (m1 / m0) ** (1.0 / (y1 - y0)) > fastest:
                    out[(str(region), scope)] = (int(y0), int(y1), float(m0), float(m1))
                    break
    return out


def _fastest() -> float:
    """The fastest growth a year [x] a capacity is read to grow at without a slip:
    1 + ``growth_per_year`` of data/finance_warnings.csv (x5 a year, the top of Epoch
    AI's 4-5x a year of frontier training compute; a data centre's power grows slower
    than the compute in it, as each watt computes more every year)."""
    from tigris.scenario.checks_extremes import GROWTH_WARN

    return 1.0 + GROWTH_WARN


#: :func:`_jumps`' result: (region, scope) -> (year before, year, MW then, MW).
_Jumps = dict[tuple[str, str], tuple[int, int, float, float]]
#: :func:`_below`'s result: region -> (year, MW, MW at the end of its history).
_Below = dict[str, tuple[int, float, float]]


def _findings(history_end: int) -> tuple[_Jumps, _Below]:
    """:func:`_jumps` and :func:`_below` of the table in force."""
    return _jumps(), _below(history_end)


def capacity_slip(path: str, values: Sequence[Any]) -> str | None:
    """Why a capacity cell's value is most likely another unit: with it, the table
    grows faster than any published AI growth, or shrinks below today's stock, where it
    did not before (the module docstring's two rules).

    Parameters
    ----------
    path : str
        A cell path; only ``data.datacenter_capacity.*`` cells are looked at.
    values : sequence
        The values set (a sweep's several) [the column's unit].

    Returns
    -------
    str or None
        What the first such value does, with the unit it likely was; None for other
        cells, or when no value breaks either rule.

    References
    ----------
    data/finance_warnings.csv (``growth_per_year``: Epoch AI 2024) and
    data/datacenter_forecasts.csv; docs/energy.md, "Forward power check".

    Examples
    --------
    >>> why = capacity_slip("data.datacenter_capacity.all.ai_growth_scale", [150])
    >>> "faster than x5 a year" in why and "150 % is written 1.5" in why
    True
    >>> capacity_slip("data.datacenter_capacity.all.ai_growth_scale", [2.2]) is None
    True
    """
    from tigris.data import active_overlay
    from tigris.energy.data import HISTORY_END
    from tigris.errors import InputError
    from tigris.plan.reuse import using_data_text
    from tigris.risk.cells import member_overlay, parse_cell
    from tigris.units import MW_PER_GW

    try:
        cell = parse_cell(path)
    except InputError:
        return None
    if cell.section != "datacenter_capacity":
        return None
    numbers = [float(v) for v in values if isinstance(v, (int, float)) and math.isfinite(v)]
    if not numbers:
        return None
    active = active_overlay()
    base = active.text if active is not None else None
    fast0, below0 = _findings(HISTORY_END)
    for v in numbers:
        try:
            with using_data_text(member_overlay({path: v}, base), base_text=base):
                fast, below = _findings(HISTORY_END)
        except InputError:
            return None  # the value is refused where cells are put in force, in one line
        new_fast = {k: g for k, g in fast.items() if k not in fast0}
        new_below = {r: b for r, b in below.items() if r not in below0}
        if new_below:  # first: a shrinking stock says more than the regrowth after it
            region, (year, mw, hist) = next(iter(sorted(new_below.items())))
            hint = ""
            if cell.column == "mw":
                hint = f"; the column is MW: {v:g} GW is written {v * MW_PER_GW:g}"
            return (
                f"with it, {region}'s data centres would fall from {hist:,.0f} MW at the end "
                f"of {HISTORY_END} to {mw:,.0f} MW in {year}, where every published forecast "
                f"has them growing{hint} ({_DOC})"
            )
        if new_fast:
            # the world's first (the figure a reader knows), else the steepest region's
            (region, scope), (y0, y1, m0, m1) = max(
                new_fast.items(), key=lambda kv: (kv[0][0] == "world", kv[1][3] / kv[1][2])
            )
            where = "the world's" if region == "world" else f"{region}'s"
            what = "AI data centres" if scope == "AI" else "data centres"
            hint = ""
            if cell.column == _GROWTH and v >= _PERCENT:
                hint = f"; a scale is a ratio: {v:g} % is written {v / _PERCENT:g}"
            elif cell.column == "mw":
                hint = "; the column is MW standing at the end of the year"
            ratio = m1 / m0
            times = f"{ratio:,.0f}" if ratio >= _WHOLE_FROM else f"{ratio:.3g}"
            return (
                f"with it, {where} {what} would grow x{times} from the end of {y0} "
                f"to the end of {y1} ({m0 / MW_PER_GW:,.1f} to {m1 / MW_PER_GW:,.1f} GW), faster "
                f"than x{_fastest():g} a year, the fastest published growth of AI compute "
                f"(data/finance_warnings.csv, growth_per_year){hint}"
            )
    return None
