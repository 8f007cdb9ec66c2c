"""User test s48 (sweeps #2): an interrupted sweep is continued by running the same
command again (only its missing members are solved, into the same sweep), and the
stop line says so."""

from __future__ import annotations

from pathlib import Path

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
ARGS = ("sweep", SMALL, "--set", "discount_rate=0.05,0.06,0.07", "--workers", "0")


def test_same_command_again_continues_the_interrupted_sweep(run_cli, tmp_path, monkeypatch):
    import tigris.runs.sweep as sweep_mod
    from tigris.runs.store import RunStore

    store = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(store))
    monkeypatch.delenv("TIGRIS_SCHEDULER", raising=False)
    real = sweep_mod.run_member
    solved: list[int] = []

    def stopping(task):
        if task.index == 1:
            raise KeyboardInterrupt
        solved.append(task.index)
        return real(task)

    monkeypatch.setattr(sweep_mod, "run_member", stopping)
    res = run_cli(*ARGS)
    assert res.code == 130, res.err
    assert "stopped: 1 of 3 members stored in sweep" in res.err, res.err
    assert "the same command again" in res.err, res.err
    first = RunStore(store).sweeps()
    assert len(first) == 1 and first["status"].iloc[0] == "interrupted"
    sweep_id = str(first["id"].iloc[0])

    def counting(task):
        solved.append(task.index)
        return real(task)

    monkeypatch.setattr(sweep_mod, "run_member", counting)
    solved.clear()
    res = run_cli(*ARGS, "--json")
    assert res.code == 0, res.err
    assert f"continuing interrupted sweep {sweep_id}: 1 of 3 members already stored" in res.err
    assert sorted(solved) == [1, 2]  # member 0 not solved again
    doc = res.json()
    assert doc["sweep_id"] == sweep_id
    assert [m["index"] for m in doc["members"]] == [0, 1, 2]
    after = RunStore(store).sweeps()
    assert len(after) == 1
    assert after["status"].iloc[0] == "done" and int(after["n_stored"].iloc[0]) == 3


def test_the_stop_line_says_how_to_finish(tmp_path):
    from tigris.runs.sweep import SweepInterrupted

    line = SweepInterrupted(1, 3, "abc", tmp_path / "s.duckdb", resumable=True).message()
    assert "the same command again" in line
    done = SweepInterrupted(3, 3, "abc", tmp_path / "s.duckdb", resumable=True).message()
    assert "the same command again" not in done


def test_a_data_file_edited_in_between_starts_a_new_sweep(run_cli, tmp_path, monkeypatch):
    """The ``--data`` file is matched by its text as well as its path: members solved on
    two data sets are never mixed in one sweep (review of the s48 resume fix)."""
    import tigris.runs.sweep as sweep_mod
    from tigris.runs.store import RunStore

    store = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(store))
    monkeypatch.delenv("TIGRIS_SCHEDULER", raising=False)
    data = tmp_path / "parts.yaml"
    npu = SMALL.parent / "neuromorphic-npu.yaml"
    data.write_text(npu.read_text(encoding="utf-8"), encoding="utf-8")
    real = sweep_mod.run_member

    def stopping(task):
        if task.index == 1:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(sweep_mod, "run_member", stopping)
    assert run_cli(*ARGS, "--data", data).code == 130
    text = data.read_text(encoding="utf-8").replace("tdp_w: 7.0", "tdp_w: 7.5")
    assert "tdp_w: 7.5" in text
    data.write_text(text, encoding="utf-8")
    monkeypatch.setattr(sweep_mod, "run_member", real)
    res = run_cli(*ARGS, "--data", data)
    assert res.code == 0, res.err
    assert "continuing interrupted sweep" not in res.err
    sweeps = RunStore(store).sweeps()
    assert len(sweeps) == 2
    assert sorted(sweeps["status"]) == ["done", "interrupted"]
