"""The headline numbers shown by run lists, sweeps and comparisons, in display order.

Every metric is a key of :meth:`tigris.plan.PlanResult.headline` ``["numbers"]`` (no
new number is computed here): the store saves those numbers with each run
(``docs/runs.md``), and ``tigris runs list``, ``tigris sweep`` and ``tigris compare``
show the ones in :data:`METRICS`.

>>> [str(m) for m in METRICS][:3]
['served_h100e', 'unmet_h100e', 'unmet_share']
>>> METRICS[0].unit, METRICS[0].label
('H100e', 'served')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["METRICS", "METRIC_UNITS", "Metric", "metric_values"]


class Metric(str):
    """A headline-number key (a ``str``, usable as a column name) with its unit and label.

    Parameters
    ----------
    key : str
        Key in ``PlanResult.headline()["numbers"]``.
    unit : str
        Unit, as written in tables [-].
    label : str
        Short name for column headers.
    """

    unit: str
    label: str

    def __new__(cls, key: str, unit: str, label: str) -> Metric:
        obj = super().__new__(cls, key)
        obj.unit = unit
        obj.label = label
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (Metric, (str(self), self.unit, self.label))


#: The numbers lists and comparisons show, in display order (units: H100e summed over
#: the horizon; H100e/year for one year's; USD of the scenario's money; ``-`` a share;
#: data-centre facility MW online and the fleet's TWh/year in the last year; t CO2 and
#: the electricity cost [USD, undiscounted] summed over the horizon).
METRICS: tuple[Metric, ...] = (
    Metric("served_h100e", "H100e", "served"),
    Metric("unmet_h100e", "H100e", "unmet"),
    Metric("unmet_share", "-", "unmet share"),
    Metric("unmet_last_year_h100e", "H100e/year", "unmet last year"),
    Metric("modules_built", "modules", "modules"),
    Metric("capex_committed_usd", "USD", "capex committed"),
    Metric("capital_spent_usd", "USD", "capital spent"),
    Metric("cost_usd", "USD", "cost"),
    Metric("npv_usd", "USD", "NPV"),
    Metric("irr", "-", "IRR"),
    Metric("objective_usd", "USD", "objective"),
    # the plan's power answer (the power table's world row; usertest #2, #6d)
    Metric("datacenter_mw_online_last_year", "MW", "DC MW online last year"),
    Metric("energy_twh_last_year", "TWh/year", "energy last year"),
    Metric("emissions_t_co2", "t CO2", "emissions"),
    Metric("electricity_cost_usd", "USD", "electricity cost"),
)
#: Unit of each metric by key.
METRIC_UNITS: dict[str, str] = {str(m): m.unit for m in METRICS}


def metric_values(numbers: Mapping[str, Any] | None) -> dict[str, float]:
    """The :data:`METRICS` read from headline numbers; NaN where absent or null.

    Parameters
    ----------
    numbers : mapping or None
        ``PlanResult.headline()["numbers"]`` (or the stored JSON of it).

    Returns
    -------
    dict
        Metric key -> float, in :data:`METRICS` order.

    Examples
    --------
    >>> metric_values({"served_h100e": 5.0, "irr": None})["served_h100e"]
    5.0
    >>> math.isnan(metric_values(None)["irr"])
    True
    """
    numbers = numbers or {}
    out: dict[str, float] = {}
    for m in METRICS:
        v = numbers.get(str(m))
        out[str(m)] = float(v) if v is not None else math.nan
    return out
