"""The going-concern alternative printed beside a book-value NPV (TV-ALT).

A book-value plan's headline also prints its NPV "with the modules valued at the
horizon's end as a going concern" (plan.summary.terminal_sensitivity). Since TV-FIX
(5813a58) a going concern charges the plant's steady replacement (each asset class's
capex over its life), not the last year's book depreciation, which is 0 for tools
written off before the horizon's end. The alternative is computed from the stored
cash-flow rows, so the rows carry that replacement (``replacement_usd``); without it
the alternative was too high (2,112 M$ instead of 704 M$ of terminal value for the
module below). The reviewer's principle: the printed alternative equals the NPV of
the same plan re-computed (and re-solved) under ``going_concern``.

Hand numbers from tests/test_finance_cashflow.problem (as tests/test_s33_tv_fix.py):
net capex 1000 M$ (1200 less a 200 grant) spent in 2025, 80 % equipment over 5 years
and 20 % building over 20, full output from 2026 (12,000 wafers a year at 30,000 $,
variable 5,000 $), fixed opex 50 M$, tax 20 %, r = 10 %, horizon 2025-2031.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tigris
from tests.conftest import SMALL, replaced, write_scenario
from tests.test_finance_cashflow import problem
from tigris.finance.cashflow import finance_tables
from tigris.plan import PlanResult
from tigris.plan.result import TABLE_COLUMNS
from tigris.plan.summary import RATE_USED_ROW, TERMINAL_ROW, terminal_sensitivity
from tigris.report.headline import key_rows, number_text
from tigris.report.result import report_tables
from tigris.runs.store import RunRecord, RunStore

M = 1e6  # USD per million USD
ANNUITY = sum(1.1**-k for k in range(1, 6))  # 2026-2030 at 10 %, to 2025
#: NPV to 2025 of the module's flows (M$): 2025 -1000; 2026-2030 net 234 (revenue 360,
#: variable 60, opex 50, depreciation 170, tax 16); 2031 net 202 (depreciation 10, the
#: building only: tax 0.2 x 240 = 48); in 2032 the terminal value.
NPV_BOOK = (-1000 + 234 * ANNUITY + 202 / 1.1**6 + 140 / 1.1**7) * M  # 1000 - 5x170 - 10
NPV_GOING = (-1000 + 234 * ANNUITY + 202 / 1.1**6 + 704 / 1.1**7) * M  # 0.8 x 80 x 11


def _module(convention: str) -> tuple[Any, np.ndarray, np.ndarray]:
    """One module started in 2025, selling all it makes from 2026, horizon 2025-2031."""
    inp = problem(n_years=7, spend=(1.0,), output=(0.0, 1.0), terminal_value=convention)
    build = np.zeros((1, 1, 7))
    build[0, 0, 0] = 1
    return inp, build, np.array([[0.0] + [12_000.0] * 6])


def _result(convention: str, flows: pd.DataFrame) -> PlanResult:
    """A plan of those flows, recording its convention and rate as the planner does."""
    rows = [(TERMINAL_ROW, convention, "", "scenario"), (RATE_USED_ROW, "0.1", "1/year", "")]
    return PlanResult(
        "module",
        "optimal",
        0.0,
        (2025, 2031),
        cash_flows=flows,
        assumptions=pd.DataFrame(rows, columns=list(TABLE_COLUMNS["assumptions"])),
    )


def _flows(convention: str) -> pd.DataFrame:
    inp, build, prod = _module(convention)
    return finance_tables(inp, build, prod, np.zeros((1, 7)))["cash_flows"]


def test_the_rows_carry_the_steady_replacement_by_hand() -> None:
    """replacement_usd: 0 in 2025 (no output yet) and in 2032 (the salvage row), 0.8 x
    1000/5 + 0.2 x 1000/20 = 170 M$ every year with output, also in 2031 when the book
    depreciation has fallen to the building's 10 M$."""
    flows = _flows("book")
    assert flows["year"].tolist() == list(range(2025, 2033))
    assert flows["replacement_usd"].tolist() == pytest.approx([0, *[170 * M] * 6, 0])
    assert flows["depreciation_usd"].tolist() == pytest.approx([0, *[170 * M] * 5, 10 * M, 0])
    cols = list(flows.columns)
    assert cols == list(TABLE_COLUMNS["cash_flows"])


def test_a_book_plans_going_concern_alternative_is_the_going_concern_npv() -> None:
    """The book plan's printed alternative equals the same plan's NPV re-computed under
    going_concern (finance_tables with terminal_value going_concern), and both equal the
    hand NPVs; the other way round too. Fails on HEAD~ (the rows' 2031 depreciation of
    10 M$: a terminal value of 2,112 M$, an alternative 1,408 M$/1.1^7 = 722.5 M$ too
    high)."""
    book, going = _flows("book"), _flows("going_concern")
    npv = {}
    for name, flows in (("book", book), ("going_concern", going)):
        mine = flows[flows["owner"] == "investor"]
        npv[name] = float(np.dot(mine["net_usd"], 1.1 ** -(mine["year"] - 2025.0)))
    assert npv["book"] == pytest.approx(NPV_BOOK, abs=1.0)
    assert npv["going_concern"] == pytest.approx(NPV_GOING, abs=1.0)
    alt = terminal_sensitivity(_result("book", book), npv["book"])
    assert alt["terminal_going_concern"] == 0.0
    assert alt["npv_other_terminal_usd"] == pytest.approx(npv["going_concern"], abs=1.0)
    back = terminal_sensitivity(_result("going_concern", going), npv["going_concern"])
    assert back["npv_other_terminal_usd"] == pytest.approx(npv["book"], abs=1.0)


def test_a_run_saved_without_the_replacement_prints_no_alternative(tmp_path: Path) -> None:
    """Rows without replacement_usd (a run saved before it, in memory, in --out files or
    in the runs store): the going-concern alternative is not known (NaN), never the
    too-high 2,112 M$ value; and the headline does not print it. A going-concern run's
    book alternative needs no replacement and is still given."""
    old = _flows("book").drop(columns="replacement_usd")
    result = _result("book", old)
    assert math.isnan(terminal_sensitivity(result, NPV_BOOK)["npv_other_terminal_usd"])
    result.write(tmp_path / "old")
    back = PlanResult.read(tmp_path / "old")
    assert back.cash_flows["replacement_usd"].isna().all()
    assert math.isnan(terminal_sensitivity(back, NPV_BOOK)["npv_other_terminal_usd"])
    going = _result("going_concern", _flows("going_concern").drop(columns="replacement_usd"))
    got = terminal_sensitivity(going, NPV_GOING)["npv_other_terminal_usd"]
    assert got == pytest.approx(NPV_BOOK, abs=1.0)


# ------------------------------------------------------------------ a real re-solve

#: SMALL with its horizon to 2035: the investor's CoWoS module of 2027 has its 5-year
#: tools written off by then (its 2035 book depreciation is the building's only).
LONG = replaced(SMALL, ("last_year: 2029}", "last_year: 2035}"))


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PlanResult]:
    """LONG planned at book value and re-solved as a going concern (objective serve)."""
    tmp = tmp_path_factory.mktemp("tvalt")
    going = LONG + "finance:\n  terminal_value: going_concern\n"
    out = {}
    for name, text in (("book", LONG), ("going_concern", going)):
        sc = tigris.load_scenario(write_scenario(tmp, text, f"{name}.yaml"))
        out[name] = tigris.plan(sc, explain=False)
    return out


def test_the_alternative_equals_a_re_solve_under_going_concern(
    plans: dict[str, PlanResult],
) -> None:
    """The same builds either way (the serve objective does not price the terminal
    value); the book plan's printed going-concern NPV is the re-solved plan's NPV and
    the other way round, to $1. The investor's modules include one whose tools are
    written off (2035 replacement above the book depreciation), so the replacement
    matters: fails on HEAD~ (the alternative from book depreciation is higher)."""
    b, g = plans["book"], plans["going_concern"]
    keys = ["site", "facility", "start_year", "modules", "owner"]
    assert b.builds[keys].equals(g.builds[keys])
    last = b.cash_flows[(b.cash_flows["owner"] == "investor") & (b.cash_flows["year"] == 2035)]
    assert (last["replacement_usd"] > last["depreciation_usd"] * 1.5).any()
    nb, ng = b.headline()["numbers"], g.headline()["numbers"]
    assert "as a going concern instead of at book value" in b.headline()["key"]
    assert nb["npv_other_terminal_usd"] == pytest.approx(ng["npv_usd"], abs=1.0)
    assert ng["npv_other_terminal_usd"] == pytest.approx(nb["npv_usd"], abs=1.0)
    assert nb["npv_other_terminal_usd"] > nb["npv_usd"]  # the modules earn their keep


def test_the_replacement_is_saved_and_read_back(
    plans: dict[str, PlanResult], tmp_path: Path
) -> None:
    """--out files and the runs store keep replacement_usd, so a run read back prints
    the same alternative; a run stored without it (before TV-ALT) prints none."""
    book = plans["book"]
    want = book.headline()["numbers"]["npv_other_terminal_usd"]
    book.write(tmp_path / "out")
    read = PlanResult.read(tmp_path / "out")
    assert read.headline()["numbers"]["npv_other_terminal_usd"] == pytest.approx(want, abs=1e-3)
    st = RunStore(tmp_path / "runs.duckdb")
    rid = st.add(RunRecord("plan", LONG, "small"), book)
    stored = st.result(rid)
    assert "replacement_usd" in stored.cash_flows.columns
    assert stored.headline()["numbers"]["npv_other_terminal_usd"] == pytest.approx(want, abs=1e-3)
    old = dataclasses.replace(book, cash_flows=book.cash_flows.drop(columns="replacement_usd"))
    rid = st.add(RunRecord("plan", LONG, "small"), old)
    n = st.result(rid).headline()["numbers"]
    assert n["npv_usd"] == pytest.approx(book.headline()["numbers"]["npv_usd"], abs=1e-3)
    assert math.isnan(n["npv_other_terminal_usd"])
    assert "as a going concern instead of" not in st.result(rid).headline()["key"]


#: The report's key row of the other convention's NPV for a book-value plan.
ALT_ROW = (
    "the investor's NPV with the modules at going concern (the same cash flows, not re-solved)"
)


def test_a_report_of_a_run_saved_before_the_column_is_drawn(
    plans: dict[str, PlanResult],
) -> None:
    """The report of a run saved before replacement_usd (its --json document) is drawn,
    without the going-concern alternative, not refused for a missing column; the report
    of a run with it shows the headline's alternative."""
    book = plans["book"]
    rows = {q: v for q, v, _ in key_rows(report_tables(book))}
    want = book.headline()["numbers"]["npv_other_terminal_usd"]
    assert rows[ALT_ROW] == number_text(want / 1e9)
    old = dataclasses.replace(book, cash_flows=book.cash_flows.drop(columns="replacement_usd"))
    doc = json.loads(json.dumps(old.to_dict()))
    rows = {q: v for q, v, _ in key_rows(report_tables(doc))}
    assert rows["modules valued at the horizon's end at"] == "book value"
    assert ALT_ROW not in rows
