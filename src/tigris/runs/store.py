"""The store of runs: one embedded DuckDB file holding every plan, sweep member and risk run.

Each run is stored with what it takes to repeat and to read it (``docs/runs.md``): the
scenario's YAML and its SHA-256, the inputs' hash (scenario and data tables,
:mod:`tigris.provenance`), the tigris version, the options, seed and timings, the
headline numbers, and every result table. The schema:

- ``meta(key, value)``: ``application`` (``tigris-runs``) and ``schema_version``;
- ``runs``: one row per run (every :class:`RunRecord` field, ``id``, ``created``,
  ``scenario_hash``, ``input_hash``, ``tigris_version``, ``metrics``, ``scalars`` and
  ``layout`` as JSON text, ``has_result``);
- ``sweeps``: one row per sweep (``id``, ``created``, ``base_yaml``, ``base_hash``,
  ``spec``, ``n_members``, ``status``, ``tigris_version``);
- one table per result table (:data:`tigris.plan.result.TABLE_COLUMNS` and
  ``binding``), its columns plus ``run_id`` and ``row`` (the row's position).

Writes are atomic and safe with several processes writing at once: each
:meth:`RunStore.add` (or :meth:`RunStore.add_many`) attaches the file to this process's
DuckDB instance, writes the run rows and all their tables in ONE transaction, commits
and detaches it (which checkpoints it), so the file is locked only while one write is
under way; another process's lock is waited for (retry with backoff) up to
``timeout_s``. A process killed mid-write leaves no part of its run (DuckDB's
write-ahead log drops an uncommitted transaction).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import re
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, nullcontext, suppress
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tigris.errors import InputError, not_utf8
from tigris.runs.interrupts import sigint_noted
from tigris.runs.metrics import (
    FLAGS,
    METRICS,
    SUBSIDY_BY_REGION_KEY,
    metric_values,
    plan_numbers,
)

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

    from tigris.plan.result import PlanResult

__all__ = [
    "APPLICATION",
    "FLAG_KEYWORDS",
    "SCHEMA_VERSION",
    "STORE_ENV",
    "NotCheckpointedError",
    "RunRecord",
    "RunStore",
    "default_store_path",
    "duckdb_reason",
    "flag",
    "member_tables",
    "store_path",
    "stored_tables",
    "unrepeatable",
    "wal_path",
]

#: Environment variable naming the store file (``--store`` wins over it).
STORE_ENV = "TIGRIS_STORE"
#: File name of the default store in the user's data directory.
STORE_FILE = "runs.duckdb"
#: ``meta.application`` of a tigris store: a DuckDB file without it is not one.
APPLICATION = "tigris-runs"
#: Version of the schema written here; a store of a newer one is refused.
SCHEMA_VERSION = 1
#: Characters of a run or sweep id (lowercase hex).
ID_HEX = 12
#: Shortest prefix :meth:`RunStore.resolve` accepts.
MIN_PREFIX = 4
#: Ids an ambiguous prefix's message shows (:meth:`RunStore.resolve`).
_SHOWN = 8
#: First and longest wait between tries on a locked store [s].
_BACKOFF_FIRST_S = 0.02
_BACKOFF_MAX_S = 0.5
#: Name of the results' explanations table (``PlanResult.binding``).
BINDING = "binding"

#: Column types of the ``runs`` table (DuckDB SQL), in order.
RUN_COLUMNS: dict[str, str] = {
    "id": "VARCHAR PRIMARY KEY",
    "created": "VARCHAR",
    "kind": "VARCHAR",
    "scenario_name": "VARCHAR",
    "scenario_hash": "VARCHAR",
    "input_hash": "VARCHAR",
    "tigris_version": "VARCHAR",
    "status": "VARCHAR",
    "error": "VARCHAR",
    "sweep_id": "VARCHAR",
    "member": "BIGINT",
    # unsigned: a seed is any 64-bit unsigned number (``--seed``'s range, and the fresh
    # seed drawn when none is given); a signed BIGINT refused half of the fresh seeds
    # (user test 2026-12-06: "Type UINT64 ... out of range for INT64", the run lost);
    # an older store's BIGINT column is widened by its first write (:meth:`RunStore._check`)
    "seed": "UBIGINT",
    "options": "VARCHAR",
    "changes": "VARCHAR",
    "timings": "VARCHAR",
    "metrics": "VARCHAR",
    "scalars": "VARCHAR",
    "layout": "VARCHAR",
    "has_result": "BOOLEAN",
    "scenario_yaml": "VARCHAR",
    # added 2026-12-03 (user test #21): NULL in the rows of an older store, which the
    # first write adds it to (:meth:`RunStore._check`); reads of such a store see NULL
    "scenario_file": "VARCHAR",
    # added 2026-12-04 (UT-REPRO #3): git commit, python and package versions, each data
    # file's SHA-256 and a --data overlay's text (:mod:`tigris.runs.provenance`), as JSON
    "provenance": "VARCHAR",
}
#: Column types of the ``sweeps`` table.
SWEEP_COLUMNS: dict[str, str] = {
    "id": "VARCHAR PRIMARY KEY",
    "created": "VARCHAR",
    "base_hash": "VARCHAR",
    "n_members": "BIGINT",
    "status": "VARCHAR",
    "tigris_version": "VARCHAR",
    "spec": "VARCHAR",
    "base_yaml": "VARCHAR",
}
#: Fields of a run stored as JSON text.
_JSON_FIELDS = ("options", "changes", "timings", "metrics", "scalars", "layout", "provenance")
#: Columns :meth:`RunStore.runs` returns before the metrics.
LIST_COLUMNS = (
    "id",
    "kind",
    "created",
    "scenario_name",
    "scenario_file",
    "scenario_hash",
    "input_hash",
    "tigris_version",
    "status",
    "sweep_id",
    "member",
    "changes",
    "error",
)
#: How the command line's flags are named in Python: the keyword of
#: :func:`tigris.sweep`, :func:`tigris.plan`, :func:`tigris.runs.export.export_run` or
#: :meth:`RunStore.runs` that takes the same input (user test, notebook: an error of
#: ``tigris.sweep`` named ``--set``, which a Python caller never typed).
FLAG_KEYWORDS: dict[str, str] = {
    "--set": "sets",
    "--zip": "zip_",
    "--samples": "samples",
    "--seed": "seed",
    "--design": "design",
    "--recentre": "recentre",
    "--as-written": "as_written",
    "--workers": "workers",
    "--scheduler": "scheduler",
    "--store": "store",
    "--data": "data",
    "--sweep": "sweep_id",
    "--format": "fmt",
    "--out": "out",
    "--kind": "kind",
    "--limit": "limit",
}
#: The kinds of run :class:`RunRecord` has (``RunStore.runs(kind=...)``).
RUN_KINDS = ("plan", "sweep", "risk")


def on_command_line() -> bool:
    """Whether a ``tigris`` command is running in this thread (a click context is
    current): its errors then name its flags, else the Python keywords
    (:func:`flag`). click is not imported for the question: outside the command line
    it may never have been.

    Returns
    -------
    bool
        True when a click context is current in this thread (a ``tigris`` command runs).
    """
    for name in ("typer._click.globals", "click.globals"):
        mod = sys.modules.get(name)
        if mod is not None and mod.get_current_context(silent=True) is not None:
            return True
    return False


def flag(name: str) -> str:
    """How an error names an input: the command line's flag ``name`` (``--store``) in a
    ``tigris`` command, its Python keyword (:data:`FLAG_KEYWORDS`: ``store``) otherwise.

    Parameters
    ----------
    name : str
        A command-line flag (``--store``) or any other field name.

    Returns
    -------
    str
        ``name`` itself in a ``tigris`` command or when it is not a key of
        :data:`FLAG_KEYWORDS`; its Python keyword otherwise.

    Examples
    --------
    >>> flag("--set"), flag("--format"), flag("table")
    ('sets', 'fmt', 'table')
    """
    if name not in FLAG_KEYWORDS or on_command_line():
        return name
    return FLAG_KEYWORDS[name]


def keywords_named(exc: InputError) -> InputError:
    """``exc`` with every problem's field that is a flag of :data:`FLAG_KEYWORDS`
    named as :func:`flag` names it (the Python keyword outside a ``tigris`` command);
    ``exc`` itself when nothing changes.

    Parameters
    ----------
    exc : InputError
        An error whose problems' fields may name command-line flags.

    Returns
    -------
    InputError
        A new error with each flag field renamed by :func:`flag` (message, file and line
        kept), or ``exc`` itself when no field changes.
    """
    from tigris.errors import Problem

    probs = [Problem(flag(p.field), p.message, p.file, p.line) for p in exc.problems]
    if all(p.field == q.field for p, q in zip(probs, exc.problems, strict=True)):
        return exc
    return InputError(probs)


#: Columns of :data:`RUN_COLUMNS` an older store may lack (read as NULL there).
_LATE_COLUMNS = ("scenario_file", "provenance")
#: Columns of a result table that :meth:`PlanResult.to_frame` computes on output (not
#: kept on the result), stored since 2026-12-05 (user test s46 #11), with the value a
#: run stored before them reads as in :meth:`RunStore.table`: ``supply_by_source``'s
#: compute in service (:data:`tigris.plan.result.IN_SERVICE_COLUMN`), NaN (not known).
#: :meth:`RunStore.result` needs none: the result computes them again on output.
_OUTPUT_COLUMNS: dict[str, dict[str, float]] = {"supply_by_source": {"h100e_in_service": math.nan}}


def _same(a: Any, b: Any) -> bool:
    """Whether a stored scenario's value ``a`` carries a member's change ``b``.

    Numbers within 1e-12 relative (the YAML round trip); a mapping (a year map such as
    ``{2027: 1e9}``, or a section) carries ``b``'s keys with the same values, keys
    compared as text (the store keeps a change as JSON, so ``2027`` comes back as
    ``"2027"``); sequences element by element.
    """
    if hasattr(a, "model_dump") and isinstance(b, Mapping):
        a = a.model_dump(mode="python")
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        mine = {str(k): v for k, v in a.items()}
        return all(str(k) in mine and _same(mine[str(k)], v) for k, v in b.items())
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=0.0)
    return bool(a == b)


def unrepeatable(rec: Mapping[str, Any]) -> str | None:
    """Why ``tigris plan --from-run`` cannot repeat a stored run, or ``None``.

    A sweep member whose changes the scenario refused (a value out of range, a word
    for a number) failed before it had a scenario of its own, so the store holds the
    base's scenario (:func:`tigris.runs.sweep._record`): solving that text plans the
    base, not the member (user test 2026-12-03, #15). Such a run is a failed run
    (``status`` ``error``, no result) with a change its stored scenario does not
    carry: a path that is not there, a different value, or a data-table cell (a cell
    lives in the member's overlay, which is not stored).

    Parameters
    ----------
    rec : mapping
        :meth:`RunStore.record`'s fields.

    Returns
    -------
    str or None
        ``"run ID failed (why); nothing to repeat"``, or ``None`` when the stored
        scenario is the run's own (repeating it fails, or succeeds, as the run would).
    """
    from tigris.risk.cells import is_cell
    from tigris.scenario.edit import get_path, load_any

    changes = rec.get("changes") or {}
    if rec.get("status") != "error" or rec.get("has_result") or not changes:
        return None
    text = str(rec.get("scenario_yaml") or "")
    try:
        sc = load_any(text if "\n" in text else text + "\n")
    except InputError:
        return None  # the stored scenario itself is refused: it fails as the run did
    for path, value in changes.items():
        if not is_cell(path):
            try:
                if _same(get_path(sc, path), value):
                    continue
            except InputError:
                pass
        why = str(rec.get("error") or "no plan").removeprefix("InputError: ")
        return f"run {rec.get('id')} failed ({why}); nothing to repeat"
    return None


def stored_tables() -> list[str]:
    """The result tables the store keeps for every run with a result, by name: the
    plan's tables (:data:`tigris.plan.result.TABLE_COLUMNS`, docs/plan-result.md), the
    subsidy by site (``subsidies``), the data-centre load by site and year
    (``site_load``, UT-GRID #10) and the explanations (``binding``; empty for sweep
    members, solved without them).

    Returns
    -------
    list of str
        The table names, the plan's in :data:`~tigris.plan.result.TABLE_COLUMNS` order,
        then ``subsidies``, ``site_load`` and ``binding``.

    Examples
    --------
    >>> stored_tables()[:4]
    ['builds', 'capacity', 'production', 'demand']
    """
    from tigris.plan.result import SUBSIDY_TABLE, TABLE_COLUMNS
    from tigris.plan.site_load import SITE_LOAD_TABLE

    return [*TABLE_COLUMNS, SUBSIDY_TABLE, SITE_LOAD_TABLE, BINDING]


def _check_table(table: str) -> None:
    """:class:`InputError` (field ``table``) unless ``table`` is a stored table."""
    from tigris.errors import did_you_mean

    known = stored_tables()
    if table not in known:
        hint = did_you_mean(str(table), known)
        msg = f"no stored table {table!r}{hint}; known: {', '.join(known)}"
        raise InputError(msg, field="table")


def member_tables(
    parts: Sequence[tuple[str | None, int, Mapping[str, Any], pd.DataFrame | None]], table: str
) -> pd.DataFrame:
    """One table of several sweep members as one frame, each row with its member's run
    and changed inputs.

    Parameters
    ----------
    parts : sequence of (run_id, member, changes, frame)
        Each member's run id (None when not stored), index in the sweep, changes (dotted
        path -> value, as stored) and its table (None for a member without a result),
        in member order.
    table : str
        The table's name (for the columns of an empty frame).

    Returns
    -------
    pandas.DataFrame
        ``run_id``, ``member``, one column per changed path (in the order the members
        first change them; named ``changes.PATH`` when ``PATH`` is also one of the
        table's columns), then the table's columns; the members' rows one after the
        other, each member's in its table's order. A member without a result has no
        rows; a path a member does not change is None there. ``attrs["paths"]``: the
        changed paths, ``attrs["table"]``: the table's name.
    """
    from tigris.plan.result import SAVED_COLUMNS

    paths: list[str] = []
    for _rid, _member, changes, _df in parts:
        paths.extend(p for p in changes if p not in paths)
    frames = [df for *_, df in parts if df is not None]
    if frames:
        table_cols = [str(c) for c in frames[0].columns]
    elif table == BINDING:
        table_cols = ["kind", "year", "text"]
    else:  # a plan's table as written (supply_by_source with note and in service)
        table_cols = list(SAVED_COLUMNS.get(table, ()))
    taken = {"run_id", "member", *table_cols}
    names = {p: f"changes.{p}" if p in taken else p for p in paths}
    pieces = []
    for rid, member, changes, df in parts:
        if df is None or df.empty:
            continue
        n = len(df)
        front = pd.DataFrame(
            {"run_id": [rid] * n, "member": [int(member)] * n}
            | {names[p]: [changes.get(p)] * n for p in paths}
        )
        pieces.append(pd.concat([front, df.reset_index(drop=True)], axis=1))
    cols = ["run_id", "member", *names.values(), *table_cols]
    out = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=cols)
    out.attrs["paths"] = paths
    out.attrs["table"] = table
    return out


def default_store_path() -> Path:
    """The store in the user's data directory.

    ``$XDG_DATA_HOME/tigris/runs.duckdb`` (default ``~/.local/share/tigris``) on Linux
    and other Unixes, ``~/Library/Application Support/tigris`` on macOS,
    ``%LOCALAPPDATA%\\tigris`` on Windows (the XDG Base Directory Specification 0.8 and
    the platforms' conventions).

    Returns
    -------
    Path
        The file (not created here).
    """
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "tigris" / STORE_FILE
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "tigris" / STORE_FILE
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base_dir = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local/share"
    return base_dir / "tigris" / STORE_FILE


def store_path(arg: str | Path | None = None) -> Path:
    """The store file: ``arg``, else ``$TIGRIS_STORE``, else :func:`default_store_path`.

    Parameters
    ----------
    arg : str or Path, optional
        A ``--store FILE`` given by the user.

    Returns
    -------
    Path
        The file, ``~`` expanded.

    Raises
    ------
    InputError
        The file's name is not UTF-8 text (a byte such as ``0xff``, which DuckDB cannot
        open), named ``--store`` (``store`` in Python: :func:`flag`) or ``TIGRIS_STORE``.
    """
    given = arg is not None and str(arg) != ""
    name = str(arg) if given else os.environ.get(STORE_ENV, "")
    problem = not_utf8(name)
    if problem:
        field = flag("--store") if given else STORE_ENV
        fix = "give another file name" if given else f"set {STORE_ENV} to another file name"
        msg = f"{problem}; the store of runs must have a UTF-8 file name: {fix}"
        raise InputError(msg, field=field)
    return Path(name).expanduser() if name else default_store_path()


@dataclass(frozen=True)
class RunRecord:
    """What is stored about a run besides its result.

    Attributes
    ----------
    kind : str
        ``plan``, ``sweep`` or ``risk``.
    scenario_yaml : str
        The scenario as YAML (:func:`tigris.scenario.edit.to_yaml`): loads back to the
        scenario solved; its SHA-256 is the run's ``scenario_hash``.
    scenario_name : str
        The scenario's name.
    options : mapping
        The solve's options (``time_limit_s``, ``objective``, ...), JSON-ready.
    seed : int, optional
        Random seed (risk runs, sampled sweeps).
    sweep_id : str, optional
        The sweep the run belongs to.
    member : int, optional
        0-based index within the sweep.
    changes : mapping
        Dotted path -> value applied to the sweep's base scenario.
    status : str
        The plan's status, or ``error``.
    error : str, optional
        One line, when the run failed.
    timings : mapping
        Seconds spent [s].
    scenario_file : str, optional
        The scenario file the run was made from, as the user named it (``tigris plan
        what-if.yaml``); None for the reference, YAML text or a scenario built in
        Python. Two copies of one scenario keep its ``name``: the file tells them
        apart in ``tigris runs list``.
    """

    kind: str
    scenario_yaml: str
    scenario_name: str
    options: Mapping[str, Any] = field(default_factory=dict)
    seed: int | None = None
    sweep_id: str | None = None
    member: int | None = None
    changes: Mapping[str, Any] = field(default_factory=dict)
    status: str = "optimal"
    error: str | None = None
    timings: Mapping[str, float] = field(default_factory=dict)
    scenario_file: str | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _version() -> str:
    from tigris import __version__

    return __version__


def _dumps(obj: Any) -> str:
    """JSON text; NaN/inf kept (Python's JSON dialect), numpy scalars as Python's."""

    def default(o: Any) -> Any:
        if hasattr(o, "item"):
            return o.item()
        if isinstance(o, (set, frozenset, tuple)):
            return list(o)
        if isinstance(o, Path):
            return str(o)
        msg = f"cannot store a {type(o).__name__} as JSON"
        raise TypeError(msg)

    return json.dumps(obj, default=default, sort_keys=False)


def _float_or_nan(x: Any) -> float:
    """A stored number, else NaN (JSON null, or a key absent in an older run)."""
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else math.nan


#: Names a run stored before 2026-12-03 used (user test #20): the penalty term kept in
#: ``scalars.cost_terms_usd`` (now ``scalars.unmet_penalty_usd``), and the headline
#: number ``served_added_h100e`` (now ``served_growth_h100e``).
_OLD_PENALTY_TERM = "unmet_penalty"
_RENAMED_METRICS = {"served_added_h100e": "served_growth_h100e"}


def _current_names(rec: dict[str, Any]) -> None:
    """Rewrite, in place, a stored record's ``scalars`` and ``metrics`` written before
    2026-12-03 with today's names, as :meth:`RunStore.result` and
    :class:`tigris.plan.PlanResult` read them, so ``runs show --json`` and ``runs
    export`` of an old run say what a new one says.

    >>> rec = {"scalars": {"cost_terms_usd": {"capex": 1.0, "unmet_penalty": 2.0}},
    ...        "metrics": {"served_added_h100e": 3.0}}
    >>> _current_names(rec); rec["scalars"], rec["metrics"]
    ({'cost_terms_usd': {'capex': 1.0}, 'unmet_penalty_usd': 2.0}, {'served_growth_h100e': 3.0})
    """
    sc = rec.get("scalars")
    terms = sc.get("cost_terms_usd") if isinstance(sc, dict) else None
    if isinstance(sc, dict) and isinstance(terms, dict) and _OLD_PENALTY_TERM in terms:
        terms = dict(terms)
        penalty = terms.pop(_OLD_PENALTY_TERM)
        sc["cost_terms_usd"] = terms
        if sc.get("unmet_penalty_usd") is None:
            sc["unmet_penalty_usd"] = penalty
    metrics = rec.get("metrics")
    if isinstance(metrics, dict):
        for old, new in _RENAMED_METRICS.items():
            if old in metrics and new not in metrics:
                rec["metrics"] = {new if k == old else k: v for k, v in metrics.items()}


def _null_nan(obj: Any) -> Any:
    """NaN -> None in nested numbers (headline numbers as JSON null)."""
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, dict):
        return {k: _null_nan(v) for k, v in obj.items()}
    return obj


# ---- table layout: pandas dtypes <-> DuckDB columns --------------------------------


#: (pandas dtype name, DuckDB type, codec) by dtype: a sweep stores the same dtypes
#: for every member, so each is classified once per process.
_LAYOUTS: dict[Any, tuple[str, str, str]] = {}


def _column_layout(s: pd.Series) -> tuple[str, str, str]:
    """(pandas dtype name, DuckDB type, codec) of one column; codec ``json`` for
    columns of Python objects (mixed values), stored one JSON value per cell."""
    dt = s.dtype
    found = _LAYOUTS.get(dt)
    if found is not None:
        return found
    name = str(dt)
    if pd.api.types.is_bool_dtype(dt):
        out = name, "BOOLEAN", "plain"
    elif pd.api.types.is_integer_dtype(dt):
        out = name, "BIGINT", "plain"
    elif pd.api.types.is_float_dtype(dt):
        out = name, "DOUBLE", "plain"
    elif pd.api.types.is_string_dtype(dt) and not pd.api.types.is_object_dtype(dt):
        out = name, "VARCHAR", "plain"
    else:
        out = name, "VARCHAR", "json"
    _LAYOUTS[dt] = out
    return out


def _layout(df: pd.DataFrame) -> list[list[str]]:
    """The stored layout of a frame: ``[column, pandas dtype, DuckDB type, codec]``
    for each column, in order."""
    out = []
    for col, dtype in zip(df.columns, df.dtypes, strict=True):
        # by dtype, without a Series per column (~1 ms less per reference run)
        found = _LAYOUTS.get(dtype)
        out.append([str(col), *(found if found is not None else _column_layout(df[col]))])
    return out


def _encode(df: pd.DataFrame, layout: list[list[str]], runs: Sequence[tuple[str, int]]) -> pa.Table:
    """Frames as inserted, one Arrow table: ``df`` holds the rows of one or more runs
    one after the other (``runs``: each one's id and number of rows, in order), and gets
    ``run_id``, ``row`` (the row's position within its run) and each column in its
    stored form (columns of Python objects as JSON text; the others as they are,
    pandas' missing values, NaN included, as nulls, which DuckDB stores as NULL and
    which read back as NaN). Arrow, not pandas: DuckDB reads it without converting
    (a sweep's gathering process stores every member; measured on the reference
    machine, 4 reference runs: 1.7 ms per table INSERT from Arrow, 2.3 ms from
    pandas). Several runs at once: the cost is mostly per column, not per row (a
    batch of 4 reference members' tables, concatenated and encoded once: ~12 ms of
    CPU, against ~40 ms one run at a time)."""
    import pyarrow as pa

    ids = [run_id for run_id, n in runs for _ in range(n)]
    rows = np.concatenate([np.arange(n, dtype="int64") for _run_id, n in runs])
    names = ["run_id", "row"]
    arrays: list[Any] = [pa.array(ids, type=pa.string()), pa.array(rows)]
    for (col, values), (_name, _dtype, _sql, codec) in zip(df.items(), layout, strict=True):
        names.append(str(col))
        if codec == "json":
            arrays.append(pa.array([_dumps(v) for v in values.tolist()], type=pa.string()))
        else:
            arrays.append(pa.Array.from_pandas(values))
    return pa.Table.from_arrays(arrays, names=names)


def _decode(raw: pd.DataFrame, layout: list[list[str]]) -> pd.DataFrame:
    """The stored frame back in its pandas dtypes and column order."""
    cols: dict[str, pd.Series] = {}
    for col, dtype, _sql, codec in layout:
        values = raw[col].tolist() if col in raw.columns else []
        if codec == "json":
            s = pd.Series([json.loads(v) for v in values], dtype=object)
            if dtype != "object":
                s = s.astype(dtype)
        elif dtype in ("str", "string") or dtype.startswith("string"):
            s = pd.Series(values, dtype=object)
            s = s.astype(dtype)
        else:
            s = pd.Series(values, dtype=object)
            if dtype in ("int64", "int32") and s.isna().any():
                s = s.astype("float64")
            s = s.astype(dtype)
        cols[col] = s.reset_index(drop=True)
    return pd.DataFrame(cols, columns=[c[0] for c in layout])


# ---- the store -------------------------------------------------------------------------


def _schema(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """The file's tables (not views, not DuckDB's own, not registered frames): table
    -> column -> DuckDB type."""
    have: dict[str, dict[str, str]] = {}
    for table, col, sql in con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE NOT internal AND database_name = current_database() "
        "AND table_oid IN (SELECT table_oid FROM duckdb_tables())"
    ).fetchall():
        have.setdefault(table, {})[col] = sql
    return have


#: The store's tables (not another attached database's): ``duckdb_tables()`` lists
#: every database attached to the instance.
_TABLES_HERE = "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"

#: Name under which a store file is attached to this process's DuckDB instance.
_ALIAS = "tigris_store"
#: The name a new store file is attached under while it is made (RunStore._create_whole).
_NEW_ALIAS = "tigris_store_new"

#: This process's DuckDB instance: an empty in-memory database to which each read or
#: write ATTACHes the store file and DETACHes it at its end. ATTACH and DETACH of a
#: store take ~1 ms of CPU where ``duckdb.connect`` and ``close`` take ~15-25 ms (each
#: connect starts a DuckDB instance; measured on the reference machine, DuckDB 2.0): a
#: sweep's gathering process writes its members a batch at a time. The file is locked
#: only while attached, so other processes read and write it between writes as
#: before; a forked child starts its own instance (:func:`_after_fork_in_child`).
_INSTANCE: duckdb.DuckDBPyConnection | None = None
#: Held while a store file is attached (one at a time in a process; DuckDB refuses to
#: attach one file twice).
_INSTANCE_LOCK = threading.RLock()
#: In a forked child, the parent's instance: kept, never closed (closing it could
#: checkpoint a file that a thread of the parent had attached at the fork).
_PARENTS_INSTANCES: list[duckdb.DuckDBPyConnection] = []


def _after_fork_in_child() -> None:
    """A forked child's own instance and lock: the parent's lock may have been held by
    one of its threads (a sweep's writer) at the fork, and would never be released in
    the child, whose first store call would wait for it for ever."""
    global _INSTANCE, _INSTANCE_LOCK
    if _INSTANCE is not None:
        _PARENTS_INSTANCES.append(_INSTANCE)
    _INSTANCE, _INSTANCE_LOCK = None, threading.RLock()


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _import_duckdb() -> None:
    """``import duckdb`` for the first time with Ctrl-C and SIGTERM held (main thread),
    delivered once it is done: a SIGINT while its C++ extension initialises aborted
    the process ("Critical nanobind error: nanobind::detail::enum_create", "Fatal
    Python error: Aborted", exit -6, nothing said; 1 in ~150 Ctrl-Cs sent to
    ``tigris plan`` at random, in the store check before the solve). Takes ~0.1 s."""
    if "duckdb" in sys.modules or threading.current_thread() is not threading.main_thread():
        return
    from tigris.plan.saved import _signals_held

    with _signals_held():
        import duckdb  # noqa: F401  (imported for the callers)


def _instance() -> duckdb.DuckDBPyConnection:
    """This process's DuckDB instance (:data:`_INSTANCE`), started on first use."""
    global _INSTANCE
    if _INSTANCE is None:
        import duckdb

        # one thread: a store's reads and writes are small, and DuckDB's own worker
        # thread cost CPU of its own besides (a write of one reference member: ~73 ms
        # of the process's CPU with two threads, ~66 ms with one; measured on the
        # reference machine) that the sweep's writer, which paces itself on its
        # thread's CPU time, did not see
        con = duckdb.connect(":memory:", config={"threads": 1})
        # Arrow tables are inserted by their Python name (RunStore._insert_table)
        con.execute("SET python_enable_replacements = true")
        _INSTANCE = con
    return _INSTANCE


def _sql_text(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


#: DuckDB's BIGINT bound: a LIMIT at or above it is refused by the database.
_SQL_BIGINT = 2**63


def _sql_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


#: What DuckDB puts before the cause of a failed checkpoint, on a later line of its
#: message (``... CHECKPOINT during DETACH failed. \nCheckpoint failed for database
#: "tigris_store". The database has been invalidated. Original error: Corrupt ...``).
_ORIGINAL_ERROR = "Original error:"
#: How DuckDB's message for a block whose checksum does not match begins.
_CORRUPT = "Corrupt database file"


def duckdb_reason(exc: BaseException) -> str:
    """DuckDB's error ``exc`` in one line: the cause a message of several lines gives
    after ``Original error:`` (a checkpoint that failed), else its first line.

    Parameters
    ----------
    exc : BaseException
        An error raised by DuckDB (any exception is accepted).

    Returns
    -------
    str
        The text after ``Original error:`` on the first line that has it, else the first
        non-blank line (the exception's type name when the message is empty).

    Examples
    --------
    >>> duckdb_reason(RuntimeError("IO Error: x failed. \\nOriginal error: disk full"))
    'disk full'
    """
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()] or [type(exc).__name__]
    for line in lines:
        if _ORIGINAL_ERROR in line:
            return line.split(_ORIGINAL_ERROR, 1)[1].strip() or lines[0]
    return lines[0]


def _unusable(reason: str) -> str:
    """``reason``, and what to do when it says the file is damaged (a block whose
    checksum does not match: DuckDB cannot read it, nor the runs it holds).

    >>> _unusable("Corrupt database file: x")  # doctest: +ELLIPSIS
    'Corrupt database file: x (the file is damaged: restore it from a copy, ...)'
    >>> _unusable("No space left on device")
    'No space left on device'
    """
    if _CORRUPT in reason:
        return reason + " (the file is damaged: restore it from a copy, or use another store)"
    return reason


def _conflict(exc: BaseException) -> bool:
    """Whether DuckDB's ``TransactionException`` ``exc`` is a conflict with another
    transaction, which a retry may get past, and not a commit that failed for good
    (``Failed to commit: Corrupt database file ...``: a damaged store was retried
    for 60 s, then called "busy", user test s47 #2).

    >>> _conflict(RuntimeError('TransactionContext Error: Catalog write-write conflict'))
    True
    >>> _conflict(RuntimeError("TransactionContext Error: Failed to commit: Corrupt database"))
    False
    """
    text = str(exc)
    if _CORRUPT in text:
        return False
    return "conflict" in text.lower() or "Failed to commit" not in text


def _is_duckdb_error(exc: BaseException) -> bool:
    """Whether ``exc`` is one of DuckDB's errors (``duckdb.Error`` and its kinds; False
    when duckdb was never imported, so nothing it raised can be one)."""
    mod = sys.modules.get("duckdb")
    return mod is not None and isinstance(exc, mod.Error)


def _query_interrupted(exc: BaseException) -> bool:
    """Whether ``exc`` is DuckDB's answer to a Ctrl-C that came while a query ran: the
    Python client swallows the ``KeyboardInterrupt`` and raises ``RuntimeError: Query
    interrupted`` (duckdb 1.x-2.x) or ``duckdb.InterruptException`` instead.

    >>> _query_interrupted(RuntimeError("Query interrupted")), _query_interrupted(RuntimeError("x"))
    (True, False)
    """
    import duckdb

    if isinstance(exc, duckdb.InterruptException):
        return True
    return isinstance(exc, RuntimeError) and str(exc).startswith("Query interrupted")


def wal_path(path: Path) -> Path:
    """The write-ahead log DuckDB keeps beside a store file (``runs.duckdb.wal``).

    Parameters
    ----------
    path : Path
        The store file.

    Returns
    -------
    Path
        ``path`` with ``.wal`` appended to its name, in the same folder (may not exist).
    """
    return path.with_name(path.name + ".wal")


class NotCheckpointedError(InputError):
    """A write that COMMITTED, whose checkpoint then failed (DuckDB's "CHECKPOINT
    during DETACH failed": a damaged block it had to rewrite, a full disk): the change
    IS in the store, held in its write-ahead log (:func:`wal_path`), which DuckDB reads
    with the file and folds into it at the next checkpoint that succeeds. Before
    (user test s47 #2) this was "cannot write store" and ``tigris plan`` said "not
    stored" of a run that was, so each retry stored another copy.

    Field ``--store`` (``store`` outside a ``tigris`` command: :func:`flag`); the
    message says what was done (``done``), why the checkpoint
    failed and where the change is kept.

    Attributes
    ----------
    path : Path
        The store file.
    reason : str
        DuckDB's cause, one line (:func:`duckdb_reason`).
    run_ids : list of str
        The runs the write stored (empty for another write).
    """

    def __init__(
        self,
        path: Path,
        reason: str,
        done: str = "the write committed",
        run_ids: Sequence[str] = (),
    ) -> None:
        self.path = Path(path)
        self.reason = reason
        self.run_ids = list(run_ids)
        wal = wal_path(self.path)
        msg = f"{done}, but the store could not be checkpointed ({reason})"
        if wal.exists():
            msg += (
                f"; the change is kept in {wal}, the store's write-ahead log, which "
                f"is read with {self.path.name}: keep the two files together"
            )
        if _CORRUPT in reason:
            msg += "; the store file is damaged: store new runs in another (--store FILE)"
        super().__init__(msg, field=flag("--store"))

    def saying(self, done: str, run_ids: Sequence[str] = ()) -> NotCheckpointedError:
        """The same failure, saying what the write did (``done``).

        Parameters
        ----------
        done : str
            What the write did, as the message's opening words (``stored as run ID in FILE``).
        run_ids : sequence of str, optional
            The runs the write stored; empty for a write that stored none.

        Returns
        -------
        NotCheckpointedError
            A new error with this one's ``path`` and ``reason``.
        """
        return NotCheckpointedError(self.path, self.reason, done, run_ids)


class StoredThenInterrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM's held SIGINT twin) that arrived once a write had committed:
    the runs ARE stored. A plain ``KeyboardInterrupt`` out of :meth:`RunStore.add_many`
    means the transaction was rolled back and nothing was stored; this one carries the
    stored ids, so a caller can say which (``tigris plan``: "stopped ... stored as run
    ID"). The interrupt is held from ``COMMIT`` until the write is known to have ended
    (:meth:`RunStore._write`), so the two cases are told apart exactly.

    Attributes
    ----------
    run_ids : list of str
        The runs the committed transaction stored, in order.
    """

    def __init__(self, run_ids: Sequence[str]) -> None:
        super().__init__(f"stored {len(run_ids)} run(s), then interrupted")
        self.run_ids = list(run_ids)


#: A mapping key JSON turned into text that was a whole number (a year of a year map).
_WHOLE_NUMBER_KEY = re.compile(r"^-?[0-9]+$")


def _number_keys(value: Any) -> Any:
    """A changed value read back from JSON with its whole-number keys numbers again
    (``{"2027": 10}`` -> ``{2027: 10}``): a year map's keys, which JSON stores as text,
    as the sweep was given them (user test s45 #5: ``SweepResult.changes`` had
    ``2027``, the store's ``'2027'``)."""
    if isinstance(value, dict):
        return {
            int(k) if isinstance(k, str) and _WHOLE_NUMBER_KEY.match(k) else k: _number_keys(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_number_keys(v) for v in value]
    return value


class RunStore:
    """The DuckDB file of runs (``docs/runs.md``).

    No connection is held between calls: each call attaches the file, reads or
    writes, and detaches it, so several processes can share one store.

    Parameters
    ----------
    path : str or Path, optional
        The file; default :func:`store_path` (``$TIGRIS_STORE`` or the user data dir).
    timeout_s : float, optional
        How long to wait for another process's lock before giving up [s].
    """

    def __init__(self, path: str | Path | None = None, *, timeout_s: float = 60.0) -> None:
        # refused naming the argument, as tigris.plan's options are (user test s50 API
        # #5: RunStore(5) raised pathlib's TypeError from deep inside)
        if path is not None and not isinstance(path, (str, Path)):
            msg = f"expected a store file name (a str or Path) or None, got {path!r}"
            raise InputError(msg, field="path")
        ok = isinstance(timeout_s, (int, float)) and not isinstance(timeout_s, bool)
        if not ok or not timeout_s >= 0:
            msg = f"expected a number of seconds >= 0, got {timeout_s!r}"
            raise InputError(msg, field="timeout_s")
        self.path = store_path(path)
        self.timeout_s = float(timeout_s)

    def __repr__(self) -> str:
        return f"RunStore({str(self.path)!r})"

    # -- connections ---------------------------------------------------------------

    def _busy(self) -> InputError:
        msg = (
            f"store {self.path} is busy: another process held its lock for more than "
            f"{self.timeout_s:g} s; try again, or pick another store file"
        )
        return InputError(msg, field=flag("--store"))

    def _not_a_store(self, why: str) -> InputError:
        msg = f"{self.path} is not a tigris store of runs ({why}); pick another file"
        return InputError(msg, field=flag("--store"))

    def refuse_under_a_file(self, verb: str = "read") -> None:
        """Refuse a store path that lies under a regular file (``notes.txt/x.duckdb``):
        no store can be there, and none is read as an empty one.

        Parameters
        ----------
        verb : str, optional
            ``read`` or ``write``, as the message says it.

        Raises
        ------
        InputError
            ``--store``: ``cannot read store notes.txt/x.duckdb: 'notes.txt' is a file,
            not a directory`` (:func:`tigris.fsio.check_output`'s words).
        """
        for folder in self.path.parents:
            if folder.exists() or folder.is_symlink():
                if not folder.is_dir():
                    msg = f"cannot {verb} store {self.path}: '{folder}' is a file, not a directory"
                    raise InputError(msg, field=flag("--store"))
                return

    @contextmanager
    def _open(self, read_only: bool) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """The file attached to this process's DuckDB instance (:func:`_instance`) and
        made the default catalogue, waiting out another process's lock; detached (and
        so checkpointed and unlocked) on exit. Yields None when reading a store that
        does not exist yet. Holds :data:`_INSTANCE_LOCK` while attached: one store
        file at a time per process."""
        _import_duckdb()
        import duckdb

        if self.path.exists() and not self.path.is_file():
            what = "a directory" if self.path.is_dir() else "not a regular file (a pipe or device)"
            msg = f"store {self.path} is {what}; expected a store file (runs.duckdb)"
            raise InputError(msg, field=flag("--store"))
        if not self.path.exists():
            # "notastore.txt/x.duckdb": refused as tigris plan refuses it, not read as
            # an empty store (user test s47 #6: "no runs in ...", exit 0)
            self.refuse_under_a_file("read" if read_only else "write")
        if read_only and not self.path.exists():
            yield None
            return
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                msg = f"cannot create the folder of store {self.path}: {exc.strerror or exc}"
                raise InputError(msg, field=flag("--store")) from None
            if not self.path.exists():
                self._create_whole()
        deadline = time.monotonic() + self.timeout_s
        wait = _BACKOFF_FIRST_S
        mode = " (READ_ONLY)" if read_only else ""
        attach = f"ATTACH {_sql_text(str(self.path))} AS {_ALIAS}{mode}"
        while True:
            _INSTANCE_LOCK.acquire()
            try:
                con = _instance()
                # left by an interrupt between ATTACH and DETACH, maybe still the
                # default catalogue (which DuckDB refuses to detach)
                con.execute(f"USE memory; DETACH DATABASE IF EXISTS {_ALIAS}")
                con.execute(attach)
                break
            except duckdb.InterruptException:  # a Ctrl-C: the callers say so
                _INSTANCE_LOCK.release()
                raise
            except duckdb.Error as exc:
                _INSTANCE_LOCK.release()
                # another process's lock: waited out; anything else (a damaged file,
                # "Corrupt database file: computed checksum ...", a file that is not
                # DuckDB's) is one line naming --store, never a traceback
                transient = _is_lock_error(exc) or isinstance(
                    exc, duckdb.ConnectionException | duckdb.ResourceInUseException
                )
                if not transient:
                    text = str(exc).split("\n")[0]
                    if "not a valid DuckDB database" in text:
                        raise self._not_a_store("not a DuckDB file") from None
                    msg = f"cannot open store {self.path}: {_unusable(duckdb_reason(exc))}"
                    raise InputError(msg, field=flag("--store")) from None
            except BaseException:
                _INSTANCE_LOCK.release()
                raise
            if time.monotonic() >= deadline:
                raise self._busy()
            time.sleep(wait * (0.5 + random.random()))  # jitter, not crypto
            wait = min(wait * 2.0, _BACKOFF_MAX_S)
        try:
            con.execute(f"USE {_ALIAS}")
            yield con
        finally:
            try:
                with suppress(Exception):  # a failed transaction: DETACH says why below
                    con.execute("ROLLBACK")
                con.execute("USE memory")
                con.execute(f"DETACH {_ALIAS}")
            finally:
                _INSTANCE_LOCK.release()

    def _create_whole(self) -> None:
        """Make the store file whole, with its schema, unless another process has.

        DuckDB's ATTACH of a file that does not exist creates it and writes a new
        database header once it holds the file's lock. Two processes that both found
        no file (the first writes to a new store from two plans, or from two scripts'
        workers, at once) both created it: the second's header, written after the
        first had stored a run and let go of the lock, replaced that run, or failed
        the first's checkpoint ("Could not read enough bytes from file"). Measured
        with DuckDB 2.0.1 on the 2-core machine: 1 trial in 40 of 8 processes attaching
        one new file at once lost a write (0 in 65 through this class, whose retries
        spread the processes out); ``tests/test_runs_store.py::test_concurrent_writers``
        had counted 14 of 15 runs once. Here the store is built in a temporary file
        beside it and put in place with :func:`os.link`, which fails when the name
        exists (POSIX ``link(2)``, Windows ``CreateHardLink``): the file appears whole
        or not at all, another process's is kept, and ATTACH only ever opens a store
        that exists. Where the file system has no hard links, ATTACH creates the file
        as before.
        """
        import duckdb

        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{os.urandom(4).hex()}.new")
        wal = wal_path(tmp)
        try:
            with _INSTANCE_LOCK:
                con = _instance()
                con.execute(f"ATTACH {_sql_text(str(tmp))} AS {_NEW_ALIAS}")
                try:
                    con.execute(f"USE {_NEW_ALIAS}")
                    self._create(con)
                finally:
                    con.execute("USE memory")
                    con.execute(f"DETACH {_NEW_ALIAS}")
            # FileExistsError: another process made it first, and theirs is used; any
            # other OSError: no hard links on this file system, and ATTACH creates it
            with suppress(OSError):
                os.link(tmp, self.path)
        except duckdb.InterruptException:  # a Ctrl-C: the callers say so
            raise KeyboardInterrupt from None
        except (duckdb.Error, OSError) as exc:
            reason = duckdb_reason(exc) if isinstance(exc, duckdb.Error) else exc.strerror
            msg = f"cannot create store {self.path}: {reason or exc}"
            raise InputError(msg, field=flag("--store")) from None
        finally:
            for made in (tmp, wal):
                with suppress(OSError):
                    made.unlink(missing_ok=True)

    def _check(
        self, con: duckdb.DuckDBPyConnection, *, create: bool
    ) -> dict[str, dict[str, str]] | None:
        """Check the file is a tigris store (create the schema in an empty one when
        ``create``); its schema (table -> column -> DuckDB type), None for an empty
        file opened read-only. One catalogue query: a sweep writes a batch of members
        at a time, and every write checks the file first."""
        have = _schema(con)
        if not have:
            if not create:
                return None
            self._create(con)
            return _schema(con)
        if "meta" not in have:
            raise self._not_a_store("a DuckDB file without tigris's meta table")
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("application") != APPLICATION:
            raise self._not_a_store(f"meta.application is {meta.get('application')!r}")
        version = int(meta.get("schema_version", "0") or 0)
        if version > SCHEMA_VERSION:
            msg = (
                f"store {self.path} has schema version {version}, written by a newer "
                f"tigris (this one reads up to {SCHEMA_VERSION}); upgrade tigris"
            )
            raise InputError(msg, field=flag("--store"))
        if create:  # a store written before a column was added: add it (NULL in old rows)
            for name, columns in (("runs", RUN_COLUMNS), ("sweeps", SWEEP_COLUMNS)):
                cols = have.setdefault(name, {})
                for col, sql in columns.items():
                    if col not in cols:
                        kind = sql.replace(" PRIMARY KEY", "")
                        con.execute(f"ALTER TABLE {name} ADD COLUMN {_sql_ident(col)} {kind}")
                        cols[col] = kind
            if have.get("runs", {}).get("seed") == "BIGINT":  # written before 2026-12-06
                con.execute("ALTER TABLE runs ALTER seed TYPE UBIGINT")
                have["runs"]["seed"] = "UBIGINT"
        return have

    @staticmethod
    def _create(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute(
            "INSERT INTO meta VALUES (?, ?), (?, ?)",
            ["application", APPLICATION, "schema_version", str(SCHEMA_VERSION)],
        )
        for name, columns in (("runs", RUN_COLUMNS), ("sweeps", SWEEP_COLUMNS)):
            body = ", ".join(f"{_sql_ident(c)} {t}" for c, t in columns.items())
            con.execute(f"CREATE TABLE {name} ({body})")

    @contextmanager
    def _write(
        self, committed: list[bool] | None = None
    ) -> Iterator[tuple[duckdb.DuckDBPyConnection, dict[str, dict[str, str]]]]:
        """One transaction on a freshly opened file, committed and closed on exit
        (rolled back on an error or an interrupt), and the store's schema as checked; a
        write-write conflict within one process is retried by the callers through
        :meth:`_retrying`. On the main thread SIGINT and SIGTERM are held from
        ``COMMIT`` until ``committed`` (when given) says whether it succeeded, so an
        interrupt there is delivered after the fact is recorded, never between the
        commit and its record (:class:`StoredThenInterrupted`), and until the file is
        detached (a Ctrl-C in DETACH's checkpoint would end it as DuckDB's
        ``RuntimeError: Query interrupted``)."""
        from tigris.plan.saved import _signals_held

        main = threading.current_thread() is threading.main_thread()
        # entered at COMMIT, left after _open's DETACH: the held signal comes last
        hold = ExitStack()
        with hold, self._open(read_only=False) as con:
            assert con is not None
            try:
                con.execute("BEGIN TRANSACTION")
                have = self._check(con, create=True)
                assert have is not None
                yield con, have
                hold.enter_context(_signals_held() if main else nullcontext())
                self._commit(con)
                if committed is not None:
                    committed.append(True)
            except BaseException:
                with suppress(Exception):  # already failed: keep the first error
                    con.execute("ROLLBACK")
                raise

    @staticmethod
    def _commit(con: duckdb.DuckDBPyConnection) -> None:
        """``COMMIT`` the open transaction (a method of its own so a test can interrupt
        right after it)."""
        con.execute("COMMIT")

    def _retrying(
        self,
        fn: Callable[[duckdb.DuckDBPyConnection], Any],
        *,
        schema: bool = False,
        committed: list[bool] | None = None,
    ) -> Any:
        """Run ``fn`` in a write transaction, retrying a conflict with a concurrent
        transaction of this process until ``timeout_s``. With ``schema``, ``fn`` is
        called with the store's schema too (``fn(con, have)``; table -> column -> type,
        kept up to date by :meth:`_insert_table`). ``committed``: a list that gets
        ``True`` once the transaction commits (:meth:`_write`). A Ctrl-C during the
        write is a ``KeyboardInterrupt`` out of here whatever DuckDB made of it
        (:func:`tigris.runs.interrupts.sigint_noted`): the write rolled back, or, when
        ``committed`` says so, done."""
        seen: list[bool] = []
        with sigint_noted(seen):
            try:
                done = self._retry_loop(fn, schema, committed)
            except Exception:
                if seen:  # a Ctrl-C that DuckDB turned into another error: rolled back
                    raise KeyboardInterrupt from None
                raise
            if seen:  # a Ctrl-C swallowed on the way, the write done: say so after all
                raise KeyboardInterrupt
            return done

    def _retry_loop(
        self,
        fn: Callable[..., Any],
        schema: bool,
        committed: list[bool] | None,
    ) -> Any:
        """:meth:`_retrying`'s attempts (without the Ctrl-C bookkeeping)."""
        _import_duckdb()
        import duckdb

        deadline = time.monotonic() + self.timeout_s
        wait = _BACKOFF_FIRST_S
        # whether the write committed, whatever fails after (DETACH's checkpoint)
        committed = committed if committed is not None else []
        while True:
            try:
                with self._write(committed) as (con, have):
                    return fn(con, have) if schema else fn(con)
            except duckdb.TransactionException as exc:
                if not _conflict(exc):  # "Failed to commit: Corrupt database file ..."
                    msg = f"cannot write store {self.path}: {_unusable(duckdb_reason(exc))}"
                    raise InputError(msg, field=flag("--store")) from None
                if time.monotonic() >= deadline:
                    raise self._busy() from None
            except (RuntimeError, duckdb.InterruptException) as exc:
                if _query_interrupted(exc):  # Ctrl-C inside a query: rolled back
                    raise KeyboardInterrupt from None
                raise
            except (duckdb.Error, OSError) as exc:
                # any of DuckDB's errors (a damaged file: "Corrupt database file ...",
                # a full disk) is one line naming --store, never a traceback
                if committed:  # DETACH's checkpoint failed: the change is in the WAL
                    raise NotCheckpointedError(self.path, duckdb_reason(exc)) from None
                msg = f"cannot write store {self.path}: {_unusable(duckdb_reason(exc))}"
                raise InputError(msg, field=flag("--store")) from None
            time.sleep(wait * (0.5 + random.random()))
            wait = min(wait * 2.0, _BACKOFF_MAX_S)

    @contextmanager
    def _read(self) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """The store opened read-only (None when it does not exist yet). A Ctrl-C while
        reading is a ``KeyboardInterrupt`` out of here whatever DuckDB made of it
        (``RuntimeError: Query interrupted`` on a long query of ``tigris runs list``;
        :func:`tigris.runs.interrupts.sigint_noted`), as it is for a write
        (:meth:`_retrying`)."""
        seen: list[bool] = []
        with sigint_noted(seen):
            try:
                with self._open(read_only=True) as con:
                    if con is None:
                        yield None
                        return
                    yield con if self._check(con, create=False) else None
            except Exception as exc:
                # (duckdb is imported once a query ran: a failed import is no interrupt)
                if seen or ("duckdb" in sys.modules and _query_interrupted(exc)):
                    raise KeyboardInterrupt from None
                if _is_duckdb_error(exc):  # a damaged file: one line, no traceback
                    msg = f"cannot read store {self.path}: {_unusable(duckdb_reason(exc))}"
                    raise InputError(msg, field=flag("--store")) from None
                raise
            if seen:  # a Ctrl-C swallowed on the way: the user still asked to stop
                raise KeyboardInterrupt

    # -- writing -------------------------------------------------------------------

    def add(self, record: RunRecord, result: PlanResult | None = None) -> str:
        """Store one run (and its result's tables) in one transaction.

        Parameters
        ----------
        record : RunRecord
            What the run was.
        result : PlanResult, optional
            Its result; None for a run that failed before one existed.

        Returns
        -------
        str
            The new run's id (12 lowercase hex digits).

        Raises
        ------
        InputError
            ``--store``: the file is busy past ``timeout_s``, is not a tigris store, or
            cannot be written.
        KeyboardInterrupt
            Ctrl-C during the write: rolled back, nothing stored; or
            :class:`StoredThenInterrupted` (its ``run_ids``) when it came once the run
            had committed.
        """
        return self.add_many([(record, result)])[0]

    def add_many(
        self,
        runs: Sequence[tuple[RunRecord, PlanResult | None]],
        *,
        numbers: Sequence[Mapping[str, Any] | None] | None = None,
        sweep_status: tuple[str, str] | None = None,
    ) -> list[str]:
        """Store several runs in ONE transaction (all or none); their ids, in order.

        Cheaper per run than :meth:`add`: one open, commit and close for all, and one
        INSERT per result table for all the runs whose table has the same layout
        (the usual case: members of one sweep); for a driver that receives several
        finished sweep members at once.

        Parameters
        ----------
        runs : sequence of (RunRecord, PlanResult or None)
            The runs and their results.
        numbers : sequence of mapping or None, optional
            Each run's ``result.headline()["numbers"]`` when already computed (a sweep
            member's, on its worker); None (or a None item) computes them here.
        sweep_status : (str, str), optional
            ``(sweep id, status)``: also set that sweep's status, in the same
            transaction (:meth:`finish_sweep` with a sweep's last members).

        Returns
        -------
        list of str
            The new runs' ids.
        """
        prepared = []
        # the rows of each table, grouped by layout: one frame, one Arrow table and
        # one INSERT per table and layout for the whole batch
        groups: dict[tuple[str, str], tuple[list[list[str]], list[pd.DataFrame], list[Any]]] = {}
        given = list(numbers) if numbers is not None else [None] * len(runs)
        # the code and data files of the runs: found once for the batch (its members
        # are made by this process's code, with the --data overlay in force here)
        from tigris.runs.provenance import run_provenance

        made_with = _dumps(run_provenance())
        for (record, result), nums in zip(runs, given, strict=True):
            row = self._run_row(record, result, nums)
            row["provenance"] = made_with
            layouts = {}
            if result is not None:
                for name, df in self._result_frames(result):
                    layout = layouts[name] = _layout(df)
                    if len(df):
                        key = (name, _dumps(layout))
                        _lay, frames, ids = groups.setdefault(key, (layout, [], []))
                        frames.append(df)
                        ids.append((row["id"], len(df)))
            row["layout"] = _dumps(layouts)
            prepared.append(row)
        if not prepared:
            return []
        tables = []
        for (name, _key), (layout, frames, ids) in groups.items():
            df = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
            tables.append((name, layout, _encode(df, layout, ids)))

        def write(con: duckdb.DuckDBPyConnection, have: dict[str, dict[str, str]]) -> list[str]:
            cols = list(prepared[0])
            marks = ", ".join("?" for _ in cols)
            names = ", ".join(_sql_ident(c) for c in cols)
            con.executemany(
                f"INSERT INTO runs ({names}) VALUES ({marks})",
                [[row[c] for c in cols] for row in prepared],
            )
            for name, layout, frame in tables:
                self._insert_table(con, name, layout, frame, have)
            if sweep_status is not None:
                sid, status = sweep_status
                con.execute("UPDATE sweeps SET status = ? WHERE id = ?", [status, sid])
            return [str(row["id"]) for row in prepared]

        committed: list[bool] = []
        ids = [str(row["id"]) for row in prepared]
        try:
            return list(self._retrying(write, schema=True, committed=committed))
        except KeyboardInterrupt:
            if committed:  # after COMMIT (held until recorded): the runs are stored
                raise StoredThenInterrupted(ids) from None
            raise  # rolled back: nothing stored
        except NotCheckpointedError as exc:  # committed: stored, as read back says
            raise exc.saying(self._stored_phrase(ids), ids) from None

    def _stored_phrase(self, ids: Sequence[str]) -> str:
        """What a write whose checkpoint failed did, as the store read again by id
        says: ``stored as run ID in FILE`` (``runs A, B``), or that its commit cannot
        be read back."""
        named = f"run {ids[0]}" if len(ids) == 1 else f"runs {', '.join(ids)}"
        try:
            found = [i for i in ids if self._lookup("runs", i)[0][:1] == [i]]
        except InputError as exc:
            why = exc.problems[0].message if exc.problems else str(exc)
            return f"{named} committed to store {self.path}, but cannot be read back ({why})"
        if len(found) == len(ids):
            return f"stored as {named} in {self.path}"
        return f"{named} committed to store {self.path}, but not found when read back"

    @staticmethod
    def _run_row(
        record: RunRecord, result: PlanResult | None, numbers: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        rec = asdict(record)
        unknown = set(rec) - set(RUN_COLUMNS)
        if unknown:  # a field added to RunRecord but not to the schema
            msg = f"RunRecord fields without a column: {sorted(unknown)}"
            raise TypeError(msg)
        row: dict[str, Any] = {
            "id": secrets.token_hex(ID_HEX // 2),
            "created": _now(),
            "scenario_hash": hashlib.sha256(record.scenario_yaml.encode("utf-8")).hexdigest(),
            "input_hash": result.input_hash if result is not None else None,
            "tigris_version": _version(),
            "has_result": result is not None,
            "metrics": (
                _dumps(_null_nan(plan_numbers(result, numbers))) if result is not None else "{}"
            ),
            "scalars": _dumps(result.saved_scalars()) if result is not None else "{}",
        }
        for key, value in rec.items():
            row[key] = _dumps(dict(value)) if key in _JSON_FIELDS else value
        return row

    @staticmethod
    def _result_frames(result: PlanResult) -> Iterator[tuple[str, pd.DataFrame]]:
        """Every table of a result as stored, by name, with the columns of
        :meth:`PlanResult.to_frame` (the frames themselves, not to be changed, except
        ``supply_by_source``: its :data:`~tigris.plan.result.IN_SERVICE_COLUMN` is
        computed on output, not kept on the result, and was missing from the store
        until user test s46 #11)."""
        from tigris.plan.result import SUBSIDY_TABLE, TABLE_COLUMNS
        from tigris.plan.site_load import SITE_LOAD_TABLE

        for name in TABLE_COLUMNS:
            if name in _OUTPUT_COLUMNS:  # columns added when written: as to_frame's
                yield name, result.to_frame(name)
            else:
                yield name, getattr(result, name)
        # the subsidy by site (the headline's money sentence names it): stored too, so a
        # stored run says what the plan said
        yield SUBSIDY_TABLE, result.subsidies
        # the data-centre load by site and year (UT-GRID #10)
        yield SITE_LOAD_TABLE, result.site_load
        yield BINDING, result.to_frame(BINDING)

    @staticmethod
    def _insert_table(
        con: duckdb.DuckDBPyConnection,
        name: str,
        layout: list[list[str]],
        frame: pa.Table,
        have_all: dict[str, dict[str, str]],
    ) -> None:
        """Insert runs' rows, creating the table or adding columns as needed; a
        column whose type differs from the stored one is widened to text (each run's
        own layout casts it back on reading). ``have_all`` (table -> column -> type)
        is the schema as known in this transaction (:meth:`_check`), kept up to date
        here."""
        want = {"run_id": "VARCHAR", "row": "BIGINT"}
        want.update({col: sql for col, _dt, sql, _codec in layout})
        have = have_all.setdefault(name, {})
        ident = _sql_ident(name)
        if not have:
            body = ", ".join(f"{_sql_ident(c)} {t}" for c, t in want.items())
            con.execute(f"CREATE TABLE {ident} ({body})")
            have.update(want)
        else:
            for col, sql in want.items():
                if col not in have:
                    con.execute(f"ALTER TABLE {ident} ADD COLUMN {_sql_ident(col)} {sql}")
                    have[col] = sql
                elif have[col] != sql and have[col] != "VARCHAR":
                    con.execute(f"ALTER TABLE {ident} ALTER {_sql_ident(col)} TYPE VARCHAR")
                    have[col] = "VARCHAR"
        # read by name from this frame's locals (DuckDB's replacement scan, on in this
        # process's instance, :func:`_instance`): ~0.6 ms per table cheaper than
        # register() + unregister(), 17 tables per write
        _tigris_rows = frame
        con.execute(f"INSERT INTO {ident} BY NAME SELECT * FROM _tigris_rows")

    def add_sweep(self, base_yaml: str, spec: Mapping[str, Any], n_members: int) -> str:
        """Register a sweep (status ``running``); its id (12 lowercase hex digits).

        Parameters
        ----------
        base_yaml : str
            The base scenario's YAML.
        spec : mapping
            The sweep's definition (sets, samples, seed, options), JSON-ready.
        n_members : int
            Members planned.

        Returns
        -------
        str
            The new sweep's id.
        """
        row = {
            "id": secrets.token_hex(ID_HEX // 2),
            "created": _now(),
            "base_hash": hashlib.sha256(base_yaml.encode("utf-8")).hexdigest(),
            "n_members": int(n_members),
            "status": "running",
            "tigris_version": _version(),
            "spec": _dumps(dict(spec)),
            "base_yaml": base_yaml,
        }

        def write(con: duckdb.DuckDBPyConnection) -> str:
            names = ", ".join(_sql_ident(c) for c in row)
            marks = ", ".join("?" for _ in row)
            con.execute(f"INSERT INTO sweeps ({names}) VALUES ({marks})", list(row.values()))
            return str(row["id"])

        return str(self._retrying(write))

    def finish_sweep(self, sweep_id: str, status: str) -> None:
        """Set a sweep's status (``done`` or ``interrupted``).

        Parameters
        ----------
        sweep_id : str
            The sweep's full id (not a prefix: no lookup is made; an unknown id changes
            nothing).
        status : str
            The new status, ``done`` or ``interrupted`` (not checked).
        """

        def write(con: duckdb.DuckDBPyConnection) -> None:
            con.execute("UPDATE sweeps SET status = ? WHERE id = ?", [status, sweep_id])

        self._retrying(write)

    def remove(self, ids: Sequence[str] | str, committed: list[bool] | None = None) -> int:
        """Delete runs (ids or unique prefixes; one id may be given as a string) with
        their tables; the number removed. ``committed`` gets ``True`` once the deletion
        commits, so a caller told of a Ctrl-C (``KeyboardInterrupt``) knows whether it
        was rolled back.

        Parameters
        ----------
        ids : sequence of str or str
            The runs to delete, each an id or a unique prefix; an empty sequence removes
            nothing (and opens nothing).
        committed : list of bool, optional
            A list that gets ``True`` appended once the deletion commits.

        Returns
        -------
        int
            The number of runs deleted.

        Raises
        ------
        InputError
            ``run``: an unknown, ambiguous or too short id (nothing removed); ``--store``: the
            file cannot be written (:class:`NotCheckpointedError` when the deletion committed
            but its checkpoint failed).
        """
        if isinstance(ids, str):  # one id, not its characters (user test 2026-12-05)
            ids = [ids]
        if not ids:
            return 0
        full = [self.resolve(i) for i in ids]

        def write(con: duckdb.DuckDBPyConnection) -> int:
            tables = {r[0] for r in con.execute(_TABLES_HERE).fetchall()}
            marks = ", ".join("?" for _ in full)
            for name in sorted(tables - {"meta", "runs", "sweeps"}):
                con.execute(f"DELETE FROM {_sql_ident(name)} WHERE run_id IN ({marks})", full)
            n = con.execute(f"SELECT count(*) FROM runs WHERE id IN ({marks})", full).fetchone()
            con.execute(f"DELETE FROM runs WHERE id IN ({marks})", full)
            return int(n[0]) if n else 0

        try:
            return int(self._retrying(write, committed=committed))
        except NotCheckpointedError as exc:
            named = f"run {full[0]}" if len(full) == 1 else f"runs {', '.join(full)}"
            raise exc.saying(f"removed {named} from {self.path}") from None

    def remove_sweep(self, sweep_id: str, committed: list[bool] | None = None) -> int:
        """Delete a sweep (id or unique prefix) and all its members; the number of runs
        removed. ``committed`` as for :meth:`remove`.

        Parameters
        ----------
        sweep_id : str
            The sweep, an id or a unique prefix.
        committed : list of bool, optional
            A list that gets ``True`` appended once the deletion commits.

        Returns
        -------
        int
            The number of member runs deleted (the sweep's row is deleted too).
        """
        sid = self.resolve_sweep(sweep_id)

        def write(con: duckdb.DuckDBPyConnection) -> int:
            tables = {r[0] for r in con.execute(_TABLES_HERE).fetchall()}
            members = "SELECT id FROM runs WHERE sweep_id = ?"
            for name in sorted(tables - {"meta", "runs", "sweeps"}):
                con.execute(f"DELETE FROM {_sql_ident(name)} WHERE run_id IN ({members})", [sid])
            n = con.execute("SELECT count(*) FROM runs WHERE sweep_id = ?", [sid]).fetchone()
            con.execute("DELETE FROM runs WHERE sweep_id = ?", [sid])
            con.execute("DELETE FROM sweeps WHERE id = ?", [sid])
            return int(n[0]) if n else 0

        try:
            return int(self._retrying(write, committed=committed))
        except NotCheckpointedError as exc:
            raise exc.saying(f"removed sweep {sid} from {self.path}") from None

    # -- reading -------------------------------------------------------------------

    def runs(
        self, *, sweep_id: str | None = None, kind: str | None = None, limit: int | None = None
    ) -> pd.DataFrame:
        """The stored runs, newest first.

        Parameters
        ----------
        sweep_id : str, optional
            Only this sweep's members (an id or a unique prefix), in member order.
        kind : str, optional
            Only runs of this kind (:data:`RUN_KINDS`).
        limit : int, optional
            At most this many (>= 0).

        Returns
        -------
        pandas.DataFrame
            ``id, kind, created, scenario_name, scenario_file (None when not known),
            scenario_hash, input_hash, tigris_version, status, sweep_id, member,
            changes, error, relaxed`` (an LP relaxation's, ``tigris plan --relax``: a
            bound, not a plan), ``options`` (the solve's options as stored, a dict),
            the :data:`~tigris.runs.metrics.METRICS` and the
            :data:`~tigris.runs.metrics.FLAGS` (NaN where a run does not have them).
            ``input_hash`` is the SHA-256 of the scenario and the data tables solved
            (:mod:`tigris.provenance`; ``""`` for a run without a result);
            ``changes`` the inputs a sweep or risk member changed, a dict path ->
            value as :meth:`record` gives it (``{}`` for a plain plan): what tells
            runs of one scenario name apart.

        Raises
        ------
        InputError
            ``limit`` negative or not a whole number; ``kind`` not a kind of run
            when no run has it (``"plans"``: did you mean ``plan``?), where a typo
            listed nothing; ``sweep_id`` unknown, ambiguous or too short.
        """
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int | np.integer) or limit < 0
        ):  # DuckDB's "LIMIT/OFFSET cannot be negative" was a traceback
            msg = f"expected a whole number >= 0 or None, got {limit!r}"
            raise InputError(msg, field=flag("--limit"))
        if limit is not None and limit >= _SQL_BIGINT:
            # more runs than any store can hold: all of them (DuckDB's LIMIT is a
            # BIGINT; 2^63 was its cast error, blamed on the store: user test s57 #4)
            limit = None
        where, args = [], []
        if sweep_id is not None:
            where.append("sweep_id = ?")
            args.append(self.resolve_sweep(sweep_id))
        if kind is not None:
            where.append("kind = ?")
            args.append(kind)
        tail = " WHERE " + " AND ".join(where) if where else ""
        tail += " ORDER BY member, created DESC" if sweep_id else " ORDER BY created DESC, id"
        if limit is not None:
            tail += f" LIMIT {int(limit)}"
        with self._read() as con:
            rows = []
            if con is not None:
                have = _schema(con).get("runs", {})
                cols = [
                    f"NULL AS {c}" if c in _LATE_COLUMNS and c not in have else c
                    for c in LIST_COLUMNS
                ]
                sql = f"SELECT {', '.join(cols)}, options, metrics FROM runs" + tail
                rows = con.execute(sql, args).fetchall()
        records = []
        for r in rows:
            rec = dict(zip(LIST_COLUMNS, r[:-2], strict=True))
            rec["input_hash"] = rec["input_hash"] or ""
            changes = json.loads(rec["changes"] or "{}")
            rec["changes"] = {path: _number_keys(v) for path, v in changes.items()}
            # an LP relaxation is a bound, not a plan: said beside it (user test
            # 2026-12-07: listed as a plain run)
            options = json.loads(r[-2] or "{}") or {}
            rec["relaxed"] = bool(options.get("relax", False))
            # the solve's options, which tell two runs of one scenario apart (an
            # --objective npv run listed as the reference; last stop's list)
            rec["options"] = options
            numbers = json.loads(r[-1] or "{}") or {}
            rec.update(metric_values(numbers))
            # the investor's subsidy by region, {region: USD}, beside the metrics (None
            # for a run stored before it; user test s57, data engineer #7)
            rec[SUBSIDY_BY_REGION_KEY] = numbers.get(SUBSIDY_BY_REGION_KEY)
            records.append(rec)
        if not records and kind is not None and kind not in RUN_KINDS:
            from tigris.errors import did_you_mean

            msg = (
                f"no run of kind {kind!r}{did_you_mean(str(kind), RUN_KINDS)}; the kinds "
                f"are {', '.join(RUN_KINDS)}"
            )
            raise InputError(msg, field=flag("--kind"))
        columns = [
            *LIST_COLUMNS,
            "relaxed",
            "options",
            *(str(m) for m in METRICS),
            *FLAGS,
            SUBSIDY_BY_REGION_KEY,
        ]
        df = pd.DataFrame(records, columns=columns)
        df["member"] = df["member"].astype("Int64")
        return df

    def kind_counts(self) -> dict[str, int]:
        """Runs stored by kind (:data:`RUN_KINDS`), the kinds with none left out: what
        ``tigris runs list`` says when a filter lists nothing.

        Returns
        -------
        dict of str to int
            Kind (``plan``, ``sweep``, ``risk``) -> number of runs stored, sorted by kind;
            empty for a store that does not exist yet.
        """
        with self._read() as con:
            sql = "SELECT kind, count(*) FROM runs GROUP BY kind ORDER BY kind"
            rows = con.execute(sql).fetchall() if con is not None else []
        return {str(kind): int(n) for kind, n in rows}

    def sweeps(self) -> pd.DataFrame:
        """The stored sweeps, newest first: ``id, created, base_hash, n_members,
        status, tigris_version, spec`` and ``n_stored`` (members stored; a risk
        sweep's plan as planned, member :data:`~tigris.runs.worker.PLANNED_MEMBER`,
        is not one).

        Returns
        -------
        pandas.DataFrame
            One row per sweep, the columns above (``spec`` as JSON text, ``created`` an ISO
            8601 UTC timestamp); empty (with those columns) for a store that does not exist.
        """
        from tigris.runs.worker import PLANNED_MEMBER

        cols = [c for c in SWEEP_COLUMNS if c != "base_yaml"]
        sql = (
            f"SELECT {', '.join('s.' + c for c in cols)}, "
            "(SELECT count(*) FROM runs r WHERE r.sweep_id = s.id AND r.member <> ?) "
            "AS n_stored FROM sweeps s ORDER BY s.created DESC"
        )
        with self._read() as con:
            rows = con.execute(sql, [PLANNED_MEMBER]).fetchall() if con is not None else []
        return pd.DataFrame(rows, columns=[*cols, "n_stored"])

    def check(self) -> None:
        """Check, reading nothing but the catalogue and ``meta``, that the file can be
        read as a tigris store (a missing file passes: it is created on the first
        write): what ``tigris plan`` asks before solving
        (:func:`tigris.cli._store.check_store`), at the same cost however many runs
        the store holds.

        Raises
        ------
        InputError
            ``--store``: a folder or pipe, not a DuckDB file, not a tigris store, or a
            store of a newer schema.
        """
        with self._read():
            pass

    def sweep_spec(self, sweep_id: str) -> str | None:
        """One sweep's ``spec`` (JSON text, as :meth:`sweeps` lists it) by its full id;
        None when the store has no such sweep. One row read, not the list.

        Parameters
        ----------
        sweep_id : str
            The sweep's full id (a prefix is not resolved).

        Returns
        -------
        str or None
            The sweep's definition as JSON text, or None.
        """
        with self._read() as con:
            row = (
                con.execute("SELECT spec FROM sweeps WHERE id = ?", [sweep_id]).fetchone()
                if con is not None
                else None
            )
        return None if row is None else row[0]

    def _lookup(self, table: str, text: str) -> tuple[list[str], int, int]:
        """The ids of ``table`` equal to or starting with ``text``, by SQL: at most
        :data:`_SHOWN` + 1 of them (sorted), how many there are, and how many ids the
        table has (for the messages of :meth:`_resolve`). Returns a bounded number of
        rows whatever the store's size (PERF2, 2026-12-05: the whole column was read
        into Python for one lookup)."""
        with self._read() as con:
            if con is None:
                return [], 0, 0
            # ids are lowercase hex: those starting with ``text`` are exactly those in
            # [text, text + "~"), a filter DuckDB pushes into its scan of the id column
            # (a sequential scan, its zone maps skipping row groups; the index serves
            # ``=`` only): at most _SHOWN + 1 ids come back to Python
            where = f"FROM {table} WHERE id >= ? AND id < ? AND starts_with(id, ?)"
            args = [text, text + "~", text]
            hits = [
                str(r[0])
                for r in con.execute(
                    f"SELECT id {where} ORDER BY id LIMIT {_SHOWN + 1}", args
                ).fetchall()
            ]
            n_hits = len(hits)
            if n_hits > _SHOWN:
                row = con.execute(f"SELECT count(*) {where}", args).fetchone()
                n_hits = int(row[0]) if row else n_hits
            total = 0
            if not hits:
                row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
                total = int(row[0]) if row else 0
        return hits, n_hits, total

    def _resolve(self, table: str, what: str, field_: str, id_or_prefix: str) -> str:
        text = str(id_or_prefix).strip().lower()
        hits, n_hits, total = self._lookup(table, text)
        if text in hits:
            return text
        if len(text) < MIN_PREFIX:
            msg = f"{what} id '{id_or_prefix}' is too short: give at least {MIN_PREFIX} characters"
            raise InputError(msg, field=field_)
        if n_hits == 1:
            return hits[0]
        if not hits:
            msg = f"no {what} '{id_or_prefix}' in store {self.path}"
            if total:
                msg += f" (it has {total}; see tigris runs list)"
            elif table != "runs" and (runs := self._lookup("runs", "~")[2]):  # "~": no id
                # no sweep, but runs: not "empty" (user test 2026-12-05)
                msg += f" (it holds no {what}, and {runs} runs: see tigris runs list)"
            else:
                msg += " (it is empty)"
            raise InputError(msg, field=field_)
        shown = ", ".join(hits[:_SHOWN]) + (", ..." if n_hits > _SHOWN else "")
        msg = f"{what} id '{id_or_prefix}' is ambiguous: it starts {n_hits} ids ({shown})"
        raise InputError(msg, field=field_)

    def _removed_meanwhile(self, run_id: str) -> InputError:
        """The error for a run whose id was found but whose row was gone when it was
        read: another process removed it in between (``tigris runs rm`` while ``runs
        show`` or ``export`` read it), which gave an empty record (a ``KeyError``
        traceback in ``runs show``) or an ``AssertionError``.

        Parameters
        ----------
        run_id : str
            The run's full id.

        Returns
        -------
        InputError
            ``run``: one line naming the run and the store.
        """
        msg = (
            f"run {run_id} was removed from store {self.path} while it was being read "
            "(by another process); see tigris runs list"
        )
        return InputError(msg, field="run")

    def resolve(self, id_or_prefix: str) -> str:
        """The run id a unique prefix (at least 4 characters) or full id names.

        Parameters
        ----------
        id_or_prefix : str
            A run id or a prefix of one (case and surrounding spaces ignored).

        Returns
        -------
        str
            The full run id (12 lowercase hex digits).

        Raises
        ------
        InputError
            ``run``: unknown, ambiguous or too short.
        """
        return self._resolve("runs", "run", "run", id_or_prefix)

    def resolve_sweep(self, id_or_prefix: str) -> str:
        """The sweep id a unique prefix or full id names (InputError ``--sweep``).

        Parameters
        ----------
        id_or_prefix : str
            A sweep id or a prefix of one, at least 4 characters (case and surrounding spaces
            ignored).

        Returns
        -------
        str
            The full sweep id (12 lowercase hex digits).
        """
        return self._resolve("sweeps", "sweep", flag("--sweep"), id_or_prefix)

    def find(
        self, *, scenario_hash: str | None = None, option: tuple[str, Any] | None = None
    ) -> str | None:
        """The newest run with a result matching every criterion given, or None.

        ``option=(name, value)``: the run's ``options[name]`` equals ``value`` (as JSON;
        ``tigris serve`` finds a what-if by ``("serve_key", key)``).

        Parameters
        ----------
        scenario_hash : str, optional
            The SHA-256 of the run's scenario YAML; None matches any scenario.
        option : (str, object), optional
            ``(name, value)`` the run's stored options must hold; None matches any options.

        Returns
        -------
        str or None
            The full id of the newest matching run with a result (ties by id), or None when
            none matches or the store does not exist.
        """
        where, args = ["has_result"], []
        if scenario_hash is not None:
            where.append("scenario_hash = ?")
            args.append(scenario_hash)
        if option is not None and isinstance(option[1], str):  # narrows; checked below
            where.append("contains(options, ?)")
            args.append(json.dumps(option[1]))
        sql = f"SELECT id, options FROM runs WHERE {' AND '.join(where)} ORDER BY created DESC, id"
        with self._read() as con:
            rows = con.execute(sql, args).fetchall() if con is not None else []
        for rid, opts in rows:
            found = json.loads(opts or "{}")
            if option is None or (option[0] in found and found[option[0]] == option[1]):
                return str(rid)
        return None

    def record(self, run_id: str) -> dict[str, Any]:
        """Every stored field of one run (JSON fields parsed).

        Parameters
        ----------
        run_id : str
            An id or a unique prefix.

        Returns
        -------
        dict
            The :data:`RUN_COLUMNS` but ``layout``: ``options``, ``changes``,
            ``timings``, ``metrics`` (headline numbers, null where NaN) and
            ``scalars`` (:meth:`PlanResult.scalars`) as dicts.
        """
        rid = self.resolve(run_id)
        with self._read() as con:
            assert con is not None
            cur = con.execute("SELECT * FROM runs WHERE id = ?", [rid])
            names = [d[0] for d in cur.description]
            values = cur.fetchone()
        if values is None:  # removed since its id was looked up (a concurrent rm)
            raise self._removed_meanwhile(rid)
        rec = dict(zip(names, values, strict=False))
        for key in _LATE_COLUMNS:  # an older store, not yet written to
            rec.setdefault(key, None)
        for key in _JSON_FIELDS:
            if key in rec:
                rec[key] = json.loads(rec[key] or "{}")
        rec.pop("layout", None)
        _current_names(rec)  # a run stored before 2026-12-03 reads with today's names
        return rec

    def table(self, table: str, *, sweep_id: str) -> pd.DataFrame:
        """One result table of every member of a sweep, with each member's run id and
        changed inputs as columns (user test UT-HYPER #9: per-class served and unmet by
        member without SQL).

        Parameters
        ----------
        table : str
            A table the store keeps (:func:`stored_tables`): ``demand``, ``capacity``,
            ``builds``, ``cash_flows``, ``power``, ... (docs/plan-result.md).
        sweep_id : str
            The sweep (an id or a unique prefix).

        Returns
        -------
        pandas.DataFrame
            :func:`member_tables`: ``run_id``, ``member``, one column per changed
            path (its value parsed from the run's ``changes``), then the table's
            columns; each member's rows are its :meth:`result`'s table. Members
            without a result (failed) have no rows.

        Raises
        ------
        InputError
            ``table``: not a stored table (the known ones listed); ``--sweep``: an
            unknown, ambiguous or too short sweep id.

        Examples
        --------
        >>> RunStore("runs.duckdb").table("demnd", sweep_id="ab12")  # doctest: +SKIP
        Traceback (most recent call last):
        tigris.errors.InputError: table: no stored table 'demnd' (did you mean 'demand'?); ...
        """
        _check_table(table)
        sid = self.resolve_sweep(sweep_id)
        parts: list[tuple[str | None, int, Mapping[str, Any], pd.DataFrame | None]] = []
        with self._read() as con:
            assert con is not None  # the sweep was found in it
            rows = con.execute(
                "SELECT id, member, changes, has_result, layout FROM runs "
                "WHERE sweep_id = ? ORDER BY member, id",
                [sid],
            ).fetchall()
            here = {r[0] for r in con.execute(_TABLES_HERE).fetchall()}
            for rid, member, changes, has_result, layout_text in rows:
                layout = json.loads(layout_text or "{}").get(table) if has_result else None
                df = None
                if layout is not None and table in here:
                    # as result() reads a table: each column cast to its stored type
                    sel = ", ".join(
                        f"CAST({_sql_ident(c[0])} AS {c[2]}) AS {_sql_ident(c[0])}" for c in layout
                    )
                    raw = con.execute(
                        f"SELECT {sel or 'row'} FROM {_sql_ident(table)} "
                        "WHERE run_id = ? ORDER BY row",
                        [rid],
                    ).df()
                    df = _decode(raw, layout)
                    for col, value in _OUTPUT_COLUMNS.get(table, {}).items():
                        if col not in df.columns:  # a run stored before the column
                            df[col] = value
                parts.append((str(rid), int(member), json.loads(changes or "{}"), df))
        return member_tables(parts, table)

    def result(self, run_id: str) -> PlanResult:
        """The stored run's result, rebuilt: its tables and scalars equal the stored ones.

        Parameters
        ----------
        run_id : str
            A run id or a unique prefix.

        Returns
        -------
        PlanResult
            The result with the stored tables (in their stored dtypes), explanations and
            scalars; a table the run was stored without reads as empty, a scalar as its
            default (NaN, None or empty).

        Raises
        ------
        InputError
            ``run``: unknown id, or a run stored without a result (it failed).
        """
        from tigris.plan.result import SUBSIDY_TABLE, TABLE_COLUMNS, Explanation, PlanResult
        from tigris.plan.site_load import SITE_LOAD_TABLE

        rid = self.resolve(run_id)
        with self._read() as con:
            assert con is not None
            row = con.execute(
                "SELECT has_result, scalars, layout, status, error FROM runs WHERE id = ?", [rid]
            ).fetchone()
            if row is None:  # removed since its id was looked up (a concurrent rm)
                raise self._removed_meanwhile(rid)
            if not row[0]:
                msg = f"run {rid} has no result (status {row[3]}: {row[4] or 'no plan'})"
                raise InputError(msg, field="run")
            layouts = json.loads(row[2] or "{}")
            existing = {r[0] for r in con.execute(_TABLES_HERE).fetchall()}
            frames: dict[str, pd.DataFrame] = {}
            for name, layout in layouts.items():
                if name in existing:
                    sel = ", ".join(
                        f"CAST({_sql_ident(c[0])} AS {c[2]}) AS {_sql_ident(c[0])}" for c in layout
                    )
                    sel = sel or "row"
                    raw = con.execute(
                        f"SELECT {sel} FROM {_sql_ident(name)} WHERE run_id = ? ORDER BY row",
                        [rid],
                    ).df()
                else:
                    raw = pd.DataFrame()
                frames[name] = _decode(raw, layout)
        sc = json.loads(row[1] or "{}")
        bind = frames.pop(BINDING, pd.DataFrame(columns=["kind", "year", "text"]))
        binding = [
            Explanation(str(k), None if pd.isna(y) else int(y), str(t))
            for k, y, t in zip(bind["kind"], bind["year"], bind["text"], strict=True)
        ]
        obj = sc.get("objective_usd")
        # a run stored before the subsidy table has none: its headline names no site
        # ... nor the site load (UT-GRID #10): read as empty
        extra = (SUBSIDY_TABLE, SITE_LOAD_TABLE)
        tables = {n: df for n, df in frames.items() if n in TABLE_COLUMNS or n in extra}
        known = {f.name for f in fields(PlanResult)}
        if "cash_flows" in tables:  # the plan's steady-state flag (user test 2026-12-06)
            from tigris.finance.terminal import restore_steady

            last = int(sc.get("horizon", (0, 0))[1])
            restore_steady(tables["cash_flows"], sc.get("steady_groups"), last)
        return PlanResult(
            scenario_name=str(sc.get("scenario_name", "")),
            status=str(sc.get("status", "")),
            objective_usd=float(obj) if obj is not None else math.nan,
            horizon=tuple(int(y) for y in sc.get("horizon", (0, 0))),  # type: ignore[arg-type]
            binding=binding,
            relaxed=bool(sc.get("relaxed", False)),
            mip_gap=sc.get("mip_gap"),
            timings=dict(sc.get("timings", {})),
            objective_terms_usd=dict(sc.get("objective_terms_usd", {})),
            cost_terms_usd=dict(sc.get("cost_terms_usd", {})),
            input_hash=sc.get("input_hash"),
            objective=str(sc.get("objective", "serve")),
            baseline_status=sc.get("baseline_status"),  # None in a run stored before it
            baseline_note=sc.get("baseline_note"),
            # None in a run stored before it: its cost_terms_usd holds the penalty
            unmet_penalty_usd=_float_or_nan(sc.get("unmet_penalty_usd")),
            **{n: df for n, df in tables.items() if n in known},
        )
