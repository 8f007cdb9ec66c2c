"""Two follow-ups of the risk review of stop 64: the "How sure these are" table names
an output's own count of plans where it rests on fewer than solved (an IRR a plan does
not have), and P(investor NPV < 0) is not printed as 0.0 % when no plan invests."""

from __future__ import annotations

from pathlib import Path

from .conftest import SMALL_3Y, replaced
from .riskruns import risk_kept

#: SMALL_3Y with the fund drawn from {US$1, US$20B}: a US$1 fund builds nothing, so
#: that plan has no IRR (its flows never change sign) and the IRR's intervals rest on
#: the other plans.
_FUND_OR_NOTHING = (
    SMALL_3Y + "distributions:\n  capital.fund.amount_usd: {dist: discrete, values: "
    '[1.0, 2.0e10], weights: [1, 1], source: "test"}\n'
)
#: SMALL_3Y with a US$1 fund (no plan can build) and the rate drawn.
_NOTHING = replaced(SMALL_3Y, ("amount_usd: 2.0e10", "amount_usd: 1.0")) + (
    'distributions:\n  discount_rate: {dist: uniform, low: 0.06, high: 0.10, source: "test"}\n'
)
_ARGS = ("--samples", "3", "--seed", "1", "--workers", "0", "--no-store")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_output_on_fewer_plans_says_its_count(run_cli, tmp_path: Path) -> None:
    scenario = _write(tmp_path, _FUND_OR_NOTHING)
    report = tmp_path / "risk.html"
    with risk_kept():
        res = run_cli("risk", scenario, *_ARGS, "--report", report)
        doc = run_cli("risk", scenario, *_ARGS, "--json").json()
    assert res.code == 0, res.err
    solved = doc["members_ok"]
    n_irr = doc["quantiles"]["irr"]["values"]["all"]["n"]
    assert 0 < n_irr < solved  # the premise: some plan has no IRR
    said = f"({n_irr} of {solved} plans)"
    text = " ".join(res.out.split())
    assert f"investor IRR {said}" in text
    assert f"investor NPV {said}" not in text  # every plan has an NPV
    assert said in report.read_text(encoding="utf-8")


def test_no_investment_is_not_a_zero_chance_of_a_loss(run_cli, tmp_path: Path) -> None:
    scenario = _write(tmp_path, _NOTHING)
    with risk_kept():
        res = run_cli("risk", scenario, *_ARGS)
        doc = run_cli("risk", scenario, *_ARGS, "--json").json()
    assert res.code == 0, res.err
    npv = doc["quantiles"]["npv_total_usd"]["values"]["all"]
    assert npv["p5"] == npv["p95"] == 0.0  # the premise: no plan invests
    probs = doc["probabilities"]
    assert probs["npv_below_zero"] is None
    assert "builds nothing" in probs["npv_below_zero_reason"]
    text = " ".join(res.out.split())
    assert "P(investor NPV < 0): not computed: the investor builds nothing" in text
    assert "P(investor NPV < 0): 0.0%" not in text


def test_two_plans_discounted_otherwise_have_no_change_of_npv(run_cli, tmp_path: Path) -> None:
    """Two plans at 8 % and 6 %: the note says their NPVs, costs and objectives are not
    comparable as they stand, and the table gave B - A of them all the same (+$43.0M,
    +158 % of NPV); now none, as ``compare --sweep`` gives none. Undiscounted numbers
    (H100e served, capital spent) keep theirs, and A and B are each as planned."""
    a = _write(tmp_path, SMALL_3Y)
    b = tmp_path / "b.yaml"
    b.write_text(replaced(SMALL_3Y, ("discount_rate: 0.08", "discount_rate: 0.06")), "utf-8")
    doc = run_cli("compare", a, b, "--no-store", "--json").json()
    assert "not comparable as they stand" in doc["rate_note"]
    rows = {m["metric"]: m for m in doc["metrics"]}
    for key in ("npv_usd", "npv_without_salvage_usd", "cost_usd", "objective_usd"):
        assert rows[key]["change"] is None and rows[key]["change_pct"] is None, rows[key]
        assert rows[key]["a"] != rows[key]["b"]  # each side still as planned
    plan_b = run_cli("plan", b, "--no-store", "--json").json()
    assert rows["npv_usd"]["b"] == plan_b["headline"]["numbers"]["npv_usd"]
    assert rows["served_h100e"]["change"] == 0.0
    assert rows["capital_spent_usd"]["change"] is not None
