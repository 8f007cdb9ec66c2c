"""The dashboard's controls and what-ifs: from the page's inputs to a plan request.

A *control* (:class:`Control`) is one input of the page, tied to a place in what a plan
is computed from: a scenario field by its dotted path (:mod:`tigris.scenario.edit`:
``capital.abu-dhabi-sovereign.amount_usd``), a cell of a data table
(:mod:`tigris.risk.cells`: ``nodes.N3.d0_per_cm2``, set through a ``--data`` overlay),
or a key of the dashboard's own (``disruption``; ``claimed.<field>``, the claimed
custom chip). :func:`controls_for` lists a scenario's controls, each with its default
(the scenario's own value, or the table's where the scenario gives none), its unit and
a range of sensible values (module constants below, each with its reason).

A *what-if* is a mapping of control id -> value in display units (``9.0`` for US$ 9 B);
:func:`whatif` applies it to the base scenario, validating it as a scenario file is
validated, into a :class:`WhatIf`, whose :meth:`WhatIf.request` is the JSON-safe request
every plan of the dashboard is solved from, and :func:`request_key` its cache key.
:func:`encode_state` and :func:`decode_state` write and read a what-if in the page's URL
(``?capital.abu-dhabi-sovereign.amount_usd=12``), by path, so that a link reproduces
the view. docs/serve.md, "Controls", lists every control.

Importing this module imports neither Dash nor the planner.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from tigris.errors import InputError, Problem, did_you_mean
from tigris.scenario.edit import _split, get_path, scenario_hash, set_paths, to_yaml
from tigris.scenario.schema import Scenario
from tigris.serve.control_data import CLAIMED, DATA_BUILDERS, claimed_chip, data_text
from tigris.serve.control_groups import (
    BUILDERS,
    DISRUPTION,
    DISRUPTION_BUILDER,
    GROUPS,
    NO_DISRUPTION,
    REL_TOL,
    STORED_DIGITS,
    Control,
    _seg,
    control_id,
)
from tigris.serve.control_power import POWER, power_edits, related_control
from tigris.serve.limits import MAX_CHANGED_CONTROLS, MAX_QUERY_CHARS, SOLVE_TIME_LIMIT_S

__all__ = [
    "DISRUPTION",
    "GROUPS",
    "Control",
    "WhatIf",
    "control_id",
    "controls_for",
    "decode_state",
    "defaults",
    "encode_state",
    "request_key",
    "whatif",
]

#: Every group's builder, in :data:`GROUPS` order.
_BUILDERS = (*BUILDERS, *DATA_BUILDERS, DISRUPTION_BUILDER)
#: Scenarios whose controls are kept (a server has one base, plus a few uploads).
_CONTROLS_KEPT = 16
_controls_kept: OrderedDict[tuple[str, str | None], tuple[Control, ...]] = OrderedDict()
_controls_lock = threading.Lock()
#: id of a scenario -> (the scenario, its hash): the hash (its YAML text) is not made
#: again for the same object (the scenario is kept, so its id is not reused).
_hashes: OrderedDict[int, tuple[Scenario, str]] = OrderedDict()


def _controls(sc: Scenario, data_yaml: str | None) -> tuple[Control, ...]:
    """The controls of ``sc``, built once per scenario and overlay (an LRU)."""
    with _controls_lock:
        known = _hashes.get(id(sc))
    if known is not None and known[0] is sc:
        digest = known[1]
    else:
        digest = scenario_hash(sc)
        with _controls_lock:
            _hashes[id(sc)] = (sc, digest)
            while len(_hashes) > _CONTROLS_KEPT:
                _hashes.popitem(last=False)
    key = (digest, data_yaml)
    with _controls_lock:
        found = _controls_kept.get(key)
        if found is not None:
            _controls_kept.move_to_end(key)
            return found
    from tigris.plan.reuse import using_data_text

    with using_data_text(data_yaml):
        out = tuple(c for build in _BUILDERS for c in build(sc))
    seen: dict[str, str] = {}
    for c in out:
        if c.id in seen:  # two paths escaping alike: refuse rather than mix them up
            msg = f"controls '{seen[c.id]}' and '{c.path}' have the same id {c.id!r}"
            raise InputError(Problem("scenario", msg))
        seen[c.id] = c.path
    with _controls_lock:
        _controls_kept[key] = out
        while len(_controls_kept) > _CONTROLS_KEPT:
            _controls_kept.popitem(last=False)
    return out


def controls_for(base: Scenario, *, data_yaml: str | None = None) -> list[Control]:
    """The controls of a scenario, in :data:`GROUPS` order.

    Parameters
    ----------
    base : Scenario
        The scenario the page starts from.
    data_yaml : str, optional
        The server's ``--data`` overlay text (table defaults are read with it).

    Returns
    -------
    list of Control
        One per input the page shows, in :data:`GROUPS` order.

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> cs = controls_for(reference_scenario())
    >>> [c.default for c in cs if c.path == "capital.abu-dhabi-sovereign.amount_usd"]
    [9.0]
    """
    return list(_controls(base, data_yaml))


def defaults(base: Scenario, *, data_yaml: str | None = None) -> dict[str, Any]:
    """Control id -> default value [display units] (:func:`controls_for`).

    Parameters
    ----------
    base : Scenario
        The scenario the page starts from.
    data_yaml : str, optional
        The server's ``--data`` overlay text (table defaults are read with it); None for
        none.

    Returns
    -------
    dict of str to Any
        Control id -> its default value in the control's display units.
    """
    return {c.id: c.default for c in controls_for(base, data_yaml=data_yaml)}


# --- values ------------------------------------------------------------------------


def _where(c: Control) -> str:
    """How a problem names a control: its label and its path."""
    return f"{c.label} ({c.path})"


#: Bits of the largest whole number a float holds (an int past it is over 1.8e308).
_FLOAT_BITS = 1024


def _too_big_for_float(value: int) -> bool:
    """Whether no float holds whole number ``value`` (its conversion overflows)."""
    if value.bit_length() > _FLOAT_BITS:
        return True
    try:
        float(value)
    except OverflowError:
        return True
    return False


#: A toggle's values as :func:`whatif` takes them in its display unit, on/off (stripped,
#: any case), besides Python's True and False.
_TOGGLE_TEXTS = {"on": True, "off": False}


def _toggle(c: Control, value: Any) -> bool:
    """A toggle's value: True or False, or ``"on"`` / ``"off"`` (stripped, any case).

    The control's unit is on/off and :func:`whatif` takes values in the controls'
    display units (docs/serve.md), yet only True and False were taken, with the
    message ``expected on or off, got 'off'`` (user test 2026-12-06 policy #5).
    Anything else (``"true"``, ``1``, ``None`` aside: it keeps the default) is refused,
    the message naming both forms taken.

    Parameters
    ----------
    c : Control
        The toggle.
    value : Any
        The value given [on/off].

    Returns
    -------
    bool
        True for on.

    Raises
    ------
    InputError
        Any other value, naming the control's label and path.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TOGGLE_TEXTS:
        return _TOGGLE_TEXTS[value.strip().lower()]
    msg = f"expected on or off ('on', 'off', True or False), got {_shown(value)}"
    raise InputError(Problem(_where(c), msg))


def _check(c: Control, value: Any) -> Any:
    """A value for control ``c`` [display units], checked; raises InputError."""
    if c.kind == "toggle":
        return _toggle(c, value)
    if c.kind == "select":
        if not isinstance(value, str) or value not in c.options:
            hint = did_you_mean(value, c.options) if isinstance(value, str) else ""
            msg = f"expected one of {', '.join(c.options)}, got {_shown(value)}{hint}"
            raise InputError(Problem(_where(c), msg))
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(Problem(_where(c), f"expected a number, got {_shown(value)}"))
    if isinstance(value, int) and _too_big_for_float(value):
        # no float holds it: math.isfinite raised OverflowError, "internal error (logged)"
        # (user test s48 serve #4: 1 followed by 400 zeros; 2**1024 - 1 has 1024 bits
        # and still rounds past the largest float)
        digits = int(value.bit_length() * math.log10(2)) + 1
        want = "a number" if c.min is None or c.max is None else f"{c.min:g} to {c.max:g}"
        msg = f"expected {want} {c.unit}".rstrip() + f", got a whole number of ~{digits} digits"
        raise InputError(Problem(_where(c), msg))
    if not math.isfinite(value):
        raise InputError(Problem(_where(c), f"expected a finite number, got {value!r}"))
    if c.integer and value != int(value):
        raise InputError(Problem(_where(c), f"expected a whole number, got {value!r}"))
    if (c.min is not None and value < c.min) or (c.max is not None and value > c.max):
        msg = f"expected {c.min:g} to {c.max:g} {c.unit}".rstrip() + f", got {value:g}"
        raise InputError(Problem(_where(c), msg))
    # a control's step is only what the box's - and + buttons add, not a rule: any
    # value within the range is taken, typed, from a link or from Python (user test s48
    # serve #3: steps of 0.5 refused 8.3 on one scenario and took 5.25 on another)
    return int(value) if c.integer else value


#: Longest URL value a hint repeats [characters] (a longer one is written ``...``).
_HINT_VALUE_CHARS = 40
#: Unknown URL paths whose hint is checked as ``tigris sweep --set`` checks its value
#: (one validation of the scenario each, ~12 ms on the reference): a bound on the work
#: one query may ask, not data; later ones get the unchecked hint.
_HINT_CHECKS = 10


def _sweep_hint(
    base: Scenario,
    path: str,
    value: str = "...",
    *,
    check: bool = True,
    data_yaml: str | None = None,
) -> str:
    """For a scenario place the page has no control for, where to ask it instead
    (user test 2026-12-03, #10): the ``tigris sweep --set`` that sets it; ``""`` for a
    path that is no place of the scenario.

    A place is what ``tigris sweep --set`` can write (:func:`tigris.scenario.edit.set_paths`
    resolves it): a field, a named item's field, or a key of a mapping, a new key too
    (``datacenters.grid_headroom_mw.usa.2030`` on a scenario that gives no usa series).
    With ``check`` and a value shown, the edit is made as sweep makes it
    (:func:`tigris.scenario.edit.parse_value`, :func:`~tigris.scenario.edit.set_paths`
    under the server's ``--data`` overlay): a value sweep would refuse (an unknown
    region, a number where a series goes) is said to be refused, with sweep's reason,
    not offered as a command to run.

    >>> from tigris.scenario import reference_scenario
    >>> _sweep_hint(reference_scenario(), "pue")
    ": a scenario value the page has no control for; ask it with 'tigris sweep --set pue=...'"
    >>> hint = _sweep_hint(reference_scenario(), "datacenters.grid_headroom_mw.usa.2030", "1000")
    >>> hint.endswith("'tigris sweep --set datacenters.grid_headroom_mw.usa.2030=1000'")
    True
    >>> hint = _sweep_hint(reference_scenario(), "datacenters.grid_headroom_mw.usa", "1000")
    >>> hint.endswith("refused too: datacenters.grid_headroom_mw.usa: expected a mapping, got 1000")
    True
    >>> _sweep_hint(reference_scenario(), "no.such.path")
    ''
    """
    from tigris.scenario.edit import _resolve_doc

    try:
        _resolve_doc(base, base.model_dump(mode="python"), path)
    except (InputError, KeyError, IndexError, TypeError, ValueError):
        return ""
    shown = value if value and len(value) <= _HINT_VALUE_CHARS else "..."
    command = f"'tigris sweep --set {path}={shown}'"
    if check and shown != "...":
        from tigris.plan.reuse import using_data_text
        from tigris.scenario.edit import parse_value, set_paths

        try:
            with using_data_text(data_yaml):
                set_paths(base, {path: parse_value(value)}, field="--set")
        except InputError as exc:
            why = exc.problems[0].message if exc.problems else str(exc)
            return (
                f": a scenario value the page has no control for; {command} would be "
                f"refused too: {why}"
            )
    return f": a scenario value the page has no control for; ask it with {command}"


def _url_hint(
    base: Scenario,
    key: str,
    value: str,
    controls: list[Control],
    *,
    check: bool = True,
    data_yaml: str | None = None,
) -> str:
    """What an unknown URL path's error adds: the ``tigris sweep --set`` that asks a
    scenario value (:func:`_sweep_hint`, ``check`` and ``data_yaml`` passed on), else
    the closest control path; and a control that sets the same place another way (a
    region's headroom scale for one of its years,
    :func:`tigris.serve.control_power.related_control`)."""
    hint = _sweep_hint(base, key, value, check=check, data_yaml=data_yaml) or did_you_mean(
        key, [c.path for c in controls]
    )
    related = related_control(key, controls)
    if related is not None:
        hint += (
            f"; or the page's control '{related.label}' ({related.path}), which scales "
            "every year of the series"
        )
    return hint


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


#: Characters of an unknown control's path shown whole (quoted); a longer one keeps its
#: start and its end, where a typo usually is.
_PATH_SHOWN = 120
#: Characters of such a path's start kept when it is cut.
_PATH_HEAD = 40


def _shown_path(path: Any) -> str:
    """An unknown control's path as a message names it: whole up to :data:`_PATH_SHOWN`
    characters, else its start and end (user test s46 #12: ``'capital.abu-dhabi-
    sovereign.amount_u...`` cut the typo ``amount_usdd`` off).

    >>> _shown_path("capital.abu-dhabi-sovereign.amount_usdd")
    "'capital.abu-dhabi-sovereign.amount_usdd'"
    >>> cut = _shown_path("a" * 200 + ".amount_usdd")
    >>> len(cut) == _PATH_SHOWN and cut.endswith(".amount_usdd'") and "..." in cut
    True
    """
    text = repr(path)
    if len(text) <= _PATH_SHOWN:
        return text
    return text[:_PATH_HEAD] + "..." + text[-(_PATH_SHOWN - _PATH_HEAD - 3) :]


def _same(c: Control, value: Any) -> bool:
    """Whether a checked value equals the control's default."""
    if c.kind == "number":
        return math.isclose(value, c.default, rel_tol=REL_TOL, abs_tol=0.0) or value == c.default
    return bool(value == c.default)


def _is_site_toggle(path: str) -> bool:
    """Whether ``path`` is a site's on/off control (its ``max_modules``)."""
    return path.startswith("sites.") and path.endswith(".max_modules")


def _stored(c: Control, value: Any) -> Any:
    """A checked display value in stored units."""
    if c.kind == "toggle" and _is_site_toggle(c.path):
        return 1 if value else 0  # max_modules 0 closes the site; on is the default
    if c.kind != "number":
        return value
    if c.integer:
        return round(value * c.scale)
    return float(f"{value * c.scale:.{STORED_DIGITS}g}")


@dataclass(frozen=True)
class WhatIf:
    """A what-if: the base scenario with the page's changes applied.

    Attributes
    ----------
    scenario : Scenario
        The edited scenario (validated as a file is).
    data_yaml : str or None
        The ``--data`` overlay text the plan is solved with (the server's, with the
        what-if's data-table cells and claimed chip), or None.
    disruption : str or None
        The name of the scenario's disruption the view applies, or None.
    changes : dict
        Control path -> stored value, only those differing from the base.
    """

    scenario: Scenario
    data_yaml: str | None
    disruption: str | None
    changes: dict[str, Any] = field(default_factory=dict)

    def request(self, *, time_limit_s: float | None = None) -> dict[str, Any]:
        """The JSON-safe request a plan of this what-if is solved from.

        Parameters
        ----------
        time_limit_s : float, optional
            Solver time limit [s]; default the scenario's, never above
            :data:`tigris.serve.limits.SOLVE_TIME_LIMIT_S`.

        Returns
        -------
        dict
            ``{"scenario_yaml", "data_yaml", "disruption", "options": {"time_limit_s",
            "mip_gap"}}``.
        """
        limit = self.scenario.solver.time_limit_s if time_limit_s is None else time_limit_s
        return {
            "scenario_yaml": to_yaml(self.scenario),
            "data_yaml": self.data_yaml,
            "disruption": self.disruption,
            "options": {
                "time_limit_s": float(min(limit, SOLVE_TIME_LIMIT_S)),
                "mip_gap": float(self.scenario.solver.mip_gap),
            },
        }


def _nested(base: Scenario, edits: dict[str, Any]) -> dict[str, Any]:
    """Edits for :func:`set_paths`, a path below a block the base leaves null written
    as the whole block (``demand_forecast.spend_usd.2030`` -> ``demand_forecast``)."""
    out: dict[str, Any] = {}
    blocks: dict[str, dict[Any, Any]] = {}
    for path, value in edits.items():
        segs = _split(path)
        if len(segs) > 1 and getattr(base, segs[0], ...) is None:
            node = blocks.setdefault(segs[0], {})
            for seg in segs[1:-1]:
                node = node.setdefault(int(seg) if seg.isdigit() else seg, {})
            node[int(segs[-1]) if segs[-1].isdigit() else segs[-1]] = value
        else:
            out[path] = value
    return {**out, **blocks}


def _site_off(base: Scenario, path: str) -> dict[str, Any]:
    """The edits that close a site: no modules at most, none required."""
    head = path.rsplit(".", 1)[0]
    edits: dict[str, Any] = {path: 0}
    if get_path(base, f"{head}.min_modules"):
        edits[f"{head}.min_modules"] = 0
    return edits


def _by_name(base: Scenario | None, field: str) -> str:
    """A problem's field with list indices of named items written as their names
    (``demand.2.calibrated_share`` -> ``demand.fine-tuning-and-other.calibrated_share``),
    as control paths write them."""
    if base is None:
        return field
    node: Any = base
    out = []
    for seg in field.split("."):
        if isinstance(node, list) and seg.isdigit() and int(seg) < len(node):
            node = node[int(seg)]
            name = getattr(node, "name", None)
            out.append(_seg(name) if isinstance(name, str) else seg)
            continue
        out.append(seg)
        node = getattr(node, seg, None) if not isinstance(node, dict) else node.get(seg)
    return ".".join(out)


def _renamed(
    exc: InputError,
    by_path: dict[str, Control],
    base: Scenario | None = None,
    changed: Collection[str] = (),
) -> InputError:
    """The problems of an edit, each naming the control (label and path) it came from.

    A problem the scenario's checks put on a control the user did not change, while
    they changed its siblings (the same path but its middle: the demand classes'
    shares, which the checks blame on the last class), names the changed siblings
    instead (user test s46 #8: inference's share set to 90 named fine-tuning's)."""
    out = []
    for p in exc.problems:
        field = _by_name(base, p.field)
        c = by_path.get(field) or by_path.get(p.field)
        if c is None:
            c = next((c for path, c in by_path.items() if field.startswith(path + ".")), None)
        where = _where(c) if c is not None else p.field
        message = p.message
        if c is not None and changed and c.path not in changed:
            moved = [by_path[q] for q in sorted(changed) if q in by_path and _siblings(q, c.path)]
            if moved:
                where = ", ".join(_where(m) for m in moved)
            else:  # a rule between fields of one item (a source's first and last year)
                moved = [
                    by_path[q] for q in sorted(changed) if q in by_path and _same_item(q, c.path)
                ]
                # those the rule's message names, if any (first_year in "must be >=
                # first_year"), not an amount moved with them
                named = [m for m in moved if m.path.rsplit(".", 1)[-1] in p.message]
                moved = named or moved
                if moved:
                    # named as tigris's Scenario.set names it (user test s48 serve #6:
                    # first_year 2028 named only the last year it was not moved past)
                    where = ", ".join(_where(m) for m in moved)
                    what = "the values set"
                    if len(moved) == 1 and isinstance(changed, Mapping):
                        what = _shown_stored(moved[0], changed[moved[0].path])
                    by = f"{c.path} ({_shown_stored(c, _stored(c, c.default))})"
                    message = f"{what} is refused by {by}: {p.message}"
        out.append(Problem(where, message, p.file, p.line))
    return InputError(out)


def _same_item(a: str, b: str) -> bool:
    """Whether two control paths are fields of one item (``capital.fund.first_year``,
    ``capital.fund.last_year``).

    >>> _same_item("capital.fund.first_year", "capital.fund.last_year")
    True
    >>> _same_item("capital.fund.first_year", "capital.other.first_year")
    False
    """
    pa, pb = a.split("."), b.split(".")
    return len(pa) == len(pb) >= 2 and pa[:-1] == pb[:-1] and pa[-1] != pb[-1]


def _shown_stored(c: Control, value: Any) -> str:
    """A stored value of control ``c`` as the page shows it (display units).

    >>> c = Control("x", "capital.f.amount_usd", "f", "US$ B", "Capital", "number", 9.0,
    ...             0.1, 1000.0, 0.1, scale=1e9)
    >>> _shown_stored(c, 1.25e10)
    '12.5 US$ B'
    """
    if c.kind != "number" or not isinstance(value, int | float):
        return repr(value) if isinstance(value, str) else str(value)
    shown = value if c.integer and c.scale == 1.0 else value / c.scale
    text = str(shown) if isinstance(shown, int) else f"{shown:g}"
    return f"{text} {c.unit}" if c.unit and c.unit != "year" else text


def _siblings(a: str, b: str) -> bool:
    """Whether two control paths differ only between their first and last parts
    (``demand.inference.calibrated_share``, ``demand.fine-tuning-and-other.
    calibrated_share``).

    >>> _siblings("demand.a.calibrated_share", "demand.b.calibrated_share")
    True
    >>> _siblings("demand.a.calibrated_share", "capital.a.calibrated_share")
    False
    """
    pa, pb = a.split("."), b.split(".")
    return len(pa) == len(pb) >= 3 and pa[0] == pb[0] and pa[-1] == pb[-1]


def whatif(base: Scenario, values: Mapping[str, Any], *, data_yaml: str | None = None) -> WhatIf:
    """The base scenario with the page's values applied.

    Parameters
    ----------
    base : Scenario
        The scenario the page starts from.
    values : mapping
        Control id -> value [display units]; ids left out, and ``None`` values (an
        emptied input), keep their default. An on/off control takes ``"on"`` or
        ``"off"`` (any case, stripped) or True / False.
    data_yaml : str, optional
        The server's ``--data`` overlay text.

    Returns
    -------
    WhatIf
        The edited scenario, the data-table text and the disruption (each None if
        none) and the changes by path (only those differing from the base).

    Raises
    ------
    InputError
        An unknown id, a value of the wrong type or out of its range, more than
        :data:`tigris.serve.limits.MAX_CHANGED_CONTROLS` changes, or what the scenario's
        validation refuses in the edited scenario; each problem names the control's
        label and path.

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> sc = reference_scenario()
    >>> w = whatif(sc, {control_id("capital.abu-dhabi-sovereign.amount_usd"): 12})
    >>> w.changes, w.scenario.get("capital.abu-dhabi-sovereign.amount_usd")
    ({'capital.abu-dhabi-sovereign.amount_usd': 12000000000.0}, 12000000000.0)
    """
    if not isinstance(values, Mapping):
        msg = f"expected a mapping of control id to value, got {type(values).__name__}"
        raise InputError(Problem("values", msg))
    controls = controls_for(base, data_yaml=data_yaml)
    by_id = {c.id: c for c in controls}
    problems: list[Problem] = []
    changes: dict[str, Any] = {}
    for cid, value in values.items():
        c = by_id.get(cid) if isinstance(cid, str) else None
        if c is None:
            hint = did_you_mean(cid, list(by_id)) if isinstance(cid, str) else ""
            problems.append(Problem("controls", f"unknown control {_shown_path(cid)}{hint}"))
            continue
        if value is None:
            continue
        try:
            checked = _check(c, value)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if not _same(c, checked):
            changes[c.path] = _stored(c, checked)
    if len(changes) > MAX_CHANGED_CONTROLS:
        msg = f"{len(changes)} controls changed; at most {MAX_CHANGED_CONTROLS} at once"
        problems.append(Problem("controls", msg))
    if problems:
        raise InputError(problems)
    return _apply(base, changes, controls, data_yaml)


def _apply(
    base: Scenario, changes: dict[str, Any], controls: list[Control], data_yaml: str | None
) -> WhatIf:
    """The :class:`WhatIf` of checked changes (path -> stored value)."""
    from tigris.risk.cells import is_cell

    by_path = {c.path: c for c in controls}
    claimed = {
        c.path.removeprefix(CLAIMED + "."): changes.get(c.path, _stored(c, c.default))
        for c in controls
        if c.path.startswith(CLAIMED + ".")
    }
    if not claimed.get("enabled"):  # the claimed chip's values mean nothing while it is off
        changes = {k: v for k, v in changes.items() if not k.startswith(CLAIMED + ".")}
    disruption: str | None = None
    edits: dict[str, Any] = {}
    cells: dict[str, Any] = {}
    power: dict[str, Any] = {}
    for path, value in changes.items():
        c = by_path[path]
        if path.startswith(POWER + "."):
            power[path] = value
        elif path == DISRUPTION:
            disruption = None if value == NO_DISRUPTION else value
        elif c.kind == "toggle" and _is_site_toggle(path):
            if not value:
                edits.update(_site_off(base, path))
        elif is_cell(path):
            cells[path] = value
        elif not path.startswith(CLAIMED + "."):
            edits[path] = value
    accelerator = None
    if claimed.get("enabled"):
        accelerator, edits["products"] = claimed_chip(base, claimed)
    text = _data(cells, accelerator, data_yaml, by_path)
    from tigris.plan.reuse import using_data_text

    if power:  # a headroom scale multiplies the data the plan reads: with the overlay's rows
        with using_data_text(text):
            edits.update(power_edits(base, power))
    scenario = base
    if edits:
        try:
            with using_data_text(text):
                scenario = set_paths(base, _nested(base, edits))
        except InputError as exc:
            raise _renamed(exc, by_path, base, changes) from None
    return WhatIf(scenario, text, disruption, dict(changes))


def _data(
    cells: dict[str, Any],
    accelerator: dict[str, Any] | None,
    data_yaml: str | None,
    by_path: dict[str, Control],
) -> str | None:
    """The what-if's overlay text, checked as a ``--data`` file is; problems name the
    group whose controls made it (Silicon, Claimed chip)."""
    try:
        text = data_text(cells, accelerator, data_yaml)
    except InputError as exc:
        raise _renamed(exc, by_path) from None
    if text is None or text == data_yaml:
        return text
    from tigris.plan.reuse import parsed_overlay

    try:
        parsed_overlay(text)
    except InputError as exc:
        made = [by_path[p].label for p in cells] + (["Claimed chip"] if accelerator else [])
        where = ", ".join(made)
        raise InputError([Problem(where, p.message) for p in exc.problems]) from None
    return text


# --- the cache key -----------------------------------------------------------------


@functools.cache
def _tables_hash() -> str:
    """SHA-256 of the shipped data tables (:func:`tigris.provenance.inputs_hash`, no
    overlay: a request carries its own overlay text)."""
    from tigris.data import using_overlay
    from tigris.provenance import inputs_hash

    with using_overlay(None):
        return inputs_hash(b"")


def request_key(request: Mapping[str, Any]) -> str:
    """The cache key of a request: equal what-ifs have equal keys.

    SHA-256 (hex) of the canonical JSON (keys sorted, no spaces) of the request, the
    tigris version and the shipped data tables' hash (:mod:`tigris.provenance`), so a
    new version or new data never answers from an old view.

    Parameters
    ----------
    request : mapping
        :meth:`WhatIf.request`'s dict.

    Returns
    -------
    str
        64 hex digits.

    Raises
    ------
    InputError
        A request that is not JSON (a value JSON cannot hold).
    """
    from tigris import __version__

    doc = {"request": request, "tigris": __version__, "tables": _tables_hash()}
    try:
        text = json.dumps(doc, sort_keys=True, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InputError(Problem("request", f"not JSON: {exc}")) from None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- state in the URL --------------------------------------------------------------

#: Characters a URL query keeps unescaped in paths and values (readable links).
_URL_SAFE = ".-_[]~"


def _text(c: Control, value: Any) -> str:
    """A value as the URL writes it."""
    if c.kind == "toggle":
        return "on" if value else "off"
    if c.kind == "select":
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return f"{value:.{STORED_DIGITS}g}"


def encode_state(base: Scenario, values: Mapping[str, Any], *, data_yaml: str | None = None) -> str:
    """The URL query of the values that differ from their defaults, by path.

    Parameters
    ----------
    base : Scenario
        The scenario the page starts from.
    values : mapping
        Control id -> value [display units] (checked as :func:`whatif` checks them).
    data_yaml : str, optional
        The server's ``--data`` overlay text.

    Returns
    -------
    str
        ``"?path=value&..."`` in the controls' order, or ``""`` when nothing differs.

    Raises
    ------
    InputError
        As :func:`whatif` for an unknown id or a bad value.

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> sc = reference_scenario()
    >>> encode_state(sc, {control_id("capital.abu-dhabi-sovereign.amount_usd"): 12.5})
    '?capital.abu-dhabi-sovereign.amount_usd=12.5'
    >>> encode_state(sc, {})
    ''
    """
    controls = controls_for(base, data_yaml=data_yaml)
    by_id = {c.id: c for c in controls}
    unknown = [k for k in values if k not in by_id]
    if unknown:
        hint = did_you_mean(str(unknown[0]), list(by_id))
        raise InputError(Problem("controls", f"unknown control {_shown_path(unknown[0])}{hint}"))
    pairs = []
    for c in controls:
        value = values.get(c.id)
        if value is None:
            continue
        checked = _check(c, value)
        if not _same(c, checked):
            pairs.append((c.path, _text(c, checked)))
    if not pairs:
        return ""
    return "?" + urllib.parse.urlencode(pairs, safe=_URL_SAFE, quote_via=urllib.parse.quote)


#: Texts of a toggle's two states in a URL.
_ON, _OFF = frozenset({"on", "true", "1", "yes"}), frozenset({"off", "false", "0", "no"})


def _parsed(c: Control, text: str) -> Any:
    """A URL value for control ``c`` [display units], checked."""
    if c.kind == "toggle":
        low = text.strip().lower()
        if low not in _ON | _OFF:
            raise InputError(Problem(_where(c), f"expected on or off, got {_shown(text)}"))
        return low in _ON
    if c.kind == "select":
        return _check(c, text)
    try:
        value: float | int = int(text) if re.fullmatch(r"[-+]?\d{1,18}", text) else float(text)
    except ValueError:
        raise InputError(Problem(_where(c), f"expected a number, got {_shown(text)}")) from None
    return _check(c, value)


def decode_state(
    base: Scenario,
    query: str,
    *,
    data_yaml: str | None = None,
    kept: dict[str, Any] | None = None,
    hints: bool = True,
) -> dict[str, Any]:
    """The values a URL query gives, by control id [display units].

    Parameters
    ----------
    base : Scenario
        The scenario the page starts from.
    query : str
        The URL's query (with or without its ``?``); ``""`` gives no values.
    data_yaml : str, optional
        The server's ``--data`` overlay text.
    kept : dict, optional
        Filled with the values the query gives that were not refused, also when others
        were (the page keeps them: a link with one bad value lost all of them, serve
        user test 2026-12-05).

    hints : bool, optional
        Whether an unknown path's error suggests the closest control (or a
        ``tigris sweep --set``); off when the query was made against another base (an
        upload a reload lost: the closest path of this base is not what was meant).

    Returns
    -------
    dict
        Control id -> value.

    Raises
    ------
    InputError
        A query longer than :data:`tigris.serve.limits.MAX_QUERY_CHARS`, more than
        :data:`tigris.serve.limits.MAX_CHANGED_CONTROLS` values, an unknown path (with
        the closest), a path given twice, or a value its control refuses; every
        problem at once.

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> sc = reference_scenario()
    >>> decode_state(sc, "?capital.abu-dhabi-sovereign.amount_usd=12.5")
    {'capital--abu-dhabi-sovereign--amount_5fusd': 12.5}
    """
    if not isinstance(query, str):
        raise InputError(Problem("url", f"expected text, got {type(query).__name__}"))
    if len(query) > MAX_QUERY_CHARS:
        msg = f"the query is {len(query):,} characters; at most {MAX_QUERY_CHARS:,}"
        raise InputError(Problem("url", msg))
    text = query[1:] if query.startswith("?") else query
    if not text:
        return {}
    parts = [p for p in re.split(r"[&;]", text) if p]
    if len(parts) > MAX_CHANGED_CONTROLS:
        msg = f"{len(parts)} values in the query; at most {MAX_CHANGED_CONTROLS}"
        raise InputError(Problem("url", msg))
    controls = controls_for(base, data_yaml=data_yaml)
    by_path = {c.path: c for c in controls}
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    seen: set[str] = set()
    twice: set[str] = set()
    unknown = 0
    for part in parts:
        raw_key, eq, raw_value = part.partition("=")
        key = urllib.parse.unquote_plus(raw_key, errors="replace")
        value = urllib.parse.unquote_plus(raw_value, errors="replace")
        c = by_path.get(key)
        if c is None:
            unknown += 1
            hint = (
                _url_hint(
                    base,
                    key,
                    value if eq else "",
                    controls,
                    check=unknown <= _HINT_CHECKS,
                    data_yaml=data_yaml,
                )
                if hints
                else ""
            )
            problems.append(Problem("url", f"unknown control {_shown_path(key)}{hint}"))
            continue
        if not eq:
            problems.append(Problem(_where(c), "expected path=value, got no '='"))
            continue
        if c.id in seen:
            if c.id not in twice:
                twice.add(c.id)
                msg = "given twice in the query; neither value is used (it stays at its default)"
                problems.append(Problem(_where(c), msg))
            continue
        seen.add(c.id)
        try:
            out[c.id] = _parsed(c, value)
        except InputError as exc:
            problems.extend(exc.problems)
    # neither of a path's two values is guessed: it stays at its default (user test
    # s46 #7: the first was solved and written back to the URL)
    out = {cid: v for cid, v in out.items() if cid not in twice}
    if kept is not None:
        kept.update(out)
    if problems:
        raise InputError(problems)
    return out
