"""What the dashboard shows for one solved what-if: a *view* (``docs/serve.md``, "What a
view shows").

:func:`compute_view` runs in a worker process (:mod:`tigris.serve.jobs`). It reads the
request's scenario with its ``--data`` overlay in force, solves the plan with the world
without the investor (the counterfactual, :mod:`tigris.plan.counterfactual`) and no
explanations, or, with a disruption named, the disruption's three plans
(:func:`tigris.risk.disruptions.disrupt`); stores the run in the run store with the
request's key among its options; and returns a JSON-safe dict: the headline numbers and
sentences, the no-investor baseline, every report figure as plotly JSON plus the sites
map, and the builds and the compute by year as records.

:func:`cached_view` rebuilds the same view from a stored run, so a what-if solved once
(by any worker, in any earlier server) is answered without a solve.

Nothing here imports dash; the planner, plotly and the store are imported when used.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tigris.errors import InputError, Problem

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from tigris.plan.result import PlanResult
    from tigris.scenario import Scenario

__all__ = [
    "MAP_ID",
    "SERVE_KEY",
    "STAGES",
    "cached_view",
    "compute_view",
    "view_from_result",
]

#: Figure id of the sites map (:func:`tigris.report.sitemap.sites_map`), beside the
#: report's :data:`~tigris.report.api.FIGURE_IDS`.
MAP_ID = "fig-map"
#: Option of a stored run holding the request's key (:meth:`RunStore.find`).
SERVE_KEY = "serve_key"
#: Options of a stored run holding what the view needs besides the result: the
#: ``--data`` overlay's text and the parts of the view the result cannot give back
#: (the baseline and the disruption of a disrupted what-if).
_DATA_OPTION = "data_yaml"
_VIEW_OPTION = "serve_view"
#: The stages :func:`compute_view` reports through ``progress``, in order (the
#: disruption's only with one named).
STAGES = (
    "reading scenario",
    "solving plan",
    "solving disruption",
    "drawing figures",
    "storing",
)
#: Keys of a request (``WhatIf.request()``, ``docs/serve.md``).
_REQUEST_KEYS = ("scenario_yaml", "data_yaml", "disruption", "options")
#: Solver options a request may carry.
_OPTION_KEYS = ("time_limit_s", "mip_gap")

_LOG = logging.getLogger("tigris.serve")


# --- the request ------------------------------------------------------------------------


def _check_request(
    request: Mapping[str, Any],
) -> tuple[str, str | None, str | None, dict[str, float]]:
    """The request's scenario text, overlay text, disruption and solver options.

    Raises
    ------
    InputError
        A request not of the contract's shape (naming the key).
    """
    problems: list[Problem] = []
    if not isinstance(request, Mapping):
        raise InputError(Problem("request", f"expected a mapping, got {type(request).__name__}"))
    unknown = sorted(str(k) for k in request if k not in _REQUEST_KEYS)
    if unknown:
        problems.append(Problem("request", f"unknown keys {unknown}; expected {_REQUEST_KEYS}"))
    text = request.get("scenario_yaml")
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem("request.scenario_yaml", "expected the scenario's YAML text"))
    data = request.get("data_yaml")
    if data is not None and not isinstance(data, str):
        problems.append(Problem("request.data_yaml", "expected YAML text or null"))
    name = request.get("disruption")
    if name is not None and (not isinstance(name, str) or not name):
        problems.append(Problem("request.disruption", "expected a disruption's name or null"))
    raw = request.get("options") or {}
    options: dict[str, float] = {}
    if not isinstance(raw, Mapping):
        problems.append(Problem("request.options", "expected a mapping"))
        raw = {}
    for k, v in raw.items():
        where = f"request.options.{k}"
        if k not in _OPTION_KEYS:
            problems.append(Problem(where, f"unknown option; expected one of {_OPTION_KEYS}"))
        elif v is None:
            continue
        elif isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v < 0:
            problems.append(Problem(where, f"expected a finite number >= 0, got {v!r}"))
        else:
            options[k] = float(v)
    if problems:
        raise InputError(problems)
    return str(text), data, name, options


# --- JSON -------------------------------------------------------------------------------


def _clean(obj: Any) -> Any:
    """``obj`` as plain JSON values: NaN and infinities as None, numpy scalars as
    Python's, tuples as lists, keys as text."""
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, str | bytes):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def _records(df: Any) -> list[dict[str, Any]]:
    """A table as JSON records (NaN as None)."""
    from tigris.jsonable import json_records

    return _clean(json_records(df))


# --- the view ---------------------------------------------------------------------------


def _baseline(result: PlanResult) -> dict[str, Any] | None:
    """Compute served, unmet and the unmet share in the world without the investor,
    summed over the horizon [H100e, -], with that solve's ``status`` and ``note``
    (``PlanResult.baseline_status``/``baseline_note``); None without a counterfactual.

    ``unmet = demand − served_without_investor`` and ``unmet_share = unmet / demand``
    (``docs/plan.md``, "The answer against a world without the investor"). When that
    world was solved but has no solution, the numbers are None (shown as dashes) and
    ``note`` says why, naming HiGHS's status; when it stopped at the time limit with a
    solution, the numbers are that solution's and ``note`` says so.
    """
    base, _added = result.sections()
    status = getattr(result, "baseline_status", None)  # None: a run saved before it
    note = getattr(result, "baseline_note", None)
    if base is None:
        if not note:
            return None
        return {
            "served_h100e": None,
            "unmet_h100e": None,
            "unmet_share": None,
            "shortage_ends": None,
            "h100e_by_year": {},
            "status": status,
            "note": note,
        }
    demand = float(result.demand["demand_h100e"].sum())
    served = float(base["total_h100e"])
    unmet = max(demand - served, 0.0)
    return {
        "served_h100e": served,
        "unmet_h100e": unmet,
        "unmet_share": unmet / demand if demand > 0 else math.nan,
        "shortage_ends": base["shortage_ends"],
        "h100e_by_year": {str(y): v for y, v in base["h100e_by_year"].items()},
        "status": status,
        "note": note,
    }


def _years(result: PlanResult) -> list[dict[str, Any]]:
    """Demand, served, unmet and baseline compute by year, summed over the classes
    [H100e/year]."""
    cols = ["demand_h100e", "served_h100e", "unmet_h100e", "baseline_served_h100e"]
    d = result.demand
    if not len(d):
        return []
    have = [c for c in cols if c in d.columns]
    by_year = d.groupby("year", sort=True)[have].sum(min_count=1).reset_index()
    return _records(by_year)


def _failure(result: PlanResult) -> str:
    """One line saying why ``result`` has no plan."""
    why = " ".join(e.text for e in result.binding if e.text)
    if result.status == "time_limit":
        head = "no plan found within the solver's time limit"
    else:
        head = f"no plan: the solver reports {result.status}"
    return f"{head}. {why}".strip() if why else head


def _missing_map(scenario: Scenario) -> go.Figure:
    """A figure saying the sites map is not available (no :mod:`tigris.report.sitemap`)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.add_annotation(
        text=f"The sites map of {scenario.name} is not available in this tigris.",
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _map(result: PlanResult | None, scenario: Scenario) -> go.Figure:
    try:
        from tigris.report.sitemap import sites_map
    except ImportError:  # helper D's module not there yet
        return _missing_map(scenario)
    return sites_map(result, scenario)


#: Longest line of a figure's source line on the page [characters]: the plot area of
#: the page's half-width figures is ~370 px wide at a 1280 px window, ~55 characters at
#: the source's 11 px (~6.5 px each; layout choice; the report's full-width figures wrap
#: at 120).
SOURCE_WRAP_CHARS = 55
#: Height of one line of the source line [px]: its font size (plotly_figs.SOURCE_FONT_SIZE,
#: 11 px) times a line spacing of about 1.3 (layout choice).
SOURCE_LINE_PX = 15
#: Gap between the top of a page figure and its title [px] (layout choice).
TITLE_PAD_PX = 8
#: Room above the top row's subplot titles [px]: a figure of titled panels (the
#: data-centre regions) has its source line that much higher (layout choice: one line of
#: plotly's 16 px subplot title and a gap).
PANEL_TITLE_PX = 22
#: Tolerance of "at the top of the plot area" for a subplot title's y [paper fraction].
_TOP_TOL = 1e-6


#: Plotly pattern of the traces the page marks so that a grey-scale print tells them
#: apart, by figure id and trace name (UT-DASH #8): the report's own fills
#: (:data:`tigris.report.figures.GREYSCALE_PATTERNS`, which its builders now draw and
#: its captions name; written out here so this module does not import pandas at start,
#: ``tests/test_s36_grey.py`` holds the two equal), applied again here (idempotent).
GREYSCALE_PATTERNS: dict[str, dict[str, str]] = {
    "fig-supply": {"investor new": "/", "incumbent response": "x", "served-share floor": "-"},
    "fig-schedule": {"construction": "."},
}
#: What the page's caption adds about those patterns, by figure id: nothing now, the
#: report's captions name the fills (S36 REPORT-GREY).
PATTERN_WORDS: dict[str, str] = {}


def _patterned(fig_id: str, fig: go.Figure) -> go.Figure:
    """``fig`` with :data:`GREYSCALE_PATTERNS` applied to its traces of those names."""
    for name, shape in GREYSCALE_PATTERNS.get(fig_id, {}).items():
        fig.update_traces(marker_pattern_shape=shape, selector={"name": name})
    return fig


#: Figures whose legend the page puts at the figure's foot, below the x-axis titles:
#: in a narrow panel plotly turns the years upright and moves the axis title down
#: (automargin), where a legend placed at a share of the plot's height was (the capex
#: figure's "Year" over its legend title at 800 px; serve user test s50 #1), as the
#: report's schedule figure does itself.
FOOT_LEGEND_IDS = ("fig-capex",)


def _legend_at_foot(fig_id: str, fig: go.Figure) -> go.Figure:
    """``fig`` with its legend at the figure's foot (container coordinates) and its x
    axes' margins grown to their tick labels and titles, for :data:`FOOT_LEGEND_IDS`."""
    if fig_id in FOOT_LEGEND_IDS:
        fig.update_xaxes(automargin=True)
        fig.update_layout(legend={"yref": "container", "yanchor": "bottom", "y": 0})
    return fig


def _sourced(fig: go.Figure, source: str) -> go.Figure:
    """``fig`` with the report's source line in it (UT-DASH #4): in its top margin, below
    its title, as the HTML report has it (:func:`tigris.report.plotly_figs.add_source`),
    so a PNG saved with plotly's camera button keeps it. The page keeps the figure's
    title in the figure (the report moves it to a heading), so the title goes to the top
    of the figure and the top margin and height grow by the source's lines, the plot area
    keeping its size."""
    import textwrap

    from tigris.report.plotly_figs import SOURCE_GAP_PX, add_source
    from tigris.viz.style import PLOTLY_HEIGHT, PLOTLY_MARGIN

    # subplot titles sit just above the top row's panels, where the source line goes
    titled = any(
        a.yref == "paper" and a.y is not None and a.y >= 1 - _TOP_TOL
        for a in fig.layout.annotations
    )
    lift = PANEL_TITLE_PX if titled else 0
    room = SOURCE_LINE_PX * len(textwrap.wrap(source, SOURCE_WRAP_CHARS)) + lift
    top = fig.layout.margin.t if fig.layout.margin.t is not None else PLOTLY_MARGIN["t"]
    height = fig.layout.height if fig.layout.height is not None else PLOTLY_HEIGHT
    fig.update_layout(
        margin={"t": top + room},
        height=height + room,
        title={"y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": TITLE_PAD_PX}},
    )
    add_source(fig, source, wrap=SOURCE_WRAP_CHARS)
    if lift:
        fig.update_annotations(selector={"name": "source"}, yshift=SOURCE_GAP_PX + lift)
    return fig


def _figures(result: PlanResult, scenario: Scenario) -> dict[str, Any]:
    """Every report figure, with the report's source line in it, and the sites map as
    plotly JSON dicts."""
    from tigris import __version__
    from tigris.report.api import FIGURE_IDS, figure
    from tigris.report.figures import source_line
    from tigris.report.result import report_tables

    tables = report_tables(result)  # checked and normalised once for all the figures
    source = source_line(tables, __version__)
    out = {
        fid: json.loads(
            _legend_at_foot(fid, _patterned(fid, _sourced(figure(tables, fid), source))).to_json()
        )
        for fid in FIGURE_IDS
    }
    out[MAP_ID] = json.loads(_map(result if result.ok else None, scenario).to_json())
    return out


def view_from_result(
    result: PlanResult, scenario: Scenario, *, key: str, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The view of a solved plan (``docs/serve.md``, "What a view shows").

    Parameters
    ----------
    result : PlanResult
        The plan shown (a disrupted what-if's re-optimised plan).
    scenario : Scenario
        The what-if's scenario (name, sites for the map).
    key : str
        The request's key (:func:`tigris.serve.controls.request_key`).
    extra : mapping, optional
        Parts that replace the ones read from ``result``: ``baseline`` and
        ``disruption`` (of the headline), ``seconds``, ``run_id``, ``error``.

    Returns
    -------
    dict
        JSON-safe (no NaN): ``key, status, ok, error, scenario_name, seconds, run_id,
        headline {numbers, sentences, baseline, disruption}, figures {fig id: plotly
        JSON}, tables {builds, years}, warnings`` (``warnings``: the plan's subsidy
        programme overruns, ``warning: ...`` lines; :func:`_overrun_warnings`).
    """
    extra = dict(extra or {})
    head = result.headline()
    ok = bool(result.ok)
    # a baseline from another solve (a disrupted plan's, a failed plan's first solve)
    # replaces the shown plan's: that plan is solved without the world without the
    # investor, and its sentence saying the comparison is unknown would contradict the
    # baseline shown beside it
    skip = set(head.get("investor") or []) if "baseline" in extra else set()
    baseline = extra["baseline"] if "baseline" in extra else _baseline(result)
    sentences = [s for s in head["sentences"] if s and s not in skip]
    # why that world is unknown (HiGHS's status) or only the best found in time, said
    # beside the dash it leaves in the headline
    note = (baseline or {}).get("note")
    if note and note not in sentences:
        sentences.append(note)
    view = {
        "key": key,
        "status": result.status,
        "ok": ok,
        "error": extra.get("error") or (None if ok else _failure(result)),
        "scenario_name": scenario.name,
        "seconds": float(extra.get("seconds", 0.0)),
        "run_id": extra.get("run_id"),
        "headline": {
            "numbers": head["numbers"],
            "sentences": sentences,
            "baseline": baseline,
            "disruption": extra.get("disruption"),
        },
        "figures": _figures(result, scenario),
        "tables": {"builds": _records(result.builds), "years": _years(result)},
        "warnings": _overrun_warnings(result),
    }
    return _clean(view)


def _overrun_warnings(result: PlanResult) -> list[str]:
    """``warning: ...`` lines of the subsidy programmes the shown plan's sites pass
    (:func:`tigris.plan.subsidy_cap.cap_warnings`), as ``tigris plan`` prints them.

    The solve does not bound a programme's total, so only a solved plan can say it:
    the page shows these beside the plan (user test 2026-12-06 policy #2: a plan
    booking 1.40x the CHIPS Act's US$39.0B was warned of by ``tigris plan`` and not on
    the page). Computed from the result, so a view rebuilt from the store
    (:func:`cached_view`) says them too.

    Parameters
    ----------
    result : PlanResult
        The plan shown (a disrupted what-if's re-optimised plan).

    Returns
    -------
    list of str
        One ``warning: <sentence>`` per programme passed; empty for a plan without a
        solution or a result without a subsidies table.
    """
    from tigris.plan.subsidy_cap import plan_cap_warnings

    return [f"warning: {line}" for line in plan_cap_warnings(result)]


# --- computing and caching --------------------------------------------------------------


def _disruption(d: Any) -> dict[str, Any]:
    """The headline's ``disruption`` part of a :class:`DisruptionResult`: the plan as
    made hit by the event (``as_made``: its builds fixed), the re-optimised plan, the
    undisrupted plan, what each loses and the notes."""
    nums = d.numbers()
    out = {
        "name": d.name,
        "kind": d.kind,
        "event": dict(d.event),
        "as_made": nums["fixed"],
        "reoptimised": nums["reoptimised"],
        "undisrupted": nums["base"],
        "notes": list(d.notes),
    }
    out.update({k: v for k, v in nums.items() if k not in ("base", "fixed", "reoptimised")})
    return _clean(out)


def _solve(sc: Scenario, options: Mapping[str, float], *, explain: bool = False) -> PlanResult:
    from tigris.plan.reuse import solve_member

    return solve_member(sc, counterfactual=not explain, explain_result=explain, **options)


def compute_view(
    request: Mapping[str, Any],
    progress: Callable[[str], None] = lambda s: None,
    *,
    store: str | Path | None = None,
) -> dict[str, Any]:
    """Solve one what-if and return its view (``docs/serve.md``, "What a view shows").

    Parameters
    ----------
    request : mapping
        ``{"scenario_yaml", "data_yaml", "disruption", "options": {"time_limit_s",
        "mip_gap"}}`` (``WhatIf.request()``).
    progress : callable, optional
        Called with each stage of :data:`STAGES` as it starts.
    store : str or Path, optional
        The run store (:func:`tigris.runs.store.store_path`: default
        ``$TIGRIS_STORE``). A store that cannot be written is logged, not fatal: the
        view then has no ``run_id``.

    Returns
    -------
    dict
        The view (:func:`view_from_result`). A plan without a solution (infeasible, no
        plan within the time limit) is a view with ``ok`` False and the reason in
        ``error``.

    Raises
    ------
    InputError
        A request of the wrong shape, a scenario or overlay that does not load (the
        loader's ``<text>:LINE: field: message``), an unknown disruption.
    """
    from tigris.plan.reuse import using_data_text
    from tigris.serve.controls import request_key
    from tigris.serve.limits import SOLVE_TIME_LIMIT_S
    from tigris.serve.upload import scenario_from_text

    t0 = time.perf_counter()
    text, data_yaml, name, options = _check_request(request)
    key = request_key(request)
    progress("reading scenario")
    extra: dict[str, Any] = {}
    with using_data_text(data_yaml):
        sc = scenario_from_text(text)  # YAML text, never a file name (user test s48 #1)
        # never longer than the server's limit, whatever the request or scenario says
        limit = options.get("time_limit_s", sc.solver.time_limit_s)
        options["time_limit_s"] = min(limit, SOLVE_TIME_LIMIT_S)
        event = None
        if name is not None:
            from tigris.risk.disruptions import find_disruption

            event = find_disruption(sc, name)
        progress("solving plan")
        result = _solve(sc, options)
        shown = result
        if not result.ok:  # no plan: nothing to disrupt
            if result.status != "time_limit":  # the reason in words (its re-solves)
                shown = _solve(sc, options, explain=True)
            extra["baseline"] = _baseline(result)  # the first solve's counterfactual
        elif event is not None:
            from tigris.risk.disruptions import disrupt

            progress("solving disruption")
            d = disrupt(sc, event.name, base=result, **options)
            shown = d.reoptimised
            extra["baseline"] = _baseline(result)
            extra["disruption"] = _disruption(d)
        progress("drawing figures")
        view = view_from_result(shown, sc, key=key, extra=extra)
        # stored with the overlay in force, so the run's record keeps it (user test
        # 2026-12-05 serve #1: the record said no overlay)
        progress("storing")
        seconds = time.perf_counter() - t0
        view["seconds"] = seconds
        view["run_id"] = _store(store, sc, shown, key, data_yaml, extra, options, seconds)
    return view


def _store(
    store: str | Path | None,
    sc: Scenario,
    result: PlanResult,
    key: str,
    data_yaml: str | None,
    extra: Mapping[str, Any],
    options: Mapping[str, float],
    seconds: float,
) -> str | None:
    """Store the shown plan (kind ``plan``) with the key among its options; its id, or
    None when the store cannot be written (logged)."""
    from tigris.runs.store import RunRecord, RunStore
    from tigris.scenario.edit import to_yaml

    explained = bool(result.binding)  # a failed plan re-solved for its reason
    opts: dict[str, Any] = {**options, "explain_result": explained, "counterfactual": not explained}
    opts[SERVE_KEY] = key
    if data_yaml is not None:
        opts[_DATA_OPTION] = data_yaml
    if extra:
        opts[_VIEW_OPTION] = _clean(dict(extra))
    record = RunRecord(
        kind="plan",
        scenario_yaml=to_yaml(sc),
        scenario_name=sc.name,
        options=opts,
        status=result.status,
        timings={**result.timings, "view_s": seconds},
    )
    from tigris.runs.store import NotCheckpointedError

    try:
        return RunStore(store).add(record, result)
    except NotCheckpointedError as err:  # committed: stored, the checkpoint failed
        _LOG.warning("view %s: %s", key[:12], str(err).splitlines()[0])
        return err.run_ids[0] if err.run_ids else None
    except InputError as err:
        _LOG.warning("view %s not stored: %s", key[:12], str(err).splitlines()[0])
        return None


def cached_view(store: str | Path | None, key: str) -> dict[str, Any] | None:
    """The view of a stored what-if with this key, rebuilt from the run store.

    Parameters
    ----------
    store : str or Path or None
        The run store (default ``$TIGRIS_STORE``).
    key : str
        The request's key (:func:`tigris.serve.controls.request_key`).

    Returns
    -------
    dict or None
        The view :func:`compute_view` returned for it (the same numbers and figures;
        ``seconds`` the solve's, ``run_id`` the stored run), or None when no run with a
        result has this key.
    """
    from tigris.plan.reuse import using_data_text
    from tigris.runs.store import RunStore
    from tigris.serve.upload import scenario_from_text

    st = RunStore(store)
    run_id = st.find(option=(SERVE_KEY, key))
    if run_id is None:
        return None
    rec = st.record(run_id)
    result = st.result(run_id)
    opts = rec.get("options") or {}
    extra = dict(opts.get(_VIEW_OPTION) or {})
    extra["run_id"] = run_id
    extra["seconds"] = float((rec.get("timings") or {}).get("view_s", 0.0))
    with using_data_text(opts.get(_DATA_OPTION)):
        sc = scenario_from_text(rec["scenario_yaml"])
        return view_from_result(result, sc, key=key, extra=extra)
