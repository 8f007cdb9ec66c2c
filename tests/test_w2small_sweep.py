"""A sweep stopped before any member finished stores nothing (user test 2026-12-03,
fifth session, #10: "stopped: 0 of 3 members stored in sweep ab35d4b2b445", an empty
sweep kept and announced)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL


def test_ctrl_c_before_any_member_finished_stores_no_sweep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tigris.runs.sweep as sweep_module
    from tigris.runs.store import RunStore
    from tigris.runs.sweep import sweep

    def interrupted(task: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(sweep_module, "run_member", interrupted)
    store = tmp_path / "runs.duckdb"
    with pytest.raises(KeyboardInterrupt) as info:
        sweep(SMALL, {"capital.fund.amount_usd": [1e9, 2e9, 3e9]}, workers=0, store=store)
    assert len(RunStore(store).sweeps()) == 0
    stop = info.value
    assert stop.sweep_id is None and stop.finished == 0
    assert stop.message() == "stopped before any of the 3 members finished; nothing stored"
