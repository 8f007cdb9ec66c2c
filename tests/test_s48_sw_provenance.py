"""User test s48 (sweeps #1): a sweep member records that the sweep set its value, as
``tigris plan --set`` does (the row's source, the scenario's name), so that
``tigris compare <plan-run> <member-run>`` of the same values finds no input that
differs; text-only provenance (sources, names) is listed apart from the numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(path))
    monkeypatch.delenv("TIGRIS_SCHEDULER", raising=False)
    return path


def test_member_and_plan_set_store_the_same_scenario(run_cli, store):
    from tigris.runs.store import RunStore

    res = run_cli("plan", SMALL, "--set", "capital.fund.amount_usd=3e10")
    assert res.code == 0, res.err
    plan_id = str(RunStore(store).runs()["id"].iloc[0])
    res = run_cli(
        "sweep", SMALL, "--set", "capital.fund.amount_usd=3e10,4e10", "--workers", "0", "--json"
    )
    assert res.code == 0, res.err
    member_id = next(m["run_id"] for m in res.json()["members"] if m["index"] == 0)
    runs = RunStore(store)
    plan, member = runs.record(plan_id), runs.record(member_id)
    assert member["scenario_name"] == plan["scenario_name"]
    assert "edited: capital.fund.amount_usd" in member["scenario_name"]
    assert "set on the command line (--set capital.fund.amount_usd=" in member["scenario_yaml"]
    res = run_cli("compare", plan_id, member_id)
    assert res.code == 0, res.err
    assert "Inputs that differ" not in res.out, res.out
    assert "did not bind" not in res.out, res.out


def test_text_only_inputs_are_listed_apart(tmp_path, run_cli, store):
    """Two files differing only in a source and the name: the headline says the inputs
    are the same numbers, the text listed apart; no "the change did not bind"."""
    text = SMALL.read_text()
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(text)
    b.write_text(text.replace("name: small", "name: small-renamed", 1))
    res = run_cli("compare", a, b, "--no-store")
    assert res.code == 0, res.err
    assert "Inputs that differ" not in res.out, res.out
    assert "did not bind" not in res.out, res.out
    assert "only text differs (1): name" in " ".join(res.out.split()), res.out
