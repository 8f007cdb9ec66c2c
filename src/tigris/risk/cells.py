"""Distributions on data-table cells: ``nodes.N3.d0_per_cm2`` as well as scenario fields.

A scenario's ``distributions`` may name a cell of the tables a data overlay extends
(:mod:`tigris.overlay`): ``<table>.<row>.<column>`` for the tables ``nodes``, ``hbm``,
``packaging`` and ``accelerators``, and ``data.sites.<site>.<column>`` for the sites
table (plain ``sites.`` is the scenario's own list of candidate sites). The row is the
table's key (a site or accelerator may be named by an alias), the column one of the
numbers an overlay entry may give (``d0_per_cm2``, ``construction_months``,
``price_usd``...); a row with a dot in its name is written in brackets
(``accelerators[my.part].price_usd``), as scenario paths are.

A member of a sweep or a Monte Carlo run that sets cells is solved with a *member
overlay* (:func:`member_overlay`): the user's ``--data`` overlay text with those cells
set, on rows copied from the shipped table (``based_on`` the row itself) or on the
user's own entry of that row; every row it touches says ``distribution draw (<path>)``
in its ``source``. Nothing global changes: the overlay is in force for that member's
solve only (:func:`tigris.runs.worker.run_member`). docs/risk.md, "Distributions on
data-table cells".

Importing this module imports neither the overlay reader nor the planner (they are
imported on first use): ``import tigris.risk`` stays cheap.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, get_args

import numpy as np

from tigris.errors import InputError, Problem, did_you_mean

__all__ = [
    "AI_GROWTH",
    "ALL_REGIONS",
    "DATA_SECTIONS",
    "DRAW_SOURCE",
    "SET_SOURCE",
    "Cell",
    "cell_value",
    "cells_named",
    "check_cell",
    "input_value",
    "is_cell",
    "member_overlay",
    "parse_cell",
    "scaled_capacity_rows",
    "set_cell_rows",
    "set_marks",
    "split_changes",
    "value_problem",
]

#: Path prefixes of data-table cells, one per table (``data.sites``: the sites table;
#: ``data.grid``, ``data.datacenter_capacity``, ``data.energy_parameters`` and
#: ``data.datacenter_types``: the energy tables, docs/energy.md "Data").
DATA_SECTIONS = (
    "nodes",
    "hbm",
    "packaging",
    "accelerators",
    "data.sites",
    "data.grid",
    "data.datacenter_capacity",
    "data.energy_parameters",
    "data.datacenter_types",
)
#: The energy tables' sections (their rows are changed, never added: tigris.overlay).
ENERGY = ("grid", "datacenter_capacity", "energy_parameters", "datacenter_types")
#: Energy tables whose rows are a region's in a year: a cell names a region's rows of
#: every year (``data.grid.usa.grid_gco2_per_kwh``) or of one (``...usa.2030.pue``).
_BY_REGION_YEAR = ("grid", "datacenter_capacity")
#: The ``source`` of a row a member overlay sets, ``{path}`` its cell path(s).
DRAW_SOURCE = "distribution draw ({path})"
#: The ``source`` of a row ``tigris plan --set`` sets: nothing was drawn (user test
#: s44 #3: plan.json cited ``distribution draw (data.grid.usa.grid_lead_months)``).
#: Each cell's mark reads as a scenario value's does (:func:`set_mark`), after the
#: row's own source (user test s45 #1: the mark replaced it, so every column of the
#: row, the grid's emission factor beside its lead time, read as set).
SET_SOURCE = "set on the command line ({path})"
#: One cell's mark in a row's source: ``set on the command line (--set PATH=VALUE);
#: was OLD from: WHERE`` (the words of :func:`tigris.scenario.edit.set_paths`'s).
_SET_MARK = re.compile(
    r"set on the command line \(--set (?P<path>[^=()\s]+)=(?P<value>[^()\s]*)\); "
    r"was (?P<was>[^;]*?) from: (?P<where>[^;]*?)(?=; |$)"
)
#: A column of ``data.datacenter_capacity.<region>`` that is no column of the table but
#: scales it: the AI data-centre MW the table projects beyond its last ``history`` year
#: (rows of status :data:`PROJECTED`), as ``AI_h + s (AI_y - AI_h)`` with ``AI_h`` the
#: region's AI MW at the end of its history and ``AI_y = mw x ai_share`` the row's
#: (:func:`scaled_capacity_rows`). 1 is the table as it is; the history (the installed
#: fleet, docs/energy.md) and the announced campuses are not scaled.
AI_GROWTH = "ai_growth_scale"
#: The region of an :data:`AI_GROWTH` path that names every region with projected rows.
ALL_REGIONS = "all"
#: The ``status`` of the capacity rows :data:`AI_GROWTH` scales (data/datacenter_capacity.csv).
PROJECTED = "projected"
_HISTORY = "history"

#: Path prefix -> (overlay section, table name in tigris/data).
_TABLES = {
    "nodes": ("nodes", "nodes"),
    "hbm": ("hbm", "hbm"),
    "packaging": ("packaging", "packaging"),
    "accelerators": ("accelerators", "accelerators"),
    "data.sites": ("sites", "sites"),
    **{f"data.{t}": (t, t) for t in ENERGY},
}
#: The data tables a ``data.`` path may name (for "did you mean" on ``data.site...``).
_DATA_TABLES = ("sites", *ENERGY)
#: What a row of each overlay section is called in messages.
_KIND = {
    "nodes": "node",
    "hbm": "HBM generation",
    "packaging": "package",
    "accelerators": "accelerator",
    "sites": "site",
    "grid": "region",
    "datacenter_capacity": "region",
    "energy_parameters": "parameter",
    "datacenter_types": "data-centre type",
}


@dataclass(frozen=True)
class Cell:
    """One data-table cell a path names.

    Attributes
    ----------
    path : str
        The path as written (``nodes.N3.d0_per_cm2``).
    prefix : str
        Its table prefix, one of :data:`DATA_SECTIONS`.
    section : str
        The overlay section (``nodes``, ``hbm``, ``packaging``, ``accelerators``,
        ``sites``), which is also the table's name.
    row : str
        The row as written (a name or an alias; a region for the energy tables by
        region and year).
    column : str
        The column (an overlay field holding a number).
    integer : bool
        Whether the column holds whole numbers (a draw is rounded, as for an integer
        scenario field).
    year : int or None
        The year of a ``grid`` or ``datacenter_capacity`` cell that names one (None:
        the region's rows of every year).
    """

    path: str
    prefix: str
    section: str
    row: str
    column: str
    integer: bool
    year: int | None = None


def is_cell(path: str) -> bool:
    """Whether ``path`` names a data-table cell rather than a scenario field.

    Every path under ``data.`` is one (an unknown table there is refused by
    :func:`parse_cell`), as is every path under ``nodes.``, ``hbm.``, ``packaging.``
    and ``accelerators.`` (no scenario field has those names).

    Parameters
    ----------
    path : str
        A distribution's or a sweep's path.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_cell("nodes.N3.d0_per_cm2"), is_cell("data.sites.taiwan.construction_months")
    (True, True)
    >>> is_cell("sites.taiwan.max_modules"), is_cell("demand.0.growth_per_year")
    (False, False)
    """
    if not isinstance(path, str):
        return False
    head = path.split(".", 1)[0].split("[", 1)[0]
    return head == "data" or head in _TABLES


def _models() -> dict[str, Any]:
    """The overlay entry model of each section (the fields an entry may give)."""
    from tigris.catalog_schema import CustomAccelerator
    from tigris.overlay import (
        _CapacityEntry,
        _DatacenterTypeEntry,
        _GridEntry,
        _HbmEntry,
        _NodeEntry,
        _PackagingEntry,
        _ParameterEntry,
        _SiteEntry,
    )

    return {
        "nodes": _NodeEntry,
        "hbm": _HbmEntry,
        "packaging": _PackagingEntry,
        "accelerators": CustomAccelerator,
        "sites": _SiteEntry,
        "grid": _GridEntry,
        "datacenter_capacity": _CapacityEntry,
        "energy_parameters": _ParameterEntry,
        "datacenter_types": _DatacenterTypeEntry,
    }


def _numeric_kind(model: Any, name: str) -> type | None:
    """``int`` or ``float`` if the model's field ``name`` holds a number, else None."""
    info = model.model_fields.get(name)
    if info is None:
        return None
    kinds = set(get_args(info.annotation) or (info.annotation,)) - {type(None)}
    return next(iter(kinds)) if kinds in ({int}, {float}) else None


def _numeric_columns(section: str) -> list[str]:
    model = _models()[section]
    keys = getattr(model, "KEYS", ()) if section in ENERGY else ()
    return [f for f in model.model_fields if f not in keys and _numeric_kind(model, f) is not None]


def _forms() -> str:
    """The path of a cell of each table, for messages."""
    out = []
    for p in DATA_SECTIONS:
        table = _TABLES[p][0]
        if table in _BY_REGION_YEAR:
            out.append(f"{p}.<region>[.<year>].<column>")
        elif table == "energy_parameters":
            out.append(f"{p}.<parameter>.value")
        else:
            out.append(f"{p}.<row>.<column>")
    return ", ".join(out)


def parse_cell(path: str) -> Cell:
    """The table, row and column a cell path names (the row is not looked up).

    Parameters
    ----------
    path : str
        ``<table>.<row>.<column>`` or ``data.sites.<site>.<column>``.

    Returns
    -------
    Cell

    Raises
    ------
    InputError
        Not a cell path, an unknown table or column (with the closest), a column that
        does not hold a number; field ``path``.

    Examples
    --------
    >>> c = parse_cell("nodes.N3.mask_layers")
    >>> c.section, c.row, c.column, c.integer
    ('nodes', 'N3', 'mask_layers', True)
    """
    from tigris.scenario.edit import _split

    segs = _split(path)
    if segs[0] == "data":
        if len(segs) < 2 or segs[1] not in _DATA_TABLES:
            got = segs[1] if len(segs) > 1 else ""
            hint = did_you_mean(got, _DATA_TABLES)
            msg = f"unknown data table '{got}'{hint}; data-table cells are {_forms()}"
            raise InputError(Problem(path, msg))
        prefix, rest = f"data.{segs[1]}", segs[2:]
    elif segs[0] in _TABLES:
        prefix, rest = segs[0], segs[1:]
    else:
        hint = did_you_mean(segs[0], [p.split(".")[0] for p in DATA_SECTIONS])
        msg = f"not a data-table cell: unknown table '{segs[0]}'{hint}"
        raise InputError(Problem(path, msg))
    section = _TABLES[prefix][0]
    year: int | None = None
    if section in _BY_REGION_YEAR and len(rest) == 3:  # a region, a year and a column
        if not rest[1].isdigit():
            msg = f"expected a year after the region, got '{rest[1]}'"
            raise InputError(Problem(path, msg))
        year, rest = int(rest[1]), [rest[0], rest[2]]
    if len(rest) != 2:  # a row and a column
        form = (
            f"{prefix}.<region>.<column> (every year) or {prefix}.<region>.<year>.<column>"
            if section in _BY_REGION_YEAR
            else f"{prefix}.<row>.<column> (a row with a dot in its name in brackets, "
            f"{prefix}[my.row].<column>)"
        )
        msg = f"expected {form}, got {len(rest)} segment(s) after '{prefix}'"
        raise InputError(Problem(path, msg))
    row, column = rest
    if section == "datacenter_capacity" and column == AI_GROWTH:
        if year is not None:
            msg = (
                f"{AI_GROWTH} scales a region's projected rows of every year; name no "
                f"year: {prefix}.{row}.{AI_GROWTH}"
            )
            raise InputError(Problem(path, msg))
        return Cell(path, prefix, section, row, column, False, None)
    model = _models()[section]
    kind = _numeric_kind(model, column)
    if column in getattr(model, "KEYS", ()) and section in ENERGY:
        kind = None
    if kind is None:
        numbers = _numeric_columns(section)
        if section == "datacenter_capacity":
            numbers.append(AI_GROWTH)
        if column in model.model_fields and column not in ("region", "year", "name"):
            msg = (
                f"column '{column}' of {section} does not hold a number; a --set or a "
                f"distribution changes one of: {', '.join(numbers)}"
            )
        else:
            hint = did_you_mean(column, numbers)
            msg = f"unknown column '{column}' of {section}{hint}; there is: {', '.join(numbers)}"
        raise InputError(Problem(path, msg))
    if section == "grid" and year is not None:
        from tigris.overlay import GRID_REGION_COLUMNS

        if column in GRID_REGION_COLUMNS:
            msg = f"{column} is one value per region (every year the same): {prefix}.{row}.{column}"
            raise InputError(Problem(path, msg))
    return Cell(path, prefix, section, row, column, kind is int, year)


def _energy_rows(cell: Cell) -> list[dict[str, Any]]:
    """The rows of an energy table (the overlay in force applied) ``cell`` names: a
    region's of every year, or of its year; a parameter's or a type's row."""
    from tigris.data import load_rows
    from tigris.overlay import energy_matches

    rows = load_rows(cell.section)
    if cell.section in _BY_REGION_YEAR:
        key: dict[str, Any] = {"region": cell.row, "year": cell.year}
    else:
        key = {"name": cell.row}
    found = energy_matches(cell.section, rows, key)
    if found:
        return [rows[i] for i in found]
    col = "region" if cell.section in _BY_REGION_YEAR else _key_column(cell.section)
    names = sorted({str(r[col]) for r in rows})
    if cell.section in _BY_REGION_YEAR and cell.row.strip().lower() in names:
        years = sorted({int(r["year"]) for r in rows})
        msg = (
            f"no row of {cell.row} in {cell.year} in table {cell.section} "
            f"(years {years[0]}-{years[-1]})"
        )
    else:
        hint = did_you_mean(cell.row, names)
        msg = (
            f"unknown {_KIND[cell.section]} '{cell.row}' in table {cell.section}{hint}; "
            f"known: {', '.join(names)}"
        )
    raise InputError(Problem(cell.path, msg))


def _key_column(section: str) -> str:
    from tigris.data import KEY_COLUMNS

    return KEY_COLUMNS[section]


def _energy_value(cell: Cell) -> float | None:
    """The one value an energy cell has (every row it names holds the same), None if
    empty; a region's column that varies by year must be named with its year."""
    values = {_number(r.get(cell.column)) for r in _energy_rows(cell)}
    if len(values) > 1:
        years = ", ".join(str(r["year"]) for r in _energy_rows(cell)[:2])
        msg = (
            f"{cell.column} of {cell.row} differs between years ({years}, ...): name one year, "
            f"{cell.prefix}.{cell.row}.<year>.{cell.column}"
        )
        raise InputError(Problem(cell.path, msg))
    return values.pop()


def _row_index(rows: list[dict[str, Any]], key: str, name: str) -> int | None:
    """Index of the row named ``name`` (or aliased, case-insensitively), or None."""
    low = name.strip().lower()
    for i, r in enumerate(rows):
        if str(r[key]).strip().lower() == low:
            return i
    for i, r in enumerate(rows):
        aliases = r.get("aliases")
        if isinstance(aliases, str) and low in [a.strip().lower() for a in aliases.split("|")]:
            return i
    return None


def _table_row(cell: Cell) -> dict[str, Any]:
    """The row of the table (the overlay in force applied) that ``cell`` names."""
    from tigris.data import KEY_COLUMNS, load_rows

    rows = load_rows(cell.section)
    key = KEY_COLUMNS[cell.section]
    i = _row_index(rows, key, cell.row)
    if i is None:
        names = sorted(str(r[key]) for r in rows)
        hint = did_you_mean(cell.row, names)
        msg = (
            f"unknown {_KIND[cell.section]} '{cell.row}' in table {cell.section}{hint}; "
            f"known: {', '.join(names)}; add your own with --data FILE"
        )
        raise InputError(Problem(cell.path, msg))
    return rows[i]


def _number(value: Any) -> float | None:
    """A table cell as a float, None if empty or not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if math.isnan(value) else float(value)


def check_cell(path: str) -> Cell:
    """Check that ``path`` names a cell holding a number in the tables in force.

    Parameters
    ----------
    path : str
        A cell path (:func:`is_cell`).

    Returns
    -------
    Cell

    Raises
    ------
    InputError
        Unknown table, row or column (each with the closest name), a column that does
        not hold a number, an empty cell; field ``path``.
    """
    cell = parse_cell(path)
    if cell.column == AI_GROWTH:
        _growth_regions(cell)
        return cell
    if cell.section in ENERGY:
        value = _energy_value(cell)
    else:
        value = _number(_table_row(cell).get(cell.column))
    if value is None:
        msg = (
            f"the cell is empty in table {cell.section}: a --set or a distribution "
            "changes a number the row has; give it with --data FILE first"
        )
        raise InputError(Problem(path, msg))
    return cell


def cell_value(path: str, data: str | Path | None = None) -> float:
    """The value a table holds at a cell path.

    Parameters
    ----------
    path : str
        A cell path (``nodes.N3.d0_per_cm2``).
    data : str or Path, optional
        A ``--data`` overlay file applied while reading; ``None`` reads the tables
        with whatever overlay is in force.

    Returns
    -------
    float
        The cell [the column's unit].

    Raises
    ------
    InputError
        As :func:`check_cell`.

    Examples
    --------
    >>> cell_value("data.sites.arizona.construction_months")  # an alias of arizona-usa
    24.0
    """
    from tigris.overlay import data_overlay

    with data_overlay(data):
        cell = check_cell(path)
        if cell.column == AI_GROWTH:
            return 1.0  # the table as it is (with the overlay in force)
        if cell.section in ENERGY:
            return float(_energy_value(cell))  # type: ignore[arg-type]  # checked above
        return float(_table_row(cell)[cell.column])


def input_value(sc: Any, path: str, data: str | Path | None = None) -> Any:
    """The value an input path has for scenario ``sc``: a scenario field
    (:func:`tigris.scenario.edit.get_path`) or a data-table cell (:func:`cell_value`).

    Parameters
    ----------
    sc : Scenario
        The scenario.
    path : str
        A distribution's path.
    data : str or Path, optional
        A ``--data`` overlay file for cells.

    Returns
    -------
    int or float
        The scenario's value, or the table's [the path's unit].

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> input_value(reference_scenario(), "nodes.N3.d0_per_cm2")
    0.1
    """
    if is_cell(path):
        return cell_value(path, data)
    from tigris.scenario.edit import get_path

    return get_path(sc, path)


def split_changes(changes: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A member's changes split into (scenario paths, data-table cells), in order.

    Parameters
    ----------
    changes : mapping
        Path -> value.

    Returns
    -------
    (dict, dict)
        The scenario edits (:func:`tigris.scenario.edit.set_paths`) and the cells
        (:func:`member_overlay`), each path -> value.

    Examples
    --------
    >>> split_changes({"pue": 1.3, "nodes.N3.d0_per_cm2": 0.1})
    ({'pue': 1.3}, {'nodes.N3.d0_per_cm2': 0.1})
    """
    scenario: dict[str, Any] = {}
    cells: dict[str, Any] = {}
    for path, value in changes.items():
        (cells if is_cell(path) else scenario)[path] = value
    return scenario, cells


def _value(cell: Cell, value: Any) -> int | float:
    """A drawn value as the overlay field takes it, checked against the field's own
    bounds (the overlay's validation)."""
    from pydantic import TypeAdapter, ValidationError

    from tigris.yamlio import validation_problems

    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        msg = f"expected a number, got {value!r}"
        if isinstance(value, str):  # '40%', '2k', '20,000': how to write it (as a
            # scenario path's value says; user test 2026-12-06)
            from tigris.cli._args import number_hint

            hint = number_hint(value, whole=cell.integer)
            msg += f"; {hint}" if hint else ""
        raise InputError(Problem(cell.path, msg))
    if not math.isfinite(float(value)):  # nan/inf: no column takes one, and round() fails
        raise InputError(Problem(cell.path, f"expected a finite number, got {value}"))
    v: int | float = round(float(value)) if cell.integer else float(value)
    if cell.column == AI_GROWTH:
        if v < 0:
            msg = f"a scale of the projected AI capacity's growth is >= 0, got {v:g}"
            raise InputError(Problem(cell.path, msg))
        return v
    info = _models()[cell.section].model_fields[cell.column]
    kind = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    try:
        TypeAdapter(kind).validate_python(v, strict=True)
    except ValidationError as exc:
        why = "; ".join(p.message for p in validation_problems(exc))
        raise InputError(Problem(cell.path, why)) from None
    return v


def _cross_field(cell: Cell, row: Mapping[str, Any]) -> str | None:
    """The overlay's rules across fields of a completed row (``d0_mature_per_cm2 <=
    d0_per_cm2``, EUV layers within the mask layers, enabled units within the units)."""
    if cell.section == "nodes":
        from tigris.overlay import _cross_field

        found = _cross_field("nodes", 0, row, "", lambda loc: None)
        return "; ".join(p.message for p in found) or None
    if cell.section in ENERGY:
        from tigris.overlay import energy_rule

        return energy_rule(cell.section, row)
    if cell.section == "accelerators":
        total, enabled = _number(row.get("units_total")), _number(row.get("units_enabled"))
        if total is not None and enabled is not None and enabled > total:
            return f"{enabled:g} enabled units exceed units_total {total:g}"
    return None


def value_problem(path: str, value: float) -> str | None:
    """Why the tables in force would refuse ``value`` at cell ``path``, else None.

    The overlay's own validation (:mod:`tigris.overlay`): the column's bounds (a
    share below 1, a yield in (0, 1], months within the scenario limit...; an
    integer column's value rounded first, as drawn) and the rules across the row's
    fields with the value in place (a node's ``d0_mature_per_cm2 <= d0_per_cm2``...).

    Parameters
    ----------
    path : str
        A cell path, checked (:func:`check_cell`).
    value : float
        A value the cell may take [the column's unit].

    Returns
    -------
    str or None
        The overlay's message, or None if the value is accepted.

    Examples
    --------
    >>> value_problem("packaging.CoWoS-L.package_yield", 0.95) is None
    True
    """
    cell = check_cell(path)
    try:
        v = _value(cell, value)
    except InputError as exc:
        return "; ".join(p.message for p in exc.problems)
    if cell.column == AI_GROWTH:
        return None  # _value checked it: a finite number >= 0
    row = dict(_energy_rows(cell)[0] if cell.section in ENERGY else _table_row(cell))
    row[cell.column] = v
    return _cross_field(cell, row)


def _growth_regions(cell: Cell, rows: list[dict[str, Any]] | None = None) -> list[str]:
    """The regions an :data:`AI_GROWTH` cell scales: its region, or every region with
    :data:`PROJECTED` rows for :data:`ALL_REGIONS` (the table in force unless ``rows``)."""
    from tigris.data import load_rows

    rows = load_rows("datacenter_capacity") if rows is None else rows
    projected = [str(r["region"]).lower() for r in rows if r["status"] == PROJECTED]
    projected = list(dict.fromkeys(projected))
    name = cell.row.strip().lower()
    if name == ALL_REGIONS:
        return projected
    if name in projected:
        return [name]
    known = sorted({str(r["region"]).lower() for r in rows})
    if name in known:
        msg = (
            f"region '{cell.row}' has no {PROJECTED} rows in table datacenter_capacity "
            f"(its rows are history and announced campuses): nothing for {AI_GROWTH} to scale"
        )
    else:
        hint = did_you_mean(cell.row, [*known, ALL_REGIONS])
        msg = (
            f"unknown region '{cell.row}' in table datacenter_capacity{hint}; known: "
            f"{', '.join([*known, ALL_REGIONS])}"
        )
    raise InputError(Problem(cell.path, msg))


def scaled_capacity_rows(
    rows: list[dict[str, Any]], regions: list[str], scale: float
) -> dict[tuple[str, int], tuple[float, float]]:
    """The capacity rows :data:`AI_GROWTH` ``scale`` gives: (region, year) -> (mw,
    ai_share) of every :data:`PROJECTED` row of ``regions``.

    A region's AI MW after its history is ``AI_h + scale (AI_y - AI_h)``, with ``AI_y
    = mw_y x ai_share_y`` the row's and ``AI_h`` the region's at its last ``history``
    year (the installed fleet, which is not scaled); the non-AI MW ``mw_y (1 -
    ai_share_y)`` are kept, so ``mw' = mw_y - AI_y + AI'`` and ``ai_share' = AI' /
    mw'`` (data/datacenter_capacity.csv: AI MW = mw x ai_share, docs/energy.md). A scale
    below 1 cannot take a region below its history: ``AI'`` is at least 0.

    Parameters
    ----------
    rows : list of dict
        The table's rows (``region``, ``year``, ``status``, ``mw``, ``ai_share``).
    regions : list of str
        Regions to scale (lower case).
    scale : float
        The scale of the projected growth [-], >= 0.

    Returns
    -------
    dict
        (region, year) -> (mw [MW], ai_share [-]).

    Examples
    --------
    >>> rows = [{"region": "r", "year": 2025, "status": "history", "mw": 100.0, "ai_share": 0.2},
    ...         {"region": "r", "year": 2030, "status": "projected", "mw": 140.0, "ai_share": 0.5}]
    >>> scaled_capacity_rows(rows, ["r"], 2.0)  # AI 20 -> 70 becomes 20 -> 120; non-AI 70 kept
    {('r', 2030): (190.0, 0.631578947368421)}
    """
    out: dict[tuple[str, int], tuple[float, float]] = {}
    for region in regions:
        mine = sorted(
            (r for r in rows if str(r["region"]).lower() == region), key=lambda r: int(r["year"])
        )
        hist = [r for r in mine if r["status"] == _HISTORY]
        if not hist:
            continue
        ai_h = float(hist[-1]["mw"]) * float(hist[-1]["ai_share"])
        for r in mine:
            if r["status"] != PROJECTED:
                continue
            mw, share = float(r["mw"]), float(r["ai_share"])
            ai = mw * share
            ai_new = max(ai_h + scale * (ai - ai_h), 0.0)
            mw_new = mw - ai + ai_new
            out[(region, int(r["year"]))] = (mw_new, ai_new / mw_new if mw_new > 0 else share)
    return out


def _capacity_in_doc(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The shipped capacity rows with the overlay document's own ``datacenter_capacity``
    entries applied in order (an entry without ``year`` names every year), as the
    overlay reader applies them."""
    from tigris.overlay import energy_matches

    rows = [dict(r) for r in _shipped("datacenter_capacity")]
    for e in doc.get("datacenter_capacity") or []:
        if not isinstance(e, Mapping) or "region" not in e:
            continue
        for i in energy_matches("datacenter_capacity", rows, e):
            for col in ("mw", "ai_share"):
                if e.get(col) is not None:
                    rows[i][col] = float(e[col])
    return rows


def _scale_growth(doc: dict[str, Any], cell: Cell, value: float) -> list[dict[str, Any]]:
    """Write the rows an :data:`AI_GROWTH` cell gives into the overlay document (one
    entry per region and year, after the user's); the entries it touched."""
    rows = _capacity_in_doc(doc)
    scaled = scaled_capacity_rows(rows, _growth_regions(cell, rows), float(value))
    entries = doc.setdefault("datacenter_capacity", None) or []
    doc["datacenter_capacity"] = entries
    touched = []
    for (region, year), (mw, share) in scaled.items():
        one = Cell(cell.path, cell.prefix, cell.section, region, "mw", False, year)
        entry = _energy_entry(entries, one)
        entry["mw"], entry["ai_share"] = mw, share
        touched.append(entry)
    return touched


def _shipped(section: str) -> list[dict[str, Any]]:
    """The shipped table's rows (no overlay: a member overlay's ``based_on`` reads
    these, as :func:`tigris.overlay.load_overlay` does)."""
    from tigris.data import load_rows, using_overlay

    with using_overlay(None):
        return load_rows(section)


def _energy_entry(entries: list[dict[str, Any]], cell: Cell) -> dict[str, Any]:
    """The entry of an energy cell: the document's entry with the same key (region and
    year, or name), else a new one (with the shipped rows' ``as_of``, the latest)."""
    if cell.section in _BY_REGION_YEAR:
        key: dict[str, Any] = {"region": cell.row.strip().lower()}
        if cell.year is not None:
            key["year"] = cell.year
    else:
        key = {"name": cell.row.strip()}
    ident = {k: str(v).strip().lower() for k, v in key.items()}
    for e in entries:
        mine = {k: str(e.get(k)).strip().lower() for k in ident}
        if mine == ident and (
            cell.section not in _BY_REGION_YEAR or ("year" in e) == ("year" in key)
        ):
            return e
    rows = _energy_rows_shipped(cell)
    entry = dict(key)
    entry["as_of"] = max(str(r["as_of"]) for r in rows)
    entries.append(entry)
    return entry


def _energy_rows_shipped(cell: Cell) -> list[dict[str, Any]]:
    from tigris.data import using_overlay

    with using_overlay(None):
        return _energy_rows(cell)


def _entry_for(doc: dict[str, Any], cell: Cell) -> dict[str, Any]:
    """The user's entry of ``cell``'s row in the overlay document, or a new entry
    copying the shipped row (``based_on`` itself, its aliases, label and note kept)."""
    from tigris.data import KEY_COLUMNS

    entries = doc.setdefault(cell.section, None) or []
    doc[cell.section] = entries
    if cell.section in ENERGY:
        return _energy_entry(entries, cell)
    low = cell.row.strip().lower()
    for e in entries:
        names = [str(e.get("name", ""))] + [str(a) for a in e.get("aliases", []) or []]
        if low in [n.strip().lower() for n in names]:
            return e
    rows = _shipped(cell.section)
    key = KEY_COLUMNS[cell.section]
    i = _row_index(rows, key, cell.row)
    if i is None:
        hint = did_you_mean(cell.row, [str(r[key]) for r in rows])
        msg = f"unknown {_KIND[cell.section]} '{cell.row}' in table {cell.section}{hint}"
        raise InputError(Problem(cell.path, msg))
    row = rows[i]
    name = str(row[key])
    for e in entries:  # a second cell of the same row, named by an alias the first time
        if str(e.get("name", "")).strip().lower() == name.lower():
            return e
    entry: dict[str, Any] = {"name": name, "based_on": name}
    aliases = row.get("aliases")
    if isinstance(aliases, str) and aliases.strip():
        entry["aliases"] = [a.strip() for a in aliases.split("|") if a.strip()]
    if cell.section == "sites":
        entry["label"] = str(row["name"])
        if isinstance(row.get("note"), str):
            entry["note"] = row["note"]
    entry["as_of"] = str(row["as_of"])
    entries.append(entry)
    return entry


def _mark_head(path: str, value: Any) -> str:
    from tigris.scenario.edit import COMMAND_LINE, _value_text

    return f"set on the command line ({COMMAND_LINE} {path}={_value_text(value)})"


def _set_mark(cell: Cell, value: Any, entry: Mapping[str, Any], new: bool) -> str:
    """``set on the command line (--set PATH=VALUE); was OLD from: WHERE``: the value
    the row held before (the user's ``--data`` entry's, else the shipped table's; a
    span when the region's years differ)."""
    from tigris.scenario.edit import _value_text

    if not new and cell.column in entry:
        olds, where = [entry[cell.column]], "--data"
    else:
        rows = _shipped_rows(cell)
        olds = [r.get(cell.column) for r in rows if r.get(cell.column) is not None]
        where = f"data/{cell.section}.csv"
    texts = list(dict.fromkeys(_value_text(o) for o in olds))
    was = texts[0] if len(texts) == 1 else "..".join([texts[0], texts[-1]]) if texts else "none"
    return f"{_mark_head(cell.path, value)}; was {was} from: {where}"


def _shipped_rows(cell: Cell) -> list[dict[str, Any]]:
    """The shipped rows a cell names: an energy table's region rows (every year's, or
    one year's), else the one row of its key (none when the table has no such row)."""
    if cell.section in ENERGY:
        return list(_energy_rows_shipped(cell))
    from tigris.data import KEY_COLUMNS

    shipped = _shipped(cell.section)
    i = _row_index(shipped, KEY_COLUMNS[cell.section], cell.row)
    return [] if i is None else [shipped[i]]


def _shipped_source(cell: Cell) -> str:
    """The shipped row's ``source`` (a new entry keeps it: the row's other columns are
    the table's, and cite it)."""
    rows = _shipped_rows(cell)
    return str(rows[0].get("source", "") or "") if rows else ""


def set_marks(source: str) -> dict[str, str]:
    """The cells a row's ``source`` says were set on the command line: path -> its
    mark (``set on the command line (--set PATH=VALUE); was OLD from: WHERE``).

    Parameters
    ----------
    source : str
        A data-table row's ``source`` text.

    Returns
    -------
    dict of str to str
        Cell path -> its whole mark; empty when no cell was set.

    Examples
    --------
    >>> marks = set_marks("EIA. set on the command line (--set data.grid.usa.grid_lead_"
    ...                   "months=72); was 48 from: data/grid.csv")
    >>> marks["data.grid.usa.grid_lead_months"][-32:]
    '=72); was 48 from: data/grid.csv'

    """
    return {m["path"]: m[0] for m in _SET_MARK.finditer(str(source))}


def set_cell_rows() -> list[tuple[str, Any, str, str]]:
    """Assumption rows for the data-table cells set with ``tigris plan --set`` (read
    from the rows of the overlay in force): ``(path, value, "", mark)``, one a cell, so
    a cell the plan's other rows do not name (``nodes.N3.d0_per_cm2``, which moves
    every N3 chip's wafers) is still said to be set (user test s45 #1).

    Returns
    -------
    list of tuple of (str, Any, str, str)
        ``(path, value, "", mark)`` per cell set, the value parsed from its text; empty when
        no overlay is in force.
    """
    from tigris.data import active_overlay

    overlay = active_overlay()
    if overlay is None:
        return []
    found: dict[str, tuple[str, str]] = {}
    for rows in overlay.rows.values():
        for r in rows:
            for m in _SET_MARK.finditer(str(r.get("source", ""))):
                found.setdefault(m["path"], (m["value"], m[0]))
    out: list[tuple[str, Any, str, str]] = []
    for path, (value, mark) in found.items():
        from tigris.scenario.edit import parse_value

        out.append((path, parse_value(value), "", mark))
    return out


def member_overlay(
    cells: Mapping[str, Any],
    data_yaml: str | None,
    source: str = DRAW_SOURCE,
    previous: Mapping[str, Any] | None = None,
) -> str | None:
    """An overlay YAML text that sets ``cells`` on top of the user's overlay text.

    Each cell's row is the user's own entry of that row (name or alias), changed in
    place, or else a new entry ``based_on`` the shipped row of the same name (which
    replaces it: :mod:`tigris.overlay`), keeping its aliases (and a site's label and
    note). Every entry a cell touches gets ``; distribution draw (<path>, ...)`` after
    its ``source`` (a new entry's is the shipped row's: its other columns still cite
    it); a new entry has the shipped row's ``as_of``. With :data:`SET_SOURCE`
    (``tigris plan --set``) each cell adds its own mark instead, ``set on the command
    line (--set PATH=VALUE); was OLD from: WHERE``, after the row's source
    (:func:`set_marks`).

    Parameters
    ----------
    cells : mapping
        Cell path -> value (a whole number for an integer column: a float is rounded).
    data_yaml : str or None
        The user's ``--data`` overlay file text.
    source : str, optional
        What a touched entry's ``source`` says, ``{path}`` the cell paths:
        :data:`DRAW_SOURCE` for a member's draw, :data:`SET_SOURCE` for ``tigris plan
        --set``.
    previous : mapping, optional
        With :data:`SET_SOURCE`: the cells a repeated run (``--from-run``) had set, by
        path, for those set again: the mark's "was" is that run's value and its own
        mark (``was 72 from: set on the command line (--set P=72); was 48 from: ...``),
        as a scenario value set again is (review of 2026-12-05: it quoted the shipped
        48 for a run that had 72).

    Returns
    -------
    str or None
        The overlay text; ``data_yaml`` itself when there are no cells (``None`` when
        there is neither).

    Raises
    ------
    InputError
        A path that is not a cell, an unknown row, a value the column refuses (its
        overlay bounds); field the path.

    Examples
    --------
    >>> text = member_overlay({"nodes.N3.d0_per_cm2": 0.12}, None)
    >>> print(text.splitlines()[1:4])
    ['- name: N3', '  based_on: N3', '  d0_per_cm2: 0.12']
    """
    import yaml

    from tigris.scenario.edit import _Dumper
    from tigris.yamlio import parse_yaml

    if not cells:
        return data_yaml
    doc: dict[str, Any] = {}
    if data_yaml is not None:  # read and written as tigris reads YAML (1.2: 2.1e4 a number)
        loaded = parse_yaml(data_yaml)
        doc = dict(loaded) if isinstance(loaded, Mapping) else {}
    touched: dict[int, tuple[dict[str, Any], list[str], str]] = {}
    # a region's every-year cells first, so that a year's cell of the same column,
    # written to a later entry, wins whichever order the member gives them in
    parsed = sorted(
        ((parse_cell(path), path, value) for path, value in cells.items()),
        key=lambda c: c[0].section in _BY_REGION_YEAR and c[0].year is not None,
    )
    growth = [(c, p, v) for c, p, v in parsed if c.column == AI_GROWTH]
    parsed = [c for c in parsed if c[0].column != AI_GROWTH]
    marks: dict[str, str] = {}  # path -> its mark (tigris plan --set)
    for cell, path, value in parsed:
        v = _value(cell, value)
        if cell.section in ENERGY:  # its rule across the row (a share at most 1 ...)
            row = dict(_energy_rows_shipped(cell)[0])
            row[cell.column] = v
            why = _cross_field(cell, row)
            if why is not None:
                raise InputError(Problem(cell.path, why))
        had = len(doc.get(cell.section) or [])
        entry = _entry_for(doc, cell)
        new = len(doc.get(cell.section) or []) > had
        if source == SET_SOURCE:
            marks[path] = _set_mark(cell, v, entry, new)
            if previous is not None and path in previous:  # the repeated run's value
                from tigris.scenario.edit import _value_text

                had_mark = _set_mark(cell, _value(cell, previous[path]), entry, new)
                was = _value_text(_value(cell, previous[path]))
                marks[path] = f"{_mark_head(cell.path, v)}; was {was} from: {had_mark}"
        entry[cell.column] = v
        # a new entry keeps the shipped row's source: its other columns are still the
        # table's (a drawn lead time beside the grid's emission factor, user test s45 #1)
        before = _shipped_source(cell) if new else ""
        own = touched.setdefault(id(entry), (entry, [], str(entry.get("source", before))))
        own[1].append(path)
    for cell, path, value in growth:  # after the other cells: it scales what they set
        v = _value(cell, value)
        where = f"data/{cell.section}.csv" if data_yaml is None else "--data"
        marks[path] = f"{_mark_head(path, v)}; was 1 from: {where} (the table as it is)"
        for entry in _scale_growth(doc, cell, v):
            own = touched.setdefault(id(entry), (entry, [], str(entry.get("source", ""))))
            own[1].append(path)
    for entry, paths, before in touched.values():
        if source == SET_SOURCE:  # each cell's own mark, after the row's own source
            draw = "; ".join(marks[p] for p in paths)
        else:
            draw = source.format(path=", ".join(paths))
        entry.pop("source", None)  # source and as_of last, as the overlay docs write them
        entry["source"] = f"{before}; {draw}" if before.strip() else draw
        if "as_of" in entry:
            entry["as_of"] = entry.pop("as_of")
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def cells_named(
    exc: InputError, cells: Mapping[str, Any], field: str | None = "--set"
) -> InputError:
    """``exc`` (the data tables with ``--set``'s cells in force refused) with each
    problem of the cells' overlay named by the ``--set`` cells of its table, not by the
    overlay text the cells were written into: a rule across a row's fields
    (``--set nodes.N4.d0_per_cm2=0.01`` below the node's mature 0.044) said
    ``<data>:2: nodes.0.d0_mature_per_cm2``, a file and line the user never wrote
    (user test 2026-12-06). Problems of another file (a ``--data`` file's) are kept.

    Parameters
    ----------
    exc : InputError
        The refusal.
    cells : mapping of str to Any
        The cells in force, by path, with their values.
    field : str or None, optional
        The option that set them (``--set``), or None for a sweep member's cells (its
        line already names its changes): the cells then lead the message.

    Returns
    -------
    InputError
        The same problems, those of the cells' overlay as ``--set: PATH=V: message``
        (``PATH=V: message`` without ``field``).
    """
    from tigris.plan.reuse import DATA_LABEL

    def section(path: str) -> str:
        try:
            return parse_cell(path).section
        except InputError:
            return ""

    out = []
    for p in exc.problems:
        if p.file != DATA_LABEL:
            out.append(p)
            continue
        table = str(p.field).split(".", 1)[0]
        mine = [k for k in cells if section(k) == table] or list(cells)
        shown = ", ".join(f"{k}={_value_text(cells[k])}" for k in mine)
        out.append(Problem(field, f"{shown}: {p.message}") if field else Problem(shown, p.message))
    return InputError(out)


def _value_text(v: Any) -> str:
    """A cell's value as typed on the command line (``0.01``, not ``0.010000``)."""
    return f"{v:g}" if isinstance(v, float) else str(v)
