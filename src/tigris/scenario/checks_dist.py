"""Cross-field checks of a scenario's ``distributions`` and ``correlations`` (issue 15;
docs/risk.md).

Part of :mod:`tigris.scenario.checks` (which runs them with the others): each
distribution names its ``source``, keeps its parameters in order (``low <= mode <=
high``, weights that fit the values), and sits on a path of the scenario
(:func:`tigris.scenario.edit.get_path`) that holds a number and accepts the values the
distribution reaches (its bounds, each discrete value, a point; the field's own type
and bounds, as the schema says them); each correlation names
paths that have distributions, no pair twice, and rank correlations that hold together
(a positive-definite matrix). A path naming a data-table cell
(``nodes.N3.d0_per_cm2``, :mod:`tigris.risk.cells`) is checked against the tables in
force instead: a known table, row and numeric column, and values the overlay's own
validation accepts there. The kinds and their single-parameter bounds are the
schema's (:mod:`tigris.risk.distributions`). Each returns ``(location, message)``
pairs, located at ``distributions.<path>.<param>`` so that a file's line is found.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from tigris.errors import InputError
from tigris.risk.distributions import (
    Correlation,
    Discrete,
    Distribution,
    Lognormal,
    Normal,
    Point,
    correlation_matrix,
)
from tigris.yamlio import _got, decimal_int, validation_problems

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Loc, Parts
    from tigris.scenario.schema import Scenario

__all__ = ["check_distributions", "typed_correlations", "typed_distributions"]

#: Sections whose values a distribution may not vary: the distributions themselves.
_NOT_VARIED = ("distributions", "correlations")
#: What a distribution's ``source`` must say, for every message about it.
_SOURCE = (
    "expected the source of this distribution (a publication, or whose estimate: "
    "'tigris assumption: ..., because ...')"
)

_DIST: TypeAdapter[Any] = TypeAdapter(Distribution)
_CORR: TypeAdapter[Any] = TypeAdapter(Correlation)


def typed_distributions(value: Any) -> dict[str, Any]:
    """The entries of a raw ``distributions`` mapping that the schema accepts (the
    others are the schema's to report).

    Parameters
    ----------
    value : Any
        The raw ``distributions`` value of the document.

    Returns
    -------
    dict of str to Any
        The accepted distributions by path (as text); empty when ``value`` is not a
        mapping.
    """
    out: dict[str, Any] = {}
    if not isinstance(value, Mapping):
        return out
    for path, spec in value.items():
        try:
            out[str(path)] = _DIST.validate_python(spec)
        except ValidationError:
            continue
    return out


def typed_correlations(value: Any) -> tuple[Correlation, ...] | None:
    """A raw ``correlations`` list typed, or ``None`` if the schema refuses any entry
    (entries are numbered, so one refused would shift the others' meaning).

    Parameters
    ----------
    value : Any
        The raw ``correlations`` value of the document.

    Returns
    -------
    tuple of Correlation or None
        Every entry typed, in order; None when ``value`` is not a list or any entry is
        refused.
    """
    if not isinstance(value, list):
        return None
    try:
        return tuple(_CORR.validate_python(c) for c in value)
    except ValidationError:
        return None


def _loc(field: str) -> Loc:
    """``correlations.0.paths.1`` as a location (numbers as list indexes)."""
    return tuple(_index(x) for x in field.split("."))


def _index(seg: str) -> str | int:
    """A path segment as a location part: a list index (decimal digits) as an int."""
    index = decimal_int(seg) if seg.isdigit() else None
    return seg if index is None else index


def _is_cell(path: str) -> bool:
    from tigris.risk.cells import is_cell

    return is_cell(path)


def _facility_note(sc: Scenario, path: str) -> str:
    """For a path into ``facilities`` by index (``facilities.5.capex_usd_per_mw``),
    which facility type the index names now, and that indices move when a facility is
    inserted or removed before it (user test #16: an A14 entry inserted before
    ``cowos`` re-pointed four distributions at the wrong facilities); ``""`` otherwise.

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> _facility_note(reference_scenario(), "facilities.0.capex_usd")[:48]
    '; facilities.0 is logic-N5 (kind logic, node N4)'
    """
    from tigris.scenario.checks import facility_id

    head, _, rest = path.partition(".")
    index = _index(rest.split(".", 1)[0])
    if head != "facilities" or not isinstance(index, int) or index >= len(sc.facilities):
        return ""
    f = sc.facilities[index]
    fid = facility_id(f.kind, f.node, f.power)
    said = ", ".join(
        f"{k} {v}" for k, v in (("kind", f.kind), ("node", f.node), ("power", f.power)) if v
    )
    return (
        f"; facilities.{index} is {fid} ({said}): an index names a facility by its place "
        "in the list, so inserting or removing a facility before it moves what the path "
        "points to: check the index, or name the facility meant by its type "
        "(facilities.<type>.<field>, as facilities.cowos.capex_usd), which does not move"
    )


def _target(sc: Scenario, path: str) -> tuple[str | None, Any]:
    """Why ``path`` cannot carry a distribution (``None`` if it holds a number), and its
    value."""
    from tigris.scenario.edit import get_path

    head = path.split(".", 1)[0].split("[", 1)[0]
    try:
        value = get_path(sc, path)
    except InputError as exc:
        why = "; ".join(p.message for p in exc.problems)
        from tigris.errors import did_you_mean
        from tigris.risk.cells import DATA_SECTIONS

        hint = did_you_mean(head, [t.split(".")[0] for t in DATA_SECTIONS])
        if hint:  # ``node.N3.d0_per_cm2``: a data-table cell misspelt
            why += f"; nor a data-table cell{hint} (docs/risk.md)"
        return why, None
    if head in _NOT_VARIED:
        return f"a distribution cannot vary {head}", value
    if value is None:
        msg = (
            "expected a path holding a number, got a field not set (null): give it a "
            "value in the scenario first, which the distribution then varies"
        )
        return msg + _facility_note(sc, path), value
    if isinstance(value, bool) or not isinstance(value, int | float):
        what = type(value).__name__ if hasattr(value, "model_fields") else None
        got = f"a {what} block" if what else _got(value)
        return f"expected a path holding a number, got {got}{_facility_note(sc, path)}", value
    return None, value


def _reach(spec: Any) -> list[tuple[str, float]]:
    """The values a distribution reaches at its ends, by parameter: its bounds, every
    discrete value, the point; an unbounded side is represented by the mean (normal)
    or the median (lognormal), which must be valid at least."""
    if isinstance(spec, Point):
        return [("value", spec.value)]
    if isinstance(spec, Discrete):
        return [("values", v) for v in spec.values]
    if isinstance(spec, Lognormal):
        return [("median", spec.median)]
    if isinstance(spec, Normal):
        ends = [("low", spec.low), ("high", spec.high)]
        return [("mean", spec.mean)] + [(k, v) for k, v in ends if v is not None]
    return [("low", spec.low), ("high", spec.high)]


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """The validator of one field of a model: its type with its bounds."""
    info = model.model_fields[name]
    if not info.metadata:  # bounds inside the type (``usd_by_year: _UsdByYear | None``)
        return TypeAdapter(info.annotation)
    return TypeAdapter(Annotated[info.annotation, *info.metadata])


def _accepts(sc: Scenario, path: str, value: Any) -> str | None:
    """The schema's message if the field at ``path`` refuses ``value``, else ``None``.

    Only the field of the block holding it is validated (a capital source's
    ``amount_usd``, the tools' ``euv_per_year`` map, the scenario's ``pue``), strictly
    as the schema does: its own type and bounds, not the cross-field checks.
    """
    from tigris.scenario.edit import _resolve

    _, loc, _ = _resolve(sc, path)
    node: Any = sc
    owner, start = sc, 0
    for k, key in enumerate(loc[:-1]):
        node = getattr(node, key) if isinstance(node, BaseModel) else node[key]
        if isinstance(node, BaseModel):
            owner, start = node, k + 1
    name = loc[start]
    field_value: Any = value
    if len(loc) > start + 1:  # inside the field: a year map, a mapping of maps
        field_value = copy.deepcopy(getattr(owner, name))
        target = field_value
        for key in loc[start + 1 : -1]:
            target = target[key]
        target[loc[-1]] = value
    try:
        _field_adapter(type(owner), name).validate_python(field_value, strict=True)
    except ValidationError as exc:
        return "; ".join(p.message for p in validation_problems(exc))
    return None


def _out_of_range(sc: Scenario, path: str, spec: Any, current: Any) -> Found:
    """Ends of the distribution that the field refuses (values of an integer field
    rounded, as they are drawn)."""
    out: Found = []
    for name, v in _reach(spec):
        value: Any = round(v) if isinstance(current, int) else v
        why = _accepts(sc, path, value)
        if why is not None:
            msg = (
                f"the distribution reaches {value:g}, which {path} does not accept ({why})"
                + _facility_note(sc, path)
            )
            out.append((("distributions", path, name), msg))
            break
    return out


def _cell_problems(path: str, spec: Any) -> Found:
    """A distribution on a data-table cell (:mod:`tigris.risk.cells`): a cell of the
    tables in force (the ``--data`` overlay applied) holding a number, and the first
    end of the distribution the overlay's validation refuses there."""
    from tigris.risk.cells import check_cell, value_problem

    loc = ("distributions", path)
    try:
        cell = check_cell(path)
    except InputError as exc:
        return [(loc, "; ".join(p.message for p in exc.problems))]
    if spec.problems():
        return []
    for name, v in _reach(spec):
        why = value_problem(path, v)
        if why is not None:
            value = round(v) if cell.integer else v
            msg = f"the distribution reaches {value:g}, which {path} does not accept ({why})"
            return [((*loc, name), msg)]
    return []


#: Why a distribution on a disruption's field is refused (user test 2026-12-07, export
#: controls #3: accepted, counted among the drawn inputs, and read by no plan).
DISRUPTION_NOT_DRAWN = (
    "a disruption's fields are not drawn: no plan reads them, and tigris risk applies "
    "each disruption as the scenario writes it (--disruption NAME; docs/risk.md, "
    "'Disruptions'); expected a distribution on an input a plan reads, or one "
    "disruption per case (taiwan-6m, taiwan-24m)"
)


def check_distributions(parts: Parts) -> Found:
    """Sources named, parameters in order, paths that hold numbers, correlations of
    paths with distributions that hold together.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per problem, located under ``distributions.<path>``: bad
        parameters, no source, a path that holds no number (or a cell's problems), an end
        of the distribution the field refuses, and the correlations' problems.
    """
    dists: Mapping[str, Any] = parts.distributions or {}
    out: Found = []
    for path, spec in dists.items():
        loc = ("distributions", path)
        for name, msg in spec.problems():
            out.append(((*loc, name), msg))
        if not spec.source.strip():
            out.append(((*loc, "source"), f"{_SOURCE}, got nothing"))
        if _is_cell(path):
            out.extend(_cell_problems(path, spec))
        elif path.split(".", 1)[0] == "disruptions":
            out.append((loc, DISRUPTION_NOT_DRAWN))
        elif parts.scenario is not None:
            why, current = _target(parts.scenario, path)
            if why is not None:
                out.append((loc, why))
            elif not spec.problems():
                out.extend(_out_of_range(parts.scenario, path, spec, current))
    correlations: Sequence[Correlation] = parts.correlations or ()
    # with an entry the schema refused, a correlation naming it would read as unknown
    if correlations and (parts.scenario is not None or "distributions" in parts.complete):
        _, problems = correlation_matrix(list(dists), correlations)
        refused = {str(loc[1]) for loc, _ in out if len(loc) == 2}  # a path not resolved
        out.extend((_loc(p.field), _unsuggest(p.message, refused)) for p in problems)
    return out


#: A "did you mean" hint naming one choice.
_HINT = re.compile(r" \(did you mean '([^']*)'\?\)")


def _unsuggest(msg: str, refused: set[str]) -> str:
    """``msg`` without a "did you mean" naming a refused distribution (user test s47
    #6: a key renamed to a year the field lacks was suggested to the correlations).

    >>> _unsuggest("'a.b' has no distribution (did you mean 'a.c'?); ...", {"a.c"})
    "'a.b' has no distribution; ..."
    """
    return _HINT.sub(lambda m: "" if m.group(1) in refused else m.group(0), msg)
