"""A plan result for notebooks: one labelled :class:`xarray.Dataset`, the tables as
DataFrames, and the HTML a notebook shows (``docs/api.md``).

:func:`to_xarray` is a re-labelling of the tables of ``docs/plan-result.md``, not a
model: every number column of a table becomes one variable whose dimensions are the
table's key columns (``demand_class`` is the dimension ``class``); a combination the
table has no row for is NaN. So a variable summed over all its dimensions (NaN skipped)
is the column's sum in the table. :data:`VARIABLES` lists each variable with its table,
column, dimensions, unit and meaning; ``docs/api.md`` documents them one by one.

xarray and plotly are imported only when a view is asked for, so importing
:mod:`tigris.plan` stays cheap.
"""

from __future__ import annotations

import html
import math
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tigris.plan.result import SUBSIDY_TABLE, TABLE_COLUMNS
from tigris.plan.site_load import SITE_LOAD_TABLE

if TYPE_CHECKING:
    import xarray as xr

    from tigris.plan.result import PlanResult

__all__ = [
    "DIMENSIONS",
    "REPR_FIGURES",
    "VARIABLES",
    "TableView",
    "Variable",
    "repr_html",
    "reset_plotlyjs",
    "to_frames",
    "to_xarray",
]

#: Each table column that becomes a dimension, and the dimension's name (a column not
#: listed keeps its name). ``demand_class`` is ``class``; the source of compute in
#: ``supply_by_source`` is ``supply_source`` (not a capital ``source``); the shadow
#: price's unit is ``shadow_unit`` and the aggregated cash flows' ``level`` and
#: ``name`` are ``flow_level`` and ``flow_name``.
RENAMED_DIMENSIONS = {
    ("demand", "demand_class"): "class",
    ("supply_by_source", "source"): "supply_source",
    ("shadow_prices", "unit"): "shadow_unit",
    ("finance_flows", "level"): "flow_level",
    ("finance_flows", "name"): "flow_name",
    # a site_load row's facility is the type's id (datacenter-gas), not the kind the
    # builds name (datacenter, node gas): its own dimension (UT-GRID #10)
    ("site_load", "facility"): "load_facility",
    # so is a money table's (logic-N5, datacenter-gas): its own dimension, or a
    # build's kind and a build group's type id share one coordinate and a selection on
    # "datacenter" mixes the grid group's money with the gas group's builds (user test
    # 2026-12-05, API #4)
    ("cash_flows", "facility"): "facility_type",
    ("finance_modules", "facility"): "facility_type",
    (SUBSIDY_TABLE, "facility"): "facility_type",
    # money flows run one year past the horizon (salvage at book value): their own
    # year coordinate, so the physical variables' ``year`` ends at the last planning
    # year (user test 2026-12-03, fifth session, #10: served ended with a fake 0)
    ("cash_flows", "year"): "cash_year",
    ("finance_flows", "year"): "cash_year",
}
#: Dimensions holding years (integer coordinates) [year].
YEAR_DIMENSIONS = ("year", "start_year", "cash_year")


@dataclass(frozen=True)
class Variable:
    """One variable of :func:`to_xarray`: a number column of a plan table.

    Parameters
    ----------
    name : str
        Variable name in the dataset.
    column : str
        Column of the table it re-labels.
    units : str
        Unit, as written in the variable's ``units`` attribute.
    description : str
        What it is, one line (the variable's ``long_name`` attribute).
    """

    name: str
    column: str
    units: str
    description: str


@dataclass(frozen=True)
class TableView:
    """How one plan table becomes variables: its key columns and its number columns.

    Parameters
    ----------
    table : str
        Table name (:data:`tigris.plan.result.TABLE_COLUMNS`).
    keys : tuple of str
        Columns that identify a row (one per dimension).
    variables : tuple of Variable
        One per number column.
    """

    table: str
    keys: tuple[str, ...]
    variables: tuple[Variable, ...]

    def dims(self) -> tuple[str, ...]:
        """The dimension of each key column, in order.

        Returns
        -------
        tuple of str
            One dimension name per key column of :attr:`keys` (a key's renamed dimension, where
            :data:`RENAMED_DIMENSIONS` renames it, else the column's name).
        """
        return tuple(RENAMED_DIMENSIONS.get((self.table, k), k) for k in self.keys)


_CAP = "wspm for logic, CoWoS and HBM (DRAM wafer starts), facility MW for datacenter"
_H = "H100e/year"
_MONEY_WORDS = {
    "capex_usd": "capital spent",
    "revenue_usd": "revenue",
    "variable_cost_usd": "variable cost",
    "opex_usd": "fixed operating cost",
    "depreciation_usd": "depreciation (lowers the tax; not a cash flow)",
    "replacement_usd": "the plant's steady replacement, each asset class's capex over "
    "its life (what a going concern charges instead of depreciation; not a cash flow)",
    "tax_usd": "tax",
    "salvage_usd": "salvage: terminal value the year after the horizon (book value, or "
    "as a going concern with finance.terminal_value)",
    "net_usd": "net cash flow",
}


#: The money of the cash flows and shadow prices: constant dollars of the scenario's
#: ``currency_year`` (docs/finance.md, "Cash flows": all money is real), never the
#: nominal dollars of each year that "money of that year" said (user test s64: a
#: capex of $1.5B spent over 2027-2028 sums to $1.5B in the flows, not inflated).
_REAL_USD = "in USD of the scenario's currency_year (real)"


def _money(prefix: str, whose: str, columns: tuple[str, ...]) -> tuple[Variable, ...]:
    return tuple(
        Variable(
            f"{prefix}_{c}",
            c,
            "USD",
            f"{_MONEY_WORDS[c]} of {whose} in the year, {_REAL_USD}, undiscounted",
        )
        for c in columns
    )


def _returns(prefix: str, whose: str) -> tuple[Variable, ...]:
    return (
        Variable(f"{prefix}_npv_usd", "npv_usd", "USD", f"NPV of {whose}"),
        Variable(f"{prefix}_irr", "irr", "1", f"IRR of {whose}; NaN when undefined"),
        Variable(
            f"{prefix}_payback_year",
            "payback_year",
            "year",
            f"payback year of {whose}; NaN when never reached",
        ),
    )


_CASH = TABLE_COLUMNS["cash_flows"][6:]
_FLOWS = TABLE_COLUMNS["finance_flows"][3:]

#: Every table that :func:`to_xarray` re-labels, with its variables, in order
#: (``assumptions`` is text and ``binding`` sentences: they are in :func:`to_frames`).
VARIABLES: tuple[TableView, ...] = (
    TableView(
        "builds",
        ("site", "facility", "node", "start_year"),
        (
            Variable("build_online_year", "online_year", "year", "first year of output"),
            Variable("build_modules", "modules", "modules", "modules started"),
            Variable("build_capacity", "capacity", _CAP, "capacity of the modules started"),
            Variable("build_capex_usd", "capex_usd", "USD", "capex of the modules started"),
            Variable(
                "build_baseline_modules",
                "baseline_modules",
                "modules",
                "of them, those the world without the investor builds too",
            ),
        ),
    ),
    TableView(
        "capacity",
        ("year", "facility", "node", "site"),
        (
            Variable("capacity_available", "available", _CAP, "capacity available"),
            Variable("capacity_used", "used", _CAP, "capacity used by production"),
        ),
    ),
    TableView(
        "production",
        ("year", "product"),
        (
            Variable("production_units", "units", "accelerators/year", "accelerators made"),
            Variable("production_h100e", "h100e", _H, "compute made"),
        ),
    ),
    TableView(
        "demand",
        ("year", "demand_class"),
        (
            Variable("priority", "priority", "1", "priority of the demand class"),
            Variable("demand_h100e", "demand_h100e", _H, "demand"),
            Variable("served_h100e", "served_h100e", _H, "demand served"),
            Variable("unmet_h100e", "unmet_h100e", _H, "demand unmet"),
            Variable(
                "baseline_served_h100e",
                "baseline_served_h100e",
                _H,
                "served in the world without the investor; NaN when not solved",
            ),
            Variable("added_h100e", "added_h100e", _H, "served less baseline_served_h100e"),
        ),
    ),
    TableView(
        "capex",
        ("year", "source"),
        (Variable("capex_usd", "capex_usd", "USD", "capex paid by the source in the year"),),
    ),
    TableView(
        "capital",
        ("year", "source"),
        (Variable("capital_available_usd", "available_usd", "USD", "capital the source offers"),),
    ),
    TableView(
        "tools",
        ("year", "tool"),
        (
            Variable("tools_used", "used", "scanners/year", "scanners delivered to new fabs"),
            Variable("tools_supply", "supply", "scanners/year", "scanners available"),
        ),
    ),
    TableView(
        "power",
        ("year", "region"),
        (
            Variable("fleet_it_mw", "fleet_it_mw", "IT MW", "IT power of the installed fleet"),
            Variable(
                "facility_mw_needed",
                "facility_mw_needed",
                "facility MW",
                "fleet's IT power x the PUE of the capacity it sits in (a region's, a module's)",
            ),
            Variable(
                "datacenter_mw_online",
                "datacenter_mw_online",
                "facility MW",
                "data-centre capacity online, each at its own PUE (not the scenario's pue)",
            ),
            Variable("energy_twh", "energy_twh", "TWh/year", "the fleet's energy"),
            Variable(
                "energy_twh_year_mean",
                "energy_twh_year_mean",
                "TWh/year",
                "the fleet's energy on the year-mean MW (the hindcast's basis)",
            ),
            Variable("fab_power_mw", "fab_power_mw", "MW", "new fabs' power at full load"),
            Variable("fab_energy_twh", "fab_energy_twh", "TWh/year", "new fabs' energy"),
            Variable(
                "emissions_t_co2",
                "emissions_t_co2",
                "t CO2/year",
                "emissions of compute and fab energy (location-based)",
            ),
            Variable(
                "electricity_cost_usd",
                "electricity_cost_usd",
                "USD/year",
                "cost of compute and fab electricity",
            ),
            Variable(
                "onsite_energy_twh",
                "onsite_energy_twh",
                "TWh/year",
                "part of energy_twh from on-site generation",
            ),
            Variable(
                "existing_mw_online",
                "existing_mw_online",
                "facility MW",
                "part of datacenter_mw_online in existing and announced capacity",
            ),
            Variable(
                "grid_built_mw_online",
                "grid_built_mw_online",
                "facility MW",
                "part of datacenter_mw_online in the plan's grid-powered modules (ramp mean)",
            ),
            Variable(
                "onsite_built_mw_online",
                "onsite_built_mw_online",
                "facility MW",
                "part of datacenter_mw_online in the plan's modules with on-site generation",
            ),
            Variable(
                "grid_headroom_mw",
                "grid_headroom_mw",
                "facility MW",
                "new data-centre MW the region's grid can connect (inf: no limit in the plan)",
            ),
            Variable(
                "grid_connected_mw",
                "grid_connected_mw",
                "facility MW",
                "headroom used: the plan's grid modules connected, each at its full MW from "
                "its first year online",
            ),
            Variable(
                "grid_headroom_left_mw",
                "grid_headroom_left_mw",
                "facility MW",
                "grid_headroom_mw - grid_connected_mw",
            ),
            Variable(
                "onsite_gas_mmbtu",
                "onsite_gas_mmbtu",
                "MMBtu/year",
                "gas the plan's on-site modules burn: onsite_energy_twh x the type's heat rate",
            ),
            Variable(
                "onsite_gas_bcf_per_day",
                "onsite_gas_bcf_per_day",
                "Bcf/day",
                "that gas a day, at EIA's 1,036 Btu per cubic foot",
            ),
        ),
    ),
    TableView(
        "supply_by_source",
        ("year", "source"),
        (
            Variable(
                "supply_h100e",
                "h100e",
                _H,
                "compute served from the source; incumbent existing, where data-centre "
                "power is modelled: what the end-of-history power, held flat, serves as "
                "old parts retire, not what the existing fabs could make (supply_by_source's "
                "note)",
            ),
            Variable(
                "supply_demand_h100e",
                "demand_h100e",
                _H,
                "the year's total demand (the same for every source)",
            ),
            Variable(
                "supply_h100e_in_service",
                "h100e_in_service",
                "H100e",
                "the source's compute in service that year (a stock)",
            ),
        ),
    ),
    TableView(
        "cash_flows",
        ("site", "facility", "start_year", "year"),
        (
            Variable("cash_modules", "modules", "modules", "modules of the build group"),
            *_money("cash", "the build group", _CASH),
        ),
    ),
    TableView(
        "finance_modules",
        ("site", "facility", "start_year"),
        (
            Variable("module_modules", "modules", "modules", "modules of the build group"),
            *_returns("module", "the build group"),
        ),
    ),
    TableView("finance_sites", ("site",), _returns("site", "the site")),
    TableView("finance_owners", ("owner",), _returns("owner", "the owner")),
    TableView(
        "finance_sources",
        ("source",),
        (
            Variable("source_drawn_usd", "drawn_usd", "USD", "capital drawn over the horizon"),
            Variable("source_share", "share", "1", "share of its owner's draws"),
            *_returns("source", "the source's part of its owner's flows"),
        ),
    ),
    TableView(
        "finance_flows",
        ("level", "name", "year"),
        _money("flow", "the site, owner or source", _FLOWS),
    ),
    # what each site's subsidy is and buys (docs/finance.md, "Subsidy by site"; not a
    # TABLE_COLUMNS table, but --json and the CSV have it: UT-REPRO #8); its text
    # columns region and source are in to_frames only
    TableView(
        SUBSIDY_TABLE,
        ("site", "facility", "owner"),
        (
            Variable("subsidy_modules", "modules", "modules", "modules started at the site"),
            Variable("subsidy_share", "share", "1", "share of a module's capex the subsidy pays"),
            Variable("subsidy_capex_usd", "capex_usd", "USD", "capex spent within the horizon"),
            Variable("subsidy_usd", "subsidy_usd", "USD", "the subsidy's part of that capex"),
            Variable("subsidy_net_capex_usd", "net_capex_usd", "USD", "the owner's part of it"),
            Variable(
                "subsidy_programme_cap_usd",
                "programme_cap_usd",
                "USD",
                "total of the smallest programme naming the site, in the currency_year's dollars",
            ),
        ),
    ),
    # the data-centre load by site (existing capacity: by region) and year (UT-GRID #10;
    # tigris.plan.site_load); its text columns supply and owner are in to_frames only
    TableView(
        SITE_LOAD_TABLE,
        ("year", "site", "region", "facility"),
        (
            Variable("load_it_mw", "it_mw", "MW", "IT power of the fleet placed there"),
            Variable("load_facility_mw", "facility_mw", "facility MW", "its facility power"),
            Variable("load_mw_online", "mw_online", "facility MW", "the capacity online"),
            Variable("load_pue", "pue", "1", "PUE of the capacity"),
            # a row per year: a year's energy, cost and CO2, as power's same columns
            # (user test s50 compare #7: TWh, USD and t CO2 beside power's TWh/year)
            Variable("load_energy_twh", "energy_twh", "TWh/year", "energy, year-end MW"),
            Variable(
                "load_energy_twh_year_mean",
                "energy_twh_year_mean",
                "TWh/year",
                "energy, year-mean MW",
            ),
            Variable(
                "load_electricity_cost_usd",
                "electricity_cost_usd",
                "USD/year",
                "electricity (on-site: fuel) cost of that energy",
            ),
            Variable("load_emissions_t_co2", "emissions_t_co2", "t CO2/year", "CO2 of that energy"),
        ),
    ),
    TableView(
        "shadow_prices",
        ("year", "resource", "item", "unit"),
        (
            Variable(
                "shadow_value_usd",
                "value_usd",
                "USD per unit (shadow_unit)",
                f"worth of one more unit of the resource in the year, {_REAL_USD}, undiscounted",
            ),
            Variable(
                "shadow_is_bound",
                "is_bound",
                "1",
                "1 when the value is a bound (LP relaxation), 0 when the plan's own",
            ),
        ),
    ),
)
#: Every dimension of :func:`to_xarray`, in the order of the first variable using it.
DIMENSIONS: tuple[str, ...] = tuple(dict.fromkeys(d for v in VARIABLES for d in v.dims()))

#: The figures :func:`repr_html` shows (report figure keys) and their height [px].
REPR_FIGURES = ("supply", "demand")
REPR_FIGURE_HEIGHT_PX = 340
#: How many builds :func:`repr_html` lists before saying how many more there are.
REPR_MAX_BUILDS = 20
#: Whether a notebook view of this process has carried plotly.js (4.6 MB): the later
#: views use it from the page instead of carrying it again (UT-API #12: 4.8 MB a
#: result, 100 MB for a notebook of 20 what-ifs), as plotly's own notebook renderer
#: does. :func:`reset_plotlyjs` (or ``repr_html(result, plotlyjs=True)``) embeds it again.
_PLOTLYJS_EMBEDDED: list[bool] = [False]


def reset_plotlyjs() -> None:
    """Make the next notebook view carry plotly.js again (after the output that carried
    it was cleared and the page reloaded: its figures then say so instead of drawing)."""
    _PLOTLYJS_EMBEDDED[0] = False


def _table(result: PlanResult, name: str) -> pd.DataFrame:
    """Table ``name`` as :meth:`PlanResult.to_frame` gives it, with the columns computed
    from the table (``supply_by_source``'s ``h100e_in_service``: user test 2026-12-05,
    API #3, all NaN in the dataset and its NetCDF export); the attribute for a table
    ``to_frame`` does not give."""
    from tigris.plan.result import FRAME_NAMES

    return result.to_frame(name) if name in FRAME_NAMES else getattr(result, name)


def _key_frame(df: pd.DataFrame, view: TableView) -> pd.DataFrame:
    """The table with its key columns clean (names as text, years as ints) and its
    number columns as floats (NaN where missing)."""
    out = pd.DataFrame(index=range(len(df)))
    for k in view.keys:
        col = df[k] if k in df.columns else pd.Series([""] * len(df))
        col = col.reset_index(drop=True)
        if k in YEAR_DIMENSIONS:
            out[k] = pd.to_numeric(col).astype("int64")
        else:
            out[k] = col.astype(object).where(col.notna(), "").astype(str)
    for v in view.variables:
        col = df[v.column] if v.column in df.columns else pd.Series([math.nan] * len(df))
        out[v.name] = pd.to_numeric(col.reset_index(drop=True), errors="coerce").astype(float)
    dup = out.duplicated(list(view.keys))
    if dup.any():
        row = out.loc[dup, list(view.keys)].iloc[0].to_dict()
        msg = f"table '{view.table}' has two rows for {row}: cannot label it by {view.keys}"
        raise ValueError(msg)
    return out


def _coords(values: list[Any], dim: str) -> np.ndarray:
    if dim in YEAR_DIMENSIONS:
        return np.array(sorted({int(v) for v in values}), dtype="int64")
    return np.array(sorted({str(v) for v in values}), dtype=str)


#: Capacity units that name the same thing: a data-centre MW in the builds table and in
#: the capacity table is a facility MW at the capacity's own PUE (``docs/energy.md``,
#: "Units in and out"), whichever of the two spellings a table uses.
_SAME_UNIT = {"MW": "facility MW"}


def _facility_units(result: PlanResult) -> dict[str, str]:
    """The capacity unit of each facility kind, when the tables agree on one (a
    data-centre ``MW`` is a ``facility MW``, :data:`_SAME_UNIT`)."""
    pairs: dict[str, set[str]] = {}
    for name, col in (("builds", "capacity_unit"), ("capacity", "unit")):
        df = getattr(result, name)
        if len(df) and col in df.columns:
            for fac, unit in zip(df["facility"], df[col], strict=True):
                pairs.setdefault(str(fac), set()).add(_SAME_UNIT.get(str(unit), str(unit)))
    return {f: u.pop() for f, u in pairs.items() if len(u) == 1}


def _site_owners(result: PlanResult) -> dict[str, str]:
    """The owner of each site, when the tables agree on one (``existing``: empty)."""
    pairs: dict[str, set[str]] = {}
    for name in ("builds", "capacity", "cash_flows", "finance_sites", SUBSIDY_TABLE):
        df = getattr(result, name)
        if len(df) and "owner" in df.columns:
            for site, owner in zip(df["site"], df["owner"], strict=True):
                owner = "" if pd.isna(owner) else str(owner)
                pairs.setdefault(str(site), set()).add(owner)
    return {s: o.pop() for s, o in pairs.items() if len(o) == 1}


def _attrs(result: PlanResult) -> dict[str, Any]:
    """Dataset attributes, all of types netCDF can store (no None, no bool)."""
    import tigris

    first, last = result.horizon
    gap = result.mip_gap
    return {
        "scenario_name": str(result.scenario_name),
        "status": str(result.status),
        "objective": str(result.objective),
        "objective_usd": float(result.objective_usd),
        "horizon": np.array([int(first), int(last)], dtype="int64"),
        "first_year": int(first),
        "last_year": int(last),
        "input_hash": result.input_hash or "",
        "tigris_version": str(tigris.__version__),
        "relaxed": int(bool(result.relaxed)),
        "mip_gap": math.nan if gap is None else float(gap),
        "source": "tigris plan result (docs/plan-result.md); variables in docs/api.md",
    }


def to_xarray(result: PlanResult) -> xr.Dataset:
    """The plan's tables as one labelled dataset (``docs/api.md``, "to_xarray").

    Every number column of a table is a variable over the table's key columns
    (:data:`VARIABLES`); dimensions shared by tables share coordinates (the union of
    the tables' labels, sorted), and a combination a table has no row for is NaN. The
    dataset re-labels the tables without computing anything new: a variable summed over
    all its dimensions (NaN skipped) equals its column's sum in the table.

    Parameters
    ----------
    result : PlanResult
        The plan result.

    Returns
    -------
    xarray.Dataset
        Variables as float64 [units in each variable's ``units`` attribute]; string
        coordinates as fixed-width text; non-index coordinates ``capacity_unit``
        (along ``facility``) and ``site_owner`` (along ``site``) where the tables agree
        on them; attributes ``scenario_name``, ``status``, ``objective``,
        ``objective_usd`` [USD], ``horizon`` [year], ``first_year``, ``last_year``,
        ``input_hash`` (empty if unknown), ``tigris_version``, ``relaxed`` (0/1) and
        ``mip_gap`` (NaN if unknown). Writable with ``to_netcdf`` as is.

    Raises
    ------
    ValueError
        A table holds two rows with the same key (not a plan result of the contract).

    Examples
    --------
    Two demand classes, one of them without a row in 2027:

    >>> from tigris.plan import PlanResult
    >>> demand = pd.DataFrame({"year": [2026, 2026, 2027], "demand_class": ["a", "b", "a"],
    ...     "priority": [2, 1, 2], "demand_h100e": [5.0, 3.0, 6.0],
    ...     "served_h100e": [5.0, 1.0, 4.0], "unmet_h100e": [0.0, 2.0, 2.0],
    ...     "baseline_served_h100e": [5.0, 1.0, 3.0], "added_h100e": [0.0, 0.0, 1.0]})
    >>> ds = to_xarray(PlanResult("toy", "optimal", 0.0, (2026, 2027), demand=demand))
    >>> ds.served_h100e.dims, ds["class"].values.tolist()
    (('year', 'class'), ['a', 'b'])
    >>> ds.served_h100e.sel(year=2027).values.tolist()
    [4.0, nan]
    >>> float(ds.served_h100e.sum()) == float(demand["served_h100e"].sum())
    True
    """
    import xarray as xr

    frames = [(view, _key_frame(_table(result, view.table), view)) for view in VARIABLES]
    labels: dict[str, list[Any]] = {d: [] for d in DIMENSIONS}
    for view, df in frames:
        for k, d in zip(view.keys, view.dims(), strict=True):
            labels[d].extend(df[k].tolist())
    coords = {d: _coords(values, d) for d, values in labels.items()}
    data: dict[str, xr.DataArray] = {}
    for view, df in frames:
        dims = view.dims()
        shape = tuple(len(coords[d]) for d in dims)
        where = tuple(
            np.searchsorted(coords[d], df[k].to_numpy(dtype=coords[d].dtype))
            for k, d in zip(view.keys, dims, strict=True)
        )
        for v in view.variables:
            arr = np.full(shape, math.nan)
            arr[where] = df[v.name].to_numpy(dtype=float)
            attrs = {
                "units": v.units,
                "long_name": v.description,
                "table": view.table,
                "column": v.column,
            }
            data[v.name] = xr.DataArray(arr, dims=dims, attrs=attrs)
    ds = xr.Dataset(data, coords=coords, attrs=_attrs(result))
    units = _facility_units(result)
    if set(coords["facility"]) <= set(units):
        ds = ds.assign_coords(
            capacity_unit=("facility", np.array([units[f] for f in coords["facility"]], str))
        )
    owners = _site_owners(result)
    if set(coords["site"]) <= set(owners):
        ds = ds.assign_coords(
            site_owner=("site", np.array([owners[s] for s in coords["site"]], str))
        )
    return ds


def to_frames(result: PlanResult) -> dict[str, pd.DataFrame]:
    """Every table of the result by name, as copies, ``binding`` last: the tables of
    ``PlanResult.to_dict`` (``--json``) in its order.

    Parameters
    ----------
    result : PlanResult
        The plan result.

    Returns
    -------
    dict of str to pandas.DataFrame
        The tables of :data:`~tigris.plan.result.TABLE_COLUMNS` in that order (columns
        per ``docs/plan-result.md``), then ``subsidies``
        (:data:`~tigris.plan.result.SUBSIDY_COLUMNS`, what each site's subsidy is and
        buys; it was missing before 2026-12-04, UT-REPRO #8), ``site_load``
        (:data:`~tigris.plan.site_load.SITE_LOAD_COLUMNS`, the data-centre load by
        site and year, UT-GRID #10) and ``binding`` (``kind, year, text``).
    """
    return result.to_frames()  # one list of names: FRAME_NAMES (UT-API #4)


def _builds_html(result: PlanResult) -> str:
    """The builds as a table for people: capacity with its unit, capex as money."""
    from tigris.fmt import money

    b = result.builds
    if not len(b):
        return "<p>No builds.</p>"
    shown = b.head(REPR_MAX_BUILDS)
    unit = shown["capacity_unit"] if "capacity_unit" in shown.columns else ""
    table = pd.DataFrame(
        {
            "site": shown["site"],
            "facility": shown["facility"],
            "node": shown["node"].fillna(""),
            "start": shown["start_year"],
            "online": shown["online_year"],
            "modules": shown["modules"],
            "capacity": [f"{c:,.0f} {u}" for c, u in zip(shown["capacity"], unit, strict=True)],
            "capex": [money(x) for x in shown["capex_usd"]],
        }
    )
    if "owner" in shown.columns:
        table["owner"] = shown["owner"]
    text = table.to_html(index=False, na_rep="")
    more = len(b) - len(shown)
    if more:
        text += f"<p>… and {more} more builds: <code>result.builds</code>.</p>"
    return text


#: Shown in place of a figure when plotly.js is not in the page (the view that
#: carried it was cleared and the page reloaded).
_NO_PLOTLYJS = (
    "plotly.js is not in this page (the output that carried it was cleared): run "
    "tigris.plan.views.reset_plotlyjs() and show the result again"
)


def _figures_html(result: PlanResult, plotlyjs: bool) -> str:
    """The :data:`REPR_FIGURES` as inline plotly; with ``plotlyjs`` plotly.js embedded
    once, before the first, hidden from an AMD loader (classic Jupyter's require.js,
    with which the UMD bundle of plotly.js 2 would register instead of setting
    ``window.Plotly``); without, a figure whose page has no plotly.js says so. No
    external script."""
    import plotly.io as pio
    from plotly.offline import get_plotlyjs

    from tigris.report.html import PLOTLY_CONFIG
    from tigris.report.plotly_figs import plotly_figure
    from tigris.report.result import report_tables

    r = report_tables(result)
    token = uuid.uuid4().hex[:12]
    parts = []
    if plotlyjs:
        parts = [
            '<script type="text/javascript">window._tigrisDefine = window.define; '
            "window.define = undefined;</script>",
            f'<script type="text/javascript">{get_plotlyjs()}</script>',
            '<script type="text/javascript">window.define = window._tigrisDefine;</script>',
        ]
    else:
        parts = [
            f'<p id="tigris-{token}-note"></p><script type="text/javascript">'
            f'if (typeof window.Plotly === "undefined") {{ document.getElementById('
            f'"tigris-{token}-note").textContent = {_NO_PLOTLYJS!r}; }}</script>'
        ]
    for key in REPR_FIGURES:
        fig = plotly_figure(key, r)
        fig.update_layout(height=REPR_FIGURE_HEIGHT_PX)
        parts.append(
            pio.to_html(
                fig,
                include_plotlyjs=False,
                include_mathjax=False,
                full_html=False,
                div_id=f"tigris-{token}-{key}",
                config=dict(PLOTLY_CONFIG),  # a copy: plotly's to_html may edit it
            )
        )
    return "\n".join(parts)


def repr_html(result: PlanResult, plotlyjs: bool | None = None) -> str:
    """What a notebook shows for a result: the headline sentences, the builds table
    and the supply and demand figures (:data:`REPR_FIGURES`), fully offline.

    plotly.js (bundled with plotly, 4.6 MB) is embedded in the first view a process
    shows, before its first figure, and the later views draw with it (about 30 kB
    each); no ``<script src=...>``.

    Parameters
    ----------
    result : PlanResult
        The plan result.
    plotlyjs : bool, optional
        Embed plotly.js (True) or not (False); default: only in the first view of
        the process (:func:`reset_plotlyjs`).

    Returns
    -------
    str
        An HTML fragment.
    """
    e = html.escape
    embed = not _PLOTLYJS_EMBEDDED[0] if plotlyjs is None else plotlyjs
    _PLOTLYJS_EMBEDDED[0] = _PLOTLYJS_EMBEDDED[0] or embed
    first, last = result.horizon
    head = result.headline()
    sentences = [s for s in head.get("sentences", []) if s]
    items = "".join(f"<li>{e(str(s))}</li>" for s in sentences)
    return "\n".join(
        [
            '<div class="tigris-plan">',
            f"<h3>tigris plan: {e(result.scenario_name)} ({first}–{last}), "
            f"status {e(result.status)}</h3>",
            f"<ul>{items}</ul>" if items else "<p>No plan.</p>",
            "<h4>Builds</h4>",
            _builds_html(result),
            _figures_html(result, embed),
            "</div>",
        ]
    )
