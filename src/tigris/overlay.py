"""User data overlay: your own sites, nodes, HBM, packaging and accelerators.

The shipped tables (``tigris/data/*.csv``) are read-only; a user adds rows to them, or
replaces a row of the same name, with one YAML file given to any verb as
``--data FILE``::

    sites:
      - name: india
        based_on: japan            # copy every field of a shipped row, then override
        label: "India (Dholera, Gujarat)"
        construction_cost_multiplier: 1.2
        subsidy_share_of_capex: 0.5
        corporate_tax_rate: 0.2517  # else the based_on site's rate (data/tax_rates.csv)
        region: asia-pacific        # its energy region (data/site_regions.csv); optional
        source: "ISM fiscal support of 50% of project cost (MeitY, 2021-12-15)"
        as_of: 2024-03
    nodes:
      - name: N3X
        based_on: N3
        wafer_price_usd: 21000
        source: "Analyst estimate, example"
        as_of: 2025-01
    hbm: []           # same pattern; names are HBM generations
    packaging: []     # same pattern; names are packages (CoWoS-S, ...)
    accelerators: []  # as in an --accelerators file
    grid:             # the energy tables: change columns of shipped rows, add none
      - region: usa   # every year of usa's rows; give year: 2030 for one row
        grid_gco2_per_kwh: 300
        source: "Example: a cleaner grid"
        as_of: 2026-12
    energy_parameters:
      - name: load_factor
        value: 0.6
        source: "Example: inference fleets draw less"
        as_of: 2026-12
    datacenter_capacity: []   # region, year, then mw and/or ai_share
    datacenter_types: []      # name (datacenter, datacenter-gas, ...), then its numbers

Each entry has a ``name`` (the table's key: site, node, HBM generation, package,
accelerator), may copy a row with ``based_on: <name or alias>``, and must carry its
own ``source`` and ``as_of`` as the shipped rows do. An entry without ``based_on``
gives every number of its table. A site's ``corporate_tax_rate`` (for the money of a
plan, ``docs/finance.md``) is kept in ``data/tax_rates.csv``: given here, or copied
from the ``based_on`` site's row. An HBM generation may give the month of ``hvm_year``
in which volume production started (``hvm_month``, 1-12; January without one); a new
generation ``based_on`` another row that gives a new ``hvm_year`` and no ``hvm_month``
starts in January of that year, since the copied month dates the copied year (September
2024 for ``HBM3e-12hi``, not September of the new year); the same ``hvm_year`` as the
row keeps its month. An entry that replaces its own row (``name`` and ``based_on`` the
same generation, as every risk draw or sweep value of ``hbm.<gen>.hvm_year`` is,
:func:`tigris.risk.cells.member_overlay`) keeps the row's month with a new year too: the
same start moved by whole years, as a node's ``hvm_year`` moves, so a draw a year after
the table's September 2024 is September 2025, not January 2025 (four months). Every
problem is reported at once, in the order of the file's lines, as
``file:line: section.index.field: message`` (an unknown field with a "did you mean").

An ``as_of`` is a date, ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (other text is
refused; a date after today is warned about). A site's ``region`` (one of
:data:`tigris.energy.data.REGIONS`) becomes its ``data/site_regions.csv`` row. A site
figure more than :data:`SITE_SCALE_FACTOR` beyond every shipped site's is warned about
as a likely unit slip (``warning: file:line: ...``). A plan cites a figure it reads
from the file to the file's line with the entry's source and ``as_of``
(:func:`overlay_source`).

The energy sections (:data:`ENERGY_SECTIONS`: ``grid``, ``datacenter_capacity``,
``energy_parameters``, ``datacenter_types``) change rows the shipped tables have: an
entry names its rows (``region`` and ``year``, every year of the region without one;
or ``name``), the columns it gives replace theirs, the rest stay, and it adds no row; a
share parameter (``load_factor``) stays at most 1, a ratio (``it_overhead``,
``design_pue``) at least 1. Their cells are what a sweep's ``--set`` or a risk
distribution varies as ``data.grid.usa.grid_gco2_per_kwh`` (docs/risk.md).

The overlay is an explicit context, never a global change: :func:`data_overlay` (or
:func:`tigris.data.using_overlay` with :func:`load_overlay`'s result) applies it inside
a ``with`` block, and every table reader and cached lookup sees it there only.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, Field, ValidationError

from tigris.catalog import custom_parts, load_catalog, warn_once
from tigris.catalog_schema import AsOf, CustomAccelerator, future_as_of
from tigris.data import KEY_COLUMNS, DataOverlay, load_rows, using_overlay
from tigris.errors import InputError, Problem, did_you_mean, unknown_name
from tigris.scenario.schema import MAX_MONTHS, MAX_QUANTITY, MAX_USD, YEAR_MAX
from tigris.silicon.yields import DEFAULT_HVM_MONTH
from tigris.yamlio import MAX_NAME_CHARS, STRICT_MODEL, Locator, validation_problems

__all__ = [
    "ENERGY_SECTIONS",
    "SECTIONS",
    "data_overlay",
    "data_overlay_text",
    "energy_rule",
    "load_overlay",
    "overlay_source",
]

#: Sections of an overlay file, each extending the shipped table of the same name.
SECTIONS = ("sites", "nodes", "hbm", "packaging", "accelerators")
#: Sections that change rows of a shipped energy table (docs/energy.md, "Data"): they
#: replace columns of existing rows and add none.
ENERGY_SECTIONS = ("grid", "datacenter_capacity", "energy_parameters", "datacenter_types")
#: Largest wafer any standard specifies [mm] (SEMI M76, 450 mm); a validation bound,
#: not data: die counts loop over the wafer, so a huge diameter must be refused.
MAX_WAFER_MM = 450.0
#: Earliest year a process node may have entered volume production (a validation bound).
NODE_YEAR_MIN = 1950
#: Largest number a cell of a fab or energy table may hold, in its column's unit, where
#: the column has no tighter bound: the scenario's bounds on money and quantities
#: (:data:`~tigris.scenario.schema.MAX_USD`, :data:`~tigris.scenario.schema.MAX_QUANTITY`,
#: both 1e15). A validation bound, not data: ``electricity_usd_per_mwh: 1e300``
#: overflowed the plan's costs to infinity, and HiGHS refused the model ("no plan
#: (unknown)").
MAX_CELL = max(MAX_USD, MAX_QUANTITY)


class _Entry(BaseModel):
    """Fields every overlay entry has; strict numbers as in scenario files."""

    model_config = STRICT_MODEL

    #: Numeric fields an entry without ``based_on`` must give.
    REQUIRED: ClassVar[tuple[str, ...]] = ()
    #: Overlay field -> column of the shipped table (where they differ).
    COLUMNS: ClassVar[dict[str, str]] = {}

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=r"\S")
    based_on: str | None = None
    source: str = Field(min_length=1, pattern=r"\S")
    as_of: AsOf


class _SiteEntry(_Entry):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "construction_cost_multiplier",
        "permit_months",
        "construction_months",
        "ramp_months",
        "electricity_usd_per_kwh",
        "labour_usd_per_fte_year",
        "water_usd_per_m3",
        "subsidy_share_of_capex",
    )
    COLUMNS: ClassVar[dict[str, str]] = {"name": "site", "label": "name"}

    aliases: list[str] = []
    label: str | None = None
    note: str | None = None
    construction_cost_multiplier: float | None = Field(None, gt=0, le=MAX_CELL)
    permit_months: float | None = Field(None, ge=0, le=MAX_MONTHS)
    construction_months: float | None = Field(None, gt=0, le=MAX_MONTHS)
    # a fab ramps over a time > 0 (the logistic ramp divides by it; the scenario's own
    # sites.N.ramp_months is > 0 too): 0 was a ZeroDivisionError traceback
    ramp_months: float | None = Field(None, gt=0, le=MAX_MONTHS)
    electricity_usd_per_kwh: float | None = Field(None, ge=0, le=MAX_CELL)
    labour_usd_per_fte_year: float | None = Field(None, ge=0, le=MAX_CELL)
    water_usd_per_m3: float | None = Field(None, ge=0, le=MAX_CELL)
    subsidy_share_of_capex: float | None = Field(None, ge=0, lt=1)
    corporate_tax_rate: float | None = Field(None, ge=0, lt=1)
    # the site's energy region (data/site_regions.csv; one of tigris.energy.data.REGIONS):
    # kept there, so every scenario and `tigris fab` find it without a region of their own
    region: str | None = Field(None, min_length=1, max_length=MAX_NAME_CHARS)


class _NodeEntry(_Entry):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "hvm_year",
        "wafer_diameter_mm",
        "wafer_price_usd",
        "d0_per_cm2",
        "d0_mature_per_cm2",
        "d0_learning_months",
        "mask_layers",
        "euv_layers",
        "high_na_euv_layers",
    )
    COLUMNS: ClassVar[dict[str, str]] = {"name": "node"}

    family: str | None = None
    hvm_year: int | None = Field(None, ge=NODE_YEAR_MIN, le=YEAR_MAX)
    # optional: January without it (tigris.silicon.yields.DEFAULT_HVM_MONTH)
    hvm_month: int | None = Field(None, ge=1, le=12)
    wafer_diameter_mm: float | None = Field(None, gt=0, le=MAX_WAFER_MM)
    wafer_price_usd: float | None = Field(None, gt=0, le=MAX_CELL)
    d0_per_cm2: float | None = Field(None, ge=0, le=MAX_CELL)
    d0_mature_per_cm2: float | None = Field(None, ge=0, le=MAX_CELL)
    d0_learning_months: float | None = Field(None, gt=0, le=MAX_MONTHS)
    mask_layers: int | None = Field(None, ge=1, le=MAX_CELL)
    euv_layers: int | None = Field(None, ge=0, le=MAX_CELL)
    high_na_euv_layers: int | None = Field(None, ge=0, le=MAX_CELL)


class _HbmEntry(_Entry):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "stack_capacity_gb",
        "dies_per_stack",
        "footprint_mm2",
        "price_usd_per_gb",
    )
    COLUMNS: ClassVar[dict[str, str]] = {"name": "generation"}

    stack_capacity_gb: float | None = Field(None, gt=0, le=MAX_CELL)
    dies_per_stack: int | None = Field(None, ge=1, le=MAX_CELL)
    footprint_mm2: float | None = Field(None, gt=0, le=MAX_CELL)
    price_usd_per_gb: float | None = Field(None, ge=0, le=MAX_CELL)
    # for good stacks per DRAM wafer (tigris.silicon.hbm); optional, named when missing
    dram_die_area_mm2: float | None = Field(None, gt=0, le=MAX_CELL)
    base_dies_per_stack: int | None = Field(None, ge=0, le=MAX_CELL)
    hvm_year: int | None = Field(None, ge=NODE_YEAR_MIN, le=YEAR_MAX)
    # month of hvm_year volume production started (silicon.hbm.hbm_hvm_month); without
    # one, January, also for an entry based_on another row that moves its hvm_year; one
    # replacing its own row keeps the row's month (_moves_hvm_year)
    hvm_month: int | None = Field(None, ge=1, le=12)
    dram_d0_per_cm2: float | None = Field(None, ge=0, le=MAX_CELL)
    dram_d0_mature_per_cm2: float | None = Field(None, ge=0, le=MAX_CELL)
    dram_d0_learning_months: float | None = Field(None, gt=0, le=MAX_MONTHS)
    bond_yield_per_die: float | None = Field(None, gt=0, le=1)
    # bonding-yield learning (tigris.silicon.bond_yield_at); optional: mature throughout
    bond_yield_per_die_start: float | None = Field(None, gt=0, le=1)
    bond_yield_learning_months: float | None = Field(None, gt=0, le=MAX_MONTHS)


class _PackagingEntry(_Entry):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "interposer_area_factor",
        "interposer_aspect_ratio",
        "interposer_wafer_diameter_mm",
        "interposer_wafer_price_usd",
        "interposer_yield",
        "assembly_cost_usd",
        "test_cost_usd",
        "package_yield",
    )
    COLUMNS: ClassVar[dict[str, str]] = {"name": "package"}

    interposer_area_factor: float | None = Field(None, gt=0, le=MAX_CELL)
    interposer_aspect_ratio: float | None = Field(None, gt=0, le=MAX_CELL)
    interposer_wafer_diameter_mm: float | None = Field(None, gt=0, le=MAX_WAFER_MM)
    interposer_wafer_price_usd: float | None = Field(None, ge=0, le=MAX_CELL)
    interposer_yield: float | None = Field(None, gt=0, le=1)
    assembly_cost_usd: float | None = Field(None, ge=0, le=MAX_CELL)
    test_cost_usd: float | None = Field(None, ge=0, le=MAX_CELL)
    package_yield: float | None = Field(None, gt=0, le=1)
    # package-yield learning (tigris.silicon.chip.package_yield_at); optional
    hvm_year: int | None = Field(None, ge=NODE_YEAR_MIN, le=YEAR_MAX)
    package_yield_start: float | None = Field(None, gt=0, le=1)
    package_yield_learning_months: float | None = Field(None, gt=0, le=MAX_MONTHS)
    # largest interposer in reticle fields (custom parts are checked against it); optional
    max_interposer_reticles: float | None = Field(None, gt=0, le=MAX_CELL)


class _EnergyEntry(BaseModel):
    """A change to rows of a shipped energy table (``data/grid.csv`` ...): the columns
    given replace the rows' own, the rest stay; it must carry its own ``source`` and
    ``as_of``. It adds no row (the planner knows only the shipped regions, years,
    parameters and data-centre types)."""

    model_config = STRICT_MODEL

    #: The table's columns naming its rows, as the entry writes them (``region, year``;
    #: ``name`` for the table's key column).
    KEYS: ClassVar[tuple[str, ...]] = ()
    #: Overlay field -> column of the shipped table (where they differ).
    COLUMNS: ClassVar[dict[str, str]] = {}

    source: str = Field(min_length=1, pattern=r"\S")
    as_of: AsOf


class _GridEntry(_EnergyEntry):
    """``data/grid.csv``: a region's row of one ``year``, or every year without one."""

    KEYS: ClassVar[tuple[str, ...]] = ("region", "year")

    region: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    year: int | None = Field(None, ge=NODE_YEAR_MIN, le=YEAR_MAX)
    grid_headroom_mw: float | None = Field(None, ge=0, le=MAX_CELL)
    grid_lead_months: int | None = Field(None, ge=0, le=MAX_MONTHS)
    electricity_usd_per_mwh: float | None = Field(None, ge=0, le=MAX_CELL)
    grid_gco2_per_kwh: float | None = Field(None, ge=0, le=MAX_CELL)
    pue: float | None = Field(None, ge=1, le=MAX_CELL)


class _CapacityEntry(_EnergyEntry):
    """``data/datacenter_capacity.csv``: a region's row of one year (or every year)."""

    KEYS: ClassVar[tuple[str, ...]] = ("region", "year")

    region: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    year: int | None = Field(None, ge=NODE_YEAR_MIN, le=YEAR_MAX)
    mw: float | None = Field(None, ge=0, le=MAX_CELL)
    ai_share: float | None = Field(None, ge=0, le=1)


class _ParameterEntry(_EnergyEntry):
    """``data/energy_parameters.csv``: one parameter's ``value`` (its unit the row's)."""

    KEYS: ClassVar[tuple[str, ...]] = ("name",)
    COLUMNS: ClassVar[dict[str, str]] = {"name": "parameter"}

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    value: float | None = Field(None, gt=0, le=MAX_CELL)


class _DatacenterTypeEntry(_EnergyEntry):
    """``data/datacenter_types.csv``: a data-centre type's numbers."""

    KEYS: ClassVar[tuple[str, ...]] = ("name",)
    COLUMNS: ClassVar[dict[str, str]] = {"name": "facility"}

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    module_mw: float | None = Field(None, gt=0, le=MAX_CELL)
    capex_usd_per_mw: float | None = Field(None, ge=0, le=MAX_CELL)
    construction_months: float | None = Field(None, gt=0, le=MAX_MONTHS)
    ramp_months: float | None = Field(None, ge=0, le=MAX_MONTHS)
    opex_usd_per_mw_year: float | None = Field(None, ge=0, le=MAX_CELL)
    energy_usd_per_mwh: float | None = Field(None, ge=0, le=MAX_CELL)
    pue: float | None = Field(None, ge=1, le=MAX_CELL)
    gco2_per_kwh: float | None = Field(None, ge=0, le=MAX_CELL)
    # on-site generation's fuel per kWh (docs/energy.md, "Data", gas burned): settable as the
    # other numbers (user test 2026-12-06: "unknown column" of a documented column)
    heat_rate_btu_per_kwh: float | None = Field(None, ge=0, le=MAX_CELL)


#: Columns of ``data/grid.csv`` that hold one value per region (the same in every year,
#: as :mod:`tigris.energy.data` reads them): a ``grid`` entry changing them names no year.
GRID_REGION_COLUMNS = ("grid_lead_months", "pue")
#: Energy parameters (``data/energy_parameters.csv``) that are a share of something
#: (at most 1) or a ratio of a whole to its part (at least 1); their rows' units.
SHARE_PARAMETERS = ("load_factor", "datacenter_utilisation")
RATIO_PARAMETERS = ("it_overhead", "design_pue")


class _OverlayFile(BaseModel):
    model_config = STRICT_MODEL

    sites: list[_SiteEntry] = []
    nodes: list[_NodeEntry] = []
    hbm: list[_HbmEntry] = []
    packaging: list[_PackagingEntry] = []
    accelerators: list[CustomAccelerator] = []
    grid: list[_GridEntry] = []
    datacenter_capacity: list[_CapacityEntry] = []
    energy_parameters: list[_ParameterEntry] = []
    datacenter_types: list[_DatacenterTypeEntry] = []


#: What a name in each section names (for messages).
_KIND = {"sites": "site", "nodes": "node", "hbm": "HBM generation", "packaging": "package"}


def _problem(loc: tuple[Any, ...], msg: str, file: str, locate: Locator) -> Problem:
    return Problem(".".join(map(str, loc)), msg, file, locate(loc))


def _names(rows: list[dict[str, Any]], key: str, aliases: bool) -> dict[str, int]:
    """Lower-case name (and alias) -> row index."""
    out: dict[str, int] = {}
    for i, row in enumerate(rows):
        out[str(row[key]).strip().lower()] = i
        text = row.get("aliases") if aliases else None
        if isinstance(text, str):
            for a in text.split("|"):
                if a.strip():
                    out.setdefault(a.strip().lower(), i)
    return out


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _section(
    section: str, entries: list[_Entry], file: str, locate: Locator
) -> tuple[tuple[dict[str, Any], ...], list[Problem]]:
    """Complete table rows for one section's entries, and what is wrong with them."""
    key = KEY_COLUMNS[section]
    table = load_rows(section)  # shipped rows (no overlay is in force while loading)
    nan = float("nan")
    out: list[dict[str, Any]] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        name = entry.name.strip()
        if name.lower() in seen:
            msg = f"'{name}' is defined twice in this file (names are case-insensitive)"
            problems.append(_problem((section, i, "name"), msg, file, locate))
            continue
        seen.add(name.lower())
        names = _names(table, key, aliases=section == "sites")
        row: dict[str, Any] = {}
        if entry.based_on is not None:
            j = names.get(entry.based_on.strip().lower())
            if j is None:
                here = {e.name.strip().lower() for e in entries}
                if entry.based_on.strip().lower() in here:
                    # an entry of this file: based_on copies a shipped row only, so two
                    # entries based on each other read "unknown" (a bad-input review of
                    # 2026-12-07 took it for a loop not named)
                    msg = (
                        f"'{entry.based_on.strip()}' is an entry of this file; based_on "
                        f"copies a shipped {_KIND[section]}'s row (give this entry's fields, "
                        "or base both on a shipped row)"
                    )
                else:
                    known = [str(r[key]) for r in table]
                    msg = str(unknown_name(_KIND[section], entry.based_on, known))
                problems.append(_problem((section, i, "based_on"), msg, file, locate))
                continue
            row = dict(table[j])
            row.pop("aliases", None)  # aliases belong to the row copied, not to the copy
        given = entry.model_dump(exclude_none=True, exclude={"based_on", "aliases", "region"})
        for field, value in given.items():
            row[entry.COLUMNS.get(field, field)] = value
        row[key] = name
        if section == "sites":
            # a site's key is matched as the shipped rows' are, in lower case (a
            # scenario's sites, --site, --set sites.X): "Malaysia" was listed as known
            # and then not found ("unknown site 'malaysia' (did you mean 'Malaysia'?)",
            # user test 2026-12-07, scenario author #2); the label keeps the case given
            row[key] = name.lower()
            if entry.label is None:  # the long label: the key, not the copied site's
                row["name"] = name
            row["note"] = entry.note or (f"based on {entry.based_on}" if entry.based_on else "")
            # which site it copies: its subsidy programmes are that site's
            # (tigris.fab.data._rows_for; user test s57, fab siting #3)
            row["based_on"] = entry.based_on.strip().lower() if entry.based_on else nan
            row["aliases"] = "|".join(a.strip().lower() for a in entry.aliases) or nan
        if section == "nodes":
            row.setdefault("family", name)
            # copied with based_on like every field (a risk draw of hvm_year at the
            # table's value then leaves the date as it is); else January
            row.setdefault("hvm_month", DEFAULT_HVM_MONTH)
        if section == "hbm" and _moves_hvm_year(entry, table, names):
            # the copied month belongs to the copied year: a new year without a month
            # starts in January, as any HBM row without one (module docstring)
            row["hvm_month"] = DEFAULT_HVM_MONTH
        missing = [f for f in entry.REQUIRED if _is_missing(row.get(entry.COLUMNS.get(f, f)))]
        if missing:
            msg = f"give {', '.join(missing)} (or based_on: an existing {_KIND[section]})"
            problems.append(_problem((section, i), msg, file, locate))
            continue
        _warn_future(section, i, entry.as_of, file, locate)
        if section == "sites" and not _is_draw(entry.source):
            _warn_site_scale(i, given, file, locate)
        if section in PRICE_COLUMNS and not _is_draw(entry.source):
            _warn_price_slips(section, i, given, file, locate)
        found = _clash(i, entry, names, table, file, locate) if section == "sites" else []
        found += _cross_field(section, i, row, file, locate, given=set(given))
        if found:
            problems += found
            continue
        existing = names.get(name.lower())
        if existing is not None and str(table[existing][key]).strip().lower() == name.lower():
            table[existing] = row
        else:
            table.append(row)
        out.append(row)
    return tuple(out), problems


#: Columns of ``data/sites.csv`` a ``sites`` entry's figure is compared with the shipped
#: rows on (a share, ``subsidy_share_of_capex``, is bounded by the schema instead).
SITE_SCALE_COLUMNS = tuple(c for c in _SiteEntry.REQUIRED if c != "subsidy_share_of_capex")
#: How far beyond the shipped sites' smallest or largest figure a site's may lie
#: before it is warned about as a likely unit slip [-]: below the smallest slip these
#: columns meet (12x, years written as months; $/MWh for $/kWh is 1,000x) and above
#: the distance between neighbouring shipped rows (tigris judgement; a warning, not a
#: refusal: a what-if may mean it). Zero is no slip (0 in any unit) and not warned.
SITE_SCALE_FACTOR = 5.0


def _is_draw(source: str) -> bool:
    """Whether an entry is a risk or sweep member's draw (its distribution's range was
    checked when the scenario was; :data:`tigris.risk.cells.DRAW_SOURCE`) or a cell
    ``tigris plan --set`` set (its value checked as given, :data:`~tigris.risk.cells.
    SET_SOURCE`)."""
    from tigris.risk.cells import DRAW_SOURCE, SET_SOURCE

    return any(t.split("(")[0] in source for t in (DRAW_SOURCE, SET_SOURCE))


def _warn_site_scale(i: int, given: Mapping[str, Any], file: str, locate: Locator) -> None:
    """Write ``warning: file:line: sites.i.FIELD: ...`` once a process for a figure
    more than :data:`SITE_SCALE_FACTOR` beyond every shipped site's (user test
    UT-CONTRIB 2026-12-04, finding 8: ``electricity_usd_per_kwh: 95``, a $/MWh figure,
    made a wafer cost $308,831; ``construction_months: 2``)."""
    shipped = load_rows("sites")
    for column in SITE_SCALE_COLUMNS:
        value = given.get(column)
        known = [float(r[column]) for r in shipped if not _is_missing(r.get(column))]
        if value is None or not value or not known:
            continue
        low, high = min(known), max(known)
        if low / SITE_SCALE_FACTOR <= float(value) <= high * SITE_SCALE_FACTOR:
            continue
        msg = (
            f"{float(value):.6g} is beyond every shipped site's by more than "
            f"{SITE_SCALE_FACTOR:g}x (data/sites.csv: {low:.6g} to {high:.6g}): check the "
            "figure and its unit (the column's name says it)"
        )
        warn_once(str(_problem(("sites", i, column), msg, file, locate)))


#: The price columns of the silicon tables a ``--data`` entry's figure is compared with
#: the shipped rows on, from below (user test s57 #4: ``wafer_price_usd: 17`` for
#: $17k priced an H100's logic at $0.40 without a word, as a part's ``price_usd`` in
#: $k is warned of): each [USD, or USD/GB for HBM].
PRICE_COLUMNS: dict[str, tuple[str, ...]] = {
    "nodes": ("wafer_price_usd",),
    "packaging": ("interposer_wafer_price_usd", "assembly_cost_usd", "test_cost_usd"),
    "hbm": ("price_usd_per_gb",),
}
#: The unit of each price column, as its message says it (USD where not listed).
_PRICE_UNITS = {
    "wafer_price_usd": "USD a wafer",
    "interposer_wafer_price_usd": "USD a wafer",
    "assembly_cost_usd": "USD a package",
    "test_cost_usd": "USD a package",
    "price_usd_per_gb": "USD a GB",
}


def _warn_price_slips(
    section: str, i: int, given: Mapping[str, Any], file: str, locate: Locator
) -> None:
    """Write ``warning: file:line: SECTION.i.FIELD: ...`` once a process for a price of
    :data:`PRICE_COLUMNS` more than :data:`tigris.catalog_schema.PRICE_BELOW_FACTOR`
    below every shipped row's: a price in thousands is 1,000x short (a warning, not a
    refusal: a what-if may mean a cheap wafer; zero is no slip and not warned)."""
    from tigris.catalog_schema import PRICE_BELOW_FACTOR

    key = KEY_COLUMNS[section]
    shipped = load_rows(section)
    for column in PRICE_COLUMNS[section]:
        value = given.get(column)
        known = [(float(r[column]), str(r[key])) for r in shipped if not _is_missing(r.get(column))]
        if value is None or not value or not known:
            continue
        low, name = min(known)
        if float(value) >= low / PRICE_BELOW_FACTOR:
            continue
        msg = (
            f"{float(value):.6g} is {low / float(value):.3g}x below every shipped "
            f"{_KIND[section]}'s (data/{section}.csv: smallest {low:.6g}, {name}): the "
            f"column is in {_PRICE_UNITS.get(column, 'USD')}, and a price written in "
            "thousands is 1,000x short; check the figure"
        )
        warn_once(str(_problem((section, i, column), msg, file, locate)))


def _warn_future(section: str, i: int, as_of: str, file: str, locate: Locator) -> None:
    """Write ``warning: file:line: SECTION.i.as_of: ...`` once a process when an entry's
    ``as_of`` lies after today (:func:`tigris.catalog_schema.future_as_of`)."""
    why = future_as_of(as_of)
    if why is None:
        return
    warn_once(str(_problem((section, i, "as_of"), why, file, locate)))


def _moves_hvm_year(entry: _Entry, table: list[dict[str, Any]], names: dict[str, int]) -> bool:
    """Whether an HBM entry ``based_on`` another row gives another ``hvm_year`` than that
    row's and no ``hvm_month`` (then the row's month, a date of its own year, is not
    kept). An entry replacing its own row (``name`` is ``based_on``: a risk draw or sweep
    value of ``hbm.<gen>.hvm_year``) moves the same start by whole years and keeps it."""
    if entry.based_on is None or getattr(entry, "hvm_month", None) is not None:
        return False
    if entry.name.strip().lower() == entry.based_on.strip().lower():
        return False
    year = getattr(entry, "hvm_year", None)
    base = table[names[entry.based_on.strip().lower()]]
    old = base.get("hvm_year")
    return year is not None and (_is_missing(old) or int(old) != int(year))


def _clash(
    i: int,
    entry: _Entry,
    names: dict[str, int],
    table: list[dict[str, Any]],
    file: str,
    locate: Locator,
) -> list[Problem]:
    """A site name that is another site's alias, or an alias that names another site."""
    section, key = "sites", KEY_COLUMNS["sites"]
    own = entry.name.strip().lower()
    j = names.get(own)
    out = []
    if j is not None and str(table[j][key]).strip().lower() != own:
        msg = f"'{entry.name}' is an alias of site '{table[j][key]}'; choose another name"
        out.append(_problem((section, i, "name"), msg, file, locate))
    replaced = j if j is not None and str(table[j][key]).strip().lower() == own else None
    for alias in getattr(entry, "aliases", []):
        k = names.get(alias.strip().lower())
        if k is not None and k != replaced:
            msg = f"alias '{alias}' already names site '{table[k][key]}'; choose another alias"
            out.append(_problem((section, i, "aliases"), msg, file, locate))
    return out


def _cross_field(
    section: str,
    i: int,
    row: Mapping[str, Any],
    file: str,
    locate: Locator,
    given: set[str] | None = None,
) -> list[Problem]:
    """Rules across fields of a completed row (after ``based_on`` is applied); ``given``
    the fields the entry itself wrote (a problem is named on one of them)."""
    out = []
    if section == "nodes":
        if row["d0_mature_per_cm2"] > row["d0_per_cm2"]:
            msg = (
                f"mature defect density {row['d0_mature_per_cm2']:g} exceeds d0_per_cm2 "
                f"{row['d0_per_cm2']:g}; the learning curve falls from one to the other"
            )
            out.append(_problem((section, i, "d0_mature_per_cm2"), msg, file, locate))
        euv = row["euv_layers"] + row["high_na_euv_layers"]
        if euv > row["mask_layers"]:
            msg = f"{euv} EUV layers (Low-NA + High-NA) exceed mask_layers {row['mask_layers']}"
            out.append(_problem((section, i, "euv_layers"), msg, file, locate))
    if section == "hbm":
        out += _hbm_cross_field(i, row, file, locate, given or set())
    return out


#: Bits in a byte: a stack's GB x 8 is its Gb [bit/byte].
BITS_PER_BYTE = 8
#: Most DRAM dies in an HBM stack: JEDEC's HBM4 standard allows 4- to 16-high stacks
#: (JESD270-4, April 2025, as in ``data/hbm.csv``'s HBM4 and HBM4E rows); deeper stacks
#: have no public die data [dies].
MAX_HBM_DIES_PER_STACK = 16
#: Band around the shipped generations' DRAM die densities (``data/hbm.csv``: stack GB x
#: 8 / dies / die area, 0.087 Gb/mm^2 for HBM2 to 0.208 for HBM4E) an overlay row may
#: reach: half the sparsest to twice the densest, about a DRAM node and a half either
#: way (a tigris plausibility band, not a fit: it refuses a die of 0.001 mm^2 or a
#: stack of 100,000 GB, not a what-if of a denser die) [-].
HBM_DENSITY_BAND = 2.0


def _hbm_density(row: Mapping[str, Any]) -> float | None:
    """DRAM die density of an HBM row, ``stack GB x 8 / dies / die area`` [Gb/mm^2]."""
    area = row.get("dram_die_area_mm2")
    gb, dies = row.get("stack_capacity_gb"), row.get("dies_per_stack")
    if any(_is_missing(v) for v in (area, gb, dies)) or float(area) <= 0 or int(dies) < 1:
        return None
    return float(gb) * BITS_PER_BYTE / int(dies) / float(area)


def _hbm_cross_field(
    i: int, row: Mapping[str, Any], file: str, locate: Locator, given: set[str]
) -> list[Problem]:
    """What no HBM generation can be, across fields of a completed ``hbm`` row.

    Refused, each at its ``file:line`` and field: more dies than JEDEC's 16-high maximum
    (:data:`MAX_HBM_DIES_PER_STACK`); a DRAM die density (stack GB x 8 / dies / die
    area) outside :data:`HBM_DENSITY_BAND` of the shipped generations' range, named on
    the field the entry gave (a 20-high stack still at 24 GB, a 0.001 mm^2 die, 100,000
    GB a stack); a mature D0 above the starting one, or a bonding yield that starts
    above its mature value (learning curves fall, :func:`tigris.silicon.defect_density`,
    and rise, :func:`tigris.silicon.hbm.bond_yield_at`).
    """
    out = []
    sec = "hbm"
    dies = row.get("dies_per_stack")
    if not _is_missing(dies) and int(dies) > MAX_HBM_DIES_PER_STACK:
        msg = (
            f"{int(dies)} dies per stack; JEDEC's HBM4 standard stops at "
            f"{MAX_HBM_DIES_PER_STACK}-high (JESD270-4, 2025)"
        )
        out.append(_problem((sec, i, "dies_per_stack"), msg, file, locate))
    density = _hbm_density(row)
    shipped = [d for d in map(_hbm_density, load_rows("hbm")) if d is not None]
    if density is not None and shipped:
        low, high = min(shipped) / HBM_DENSITY_BAND, max(shipped) * HBM_DENSITY_BAND
        if not low <= density <= high:
            msg = (
                f"{row['stack_capacity_gb']:g} GB on {int(row['dies_per_stack'])} dies of "
                f"{row['dram_die_area_mm2']:g} mm^2 is {density:.4g} Gb/mm^2 a DRAM die; "
                f"the shipped generations span {min(shipped):.3g}-{max(shipped):.3g} "
                f"(data/hbm.csv), and {low:.3g}-{high:.3g} is allowed"
            )
            named = [
                f
                for f in ("stack_capacity_gb", "dram_die_area_mm2", "dies_per_stack")
                if f in given
            ] or ["stack_capacity_gb"]
            out.append(_problem((sec, i, named[0]), msg, file, locate))
    pairs = (
        ("dram_d0_mature_per_cm2", "dram_d0_per_cm2", "exceeds", "falls"),
        ("bond_yield_per_die_start", "bond_yield_per_die", "exceeds", "rises"),
    )
    for field, other, _, way in pairs:
        a, b = row.get(field), row.get(other)
        if _is_missing(a) or _is_missing(b) or float(a) <= float(b):
            continue
        what = "mature defect density" if field.startswith("dram_d0") else "starting bond yield"
        msg = (
            f"{what} {float(a):g} exceeds {other} {float(b):g}; the learning curve "
            f"{way} from the start to the mature value"
        )
        out.append(_problem((sec, i, field), msg, file, locate))
    return out


def energy_rule(section: str, row: Mapping[str, Any]) -> str | None:
    """The rule across a completed energy row, or None: a share parameter
    (:data:`SHARE_PARAMETERS`, a fraction of rated power or capacity) at most 1, a ratio
    (:data:`RATIO_PARAMETERS`, a whole over its part: IT with overhead, facility over
    IT) at least 1.

    Parameters
    ----------
    section : str
        One of :data:`ENERGY_SECTIONS`.
    row : mapping
        The row with the entry's columns in place.

    Returns
    -------
    str or None
    """
    if section != "energy_parameters":
        return None
    name, value = str(row["parameter"]), float(row["value"])
    if name in SHARE_PARAMETERS and value > 1:
        return f"{name} is a share (at most 1), got {value:g}"
    if name in RATIO_PARAMETERS and value < 1:
        return f"{name} is a ratio of a whole to its part (at least 1), got {value:g}"
    return None


def energy_matches(section: str, rows: list[dict[str, Any]], key: Mapping[str, Any]) -> list[int]:
    """Indices of the rows of an energy table an entry's key names (case-insensitive;
    a ``grid`` or ``datacenter_capacity`` entry without ``year`` names every year of
    its region).

    Parameters
    ----------
    section : str
        One of :data:`ENERGY_SECTIONS`.
    rows : list of dict
        The table's rows.
    key : mapping
        ``region`` and ``year`` (or None), or ``name``.

    Returns
    -------
    list of int
    """
    if section in ("grid", "datacenter_capacity"):
        region, year = str(key["region"]).strip().lower(), key.get("year")
        return [
            i
            for i, r in enumerate(rows)
            if str(r["region"]).strip().lower() == region
            and (year is None or int(r["year"]) == int(year))
        ]
    col = KEY_COLUMNS[section]
    name = str(key["name"]).strip().lower()
    return [i for i, r in enumerate(rows) if str(r[col]).strip().lower() == name]


def _energy_section(
    section: str, entries: list[_EnergyEntry], file: str, locate: Locator
) -> tuple[tuple[dict[str, Any], ...], list[Problem]]:
    """The shipped rows the entries change, with their columns in place, in order (a
    later entry's columns win), and what is wrong with the entries."""
    table = load_rows(section)
    touched: dict[int, None] = {}
    problems: list[Problem] = []
    seen: set[tuple[str, ...]] = set()
    for i, entry in enumerate(entries):
        key = {k: getattr(entry, k) for k in entry.KEYS}
        ident = tuple(str(v).strip().lower() for v in key.values())
        if ident in seen:
            msg = f"{', '.join(f'{k} {v}' for k, v in key.items())} is given twice in this file"
            problems.append(_problem((section, i), msg, file, locate))
            continue
        seen.add(ident)
        found = energy_matches(section, table, key)
        if not found:
            if "region" in key:
                regions = sorted({str(r["region"]) for r in table})
                years = sorted({int(r["year"]) for r in table})
                if str(key["region"]).strip().lower() in regions:
                    where = "year"
                    msg = (
                        f"no row of {key['region']} in {key['year']} in data/{section}.csv "
                        f"(years {years[0]}-{years[-1]}); an overlay changes rows, it adds none"
                    )
                else:
                    where = "region"
                    msg = str(unknown_name("region", str(key["region"]), regions))
            else:
                col = KEY_COLUMNS[section]
                known = [str(r[col]) for r in table]
                kind = "parameter" if section == "energy_parameters" else "data-centre type"
                msg = str(unknown_name(kind, str(key["name"]), known))
                where = "name"
            problems.append(_problem((section, i, where), msg, file, locate))
            continue
        given = entry.model_dump(exclude_none=True, exclude=set(entry.KEYS))
        if len(given) == 2:  # source and as_of only
            msg = "give at least one number to change"
            problems.append(_problem((section, i), msg, file, locate))
            continue
        fixed = [c for c in GRID_REGION_COLUMNS if c in given] if section == "grid" else []
        if fixed and key.get("year") is not None:
            msg = f"{fixed[0]} is one value per region (every year the same): give no year"
            problems.append(_problem((section, i, fixed[0]), msg, file, locate))
            continue
        for j in found:
            row = dict(table[j])
            for name, value in given.items():
                row[entry.COLUMNS.get(name, name)] = value
            why = energy_rule(section, row)
            if why is not None:
                problems.append(_problem((section, i, "value"), why, file, locate))
                break
            table[j] = row
            touched[j] = None
    return tuple(table[j] for j in sorted(touched)), problems


def _accelerator_rows(
    specs: list[Any],
    file: str,
    locate: Locator,
    tables: dict[str, tuple[dict[str, Any], ...]],
) -> tuple[tuple[dict[str, Any], ...], list[Problem]]:
    """Rows of the accelerators table for the overlay's parts (as ``--accelerators``).

    ``tables`` are the file's own ``nodes``, ``hbm`` and ``packaging`` rows: a part may
    name a node the same file adds, and one naming no row of either is refused here,
    with its line (:func:`tigris.catalog.custom_parts`).
    """
    added, problems = custom_parts(specs, load_catalog(), file, locate, tables=tables)
    nan = float("nan")
    rows = []
    for acc in added.values():
        row = {k: nan if v is None else v for k, v in acc.to_dict().items()}
        row["aliases"] = "|".join(acc.aliases) or nan
        rows.append(row)
    return tuple(rows), problems


#: A part's field naming a row of another section of the file: field -> section.
_NAMED_SECTIONS = {
    "node": "nodes",
    "base_die_node": "nodes",
    "hbm_generation": "hbm",
    "package": "packaging",
}


def _not_refused_twice(found: list[Problem], parsed: _OverlayFile) -> list[Problem]:
    """A part's problems, less "unknown node 'NX'" where the file defines ``NX`` in an
    entry refused for a problem of its own, already listed at its line (user test s57
    #6a: a node refused for its ``d0_mature_per_cm2`` was also "unknown" at the part
    that names it, and the hint said to add it with --data, where it was)."""
    import re

    defined = {
        (section, e.name.strip().lower())
        for section in set(_NAMED_SECTIONS.values())
        for e in getattr(parsed, section) or []
    }
    out = []
    for p in found:
        field = (p.field or "").rsplit(".", 1)[-1]
        named = re.match(r"unknown [^']*'([^']+)'", p.message)
        section = _NAMED_SECTIONS.get(field)
        if named and section and (section, named.group(1).strip().lower()) in defined:
            continue
        out.append(p)
    return out


#: The option naming a data overlay, in a message about the file itself (not found,
#: unreadable; user test 2026-12-05 sweeps #7 read "/x.yaml: file not found" alone).
DATA_FLAG = "--data"


def load_overlay(path: str | Path) -> DataOverlay:
    """Read and check a data overlay file (see the module docstring for its format).

    Parameters
    ----------
    path : str or Path
        YAML file with any of the sections ``sites``, ``nodes``, ``hbm``,
        ``packaging``, ``accelerators``.

    Returns
    -------
    DataOverlay
        Complete rows per table, to apply with :func:`tigris.data.using_overlay`.

    Raises
    ------
    InputError
        Unreadable file, unknown section or field, a value out of range, an unknown
        ``based_on``, a missing number: every problem, each with ``file:line``.
    """
    file = str(path)
    try:
        from tigris.scenario.load import read_kind

        doc = read_kind(path, "overlay")  # a saved plan result is named as one
        if doc.duplicates:
            raise InputError(doc.duplicates)
        data, locate = doc.data, doc.locate
    except InputError as exc:  # a file that cannot be read: named as the --data given
        raise InputError(
            [
                Problem(DATA_FLAG, f"{p.file}: {p.message}")
                if p.file is not None and p.line is None and not p.field
                else p
                for p in exc.problems
            ]
        ) from None
    try:
        parsed = _OverlayFile.model_validate(data)
    except ValidationError as exc:
        from tigris.scenario.load import misplaced_document

        wrong = misplaced_document(data, file, "overlay")
        if wrong is not None:  # a scenario or a saved result: one line, not one a key
            raise InputError(wrong) from None
        found = [_with_hint(p) for p in validation_problems(exc, file, locate)]
        raise InputError(_in_file_order(found)) from None
    if not any(getattr(parsed, s) for s in (*SECTIONS, *ENERGY_SECTIONS)):
        names = ", ".join((*SECTIONS, *ENERGY_SECTIONS))
        msg = f"no entries; give at least one of the sections {names}"
        raise InputError(Problem("", msg, file, locate(())))
    rows: dict[str, tuple[dict[str, Any], ...]] = {}
    problems: list[Problem] = []
    with using_overlay(None):  # entries build on the shipped tables only
        for section in SECTIONS[:-1]:
            entries = getattr(parsed, section)
            if entries:
                rows[section], found = _section(section, entries, file, locate)
                problems += found
        if parsed.sites and "sites" in rows:
            rows["tax_rates"] = _tax_rows(parsed.sites)
            regions, found = _region_rows(parsed.sites, file, locate)
            problems += found
            if regions:
                rows["site_regions"] = regions
        if parsed.accelerators:
            own = {k: v for k, v in rows.items() if k in ("nodes", "hbm", "packaging")}
            rows["accelerators"], found = _accelerator_rows(parsed.accelerators, file, locate, own)
            problems += _not_refused_twice(found, parsed)
        for section in ENERGY_SECTIONS:
            entries = getattr(parsed, section)
            if entries:
                rows[section], found = _energy_section(section, entries, file, locate)
                problems += found
    if problems:
        raise InputError(_in_file_order(problems))
    return DataOverlay(file, rows, _lines(parsed, locate))


#: Entry schema of each section (for "did you mean" on an unknown field).
_SCHEMAS: dict[str, type[BaseModel]] = {
    name: info.annotation.__args__[0]  # type: ignore[union-attr]
    for name, info in _OverlayFile.model_fields.items()
}


def _with_hint(p: Problem) -> Problem:
    """An unknown-field problem with "did you mean" where a field of its section is
    close (``peak_bf16_flops_per_s``), as a scenario file's (user test UT-CONTRIB
    2026-12-04, finding 14)."""
    parts = p.field.split(".")
    if not p.message.startswith("unknown field"):
        return p
    if len(parts) == 1:  # a section: "did you mean", else the sections there are
        sections = list(_OverlayFile.model_fields)
        hint = did_you_mean(parts[0], sections) or f"; sections: {', '.join(sections)}"
        return Problem(p.field, f"{p.message}{hint}", p.file, p.line)
    if len(parts) != 3 or parts[0] not in _SCHEMAS:
        return p
    hint = did_you_mean(parts[-1], list(_SCHEMAS[parts[0]].model_fields))
    return Problem(p.field, f"{p.message}{hint}", p.file, p.line) if hint else p


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems by their line in the file (those without one last, in the order
    found), the order a reader fixes them in, as a scenario file's are
    (docs/scenario-files.md; user test UT-CONTRIB 2026-12-04, finding 14)."""
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


def _lines(parsed: _OverlayFile, locate: Locator) -> dict[tuple[str, str], int]:
    """``(table, lower-case key) -> line`` of each entry of the file (its ``name``), and
    for ``tax_rates`` the line of the site's ``corporate_tax_rate`` (else its
    ``based_on``, whose row the rate is copied from); ``("sites/subsidy_share_of_capex",
    key)`` the line of a site's ``subsidy_share_of_capex`` where it gives one."""
    out: dict[tuple[str, str], int] = {}
    for section in SECTIONS:
        for i, entry in enumerate(getattr(parsed, section)):
            line = locate((section, i, "name"))
            if line is not None:
                out[(section, entry.name.strip().lower())] = line
    for i, site in enumerate(parsed.sites):
        field = "corporate_tax_rate" if site.corporate_tax_rate is not None else "based_on"
        line = locate(("sites", i, field))
        if line is not None:
            out[("tax_rates", site.name.strip().lower())] = line
        if site.region is not None and (line := locate(("sites", i, "region"))) is not None:
            out[("site_regions", site.name.strip().lower())] = line
        share = site.subsidy_share_of_capex
        if share is not None and (line := locate(("sites", i, "subsidy_share_of_capex"))):
            # the line that sets it, for a citation of that column (overlay_source)
            out[("sites/subsidy_share_of_capex", site.name.strip().lower())] = line
    return out


def overlay_source(table: str, key: str, column: str) -> str | None:
    """Where the active ``--data`` overlay sets a row's ``column``, as an assumption's
    source: ``--data FILE:LINE: TABLE KEY COLUMN (source: ...; as_of ...)``, or ``None``
    when no overlay is in force or it has no row ``key`` in ``table``.

    A figure read from a user's file must be cited to that file with the entry's own
    ``source`` and ``as_of``, not to the shipped table it was added to (user test
    UT-CONTRIB 2026-12-04, finding 3: an overlay site's tax rate was cited as
    ``data/tax_rates.csv``, which has no such row); as ``grid`` columns already are
    (:func:`tigris.plan.assemble_energy.grid_source`).

    Parameters
    ----------
    table : str
        A table the overlay may extend (``tax_rates``, ``sites``, ``accelerators`` ...).
    key : str
        The row's key (a site's name, a part's ...), case-insensitive.
    column : str
        The column the value is read from (named in the citation).

    Returns
    -------
    str or None
    """
    from tigris.data import active_overlay

    overlay = active_overlay()
    if overlay is None:
        return None
    col = KEY_COLUMNS.get(table, "name")
    name = str(key).strip().lower()
    row = next(
        (r for r in overlay.rows.get(table, ()) if str(r.get(col, "")).strip().lower() == name),
        None,
    )
    if row is None:
        return None
    shipped = shipped_row(table, key)
    if shipped is not None and same_cell(row.get(column), shipped.get(column)):
        # the entry keeps the shipped value (a based_on copy, a --set of another
        # column): the shipped table's source stands (user test 2026-12-07,
        # reproducibility #7: a subsidy share and a tax rate the overlay never set were
        # cited to it)
        return None
    # the line of the field that sets the column where there is one, else the entry's
    line = overlay.lines.get((f"{table}/{column}", name), overlay.lines.get((table, name)))
    where = f"{overlay.file}:{line}" if line is not None else overlay.file
    return (
        f"--data {where}: {table} {key} {column} (source: {row.get('source', '')}; "
        f"as_of {row.get('as_of', '')})"
    )


def shipped_row(table: str, key: str) -> dict[str, Any] | None:
    """The row ``key`` of the shipped ``table`` (no overlay in force), or None.

    Parameters
    ----------
    table : str
        A data table (``sites``, ``tax_rates`` ...).
    key : str
        The row's key (:data:`tigris.data.KEY_COLUMNS`), case-insensitive.

    Returns
    -------
    dict or None
    """
    col = KEY_COLUMNS.get(table, "name")
    name = str(key).strip().lower()
    with using_overlay(None):
        return next(
            (dict(r) for r in load_rows(table) if str(r.get(col, "")).strip().lower() == name),
            None,
        )


def same_cell(a: Any, b: Any) -> bool:
    """Whether two data-table cells hold the same value: as numbers where both read as
    one (``0.0`` and ``"0"``), else as given; two blanks (NaN) are the same.

    Parameters
    ----------
    a, b : Any
        The cells (numbers, text or None).

    Returns
    -------
    bool

    Examples
    --------
    >>> same_cell(0.0, "0"), same_cell(float("nan"), float("nan")), same_cell("a", "b")
    (True, True, False)
    """
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return a == b
    return (math.isnan(x) and math.isnan(y)) or x == y


def _region_rows(
    entries: list[_SiteEntry], file: str, locate: Locator
) -> tuple[tuple[dict[str, Any], ...], list[Problem]]:
    """``data/site_regions.csv`` rows for the overlay's sites that give a ``region``
    (one of :data:`tigris.energy.data.REGIONS`), with the entry's source and as_of;
    an unknown region is refused at its line (user test UT-CONTRIB 2026-12-04, finding
    10: a ``--data`` site could not carry its region, so every scenario had to repeat it
    and ``tigris fab`` could not give its CO2)."""
    from tigris.energy.data import REGIONS

    out, problems = [], []
    for i, entry in enumerate(entries):
        if entry.region is None:
            # based_on copies the base site's region too, as its tax rate (README user
            # test 2026-12-05: "based_on: japan  # every field of japan" left india with
            # no region, and a scenario using it was refused)
            copied = _based_on_region(entry)
            if copied is not None:
                out.append(copied)
            continue
        region = entry.region.strip().lower()
        if region not in REGIONS:
            msg = str(unknown_name("region", entry.region, list(REGIONS)))
            problems.append(_problem(("sites", i, "region"), msg, file, locate))
            continue
        name = entry.name.strip()
        out.append({"site": name, "region": region, "source": entry.source, "as_of": entry.as_of})
    return tuple(out), problems


def _based_on_region(entry: _SiteEntry) -> dict[str, Any] | None:
    """The ``data/site_regions.csv`` row of a site entry without a ``region``: its
    ``based_on`` site's region, with that row's source; None without one."""
    if entry.based_on is None:
        return None
    from tigris.fab.data import get_site

    shipped = {str(r["site"]).strip().lower(): r for r in load_rows("site_regions")}
    try:
        base = shipped.get(get_site(entry.based_on).name.lower())
    except InputError:  # an unknown based_on: reported with the site's problems
        return None
    if base is None:
        return None
    return {
        "site": entry.name.strip(),
        "region": str(base["region"]),
        "source": f"based on {entry.based_on}: {base['source']}",
        "as_of": base["as_of"],
    }


def _tax_rows(entries: list[_SiteEntry]) -> tuple[dict[str, Any], ...]:
    """``data/tax_rates.csv`` rows for the overlay's sites: the rate given, else the
    ``based_on`` site's (with its source); a site with neither gets no row."""
    from tigris.fab.data import get_site

    shipped = {str(r["site"]).strip().lower(): r for r in load_rows("tax_rates")}
    out = []
    for entry in entries:
        name = entry.name.strip()
        if entry.corporate_tax_rate is not None:
            rate, source, as_of = entry.corporate_tax_rate, entry.source, entry.as_of
        elif entry.based_on is not None:
            try:
                base = shipped.get(get_site(entry.based_on).name.lower())
            except InputError:  # an unknown based_on: reported with the site's problems
                continue
            if base is None:
                continue
            rate = float(base["corporate_tax_rate"])
            source = f"based on {entry.based_on}: {base['source']}"
            as_of = base["as_of"]
        else:
            continue
        out.append({"site": name, "corporate_tax_rate": rate, "source": source, "as_of": as_of})
    return tuple(out)


@contextmanager
def data_overlay(path: str | Path | None) -> Iterator[DataOverlay | None]:
    """Read the overlay file ``path`` and apply it inside the ``with`` block.

    ``None`` applies nothing (the block sees whatever is already in force).

    Parameters
    ----------
    path : str, Path or None
        Overlay YAML file.

    Yields
    ------
    DataOverlay or None
        The overlay read from ``path``, or None.
    """
    if path is None:
        yield None
        return
    overlay = load_overlay(path)
    with using_overlay(overlay):
        yield overlay


@contextmanager
def data_overlay_text(path: str | Path | None) -> Iterator[str | None]:
    """:func:`data_overlay` of ``path`` in force inside the ``with`` block; yields the
    file's text (None without one), for members that apply it again in other processes.

    Parameters
    ----------
    path : str, Path or None
        Overlay YAML file.

    Yields
    ------
    str or None
        The overlay file's text as read (UTF-8), or None.
    """
    if path is None:
        yield None
        return
    text = Path(path).read_text(encoding="utf-8")
    with data_overlay(path):
        yield text
