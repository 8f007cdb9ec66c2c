"""Reading a Dash layout as JSON: the tree ``/_dash-layout`` and callback answers send.

A client that is not a browser (the load test, ``benchmarks/load_serve.py``; the app's
tests) reads the page through these. Imports nothing heavy.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every component (``{"type", "namespace", "props"}``) of a layout, depth first.

    Parameters
    ----------
    node : Any
        A component, a list of them, or a leaf (text, number, None: nothing yielded).

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

    Examples
    --------
    >>> dependency_spec("status.children")
    {'id': 'status', 'property': 'children'}
    >>> dependency_spec('{"id":["ALL"],"type":"ctl"}.value')
    {'id': {'id': ['ALL'], 'type': 'ctl'}, 'property': 'value'}
    """
    ident, prop = text.rsplit(".", 1)
    return {"id": json.loads(ident) if ident.startswith("{") else ident, "property": prop}


def text_of(children: Any) -> str:
    """The text of a component's children, flattened: strings and numbers joined by
    spaces, components read through their own children.

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
