"""A plan saved with ``tigris plan --out DIR``: written safely, read back only if intact.

The directory holds one CSV per table and ``plan.json`` (``docs/plan-result.md``).

Writing (:func:`write_dir`) goes through :func:`tigris.fsio.atomic_dir`: a run that
fails midway leaves an earlier saved run byte-for-byte as it was. ``plan.json`` is
written last and lists every CSV with its row count and SHA-256 digest (``files``),
and the SHA-256 of its own content (:data:`CONTENT_KEY`, :func:`content_digest`).
``tigris plan --out`` writes the whole set, ``scenario.yaml`` and ``run.json`` too,
into one staging directory and swaps it in only when complete (:func:`staged_dir`).

Reading (:func:`read_dir`) refuses a damaged run with one line per problem, naming the
file and what is wrong, instead of drawing a different plan: ``plan.json`` must be a
UTF-8 JSON object of the documented shape (horizon running forwards, every binding
entry with a kind and a text); each CSV must match its digest (a file cut off or
edited since it was saved), parse strictly (no unterminated quote, every row as many
fields as the header), have exactly the documented columns and only years inside the
horizon; ``plan.json`` must match its own digest (an edited number is refused, a
re-indented file is not). A run saved before digests were written (no ``files``, no
``content_sha256``, before 2026-12-03) gets every check but the digest.

A run saved before a table or column was added (``added`` in :func:`read_tables`: the
owners and the world without the investor, issue 10) is read, not refused: a CSV whose
header is exactly the documented columns less *all* the added ones gets those columns
with their stated values (``owner`` the investor, the only owner then; the baseline and
added compute NaN: not solved), and a table the run lacks (``supply_by_source``) is
read as empty, provided ``plan.json`` does not list it. Any other header is refused.
The money tables and ``shadow_prices`` (issue 11) are such tables: a run saved before
them reads with them empty and ``objective`` ``serve``. Their ``year`` may be the year
after the horizon in ``cash_flows`` and ``finance_flows`` (the salvage row) and nowhere
else; ``is_bound`` must read ``True`` or ``False``. A table whose header changed
(``legacy`` in :func:`read_tables`: the ``power`` table before issue 12, ``year,
fab_power_mw, compute_power_mw``) is read with its old header exactly and converted by
the function given with it.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import math
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from tigris.errors import InputError, Problem
from tigris.fsio import TEMP_MARK, atomic_dir, output_error, restore_handler, signals_held, swap_in
from tigris.scenario.schema import MAX_HORIZON_YEARS, OBJECTIVES, YEAR_MAX, YEAR_MIN

__all__ = [
    "CONTENT_KEY",
    "MAX_FILE_BYTES",
    "PLAN_JSON",
    "content_digest",
    "read_dir",
    "staged_dir",
    "without_negative_zero",
    "write_dir",
]

#: The file holding the scalars, the explanations, the assumptions and the digests.
PLAN_JSON = "plan.json"
#: Key of ``plan.json`` holding the SHA-256 of its own content (:func:`content_digest`).
CONTENT_KEY = "content_sha256"
#: Largest file of a saved run read [bytes]; the reference plan's files are < 20 kB,
#: a 100-year horizon with hundreds of sites stays far below this.
MAX_FILE_BYTES = 64 << 20
#: Columns holding calendar years (whole numbers inside the horizon).
_YEAR_COLUMNS = ("year",)
#: Columns holding years that may lie past the horizon (a build online after it).
_LATE_YEAR_COLUMNS = ("start_year", "online_year")
#: Tables whose ``year`` may be the year after the horizon: the salvage row of a cash
#: flow (``docs/finance.md``, "Cash flows").
_SALVAGE_YEAR_TABLES = ("cash_flows", "finance_flows")
#: Columns holding names: an empty cell is "" (a facility with no node), not NaN.
_TEXT_COLUMNS = (
    "node",
    "region",
    "site",
    "source",
    "product",
    "demand_class",
    "facility",
    "facility_id",
    "capacity_unit",
    "unit",
    "tool",
    "owner",
    "supply",
    "level",
    "name",
    "resource",
    "item",
    "method",
    "note",
    "maker",
)
#: Columns holding true/false (written by pandas as ``True``/``False``).
_BOOL_COLUMNS = ("is_bound",)
#: Columns holding whole years, never blank (a table's ``year``, a build's start and
#: first output year).
_YEAR_COLUMNS = ("year", "start_year", "online_year")


#: Columns of one table whose dtype is not :func:`column_dtype`'s rule by name: a
#: build's whole modules, the scanners supplied (``supply`` is text in ``site_load``),
#: a payback year (a year or none: nullable).
_TABLE_DTYPES: dict[str, dict[str, str]] = {
    "builds": {"modules": "int64"},
    "tools": {"supply": "float64"},
    **{
        name: {"payback_year": "Int64"}
        for name in ("finance_modules", "finance_sites", "finance_owners", "finance_sources")
    },
}


def column_dtype(column: str, table: str | None = None) -> str:
    """The dtype of a plan table's ``column`` when the table has no rows: ``str`` for
    text, ``bool``, ``int64`` for years, else ``float64`` (a plan's own tables have
    these; an empty one built as ``{column: []}`` was all float64, and a Parquet export
    of an infeasible run then typed ``site`` a double: user test s57, data engineer #5).

    Parameters
    ----------
    column : str
        The column's name.
    table : str, optional
        The table's name, for a column typed otherwise there (:data:`_TABLE_DTYPES`).

    Returns
    -------
    str
        A pandas dtype name.

    Examples
    --------
    >>> [column_dtype(c) for c in ("site", "start_year", "is_bound", "capex_usd")]
    ['str', 'int64', 'bool', 'float64']
    >>> column_dtype("supply", "tools"), column_dtype("supply", "site_load")
    ('float64', 'str')
    """
    own = _TABLE_DTYPES.get(table or "", {}).get(column)
    if own is not None:
        return own
    if column in _TEXT_COLUMNS:
        return "str"
    if column in _BOOL_COLUMNS:
        return "bool"
    return "int64" if column in _YEAR_COLUMNS else "float64"


def empty_table(columns: Iterable[str], table: str | None = None) -> pd.DataFrame:
    """A plan table with no rows, each column of its :func:`column_dtype`.

    Parameters
    ----------
    columns : iterable of str
        The table's columns, in order.
    table : str, optional
        The table's name (:data:`_TABLE_DTYPES`).

    Returns
    -------
    pandas.DataFrame
        No rows.
    """
    return pd.DataFrame({c: pd.Series(dtype=column_dtype(c, table)) for c in columns})


_BOOL_TEXT = {"True": True, "False": False}
#: Keys of one entry of ``binding`` and ``assumptions``.
_BINDING_KEYS = ("kind", "year", "text")
_ASSUMPTION_KEYS = ("parameter", "value", "unit", "source")
#: Columns that identify a row of a table: no two rows may share them (a duplicated
#: row would be counted twice in every figure).
_ROW_KEYS = {
    "power": ("year", "region"),
    "demand": ("year", "demand_class"),
    "tools": ("year", "tool"),
    "capital": ("year", "source"),
    "capex": ("year", "source", "owner"),  # subsidy rows: one per owner
    "production": ("year", "product"),
    "supply_by_source": ("year", "source"),
    "cash_flows": ("site", "facility", "start_year", "year"),
    "finance_modules": ("site", "facility", "start_year"),
    "finance_sites": ("site",),
    "finance_owners": ("owner",),
    "finance_sources": ("source",),
    "finance_flows": ("level", "name", "year"),
    "shadow_prices": ("year", "resource", "item", "unit", "method"),
    # the data-centre load by site and year (UT-GRID #10): existing capacity by region
    "site_load": ("year", "site", "region", "facility"),
}
#: Tables with one row per horizon year when not empty (the planner writes every year).
_EVERY_YEAR = ("power",)
#: Keys of ``plan.json`` holding an object of numbers.
_NUMBER_MAPS = ("timings", "objective_terms_usd", "cost_terms_usd")

_HINT = "expected a directory written by 'tigris plan --out'"


def _csv_name(table: str) -> str:
    return f"{table}.csv"


def write_dir(
    scalars: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    out_dir: str | Path,
    field: str = "--out",
) -> list[Path]:
    """Write ``tables`` as CSV files and ``scalars`` plus their digests as ``plan.json``.

    Parameters
    ----------
    scalars : mapping
        JSON-ready content of ``plan.json`` (scalars, ``binding``, ``assumptions``).
    tables : mapping of str to DataFrame
        The tables saved as ``<name>.csv``.
    out_dir : str or Path
        Directory, created if missing; other files in it are kept.
    field : str, optional
        Option named in error messages.

    Returns
    -------
    list of Path
        The files written, ``plan.json`` last.

    Raises
    ------
    InputError
        ``out_dir`` is a file, cannot be written, or holds files of these names but no
        ``plan.json`` (not a saved run: they are not overwritten).
    """
    out = Path(out_dir)
    names = [_csv_name(t) for t in tables] + [PLAN_JSON]
    refuse_non_run(out, names, field)
    with atomic_dir(out, field) as tmp:
        files: dict[str, dict[str, Any]] = {}
        for table, df in tables.items():
            df = without_negative_zero(df)
            data = df.to_csv(index=False, lineterminator="\n").encode("utf-8")
            (tmp / _csv_name(table)).write_bytes(data)
            files[_csv_name(table)] = {
                "rows": len(df),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        doc = _finite_or_null(dict(scalars))
        doc.pop(CONTENT_KEY, None)
        doc["files"] = files
        doc[CONTENT_KEY] = content_digest(doc)
        text = json.dumps(doc, indent=2, allow_nan=False) + "\n"
        (tmp / PLAN_JSON).write_bytes(text.encode("utf-8"))
    return [out / n for n in names]


def refuse_non_run(target: Path, names: Iterable[str], field: str) -> None:
    """Refuse to write files ``names`` into ``target`` when it is a directory that holds
    one of them but no ``plan.json``: not a saved run, so the user's own files there
    are never overwritten.

    Parameters
    ----------
    target : Path
        The directory to write into.
    names : iterable of str
        The file names of the set to write.
    field : str
        The option to name in the error (``--out``, ``out_dir``).

    Raises
    ------
    InputError
        Naming the first such file and ``field``.
    """
    if not target.is_dir() or (target / PLAN_JSON).is_file():
        return
    clash = [n for n in names if (target / n).exists()]
    if clash:
        msg = (
            f"'{target}' holds {clash[0]} but no {PLAN_JSON}, so it is not a saved plan; "
            "it is left alone: choose a new or empty directory"
        )
        raise InputError(msg, field=field)


def content_digest(doc: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of ``plan.json``'s content less :data:`CONTENT_KEY`.

    The content is serialised canonically (keys sorted, no spaces, Python's shortest
    round-trip float repr), so the digest does not depend on the file's layout but
    changes with any value: an edited number, text or digest of a CSV.

    Parameters
    ----------
    doc : mapping of str to Any
        ``plan.json``'s content, JSON-ready (no NaN).

    Returns
    -------
    str
        The 64-character hex digest.

    Examples
    --------
    >>> content_digest({"a": 1, CONTENT_KEY: "x"}) == content_digest({"a": 1})
    True
    >>> content_digest({"a": 1}) == content_digest({"a": 1.5})
    False
    """
    body = {k: v for k, v in doc.items() if k != CONTENT_KEY}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: Held SIGINT and SIGTERM (:func:`tigris.fsio.signals_held`), under its older name.
_signals_held = signals_held
_restore = restore_handler


def _raise_on_sigterm(signum: int, frame: Any) -> None:
    """SIGTERM as an exception, so the staging directory is removed on the way out."""
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def staged_dir(
    target: str | Path, field: str = "--out", stale: Iterable[str] = ()
) -> Iterator[Path]:
    """Yield an empty staging directory; swap its files into ``target`` on success.

    The whole output set (tables, ``plan.json``, ``scenario.yaml``, ``run.json``) is
    written there first. Only when the block ends without an exception is it moved:
    a new ``target`` is the staging directory renamed (one step); in an existing
    ``target`` each file replaces its namesake (``os.replace``, atomic on POSIX) with
    SIGINT and SIGTERM held until every file is in, so an interrupt leaves either the
    old set or the new one; the files named in ``stale`` (every name a run folder may
    hold: :func:`tigris.runs.export.run_folder_names`) that the new set lacks are
    removed in the same step, so ``target`` holds one run's files, never an earlier
    run's beside them. Other files in ``target`` are kept. While the block runs,
    SIGTERM raises :class:`SystemExit` (as Ctrl-C raises ``KeyboardInterrupt``) so the
    staging directory is removed; only SIGKILL leaves it behind (a hidden name with
    :data:`tigris.fsio.TEMP_MARK`) and ``target`` untouched. Handlers are installed
    only on the main thread (``signal.signal`` raises ``ValueError`` elsewhere), and
    SIGTERM's only when it has the default one (an ignored SIGTERM stays ignored).
    An error in the middle of the swap (a disk failing) says how many files were
    replaced; the directory then mixes two runs, which reading refuses.

    Parameters
    ----------
    target : str or Path
        The run folder to write.
    field : str, optional
        The option to name in errors.
    stale : iterable of str, optional
        Names of files a run folder may hold, removed from ``target`` when the new set
        lacks them.

    Yields
    ------
    Path
        The empty staging directory to write the set into.

    Raises
    ------
    InputError
        ``target`` holds files of the new set's names but no ``plan.json`` (not a
        saved run: left alone), or it cannot be written.
    """
    from tigris.fsio import _remove, staging_dir

    target = Path(target)
    exists, tmp = staging_dir(target, field)
    # signal.signal works on the main thread only (the API or a server calling this
    # from a worker thread: no handler, SIGTERM there ends the process as it would);
    # a SIGTERM the process ignores (SIG_IGN) or handles itself is left so
    main = threading.current_thread() is threading.main_thread()
    old_handler = signal.getsignal(signal.SIGTERM) if main else None
    ours = main and old_handler is signal.SIG_DFL
    moved: list[str] = []
    items: list[Path] = []
    try:
        if ours:
            signal.signal(signal.SIGTERM, _raise_on_sigterm)
        yield tmp
        items = sorted(tmp.iterdir())
        if exists:
            refuse_non_run(target, [i.name for i in items], field)
            swap_in(tmp, target, frozenset(stale), moved)
        else:
            os.rename(tmp, target)
    except OSError as exc:
        swapped = len(moved)
        if not swapped:
            raise output_error(target, exc, field) from None
        why = exc.strerror or str(exc) or type(exc).__name__
        msg = (
            f"cannot write {target}: {why}; {swapped} of {len(items)} files were replaced, "
            f"so it mixes two runs (refused on reading): re-run 'tigris plan --out {target}'"
        )
        raise InputError(msg, field=field) from None
    except InputError as exc:  # a writer's error names the staging path: name target
        raise InputError(
            [
                Problem(p.field, p.message.replace(str(tmp), str(target)), p.file, p.line)
                for p in exc.problems
            ]
        ) from None
    finally:
        if ours:
            _restore(signal.SIGTERM, old_handler)
        if tmp.exists() and TEMP_MARK in tmp.name:
            _remove(tmp)


def _finite_or_null(obj: Any) -> Any:
    """``obj`` with every NaN or infinite float replaced by ``None`` (JSON ``null``)."""
    if isinstance(obj, dict):
        return {k: _finite_or_null(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite_or_null(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        what = "not found" if not path.exists() else "not a regular file"
        raise InputError(Problem("", f"{what}; {_HINT}", file=str(path)))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            msg = f"file is {size:,} bytes; a saved plan's files are at most {MAX_FILE_BYTES:,}"
            raise InputError(Problem("", msg, file=str(path)))
        return path.read_bytes()
    except OSError as exc:
        msg = f"cannot read: {exc.strerror or exc}"
        raise InputError(Problem("", msg, file=str(path))) from None


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_num(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def _check_list_of(
    doc: Mapping[str, Any],
    key: str,
    keys: tuple[str, ...],
    check: Callable[[Mapping[str, Any]], str | None],
    bad: Callable[[str, str], None],
) -> None:
    items = doc.get(key, [])
    if not isinstance(items, list):
        bad(key, f"expected a list, got {type(items).__name__}")
        return
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            bad(f"{key}[{i}]", f"expected an object with {', '.join(keys)}")
            continue
        missing = [k for k in keys if k not in item]
        if missing:
            bad(f"{key}[{i}]", f"missing {', '.join(missing)}")
            continue
        why = check(item)
        if why:
            bad(f"{key}[{i}]", why)


def _binding_problem(item: Mapping[str, Any]) -> str | None:
    if not isinstance(item["kind"], str) or not item["kind"]:
        return "expected a non-empty kind"
    if not isinstance(item["text"], str) or not item["text"].strip():
        return "expected a non-empty text"
    if item["year"] is not None and not _is_int(item["year"]):
        return f"expected a whole year or null, got {item['year']!r}"
    return None


def _check_doc(doc: Any, path: Path) -> dict[str, Any]:
    """``plan.json``'s content, or :class:`InputError` listing what is wrong with it."""
    if not isinstance(doc, dict):
        msg = f"expected a JSON object, got {type(doc).__name__}; {_HINT}"
        raise InputError(Problem("", msg, file=str(path)))
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(key, message, file=str(path)))

    for key in ("scenario_name", "status"):
        if not isinstance(doc.get(key), str) or not doc[key]:
            bad(key, "expected a non-empty string")
    horizon = doc.get("horizon")
    if not (isinstance(horizon, list) and len(horizon) == 2 and all(map(_is_int, horizon))):
        bad("horizon", f"expected [first_year, last_year], got {str(horizon)[:40]}")
    elif not YEAR_MIN <= horizon[0] <= horizon[1] <= YEAR_MAX:
        bad("horizon", f"expected {YEAR_MIN} <= first <= last <= {YEAR_MAX}, got {horizon}")
    elif horizon[1] - horizon[0] + 1 > MAX_HORIZON_YEARS:
        bad("horizon", f"spans more than {MAX_HORIZON_YEARS} years")
    obj = doc.get("objective_usd")
    if obj is not None and not _is_num(obj):
        bad("objective_usd", f"expected a number or null, got {str(obj)[:40]}")
    objective = doc.get("objective", "serve")  # absent before issue 11: serve, then the only one
    if objective not in OBJECTIVES:
        bad("objective", f"expected one of {', '.join(OBJECTIVES)}, got {str(objective)[:40]}")
    for key in ("mip_gap", "unmet_penalty_usd"):  # the penalty: absent before 2026-12-03
        value = doc.get(key)
        if value is not None and not _is_num(value):
            bad(key, f"expected a number or null, got {str(value)[:40]}")
    if not isinstance(doc.get("relaxed", False), bool):
        bad("relaxed", "expected true or false")
    for key in _NUMBER_MAPS:
        value = doc.get(key, {})
        if not isinstance(value, dict) or not all(v is None or _is_num(v) for v in value.values()):
            bad(key, "expected an object of numbers")
    _check_list_of(doc, "binding", _BINDING_KEYS, _binding_problem, bad)
    _check_list_of(doc, "assumptions", _ASSUMPTION_KEYS, lambda _: None, bad)
    files = doc.get("files")
    if files is not None and not (
        isinstance(files, dict)
        and all(
            isinstance(v, dict) and _is_int(v.get("rows")) and isinstance(v.get("sha256"), str)
            for v in files.values()
        )
    ):
        bad("files", "expected {name: {rows, sha256}} for every CSV")
    if problems:
        raise InputError(problems)
    for key in _NUMBER_MAPS:  # a NaN saved as null is "not measured": drop it
        doc[key] = {k: v for k, v in doc.get(key, {}).items() if v is not None}
    return doc


def read_plan_json(root: Path) -> dict[str, Any]:
    """Read and check ``root/plan.json`` (see the module docstring).

    Parameters
    ----------
    root : Path
        The saved run's directory.

    Returns
    -------
    dict of str to Any
        ``plan.json``'s checked content.

    Raises
    ------
    InputError
        The file cannot be read, is not UTF-8 JSON, is not of the documented shape, or was
        edited since it was written (its content digest differs).
    """
    path = root / PLAN_JSON
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"not UTF-8 text (byte {exc.start}); {_HINT}"
        raise InputError(Problem("", msg, file=str(path))) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON ({exc.msg})"
        raise InputError(Problem("", msg, file=str(path), line=exc.lineno)) from None
    except RecursionError:
        msg = "JSON nested too deep; a saved plan is at most a few levels deep"
        raise InputError(Problem("", msg, file=str(path))) from None
    # the digest of the content as read: _check_doc drops the nulls of the number maps
    try:
        actual = content_digest(doc) if isinstance(doc, dict) else None
    except (ValueError, RecursionError):
        # NaN or Infinity (json.loads takes them; write_dir never writes them): no
        # digest can match, so a file carrying content_sha256 was edited
        actual = None
    doc = _check_doc(doc, path)
    saved = doc.get(CONTENT_KEY)
    if saved is not None and saved != actual:
        msg = (
            "differs from the file 'tigris plan --out' wrote (SHA-256 of its content "
            f"does not match {CONTENT_KEY}): edited since; re-run 'tigris plan --out'"
        )
        raise InputError(Problem("", msg, file=str(path)))
    return doc


def _parse_csv(
    path: Path,
    text: str,
    columns: tuple[str, ...],
    added: Mapping[str, Any] | None = None,
    groups: tuple[tuple[str, ...], ...] = (),
) -> pd.DataFrame:
    """Strictly parse ``text``; every row must have the header's fields.

    A header that is ``columns`` less all of ``added`` (in order) is an older run's: the
    missing columns are filled with ``added``'s values. Where the columns were added at
    different times (``groups``: each addition's columns, oldest first), a run saved
    between two additions lacks exactly the later additions, and only that is read as
    an older run; a header lacking part of one addition is damaged.
    """

    def fail(msg: str, line: int | None = None) -> InputError:
        return InputError(Problem("", msg, file=str(path), line=line))

    if text and not text.endswith("\n"):
        last_line = text.count("\n") + 1
        raise fail("the last line has no line end: the file was cut off", last_line)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise fail(f"malformed CSV ({exc})", reader.line_num) from None
    if not rows:
        raise fail(f"empty; expected the header {','.join(columns)}")
    header = tuple(rows[0])
    fill: Mapping[str, Any] = {}
    lacking = [c for c in columns if c not in header]
    later = [{c for g in groups[k:] for c in g} for k in range(len(groups))]
    if (
        added
        and lacking
        and (set(lacking) == set(added) or set(lacking) in later)
        and all(c in added for c in lacking)
        and header == tuple(c for c in columns if c not in lacking)
    ):  # a run saved before these columns
        fill, columns = {c: added[c] for c in lacking}, header
    if header != columns:
        extra = [c for c in header if c not in columns]
        missing = [c for c in columns if c not in header]
        why = (
            f"unexpected column(s) {', '.join(extra)}"
            if extra
            else f"missing column(s) {', '.join(missing)}"
            if missing
            else "columns out of order"
        )
        raise fail(f"{why}; expected {','.join(columns)}", 1)
    for i, row in enumerate(rows[1:], start=2):
        if len(row) != len(columns):
            raise fail(f"{len(row)} fields where the header has {len(columns)}", i)
    if len(rows) == 1:  # a header alone: the table's columns, typed
        table = path.name.removesuffix(".csv")
        df = empty_table(columns, table)
        for col in fill:  # an older run's filled columns, typed as the rest
            df[col] = pd.Series(dtype=column_dtype(col, table))
        return df
    df = pd.DataFrame(rows[1:], columns=list(columns))
    for col in columns:
        if col in _TEXT_COLUMNS:
            continue
        if col in _BOOL_COLUMNS:
            bad = ~df[col].isin(list(_BOOL_TEXT))
            if bad.any():
                line = int(bad.to_numpy().argmax()) + 2
                got = df[col][bad].iloc[0][:20]
                raise fail(f"{col}: expected True or False, got '{got}'", line)
            df[col] = df[col].map(_BOOL_TEXT).astype(bool)
            continue
        values = pd.to_numeric(df[col].replace("", math.nan), errors="coerce")
        bad = values.isna() & (df[col] != "")
        if bad.any():
            line = int(bad.to_numpy().argmax()) + 2
            raise fail(f"{col}: expected a number, got '{df[col][bad].iloc[0][:20]}'", line)
        df[col] = values
    for col, value in fill.items():
        df[col] = value
    return df


def _check_years(
    path: Path,
    df: pd.DataFrame,
    horizon: tuple[int, int],
    problems: list[Problem],
    past_end: int = 0,
) -> None:
    first, last = horizon
    last += past_end
    for col in (*_YEAR_COLUMNS, *_LATE_YEAR_COLUMNS):
        if col not in df.columns or not len(df):
            continue
        years = df[col]
        whole = years.notna() & (years == years.round())
        late_ok = col in _LATE_YEAR_COLUMNS
        inside = (years >= first) & ((years <= last) | late_ok)
        bad = ~(whole & inside)
        if bad.any():
            line = int(bad.to_numpy().argmax()) + 2
            value = years[bad].iloc[0]
            msg = f"{col}: expected a whole year in the horizon {first}-{last}, got {value:g}"
            problems.append(Problem("", msg, file=str(path), line=line))
        else:
            df[col] = years.astype(int)


def _check_rows(
    path: Path, table: str, df: pd.DataFrame, horizon: tuple[int, int], problems: list[Problem]
) -> None:
    """Rows consistent with the horizon: no row twice, every year where one is due."""
    keys = _ROW_KEYS.get(table)
    if keys is None or not len(df):
        return
    dup = df.duplicated(list(keys), keep="first")
    if dup.any():
        line = int(dup.to_numpy().argmax()) + 2
        values = ", ".join(str(v) for v in df.loc[dup, list(keys)].iloc[0].tolist())
        msg = f"the row for {', '.join(keys)} = {values} repeats"
        problems.append(Problem("", msg, file=str(path), line=line))
    elif table in _EVERY_YEAR:
        first, last = horizon
        missing = sorted(set(range(first, last + 1)) - set(df["year"].tolist()))
        if missing:
            msg = f"no row for year {missing[0]} of the horizon {first}-{last}"
            problems.append(Problem("", msg, file=str(path)))


def read_tables(
    root: Path,
    doc: Mapping[str, Any],
    columns: Mapping[str, tuple[str, ...]],
    added: Mapping[str, Mapping[str, Any]] | None = None,
    added_tables: tuple[str, ...] = (),
    legacy: Mapping[str, tuple[tuple[str, ...], Callable[[pd.DataFrame], pd.DataFrame]]]
    | None = None,
    added_groups: Mapping[str, tuple[tuple[str, ...], ...]] | None = None,
) -> dict[str, pd.DataFrame]:
    """Read and check every ``<table>.csv`` of ``root`` against ``plan.json``'s ``doc``.

    Parameters
    ----------
    root : Path
        The saved run.
    doc : mapping
        Its checked ``plan.json`` (:func:`read_plan_json`).
    columns : mapping of str to tuple of str
        The documented columns of each table saved as a CSV.
    added : mapping of str to mapping, optional
        Per table, columns added since runs were first saved and the value an older
        run (a header without all of them) reads as.
    added_tables : tuple of str, optional
        Tables added since: absent from an older run (and from its ``files``), they
        are read as empty.
    legacy : mapping of str to (columns, convert), optional
        Per table whose header changed, the old header and a function turning a table
        read with it into one with today's columns (an older run's file is read with
        exactly the old header, checked as strictly, then converted).
    added_groups : mapping of str to tuple of tuple of str, optional
        Per table whose added columns came in several additions, each addition's
        columns, oldest first (:func:`_parse_csv`).

    Returns
    -------
    dict of str to pd.DataFrame
        Each table by name, with its documented columns (an added table absent from an
        older run empty).

    Raises
    ------
    InputError
        A CSV missing, not listed in ``plan.json``'s ``files``, not matching its saved
        SHA-256 or row count, not UTF-8, or with a bad header, year or row, naming the
        file.
    """
    files = doc.get("files")
    horizon = (int(doc["horizon"][0]), int(doc["horizon"][1]))
    problems: list[Problem] = []
    tables = {}
    for table, cols in columns.items():
        path = root / _csv_name(table)
        listed = files is not None and _csv_name(table) in files
        if table in added_tables and not listed and not path.exists():
            tables[table] = pd.DataFrame({c: [] for c in cols})  # an older run: none
            continue
        raw = _read_bytes(path)
        if files is not None:
            entry = files.get(_csv_name(table))
            if entry is None:
                msg = f"not listed in {PLAN_JSON}; the run is incomplete"
                raise InputError(Problem("", msg, file=str(path)))
            if hashlib.sha256(raw).hexdigest() != entry["sha256"]:
                msg = (
                    f"differs from the file saved with {PLAN_JSON} (SHA-256 mismatch): "
                    "cut off or edited since; re-run 'tigris plan --out'"
                )
                raise InputError(Problem("", msg, file=str(path)))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            msg = f"not UTF-8 text (byte {exc.start})"
            raise InputError(Problem("", msg, file=str(path))) from None
        old_cols, convert = (legacy or {}).get(table, ((), None))
        old = convert is not None and text.split("\n", 1)[0].rstrip("\r") == ",".join(old_cols)
        df = _parse_csv(
            path,
            text,
            old_cols if old else cols,
            (added or {}).get(table),
            (added_groups or {}).get(table, ()),
        )
        if files is not None and len(df) != files[_csv_name(table)]["rows"]:
            rows = files[_csv_name(table)]["rows"]
            msg = f"{len(df)} rows where {PLAN_JSON} lists {rows}"
            raise InputError(Problem("", msg, file=str(path)))
        _check_years(path, df, horizon, problems, int(table in _SALVAGE_YEAR_TABLES))
        if old:
            df = convert(df)
        _check_rows(path, table, df, horizon, problems)
        tables[table] = df
    if problems:
        raise InputError(problems)
    return tables


def read_dir(
    root: str | Path,
    columns: Mapping[str, tuple[str, ...]],
    added: Mapping[str, Mapping[str, Any]] | None = None,
    added_tables: tuple[str, ...] = (),
    legacy: Mapping[str, tuple[tuple[str, ...], Callable[[pd.DataFrame], pd.DataFrame]]]
    | None = None,
    added_groups: Mapping[str, tuple[tuple[str, ...], ...]] | None = None,
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Read a saved run: its checked ``plan.json`` and its checked tables.

    Parameters
    ----------
    root : str or Path
        The directory written by :func:`write_dir`.
    columns : mapping of str to tuple of str
        The documented columns of each table saved as a CSV.
    added, added_tables, legacy, added_groups : optional
        Columns and tables added since runs were first saved, tables whose header
        changed, and per table the added columns by addition, oldest first
        (:func:`read_tables`).

    Returns
    -------
    tuple of (dict, dict of str to pd.DataFrame)
        ``plan.json``'s checked content and the tables by name (:func:`read_tables`).

    Raises
    ------
    InputError
        One line per problem, naming the file (and line) and what is wrong.
    """
    root = Path(root)
    doc = read_plan_json(root)
    return doc, read_tables(root, doc, columns, added, added_tables, legacy, added_groups)


def without_negative_zero(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every ``-0.0`` of its float columns written ``0.0`` (a sum of
    opposite terms, or a sign flipped on a zero: ``2032,other-sovereign,-0.0`` in
    capex.csv, user test s49 energy/finance #9); the same frame when it has none.

    Parameters
    ----------
    df : pandas.DataFrame
        A result table.

    Returns
    -------
    pandas.DataFrame
        The table, a copy only where a negative zero was replaced.

    Examples
    --------
    >>> import pandas as pd
    >>> without_negative_zero(pd.DataFrame({"x": [-0.0, 1.0]}))["x"].astype(str).tolist()
    ['0.0', '1.0']
    """
    import numpy as np

    cols = [c for c in df.columns if pd.api.types.is_float_dtype(df[c])]
    neg = [c for c in cols if bool(((df[c] == 0) & np.signbit(df[c])).any())]
    if not neg:
        return df
    out = df.copy()
    for c in neg:
        out[c] = out[c] + 0.0
    return out
