"""Emissions and energy per unit of compute in service (UT-ESG #8).

The power table's energy and emissions are the whole fleet's, the legacy fleet
(delivered before the horizon) included, while the plan's compute in service
(:meth:`tigris.plan.PlanResult.in_service`) leaves the legacy fleet out: their naive
ratio overstated the reference's 2026 intensity by ~70 % (4.05 t CO2 per H100e-year
where 2.35 is right). This module divides like by like, from the run's own tables:

    t CO2 per H100e-year [t] = emissions_t_co2[world, t] /
                               (in_service[t] + legacy H100e in service[t])

and the same for kWh (``energy_twh × 10^9``). Both sides count a year's deliveries
for the whole year (the year-end stock: ``energy_twh``, not ``energy_twh_year_mean``,
and :func:`tigris.energy.fleet.fleet_by_year` for the stock), and the legacy fleet's
H100e by year is the assumptions row
:data:`tigris.plan.assemble_energy.LEGACY_H100E_ROW` (the same
:func:`tigris.energy.fleet.legacy_fleet` whose MW the power table counts). Only with
``demand_basis: delivered``: with ``installed`` the in-service figures already hold
the legacy fleet's share, so none is given rather than a double count.

References
----------
IEA, *Energy and AI* (2025), ch. 2 (energy of installed capacity); OECD, *Measuring
Capital* (2009), ch. 6 (the stock of a fixed service life).
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["INTENSITY_NOTE", "compute_intensity"]

#: What the figures are, said with them.
INTENSITY_NOTE = (
    "the world AI fleet's emissions (and energy) per H100e in service, legacy fleet "
    "included on both sides, both on the year-end stock (energy_twh, not "
    "energy_twh_year_mean); location-based grid (life-cycle CO2e) and on-site "
    "(combustion CO2) as the power table (docs/energy.md, 'Emissions: what is counted')"
)
#: kWh in a TWh [kWh/TWh].
KWH_PER_TWH = 1e9


def compute_intensity(result: Any) -> dict[str, Any] | None:
    """t CO2 and kWh per H100e-year in service, by year, the legacy fleet counted.

    Parameters
    ----------
    result : PlanResult
        A solved plan (its ``power`` table, ``in_service()`` and assumptions).

    Returns
    -------
    dict or None
        ``t_co2_per_h100e_year_by_year`` [t CO2 per H100e-year], ``kwh_per_h100e_year_by_year``
        [kWh per H100e-year], ``h100e_in_service_by_year`` (the plan's in-service
        compute plus the legacy fleet's) and ``legacy_h100e_by_year`` [H100e], and
        ``note``. None without a plan, in-service figures on the ``delivered`` basis,
        the legacy row (a run saved before it) or the power table's world rows.

    Notes
    -----
    By year, ``t CO2 / (H100e in service + legacy H100e)`` and ``energy_twh · 10^9 kWh
    per TWh / (the same)``, from the ``world`` rows of the power table.

    References
    ----------
    ``docs/energy.md``, "Fleet and energy" ("Per unit of compute"); emissions are
    location-based, GHG Protocol *Scope 2 Guidance* (2015), ch. 6.
    """
    from tigris.plan.assemble_energy import LEGACY_H100E_ROW, factor_by_year

    in_service = getattr(result, "in_service", None)
    stock = in_service() if callable(in_service) else None
    if not stock or stock.get("basis") != "delivered":
        return None
    a = getattr(result, "assumptions", None)
    if a is None or not len(a) or "parameter" not in a:
        return None
    rows = a[a["parameter"] == LEGACY_H100E_ROW]
    power = getattr(result, "power", None)
    if not len(rows) or power is None or not len(power):
        return None
    world = power[power["region"] == "world"].set_index("year")
    by_year = {int(y): float(v) for y, v in stock["h100e_by_year"].items()}
    years = sorted(by_year)
    legacy = factor_by_year(rows["value"].iloc[0], years)
    t_per, kwh_per, fleet_by, legacy_by = {}, {}, {}, {}
    for y, lg in zip(years, legacy.tolist(), strict=True):
        fleet = by_year[y] + lg
        if y not in world.index or not math.isfinite(fleet) or fleet <= 0:
            return None
        t_per[y] = float(world.loc[y, "emissions_t_co2"]) / fleet
        kwh_per[y] = float(world.loc[y, "energy_twh"]) * KWH_PER_TWH / fleet
        fleet_by[y], legacy_by[y] = fleet, lg
    return {
        "t_co2_per_h100e_year_by_year": t_per,
        "kwh_per_h100e_year_by_year": kwh_per,
        "h100e_in_service_by_year": fleet_by,
        "legacy_h100e_by_year": legacy_by,
        "note": INTENSITY_NOTE,
    }
