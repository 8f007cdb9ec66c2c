"""The terminal value: book value or a going concern (usertest_money defect 2).

Every build group used to be "sold" at book value the year after the horizon. With
``finance.terminal_value: going_concern`` a group at full output in the last year (one
ramping keeps its book value since user test s46, tests/test_s46_finance.py) is
worth its last year's after-tax operating profit (NOPAT = revenue - variable - opex -
depreciation - tax) as a no-growth perpetuity, carried to the year after the horizon:
NOPAT x (1 + r)/r (Damodaran, *Investment Valuation*, ch. 12, TV = FCFF/(r - g) with
g = 0 and reinvestment = depreciation; Brealey, Myers & Allen ch. 2, perpetuity C/r).
Expected values below are arithmetic by hand, not the code's output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import SMALL_3Y, assert_one_line_error, line_of, replaced, write_scenario
from tests.test_finance_cashflow import problem, random_problem
from tests.test_s46_finance import ramp_gap
from tigris.finance.cashflow import (
    cash_flows,
    finance_tables,
    going_concern_multiple,
    npv_build_coefficients,
    npv_usd,
    replacement_usd,
    sold_wafers,
    terminal_values,
    wafer_margin_pv,
)

M = 1e6  # USD per million USD


def _two_years(convention: str) -> tuple[Any, np.ndarray, np.ndarray]:
    """One module started in 2025, horizon 2025-2026, r = 10 %, tax 20 %.

    Net capex $1.0B ($1.2B less a $0.2B grant) spent in 2025; full output in 2026:
    1,000 wspm = 12,000 wafers sold at $30,000, variable $5,000, fixed opex $50M.
    """
    inp = problem(n_years=2, spend=(1.0,), output=(0.0, 1.0), terminal_value=convention)
    build = np.zeros((1, 1, 2))
    build[0, 0, 0] = 1
    return inp, build, np.array([[0.0, 12_000.0]])


def test_two_year_hand_case_going_concern_value() -> None:
    """2026: revenue 360, variable 60, opex 50, depreciation 0.8 x 1000/5 + 0.2 x
    1000/20 = 170, tax 0.2 x 80 = 16 (M$): NOPAT 64, net 234. Going concern in 2027:
    64 x 1.1/0.1 = 704; book value 1000 - 170 = 830. NPV to 2025 at 10 %:
    -1000 + 234/1.1 + 704/1.21 = -205.455 (book: -1000 + 234/1.1 + 830/1.21)."""
    for convention, terminal in (("going_concern", 704.0), ("book", 830.0)):
        inp, build, prod = _two_years(convention)
        table = cash_flows(inp, build, prod)
        assert table["year"].tolist() == [2025, 2026, 2027]
        assert table["salvage_usd"].tolist() == pytest.approx([0, 0, terminal * M], abs=1e-3)
        assert table["net_usd"].tolist() == pytest.approx(
            [-1000 * M, 234 * M, terminal * M], abs=1e-3
        )
        npv_hand = (-1000 + 234 / 1.1 + terminal / 1.1**2) * M
        tables = finance_tables(inp, build, prod, np.array([[1000 * M, 0.0]]))
        assert tables["finance_modules"]["npv_usd"].iloc[0] == pytest.approx(npv_hand, abs=1.0)
        # the table-level function gives both conventions from the same rows and the
        # plan's frame (its steady flag: 2026 is the first output year, at full output,
        # which the rows alone cannot tell from a ramp year; user test s46 A)
        for conv, want in (("going_concern", 704.0), ("book", 830.0)):
            got = terminal_values(table, 0.10, conv, 2026, replacement_usd(inp, build))
            assert got.tolist() == pytest.approx([want * M], abs=1e-3), conv


def test_a_group_not_yet_operating_keeps_its_book_value() -> None:
    """A module started in the last year (2026) has spent its capex but makes nothing
    yet: no operating profit to hold, so its terminal value is its cost, 1000 (M$)."""
    inp = problem(n_years=2, spend=(1.0,), output=(0.0, 1.0), terminal_value="going_concern")
    build = np.zeros((1, 1, 2))
    build[0, 0, 1] = 1
    table = cash_flows(inp, build, np.zeros((1, 2)))
    assert table["salvage_usd"].tolist() == pytest.approx([0, 1000 * M], abs=1e-3)


def test_the_multiple_is_a_perpetuity_carried_one_year() -> None:
    # C/r valued at the last year, times (1 + r) to the year after: 1.05/0.05 = 21
    assert going_concern_multiple(0.05) == pytest.approx(21.0)
    with pytest.raises(ValueError, match="> 0"):
        going_concern_multiple(0.0)


@pytest.mark.parametrize("seed", range(6))
def test_npv_objective_identity_with_going_concern(seed: int) -> None:
    """The ``npv`` objective's coefficients (per module and per wafer sold) sum to the
    NPV of the cash-flow table, terminal value as a going concern included, to $1: the
    MILP optimises what the tables report."""
    inp, build, prod = random_problem(np.random.default_rng(seed))
    inp = inp.replace(terminal_value="going_concern")
    lhs = float((build * npv_build_coefficients(inp)).sum())
    lhs += float((sold_wafers(inp, build, prod) * wafer_margin_pv(inp)).sum())
    flows = finance_tables(inp, build, prod, np.zeros((1, len(inp.years))))["cash_flows"]
    mine = flows[flows["owner"] == "investor"]
    # a group ramping at the horizon's end is at book in the table, while the objective
    # pools the last year's per-wafer term (user test s46 A): it is short by ramp_gap
    assert npv_usd(mine["net_usd"], mine["year"], 2025, inp.discount_rate) == pytest.approx(
        lhs + ramp_gap(inp, flows), abs=1.0
    )
    # and it is not the book-value objective (the convention reaches the coefficients)
    book = inp.replace(terminal_value="book")
    lhs_book = float((build * npv_build_coefficients(book)).sum())
    lhs_book += float((sold_wafers(book, build, prod) * wafer_margin_pv(book)).sum())
    if (build > 0).any():
        assert abs(lhs - lhs_book) > 1.0


def _hand_terminal(rows: list[dict[str, Any]], r: float, last: int, going: bool) -> float:
    """Sum over build groups of the terminal value, by hand from exported rows."""
    groups: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    for row in rows:
        if row["owner"] == "investor" and row["year"] <= last:
            groups.setdefault((row["site"], row["facility"], row["start_year"]), []).append(row)
    total = 0.0
    for g in groups.values():
        book = sum(x["capex_usd"] for x in g) - sum(x["depreciation_usd"] for x in g)
        end = [x for x in g if x["year"] == last]
        operating = end and (end[0]["opex_usd"] > 0 or end[0]["depreciation_usd"] > 0)
        if going and operating:
            e = end[0]
            nopat = (
                e["revenue_usd"]
                - e["variable_cost_usd"]
                - e["opex_usd"]
                - e["depreciation_usd"]
                - e["tax_usd"]
            )
            total += nopat * (1 + r) / r
        else:
            total += max(book, 0.0)
    return total


def test_the_reference_prints_the_npv_as_a_going_concern_from_its_own_flows(
    reference_plan_json: str,
) -> None:
    """The reference (book value) also prints its NPV with the modules valued as a going
    concern; that number re-derives from the exported cash flows by hand: NPV - PV(book
    values) + PV(going-concern values), both in 2036 discounted to 2026."""
    doc = json.loads(reference_plan_json)
    n = doc["headline"]["numbers"]
    assert n["terminal_going_concern"] == 0.0
    r, (first, last) = n["discount_rate"], doc["horizon"]
    rows = doc["cash_flows"]
    mine = [x for x in rows if x["owner"] == "investor"]
    npv = sum(x["net_usd"] / (1 + r) ** (x["year"] - first) for x in mine)
    assert npv == pytest.approx(n["npv_usd"], abs=1.0)
    d = (1 + r) ** -(last + 1 - first)
    book = _hand_terminal(rows, r, last, going=False)
    going = _hand_terminal(rows, r, last, going=True)
    salvage = sum(x["salvage_usd"] for x in mine)
    assert salvage == pytest.approx(book, rel=1e-9)  # the flows hold the book values
    want = npv - d * book + d * going
    assert n["npv_other_terminal_usd"] == pytest.approx(want, rel=1e-9)
    assert going > book  # the modules earn more than their book value
    key = doc["headline"]["key"]
    assert "as a going concern instead of at book value" in key
    assert "salvage at book value" in key


def test_going_concern_plan_reports_what_it_used(tmp_path: Path, run_cli: Any) -> None:
    """SMALL_3Y with ``objective: npv`` and a going concern: the plan says its terminal
    value is a going concern, and the book value beside it equals the same flows
    revalued; the book plan's NPV is no lower than the going-concern plan's flows at
    book value (the optimiser maximises what it reports); the going-concern objective is
    at most its NPV (a lower bound since user test s46 A)."""
    base = replaced(SMALL_3Y, ("discount_rate: 0.08\n", "discount_rate: 0.08\nobjective: npv\n"))
    going = base + "finance:\n  terminal_value: going_concern\n"
    docs, docs_objective = {}, {}
    for name, text in (("book", base), ("going", going)):
        res = run_cli("plan", write_scenario(tmp_path, text, f"{name}.yaml"), "--json")
        assert res.code == 0, res.err
        doc = res.json()
        docs[name] = doc["headline"]
        docs_objective[name] = doc["objective_usd"]
        # the npv objective's terms (capex, opex, tax, margin, the terminal value as
        # 'salvage') sum to it, whichever convention (plan.solve.objective_terms)
        terms = {k: v for k, v in doc["objective_terms_usd"].items() if k != "npv"}
        assert sum(terms.values()) == pytest.approx(doc["objective_usd"], abs=1.0), name
        # equal under book value; under a going concern a lower bound, short of the NPV
        # by the perpetuity of the margin a ramping group leaves unsold (user test s46 A)
        npv = docs[name]["numbers"]["npv_usd"]
        if name == "book":
            assert doc["objective_usd"] == pytest.approx(npv, abs=1.0)
        else:
            assert doc["objective_usd"] <= npv + 1.0
    g, b = docs["going"]["numbers"], docs["book"]["numbers"]
    assert g["terminal_going_concern"] == 1.0 and b["terminal_going_concern"] == 0.0
    # the going-concern objective is a lower bound of its NPV (a ramping group's unsold
    # output, user test s46 A), so its optimum is no longer sure to beat the book plan's
    # flows revalued; the book plan's still beats the going-concern plan's at book value
    assert g["npv_usd"] >= docs_objective["going"] - 1.0
    if g["npv_other_terminal_usd"] is not None:  # None: it built nothing (no flows)
        assert b["npv_usd"] >= g["npv_other_terminal_usd"] - 1.0
    if g["npv_salvage_usd"] and abs(g["npv_salvage_usd"]) > 0.5:
        assert "terminal value as a going concern" in docs["going"]["key"]


@pytest.mark.parametrize(
    ("rate", "word", "needles"),
    [
        ("0.08", "perpetual", ("finance.terminal_value", "going_concern")),
        ("0.0", "going_concern", ("finance.terminal_value", "> 0")),
    ],
)
def test_bad_terminal_values_are_one_error_line(
    tmp_path: Path, run_cli: Any, rate: str, word: str, needles: tuple[str, ...]
) -> None:
    """An unknown word, or a going concern at a 0 % rate (a perpetuity with no finite
    value): one ``error:`` line naming the file, its line and the field; exit 2."""
    text = replaced(SMALL_3Y, ("discount_rate: 0.08", f"discount_rate: {rate}"))
    path = write_scenario(tmp_path, text + f"finance:\n  terminal_value: {word}\n")
    res = run_cli("plan", path)
    assert_one_line_error(res, *needles, f"{path.name}:{line_of(path, 'terminal_value')}")


def test_the_report_says_the_convention_and_the_rate_basis(tmp_path: Path) -> None:
    """The report's key rows of a going-concern plan at 8 % nominal: the terminal part
    named as a going concern, the convention, the NPV at book value beside it (the
    headline number, in billions), the nominal rate and the real one (1.08/1.0235 - 1)."""
    import tigris
    from tigris.report.headline import going_concern, key_rows, number_text, terminal_phrase
    from tigris.report.result import report_tables

    text = SMALL_3Y + "finance:\n  terminal_value: going_concern\n  discount_rate_basis: nominal\n"
    sc = tigris.load_scenario(write_scenario(tmp_path, text))
    result = tigris.plan(sc, explain=False)
    n = result.headline()["numbers"]
    tables = report_tables(result)
    rows = {q: v for q, v, _ in key_rows(tables)}
    # what the money section's captions say the row after the horizon holds
    assert going_concern(tables) and terminal_phrase(tables) == "terminal value as a going concern"
    assert rows["modules valued at the horizon's end at"] == "going concern"
    alt = "the investor's NPV with the modules at book value (the same cash flows, not re-solved)"
    assert rows[alt] == number_text(n["npv_other_terminal_usd"] / 1e9)
    assert "of which terminal value as a going concern (discounted)" in rows
    assert "of which salvage at book value (discounted)" not in rows
    assert rows["discount rate as given (nominal)"] == "8"
    assert rows["discount rate (real)"] == number_text(100 * (1.08 / 1.0235 - 1))
    assert "at 8.00% nominal = 5.52% real" in result.headline()["key"]
