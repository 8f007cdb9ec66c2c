"""``tigris sweep --json`` carries each member's warnings (a leftover of 2026-12-07's
review: they went to standard error only, and a machine reading the JSON missed that a
member's plan passes a subsidy programme's whole)."""

from __future__ import annotations


def test_sweep_json_has_the_member_warnings_stderr_has(run_cli) -> None:
    # 0.8: at 0.6 the plan passed the programme until the N2 capacity fix of
    # 2026-12-07 (Arizona counted once); it then spends US$33.7B there, within US$39B
    args = [
        "--set", "data.datacenter_capacity.all.ai_growth_scale=4",
        "--set", "sites.arizona-usa.subsidy_share_of_capex=0.8",
    ]  # fmt: skip
    res = run_cli("sweep", *args, "--no-store", "--workers", "0", "--json")
    assert res.code == 0, res.err
    doc = res.json()
    said = [
        ln.removeprefix("warning: member 0: ")
        for ln in res.err.splitlines()
        if ln.startswith("warning: member 0: ")
    ]
    assert said, res.err
    assert [w["warning"] for w in doc["warnings"] if w["member"] == 0] == said
    assert {w["member"] for w in doc["warnings"]} <= {m["index"] for m in doc["members"]}


def test_a_sweep_without_warnings_has_an_empty_list(run_cli, tmp_path) -> None:
    from .conftest import SMALL_3Y

    scenario = tmp_path / "s3.yaml"
    scenario.write_text(SMALL_3Y, encoding="utf-8")
    res = run_cli(
        "sweep", str(scenario), "--set", "pue=1.2,1.3", "--no-store", "--workers", "0", "--json"
    )
    assert res.code == 0, res.err
    assert res.json()["warnings"] == []
    assert "warning: member" not in res.err
