"""Is a Monte Carlo sample lopsided? Draws about each input's median, and the plan as
planned against the sampled band.

Plain random draws (:func:`tigris.risk.distributions.sample_changes`) can, by chance,
fall mostly on one side of an input's distribution; with a handful of plans that moves
every output the input drives. Two checks say so (user test 2026-12-04, UT-UTILITY #8:
the reference ``--samples 17 --seed 7`` drew none of 17 values of the binding
``ai_growth_scale`` below its mode 1.0, which holds 30.6 % of its mass):

- :func:`sample_balance`: per drawn input, the draws below the input's own median (the
  distribution's, from its CDF: :func:`cdf`; never the sample's) and the exact two-sided
  binomial p-value of that count against 1/2 (the sign test); Holm's correction over
  the inputs; an input whose adjusted p-value is below :data:`BALANCE_ALPHA` is flagged
  ``lopsided``. The same count about the value the plan as planned uses (the
  scenario's own value, often the mode) is given beside it, tested against that value's
  own CDF share, as information: it says which side of the planned value the draws
  fell, the side the output bands then lean to.
- :func:`band_check`: the plan as planned (every input at its scenario value) against
  each output's sampled p5-p95 band: each output and year where it lies outside.

References
----------
Exact binomial test and the sign test: Conover, W. J. (1999). *Practical Nonparametric
Statistics*, 3rd ed., Wiley, sections 3.1 and 3.4 (two-sided p-value: the probabilities
of the counts no more likely than the one seen, summed). Holm, S. (1979). A simple
sequentially rejective multiple test procedure. Scandinavian Journal of Statistics 6(2),
65-70 (:func:`tigris.risk.montecarlo.holm`, as the drivers use it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = [
    "BALANCE_ALPHA",
    "band_check",
    "binomial_p",
    "cdf",
    "json_safe",
    "sample_balance",
    "side_probabilities",
    "summary_lines",
]

#: Level below which an input's Holm-adjusted p-value flags its draws lopsided [-]: the
#: drivers' level (:data:`tigris.risk.montecarlo.DRIVER_ALPHA`, the usual 5 %).
BALANCE_ALPHA = 0.05
#: Relative tolerance when comparing binomial probabilities for the two-sided p-value:
#: counts whose probability is within it of the one seen count as equally likely (a
#: floating-point allowance, as R's binom.test and scipy's binomtest use) [-].
_SAME_PROB_REL = 1e-7


def cdf(spec: Any, x: float) -> float:
    """P(X <= x) of a continuous distribution of :mod:`tigris.risk.distributions` [-].

    - uniform: (x - low)/(high - low);
    - triangular: (x - low)^2 / ((high - low)(mode - low)) up to the mode, else
      1 - (high - x)^2 / ((high - low)(high - mode)) (Evans, Hastings & Peacock 2000,
      *Statistical Distributions*, 3rd ed., ch. 40);
    - pert: I_z(alpha, beta), z = (x - low)/(high - low), the regularised incomplete
      beta function with Vose's (2008, section 9.1) alpha, beta;
    - lognormal: Phi(ln(x / median) / sigma);
    - normal: Phi((x - mean)/sd), truncated: (Phi(z) - Phi(a)) / (Phi(b) - Phi(a)).

    Each is the inverse of :func:`tigris.risk.distributions.quantile`.

    Parameters
    ----------
    spec : Uniform, Triangular, Pert, Lognormal or Normal
        The distribution [unit of its values].
    x : float
        A value [unit of the values].

    Returns
    -------
    float
        The share of the distribution at or below ``x`` [-].

    Raises
    ------
    TypeError
        A discrete or point distribution (no density: :func:`side_probabilities` sums
        its weights instead).

    Examples
    --------
    >>> from tigris.risk.distributions import Triangular
    >>> round(cdf(Triangular(low=0.47, mode=1.0, high=2.2), 1.0), 4)
    0.3064
    """
    from tigris.risk.distributions import Lognormal, Normal, Pert, Triangular, Uniform, _phi

    if isinstance(spec, Uniform | Triangular | Pert):
        lo, hi = spec.low, spec.high
        if x < lo:
            return 0.0
        if x >= hi:
            return 1.0
        width = hi - lo
        if isinstance(spec, Uniform):
            return (x - lo) / width
        m = spec.mode
        if isinstance(spec, Triangular):
            if x <= m:  # x == low == mode: no mass below
                return (x - lo) ** 2 / (width * (m - lo)) if m > lo else 0.0
            return 1.0 - (hi - x) ** 2 / (width * (hi - m))
        from scipy.special import betainc  # lazily: import tigris.risk stays cheap

        alpha = 1.0 + spec.lamb * (m - lo) / width
        beta = 1.0 + spec.lamb * (hi - m) / width
        return float(betainc(alpha, beta, (x - lo) / width))
    if isinstance(spec, Lognormal):
        return 0.0 if x <= 0 else _phi(math.log(x / spec.median) / spec.sigma)
    if isinstance(spec, Normal):
        z = (x - spec.mean) / spec.sd
        if spec.low is None and spec.high is None:
            return _phi(z)
        a, b = spec._bounds()
        if z <= a:
            return 0.0
        if z >= b:
            return 1.0
        return (_phi(z) - _phi(a)) / (_phi(b) - _phi(a))
    msg = f"expected a continuous distribution, got {type(spec).__name__}"
    raise TypeError(msg)


def _continuous(spec: Any) -> bool:
    from tigris.risk.distributions import Discrete, Pert, Point, Triangular, Uniform

    if isinstance(spec, Point | Discrete):
        return False
    return not (isinstance(spec, Uniform | Triangular | Pert) and spec.low == spec.high)


def side_probabilities(spec: Any, r: float, rounded: bool = False) -> tuple[float, float]:
    """P(X < r) and P(X > r) of a drawn input, from its distribution [-].

    A continuous input gives F(r) and 1 - F(r) (:func:`cdf`). One drawn to the nearest
    whole number (``rounded``: months, modules; as
    :func:`tigris.risk.distributions.sample_changes` does) is the rounded Y = rint(X):
    P(Y < r) = F(k + 1/2) for k the largest whole number below r, P(Y > r) = 1 - F(k' -
    1/2) for k' the smallest above. A discrete one sums the weights of its values below
    and above ``r``. The rest, P(X = r), is a tie.

    Parameters
    ----------
    spec : a distribution of :mod:`tigris.risk.distributions`
        The input's distribution [unit of its values].
    r : float
        The reference value [unit of the values].
    rounded : bool
        Whether the draws are rounded to whole numbers.

    Returns
    -------
    (float, float)
        P(below r), P(above r) [-].
    """
    from tigris.risk.distributions import Discrete, Point

    if isinstance(spec, Point):
        return (float(spec.value < r), float(spec.value > r))
    if isinstance(spec, Discrete):
        v = np.asarray(spec.values, dtype=float)
        if rounded:
            v = np.rint(v)
        w = np.ones(len(v)) if spec.weights is None else np.asarray(spec.weights, dtype=float)
        return (float(w[v < r].sum() / w.sum()), float(w[v > r].sum() / w.sum()))
    if not _continuous(spec):  # low == high: one value
        return (float(spec.low < r), float(spec.low > r))
    if rounded:
        below = math.ceil(r) - 1  # the largest whole number < r
        above = math.floor(r) + 1  # the smallest whole number > r
        return (cdf(spec, below + 0.5), 1.0 - cdf(spec, above - 0.5))
    f = cdf(spec, r)
    return (f, 1.0 - f)


def binomial_p(k: int, n: int, p: float = 0.5) -> float:
    """Exact two-sided binomial p-value of ``k`` successes in ``n`` trials [-].

    The sum of P(K = j) over every count j no more likely than ``k`` under Binomial(n,
    p) (Conover 1999, section 3.1); with p = 1/2 it is twice the smaller tail, at most 1
    (the sign test, Conover 1999, section 3.4): 0 of 17 gives 2 x 0.5^17.

    Parameters
    ----------
    k : int
        Successes (draws below the reference), 0 <= k <= n.
    n : int
        Trials (draws that are not ties).
    p : float
        Probability of a success under the hypothesis [-].

    Returns
    -------
    float
        The p-value in [0, 1] [-]; 1 for n = 0.

    Examples
    --------
    >>> binomial_p(0, 17) == 2 * 0.5**17
    True
    >>> binomial_p(8, 17)
    1.0
    """
    if n <= 0:
        return 1.0
    if p == 0.5:  # exact symmetry: twice the smaller tail, in whole numbers
        lower = sum(math.comb(n, j) for j in range(min(k, n - k) + 1))
        return float(min(Fraction(1), Fraction(2 * lower, 2**n)))
    from scipy.stats import binom  # lazily: import tigris.risk stays cheap

    pmf = binom.pmf(np.arange(n + 1), n, p)
    seen = pmf[k]
    return float(min(1.0, pmf[pmf <= seen * (1.0 + _SAME_PROB_REL)].sum()))


def _count(
    x: np.ndarray, r: float, spec: Any, rounded: bool, median: bool = False
) -> dict[str, Any]:
    """Draws below and above ``r`` (ties dropped), the share expected below among the
    untied, and the exact binomial p-value of the count."""
    below, above = int((x < r).sum()), int((x > r).sum())
    n = below + above
    if median and _continuous(spec) and not rounded:
        share = 0.5  # a continuous input's median: 1/2 by definition
    else:
        pb, pa = side_probabilities(spec, r, rounded)
        share = pb / (pb + pa) if pb + pa > 0 else math.nan
    p = binomial_p(below, n, share) if n and math.isfinite(share) else math.nan
    return {"below": below, "above": above, "expected_share_below": share, "p_value": p}


def sample_balance(
    specs: Mapping[str, Any],
    draws: Mapping[str, Sequence[float]],
    *,
    rounded: Sequence[str] = (),
    planned: Mapping[str, float] | None = None,
    alpha: float = BALANCE_ALPHA,
) -> dict[str, Any]:
    """How each input's draws fall about its median: the count below, the exact
    binomial p-value against 1/2 and Holm's correction over the inputs.

    Per input with a spread (a point, or low == high, is not tested): the median m =
    F^-1(1/2) of its distribution (:func:`tigris.risk.distributions.quantile`, not the
    sample's), the draws below and above m (a draw equal to m is a tie and dropped, the
    sign test's rule; only rounded or discrete inputs tie), the share expected below
    among the untied from the CDF (1/2 for a continuous input; P(Y < m) / (P(Y < m) +
    P(Y > m)) for a rounded or discrete one, :func:`side_probabilities`), the exact
    two-sided binomial p-value of the count (:func:`binomial_p`; Conover 1999, sections
    3.1 and 3.4) and that p-value after Holm's (1979) step-down correction over the
    inputs tested (:func:`tigris.risk.montecarlo.holm`, the drivers' style). An input
    with an adjusted p-value below ``alpha`` is ``lopsided``. The same count about the
    value the plan as planned uses (``planned``) follows under ``planned``, with its
    own Holm family: which side of that value the draws fell.

    Parameters
    ----------
    specs : mapping
        Path -> distribution (:mod:`tigris.risk.distributions`).
    draws : mapping
        Path -> the drawn values [the path's unit].
    rounded : sequence of str
        Paths drawn to whole numbers.
    planned : mapping, optional
        Path -> the scenario's own value [the path's unit].
    alpha : float
        Level of the flag [-].

    Returns
    -------
    dict
        ``{"method", "alpha", "tests", "inputs": {path: {"median", "below", "above",
        "expected_share_below", "p_value", "p_adjusted", "lopsided", "planned": {...} or
        None}}, "lopsided": [paths]}``.

    Examples
    --------
    >>> from tigris.risk.distributions import Uniform
    >>> b = sample_balance({"a": Uniform(low=0.0, high=1.0)}, {"a": [0.6] * 17})
    >>> b["inputs"]["a"]["below"], b["lopsided"]
    (0, ['a'])
    """
    from tigris.risk.distributions import quantile

    entries: dict[str, dict[str, Any]] = {}
    for path, spec in specs.items():
        if path not in draws or not (_continuous(spec) or _has_spread(spec)):
            continue
        x = np.asarray(draws[path], dtype=float)
        x = x[np.isfinite(x)]
        is_rounded = path in rounded
        m = float(quantile(spec, 0.5))
        if is_rounded:
            m = float(np.rint(m))
        entry = {"median": m, **_count(x, m, spec, is_rounded, median=True)}
        value = (planned or {}).get(path)
        entry["planned"] = (
            {"value": float(value), **_count(x, float(value), spec, is_rounded)}
            if value is not None and math.isfinite(float(value))
            else None
        )
        entries[path] = entry
    _adjust(entries, lambda e: e, "p_adjusted")
    _adjust(entries, lambda e: e["planned"], "p_adjusted")
    for e in entries.values():
        e["lopsided"] = bool(math.isfinite(e["p_adjusted"]) and e["p_adjusted"] < alpha)
        if e["planned"] is not None:
            pa = e["planned"]["p_adjusted"]
            e["planned"]["lopsided"] = bool(math.isfinite(pa) and pa < alpha)
        e["planned"] = e.pop("planned")  # last: the median's numbers first
    return {
        "method": "exact two-sided binomial (sign) test of the draws below each input's "
        "median (its distribution's) against 1/2; Holm (1979) over the inputs tested",
        "alpha": alpha,
        "tests": sum(1 for e in entries.values() if math.isfinite(e["p_value"])),
        "inputs": entries,
        "lopsided": [p for p, e in entries.items() if e["lopsided"]],
    }


def _has_spread(spec: Any) -> bool:
    """A discrete input with two values or more can fall on either side of its median."""
    from tigris.risk.distributions import Discrete

    return isinstance(spec, Discrete) and len(set(spec.values)) > 1


def _adjust(entries: Mapping[str, dict[str, Any]], pick: Any, key: str) -> None:
    """Holm's adjusted p-values of one family, written under ``key`` (NaN untested)."""
    from tigris.risk.montecarlo import holm

    tested = [
        (p, pick(e))
        for p, e in entries.items()
        if pick(e) is not None and math.isfinite(pick(e)["p_value"])
    ]
    adjusted = holm([t[1]["p_value"] for t in tested])
    for (_, target), pv in zip(tested, adjusted, strict=True):
        target[key] = pv
    for e in entries.values():
        t = pick(e)
        if t is not None:
            t.setdefault(key, math.nan)


def band_check(
    quantiles: Mapping[str, Any],
    deterministic: Mapping[str, Mapping[str, Any]],
    *,
    rel_tol: float | None = None,
) -> list[dict[str, Any]]:
    """Each output and year where the plan as planned lies outside the sampled p5-p95.

    With every input at its scenario value the plan is one point of the output's
    distribution; outside the band of the plans drawn around it, either the sample
    leans to one side (:func:`sample_balance`) or the output is skewed far from the
    inputs' own values (a mode is not a mean). Inside means p5 - tol <= planned <= p95
    + tol with tol the solver's relative feasibility tolerance
    (:data:`tigris.risk.montecarlo.FULL_TOL_REL`, HiGHS's) times the largest of |p5|,
    |p95|, |planned| and 1 (solver noise is not a verdict).

    Parameters
    ----------
    quantiles : mapping
        The ``quantiles`` of ``tigris risk --json``: output -> ``{"unit", "kind",
        "values": {year: {"p5", "p95", ...}}}``.
    deterministic : mapping
        The ``deterministic`` of the JSON: output -> year -> value.
    rel_tol : float, optional
        Override of the tolerance [-].

    Returns
    -------
    list of dict
        ``{"output", "year", "planned", "p5", "p95", "side": "below" | "above"}``, in
        the quantiles' order.

    Examples
    --------
    >>> q = {"energy_twh": {"values": {"2026": {"p5": 272.0, "p95": 307.0}}}}
    >>> band_check(q, {"energy_twh": {"2026": 266.4}})[0]["side"]
    'below'
    """
    from tigris.risk.montecarlo import FULL_TOL_REL

    tol = FULL_TOL_REL if rel_tol is None else rel_tol
    out = []
    for name, entry in quantiles.items():
        for year, q in (entry.get("values") or {}).items():
            lo, hi = q.get("p5"), q.get("p95")
            v = (deterministic.get(name) or {}).get(year)
            if lo is None or hi is None or v is None:
                continue
            lo, hi, v = float(lo), float(hi), float(v)
            if not all(math.isfinite(t) for t in (lo, hi, v)):
                continue
            slack = tol * max(abs(lo), abs(hi), abs(v), 1.0)
            side = "below" if v < lo - slack else "above" if v > hi + slack else None
            if side:
                out.append(
                    {
                        "output": name,
                        "year": str(year),
                        "planned": v,
                        "p5": lo,
                        "p95": hi,
                        "side": side,
                    }
                )
    return out


def json_safe(x: Any) -> Any:
    """``x`` with every non-finite float as None, recursively (JSON has no NaN).

    Parameters
    ----------
    x : Any
        A JSON-like value: dicts, lists, tuples, floats and anything else.

    Returns
    -------
    Any
        The same structure (tuples as lists) with NaN and infinities as None.
    """
    if isinstance(x, dict):
        return {k: json_safe(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [json_safe(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def _num(x: float) -> str:
    """A drawn value or median for people: four significant digits (``1.181``, ``3.5e+12``)."""
    return f"{x:.4g}"


def _p(x: float | None) -> str:
    return "–" if x is None else f"{x:.2g}"


def summary_lines(balance: Mapping[str, Any], words: Mapping[str, str] | None = None) -> list[str]:
    """The ``balance`` of the JSON in sentences (``tigris risk``'s summary and the risk
    report print the same): the lopsided inputs, or that none is, with the input whose
    draws lean most from the value the plan as planned uses when that lean alone would
    be significant; then the outputs whose planned value lies outside the sampled
    p5-p95, world outputs only (``words``: output key -> its words; a key with
    ``@<region>`` is in the JSON only).

    Parameters
    ----------
    balance : mapping of str to Any
        The JSON's ``balance``: ``alpha``, ``tests``, ``lopsided``, ``inputs`` (per input
        path: its sign test), ``planned_outside_band`` and ``plans`` (the plans the band
        is of; fewer than a p95 needs and the note says the band says little).
    words : mapping of str to str or None, optional
        Output key -> the words it is printed as; None: the keys themselves.

    Returns
    -------
    list of str
        The sentences: one ``warning: lopsided sample`` per lopsided input, or one
        ``balance:`` line when none is (none when no input was tested), then a ``note:``
        on the world outputs outside the band when any is.

    Examples
    --------
    >>> b = {"alpha": 0.05, "tests": 1, "lopsided": [], "inputs": {}, "planned_outside_band": []}
    >>> summary_lines(b)[0][:60]
    "balance: no input's draws are lopsided about its median (exa"
    """
    from tigris.fmt import share, year_ranges

    words = words or {}
    alpha = float(balance.get("alpha", BALANCE_ALPHA))
    level = share(alpha, 0)
    tests = int(balance.get("tests") or 0)
    inputs = balance.get("inputs") or {}
    lines = []
    how = f"exact binomial sign test, Holm over {tests} inputs, level {level}"
    flagged = balance.get("lopsided") or []
    for path in flagged:
        e = inputs[path]
        n = e["below"] + e["above"]
        lines.append(
            f"warning: lopsided sample: {path} drew {e['below']} of {n} below its median "
            f"{_num(e['median'])} (p {_p(e['p_value'])}, {_p(e['p_adjusted'])} after Holm over "
            f"{tests} inputs, < {level}): every output it drives leans that way; another "
            "--seed or more --samples"
        )
    if not flagged and tests:
        adjusted = [e["p_adjusted"] for e in inputs.values() if e.get("p_adjusted") is not None]
        low = min(adjusted) if adjusted else None
        line = (
            f"balance: no input's draws are lopsided about its median ({how}; lowest "
            f"adjusted p {_p(low)})"
        )
        leaning = [
            (e["planned"]["p_value"], path, e)
            for path, e in inputs.items()
            if e.get("planned") and e["planned"].get("p_value") is not None
        ]
        if leaning:
            pv, path, e = min(leaning, key=lambda t: t[0])
            pl = e["planned"]
            n = pl["below"] + pl["above"]
            if pv < alpha:
                line += (
                    f"; about the value the plan as planned uses, {path} drew {pl['below']} "
                    f"of {n} below {_num(pl['value'])} ({pl['expected_share_below'] * n:.1f} "
                    f"expected; p {_p(pv)}, {_p(pl['p_adjusted'])} after Holm)"
                )
        lines.append(line)
    outside: dict[tuple[str, str], list[int]] = {}
    for b in balance.get("planned_outside_band") or []:
        if "@" in b["output"]:  # by region: the JSON has it
            continue
        year = b["year"]
        key = (b["output"], b["side"])
        outside.setdefault(key, []).append(-1 if year == "all" else int(year))
    if outside:
        parts = []
        for side in ("below", "above"):
            items = [
                words.get(o, o) + ("" if ys == [-1] else f" {year_ranges(ys)}")
                for (o, sd), ys in outside.items()
                if sd == side
            ]
            if items:
                parts.append(f"{side} it: " + "; ".join(items))
        from tigris.risk.mcerror import min_plans_for_quantile

        plans = balance.get("plans")
        need = min_plans_for_quantile(0.95)
        why = (
            "its inputs sit at the scenario's values (often modes), and the draws may "
            "lean (balance above)"
        )
        if plans is not None and int(plans) < need:
            # from a few plans the band is close to their own range, so a value drawn
            # like them falls outside it often by chance too: said beside the reasons,
            # which a lopsided sample still supports (a review of 2026-12-07: "likely by
            # chance" contradicted the reference's balance line at 17 plans)
            n = int(plans)
            why += (
                f"; from {n} plan{'' if n == 1 else 's'} the band is close to the plans' "
                f"own range (a p5 or p95 needs {need} plans), so a value drawn like them "
                "falls outside it often by chance too"
            )
        lines.append(
            "note: the plan as planned lies outside the sampled p5–p95 band ("
            + "; ".join(parts)
            + f"): {why}; the JSON's balance.planned_outside_band has every output, "
            "by region too"
        )
    return lines
