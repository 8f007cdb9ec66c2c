"""The dashboard's page: its components and the ids the callbacks, the browser tests
and the load test use (``docs/serve.md``, contract of issue 16).

Pure builders: each function takes plain data (controls, values, a view dict) and
returns Dash components; no callback, no state. :mod:`tigris.serve.callbacks` fills the
page, :mod:`tigris.serve.app` makes the app.
"""

from __future__ import annotations

import json
import math
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dash import dcc, html

from tigris import fmt
from tigris.report.api import FIGURE_IDS
from tigris.report.figures import FIGURES
from tigris.serve.controls import GROUPS

if TYPE_CHECKING:
    from tigris.serve.controls import Control

__all__ = [
    "ANNOUNCE_ID",
    "CAPEX_LABEL",
    "CAPEX_TITLE",
    "CONTROL_TYPE",
    "FIG_IDS",
    "GRAPH_CONFIG",
    "GRAPH_IDS",
    "HEADLINE_IDS",
    "LABEL_IDS",
    "MAP_FIG_ID",
    "STALE_CLASS",
    "STALE_NOTE",
    "SURE_ID",
    "announce_text",
    "capex_text",
    "control_value",
    "controls_panel",
    "disruption_sentence",
    "empty_figure",
    "figure_caption",
    "figure_title",
    "graph_id",
    "headline_texts",
    "page",
    "status_text",
    "sure_text",
]

#: The ``type`` of every control's pattern-matching id ``{"type": "ctl", "id": ...}``.
CONTROL_TYPE = "ctl"
#: The map's figure id in a view (``figures``), drawn by ``tigris.report.sitemap``.
MAP_FIG_ID = "fig-map"
#: The headline's numbers, each a span with its own id (filled from a view).
HEADLINE_IDS = (
    "headline-unmet-share",
    "headline-capex",
    "headline-npv",
    "headline-baseline",
)
#: The capex tile's label: the gross capex of the investor's modules, before any
#: subsidy, as the runs list's footnote calls it ("the gross capex committed, before
#: subsidy"); "Investor's capex committed" read as the investor's own money, which is
#: the capital spent, net of subsidy (user test 2026-12-06 policy #3: Japan at a 90 %
#: subsidy, tile $1.78B, capital spent $178M).
CAPEX_LABEL = "Investor's capex committed (before subsidy)"
#: The capex tile's tooltip: what it counts and where the net figure is.
CAPEX_TITLE = (
    "The gross capex of the modules the investor commits to build, before any subsidy "
    "pays part of it; the investor's own capital spent (after subsidy) is in the "
    "sentences below."
)
#: Relative difference under which two amounts are the same amount written twice (float
#: noise of sums in a different order; ~1e-14 measured, 1e-9 leaves a wide margin yet
#: is far below the 1e-3 the tiles print) [-].
SAME_AMOUNT_REL = 1e-9
#: Labels of the headline's numbers, by id (what each number is of: the investor's
#: money, or the whole world's compute; UT-DASH #2, #7).
_HEADLINE_LABELS = {
    "headline-unmet-share": "Demand unmet (world)",
    "headline-capex": CAPEX_LABEL,
    "headline-npv": "Investor's NPV",
    "headline-baseline": "Unmet without the investor (world)",
}
#: The same in a disrupted what-if: the numbers shown are the re-optimised plan's under
#: the event, the baseline the undisrupted world's without the investor (``docs/serve.md``,
#: "What a view shows"), which the labels must say (UT-DASH #2).
_DISRUPTED_LABELS = {
    "headline-unmet-share": "Demand unmet (world, with the disruption, re-optimised)",
    "headline-capex": f"{CAPEX_LABEL} (with the disruption)",
    "headline-npv": "Investor's NPV (with the disruption)",
    "headline-baseline": "Unmet without the investor (world, no disruption)",
}
#: Tooltips of the headline's tiles, by id (those that need one).
_TILE_TITLES = {"headline-capex": CAPEX_TITLE}
#: The id of each headline number's label (filled from the view: the basis changes).
LABEL_IDS = {i: f"label-{i}" for i in HEADLINE_IDS}
#: The screen-reader-only live region that says a what-if was answered, and its
#: headline (accessibility review of 2026-12-07).
ANNOUNCE_ID = "announce"
#: The line under the headline on how sure its numbers are (UT-DASH #5).
SURE_ID = "headline-sure"
#: What the page says over numbers that are not the answer to the controls shown
#: (an error stands, or the server stopped answering; UT-DASH #1, #6).
STALE_NOTE = (
    "Stale: these numbers and figures are for the last what-if the server answered, "
    "not for the values now in the controls."
)
#: The class of the page's main column while what it shows is stale (dimmed, the note
#: shown; ``assets/tigris.css``); the what-if callback and ``assets/stale.js`` set it.
STALE_CLASS = "stale"
#: How the page names the whole plan's cost in the headline's sentences: the world's
#: (every maker's wafers and data-centre MW used), not the investor's (UT-DASH #7).
_COST_WORD = "Cost "
_WORLD_COST_WORD = "World cost (the whole plan's, every maker's, not the investor's) "
#: The value of a toggle's one checkbox when it is ticked.
_ON = "on"
#: Titles of the report's figures by id; the map's own title.
_TITLES = {spec.id: spec.title for spec in FIGURES} | {
    MAP_FIG_ID: "Sites: candidates, builds and incumbents"
}
#: Captions of the report's figures by id; the map's own (what its markers are).
_CAPTIONS = {spec.id: spec.caption for spec in FIGURES} | {
    MAP_FIG_ID: "Candidate sites, the investor's builds and the incumbents' fabs, from the "
    "scenario's sites and the plan's builds (tigris.report.sitemap)."
}
#: Height [px] and top margin (room for the title) [px] of a figure with no plan yet
#: (layout choices: a short placeholder, the title where the figure's own will be).
_EMPTY_HEIGHT_PX = 220
_EMPTY_TOP_PX = 40
#: plotly.js options of every graph: no plotly logo (as the report's figures). dcc.Graph
#: sizes itself (``responsive="auto"``): a figure's own height holds, else 450 px.
GRAPH_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    # nothing leaves the machine: no "Share chart..." to cloud.plotly.com (plotly.js 3
    # shows it by default; accessibility review of 2026-12-07)
    "showSendToCloud": False,
    "plotlyServerURL": "",
}
#: Figures shown full width (the rest go in a two-column grid): the supply and the map,
#: and the figures of side-by-side panels, whose year ticks and axis titles a half-width
#: box clips or overlaps (UT-DASH #14: capex "202", "ower [MW]").
_WIDE = ("fig-supply", MAP_FIG_ID, "fig-capex", "fig-power", "fig-datacenter")


def graph_id(fig_id: str) -> str:
    """The ``dcc.Graph`` id of a view's figure: ``fig-supply`` -> ``graph-supply``.

    Parameters
    ----------
    fig_id : str
        The view's id of the figure (``fig-supply``, ``fig-map``).

    Returns
    -------
    str
        ``graph-`` and the id without its ``fig-`` prefix.

    Examples
    --------
    >>> graph_id("fig-supply"), graph_id("fig-map")
    ('graph-supply', 'graph-map')
    """
    return "graph-" + fig_id.removeprefix("fig-")


#: Every figure a view carries (the report's and the map), in page order.
FIG_IDS: tuple[str, ...] = ("fig-supply", MAP_FIG_ID, *(f for f in FIGURE_IDS if f != "fig-supply"))
#: Graph ids by figure id.
GRAPH_IDS: dict[str, str] = {f: graph_id(f) for f in FIG_IDS}


def figure_title(fig_id: str) -> str:
    """The title of a view's figure (the report's, or the map's).

    Parameters
    ----------
    fig_id : str
        The view's id of the figure (``fig-supply``, ``fig-map``).

    Returns
    -------
    str
        The title; ``fig_id`` itself for a figure without one.

    Examples
    --------
    >>> figure_title("fig-supply")
    'Supply by source against demand'
    """
    return _TITLES.get(fig_id, fig_id)


def empty_figure(fig_id: str, text: str = "") -> dict[str, Any]:
    """A blank plotly figure (as a dict) under the figure's title, with an optional
    note in its middle.

    Parameters
    ----------
    fig_id : str
        The view's id of the figure (``fig-supply``, ``fig-map``).
    text : str, optional
        The note shown in the middle; ``""`` (the default) shows none.

    Returns
    -------
    dict of str to Any
        ``{"data": [], "layout": {...}}``: no traces, the axes hidden.
    """
    layout: dict[str, Any] = {
        "title": {"text": figure_title(fig_id)},
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
        "height": _EMPTY_HEIGHT_PX,
        "margin": {"t": _EMPTY_TOP_PX},
    }
    if text:
        layout["annotations"] = [
            {"text": text, "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}
        ]
    return {"data": [], "layout": layout}


# --- controls ------------------------------------------------------------------


def _label(control: Control) -> str:
    return f"{control.label} [{control.unit}]" if control.unit else control.label


def _input(control: Control, value: Any) -> Any:
    cid = {"type": CONTROL_TYPE, "id": control.id}
    if control.kind == "select":
        options = [{"label": o, "value": o} for o in control.options]
        return dcc.Dropdown(id=cid, options=options, value=value, clearable=False)
    if control.kind == "toggle":
        # the box's own label is the control's name: a <label for> cannot name a
        # checklist (its id is on a listbox), and the box read as "on" (accessibility
        # review of 2026-12-07)
        options = [{"label": f" {_label(control)}", "value": _ON}]
        return dcc.Checklist(id=cid, options=options, value=[_ON] if value else [])
    bounds = {k: getattr(control, k) for k in ("min", "max") if getattr(control, k) is not None}
    return dcc.Input(
        id=cid,
        type="number",
        value=value,
        step=control.step if control.step else "any",
        debounce=True,
        **bounds,
    )


def control_value(kind: str, raw: Any) -> Any:
    """A control's value as :func:`tigris.serve.controls.whatif` takes it, from what the
    browser sent: a toggle's checklist (a list) is ``True`` when ticked; other kinds
    pass through unchanged (whatif checks them).

    Parameters
    ----------
    kind : str
        The control's kind (``number``, ``select`` or ``toggle``).
    raw : Any
        The value the browser sent.

    Returns
    -------
    Any
        True or False for a toggle's checklist (a list of its one option, or empty), else
        ``raw`` unchanged.

    Examples
    --------
    >>> control_value("toggle", ["on"]), control_value("toggle", []), control_value("number", 3)
    (True, False, 3)

    A list with anything but the checklist's one option passes through, for whatif to
    refuse (user test 2026-12-05 serve #8: ``["bogus"]`` was read as off):

    >>> control_value("toggle", ["bogus"])
    ['bogus']
    """
    if kind == "toggle" and isinstance(raw, list) and all(x == _ON for x in raw):
        return bool(raw)
    return raw


def _control(control: Control, value: Any) -> html.Div:
    label_id = f"label-{control.id}"
    # the label names its box for a screen reader (UT-DASH #9): ``for`` is the DOM id
    # Dash gives a pattern-matching id, its JSON with sorted keys and no spaces
    # (dash-renderer's stringifyId); dcc.Input itself takes no aria-* attribute
    dom_id = json.dumps(
        {"type": CONTROL_TYPE, "id": control.id}, sort_keys=True, separators=(",", ":")
    )
    if control.kind == "toggle":  # named by its own box's label (_input)
        children = [_input(control, value)]
    else:
        children = [
            html.Label(_label(control), id=label_id, className="ctl-label", htmlFor=dom_id),
            _input(control, value),
        ]
    if control.help:
        children.append(html.Div(control.help, className="ctl-help"))
    return html.Div(children, className=f"ctl ctl-{control.kind}", **{"data-control": control.path})


def _group_order(name: str) -> tuple[int, str]:
    return (GROUPS.index(name) if name in GROUPS else len(GROUPS), name)


def controls_panel(controls: Sequence[Control], values: Mapping[str, Any]) -> list[Any]:
    """The controls grouped by :attr:`Control.group` (one collapsible block each; the
    first open), each input at ``values[control.id]`` (else its default).

    Parameters
    ----------
    controls : sequence of Control
        The base scenario's controls (:func:`tigris.serve.controls.controls_for`).
    values : mapping
        Control id -> value in display units.

    Returns
    -------
    list of html.Details
        One collapsible block per group, in the groups' order, the first open.
    """
    groups: dict[str, list[Control]] = {}
    for c in controls:
        groups.setdefault(c.group, []).append(c)
    out = []
    for i, name in enumerate(sorted(groups, key=_group_order)):
        items = [_control(c, values.get(c.id, c.default)) for c in groups[name]]
        out.append(
            html.Details(
                [html.Summary(name), *items],
                open=i == 0,
                className="ctl-group",
                **{"data-group": name},
            )
        )
    return out


# --- headline and status ---------------------------------------------------------


def _num(numbers: Mapping[str, Any], key: str) -> float | None:
    x = numbers.get(key)
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
        return None
    return float(x)


def capex_text(numbers: Mapping[str, Any]) -> str:
    """The capex committed (before subsidy) as the page prints it, the same text as the
    sentences' "capital spent" when the two are the same amount.

    The plan's sentences print ``capital_spent_usd`` with :func:`tigris.fmt.money`;
    without subsidies it is the capex committed, summed in another order, and float
    noise at a rounding boundary printed the one amount two ways on one page: tile
    "$30.6B" (30650000000.0), sentence "capital spent $30.7B" (30650000000.000446;
    user test 2026-12-06 policy #4). Amounts within :data:`SAME_AMOUNT_REL` of each
    other are printed from the one the sentences print.

    Parameters
    ----------
    numbers : mapping
        A view's ``headline.numbers`` (``capex_committed_usd``,
        ``capital_spent_usd`` [USD]).

    Returns
    -------
    str
        The amount as :func:`tigris.fmt.money` writes it; ``–`` when not known.

    Examples
    --------
    >>> capex_text({"capex_committed_usd": 3.065e10, "capital_spent_usd": 30650000000.000446})
    '$30.7B'
    >>> capex_text({"capex_committed_usd": 1.78e9, "capital_spent_usd": 1.78e8})
    '$1.78B'
    """
    capex = _num(numbers, "capex_committed_usd")
    spent = _num(numbers, "capital_spent_usd")
    if capex is None or spent is None:
        return fmt.money(capex)
    if math.isclose(capex, spent, rel_tol=SAME_AMOUNT_REL):
        return fmt.money(spent)  # one amount: as the sentences print it
    return fmt.money(capex)


def headline_texts(view: Mapping[str, Any] | None) -> dict[str, Any]:
    """The text of each headline element (:data:`HEADLINE_IDS`) and the sentences, from
    a view (``None``: dashes).

    Parameters
    ----------
    view : mapping of str to Any or None
        A finished job's view; None before any (the numbers as dashes).

    Returns
    -------
    dict
        Element id -> text; ``headline-sentences`` -> list of ``html.Li``.
    """
    head = (view or {}).get("headline") or {}
    numbers = head.get("numbers") or {}
    base = head.get("baseline") or {}
    event = head.get("disruption")
    out: dict[str, Any] = {
        "headline-unmet-share": fmt.share(_num(numbers, "unmet_share")),
        "headline-capex": capex_text(numbers),
        "headline-npv": fmt.money(_num(numbers, "npv_usd")),
        "headline-baseline": fmt.share(_num(base, "unmet_share")),
    }
    labels = _DISRUPTED_LABELS if event else _HEADLINE_LABELS
    out |= {LABEL_IDS[i]: labels[i] for i in HEADLINE_IDS}
    said = [_world_cost(s) for s in head.get("sentences") or []]
    sentences = [html.Li(s) for s in said]
    if event:
        sentences[:0] = [html.Li(s) for s in disruption_lines(event)]
    out["headline-sentences"] = sentences
    out[SURE_ID] = sure_text(numbers) if view else ""
    return out


def _world_cost(sentence: str) -> str:
    """The planner's key sentence with its first word saying whose cost it is: the
    whole plan's (every maker's wafers), not the investor's (UT-DASH #7).

    Examples
    --------
    >>> _world_cost("Cost $357B (discounted real cost, without the unmet penalty); NPV ...")[:31]
    "World cost (the whole plan's, e"
    """
    if sentence.startswith(_COST_WORD):
        return _WORLD_COST_WORD + sentence.removeprefix(_COST_WORD)
    return sentence


def sure_text(numbers: Mapping[str, Any]) -> str:
    """How sure the headline's NPV is, from what the plan computes: the NPV at the
    discount rate minus and plus two points (the same cash flows,
    :func:`tigris.plan.summary.discounting`) and its salvage part
    (:func:`tigris.plan.summary.salvage_split`), and that the dashboard runs no risk
    analysis (``tigris risk`` gives the p5-p95 spread; UT-DASH #5).

    Parameters
    ----------
    numbers : mapping
        A view's ``headline.numbers`` [USD, 1/year].

    Returns
    -------
    str
        One sentence, ``How sure: ...``: the NPV at the rate and at 2 percentage points
        below and above it (the same cash flows), its salvage part, and that no risk
        analysis is run; the parts whose numbers are missing are left out.

    Examples
    --------
    >>> sure_text({"npv_usd": 4.16e9, "discount_rate": 0.0552,
    ...     "npv_at_rate_minus_2pt_usd": 9.6e9, "npv_at_rate_plus_2pt_usd": -1.39e8,
    ...     "npv_salvage_usd": 1.45e10, "npv_without_salvage_usd": -1.03e10})[:66]
    'How sure: NPV $4.16B at 5.52 %; $9.60B at 3.52 %, -$139M at 7.52 %'
    """
    from tigris.plan.summary import RATE_STEP as _RATE_STEP
    from tigris.serve.control_groups import PERCENT as _PERCENT

    parts = []
    npv = _num(numbers, "npv_usd")
    rate = _num(numbers, "discount_rate")
    lo, hi = _num(numbers, "npv_at_rate_minus_2pt_usd"), _num(numbers, "npv_at_rate_plus_2pt_usd")
    if npv is not None and rate is not None:
        head = f"NPV {fmt.money(npv)} at {rate / _PERCENT:.2f} %"
        if lo is not None and hi is not None:
            step = _RATE_STEP / _PERCENT
            head += (
                f"; {fmt.money(lo)} at {rate / _PERCENT - step:.2f} %, {fmt.money(hi)} at "
                f"{rate / _PERCENT + step:.2f} % (same cash flows, not re-solved)"
            )
        parts.append(head)
    salvage, without = _num(numbers, "npv_salvage_usd"), _num(numbers, "npv_without_salvage_usd")
    if salvage is not None and without is not None and npv is not None:
        parts.append(
            f"{fmt.money(salvage)} of it is salvage at book value: {fmt.money(without)} without"
        )
    risk = (
        "not a forecast range: the dashboard runs no risk analysis; for the p5-p95 spread "
        "run `tigris risk` on the downloaded scenario"
    )
    return "How sure: " + "; ".join([*parts, risk]) + "."


def disruption_lines(event: Mapping[str, Any]) -> list[str]:
    """The headline's lines on a disruption: :func:`disruption_sentence`, then what the
    event costs in compute as ``tigris risk --disruption`` says it
    (:func:`tigris.risk.disruptions.lead_sentences`: deliveries lost in the event's
    years, H100e-years in service lost) and its notes (the re-timing note), then the
    undisrupted world's numbers beside the disrupted ones (UT-DASH #2).

    Parameters
    ----------
    event : mapping
        A view's ``headline.disruption`` (:func:`tigris.serve.view._disruption`).

    Returns
    -------
    list of str
        The sentences, in the order above.
    """
    from tigris.risk.disruptions import lead_sentences

    out = [disruption_sentence(event)]
    try:
        lead = lead_sentences(event, event.get("event") or {}, str(event.get("kind")))
    except (KeyError, TypeError, ValueError):  # a view stored before these numbers
        lead = []
    out += lead
    out += [str(n) for n in event.get("notes") or []]
    undisrupted = event.get("undisrupted") or {}
    out.append(
        "Without the disruption (the plan as solved before the event): demand unmet "
        f"{fmt.share(_num(undisrupted, 'unmet_share'))}, capex committed (before subsidy) "
        f"{capex_text(undisrupted)}, NPV "
        f"{fmt.money(_num(undisrupted, 'npv_usd'))}; the tile 'Unmet without the investor' "
        "is the world without the investor and without the disruption."
    )
    return out


def disruption_sentence(event: Mapping[str, Any]) -> str:
    """The headline's sentence on a disruption (a view's ``headline.disruption``).

    A plan paid with money the event removed is not a plan the owner can carry out:
    it is "not fundable: $X short" (its funding gap), as in ``tigris risk`` and the risk
    report (``docs/risk.md``), never an unmet share to compare with the re-optimised
    plan's (user test 2026-12-03, fourth session, #7).

    Parameters
    ----------
    event : mapping of str to Any
        A view's ``headline.disruption``: its ``name``, ``kind``, ``as_made`` and
        ``reoptimised`` unmet shares and whether (and by how much, US$) each is fundable.

    Returns
    -------
    str
        One sentence: demand unmet with the builds as made and re-optimised, or the
        funding gap of the one that is not fundable.

    Examples
    --------
    >>> e = {"name": "gulf", "kind": "capital_withdrawn", "as_made": {"unmet_share": 0.862},
    ...      "reoptimised": {"unmet_share": 0.864}, "fixed_fundable": False,
    ...      "funding_gap_usd": 5.68e9, "reoptimised_fundable": True}
    >>> disruption_sentence(e)[37:]
    'the builds as made are not fundable: $5.68B short; re-optimised, demand unmet 86.4% (shown).'
    """
    head = f"Disruption {event.get('name')} ({event.get('kind')}): "

    def fundable(key: str) -> bool:
        return event.get(f"{key}_fundable") is not False

    def short(gap_key: str) -> str:
        return f"not fundable: {fmt.money(_num(event, gap_key))} short"

    made = fmt.share(_num(event.get("as_made") or {}, "unmet_share"))
    again = fmt.share(_num(event.get("reoptimised") or {}, "unmet_share"))
    if fundable("fixed") and fundable("reoptimised"):
        return f"{head}demand unmet {made} with the builds as made, {again} re-optimised (shown)."
    first = (
        f"demand unmet {made} with the builds as made"
        if fundable("fixed")
        else f"the builds as made are {short('funding_gap_usd')}"
    )
    second = (
        f"re-optimised, demand unmet {again} (shown)"
        if fundable("reoptimised")
        else f"re-optimised, {short('reoptimised_funding_gap_usd')} (shown, demand unmet {again})"
    )
    return f"{head}{first}; {second}."


#: How much longer than the solve a what-if must have waited (queued, a worker
#: starting) for the status line to say so [s].
_WAIT_SAID_S = 1.0


def _waiting(ahead: Any, running: Any) -> str:
    """What a queued what-if waits for: the what-ifs ahead of it in the queue and the
    solves running (user test s50 #5: "queued (0 ahead)" behind a running solve)."""
    solves = f"solve{'s' if running != 1 else ''}"
    if ahead == 0 and running:
        return f" (waiting for {running} running {solves})"
    parts = [] if ahead is None else [f"{ahead} ahead"]
    if running:
        parts.append(f"{running} {solves} running")
    return f" ({', '.join(parts)})" if parts else ""


def announce_text(status: Mapping[str, Any], texts: Mapping[str, Any]) -> str:
    """What the live region (:data:`ANNOUNCE_ID`) says once a what-if is answered: the
    status line and each headline number with its label, in one sentence.

    Parameters
    ----------
    status : mapping
        ``JobManager.status(...)`` of the finished job.
    texts : mapping
        :func:`headline_texts` of its view.

    Returns
    -------
    str
        ``Plan updated (done in 2.2 s): Unmet in 2035 84.8 %; ...``.
    """
    parts = []
    for i in HEADLINE_IDS:
        label, value = texts.get(LABEL_IDS[i]), texts.get(i)
        if isinstance(label, str) and isinstance(value, str):
            parts.append(f"{label} {value}")
    return f"Plan updated ({status_text(status)}): " + "; ".join(parts) + "."


def status_text(status: Mapping[str, Any]) -> str:
    """One line on a job: ``queued (2 ahead)``, ``solving… 12 s``, ``cached``,
    ``done in 4.1 s``, ``failed``.

    Parameters
    ----------
    status : mapping
        ``JobManager.status(...)``.

    Returns
    -------
    str
        The line; the state itself (or ``""``) for another state.

    Examples
    --------
    >>> status_text({"state": "queued", "ahead": 2})
    'queued (2 ahead)'
    >>> status_text({"state": "queued", "ahead": 0, "running": 1})
    'queued (waiting for 1 running solve)'
    >>> status_text({"state": "queued", "ahead": 2, "running": 2})
    'queued (2 ahead, 2 solves running)'
    >>> status_text({"state": "running", "elapsed_s": 12.3, "progress": "solving"})
    'solving… 12 s (solving)'
    >>> status_text({"state": "done", "cached": True})
    'cached'
    >>> status_text({"state": "done", "cached": False, "view": {"seconds": 4.06}})
    'done in 4.1 s'

    ``solving… N s`` counts from when the what-if was asked, as the page waits, queue
    and worker start included; ``done in`` is the solve's own time, so a longer wait
    is said beside it (user test s46 #13: ``solving… 8 s``, then ``done in 2.4 s``):

    >>> status_text(
    ...     {"state": "done", "cached": False, "elapsed_s": 8.2, "view": {"seconds": 2.43}}
    ... )
    'done in 2.4 s (8 s since asked)'
    """
    state = status.get("state")
    if state == "queued":
        return "queued" + _waiting(status.get("ahead"), status.get("running"))
    if state == "running":
        elapsed = status.get("elapsed_s") or 0.0
        progress = status.get("progress") or ""
        return f"solving… {elapsed:.0f} s" + (f" ({progress})" if progress else "")
    if state == "done":
        if status.get("cached"):
            return "cached"
        waited = status.get("elapsed_s") or 0.0
        seconds = ((status.get("view") or {}).get("seconds")) or waited
        if waited - seconds >= _WAIT_SAID_S:
            return f"done in {seconds:.1f} s ({waited:.0f} s since asked)"
        return f"done in {seconds:.1f} s"
    return str(state or "")


# --- the page ---------------------------------------------------------------------


def _headline() -> html.Div:
    cards = [
        html.Div(
            [
                html.Div(_HEADLINE_LABELS[i], id=LABEL_IDS[i], className="kpi-label"),
                html.Div("–", id=i, className="kpi-value", **{"aria-labelledby": LABEL_IDS[i]}),
            ],
            className="kpi",
            # what the capex tile counts, on hover (user test 2026-12-06 policy #3)
            **({"title": _TILE_TITLES[i]} if i in _TILE_TITLES else {}),
        )
        for i in HEADLINE_IDS
    ]
    return html.Div(
        [
            html.Div(STALE_NOTE, id="stale-note", className="stale-note", role="status"),
            html.Div(cards, className="kpis"),
            html.Div(id=SURE_ID, className="sure"),
            html.Ul(id="headline-sentences", className="sentences"),
        ],
        id="headline",
    )


def figure_caption(fig_id: str) -> str:
    """The caption under a view's figure: the report's (``tigris.report.figures``), or
    the map's (UT-DASH #4).

    Parameters
    ----------
    fig_id : str
        The view's id of the figure (``fig-supply``, ``fig-map``).

    Returns
    -------
    str
        The report's or map's caption, then the figure's pattern words, joined by a
        space; ``""`` for a figure with neither.

    Examples
    --------
    >>> figure_caption("fig-supply")[:40]
    'Compute delivered each year by source, s'
    """
    from tigris.serve.view import PATTERN_WORDS

    return " ".join(x for x in (_CAPTIONS.get(fig_id, ""), PATTERN_WORDS.get(fig_id, "")) if x)


def _figure(fig_id: str) -> html.Section:
    wide = " wide" if fig_id in _WIDE else ""
    caption = figure_caption(fig_id)
    return html.Section(
        [
            dcc.Graph(
                id=GRAPH_IDS[fig_id],
                figure=empty_figure(fig_id, "waiting for the plan…"),
                config=GRAPH_CONFIG,
            ),
            html.P(caption, className="caption") if caption else None,
        ],
        className="figure" + wide,
        # a screen reader's name for the chart (dcc.Graph takes no aria-*; UT-DASH #9)
        role="figure",
        **{"aria-label": figure_title(fig_id)},
    )


def _toolbar() -> html.Div:
    return html.Div(
        [
            html.Button("Apply", id="apply", n_clicks=0, className="primary"),
            html.Button("Reset", id="reset", n_clicks=0),
            dcc.Upload(
                html.Button("Upload scenario…", type="button"),
                id="upload",
                multiple=False,
                accept=".yaml,.yml,text/yaml",
            ),
            html.Button("Download YAML", id="download-button", n_clicks=0),
            dcc.Download(id="download"),
            html.Button("Pin as A", id="pin-a", n_clicks=0),
            html.Button("Pin as B", id="pin-b", n_clicks=0),
        ],
        className="toolbar",
    )


def page(*, title: str, poll_ms: int, fig_ids: Iterable[str] = FIG_IDS) -> html.Div:
    """The whole page, with a new random session id (call it once per page load).

    Parameters
    ----------
    title : str
        The base scenario's name (shown in the header).
    poll_ms : int
        Interval of the job poll [ms] (enabled only while a job is pending).
    fig_ids : iterable of str
        The figures shown (default: the report's and the map).

    Returns
    -------
    html.Div
        The page's root component: the stores (session, base, job, pins...), the poll,
        the header, the controls' aside and the main area (status, errors, warnings,
        headline, figures, comparison).
    """
    return html.Div(
        [
            dcc.Location(id="url", refresh=False),
            dcc.Store(id="session", storage_type="session", data=secrets.token_urlsafe(16)),
            dcc.Store(id="base", storage_type="memory"),
            # the name of the scenario this tab uploaded, kept across a reload (the
            # upload itself is not): a link made against it says so (user test s50 #4)
            dcc.Store(id="uploaded", storage_type="session", data=None),
            dcc.Store(id="job", storage_type="memory"),
            dcc.Store(id="pins", storage_type="memory", data={}),
            dcc.Interval(id="poll", interval=poll_ms, disabled=True, n_intervals=0),
            html.Header(
                [
                    html.H1(["tigris — what if ", html.Span(title, id="base-name")]),
                    _toolbar(),
                ]
            ),
            html.Div(
                [
                    html.Aside(id="controls", className="controls"),
                    html.Main(
                        [
                            html.Div(
                                [
                                    html.Div(id="status", className="status-line"),
                                    # read out once a what-if is answered, not at each
                                    # second of "solving…" (accessibility review of
                                    # 2026-12-07: a recomputed plan was announced to
                                    # no screen reader; callbacks.announce_text)
                                    html.Div(
                                        id=ANNOUNCE_ID,
                                        className="sr-only",
                                        role="status",
                                        **{"aria-live": "polite", "aria-atomic": "true"},
                                    ),
                                    html.Div(
                                        [
                                            html.Div(id="error-setup"),
                                            html.Div(id="error-run"),
                                            # written by assets/stale.js when the
                                            # server does not answer (UT-DASH #1)
                                            html.Div(id="error-net"),
                                        ],
                                        id="error",
                                        className="error",
                                        role="alert",
                                    ),
                                    # what plan --set would warn of: not an error, the
                                    # plan is solved and shown (callbacks.set_warnings_text)
                                    html.Div(id="warnings", className="warnings", role="status"),
                                ],
                                className="top",
                            ),
                            _headline(),
                            html.Div([_figure(f) for f in fig_ids], className="figures"),
                            html.H2("Compare"),
                            html.Div(
                                html.P("Pin a what-if as A and another as B to compare them."),
                                id="compare",
                                className="compare",
                            ),
                        ],
                        id="main",
                    ),
                ],
                className="body",
            ),
        ],
        className="page",
    )
