"""Fab layer: what a fab costs, how many scanners it needs, how long it takes, what a
wafer costs and how many accelerators come out.

Pure, vectorised functions (scanner counts, ramp S-curve, capex spend profile,
defect-density learning, levelised cost per wafer) and one orchestrator,
:func:`fab_model`, that strings them together for a node, a capacity in wafer starts
per month (WSPM) and a candidate site. :func:`capacity_for_budget` answers the inverse
question: what capacity does a budget buy.

Every number comes from three shipped tables, each row with ``source`` and ``as_of``:
``sites.csv`` (construction-cost multiplier, permit, construction and ramp months,
electricity, labour, water, subsidy), ``fab_tools.csv`` (scanner prices, effective
throughput, availability, power) and ``fab_parameters.csv`` (building, other
equipment, depreciation lives, opex per wafer, ramp shape, public capex benchmarks).

Conventions: time ``t`` is in years from groundbreaking (start of construction);
``build_years`` runs from groundbreaking to first wafer, ``ramp_years`` from first
wafer to full output. Scanner counts are whole tools (``int``, rounded up). Every data
row's money carries a ``price_year`` (``data/fab_parameters.csv``, ``fab_tools.csv``;
site prices of ``site_prices_price_year``); a fab's money is all in US dollars of one
year: its node's :func:`capex_price_year`, or ``Y`` when ``dollars_of=Y`` asks
(:mod:`tigris.fab.dollars`: tools by the BLS PPI for semiconductor machinery, the rest
by the CPI-U); the planner asks for its scenario's ``currency_year``.
"""

from tigris.fab.curves import (
    annual_output_fraction,
    capex_spend_fractions,
    defect_density_learning,
    levelised_cost_per_wafer,
    ramp_output_fraction,
    tools_needed,
)
from tigris.fab.data import Site, Tool, fab_param, get_site, get_tool, list_sites
from tigris.fab.model import (
    FabResult,
    building_taiwan_usd,
    capacity_for_budget,
    capex_price_year,
    construction_multiplier,
    fab_employees,
    fab_model,
    installation_premium,
    other_equipment_rate,
    scanner_price_usd,
    size_scale,
)
from tigris.units import HOURS_PER_YEAR

__all__ = [
    "HOURS_PER_YEAR",
    "FabResult",
    "Site",
    "Tool",
    "annual_output_fraction",
    "building_taiwan_usd",
    "capacity_for_budget",
    "capex_price_year",
    "capex_spend_fractions",
    "construction_multiplier",
    "defect_density_learning",
    "fab_employees",
    "fab_model",
    "fab_param",
    "get_site",
    "get_tool",
    "installation_premium",
    "levelised_cost_per_wafer",
    "list_sites",
    "other_equipment_rate",
    "ramp_output_fraction",
    "scanner_price_usd",
    "size_scale",
    "tools_needed",
]
