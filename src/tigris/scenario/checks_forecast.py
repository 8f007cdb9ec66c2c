"""Cross-field checks of a scenario's ``demand_forecast`` (docs/scenario-files.md).

Part of :mod:`tigris.scenario.checks` (which runs it with the others). The forecast
overrides the parameters of :func:`tigris.world.demand.calibrated_demand`, which
applies only after the last history year ``H`` of ``data/accelerator_shipments.csv``:
a spending anchor (``spend_usd``) may be given for ``H`` or later (``H`` sets the base
level), a growth factor (``spend_growth``) for a year after ``H``. Single-field bounds
are the schema's (:class:`~tigris.scenario.schema.DemandForecast`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts

__all__ = ["check_demand_forecast"]


def check_demand_forecast(parts: Parts) -> Found:
    """Years of ``demand_forecast``'s maps are forecast years (``spend_usd`` from the
    last history year, ``spend_growth`` after it).

    Parameters
    ----------
    parts : Parts
        The scenario's accepted sections.

    Returns
    -------
    list of (location, message)
        One problem per year out of range, located at ``demand_forecast.<field>.<year>``.
    """
    sc = parts.scenario
    fc = None if sc is None else sc.demand_forecast
    if fc is None:
        return []
    from tigris.world.demand import history_years

    last = history_years()[-1]
    out: Found = []
    for field, first in (("spend_usd", last), ("spend_growth", last + 1)):
        for year in sorted(getattr(fc, field) or {}):
            if year < first:
                msg = (
                    f"expected a year from {first} (demand up to {last} is published "
                    f"history, data/accelerator_shipments.csv), got {year}"
                )
                out.append((("demand_forecast", field, year), msg))
    return out
