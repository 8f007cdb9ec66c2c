"""Supply-side review of the hindcast and the plan's capacity table (a semiconductor
supply-chain analyst's checks).

Each test checks a printed figure or its label against the data tables by hand: the
HBM GB the hindcast prints for the published 2023 shipments against the GB their parts
carry (units x stacks x GB a stack, ``accelerator_shipments.csv``, ``accelerators.csv``,
``hbm.csv``) and the CoWoS-S package yield (``packaging.csv``); the plan's capacity
table's "available" against the incumbent lines of ``incumbent_capacity.csv``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "src" / "tigris" / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _gb_carried_2023() -> float:
    """GB of HBM in the published 2023 parts, by hand from the tables [GB].

    A row's HBM: its own ``hbm_stacks``/``hbm_generation`` if stated, else its catalog
    part's when the part is its own (scale 1), else its stand-in's (the part named in
    ``accelerator``, or ``bill_stand_in`` when given): as docs/plan.md, "HBM per part".
    """
    acc = {r["name"]: r for r in _rows("accelerators")}
    gb = {r["generation"].lower(): float(r["stack_capacity_gb"]) for r in _rows("hbm")}
    total = 0.0
    for r in _rows("accelerator_shipments"):
        if r["year"] != "2023" or r["role"] != "in-sample":
            continue
        own = acc.get(r["accelerator"], {})
        if r["hbm_stacks"]:
            stacks, gen = float(r["hbm_stacks"]), r["hbm_generation"]
        elif own.get("hbm_stacks") and own.get("hbm_generation"):
            stacks, gen = float(own["hbm_stacks"]), own["hbm_generation"]
        else:  # pragma: no cover - every 2023 row has its HBM in the tables
            raise AssertionError(f"no HBM for {r['product']}")
        total += float(r["units"]) * stacks * gb[gen.lower()]
    return total


@pytest.fixture(scope="module")
def hindcast_doc() -> dict:
    from tigris.world.hindcast import hindcast, hindcast_to_dict

    return hindcast_to_dict(hindcast(), "announced")


def test_hindcast_hbm_gb_is_stacks_made_and_says_so(hindcast_doc: dict) -> None:
    """The published 2023 parts carry ~127.7M GB of HBM (A100/A800 80 GB, H100/H800 80,
    TPU v4 32, v5e 16, v5p 96, MI300X 192, v4i at H100's 80); every 2023 part is on
    CoWoS-S, whose package yield is 0.95 (packaging.csv, start = mature). The hindcast's
    134.5M GB is that / 0.95: the stacks made, those lost with failed packages included.
    The label said "GB of HBM a year" (and the docstring "the HBM they carry"), which
    reads as the GB in the parts shipped and is 5 % above it; it must name the basis."""
    cowos_s = next(r for r in _rows("packaging") if r["package"] == "CoWoS-S")
    assert cowos_s["package_yield_start"] == cowos_s["package_yield"]
    yp = float(cowos_s["package_yield"])
    carried = _gb_carried_2023()
    assert carried == pytest.approx(127.7e6, rel=2e-3)
    rec = next(y for y in hindcast_doc["years"] if y["year"] == 2023)
    printed = rec["published_at_model_bills"]["hbm_gb"]
    assert printed == pytest.approx(carried / yp, rel=1e-6)
    unit = rec["hbm_absolute"]["unit"]
    assert "package yield" in unit and "lost" in unit, unit


def test_plan_capacity_caption_says_available_is_the_ai_share() -> None:
    """TSMC's N5 family stands at 150k wspm in Taiwan and 20k in Arizona at the end of
    2025 and 2026 (incumbent_capacity.csv); the plan's capacity table prints N5 2026 as
    42.5k available, 150k x 0.25 + 20k x 0.25, the part serving AI (CoWoS 113.4k against
    TSMC's 100k and the OSATs' 30.5k whole-line year means). The caption called these
    "the incumbents' lines ... used / available" without saying so."""
    import numpy as np

    from tigris.cli.plan import CAPACITY_CAPTION
    from tigris.world.incumbents import existing_supply

    # each N5-family line's last row up to 2026 (a line is held flat after its last
    # row: Arizona's N4 has rows to 2025); 2026 is flat on both (Taiwan's mid-2025 and
    # end-2026 rows agree, Arizona's end-2025 row is held), so its year mean is that
    last: dict[tuple[str, str], dict[str, str]] = {}
    for r in _rows("incumbent_capacity"):
        if r["kind"] == "logic" and r["node"] in ("N5", "N4") and int(r["year"]) <= 2026:
            key = (r["owner"], r["site"])
            if key not in last or int(r["year"]) > int(last[key]["year"]):
                last[key] = r
    whole = sum(float(r["capacity"]) for r in last.values())
    ai = sum(float(r["capacity"]) * float(r["ai_share"]) for r in last.values())
    assert whole == 170_000.0
    assert ai == 42_500.0
    got = existing_supply("announced", np.array([2026]))["logic-N5"][0]
    assert got == pytest.approx(ai) and got < whole / 3
    assert "AI share" in CAPACITY_CAPTION and "not the whole lines" in CAPACITY_CAPTION


def test_the_reports_capacity_caption_says_so_too() -> None:
    """The HTML report's caption of the same table, as the text's."""
    from tigris.report.html import capacity_used_caption

    said = capacity_used_caption(None)
    assert "AI share" in said and "not the whole lines" in said
