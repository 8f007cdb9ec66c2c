"""Scenario files for the network planner: schema, checks, loading and the reference.

A scenario is a YAML file validated by the pydantic models of
:mod:`tigris.scenario.schema` (strict: one spelling per number), checked as a whole by
:mod:`tigris.scenario.checks` on the typed values, and read by
:mod:`tigris.scenario.load` (bounded reading and ``file:line`` messages from
:mod:`tigris.yamlio`). :mod:`tigris.scenario.series` evaluates year series and demand
given as workloads. The layers import downwards only: schema, series, checks, load.
"""

from __future__ import annotations

from tigris.scenario.checks import facility_id, resolve_site
from tigris.scenario.load import (
    load_scenario,
    reference_scenario,
    reference_scenario_text,
    scenario_from_dict,
)
from tigris.scenario.schema import (
    BASELINE_VARIANTS,
    MAX_HORIZON_YEARS,
    MAX_MODULES,
    MAX_MONTHS,
    MAX_NAME_CHARS,
    MAX_PRIORITY,
    MAX_QUANTITY,
    MAX_USD,
    ROADMAP,
    SITE_OVERRIDES,
    YEAR_MAX,
    YEAR_MIN,
    CapitalSource,
    Datacenters,
    DemandClass,
    Facility,
    Horizon,
    Incumbents,
    InferWorkload,
    Product,
    Scenario,
    Site,
    Solver,
    Supply,
    Tools,
    TrainWorkload,
    Workload,
)
from tigris.scenario.series import (
    DAYS_PER_YEAR,
    deliveries_for_fleet,
    series,
    workload_fleet_h100e,
)

__all__ = [
    "BASELINE_VARIANTS",
    "DAYS_PER_YEAR",
    "MAX_HORIZON_YEARS",
    "MAX_MODULES",
    "MAX_MONTHS",
    "MAX_NAME_CHARS",
    "MAX_PRIORITY",
    "MAX_QUANTITY",
    "MAX_USD",
    "ROADMAP",
    "SITE_OVERRIDES",
    "YEAR_MAX",
    "YEAR_MIN",
    "CapitalSource",
    "Datacenters",
    "DemandClass",
    "Facility",
    "Horizon",
    "Incumbents",
    "InferWorkload",
    "Product",
    "Scenario",
    "Site",
    "Solver",
    "Supply",
    "Tools",
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
