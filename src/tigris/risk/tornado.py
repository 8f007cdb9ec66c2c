"""One input at a time: a tornado chart's bars over a scenario's distributions.

:func:`tornado` moves each distributed input alone to its low and high percentile,
every other input at the scenario's own value, and ranks the inputs by the swing of
each output. Its plans are solved as the Sobol' plans of :mod:`tigris.risk.sensitivity`
are (the same members, outputs and failure handling).

References
----------
Howard, R. A. (1988). Decision analysis: practice and promise. Management Science
34(6), 679-695 (tornado charts).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tigris.errors import InputError
from tigris.risk.sensitivity import (
    CONSTANT_RTOL,
    _distributions,
    _drivers,
    _integer_paths,
    _json_float,
    _member,
    _rank_order,
    _solve_members,
    _stopped_block,
    _years,
    output_keys,
)

if TYPE_CHECKING:
    from tigris.scenario.schema import Scenario

__all__ = ["Tornado", "tornado"]


@dataclass
class Tornado:
    """One-at-a-time sensitivity: each input at its low and high percentile.

    Attributes
    ----------
    base : dict
        Each output with every input at the scenario's own value [its unit] (NaN if
        that plan failed).
    bars : pandas.DataFrame
        ``output``, ``path``, ``input_low``, ``input_high``, ``input_base`` (the
        scenario's value) [the input's unit], ``output_low``, ``output_high`` (the output
        with the input at its low and high value, every other input at the scenario's)
        [the output's unit], ``swing``: the bar's extent with the base plan inside it,
        ``max - min`` of the output at low, high and base (:func:`_swing`; ``|output_high
        - output_low|`` when the output is monotone in the input; 0 when within
        :data:`CONSTANT_RTOL` of their magnitude: rounding), ``same_side`` (both ends on
        one side of the base: :func:`same_side`), ``rank`` (1 = the largest
        swing within the output, ties in the scenario's order; missing where a plan
        failed or stopped), ``stopped`` (the ends, ``"low"``, ``"high"`` or ``"low,
        high"``, whose plan stopped at a solver limit: no value there, ``""`` else).
    low_q, high_q : float
        The percentiles of the low and high values [-].
    evaluations : int
        Plans solved (members with the same changes solved once).
    failed : pandas.DataFrame
        ``[member, path, side, error]``; the base plan is path ``""``, side ``"base"``.
    stopped : pandas.DataFrame
        ``[member, path, side, status, mip_gap, time_limit_s]`` ([-], [s]): the plans
        that stopped at a solver limit, feasible but not proven optimal; their numbers
        are not used, as a failed plan's (``docs/risk.md``, "Plans stopped at the time
        limit").
    stopped_note : str or None
        What the reader must know of them (:func:`stopped_note`, also in ``notes``);
        None when none stopped.
    notes : list of str
        What the reader must know.
    """

    base: dict[str, float]
    bars: pd.DataFrame
    low_q: float = 0.05
    high_q: float = 0.95
    evaluations: int = 0
    failed: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["member", "path", "side", "error"])
    )
    notes: list[str] = field(default_factory=list)
    stopped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=_STOPPED_COLUMNS))
    stopped_note: str | None = None

    def drivers(self) -> pd.DataFrame:
        """Inputs ranked by swing, ``[output, rank, path, measure, value]`` with
        ``measure`` ``"tornado_swing"`` (bars without a rank left out).

        Returns
        -------
        pd.DataFrame
            ``[output, rank, path, measure, value]``, ``value`` the bar's swing: the range of
            the output over the low end, the high end and the base [the output's unit].
        """
        return _drivers(self.bars, "tornado_swing", "swing")

    def to_dict(self) -> dict[str, Any]:
        """The ``"tornado"`` piece of ``tigris risk --json`` (JSON-safe): ``low_q``,
        ``high_q``, ``evaluations``, ``base`` {output: value}, ``bars`` {output: [bars in
        rank order], each with ``stopped``, the ends whose plan stopped}, ``failed``,
        ``notes`` and ``stopped`` (last: the plans that stopped at a solver limit,
        ``{"members", "max_gap", "note", "plans"}``, each plan with its ``path`` and
        ``side``; :func:`tigris.risk.sensitivity._stopped_block`).

        Returns
        -------
        dict of str to Any
            The piece: ``low_q``, ``high_q``, ``evaluations``, ``base``, ``bars``, ``failed``,
            ``notes``, ``stopped``.
        """
        bars: dict[str, list[dict[str, Any]]] = {}
        cols = ["input_low", "input_high", "input_base", "output_low", "output_high", "swing"]
        for r in _rank_order(self.bars).itertuples(index=False):
            bars.setdefault(str(r.output), []).append(
                {
                    "rank": None if pd.isna(r.rank) else int(r.rank),
                    "path": r.path,
                    **{c: _json_float(getattr(r, c)) for c in cols},
                    "same_side": bool(getattr(r, "same_side", False)),
                    "stopped": _sides(getattr(r, "stopped", "")),
                }
            )
        return {
            "low_q": float(self.low_q),
            "high_q": float(self.high_q),
            "evaluations": int(self.evaluations),
            "base": {k: _json_float(v) for k, v in self.base.items()},
            "bars": bars,
            "failed": [
                {"member": int(r.member), "path": r.path, "side": r.side, "error": str(r.error)}
                for r in self.failed.itertuples(index=False)
            ],
            "notes": list(self.notes),
            "stopped": _stopped_block(  # added 2026-12-05: last
                self.stopped,
                self.stopped_note,
                ("path", "side"),
            ),
        }


#: Columns of :attr:`Tornado.stopped`.
_STOPPED_COLUMNS = ["member", "path", "side", "status", "mip_gap", "time_limit_s"]


def _sides(text: Any) -> list[str]:
    """A bar's ``stopped`` ends as a list: ``"low, high"`` -> ``["low", "high"]``."""
    return [x.strip() for x in str(text or "").split(",") if x.strip()]


def stopped_note(stopped: pd.DataFrame, total: int, low_q: float, high_q: float) -> str | None:
    """What a reader must know of the tornado's plans that stopped at a solver limit
    (None when none did): how many, which input at which end (or the base plan), the
    limit and the largest gap, and that their numbers are not used.

    Parameters
    ----------
    stopped : pd.DataFrame
        The tornado's plans that stopped at a solver limit, columns ``[member, path, side,
        status, mip_gap, time_limit_s]``; ``side`` is ``"low"``, ``"high"`` or ``"base"``.
    total : int
        Plans the tornado solved [-].
    low_q : float
        Quantile of the bars' low end (0.05) [-].
    high_q : float
        Quantile of the bars' high end (0.95) [-].

    Returns
    -------
    str or None
        The note; None when no plan stopped.

    Examples
    --------
    >>> df = pd.DataFrame([(2, "pue", "high", "time_limit", 0.35, 60.0)],
    ...                   columns=_STOPPED_COLUMNS)
    >>> print(stopped_note(df, 5, 0.05, 0.95))  # doctest: +NORMALIZE_WHITESPACE
    1 of 5 plans (pue at its p95) stopped at the 60 s time limit, gap up to 35.0%: a
    feasible plan's numbers, not proven optimal, so not used: that end of the bar shows
    'stopped', with no value, no swing and no rank
    """
    from tigris.runs.sweep import limit_words

    if not len(stopped):
        return None
    q = {"low": f"p{low_q * 100:.0f}", "high": f"p{high_q * 100:.0f}"}
    who = "; ".join(
        "the base plan" if side == "base" else f"{path} at its {q[side]}"
        for path, side in zip(stopped["path"], stopped["side"], strict=True)
    )
    at, gap = limit_words(stopped)
    n = len(stopped)
    ends = "that end of the bar shows" if n == 1 else "those ends of the bars show"
    text = (
        f"{n} of {total} plans ({who}) stopped {at}{gap}: a feasible plan's numbers, "
        f"not proven optimal, so not used: {ends} 'stopped', with no value, no swing and "
        "no rank"
    )
    if (stopped["side"] == "base").any():
        text += "; the base plan has no value, so each swing is |high - low| alone"
    return text


def _swing(low: float, high: float, base: float | None = None) -> float:
    """The bar's extent: ``max(low, high, base) - min(low, high, base)``, 0 within
    :data:`CONSTANT_RTOL` of their magnitude (rounding in the solve is not a swing to
    rank on).

    A tornado bar runs from the output at the input's low value to the output at its
    high value with the base plan inside it (Clemen & Reilly, *Making Hard Decisions*,
    3rd ed., 2014, ch. 5, "tornado diagrams"); for an output monotone in the input that
    is ``|high - low|``. When both ends move the output the same way (the base outside
    ``[low, high]``), ``|high - low|`` can be 0 while the input moves the output: the
    extent from the base counts that move (user test 2026-12-04, UT-RISK #6: a growth
    scale that raised capex $200M at both ends had swing 0). Without ``base``,
    ``|high - low|``.

    Examples
    --------
    >>> _swing(2.5e9, 2.5e9 + 4.8e-7), _swing(1.0, 3.0), _swing(1.0, 3.0, 2.0)
    (0.0, 2.0, 2.0)
    >>> round(_swing(39.656, 39.656, 39.456), 9)
    0.2
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        return math.nan  # a failed plan: no bar to rank
    ends = [low, high] if base is None or not math.isfinite(base) else [low, high, base]
    d = max(ends) - min(ends)
    return 0.0 if d <= CONSTANT_RTOL * max(abs(x) for x in ends) else d


def same_side(low: float, high: float, base: float) -> bool:
    """Whether the input moves the output the same way at both ends (the base plan
    outside ``[low, high]`` by more than :data:`CONSTANT_RTOL`): the output is not
    monotone in the input, and its bar does not straddle the base.

    Parameters
    ----------
    low : float
        The output with the input at its low end [the output's unit].
    high : float
        The output with the input at its high end [the output's unit].
    base : float
        The output of the base plan [the output's unit].

    Returns
    -------
    bool
        True when both ends lie on one side of ``base``, beyond the tolerance; False when
        not or when a value is not finite.

    Examples
    --------
    >>> same_side(39.656, 39.656, 39.456), same_side(1.0, 3.0, 2.0)
    (True, False)
    """
    if not all(math.isfinite(x) for x in (low, high, base)):
        return False
    tol = CONSTANT_RTOL * max(abs(low), abs(high), abs(base))
    return min(low, high) > base + tol or max(low, high) < base - tol


def tornado(
    sc: Scenario,
    outputs: Sequence[str] | None = None,
    *,
    low_q: float = 0.05,
    high_q: float = 0.95,
    workers: int | None = None,
    scheduler: str | None = None,
    data: str | Path | None = None,
    progress: bool = False,
    recentre: bool = False,
    as_written: bool = False,
    **options: Any,
) -> Tornado:
    """A tornado chart's bars: each distributed input alone at its low and high value.

    For each input of the scenario's ``distributions``, two plans: the input at its
    ``low_q`` and at its ``high_q`` quantile (:func:`tigris.risk.distributions.quantile`;
    whole-number inputs rounded), every other input at the scenario's own value; and the
    scenario itself once (``base``). 1 + 2 D plans at most (members with the same
    changes, e.g. a value equal to the scenario's own, are solved once). Bars rank by
    swing, the output's range over the input's range; interactions between inputs and
    correlations are not seen (one input moves at a time).

    Parameters
    ----------
    sc : Scenario
        A scenario with ``distributions``.
    outputs : sequence of str, optional
        Outputs (:func:`tigris.risk.sensitivity.output_keys`); default the driver outputs.
    low_q, high_q : float, optional
        Percentiles of the low and high values, 0 <= low_q < high_q <= 1 [-].
    workers, scheduler, data, progress, **options
        As :func:`tigris.risk.montecarlo.evaluate`.
    recentre, as_written : bool, optional
        A scenario value outside its own distribution is refused, as by ``tigris
        risk`` (:func:`tigris.risk.support.drawn_scenario`), unless ``recentre``
        (the distribution moved onto the value) or ``as_written`` (drawn as written).

    Returns
    -------
    Tornado

    Raises
    ------
    InputError
        No distributions, an unknown output, percentiles out of order, a value outside
        its distribution: nothing solved.

    References
    ----------
    Howard (1988) (module docstring); Saltelli et al. (2008), Global Sensitivity
    Analysis: The Primer, Wiley, section 1.2.3 (one-at-a-time designs and what they miss).
    """
    from tigris.risk.cells import input_value
    from tigris.risk.distributions import quantile
    from tigris.risk.support import drawn_scenario

    paths, specs = _distributions(sc, "a tornado")
    keys = output_keys(outputs, _years(sc))
    for name, q in (("low_q", low_q), ("high_q", high_q)):
        if isinstance(q, bool) or not isinstance(q, int | float) or not 0 <= q <= 1:
            raise InputError(f"expected a probability in [0, 1], got {q!r}", field=name)
    if not low_q < high_q:
        raise InputError(f"expected high_q > low_q ({low_q}), got {high_q}", field="high_q")
    sc = drawn_scenario(sc, recentre=recentre, as_written=as_written)  # after the options
    specs = [sc.distributions[p] for p in paths]
    as_int = _integer_paths(sc, paths, data)
    own = [input_value(sc, p, data) for p in paths]
    lows = [float(quantile(s, low_q)) for s in specs]
    highs = [float(quantile(s, high_q)) for s in specs]
    members: list[dict[str, Any]] = [{}]
    sides: list[tuple[str, str]] = [("", "base")]
    for p, lo, hi, i, v in zip(paths, lows, highs, as_int, own, strict=True):
        for side, x in (("low", lo), ("high", hi)):
            value = _member([p], [x], [i])[p]
            members.append({} if value == v else {p: value})  # the scenario's own: the base
            sides.append((p, side))
    y, fail, n_plans, limited = _solve_members(
        sc,
        members,
        keys,
        workers=workers,
        scheduler=scheduler,
        data=data,
        progress=progress,
        **options,
    )
    rows = []
    for k, (name, _, _) in enumerate(keys):
        for j, p in enumerate(paths):
            lo_y, hi_y = y[1 + 2 * j, k], y[2 + 2 * j, k]
            lo_x, hi_x = members[1 + 2 * j].get(p, own[j]), members[2 + 2 * j].get(p, own[j])
            rows.append(
                {
                    "output": name,
                    "path": p,
                    "input_low": float(lo_x),
                    "input_high": float(hi_x),
                    "input_base": float(own[j]),
                    "output_low": float(lo_y),
                    "output_high": float(hi_y),
                    "swing": _swing(float(lo_y), float(hi_y), float(y[0, k])),
                    "same_side": same_side(float(lo_y), float(hi_y), float(y[0, k])),
                }
            )
    stopped = pd.DataFrame(
        [(int(r.member), *sides[int(r.member)], r.status, r.mip_gap, r.time_limit_s)
         for r in limited.itertuples(index=False)],
        columns=_STOPPED_COLUMNS,
    )  # fmt: skip
    for row in rows:  # which ends of each bar stopped: marked, not drawn as a value
        ends = stopped.loc[stopped["path"] == row["path"], "side"]
        row["stopped"] = ", ".join(x for x in ("low", "high") if x in set(ends))
    bars = pd.DataFrame(rows)
    ranks = pd.Series(pd.NA, index=bars.index, dtype="Int64")
    for _, g in bars.groupby("output", sort=False):
        ok = g[g["swing"].notna()].sort_values("swing", ascending=False, kind="stable").index
        ranks[ok] = np.arange(1, len(ok) + 1)
    bars["rank"] = ranks
    failed = pd.DataFrame(
        [(m, *sides[m], e) for m, e in zip(fail["member"], fail["error"], strict=True)],
        columns=["member", "path", "side", "error"],
    )
    notes = [
        "one input moves at a time, the others at the scenario's own value: interactions "
        "and the scenario's correlations are not seen"
    ]
    if len(failed):
        notes.append(f"{len(failed)} of {len(members)} plans failed: their bars have no rank")
    note = stopped_note(stopped, len(members), low_q, high_q)
    if note is not None:
        notes.append(note)
    return Tornado(
        base={name: float(y[0, k]) for k, (name, _, _) in enumerate(keys)},
        bars=bars,
        low_q=float(low_q),
        high_q=float(high_q),
        evaluations=n_plans,
        failed=failed,
        notes=notes,
        stopped=stopped,
        stopped_note=note,
    )
