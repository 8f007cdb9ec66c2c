"""The forward power check: the capacity table against published forecasts, 2026-2030.

The AI capacity of ``data/datacenter_capacity.csv`` to 2025 is derived from the published
accelerator shipments themselves (the fleet's facility power, docs/energy.md, "Data"),
so a hindcast of data-centre power would be circular: the table holds the fleet by
construction. What the plan's binding power constraint rests on is the *forward* part
of the table (the 2025 pace to 2027, the IEA's tripling of AI demand by 2030, the
announced Gulf campuses). This module sets it against independent published forecasts
(``data/datacenter_forecasts.csv``: LBNL 2024, EPRI 2024, IEA 2025, McKinsey 2024,
RAND 2025, Anthropic 2025, EPRI and Epoch AI 2025) and says where the table sits:
below, inside or above each one.

The table is converted to each forecast's measure with the conventions of
docs/energy.md (:func:`table_power`):

- *capacity* [GW]: the facility MW standing at the end of the year (the table's rows are
  end-of-year stocks), all data centres (``mw``) or the AI part (``mw × ai_share``);
- *energy* [TWh/yr]: the year-mean capacity ``(C(t−1) + C(t)) / 2`` (the energy of a
  year is drawn by the capacity through the year, :func:`tigris.energy.data.
  datacenter_capacity_mw`'s default basis) × 8,766 h, the AI MW at ``load_factor``
  (0.75, the draw the plan's power table gives the fleet) and the rest at
  ``datacenter_utilisation`` (0.52, the average draw the table's totals were built
  with from the IEA's TWh). Both are facility MW (IT × PUE), as the forecasts' energy
  is facility electricity, so no PUE enters. The energy with every MW at 0.52 (the
  table's own construction, which returns the IEA's TWh for the history years) is
  given beside it.

References
----------
docs/energy.md, "Data" ("Where the numbers come from", "Known inconsistencies") and
"Forward power check"; the forecasts' sources are in ``data/datacenter_forecasts.csv``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tigris.data import data_cache, load_rows
from tigris.energy.data import REGIONS, capacity_table, energy_parameter
from tigris.energy.fleet import MWH_PER_TWH
from tigris.errors import TigrisError
from tigris.units import HOURS_PER_YEAR, MW_PER_GW

__all__ = [
    "FORECAST_REGIONS",
    "KINDS",
    "MW_PER_GW",
    "QUANTITIES",
    "SCOPES",
    "end_of_year_mw",
    "position",
    "power_forward_check",
    "published_forecasts",
    "table_power",
]

#: The forecasts' table (``data/datacenter_forecasts.csv``).
_TABLE = "datacenter_forecasts"
#: Regions a forecast may cover: one of the capacity table's or ``world`` (all of them).
FORECAST_REGIONS: tuple[str, ...] = ("world", *REGIONS)
#: What a forecast covers: every data centre or the AI (accelerator) part.
SCOPES: tuple[str, ...] = ("all", "ai")
#: Measure -> its unit: facility energy a year, or facility capacity installed.
QUANTITIES: dict[str, str] = {"energy": "TWh", "capacity": "GW"}
#: A forecast's figure: a ``range`` (low-high), a ``point`` (low = high) or a ``floor``
#: (at least ``low``, no ``high``).
KINDS: tuple[str, ...] = ("range", "point", "floor")


def _bad(line: int, msg: str) -> TigrisError:
    return TigrisError(f"shipped table {_TABLE}.csv:{line}: {msg}")


@data_cache
def published_forecasts() -> tuple[dict[str, Any], ...]:
    """The rows of ``data/datacenter_forecasts.csv``, checked.

    Returns
    -------
    tuple of dict
        ``forecast, publisher, region, scope, quantity, unit, year, kind, low, high,
        source, as_of``; ``low`` and ``high`` [TWh/yr or GW] as floats, ``high`` infinite
        for a ``floor``.

    Raises
    ------
    TigrisError
        A row with an unknown region, scope, quantity, kind, a unit that is not its
        quantity's, or bounds that do not fit its kind (a packaging bug).

    Examples
    --------
    >>> rows = published_forecasts()
    >>> lbnl = next(r for r in rows if r["forecast"] == "lbnl-2024-energy")
    >>> (lbnl["region"], lbnl["year"], lbnl["low"], lbnl["high"])
    ('usa', 2028, 325.0, 580.0)
    """
    out = []
    for line, row in enumerate(load_rows(_TABLE), start=2):
        rec = dict(row)
        for col, known in (
            ("region", FORECAST_REGIONS),
            ("scope", SCOPES),
            ("quantity", tuple(QUANTITIES)),
            ("kind", KINDS),
        ):
            if rec[col] not in known:
                raise _bad(line, f"{col} '{rec[col]}' not in {known}")
        if rec["unit"] != QUANTITIES[rec["quantity"]]:
            raise _bad(line, f"unit '{rec['unit']}' is not {QUANTITIES[rec['quantity']]}")
        low = float(rec["low"])
        high = rec["high"]
        high = math.inf if isinstance(high, float) and math.isnan(high) else float(high)
        fits = {
            "range": 0 < low < high < math.inf,
            "point": 0 < low == high,
            "floor": low > 0 and high == math.inf,
        }[rec["kind"]]
        if not fits:
            raise _bad(line, f"low {low:g}, high {high:g} do not fit kind '{rec['kind']}'")
        rec.update(year=int(rec["year"]), low=low, high=high)
        out.append(rec)
    return tuple(out)


@data_cache
def end_of_year_mw() -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Region (and ``world``) -> (data years, all MW, AI MW), end of each year.

    Returns
    -------
    dict
        Region or ``world`` -> (years [year], all facility MW [MW], AI facility MW
        [MW]) at the end of each year the table has; the world's on the union of the
        regions' years, each region linear between its years and flat after its last.
    """
    table = capacity_table()
    out = {}
    for region in REGIONS:
        rows = table[table["region"] == region].groupby("year")[["mw", "ai_mw"]].sum()
        out[region] = (rows.index.to_numpy(float), rows["mw"].to_numpy(), rows["ai_mw"].to_numpy())
    years = np.unique(np.concatenate([y for y, _, _ in out.values()]))
    # the world: every region's rows, each linear between its data years and flat after
    # its last (the Gulf's announced rows end in 2030), as docs/energy.md's "Rules"
    world = [np.zeros_like(years), np.zeros_like(years)]
    for y, mw, ai in out.values():
        world[0] += np.interp(years, y, mw)
        world[1] += np.interp(years, y, ai)
    out["world"] = (years, world[0], world[1])
    return out


def _mw(region: str, year: float) -> tuple[float, float]:
    """All and AI facility MW standing at the end of ``year`` in ``region``."""
    years, mw, ai = end_of_year_mw()[region]
    return float(np.interp(year, years, mw)), float(np.interp(year, years, ai))


def table_power(region: str, scope: str, quantity: str, year: int) -> dict[str, Any]:
    """The capacity table in a forecast's measure.

    Parameters
    ----------
    region : str
        A region of the capacity table or ``world`` (their sum).
    scope : {"all", "ai"}
        Every data centre (``mw``) or the AI part (``mw × ai_share``).
    quantity : {"capacity", "energy"}
        Capacity standing at the end of ``year`` [GW], or the year's energy [TWh/yr].
    year : int
        Calendar year [year].

    Returns
    -------
    dict
        ``value`` [GW or TWh/yr], ``unit``, ``basis`` (``end-of-year`` or
        ``year-mean``), ``mw`` and ``ai_mw`` (the MW used, on that basis [MW]),
        ``formula`` (the conversion in words with its numbers); for energy,
        ``ai_twh_year_mean`` and ``ai_twh_end_of_year`` (the AI MW at ``load_factor`` on
        the year-mean and on the year-end MW: the bases of the plan's power table's
        ``energy_twh_year_mean`` and ``energy_twh``) [TWh/yr]; and, for the energy of
        all data centres, ``value_all_at_utilisation`` (every MW at
        ``datacenter_utilisation``, the table's construction) [TWh/yr].

    Raises
    ------
    TigrisError
        Unknown region, scope or quantity.

    References
    ----------
    docs/energy.md, "Data" (capacity rows are end-of-year stocks; the year mean;
    ``load_factor`` 0.75 for the AI fleet's energy, the table's totals built from the
    IEA's TWh at ``datacenter_utilisation`` 0.52) and "Forward power check".

    Examples
    --------
    By hand from the two usa rows of ``data/datacenter_capacity.csv`` that bound 2028
    (the year mean of all MW and of the AI MW, the AI at 0.75, the rest at 0.52):

    >>> from tigris.data import load_rows
    >>> from tigris.units import HOURS_PER_YEAR
    >>> usa = {r["year"]: r for r in load_rows("datacenter_capacity") if r["region"] == "usa"}
    >>> mw = (usa[2027]["mw"] + usa[2028]["mw"]) / 2
    >>> ai = sum(usa[y]["mw"] * usa[y]["ai_share"] for y in (2027, 2028)) / 2
    >>> by_hand = (ai * 0.75 + (mw - ai) * 0.52) * HOURS_PER_YEAR / 1e6
    >>> bool(abs(table_power("usa", "all", "energy", 2028)["value"] - by_hand) < 1e-9)
    True
    >>> table_power("usa", "all", "capacity", 2028)["value"] == usa[2028]["mw"] / 1e3
    True
    """
    if region not in FORECAST_REGIONS or scope not in SCOPES or quantity not in QUANTITIES:
        msg = f"unknown region, scope or quantity: {region!r}, {scope!r}, {quantity!r}"
        raise TigrisError(msg)
    if quantity == "capacity":
        mw, ai_mw = _mw(region, year)
        value = (mw if scope == "all" else ai_mw) / MW_PER_GW
        what = "mw" if scope == "all" else "mw x ai_share"
        formula = (
            f"{what} standing at the end of {year}: {value * MW_PER_GW:,.0f} MW = {value:,.1f} GW"
        )
        return {
            "value": value,
            "unit": QUANTITIES[quantity],
            "basis": "end-of-year",
            "mw": mw,
            "ai_mw": ai_mw,
            "formula": formula,
        }
    (mw0, ai0), (mw1, ai1) = _mw(region, year - 1), _mw(region, year)
    mw, ai_mw = 0.5 * (mw0 + mw1), 0.5 * (ai0 + ai1)
    lf = energy_parameter("load_factor")
    util = energy_parameter("datacenter_utilisation")
    twh = HOURS_PER_YEAR / MWH_PER_TWH
    out: dict[str, Any] = {
        "unit": QUANTITIES[quantity],
        "basis": "year-mean",
        "mw": mw,
        "ai_mw": ai_mw,
        # the AI part on each of the plan's two bases (its power table's
        # energy_twh_year_mean and energy_twh), so the two are never compared unnamed
        "ai_twh_year_mean": ai_mw * lf * twh,
        "ai_twh_end_of_year": ai1 * lf * twh,
    }
    if scope == "ai":
        out["value"] = ai_mw * lf * twh
        out["formula"] = (
            f"AI MW, year mean {ai_mw:,.0f} x load_factor {lf:g} x {HOURS_PER_YEAR:,.0f} h "
            f"= {out['value']:,.1f} TWh"
        )
        return out
    out["value"] = (ai_mw * lf + (mw - ai_mw) * util) * twh
    out["value_all_at_utilisation"] = mw * util * twh
    out["formula"] = (
        f"year mean {mw:,.0f} MW, of it AI {ai_mw:,.0f}: (AI x load_factor {lf:g} + "
        f"rest {mw - ai_mw:,.0f} x datacenter_utilisation {util:g}) x {HOURS_PER_YEAR:,.0f} h "
        f"= {out['value']:,.1f} TWh ({out['value_all_at_utilisation']:,.1f} TWh with every MW "
        f"at {util:g})"
    )
    return out


def position(value: float, low: float, high: float) -> tuple[str, float | None]:
    """Where a value sits against a published range, point or floor.

    Parameters
    ----------
    value : float
        The table's figure [the forecast's unit].
    low, high : float
        The forecast's bounds (``high`` infinite for a floor; equal for a point).

    Returns
    -------
    tuple
        ``("below", value / low − 1)``, ``("above", value / high − 1)`` or
        ``("inside", where)``: ``where`` the fraction of the way from ``low`` to
        ``high`` (0 at the low end, 1 at the high end; ``None`` for a floor) [-].

    Examples
    --------
    >>> position(76.2, 74.0, 132.0)[0]
    'inside'
    >>> where, gap = position(163.4, 171.0, 219.0)
    >>> where, round(gap, 3)
    ('below', -0.044)
    >>> position(64.2, 50.0, float("inf"))
    ('inside', None)
    """
    if value < low:
        return "below", value / low - 1.0
    if value > high:
        return "above", value / high - 1.0
    return "inside", (value - low) / (high - low) if math.isfinite(high) and high > low else None


def power_forward_check() -> dict[str, Any]:
    """The capacity table against every published forecast of ``datacenter_forecasts``.

    Returns
    -------
    dict
        ``{"method", "rows": [{forecast row's columns, "table": the table's figure
        [the row's unit], "table_basis", "table_formula", "table_all_at_utilisation"
        (energy of all data centres only), "table_ai_twh_year_mean" and
        "table_ai_twh_end_of_year" (energy rows only: the AI part on the year-mean MW,
        the basis of the plan's ``energy_twh_year_mean``, and on the year-end MW, that
        of its ``energy_twh``) [TWh/yr], "position", "gap_or_where"}]}``;
        ``position`` is ``below``, ``inside`` or ``above`` (:func:`position`);
        ``high`` is ``None`` for a floor (JSON has no infinity).

    Examples
    --------
    >>> rows = power_forward_check()["rows"]
    >>> {r["position"] for r in rows} <= {"below", "inside", "above"}
    True
    """
    rows = []
    for fc in published_forecasts():
        mine = table_power(fc["region"], fc["scope"], fc["quantity"], fc["year"])
        where, gap = position(mine["value"], fc["low"], fc["high"])
        rows.append(
            {
                **fc,
                "high": fc["high"] if math.isfinite(fc["high"]) else None,
                "table": mine["value"],
                "table_basis": mine["basis"],
                "table_formula": mine["formula"],
                "table_all_at_utilisation": mine.get("value_all_at_utilisation"),
                "table_ai_twh_year_mean": mine.get("ai_twh_year_mean"),
                "table_ai_twh_end_of_year": mine.get("ai_twh_end_of_year"),
                "position": where,
                "gap_or_where": gap,
            }
        )
    method = (
        "data/datacenter_capacity.csv (announced variant) in each forecast's measure: "
        "capacity = facility MW standing at the end of the year; energy = the year-mean MW "
        f"x {HOURS_PER_YEAR:,.0f} h, AI MW at load_factor {energy_parameter('load_factor'):g} "
        "and the rest at datacenter_utilisation "
        f"{energy_parameter('datacenter_utilisation'):g} (all facility power, so no PUE "
        "enters); forecasts from data/datacenter_forecasts.csv (docs/energy.md, Forward "
        "power check). Basis: the energy rows are on the year-mean MW, as the plan's "
        "power table's energy_twh_year_mean; the plan's energy_twh (and its electricity "
        "cost and emissions) is on the year-end MW (a delivery counts for its whole "
        "year), so each energy row also gives the table's AI part on both bases "
        "(table_ai_twh_year_mean, table_ai_twh_end_of_year)"
    )
    return {"method": method, "rows": rows}
