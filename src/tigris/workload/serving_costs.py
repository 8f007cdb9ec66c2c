"""Running costs of an accelerator fleet: power, energy, rental and ownership.

:func:`cluster_costs` prices ``count`` accelerators running for ``days`` (arrays
broadcast): :func:`tigris.workload.train` calls it on a training run's cluster, and
:func:`running_costs` on an inference service's sized prefill plus decode fleet for one
day. Split from :mod:`tigris.workload.inference` to keep modules short.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from tigris.catalog import Accelerator
from tigris.units import HOURS_PER_DAY
from tigris.workload._common import (
    FloatOrArray,
    as_float,
    check_positive,
    energy_mwh,
    facility_power_mw,
    ownership_cost_usd,
    pick,
    pue_note,
    rental_cost_usd,
    rental_rate,
    system_power,
    usd_per_kwh_note,
)

__all__ = ["ClusterCosts", "Costs", "cluster_costs", "running_costs"]


@dataclass(frozen=True)
class ClusterCosts:
    """Power, energy and money of ``count`` accelerators for ``days`` (units in the names).

    Each input value is kept as given (or as the default it took), each result is a
    float, or an array of the inputs' broadcast shape.
    """

    system_power_w: float
    pue: Any
    it_overhead: Any
    power_mw: FloatOrArray
    load_factor: Any
    energy_mwh: FloatOrArray
    accelerator_hours: FloatOrArray
    usd_per_accelerator_hour: Any
    rental_basis: str
    rental_usd: FloatOrArray
    price_usd: float | None
    lifetime_years: Any
    usd_per_kwh: Any
    capex_usd: FloatOrArray
    energy_usd: FloatOrArray
    ownership_usd: FloatOrArray
    notes: tuple[str, ...]


def cluster_costs(
    count: ArrayLike,
    days: ArrayLike,
    acc: Accelerator,
    *,
    power_w: float | None,
    pue: Any,
    it_overhead: Any,
    usd_per_accelerator_hour: Any,
    lifetime_years: Any,
    usd_per_kwh: Any,
    price_usd: float | None,
    load_factor: Any = None,
) -> ClusterCosts:
    """Power [MW], energy [MWh], rental and ownership cost [USD] of ``count`` for ``days``.

    Facility power ``n · P_sys · it_overhead · PUE``: the accelerators' server share plus
    the cluster's network, storage and management (``it_overhead``), the factor the
    plan's power rows use too, at the servers' rated draw (what a site provisions);
    energy is that power times ``load_factor`` (the average draw over the rated one)
    for ``days``, as the plan counts it (user test 2026-12-06 power #3: an H100-year
    was 14.5 MWh in ``train`` and 10.9 in ``plan``). Rental:
    accelerator-hours x price. Ownership: purchase price amortised straight-line over
    the lifetime plus electricity (:func:`tigris.workload.ownership_cost_usd`); NaN, with
    a note, when the part has no price.

    Parameters
    ----------
    count : float or array
        Accelerators [-].
    days : float or array
        Wall-clock time they run [day].
    acc : Accelerator
        The part (power, price).
    power_w, pue, usd_per_accelerator_hour, lifetime_years, usd_per_kwh, price_usd
        Overrides of server power [W], PUE [-], rental price [USD/h], amortisation
        period [year], electricity price [USD/kWh] and purchase price [USD]; ``None``
        takes the catalog or ``workload_defaults.csv`` value (the rent: the part's
        latest in ``data/prices.csv`` first, :func:`tigris.workload._common.rental_rate`).
    it_overhead : float or array, optional
        Cluster IT power (servers plus network, storage and management) over server
        power [-], at least 1; ``None`` takes ``it_overhead`` of
        ``data/energy_parameters.csv`` (1.08, NVIDIA DGX H100 SuperPOD).
    load_factor : float or array, optional
        Average draw over the rated draw, in (0, 1] [-]; ``None`` takes ``load_factor``
        of ``data/energy_parameters.csv`` (0.75, Epoch AI's average server draw in
        training); 1 when ``power_w`` is already a measured average (Patterson's).

    Returns
    -------
    ClusterCosts
        Units in the field names.

    Raises
    ------
    InputError
        A PUE or IT overhead below 1; a negative rental or electricity price; a lifetime
        or purchase price not above 0; a part with no power and no ``power_w``.

    References
    ----------
    Facility power and energy: Patterson et al. 2021, arXiv 2104.10350, Sec. 2 (energy
    from the average power), with the load factor of Epoch AI's energy model (average
    draw 0.75 x rated, after Patterson et al. and Barroso et al.) and the network and
    storage factor of the NVIDIA DGX H100 SuperPOD (1.4 MW for 1,016
    GPUs against 10.2 kW per 8-GPU server; data ``energy_parameters.csv``). Sources of
    the defaults in ``workload_defaults.csv`` (PUE, electricity and rental prices) and
    the catalog (server power, price).

    Examples
    --------
    1,024 accelerators for 10 days are 245,760 accelerator-hours, rented at $2/h:

    >>> from tigris.catalog import get_accelerator
    >>> c = cluster_costs(1024, 10.0, get_accelerator("h100"), power_w=None, pue=None,
    ...                   it_overhead=None, usd_per_accelerator_hour=2.0,
    ...                   lifetime_years=None, usd_per_kwh=None, price_usd=None)
    >>> c.accelerator_hours, c.rental_usd == 245_760 * 2.0
    (245760.0, True)
    """
    notes: list[str] = []
    if power_w is None and acc.system_power_w is None:
        # the count and days stand without it (a scenario's workload needs only the
        # count, user test 2026-12-05 chain #5); power, energy and their money do not
        p_sys = math.nan
        notes.append(
            f"{acc.name} has no system power per accelerator in the catalog, so power, "
            "energy and their costs are not computed; pass --power-w [W per "
            "accelerator, server share]"
        )
    else:
        p_sys = system_power(acc, power_w)
    pue_v = pick(pue, "pue")
    check_positive(pue_v, "--pue", at_least=1.0)
    if it_overhead is None:
        from tigris.energy.data import energy_parameter

        it_overhead = energy_parameter("it_overhead")
    check_positive(it_overhead, "--it-overhead", at_least=1.0)
    # Cluster IT power per accelerator: its server share x (network, storage, management).
    p_cluster = np.asarray(p_sys * np.asarray(it_overhead, dtype=float))
    power = facility_power_mw(count, p_cluster, pue_v)
    if load_factor is None:
        from tigris.energy.data import energy_parameter

        load_factor = energy_parameter("load_factor")
    check_positive(load_factor, "--load-factor", at_most=1.0)
    energy = energy_mwh(count, p_cluster * np.asarray(load_factor, dtype=float), days, pue_v)
    hours = as_float(np.asarray(count) * np.asarray(days) * HOURS_PER_DAY)
    rate, rental_basis, rental_note = rental_rate(acc, usd_per_accelerator_hour)
    check_positive(rate, "--usd-per-hour", allow_zero=True)
    rental = rental_cost_usd(hours, rate)
    life = pick(lifetime_years, "lifetime_years")
    check_positive(life, "--lifetime-years")
    kwh = pick(usd_per_kwh, "usd_per_kwh")
    check_positive(kwh, "--usd-per-kwh", allow_zero=True)
    check_positive(price_usd, "--price-usd", allow_zero=True)  # 0: already owned (s48 #6)
    price = price_usd if price_usd is not None else acc.price_usd
    notes += [n for n in (pue_note(pue_v), usd_per_kwh_note(kwh), rental_note) if n]
    if price is None:
        notes.append(f"{acc.name} has no price in the catalog; pass --price-usd for ownership cost")
    capex, energy_cost, owned = ownership_cost_usd(
        count, days, float("nan") if price is None else float(price), life, energy, kwh
    )
    return ClusterCosts(
        system_power_w=p_sys,
        pue=pue_v,
        it_overhead=it_overhead,
        power_mw=power,
        load_factor=load_factor,
        energy_mwh=energy,
        accelerator_hours=hours,
        usd_per_accelerator_hour=rate,
        rental_basis=rental_basis,
        rental_usd=rental,
        price_usd=None if price is None else float(price),
        lifetime_years=life,
        usd_per_kwh=kwh,
        capex_usd=capex,
        energy_usd=energy_cost,
        ownership_usd=owned,
        notes=tuple(notes),
    )


@dataclass(frozen=True)
class Costs:
    """Power, energy and daily cost of a fleet (units in the names)."""

    system_power_w: float
    pue: float
    it_overhead: float
    power_mw: float
    energy_mwh_per_day: float
    load_factor: float
    usd_per_accelerator_hour: float
    usd_per_day: float
    ownership_usd_per_day: float
    notes: tuple[str, ...]
    rental_basis: str = "given"


def running_costs(
    n_acc: int,
    acc: Accelerator,
    *,
    power_w: float | None,
    pue: float | None,
    usd_per_accelerator_hour: float | None,
    it_overhead: float | None = None,
    lifetime_years: float | None,
    usd_per_kwh: float | None,
    price_usd: float | None,
    load_factor: float | None = None,
) -> Costs:
    """Power [MW], energy [MWh/day], rental and ownership cost [USD/day] of ``n_acc``.

    :func:`cluster_costs` of ``n_acc`` accelerators for one day, as floats.

    Parameters
    ----------
    n_acc : int
        Accelerators in the fleet [-].
    acc : Accelerator
        The part (power, price).
    power_w, pue, usd_per_accelerator_hour, it_overhead, lifetime_years, usd_per_kwh, price_usd
        As :func:`cluster_costs` (scalars here).
    load_factor : float, optional
        As :func:`cluster_costs`.

    Returns
    -------
    Costs
        Units in the field names.

    References
    ----------
    As :func:`cluster_costs`.

    Examples
    --------
    Rental is accelerator-hours times the hourly price:

    >>> from tigris.catalog import get_accelerator
    >>> c = running_costs(8, get_accelerator("h100"), power_w=None, pue=None,
    ...                   usd_per_accelerator_hour=2.0, lifetime_years=None,
    ...                   usd_per_kwh=None, price_usd=None)
    >>> c.usd_per_day == 8 * 24 * 2.0
    True

    Eight H100 at 1,275 W each, IT overhead 1.08 and PUE 1.2 draw 13.2 kW:

    >>> round(c.power_mw * 1e6 / (8 * 1275 * 1.08 * 1.2), 9)
    1.0
    """
    c = cluster_costs(
        n_acc,
        1.0,
        acc,
        power_w=power_w,
        pue=pue,
        it_overhead=it_overhead,
        usd_per_accelerator_hour=usd_per_accelerator_hour,
        lifetime_years=lifetime_years,
        usd_per_kwh=usd_per_kwh,
        price_usd=price_usd,
        load_factor=load_factor,
    )
    return Costs(
        system_power_w=c.system_power_w,
        pue=float(c.pue),
        it_overhead=float(c.it_overhead),
        power_mw=float(c.power_mw),
        energy_mwh_per_day=float(c.energy_mwh),
        load_factor=float(c.load_factor),
        usd_per_accelerator_hour=float(c.usd_per_accelerator_hour),
        usd_per_day=float(c.rental_usd),
        ownership_usd_per_day=float(c.ownership_usd),
        notes=c.notes,
        rental_basis=c.rental_basis,
    )
