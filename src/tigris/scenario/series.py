"""Year series of a scenario: interpolation, and demand derived from workloads.

Year series (``h100e_by_year``, ``cowos_wspm``, ``euv_per_year``...) are maps from year
to value; between given years values are interpolated linearly, before the first and
after the last they are held flat, unless a series says ``growth_per_year``.

A demand class may also list ``workloads`` (training runs and inference services);
:func:`workload_fleet_h100e` turns one into the H100e it keeps busy each year through
the workload layer, and :func:`deliveries_for_fleet` into H100e delivered per year
(``docs/plan.md``, "Demand from workloads"), each with the service life of the class of
its accelerator (:func:`workload_lifetime`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from tigris.errors import InputError, Problem
from tigris.scenario.schema import Workload
from tigris.units import DAYS_PER_YEAR
from tigris.workload import h100_equivalents, infer, train
from tigris.workload._common import _PYTHON_PHRASES

__all__ = [
    "DAYS_PER_YEAR",
    "clusters_held",
    "deliveries_for_fleet",
    "series",
    "workload_fleet_h100e",
    "workload_lifetime",
]


def series(
    values: Mapping[int, float] | float, years: np.ndarray, growth_per_year: float | None = None
) -> np.ndarray:
    """A year series evaluated on ``years``.

    Linear interpolation between given years; flat before the first; after the last,
    flat or growing geometrically at ``growth_per_year``.

    Parameters
    ----------
    values : mapping of year to value, or a number
        The series [any unit].
    years : array of int
        Years to evaluate [year].
    growth_per_year : float, optional
        Growth after the last given year [1/year].

    Returns
    -------
    numpy.ndarray
        One value per year [same unit].

    Examples
    --------
    >>> series({2025: 10, 2027: 30}, np.arange(2024, 2029)).tolist()
    [10.0, 10.0, 20.0, 30.0, 30.0]
    >>> series({2025: 10}, np.arange(2025, 2028), growth_per_year=0.5).tolist()
    [10.0, 15.0, 22.5]
    """
    years = np.asarray(years, dtype=float)
    if not isinstance(values, Mapping):
        return np.full(years.shape, float(values))
    keys = np.array(sorted(values), dtype=float)
    vals = np.array([float(values[int(k)]) for k in keys])
    out = np.interp(years, keys, vals)
    if growth_per_year is not None:
        after = years > keys[-1]
        out[after] = vals[-1] * (1 + growth_per_year) ** (years[after] - keys[-1])
    return out


#: Workload-layer flags (in its messages and ``Problem.field``) -> scenario field names.
_FLAG_FIELDS = {
    "--latency-ms": "latency_ms_per_token",
    "--layers": "n_layers",
    "--kv-heads": "n_kv_heads",
}
_FLAG = re.compile(r"--[a-z][a-z0-9-]*")


def _field_name(flag: str) -> str:
    """``--kv-bytes-per-token`` -> ``kv_bytes_per_token`` (a workload flag as a field)."""
    return _FLAG_FIELDS.get(flag, flag.removeprefix("--").replace("-", "_"))


def _as_fields(exc: InputError, part: str, given: Mapping[str, Any]) -> InputError:
    """A workload-layer error with its flags renamed to the scenario's fields.

    The field becomes ``<part>.<name>`` when the entry gives that input (so the problem
    is located on its line), else ``<part>`` (a missing input is located on the entry).
    Advice the Python API words for its callers ("in a FILE given to
    tigris.overlay.data_overlay(FILE)") is said as the command line's ("with --data
    FILE"), where scenario files are checked (user test 2026-12-05).
    """
    out = []
    for p in exc.problems:
        name = _field_name(p.field) if p.field else ""
        message = _FLAG.sub(lambda m: _field_name(m.group(0)), p.message)
        for cli_words, python_words in _PYTHON_PHRASES.items():
            message = message.replace(python_words, cli_words)
        if name == "tokens_per_day":
            field = name
        elif name in given:
            field = f"{part}.{name}"
        else:
            field = part
        out.append(Problem(field, message))
    return InputError(out)


def workload_fleet_h100e(w: Workload, years: np.ndarray) -> np.ndarray:
    """H100e a workload keeps in service in each year, from the workload layer.

    A training run of ``n`` accelerators lasting ``d`` days occupies ``n d / 365.25``
    accelerator-years; ``r`` runs a year occupy ``r`` times that, in H100e
    ``x h100_equivalents(accelerator)`` (dense BF16, as the planner counts products).
    With ``occupancy: whole_cluster`` the year's runs hold ``n`` x
    :func:`clusters_held` all year instead.
    An inference service needs :func:`tigris.workload.infer`'s accelerators for that
    year's tokens per day, all year.

    Parameters
    ----------
    w : Workload
        One ``demand[].workloads[]`` entry.
    years : array of int
        Planning years [year].

    Returns
    -------
    numpy.ndarray
        H100e in service, averaged over each year [H100e].

    Raises
    ------
    InputError
        The workload layer rejects the inputs; fields are the entry's
        (``train.count``, ``infer.model``, ``tokens_per_day``...).

    References
    ----------
    :func:`tigris.workload.train` (``accelerators x days``, Narayanan et al. 2021,
    arXiv 2104.04473, eq. 4 via ``training_days``) and :func:`tigris.workload.infer`
    (Pope et al. 2022, arXiv 2211.05102).

    Examples
    --------
    One GPT-4-scale run a year (2.15e25 FLOP, A100 at 34% MFU for 95 days): 24,693
    A100 for 95/365.25 of a year, x 0.3153 H100e each.

    >>> from tigris.scenario import TrainWorkload, Workload
    >>> w = Workload(train=TrainWorkload(flops=2.15e25, accelerator="a100", mfu=0.34,
    ...              days=95, goodput=1.0), runs_by_year={2025: 1})
    >>> workload_fleet_h100e(w, np.array([2025, 2026])).round(0).tolist()
    [2025.0, 2025.0]
    """
    years = np.asarray(years)
    if w.train is not None:
        given = w.train.model_dump(exclude_none=True)
        try:
            r = train(**given)
            per_unit = h100_equivalents(r.accelerator)
        except InputError as exc:
            raise _as_fields(exc, "train", given) from None
        runs = series(w.runs_by_year or {}, years, w.growth_per_year)
        if w.occupancy == "whole_cluster":
            return clusters_held(runs, float(r.days)) * float(r.accelerators) * per_unit
        acc_years = float(r.accelerators) * float(r.days) / DAYS_PER_YEAR
        return runs * acc_years * per_unit
    assert w.infer is not None
    given = w.infer.model_dump(exclude_none=True)
    if w.tokens_per_day_by_year is not None:
        tokens = series(w.tokens_per_day_by_year, years, w.growth_per_year)
    else:
        start = {int(years[0]): w.tokens_per_day or 0.0} if len(years) else {}
        tokens = series(start, years, w.growth_per_year) if start else np.zeros(0)
    out = np.zeros(len(years))
    done: dict[float, float] = {}
    for t, load in enumerate(tokens):
        if load <= 0:
            continue  # no load, no accelerators (infer needs a positive load)
        if load not in done:
            try:
                r = infer(tokens_per_day=float(load), **given)
                done[load] = r.accelerators * h100_equivalents(r.accelerator)
            except InputError as exc:
                raise _as_fields(exc, "infer", given) from None
        out[t] = done[load]
    return out


def clusters_held(runs: np.ndarray, days: float) -> np.ndarray:
    """Whole clusters a year's training runs hold all year (``occupancy: whole_cluster``).

    ``r`` runs of ``d`` days run back to back on one cluster while they fit in a year,
    so they need ``ceil(r d / 365.25)`` clusters; a year with no run holds none. A
    fraction of a run (a map interpolated between years, or one run every other year)
    still holds one whole cluster: the parts must exist, powered, when it runs. With
    ``time_share`` the plan counts ``r d / 365.25`` instead, never more than this.

    Parameters
    ----------
    runs : array
        Runs a year [1/year].
    days : float
        Length of one run [day].

    Returns
    -------
    numpy.ndarray
        Clusters held in each year [-].

    References
    ----------
    Narayanan et al. 2021 (arXiv 2104.04473, eq. 4) for a run's days; the packing of
    runs back to back is this module's assumption (docs/plan.md, "Demand from workloads").

    Examples
    --------
    >>> clusters_held(np.array([0.0, 0.5, 1.0, 3.0, 4.0]), 120.0).tolist()
    [0.0, 1.0, 1.0, 1.0, 2.0]
    """
    share = np.asarray(runs, dtype=float) * days / DAYS_PER_YEAR
    # a share a float's width above a whole number is that whole number, not one more
    whole = np.ceil(share - 1e-9 * np.maximum(share, 1.0))
    return np.where(share > 0, np.maximum(whole, 1.0), 0.0)


def workload_lifetime(w: Workload, lifetime_years: Any) -> int:
    """Years the accelerators a workload keeps busy serve [year].

    Demand from a workload belongs to a demand class, not a product, so it is turned
    into deliveries with one life: that of the class of the accelerator the workload
    names (``train.accelerator`` / ``infer.accelerator``, else the workload layer's
    reference accelerator, :data:`tigris.workload.REFERENCE_ACCELERATOR`) under
    ``fleet_lifetime_years`` (:func:`tigris.energy.fleet.class_life`); a plain int is
    every class's life.

    Parameters
    ----------
    w : Workload
        The workload.
    lifetime_years : int, "table" or mapping
        The scenario's ``fleet_lifetime_years``.

    Returns
    -------
    int
        [year].

    References
    ----------
    ``data/fleet_lifetimes.csv``; docs/energy.md, "Service life by class".

    Examples
    --------
    >>> from tigris.scenario.schema import Workload
    >>> w = Workload(infer={"accelerator": "tpu-v7"}, tokens_per_day=1e9)
    >>> workload_lifetime(w, 5), workload_lifetime(w, "table")
    (5, 6)
    """
    from tigris.energy.fleet import accelerator_class, class_life, is_one_life

    if is_one_life(lifetime_years):
        return int(lifetime_years)
    from tigris.workload import REFERENCE_ACCELERATOR

    part = w.train if w.train is not None else w.infer
    named = part.accelerator if part is not None else None
    return class_life(lifetime_years, accelerator_class(named or REFERENCE_ACCELERATOR))


def deliveries_for_fleet(
    fleet: np.ndarray, lifetime_years: int, before: str = "steady"
) -> np.ndarray:
    """Deliveries per year that keep a fleet in service, each unit serving ``L`` years.

    The planner counts the fleet in year ``t`` as the deliveries of years
    ``t-L+1 ... t`` (``docs/plan.md``); this inverts it:
    ``d_t = max(0, F_t - sum_{tau=t-L+1}^{t-1} d_tau)``, with the years before the
    first taken as a steady state (``d = F_0 / L``) or, with ``before="none"``, as
    empty (``d = 0``: the fleet is new in the first year). A constant fleet needs
    ``F / L`` a year (replacements); growth is delivered in the year it happens; a
    shrinking fleet needs nothing until its units retire.

    Parameters
    ----------
    fleet : array
        Fleet in service by year, last axis years [H100e].
    lifetime_years : int
        Years a delivered accelerator serves, ``fleet_lifetime_years`` [year].
    before : {"steady", "none"}, optional
        What ran before the first year: the first year's fleet in a steady state, or
        nothing (a workload's ``before_horizon``).

    Returns
    -------
    numpy.ndarray
        Deliveries by year, same shape [H100e/year].

    References
    ----------
    Stock-flow (perpetual inventory) accounting with one-hoss-shay retirement after
    ``L`` years: OECD, "Measuring Capital", 2nd ed. (2009), ch. 6.

    Examples
    --------
    >>> deliveries_for_fleet(np.array([100.0, 100.0, 200.0, 200.0]), 2).tolist()
    [50.0, 50.0, 150.0, 50.0]

    The same fleet new in the first year: all 100 then, the first units retire after
    year 2 and are replaced in year 3 with the growth:

    >>> deliveries_for_fleet(np.array([100.0, 100.0, 200.0, 200.0]), 2, "none").tolist()
    [100.0, 0.0, 200.0, 0.0]
    """
    if before not in ("steady", "none"):
        raise ValueError(f"before: expected 'steady' or 'none', got {before!r}")
    fleet = np.asarray(fleet, dtype=float)
    life = max(int(lifetime_years), 1)
    n_t = fleet.shape[-1]
    d = np.zeros((*fleet.shape[:-1], n_t + life - 1))
    if n_t and before == "steady":
        d[..., : life - 1] = fleet[..., :1] / life  # steady state before the first year
    for t in range(n_t):
        k = t + life - 1
        surviving = d[..., k - life + 1 : k].sum(axis=-1)
        d[..., k] = np.maximum(fleet[..., t] - surviving, 0.0)
    return d[..., life - 1 :]
