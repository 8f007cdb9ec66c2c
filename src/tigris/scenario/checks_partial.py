"""Typed values of a section the schema refused, with the refused values left out.

A section with one bad value (``datacenters.grid_headroom_mw.usa.2026: -500``, a
site's ``module_capacity: -100``) is refused whole by pydantic, and the cross-field
checks of :mod:`tigris.scenario.checks` used to skip it: a second, independent mistake
in it (an unknown region next to the bad value, a site's unknown ``region``) was only
reported once the first was fixed (user test of 2026-12-03, #7). :func:`salvage`
validates the section again without the values pydantic refused, so that checks which
read names only (regions, sites, facility types) still see the rest;
:func:`salvage_left_out` also says which mapping entries went with a refused value,
so that a name whose own value was refused (``narnia: {2026: -500}``) is checked too.

A value left out takes its field's default, so a salvaged section is fed only to
checks that cannot report a consequence of the omission: a check of names, or of a
value against another that is then absent. :class:`~tigris.scenario.checks.Parts`
says which sections were salvaged (they are not in ``Parts.complete``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

__all__ = ["salvage", "salvage_left_out"]

M = TypeVar("M", bound=BaseModel)

#: Rounds of leaving values out before giving up: each round leaves out at least one
#: value, and a refused value can hide another only one level down (a key and its map).
_ROUNDS = 4
#: The last element of pydantic's location for a refused mapping key.
_KEY = "[key]"


def _leave_out(root: dict[Any, Any], loc: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """Delete from ``root`` the deepest mapping entry on the path ``loc`` and return
    that entry's path; None if the path names nothing in ``root`` (a missing field, a
    model-level error)."""
    if loc and loc[-1] == _KEY:
        loc = loc[:-1]  # the refused key itself, which the path then ends with
    node: Any = root
    last: tuple[dict[Any, Any], Any, int] | None = None
    for depth, key in enumerate(loc):
        if isinstance(node, dict) and key in node:
            last = (node, key, depth)
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]  # an index cannot be deleted without shifting the others
        else:
            break  # a union branch's name, or a missing field
    if last is None:
        return None
    parent, key, depth = last
    del parent[key]
    return tuple(loc[: depth + 1])


def salvage(model: type[M], value: Any) -> tuple[M | None, bool]:
    """``value`` validated by ``model``, leaving out what the schema refuses.

    Parameters
    ----------
    model : type of pydantic.BaseModel
        The section's model (``Site``, ``Datacenters``).
    value : Any
        The section as parsed from the file.

    Returns
    -------
    model or None, bool
        The typed section (``None`` when it cannot be had: not a mapping, a required
        field refused or missing), and whether it was accepted as given (``False``
        when values were left out).

    Examples
    --------
    >>> from tigris.scenario.schema import Datacenters
    >>> dc, whole = salvage(Datacenters, {"grid_headroom_mw": {"usa": {2026: -5, 2030: 9},
    ...                                                        "narnia": {2026: 1}}})
    >>> dict(dc.grid_headroom_mw), whole
    ({'usa': {2030: 9.0}, 'narnia': {2026: 1.0}}, False)
    """
    typed, whole, _ = salvage_left_out(model, value)
    return typed, whole


def salvage_left_out(
    model: type[M], value: Any
) -> tuple[M | None, bool, tuple[tuple[Any, ...], ...]]:
    """:func:`salvage`, with the paths (in ``value``) of the mapping entries left out
    for their values, whose keys the schema accepted.

    A name check can still read such a key (``grid_headroom_mw: {narnia: {2026:
    -500}}`` leaves out ``narnia``'s one value, then ``narnia``, an empty map; the
    region name itself was not refused). Entries left out for a refused key are not
    listed (their key's problem is the schema's).

    Parameters
    ----------
    model : type of pydantic.BaseModel
        The section's model (``Site``, ``Datacenters``).
    value : Any
        The section as parsed from the file.

    Returns
    -------
    model or None, bool, tuple of paths
        As :func:`salvage`, and the entries' paths (``("grid_headroom_mw", "narnia",
        2026)``, ``("grid_headroom_mw", "narnia")``), in the order left out.

    Examples
    --------
    >>> from tigris.scenario.schema import Site
    >>> salvage_left_out(Site, {"name": "japan", "module_capacity": {"x": -1}})[1:]
    (False, (('module_capacity', 'x'),))
    """
    try:
        return model.model_validate(value), True, ()
    except ValidationError as exc:
        errors = exc.errors()
    if not isinstance(value, Mapping):
        return None, False, ()
    data = copy.deepcopy(dict(value))
    left: list[tuple[Any, ...]] = []
    bad_keys: set[tuple[Any, ...]] = set()
    for _ in range(_ROUNDS):
        # every error's value goes (a union's branches name one value several times)
        locs = [tuple(err["loc"]) for err in errors]
        bad_keys |= {loc[:-1] for loc in locs if loc and loc[-1] == _KEY}
        gone: list[tuple[Any, ...]] = []
        for loc in locs:
            if any(loc[: len(g)] == g for g in gone):
                continue  # inside an entry already left out (its key's and its value's)
            path = _leave_out(data, loc)
            if path is not None:
                gone.append(path)
                if loc[-1] != _KEY:
                    left.append(path)
        if not gone:
            return None, False, ()
        try:
            typed = model.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors()
            continue
        return typed, False, tuple(p for p in left if not any(p[: len(b)] == b for b in bad_keys))
    return None, False, ()
