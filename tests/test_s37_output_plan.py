"""What ``tigris plan`` says about itself (usertest_analyst 2026-12-04, FIX-OUTPUT):

- #3: the incumbents' capacity used (logic by node, CoWoS, HBM) in the text and the
  HTML report, the same numbers as ``--json``'s ``capacity`` rows; the headline says
  plainly when the plan builds no fab;
- #2: when data-centre capacity binds in every year and is the shipped table, "What
  stays short, and why" says it is untested by history and where it sits against the
  published forecasts (the forward power check's numbers);
- #16: "Money by year" keeps a year that releases capital though nothing is spent.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest
from rich.console import Console

from tests.conftest import data_table

#: The console's width (rich's default for a non-terminal, a pipe) [columns].
WIDTH = 80
#: A capacity cell as the text prints it: k used / k available and the share.
CELL = re.compile(r"^([\d.,]+)/([\d.,]+) (\d+)%$")


@pytest.fixture(scope="module")
def doc(reference_plan_json: str) -> dict[str, Any]:
    """``tigris plan --json`` on the reference scenario (the session's one CLI solve)."""
    return json.loads(reference_plan_json)


@pytest.fixture(scope="module")
def saved(reference_made: dict[str, Any]) -> Any:
    """The same run read back from its ``--out`` folder."""
    from tigris.plan.result import PlanResult

    return PlanResult.read(reference_made["dir"] / "run")


def _existing(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The incumbents' chip lines of --json capacity (site 'existing', no data centre)."""
    return [
        r
        for r in doc["capacity"]
        if r["site"] == "existing" and not r["facility"].startswith("datacenter")
    ]


def _render(table: Any) -> str:
    console = Console(width=WIDTH, file=None, record=True, highlight=False)
    with console.capture() as cap:
        console.print(table)
    return cap.get()


def _k(x: float) -> float:
    return x / 1e3


def test_capacity_text_table_is_the_json_rows(doc: dict[str, Any], saved: Any) -> None:
    """Every cell of the text's capacity-used table is one --json capacity row: used and
    available in thousands (to the digits shown) and the share used (to the %); the
    reference's chip lines include CoWoS, HBM and logic by node; the table fits 80
    columns."""
    from tigris.cli.plan import capacity_table

    rows = _existing(doc)
    kinds = {r["facility"] for r in rows}
    assert {"logic", "cowos", "hbm"} <= kinds
    text = _render(capacity_table(saved))
    assert max(len(line.rstrip()) for line in text.splitlines()) <= WIDTH
    lines = text.splitlines()
    head = next(i for i, line in enumerate(lines) if line.split()[:1] == ["year"])
    columns = lines[head].split()[1:]
    checked = 0
    for line in lines[head + 1 :]:
        parts = line.split()
        if not parts or not parts[0].isdigit():
            continue
        year = int(parts[0])
        cells = [" ".join(parts[1 + 2 * i : 3 + 2 * i]) for i in range(len(columns))]
        for col, cell in zip(columns, cells, strict=True):
            m = CELL.match(cell)
            assert m, cell
            want = [
                r
                for r in rows
                if r["year"] == year
                and (r["node"] == col if r["facility"] == "logic" else r["facility"] == col.lower())
            ]
            assert len(want) == 1, (year, col)
            r = want[0]
            used, avail, pct = float(m[1].replace(",", "")), float(m[2].replace(",", "")), int(m[3])
            digits = len(m[2].split(".")[1]) if "." in m[2] else 0
            assert used == pytest.approx(_k(r["used"]), abs=0.5 * 10**-digits + 0.05)
            assert avail == pytest.approx(_k(r["available"]), abs=0.5 * 10**-digits)
            assert pct == round(100 * r["used"] / r["available"])
            checked += 1
    assert checked == len(rows)


def test_capacity_headline_rows_are_the_json_rows(doc: dict[str, Any]) -> None:
    """--json headline.capacity_used holds the same rows as --json capacity's
    incumbent chip lines, each with used / available."""
    got = doc["headline"]["capacity_used"]
    want = _existing(doc)
    assert len(got) == len(want) > 0
    key = {(r["year"], r["facility"], r["node"]): r for r in want}
    for g in got:
        r = key[g["year"], g["facility"], g["node"]]
        assert g["used"] == pytest.approx(r["used"], rel=1e-12)
        assert g["available"] == pytest.approx(r["available"], rel=1e-12)
        assert g["used_share"] == pytest.approx(r["used"] / r["available"], rel=1e-12)


def test_report_has_the_capacity_table(doc: dict[str, Any], reference_made: dict[str, Any]) -> None:
    """The HTML report's capacity-used table carries each row's used and available as
    --json gives them."""
    html = reference_made["html"]
    i = html.find('id="table-capacity-used"')
    assert i > 0
    table = html[i : html.find("</table>", i)]
    values = [float(v) for v in re.findall(r'data-value="([^"]+)"', table)]
    want = []
    for r in sorted(_existing(doc), key=lambda r: r["year"]):
        want += [r["used"], r["available"]]
    assert values == pytest.approx(want, rel=1e-9)


def test_headline_says_no_fab(doc: dict[str, Any]) -> None:
    """The reference builds only data centres (its builds table); the headline says
    plainly that the plan builds no fab, and the report's "What the plan does" too."""
    facilities = {b["facility"] for b in doc["builds"]}
    assert facilities and all(f.startswith("datacenter") for f in facilities)
    sentences = doc["headline"]["sentences"]
    assert any("No fab" in s for s in sentences), sentences


def test_power_untested_on_the_reference(doc: dict[str, Any]) -> None:
    """Data-centre capacity binds in every year of the reference (its power table:
    needed = online), and the plan uses the shipped table; the plan says the table is
    untested by history and gives the forward check's count and its furthest-below
    forecast, whose published figure is data/datacenter_forecasts.csv's."""
    world = [r for r in doc["power"] if r["region"] == "world"]
    assert world and all(
        r["facility_mw_needed"] >= r["datacenter_mw_online"] * (1 - 1e-6) for r in world
    )
    note = doc["headline"]["power_untested"]
    assert note and "untested by history" in note and "power_tested false" in note
    from tigris.energy.forecasts import power_forward_check

    rows = power_forward_check()["rows"]
    below = [r for r in rows if r["position"] == "below"]
    assert f"below {len(below)} of {len(rows)} published forecasts" in note
    worst = min(below, key=lambda r: r["gap_or_where"])
    published = {r["forecast"]: r for r in data_table("datacenter_forecasts")}[worst["forecast"]]
    assert (
        f"{worst['table']:,.1f} {published['unit']} against {float(published['low']):,.0f}" in note
    )
    assert f"{worst['year']}" in note and worst["publisher"] in note


def test_power_untested_in_the_text_and_report(saved: Any, reference_made: dict[str, Any]) -> None:
    """The sentence is a bullet of the text's "What stays short, and why" and an item
    of the report's "What binds"."""
    import html as html_lib

    from tigris.cli import _output
    from tigris.cli.plan import print_summary

    note = saved.headline()["power_untested"]
    assert note
    with _output.console.capture() as cap:
        print_summary(saved)
    text = " ".join(cap.get().split())
    why = text[text.index("What stays short, and why") :]
    assert " ".join(f"• {note}".split()) in why
    page = reference_made["html"]
    binds = page[page.index('id="binding"') :]
    assert html_lib.escape(note) in binds[: binds.index("</section>")]


def test_power_untested_needs_the_shipped_table() -> None:
    """A scenario's own data-centre MW (no shipped-table row in the assumptions), or a
    year with spare capacity, gives no such sentence; full every year on the shipped
    table gives it."""
    from tigris.plan.summary import DC_TABLE_ROW, power_untested_note

    power = pd.DataFrame(
        {
            "region": ["world"] * 2,
            "year": [2026, 2027],
            "facility_mw_needed": [100.0, 200.0],
            "datacenter_mw_online": [100.0, 200.0],
        }
    )
    table = pd.DataFrame({"parameter": [DC_TABLE_ROW]})
    own = pd.DataFrame({"parameter": ["datacenter: existing capacity"]})
    assert power_untested_note(power, table)
    assert power_untested_note(power, own) is None
    spare = power.assign(facility_mw_needed=[90.0, 200.0])
    assert power_untested_note(spare, table) is None


def _money_result() -> SimpleNamespace:
    """Capital released in 2026, 2027 and 2029 ($10B, $5B, $3.2B); spent in 2026 and
    2027 only (hand-built)."""
    capital = pd.DataFrame(
        {
            "year": [2026, 2027, 2028, 2029, 2030],
            "available_usd": [10e9, 5e9, 0.0, 3.2e9, 0.0],
            "owner": "investor",
        }
    )
    capex = pd.DataFrame(
        {
            "year": [2026, 2027],
            "source": ["corporate", "corporate"],
            "capex_usd": [8e9, 6e9],
            "owner": "investor",
        }
    )
    return SimpleNamespace(capex=capex, capital=capital)


def test_money_by_year_keeps_a_year_that_releases_capital() -> None:
    """2029 releases $3.2B and spends nothing: its row stays, cum. offered $18.2B
    (10 + 5 + 3.2, by hand); 2028 and 2030 release and spend nothing and are left out."""
    from tigris.cli.plan import _money_table

    text = _render(_money_table(_money_result()))
    years = [int(line.split()[1]) for line in text.splitlines() if re.match(r"^│ 20\d\d", line)]
    assert years == [2026, 2027, 2029]
    row = next(line for line in text.splitlines() if line.startswith("│ 2029"))
    assert "$18.2B" in row and "$14.0B" in row
