"""Compute in service: the stock the plan's deliveries keep running, by year.

The plan's ``added`` (and ``baseline``) figures are a **flow**: H100e delivered per
year (``demand_basis: delivered``, the reference). The compute **in service** in a
year is the stock those deliveries build: an accelerator delivered in year τ serves in
years τ … τ + L − 1 (``L`` its product's ``fleet_lifetime_years``) and retires after,
the same rule, and the same function (:func:`tigris.energy.fleet.fleet_by_year`), as
the fleet whose power the energy layer counts::

    in_service[t] = Σ_p Σ_{l < L_p} delivered[p, t − l]        [H100e]

Deliveries before the horizon (the legacy fleet) are not counted: with the reference's
5–6-year lives the 2025 shipments retire by 2031, so the horizon's last year holds
only compute delivered within it.

The world without the investor is solved for its total compute by year, not by
product, so its deliveries (and what the investor adds) are split over the service
lives in each year's proportion of the plan's own deliveries (the ``production``
table): ``delivered[p, t] = flow[t] · h100e[p, t] / Σ_q h100e[q, t]``. With one life for
every product (a scenario's ``fleet_lifetime_years: 5``) the split changes nothing;
with lives by class it assumes the compute the investor adds has the year's product
mix. Because the box sum is linear, the world's compute in service is the baseline's
plus the investor's, year by year, and what the investor adds in service is never
negative when what it adds each year is not.

With ``demand_basis: installed`` demand is already compute in service: the demand
table's served compute, ``baseline`` and ``added`` by year are stocks (the plan's fleet
within its lives plus the legacy fleet's share, up to demand), and the in-service
figures equal them; nothing is summed twice.

Each product's life is read from the run's own assumptions (the rows ``fleet lifetime
N years`` that list the products living N years, written by
``tigris.plan.assemble``; for one life for all, the ``fleet_lifetime_years`` row when
it holds a whole number), so a run saved to a directory or the runs store gives the
same answer as the run itself; a run whose assumptions do not give every delivered
product's life has no in-service figures (None), never a guessed life. The basis is the
run's ``demand_basis`` row, else ``delivered`` where every year's deliveries equal its
served compute (the ``demand-balance`` equality), else not known (None).

References
----------
OECD, *Measuring Capital* (2009), ch. 6 (the perpetual-inventory stock with a fixed
service life: a box convolution of deliveries); ``docs/plan.md``, "Compute in service
(a stock) against compute delivered (a flow)"; ``data/fleet_lifetimes.csv`` (each
class's life, company 10-K server useful lives).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tigris.energy.fleet import fleet_by_year

if TYPE_CHECKING:
    from tigris.plan.result import PlanResult

__all__ = [
    "BASES",
    "LIFE_ROW",
    "in_service_by_year",
    "in_service_sections",
    "life_shares",
    "lives_from_assumptions",
    "one_life",
    "supply_in_service",
]

#: An assumptions row naming the products of one service life: ``fleet lifetime 6
#: years`` with the products in ``value`` (``tigris.plan.assemble._lifetimes``).
LIFE_ROW = re.compile(r"^fleet lifetime (\d+) years?$")
#: The ``demand_basis`` values (``tigris.plan.inputs.DEMAND_BASES``): in service is
#: computed from deliveries (``delivered``), or is the served compute itself
#: (``installed``).
BASES = ("delivered", "installed")
#: Deliveries and served compute of a year agree within this under ``demand_basis:
#: delivered`` (the ``demand-balance`` row is an equality; HiGHS's feasibility tolerance
#: 1e-7 on the model's thousands of H100e, and the table's float sums) [H100e].
_DELIVERED_TOL_H100E = 1.0
#: Relative part of that tolerance, of the year's served compute [-].
_DELIVERED_TOL_REL = 1e-6


def lives_from_assumptions(assumptions: pd.DataFrame) -> dict[str, int]:
    """Each product's service life from a run's assumptions [year].

    Parameters
    ----------
    assumptions : pandas.DataFrame
        The run's ``assumptions`` table (``parameter, value, unit, source``).

    Returns
    -------
    dict of str to int
        Product -> years in service, from every ``fleet lifetime N years`` row whose
        ``unit`` is ``products`` (its ``value`` the products, comma-separated); empty
        when the run has none.

    Examples
    --------
    >>> a = pd.DataFrame({"parameter": ["fleet lifetime 5 years", "fleet lifetime 6 years"],
    ...     "value": ["b200, rubin", "tpu-v7"], "unit": ["products", "products"],
    ...     "source": ["", ""]})
    >>> lives_from_assumptions(a)
    {'b200': 5, 'rubin': 5, 'tpu-v7': 6}
    """
    out: dict[str, int] = {}
    if not len(assumptions) or "parameter" not in assumptions:
        return out
    param = assumptions["parameter"].astype(str)
    rows = assumptions[param.str.startswith("fleet lifetime ")]  # a few of hundreds
    for row in rows.itertuples(index=False):
        match = LIFE_ROW.match(str(row.parameter))
        if match is None or str(getattr(row, "unit", "")) != "products":
            continue
        for name in str(row.value).split(","):
            if name.strip():
                out[name.strip()] = int(match.group(1))
    return out


def one_life(assumptions: pd.DataFrame) -> int | None:
    """The one service life of every product, when the run's ``fleet_lifetime_years``
    row (the scenario's own value, written where its ``sources`` name it) is a whole
    number [year]; None otherwise (``table``, a mapping, or no row).

    Parameters
    ----------
    assumptions : pd.DataFrame
        A run's ``assumptions`` table (``parameter``, ``value``, ...).

    Returns
    -------
    int or None
        The service life [years], or None.

    Examples
    --------
    >>> a = pd.DataFrame({"parameter": ["fleet_lifetime_years"], "value": [4],
    ...     "unit": [""], "source": ["s"]})
    >>> one_life(a), one_life(a.assign(value="table"))
    (4, None)
    """
    if not len(assumptions) or "parameter" not in assumptions:
        return None
    rows = assumptions.loc[assumptions["parameter"].astype(str) == "fleet_lifetime_years"]
    if not len(rows):
        return None
    text = str(rows["value"].iloc[0]).strip()
    return int(text) if text.isdigit() and int(text) >= 1 else None


def life_shares(
    production: pd.DataFrame, years: Sequence[int], lives: Mapping[str, int]
) -> tuple[np.ndarray, np.ndarray] | None:
    """The service lives of the compute delivered, and each life's share of each year.

    Parameters
    ----------
    production : pandas.DataFrame
        The plan's ``production`` table (``year, product, units, h100e``) [H100e/year].
    years : sequence of int
        The plan's years [year].
    lives : mapping of str to int
        Each product's service life [year].

    Returns
    -------
    (G,) numpy.ndarray of int and (G, T) numpy.ndarray, or None
        The distinct lives of the products delivered and, per year, the share of the
        year's H100e delivered with each life [-] (a year without deliveries takes the
        horizon's shares); None when a delivered product has no life in ``lives`` or
        nothing is delivered in any year.

    Examples
    --------
    >>> p = pd.DataFrame({"year": [2026, 2026, 2027], "product": ["a", "b", "a"],
    ...     "units": [1.0, 1.0, 1.0], "h100e": [3.0, 1.0, 2.0]})
    >>> life, share = life_shares(p, [2026, 2027, 2028], {"a": 5, "b": 6})
    >>> life.tolist(), share.tolist()
    ([5, 6], [[0.75, 1.0, 0.8333333333333334], [0.25, 0.0, 0.16666666666666666]])
    """
    col = {int(y): t for t, y in enumerate(years)}
    h100e = np.nan_to_num(pd.to_numeric(production["h100e"], errors="coerce").to_numpy(float))
    keep = h100e > 0
    products = production["product"].astype(str).to_numpy()[keep]
    if not keep.any() or not set(products) <= set(lives):
        return None
    life_of = np.array([lives[p] for p in products], dtype=int)
    life = np.unique(life_of)
    rows = np.searchsorted(life, life_of)
    at = np.array([col.get(int(y), -1) for y in production["year"].to_numpy()[keep]])
    inside = at >= 0
    h = np.zeros((len(life), len(col)))  # (G, T) H100e delivered per life and year
    np.add.at(h, (rows[inside], at[inside]), h100e[keep][inside])
    if not h.sum() > 0:
        return None
    total = h.sum(axis=0)
    overall = h.sum(axis=1) / h.sum()
    share = np.where(total > 0, h / np.where(total > 0, total, 1.0), overall[:, None])
    return life, share


def in_service_by_year(flow: Any, life: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Compute in service each year from a flow delivered per year.

    ``in_service[t] = Σ_g Σ_{l < L_g} share[g, t − l] · flow[t − l]``: each year's
    delivery split over the service lives ``L_g`` in the year's shares, each part in
    service for its life (:func:`tigris.energy.fleet.fleet_by_year`, the energy
    layer's rule).

    Parameters
    ----------
    flow : (T,) array
        Compute delivered per year [H100e/year].
    life : (G,) array of int
        Service lives [year].
    share : (G, T) array
        Each life's share of each year's delivery [-].

    Returns
    -------
    numpy.ndarray
        (T,) compute in service [H100e].

    References
    ----------
    OECD, *Measuring Capital* (2009), ch. 6 (perpetual inventory, fixed service life).

    Examples
    --------
    Deliveries 1, 2, 4, 0 with one life of 2 years (:func:`fleet_by_year`'s example):

    >>> in_service_by_year([1.0, 2.0, 4.0, 0.0], np.array([2]), np.ones((1, 4))).tolist()
    [1.0, 3.0, 6.0, 4.0]
    """
    x = np.asarray(flow, dtype=float)
    return fleet_by_year(np.asarray(share, dtype=float) * x[None, :], life).sum(axis=0)


def _by_year(d: pd.DataFrame, col: str, years: list[int]) -> np.ndarray:
    return d.groupby("year")[col].sum(min_count=1).reindex(years).to_numpy(dtype=float)


def _basis(result: PlanResult, years: list[int], served: np.ndarray) -> str | None:
    """``installed`` or ``delivered``: the run's ``demand_basis`` row when it has one;
    else ``delivered`` when every year's deliveries (``production``) equal its served
    compute, as the ``demand-balance`` equality makes them; else None (not known: with
    ``installed`` served is the compute in service and differs from the deliveries, but
    a run that does not say so is not taken for one)."""
    a = result.assumptions
    if len(a) and "parameter" in a:
        rows = a.loc[a["parameter"].astype(str) == "demand_basis", "value"]
        if len(rows) and str(rows.iloc[0]) in BASES:
            return str(rows.iloc[0])
    if not len(result.production):
        return None
    made = np.nan_to_num(_by_year(result.production, "h100e", years), nan=0.0)
    tol = _DELIVERED_TOL_H100E + _DELIVERED_TOL_REL * np.abs(served)
    return "delivered" if bool(np.all(np.abs(made - served) <= tol)) else None


def _rule(
    result: PlanResult,
) -> tuple[list[int], np.ndarray, str, np.ndarray, np.ndarray, dict[str, int]] | None:
    """``(years, served, basis, life, share, lives)`` of a plan: its years, served
    compute by year [H100e/year], ``demand_basis``, the lives delivered and their
    shares of each year (:func:`life_shares`; empty with ``installed``) and each
    product's life; None without a plan, a basis or a delivered product's life."""
    if not result.ok or not len(result.demand):
        return None
    years = [int(y) for y in sorted(result.demand["year"].unique())]
    served = _by_year(result.demand, "served_h100e", years)
    if not np.all(np.isfinite(served)):
        return None
    basis = _basis(result, years, served)
    if basis is None:
        return None
    lives = lives_from_assumptions(result.assumptions)
    if not lives and (one := one_life(result.assumptions)) is not None:
        lives = {str(p): one for p in result.production["product"]}
    if basis == "installed":
        return years, served, basis, np.zeros(0, dtype=int), np.zeros((0, len(years))), lives
    split = life_shares(result.production, years, lives)
    if split is None:
        return None
    return years, served, basis, split[0], split[1], lives


def supply_in_service(result: PlanResult) -> np.ndarray | None:
    """Each ``supply_by_source`` row's compute in service [H100e].

    A source's ``h100e`` by year is a flow (with ``demand_basis: delivered``); its
    stock in service is :func:`in_service_by_year` of it, so the rows of a year sum to
    the world's compute in service as the sources' flows sum to its served compute
    (the ``investor new`` row: the investor's own compute in service). With
    ``installed`` the rows are stocks already and are returned as they are.

    Parameters
    ----------
    result : PlanResult
        A plan with a solution and its ``supply_by_source`` table.

    Returns
    -------
    (R,) numpy.ndarray or None
        In the table's row order [H100e]; None when :func:`in_service_sections` has
        no figures (no plan, no lives, no basis) or the table has no rows.
    """
    sup = result.supply_by_source
    if not len(sup) or "source" not in sup.columns:
        return None
    rule = _rule(result)
    if rule is None:
        return None
    years, _, basis, life, share, _ = rule
    h = pd.to_numeric(sup["h100e"], errors="coerce").to_numpy(dtype=float)
    if basis == "installed":
        return h
    out = np.full(len(sup), np.nan)
    col = {y: t for t, y in enumerate(years)}
    at = np.array([col.get(int(y), -1) for y in sup["year"]])
    for source in pd.unique(sup["source"]):
        rows = np.flatnonzero((sup["source"] == source).to_numpy() & (at >= 0))
        flow = np.zeros(len(years))
        np.add.at(flow, at[rows], np.nan_to_num(h[rows]))
        out[rows] = in_service_by_year(flow, life, share)[at[rows]]
    return out


def in_service_sections(
    result: PlanResult,
    baseline: Mapping[str, Any] | None,
    added: Mapping[str, Any] | None,
) -> dict[str, Any] | None:
    """The plan's compute in service by year, the baseline's and the investor's.

    Parameters
    ----------
    result : PlanResult
        A plan with a solution.
    baseline, added : mapping or None
        :meth:`PlanResult.sections`' sections (``h100e_by_year`` each).

    Returns
    -------
    dict or None
        ``basis`` (``delivered``: summed from deliveries over their lives; ``installed``:
        the served figures themselves), ``h100e_by_year`` (the plan's, {year: H100e}),
        ``baseline_h100e_by_year`` and ``added_h100e_by_year`` (None without their
        section), ``lives_years`` ({life: products delivered}) [H100e, year]; None
        without a plan, when a delivered product's life is not in the run's
        assumptions, or when the run's demand basis is not known (no ``demand_basis``
        row, and deliveries that differ from the served compute).
    """
    rule = _rule(result)
    if rule is None:
        return None
    years, served, basis, life, share, lives = rule

    def flow(section: Mapping[str, Any] | None) -> np.ndarray | None:
        if section is None:
            return None
        by = section.get("h100e_by_year") or {}
        x = [by.get(y, by.get(str(y), np.nan)) for y in years]
        return np.asarray(x, dtype=float)

    base, add = flow(baseline), flow(added)
    if basis == "installed":
        stocks = {"h100e_by_year": served, "baseline_h100e_by_year": base}
        stocks["added_h100e_by_year"] = add
        named: dict[int, list[str]] = {}
    else:
        stocks = {"h100e_by_year": in_service_by_year(served, life, share)}
        # the added part first, the baseline the rest: the world's stock is their sum
        add_s = None if add is None else in_service_by_year(add, life, share)
        stocks["added_h100e_by_year"] = add_s
        stocks["baseline_h100e_by_year"] = (
            None if base is None else in_service_by_year(base, life, share)
        )
        made = set(result.production.loc[result.production["h100e"] > 0, "product"].astype(str))
        named = {int(g): sorted(p for p in made if lives[p] == int(g)) for g in life}
    out: dict[str, Any] = {"basis": basis}
    for key, x in stocks.items():
        out[key] = None if x is None else dict(zip(years, [float(v) for v in x], strict=True))
    out["lives_years"] = named
    return out
