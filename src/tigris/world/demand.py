"""Demand for AI compute calibrated on history: published shipments, then a cited forecast.

History
-------
``data/accelerator_shipments.csv`` holds AI accelerator *packages* shipped by vendor,
product and calendar year (one B200 package is one unit, though NVIDIA counts its two
dies as two "GPUs"), from published estimates: Epoch AI's AI Chip Sales data for NVIDIA,
Google TPU, AWS Trainium and AMD (2022-2025), AMD's own revenue for its 2023 MI300X and
the Financial Times for Huawei Ascend. Each row names a catalog accelerator and a scale:
its compute is ``units x scale x h100_equivalents(accelerator)`` [H100e], the catalog's
dense BF16 peak relative to the H100 SXM; where the catalog has no row for the product,
the scale states the equivalent (the product's published dense BF16 peak over the H100's).

Every row has a ``role``:

- ``in-sample``: used to build demand (:func:`shipments_h100e`, :func:`calibrated_demand`);
- ``test-only``: independent published figures (Omdia buyer counts, NVIDIA's statements,
  TechInsights, Epoch's first half of 2026) never used to build demand, only to test it
  (``tests/test_world_demand.py``), with a ``bound`` saying how they compare (``lower``,
  ``upper``, ``estimate``, ``first_half``).

Forecast
--------
After the last history year *H* (2025) the compute delivered grows with AI spending and
with the compute a dollar buys (``data/demand_growth.csv``, every parameter sourced)::

    D(t) = D(H) * S(t) / S(H) * 2 ** ((t - H) / tau)

with ``S`` the AI infrastructure spending path: the four largest clouds' 2026 capex
guidance for the first year, then geometric growth to NVIDIA's US$3-4 trillion a year by
2030, then the semiconductor industry's ~7 %/year (a stated tigris assumption), and ``tau``
the price-performance doubling time of ML GPUs (Hobbhahn & Besiroglu 2022). The same
rule applied to 2024 -> 2025 (the four largest clouds' capex US$246B -> ~US$410B, x1.67;
compute per dollar x1.40) gives x2.33 against the x2.52 published, which is why the
compute-per-dollar term is kept (``tests/test_world_demand.py`` checks it).

References
----------
Epoch AI, "AI Chip Sales" data explorer and github.com/epoch-research/ai-chip-counts
(2026); Hobbhahn, M. & Besiroglu, T., "Trends in GPU price-performance", Epoch AI (2022);
the sources of each row of ``accelerator_shipments.csv`` and ``demand_growth.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris.data import data_cache, load_rows
from tigris.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CASES",
    "FORECAST_FIELDS",
    "ROLES",
    "calibrated_demand",
    "calibration_sources",
    "forecast_parameters",
    "growth_parameters",
    "history_years",
    "published_h100e",
    "shipments_h100e",
    "spend_index",
]

#: Demand cases: each picks a column of ``demand_growth.csv``.
CASES = {"central": "value", "low": "low_case", "high": "high_case"}
#: Roles of a shipment row: used to build demand, or kept only to test it.
ROLES = ("in-sample", "test-only")
_TABLE = "accelerator_shipments"
_GROWTH = "demand_growth"


@data_cache
def _rows() -> tuple[dict[str, Any], ...]:
    """Shipment rows with ``h100e_per_unit`` added (catalog peak x the row's scale)."""
    from tigris.workload import h100_equivalents

    out = []
    for row in load_rows(_TABLE):
        row = dict(row)
        row["h100e_per_unit"] = float(row["h100e_scale"]) * h100_equivalents(row["accelerator"])
        out.append(row)
    return tuple(out)


def shipments_h100e(
    years: Any = None, role: str = "in-sample", vendor: str | None = None
) -> pd.DataFrame:
    """Published AI accelerator shipments by vendor, product and year, in H100e.

    Parameters
    ----------
    years : int or array of int, optional
        Calendar years to keep [year]; default all.
    role : {"in-sample", "test-only"}, optional
        ``in-sample`` rows build demand; ``test-only`` rows only test it.
    vendor : str, optional
        Keep one vendor (``"NVIDIA"``, ``"Google"``, ``"AWS"``, ``"AMD"``, ``"Huawei"``).

    Returns
    -------
    pandas.DataFrame
        ``year, vendor, product, accelerator, units, h100e_scale, h100e_per_unit, h100e,
        bound, source`` with ``h100e_per_unit = h100e_scale x h100_equivalents(
        accelerator)`` and ``h100e = units * h100e_per_unit`` [packages, -, H100e].

    References
    ----------
    ``data/accelerator_shipments.csv`` (each row's source); ``workload.h100_equivalents``
    for the conversion (dense BF16 peak over the H100 SXM's).

    Examples
    --------
    >>> df = shipments_h100e(2025, vendor="NVIDIA")
    >>> sorted(df["product"])[:3]
    ['B200', 'B300', 'H100/H200']
    """
    import pandas as pd

    if role not in ROLES:
        msg = f"expected one of {', '.join(ROLES)}, got {role!r}"
        raise InputError(msg, field="role")
    rows = [r for r in _rows() if r["role"] == role]
    if vendor is not None:
        rows = [r for r in rows if str(r["vendor"]).lower() == vendor.lower()]
    if years is not None:
        keep = {int(y) for y in np.atleast_1d(np.asarray(years, dtype=int))}
        rows = [r for r in rows if int(r["year"]) in keep]
    cols = ["year", "vendor", "product", "accelerator", "units", "h100e_scale", "h100e_per_unit"]
    df = pd.DataFrame([{c: r[c] for c in [*cols, "bound", "source"]} for r in rows])
    if df.empty:
        return pd.DataFrame(columns=[*cols, "h100e", "bound", "source"])
    df["h100e"] = df["units"] * df["h100e_per_unit"]
    return df[[*cols, "h100e", "bound", "source"]]


@data_cache
def history_years() -> tuple[int, ...]:
    """Years with in-sample published shipments, ascending (2022-2025 as shipped).

    Returns
    -------
    tuple of int
        The in-sample years of ``accelerator_shipments.csv`` [year].
    """
    return tuple(sorted({int(r["year"]) for r in _rows() if r["role"] == "in-sample"}))


def published_h100e(year: int) -> tuple[float, str]:
    """Total in-sample H100e delivered in ``year`` and a short note of whose estimates.

    Parameters
    ----------
    year : int
        A history year [year].

    Returns
    -------
    tuple of (float, str)
        H100e delivered by the vendors the year's rows name [H100e], and
        ``"Epoch AI (NVIDIA, Google, ...); AMD; Financial Times (Huawei)"``-style
        attribution.
    """
    _check_history(np.array([year]))
    df = shipments_h100e(year)
    whose: dict[str, list[str]] = {}
    for vendor, src in zip(df["vendor"], df["source"], strict=True):
        who = _publisher(str(src))
        whose.setdefault(who, [])
        if vendor not in whose[who]:
            whose[who].append(str(vendor))
    text = "; ".join(f"{who} ({', '.join(v)})" for who, v in whose.items())
    return float(df["h100e"].sum()), f"{text}: accelerator_shipments.csv"


def _publisher(source: str) -> str:
    """Whose estimate a source line is: the text before its first comma or colon, and
    of ``"X via Y"`` the original publisher X."""
    return source.split(":", 1)[0].split(",", 1)[0].split(" via ", 1)[0].strip()


def _check_history(years: np.ndarray) -> None:
    hist = history_years()
    early = [int(y) for y in years if y < hist[0]]
    if early:
        msg = (
            f"no published shipments before {hist[0]} (asked for {early[0]}); "
            f"history covers {hist[0]}-{hist[-1]}"
        )
        raise InputError(msg, field="years")


@data_cache
def growth_parameters(case: str = "central") -> dict[str, Any]:
    """The forecast's parameters for one case, from ``data/demand_growth.csv``.

    Parameters
    ----------
    case : {"central", "low", "high"}, optional
        Which column: the central value or the low- or high-demand case.

    Returns
    -------
    dict
        ``spend_usd`` {year: USD/year}, ``spend_growth`` {year: factor},
        ``spend_growth_after`` (year, factor), ``price_performance_doubling_years`` and
        ``cloud_capex_usd`` {year: USD/year} (the back-test's, not the forecast's).
    """
    if case not in CASES:
        msg = f"expected one of {', '.join(CASES)}, got {case!r}"
        raise InputError(msg, field="case")
    col = CASES[case]
    by_year = ("spend_usd", "spend_growth", "cloud_capex_usd")
    out: dict[str, Any] = {name: {} for name in by_year}
    for row in load_rows(_GROWTH):
        name, value = row["parameter"], float(row[col])
        if name in by_year:
            out[name][int(row["year"])] = value
        elif name == "spend_growth_after":
            out[name] = (int(row["year"]), value)
        else:
            out[name] = value
    return out


#: Forecast parameters a scenario's ``demand_forecast`` may override, by kind: a map
#: {year: value} merged into the table's (``spend_usd``, ``spend_growth``) or one number.
FORECAST_FIELDS = {
    "spend_usd": "by_year",
    "spend_growth": "by_year",
    "spend_growth_after": "number",
    "price_performance_doubling_years": "number",
}


def forecast_parameters(
    case: str = "central", forecast: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The forecast's parameters for one case with a scenario's overrides applied.

    Parameters
    ----------
    case : {"central", "low", "high"}, optional
        Column of ``data/demand_growth.csv`` the overrides start from.
    forecast : mapping, optional
        Overrides (a scenario's ``demand_forecast``, :data:`FORECAST_FIELDS`):
        ``spend_usd`` and ``spend_growth`` {year: value} replace those years' values
        (other years keep the table's); ``spend_growth_after`` replaces the growth
        factor after the last spending anchor (its year stays the table's);
        ``price_performance_doubling_years`` replaces ``tau``. ``None`` values are
        left out.

    Returns
    -------
    dict
        As :func:`growth_parameters`.
    """
    base = growth_parameters(case)
    if not forecast:
        return base
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for name, value in forecast.items():
        if value is None or name not in FORECAST_FIELDS:
            continue
        if FORECAST_FIELDS[name] == "by_year":
            out[name].update({int(y): float(v) for y, v in value.items()})
        elif name == "spend_growth_after":
            out[name] = (base[name][0], float(value))
        else:
            out[name] = float(value)
    return out


def spend_index(
    years: np.ndarray, case: str = "central", forecast: Mapping[str, Any] | None = None
) -> np.ndarray:
    """AI infrastructure spending relative to the last history year, ``S(t) / S(H)``.

    From ``S(H)`` each later year takes its published growth factor if it has one;
    else the spend grows geometrically to the next published level,
    ``S(t) = S(t-1) * (S(A) / S(t-1)) ** (1 / (A - t + 1))`` for the next anchor year
    ``A``; after the last anchor it grows by ``spend_growth_after`` a year.

    Parameters
    ----------
    years : array of int
        Years at or after the last history year [year].
    case : {"central", "low", "high"}, optional
        Parameter case (``demand_growth.csv`` column).
    forecast : mapping, optional
        A scenario's overrides of the parameters (:func:`forecast_parameters`).

    Returns
    -------
    numpy.ndarray
        Spending index per year [-], 1 at the last history year.

    References
    ----------
    ``data/demand_growth.csv``: cloud capex guidance for 2026, NVIDIA's US$3-4 trillion
    by 2030, McKinsey (2022) for the semiconductor industry's growth afterwards.

    Examples
    --------
    >>> idx = spend_index(np.array([2025, 2026, 2030]))
    >>> [round(float(x), 3) for x in idx]
    [1.0, 1.6, 5.833]
    """
    p = forecast_parameters(case, forecast)
    last = history_years()[-1]
    anchors, growth = p["spend_usd"], p["spend_growth"]
    after = p["spend_growth_after"][1]
    years = np.asarray(years, dtype=int)
    top = int(years.max()) if years.size else last
    level = {last: anchors[last]}
    for y in range(last + 1, top + 1):
        prev = level[y - 1]
        later = [a for a in anchors if a >= y]
        if y in growth:
            level[y] = prev * growth[y]
        elif later:
            a = min(later)
            level[y] = prev * (anchors[a] / prev) ** (1.0 / (a - y + 1))
        else:
            level[y] = prev * after
    return np.array([level[int(y)] / level[last] for y in years])


def calibrated_demand(
    years: Any, case: str = "central", forecast: Mapping[str, Any] | None = None
) -> np.ndarray:
    """Total H100e demanded per year: published deliveries, then the cited forecast.

    History years (those with in-sample shipments, 2022-2025) return the published
    deliveries converted with the catalog; a later year ``t`` returns
    ``D(H) * S(t)/S(H) * 2 ** ((t - H) / tau)`` (module docstring).

    Parameters
    ----------
    years : int or array of int
        Calendar years, none before the first history year [year].
    case : {"central", "low", "high"}, optional
        Forecast parameters (``demand_growth.csv`` column); history is the same in all.
    forecast : mapping, optional
        A scenario's ``demand_forecast`` overrides of those parameters
        (:func:`forecast_parameters`); history is never overridden.

    Returns
    -------
    numpy.ndarray
        (T,) compute delivered per year [H100e/year].

    References
    ----------
    Epoch AI, AI Chip Sales data (2026); Hobbhahn & Besiroglu, "Trends in GPU
    price-performance", Epoch AI (2022), Table 1; ``data/demand_growth.csv``.

    Examples
    --------
    >>> d = calibrated_demand([2024, 2025, 2026])
    >>> bool(d[1] > d[0]) and round(float(d[2] / d[1]), 2)
    2.24
    """
    years = np.atleast_1d(np.asarray(years, dtype=int))
    _check_history(years)
    hist = history_years()
    last = hist[-1]
    totals = shipments_h100e(list(hist)).groupby("year")["h100e"].sum()
    out = np.zeros(len(years))
    past = years <= last
    out[past] = [float(totals[int(y)]) for y in years[past]]
    if np.any(~past):
        later = years[~past]
        tau = forecast_parameters(case, forecast)["price_performance_doubling_years"]
        perf = 2.0 ** ((later - last) / tau)
        out[~past] = float(totals[last]) * spend_index(later, case, forecast) * perf
    return out


def calibration_sources(forecast: Mapping[str, Any] | None = None) -> str:
    """One line for the plan's assumptions table: how demand was calibrated.

    With a scenario's ``demand_forecast`` overrides, the parameters shown are the ones
    used and the line says which the scenario set.

    Parameters
    ----------
    forecast : mapping of str to Any or None, optional
        A scenario's ``demand_forecast`` overrides (:data:`FORECAST_FIELDS`); None: the
        shipped tables' parameters alone.

    Returns
    -------
    str
        The line: the history years and sources, the central forecast's spending growth,
        spending anchors [US$ trillion] and price-performance doubling time [years].
    """
    hist = history_years()
    p = forecast_parameters("central", forecast)
    own = sorted(k for k, v in (forecast or {}).items() if v is not None)
    tau = p["price_performance_doubling_years"]
    g = ", ".join(f"{y}: x{v:g}" for y, v in sorted(p["spend_growth"].items()))
    anchors = ", ".join(f"{y}: US${v / 1e12:g}T" for y, v in sorted(p["spend_usd"].items()))
    after_year, after = p["spend_growth_after"]
    return (
        f"history {hist[0]}-{hist[-1]}: published accelerator shipments (Epoch AI AI Chip "
        "Sales; AMD; FT for Huawei) in H100e via the catalog; later: x AI spending "
        f"(growth {g}; spend {anchors}; x{after:g}/year after {after_year}) x compute per "
        f"dollar doubling every {tau:g} years (Hobbhahn & Besiroglu 2022); "
        "accelerator_shipments.csv, demand_growth.csv"
        + (f"; the scenario's demand_forecast sets {', '.join(own)}" if own else "")
    )
