"""``tigris runs list|show|export|rm``: the store of runs on the command line.

Every ``tigris plan`` (and sweep member) is stored in one DuckDB file (``docs/runs.md``);
these verbs read it. duckdb, pandas and the planner are imported inside the verbs, so
``tigris --help`` stays quick.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.table import Table

from tigris.cli._output import EXIT_INTERRUPTED, console, emit_json, err_console, fmt
from tigris.errors import InputError
from tigris.fmt import h100e_millions, money, share
from tigris.runs.interrupts import stopped_by

if TYPE_CHECKING:
    from tigris.runs.store import RunStore

__all__ = ["register", "runs_app"]

#: How ``runs show``, ``export`` and ``rm`` name their run argument (usage and errors).
RUN = "RUN"
#: Characters of the created time shown in the list (``2026-12-02T02:13``).
_CREATED_CHARS = 16

runs_app = typer.Typer(
    name="runs",
    help=(
        "The store of runs: every 'tigris plan' and sweep member, with its scenario, "
        "version, options and result tables (docs/runs.md). List, show, export, rm."
    ),
    no_args_is_help=True,
    add_completion=False,
)

STORE_OPTION = typer.Option(
    "--store",
    help="Store file; default $TIGRIS_STORE, else ~/.local/share/tigris/runs.duckdb "
    "($XDG_DATA_HOME/tigris on Linux; docs/runs.md).",
    dir_okay=False,
)


class _Step:
    """What a ``tigris runs`` verb is doing, for the one line a Ctrl-C prints: the
    step under way (``while ...``) and what it has left (``the store is unchanged``)."""

    def __init__(self, phase: str, left: str | Callable[[], str]) -> None:
        self.phase = phase
        #: what is left, or a function that tells it when the line is printed
        self.left = left

    def line(self) -> str:
        """``stopped by the user while <step>; <what is left>``."""
        left = self.left if isinstance(self.left, str) else self.left()
        return f"{stopped_by()} while {self.phase}; {left}"


@contextmanager
def _stoppable(step: _Step, store: Path | None) -> Iterator[_Step]:
    """Run a verb's block so that Ctrl-C ends it with ``step``'s one line on stderr and
    exit code 130, as ``tigris plan`` does: typer's exit 130 said nothing, and a Ctrl-C
    during a query was DuckDB's ``RuntimeError: Query interrupted`` traceback (a long
    ``tigris runs list``). An error of any kind while a Ctrl-C was noted
    (:func:`tigris.runs.interrupts.sigint_noted`: DuckDB or an import turned it into
    its own) is that Ctrl-C; a Ctrl-C swallowed on the way still stops.

    The store's errors name where the store was set (``--store``, or ``TIGRIS_STORE``:
    :func:`tigris.cli._store.store_field`), as ``tigris plan``'s do."""
    from tigris.runs.interrupts import sigint_noted, terminated

    seen: list[bool] = []
    try:
        with sigint_noted(seen):
            yield step
    except KeyboardInterrupt:
        _stopped(step)
    except InputError as exc:
        if seen or terminated():
            _stopped(step)
        from tigris.cli._store import renamed, store_named

        # a run id's errors ("no run 'zzzz'") name the argument as --help shows it
        raise renamed(store_named(exc, store), RUN, old="run") from None
    except Exception:
        # a library's error while a Ctrl-C or a SIGTERM unwound it is that stop (user
        # test s57, data engineer #2: an xlsx writer's "At least one sheet must be
        # visible" traceback, exit 1, for a SIGTERM)
        if not (seen or terminated()):
            raise
        _stopped(step)
    if seen:
        _stopped(step)


def _stopped(step: _Step) -> None:
    """Print ``step``'s line and exit 130."""
    sys.stderr.write(step.line() + "\n")
    sys.stderr.flush()
    raise typer.Exit(EXIT_INTERRUPTED) from None


#: What a read-only verb leaves when stopped.
_UNCHANGED = "the store is unchanged"
#: ... and once it has started printing.
_CUT = "the output above is incomplete; the store is unchanged"


def _store(path: Path | None) -> RunStore:
    from tigris.runs.store import RunStore

    return RunStore(path)


def _records(df: Any) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (NaN and pandas' NA as None)."""
    out = []
    for rec in df.to_dict("records"):
        out.append({k: (None if _missing(v) else v) for k, v in rec.items()})
    return out


def _missing(v: Any) -> bool:
    import pandas as pd

    return v is None or (not isinstance(v, (str, dict, list)) and bool(pd.isna(v)))


@runs_app.command("list")
def list_runs(
    json_: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the runs as a JSON array (id, created, scenario_hash, ...)."
        ),
    ] = False,
    sweep: Annotated[
        str | None,
        typer.Option("--sweep", help="Only the members of this sweep (id or prefix)."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="Only runs of this kind: plan, sweep (a 'tigris sweep' member) or risk "
            "(a 'tigris risk' Monte Carlo plan, and its plan as planned).",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            help="At most this many runs: the newest (with --sweep, the first members in "
            "member order).",
            min=1,
        ),
    ] = None,
    store: Annotated[Path | None, STORE_OPTION] = None,
) -> None:
    """List the stored runs, newest first (with --sweep, its members in member order).

    Unfiltered, a sweep's members are listed by when each was stored, newest first.

    Each run has a 12-character id; any unique prefix of 4 or more characters names it
    in 'tigris runs show', 'export', 'rm', 'tigris compare' and 'tigris plan
    --from-run'. The table shows compute served and unmet, the capital spent (drawn
    from investors, subsidy excluded), the investor's NPV and IRR, the H100e the
    investor adds and the capital spent per added H100e. --json adds the scenario hash,
    the tigris version and every headline number of docs/runs.md (the gross capex
    committed, before subsidy, is capex_committed_usd).

    Examples:

        tigris runs list
        tigris runs list --limit 5 --json
        tigris runs list --sweep 3fa9

    Exit code: 0 listed (an empty store too); 1 standard output could not be
    written; 2 bad input (a store that cannot be read, a bad filter); 130 stopped
    with Ctrl-C.
    """
    with _stoppable(_Step("reading the store", _UNCHANGED), store) as step:
        st = _store(store)
        df = st.runs(sweep_id=sweep, kind=kind, limit=limit)
        empty = _none_listed(st, sweep, kind) if df.empty and not json_ else None
        step.phase, step.left = "printing the runs", _CUT
        _print_runs(st, df, json_, empty)


def _none_listed(st: RunStore, sweep: str | None, kind: str | None) -> str:
    """What ``tigris runs list`` says when it lists nothing: the store is empty, or
    holds runs, none of the kind or sweep asked for (user test s44 #9: "no runs in"
    a store of 96 runs)."""
    counts = st.kind_counts()
    total = sum(counts.values())
    if not total:
        return f"no runs in {st.path}"
    asked = [f"of kind {kind}"] if kind is not None else []
    if sweep is not None:
        asked.append(f"in sweep {st.resolve_sweep(sweep)}")
    held = ", ".join(f"{n} {k}" for k, n in counts.items())
    return f"no runs {' and '.join(asked)} in {st.path}; it holds {total} runs ({held})"


def _print_runs(st: RunStore, df: Any, json_: bool, empty: str | None = None) -> None:
    """The list of ``tigris runs list``: JSON records or a table (``empty``: the line
    said when there is no run to list)."""
    if json_:
        emit_json(_records(df))
        return
    if df.empty:
        console.print(empty or f"no runs in {st.path}")
        return
    from tigris.runs.metrics import NEVER_NEGATIVE_KEY

    table = Table(
        title=f"Runs in {st.path} (created in UTC)",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        collapse_padding=True,
        # one space between columns (the box's divider): ten columns at 80
        padding=(0, 0),
    )
    # the id over its created time: one column for both keeps the money at 80 columns
    for col, justify, no_wrap in (
        ("id / created", "left", True),
        ("scenario", "left", False),
        ("served", "right", True),
        ("unmet", "right", True),
        *((name, "right", False) for name in MONEY_HEADERS),
    ):
        # a long name folds onto more lines, never cut with an ellipsis
        table.add_column(col, justify=justify, no_wrap=no_wrap, overflow="fold")  # type: ignore[arg-type]
    never = []
    # The scenario column holds a short key per scenario label, the labels themselves
    # (edits and all) are listed under the table at full width (user test s49 #4: a
    # 13-character column broke "(edited: datacenters.electricity_price_multiplier)"
    # mid-word over eight lines a run).
    keys: dict[str, str] = {}
    errors = []
    for r in _records(df):
        name = r["scenario_name"]
        if r.get("scenario_file"):  # two copies of one scenario keep its name
            name = f"{Path(r['scenario_file']).name}: {name}"
        given = options_label(r.get("options"))
        if given:  # a run of the scenario solved otherwise has a key of its own
            name = f"{name} ({given})"
        key = keys.setdefault(name, scenario_key(len(keys)))
        cell = key
        if r["kind"] != "plan":  # a sweep member or a risk run says so
            member = _member_label(r["member"])  # " #3", or ", plan as planned"
            cell += f" {r['kind']}" + (f",\n{member[2:]}" if member.startswith(",") else member)
        if r.get("relaxed"):  # a bound, not a plan (user test 2026-12-07)
            cell += "\n[LP relaxation]"
        if r["status"] != "optimal" or r["error"]:
            cell += f"\n[{r['status']}]"
            if r["error"]:
                errors.append(f"{r['id']}: [{r['status']}: {r['error']}]")
        if r.get(NEVER_NEGATIVE_KEY) == 1.0:
            never.append(str(r["id"]))
        table.add_row(
            f"{r['id']}\n{str(r['created'])[:_CREATED_CHARS].replace('T', ' ')}",
            cell,
            # n/a where the run has none (no plan), as the money cells and the caption
            # say (user test 2026-12-05: "–" for an infeasible run's served and unmet)
            _or_na(h100e_millions(r["served_h100e"]), r["served_h100e"]),
            _or_na(share(r["unmet_share"]), r["unmet_share"]),
            *money_cells(r),
        )
    keep_whole(table, len(MONEY_HEADERS) + 2)  # and served, unmet
    console.print(table)
    for name, key in keys.items():  # at full width, wrapped at spaces only
        console.print(f"scenario {key}: {name}", markup=False, highlight=False)
    for line in errors:
        console.print(line, markup=False, highlight=False)
    console.print(MONEY_CAPTION)  # a line of its own: a caption wraps at the table's width
    if never:  # no payback because nothing is to be paid back, not a failure
        from tigris.runs.metrics import NEVER_NEGATIVE

        console.print(f"{', '.join(never)}: {NEVER_NEGATIVE}")


#: The stored solve options that change a plan's answer, and the flag that gives each
#: (``tigris plan``'s): the scenario column keys runs apart by them. ``relax`` is said
#: beside the run ("[LP relaxation]"); ``explain_result``, ``counterfactual`` and
#: ``from_run`` change no number of the list.
ANSWER_OPTIONS = {
    "objective": "--objective",
    "min_served_share": "--min-served-share",
    "mip_gap": "--mip-gap",
    "time_limit_s": "--time-limit",
    "data": "--data",
}


def options_label(options: Any) -> str:
    """The flags a stored run was solved with that change its answer, as given to
    ``tigris plan`` (``--objective npv, --data sites.yaml``: a ``--data`` file by its
    name), in :data:`ANSWER_OPTIONS`' order; ``""`` for none.

    Parameters
    ----------
    options : mapping or None
        The run's stored options (``tigris runs list --json``'s ``options``).

    Returns
    -------
    str
        The flags, comma-separated.

    Examples
    --------
    >>> options_label({"objective": "npv", "explain_result": True, "mip_gap": 0.01})
    '--objective npv, --mip-gap 0.01'
    >>> options_label({"data": "/tmp/x/sites.yaml"}), options_label(None)
    ('--data sites.yaml', '')
    """
    if not isinstance(options, dict):
        return ""
    parts = []
    for key, flag_ in ANSWER_OPTIONS.items():
        value = options.get(key)
        if value is None or value is False:
            continue
        shown = (
            Path(str(value)).name
            if key == "data"
            else f"{value:g}"
            if isinstance(value, float)
            else str(value)
        )
        parts.append(f"{flag_} {shown}")
    return ", ".join(parts)


def scenario_key(i: int) -> str:
    """The key of the ``i``-th scenario label in ``tigris runs list`` (0-based): ``A`` to
    ``Z``, then ``AA``, ``AB``... (spreadsheet column names).

    Parameters
    ----------
    i : int
        Index of the label, in the order the runs are listed [-].

    Returns
    -------
    str
        The key.

    Examples
    --------
    >>> [scenario_key(i) for i in (0, 1, 25, 26, 27)]
    ['A', 'B', 'Z', 'AA', 'AB']
    """
    letters = ""
    n = i + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def _member_label(member: int | None) -> str:
    """How ``tigris runs list`` names a run's place in its sweep: `` #3``, or
    ``, plan as planned`` for a risk sweep's plan as planned (not a sample)."""
    from tigris.runs.worker import PLANNED_MEMBER

    if member is None:
        return ""
    return ", plan as planned" if member == PLANNED_MEMBER else f" #{member}"


#: The money columns of ``tigris runs list`` (and their order in :func:`money_cells`):
#: the capital drawn from investors (subsidy excluded, as the plan's headline quotes
#: it), the investor's NPV and IRR, the H100e served with the investor less without it,
#: and the capital spent per added H100e. Headers on two lines: a column is as wide
#: as its numbers.
MONEY_HEADERS = ("capital\nspent", "NPV", "IRR", "H100e\nadded", "$ per\nadded")
#: Under the list: what the money columns are, and where the gross capex is.
MONEY_CAPTION = (
    "capital spent: drawn from investors, subsidy excluded (--json: capital_spent_usd; "
    "the gross capex committed, before subsidy: capex_committed_usd); H100e added: "
    "served with the investor less without it; $ per added: capital spent / H100e "
    "added; undef.: the IRR is undefined; n/a: not in the run (stored before it, or no "
    "plan), or, under $ per added, no H100e added"
)
#: Said of runs whose investor's cumulative cash flow is never negative: the plan's
#: headline words (:data:`tigris.plan.summary.NEVER_NEGATIVE`), not "no payback".
_NEVER_NEGATIVE_LINE = (
    "cumulative cash flow never negative (nothing to pay back; no payback year, IRR undefined)"
)


#: An IRR cell where the plan's flows have none (no change of sign): short, so the
#: list keeps to 80 columns.
_UNDEFINED = "undef."


def _or_na(text: str, value: Any) -> str:
    """``text``, or ``n/a`` where ``value`` is absent (None or NaN)."""
    from tigris.runs.metrics import NOT_KNOWN

    return NOT_KNOWN if _missing(value) else text


def money_cells(r: dict[str, Any]) -> list[str]:
    """A run's cells under :data:`MONEY_HEADERS`; ``n/a`` where the run has no such
    number (an old run, no plan, no world without the investor); an IRR that is not
    defined (no change of sign in the flows) :data:`_UNDEFINED`, as the plan's
    headline says "IRR undefined"."""
    from tigris.runs.metrics import NOT_KNOWN

    irr, spent = r.get("irr"), r.get("capital_spent_usd")
    npv, added, per = r.get("npv_usd"), r.get("added_h100e"), r.get("capex_usd_per_added_h100e")
    known = not _missing(npv) and "irr" in r
    return [
        _or_na(money(spent), spent),
        _or_na(money(npv), npv),
        # a run without the key at all does not say; one with it NaN has no IRR
        share(irr) if not _missing(irr) else (_UNDEFINED if known else NOT_KNOWN),
        _or_na(h100e_millions(added), added),
        _or_na(money(per), per),
    ]


def keep_whole(table: Table, last: int) -> None:
    """Give each of the ``last`` columns of ``table`` a minimum width of its widest
    cell or header word, so that its header wraps at spaces and nothing is cut (``n/a`` and
    ``undefined`` make a column of numbers read as text to :mod:`tigris.cli._tables`)."""
    for column in table.columns[-last:]:
        words = [str(c) for c in column._cells] + str(column.header).split()
        column.min_width = max(len(w) for w in words)


@runs_app.command("show")
def show(
    run_id: Annotated[
        str, typer.Argument(help="Run id, or a unique prefix (4+ characters).", metavar=RUN)
    ],
    json_: Annotated[
        bool,
        typer.Option("--json", help="Print the record and the headline as one JSON document."),
    ] = False,
    yaml: Annotated[
        bool, typer.Option("--yaml", help="Print only the run's scenario YAML.")
    ] = False,
    data: Annotated[
        bool,
        typer.Option("--data", help="Print only the text of the run's --data file, as stored."),
    ] = False,
    store: Annotated[Path | None, STORE_OPTION] = None,
) -> None:
    """Show one stored run: what it was (scenario, hashes, version, git commit, python
    and package versions, each data file's SHA-256, options, timings) and its headline;
    --yaml prints the scenario it solved, ready to edit and plan again; --data the
    --data file it used, as it was then.

    Examples:

        tigris runs show 3fa9c2
        tigris runs show 3fa9c2 --yaml > again.yaml
        tigris runs show 3fa9c2 --data > overlay-then.yaml
        tigris plan --from-run 3fa9c2

    Exit code: 0 shown; 1 standard output could not be written; 2 no such run, or
    bad input; 130 stopped with Ctrl-C.
    """
    # each prints something else: --yaml --json printed the YAML alone (user test s47 #8)
    given = [name for name, on in (("--json", json_), ("--yaml", yaml), ("--data", data)) if on]
    if len(given) > 1:
        msg = (
            f"give one of --json, --yaml and --data, not {' and '.join(given)} (--json "
            "prints the record, --yaml the scenario, --data the --data file's text)"
        )
        raise InputError(msg, field=given[-1])
    with _stoppable(_Step("reading the store", _UNCHANGED), store) as step:
        st = _store(store)
        rec = st.record(run_id)
        headline, why = None, []
        if not (yaml or data) and rec.get("has_result"):
            result = st.result(rec["id"])
            headline = result.headline()
            # a run with no plan: the stored reasons its headline points to ("see why
            # below"), which it printed nothing under (user test s50 compare #2)
            why = [] if result.ok else [e.text for e in result.binding]
        step.phase, step.left = "printing the run", _CUT
        if data:
            _print_overlay(rec)
            return
        _print_run(rec, headline, json_, yaml, why)


def _print_overlay(rec: dict[str, Any]) -> None:
    """The stored text of the run's ``--data`` file (``tigris runs show ID --data``).

    Raises
    ------
    InputError
        ``--data``: the run had no ``--data`` file, or was stored before its text was
        kept (2026-12-04).
    """
    over = (rec.get("provenance") or {}).get("overlay")
    if over and over.get("text") is not None:
        text = str(over["text"])
        typer.echo(text, nl=not text.endswith("\n"))
        return
    given = (rec.get("options") or {}).get("data")
    if given:
        msg = f"run {rec['id']} used --data {given}, but was stored before its text was kept"
    else:
        msg = f"run {rec['id']} was made without a --data file"
    raise InputError(msg, field="--data")


def _provenance_rows(prov: dict[str, Any], run_id: str = "ID") -> list[tuple[str, str]]:
    """The ``runs show`` rows of a run's provenance (:mod:`tigris.runs.provenance`):
    git commit, python and package versions, the overlay, each data file's SHA-256.

    >>> _provenance_rows({})
    [('git_commit', 'not recorded (stored before 2026-12-04)')]
    >>> _provenance_rows({"git_commit": "ab12", "git_dirty": True, "python": "3.11.7",
    ...     "packages": {"numpy": "2.0"}, "overlay": None,
    ...     "data_files": [{"name": "x.csv", "sha256": "ff", "origin": "package"}]})
    ... # doctest: +NORMALIZE_WHITESPACE
    [('git_commit', 'ab12 (package files changed since)'), ('python', '3.11.7'),
     ('package.numpy', '2.0'), ('data_file.x.csv', 'sha256 ff')]
    """
    if not prov:
        return [("git_commit", "not recorded (stored before 2026-12-04)")]
    commit = str(prov.get("git_commit"))
    if prov.get("git_dirty"):
        commit += " (package files changed since)"
    rows = [("git_commit", commit), ("python", str(prov.get("python")))]
    rows += [(f"package.{k}", str(v)) for k, v in (prov.get("packages") or {}).items()]
    over = prov.get("overlay")
    if over:
        has = over.get("text") is not None
        kept = f"its text: tigris runs show {run_id} --data" if has else "its text not kept"
        rows.append(("data_overlay", f"{over.get('file')} ({kept})"))
    for f in prov.get("data_files") or []:
        rows.append((f"data_file.{f.get('name')}", f"sha256 {f.get('sha256')}"))
    return rows


def _not_in_yaml(rec: dict[str, Any]) -> str:
    """What a run was solved with that its scenario YAML cannot hold, and how to give
    it when planning the YAML again, in one line; ``""`` for nothing.

    Data-table cells (``--set data.sites.taiwan.construction_months=60``, a sweep's
    drawn cells) live in no scenario field: ``runs show --yaml`` printed a YAML that
    planned another problem, without a word (user test 2026-12-07, reproducibility #5:
    two members of one sweep had the same YAML and costs of $4.46B and $4.48B). Values
    are written in full (``repr``), so that pasting them gives the same run.
    """
    from tigris.risk.cells import split_changes

    cells = split_changes(dict(rec.get("changes") or {}))[1]
    options = rec.get("options") if isinstance(rec.get("options"), dict) else {}
    parts = []
    if cells:
        flags = " ".join(f"--set {p}={v!r}" for p, v in cells.items())
        parts.append(f"add {flags}")
    from tigris.cli._store import kept_data_file

    prov = rec.get("provenance") if isinstance(rec.get("provenance"), dict) else {}
    # a sweep member's --data is its sweep's: not in its options, but in its provenance
    # (review 2026-12-07 #1: a member's note named no --data)
    data = (options.get("data") if options else None) or kept_data_file(prov)
    if data:
        parts.append(f"--data {data} (its text then: tigris runs show {rec['id']} --data)")
    elif prov.get("overlay"):  # a --data text, no file: the run kept it
        parts.append(
            f"the --data text the run kept (tigris runs show {rec['id']} --data > data.yaml, "
            "then --data data.yaml)"
        )
    if not parts:
        return ""
    return (
        f"run {rec['id']} was also solved with what a scenario file cannot hold: to plan "
        f"this YAML as it was, {' and '.join(parts)}; or tigris plan --from-run {rec['id']}"
    )


def _print_run(
    rec: dict[str, Any], headline: Any, json_: bool, yaml: bool, why: list[str] | None = None
) -> None:
    """What ``tigris runs show`` prints of the record ``rec``; ``why``: a run with no
    plan's stored reasons (its ``binding`` table), under its headline as ``tigris plan``
    prints them."""
    if yaml:
        typer.echo(rec["scenario_yaml"], nl=not str(rec["scenario_yaml"]).endswith("\n"))
        missing = _not_in_yaml(rec)
        if missing:
            sys.stderr.write(f"note: {missing}\n")
        return
    if json_:
        doc = dict(rec)
        doc["headline"] = headline
        emit_json(doc)
        return
    rows: list[tuple[str, str]] = []
    for key in (
        "kind",
        "created",
        "scenario_name",
        "scenario_file",
        "status",
        "error",
        "scenario_hash",
        "input_hash",
        "tigris_version",
        "sweep_id",
        "member",
        "seed",
    ):
        if rec.get(key) is not None:
            rows.append((key, str(rec[key])))
    for key in ("options", "changes", "timings"):
        for k, v in (rec.get(key) or {}).items():
            # an input in full (repr), so that pasting it into --set gives the same run;
            # 2.254e+10 for 22536946270.030155 did not (reproducibility #13)
            exact = repr(v) if key != "timings" else fmt(v)
            rows.append((f"{key}.{k}", exact if isinstance(v, float) else str(v)))
    rows += _provenance_rows(rec.get("provenance") or {}, str(rec["id"]))
    _print_fields(f"Run {rec['id']}", rows)
    if headline is not None:
        for sentence in headline.get("sentences", []):
            console.print(f" {sentence}")
    if why:
        console.print("[bold]What stays short, and why[/bold]", markup=True)
        for text in why:
            console.print(f" • {text}", markup=False)
    console.print(f"Scenario: tigris runs show {rec['id']} --yaml")


#: Fields of ``runs show`` whose value tells runs apart (docs/compare.md, "Limits"):
#: never cut, so never in a table column too narrow for them.
_IDENTIFIERS = ("scenario_hash", "input_hash", "git_commit", "data_file.", "sweep_id")


def _print_fields(title: str, rows: list[tuple[str, str]]) -> None:
    """``runs show``'s field/value rows: a table when every identifier
    (:data:`_IDENTIFIERS`: the hashes, the git commit) fits its value column whole,
    else one field a line with a value that does not fit beside it on the next line,
    indented, whole (user test s50 compare #6: at 80 columns the table cut every
    SHA-256 to ``2451f1e04b…``). A long value of another field wraps, never cut."""
    width = console.width
    names = max((len(n) for n, _ in rows), default=0)
    ids = [len(v) for n, v in rows if n.startswith(_IDENTIFIERS)]
    if names + max(ids, default=0) + 7 <= width:  # 7: the table's borders and padding
        table = Table(title=title, show_header=False)
        table.add_column("field", style="bold", no_wrap=True)
        table.add_column("value", overflow="fold")
        for name, value in rows:
            table.add_row(name, value)
        console.print(table)
        return
    console.print(title, soft_wrap=True)
    for name, value in rows:
        if names + 2 + len(value) <= width:
            console.print(f"{name:<{names}}  {value}", soft_wrap=True)
        else:
            console.print(name, soft_wrap=True)
            console.print(f"  {value}", soft_wrap=True)


@runs_app.command("export")
def export(
    run_id: Annotated[
        str, typer.Argument(help="Run id, or a unique prefix (4+ characters).", metavar=RUN)
    ],
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            help="csv (a directory as 'plan --out' writes: one CSV per table, plan.json, "
            "scenario.yaml, run.json; 'tigris report DIR' reads it, 'tigris plan "
            "--from-run DIR' re-plans it with the run's options), parquet (one file per "
            "table + scenario.yaml + run.json), xlsx (a workbook: a sheet per table + 'run'), "
            "netcdf (one dataset, docs/api.md).",
        ),
    ],
    # text, not Path: a trailing '/' names a folder, which Path would drop
    out: Annotated[
        str,
        typer.Option("--out", help="Directory (csv, parquet) or file (xlsx: .xlsx, netcdf: .nc)."),
    ],
    json_: Annotated[bool, typer.Option("--json", help="Print the files written as JSON.")] = False,
    store: Annotated[Path | None, STORE_OPTION] = None,
) -> None:
    """Export a stored run's tables and record for other tools.

    Written aside and renamed into place; an existing path that is not an earlier
    export is never overwritten.

    Examples:

        tigris runs export 3fa9 --format xlsx --out plan.xlsx
        tigris runs export 3fa9 --format parquet --out plan-parquet/
        tigris runs export 3fa9 --format netcdf --out plan.nc

    Exit code: 0 written; 1 standard output could not be written; 2 no such run, or
    bad input (nothing half-written is left); 130 stopped with Ctrl-C.
    """
    # what --out held before: a Ctrl-C says whether the export replaced it (each
    # export is renamed into place whole, so it either did or left it as it was)
    before = _identity(out)

    def left() -> str:
        done = "written" if _identity(out) != before else "not written (left as it was)"
        return f"the store is unchanged; {out} {done}"

    # everything inside: importing the export layer takes ~0.5 s, and a Ctrl-C there
    # was typer's silent exit 130 (user test s47 #3)
    with _stoppable(_Step("exporting the run", left), store) as step:
        from tigris.runs.export import EXPORT_FORMATS, export_run

        fmt_ = format_.lower()
        if fmt_ not in EXPORT_FORMATS:
            msg = f"unknown format '{format_}'; expected one of {', '.join(EXPORT_FORMATS)}"
            raise InputError(msg, field="--format")
        files = export_run(_store(store), run_id, fmt_, out)
        step.phase = "printing what was written"
        if json_:
            emit_json({"format": fmt_, "out": str(out), "files": [str(p) for p in files]})
            return
        err_console.print(f"wrote {len(files)} file{'s' * (len(files) != 1)} to {out}")


def _identity(out: str) -> tuple[int, ...] | None:
    """What identifies the export at ``out`` now: the device, inode, size and
    modification time of the file (xlsx, netcdf) or of the folder's ``run.json`` (csv,
    parquet: every export writes one, renamed into place); None when there is none.
    An export renamed into place changes it; one stopped before leaves it."""
    import os

    path = Path(out)
    if path.is_dir():
        path = path / "run.json"
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


@runs_app.command("rm")
def remove(
    run_ids: Annotated[
        list[str] | None,
        typer.Argument(help="Run ids or unique prefixes.", show_default=False, metavar=RUN),
    ] = None,
    sweep: Annotated[
        str | None,
        typer.Option("--sweep", help="Remove this sweep (id or prefix) and all its members."),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print what was removed as JSON.")] = False,
    store: Annotated[Path | None, STORE_OPTION] = None,
) -> None:
    """Remove stored runs (their record and every table row), or a whole sweep.

    Every id is checked before anything is removed: one unknown id removes nothing.

    Examples:

        tigris runs rm 3fa9 77b0
        tigris runs rm --sweep 5c1e

    Exit code: 0 removed; 1 standard output could not be written (the runs are
    removed); 2 no such run (nothing removed), or bad input; 130 stopped with Ctrl-C
    (one line says what was removed).
    """
    ids = list(run_ids or [])
    if not ids and sweep is None:
        msg = "give run ids to remove, or --sweep ID"
        raise InputError(msg, field=RUN)
    with _stoppable(_Step("reading the store", "nothing removed"), store) as step:
        st = _store(store)
        # one id given twice (a prefix and the full id) is one run (user test
        # 2026-12-05: "removed": 1 beside the id listed twice)
        full = list(dict.fromkeys(st.resolve(i) for i in ids))
        sweep_id = None if sweep is None else st.resolve_sweep(sweep)
        n = 0
        if full:
            # one transaction each, rolled back by a Ctrl-C before its commit
            done: list[bool] = []
            step.phase = "removing runs"
            step.left = lambda: _removal_left(done, f"the {len(full)} runs given by id")
            with _written(n):
                n = st.remove(full, committed=done)
        members: list[str] = []
        if sweep_id is not None:
            # the members' ids, read before they go: --json lists every run removed
            # (user test 2026-12-07: "ids": [] beside "removed": 3 of a sweep)
            listed = st.runs(sweep_id=sweep_id)
            members = [str(i) for i in listed["id"] if str(i) not in full] if len(listed) else []
            swept: list[bool] = []
            step.phase = f"removing sweep {sweep_id}"
            step.left = lambda: _removal_left(swept, "the sweep") + _removed_so_far(n)
            with _written(n):
                n += st.remove_sweep(sweep_id, committed=swept)
        what = f"{n} run{'s' * (n != 1)}" + (f" and sweep {sweep_id}" if sweep_id else "")
        step.phase, step.left = "printing what was removed", f"{what} removed from {st.path}"
        if json_:
            removed = full + members
            emit_json({"removed": n, "ids": removed, "sweep": sweep_id, "store": str(st.path)})
            return
        console.print(f"removed {what} from {st.path}")


#: How :class:`~tigris.runs.store.RunStore` words a store it cannot open.
_CANNOT_OPEN = "cannot open store "


@contextmanager
def _written(removed: int) -> Iterator[None]:
    """A removal's store that cannot be opened for writing, said as docs/runs.md says
    it: "cannot write store FILE: ..." and what was removed (user test s50 compare
    #4: a read-only store said "cannot open store FILE: IO Error: ... Permission
    denied", though it had just been read to find the runs)."""
    try:
        yield
    except InputError as exc:
        tail = f"; the sweep not removed{_removed_so_far(removed)}" if removed else ""
        tail = tail or "; nothing removed"

        def fix(message: str) -> str:
            if not message.startswith(_CANNOT_OPEN):
                return message
            return f"cannot write store {message[len(_CANNOT_OPEN) :]}{tail}"

        problems = [dataclasses.replace(p, message=fix(p.message)) for p in exc.problems]
        raise InputError(problems) from None


def _removal_left(committed: list[bool], what: str) -> str:
    """Whether a removal stopped by Ctrl-C committed (``committed``) or rolled back.

    >>> _removal_left([], "the sweep"), _removal_left([True], "the sweep")
    ('the sweep: not removed (rolled back)', 'the sweep: removed')
    """
    return f"{what}: " + ("removed" if committed else "not removed (rolled back)")


def _removed_so_far(n: int) -> str:
    """``; the N runs given by id: removed`` when some were (else empty).

    >>> _removed_so_far(0), _removed_so_far(2)
    ('', '; the 2 runs given by id: removed')
    """
    return f"; the {n} runs given by id: removed" if n else ""


def register(app: typer.Typer) -> None:
    """Add the ``runs`` group to ``app``."""
    app.add_typer(runs_app, name="runs")
