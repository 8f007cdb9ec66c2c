"""Build groups: integer totals of the modules started by sites that build alike.

Many sites start a facility type with the same construction and ramp profile and the
same scanner needs; to the capacity and scanner rows they are interchangeable, and
they differ only in their cost and their site limits. Branching on one site's
``build[s, k, t]`` then barely moves the LP bound: the relaxation moves the fraction
to a like site. ``build_group[g, t] = Σ_{(s, k) ∈ g} build[s, k, t]`` is integer in
every integer solution (a sum of integers), so declaring it integer and writing the
scanner rows (``tools-<tool>-upper``) on it leaves the set of integer plans and the
optimum unchanged, while HiGHS can branch on, and cut with, the total a group starts
in a year (the standard remedy for near-identical columns: Margot (2010) §5; for the
aggregate branching used here, Ryan and Foster (1981) and, on lot-sizing totals,
Pochet and Wolsey (2006) §4.4).

References
----------
Margot, F. (2010), "Symmetry in Integer Linear Programming", in *50 Years of Integer
Programming 1958-2008*, Springer, 647-686.
Ryan, D. M. and Foster, B. A. (1981), "An integer programming approach to scheduling",
in *Computer Scheduling of Public Transport*, North-Holland, 269-280.
Pochet, Y. and Wolsey, L. A. (2006), *Production Planning by Mixed Integer
Programming*, Springer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xarray as xr

from tigris.plan.inputs import PlanInputs

if TYPE_CHECKING:
    import linopy

__all__ = ["GROUP", "add_build_groups", "build_groups"]

#: Name of the grouped variable (and, with ``-balance``, of its defining rows).
GROUP = "build_group"


def build_groups(inp: PlanInputs) -> np.ndarray:
    """(S, K) group of each site and facility type that may build; -1 where it may not.

    Two slots share a group when they are the same facility type with the same spend
    and output profiles and the same EUV and High-NA scanner needs per module, so a
    group's total is what the scanner rows count and, capacity per module being equal,
    what its output ramp follows.

    Parameters
    ----------
    inp : PlanInputs
        The problem (``allowed``, ``spend``, ``output``, ``euv_tools``,
        ``high_na_tools``).

    Returns
    -------
    numpy.ndarray
        (S, K) int, groups numbered 0.. in order of first appearance (facility type
        first, then site) [-].

    Examples
    --------
    >>> from types import SimpleNamespace as N
    >>> one = np.ones((3, 1, 2))
    >>> inp = N(allowed=np.array([[True], [True], [False]]), spend=one, output=one,
    ...         euv_tools=np.ones((3, 1)), high_na_tools=np.zeros((3, 1)))
    >>> build_groups(inp).ravel().tolist()
    [0, 0, -1]
    """
    allowed = np.asarray(inp.allowed, dtype=bool)
    n_s, n_k = allowed.shape
    if not allowed.any():  # no site, no facility type or nothing allowed: no group
        return np.full((n_s, n_k), -1, dtype=int)
    spend = np.asarray(inp.spend, dtype=float).reshape(n_s, n_k, -1)
    output = np.asarray(inp.output, dtype=float).reshape(n_s, n_k, -1)
    need = np.stack(
        [np.asarray(inp.euv_tools, dtype=float), np.asarray(inp.high_na_tools, dtype=float)],
        axis=-1,
    ).reshape(n_s, n_k, -1)
    groups = np.full((n_s, n_k), -1, dtype=int)
    seen: dict[tuple[object, ...], int] = {}
    for k in range(n_k):
        for s in np.nonzero(allowed[:, k])[0]:
            key = (k, spend[s, k].tobytes(), output[s, k].tobytes(), need[s, k].tobytes())
            groups[s, k] = seen.setdefault(key, len(seen))
    return groups


def add_build_groups(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index]) -> None:
    """Add ``build_group[group, year]`` (integer) and ``build_group-balance``.

    ``Σ_{(s, k) ∈ g} build[s, k, t] − build_group[g, t] = 0`` (:func:`build_groups`),
    the row built from the label arrays at once (one term per member, padded with
    absent terms), as :func:`tigris.plan.model.add_capital_available` does. Nothing is
    added when no slot may build.

    Parameters
    ----------
    m : linopy.Model
        The planning model, with its ``build`` variable; the group variable and rows are
        added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    """
    import linopy

    groups = build_groups(inp)
    n_g = int(groups.max(initial=-1)) + 1
    if n_g == 0:
        return
    g_idx = pd.Index(np.arange(n_g), name="group")
    var = m.add_variables(
        lower=0, coords=[g_idx, c["year"]], name=GROUP, integer=True
    )  # no upper bound: the members' bounds and rows bound it
    labels = np.asarray(m.variables["build"].labels.transpose("site", "facility", "year").values)
    flat = labels.reshape(-1, labels.shape[-1])  # (S*K, T)
    slots = [np.nonzero(groups.ravel() == g)[0] for g in range(n_g)]
    width = max(len(s) for s in slots)
    n_t = flat.shape[-1]
    vars_ = np.full((n_g, n_t, width), -1, dtype=np.int64)
    coeffs = np.zeros((n_g, n_t, width))
    for g, idx in enumerate(slots):
        vars_[g, :, : len(idx)] = flat[idx].T
        coeffs[g, :, : len(idx)] = 1.0
    dims = ("group", "year", "_term")
    terms = xr.Dataset(
        {"coeffs": (dims, coeffs), "vars": (dims, vars_)},
        coords={"group": g_idx, "year": c["year"]},
    )
    total = linopy.LinearExpression(terms, m)
    # the group's variable on the right-hand side: linopy moves it left (coefficient -1)
    m.add_constraints(total == var, name=f"{GROUP}-balance")
