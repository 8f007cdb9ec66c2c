"""Sweeps: many plans of one scenario, each with some inputs changed.

A sweep is a base scenario and a list of *members*, each a set of changes by dotted
path (``capital.fund.amount_usd = 1e10``). The members come from ``--set`` values,
crossed as a grid (every combination) or zipped (the i-th value of each), or from
``--samples N`` draws of the scenario's ``distributions``
(:func:`tigris.risk.distributions.sample_changes`). :func:`sweep` checks every path on
the base scenario first (a bad path is an :class:`~tigris.errors.InputError` and
nothing runs), registers the sweep in the store, runs the members through
:func:`tigris.runs.executor.make_executor` (in this process, a local Dask cluster, or a
scheduler given by address) and writes each member's run to the store **as it
finishes**, so that an interrupted sweep (Ctrl-C, ``kill -9``) keeps every finished
member whole. A member whose value the schema rejects, or whose solve fails, is
recorded with its error; it never aborts the sweep. ``docs/sweeps.md``.
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import json
import math
import numbers
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tigris.errors import InputError, utf8_shown
from tigris.jsonable import json_records
from tigris.runs.progress import Progress
from tigris.runs.worker import PLANNED_MEMBER, MemberOutcome, MemberTask, one_line, run_member

if TYPE_CHECKING:
    import pandas as pd

    from tigris.plan.result import PlanResult
    from tigris.scenario import Scenario

__all__ = [
    "MAX_MEMBERS",
    "SOLVE_OPTIONS",
    "SweepInterrupted",
    "SweepResult",
    "grid",
    "limit_sentence",
    "limit_words",
    "max_gap",
    "member_changes",
    "parse_set",
    "plain_whole",
    "sample_members",
    "scenario_file",
    "sweep",
]

#: Most members one sweep may have. A product of a few ``lo:hi:n`` ranges grows fast
#: (three ranges of 25 values are 15,625 plans); past this a sweep is more likely a
#: typo than a plan, and 10,000 members hold about 4 GB of memory and add about 0.5 GB
#: to the store (0.41 MB and 49 kB a member, tigris.cli.sweep's measured costs).
#: Split a larger study into several sweeps. A usability limit, not a model number.
MAX_MEMBERS = 10_000
#: Most members whose whole change sets are checked before a sweep runs (each takes a
#: scenario validation, ~0.06 s on the reference; every distinct value is checked
#: alone whatever the count) [-].
MAX_CHECKED_MEMBERS = 100

#: The keyword options a member's solve takes (:func:`tigris.plan.reuse.solve_member`,
#: the same as :func:`tigris.plan.solve` but ``explain_result``, always False here).
SOLVE_OPTIONS = (
    "time_limit_s",
    "mip_gap",
    "relax",
    "counterfactual",
    "objective",
    "min_served_share",
)

#: Steps of a ``lo:hi:n`` range whose value is this close to an integer are written as
#: one (numerical tolerance of the float division).
_INT_TOL = 1e-9

#: Shortest time between two store writes of a sweep [s]: members that finish within
#: it go in one transaction. A write's fixed cost (attach, check, one INSERT per table,
#: commit, and the checkpoint on detach) is ~55 ms of CPU on the reference machine, a
#: reference member's own ~10 ms, paid in the gathering process, which shares the
#: cores with the workers: batching several members divides the fixed cost among
#: them. Progress lines come at most this much later (:data:`WRITE_MAX_S` when writes
#: are costly); a member is still reported only once stored, so a ``kill -9`` loses
#: at most the members of the last interval. The sweep's end writes at once.
WRITE_EVERY_S = 0.5

#: Share of one core the store's writes may take [-]: after a write that took ``c``
#: seconds of CPU, the next comes ``c / STORE_CPU_SHARE`` later at the earliest
#: (within :data:`WRITE_EVERY_S` .. :data:`WRITE_MAX_S`), so that when members come
#: faster than the store writes them one by one (several workers, or a machine loaded
#: by other work), batches grow instead of the writes taking a core from the workers.
#: A reference member alone (~65 ms of CPU) waits ~1.3 s, four (~95 ms) ~1.9 s
#: (measured on the reference machine, 2026-12-02; a write's fixed cost is most of
#: it, so fewer, larger writes save CPU: at 0.1 a 16-member sweep on 2 workers took
#: 5-6 writes, on a loaded machine 13-16 of one or two members). A throughput
#: setting, not a model number.
STORE_CPU_SHARE = 0.05

#: Longest time between two store writes of a sweep [s] (progress and ``kill -9``
#: exposure stay bounded however costly the writes).
WRITE_MAX_S = 2.0
#: Longest wait, after a Ctrl-C, for the writer to store the members it holds before
#: the sweep says how many are stored [s] (a batch's write takes well under a second,
#: docs/sweeps.md "Where the results go").
SETTLE_S = 10.0

_RANGE = re.compile(r"^\s*([^:\[\]{},]+):([^:\[\]{},]+):([^:\[\]{},]+)$")


#: Characters of a refused ``sets`` shown in its message.
_MAX_SETS_SHOWN = 300


# --------------------------------------------------------------------------- parsing


def _split_values(text: str) -> list[str]:
    """``text`` split on the commas outside brackets and braces (YAML flow values such
    as ``[1, 2]`` or ``{2027: 1e9, 2028: 2e9}`` stay whole)."""
    out, depth, cur = [], 0, []
    for ch in text:
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


#: Two values with a colon between: a ``lo:hi:n`` range without its ``n``.
_HALF_RANGE = re.compile(r"^\s*([^:\[\]{},]+):([^:\[\]{},]+)$")


def _refuse_range_without_n(text: str, rest: str) -> None:
    """Refuse ``lo:hi`` of two numbers as a range missing its count, naming the
    ``lo:hi:n`` form (user test s49 new user #9: ``discount_rate=0.1:0.2`` was said to
    be "the text '0.1:0.2'", the range form unnamed)."""
    from tigris.scenario.edit import parse_value

    m = _HALF_RANGE.match(rest)
    if m is None:
        return
    ends = [parse_value(t.strip()) for t in m.groups()]
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in ends):
        lo, hi = (t.strip() for t in m.groups())
        msg = (
            f"'{text}': a range is lo:hi:n, n values from lo to hi (e.g. {lo}:{hi}:3); "
            "or give the values: PATH=V1,V2,..."
        )
        raise InputError(msg, field="--set")


def _linspace(lo_text: str, hi_text: str, n_text: str, spec: str) -> list[Any] | None:
    """The values of a ``lo:hi:n`` range, or None if ``lo``, ``hi`` and ``n`` are not
    numbers; an ``n`` that is a number but not a whole one >= 2 (``-2``, ``1.5``) is
    refused as ``0`` and ``1`` are (user test s45 #7: it was read as one text value)."""
    from tigris.scenario.edit import parse_value

    parsed = [parse_value(t.strip()) for t in (lo_text, hi_text, n_text)]
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in parsed)
    if not numeric:
        return None
    lo, hi, n = parsed
    if not isinstance(n, int) or n < 2 or not (math.isfinite(lo) and math.isfinite(hi)):
        msg = f"'{spec}': a range lo:hi:n needs finite lo and hi and n >= 2 values"
        raise InputError(msg, field="--set")
    step = (hi - lo) / (n - 1)
    whole = isinstance(lo, int) and isinstance(hi, int)
    if whole and abs(step - round(step)) < _INT_TOL:
        return [lo + i * round(step) for i in range(n - 1)] + [hi]
    # the steps inside rounded to 12 significant digits of the range's size, so that
    # 0.05:0.1:3 gives 0.075, not 0.07500000000000001 (user test s48 sweeps #5); the
    # ends as written (an integer stays one: s48 sweeps #4, "got 0.0")
    # to digits of the range's size, not of its ends (review of s48: 1e6:1e6+1e-5:3
    # rounded to 1e-6 gave two equal members)
    inner = [_tidy(lo + i * step, abs(hi - lo)) for i in range(1, n - 1)]
    values = _Range([lo if isinstance(lo, int) else float(lo), *inner])
    values.append(hi if isinstance(hi, int) else float(hi))
    if whole:  # a step that is not whole: an integer field refuses the values inside
        values.spec = f"{lo_text.strip()}:{hi_text.strip()}:{n_text.strip()}"
        values.step = f"{hi - lo}/{n - 1}"
    return values


#: Significant digits a ``lo:hi:n`` range's values keep, of the range's size [-].
_RANGE_DIGITS = 12


def _tidy(value: float, scale: float) -> float:
    """``value`` rounded to :data:`_RANGE_DIGITS` significant digits of ``scale``
    (the float noise of ``lo + i * step`` dropped).

    >>> _tidy(0.07500000000000001, 0.1), _tidy(0.060000000000000005, 0.1)
    (0.075, 0.06)
    """
    if scale == 0 or not math.isfinite(value):
        return float(value)
    digits = _RANGE_DIGITS - 1 - math.floor(math.log10(scale))
    return float(round(value, digits))


class _Range(list):  # type: ignore[type-arg]
    """The values of a ``lo:hi:n`` range of whole ends and a step that is not whole:
    ``spec`` (as typed) and ``step`` (``5/3``) name it when an integer field refuses
    a value inside (user test s48 sweeps #4)."""

    spec: str | None = None
    step: str | None = None


def parse_set(text: str, *, ranges: bool = True) -> tuple[str, list[Any]]:
    """Read one ``--set``: ``PATH=V1,V2,...`` or ``PATH=lo:hi:n`` (n evenly spaced
    values from lo to hi, both included).

    Each value is read by :func:`tigris.scenario.edit.parse_value` (int, float, YAML
    scalar, YAML flow); commas inside ``[...]`` or ``{...}`` do not split.

    Parameters
    ----------
    text : str
        The argument of ``--set``.
    ranges : bool, optional
        Whether ranges are taken (``tigris sweep``); False for ``tigris plan``, which
        takes one value: ``lo:hi`` of two numbers is then not refused as a range
        without its ``n``.

    Returns
    -------
    path : str
        The dotted path (checked on the scenario later, by :func:`sweep`).
    values : list
        The values, in the order given.

    Raises
    ------
    InputError
        Field ``--set``: no ``=``, an empty path or value, or a bad range.

    Examples
    --------
    >>> parse_set("capital.fund.amount_usd=1e10,2e10")
    ('capital.fund.amount_usd', [10000000000.0, 20000000000.0])
    >>> parse_set("sites.japan.max_modules=0:4:5")
    ('sites.japan.max_modules', [0, 1, 2, 3, 4])
    >>> parse_set("discount_rate=0.05:0.1:3")
    ('discount_rate', [0.05, 0.075, 0.1])
    >>> parse_set("demand.0.h100e_by_year={2026: 1e6, 2029: 2e6},{2026: 2e6}")
    ('demand.0.h100e_by_year', [{2026: 1000000.0, 2029: 2000000.0}, {2026: 2000000.0}])
    """
    path, sep, rest = text.partition("=")
    path = path.strip()
    if not sep or not path:
        msg = f"'{text}': expected PATH=V1,V2,... or PATH=lo:hi:n (e.g. discount_rate=0.06,0.08)"
        raise InputError(msg, field="--set")
    if not rest.strip():
        msg = f"'{text}': no value after '='; expected PATH=V1,V2,... or PATH=lo:hi:n"
        raise InputError(msg, field="--set")
    m = _RANGE.match(rest)
    if m is not None:
        values = _linspace(*m.groups(), spec=text)
        if values is not None:
            return path, values
    if ranges:  # tigris plan takes one value: its own words for two
        _refuse_range_without_n(text, rest)
    parts = _split_values(rest)
    if any(not p.strip() for p in parts):
        msg = f"'{text}': an empty value between commas; expected PATH=V1,V2,..."
        raise InputError(msg, field="--set")
    return path, [read_value(path, p.strip()) for p in parts]


#: A number YAML reads that tigris does not: hexadecimal, octal, ``1_000``.
_NOT_DECIMAL = re.compile(
    r"^[-+]?(0x[0-9a-fA-F_]+|0o[0-7_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?)$"
)
#: YAML's infinities and NaN (``.inf``, ``-.Inf``, ``.nan``).
_NOT_FINITE = re.compile(r"^[-+]?\.(inf|nan)$", re.IGNORECASE)


def read_value(path: str, typed: str) -> Any:
    """One ``--set`` value as :func:`tigris.scenario.edit.parse_value` reads it, with
    what it cannot be refused in one line naming ``PATH=VALUE`` as typed (user test
    s45 #2: a bad flow value named ``<text>:1`` and neither ``--set`` nor the path; an
    unquoted ``0x10`` or ``.nan`` was said to be quoted; ``1e400`` was echoed
    ``Infinity``).

    Parameters
    ----------
    path : str
        The dotted path the value is set at (for the message only).
    typed : str
        The value as typed after ``=``, YAML on one line.

    Returns
    -------
    Any
        The value read: a number, text, bool, None, list or mapping.

    Raises
    ------
    InputError
        Field ``--set``: a flow collection that is not valid YAML; a number beyond the
        largest float or written as ``.inf``/``.nan`` (not finite); hexadecimal,
        octal or ``1_000`` (not a decimal number; quoted, it is text).

    Examples
    --------
    >>> read_value("discount_rate", "0.1"), read_value("sites.uae.name", "uae")
    (0.1, 'uae')
    >>> read_value("discount_rate", "1e400")
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: --set: discount_rate=1e400: not a finite number ...
    """
    from tigris.scenario.edit import parse_value, shown_text

    # as typed, but cut: a 1,000-digit value was echoed whole (user test s47 #10)
    head = f"{shown_text(path)}={shown_text(typed)}"
    try:
        value = parse_value(typed)
    except InputError as exc:
        why = "; ".join(p.message for p in exc.problems)
        msg = (
            f"{head}: not a value tigris can read ({why}); expected a number, text, a "
            "[list] or a {mapping} written as YAML on one line"
        )
        raise InputError(msg, field="--set") from None
    finite = isinstance(value, float) and math.isfinite(value)
    if (isinstance(value, float) and not finite) or _NOT_FINITE.match(typed):
        beyond = "" if _NOT_FINITE.match(typed) else " (beyond the largest, about 1.8e308)"
        msg = f"{head}: not a finite number{beyond}; expected a finite number such as 0.5 or 1e9"
        raise InputError(msg, field="--set")
    if isinstance(value, str) and _NOT_DECIMAL.match(typed) and typed[:1] not in "\"'":
        msg = (
            f"{head}: not a decimal number (tigris reads numbers such as 16, 0.5 or "
            "1e9; not hexadecimal, octal or digits grouped with _); quote it to mean text"
        )
        raise InputError(msg, field="--set")
    return value


def _count(sets: Sequence[tuple[str, Sequence[Any]]], zip_: bool) -> int:
    """How many members ``grid(sets, zip_=zip_)`` makes, without making them."""
    if not sets:
        return 1
    lengths = [len(v) for _, v in sets]
    return lengths[0] if zip_ else math.prod(lengths)


def grid(sets: Sequence[tuple[str, Sequence[Any]]], *, zip_: bool = False) -> list[dict[str, Any]]:
    """The members of a sweep: every combination of the values (the first path varies
    slowest), or with ``zip_`` the i-th value of every path together.

    Parameters
    ----------
    sets : sequence of (path, values)
        As :func:`parse_set` returns them.
    zip_ : bool, optional
        Zip instead of crossing; every path must then have as many values.

    Returns
    -------
    list of dict
        One dict path -> value per member; ``[{}]`` (the base alone) for no sets.

    Raises
    ------
    InputError
        A path given twice or with no values (field ``--set``), lists of different
        lengths with ``zip_`` (field ``--zip``), or more than :data:`MAX_MEMBERS`
        members.

    Examples
    --------
    >>> grid([("a", [1, 2]), ("b", ["x", "y"])])
    [{'a': 1, 'b': 'x'}, {'a': 1, 'b': 'y'}, {'a': 2, 'b': 'x'}, {'a': 2, 'b': 'y'}]
    >>> grid([("a", [1, 2]), ("b", ["x", "y"])], zip_=True)
    [{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'y'}]
    """
    from tigris.runs.store import flag, on_command_line

    seen: set[str] = set()
    for path, values in sets:
        if path in seen:
            msg = f"'{path}' is given twice; give all its values in one --set PATH=V1,V2,..."
            raise InputError(msg, field=flag("--set"))
        seen.add(path)
        if len(values) == 0:
            msg = f"'{path}' has no values"
            raise InputError(msg, field=flag("--set"))
    if zip_ and len({len(v) for _, v in sets}) > 1:
        counts = ", ".join(f"{p} {len(v)}" for p, v in sets)
        every = "every --set" if on_command_line() else "every path of sets"
        msg = f"{every} needs as many values to zip them; got {counts}"
        raise InputError(msg, field=flag("--zip"))
    check_size(_count(sets, zip_), "--set")
    paths = [p for p, _ in sets]
    rows = (
        zip(*(v for _, v in sets), strict=True)
        if zip_
        else itertools.product(*(v for _, v in sets))
    )
    return [dict(zip(paths, row, strict=True)) for row in rows] if sets else [{}]


def check_size(n: int, flag: str) -> None:
    """:class:`InputError` (field ``flag``, its Python keyword outside a ``tigris``
    command: :func:`tigris.runs.store.flag`) unless 1 <= ``n`` <= :data:`MAX_MEMBERS`.

    Parameters
    ----------
    n : int
        The number of members.
    flag : str
        The command-line flag the count comes from (``--set``, ``--samples``).
    """
    from tigris.runs.store import flag as named

    flag = named(flag)
    if n > MAX_MEMBERS:
        msg = (
            f"{n:,} members is more than a sweep may have ({MAX_MEMBERS:,}, "
            "tigris.runs.sweep.MAX_MEMBERS); use fewer values or split the sweep"
        )
        raise InputError(msg, field=flag)
    if n < 1:
        raise InputError("a sweep needs at least one member", field=flag)


def member_changes(
    sets: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]] | None, *, zip_: bool = False
) -> list[dict[str, Any]]:
    """The members of :func:`sweep`'s ``sets``: a mapping path -> values is a grid
    (:func:`grid`), a sequence of mappings is the members themselves.

    The values of a path may be any sequence or array (``np.linspace(0.06, 0.1, 5)``,
    a pandas Series, a ``range``); numpy and pandas numbers are taken as the Python
    numbers they hold (:func:`_plain`), so that the members store and print as given.

    Parameters
    ----------
    sets : mapping of str to sequence, or sequence of mapping, or None
        Path -> values (a grid), or the members' changes themselves (path -> value each);
        None for one member with no change.
    zip_ : bool, optional
        With a mapping, pair the i-th values of every path instead of taking every
        combination.

    Returns
    -------
    list of dict
        Each member's changes, path -> value (numpy and pandas numbers as Python's), in
        member order; ``[{}]`` for ``sets=None``.

    Examples
    --------
    >>> member_changes({"a": [1, 2]})
    [{'a': 1}, {'a': 2}]
    >>> member_changes([{"a": 1, "b": 2}, {"a": 3}])
    [{'a': 1, 'b': 2}, {'a': 3}]
    >>> import numpy as np
    >>> member_changes({"a": np.array([1, 2])})
    [{'a': 1}, {'a': 2}]
    """
    from tigris.runs.store import flag

    if sets is None:
        return [{}]
    if isinstance(sets, Mapping):
        items = []
        for path, values in sets.items():
            if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
                msg = f"'{path}': expected a list of values, got {values!r}"
                raise InputError(msg, field=flag("--set"))
            items.append((str(path), _values(values)))
        return grid(items, zip_=zip_)
    members = [{str(k): _plain(v) for k, v in dict(m).items()} for m in sets]
    check_size(len(members), "--set")
    return members


def _plain(value: Any) -> Any:
    """A numpy or pandas value as the Python value it holds (``np.int64(3)`` -> 3, an
    array -> a list): JSON would store ``np.int64(3)`` as the text ``"3"`` (UT: a
    notebook's ``np.linspace`` of values was refused as "expected a list")."""
    tolist = getattr(value, "tolist", None)
    if callable(tolist) and not isinstance(value, str | bytes):
        return tolist()
    return value


def _values(values: Iterable[Any]) -> list[Any]:
    """The values of one path of a grid as a list of plain values (:func:`_plain`)."""
    plain = _plain(values)
    return [_plain(v) for v in (plain if isinstance(plain, list) else list(plain))]


# ------------------------------------------------------------------------ validation
def _check_paths(base: Scenario, members: Sequence[Mapping[str, Any]]) -> None:
    """:class:`InputError` (field ``--set``) for a path that does not exist on ``base``.

    A path holding nothing yet (a new year key) is accepted when one of its values can
    be set; the values themselves are checked by :func:`_check_values`.
    """
    from tigris.runs.store import flag
    from tigris.scenario.edit import get_path, set_paths

    values: dict[str, list[Any]] = {}
    for m in members:
        for path, value in m.items():
            values.setdefault(path, []).append(value)
    for path, vals in values.items():
        from tigris.risk.cells import check_cell, is_cell

        try:
            if is_cell(path):  # a data-table cell: its table, row and column exist
                check_cell(path)
                continue
            get_path(base, path)
            continue
        except InputError as exc:
            first = exc
        set_error: InputError | None = None
        for v in vals:
            try:
                set_paths(base, {path: v})
                break
            except InputError as exc:
                set_error = exc
        else:
            # a new key of an existing mapping (a year of a year map): why it cannot be
            # set ("year 2030 is outside the horizon"), not that it is not there yet
            # (user test 2026-12-05 scenarios #6)
            new_key = set_error is not None and _is_new_key(base, path)
            # the set's own error only where it is about the path (its value, or a
            # segment of it): "distributions.capital.dist: required field is missing"
            # for a distribution written with dots is not (its bracket hint is)
            own = set_error is not None and all(
                path == p.field or path.startswith(p.field + ".") for p in set_error.problems
            )
            why = set_error if new_key and own and set_error is not None else first
            msg = "; ".join(str(p) for p in why.problems)
            raise InputError(msg, field=flag("--set")) from None


def _is_new_key(base: Scenario, path: str) -> bool:
    """Whether ``path`` names keys not yet in a mapping that ``base`` has: its longest
    part that ``base`` has is a mapping (``prices`` for ``prices.wafer.N3.2026`` on a
    scenario without prices, user test 2026-12-06 money #4)."""
    from tigris.scenario.edit import _join, _split, baseline_series, get_path, series_basis

    try:  # a malformed path ("sites..max_modules") is no key: its error names --set
        segments = _split(path)
    except InputError:
        return False
    for end in range(len(segments) - 1, 0, -1):
        try:
            value = get_path(base, _join(segments[:end]))
        except InputError:
            continue
        # a null supply map beside a baseline starts from its series (review of
        # 2026-12-07: "set the whole of it first" for a year outside the horizon)
        fills = value is None and baseline_series(series_basis(base), segments[:end])
        return isinstance(value, dict) or bool(fills)
    return False


def _check_one(base: Scenario, changes: Mapping[str, Any], data_yaml: str | None) -> None:
    """Build the scenario (and data overlay) of ``changes`` as a worker would
    (:func:`tigris.runs.worker.run_member`); :class:`InputError` if it is refused."""
    from tigris.risk.cells import member_overlay, split_changes
    from tigris.scenario.edit import set_paths

    edits, cells = split_changes(dict(changes))
    if cells:
        member_overlay(cells, data_yaml)
    if edits:
        set_paths(base, edits)


def _check_values(
    base: Scenario,
    members: Sequence[Mapping[str, Any]],
    data_yaml: str | None,
    typed: Mapping[str, str] | None = None,
    ranges: Mapping[str, Any] | None = None,
) -> None:
    """:class:`InputError` (field ``--set``, one line naming the value) for a ``--set``
    value the scenario's schema or a data column refuses, before anything runs or is
    stored (user test 2026-12-03, #9).

    Each distinct ``path=value`` is applied alone to ``base`` first (the line names
    it); then, for up to :data:`MAX_CHECKED_MEMBERS` members, each member's whole
    change set, so that values refused only together (a cross-field rule) are caught
    too. Larger grids leave such a combination to the member (its error is stored).
    A horizon the values make run backwards is checked before either, on each member's
    values together, and is then the only line
    (:func:`tigris.scenario.checks_horizon.set_horizon_backwards`, UT-SWF #11).
    ``typed`` (path -> the value as typed, ``tigris plan --set``'s one value a path)
    is what the line echoes (``1e9``, not ``1000000000``; user test s45 #2); given, the
    values are a plan's, not a sweep's: values refused together are named as such, not
    as "member 0" (user test s49 #5).
    ``ranges`` (path -> its values as :func:`parse_set` gave them): a value inside a
    ``lo:hi:n`` range of whole ends that is not whole is refused naming the range and
    its step (``0:5:4``: the step 5/3 is not whole; user test s48 sweeps #4).
    """
    from tigris.runs.store import flag
    from tigris.scenario.checks_horizon import set_horizon_backwards

    for m in members:
        backwards = set_horizon_backwards(base.horizon, m)
        if backwards is not None:
            raise InputError(backwards, flag("--set"))
    for path, value in _distinct_edits(members):
        try:
            _check_one(base, {path: value}, data_yaml)
        except InputError as exc:
            together = _with_the_rest(base, members, path, value, data_yaml)
            if together is True:
                continue  # refused alone, taken with the values set beside it
            shown = (typed or {}).get(path) or _shown(value)
            why = _refused(f"{path}={shown}", exc, path)
            if isinstance(together, tuple) and str(together[1]) != str(exc):
                # what the values beside it leave refused, not the advice they already
                # followed (user test s48 plan #4: 'capital=[]' said to remove the
                # distribution in the same change when it was, not that a disruption
                # still names the capital source)
                m, left = together
                where = ", ".join(f"{k}={(typed or {}).get(k) or _shown(v)}" for k, v in m.items())
                why = _refused(f"{where} together", left, None)
            spec = getattr((ranges or {}).get(path), "spec", None)
            if spec is not None and isinstance(value, float) and not value.is_integer():
                step = getattr(ranges[path], "step", "")  # type: ignore[index]
                said = _refused(path, exc, path).removeprefix(path + ": ")
                why = (
                    f"{path}={spec}: the range's step {step} is not whole, and the field "
                    f"takes whole numbers ({said}); choose n so that n - 1 divides hi - lo, "
                    "or list the values"
                )
            if typed and path in typed and isinstance(value, float):
                why = why.replace(f"got {value!r}", f"got {typed[path]}")
            raise InputError(why, flag("--set")) from None
    if len(members) <= MAX_CHECKED_MEMBERS:
        for i, m in enumerate(members):
            if len(m) < 2:
                continue  # checked above
            try:
                _check_one(base, m, data_yaml)
            except InputError as exc:
                where = ", ".join(f"{k}={(typed or {}).get(k) or _shown(v)}" for k, v in m.items())
                # a plan's values are no member of anything (user test s49 #5)
                what = f"{where} together" if typed is not None else f"member {i} ({where})"
                raise InputError(_refused(what, exc, None), flag("--set")) from None


def _with_the_rest(
    base: Scenario,
    members: Sequence[Mapping[str, Any]],
    path: str,
    value: Any,
    data_yaml: str | None,
) -> bool | tuple[Mapping[str, Any], InputError]:
    """Whether every member that sets ``path`` to ``value`` is valid with all its
    values together (at most :data:`MAX_CHECKED_MEMBERS` members): an edit refused
    alone that its companions make valid, as ``--set capital=[]`` with
    ``--set distributions={}`` and ``--set correlations=[]`` (the distributions named
    the capital; user test 2026-12-05, owners #4, where each was refused alone).

    Returns
    -------
    bool or tuple of (mapping, InputError)
        True when every such member is valid; the first refused member and its error
        (what its values together leave refused); False when no member sets ``path``
        beside other values, or there are too many members to check.
    """
    if len(members) > MAX_CHECKED_MEMBERS:
        return False
    holders = [m for m in members if path in m and len(m) > 1 and _same_value(m[path], value)]
    if not holders:
        return False
    for m in holders:
        try:
            _check_one(base, m, data_yaml)
        except InputError as exc:
            return m, exc
    return True


def _same_value(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # arrays compare element-wise
        return a is b


def set_warning_lines(base: Scenario, members: Sequence[Mapping[str, Any]]) -> list[str]:
    """The warnings the ``--set`` values of a sweep bring to ``base``, each once: what
    ``tigris plan --set`` warns of for the same value
    (:func:`tigris.scenario.checks_subsidy.set_warning_lines`, UT-POLICY #2: a site's
    subsidy where only data centres may be built), so a grid warns as a plan does.

    Each distinct ``path=value`` is applied alone to ``base``; a warning is written
    once per path, naming every value that brings it (``--set:
    sites.texas-usa.subsidy_share_of_capex=0.5,0.9: sites.texas-usa.subsidy_share_of_capex:
    changes nothing at texas-usa: ...``; plan's line for one value). Then, for up to
    :data:`MAX_CHECKED_MEMBERS` members of two or more changes, each member's whole
    change set, for a warning only the values together bring (named with the
    member's changes, said once). A data-table cell that reaches no module, because
    the scenario's facility restates it
    (:func:`tigris.scenario.checks_cells.cell_warning_lines`, user test s49 #1:
    ``data.datacenter_types.datacenter-gas.capex_usd_per_mw`` on the reference), is
    said once per path with all its values, as plan says it for one; a cell that reaches
    none only with a member's own scenario edits (a site given its own share beside the
    data cell of it) is said once, with those edits, from the first such member.

    Parameters
    ----------
    base : Scenario
        The sweep's base scenario.
    members : sequence of mapping
        Each member's changes, dotted path -> value (:func:`member_changes`).

    Returns
    -------
    list of str
        One line per warning, without the ``warning: `` prefix, in the members' order.
    """
    from tigris.risk.cells import is_cell, split_changes
    from tigris.scenario.checks_cells import cell_warning_lines
    from tigris.scenario.checks_subsidy import set_warning_lines as lines_of
    from tigris.scenario.edit import set_paths

    def new(changes: Mapping[str, Any]) -> list[tuple[str, str]]:
        edits = split_changes(dict(changes))[0]
        if not edits:
            return []
        given = ", ".join(f"{path}={value}" for path, value in edits.items())
        head = f"--set: {given}: "
        try:
            edited = set_paths(base, edits)
        except InputError:  # valid only with the rest of its member (_with_the_rest)
            return []
        return [(ln, ln.removeprefix(head)) for ln in lines_of(base, edited, edits)]

    # a warning of one path is said once, with every value that brings it
    singles: dict[tuple[str, str], list[str]] = {}
    for path, value in _distinct_edits(members):
        for _, what in new({path: value}):
            singles.setdefault((path, what), []).append(str(value))
    out = [f"--set: {path}={','.join(vs)}: {what}" for (path, what), vs in singles.items()]
    said = {what for _, what in singles}
    cells: dict[str, list[Any]] = {}
    for path, value in _distinct_edits(members):
        if is_cell(path):
            cells.setdefault(path, []).append(value)
    out.extend(cell_warning_lines(base, cells))
    if len(members) > MAX_CHECKED_MEMBERS:
        return out
    # a cell the member's own scenario edits make reach nothing (a site given its own
    # subsidy share, and the data cell of that share swept: every member planned the
    # same, with no word; a review of 2026-12-07): checked on each member's scenario
    warned = {line.split("=", 1)[0].removeprefix("--set: ") for line in out}
    for m in members:
        edits = {p: v for p, v in m.items() if not is_cell(p)}
        mine = {p: v for p, v in m.items() if is_cell(p) and p not in warned}
        if not edits or not mine:
            continue
        try:
            edited = set_paths(base, edits)
        except InputError:
            continue
        for line in cell_warning_lines(edited, mine):
            path = line.split("=", 1)[0].removeprefix("--set: ")
            if path not in warned:
                warned.add(path)
                given = ", ".join(f"{p}={_shown(v)}" for p, v in edits.items())
                out.append(f"{line} (with {given})")
    for m in members:
        if len(m) < 2:
            continue
        for line, what in new(m):
            if what not in said:
                said.add(what)
                out.append(line)
    return out


def _distinct_edits(members: Sequence[Mapping[str, Any]]) -> Iterator[tuple[str, Any]]:
    """Each ``(path, value)`` of the members once, in first-seen order (values compared
    as JSON, so ``0.5`` in two members is one edit)."""
    seen: set[tuple[str, str]] = set()
    for m in members:
        for path, value in m.items():
            key = (path, json.dumps(value, sort_keys=True, default=str))
            if key not in seen:
                seen.add(key)
                yield path, value


def _shown(value: Any) -> str:
    """A ``--set`` value as the user wrote it: text unquoted unless it reads as a
    number (``"0.1"`` was written quoted, and shown bare it read as the number that was
    refused), a float without a trailing ``.0`` (``-5e9`` as ``-5000000000``, not
    ``-5000000000.0``; user test 2026-12-05).

    >>> _shown("gas"), _shown("0.1"), _shown(-5e9), _shown(0.25), _shown([1, 2])
    ('gas', '"0.1"', '-5000000000', '0.25', '[1, 2]')
    """
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return value
        return json.dumps(value)
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:.15g}"
    return json.dumps(value, default=str)


def _refused(what: str, exc: InputError, path: str | None) -> str:
    """``what: why`` in one line (the problem's field dropped when it is ``path``)."""
    why = "; ".join(p.message if p.field == path else str(p) for p in exc.problems)
    return f"{what}: {why}"


def _check_options(options: Mapping[str, Any], caller: str = "sweep") -> dict[str, Any]:
    """The solve options without the unset ones; :class:`TypeError` for an unknown one,
    naming the function called (``caller``: ``tigris.risk`` passes its options on)."""
    from tigris.plan.solve import check_objective

    unknown = sorted(set(options) - set(SOLVE_OPTIONS))
    if unknown:
        msg = f"{caller}() got unknown options {unknown}; known: {', '.join(SOLVE_OPTIONS)}"
        raise TypeError(msg)
    out = {k: v for k, v in options.items() if v is not None}
    out.setdefault("counterfactual", True)
    # the same checks as tigris.plan's, naming the option (before anything runs)
    from tigris.plan.api import _check

    _check(
        store=True,
        explain=False,
        **{k: out.get(k, False) for k in ("counterfactual", "relax")},
        **{k: out.get(k) for k in ("time_limit_s", "mip_gap", "objective", "min_served_share")},
    )
    check_objective(out.get("objective"), out.get("min_served_share"))
    return out


def scenario_file(scenario: Any) -> str | None:
    """The file a scenario argument names, as an absolute path; None for anything else
    (the reference, a Scenario, YAML text), as :func:`tigris.scenario.edit.load_any`
    tells a file from text.

    Parameters
    ----------
    scenario : Any
        A scenario argument of :func:`sweep`: a path, a file name, YAML text, a Scenario
        or None (the reference).

    Returns
    -------
    str or None
        The absolute path, ``~`` expanded and links resolved, or None. A byte of the
        name that is no UTF-8 (``0xff``) is shown as ``\\xff``
        (:func:`tigris.errors.utf8_shown`): the store keeps the name as UTF-8 text.

    Examples
    --------
    >>> scenario_file(None), scenario_file("name: x\\nhorizon: [2026, 2027]\\n")
    (None, None)
    """
    if str(scenario) == "-":  # standard input: no file to name
        return None
    if isinstance(scenario, Path) or (
        isinstance(scenario, str) and "\n" not in scenario and Path(scenario).expanduser().is_file()
    ):
        return utf8_shown(str(Path(scenario).expanduser().resolve()))
    return None


def _scenario(scenario: Scenario | str | Path | None) -> Scenario:
    """The base scenario: the reference for None, else a Scenario, a file or YAML text."""
    from tigris.scenario import Scenario, reference_scenario

    if scenario is None:
        return reference_scenario()
    if isinstance(scenario, Scenario):
        return scenario
    from tigris.scenario.edit import load_any

    return load_any(scenario)


# ------------------------------------------------------------------------ the result
@dataclass
class SweepResult:
    """What a sweep made.

    Parameters
    ----------
    sweep_id : str or None
        The sweep's id in the store; None when not stored.
    store : Path or None
        The store file; None when not stored.
    members : pandas.DataFrame
        One row per member, by ``index``: ``changes`` (JSON text, as the store and
        ``tigris sweep --json`` keep it; :attr:`changes` has it parsed), ``status`` (the plan's,
        or ``error``), ``mip_gap`` (HiGHS's relative gap of the plan [-], NaN without
        one), ``time_limit_s`` (the member's solver time limit [s]), ``error`` (one
        line), ``run_id`` (in the store), ``seconds`` (on its worker) [s], then the
        :data:`tigris.runs.metrics.METRICS` columns (the plan's headline numbers; NaN
        without a plan) and the :data:`tigris.runs.metrics.FLAGS`.
    results : dict of int to PlanResult
        The plans by member index, kept only with ``keep_results=True``.
    status : str
        ``done`` or ``interrupted``.
    series : dict of int to dict
        With ``series=True``: each usable plan's risk outputs by member index
        (:func:`tigris.risk.montecarlo.member_outputs`, computed on the worker).
    changes : dict of int to dict
        Each member's changes by member index, path -> value, as given to the sweep
        (a year map's keys stay numbers): ``res.changes[1]`` is
        ``{"capital.fund.amount_usd": 3e10}``, where ``members["changes"]`` holds the
        same as JSON text. Read from that column when not given.
    warnings : dict of int to list of str
        What ``tigris plan`` would warn of after solving each member (a subsidy
        programme's total passed, ...), by member index; members without any are left
        out, and so are members a resumed sweep found already stored (said when they
        were solved).
    """

    sweep_id: str | None
    store: Path | None
    members: pd.DataFrame
    results: dict[int, PlanResult] = field(default_factory=dict)
    status: str = "done"
    series: dict[int, dict[str, dict[str, float]]] = field(default_factory=dict)
    changes: dict[int, dict[str, Any]] = field(default_factory=dict)
    warnings: dict[int, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.changes and {"index", "changes"} <= set(self.members.columns):
            self.changes = {
                int(i): json.loads(text) if isinstance(text, str) else dict(text)
                for i, text in zip(self.members["index"], self.members["changes"], strict=True)
            }

    @property
    def failed(self) -> pd.DataFrame:
        """The members with no plan or an unusable one (``error``, not optimal/time_limit,
        or stopped at the time limit before any solution: an ``error`` then)."""
        ok = self.members["status"].isin(list(PLAN_STATUSES)) & self.members["error"].isna()
        return self.members[~ok]

    @property
    def stopped(self) -> pd.DataFrame:
        """The members whose plan stopped at a solver limit (:data:`STOPPED_STATUSES`):
        a feasible plan, not proven optimal; its numbers are not the optimum's
        (``docs/sweeps.md``, "Plans stopped at the time limit")."""
        m = self.members
        return m[m["status"].isin(list(STOPPED_STATUSES)) & m["error"].isna()]

    def stopped_sentence(self) -> str | None:
        """:func:`limit_sentence` of :attr:`stopped` (None when every plan is optimal).

        Returns
        -------
        str or None
            One sentence naming the members stopped at a solver limit, or None.
        """
        return limit_sentence(self.stopped, len(self.members))

    def frame(self, table: str) -> pd.DataFrame:
        """One result table of every member, concatenated, with each member's run id
        and changed inputs as columns (user test UT-HYPER #9).

        Read from the store (:meth:`tigris.runs.store.RunStore.table`) when the sweep
        was stored, else from the plans kept with ``keep_results=True`` (``run_id``
        None then).

        Parameters
        ----------
        table : str
            A table a plan has and the store keeps
            (:func:`tigris.runs.store.stored_tables`): ``demand``, ``capacity``,
            ``builds``, ``cash_flows``, ``power``, ... (docs/plan-result.md).

        Returns
        -------
        pandas.DataFrame
            ``run_id``, ``member``, one column per changed path (the member's value),
            then the table's columns (:func:`tigris.runs.store.member_tables`). A
            member without a plan (:attr:`failed`) has no rows (an infeasible one's
            rows of NaN served are left out: a sum by member would read 0, UT-API #6).

        Raises
        ------
        InputError
            ``table``: not a stored table (the known ones listed), or a sweep neither
            stored nor kept (``store=False`` without ``keep_results=True``).

        Examples
        --------
        >>> sw.frame("demand").groupby(["member", "year"])["unmet_h100e"].sum()  # doctest: +SKIP
        """
        from tigris.runs.store import RunStore, _check_table, member_tables

        _check_table(table)
        if self.sweep_id is not None and self.store is not None:
            return self._with_plans(RunStore(self.store).table(table, sweep_id=self.sweep_id))
        if not self.results:
            msg = (
                "this sweep was neither stored nor kept (store=False without "
                "keep_results=True): no tables to read"
            )
            raise InputError(msg, field="table")
        parts = []
        for index, changes in zip(self.members["index"], self.members["changes"], strict=True):
            result = self.results.get(int(index))
            df = None
            if result is not None:
                df = dict(RunStore._result_frames(result)).get(table)
            # the changes as the store keeps them (JSON: a year map's keys as text)
            parts.append((None, int(index), json.loads(changes), df))
        return self._with_plans(member_tables(parts, table))

    def _with_plans(self, df: pd.DataFrame) -> pd.DataFrame:
        """``df`` without the rows of the members that have no plan."""
        if "member" not in df.columns or not len(df):
            return df
        no_plan = [int(i) for i in self.failed["index"]]
        return df[~df["member"].isin(no_plan)].reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``sweep_id``, ``store``, ``status``, the members as records and
        ``stopped``: ``{"members": [index, ...], "max_gap", "note"}`` of the members
        whose plan stopped at a limit (:attr:`stopped`; ``members`` empty, ``max_gap``
        and ``note`` None when every plan is optimal), and ``warnings``: one
        ``{"member": index, "warning": text}`` per line of :attr:`warnings` (what was
        written to standard error, for a machine reading only the JSON).

        Returns
        -------
        dict
            The keys above; ``store`` as text (None when not stored).
        """
        return {
            "sweep_id": self.sweep_id,
            "store": str(self.store) if self.store is not None else None,
            "status": self.status,
            "members": json_records(self.members),
            "stopped": stopped_dict(self.stopped, len(self.members), "index"),
            "warnings": [
                {"member": int(i), "warning": line}
                for i in sorted(self.warnings)
                for line in self.warnings[i]
            ],
        }


#: The kinds a sweep's members are stored as (:func:`sweep`'s ``kind``): ``risk`` for
#: the Monte Carlo of ``tigris risk`` (:data:`tigris.runs.store.RUN_KINDS`).
SWEEP_KINDS = ("sweep", "risk")


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped a sweep: how far it got, for the one line the CLI prints.

    A :class:`KeyboardInterrupt`, so that code catching that still stops.

    Parameters
    ----------
    finished : int
        Members finished (stored, when the sweep is stored).
    total : int
        Members of the sweep.
    sweep_id : str or None
        The sweep's id in the store; None when not stored.
    store : Path or None
        The store file; None when not stored.
    planned : bool or None, optional
        Whether the plan as planned (:data:`~tigris.runs.worker.PLANNED_MEMBER`, not
        counted in ``finished`` and ``total``) finished; None when the sweep has none.
    resumable : bool, optional
        Whether the same sweep run again continues this one (:func:`resumable_sweep`):
        the line then says so.
    """

    def __init__(
        self,
        finished: int,
        total: int,
        sweep_id: str | None,
        store: Path | None,
        planned: bool | None = None,
        resumable: bool = False,
    ):
        self.finished, self.total, self.sweep_id, self.store = finished, total, sweep_id, store
        self.planned = planned
        #: Whether running the same sweep again continues this one (:func:`sweep`).
        self.resumable = resumable
        super().__init__(self.message())

    def message(self) -> str:
        """``stopped: 2 of 40 members stored in sweep ID (STORE)`` (or ``finished, not
        stored`` without a store; ``stopped before any of the 40 members finished;
        nothing stored`` when the empty sweep was removed); with a plan as planned,
        whether it is stored (finished) too.

        Returns
        -------
        str
            The line, without a trailing newline.
        """
        from tigris.runs.interrupts import terminated

        # "stopped" is a Ctrl-C's (the user's); a SIGTERM (a timeout, a scheduler) says
        # so, as a plan's stop line does (fuzz test, s57)
        stopped = "stopped by SIGTERM" if terminated() else "stopped"
        if self.sweep_id is None and self.store is not None and not self.finished:
            return f"{stopped} before any of the {self.total} members finished; nothing stored"
        if self.sweep_id is None:
            line = f"{stopped}: {self.finished} of {self.total} members finished, not stored"
        else:
            line = (
                f"{stopped}: {self.finished} of {self.total} members stored in sweep "
                f"{self.sweep_id} ({self.store}; tigris runs list --sweep {self.sweep_id})"
            )
        if self.resumable and self.sweep_id is not None and self.finished < self.total:
            # how to finish it (user test s48 sweeps #2)
            line += "; the same command again solves the other members into it"
        if self.planned is None:
            return line
        kept = "stored" if self.sweep_id is not None else "finished"
        return f"{line}; the plan as planned {kept if self.planned else 'not finished'}"


def metric_keys() -> list[str]:
    """The headline keys :data:`tigris.runs.metrics.METRICS` lists, in display order,
    then :data:`tigris.runs.metrics.FLAGS` (the payback flag the table reads).

    Returns
    -------
    list of str
        The metric keys, then the flag columns.
    """
    from tigris.runs.metrics import FLAGS, METRICS

    keys = []
    for m in METRICS:
        if isinstance(m, str):
            keys.append(m)
        elif isinstance(m, tuple | list):
            keys.append(str(m[0]))
        else:
            keys.append(str(getattr(m, "key", getattr(m, "name", m))))
    return [*keys, *FLAGS]


#: Solver outcomes that leave a member a plan (:attr:`SweepResult.failed` counts the rest).
PLAN_STATUSES = ("optimal", "time_limit")
#: Those of :data:`PLAN_STATUSES` where HiGHS stopped at a limit with a feasible plan it
#: did not prove optimal (its relative gap above the ``mip_gap`` asked): the plan's
#: objective is only a bound on the optimum's and its other numbers are one feasible
#: plan's, not the optimum's (Wolsey, *Integer Programming*, 1998, §2.1: a feasible
#: solution gives a primal bound, the relaxation a dual one; the optimum lies between).
STOPPED_STATUSES = ("time_limit",)


def _limit_text(seconds: float) -> str:
    """A time limit as text: ``10 s``, ``0.05 s``, ``1.5e-06 s``."""
    return f"{seconds:g} s"


#: Most members :func:`limit_sentence` names one by one (the JSON lists them all).
_MAX_NAMED = 10


def max_gap(stopped: pd.DataFrame) -> float | None:
    """The largest relative MIP gap [-] of the ``stopped`` members (column ``mip_gap``),
    None when none reported one.

    Parameters
    ----------
    stopped : pandas.DataFrame
        Members that stopped at a limit, with a ``mip_gap`` column (fraction, NaN or None
        when not reported).

    Returns
    -------
    float or None
        The largest finite gap (fraction, 0.12 for 12 %), or None.
    """
    gaps = [float(g) for g in stopped["mip_gap"] if g is not None and math.isfinite(g)]
    return max(gaps) if gaps else None


def limit_words(stopped: pd.DataFrame) -> tuple[str, str]:
    """Where the ``stopped`` members stopped and their largest gap, as words:
    ``("at the 10 s time limit", ", gap up to 12.0%")``; several limits ``at their time
    limits (1-10 s)``; no gap reported, ``""``.

    Parameters
    ----------
    stopped : pandas.DataFrame
        Members that stopped at a limit, with ``time_limit_s`` [s] and ``mip_gap``
        (fraction) columns.

    Returns
    -------
    (str, str)
        The limit phrase, and the gap phrase (with its leading comma) or ``""``.
    """
    from tigris.fmt import share

    limits = sorted({float(x) for x in stopped["time_limit_s"] if x == x and x is not None})
    if len(limits) == 1:
        at = f"at the {_limit_text(limits[0])} time limit"
    elif limits:
        at = f"at their time limits ({limits[0]:g}-{limits[-1]:g} s)"
    else:
        at = "at the time limit"
    gap = max_gap(stopped)
    return at, (f", gap up to {share(gap)}" if gap is not None else "")


def limit_sentence(
    stopped: pd.DataFrame, total: int, *, key: str = "index", what: str = "plans"
) -> str | None:
    """One sentence on the plans that stopped at a solver limit, None when there are none.

    ``3 of 20 plans (members 2, 5, 7) stopped at the 10 s time limit, gap up to 12.0%:
    their numbers are a feasible plan's, not proven optimal (the objective only bounds
    the optimum)`` (several limits are named ``at their time limits (1-10 s)``; a gap
    HiGHS did not report is left out).

    Parameters
    ----------
    stopped : pandas.DataFrame
        The members that stopped (:attr:`SweepResult.stopped`, or the risk run's
        :attr:`tigris.risk.montecarlo.MonteCarlo.limited`), with ``mip_gap`` [-] and
        ``time_limit_s`` [s] columns.
    total : int
        Members of the run.
    key : str, optional
        The column of the members' numbers.
    what : str, optional
        What the members are called (``plans``, ``sampled plans``).

    Returns
    -------
    str or None
        The sentence (at most a few member numbers named, then ``…``), or None when
        ``stopped`` is empty.
    """
    n = len(stopped)
    if not n:
        return None
    at, gap = limit_words(stopped)
    named = [str(int(i)) for i in stopped[key]]
    more = ", …" if len(named) > _MAX_NAMED else ""
    who = f"member{'s' * (n > 1)} {', '.join(named[:_MAX_NAMED])}{more}"
    return (
        f"{n} of {total} {what} ({who}) stopped {at}{gap}: their numbers are a feasible "
        "plan's, not proven optimal (the objective only bounds the optimum)"
    )


def stopped_dict(stopped: pd.DataFrame, total: int, key: str) -> dict[str, Any]:
    """The JSON's ``stopped``: ``members`` (their numbers, column ``key``), ``max_gap``
    [-] (None when none reported one) and ``note`` (:func:`limit_sentence`).

    Parameters
    ----------
    stopped : pandas.DataFrame
        Members that stopped at a limit, with ``mip_gap`` and ``time_limit_s`` columns.
    total : int
        Members of the run.
    key : str
        The column holding the members' numbers (``index``).

    Returns
    -------
    dict
        ``{"members": list of int, "max_gap": float or None, "note": str or None}``.
    """
    return {
        "members": [int(i) for i in stopped[key]],
        "max_gap": max_gap(stopped),
        "note": limit_sentence(stopped, total, key=key),
    }


def member_error(out: MemberOutcome) -> str | None:
    """The reason a member has no plan, in one line: its error, or for a solve that
    ended without a plan (infeasible) ``no plan (STATUS)``, as ``tigris sweep`` prints
    it; None for a member with a plan (UT-API #6: an infeasible member's ``error``
    was None although docs/sweeps.md lists failed members "with the reason").

    Parameters
    ----------
    out : MemberOutcome
        What came of the member.

    Returns
    -------
    str or None
        The one-line reason, or None when the member has a plan.
    """
    if out.error is not None:
        return out.error
    if out.status not in PLAN_STATUSES or not out.has_plan:
        return f"no plan ({out.status})"
    return None


def _row(
    out: MemberOutcome, run_id: str | None, keys: Sequence[str], limit_s: float = math.nan
) -> dict[str, Any]:
    """The members-table row of one outcome (``limit_s``: its solver time limit [s])."""
    numbers = out.numbers
    if not numbers and out.result is not None:
        from tigris.runs.metrics import plan_numbers

        numbers = plan_numbers(out.result)
    row: dict[str, Any] = {
        "index": out.index,
        "changes": json.dumps(out.changes, default=str),
        "status": out.status,
        "mip_gap": float(out.mip_gap) if out.mip_gap is not None else math.nan,
        "time_limit_s": float(limit_s),
        "error": member_error(out),
        "run_id": run_id,
        "seconds": out.seconds,
    }
    for k in keys:
        v = numbers.get(k, math.nan)
        row[k] = float(v) if v is not None else math.nan
    return row


# ------------------------------------------------------------------------ the driver
def plain_whole(value: Any) -> Any:
    """A numpy integer as a Python ``int`` (``np.int64(2)`` -> ``2``); anything else as
    it is, for the checks to name. A notebook's ``for n in np.arange(...)`` gave numpy
    integers the counts refused, "expected a whole number ..., got np.int64(2)" (a
    notebook user's test of 2026-12-07; docs/api.md says a numpy scalar counts).

    Parameters
    ----------
    value : Any
        A count, seed or worker number as given.

    Returns
    -------
    Any
        ``int(value)`` for a numpy integer, else ``value``.

    Examples
    --------
    >>> import numpy as np
    >>> plain_whole(np.int64(2)), plain_whole(2.5), plain_whole(None)
    (2, 2.5, None)
    """
    import numpy as np

    return int(value) if isinstance(value, np.integer) else value


def sweep(
    scenario: Scenario | str | Path | None = None,
    sets: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]] | None = None,
    *,
    samples: int | None = None,
    seed: int | None = None,
    design: str = "random",
    zip_: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    store: bool | str | Path = True,
    progress: bool = True,
    keep_results: bool = False,
    data: str | Path | None = None,
    series: bool = False,
    recentre: bool = False,
    as_written: bool = False,
    planned: bool = False,
    kind: str = "sweep",
    **options: Any,
) -> SweepResult:
    """Plan every member of a sweep and store each as it finishes.

    Parameters
    ----------
    scenario : Scenario, str or Path, optional
        The base: a Scenario, a scenario file, YAML text; default the reference.
    sets : mapping of path to values, or sequence of mappings, optional
        ``{path: [v1, v2, ...]}`` crossed as a grid (zipped with ``zip_``), or the
        members themselves as ``[{path: value, ...}, ...]``.
    samples : int, optional
        Draw this many members from the scenario's ``distributions`` instead
        (``docs/risk.md``).
    seed : int, optional
        Seed of the draws (same seed, same members).
    design : {"random", "lhs"}, optional
        For ``samples``: independent draws (default) or a Latin hypercube, one draw
        in each of ``samples`` slices of equal probability of every input
        (:func:`tigris.risk.distributions.sample_changes`; docs/risk.md, "Sampling
        design"); stored in the sweep's spec.
    zip_ : bool, optional
        Zip the values of ``sets`` instead of crossing them.
    workers : int, optional
        Worker processes of a local Dask cluster; 0 runs in this process; default one
        per core (:func:`tigris.runs.executor.make_executor`).
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://HOST:8786``); default
        ``$TIGRIS_SCHEDULER``, else a local cluster.
    store : bool, str or Path, optional
        Store the members (default, in :func:`tigris.runs.store.store_path`), in this
        file, or not at all (False).
    progress : bool, optional
        Show progress on stderr (a bar on a terminal, else a line per member).
    keep_results : bool, optional
        Keep every member's PlanResult in memory (``SweepResult.results``).
    data : str or Path, optional
        A ``--data`` overlay file applied to every member.
    series : bool, optional
        Reduce each plan to the risk outputs on its worker (``SweepResult.series``;
        :mod:`tigris.risk.montecarlo`). A plan is sent back from its worker only
        when it is stored or kept.
    recentre, as_written : bool, optional
        For ``samples``: a scenario value outside its own distribution is refused, as
        ``tigris risk`` refuses it (:func:`tigris.risk.support.check_support`, the same
        message), unless ``recentre`` (each such distribution moved onto its value;
        the members drawn, and the base stored, with the moved ones) or ``as_written``
        (drawn as written), as ``--recentre`` and ``--as-written``.
    planned : bool, optional
        Also solve the base scenario itself, unchanged: the plan as planned of
        ``tigris risk``, stored as member :data:`~tigris.runs.worker.PLANNED_MEMBER`
        (-1) beside the members and not counted among them (the sweep's
        ``n_members``, the counts said on a Ctrl-C); in the members table as index -1.
    kind : {"sweep", "risk"}, optional
        The kind the members are stored as (``tigris runs list --kind``): ``risk`` for
        the Monte Carlo of ``tigris risk``.
    **options
        Solve options: ``time_limit_s``, ``mip_gap``, ``relax``, ``counterfactual``
        (default True), ``objective``, ``min_served_share``. Members are solved
        without explanations.

    Returns
    -------
    SweepResult
        The members table (and the plans with ``keep_results``).

    Raises
    ------
    InputError
        A bad path (field ``--set``), a value of a ``sets`` grid the scenario refuses
        (:func:`_check_values`), too many members, a scenario without distributions
        for ``samples`` or a value outside its distribution (above), ``recentre`` or
        ``as_written`` without ``samples``, a bad option: before anything runs or is
        stored.
    SweepInterrupted
        A :class:`KeyboardInterrupt` (Ctrl-C), after marking the sweep ``interrupted``
        (finished members are kept); it says how many finished and where they are.
    """
    samples, seed, workers = plain_whole(samples), plain_whole(seed), plain_whole(workers)
    from tigris._context import support_checked_here
    from tigris.runs.store import keywords_named

    try:
        # drawn members: a value outside its distribution is refused or handled here,
        # not also warned of on loading
        with support_checked_here() if samples is not None else contextlib.nullcontext():
            return _sweep(
                scenario, sets, samples=samples, seed=seed, design=design, zip_=zip_,
                workers=workers, scheduler=scheduler, store=store, progress=progress,
                keep_results=keep_results, data=data, series=series, recentre=recentre,
                as_written=as_written, planned=planned, kind=kind, **options,
            )  # fmt: skip
    except InputError as exc:
        # the problems named by flag (--workers, --store: the executor's, the store's)
        # named as this function's keywords, outside a tigris command
        named = keywords_named(exc)
        if named is exc:
            raise
        raise named from None


def _check_sweep_keywords(
    sets: Any, workers: Any, store: Any = True, flags: Mapping[str, Any] | None = None
) -> None:
    """Refuse, by name, a ``sets`` that is neither a mapping of path to values nor a
    list of mappings, and ``workers`` that is not a whole number >= 0 (user test
    2026-12-05 serve #6: ``workers='2'`` was a TypeError, 1.5 and True were taken,
    ``sets='a=1'`` a ValueError), and ``store`` that is not True, False or a path.

    ``flags`` maps each boolean keyword (by its command-line flag where it has one,
    ``--zip``) to its value: anything but True or False is refused, every such one
    named in one :class:`InputError`, as :func:`tigris.plan` and :func:`tigris.risk`
    refuse theirs (user test s46 #2: ``zip_="no"`` is truthy and zipped the values).
    """
    from tigris.errors import Problem
    from tigris.runs.store import flag

    bad = [
        Problem(flag(name), f"expected True or False, got {value!r}")
        for name, value in (flags or {}).items()
        if not isinstance(value, bool)
    ]
    if bad:
        raise InputError(bad)

    listed = isinstance(sets, Sequence) and not isinstance(sets, str | bytes)
    members = listed and all(isinstance(m, Mapping) for m in sets)
    if sets is not None and not isinstance(sets, Mapping) and not members:
        msg = (
            "expected a mapping of path to values ({'discount_rate': [0.06, 0.1]}) or "
            f"a list of mappings, one a member; got {sets!r}"
        )
        raise InputError(msg[:_MAX_SETS_SHOWN], field=flag("--set"))
    whole = isinstance(workers, numbers.Integral) and not isinstance(workers, bool)
    if workers is not None and not (whole and workers >= 0):
        msg = f"expected 0 (in this process) or a whole number of worker processes, got {workers!r}"
        raise InputError(msg, field=flag("--workers"))
    if store is not None and not isinstance(store, bool | str | os.PathLike):  # s45 #6
        msg = f"expected True, False or a store file's path, got {store!r}"
        raise InputError(msg, field=flag("--store"))


def _sweep(
    scenario: Scenario | str | Path | None,
    sets: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]] | None,
    *,
    samples: int | None,
    seed: int | None,
    design: str,
    zip_: bool,
    workers: int | None,
    scheduler: str | None,
    store: bool | str | Path,
    progress: bool,
    keep_results: bool,
    data: str | Path | None,
    series: bool,
    recentre: bool,
    as_written: bool,
    planned: bool = False,
    kind: str = "sweep",
    **options: Any,
) -> SweepResult:
    """:func:`sweep`'s work (its problems named by the command line's flags)."""
    from tigris.overlay import data_overlay_text

    booleans = {
        "--zip": zip_,
        "progress": progress,
        "keep_results": keep_results,
        "series": series,
        "--recentre": recentre,
        "--as-written": as_written,
        "planned": planned,
    }
    _check_sweep_keywords(sets, workers, store, booleans)
    if kind not in SWEEP_KINDS:
        msg = f"expected one of {', '.join(SWEEP_KINDS)}, got {kind!r}"
        raise InputError(msg, field="kind")

    if data is not None and (
        not isinstance(data, str | Path) or not Path(data).expanduser().is_file()
    ):  # one line, not open()'s FileNotFoundError (the CLI's --data checks it first)
        from tigris.plan.api import _data_is_text

        if isinstance(data, str) and _data_is_text(data):  # tigris.plan takes text too
            msg = (
                "a sweep takes a data overlay file, not its YAML text (members on other "
                "processes read the file): write the text to a file and give its name"
            )
            raise InputError(msg, "data")
        what = Path(data).expanduser() if isinstance(data, str | Path) else None
        why = "a directory" if what is not None and what.is_dir() else "no such file"
        msg = f"{why}: {str(data)!r}; expected a data overlay file (docs/scenario-files.md)"
        raise InputError(msg, "--data")
    with ExitStack() as stack:
        # the --data overlay in force in the driver (to check paths); its text to members
        data_yaml = stack.enter_context(data_overlay_text(data))
        if data_yaml is not None:  # its warnings were said as the file's: not again as
            # the members' <data> text
            from tigris.plan.reuse import parsed_quietly

            parsed_quietly(data_yaml)
        base = _scenario(scenario)
        opts = _check_options(options)
        if samples is None and design != "random":
            from tigris.runs.store import flag

            msg = f"{flag('--design')} applies to {flag('--samples')} only"
            raise InputError(msg, field=flag("--design"))
        members, spec = _members(base, sets, samples=samples, seed=seed, design=design, zip_=zip_)
        if samples is not None:  # draws from distributions its values lie inside
            drawn = _drawn_base(base, scenario, recentre=recentre, as_written=as_written)
            if drawn is not base:  # recentred: the members drawn from the moved ones
                base, members = drawn, sample_members(drawn, samples, seed, design=design)
        elif recentre or as_written:
            from tigris.risk.support import AS_WRITTEN_FLAG, RECENTRE_FLAG
            from tigris.runs.store import flag

            given = flag(RECENTRE_FLAG if recentre else AS_WRITTEN_FLAG)
            raise InputError(f"{given} applies to {flag('--samples')} only", field=given)
        _check_paths(base, members)
        if isinstance(sets, Mapping):  # a --set grid (draws, and members listed one by
            # one as tigris risk passes them, fail as members: docs/risk.md, "Checks")
            _check_values(base, members, data_yaml, ranges=sets)
            for line in set_warning_lines(base, members):
                sys.stderr.write(f"warning: {line}\n")
        from tigris.scenario.edit import to_yaml

        base_yaml = to_yaml(base)
        # the --data file as an absolute path: plan --from-run of a member reads it
        # again from wherever it runs (a relative path would name another file there)
        kept = str(Path(data).expanduser().resolve()) if data is not None else None
        spec = {**spec, "options": opts, "data": kept}
        if data_yaml is not None:  # its text, not only its name: a sweep run again
            # continues the interrupted one only with the same overlay (a file edited
            # between the two would mix members of two data sets)
            import hashlib

            spec["data_sha256"] = hashlib.sha256(data_yaml.encode("utf-8")).hexdigest()
        ship = store is not False or keep_results  # else only numbers travel back
        from tigris.runs.store import on_command_line

        # tigris sweep --set's values are recorded as tigris plan --set records them
        # (sources, name), so the same values store the same scenario (s48 sweeps #1)
        mark = isinstance(sets, Mapping) and samples is None and on_command_line()
        tasks = [
            MemberTask(i, base_yaml, m, opts, data_yaml, series=series, keep_result=ship, mark=mark)
            for i, m in enumerate(members)
        ]
        if planned:  # the base itself, beside the members (not one of them)
            tasks.append(
                MemberTask(
                    PLANNED_MEMBER, base_yaml, {}, opts, data_yaml, series=series, keep_result=ship
                )
            )
        return _run(
            base,
            base_yaml,
            tasks,
            spec,
            workers,
            scheduler,
            store,
            progress,
            keep_results,
            base_file=scenario_file(scenario),
            kind=kind,
        )


def sample_members(
    base: Scenario, samples: int, seed: int | None, *, design: str = "random"
) -> list[dict[str, Any]]:
    """``samples`` members drawn from the scenario's distributions (``--samples N``;
    :func:`tigris.risk.distributions.sample_changes`, independently or as a Latin
    hypercube, ``design``), checked first: an :class:`InputError` (field ``--samples``)
    for a count that is not a whole number in 1 .. :data:`MAX_MEMBERS` or a scenario
    without distributions, (field ``--design``) for a design not in
    :data:`tigris.risk.distributions.DESIGNS`.

    Parameters
    ----------
    base : Scenario
        The scenario, with a ``distributions`` section.
    samples : int
        The number of members to draw, 1 .. ``MAX_MEMBERS``.
    seed : int or None
        Seed of the random generator; None draws from fresh OS entropy (not repeatable).
    design : str, optional
        ``random`` (independent draws) or ``lhs`` (Latin hypercube), as
        :data:`tigris.risk.distributions.DESIGNS` lists them.

    Returns
    -------
    list of dict
        Each member's changes, dotted path -> drawn value, in draw order.
    """
    from tigris.runs.store import flag

    if isinstance(samples, bool) or not isinstance(samples, int):
        raise InputError(f"expected a whole number, got {samples!r}", field=flag("--samples"))
    check_size(samples, "--samples")
    if not getattr(base, "distributions", None):
        msg = (
            f"scenario '{base.name}' declares no distributions to sample; add a "
            "'distributions:' section (docs/risk.md)"
        )
        raise InputError(msg, field=flag("--samples"))
    from tigris.risk.distributions import sample_changes

    return [dict(m) for m in sample_changes(base, samples, seed, design=design)]


def _drawn_base(base: Scenario, scenario: Any, *, recentre: bool, as_written: bool) -> Scenario:
    """The base ``--samples`` draws from: :func:`tigris.risk.support.check_support`, as
    ``tigris risk`` runs it (the same one line per value outside its distribution, at
    the file's line when the base is a file), so a sampled sweep and a risk run refuse
    the same scenario (exit 2, nothing run or stored)."""
    from tigris.risk.support import check_support
    from tigris.yamlio import read_yaml, source_name

    where: dict[str, Any] = {}
    if str(scenario) == "-":  # standard input, read once: its text again
        where = {"file": source_name("-"), "locate": read_yaml("-").locate}
    elif scenario_file(scenario) is not None:
        where = {"file": str(scenario), "locate": read_yaml(Path(scenario)).locate}
    return check_support(base, recentre_outside=recentre, as_written=as_written, **where)[0]


def _members(
    base: Scenario,
    sets: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]] | None,
    *,
    samples: int | None,
    seed: int | None,
    design: str = "random",
    zip_: bool,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The members' changes and the sweep's spec (what the store records)."""
    from tigris.runs.store import flag, on_command_line

    if samples is not None:
        if sets:
            msg = f"give either {flag('--set')} or {flag('--samples')}, not both"
            raise InputError(msg, field=flag("--samples"))
        spec = {"samples": samples, "seed": seed}
        if design != "random":  # a random sweep's spec as before (stores, exports)
            spec["design"] = design
        return sample_members(base, samples, seed, design=design), spec
    if sets is None or (isinstance(sets, Mapping | Sequence) and len(sets) == 0):
        give = (
            "--set PATH=V1,V2,... or --samples N"
            if on_command_line()
            else "sets={path: [value, ...]} or samples=N"
        )
        raise InputError(f"nothing to sweep; give {give}", flag("--set"))
    members = member_changes(sets, zip_=zip_)
    shown = {str(k): _values(v) for k, v in sets.items()} if isinstance(sets, Mapping) else members
    spec: dict[str, Any] = {"sets": shown, "zip": bool(zip_)}
    if seed is not None and not isinstance(sets, Mapping):
        # members drawn by the caller (a risk run) with this seed; a grid of values
        # draws nothing, so its members have no seed whatever is given
        spec["seed"] = seed
    return members, spec


def _run(
    base: Scenario,
    base_yaml: str,
    tasks: list[MemberTask],
    spec: dict[str, Any],
    workers: int | None,
    scheduler: str | None,
    store: bool | str | Path,
    progress: bool,
    keep_results: bool,
    base_file: str | None = None,
    kind: str = "sweep",
) -> SweepResult:
    """Run the tasks, storing each member as it finishes (with ``base_file``, the base
    scenario's file, :func:`scenario_file`) as a run of ``kind``. A task of index
    :data:`~tigris.runs.worker.PLANNED_MEMBER` (the plan as planned) is stored beside
    the members, not counted among them."""
    import pandas as pd

    from tigris.runs.executor import DaskExecutor, check_main_guard, make_executor

    # before anything is stored: an unreachable --scheduler is exit 2 with nothing stored
    ex = make_executor(workers, scheduler)
    if isinstance(ex, DaskExecutor) and ex.starts_local and len(tasks) > 1:
        # a script's unguarded top level would run this sweep again in every worker
        # process the cluster spawns (UT-HYPER #3): one InputError, nothing stored
        try:
            check_main_guard()
        except BaseException:
            ex.close()
            raise
    keys = metric_keys()
    n_members = sum(t.index != PLANNED_MEMBER for t in tasks)
    has_planned = n_members < len(tasks)
    # a tigris sweep run again continues the same sweep it interrupted (s48 sweeps #2);
    # not draws without a seed: run again they draw afresh, and one sweep would hold two
    # draws (a Latin hypercube broken; review of s48)
    unseeded = spec.get("samples") is not None and spec.get("seed") is None
    resumable = kind == "sweep" and not has_planned and not unseeded
    done_rows: list[dict[str, Any]] = []
    runs = None
    sweep_id = None
    path = None
    if store is not False:
        from tigris.runs.store import RunStore, store_path

        path = store_path(None if store is True else store)
        try:
            runs = RunStore(path)
            spec_json = json.loads(json.dumps(spec, default=str))
            if resumable:  # said by compare --sweep of a stopped one (review of s48)
                spec_json["resumable"] = True
            again = None
            if resumable:
                again = resumable_sweep(runs, base_yaml, spec_json, n_members)
            if again is not None:  # the same sweep, interrupted: its missing members
                sweep_id, stored = again
                runs.finish_sweep(sweep_id, "running")
                done_rows = _stored_rows(runs, sweep_id, base, tasks, stored, metric_keys())
                tasks = [t for t in tasks if t.index not in stored]
                sys.stderr.write(
                    f"continuing interrupted sweep {sweep_id}: {len(stored)} of {n_members} "
                    f"members already stored; solving the other {len(tasks)}\n"
                )
            else:
                sweep_id = runs.add_sweep(base_yaml, spec_json, n_members)
        except BaseException:
            ex.close()
            raise
    total = len(tasks) + len(done_rows)
    rows: list[dict[str, Any]] = list(done_rows)
    changes: dict[int, dict[str, Any]] = {r["index"]: json.loads(r["changes"]) for r in done_rows}
    results: dict[int, PlanResult] = {}
    series: dict[int, dict[str, dict[str, float]]] = {}
    status = "interrupted"
    writer: _Writer | None = None
    overrun: list[int] = []  # a risk run's plans whose subsidy passes a programme
    said: dict[int, list[str]] = {}  # each member's warnings, for SweepResult.warnings
    try:
        try:
            with ex, Progress(len(tasks), progress) as bar:

                def finished(task: MemberTask, out: MemberOutcome, run_id: str | None) -> None:
                    rows.append(_row(out, run_id, keys, member_time_limit(base, task)))
                    if out.warnings:
                        said[out.index] = list(out.warnings)
                    if out.warnings and kind == "risk":
                        # a risk run's plans are draws: one line at the end, not one
                        # a plan (second review of 2026-12-07: 200 lines of 500 chars)
                        overrun.append(out.index)
                    for line in out.warnings if kind != "risk" else ():
                        # what tigris plan warns of, after solving
                        sys.stderr.write(f"warning: member {out.index}: {line}\n")
                    changes[out.index] = dict(out.changes)
                    if keep_results and out.result is not None:
                        results[out.index] = out.result
                    if out.series is not None:
                        series[out.index] = out.series
                    bar.finished(out)

                writer = _Writer(
                    runs, sweep_id, base, base_yaml, finished, base_file, kind, spec.get("seed")
                )
                try:
                    ended = False
                    try:
                        for i, value in ex.map_unordered(run_member, tasks):
                            writer.put(tasks[i], _outcome(tasks[i], value))
                        ended = True
                    finally:
                        # the members received are stored (or the error raised); a sweep
                        # that ran to its end is marked done with its last members
                        writer.close("done" if ended else None)
                except BaseException as exc:
                    ex.cancel()
                    where = f", stored in sweep {sweep_id} ({path})" if sweep_id else ""
                    done = f"{_members_done(rows)} of {n_members} members finished{where}"
                    if isinstance(exc, InputError):  # the store failed (busy, disk full)
                        msg = (
                            f"{'; '.join(str(p) for p in exc.problems)}; the sweep stopped: {done}"
                        )
                        raise InputError(msg, field="") from None
                    raise
            status = "done"
        except KeyboardInterrupt as exc:
            # Ctrl-C: the executor is closed (its workers ignore SIGINT and are shut down
            # with the cluster, runs.executor); how far the sweep got goes with the raise,
            # for the caller's one line (the CLI's "stopped: ..."), no traceback
            if isinstance(exc, SweepInterrupted):
                raise
            if writer is not None:  # what the writer holds is stored before counting
                writer.settle()
            if rows and len(rows) == total:  # every member stored: the sweep is done
                status = "done"
            if not rows and runs is not None and sweep_id is not None:
                # stopped before any member finished: an empty sweep is not kept (user
                # test 2026-12-03, fifth session, #10: "0 of 3 members stored in sweep ...")
                with contextlib.suppress(InputError):
                    runs.remove_sweep(sweep_id)
                    sweep_id = None
            raise _interrupted(rows, n_members, has_planned, sweep_id, path, resumable) from None
        finally:
            if (
                runs is not None
                and sweep_id is not None
                and (writer is None or writer.status_written != status)
            ):
                # a store that fails here too leaves the sweep marked "running": its
                # members are stored all the same
                with contextlib.suppress(InputError):
                    runs.finish_sweep(sweep_id, status)
        if overrun:
            sys.stderr.write(
                f"warning: {len(overrun)} of {len(rows)} plans pass a subsidy programme's "
                "total (data/subsidy_programmes.csv): the solve does not bound a site's "
                "subsidy by its programme; tigris plan of one of them says which and by how "
                f"much (members {', '.join(str(i) for i in sorted(overrun)[:8])}"
                f"{', ...' if len(overrun) > 8 else ''})\n"
            )
        cols = ["index", "changes", "status", "mip_gap", "time_limit_s", "error", "run_id"]
        cols += ["seconds", *keys]
        members = pd.DataFrame(rows, columns=cols).sort_values("index", ignore_index=True)
        ordered = {i: changes[i] for i in sorted(changes)}
        return SweepResult(sweep_id, path, members, results, status, series, ordered, said)
    except KeyboardInterrupt as exc:
        if isinstance(exc, SweepInterrupted):
            raise
        # a Ctrl-C after the members were handed on (finishing the sweep, closing the
        # workers, building the table): said with its counts all the same (UT-REPRO
        # #9: a bare "stopped" after the last member, all of them stored), once the
        # writer has stored what it holds; a sweep with every member stored is done
        if writer is not None:
            writer.settle()
        if runs is not None and sweep_id is not None and len(rows) == total:
            with contextlib.suppress(InputError, KeyboardInterrupt):
                runs.finish_sweep(sweep_id, "done")
        raise _interrupted(rows, n_members, has_planned, sweep_id, path, resumable) from None


def _members_done(rows: Sequence[Mapping[str, Any]]) -> int:
    """Members among the finished ``rows``, the plan as planned left out."""
    return sum(r["index"] != PLANNED_MEMBER for r in rows)


def _interrupted(
    rows: Sequence[Mapping[str, Any]],
    n_members: int,
    has_planned: bool,
    sweep_id: str | None,
    path: Path | None,
    resumable: bool = False,
) -> SweepInterrupted:
    """The :class:`SweepInterrupted` of a sweep with ``rows`` finished (stored)."""
    planned = any(r["index"] == PLANNED_MEMBER for r in rows) if has_planned else None
    return SweepInterrupted(_members_done(rows), n_members, sweep_id, path, planned, resumable)


def resumable_sweep(
    runs: Any, base_yaml: str, spec: Mapping[str, Any], n_members: int
) -> tuple[str, set[int]] | None:
    """The newest sweep in ``runs`` of the same base scenario (its hash), spec (``--set``
    values, ``--samples``/``--seed``, options, ``--data`` file and the SHA-256 of its
    text) and member count, with the members it has stored, when it is interrupted and
    was solved with the code and shipped tables of now; None otherwise (none, or the
    newest is done or left running). Running the same sweep again solves only its
    missing members into it (user test s48 sweeps #2: it started a new sweep from member
    0).

    Parameters
    ----------
    runs : RunStore
        The store to look in.
    base_yaml : str
        The base scenario's YAML (compared by its SHA-256).
    spec : mapping
        The sweep's definition as it would be stored (compared as JSON).
    n_members : int
        The sweep's member count.

    Returns
    -------
    (str, set of int) or None
        The interrupted sweep's id and the indices of the members it has stored (the plan
        as planned, a negative index, left out), or None.
    """
    import hashlib

    sweeps = runs.sweeps()
    if not len(sweeps):
        return None
    base_hash = hashlib.sha256(base_yaml.encode("utf-8")).hexdigest()
    for row in sweeps.itertuples():  # newest first
        if row.base_hash != base_hash or int(row.n_members) != int(n_members):
            continue
        try:
            same = json.loads(row.spec) == json.loads(json.dumps(dict(spec), default=str))
        except (TypeError, ValueError):
            same = False
        if not same:
            continue
        # the newest sweep of the spec decides: one done (or left running) since an
        # interrupted one has taken its place (review of s49: a stale interrupted sweep
        # was said "not continuing" on every later run, forever)
        if row.status != "interrupted":
            return None
        members = runs.runs(sweep_id=str(row.id))
        stored = {int(m) for m in members["member"] if m is not None and int(m) >= 0}
        changed = _made_otherwise(runs, row, members)
        if changed:  # one sweep would mix two codes' or data's answers (left at stop 47)
            sys.stderr.write(
                f"not continuing interrupted sweep {row.id} of the same spec: "
                f"{'; '.join(changed)} since its members were solved; starting a new sweep\n"
            )
            return None
        return str(row.id), stored
    return None


def _made_otherwise(runs: Any, row: Any, members: Any) -> list[str]:
    """What differs between the code and shipped data tables an interrupted sweep's
    members were solved with and those of now: the tigris version, the git commit
    (where both are known) and each shipped table's SHA-256
    (:func:`tigris.runs.provenance.differing_inputs`; a member's cells make an overlay
    of its own, and the ``--data`` file's SHA-256 is in the spec already). Empty when
    the same, or when no member's record says."""
    from tigris import __version__
    from tigris.runs.provenance import UNKNOWN, differing_inputs, run_provenance

    out = []
    if row.tigris_version and str(row.tigris_version) != __version__:
        out.append(f"tigris {row.tigris_version} is now {__version__}")
    ids = [str(i) for i in members["id"]] if "id" in members else []
    if not ids:
        return out
    made = runs.record(ids[0]).get("provenance") or {}
    now = run_provenance(active=False)
    was, is_ = made.get("git_commit"), now.get("git_commit")
    if was and is_ and UNKNOWN not in (was, is_) and was != is_:
        out.append(f"the code's git commit {str(was)[:10]} is now {str(is_)[:10]}")
    return out + differing_inputs(made, now, overlay=False)


def _stored_rows(
    runs: Any,
    sweep_id: str,
    base: Scenario,
    tasks: Sequence[MemberTask],
    stored: set[int],
    keys: Sequence[str],
) -> list[dict[str, Any]]:
    """The members-table rows of the members a continued sweep had stored (read back
    from the store: their seconds and gaps are not kept, NaN)."""
    by_index = {t.index: t for t in tasks}
    out = []
    for r in runs.runs(sweep_id=sweep_id).to_dict("records"):
        i = int(r["member"])
        if i not in stored or i not in by_index:
            continue
        row: dict[str, Any] = {
            "index": i,
            "changes": json.dumps(r.get("changes") or {}, default=str),
            "status": r.get("status"),
            "mip_gap": math.nan,
            "time_limit_s": member_time_limit(base, by_index[i]),
            "error": r.get("error"),
            "run_id": r.get("id"),
            "seconds": math.nan,
        }
        for k in keys:
            v = r.get(k, math.nan)
            row[k] = float(v) if isinstance(v, int | float) and v is not None else math.nan
        out.append(row)
    return out


def member_time_limit(base: Scenario, task: MemberTask) -> float:
    """The solver time limit a member ran with [s]: the sweep's ``time_limit_s``
    option, else its own ``solver.time_limit_s`` change, else the base scenario's
    (:func:`tigris.plan.solve`'s order).

    Parameters
    ----------
    base : Scenario
        The sweep's base scenario.
    task : MemberTask
        The member (its ``options`` and ``changes``).

    Returns
    -------
    float
        The time limit [s]; NaN when the value given is not a number.
    """
    given = task.options.get("time_limit_s")
    if given is None:
        given = task.changes.get("solver.time_limit_s", base.solver.time_limit_s)
    try:
        return float(given)
    except (TypeError, ValueError):
        return math.nan


def _outcome(task: MemberTask, value: MemberOutcome | BaseException) -> MemberOutcome:
    """The outcome of a task; a worker's death or an unexpected raise as an error."""
    if isinstance(value, MemberOutcome):
        return value
    return MemberOutcome(task.index, dict(task.changes), None, None, one_line(value), 0.0)


class _Writer:
    """Stores finished members on a thread of its own, in group commits.

    The members that finish while a write is under way are written together by the
    next one (:meth:`RunStore.add_many`: one transaction, one INSERT per table), so the
    store's fixed cost per write (open, commit, close) is paid once per batch, not per
    member. ``done(task, outcome, run_id)`` is called for each member only after its
    batch is committed: a member reported done is stored (``kill -9`` loses only
    members not yet reported). A failed write stops the writer; :meth:`put` and
    :meth:`close` raise its error.
    """

    def __init__(
        self,
        runs: Any,
        sweep_id: str | None,
        base: Scenario,
        base_yaml: str,
        done: Any,
        base_file: str | None = None,
        kind: str = "sweep",
        seed: int | None = None,
    ) -> None:
        import queue
        import threading

        self._runs, self._sweep_id, self._base, self._base_yaml = runs, sweep_id, base, base_yaml
        self._base_file, self._kind, self._seed = base_file, kind, seed
        self._done = done
        self._queue: queue.SimpleQueue[tuple[MemberTask, MemberOutcome] | None] = (
            queue.SimpleQueue()
        )
        self._error: BaseException | None = None
        self._status: str | None = None  # set by close(), read after its None
        #: The status the writer set on the sweep (at its end), None if none.
        self.status_written: str | None = None
        # the driver's context goes with the writer: the --data overlay in force is what
        # each member's provenance records (a thread starts with an empty context, so
        # members were stored as made without --data; user test 2026-12-05, data #2)
        ctx = contextvars.copy_context()
        self._thread = threading.Thread(
            target=ctx.run, args=(self._loop,), name="tigris-sweep-store", daemon=True
        )
        self._thread.start()

    def put(self, task: MemberTask, out: MemberOutcome) -> None:
        """Queue a finished member for storing; raise the writer's error if it failed."""
        if self._error is not None:
            raise self._error
        self._queue.put((task, out))

    def close(self, status: str | None = None) -> None:
        """Store every member queued, wait for it, and raise the writer's error if any;
        with ``status``, set the sweep's status in the same transaction as the last
        members (``status_written`` then says so): one write less per sweep."""
        self._status = status
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def settle(self, timeout_s: float = SETTLE_S) -> None:
        """After a Ctrl-C: wait (at most ``timeout_s``) for the writer to store what it
        was handed, so that the count said is what the store holds; never raises."""
        with contextlib.suppress(BaseException):
            self._thread.join(timeout_s)

    def _loop(self) -> None:
        import queue
        import time

        written, wait = -math.inf, WRITE_EVERY_S
        while True:
            item = self._queue.get()
            batch, last = [], item is None
            if item is not None:
                batch.append(item)
            # the members finishing until the next write is due join this batch; the
            # sweep's end (None) ends the wait at once
            due = written + wait
            while not last:
                left = due - time.monotonic()
                try:
                    item = self._queue.get(timeout=left) if left > 0 else self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    last = True
                else:
                    batch.append(item)
            written = time.monotonic()
            status = self._status if last else None
            if batch:
                try:
                    cpu = time.thread_time()
                    ids = _store(
                        self._runs,
                        self._sweep_id,
                        self._base,
                        self._base_yaml,
                        batch,
                        status,
                        base_file=self._base_file,
                        kind=self._kind,
                        seed=self._seed,
                    )
                    if status is not None and None not in (self._runs, self._sweep_id):
                        self.status_written = status
                    cost = time.thread_time() - cpu
                    for (task, out), run_id in zip(batch, ids, strict=True):
                        self._done(task, out, run_id)
                except BaseException as exc:  # handed to the driver's thread
                    from tigris.runs.store import NotCheckpointedError

                    if isinstance(exc, NotCheckpointedError) and len(exc.run_ids) == len(batch):
                        # committed, then the checkpoint failed: these members ARE stored
                        # (review of s47: "0 of 2 members finished" of a stored member)
                        for (task, out), run_id in zip(batch, exc.run_ids, strict=True):
                            self._done(task, out, run_id)
                    self._error = exc
                    return
                wait = min(WRITE_MAX_S, max(WRITE_EVERY_S, cost / STORE_CPU_SHARE))
            if last:
                return


def _store(
    runs: Any,
    sweep_id: str | None,
    base: Scenario,
    base_yaml: str,
    batch: Sequence[tuple[MemberTask, MemberOutcome]],
    status: str | None = None,
    *,
    base_file: str | None = None,
    kind: str = "sweep",
    seed: int | None = None,
) -> list[str | None]:
    """Write finished members (run rows and every table) in ONE transaction, with the
    sweep's ``status`` when given, as runs of ``kind`` drawn with ``seed``; their ids."""
    if runs is None:
        return [None] * len(batch)
    records = [
        (_record(sweep_id, base, base_yaml, task, out, base_file, kind, seed), out.result)
        for task, out in batch
    ]
    numbers = [out.numbers or None for _task, out in batch]
    if status is not None and sweep_id is not None:
        return list(runs.add_many(records, numbers=numbers, sweep_status=(sweep_id, status)))
    return list(runs.add_many(records, numbers=numbers))


def _record(
    sweep_id: str | None,
    base: Scenario,
    base_yaml: str,
    task: MemberTask,
    out: MemberOutcome,
    base_file: str | None = None,
    kind: str = "sweep",
    seed: int | None = None,
) -> Any:
    """The store record of one finished member (``base_file``: the base's file), a run
    of ``kind`` with the ``seed`` its draws were made with (None: not drawn, or no seed
    given; user test 2026-12-06 risk #2: a risk member's seed was null)."""
    from tigris.runs.store import RunRecord

    name = out.result.scenario_name if out.result is not None else base.name
    record = RunRecord(
        kind=kind,
        scenario_yaml=out.scenario_yaml if out.scenario_yaml is not None else base_yaml,
        scenario_name=name,
        # as tigris.plan stores them (solve()'s keywords): a member has no explanations
        options={**task.options, "explain_result": False},
        sweep_id=sweep_id,
        member=out.index,
        changes=dict(out.changes),
        status=out.status,
        error=member_error(out),
        timings=dict(out.timings),
        scenario_file=base_file,
        seed=seed if out.index != PLANNED_MEMBER else None,  # the plan as planned: no draw
    )
    return record
