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
    kinds and how many modules.

Conventions (docs/plan.md, "The world the plan starts from"): the tables give capacity
at the *end* of a year; the planner's value for year ``t`` is the mean of the ends of
``t - 1`` and ``t`` (the capacity on average over the year, for linear growth within
it); after the table's last year a line is held flat; before its first row a line has
no capacity. A variant scales each line's additions over its end-of-history capacity;
reductions are never scaled. Facility ids follow :func:`tigris.scenario.checks.facility_id`
(``logic-<node family>``, ``cowos``, ``hbm``).

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
        lines.append(
            {
                **dict(zip(_LINE, key, strict=True)),
                "fid": _facility_id(kind, planner_node),
                "years": years,
                "capacity": base + factor * added,
                "ai_share": share,
                "existing_ai": base * share,
                "announced_ai": factor * added * share,
            }
        )
    return tuple(lines)


def _year_average(years_end: np.ndarray, values_end: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Year-average value from end-of-year values: mean of the ends of t-1 and t.

    Zero before the first end-of-year row, held flat after the last
    (docs/plan.md, "The world the plan starts from").
    """
    first, last = int(years_end[0]), int(years_end[-1])

    def end(y: np.ndarray) -> np.ndarray:
        idx = np.clip(y - first, 0, len(values_end) - 1)
        return np.where(y < first, 0.0, values_end[idx])

    y = np.minimum(np.asarray(years, dtype=int), last + 1)
    return 0.5 * (end(y - 1) + end(y))


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
    Year average = mean of the end-of-year values of t-1 and t, as the reference
    scenario's supply section (docs/plan.md, "The world the plan starts from").

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
            avg = _year_average(line["years"], line[col], yrs)
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


def _window_average(
    years_end: np.ndarray,
    values_end: np.ndarray,
    years: np.ndarray,
    lag_years: float,
    held_before: bool,
) -> np.ndarray:
    """Average over the twelve months ending ``lag_years`` before each year's end.

    The end-of-year values are joined linearly (the end of year ``y`` at time ``y + 1``,
    ``y`` being 1 January) and averaged over ``[y - lag, y + 1 - lag]``. With no lag
    this is :func:`_year_average` (the mean of the ends of ``y - 1`` and ``y``). After
    the last row the value is held; before the first it is that row's value if
    ``held_before`` (a line the table starts with, which did not start there), else 0
    (a line that began then). The average of a piecewise-linear path is exact here:
    the grid holds every knot whenever the lag is a whole number of months.
    """
    knots = np.concatenate(([years_end[0]], years_end + 1.0)).astype(float)
    first = values_end[0] if held_before else 0.0
    vals = np.concatenate(([first], values_end)).astype(float)
    out = np.empty(len(years))
    for i, y in enumerate(np.asarray(years, dtype=float)):
        grid = np.linspace(y - lag_years, y + 1.0 - lag_years, 12 * _STEPS_PER_MONTH + 1)
        out[i] = np.trapezoid(np.interp(grid, knots, vals), grid)
    return out


#: Grid steps per month of :func:`_window_average` (exact for lags in whole months).
_STEPS_PER_MONTH = 4


def existing_supply_lagged(
    variant: str, years: np.ndarray, lag_years: dict[str, float]
) -> dict[str, np.ndarray]:
    """AI capacity averaged over the twelve months ending a lag before each year's end.

    What was *sold* in a year was made earlier: its logic wafers, HBM wafers and CoWoS
    passes were used some months before the sale. The capacity that made year ``y``'s
    sales is then each kind's over ``[y - lag, y + 1 - lag]`` (:func:`_window_average`
    on the end-of-year AI capacity, existing and announced together). With every lag
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
    out: dict[str, np.ndarray] = {}
    for line in _lines(variant):
        fid = line["fid"]
        kind = "logic" if fid.startswith("logic-") else fid
        ai = line["existing_ai"] + line["announced_ai"]
        held = int(line["years"][0]) == start
        avg = _window_average(line["years"], ai, yrs, float(lag_years.get(kind, 0.0)), held)
        out[fid] = out.get(fid, np.zeros(len(yrs))) + avg
    return out


@data_cache
def _capital() -> dict[str, tuple[tuple[int, float], ...]]:
    out: dict[str, list[tuple[int, float]]] = {}
    for row in load_rows("incumbent_capital"):
        free = float(row["capex_usd"]) * float(row["share_for_response"])
        out.setdefault(_text(row["owner"]), []).append((int(row["year"]), free))
    return {k: tuple(sorted(v)) for k, v in out.items()}


@data_cache
def _sites() -> dict[str, tuple[dict[str, Any], ...]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in load_rows("incumbent_sites"):
        kinds = tuple(k.strip() for k in _text(row["kinds"]).split("|") if k.strip())
        entry = {"site": _text(row["site"]), "kinds": kinds, "max_modules": int(row["max_modules"])}
        out.setdefault(_text(row["owner"]), []).append(entry)
    return {k: tuple(v) for k, v in out.items()}


def incumbent_owners() -> tuple[str, ...]:
    """Incumbents that may respond: owners with capital guidance and sites, table order.

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
        ``{"site": sites.csv name, "kinds": tuple of facility kinds,
        "max_modules": int}`` per site, in table order.

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
