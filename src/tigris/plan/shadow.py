"""Shadow prices in physical units: what one more wafer, scanner, MW or dollar is worth.

Two kinds of row, each labelled with its ``method`` (``docs/finance.md``, "Shadow
prices"):

- ``lp_dual_fixed_builds``: capacity (finished wafers per year, by facility type and
  year: logic by node, CoWoS interposer wafers, DRAM wafers on HBM lines and the same
  per GB of HBM; data-centre power per facility MW: the ``datacenter`` row counts the
  installed fleet's MW at the plan's PUE (IT MW × ``pue``) times 12 a year, so one
  more facility MW of capacity of PUE ``u`` in a year is ``12 · pue / u`` on the row,
  ``u`` the existing pool's mean PUE (the investor's module's in ``npv``), and its
  value is that times the dual, per MW-year: the scenario's ``pue``, a unit, does not
  move it). The integer builds are
  held at the plan's values and the rest of the plan (production, unmet demand, draws,
  sales) is an LP; its dual on a capacity row is
  the exact value of one more wafer a year while the LP's optimal basis holds
  (Bertsimas & Tsitsiklis, *Introduction to Linear Optimization*, 1997, §5.2: the
  optimal cost is linear in the right-hand side over the basis's range). HiGHS's
  ranging gives that range; where one more wafer leaves it (a degenerate vertex), the
  LP is re-solved with the wafer added and the row says ``resolve``. In ``serve``
  one more wafer is one more of the pooled capacity; in ``npv`` it is one more of the
  investor's own capacity, which it may sell (the capacity row and the sales limit of
  the investor's site where it is worth most, raised together), and the merit order's
  binaries are fixed by the plan's wafers used (1 where others' output is all used).
- ``lp_relaxation_bound`` (``is_bound`` True): resources that act on builds (EUV and
  High-NA scanners delivered in a year, a site's power in a year, a dollar more offered
  by a capital source in a year). With builds fixed their duals are zero by
  construction, so these come from the LP relaxation of the whole program (modules
  fractional). That is not what one more unit is worth to the integer plan: a module
  is indivisible (Wolsey, *Integer Programming*, 2nd ed., §2.2). Because the
  relaxation's optimal value is convex (minimise) or concave (maximise) in the
  right-hand side, one more unit is worth at most the relaxation's dual plus the
  integrality gap (the plan's objective less the relaxation's, in the plan's favour)
  to the integer plan: each such row's ``note`` gives that bound.

Every value is in USD of the currency year (real), as of the year it occurs
(undiscounted: the dual divided by that year's discount factor), per one unit more,
signed as what the unit is worth to the objective: cost saved in ``serve``
(minimised), NPV gained in ``npv`` (maximised).
Loosening a limit never makes an optimum worse, so every value is ≥ 0 (solver noise
below :data:`_DUAL_TOL` is set to 0).

Rows omitted because they would mislead:

- relaxation rows whose dual is zero: the relaxation, building fractions of modules,
  leaves some of the resource unused, which says nothing about whether the integer
  plan (which needs whole modules' worth) would use one more unit;
- all relaxation rows when the relaxation builds something else entirely: modules
  started per site and facility type over the horizon differ from the plan's by more
  than :data:`GROSS_BUILD_SHARE` of the plan's modules (the relaxation's scarcities
  are then those of another plan);
- HBM per GB in a year when no product the plan makes has an HBM bill in GB known to
  the silicon layer (product names that are not catalog accelerators);
- in ``npv``, capacity of a facility type no investor site may host: one more wafer
  would be someone else's, sold before the investor's (it is worth nothing to the
  investor or less, never what the row would suggest).

Capacity rows are kept when their value is zero: with builds fixed, a zero is exact
(the plan leaves that capacity idle, or one more wafer would not be used).
Which rows were omitted, and why, is in ``DataFrame.attrs["omitted"]``.

What the money is in each objective (:func:`penalty_words`: the ``serve`` penalty in
words, the rental value of compute or an amount per H100e) is shared with the value
claims of :mod:`tigris.plan.explain`.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tigris.errors import TigrisError
from tigris.fmt import money
from tigris.plan.highs import quiet_stdout
from tigris.plan.inputs import INVESTOR, discount_factors
from tigris.plan.model import COUNT_SCALE, MONEY_SCALE
from tigris.units import MONTHS_PER_YEAR

if TYPE_CHECKING:
    import linopy

    from tigris.plan.inputs import PlanInputs

__all__ = [
    "COLUMNS",
    "GROSS_BUILD_SHARE",
    "METHODS",
    "objective_of",
    "penalty_by_year",
    "penalty_words",
    "shadow_prices",
]

#: Columns of the shadow-price table, in order.
COLUMNS = ("year", "resource", "item", "unit", "value_usd", "method", "is_bound", "note")
#: The ways a value is obtained (``docs/finance.md``, "Shadow prices").
METHODS = ("lp_dual_fixed_builds", "resolve", "lp_relaxation_bound")
#: Relaxation rows are omitted when its modules per site and facility type differ from
#: the plan's by more than this share of the plan's modules, in total [-].
GROSS_BUILD_SHARE = 0.5
#: Duals below this are zero: HiGHS's default dual feasibility tolerance [model units].
_DUAL_TOL = 1e-7
#: Relative slack of the basis range accepted as "holds for one more unit" [-].
_RANGE_TOL = 1e-9
#: Row activity within this of its limit counts as at the limit [model units].
_ACTIVE_TOL = 1e-6

_CAPACITY = {
    "logic": ("logic wafer", "wafer"),
    "cowos": ("CoWoS wafer", "wafer"),
    "hbm": ("HBM", "DRAM wafer"),
    "datacenter": ("datacenter power", "MW"),
}
#: Row units per unit of resource, by facility kind: a capacity row counts what is
#: used per year (wafers a year; for ``datacenter`` MW-months a year, the fleet's MW
#: times 12), so one more MW of data-centre capacity in a year is 12 MW-months on the
#: row that year (``docs/energy.md``, "The power constraint") [row unit / unit].
_ROW_UNITS = {"datacenter": float(MONTHS_PER_YEAR)}
#: Words of the notes, by unit: one more unit, and its plural in a range.
_ONE_MORE = {"MW": ("one more MW", "MW"), "GB": ("one more GB", "GB")}
_ONE_MORE_WAFER = ("one more wafer a year", "wafers a year")
_TOOLS = (("tools-euv-upper", "euv"), ("tools-high_na-upper", "high_na"))


#: A penalty series equal to the rental value of an H100e to this share is that [-].
_RENTAL_REL = 1e-6


def objective_of(inp: PlanInputs) -> str:
    """``serve`` or ``npv`` (inputs made before issue 11 have no objective: serve).

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs.

    Returns
    -------
    str
        The objective's name.
    """
    return str(getattr(inp, "objective", "serve"))


def penalty_by_year(inp: PlanInputs) -> np.ndarray:
    """(T,) penalty per unmet H100e at priority 1, money of each year [USD/H100e].

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``penalty_usd_per_h100e``, a number or one per year).

    Returns
    -------
    numpy.ndarray
        (T,) penalty by year [USD/H100e].
    """
    if hasattr(inp, "penalty"):
        return np.asarray(inp.penalty(), dtype=float)
    pen = np.asarray(inp.penalty_usd_per_h100e, dtype=float)
    return np.broadcast_to(pen, (len(inp.years),)).astype(float)


def penalty_words(inp: PlanInputs) -> str:
    """What the ``serve`` penalty on unmet demand is, in words.

    ``"the rental value of that compute"`` when the penalty is, year by year, the
    rental value of an H100e (:func:`tigris.finance.prices.h100e_value_usd` at the
    scenario's fleet lifetime and discount rate, the default rents) in dollars of a
    ``currency_year`` the plan may have (the table's x
    :func:`tigris.fab.dollars.data_dollars_factor` of that year); else its amount per
    H100e (one number, or the first and last years').

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (penalty, years, fleet lifetime, discount rate).

    Returns
    -------
    str
        The penalty in words, as above.
    """
    pen = penalty_by_year(inp)
    years = np.asarray(inp.years, dtype=int)
    if np.ndim(inp.penalty_usd_per_h100e) > 0:
        try:
            from tigris.fab.dollars import data_dollars_factor, published_years
            from tigris.finance.prices import h100e_value_usd

            first, last = published_years()  # the currency_years a plan may have
            factors = {data_dollars_factor(y) for y in range(first, last + 1)}
            rents = [  # the rent is over the H100's class life: any up to the longest
                h100e_value_usd(years, life, inp.discount_rate) * factor
                for life in range(1, int(np.max(inp.fleet_lifetime_years)) + 1)
                for factor in sorted(factors)
            ]
        except TigrisError:  # no rent known for these years: say the amount instead
            rents = []
        if any(np.allclose(pen, rent, rtol=_RENTAL_REL, atol=0.0) for rent in rents):
            return "the rental value of that compute"
    if np.allclose(pen, pen[0]):
        return f"{money(pen[0])} per H100e unserved"
    return f"{money(pen[0])} per H100e unserved in {years[0]} to {money(pen[-1])} in {years[-1]}"


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="str") for c in COLUMNS}).astype(
        {"year": int, "value_usd": float, "is_bound": bool}
    )


class _Lp:
    """The planning model as HiGHS sees it, with label -> column/row maps."""

    def __init__(self, inp: PlanInputs, model: linopy.Model | None) -> None:
        import highspy

        self.x: np.ndarray | None = None
        if model is None or getattr(model, "solver_model", None) is None:
            from tigris.plan.model import build_model

            model = build_model(inp)
            with quiet_stdout():
                h = model.to_highspy()
        else:
            h = model.solver_model
            with contextlib.suppress(Exception):
                sol = h.getSolution()
                if sol.value_valid:
                    self.x = np.asarray(sol.col_value, dtype=float)
        self.m = model
        self.lp = h.getLp()
        self.minimise = self.lp.sense_ != highspy.ObjSense.kMaximize
        self.integer = np.array(
            [j for j, v in enumerate(self.lp.integrality_ or []) if str(v).endswith("kInteger")],
            dtype=np.int32,
        )
        matrices = model.matrices  # built once (each access builds it again)
        self.clabels = np.asarray(matrices.clabels)
        self.vlabels = np.asarray(matrices.vlabels)

    def worth(self, dual: np.ndarray) -> np.ndarray:
        """HiGHS's row dual is d(objective)/d(upper bound): what one more unit is worth
        is its negative when minimising, itself when maximising [model units]."""
        return -dual if self.minimise else dual

    def columns(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Positions of a variable's columns, and a mask of those present, in its shape."""
        lab = np.asarray(self.m.variables[name].labels.values, dtype=np.int64)
        return _positions(lab, self.vlabels)

    def rows(self, name: str, dims: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, Any] | None:
        """Positions of a constraint's rows, mask of those present, and its labels
        (a DataArray, for the coordinates), in the order ``dims``; None if the model
        has no such rows."""
        if name not in self.m.constraints:
            return None
        lab = self.m.constraints[name].labels.transpose(*dims)
        pos, ok = _positions(np.asarray(lab.values, dtype=np.int64), self.clabels)
        return pos, ok, lab


def _positions(lab: np.ndarray, all_labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ``lab`` in the sorted ``all_labels``; mask of labels present."""
    if not len(all_labels):
        return np.zeros(lab.shape, dtype=np.int64), np.zeros(lab.shape, dtype=bool)
    pos = np.minimum(np.searchsorted(all_labels, np.maximum(lab, 0)), len(all_labels) - 1)
    return pos, (lab >= 0) & (all_labels[pos] == lab)


def _highs(lp: Any) -> Any:
    from tigris.plan.highs import new_highs  # this process's HiGHS threads

    h = new_highs()
    h.passModel(lp)
    return h


def _continuous(h: Any, cols: np.ndarray) -> None:
    import highspy

    if len(cols):
        kind = np.full(len(cols), highspy.HighsVarType.kContinuous)
        h.changeColsIntegrality(len(cols), cols.astype(np.int32), kind)


def _optimal(h: Any) -> bool:
    import highspy

    return bool(h.getModelStatus() == highspy.HighsModelStatus.kOptimal)


def _merit(inp: PlanInputs, sol: Mapping[str, np.ndarray]) -> np.ndarray:
    """(K, T) the ``npv`` merit order's binary for the plan: 1 where the wafers used
    reach what others make (``used ≥ NI``: the investor may sell the rest), else 0.

    Where ``used = NI`` exactly either value fits the plan; 1 is the one under which
    one more wafer of the investor's can be sold, as it would be (incumbents have
    nothing left to sell).
    """
    from tigris.plan.model import non_investor_output

    used = inp.used(np.asarray(sol["prod"], dtype=float))
    ni = non_investor_output(inp)
    return (used >= ni * (1 - _RANGE_TOL) - _ACTIVE_TOL * COUNT_SCALE).astype(float)


def _fixed_lp(lp: _Lp, inp: PlanInputs, sol: Mapping[str, np.ndarray]) -> Any | None:
    """HiGHS model with every integer variable fixed at the plan's value, solved as an
    LP; None if it is not optimal. Builds come from ``sol``, the ``npv`` merit order's
    binaries from the plan's wafers used (:func:`_merit`); other integer variables (if
    any) from the solved model, else from a mixed-integer solve with those fixed.
    """
    h = _highs(lp.lp)
    build = np.asarray(sol["build"], dtype=float)
    pos, ok = lp.columns("build")
    fixed = [(pos[ok].astype(np.int32), np.round(build[ok]) if len(lp.integer) else build[ok])]
    if "merit" in lp.m.variables:
        mpos, mok = lp.columns("merit")
        cols = mpos[mok].astype(np.int32)
        lo = np.asarray(lp.lp.col_lower_, dtype=float)[cols]
        hi = np.asarray(lp.lp.col_upper_, dtype=float)[cols]
        fixed.append((cols, np.clip(_merit(inp, sol)[mok], lo, hi)))
    done = np.zeros(0, dtype=np.int32)
    for cols, vals in fixed:
        if len(cols):
            h.changeColsBounds(len(cols), cols, vals, vals)
            done = np.concatenate([done, cols])
    rest = np.setdiff1d(lp.integer, done).astype(np.int32)
    if len(rest):
        x = lp.x
        if x is None:  # no solved model: find the other integers with these fixed
            h.run()
            if not _optimal(h):
                return None
            x = np.asarray(h.getSolution().col_value, dtype=float)
        at = np.round(x[rest])
        h.changeColsBounds(len(rest), rest, at, at)
    _continuous(h, lp.integer)
    h.setOptionValue("solver", "simplex")  # a basis, for the duals' ranges
    h.run()
    return h if _optimal(h) else None


def _hbm_gb_per_wafer(inp: PlanInputs, prod: np.ndarray) -> np.ndarray:
    """(T,) GB of HBM per DRAM wafer the plan uses in each year [GB/wafer]; NaN where
    no product made (or, if none is made, available) has a known HBM bill.

    ``Σ_p prod[p, t] · gb[p, t] / Σ_p prod[p, t] · use[p, hbm, t]`` over products
    whose HBM GB per unit the silicon layer knows (:func:`tigris.world.roadmap.
    bills_by_year`, catalog names), the DRAM wafers per unit being the plan's own bill.
    """
    from tigris.errors import TigrisError
    from tigris.world.roadmap import bills_by_year

    years = np.asarray(inp.years, dtype=int)
    k = list(inp.facility_kind).index("hbm")
    wafers = np.asarray(inp.use, dtype=float)[:, k, :]  # (P, T)
    gb = np.full(wafers.shape, np.nan)
    for p, name in enumerate(inp.products):
        if not np.any(wafers[p] > 0):
            continue
        try:
            gb[p] = bills_by_year(name, years)["hbm_gb"]
        except (TigrisError, KeyError, ValueError):
            continue
    known = np.isfinite(gb) & (wafers > 0)
    avail = np.asarray(inp.available, dtype=bool) & known
    made = (np.asarray(prod, dtype=float) > 0) & known
    weight = np.where(made.any(axis=0), np.where(made, prod, 0.0), np.where(avail, 1.0, 0.0))
    num = (weight * np.where(known, gb, 0.0)).sum(axis=0)
    den = (weight * wafers).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def _capacity_rows(
    inp: PlanInputs, sol: Mapping[str, np.ndarray], lp: _Lp, h: Any, disc: np.ndarray
) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows for every capacity row of the fixed-builds LP (zero where idle).

    ``serve``: one more finished wafer a year of facility type k in year t is the
    capacity row's limit raised by one. ``npv``: it is one more wafer of the investor's
    own capacity, which it may sell: the capacity row and the investor site's sales
    limit (``sold-site-upper``) raised together, at the investor's site where that is
    worth most (its note names the site).
    """
    years = np.asarray(inp.years, dtype=int)
    duals = np.asarray(h.getSolution().row_dual, dtype=float)
    activity = np.asarray(h.getSolution().row_value, dtype=float)
    z0 = float(h.getInfo().objective_function_value)
    fixed = h.getLp()
    up_limit = np.asarray(fixed.row_upper_, dtype=float)
    _, ranging = h.getRanging()
    reach = np.asarray(ranging.row_bound_up.value_, dtype=float) if ranging.valid else None
    per_usd = MONEY_SCALE / COUNT_SCALE
    worth = lp.worth(duals)
    # a row whose slack is basic (also one at its limit, degenerate) takes one more
    # unit in its slack: nothing else moves, its dual (0) holds for any increase
    basic = np.array([str(x).endswith("kBasic") for x in h.getBasis().row_status], dtype=bool)
    slack = basic | (activity < up_limit - _ACTIVE_TOL)
    # rows at their limit: fully used even when the slack is basic (a degenerate
    # vertex), so never "idle" (the power table reads such a year 100 % used)
    full = activity >= up_limit - _ACTIVE_TOL
    site_rows = lp.rows("sold-site-upper", ("site", "facility", "year"))
    mine = np.array([o == INVESTOR for o in inp.site_owner], dtype=bool)
    can = np.asarray(inp.allowed, dtype=bool) & mine[:, None]  # (S, K)
    gb = None
    out, omitted = [], []
    facility_pos = {f: i for i, f in enumerate(inp.facilities)}
    no_site: list[str] = []
    for kind, (resource, unit) in _CAPACITY.items():
        got = lp.rows(f"capacity-{kind}-upper", ("facility", "year"))
        if got is None:
            continue
        pos, ok, lab = got
        facs = [str(f) for f in lab.coords["facility"].values]
        yrs = np.asarray(lab.coords["year"].values, dtype=int)
        for i, fac in enumerate(facs):
            k = facility_pos[fac]
            item = inp.facility_node[k] if kind == "logic" else kind
            if kind == "datacenter":  # the pool, or on-site generation: its facility id
                item = fac
            per_unit = _ROW_UNITS.get(kind, 1.0)
            words = _ONE_MORE.get(unit, _ONE_MORE_WAFER)
            if site_rows is not None and not np.any(can[:, k]):
                no_site.append(fac)
                continue
            for j, year in enumerate(yrs):
                if not ok[i, j]:
                    continue
                t = int(np.searchsorted(years, year))
                raised = [int(pos[i, j])]
                where, best = "", None
                if site_rows is not None:  # npv: the investor's own wafer, best site
                    spos, sok, _ = site_rows
                    cand = [s for s in np.nonzero(can[:, k])[0] if sok[s, k, t]]
                    best = max(cand, key=lambda s: worth[spos[s, k, t]], default=None)
                    if best is None:
                        continue
                    raised.append(int(spos[best, k, t]))
                    where = f" at {inp.sites[best]}"
                amount = per_unit
                if kind == "datacenter":  # a facility MW: pue / u MW on the rows
                    amount = per_unit * _rows_per_facility_mw(inp, t, best, k)
                value, method, note = _one_more(
                    lp, h, fixed, raised, worth, slack, reach, z0, amount, words, full
                )
                value = max(value * per_usd * amount / disc[t], 0.0) + 0.0  # no -0.0
                if not math.isfinite(value):
                    omitted.append(f"{resource} {item} in {year}: the re-solve failed")
                    continue
                base = note.replace("{where}", where)
                note = base
                if value > 0:  # the objective's money, for sums and re-solves
                    note += _present_value(value, disc[t], inp.base_year)
                out.append(_row(year, resource, item, unit, value, method, False, note))
                if kind == "hbm":
                    if gb is None:
                        gb = _hbm_gb_per_wafer(inp, sol["prod"])
                    if np.isfinite(gb[t]) and gb[t] > 0:
                        # the GB row's own worth in the objective's money, not the wafer's
                        per_gb = f"{base}; per GB at {gb[t]:,.0f} GB of HBM per DRAM wafer"
                        if value > 0:
                            per_gb += _present_value(value / gb[t], disc[t], inp.base_year)
                        out.append(
                            _row(year, "HBM", "hbm", "GB", value / gb[t], method, False, per_gb)
                        )
                    else:
                        omitted.append(f"HBM per GB in {year}: no HBM bill in GB known")
    if no_site:
        omitted.append(
            f"capacity of {', '.join(no_site)} (npv): no investor site may host it, so one "
            "more wafer (or MW) would be someone else's"
        )
    return out, omitted


def _present_value(value: float, disc: float, base_year: int) -> str:
    """The note's words for ``value`` (USD of the currency year, undiscounted) in the
    objective's money.

    ``value · disc`` with ``disc`` that year's discount factor to ``base_year``
    (:func:`tigris.plan.inputs.discount_factors`): the unit in which the plan's
    objective and its explanations' re-solves are stated, so that the values of
    several years add up to something a re-solve can be set against (``docs/finance.md``,
    "Shadow prices": a dual is a marginal value, which a finite re-solve that may also
    change the builds need not equal).
    """
    return (
        f"; {money(value * disc)} in the objective's money (discounted to {base_year}); "
        "a marginal value, which a re-solve of a finite change need not equal"
    )


def _rows_per_facility_mw(inp: PlanInputs, t: int, site: int | None, k: int) -> float:
    """MW on the datacenter rows (IT MW × the plan's ``pue``) that one facility MW of
    capacity is in year ``t`` [-]: ``pue / u``, ``u`` the PUE of the MW added, the
    existing pool's mean (:func:`~tigris.plan.power.existing_facility_ratio`) or, with
    ``site``, that site's module of type ``k`` (:func:`~tigris.plan.power.module_pue`).

    References
    ----------
    The Green Grid, White Paper 49 (2012) (facility = IT × PUE); ``docs/energy.md``,
    "The power constraint" (units).
    """
    from tigris.plan.power import existing_facility_ratio, module_pue

    if site is not None:
        return float(inp.pue) / float(module_pue(inp)[site, k])
    return 1.0 / float(existing_facility_ratio(inp)[t])


def _one_more(
    lp: _Lp,
    h: Any,
    fixed: Any,
    rows: list[int],
    worth: np.ndarray,
    slack: np.ndarray,
    reach: np.ndarray | None,
    z0: float,
    amount: float = 1.0,
    words: tuple[str, str] = _ONE_MORE_WAFER,
    full: np.ndarray | None = None,
) -> tuple[float, str, str]:
    """What one more unit on ``rows`` (raised together) is worth in the fixed-builds
    LP ``h`` (solved; ``fixed`` its model) [model money units per thousand row units,
    discounted], the method and a note (``{where}`` marks where the site goes).

    One more unit is ``amount`` row units: a wafer a year (1), or a MW of data-centre
    capacity (12 MW-months a year); ``words`` says it (``"one more MW"``) and its
    plural in a range (``"MW"``). ``full`` (per row: at its limit) words a row whose
    slack takes the unit: "idle" only when the capacity row (the first of ``rows``)
    is below its limit, else "fully used" (a degenerate
    vertex: the row is at its limit with a basic slack, and one more unit would sit
    unused; Bertsimas & Tsitsiklis 1997, §2.4 on degeneracy and §5.2).

    The sum of the rows' duals holds while the basis stays optimal. A row whose slack
    is basic takes the unit in its slack alone; each of the ``n`` others (nonbasic, at
    their limit) must have room for ``n`` more units in its own range (HiGHS ranging),
    since the set of changes a basis survives is convex (``n`` units on each row alone
    imply one on all ``n`` together). Otherwise the LP is re-solved.
    """
    unit = amount / COUNT_SCALE
    one, many = words
    tight = [r for r in rows if not slack[r]]
    n = len(tight)
    if not tight:
        if full is None or not bool(full[rows[0]]):
            return (
                0.0,
                "lp_dual_fixed_builds",
                "not binding: the plan leaves some of this capacity idle",
            )
        return (
            0.0,
            "lp_dual_fixed_builds",
            (
                f"fully used (at its limit), but {one.removesuffix(' a year')}{{where}} "
                "would not be used with the plan's builds (other limits bind first, "
                "such as the later years' power a fleet that lives several years needs)"
            ),
        )
    room = [math.inf if reach is None else (reach[r] - float(fixed.row_upper_[r])) for r in tight]
    if all(x >= n * unit * (1 - _RANGE_TOL) for x in room):
        value = float(sum(worth[r] for r in tight))
        if abs(value) <= _DUAL_TOL:
            return (
                0.0,
                "lp_dual_fixed_builds",
                (f"at its limit, but {one.removesuffix(' a year')}{{where}} would not be used"),
            )
        most = min(room) / n * COUNT_SCALE / amount
        span = "any number of" if not math.isfinite(most) else f"{most:,.0f}"
        return (
            value,
            "lp_dual_fixed_builds",
            (f"LP dual with builds fixed{{where}}; exact for the next {span} {many}"),
        )
    # the solved fixed-builds LP itself, its limits raised then restored: HiGHS starts
    # each re-solve from the last basis (a few dual simplex steps)
    for r in rows:
        h.changeRowBounds(r, float(fixed.row_lower_[r]), float(fixed.row_upper_[r]) + unit)
    h.run()
    ok = _optimal(h)
    z1 = float(h.getInfo().objective_function_value)
    for r in rows:
        h.changeRowBounds(r, float(fixed.row_lower_[r]), float(fixed.row_upper_[r]))
    if not ok:
        return math.nan, "resolve", ""
    value = float(lp.worth(np.array(z1 - z0))) / unit
    whole = one.removeprefix("one more ").removesuffix(" a year")
    return (
        value,
        "resolve",
        (
            f"re-solved with builds fixed and {one}{{where}} (the LP dual does "
            f"not hold for a whole {whole} here)"
        ),
    )


def _row(
    year: int,
    resource: str,
    item: str,
    unit: str,
    value: float,
    method: str,
    bound: bool,
    note: str,
) -> dict[str, Any]:
    return {
        "year": int(year),
        "resource": resource,
        "item": str(item),
        "unit": unit,
        "value_usd": float(value),
        "method": method,
        "is_bound": bool(bound),
        "note": note,
    }


def _relaxation_rows(
    inp: PlanInputs, sol: Mapping[str, np.ndarray], lp: _Lp, z_plan: float, disc: np.ndarray
) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows for scanners, site power and capital from the LP relaxation's duals."""
    h = _highs(lp.lp)
    _continuous(h, lp.integer)
    h.setOptionValue("solver", "simplex")
    h.run()
    if not _optimal(h):
        return [], ["scanners, site power and capital: the LP relaxation was not solved"]
    z_lp = float(h.getInfo().objective_function_value)
    x = np.asarray(h.getSolution().col_value, dtype=float)
    pos, ok = lp.columns("build")
    relaxed = np.where(ok, x[pos], 0.0)
    plan = np.asarray(sol["build"], dtype=float)
    n_plan = plan.sum(axis=-1)
    diff = float(np.abs(relaxed.sum(axis=-1) - n_plan).sum())
    share = diff / max(float(n_plan.sum()), 1.0)
    if share > GROSS_BUILD_SHARE:
        why = (
            f"scanners, site power and capital: the LP relaxation builds something else "
            f"(its modules per site and facility type differ from the plan's by "
            f"{100 * share:.0f} % of the plan's, above {100 * GROSS_BUILD_SHARE:.0f} %)"
        )
        return [], [why]
    gap = max(float(lp.worth(np.array(z_lp - z_plan))), 0.0)  # relaxation's advantage
    years = np.asarray(inp.years, dtype=int)
    duals = np.asarray(h.getSolution().row_dual, dtype=float)
    verb = "saves" if lp.minimise else "gains"
    out: list[dict[str, Any]] = []
    zeros = 0

    def add(year: int, resource: str, item: str, unit: str, worth: float, scale: float) -> None:
        nonlocal zeros
        t = int(np.searchsorted(years, year))
        if worth <= _DUAL_TOL:
            zeros += 1
            return
        value = worth * scale / disc[t]
        note = (
            f"LP relaxation dual (fractional modules): a bound; one more {unit} {verb} the "
            f"plan at most this plus the integrality gap of {money(gap * MONEY_SCALE / disc[t])}"
        )
        out.append(_row(year, resource, item, unit, value, "lp_relaxation_bound", True, note))

    for name, tool in _TOOLS:
        got = lp.rows(name, ("year",))
        if got is None:
            continue
        rpos, rok, lab = got
        for j, year in enumerate(np.asarray(lab.coords["year"].values, dtype=int)):
            if rok[j]:
                w = float(lp.worth(duals[rpos[j]]))
                add(int(year), "EUV scanner", tool, "scanner", w, MONEY_SCALE)
    got = lp.rows("site-power-upper", ("site", "year"))
    if got is not None:
        rpos, rok, lab = got
        yrs = np.asarray(lab.coords["year"].values, dtype=int)
        for i, site in enumerate(lab.coords["site"].values):
            for j, year in enumerate(yrs):
                if rok[i, j]:
                    w = float(lp.worth(duals[rpos[i, j]]))
                    add(int(year), "site power", str(site), "MW", w, MONEY_SCALE)
    got = lp.rows("capital-cumulative-upper", ("source", "year"))
    if got is not None:
        rpos, rok, lab = got
        yrs = np.asarray(lab.coords["year"].values, dtype=int)
        for i, source in enumerate(lab.coords["source"].values):
            w = lp.worth(np.where(rok[i], duals[rpos[i]], 0.0))
            # one more dollar offered in year t raises the cumulative rows t, t+1, ...
            suffix = np.cumsum(w[::-1])[::-1]
            for j, year in enumerate(yrs):
                if rok[i, j]:
                    add(int(year), "capital", str(source), "USD", float(suffix[j]), 1.0)
    omitted = []
    if zeros:
        omitted.append(
            f"{zeros} scanner, site-power or capital rows whose relaxation dual is zero "
            "(the relaxation leaves some unused; no guide to the integer plan)"
        )
    return out, omitted


def shadow_prices(
    inp: PlanInputs,
    sol: Mapping[str, np.ndarray],
    *,
    relaxation: bool = True,
    model: linopy.Model | None = None,
) -> pd.DataFrame:
    """What one more unit of each scarce resource is worth, in physical units.

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    sol : mapping of arrays
        The plan in real units: ``build`` (S, K, T) [modules], ``prod`` (P, T)
        [accelerators/year].
    relaxation : bool, optional
        Also give the LP relaxation's bounds for scanners, site power and capital
        (default True).
    model : linopy.Model, optional
        The planning model already solved by :func:`tigris.plan.highs.run_highs` for
        this plan; reused (no model is built). Without it the model is built again.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`: ``year``; ``resource``/``unit``: ``logic wafer``/``wafer``
        (``item`` the node), ``CoWoS wafer``/``wafer``, ``HBM``/``DRAM wafer`` and
        ``HBM``/``GB``, ``datacenter power``/``MW`` (``item`` the facility id,
        ``datacenter`` for the grid-connected pool: one more facility MW of capacity
        online that year, per MW-year), ``EUV scanner``/``scanner`` (``item`` ``euv`` or
        ``high_na``), ``site power``/``MW`` (``item`` the site), ``capital``/``USD``
        (``item`` the source: one more dollar offered that year); ``value_usd``: what
        one more unit in that year is worth to the objective, in USD of the currency
        year, undiscounted [USD per unit], ≥ 0; ``method`` (:data:`METHODS`),
        ``is_bound``, ``note``.
        ``attrs["omitted"]`` lists rows left out and why (module docstring).

    References
    ----------
    Bertsimas & Tsitsiklis, *Introduction to Linear Optimization*, 1997, §5.2 (duals
    as marginal costs, valid over the basis's range); Wolsey, *Integer Programming*,
    2nd ed., §2.2 (the LP relaxation as a bound).
    """
    years = np.asarray(inp.years, dtype=int)
    disc = discount_factors(years, inp.base_year, inp.discount_rate)
    lp = _Lp(inp, model)
    rows: list[dict[str, Any]] = []
    omitted: list[str] = []
    with quiet_stdout():
        h = _fixed_lp(lp, inp, sol)
        if h is None:
            omitted.append("capacity: the LP with the plan's builds fixed was not solved")
            z_plan = math.nan
        else:
            z_plan = float(h.getInfo().objective_function_value)
            got, why = _capacity_rows(inp, sol, lp, h, disc)
            rows += got
            omitted += why
        if relaxation and math.isfinite(z_plan):
            got, why = _relaxation_rows(inp, sol, lp, z_plan, disc)
            rows += got
            omitted += why
    out = pd.DataFrame(rows, columns=list(COLUMNS)) if rows else _empty()
    out.attrs["omitted"] = omitted
    return out
