"""The report labels the IRR real beside a nominal rate, with its nominal equivalent
(user test s49, energy and finance #3).

With ``finance.discount_rate_basis: nominal`` and ``discount_rate: 0.08`` the HTML
report said "discount rate as given (nominal) 8 % … the investor's IRR 7.2 %" and headed
the by-module column "IRR [%]", while the IRR is of real cash flows (the command line
says "IRR (real)" and "7.2% real = 9.7% nominal"). The nominal equivalent is Fisher's,
(1 + IRR)(1 + i) - 1, with i data/fab_parameters.csv's expected inflation, the one the
nominal rate was made real with. docs/examples/small-plan.yaml, solved once (~2 s).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import data_table

pytest.importorskip("tigris.report")


def _inflation() -> float:
    [row] = [r for r in data_table("fab_parameters") if r["parameter"] == "expected_inflation"]
    return float(row["value"])


@pytest.fixture(scope="module")
def nominal_plan() -> Any:
    from tigris.plan import solve
    from tigris.scenario import load_scenario
    from tigris.scenario.edit import set_paths

    sc = load_scenario("docs/examples/small-plan.yaml")
    sc = set_paths(sc, {"finance.discount_rate_basis": "nominal", "discount_rate": 0.08})
    return solve(sc)


def test_key_rows_say_real_and_give_the_nominal_irr(nominal_plan) -> None:
    from tigris.report.headline import key_rows
    from tigris.report.result import report_tables

    n = nominal_plan.headline()["numbers"]
    irr = n["irr"]
    # the real rate is the nominal one deflated by the data's inflation (Fisher)
    assert n["discount_rate"] == pytest.approx(1.08 / (1 + _inflation()) - 1, abs=1e-6)
    rows = {q: v for q, v, _ in key_rows(report_tables(nominal_plan))}
    assert "the investor's IRR" not in rows, rows  # no unlabelled IRR beside 8 % nominal
    assert float(rows["the investor's IRR (real)"]) == pytest.approx(100 * irr, abs=0.01)
    as_nominal = (1 + irr) * (1 + _inflation()) - 1
    shown = rows["the investor's IRR as a nominal rate (at the rate's own inflation)"]
    assert float(shown) == pytest.approx(100 * as_nominal, abs=0.01)


def test_money_tables_head_the_irr_real(nominal_plan) -> None:
    from tigris.report.money import finance_html
    from tigris.report.result import report_tables

    html = finance_html(report_tables(nominal_plan))
    assert "IRR (real) [%]" in html
    assert "IRR [%]" not in html


def test_a_real_rate_plan_keeps_its_plain_labels() -> None:
    """Nothing nominal to tell apart: the IRR row and column as before."""
    from tigris.plan import solve
    from tigris.report.headline import key_rows
    from tigris.report.money import finance_html
    from tigris.report.result import report_tables
    from tigris.scenario import load_scenario

    t = report_tables(solve(load_scenario("docs/examples/small-plan.yaml")))
    rows = [q for q, _, _ in key_rows(t)]
    assert "the investor's IRR" in rows and not any("nominal" in q for q in rows), rows
    assert "IRR [%]" in finance_html(t)
