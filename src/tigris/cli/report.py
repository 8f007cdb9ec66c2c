"""``tigris report``: an HTML report and PNG figures of a saved plan.

:func:`write_reports` is shared with ``tigris plan --report FILE --png DIR``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tigris.cli._args import check_plot_path
from tigris.cli._output import EXIT_INTERRUPTED, console, emit_json, err_console
from tigris.errors import InputError
from tigris.fsio import atomic_dir, atomic_file, check_output

__all__ = [
    "refuse_one_path",
    "refuse_saved_run_file",
    "register",
    "report",
    "stopped_writing_line",
    "write_reports",
]


def refuse_saved_run_file(target: Path, run_dir: Path, field: str) -> None:
    """Refuse an output that is one of a saved run's own files, or lies inside one.

    ``tigris report DIR --html DIR/run.json`` (or ``plan --out DIR --report
    DIR/scenario.yaml``) would replace the run with HTML. The run's own files are every
    name a run folder may hold (:func:`tigris.runs.export.run_folder_names`, from what
    ``plan --out`` and ``runs export`` write), so a file added to the run is guarded
    with it.

    Parameters
    ----------
    target : Path
        The file or folder to write.
    run_dir : Path
        The saved run's directory (read by ``report``, written by ``plan --out``).
    field : str
        The option that named ``target``.

    Raises
    ------
    InputError
        ``target`` is, or is inside, one of the run's files in ``run_dir``.
    """
    from tigris.runs.export import run_folder_names

    try:
        inner = target.resolve().relative_to(run_dir.resolve()).parts
    except ValueError:  # not inside run_dir
        return
    if inner and inner[0] in run_folder_names():
        msg = (
            f"'{target}' is the saved run's own {inner[0]}; give another name "
            f"(e.g. {run_dir / 'report.html'})"
        )
        raise InputError(msg, field=field)


def refuse_one_path(html: Path, png: Path, html_field: str) -> None:
    """Refuse a PNG folder that is the HTML file's path, before anything is drawn (user
    test 2026-12-07, report reader #7: the HTML was written, then ``--png`` failed on
    the same path, exit 2 with a half-done job).

    Parameters
    ----------
    html, png : Path
        The HTML file and the PNG folder asked for.
    html_field : str
        The option that named the HTML file (``--html``, or ``--report`` in ``plan``).

    Raises
    ------
    InputError
        ``--png``: the two are one path.
    """
    if Path(png).resolve() == Path(html).resolve():
        msg = f"'{png}' is also the {html_field} file; give the PNG figures a folder of their own"
        raise InputError(msg, field="--png")


def stopped_writing_line(done: list[str], asked: list[str]) -> str:
    """The one line said when an interrupt stopped :func:`write_reports`: which of the
    outputs ``asked`` for are written (``done``) and which are left as they were.

    >>> stopped_writing_line(["r.html"], ["r.html", "png"])
    'stopped while writing the report; r.html written; png not written (left as it was)'
    """
    parts = [f"{p} written" for p in done]
    parts += [f"{p} not written (left as it was)" for p in asked if p not in done]
    return "stopped while writing the report; " + "; ".join(parts)


def _probe_dir(target: Path, field: str) -> None:
    """Refuse a folder that cannot be made or written, by making its staging folder
    (:func:`tigris.fsio.staging_dir`) and removing it again; ``target`` itself is left
    as it was (its missing parent folders are made, as writing would make them)."""
    import shutil

    from tigris.fsio import staging_dir

    _, tmp = staging_dir(Path(target), field)
    shutil.rmtree(tmp, ignore_errors=True)


def _also_written(exc: InputError, html: str) -> InputError:
    """``exc`` with each message saying the HTML report was written before it failed.

    >>> str(_also_written(InputError("cannot write p", field="--png"), "r.html"))
    '--png: cannot write p; the HTML report r.html was written'
    """
    import dataclasses

    note = f"; the HTML report {html} was written"
    return InputError([dataclasses.replace(p, message=p.message + note) for p in exc.problems])


def write_reports(
    result: Any,
    html: Path | None = None,
    png: Path | None = None,
    html_field: str = "--html",
    run: dict[str, Any] | None = None,
    done: list[str] | None = None,
) -> dict:
    """Write the HTML report and/or PNG figures of ``result``, with progress on stderr.

    Each output is written aside and renamed into place (:mod:`tigris.fsio`): a write
    that fails midway leaves an earlier report or earlier figures unchanged.

    Parameters
    ----------
    result : PlanResult
        The plan result (``docs/plan-result.md``).
    html : Path, optional
        HTML file to write (self-contained).
    png : Path, optional
        Folder for the PNG figures: afterwards it holds this run's figures and no
        other run's (an earlier run's figure or page this run did not write is
        removed, :mod:`tigris.report.folders`); files of other names are kept.
    html_field : str, optional
        Option that named ``html``, for error messages (``--report`` in ``tigris plan``).
    run : dict, optional
        The run drawn, ``run_id`` and ``created`` (:func:`tigris.report.provenance.saved_run`
        of a saved folder): the provenance line gives the run's id and time beside the
        drawing time (UT-REPRO #10); None: the drawing time alone.
    done : list of str, optional
        Gets each output (the HTML file, the PNG folder) once it is in place, so a
        caller stopped by Ctrl-C or SIGTERM can say what was written.

    Returns
    -------
    dict
        ``{"html": str or None, "png": [str, ...], "figures": [figure ids]}``.
    """
    from tigris.report import FIGURES, report_tables, write_html, write_pngs
    from tigris.report.folders import drop_stale, plan_png_names
    from tigris.report.provenance import report_info

    if png is not None and html is not None:
        # the PNG folder can be made before the HTML is written (user test: --png
        # /proc/nope failed after report.html was written, and nothing said so)
        _probe_dir(png, "--png")
    tables = report_tables(result)
    # version, time and input hash from the result itself (the tables do not carry them)
    info = report_info(result, run=run)
    from tigris.report.png import png_count

    total = len(FIGURES) * (html is not None) + (png_count(tables) if png is not None else 0)
    out: dict[str, Any] = {"html": None, "png": [], "figures": [s.id for s in FIGURES]}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        # piped or captured stderr: no bar (rich would leave an empty line behind)
        disable=not err_console.is_terminal,
    ) as progress:
        task = progress.add_task("report", total=total)

        def step(title: str) -> None:
            progress.update(task, advance=1, description=title)

        if html is not None:
            with atomic_file(html, html_field) as tmp:
                write_html(tables, tmp, on_figure=step, info=info)
            out["html"] = str(html)
            if done is not None:
                done.append(str(html))
        if png is not None:
            try:
                with atomic_dir(png, "--png") as tmp:
                    names = [p.name for p in write_pngs(tables, tmp, on_figure=step, info=info)]
            except InputError as exc:
                if out["html"] is None:
                    raise
                raise _also_written(exc, out["html"]) from None
            # an earlier run's extra pages (assumptions-2.png) would read as this run's
            drop_stale(png, names, plan_png_names())
            out["png"] = [str(Path(png) / name) for name in names]
            if done is not None:
                done.append(str(png))
    return out


def report(
    result_dir: Annotated[
        Path,
        typer.Argument(
            help="Directory written by 'tigris plan --out DIR' (plan.json and one CSV per table).",
            show_default=False,
        ),
    ],
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="HTML report to write, one self-contained file (default "
            "RESULT_DIR/report.html; written with or without --png).",
            dir_okay=False,
        ),
    ] = None,
    png: Annotated[
        Path | None,
        typer.Option(
            "--png",
            help="Also write PNGs to this directory: the figures (supply, demand, schedule, "
            "capex, tools, power, datacenter, sites, cashflow, shadow; axes in H100e, years, "
            "billion USD, tools per year, MW, GW, wafer starts per month) with their "
            "captions, and pages with what the investor adds, what binds, the money, "
            "power and energy, the products made and HBM, and the assumptions: about 60 "
            "pages for the reference plan, most of them assumptions, which can take minutes "
            "to draw on busy cores (a bar shows on a terminal). An earlier run's "
            "figures there that this run does not write are removed (never a mix of two "
            "runs); other files are kept.",
            file_okay=False,
        ),
    ] = None,
    json_: Annotated[
        bool, typer.Option("--json", help="Print the files written as JSON instead of a table.")
    ] = False,
    stray_out: Annotated[
        str | None,
        typer.Option("--out", hidden=True, help="Not an option of report: see --html, --png."),
    ] = None,
) -> None:
    """Write an HTML report, and PNG figures with --png, of a plan saved with 'tigris plan --out'.

    Where it writes: --html FILE (default RESULT_DIR/report.html) and --png DIR; report
    has no --out ('plan --out DIR' and 'runs export --out' name other commands' outputs).

    The HTML file needs no network to view: what the investor adds against the world
    without it, the headline, what binds, every build (per owner when incumbents build
    too), money by year and source (released, drawn, carried over), compute by year and
    by source; figures of supply by source against demand, demand vs delivered compute
    by class with unmet demand shaded, the build
    schedule, investors' capital drawn vs released to date and capex per year by payer,
    EUV and High-NA scanners used vs supply, power of fabs and of compute, the
    data-centre power the fleet needs vs the capacity online by region, sites ranked
    by capacity built; power, energy and emissions by year; the key assumptions with
    their sources; tigris version, date and input hash. The PNGs carry the figures with
    their captions, and pages with the headline, what binds, the money, the products
    made and HBM, power and energy, and the assumptions.

    Examples:

        tigris plan --out runs/ref          # solve and save the reference plan
        tigris report runs/ref              # runs/ref/report.html
        tigris report runs/ref --html board.html --png figures/

    Exit codes: 0 written; 2 bad input (a folder that is not a saved run, an edited
    CSV, an output that cannot be written: nothing written); 130 stopped with Ctrl-C
    (one line says what is in place).
    """
    from tigris.report import read_result

    if stray_out is not None:  # user test 2026-12-03, fifth session, #10: a bare "No such option"
        msg = "no such option of report (use --html FILE for the report, --png DIR for figures)"
        raise InputError(msg, field="--out")
    # the HTML is always written (--png adds the PNGs, it does not replace the report)
    if result_dir.exists() and not result_dir.is_dir():
        msg = f"'{result_dir}' is a file; expected a directory written by 'tigris plan --out DIR'"
        raise InputError(msg, field="RESULT_DIR")
    from tigris.report.result import require_result_dir

    # a folder with no plan is said as such before its outputs are checked: an empty
    # read-only one was refused for --html (user test s62 #5)
    require_result_dir(result_dir)
    if html is None:  # beside the result
        html = result_dir / "report.html"
        check_output(html, "--html", directory=False)
    else:
        check_plot_path(html, "--html")  # a missing folder is a typo, as for plan --report
    refuse_saved_run_file(html, result_dir, "--html")
    if png is not None:
        check_output(png, "--png", directory=True)
        refuse_saved_run_file(png, result_dir, "--png")
        refuse_one_path(html, png, "--html")
    with err_console.status("reading plan result", spinner="dots"):
        result = read_result(result_dir)
        _check_saved_set(result_dir)
    from tigris.report.provenance import saved_run

    # the run's id and time from its run.json: a report drawn later says both
    done: list[str] = []
    try:
        out = write_reports(result, html=html, png=png, run=saved_run(result_dir), done=done)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: say what is in place, exit 130
        sys.stderr.write(stopped_writing_line(done, [str(p) for p in (html, png) if p]) + "\n")
        sys.stderr.flush()
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if json_:
        emit_json(out)
        return
    table = Table(title="Report written", header_style="bold")
    table.add_column("what")
    table.add_column("file", overflow="fold")
    if out["html"]:
        table.add_row("HTML report", out["html"])
    for p in out["png"]:
        table.add_row("PNG", p)
    console.print(table)


def _check_saved_set(result_dir: Path) -> None:
    """Refuse a directory whose ``run.json``/``scenario.yaml`` are not ``plan.json``'s
    run (one of them missing, or another run's: ``tigris.cli._store.check_run_set``);
    warn on stderr when ``plan.json`` carries no content digest (a run saved before
    2026-12-03: it is drawn, but an edit to it cannot be detected; docs/report.md)."""
    from tigris.cli._store import check_run_set
    from tigris.plan.saved import CONTENT_KEY, PLAN_JSON

    check_run_set(result_dir, "RESULT_DIR", need=False)
    try:  # read_result has checked it is a JSON object
        has_digest = CONTENT_KEY in json.loads((result_dir / PLAN_JSON).read_bytes())
    except (OSError, ValueError):  # pragma: no cover - read_result refused it first
        has_digest = True
    if not has_digest:
        sys.stderr.write(
            f"warning: {result_dir / PLAN_JSON} has no {CONTENT_KEY} (saved before "
            "2026-12-03), so an edit to it cannot be detected; drawn as it is. "
            "Re-run 'tigris plan --out' to save it with one\n"
        )
        sys.stderr.flush()


def register(app: typer.Typer) -> None:
    """Add ``report`` to ``app``."""
    app.command("report")(report)
