"""Reading a Dash layout as JSON: the tree ``/_dash-layout`` and callback answers send.

A client that is not a browser (the load test, ``benchmarks/load_serve.py``; the app's
tests) reads the page through these. Imports nothing heavy.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every component (``{"type", "namespace", "props"}``) of a layout, depth first.

    Parameters
    ----------
    node : Any
        A component, a list of them, or a leaf (text, number, None: nothing yielded).

    Yields
    ------
    dict of str to Any
        Each component dict (one with ``props``), parents before their children.

    Examples
    --------
    >>> tree = {"type": "Div", "props": {"id": "a", "children": [
    ...     {"type": "P", "props": {"id": "b", "children": "text"}}, "loose text"]}}
    >>> [c["props"]["id"] for c in walk(tree)]
    ['a', 'b']
    """
    if isinstance(node, list):
        for n in node:
            yield from walk(n)
    elif isinstance(node, dict) and "props" in node:
        yield node
        yield from walk(node["props"].get("children"))


def dependency_spec(text: str) -> dict[str, Any]:
    """``{"id", "property"}`` of one ``id.prop`` of a Dash dependency string.

    Parameters
    ----------
    text : str
        One ``id.property`` of a dependency string; a pattern-matching id is JSON.

    Returns
    -------
    dict of str to Any
        ``{"id": ..., "property": ...}``, the id a str or the parsed JSON object.

    Examples
    --------
    >>> dependency_spec("status.children")
    {'id': 'status', 'property': 'children'}
    >>> dependency_spec('{"id":["ALL"],"type":"ctl"}.value')
    {'id': {'id': ['ALL'], 'type': 'ctl'}, 'property': 'value'}
    """
    ident, prop = text.rsplit(".", 1)
    return {"id": json.loads(ident) if ident.startswith("{") else ident, "property": prop}


def callback_request(
    deps: Sequence[Mapping[str, Any]],
    trigger: str,
    changed: str,
    props: Mapping[str, Mapping[str, Any]],
    controls: Mapping[str, Any],
    control_type: str,
) -> dict[str, Any] | None:
    """The body of the ``POST /_dash-update-component`` a browser sends when ``changed``
    fires the callback that has ``trigger`` among its inputs.

    Parameters
    ----------
    deps : sequence of mapping
        The callbacks, as ``/_dash-dependencies`` lists them.
    trigger : str
        An input's id as a dependency string names it (a pattern id as its JSON).
    changed : str
        The ``id.prop`` that changed (``changedPropIds``).
    props : mapping
        Every element's properties by id, as the page holds them.
    controls : mapping
        The values of the inputs of type ``control_type``, by their ``id`` key: what an
        ``ALL`` pattern input or state of that type sends.
    control_type : str
        The ``type`` of the pattern-matching ids.

    Returns
    -------
    dict or None
        ``output``, ``outputs``, ``inputs``, ``state``, ``changedPropIds``; None when
        no callback has ``trigger`` among its inputs.

    Examples
    --------
    >>> deps = [{"output": "out.children", "inputs": [{"id": "go", "property": "n_clicks"}],
    ...          "state": [{"id": '{"id":["ALL"],"type":"ctl"}', "property": "value"}]}]
    >>> body = callback_request(deps, "go", "go.n_clicks", {"go": {"n_clicks": 1}},
    ...                         {"a": 2}, "ctl")
    >>> body["outputs"], body["inputs"]
    ([{'id': 'out', 'property': 'children'}], [{'id': 'go', 'property': 'n_clicks', 'value': 1}])
    >>> body["state"]
    [[{'id': {'id': 'a', 'type': 'ctl'}, 'property': 'value', 'value': 2}]]
    >>> callback_request(deps, "nothing", "nothing.value", {}, {}, "ctl") is None
    True
    """
    dep = next((d for d in deps if trigger in [i["id"] for i in d["inputs"]]), None)
    if dep is None:
        return None
    every = json.dumps({"id": ["ALL"], "type": control_type}, separators=(",", ":"))

    def entry(spec: Mapping[str, Any]) -> Any:
        if spec["id"] == every:
            return [
                {"id": {"id": cid, "type": control_type}, "property": spec["property"], "value": v}
                for cid, v in controls.items()
            ]
        value = props.get(spec["id"], {}).get(spec["property"])
        return {"id": spec["id"], "property": spec["property"], "value": value}

    return {
        "output": dep["output"],
        "outputs": [dependency_spec(o) for o in dep["output"].strip(".").split("...")],
        "inputs": [entry(i) for i in dep["inputs"]],
        "state": [entry(s) for s in dep["state"]],
        "changedPropIds": [changed],
    }


def text_of(children: Any) -> str:
    """The text of a component's children, flattened: strings and numbers joined by
    spaces, components read through their own children.

    Parameters
    ----------
    children : Any
        A component's ``children``: text, a number, a component dict, a list of them or
        None.

    Returns
    -------
    str
        The text, pieces joined by single spaces, empty pieces left out; ``""`` for None.

    Examples
    --------
    >>> text_of(["Solved", {"props": {"children": ["in", 3, None]}}, "s"])
    'Solved in 3 s'
    """
    if children is None:
        return ""
    if isinstance(children, (str, int, float)):
        return str(children)
    if isinstance(children, list):
        return " ".join(t for t in (text_of(c) for c in children) if t)
    if isinstance(children, dict):
        return text_of(children.get("props", {}).get("children"))
    return ""
