"""Running costs of an inference fleet: power, energy, rental and ownership per day.

Split from :mod:`tigris.workload.inference` (which calls :func:`running_costs` on the
sized prefill plus decode fleet) to keep modules short.
"""

from __future__ import annotations

from dataclasses import dataclass

from tigris.catalog import Accelerator
from tigris.units import HOURS_PER_DAY
from tigris.workload._common import (
    check_positive,
    energy_mwh,
    facility_power_mw,
    ownership_cost_usd,
    pick,
    pue_note,
    rental_cost_usd,
    rental_rate,
    system_power,
)

__all__ = ["Costs", "running_costs"]


@dataclass(frozen=True)
class Costs:
    """Power, energy and daily cost of a fleet (units in the names)."""

    system_power_w: float
    pue: float
    it_overhead: float
    power_mw: float
    energy_mwh_per_day: float
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
) -> Costs:
    """Power [MW], energy [MWh/day], rental and ownership cost [USD/day] of ``n_acc``.

    Facility power ``n · P_sys · it_overhead · PUE``: the accelerators' server share plus
    the cluster's network, storage and management (``it_overhead``), the same factor
    :func:`tigris.workload.train` and the plan's power rows use. Rental:
    accelerator-hours x price. Ownership: purchase price amortised straight-line
    over the lifetime plus electricity (:func:`tigris.workload.ownership_cost_usd`);
    NaN, with a note, when the part has no price.

    Parameters
    ----------
    n_acc : int
        Accelerators in the fleet [-].
    acc : Accelerator
        The part (power, price).
    power_w, pue, usd_per_accelerator_hour, lifetime_years, usd_per_kwh, price_usd
        Overrides of server power [W], PUE [-], rental price [USD/h], amortisation
        period [year], electricity price [USD/kWh] and purchase price [USD]; ``None``
        takes the catalog or ``workload_defaults.csv`` value (the rent: the part's
        latest in ``data/prices.csv`` first, :func:`tigris.workload._common.rental_rate`).
    it_overhead : float, optional
        Cluster IT power (servers plus network, storage and management) over server
        power [-], at least 1; default ``it_overhead`` of ``data/energy_parameters.csv``
        (1.08, NVIDIA DGX H100 SuperPOD).

    Returns
    -------
    Costs
        Units in the field names.

    References
    ----------
    Sources of the defaults in ``workload_defaults.csv`` (PUE, electricity and rental
    prices) and the catalog (server power, price). Facility power: Patterson et al.
    2021, arXiv 2104.10350, Sec. 2, with the network and storage factor of the NVIDIA
    DGX H100 SuperPOD (1.4 MW for 1,016 GPUs against 10.2 kW per 8-GPU server; data
    ``energy_parameters.csv``).

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
    p_sys = system_power(acc, power_w)
    pue_v = pick(pue, "pue")
    check_positive(pue_v, "--pue", at_least=1.0)
    if it_overhead is None:
        from tigris.energy.data import energy_parameter

        it_overhead = energy_parameter("it_overhead")
    check_positive(it_overhead, "--it-overhead", at_least=1.0)
    # Cluster IT power per accelerator: its server share x (network, storage, management).
    p_cluster = p_sys * float(it_overhead)
    power = float(facility_power_mw(n_acc, p_cluster, pue_v))
    e_day = float(energy_mwh(n_acc, p_cluster, 1.0, pue_v))
    rate, rental_basis, rental_note = rental_rate(acc, usd_per_accelerator_hour)
    check_positive(rate, "--usd-per-hour", allow_zero=True)
    cost_day = rental_cost_usd(n_acc * HOURS_PER_DAY, rate)
    life = pick(lifetime_years, "lifetime_years")
    check_positive(life, "--lifetime-years")
    kwh = pick(usd_per_kwh, "usd_per_kwh")
    check_positive(kwh, "--usd-per-kwh", allow_zero=True)
    check_positive(price_usd, "--price-usd")
    price = price_usd if price_usd is not None else acc.price_usd
    notes: list[str] = [n for n in (pue_note(pue_v), rental_note) if n]
    if price is None:
        notes.append(f"{acc.name} has no price in the catalog; pass --price-usd for ownership cost")
        owned_day = float("nan")
    else:
        owned_day = float(ownership_cost_usd(n_acc, 1.0, float(price), life, e_day, kwh)[2])
    return Costs(
        system_power_w=p_sys,
        pue=float(pue_v),
        it_overhead=float(it_overhead),
        power_mw=power,
        energy_mwh_per_day=e_day,
        usd_per_accelerator_hour=float(rate),
        usd_per_day=float(cost_day),
        ownership_usd_per_day=owned_day,
        notes=tuple(notes),
        rental_basis=rental_basis,
    )
