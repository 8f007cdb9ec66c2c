"""Review of the s48 sweep fixes: draws without a seed are not continued (run again
they draw afresh, and one sweep would hold two draws); ``compare --sweep`` says the
same command finishes a stopped sweep only when it does; a ``lo:hi:n`` range is tidied
to digits of its size, not of its ends."""

from __future__ import annotations

import json
from pathlib import Path

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
DRAWN = """
distributions:
  discount_rate:
    dist: uniform
    low: 0.06
    high: 0.10
    source: "a test's range"
"""


def _stop_at_one(monkeypatch) -> None:
    import tigris.runs.sweep as sweep_mod

    real = sweep_mod.run_member

    def stopping(task):
        if task.index == 1:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(sweep_mod, "run_member", stopping)


def test_unseeded_draws_start_a_new_sweep(run_cli, tmp_path, monkeypatch) -> None:
    from tigris.runs.store import RunStore

    store = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(store))
    monkeypatch.delenv("TIGRIS_SCHEDULER", raising=False)
    sc = tmp_path / "drawn.yaml"
    sc.write_text(SMALL.read_text(encoding="utf-8") + DRAWN, encoding="utf-8")
    _stop_at_one(monkeypatch)
    args = ("sweep", sc, "--samples", "3", "--workers", "0")
    first = run_cli(*args)
    assert first.code == 130, first.err
    assert "the same command again" not in first.err, first.err
    again = run_cli(*args)
    assert again.code == 130, again.err
    assert "continuing interrupted sweep" not in again.err, again.err
    assert len(RunStore(store).sweeps()) == 2
    # compare --sweep of it says it was interrupted and that only its seed finishes it
    # (a seed is drawn and stored since 2026-12-07: the same command alone draws anew)
    sweeps = RunStore(store).sweeps()
    sid = str(sweeps["id"].iloc[0])
    seed = json.loads(sweeps["spec"].iloc[0])["seed"]
    head = run_cli("compare", "--sweep", sid)
    said = " ".join((head.out + head.err).split())
    assert f"interrupted; the same tigris sweep with --seed {seed} finishes it" in said
    assert "again finishes it" not in said


def test_a_set_sweep_stopped_says_the_command_finishes_it(run_cli, tmp_path, monkeypatch):
    from tigris.runs.store import RunStore

    store = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(store))
    monkeypatch.delenv("TIGRIS_SCHEDULER", raising=False)
    _stop_at_one(monkeypatch)
    res = run_cli("sweep", SMALL, "--set", "discount_rate=0.05,0.06,0.07", "--workers", "0")
    assert res.code == 130, res.err
    sid = str(RunStore(store).sweeps()["id"].iloc[0])
    head = run_cli("compare", "--sweep", sid)
    assert "the same tigris sweep again finishes it" in " ".join((head.out + head.err).split())


def test_a_narrow_range_far_from_zero_keeps_distinct_members() -> None:
    from tigris.runs.sweep import parse_set

    _, values = parse_set("discount_rate=1000000:1000000.00001:3")
    assert len(set(values)) == 3, values
    assert values[1] == 1000000.000005
