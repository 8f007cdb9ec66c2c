"""Ties between sites: built modules the objective could equally have put elsewhere.

The ``serve`` objective prices a module by its capex, opex and salvage at its site
(:func:`tigris.plan.model.objective_coefficients`); two sites that allow a facility type
at the same cost (a gas data centre in Gujarat and one in Texas: same capex per MW, own
fuel) are then the same to it, and the solver's tie-break (the order of its columns,
i.e. of the scenario's ``sites:`` list) decides where the modules go. What the plan
reports beside the objective can still differ (the investor's NPV: the regions' grid
prices are passed through to revenue), so it says which modules are tied, and the NPV
over the tie (fifth user test, #2; ``docs/plan.md``, "Ties between sites").

A module of type *k* started in year *y* at site *s* is tied with site *s'* when moving
it there leaves the objective unchanged and the plan feasible, by construction:

- the model's own objective coefficients of ``build[s, k, y]`` and ``build[s', k, y]``
  agree (relative tolerance :data:`REL_TOL`), and so do those of ``sold[s, k, t]`` and
  ``sold[s', k, t]`` in every year when the model sells (``npv``);
- the two columns are the same in every row the sites share: the module's size, output,
  ramp, spend profile, capex, subsidy, opex, scanners and power per site are equal, so
  is the share of a wafer module's output available (``site_availability``, a
  disruption), and the sites have the same owner (their capital rows);
- ``s'`` has room: ``build[s', k, y]`` below its upper bound (which carries whether the
  site allows *k* and may still build in *y*), modules below ``max_modules``, site power
  below ``power_limit_mw`` in every year the moved modules draw power, grid headroom in
  its region for a grid-connected type (when the regions differ); ``s`` keeps
  ``build[s, k, y]``'s lower bound and ``min_modules``;
- no share of the fleet is placed by region (``demand_regions``) when the regions
  differ (that row would move with the module).

References
----------
Wolsey, *Integer Programming*, 2nd ed. (2020), §1.3 (alternative optima: a solver
returns one of them; which one follows its column order).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from tigris.plan.inputs import PlanInputs
from tigris.plan.model import online_fraction, output_availability
from tigris.plan.result import Explanation

__all__ = ["REL_TOL", "Tie", "investor_npv", "tie_explanations", "tie_npv_range", "tied_modules"]

#: Relative tolerance at which two objective coefficients are the same [-].
REL_TOL = 1e-9
#: Module counts closer than this to a whole number are that number [modules].
_COUNT_TOL = 1e-6
#: Per-(site, facility) inputs that must agree for two sites' columns to be the same
#: in every row they share (first axes site, facility).
_SAME = (
    "module_capacity",
    "module_yield",
    "capex_usd",
    "subsidy_usd",
    "spend",
    "output",
    "opex_usd_per_year",
    "euv_tools",
    "high_na_tools",
    "power_mw",
)


@dataclass(frozen=True)
class Tie:
    """Modules of one type at one site that could equally be at another.

    Attributes
    ----------
    facility : str
        Facility type.
    site : str
        Where the plan builds them.
    other : str
        Where they could equally be.
    years : tuple of int
        Start years of the movable modules.
    modules : int
        How many can be moved there, with room left [modules].
    moves : tuple of (int, int)
        ``(year index, modules)`` of the moves.
    """

    facility: str
    site: str
    other: str
    years: tuple[int, ...]
    modules: int
    moves: tuple[tuple[int, int], ...]


#: A count of modules that stands for "no limit" [modules].
_MANY = 10**9


def _count(x: float) -> int:
    """Whole modules in ``x`` (rounded down, within :data:`_COUNT_TOL`); :data:`_MANY`
    for no limit [modules]."""
    return _MANY if not np.isfinite(x) or x >= _MANY else int(np.floor(x + _COUNT_TOL))


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), 1.0)
    return bool(np.all(np.abs(a - b) <= REL_TOL * scale))


def _column_costs(model: object, name: str, shape: tuple[int, ...]) -> np.ndarray | None:
    """The model's objective coefficient of each cell of variable ``name`` [model money
    units], read from its objective expression; ``None`` when it cannot be read."""
    try:
        var = model.variables[name]  # type: ignore[attr-defined]
        labels = np.asarray(var.labels.values)
        expr = model.objective.expression  # type: ignore[attr-defined]
        vars_ = np.asarray(expr.vars.values).ravel()
        coeffs = np.asarray(expr.coeffs.values, dtype=float).ravel()
    except Exception:
        return None
    if labels.shape != shape:
        return None
    ok = vars_ >= 0
    size = int(max(labels.max(initial=-1), vars_.max(initial=-1))) + 1
    by_label = np.bincount(vars_[ok], weights=coeffs[ok], minlength=size)
    out = np.where(labels >= 0, by_label[np.clip(labels, 0, None)], np.nan)
    return out


def _bounds(model: object, shape: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray] | None:
    try:
        var = model.variables["build"]  # type: ignore[attr-defined]
        lo = np.asarray(var.lower.values, dtype=float)
        up = np.asarray(var.upper.values, dtype=float)
    except Exception:
        return None
    if lo.shape != shape or up.shape != shape:
        return None
    return lo, up


def _same_inputs(inp: PlanInputs, s: int, o: int, k: int) -> bool:
    for name in _SAME:
        arr = getattr(inp, name, None)
        if arr is None:
            continue
        arr = np.asarray(arr)
        if arr.ndim >= 2 and not _close(arr[s, k], arr[o, k]):
            return False
    reg = getattr(inp, "power_regions", None)
    if reg is not None and getattr(reg, "module_pue", None) is not None:
        pue = np.asarray(reg.module_pue, dtype=float)
        if pue.ndim == 2 and not _close(pue[s, k], pue[o, k]):
            return False
    # a site's new wafer output scaled by a disruption (site_availability, the
    # capacity rows' factor): the module's output differs there
    avail = output_availability(inp)
    if avail is not None and not _close(avail[s, k], avail[o, k]):
        return False
    owners = inp.site_owner or ()
    return not (len(owners) == len(inp.sites) and owners[s] != owners[o])


def _region(inp: PlanInputs, s: int) -> str | None:
    sr = getattr(inp, "site_region", None)
    return None if sr is None or len(sr) != len(inp.sites) else sr[s]


def tied_modules(
    inp: PlanInputs, sol: Mapping[str, np.ndarray], model: object | None = None
) -> list[Tie]:
    """Built modules that could equally be at another site (module docstring).

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    sol : mapping of arrays
        The solution, ``build`` (S, K, T) [modules] at least.
    model : linopy.Model, optional
        The solved model: its objective coefficients and ``build``'s bounds. Without it
        the coefficients of :func:`tigris.plan.model.objective_coefficients` are used.

    Returns
    -------
    list of Tie
        One per (type, site, other site) with a move; sorted by type and site names.
    """
    build = np.asarray(sol["build"], dtype=float)
    if build.ndim != 3 or not np.allclose(build, np.round(build), atol=_COUNT_TOL):
        return []  # fractional modules (a relaxation): no whole module to move
    build = np.round(build)
    shape = build.shape
    n_s, n_k, n_t = shape
    cost = _column_costs(model, "build", shape) if model is not None else None
    sold_cost = None
    if model is not None and "sold" in getattr(model, "variables", {}):
        sold_cost = _column_costs(model, "sold", shape)
        if sold_cost is None:
            return []  # the sales' prices cannot be compared: claim nothing
    if cost is None:
        from tigris.plan.model import objective_coefficients

        coef = objective_coefficients(inp)
        cost = np.asarray(coef[0], dtype=float)
        if getattr(inp, "objective", "serve") == "npv":
            sold_cost = np.asarray(coef[1], dtype=float)
    bounds = _bounds(model, shape) if model is not None else None
    if bounds is None:
        # build's bounds as tigris.plan.model.add_variables sets them: allowed, no
        # start whose module would not produce or be paid for by the last year (beyond
        # a floor), a cap where given
        from tigris.plan.model import online_by_last_year, paid_by_last_year

        lo = np.zeros(shape) if inp.min_build is None else np.asarray(inp.min_build, float)
        up = np.where(np.asarray(inp.allowed, dtype=bool)[:, :, None], np.inf, 0.0)
        up = np.broadcast_to(up, shape)
        late = ~(online_by_last_year(inp) & paid_by_last_year(inp))
        up = np.where(late, np.minimum(up, lo), up)
        if inp.max_build is not None:
            up = np.minimum(up, np.nan_to_num(np.asarray(inp.max_build, float), nan=np.inf))
    else:
        lo, up = bounds
    reg = getattr(inp, "power_regions", None)
    placed = reg is not None and np.any(np.asarray(reg.demand_share) > 0)
    # room left at each site (all from the plan as solved, updated as moves are made)
    total = build.sum(axis=(1, 2))
    max_mod = np.asarray(inp.max_modules, dtype=float)
    min_mod = np.asarray(inp.min_modules, dtype=float)
    limit = np.asarray(inp.power_limit_mw, dtype=float)
    site_mw = (online_fraction(build, inp.output) * inp.power_mw[..., None]).sum(axis=1)
    ties: list[Tie] = []
    order = sorted(range(n_s), key=lambda i: inp.sites[i])
    for k in sorted(range(n_k), key=lambda j: inp.facilities[j]):
        for s in order:
            if not np.any(build[s, k] - lo[s, k] >= 1 - _COUNT_TOL):
                continue  # nothing built there above its floor: nothing to move
            for o in order:
                if o == s or not np.any(up[o, k] > build[o, k]):
                    continue
                if not _same_inputs(inp, s, o, k):
                    continue
                if sold_cost is not None and not _close(sold_cost[s, k], sold_cost[o, k]):
                    continue
                cross = _region(inp, s) != _region(inp, o)
                if cross and placed:
                    continue
                moves = []
                for t in range(n_t):
                    n = round(build[s, k, t] - lo[s, k, t])
                    if n <= 0 or not _close(cost[s, k, t], cost[o, k, t]):
                        continue
                    n = min(n, _count(up[o, k, t] - build[o, k, t]))
                    if np.isfinite(max_mod[o]):
                        n = min(n, _count(max_mod[o] - total[o]))
                    n = min(n, _count(total[s] - min_mod[s]))
                    one = np.zeros(shape)
                    one[o, k, t] = 1.0
                    mw = online_fraction(one, inp.output)[o, k] * inp.power_mw[o, k]  # (T,)
                    if np.isfinite(limit[o]) and np.any(mw > 0):
                        spare = (limit[o] - site_mw[o])[mw > 0] / mw[mw > 0]
                        n = min(n, _count(spare.min()))
                    if cross and n > 0:
                        n = min(n, _grid_room(inp, build, o, k, t))
                    if n <= 0:
                        continue
                    moves.append((t, n))
                    total[o] += n
                    total[s] -= n
                    site_mw[o] += n * mw
                    site_mw[s] -= (
                        n
                        * online_fraction(_one(shape, s, k, t), inp.output)[s, k]
                        * inp.power_mw[s, k]
                    )
                    build = build.copy()
                    build[s, k, t] -= n
                    build[o, k, t] += n
                if moves:
                    years = tuple(int(inp.years[t]) for t, _ in moves)
                    ties.append(
                        Tie(
                            facility=inp.facilities[k],
                            site=inp.sites[s],
                            other=inp.sites[o],
                            years=years,
                            modules=sum(n for _, n in moves),
                            moves=tuple(moves),
                        )
                    )
                    # the room used by these moves is given back: each tie is one
                    # alternative, not a plan with all of them at once
                    for t, n in moves:
                        total[o] -= n
                        total[s] += n
                        build[s, k, t] += n
                        build[o, k, t] -= n
                    site_mw = (online_fraction(build, inp.output) * inp.power_mw[..., None]).sum(
                        axis=1
                    )
    return ties


def _one(shape: tuple[int, int, int], s: int, k: int, t: int) -> np.ndarray:
    one = np.zeros(shape)
    one[s, k, t] = 1.0
    return one


def _grid_room(inp: PlanInputs, build: np.ndarray, o: int, k: int, t: int) -> int:
    """Modules of type ``k`` started in year ``t`` the grid of site ``o``'s region can
    still connect in every year they are online (unlimited for a type with its own
    power) [modules]."""
    if not bool(np.asarray(inp.grid_limits())[o, k]):
        return _MANY
    head = getattr(inp, "grid_headroom_mw", None)
    regions = tuple(getattr(inp, "regions", ()) or ())
    region = _region(inp, o)
    if head is None or region not in regions:
        return _MANY
    from tigris.plan.explain_power import _grid_online_mw
    from tigris.plan.power import connected_output, facility_capacity

    r = regions.index(region)
    online = _grid_online_mw(inp, build)[r]  # connected MW, as grid-headroom-upper
    one = online_fraction(_one(build.shape, o, k, t), connected_output(inp))[o, k]
    mw = one * facility_capacity(inp)[o, k]
    on = mw > 0
    if not np.any(on):
        return _MANY
    spare = (np.asarray(head, dtype=float)[r] - online)[on] / mw[on]
    spare = spare[np.isfinite(spare)]
    return _MANY if not len(spare) else max(_count(spare.min()), 0)


def _moved(build: np.ndarray, inp: PlanInputs, tie: Tie, back: bool = False) -> np.ndarray:
    out = np.array(build, dtype=float, copy=True)
    s, o = inp.sites.index(tie.site), inp.sites.index(tie.other)
    k = inp.facilities.index(tie.facility)
    for t, n in tie.moves:
        out[s, k, t] -= n
        out[o, k, t] += n
    return out


def investor_npv(inp: PlanInputs, build: np.ndarray, prod: np.ndarray) -> float:
    """The investor's NPV of a plan [USD]: its sites' net cash flows
    (:func:`tigris.finance.cashflow.cash_flows`) discounted by
    :func:`tigris.finance.cashflow.npv_usd`, as the plan's ``finance_owners`` table.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs.
    build : numpy.ndarray
        (S, K, T) modules started by site, facility and year.
    prod : numpy.ndarray
        (P, T) accelerators made by product and year.

    Returns
    -------
    float
        The investor's NPV [USD]; 0.0 when it has no cash flows.
    """
    from tigris.finance.cashflow import cash_flows, npv_usd
    from tigris.plan.inputs import INVESTOR

    flows = cash_flows(inp, build, prod)
    if flows.empty:
        return 0.0
    flows = flows[flows["owner"] == INVESTOR]
    if flows.empty:
        return 0.0
    net = flows.groupby("year")["net_usd"].sum().sort_index()
    return float(npv_usd(net.to_numpy(), net.index.to_numpy(), inp.base_year, inp.discount_rate))


def tie_npv_range(
    inp: PlanInputs, sol: Mapping[str, np.ndarray], ties: list[Tie]
) -> tuple[float, float, float]:
    """The investor's NPV of the plan and its lowest and highest over the tie [USD].

    Each tie's moved plan (its modules moved to the other site, the rest as solved) is
    feasible and has the plan's objective by construction (:func:`tied_modules`), so
    the NPV it gives is one the same optimum could have printed.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs.
    sol : mapping of str to numpy.ndarray
        The solution's arrays: ``build`` (S, K, T) [modules], ``prod`` (P, T) [accelerators].
    ties : list of Tie
        The plan's ties (:func:`tied_modules`).

    Returns
    -------
    tuple of (float, float, float)
        The plan's NPV (builds rounded to whole modules), the lowest and the highest
        [USD].
    """
    base, moved = _tie_npvs(inp, sol, ties)
    values = [base, *moved]
    return base, float(min(values)), float(max(values))


def _tie_npvs(
    inp: PlanInputs, sol: Mapping[str, np.ndarray], ties: list[Tie]
) -> tuple[float, list[float]]:
    """The investor's NPV of the plan (builds rounded to whole modules) and of each
    tie's moved plan, in the order of ``ties`` [USD]: :func:`investor_npv` once each."""
    build = np.round(np.asarray(sol["build"], dtype=float))
    prod = np.asarray(sol["prod"], dtype=float)
    base = investor_npv(inp, build, prod)
    return base, [investor_npv(inp, _moved(build, inp, tie), prod) for tie in ties]


def tie_explanations(
    inp: PlanInputs,
    sol: Mapping[str, np.ndarray],
    model: object | None = None,
    settled: list[Tie] | None = None,
) -> list[Explanation]:
    """The plan's ties between sites, in words (one sentence each), with the NPV range.

    With ``settled`` (the moves :func:`settle_ties` made, possibly none), the plan's
    ties were broken by the investor's NPV: the moves are said, and each tie left says
    the NPV it would give instead of calling the split the solver's tie-break.

    ``"3 datacenter-gas modules at india-gujarat (started 2026–2027) could equally be at
    texas-usa (same cost for the objective, room left there); the split between them is
    the solver's tie-break, not the plan's choice, and the investor's NPV depends on it:
    $412M as shown, $587M with them moved."``

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs.
    sol : mapping of str to numpy.ndarray
        The solution's arrays: ``build`` (S, K, T) [modules], ``prod`` (P, T) [accelerators].
    model : linopy.Model or None, optional
        The solved model (its objective coefficients and ``build``'s bounds); None uses
        :func:`tigris.plan.model.objective_coefficients`.
    settled : list of Tie or None, optional
        The moves :func:`settle_ties` made; None when the ties were not settled.

    Returns
    -------
    list of Explanation
        Kind ``tie``: one per move made and per tie left, then, with several ties not
        settled, one on the NPV's range over them (year None); [] without either.
    """
    from tigris.fmt import money
    from tigris.plan.explain_base import _years_text

    out = []
    for tie in settled or []:  # moves settle_ties made before the plan was reported
        unit = "module" if tie.modules == 1 else "modules"
        out.append(
            Explanation(
                "tie",
                int(inp.years[tie.moves[0][0]]),
                f"{tie.modules} {tie.facility} {unit} the solver put at {tie.site} are at "
                f"{tie.other}: the two sites cost the objective the same, and the tie is "
                "broken by the investor's NPV (higher there), not by the order of the sites "
                "list.",
            )
        )
    ties = tied_modules(inp, sol, model)
    if not ties:
        return out

    base, moved = _tie_npvs(inp, sol, ties)  # each moved plan's NPV, computed once
    lo, hi = min(base, *moved), max(base, *moved)
    for tie, npv in zip(ties, moved, strict=True):
        unit = "module" if tie.modules == 1 else "modules"
        text = (
            f"{tie.modules} {tie.facility} {unit} at {tie.site} (started "
            f"{_years_text(list(tie.years))}) could equally be at {tie.other}: same cost "
            "for the objective and room left there, so "
        )
        if settled is not None:  # settle_ties ran: the NPV broke the tie
            text += (
                f"the tie is broken by the investor's NPV: {money(base)} as shown, "
                f"{money(npv)} with them at {tie.other}"
            )
            out.append(Explanation("tie", int(inp.years[tie.moves[0][0]]), text + "."))
            continue
        text += (
            "the split between the two sites is the solver's tie-break (which can follow "
            "the order of the sites list, or options no plan takes), not the plan's choice"
        )
        if abs(npv - base) > max(abs(base), 1.0) * REL_TOL:
            text += (
                f"; the investor's NPV depends on it: {money(base)} as shown, "
                f"{money(npv)} with them at {tie.other}"
            )
        out.append(Explanation("tie", int(inp.years[tie.moves[0][0]]), text + "."))
    if settled is None and len(ties) > 1 and hi - lo > max(abs(base), 1.0) * REL_TOL:
        text = (
            f"Over these ties (each an equally good plan for the objective), the "
            f"investor's NPV ranges from {money(lo)} to {money(hi)} ({money(base)} as shown)."
        )
        out.append(Explanation("tie", None, text))
    return out


#: At most this many moves are made when settling ties (each raises the NPV) [-].
_MAX_SETTLE = 20
#: A move must raise the NPV by more than this share of it (floating-point noise of
#: the cash flows is far below) [-].
_GAIN_SHARE = 1e-6


def settle_ties(
    inp: PlanInputs, sol: Mapping[str, np.ndarray], model: object | None = None
) -> tuple[dict[str, np.ndarray], list[Tie]]:
    """Break the plan's ties between sites by the investor's NPV, not by list order.

    Among the plans a tie allows (each :class:`Tie`'s moved plan has the objective of
    the plan and is feasible, :func:`tied_modules`), take the move that raises the
    investor's NPV (:func:`investor_npv`) most, and repeat until no move raises it (at
    most :data:`_MAX_SETTLE` moves; each raises the NPV, so it ends). Ties are found
    and compared in site and type name order, so the result does not depend on the
    order of the scenario's ``sites:`` list when the tie is all that differs. Only the
    ``serve`` objective (an ``npv`` plan's sales are per site, and its objective is
    the NPV already). A local rule (single moves), not the best NPV over every optimum
    of the objective.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs.
    sol : mapping of str to numpy.ndarray
        The solution's arrays: ``build`` (S, K, T) [modules], ``prod`` (P, T) [accelerators].
    model : linopy.Model or None, optional
        The solved model (its objective coefficients and ``build``'s bounds); None uses
        :func:`tigris.plan.model.objective_coefficients`.

    Returns
    -------
    tuple of (dict of str to numpy.ndarray, list of Tie)
        A copy of the solution, with ``build`` (rounded to whole modules, and ``modules``,
        if present, as ``build``'s cumulative sum) moved when a move was made, and the
        moves made ([] under ``npv`` or when no move raises the NPV).
    """
    out = {name: np.array(v, copy=True) for name, v in sol.items()}
    if getattr(inp, "objective", "serve") == "npv":
        return out, []
    made: list[Tie] = []
    for _ in range(_MAX_SETTLE):
        ties = tied_modules(inp, out, model)
        if not ties:  # the usual case (the reference): no cash flows computed
            break
        build = np.round(np.asarray(out["build"], dtype=float))
        base = investor_npv(inp, build, out["prod"])
        best, best_gain = None, max(abs(base), 1.0) * _GAIN_SHARE
        for tie in ties:
            gain = investor_npv(inp, _moved(build, inp, tie), out["prod"]) - base
            if gain > best_gain:
                best, best_gain = tie, gain
        if best is None:
            break
        out["build"] = _moved(build, inp, best)
        made.append(best)
    if made and "modules" in out and np.shape(out["modules"]) == np.shape(out["build"]):
        out["modules"] = np.cumsum(out["build"], axis=2)
    return out, made
