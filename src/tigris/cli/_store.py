"""What ``tigris plan`` adds for the store of runs (``docs/runs.md``): storing each plan,
``--from-run`` (re-solve a stored run and say whether it matches), and the
``scenario.yaml`` + ``run.json`` that ``--out DIR`` writes beside the tables.

duckdb is imported only when a run is stored or read (:mod:`tigris.runs.store`), so a
``tigris plan --no-store`` costs nothing more than before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from tigris.errors import InputError, Problem
from tigris.fsio import atomic_file, check_output

if TYPE_CHECKING:
    from tigris.plan.result import PlanResult
    from tigris.scenario import Scenario

__all__ = [
    "FROM_RUN_OPTION",
    "NO_STORE_OPTION",
    "RUN_JSON",
    "SCENARIO_YAML",
    "SOLVE_OPTIONS",
    "STORE_OPTION",
    "FromRun",
    "SavedRun",
    "check_run_set",
    "check_store",
    "compare_inputs",
    "from_run",
    "kept_data_file",
    "match_report",
    "read_saved_run",
    "refuse_store_outputs",
    "run_data_in_force",
    "run_overlay",
    "store_field",
    "store_named",
    "store_plan",
    "write_run_files",
]

#: The scenario solved, as YAML, in a ``--out`` directory.
SCENARIO_YAML = "scenario.yaml"
#: Version, hashes, options (and the stored run's id) in a ``--out`` directory.
RUN_JSON = "run.json"
#: Keyword options of :func:`tigris.plan.solve` a stored run's options may give.
SOLVE_OPTIONS = (
    "time_limit_s",
    "mip_gap",
    "relax",
    "explain_result",
    "counterfactual",
    "objective",
    "min_served_share",
)
#: Relative objective difference accepted as "the same" when no MIP gap applies (an LP,
#: or a gap of 0): HiGHS's default relative optimality tolerance order [-].
_OBJECTIVE_RTOL = 1e-7
#: Served compute within this relative difference is the same [-].
_SERVED_RTOL = 1e-6

STORE_OPTION = typer.Option(
    "--store",
    help="Store the run in this file; default $TIGRIS_STORE, else "
    "~/.local/share/tigris/runs.duckdb (docs/runs.md). 'tigris runs list' lists them.",
    dir_okay=False,
)
NO_STORE_OPTION = typer.Option(
    "--no-store", help="Do not store the run (with --from-run, --store names the store read)."
)
FROM_RUN_OPTION = typer.Option(
    "--from-run",
    help="Re-solve a stored run (its id or a prefix, from 'tigris runs list'; or a "
    "directory written by --out) with its scenario and options (flags given override "
    "them), and say whether the result matches the stored one.",
)


@dataclass
class FromRun:
    """A run to repeat: its scenario, options and stored result."""

    label: str
    scenario: Scenario
    options: dict[str, Any]
    stored: PlanResult | None
    data: str | None = None
    notes: list[str] = field(default_factory=list)
    data_applied: bool = False
    #: The scenario file the stored run was made from (``RunRecord.scenario_file``);
    #: None when not known (the reference, a ``--out`` directory, an older store).
    scenario_file: str | None = None
    #: The data-table cells the re-solve sets (path -> value; a sweep or risk
    #: member's, or a run repeated from one): the new run keeps them in its
    #: ``changes`` (``run.json``'s with ``--out``), so repeating it sets them again.
    cells: dict[str, Any] = field(default_factory=dict)
    #: The stored run's ``input_hash`` (None when not recorded).
    stored_input_hash: str | None = None
    #: The stored run's provenance (:mod:`tigris.runs.provenance`; empty when stored
    #: before 2026-12-04 or saved without it).
    stored_provenance: dict[str, Any] = field(default_factory=dict)
    #: Data files that differ between the stored run and the re-solve (one phrase
    #: each, :func:`tigris.runs.provenance.differing_inputs`), found before solving.
    input_changes: list[str] = field(default_factory=list)
    #: Every change the stored run recorded (scenario paths and cells, path -> value):
    #: the new run's ``changes`` start from them, so a repeat of an edited run says
    #: what it carries (user test 2026-12-07: stored with ``changes {}``).
    changes: dict[str, Any] = field(default_factory=dict)
    #: What became of the stored run's ``--data`` file (:func:`_data_said`; None when
    #: it had none): ``--json``'s ``from_run.data``, what the notes say in words.
    data_state: dict[str, Any] | None = None


def _context() -> Any:
    """The running command's click context (None outside one)."""
    try:  # typer >= 0.20 vendors click under typer._click
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click import get_current_context
    return get_current_context(silent=True)


def _apply_data(path_text: str) -> bool:
    """Apply the ``--data`` file a stored run used to the running command, as the
    ``--data`` option does (:mod:`tigris.cli._data`); False if the file is gone."""
    path = Path(path_text)
    if not path.is_file():
        return False
    ctx = _context()
    if ctx is None:  # pragma: no cover - always inside a command
        return False
    from tigris.overlay import data_overlay

    ctx.with_resource(data_overlay(path))
    return True


#: How the re-solve came by the stored run's ``--data`` (``from_run.data.used``): the
#: text the run kept with its provenance, the file as it is now, none (the file is
#: gone, nothing kept), the user's own ``--data`` (which wins), or the text kept in
#: the run's options (``data_yaml``: ``tigris.plan(data=TEXT)``, the dashboard).
DATA_USED = ("kept_text", "file", "none", "given", "options_text")


def _file_now(file: str, text: str | None) -> str:
    """The stored run's ``--data`` file now: ``gone``, ``unchanged`` or ``changed``
    (against the text the run kept), or ``present`` (no kept text to compare)."""
    now = Path(file)
    if not now.is_file():
        return "gone"
    if text is None:
        return "present"
    same = now.read_text(encoding="utf-8", errors="replace") == text
    return "unchanged" if same else "changed"


def _data_said(file: str | None, text: str | None, used: str) -> dict[str, Any]:
    """``from_run.data`` of ``--json`` (user test s47 #5: the JSON did not say what the
    plain output does, that the file has changed since and its text now is not used):
    ``file`` (the stored run's ``--data``, None for a text kept in its options),
    ``file_now`` (:func:`_file_now`; None without a file), ``used``
    (:data:`DATA_USED`)."""
    now = _file_now(file, text) if file else None
    return {"file": file, "file_now": now, "used": used}


def _apply_stored_data(file: str, text: str) -> str:
    """Apply the ``--data`` text a stored run kept (its provenance's ``overlay.text``)
    to the running command, whatever the file ``file`` holds now (UT-NEURO #5: an
    edited file re-solved another plan, a deleted one refused the run's own part);
    return one sentence for the output saying so.

    The text is written to a file named as the original (``mut-parts.yaml``) in a
    temporary directory kept for the command, so the re-solve's own provenance keeps
    the text again (a run repeated from it is repeated the same way); its messages
    name that file.
    """
    import tempfile

    ctx = _context()
    if ctx is None:  # pragma: no cover - always inside a command
        return ""
    from tigris.overlay import data_overlay

    tmp = ctx.with_resource(tempfile.TemporaryDirectory(prefix="tigris-stored-data-"))
    path = Path(tmp) / (Path(file).name or "data.yaml")
    path.write_text(text, encoding="utf-8")
    ctx.with_resource(data_overlay(path))
    state = {
        "gone": "the file is gone",
        "changed": "the file has changed since; its text now is not used: give --data "
        f"{file} to plan with it",
    }.get(_file_now(file, text), "the file is unchanged")
    return f"With the stored run's --data {file} as the run kept it ({state})."


def _gone_data(exc: InputError, data: str) -> InputError:
    """The stored scenario refused without its ``--data`` file: the same problems,
    after one naming the file that is gone (a run stored before 2026-12-04 kept no
    copy of it), so that the missing file is given as the cause (UT-NEURO #5)."""
    first = Problem(
        "--from-run",
        f"the stored run used --data {data}, which is gone, and the run kept no copy "
        "of it (stored before 2026-12-04); give the file again with --data FILE. "
        "Without it the stored scenario reads:",
    )
    return InputError([first, *exc.problems])


def _apply_cells(
    cells: dict[str, Any], data: str | None, data_given: bool, stored_text: str | None = None
) -> tuple[bool, str]:
    """Apply a sweep or risk member's data-table cells to the running command, on top
    of the ``--data`` file in force, as its worker did (:mod:`tigris.runs.worker`:
    :func:`tigris.risk.cells.member_overlay` of the cells over the overlay text).

    The store keeps a member's scenario, which has no cells (a cell is a row of a data
    table, :func:`tigris.risk.cells.is_cell`): re-solving that scenario alone plans
    another problem (review of 2026-12-03). The overlay under the cells is the user's
    own ``--data`` when given (``data_given``), else the text of the stored run's
    ``--data`` it kept (``stored_text``), else its ``data`` file when it still exists,
    else none.

    Returns
    -------
    applied : bool
        Whether the stored run's own ``data`` file is among what was applied.
    note : str
        One sentence for the output, naming the cells.
    """
    from tigris.data import active_overlay
    from tigris.plan.reuse import using_data_text
    from tigris.risk.cells import member_overlay

    base_text = None
    applied = False
    if data_given:
        overlay = active_overlay()
        if overlay is not None and Path(overlay.file).is_file():
            base_text = Path(overlay.file).read_text(encoding="utf-8")
    elif data and stored_text is not None:
        base_text, applied = stored_text, True
    elif data and Path(data).is_file():
        base_text = Path(data).read_text(encoding="utf-8")
        applied = True
    ctx = _context()
    if ctx is not None:
        ctx.with_resource(using_data_text(member_overlay(cells, base_text)))
    named = ", ".join(
        f"{k}={v!r}" if isinstance(v, float) else f"{k}={v}" for k, v in cells.items()
    )
    # a sweep or risk member's, or a plan run's own --set cells (tigris plan --set)
    note = f"With the stored run's data-table cells {named}"
    if applied:
        note += f" on the stored run's --data {data}"
    elif data and not data_given:
        note += f" (the stored run's --data {data} is gone: the cells over the shipped tables)"
    return applied, note + "."


def _sweep_data(st: Any, sweep_id: str | None) -> str | None:
    """The ``--data`` file a sweep was run with (its ``spec``), or None."""
    if not sweep_id:
        return None
    spec = st.sweep_spec(sweep_id)
    if spec is None:
        return None
    try:
        doc = json.loads(spec) if isinstance(spec, str) else dict(spec or {})
    except (ValueError, TypeError):
        return None
    data = doc.get("data") if isinstance(doc, dict) else None
    return str(data) if data else None


def kept_data_file(made_with: Any) -> str | None:
    """The ``--data`` file a saved run's provenance names (its ``overlay.file``), or
    None: none, or an overlay made from text.

    A sweep member's options have no ``data`` (it is its sweep's), so a folder exported
    from one (``tigris runs export ID --format csv``) was re-planned without it, though
    its provenance kept the file's text (user test 2026-12-07, reproducibility #1: a
    different plan, and the note that the overlay "is not in force")."""
    from tigris.runs.provenance import OVERLAY_TEXT_LABEL

    kept = made_with.get("overlay") if isinstance(made_with, dict) else None
    name = kept.get("file") if isinstance(kept, dict) else None
    return str(name) if name and name != OVERLAY_TEXT_LABEL else None


def from_run(ref: str, store: Path | None, data_given: bool = False) -> FromRun:
    """Read the run ``ref`` names: a directory saved with ``--out`` (``run.json`` and
    ``scenario.yaml``, plus the plan if saved) or a stored run's id or prefix.

    The ``--data`` overlay the run used is applied again (unless ``data_given``: the
    user's own ``--data`` is in force): the text the run kept with its provenance
    (``overlay.text``, since 2026-12-04), whatever the file holds now or if it is gone;
    a run that kept none has its file read now when it still exists, else
    :attr:`FromRun.notes` says so, and a scenario refused without it names the file
    that is gone first.

    Raises
    ------
    InputError
        ``--from-run``: the directory lacks its files, the id is unknown, ambiguous or
        too short, or the run is a sweep member whose changes were refused (nothing to
        repeat).
    """
    from tigris.scenario.edit import load_any

    folder = Path(ref)
    source_file = None
    stored_hash: str | None = None
    made_with: dict[str, Any] = {}
    cells: dict[str, Any] = {}
    sweep_data = None
    stored_version = None
    if folder.is_dir():
        doc, text = check_run_set(folder, "--from-run", need=True)
        assert doc is not None and text is not None  # need=True: both read or refused
        stored = None
        if (folder / "plan.json").is_file():
            from tigris.plan import PlanResult

            stored = PlanResult.read(folder)
        options = dict(doc.get("options") or {})  # a mapping: check_run_set said so
        check_stored_options(options, str(folder / "run.json"))
        label = str(folder)
        stored_hash = doc.get("input_hash") or None
        stored_version = doc.get("tigris_version")
        made_with = doc.get("provenance") or {}
        from tigris.risk.cells import split_changes

        saved = doc.get("changes")  # absent in a directory saved before 2026-12-03
        recorded = dict(saved) if isinstance(saved, dict) else {}
        cells = split_changes(recorded)[1]
        if not options.get("data"):  # a sweep member's --data is its sweep's, not kept
            sweep_data = kept_data_file(made_with)
    else:
        from tigris.runs.store import RunStore, unrepeatable

        st = RunStore(store)
        try:
            rec = st.record(ref)
        except InputError as exc:  # "run: no run 'zzzz'": the flag the user typed
            raise renamed(exc, "--from-run", old="run") from None
        why = unrepeatable(rec)
        if why is not None:  # a refused sweep member: its stored scenario is the base's
            raise InputError(f"--from-run: {why}")
        text = str(rec["scenario_yaml"])
        options = dict(rec.get("options") or {})
        check_stored_options(options, f"run {rec['id']}")
        stored = st.result(rec["id"]) if rec.get("has_result") else None
        label = f"run {rec['id']}"
        source_file = rec.get("scenario_file")
        stored_hash = rec.get("input_hash") or None
        stored_version = rec.get("tigris_version")
        made_with = rec.get("provenance") or {}
        from tigris.risk.cells import split_changes

        recorded = dict(rec.get("changes") or {})
        cells = split_changes(recorded)[1]  # a plan run's: from a member
        if not options.get("data"):  # a member's --data is its sweep's
            sweep_data = _sweep_data(st, rec.get("sweep_id"))
    if "explain" in options and "explain_result" not in options:  # tigris.plan()'s name
        options["explain_result"] = options.pop("explain")
    data = str(options["data"]) if options.get("data") else sweep_data
    kept = (made_with.get("overlay") or {}) if isinstance(made_with, dict) else {}
    stored_text = kept.get("text") if data and isinstance(kept.get("text"), str) else None
    notes = []
    applied = False
    said = None
    if cells:
        applied, note = _apply_cells(cells, data, data_given, stored_text)
        notes.append(note)
        if data:
            used = "given" if data_given else "kept_text" if stored_text is not None else "file"
            said = _data_said(data, stored_text, used if data_given or applied else "none")
    elif data and not data_given and stored_text is not None:
        notes.append(_apply_stored_data(data, stored_text))
        applied = True
        said = _data_said(data, stored_text, "kept_text")
    elif data and not data_given:
        applied = _apply_data(data)
        if applied:
            notes.append(f"With the stored run's --data {data}.")
        else:
            notes.append(f"The stored run used --data {data}, which is gone: solved without it.")
        said = _data_said(data, None, "file" if applied else "none")
    elif data:  # the user's --data wins over the stored run's
        said = _data_said(data, stored_text, "given")
    elif not data and not data_given and isinstance(options.get("data_yaml"), str):
        # tigris.plan(data=TEXT) and the dashboard keep a --data text in the options
        ctx = _context()
        if ctx is not None:
            from tigris.plan.reuse import using_data_text

            ctx.with_resource(using_data_text(options["data_yaml"]))
            applied = True
            notes.append("With the stored run's --data text (kept in its options, data_yaml).")
            said = _data_said(None, None, "options_text")
    try:
        sc = load_any(text if "\n" in text else text + "\n")
    except InputError as exc:
        if data and not data_given and not applied:
            raise _gone_data(exc, data) from None
        raise
    # the data files the re-solve reads (the overlay applied above in force) against
    # the stored run's: said before any result is compared (UT-REPRO #4); a member's
    # cells make an overlay of their own on either side, so only the tables then
    from tigris.runs.provenance import differing_code, differing_inputs, run_provenance

    now = run_provenance()
    changed = differing_inputs(made_with, now, overlay=not cells)
    if changed:
        notes.insert(0, f"Inputs changed since the stored run: {'; '.join(changed)}.")
    code = differing_code(made_with, now)
    from tigris import __version__

    if stored_version and str(stored_version) != __version__:  # an installed wheel has no
        # git commit to compare (review 2026-12-07 #5)
        code.insert(0, f"tigris {stored_version} -> {__version__}")
    if code:  # a note, not an input (reproducibility #10)
        notes.append(f"Code changed since the stored run: {'; '.join(code)}.")
    return FromRun(
        label,
        sc,
        options,
        stored,
        data,
        notes,
        applied,
        source_file,
        cells,
        stored_input_hash=stored_hash,
        stored_provenance=dict(made_with),
        input_changes=changed,
        data_state=said,
        changes=recorded,
    )


def compare_inputs(again: FromRun, result: PlanResult) -> tuple[bool | None, list[str]]:
    """Whether a re-solve's inputs are the stored run's, and what differs.

    The inputs' hash (:func:`tigris.provenance.scenario_inputs_hash`: the scenario as
    solved and every data table) of the re-solve against the stored one, then which
    data files differ (:attr:`FromRun.input_changes`, from each file's SHA-256 kept
    with the run since 2026-12-04). Compared before the results: a plan may come out
    the same from other inputs, and "matches" alone would hide that (UT-REPRO #4).

    Parameters
    ----------
    again : FromRun
        The stored run read by :func:`from_run`.
    result : PlanResult
        The re-solve.

    Returns
    -------
    same : bool or None
        True when the hashes are equal, False when they differ, None when either is
        unknown (a run saved without one).
    differences : list of str
        The hashes, then one phrase per data file that differs (empty when the same).

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> from types import SimpleNamespace as NS
    >>> run = FromRun("run x", reference_scenario(), {}, None, stored_input_hash="a" * 64)
    >>> compare_inputs(run, NS(input_hash="a" * 64))
    (True, [])
    >>> same, diffs = compare_inputs(run, NS(input_hash="b" * 64))
    >>> same, diffs[0]
    (False, 'input_hash bbbbbbbbbbbb (stored: aaaaaaaaaaaa)')
    """
    old, new = again.stored_input_hash, result.input_hash
    if not old or not new:
        return None, []
    if old == new:
        return True, []
    diffs = [_hash_phrase(new, old)]
    if again.input_changes:
        diffs += again.input_changes
    elif not again.stored_provenance:
        diffs.append(
            "no data file is recorded as different (the stored run was made before "
            "2026-12-04, whose hash was of the scenario file's bytes and whose data "
            "files' hashes were not kept)"
        )
    else:
        diffs.append("no data file differs: the scenario as solved does")
    return False, diffs


def _hash_phrase(new: str, old: str) -> str:
    """``input_hash NEW12 (stored: OLD12)``: the first 12 hex digits of each."""
    return f"input_hash {new[:12]} (stored: {old[:12]})"


@dataclass(frozen=True)
class SavedRun:
    """A run saved by ``tigris plan --out DIR``, read back as it was saved."""

    #: How the run is called: the directory's name.
    label: str
    scenario: Scenario
    result: PlanResult
    #: The solve options ``run.json`` records (``tigris.plan``'s keywords).
    options: dict[str, Any]
    #: The stored run's id ``run.json`` records (None: saved with ``--no-store``).
    run_id: str | None
    #: The data-table cells the run was solved with (``run.json``'s ``changes``).
    cells: dict[str, Any] = field(default_factory=dict)
    #: The ``--data`` overlay the run was solved with, ``(file, text)`` (text None
    #: when not kept and the file is gone); None without one (:func:`run_overlay`).
    data: tuple[str, str | None] | None = None


def run_overlay(
    options: Mapping[str, Any] | None,
    provenance: Mapping[str, Any] | None,
    cells: Mapping[str, Any] | None = None,
) -> tuple[str, str | None] | None:
    """The ``--data`` overlay a stored or saved run was solved with: ``(file, text)``.

    The text is the one the run kept (its provenance's ``overlay.text``, REPRO-FIX
    8ce49b5), so a run reads as it was solved even after the file is edited or gone.
    A run solved with data-table cells (``cells``: ``tigris plan --set
    data.grid.usa.grid_lead_months=72``) kept the overlay in force then, made from
    text (:data:`tigris.runs.provenance.OVERLAY_TEXT_LABEL`): its ``--data`` with the
    cells set over it (:func:`tigris.risk.cells.member_overlay`), not its ``--data``;
    such a run reads the ``--data`` text it kept under them (``base_text``), and one
    that kept none (stored before 2026-12-05) has its ``options["data"]`` file read
    now, text None when that file is gone. None when the
    run had no ``--data`` (user test s44 #3: the cells' rows read as a ``--data`` the
    run never had, ``data.grid.0.grid_lead_months | <absent> | 72``).

    >>> run_overlay({}, {"overlay": {"file": "/a/my.yaml", "text": "x: 1"}})
    ('/a/my.yaml', 'x: 1')
    >>> run_overlay({"data": "/gone.yaml"}, None), run_overlay({}, {})
    (('/gone.yaml', None), None)
    >>> run_overlay({}, {"overlay": {"file": "<data text>", "text": "grid: []"}}, {"x": 1})
    """
    from tigris.runs.provenance import OVERLAY_TEXT_LABEL

    over = (provenance or {}).get("overlay") or {}
    with_cells = bool(cells) and over.get("file") == OVERLAY_TEXT_LABEL
    if over.get("text") is not None and not with_cells:
        return str(over.get("file")), str(over["text"])
    data = (options or {}).get("data")
    if with_cells and data and over.get("base_text") is not None:
        # the --data text the cells were set over, as it was (review 2026-12-05)
        return str(data), str(over["base_text"])
    if not data:
        return None
    path = Path(str(data))
    return str(data), path.read_text(encoding="utf-8") if path.is_file() else None


@contextlib.contextmanager
def run_data_in_force(
    data: tuple[str, str | None] | None, cells: Mapping[str, Any] | None
) -> Iterator[None]:
    """A run's own data in force inside the ``with`` block: its ``--data`` overlay text
    (:func:`run_overlay`) with its data-table cells over it
    (:func:`tigris.risk.cells.member_overlay`), as it was solved; with neither (or the
    text unknown and no cells) the shipped tables, never an overlay in force around the
    block: ``tigris compare RUN FILE --data d5.yaml`` read the run made without
    ``--data`` with d5.yaml's rows and called the inputs the same (user test s50
    compare #1)."""
    from tigris.data import using_overlay
    from tigris.plan.reuse import using_data_text
    from tigris.risk.cells import member_overlay

    text = member_overlay(dict(cells or {}), data[1] if data is not None else None)
    if text is None:
        with using_overlay(None):
            yield
        return
    with using_data_text(text):
        yield


def read_saved_run(folder: Path, field: str) -> SavedRun:
    """Read a directory written by ``tigris plan --out`` as a run: its plan
    (``plan.json`` and the tables), scenario (``scenario.yaml``) and options
    (``run.json``), each checked to be the same run's (:func:`check_run_set`); nothing
    is solved or stored (``tigris compare plan1 plan2``, user test UT-SWF #11).

    Parameters
    ----------
    folder : Path
        The directory.
    field : str
        Argument named in an error (``A``, ``B``).

    Returns
    -------
    SavedRun

    Raises
    ------
    InputError
        One line: a directory without ``run.json`` (not a saved run), one missing its
        ``scenario.yaml`` or ``plan.json``, files of two runs, a plan that cannot be read.
    """
    from tigris.plan import PlanResult
    from tigris.plan.saved import PLAN_JSON
    from tigris.scenario.edit import load_any

    if not (folder / RUN_JSON).is_file():
        msg = (
            f"'{folder}' is a directory without {RUN_JSON}, so not a run saved by "
            "'tigris plan --out DIR'; give such a directory, a stored run's id or a "
            "scenario file"
        )
        raise InputError(msg, field=field)
    doc, _ = check_run_set(folder, field, need=True)
    assert doc is not None  # need=True: read or refused
    if not (folder / PLAN_JSON).is_file():
        hint = f"re-run 'tigris plan --out {folder}'"
        msg = f"{_saved_run_hint(folder)}: it has no {PLAN_JSON}; {hint}"
        raise InputError(msg, field=field)
    options = dict(doc.get("options") or {})
    from tigris.risk.cells import split_changes

    saved = doc.get("changes")  # absent in a directory saved before 2026-12-03
    cells = split_changes(saved if isinstance(saved, Mapping) else {})[1]
    data = run_overlay(options, doc.get("provenance"), cells)
    # read with the run's own overlay: its scenario may name a part only the overlay
    # has (recheck_s35 new problem 3: "unknown accelerator 'acme-x1'" without --data)
    with run_data_in_force(data, cells):
        result = PlanResult.read(folder)
        scenario = load_any(folder / SCENARIO_YAML)
    run_id = doc.get("run_id")
    label = folder.name or folder.resolve().name
    rid = str(run_id) if run_id else None
    return SavedRun(label, scenario, result, options, rid, cells, data)


def _saved_run_hint(folder: Path) -> str:
    return f"'{folder}' is not a complete run saved by 'tigris plan --out'"


#: What ``run.json`` must record for a saved run to be repeated (``--from-run``): the
#: scenario's SHA-256 (checked against ``scenario.yaml``) and the options it was solved
#: with, each of this type.
_RUN_KEYS: dict[str, type] = {"scenario_hash": str, "options": dict}


def check_run_set(
    folder: Path, field: str, *, need: bool
) -> tuple[dict[str, Any] | None, str | None]:
    """Check that ``run.json``, ``scenario.yaml`` and ``plan.json`` of a ``--out``
    directory are one run's: read ``run.json`` and ``scenario.yaml``.

    ``scenario.yaml`` must have the SHA-256 ``run.json`` records (``scenario_hash``);
    ``plan.json`` the one it records (``plan_sha256``; a run saved before 2026-12-03
    records none) and the same ``input_hash``. A directory mixing two runs (an
    interrupted write before writes were staged, or a file copied in) is refused.

    Parameters
    ----------
    folder : Path
        The directory.
    field : str
        Option or argument named in the error (``--from-run``, ``RESULT_DIR``).
    need : bool
        Whether ``run.json`` and ``scenario.yaml`` must be there (``--from-run``);
        else (``tigris report``) a directory with neither, as
        :meth:`tigris.plan.PlanResult.write` writes it, passes with ``(None, None)``.

    Returns
    -------
    run : dict or None
        ``run.json``'s content.
    scenario_text : str or None
        ``scenario.yaml``'s text.

    Raises
    ------
    InputError
        One line naming the file that is missing or does not belong.
    """
    from tigris.plan.saved import PLAN_JSON

    have = {n: (folder / n).is_file() for n in (RUN_JSON, SCENARIO_YAML)}
    if not any(have.values()) and not need:
        return None, None
    missing = [n for n, ok in have.items() if not ok]
    if missing:
        what = " and ".join(missing)
        msg = f"{_saved_run_hint(folder)}: it has no {what}; re-run 'tigris plan --out {folder}'"
        raise InputError(msg, field=field)
    try:
        doc = json.loads((folder / RUN_JSON).read_text(encoding="utf-8"))
        if not isinstance(doc, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else str(exc).split("\n")[0]
        msg = f"{folder / RUN_JSON}: cannot be read ({why}); {_saved_run_hint(folder)}"
        raise InputError(msg, field=field) from None
    try:
        raw = (folder / SCENARIO_YAML).read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        msg = f"{folder / SCENARIO_YAML}: cannot be read ({why}); {_saved_run_hint(folder)}"
        raise InputError(msg, field=field) from None

    # a run.json that records no scenario hash or no options (an empty {}: user test
    # s47 scenario #4) would skip every check below and re-solve without the saved
    # options (--relax, --objective...), then call the run changed
    lacking = [k for k, kind in _RUN_KEYS.items() if not isinstance(doc.get(k), kind)]
    if need and lacking:
        wrong = [k for k in lacking if k in doc and doc[k] is not None]
        if wrong:  # there, of another kind (a hand edit): say what it is, not "has no"
            k = wrong[0]
            want = "a mapping" if _RUN_KEYS[k] is dict else "text"
            msg = f"{folder / RUN_JSON}: {k}: expected {want}, got {doc[k]!r}"
            raise InputError(msg, field=field)
        msg = (
            f"{folder / RUN_JSON}: has no {' or '.join(lacking)}; {_saved_run_hint(folder)} "
            f"(re-run 'tigris plan --out {folder}')"
        )
        raise InputError(msg, field=field)

    def foreign(name: str, how: str) -> InputError:
        msg = (
            f"{folder / name} is not the file {RUN_JSON} was saved with ({how}): the "
            f"directory mixes two runs or was edited; re-run 'tigris plan --out {folder}'"
        )
        return InputError(Problem(field, msg))

    if doc.get("scenario_hash") and hashlib.sha256(raw).hexdigest() != doc["scenario_hash"]:
        raise foreign(SCENARIO_YAML, "SHA-256 differs from scenario_hash")
    plan_path = folder / PLAN_JSON
    if plan_path.is_file():
        try:
            plan_raw = plan_path.read_bytes()
        except OSError:
            plan_raw = None  # PlanResult.read says why
        if plan_raw is not None:
            digest = doc.get("plan_sha256")
            if digest and digest not in _plan_digests(plan_raw):
                raise foreign(PLAN_JSON, "SHA-256 differs from plan_sha256")
            try:
                plan_hash = json.loads(plan_raw).get("input_hash")
            except (ValueError, AttributeError):
                plan_hash = None  # PlanResult.read says why
            if doc.get("input_hash") and plan_hash and plan_hash != doc["input_hash"]:
                raise foreign(PLAN_JSON, "input_hash differs")
    return doc, text


def _plan_digests(raw: bytes) -> set[str]:
    """What ``plan_sha256`` may be for ``plan.json``'s bytes ``raw``: the digest of its
    content (:func:`tigris.plan.saved.content_digest`, what :func:`write_run_files`
    records, so re-indenting ``plan.json`` is not a mix) or, as the first runs of
    2026-12-03 recorded, of its bytes."""
    from tigris.plan.saved import content_digest

    out = {hashlib.sha256(raw).hexdigest()}
    try:
        doc = json.loads(raw)
        if isinstance(doc, dict):
            out.add(content_digest(doc))
    except (ValueError, RecursionError):  # not JSON, or NaN: PlanResult.read says why
        pass
    return out


def _created(run: tuple[str, Path] | None) -> str | None:
    """The stored run's ``created`` (ISO 8601 UTC); None when not stored (a folder
    saved with ``--no-store`` stays the same bytes for the same plan) or when the store
    cannot be read (the saved folder is still written)."""
    if run is None:
        return None
    from tigris.runs.store import RunStore

    try:
        return str(RunStore(run[1]).record(run[0])["created"])
    except (InputError, KeyError, OSError):
        return None


def _content_sha256(plan: Path) -> str:
    """The content digest of ``plan`` (:func:`tigris.plan.saved.content_digest`)."""
    from tigris.plan.saved import content_digest

    return content_digest(json.loads(plan.read_bytes()))


def store_field(store: Path | None) -> str:
    """Where the store setting came from, as named in messages: ``--store``, or
    ``TIGRIS_STORE`` when the environment variable set it, else ``store`` (the default
    file in the user's data directory)."""
    import os

    from tigris.runs.store import STORE_ENV

    if store is not None and str(store) != "":
        return "--store"
    return STORE_ENV if os.environ.get(STORE_ENV, "") else "store"


def store_named(exc: InputError, store: Path | None) -> InputError:
    """``exc`` with the store's problems named where the store was set (``--store``,
    ``TIGRIS_STORE`` or ``store``: :func:`tigris.cli._store.store_field`), a side's
    too (``A: TIGRIS_STORE: ...``), and the hint to find ids giving ``--store FILE``
    when the store came from it (user test s50 compare #4: "--store: cannot write" of a
    store only TIGRIS_STORE named; "see tigris runs list" of another store than the
    default; ``tigris runs show ID --store FILE`` too).

    Parameters
    ----------
    exc : InputError
        The store's error, its problems' fields ``--store`` or ``store``.
    store : Path or None
        The ``--store`` given, None when the store came from ``TIGRIS_STORE`` or the
        default.

    Returns
    -------
    InputError
        The same problems, each store field named where the store was set.

    Examples
    --------
    >>> str(store_named(InputError("no run 'abcd' (see tigris runs list)", field="run"),
    ...     Path("s2.duckdb")))
    "run: no run 'abcd' (see tigris runs list --store s2.duckdb)"
    """
    import dataclasses
    import shlex

    field = store_field(store)
    hint = f"tigris runs list --store {shlex.quote(str(store))}" if field == "--store" else None

    def fix(p: Problem) -> Problem:
        message = p.message
        if hint and "tigris runs list" in message and "runs list --store" not in message:
            message = message.replace("tigris runs list", hint)
        named = field if p.field in ("--store", "store") else p.field
        if p.field in ("A", "B"):  # a side's store problem: "A: --store: ..."
            for old in ("--store: ", "store: "):
                if message.startswith(old):
                    message = f"{field}: {message[len(old) :]}"
                    break
        return dataclasses.replace(p, field=named, message=message)

    return InputError([fix(p) for p in exc.problems])


def renamed(exc: InputError, field: str, old: str = "--store") -> InputError:
    """``exc`` with its problems named ``old`` (``--store``) named ``field`` instead
    (``exc`` itself when none is).

    >>> str(renamed(InputError("no run 'zzzz'", field="run"), "--from-run", old="run"))
    "--from-run: no run 'zzzz'"
    """
    if field == old or all(p.field != old for p in exc.problems):
        return exc
    probs = [
        Problem(field, p.message, p.file, p.line) if p.field == old else p for p in exc.problems
    ]
    return InputError(probs)


def refuse_store_outputs(store: Path | None, outputs: Mapping[str, str | Path | None]) -> None:
    """Refuse, before anything runs, an output path that is the store of runs this run
    writes to: the store is written first (every plan as it is solved), then the output
    replaces it, so ``tigris risk --store r.html --report r.html`` stored its plans and
    left a report where the store was, exit 0 (review of 2026-12-08). A store that
    exists already is an input and refused as one (:func:`tigris.fsio.check_output`);
    this catches the store the run is about to create.

    Parameters
    ----------
    store : Path or None
        ``--store FILE``, or None for ``$TIGRIS_STORE`` or the default file
        (:func:`tigris.runs.store.store_path`).
    outputs : mapping of str to path or None
        Each output option (``--report``, ``--png``) to its path; None: not given.

    Raises
    ------
    InputError
        Named by the output's option: its path is the store's.

    Examples
    --------
    >>> refuse_store_outputs(Path("s.duckdb"), {"--report": "s.duckdb"})
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: --report: s.duckdb is the store of runs this run writes to ...
    """
    from tigris.runs.store import store_path

    where = store_path(store).expanduser().resolve()
    for option, target in outputs.items():
        if target is not None and Path(target).expanduser().resolve() == where:
            msg = (
                f"{target} is the store of runs this run writes to ({store_field(store)}); "
                "writing there would replace it: give another name"
            )
            raise InputError(msg, field=option)


def check_store(store: Path | None) -> None:
    """Refuse, before solving, a store that cannot take the run: a path of the wrong
    kind (a folder, a pipe) or under a file, or a file that is not a tigris store.
    The message names where the setting came from (:func:`store_field`). Only the
    store's catalogue and ``meta`` are read here (:meth:`RunStore.check`: no run, so
    the same cost however many runs it holds); a new store is created when the run is
    stored."""
    from tigris.runs.store import RunStore, store_path

    field = store_field(store)
    path = store_path(store)
    try:
        check_output(path, field, directory=False)
        RunStore(path).check()
    except InputError as exc:
        raise renamed(exc, field) from None


#: The ``tigris plan`` flag whose range a stored solve option is held to
#: (:data:`tigris.cli._args.OPTION_RANGES`), or None for a bool or a word.
_STORED_OPTION_FLAGS: dict[str, str | None] = {
    "time_limit_s": "--time-limit",
    "mip_gap": "--mip-gap",
    "min_served_share": "--min-served-share",
    "relax": None,
    "explain_result": None,
    "counterfactual": None,
    "objective": None,
}


def check_stored_options(options: dict[str, Any], where: str) -> None:
    """Refuse a stored run's solve option of the wrong type or out of its flag's range
    (the flag's own :class:`tigris.cli._args.Range`; ``objective`` one of
    :data:`tigris.plan.inputs.OBJECTIVES`), naming the file and key: a ``run.json``
    edited by hand (``"mip_gap": "0.01"``) gave a traceback, and ``"relax": "no"``
    solved the relaxation (a bad-input review of 2026-12-07).

    Parameters
    ----------
    options : dict
        The stored ``options``.
    where : str
        Where they were read (``fr/run.json``, ``run ID``), for the message.

    Raises
    ------
    InputError
        ``--from-run``: ``WHERE: options.KEY: expected ..., got ...``.
    """
    from tigris.cli._args import OPTION_RANGES
    from tigris.plan.inputs import OBJECTIVES

    for key, flag in _STORED_OPTION_FLAGS.items():
        if key not in options or options[key] is None:
            continue
        v = options[key]
        if flag is not None:
            rng = OPTION_RANGES[flag]
            number = isinstance(v, int | float) and not isinstance(v, bool)
            ok, want = number and rng.accepts(v), rng.describe()
        elif key == "objective":
            ok, want = v in OBJECTIVES, f"one of {', '.join(OBJECTIVES)}"
        else:
            ok, want = isinstance(v, bool), "true or false"
        if not ok:
            got = f"{v!r} ({type(v).__name__})" if isinstance(v, str | list | dict) else repr(v)
            msg = f"{where}: options.{key}: expected {want}, got {got}"
            raise InputError(msg, field="--from-run")


def solve_options(stored: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The stored solve options, each replaced by a flag given (not None; ``relax``
    only when True)."""
    out = {k: v for k, v in stored.items() if k in SOLVE_OPTIONS and v is not None}
    for key, value in given.items():
        if value is None or (key == "relax" and value is False):
            continue
        out[key] = value
    return out


#: Why a re-solve is not compared with its stored run (:func:`match_report`).
NO_STORED_RESULT = (
    "the stored run has no result to compare (a folder without plan.json: a parquet or "
    "xlsx export's tables are not read back; export with --format csv to compare)"
)


def match_report(
    new: PlanResult, old: PlanResult | None, gap: float, *, inputs: bool = True
) -> tuple[bool | None, list[str]]:
    """Whether a re-solve gives the stored plan, and what differs.

    First, with ``inputs``, the same inputs: a stored ``input_hash`` other than the
    re-solve's is a difference of its own, named first ("inputs differ from the
    stored run's", UT-REPRO #4: the results alone said "matches" after an edited
    ``--data`` file or shipped table); :func:`compare_inputs` says which. Then the
    results: same status; objective within the MIP gap the solve allowed (``|a - b| <= gap *
    max(|a|, |b|)``, HiGHS's relative gap definition, HiGHS docs "mip_rel_gap"); the
    same builds (site, facility, node, start year, modules); compute served within
    1e-6 relative.

    Parameters
    ----------
    new, old : PlanResult
        The re-solve and the stored result (None: nothing to compare).
    gap : float
        The relative MIP gap allowed [-].
    inputs : bool, optional
        Compare the inputs' hashes too (default); False for the results only (a
        caller that reported :func:`compare_inputs` already).

    Returns
    -------
    matches : bool or None
        None when there is no stored result to compare with.
    differences : list of str
        One phrase per difference (empty when it matches), or why not compared.
    """
    if old is None:  # not a difference: nothing to compare with (user test
        # 2026-12-07, reproducibility #9: a parquet export's folder "differs", exit 0)
        return None, [NO_STORED_RESULT]
    diffs = []
    a_hash, b_hash = new.input_hash, old.input_hash
    if inputs and a_hash and b_hash and a_hash != b_hash:
        diffs.append(f"inputs differ from the stored run's ({_hash_phrase(a_hash, b_hash)})")
    if new.status != old.status:
        diffs.append(f"status {new.status} (stored: {old.status})")
    a, b = new.objective_usd, old.objective_usd
    tol = max(gap, _OBJECTIVE_RTOL) * max(abs(a), abs(b))
    if not (math.isnan(a) and math.isnan(b)) and not abs(a - b) <= tol:
        diffs.append(f"objective {a:.6g} USD (stored: {b:.6g} USD)")
    keys = ["site", "facility", "node", "start_year", "modules"]

    def builds(r: PlanResult) -> list[tuple[Any, ...]]:
        df = r.builds
        cols = [c for c in keys if c in df.columns]
        return sorted(tuple(str(v) for v in row) for row in df[cols].itertuples(index=False))

    nb, ob = builds(new), builds(old)
    if nb != ob:
        diffs.append(f"builds differ ({len(set(nb) ^ set(ob))} rows not in both)")
    sa, sb = new.summary()["served_h100e"], old.summary()["served_h100e"]
    if not (math.isnan(sa) and math.isnan(sb)) and not (
        abs(sa - sb) <= _SERVED_RTOL * max(abs(sa), abs(sb), 1.0)
    ):
        diffs.append(f"served {sa:,.0f} H100e (stored: {sb:,.0f})")
    return not diffs, diffs


def store_plan(
    sc: Scenario,
    result: PlanResult,
    options: dict[str, Any],
    store: Path | None,
    scenario_file: str | Path | None = None,
    changes: dict[str, Any] | None = None,
) -> tuple[str, Path]:
    """Store one ``tigris plan`` run; its id and the store file
    (:func:`tigris.plan.api.store_plan`, imported here only when a run is stored), with
    the scenario file the run was made from (``scenario_file``, kept as an absolute
    path; None for the reference), which ``tigris runs list`` shows beside the
    scenario's name (user test 2026-12-03, #21), and the data-table cells it was
    solved with (``changes``: :attr:`FromRun.cells` of ``--from-run``), which
    :func:`from_run` sets again.
    """
    from tigris.plan.api import store_plan as _store_plan
    from tigris.runs.sweep import scenario_file as file_of

    source = file_of(Path(scenario_file)) if scenario_file is not None else None
    return _store_plan(sc, result, options, store, scenario_file=source, changes=changes)


def write_run_files(
    out: Path,
    sc: Scenario,
    result: PlanResult,
    options: dict[str, Any],
    run: tuple[str, Path] | None,
    changes: dict[str, Any] | None = None,
) -> list[Path]:
    """Write ``scenario.yaml`` and ``run.json`` into a ``--out`` directory, each
    aside and renamed into place: enough to repeat the run (``tigris plan --from-run
    DIR``, or ``tigris plan DIR/scenario.yaml`` with the options). ``changes``: the
    data-table cells the run was solved with (:attr:`FromRun.cells`), which the
    scenario does not carry; ``run.json`` keeps them for :func:`from_run`."""
    from tigris import __version__
    from tigris.plan.saved import PLAN_JSON
    from tigris.runs.provenance import run_provenance
    from tigris.scenario.edit import to_yaml

    text = to_yaml(sc)
    plan = out / PLAN_JSON
    doc = {
        "tigris_version": __version__,
        "scenario_name": sc.name,
        "scenario_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "input_hash": result.input_hash,
        # git commit, versions, each data file's SHA-256 and the --data file's text
        # (tigris.runs.provenance): --from-run DIR says which inputs changed since
        "provenance": run_provenance(),
        "options": options,
        "changes": dict(changes or {}),
        "status": result.status,
        "run_id": run[0] if run else None,
        "store": str(run[1]) if run else None,
        # when the run was made (the stored record's time; None with --no-store): a
        # report drawn later from DIR says it beside its own drawing time
        "created": _created(run),
        # the plan.json saved with this run (its content's digest, so its layout may
        # change), so a mixed directory is refused on reading
        "plan_sha256": _content_sha256(plan) if plan.is_file() else None,
    }
    written = []
    for name, body in ((SCENARIO_YAML, text), (RUN_JSON, json.dumps(doc, indent=2) + "\n")):
        with atomic_file(out / name, "--out") as tmp:
            tmp.write_text(body, encoding="utf-8")
        written.append(out / name)
    return written
