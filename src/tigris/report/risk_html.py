"""The risk report: one self-contained HTML file (``tigris risk --report``, docs/risk.md).

Layout: the run (scenario, plans solved, seed, tigris version, time), the inputs drawn
(distribution, source, p5/p50/p95), the outputs' quantiles in the last year and over
the horizon, how sure those are (each quantile's distribution-free interval, the mean's
t interval, and the event probabilities with Wilson's intervals: the numbers ``tigris
risk`` prints and the JSON holds), the ranked drivers, a fan chart per yearly output
(:func:`tigris.report.risk.plotly_fan`), the tornado and Sobol figures and tables when
the run has them, each disruption's numbers, the stochastic plan's numbers and
scenarios, and the members that failed. plotly.js is embedded once, in the head (as
the plan report, :mod:`tigris.report.html`): the page needs no network.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from tigris.errors import InputError
from tigris.fmt import year_span
from tigris.fsio import atomic_file
from tigris.report.html import PAGE_MAIN_END, Cell, _table, figure_div, figure_region, page_head
from tigris.report.risk import (
    FAN_CAPTION,
    fan_frame,
    output_title,
    output_unit,
    plotly_fan,
    plotly_sobol,
    plotly_tornado,
    scaled,
    sobol_frame,
    tornado_frame,
    units_of,
    yearly_outputs,
)
from tigris.risk.labels import (
    DISRUPTION_DELTAS,
    DISRUPTION_PLANS,
    DISRUPTION_ROWS,
    STOCHASTIC_OBJECTIVE,
    STOCHASTIC_ROWS,
    ZERO_IN_LAST_YEAR,
    disruption_caption,
    in_sample_note,
    sampled_futures,
    unit_of,
    without_noise,
)

if TYPE_CHECKING:
    from tigris.risk.api import RiskResult

__all__ = ["render_risk_html", "write_risk_html"]

#: The quantile columns of every table, in order.
QUANTILE_COLUMNS = ("p5", "p25", "p50", "p75", "p95")
#: Words for the driver measures.
MEASURE_WORDS = {
    "spearman": "Spearman rank correlation of the sampled input with the output [-]",
    "sobol_total": "Sobol total-order index: the share of the output's variance the input "
    "explains with its interactions [-]",
    "tornado_swing": "tornado swing: the extent of the output with the input at its p5, at "
    "its p95 and as planned (the base plan inside the bar), every other input as planned",
}
#: Significant digits of a number in a table cell.
_DIGITS = 4
#: From this size on a cell shows the whole number (4 significant digits would need an
#: exponent) [display unit].
_WHOLE_FROM = 10**_DIGITS
#: The Futures table of a stochastic plan (``StochasticResult.scenarios``): column ->
#: (words, unit). Its costs are the serve objective (``STOCHASTIC_OBJECTIVE``).
FUTURE_COLUMNS: dict[str, tuple[str, str]] = {
    "scenario": ("future", ""),
    "probability": ("probability", "-"),
    "cost_usd": ("robust plan: objective", "USD"),
    "unmet_h100e": ("robust plan: unmet", "H100e"),
    "unmet_share": ("robust plan: unmet share", "-"),
    "cost_ev_usd": ("plan as made: objective (EEV)", "USD"),
    "cost_ws_usd": ("own optimum (WS)", "USD"),
}


def _num(x: Any, div: float = 1.0) -> Cell:
    """A number cell: the value divided by ``div`` to 4 significant digits, whole from
    10,000 on (``80,277``, not ``8.028e+04``: user test UT-POLICY #9), the exact value
    behind it (``data-value``).

    Examples
    --------
    >>> _num(8.0276784e13, 1e9)[0], _num(0.33333)[0], _num(2.46e7, 1e6)[0]
    ('80,277', '0.3333', '24.6')
    """
    if x is None or isinstance(x, str):
        return "–" if x is None else x
    v = float(x)
    if not math.isfinite(v):
        return ("–", math.nan)
    shown = v / div
    if abs(shown) >= _WHOLE_FROM:
        return (f"{shown:,.0f}", v)
    return (f"{shown:,.{_DIGITS}g}", v)


def _section(sid: str, heading: str, body: str, caption: str = "") -> str:
    e = html.escape
    cap = f'<p class="caption">{e(caption)}</p>' if caption else ""
    return f'<section id="{sid}"><h2>{e(heading)}</h2>{cap}{body}</section>'


def _figure(fig: go.Figure, div_id: str, heading: str) -> str:
    """A plotly figure as a ``div`` (no script: plotly.js is in the head once)."""
    div = figure_region(figure_div(fig, div_id), heading)
    return (
        f'<section class="figure" id="sec-{div_id}"><h3>{html.escape(heading)}</h3>{div}</section>'
    )


def _inputs_html(doc: Mapping[str, Any]) -> str:
    rows: list[list[Cell]] = [
        [path, str(v.get("dist") or ""), _num(v.get("p5")), _num(v.get("p50")), _num(v.get("p95")),
         str(v.get("source") or "")]
        for path, v in doc["inputs"].items()
    ]  # fmt: skip
    header = ["input (path)", "distribution", "p5", "p50", "p95", "source"]
    caption = (
        "Each input with a distribution in the scenario, and the percentiles of its draws "
        "in this run (in the input's own unit)."
    )
    return _section(
        "inputs", "Uncertain inputs", _table("table-inputs", header, rows, {2, 3, 4}), caption
    )


def _quantiles_html(res: RiskResult, doc: Mapping[str, Any]) -> str:
    first, last = res.horizon
    det = doc["deterministic"]
    rows: list[list[Cell]] = []
    for output, entry in doc["quantiles"].items():
        by_year = entry["kind"] in ("yearly", "regional")  # regional: <output>@<region>
        if by_year and output in ZERO_IN_LAST_YEAR:  # 0 by construction, as the summary
            continue
        year = str(last) if by_year else "all"
        q = entry["values"].get(year)
        if q is None or q.get("n") == 0:  # no plan gave a number (added: no counterfactual)
            continue
        unit = entry["unit"]
        shown = scaled(unit)[1]
        name = output_title(output) + (f" in {year}" if year != "all" else "")

        def cell(v: Any, unit: str = unit) -> Cell:
            return _q_cell(v, unit)

        rows.append(
            [
                name,
                shown,
                *(cell(q.get(c)) for c in QUANTILE_COLUMNS),
                cell(q.get("mean")),
                cell(det.get(output, {}).get(year)),
            ]
        )
    header = ["output", "unit", *QUANTILE_COLUMNS, "mean", "as planned"]
    left_out = len(doc["stopped"]["members"])
    over = (
        f"the {doc['members_ok']} sampled plans solved to optimality ({left_out} stopped "
        "at the time limit left out, see below)"
        if left_out
        else f"the {doc['members_ok']} sampled plans that solved"
    )
    caption = (
        f"Quantiles over {over}: yearly outputs "
        f"in {last} (the power outputs also by region), totals over "
        f"{year_span(first, last)}. As planned: the plan with every input at the "
        "scenario's own value."
    )
    table = _table("table-quantiles", header, rows, set(range(2, len(header))))
    return _section("quantiles", "Outputs: how sure", table + _undrawn_html(doc), caption)


def _q_cell(v: Any, unit: str) -> Cell:
    """One number of an output in its display unit (:func:`scaled`): a year as a
    year (not 2,036; a mean between two years 2035.5), money below
    ``MONEY_TOL_USD`` as 0 (solver noise, user test #12), the exact value behind it."""
    if unit == "year" and v is not None and math.isfinite(float(v)):
        y = float(v)
        return (f"{y:.0f}" if y == round(y) else f"{y:.1f}", y)
    div, _ = scaled(unit)
    usd = unit == "USD"
    return _num(without_noise(float(v)) if usd and v is not None else v, div)


#: The mark of a mean interval cut to its output's range (``mean_clipped``), as ``tigris
#: risk`` prints it.
_CLIPPED = "†"


def _interval_td(
    pair: Any, unit: str, clipped: bool = False, fmt: Callable[[float], str] | None = None
) -> str:
    """A table cell of an interval ``[low, high]`` of the JSON: ``low – high`` in the
    output's display unit, the exact ends in ``data-low`` and ``data-high`` (as
    ``data-value`` holds a number's); "unbounded" when the sample cannot bound it
    (None); :data:`_CLIPPED` after a mean interval cut to its output's range; ``fmt``
    writes each end instead of the output's display unit."""
    e = html.escape
    if not pair:
        return '<td class="num unbounded">unbounded</td>'
    ends = [fmt(float(x)) if fmt else _q_cell(x, unit) for x in pair]
    text = " – ".join(c[0] if isinstance(c, tuple) else c for c in ends)
    text += f" {_CLIPPED}" if clipped else ""
    data = "".join(
        f' data-{side}="{float(x)!r}"' for side, x in zip(("low", "high"), pair, strict=True)
    )
    cls = "num clipped" if clipped else "num"
    return f'<td class="{cls}"{data}>{e(text)}</td>'


def _intervals_html(res: RiskResult, doc: Mapping[str, Any]) -> str:
    """How sure the quantile table is: each row's quantile intervals and the mean's
    (the JSON's ``interval``, ``mean_clipped``; :mod:`tigris.risk.mcerror`), the
    ``mc_error`` warning, then the event probabilities with Wilson's intervals
    (``probabilities``): the numbers ``tigris risk`` prints, for every row of the
    quantile table."""
    e = html.escape
    _, last = res.horizon
    err = doc.get("mc_error") or {}
    conf = float(err.get("confidence", 0.9))
    body = []
    any_clipped = False
    for output, entry in doc["quantiles"].items():
        by_year = entry["kind"] in ("yearly", "regional")
        if by_year and output in ZERO_IN_LAST_YEAR:  # as the quantile table
            continue
        year = str(last) if by_year else "all"
        q = entry["values"].get(year)
        if q is None or not q.get("n"):
            continue
        unit = entry["unit"]
        iv = q.get("interval") or {}
        clipped = bool(q.get("mean_clipped"))
        any_clipped = any_clipped or clipped
        name = output_title(output) + (f" in {year}" if year != "all" else "")
        n, solved = int(q["n"]), int(doc["members_ok"])
        name += f" ({n} of {solved} plans)" if n < solved else ""  # no IRR in some
        cells = [f"<td>{e(name)}</td>", f"<td>{e(scaled(unit)[1])}</td>"]
        cells += [_interval_td(iv.get(c), unit) for c in QUANTILE_COLUMNS]
        cells.append(_interval_td(iv.get("mean"), unit, clipped))
        body.append(f'<tr data-output="{e(output)}" data-year="{e(year)}">{"".join(cells)}</tr>')
    head = "".join(f"<th>{e(h)}</th>" for h in ("output", "unit", *QUANTILE_COLUMNS, "mean"))
    table = (
        f'<table id="table-intervals"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )
    notes = ""
    if err.get("note"):
        notes += f'<p class="note mc-error">warning: {e(str(err["note"]))}</p>'
    if err.get("design_note"):
        notes += f'<p class="note mc-design">note: {e(str(err["design_note"]))}</p>'
    if any_clipped and err.get("mean_clip_note"):
        notes += f'<p class="note mean-clipped">{_CLIPPED} {e(str(err["mean_clip_note"]))}</p>'
    caption = (
        f"{round(100 * conf)} % intervals of the numbers above from the "
        f"{doc['members_ok']} plans that solved: each covers the true value (of infinitely "
        "many plans) with that probability; another seed's estimate, itself uncertain, "
        "falls in it less often. Each quantile: the distribution-free order-statistic interval "
        "(binomial; Hahn, Meeker & Escobar, Statistical Intervals, 2017, sec. 5.2), "
        "unbounded when too few plans bound it at all; the mean: Student's t, mean ± "
        "t·s/√n, cut to the range the output can take. The same numbers as tigris risk "
        "prints and its JSON holds."
    )
    return _section(
        "intervals", "How sure these are", table + notes + _probabilities_html(doc), caption
    )


def _percent(x: float) -> str:
    """A probability in % to one decimal, as ``tigris risk`` prints it (``14.2``)."""
    return f"{100 * x:.1f}"


def _probabilities_html(doc: Mapping[str, Any]) -> str:
    """P(investor NPV < 0) and P(shortage over by a year and staying over), each ``k`` of
    ``n`` plans with Wilson's interval (the JSON's ``probabilities``,
    :func:`tigris.risk.montecarlo.event_probabilities`); ``""`` with none."""
    e = html.escape
    probs = doc.get("probabilities") or {}
    events: list[tuple[str, str, Mapping[str, Any]]] = []
    if probs.get("npv_below_zero"):
        events.append(("npv_below_zero", "P(investor NPV < 0)", probs["npv_below_zero"]))
    for y, p in (probs.get("shortage_ends_by") or {}).items():
        events.append((f"shortage_ends_by.{y}", f"P(shortage over by {y} and stays over)", p))
    rows = []
    for key, words, p in events:
        share = p.get("p")
        rows.append(
            f'<tr data-event="{e(key)}"><td>{e(words)}</td>'
            + (
                f'<td class="num" data-value="{float(share)!r}">{e(_percent(share))}</td>'
                if share is not None
                else '<td class="num">–</td>'
            )
            + f'<td class="num">{int(p["k"])} of {int(p["n"])}</td>'
            + _interval_td(p.get("interval"), "-", fmt=_percent)
            + "</tr>"
        )
    out = ""
    if rows:
        head = "".join(f"<th>{e(h)}</th>" for h in ("event", "%", "plans", "interval (Wilson)"))
        out = (
            '<h3>Probabilities</h3><table id="table-probabilities"><thead><tr>'
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            '<p class="caption">Share of the plans that solved, with Wilson\'s score '
            "interval (Wilson 1927; Brown, Cai &amp; DasGupta 2001), in %.</p>"
        )
    if probs.get("npv_below_zero") is None and probs.get("npv_below_zero_reason"):
        reason = str(probs["npv_below_zero_reason"])
        out += f'<p class="note">P(investor NPV &lt; 0): not computed: {e(reason)}</p>'
    if probs.get("irr_below_hurdle") is None and probs.get("irr_below_hurdle_reason"):
        reason = str(probs["irr_below_hurdle_reason"])
        out += f'<p class="note">P(IRR &lt; hurdle): not computed: {e(reason)}</p>'
    return out


def _balance_html(doc: Mapping[str, Any]) -> str:
    """Whether the sample leans (the JSON's ``balance``, :mod:`tigris.risk.balance`):
    the sentences ``tigris risk`` prints, each input's draws about its median and about
    its planned value, and every output and year (by region too) where the plan as
    planned lies outside the sampled p5-p95; ``""`` without a balance."""
    from tigris.report.risk import OUTPUT_WORDS
    from tigris.risk.balance import summary_lines

    bal = doc.get("balance")
    if not bal:
        return ""
    e = html.escape
    notes = "".join(
        f'<p class="note balance">{e(line)}</p>' for line in summary_lines(bal, OUTPUT_WORDS)
    )
    rows: list[list[Cell]] = []
    for path, b in (bal.get("inputs") or {}).items():
        pl = b.get("planned") or {}
        rows.append(
            [
                path,
                _num(b.get("median")),
                f"{b['below']} of {b['below'] + b['above']}",
                _num(b.get("p_value")),
                _num(b.get("p_adjusted")),
                "lopsided" if b.get("lopsided") else "",
                _num(pl.get("value")),
                f"{pl['below']} of {pl['below'] + pl['above']}" if pl else "–",
                _num(pl.get("expected_share_below")),
                _num(pl.get("p_adjusted")),
            ]
        )
    header = ["input (path)", "median", "below it", "p", "p (Holm)", "flag", "planned value",
              "below it", "expected share below", "p (Holm)"]  # fmt: skip
    table = _table("table-balance", header, rows, {1, 3, 4, 6, 8, 9})
    band = [
        [output_title(b["output"]), b["year"], _num(b["planned"]), _num(b["p5"]), _num(b["p95"]),
         b["side"]]
        for b in bal.get("planned_outside_band") or []
    ]  # fmt: skip
    if band:
        header = ["output", "year", "planned", "p5", "p95", "planned is"]
        table += _table("table-outside-band", header, band, {2, 3, 4})
    caption = (
        "Each drawn input's draws below its median (the distribution's, from its CDF, not "
        "the sample's; ties with it dropped), with the exact two-sided binomial p-value "
        "against 1/2 (the sign test, Conover 1999, sections 3.1 and 3.4; for an input drawn "
        "to whole numbers, against its CDF's share below among the untied) and after "
        f"Holm's (1979) correction over the inputs; lopsided: an adjusted p below "
        f"{_percent(float(bal['alpha']))} %. Then the same count about the value "
        "the plan as planned uses (its own Holm family; information, not a flag). The "
        "second table: each output and year where the plan as planned lies outside the "
        "sampled p5-p95 (docs/risk.md, Sample balance)."
    )
    return _section("balance", "Is the sample lopsided?", notes + table, caption)


def _undrawn_html(doc: Mapping[str, Any]) -> str:
    """The JSON's ``undrawn`` notes under the quantile table, as ``tigris risk`` prints
    them under its own (:func:`tigris.risk.montecarlo.undrawn_binding`): a constraint
    binding in the plan as planned whose inputs no distribution draws; ``""`` with
    none."""
    notes = doc.get("undrawn") or []
    return "".join(
        f'<p class="note undrawn" data-constraint="{html.escape(str(n["constraint"]))}">'
        f"note: {html.escape(str(n['note']))}</p>"
        for n in notes
    )


def _drivers_html(doc: Mapping[str, Any]) -> str:
    measures = sorted({d["measure"] for ranked in doc["drivers"].values() for d in ranked})
    spearman = "spearman" in measures
    rows: list[list[Cell]] = []
    for output, ranked in doc["drivers"].items():
        for d in ranked:
            row: list[Cell] = [output_title(output), str(d["rank"]), d["path"], _num(d["value"])]
            if spearman:
                row += [
                    _num(d.get("p_value")),
                    _num(d.get("p_adjusted")),
                    str(d.get("note") or ""),
                ]
            rows.append(row)
    caption = "Inputs ranked by " + "; ".join(MEASURE_WORDS.get(m, m) for m in measures) + "."
    header = ["output", "rank", "input", "value"]
    if spearman:
        header += ["p", "p (Holm)", "note"]
        caption += (
            " p: the rank correlation's two-sided p-value against no relation; p (Holm): "
            "the same after Holm's (1979) correction for testing every input (not "
            "significant at an adjusted p ≥ 5 %); an input of a facility or site no plan "
            "built moved nothing, is not tested and ranks last (docs/risk.md, Drivers)."
        )
    table = _table("table-drivers", header, rows, {1, 3, 4, 5} if spearman else {1, 3})
    return _section("drivers", "What drives it", table, caption)


def _fans_html(res: RiskResult, on_figure: Callable[[str], None] | None) -> str:
    mc = res.monte_carlo
    parts = []
    for output, unit in yearly_outputs(res):
        title = output_title(output)
        fig = plotly_fan(fan_frame(mc.quantiles, mc.deterministic, output), title, unit)
        parts.append(_figure(fig, f"fig-fan-{output}", title))
        if on_figure is not None:
            on_figure(title)
    caption = (
        f"{FAN_CAPTION} The compute the investor adds (when the scenario has one) is what "
        "each plan delivers less the same world without the investor, re-solved for that "
        "plan."
    )
    return _section("fans", "Fan charts by year", "".join(parts), caption)


#: The tornado table's cell for a bar end whose plan stopped at the time limit.
_STOPPED_CELL = "stopped"


def _tornado_html(res: RiskResult, on_figure: Callable[[str], None] | None) -> str:
    t = res.tornado
    if t is None:
        return ""
    units = units_of(res)
    parts = []
    rows: list[list[Cell]] = []
    base_cut = bool(len(t.stopped)) and bool((t.stopped["side"] == "base").any())
    any_same = False
    for output in res.outputs:
        unit = output_unit(output, units)
        frame = tornado_frame(t.bars, t.base, output, unit)
        if not len(frame):
            continue
        title = output_title(output)
        parts.append(_figure(plotly_tornado(frame, title, unit), f"fig-tornado-{output}", title))
        div, shown = scaled(unit)
        for r in frame.iloc[::-1].to_dict("records"):
            cut = {x.strip() for x in str(r.get("stopped") or "").split(",")}
            low, high = (
                _STOPPED_CELL if side in cut else _num(r[side] * div, div)
                for side in ("low", "high")
            )
            # the base plan's value beside the ends, and '*' where both ends move the
            # output the same way: the swing is max - min of the three, so a swing wider
            # than |high - low| reads right (user test s49 #5), as the text prints it
            base = _STOPPED_CELL if base_cut else _num(r["base"] * div, div)
            swing: Cell = _num(r["swing"] * div, div)
            if r.get("same_side") and isinstance(swing, tuple):
                swing, any_same = (f"{swing[0]} *", swing[1]), True
            rows.append(
                [title, r["path"], _num(r["input_low"]), _num(r["input_high"]),
                 low, base, high, swing, shown]
            )  # fmt: skip
        if on_figure is not None:
            on_figure(f"tornado: {title}")
    header = ["output", "input", "input low", "input high", "output low", "output base",
              "output high", "swing", "unit"]  # fmt: skip
    table = _table("table-tornado", header, rows, {2, 3, 4, 5, 6, 7})
    caption = (
        "One input at a time at its low (p5) and high (p95) value, every other input as "
        "planned: the bars run from the output as planned (the vertical line; 'output "
        "base', every input at the scenario's value) to the output then; the widest swing "
        "on top. Swing: max − min of the output at the low, the base and the high value, "
        "the base inside the bar"
        + (
            "; *: both ends move the output the same way (not monotone), so the swing is "
            "wider than the two ends' difference."
            if any_same
            else "."
        )
    )
    note = ""
    if t.stopped_note:  # plans stopped at the time limit: their ends not drawn
        note = f'<p class="note stopped">{html.escape(t.stopped_note)}</p>'
        caption += (
            f" '{_STOPPED_CELL}': that end's plan stopped at the time limit, not proven "
            "optimal: no value is drawn there and the bar has no swing or rank."
        )
    return _section("tornado", "Tornado", note + "".join(parts) + table, caption)


def _sobol_html(res: RiskResult, on_figure: Callable[[str], None] | None) -> str:
    s = res.sobol
    if s is None:
        return ""
    parts = []
    rows: list[list[Cell]] = []
    for output in res.outputs:
        frame = sobol_frame(s.indices, output)
        if not len(frame):
            continue
        title = output_title(output)
        parts.append(_figure(plotly_sobol(frame, title), f"fig-sobol-{output}", title))
        for r in frame.iloc[::-1].to_dict("records"):
            rows.append(
                [title, r["path"], _num(r["S1"]), _num(r["S1_conf"]), _num(r["ST"]),
                 _num(r["ST_conf"])]
            )  # fmt: skip
        if on_figure is not None:
            on_figure(f"Sobol: {title}")
    header = ["output", "input", "S1", "S1 ± (conf.)", "ST", "ST ± (conf.)"]
    table = _table("table-sobol", header, rows, {2, 3, 4, 5})
    notes = "".join(f"<p>{html.escape(n)}</p>" for n in getattr(s, "notes", []))
    # what the text and the JSON warn of (an index outside [0, 1], S1 above ST, wide or
    # overlapping intervals), and plans stopped at the time limit (user test s49 #4)
    doc = s.to_dict()
    notes += "".join(
        f'<p class="note sobol-warning">warning: Sobol {html.escape(w)}</p>'
        for w in doc.get("warnings") or []
    )
    stopped = (doc.get("stopped") or {}).get("note")
    if stopped:
        notes += f'<p class="note stopped">note: Sobol indices: {html.escape(stopped)}</p>'
    caption = (
        f"First-order (S1: the input alone) and total-order (ST: with its interactions) "
        f"Sobol indices from {s.evaluations:,} plans (Saltelli base sample {s.n}), with "
        f"{round(100 * s.conf_level)} % bootstrap intervals."
    )
    return _section("sobol", "Sobol indices", notes + "".join(parts) + table, caption)


def _kv_rows(numbers: Mapping[str, Any], words: Mapping[str, str]) -> list[list[Cell]]:
    """``[words, value in display unit, display unit]`` of the ``words``' keys."""
    rows: list[list[Cell]] = []
    for key, word in words.items():
        if key not in numbers:
            continue
        div, shown = scaled(unit_of(key))
        rows.append([word, _num(numbers[key], div), shown])
    return rows


def _delta_rows(numbers: Mapping[str, Any]) -> list[list[Cell]]:
    """The disruption's differences, as ``tigris risk`` prints them: a plan paid with
    money the event removed has no cost ("not fundable", docs/risk.md) and then no
    "re-planning saves" row."""
    rows: list[list[Cell]] = []
    for key, word in DISRUPTION_DELTAS.items():
        if key not in numbers:
            continue
        value = numbers[key]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            if key.endswith(("_loss_usd", "_cost_change_usd")):
                rows.append([word, "not fundable", ""])
                continue
            if key == "replanning_saves_usd":
                continue
        div, shown = scaled(unit_of(key))
        rows.append([word, _num(value, div), shown])
    return rows


def _disruptions_html(res: RiskResult) -> str:
    if not res.disruptions:
        return ""
    from tigris.risk.disruptions import event_words

    e = html.escape
    parts = []
    for i, d in enumerate(res.disruptions):
        numbers = d.numbers()
        event = e(event_words(d.event))  # in words, not the entry's raw fields (s49 #9)
        rows: list[list[Cell]] = []
        for key, (word, unit) in DISRUPTION_ROWS.items():
            div, shown = scaled(unit)
            cells = [_num((numbers.get(p) or {}).get(key), div) for p in DISRUPTION_PLANS]
            rows.append([word, *cells, shown])
        header = ["", *DISRUPTION_PLANS.values(), "unit"]
        plans = _table(f"table-disruption-{i}", header, rows, {1, 2, 3})
        deltas = _table(
            f"table-disruption-{i}-deltas",
            ["", "value", "unit"],
            _delta_rows(numbers),
            {1},
        )
        caption_d = disruption_caption(numbers.get("event_years") or [], numbers.get("objective"))
        deltas += f'<p class="caption">{e(caption_d)}</p>'
        notes = "".join(f"<p>{e(n)}</p>" for n in getattr(d, "notes", []))
        lead = getattr(d, "lead", None)
        items = "".join(f"<li>{e(x)}</li>" for x in (lead() if lead else []))
        lead_html = f'<ul class="lead" id="disruption-{i}-lead">{items}</ul>' if items else ""
        parts.append(
            f"<h3>{e(d.name)} ({e(d.kind)})</h3><p>{event}</p>{lead_html}{plans}{deltas}{notes}"
        )
    npv = res.disruptions[0].numbers().get("objective") == "npv"
    loss = (
        "the investor's NPV lost (money: --objective npv maximises it)"
        if npv
        else "the objective made worse, mostly the unmet-demand penalty (penalty-valued, "
        "not money spent)"
    )
    caption = (
        "Each named disruption applied to the plan as made: with every build fixed (what "
        "the event costs that plan) and with the builds from its start year on "
        f"re-optimised (what a planner would do). First the compute lost; the objective "
        f"loss is {loss}, shown beside the change of real cost."
    )
    return _section("disruptions", "Disruptions", "".join(parts), caption)


def _futures_table(df: Any) -> str:
    """The stochastic plan's futures in the report's display units (billion USD,
    million H100e, %; user test UT-POLICY #9: raw ``9.71e+13``), a column the table
    does not know as it is."""
    cols = [str(c) for c in df.columns]
    header, scales = [], []
    for c in cols:
        word, unit = FUTURE_COLUMNS.get(c, (c, ""))
        div, shown = scaled(unit) if unit else (1.0, "")
        header.append(f"{word} [{shown}]" if shown else word)
        scales.append(div)
    rows: list[list[Cell]] = [
        [v if isinstance(v, str) else _num(v, div) for v, div in zip(r, scales, strict=True)]
        for r in df.itertuples(index=False)
    ]
    numeric = {i for i, c in enumerate(cols) if c != "scenario"}
    return _table("table-stochastic-scenarios", header, rows, numeric)


def _stochastic_html(res: RiskResult) -> str:
    s = res.stochastic
    if s is None:
        return ""
    numbers = {k: getattr(s, k) for k in STOCHASTIC_ROWS}
    head = _table(
        "table-stochastic", ["", "value", "unit"], _kv_rows(numbers, STOCHASTIC_ROWS), {1}
    )
    notes = "".join(f"<p>{html.escape(n)}</p>" for n in getattr(s, "notes", []))
    caption = (
        "One set of builds for all the sampled futures at once (first stage), production "
        "and unmet demand per future. RP: its expected objective; EEV: the expected "
        "objective of the builds of the plan as made (for the scenario's own values), on "
        "the same futures; WS: the probability-weighted mean of each future's own optimum "
        "(Σ p_k · optimum_k, the probabilities of the Futures table; equal only when no "
        "probability is given). VSS = EEV − RP (what "
        "planning for the spread saves), EVPI = RP − WS (what knowing the future would be "
        f"worth). {STOCHASTIC_OBJECTIVE[0].upper()}{STOCHASTIC_OBJECTIVE[1:]}."
    )
    futures = s.to_dict().get("scenarios") or []
    sampled = sampled_futures(futures)
    if sampled:  # disruption futures are given, not drawn, and named beside them
        note = in_sample_note(sampled, events=len(futures) - sampled)
        caption += f" {note[0].upper()}{note[1:]}."
    from tigris.risk.stochastic import builds_against

    doc = s.to_dict()
    against = builds_against(doc.get("builds"), doc.get("ev_builds"))
    known = doc.get("ev_builds") is not None
    build_rows: list[list[Cell]] = [
        [site, fac, str(year), _num(n), *([_num(m), _num(n - m)] if m is not None else [])]
        for site, fac, year, n, m in against
    ]
    build_head = ["site", "facility", "start", "robust"] + (
        ["as made", "difference"] if known else []
    )
    total = sum(r[3] for r in against)
    made = sum(r[4] or 0 for r in against)
    title = f"What the robust plan builds: {total:,} modules" + (
        f"; the plan as made {made:,}" if known else ""
    )
    numeric = {3, 4, 5} if known else {3}
    body = (
        f"{head}{notes}<h3>Futures</h3>{_futures_table(s.scenarios)}"
        f"<h3>{html.escape(title)}</h3>"
        f"{_table('table-stochastic-builds', build_head, build_rows, numeric)}"
    )
    return _section("stochastic", "A plan robust to the futures", body, caption)


def _failed_html(doc: Mapping[str, Any]) -> str:
    failed = doc["failed"]
    if not failed:
        return ""
    rows: list[list[Cell]] = [
        ["as planned" if f["member"] < 0 else str(f["member"]), f["error"]] for f in failed
    ]
    caption = "Plans with no solution; the quantiles are over the others."
    return _section(
        "failed", "Failed plans", _table("table-failed", ["member", "error"], rows, set()), caption
    )


def _stopped_html(doc: Mapping[str, Any]) -> str:
    """The plans that stopped at the time limit (the JSON's ``stopped``), or nothing."""
    from tigris.fmt import share
    from tigris.risk.montecarlo import stopped_lines

    stopped = doc["stopped"]
    if not stopped["members"] and not stopped.get("planned"):
        return ""
    rows: list[list[Cell]] = [
        [str(p["member"]), share(p["mip_gap"]), _limit_cell(p["time_limit_s"])]
        for p in stopped["plans"]
    ]
    planned = stopped.get("planned")
    if planned:
        rows.append(
            ["as planned", share(planned.get("mip_gap")), _limit_cell(planned.get("time_limit_s"))]
        )
    head = ["member", "gap", "time limit"]
    caption = " ".join(f"{line[0].upper()}{line[1:]}." for line in stopped_lines(stopped))
    table = _table("table-stopped", head, rows, {1, 2})
    return _section("stopped", "Plans stopped at the time limit", table, caption)


def _limit_cell(v: Any) -> str:
    """A time limit [s] as text, ``–`` when unknown."""
    return f"{float(v):g} s" if v is not None else "–"


def _provenance(doc: Mapping[str, Any]) -> str:
    from tigris import __version__

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    text = (
        f"tigris {__version__} · created {now} (UTC) · {doc['members_ok']} of "
        f"{doc['samples']} sampled plans solved · seed {doc['seed']}"
        + (" · Latin hypercube" if doc.get("design") == "lhs" else "")
    )
    return f'<p class="provenance" id="provenance">{html.escape(text)}</p>'


def render_risk_html(
    res: RiskResult,
    on_figure: Callable[[str], None] | None = None,
    doc: Mapping[str, Any] | None = None,
) -> str:
    """The risk report of ``res`` as one self-contained HTML document.

    Parameters
    ----------
    res : RiskResult
        The run (:func:`tigris.risk.api.risk`).
    on_figure : callable, optional
        Called with each figure's title once it is rendered (for progress bars).
    doc : mapping, optional
        ``res.to_dict()`` if already made.

    Returns
    -------
    str
        The HTML (plotly.js inlined once; no external script, style or font).
    """
    doc = doc if doc is not None else res.to_dict()
    title = f"tigris risk: {res.scenario} ({year_span(*res.horizon)})"
    parts: Iterable[str] = (
        *page_head(title),
        _provenance(doc),
        _quantiles_html(res, doc),
        _intervals_html(res, doc),
        _balance_html(doc),
        _drivers_html(doc),
        _fans_html(res, on_figure),
        _tornado_html(res, on_figure),
        _sobol_html(res, on_figure),
        _disruptions_html(res),
        _stochastic_html(res),
        _inputs_html(doc),
        _failed_html(doc),
        _stopped_html(doc),
        PAGE_MAIN_END,
        "<footer>Made with tigris (docs/risk.md). Compute in H100-equivalents; money in USD "
        "of the scenario's currency year.</footer>",
        "</body></html>",
    )
    return "\n".join(p for p in parts if p)


def write_risk_html(
    res: RiskResult, path: str | Path, on_figure: Callable[[str], None] | None = None
) -> Path:
    """Write the risk report of ``res`` to ``path`` (whole or not at all).

    Parameters
    ----------
    res : RiskResult
        The run.
    path : str or Path
        The HTML file; its folder is created if needed.
    on_figure : callable, optional
        Called with each figure's title once it is rendered.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    InputError
        ``path`` is a folder.
    """
    p = Path(path)
    if p.is_dir():
        msg = f"'{p}' is a directory; expected an HTML file name such as risk.html"
        raise InputError(msg, field="--report")
    text = render_risk_html(res, on_figure)
    p.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(p, "--report") as tmp:
        tmp.write_text(text, encoding="utf-8")
    return p
