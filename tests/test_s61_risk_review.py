"""A statistician's review of the risk layer (2026-12-07)."""

from __future__ import annotations

import pytest

from tigris.risk.balance import summary_lines
from tigris.risk.mcerror import min_plans_for_quantile


def _balance(plans: int | None) -> dict:
    b = {
        "alpha": 0.05,
        "tests": 0,
        "lopsided": [],
        "inputs": {},
        "planned_outside_band": [
            {"output": "served_h100e", "year": "2028", "planned": 1.0, "p5": 2.0, "p95": 2.0,
             "side": "below"}
        ],
    }  # fmt: skip
    if plans is not None:
        b["plans"] = plans
    return b


@pytest.mark.parametrize("plans", [1, 2, min_plans_for_quantile(0.95) - 1])
def test_outside_the_band_of_a_few_plans_is_said_to_be_chance(plans: int) -> None:
    """From a few plans the band is close to their own range, so a value drawn like them
    lies outside it often by chance (from one plan almost surely): said beside the
    reasons (the reference's 17 plans lean, its balance line says so)."""
    (line,) = [ln for ln in summary_lines(_balance(plans)) if ln.startswith("note:")]
    assert f"from {plans} plan" in line and "falls outside it often by chance too" in line
    assert "often modes" in line  # the reasons stay: a lopsided sample still leans


@pytest.mark.parametrize("plans", [min_plans_for_quantile(0.95), 500, None])
def test_outside_the_band_of_enough_plans_keeps_its_reasons(plans: int | None) -> None:
    (line,) = [ln for ln in summary_lines(_balance(plans)) if ln.startswith("note:")]
    assert "often modes" in line and "by chance" not in line


def test_a_one_plan_risk_run_says_so(run_cli, tmp_path) -> None:
    """The helper's case: one sampled plan of the small scenario with two distributions;
    the JSON's balance counts the plan, and the note says chance."""
    import json

    from .conftest import SMALL_3Y

    scenario = tmp_path / "unc.yaml"
    scenario.write_text(
        SMALL_3Y
        + "distributions:\n"
        + '  discount_rate: {dist: uniform, low: 0.06, high: 0.10, source: "test"}\n'
        + '  pue: {dist: triangular, low: 1.1, mode: 1.2, high: 1.4, source: "test"}\n',
        encoding="utf-8",
    )
    args = ("risk", str(scenario), "--samples", "1", "--seed", "1", "--workers", "0",
            "--no-store")  # fmt: skip
    res = run_cli(*args, "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    assert doc["balance"]["plans"] == doc["members_ok"] == 1
    text = " ".join(run_cli(*args).out.split())
    assert doc["balance"]["planned_outside_band"]  # one plan: outside almost surely
    assert "from 1 plan the band is close to the plans' own range" in text


def test_the_robust_plan_says_how_many_futures_it_rests_on(run_cli, tmp_path) -> None:
    """RP, VSS and EVPI are measured on the K futures the robust plan was made for
    (a statistician's review of 2026-12-07: the robust builds of K = 3 could not be
    financed in 13 of 60 fresh futures), and VSS is over the plan as made, not over one
    made at the inputs' means: both said where the numbers are printed."""
    from .conftest import SMALL_3Y

    scenario = tmp_path / "unc.yaml"
    scenario.write_text(
        SMALL_3Y
        + "distributions:\n"
        + "  capital.fund.amount_usd: {dist: triangular, low: 5e9, mode: 2e10, high: 2.5e10,"
        + ' source: "test"}\n',
        encoding="utf-8",
    )
    res = run_cli(
        "risk", str(scenario), "--samples", "1", "--stochastic", "2", "--seed", "1",
        "--workers", "0", "--no-store",
    )  # fmt: skip
    assert res.code in (0, 1), res.err
    text = " ".join(res.out.split())
    assert "measured on the 2 futures the robust plan was made for, no others" in text
    assert "value over the plan as made (VSS = EEV - RP)" in text
    assert "value of the stochastic solution" not in text
