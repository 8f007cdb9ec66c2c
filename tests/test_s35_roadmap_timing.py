"""A roadmap part ships from its launch month, not from 1 January (UT-HBM defect 1).

The reference plan made 1.57M Rubin in 2026, 50 % of the year's H100e, though NVIDIA's
GTC 2025 roadmap ships Vera Rubin in the second half of 2026: a roadmap part was
available in full from 1 January of its first year. ``data/roadmap.csv``'s
``first_month`` now gives the month volume shipment starts where a primary source says
it, and the part's ``max_share`` in that year is its band's x (13 - month) / 12 (from
July: x 6/12); a row without a month keeps its band. Hand values: Rubin's band in 2026
is 0.5 (roadmap.csv), from July 0.25; Rubin Ultra's in 2027 0.4, 0.2; MI455X's in 2026
0.15, 0.075.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from tigris.errors import TigrisError
from tigris.world import roadmap as rm

#: Parts a primary source ships from the second half of their first year (roadmap.csv
#: sources: NVIDIA GTC 2025 keynote for Rubin 2H 2026 and Rubin Ultra 2H 2027; AMD and
#: OpenAI 2025-10-06 for MI450 2H 2026), with their first year and the band's max then.
SECOND_HALF = {"rubin": (2026, 0.5), "rubin-ultra": (2027, 0.4), "mi455x": (2026, 0.15)}


def _raw() -> dict[str, dict[str, str]]:
    path = resources.files("tigris.data") / "roadmap.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return {r["product"]: r for r in csv.DictReader(fh)}


def test_fraction_of_the_first_year_by_hand() -> None:
    assert rm.first_year_fraction(7) == 6 / 12  # July-December
    assert rm.first_year_fraction(1) == 1.0  # all year
    assert rm.first_year_fraction(12) == 1 / 12  # December only
    assert rm.first_year_fraction(None) == 1.0  # no month: today's behaviour


def test_second_half_parts_take_half_their_band_in_their_first_year() -> None:
    raw = _raw()
    rows = {d["name"]: d for d in rm.roadmap_products(2023, 2035)}
    for name, (year, band) in SECOND_HALF.items():
        assert raw[name]["first_month"] == "7", name
        assert "second half of" in raw[name]["source"], name  # the source says when
        assert rows[name]["first_year"] == year
        assert rows[name]["max_share"][year] == pytest.approx(band * 6 / 12), name
        assert rows[name]["max_share"][year + 1] == pytest.approx(
            float(dict(p.split(":") for p in raw[name]["max_share"].split("|"))[str(year + 1)])
        ), name  # the later years keep the band
        assert "x 6/12" in rows[name]["source"], name  # the plan's row says it


def test_rows_without_a_month_keep_their_band() -> None:
    raw = _raw()
    rows = {d["name"]: d for d in rm.roadmap_products(2023, 2035)}
    no_month = [n for n, r in raw.items() if not r["first_month"]]
    assert "b300" in no_month and "trainium3" in no_month
    for name in no_month:
        cell = raw[name]["max_share"]
        first = int(raw[name]["first_year"])
        want = float(cell) if ":" not in cell else float(cell.split("|")[0].split(":")[1])
        assert rows[name]["max_share"][first] == pytest.approx(want), name


def test_a_bad_month_is_refused_with_the_row_and_field() -> None:
    for bad in ("13", "0", "6.5", "July"):
        with pytest.raises(TigrisError, match=r"roadmap.csv row 9: first_month"):
            rm._first_month(bad, 9)
    assert rm._first_month("", 9) is None
    assert rm._first_month(float("nan"), 9) is None
    assert rm._first_month(7, 9) == 7


def test_the_planner_gets_the_capped_band() -> None:
    from tigris.plan.assemble import assemble
    from tigris.scenario.load import reference_scenario

    inp, _notes = assemble(reference_scenario())
    years = list(inp.years)
    for name, (year, band) in SECOND_HALF.items():
        k = inp.products.index(name)
        assert inp.max_share[k, years.index(year)] == pytest.approx(band / 2), name


@pytest.mark.slow
def test_reference_plan_makes_rubin_within_half_its_2026_band() -> None:
    """Before: Rubin 13.19M of 26.38M H100e in 2026 (50.0 %), MI455X 15.0 %."""
    cmd = [sys.executable, "-c", "from tigris.cli import entry; entry()"]
    r = subprocess.run(
        [*cmd, "plan", "--no-store", "--json"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    plan = json.loads(r.stdout)
    delivered: dict[int, float] = {}
    made: dict[tuple[str, int], float] = {}
    for row in plan["production"]:
        delivered[row["year"]] = delivered.get(row["year"], 0.0) + row["h100e"]
        made[(row["product"], row["year"])] = row["h100e"]
    for name, (year, band) in SECOND_HALF.items():
        share = made.get((name, year), 0.0) / delivered[year]
        assert share <= band / 2 * (1 + 1e-6), (name, year, share)


def test_the_assumptions_table_says_both_rules() -> None:
    """The plan's assumptions name each cut band and the projected parts' HBM held at
    their base's (UT-HBM defect 2: the 2029-2035 HBM demand rests on it). Hand values:
    Rubin Ultra 16 stacks of HBM4E 64 GB = 1,024 GB (NVIDIA GTC 2025: 1 TB HBM4E),
    MI455X 432 GB HBM4 (12 stacks of 36 GB) -> 12 x 64 = 768, TPU v7 8 x 64 = 512."""
    from tigris.plan.assemble import assemble
    from tigris.scenario.load import reference_scenario

    _inp, notes = assemble(reference_scenario())
    rows = dict(zip(notes["parameter"], notes["value"], strict=True))
    sources = dict(zip(notes["parameter"], notes["source"], strict=True))
    assert rows["rubin: first-year max share"].startswith("2026: band x 6/12")
    assert "second half of 2026" in sources["rubin: first-year max share"]
    assert "mi455x: first-year max share" in rows
    assert "rubin-ultra: first-year max share" in rows
    assert "b300: first-year max share" not in rows  # no month: its band as given
    held = rows["projected parts: HBM per part"]
    assert "NVIDIA 1,024" in held and "AMD 768" in held and "Google 512" in held, held
    assert "2029-2035" in sources["projected parts: HBM per part"]


def test_a_list_without_projected_parts_gets_no_hbm_row() -> None:
    from tigris.world.trend import hbm_assumption_notes

    assert hbm_assumption_notes(["h100", "rubin", "no-such-part"]) == []
    (row,) = hbm_assumption_notes(["rubin", "nvidia-2029-projected"])
    assert row[1] == "held to 2029: NVIDIA 1,024" and row[2] == "GB"


def _tiny_2026_yaml() -> str:
    """The reference cut to 2026 alone with power removed (10 TW existing), so every
    H100e demanded can be served and the mix is set by the bands and the silicon."""
    import yaml

    from tigris.scenario.load import reference_scenario_text

    d = yaml.safe_load(reference_scenario_text())
    d["name"] = "tiny-2026"
    d["horizon"] = {"first_year": 2026, "last_year": 2026}
    d["tools"]["euv_per_year"] = {2026: 0}
    for c in d["capital"]:
        c["last_year"] = 2026
    d["disruptions"] = [
        x for x in d["disruptions"] if x["start_year"] == 2026 and x["kind"] != "capital_withdrawn"
    ]
    d.pop("distributions", None)
    d.pop("correlations", None)
    d["datacenters"]["existing_mw"] = {2026: 10_000_000}
    return yaml.safe_dump(d, sort_keys=False, allow_unicode=True)


@pytest.mark.slow
def test_tiny_2026_world_makes_rubin_at_most_half_its_band(tmp_path: Path) -> None:
    """By hand: Rubin's 2026 band max 0.5 x 6/12 = 0.25 of the year's H100e, MI455X's
    0.15 x 6/12 = 0.075. Before the rule this world made Rubin 50.0 % and MI455X 15.0 %
    (the bands' maxima); now at most 25 % and 7.5 %, and all 27.8M H100e are still
    served (power removed)."""
    path = tmp_path / "tiny.yaml"
    path.write_text(_tiny_2026_yaml(), encoding="utf-8")
    cmd = [sys.executable, "-c", "from tigris.cli import entry; entry()"]
    r = subprocess.run(
        [*cmd, "plan", str(path), "--no-store", "--json"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    plan = json.loads(r.stdout)
    assert plan["status"] == "optimal"
    total = sum(row["h100e"] for row in plan["production"])
    demanded = sum(row["demand_h100e"] for row in plan["demand"])
    assert total == pytest.approx(demanded, rel=1e-6)  # all served: the bands set the mix
    share = {row["product"]: row["h100e"] / total for row in plan["production"]}
    assert share["rubin"] <= 0.5 * 6 / 12 * (1 + 1e-6), share
    assert share["mi455x"] <= 0.15 * 6 / 12 * (1 + 1e-6), share


def test_a_cut_outside_the_plan_years_is_not_listed() -> None:
    rows = [d for d in rm.roadmap_products(2026, 2035) if d["name"] in SECOND_HALF]
    assert {r[0] for r in rm.first_month_notes(rows, range(2026, 2036))} == {
        f"{n}: first-year max share" for n in SECOND_HALF
    }
    # a 2027-2035 plan: Rubin's and MI455X's 2026 cuts are not its years
    assert [r[0] for r in rm.first_month_notes(rows, range(2027, 2036))] == [
        "rubin-ultra: first-year max share"
    ]
