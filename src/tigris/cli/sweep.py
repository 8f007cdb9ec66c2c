"""``tigris sweep``: many plans of one scenario with some inputs changed (``docs/sweeps.md``)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tigris import units
from tigris.cli._args import check_params
from tigris.cli._data import DATA_OPTION
from tigris.cli._many import (
    MIP_GAP_OPTION,
    OBJECTIVE_OPTION,
    SCHEDULER_OPTION,
    WORKERS_OPTION,
    store_choice,
)
from tigris.cli._output import EXIT_INTERRUPTED, console, emit_json
from tigris.cli._tables import print_table
from tigris.errors import InputError

if TYPE_CHECKING:
    from tigris.runs.sweep import SweepResult

#: Exit code when some member has no plan (a rejected value, a solver failure,
#: infeasible): the summary says which and why.
EXIT_MEMBER_FAILED = 1
#: Longest ``changes`` cell printed in the members table (the JSON has them whole)
#: [characters].
_MAX_CHANGES_CHARS = 60
#: Most changed paths shown as a column each; more are listed in one column.
_MAX_PATH_COLUMNS = 3
#: Failed members listed one by one under the table; the rest are counted.
_MAX_FAILED_LINES = 10
#: The members table's power columns (the headline's power numbers, runs.metrics).
_POWER_COLUMNS = ("GW", "TWh", "MtCO2", "elec.")
#: Under the power table: what its columns are.
_POWER_CAPTION = (
    "GW: data-centre power online and TWh: the fleet's energy, in the last year; "
    "MtCO2 and elec.: emissions and electricity cost over the horizon"
)
#: Narrowest a changed path's column is drawn [characters] (layout choice: a path
#: folded into a few letters a line cannot be read).
_PATH_MIN_WIDTH = 16
#: Header of a changed path's column when the paths as headers would make the members
#: table wider than the terminal: ``p1``, ``p2``, ... in the order of the paths, named
#: by a legend line under the table.
_PATH_LABEL = "p"
#: Narrowest the ``changes`` column is drawn (more than three paths) [characters]:
#: ``path=value`` pairs folded into ten letters a line cannot be read, and at 18 the
#: reference's members (served ``1,144.2M``) keep to 80 columns (layout choice).
_CHANGES_MIN_WIDTH = 18
#: What one ``--samples`` member of the reference costs, measured 2026-12-04 (tigris
#: sweep --samples 4, 16 and 64 --seed 1 --workers 0 --store, /usr/bin/time -v): the
#: store grows 49 kB a member (12.07 -> 14.43 MB from 16 to 64 members) and the
#: process 0.41 MB (max RSS 338.8 -> 358.4 MB: the members table and each member's
#: series are held to the end), at 1-2.6 s of one core a member [bytes]. A member's
#: cost is the difference of two sweeps over the difference in members, so the
#: interpreter, the planner's imports and the store's fixed part cancel.
#: ``benchmarks/bench_sweep_memory.py`` repeats the measurement (16 and 64 members,
#: peak RSS from os.wait4, the store file's size); its run of 2026-12-04 12:49 UTC,
#: on two shared cores, gave 0.31 MB (352.6 -> 367.7 MB) and 55 kB (12.60 -> 15.22
#: MB) a member, 3.8 s each: the same order; the first figures are kept (the larger
#: memory, which the --yes bound is about; the store 11 % under the rerun's).
_STORE_BYTES_PER_MEMBER = 49e3
_MEMORY_BYTES_PER_MEMBER = 0.41e6
#: Most ``--samples`` members run without ``--yes`` [-]: 1,000 hold about 0.4 GB of
#: memory (a twentieth of an 8 GB laptop's) and add 49 MB to the store, in 20-45
#: minutes on one core; past it the run is gigabytes and hours (10,000, MAX_MEMBERS:
#: 4 GB and 3-7 hours), which a mistyped zero (5000 for 500) should not start unasked.
#: A percentile's sampling error is already small here (p5's standard error
#: sqrt(0.05 x 0.95 / 1,000) = 0.7 points of probability). A usability bound.
SAMPLES_WITHOUT_YES = 1_000
#: Megawatts in a gigawatt and tonnes in a megatonne (unit conversions).
_MW_PER_GW = units.MW_PER_GW
_T_PER_MT = 1e6


def _changes(text: str) -> str:
    """A member's changes as ``path=value`` pairs for the table (shortened)."""
    pairs = json.loads(text)
    shown = ", ".join(f"{k}={_value(v)}" for k, v in pairs.items()) or "(base)"
    if len(shown) > _MAX_CHANGES_CHARS:
        shown = shown[: _MAX_CHANGES_CHARS - 1] + "…"
    return shown


def _power_cells(row: dict[str, Any]) -> list[str]:
    """A member's power answer for the table (:data:`_POWER_COLUMNS`): data-centre MW
    online in the last year in GW, that year's energy in TWh, the horizon's emissions in
    Mt CO2 and its electricity cost; "–" where the plan has none."""
    from tigris.fmt import money

    def num(key: str, div: float) -> str:
        v = row.get(key)
        if v is None or not math.isfinite(float(v)):
            return "–"
        return f"{float(v) / div:,.1f}"

    return [
        num("datacenter_mw_online_last_year", _MW_PER_GW),
        num("energy_twh_last_year", 1.0),
        num("emissions_t_co2", _T_PER_MT),
        money(row.get("electricity_cost_usd")),
    ]


#: The members table's subsidy column and what it is (UT-POLICY #1: a sweep over a
#: site's subsidy share showed no subsidy dollars).
SUBSIDY_HEADER = "subsidy"
SUBSIDY_CAPTION = (
    "subsidy: the investor's, within the horizon (the capex table's subsidy rows; "
    "--json: subsidy_usd)"
)


def _subsidy_cell(row: dict[str, Any]) -> str:
    """A member's subsidy [USD] as money; ``n/a`` where the run has no such number (no
    plan, or stored before it)."""
    from tigris.fmt import money
    from tigris.runs.metrics import NOT_KNOWN

    v = row.get("subsidy_usd")
    if v is None or not math.isfinite(float(v)):
        return NOT_KNOWN
    return money(v)


def _value(v: Any) -> str:
    """A changed value for the table: numbers in 4 significant digits (``1.5e+10``)."""
    if isinstance(v, float):
        return f"{v:.4g}"
    return json.dumps(v) if isinstance(v, list | dict) else str(v)


def print_members(res: SweepResult) -> None:
    """The members tables, the failed members with their errors, and where they are.

    Two tables, each within 80 columns (usertest_money #7: IRR, H100e added and capex
    per added H100e made one table too wide): the members' inputs, compute and money,
    then their subsidy (UT-POLICY #1) and power answer. With up to
    :data:`_MAX_PATH_COLUMNS` paths changed, each has a column of its values, headed
    by the path, or, when the paths would make the table wider than the terminal,
    ``p1``, ``p2``, ... named by a legend line under it; with more, one ``changes``
    column lists them. A path every member sets to one value is said once under the
    table (``every member: PATH=VALUE``) when that leaves few enough for columns.
    """
    from rich import box
    from rich.table import Table

    from tigris.cli._tables import _fit, protect_numbers
    from tigris.cli.runs import MONEY_CAPTION, MONEY_HEADERS, keep_whole, money_cells
    from tigris.fmt import h100e_millions, share
    from tigris.runs.metrics import NEVER_NEGATIVE, NEVER_NEGATIVE_KEY

    def compact(title: str) -> Table:
        # one space between columns (the box's divider), as `tigris runs list`
        return Table(
            title=title,
            header_style="bold",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            show_edge=False,
            collapse_padding=True,
            padding=(0, 0),
            caption_justify="left",
        )

    changes = [json.loads(c) for c in res.members["changes"]]
    paths = list(dict.fromkeys(p for c in changes for p in c))
    # a path every member sets to one value is said once under the table, not in a
    # column of its own (a policy analyst's review of 2026-12-07: a --zip sweep of three
    # sites' shares beside one fixed growth scale fell back to one "changes" column,
    # cut so that the members could not be told apart)
    fixed = {
        p: changes[0][p]
        for p in paths
        if len(changes) > 1 and all(p in c and c[p] == changes[0][p] for c in changes)
    }
    if len(paths) > _MAX_PATH_COLUMNS and 0 < len(paths) - len(fixed) <= _MAX_PATH_COLUMNS:
        paths = [p for p in paths if p not in fixed]
    else:
        fixed = {}
    by_path = 0 < len(paths) <= _MAX_PATH_COLUMNS
    records = res.members.to_dict(orient="records")

    def members_table(short: bool) -> Table:
        """The first table; with ``short``, the path columns headed p1, p2, ... (a
        legend under the table names them) and as narrow as their values."""
        table = compact("sweep members")
        table.add_column("#", justify="right")
        for k, name in enumerate(paths if by_path else ["changes"], start=1):
            if short and by_path:
                table.add_column(f"{_PATH_LABEL}{k}", overflow="fold")
                continue
            narrowest = min(len(name), _PATH_MIN_WIDTH) if by_path else _CHANGES_MIN_WIDTH
            table.add_column(name, overflow="fold", min_width=narrowest)
        for name in ("status", "served", "unmet", *MONEY_HEADERS):
            justify = "left" if name == "status" else "right"
            table.add_column(name, justify=justify, overflow="fold")
        for row, change in zip(records, changes, strict=True):
            shown = (
                [_value(change[p]) if p in change else "–" for p in paths]
                if by_path
                else [_changes(row["changes"])]
            )
            table.add_row(
                str(row["index"]),
                *shown,
                str(row["status"]),
                h100e_millions(row.get("served_h100e")),
                share(row.get("unmet_share")),
                *money_cells(row),
            )
        keep_whole(table, len(MONEY_HEADERS) + 2)  # and served, unmet
        return table

    # the paths as headers when the table fits the terminal so (user test s45 #2: 89
    # columns for discount_rate and datacenters.electricity_price_multiplier at 80)
    probe = members_table(short=False)
    protect_numbers(probe)  # as print_table lays it out
    short = by_path and (_fit(console, probe) or 0) > console.width
    table = members_table(short)
    # the subsidy beside the power answer: the first table has no room left at 80
    # columns (a path column of _PATH_MIN_WIDTH and the money columns fill it)
    power = compact("sweep members' subsidy and power")
    power.add_column("#", justify="right")
    for name in (SUBSIDY_HEADER, *_POWER_COLUMNS):
        power.add_column(name, justify="right")
    never = []
    for row in records:
        if row.get(NEVER_NEGATIVE_KEY) == 1.0:
            never.append(str(row["index"]))
        power.add_row(str(row["index"]), _subsidy_cell(row), *_power_cells(row))
    print_table(console, table)
    if short:
        legend = "; ".join(f"{_PATH_LABEL}{k}: {p}" for k, p in enumerate(paths, start=1))
        console.print(legend)
    if fixed:
        same = ", ".join(f"{p}={_value(v)}" for p, v in fixed.items())
        console.print(f"every member: {same}", soft_wrap=True)
    console.print(MONEY_CAPTION)  # a line of its own: a caption wraps at the table's width
    if never:  # no payback because nothing is to be paid back: not a failure
        console.print(f"member{'s' * (len(never) > 1)} {', '.join(never)}: {NEVER_NEGATIVE}")
    print_table(console, power)
    console.print(f"{SUBSIDY_CAPTION}; {_POWER_CAPTION}")
    failed = res.failed
    n = len(res.members)
    for row in failed.head(_MAX_FAILED_LINES).to_dict(orient="records"):
        why = row["error"] if isinstance(row["error"], str) else f"no plan ({row['status']})"
        line = f"member {row['index']} failed ({_changes(row['changes'])}): {why}"
        console.print(line, soft_wrap=True)
    if len(failed) > _MAX_FAILED_LINES:
        console.print(f"… and {len(failed) - _MAX_FAILED_LINES} more failed members")
    stopped = res.stopped_sentence()  # None when every plan is optimal: nothing printed
    if stopped is not None:
        console.print(f"note: {stopped}", soft_wrap=True)
    where = (
        f"sweep {res.sweep_id} stored in {res.store} (tigris runs list --sweep {res.sweep_id})"
        if res.sweep_id is not None
        else "not stored (--no-store)"
    )
    console.print(f"{n - len(failed)} of {n} members planned; {where}", soft_wrap=True)


def sweep(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario YAML file ('-' reads it from standard input); default the "
            "built-in reference scenario.",
            dir_okay=False,
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="PATH=V1,V2,... or PATH=lo:hi:n (n values from lo to hi): the values of "
            "one input, by dotted path. Repeat for several inputs (crossed as a grid).",
        ),
    ] = None,
    zip_: Annotated[
        bool,
        typer.Option("--zip", help="Pair the i-th values of every --set instead of crossing."),
    ] = False,
    samples: Annotated[
        int | None,
        typer.Option(
            "--samples",
            help="Draw N members from the scenario's distributions (docs/risk.md).",
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed of --samples (same seed, same draws).")
    ] = None,
    design: Annotated[
        str,
        typer.Option(
            "--design",
            help="How --samples draws: random (independent draws) or lhs (a Latin "
            "hypercube: one draw in each of N slices of equal probability of every input; "
            "docs/risk.md 'Sampling design').",
        ),
    ] = "random",
    recentre: Annotated[
        bool,
        typer.Option(
            "--recentre",
            help="With --samples, a scenario value outside its own distribution (an edited "
            "value whose distribution was left as written) is refused, as by 'tigris "
            "risk'; this moves each such distribution onto the value, the same spread "
            "relative to it (docs/risk.md, 'An edited value and its distribution').",
        ),
    ] = False,
    as_written: Annotated[
        bool,
        typer.Option(
            "--as-written",
            help="With --samples, draw a distribution its scenario value lies outside as "
            "written anyway (the draws then ignore the value).",
        ),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            help=f"Run --samples above {SAMPLES_WITHOUT_YES:,} members (gigabytes of memory "
            "and store, hours of solves).",
        ),
    ] = False,
    workers: Annotated[int | None, WORKERS_OPTION] = None,
    scheduler: Annotated[str | None, SCHEDULER_OPTION] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="DuckDB file the members are stored in; default $TIGRIS_STORE, else the "
            "user data directory (docs/runs.md).",
            dir_okay=False,
        ),
    ] = None,
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not store the members.")] = False,
    progress: Annotated[
        bool,
        typer.Option(
            "--progress",
            help="Report each finished member on stderr even when it is not a terminal "
            "('member 3 done (optimal, 1.2 s; 4/10 finished)', for batch-job logs); "
            "on a terminal a bar is shown anyway.",
        ),
    ] = False,
    data: Annotated[Path | None, DATA_OPTION] = None,
    json_: Annotated[
        bool,
        typer.Option("--json", help="Print the sweep id and the members table as JSON."),
    ] = False,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            help="HiGHS time limit per member \\[s]; default the scenario's.",
        ),
    ] = None,
    mip_gap: Annotated[float | None, MIP_GAP_OPTION] = None,
    objective: Annotated[str | None, OBJECTIVE_OPTION] = None,
) -> int:
    """Plan many variants of one scenario: every combination of some inputs' values, or
    draws from the scenario's distributions.

    Each member is the scenario with the inputs named by dotted path set (a list item
    by its name, or its 0-based index when it has none; year keys as numbers). Members
    are solved without the explanations 'tigris plan' adds, in parallel on a local Dask
    cluster by default, and each is stored as it finishes, so a sweep stopped
    half-way keeps the finished members; the same command again solves the rest into
    it. A member whose value the scenario rejects, or
    that has no plan, is reported with its reason and does not stop the others.

    Examples:

        tigris sweep --set capital.abu-dhabi-sovereign.amount_usd=8e9,9e9,10e9

        tigris sweep --set discount_rate=0.06:0.10:5 \\
            --set datacenters.electricity_price_multiplier=1,2

        tigris sweep my.yaml --zip --set discount_rate=0.06,0.1 \\
            --set datacenters.electricity_price_multiplier=1,2

    (The first sweeps the Abu Dhabi tranche over its reported $8-10B. A --set value
    outside the scenario's own distribution of that input, 5e9 say, is planned too,
    with a warning that a risk run would not draw it; a --set sweep draws nothing. The
    scenario's pue is the unit of the plan's power rows: where every capacity and module
    has a PUE of its own, as on the reference, it moves no result (docs/energy.md,
    "Units in and out"); sweep a physical input instead.)

    Draws from the scenario's distributions (the reference has some):

        tigris sweep --samples 200 --seed 1 --workers 4

    A scenario value outside its own distribution is refused, as by 'tigris risk':
    edit the distribution, or give --recentre (moved onto the value) or --as-written
    (drawn as written).

    Then 'tigris runs list --sweep ID' lists the stored members and 'tigris compare
    --sweep ID' compares them (docs/sweeps.md).

    Exit code: 0 every member planned; 1 some member failed (the summary says which
    and why); 2 bad input (nothing run, nothing stored); 130 stopped with Ctrl-C.
    """
    total: list[int] = []  # the members, once known
    drawn_seed = False  # a seed drawn for --samples without --seed
    try:  # a Ctrl-C or SIGTERM at any moment of the command: one line, what was stored
        from tigris.plan.solve import check_objective
        from tigris.runs.sweep import parse_set
        from tigris.runs.sweep import sweep as run_sweep

        check_params(locals())
        objective = None if objective is None else objective.lower()  # NPV is npv
        check_objective(objective, None)  # named as the flag, before the scenario is read
        store_arg = store_choice(store, no_store)
        if workers is not None and workers < 0:
            raise InputError(f"expected a number of workers >= 0, got {workers}", field="--workers")
        if samples is not None and samples < 1:
            raise InputError(f"expected a number of members >= 1, got {samples}", field="--samples")
        if seed is not None and samples is None:
            raise InputError("--seed applies to --samples only", field="--seed")
        from tigris.risk.distributions import check_design

        check_design(design)
        if design != "random" and samples is None:
            raise InputError("--design applies to --samples only", field="--design")
        for flag, given in (("--recentre", recentre), ("--as-written", as_written)):
            if given and samples is None:
                raise InputError(f"{flag} applies to --samples only", field=flag)
        if recentre and as_written:
            raise InputError("give --recentre or --as-written, not both", field="--recentre")
        check_samples_asked(samples, yes)
        if samples is not None:
            total.append(samples)
        sets = [parse_set(s) for s in set_ or []]
        if sets and samples is not None:
            raise InputError("give either --set or --samples, not both", field="--samples")
        if not sets and samples is None:
            msg = (
                "nothing to sweep; give --set PATH=V1,V2,... or --samples N "
                "(see 'tigris sweep --help')"
            )
            raise InputError(msg, field="--set")
        from tigris.runs.sweep import grid

        if zip_ and not sets:
            raise InputError("--zip pairs the values of several --set", field="--zip")
        if sets:
            # a path given twice, lengths that do not zip, too many
            total.append(len(grid(sets, zip_=zip_)))
        drawn_seed = samples is not None and seed is None
        if drawn_seed:
            # draws are repeatable only with their seed: one is drawn and said, as
            # tigris risk does (user test 2026-12-07, reproducibility #11: the seed
            # was null in the store and the output, the draws lost)
            from tigris.risk.api import fresh_seed

            seed = fresh_seed()
        res = run_sweep(
            file,
            dict(sets) if sets else None,
            samples=samples,
            seed=seed,
            design=design,
            zip_=zip_,
            workers=workers,
            scheduler=scheduler,
            store=store_arg,
            data=data,
            time_limit_s=time_limit,
            mip_gap=mip_gap,
            objective=objective,
            recentre=recentre,
            as_written=as_written,
            # a bar for a person watching; piped or scripted, stderr stays empty unless
            # --progress asks for one line per finished member
            progress=progress or sys.stderr.isatty(),
        )
    except InputError as exc:
        # the store's problems named where it was set: TIGRIS_STORE, not --store
        from tigris.cli._store import store_named

        raise store_named(exc, store) from None
    except KeyboardInterrupt as exc:
        # one line, how far it got (tigris.runs.sweep.SweepInterrupted), no traceback;
        # before the sweep ran (reading the scenario, checking, starting), nothing stored
        message = getattr(exc, "message", None)
        line = message() if callable(message) else _stopped_early(total)
        if drawn_seed and seed is not None:  # "the same command again" draws afresh
            again = f"the same command with --seed {seed}"
            said = line.replace("the same command again", again)
            line = said if said != line else f"{line}; {_seed_said(seed)}"
        sys.stderr.write(f"{line}\n")
        return EXIT_INTERRUPTED
    if drawn_seed:  # said once the draws are made (bad input stays one line)
        sys.stderr.write(f"{_seed_said(seed)}\n")
    try:
        if json_:
            emit_json(res.to_dict())
        else:
            print_members(res)
    except KeyboardInterrupt:
        # every member has finished: say so, not typer's silent exit 130
        sys.stderr.write(f"{_stopped_printing(res)}\n")
        return EXIT_INTERRUPTED
    return EXIT_MEMBER_FAILED if len(res.failed) else 0


def _seed_said(seed: int | None) -> str:
    """The line that gives a drawn seed: ``seed N (drawn; --seed N repeats these
    draws)``."""
    return f"seed {seed} (drawn; --seed {seed} repeats these draws)"


def _stopped_printing(res: Any) -> str:
    """The stop line of a sweep interrupted while its members were printed: all of
    them finished, and where they are stored (a Ctrl-C there was a silent exit 130)."""
    from tigris.runs.interrupts import stopped_by

    n = len(res.members)
    line = f"{stopped_by()} while printing the members; all {n} members finished"
    if res.sweep_id is None:
        return f"{line}, not stored"
    return (
        f"{line} and are stored in sweep {res.sweep_id} ({res.store}; "
        f"tigris runs list --sweep {res.sweep_id})"
    )


def _stopped_early(total: list[int]) -> str:
    """The stop line of a sweep interrupted before any member ran (user test s45 #3: a
    bare ``stopped``, or nothing at all, in its first seconds): the members' count once
    known (``total``, one number or none)."""
    from tigris.runs.interrupts import terminated

    stopped = "stopped by SIGTERM" if terminated() else "stopped"
    if total:
        return f"{stopped} before any of the {total[0]} members finished; nothing stored"
    return f"{stopped} before the sweep started; nothing stored"


def check_samples_asked(samples: int | None, yes: bool) -> None:
    """Refuse ``--samples`` above :data:`SAMPLES_WITHOUT_YES` without ``--yes``: one
    line saying what the run would hold (memory, store) from the measured cost of a
    member (:data:`_MEMORY_BYTES_PER_MEMBER`, :data:`_STORE_BYTES_PER_MEMBER`).

    Raises
    ------
    InputError
        Field ``--samples``, before the scenario is read.
    """
    if samples is None or yes or samples <= SAMPLES_WITHOUT_YES:
        return
    memory = samples * _MEMORY_BYTES_PER_MEMBER / 1e9
    store = samples * _STORE_BYTES_PER_MEMBER / 1e6
    msg = (
        f"{samples:,} members would hold about {memory:.1f} GB of memory and add about "
        f"{store:,.0f} MB to the store ({_MEMORY_BYTES_PER_MEMBER / 1e6:g} MB and "
        f"{_STORE_BYTES_PER_MEMBER / 1e3:g} kB a member on the reference), "
        f"and take hours; give --yes to run them, or at most {SAMPLES_WITHOUT_YES:,} "
        "samples"
    )
    raise InputError(msg, field="--samples")


def register(app: typer.Typer) -> None:
    """Add ``sweep`` to ``app``."""
    app.command("sweep")(sweep)
