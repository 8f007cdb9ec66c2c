"""Goodput from reliability: interruptions grow with the nodes a job spans.

A synchronous training job stops whenever any of its nodes fails, so interruptions
arrive at a rate proportional to the node count, and each one costs the time to detect
it, restart, reload and redo the work since the last checkpoint. This module turns that
into a goodput (fraction of wall time on useful steps) from published reliability data
(``data/reliability.csv``, every figure with its source):

``goodput = 1 / (1 + lambda · N_nodes · tau)``

with ``lambda`` interruptions per node-day and ``tau`` wall time lost per interruption,
both from Llama 3's reliability section (466 interruptions in 54 days on 2,048 nodes,
above 90 % effective training time). To first order this is the expected effective
training time ratio of Kokolis et al. 2024, ``E[ETTR] ~ (1 - N r_f (u0 + dt/2)) /
(1 + w/dt)`` (:func:`ettr_first_order`), whose ``1 - x`` it replaces by ``1/(1 + x)``
so that goodput stays in (0, 1] at any scale.

The model is **not** the default of :func:`tigris.workload.train`: on the runs whose
goodput is published or derivable independently (``data/reliability_runs.csv``) it
predicts worse than the constant 0.90 (:func:`goodput_comparison`; docs/workload.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from tigris.data import load_rows
from tigris.errors import InputError, unknown_name
from tigris.units import HOURS_PER_DAY
from tigris.workload._common import FloatOrArray, as_float, check_positive, workload_default

__all__ = [
    "GoodputCheck",
    "ettr_first_order",
    "goodput_comparison",
    "goodput_for_accelerators",
    "reliability_parameter",
]

ArrayLike = npt.ArrayLike

#: Minutes per day, for the Kokolis formula's minute-valued overheads.
_MIN_PER_DAY = HOURS_PER_DAY * 60.0


@cache
def _parameters() -> dict[str, float]:
    return {str(r["name"]): float(r["value"]) for r in load_rows("reliability")}


def reliability_parameter(name: str) -> float:
    """A figure of ``reliability.csv`` (its unit is the table's ``unit`` column).

    Parameters
    ----------
    name : str
        Row name, e.g. ``"interruption_rate_per_node_day"``.

    Returns
    -------
    float
        The value.

    References
    ----------
    Each row's ``source`` column: Meta, "The Llama 3 Herd of Models", arXiv 2407.21783,
    Sec. 3.3.4; Kokolis et al. 2024, arXiv 2410.21680, Sec. IV.

    Examples
    --------
    >>> reliability_parameter("llama3_interruptions")
    466.0
    """
    table = _parameters()
    if name not in table:
        raise unknown_name("reliability parameter", name, table)
    return table[name]


def goodput_for_accelerators(
    accelerators: ArrayLike,
    *,
    rate_per_node_day: float | None = None,
    hours_lost_per_interruption: float | None = None,
    accelerators_per_node: float | None = None,
) -> FloatOrArray:
    """Goodput of a job spanning ``accelerators``: ``1 / (1 + lambda · N_nodes · tau)``.

    Parameters
    ----------
    accelerators : float or array
        Accelerators of the job [-], whole and positive.
    rate_per_node_day : float, optional
        Interruptions per node per day of wall time, lambda [1/(node day)]; default
        ``interruption_rate_per_node_day`` of ``reliability.csv`` (4.21e-3, Llama 3).
    hours_lost_per_interruption : float, optional
        Wall time lost per interruption, tau [h]; default
        ``time_lost_per_interruption_h`` (0.309 h, derived from Llama 3).
    accelerators_per_node : float, optional
        Accelerators per node [-]; default ``gpus_per_node`` (8).

    Returns
    -------
    float or ndarray
        Goodput in (0, 1] [-].

    Raises
    ------
    InputError
        A count that is not a positive whole number (naming ``--count``), or a
        non-positive parameter.

    References
    ----------
    Interruptions of a synchronous job at ``lambda · N_nodes`` per unit time, each
    costing ``tau``: wall time = useful time · (1 + lambda · N_nodes · tau), the
    first-order expected completion time of checkpoint/restart (Daly 2006, "A higher
    order estimate of the optimum checkpoint interval for restart dumps", Future
    Generation Computer Systems 22(3), 303-312, first-order term). To first order it
    equals Kokolis et al. 2024, arXiv 2410.21680, Sec. IV, E[ETTR] with
    ``tau = u0 + dt/2`` and asynchronous checkpoint writes (:func:`ettr_first_order`).
    Parameters: Meta, "The Llama 3 Herd of Models", arXiv 2407.21783, Sec. 3.3.4.

    Examples
    --------
    At Llama 3's 16,384 H100 the model returns the paper's 90 %; one node loses
    almost nothing:

    >>> round(float(goodput_for_accelerators(16384)), 4)
    0.9
    >>> round(float(goodput_for_accelerators(8)), 4)
    0.9999
    """
    check_positive(accelerators, "--count", whole=True)
    lam = (
        reliability_parameter("interruption_rate_per_node_day")
        if rate_per_node_day is None
        else rate_per_node_day
    )
    tau_h = (
        reliability_parameter("time_lost_per_interruption_h")
        if hours_lost_per_interruption is None
        else hours_lost_per_interruption
    )
    per_node = (
        reliability_parameter("gpus_per_node")
        if accelerators_per_node is None
        else accelerators_per_node
    )
    check_positive(lam, "rate_per_node_day")
    check_positive(tau_h, "hours_lost_per_interruption", allow_zero=True)
    check_positive(per_node, "accelerators_per_node")
    nodes = np.asarray(accelerators, dtype=float) / per_node
    lost_per_useful = lam * nodes * (tau_h / HOURS_PER_DAY)
    return as_float(1.0 / (1.0 + lost_per_useful))


def ettr_first_order(
    nodes: ArrayLike,
    failures_per_node_day: float,
    restart_overhead_min: float,
    checkpoint_interval_min: float,
    checkpoint_write_min: float = 0.0,
) -> FloatOrArray:
    """Expected ETTR of Kokolis et al. 2024: ``(1 - N r_f (u0 + dt/2)) / (1 + w/dt)``.

    Parameters
    ----------
    nodes : float or array
        Nodes of the job, N [-].
    failures_per_node_day : float
        Cluster failure rate r_f [1/(node day)].
    restart_overhead_min : float
        Restart overhead per interruption, u0 [min].
    checkpoint_interval_min : float
        Checkpoint interval, dt [min].
    checkpoint_write_min : float, optional
        Blocking checkpoint write time, w [min]; 0 for asynchronous writes.

    Returns
    -------
    float or ndarray
        Expected ETTR [-]; the first-order form goes below 0 when interruptions come
        faster than a checkpoint interval plus a restart, and is returned as is.

    Raises
    ------
    InputError
        A non-positive node count or interval, or a negative overhead.

    References
    ----------
    Kokolis et al. 2024, "Revisiting Reliability in Large-Scale Machine Learning
    Research Clusters", arXiv 2410.21680 (HPCA 2025), Sec. IV, analytical E[ETTR]
    without queueing (q = 0); stated accurate to about 5 % against Monte Carlo for
    (N r_f)^-1 of 0.1 day or more.

    Examples
    --------
    The paper's hypothetical 16,000-GPU job on RSC-1 (r_f = 6.5e-3, u0 = 5 min):

    >>> round(float(ettr_first_order(2000, 6.5e-3, 5, 60)), 2)
    0.68
    >>> round(float(ettr_first_order(2000, 6.5e-3, 5, 5)), 2)
    0.93
    """
    check_positive(nodes, "nodes")
    check_positive(failures_per_node_day, "failures_per_node_day")
    check_positive(restart_overhead_min, "restart_overhead_min", allow_zero=True)
    check_positive(checkpoint_interval_min, "checkpoint_interval_min")
    check_positive(checkpoint_write_min, "checkpoint_write_min", allow_zero=True)
    n = np.asarray(nodes, dtype=float)
    lost_min = restart_overhead_min + checkpoint_interval_min / 2.0
    numerator = 1.0 - n * failures_per_node_day * lost_min / _MIN_PER_DAY
    return as_float(numerator / (1.0 + checkpoint_write_min / checkpoint_interval_min))


@dataclass(frozen=True)
class GoodputCheck:
    """One run of ``reliability_runs.csv``: published goodput against model and constant.

    Errors are relative, ``predicted / published - 1`` [-]; ``bound`` says whether the
    published figure is a point or a ``lower`` bound.
    """

    run: str
    accelerators: int
    published: float
    bound: str
    in_sample: bool
    model: float
    constant: float

    @property
    def model_error(self) -> float:
        """Relative error of the node-count model [-]."""
        return self.model / self.published - 1.0

    @property
    def constant_error(self) -> float:
        """Relative error of the constant default [-]."""
        return self.constant / self.published - 1.0


def goodput_comparison() -> tuple[GoodputCheck, ...]:
    """The acceptance test of the model: every run of ``reliability_runs.csv``.

    Returns
    -------
    tuple of GoodputCheck
        One per run, in the table's order, with the model's goodput at the run's
        accelerator count and the constant ``goodput`` of ``workload_defaults.csv``.

    References
    ----------
    Runs and derivations: ``data/reliability_runs.csv`` (Llama 3 Sec. 3.3.4, MegaScale
    arXiv 2402.15627, BLOOM arXiv 2211.05100, OPT-175B chronicles, PaLM arXiv
    2204.02311).

    Examples
    --------
    Llama 3 set the model's time lost per interruption, so it is in-sample:

    >>> [c.run for c in goodput_comparison() if c.in_sample]
    ['llama-3.1-405b']
    """
    constant = workload_default("goodput")
    out = []
    for row in load_rows("reliability_runs"):
        n = int(float(row["accelerators"]))
        bound = str(row["bound"])
        if bound not in ("point", "lower"):
            msg = f"reliability_runs.csv {row['run']}: bound must be point or lower"
            raise InputError(msg, field="bound")
        out.append(
            GoodputCheck(
                run=str(row["run"]),
                accelerators=n,
                published=float(row["goodput"]),
                bound=bound,
                in_sample=str(row["in_sample"]).strip().lower() == "true",
                model=float(goodput_for_accelerators(n)),
                constant=constant,
            )
        )
    return tuple(out)
