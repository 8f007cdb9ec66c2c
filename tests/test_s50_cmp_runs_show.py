"""``tigris runs show`` of an infeasible run, and at 80 columns (user test s50
compare #2, #6).

#2: the headline of a run with no plan ends "see why below"; the reason is stored with
the run (its ``binding`` table, which ``runs export`` writes as ``binding.csv``) and is
printed under it, as ``tigris plan`` prints it. The scenario asks 99 % of demand served
with $1B of capital, which cannot be met (tigris plan says so with the floor's name).

#6: the values that tell runs apart (docs/compare.md, "Limits": scenario_hash,
input_hash, git commit, each data file's SHA-256) are never cut to fit 80 columns:
each is in the output whole, on one line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SMALL, replaced
from tigris.runs.store import RunStore

INFEASIBLE = (
    replaced(
        SMALL,
        ("2029: 8.0e6", "2029: 2.0e7"),
        ("amount_usd: 2.0e10", "amount_usd: 1.0e9"),
    )
    + "min_served_share: 0.99\n"
)


@pytest.fixture(scope="module")
def infeasible(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A store holding one infeasible run of :data:`INFEASIBLE`: its path and id."""
    from tigris.cli import main

    folder = tmp_path_factory.mktemp("inf")
    scenario = folder / "inf.yaml"
    scenario.write_text(INFEASIBLE, encoding="utf-8")
    store = folder / "runs.duckdb"
    assert main(["plan", str(scenario), "--store", str(store)]) == 1  # no plan
    return store, RunStore(store).runs()["id"].iloc[0]


def test_an_infeasible_run_shows_why(
    run_cli, infeasible: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, rid = infeasible
    monkeypatch.setenv("COLUMNS", "100")
    reasons = RunStore(store).result(rid).to_frame("binding")
    assert len(reasons) >= 1  # stored with the run
    res = run_cli("runs", "show", rid, "--store", store)
    assert res.code == 0, res.err
    flat = " ".join(res.out.split())
    assert "No plan (infeasible)" in flat and "see why below." in flat
    below = flat[flat.index("see why below.") :]
    assert "What stays short, and why" in below
    for text in reasons["text"]:
        assert " ".join(str(text).split()) in below
    assert "min_served_share 0.99" in below  # the floor the scenario set, by name
    # --json is unchanged: one document
    assert json.loads(run_cli("runs", "show", rid, "--store", store, "--json").out)["id"] == rid


def test_no_identifier_is_cut_at_80_columns(
    run_cli, infeasible: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, rid = infeasible
    rec = RunStore(store).record(rid)
    prov = rec["provenance"]
    whole = [rec["scenario_hash"], rec["input_hash"], prov["git_commit"]]
    whole += [f["sha256"] for f in prov["data_files"]]
    assert all(len(h) == 64 for h in whole if h != prov["git_commit"])
    for columns in ("80", "60", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        res = run_cli("runs", "show", rid, "--store", store)
        assert res.code == 0, res.err
        assert "…" not in res.out, columns
        lines = res.out.splitlines()
        for value in whole:
            assert any(value in line for line in lines), (columns, value)
