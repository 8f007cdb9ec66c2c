"""The technology roadmap: which products ship in which years, in what mix.

``data/roadmap.csv`` gives, per product, the catalog accelerator it is, its ship years
and the least and most of the H100e delivered in a year it may take (from public vendor
and product shares; derived splits are tigris assumptions, stated on each row). A share
cell is a number for every ship year, or ``year:share`` pairs separated by ``|``, each
held until the next listed year (``2025:0.2|2026:0.05``). ``first_month`` (1-12, or
empty) is the month of ``first_year`` from which a primary source says the part ships
in volume: in that year its ``max_share`` is multiplied by the fraction of the year it
ships, ``(13 - first_month) / 12`` (from July: x 6/12), because a part launched in
July cannot make more than half a year's output of its band (tigris rule, user test
UT-HBM defect 1); a row without a month ships from 1 January, as before. The silicon each
product takes changes with the year it is made (the node's defect density learns down;
HBM stacks per DRAM wafer rise; package and HBM bonding yields learn up from their ramp
values): :func:`bills_by_year` gives it per year from
:func:`tigris.silicon.wafers_by_year`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from tigris.data import data_cache, load_rows
from tigris.errors import InputError, TigrisError
from tigris.units import MONTHS_PER_YEAR

if TYPE_CHECKING:  # imported where used
    import pandas as pd

__all__ = [
    "COLUMNS",
    "bills_by_year",
    "first_month_notes",
    "first_year_fraction",
    "marker_index",
    "roadmap_products",
    "roadmap_rows",
    "roadmap_table",
    "shares_by_year",
    "with_roadmap",
]

#: Columns of ``data/roadmap.csv``, in order.
COLUMNS: tuple[str, ...] = (
    "product",
    "accelerator",
    "vendor",
    "first_year",
    "last_year",
    "first_month",
    "min_share",
    "max_share",
    "share_source",
    "source",
    "as_of",
)
FloatArray = NDArray[np.float64]


def _bad(row: int, msg: str) -> TigrisError:
    return TigrisError(f"roadmap.csv row {row}: {msg}")


def _first_month(cell: Any, row: int) -> int | None:
    """``first_month`` as a month 1-12, or None when the cell is empty."""
    text = str(cell).strip()
    if text in ("", "nan", "None"):
        return None
    try:
        value = float(text)
    except ValueError:
        value = 0.0  # not a number: refused below
    if not (1 <= value <= MONTHS_PER_YEAR and value == int(value)):
        raise _bad(row, f"first_month '{text}' is not a month 1-12 (or empty)")
    return int(value)


def first_year_fraction(first_month: int | None) -> float:
    """The fraction of its first year a part ships when volume starts in ``first_month``.

    Parameters
    ----------
    first_month : int or None
        Month of volume shipment in the first ship year (1-12); None: from 1 January.

    Returns
    -------
    float
        ``(13 - first_month) / 12`` [-], 1 without a month.

    References
    ----------
    tigris rule (docs/plan.md, 'The technology roadmap', Shares): a part shipping from
    month m makes at most the months m..12 of a year's output of its share band.

    Examples
    --------
    >>> first_year_fraction(7), first_year_fraction(None), first_year_fraction(1)
    (0.5, 1.0, 1.0)
    """
    if first_month is None:
        return 1.0
    return (MONTHS_PER_YEAR + 1 - int(first_month)) / MONTHS_PER_YEAR


def _parse_shares(text: Any, first: int, last: int, row: int, column: str) -> dict[int, float]:
    """A share cell as ``{year: share}`` for every ship year ``first..last``.

    A number applies to every ship year; ``2023:0.6|2025:0.2`` gives values from those
    years on, each held until the next listed year (the first also before it).
    """
    cell = str(text).strip()
    given: dict[int, float] = {}
    try:
        if ":" not in cell:
            given[first] = float(cell)
        else:
            for part in cell.split("|"):
                year, value = part.split(":")
                given[int(year)] = float(value)
    except ValueError:
        msg = f"{column} '{cell}' is neither a share nor 'year:share|year:share'"
        raise _bad(row, msg) from None
    outside = [y for y in given if not first <= y <= last]
    if outside:
        raise _bad(row, f"{column} gives year {outside[0]} outside the ship years {first}-{last}")
    out, value = {}, given[min(given)]
    for year in range(first, last + 1):
        value = given.get(year, value)
        out[year] = value
    return out


@data_cache
def _rows() -> tuple[dict[str, Any], ...]:
    from tigris.catalog import get_accelerator

    out = []
    seen: set[str] = set()
    for i, raw in enumerate(load_rows("roadmap"), start=2):
        missing = [c for c in COLUMNS if c not in raw]
        if missing:
            raise _bad(i, f"missing column(s) {', '.join(missing)}")
        row = {c: raw[c] for c in COLUMNS}
        name = str(row["product"]).strip()
        if name.lower() in seen:
            raise _bad(i, f"product '{name}' appears twice")
        seen.add(name.lower())
        try:
            acc = get_accelerator(str(row["accelerator"]))
        except InputError as exc:
            raise _bad(i, str(exc)) from None
        first, last = int(row["first_year"]), int(row["last_year"])
        if first > last:
            raise _bad(i, f"first_year {first} is after last_year {last}")
        lo = _parse_shares(row["min_share"], first, last, i, "min_share")
        hi = _parse_shares(row["max_share"], first, last, i, "max_share")
        month = _first_month(row["first_month"], i)
        hi[first] = hi[first] * first_year_fraction(month)  # ships part of its first year
        for year in lo:
            if not 0.0 <= lo[year] <= hi[year] <= 1.0:
                msg = (
                    f"expected 0 <= min_share <= max_share <= 1 in {year}, "
                    f"got {lo[year]:g}, {hi[year]:g}"
                )
                raise _bad(i, msg)
        row.update(
            product=name,
            accelerator=acc.name,
            first_year=first,
            last_year=last,
            first_month=month,
            min_share=lo,
            max_share=hi,
        )
        out.append(row)
    return tuple(out)


def roadmap_rows() -> tuple[dict[str, Any], ...]:
    """The roadmap's checked rows as dicts, without importing pandas.

    The same rows and checks as :func:`roadmap_table`, for callers on the start-up path
    (scenario checks run by ``tigris.load_scenario``), which must not load pandas.

    Returns
    -------
    tuple of dict
        One dict per product with the keys of :data:`COLUMNS`; ``first_year`` and
        ``last_year`` [year].

    Examples
    --------
    >>> rows = roadmap_rows()
    >>> all(r["first_year"] <= r["last_year"] for r in rows)
    True
    """
    return _rows()


def roadmap_table() -> pd.DataFrame:
    """The roadmap, one row per product (``data/roadmap.csv``, checked).

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`; ``accelerator`` is the catalog's canonical name;
        ``first_month`` the month volume shipment starts in ``first_year`` (1-12, or
        None); ``min_share`` and ``max_share`` are ``{year: share}`` over the ship
        years, fractions of the H100e delivered in a year [-], ``max_share`` of the
        first year already multiplied by :func:`first_year_fraction`
        (:func:`shares_by_year` gives them one row per product and year).

    Raises
    ------
    TigrisError
        A row names an unknown accelerator, repeats a product, or has inconsistent
        years or shares (a packaging bug: the shipped table is wrong).

    Examples
    --------
    >>> t = roadmap_table()
    >>> sorted(t.columns) == sorted(COLUMNS)
    True
    """
    import pandas as pd

    return pd.DataFrame(list(_rows()), columns=list(COLUMNS))


def shares_by_year() -> pd.DataFrame:
    """The roadmap's share bands, one row per product and ship year.

    Returns
    -------
    pandas.DataFrame
        ``product``, ``vendor``, ``accelerator``, ``year``, ``min_share``,
        ``max_share`` (fractions of the H100e delivered that year [-]).

    Examples
    --------
    >>> s = shares_by_year()
    >>> bool((s.min_share <= s.max_share).all())
    True
    """
    import pandas as pd

    rows = [
        {
            "product": r["product"],
            "vendor": r["vendor"],
            "accelerator": r["accelerator"],
            "year": year,
            "min_share": r["min_share"][year],
            "max_share": r["max_share"][year],
        }
        for r in _rows()
        for year in r["min_share"]
    ]
    return pd.DataFrame(rows)


def roadmap_products(first_year: int, last_year: int) -> list[dict[str, Any]]:
    """The roadmap's products shipping in ``[first_year, last_year]``, as scenario rows.

    Parameters
    ----------
    first_year, last_year : int
        Years of the window [year]; a product is kept when its ship years overlap it.

    Returns
    -------
    list of dict
        Each accepted by :class:`tigris.scenario.schema.Product` (``Product(**d)``):
        ``name``, ``accelerator``, ``first_year``, ``last_year``, ``min_share`` and
        ``max_share`` (``{year: share}`` for every ship year, fractions of the H100e
        delivered that year [-]) and ``source`` (the row's source and where its shares
        come from). The node is the catalog's.

    Raises
    ------
    InputError
        ``first_year`` after ``last_year``.

    Examples
    --------
    >>> names = [d["name"] for d in roadmap_products(2023, 2023)]
    >>> "h100" in names
    True
    """
    if int(first_year) > int(last_year):
        msg = f"first year {first_year} is after last year {last_year}"
        raise InputError(msg, field="horizon.first_year")
    out = []
    for r in _rows():
        if r["first_year"] > last_year or r["last_year"] < first_year:
            continue
        out.append(
            {
                "name": r["product"],
                "accelerator": r["accelerator"],
                "first_year": r["first_year"],
                "last_year": r["last_year"],
                "min_share": dict(r["min_share"]),
                "max_share": dict(r["max_share"]),
                "source": f"{r['source']}; shares: {r['share_source']}{_ramp_note(r)}",
            }
        )
    return out


def _ramp_note(row: Mapping[str, Any]) -> str:
    """What the first-year rule did to a row's band, for its ``source`` (empty without a
    ``first_month``)."""
    month = row["first_month"]
    if month is None:
        return ""
    frac = first_year_fraction(month)
    return (
        f"; {row['first_year']} max_share {row['max_share'][row['first_year']]:g} = the "
        f"band's x {MONTHS_PER_YEAR + 1 - month}/{MONTHS_PER_YEAR} ({frac:g}): ships from "
        f"month {month} of its first year {RAMP_TAG}"
    )


#: What a product's ``source`` says when the first-month rule cut its first year's band
#: (written by :func:`_ramp_note`).
RAMP_TAG = "(first_month, tigris rule)"


def first_month_notes(
    products: list[Any], years: ArrayLike | None = None
) -> list[tuple[str, str, str, str]]:
    """Rows for a plan's assumptions table: each product whose first year's band the
    first-month rule cut (``first_month`` of ``data/roadmap.csv``).

    Parameters
    ----------
    products : list
        The plan's products (:class:`tigris.scenario.schema.Product` or mappings with
        ``name`` and ``source``); those the roadmap gave with a cut band carry
        :data:`RAMP_TAG` in their source.
    years : array_like of int, optional
        The plan's years [year]; a band cut in a year outside them is not listed.

    Returns
    -------
    list of (str, str, str, str)
        ``(parameter, value, unit, source)``: ``'<name>: first-year max share'``, e.g.
        ``'2026: band x 6/12 (ships from month 7)'``, ``-``, the roadmap row's source.

    References
    ----------
    :func:`first_year_fraction` (tigris rule, docs/plan.md 'The technology roadmap').
    """
    rows = {r["product"]: r for r in _rows()}
    out = []
    for p in products:
        name = _listed_name(p)
        source = p.get("source", "") if isinstance(p, Mapping) else getattr(p, "source", "")
        r = rows.get(name)
        if r is None or r["first_month"] is None or RAMP_TAG not in str(source):
            continue
        if years is not None and r["first_year"] not in {int(y) for y in np.atleast_1d(years)}:
            continue
        month = r["first_month"]
        value = (
            f"{r['first_year']}: band x {MONTHS_PER_YEAR + 1 - month}/{MONTHS_PER_YEAR} "
            f"(ships from month {month}), max_share {r['max_share'][r['first_year']]:g}"
        )
        out.append(
            (f"{name}: first-year max share", value, "-", f"data/roadmap.csv: {r['source']}")
        )
    return out


def _span(horizon: Any) -> tuple[int, int]:
    """A raw ``horizon`` mapping's first and last year, or the roadmap's whole span when
    it gives none that can be read (the schema reports the horizon itself)."""
    if isinstance(horizon, Mapping):
        first, last = horizon.get("first_year"), horizon.get("last_year")
        ok = all(isinstance(y, int) and not isinstance(y, bool) for y in (first, last))
        if ok and first <= last:
            return int(first), int(last)
    rows = _rows()
    return min(r["first_year"] for r in rows), max(r["last_year"] for r in rows)


def _listed_name(item: Any) -> Any:
    """The ``name`` of a listed product (a mapping, or a ``Product``), else ``None``."""
    return item.get("name") if isinstance(item, Mapping) else getattr(item, "name", None)


#: The options of the roadmap's entry in a products list (``{roadmap: {OPTION: value}}``)
#: and their defaults: ``min_share_scale`` multiplies every roadmap product's
#: ``min_share`` (0: no floors, 1: data/roadmap.csv's) [-].
ROADMAP_OPTIONS: dict[str, float] = {"min_share_scale": 1.0}


def marker_index(listed: Any, marker: str = "roadmap") -> int | None:
    """Where a products list names the roadmap: the text ``marker``, or a mapping with
    ``marker`` as its only key (``{roadmap: {min_share_scale: 0}}``); None if nowhere.

    Parameters
    ----------
    listed : Any
        A scenario's ``products`` list (anything else gives None).
    marker : str, optional
        The marker's text; default ``"roadmap"``.

    Returns
    -------
    int or None
        The index of the first item that names it; None if none does.

    Examples
    --------
    >>> marker_index(["roadmap", {"name": "x"}]), marker_index([{"roadmap": {}}])
    (0, 0)
    >>> marker_index([{"name": "roadmap"}]) is None
    True
    """
    if not isinstance(listed, list):
        return None
    for i, item in enumerate(listed):
        if item == marker or (isinstance(item, Mapping) and list(item) == [marker]):
            return i
    return None


def _options(entry: Any, at: int, marker: str) -> dict[str, float]:
    """The roadmap entry's options, checked (a bad one raises pydantic's
    ``ValidationError`` located at ``products.<at>.<marker>.<option>``, for the schema
    to report at its line)."""
    if not isinstance(entry, Mapping):
        return dict(ROADMAP_OPTIONS)
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

    class _Options(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
        min_share_scale: float = Field(ROADMAP_OPTIONS["min_share_scale"], ge=0, le=1)

    given = entry[marker] if entry[marker] is not None else {}
    shape = TypeAdapter(dict[Literal["products"], dict[int, dict[str, _Options]]])
    checked = shape.validate_python({"products": {at: {marker: given}}})
    return checked["products"][at][marker].model_dump()


def with_roadmap(
    listed: list[Any], horizon: Any = None, marker: str = "roadmap"
) -> tuple[list[Any], list[tuple[int, str]]]:
    """A product list with ``roadmap`` as one entry: the roadmap's products and the others.

    ``products: [roadmap, {name: neuro100, ...}]`` in a scenario file: the roadmap's
    products shipping in the horizon (:func:`roadmap_products`) beside the listed ones.
    A listed product with a roadmap product's name replaces that product. Every listed
    entry keeps its index, so that a problem found in it points at its line: the marker's
    place takes the first roadmap product kept, and the others follow the list.

    The entry may carry options, ``{roadmap: {min_share_scale: s}}``
    (:data:`ROADMAP_OPTIONS`): every roadmap product's ``min_share`` is multiplied by
    ``s`` in [0, 1], so ``s = 0`` drops the roadmap's floors in a what-if (the floors
    otherwise cap every other product at what they leave; user test UT-NEURO defect 2),
    and the product's ``source`` says so.

    Parameters
    ----------
    listed : list
        The file's ``products`` list; ``marker`` (the text ``roadmap``, or a mapping
        ``{roadmap: {options}}``) once in it, the other entries mappings of
        :class:`tigris.scenario.schema.Product` fields (left for the schema to check).
        A second ``marker`` is left in place, for the schema to refuse.
    horizon : mapping, optional
        The file's ``horizon`` (``first_year``, ``last_year`` [year]); without a
        readable one, the roadmap's every product.
    marker : str
        The entry that stands for the roadmap.

    Returns
    -------
    products : list
        The list with the marker replaced as above.
    replaced : list of (int, str)
        Each listed entry's index and name that replaced a roadmap product.

    Raises
    ------
    pydantic.ValidationError
        An option unknown or out of range, located at ``products.<i>.roadmap.<option>``.

    Examples
    --------
    >>> out, replaced = with_roadmap(["roadmap", {"name": "b300", "max_share": 0.1}],
    ...                              {"first_year": 2026, "last_year": 2035})
    >>> out[1], replaced
    ({'name': 'b300', 'max_share': 0.1}, [(1, 'b300')])
    >>> [p["name"] for p in out].count("b300")
    1
    >>> out, _ = with_roadmap([{"roadmap": {"min_share_scale": 0}}],
    ...                       {"first_year": 2030, "last_year": 2030})
    >>> sum(p["min_share"][2030] for p in out)
    0.0
    """
    at = marker_index(listed, marker)
    if at is None:
        raise ValueError(f"with_roadmap: no '{marker}' entry in the list")
    scale = _options(listed[at], at, marker)["min_share_scale"]
    names = {_listed_name(item): i for i, item in enumerate(listed) if i != at}
    rows, replaced = [], []
    first, last = _span(horizon)
    for row in roadmap_products(first, last):
        if row["name"] in names:
            replaced.append((names[row["name"]], row["name"]))
            continue
        for key in ("min_share", "max_share"):  # a scenario's year maps name its years
            row[key] = {y: v for y, v in row[key].items() if first <= y <= last}
        if scale != ROADMAP_OPTIONS["min_share_scale"]:
            row["min_share"] = {y: v * scale for y, v in row["min_share"].items()}
            row["source"] += (
                f"; min_share x {scale:g} (the scenario's roadmap entry, min_share_scale)"
            )
        rows.append(row)
    if not rows:  # every roadmap product replaced (or none ships): the listed ones only
        out = listed[:at] + listed[at + 1 :]
    else:
        out = [*listed[:at], rows[0], *listed[at + 1 :], *rows[1:]]
    return out, sorted(replaced)


def bills_by_year(
    accelerator: str,
    years: ArrayLike,
    node: str | None = None,
    *,
    lags: Mapping[str, float] | None = None,
) -> dict[str, FloatArray]:
    """What one accelerator made in each year takes in silicon, and what it computes.

    Parameters
    ----------
    accelerator : str
        Catalog name or alias.
    years : array_like of int
        Production years, shape ``(T,)`` [year].
    node : str, optional
        Process node overriding the catalog's.
    lags : mapping of str to float, optional
        ``logic``, ``cowos``, ``hbm`` (and ``hbm_stacking``, the bonding yield alone;
        default the ``hbm`` lag) -> how long before year ``t`` that kind's yields
        are read [year]: each kind's at mid-``t`` less its lag (``made`` of
        :func:`tigris.silicon.wafers_by_year`). The hindcast gives its lags from
        production to sale (:func:`tigris.world.hindcast.bill_lag_years`), so a year's
        sales carry the
        yields of the window whose capacity made them; default none (the plan's years,
        where capacity and bill are the same year).

    Returns
    -------
    dict of str to numpy.ndarray
        Per good packaged accelerator made in year ``t``, each ``(T,)``: ``logic``
        (logic wafers), ``interposer`` (CoWoS wafers), ``hbm_wafers`` (DRAM wafer
        starts on HBM lines) [wafers], ``hbm_stacks`` [stacks], ``hbm_gb`` [GB],
        ``h100e`` (dense BF16 peak over H100 SXM's) [-], and ``d0_per_cm2`` (the logic
        defect density used) [defects/cm^2].

    References
    ----------
    :func:`tigris.silicon.wafers_by_year` (the chip bill at the node's age in each
    year, divided by the package yield of that year,
    :func:`tigris.silicon.chip.package_yield_at`, with that year's HBM bonding yield,
    :func:`tigris.silicon.hbm.bond_yield_at`) and
    :func:`tigris.workload.h100_equivalents`.

    Examples
    --------
    >>> b = bills_by_year("b200", [2025, 2030])
    >>> sorted(b)[:3], float(b["h100e"][0]) == 2250 / 989.4
    (['d0_per_cm2', 'h100e', 'hbm_gb'], True)
    >>> bool(b["logic"][1] < b["logic"][0])
    True
    """
    y = np.atleast_1d(np.asarray(years))
    if y.size == 0 or not np.issubdtype(y.dtype, np.number) or np.any(y != np.round(y)):
        raise InputError("expected whole calendar years, e.g. 2026", field="years")
    lag = tuple(sorted((str(k), float(v)) for k, v in (lags or {}).items()))
    cached = _bills(str(accelerator), tuple(int(v) for v in y), node, lag)
    return {k: v.copy() for k, v in cached.items()}


@data_cache
def _bills(
    accelerator: str,
    years: tuple[int, ...],
    node: str | None,
    lags: tuple[tuple[str, float], ...] = (),
) -> dict[str, FloatArray]:
    """:func:`bills_by_year` computed once per overlay, accelerator, years, node and lags."""
    from tigris.silicon import wafers_by_year
    from tigris.workload import h100_equivalents

    t = np.asarray(years, dtype=float)
    made = {kind: t - lag for kind, lag in lags}
    out = wafers_by_year(accelerator, np.asarray(years), node, made=made or None)
    out["h100e"] = np.full(out["logic"].shape, h100_equivalents(accelerator))
    return out
