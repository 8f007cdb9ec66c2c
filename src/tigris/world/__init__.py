"""The world the planner starts from: incumbent capacity, the technology roadmap,
demand calibrated on history, the hindcast.

- :mod:`tigris.world.incumbents`: capacity by owner, kind, site and year (history and
  announced), baseline variants, incumbents' capital and sites;
- :mod:`tigris.world.roadmap`: products by ship year, mix bounds, chip bills by year;
- :mod:`tigris.world.demand`: published accelerator shipments in H100e and the demand
  calibrated on them;
- :mod:`tigris.world.hindcast`: the planner run on 2023-2025 with no new builds, against
  what was published.

Names are re-exported lazily, so importing this package costs nothing (the CLI's start-up
time is tested); the hindcast, which imports the planner, stays in its module
(``from tigris.world.hindcast import hindcast``: a re-export would clash with the
module's own name).
"""

from __future__ import annotations

from tigris._lazy import lazy_exports

#: Public name -> submodule defining it.
_EXPORTS = {
    "VARIANTS": "incumbents",
    "capacity_table": "incumbents",
    "existing_split": "incumbents",
    "existing_supply": "incumbents",
    "existing_supply_lagged": "incumbents",
    "roadmap_products": "roadmap",
    "roadmap_table": "roadmap",
    "bills_by_year": "roadmap",
    "calibrated_demand": "demand",
    "calibration_sources": "demand",
    "shipments_h100e": "demand",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
