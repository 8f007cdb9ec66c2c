"""The finance tables of a plan: NPV, IRR and payback per module, site, owner and source.

:func:`tables` is :func:`tigris.finance.cashflow.finance_tables` (which calls it): the
cash-flow table of :func:`~tigris.finance.cashflow.cash_flows` summed per site, owner
and capital source, each measured by :func:`~tigris.finance.cashflow.npv_usd`,
:func:`~tigris.finance.cashflow.irr` and :func:`~tigris.finance.cashflow.payback_year`.
Split from :mod:`tigris.finance.cashflow` to keep modules short; like it, nothing here
imports :mod:`tigris.plan` at module level.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tigris.finance.cashflow import (
    FLOW_COLUMNS,
    _owners,
    _site_owners,
    cash_flows,
    irr,
    npv_usd,
    payback_year,
)

if TYPE_CHECKING:
    from tigris.plan.inputs import PlanInputs

__all__ = ["tables"]


def _measures(flows: pd.DataFrame, base_year: int, rate: float) -> dict[str, object]:
    """NPV, IRR and payback of one table of yearly flows (``year``, ``net_usd``)."""
    if flows.empty:
        return {"npv_usd": 0.0, "irr": float("nan"), "payback_year": None}
    net, years = flows["net_usd"].to_numpy(), flows["year"].to_numpy()
    return {
        "npv_usd": npv_usd(net, years, base_year, rate),
        "irr": irr(net),
        "payback_year": payback_year(net, years),
    }


def _yearly(table: pd.DataFrame, by: str) -> dict[str, pd.DataFrame]:
    """Flows summed per ``by`` and year, each over consecutive years (gaps filled 0)."""
    result = {}
    for name, part in table.groupby(by, sort=False):
        sums = part.groupby("year")[list(FLOW_COLUMNS)].sum()
        full = range(int(sums.index.min()), int(sums.index.max()) + 1)
        result[str(name)] = sums.reindex(full, fill_value=0.0).rename_axis("year").reset_index()
    return result


def _measured(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    if "payback_year" in frame:
        frame["payback_year"] = frame["payback_year"].astype("Int64")
    return frame


def tables(
    inp: PlanInputs, build: np.ndarray, prod: np.ndarray, draw: np.ndarray
) -> dict[str, pd.DataFrame]:
    """Cash flows and NPV, IRR and payback per module, site, owner and capital source.

    Sites, owners and sources sum the flows of their build groups per year; a capital
    source carries its owner's flows × its share of the owner's draws over the horizon
    (``share_f = Σ_t draw[f, t] / Σ_{f' of the owner} Σ_t draw[f', t]``; equal shares
    if the owner drew nothing). Subsidy is not a source (it reduces net capex).

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    build : (S, K, T) array
        Modules started per year [modules].
    prod : (P, T) array
        Accelerators made per year [accelerators/year].
    draw : (F, T) array
        Capital drawn per source and year [USD/year].

    Returns
    -------
    dict of str to pandas.DataFrame
        ``cash_flows`` (:func:`cash_flows`); ``finance_modules`` (site, facility,
        start_year, owner, modules, npv_usd, irr, payback_year); ``finance_sites``
        (site, owner, …); ``finance_owners`` (owner, …, one row per owner of
        ``inp.owners``); ``finance_sources`` (source, owner, drawn_usd, share, …);
        ``finance_flows`` (level ``site``/``owner``/``source``, name, year and
        :data:`FLOW_COLUMNS`). IRR is NaN and payback ``<NA>`` where undefined.

    References
    ----------
    Brealey, Myers & Allen (2020), chs. 2, 5 and 6; contract of issue 11 ("Capital
    sources": pro rata to each source's total draws).
    """
    base, rate = int(inp.base_year), float(inp.discount_rate)
    table = cash_flows(inp, build, prod)
    keys = ["site", "facility", "start_year", "owner", "modules"]
    modules = [
        {**dict(zip(keys, key, strict=True)), **_measures(part, base, rate)}
        for key, part in table.groupby(keys, sort=False)
    ]
    site_owner = dict(zip(inp.sites, _site_owners(inp), strict=True))
    site_flows = _yearly(table, "site")
    sites = [
        {"site": s, "owner": site_owner[s], **_measures(f, base, rate)}
        for s, f in site_flows.items()
    ]
    owner_flows = _yearly(table, "owner")
    owners = [
        {"owner": o, **_measures(owner_flows.get(o, table.iloc[:0]), base, rate)}
        for o in inp.owners
    ]
    drawn = np.asarray(draw, dtype=float).reshape(len(inp.sources), len(inp.years)).sum(axis=1)
    src_owner = np.asarray(_owners(inp, "source_owner", "sources"), dtype=object)
    sources, source_flows = [], {}
    for f, name in enumerate(inp.sources):
        mine = src_owner == src_owner[f]
        total = drawn[mine].sum()
        share = drawn[f] / total if total > 0 else 1.0 / mine.sum()
        flows = owner_flows.get(str(src_owner[f]))
        if flows is not None:
            flows = flows.assign(**{c: flows[c] * share for c in FLOW_COLUMNS})
            source_flows[name] = flows
        row = {"source": name, "owner": str(src_owner[f]), "drawn_usd": float(drawn[f])}
        # the share of the owner's draws: none when the owner drew nothing (0 of 0;
        # its flows, if any, are split equally; user test 2026-12-05 read 100 %)
        row["share"] = float(share) if total > 0 else math.nan
        sources.append(
            {**row, **_measures(flows if flows is not None else table.iloc[:0], base, rate)}
        )
    levels = (("site", site_flows), ("owner", owner_flows), ("source", source_flows))
    parts = [
        f.assign(level=level, name=name)[["level", "name", "year", *FLOW_COLUMNS]]
        for level, d in levels
        for name, f in d.items()
    ]
    empty = pd.DataFrame({c: pd.Series(dtype=float) for c in FLOW_COLUMNS})
    empty = empty.assign(
        level=pd.Series(dtype=object), name=pd.Series(dtype=object), year=pd.Series(dtype=int)
    )
    flows_all = pd.concat(parts, ignore_index=True) if parts else empty
    columns = ["npv_usd", "irr", "payback_year"]
    return {
        "cash_flows": table,
        "finance_modules": _measured(modules) if modules else _empty([*keys, *columns]),
        "finance_sites": _measured(sites) if sites else _empty(["site", "owner", *columns]),
        "finance_owners": _measured(owners) if owners else _empty(["owner", *columns]),
        "finance_sources": _measured(sources)
        if sources
        else _empty(["source", "owner", "drawn_usd", "share", *columns]),
        "finance_flows": flows_all[["level", "name", "year", *FLOW_COLUMNS]],
    }


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
