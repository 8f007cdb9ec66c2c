"""Money: prices, cash flows, NPV, IRR and payback of the modules the planner builds.

- :mod:`tigris.finance.prices`: sourced, dated price series (wafer by node, CoWoS
  interposer wafer, HBM per GB, accelerator ASPs, H100 rental per hour) with a rule for
  the years outside the data, corporate tax rates by site and the finance parameters;
- :mod:`tigris.finance.cashflow`: capex, revenue, variable cost, opex, tax, depreciation
  and salvage per module by year, and NPV, IRR and payback per module, site, owner and
  capital source.

Names are re-exported lazily, so importing this package costs nothing (the CLI's start-up
time is tested): ``from tigris.finance import wafer_price_usd`` imports pandas only then.
"""

from __future__ import annotations

from tigris._lazy import lazy_exports

#: Public name -> submodule defining it.
_EXPORTS = {
    "price_table": "prices",
    "price_usd": "prices",
    "wafer_price_usd": "prices",
    "cowos_price_usd_per_wafer": "prices",
    "hbm_price_usd_per_gb": "prices",
    "accelerator_asp_usd": "prices",
    "rental_usd_per_hour": "prices",
    "h100e_value_usd": "prices",
    "corporate_tax_rate": "prices",
    "finance_parameter": "prices",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
