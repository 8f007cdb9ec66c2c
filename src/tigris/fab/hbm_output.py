"""HBM by year from a plan's tables: the GB and stacks its parts carry, and the DRAM
wafer starts on HBM lines that made them, by whose lines (UT-HBM #6, S36 HBM-OUT).

A pure function of two long tables, so that it reads a stored run as well as a fresh
one: the plan's ``production`` (units by product and year) and ``capacity`` (the
``hbm`` rows: DRAM wafer starts per month available and used, by site and owner;
``docs/plan-result.md``), with each product's HBM per part from the catalog.

What it can and cannot say:

- *GB in the parts* = sum over products of units x GB a part (the catalog's
  ``hbm_stacks`` x the generation's ``stack_capacity_gb``, ``data/hbm.csv``); stacks
  likewise. This is the HBM the plan's products demand. The stacks lost at packaging
  are in the DRAM wafers (the silicon layer's bill), not in these GB.
- *Made by whom*: the plan pools the HBM lines of one kind and uses existing and new
  capacity pro rata (:func:`tigris.plan.solve.extract`, "utilisation shared pro rata
  over existing and new"), so the GB are split by the wafer starts each owner's rows
  used. The incumbents' existing lines are one pooled row: the plan models no maker
  and no qualification (the hindcast does, ``tigris hindcast``).
- *Unmet*: none. The plan makes a part only with its HBM (capacity rows bound the
  wafers its production uses), so every GB demanded is made; HBM that would serve
  unmet compute is not estimated (it depends on the parts not made).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

__all__ = ["HBM_FACILITY", "INCUMBENTS_POOLED", "hbm_by_year"]

#: The capacity table's facility of HBM lines (DRAM wafer starts per month).
HBM_FACILITY = "hbm"
#: Label of the capacity rows with no owner: the incumbents' existing lines, pooled.
INCUMBENTS_POOLED = "incumbents"
#: Months in a year [month/year].
_MONTHS = 12.0


def _owner_label(owner: Any) -> str:
    """An ``hbm`` row's owner as people read it: ``incumbents`` for the pooled
    existing lines (no owner), else the owner (``investor``, a responding maker)."""
    text = "" if owner is None or (isinstance(owner, float) and math.isnan(owner)) else str(owner)
    return INCUMBENTS_POOLED if text == "" else text


def hbm_by_year(
    production: pd.DataFrame,
    capacity: pd.DataFrame,
    gb_per_unit: Mapping[str, float],
    stacks_per_unit: Mapping[str, float],
) -> list[dict[str, Any]]:
    """HBM demanded by a plan's parts and the DRAM wafer starts that made it, by year.

    Parameters
    ----------
    production : pandas.DataFrame
        ``year, product, units`` [units/year] (the plan's ``production`` table).
    capacity : pandas.DataFrame
        ``year, facility, available, used, owner`` [wspm]; only ``facility == "hbm"``
        rows are read (DRAM wafer starts per month on HBM lines).
    gb_per_unit, stacks_per_unit : mapping of str to float
        HBM a part carries, by product [GB/unit], [stacks/unit]; a product missing is
        of unknown HBM (listed in ``products_unknown``, not counted).

    Returns
    -------
    list of dict
        One per year, ascending: ``year``; ``gb`` (in the parts made) [GB];
        ``stacks`` [stacks]; ``wspm_available``, ``wspm_used`` [wspm];
        ``used_share`` [-] (NaN without capacity); ``wspm_used_by_owner``
        ({owner: wspm}, ``incumbents`` the pooled existing lines);
        ``gb_made_by_owner`` ({owner: GB}, the GB split by the wafer starts each
        used; they sum to ``gb``); ``gb_per_wafer`` (GB in the parts per DRAM wafer
        start, the year's mix) [GB/wafer]; ``gb_capacity`` (``wspm_available`` x 12
        x ``gb_per_wafer``: the GB the lines could make at that mix) [GB];
        ``unmet_gb`` (0: see the module's notes) [GB]; ``products_unknown`` (made,
        HBM per part not known).

    References
    ----------
    GB in the parts: units x ``hbm_stacks`` x ``stack_capacity_gb``
    (``data/accelerators.csv``, ``data/hbm.csv``, JEDEC JESD238 stack capacities); the
    pro-rata use of pooled capacity: ``docs/plan.md``, "Capacity".

    Examples
    --------
    >>> prod = pd.DataFrame({"year": [2026, 2026], "product": ["a", "b"],
    ...                      "units": [1000.0, 500.0]})
    >>> cap = pd.DataFrame({"year": [2026, 2026], "facility": ["hbm", "hbm"],
    ...                     "available": [100.0, 50.0], "used": [60.0, 30.0],
    ...                     "owner": ["", "investor"]})
    >>> row = hbm_by_year(prod, cap, {"a": 192.0, "b": 288.0}, {"a": 8, "b": 8})[0]
    >>> row["gb"], row["stacks"], row["wspm_used"]
    (336000.0, 12000.0, 90.0)
    >>> {k: round(v) for k, v in row["gb_made_by_owner"].items()}
    {'incumbents': 224000, 'investor': 112000}
    """
    cap = capacity[capacity["facility"] == HBM_FACILITY] if len(capacity) else capacity
    years = sorted({int(y) for y in production["year"]} | {int(y) for y in cap.get("year", [])})
    out = []
    for year in years:
        made = production[production["year"] == year]
        gb = stacks = 0.0
        unknown: list[str] = []
        for product, units in made.groupby("product", sort=True)["units"].sum().items():
            u = float(units)
            if u <= 0:
                continue
            name = str(product)
            if name not in gb_per_unit:
                unknown.append(name)
                continue
            gb += u * float(gb_per_unit[name])
            stacks += u * float(stacks_per_unit.get(name, math.nan))
        rows = cap[cap["year"] == year] if len(cap) else cap
        by_owner: dict[str, float] = {}
        for r in rows.to_dict("records"):
            label = _owner_label(r.get("owner"))
            by_owner[label] = by_owner.get(label, 0.0) + float(r["used"])
        available = float(rows["available"].sum()) if len(rows) else 0.0
        used = sum(by_owner.values())
        per_wafer = gb / (used * _MONTHS) if used > 0 else math.nan
        out.append(
            {
                "year": year,
                "gb": gb,
                "stacks": stacks,
                "wspm_available": available,
                "wspm_used": used,
                "used_share": used / available if available > 0 else math.nan,
                "wspm_used_by_owner": by_owner,
                "gb_made_by_owner": {
                    k: (gb * v / used if used > 0 else math.nan) for k, v in by_owner.items()
                },
                "gb_per_wafer": per_wafer,
                "gb_capacity": available * _MONTHS * per_wafer,
                "unmet_gb": 0.0,
                "products_unknown": unknown,
            }
        )
    return out
