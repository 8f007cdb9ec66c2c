"""``tigris.risk(...)``: how sure is a plan, in one call (docs/risk.md).

:func:`risk` strings together the pieces of :mod:`tigris.risk`: the plan-level Monte
Carlo over the scenario's distributions (:mod:`tigris.risk.montecarlo`, always), and on
request Sobol indices or a tornado (:mod:`tigris.risk.sensitivity`), named disruptions
re-planned (:mod:`tigris.risk.disruptions`) and a two-stage stochastic plan
(:mod:`tigris.risk.stochastic`). Its :class:`RiskResult` gives the ``tigris risk
--json`` document (:meth:`RiskResult.to_dict`), the ranked drivers
(:meth:`RiskResult.drivers`) and the HTML report (:meth:`RiskResult.write_report`).

Every option is checked before any plan is solved (a bad one is an
:class:`~tigris.errors.InputError` naming it, as the CLI flag), so a bad call runs
nothing and stores nothing.
"""

from __future__ import annotations

import dataclasses
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tigris.errors import InputError, Problem, TigrisError

if TYPE_CHECKING:
    import pandas as pd

    from tigris.risk.disruptions import DisruptionResult
    from tigris.risk.montecarlo import MonteCarlo
    from tigris.risk.sensitivity import SobolResult
    from tigris.risk.stochastic import StochasticResult
    from tigris.risk.support import Mismatch
    from tigris.risk.tornado import Tornado
    from tigris.scenario import Scenario

__all__ = [
    "DEFAULT_SAMPLES",
    "DEFAULT_SOBOL_N",
    "RiskInterrupted",
    "RiskResult",
    "RiskStepError",
    "plans_asked",
    "risk",
    "sobol_evaluations",
]

#: Monte Carlo members of a run that names no ``samples``: 64 plans are a few minutes on
#: 2 cores (a reference plan solves in 1-8 s, docs/risk.md) and put the p5 and p95 of an output
#: between its 4th and 5th smallest (largest) draws, so the 90 % band rests on more
#: than one extreme draw (numpy ``quantile(method="linear")``: 0-based position
#: q (n - 1) = 3.15 of the sorted draws).
DEFAULT_SAMPLES = 64
#: Saltelli base sample of ``sobol=True`` when ``sobol_n`` is not given: a power of two
#: (Sobol' sequences balance at powers of two; SALib warns otherwise); with D inputs a
#: run solves ``sobol_n * (D + 2)`` plans (first and total order, Saltelli 2010 Table 2).
DEFAULT_SOBOL_N = 16
#: The objective the two-stage stochastic program needs: a cost to minimise (F).
STOCHASTIC_OBJECTIVE = "serve"


@dataclass
class RiskResult:
    """What :func:`risk` found: the Monte Carlo, and the analyses asked for.

    Attributes
    ----------
    scenario : str
        The scenario's name.
    horizon : tuple of int
        First and last year [year].
    monte_carlo : MonteCarlo
        Quantiles of every output over the sampled plans (:mod:`tigris.risk.montecarlo`).
    sobol : SobolResult or None
        Sobol indices of the driver outputs (``sobol=True``).
    tornado : Tornado or None
        One-at-a-time low/high swings of the driver outputs (``tornado=True``).
    disruptions : list of DisruptionResult
        Each named disruption re-planned, in the order asked.
    stochastic : StochasticResult or None
        The two-stage stochastic plan (``stochastic=K``).
    outputs : list of str
        The driver outputs (:func:`tigris.risk.montecarlo.driver_outputs`).
    off_centre : list of Mismatch
        Inputs whose scenario value is not the value their distribution was written
        for, or lies outside it (:mod:`tigris.risk.support`; user test 2026-12-04,
        UT-MONEY #3).
    recentred : bool
        Whether the distributions a value lay outside were moved onto it
        (``recentre=True``, ``--recentre``).
    """

    scenario: str
    horizon: tuple[int, int]
    monte_carlo: MonteCarlo
    sobol: SobolResult | None = None
    tornado: Tornado | None = None
    disruptions: list[DisruptionResult] = field(default_factory=list)
    stochastic: StochasticResult | None = None
    outputs: list[str] = field(default_factory=list)
    off_centre: list[Mismatch] = field(default_factory=list)
    recentred: bool = False

    @property
    def ok(self) -> bool:
        """Whether every Monte Carlo member and the plan as planned solved to optimality
        (none failed, none stopped at the time limit) and no Sobol or tornado plan
        failed or stopped at it: ``tigris risk``'s exit code 0."""
        mc = self.monte_carlo
        if len(mc.failed) or len(mc.limited):
            return False
        return not any(
            len(x.stopped) or len(x.failed) for x in (self.sobol, self.tornado) if x is not None
        )

    def drivers(self) -> pd.DataFrame:
        """The inputs that move each driver output most, ranked.

        From the Sobol total-order index when Sobol indices were computed, else the
        tornado's swing, else Spearman's rank correlation of the Monte Carlo draws with
        the output (|rho| descending; :meth:`MonteCarlo.drivers`).

        Returns
        -------
        DataFrame
            ``[output, rank, path, measure, value, p_value, note, p_adjusted]``;
            ``measure`` is
            ``"sobol_total"`` [-], ``"tornado_swing"`` [the output's unit] or
            ``"spearman"`` [-]; rank 1 is the strongest. For Spearman ``p_value`` is the
            rank correlation's two-sided p-value, ``p_adjusted`` the same after Holm's
            correction over the inputs tested for that output (Holm 1979,
            :func:`~tigris.risk.montecarlo.holm`) and ``note`` says "not significant"
            (adjusted p ≥ 5 %) or
            that the input moved nothing (its facility or site never built, ranked
            last); NaN and empty for the other measures. Empty when Spearman would be
            used and fewer than :func:`~tigris.risk.montecarlo.min_driver_samples`
            members solved (17: the fewest from which a rank correlation of 0.5 is
            significant at 5 %; ``docs/risk.md``, "Drivers"), with ``attrs["reason"]``
            saying so, as :meth:`MonteCarlo.drivers` does.
        """
        import pandas as pd

        cols = ["output", "rank", "path", "measure", "value", "p_value", "note", "p_adjusted"]
        if self.sobol is not None:
            df = self.sobol.drivers()
        elif self.tornado is not None:
            df = self.tornado.drivers()
        else:  # empty, with its reason, below the fewest plans that rank
            df = self.monte_carlo.drivers(self.outputs or None)
        if not len(df):
            empty = pd.DataFrame(columns=cols)
            if "reason" in df.attrs:
                empty.attrs["reason"] = df.attrs["reason"]
            return empty
        df = df.copy()
        if "p_value" not in df:
            df["p_value"] = math.nan
        if "note" not in df:
            df["note"] = ""
        if "p_adjusted" not in df:
            df["p_adjusted"] = math.nan
        df = df[cols]
        df["rank"] = df["rank"].astype(int)
        order = {o: i for i, o in enumerate(self.outputs)}
        df["_o"] = df["output"].map(lambda o: order.get(o, len(order)))
        return df.sort_values(["_o", "output", "rank"]).drop(columns="_o").reset_index(drop=True)

    def drivers_dict(self) -> dict[str, list[dict[str, Any]]]:
        """:meth:`drivers` as the JSON's ``drivers``: output -> ranked list (``p_value``
        null and ``note`` empty unless the measure is Spearman).

        Returns
        -------
        dict of str to list of dict
            Output name -> its drivers by rank, each ``{rank, path, measure, value, p_value,
            p_adjusted, note}``; non-finite p-values as None.
        """
        out: dict[str, list[dict[str, Any]]] = {}
        for row in self.drivers().to_dict("records"):
            p, padj = row["p_value"], row["p_adjusted"]
            out.setdefault(str(row["output"]), []).append(
                {
                    "rank": int(row["rank"]),
                    "path": str(row["path"]),
                    "measure": str(row["measure"]),
                    "value": row["value"],
                    "p_value": None if p is None or not math.isfinite(float(p)) else float(p),
                    "p_adjusted": (
                        None if padj is None or not math.isfinite(float(padj)) else float(padj)
                    ),
                    "note": str(row["note"] or ""),
                }
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        """The ``tigris risk --json`` document (docs/risk.md, "JSON"): JSON-safe (NaN as
        null, years as string keys), the same text for the same seed.

        Returns
        -------
        dict of str to Any
            The document: ``scenario``, the Monte Carlo's keys (``inputs``, ...), ``drivers``,
            ``sobol``, ``tornado``, ``disruptions``, ``stochastic`` (None when not run), then
            ``balance`` and ``stopped``.
        """
        from tigris.cli._output import jsonable

        doc: dict[str, Any] = {"scenario": self.scenario}
        doc.update(self.monte_carlo.to_dict())
        for m in self.off_centre:  # the value it was not written for, beside its draws
            if m.path in doc["inputs"]:
                doc["inputs"][m.path]["off_centre"] = self._off_centre_entry(m)
        doc["drivers"] = self.drivers_dict()
        doc["sobol"] = self.sobol.to_dict() if self.sobol is not None else None
        doc["tornado"] = self.tornado.to_dict() if self.tornado is not None else None
        doc["disruptions"] = [d.to_dict() for d in self.disruptions] if self.disruptions else None
        doc["stochastic"] = self.stochastic.to_dict() if self.stochastic is not None else None
        doc["balance"] = doc.pop("balance")  # added in session 37: last, after the rest
        doc["stopped"] = doc.pop("stopped")  # added in session 38: after it
        return jsonable(doc)

    def _off_centre_entry(self, m: Mismatch) -> dict[str, Any]:
        """``inputs.<path>.off_centre`` of the JSON: the input's value in the scenario,
        what its distribution (as written) draws and was written for, and how the run
        drew it."""
        from tigris.risk.support import support, written_for

        lo, hi = support(m.spec)
        anchor = written_for(m.spec)
        if not m.outside:
            drawn = "as written, around its " + (anchor[0] if anchor else "range")
        else:
            drawn = "recentred onto the value" if self.recentred else "as written (--as-written)"
        return {
            "value": m.value,
            "dist": getattr(m.spec, "dist", None),
            "low": lo if math.isfinite(lo) else None,
            "high": hi if math.isfinite(hi) else None,
            "written_for": {anchor[0]: anchor[1]} if anchor else None,
            "outside": m.outside,
            "drawn": drawn,
        }

    def write_report(self, path: str | Path) -> Path:
        """Write the self-contained HTML risk report (docs/risk.md, "Report").

        Parameters
        ----------
        path : str or Path
            The HTML file; its folder is created if needed.

        Returns
        -------
        Path
            ``path``.
        """
        from tigris.report.risk_html import write_risk_html

        return write_risk_html(self, path)

    def write_pngs(self, folder: str | Path) -> list[Path]:
        """Write the report's figures as PNG files (matplotlib) into ``folder``.

        They are written aside and moved in (:func:`tigris.fsio.atomic_dir`); then an
        earlier risk run's figure this run did not draw (``tornado-*.png`` from a run
        with ``--tornado``) is removed, so the folder is never a mix of two runs
        (:mod:`tigris.report.folders`). Files of other names are kept.

        Parameters
        ----------
        folder : str or Path
            The folder to write into (made if missing).

        Returns
        -------
        list of Path
            The PNG files written, in ``folder``.
        """
        from tigris.fsio import atomic_dir
        from tigris.report.folders import drop_stale, risk_png_names
        from tigris.report.risk import write_risk_pngs

        with atomic_dir(folder, "--png") as tmp:
            names = [p.name for p in write_risk_pngs(self, tmp)]
        drop_stale(folder, names, risk_png_names())
        return [Path(folder) / n for n in names]


def _whole(
    name: str, value: Any, lo: int, hi: float, none_ok: bool = False, note: str = ""
) -> list[Problem]:
    """A problem unless ``value`` is a whole number in [lo, hi] (or None if allowed);
    ``note`` says what the bounds do not, in parentheses after them."""
    if value is None and none_ok:
        return []
    ok = isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi
    if ok:
        return []
    top = "" if math.isinf(hi) else f", at most {hi:,}"
    said = f" ({note})" if note else ""
    return [Problem(name, f"expected a whole number >= {lo}{top}{said}, got {value!r}")]


def check_options(
    *,
    samples: Any,
    seed: Any,
    sobol: Any,
    sobol_n: Any,
    tornado: Any,
    disruptions: Any,
    stochastic: Any,
    workers: Any,
    first_stage_through: Any = None,
    disruption_probabilities: Any = None,
    design: Any = "random",
) -> None:
    """Refuse a bad option of :func:`risk`, naming it as the CLI flag (nothing runs).

    ``sobol_n`` is refused without ``sobol`` (None is "not given": the default base
    sample with ``sobol``), as ``--sobol-n`` without ``--sobol`` is.
    ``first_stage_through`` is checked here as a whole number given with ``stochastic``;
    that it is a year of the scenario's horizon is checked once the scenario is read.

    Parameters
    ----------
    samples : Any
        Monte Carlo members (``--samples``), a whole number from 1 to 10,000 [-].
    seed : Any
        Seed of the random draws (``--seed``); None: a fresh seed [-].
    sobol : Any
        Whether Sobol indices are asked for (``--sobol``), True or False.
    sobol_n : Any
        Saltelli base sample (``--sobol-n``), at least 2; None: not given [-].
    tornado : Any
        Whether a tornado is asked for (``--tornado``), True or False.
    disruptions : Any
        Names of the disruptions to re-plan (``--disruption``), a list of str, each once.
    stochastic : Any
        Sampled futures of a stochastic plan (``--stochastic K``); None: no stochastic plan;
        0 is allowed only with named disruptions [-].
    workers : Any
        Dask worker processes (``--workers``), 0 or more; None: not given [-].
    first_stage_through : Any, optional
        Last start year of the shared first stage (``--first-stage-through``); allowed only
        with ``stochastic``; None: not given [year].
    disruption_probabilities : Any, optional
        Named disruption -> probability among the futures (``--disruption-probability``)
        [fraction 0-1]; None: not given.
    design : Any, optional
        The Monte Carlo's sampling design (``--design``), ``"random"`` or ``"lhs"``.

    Raises
    ------
    InputError
        One problem per bad option.
    """
    from tigris.cli._args import MAX_SEED, STOCHASTIC_ZERO
    from tigris.risk.extensive import MAX_SCENARIOS
    from tigris.runs.sweep import MAX_MEMBERS

    problems = [
        *_whole("--samples", samples, 1, MAX_MEMBERS),
        *_whole("--seed", seed, 0, MAX_SEED, none_ok=True),
        *_whole("--sobol-n", sobol_n, 2, MAX_MEMBERS, none_ok=True),
        # K = 0: the named disruptions alone are the futures
        *_whole(
            "--stochastic",
            stochastic,
            0 if disruptions else 1,
            MAX_SCENARIOS,
            none_ok=True,
            note="" if disruptions else STOCHASTIC_ZERO,
        ),
        *_whole("--workers", workers, 0, math.inf, none_ok=True),
        *_whole("--first-stage-through", first_stage_through, 0, math.inf, none_ok=True),
    ]
    if sobol_n is not None and sobol is False:  # not silently unused (RISK-LEFT #3)
        msg = (
            "the Saltelli base sample (sobol_n) belongs to Sobol indices: give --sobol with "
            "it (sobol=True), or leave it out"
        )
        problems.append(Problem("--sobol-n", msg))
    if first_stage_through is not None and stochastic is None:
        msg = "a first stage belongs to a stochastic plan: give --stochastic K with it"
        problems.append(Problem("--first-stage-through", msg))
    for name, flag in (("--sobol", sobol), ("--tornado", tornado)):
        if not isinstance(flag, bool):
            problems.append(Problem(name, f"expected True or False, got {flag!r}"))
    if isinstance(disruptions, str) or not all(isinstance(d, str) for d in disruptions):
        msg = f"expected a list of disruption names, got {disruptions!r}"
        problems.append(Problem("--disruption", msg))
    else:  # each once: a repeat was solved twice, or failed after every solve
        twice = sorted({d for d in disruptions if list(disruptions).count(d) > 1})
        if twice:
            msg = f"{', '.join(repr(d) for d in twice)} given more than once; give each once"
            problems.append(Problem("--disruption", msg))
    problems += _check_disruption_probabilities(disruption_probabilities, disruptions, stochastic)
    from tigris.risk.distributions import check_design

    try:
        check_design(design)
    except InputError as exc:  # with the others, one line each
        problems += exc.problems
    if problems:
        raise InputError(problems)


def _check_disruption_probabilities(given: Any, disruptions: Any, stochastic: Any) -> list[Problem]:
    """``--disruption-probability NAME=P``: a mapping of names given with
    ``--disruption`` to probabilities in (0, 1), with ``--stochastic`` (a weight among
    the futures of a stochastic plan, :func:`tigris.risk.stochastic.future_weights`)."""
    flag = "--disruption-probability"
    if not given:
        return []
    if not isinstance(given, Mapping):
        return [Problem(flag, f"expected NAME=PROBABILITY pairs, got {given!r}")]
    if stochastic is None:
        msg = (
            "a disruption's probability weights the futures of a stochastic plan: "
            "give --stochastic K with it"
        )
        return [Problem(flag, msg)]
    problems = []
    named = set(disruptions) if not isinstance(disruptions, str) else {disruptions}
    for name, p in given.items():
        if name not in named:
            listed = ", ".join(sorted(named)) or "none"
            msg = f"'{name}' is not a disruption given with --disruption ({listed})"
            problems.append(Problem(flag, msg))
        ok = isinstance(p, (int, float)) and not isinstance(p, bool) and 0.0 < float(p) < 1.0
        if not ok:
            problems.append(
                Problem(flag, f"expected a probability above 0 and below 1 for '{name}', got {p!r}")
            )
    return problems


def _check_scenario(
    sc: Scenario,
    *,
    disruptions: Sequence[str],
    stochastic: int | None,
    objective: str | None,
    first_stage_through: int | None = None,
) -> None:
    """Refuse what the scenario cannot do: an unknown disruption, a stochastic plan of
    an ``npv`` objective, a first stage ending outside the horizon (no distributions:
    :func:`~tigris.risk.montecarlo.monte_carlo` says so)."""
    first, last = sc.horizon.first_year, sc.horizon.last_year
    if first_stage_through is not None and not first <= first_stage_through <= last:
        msg = (
            f"expected a year of the scenario's horizon, {first} to {last} (the last "
            f"start year of the builds every future shares), got {first_stage_through}"
        )
        raise InputError(msg, field="--first-stage-through")
    if disruptions:
        from tigris.risk.disruptions import find_disruption

        for name in disruptions:
            find_disruption(sc, name)  # unknown: --disruption, with the closest name
    if not sc.distributions and (disruptions or stochastic is not None):
        # the Monte Carlo runs first, whatever else is asked: say so, not "--samples",
        # which the user did not give (risk user test 2026-12-06 #4)
        asked = "--disruption" if disruptions else "--stochastic"
        msg = (
            f"scenario '{sc.name}' declares no distributions, and tigris risk runs its "
            f"Monte Carlo (--samples) before {asked}: add a 'distributions:' section "
            "(docs/risk.md); a risk run without one is not supported yet"
        )
        raise InputError(msg, field=asked)
    goal = objective if objective is not None else sc.objective
    if stochastic is not None and goal != STOCHASTIC_OBJECTIVE:
        msg = (
            f"a stochastic plan minimises expected cost: it needs objective "
            f"'{STOCHASTIC_OBJECTIVE}', and this run's is '{goal}' (give --objective "
            f"{STOCHASTIC_OBJECTIVE})"
        )
        raise InputError(msg, field="--stochastic")


def sobol_evaluations(n: int, inputs: int) -> int:
    """Plans a Sobol run solves: Saltelli's ``n (D + 2)`` for first and total order.

    Parameters
    ----------
    n : int
        Base sample [-].
    inputs : int
        Inputs with a distribution, D [-].

    Returns
    -------
    int
        Plans solved, ``n * (inputs + 2)`` [-].

    References
    ----------
    Saltelli, A. et al. (2010), "Variance based sensitivity analysis of model output.
    Design and estimator for the total sensitivity index", Computer Physics
    Communications 181(2), 259-270, section 3 (matrices A, B and the D matrices A_B^i).

    Examples
    --------
    >>> sobol_evaluations(16, 5)
    112
    """
    return n * (inputs + 2)


def plans_asked(
    samples: int,
    *,
    inputs: int,
    sobol_n: int | None = None,
    tornado: bool = False,
    disruptions: int = 0,
) -> dict[str, int]:
    """Plans a risk run solves, by stage: the Monte Carlo's ``samples`` (not the plan as
    planned, as ``--samples``' own bound), Sobol's :func:`sobol_evaluations`, the
    tornado's two an input (its p5 and p95), a disruption's two (builds fixed,
    re-optimised) besides the plan as made they share. The stochastic plan (at most 64
    futures, one extensive-form program) is not counted.

    Parameters
    ----------
    samples : int
        Monte Carlo members [-].
    inputs : int
        Inputs with a distribution, D [-].
    sobol_n : int, optional
        Saltelli base sample when Sobol indices are asked for; None: no Sobol [-].
    tornado : bool, optional
        Whether a tornado is asked for.
    disruptions : int, optional
        Named disruptions [-].

    Returns
    -------
    dict of str to int
        ``{"--samples": ..., "--sobol-n": ..., "--tornado": ..., "--disruption": ...}``,
        the flag that asks for each stage's plans, stages asked for only [-].

    Examples
    --------
    >>> plans_asked(1, inputs=29, sobol_n=256)
    {'--samples': 1, '--sobol-n': 7936}
    >>> sum(plans_asked(17, inputs=3, tornado=True, disruptions=2).values())
    28
    """
    out = {"--samples": samples}
    if sobol_n is not None:
        out["--sobol-n"] = sobol_evaluations(sobol_n, inputs)
    if tornado:
        out["--tornado"] = 2 * inputs
    if disruptions:
        out["--disruption"] = 1 + 2 * disruptions
    return out


def _check_plans(parts: dict[str, int], max_plans: int, *, sobol_n: int, inputs: int) -> None:
    """Refuse a run of more than ``max_plans`` plans in all (``parts``, from
    :func:`plans_asked`), naming the flag that asks for most of them, in the words of
    ``tigris sweep --samples`` without ``--yes`` (user test s49 #3: ``--sobol-n 256``
    started 7,936 plans unasked)."""
    total = sum(parts.values())
    if total <= max_plans:
        return
    words = {
        "--samples": f"{parts['--samples']:,} sampled",
        "--sobol-n": f"{parts.get('--sobol-n', 0):,} for Sobol (N = {sobol_n} x ({inputs} "
        "inputs + 2))",
        "--tornado": f"{parts.get('--tornado', 0):,} for the tornado",
        "--disruption": f"{parts.get('--disruption', 0):,} for the disruptions",
    }
    field = max(parts, key=lambda k: parts[k])
    smaller = {"--samples": "fewer --samples", "--sobol-n": "a smaller --sobol-n"}
    msg = (
        f"{total:,} plans ({'; '.join(words[k] for k in parts)}) would take hours; give "
        f"--yes to run them, or at most {max_plans:,} plans"
        + (f" ({smaller[field]})" if field in smaller else "")
    )
    raise InputError(msg, field=field)


def _check_sobol_size(n: int, inputs: int) -> None:
    """Refuse a Sobol run of more plans than a sweep may have, or a base sample that is
    not a power of two (Sobol' sequences are balanced only at powers of two)."""
    from tigris.runs.sweep import MAX_MEMBERS

    if n & (n - 1):
        msg = f"expected a power of two (Sobol' sequences balance at 2^k), got {n}"
        raise InputError(msg, field="--sobol-n")
    total = sobol_evaluations(n, inputs)
    if total > MAX_MEMBERS:
        msg = (
            f"{n} x ({inputs} inputs + 2) = {total:,} plans is more than a sweep may have "
            f"({MAX_MEMBERS:,}); give a smaller --sobol-n"
        )
        raise InputError(msg, field="--sobol-n")


def _say(msg: str) -> None:
    """One progress line on stderr."""
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def _quiet(msg: str) -> None:
    """No progress."""


def fresh_seed() -> int:
    """A seed from the operating system's entropy, so a run without one is recorded
    with the seed it used and can be repeated.

    Returns
    -------
    int
        A 64-bit unsigned seed [-] (``numpy.random.SeedSequence`` state).
    """
    import numpy as np

    return int(np.random.SeedSequence().generate_state(1, dtype=np.uint64)[0])


#: ``tigris risk`` flags whose Python keyword of :func:`risk` is not the flag spelt
#: with ``_`` for ``-`` (the rest are: ``--sobol-n`` is ``sobol_n``).
RISK_KEYWORD_OF_FLAG = {
    "--disruption": "disruptions",
    "--disruption-probability": "disruption_probabilities",
    "--time-limit": "time_limit_s",
}


def _in_keywords(func: Callable[..., RiskResult]) -> Callable[..., RiskResult]:
    """:func:`risk` as called from Python: its errors name the keyword the caller wrote
    (``samples``), not the ``tigris risk`` flag the checks name (``--samples``), in the
    field and in the message, as :func:`tigris.train` does (user test s46 API #8); a
    ``data`` of YAML text is refused as such (it was read as a file name, the whole text
    printed as one). The command line calls ``risk.__wrapped__``, keeping its flags."""
    import functools
    import inspect

    params = inspect.signature(func).parameters
    keyword_of = {"--" + name.replace("_", "-"): name for name in params} | RISK_KEYWORD_OF_FLAG
    # a switch the message tells the user to give is a keyword set to True from Python
    switches = {
        flag: f"{name}=True"
        for flag, name in keyword_of.items()
        if name in params and params[name].annotation in ("bool", bool)
    }

    def _keywords_for(exc: InputError, names: Mapping[str, str]) -> InputError:
        from tigris.workload._common import _keyword_words

        problems = [
            dataclasses.replace(
                p,
                field=names.get(p.field, p.field),
                message=_keyword_words(
                    _keyword_words(p.message.replace("tigris risk --", "--"), switches), names
                ),
            )
            for p in exc.problems
        ]
        return InputError(problems)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> RiskResult:
        data = kwargs.get("data")
        from tigris.plan.api import _data_is_text

        if isinstance(data, str) and _data_is_text(data):
            msg = (
                "YAML text, not a file: risk takes a --data overlay file (write the text "
                f"to one), got {data[:60]!r}"
            )
            raise InputError(msg, field="data")
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            raise _keywords_for(exc, keyword_of) from None

    return wrapper


@_in_keywords
def risk(
    scenario: Scenario | str | Path | None = None,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
    design: str = "random",
    sobol: bool = False,
    sobol_n: int | None = None,
    tornado: bool = False,
    disruptions: Sequence[str] = (),
    stochastic: int | None = None,
    first_stage_through: int | None = None,
    disruption_probabilities: Mapping[str, float] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    data: str | Path | None = None,
    store: bool | str | Path = False,
    progress: bool = False,
    recentre: bool = False,
    as_written: bool = False,
    max_plans: int | None = None,
    **options: Any,
) -> RiskResult:
    """How sure is a plan: ``tigris.risk(sc, samples=64, seed=7)`` (docs/risk.md).

    Parameters
    ----------
    scenario : Scenario, str, Path or None, optional
        A scenario, a file, YAML text, or ``None`` for the reference; it must declare
        ``distributions``.
    samples : int, optional
        Monte Carlo members (1 to 10,000) [-].
    seed : int, optional
        Seed of every random draw (Monte Carlo, Sobol, stochastic); same seed, same
        result bit for bit. Default: a fresh seed, recorded in the result.
    design : {"random", "lhs"}, optional
        The Monte Carlo's draws: independent (default) or a Latin hypercube, one draw
        in each of ``samples`` slices of equal probability of every input
        (:func:`tigris.risk.distributions.sample_changes`; ``--design``; docs/risk.md,
        "Sampling design"); the stochastic plan's sampled futures are drawn the same
        way. Sobol indices keep Saltelli's design.
    sobol : bool, optional
        Also compute Sobol indices (first and total order) of the driver outputs.
    sobol_n : int, optional
        Saltelli base sample of ``sobol`` (``sobol_n * (D + 2)`` plans for D inputs), a
        power of two; default :data:`DEFAULT_SOBOL_N`. Given without ``sobol=True`` it
        is refused (it would do nothing), as ``--sobol-n`` without ``--sobol``.
    tornado : bool, optional
        Also draw a tornado: each input alone at its p5 and p95.
    disruptions : sequence of str, optional
        Names of the scenario's ``disruptions`` to re-plan (fixed and re-optimised).
    stochastic : int, optional
        Solve a two-stage stochastic plan over this many sampled scenarios (plus the
        named disruptions); needs the ``serve`` objective.
    first_stage_through : int, optional
        With ``stochastic``: the last start year of the builds every future shares
        (a year of the horizon); later builds are decided per future once it is known.
        Default every year's builds are shared [year].
    disruption_probabilities : mapping of str to float, optional
        With ``stochastic``: a named disruption's probability among the futures [-],
        the user's (``--disruption-probability``), over its scenario entry's
        ``probability``; default equal weights, said to be an assumption
        (:func:`tigris.risk.stochastic.future_weights`).
    workers : int, optional
        Worker processes of a local Dask cluster; 0 runs in this process.
    scheduler : str, optional
        Address of a running Dask scheduler (docs/dask.md).
    data : str or Path, optional
        A ``--data`` overlay file applied to every plan.
    store : bool, str or Path, optional
        Store the Monte Carlo members as a sweep (docs/runs.md); default not.
    progress : bool, optional
        Show progress on stderr.
    recentre : bool, optional
        Move every distribution whose input's value lies outside it onto the value,
        the same spread relative to it (:func:`tigris.risk.support.recentre`;
        ``--recentre``).
    as_written : bool, optional
        Draw such distributions as written (``--as-written``). With neither, a value
        outside its distribution is refused (:func:`tigris.risk.support.check_support`).
    max_plans : int, optional
        Refuse a run that would solve more plans than this (:func:`plans_asked`: the
        Monte Carlo's, Sobol's, the tornado's, the disruptions'), before any is solved;
        ``tigris risk`` gives the bound of ``--samples`` without ``--yes``. Default no
        bound [-].
    **options
        Solve options of every plan: ``time_limit_s``, ``mip_gap``, ``objective``,
        ``min_served_share``, ``relax`` (the LP relaxation: fractional modules, a
        bound on the plan, not a plan; ``tigris plan --relax``) and
        ``counterfactual``, as :func:`tigris.sweep` takes them.

    Returns
    -------
    RiskResult

    Raises
    ------
    InputError
        A bad option (``sobol_n`` without ``sobol``), a scenario without
        distributions, an unknown disruption, more plans than ``max_plans``, a
        stochastic plan with objective ``npv``, a scenario value outside its own
        distribution (without ``recentre`` or ``as_written``): before anything is
        solved.
    """
    from tigris.overlay import data_overlay
    from tigris.runs.sweep import plain_whole

    # numpy integers as Python ints (a notebook's np.arange), then checked as given
    samples, seed, workers = plain_whole(samples), plain_whole(seed), plain_whole(workers)
    sobol_n, stochastic = plain_whole(sobol_n), plain_whole(stochastic)
    first_stage_through = plain_whole(first_stage_through)
    disruptions = list(disruptions) if not isinstance(disruptions, str) else disruptions
    asked: dict[str, Any] = {
        "samples": samples,
        "seed": seed,
        "design": design,
        "sobol": sobol,
        "sobol_n": sobol_n,
        "tornado": tornado,
        "disruptions": disruptions,
        "stochastic": stochastic,
        "first_stage_through": first_stage_through,
        "disruption_probabilities": dict(disruption_probabilities or {}),
    }
    check_options(**asked, workers=workers)
    from tigris.runs.sweep import _check_options

    _check_options(options, "risk")  # before any plan, naming risk (user test 2026-12-05)
    if sobol_n is None:
        asked["sobol_n"] = DEFAULT_SOBOL_N
    from tigris._context import support_checked_here

    # the user's sites and nodes, for checks and every plan; a value outside its
    # distribution is refused or handled here, not also warned of on loading
    with data_overlay(data), support_checked_here():
        return _risk(
            scenario,
            **asked,
            run={"workers": workers, "scheduler": scheduler, "data": data, "progress": progress},
            store=store,
            options=options,
            support={"recentre_outside": recentre, "as_written": as_written},
            max_plans=max_plans,
        )


class RiskStepError(TigrisError):
    """A stage after the Monte Carlo could not be done (a disruption whose plan as made
    has no solution): why, and what was kept, in one line for the CLI (review of
    2026-12-07: a traceback after the Monte Carlo's sweep was already stored).

    Parameters
    ----------
    reason : str
        What failed (``disruption taiwan-12m: the plan as made has no solution ...``).
    kept : str
        Where the Monte Carlo's plans are (:func:`monte_carlo_kept`).
    not_done : sequence of str
        The stages not done, the failed one first.
    """

    def __init__(self, reason: str, kept: str, not_done: Sequence[str]) -> None:
        self.reason, self.kept, self.not_done = reason, kept, list(not_done)
        super().__init__(f"{reason}; {kept}; not done: {', '.join(self.not_done)}")


class RiskInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped a risk run after its Monte Carlo finished: what was kept and what
    was not done, for the one line the CLI prints (user test s44 #7: a bare exit 130).

    A :class:`KeyboardInterrupt`, so that code catching that still stops.

    Parameters
    ----------
    stage : str
        What was running (``the disruption japan-6m``).
    kept : str
        What was kept: where the Monte Carlo's plans are stored, or that they are not.
    not_done : sequence of str
        The stages not done, the one running first.
    """

    def __init__(self, stage: str, kept: str, not_done: Sequence[str]) -> None:
        self.stage, self.kept, self.not_done = stage, kept, list(not_done)
        super().__init__(self.message())

    def message(self) -> str:
        """``stopped during the stochastic plan: the Monte Carlo's 8 plans and the plan
        as planned stored in sweep ID (STORE; ...); not done: the stochastic plan``.

        Returns
        -------
        str
            The one line: the stage running, what was kept, the stages not done.
        """
        return f"stopped during {self.stage}: {self.kept}; not done: {', '.join(self.not_done)}"


def monte_carlo_kept(mc: MonteCarlo, store: bool | str | Path) -> str:
    """Where a finished Monte Carlo's plans are: its sweep in the store, or not stored.

    Parameters
    ----------
    mc : MonteCarlo
        The Monte Carlo (its ``samples`` and ``sweep_id``).
    store : bool, str or Path
        The store asked for (False: none).

    Returns
    -------
    str
        ``the Monte Carlo's 8 plans and the plan as planned stored in sweep ID (STORE;
        tigris runs list --sweep ID)``, or ``... finished, not stored``.
    """
    return _plans_kept(mc.samples, mc.sweep_id, store)


def _plans_kept(samples: int, sweep_id: str | None, store: bool | str | Path) -> str:
    """:func:`monte_carlo_kept` from the Monte Carlo's sample count and sweep."""
    plans = f"the Monte Carlo's {samples} plans and the plan as planned"
    if sweep_id is None or store is False:
        return f"{plans} finished, not stored"
    from tigris.runs.store import store_path

    where = store_path(None if store is True else store)
    return f"{plans} stored in sweep {sweep_id} ({where}; tigris runs list --sweep {sweep_id})"


def _risk(
    scenario: Scenario | str | Path | None,
    *,
    samples: int,
    seed: int | None,
    design: str,
    sobol: bool,
    sobol_n: int,
    tornado: bool,
    disruptions: list[str],
    stochastic: int | None,
    first_stage_through: int | None,
    disruption_probabilities: dict[str, float],
    run: dict[str, Any],
    store: bool | str | Path,
    options: dict[str, Any],
    support: dict[str, bool] | None = None,
    max_plans: int | None = None,
) -> RiskResult:
    """:func:`risk` with its options checked and the ``--data`` overlay in force."""
    from tigris.risk.support import check_support
    from tigris.scenario.edit import load_any

    data = run["data"]
    sc = load_any(scenario)
    _check_scenario(
        sc,
        disruptions=disruptions,
        stochastic=stochastic,
        objective=options.get("objective"),
        first_stage_through=first_stage_through,
    )
    if stochastic is not None:  # the futures' weights, before any plan is solved
        from tigris.risk.stochastic import _events, future_weights, probability_places

        places = probability_places(sc, **_where(scenario))
        future_weights(stochastic, _events(sc, disruptions), disruption_probabilities, where=places)
    if sobol:
        _check_sobol_size(sobol_n, len(sc.distributions))
    if max_plans is not None:
        parts = plans_asked(
            samples,
            inputs=len(sc.distributions),
            sobol_n=sobol_n if sobol else None,
            tornado=tornado,
            disruptions=len(disruptions),
        )
        _check_plans(parts, max_plans, sobol_n=sobol_n, inputs=len(sc.distributions))
    # after the options' checks: a bad flag is named first, as before
    sc, off_centre = check_support(sc, **(support or {}), **_where(scenario))
    seed = fresh_seed() if seed is None else seed
    from tigris.risk.montecarlo import driver_outputs, monte_carlo

    first, last = sc.horizon.first_year, sc.horizon.last_year
    outputs = driver_outputs([str(y) for y in range(first, last + 1)])
    if sobol:
        _check_sobol_size(sobol_n, len(sc.distributions))
    say = _say if run["progress"] else _quiet
    lhs = ", Latin hypercube" if design == "lhs" else ""
    say(f"risk: Monte Carlo, {samples} sampled plans{lhs} and the plan as planned (seed {seed})")
    drawn = {"as_written": True}  # sc is checked (and recentred) above: draw it as it is
    # the stages after the Monte Carlo, in order; a Ctrl-C in one says what was kept
    stages = [
        *(["the Sobol indices"] if sobol else []),
        *(["the tornado"] if tornado else []),
        *(f"the disruption {name}" for name in disruptions),
        *(["the stochastic plan"] if stochastic is not None else []),
    ]
    from tigris.risk.montecarlo import SummaryInterrupted

    try:
        mc = monte_carlo(sc, samples, seed, design=design, store=store, **run, **drawn, **options)
    except SummaryInterrupted as exc:  # its plans stored, their summing up stopped
        kept = _plans_kept(samples, exc.sweep_id, store)
        summing = "summing up the Monte Carlo"
        raise RiskInterrupted(summing, kept, [summing, *stages]) from None
    done = 0
    try:
        sobol_res = None
        if sobol:
            from tigris.risk.sensitivity import sobol_plan

            plans = sobol_evaluations(sobol_n, len(sc.distributions))
            say(f"risk: Sobol indices, up to {plans} plans (N = {sobol_n})")
            sobol_res = sobol_plan(sc, outputs, sobol_n, seed, **run, **drawn, **options)
            done += 1
        tornado_res = None
        if tornado:
            from tigris.risk.tornado import tornado as run_tornado

            say(f"risk: tornado, {2 * len(sc.distributions)} plans")
            tornado_res = run_tornado(sc, outputs, **run, **drawn, **options)
            done += 1
        events = []
        if disruptions:
            from tigris.risk.disruptions import disrupt

            base = None
            for name in disruptions:
                say(f"risk: disruption {name} (the plan as made, builds fixed, re-optimised)")
                try:
                    got = disrupt(sc, name, data=data, base=base, say=say, **options)
                except InputError:
                    raise
                except TigrisError as exc:  # no plan as made to fix, at this limit
                    kept = monte_carlo_kept(mc, store)
                    if done:
                        kept += f"; {', '.join(stages[:done])} done, not kept"
                    raise RiskStepError(str(exc), kept, stages[done:]) from None
                base = got.base
                events.append(got)
                done += 1
        robust = None
        if stochastic is not None:
            from tigris.risk.stochastic import stochastic as run_stochastic

            say(
                f"risk: stochastic plan over {stochastic} sampled futures "
                f"(+ {len(disruptions)} named)"
            )
            robust = run_stochastic(
                sc,
                stochastic,
                seed,
                disruptions=disruptions,
                first_stage_through=first_stage_through,
                disruption_probabilities=disruption_probabilities,
                design=design,
                **run,
                **drawn,
                **options,
            )
            done += 1
    except KeyboardInterrupt:
        kept = monte_carlo_kept(mc, store)
        if done:
            kept += f"; {', '.join(stages[:done])} done, not kept (nothing is written)"
        left = stages[done:] or ["the result"]  # after the last stage: only the result
        raise RiskInterrupted(left[0], kept, left) from None
    return RiskResult(
        scenario=sc.name,
        horizon=(first, last),
        monte_carlo=mc,
        sobol=sobol_res,
        tornado=tornado_res,
        disruptions=events,
        stochastic=robust,
        outputs=outputs,
        off_centre=off_centre,
        recentred=bool((support or {}).get("recentre_outside")),
    )


def _where(scenario: Any) -> dict[str, Any]:
    """The file and line finder of a scenario given as a file, for
    :func:`tigris.risk.support.check_support`'s messages (``{}`` otherwise)."""
    from tigris.yamlio import read_yaml, source_name

    if str(scenario) == "-":  # standard input, read once: its text again
        return {"file": source_name("-"), "locate": read_yaml("-").locate}
    path = scenario if isinstance(scenario, Path) else None
    if isinstance(scenario, str) and "\n" not in scenario and Path(scenario).is_file():
        path = Path(scenario)
    if path is None:
        return {}
    return {"file": str(path), "locate": read_yaml(path).locate}
