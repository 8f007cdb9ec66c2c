"""A fab's CO2 from its electricity: tonnes a year and kilograms per wafer (UT-ESG #6,
S36 HBM-OUT #3).

Pure arithmetic on the fab layer's own electricity
(:attr:`tigris.fab.FabResult.energy_mwh_per_year`, at full output) and a grid emission
factor the caller looks up (``tigris fab`` reads the site's region's
``grid_gco2_per_kwh`` from ``data/grid.csv``, the factor the plan uses for fabs and grid
data centres). The basis is the factor's: location-based (the region's
average production mix, GHG Protocol *Scope 2 Guidance*, 2015, ch. 6), life-cycle CO2e
(``docs/energy.md``, "Emissions: what is counted"). Only purchased electricity is
counted: the fab's process gases (fluorinated, N2O) and on-site fuel, scope 1, and its
embodied emissions are not.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from tigris.units import KWH_PER_MWH

__all__ = ["KG_PER_T", "co2_kg_per_wafer", "co2_t_per_year"]

#: Kilograms in a tonne [kg/t].
KG_PER_T = 1e3
#: Grams in a tonne [g/t].
_G_PER_T = 1e6


def co2_t_per_year(energy_mwh_per_year: ArrayLike, gco2_per_kwh: ArrayLike) -> NDArray[np.float64]:
    """CO2 of a fab's electricity in a year.

    Parameters
    ----------
    energy_mwh_per_year : array_like
        Electricity drawn [MWh/year].
    gco2_per_kwh : array_like
        Grid emission factor [gCO2e/kWh].

    Returns
    -------
    numpy.ndarray
        ``MWh x 1,000 kWh/MWh x g/kWh / 10^6 g/t`` [t CO2e/year].

    References
    ----------
    GHG Protocol, *Scope 2 Guidance* (2015), ch. 6: location-based emissions = activity
    (kWh) x the grid's average emission factor.

    Examples
    --------
    >>> float(co2_t_per_year(1_934_193.0, 369.0))  # tigris fab N3 50k arizona-usa
    713717.217
    """
    e = np.asarray(energy_mwh_per_year, dtype=float)
    g = np.asarray(gco2_per_kwh, dtype=float)
    return e * KWH_PER_MWH * g / _G_PER_T


def co2_kg_per_wafer(t_co2_per_year: ArrayLike, wafers_per_year: ArrayLike) -> NDArray[np.float64]:
    """CO2 per wafer out of a fab at full output.

    Parameters
    ----------
    t_co2_per_year : array_like
        CO2 a year (:func:`co2_t_per_year`) [t CO2e/year].
    wafers_per_year : array_like
        Wafers out a year at full output [wafers/year]; 0 gives NaN.

    Returns
    -------
    numpy.ndarray
        [kg CO2e/wafer].

    References
    ----------
    Emission intensity per unit of output (a physical intensity ratio), GHG Protocol
    Corporate Standard (2004), ch. 9: total emissions / units produced.

    Examples
    --------
    >>> round(float(co2_kg_per_wafer(713_717.217, 588_000.0)), 1)
    1213.8
    """
    t = np.asarray(t_co2_per_year, dtype=float)
    w = np.asarray(wafers_per_year, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(w > 0, t * KG_PER_T / np.where(w > 0, w, 1.0), np.nan)
