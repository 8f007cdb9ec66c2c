"""A sweep stopped by Ctrl-C after its last member says how many members are stored
(UT-REPRO #9: ``stopped``, one word, though every member was stored and the sweep was
``done``). The Ctrl-C is raised at two points after the last member is handed on:
when the writer has stored it (``_Writer.close``) and while the members' table is made
(``SweepResult``); the store is then read to say what it holds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import tigris.runs.sweep as sweep_mod
from tigris.runs.store import RunStore

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
#: Members of the sweep (discount_rate=0.05,0.07).
N = 2


def _sweep(run_cli: Callable[..., Any], store: Path) -> Any:
    return run_cli(
        "sweep", SMALL, "--set", "discount_rate=0.05,0.07", "--workers", "0", "--store", store
    )


def _check(res: Any, store: Path) -> None:
    assert res.code == 130, (res.code, res.out, res.err)
    runs = RunStore(store)
    sweeps = runs.sweeps()
    assert len(sweeps) == 1
    sid = str(sweeps["id"].iloc[0])
    stored = len(runs.runs(sweep_id=sid))
    assert stored == N  # every member stored
    assert str(sweeps["status"].iloc[0]) == "done"  # and the sweep says so
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert lines[-1].startswith(f"stopped: {N} of {N} members stored in sweep {sid} ("), lines


def test_ctrl_c_when_the_last_member_is_stored(
    run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = sweep_mod._Writer.close

    def close(self: Any, status: str | None = None) -> None:
        real(self, status)
        if status == "done":  # the sweep ran to its end: Ctrl-C lands just after
            raise KeyboardInterrupt

    monkeypatch.setattr(sweep_mod._Writer, "close", close)
    _check(_sweep(run_cli, tmp_path / "s.duckdb"), tmp_path / "s.duckdb")


def test_ctrl_c_while_the_table_is_made(
    run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def result(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(sweep_mod, "SweepResult", result)
    _check(_sweep(run_cli, tmp_path / "s.duckdb"), tmp_path / "s.duckdb")
