"""Explanations when data-centre power binds (:mod:`tigris.plan.explain`).

Where (the world: the ``datacenter`` row is one pool of all regions' capacity, the
contract of issue 12; or a region whose ``capacity-datacenter-region-upper`` row is
full: the share of the fleet ``demand_regions`` places there fills its capacity) and
when (the years in which accelerators made in a shortage's years are in service and
the pool or the region is full), what one more MW is worth (re-solved, in H100e served
and money, in both objectives; in a region, one more MW of existing capacity there),
and which regions' grid headroom is full or binds (``docs/energy.md``, "When power
binds").
"""

from __future__ import annotations

import math
from collections.abc import Generator, Mapping, Sequence
from typing import Any

import numpy as np

from tigris.plan.explain_base import (
    _FULL_SHARE,
    _Budget,
    _buildable,
    _capacity_change,
    _facility_name,
    _h100e,
    _range,
    _result,
    _years_text,
)
from tigris.plan.inputs import INVESTOR, PlanInputs, fleet_in_service
from tigris.plan.model import online_fraction
from tigris.plan.result import Explanation
from tigris.plan.shadow import objective_of

__all__: list[str] = []

#: Said after the years the pool is full (UT-GRID #9): the shadow_prices table's
#: ``datacenter power`` rows price one year's MW alone (the fixed-builds LP's duals,
#: :mod:`tigris.plan.shadow`) and are 0 in some full years, since one more MW in one
#: year lets in only accelerators that also fit in the later years they serve; a MW's
#: value over the years is a re-solve with one more MW in each of them.
SHADOW_WINDOW_WORDS = (
    "; a year's 'datacenter power' shadow price is that year's MW alone, 0 in some of "
    "these years although full (the fleet's later years bind): a MW's value over them "
    "is a re-solve with one more MW in every one of them"
)
#: Of which at most this many price one more module's grid headroom [-].
_MAX_GRID_RESOLVES = 1
#: MW closer than this are equal (a module that just fits the headroom) [MW].
_MW_TOL = 1e-6
#: Model units of the ``grid-headroom-upper`` rows per MW [-].
_GRID_ROW_SCALE = 1.0


def _life(inp: PlanInputs) -> int:
    """Years an accelerator delivered stays in service and draws power, ``L`` [year]."""
    return max(int(np.max(getattr(inp, "fleet_lifetime_years", 1))), 1)  # the longest


def _power_state(
    inp: PlanInputs,
    used: np.ndarray,
    avail: np.ndarray,
    build: np.ndarray | None = None,
    prod: np.ndarray | None = None,
) -> tuple[int | None, np.ndarray, np.ndarray]:
    """The data-centre pool's row, the years power is full, and the pool's capacity.

    The installed fleet's facility power (legacy fleet included) is on the pool's
    row (:meth:`~tigris.plan.inputs.PlanInputs.used`, in MW once divided by 12); the
    capacity is every ``datacenter``-kind facility's online MW, existing and built
    (``docs/energy.md``, "The power constraint"). With ``build`` and ``prod`` a year is
    also full when a placed region's row is (:func:`_region_state`).

    Returns
    -------
    tuple
        The pool's facility index (``None`` without data-centre capacity), (T,) bool
        full (the pool or a placed region), (T,) the pool's capacity online [MW].
    """
    n_t = len(inp.years)
    k = getattr(inp, "datacenter_row", None)
    if k is None:
        return None, np.zeros(n_t, dtype=bool), np.zeros(n_t)
    cap = avail[inp.datacenter_rows].sum(axis=0)
    need = used[k]
    full = (need >= cap * _FULL_SHARE - 1e-9) & ((need > 0) | (cap <= 0))
    if build is not None and prod is not None:
        full = full | _region_state(inp, build, prod)[1].any(axis=0)
    return k, full, cap


def _region_state(
    inp: PlanInputs, build: np.ndarray, prod: np.ndarray
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """The placed regions' rows (``capacity-datacenter-region-upper``): which are full.

    Region *r* with share ``a_r`` is full in year *t* when ``a_r · F[t] ≥ room_r[t] +
    built_r[t]`` (within :data:`_FULL_SHARE`): ``F`` the plan's fleet
    (:meth:`~tigris.plan.inputs.PlanInputs.fleet_power_mw` without the legacy fleet),
    ``room_r`` the existing capacity there less the legacy fleet's part
    (:func:`tigris.plan.power.placed_room`), ``built_r`` the plan's datacenter modules
    online at the region's sites; all in MW at the plan's PUE, as the row
    (:func:`tigris.plan.power.add_region_rows`).

    Returns
    -------
    tuple
        Region names (R'), (R', T) bool full, (R', T) capacity for the placed fleet
        ``room + built`` [MW at the plan's PUE], (R',) shares [-]; empty without placed
        demand.
    """
    n_t = len(inp.years)
    none = ([], np.zeros((0, n_t), dtype=bool), np.zeros((0, n_t)), np.zeros(0))
    reg = getattr(inp, "power_regions", None)
    if reg is None or inp.site_region is None or not np.any(reg.demand_share > 0):
        return none
    from tigris.plan.power import placed_room

    names, share, room = placed_room(inp)
    cap = np.array(room, dtype=float)
    if len(inp.sites) and len(inp.site_region) == len(inp.sites):
        is_dc = np.asarray(inp.facility_kind) == "datacenter"
        weight = np.asarray(inp.module_capacity, dtype=float) * is_dc[None, :]
        weight = weight * np.asarray(inp.allowed, dtype=bool)
        online = (online_fraction(build, inp.output) * weight[..., None]).sum(axis=1)  # (S, T)
        for i, region in enumerate(names):
            at = np.array([sr == region for sr in inp.site_region], dtype=bool)
            cap[i] += online[at].sum(axis=0)
    need = share[:, None] * inp.fleet_power_mw(prod, legacy=False)[None, :]
    full = (need >= cap * _FULL_SHARE - 1e-9) & ((need > 0) | (cap <= 0))
    return names, full, cap, share


def _binding_region(
    inp: PlanInputs, build: np.ndarray, prod: np.ndarray, tight: np.ndarray
) -> str | None:
    """The placed region full in most of the years ``tight`` (indices; the earliest
    on a tie), ``None`` when no region's row is full then: its MW is the one to price,
    as one more MW there also counts in the pool."""
    names, full, _, _ = _region_state(inp, build, prod)
    if not names or not len(tight):
        return None
    count = full[:, tight].sum(axis=1)
    if count.max() <= 0:
        return None
    first = np.where(full[:, tight], np.arange(len(tight))[None, :], len(tight)).min(axis=1)
    best = min(range(len(names)), key=lambda i: (-count[i], first[i]))
    return names[best]


def _state(
    inp: PlanInputs,
    ks: tuple[int, ...],
    empty: bool,
    k_dc: int | None,
    power_full: np.ndarray,
    power_avail: np.ndarray,
    used: np.ndarray,
    ts: Sequence[int],
    life: int,
    build: np.ndarray | None = None,
    prod: np.ndarray | None = None,
) -> str:
    """What is full, in words: ``"N5 logic capacity is fully used"``; for data-centre
    power where (the world: one pool, all regions; or a placed region, with ``build``
    and ``prod``) and when (the years, from the shortage to the last in which units
    made then are still in service)."""
    wafer = [k for k in ks if k != k_dc]
    parts = []
    if wafer:
        names = " and ".join(_facility_name(inp, k) for k in wafer)
        parts.append(
            f"there is no {names} capacity" if empty else f"{names} capacity is fully used"
        )
    if k_dc is not None and k_dc in ks:
        years = np.asarray(inp.years, dtype=int)
        tight = _power_window(ts, life, power_full)
        regional = []
        if build is not None and prod is not None:
            regional = _region_words(inp, build, prod, tight)
            pool = used[k_dc] >= power_avail * _FULL_SHARE - 1e-9
            tight = tight[pool[tight]]
        parts += regional
        if not len(tight):
            return " and ".join(parts)
        when = _years_text([int(years[t]) for t in tight])
        need_mw, online_mw = _world_power(inp, build, prod, power_avail)
        lo, hi = float(online_mw[tight].min()), float(online_mw[tight].max())
        if hi <= 0:
            parts.append(
                f"there is no data-centre capacity to power the installed fleet in {when} "
                "(world, all regions pooled)"
            )
        else:
            parts.append(
                f"data-centre capacity is fully used in {when} (world, all regions "
                f"pooled): the installed fleet needs all {_mw_range(lo, hi)} of data-centre "
                "capacity online (facility power, as in the power table)"
            )
            if len(tight) > 1:
                parts[-1] += SHADOW_WINDOW_WORDS
        later = _not_full_yet(inp, ts, tight, life, need_mw, online_mw)
        return " and ".join(parts) + "".join(f"; {clause}" for clause in later)
    return " and ".join(parts)


#: From this many MW on, power is said in GW to one decimal, as the power table
#: prints it; below, in whole MW [MW].
_GW_FROM_MW = 1_000.0


def _mw_range(lo: float, hi: float, unit: bool = True, big: float | None = None) -> str:
    """``"60.7–98.6 GW"`` (as the power table prints) or ``"500 MW"`` below
    :data:`_GW_FROM_MW`; ``unit=False`` leaves the unit out, ``big`` the value that
    decides the unit (for a figure quoted beside a larger one)."""
    gw = (hi if big is None else big) >= _GW_FROM_MW
    text = _range(lo / 1e3, hi / 1e3, "{:,.1f}") if gw else _range(lo, hi, "{:,.0f}")
    return f"{text} {'GW' if gw else 'MW'}" if unit else text


def _world_power(
    inp: PlanInputs,
    build: np.ndarray | None,
    prod: np.ndarray | None,
    fallback: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(T,) facility MW the installed fleet needs and (T,) data-centre MW online, world:
    the ``world`` rows of the plan's ``power`` table
    (:func:`tigris.energy.regional.power_table`, ``facility_mw_needed`` and
    ``datacenter_mw_online``: facility MW at each region's and module's own PUE), so a
    sentence quotes what the table shows. The model's row counts MW at the plan's PUE
    (the ``capacity`` table's datacenter rows), which differs where a region's PUE does;
    ``fallback`` (that row's capacity) when the table cannot be made [MW]."""
    n_t = len(inp.years)
    if build is not None and prod is not None:
        try:
            from tigris.energy.regional import WORLD, power_table

            table = power_table(inp, {"build": build, "prod": prod})
            world = table[table["region"] == WORLD].set_index("year")
            years = [int(y) for y in inp.years]
            need = world["facility_mw_needed"].reindex(years).to_numpy(dtype=float)
            online = world["datacenter_mw_online"].reindex(years).to_numpy(dtype=float)
            if np.all(np.isfinite(need)) and np.all(np.isfinite(online)):
                return need, online
        except Exception:  # the sentence falls back to the row's MW
            pass
    cap = np.asarray(fallback, dtype=float)
    return np.full(n_t, np.nan), cap if len(cap) == n_t else np.zeros(n_t)


def _not_full_yet(
    inp: PlanInputs,
    ts: Sequence[int],
    tight: np.ndarray,
    life: int,
    need_mw: np.ndarray,
    online_mw: np.ndarray,
) -> list[str]:
    """For the shortage years in which power is not yet full, why it still binds: an
    accelerator installed then stays in service ``life`` years and would need power in
    the full years that follow (``"in 2026 the fleet needs 43.1 of the 44.5 GW online
    (97%), but accelerators installed in 2026 stay in service to 2030 and 2027–2030 are
    full"``)."""
    years = np.asarray(inp.years, dtype=int)
    full = set(int(t) for t in tight)
    out = []
    for t in ts:
        if int(t) in full or not np.isfinite(need_mw[t]) or online_mw[t] <= 0:
            continue
        later = [int(years[u]) for u in tight if t < u < t + life]
        if not later:
            continue
        last = int(years[min(t + life - 1, len(years) - 1)])
        need = _mw_range(need_mw[t], need_mw[t], False, online_mw[t])
        out.append(
            f"in {years[t]} the fleet needs {need} "
            f"of the {_mw_range(online_mw[t], online_mw[t], big=online_mw[t])} online "
            f"({100 * need_mw[t] / online_mw[t]:.0f}%), "
            f"but accelerators installed in {years[t]} stay in service to {last} and "
            f"need power in {_years_text(later)}, when it is full"
        )
    return out


def _region_words(
    inp: PlanInputs, build: np.ndarray, prod: np.ndarray, tight: np.ndarray
) -> list[str]:
    """``"the 80% of the fleet placed in a (demand_regions) fills the 100 MW of
    data-centre capacity there in 2025–2026"``, one per placed region full in some of
    the years ``tight``, in facility MW (:func:`_region_facility_mw`; its row counts MW at
    the plan's PUE, a unit never printed: user test 2026-12-07 read 6,310 MW in Europe,
    where 5,784 MW stood, and the figure moved with ``--set pue``)."""
    names, full, _, share = _region_state(inp, build, prod)
    if not names:
        return []
    cap = _region_facility_mw(inp, build, names)
    years = np.asarray(inp.years, dtype=int)
    out = []
    for i, region in enumerate(names):
        ts = [int(t) for t in tight if full[i, t]]
        if not ts:
            continue
        when = _years_text([int(years[t]) for t in ts])
        lo, hi = float(cap[i, ts].min()), float(cap[i, ts].max())
        out.append(
            f"the {100 * share[i]:.0f}% of the plan's fleet placed in {region} "
            f"(demand_regions) fills the {_range(lo, hi, '{:,.0f}')} MW of data-centre "
            f"capacity there in {when}"
        )
    return out


def _region_facility_mw(inp: PlanInputs, build: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """(R', T) the capacity :func:`_region_state` counts for the placed fleet, in
    facility MW: the existing room there at the region's PUE (``room · existing_pue /
    pue``) plus the plan's data-centre modules online at its sites, each at its own
    PUE (``module_capacity · module_pue / pue``; :class:`tigris.plan.power.PowerRegions`)
    [MW]."""
    from tigris.plan.power import module_pue, placed_room

    reg = inp.power_regions
    placed, _, room = placed_room(inp)
    pue = float(inp.pue)
    at_pue = {n: float(p) for n, p in zip(reg.names, reg.existing_pue, strict=True)}
    cap = np.array([room[placed.index(n)] * at_pue[n] / pue for n in names], dtype=float).reshape(
        len(names), len(inp.years)
    )
    if len(inp.sites) and len(inp.site_region) == len(inp.sites):
        is_dc = np.asarray(inp.facility_kind) == "datacenter"
        mw = np.asarray(inp.module_capacity, dtype=float) * module_pue(inp) / pue
        weight = mw * is_dc[None, :] * np.asarray(inp.allowed, dtype=bool)
        online = (online_fraction(build, inp.output) * weight[..., None]).sum(axis=1)
        for i, region in enumerate(names):
            at = np.array([sr == region for sr in inp.site_region], dtype=bool)
            cap[i] += online[at].sum(axis=0)
    return cap


def _h100e_per_mw(inp: PlanInputs, prod: np.ndarray, t: int) -> float:
    """Compute in service per MW of the rows' unit (IT MW × ``pue``,
    :mod:`tigris.plan.power`), of the plan's own fleet in year ``t`` (legacy excluded)
    [H100e/MW]; NaN without a fleet that draws power. Times the third value of
    :func:`_power_changes` it is per facility MW.

    ``Σ_{l<L} Σ_p h100e_p · prod[p, t − l] / Σ_{l<L} Σ_p fleet_mw_p · prod[p, t − l]``
    (contract of issue 12, "The installed fleet").
    """
    h100e = np.asarray(inp.h100e, dtype=float)[:, None] * prod
    h = fleet_in_service(h100e, inp.lifetimes()).sum(axis=0)[t]
    mw = inp.fleet_power_mw(prod, legacy=False)[t]
    return float(h / mw) if mw > 0 else math.nan


def _built_module_pue(inp: PlanInputs, build: np.ndarray | None) -> float | None:
    """The PUE of the plan's own data-centre modules, when all it builds share one
    (:func:`tigris.plan.power.module_pue`) [-]; None when it builds none, or several
    PUEs (then no single figure per MW of them).

    The power table's capacity online counts these modules' facility MW at this PUE
    (``docs/plan-result.md``, ``power``), so the H100e one such MW powers is what
    reconciles the table's MW with the H100e served (user test D10: 400 MW online at
    PUE 1.1 serve 428,359 H100e, 1,071 a MW, while the MW priced at the plan's PUE 1.2
    powers 982).
    """
    from tigris.plan.power import module_pue

    if build is None:
        return None
    b = np.asarray(build, dtype=float)
    if b.ndim < 2:
        return None
    made = b.reshape(b.shape[0], b.shape[1], -1).sum(axis=2) > 0
    pue = module_pue(inp)
    values = {
        round(float(pue[s, j]), 6)
        for s in range(min(made.shape[0], pue.shape[0]))
        for j in inp.datacenter_rows
        if j < made.shape[1] and made[s, j]
    }
    return values.pop() if len(values) == 1 else None


def _per_mw_words(
    inp: PlanInputs, per_rows_mw: float, rows_per_mw: float, build: np.ndarray | None, year: int
) -> str:
    """``"(a MW powers 982 H100e of the plan's fleet in 2029, a facility MW at PUE 1.2;
    a MW of the plan's own modules, at PUE 1.1, powers 1,071 H100e)"``: which MW the
    claim's H100e per MW is of, so the power table's MW × H100e per MW reconciles with
    the H100e served.

    ``per_rows_mw`` the fleet's H100e per MW of the rows' unit (IT MW × ``pue``,
    :func:`_h100e_per_mw`); ``rows_per_mw`` the rows' MW of one facility MW priced
    (:func:`_power_changes`), so the priced MW's PUE is ``pue / rows_per_mw`` and a
    facility MW at PUE ``u`` powers ``per_rows_mw · pue / u`` H100e. Empty when the
    fleet draws no power.

    References
    ----------
    The Green Grid, White Paper 49 (2012) (facility = IT × PUE); ``docs/energy.md``,
    "The power constraint" (units).
    """
    per_mw = per_rows_mw * rows_per_mw
    if not (math.isfinite(per_mw) and per_mw > 0 and rows_per_mw > 0):
        return ""
    pue = float(inp.pue)
    priced = pue / rows_per_mw
    words = f" (a MW powers {_h100e(per_mw)} of the plan's fleet in {year}, a facility MW"
    words += f" at PUE {priced:.3g}"
    own = _built_module_pue(inp, build)
    if own is not None and own > 0 and f"{own:.3g}" != f"{priced:.3g}":
        own_mw = _h100e(per_rows_mw * pue / own)
        words += f"; a MW of the plan's own modules, at PUE {own:.3g}, powers {own_mw}"
    return words + ")"


def _power_window(ts: Sequence[int], life: int, power_full: np.ndarray) -> np.ndarray:
    """Years (indices) in which units made in years ``ts`` are in service and
    data-centre power is full (never empty for a group whose bottleneck is power)."""
    window = np.zeros(len(power_full), dtype=bool)
    for t in ts:
        window[t : t + life] = True
    return np.nonzero(window & power_full)[0]


def _power_years(grp: Mapping[str, Any]) -> tuple[int, int]:
    """First and last year data-centre power binds for a shortage group (its
    ``state`` says), within the years units made in the shortage are in service."""
    span = grp.get("power_years") or (grp["y0"], grp["y1"])
    return int(span[0]), int(span[1])


#: How the site of "one more MW of the investor's own capacity" was chosen (#9 of the
#: fifth user test): never the sites list's order.
_BUILT = "where the plan builds"
_BEST = "best"
_BY_NAME = "by name"


def _power_sites(
    inp: PlanInputs, region: str | None = None, build: np.ndarray | None = None
) -> tuple[list[tuple[int, int]], str]:
    """The investor's (site, data-centre type) pairs one more MW of its own capacity
    may be priced at (``npv``), and the rule that ranks them; empty for ``serve``.

    The candidates are the investor's sites (in ``region`` if given) that allow a
    data-centre type. With ``build``: those where the plan builds that type
    (:data:`_BUILT`), most modules first; if it builds none there, every candidate, to
    be re-solved each and the best named (:data:`_BEST`). Without ``build``: every
    candidate sorted by site and type name (:data:`_BY_NAME`). Ties are broken by
    name, so the order of the scenario's ``sites:`` list never decides (user test #9:
    the first listed site was named, and its value quoted, whatever the plan built).
    """
    if objective_of(inp) != "npv":
        return [], _BY_NAME
    mine = np.array([o == INVESTOR for o in inp.site_owner], dtype=bool)
    if region is not None and len(inp.site_region or ()) == len(inp.sites):
        mine &= np.array([sr == region for sr in inp.site_region], dtype=bool)
    can = np.asarray(inp.allowed, dtype=bool) & mine[:, None]
    cands = [(s, j) for s in range(len(inp.sites)) for j in inp.datacenter_rows if can[s, j]]
    cands.sort(key=lambda c: (inp.sites[c[0]], inp.facilities[c[1]]))
    if build is None or len(cands) <= 1:  # one option: no rule to say
        return cands, _BY_NAME
    built = {c: float(np.asarray(build)[c[0], c[1]].sum()) for c in cands}
    mine_built = [c for c in cands if built[c] > 0]
    if mine_built:
        return sorted(mine_built, key=lambda c: -built[c]), _BUILT
    return cands, _BEST


def _power_site_words(
    inp: PlanInputs, site: tuple[int, int], rule: str, n: int, n_of: int | None = None
) -> str:
    """``"at texas-usa, where the plan builds"`` or ``"at texas-usa, the best of the
    investor's 2 options (site and type), re-solved each"``: the site named and the rule
    that named it (:func:`_power_sites`); each option is re-solved when several are
    evaluated (:mod:`tigris.plan.explain`). ``n_of``: how many options the rule had,
    when the explanations' re-solve budget ran out after ``n`` of them (then the
    sentence says the best of the first ``n``, not of all)."""
    at = f"at {inp.sites[site[0]]}"
    types = [j for j in inp.datacenter_rows if bool(np.asarray(inp.allowed)[site[0], j])]
    if len(types) > 1:  # a site that may host several data-centre types: say which
        at += f" ({_facility_name(inp, site[1])})"
    if n_of is not None and n_of > n and rule in (_BUILT, _BEST):
        order = "by modules built" if rule == _BUILT else "by name"
        whose = "where the plan builds" if rule == _BUILT else "of the investor"
        return (
            f"{at}, the best of the first {n} ({order}) of the {n_of} options (site and "
            f"type) {whose}, re-solved each; no re-solve was left for the others"
        )
    if rule == _BUILT:
        if n <= 1:
            return f"{at}, where the plan builds"
        return f"{at}, the best of the {n} options (site and type) where the plan builds"
    if n <= 1:  # the only option the investor has: "(at site0)"
        return at
    if rule == _BEST:
        return f"{at}, the best of the investor's {n} options (site and type), re-solved each"
    return f"{at}, the first by name of the investor's {n} options (site and type)"


def _power_changes(
    inp: PlanInputs,
    k: int,
    first: int,
    last: int,
    region: str | None = None,
    site: tuple[int, int] | None = None,
    rule: str | None = None,
    n_sites: int | None = None,
    n_of: int | None = None,
) -> tuple[list[tuple[str, dict[str, Any], float]], str, float]:
    """The re-solve's changes for one more facility MW of data-centre capacity in
    ``first`` … ``last`` on the pool's row ``k``, whose MW it is in words, and the
    rows' MW one facility MW is in ``first`` [-].

    The rows count MW at the plan's PUE (IT MW × ``pue``, ``tigris.plan.power``), so
    one facility MW of capacity of PUE ``u`` is ``pue / u`` MW on them: ``u`` the
    existing pool's mean (:func:`~tigris.plan.power.existing_facility_ratio`, by
    year), the region's (with ``region``) or the investor's module's (``npv``). The
    claim is then per facility MW, which the scenario's ``pue`` (a unit) does not move.

    With ``region`` (a placed region whose row binds, :func:`_binding_region`): one more
    MW of existing capacity in that region, on the pool's row and on the region's
    ``capacity-datacenter-region-upper`` row alike (the legacy fleet stays where it is
    plugged in); in ``npv`` an investor's site is then one in that region.

    ``serve``: the pool's row alone (any owner's MW powers the same fleet). ``npv``: as
    the shadow prices do (:mod:`tigris.plan.shadow`), the investor's own MW where an
    investor site may host a data-centre type (its site's sales limit raised with the
    row, so it may lease it); else one more MW of others' capacity, which the merit
    order's floor (``sold-lower``: the investor supplies what others cannot) counts
    too, so that row is loosened by the same MW.

    References
    ----------
    The Green Grid, White Paper 49 (2012) (facility = IT × PUE); ``docs/energy.md``,
    "The power constraint" (units).
    """
    from tigris.plan.power import REGION_ROW, existing_facility_ratio, module_pue

    years = [int(y) for y in inp.years if first <= y <= last]
    t_of = {int(y): t for t, y in enumerate(inp.years)}
    pue = float(inp.pue)
    reg = inp.power_regions
    r = None if region is None or reg is None else list(reg.names).index(region)
    if objective_of(inp) != "npv":
        site = None
    elif site is None:  # not given: the first by name, never the list's first
        cands, rule = _power_sites(inp, region)
        site, n_sites = (cands[0] if cands else None), len(cands)
    if site is not None:  # the investor's own module's MW
        rows_per_mw = np.full(len(years), pue / float(module_pue(inp)[site]))
    elif r is not None:  # existing capacity in the region, at its PUE
        rows_per_mw = np.full(len(years), pue / float(reg.existing_pue[r]))
    else:  # the existing pool's, at its mean PUE
        ratio = existing_facility_ratio(inp)
        rows_per_mw = np.array([1.0 / ratio[t_of[y]] for y in years])
    changes: list[tuple[str, dict[str, Any], float]] = []
    for y, f in zip(years, rows_per_mw, strict=True):
        name, sel, delta = _capacity_change(inp, k, y, f, until=y)
        changes.append((name, sel, delta))
        if r is not None:
            changes.append((REGION_ROW, {"region": region, "year": [y]}, delta))
        if site is not None:
            one = {"site": inp.sites[site[0]], "facility": inp.facilities[site[1]], "year": [y]}
            changes.append(("sold-site-upper", one, delta))
        elif objective_of(inp) == "npv":
            changes.append(("sold-lower", {"facility": inp.facilities[k], "year": [y]}, delta))
    where = "world"
    if r is not None:
        share = float(reg.demand_share[r])
        where = f"in {region}, where {100 * share:.0f}% of the fleet is placed"
    first_f = float(rows_per_mw[0]) if len(years) else 1.0
    if objective_of(inp) != "npv":
        what = "data-centre capacity" if region is None else "existing data-centre capacity"
        return changes, f"{what} ({where})", first_f
    if site is not None:
        return (
            changes,
            "the investor's own data-centre capacity ("
            + _power_site_words(inp, site, rule or _BY_NAME, n_sites or 1, n_of)
            + ")",
            first_f,
        )
    return changes, f"others' data-centre capacity ({where})", first_f


def _grid_online_mw(inp: PlanInputs, build: np.ndarray) -> np.ndarray:
    """(R, T) data-centre MW the plan has connected at each region's sites on the grid:
    ``Σ_{s in r, k grid-limited} module MW[s, k] · connected[s, k, t]`` [facility MW],
    a module at its full MW from its first year online
    (:func:`tigris.plan.power.connected_output`; ``docs/energy.md``, "The power
    constraint")."""
    regions = tuple(getattr(inp, "regions", ()) or ())
    site_region = getattr(inp, "site_region", None)
    out = np.zeros((len(regions), len(inp.years)))
    if not regions or site_region is None or not len(inp.sites):
        return out
    limited = inp.grid_limits()
    from tigris.plan.power import connected_output, facility_capacity

    # facility MW (what the grid delivers), each module in full from its first year online
    online = online_fraction(build, connected_output(inp)) * facility_capacity(inp)[..., None]
    online = np.where(limited[..., None], online, 0.0).sum(axis=1)  # (S, T)
    for r, region in enumerate(regions):
        at = np.array([sr == region for sr in site_region], dtype=bool)
        out[r] = online[at].sum(axis=0)
    return out


def _grid(
    inp: PlanInputs, build: np.ndarray, years: np.ndarray, budget: _Budget
) -> Generator[int, None, list[Explanation]]:
    """Regions whose grid headroom is full while data-centre power is a bottleneck.

    Full in a year: the plan's grid-connected data-centre MW in the region (each module
    at its full MW from its first year online) plus
    the smallest such module a site there may start exceed the headroom. The first
    full region (earliest year) is checked by re-solving with that module's MW more
    headroom there from that year on; a full region whose re-solve saves nothing is
    not reported (it does not bind). A two-step generator (:func:`_start`).
    """
    regions = tuple(getattr(inp, "regions", ()) or ())
    head = getattr(inp, "grid_headroom_mw", None)
    if not regions or head is None or inp.site_region is None:
        return []
    head = np.asarray(head, dtype=float)
    online = _grid_online_mw(inp, build)
    ok = _buildable(inp) & inp.grid_limits()
    from tigris.plan.power import facility_capacity

    cap = facility_capacity(inp)  # facility MW, as the grid-headroom row counts them
    found = []
    for r, region in enumerate(regions):
        at = np.array([sr == region for sr in inp.site_region], dtype=bool)
        mods = cap[at][ok[at]]
        mods = mods[mods > 0]
        if not len(mods):
            continue
        module = float(mods.min())
        tight = np.isfinite(head[r]) & (online[r] + module > head[r] + _MW_TOL)
        if np.any(tight):
            found.append((int(np.argmax(tight)), r, region, module, tight))
    found.sort()
    subs = []
    for i, (t, r, region, module, tight) in enumerate(found):
        fut = None
        if i < _MAX_GRID_RESOLVES:
            sel = {"region": region, "year": [int(y) for y in years[t:]]}
            fut = budget.run([("grid-headroom-upper", sel, module * _GRID_ROW_SCALE)])
        subs.append((t, r, region, module, tight, fut))
    yield sum(sub[-1] is not None for sub in subs)
    out = []
    for t, r, region, module, tight, fut in subs:
        ys = [int(y) for y in years[tight]]
        when = _years_text(ys)
        if float(head[r][tight].max()) <= 0:
            fact = f"in {region} the grid can connect no new data-centre capacity in {when}"
        else:
            fact = (
                f"in {region} in {when} the plan's data-centre modules connect "
                f"{_range(online[r][tight].min(), online[r][tight].max(), '{:,.0f}')} MW to "
                f"the grid (each at its full MW from its first year online) of the "
                f"{_range(head[r][tight].min(), head[r][tight].max(), '{:,.0f}')}"
                f" MW the grid can connect, and another module ({module:,.0f} MW) would "
                "exceed it"
            )
        res = _result(fut)
        verdict = budget.verdict(res)
        if verdict == "none":
            continue
        if verdict == "saves" and res is not None:
            text = (
                f"Grid headroom binds: {fact}; {module:,.0f} MW more headroom in {region} "
                f"from {years[t]} on {budget.saving_text(res)}."
            )
        else:
            text = f"Grid headroom is full: {fact}."
        out.append(Explanation("grid_headroom", int(years[t]), text))
    return out
