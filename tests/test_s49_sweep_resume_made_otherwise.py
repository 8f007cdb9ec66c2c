"""An interrupted sweep is continued only by the same code and shipped data it was
solved with (left at stop 47: the resume matched the base, spec, options and ``--data``
text, not the tigris version, the git commit or the shipped tables, so one sweep could
hold members of two codes' answers). Otherwise the same command starts a new sweep and
says why on one line."""

from __future__ import annotations

from pathlib import Path

import pytest

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
ARGS = ("sweep", SMALL, "--set", "discount_rate=0.05,0.06,0.07", "--workers", "0")


def _interrupt(run_cli, monkeypatch, tmp_path) -> Path:
    import tigris.runs.sweep as sweep_mod

    store = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(store))
    monkeypatch.delenv("TIGRIS_SCHEDULER", raising=False)
    real = sweep_mod.run_member

    def stopping(task):
        if task.index == 1:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(sweep_mod, "run_member", stopping)
    assert run_cli(*ARGS).code == 130
    monkeypatch.setattr(sweep_mod, "run_member", real)
    return store


def _commit_moved(p: dict) -> dict:
    return {**p, "git_commit": "f" * 40 if p.get("git_commit") != "f" * 40 else "e" * 40}


def _table_edited(p: dict) -> dict:
    files = [dict(f) for f in p["data_files"]]
    first = next(f for f in files if f.get("origin") == "package")
    first["sha256"] = "0" * 64
    return {**p, "data_files": files}


@pytest.mark.parametrize(
    ("change", "said"),
    [(_commit_moved, "the code's git commit"), (_table_edited, " changed")],
    ids=["git-commit", "shipped-table"],
)
def test_other_code_or_data_starts_a_new_sweep(run_cli, tmp_path, monkeypatch, change, said):
    import tigris.runs.provenance as prov
    from tigris.runs.store import RunStore

    store = _interrupt(run_cli, monkeypatch, tmp_path)
    made = prov.run_provenance(active=False)
    if change is _commit_moved and made.get("git_commit") in (None, prov.UNKNOWN):
        pytest.skip("not a git checkout: no commit to compare")
    real = prov.run_provenance
    monkeypatch.setattr(prov, "run_provenance", lambda *a, **k: change(real(*a, **k)))
    res = run_cli(*ARGS)
    assert res.code == 0, res.err
    assert not [ln for ln in res.err.splitlines() if ln.startswith("continuing")]
    [line] = [ln for ln in res.err.splitlines() if ln.startswith("not continuing")]
    assert said in line and line.endswith("starting a new sweep"), line
    assert sorted(RunStore(store).sweeps()["status"]) == ["done", "interrupted"]


def test_another_tigris_version_starts_a_new_sweep(run_cli, tmp_path, monkeypatch):
    import tigris
    from tigris.runs.store import RunStore

    store = _interrupt(run_cli, monkeypatch, tmp_path)
    monkeypatch.setattr(tigris, "__version__", tigris.__version__ + ".post9")
    res = run_cli(*ARGS)
    assert res.code == 0, res.err
    [line] = [ln for ln in res.err.splitlines() if ln.startswith("not continuing")]
    assert f"tigris {tigris.__version__.removesuffix('.post9')} is now" in line, line
    assert len(RunStore(store).sweeps()) == 2


def test_the_same_code_and_data_continue(run_cli, tmp_path, monkeypatch):
    """The guard against a check that refuses every resume."""
    store = _interrupt(run_cli, monkeypatch, tmp_path)
    res = run_cli(*ARGS)
    assert res.code == 0, res.err
    assert "continuing interrupted sweep" in res.err and "not continuing" not in res.err
    from tigris.runs.store import RunStore

    assert len(RunStore(store).sweeps()) == 1


def test_a_stale_sweep_is_said_once_not_on_every_run(run_cli, tmp_path, monkeypatch):
    """Once a new sweep of the spec is done, the stale interrupted one is not named
    again (review of s49: "not continuing ..." on every later run, forever)."""
    import tigris
    from tigris.runs.store import RunStore

    store = _interrupt(run_cli, monkeypatch, tmp_path)
    monkeypatch.setattr(tigris, "__version__", tigris.__version__ + ".post9")
    first = run_cli(*ARGS)
    assert first.code == 0 and "not continuing" in first.err
    again = run_cli(*ARGS)
    assert again.code == 0, again.err
    assert "not continuing" not in again.err and "continuing" not in again.err
    assert sorted(RunStore(store).sweeps()["status"]) == ["done", "done", "interrupted"]
