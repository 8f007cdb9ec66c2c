"""Incumbent capacity: what the foundries, packagers and memory makers have and announce.

The planner starts from a world that already makes AI accelerators. This module reads
four shipped tables (every row with ``source`` and ``as_of``; estimates name whose):

``incumbent_capacity.csv``
    End-of-year capacity of each incumbent line by owner, facility kind (``logic``,
    ``cowos``, ``hbm``), node, package, site and year [wspm; for HBM, DRAM wafer starts
    per month on TSV lines], with the share of it serving AI accelerators
    (``ai_share``, sourced per row). Rows with ``status`` ``history`` are what stood
    (published estimates); later rows are announced expansions.
``baseline_variants.csv``
    Factors on the announced *additions* after the last history year, by baseline
    variant (``announced``, ``conservative``, ``aggressive``) and facility kind.
``incumbent_capital.csv``
    Capex guidance by owner and year and the share assumed free to respond to an
    investor (tigris assumption), for the optional "incumbents respond" switch.
``incumbent_sites.csv``
    Where each incumbent may build in response (``sites.csv`` names), which facility
    kinds and how many modules: the fab makers' fabs and packaging lines, and the
    hyperscalers' data centres (:func:`site_kinds`).

Conventions (docs/plan.md, "The world the plan starts from"): the tables give capacity
at the *end* of a year, unless a row's ``month`` dates its figure earlier in its year
(6: a figure for the year as a whole, such as AI's use of a line over the year, whose
mean for linear growth is the mid-year value); ``incumbent_capacity_points.csv`` adds
dated observations within history years (TSMC's CoWoS still at ~8k wspm in mid-2023).
A line's capacity is the piecewise-linear path through its dated figures, and the
planner's value for year ``t`` is its mean over the year (for year-end rows, the mean
of the ends of ``t - 1`` and ``t``); after the table's last year a line is held flat;
before its first row a line has no capacity. A variant scales each line's additions
over its end-of-history capacity; reductions are never scaled. Facility ids follow
:func:`tigris.scenario.checks.facility_id` (``logic-<node family>``, ``cowos``,
``hbm``).

Only the csv-based table readers are imported at module import; pandas is imported by
:func:`capacity_table` when a frame is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris.data import data_cache, load_rows
from tigris.errors import InputError, TigrisError, unknown_name

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "HISTORY_END",
    "VARIANTS",
    "capacity_table",
    "existing_split",
    "existing_supply",
    "existing_supply_lagged",
    "incumbent_owners",
    "owner_capital",
    "owner_sites",
    "site_kinds",
]

#: Baseline variants a scenario may name in ``supply.baseline``.
VARIANTS: tuple[str, ...] = ("announced", "conservative", "aggressive")
#: ``status`` of a capacity row that records what stood (published estimates).
HISTORY_STATUS = "history"
#: ``status`` values of a capacity row: what stood, or an announced expansion.
STATUSES: tuple[str, ...] = (HISTORY_STATUS, "announced")
#: Facility kinds of the capacity table (as in ``plan.inputs.FACILITY_KINDS``).
KINDS: tuple[str, ...] = ("logic", "cowos", "hbm")
#: Capacity unit of each kind (HBM: DRAM wafer starts per month on TSV lines).
UNITS: dict[str, str] = {"logic": "wspm", "cowos": "wspm", "hbm": "wspm"}
#: Source names of :func:`existing_split` (``PlanInputs.existing_parts`` keys).
EXISTING = "incumbent existing"
ANNOUNCED = "incumbent announced"
#: Columns naming one line (one series of end-of-year rows).
_LINE = ("owner", "kind", "node", "package", "site")
#: Months in a year; a row's ``month`` 12 (the default) dates it at the year's end.
MONTHS = 12
#: Table of dated observations within history years (:func:`_points`).
_POINTS = "incumbent_capacity_points"


def _text(value: Any) -> str:
    """A table cell as stripped text, ``""`` for an empty (NaN) cell."""
    if isinstance(value, float) and value != value:
        return ""
    return str(value).strip()


@data_cache
def _capacity_rows() -> tuple[dict[str, Any], ...]:
    rows = []
    for n, row in enumerate(load_rows("incumbent_capacity"), start=2):
        row = {
            k: (_text(v) if k in (*_LINE, "planner_node", "status", "unit") else v)
            for k, v in row.items()
        }
        if row["kind"] not in KINDS or row["unit"] != UNITS[row["kind"]]:
            msg = (
                f"incumbent_capacity.csv:{n}: kind '{row['kind']}' with unit "
                f"'{row['unit']}'; expected one of {UNITS}"
            )
            raise TigrisError(msg)
        if row["status"] not in STATUSES:
            msg = f"incumbent_capacity.csv:{n}: status '{row['status']}'; expected {STATUSES}"
            raise TigrisError(msg)
        if not 0.0 <= float(row["ai_share"]) <= 1.0 or float(row["capacity"]) < 0.0:
            msg = f"incumbent_capacity.csv:{n}: capacity >= 0 and ai_share in [0, 1] expected"
            raise TigrisError(msg)
        row["month"] = _month(row.get("month"), f"incumbent_capacity.csv:{n}")
        rows.append(row)
    return tuple(rows)


def _month(value: Any, where: str) -> int:
    """A row's ``month`` (1-12; empty: 12, the year's end), checked."""
    text = _text(value) if value is not None else ""
    if text == "":
        return MONTHS
    try:
        month = float(text)
    except ValueError:
        month = -1.0
    if month != round(month) or not 1 <= month <= MONTHS:
        msg = f"{where}: month must be a whole month 1-{MONTHS}, got '{text}'"
        raise TigrisError(msg)
    return int(month)


@data_cache
def _points() -> tuple[dict[str, Any], ...]:
    """Dated observations within a history year (``incumbent_capacity_points.csv``)."""
    rows = []
    for n, row in enumerate(load_rows(_POINTS), start=2):
        row = {k: (_text(v) if k in _LINE else v) for k, v in row.items()}
        where = f"{_POINTS}.csv:{n}"
        row["month"] = _month(row.get("month"), where)
        if int(row["year"]) > HISTORY_END:
            msg = f"{where}: year {row['year']} is after history ({HISTORY_END})"
            raise TigrisError(msg)
        if not 0.0 <= float(row["ai_share"]) <= 1.0 or float(row["capacity"]) < 0.0:
            msg = f"{where}: capacity >= 0 and ai_share in [0, 1] expected"
            raise TigrisError(msg)
        rows.append(row)
    return tuple(rows)


def _history_end() -> int:
    years = [int(r["year"]) for r in _capacity_rows() if r["status"] == HISTORY_STATUS]
    if not years:
        msg = "incumbent_capacity.csv has no history rows"
        raise TigrisError(msg)
    return max(years)


#: Last year of history in ``incumbent_capacity.csv`` (the latest ``history`` row).
HISTORY_END: int = _history_end()


def _check_variant(variant: str) -> None:
    if variant not in VARIANTS:
        msg = f"unknown baseline variant '{variant}'; expected one of: {', '.join(VARIANTS)}"
        raise InputError(msg, field="supply.baseline")


@data_cache
def _factors() -> dict[tuple[str, str], tuple[tuple[int, float], ...]]:
    """(variant, kind) -> ((from_year, factor), ...) sorted by year."""
    out: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for row in load_rows("baseline_variants"):
        key = (_text(row["variant"]), _text(row["kind"]))
        out.setdefault(key, []).append((int(row["from_year"]), float(row["factor"])))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _held(rows: tuple[tuple[int, float], ...], year: int, before: float) -> float:
    """Value of the last ``(from_year, value)`` row at or before ``year``, held flat
    after it (rows sorted by year); ``before`` ahead of the first row."""
    value = before
    for start, v in rows:
        if start <= year:
            value = v
    return value


def _factor(variant: str, kind: str, year: int) -> float:
    """Factor on announced additions of ``kind`` in ``year`` (1 where none applies)."""
    return _held(_factors().get((variant, kind), ()), year, 1.0)


def _facility_id(kind: str, node: str) -> str:
    """``logic-<family>`` of a logic line (the planner's pool), else the kind."""
    if kind != "logic":
        return kind
    from tigris.nodes import get_node

    return f"logic-{get_node(node).family}"


@data_cache
def _lines(variant: str) -> tuple[dict[str, Any], ...]:
    """One dict per line: keys, facility id, years and end-of-year capacity after the
    variant, split into what stood at the end of history and the additions after."""
    grouped: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in _capacity_rows():
        grouped.setdefault(tuple(row[c] for c in _LINE), []).append(row)
    lines = []
    for key, rows in grouped.items():
        rows = sorted(rows, key=lambda r: int(r["year"]))
        years = np.array([int(r["year"]) for r in rows])
        if np.any(np.diff(years) != 1):
            msg = f"incumbent_capacity.csv: line {key} has missing or repeated years {years}"
            raise TigrisError(msg)
        cap = np.array([float(r["capacity"]) for r in rows])
        share = np.array([float(r["ai_share"]) for r in rows])
        # What stood at the end of history: the line's last row up to HISTORY_END.
        stood = cap[years <= HISTORY_END][-1] if years[0] <= HISTORY_END else 0.0
        base = np.where(years <= HISTORY_END, cap, np.minimum(cap, stood))
        added = np.where(years <= HISTORY_END, 0.0, np.maximum(cap - stood, 0.0))
        kind = key[1]
        factor = np.array([_factor(variant, kind, int(y)) for y in years])
        planner_node = rows[0].get("planner_node") or key[2]
        line = {
            **dict(zip(_LINE, key, strict=True)),
            "fid": _facility_id(kind, planner_node),
            "years": years,
            "capacity": base + factor * added,
            "ai_share": share,
            "existing_ai": base * share,
            "announced_ai": factor * added * share,
        }
        months = np.array([int(r["month"]) for r in rows])
        lines.append({**line, **_knots(key, years + months / MONTHS, line)})
    known = {tuple(line[c] for c in _LINE) for line in lines}
    for p in _points():
        if tuple(p[c] for c in _LINE) not in known:
            msg = f"{_POINTS}.csv: no incumbent_capacity.csv line {tuple(p[c] for c in _LINE)}"
            raise TigrisError(msg)
    return tuple(lines)


def _knots(key: tuple[str, ...], times: np.ndarray, line: dict[str, Any]) -> dict[str, Any]:
    """A line's path: knot times [year] and AI capacity at them, rows and dated points.

    A row of year ``y`` and month ``m`` stands at time ``y + m / 12`` (``y`` is
    1 January of year ``y``): the year's end for ``m = 12``, mid-year for a figure
    describing the year as a whole (``m = 6``: the mean of a linearly growing value over
    a year is its mid-year value). Points of ``incumbent_capacity_points.csv`` (history
    only) add knots between rows. Knot times must increase strictly.
    """
    t = list(times.astype(float))
    ex = list(line["existing_ai"].astype(float))
    an = list(line["announced_ai"].astype(float))
    for p in _points():
        if tuple(p[c] for c in _LINE) == key:
            t.append(int(p["year"]) + int(p["month"]) / MONTHS)
            ex.append(float(p["capacity"]) * float(p["ai_share"]))
            an.append(0.0)
    order = np.argsort(t, kind="stable")
    t_arr = np.asarray(t)[order]
    if np.any(np.diff(t_arr) <= 0):
        msg = f"incumbent_capacity: line {key} has two figures at one time (year, month)"
        raise TigrisError(msg)
    return {
        "knots": t_arr,
        "knot_existing_ai": np.asarray(ex)[order],
        "knot_announced_ai": np.asarray(an)[order],
    }


def _path_average(
    knots: np.ndarray, values: np.ndarray, starts: np.ndarray, length: float, first: float
) -> np.ndarray:
    """Average of a piecewise-linear path over ``[s, s + length]`` for each start ``s``.

    The path joins ``(knots, values)`` linearly; a year before the first knot it is
    ``first`` (0: a line that began then, rising to its first figure over the year; the
    first value: a line that stood before the table starts), and it is held after the
    last knot. Exact: the trapezoid rule on the window's ends and every knot inside it
    is the integral of a piecewise-linear function.

    References
    ----------
    docs/plan.md, "The world the plan starts from" (capacity between dated figures).
    """
    t = np.concatenate(([knots[0] - 1.0], knots)).astype(float)
    v = np.concatenate(([first], values)).astype(float)
    out = np.empty(len(starts))
    for i, s in enumerate(np.asarray(starts, dtype=float)):
        inside = t[(t > s) & (t < s + length)]
        grid = np.concatenate(([s], inside, [s + length]))
        out[i] = np.trapezoid(np.interp(grid, t, v), grid) / length
    return out


def _years(years: Iterable[int] | np.ndarray) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(years))
    if arr.ndim != 1 or arr.size == 0 or not np.all(arr == np.round(arr)):
        msg = "years: expected a non-empty 1-D array of whole years"
        raise InputError(msg, field="years")
    return arr.astype(int)


def capacity_table(variant: str = "announced") -> pd.DataFrame:
    """The incumbent capacity table after a baseline variant, one row per line and year.

    Parameters
    ----------
    variant : str
        One of :data:`VARIANTS`.

    Returns
    -------
    pandas.DataFrame
        The columns of ``incumbent_capacity.csv`` (``capacity`` after the variant's
        factor on additions after :data:`HISTORY_END`) plus ``facility`` (the
        planner's facility id) and ``ai_capacity`` = ``capacity * ai_share``
        [wspm; HBM in DRAM wafer starts per month].

    Raises
    ------
    InputError
        ``variant`` is not one of :data:`VARIANTS` (field ``supply.baseline``).

    Examples
    --------
    >>> t = capacity_table()
    >>> sorted(set(t["kind"]))
    ['cowos', 'hbm', 'logic']
    """
    import pandas as pd

    _check_variant(variant)
    table = pd.DataFrame(list(_capacity_rows()))
    adjusted = {}
    for line in _lines(variant):
        for y, c in zip(line["years"], line["capacity"], strict=True):
            adjusted[(*(line[k] for k in _LINE), int(y))] = (c, line["fid"])
    keys = list(zip(*(table[c] for c in _LINE), table["year"].astype(int), strict=True))
    table["capacity"] = [adjusted[k][0] for k in keys]
    table["facility"] = [adjusted[k][1] for k in keys]
    table["ai_capacity"] = table["capacity"] * table["ai_share"].astype(float)
    return table


def existing_split(variant: str, years: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
    """Year-average AI capacity by facility, split into what stood and what is announced.

    ``"incumbent existing"`` is each line's capacity at the end of :data:`HISTORY_END`
    held flat (its history before), times the year's AI share; ``"incumbent
    announced"`` is the additions after it (after the variant's factor) times the AI
    share. Their sum is :func:`existing_supply`.

    Parameters
    ----------
    variant : str
        One of :data:`VARIANTS`.
    years : array of int
        Years wanted, shape (T,).

    Returns
    -------
    dict
        ``{"incumbent existing": {fid: (T,)}, "incumbent announced": {fid: (T,)}}``,
        the same facility ids in both [wspm].

    Raises
    ------
    InputError
        Unknown ``variant`` (field ``supply.baseline``).

    References
    ----------
    Year average = the mean over the year of the path through the lines' dated figures
    (:func:`_path_average`): for end-of-year rows, the mean of the ends of t-1 and t, as
    the reference scenario's supply section (docs/plan.md, "The world the plan starts from").

    Examples
    --------
    >>> split = existing_split("announced", np.array([2025, 2027]))
    >>> float(split["incumbent announced"]["cowos"][0])  # 2025 is history
    0.0
    """
    _check_variant(variant)
    yrs = _years(years)
    out: dict[str, dict[str, np.ndarray]] = {EXISTING: {}, ANNOUNCED: {}}
    for line in _lines(variant):
        for part, col in ((EXISTING, "existing_ai"), (ANNOUNCED, "announced_ai")):
            avg = _path_average(line["knots"], line[f"knot_{col}"], yrs, 1.0, 0.0)
            fid = line["fid"]
            out[part][fid] = out[part].get(fid, np.zeros(len(yrs))) + avg
    return out


def existing_supply(variant: str, years: np.ndarray) -> dict[str, np.ndarray]:
    """Year-average incumbent capacity serving AI accelerators, by facility.

    Parameters
    ----------
    variant : str
        One of :data:`VARIANTS`.
    years : array of int
        Years wanted, shape (T,).

    Returns
    -------
    dict of str to numpy.ndarray
        Facility id (``logic-N5``, ``logic-N3``, ..., ``cowos``, ``hbm``) -> (T,)
        capacity summed over owners and sites [wspm; HBM in DRAM wafer starts per
        month on TSV lines].

    Raises
    ------
    InputError
        Unknown ``variant`` (field ``supply.baseline``).

    References
    ----------
    Sum of :func:`existing_split`'s two parts.

    Examples
    --------
    >>> s = existing_supply("announced", np.array([2025, 2026]))
    >>> {"cowos", "hbm", "logic-N5"} <= set(s)
    True
    """
    split = existing_split(variant, years)
    return {fid: split[EXISTING][fid] + split[ANNOUNCED][fid] for fid in split[EXISTING]}


def existing_supply_lagged(
    variant: str,
    years: np.ndarray,
    lag_years: dict[str, float],
    *,
    by_owner: Iterable[str] = (),
) -> dict[str, np.ndarray]:
    """AI capacity averaged over the twelve months ending a lag before each year's end.

    What was *sold* in a year was made earlier: its logic wafers, HBM wafers and CoWoS
    passes were used some months before the sale. The capacity that made year ``y``'s
    sales is then each kind's over ``[y - lag, y + 1 - lag]`` (:func:`_path_average`
    on the AI capacity through the lines' dated figures, existing and announced
    together). With every lag
    0 it is :func:`existing_supply` for every year after the table's first.

    Parameters
    ----------
    variant : str
        One of :data:`VARIANTS`.
    years : array of int
        Years of sale, shape (T,).
    lag_years : dict of str to float
        Lag by facility kind (``logic``, ``cowos``, ``hbm``) [year]; a kind missing has
        no lag.
    by_owner : iterable of str, optional
        Facility kinds (e.g. ``("hbm",)``) whose capacity is keyed ``<fid>:<owner>``
        (one entry per owner) instead of pooled under the facility id.

    Returns
    -------
    dict of str to numpy.ndarray
        As :func:`existing_supply` [wspm].

    References
    ----------
    Epoch AI, "AI Chip Components" documentation (2026): component use is attributed
    to the quarter the inputs were consumed, not the quarter the chips were sold;
    ``data/hindcast_lags.csv`` for the lags the hindcast uses.

    Examples
    --------
    >>> yrs = np.array([2024, 2025])
    >>> same = existing_supply_lagged("announced", yrs, {})
    >>> bool(np.allclose(same["cowos"], existing_supply("announced", yrs)["cowos"]))
    True
    >>> later = existing_supply_lagged("announced", yrs, {"cowos": 0.25})
    >>> bool(np.all(later["cowos"] < same["cowos"]))  # capacity grew
    True
    """
    _check_variant(variant)
    yrs = _years(years)
    start = min(int(line["years"][0]) for line in _lines(variant))
    split = set(by_owner)
    out: dict[str, np.ndarray] = {}
    for line in _lines(variant):
        fid = line["fid"]
        kind = "logic" if fid.startswith("logic-") else fid
        ai = line["knot_existing_ai"] + line["knot_announced_ai"]
        held = int(line["years"][0]) == start
        lag = float(lag_years.get(kind, 0.0))
        avg = _path_average(line["knots"], ai, yrs - lag, 1.0, ai[0] if held else 0.0)
        key = f"{fid}:{line['owner']}" if kind in split else fid
        out[key] = out.get(key, np.zeros(len(yrs))) + avg
    return out


@data_cache
def _capital() -> dict[str, tuple[tuple[int, float], ...]]:
    out: dict[str, list[tuple[int, float]]] = {}
    for row in load_rows("incumbent_capital"):
        free = float(row["capex_usd"]) * float(row["share_for_response"])
        out.setdefault(_text(row["owner"]), []).append((int(row["year"]), free))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def site_kinds() -> tuple[str, ...]:
    """What an incumbent site's ``kinds`` may name (``incumbent_sites.csv``).

    A fab kind (:data:`KINDS`: every facility of the kind, any node) or a data-centre
    facility id of ``data/datacenter_types.csv`` (``datacenter`` is the grid-connected
    type only, ``datacenter-gas`` on-site gas: a data centre is named by how it is
    powered, because the hyperscalers' announced campuses say so).

    Returns
    -------
    tuple of str
        The fab kinds, then the data-centre facility ids, in table order.

    Examples
    --------
    >>> site_kinds()[:4]
    ('logic', 'cowos', 'hbm', 'datacenter')
    """
    return KINDS + tuple(_text(r["facility"]) for r in load_rows("datacenter_types"))


@data_cache
def _sites() -> dict[str, tuple[dict[str, Any], ...]]:
    out: dict[str, list[dict[str, Any]]] = {}
    known = site_kinds()
    for n, row in enumerate(load_rows("incumbent_sites"), start=2):
        kinds = tuple(k.strip() for k in _text(row["kinds"]).split("|") if k.strip())
        bad = [k for k in kinds if k not in known]
        if not kinds or bad:
            msg = f"incumbent_sites.csv:{n}: kinds '{_text(row['kinds'])}'; expected of {known}"
            raise TigrisError(msg)
        entry = {"site": _text(row["site"]), "kinds": kinds, "max_modules": int(row["max_modules"])}
        out.setdefault(_text(row["owner"]), []).append(entry)
    return {k: tuple(v) for k, v in out.items()}


def incumbent_owners() -> tuple[str, ...]:
    """Incumbents that may respond: owners with capital guidance and sites, table order.

    Returns
    -------
    tuple of str
        Owner names, in the capital guidance table's order.

    Examples
    --------
    >>> "TSMC" in incumbent_owners()
    True
    """
    sites = _sites()
    return tuple(o for o in _capital() if o in sites)


def _check_owner(owner: str) -> None:
    if owner not in incumbent_owners():
        raise unknown_name("incumbent", owner, incumbent_owners(), field="incumbents")


def owner_capital(owner: str, years: np.ndarray) -> np.ndarray:
    """Capital an incumbent may spend in response, by year.

    Capex guidance times the share assumed free to respond (``incumbent_capital.csv``);
    zero before the owner's first row, held flat after its last.

    Parameters
    ----------
    owner : str
        One of :func:`incumbent_owners`.
    years : array of int
        Years wanted, shape (T,).

    Returns
    -------
    numpy.ndarray
        (T,) capital free to respond [USD].

    Raises
    ------
    InputError
        Unknown ``owner``.

    References
    ----------
    ``capex_usd * share_for_response`` per row (incumbent_capital.csv sources).

    Examples
    --------
    >>> owner_capital("TSMC", np.array([2020, 2026])) > 0
    array([False,  True])
    """
    _check_owner(owner)
    yrs = _years(years)
    rows = _capital()[owner]
    return np.array([_held(rows, int(y), 0.0) for y in yrs], dtype=float)


def owner_sites(owner: str) -> list[dict]:
    """Sites where an incumbent may build in response.

    Parameters
    ----------
    owner : str
        One of :func:`incumbent_owners`.

    Returns
    -------
    list of dict
        ``{"site": sites.csv name, "kinds": tuple of fab kinds and data-centre
        facility ids (:func:`site_kinds`), "max_modules": int}`` per site, in table
        order.

    Raises
    ------
    InputError
        Unknown ``owner``.

    Examples
    --------
    >>> [s["site"] for s in owner_sites("SK hynix")]
    ['south-korea']
    """
    _check_owner(owner)
    return [dict(s) for s in _sites()[owner]]
