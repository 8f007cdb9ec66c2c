"""The fuel the plan's on-site gas modules burn, and their turbines against world supply.

A module with on-site generation that burns fuel (``data/datacenter_types.csv``
``heat_rate_btu_per_kwh`` > 0: ``datacenter-gas``) burns, a year::

    gas [MMBtu]   = energy [MWh] × heat rate [Btu/kWh] × 1,000 kWh/MWh / 10^6 Btu/MMBtu
    gas [Bcf/day] = gas [MMBtu] × 10^6 Btu/MMBtu / heat content [Btu/cf] / 10^9 cf/Bcf
                    / 365.25 days

with the energy the power table's ``onsite_energy_twh`` (facility MW × load factor ×
8,766 h), the heat rate the one its ``gco2_per_kwh`` is derived from (EIA's new
aeroderivative combustion turbine, 9,447 Btu/kWh, HHV) and the heat content of US
natural gas consumed, 1,036 Btu per cubic foot (EIA, 2023;
``data/energy_parameters.csv`` ``natural_gas_btu_per_cf``). Both on the higher heating
value, as EIA's heat rates and heat contents are.

:func:`gas_supply_share` sets the MW of on-site gas the investor commissions a year
against the world's gas-turbine production a year (``gas_turbine_mw_per_year_world``,
Wood Mackenzie 2025: 60-70 GW, all classes), a figure to read, not a limit: the plan's
limit is the scenario's ``datacenters.gas_mw_per_year_max`` (``gas-build-upper``,
:func:`tigris.plan.power.add_gas_cap`), None by default (docs/energy.md, "On-site gas:
fuel and supply").

References
----------
EIA, *Assumptions to the Annual Energy Outlook 2026*, Electricity Market Module (April
2026), Table 3 (heat rates, HHV); EIA, "Heat Content of Natural Gas Consumed"
(eia.gov/dnav/ng); EIA FAQ 74 (heat rate × fuel factor, the method of the emission
factor).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from tigris.units import DAYS_PER_YEAR, KWH_PER_MWH

__all__ = [
    "BTU_PER_MMBTU",
    "CF_PER_BCF",
    "at_gas_cap",
    "gas_bcf_per_day",
    "gas_burned_mmbtu",
    "gas_line",
    "gas_module_mw",
    "gas_supply_share",
    "gas_text",
    "natural_gas_btu_per_cf",
    "world_gas_turbine_mw_per_year",
]

#: British thermal units in a million Btu [Btu/MMBtu].
BTU_PER_MMBTU = 1e6
#: Cubic feet in a billion cubic feet [cf/Bcf].
CF_PER_BCF = 1e9
#: Megawatt-hours in a terawatt-hour [MWh/TWh].
_MWH_PER_TWH = 1e6
#: MW closer than this are equal [MW] (the builds' MW are sums of whole modules).
_MW_TOL = 1e-6


def gas_burned_mmbtu(energy_twh: Any, heat_rate_btu_per_kwh: Any) -> np.ndarray:
    """Gas burned to generate ``energy_twh``: energy × heat rate [MMBtu/year].

    Parameters
    ----------
    energy_twh : float or array
        Energy generated on site [TWh/year].
    heat_rate_btu_per_kwh : float or array
        The generator's heat rate [Btu/kWh, HHV]; 0 for no fuel (solar), broadcast
        with ``energy_twh``.

    Returns
    -------
    numpy.ndarray
        Gas burned [MMBtu/year].

    References
    ----------
    EIA, *Assumptions to the AEO2026*, Electricity Market Module, Table 3 (heat rate:
    Btu of fuel per kWh generated).

    Examples
    --------
    The reference's 18.41 TWh a year at 9,447 Btu/kWh: 173.9 million MMBtu.

    >>> round(float(gas_burned_mmbtu(18.4086, 9447)) / 1e6, 1)
    173.9
    """
    twh = np.asarray(energy_twh, dtype=float)
    rate = np.asarray(heat_rate_btu_per_kwh, dtype=float)
    return twh * _MWH_PER_TWH * KWH_PER_MWH * rate / BTU_PER_MMBTU


def gas_bcf_per_day(mmbtu_per_year: Any, btu_per_cf: float) -> np.ndarray:
    """A year's gas [MMBtu/year] as a daily volume [Bcf/day], at ``btu_per_cf``.

    Parameters
    ----------
    mmbtu_per_year : float or array
        Gas burned [MMBtu/year].
    btu_per_cf : float
        Heat content of the gas [Btu per cubic foot, HHV].

    Returns
    -------
    numpy.ndarray
        Billion cubic feet a day, over a year of 365.25 days [Bcf/day].

    References
    ----------
    EIA, "Heat Content of Natural Gas Consumed" (US 2023: 1,036 Btu/cf).

    Examples
    --------
    >>> round(float(gas_bcf_per_day(173.9e6, 1036)), 3)
    0.46
    """
    mmbtu = np.asarray(mmbtu_per_year, dtype=float)
    return mmbtu * BTU_PER_MMBTU / float(btu_per_cf) / CF_PER_BCF / DAYS_PER_YEAR


def natural_gas_btu_per_cf() -> float:
    """``data/energy_parameters.csv``'s ``natural_gas_btu_per_cf`` [Btu/cf] (EIA).

    Returns
    -------
    float
        Heat content of natural gas [Btu per cubic foot].
    """
    from tigris.energy.data import energy_parameter

    return float(energy_parameter("natural_gas_btu_per_cf"))


def world_gas_turbine_mw_per_year() -> float:
    """``data/energy_parameters.csv``'s ``gas_turbine_mw_per_year_world`` [MW/year]:
    the world's gas-turbine production a year, all classes (Wood Mackenzie 2025, the
    low end of 60-70 GW).

    Returns
    -------
    float
        The world's gas-turbine production [MW/year].
    """
    from tigris.energy.data import energy_parameter

    return float(energy_parameter("gas_turbine_mw_per_year_world"))


def gas_supply_share(commissioned_mw: Any, world_mw_per_year: float | None = None) -> np.ndarray:
    """The investor's on-site gas MW commissioned a year over the world's gas-turbine
    production a year [-].

    Parameters
    ----------
    commissioned_mw : float or array
        Facility MW of on-site gas modules first running in each year [MW/year].
    world_mw_per_year : float, optional
        World gas-turbine production [MW/year]; default
        :func:`world_gas_turbine_mw_per_year`.

    Returns
    -------
    numpy.ndarray
        The share [-]. All turbine classes are in the denominator (no sourced world
        figure for aeroderivatives and large engines alone): the share of the units a
        simple-cycle module uses is larger.

    Examples
    --------
    >>> gas_supply_share(2100.0, 60_000.0).item()
    0.035
    """
    world = world_gas_turbine_mw_per_year() if world_mw_per_year is None else world_mw_per_year
    return np.asarray(commissioned_mw, dtype=float) / float(world)


def at_gas_cap(mw: Any, cap: float, module_mw: float | None) -> np.ndarray:
    """Which years' on-site gas MW commissioned are at the cap: one more module would
    not fit (``mw + module_mw > cap``), including a year with none when the cap is
    below one module (a cap of 0 forbids on-site gas: user test 2026-12-05 energy #2,
    where it was never named).

    The builds are whole modules, so a cap that is not a multiple of a module binds
    below it: at 1,050 MW a year and 100 MW modules, 1,000 MW is at the cap, as at
    1,000 (RV-S36 #3). Without a module size (``module_mw`` None or not > 0) a year is
    at the cap when its MW reach it.

    Parameters
    ----------
    mw : float or array
        Facility MW commissioned a year [MW/year].
    cap : float
        ``datacenters.gas_mw_per_year_max`` [MW/year].
    module_mw : float or None
        Facility MW of the smallest on-site gas module the investor builds [MW].

    Returns
    -------
    numpy.ndarray of bool
        At the cap, per year.

    References
    ----------
    ``gas-build-upper`` (:func:`tigris.plan.power.add_gas_cap`); ``docs/energy.md``,
    "On-site gas: fuel and supply".

    Examples
    --------
    >>> at_gas_cap([0.0, 1000.0, 900.0, 1000.0], 1050.0, 100.0).tolist()
    [False, True, False, True]
    >>> at_gas_cap([0.0, 0.0], 50.0, 100.0).tolist()  # no module fits under the cap
    [True, True]
    """
    v = np.asarray(mw, dtype=float)
    step = float(module_mw) if module_mw is not None and module_mw > 0 else 0.0
    if step == 0.0:
        return (v > _MW_TOL) & (v >= cap - _MW_TOL)
    return v + step > cap + _MW_TOL


def gas_module_mw(result: Any) -> float | None:
    """The facility MW of the smallest on-site gas module the investor builds in the
    plan (its builds table's ``capacity`` over ``modules``, on the rows
    :func:`tigris.energy.investor.investor_energy` counts as gas: the investor's
    data-centre modules of a type with a heat-rate assumptions row) [MW]; None when it
    builds none.

    Parameters
    ----------
    result : PlanResult
        A solved plan (its ``builds`` and ``assumptions``).

    Returns
    -------
    float or None
        [MW per module].
    """
    from tigris.energy.investor import _DATACENTER, _INVESTOR, _rows
    from tigris.plan.assemble_energy import HEAT_RATE_ROW

    b = getattr(result, "builds", None)
    need = {"facility", "node", "capacity", "modules"}
    if b is None or not len(b) or not need <= set(b.columns):
        return None
    rows = _rows(getattr(result, "assumptions", None))
    sizes = []
    for x in b.to_dict("records"):
        node = str(x["node"]) if str(x["node"]) not in ("", "nan") else ""
        fid = f"{_DATACENTER}-{node}" if node else _DATACENTER
        mine = str(x.get("owner", _INVESTOR)) == _INVESTOR
        gas = str(x["facility"]) == _DATACENTER and HEAT_RATE_ROW.format(fid) in rows
        if mine and gas and float(x["modules"]) > 0:
            sizes.append(float(x["capacity"]) / float(x["modules"]))
    return min(sizes) if sizes else _offered_gas_module_mw(rows)


#: How an assumptions row of a site's module starts its value: ``100 MW (109.1 at PUE
#: 1.2, ...`` (tigris.plan.assemble: "SITE datacenter-TYPE: module").
_MODULE_MW = re.compile(r"^\s*([0-9][0-9,]*\.?[0-9]*)\s*MW\b")


def _offered_gas_module_mw(rows: dict[str, str]) -> float | None:
    """The smallest on-site gas module the plan offered, from its assumptions rows
    ``SITE datacenter-TYPE: module`` of a type with a heat-rate row [MW]; None when it
    offered none. Used when the plan builds none: a cap below one module then still
    has every year at it (review 2026-12-05: the JSON's ``gas_years_at_cap`` was empty
    while the reasons said the cap admits no module)."""
    from tigris.plan.assemble_energy import HEAT_RATE_ROW

    sizes = []
    for name, value in rows.items():
        head, _, tail = name.rpartition(": ")
        fid = head.rsplit(" ", 1)[-1]
        if tail != "module" or HEAT_RATE_ROW.format(fid) not in rows:
            continue
        if m := _MODULE_MW.match(value):
            sizes.append(float(m.group(1).replace(",", "")))
    return min(sizes) if sizes else None


def gas_line(result: Any) -> str | None:
    """One line for the text's energy section: the investor's gas burned in the last
    year [MMBtu, Bcf/d], the most on-site gas MW it commissions in a year and that MW's
    share of the world's gas-turbine production a year, and the cap in force (the
    assumptions row of ``datacenters.gas_mw_per_year_max``, else "no cap") with the
    years the investor's gas MW are at it: one more module would not fit
    (:func:`at_gas_cap`).

    Parameters
    ----------
    result : PlanResult
        A solved plan (its ``builds``, ``capacity``, ``assumptions``).

    Returns
    -------
    str or None
        The line; None when the investor burns no gas (or the run's assumptions lack
        the rows, :func:`tigris.energy.investor.investor_energy`).

    References
    ----------
    ``docs/energy.md``, "On-site gas: fuel and supply".
    """
    from tigris.energy.investor import investor_energy

    return gas_text(investor_energy(result))


def _by_year(values: Any) -> dict[int, float]:
    """``{year: value}`` with int years (a saved run's JSON keys are strings)."""
    if not isinstance(values, dict):
        return {}
    return {int(y): float(v) for y, v in values.items() if v is not None}


def gas_text(energy: dict[str, Any] | None) -> str | None:
    """:func:`gas_line` from the investor's energy (``added["energy"]``,
    :func:`tigris.energy.investor.investor_energy`, or a saved run's JSON of it), so
    that the text, the HTML report and the PNG pages say the same (UT-UTILITY #3).

    Parameters
    ----------
    energy : dict or None
        The investor's energy: ``gas_mmbtu_by_year`` [MMBtu/year] and, where known,
        ``gas_bcf_per_day_by_year`` [Bcf/day], ``gas_mw_commissioned_by_year``
        [MW/year], ``gas_world_turbine_share_by_year`` [-], ``gas_mw_per_year_max``
        [MW/year] and ``gas_years_at_cap`` [year].

    Returns
    -------
    str or None
        One sentence on the last year's fuel [million MMBtu, Bcf/d] and the peak
        year's gas generation commissioned [MW] against the cap; ``None`` without gas
        burnt.

    References
    ----------
    ``docs/energy.md``, "On-site gas: fuel and supply".
    """
    if not isinstance(energy, dict) or not energy.get("gas_mmbtu_by_year"):
        return None  # none, or a saved run's cell read back as NaN
    energy = {
        **energy,
        **{
            key: _by_year(energy[key])
            for key in (
                "gas_mmbtu_by_year",
                "gas_bcf_per_day_by_year",
                "gas_mw_commissioned_by_year",
                "gas_world_turbine_share_by_year",
            )
            if energy.get(key) is not None
        },
    }
    gas = energy["gas_mmbtu_by_year"]
    if not any(v > 0 for v in gas.values()):
        return None
    last = max(gas)
    text = f"On-site gas: the investor's modules burn {gas[last] / 1e6:,.1f}M MMBtu in {last}"
    bcf = energy.get("gas_bcf_per_day_by_year")
    if bcf is not None:
        text += f" ({bcf[last]:.2f} Bcf/d)"
    mw = energy.get("gas_mw_commissioned_by_year") or {}
    peak = max(mw, key=lambda y: mw[y]) if mw else None
    if peak is not None and mw[peak] > 0:
        text += f"; it commissions at most {mw[peak]:,.0f} MW of gas generation a year ({peak})"
        share = energy.get("gas_world_turbine_share_by_year")
        if share is not None and peak in share:
            text += (
                f", {100 * share[peak]:.1f} % of the world's gas-turbine production a year "
                "(all classes, Wood Mackenzie 2025)"
            )
    cap = energy.get("gas_mw_per_year_max")
    if cap is None:
        return text + "; no cap on it (datacenters.gas_mw_per_year_max)."
    text += f"; capped at {cap:,.0f} MW a year (datacenters.gas_mw_per_year_max)"
    # at the cap: one more module would not fit (at_gas_cap, applied once, by
    # investor_energy: the JSON's gas_years_at_cap and this line are the same list)
    at = energy.get("gas_years_at_cap") or []
    if at:
        text += ", at the cap in " + ", ".join(str(y) for y in at)
    return text + "."
