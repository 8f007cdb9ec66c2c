"""The explanation when the cap on on-site gas binds (:mod:`tigris.plan.explain`).

``datacenters.gas_mw_per_year_max`` caps the investor's on-site gas MW commissioned a
year (``gas-build-upper``, :func:`tigris.plan.power.add_gas_cap`). A year is *at the
cap* (:func:`tigris.energy.gas.at_gas_cap`) when one more module of on-site gas would
not fit under it (the builds are whole modules, so a cap of 1,050 MW is reached at
1,000 MW with 100 MW modules, as 1,000 is); the cap *binds* when the re-solve without
it (every ``gas-build-upper`` row dropped) improves the objective, the rule of every
limit in :mod:`tigris.plan.explain`, as the product-mix bounds are checked
(:mod:`tigris.plan.explain_mix`).
"""

from __future__ import annotations

import math
from collections.abc import Generator

import numpy as np

from tigris.energy.gas import at_gas_cap
from tigris.plan.explain_base import _Budget, _result, _years_text
from tigris.plan.inputs import PlanInputs
from tigris.plan.result import Explanation

__all__ = ["MAX_GAS_RESOLVES", "gas_limit", "gas_mw_commissioned"]

#: The re-solve the gas sentence adds to the explanation's budget (one dropping the
#: cap), so that it never takes a re-solve from the other limits [-].
MAX_GAS_RESOLVES = 1


def gas_mw_commissioned(inp: PlanInputs, build: np.ndarray) -> tuple[np.ndarray, float]:
    """The investor's on-site gas MW commissioned each year by ``build``, and the
    smallest such module.

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    build : (S, K, T) array
        Modules started [modules/year].

    Returns
    -------
    mw : (T,) array
        ``Σ_{s,k,l} first[s, k, l] · MW[s, k] · build[s, k, t − l]`` [facility MW/year],
        the left side of ``gas-build-upper`` (:func:`tigris.plan.power.gas_commissioned_mw`).
    module : float
        The smallest on-site gas module the investor may build [facility MW]; 0 when
        none.

    References
    ----------
    ``docs/energy.md``, "On-site gas: fuel and supply".
    """
    from tigris.plan.power import gas_commissioned_mw

    coef = gas_commissioned_mw(inp)  # (S, K, L)
    b = np.asarray(build, dtype=float)
    n_t = b.shape[-1] if b.ndim == 3 else 0
    mw = np.zeros(n_t)
    if n_t == 0 or coef.shape[:2] != b.shape[:2]:
        return mw, 0.0
    for lag in range(min(coef.shape[-1], n_t)):
        mw[lag:] += np.einsum("sk,skt->t", coef[..., lag], b[..., : n_t - lag])
    sizes = coef.max(axis=-1)
    module = float(sizes[sizes > 0].min()) if np.any(sizes > 0) else 0.0
    return mw, module


def gas_limit(
    inp: PlanInputs, build: np.ndarray, budget: _Budget
) -> Generator[int, None, list[Explanation]]:
    """The gas cap, when some year is at it, checked by a re-solve without it: a
    sentence (kind ``gas``, the first year at the cap) when the re-solve improves the
    objective; without a resolver, the years at the cap as a fact of the plan, never as
    binding. No re-solve (and nothing said) without a cap or with no year at it. A
    two-step generator (:func:`tigris.plan.explain_base._start`).

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``power_regions.gas_mw_per_year_max``).
    build : numpy.ndarray
        (S, K, T) the plan's modules started by site, facility and year.
    budget : _Budget
        The explanation's re-solves left and their resolver (None: no re-solves).

    Returns
    -------
    list of Explanation
        The generator's return value: at most one sentence (kind ``gas``); [] as above.

    Yields
    ------
    int
        The number of re-solves submitted, 0 or 1 (once, when some year is at the cap).

    References
    ----------
    The re-solve rule of :mod:`tigris.plan.explain` (a limit binds only when its
    re-solve improves the objective; Wolsey, *Integer Programming*, 2nd ed., §2.2).
    """
    reg = inp.power_regions
    cap = None if reg is None else reg.gas_mw_per_year_max
    if cap is None:
        return []
    mw, module = gas_mw_commissioned(inp, build)
    at = at_gas_cap(mw, float(cap), module)
    if module <= 0 or not at.any():
        return []
    years = [int(y) for y, a in zip(inp.years, at, strict=True) if a]
    if budget.resolver is not None:
        budget.left += MAX_GAS_RESOLVES  # its own re-solve: never one of the others'
    fut = budget.run([("gas-build-upper", {}, math.inf)])
    yield int(fut is not None)
    res = _result(fut)
    verdict = budget.verdict(res) if fut is not None else "unknown"
    if verdict == "none":
        return []  # at the cap, but it does not bind (re-solved)
    most = float(mw[at].max())
    if float(cap) < module:
        fact = (
            f"the cap of {float(cap):,.0f} MW a year (datacenters.gas_mw_per_year_max) "
            f"admits no on-site gas module (the smallest is {module:,.0f} MW), so none is "
            f"built in {_years_text(years)}"
        )
    else:
        fact = (
            f"the investor commissions up to {most:,.0f} MW of on-site gas generation in "
            f"{_years_text(years)}, within one {module:,.0f} MW module of the cap of "
            f"{float(cap):,.0f} MW a year (datacenters.gas_mw_per_year_max)"
        )
    if verdict == "saves" and res is not None:
        text = f"The gas cap binds: {fact}; without the cap the plan {budget.saving_text(res)}."
    else:
        text = f"The gas cap is reached: {fact}."
    return [Explanation("gas", years[0], text)]
