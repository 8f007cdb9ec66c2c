"""Why is demand unmet? Binding constraints in words.

Two sources of evidence, both cheap:

- the solution's slacks: which facility types run at full capacity, which capital
  sources are spent, which years use every scanner available;
- the duals of the LP relaxation (continuous modules): the marginal value of one more
  dollar of capital available by a year, one more scanner, one more wafer per month of
  capacity. A MILP has no duals; the relaxation's are the standard proxy (Wolsey,
  *Integer Programming*, 2nd ed., §2.2 on LP relaxations and duality).

An infeasible scenario is explained by a deletion filter over constraint groups: drop
one group at a time and see which makes the LP relaxation feasible (Chinneck,
*Feasibility and Infeasibility in Optimization*, 2008, ch. 6).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import xarray as xr

from tigris.plan.highs import run_highs
from tigris.plan.inputs import MONTHS_PER_YEAR, PlanInputs
from tigris.plan.model import (
    COUNT_SCALE,
    MONEY_SCALE,
    build_model,
    net_capex_usd,
    online_fraction,
)
from tigris.plan.result import Explanation

__all__ = ["explain", "explain_infeasible"]

#: Relative tolerance for "at its limit" in the solution [-].
_REL_TOL = 1e-6
#: LP duals smaller than this are treated as zero [model units].
_DUAL_TOL = 1e-7
#: A facility type counts as fully used above this share of its capacity [-].
_FULL_SHARE = 1 - 1e-4
#: Unmet demand below this is treated as none [H100e].
_UNMET_TOL = 1.0

_LABELS = {"logic": "logic", "cowos": "CoWoS", "hbm": "HBM"}


def _years_text(years: list[int]) -> str:
    """``[2025, 2026, 2027, 2030]`` -> ``"2025–2027, 2030"``."""
    if not years:
        return ""
    parts, start, prev = [], years[0], years[0]
    for y in [*years[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(f"{start}" if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(parts)


def _money(usd: float) -> str:
    if abs(usd) >= 1e9:
        return f"${usd / 1e9:,.1f}B"
    if abs(usd) >= 1e6:
        return f"${usd / 1e6:,.0f}M"
    if abs(usd) >= 1e4:
        return f"${usd / 1e3:,.0f}k"
    return f"${usd:,.0f}"


def _range(lo: float, hi: float, fmt: str, money: bool = False) -> str:
    """``"3.1–4.2"`` or ``"3.1"`` when both ends print the same."""
    f = _money if money else fmt.format
    a, b = f(lo), f(hi)
    return a if a == b else f"{a}–{b}"


def _facility_name(inp: PlanInputs, k: int) -> str:
    kind = inp.facility_kind[k]
    node = inp.facility_node[k]
    return f"{node} logic" if kind == "logic" and node else _LABELS[kind]


def _dual(duals: Mapping[str, xr.DataArray], name: str, **sel: object) -> float:
    da = duals.get(name)
    if da is None:
        return 0.0
    try:
        return float(abs(da.sel(sel)).sum())
    except (KeyError, ValueError):
        return 0.0


def _earliest_online(inp: PlanInputs) -> np.ndarray:
    """First year new capacity of each facility type can produce, if started at once."""
    if inp.output.shape[0] == 0:  # no candidate sites: nothing can be built
        return np.full(len(inp.facilities), np.inf)
    first_out = np.argmax(inp.output > 0, axis=-1).astype(float)  # (S, K)
    first_out[~inp.allowed] = np.inf
    first_out[~np.any(inp.output > 0, axis=-1)] = np.inf
    return inp.years[0] + first_out.min(axis=0)


def explain(
    inp: PlanInputs,
    sol: Mapping[str, np.ndarray],
    duals: Mapping[str, xr.DataArray],
    status: str = "optimal",
) -> list[Explanation]:
    """Explain, in words, where demand is unmet and which constraints bind.

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    sol : mapping of arrays
        Solution in real units: ``build`` [modules], ``prod`` [accelerators/year],
        ``unmet`` [H100e/year], ``draw`` [USD/year].
    duals : mapping of xarray.DataArray
        Duals of the LP relaxation by constraint name [model units].
    status : str, optional
        Solver status of the solution.

    Returns
    -------
    list of Explanation
        Shortage per year with its cause (``lead_time`` or ``capacity``), then what
        binds (``capital``, ``euv``, ``high_na``, ``site_modules``, ``site_power``) and
        which class goes short first (``economics``).
    """
    out: list[Explanation] = []
    years = np.asarray(inp.years, dtype=int)
    if status == "time_limit":
        out.append(
            Explanation(
                "time_limit",
                None,
                "HiGHS stopped at the time limit: the plan is feasible but may not be "
                "optimal (see mip_gap).",
            )
        )
    build = (
        np.round(sol["build"])
        if np.allclose(sol["build"], np.round(sol["build"]))
        else sol["build"]
    )
    prod, unmet, draw = sol["prod"], sol["unmet"], sol["draw"]
    online = online_fraction(build, inp.output) * inp.module_capacity[..., None]
    out_new = online_fraction(build, inp.output) * inp.module_output[..., None]
    avail = inp.existing_output + out_new.sum(axis=0)  # (K, T) finished wafers per month
    used = (inp.use.T @ prod) / MONTHS_PER_YEAR
    needed = inp.use.sum(axis=0) > 0  # facility types some product uses
    full = needed[:, None] & (used >= avail * _FULL_SHARE - 1e-9)
    earliest = _earliest_online(inp)
    demand_t = inp.demand.sum(axis=0)
    unmet_t = unmet.sum(axis=0)
    short = unmet_t > np.maximum(demand_t * _REL_TOL, _UNMET_TOL)

    records = []
    for t in np.nonzero(short)[0]:
        year = int(years[t])
        ks = [int(k) for k in np.nonzero(full[:, t])[0]]
        order = np.argsort(inp.priority)
        worst = next((inp.classes[c] for c in order if unmet[c, t] > _UNMET_TOL), "")
        buildable = [earliest[k] for k in ks if np.isfinite(earliest[k])]
        lead = bool(buildable) and all(year < earliest[k] for k in ks)
        values = []
        for k in ks:
            kind = inp.facility_kind[k]
            d = _dual(duals, f"capacity-{kind}-upper", facility=inp.facilities[k], year=year)
            values.append(d * MONEY_SCALE / COUNT_SCALE * MONTHS_PER_YEAR)
        first = int(min(buildable)) if lead else None
        records.append(
            (year, "lead_time" if lead else "capacity", tuple(ks), worst, first, values, t)
        )

    could_build = False  # some shortage year's bottleneck could be built
    # one explanation per run of consecutive years with the same cause and bottleneck
    groups: list[list[tuple]] = []
    for rec in records:
        prev = groups[-1][-1] if groups else None
        if prev and rec[0] == prev[0] + 1 and rec[1:5] == prev[1:5]:
            groups[-1].append(rec)
        else:
            groups.append([rec])
    for grp in groups:
        y0, y1 = grp[0][0], grp[-1][0]
        kind, ks, worst, first = grp[0][1], grp[0][2], grp[0][3], grp[0][4]
        ts = [r[6] for r in grp]
        lo_u, hi_u = unmet_t[ts].min(), unmet_t[ts].max()
        shares = unmet_t[ts] / np.maximum(demand_t[ts], 1e-9)
        when = f"{y0}" if y0 == y1 else f"{y0}–{y1}"
        amount = _range(lo_u / 1e6, hi_u / 1e6, "{:,.1f}") + "M H100e"
        pct = _range(100 * shares.min(), 100 * shares.max(), "{:.0f}") + "%"
        head = f"{when}: {amount} ({pct}) of demand unmet, falling first on '{worst}'"
        names = " and ".join(_facility_name(inp, k) for k in ks) or "no facility"
        if kind == "lead_time":
            text = (
                f"{head}: {names} capacity is fully used and new capacity cannot produce "
                f"before {first} even if started in {years[0]} (lead time)."
            )
        else:
            worth = []
            for j, k in enumerate(ks):
                vals = np.array([r[5][j] for r in grp])
                if vals.max() * COUNT_SCALE / MONEY_SCALE > _DUAL_TOL:
                    unit = "stack" if inp.facility_kind[k] == "hbm" else "wafer"
                    rng = _range(vals.min(), vals.max(), "{}", money=True)
                    worth.append(
                        f"one more {_facility_name(inp, k)} {unit} per month is worth {rng}"
                    )
            extra = f" ({'; '.join(worth)})" if worth else ""
            if ks and not any(np.isfinite(earliest[k]) for k in ks):
                extra += " and no candidate site may build more"
            else:
                could_build = True
            text = f"{head}: {names} capacity is fully used{extra}."
        out.append(Explanation(kind, y0, text))

    limits = _capital(inp, draw, duals, years)
    limits += _tools(inp, build, duals, years)
    limits += _sites(inp, build, online, duals, years)
    out.extend(limits)

    if not np.any(short):
        out.insert(0, Explanation("met", None, "All demand is met in every year."))
    elif could_build and not limits:
        cls_unmet = unmet.sum(axis=1)
        lowest = [c for c in np.argsort(inp.priority) if cls_unmet[c] > _UNMET_TOL]
        if lowest:
            c = lowest[0]
            pen = inp.penalty_usd_per_h100e * inp.priority[c]
            text = (
                f"Shortage falls first on '{inp.classes[c]}' (priority {inp.priority[c]:g}, "
                f"penalty {_money(pen)} per H100e-year unmet); nothing else binds, so more "
                "capacity for it would cost more than that penalty."
            )
            out.append(Explanation("economics", None, text))
    return out


def _capital(
    inp: PlanInputs, draw: np.ndarray, duals: Mapping[str, xr.DataArray], years: np.ndarray
) -> list[Explanation]:
    """Capital binds where all money offered to date is committed.

    Sources are fungible for spending, so the per-source duals of the LP relaxation
    are degenerate; the test is on the pooled ledger and the marginal value is the
    largest over sources of the duals from that year on.
    """
    cum_avail = np.cumsum(inp.capital_usd, axis=1).sum(axis=0)
    cum_draw = np.cumsum(draw, axis=1).sum(axis=0)
    left = cum_avail - cum_draw
    allowed = inp.allowed & (net_capex_usd(inp) > 0)
    smallest = float(net_capex_usd(inp)[allowed].min()) if np.any(allowed) else 0.0
    da = duals.get("capital-cumulative-upper")
    dual = np.zeros((len(inp.sources), len(years)))
    if da is not None and len(inp.sources):
        dual = np.abs(da.transpose("source", "year").values)
    dual_t = dual.max(axis=0) if len(inp.sources) else np.zeros(len(years))
    # a year binds if less than one module's spend is left, or the LP says so
    first_spend = float(inp.spend[..., 0][allowed].min()) if np.any(allowed) else 0.0
    spent_out = left < smallest * max(first_spend, 1e-9)
    tight = (cum_avail > 0) & (spent_out | (dual_t > _DUAL_TOL))
    if not np.any(tight):
        return []
    ys = [int(y) for y in years[tight]]
    t = int(np.nonzero(tight)[0][0])
    worth = float(dual[:, t:].sum(axis=1).max()) if len(inp.sources) else 0.0
    text = (
        f"Capital binds in {_years_text(ys)}: by {ys[0]} the plan has committed "
        f"{_money(cum_draw[t])} of the {_money(cum_avail[t])} offered to date"
    )
    if not spent_out[t]:
        # the money left would start a module, just not one that raises output:
        # modules are indivisible, and the LP relaxation (fractional modules) spends it
        text += (
            f"; the {_money(left[t])} left stays unspent because no whole module it pays "
            "for would lower the total cost (with fractional modules it would all be spent)"
        )
    if worth > _DUAL_TOL:
        text += f"; one more dollar offered in {ys[0]} would save ${worth:,.2f} of discounted cost"
    return [Explanation("capital", ys[0], text + ".")]


def _tools(
    inp: PlanInputs, build: np.ndarray, duals: Mapping[str, xr.DataArray], years: np.ndarray
) -> list[Explanation]:
    out = []
    for tool, need, supply, label in (
        ("euv", inp.euv_tools, inp.euv_supply, "EUV"),
        ("high_na", inp.high_na_tools, inp.high_na_supply, "High-NA EUV"),
    ):
        if not np.any(need > 0):
            continue
        used = np.einsum("skt,sk->t", build, need)
        da = duals.get(f"tools-{tool}-upper")
        dual_t = np.abs(da.transpose("year").values) if da is not None else np.zeros(len(years))
        min_need = float(need[need > 0].min())
        tight = ((supply - used < min_need - 1e-9) & (used > 0)) | (dual_t > _DUAL_TOL)
        if not np.any(tight):
            continue
        ys = [int(y) for y in years[tight]]
        t = int(np.nonzero(tight)[0][0])
        text = (
            f"{label} supply binds in {_years_text(ys)}: new fabs take {used[t]:.0f} of the "
            f"{supply[t]:.0f} scanners available to the plan in {ys[0]}"
        )
        if dual_t[t] > _DUAL_TOL:
            text += f"; one more scanner that year would save {_money(dual_t[t] * MONEY_SCALE)}"
        out.append(Explanation(tool, ys[0], text + "."))
    return out


def _sites(
    inp: PlanInputs,
    build: np.ndarray,
    online: np.ndarray,
    duals: Mapping[str, xr.DataArray],
    years: np.ndarray,
) -> list[Explanation]:
    out = []
    total = build.sum(axis=(1, 2))
    for s, site in enumerate(inp.sites):
        cap = float(inp.max_modules[s])
        d = _dual(duals, "site-modules-upper", site=site)
        if np.isfinite(cap) and ((total[s] >= cap - 1e-6 and total[s] > 0) or d > _DUAL_TOL):
            text = f"Site {site} is full: all {cap:g} modules it may host are built or started."
            out.append(Explanation("site_modules", None, text))
        limit = float(inp.power_limit_mw[s])
        if np.isfinite(limit):
            fab_mw = (
                online_fraction(build[s : s + 1], inp.output[s : s + 1])[0]
                * inp.power_mw[s, :, None]
            ).sum(axis=0)
            d = _dual(duals, "site-power-upper", site=site)
            room = float(inp.power_mw[s][inp.allowed[s]].min()) if np.any(inp.allowed[s]) else 0.0
            tight = fab_mw > limit - room + 1e-9
            if np.any(tight & (fab_mw > 0)) or d > _DUAL_TOL:
                ys = [int(y) for y in years[tight]] or [int(years[-1])]
                text = (
                    f"Site {site} power binds in {_years_text(ys)}: new fabs draw "
                    f"{fab_mw.max():,.0f} of {limit:,.0f} MW and another module would exceed it."
                )
                out.append(Explanation("site_power", ys[0], text))
    return out


#: Constraint groups tried by the deletion filter, with their meaning in words.
_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("capital", ("capital-cumulative-upper",)),
    ("EUV scanner supply", ("tools-euv-upper",)),
    ("High-NA scanner supply", ("tools-high_na-upper",)),
    ("site module limits", ("site-modules-upper",)),
    ("site power limits", ("site-power-upper",)),
    ("product mix shares", ("mix-lower", "mix-upper")),
)


def explain_infeasible(
    inp: PlanInputs, status: str, time_limit_s: float | None = None
) -> list[Explanation]:
    """Explain a run that returned no plan.

    For an infeasible problem, drop one constraint group at a time from the LP
    relaxation and report the groups whose removal makes it feasible, plus direct
    checks of commitments that no site can host.

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    status : str
        Solver status (``infeasible``, ``time_limit``...).
    time_limit_s : float, optional
        The time limit used [s].

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
    for s, site in enumerate(inp.sites):
        need = float(inp.min_modules[s])
        if need > 0 and not np.any(inp.allowed[s]):
            text = f"Site {site} must host {need:g} modules but allows no facility type."
            out.append(Explanation("infeasible", None, text))
        if need > float(inp.max_modules[s]):
            most = float(inp.max_modules[s])
            text = f"Site {site} must host {need:g} modules but may host at most {most:g}."
            out.append(Explanation("infeasible", None, text))
    culprits = []
    for label, names in _GROUPS:
        m = build_model(inp, relax=True)
        present = [n for n in names if n in m.constraints]
        if not present:
            continue
        for n in present:
            m.remove_constraints(n)
        status_wo, _ = run_highs(m)
        if status_wo == "optimal":
            culprits.append(label)
    if culprits:
        need = ", ".join(
            f"{site} ({inp.min_modules[s]:g})"
            for s, site in enumerate(inp.sites)
            if inp.min_modules[s] > 0
        )
        text = (
            f"No plan meets the commitments{' at ' + need if need else ''}: relaxing "
            f"{' or '.join(culprits)} would make the scenario feasible."
        )
        out.append(Explanation("infeasible", None, text))
    if not out:
        text = (
            "The scenario is infeasible even with capital, scanner, site and mix limits "
            "dropped: committed modules cannot be started within the horizon."
        )
        out.append(Explanation("infeasible", None, text))
    return out
