"""Planner inputs as plain arrays: the boundary between a scenario and the optimisation.

:class:`PlanInputs` holds every coefficient the network planner needs as numpy arrays
over named index sets (years, sites, facility types, products, demand classes, capital
sources). The model (:mod:`tigris.plan.model`) never sees a scenario, only these arrays,
so tiny hand-made problems (tests, benchmarks) and the full scenario chain build the same
model. :func:`inputs_from_scenario` (in :mod:`tigris.plan.assemble`) fills them from a
:class:`~tigris.scenario.Scenario` by calling the workload, silicon and fab layers.

Units: capacity in ``wspm`` (wafer starts per month) for the wafer kinds: logic wafers,
CoWoS interposer wafers, and for HBM the DRAM wafer starts per month on HBM (TSV) lines
(stacks and GB are derived figures, ``docs/plan.md``); for ``datacenter`` capacity in
MW of facility power, "used" being MW-months per year (``docs/energy.md``, "The power
constraint"); production in accelerators per year; compute in H100-equivalents
delivered per year; money in USD of the scenario's currency year.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from tigris.errors import InputError
from tigris.units import MONTHS_PER_YEAR as MONTHS_PER_YEAR  # re-exported to plan modules
from tigris.units import W_PER_MW

if TYPE_CHECKING:
    from tigris.plan.power import PowerRegions

__all__ = [
    "CAPACITY_UNITS",
    "DATACENTER",
    "DEMAND_BASES",
    "FACILITY_KINDS",
    "INVESTOR",
    "OBJECTIVES",
    "PlanInputs",
    "capacity_used",
    "discount_factors",
    "fleet_in_service",
]

#: Facility kinds the planner builds; logic facilities carry a node. ``datacenter`` is
#: data-centre facility power (electrical, cooling, shell; IT equipment excluded).
FACILITY_KINDS = ("logic", "cowos", "hbm", "datacenter")
#: The facility kind whose capacity the installed fleet's power uses (:meth:`PlanInputs.used`).
DATACENTER = "datacenter"
#: Demand bases: compute ``delivered`` per year (a flow) or ``installed`` (in service, a
#: stock); ``docs/energy.md``, "The power constraint".
DEMAND_BASES = ("delivered", "installed")
#: Relative (and absolute, in wspm) tolerance of ``Σ existing_parts = existing`` [-].
_PARTS_TOL = 1e-9
#: The owner whose plan tigris makes: default owner of every site and capital source.
#: Other owners (incumbents that respond) build only at their own sites with their
#: own money; the counterfactual (:mod:`tigris.plan.counterfactual`) removes this one.
INVESTOR = "investor"
#: Optional money arrays stored as float arrays when given.
_MONEY_ARRAYS = (
    "price_usd_per_wafer",
    "variable_cost_usd_per_wafer",
    "tax_rate",
    "equipment_share",
)
#: Optional power arrays stored as float arrays when given.
_POWER_ARRAYS = ("fleet_mw_per_unit", "legacy_fleet_mw", "grid_headroom_mw", "fleet_h100e_legacy")
#: The planner's objectives: ``serve`` (least discounted cost of serving demand, unmet
#: demand priced by the penalty) and ``npv`` (the investor's NPV, unmet demand not
#: priced); ``docs/finance.md``, "Objectives".
OBJECTIVES = ("serve", "npv")
#: Capacity unit per facility kind: wafer starts per month for the three wafer kinds (HBM
#: in DRAM wafer starts per month on HBM lines; ``docs/plan.md``), MW of facility power
#: for ``datacenter``.
CAPACITY_UNITS = {"logic": "wspm", "cowos": "wspm", "hbm": "wspm", "datacenter": "MW"}

#: What a logic module's "start" is, said where the assumptions give its first output
#: (S37, UT-ANALYST #6): the decision to build, as ``tigris fab``'s timeline counts it
#: (``tigris.fab.curves.fab_timeline``; ``docs/plan.md``, "Units and conventions").
START_MEANS = (
    "start = the decision to build: the site's permit and design, then construction to "
    "first output, then the ramp (data/sites.csv months, as tigris fab prints them)"
)

#: What a CoWoS or HBM module's "start" is (S37): still its groundbreaking, as its
#: ``data/facility_types.csv`` row is quoted; the site's permit time is not yet added
#: (``docs/plan.md``, "Fab modules start at the decision to build", which says why).
START_MEANS_TABLE = (
    "start = groundbreaking: the facility_types.csv row's profiles, quoted from "
    "groundbreaking, without the site's permit and design months (not yet added: "
    "docs/plan.md, 'Fab modules start at the decision to build')"
)

#: How demand is pooled, said in the assumptions where demand is described (S37,
#: UT-ANALYST #11; ``docs/plan.md``, "Demand calibrated on history").
#: The assumptions rows naming where the existing lines come from (written by
#: :mod:`tigris.plan.assemble`, read by :func:`tigris.plan.summary.existing_lines_source`):
#: ``existing supply: <facility>`` for a scenario map, with :data:`REPLACES_BASELINE`
#: when it stands in for a kind of the baseline, and :data:`BASELINE_SUPPLY_ROW`.
EXISTING_SUPPLY_ROW = "existing supply: "
BASELINE_SUPPLY_ROW = EXISTING_SUPPLY_ROW + "incumbent baseline"
REPLACES_BASELINE = " (replaces the baseline)"
GLOBAL_POOL_NOTE = (
    "each demand class is one global pool that any product may serve: export controls "
    "are not modelled, so no demand is reserved for Chinese parts and the plan may serve "
    "China's demand with TSMC-made parts (Huawei's Ascend gets none when other parts "
    "cost less per H100e; docs/plan.md, 'Demand calibrated on history')"
)


def discount_factors(years: np.ndarray, base_year: int, rate: float) -> np.ndarray:
    """Present-value factor of money spent in each year.

    ``1 / (1 + r) ** (year - base_year)``, end-of-year convention not applied (money in
    the base year is not discounted).

    Parameters
    ----------
    years : array of int
        Calendar years [year].
    base_year : int
        Year the values are discounted to [year].
    rate : float
        Real discount rate per year [1/year].

    Returns
    -------
    numpy.ndarray
        Discount factor per year [-].

    References
    ----------
    Brealey, Myers & Allen, *Principles of Corporate Finance*, ch. 2 (present value
    of a future cash flow, ``PV = C_t / (1 + r)^t``).

    Examples
    --------
    >>> discount_factors(np.array([2025, 2026]), 2025, 0.1).round(4).tolist()
    [1.0, 0.9091]
    """
    years = np.asarray(years, dtype=float)
    return 1.0 / (1.0 + rate) ** (years - base_year)


def capacity_used(use: np.ndarray, prod: np.ndarray) -> np.ndarray:
    """Capacity a production plan uses: ``used[k, t] = Σ_p use[p, k, t] · prod[p, t]``.

    Parameters
    ----------
    use : (P, K, T) array
        Wafers per accelerator made in each year [wafers per accelerator].
    prod : (P, T) array
        Accelerators made per year [accelerators/year].

    Returns
    -------
    numpy.ndarray
        (K, T) wafers used per year [wafers/year].

    References
    ----------
    ``docs/plan.md``, "Constraints": capacity used = Σ products × bill of materials.

    Examples
    --------
    The bill falls from 0.01 to 0.005 wafers per part as yields improve:

    >>> capacity_used(np.array([[[0.01, 0.005]]]), np.array([[100.0, 200.0]])).tolist()
    [[1.0, 1.0]]
    """
    return np.einsum("pkt,pt->kt", np.asarray(use, dtype=float), np.asarray(prod, dtype=float))


def fleet_in_service(delivered: np.ndarray, lifetime_years: int | np.ndarray) -> np.ndarray:
    """Units in service in each year from deliveries: ``Σ_{l<L} delivered[..., t − l]``
    (:func:`tigris.energy.fleet.fleet_by_year`, the same box convolution; ``L`` an int
    or one per row of ``delivered``).

    Parameters
    ----------
    delivered : numpy.ndarray
        (..., T) units delivered each year (accelerators, MW, H100e, ...).
    lifetime_years : int or numpy.ndarray
        Service life [years]: one for all, or one per row of ``delivered``.

    Returns
    -------
    numpy.ndarray
        (..., T) units in service each year, in ``delivered``'s unit.

    Examples
    --------
    >>> fleet_in_service(np.array([1.0, 2.0, 4.0]), 2).tolist()
    [1.0, 3.0, 6.0]
    """
    from tigris.energy.fleet import fleet_by_year

    return fleet_by_year(delivered, lifetime_years)


@dataclass(frozen=True)
class PlanInputs:
    """Every coefficient of one planning problem, as arrays over named index sets.

    Shapes use ``T`` years, ``S`` sites, ``K`` facility types, ``P`` products, ``C``
    demand classes, ``F`` capital sources and ``L`` lags (years since a build started).

    Attributes
    ----------
    years : (T,) int array
        Planning years, consecutive [year].
    sites, facilities, products, classes, sources : tuple of str
        Names of the index sets. ``facilities`` are facility types such as
        ``"logic-N3"``, ``"cowos"``, ``"hbm"``.
    facility_kind, facility_node : tuple of str, length K
        Kind (``logic``, ``cowos``, ``hbm``) and node (empty unless logic) of each type.
    h100e : (P,) array
        Compute of one accelerator [H100e].
    use : (P, K, T) array
        Capacity used per accelerator made in each year: logic wafers, CoWoS
        interposer wafers or HBM DRAM wafers [wafers per accelerator]. A (P, K) array
        (the same every year) is accepted and repeated over the years.
    available : (P, T) bool array
        Whether a product can be made in a year.
    min_share, max_share : (P, T) array
        Bounds on a product's share of the compute delivered in a year; 0 and 1 (or
        NaN) mean no bound [-].
    system_power_w : (P,) array
        Accelerator's share of its server power, before PUE [W].
    existing : (K, T) array
        Existing capacity available to the plan [wspm].
    existing_yield : (K,) array, optional
        Finished wafers out per start of existing capacity: for logic, the
        fab layer's line yield for the node; 1 if not given [-]. The capacity rows
        count :attr:`existing_output`.
    demand : (C, T) array
        Compute demanded per class, delivered in that year [H100e/year].
    priority : (C,) array
        Weight of each class in the unmet-demand penalty [-].
    penalty_usd_per_h100e : float or (T,) array
        Penalty of one H100e of unmet demand at priority 1, one number for every year
        or one per year, in USD of the currency year, undiscounted [USD/H100e]; read it
        filled through :meth:`penalty`.
    allowed : (S, K) bool array
        Facility types a site may host.
    module_capacity : (S, K) array
        Capacity of one module at full output, as built [wspm].
    module_yield : (S, K) array, optional
        Finished wafers out per wafer started in a new module: for
        logic, the fab layer's ``wafers_per_year / (12 · wspm)`` (its line yield); 1
        if not given [-]. The capacity rows count :attr:`module_output`.
    capex_usd, subsidy_usd : (S, K) array
        Capital cost of one module and the public subsidy that pays part of it [USD].
    spend : (S, K, L) array
        Share of capex spent in each year after the start; rows sum to 1 [-].
    output : (S, K, L) array
        Share of module capacity available in each year after the start, 0 during
        construction; the last value holds for all later years [-].
    opex_usd_per_year : (S, K) array
        Operating cost of one module at full output [USD/year].
    euv_tools, high_na_tools : (S, K) array
        Low-NA and High-NA EUV scanners one module needs, delivered in its start year
        [tools].
    power_mw : (S, K) array
        Power drawn by one module at full output [MW].
    max_modules : (S,) array
        Modules a site may host in all (``inf`` for no limit) [modules].
    min_modules : (S,) array
        Modules that must be started at a site within the horizon, e.g. a commitment
        to a host country (0 for none) [modules].
    power_limit_mw : (S,) array
        Power a site may draw (``inf`` for no limit) [MW].
    euv_supply, high_na_supply : (T,) array
        Scanners available to the plan per year [tools/year].
    capital_usd : (F, T) array
        Capital each source makes available in each year; unspent capital carries over
        to later years of the same source [USD].
    discount_rate : float
        Real discount rate [1/year].
    base_year : int
        Year money is discounted to [year].
    pue : float
        Data-centre power usage effectiveness for the compute fleet's power [-].
    fleet_lifetime_years : int or (P,) array of int
        Years an accelerator stays in service, for the fleet's power: one for every
        product, or each product's own (its class's service life) [year].
    site_owner : tuple of str, length S, optional
        Who owns each site; builds there are paid only from that owner's sources.
        Default all :data:`INVESTOR`.
    source_owner : tuple of str, length F, optional
        Whose money each capital source is. Default all :data:`INVESTOR`.
    existing_parts : dict of str to (K, T) array, optional
        The existing capacity split by where it comes from (``"incumbent existing"``,
        ``"incumbent announced"``; :func:`tigris.world.incumbents.existing_split`);
        the parts sum to :attr:`existing` [wspm]. ``None``: one part, all existing.
    min_build : (S, K, T) array, optional
        Modules that must be started at a site, facility type and year: the baseline's
        incumbent builds kept as a floor when incumbents respond (they do not cancel
        because an investor arrives; :mod:`tigris.plan.counterfactual`) [modules].
    objective : str, optional
        ``"serve"`` (default: minimise the discounted cost of serving demand plus the
        penalty on unmet demand) or ``"npv"`` (maximise the investor's NPV; unmet
        demand not priced); :data:`OBJECTIVES`, ``docs/finance.md``.
    min_served_share : float, optional
        Share of the horizon's total demand that must be served, in either objective:
        ``Σ_t served[t] ≥ min_served_share · Σ_t demand[t]``; 0 for none [-].
    terminal_value : str, optional
        What the investor's modules are worth at the horizon's end: ``book`` (book
        value, the default) or ``going_concern`` (the last year's after-tax operating
        profit as a no-growth perpetuity); :func:`tigris.finance.cashflow.terminal_values`.
    price_usd_per_wafer : (K, T) array, optional
        Market price of one finished wafer of each facility type in each year (logic
        wafer by node, CoWoS interposer wafer, DRAM wafer on an HBM line valued at its
        HBM), real money of the currency year; ``None``: 0 [USD/wafer].
        Read it filled through :meth:`prices`.
    variable_cost_usd_per_wafer : (K, T) array, optional
        Variable cash cost of one finished wafer (materials, energy, water), paid on
        every wafer used, existing capacity or new; ``None``: 0 [USD/wafer]
        (:meth:`variable_costs`).
    tax_rate : (S,) array, optional
        Corporate tax rate on each site's profit, in [0, 1); ``None``: 0 [-]
        (:meth:`tax`).
    equipment_share : (S, K) array, optional
        Share of a module's capex that is equipment (depreciated over
        :attr:`equipment_life_years`; the rest is building), in [0, 1]; ``None``: 1
        [-] (:meth:`equipment`).
    equipment_life_years, building_life_years : float, optional
        Straight-line depreciation lives of equipment and buildings; ``None``: that
        class is not depreciated (its book value stays what was spent) [year].
    fleet_mw_per_unit : (P,) array, optional
        Facility power one accelerator in service needs: ``system_power_w ·
        it_overhead · pue / 1e6``; ``None``: ``system_power_w · pue / 1e6`` (no
        overhead) [MW per accelerator] (:meth:`fleet_mw`). Used only when a facility
        of kind ``datacenter`` exists.
    legacy_fleet_mw : (T,) array, optional
        Facility power of the accelerators delivered before the first year still in
        service; it occupies existing datacenter capacity first; ``None``: 0 [MW].
    site_region : tuple of str, length S, optional
        Region of each site, for the grid headroom rows; ``None``: no region.
    regions : tuple of str
        Regions with a grid headroom limit (rows of :attr:`grid_headroom_mw`).
    grid_headroom_mw : (R, T) array, optional
        Datacenter MW the plan may bring online at a region's sites in each year
        beyond the existing and announced capacity (``inf`` for no limit) [MW].
    grid_limited : (S, K) bool array, optional
        Whether a module of a facility type at a site draws on its region's grid
        headroom (grid-connected datacenter modules; on-site generation does not);
        ``None``: every ``datacenter``-kind facility named ``datacenter``.
    fleet_h100e_legacy : (T,) array, optional
        Compute of the legacy fleet still in service, for ``demand_basis:
        installed``; ``None``: 0 [H100e].
    demand_basis : str, optional
        ``"delivered"`` (default: demand is compute delivered per year) or
        ``"installed"`` (compute in service, a stock); :data:`DEMAND_BASES`.
    power_regions : tigris.plan.power.PowerRegions, optional
        Capacity by region and its PUE, modules' PUE, demand placed by region and
        on-site generation's intensity and price; ``None``: one pool at :attr:`pue`.
    max_build : (S, K, T) array, optional
        Most modules that may be started at a site, facility type and year; NaN or
        ``inf`` for no bound; ``None``: none. With :attr:`min_build` equal to it a
        slot is fixed (:func:`tigris.plan.fixed.fix_builds`) [modules].
    site_availability : (S, T) array, optional
        Share of each site's wafer output (logic, CoWoS, HBM modules; not datacenter
        MW) available in each year, in [0, 1], e.g. ``1 − months/12`` in a year a
        region is out for some months (:mod:`tigris.risk.disruptions`); ``None``: 1 [-].
    """

    years: np.ndarray
    sites: tuple[str, ...]
    facilities: tuple[str, ...]
    facility_kind: tuple[str, ...]
    facility_node: tuple[str, ...]
    products: tuple[str, ...]
    classes: tuple[str, ...]
    sources: tuple[str, ...]
    h100e: np.ndarray
    use: np.ndarray
    available: np.ndarray
    min_share: np.ndarray
    max_share: np.ndarray
    system_power_w: np.ndarray
    existing: np.ndarray
    demand: np.ndarray
    priority: np.ndarray
    penalty_usd_per_h100e: float | np.ndarray
    allowed: np.ndarray
    module_capacity: np.ndarray
    capex_usd: np.ndarray
    subsidy_usd: np.ndarray
    spend: np.ndarray
    output: np.ndarray
    opex_usd_per_year: np.ndarray
    euv_tools: np.ndarray
    high_na_tools: np.ndarray
    power_mw: np.ndarray
    max_modules: np.ndarray
    power_limit_mw: np.ndarray
    euv_supply: np.ndarray
    high_na_supply: np.ndarray
    capital_usd: np.ndarray
    discount_rate: float
    base_year: int
    pue: float = 1.0
    fleet_lifetime_years: int | np.ndarray = 5
    min_modules: np.ndarray | None = None
    module_yield: np.ndarray | None = None
    existing_yield: np.ndarray | None = None
    notes: tuple[str, ...] = field(default=())
    site_owner: tuple[str, ...] | None = None
    source_owner: tuple[str, ...] | None = None
    existing_parts: dict[str, np.ndarray] | None = None
    min_build: np.ndarray | None = None
    objective: str = "serve"
    min_served_share: float = 0.0
    terminal_value: str = "book"
    price_usd_per_wafer: np.ndarray | None = None
    variable_cost_usd_per_wafer: np.ndarray | None = None
    tax_rate: np.ndarray | None = None
    equipment_share: np.ndarray | None = None
    equipment_life_years: float | None = None
    building_life_years: float | None = None
    fleet_mw_per_unit: np.ndarray | None = None
    legacy_fleet_mw: np.ndarray | None = None
    site_region: tuple[str, ...] | None = None
    regions: tuple[str, ...] = ()
    grid_headroom_mw: np.ndarray | None = None
    grid_limited: np.ndarray | None = None
    fleet_h100e_legacy: np.ndarray | None = None
    demand_basis: str = "delivered"
    power_regions: PowerRegions | None = None
    max_build: np.ndarray | None = None
    site_availability: np.ndarray | None = None

    def __post_init__(self) -> None:
        use = np.asarray(self.use, dtype=float)
        if use.ndim == 2:  # the same bill every year
            use = np.repeat(use[:, :, None], len(np.atleast_1d(self.years)), axis=2)
        object.__setattr__(self, "use", use)
        if self.min_modules is None:
            object.__setattr__(self, "min_modules", np.zeros(len(self.sites)))
        for name, index in (("site_owner", self.sites), ("source_owner", self.sources)):
            owners = getattr(self, name)
            if owners is None:
                owners = (INVESTOR,) * len(index)
            object.__setattr__(self, name, tuple(str(o) for o in owners))
        if self.existing_parts is not None:
            parts = {str(k): np.asarray(v, dtype=float) for k, v in self.existing_parts.items()}
            object.__setattr__(self, "existing_parts", parts)
        pen = self.penalty_usd_per_h100e
        if np.ndim(pen) == 0:
            object.__setattr__(self, "penalty_usd_per_h100e", float(pen))
        else:
            object.__setattr__(self, "penalty_usd_per_h100e", np.asarray(pen, dtype=float))
        for name in (*_MONEY_ARRAYS, *_POWER_ARRAYS, "max_build", "site_availability"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, np.asarray(value, dtype=float))
        if self.grid_limited is not None:
            object.__setattr__(self, "grid_limited", np.asarray(self.grid_limited, dtype=bool))
        if self.site_region is not None:
            object.__setattr__(self, "site_region", tuple(str(r) for r in self.site_region))
        object.__setattr__(self, "regions", tuple(str(r) for r in self.regions))
        self.check()

    def prices(self) -> np.ndarray:
        """(K, T) market price of one finished wafer, 0 where not given [USD/wafer].

        Returns
        -------
        numpy.ndarray
            (K, T) price by facility and year [USD/wafer].
        """
        return self._filled("price_usd_per_wafer", (self._n_k, self._n_t), 0.0)

    def variable_costs(self) -> np.ndarray:
        """(K, T) variable cost of one finished wafer, 0 where not given [USD/wafer].

        Returns
        -------
        numpy.ndarray
            (K, T) variable cost by facility and year [USD/wafer].
        """
        return self._filled("variable_cost_usd_per_wafer", (self._n_k, self._n_t), 0.0)

    def tax(self) -> np.ndarray:
        """(S,) corporate tax rate of each site, 0 where not given [-].

        Returns
        -------
        numpy.ndarray
            (S,) tax rate by site, a fraction 0-1.
        """
        return self._filled("tax_rate", (len(self.sites),), 0.0)

    def equipment(self) -> np.ndarray:
        """(S, K) equipment share of a module's capex, 1 where not given [-].

        Returns
        -------
        numpy.ndarray
            (S, K) equipment share by site and facility, a fraction 0-1.
        """
        return self._filled("equipment_share", (len(self.sites), self._n_k), 1.0)

    def penalty(self) -> np.ndarray:
        """(T,) penalty of one unmet H100e at priority 1 in each year, in money of that
        year (undiscounted); a single number is the same every year [USD/H100e].

        Returns
        -------
        numpy.ndarray
            (T,) penalty by year [USD/H100e].
        """
        pen = np.asarray(self.penalty_usd_per_h100e, dtype=float)
        return np.broadcast_to(pen, (self._n_t,)).astype(float)

    @property
    def _n_t(self) -> int:
        return len(np.atleast_1d(self.years))

    @property
    def _n_k(self) -> int:
        return len(self.facilities)

    def _filled(self, name: str, shape: tuple[int, ...], fill: float) -> np.ndarray:
        value = getattr(self, name)
        if value is None:
            return np.full(shape, fill)
        return np.array(value, dtype=float)

    def _check_money(self) -> list[str]:
        """Problems with the objective, money and tax fields (``plan inputs: …``)."""
        n = self.shape
        t, s, k = n["year"], n["site"], n["facility"]
        problems = []
        if self.objective not in OBJECTIVES:
            problems.append(
                f"plan inputs: objective is {self.objective!r}, expected one of {OBJECTIVES}"
            )
        share = self.min_served_share
        number = isinstance(share, (int, float, np.number)) and not isinstance(share, bool)
        if not (number and np.isfinite(share) and 0.0 <= float(share) <= 1.0):
            problems.append(f"plan inputs: min_served_share is {share!r}, expected in [0, 1]")
        pen = np.asarray(self.penalty_usd_per_h100e, dtype=float)
        if pen.ndim > 0 and pen.shape != (t,):
            problems.append(
                f"plan inputs: penalty_usd_per_h100e has shape {pen.shape}, "
                f"expected a number or {(t,)}"
            )
        elif np.any(~np.isfinite(pen)) or np.any(pen < 0):
            problems.append("plan inputs: penalty_usd_per_h100e must be finite and >= 0")
        # (field, shape, lowest, highest, highest included)
        ranges = (
            ("price_usd_per_wafer", (k, t), 0.0, np.inf, False),
            ("variable_cost_usd_per_wafer", (k, t), 0.0, np.inf, False),
            ("tax_rate", (s,), 0.0, 1.0, False),
            ("equipment_share", (s, k), 0.0, 1.0, True),
        )
        for name, shape, low, high, closed in ranges:
            value = getattr(self, name)
            if value is None:
                continue
            arr = np.asarray(value, dtype=float)
            if arr.shape != shape:
                problems.append(f"plan inputs: {name} has shape {arr.shape}, expected {shape}")
                continue
            above = arr > high if closed else arr >= high
            if np.any(~np.isfinite(arr)) or np.any(arr < low) or np.any(above):
                where = f"in [{low:g}, {high:g}{']' if closed else ')'}"
                if np.isinf(high):
                    where = f">= {low:g} and finite"
                problems.append(f"plan inputs: {name} must be {where}")
        for name in ("equipment_life_years", "building_life_years"):
            life = getattr(self, name)
            if life is None:
                continue
            number = isinstance(life, (int, float, np.number)) and not isinstance(life, bool)
            if not (number and np.isfinite(life) and float(life) > 0):
                problems.append(f"plan inputs: {name} is {life!r}, expected a number > 0")
        return problems

    def _check_power(self) -> list[str]:
        """Problems with the fleet, datacenter and grid fields (``plan inputs: …``)."""
        n = self.shape
        t, s, k, p = n["year"], n["site"], n["facility"], n["product"]
        problems = []
        try:  # an integer >= 1, or one per product
            fleet_in_service(np.zeros((p, 1)), self.fleet_lifetime_years)
        except InputError as err:
            problems.append(f"plan inputs: {err}")
        if self.demand_basis not in DEMAND_BASES:
            problems.append(
                f"plan inputs: demand_basis is {self.demand_basis!r}, expected one of "
                f"{DEMAND_BASES}"
            )
        r = len(self.regions)
        shapes = (
            ("fleet_mw_per_unit", (p,)),
            ("legacy_fleet_mw", (t,)),
            ("fleet_h100e_legacy", (t,)),
            ("grid_headroom_mw", (r, t)),
        )
        for name, shape in shapes:
            value = getattr(self, name)
            if value is None:
                continue
            arr = np.asarray(value, dtype=float)
            if arr.shape != shape:
                problems.append(f"plan inputs: {name} has shape {arr.shape}, expected {shape}")
            elif np.any(np.isnan(arr)) or np.any(arr < 0):
                problems.append(f"plan inputs: {name} must be >= 0 (not NaN)")
            elif name != "grid_headroom_mw" and np.any(~np.isfinite(arr)):
                problems.append(f"plan inputs: {name} must be finite")
        if r and self.grid_headroom_mw is None:
            problems.append("plan inputs: regions are given without grid_headroom_mw")
        if r and self.site_region is None:
            problems.append("plan inputs: regions are given without site_region")
        if len(set(self.regions)) != r:
            problems.append("plan inputs: regions has a duplicate")
        if self.site_region is not None and len(self.site_region) != s:
            problems.append(
                f"plan inputs: site_region has {len(self.site_region)} entries, expected {s}"
            )
        if self.grid_limited is not None and np.shape(self.grid_limited) != (s, k):
            problems.append(
                f"plan inputs: grid_limited has shape {np.shape(self.grid_limited)}, "
                f"expected {(s, k)}"
            )
        if problems or self.datacenter_row is None:
            return problems
        # the fleet already installed must fit in the existing datacenter capacity
        legacy = self.legacy_mw()
        have = np.asarray(self.existing, dtype=float)[self.datacenter_rows].sum(axis=0)
        over = np.nonzero(legacy > have * (1 + _PARTS_TOL) + _PARTS_TOL)[0]
        if len(over):
            i = int(over[0])
            year = int(np.asarray(self.years)[i])
            problems.append(
                f"plan inputs: legacy_fleet_mw is {legacy[i]:.6g} MW in {year}, above the "
                f"existing datacenter capacity ({have[i]:.6g} MW): the fleet already "
                "installed must fit in existing capacity (the accelerators shipped before "
                "the horizon and still in service; check the capacity, data/"
                "datacenter_capacity.csv or datacenters.existing_mw, and what turns MW "
                "into accelerators: a region's data.grid.REGION.pue, data.energy_parameters"
                ".it_overhead, an accelerator's system_power_w)"
            )
        return problems

    @property
    def owners(self) -> tuple[str, ...]:
        """Owners of sites or capital, :data:`INVESTOR` first if present, then sorted."""
        names = set(self.site_owner or ()) | set(self.source_owner or ())
        return tuple(sorted(names, key=lambda o: (o != INVESTOR, o)))

    @property
    def module_output(self) -> np.ndarray:
        """(S, K) finished wafers one module makes per month at full output:
        ``module_capacity · module_yield`` [wafers per month]."""
        cap = np.asarray(self.module_capacity, dtype=float)
        return cap if self.module_yield is None else cap * self.module_yield

    @property
    def existing_output(self) -> np.ndarray:
        """(K, T) finished wafers per month from existing capacity:
        ``existing · existing_yield`` [wafers per month]."""
        cap = np.asarray(self.existing, dtype=float)
        return cap if self.existing_yield is None else cap * self.existing_yield[:, None]

    def used(self, prod: np.ndarray, legacy: bool = True) -> np.ndarray:
        """(K, T) capacity used by a production plan [wafers per year; MW-months per
        year on datacenter rows].

        ``Σ_p use[p, k, t] · prod[p, t]``, and on the first facility of kind
        ``datacenter`` (the pool's row; 0 on the others) also ``12 · fleet[t]`` with
        ``fleet[t] = Σ_{l<L} Σ_p fleet_mw[p] · prod[p, t − l] + legacy_fleet_mw[t]``
        (:meth:`fleet_power_mw`).

        Parameters
        ----------
        prod : (P, T) array
            Accelerators made per year [accelerators/year].
        legacy : bool, optional
            Count the legacy fleet (``False``: what the plan's decisions use, e.g. for
            the objective's variable cost, which leaves out the legacy constant).

        Returns
        -------
        numpy.ndarray
            (K, T) capacity used by facility and year [wafers per year; MW-months per
            year on the pool's datacenter row].

        References
        ----------
        Contract of issue 12, "The constraint" (MW-months per year keep the capacity
        rows' "used ≤ 12 · capacity").
        """
        used = capacity_used(self.use, prod)
        k = self.datacenter_row
        if k is not None:
            used[k] += MONTHS_PER_YEAR * self.fleet_power_mw(prod, legacy=legacy)
        return used

    @property
    def datacenter_rows(self) -> np.ndarray:
        """Indices of the facility types of kind ``datacenter`` (one capacity pool)."""
        return np.nonzero(np.asarray(self.facility_kind) == DATACENTER)[0]

    @property
    def datacenter_row(self) -> int | None:
        """Index of the first ``datacenter`` facility (the pool's row), else ``None``."""
        rows = self.datacenter_rows
        return int(rows[0]) if len(rows) else None

    def fleet_mw(self) -> np.ndarray:
        """(P,) facility power per accelerator in service [MW per accelerator].

        :attr:`fleet_mw_per_unit` if given, else ``system_power_w · pue / 1e6``.

        Returns
        -------
        numpy.ndarray
            (P,) facility power per accelerator by product [MW].
        """
        if self.fleet_mw_per_unit is not None:
            return np.asarray(self.fleet_mw_per_unit, dtype=float)
        return np.asarray(self.system_power_w, dtype=float) * float(self.pue) / W_PER_MW

    def legacy_mw(self) -> np.ndarray:
        """(T,) facility power of the legacy fleet, 0 where not given [MW].

        Returns
        -------
        numpy.ndarray
            (T,) legacy fleet's facility power by year [MW].
        """
        return self._filled("legacy_fleet_mw", (self._n_t,), 0.0)

    def legacy_h100e(self) -> np.ndarray:
        """(T,) compute of the legacy fleet in service, 0 where not given [H100e].

        Returns
        -------
        numpy.ndarray
            (T,) legacy fleet's compute by year [H100e].
        """
        return self._filled("fleet_h100e_legacy", (self._n_t,), 0.0)

    def legacy_served(self) -> np.ndarray:
        """(T,) demand the legacy fleet serves: ``min(fleet_h100e_legacy, Σ_c demand)``
        with ``demand_basis: installed``, else 0 [H100e].

        With demand a stock (compute in service), the accelerators delivered before the
        horizon and still in service count against it first.

        Returns
        -------
        numpy.ndarray
            (T,) demand served by the legacy fleet by year [H100e].
        """
        if self.demand_basis != "installed":
            return np.zeros(self._n_t)
        return np.minimum(self.legacy_h100e(), np.asarray(self.demand, float).sum(axis=0))

    def fleet_power_mw(self, prod: np.ndarray, legacy: bool = True) -> np.ndarray:
        """(T,) facility power of the installed fleet [MW].

        ``Σ_p Σ_{l<L_p} fleet_mw[p] · prod[p, t − l]`` (+ :meth:`legacy_mw` with
        ``legacy``), ``L_p`` product p's :meth:`lifetimes`.

        Parameters
        ----------
        prod : (P, T) array
            Accelerators made (delivered) per year [accelerators/year].
        legacy : bool, optional
            Add the pre-horizon fleet.

        Returns
        -------
        numpy.ndarray
            (T,) fleet's facility power by year [MW].

        References
        ----------
        Contract of issue 12, "The installed fleet" and "The constraint".
        """
        mw = self.fleet_mw()[:, None] * np.asarray(prod, dtype=float)  # (P, T) MW delivered
        fleet = fleet_in_service(mw, self.lifetimes()).sum(axis=0)
        return fleet + self.legacy_mw() if legacy else fleet

    def lifetimes(self) -> np.ndarray:
        """(P,) years each product stays in service [year]: ``fleet_lifetime_years``
        broadcast to every product when one integer is given.

        Returns
        -------
        numpy.ndarray
            (P,) int service life by product [years].
        """
        life = np.asarray(self.fleet_lifetime_years, dtype=int)
        return np.broadcast_to(life, (len(self.products),))

    def grid_limits(self) -> np.ndarray:
        """(S, K) bool: a module draws on its site's region's grid headroom.

        :attr:`grid_limited` if given, else True for the facility named ``datacenter``
        (grid-connected) at every site.

        Returns
        -------
        numpy.ndarray
            (S, K) bool by site and facility.
        """
        if self.grid_limited is not None:
            return np.asarray(self.grid_limited, dtype=bool)
        grid = np.array([f == DATACENTER for f in self.facilities], dtype=bool)
        return np.broadcast_to(grid[None, :], (len(self.sites), self._n_k)).copy()

    @property
    def shape(self) -> dict[str, int]:
        """Sizes of the index sets."""
        return {
            "year": len(self.years),
            "site": len(self.sites),
            "facility": len(self.facilities),
            "product": len(self.products),
            "demand_class": len(self.classes),
            "source": len(self.sources),
            "lag": self.spend.shape[-1],
        }

    def replace(self, **changes: object) -> PlanInputs:
        """A copy with some attributes replaced (inputs are immutable).

        What derives from a replaced attribute follows it unless given too: new
        ``sites`` (``sources``) with owners all :data:`INVESTOR` get the default owners
        again; new ``existing`` capacity drops ``existing_parts`` (one part, all
        existing); new ``sites`` or ``years`` drop ``min_build``, ``max_build`` and
        ``site_availability``. Money arrays by site
        or year (``tax_rate``, ``equipment_share``, prices, variable costs, a penalty by
        year) are never guessed: give them with new sites or years (:meth:`check` names
        the one that no longer fits).

        Parameters
        ----------
        **changes : object
            New values of attributes, by name.

        Returns
        -------
        PlanInputs
            A new inputs object; ``self`` is unchanged.
        """
        for index, owners in (("sites", "site_owner"), ("sources", "source_owner")):
            current = getattr(self, owners) or ()
            if index in changes and owners not in changes and set(current) <= {INVESTOR}:
                changes[owners] = None
        if "existing" in changes and "existing_parts" not in changes:
            changes["existing_parts"] = None
        for name in ("min_build", "max_build", "site_availability"):
            if ("sites" in changes or "years" in changes) and name not in changes:
                changes[name] = None
        return dataclasses.replace(self, **changes)

    def check(self) -> None:
        """Raise :class:`InputError` if array shapes or values are inconsistent."""
        n = self.shape
        t, s, k, p, c, f, lag = (n[x] for x in n)
        want = {
            "h100e": (p,),
            "use": (p, k, t),
            "available": (p, t),
            "min_share": (p, t),
            "max_share": (p, t),
            "system_power_w": (p,),
            "existing": (k, t),
            "demand": (c, t),
            "priority": (c,),
            "allowed": (s, k),
            "module_capacity": (s, k),
            "capex_usd": (s, k),
            "subsidy_usd": (s, k),
            "spend": (s, k, lag),
            "output": (s, k, lag),
            "opex_usd_per_year": (s, k),
            "euv_tools": (s, k),
            "high_na_tools": (s, k),
            "power_mw": (s, k),
            "max_modules": (s,),
            "min_modules": (s,),
            "power_limit_mw": (s,),
            "euv_supply": (t,),
            "high_na_supply": (t,),
            "capital_usd": (f, t),
        }
        problems = []
        for name, shape in want.items():
            got = np.shape(getattr(self, name))
            if got != shape:
                problems.append(f"plan inputs: {name} has shape {got}, expected {shape}")
        if len(self.facility_kind) != k or len(self.facility_node) != k:
            problems.append(
                "plan inputs: facility_kind/facility_node must have one entry per facility"
            )
        if any(kind not in FACILITY_KINDS for kind in self.facility_kind):
            problems.append(f"plan inputs: facility_kind must be one of {FACILITY_KINDS}")
        years = np.asarray(self.years)
        if t == 0 or np.any(np.diff(years) != 1):
            problems.append("plan inputs: years must be consecutive and non-empty")
        for name, n_want in (("site_owner", s), ("source_owner", f)):
            owners = getattr(self, name)
            if len(owners) != n_want:
                problems.append(f"plan inputs: {name} has {len(owners)} entries, expected {n_want}")
            elif any(not o.strip() for o in owners):
                problems.append(f"plan inputs: {name} has a blank owner")
        for part, value in (self.existing_parts or {}).items():
            if np.shape(value) != (k, t):
                problems.append(
                    f"plan inputs: existing_parts['{part}'] has shape {np.shape(value)}, "
                    f"expected {(k, t)}"
                )
        floor = self.min_build
        if floor is not None:
            if np.shape(floor) != (s, k, t):
                problems.append(
                    f"plan inputs: min_build has shape {np.shape(floor)}, expected {(s, k, t)}"
                )
            elif np.any(~np.isfinite(floor)) or np.any(floor < 0):
                problems.append("plan inputs: min_build must be finite and >= 0")
            elif np.any((np.asarray(floor) > 0) & ~np.asarray(self.allowed, bool)[..., None]):
                problems.append("plan inputs: min_build is > 0 where the site may not build")
        from tigris.plan.fixed import bound_problems  # it imports this module

        problems += bound_problems(self)
        for name, shape in (("module_yield", (s, k)), ("existing_yield", (k,))):
            value = getattr(self, name)
            if value is None:
                continue
            if np.shape(value) != shape:
                problems.append(
                    f"plan inputs: {name} has shape {np.shape(value)}, expected {shape}"
                )
            elif np.any(~(np.asarray(value, dtype=float) > 0)) or np.any(
                np.asarray(value, dtype=float) > 1
            ):
                problems.append(f"plan inputs: {name} must be in (0, 1]")
        problems += self._check_money()
        problems += self._check_power()
        if problems:
            raise InputError("; ".join(problems))
        for name in (
            "demand",
            "existing",
            "capital_usd",
            "capex_usd",
            "use",
            "h100e",
        ):
            arr = np.asarray(getattr(self, name), dtype=float)
            if np.any(~np.isfinite(arr)) or np.any(arr < 0):
                msg = f"plan inputs: {name} must be finite and >= 0"
                raise InputError(msg)
        parts = self.existing_parts
        if parts:
            stack = np.stack([np.asarray(v, dtype=float) for v in parts.values()])
            total = np.asarray(self.existing, dtype=float)
            if np.any(~np.isfinite(stack)) or np.any(stack < -_PARTS_TOL * (1 + total)):
                msg = "plan inputs: existing_parts must be finite and >= 0"
                raise InputError(msg)
            if not np.allclose(stack.sum(axis=0), total, rtol=_PARTS_TOL, atol=_PARTS_TOL):
                msg = "plan inputs: existing_parts must sum to existing in every year"
                raise InputError(msg)
