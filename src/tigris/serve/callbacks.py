"""The dashboard's callbacks: controls -> a what-if -> a job -> the page.

Four callbacks (``docs/serve.md``, "Start"):

- **setup** (the URL's query, an upload, Reset) draws the controls of the session's base
  scenario at the values the query asks for (:func:`~tigris.serve.controls.decode_state`),
  at an uploaded scenario's defaults, or at the base's defaults;
- **what-if** (any control, Apply, the poll) turns the controls' values into a what-if
  (:func:`~tigris.serve.controls.whatif`), submits its request to the
  :class:`~tigris.serve.jobs.JobManager` and fills the page at once when the answer is
  cached, else enables the poll (a ``dcc.Interval``) until the job is done; it writes
  the what-if to the URL (:func:`~tigris.serve.controls.encode_state`);
- **pin** keeps the shown what-if as A or B and draws the comparison
  (:mod:`tigris.serve.compare`);
- **download** sends the current what-if's scenario as YAML.

Every callback turns an :class:`~tigris.errors.InputError` into its text in the page's
``error`` element and any other exception into "internal error (logged)" (the traceback
goes to the ``tigris.serve`` logger), never a traceback in the page or the response.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dash import ALL, Dash, Input, Output, Patch, State, ctx, no_update
from dash.exceptions import PreventUpdate
from plotly.io.json import to_json_plotly

from tigris.errors import InputError, Problem
from tigris.scenario.edit import to_yaml
from tigris.serve import compare, layout
from tigris.serve.controls import (
    Control,
    WhatIf,
    controls_for,
    decode_state,
    defaults,
    encode_state,
    whatif,
)
from tigris.serve.limits import VIEW_CACHE_SIZE
from tigris.serve.upload import scenario_from_text, scenario_from_upload

if TYPE_CHECKING:
    from tigris.scenario import Scenario
    from tigris.serve.jobs import JobManager

__all__ = ["INTERNAL_ERROR", "LOG", "ServeContext", "register"]

#: The logger of the dashboard (tracebacks of unexpected errors go here).
LOG = logging.getLogger("tigris.serve")
#: What the page says about an unexpected error (its traceback is logged, not shown).
INTERNAL_ERROR = "internal error (logged)"
#: Uploaded base scenarios kept parsed in memory, by the SHA-256 of their YAML: a few
#: sessions' uploads at once; an evicted one is parsed again from the browser's copy.
BASES_CACHE_SIZE = 16
#: What-if requests kept by what they change (base, changes, overlay, disruption): a
#: request's scenario YAML takes ~85 ms to write for the reference (PyYAML's emitter),
#: most of a cached answer's time, and the load test's sessions ask the same few
#: what-ifs again and again; ~50 KB each for the reference, so a few MB at most.
REQUESTS_CACHE_SIZE = 128
#: Figure descriptions kept (:meth:`ServeContext.described`): every figure of as many
#: views as the job manager keeps in memory (:data:`tigris.serve.limits.VIEW_CACHE_SIZE`).
DESCRIBED_CACHE_SIZE = VIEW_CACHE_SIZE * len(layout.GRAPH_IDS)
#: Control panels kept as JSON (:meth:`ServeContext.panel`): the defaults of the server's
#: base and of a few uploads, and the what-ifs of shared links (~50 kB each for the
#: reference).
PANELS_CACHE_SIZE = 32
#: What ``set_warning_lines`` names in a line on the scenario's risk distributions
#: (``distributions.discount_rate``; ``distributions[capital.fund.amount_usd]``, a key
#: with dots in brackets).
_DISTRIBUTIONS = (": distributions.", ": distributions[")
#: The page's one sentence for such lines: the dashboard runs no risk analysis.
RISK_NOTE = (
    "note: some values are outside the scenario's uncertainty ranges for them; that "
    "matters only to a risk run (Monte Carlo), which the dashboard does not make: the "
    "plan shown is solved with the values as given. For a spread, download the scenario "
    "and run tigris risk on it (docs/risk.md)."
)
#: The status line when the controls' values were refused (nothing solved).
NOT_SOLVED = "not solved: the values in the controls were refused (see the error)"
#: Job states that are not over yet (the poll goes on).
_PENDING = ("queued", "running")
#: Hex digits of a figure part's digest (to tell a template or an outline already shown).
_DIGEST_CHARS = 16
#: Class of the page's main column while a what-if is solved (its figures dimmed).
PENDING_CLASS = "pending"
#: What the page says about a job that ended without a view, by state.
_ENDED = {
    "failed": "the plan failed",
    "cancelled": "this what-if was replaced by a newer one of the same session (another "
    "copy of this tab?); press Apply to solve it again",
    "unknown": "the server no longer knows this what-if (restarted?); press Apply",
}
#: A session id as :func:`tigris.serve.layout.page` makes it (``secrets.token_urlsafe``).
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
#: The pin slots (``MAX_COMPARE`` what-ifs side by side).
_SLOTS = ("A", "B")
#: The session id of the what-if submitted when the app starts (warms the cache).
WARM_SESSION = "warm"


@dataclass
class ServeContext:
    """What the callbacks share: the server's base scenario, its controls, the job
    manager and the ``--data`` overlay.

    Parameters
    ----------
    base : Scenario
        The server's base scenario (a session may upload its own).
    jobs : JobManager
        Runs the what-ifs off the request path.
    data_text : str or None
        The server's ``--data`` overlay text (in every what-if's request).
    poll_ms : int
        Poll interval of a pending job [ms].
    """

    base: Scenario
    jobs: JobManager
    data_text: str | None = None
    poll_ms: int = 500
    controls: list[Control] = field(default_factory=list)
    _bases: OrderedDict[str, tuple[Scenario, list[Control]]] = field(default_factory=OrderedDict)
    _requests: OrderedDict[str, dict[str, Any]] = field(default_factory=OrderedDict)
    _described: OrderedDict[tuple[str, str], dict[str, Any]] = field(default_factory=OrderedDict)
    _panels: OrderedDict[str, list[Any]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.controls = controls_for(self.base, data_yaml=self.data_text)

    def session_base(self, base_yaml: str | None) -> tuple[Scenario, list[Control]]:
        """The base scenario of a session and its controls: the server's, or the one the
        session uploaded (its YAML, as the browser keeps it).

        Parameters
        ----------
        base_yaml : str or None
            The session's uploaded base scenario as YAML text; None or ``""`` for the
            server's.

        Returns
        -------
        tuple of (Scenario, list of Control)
            The validated scenario and its controls; an upload's are cached by its text
            (the last :data:`BASES_CACHE_SIZE`).

        Raises
        ------
        InputError
            ``base_yaml`` not text, or the scenario's problems.
        """
        if not base_yaml:
            return self.base, self.controls
        if not isinstance(base_yaml, str):  # a page's store is text (UT serve 2026-12-05)
            msg = f"the page's scenario must be YAML text, got {type(base_yaml).__name__}"
            raise InputError(msg, field="base")
        key = hashlib.sha256(base_yaml.encode("utf-8")).hexdigest()
        with self._lock:
            hit = self._bases.get(key)
            if hit is not None:
                self._bases.move_to_end(key)
                return hit
        # with the server's --data parts in force, as the upload was checked: a product
        # may name one (user test s46 #3: "<text>:18: products.1.name: unknown
        # accelerator 'neuro-npu'" for a file tigris plan --data reads)
        # as text only, never a file name (user test s48 serve #1: "/etc/passwd" was read)
        with self.overlay():
            sc = scenario_from_text(base_yaml)
        entry = (sc, controls_for(sc, data_yaml=self.data_text))
        with self._lock:
            self._bases[key] = entry
            while len(self._bases) > BASES_CACHE_SIZE:
                self._bases.popitem(last=False)
        return entry

    def overlay(self) -> AbstractContextManager[Any]:
        """The server's ``--data`` overlay in force (:func:`tigris.data.using_overlay`)
        for a ``with`` block; nothing when the server has none.

        Returns
        -------
        contextlib.AbstractContextManager
            A context manager putting the overlay in force (a no-op one without ``--data``).
        """
        if not self.data_text:
            return nullcontext()
        from tigris.data import using_overlay
        from tigris.plan.reuse import parsed_overlay

        return using_overlay(parsed_overlay(self.data_text))

    def request(self, base_yaml: str | None, w: WhatIf) -> dict[str, Any]:
        """``w.request()``, kept by what the what-if changes on its base (the session's
        upload or the server's), so asking a what-if again does not write its YAML again.

        Parameters
        ----------
        base_yaml : str or None
            The session's uploaded base scenario as YAML text; None or ``""`` for the
            server's.
        w : WhatIf
            The what-if asked for (its changes, data tables and disruption key the cache).

        Returns
        -------
        dict of str to Any
            The JSON-safe request (:meth:`tigris.serve.controls.WhatIf.request`), shared by
            equal what-ifs (the last :data:`REQUESTS_CACHE_SIZE`): do not change it.
        """
        parts = [base_yaml or "", w.data_yaml or "", w.disruption or ""]
        parts.append(json.dumps(w.changes, sort_keys=True, default=repr))
        key = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
        with self._lock:
            hit = self._requests.get(key)
            if hit is not None:
                self._requests.move_to_end(key)
                return hit
        request = w.request()
        with self._lock:
            self._requests[key] = request
            while len(self._requests) > REQUESTS_CACHE_SIZE:
                self._requests.popitem(last=False)
        return request

    def described(self, view: Mapping[str, Any], fig_id: str, fig: Mapping[str, Any]) -> Any:
        """:func:`_describe` of a view's figure, kept by the view's key (a view does not
        change): digesting the map's outline costs milliseconds on every answer.

        Parameters
        ----------
        view : mapping of str to Any
            The view the figure is in (its ``key`` keys the cache; a view without one is not
            cached).
        fig_id : str
            The figure's id on the page.
        fig : mapping of str to Any
            The plotly figure as JSON (``data``, ``layout``).

        Returns
        -------
        dict of str to Any
            ``{"template", "keys", "traces", "outline"}``: the template's digest, the layout's
            keys, the number of traces and (the map only) the outline trace's digest.
        """
        key = (str(view.get("key")), fig_id)
        with self._lock:
            hit = self._described.get(key)
            if hit is not None:
                self._described.move_to_end(key)
                return hit
        entry = _describe(fig_id, fig)
        if view.get("key"):
            with self._lock:
                self._described[key] = entry
                while len(self._described) > DESCRIBED_CACHE_SIZE:
                    self._described.popitem(last=False)
        return entry

    def panel(
        self, base_yaml: str | None, controls: list[Control], values: Mapping[str, Any]
    ) -> list[Any]:
        """:func:`tigris.serve.layout.controls_panel` as the JSON the page gets, kept by
        base and values: the reference's 61 controls take ~20-40 ms to build as components,
        and most pages load at the defaults.

        Parameters
        ----------
        base_yaml : str or None
            The session's uploaded base scenario as YAML text; None or ``""`` for the
            server's.
        controls : list of Control
            The base's controls.
        values : mapping of str to Any
            Control id -> value [display units] the panel shows.

        Returns
        -------
        list
            The panel's components as JSON-ready dicts, shared by equal requests (the last
            :data:`PANELS_CACHE_SIZE`): do not change them.
        """
        key = hashlib.sha256(
            "\0".join([base_yaml or "", json.dumps(values, sort_keys=True, default=repr)]).encode()
        ).hexdigest()
        with self._lock:
            hit = self._panels.get(key)
            if hit is not None:
                self._panels.move_to_end(key)
                return hit
        panel = json.loads(to_json_plotly(layout.controls_panel(controls, values)))
        with self._lock:
            self._panels[key] = panel
            while len(self._panels) > PANELS_CACHE_SIZE:
                self._panels.popitem(last=False)
        return panel

    def whatif(self, base: Scenario, values: Mapping[str, Any]) -> WhatIf:
        """:func:`~tigris.serve.controls.whatif` with the server's overlay.

        Parameters
        ----------
        base : Scenario
            The scenario the page starts from.
        values : mapping of str to Any
            Control id -> value [display units]; ids left out and None values keep their
            default.

        Returns
        -------
        WhatIf
            The base with the values applied, validated.
        """
        return whatif(base, values, data_yaml=self.data_text)

    def defaults(self, base: Scenario) -> dict[str, Any]:
        """:func:`~tigris.serve.controls.defaults` with the server's overlay.

        Parameters
        ----------
        base : Scenario
            The scenario the page starts from.

        Returns
        -------
        dict of str to Any
            Control id -> default value [display units].
        """
        return defaults(base, data_yaml=self.data_text)

    def encode(self, base: Scenario, values: Mapping[str, Any]) -> str:
        """:func:`~tigris.serve.controls.encode_state` with the server's overlay.

        Parameters
        ----------
        base : Scenario
            The scenario the page starts from.
        values : mapping of str to Any
            Control id -> value [display units].

        Returns
        -------
        str
            ``"?path=value&..."`` of the values that differ from their defaults, or ``""``.
        """
        return encode_state(base, values, data_yaml=self.data_text)

    def decode(
        self,
        base: Scenario,
        query: str,
        kept: dict[str, Any] | None = None,
        *,
        hints: bool = True,
    ) -> dict[str, Any]:
        """:func:`~tigris.serve.controls.decode_state` with the server's overlay.

        Parameters
        ----------
        base : Scenario
            The scenario the page starts from.
        query : str
            The URL's query (with or without its ``?``).
        kept : dict of str to Any, optional
            Filled with the values not refused, also when others are; None keeps nothing.
        hints : bool, default True
            Whether an unknown path's error suggests the closest control.

        Returns
        -------
        dict of str to Any
            Control id -> value [display units].
        """
        return decode_state(base, query, data_yaml=self.data_text, kept=kept, hints=hints)


def _values(entries: list[dict[str, Any]], controls: list[Control]) -> dict[str, Any]:
    """Control id -> value from Dash's list of ``{"id": {...}, "value": ...}``."""
    kinds = {c.id: c.kind for c in controls}
    out = {}
    for e in entries:
        cid = e["id"]["id"]
        out[cid] = layout.control_value(kinds.get(cid, ""), e.get("value"))
    return out


def _session(session: Any) -> str:
    """The session id the page sent, checked: the page's store holds the random id the
    layout made; anything else (an altered request) is refused, since the job manager
    keeps a record per session."""
    if isinstance(session, str) and _SESSION_ID.fullmatch(session):
        return session
    raise InputError("expected the page's session id; reload the page", field="session")


def _job(job: Any) -> dict[str, Any] | None:
    """The page's record of its what-if (the ``job`` store), checked: None before the
    first what-if, else a mapping with the job's id and values. Anything else (an
    altered request) is refused in words, not an AttributeError's "internal error
    (logged)" and traceback (found with user test s48 serve #1's review of what the
    server takes from the client)."""
    if job is None:
        return None
    if (
        isinstance(job, Mapping)
        and isinstance(job.get("id"), str)
        and isinstance(job.get("values"), Mapping)
    ):
        return dict(job)
    raise InputError("expected the page's record of its what-if; reload the page", field="job")


def _pins(pins: Any) -> dict[str, dict[str, Any]]:
    """The page's pinned what-ifs (the ``pins`` store), checked as :func:`_job` checks
    the job: a mapping of slot (A, B) to a job record whose base is text or null."""
    refused = InputError("expected the page's pinned what-ifs; reload the page", field="pins")
    if pins is None:
        return {}
    if not isinstance(pins, Mapping):
        raise refused
    out = {}
    for slot, pin in pins.items():
        if slot not in _SLOTS or pin is None:
            continue
        try:
            checked = _job(pin)
        except InputError:
            raise refused from None
        if checked is None or not isinstance(checked.get("base"), str | None):
            raise refused
        out[slot] = checked
    return out


def _refused(values: Mapping[str, Any], controls: list[Control]) -> None:
    """Raise for number boxes the browser sent as empty.

    A number input whose text is not a number within its min and max is sent by the
    browser as null, as is an empty box (its step is no rule: ``assets/steps.js``);
    whatif would read either as "keep the default" and solve something the page does
    not show, so each is an error naming the control and what it takes.
    """
    problems = []
    for c in controls:
        if c.kind != "number" or c.id not in values or values[c.id] is not None:
            continue
        if c.default is None:
            continue
        bounds = f" from {c.min:g} to {c.max:g}" if c.min is not None and c.max is not None else ""
        unit = f" {c.unit}" if c.unit else ""
        msg = f"expected a number{bounds}{unit}; the box is empty or holds another value"
        problems.append(Problem(f"{c.label} ({c.path})", msg))
    if problems:
        raise InputError(problems)


def _guarded(
    context: ServeContext,
    keys: tuple[str, ...],
    error_key: str,
    on_error: Mapping[str, Any] | None = None,
) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
    """Turn a callback's errors into text in the page (``error_key``), never a traceback;
    ``on_error`` are the other outputs set with it (the what-if's: the numbers shown
    marked stale, UT-DASH #6)."""

    def deco(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> dict[str, Any]:
            try:
                return fn(*args, **kwargs)
            except PreventUpdate:
                raise
            except InputError as err:
                text = str(err)
            except Exception:
                LOG.exception("callback %s failed", fn.__name__)
                text = INTERNAL_ERROR
            out: dict[str, Any] = dict.fromkeys(keys, no_update)
            out |= dict(on_error or {})
            out[error_key] = text
            return out

        return wrapper

    return deco


# --- the what-if callback -----------------------------------------------------------


#: How the page's warnings name what gave the values (``--set`` on the command line).
CONTROLS_FIELD = "controls"


def _data_warnings(data_yaml: str | None) -> list[str]:
    """``warning: <data>:LINE: field: message`` lines of the what-if's data tables (the
    page's controls of data cells and the server's --data file, as one overlay text)."""
    if not data_yaml:
        return []
    from tigris.plan.reuse import parsed_overlay

    return [f"warning: {line}" for line in parsed_overlay(data_yaml).warnings]


def set_warnings_text(base: Scenario, w: WhatIf) -> str:
    """What ``tigris plan --set`` and ``tigris sweep --set`` warn of for the same values,
    for the page's changes (:func:`tigris.scenario.checks_subsidy.set_warning_lines`,
    UT-POLICY #2: a site's subsidy where only data centres may be built changes
    nothing), one ``warning: controls: PATH=VALUE: field: message`` line each, under
    the what-if's data tables; ``""`` when there are none. The page shows them in its
    warnings area (``#warnings``, :mod:`tigris.serve.layout`), beside the plan they
    were solved with; its error box (``#error``) stays for what stops a plan.
    Data-table cells and the disruption are no scenario edits and are not named (as in
    plan).

    Parameters
    ----------
    base : Scenario
        The scenario the what-if starts from.
    w : WhatIf
        The what-if (its changes and data tables).

    Returns
    -------
    str
        The data tables' warning lines, then the changes' (``warning: `` first), then
        :data:`RISK_NOTE` in place of those about risk distributions, one a line; ``""``
        when there are none.
    """
    from tigris.plan.reuse import using_data_text
    from tigris.risk.cells import split_changes
    from tigris.scenario.checks_subsidy import set_warning_lines
    from tigris.serve.control_groups import DISRUPTION

    edits = {k: v for k, v in split_changes(dict(w.changes))[0].items() if k != DISRUPTION}
    # the data tables' own warnings, as tigris plan --data prints them (user test
    # 2026-12-05 serve #4: a part 306x beyond the catalog's power was not said)
    data = _data_warnings(w.data_yaml)
    if not edits:
        return "\n".join(data)
    with using_data_text(w.data_yaml):
        lines = set_warning_lines(base, w.scenario, edits, CONTROLS_FIELD, withdrawn=False)
    # a value outside the scenario's risk distribution matters to a risk run, which the
    # page cannot make: one plain sentence instead of the CLI's flags (UT-DASH #10)
    risky = [ln for ln in lines if any(d in ln for d in _DISTRIBUTIONS)]
    said = [*data, *(f"warning: {line}" for line in lines if line not in risky)]
    if risky:
        said.append(RISK_NOTE)
    return "\n".join(said)


def shown_warnings(warned: Any, status: Mapping[str, Any]) -> str:
    """The warnings area's text for a what-if: its values' warnings
    (:func:`set_warnings_text`, known before the solve), then, once its plan is solved
    and shown, the plan's own (the view's ``warnings``: the subsidy programmes its sites
    pass, :func:`tigris.serve.view.view_from_result`).

    The programme overrun is known only after the solve (the solve does not bound a
    programme's total), and ``tigris plan`` prints it on stderr; the page showed only
    the values' warnings, so a plan booking 1.40x the CHIPS Act's US$39.0B was shown
    without a word (user test 2026-12-06 policy #2).

    Parameters
    ----------
    warned : Any
        The values' warnings (the page's record of its what-if keeps them: ``job``
        ``warnings``); anything but a str counts as none (an altered record).
    status : mapping
        The job's status (:meth:`tigris.serve.jobs.JobManager.status`).

    Returns
    -------
    str
        One warning a line; ``""`` when there are none.
    """
    lines = [warned] if isinstance(warned, str) and warned else []
    view = status.get("view") if status.get("state") == "done" else None
    if isinstance(view, Mapping):
        plan = view.get("warnings")
        if isinstance(plan, list):
            lines += [line for line in plan if isinstance(line, str) and line]
    return "\n".join(lines)


def _whatif_outputs() -> dict[str, Output]:
    ids = (*layout.HEADLINE_IDS, *layout.LABEL_IDS.values(), layout.SURE_ID, "headline-sentences")
    out = {i: Output(i, "children") for i in ids}
    out |= {g: Output(g, "figure") for g in layout.GRAPH_IDS.values()}
    out |= {
        "status": Output("status", "children"),
        layout.ANNOUNCE_ID: Output(layout.ANNOUNCE_ID, "children"),
        "error-run": Output("error-run", "children"),
        # cleared when the user asks a new what-if (user test 2026-12-05 serve #2: a
        # link's refused value stayed on the page, in red, after a valid answer)
        "error-setup": Output("error-setup", "children", allow_duplicate=True),
        "warnings": Output("warnings", "children"),
        "url": Output("url", "search"),
        "poll": Output("poll", "disabled"),
        "job": Output("job", "data"),
        "main": Output("main", "className"),
    }
    return out


def _digest(value: Any) -> str:
    """A short digest of a JSON-safe value (to tell the same template or outline)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_DIGEST_CHARS]


def _describe(fig_id: str, new: Mapping[str, Any]) -> dict[str, Any]:
    """What the page needs to know of a figure it shows: its template's and (the map)
    its outline's digests, its layout keys and number of traces."""
    lay = new.get("layout") or {}
    data = new.get("data") or []
    return {
        "template": _digest(lay.get("template")),
        "keys": sorted(lay),
        "traces": len(data),
        "outline": _digest(data[0]) if fig_id == layout.MAP_FIG_ID and data else "",
    }


def _figure_update(
    fig_id: str,
    new: dict[str, Any],
    shown: Mapping[str, Any] | None,
    entry: dict[str, Any] | None = None,
) -> tuple[Any, dict[str, Any]]:
    """What to send for a figure the page shows as ``shown`` describes, and the new
    description.

    The figure itself the first time; afterwards a :class:`dash.Patch` that leaves out
    what the page already has: the plotly template (~7 kB a figure, the same in every
    view) and the map's world outline (~105 kB, its first trace, the same unless the
    outline data change). Everything else of the figure is replaced, and layout keys the
    new figure lacks are deleted, so the patched figure equals ``new``. ``entry`` is the
    figure's :func:`_describe` when already known.
    """
    lay = new.get("layout") or {}
    data = list(new.get("data") or [])
    entry = entry if entry is not None else _describe(fig_id, new)
    if not isinstance(shown, Mapping) or shown.get("template") != entry["template"]:
        return new, entry
    old_keys = shown.get("keys")
    old_traces = shown.get("traces")
    if not isinstance(old_keys, list) or not isinstance(old_traces, int):
        return new, entry
    if not all(isinstance(k, str) for k in old_keys):  # an altered page's record
        return new, entry
    patch = Patch()
    for key in sorted(set(old_keys) - set(lay) - {"template"}):
        del patch["layout"][key]
    for key, value in lay.items():
        if key != "template":
            patch["layout"][key] = value
    if entry["outline"] and shown.get("outline") == entry["outline"] and old_traces >= 1:
        for i in range(old_traces - 1, 0, -1):  # keep trace 0, the outline
            del patch["data"][i]
        patch["data"].extend(data[1:])
    else:
        patch["data"] = data
    return patch, entry


def _filled(
    status: Mapping[str, Any],
    keys: tuple[str, ...],
    shown: Any = None,
    context: ServeContext | None = None,
) -> dict[str, Any]:
    """Every output from a finished job's status (done or failed); ``shown`` describes
    the figures the page has (``job["shown"]``), so that only what changed is sent, and
    ``out["shown"]`` the figures after this answer."""
    shown = shown if isinstance(shown, Mapping) else {}
    out: dict[str, Any] = dict.fromkeys(keys, no_update)
    out["shown"] = dict(shown)
    out["poll"] = True
    out["main"] = ""
    view = status.get("view")
    state = status.get("state")
    if state != "done" or not view:
        out["status"] = state if state in _ENDED else "failed"
        out["error-run"] = status.get("error") or _ENDED.get(state, "the plan failed")
        # the numbers on the page are an earlier answer's, not this what-if's (serve
        # user test 2026-12-05: a cancelled what-if left them unmarked)
        out["main"] = layout.STALE_CLASS
        return out
    texts = layout.headline_texts(view)
    out.update(texts)
    out[layout.ANNOUNCE_ID] = layout.announce_text(status, texts)
    figures = view.get("figures") or {}
    for fig_id, gid in layout.GRAPH_IDS.items():
        new = figures.get(fig_id) or layout.empty_figure(fig_id, "no figure for this plan")
        entry = context.described(view, fig_id, new) if context is not None else None
        out[gid], out["shown"][gid] = _figure_update(fig_id, new, shown.get(gid), entry)
    out["status"] = layout.status_text(status)
    out["error-run"] = "" if view.get("ok", True) else (view.get("error") or view.get("status"))
    return out


def _newer_values(
    job: Mapping[str, Any], values: Any, base_yaml: Any, context: ServeContext
) -> bool:
    """Whether the page's controls (``values``, read through dash's ``ctx``) now hold
    other values than ``job`` was asked with: the what-if the page must show is not the
    job's, and the callback submits the controls' values (its answer may be the only
    one to reach the page)."""
    if not values:
        return False
    _, controls = context.session_base(base_yaml)
    try:
        now = _values(ctx.args_grouping["values"], controls)
    except (InputError, KeyError, TypeError, ValueError):
        return True  # values the submission will refuse: it answers for them
    return now != job.get("values")


def _register_whatif(app: Dash, context: ServeContext) -> None:
    outputs = _whatif_outputs()
    keys = tuple(outputs)
    jobs = context.jobs
    # a refused value leaves the previous numbers on the page: dimmed and marked stale,
    # with the status saying nothing was solved (UT-DASH #6)
    stale = {"main": layout.STALE_CLASS, "status": NOT_SOLVED, "poll": True}

    @app.callback(
        output=outputs,
        inputs={
            "values": Input({"type": layout.CONTROL_TYPE, "id": ALL}, "value"),
            "apply": Input("apply", "n_clicks"),
            "tick": Input("poll", "n_intervals"),
        },
        state={
            "session": State("session", "data"),
            "base_yaml": State("base", "data"),
            "job": State("job", "data"),
            "search": State("url", "search"),
        },
        prevent_initial_call="initial_duplicate",  # error-setup is the setup's too
    )
    @_guarded(context, keys, "error-run", stale)
    def on_whatif(
        values: list[Any],
        apply: Any,
        tick: Any,
        session: Any,
        base_yaml: Any,
        job: Any,
        search: Any,
    ) -> dict[str, Any]:
        polled = ctx.triggered_id == "poll"
        job = _job(job)
        if polled and (not job or not values or not _newer_values(job, values, base_yaml, context)):
            if not job:
                return dict.fromkeys(keys, no_update) | {"poll": True}
            status = jobs.status(job["id"])
            if status["state"] == "unknown":  # done, then dropped from memory (or a restart)
                base, _ = context.session_base(base_yaml)
                request = context.request(base_yaml, context.whatif(base, job["values"]))
                status = jobs.status(jobs.submit(_session(session), request))
            if status["state"] in _PENDING:
                return dict.fromkeys(keys, no_update) | {"status": layout.status_text(status)}
            out = _filled(status, keys, job.get("shown"), context)
            out["job"] = {**job, "shown": out.pop("shown")}
            # the values' warnings and, now it is solved, the plan's (policy #2)
            out["warnings"] = shown_warnings(job.get("warnings"), status)  # not the error box
            return out
        # a poll whose job is not the controls' values' (a value entered while it was in
        # flight) submits the values itself: Dash drops the answer of a callback fired
        # again before it returns, so the submission of that value may never reach the
        # page and this poll is all it gets (serve user test 2026-12-05 s23: three quick
        # "+" left the page polling a cancelled job forever, the box at 9.3, the URL 9.1)
        if not values:
            raise PreventUpdate  # the page before its controls are drawn
        base, controls = context.session_base(base_yaml)
        vals = _values(ctx.args_grouping["values"], controls)
        _refused(vals, controls)
        w = context.whatif(base, vals)
        warned = set_warnings_text(base, w)
        job_id = jobs.submit(_session(session), context.request(base_yaml, w))
        status = jobs.status(job_id)
        shown = (job or {}).get("shown") if isinstance(job, Mapping) else None
        if status["state"] in _PENDING:
            out = dict.fromkeys(keys, no_update)
            out |= {"status": layout.status_text(status), "poll": False, "error-run": ""}
            out["main"] = PENDING_CLASS
        else:
            out = _filled(status, keys, shown, context)
            shown = out.pop("shown")
        # the values' warnings, beside the plan, never an error; the plan's own once it
        # is solved (a cached answer here, else the poll's; user test 2026-12-06 policy #2)
        out["warnings"] = shown_warnings(warned, status)
        out["job"] = {"id": job_id, "values": vals, "shown": shown, "warnings": warned}
        out["url"] = context.encode(base, vals)
        if _asked_anew(context, base, str(search or ""), out["url"]):
            out["error-setup"] = ""
        return out


def _asked_anew(context: ServeContext, base: Scenario, search: str, query: str) -> bool:
    """Whether a what-if is the user's change, not the page drawing the link it was
    opened with: the link reads (a refused one does not, and its error stays until
    the user changes something) and says other values than the what-if's."""
    try:
        context.decode(base, search)
    except InputError:
        return False
    return query != search


# --- setup: controls from the URL, an upload, Reset -----------------------------------


#: Longest uploaded file name an error line quotes [characters] (the browser sends it
#: back from sessionStorage; layout choice).
_NAME_SHOWN = 120


def _register_setup(app: Dash, context: ServeContext) -> None:
    outputs = {
        "controls": Output("controls", "children"),
        "base": Output("base", "data"),
        "name": Output("base-name", "children"),
        "error-setup": Output("error-setup", "children"),
        "uploaded": Output("uploaded", "data"),
    }
    keys = tuple(outputs)

    @app.callback(
        output=outputs,
        inputs={
            "search": Input("url", "search"),
            "contents": Input("upload", "contents"),
            "reset": Input("reset", "n_clicks"),
            # kept by the tab across a reload (sessionStorage), read back after the
            # page's first requests may have gone: an input, so the setup runs again
            "uploaded": Input("uploaded", "data"),
        },
        state={
            "filename": State("upload", "filename"),
            "base_yaml": State("base", "data"),
            "current": State({"type": layout.CONTROL_TYPE, "id": ALL}, "value"),
        },
    )
    @_guarded(context, keys, "error-setup")
    def on_setup(
        search: Any,
        contents: Any,
        reset: Any,
        uploaded: Any,
        filename: Any,
        base_yaml: Any,
        current: Any,
    ) -> dict[str, Any]:
        trigger = ctx.triggered_id
        if trigger == "upload":
            if not contents:
                raise PreventUpdate
            name = filename if isinstance(filename, str) and filename else "upload.yaml"
            sc = scenario_from_upload(contents, name, data_yaml=context.data_text)
            base, controls = context.session_base(to_yaml(sc))
            return {
                "controls": context.panel(to_yaml(sc), controls, context.defaults(base)),
                "base": to_yaml(sc),
                "name": base.name,
                "error-setup": "",
                "uploaded": name,
            }
        if trigger == "uploaded" and not isinstance(uploaded, str):
            raise PreventUpdate  # cleared below: the note stays as said
        base, controls = context.session_base(base_yaml)
        out = dict.fromkeys(keys, no_update) | {"error-setup": ""}
        if trigger == "reset":
            out["controls"] = context.panel(base_yaml, controls, context.defaults(base))
            if base_yaml is None and uploaded is not None:
                out["uploaded"] = None  # back at the server's base: no upload to miss
            return out
        # the tab's base was an upload, which the reload lost (it lives in the tab's
        # memory only): a query made against it is not this base's (user test s50 #4)
        lost = uploaded[:_NAME_SHOWN] if base_yaml is None and isinstance(uploaded, str) else None
        query = str(search or "")
        if current:
            shown = _values(ctx.args_grouping["current"], controls)
            if context.encode(base, shown) == query:
                raise PreventUpdate  # the what-if callback wrote this query
        kept: dict[str, Any] = {}
        try:
            values = context.decode(base, query, kept, hints=lost is None)
        except InputError as err:  # the link's other values stay: only these are refused
            values, out["error-setup"] = kept, str(err)
            if lost is not None:
                out["error-setup"] = lost_upload_note(lost, base.name) + "\n" + str(err)
        if lost is not None:  # said once: a later link is this base's, with its hints
            out["uploaded"] = None  # (review of s50: the note stayed for the tab's life)
        values = {**context.defaults(base), **values}
        out["controls"] = context.panel(base_yaml, controls, values)
        return out


# --- pin and compare ---------------------------------------------------------------


def _register_pins(app: Dash, context: ServeContext) -> None:
    outputs = {
        "pins": Output("pins", "data"),
        "compare": Output("compare", "children"),
        "error-run": Output("error-run", "children", allow_duplicate=True),
    }
    keys = tuple(outputs)
    jobs = context.jobs

    @app.callback(
        output=outputs,
        inputs={"a": Input("pin-a", "n_clicks"), "b": Input("pin-b", "n_clicks")},
        state={
            "job": State("job", "data"),
            "pins": State("pins", "data"),
            "base_yaml": State("base", "data"),
            "session": State("session", "data"),
            "values": State({"type": layout.CONTROL_TYPE, "id": ALL}, "value"),
        },
        prevent_initial_call=True,
    )
    @_guarded(context, keys, "error-run")
    def on_pin(
        a: Any, b: Any, job: Any, pins: Any, base_yaml: Any, session: Any, values: Any
    ) -> dict[str, Any]:
        slot = {"pin-a": "A", "pin-b": "B"}.get(str(ctx.triggered_id))
        if slot is None:
            raise PreventUpdate
        job = _job(job)
        if not job or jobs.status(job["id"])["state"] != "done":
            raise InputError("nothing to pin yet: wait until the what-if is solved", field=slot)
        pins = _pins(pins)
        pins[slot] = {"id": job["id"], "values": job["values"], "base": base_yaml}
        sides = {}
        for name, pin in sorted(pins.items()):
            base, _ = context.session_base(pin.get("base"))
            w = context.whatif(base, pin["values"])
            status = jobs.status(pin["id"])
            if status["state"] != "done":  # dropped from the cache: ask again
                job_id = jobs.submit(f"{_session(session)}:pin-{name}", w.request())
                status = jobs.status(job_id)
            sides[name] = compare.Side(
                name, w.scenario, status.get("view"), pin.get("values"), pin.get("base")
            )
        base, controls = context.session_base(base_yaml)
        panel = compare.compare_panel(sides, controls)
        # the error of a value refused in the controls stays while it is there (user
        # test s46 #4: pinning cleared it); a pin's own earlier error goes
        error = "" if _accepted(context, base, controls, values) else no_update
        return {"pins": pins, "compare": panel, "error-run": error}


def _accepted(context: ServeContext, base: Scenario, controls: list[Control], values: Any) -> bool:
    """Whether the controls' values (read through dash's ``ctx``) make a what-if, so
    the error box holds no refusal of them to keep.

    Parameters
    ----------
    context : ServeContext
        The server's base, overlay and job manager.
    base : Scenario
        The session's base scenario.
    controls : list of Control
        Its controls.
    values : list
        The controls' values as the page sent them (``[]`` before they are drawn).

    Returns
    -------
    bool
        False when :func:`_refused` or the what-if refuses them.
    """
    if not values:
        return True
    try:
        vals = _values(ctx.args_grouping["values"], controls)
        _refused(vals, controls)
        context.whatif(base, vals)
    except InputError:
        return False
    return True


# --- download ------------------------------------------------------------------------


_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def _register_download(app: Dash, context: ServeContext) -> None:
    outputs = {
        "download": Output("download", "data"),
        "error-run": Output("error-run", "children", allow_duplicate=True),
    }
    keys = tuple(outputs)

    @app.callback(
        output=outputs,
        inputs={"clicks": Input("download-button", "n_clicks")},
        state={
            "values": State({"type": layout.CONTROL_TYPE, "id": ALL}, "value"),
            "base_yaml": State("base", "data"),
        },
        prevent_initial_call=True,
    )
    @_guarded(context, keys, "error-run")
    def on_download(clicks: Any, values: Any, base_yaml: Any) -> dict[str, Any]:
        if not clicks:
            raise PreventUpdate
        base, controls = context.session_base(base_yaml)
        vals = _values(ctx.args_grouping["values"], controls)
        _refused(vals, controls)
        w = context.whatif(base, vals)
        scenario = w.scenario
        if w.changes:  # the name says it is a what-if, as --set's 'edited:' does
            what = ", ".join(sorted(w.changes))
            scenario = scenario.model_copy(update={"name": f"{base.name} (what-if: {what})"})
        text = to_yaml(scenario)
        name = _SLUG.sub("-", w.scenario.name).strip("-") or "scenario"
        if w.changes:
            text = changed_note(base.name, sorted(w.changes)) + text
        if w.data_yaml:
            text = data_note(w.data_yaml, f"{name}-whatif.yaml") + text
        if w.disruption:  # not a scenario value: tigris plan alone would leave it out
            text = disruption_note(w.disruption, f"{name}-whatif.yaml") + text
        return {
            "download": {"content": text, "filename": f"{name}-whatif.yaml"},
            "error-run": "",
        }


def lost_upload_note(filename: str, base: str) -> str:
    """The error line of a link that a reload took from its uploaded base (user test
    s50 #4: it said "did you mean" a control of the server's base).

    Parameters
    ----------
    filename : str
        The uploaded file's name, as the tab kept it.
    base : str
        The name of the server's scenario shown instead.

    Returns
    -------
    str
        One line for the page's setup error box.

    Examples
    --------
    >>> lost_upload_note("small.yaml", "reference")  # doctest: +NORMALIZE_WHITESPACE
    "url: this tab's base was the uploaded scenario 'small.yaml', which a reload does
    not keep (an upload lives in the tab's memory only): upload it again, then set the
    values; shown meanwhile: the server's base 'reference', without the values below"
    """
    return (
        f"url: this tab's base was the uploaded scenario {filename!r}, which a reload does "
        "not keep (an upload lives in the tab's memory only): upload it again, then set "
        f"the values; shown meanwhile: the server's base {base!r}, without the values below"
    )


def changed_note(base: str, paths: list[str]) -> str:
    """The first comment lines of a downloaded what-if that changed values: which, and
    that a ``sources:`` text kept from the base describes the base's value (user test
    s46 serve #14: a 7 % discount rate kept the text deriving 5.52 %, and the file
    planned as 'reference').

    Parameters
    ----------
    base : str
        The base scenario's name.
    paths : list of str
        The dotted paths the what-if changes.

    Returns
    -------
    str
        Two ``#`` comment lines, each ending in a newline.

    Examples
    --------
    >>> print(changed_note("reference", ["discount_rate"]), end="")
    # a what-if of 'reference' from tigris serve, changing: discount_rate; a source
    # kept from the base (sources:, an entry's source:) describes the base's value.
    """
    return (
        f"# a what-if of '{base}' from tigris serve, changing: {', '.join(paths)}; a source\n"
        "# kept from the base (sources:, an entry's source:) describes the base's value.\n"
    )


def data_note(data_yaml: str, filename: str) -> str:
    r"""The first comment lines of a downloaded what-if whose data tables change (a
    claimed chip, a D0): the ``--data`` file ``tigris plan`` needs, commented, and the
    command that runs it (user test s46 serve #9: the file named an accelerator
    ``tigris plan`` did not know, and said nothing of how to run it).

    Parameters
    ----------
    data_yaml : str
        The what-if's ``--data`` overlay text.
    filename : str
        The name the what-if is downloaded as (``x.yaml``); the data file is named after
        it (``x-data.yaml``).

    Returns
    -------
    str
        ``#`` comment lines, each ending in a newline: three of explanation, then each
        line of ``data_yaml`` after ``#   ``.

    Examples
    --------
    >>> print(data_note("nodes:\n- name: N3", "x.yaml"), end="")
    # this what-if also changes the data tables (a claimed chip or a D0), which a
    # scenario file cannot hold: save the lines below without their leading '#   '
    # as x-data.yaml and run tigris plan x.yaml --data x-data.yaml
    #   nodes:
    #   - name: N3
    """
    data_file = filename.removesuffix(".yaml") + "-data.yaml"
    head = (
        "# this what-if also changes the data tables (a claimed chip or a D0), which a\n"
        "# scenario file cannot hold: save the lines below without their leading '#   '\n"
        f"# as {data_file} and run tigris plan {filename} --data {data_file}\n"
    )
    return head + "".join(f"#   {ln}\n" for ln in data_yaml.splitlines())


def disruption_note(disruption: str, filename: str) -> str:
    """The first comment lines of a downloaded what-if that applies a disruption: the
    page's numbers are that re-plan's, which ``tigris plan`` on the file does not make
    (serve user test 2026-12-05: the file was the base's, byte for byte, and planned
    $39.5B where the page showed $33.4B).

    Parameters
    ----------
    disruption : str
        The name of the scenario's disruption the page applies.
    filename : str
        The name the what-if is downloaded as (for the ``tigris risk`` command).

    Returns
    -------
    str
        Three ``#`` comment lines, each ending in a newline.

    Examples
    --------
    >>> print(disruption_note("euv-cut", "x.yaml"), end="")
    # this what-if applies the scenario's disruption 'euv-cut' (its disruptions:
    # list): the page's numbers are that re-plan's. tigris plan on this file plans
    # without it; tigris risk x.yaml --disruption euv-cut re-plans with it.
    """
    return (
        f"# this what-if applies the scenario's disruption '{disruption}' (its disruptions:\n"
        "# list): the page's numbers are that re-plan's. tigris plan on this file plans\n"
        f"# without it; tigris risk {filename} --disruption {disruption} re-plans with it.\n"
    )


def register(app: Dash, context: ServeContext) -> None:
    """Register the dashboard's callbacks on ``app``.

    Parameters
    ----------
    app : dash.Dash
        The app (its layout from :func:`tigris.serve.layout.page`).
    context : ServeContext
        The server's base, controls and job manager.
    """
    _register_setup(app, context)
    _register_whatif(app, context)
    _register_pins(app, context)
    _register_download(app, context)
