"""Cross-field checks of a scenario's ``distributions`` and ``correlations`` (issue 15;
docs/risk.md).

Part of :mod:`tigris.scenario.checks` (which runs them with the others): each
distribution names its ``source``, keeps its parameters in order (``low <= mode <=
high``, weights that fit the values), and sits on a path of the scenario
(:func:`tigris.scenario.edit.get_path`) that holds a number; each correlation names
paths that have distributions, no pair twice, and rank correlations that hold together
(a positive-definite matrix). The kinds and their single-parameter bounds are the
schema's (:mod:`tigris.risk.distributions`). Each returns ``(location, message)``
pairs, located at ``distributions.<path>.<param>`` so that a file's line is found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from tigris.errors import InputError
from tigris.risk.distributions import Correlation, Distribution, correlation_matrix
from tigris.yamlio import _got

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
    others are the schema's to report)."""
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
    (entries are numbered, so one refused would shift the others' meaning)."""
    if not isinstance(value, list):
        return None
    try:
        return tuple(_CORR.validate_python(c) for c in value)
    except ValidationError:
        return None


def _loc(field: str) -> Loc:
    """``correlations.0.paths.1`` as a location (numbers as list indexes)."""
    return tuple(int(x) if x.isdigit() else x for x in field.split("."))


def _target(sc: Scenario, path: str) -> str | None:
    """Why ``path`` cannot carry a distribution, or ``None`` if it holds a number."""
    from tigris.scenario.edit import get_path

    head = path.split(".", 1)[0].split("[", 1)[0]
    try:
        value = get_path(sc, path)
    except InputError as exc:
        return "; ".join(p.message for p in exc.problems)
    if head in _NOT_VARIED:
        return f"a distribution cannot vary {head}"
    if value is None:
        return (
            "expected a path holding a number, got a field not set (null): give it a "
            "value in the scenario first, which the distribution then varies"
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        what = type(value).__name__ if hasattr(value, "model_fields") else None
        got = f"a {what} block" if what else _got(value)
        return f"expected a path holding a number, got {got}"
    return None


def check_distributions(parts: Parts) -> Found:
    """Sources named, parameters in order, paths that hold numbers, correlations of
    paths with distributions that hold together."""
    dists: Mapping[str, Any] = parts.distributions or {}
    out: Found = []
    for path, spec in dists.items():
        loc = ("distributions", path)
        for name, msg in spec.problems():
            out.append(((*loc, name), msg))
        if not spec.source.strip():
            out.append(((*loc, "source"), f"{_SOURCE}, got nothing"))
        if parts.scenario is not None:
            why = _target(parts.scenario, path)
            if why is not None:
                out.append((loc, why))
    correlations: Sequence[Correlation] = parts.correlations or ()
    # with an entry the schema refused, a correlation naming it would read as unknown
    if correlations and (parts.scenario is not None or "distributions" in parts.complete):
        _, problems = correlation_matrix(list(dists), correlations)
        out.extend((_loc(p.field), p.message) for p in problems)
    return out
