"""The report's tables and provenance: builds, money by year and source, compute by year.

The tables are read back out of the rendered HTML (each numeric cell carries the exact
number in ``data-value``) and checked against the result's own tables: every build is
listed, money drawn sums to the capex table, carried over is released minus drawn to
date. The hand-built result is the one of ``tests/test_report.py``.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.test_report import HandResult, hand_result, save_result
from tigris import __version__
from tigris.provenance import inputs_hash
from tigris.report import read_result, render_html
from tigris.report.provenance import ReportInfo
from tigris.report.tables import ALL_YEARS, money_table


class _Tables(HTMLParser):
    """Cells of every ``<table id=...>``: ``{id: [[(text, value or None), ...], ...]}``."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, float | None]]]] = {}
        self.classes: dict[str, list[str]] = {}
        self._id: str | None = None
        self._row: list[tuple[str, float | None]] | None = None
        self._cell: list[str] | None = None
        self._value: float | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._id = a.get("id") or ""
            self.tables[self._id] = []
            self.classes[self._id] = []
        elif tag == "tr" and self._id is not None:
            self._row = []
            self.classes[self._id].append(a.get("class") or "")
        elif tag == "td" and self._row is not None:
            self._cell = []
            v = a.get("data-value")
            self._value = float(v) if v else (math.nan if v == "" else None)

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row.append(("".join(self._cell), self._value))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._id is not None:
            if self._row:  # the header row has th cells only
                self.tables[self._id].append(self._row)
            else:
                self.classes[self._id].pop()
            self._row = None
        elif tag == "table":
            self._id = None


def tables_of(text: str) -> _Tables:
    p = _Tables()
    p.feed(text)
    return p


@pytest.fixture(scope="module")
def parsed(hand: HandResult) -> _Tables:
    return tables_of(render_html(hand))


def test_every_build_is_in_the_table(parsed: _Tables, hand: HandResult) -> None:
    rows = parsed.tables["table-builds"]
    body = rows[:-1]
    assert parsed.classes["table-builds"][-1] == "total"
    assert len(body) == len(hand.builds)
    listed = {
        (r[0][0], r[1][0], r[2][0].replace("–", ""), r[3][1], r[4][1], r[6][1], r[9][1])
        for r in body
    }
    for b in hand.builds.to_dict("records"):
        key = (
            b["site"],
            b["facility"],
            b["node"],
            float(b["start_year"]),
            float(b["online_year"]),
            float(b["modules"]),
            float(b["capex_usd"]),
        )
        assert key in listed, key
    # the full-output year is the Gantt's, by hand: arizona 2030, CoWoS online at once
    # (2027), HBM still ramping at the horizon's end ("–")
    full = {r[1][0]: r[5][0] for r in body}
    assert full == {"logic": "2030", "cowos": "2027", "hbm": "–"}
    # totals row: all modules, all capex (1 + 2 + 1 = 4; 30 + 3 + 5 = 38 B USD)
    assert rows[-1][6][1] == float(hand.builds["modules"].sum()) == 4.0
    assert rows[-1][9][1] == float(hand.builds["capex_usd"].sum()) == 38e9


def test_money_table_totals_equal_the_draws(parsed: _Tables, hand: HandResult) -> None:
    rows = parsed.tables["table-money"]
    kinds = parsed.classes["table-money"]
    body = [r for r, k in zip(rows, kinds, strict=True) if k != "total"]
    totals = {r[1][0]: r for r, k in zip(rows, kinds, strict=True) if k == "total"}
    capex, capital = hand.capex, hand.capital
    # every dollar drawn appears once in the body and once in the grand total
    assert sum(r[3][1] for r in body) == pytest.approx(capex["capex_usd"].sum(), rel=1e-12)
    assert totals["all sources"][3][1] == pytest.approx(capex["capex_usd"].sum(), rel=1e-12)
    assert totals["all sources"][2][1] == pytest.approx(capital["available_usd"].sum(), rel=1e-12)
    # per source: drawn = the capex it paid; released = its offers; an investor's final
    # balance = released - drawn; the subsidy is no investor (no release, no balance)
    paid = capex.groupby("source")["capex_usd"].sum()
    offered = capital.groupby("source")["available_usd"].sum()
    for source, want in paid.items():
        name = source if source in offered else f"{source} (not an investor)"
        row = totals[name]
        assert row[3][1] == pytest.approx(want, rel=1e-12), source
        if source in offered:
            assert row[2][1] == pytest.approx(offered[source], rel=1e-12)
            assert row[4][1] == pytest.approx(offered[source] - want, rel=1e-12)
        else:
            assert math.isnan(row[2][1]) and math.isnan(row[4][1])


def test_money_carry_over_is_released_minus_drawn_to_date(hand: HandResult) -> None:
    m = money_table(hand.capex, hand.capital, range(2025, 2031))
    body = m[(m["year"] != ALL_YEARS) & m["investor"]]
    for source, part in body.groupby("source"):
        want = (part["released_usd"] - part["drawn_usd"]).cumsum()
        np.testing.assert_allclose(part["carried_over_usd"], want, rtol=1e-12, err_msg=source)
        # by hand: abu-dhabi-fund 8/yr released, 5/yr drawn to 2028 -> 3, 6, 9, 12, 20, 28 B
        if source == "abu-dhabi-fund":
            np.testing.assert_allclose(
                part["carried_over_usd"] / 1e9, [3, 6, 9, 12, 20, 28], rtol=1e-12
            )


def test_compute_table_by_year(parsed: _Tables, hand: HandResult) -> None:
    rows = parsed.tables["table-compute"]
    by_year = hand.demand.groupby("year")[["demand_h100e", "unmet_h100e"]].sum()
    assert [int(r[0][0]) for r in rows] == list(by_year.index)
    for r, (_, want) in zip(rows, by_year.iterrows(), strict=True):
        assert r[1][1] == want["demand_h100e"]
        assert r[3][1] == want["unmet_h100e"]
    # 2025 nothing unmet; from 2026 both classes short, the lower priority first
    assert rows[0][5][0] == "–"
    assert rows[1][5][0] == "inference, frontier-training"


def test_report_shows_what_the_terminal_prints(parsed: _Tables) -> None:
    # ``tigris plan`` prints builds, money by year, compute by year, the objective split
    # and what stays short: the report has a table (or section) for each
    for table in ("table-summary", "table-builds", "table-money", "table-compute"):
        assert parsed.tables.get(table), table


# --- provenance -----------------------------------------------------------------------


def test_header_and_footer_carry_version_date_and_hash(hand: HandResult) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    text = render_html(hand)
    after = datetime.now(UTC)
    found = re.findall(
        r'class="provenance" id="provenance-(p|div)">tigris ([^ ]+) · created (\S+) \(UTC\)'
        r" · inputs sha256 <code[^>]*>([^<]+)</code>",
        text,
    )
    assert [f[0] for f in found] == ["p", "div"]  # header and footer
    for _, version, created, digest in found:
        assert version == __version__
        stamp = datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert before <= stamp <= after
        assert digest == "unknown"  # the hand result records no input hash


def test_saved_run_with_hash_shows_it(tmp_path: Path, hand: HandResult) -> None:
    import json

    d = save_result(hand, tmp_path / "run")
    doc = json.loads((d / "plan.json").read_text())
    digest = inputs_hash("name: two-sites\n")
    doc["input_hash"] = digest
    (d / "plan.json").write_text(json.dumps(doc))
    text = render_html(read_result(d))
    assert f'<code title="{digest}">{digest[:12]}</code>' in text


def test_inputs_hash_changes_with_any_input(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.csv").write_text("x,source,as_of\n1,s,2024\n")
    base = inputs_hash("name: x", data)
    assert base == inputs_hash("name: x", data)  # deterministic
    assert inputs_hash("name: y", data) != base  # scenario text
    (data / "a.csv").write_text("x,source,as_of\n2,s,2024\n")
    assert inputs_hash("name: x", data) != base  # a data table
    assert len(base) == 64 and int(base, 16) >= 0


def test_relaxed_plan_says_so(hand: HandResult) -> None:
    info = ReportInfo("9.9", "2026-01-01T00:00:00Z", relaxed=True)
    assert "LP relaxation: fractional modules" in render_html(hand, info=info)


def test_money_table_survives_empty_result() -> None:
    empty = pd.DataFrame({"year": [], "source": [], "capex_usd": []})
    cap = pd.DataFrame({"year": [], "source": [], "available_usd": []})
    m = money_table(empty, cap, range(2025, 2027))
    assert m["source"].tolist() == ["all sources"]
    assert m[["released_usd", "drawn_usd", "carried_over_usd"]].to_numpy().tolist() == [
        [0.0, 0.0, 0.0]
    ]


# --- the lead: what the plan does, then the objective -----------------------------------


def _section_order(text: str) -> list[str]:
    return re.findall(r'<section id="([^"]+)"', text)


def test_report_leads_with_what_the_plan_does(hand: HandResult) -> None:
    text = render_html(hand)
    order = _section_order(text)
    # cost, NPV, IRR, capital spent and H100e added first (issue 11), then what the
    # investor adds, what the plan does, its numbers, the objective, then why
    assert order[:6] == ["key", "adds", "does", "summary", "objective", "binding"]
    does = re.search(r'<section id="does">(.*?)</section>', text).group(1)
    items = re.findall(r"<li>(.*?)</li>", does)
    # the planner's own sentences (PlanResult.headline), numbers by hand: 1 + 2 + 1 = 4
    # modules; investors draw 42 of the 78 B USD offered, the subsidy pays 1 B; served
    # 6 x 3.0M + (0.1 + ... + 0.5)M = 19.5M of 27.0M H100e demanded
    assert items[0].startswith("Starts 4 modules from 2025 to 2026")
    assert "$42.0B of the $78.0B" in items[1] and "$1.00B of subsidy" in items[1]
    assert "Serves 19.5M H100e of the 27.0M H100e" in items[2]
    assert not any(i.startswith("Objective") for i in items)
    # the objective comes after, labelled as what the solver minimises, split into
    # real cost (30 + 9 = 39 B) and the notional penalty (2 B)
    obj = re.search(r'<section id="objective">(.*?)</section>', text).group(1)
    assert "<h2>Objective (what the solver optimises)</h2>" in obj
    assert "= cost $39.0B" in obj and "unmet-demand penalty $2.00B" in obj


def test_infeasible_report_says_there_is_no_plan() -> None:
    r = hand_result()
    bad = HandResult(
        **{**r.__dict__, "status": "infeasible", "objective_usd": float("nan"), "binding": []}
    )
    text = render_html(bad)
    does = re.search(r'<section id="does">(.*?)</section>', text).group(1)
    assert "No plan (infeasible)" in does
    assert '<table id="table-objective"><thead>' in text  # an empty objective table


def test_inputs_hash_covers_overlay_and_scenario_file(tmp_path: Path) -> None:
    from tigris.data import DataOverlay, using_overlay
    from tigris.provenance import scenario_inputs_hash

    base = inputs_hash("name: x")
    extra = DataOverlay("mine.yaml", {"sites": ({"name": "india", "source": "s"},)})
    with using_overlay(extra):
        assert inputs_hash("name: x") != base  # user rows are inputs too
    assert inputs_hash("name: x") == base  # and only inside the overlay
    # a scenario file hashes as the scenario it loads to (UT-REPRO #5), not its bytes
    from tigris.scenario import reference_scenario, reference_scenario_text

    f = tmp_path / "s.yaml"
    f.write_text(reference_scenario_text(), encoding="utf-8")
    want = inputs_hash(reference_scenario().model_dump_json())
    assert scenario_inputs_hash(f) == want == scenario_inputs_hash(str(f))
    assert scenario_inputs_hash(None) == want != base


def test_money_by_year_as_the_terminal_prints_it(parsed: _Tables, hand: HandResult) -> None:
    # by hand [billion USD]: investors draw 5+2, then 5+4 to 2028, then 0+4; release 13 a
    # year; the subsidy pays 1 in 2026. To date: drawn 7, 16, 25, 34, 38, 42; released
    # 13, 26, ..., 78; carried over = released - drawn to date
    rows = parsed.tables["table-money-year"]
    col = {
        name: [r[i][1] / 1e9 for r in rows]
        for i, name in enumerate(
            ["year", "released", "drawn", "subsidy", "released_to_date", "drawn_to_date", "carried"]
        )
        if i
    }
    np.testing.assert_allclose(col["drawn"], [7, 9, 9, 9, 4, 4], rtol=1e-12)
    np.testing.assert_allclose(col["subsidy"], [0, 1, 0, 0, 0, 0], rtol=1e-12)
    np.testing.assert_allclose(col["drawn_to_date"], [7, 16, 25, 34, 38, 42], rtol=1e-12)
    np.testing.assert_allclose(col["released_to_date"], 13 * np.arange(1, 7), rtol=1e-12)
    np.testing.assert_allclose(col["carried"], [6, 10, 14, 18, 27, 36], rtol=1e-12)
    investors = hand.capex["source"].isin(hand.capital["source"])
    assert col["drawn_to_date"][-1] * 1e9 == pytest.approx(
        hand.capex.loc[investors, "capex_usd"].sum(), rel=1e-12
    )
