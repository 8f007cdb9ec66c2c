"""Projected accelerator generations: the announced roadmap continued by public trends.

The catalog's newest parts with public specifications (Rubin Ultra 2027, MI455X 2026,
TPU v7 2025, Trainium3 2025) end the announced roadmap. Demand
(:mod:`tigris.world.demand`) grows in H100e with GPU price-performance, so a supply
whose products stop improving would make the shortage an artefact. tigris therefore
projects one successor per vendor every ``cadence_years`` after its last announced part,
each derived from that *base part* and ``data/technology_trend.csv`` alone:

- dense BF16 and FP8 FLOP/s: base x ``bf16_flops_growth`` ^ dt,
- logic die area per package: base x ``logic_area_growth`` ^ dt (dies as the base's),
- HBM stacks: base x ``hbm_stacks_growth`` ^ dt, of generation ``hbm_generation``,
  memory = stacks x that generation's GB per stack (``data/hbm.csv``),
- memory bandwidth: base x ``memory_bw_growth`` ^ dt,
- TDP: base x (``bf16_flops_growth`` / ``energy_efficiency_growth``) ^ dt, system
  power in the base's ratio to TDP,
- node: the newest in ``data/nodes.csv`` with ``hvm_year + node_adoption_lag_years``
  at or before the launch year, never older than the base's, of a family in
  ``node_families`` (those the plan's candidate menu builds: A14 and Intel 14A, in
  ``nodes.csv`` for fab costing, take no projected part); package ``package``,

where dt is the launch year minus the base's [year]. With ``hbm_stacks_growth`` 1.0 and
HBM4E kept, memory per part stays at its base's from its first year to 2035 (NVIDIA
1,024 GB, AMD 768, Google 512, AWS 256) while FLOP/s grow 1.35x a year, so HBM per H100e
falls ~26 % a year: the 2029-2035 HBM demand of a plan rests on this tigris assumption
(no primary source gives a memory-per-part trend to replace it; user test UT-HBM defect
2), and :func:`hbm_assumption_notes` says so in the plan's assumptions table.

The rows are written into ``data/accelerators.csv`` (names ``<vendor>-<year>-projected``,
the source naming the base) by ``python -m tigris.world.trend``, and
``tests/test_world_trend.py`` recomputes every one from its base and the trend table,
so the CSV cannot drift from this method.
"""

from __future__ import annotations

from typing import Any

from tigris.data import data_cache, load_rows
from tigris.errors import TigrisError

__all__ = ["PROJECTION_TAG", "hbm_assumption_notes", "projected_accelerator", "trend_parameters"]

#: How a projected catalog row's ``source`` begins (followed by the base part's name).
PROJECTION_TAG = "tigris projection: "
#: Parameters read as numbers (the others are names).
_NUMERIC = (
    "cadence_years",
    "bf16_flops_growth",
    "logic_area_growth",
    "hbm_stacks_growth",
    "memory_bw_growth",
    "energy_efficiency_growth",
    "node_adoption_lag_years",
)
#: Significant digits the projected rows are written with (a format, not data).
_DIGITS = 4


@data_cache
def trend_parameters() -> dict[str, Any]:
    """The central values of ``data/technology_trend.csv``, by parameter.

    Returns
    -------
    dict of str to float or str
        Growth factors [x/year], ``cadence_years`` and ``node_adoption_lag_years``
        [year], ``hbm_generation`` and ``package`` (names).

    Examples
    --------
    >>> p = trend_parameters()
    >>> 1 < p["bf16_flops_growth"] < 2, p["package"]
    (True, 'CoWoS-L')
    """
    out: dict[str, Any] = {}
    for row in load_rows("technology_trend"):
        name = str(row["parameter"]).strip()
        out[name] = float(row["value"]) if name in _NUMERIC else str(row["value"]).strip()
    missing = [p for p in (*_NUMERIC, "hbm_generation", "package", "node_families") if p not in out]
    if missing:
        raise TigrisError(f"technology_trend.csv: missing parameter(s) {', '.join(missing)}")
    return out


def _node_for(year: int, base_node: str) -> str:
    """The newest node whose HVM year plus the adoption lag is at or before ``year``."""
    lag = trend_parameters()["node_adoption_lag_years"]
    rows = load_rows("nodes")
    families = set(str(trend_parameters()["node_families"]).split("|"))
    hvm = {str(r["node"]): int(r["hvm_year"]) for r in rows}
    ok = {str(r["node"]) for r in rows if str(r["family"]) in families}
    ready = [n for n, y in hvm.items() if y + lag <= year and y >= hvm[base_node] and n in ok]
    return max(ready, key=lambda n: (hvm[n], n == base_node)) if ready else base_node


def _sig(x: float) -> float:
    return float(f"{x:.{_DIGITS}g}")


def projected_accelerator(base: str, year: int) -> dict[str, Any]:
    """A catalog row for the successor of ``base`` launched in ``year``.

    Parameters
    ----------
    base : str
        Catalog name of the vendor's last part with public specs.
    year : int
        Launch year of the successor [year], after the base's.

    Returns
    -------
    dict
        The ``data/accelerators.csv`` columns (numbers to 4 significant digits).

    References
    ----------
    The method of this module's docstring; ``data/technology_trend.csv`` for the
    factors (Hobbhahn, Heim & Aydos, 'Trends in Machine Learning Hardware', Epoch AI
    2023, and the other sources there).
    """
    from tigris.catalog import get_accelerator
    from tigris.silicon.hbm import get_hbm

    p = trend_parameters()
    b = get_accelerator(base)
    dt = int(year) - int(b.launch_year)
    if dt <= 0:
        raise TigrisError(f"projected year {year} is not after {b.name}'s {b.launch_year}")
    flops = p["bf16_flops_growth"] ** dt
    stacks = round(b.hbm_stacks * p["hbm_stacks_growth"] ** dt)
    gen = get_hbm(p["hbm_generation"])
    tdp = b.tdp_w * (p["bf16_flops_growth"] / p["energy_efficiency_growth"]) ** dt
    node = _node_for(int(year), b.node)
    return {
        "name": f"{b.vendor.lower()}-{year}-projected",
        "aliases": "",
        "vendor": b.vendor,
        "launch_year": int(year),
        "peak_bf16_flop_per_s": _sig(b.peak_bf16_flop_per_s * flops),
        "peak_fp8_flop_per_s": _sig(b.peak_fp8_flop_per_s * flops) if b.peak_fp8_flop_per_s else "",
        "memory_gb": _sig(stacks * gen.stack_capacity_gb),
        "memory_bw_gb_per_s": _sig(b.memory_bw_gb_per_s * p["memory_bw_growth"] ** dt),
        "tdp_w": _sig(tdp),
        "system_power_w": _sig(tdp * b.system_power_w / b.tdp_w),
        "logic_dies": b.logic_dies,
        "logic_die_area_mm2": _sig(b.logic_die_area_mm2 * p["logic_area_growth"] ** dt),
        "node": node,
        "units_total": b.units_total or "",
        "units_enabled": b.units_enabled or "",
        "hbm_stacks": stacks,
        "hbm_generation": gen.generation,
        "package": p["package"],
        "base_dies": b.base_dies or "",
        "base_die_area_mm2": _sig(b.base_die_area_mm2) if b.base_die_area_mm2 else "",
        "base_die_node": b.base_die_node or "",
        "price_usd": "",
        "source": (
            f"{PROJECTION_TAG}{b.name} x trend (data/technology_trend.csv) over {dt} years: "
            f"dense BF16/FP8 x {p['bf16_flops_growth']:g}^{dt}, logic area x "
            f"{p['logic_area_growth']:g}^{dt} ({b.logic_dies} dies as {b.name}), "
            f"{stacks} {gen.generation} stacks of {gen.stack_capacity_gb:g} GB, bandwidth x "
            f"{p['memory_bw_growth']:g}^{dt}, TDP x ({p['bf16_flops_growth']:g}/"
            f"{p['energy_efficiency_growth']:g})^{dt}, system power in {b.name}'s ratio "
            f"to TDP, node {node} (newest with HVM + {p['node_adoption_lag_years']:g} "
            f"years <= {year}), {p['package']}; not an announced product, price not "
            "projected"
        ),
        "as_of": "2026-12",
    }


def hbm_assumption_notes(accelerators: list[str]) -> list[tuple[str, str, str, str]]:
    """A row for a plan's assumptions table when it offers projected parts: their HBM per
    part is held at the base's, so the plan's HBM demand after the announced roadmap
    rests on that assumption.

    Parameters
    ----------
    accelerators : list of str
        Catalog names of the plan's products (unknown names are skipped).

    Returns
    -------
    list of (str, str, str, str)
        ``(parameter, value, unit, source)``, one row, or none without a projected part:
        value ``'held to 2035: NVIDIA 1,024, AMD 768, ...'`` [GB per part].

    References
    ----------
    This module's method (``hbm_stacks_growth`` and ``hbm_generation`` of
    ``data/technology_trend.csv``, both tigris assumptions).

    Examples
    --------
    >>> hbm_assumption_notes(["h100"])
    []
    """
    from tigris.catalog import get_accelerator
    from tigris.errors import InputError

    gb: dict[str, set[float]] = {}
    last = 0
    for name in accelerators:
        try:
            acc = get_accelerator(str(name))
        except InputError:
            continue
        if str(acc.source).startswith(PROJECTION_TAG):
            gb.setdefault(acc.vendor, set()).add(float(acc.memory_gb))
            last = max(last, int(acc.launch_year))
    if not gb:
        return []
    p = trend_parameters()
    held = ", ".join(
        f"{v} {'/'.join(f'{x:,.0f}' for x in sorted(g))}" for v, g in sorted(gb.items())
    )
    source = (
        f"tigris.world.trend: data/technology_trend.csv hbm_stacks_growth "
        f"{p['hbm_stacks_growth']:g} and hbm_generation {p['hbm_generation']} (tigris "
        "assumptions: no primary source gives a memory-per-part trend); FLOP/s per part "
        f"grow {p['bf16_flops_growth']:g}x a year, so HBM per H100e falls and the plan's HBM "
        "demand after the announced roadmap (2029-2035) rests on this assumption"
    )
    return [("projected parts: HBM per part", f"held to {last}: {held}", "GB", source)]


if __name__ == "__main__":  # pragma: no cover - writes rows for data/accelerators.csv
    import csv
    import sys

    from tigris.catalog import get_accelerator

    step = int(trend_parameters()["cadence_years"])
    writer = csv.writer(sys.stdout, lineterminator="\n")
    for base_name, end in (arg.split(":") for arg in sys.argv[1:]):  # rubin-ultra:2035
        first = int(get_accelerator(base_name).launch_year) + step
        for y in range(first, int(end) + 1, step):
            row = projected_accelerator(base_name, y).values()
            writer.writerow(f"{v:.{_DIGITS}g}" if isinstance(v, float) else v for v in row)
