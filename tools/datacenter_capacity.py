"""Re-derive the AI cells of ``src/tigris/data/datacenter_capacity.csv`` from the catalog.

The table's AI capacity is derived, not published (docs/energy.md, "Data"), so it has to
move whenever the catalog's ``system_power_w`` or the shipments move. This script is the
reproducible source of that derivation (run from the repository root, in the venv)::

    python tools/datacenter_capacity.py --check      # list the cells that would change
    python tools/datacenter_capacity.py              # rewrite the table in place
    python tools/datacenter_capacity.py --check --accelerators OLD.csv

(``--accelerators`` reads the system power from another catalog file, e.g. ``git show
05359a4~1:src/tigris/data/accelerators.csv``, to reproduce an older table.) It rewrites
only ``mw`` and ``ai_share`` of the AI-dependent rows and the figures their source texts
quote; the totals (IEA), the Gulf campus's announced MW and every other word are kept.

Rule (the table's own, docs/energy.md "Where the numbers come from"):

- Fleet ``F(y)`` [MW facility at the design PUE 1.2]: every in-sample shipment of
  ``data/accelerator_shipments.csv`` delivered by the end of ``y`` x the catalog's system
  power (a part without one: its year's W per H100e x its H100e) x ``it_overhead`` x 1.2,
  as ``tests/test_energy_data.py`` recomputes it.
- History (2022-2025): the region's AI MW ``F(y) x s_r x PUE_r / 1.2`` (``s_r``: Epoch AI's
  share of GPU cluster performance, :data:`SHARE`; ``PUE_r``: ``data/grid.csv``);
  ``ai_share`` = that over the IEA-based ``mw``; the Gulf row's ``mw`` is the AI MW.
- World projection ``W(y)`` at PUE 1.2: ``F(2025) + k (F(2025) - F(2024))`` for 2026-2027
  (the 2025 pace), linear to ``3 F(2025)`` at the end of 2030 (IEA: AI data-centre demand
  triples), then linear to ``W(2030) x 1,200 / 945`` at the end of 2035 (IEA base case).
- Projected rows: ``mw`` = the non-AI MW held at the end of 2025, ``mw(2025) - F(2025) s_r``
  (the AI part at PUE 1.2, as the rows were first built), plus the AI MW
  ``W(y) s_r PUE_r / 1.2``; Gulf: the end-2025 AI MW held plus the campus's announced MW.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "tigris" / "data"
TABLE = DATA / "datacenter_capacity.csv"
#: Each region's share of the AI fleet [-]: Epoch AI data insight, May 2025 (US ~75%,
#: China ~15%, EU ~6%, rest ~4%, the rest split by tigris assumption), as the rows say.
SHARE = {
    "usa": 0.75,
    "china": 0.15,
    "europe": 0.06,
    "asia-pacific": 0.03,
    "rest-of-world": 0.005,
    "middle-east": 0.005,
}
#: Last history year and the ends of the projection's three legs [year].
HISTORY_END, PACE_END, TRIPLE_AT, LAST = 2025, 2027, 2030, 2035
#: IEA base case data-centre electricity 2030 -> 2035 [TWh] (Energy and AI, Apr 2025).
IEA_2030_TWH, IEA_2035_TWH = 945.0, 1200.0
#: Stargate UAE's announced facility MW standing at the end of each year (the rows' source).
GULF_CAMPUS_MW = {2026: 200.0, 2027: 600.0}
GULF_CAMPUS_FULL_MW = 1000.0


def fleet_mw(year: int, accelerators: Path) -> float:
    """Facility MW at PUE 1.2 of every in-sample shipment delivered by the end of ``year``.

    Parameters
    ----------
    year : int
        Calendar year [year].
    accelerators : pathlib.Path
        Catalog CSV whose ``system_power_w`` [W] is used.

    Returns
    -------
    float
        ``Σ units × system power × it_overhead × design PUE / 1e6`` [MW]; a part without a
        system power at its year's W per H100e × its H100e (docs/energy.md, "Data").
    """
    from tigris.catalog import get_accelerator
    from tigris.data import load_rows
    from tigris.energy import data as ed
    from tigris.workload import h100_equivalents

    with accelerators.open(newline="", encoding="utf-8") as fh:
        power = {r["name"]: r["system_power_w"] for r in csv.DictReader(fh)}
    rows = [
        r
        for r in load_rows("accelerator_shipments")
        if r["role"] == "in-sample" and int(r["year"]) <= year
    ]
    total_w = 0.0
    for y in sorted({int(r["year"]) for r in rows}):
        same = [r for r in rows if int(r["year"]) == y]
        h100e = [
            float(r["units"])
            * float(r["h100e_scale"])
            * h100_equivalents(get_accelerator(r["accelerator"]))
            for r in same
        ]
        known = [(r, h) for r, h in zip(same, h100e, strict=True) if power[r["accelerator"]]]
        w_per_h100e = sum(float(r["units"]) * float(power[r["accelerator"]]) for r, _ in known)
        w_per_h100e /= sum(h for _, h in known)
        for r, h in zip(same, h100e, strict=True):
            w = power[r["accelerator"]]
            total_w += float(r["units"]) * float(w) if w else h * w_per_h100e
    overhead = ed.energy_parameter("it_overhead")
    return total_w * overhead * ed.energy_parameter("design_pue") / 1e6


def world_ai_mw(fleet: dict[int, float]) -> dict[int, float]:
    """World AI capacity at the end of each year 2022-2035 at PUE 1.2 [MW] (module rule)."""
    world = dict(fleet)
    step = fleet[HISTORY_END] - fleet[HISTORY_END - 1]
    for y in range(HISTORY_END + 1, PACE_END + 1):
        world[y] = fleet[HISTORY_END] + (y - HISTORY_END) * step
    target = 3 * fleet[HISTORY_END]
    for y in range(PACE_END + 1, TRIPLE_AT + 1):
        frac = (y - PACE_END) / (TRIPLE_AT - PACE_END)
        world[y] = world[PACE_END] + (target - world[PACE_END]) * frac
    growth = IEA_2035_TWH / IEA_2030_TWH - 1
    for y in range(TRIPLE_AT + 1, LAST + 1):
        world[y] = world[TRIPLE_AT] * (1 + growth * (y - TRIPLE_AT) / (LAST - TRIPLE_AT))
    return world


def _quote(text: str, world: dict[int, float], year: int) -> str:
    """The source text with the figures it quotes [GW] set to this derivation's."""
    gw = {y: v / 1e3 for y, v in world.items()}
    step = gw[HISTORY_END] - gw[HISTORY_END - 1]
    subs = [
        (
            r"= [\d.]+ GW facility worldwide",
            f"= {gw[min(year, HISTORY_END)]:.1f} GW facility worldwide",
        ),
        (r"World: \+[\d.]+ GW a year", f"World: +{step:.1f} GW a year"),
        (r"so \d+ GW at end-2027", f"so {gw[PACE_END]:.0f} GW at end-2027"),
        (
            r"3x the end-2025 capacity, \d+ GW,",
            f"3x the end-2025 capacity, {gw[TRIPLE_AT]:.0f} GW,",
        ),
        (r"\(this table: \d+ GW\)", f"(this table: {gw[TRIPLE_AT] * SHARE['usa']:.0f} GW)"),
        (r"from end-2030 \(\d+ GW\)", f"from end-2030 ({gw[TRIPLE_AT]:.0f} GW)"),
    ]
    for pattern, new in subs:
        text = re.sub(pattern, new, text)
    return text


def derive(accelerators: Path, note: str = "") -> tuple[list[list[str]], list[str]]:
    """The table with its AI cells re-derived, and one line per changed row.

    Parameters
    ----------
    accelerators : pathlib.Path
        Catalog CSV [W of system power per part].
    note : str, optional
        Sentence appended to the ``ai_share_source`` of every row whose cells or quoted
        figures change (once: not if the text already holds it).

    Returns
    -------
    tuple of (list of list of str, list of str)
        The CSV's rows (header first) and ``region year: mw, ai_share old -> new`` lines.
    """
    with TABLE.open(newline="", encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    head, rows = table[0], table[1:]
    col = {name: i for i, name in enumerate(head)}
    with (DATA / "grid.csv").open(newline="", encoding="utf-8") as fh:
        pue = {r["region"]: float(r["pue"]) for r in csv.DictReader(fh)}
    fleet = {y: fleet_mw(y, accelerators) for y in range(2022, HISTORY_END + 1)}
    world = world_ai_mw(fleet)
    total_2025 = {
        r[col["region"]]: float(r[col["mw"]]) for r in rows if int(r[col["year"]]) == HISTORY_END
    }
    changes = []
    for r in rows:
        region, year = r[col["region"]], int(r[col["year"]])
        k = pue[region] / 1.2
        if region == "middle-east":
            mw = round(fleet[min(year, HISTORY_END)] * SHARE[region] * k)
            if year > HISTORY_END:
                mw += round(GULF_CAMPUS_MW.get(year, GULF_CAMPUS_FULL_MW))
            share = 1.0
        elif year <= HISTORY_END:
            mw = int(r[col["mw"]])
            share = round(fleet[year] * SHARE[region] * k / mw, 4)
        else:
            ai = world[year] * SHARE[region] * k
            mw = round(total_2025[region] - fleet[HISTORY_END] * SHARE[region] + ai)
            share = round(ai / mw, 4)
        old = (r[col["mw"]], r[col["ai_share"]])
        text = _quote(r[col["ai_share_source"]], world, year)
        if (int(old[0]), float(old[1])) != (mw, share) or text != r[col["ai_share_source"]]:
            changes.append(f"{region} {year}: {old[0]}, {old[1]} -> {mw}, {share}")
            if note and note not in text:
                text = f"{text}. {note}"
        r[col["mw"]], r[col["ai_share"]], r[col["ai_share_source"]] = str(mw), str(share), text
    return table, changes


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--check`` lists the changes (exit 1 if any), else rewrite the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accelerators", type=Path, default=DATA / "accelerators.csv")
    parser.add_argument("--check", action="store_true", help="list changes, write nothing")
    parser.add_argument("--note", default="", help="sentence added to changed rows' source")
    args = parser.parse_args(argv)
    table, changes = derive(args.accelerators, args.note)
    print("\n".join(changes) or "no AI cell changes")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(table)
    if args.check:
        return 1 if buf.getvalue() != TABLE.read_text(encoding="utf-8") else 0
    TABLE.write_text(buf.getvalue(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
