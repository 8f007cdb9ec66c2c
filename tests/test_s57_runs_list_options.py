"""``tigris runs list`` keys runs of one scenario solved with other flags apart (last
stop's list: an ``--objective npv`` run shared the reference's key, and nothing in the
list said it was solved otherwise)."""

from __future__ import annotations

from pathlib import Path

from tigris.cli.runs import options_label

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def test_a_run_solved_otherwise_has_its_own_key(run_cli, tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    assert run_cli("plan", SMALL, "--store", store).code == 0
    assert run_cli("plan", SMALL, "--objective", "npv", "--store", store).code == 0
    listed = run_cli("runs", "list", "--store", store, "--json").json()
    by_objective = {r["options"].get("objective"): r for r in listed}
    assert set(by_objective) == {None, "npv"}
    out = run_cli("runs", "list", "--store", store).out
    keys = [line for line in out.splitlines() if line.startswith("scenario ")]
    assert len(keys) == 2, out
    assert any(k.endswith("small-plan.yaml: small (--objective npv)") for k in keys), keys
    assert any(k.endswith("small-plan.yaml: small") for k in keys), keys


def test_only_answer_changing_flags_are_named() -> None:
    stored = {"explain_result": True, "counterfactual": True, "from_run": "ab12", "relax": True}
    assert options_label(stored) == ""
    assert options_label({"min_served_share": 0.5, "time_limit_s": 60.0}) == (
        "--min-served-share 0.5, --time-limit 60"
    )
