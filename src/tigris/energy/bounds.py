"""Emission intensities that are legal but most likely wrong (UT-ESG #12).

``--set data.grid.usa.grid_gco2_per_kwh=50000`` (or a ``--data`` file's) was accepted
silently: the overlay's schema refuses a negative intensity, not a unit slip. A grid
cannot be dirtier than one that burns only coal, so an intensity above a grid all of
coal is said on standard error (a warning, not an error: a lignite-heavy grid can sit
near it), naming where the value comes from (``data/grid.csv:LINE`` for the shipped
table, the ``--data`` file or ``--set`` otherwise) and the cell's dotted path.

The bound, :data:`GCO2_PER_KWH_MAX`: EIA FAQ 74 (2023), US utility-scale coal plants
emitted 709 Mt CO2 for 675,115 GWh, 1,050 gCO2/kWh of combustion CO2, above the whole
life-cycle range IPCC AR5 WGIII Annex III (Table A.III.2) gives for pulverised coal
(740-910 gCO2eq/kWh), so it passes every published grid on either basis (the data's
highest is 582, china; docs/energy.md, "Emissions: what is counted").

References
----------
U.S. EIA, FAQ 74, "How much carbon dioxide is produced per kilowatthour of U.S.
electricity generation?" (2023 data); Schlömer et al. (2014), IPCC AR5 WGIII Annex III.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from tigris.energy.data import energy_parameter

__all__ = [
    "GCO2_PER_KWH_MAX",
    "GCO2_PER_KWH_MIN",
    "PRICE_SLIP_RATIO",
    "grid_price_warnings",
    "headroom_fall_warnings",
    "intensity_warnings",
    "warn_intensities",
]

#: Above this an intensity is most likely a unit slip [gCO2/kWh]: a grid all of US coal,
#: US utility-scale coal plants' CO2 over their net generation in 2023 (EIA FAQ 74:
#: 709 Mt / 675,115 GWh = 1,050 g/kWh; ``energy_parameters.csv`` coal_mt_co2_2023 and
#: coal_gwh_2023) [g per Mt: 1e12; kWh per GWh: 1e6].
GCO2_PER_KWH_MAX = (
    energy_parameter("coal_mt_co2_2023") * 1e12 / (energy_parameter("coal_gwh_2023") * 1e6)
)
#: Below this (and above 0) a grid intensity is most likely written in kg/kWh
#: [gCO2/kWh]: the lowest life-cycle intensity of any technology, hydropower's minimum
#: (IPCC AR5 WGIII Annex III, Table A.III.2; ``energy_parameters.csv``
#: grid_gco2_min_lifecycle; user test 2026-12-05: 0.369 planned silently).
GCO2_PER_KWH_MIN = energy_parameter("grid_gco2_min_lifecycle")
#: An electricity price this far below the cheapest shipped one of its kind, or its
#: inverse above the dearest, is most likely a unit slip between USD/kWh and USD/MWh
#: [-] (``energy_parameters.csv`` price_unit_slip_ratio, a tigris choice).
PRICE_SLIP_RATIO = energy_parameter("price_unit_slip_ratio")
#: Lines written in this process (each once: a plan assembles more than once).
_WARNED: set[str] = set()


def _shipped_line(table: str, key: str, name: str, column: str, value: float) -> int | None:
    """The line of ``data/TABLE.csv`` (header line 1) of the first row ``key == name``
    whose ``column`` is ``value``, None when the shipped table has none (an overlay's)."""
    from tigris.data import load_rows, using_overlay

    with using_overlay(None):
        rows = load_rows(table)
    for i, r in enumerate(rows):
        if str(r.get(key)) == name and float(r.get(column, np.nan)) == value:
            return i + 2
    return None


def _file_line(file: str, column: str, value: float) -> int | None:
    """The first line of ``file`` that sets ``column: value`` (None if none is read)."""
    from pathlib import Path

    try:
        lines = Path(file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for i, ln in enumerate(lines, start=1):
        head, _, tail = ln.strip().lstrip("- ").partition(":")
        if head.strip() == column:
            try:
                if float(tail.strip()) == value:
                    return i
            except ValueError:
                continue
    return None


def _where(table: str, key: str, name: str, column: str, value: float) -> str:
    """Where a value comes from: ``data/TABLE.csv:LINE`` (shipped), ``--set`` (a cell
    set on the command line: its overlay row's source names the dotted path) or
    ``--data FILE[:LINE]``."""
    from tigris.data import active_overlay

    line = _shipped_line(table, key, name, column, value)
    if line is not None:
        return f"data/{table}.csv:{line}"
    overlay = active_overlay()
    if overlay is None:
        return f"data/{table}.csv"
    path = f"data.{table}.{name}.{column}"
    rows = [r for r in overlay.rows.get(table, ()) if str(r.get(key)) == name]

    def _set(src: str) -> bool:  # data.grid.usa.grid_lead_months or data.grid.usa.2035.x
        head = f"data.{table}.{name}."
        return path in src or (head in src and f".{column}" in src.split(head, 1)[1][:40])

    if any(_set(str(r.get("source", ""))) for r in rows):
        return "--set"
    at = _file_line(overlay.file, column, value)
    return f"--data {overlay.file}" + (f":{at}" if at else "")


def intensity_warnings(regions: Any, years: Any, onsite: dict[str, float]) -> list[str]:
    """Warning lines for intensities above :data:`GCO2_PER_KWH_MAX`, or above 0 and
    below :data:`GCO2_PER_KWH_MIN` (kg/kWh written for g/kWh).

    Parameters
    ----------
    regions : iterable of str
        Regions of ``data/grid.csv`` whose ``grid_gco2_per_kwh`` the plan reads.
    years : array
        Planning years [year].
    onsite : dict of str to float
        On-site type (``data/datacenter_types.csv`` facility) -> its ``gco2_per_kwh``
        [gCO2/kWh].

    Returns
    -------
    list of str
        ``WHERE: data.grid.REGION.grid_gco2_per_kwh: V gCO2/kWh in YEARS is above ...``,
        one per region or type above the bound (without ``warning:``).
    """
    from tigris.energy.data import grid_gco2_per_kwh

    ys = np.atleast_1d(np.asarray(years, dtype=int))
    top = GCO2_PER_KWH_MAX
    why = (
        f"is above {top:,.0f}, a grid all of US coal (EIA FAQ 74, 2023: 709 Mt CO2 for "
        "675,115 GWh; IPCC AR5's life-cycle range for coal is 740-910): most likely a "
        "unit slip (g/kWh is kg/MWh; lb/MWh is 2.2 x it) (docs/energy.md, 'Emissions: "
        "what is counted')"
    )
    out = []
    low_why = (
        f"is below {GCO2_PER_KWH_MIN:g}, the lowest life-cycle intensity of any "
        "technology (hydropower's minimum, IPCC AR5 WGIII Annex III Table A.III.2): most "
        "likely written in kg/kWh (t/MWh), 1,000x too small"
    )
    column, unit = "grid_gco2_per_kwh", "gCO2/kWh"
    for region in regions:
        g = np.asarray(grid_gco2_per_kwh(region, ys), dtype=float)
        for bad, said in (((g > 0) & (g < GCO2_PER_KWH_MIN), low_why), (g > top, why)):
            if line := _grid_line(region, column, unit, g, ys, np.isfinite(g) & bad, said):
                out.append(line)
    for fid, v in onsite.items():
        # on-site generation's intensity is bounded as a grid's (user test 2026-12-06:
        # the gas row's 501 written 0.501, kg/kWh, cut emissions without a word)
        low = 0 < v < GCO2_PER_KWH_MIN
        if np.isfinite(v) and (v > top or low):
            where = _where("datacenter_types", "facility", fid, "gco2_per_kwh", float(v))
            out.append(
                f"{where}: data.datacenter_types.{fid}.gco2_per_kwh: {v:,.6g} gCO2/kWh "
                f"{low_why if low else why}"
            )
    return out


def _grid_line(
    region: str, column: str, unit: str, values: Any, ys: Any, mask: Any, why: str
) -> str | None:
    """``WHERE: data.grid.REGION.COLUMN: V UNIT in YEARS WHY`` for the years of
    ``mask`` (V the first of them), None when ``mask`` holds none."""
    if not np.any(mask):
        return None
    v = float(np.asarray(values)[mask][0])
    where = _where("grid", "region", region, column, v)
    return f"{where}: data.grid.{region}.{column}: {v:,.6g} {unit} in {_years(ys[mask])} {why}"


def _years(ys: Any) -> str:
    """``2026`` or ``2026-2035``: the first and last of ``ys``."""
    first, last = int(ys[0]), int(ys[-1])
    return str(first) if first == last else f"{first}-{last}"


def grid_price_warnings(regions: Any, years: Any) -> list[str]:
    """Warning lines for grid electricity prices most likely in the wrong unit.

    A price below :data:`PRICE_SLIP_RATIO` of the cheapest shipped
    ``electricity_usd_per_mwh`` of ``data/grid.csv`` (USD/kWh written where USD/MWh is
    asked), or above the dearest over it (the reverse); a price of 0 is a what-if, not
    a slip.

    Parameters
    ----------
    regions : iterable of str
        Regions whose prices the plan reads.
    years : array
        Planning years [year].

    Returns
    -------
    list of str
        ``WHERE: data.grid.REGION.electricity_usd_per_mwh: V USD/MWh in YEARS is ...``
        (without ``warning:``).
    """
    from tigris.data import load_rows, using_overlay
    from tigris.energy.data import electricity_usd_per_mwh

    with using_overlay(None):
        shipped = [float(r["electricity_usd_per_mwh"]) for r in load_rows("grid")]
    lo, hi = min(shipped), max(shipped)
    ys = np.atleast_1d(np.asarray(years, dtype=int))
    out = []
    for region in regions:
        p = np.asarray(electricity_usd_per_mwh(region, ys), dtype=float)
        for bad, why in (
            (
                (p > 0) & (p < PRICE_SLIP_RATIO * lo),
                f"is below 1/{1 / PRICE_SLIP_RATIO:,.0f} of the cheapest shipped grid "
                f"price ({lo:g} USD/MWh): most likely USD/kWh, 1,000x too small",
            ),
            (
                p > hi / PRICE_SLIP_RATIO,
                f"is above {1 / PRICE_SLIP_RATIO:,.0f}x the dearest shipped grid price "
                f"({hi:g} USD/MWh): most likely USD/kWh x 1e6 or another unit",
            ),
        ):
            mask = np.isfinite(p) & bad
            column = "electricity_usd_per_mwh"
            line = _grid_line(region, column, "USD/MWh", p, ys, mask, f"{why} (docs/energy.md)")
            if line:
                out.append(line)
    return out


def headroom_fall_warnings(regions: Any, years: Any) -> list[str]:
    """Warning lines for a ``data/grid.csv`` headroom lower in a year than in an earlier
    one: headroom is cumulative MW connectable by the year (a module once connected
    stays), so a fall caps every earlier year's modules too, as
    :func:`tigris.scenario.checks_headroom.headroom_falls` says of the scenario's
    ``datacenters.grid_headroom_mw`` (user test 2026-12-05: ``--set
    data.grid.usa.2035.grid_headroom_mw=100`` after 47,073 MW in 2034 was planned
    silently).

    Parameters
    ----------
    regions : iterable of str
        Regions whose headroom the plan reads.
    years : array
        Planning years [year].

    Returns
    -------
    list of str
        One line per region whose headroom falls (without ``warning:``).
    """
    from tigris.energy.data import grid_headroom_mw

    ys = np.atleast_1d(np.asarray(years, dtype=int))
    out = []
    for region in regions:
        h = np.asarray(grid_headroom_mw(region, ys), dtype=float)
        peak = np.maximum.accumulate(np.where(np.isfinite(h), h, -np.inf))
        falls = np.flatnonzero(np.isfinite(h) & (h < peak))
        if not len(falls):
            continue
        t = int(falls[0])
        before = int(ys[int(np.argmax(h[: t + 1]))])
        v = float(h[t])
        where = _where("grid", "region", region, "grid_headroom_mw", v)
        out.append(
            f"{where}: data.grid.{region}.grid_headroom_mw: {v:,.0f} MW in {int(ys[t])} is "
            f"below the {float(peak[t]):,.0f} MW of {before}: headroom is cumulative (the MW "
            "the grid can connect by that year; a module once connected stays), so this "
            "caps every earlier year's modules too; give the running total (docs/energy.md, "
            "'The power constraint')"
        )
    return out


def warn_intensities(regions: Any, years: Any, onsite: dict[str, float]) -> list[str]:
    """Write :func:`intensity_warnings`, :func:`grid_price_warnings` and
    :func:`headroom_fall_warnings` on standard error, ``warning: `` first, each once a
    process; return the lines written.

    Parameters
    ----------
    regions : Any
        Regions of ``data/grid.csv`` the plan reads (iterable of str).
    years : Any
        Planning years [year].
    onsite : dict of str to float
        On-site type -> its ``gco2_per_kwh`` [gCO2/kWh].

    Returns
    -------
    list of str
        The lines written this call (without ``warning:``); those written before in the
        process are left out.
    """
    written = []
    lines = (
        intensity_warnings(regions, years, onsite)
        + grid_price_warnings(regions, years)
        + headroom_fall_warnings(regions, years)
    )
    for line in lines:
        if line not in _WARNED:
            _WARNED.add(line)
            sys.stderr.write(f"warning: {line}\n")
            written.append(line)
    return written
