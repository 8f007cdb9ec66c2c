"""``tigris sweep`` through the real entry point: bad ``--set`` and friends are one line
and exit 2 with nothing stored (a value the schema refuses too); a failed member is
exit 1 with its reason; ``--json``; ``--samples`` draws the scenario's distributions
with the seed given."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliResult, assert_one_line_error
from tests.test_plan_cli import SMALL

CAPITAL = "capital.fund.amount_usd"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--set", "pue"], ["--set", "PATH="]),
        (["--set", "pue=1,,2"], ["--set", "empty value"]),
        (["--set", "pue=1:2:1"], ["--set", "n >= 2"]),
        (["--set", "capital.fnd.amount_usd=1e9"], ["--set", "'fnd'", "did you mean 'fund'"]),
        (["--set", "pue=1.1", "--set", "pue=1.3"], ["--set", "given twice"]),
        (["--set", "pue=1.1,1.2", "--set", "discount_rate=0.1", "--zip"], ["--zip"]),
        (["--set", "pue=0.9:1.5:200", "--set", "discount_rate=0:0.2:200"], ["--set", "more than"]),
        ([], ["--set", "nothing to sweep"]),
        (["--samples", "3"], ["--samples", "no distributions", "docs/risk.md"]),
        (["--samples", "0"], ["--samples"]),
        (["--set", "pue=1.1", "--samples", "2"], ["--samples", "not both"]),
        (["--set", "pue=1.1", "--workers", "-1"], ["--workers"]),
        (["--set", "pue=1.1", "--time-limit", "0"], ["--time-limit"]),
        (["--set", "pue=1.1", "--objective", "fastest"], ["--objective"]),
        # user test 2026-12-03 #9: a value the schema refuses is refused before anything
        # runs (it was a failed member, a stored sweep and exit 1)
        (["--set", "discount_rate=abc"], ["--set", "discount_rate=abc", "expected a number"]),
        (["--set", "pue=0.5"], ["--set", "pue=0.5", ">= 1"]),
        (["--set", f"{CAPITAL}=2e10,-1"], ["--set", f"{CAPITAL}=-1"]),
        (["--set", "nodes.N3.d0_per_cm2=-0.1"], ["--set", "nodes.N3.d0_per_cm2=-0.1"]),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_stored(
    run_cli: Callable[..., CliResult],
    small: Path,
    tmp_path: Path,
    args: list[str],
    needles: list[str],
) -> None:
    store = tmp_path / "runs.duckdb"
    res = run_cli("sweep", small, "--workers", "0", "--store", store, *args)
    assert_one_line_error(res, *needles)
    assert not store.exists()


def test_store_and_no_store_together(run_cli: Callable[..., CliResult], small: Path) -> None:
    res = run_cli("sweep", small, "--set", "pue=1.1", "--store", "x.duckdb", "--no-store")
    assert_one_line_error(res, "--no-store")


#: A valid capital whose member the patched solver refuses (a failure at solve time).
FAILING = 7.5e9


@pytest.fixture
def failing_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    """Members whose fund is :data:`FAILING` fail in the solver (values the schema
    refuses never reach a member since user test #9)."""
    import tigris.plan.reuse as reuse
    from tigris.scenario.edit import get_path

    real = reuse.solve_member

    def solve_member(sc: Any, **kw: Any) -> Any:
        if get_path(sc, CAPITAL) == FAILING:
            raise RuntimeError("solver trouble (test)")
        return real(sc, **kw)

    monkeypatch.setattr(reuse, "solve_member", solve_member)


def test_a_failed_member_is_exit_1_with_its_reason(
    run_cli: Callable[..., CliResult], small: Path, failing_solver: None
) -> None:
    """Both members fail in the solver: each is reported with its change and why."""
    res = run_cli(
        "sweep", small, "--set", f"{CAPITAL}={FAILING},{FAILING}", "--workers", "0", "--no-store"
    )
    assert res.code == 1, res.err
    assert "Traceback" not in res.err
    for member in (0, 1):
        line = next(ln for ln in res.out.splitlines() if ln.startswith(f"member {member} failed"))
        assert f"{CAPITAL}=7.5e+09" in line and "RuntimeError" in line
    assert "0 of 2 members planned" in " ".join(res.out.split())
    assert "not stored" in res.out


def test_json_lists_members_with_their_store_runs(
    run_cli: Callable[..., CliResult], small: Path, tmp_path: Path, failing_solver: None
) -> None:
    from tigris.runs.store import RunStore

    store = tmp_path / "runs.duckdb"
    res = run_cli(
        "sweep",
        small,
        "--set",
        f"{CAPITAL}={FAILING},2e10",
        "--workers",
        "0",
        "--store",
        store,
        "--json",
    )
    assert res.code == 1, res.err  # member 0 failed
    doc = res.json()
    assert doc["status"] == "done" and doc["store"] == str(store)
    bad, good = doc["members"]
    assert (bad["index"], bad["status"], bad["served_h100e"]) == (0, "error", None)
    assert bad["error"].startswith("RuntimeError: ")
    assert good["status"] == "optimal" and good["error"] is None
    assert json.loads(good["changes"]) == {CAPITAL: 2e10}
    # progress is for a terminal: none on a captured stderr; stdout stays one JSON document
    assert not any(ln.startswith("member ") for ln in res.err.splitlines()), res.err
    runs = RunStore(store)
    stored = runs.runs(sweep_id=doc["sweep_id"]).set_index("member")
    assert stored.loc[1, "id"] == good["run_id"] and stored.loc[0, "id"] == bad["run_id"]
    result = runs.result(good["run_id"])
    assert math.isclose(result.demand["served_h100e"].sum(), good["served_h100e"], rel_tol=1e-9)
    assert math.isclose(result.objective_usd, good["objective_usd"], rel_tol=1e-9)


def test_samples_draw_the_scenario_distributions(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """Two draws of the fund's capital: the members are G's draws for that seed."""
    from tigris.risk.distributions import sample_changes
    from tigris.scenario.edit import load_any

    text = SMALL + (
        "distributions:\n"
        f"  {CAPITAL}: {{dist: uniform, low: 1.0e9, high: 3.0e10, source: 'test'}}\n"
    )
    path = tmp_path / "risky.yaml"
    path.write_text(text, encoding="utf-8")
    res = run_cli(
        "sweep", path, "--samples", "2", "--seed", "7", "--workers", "0", "--no-store", "--json"
    )
    assert res.code == 0, res.err
    want = sample_changes(load_any(path), 2, 7)
    got = [json.loads(m["changes"]) for m in res.json()["members"]]
    assert got == [json.loads(json.dumps(w)) for w in want]
    assert len({g[CAPITAL] for g in got}) == 2
    assert all(1e9 <= g[CAPITAL] <= 3e10 for g in got)


def test_data_overlay_reaches_the_members(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A scenario whose only site comes from --data: refused without it (exit 2, the
    site named), planned with it (the member builds there)."""
    from tests.test_data_overlay import OVERLAY, SCENARIO
    from tigris.runs.store import RunStore

    scenario, overlay = tmp_path / "india.yaml", tmp_path / "overlay.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    overlay.write_text(OVERLAY, encoding="utf-8")
    store = tmp_path / "runs.duckdb"
    args = ["sweep", scenario, "--set", "discount_rate=0.07", "--workers", "0", "--store", store]
    assert_one_line_error(run_cli(*args), "unknown site 'india'")
    assert not store.exists()
    res = run_cli(*args, "--data", overlay, "--json")
    assert res.code == 0, res.err
    (member,) = res.json()["members"]
    result = RunStore(store).result(member["run_id"])
    assert set(result.builds["site"]) == {"india"} and result.builds["modules"].sum() > 0


def test_a_successful_sweep_off_a_terminal_leaves_stderr_empty(
    run_cli: Callable[..., CliResult], small: Path
) -> None:
    """README's exit-code table: 0 means stderr is empty; progress is for a terminal
    (a member line per finished plan went to a captured stderr before)."""
    res = run_cli("sweep", small, "--set", f"{CAPITAL}=3e10", "--workers", "0", "--no-store")
    assert res.code == 0, res.err
    assert res.err == ""
    assert "1 of 1 members planned" in " ".join(res.out.split())


def test_progress_asks_for_member_lines_off_a_terminal(
    run_cli: Callable[..., CliResult], small: Path
) -> None:
    """--progress writes one line per finished member to a captured stderr (batch logs),
    and stdout is the same summary."""
    res = run_cli(
        "sweep", small, "--set", f"{CAPITAL}=3e10", "--workers", "0", "--no-store", "--progress"
    )
    assert res.code == 0, res.err
    assert re.search(r"^member 0 done \(optimal", res.err, re.M), res.err
    assert "1 of 1 members planned" in " ".join(res.out.split())


@pytest.mark.parametrize("stored", [True, False])
def test_ctrl_c_is_exit_130_and_one_line_saying_how_far_it_got(
    run_cli: Callable[..., CliResult],
    small: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stored: bool,
    failing_solver: None,
) -> None:
    """User test 2026-12-03 #14 (in this process; tests/test_sweep_interrupt.py sends a
    real SIGINT to a sweep on a Dask cluster): Ctrl-C while member 1 runs: exit 130,
    nothing on stdout, one line on stderr naming how many of the members are stored and
    where (the sweep said nothing off a terminal before, 'interrupted: ...' on one)."""
    import tigris.runs.sweep as sweep_module
    from tigris.runs.store import RunStore

    real = sweep_module.run_member

    def interrupted(task: Any) -> Any:
        if task.index == 1:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(sweep_module, "run_member", interrupted)
    store = tmp_path / "runs.duckdb"
    where = ["--store", store] if stored else ["--no-store"]
    res = run_cli("sweep", small, "--set", f"{CAPITAL}={FAILING},1e9,2e9", "--workers", "0", *where)
    assert res.code == 130 and res.out == ""
    (line,) = res.err.splitlines()
    if stored:
        (sweep_id,) = RunStore(store).sweeps()["id"]
        assert line.startswith(f"stopped: 1 of 3 members stored in sweep {sweep_id} ({store}")
    else:
        assert line == "stopped: 1 of 3 members finished, not stored"
