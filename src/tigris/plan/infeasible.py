"""Why is there no plan? Commitments checked directly, then a deletion filter.

An infeasible scenario is explained by a deletion filter over constraint groups: drop
one group at a time and see which makes the LP relaxation feasible (Chinneck,
*Feasibility and Infeasibility in Optimization*, 2008, ch. 6). A time limit without a
plan or another solver outcome is said in one sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tigris.fmt import money
from tigris.plan.highs import feasible_without, run_highs
from tigris.plan.inputs import PlanInputs
from tigris.plan.model import build_model, net_capex_usd
from tigris.plan.result import Explanation

if TYPE_CHECKING:
    import linopy

__all__ = ["explain_infeasible", "modules_text"]


def modules_text(n: float) -> str:
    """``"1 module"``, ``"3 modules"``.

    Examples
    --------
    >>> modules_text(1), modules_text(2.0)
    ('1 module', '2 modules')
    """
    return f"{n:g} module" if n == 1 else f"{n:g} modules"


#: Constraint groups tried by the deletion filter, with their meaning in words. Capital
#: includes the balance row, the only capital row when no source offers money.
_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("capital", ("capital-cumulative-upper", "capital-balance")),
    ("EUV scanner supply", ("tools-euv-upper",)),
    ("High-NA scanner supply", ("tools-high_na-upper",)),
    ("site module limits", ("site-modules-upper",)),
    ("site power limits", ("site-power-upper",)),
    ("grid headroom", ("grid-headroom-upper",)),
    ("product mix shares", ("mix-lower", "mix-upper")),
)


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
    if culprits:
        text = (
            f"No plan meets the commitments{at}: relaxing {' or '.join(culprits)} would "
            "make the scenario feasible."
        )
        out.append(Explanation("infeasible", None, text))
    else:
        if tests[-1]:
            text = (
                f"No plan meets the commitments{at}: no single limit is to blame; only "
                "relaxing capital, scanner supply, site limits, grid headroom and the "
                "product mix together makes the scenario feasible."
            )
        else:
            text = (
                f"No plan meets the commitments{at}, even with capital, scanner, site, "
                "grid and mix limits all dropped."
            )
        out.append(Explanation("infeasible", None, text))
    return out
