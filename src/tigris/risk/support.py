"""Does a distribution still describe its input's value? (user test 2026-12-04, UT-MONEY #3)

A scenario's ``distributions`` entry is written for a value: the reference's gas
data-centre capex is triangular 1.039e7-1.581e7 around the field's 1.258e7. Edit the
field (capex +30 %, 1.6354e7) and leave the distribution, and a risk run would draw
the old range, so its quantiles answer "how sure is the base case" and silently
discard the edit, while its "planned" column shows the edited plan. Two cases:

- **outside the support** (:attr:`Mismatch.outside`): the value is one the
  distribution never draws or brackets (below its low, above its high, outside the
  range of its discrete values, not its point; discrete values on either side of the
  value are alternatives to it, as "low or high" cases, and pass); on a side where
  the distribution has no end (a normal's tails, a lognormal's), outside its central
  99.9 % interval (:data:`CENTRAL_SHARE`, :func:`drawn_range`). That is a
  contradiction the user must resolve: ``tigris scenario check`` warns
  (:func:`tigris.scenario.advice.scenario_warnings`), ``tigris risk`` refuses (exit
  2) unless given ``--recentre`` (each such distribution moved onto the value,
  :func:`recentre`) or ``--as-written`` (drawn as written, the edit left to the
  "planned" column);
- **inside, but not the value it was written for** (its mode, mean, median or point,
  :func:`written_for`): legal, and said in the risk output beside the input
  (``inputs.<path>.off_centre`` in the JSON, a note in the summary).

:func:`recentre` moves a distribution by the ratio of the value to the one it was
written for (every parameter times ``value / anchor``: the same spread relative to the
value, its sign kept), or by their difference where that ratio is not positive (an
anchor of 0). ``docs/risk.md``, "An edited value and its distribution".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tigris.errors import InputError, Problem
from tigris.risk.distributions import Discrete, Lognormal, Normal, Point, Uniform

if TYPE_CHECKING:
    from collections.abc import Callable

    from tigris.scenario.schema import Scenario

__all__ = [
    "CENTRAL_SHARE",
    "REL_TOL",
    "Mismatch",
    "cannot_recentre",
    "check_support",
    "drawn_range",
    "drawn_scenario",
    "input_number",
    "mismatches",
    "param_text",
    "recentre",
    "recentred",
    "support",
    "written_for",
]

#: Relative tolerance of "the same value" [-]: a value written as ``1.258e7`` and a
#: mode written as ``12580000`` are one number; 1e-9 is far above float rounding
#: (~1e-16) and far below any edit a user means.
REL_TOL = 1e-9
#: Share of a distribution's draws a value must lie among where the distribution has no
#: end [-]: on an unbounded side (a normal's tails; both of a lognormal's, whose log is
#: a normal: 0 is approached, never drawn) a value is "outside" beyond the central
#: 99.9 % interval, the quantiles 0.0005 and 0.9995 (a normal's mean -/+ 3.29 sd,
#: Phi^-1(0.9995) = 3.2905, NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.1).
#: One rule for every unbounded side, in probability rather than in sd, so a lognormal
#: and a truncated normal are judged as a normal is. Why 99.9 %: 1 draw in 1,000 lands
#: beyond it, so a run of the default 64 members (:data:`tigris.risk.api.DEFAULT_SAMPLES`)
#: draws none there with probability 0.999^64 = 94 %; a value written that far out is
#: one the run as written would almost never come near, as a bounded distribution
#: never draws past its end.
CENTRAL_SHARE = 0.999
#: The options of ``tigris risk`` that resolve an outside value (docs/risk.md).
RECENTRE_FLAG = "--recentre"
AS_WRITTEN_FLAG = "--as-written"


def support(spec: Any) -> tuple[float, float]:
    """The smallest and largest value a distribution draws (``-inf``/``inf`` for an
    unbounded side) [the input's unit].

    Parameters
    ----------
    spec : Distribution
        A distribution of :mod:`tigris.risk.distributions`.

    Returns
    -------
    tuple of (float, float)
        ``(lowest, highest)`` value it can draw [the input's unit].

    Examples
    --------
    >>> from tigris.risk.distributions import Triangular, Lognormal
    >>> support(Triangular(low=1.0, mode=2.0, high=4.0))
    (1.0, 4.0)
    >>> support(Lognormal(median=2.0, sigma=0.5))
    (0.0, inf)
    """
    if isinstance(spec, Point):
        return spec.value, spec.value
    if isinstance(spec, Discrete):
        return min(spec.values), max(spec.values)
    if isinstance(spec, Lognormal):
        return 0.0, math.inf
    if isinstance(spec, Normal):
        lo = -math.inf if spec.low is None else spec.low
        hi = math.inf if spec.high is None else spec.high
        return lo, hi
    return float(spec.low), float(spec.high)


def _unbounded_below(spec: Any) -> bool:
    """Whether the distribution's lower tail has no end it draws (a lognormal's 0 is
    approached, never drawn: its log is a normal)."""
    if isinstance(spec, Lognormal):
        return True
    return isinstance(spec, Normal) and spec.low is None


def _unbounded_above(spec: Any) -> bool:
    return isinstance(spec, Lognormal) or (isinstance(spec, Normal) and spec.high is None)


def drawn_range(spec: Any) -> tuple[float, float]:
    """The range a scenario's value must lie in to be one the distribution draws [the
    input's unit]: its :func:`support`, where a side has no end cut at the central
    :data:`CENTRAL_SHARE` interval's end (the quantile 0.0005 or 0.9995 of the
    distribution, a truncated normal's of the truncated one;
    :func:`tigris.risk.distributions.quantile`).

    Parameters
    ----------
    spec : Distribution
        A distribution of :mod:`tigris.risk.distributions`.

    Returns
    -------
    tuple of (float, float)
        ``(low, high)``, both finite [the input's unit].

    Examples
    --------
    >>> from tigris.risk.distributions import Normal, Triangular
    >>> [round(x, 4) for x in drawn_range(Normal(mean=10.0, sd=1.0))]
    [6.7095, 13.2905]
    >>> drawn_range(Triangular(low=1.0, mode=2.0, high=4.0))
    (1.0, 4.0)
    """
    from tigris.risk.distributions import quantile

    lo, hi = support(spec)
    tail = (1.0 - CENTRAL_SHARE) / 2.0
    if _unbounded_below(spec):
        lo = float(quantile(spec, tail))
    if _unbounded_above(spec):
        hi = float(quantile(spec, 1.0 - tail))
    return lo, hi


def written_for(spec: Any) -> tuple[str, float] | None:
    """The value a distribution was written around, with its parameter's name: the
    mode (triangular, PERT), mean (normal), median (lognormal), the point; ``None``
    for a uniform or discrete one, which has no single such value.

    Parameters
    ----------
    spec : Distribution
        A distribution of :mod:`tigris.risk.distributions`.

    Returns
    -------
    tuple of (str, float) or None
        ``(parameter name, value)`` (``("mode", 2.0)``) [the input's unit], or None.

    Examples
    --------
    >>> from tigris.risk.distributions import Pert, Uniform
    >>> written_for(Pert(low=1.0, mode=2.0, high=4.0)), written_for(Uniform(low=0.0, high=1.0))
    (('mode', 2.0), None)
    """
    if isinstance(spec, Point):
        return "value", spec.value
    if isinstance(spec, Lognormal):
        return "median", spec.median
    if isinstance(spec, Normal):
        return "mean", spec.mean
    if isinstance(spec, Uniform | Discrete):
        return None
    return "mode", float(spec.mode)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=0.0) or a == b


def _inside(spec: Any, value: float) -> bool:
    """Whether ``value`` is one the distribution draws (ends included, to
    :data:`REL_TOL`; an unbounded side cut at :func:`drawn_range`)."""
    if isinstance(spec, Point):
        return _same(value, spec.value)
    if isinstance(spec, Lognormal) and value <= 0:
        return False
    lo, hi = drawn_range(spec)  # a discrete one: its values bracket the value
    return (value >= lo or _same(value, lo)) and (value <= hi or _same(value, hi))


@dataclass(frozen=True)
class Mismatch:
    """An input whose value the distribution does not centre on.

    Parameters
    ----------
    path : str
        The distribution's path.
    value : float
        The scenario's value there (a data-table cell: the tables in force).
    spec : Distribution
        The distribution.
    outside : bool
        The value is one the distribution never draws.
    """

    path: str
    value: float
    spec: Any
    outside: bool

    def describe(self) -> str:
        """The distribution in words: ``triangular, low 1.039e+07, mode 1.258e+07,
        high 1.581e+07``.

        Returns
        -------
        str
            The kind, then each parameter but ``source`` with its value.
        """
        dumped = self.spec.model_dump()
        params = ", ".join(
            f"{k} {param_text(v)}"
            for k, v in dumped.items()
            if k not in ("dist", "source") and v is not None
        )
        return f"{dumped['dist']}, {params}"

    def draws(self) -> str:
        """What the distribution draws, in words: ``it draws 0.07 to 0.09``; with an
        unbounded side, its central interval (:func:`drawn_range`): ``99.9 % of its
        draws lie in 6.71 to 13.3``.

        Returns
        -------
        str
            ``it draws LOW to HIGH``, or the central interval's sentence for an unbounded side.
        """
        lo, hi = drawn_range(self.spec)
        span = f"{param_text(lo)} to {param_text(hi)}"
        if _unbounded_below(self.spec) or _unbounded_above(self.spec):
            return f"{100 * CENTRAL_SHARE:g} % of its draws lie in {span}"
        return f"it draws {span}"

    def message(self, field_line: int | None = None) -> str:
        """What is wrong, for ``scenario check`` and ``tigris risk``.

        Parameters
        ----------
        field_line : int or None, optional
            The line of the input's field in the scenario file, said after the path; None:
            no line.

        Returns
        -------
        str
            Outside: the value, the distribution, what a risk run would do and the ways out
            (``--recentre`` unless a lognormal cannot be moved, ``--as-written``); inside: that
            the draws centre on another value than the plan as planned.
        """
        at = f" (line {field_line})" if field_line else ""
        if self.outside:
            value = param_text(self.value)
            said = (
                f"the scenario's value {value} of {self.path}{at} is outside this "
                f"distribution ({self.describe()}; {self.draws()}): a risk "
                "run or a sampled sweep would draw the written range and discard the value; "
            )
            if cannot_recentre(self.spec, self.value) is not None:  # no --recentre
                return said + (
                    "a lognormal draws only positive values: write a distribution that "
                    f"reaches it, or give {AS_WRITTEN_FLAG} (draw it as written) to tigris "
                    "risk or a sampled tigris sweep"
                )
            return said + (
                f"move the distribution onto it, or give {RECENTRE_FLAG} (the same relative "
                f"spread around the value) or {AS_WRITTEN_FLAG} (draw it as written) to "
                "tigris risk or a sampled tigris sweep"
            )
        name, anchor = written_for(self.spec) or ("", math.nan)
        value, mode = param_text(self.value), param_text(anchor)
        return (
            f"the scenario's value {value} of {self.path}{at} is not this "
            f"distribution's {name} {mode}: the draws centre on {mode}, the "
            "plan as planned on the value"
        )


def param_text(x: Any) -> str:
    """A parameter as written in YAML, short: ``1.039e+07``, ``0.08``, ``18``; a list
    as ``[0, 5]``.

    Parameters
    ----------
    x : Any
        A number, or a list or tuple of numbers.

    Returns
    -------
    str
        The number to 6 significant digits (``:.6g``), a list in brackets.
    """
    if isinstance(x, list | tuple):
        return "[" + ", ".join(param_text(v) for v in x) + "]"
    return f"{float(x):.6g}"


def _value(sc: Scenario, path: str) -> float | None:
    """The input's value (a number), or ``None`` where there is none to compare (the
    checks of :mod:`tigris.scenario.checks_dist` report a path that holds none)."""
    from tigris.risk.cells import input_value

    try:
        v = input_value(sc, path)
    except InputError:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        return None
    return float(v)


def input_number(sc: Scenario, path: str) -> float | None:
    """The value a distributed input has in the scenario (what the plan as planned
    uses), or None where it holds no finite number.

    Parameters
    ----------
    sc : Scenario
        The scenario (a data-table cell is read from the tables in force).
    path : str
        The distribution's path (``facilities.3.capex_usd_per_mw``, a data-table cell).

    Returns
    -------
    float or None
        The value [the input's unit]; None for a path that does not resolve, a bool or a
        non-finite number.
    """
    return _value(sc, path)


def mismatches(sc: Scenario) -> list[Mismatch]:
    """Every distribution of ``sc`` whose input's value is outside it, or inside but not
    the value it was written for (:func:`written_for`), in the scenario's order.

    Parameters
    ----------
    sc : Scenario
        A scenario with ``distributions`` (none: no mismatches).

    Returns
    -------
    list of Mismatch
        One per such distribution (``outside`` True when the value is never drawn);
        distributions with parameter problems or without a numeric value are skipped.

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> mismatches(reference_scenario())
    []
    """
    out = []
    for path, spec in (sc.distributions or {}).items():
        if spec.problems():
            continue  # refused by the checks already
        value = _value(sc, path)
        if value is None:
            continue
        if not _inside(spec, value):
            out.append(Mismatch(path, value, spec, outside=True))
            continue
        anchor = written_for(spec)
        if anchor is not None and not _same(value, anchor[1]):
            out.append(Mismatch(path, value, spec, outside=False))
    return out


def field_loc(sc: Scenario, path: str) -> tuple[Any, ...] | None:
    """The scenario location of a distribution's input (``("facilities", 6,
    "capex_usd_per_mw")``), or ``None`` for a data-table cell.

    Parameters
    ----------
    sc : Scenario
        The scenario.
    path : str
        The distribution's path.

    Returns
    -------
    tuple or None
        The location as keys and list indices; None for a data-table cell or a path that
        does not resolve.
    """
    from tigris.risk.cells import is_cell
    from tigris.scenario.edit import _resolve

    if is_cell(path):
        return None
    try:
        return _resolve(sc, path)[1]
    except InputError:
        return None


def recentre(spec: Any, value: float) -> Any:
    """``spec`` moved onto ``value``: every parameter times ``value / anchor`` (the
    anchor :func:`written_for`, or the middle of a uniform's range or the weighted mean
    of a discrete one), or plus ``value - anchor`` where that ratio is not positive.

    Parameters
    ----------
    spec : Distribution
        A distribution of :mod:`tigris.risk.distributions`.
    value : float
        The value to move it onto [the input's unit].

    Returns
    -------
    Distribution
        A copy of ``spec``, moved, its ``source`` saying how (``x1.3`` or ``+2``).

    Raises
    ------
    InputError
        A lognormal onto a value <= 0 (field ``median``): it draws only positive
        values, median x exp(sigma Z), so no median centres it there
        (:func:`cannot_recentre`).

    Examples
    --------
    >>> from tigris.risk.distributions import Triangular
    >>> d = recentre(Triangular(low=8.0, mode=10.0, high=15.0, source="s"), 13.0)
    >>> round(d.low, 9), round(d.mode, 9), round(d.high, 9), d.source[:23]
    (10.4, 13.0, 19.5, 's; recentred by tigris ')
    """
    why = cannot_recentre(spec, value)
    if why is not None:
        raise InputError(why, field="median")
    anchor = _anchor(spec)
    ratio = value / anchor if anchor != 0 else math.nan
    scale = math.isfinite(ratio) and ratio > 0

    def moved(v: float) -> float:
        return v * ratio if scale else v + (value - anchor)

    how = f"x{ratio:.6g}" if scale else f"{value - anchor:+.6g}"
    changes: dict[str, Any] = {
        "source": f"{spec.source}; recentred by tigris risk {RECENTRE_FLAG} onto the "
        f"scenario's value {param_text(value)} ({how})"
    }
    if isinstance(spec, Point):
        changes["value"] = value
    elif isinstance(spec, Discrete):
        changes["values"] = [moved(v) for v in spec.values]
    elif isinstance(spec, Lognormal):
        changes["median"] = value  # multiplicative by construction; sigma is relative
    elif isinstance(spec, Normal):
        changes["mean"] = moved(spec.mean)
        changes["sd"] = spec.sd * ratio if scale else spec.sd
        for k in ("low", "high"):
            v = getattr(spec, k)
            changes[k] = None if v is None else moved(v)
    else:
        for k in ("low", "mode", "high"):
            if hasattr(spec, k):
                changes[k] = moved(getattr(spec, k))
    return spec.model_copy(update=changes)


def cannot_recentre(spec: Any, value: float) -> str | None:
    """Why ``spec`` cannot be moved onto ``value`` (``None`` if it can): a lognormal's
    draws, median x exp(sigma Z), are all positive (Johnson, Kotz & Balakrishnan 1994,
    Continuous Univariate Distributions vol. 1, ch. 14), so no lognormal centres on 0
    or a negative value; the ratio that moves any other kind, or the difference where
    it is not positive, always exists (:func:`recentre`).

    Parameters
    ----------
    spec : Distribution
        A distribution of :mod:`tigris.risk.distributions`.
    value : float
        The value it would be moved onto [the input's unit].

    Returns
    -------
    str or None
        The reason, naming ``--recentre`` and ``--as-written``; None when it can be moved.

    Examples
    --------
    >>> from tigris.risk.distributions import Lognormal
    >>> cannot_recentre(Lognormal(median=2.0, sigma=0.5), 3.0) is None
    True
    >>> cannot_recentre(Lognormal(median=2.0, sigma=0.5), 0.0)[:40]
    'a lognormal draws only positive values ('
    """
    if isinstance(spec, Lognormal) and value <= 0:
        return (
            f"a lognormal draws only positive values (median x exp(sigma Z)), so "
            f"{RECENTRE_FLAG} cannot centre it on {param_text(value)}: write a distribution "
            f"that reaches it (a normal, a uniform), or give {AS_WRITTEN_FLAG}"
        )
    return None


def _anchor(spec: Any) -> float:
    """What :func:`recentre` moves onto the value [the input's unit]."""
    w = written_for(spec)
    if w is not None:
        return w[1]
    if isinstance(spec, Discrete):
        weights = spec.weights or [1.0] * len(spec.values)
        return sum(v * p for v, p in zip(spec.values, weights, strict=True)) / sum(weights)
    return (spec.low + spec.high) / 2.0


def recentred(sc: Scenario, paths: list[str]) -> Scenario:
    """``sc`` with the distributions at ``paths`` moved onto their values
    (:func:`recentre`); the others as written.

    Parameters
    ----------
    sc : Scenario
        The scenario with ``distributions``.
    paths : list of str
        The distributions to move (those whose input holds no number are left as written).

    Returns
    -------
    Scenario
        A copy of ``sc`` with the new ``distributions``.
    """
    dists = dict(sc.distributions)
    for p in paths:
        value = _value(sc, p)
        if value is not None:
            dists[p] = recentre(dists[p], value)
    return sc.model_copy(update={"distributions": dists})


def check_support(
    sc: Scenario,
    *,
    recentre_outside: bool = False,
    as_written: bool = False,
    file: str | None = None,
    locate: Callable[[tuple[Any, ...]], int | None] | None = None,
) -> tuple[Scenario, list[Mismatch]]:
    """The scenario a risk run draws from, and every mismatch of its distributions.

    Parameters
    ----------
    sc : Scenario
        The scenario.
    recentre_outside : bool, optional
        Move each distribution its value lies outside onto the value
        (``--recentre``).
    as_written : bool, optional
        Draw such distributions as written (``--as-written``).
    file, locate : optional
        The scenario file and its line finder, for the messages.

    Returns
    -------
    (Scenario, list of Mismatch)
        The scenario to draw from (``sc``, or recentred), and the mismatches found
        (before recentring).

    Raises
    ------
    InputError
        A value outside its distribution with neither option (one problem each, at
        the distribution's line), both options given, or with ``recentre_outside`` a
        distribution that cannot be moved onto its value (:func:`cannot_recentre`) or
        that reaches a value its field refuses once moved.
    """
    if recentre_outside and as_written:
        msg = f"give {RECENTRE_FLAG} or {AS_WRITTEN_FLAG}, not both"
        raise InputError(msg, field=RECENTRE_FLAG)
    found = mismatches(sc)
    outside = [m for m in found if m.outside]
    if outside and not (recentre_outside or as_written):
        problems = []
        for m in outside:
            loc = field_loc(sc, m.path)
            field_line = locate(loc) if locate is not None and loc is not None else None
            line = locate(("distributions", m.path)) if locate is not None else None
            problems.append(
                Problem(f"distributions.{m.path}", m.message(field_line), file=file, line=line)
            )
        raise InputError(problems)
    if outside and recentre_outside:
        _check_movable(sc, outside, file, locate)
        moved = [m.path for m in outside]
        sc = recentred(sc, moved)
        _check_moved(sc, moved, file, locate)
    return sc, found


def drawn_scenario(sc: Scenario, *, recentre: bool = False, as_written: bool = False) -> Scenario:
    """The scenario the building blocks of :mod:`tigris.risk` draw from
    (:func:`tigris.risk.montecarlo.monte_carlo`, :func:`tigris.risk.sensitivity.sobol_plan`,
    :func:`tigris.risk.tornado.tornado`, :func:`tigris.risk.stochastic.stochastic`): the
    check of ``tigris risk`` and ``tigris.risk(...)`` (:func:`check_support`), so a
    value outside its distribution is refused from Python as on the command line, with
    the same :class:`~tigris.errors.InputError` text (without file and line).

    Parameters
    ----------
    sc : Scenario
        The scenario.
    recentre, as_written : bool, optional
        As ``--recentre`` and ``--as-written``.

    Returns
    -------
    Scenario
        ``sc``, or with the distributions its values lie outside recentred.

    Raises
    ------
    InputError
        As :func:`check_support`.
    """
    return check_support(sc, recentre_outside=recentre, as_written=as_written)[0]


def _check_movable(
    sc: Scenario,
    outside: list[Mismatch],
    file: str | None,
    locate: Callable[[tuple[Any, ...]], int | None] | None,
) -> None:
    """Refuse, before any is moved, a distribution :func:`recentre` cannot move onto
    its value (:func:`cannot_recentre`: a lognormal onto a value <= 0), one problem
    each at the distribution's line, naming the field's own line."""
    problems = []
    for m in outside:
        why = cannot_recentre(m.spec, m.value)
        if why is None:
            continue
        loc = field_loc(sc, m.path)
        field_line = locate(loc) if locate is not None and loc is not None else None
        at = f" (line {field_line})" if field_line else ""
        line = locate(("distributions", m.path)) if locate is not None else None
        said = f"the scenario's value {param_text(m.value)} of {m.path}{at}: {why}"
        problems.append(Problem(f"distributions.{m.path}", said, file=file, line=line))
    if problems:
        raise InputError(problems)


def _check_moved(
    sc: Scenario,
    paths: list[str],
    file: str | None,
    locate: Callable[[tuple[Any, ...]], int | None] | None,
) -> None:
    """Refuse a recentred distribution that now reaches a value its field does not
    accept (a discount rate's high end moved to 1 or more), as ``scenario check``
    refuses one written so (:func:`tigris.scenario.checks_dist.check_distributions`)."""
    from tigris.scenario.checks import parts_of
    from tigris.scenario.checks_dist import check_distributions

    problems = []
    for loc, msg in check_distributions(parts_of(sc)):
        if len(loc) > 1 and loc[1] in paths:
            line = locate(loc[:2]) if locate is not None else None
            field = ".".join(str(x) for x in loc)
            said = f"recentred by {RECENTRE_FLAG}, {msg}"
            problems.append(Problem(field, said, file=file, line=line))
    if problems:
        raise InputError(problems)
