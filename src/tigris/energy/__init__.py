"""Energy: the data-centre power that AI compute needs, its cost and its emissions.

- :mod:`tigris.energy.data`: sourced, dated data-centre capacity by region and year
  (existing and announced, with the share serving AI accelerators), grid headroom,
  interconnection lead time, electricity price and carbon intensity by region, the
  region of every site, the energy parameters (IT overhead, load factor, lease rate)
  and the data-centre facility types (grid, on-site gas, solar with storage);
- :mod:`tigris.energy.fleet`: the installed accelerator fleet, its IT and facility
  power, energy, emissions and the plan's power table.

Names are re-exported lazily, so importing this package costs nothing (the CLI's start-up
time is tested): ``from tigris.energy import site_region`` imports the data module only
then.
"""

from __future__ import annotations

from tigris._lazy import lazy_exports

#: Public name -> submodule defining it.
_EXPORTS = {
    "REGIONS": "data",
    "datacenter_capacity_mw": "data",
    "grid_headroom_mw": "data",
    "grid_lead_months": "data",
    "electricity_usd_per_mwh": "data",
    "grid_gco2_per_kwh": "data",
    "site_region": "data",
    "energy_parameter": "data",
    "datacenter_type": "data",
    "capacity_table": "data",
    "grid_table": "data",
    "VARIANTS": "data",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
