"""User test s48 (sweeps #7): ``tigris compare --sweep`` of an interrupted sweep said
"1 members" with every change "(–)"; it says how many of how many are stored, that
the sweep was interrupted, and that member 0 (the base of the changes) is missing."""

from __future__ import annotations

from pathlib import Path

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def _sweep_of(store: Path, members: list[int], n: int, status: str) -> str:
    from tigris.runs.store import RunRecord, RunStore
    from tigris.scenario.edit import load_any, to_yaml

    runs = RunStore(store)
    base = to_yaml(load_any(SMALL))
    sid = runs.add_sweep(base, {"sets": {"discount_rate": [0.05 + i / 100 for i in range(n)]}}, n)
    records = [
        (
            RunRecord(
                "sweep",
                base,
                "small",
                sweep_id=sid,
                member=i,
                changes={"discount_rate": 0.05 + i / 100},
                status="optimal",
            ),
            None,
        )
        for i in members
    ]
    runs.add_many(records)
    runs.finish_sweep(sid, status)
    return sid


def test_interrupted_sweep_says_how_many_and_the_missing_base(run_cli, tmp_path):
    store = tmp_path / "runs.duckdb"
    sid = _sweep_of(store, [3], 8, "interrupted")
    res = run_cli("compare", "--sweep", sid, "--store", store)
    text = " ".join(res.out.split())
    assert "1 of 8 members stored (interrupted" in text, res.out
    assert "member 0 is not stored" in text, res.out
    assert "1 members" not in text


def test_one_member_is_one_member(run_cli, tmp_path):
    store = tmp_path / "runs.duckdb"
    sid = _sweep_of(store, [0], 1, "done")
    res = run_cli("compare", "--sweep", sid, "--store", store)
    text = " ".join(res.out.split())
    assert f"sweep {sid}: 1 member;" in text, res.out
