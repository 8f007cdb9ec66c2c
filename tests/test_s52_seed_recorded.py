"""A drawn member's seed is stored with it (risk user test 2026-12-06 #2).

docs/runs.md: ``seed`` holds "the random seed of a sampled sweep". A ``tigris risk``
member and a ``tigris sweep --samples`` member had ``seed`` null, and a risk sweep's
spec held no seed: which seed made a stored Monte Carlo could not be told. The plan as
planned (member -1 of a risk sweep) is not drawn, so it has none.
"""

from __future__ import annotations

from pathlib import Path

from tigris.runs.store import RunStore


def _seeds(store: Path) -> dict[tuple[str, int], object]:
    runs = RunStore(store)
    table = runs.runs()
    return {
        (str(r["kind"]), int(r["member"])): runs.record(str(r["id"]))["seed"]
        for _, r in table.iterrows()
    }


def test_sampled_sweep_members_keep_their_seed(uncertain_file: Path, tmp_path: Path) -> None:
    import tigris

    store = tmp_path / "runs.duckdb"
    tigris.sweep(str(uncertain_file), samples=2, seed=7, workers=0, store=store)
    assert _seeds(store) == {("sweep", 0): 7, ("sweep", 1): 7}


def test_risk_members_keep_their_seed_and_the_plan_as_planned_none(
    uncertain_file: Path, tmp_path: Path
) -> None:
    from tigris.risk.montecarlo import evaluate
    from tigris.scenario import load_scenario

    store = tmp_path / "runs.duckdb"
    members = [{"pue": 1.15}, {"pue": 1.3}]
    evaluate(load_scenario(uncertain_file), members, planned=True, seed=9, workers=0, store=store)
    assert _seeds(store) == {("risk", -1): None, ("risk", 0): 9, ("risk", 1): 9}
    spec = RunStore(store).sweeps()
    assert '"seed": 9' in str(spec.iloc[0].to_dict()), spec.iloc[0].to_dict()


def test_a_grid_sweep_draws_nothing_so_stores_no_seed(uncertain_file: Path, tmp_path: Path) -> None:
    import tigris

    store = tmp_path / "runs.duckdb"
    tigris.sweep(str(uncertain_file), {"pue": [1.15, 1.3]}, seed=7, workers=0, store=store)
    assert _seeds(store) == {("sweep", 0): None, ("sweep", 1): None}
