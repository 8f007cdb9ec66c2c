"""``tigris risk``: how sure is a plan (``docs/risk.md``).

The verb checks every flag, then calls :func:`tigris.risk.api.risk`; it prints the
``--json`` document (:meth:`~tigris.risk.api.RiskResult.to_dict`) or a summary for
people: the quantiles of the main outputs in the last year and over the horizon, the
inputs that drive them, and the disruption and stochastic-plan numbers when asked for.
The planner, pandas and the report layer are imported only when the verb runs.
"""

from __future__ import annotations

import contextlib
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tigris import units
from tigris.cli._args import check_params, check_plot_path
from tigris.cli._data import DATA_OPTION
from tigris.cli._many import (
    MIP_GAP_OPTION,
    OBJECTIVE_OPTION,
    SCHEDULER_OPTION,
    WORKERS_OPTION,
    store_choice,
)
from tigris.cli._output import EXIT_INTERRUPTED, console, emit_json, err_console
from tigris.cli.sweep import SAMPLES_WITHOUT_YES, check_samples_asked
from tigris.errors import InputError, TigrisError
from tigris.risk.api import DEFAULT_SAMPLES, DEFAULT_SOBOL_N

if TYPE_CHECKING:
    from tigris.risk.api import RiskResult

__all__ = ["register", "risk"]

#: Exit code when some Monte Carlo member (or the deterministic plan) has no plan: the
#: summary names them; the quantiles are over the members that solved.
EXIT_MEMBER_FAILED = 1
#: Drivers shown per output in the summary (the JSON and the report have them all).
_TOP_DRIVERS = 3
#: Failed members listed one by one; the rest are counted.
_MAX_FAILED_LINES = 10
#: The yearly outputs shown for the last year, then the totals, in the summary.
_YEARLY_SHOWN = (
    "served_h100e",
    "unmet_h100e",
    "unmet_share",
    "power_mw",
    "added_h100e",
    "datacenter_mw_online",
    "energy_twh",
    "emissions_t_co2",
    "electricity_cost_usd",
)
#: ``capex_usd`` (the capex spent in a year) is not shown for the last year: it is 0
#: there by construction (:data:`tigris.risk.labels.ZERO_IN_LAST_YEAR`, the report's
#: rule too; user test 2026-12-04, UT-MONEY #5); the capital spent over the horizon is
#: shown instead, and the JSON keeps every year.
_TOTALS_SHOWN = (
    "unmet_share_total",
    "capex_committed_usd",
    "capital_spent_usd",
    "cost_usd",
    "npv_total_usd",
    "irr",
    "payback_year",
    "served_h100e_total",
    "added_h100e_total",
    "capex_usd_per_added_h100e",
)
#: Words for the outputs in the summary table and its notes: one for every output of
#: :data:`tigris.risk.montecarlo.OUTPUTS` (the band note names any of them; user test
#: s44 #12b: ``modules_built`` printed as its key).
_WORDS = {
    "served_h100e": "served",
    "unmet_h100e": "unmet",
    "unmet_share": "unmet share",
    "capex_usd": "capex spent",
    "power_mw": "power",
    "npv_usd": "NPV to date",
    "datacenter_mw_online": "DC power online",  # printed in GW: not "MW"
    "energy_twh": "energy",
    "emissions_t_co2": "emissions",
    "electricity_cost_usd": "electricity cost",
    "unmet_share_total": "unmet share, all",
    "capex_committed_usd": "capex committed",
    "cost_usd": "discounted cost",
    "npv_total_usd": "investor NPV",
    "capital_spent_usd": "capital spent",
    "irr": "investor IRR",
    "payback_year": "payback year",
    "served_h100e_total": "served, all",
    "unmet_h100e_total": "unmet, all",
    "modules_built": "modules built",
    "added_h100e": "added by the investor",
    "added_h100e_total": "added by the investor, all",
    "capex_usd_per_added_h100e": "$ per added H100e",
}
#: The quantile columns of the summary table (the JSON's keys).
_Q = ("p5", "p25", "p50", "p75", "p95")
#: p-values below this print as "<0.001" in the drivers table [-].
_P_FLOOR = 1e-3
#: The drivers table's word for an input no plan could use (NOT_BUILT in the JSON).
_NEVER_BUILT = "never built"
#: The drivers table's mark of a p-value not significant (NOT_SIGNIFICANT in the JSON).
_NS = "n.s."
#: Columns the stochastic plan's notes are wrapped to in the summary.
_NOTE_WIDTH = 80
#: Megawatts in a gigawatt, a million and a thousand (unit conversions).
_MW_PER_GW = units.MW_PER_GW
_MILLION = 1e6
_THOUSAND = 1e3
#: Tonnes in a megatonne (emissions are shown in Mt CO2).
_T_PER_MT = 1e6
#: Quantiles of the by-region power table of the summary (the JSON has all five).
_REGION_QUANTILES = ("p5", "p50", "p95")


def _three(x: float) -> str:
    """Three significant digits, never in exponent form below 1,000 (``362``, ``2.53``)."""
    return f"{x:,.3g}" if abs(x) < _THOUSAND else f"{x:,.0f}"


def _value(x: Any, unit: str) -> str:
    """One number of the summary, short (three significant digits) in the output's unit
    for people: ``$39.7B``, ``362M`` or ``2.53B`` H100e, ``87.5%``, ``117 GW``."""
    from tigris.fmt import money, share
    from tigris.risk.labels import without_noise

    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    v = float(x)
    if unit == "USD":
        return money(without_noise(v))  # below $1: solver noise, $0 (MONEY_TOL_USD)
    if unit == "USD/H100e":  # capital per H100e added: dollars, as tigris plan prints it
        return money(v)
    if unit in ("H100e", "H100e-years"):  # the row's words name which
        big = abs(v) >= _THOUSAND * _MILLION
        return _three(v / (_THOUSAND * _MILLION)) + "B" if big else _three(v / _MILLION) + "M"
    if unit == "-":
        return share(v)
    if unit == "MW":
        return f"{_three(v / _MW_PER_GW)} GW"
    if unit == "year":  # a quantile is a plan's year; the mean may fall between (2035.4)
        return f"{v:.0f}" if v == round(v) else f"{v:.1f}"
    if unit == "TWh":
        return f"{_three(v)} TWh"
    if unit == "t CO2":
        return f"{_three(v / _T_PER_MT)} Mt"
    return _three(v)


def _drawn_words(doc: dict[str, Any]) -> str:
    """ "seed 7", with ", Latin hypercube" when the draws were one (``--design lhs``)."""
    lhs = ", Latin hypercube" if doc.get("design") == "lhs" else ""
    return f"seed {doc['seed']}{lhs}"


def print_summary(res: RiskResult, doc: dict[str, Any]) -> None:
    """The run for people: quantiles of the main outputs, drivers, the extras asked
    for, and the failed members (from the ``--json`` document ``doc``)."""
    from rich.table import Table

    from tigris.risk.montecarlo import ADDED_OUTPUTS

    first, last = res.horizon
    stopped = doc["stopped"]
    if not doc["members_ok"] and doc["samples"]:
        _print_nothing_solved(res, doc)
        return
    if stopped["members"]:  # said only when some plan stopped at a limit (no noise)
        console.print(
            f"tigris risk: '{res.scenario}', {doc['members_ok']} of {doc['samples']} "
            f"sampled plans solved to optimality, {len(stopped['members'])} stopped at a "
            f"limit ({_drawn_words(doc)}); quantiles over the optimal plans only",
            soft_wrap=True,
        )
    else:
        console.print(
            f"tigris risk: '{res.scenario}', {doc['members_ok']} of {doc['samples']} sampled "
            f"plans solved ({_drawn_words(doc)}); quantiles over the plans that solved",
            soft_wrap=True,
        )
    _print_off_centre(doc["inputs"])
    quantiles = doc["quantiles"]
    det = doc["deterministic"]
    table = Table(title=f"Outputs: {last}, and all years {first}–{last}", header_style="bold")
    table.add_column("output", no_wrap=True)
    for col in ("p5", "p25", "p50", "p75", "p95", "planned"):
        table.add_column(col, justify="right", no_wrap=True)
    from tigris.risk.labels import ZERO_IN_LAST_YEAR

    yearly = [k for k in _YEARLY_SHOWN if k not in ZERO_IN_LAST_YEAR]  # the report's rule
    rows = [(k, str(last)) for k in yearly] + [(k, "all") for k in _TOTALS_SHOWN]
    for i, (key, year) in enumerate(rows):
        entry = quantiles.get(key)
        if entry is None:
            continue
        q = entry["values"].get(year, {})
        if key in ADDED_OUTPUTS and not q.get("n"):
            continue  # solved without the world without the investor: nothing to show
        unit = entry["unit"]
        name = _WORDS.get(key, key) + (f" {year}" if year != "all" else "")
        if i == len(yearly):
            table.add_section()
        table.add_row(
            name,
            *(_value(q.get(c), unit) for c in ("p5", "p25", "p50", "p75", "p95")),
            _value(det.get(key, {}).get(year), unit),
        )
    # the salvage's words only where a plan has an IRR or a payback year (user test s44
    # #12a: said of a scenario without capital, every cell "–")
    money = any(
        _defined(det.get(key, {}).get("all"))
        or any(_defined(quantiles.get(key, {}).get("values", {}).get("all", {}).get(q)) for q in _Q)
        for key in ("irr", "payback_year")
    )
    salvage = (
        f"investor IRR with the salvage at book value, payback year {last + 1}: reached "
        "by that salvage"
        if money
        else "investor IRR, payback year: – (no plan has investor flows that define them)"
    )
    table.caption = (
        "served, unmet: H100e (M million, B billion); power: compute fleet + fabs; "
        "DC power online: data-centre facility power; energy: the fleet's; emissions (CO2) "
        "and electricity cost: the fleet's and new fabs' energy (each plan's power "
        f"table, world row); {salvage}; added by the investor: compute delivered "
        "less the world without the investor (re-solved for each plan), $ per added "
        "H100e: the capital it spends per H100e added, as tigris plan's headline; "
        "planned: the plan with every input at the scenario's own value (often a distribution's "
        "mode, not its mean: for a skewed input the quantiles need not centre on it)"
    )
    console.print(table)
    _print_mc_error(doc, str(last))
    _print_balance(doc)
    _print_probabilities(doc, str(last))
    _print_no_per_added(quantiles, doc["members_ok"])
    for note in res.monte_carlo.undrawn:  # a binding constraint no distribution draws
        console.print(f"note: {note}", soft_wrap=True)
    _print_undefined(quantiles, det, doc["members_ok"])
    _print_regions(quantiles, det, str(last))
    if doc["drivers"]:
        _print_drivers(doc["drivers"])
        corr = doc.get("drivers_correction") or {}
        rho = corr.get("smallest_significant_rho")
        spearman = any(d["measure"] == "spearman" for r in doc["drivers"].values() for d in r)
        if spearman and rho is not None:
            console.print(
                f"note: with {corr['tests']} inputs tested over {doc['members_ok']} plans, "
                f"only a rank correlation of |rho| >= {rho:.2f} can be significant; a "
                "smaller one is not told from chance (more --samples lower it)",
                soft_wrap=True,
            )
    elif doc.get("sobol") is None and doc.get("tornado") is None:
        from tigris.risk.montecarlo import too_few_to_rank

        reason = too_few_to_rank(doc["members_ok"])
        console.print(f"{reason}; use --samples or --tornado", soft_wrap=True)
    _print_runs_apart(doc, table=True)


def _defined(x: Any) -> bool:
    """Whether a number of the JSON document is there (not None, not NaN)."""
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def _print_nothing_solved(res: RiskResult, doc: dict[str, Any]) -> None:
    """One line in place of empty tables when no sampled plan solved to optimality
    (every one failed or stopped at a limit), then what the Sobol, tornado and extra
    runs found and why each plan has no numbers."""
    n_failed = sum(1 for row in doc["failed"] if row["member"] >= 0)
    n_stopped = len(doc["stopped"]["members"])
    why = ", ".join(
        w
        for k, w in (
            (n_failed, f"{n_failed} failed"),
            (n_stopped, f"{n_stopped} stopped at a limit"),
        )
        if k
    )
    console.print(
        f"tigris risk: '{res.scenario}', none of the {doc['samples']} sampled plans solved to "
        f"optimality ({why}; {_drawn_words(doc)}): no quantiles, intervals, probabilities "
        "or drivers (the lines below say why)",
        soft_wrap=True,
    )
    _print_runs_apart(doc, table=False)


def _print_runs_apart(doc: dict[str, Any], *, table: bool) -> None:
    """The Sobol, tornado and extra runs, each with plans of its own, then the failed
    members and the plans stopped at a limit (``table``: whether the outputs table,
    with its planned column, was printed above)."""
    _print_sobol(doc.get("sobol"))
    _print_tornado(doc.get("tornado"))
    _print_extras(doc)
    stopped = doc["stopped"]
    failed = doc["failed"]
    for row in failed[:_MAX_FAILED_LINES]:
        who = "the plan as given" if row["member"] < 0 else f"member {row['member']}"
        console.print(f"{who} failed: {row['error']}", soft_wrap=True)
    if len(failed) > _MAX_FAILED_LINES:
        console.print(f"… and {len(failed) - _MAX_FAILED_LINES} more failed members")
    from tigris.risk.montecarlo import stopped_lines

    for line in stopped_lines(stopped):
        if not table:  # no outputs table, so no planned column to point at
            line = line.replace(" (the planned column)", "")
        console.print(f"note: {line}", soft_wrap=True)


def _print_balance(doc: dict[str, Any]) -> None:
    """Whether the sample leans: each lopsided input, or that none is, and the outputs
    whose planned value lies outside the sampled p5-p95 (``balance`` of the JSON;
    :func:`tigris.risk.balance.summary_lines`)."""
    from tigris.risk.balance import summary_lines

    if doc.get("balance"):
        for line in summary_lines(doc["balance"], _WORDS):
            console.print(line, soft_wrap=True)


#: The rows of the Monte Carlo error table: the headline totals and the last year's
#: unmet share (the JSON has an interval for every output and year).
_MC_ERROR_SHOWN = (
    "unmet_share",
    "unmet_share_total",
    "npv_total_usd",
    "irr",
    "capex_committed_usd",
)


#: The mark of a mean interval cut to its output's range (``mean_clipped``), explained
#: in the table's caption.
_CLIPPED = "†"


def _interval(pair: Any, unit: str, clipped: bool = False) -> str:
    """``[low, high]`` of the JSON for people; "unbounded" when the sample cannot
    bound it (None); :data:`_CLIPPED` after one cut to its output's range."""
    if not pair:
        return "unbounded"
    return f"{_value(pair[0], unit)} to {_value(pair[1], unit)}" + (
        f" {_CLIPPED}" if clipped else ""
    )


def _print_mc_error(doc: dict[str, Any], year: str) -> None:
    """How sure the quantiles and means themselves are: a table of 90 % intervals
    (``interval`` of each ``quantiles`` entry; :mod:`tigris.risk.mcerror`) and the note
    when the sample cannot bound its tail quantiles (``mc_error.note``)."""
    from rich.table import Table

    from tigris.fmt import share

    err = doc.get("mc_error") or {}
    conf = share(float(err.get("confidence", 0.9)), 0)
    table = Table(
        title=f"How sure these are: {conf} intervals from {doc['members_ok']} plans",
        header_style="bold",
    )
    table.add_column("output", no_wrap=True)
    for col in ("p5", "p50", "p95", "mean"):
        table.add_column(col, justify="right", no_wrap=True)
    any_clipped = False
    for key in _MC_ERROR_SHOWN:
        entry = doc["quantiles"].get(key)
        when = "all" if entry is not None and entry["kind"] == "total" else year
        q = (entry or {}).get("values", {}).get(when)
        if not q or not q.get("n"):
            continue
        unit = entry["unit"]
        iv = q.get("interval") or {}
        name = _WORDS.get(key, key) + (f" {when}" if when != "all" else "")
        name += _fewer_plans(q, doc["members_ok"])
        clipped = bool(q.get("mean_clipped"))
        any_clipped = any_clipped or clipped
        table.add_row(
            name,
            *(_interval(iv.get(c), unit) for c in ("p5", "p50", "p95")),
            _interval(iv.get("mean"), unit, clipped),
        )
    table.caption = (
        "each quantile: the distribution-free order-statistic interval (binomial; Hahn, "
        "Meeker & Escobar, Statistical Intervals, 2017, sec. 5.2); the mean: Student's t, "
        "mean ± t·s/√n; each covers the true value (of infinitely many plans) with the "
        "level's probability; another seed's estimate, itself uncertain, falls in it less "
        "often; unbounded: too few plans to bound that quantile at all (the JSON has every "
        "output and year)"
    )
    if any_clipped:
        note = err.get("mean_clip_note") or "cut to the range the output can take"
        table.caption += f"; {_CLIPPED} {note} (mean_clipped in the JSON)"
    console.print(table)
    if err.get("note"):
        console.print(f"warning: {err['note']}", soft_wrap=True)
    if err.get("design_note"):
        console.print(f"note: {err['design_note']}", soft_wrap=True)


def _fewer_plans(q: dict[str, Any], solved: int) -> str:
    """`` (2 of 3 plans)`` when an output's intervals rest on fewer plans than solved
    (an IRR or payback a plan does not have, :func:`_print_undefined`), else ``""``: the
    table's title names every solved plan."""
    n = int(q.get("n") or 0)
    return f" ({n} of {solved} plans)" if 0 < n < int(solved) else ""


def _probability_text(e: dict[str, Any]) -> str:
    """``17.6% (90% interval 7.3%–36.9%, Wilson; 3 of 17 plans)``."""
    from tigris.fmt import share
    from tigris.risk.mcerror import CONFIDENCE

    lo, hi = e["interval"]
    return (
        f"{share(e['p'])} ({share(CONFIDENCE, 0)} interval {share(lo)}–{share(hi)}, "
        f"Wilson; {e['k']} of {e['n']} plans)"
    )


def _print_probabilities(doc: dict[str, Any], last: str) -> None:
    """P(NPV < 0) and P(shortage over by a year), each with Wilson's interval
    (``probabilities`` of the JSON; :func:`tigris.risk.montecarlo.event_probabilities`)."""
    probs = doc.get("probabilities") or {}
    npv = probs.get("npv_below_zero")
    if npv:
        console.print(f"P(investor NPV < 0): {_probability_text(npv)}", soft_wrap=True)
    elif probs.get("npv_below_zero_reason"):
        why = probs["npv_below_zero_reason"]
        console.print(f"P(investor NPV < 0): not computed: {why}", soft_wrap=True)
    ends = probs.get("shortage_ends_by") or {}
    if ends:
        half = next((y for y, e in ends.items() if e["p"] is not None and e["p"] >= 0.5), None)
        line = f"P(shortage over by {last} and stays over): {_probability_text(ends[last])}"
        if half is not None and half != last:
            line += f"; by {half}: {_probability_text(ends[half])}"
        console.print(line, soft_wrap=True)
    if probs.get("irr_below_hurdle") is None and probs.get("irr_below_hurdle_reason"):
        console.print(
            f"P(IRR < hurdle): not computed: {probs['irr_below_hurdle_reason']}", soft_wrap=True
        )


def _print_undefined(quantiles: dict[str, Any], det: dict[str, Any], solved: int) -> None:
    """How many solved plans have no IRR or no payback: their quantiles are over the
    others (``undefined`` in the JSON; :data:`tigris.risk.montecarlo.MAY_BE_UNDEFINED`)."""
    from tigris.risk.montecarlo import ALL, MAY_BE_UNDEFINED

    why = {
        "irr": "IRR undefined (the investor's flows never change sign)",
        "payback_year": "no payback (the cumulative flow never falls below zero and back)",
    }
    for key in MAY_BE_UNDEFINED:
        entry = (quantiles.get(key) or {}).get("values", {}).get(ALL) or {}
        k = int(entry.get("undefined") or 0)
        planned = det.get(key, {}).get(ALL)
        if k or planned is None:
            said = "" if planned is not None else "; the plan as planned too"
            console.print(
                f"{why[key]} in {k} of {solved} sampled plans{said}: its quantiles are over "
                f"the other {solved - k}",
                soft_wrap=True,
            )


def _print_no_per_added(quantiles: dict[str, Any], solved: int) -> None:
    """How many plans that were compared with the world without the investor have no
    capital per added H100e (the investor adds nothing, or mostly re-times existing
    capacity, as ``tigris plan``'s headline leaves it out): its quantiles are over the
    others."""
    from tigris.risk.montecarlo import ALL

    def n(key: str) -> int:
        return int(((quantiles.get(key) or {}).get("values", {}).get(ALL) or {}).get("n") or 0)

    added, per = n("added_h100e_total"), n("capex_usd_per_added_h100e")
    if added and per < added:
        console.print(
            f"no $ per added H100e in {added - per} of {solved} sampled plans (the investor "
            f"adds nothing, or mostly re-times existing capacity): its quantiles are over "
            f"the other {per}",
            soft_wrap=True,
        )


def _print_off_centre(inputs: dict[str, Any]) -> None:
    """One note per input whose scenario value is not what its distribution was
    written for (``inputs.<path>.off_centre`` of the JSON; :mod:`tigris.risk.support`):
    the "planned" column uses the value, the quantiles the draws."""
    from tigris.risk.support import param_text

    for path, entry in inputs.items():
        e = entry.get("off_centre")
        if e is None:
            continue
        said = e["written_for"] or {}
        around = ", ".join(f"{k} {param_text(v)}" for k, v in said.items())
        ends = (e["low"], e["high"])  # null: an unbounded side (a normal's, a lognormal's)
        spread = "–".join("∞" if x is None else param_text(x) for x in ends)
        spread = "" if ends == (None, None) else spread.replace("∞–", "−∞–", 1)
        what = ", ".join(x for x in (e["dist"], spread, around) if x)
        where = "outside" if e["outside"] else "inside"
        console.print(
            f"note: {path} is {param_text(e['value'])} in the scenario, {where} its "
            f"distribution ({what}); drawn {e['drawn']}; 'planned' uses "
            f"{param_text(e['value'])}",
            soft_wrap=True,
        )


def _print_regions(quantiles: dict[str, Any], det: dict[str, Any], year: str) -> None:
    """The power outputs by region in ``year``: p5, p50, p95 and the plan as planned,
    one row per output and region (the ``<output>@<region>`` keys of the JSON)."""
    from rich.table import Table

    from tigris.risk.montecarlo import POWER_OUTPUTS, REGION_SEP

    regions = list(dict.fromkeys(k.partition(REGION_SEP)[2] for k in quantiles if REGION_SEP in k))
    if not regions:
        return
    table = Table(title=f"Power by region, {year}", header_style="bold")
    table.add_column("output", no_wrap=True)
    for col in (*_REGION_QUANTILES, "planned"):
        table.add_column(col, justify="right", no_wrap=True)
    for i, out in enumerate(POWER_OUTPUTS):
        if i:
            table.add_section()
        for region in regions:
            key = f"{out}{REGION_SEP}{region}"
            entry = quantiles.get(key)
            if entry is None:
                continue
            q = entry["values"].get(year, {})
            table.add_row(
                f"{_WORDS[out]}, {region}",
                *(_value(q.get(c), entry["unit"]) for c in _REGION_QUANTILES),
                _value(det.get(key, {}).get(year), entry["unit"]),
            )
    console.print(table)


def _print_drivers(drivers: dict[str, list[dict[str, Any]]]) -> None:
    """The top inputs of each driver output, by the measure the run used."""
    from rich.table import Table

    from tigris.risk.montecarlo import NOT_BUILT, NOT_SIGNIFICANT

    measures = {d["measure"] for ranked in drivers.values() for d in ranked}
    words = {
        "spearman": "Spearman rank correlation of the sampled input with the output",
        "sobol_total": "Sobol total-order index (share of the output's variance)",
        "tornado_swing": "tornado swing: the extent of output at the input's p5, p95 "
        "and the base plan, in the output's unit",
    }
    spearman = "spearman" in measures
    table = Table(title="What drives it (top inputs per output)", header_style="bold")
    # the output once per section; a path has no spaces to wrap at: fold it, not cut it
    table.add_column("output", overflow="fold")
    table.add_column("rank", justify="right")
    table.add_column("input", overflow="fold")
    table.add_column("value", justify="right", no_wrap=True)
    if spearman:
        table.add_column("p", justify="right", no_wrap=True)
    for k, (output, ranked) in enumerate(drivers.items()):
        if k:
            table.add_section()
        for j, d in enumerate(ranked[:_TOP_DRIVERS]):
            v = d["value"]
            if v is None:
                shown = "–"
            elif d["measure"] == "spearman":
                shown = f"{v:+.3g}"
            elif d["measure"] == "tornado_swing":  # in the output's unit, as the tornado's
                shown = _value(v, _unit_of_output(output))
            else:  # a Sobol index [-]
                shown = f"{v:.3g}"
            cells = ["" if j else output, str(d["rank"]), d["path"], shown]
            if spearman:
                note = str(d.get("note") or "")
                p = _p_value(d.get("p_adjusted", d.get("p_value")))
                if note.startswith(NOT_BUILT):
                    p = _NEVER_BUILT  # its rho is chance: no p-value to read
                elif note == NOT_SIGNIFICANT:
                    p += f" {_NS}"
                cells.append(p)
            table.add_row(*cells)
    caption = "; ".join(words.get(m, m) for m in sorted(measures))
    if spearman:
        from tigris.fmt import share
        from tigris.risk.montecarlo import DRIVER_ALPHA

        caption += (
            "; p: its two-sided p-value against no relation after Holm's correction for "
            f"testing every input (Holm 1979; {_NS}: not significant, p >= "
            f"{share(DRIVER_ALPHA, 0)}; the JSON has both p-values; the {_NS} rows' order "
            "is the sample's, and an input that moves nothing can rank high by chance: "
            f"--tornado and --sobol measure what each input moves); {_NEVER_BUILT}: an "
            "input of a facility or site no plan built, which moved nothing and is not "
            "tested (the JSON names it)"
        )
    table.caption = caption
    console.print(table)


def _unit_of_output(key: str) -> str:
    """The unit of a driver output key (``npv_total_usd``, ``unmet_h100e_2035``)."""
    from tigris.risk.montecarlo import output_spec

    unit, _ = output_spec(key)
    if not unit:
        unit, _ = output_spec(key.rpartition("_")[0])
    return unit


def _print_sobol(sobol: dict[str, Any] | None) -> None:
    """Sobol' indices for people: per output the top inputs by ST, with S1, ST and
    their intervals, then the warnings (:func:`tigris.risk.sensitivity.sobol_warnings`)."""
    from rich.table import Table

    if not sobol:
        return
    conf = f"{float(sobol.get('conf_level', 0.95)):.0%}"
    table = Table(
        title=f"Sobol indices (base sample {sobol['n']}, {sobol['evaluations']} plans)",
        header_style="bold",
    )
    for col, just in (("output", "left"), ("rank", "right"), ("input", "left")):
        table.add_column(col, justify=just, overflow="fold")  # type: ignore[arg-type]
    table.add_column("S1", justify="right", no_wrap=True)
    table.add_column("ST", justify="right", no_wrap=True)

    def pm(v: Any, c: Any) -> str:
        return "–" if v is None else f"{v:.2f} ± {0.0 if c is None else c:.2f}"

    for k, (output, rows) in enumerate((sobol.get("indices") or {}).items()):
        if k:
            table.add_section()
        for j, r in enumerate(rows[:_TOP_DRIVERS]):
            table.add_row(
                "" if j else output,
                "–" if r.get("rank") is None else str(r["rank"]),
                r["path"],
                pm(r.get("S1"), r.get("S1_conf")),
                pm(r.get("ST"), r.get("ST_conf")),
            )
    table.caption = (
        "S1: the share of the output's variance the input explains alone; ST: with its "
        "interactions (ST − S1: through interactions); both in [0, 1] in truth, with S1 "
        f"≤ ST; ±: the {conf} bootstrap interval (SALib); inputs drawn independently"
    )
    console.print(table)
    for w in sobol.get("warnings") or []:
        console.print(f"warning: Sobol {w}", soft_wrap=True)
    note = (sobol.get("stopped") or {}).get("note")
    if note:  # plans stopped at the time limit: their blocks left out (no noise otherwise)
        console.print(f"note: Sobol indices: {note}", soft_wrap=True)


#: What the tornado's table shows for a bar end whose plan stopped at the time limit.
_STOPPED = "stopped"


def _print_tornado(tornado: dict[str, Any] | None) -> None:
    """The tornado for people: per output the top bars, the input's low and high
    values, the output there and in the base plan, and the swing (the bar's extent
    with the base inside it, :func:`tigris.risk.tornado._swing`); ``same side`` marks
    an input that moves the output the same way at both ends."""
    from rich.table import Table

    if not tornado:
        return
    lo_q, hi_q = f"p{tornado['low_q'] * 100:.0f}", f"p{tornado['high_q'] * 100:.0f}"
    table = Table(title=f"Tornado: each input alone at its {lo_q} and {hi_q}", header_style="bold")
    table.add_column("output, input (its low–high)", overflow="fold")
    table.add_column(f"output at {lo_q} · base · at {hi_q}", justify="right")
    table.add_column("swing", justify="right", no_wrap=True)
    base = tornado.get("base") or {}
    stopped = tornado.get("stopped") or {}
    base_stopped = any(p.get("side") == "base" for p in stopped.get("plans") or [])
    any_same = False
    for k, (output, bars) in enumerate((tornado.get("bars") or {}).items()):
        if k:
            table.add_section()
        unit = _unit_of_output(output)
        table.add_row(output, "", "", style="bold")
        for b in bars[:_TOP_DRIVERS]:
            swing = _value(b.get("swing"), unit)
            if b.get("same_side"):
                swing += " *"
                any_same = True
            lo, hi = b.get("input_low"), b.get("input_high")
            inputs = "" if lo is None or hi is None else f" ({lo:.4g}–{hi:.4g})"
            ends = (b.get("output_low"), base.get(output), b.get("output_high"))
            cut = set(b.get("stopped") or []) | ({"base"} if base_stopped else set())
            table.add_row(
                f"{'–' if b.get('rank') is None else b['rank']}. {b['path']}{inputs}",
                " · ".join(
                    _STOPPED if side in cut else _value(x, unit)
                    for side, x in zip(("low", "base", "high"), ends, strict=True)
                ),
                swing,
            )
    table.caption = (
        "swing: the bar from the output at the input's low to its high value, the base "
        "plan (every input at the scenario's value) inside it: max − min of the three"
        + ("; *: both ends move the output the same way (not monotone)" if any_same else "")
        + "; one input at a time: interactions and correlations are not seen"
        + (
            f"; {_STOPPED}: that plan stopped at the time limit (note below)"
            if stopped.get("note")
            else ""
        )
    )
    console.print(table)
    if stopped.get("note"):  # plans stopped at the time limit (no noise otherwise)
        console.print(f"note: tornado: {stopped['note']}", soft_wrap=True)


def _p_value(p: float | None) -> str:
    """A p-value for people: two significant digits, ``<0.001`` below that."""
    if p is None:
        return "–"
    return f"<{_P_FLOOR:g}" if p < _P_FLOOR else f"{p:.2g}"


def _print_extras(doc: dict[str, Any]) -> None:
    """Disruption and stochastic-plan numbers, when the run has them."""
    from rich.table import Table

    from tigris.risk.labels import (
        DISRUPTION_DELTAS,
        DISRUPTION_PLANS,
        DISRUPTION_ROWS,
        STOCHASTIC_OBJECTIVE,
        STOCHASTIC_ROWS,
        delta_plan,
        disruption_caption,
        in_sample_note,
        sampled_futures,
        unit_of,
    )

    for event in doc.get("disruptions") or []:
        numbers = event.get("numbers") or {}
        _print_lead(event)
        table = Table(
            title=f"Disruption '{event.get('name')}' ({event.get('kind')})", header_style="bold"
        )
        table.add_column("")
        for word in DISRUPTION_PLANS.values():
            table.add_column(word, justify="right")
        for key, (word, unit) in DISRUPTION_ROWS.items():
            cells = [_value((numbers.get(p) or {}).get(key), unit) for p in DISRUPTION_PLANS]
            table.add_row(word, *cells)
        table.add_section()
        for key, word in DISRUPTION_DELTAS.items():
            if key not in numbers:
                continue
            shown = _value(numbers[key], unit_of(key))
            if numbers[key] is None and key.endswith(("_loss_usd", "_cost_change_usd")):
                # a plan paid with money the event removed has no cost (docs/risk.md);
                # how short it is: the funding gap's row and the note
                shown = "not fundable"
            elif numbers[key] is None and key == "replanning_saves_usd":
                continue  # no saving against a plan that cannot be paid for
            # each difference under the plan it belongs to (user test s49 #1)
            row = ["" for _ in DISRUPTION_PLANS]
            row[list(DISRUPTION_PLANS).index(delta_plan(key))] = shown
            table.add_row(word, *row)
        table.caption = disruption_caption(
            numbers.get("event_years") or [], numbers.get("objective")
        )
        console.print(table)
        _print_notes(event.get("notes") or [])
    robust = doc.get("stochastic")
    if robust:
        through = robust.get("first_stage_through")
        title = "A plan robust to the sampled futures" + (
            f" (builds shared through {through}, later ones per future)" if through else ""
        )
        table = Table(title=title, header_style="bold")
        table.add_column("")
        table.add_column("value", justify="right")
        for key, word in STOCHASTIC_ROWS.items():
            if key in robust:
                table.add_row(word, _value(robust[key], unit_of(key)))
        notes = robust.get("notes") or []
        caption = STOCHASTIC_OBJECTIVE
        futures = robust.get("scenarios") or []
        sampled = sampled_futures(futures)
        if sampled:  # disruption futures are given, not drawn: no sample bias to say
            caption += "; " + in_sample_note(sampled, events=len(futures) - sampled)
        if notes and any(robust.get(k, 0) is None for k in STOCHASTIC_ROWS):
            caption += "; –: infinite or unknown, the notes below say why"
        table.caption = caption
        console.print(table)
        _print_robust_builds(robust)
        _print_notes(notes)


def _print_robust_builds(robust: dict[str, Any]) -> None:
    """What the robust plan builds, against the plan as made (the mean-value plan,
    the scenario's own through ``tigris risk``): user test 2026-12-03 fourth, #20."""
    from rich.table import Table

    from tigris.risk.stochastic import builds_against

    rows = builds_against(robust.get("builds"), robust.get("ev_builds"))
    total = sum(r[3] for r in rows)
    known = robust.get("ev_builds") is not None
    made = sum(r[4] or 0 for r in rows)
    if not rows:
        # "nor does the plan as made" only when there is one (review of 2026-12-07: said
        # beside "the mean-value problem has no plan")
        console.print(
            "The robust plan builds nothing; nor does the plan as made."
            if known
            else "The robust plan builds nothing; there is no plan as made to compare "
            "(see the notes)."
        )
        return
    through = robust.get("first_stage_through")
    shared = f" (builds started through {through})" if through else ""
    table = Table(
        title=f"What the robust plan builds{shared}: {total:,} modules"
        + (f"; the plan as made {made:,}" if known else ""),
        header_style="bold",
    )
    for col, just in (("site", "left"), ("facility", "left"), ("start", "right")):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    table.add_column("robust", justify="right")
    if known:
        table.add_column("as made", justify="right")
        table.add_column("difference", justify="right")
    for site, fac, year, n, m in rows:
        cells = [site, fac, str(year), f"{n:,}"]
        if m is not None:
            cells += [f"{m:,}", f"{n - m:+,}" if n != m else "same"]
        table.add_row(*cells)
    table.caption = (
        "modules started per year; as made: the plan for the scenario's own values "
        "(the plan EEV holds in every future)"
        if known
        else "the plan as made has no plan to compare (see the notes)"
    )
    console.print(table)


def _print_lead(event: dict[str, Any]) -> None:
    """A disruption's result in words before its table: compute lost first, the whole
    stage an outage removes, then the objective's change beside the real cost's
    (:func:`tigris.risk.disruptions.lead_sentences`, the ``lead`` of ``--json``)."""
    import textwrap

    lines = event.get("lead") or []
    if not lines:
        return
    console.print(f"Disruption '{event.get('name')}', in brief", style="bold")
    for line in lines:
        text = textwrap.fill(
            str(line), width=_NOTE_WIDTH, initial_indent="- ", subsequent_indent="  "
        )
        console.print(text, soft_wrap=True)


def _print_notes(notes: list[str]) -> None:
    """The stochastic plan's notes (which future the mean-value plan fails in, and why),
    each wrapped to :data:`_NOTE_WIDTH` columns."""
    import textwrap

    for note in notes:
        text = textwrap.fill(
            str(note), width=_NOTE_WIDTH, initial_indent="note: ", subsequent_indent="  "
        )
        console.print(text, soft_wrap=True)


def risk(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario YAML file with 'distributions:' ('-' reads it from standard "
            "input); default the built-in reference scenario (which declares them).",
            dir_okay=False,
        ),
    ] = None,
    samples: Annotated[
        int,
        typer.Option(
            "--samples",
            help=f"Monte Carlo plans to solve (1 to 10,000; above {SAMPLES_WITHOUT_YES:,} "
            "only with --yes, as more plans than that in all, Sobol's and the tornado's "
            "with them).",
        ),
    ] = DEFAULT_SAMPLES,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            help="Seed of every draw: same seed, same result. Default a fresh one, "
            "printed and in the JSON.",
        ),
    ] = None,
    design: Annotated[
        str,
        typer.Option(
            "--design",
            help="How the Monte Carlo draws its inputs: random (independent draws) or lhs "
            "(a Latin hypercube: each input's range cut into --samples slices of equal "
            "probability, one draw in each; steadier quantiles and means for the same "
            "number of plans; --stochastic's futures too; docs/risk.md 'Sampling design').",
        ),
    ] = "random",
    sobol: Annotated[
        bool,
        typer.Option("--sobol", help="Also compute Sobol indices (first and total order, SALib)."),
    ] = False,
    sobol_n: Annotated[
        int | None,
        typer.Option(
            "--sobol-n",
            help="With --sobol: the Saltelli base sample, a power of two; N x (inputs + 2) "
            f"plans. Default {DEFAULT_SOBOL_N}.",
        ),
    ] = None,
    tornado: Annotated[
        bool,
        typer.Option("--tornado", help="Also draw a tornado: each input alone at its p5 and p95."),
    ] = False,
    disruption: Annotated[
        list[str] | None,
        typer.Option(
            "--disruption",
            help="Re-plan the scenario's named disruption (its builds fixed, then "
            "re-optimised); repeat for several.",
        ),
    ] = None,
    stochastic: Annotated[
        int | None,
        typer.Option(
            "--stochastic",
            help="Also solve a two-stage stochastic plan over K sampled futures (and the "
            "--disruption events); needs the serve objective.",
        ),
    ] = None,
    disruption_probability: Annotated[
        list[str] | None,
        typer.Option(
            "--disruption-probability",
            metavar="NAME=P",
            help="With --stochastic: the probability of a disruption given with "
            "--disruption among the futures (your own figure, said so in the result), "
            "over its scenario entry's 'probability'; repeat for several. Without one "
            "every future weighs the same: an assumption, said so.",
        ),
    ] = None,
    first_stage_through: Annotated[
        int | None,
        typer.Option(
            "--first-stage-through",
            metavar="YEAR",
            help="With --stochastic: builds started up to and including YEAR are shared "
            "by every future; later builds are decided per future once it is known. "
            "Default every year's builds are shared, which makes the plan fit the "
            "lowest capital drawn (docs/risk.md, 'Robust plan').",
        ),
    ] = None,
    json_: Annotated[
        bool,
        typer.Option("--json", help="Print the whole result as one JSON document."),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Also write a self-contained HTML report (fan charts, drivers).",
            dir_okay=False,
        ),
    ] = None,
    png: Annotated[
        Path | None,
        typer.Option(
            "--png",
            help="Also write the report's figures as PNG files to this directory; an "
            "earlier risk run's figures there that this run does not draw are removed "
            "(never a mix of two runs), other files kept.",
            file_okay=False,
        ),
    ] = None,
    workers: Annotated[int | None, WORKERS_OPTION] = None,
    scheduler: Annotated[str | None, SCHEDULER_OPTION] = None,
    progress: Annotated[
        bool,
        typer.Option(
            "--progress",
            help="Report each solved plan on stderr even when it is not a terminal "
            "(one line a plan, for batch-job logs, as 'tigris sweep --progress'); on a "
            "terminal a bar and a line a stage are shown anyway.",
        ),
    ] = False,
    data: Annotated[Path | None, DATA_OPTION] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="DuckDB file the Monte Carlo plans are stored in, as one sweep; default "
            "$TIGRIS_STORE, else the user data directory (docs/runs.md).",
            dir_okay=False,
        ),
    ] = None,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Do not store the Monte Carlo plans.")
    ] = False,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit", help="HiGHS time limit per plan \\[s]; default the scenario's."
        ),
    ] = None,
    mip_gap: Annotated[float | None, MIP_GAP_OPTION] = None,
    objective: Annotated[str | None, OBJECTIVE_OPTION] = None,
    recentre: Annotated[
        bool,
        typer.Option(
            "--recentre",
            help="A scenario value outside its own distribution (an edited value whose "
            "distribution was left as written) is refused; this moves each such "
            "distribution onto the value, the same spread relative to it "
            "(docs/risk.md, 'An edited value and its distribution').",
        ),
    ] = False,
    as_written: Annotated[
        bool,
        typer.Option(
            "--as-written",
            help="Draw a distribution its scenario value lies outside as written anyway "
            "(the draws then ignore the value; only 'planned' uses it).",
        ),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            help=f"Run more than {SAMPLES_WITHOUT_YES:,} plans in all (--samples, "
            "--sobol-n, --tornado, --disruption: gigabytes of memory and store, hours of "
            "solves), as 'tigris sweep --samples' asks.",
        ),
    ] = False,
) -> int:
    """How sure is a plan: the range of its outputs over uncertain inputs, what drives
    it, what a disruption costs, and a build plan robust to them.

    Every input the scenario gives a distribution ('distributions:' in the YAML,
    docs/risk.md) is drawn --samples times (seeded; rank correlations kept), and each
    draw is planned (in parallel, as 'tigris sweep --samples' does). The result: the p5,
    p25, p50, p75 and p95 of compute served and unmet, capex, power, the plan's power
    answer (data-centre MW online, energy, emissions, electricity cost; world and by
    region) and the investor's NPV by year and over the horizon, beside the plan with
    every input at its own value. When the scenario has an investor's capital, each plan
    is also solved without the investor (one more solve per plan: the world without it,
    as 'tigris plan' does), for the H100e the investor adds (by year and in total) and
    the capital it spends per H100e added; these are stored with each plan, so 'tigris
    runs list' shows them. Then the inputs that drive the headline numbers, ranked
    by Spearman rank correlation (by Sobol total-order index with --sobol, by tornado
    swing with --tornado). --disruption NAME re-plans one of the scenario's
    'disruptions:' twice: with every build fixed (what it costs) and re-optimised from
    its start year (what a planner would do). --stochastic K solves one build plan for K
    sampled futures at once and reports its value over the plan as made (VSS, over the
    scenario's own plan, not one made at the inputs' means) and the value of perfect
    information (EVPI), both on those K futures only; --first-stage-through YEAR shares
    only the builds started up to YEAR and lets later ones wait for the future.

    Examples:

        tigris risk --samples 17 --seed 7    # the reference, drivers ranked

        tigris risk my.yaml --samples 200 --seed 1 --report risk.html

        tigris risk --samples 64 --seed 7 --sobol --sobol-n 16 --json > risk.json

        tigris risk --tornado --disruption taiwan-12m --stochastic 8 --seed 3

        tigris risk --samples 8 --stochastic 4 --first-stage-through 2027 --seed 3

    Progress goes to stderr: on a terminal a bar for the sampled plans and a line for
    each other plan solved; elsewhere (a log file, a pipe) only with --progress, one
    line a plan. With --json, stdout is the JSON document only.

    A scenario value outside its own distribution (an edited value whose distribution
    still describes the old one) is refused: edit the distribution, or give --recentre
    (moved onto the value) or --as-written (drawn as written).

    Exit code: 0 every plan solved to optimality; 1 some plan (Monte Carlo, Sobol or
    tornado) failed or stopped at the time limit (the summary names it; the quantiles
    are over the optimal plans);
    2 bad input (nothing run, nothing written); 130 stopped with Ctrl-C.
    """
    from tigris.fsio import check_output
    from tigris.plan.solve import check_objective
    from tigris.risk.api import check_options

    check_params(locals())
    check_objective(objective, None)
    asked: dict[str, Any] = {
        "samples": samples,
        "seed": seed,
        "design": design,
        "sobol": sobol,
        "sobol_n": sobol_n,  # None: DEFAULT_SOBOL_N with --sobol; refused without
        "tornado": tornado,
        "disruptions": list(disruption or []),
        "stochastic": stochastic,
        "first_stage_through": first_stage_through,
        "disruption_probabilities": _name_probabilities(disruption_probability),
        "workers": workers,
    }
    check_options(**asked)  # every flag before any file is touched (--sobol-n alone too)
    check_samples_asked(samples, yes)  # the bound of 'tigris sweep --samples', measured
    if recentre and as_written:
        raise InputError("give --recentre or --as-written, not both", field="--recentre")
    store_arg = store_choice(store, no_store)
    if report is not None:
        check_plot_path(report, "--report")  # a missing folder is a typo, as for plan
    if png is not None:
        check_output(png, "--png", directory=True)
    if report is not None and png is not None:
        from tigris.cli.report import refuse_one_path

        # before anything is solved: the report written, then --png refused (exit 2)
        refuse_one_path(report, png, "--report")
    if store is not None:
        check_output(store, "--store", directory=False)
    if store_arg is not False:
        from tigris.cli._store import refuse_store_outputs

        refuse_store_outputs(store, {"--report": report, "--png": png})
    from tigris.risk.api import risk

    # the flags' names in its errors, not the keywords (a stand-in has no wrapper)
    run_risk = getattr(risk, "__wrapped__", risk)

    options = {"time_limit_s": time_limit, "mip_gap": mip_gap, "objective": objective}
    try:
        res = run_risk(
            file,
            **asked,
            scheduler=scheduler,
            data=data,
            store=store_arg,
            # a bar on a terminal; off one, one line a plan only with --progress
            progress=progress or sys.stderr.isatty(),
            recentre=recentre,
            as_written=as_written,
            # the bound of --samples, on every plan the run solves (user test s49 #3)
            max_plans=None if yes else SAMPLES_WITHOUT_YES,
            **{k: v for k, v in options.items() if v is not None},
        )
    except InputError as exc:
        # the store's problems named where it was set: TIGRIS_STORE, not --store
        from tigris.cli._store import store_named

        raise store_named(exc, store) from None
    except TigrisError as exc:
        from tigris.risk.api import RiskStepError

        if not isinstance(exc, RiskStepError):
            raise
        # a stage with no plan to work from: one line, what was kept (review of
        # 2026-12-07: a traceback after the Monte Carlo's sweep was stored); exit 1, the
        # code of a plan that failed, and with --json the error document on stdout
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.write(f"error: {exc}\n")
            sys.stderr.flush()
        if json_:
            emit_json({"error": {"type": "RiskStepError", "messages": [str(exc)]}})
        raise typer.Exit(EXIT_MEMBER_FAILED) from None
    except KeyboardInterrupt as exc:
        from tigris.risk.api import RiskInterrupted
        from tigris.runs.sweep import SweepInterrupted

        if isinstance(exc, RiskInterrupted | SweepInterrupted):  # what was kept
            return _interrupted(exc.message())
        return _interrupted(NOTHING_KEPT)  # before the Monte Carlo's sweep began
    from tigris.risk.api import monte_carlo_kept

    kept = [monte_carlo_kept(res.monte_carlo, store_arg)]
    doing, undone = "summing up the result", _written_later(report, png, json_)
    try:
        doc = res.to_dict()
        sweep_id = res.monte_carlo.sweep_id
        if sweep_id is not None:
            err_console.print(f"stored as sweep {sweep_id} (tigris runs list --sweep {sweep_id})")
        if report is not None:
            doing = "writing the report"
            with (
                err_console.status("writing the report…", spinner="dots")
                if err_console.is_terminal
                else contextlib.nullcontext()
            ):
                res.write_report(report)
            err_console.print(f"wrote {report}")
            kept.append(f"wrote {report}")
            undone.pop(0)
        if png is not None:
            doing = "writing the PNG files"
            written = res.write_pngs(png)
            err_console.print(f"wrote {len(written)} PNG files to {png}")
            kept.append(f"wrote {len(written)} PNG files to {png}")
            undone.pop(0)
        doing = "printing the result"
        if json_:
            emit_json(doc)
        else:
            print_summary(res, doc)
    except KeyboardInterrupt:
        return _interrupted(f"stopped while {doing}: {'; '.join([*kept, *undone])}")
    # a plan left out of the quantiles, failed or stopped at a limit, is exit 1; so is the
    # plan as planned stopped at it (its numbers are not proven optimal: REVIEW s38), and
    # a Sobol or tornado plan that failed or stopped (its numbers left out there too;
    # a failed one exited 0 until 2026-12-05, s39)
    stopped_elsewhere = any(
        (doc.get(k) or {}).get("stopped", {}).get("members") or (doc.get(k) or {}).get("failed")
        for k in ("sobol", "tornado")
    )
    stopped = doc["stopped"]["members"] or doc["stopped"].get("planned")
    return EXIT_MEMBER_FAILED if doc["failed"] or stopped or stopped_elsewhere else 0


#: The line of a Ctrl-C before the Monte Carlo's sweep began (loading the scenario,
#: checking it): a Ctrl-C in the sweep says what it kept (SweepInterrupted).
NOTHING_KEPT = "stopped before the Monte Carlo began; nothing stored, nothing written"


def _interrupted(line: str) -> int:
    """Say ``line`` on stderr (what a Ctrl-C kept) and give the exit code of a Ctrl-C."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
    return EXIT_INTERRUPTED


def _written_later(report: Path | None, png: Path | None, json_: bool) -> list[str]:
    """What a finished risk run still has to write, in order: the report (left as it
    was: written whole or not at all), the PNG files, the result on stdout."""
    out = [f"{report} not written (left as it was)"] if report is not None else []
    out += [f"no PNG files written to {png}"] if png is not None else []
    out.append("the JSON document not printed" if json_ else "the summary not printed")
    return out


def _name_probabilities(pairs: list[str] | None) -> dict[str, float]:
    """``["taiwan-12m=0.05"]`` -> ``{"taiwan-12m": 0.05}``; a malformed pair is
    refused naming ``--disruption-probability`` (the values are checked by
    :func:`tigris.risk.api.check_options`)."""
    from tigris.errors import InputError

    out: dict[str, float] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        try:
            p = float(value) if sep and name.strip() else None
        except ValueError:
            p = None
        if p is None or not math.isfinite(p):
            msg = f"expected NAME=PROBABILITY (e.g. taiwan-12m=0.05), got {pair!r}"
            raise InputError(msg, field="--disruption-probability")
        if name.strip() in out:  # as sweep refuses a path given twice
            msg = f"'{name.strip()}' is given twice; give one probability per disruption"
            raise InputError(msg, field="--disruption-probability")
        out[name.strip()] = p
    return out


def register(app: typer.Typer) -> None:
    """Add ``risk`` to ``app``."""
    app.command("risk")(risk)
