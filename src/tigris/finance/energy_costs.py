"""What a module pays per unit it sells, and a data-centre module's energy premium.

Part of :mod:`tigris.finance.cashflow` (split from it; its names are importable from
there): :func:`unit_costs` (the variable cost of a finished wafer or, on a data-centre
row, the energy a module draws at its own price) and :func:`energy_premium_usd_per_year`
(the part of a data-centre module's opex that is energy, as
:func:`tigris.plan.assemble_energy.datacenter_module` quotes it), read by the cash flows,
the ``npv`` objective and the merit order alike.

References: ``docs/energy.md``, "The power constraint" (Money) and "Electricity price";
``docs/finance.md``, "Cash flows" (energy on energy drawn, user test 6 #3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tigris.finance.money_inputs import _prices, _variable_costs
from tigris.units import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from tigris.plan.inputs import PlanInputs


def energy_premium_usd_per_year(inp: PlanInputs) -> np.ndarray:
    """(S, K) the part of a data-centre module's ``opex_usd_per_year`` that is energy:
    its own price's difference from the pool's at full use [USD/module/year]; 0 for
    every other facility and without data-centre power.

    ``(p_own − p_pool · pue / u) · MW · load · 8,766 h`` as
    :func:`tigris.plan.assemble_energy.datacenter_module` charges it: ``MW`` the
    module's facility MW (``power_mw``), ``u`` its PUE, ``p_own`` its on-site energy
    price (``PowerRegions.onsite_usd_per_mwh``) or, grid-powered, its region's price
    (``data/grid.csv``, horizon mean, in dollars of the ``currency_year``:
    ``PowerRegions.grid_dollars``) × the scenario's multiplier, ``p_pool`` the
    pool's energy per MWh of the rows' unit (the datacenter variable cost per MW-month
    over hours a month × load, horizon mean).

    Parameters
    ----------
    inp : PlanInputs
        The planning problem: ``opex_usd_per_year`` (S, K) [USD/module/year],
        ``power_mw`` (S, K) facility power of a module [MW], ``pue`` the rows' PUE [-],
        ``facility_kind`` (K,) and ``power_regions`` (each module's PUE [-] and own or
        grid energy price [USD/MWh]).

    Returns
    -------
    numpy.ndarray
        (S, K) energy premium of one module at full use [USD/module/year]; 0 for other
        facility kinds and without data-centre power.

    References
    ----------
    ``docs/energy.md``, "The power constraint" (Money) and "Electricity price".
    """
    from tigris.energy.data import energy_parameter
    from tigris.units import HOURS_PER_MONTH, HOURS_PER_YEAR

    shape = np.shape(np.asarray(inp.opex_usd_per_year, dtype=float))
    own = _own_energy_usd_per_year(inp)
    out = np.zeros(shape)
    if own is None:
        return out
    reg = inp.power_regions
    load = float(energy_parameter("load_factor"))
    var = _variable_costs(inp)
    dc = [k for k, kind in enumerate(inp.facility_kind) if kind == "datacenter"]
    pool = float(np.mean(var[dc[0]])) / (HOURS_PER_MONTH * load)
    mod_pue = np.asarray(reg.module_pue, dtype=float)
    size = np.asarray(inp.power_mw, dtype=float)
    known = np.isfinite(own).all(axis=-1)
    for s, k in zip(*np.nonzero(known), strict=True):
        ratio = float(inp.pue) / float(mod_pue[s, k])
        pool_part = pool * ratio * size[s, k] * load * HOURS_PER_YEAR
        out[s, k] = float(np.mean(own[s, k])) - pool_part
    return out


def _own_energy_usd_per_year(inp: PlanInputs) -> np.ndarray | None:
    """(S, K, T) a data-centre module's energy at its own price at full use, by year:
    ``p_own[t] · MW · load · 8,766 h`` [USD/module/year]; NaN where the module has no
    own price (not a data centre, no MW, no PUE, a region the data does not know);
    None without data-centre power. ``p_own`` as :func:`energy_premium_usd_per_year`.
    """
    from tigris.energy.data import electricity_usd_per_mwh, energy_parameter
    from tigris.errors import TigrisError
    from tigris.units import HOURS_PER_YEAR

    reg = getattr(inp, "power_regions", None)
    kinds = list(getattr(inp, "facility_kind", ()))
    if reg is None or "datacenter" not in kinds:
        return None
    shape = np.shape(np.asarray(inp.opex_usd_per_year, dtype=float))
    years = np.asarray(inp.years, dtype=int)
    out = np.full((*shape, len(years)), np.nan)
    load = float(energy_parameter("load_factor"))
    mod_pue = np.asarray(reg.module_pue, dtype=float)
    onsite = np.asarray(reg.onsite_usd_per_mwh, dtype=float)
    size = np.asarray(inp.power_mw, dtype=float)
    regions = getattr(inp, "site_region", None) or ()
    for k in [k for k, kind in enumerate(kinds) if kind == "datacenter"]:
        for s in range(shape[0]):
            if not size[s, k] > 0:
                continue
            if not (np.isfinite(mod_pue[s, k]) and mod_pue[s, k] > 0):
                continue
            if np.isfinite(onsite[k]):
                price = np.full(len(years), float(onsite[k]))
            elif s < len(regions) and regions[s]:
                try:  # a region the data knows (a hand-built problem may name others)
                    grid = electricity_usd_per_mwh(regions[s], years)
                except TigrisError:  # its premium stays in opex, as the model has it
                    continue
                # x the scenario's multiplier, in dollars of its currency_year
                # (PowerRegions.grid_dollars: CPI-U from data_prices_price_year)
                to_plan = float(getattr(reg, "grid_dollars", 1.0))
                mult = float(reg.grid_price_multiplier) * to_plan
                price = np.asarray(grid, dtype=float) * mult
            else:
                continue
            out[s, k] = price * size[s, k] * load * HOURS_PER_YEAR
    return out


def pass_through_shift(inp: PlanInputs) -> np.ndarray:
    """(S, K, T) what a data-centre module's unit price differs from its row's price
    by: the energy its site passes through less the pool's [USD/unit].

    A data-centre row's price is the lease plus the pool's energy per MW-month used
    (the row's ``variable_cost``, :func:`tigris.plan.assemble_energy.datacenter_money`);
    a module's tenant pays the energy of the module's site instead
    (``PowerRegions.pass_through_usd_per_mw_month``,
    :func:`tigris.plan.assemble_energy.site_pass_through`), so the shift is
    ``pass[s, t] − variable_cost[k, t]`` on data-centre rows where the site has one,
    0 elsewhere (fabs, a hand-built problem without it, a region without data).

    Parameters
    ----------
    inp : PlanInputs
        The problem (its ``power_regions``, ``facility_kind`` and sites).

    Returns
    -------
    np.ndarray
        The shift, shape (S, K, T) [USD/unit].

    References
    ----------
    ``docs/energy.md``, "The power constraint" (Money); UT-UTILITY #1 (session 37).
    """
    var = _variable_costs(inp)
    out = np.zeros((len(inp.sites), *var.shape))
    reg = getattr(inp, "power_regions", None)
    passed = None if reg is None else getattr(reg, "pass_through_usd_per_mw_month", None)
    if passed is None:
        return out
    passed = np.asarray(passed, dtype=float)
    kinds = list(getattr(inp, "facility_kind", ()))
    for k in [k for k, kind in enumerate(kinds) if kind == "datacenter"]:
        for s in range(min(len(inp.sites), len(passed))):
            if np.isfinite(passed[s]).all():
                out[s, k] = passed[s] - var[k]
    return out


def unit_prices(inp: PlanInputs) -> np.ndarray:
    """(S, K, T) what a module is paid per unit it sells [USD/unit]: the row's price
    (``price_usd_per_wafer``), a data-centre module's with its site's energy passed
    through instead of the pool's (:func:`pass_through_shift`).

    Parameters
    ----------
    inp : PlanInputs
        The problem.

    Returns
    -------
    np.ndarray
        The unit price, shape (S, K, T) [USD/unit].

    References
    ----------
    ``docs/energy.md``, "The power constraint" (Money).
    """
    price = _prices(inp)
    return price[None] + pass_through_shift(inp)


def unit_costs(inp: PlanInputs) -> np.ndarray:
    """(S, K, T) what a module pays per unit it sells (a finished wafer; on a
    data-centre row a MW-month of the rows' unit) [USD/unit].

    ``c[s, k, t] = variable_cost[k, t]`` (the wafer's variable cost; on a data-centre
    row the pool's energy), except for a data-centre module with its own price:
    ``c[s, k, t] = p_own[t] · MW · load · 8,766 h / (12 · module_output[s, k])``, its
    energy at its own price at full use (:func:`_own_energy_usd_per_year`) spread over
    the units it sells a year at full use: the pool's energy plus its premium
    (:func:`energy_premium_usd_per_year`) per unit, with the year's prices instead of
    the horizon's mean. So ``sold · c`` is the energy the module draws at its own price
    (an on-site gas module's fuel, a grid module's grid bill) and 0 when it sells
    nothing.

    Parameters
    ----------
    inp : PlanInputs
        The problem (its variable costs, module outputs and own-price energy).

    Returns
    -------
    np.ndarray
        The unit cost, shape (S, K, T) [USD/unit].

    References
    ----------
    ``docs/energy.md``, "The power constraint" (Money); ``docs/finance.md``, "Cash
    flows" (energy on energy drawn, user test 6 #3).
    """
    var = _variable_costs(inp)
    out = np.broadcast_to(var[None], (len(inp.sites), *var.shape)).copy()
    own = _own_energy_usd_per_year(inp)
    if own is None:
        return out
    per_year = MONTHS_PER_YEAR * np.asarray(inp.module_output, dtype=float)[..., None]
    mine = np.isfinite(own) & (per_year > 0)
    out[mine] = (own / np.where(per_year > 0, per_year, 1.0))[mine]
    return out
