"""Shipped default data: plain CSV/YAML tables, every row with ``source`` and ``as_of``.

Tables are read with :func:`load_rows` (plain dicts, the ``csv`` module: quick to
import) or :func:`load_table` (a pandas frame of the same rows). A shipped table with a
row lacking a ``source`` or ``as_of``, an ``as_of`` that is no date in
:data:`AS_OF_FORMS`, or a row of the wrong length raises
:class:`~tigris.errors.InputError` naming the file and line (one line a problem, exit
code 2 on the command line: a contributor editing a table meets it first; user test
UT-CONTRIB 2026-12-04, findings 9 and 13).

User data
---------
A :class:`DataOverlay` adds rows to the ``sites``, ``nodes``, ``hbm``, ``packaging``
and ``accelerators`` tables, or replaces rows of the same name, without editing the
package. It is applied only inside ``with using_overlay(overlay):`` (the CLI's
``--data FILE``; see :mod:`tigris.overlay` for the file format): every reader of those
tables, and every cache built from them with :func:`data_cache`, sees the overlay
there and only there. Nothing is changed globally, so an overlay cannot leak into a
later call.
"""

from __future__ import annotations

import csv
import datetime
import functools
import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from tigris.errors import InputError, Problem, TigrisError

if TYPE_CHECKING:  # pandas is imported only when a frame is asked for
    import pandas as pd

__all__ = [
    "AS_OF_FORMS",
    "KEY_COLUMNS",
    "REQUIRED_COLUMNS",
    "ROW_KEYS",
    "DataOverlay",
    "active_overlay",
    "as_of_start",
    "data_cache",
    "list_tables",
    "load_rows",
    "load_table",
    "using_overlay",
]

#: Columns every shipped table must carry, non-empty on every row.
REQUIRED_COLUMNS = ("source", "as_of")
#: Tables a user overlay may extend, and the column naming each row (matched
#: case-insensitively; a row of the same name replaces the shipped one).
KEY_COLUMNS: dict[str, str] = {
    "sites": "site",
    "nodes": "node",
    "hbm": "generation",
    "packaging": "package",
    "accelerators": "name",
    "tax_rates": "site",  # filled from the overlay's site entries (corporate_tax_rate)
    "site_regions": "site",  # likewise (region)
    "energy_parameters": "parameter",
    "datacenter_types": "facility",
}
#: Tables a user overlay may change whose rows are named by several columns together
#: (a region's row of a year); an overlay row replaces the shipped row with the same
#: values in all of them (:mod:`tigris.overlay`, the energy sections).
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "grid": ("region", "year"),
    "datacenter_capacity": ("region", "year"),
}
#: Cached tables per overlay kept at once (a new overlay file is a new key).
_CACHE_OVERLAYS = 32

# What pandas.read_csv reads as missing or boolean by default; load_rows reads the
# shipped tables the same way, so a frame built from its rows equals read_csv's.
_NA_TEXT = frozenset(
    {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND"}
    | {"1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}
)
_TRUE_TEXT = frozenset({"True", "TRUE", "true"})
_FALSE_TEXT = frozenset({"False", "FALSE", "false"})
_INT_RE = re.compile(r"[+-]?\d+")
_FLOAT_RE = re.compile(r"[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|Infinity)")


#: The forms a row's ``as_of`` takes, as the shipped tables write it: a year, a month or
#: a day (``2024``, ``2024-03``, ``2024-03-15``; ISO 8601 calendar dates).
AS_OF_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
_AS_OF_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def as_of_start(text: str) -> datetime.date | None:
    """The first day of the period an ``as_of`` names (``2024-03`` -> 2024-03-01), or
    ``None`` when the text is no date in :data:`AS_OF_FORMS` (``2026-13``, ``soon``,
    ``March 2026``).

    Parameters
    ----------
    text : str
        An ``as_of`` value (``2024``, ``2024-03`` or ``2024-03-15``; spaces around it
        ignored).

    Returns
    -------
    datetime.date or None
        The period's first day (1 January for a year, the 1st for a month), or None.

    Examples
    --------
    >>> as_of_start("2024-03"), as_of_start("2026-13")
    (datetime.date(2024, 3, 1), None)
    """
    m = _AS_OF_RE.fullmatch(str(text).strip())
    if m is None:
        return None
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True, eq=False)
class DataOverlay:
    """User rows for some shipped tables, from one file (see :mod:`tigris.overlay`).

    Compared and hashed by identity: each file read is its own overlay.

    Attributes
    ----------
    file : str
        Where the rows come from (for messages).
    rows : mapping of str to tuple of mapping
        Table name (a key of :data:`KEY_COLUMNS`) -> complete rows with the shipped
        table's columns, ``source`` and ``as_of`` included.
    """

    file: str
    rows: Mapping[str, tuple[Mapping[str, Any], ...]] = field(default_factory=dict)
    #: ``(table, lower-case key) -> line`` of the file's entry a row comes from (the
    #: line of the field that set a copied table's value where there is one), for
    #: citations: ``--data FILE:LINE`` (:func:`tigris.overlay.overlay_source`).
    lines: Mapping[tuple[str, str], int] = field(default_factory=dict)
    #: The YAML text of an overlay made from text, not a file (the dashboard's, the
    #: API's ``data=`` text), so that a stored run keeps it (``tigris runs show ID
    #: --data``); ``None`` for an overlay read from a file.
    text: str | None = None
    #: The warnings reading it gave (``<data>:LINE: field: message``, as ``tigris plan
    #: --data`` prints them), for an overlay made from text (the dashboard shows them).
    warnings: tuple[str, ...] = ()
    #: The user's own ``--data`` text under data-table cells set with ``tigris plan
    #: --set`` (``text`` is both together), so that a stored run's ``--data`` reads as
    #: it was solved (review 2026-12-05: compare read the file as it is now); ``None``
    #: otherwise.
    base_text: str | None = None


_ACTIVE: ContextVar[DataOverlay | None] = ContextVar("tigris_data_overlay", default=None)


def active_overlay() -> DataOverlay | None:
    """The overlay in force here (inside :func:`using_overlay`), or ``None``.

    Returns
    -------
    DataOverlay or None
        The innermost overlay set by :func:`using_overlay` in this thread or task.
    """
    return _ACTIVE.get()


@contextmanager
def using_overlay(overlay: DataOverlay | None) -> Iterator[DataOverlay | None]:
    """Read the tables with ``overlay`` applied inside the ``with`` block only.

    Parameters
    ----------
    overlay : DataOverlay or None
        Rows to add or replace; ``None`` reads the shipped tables (and hides any
        overlay of an enclosing block).

    Yields
    ------
    DataOverlay or None
        ``overlay`` itself.

    Examples
    --------
    >>> extra = {"site": "india", "name": "India", "source": "example", "as_of": "2025"}
    >>> with using_overlay(DataOverlay("example.yaml", {"sites": (extra,)})):
    ...     "india" in [r["site"] for r in load_rows("sites")]
    True
    >>> "india" in [r["site"] for r in load_rows("sites")]
    False
    """
    token = _ACTIVE.set(overlay)
    try:
        yield overlay
    finally:
        _ACTIVE.reset(token)


P = ParamSpec("P")
R = TypeVar("R")


def data_cache(fn: Callable[P, R]) -> Callable[P, R]:
    """Like :func:`functools.cache`, but one cache per overlay in force.

    For functions that build lookups from the tables: inside ``using_overlay(o)`` they
    compute (once) from the overlaid tables, outside it they return the shipped ones.

    Parameters
    ----------
    fn : callable
        The function to cache; its arguments must be hashable.

    Returns
    -------
    callable
        ``fn`` wrapped, with a ``cache_clear()`` that empties both caches (the shipped
        tables' and the 32 most recent overlays').
    """

    @functools.cache
    def shipped(*args: Any, **kwargs: Any) -> R:
        return fn(*args, **kwargs)

    @functools.lru_cache(maxsize=_CACHE_OVERLAYS)
    def overlaid(overlay: DataOverlay, *args: Any, **kwargs: Any) -> R:
        return fn(*args, **kwargs)

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        overlay = _ACTIVE.get()
        if overlay is None:
            return shipped(*args, **kwargs)
        return overlaid(overlay, *args, **kwargs)

    def cache_clear() -> None:
        shipped.cache_clear()
        overlaid.cache_clear()

    wrapper.cache_clear = cache_clear  # type: ignore[attr-defined]
    return wrapper


def list_tables() -> list[str]:
    """Names of the shipped CSV tables (file stems).

    Returns
    -------
    list of str
        The tables' names, sorted (``accelerators``, ``fab_parameters``, ...); overlay
        tables are not listed.
    """
    root = resources.files(__name__)
    return sorted(p.name[:-4] for p in root.iterdir() if p.name.endswith(".csv"))


def _column_values(texts: list[str]) -> list[Any]:
    """One column's cells typed as pandas.read_csv types them (whole column at once)."""
    present = [t for t in texts if t not in _NA_TEXT]
    nan = float("nan")
    if present and all(t in _TRUE_TEXT or t in _FALSE_TEXT for t in present):
        return [nan if t in _NA_TEXT else t in _TRUE_TEXT for t in texts]
    if present and all(_INT_RE.fullmatch(t) for t in present):
        if len(present) == len(texts):
            return [int(t) for t in texts]
        return [nan if t in _NA_TEXT else float(t) for t in texts]
    if present and all(_FLOAT_RE.fullmatch(t) for t in present):
        return [nan if t in _NA_TEXT else float(t) for t in texts]
    return [nan if t in _NA_TEXT else t for t in texts]


@functools.cache
def _shipped_rows(name: str) -> tuple[tuple[str, ...], tuple[dict[str, Any], ...]]:
    root = resources.files(__name__)
    path = root / f"{name}.csv"
    if not path.is_file():
        msg = f"no shipped table '{name}'; known: {', '.join(list_tables())}"
        raise TigrisError(msg)
    with path.open("r", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, skipinitialspace=True)
        header = tuple(next(reader))
        records = [rec for rec in reader if rec]
    where = str(path)
    problems = [
        Problem(
            "",
            f"shipped table {name}.csv: {len(rec)} cells for {len(header)} columns",
            where,
            n + 2,
        )
        for n, rec in enumerate(records)
        if len(rec) != len(header)
    ]
    if problems:
        raise InputError(problems)
    columns = [_column_values([rec[j] for rec in records]) for j in range(len(header))]
    rows = tuple({col: columns[j][i] for j, col in enumerate(header)} for i in range(len(records)))
    for col in REQUIRED_COLUMNS:
        if col not in header:
            msg = f"shipped table {name}.csv has no '{col}' column"
            raise InputError(Problem(col, msg, where, 1))
        for i, row in enumerate(rows):
            if _missing(row[col]):
                what = "the date the figures refer to" if col == "as_of" else "where they come from"
                msg = f"empty in shipped table {name}.csv; give {what}"
                problems.append(Problem(col, msg, where, i + 2))
            elif col == "as_of" and as_of_start(text := records[i][header.index(col)]) is None:
                msg = f"'{text}' is not a date; write {AS_OF_FORMS} (e.g. 2024-03)"
                problems.append(Problem(col, msg, where, i + 2))
    if problems:
        raise InputError(problems)
    return header, rows


def _missing(value: Any) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return True
    return not str(value).strip()


def _overlaid(name: str, rows: list[dict[str, Any]], header: tuple[str, ...]) -> None:
    """Apply the active overlay's rows for table ``name`` to ``rows`` in place."""
    overlay = _ACTIVE.get()
    extra = overlay.rows.get(name, ()) if overlay is not None else ()
    if not extra:
        return
    cols = ROW_KEYS.get(name) or (KEY_COLUMNS[name],)

    def key(row: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(str(row[c]).strip().lower() for c in cols)

    position = {key(r): i for i, r in enumerate(rows)}
    for new in extra:
        row = {col: new.get(col, float("nan")) for col in header}
        # fields the shipped file has no column for stay (a user part's based_on and
        # interconnect_gb_per_s, which the catalog reads; tigris.catalog.Accelerator)
        row.update({col: v for col, v in new.items() if col not in row})
        k = key(row)
        if k in position:
            rows[position[k]] = row
        else:
            position[k] = len(rows)
            rows.append(row)


def load_rows(name: str) -> list[dict[str, Any]]:
    """The shipped table ``name`` as a list of row dicts (a fresh copy).

    Cells are typed as :func:`pandas.read_csv` types them: ``int`` for a column of whole
    numbers, ``float`` for other numbers (``nan`` where empty), ``bool`` for
    true/false, ``str`` otherwise (``nan`` where empty). Inside
    :func:`using_overlay`, the overlay's rows are added or replace rows of the same name.

    Parameters
    ----------
    name : str
        File stem of a CSV in ``tigris/data``.

    Returns
    -------
    list of dict
        One dict per row, column name -> cell, in file order: an overlay's row that
        replaces one takes its place, a new one comes at the end. A copy the caller may
        change.

    Examples
    --------
    >>> row = next(r for r in load_rows("nodes") if r["node"] == "N5")
    >>> type(row["mask_layers"]).__name__, type(row["d0_per_cm2"]).__name__
    ('int', 'float')
    """
    header, shipped = _shipped_rows(name)
    rows = [dict(r) for r in shipped]
    _overlaid(name, rows, header)
    return rows


def load_table(name: str) -> pd.DataFrame:
    """Return the table ``name`` (e.g. ``"accelerators"``) as a pandas frame (a copy).

    The same rows as :func:`load_rows`, overlay included; imports pandas on first use.

    Parameters
    ----------
    name : str
        File stem of a CSV in ``tigris/data``.

    Returns
    -------
    pandas.DataFrame
        The table; ``source`` and ``as_of`` are guaranteed non-empty.
    """
    import pandas as pd

    header, _ = _shipped_rows(name)
    return pd.DataFrame(load_rows(name), columns=list(header))
