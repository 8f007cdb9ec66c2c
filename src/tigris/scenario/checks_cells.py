"""Data-table cells that change nothing because a scenario facility restates them
(user test s49, energy and finance #1).

A ``kind: datacenter`` facility's own ``capex_usd_per_mw``, ``construction_months``,
``ramp_months``, ``opex_usd_per_mw_year`` and ``energy_usd_per_mwh`` replace its type's
cells of ``data/datacenter_types.csv`` for every module of it (docs/energy.md, "Which
fields a facility overrides"). A what-if on such a cell (``tigris plan --set
data.datacenter_types.datacenter-gas.capex_usd_per_mw=2e7``, a sweep's ``--set``, a
``distributions:`` entry) then reaches no module and the plan is the same as without
it. ``data/energy_parameters.csv``'s gas price reaches the plan only through the fuel
part of an on-site type's ``energy_usd_per_mwh`` (:func:`tigris.energy.data.
onsite_fuel_usd_per_mwh`), so it changes nothing where every facility that burns gas
restates its ``energy_usd_per_mwh``.

:func:`cell_unreached` says why, naming the facility's field and the ``--set`` path to
use instead; :func:`cell_warning_lines` is it for a ``--set``'s cells (``tigris plan``,
``tigris sweep``) and :func:`distribution_cells_unreached` for a scenario's
distributions (``tigris scenario check``, ``tigris plan``, ``tigris risk``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts
    from tigris.scenario.schema import Scenario

__all__ = [
    "CELL_OVERRIDES",
    "GAS_PRICE_CELL",
    "UNREAD_PARAMETERS",
    "cell_unreached",
    "cell_warning_lines",
    "distribution_cells_unreached",
    "warn_cells",
]

#: ``data/datacenter_types.csv`` columns a facility replaces, each with the facility
#: fields that replace it, the first the one of the same unit
#: (:func:`tigris.plan.assemble_energy.datacenter_module`: ``capex_usd`` is a whole
#: module's capex, ``opex_usd_per_year`` a whole module's fixed opex).
CELL_OVERRIDES: dict[str, tuple[str, ...]] = {
    "capex_usd_per_mw": ("capex_usd_per_mw", "capex_usd"),
    "construction_months": ("construction_months",),
    "ramp_months": ("ramp_months",),
    "opex_usd_per_mw_year": ("opex_usd_per_mw_year", "opex_usd_per_year"),
    "energy_usd_per_mwh": ("energy_usd_per_mwh",),
}
#: Columns in US dollars of the tables' year (a facility's are of ``currency_year``).
_MONEY = ("capex_usd_per_mw", "opex_usd_per_mw_year", "energy_usd_per_mwh")
#: The gas price's cell (``data/energy_parameters.csv``).
GAS_PRICE_CELL = ("energy_parameters", "gas_price_usd_per_mmbtu", "value")
#: Where the override is documented.
_DOC = 'docs/energy.md, "Which fields a facility overrides"'
#: ``data/energy_parameters.csv`` rows no plan reads, and why (user test 2026-12-06: a
#: ``--set`` of either gave the reference's objective to the dollar without a word).
UNREAD_PARAMETERS: dict[str, str] = {
    "design_pue": (
        "a plan counts its power rows in the scenario's own pue (a unit that moves no "
        "result); design_pue is that unit only where tigris runs without a scenario "
        "(tigris.plan.assemble_energy). The PUEs that move a plan are the regions' "
        "data.grid.REGION.pue and a new build's data.datacenter_types.TYPE.pue or its "
        "site's sites.NAME.pue (docs/energy.md, 'PUE by region and site')"
    ),
    "lease_usd_per_facility_kw_month": (
        "no tigris code reads it (lease_usd_per_kw_month / design_pue, kept for the "
        "record); a plan prices a leased MW from data.energy_parameters."
        "lease_usd_per_kw_month.value (docs/energy.md)"
    ),
}


def _num(x: float) -> str:
    """A number as a ``--set`` takes it (``2e7`` as ``20000000``, ``84.6808`` as
    ``84.68``)."""
    if float(x).is_integer():
        return f"{x:.0f}"
    return f"{x:.6g}" if abs(x) >= 1 else f"{x:.4g}"


def _restated(sc: Scenario, fid: str, column: str) -> tuple[str, float] | None:
    """The facility field of ``fid`` that replaces ``column``, and its value, or None
    when ``fid`` is no facility of ``sc`` or gives none of them."""
    from tigris.scenario.checks import facility_id

    for f in sc.facilities:
        if f.kind == "datacenter" and facility_id(f.kind, f.node, f.power) == fid:
            for field in CELL_OVERRIDES[column]:
                value = getattr(f, field, None)
                if value is not None:
                    return field, float(value)
            return None
    return None


def _built(sc: Scenario, fid: str) -> bool:
    """Whether ``fid`` is a facility of ``sc`` some site may build."""
    from tigris.scenario.checks import facility_id

    ids = {facility_id(f.kind, f.node, f.power) for f in sc.facilities}
    if fid not in ids:
        return False
    return any(s.facilities is None or fid in s.facilities for s in sc.sites)


def _suggested(sc: Scenario, fid: str, column: str, field: str, values: Sequence[float]) -> str:
    """``facilities.FID.FIELD=V[,V...]``: the values in the facility's field's unit and
    dollars (a table's money is of the tables' year, a facility's of the scenario's
    ``currency_year``; a whole module's capex or opex is the value x its MW)."""
    from tigris.energy.data import datacenter_type
    from tigris.plan.assemble_energy import dollars

    factor = dollars(sc) if column in _MONEY else 1.0
    if field != column:  # capex_usd / opex_usd_per_year: per module
        from tigris.scenario.checks import facility_id

        size = next(
            (
                f.module_capacity
                for f in sc.facilities
                if f.kind == "datacenter" and facility_id(f.kind, f.node, f.power) == fid
            ),
            None,
        )
        factor *= float(size or datacenter_type(fid)["module_mw"])
    shown = ",".join(_num(v * factor) for v in values)
    return f"facilities.{fid}.{field}={shown}"


def _gas_burners(sc: Scenario) -> list[str]:
    """The on-site data-centre types of ``sc`` that burn gas and some site may build
    (``data/datacenter_types.csv``: not grid, heat rate above 0)."""
    from tigris.energy.data import DATACENTER_FACILITIES, datacenter_type

    out = []
    for fid in DATACENTER_FACILITIES:
        row = datacenter_type(fid)
        if row["grid"] or not float(row.get("heat_rate_btu_per_kwh") or 0) > 0:
            continue
        if _built(sc, fid):
            out.append(fid)
    return out


def cell_unreached(
    sc: Scenario,
    path: str,
    values: Sequence[float] | None = None,
    *,
    drawn: bool = False,
    heat_rates: Mapping[str, float] | None = None,
) -> str | None:
    """Why the data-table cell ``path`` changes nothing in a plan of ``sc``, or None
    when it reaches some module (or is no cell this knows of).

    A ``data.datacenter_types.<type>.<column>`` cell (``column`` one of
    :data:`CELL_OVERRIDES`) changes nothing when the scenario's facility of that type,
    one some site may build, gives its own value of the column
    (docs/energy.md, "Which fields a facility overrides"). The gas price
    (``data.energy_parameters.gas_price_usd_per_mmbtu.value``) changes nothing when
    each gas-burning type some site may build restates ``energy_usd_per_mwh``, the only
    price the gas price moves (:func:`tigris.energy.data.onsite_fuel_usd_per_mwh`).

    Parameters
    ----------
    sc : Scenario
        The scenario the cell is set or drawn for.
    path : str
        The cell's path.
    values : sequence of float, optional
        The values given (``--set``); the advice then names the facility's path with
        them, in its unit and dollars.
    drawn : bool, optional
        The cell is a distribution's (the advice: draw the facility's field instead).
    heat_rates : mapping of str to float, optional
        Heat rates set with it, by data-centre type [Btu/kWh]: the gas price's advice
        prices the fuel at them.

    Returns
    -------
    str or None
        ``changes nothing: ...`` naming the facility's field and its value, and the
        path to use instead.

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> ref = reference_scenario()
    >>> msg = cell_unreached(ref, "data.datacenter_types.datacenter-gas.construction_months", [36])
    >>> "--set facilities.datacenter-gas.construction_months=36" in msg
    True
    >>> cell_unreached(ref, "data.datacenter_types.datacenter.ramp_months", [9]) is None
    True
    """
    from tigris.errors import InputError
    from tigris.risk.cells import parse_cell

    try:
        cell = parse_cell(path)
    except InputError:
        return None
    given = [float(v) for v in values or [] if isinstance(v, (int, float))]
    given = [v for v in given if math.isfinite(v)]
    if cell.section == "datacenter_types" and cell.column in CELL_OVERRIDES:
        fid, column = cell.row, cell.column
        restated = _restated(sc, fid, column) if _built(sc, fid) else None
        if restated is None:
            return None
        field, own = restated
        head = (
            f"changes nothing: the scenario's facility {fid} gives its own {field} "
            f"({_num(own)}), which replaces data/datacenter_types.csv's {column} of "
            f"{fid} for every module of it ({_DOC})"
        )
        return head + _instead(sc, [(fid, column, field)], given, drawn)
    if cell.section == "sites":
        return _site_restated(sc, cell.row, cell.column, given, drawn)
    if cell.section == "energy_parameters" and cell.row in UNREAD_PARAMETERS:
        return f"changes nothing: {UNREAD_PARAMETERS[cell.row]}"
    if (cell.section, cell.row, cell.column) == GAS_PRICE_CELL:
        burners = _gas_burners(sc)
        if not burners:
            return None
        said = [(fid, _restated(sc, fid, "energy_usd_per_mwh")) for fid in burners]
        if any(r is None for _, r in said):
            return None  # some gas module takes the table's price: the gas price moves it
        own = ", ".join(
            f"{fid}'s {r[1]:g}" if len(said) > 1 else f"{r[1]:g}" for fid, r in said if r
        )
        head = (
            "changes nothing: the gas price moves only the fuel part of "
            "data/datacenter_types.csv's energy_usd_per_mwh of the types that burn gas "
            f"(tigris.energy.data.onsite_fuel_usd_per_mwh), and the scenario's "
            f"facilit{'ies' if len(burners) > 1 else 'y'} {', '.join(burners)} give"
            f"{'' if len(burners) > 1 else 's'} its own energy_usd_per_mwh ({own} "
            f"USD/MWh), which replaces it ({_DOC})"
        )
        fuel = [_fuel_price(fid, given, (heat_rates or {}).get(fid)) for fid in burners]
        moved = [(fid, "energy_usd_per_mwh", "energy_usd_per_mwh") for fid in burners]
        return head + _instead(sc, moved, fuel[0] if len(burners) == 1 else [], drawn, gas=True)
    return None


def _site_restated(
    sc: Scenario, row: str, column: str, given: Sequence[float], drawn: bool = False
) -> str | None:
    """Why a ``data.sites.ROW.COLUMN`` cell changes nothing: the scenario's site of that
    row gives its own ``COLUMN`` (one of :data:`tigris.scenario.schema.SITE_OVERRIDES`),
    which replaces the table's for every module the site builds (user test 2026-12-06:
    a sweep of ``data.sites.japan.subsidy_share_of_capex`` over a scenario whose japan
    sets 0.4 gave identical members and no word). None when no site restates it."""
    from tigris.scenario import resolve_site
    from tigris.scenario.schema import SITE_OVERRIDES

    if column not in SITE_OVERRIDES:
        return None
    target = resolve_site(row)
    for site in sc.sites:
        own = getattr(site, column, None)
        if own is None or resolve_site(site.name) != target:
            continue
        path = f"sites.{site.name}.{column}"
        shown = ",".join(_num(v) for v in given) or "V"
        instead = f"draw {path} instead" if drawn else f"to change it, --set {path}={shown}"
        return (
            f"changes nothing: the scenario's site {site.name} gives its own {column} "
            f"({_num(float(own))}), which replaces data/sites.csv's for every module it "
            f'builds (docs/scenario-files.md, "What a site\'s overrides reach"); {instead}'
        )
    return _site_unreached(sc, target, column)


def _site_unreached(sc: Scenario, target: Any, column: str) -> str | None:
    """Why a ``data.sites`` cell reaches no module the scenario's site of that row may
    build, said as that site's own override would be
    (:func:`tigris.scenario.advice.site_override_reach`; a README user's test of
    2026-12-07: ``--set data.sites.texas-usa.subsidy_share_of_capex=0.3`` on the
    reference, whose Texas builds data centres only, was silent where ``--set
    sites.texas-usa.subsidy_share_of_capex`` warns). None when it reaches one, or the
    scenario has no such site."""
    from tigris.scenario import resolve_site
    from tigris.scenario.advice import site_override_reach
    from tigris.scenario.checks import facility_id

    by_id = {facility_id(f.kind, f.node, f.power): f for f in sc.facilities}
    for site in sc.sites:
        if resolve_site(site.name) == target:
            said = site_override_reach(site, column, by_id)
            return said[0] if said is not None and said[1] else None
    return None


def _fuel_price(
    fid: str, prices: Sequence[float], heat_rate_btu_per_kwh: float | None = None
) -> list[float]:
    """The table's ``energy_usd_per_mwh`` of ``fid`` at each gas price [USD/MWh, the
    tables' dollars]: ``P · H + (e₀ − P₀ · H₀)`` as the plan reads it
    (:func:`tigris.energy.data.onsite_fuel_usd_per_mwh`), ``H`` the heat rate set with
    it (``heat_rate_btu_per_kwh``, user test 2026-12-07: the advice used the table's
    9,447 Btu/kWh beside a ``--set`` of 6,500), else the table's ``H₀``."""
    from tigris.energy.data import BTU_PER_KWH_PER_MMBTU_PER_MWH, datacenter_type, energy_parameter

    row = datacenter_type(fid)
    h0 = float(row["heat_rate_btu_per_kwh"]) / BTU_PER_KWH_PER_MMBTU_PER_MWH  # [MMBtu/MWh]
    given = heat_rate_btu_per_kwh
    h = h0 if given is None else given / BTU_PER_KWH_PER_MMBTU_PER_MWH
    now = float(row["energy_usd_per_mwh"])
    p0 = energy_parameter("gas_price_usd_per_mmbtu")
    return [now - p0 * h0 + p * h for p in prices]


def _instead(
    sc: Scenario,
    moved: Sequence[tuple[str, str, str]],
    values: Sequence[float],
    drawn: bool,
    gas: bool = False,
) -> str:
    """The advice after a cell's reason: the facility path(s) to set or draw."""
    if drawn:
        paths = " and ".join(f"facilities.{fid}.{field}" for fid, _, field in moved)
        return f"; give the distribution to {paths} instead"
    if values:
        sets = " ".join(f"--set {_suggested(sc, f, c, fd, values)}" for f, c, fd in moved)
        what = " (the table's price at that gas price)" if gas else ""
        return f"; to change it, {sets}{what}"
    paths = " and ".join(f"facilities.{fid}.{field}" for fid, _, field in moved)
    return f"; to change it, --set {paths}"


def cell_warning_lines(sc: Scenario, changes: Mapping[str, Any], field: str = "--set") -> list[str]:
    """One ``FIELD: PATH=VALUE: PATH: changes nothing: ...`` line per cell of
    ``changes`` that reaches no module of ``sc`` (:func:`cell_unreached`), as
    :func:`tigris.scenario.checks_subsidy.set_warning_lines` names a scenario edit's
    warning; without the ``warning: `` prefix.

    Parameters
    ----------
    sc : Scenario
        The scenario the cells are set for.
    changes : mapping of str to Any
        Path -> value (a list of values: a sweep's values of one path); scenario paths
        among them are skipped.
    field : str, optional
        The option that gave them.

    Returns
    -------
    list of str
        One line per cell of ``changes`` that reaches no module, in their order; empty if
        none.

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> path = "data.datacenter_types.datacenter-gas.capex_usd_per_mw"
    >>> [line] = cell_warning_lines(reference_scenario(), {path: 2e7})
    >>> line.startswith(f"--set: {path}=20000000: {path}: changes nothing")
    True
    """
    from tigris.risk.cells import is_cell
    from tigris.scenario.checks_capacity import capacity_slip

    heat_rates = _heat_rates_set(changes)
    out = []
    for path, value in changes.items():
        if not is_cell(path):
            continue
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        shown = ",".join(_num(v) if isinstance(v, (int, float)) else str(v) for v in values)
        for why in (
            cell_unreached(sc, path, values, heat_rates=heat_rates),
            _pue_slip(path, values),
            _heat_rate_price_kept(sc, path, values),
            capacity_slip(path, values),
        ):
            if why is not None:
                out.append(f"{field}: {path}={shown}: {path}: {why}")
    return out


def _heat_rate_price_kept(sc: Scenario, path: str, values: Sequence[Any]) -> str | None:
    """Why a heat-rate cell moves the gas burned and its CO2 but not the energy cost: the
    scenario's facility of that type gives its own ``energy_usd_per_mwh``, which the
    heat rate does not reach (user test 2026-12-07: 6,500 Btu/kWh burned 31 % less gas
    at the same US$45/MWh). None for other cells, or where the table's price is used."""
    from tigris.energy.data import energy_parameter
    from tigris.errors import InputError
    from tigris.risk.cells import parse_cell

    try:
        cell = parse_cell(path)
    except InputError:
        return None
    if cell.section != "datacenter_types" or cell.column != "heat_rate_btu_per_kwh":
        return None
    fid = cell.row
    restated = _restated(sc, fid, "energy_usd_per_mwh") if _built(sc, fid) else None
    if restated is None:
        return None
    rates = [float(v) for v in values if isinstance(v, (int, float)) and math.isfinite(v)]
    p0 = energy_parameter("gas_price_usd_per_mmbtu")
    prices = [_fuel_price(fid, [p0], h)[0] for h in rates]
    column = "energy_usd_per_mwh"
    to_set = _suggested(sc, fid, column, column, prices) if prices else f"facilities.{fid}.{column}"
    return (
        f"moves the gas {fid} burns and its CO2, not its energy cost: the scenario's "
        f"facility {fid} gives its own {column} ({_num(restated[1])} USD/MWh), which "
        f"replaces the table's fuel at the heat rate ({_DOC}); to move it too, --set "
        f"{to_set} (the table's price at that heat rate)"
    )


def _heat_rates_set(changes: Mapping[str, Any]) -> dict[str, float]:
    """The heat rate of each data-centre type that ``changes`` sets to one number
    (``data.datacenter_types.TYPE.heat_rate_btu_per_kwh``) [Btu/kWh]."""
    from tigris.errors import InputError
    from tigris.risk.cells import parse_cell

    out = {}
    for path, value in changes.items():
        try:
            cell = parse_cell(path)
        except InputError:
            continue
        one = isinstance(value, (int, float)) and math.isfinite(float(value))
        if cell.section == "datacenter_types" and cell.column == "heat_rate_btu_per_kwh" and one:
            out[cell.row] = float(value)
    return out


def _pue_slip(path: str, values: Sequence[Any]) -> str | None:
    """Why a PUE cell's value (a region's ``data.grid.REGION.pue`` or a type's
    ``data.datacenter_types.TYPE.pue``) is most likely another quantity: above the
    highest published industry average, as a site's ``pue`` is warned of
    (:func:`tigris.scenario.checks_energy.pue_above_published`; user test 2026-12-06:
    ``datacenter_types.datacenter-gas.pue=110`` planned silently, ``grid.usa.pue=115``
    failed naming only the legacy fleet's MW). None for other cells or PUEs within it."""
    from tigris.errors import InputError
    from tigris.risk.cells import parse_cell
    from tigris.scenario.checks_energy import pue_above_published

    try:
        cell = parse_cell(path)
    except InputError:
        return None
    if cell.column != "pue" or cell.section not in ("grid", "datacenter_types"):
        return None
    for v in values:
        if not isinstance(v, (int, float)) or not math.isfinite(float(v)):
            continue
        head = pue_above_published(float(v))
        if head is not None:
            percent = f"; {float(v):g} % is written {float(v) / 100:g}" if v >= 100 else ""
            return (
                f"{head}){percent}: PUE is facility power over IT power (docs/energy.md, "
                "'PUE by region and site')"
            )
    return None


def distribution_cells_unreached(parts: Parts) -> Found:
    """A ``distributions:`` entry on a data-table cell that reaches no module
    (:func:`cell_unreached`): its draws would leave every member's plan as it is.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per data-table cell of ``distributions:`` (at
        ``distributions.<path>``) that reaches no module, saying why; empty without a
        validated scenario.
    """
    from tigris.risk.cells import is_cell

    sc = parts.scenario
    if sc is None or not sc.distributions:
        return []
    out: Found = []
    for path in sc.distributions:
        if not is_cell(path):
            continue
        why = cell_unreached(sc, path, drawn=True)
        if why is not None:
            out.append((("distributions", path), why))
    return out


def warn_cells(sc: Scenario, changes: Mapping[str, Any], field: str = "--set") -> list[str]:
    """Write :func:`cell_warning_lines` on standard error, ``warning: `` first, and keep
    each for ``--json``'s ``warnings``. ``tigris plan --set`` puts cells in force as a
    data overlay, not as scenario edits, so
    :func:`tigris.scenario.checks_subsidy.set_warnings` never sees them (a sweep says
    them in :func:`tigris.runs.sweep.set_warning_lines`, once per path).

    Parameters
    ----------
    sc : Scenario
        The scenario the cells are set for.
    changes : mapping of str to Any
        The cells set, path -> value (scenario paths among them are skipped).
    field : str, optional
        The option that gave them.

    Returns
    -------
    list of str
        The lines written, without the ``warning: `` prefix.
    """
    import sys

    from tigris.scenario.advice import note_said

    lines = cell_warning_lines(sc, changes, field)
    for line in lines:
        note_said(line)
        sys.stderr.write(f"warning: {line}\n")
    return lines
