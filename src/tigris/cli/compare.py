"""``tigris compare``: two runs, two scenario files or a sweep side by side.

Heavy layers (pandas, the planner, the store, plotly, matplotlib) are imported inside
the verb, so ``tigris --help`` stays quick.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from tigris.cli._data import DATA_OPTION, _apply
from tigris.cli._output import EXIT_INTERRUPTED, console, emit_json, err_console, fmt
from tigris.errors import InputError, Problem
from tigris.runs.interrupts import stopped_by

if TYPE_CHECKING:
    import pandas as pd

    from tigris.runs.compare import Comparison

__all__ = ["compare", "register"]

#: Figure formats ``--figure`` writes, by file suffix: plotly HTML (plotly.js embedded,
#: works offline) or a matplotlib PNG.
FIGURE_SUFFIXES = (".html", ".png")
#: Exit code when a side has no plan, or a sweep member failed (the output says which).
EXIT_NO_PLAN = 1
#: Metrics of a sweep shown in its table (all are in ``--json``).
SWEEP_SHOWN = ("served_h100e", "unmet_share", "subsidy_usd", "npv_usd")
#: A percent is a hundredth [%/1].
PERCENT = 100.0
#: Compute of a million or more prints in millions [H100e/M].
PER_MILLION = 1e6
#: Tonnes in a megatonne: emissions show in Mt CO2 (unit conversion).
T_PER_MT = 1e6
#: A change of this many percent or more prints without decimals [%].
WHOLE_PERCENT_FROM = 1000.0
#: The plotly figure is this tall per panel in the PNG twin [inch].
PNG_PANEL_IN = 2.2


def _shown_unit(unit: str) -> str:
    """The unit a row's label names: the one its cells are written in (emissions show
    in Mt, so the label says ``Mt CO2``, not the data's ``t CO2``; README user test
    2026-12-05: ``emissions [t CO2] │ 2,110.48 Mt``).

    >>> _shown_unit("t CO2"), _shown_unit("USD")
    ('Mt CO2', 'USD')
    """
    return "Mt CO2" if unit == "t CO2" else unit


def _value(value: Any, unit: str) -> str:
    """A number for people: money as ``$1.50B`` (per H100e too), compute as ``28.00M``
    [H100e], a share as a percent, a year as ``2031``, else :func:`fmt`."""
    from tigris.fmt import money

    if unit in ("USD", "USD/H100e"):
        return money(value)
    if unit == "year" and value is not None and math.isfinite(float(value)):
        return str(int(float(value)))
    if unit.startswith("H100e") and value is not None and abs(float(value)) >= PER_MILLION:
        return f"{float(value) / PER_MILLION:,.2f}M"
    if unit == "-" and value is not None and math.isfinite(float(value)):
        return f"{PERCENT * float(value):.2f}%"
    if unit == "t CO2" and value is not None and math.isfinite(float(value)):
        return f"{float(value) / T_PER_MT:,.2f} Mt"
    return fmt(value)


def _change(value: Any, unit: str) -> str:
    """A change with its sign: ``+$1.00B``, ``-12.5``, ``+3.10 pp`` (a share); ``0``."""
    if value is None or not math.isfinite(float(value)):
        return fmt(value)
    if float(value) == 0:
        return "0"
    sign = "+" if float(value) > 0 else "-"
    if unit == "-":  # a change of a share is in percentage points
        return f"{sign}{PERCENT * abs(float(value)):.2f} pp"
    if unit == "year":  # a change of a year is in years
        n = abs(float(value))
        return f"{sign}{n:g} year{'s' * (n != 1)}"
    return f"{sign}{_value(abs(float(value)), unit)}"


def _pct(value: Any) -> str:
    """A percent change with its sign; ``n/a`` where there is none (a base of 0 or
    below, a change across zero, a side not a number: :func:`tigris.runs.compare.
    metrics_table`)."""
    if value is None or not math.isfinite(float(value)):
        return "n/a"
    if float(value) == 0:
        return "0%"
    digits = 0 if abs(float(value)) >= WHOLE_PERCENT_FROM else 1
    return f"{float(value):+,.{digits}f}%"


#: Floats from this size up are written with an exponent in the inputs table [-].
_SCIENTIFIC_FROM = 1e6


def _short(value: Any) -> str:
    """An input's value on one line (a whole item shortened); a float in the fewest
    digits that read back to it (no digit lost: two values that differ print apart),
    from a million up as the scenario files write them (user test 2026-12-03, #11:
    ``3500000000000.0`` -> ``3.5e12``).

    >>> _short(3.5e12), _short(1234567.0), _short(0.08), _short(27500.0), _short(True)
    ('3.5e12', '1.234567e6', '0.08', '27500', 'True')
    >>> _short(["logic-N5", "cowos"])
    '[logic-N5, cowos]'
    """
    if isinstance(value, float) and math.isfinite(value):
        if abs(value) >= _SCIENTIFIC_FROM:
            import numpy as np

            text = np.format_float_scientific(value, unique=True, trim="-")
            mantissa, _, exponent = text.partition("e")
            return f"{mantissa}e{int(exponent)}"
        text = repr(value)
        return text.removesuffix(".0")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        # a list of names (a site's facilities) in full: the table folds it
        return "[" + ", ".join(value) + "]"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _inputs_table(c: Comparison) -> Table | str:
    la, lb = c.labels
    if not c.inputs_known:
        return "inputs: not known (a side is a plan without its scenario)"
    text = c.text_inputs
    # provenance text (a source, the name) is listed apart from the model's inputs:
    # plan --set and a sweep member of the same value differ only there (s48 sweeps #1)
    apart = f"; only text differs ({len(text)}): {', '.join(p for p, _, _ in text)}" if text else ""
    inputs = c.model_inputs
    if not inputs:
        return (
            "inputs: the same (no scenario value, option, data-table cell or --data row "
            f"differs){apart}"
        )
    table = Table(title=f"Inputs that differ ({len(inputs)})", header_style="bold")
    table.add_column("path", overflow="fold")  # never cut with an ellipsis
    table.add_column(f"A: {la}", overflow="fold")
    table.add_column(f"B: {lb}", overflow="fold")
    for path, a, b in inputs:
        used = c.inputs_used.get(path, (None, None))
        table.add_row(path, _input_cell(a, used[0]), _input_cell(b, used[1]))
    if text:
        table.caption = f"and text only ({len(text)}): {', '.join(p for p, _, _ in text)}"
    return table


def _input_cell(value: Any, used: tuple[Any, str] | None) -> str:
    """An input's value; for one left to the data (``None``), the value the plan used
    and its source, ``0.5 (data/sites.csv)`` (UT-POLICY #1: ``None`` read as no
    subsidy).

    >>> _input_cell(None, (0.5, "data/sites.csv")), _input_cell(0.2, None)
    ('0.5 (data/sites.csv)', '0.2')
    """
    if used is None:
        return _short(value)
    return f"{_short(used[0])} ({used[1]})"


#: Rows that sum over the horizon but sit among the power rows of the last year (DC MW
#: online, energy, on-site generation last year): their label names the years summed
#: (user test 2026-12-06 power #6: "emissions [Mt CO2] 2,110.48 Mt" and "electricity
#: cost [USD] $450B" read as last-year numbers; docs/compare.md, "Limits").
HORIZON_TOTALS = (
    "emissions_t_co2",
    "electricity_cost_usd",
    "investor_scope1_t_co2",
    "investor_scope2_t_co2",
)


def horizon_span(c: Comparison) -> str:
    """What a horizon total is summed over, as a row's label says it: ``over
    2026–2035`` (the by-year table's years, both plans' horizon), or ``over each
    plan's horizon`` when A and B plan other years (:attr:`Comparison.horizon_note`)
    or no year is known.

    Parameters
    ----------
    c : Comparison
        The comparison.

    Returns
    -------
    str
        The words after the metric's name.

    Examples
    --------
    >>> import pandas as pd
    >>> from tigris.runs.compare import Comparison
    >>> by_year = pd.DataFrame({"year": [2026, 2027, 2035]})
    >>> horizon_span(Comparison(("a", "b"), [], pd.DataFrame(), pd.DataFrame(), by_year))
    'over 2026–2035'
    """
    from tigris.fmt import year_span

    years = [int(y) for y in c.by_year["year"]] if "year" in c.by_year else []
    if c.horizon_note or not years:
        return "over each plan's horizon"
    return f"over {year_span(min(years), max(years))}"


def _metrics_table(c: Comparison) -> Table:
    from tigris.runs.compare import metric_labels
    from tigris.runs.metrics import payback_text

    labels = metric_labels()
    span = horizon_span(c)
    table = Table(title="Results (B - A; % of A)", header_style="bold")
    # a long name wraps at its spaces (capital per added H100e [USD/H100e]): the
    # reference's numbers keep the table within 80 columns
    table.add_column("metric [unit]")
    for name in ("A", "B", "B - A", "%"):
        table.add_column(name, justify="right", no_wrap=True)
    for row in c.metrics.itertuples():
        unit = str(row.unit)
        # a solver residue is already 0 here (tigris.runs.compare.residue_zero)
        change, pct = row.change, row.change_pct
        a, b = _cell(row.a, unit), _cell(row.b, unit)
        if str(row.metric) == "payback_year":  # none: never negative, or not reached
            a, b = (
                payback_text(v, flag)
                for v, flag in zip((row.a, row.b), c.payback_never_negative, strict=True)
            )
        name = labels.get(str(row.metric), str(row.metric))
        if str(row.metric) in HORIZON_TOTALS:
            name = f"{name} {span}"
        table.add_row(
            f"{name} [{_shown_unit(unit)}]",
            a,
            b,
            _cell(change, unit, _change),
            _pct(pct),
        )
    return table


def _no_plan(c: Comparison) -> str | None:
    """``B (inf) has no plan``: the sides whose builds and subsidies cannot be
    compared, as the table's lines say it (user test s44 #1: an infeasible B showed
    ``0`` modules and ``-4, -21, -7`` "that differ"); None when both have one."""
    if all(c.planned):
        return None
    sides = [
        f"{side} ({label})"
        for side, label, ok in zip("AB", c.labels, c.planned, strict=True)
        if not ok
    ]
    return f"{' and '.join(sides)} {'have' if len(sides) > 1 else 'has'} no plan"


def _regions_table(c: Comparison) -> Table | None:
    """The investor's subsidy by region where it differs (UT-POLICY #1); None when no
    region's does, neither side has the table, or a side has no plan (its subsidy is
    not known, so no region's can be said to differ)."""
    if _no_plan(c) is not None:
        return None
    t = c.subsidy_by_region
    differ = t[t["change"].fillna(1.0) != 0] if len(t) else t
    if not len(differ):
        return None
    table = Table(title="Subsidy by region that differs [USD]", header_style="bold")
    table.add_column("region")
    for name in ("A", "B", "B - A"):
        table.add_column(name, justify="right")
    for row in differ.itertuples():
        table.add_row(
            str(row.region) or "(none)",
            _cell(row.a, "USD"),
            _cell(row.b, "USD"),
            _cell(row.change, "USD", _change),
        )
    return table


def _cell(value: Any, unit: str, how: Any = _value) -> str:
    """A results cell: ``how(value, unit)``, or ``n/a`` where a run has no such number
    (a run stored before it, no world without the investor, an undefined IRR)."""
    from tigris.runs.metrics import NOT_KNOWN

    if value is None or not math.isfinite(float(value)):
        return NOT_KNOWN
    return str(how(value, unit))


def _variant(node: Any) -> str:
    """What tells two builds of one facility kind apart, as the comparison keys them
    (:func:`tigris.runs.compare.builds_table`: a data centre's power, ``grid`` or
    ``gas``, a logic fab's node); empty otherwise.

    >>> _variant("grid"), _variant("N3"), _variant(float("nan"))
    ('grid', 'N3', '')
    """
    return node if isinstance(node, str) else ""


def _builds_table(c: Comparison) -> Table | str:
    from tigris.runs.compare import BUILD_OWNER

    no_plan = _no_plan(c)
    if no_plan is not None:  # nothing was built that could be counted against A's
        return f"builds: not compared ({no_plan})"
    differ = c.builds[c.builds["change"] != 0]
    if not len(differ):
        n = len(c.builds)
        return (
            f"builds: the same ({n} row{'s' * (n != 1)} by site, facility, power or node "
            "and start year)"
        )
    table = Table(title=f"Builds that differ [modules] ({len(differ)})", header_style="bold")
    owners = "owner" in differ and bool((differ["owner"] != BUILD_OWNER).any())
    for name in (*(["owner"] if owners else []), "site", "facility", "power / node", "start"):
        table.add_column(name, no_wrap=name not in ("site", "owner"))
    for name in ("A", "B", "B - A"):
        table.add_column(name, justify="right")
    for row in differ.itertuples():
        table.add_row(
            *([str(row.owner)] if owners else []),
            str(row.site),
            str(row.facility),
            _variant(row.node),
            str(row.start_year),
            fmt(row.modules_a),
            fmt(row.modules_b),
            _change(row.change, ""),
        )
    return table


def _by_year_table(c: Comparison) -> Table:
    # capex: every row of each plan's capex table, the subsidies' too, so gross of
    # subsidy where the plan's "spent" is net (user test 2026-12-07, claims #7)
    title = "By year (served, unmet [H100e/year]; capex [USD], gross: subsidies included)"
    table = Table(title=title, header_style="bold")
    table.add_column("year")
    for name in ("served A", "served B", "unmet A", "unmet B", "capex A", "capex B"):
        table.add_column(name, justify="right")
    for row in c.by_year.itertuples():
        table.add_row(
            str(row.year),
            _value(row.served_a, "H100e/year"),
            _value(row.served_b, "H100e/year"),
            _value(row.unmet_a, "H100e/year"),
            _value(row.unmet_b, "H100e/year"),
            _value(row.capex_a, "USD"),
            _value(row.capex_b, "USD"),
        )
    return table


def _print(c: Comparison) -> None:
    for side, label, rid, status in zip("AB", c.labels, c.run_ids, c.statuses, strict=True):
        stored = f", run {rid}" if rid and rid != label else ""
        console.print(f"{side}: {label} ({status}{stored})")
    console.print()
    console.print(_inputs_table(c))
    console.print()
    # what makes a B - A below not the change alone, said before the numbers: other
    # discounting, objectives of other kinds, other horizons (user test s44 #2)
    for note in (c.rate_note, c.objective_note, c.horizon_note):
        if note:
            console.print(note)
            console.print()
    console.print(_metrics_table(c))
    if c.same_note:  # a change that changed nothing says so (UT-POLICY #2)
        console.print(c.same_note)
    if c.subsidy_note:  # what the change in subsidy bought (UT-POLICY #1)
        console.print(c.subsidy_note)
    console.print()
    regions = _regions_table(c)
    if regions is not None:
        console.print(regions)
        console.print()
    for part in (_builds_table(c), _by_year_table(c)):
        console.print(part)
        console.print()
    for note in c.notes:  # what the numbers above need beside them (user test #6)
        console.print(note)


def _png(c: Comparison, path: Path) -> None:
    """The figure's matplotlib twin: served, unmet and capex by year, A solid, B dashed."""
    from matplotlib.ticker import MaxNLocator

    from tigris.units import USD_PER_BILLION
    from tigris.viz.style import (
        FIG_WIDTH_IN,
        axis_label,
        figure_legend,
        figure_title,
        new_figure,
        save_png,
        series_colour,
    )

    panels = (
        ("served", "Served", "M H100e/year", PER_MILLION),
        ("unmet", "Unmet", "M H100e/year", PER_MILLION),
        ("capex", "Capex", "B USD", USD_PER_BILLION),
    )
    fig, axes = new_figure(FIG_WIDTH_IN, PNG_PANEL_IN * len(panels), nrows=len(panels), sharex=True)
    years = c.by_year["year"].to_numpy()
    for ax, (name, quantity, unit, scale) in zip(axes, panels, strict=True):
        for i, (label, style) in enumerate(zip(c.labels, ("-", "--"), strict=True)):
            y = c.by_year[f"{name}_{'ab'[i]}"].to_numpy(dtype=float) / scale
            ax.plot(years, y, style, color=series_colour(i), label=f"{'AB'[i]}: {label}")
        ax.set_ylabel(axis_label(quantity, unit))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[-1].set_xlabel("Year")
    figure_title(fig, f"{c.labels[0]} (A) against {c.labels[1]} (B)")
    figure_legend(fig)
    save_png(fig, path)


def _write_figure(c: Comparison, target: Path) -> None:
    from tigris.fsio import atomic_file

    with atomic_file(target, "--figure") as tmp:
        if target.suffix.lower() == ".html":
            # plotly.js embedded: the file works offline (no CDN)
            page = c.figure().to_html(include_plotlyjs=True, full_html=True)
            # the page names what it compares (a new user's test of 2026-12-07: the
            # browser tab had no title)
            title = html.escape(f"tigris compare: {c.labels[0]} (A) against {c.labels[1]} (B)")
            page = page.replace("<head>", f"<head><title>{title}</title>", 1)
            Path(tmp).write_text(page, encoding="utf-8")
        else:
            _png(c, tmp)
    err_console.print(f"wrote {target}")


def _figure_or_unstore(c: Comparison, target: Path, stored: list[str], store: Path | None) -> None:
    """Write the figure; when that fails, take the runs this command stored back out of
    the store and say so in the one line: the folder was checked before anything was
    solved (:func:`_check_figure`), but a full disk shows only when the file is written,
    which left run B stored by a command that failed (user test s62 #6)."""
    try:
        _write_figure(c, target)
    except InputError as exc:
        if not stored:
            raise
        from tigris.runs.store import RunStore, store_path

        ids = ", ".join(stored)
        runs = f"run{'s' * (len(stored) > 1)} {ids}"
        where = store_path(store)
        try:
            RunStore(where).remove(list(stored))
        except InputError:  # the store named as 'tigris plan' names it (cli/plan.py)
            try:
                default = store_path(None)
            except InputError:  # a $TIGRIS_STORE no store can have: --store gave this one
                default = None
            flag = "" if where == default else f" --store {where}"
            said = (
                f"{runs}, solved here, stay stored in {where} ('tigris runs rm "
                f"{' '.join(stored)}{flag}' removes them)"
            )
        else:
            said = f"{runs}, solved here, taken back out of the store: nothing stored"
            stored.clear()
        raise InputError(f"{exc.problems[0].message}; {said}", field="--figure") from None


def _check_figure(given: str | None) -> Path | None:
    """The ``--figure`` file, refused before anything is solved or stored as ``tigris
    plan --report`` refuses its file: a name ending in ``/`` names a folder, not a file
    (``new.html/`` wrote a file ``new.html``), and the folder must exist (a missing one
    is a typo, not a request to create it: ``/nonexist/d.html`` created ``/nonexist``;
    user test s50 compare #3); then another suffix, a folder that cannot be written."""
    if given is None:
        return None

    from tigris.fsio import check_output

    nothing = "nothing was solved or stored"
    # a name ending in '/' is refused for every verb's one-file option before the verb
    # runs (tigris.cli._file_option_as_folder), this one's too
    target = Path(given)
    if target.suffix.lower() not in FIGURE_SUFFIXES:
        msg = f"expected a file ending {' or '.join(FIGURE_SUFFIXES)}, got '{target.name}'"
        raise InputError(msg, field="--figure")
    parent = target.parent
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        msg = f"cannot write {target}: folder '{parent}' {what}; {nothing}"
        raise InputError(msg, field="--figure")
    check_output(target, "--figure", directory=False)
    _probe_folder(target)
    return target


def _probe_folder(target: Path) -> None:
    """Create and remove a file in the nearest existing folder of ``target``:
    :class:`InputError` (``--figure``) when that fails, before anything is solved or
    stored (user test s48 sweeps #6: ``--figure /proc/x.html`` passed the permission
    check, solved and stored both sides, then could not write)."""
    import os
    import tempfile

    folder = target.expanduser().absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".tigris-probe-")
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        msg = f"cannot write {target}: {why} (in '{folder}'); nothing was solved or stored"
        raise InputError(msg, field="--figure") from None
    os.close(fd)
    Path(probe).unlink(missing_ok=True)


def _check_store(store: Path | None, solving: bool) -> None:
    """Refuse, before anything runs, a store that is no regular file (a folder, a pipe,
    a device) or, when a plan is to be written to it, cannot be written."""
    from tigris.fsio import check_output
    from tigris.runs.store import store_path

    path = store_path(store)
    if solving:  # named where the store was set by store_named
        check_output(path, "--store", directory=False)
    elif path.exists() and not path.is_file():
        msg = f"'{path}' is not a regular file; expected a store of runs (a .duckdb file)"
        raise InputError(msg, field="--store")


def _side_line(side: str, problems: tuple[Problem, ...]) -> Problem:
    """One side's problems as one line: the first, named by its side, and how many more
    (``tigris scenario check FILE`` lists a file's every problem, as ``tigris plan``
    does), so that two bad files are two lines (user test s44 #12c).

    >>> from tigris.errors import Problem
    >>> print(_side_line("B", (Problem("pue", "must be >= 1", "b.yaml", 3),) * 3))
    B: b.yaml:3: pue: must be >= 1 (and 2 more problems: tigris scenario check b.yaml lists them)
    >>> print(_side_line("A", (Problem("A", "no run 'ffff'"),)))
    A: no run 'ffff'
    """
    first = problems[0]
    line = first if first.field == side else Problem(side, str(first))
    more = len(problems) - 1
    if not more:
        return line
    files = {p.file for p in problems if p.file}
    where = f": tigris scenario check {files.pop()} lists them" if len(files) == 1 else ""
    tail = f" (and {more} more problem{'s' * (more != 1)}{where})"
    return dataclasses.replace(line, message=line.message + tail)


def _data_line(problems: tuple[Problem, ...], path: Path) -> Problem:
    """A ``--data`` file's problems as one line: the first, named ``--data``, and how
    many more (``tigris catalog --data FILE`` lists them), as a scenario file's are
    (:func:`_side_line`; user test s45 #3: eleven ``error: less.yaml:9: ...`` lines, none
    naming ``--data``).

    >>> from tigris.errors import Problem
    >>> p = Problem("sites.0.foo", "unknown field", "d.yaml", 4)
    >>> print(_data_line((p,), Path("d.yaml")))
    --data: d.yaml:4: sites.0.foo: unknown field
    >>> print(_data_line((p, p), Path("d.yaml")).message.split(" (")[1])
    and 1 more problem: tigris catalog --data d.yaml lists them)
    """
    first = problems[0]
    line = first if first.field == "--data" else Problem("--data", str(first))
    more = len(problems) - 1
    if not more:
        return line
    tail = f" (and {more} more problem{'s' * (more != 1)}: tigris catalog --data {path} lists them)"
    return dataclasses.replace(line, message=line.message + tail)


def _apply_data(ctx: typer.Context, value: Path | None) -> Path | None:
    """``--data``'s callback: the file is NOT read here; :func:`_read_data` reads it
    once the command knows it solves something (user test s48 sweeps #10: ``compare
    RUN RUN --data FILE`` printed the file's warnings, then refused ``--data``)."""
    return value


def _read_data(value: Path | None) -> None:
    """Put ``--data`` in force for the rest of the command
    (:data:`tigris.cli._data.DATA_OPTION`'s reading), its refusal one line
    (:func:`_data_line`)."""
    if value is None:
        return
    import sys

    ctx = None
    for name in ("typer._click.globals", "click.globals"):  # as runs.store.on_command_line
        mod = sys.modules.get(name)
        ctx = mod.get_current_context(silent=True) if mod is not None else None
        if ctx is not None:
            break
    if ctx is None:
        return
    try:
        _apply(ctx, value)
    except InputError as exc:
        raise InputError(_data_line(exc.problems, value)) from None


#: ``--data`` as every verb takes it, a bad file said in one line naming the option.
COMPARE_DATA_OPTION = typer.Option(
    "--data", help=DATA_OPTION.help, dir_okay=False, callback=_apply_data
)


def _check_unused(data: Path | None, store: Path | None, solving: bool, store_read: bool) -> None:
    """Refuse, before anything runs, ``--data`` when nothing is solved here and
    ``--store`` when no store is read or written: each would do nothing, silently (user
    test s44 #10). A stored run or a saved folder is read with the ``--data`` text it
    was solved with (:func:`tigris.cli._store.run_overlay`); two folders read no store.

    Parameters
    ----------
    data, store : Path or None
        ``--data`` and ``--store`` as given.
    solving : bool
        Whether a side is a scenario file, solved here.
    store_read : bool
        Whether a side is a stored run (or ``--sweep``), read from the store.
    """
    if data is not None and not solving:
        msg = (
            "nothing is solved here (a stored run, a 'tigris plan --out' folder or a "
            "sweep's member is read with the --data it was solved with); give --data "
            "only with a scenario file to solve"
        )
        raise InputError(msg, field="--data")
    if store is not None and not (solving or store_read):
        msg = (
            "A and B are 'tigris plan --out' folders: no store is read or written; give "
            "--store only with a stored run's id or a scenario file"
        )
        raise InputError(msg, field="--store")


def _swept(value: Any) -> str:
    """A member's value of a swept path as ``tigris sweep``'s table shows it (a float
    in 4 significant digits, :func:`tigris.cli.sweep._value`), so a range's float
    noise is not printed (user test UT-POLICY #9: ``0.19999999999999998`` for 0.2);
    ``--json`` keeps the exact value.

    >>> _swept(0.6 / 3), _swept(0.0), _swept(["logic-N5", "cowos"])
    ('0.2', '0', '[logic-N5, cowos]')
    """
    from tigris.cli.sweep import _value

    return _value(float(value)) if isinstance(value, float) else _short(value)


def _sweep_table(df: pd.DataFrame, paths: list[str]) -> Table:
    from tigris.runs.metrics import METRIC_UNITS, METRICS

    labels = {str(m): m.label for m in METRICS}
    table = Table(title="Members (change against member 0)", header_style="bold")
    table.add_column("member", justify="right", no_wrap=True)
    # the labels wrap (a long value folds, a status too); a number is never cut
    # (user test s48 sweeps #9: "(+1,055.5…" at 80 columns): the number columns do not
    # wrap, each number and its change on a line of their own
    table.add_column("values", overflow="fold")
    table.add_column("status", overflow="fold")
    for key in SWEEP_SHOWN:
        unit = METRIC_UNITS.get(key, "")
        table.add_column(
            f"{labels.get(key, key)}\n[{_shown_unit(unit)}]", justify="right", no_wrap=True
        )
    for row in df.to_dict("records"):
        changes = ", ".join(_swept(row[p]) for p in paths)
        cells = [str(row["member"]), changes, str(row["status"])]
        for key in SWEEP_SHOWN:
            unit = METRIC_UNITS.get(key, "")
            cells.append(f"{_value(row[key], unit)}\n({_change(row[f'{key}_change'], unit)})")
        table.add_row(*cells)
    return table


def _sweep_head(sweep_id: str, df: pd.DataFrame, paths: list[str]) -> str:
    """``sweep ID: 8 members; swept paths, in order: ...``; for a sweep short of
    members, ``1 of 8 members stored (interrupted)``, and whether member 0, the base
    of every change, is missing (user test s48 sweeps #7: "1 members" and every
    change "(–)" without a word why).
    """
    n, total = len(df), int(df.attrs.get("n_members", len(df)))
    status = str(df.attrs.get("status", "done"))
    if n < total:
        again = df.attrs.get("resumable", False)
        seed = df.attrs.get("seed")
        finish = f"the same tigris sweep with --seed {seed}" if seed is not None else (
            "the same tigris sweep again"
        )  # fmt: skip
        why = {
            "interrupted": f"interrupted; {finish} finishes it" if again else "interrupted",
            "running": "running, or stopped by a crash",
        }.get(status, status)
        count = f"{n} of {total} members stored ({why})"
    else:
        count = f"{n} member{'' if n == 1 else 's'}"
    line = f"sweep {sweep_id}: {count}; swept paths, in order: {', '.join(paths)}"
    if n and not (df["member"] == 0).any():
        line += "; member 0 is not stored, so no change against it is shown (–)"
    return line


def _sweep(sweep_id: str, store: Path | None, as_json: bool) -> int:
    from tigris.runs.compare import compare_sweep

    df = compare_sweep(sweep_id, store=store)
    sweep_id = str(df.attrs.get("sweep_id", sweep_id))
    paths = list(df.attrs.get("paths", []))
    # a member with an error has no plan, a time-limit stop without a solution too
    error = df["error"].fillna("").astype(str).str.strip() != ""
    failed = df[~df["status"].isin(_OK) | error]
    if as_json:
        from tigris.runs.compare import _records

        emit_json({"sweep": sweep_id, "members": _records(df)})
    else:
        console.print(_sweep_head(sweep_id, df, paths))
        console.print(_sweep_table(df, paths))
        for note in df["subsidy_note"]:  # what each member's extra subsidy bought
            if isinstance(note, str):
                console.print(note)
        for note in df.get("rate_note", []):  # discounted otherwise than member 0
            if isinstance(note, str):
                console.print(note, markup=False)
        for row in failed.itertuples():
            why = row.error if isinstance(row.error, str) and row.error else "no plan"
            console.print(f"member {row.member} {row.status}: {why}")
    return EXIT_NO_PLAN if len(failed) else 0


def compare(
    a: Annotated[
        str | None,
        typer.Argument(
            metavar="A",
            help="Run A: a stored run's id (or a prefix), a scenario file, or a "
            "directory written by 'tigris plan --out'.",
        ),
    ] = None,
    b: Annotated[
        str | None,
        typer.Argument(
            metavar="B",
            help="Run B: a stored run's id (or a prefix), a scenario file, or a "
            "directory written by 'tigris plan --out'.",
        ),
    ] = None,
    sweep: Annotated[
        str | None,
        typer.Option("--sweep", help="Compare every member of this sweep with member 0."),
    ] = None,
    json_: Annotated[
        bool, typer.Option("--json", help="Print the comparison as one JSON document.")
    ] = False,
    # text, not Path: a trailing '/' names a folder, which Path would drop
    figure: Annotated[
        str | None,
        typer.Option(
            "--figure",
            help="Also write served, unmet and capex by year, A against B: FILE.html "
            "(interactive, works offline) or FILE.png; its folder must exist.",
        ),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="The store of runs to read ids from and write solved scenarios to; "
            "default $TIGRIS_STORE, else your data directory (docs/runs.md).",
            dir_okay=False,
        ),
    ] = None,
    no_store: Annotated[
        bool,
        typer.Option("--no-store", help="Do not store the plans of scenario files solved here."),
    ] = False,
    data: Annotated[Path | None, COMPARE_DATA_OPTION] = None,
) -> int:
    """Compare two plans: the inputs that differ, by path, and what the results do.

    A and B are each a stored run (its id from 'tigris runs list', or a prefix of at
    least 4 characters), a scenario file (an existing file, solved here and stored
    unless --no-store) or a directory written by 'tigris plan --out' (its plan,
    scenario and options as saved in it; nothing solved). Prints the inputs that
    differ by dotted path (the same paths 'tigris sweep --set' takes; solve options as
    option.NAME), the headline numbers of A and B with B - A and the change in
    percent of A (n/a when A is 0 or below, or the change crosses zero; 0% when A and
    B are equal), the builds (modules by site, facility and start year) that differ,
    and compute served, unmet and capex by year. Every number is a headline number of
    'tigris plan' or a sum of a plan's tables. With --sweep ID: one row per member, its
    values of the swept paths and its numbers against member 0.

    Examples:

        tigris compare base.yaml more-capital.yaml
        tigris compare plan1 plan2          # two 'tigris plan --out' directories
        tigris runs list
        tigris compare 3fa2 91c0 --figure diff.html
        tigris compare 3fa2 91c0 --json
        tigris compare --sweep 5be1

    Exit code: 0 compared; 1 a side has no plan (or a sweep member failed); 2 bad
    input (an unknown id, a bad scenario file, a directory without run.json; nothing
    solved, nothing stored); 130 stopped with Ctrl-C (one line says what was already
    stored).
    """
    try:
        return _compare(a, b, sweep, json_, figure, store, no_store, data)
    except InputError as exc:
        from tigris.cli._store import store_named

        raise store_named(exc, store) from None


def _compare(
    a: str | None,
    b: str | None,
    sweep: str | None,
    json_: bool,
    figure: str | None,
    store: Path | None,
    no_store: bool,
    data: Path | None,
) -> int:
    """The body of :func:`compare`, its errors named by
    :func:`tigris.cli._store.store_named`."""
    if sweep is not None:
        if a is not None or b is not None or figure is not None:
            msg = "give either two runs (A B) or --sweep ID, not both (no --figure with --sweep)"
            raise InputError(msg, field="--sweep")
        _check_unused(data, None, solving=False, store_read=True)
        _check_store(store, solving=False)
        return _sweep(sweep, store, json_)
    if a is None or b is None:
        msg = (
            "expected two runs A B (stored ids, scenario files or 'tigris plan --out' "
            "directories) or --sweep ID; "
            "list stored runs with `tigris runs list`"
        )
        raise InputError(msg, field="A B")
    if no_store and store is not None:
        raise InputError("give --store FILE or --no-store, not both", field="--no-store")
    target = _check_figure(figure)
    from tigris.runs.compare import SidesError, is_saved_run, is_scenario_file
    from tigris.runs.compare import compare as compare_runs

    solving = any(map(is_scenario_file, (a, b)))
    _check_unused(data, store, solving, store_read=not all(map(is_saved_run, (a, b))))
    _check_store(store, solving=not no_store and solving)
    if solving and not no_store:  # the plans are stored before the figure is written
        from tigris.cli._store import refuse_store_outputs

        refuse_store_outputs(store, {"--figure": target})
    _read_data(data)  # read only once it is known to be used (s48 sweeps #10)

    where: Any = False if no_store else store
    stop = _Stop()
    with stop.catching():
        with (
            err_console.status("solving and comparing…", spinner="dots")
            if err_console.is_terminal
            else contextlib.nullcontext()
        ):
            try:
                c = compare_runs(a, b, store=where, stored=stop.stored)
            except SidesError as exc:
                from tigris.cli._store import store_named

                lines = [
                    _side_line(k, store_named(InputError(list(v)), store).problems)
                    for k, v in exc.by_side.items()
                ]
                raise InputError(lines) from None
        if target is not None:
            # before the comparison is printed: a figure that cannot be written (a full
            # disk) is exit 2 with nothing printed and nothing stored (user test s62 #6)
            stop.phase, stop.figure = "writing the figure", target
            _figure_or_unstore(c, target, stop.stored, store)
            stop.figure = None
        stop.phase = "printing the comparison"
        if json_:
            emit_json(c.to_dict())
        else:
            _print(c)
    no_plan = [
        f"{lab} ({s})"
        for lab, s, ok in zip(c.labels, c.statuses, c.planned, strict=True)
        if s not in _OK or not ok
    ]
    if no_plan:
        if not json_:
            console.print(f"no plan for {', '.join(no_plan)}: its results are empty or NaN")
        return EXIT_NO_PLAN
    return 0


class _Stop:
    """What ``tigris compare`` is doing, for the one line a Ctrl-C prints (exit 130, as
    ``tigris plan`` and ``tigris runs``): the step under way and what it leaves (the
    runs stored so far, the output cut, the figure not written)."""

    def __init__(self) -> None:
        self.phase = "solving and comparing"
        #: ids of the runs stored before the stop (:func:`tigris.runs.compare.compare`)
        self.stored: list[str] = []
        self.figure: Path | None = None

    def line(self) -> str:
        """``stopped by the user while <step>; <what is left>``."""
        n = len(self.stored)
        kept = (
            f"run{'s' * (n != 1)} {', '.join(self.stored)} already stored (tigris runs list)"
            if n
            else "nothing stored"
        )
        left = [kept]
        if self.phase == "printing the comparison":
            left.insert(0, "the output above is incomplete")
        if self.figure is not None:
            left.append(f"{self.figure} written whole or left as it was")
        return f"{stopped_by()} while {self.phase}; {'; '.join(left)}"

    @contextlib.contextmanager
    def catching(self) -> Iterator[None]:
        """Run the block; a Ctrl-C in it prints :meth:`line` on stderr and exits 130,
        with no traceback. An error of another kind while a Ctrl-C was noted
        (:func:`tigris.runs.interrupts.sigint_noted`: DuckDB, HiGHS or an import turned
        it into its own) is that Ctrl-C."""
        from tigris.runs.interrupts import sigint_noted

        seen: list[bool] = []
        try:
            with sigint_noted(seen):
                yield
        except KeyboardInterrupt:
            self._exit()
        except Exception:
            if not seen:
                raise
            self._exit()
        if seen:  # a Ctrl-C swallowed on the way: the user still asked to stop
            self._exit()

    def _exit(self) -> None:
        sys.stderr.write(self.line() + "\n")
        sys.stderr.flush()
        raise typer.Exit(EXIT_INTERRUPTED) from None


#: Statuses of a usable plan (``PlanResult.ok``).
_OK = ("optimal", "time_limit")


def register(app: typer.Typer) -> None:
    """Add ``compare`` to ``app``."""
    app.command("compare")(compare)
