"""Process nodes: wafer size and price, defect density, mask and EUV layer counts.

Read from ``tigris/data/nodes.csv`` (every row with ``source`` and ``as_of``), plus
the rows of a user data overlay in force (:func:`tigris.data.using_overlay`). The
silicon layer uses wafer price and defect density; the fab layer uses the layer counts
to size lithography.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass

from tigris.data import data_cache, load_rows
from tigris.errors import ADD_WITH_DATA, InputError, unknown_name

__all__ = ["Node", "get_node", "list_nodes"]


@dataclass(frozen=True)
class Node:
    """One process node.

    Attributes
    ----------
    name : str
        Node name as in the table (``"N5"``).
    family : str
        Node family it shares tools and rules with (N4 is an N5-family node).
    hvm_year : int
        Year of high-volume manufacturing start.
    hvm_month : int
        Month of that year it started, 1-12 (each row's source says whose date); a
        user row without one starts in January
        (:data:`tigris.silicon.yields.DEFAULT_HVM_MONTH`).
    wafer_diameter_mm : float
        Wafer diameter [mm].
    wafer_price_usd : float
        Foundry selling price of one processed wafer [USD].
    d0_per_cm2 : float
        Default defect density, at volume ramp; the learning curve starts from it
        (each row's source says at which stage it was read) [defects/cm^2].
    d0_mature_per_cm2 : float
        Floor the defect density learns down to [defects/cm^2].
    d0_learning_months : float
        Time constant of the exponential defect-density learning curve [months]; see
        :func:`tigris.silicon.defect_density`.
    mask_layers : int
        Mask layers in the full flow [-].
    euv_layers : int
        Layers exposed on 0.33-NA EUV scanners [-].
    high_na_euv_layers : int
        Layers exposed on 0.55-NA (High-NA) EUV scanners [-].
    source, as_of : str
        Where the row's numbers come from, and when.
    """

    name: str
    family: str
    hvm_year: int
    hvm_month: int
    wafer_diameter_mm: float
    wafer_price_usd: float
    d0_per_cm2: float
    d0_mature_per_cm2: float
    d0_learning_months: float
    mask_layers: int
    euv_layers: int
    high_na_euv_layers: int
    source: str
    as_of: str


_CASTS = {"int": int, "float": float, "str": str}


@data_cache
def _all() -> dict[str, Node]:
    out = {}
    from tigris.silicon.yields import DEFAULT_HVM_MONTH, check_hvm_month

    for row in load_rows("nodes"):
        row["name"] = row.pop("node")
        month = row.get("hvm_month")
        if month is None or (isinstance(month, float) and math.isnan(month)):
            row["hvm_month"] = DEFAULT_HVM_MONTH
        else:
            check_hvm_month(month, field=f"nodes.{row['name']}.hvm_month")
        kwargs = {f.name: _CASTS[str(f.type)](row[f.name]) for f in dataclasses.fields(Node)}
        node = Node(**kwargs)
        out[node.name.upper()] = node
    return out


def list_nodes() -> list[str]:
    """Names of the nodes (the shipped rows and a ``--data`` overlay's in force), oldest
    first.

    Returns
    -------
    list of str
        Node names (``N7``, ``N5``, ...) sorted by year of high-volume manufacturing;
        rows of a ``--data`` overlay in force included.
    """
    return [n.name for n in sorted(_all().values(), key=lambda n: n.hvm_year)]


#: Foundry nodes without a ``nodes.csv`` row that tigris costs as one of its rows, with
#: why: the node names of the catalog's sources (``accelerators.csv``) and of
#: docs/silicon.md. Used only to suggest the row in an unknown-node error (user test
#: s47 #9: ``--node N6`` was told "did you mean 'N16'?", a string match), never to
#: accept the name silently.
NODE_ALIASES: dict[str, tuple[str, str]] = {
    "N6": ("N7", "TSMC's N6 is a design-rule-compatible N7-family node"),
    "4N": ("N4", "NVIDIA's 4N is TSMC's N4 customised (N5 family)"),
    "4NP": ("N4", "NVIDIA's 4NP is an N4-family node"),
}
#: A process variant's suffix after the node's number (N3P, N3E, N4X, N2P): the variant
#: is suggested as its base row, the same family.
_VARIANT = re.compile(r"^([A-Z]*\d+[A-Z]?)(P|E|X|NP)$")


def _family_hint(key: str, nodes: dict[str, Node]) -> tuple[str, str] | None:
    """The row an unknown node name is costed as and why (alias or process variant).

    Returns
    -------
    tuple of (str, str) or None
        ``(row name, sentence)``; ``None`` when the name is neither.

    Examples
    --------
    >>> _family_hint("N6", _all())[1]
    "N6 is costed as the N7 row (TSMC's N6 is a design-rule-compatible N7-family node)"
    >>> _family_hint("N3P", _all())
    ('N3', 'N3P is a process variant of N3: costed as the N3 row')
    >>> _family_hint("N9", _all()) is None
    True
    """
    if key in NODE_ALIASES:
        row, why = NODE_ALIASES[key]
        if row in nodes:
            return nodes[row].name, f"{key} is costed as the {nodes[row].name} row ({why})"
    m = _VARIANT.match(key)
    if m and m.group(1) in nodes:
        base = nodes[m.group(1)].name
        return base, f"{key} is a process variant of {base}: costed as the {base} row"
    return None


def get_node(name: str | Node, field: str = "node") -> Node:
    """Look up a process node by name, case-insensitively.

    An unknown name is refused; the error suggests the row it is costed as when it is
    an alias or process variant of one (:data:`NODE_ALIASES`, ``N3P`` -> ``N3``),
    else the nearest names by spelling (:func:`tigris.errors.did_you_mean`).

    Parameters
    ----------
    name : str or Node
        Node name (``N5``, ``n3``); a :class:`Node` is returned unchanged.
    field : str, optional
        Flag or field named in the error.

    Returns
    -------
    Node
        The node's row.

    Raises
    ------
    InputError
        Field ``field``: no node of that name.

    Examples
    --------
    >>> get_node("n5").euv_layers
    14
    >>> get_node("N6")
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: node: unknown node 'N6': N6 is costed as the N7 row ...
    """
    if isinstance(name, Node):
        return name
    nodes = _all()
    key = name.strip().upper()
    if key not in nodes:
        names = sorted(n.name for n in nodes.values())
        family = _family_hint(key, nodes)
        if family is None:
            raise unknown_name("node", name, names, field=field, addable=True)
        row, why = family
        msg = f"unknown node '{name}': {why}; give {row}; known: {', '.join(names)}"
        raise InputError(msg + ADD_WITH_DATA, field=field)
    return nodes[key]
