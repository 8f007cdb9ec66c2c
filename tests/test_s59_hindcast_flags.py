"""What ``tigris hindcast``'s published figure counts, and the under-use flag (user test
s59, a sell-side semiconductor analyst, 2026-12-07).

- #1: the help and docs/plan.md called the published deliveries "all vendors", but a
  year's figure counts only the vendors and products with in-sample rows for it in
  data/accelerator_shipments.csv (2023: NVIDIA, Google and AMD's MI300X), while the
  capacity serves every part made on it. Each year's vendors and products are now
  derived from the table, printed and in ``--json`` (``published_vendors``,
  ``published_products``, ``published_vendors_absent``).
- #2: the help said published shipments needing "well below 100 %" of a capacity in a
  sold-out year mean the capacity table and the bills disagree, but only the case over
  100 % was flagged. The bar and the sold-out years are rows of
  data/hindcast_bands.csv; a sold-out year under the bar is flagged in the text and in
  ``--json`` (``published_under_sold_out``), beside the over-100 % flag.

Every check reads the shipped tables independently of the code under test
(:func:`tests.conftest.data_table`) rather than hard-coding the outputs.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from tests.conftest import data_table
from tigris.errors import TigrisError
from tigris.world import hindcast as hc

ROOT = Path(__file__).resolve().parents[1]
#: Kind names as the flag lines write them.
WORDS = {"logic": "logic", "cowos": "CoWoS", "hbm": "HBM"}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    """``tigris hindcast --json``'s document (one solve for the module)."""
    return hc.hindcast_to_dict(hc.hindcast(hc.HINDCAST_YEARS))


def _in_sample(year: int | None = None) -> list[dict[str, str]]:
    """The in-sample rows of accelerator_shipments.csv (of one year), read as text."""
    rows = [r for r in data_table("accelerator_shipments") if r["role"] == "in-sample"]
    return rows if year is None else [r for r in rows if int(r["year"]) == year]


def _products_of(year: int) -> dict[str, list[str]]:
    """Vendor -> products of the year's in-sample rows, each once, in file order."""
    out: dict[str, list[str]] = {}
    for r in _in_sample(year):
        names = out.setdefault(r["vendor"], [])
        if r["product"] not in names:
            names.append(r["product"])
    return out


def _bands() -> tuple[dict[str, float], list[int], dict[str, dict[str, str]]]:
    """``({kind: bar}, sold-out years, {measure: row})`` of hindcast_bands.csv, as text."""
    rows = data_table("hindcast_bands")
    bars = {
        r["measure"].split(":", 1)[1]: float(r["value"])
        for r in rows
        if r["measure"].startswith("sold_out_use:")
    }
    years = sorted(int(float(r["value"])) for r in rows if r["measure"] == "sold_out_year")
    return bars, years, {r["measure"] + r["value"]: r for r in rows}


# --- #1: what the published figure counts ----------------------------------------------


def test_published_vendors_are_the_years_in_sample_rows(doc: dict[str, Any]) -> None:
    """Each year's vendors and products are exactly those of its in-sample rows, in the
    function and the JSON; the absent ones are the table's other vendors."""
    every = list(dict.fromkeys(r["vendor"] for r in _in_sample()))
    for rec in doc["years"]:
        year = rec["year"]
        expected = _products_of(year)
        assert hc.published_vendors(year) == expected, year
        assert rec["published_vendors"] == list(expected), year
        assert rec["published_products"] == expected, year
        assert rec["published_vendors_absent"] == [v for v in every if v not in expected]


def test_the_2023_figure_lacks_vendors_the_table_has_later(doc: dict[str, Any]) -> None:
    """The user test's case, read from the table: 2023 counts fewer vendors than later
    years (its absent ones have rows only in other years)."""
    by_year = {rec["year"]: rec for rec in doc["years"]}
    absent = by_year[2023]["published_vendors_absent"]
    assert absent, "2023 counts every vendor the table has"
    for vendor in absent:
        assert not [r for r in _in_sample(2023) if r["vendor"] == vendor]
        assert [r for r in _in_sample() if r["vendor"] == vendor]
    assert len(by_year[2023]["published_vendors"]) < max(
        len(rec["published_vendors"]) for rec in doc["years"]
    )


def test_the_published_figure_sums_only_those_vendors(doc: dict[str, Any]) -> None:
    """The by-vendor published H100e is non-zero for exactly the listed vendors, and
    sums to the year's published figure."""
    for rec in doc["years"]:
        published = {v: x["published_h100e"] for v, x in rec["by_vendor"].items()}
        assert {v for v, x in published.items() if x > 0} == set(rec["published_vendors"])
        assert sum(published.values()) == pytest.approx(rec["published_h100e"], rel=1e-9)


def test_vendor_lines_name_each_year_s_vendors_and_products(doc: dict[str, Any]) -> None:
    from tigris.cli.hindcast import vendor_lines

    lines = vendor_lines(doc)
    for rec in doc["years"]:
        (line,) = [x for x in lines if x.startswith(f"Published {rec['year']} counts")]
        for vendor, products in rec["published_products"].items():
            assert f"{vendor} ({', '.join(products)})" in line
        for vendor in rec["published_vendors_absent"]:
            assert vendor in line.split("none of", 1)[1]
        assert ("none of" in line) == bool(rec["published_vendors_absent"])
    assert lines[-1] == doc["published_scope"] == hc.PUBLISHED_SCOPE
    assert "not all vendors" in hc.PUBLISHED_SCOPE and "reads high" in hc.PUBLISHED_SCOPE


def test_text_output_prints_the_vendors_and_the_flags(run_cli: Any, doc: dict[str, Any]) -> None:
    res = run_cli("hindcast")
    assert res.code == 0, res.err
    text = " ".join(res.out.split())
    for rec in doc["years"]:
        assert f"Published {rec['year']} counts {len(rec['published_vendors'])} vendors" in text
        if rec["verdict"]["published_under_sold_out"]:
            assert f"Flag {rec['year']}, under the sold-out bar:" in text


# --- #2: the under-use flag ------------------------------------------------------------


def test_the_bar_and_the_sold_out_years_come_from_the_csv() -> None:
    bars, years, rows = _bands()
    b = hc.verdict_bands()
    assert b["sold_out_use"] == bars and b["sold_out_years"] == years
    assert bars and years
    for measure_value, row in rows.items():
        if measure_value.startswith("sold_out_use:"):
            # what it is: a tigris acceptance threshold, not a published figure
            assert "tigris acceptance threshold" in row["source"]
            assert "issue" not in row["source"]  # no internal codes (test_s49_no_internal_codes)
            assert "not a published figure" in row["source"]
            assert "does not say which" in row["source"]
        if measure_value.startswith("sold_out_year"):
            # why the year counts: what docs/plan.md cites for "sold out"
            assert "docs/plan.md, 'The hindcast'" in row["source"]
            assert "tests/test_hindcast.py" in row["source"]
        assert row["as_of"].strip() and len(row["source"]) >= 10


def test_the_year_sources_cite_what_docs_plan_cites() -> None:
    """The sold-out statements a year row names are the ones docs/plan.md's hindcast
    section cites (no new source), and the section cited is a heading there."""
    plan = (ROOT / "docs" / "plan.md").read_text(encoding="utf-8")
    assert any(h.startswith("### The hindcast") for h in plan.splitlines())
    for row in data_table("hindcast_bands"):
        if row["measure"] != "sold_out_year":
            continue
        for cited in re.findall(r"Reuters \d{4}-\d\d-\d\d|\d{4}-\d\d-\d\d call", row["source"]):
            assert cited in plan, cited


def test_under_flag_is_set_exactly_below_the_bar_in_sold_out_years(doc: dict[str, Any]) -> None:
    """A kind is flagged under exactly where the year is a sold-out year of the CSV and
    the share the JSON prints is below the CSV's bar; never for a year not listed."""
    bars, years, _ = _bands()
    flagged = 0
    for rec in doc["years"]:
        v = rec["verdict"]
        use = rec["published_at_model_bills"]
        sold_out = rec["year"] in years
        assert v["sold_out_year"] is sold_out
        expected = {k: use[k] for k, bar in bars.items() if sold_out and use[k] < bar}
        assert v["published_under_sold_out"] == pytest.approx(expected), rec["year"]
        # never both over and under for one capacity
        assert not set(v["published_under_sold_out"]) & set(v["published_over_capacity"])
        flagged += bool(expected)
    # on the shipped data some sold-out year's published use is under the bar
    assert flagged >= 1


def test_under_flag_lines_and_the_over_flag_lines_unchanged(doc: dict[str, Any]) -> None:
    """One ``Flag <year>, under the sold-out bar:`` line per flagged year, naming each
    kind with its share and bar and saying the two disagree, not which; the over-100 %
    lines (``Flag <year>:``) stay one per year with a capacity over 100 %."""
    from tigris.cli.hindcast import verdict_lines

    bars, _, _ = _bands()
    lines = [" ".join(x.split()) for x in verdict_lines(doc)]
    for rec in doc["years"]:
        under = rec["verdict"]["published_under_sold_out"]
        flags = [x for x in lines if x.startswith(f"Flag {rec['year']}, under the sold-out bar:")]
        assert len(flags) == (1 if under else 0)
        for k, x in under.items():
            assert f"{WORDS[k]} {100 * x:.0f} % (bar {100 * bars[k]:.0f} %)" in flags[0]
        for flag in flags:
            assert "the capacity table and the bills disagree" in flag
            assert "too much capacity counted or too little silicon per unit" in flag
            assert "does not say which" in flag
            assert "not a published figure" in flag
        over = [x for x in lines if x.startswith(f"Flag {rec['year']}:")]
        assert len(over) == (1 if rec["verdict"]["published_over_capacity"] else 0)


def test_bills_table_marks_over_and_under(doc: dict[str, Any]) -> None:
    from tigris.cli.hindcast import _bills_table

    out = io.StringIO()
    Console(file=out, width=240, color_system=None).print(_bills_table(doc))
    rows = {line.split("│")[0].strip(): line for line in out.getvalue().splitlines()}
    cells = {k: [c.strip() for c in v.split("│")[1:]] for k, v in rows.items() if "│" in v}
    for i, rec in enumerate(doc["years"]):
        v = rec["verdict"]
        for label, kind in (("CoWoS", "cowos"), ("HBM, pooled", "hbm")):
            cell = cells[label][i]
            assert cell.startswith("under ") == (kind in v["published_under_sold_out"])
            assert cell.startswith("over ") == (kind in v["published_over_capacity"])
            assert cell.endswith("%")


def test_year_verdict_under_by_hand() -> None:
    """The bar's edge by hand, with the bar and years of the CSV."""
    bars, years, _ = _bands()
    kind, bar = next(iter(bars.items()))
    sold, not_sold = years[0], min(years) - 1
    below, at = {kind: bar - 0.01}, {kind: bar}
    assert hc.year_verdict(1.0, below, sold)["published_under_sold_out"] == {kind: bar - 0.01}
    assert hc.year_verdict(1.0, at, sold)["published_under_sold_out"] == {}
    v = hc.year_verdict(1.0, below, not_sold)
    assert v["sold_out_year"] is False and v["published_under_sold_out"] == {}
    v = hc.year_verdict(1.0, below)
    assert v["sold_out_year"] is None and v["published_under_sold_out"] == {}
    # a kind without a bar (logic) is never flagged under
    assert "logic" not in bars
    assert hc.year_verdict(1.0, {"logic": 0.01}, sold)["published_under_sold_out"] == {}


@pytest.mark.parametrize(
    ("measure", "value"),
    [("sold_out_use:wafers", 0.9), ("sold_out_use:cowos", 1.5), ("sold_out_year", 2024.5)],
)
def test_bad_band_rows_are_refused(
    monkeypatch: pytest.MonkeyPatch, measure: str, value: float
) -> None:
    row = {"measure": measure, "value": value, "unit": "-", "source": "test", "as_of": "2026"}
    monkeypatch.setattr(hc, "load_rows", lambda name: [row])
    with pytest.raises(TigrisError, match=re.escape(measure)):
        hc._sold_out_rows()


# --- the help and the docs -------------------------------------------------------------


def test_help_says_what_is_counted_and_both_flags(run_cli: Any, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    res = run_cli("hindcast", "--help")
    assert res.code == 0, res.err
    text = " ".join(res.out.replace("│", " ").split())
    assert "all vendors" not in text.replace("not all vendors", "")
    assert "published_vendors" in text and "reads high" in text
    bars, years, _ = _bands()
    # the years and the bar the help names are the CSV's
    assert f"sold-out year ({' and '.join(map(str, years))}:" in text
    for bar in set(bars.values()):
        assert f"({100 * bar:.0f} %, tigris's acceptance bar for its hindcast" in text
    assert "too much capacity counted or too little silicon per unit" in text
    assert "does not say which" in text
    assert "well below 100 %" not in text
    assert "Nothing imposes" in text


def test_docs_hindcast_section_says_what_is_counted_and_the_bar() -> None:
    plan = (ROOT / "docs" / "plan.md").read_text(encoding="utf-8")
    start = plan.index("### The hindcast")
    section = plan[start : plan.index("\n### ", start + 1)]
    assert "**What the published figure counts, by year" in section
    assert "**The sold-out bar on the published use" in section
    for word in ("published_vendors", "sold_out_use:cowos", "sold_out_year", "not which"):
        assert word in section, word
