"""Scenario schema: the pydantic models of a scenario file and the bounds they enforce.

Every model is ``extra="forbid"``, ``frozen=True`` and *strict*: a number must be a
YAML/JSON number (``1e6``, ``1.5e0``, ``-0.5`` are numbers under the YAML 1.2 core
schema that :mod:`tigris.yamlio` reads), a number in quotes (``"13"``, ``"-1e6"``) is
text and refused with a hint to drop the quotes, a boolean is never a number, and an
integer field (years, module counts, months, lifetimes, accelerator counts) refuses a
fraction (``13.5`` or ``13.0`` modules). The one exception is a *year key* of a year
map, which may be written ``2025`` or ``"2025"`` (JSON has only text keys, and
``tigris scenario show --json`` writes them so); ``33:45`` or ``2025.5`` is not a year.

Years and durations are bounded (:data:`YEAR_MIN`, :data:`YEAR_MAX`,
:data:`MAX_HORIZON_YEARS`, :data:`MAX_MONTHS`, :data:`MAX_MODULES`): they size arrays
and loops downstream, so a huge value must be an input error, not a MemoryError.
Quantities and money are bounded too (:data:`MAX_QUANTITY`, :data:`MAX_USD`), far
above the world's, so that the optimisation model stays finite.
Cross-field rules (years inside the horizon, shares, names) are in
:mod:`tigris.scenario.checks`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

import numpy as np
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from tigris.catalog import PRECISIONS
from tigris.cli._args import MAX_QUANTITY, MAX_USD
from tigris.errors import InputError
from tigris.risk.disruptions import Disruption
from tigris.risk.distributions import Correlation, Distribution
from tigris.scenario.checks_energy import check_demand_regions
from tigris.units import MONTHS_PER_YEAR
from tigris.workload.queueing import PREFILL_QUEUES
from tigris.workload.roofline import DECODE_ATTENTION_KERNELS, KV_SHARDINGS
from tigris.yamlio import MAX_NAME_CHARS, STRICT_MODEL, decimal_int

__all__ = [
    "BASELINE_VARIANTS",
    "DATACENTER_BASELINES",
    "DATACENTER_POWER",
    "DEMAND_BASES",
    "DISCOUNT_RATE_BASES",
    "LIFETIME_TABLE",
    "MAX_HORIZON_YEARS",
    "MAX_MODULES",
    "MAX_MONTHS",
    "MAX_NAME_CHARS",
    "MAX_PRIORITY",
    "MAX_QUANTITY",
    "MAX_USD",
    "OBJECTIVES",
    "PENALTY_RENTAL",
    "PRICE_SERIES",
    "ROADMAP",
    "SITE_OVERRIDES",
    "TERMINAL_VALUES",
    "YEAR_MAX",
    "YEAR_MIN",
    "CapitalSource",
    "Datacenters",
    "DemandClass",
    "Facility",
    "Finance",
    "FleetLifetime",
    "FleetLifetimes",
    "Horizon",
    "Incumbents",
    "InferWorkload",
    "Penalty",
    "Prices",
    "Product",
    "Scenario",
    "Site",
    "Solver",
    "Supply",
    "Tools",
    "TrainWorkload",
    "Workload",
]

#: Earliest planning year (and earliest year a product or capital source may name).
YEAR_MIN = 2000
#: Latest planning year: plans of this century only.
YEAR_MAX = 2100
#: Longest horizon [year]; yearly arrays and the MILP grow with it.
MAX_HORIZON_YEARS = 100
#: Longest construction or ramp [month]: a duration past the longest horizon cannot
#: change a plan, and a huge one would size month arrays (``construction_months: 1e9``
#: ran out of memory).
MAX_MONTHS = MONTHS_PER_YEAR * MAX_HORIZON_YEARS
#: Most modules of one site (a validation bound, not data: 1,000 20k-wspm logic modules
#: would be 20M wafer starts a month, well above the world's total capacity).
MAX_MODULES = 1_000
#: Earliest currency year for money [year].
CURRENCY_YEAR_MIN = 1990
#: Largest quantity in a year map or a capacity (H100e a year, wspm, stacks a month,
#: scanners, MW), and :data:`MAX_USD`: defined once in :mod:`tigris.cli._args` (which
#: the CLI's flags read without importing pydantic) and shared here and by the overlay.
#: Largest demand-class priority [-]: a weight on the unmet penalty, compared between
#: classes; 1,000 ranks any classes that matter, and a penalty of
#: :data:`MAX_USD` x 1,000 stays well below the 1e20 HiGHS reads as infinite.
MAX_PRIORITY = 1e3
#: Largest yearly growth factor of AI spending in a demand forecast [-]: x10 in one year,
#: well above the x2.5 of 2024 -> 2025 deliveries (data/accelerator_shipments.csv). A
#: validation bound, not data.
MAX_GROWTH_FACTOR = 10.0
#: Longest compute-per-dollar doubling time in a demand forecast [year]: 100 years, i.e.
#: no improvement within any horizon. A validation bound, not data.
MAX_DOUBLING_YEARS = 100.0
#: Largest multiplier of the data-centre electricity prices [-]: x100, far above any
#: wholesale price spike held for a year (data/grid.csv's prices are 70-150 USD/MWh). A
#: validation bound, not data.
MAX_PRICE_MULTIPLIER = 100.0


def _year_key(value: Any) -> Any:
    """A year-map key: ``2025``, or ``"2025"`` as JSON writes it (decimal digits only)."""
    number = decimal_int(value) if isinstance(value, str) and value.isdigit() else None
    return value if number is None else number


#: A year as a year-map key (range checked against the horizon in checks).
YearKey = Annotated[int, BeforeValidator(_year_key)]
#: A year a product or capital source names.
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
#: A quantity that cannot be negative (demand, capacity, scanners).
_NonNegative = Annotated[float, Field(ge=0, le=MAX_QUANTITY)]
#: A year map with at least one year (an empty one has no value to interpolate).
_Years = Annotated[dict[YearKey, _NonNegative], Field(min_length=1)]
#: Incumbent baseline variants a scenario may name (``supply.baseline``); the same
#: tuple as :data:`tigris.world.incumbents.VARIANTS` (the world layer sits above the
#: schema, so it is written here and a test keeps the two equal).
BASELINE_VARIANTS = ("announced", "conservative", "aggressive")
#: ``products: roadmap``: the products of :func:`tigris.world.roadmap.roadmap_products`;
#: also one entry of a list (``[roadmap, {name: neuro100}]``: the roadmap's and the
#: listed products, :func:`tigris.world.roadmap.with_roadmap`), or ``{roadmap:
#: {min_share_scale: s}}`` with the roadmap's ``min_share`` floors scaled by s in [0, 1].
ROADMAP = "roadmap"

#: ``unmet_penalty_usd_per_h100e: rental``: the rental value of an H100e delivered in
#: each year (:func:`tigris.finance.prices.h100e_value_usd`), instead of a number.
PENALTY_RENTAL = "rental"
#: What a plan may maximise or minimise (docs/finance.md, "Objectives"): ``serve``, the
#: least cost of serving demand with unmet demand priced; ``npv``, the investor's NPV.
#: The planner's own list is :data:`tigris.plan.inputs.OBJECTIVES` (not imported here:
#: the plan package imports this module); a test holds the two equal.
OBJECTIVES = ("serve", "npv")
#: Price series a scenario may override (``prices:``), those the plan uses: logic wafer
#: by node family, the CoWoS pool's interposer wafer, HBM per GB by generation, H100
#: rental per hour (data/prices.csv; docs/scenario-files.md, "Money").
PRICE_SERIES = ("wafer", "cowos", "hbm", "rental")

#: How a ``kind: datacenter`` facility is powered: from the grid (facility id
#: ``datacenter``, limited by the region's grid headroom and waiting its connection
#: lead time) or on-site generation (``datacenter-gas``, ``datacenter-solar``);
#: docs/energy.md, "Scenario".
DATACENTER_POWER = ("grid", "gas", "solar")
#: ``datacenters.baseline``: the existing and announced data-centre capacity of
#: ``data/datacenter_capacity.csv`` (``announced``) or none (``none``).
DATACENTER_BASELINES = ("announced", "none")
#: ``demand_basis``: demand is compute delivered per year (``delivered``) or compute in
#: service, a stock (``installed``); docs/energy.md, "Scenario".
DEMAND_BASES = ("delivered", "installed")
#: ``finance.terminal_value``: what the investor's modules are worth at the horizon's
#: end (docs/finance.md, "Terminal value"): ``book``, their book value (cost less
#: depreciation, OSeMOSYS' salvage value), or ``going_concern``, the last year's
#: after-tax operating profit as a no-growth perpetuity
#: (:func:`tigris.finance.cashflow.terminal_values`).
TERMINAL_VALUES = ("book", "going_concern")
#: ``finance.discount_rate_basis``: ``discount_rate`` is ``real`` (the rate of the
#: plan's constant-dollar flows) or ``nominal`` (a money-terms WACC, made real by
#: Fisher with ``data/fab_parameters.csv`` ``expected_inflation``).
DISCOUNT_RATE_BASES = ("real", "nominal")

#: A share of a whole [-].
_Fraction = Annotated[float, Field(ge=0, le=1)]
#: A profile by year after a module's start, at least one value, each a share [-].
_Profile = Annotated[list[_Fraction], Field(min_length=1)]
#: Months of a build phase [month].
_Months = Annotated[int, Field(gt=0, le=MAX_MONTHS)]


def _penalty_bounds(value: float | str) -> float | str:
    """A penalty given as a number lies in (0, :data:`MAX_USD`] [USD per H100e]."""
    if isinstance(value, str) or 0 < value <= MAX_USD:
        return value
    op = "> 0" if value <= 0 else f"<= {MAX_USD:g}"
    msg = f"must be {op}, got {value:g}"
    raise ValueError(msg)


#: The unmet-demand penalty: a number [USD per H100e] or ``rental`` (a year series);
#: any other text is refused by the cross-field checks, with the choices named.
Penalty = Annotated[float | str, AfterValidator(_penalty_bounds)]
#: A price [USD per unit of its series].
_Price = Annotated[float, Field(gt=0, le=MAX_USD)]
#: Price overrides: series -> item -> {year: price}; names and years are checked in
#: :func:`tigris.scenario.checks.check_prices` (years need not lie in the horizon: a
#: rental value looks beyond it).
Prices = dict[str, dict[str, Annotated[dict[YearKey, _Price], Field(min_length=1)]]]


#: What a name of the scenario may be: text with no space at either end. A blank name
#: ("   ") and two names differing only in a trailing space ("training", "training ")
#: were accepted and printed alike (user test s57, input fuzzing #6).
NAME_PATTERN = r"^\S(?s:.*\S)?$"  # (?s:): a newline inside is the control checks' to refuse


class _Base(BaseModel):
    # strict: one spelling per number (see the module docstring and STRICT_MODEL)
    model_config = STRICT_MODEL

    def __setattr__(self, name: str, value: Any) -> None:
        """Refuse an assignment with an :class:`InputError` saying to use ``set``.

        The models are frozen; pydantic's own refusal was a raw ``ValidationError``
        ("Instance is frozen ... errors.pydantic.dev", user test s48 API #3). The
        :class:`InputError` is a ``ValueError``, as that was, so an ``except
        ValueError`` still catches it.
        """
        path = name if isinstance(self, Scenario) else _path_of(self, name)
        if path is not None:
            how = f"sc.set({path!r}, value)"
        else:  # a model that does not know where it sits (user test s50 API #5: '<path>')
            how = f"sc.set(path, value) with the dotted path of its {name!r}"
        msg = f"scenarios are immutable: use {how}, which returns a new, validated scenario"
        raise InputError(msg, field=name)

    def __delattr__(self, name: str) -> None:
        """Refuse a deletion as an assignment (:meth:`__setattr__`)."""
        self.__setattr__(name, None)


def _path_of(model: BaseModel, name: str) -> str | None:
    """The dotted path of ``model``'s field ``name`` in a scenario, when the model's
    type says where it sits: a block of the scenario's own (``horizon.first_year``) or
    a named item of one of its lists (``sites.taiwan.max_modules``, as ``sc.set``
    addresses it); None otherwise (a model deeper down, or in a list without names).

    >>> _path_of(Horizon(first_year=2026, last_year=2030), "last_year")
    'horizon.last_year'
    """
    from tigris.scenario.edit import _join

    item = getattr(model, "name", None)
    for field, info in Scenario.model_fields.items():
        kind = info.annotation
        if kind is type(model) or kind == (type(model) | None):
            return _join([field, name])
        if kind == list[type(model)] and isinstance(item, str):  # type: ignore[misc]
            return _join([field, item, name])
    return None


class Horizon(_Base):
    """Planning years, first and last included."""

    first_year: Year
    last_year: Year


def _cli_range(flag: str) -> AfterValidator:
    """The bounds of the CLI option ``flag``, from its one table.

    ``tigris infer`` checks its numeric options against
    :data:`tigris.cli._args.OPTION_RANGES`; an inference workload's field of the same
    input is checked against the same entry, with the CLI's message (``expected a
    number in (0, 1], got 1.5``). Imported when a value is checked, so that loading a
    scenario does not load the command line.
    """

    def check(value: float) -> float:
        from tigris.cli._args import check_options

        try:
            check_options({flag: value})
        except InputError as exc:
            raise ValueError(exc.problems[0].message) from None
        return value

    return AfterValidator(check)


def _cli_words(flag: str) -> BeforeValidator:
    """A number given for the whole-number input ``flag`` that the CLI refuses (a
    fraction, 1e60, inf) is refused in the CLI's words, before the strict ``int`` type
    says "expected an integer": ``expected a whole number in [1, 2^53], got 0.5``, as
    ``tigris train --count 0.5`` and ``tigris.train(count=0.5)`` say it (brief CLI-ODDS
    #3: three wordings of one mistake). A whole float the CLI takes (``2.0``) is left to
    the type: a scenario writes a count without a decimal point."""

    def check(value: Any) -> Any:
        if isinstance(value, float):
            from tigris.cli._args import check_options

            try:
                check_options({flag: value})
            except InputError as exc:
                raise ValueError(exc.problems[0].message) from None
        return value

    return BeforeValidator(check)


def _option(kind: type, flag: str) -> Any:
    """An optional input of type ``kind`` bounded as the CLI's ``flag``; a count
    (``int``) refused in the CLI's words when the CLI refuses it (:func:`_cli_words`)."""
    if kind is int:
        return Annotated[int | None, _cli_words(flag), _cli_range(flag)]
    return Annotated[kind | None, _cli_range(flag)]


class TrainWorkload(_Base):
    """A training run, with the inputs of :func:`tigris.workload.train`.

    Compute from ``model`` (the runs table), ``params`` x ``tokens`` (``active_params``
    for MoE) or ``flops``; two of ``count``, ``days`` and ``mfu`` (a published ``model``
    fills what is missing). Each number is bounded as the ``tigris train`` option of
    the same input (:data:`tigris.cli._args.OPTION_RANGES`), so a file's ``mfu: 40``
    is refused with its other field errors, not in a later run after them (user test
    s50 workload #7); names (model, accelerator) and the cross-field rules are checked
    by the workload layer.
    """

    model: str | None = None
    params: _option(float, "--params") = None
    active_params: _option(float, "--active-params") = None
    tokens: _option(float, "--tokens") = None
    flops: _option(float, "--flops") = None
    accelerator: str | None = None
    precision: str | None = None
    count: _option(int, "--count") = None
    days: _option(float, "--days") = None
    mfu: _option(float, "--mfu") = None
    goodput: _option(float, "--goodput") = None


class InferWorkload(_Base):
    """An inference service, with the sizing inputs of :func:`tigris.workload.infer`.

    The load (tokens per day) is given on the :class:`Workload` entry, by year. Every
    input that sizes the fleet is here, under :func:`~tigris.workload.infer`'s keyword
    names, bounded as the ``tigris infer`` option of the same input
    (:data:`tigris.cli._args.OPTION_RANGES`; ``n_layers`` is ``--layers``,
    ``n_kv_heads`` ``--kv-heads``, ``latency_ms_per_token`` ``--latency-ms``), choices
    from the workload layer (:data:`tigris.catalog.PRECISIONS`,
    :data:`tigris.workload.roofline.DECODE_ATTENTION_KERNELS`,
    :data:`~tigris.workload.roofline.KV_SHARDINGS`,
    :data:`tigris.workload.queueing.PREFILL_QUEUES`). Counts are whole
    numbers. Running costs (``pue``, ``usd_per_kwh``, prices, power) are not: the plan
    counts only the accelerators, and prices energy and hardware from the scenario.
    """

    model: str | None = None
    params: _option(float, "--params") = None
    active_params: _option(float, "--active-params") = None
    prompt_tokens: _option(float, "--prompt-tokens") = None
    output_tokens: _option(float, "--output-tokens") = None
    accelerator: str | None = None
    precision: Literal[PRECISIONS] | None = None  # type: ignore[valid-type]
    bytes_per_param: _option(float, "--bytes-per-param") = None
    latency_ms_per_token: _option(float, "--latency-ms") = None
    kv_bytes_per_token: _option(float, "--kv-bytes-per-token") = None
    n_layers: _option(int, "--layers") = None
    n_kv_heads: _option(int, "--kv-heads") = None
    head_dim: _option(int, "--head-dim") = None
    attn_dim: _option(int, "--attn-dim") = None
    moe_layers: _option(int, "--moe-layers") = None
    experts_per_token: _option(int, "--experts-per-token") = None
    d_model: _option(int, "--d-model") = None
    interconnect_gb_per_s: _option(float, "--interconnect-gb-per-s") = None
    all_to_all_efficiency: _option(float, "--all-to-all-efficiency") = None
    all_reduce_efficiency: _option(float, "--all-reduce-efficiency") = None
    all_reduce_latency_us: _option(float, "--all-reduce-latency-us") = None
    decode_attention: Literal[DECODE_ATTENTION_KERNELS] | None = None  # type: ignore[valid-type]
    kv_sharding: Literal[KV_SHARDINGS] | None = None  # type: ignore[valid-type]
    prefill_queue: Literal[PREFILL_QUEUES] | None = None  # type: ignore[valid-type]
    kv_precision: Literal[PRECISIONS] | None = None  # type: ignore[valid-type]
    micro_batches: _option(int, "--micro-batches") = None
    expert_params: _option(float, "--expert-params") = None
    routed_experts: _option(int, "--routed-experts") = None
    all_to_all_latency_us: _option(float, "--all-to-all-latency-us") = None
    prefill_batch_tokens: _option(int, "--prefill-batch-tokens") = None
    node_size: _option(int, "--node-size") = None
    scale_out_gb_per_s: _option(float, "--scale-out-gb-per-s") = None
    scale_out_efficiency: _option(float, "--scale-out-efficiency") = None
    prefill_mfu: _option(float, "--prefill-mfu") = None
    decode_mfu: _option(float, "--decode-mfu") = None
    mbu: _option(float, "--mbu") = None
    memory_fraction: _option(float, "--memory-fraction") = None
    tpot_ms: _option(float, "--tpot-ms") = None
    ttft_ms: _option(float, "--ttft-ms") = None
    prefix_cache_hit: _option(float, "--prefix-cache-hit") = None
    batch_size: _option(int, "--batch-size") = None
    replica_size: _option(int, "--replica-size") = None


class Workload(_Base):
    """Demand given as work: a training run repeated ``runs_by_year`` times a year, or
    an inference service serving ``tokens_per_day_by_year`` (or a fixed
    ``tokens_per_day``, growing at ``growth_per_year`` from the first planning year).

    A training run's ``occupancy`` says how much of its cluster the plan counts in
    service: ``time_share`` (the default) its share of the year, ``n d / 365.25``
    accelerators; ``whole_cluster`` the whole cluster all year in every year with a run
    (``n`` x the clusters back-to-back runs need), for a planner who must have all ``n``
    parts at once (docs/plan.md, "Demand from workloads").

    ``before_horizon`` says what ran before the first planning year: ``steady`` (the
    default) the first year's fleet, so the first year delivers only its replacements
    (fleet / life); ``none`` nothing, a workload that starts in the first planning year,
    whose whole fleet is delivered then (UT-ML #2: a new service was booked at a fifth
    of its fleet, and a year before the horizon cannot be written).
    """

    train: TrainWorkload | None = None
    infer: InferWorkload | None = None
    runs_by_year: _Years | None = None
    tokens_per_day_by_year: _Years | None = None
    tokens_per_day: float | None = Field(None, gt=0, le=MAX_QUANTITY)
    growth_per_year: float | None = Field(None, gt=-1)
    occupancy: Literal["time_share", "whole_cluster"] | None = None
    before_horizon: Literal["steady", "none"] | None = None
    source: str = ""


class DemandClass(_Base):
    """Demand for AI compute of one class, in H100e delivered per year.

    Give ``h100e_by_year``, ``accelerators_by_year`` (units of catalog accelerators,
    turned into H100e by the workload layer) or ``calibrated_share`` (a share of the
    demand calibrated on published shipments, :func:`tigris.world.demand.calibrated_demand`),
    ``workloads`` (training runs and inference services, see :class:`Workload`), or
    workloads and one of the three (their demand adds up). ``growth_per_year`` extends
    a map; each workload has its own.
    """

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=NAME_PATTERN)
    priority: float = Field(gt=0, le=MAX_PRIORITY)
    calibrated_share: float | None = Field(None, gt=0, le=1)
    h100e_by_year: _Years | None = None
    accelerators_by_year: (
        Annotated[
            dict[YearKey, Annotated[dict[str, _NonNegative], Field(min_length=1)]],
            Field(min_length=1),
        ]
        | None
    ) = None
    workloads: Annotated[list[Workload], Field(min_length=1)] | None = None
    growth_per_year: float | None = Field(None, gt=-1)
    source: str = ""


_V = TypeVar("_V")
#: A year map of a demand forecast: at least one year.
_ForecastYears = Annotated[dict[YearKey, _V], Field(min_length=1)]


class DemandForecast(_Base):
    """Overrides of the calibrated demand's forecast (``data/demand_growth.csv``).

    Demand after the last history year is ``D(H) · S(t)/S(H) · 2^((t − H)/tau)``
    (:mod:`tigris.world.demand`): each field left out keeps the table's central value.
    ``spend_usd`` (AI infrastructure spending anchors [USD/year]) and ``spend_growth``
    (a year's spending over the year before [-]) replace the years given;
    ``spend_growth_after`` the yearly growth after the last anchor [-];
    ``price_performance_doubling_years`` the compute-per-dollar doubling time tau
    [year]. A distribution may name any of them (``demand_forecast.spend_usd.2030``),
    so demand growth can be uncertain (docs/risk.md).
    """

    spend_usd: _ForecastYears[Annotated[float, Field(gt=0, le=MAX_USD)]] | None = None
    spend_growth: _ForecastYears[Annotated[float, Field(gt=0, le=MAX_GROWTH_FACTOR)]] | None = None
    spend_growth_after: float | None = Field(None, gt=0, le=MAX_GROWTH_FACTOR)
    price_performance_doubling_years: float | None = Field(None, gt=0, le=MAX_DOUBLING_YEARS)
    source: str = ""


class Product(_Base):
    """An accelerator product the plan may make."""

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=NAME_PATTERN)
    accelerator: str | None = None
    node: str | None = None
    first_year: Year | None = None
    last_year: Year | None = None
    min_share: float | _Years = 0.0
    max_share: float | _Years = 1.0
    h100e: float | None = Field(None, gt=0)
    logic_wafers_per_unit: float | None = Field(None, ge=0)
    interposer_wafers_per_unit: float | None = Field(None, ge=0)
    hbm_wafers_per_unit: float | None = Field(None, ge=0)
    system_power_w: float | None = Field(None, gt=0)
    source: str = ""


class Supply(_Base):
    """Existing capacity available to AI accelerators, by year [wspm].

    ``baseline`` takes the incumbents' capacity (history and announced expansions,
    :mod:`tigris.world.incumbents`) in one of :data:`BASELINE_VARIANTS`; a map given
    here replaces the baseline's for that facility type (a logic node family, CoWoS or
    HBM). Without a baseline, ``cowos_wspm`` and ``hbm_wspm`` are required. HBM is
    counted in DRAM wafer starts per month on HBM (TSV) lines.
    """

    baseline: Literal["announced", "conservative", "aggressive"] | None = None
    logic_wspm: dict[str, _Years] = {}
    cowos_wspm: _Years | None = None
    hbm_wspm: _Years | None = None
    source: str = ""


class Incumbents(_Base):
    """How incumbents behave: ``respond`` makes them owners too, with their own capital
    and sites (:mod:`tigris.world.incumbents`), so the plan may also expand them."""

    respond: bool = False
    source: str = ""


class Facility(_Base):
    """A facility type the plan may build, in modules.

    Logic modules take their cost, build time, ramp, tools and power from the fab layer
    unless overridden; CoWoS and HBM modules from ``data/facility_types.csv``, moved to
    each site by its cost multiplier and build and ramp months (:class:`Site`).
    ``opex_usd_per_year`` is a module's *fixed* cash opex [USD/year]: the plan charges
    materials, energy and water per finished wafer on top (docs/scenario-files.md,
    "Money").

    A ``datacenter`` facility (data-centre power and shell, MW of facility power;
    docs/energy.md, "Scenario") takes its module from ``data/datacenter_types.csv`` by
    ``power`` (one of :data:`DATACENTER_POWER`, default ``grid``); its own fields
    override the table's: ``module_capacity`` [MW], ``capex_usd_per_mw`` [USD/MW],
    ``construction_months``, ``grid_lead_months`` (grid only), ``ramp_months``
    [month], ``opex_usd_per_mw_year`` [USD/MW/year] and ``energy_usd_per_mwh``
    [USD/MWh, on-site generation].
    """

    kind: Literal["logic", "cowos", "hbm", "datacenter"]
    node: str | None = None
    power: Literal["grid", "gas", "solar"] | None = None
    capex_usd_per_mw: float | None = Field(None, gt=0, le=MAX_USD)
    construction_months: _Months | None = None
    grid_lead_months: int | None = Field(None, ge=0, le=MAX_MONTHS)
    ramp_months: int | None = Field(None, ge=0, le=MAX_MONTHS)
    opex_usd_per_mw_year: float | None = Field(None, ge=0, le=MAX_USD)
    energy_usd_per_mwh: float | None = Field(None, ge=0, le=MAX_USD)
    module_capacity: float | None = Field(None, gt=0, le=MAX_QUANTITY)
    capex_usd: float | None = Field(None, ge=0, le=MAX_USD)
    spend_profile: _Profile | None = None
    output_profile: _Profile | None = None
    opex_usd_per_year: float | None = Field(None, ge=0, le=MAX_USD)
    power_mw: _NonNegative | None = None
    euv_tools: _NonNegative | None = None
    high_na_tools: _NonNegative | None = None
    subsidy_share: float | None = Field(None, ge=0, le=1)


class Site(_Base):
    """A candidate site from the site table, with the plan's limits.

    The site table's (``data/sites.csv``) cost multiplier, build and ramp months,
    electricity and labour prices and subsidy share may be overridden per site; a value
    given here replaces the table's wherever the plan reads the table for a module
    built at the site (docs/scenario-files.md, "What a site's overrides reach"):

    - a logic module (the fab layer's, priced at the site) takes all six;
    - a CoWoS or HBM module (``data/facility_types.csv``, quoted at the row's
      ``priced_at_site``) takes the cost multiplier (on its building and on its tools'
      hook-up, :func:`tigris.plan.assemble_sites.capex_at_site`), the build and ramp
      months (its spend and output profiles moved by the differences,
      :func:`tigris.plan.assemble_sites.moved_profiles`) and the subsidy share, not the
      electricity or labour price (the row's opex is one figure with no sourced split);
    - a data-centre module takes none of them: its capex, build and ramp are
      ``data/datacenter_types.csv``'s, its power its region's grid price
      (``data/grid.csv``), and its subsidy only its facility's ``subsidy_share``.

    A CoWoS or HBM facility's own ``capex_usd`` and profiles are the module as quoted
    at ``priced_at_site``, moved like the row's; a logic facility's ``capex_usd`` or
    profiles, and any facility's ``opex_usd_per_year`` or ``subsidy_share``, replace
    what the site's value would have moved. An override that misses a module the site
    may build is named in one ``warning:`` line
    (:func:`tigris.scenario.advice.site_overrides_unreached`).
    ``corporate_tax_rate`` [-] replaces the site's rate in ``data/tax_rates.csv``;
    ``region`` replaces its region in ``data/site_regions.csv`` (whose grid headroom,
    connection lead time and electricity price its datacenter modules take).
    """

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=NAME_PATTERN)
    max_modules: int | None = Field(None, ge=0, le=MAX_MODULES)
    min_modules: int = Field(0, ge=0, le=MAX_MODULES)
    power_limit_mw: _NonNegative | None = None
    facilities: list[str] | None = None
    module_capacity: dict[str, Annotated[float, Field(gt=0, le=MAX_QUANTITY)]] = {}
    # upper bounds: validation bounds, as the data overlay's (overlay.MAX_CELL); an
    # electricity_usd_per_kwh of 1e300 overflowed the site's opex and the build failed
    construction_cost_multiplier: float | None = Field(None, gt=0, le=MAX_QUANTITY)
    construction_months: _Months | None = None
    ramp_months: _Months | None = None
    electricity_usd_per_kwh: float | None = Field(None, ge=0, le=MAX_USD)
    labour_usd_per_fte_year: float | None = Field(None, ge=0, le=MAX_USD)
    subsidy_share_of_capex: float | None = Field(None, ge=0, lt=1)
    corporate_tax_rate: float | None = Field(None, ge=0, lt=1)
    region: str | None = Field(None, min_length=1, max_length=MAX_NAME_CHARS)
    pue: float | None = Field(None, ge=1)  # its datacenter modules' PUE (docs/energy.md)

    def table_overrides(self) -> dict[str, float]:
        """Site-table fields this scenario overrides, by ``sites.csv`` column name.

        Returns
        -------
        dict of str to float
            The fields of :data:`SITE_OVERRIDES` this site sets (not None), by
            ``sites.csv`` column name, each in its column's unit (a multiplier, months,
            US$/kWh, US$ per FTE-year or a fraction 0-1 of capex); empty when the site
            keeps every table value.
        """
        return {k: v for k, v in self.model_dump().items() if k in SITE_OVERRIDES and v is not None}


#: ``data/sites.csv`` columns a scenario's ``sites[]`` entry may override.
SITE_OVERRIDES = (
    "construction_cost_multiplier",
    "construction_months",
    "ramp_months",
    "electricity_usd_per_kwh",
    "labour_usd_per_fte_year",
    "subsidy_share_of_capex",
)


class Datacenters(_Base):
    """Data-centre capacity the accelerator fleet can be powered from (docs/energy.md).

    ``baseline`` takes the existing and announced AI data-centre capacity of
    ``data/datacenter_capacity.csv`` (:data:`DATACENTER_BASELINES`); ``existing_mw``
    (facility MW by year) replaces it; ``grid_headroom_mw`` (region -> {year: MW}, the
    cumulative MW the grid can connect by each year) replaces ``data/grid.csv``'s whole
    headroom series of a region, interpolated between the years given and held flat
    outside them (a warning names the years so held,
    :func:`tigris.scenario.checks_headroom.headroom_held_flat`);
    ``electricity_price_multiplier`` [-] scales ``data/grid.csv``'s electricity price of
    every region, the price grid-powered data centres pay (the pool's existing capacity
    and the plan's grid modules; on-site generation keeps its facility's
    ``energy_usd_per_mwh``; fabs pay their site's ``electricity_usd_per_kwh``);
    ``gas_mw_per_year_max`` [facility MW/year] caps the on-site gas (fuel-burning)
    data-centre MW the investor commissions in any one year, the turbines or engines
    it can buy (``gas-build-upper``; None, the default: no cap, as no sourced world
    figure for aeroderivative turbines and large engines gives one; docs/energy.md,
    "On-site gas: fuel and supply").
    """

    baseline: Literal["announced", "none"] = "announced"
    existing_mw: _Years | None = None
    grid_headroom_mw: dict[
        Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS)], _Years
    ] = {}
    electricity_price_multiplier: float = Field(1.0, gt=0, le=MAX_PRICE_MULTIPLIER)
    gas_mw_per_year_max: _NonNegative | None = None
    source: str = ""


#: Money one capital source releases in a year [USD].
_YearUsd = Annotated[float, Field(ge=0, le=MAX_USD)]
#: A capital source's money by year (years checked in checks, as ``last_year``).
_UsdByYear = Annotated[dict[YearKey, _YearUsd], Field(min_length=1)]


class CapitalSource(_Base):
    """Capital offered by one investor: ``amount_usd`` released evenly over
    ``first_year..last_year``, or ``usd_by_year``, the money released in each year
    (one form or the other: :func:`tigris.scenario.checks_capital.check_capital`)."""

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=NAME_PATTERN)
    amount_usd: float | None = Field(None, ge=0, le=MAX_USD)
    first_year: Year | None = None
    last_year: Year | None = None
    usd_by_year: _UsdByYear | None = None
    source: str = ""

    @property
    def total_usd(self) -> float:
        """All the money the source offers [USD]."""
        if self.usd_by_year is not None:
            return float(sum(self.usd_by_year.values()))
        return float(self.amount_usd or 0.0)

    def by_year(self, years: np.ndarray) -> np.ndarray:
        """Money released in each planning year [USD].

        ``amount_usd`` is split into equal tranches over ``first_year..last_year``, or
        ``usd_by_year`` gives each year's; money released before the first planning
        year is available from it (it carries over, docs/plan.md), money after the
        last is not counted (the checks refuse it).

        Parameters
        ----------
        years : array of int
            The planning years, consecutive [year].

        Returns
        -------
        numpy.ndarray
            One amount per year [USD].

        Examples
        --------
        >>> src = CapitalSource(name="f", amount_usd=9e9, first_year=2024, last_year=2026)
        >>> src.by_year(np.arange(2025, 2028)).tolist()
        [6000000000.0, 3000000000.0, 0.0]
        >>> CapitalSource(name="f", usd_by_year={2024: 1e9, 2027: 2e9}).by_year(
        ...     np.arange(2025, 2028)).tolist()
        [1000000000.0, 0.0, 2000000000.0]
        """
        years = np.asarray(years)
        if self.usd_by_year is not None:
            row = np.array([float(self.usd_by_year.get(int(y), 0.0)) for y in years])
            if len(years):
                row[0] += sum(v for y, v in self.usd_by_year.items() if y < years[0])
            return row
        if self.amount_usd is None or self.first_year is None or self.last_year is None:
            msg = "give amount_usd with first_year and last_year, or usd_by_year"
            raise InputError(msg, field=f"capital.{self.name}")
        span = np.arange(self.first_year, self.last_year + 1)
        per_year = self.amount_usd / len(span)
        row = np.where(np.isin(years, span), per_year, 0.0)
        if len(years):
            row[0] += per_year * np.sum(span < years[0])
        return row


class Tools(_Base):
    """EUV scanners available to the plan per year."""

    euv_per_year: _Years
    high_na_per_year: dict[YearKey, _NonNegative] = {}
    source: str = ""


class Solver(_Base):
    """HiGHS options (defaults are tigris choices, not data: a minute, and the
    reference's relative gap of 1e-6, because the ``serve`` objective is mostly the
    unmet-demand penalty: a 1% gap left the reference's objective $0.93B above the
    1e-6 plan's, with other builds, $2.7B more real cost and 0.89M H100e less served;
    1e-4 gave the 1e-6 plan; docs/scenario-files.md, ``solver``)."""

    time_limit_s: float = Field(60.0, gt=0)
    mip_gap: float = Field(1e-6, ge=0, lt=1)


#: ``fleet_lifetime_years: table``: each product's class life from
#: ``data/fleet_lifetimes.csv`` (``tigris.energy.fleet.class_lifetimes``).
LIFETIME_TABLE = "table"
#: Years an accelerator serves [year].
_Life = Annotated[int, Field(ge=1, le=MAX_HORIZON_YEARS)]
#: What ``fleet_lifetime_years`` may be, said once for every message about it.
_LIFE_CHOICES = (
    f"an integer 1-{MAX_HORIZON_YEARS} [years], '{LIFETIME_TABLE}' (data/fleet_lifetimes.csv) "
    "or a mapping {default, by_class, by_product}"
)


def _table_word(value: str) -> str:
    """The one word a lifetime may be instead of a number: :data:`LIFETIME_TABLE`."""
    if value != LIFETIME_TABLE:
        msg = f"expected {_LIFE_CHOICES}, got the text '{value}'"
        raise ValueError(msg)
    return value


def _life_branch(value: Any) -> str:
    """Which branch of a lifetime union validates ``value``: only that one reports, so a
    ``5.0`` reads "expected an integer" and not every branch's mismatch (the tags are
    names :mod:`tigris.yamlio` drops from error paths)."""
    if isinstance(value, str):
        return "str"
    # a FleetLifetimes itself when a scenario is dumped (else pydantic warns "Expected int")
    return "dict[lifetimes]" if isinstance(value, dict | BaseModel) else "int"


#: A life [year] or ``table`` (the class's life in ``data/fleet_lifetimes.csv``).
_LifeOrTable = Annotated[
    Annotated[_Life, Tag("int")] | Annotated[str, AfterValidator(_table_word), Tag("str")],
    Discriminator(_life_branch),
]


class FleetLifetimes(_Base):
    """Service lives by accelerator class and by product [year] (docs/energy.md,
    "Service life by class").

    A product's life is ``by_product[name]``, else ``by_class[class]`` (its catalog
    accelerator's vendor, the rows of ``data/fleet_lifetimes.csv``; ``other`` for a
    product without a catalog accelerator or of a vendor without a row), else
    ``default``: a number, or ``table`` (the default), the class's row of
    ``data/fleet_lifetimes.csv``. Names are checked in
    :mod:`tigris.scenario.checks_fleet`.
    """

    default: _LifeOrTable = LIFETIME_TABLE
    by_class: dict[str, _Life] = {}
    by_product: dict[str, _Life] = {}


#: ``fleet_lifetime_years``: one life for every accelerator (an integer, as before issue
#: 12's leftovers), ``table`` (each class's sourced life) or :class:`FleetLifetimes`.
FleetLifetime = Annotated[
    Annotated[_Life, Tag("int")]
    | Annotated[str, AfterValidator(_table_word), Tag("str")]
    | Annotated[FleetLifetimes, Tag("dict[lifetimes]")],
    Discriminator(_life_branch),
]


class Finance(_Base):
    """How the investor's money is valued (docs/finance.md, "Terminal value" and
    "Discount rate").

    ``terminal_value`` (one of :data:`TERMINAL_VALUES`, default ``book``) and
    ``discount_rate_basis`` (one of :data:`DISCOUNT_RATE_BASES`, default ``real``): with
    ``nominal`` the scenario's ``discount_rate`` is a money-terms rate and the plan
    discounts at ``(1 + r)/(1 + expected_inflation) − 1`` (:attr:`Scenario.real_discount_rate`).
    """

    terminal_value: Literal["book", "going_concern"] = "book"
    discount_rate_basis: Literal["real", "nominal"] = "real"


class Scenario(_Base):
    """One planning scenario (see ``tigris scenario show`` for a commented example).

    Money (docs/finance.md): ``objective`` (one of :data:`OBJECTIVES`),
    ``min_served_share`` (of the horizon's total demand [-]),
    ``unmet_penalty_usd_per_h100e`` (a number [USD/H100e] or :data:`PENALTY_RENTAL`) and
    ``prices`` (overrides of ``data/prices.csv``, series -> item -> {year: value}).

    Energy (docs/energy.md, "Scenario"): ``demand_basis`` (one of
    :data:`DEMAND_BASES`) and ``datacenters`` (:class:`Datacenters`); with either a
    ``datacenter`` facility or a ``datacenters`` block the accelerators in service must
    be powered. ``fleet_lifetime_years`` (:data:`FleetLifetime`): one service life, or
    lives by class and product.

    Risk (docs/risk.md): ``distributions`` (dotted path -> a kind of
    :mod:`tigris.risk.distributions`, each with its ``source``) and ``correlations``
    (Spearman rank correlation between groups of those paths), drawn by ``tigris sweep
    --samples``; a plan ignores them. ``disruptions``: named events
    (:mod:`tigris.risk.disruptions`) that ``tigris risk --disruption`` applies; a plan
    ignores them too.
    """

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=NAME_PATTERN)
    description: str = ""
    currency_year: int = Field(ge=CURRENCY_YEAR_MIN, le=YEAR_MAX)
    horizon: Horizon
    discount_rate: float = Field(ge=0, lt=1)
    unmet_penalty_usd_per_h100e: Penalty
    objective: Literal["serve", "npv"] = "serve"
    # terminal value and the discount rate's basis (docs/finance.md)
    finance: Finance = Finance()
    min_served_share: float = Field(0.0, ge=0, le=1)
    prices: Prices = {}
    pue: float = Field(ge=1)
    fleet_lifetime_years: FleetLifetime
    demand_basis: Literal["delivered", "installed"] = "delivered"
    # share of the installed fleet placed in each region (docs/energy.md, "Regions")
    demand_regions: Annotated[
        dict[
            Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS)],
            Annotated[float, Field(ge=0, le=1)],
        ],
        AfterValidator(check_demand_regions),
    ] = {}
    datacenters: Datacenters | None = None
    demand: list[DemandClass] = Field(min_length=1)
    # overrides of the calibrated demand's forecast (data/demand_growth.csv), so that a
    # distribution can name demand growth (docs/risk.md)
    demand_forecast: DemandForecast | None = None
    products: Annotated[list[Product], Field(min_length=1)] | Literal["roadmap"]
    supply: Supply
    incumbents: Incumbents = Incumbents()
    facilities: list[Facility] = []
    sites: list[Site] = []
    capital: list[CapitalSource] = []
    tools: Tools
    solver: Solver = Solver()
    sources: dict[str, str] = {}
    # uncertain inputs by dotted path, and rank correlations between them (docs/risk.md;
    # checked in scenario/checks_dist.py; the planner ignores them)
    distributions: dict[str, Distribution] = {}
    correlations: list[Correlation] = []
    # named events for `tigris risk --disruption` (docs/risk.md, "Disruptions"; checked
    # in scenario/checks_disrupt.py; the planner ignores them)
    disruptions: list[Disruption] = []

    @model_validator(mode="before")
    @classmethod
    def _roadmap_in_list(cls, data: Any) -> Any:
        """``products: [roadmap, {...}]``: the roadmap's products shipping in the
        horizon and the listed ones (:func:`tigris.world.roadmap.with_roadmap`); the
        entry ``{roadmap: {min_share_scale: s}}`` scales the roadmap's floors."""
        products = data.get("products") if isinstance(data, dict) else None
        from tigris.world.roadmap import marker_index, with_roadmap  # the world layer sits above

        if marker_index(products, ROADMAP) is None:
            return data

        return {**data, "products": with_roadmap(products, data.get("horizon"), ROADMAP)[0]}

    @field_validator("finance")
    @classmethod
    def _real_rate_not_negative(cls, finance: Finance, info: ValidationInfo) -> Finance:
        """A nominal ``discount_rate`` whose real rate is below 0 is refused, as a real
        ``discount_rate`` below 0 is (``ge=0``): Fisher's ``(1 + r)/(1 + i) − 1`` with
        ``i`` the ``expected_inflation`` row of ``data/fab_parameters.csv``
        (:attr:`real_discount_rate`; user test s46 C: ``discount_rate: 0`` nominal
        discounted at −2.30 % real). A real rate of 0 is allowed (a real one of 0 is).

        References
        ----------
        Fisher, I. (1930), *The Theory of Interest*, ch. 2; Brealey, Myers & Allen
        (2020), *Principles of Corporate Finance*, 13th ed., ch. 6.
        """
        rate = info.data.get("discount_rate")
        if finance.discount_rate_basis != "nominal" or not isinstance(rate, int | float):
            return finance
        from tigris.fab import fab_param
        from tigris.finance.prices import real_rate

        inflation = float(fab_param("expected_inflation"))
        real = real_rate(float(rate), inflation)
        if real < 0:
            msg = (
                f"discount_rate {rate:g} with finance.discount_rate_basis: nominal is a real "
                f"rate of {100 * real:.2f} % ((1 + {rate:g})/(1 + {inflation:g}) - 1, "
                f"expected_inflation {inflation:g} of data/fab_parameters.csv); a real rate "
                f"must be >= 0: give a nominal discount_rate >= {inflation:g} or "
                "discount_rate_basis: real"
            )
            raise ValueError(msg)
        return finance

    @property
    def years(self) -> np.ndarray:
        """Planning years [year]."""
        return np.arange(self.horizon.first_year, self.horizon.last_year + 1)

    @property
    def real_discount_rate(self) -> float:
        """The rate the plan discounts its real (constant-dollar) flows at [1/year].

        ``discount_rate`` itself when ``finance.discount_rate_basis`` is ``real``; when
        ``nominal``, Fisher's real rate ``(1 + r)/(1 + i) − 1`` with ``i`` the
        ``expected_inflation`` row of ``data/fab_parameters.csv`` (Fisher, *The Theory
        of Interest*, 1930; Brealey, Myers & Allen, *Principles of Corporate Finance*,
        13th ed., 2020, ch. 6: discount real flows at the real rate).
        """
        if self.finance.discount_rate_basis == "real":
            return float(self.discount_rate)
        from tigris.finance.prices import real_rate

        return real_rate(float(self.discount_rate))

    def set(self, path_or_changes: str | dict[str, Any], value: Any = Ellipsis) -> Scenario:
        """A new scenario with values changed by dotted path, validated as a file is.

        ``sc.set("sites.taiwan.max_modules", 3)`` or ``sc.set({path: value, ...})``;
        see :func:`tigris.scenario.edit.set_paths` (this scenario is unchanged).

        A problem the checks find on a field the change did not set (a cross-field
        rule: ``horizon.last_year: must be >= first_year`` for a ``first_year`` past
        it) is named as the path set, the value and the field whose rule refused it
        following: ``horizon.first_year: 2040 is refused by horizon.last_year (2029):
        must be >= first_year (2040)``. With several paths set, it is named as those
        of them nearest the field (the most leading segments in common).

        Parameters
        ----------
        path_or_changes : str or dict of str to Any
            One dotted path (then ``value`` is required), or a mapping of dotted path -> new
            value (then ``value`` must be left out).
        value : Any, optional
            The new value at ``path_or_changes`` when that is one path; left out (``Ellipsis``)
            with a mapping.

        Returns
        -------
        Scenario
            A new, validated scenario with the changes made; this one is unchanged.

        Raises
        ------
        InputError
            An unknown path or a value the scenario refuses, naming the path set.
        TypeError
            A path without a value, or a mapping with one (the call's form, as Python
            itself refuses a wrong call).
        """
        from tigris.errors import Problem
        from tigris.scenario.edit import get_path, set_paths  # edit.py imports this module

        if isinstance(path_or_changes, str):
            if value is Ellipsis:
                msg = f"set({path_or_changes!r}) needs a value: set(path, value)"
                raise TypeError(msg)
            changes: dict[str, Any] = {path_or_changes: value}
        else:
            if value is not Ellipsis:
                msg = "set(changes) takes a mapping of path -> value and no second argument"
                raise TypeError(msg)
            changes = dict(path_or_changes)
        try:
            return set_paths(self, changes)
        except InputError as exc:
            failed = exc
        paths = [str(p) for p in changes]
        values = {str(p): v for p, v in changes.items()}

        def within(path: str, name: str) -> bool:  # the same field, or one holds the other
            return any(
                a == b or a.startswith(b + ".") or a.startswith(b + "[")
                for a, b in ((name, path), (path, name))
            )

        def named(name: str) -> str:  # list items by their name, as the paths say them
            if "[" in name:
                return name
            node: Any = self
            out = []
            for seg in name.split("."):
                index = decimal_int(seg) if seg.isdigit() else None
                if isinstance(node, list) and index is not None and index < len(node):
                    node = node[index]
                    item = getattr(node, "name", None)
                    out.append(item if isinstance(item, str) and "." not in item else seg)
                    continue
                out.append(seg)
                node = getattr(node, seg, None) if isinstance(node, BaseModel) else None
            return ".".join(out)

        def shown(v: Any) -> str:
            return repr(v) if isinstance(v, str) else str(v)

        def shared(path: str, name: str) -> int:  # leading segments in common
            n = 0
            for a, b in zip(path.split("."), name.split("."), strict=False):
                if a != b:
                    break
                n += 1
            return n

        problems = []
        for p in failed.problems:
            if not p.field and any(not isinstance(k, str) or not k for k in changes):
                # an empty (or not a str) path's own problem (user test s50 API #5)
                problems.append(p)
                continue
            if p.field and any(within(path, p.field) for path in paths):
                problems.append(p)
                continue
            other = named(p.field)
            common = [shared(path, other) for path in paths]
            blamed = [path for path, n in zip(paths, common, strict=True) if n == max(common)]
            try:
                now = get_path(self, other) if other else None
            except (ValueError, LookupError, TypeError):  # InputError is a ValueError
                now = None
            was = f" ({shown(now)})" if isinstance(now, int | float | str) else ""
            by = f" by {other}{was}" if other else ""
            what = shown(values[blamed[0]]) if len(blamed) == 1 else "the values set"
            message = f"{what} is refused{by}: {p.message}"
            problems.append(Problem(", ".join(blamed), message, p.file, p.line))
        raise InputError(problems) from None

    def get(self, path: str) -> Any:
        """The value at a dotted path (:func:`tigris.scenario.edit.get_path`), a copy.

        A list, mapping or block comes back as a deep copy, so changing it leaves this
        scenario as it was (user test s46 API #1: ``sc.get("demand.training.
        h100e_by_year")[2027] = 2e7`` changed ``sc`` and every later plan of it); change
        a scenario with :meth:`set`.

        Parameters
        ----------
        path : str
            A dotted path (``"sites.taiwan.max_modules"``; see :mod:`tigris.scenario.edit`).

        Returns
        -------
        Any
            A deep copy of the value there: a number, text, a list, a mapping or a model.
        """
        import copy

        from tigris.scenario.edit import get_path

        return copy.deepcopy(get_path(self, path))

    def to_yaml(self, defaults: bool = False) -> str:
        """This scenario as YAML that loads back equal (:func:`tigris.scenario.edit.to_yaml`).

        Parameters
        ----------
        defaults : bool, optional
            Write the fields at their default too (left out by default).

        Returns
        -------
        str
            The YAML document.
        """
        from tigris.scenario.edit import to_yaml

        return to_yaml(self, defaults)
