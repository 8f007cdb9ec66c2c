"""A nominal discount rate entered by a user (``finance.discount_rate_basis``).

The plan's cash flows are real (constant USD of ``currency_year``); a user who has a
nominal WACC writes ``finance: {discount_rate_basis: nominal}`` and the plan discounts
at Fisher's real rate, (1 + r)/(1 + expected_inflation) - 1 (Fisher 1930; Brealey,
Myers & Allen ch. 6), with ``data/fab_parameters.csv``'s expected_inflation (FRED
T10YIE, 2.35 %). 8 % nominal is then 1.08/1.0235 - 1 = 5.5203 % real, the reference's
0.0552 to its rounding, so both give the same plan and NPV.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL_3Y, assert_one_line_error, data_table, line_of, write_scenario

#: The reference's real rate is rounded to 0.01 % (fab_parameters.csv discount_rate).
ROUNDING = 0.5e-4


def _inflation() -> float:
    """expected_inflation of data/fab_parameters.csv, read as text."""
    rows = [r for r in data_table("fab_parameters") if r["parameter"] == "expected_inflation"]
    assert len(rows) == 1
    return float(rows[0]["value"])


def test_fisher_by_hand() -> None:
    from tigris.finance.prices import real_rate

    # 1.08 / 1.0235 = 1.055203..., by hand
    assert _inflation() == 0.0235
    assert real_rate(0.08) == pytest.approx(1.08 / 1.0235 - 1, abs=1e-12)
    assert real_rate(0.08) == pytest.approx(0.0552, abs=ROUNDING)


def test_a_nominal_8_percent_plans_as_the_reference_real_rate(
    reference_plan_json: str, run_cli: Any, tmp_path: Path
) -> None:
    """The reference with ``discount_rate: 0.08`` and basis nominal: the same builds,
    served compute, NPV and cost as the reference at 0.0552 real, to the rate's rounding
    (0.0552 vs 0.055203: NPV within 0.1 %); the headline says 8.00 % nominal = 5.52 %
    real."""
    from tigris.scenario.load import reference_scenario

    ref = json.loads(reference_plan_json)
    sc = reference_scenario().set({"discount_rate": 0.08, "finance.discount_rate_basis": "nominal"})
    path = tmp_path / "nominal.yaml"
    path.write_text(sc.to_yaml(), encoding="utf-8")
    res = run_cli("plan", path, "--json")
    assert res.code == 0, res.err
    doc = res.json()
    a, b = ref["headline"]["numbers"], doc["headline"]["numbers"]
    assert doc["builds"] == ref["builds"]
    assert b["served_h100e"] == pytest.approx(a["served_h100e"], rel=1e-9)
    assert b["npv_usd"] == pytest.approx(a["npv_usd"], rel=1e-3)
    assert b["cost_usd"] == pytest.approx(a["cost_usd"], rel=1e-3)
    assert b["discount_rate"] == pytest.approx(1.08 / 1.0235 - 1, abs=1e-6)
    assert b["discount_rate_nominal"] == 0.08
    assert a["discount_rate_nominal"] is None  # JSON null: the reference gives a real rate
    assert "at 8.00% nominal = 5.52% real" in doc["headline"]["key"]
    assert "nominal" not in ref["headline"]["key"]
    # the NPV re-derives from the exported flows at the real rate, not at 8 %
    flows = [x for x in doc["cash_flows"] if x["owner"] == "investor"]
    r = 1.08 / 1.0235 - 1
    npv = sum(x["net_usd"] / (1 + r) ** (x["year"] - 2026) for x in flows)
    assert b["npv_usd"] == pytest.approx(npv, rel=1e-6)


def test_the_exact_fisher_rate_given_real_is_the_same_plan(run_cli: Any, tmp_path: Path) -> None:
    """SMALL_3Y at 8 % nominal and at 1.08/1.0235 - 1 real: the same objective and NPV
    to a dollar (one rate, two spellings)."""
    real = f"{1.08 / 1.0235 - 1:.17g}"
    nominal = SMALL_3Y + "finance:\n  discount_rate_basis: nominal\n"
    as_real = SMALL_3Y.replace("discount_rate: 0.08", f"discount_rate: {real}")
    out = {}
    for name, text in (("nominal", nominal), ("real", as_real)):
        res = run_cli("plan", write_scenario(tmp_path, text, f"{name}.yaml"), "--json")
        assert res.code == 0, res.err
        out[name] = res.json()
    assert out["nominal"]["objective_usd"] == pytest.approx(out["real"]["objective_usd"], abs=1.0)
    n0, n1 = (out[k]["headline"]["numbers"] for k in ("nominal", "real"))
    assert n0["npv_usd"] == pytest.approx(n1["npv_usd"], abs=1.0)
    assert n0["discount_rate"] == pytest.approx(float(real), abs=1e-6)


def test_a_bad_basis_word_is_one_error_line(tmp_path: Path, run_cli: Any) -> None:
    path = write_scenario(tmp_path, SMALL_3Y + "finance:\n  discount_rate_basis: nominel\n")
    res = run_cli("plan", path)
    assert_one_line_error(
        res,
        "finance.discount_rate_basis",
        "nominal",
        f"{path.name}:{line_of(path, 'discount_rate_basis')}",
    )
