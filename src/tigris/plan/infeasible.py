"""Why is there no plan? Commitments checked directly, then a deletion filter.

An infeasible scenario is explained by a deletion filter over constraint groups: drop
one group at a time and see which makes the LP relaxation feasible (Chinneck,
*Feasibility and Infeasibility in Optimization*, 2008, ch. 6). A time limit without a
plan or another solver outcome is said in one sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tigris.fmt import money, share
from tigris.plan.highs import feasible_without, new_highs, quiet_stdout, run_highs
from tigris.plan.inputs import PlanInputs
from tigris.plan.model import build_model, net_capex_usd, online_by_last_year, paid_by_last_year
from tigris.plan.result import Explanation
from tigris.units import MONTHS_PER_YEAR

if TYPE_CHECKING:
    import linopy

__all__ = ["explain_infeasible", "modules_text", "too_late_text"]


def modules_text(n: float) -> str:
    """``"1 module"``, ``"3 modules"``.

    Parameters
    ----------
    n : float
        A number of modules (a whole number, printed with ``:g``).

    Returns
    -------
    str
        The count and ``module`` or ``modules``.

    Examples
    --------
    >>> modules_text(1), modules_text(2.0)
    ('1 module', '2 modules')
    """
    return f"{n:g} module" if n == 1 else f"{n:g} modules"


#: What sets the time from a module's start to its first output, by facility kind (and
#: a data centre by grid or on-site power), as the plan builds the module's output
#: profile: ``{site}`` is the site's name. Each names only settings that move the time
#: (``docs/plan.md``, "Fab modules start at the decision to build"; ``docs/energy.md``,
#: "Scenario"; ``docs/scenario-files.md``, "What a site's overrides reach").
_TIME_OF = {
    # tigris.plan.module_costs._from_start: the fab layer's permit, build and ramp
    "logic": (
        "permit and construction",
        "for a logic module, {site}'s permit_months then its construction_months "
        "(data/sites.csv; changed by the scenario's sites[].construction_months, a --data "
        "overlay or --set data.sites.{site}.permit_months), or the facility's own "
        "output_profile",
    ),
    # tigris.plan.module_costs._module_from_table: quoted from groundbreaking, no permit
    "table": (
        "construction",
        "for a CoWoS or HBM module, data/facility_types.csv's output_profile (or the "
        "facility's own), counted from groundbreaking (no permit time) and moved by "
        "{site}'s construction_months (data/sites.csv or the scenario's "
        "sites[].construction_months) against its priced_at_site's",
    ),
    # tigris.plan.assemble_energy.datacenter_module: grid wait, then construction
    "grid": (
        "grid connection and construction",
        "for a grid data centre, its grid connection lead (its region's grid_lead_months "
        "in data/grid.csv, or the facility's grid_lead_months) then its construction "
        "months (the facility's construction_months, else data/datacenter_types.csv's), "
        "or the facility's own output_profile; not the site's construction_months",
    ),
    "onsite": (
        "construction",
        "for an on-site (gas or solar) data centre, its construction months (the "
        "facility's construction_months, else data/datacenter_types.csv's; no grid wait), "
        "or the facility's own output_profile; not the site's construction_months",
    ),
}


def _time_kind(kind: str, fid: str) -> str:
    """The key of :data:`_TIME_OF` for a facility of ``kind`` and id ``fid``."""
    if kind == "logic":
        return "logic"
    if kind != "datacenter":
        return "table"
    from tigris.energy.data import datacenter_type

    return "grid" if bool(datacenter_type(fid)["grid"]) else "onsite"


def too_late_text(inp: PlanInputs, s: int, need: float) -> str:
    """Why site ``s``'s commitment of ``need`` modules cannot be met in time: no facility
    type it may build has a start year whose module produces by the horizon's last year
    (and is paid for by then; :func:`tigris.plan.model.online_by_last_year`,
    :func:`tigris.plan.model.paid_by_last_year`), each type named with the years from
    its start to its first output, and the settings that set that time for its kind
    (:data:`_TIME_OF`): a logic module's site permit and construction months, a CoWoS or
    HBM module's quoted profile moved by the site's construction months, a data centre's
    own (or its table's) construction months after, for a grid one, the grid connection
    lead. A setting that does not move the time (a site's ``construction_months`` for a
    data centre) is not offered as a cure.

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    s : int
        The site's position in ``inp.sites``.
    need : float
        Its ``min_modules``.

    Returns
    -------
    str
        One sentence (user test s49 e&f #4: 125 months of construction from 2026 was
        reported only as "no plan meets the commitments ... even with ... all
        dropped").

    References
    ----------
    docs/plan.md, "Builds must come online within the horizon".
    """
    years = np.asarray(inp.years)
    first, last = int(years[0]), int(years[-1])
    site = inp.sites[s]
    parts = []
    kinds: list[str] = []
    for k in np.flatnonzero(np.asarray(inp.allowed[s], dtype=bool)):
        out = np.asarray(inp.output[s][k], dtype=float)
        fid = inp.facilities[k]
        key = _time_kind(str(inp.facility_kind[k]), fid)
        if not np.any(out > 0):
            parts.append(f"{fid} never produces (its output profile is all 0)")
            continue
        lag = int(np.argmax(out > 0))
        if first + lag <= last:  # produces in time, but would still be spending after
            parts.append(f"{fid} would still spend its capex after {last}")
            continue
        if key not in kinds:
            kinds.append(key)
        what = _TIME_OF[key][0]
        months = MONTHS_PER_YEAR * lag
        when = f"{lag} years after its start ({months} months or more of {what})"
        parts.append(f"{fid} first produces {when}: one started in {first}, in {first + lag}")
    if kinds:
        that = "; ".join(_TIME_OF[key][1].format(site=site) for key in kinds)
        cure = (
            f"What sets that time: {that}. Shorten it, lengthen the horizon or drop the "
            "site's min_modules"
        )
    else:
        cure = "Change those profiles, lengthen the horizon or drop the site's min_modules"
    return (
        f"Site {site} must host {modules_text(need)}, but no module of a facility "
        f"type it may build can come online within the horizon ({first}–{last}): "
        f"{'; '.join(parts)}. {cure} "
        '(docs/plan.md, "Builds must come online within the horizon").'
    )


#: The served-share floor's row (``tigris.plan.model.add_served_share``): a commitment
#: the user sets (``--min-served-share``, the scenario's ``min_served_share``).
_FLOOR_ROW = "served-share-lower"
#: The floor's group as the deletion filter names it.
_FLOOR_LABEL = "the served-share floor"
#: Constraint groups tried by the deletion filter, with their meaning in words. Capital
#: includes the balance row, the only capital row when no source offers money.
_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (_FLOOR_LABEL, (_FLOOR_ROW,)),
    ("capital", ("capital-cumulative-upper", "capital-balance")),
    ("EUV scanner supply", ("tools-euv-upper",)),
    ("High-NA scanner supply", ("tools-high_na-upper",)),
    ("site module limits", ("site-modules-upper",)),
    ("site power limits", ("site-power-upper",)),
    ("grid headroom", ("grid-headroom-upper",)),
    ("on-site gas MW a year (datacenters.gas_mw_per_year_max)", ("gas-build-upper",)),
    ("product mix shares", ("mix-lower", "mix-upper")),
)


def _row_positions(m: linopy.Model, name: str) -> np.ndarray:
    """Positions in the HiGHS model of the rows of linopy constraint ``name``."""
    clabels = np.asarray(m.matrices.clabels)
    flat = np.asarray(m.constraints[name].labels.values, dtype=np.int64).ravel()
    flat = flat[flat >= 0]
    if not len(flat) or not len(clabels):
        return np.array([], dtype=np.int64)
    pos = np.minimum(np.searchsorted(clabels, flat), len(clabels) - 1)
    return pos[clabels[pos] == flat]


def largest_served_share(m: linopy.Model, inp: PlanInputs) -> float | None:
    """The largest share of the horizon's demand any plan could serve: an upper bound.

    The LP relaxation of ``m`` (integrality dropped: modules in fractions and the
    timing rule's yes/no choices relaxed, ``docs/plan.md``, "Timing of deliveries under
    a power pool"; so a plan of whole modules that keeps the rule may serve less) with
    the served-share row ``−Σ unmet ≥ (s − 1) · Σ demand`` freed and its left-hand
    side maximised (Chinneck 2008, ch. 6: the deletion filter's relaxed
    copy, here with an objective). The row is linear in the share ``s`` with slope
    ``Σ demand`` [H100e] (``tigris.plan.model.add_served_share``), so the most it
    can hold gives ``s_max = s + (activity_max − lower bound) · COUNT_SCALE / Σ demand``.

    Parameters
    ----------
    m : linopy.Model
        A model with the row, passed to :func:`~tigris.plan.highs.run_highs`.
    inp : PlanInputs
        The problem (its ``min_served_share`` and demand).

    Returns
    -------
    float or None
        The share [-], clipped to [0, 1]; None when the row is absent or the LP without
        it is infeasible (another limit is to blame first).
    """
    import highspy

    from tigris.plan.model import COUNT_SCALE

    demand = float(np.asarray(inp.demand, dtype=float).sum())
    if _FLOOR_ROW not in m.constraints or demand <= 0:
        return None
    rows = _row_positions(m, _FLOOR_ROW)
    if len(rows) != 1:
        return None
    row = int(rows[0])
    lp = m.solver_model.getLp()
    lp.integrality_ = []
    a = lp.a_matrix_
    start, index = np.asarray(a.start_), np.asarray(a.index_)
    values = np.asarray(a.value_, dtype=float)
    cols = np.repeat(np.arange(len(start) - 1), np.diff(start))
    cost = np.zeros(len(start) - 1)
    on_row = index == row
    cost[cols[on_row]] = -values[on_row]  # minimise minus the row's activity
    lower = float(np.asarray(lp.row_lower_)[row])
    lp.col_cost_ = cost.tolist()
    lp.offset_ = 0.0
    lp.sense_ = highspy.ObjSense.kMinimize
    h = new_highs()
    h.passModel(lp)
    h.changeRowBounds(row, -highspy.kHighsInf, highspy.kHighsInf)
    with quiet_stdout():
        h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    most = -float(h.getInfo().objective_function_value)
    reach = float(inp.min_served_share) + (most - lower) * COUNT_SCALE / demand
    return min(max(reach, 0.0), 1.0)


#: A share the LP relaxation reaches within this of the floor meets it (the solver's
#: feasibility tolerance on a row scaled to the horizon's demand) [-].
_REACH_TOL = 1e-6


def known_served_share(inp: PlanInputs) -> float | None:
    """The share of the horizon's demand a plan that builds nothing serves: a level some
    plan is known to reach (user test #13), or None when building nothing is not a plan
    (a site must host modules, or builds have a floor) or it has no solution.

    The world without builds (:func:`tigris.plan.counterfactual.served_without_builds`:
    the planning model's rows without sites or capital, the timing rule kept, the
    ``serve`` objective, no floor), ``1 − Σ unmet / Σ demand`` as the floor's row counts
    it (``tigris.plan.model.add_served_share``). It solves in well under a second.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs.

    Returns
    -------
    float or None
        The share served without builds, a fraction 0-1; None as above, or when there is
        no demand.
    """
    from tigris.plan.counterfactual import served_without_builds

    demand = float(np.asarray(inp.demand, dtype=float).sum())
    floors = inp.min_build is not None and np.any(np.asarray(inp.min_build) > 0)
    if demand <= 0 or floors or np.any(np.asarray(inp.min_modules, dtype=float) > 0):
        return None
    try:
        unmet = float(np.sum(served_without_builds(inp)))
    except Exception:  # a missing level is said by omission, never as an error
        return None
    if not np.isfinite(unmet):
        return None
    return min(max(1.0 - unmet / demand, 0.0), 1.0)


def _floor_text(
    inp: PlanInputs, reach: float | None, others: list[str], known: float | None = None
) -> str:
    """The served-share floor named as the commitment that cannot be met, with the
    LP's bound and, when given, the share a plan that builds nothing serves."""
    floor = float(inp.min_served_share)
    text = (
        f"No plan serves the {share(floor, 1)} of the horizon's demand that the served-share "
        f"floor asks for (min_served_share {floor:g}, --min-served-share)"
    )
    if reach is not None and reach >= floor - _REACH_TOL:
        # the LP relaxation meets the floor: whole modules (and the timing rule's yes/no
        # choices, docs/plan.md) are what fall short, and the deletion filter (run on
        # that relaxation) blames nothing in particular
        text += (
            f": the LP relaxation (modules in fractions, the timing rule relaxed) could "
            f"serve {share(reach, 1)}, but no plan of whole modules that keeps the rule "
            "reaches the floor"
        )
        if known is not None and known < floor:
            text += f"; a plan that builds nothing serves {share(known, 1)}"
        return text + "; lower the floor."
    if reach is not None:
        text += (
            f": at most {share(reach, 1)} can be served (a bound from the LP relaxation, "
            "modules in fractions and the timing rule relaxed; a plan may serve less)"
        )
    if known is not None and known < floor:
        text += (
            f"; a plan that builds nothing serves {share(known, 1)} (the world as it is, "
            "timing rule kept), a level known to be reachable"
        )
    text += "; lower the floor"
    if others:
        text += (
            f" or relax {' or '.join(others)} (the LP relaxation without "
            f"{'it' if len(others) == 1 else 'them'} meets the floor)"
        )
    return text + "."


def explain_infeasible(
    inp: PlanInputs,
    status: str,
    time_limit_s: float | None = None,
    m: linopy.Model | None = None,
) -> list[Explanation]:
    """Explain a run that returned no plan.

    For an infeasible problem: direct checks of commitments (a site that must host
    modules but may not, or with no money to pay for them), then a deletion filter:
    drop one constraint group at a time from the LP relaxation and report the groups
    whose removal makes it feasible; if none alone does, all of them together.

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    status : str
        Solver status (``infeasible``, ``time_limit``...).
    time_limit_s : float, optional
        The time limit used [s].
    m : linopy.Model, optional
        The model HiGHS found infeasible, reused for the deletion filter; built (as
        the LP relaxation) if not given.

    Returns
    -------
    list of Explanation
    """
    if status == "time_limit":
        limit = f" of {time_limit_s:g} s" if time_limit_s else ""
        text = (
            f"HiGHS reached the time limit{limit} before finding any feasible plan; "
            "raise --time-limit, loosen --mip-gap or try --relax."
        )
        return [Explanation("time_limit", None, text)]
    if status != "infeasible":
        return [Explanation("solver", None, f"HiGHS returned '{status}' and no plan.")]
    out = []
    offered: dict[str, float] = {}  # capital of each owner, over the horizon [USD]
    for owner, row in zip(inp.source_owner, inp.capital_usd, strict=True):
        offered[owner] = offered.get(owner, 0.0) + float(np.sum(row))
    net = net_capex_usd(inp)
    starts = online_by_last_year(inp) & paid_by_last_year(inp)  # (S, K, T)
    for s, site in enumerate(inp.sites):
        need = float(inp.min_modules[s])
        if need <= 0:
            continue
        if not np.any(inp.allowed[s]):
            text = f"Site {site} must host {modules_text(need)} but allows no facility type."
            out.append(Explanation("infeasible", None, text))
        elif need > float(inp.max_modules[s]):
            most = float(inp.max_modules[s])
            text = f"Site {site} must host {modules_text(need)} but may host at most {most:g}."
            out.append(Explanation("infeasible", None, text))
        elif not np.any(starts[s][np.asarray(inp.allowed[s], dtype=bool)]):
            out.append(Explanation("infeasible", None, too_late_text(inp, s, need)))
        elif offered.get(inp.site_owner[s], 0.0) <= 0 and np.all(net[s][inp.allowed[s]] > 0):
            cheapest = float(net[s][inp.allowed[s]].min())
            whose = (
                "(the scenario's capital list is empty)"
                if not offered
                else f"to its owner, {inp.site_owner[s]},"
            )
            text = (
                f"Site {site} must host {modules_text(need)}, but no capital is offered "
                f"{whose} and the cheapest module there has a net capex of {money(cheapest)}."
            )
            out.append(Explanation("infeasible", None, text))
    if m is None or getattr(m, "solver_model", None) is None:
        m = build_model(inp, relax=True)
        run_highs(m)
    all_names = [n for _, names in _GROUPS for n in names]
    tests = feasible_without(m, [list(names) for _, names in _GROUPS] + [all_names])
    culprits = [label for (label, _), ok in zip(_GROUPS, tests[:-1], strict=True) if ok]
    commitments = ", ".join(
        f"{site} ({inp.min_modules[s]:g})"
        for s, site in enumerate(inp.sites)
        if inp.min_modules[s] > 0
    )
    at = f" at {commitments}" if commitments else ""
    floor_label = _FLOOR_LABEL  # by name: not whichever group happens to come first
    if floor_label in culprits:  # the user's floor: named, with the share reachable
        others = [c for c in culprits if c != floor_label]
        out.append(
            Explanation(
                "infeasible",
                None,
                _floor_text(inp, largest_served_share(m, inp), others, known_served_share(inp)),
            )
        )
    elif culprits:
        text = (
            f"No plan meets the commitments{at}: relaxing {' or '.join(culprits)} would "
            "make the scenario feasible."
        )
        out.append(Explanation("infeasible", None, text))
    else:
        if tests[-1]:
            text = (
                f"No plan meets the commitments{at}: no single limit is to blame; only "
                "relaxing capital, scanner supply, site limits, grid headroom, the "
                "product mix and the served-share floor together makes the scenario "
                "feasible."
            )
        else:
            text = (
                f"No plan meets the commitments{at}, even with capital, scanner, site, "
                "grid, mix and served-share limits all dropped."
            )
        out.append(Explanation("infeasible", None, text))
    return out
