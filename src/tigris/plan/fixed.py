"""Fix a plan's builds and re-solve: what the same builds give in another world.

:func:`fix_builds` sets ``min_build = max_build = builds`` on the slots to fix (every
year, or the years up to ``through_year``), so a re-solve keeps those decisions and
chooses only production, unmet demand, capital draws and the free builds again.
:func:`builds_array` reads a :class:`~tigris.plan.result.PlanResult`'s ``builds`` table
back into the model's ``(S, K, T)`` array. Used by :mod:`tigris.risk.disruptions`
(the plan as made, facing a disruption) and the two-stage stochastic plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tigris.errors import InputError
from tigris.plan.inputs import PlanInputs

if TYPE_CHECKING:
    from tigris.plan.result import PlanResult

__all__ = ["bound_problems", "builds_array", "fix_builds"]

#: A build within this of a whole number is that number (a MIP's integers come back
#: as floats a little off) [modules].
INTEGER_TOL = 1e-6


def fix_builds(
    inp: PlanInputs, builds: np.ndarray, *, through_year: int | None = None
) -> PlanInputs:
    """``inp`` with ``builds`` fixed exactly in every year ``<= through_year``.

    On a fixed slot ``min_build = max_build = builds[s, k, t]``; the other slots keep
    ``inp``'s bounds (its floor ``min_build`` and cap ``max_build``, if any).

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    builds : (S, K, T) array
        Modules started per site, facility type and year, e.g. a plan's
        (:func:`builds_array`) [modules]. Values within :data:`INTEGER_TOL` of a whole
        number are rounded to it.
    through_year : int, optional
        Last year fixed; ``None``: every year. A year before the horizon fixes nothing.

    Returns
    -------
    PlanInputs
        A copy with ``min_build`` and ``max_build`` set.

    Raises
    ------
    InputError
        ``builds`` has the wrong shape, is negative or not finite, or builds where a
        site may not (naming ``builds``).

    References
    ----------
    Birge & Louveaux, *Introduction to Stochastic Programming* (2nd ed., 2011), §4.1:
    the expected result of a fixed first-stage decision (EEV) is the recourse problem
    solved with the first-stage variables fixed; the same device here.

    Examples
    --------
    >>> import numpy as np
    >>> from tigris.plan.inputs import PlanInputs
    >>> inp = _tiny()
    >>> fixed = fix_builds(inp, np.array([[[1.0, 0.0]]]), through_year=2026)
    >>> fixed.min_build.tolist(), fixed.max_build.tolist()
    ([[[1.0, 0.0]]], [[[1.0, nan]]])
    """
    n = inp.shape
    shape = (n["site"], n["facility"], n["year"])
    arr = np.asarray(builds, dtype=float)
    if arr.shape != shape:
        raise InputError(f"builds has shape {arr.shape}, expected {shape}", field="builds")
    if np.any(~np.isfinite(arr)) or np.any(arr < 0):
        raise InputError("builds must be finite and >= 0", field="builds")
    whole = np.round(arr)
    arr = np.where(np.abs(arr - whole) <= INTEGER_TOL, whole, arr)
    if np.any((arr > 0) & ~np.asarray(inp.allowed, dtype=bool)[..., None]):
        raise InputError("builds are > 0 where the site may not build", field="builds")
    years = np.asarray(inp.years, dtype=int)
    fixed = np.ones(len(years), dtype=bool) if through_year is None else years <= through_year
    fixed = np.broadcast_to(fixed[None, None, :], shape)
    floor = np.zeros(shape) if inp.min_build is None else np.asarray(inp.min_build, float)
    cap = np.full(shape, np.nan) if inp.max_build is None else np.asarray(inp.max_build, float)
    return inp.replace(
        min_build=np.where(fixed, arr, floor),
        max_build=np.where(fixed, arr, cap),
    )


def builds_array(result: PlanResult, inp: PlanInputs) -> np.ndarray:
    """(S, K, T) modules started, read from ``result.builds`` [modules].

    Rows are matched to ``inp``'s sites, facility types (kind and the table's ``node``,
    :func:`tigris.plan.solve._nodes`) and years.

    Parameters
    ----------
    result : PlanResult
        A plan, with its ``builds`` table (``site``, ``facility``, ``node``,
        ``start_year``, ``modules``).
    inp : PlanInputs
        The problem whose sites, facility types and years index the array.

    Returns
    -------
    numpy.ndarray
        (S, K, T) modules started by site, facility and start year [modules].

    Raises
    ------
    InputError
        A row names a site, facility or year that ``inp`` does not have (the plan was
        made for another problem; naming ``builds``).
    """
    from tigris.plan.solve import _nodes

    n = inp.shape
    out = np.zeros((n["site"], n["facility"], n["year"]))
    sites = {s: i for i, s in enumerate(inp.sites)}
    kinds = zip(inp.facility_kind, _nodes(inp), strict=True)
    facs = {(str(kind), node): k for k, (kind, node) in enumerate(kinds)}
    first = int(np.asarray(inp.years)[0])
    for row in result.builds.itertuples(index=False):
        node = "" if row.node != row.node else str(row.node)  # NaN: no node
        s, k = sites.get(str(row.site)), facs.get((str(row.facility), node))
        t = int(row.start_year) - first
        if s is None or k is None or not 0 <= t < n["year"]:
            msg = (
                f"builds: the plan builds {row.facility} {node} at {row.site} in "
                f"{row.start_year}, which this problem does not have"
            )
            raise InputError(msg, field="builds")
        out[s, k, t] += float(row.modules)
    return out


def bound_problems(inp: PlanInputs) -> list[str]:
    """Problems with ``inp.max_build`` and ``inp.site_availability``
    (:meth:`PlanInputs.check` runs it): shapes, ``max_build >= 0`` and ``>= min_build``,
    availability in [0, 1].

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs.

    Returns
    -------
    list of str
        One message per problem; [] when both are absent or fine.
    """
    s, k, t = len(inp.sites), len(inp.facilities), len(np.atleast_1d(inp.years))
    problems = []
    cap = inp.max_build
    if cap is not None:
        arr = np.asarray(cap, dtype=float)
        if arr.shape != (s, k, t):
            problems.append(f"plan inputs: max_build has shape {arr.shape}, expected {(s, k, t)}")
        elif np.any(arr < 0):
            problems.append("plan inputs: max_build must be >= 0 (NaN or inf: no bound)")
        elif inp.min_build is not None and np.shape(inp.min_build) == arr.shape:
            below = np.nan_to_num(arr, nan=np.inf) < np.asarray(inp.min_build, float)
            if np.any(below):
                problems.append("plan inputs: max_build is below min_build somewhere")
    avail = inp.site_availability
    if avail is not None:
        arr = np.asarray(avail, dtype=float)
        if arr.shape != (s, t):
            problems.append(
                f"plan inputs: site_availability has shape {arr.shape}, expected {(s, t)}"
            )
        elif np.any(~(arr >= 0)) or np.any(arr > 1):
            problems.append("plan inputs: site_availability must be in [0, 1]")
    return problems


def _tiny() -> PlanInputs:
    """A one-site, one-facility, two-year problem (for the doctest)."""
    one, two = np.ones(1), np.ones(2)
    return PlanInputs(
        years=np.array([2026, 2027]),
        sites=("a",),
        facilities=("cowos",),
        facility_kind=("cowos",),
        facility_node=("",),
        products=("x",),
        classes=("c",),
        sources=("f",),
        h100e=one,
        use=np.ones((1, 1)),
        available=np.ones((1, 2), dtype=bool),
        min_share=np.zeros((1, 2)),
        max_share=np.ones((1, 2)),
        system_power_w=one,
        existing=np.zeros((1, 2)),
        demand=two[None, :],
        priority=one,
        penalty_usd_per_h100e=1.0,
        allowed=np.ones((1, 1), dtype=bool),
        module_capacity=np.ones((1, 1)),
        capex_usd=np.ones((1, 1)),
        subsidy_usd=np.zeros((1, 1)),
        spend=np.ones((1, 1, 1)),
        output=np.ones((1, 1, 1)),
        opex_usd_per_year=np.zeros((1, 1)),
        euv_tools=np.zeros((1, 1)),
        high_na_tools=np.zeros((1, 1)),
        power_mw=np.zeros((1, 1)),
        max_modules=np.array([np.inf]),
        power_limit_mw=np.array([np.inf]),
        euv_supply=np.zeros(2),
        high_na_supply=np.zeros(2),
        capital_usd=np.ones((1, 2)),
        discount_rate=0.0,
        base_year=2026,
    )
