"""A stored run written out for other tools: CSV, Parquet, Excel or NetCDF.

- ``csv`` / ``parquet``: a directory with one file per result table
  (:data:`tigris.plan.result.TABLE_COLUMNS`, ``subsidies`` and ``binding``: every
  table of ``tigris plan --json``), ``units`` (each number column's unit,
  :func:`units_frame`), ``scenario.yaml`` (the run's scenario, to re-plan) and
  ``run.json`` (the run's record: scenario YAML and hash, version, options, seed,
  timings, metrics); ``csv`` also ``plan.json`` as ``plan --out`` writes it, so the
  folder is a saved run ``tigris report`` reads;
- ``xlsx``: one workbook, a sheet per table, a ``units`` sheet and a ``run`` sheet
  (field, value); an infinite number (a grid without a limit) is an empty cell, its
  columns named in the ``run`` sheet (:data:`UNBOUNDED_FIELD`); a ``run`` value longer
  than a cell holds (:data:`CELL_MAX`) is on consecutive rows of its field, to be
  joined in order (:data:`SPLIT_FIELD`); an integer beyond 2**53 in magnitude is text
  (its digits), and every text is a string cell, never a formula;
- ``netcdf``: :meth:`tigris.plan.PlanResult.to_xarray` (``docs/api.md``) with the
  run's id, scenario hash, version, created time, seed, sweep id, member, changes,
  git commit and whole provenance as attributes (the input hash is the dataset's own).

Each export is written aside and renamed into place (:mod:`tigris.fsio`), and an
existing path that is not an earlier export is never overwritten. A csv/parquet export
into a folder holding an earlier export replaces that run whole: every file of the
earlier run (any name of :func:`run_folder_names`, in either format) that this export
does not write is removed in the same step, so the folder holds one run's files, never
a mix of two; other files there (a report, notes) are kept. A ``plan --out`` folder is
not an export and is refused (re-plan into it with ``tigris plan --from-run ID --out``).
A file format's ``--out`` ending in ``/`` names a folder and is refused.
"""

from __future__ import annotations

import errno
import json
import os
import zipfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from tigris.errors import InputError, not_utf8
from tigris.fsio import atomic_dir, atomic_file, output_error, require_parent, signals_held
from tigris.plan.saved import without_negative_zero
from tigris.runs.store import RunStore, flag, keywords_named

if TYPE_CHECKING:
    from tigris.plan.result import PlanResult

__all__ = ["EXPORT_FORMATS", "RUN_JSON", "export_run", "run_document", "run_folder_names"]

#: The formats :func:`export_run` writes.
EXPORT_FORMATS = ("csv", "parquet", "xlsx", "netcdf")
#: The run's record in a csv/parquet export directory.
RUN_JSON = "run.json"
#: The run's scenario in a csv/parquet export directory (as ``plan --out`` writes it).
SCENARIO_YAML = "scenario.yaml"
#: Marks a file or directory as a tigris export (``run.json``, NetCDF attributes).
EXPORT_MARK = "tigris_export"
#: Sheet of the run's record in an xlsx export.
RUN_SHEET = "run"
#: Longest sheet name Excel accepts [characters].
_SHEET_MAX = 31
#: The table (a csv/parquet file, an xlsx sheet) of every number column's unit.
UNITS_TABLE = "units"
#: The usual file suffix of each one-file format.
_SUFFIX = {"xlsx": "xlsx", "netcdf": "nc"}
#: The export formats written as a folder of files (the others are one file).
FOLDER_FORMATS = ("csv", "parquet")


def run_folder_names() -> frozenset[str]:
    """Every file name a run's folder may hold: what ``tigris plan --out`` writes (a
    CSV per table, ``plan.json``, ``scenario.yaml``, ``run.json``) and what a csv or
    parquet export writes (a file per table of :data:`~tigris.plan.result.FRAME_NAMES`
    and :data:`UNITS_TABLE` in its format, ``scenario.yaml``, ``run.json``).

    A folder replaced by another run loses those of them the new run does not write
    (:func:`tigris.fsio.swap_in`); an output file of another flag that is one of them
    is refused (:func:`tigris.cli.report.refuse_saved_run_file`).

    Returns
    -------
    frozenset of str
        The file names (no folders).

    Examples
    --------
    >>> {"plan.json", "run.json", "scenario.yaml", "units.parquet"} <= run_folder_names()
    True
    """
    from tigris.plan.result import FRAME_NAMES
    from tigris.plan.saved import PLAN_JSON

    tables = (*FRAME_NAMES, UNITS_TABLE)
    files = {f"{t}.{fmt}" for t in tables for fmt in FOLDER_FORMATS}
    return frozenset({*files, PLAN_JSON, SCENARIO_YAML, RUN_JSON})


def run_document(record: Mapping[str, Any], fmt: str) -> dict[str, Any]:
    """The run's record as written in ``run.json`` (and the ``run`` sheet).

    Parameters
    ----------
    record : mapping
        The run's stored fields (:meth:`tigris.runs.store.RunStore.record`).
    fmt : str
        The export format (``csv``, ``parquet``, ``xlsx``, ...).

    Returns
    -------
    dict
        ``{EXPORT_MARK: 1, "format": fmt}`` followed by the record's fields.
    """
    doc: dict[str, Any] = {EXPORT_MARK: 1, "format": fmt}
    doc.update(record)
    return doc


def _tables(result: PlanResult) -> dict[str, pd.DataFrame]:
    """Every table of ``--json`` (:meth:`PlanResult.to_frames`: the
    :data:`~tigris.plan.result.TABLE_COLUMNS`, ``subsidies`` and ``binding``)."""
    return result.to_frames()


def units_frame() -> pd.DataFrame:
    """The unit and meaning of each number column of the exported tables: ``table,
    column, unit, description``, those of :data:`tigris.plan.views.VARIABLES` (the
    ``units`` and ``long_name`` attributes of :meth:`PlanResult.to_xarray`), so the
    tabular exports carry what the NetCDF does (UT-API #11: ``tools.supply``,
    ``production.units``, ``capacity.used`` and ``site_load.pue`` have no unit in
    their names). Year columns are calendar years and are not listed.

    Returns
    -------
    pandas.DataFrame
        One row per number column, columns ``table, column, unit, description``.
    """
    from tigris.plan.views import RENAMED_DIMENSIONS, VARIABLES

    def unit(table: str, units: str) -> str:
        # a dimension renamed in the NetCDF is its column's name in a table (user test
        # s57, data engineer #8: "USD per unit (shadow_unit)" named no column of the CSV)
        for (where, column), dim in RENAMED_DIMENSIONS.items():
            if where == table:
                units = units.replace(f"({dim})", f"({column})")
        return units

    rows = [
        (v.table, x.column, unit(v.table, x.units), x.description)
        for v in VARIABLES
        for x in v.variables
    ]
    return pd.DataFrame(rows, columns=["table", "column", "unit", "description"])


def _is_export_dir(path: Path) -> bool:
    try:
        doc = json.loads((path / RUN_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and doc.get(EXPORT_MARK) == 1


def _is_export_file(path: Path, fmt: str) -> bool:
    if fmt == "xlsx":
        try:
            with zipfile.ZipFile(path) as zf:
                book = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        except (OSError, zipfile.BadZipFile, KeyError):
            return False
        return f'name="{RUN_SHEET}"' in book
    try:
        import xarray as xr

        with xr.open_dataset(path) as ds:
            return bool(ds.attrs.get(EXPORT_MARK) == 1)
    except Exception:  # anything unreadable is not an export of ours
        return False


#: Each format's own suffixes of ``--out`` (a folder format's folder may be named so:
#: ``export.csv/``); the first is the one suggested.
FORMAT_SUFFIXES = {
    "csv": (".csv",),
    "parquet": (".parquet", ".pq"),
    "xlsx": (".xlsx",),
    "netcdf": (".nc", ".nc4", ".netcdf", ".cdf"),
}
#: Suffixes of files no export writes: a name ending so contradicts any format.
_OTHER_SUFFIXES = frozenset(
    {".json", ".yaml", ".yml", ".html", ".htm", ".png", ".pdf", ".txt", ".tsv", ".xml"}
    | {".xls", ".xlsm", ".ods", ".zip", ".duckdb", ".h5", ".hdf5"}
)


def _refuse_suffix(out: Path, fmt: str, given: str) -> None:
    """Refuse an ``--out`` whose suffix says another format than ``fmt``: another
    export format's (``--format xlsx --out p3.csv`` wrote a workbook named p3.csv,
    user test s50 compare #5) or a file's no export writes (``.json``, ``.html``,
    ...). A name with no suffix, or one of none of these, is taken as given.

    >>> try:
    ...     _refuse_suffix(Path("p3.csv"), "xlsx", "p3.csv")
    ... except InputError as exc:
    ...     print(exc)  # doctest: +NORMALIZE_WHITESPACE
    out: 'p3.csv' ends in .csv, a csv export's suffix, but --format xlsx writes an
    Excel workbook: give a name ending .xlsx (p3.xlsx), or --format csv
    >>> _refuse_suffix(Path("export.csv"), "csv", "export.csv")  # a folder so named
    """
    if given.endswith(("/", os.sep)):
        return  # a folder: said by _refuse
    suffix = out.suffix.lower()
    if not suffix or suffix in FORMAT_SUFFIXES[fmt]:
        return
    other = next((f for f, sfx in FORMAT_SUFFIXES.items() if suffix in sfx), None)
    if other is None and suffix not in _OTHER_SUFFIXES:
        return
    what = _WRITES[fmt]
    if fmt in FOLDER_FORMATS:
        want = f"give a directory name ({out.with_suffix('')}/)"
    else:
        own = FORMAT_SUFFIXES[fmt][0]
        want = f"give a name ending {own} ({out.with_suffix(own)})"
    said = f"{'an' if other == 'xlsx' else 'a'} {other} export's" if other else "a file's"
    said += " suffix" if other else " no export writes"
    also = f", or --format {other}" if other else ""
    msg = f"'{given}' ends in {out.suffix}, {said}, but --format {fmt} writes {what}: {want}{also}"
    raise InputError(msg, field=flag("--out"))


#: What each format writes, in words.
_WRITES = {
    "csv": "a directory of CSV files",
    "parquet": "a directory of Parquet files",
    "xlsx": "an Excel workbook",
    "netcdf": "a NetCDF file",
}


def _refuse(out: Path, fmt: str, given: str) -> None:
    """Refuse to overwrite something that is not an earlier export (said first: an
    existing file is "a file", whatever its name), then a suffix of another format
    (:func:`_refuse_suffix`); ``given``: the path as the user wrote it (a trailing
    ``/`` names a folder)."""
    _refuse_existing(out, fmt, given)
    _refuse_suffix(out, fmt, given)
    if fmt not in FOLDER_FORMATS:
        # one file, as --report and --html: a missing folder is a typo, not a request to
        # create folders (risk user test 2026-12-06 #8: 'nodir/x.xlsx' made nodir/)
        require_parent(out, flag("--out"))
    _refuse_not_utf8(fmt, given)


#: The library writing each export whose file names must be UTF-8 text.
_UTF8_NAMES_ONLY = {"parquet": "pyarrow (parquet)", "netcdf": "the netCDF library"}


def _refuse_not_utf8(fmt: str, given: str) -> None:
    """Refuse an ``out`` that is not UTF-8 text (a byte such as ``0xff`` of a name from
    :func:`os.fsdecode`) for a format whose library takes UTF-8 file names only: the
    parquet and NetCDF exports raised ``UnicodeEncodeError`` from inside the library.
    csv and xlsx are written by Python's own files, which take any name.

    >>> try:
    ...     _refuse_not_utf8("netcdf", "p\\udcff.nc")
    ... except InputError as exc:
    ...     print(exc)  # doctest: +NORMALIZE_WHITESPACE
    out: 'p\\xff.nc' is not UTF-8 text (byte 0xff); the netCDF library writes UTF-8
    file names only: give another name, or export as csv or xlsx
    >>> _refuse_not_utf8("csv", "p\\udcff")
    """
    problem = not_utf8(given)
    if problem and fmt in _UTF8_NAMES_ONLY:
        msg = (
            f"{problem}; {_UTF8_NAMES_ONLY[fmt]} writes UTF-8 file names only: give another "
            "name, or export as csv or xlsx"
        )
        raise InputError(msg, field=flag("--out"))


def _refuse_existing(out: Path, fmt: str, given: str) -> None:
    """:func:`_refuse`'s check of what ``out`` is now."""
    if fmt in FOLDER_FORMATS:
        if out.exists() and not out.is_dir():
            what = "a file" if out.is_file() else "a pipe, a device or a socket"
            msg = f"'{out}' is {what}; a {fmt} export is a directory"
            raise InputError(msg, field=flag("--out"))
        if out.is_dir() and any(out.iterdir()) and not _is_export_dir(out):
            from tigris.plan.saved import PLAN_JSON

            if (out / PLAN_JSON).is_file() or (out / RUN_JSON).is_file():
                what = f"a run saved by 'tigris plan --out' (its {RUN_JSON} is not an export's)"
                todo = "export into a new or empty directory; it is left alone"
            else:
                what = f"a directory that is not a tigris export (no {RUN_JSON})"
                todo = "give a new or empty directory"
            raise InputError(f"'{out}' is {what}; {todo}", field=flag("--out"))
        return
    if given.endswith(("/", os.sep)):
        msg = (
            f"'{given}' ends in '/', so it names a directory; a {fmt} export is one file: "
            f"give a file name (e.g. {out / f'run.{_SUFFIX[fmt]}'})"
        )
        raise InputError(msg, field=flag("--out"))
    if out.is_dir():
        msg = f"'{out}' is a directory; a {fmt} export is one file"
        raise InputError(msg, field=flag("--out"))
    if out.exists() and not out.is_file():
        # probing a pipe blocked for good, a device read until memory ran out (user
        # test s57, data engineer #4: --out /dev/zero was killed by the OOM killer)
        msg = f"'{out}' is a pipe, a device or a socket, not a file; give a new file name"
        raise InputError(msg, field=flag("--out"))
    if out.exists() and not _is_export_file(out, fmt):
        msg = f"'{out}' exists and is not a tigris {fmt} export; give a new file name"
        raise InputError(msg, field=flag("--out"))


def _parquet_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Columns of mixed Python values (``assumptions.value``) as text: Parquet needs
    one type per column."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_object_dtype(s.dtype):
            kinds = {type(v) for v in s.dropna().tolist()}
            if len(kinds) > 1:
                out[col] = s.map(lambda v: None if v is None else str(v))
    return out


#: The ``run`` sheet's field naming the columns whose empty cells are infinite values.
UNBOUNDED_FIELD = "empty_cells_are_unbounded"


def _excel_ready(tables: Mapping[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """The tables with every infinite number an empty cell, and the ``table.column``
    names where there were some.

    Excel has no infinity: openpyxl wrote ``inf`` as the text ``'inf'``, which a
    ``SUM`` skips silently and which mixes text into a column of numbers (UT-API #11;
    ``power.grid_headroom_mw`` is infinite where a region's grid has no limit). An
    empty cell is skipped too, but keeps the column numeric; the ``run`` sheet's
    :data:`UNBOUNDED_FIELD` names the columns, so an empty cell there is not read as
    unknown (NaN is empty as well).
    """
    import numpy as np

    out, named = {}, []
    for name, df in tables.items():
        num = df.select_dtypes("number")
        cols = [c for c in num.columns if np.isinf(num[c].to_numpy(dtype=float)).any()]
        if cols:
            df = df.copy()
            for c in cols:
                df[c] = df[c].where(~np.isinf(df[c].to_numpy(dtype=float)))
            named += [f"{name}.{c}" for c in cols]
        out[name] = df
    return out, named


#: Most characters an Excel cell holds (Excel counts UTF-16 code units); openpyxl cut a
#: longer text there, with only a warning (user test 2026-12-07, reproducibility #2).
CELL_MAX = 32_767
#: The ``run`` sheet's field naming the fields whose value is on several rows.
SPLIT_FIELD = "fields_split_over_rows"
#: Largest integer magnitude an Excel number (a double) holds exactly: 2**53.
EXACT_INT_MAX = 2**53


def _excel_value(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return value


def _cell_length(text: str) -> int:
    """``text``'s length as Excel counts it [UTF-16 code units]: a character beyond
    the Basic Multilingual Plane (an emoji) is two."""
    return len(text.encode("utf-16-le")) // 2


def _cell_pieces(text: str, size: int = CELL_MAX) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``size`` UTF-16 code units each
    (never inside a character), which joined in order are ``text``.

    Parameters
    ----------
    text : str
        The value.
    size : int
        Longest piece [UTF-16 code units]; Excel's cell limit by default.

    Returns
    -------
    list of str
        The pieces, none empty; ``[text]`` when it fits in one cell.

    Examples
    --------
    >>> _cell_pieces("abcdefg", 3)
    ['abc', 'def', 'g']
    """
    pieces, start = [], 0
    while start < len(text):
        end = start + size
        over = _cell_length(text[start:end]) - size
        while over > 0:  # two code units a character: drop enough characters
            end -= (over + 1) // 2
            over = _cell_length(text[start:end]) - size
        pieces.append(text[start:end])
        start = end
    return pieces


def _run_rows(doc: Mapping[str, Any], unbounded: list[str]) -> list[tuple[str, Any]]:
    """The ``run`` sheet's (field, value) rows: a value longer than :data:`CELL_MAX` on
    consecutive rows of its field, named in :data:`SPLIT_FIELD`, so nothing is cut
    (user test 2026-12-07, reproducibility #2: a provenance of 37,402 characters was
    cut to 32,767 and no longer parsed as JSON).

    Parameters
    ----------
    doc : mapping
        The run's record (:func:`run_document`).
    unbounded : list of str
        The ``table.column`` names whose empty cells are infinite (:func:`_excel_ready`).

    Returns
    -------
    list of (str, object)
        The rows, then :data:`UNBOUNDED_FIELD`'s and :data:`SPLIT_FIELD`'s.
    """
    rows: list[tuple[str, Any]] = []
    split: list[str] = []
    for key, value in doc.items():
        value = _excel_value(value)
        if isinstance(value, str) and _cell_length(value) > CELL_MAX:
            rows += [(key, piece) for piece in _cell_pieces(value)]
            split.append(key)
        else:
            rows.append((key, value))
    rows.append((UNBOUNDED_FIELD, ", ".join(unbounded)))
    rows.append((SPLIT_FIELD, ", ".join(split)))
    return rows


def _refuse_long_cells(rid: str, sheets: Mapping[str, pd.DataFrame]) -> None:
    """Refuse a table whose text cell is longer than Excel holds, rather than cut it
    (user test 2026-12-07, reproducibility #2); no table of a plan has one today.

    Raises
    ------
    InputError
        ``--format``: naming the table and column, and the formats that hold it.
    """
    for name, df in sheets.items():
        for col in df.select_dtypes(exclude="number").columns:
            for value in df[col].tolist():
                if isinstance(value, str) and _cell_length(value) > CELL_MAX:
                    msg = (
                        f"run {rid} cannot be exported as xlsx: {name}.{col} holds a text of "
                        f"{_cell_length(value):,} characters, more than an Excel cell's "
                        f"{CELL_MAX:,}; try csv or parquet"
                    )
                    raise InputError(msg, field=flag("--format"))


def _cells_exact(book: Any) -> None:
    """Every cell of an openpyxl workbook as it reads back: an integer beyond
    :data:`EXACT_INT_MAX` in magnitude as text, its digits (user test 2026-12-07,
    reproducibility #3: Excel's numbers are doubles, and seed 9007199254740993 read
    back as ...992), and every text a string cell, never a formula (#4: a scenario
    named ``=HYPERLINK(...)`` became a live formula, which pandas read as NaN).

    Parameters
    ----------
    book : openpyxl.Workbook
        The workbook, before it is saved; changed in place.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                big = isinstance(value, int) and not isinstance(value, bool)
                if big and abs(value) > EXACT_INT_MAX:
                    cell.value = str(value)
                    cell.data_type = "s"
                elif cell.data_type == "f":  # text starting "=": no export writes formulas
                    cell.data_type = "s"


def export_run(
    store: RunStore | str | Path | None, run_id: str, fmt: str, out: str | Path
) -> list[Path]:
    """Write a stored run in format ``fmt`` at ``out``.

    Parameters
    ----------
    store : RunStore, str, Path or None
        The store holding the run, or its file (None: the default store,
        :func:`tigris.runs.store.store_path`), as ``tigris runs export --store``.
    run_id : str
        An id or a unique prefix.
    fmt : str
        One of :data:`EXPORT_FORMATS`, in any case (``"CSV"`` is ``csv``, as
        ``--format`` reads it).
    out : str or Path
        A directory (csv, parquet) or file (xlsx, netcdf).

    Returns
    -------
    list of Path
        Files written.

    Raises
    ------
    InputError
        ``fmt`` unknown; ``out`` is of the wrong kind, an existing path that is not an
        earlier export, or cannot be written; ``run``: the run is unknown or has no
        result; ``store``: the store cannot be read. In a ``tigris`` command they are
        named by its flags (``--format``, ``--out``, ``--store``:
        :func:`tigris.runs.store.flag`).
    """
    try:
        return _export_run(store, run_id, fmt, out)
    except InputError as exc:  # the store's --store, named store outside a command
        named = keywords_named(exc)
        if named is exc:
            raise
        raise named from None


def _export_run(
    store: RunStore | str | Path | None, run_id: str, fmt: str, out: str | Path
) -> list[Path]:
    """:func:`export_run`'s work."""
    if not isinstance(store, RunStore):  # a store file (a notebook's first guess)
        store = RunStore(store)
    fmt = fmt.lower() if isinstance(fmt, str) else fmt
    if fmt not in EXPORT_FORMATS:
        msg = f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}"
        raise InputError(msg, field=flag("--format"))
    given, out = str(out), Path(out)
    _refuse(out, fmt, given)
    rid = store.resolve(run_id)
    record = store.record(rid)
    result = store.result(rid)
    doc = run_document(record, fmt)
    tables = _tables(result)
    if fmt in FOLDER_FORMATS:
        names = []
        scenario_text = str(record.get("scenario_yaml") or "")
        # an earlier export's files this one does not write go (the other format's)
        with atomic_dir(out, flag("--out"), stale=run_folder_names()) as tmp:
            if fmt == "csv":
                # the tables and plan.json as 'plan --out' writes them, so the folder
                # can be given to 'tigris report' (user test 2026-12-03, fifth, #10)
                try:
                    names += [p.name for p in result.write(tmp, field=flag("--out"))]
                except InputError as exc:  # the staging folder is no name of the user's
                    # ("cannot write .plan.tigris-tmp-1a2b: the disk is full"; s62 #3)
                    raise InputError(
                        [
                            replace(p, message=p.message.replace(str(tmp), str(out)))
                            for p in exc.problems
                        ]
                    ) from None
            for name, df in tables.items():
                path = tmp / f"{name}.{fmt}"
                if path.name in names:
                    continue
                if fmt == "csv":
                    without_negative_zero(df).to_csv(path, index=False)
                else:
                    _parquet_ready(df).to_parquet(path, index=False)
                names.append(path.name)
            units = tmp / f"{UNITS_TABLE}.{fmt}"
            if fmt == "csv":
                units_frame().to_csv(units, index=False)
            else:
                units_frame().to_parquet(units, index=False)
            names.append(units.name)
            if scenario_text:  # re-plan: 'tigris plan --from-run DIR' (with run.json's options)
                (tmp / SCENARIO_YAML).write_text(scenario_text, encoding="utf-8")
                names.append(SCENARIO_YAML)
            (tmp / RUN_JSON).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
            names.append(RUN_JSON)
        return [out / n for n in names]
    with atomic_file(out, flag("--out")) as tmp:
        if fmt == "xlsx":
            sheets, unbounded = _excel_ready(tables)
            _refuse_long_cells(rid, sheets)
            with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
                for name, df in sheets.items():
                    df.to_excel(xw, sheet_name=name[:_SHEET_MAX], index=False)
                units_frame().to_excel(xw, sheet_name=UNITS_TABLE, index=False)
                rows = _run_rows(doc, unbounded)
                pd.DataFrame(rows, columns=["field", "value"]).to_excel(
                    xw, sheet_name=RUN_SHEET, index=False
                )
                _cells_exact(xw.book)
        else:
            try:
                ds = result.to_xarray()
            except ValueError as exc:  # a table with two rows of one key (views.to_xarray)
                msg = f"run {rid} cannot be exported as netcdf: {exc}; try csv or parquet"
                raise InputError(msg, field=flag("--format")) from None
            for key in ("id", "created", "kind", "scenario_hash", "tigris_version"):
                ds.attrs[f"run_{key}"] = str(record.get(key) or "")
            # the seed, the sweep and member, and the changes made to the scenario (a
            # sweep member's drawn values live only there), as the other exports carry
            # them (user test 2026-12-07, reproducibility #6); text as the fields above,
            # "" when the run has none: a 64-bit seed is exact, and member 0 is "0"
            for key in ("seed", "sweep_id", "member"):
                value = record.get(key)
                ds.attrs[f"run_{key}"] = "" if value is None else str(value)
            ds.attrs["run_changes"] = json.dumps(record.get("changes") or {})
            ds.attrs[EXPORT_MARK] = 1
            ds.attrs["run_options"] = json.dumps(record.get("options") or {})
            ds.attrs["scenario_yaml"] = str(record.get("scenario_yaml") or "")
            # what the run was made with, as run.json and the xlsx run sheet keep it
            # (UT-API #11: the NetCDF had the input hash but not the code's commit)
            made = record.get("provenance") or {}
            ds.attrs["run_git_commit"] = str(made.get("git_commit") or "")
            ds.attrs["run_git_dirty"] = str(made.get("git_dirty", ""))
            ds.attrs["run_provenance"] = json.dumps(made, default=str)
            # signals held: a Ctrl-C or SIGTERM raised inside the netCDF library's
            # write left xarray's file lock taken and the clean-up waited on it for
            # good (user test s57, data engineer #1: 7 of 12 tries hung); the stop
            # comes once the write is done, and atomic_file removes the file
            try:
                with signals_held():
                    ds.to_netcdf(tmp, engine="netcdf4")
            except (OSError, RuntimeError) as exc:
                # netCDF's "NetCDF: HDF error" on a full disk was a traceback (#3)
                raise _netcdf_error(out, exc, int(ds.nbytes)) from None
    return [out]


#: What the netCDF library raises for a file it cannot create, whatever the cause.
_DENIED = frozenset({errno.EACCES, errno.EPERM})


def _netcdf_error(out: Path, exc: Exception, needed: int) -> InputError:
    """The one-line error for a NetCDF file that could not be written: an ``OSError``
    as any output's (:func:`tigris.fsio.output_error`), the netCDF library's
    ``RuntimeError`` (HDF5 says only "HDF error") with the free space of the folder,
    which tells a full disk. The library says a full disk as "Permission denied" or
    "HDF error": in a folder that may be written, with less room than the dataset's
    ``needed`` bytes, the error is said as a full disk (user test s62 #3: "Permission
    denied" sent the user to the folder's permissions)."""
    import shutil

    folder = out.parent if str(out.parent) else Path(".")
    try:
        free: int | None = shutil.disk_usage(folder).free
    except OSError:
        free = None
    denied = not isinstance(exc, OSError) or exc.errno in _DENIED
    if denied and free is not None and free < needed and os.access(folder, os.W_OK):
        exc = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if isinstance(exc, OSError):
        return output_error(out, exc, flag("--out"))
    room = "" if free is None else f"; {free / 2**20:,.1f} MiB free there (a full disk?)"
    msg = f"cannot write {out}: {exc}{room}; nothing was changed there"
    return InputError(msg, field=flag("--out"))
