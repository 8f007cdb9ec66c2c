"""Malformed requests to Dash's routes answered 400 or 404, never a 500 and a traceback
(user test s48 serve #5: bodies ``{}``, ``null``, ``[1,2]`` or an unknown output posted
to ``/_dash-update-component``, and ``GET /_dash-component-suites/dash/nope.js``, each
gave HTTP 500 and a traceback in the server's log).

:func:`callback_problem` checks a callback request's body against the callback it
names, as the page sends it (``tigris.serve.dash_tree.callback_request`` builds the
same): a JSON object whose ``output`` is a registered callback, ``outputs`` that
callback's outputs, ``inputs`` and ``state`` its inputs and states in order (one
``{"id", "property", "value"}`` each; a list of them for a pattern-matching id), and
``changedPropIds`` a list of ``"<id>.<property>"`` strings, each one of its inputs
(a pattern-matching id as its JSON). :func:`install` answers a body that fails with 400
and its reason, and an unknown component-suite file with 404, before Dash reads either.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from tigris.serve.dash_tree import dependency_spec

__all__ = ["callback_problem", "install"]

#: Dash's route for callbacks (after the app's path prefix).
UPDATE_ROUTE = "_dash-update-component"
#: Longest reason a 400 answer gives [characters].
_REASON_CHARS = 200


def _specs(dep: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A callback's outputs as the page sends them in ``outputs``."""
    return [dependency_spec(o) for o in str(dep["output"]).strip(".").split("...")]


def _matches(pattern: Mapping[str, Any], iid: Any) -> bool:
    """Whether ``iid`` is a component id the pattern-matching id ``pattern`` (its
    wildcards ``["ALL"]``, ``["MATCH"]``, ... as lists) names."""
    if not isinstance(iid, Mapping) or set(iid) != set(pattern):
        return False
    for key, want in pattern.items():
        if isinstance(want, list):
            if not isinstance(iid[key], str | int | float):
                return False
        elif iid[key] != want:
            return False
    return True


def _changed_problem(specs: Sequence[Mapping[str, Any]], changed: Any) -> str | None:
    """Why ``changed`` is not a ``changedPropIds`` the page sends for a callback with
    inputs ``specs``, or None: each entry ``"<id>.<property>"`` of one of its inputs,
    the id of a pattern-matching input as Dash writes it, JSON (``'{"index":0,"type":
    "x"}.value'``; Dash's ``ctx.triggered_id`` parses the text before the last ``.``
    as JSON when it starts with ``{``: ``"{bad.value"`` raised JSONDecodeError)."""
    want = "changedPropIds: expected a list of 'id.property' strings of the callback's inputs"
    if not isinstance(changed, list):
        return want
    for entry in changed:
        if not isinstance(entry, str):
            return want
        cid, dot, prop = entry.rpartition(".")
        if not any(
            dot and prop == spec.get("property") and _names(spec.get("id"), cid) for spec in specs
        ):
            return f"{want}, got {entry[:80]!r}"
    return None


def _names(sid: Any, cid: str) -> bool:
    """Whether input id ``sid`` (a pattern as its JSON text) names component id text
    ``cid`` (a pattern-matching component's id as its JSON text)."""
    if not (isinstance(sid, str) and sid.startswith("{")):
        return cid == sid
    if not cid.startswith("{"):
        return False
    try:
        iid = json.loads(cid)
    except (ValueError, RecursionError):
        return False
    return _matches(json.loads(sid), iid)


def _entry_problem(spec: Mapping[str, Any], entry: Any, where: str) -> str | None:
    """Why ``entry`` is not a value of the dependency ``spec`` (``{"id", "property"}``,
    a pattern id as its JSON text), or None."""
    sid = spec["id"]
    if isinstance(sid, str) and sid.startswith("{"):  # pattern-matching: a list
        pattern = json.loads(sid)
        if not isinstance(entry, list):
            return f"{where}: expected a list for the pattern {sid}"
        for item in entry:
            if not isinstance(item, Mapping) or item.get("property") != spec["property"]:
                return f"{where}: expected {{id, property: {spec['property']}, value}} items"
            if not _matches(pattern, item.get("id")):
                return f"{where}: an item's id does not match the pattern {sid}"
        return None
    if not isinstance(entry, Mapping):
        return f"{where}: expected {{id: {sid}, property: {spec['property']}, value}}"
    if entry.get("id") != sid or entry.get("property") != spec["property"]:
        return f"{where}: expected {sid}.{spec['property']}"
    return None


def callback_problem(deps: Sequence[Mapping[str, Any]], body: Any) -> str | None:
    """Why ``body`` is not a request the page could send to one of ``deps`` (the
    callbacks as ``/_dash-dependencies`` lists them), or None when it is.

    Parameters
    ----------
    deps : sequence of mapping
        The app's callbacks, as ``/_dash-dependencies`` lists them.
    body : Any
        The parsed JSON body of a ``/_dash-update-component`` request.

    Returns
    -------
    str or None
        The first problem found, in one line, or None for a well-formed request.

    Examples
    --------
    >>> deps = [{"output": "out.children", "inputs": [{"id": "go", "property": "n_clicks"}],
    ...          "state": []}]
    >>> ok = {"output": "out.children", "outputs": {"id": "out", "property": "children"},
    ...       "inputs": [{"id": "go", "property": "n_clicks", "value": 1}],
    ...       "changedPropIds": ["go.n_clicks"]}
    >>> callback_problem(deps, ok) is None
    True
    >>> callback_problem(deps, None)
    'expected a JSON object (a callback request), got null'
    >>> callback_problem(deps, {**ok, "output": "nope.children"})
    "unknown callback output 'nope.children'"
    >>> callback_problem(deps, {**ok, "inputs": []})
    'inputs: expected 1 items, got 0'
    """
    if not isinstance(body, Mapping):
        return f"expected a JSON object (a callback request), got {json.dumps(body)[:40]}"
    output = body.get("output")
    dep = next((d for d in deps if d.get("output") == output), None)
    if dep is None:
        shown = json.dumps(output)[:80] if not isinstance(output, str) else repr(output[:80])
        return f"unknown callback output {shown}"
    outputs = body.get("outputs")
    if isinstance(outputs, Mapping):
        outputs = [outputs]
    want = _specs(dep)
    if (
        not isinstance(outputs, list)
        or [
            {"id": o.get("id"), "property": o.get("property")} if isinstance(o, Mapping) else o
            for o in outputs
        ]
        != want
    ):
        return "outputs: expected the callback's outputs"
    for key in ("inputs", "state"):
        specs = dep.get(key) or []
        entries = body.get(key, [])
        if not isinstance(entries, list) or len(entries) != len(specs):
            got = len(entries) if isinstance(entries, list) else type(entries).__name__
            return f"{key}: expected {len(specs)} items, got {got}"
        for i, (spec, entry) in enumerate(zip(specs, entries, strict=True)):
            problem = _entry_problem(spec, entry, f"{key}[{i}]")
            if problem:
                return problem
    return _changed_problem(dep.get("inputs") or [], body.get("changedPropIds", []))


def install(app: Any) -> None:
    """Answer malformed callback requests with 400 and unknown component-suite files
    with 404 on ``app`` (a Dash app), before Dash reads them.

    Parameters
    ----------
    app : dash.Dash
        The app; hooks are added to its Flask server.
    """
    import flask
    from dash.exceptions import DependencyException

    server = app.server
    route = app.config.routes_pathname_prefix + UPDATE_ROUTE

    @server.before_request
    def _check_callback() -> Any:
        request = flask.request
        if request.method != "POST" or request.path != route:
            return None
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # nested deeper than the parser goes: not the page's
            body, nested = None, True
        else:
            nested = False
        if nested or (body is None and request.get_data(cache=True).strip() != b"null"):
            problem = "expected a JSON object (a callback request); the body is not JSON"
        else:
            problem = callback_problem(app._callback_list, body)
        if problem is None:
            return None
        text = f"bad callback request: {problem[:_REASON_CHARS]}"
        return flask.Response(text, status=400, mimetype="text/plain")

    @server.errorhandler(DependencyException)
    def _unknown_file(err: Exception) -> Any:
        return flask.Response("not found", status=404, mimetype="text/plain")
