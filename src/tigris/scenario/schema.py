"""Scenario files for the network planner: schema, loading and the reference scenario.

A scenario is a YAML file validated by the pydantic models below (``extra="forbid"``,
``frozen=True``). :func:`load_scenario` reports every problem in a file at once, one
``file:line: field.path: message`` per problem, with the closest name suggested for a
misspelt field, site, product or node. :func:`reference_scenario` returns the built-in
scenario that tells the motivating story (``tigris scenario show`` prints it).

Year series (``h100e_by_year``, ``cowos_wspm``, ``euv_per_year``...) are maps from year
to value; between given years values are interpolated linearly, before the first and
after the last they are held flat, unless a series says ``growth_per_year``.

A demand class may also list ``workloads`` (training runs and inference services);
:func:`workload_fleet_h100e` turns one into the H100e it keeps busy each year through
the workload layer, and :func:`deliveries_for_fleet` into H100e delivered per year
(``docs/plan.md``, "Demand from workloads").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from tigris.errors import InputError, Problem
from tigris.scenario_checks import (
    did_you_mean,
    facility_id,
    resolve_site,
    semantic_problems,
)
from tigris.yamlio import read_yaml, validation_problems

__all__ = [
    "CapitalSource",
    "DemandClass",
    "Facility",
    "InferWorkload",
    "Product",
    "Scenario",
    "Site",
    "TrainWorkload",
    "Workload",
    "deliveries_for_fleet",
    "facility_id",
    "load_scenario",
    "reference_scenario",
    "reference_scenario_text",
    "resolve_site",
    "scenario_from_dict",
    "series",
    "workload_fleet_h100e",
]

YearMap = dict[int, float]
#: A quantity that cannot be negative (demand, capacity, scanners, shares).
_NonNegative = Annotated[float, Field(ge=0)]
#: A year map with at least one year (an empty one has no value to interpolate).
_Years = Annotated[dict[int, _NonNegative], Field(min_length=1)]
#: A profile by year after a module's start, at least one value.
_Profile = Annotated[list[float], Field(min_length=1)]
REFERENCE_FILE = "reference_scenario.yaml"
#: Days in a year, the Julian year the workload layer uses for accelerator-years [day].
DAYS_PER_YEAR = 365.25


def _has_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, dict):
        return any(_has_bool(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_bool(v) for v in value)
    return False


def _holds_model(annotation: Any) -> bool:
    """Whether a type annotation mentions a pydantic model (``list[DemandClass]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(a) for a in getattr(annotation, "__args__", ()))


class _Base(BaseModel):
    # allow_inf_nan=False: ".nan" or ".inf" in a file is an error, not a silent NaN
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans(cls, value: Any, info: ValidationInfo) -> Any:
        """No scenario field is a yes/no: YAML's ``true``/``yes`` would pass as 1.

        Fields holding other models are left to those models, so that the problem is
        named at the field that holds the boolean.
        """
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and _holds_model(field.annotation):
            return value
        if _has_bool(value):
            msg = "expected a number or text, got a YAML boolean (true/false/yes/no)"
            raise ValueError(msg)
        return value


class Horizon(_Base):
    """Planning years, first and last included."""

    first_year: int = Field(ge=2000, le=2100)
    last_year: int = Field(ge=2000, le=2100)


class TrainWorkload(_Base):
    """A training run, with the inputs of :func:`tigris.workload.train`.

    Compute from ``model`` (the runs table), ``params`` x ``tokens`` (``active_params``
    for MoE) or ``flops``; two of ``count``, ``days`` and ``mfu`` (a published ``model``
    fills what is missing). Ranges are checked by the workload layer.
    """

    model: str | None = None
    params: float | None = None
    active_params: float | None = None
    tokens: float | None = None
    flops: float | None = None
    accelerator: str | None = None
    precision: str | None = None
    count: float | None = None
    days: float | None = None
    mfu: float | None = None
    goodput: float | None = None


class InferWorkload(_Base):
    """An inference service, with the inputs of :func:`tigris.workload.infer`.

    The load (tokens per day) is given on the :class:`Workload` entry, by year.
    """

    model: str | None = None
    params: float | None = None
    active_params: float | None = None
    prompt_tokens: float | None = None
    output_tokens: float | None = None
    accelerator: str | None = None
    precision: str | None = None
    bytes_per_param: float | None = None
    latency_ms_per_token: float | None = None
    kv_bytes_per_token: float | None = None
    n_layers: float | None = None
    n_kv_heads: float | None = None
    head_dim: float | None = None
    prefill_mfu: float | None = None
    decode_mfu: float | None = None
    mbu: float | None = None
    memory_fraction: float | None = None


class Workload(_Base):
    """Demand given as work: a training run repeated ``runs_by_year`` times a year, or
    an inference service serving ``tokens_per_day_by_year`` (or a fixed
    ``tokens_per_day``, growing at ``growth_per_year`` from the first planning year).
    """

    train: TrainWorkload | None = None
    infer: InferWorkload | None = None
    runs_by_year: _Years | None = None
    tokens_per_day_by_year: _Years | None = None
    tokens_per_day: float | None = Field(None, gt=0)
    growth_per_year: float | None = Field(None, gt=-1)
    source: str = ""


class DemandClass(_Base):
    """Demand for AI compute of one class, in H100e delivered per year.

    Give ``h100e_by_year`` or ``accelerators_by_year`` (units of catalog accelerators,
    turned into H100e by the workload layer), ``workloads`` (training runs and
    inference services, see :class:`Workload`), or workloads and one of the two maps
    (their demand adds up). ``growth_per_year`` extends the map; each workload has its
    own.
    """

    name: str = Field(min_length=1)
    priority: float = Field(gt=0)
    h100e_by_year: _Years | None = None
    accelerators_by_year: (
        Annotated[
            dict[int, Annotated[dict[str, _NonNegative], Field(min_length=1)]], Field(min_length=1)
        ]
        | None
    ) = None
    workloads: Annotated[list[Workload], Field(min_length=1)] | None = None
    growth_per_year: float | None = Field(None, gt=-1)
    source: str = ""


class Product(_Base):
    """An accelerator product the plan may make."""

    name: str = Field(min_length=1)
    accelerator: str | None = None
    node: str | None = None
    first_year: int | None = None
    last_year: int | None = None
    min_share: float | _Years = 0.0
    max_share: float | _Years = 1.0
    h100e: float | None = Field(None, gt=0)
    logic_wafers_per_unit: float | None = Field(None, ge=0)
    interposer_wafers_per_unit: float | None = Field(None, ge=0)
    hbm_stacks_per_unit: float | None = Field(None, ge=0)
    system_power_w: float | None = Field(None, gt=0)
    source: str = ""


class Supply(_Base):
    """Existing capacity available to AI accelerators, by year."""

    logic_wspm: dict[str, _Years] = {}
    cowos_wspm: _Years
    hbm_stacks_per_month: _Years
    source: str = ""


class Facility(_Base):
    """A facility type the plan may build, in modules.

    Logic modules take their cost, build time, ramp, tools and power from the fab layer
    unless overridden; CoWoS and HBM modules from ``data/facility_types.csv``.
    """

    kind: Literal["logic", "cowos", "hbm"]
    node: str | None = None
    module_capacity: float | None = Field(None, gt=0)
    capex_usd: float | None = Field(None, ge=0)
    spend_profile: _Profile | None = None
    output_profile: _Profile | None = None
    opex_usd_per_year: float | None = Field(None, ge=0)
    power_mw: float | None = Field(None, ge=0)
    euv_tools: float | None = Field(None, ge=0)
    high_na_tools: float | None = Field(None, ge=0)
    subsidy_share: float | None = Field(None, ge=0, le=1)


class Site(_Base):
    """A candidate site from the site table, with the plan's limits.

    The site table's (``data/sites.csv``) cost multiplier, build and ramp months,
    electricity and labour prices and subsidy share may be overridden per site; a value
    given here replaces the table's for every module built at the site.
    """

    name: str = Field(min_length=1)
    max_modules: int | None = Field(None, ge=0)
    min_modules: int = Field(0, ge=0)
    power_limit_mw: float | None = Field(None, ge=0)
    facilities: list[str] | None = None
    module_capacity: dict[str, float] = {}
    construction_cost_multiplier: float | None = Field(None, gt=0)
    construction_months: float | None = Field(None, gt=0)
    ramp_months: float | None = Field(None, gt=0)
    electricity_usd_per_kwh: float | None = Field(None, ge=0)
    labour_usd_per_fte_year: float | None = Field(None, ge=0)
    subsidy_share_of_capex: float | None = Field(None, ge=0, lt=1)

    def table_overrides(self) -> dict[str, float]:
        """Site-table fields this scenario overrides, by ``sites.csv`` column name."""
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


class CapitalSource(_Base):
    """Capital offered by one investor, released evenly over its years."""

    name: str = Field(min_length=1)
    amount_usd: float = Field(gt=0)
    first_year: int
    last_year: int
    source: str = ""


class Tools(_Base):
    """EUV scanners available to the plan per year."""

    euv_per_year: _Years
    high_na_per_year: dict[int, _NonNegative] = {}
    source: str = ""


class Solver(_Base):
    """HiGHS options (defaults are tigris choices, not data: a minute, a 1% gap)."""

    time_limit_s: float = Field(60.0, gt=0)
    mip_gap: float = Field(0.01, ge=0, lt=1)


class Scenario(_Base):
    """One planning scenario (see ``tigris scenario show`` for a commented example)."""

    name: str = Field(min_length=1)
    description: str = ""
    currency_year: int = Field(ge=1990, le=2100)
    horizon: Horizon
    discount_rate: float = Field(ge=0, lt=1)
    unmet_penalty_usd_per_h100e: float = Field(gt=0)
    pue: float = Field(ge=1)
    fleet_lifetime_years: int = Field(ge=1)
    demand: list[DemandClass] = Field(min_length=1)
    products: list[Product] = Field(min_length=1)
    supply: Supply
    facilities: list[Facility] = []
    sites: list[Site] = []
    capital: list[CapitalSource] = []
    tools: Tools
    solver: Solver = Solver()
    sources: dict[str, str] = {}

    @property
    def years(self) -> np.ndarray:
        """Planning years [year]."""
        return np.arange(self.horizon.first_year, self.horizon.last_year + 1)


def series(
    values: Mapping[int, float] | float, years: np.ndarray, growth_per_year: float | None = None
) -> np.ndarray:
    """A year series evaluated on ``years``.

    Linear interpolation between given years; flat before the first; after the last,
    flat or growing geometrically at ``growth_per_year``.

    Parameters
    ----------
    values : mapping of year to value, or a number
        The series [any unit].
    years : array of int
        Years to evaluate [year].
    growth_per_year : float, optional
        Growth after the last given year [1/year].

    Returns
    -------
    numpy.ndarray
        One value per year [same unit].

    Examples
    --------
    >>> series({2025: 10, 2027: 30}, np.arange(2024, 2029)).tolist()
    [10.0, 10.0, 20.0, 30.0, 30.0]
    >>> series({2025: 10}, np.arange(2025, 2028), growth_per_year=0.5).tolist()
    [10.0, 15.0, 22.5]
    """
    years = np.asarray(years, dtype=float)
    if not isinstance(values, Mapping):
        return np.full(years.shape, float(values))
    keys = np.array(sorted(values), dtype=float)
    vals = np.array([float(values[int(k)]) for k in keys])
    out = np.interp(years, keys, vals)
    if growth_per_year is not None:
        after = years > keys[-1]
        out[after] = vals[-1] * (1 + growth_per_year) ** (years[after] - keys[-1])
    return out


#: Workload-layer flags (in its messages and ``Problem.field``) -> scenario field names.
_FLAG_FIELDS = {
    "--latency-ms": "latency_ms_per_token",
    "--layers": "n_layers",
    "--kv-heads": "n_kv_heads",
}
_FLAG = re.compile(r"--[a-z][a-z0-9-]*")


def _field_name(flag: str) -> str:
    """``--kv-bytes-per-token`` -> ``kv_bytes_per_token`` (a workload flag as a field)."""
    return _FLAG_FIELDS.get(flag, flag.removeprefix("--").replace("-", "_"))


def _as_fields(exc: InputError, part: str, given: Mapping[str, Any]) -> InputError:
    """A workload-layer error with its flags renamed to the scenario's fields.

    The field becomes ``<part>.<name>`` when the entry gives that input (so the problem
    is located on its line), else ``<part>`` (a missing input is located on the entry).
    """
    out = []
    for p in exc.problems:
        name = _field_name(p.field) if p.field else ""
        message = _FLAG.sub(lambda m: _field_name(m.group(0)), p.message)
        if name == "tokens_per_day":
            field = name
        elif name in given:
            field = f"{part}.{name}"
        else:
            field = part
        out.append(Problem(field, message))
    return InputError(out)


def workload_fleet_h100e(w: Workload, years: np.ndarray) -> np.ndarray:
    """H100e a workload keeps in service in each year, from the workload layer.

    A training run of ``n`` accelerators lasting ``d`` days occupies ``n d / 365.25``
    accelerator-years; ``r`` runs a year occupy ``r`` times that, in H100e
    ``x h100_equivalents(accelerator)`` (dense BF16, as the planner counts products).
    An inference service needs :func:`tigris.workload.infer`'s accelerators for that
    year's tokens per day, all year.

    Parameters
    ----------
    w : Workload
        One ``demand[].workloads[]`` entry.
    years : array of int
        Planning years [year].

    Returns
    -------
    numpy.ndarray
        H100e in service, averaged over each year [H100e].

    Raises
    ------
    InputError
        The workload layer rejects the inputs; fields are the entry's
        (``train.count``, ``infer.model``, ``tokens_per_day``...).

    References
    ----------
    :func:`tigris.workload.train` (``accelerators x days``, Narayanan et al. 2021,
    arXiv 2104.04473, eq. 4 via ``training_days``) and :func:`tigris.workload.infer`
    (Pope et al. 2022, arXiv 2211.05102).

    Examples
    --------
    One GPT-4-scale run a year (2.15e25 FLOP, A100 at 34% MFU for 95 days): 24,693
    A100 for 95/365.25 of a year, x 0.3153 H100e each.

    >>> w = Workload(train=TrainWorkload(flops=2.15e25, accelerator="a100", mfu=0.34,
    ...              days=95), runs_by_year={2025: 1})
    >>> workload_fleet_h100e(w, np.array([2025, 2026])).round(0).tolist()
    [2025.0, 2025.0]
    """
    from tigris.workload import h100_equivalents, infer, train

    years = np.asarray(years)
    if w.train is not None:
        given = w.train.model_dump(exclude_none=True)
        try:
            r = train(**given)
            per_unit = h100_equivalents(r.accelerator)
        except InputError as exc:
            raise _as_fields(exc, "train", given) from None
        runs = series(w.runs_by_year or {}, years, w.growth_per_year)
        acc_years = float(r.accelerators) * float(r.days) / DAYS_PER_YEAR
        return runs * acc_years * per_unit
    assert w.infer is not None
    given = w.infer.model_dump(exclude_none=True)
    if w.tokens_per_day_by_year is not None:
        tokens = series(w.tokens_per_day_by_year, years, w.growth_per_year)
    else:
        start = {int(years[0]): w.tokens_per_day or 0.0} if len(years) else {}
        tokens = series(start, years, w.growth_per_year) if start else np.zeros(0)
    out = np.zeros(len(years))
    done: dict[float, float] = {}
    for t, load in enumerate(tokens):
        if load <= 0:
            continue  # no load, no accelerators (infer needs a positive load)
        if load not in done:
            try:
                r = infer(tokens_per_day=float(load), **given)
                done[load] = r.accelerators * h100_equivalents(r.accelerator)
            except InputError as exc:
                raise _as_fields(exc, "infer", given) from None
        out[t] = done[load]
    return out


def deliveries_for_fleet(fleet: np.ndarray, lifetime_years: int) -> np.ndarray:
    """Deliveries per year that keep a fleet in service, each unit serving ``L`` years.

    The planner counts the fleet in year ``t`` as the deliveries of years
    ``t-L+1 ... t`` (``docs/plan.md``); this inverts it:
    ``d_t = max(0, F_t - sum_{tau=t-L+1}^{t-1} d_tau)``, with the years before the
    first taken as a steady state (``d = F_0 / L``). A constant fleet needs ``F / L``
    a year (replacements); growth is delivered in the year it happens; a shrinking
    fleet needs nothing until its units retire.

    Parameters
    ----------
    fleet : array
        Fleet in service by year, last axis years [H100e].
    lifetime_years : int
        Years a delivered accelerator serves, ``fleet_lifetime_years`` [year].

    Returns
    -------
    numpy.ndarray
        Deliveries by year, same shape [H100e/year].

    References
    ----------
    Stock-flow (perpetual inventory) accounting with one-hoss-shay retirement after
    ``L`` years: OECD, "Measuring Capital", 2nd ed. (2009), ch. 6.

    Examples
    --------
    >>> deliveries_for_fleet(np.array([100.0, 100.0, 200.0, 200.0]), 2).tolist()
    [50.0, 50.0, 150.0, 50.0]
    """
    fleet = np.asarray(fleet, dtype=float)
    life = max(int(lifetime_years), 1)
    n_t = fleet.shape[-1]
    d = np.zeros((*fleet.shape[:-1], n_t + life - 1))
    if n_t:
        d[..., : life - 1] = fleet[..., :1] / life  # steady state before the first year
    for t in range(n_t):
        k = t + life - 1
        surviving = d[..., k - life + 1 : k].sum(axis=-1)
        d[..., k] = np.maximum(fleet[..., t] - surviving, 0.0)
    return d[..., life - 1 :]


def scenario_from_dict(
    data: Any,
    file: str | None = None,
    locate: Callable[[tuple[Any, ...]], int | None] | None = None,
) -> Scenario:
    """Validate a scenario document and return a :class:`Scenario`.

    Parameters
    ----------
    data : Any
        The parsed YAML document.
    file : str, optional
        File name for the messages.
    locate : callable, optional
        Line locator from :func:`tigris.yamlio.load_yaml`.

    Raises
    ------
    InputError
        Every problem found, one per line (``file:line: field.path: message``).
    """
    problems: list[Problem] = []
    scenario = None
    locate = _year_key_locator(locate) if locate is not None else None
    if data is not None and not isinstance(data, dict):
        what = type(data).__name__
        msg = f"expected a mapping of fields (name, horizon, demand, ...), got a {what}"
        line = locate(()) if locate is not None else None
        raise InputError(Problem("scenario", msg, file=file, line=line))
    try:
        scenario = Scenario.model_validate(data if data is not None else {})
    except ValidationError as exc:
        for p in validation_problems(exc, file, locate):
            if p.message.startswith("Value error, "):
                p = Problem(p.field, p.message[len("Value error, ") :], p.file, p.line)
            parent, _, branch = p.field.rpartition(".")
            if _UNION_BRANCH.match(branch):  # one problem per field, not per union branch
                msg = "expected a number or a map of year to number (at least one year)"
                p = Problem(parent, msg, p.file, p.line)
            elif p.field.endswith(".[key]"):  # pydantic's name for a bad mapping key
                parent, _, key = p.field[: -len(".[key]")].rpartition(".")
                what = "a year (integer)" if "integer" in p.message else "a name (text)"
                msg = f"expected {what} as key, got '{key}'"
                p = Problem(parent, msg, p.file, p.line)
            problems.append(p)
        for p in problems:
            if p.message == "unknown field":
                _suggest_field(p, problems)
    for loc, msg in semantic_problems(data):
        line = locate(loc) if locate is not None else None
        problems.append(Problem(".".join(str(x) for x in loc), msg, file=file, line=line))
    if problems:
        raise InputError(_dedupe(problems))
    assert scenario is not None
    return scenario


def _year_key_locator(
    locate: Callable[[tuple[Any, ...]], int | None],
) -> Callable[[tuple[Any, ...]], int | None]:
    """``locate`` that also finds integer mapping keys (years), which YAML indexes as text.

    List indices are integers and year keys text in the line index, so each integer in
    the path is tried both ways; the deepest match (the largest line: a field never
    comes before its parent) wins.
    """

    def find(loc: tuple[Any, ...]) -> int | None:
        loc = tuple(loc)
        ints = [i for i, x in enumerate(loc) if isinstance(x, int) and not isinstance(x, bool)]
        variants = [loc]
        for i in ints:
            variants.append(tuple(str(x) if j == i else x for j, x in enumerate(loc)))
        lines = [ln for ln in map(locate, variants) if ln is not None]
        return max(lines) if lines else None

    return find


#: Names pydantic gives the branches of a union field (``min_share.float``).
_UNION_BRANCH = re.compile(r"^(float|int|str|dict\[.*\]|list\[.*\])$")


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.field, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


_MODELS: dict[str, type[BaseModel]] = {
    "": Scenario,
    "horizon": Horizon,
    "demand": DemandClass,
    "workloads": Workload,
    "train": TrainWorkload,
    "infer": InferWorkload,
    "products": Product,
    "supply": Supply,
    "facilities": Facility,
    "sites": Site,
    "capital": CapitalSource,
    "tools": Tools,
    "solver": Solver,
}


def _suggest_field(p: Problem, problems: list[Problem]) -> None:
    """Append "did you mean" to an unknown-field problem, in place of the original."""
    parts = p.field.split(".")
    # the deepest named container (``demand.0.workloads.1.train.cuont`` -> ``train``)
    names = [x for x in parts[:-1] if x in _MODELS]
    section = names[-1] if names else ""
    model = _MODELS.get(section)
    if model is None:
        return
    hint = did_you_mean(parts[-1], list(model.model_fields))
    if hint:
        i = problems.index(p)
        problems[i] = Problem(p.field, f"unknown field{hint}", p.file, p.line)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario YAML file.

    Parameters
    ----------
    path : str or Path
        The file.

    Raises
    ------
    InputError
        Every problem in the file at once, each as ``file:line: field.path: message``.
    """
    doc = read_yaml(path)
    duplicates = doc.duplicates
    try:
        scenario = scenario_from_dict(doc.data, str(path), doc.locate)
    except InputError as exc:
        raise InputError(duplicates + list(exc.problems)) from None
    if duplicates:
        raise InputError(duplicates)
    return scenario


def reference_scenario_text() -> str:
    """The built-in reference scenario as commented YAML (every number sourced)."""
    return (resources.files("tigris.data") / REFERENCE_FILE).read_text(encoding="utf-8")


@cache
def reference_scenario() -> Scenario:
    """The built-in reference scenario (see :func:`reference_scenario_text`).

    Examples
    --------
    >>> sc = reference_scenario()
    >>> sc.name
    'reference'
    """
    path = resources.files("tigris.data") / REFERENCE_FILE
    with resources.as_file(path) as p:
        return load_scenario(p)
