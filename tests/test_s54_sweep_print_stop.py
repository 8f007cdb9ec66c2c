"""Ctrl-C while ``tigris sweep`` prints its members says one line, exit 130: every
member finished, and the sweep they are stored in (or "not stored" with
``--no-store``). It was typer's silent exit 130, a finished sweep looking lost.
The interrupt lands at a named point (:func:`tests.test_s47_runs_interrupt.interrupted`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tigris.runs.store import RunStore

from .conftest import SMALL, write_scenario
from .test_s47_runs_interrupt import EXIT_INTERRUPTED, interrupted

#: The two values swept: two members.
_SET = "discount_rate=0.06,0.1"


@pytest.mark.parametrize(
    ("at", "extra", "stored"),
    [
        ("call:tigris.cli.sweep:print_members", [], True),
        ("call:tigris.cli.sweep:emit_json", ["--json"], False),
    ],
    ids=["table-stored", "json-not-stored"],
)
def test_stop_while_printing_says_where_the_members_are(
    tmp_path: Path, at: str, extra: list[str], stored: bool
) -> None:
    """One line naming the stored sweep (its members all there), or "not stored"."""
    file = write_scenario(tmp_path, SMALL)
    store = tmp_path / "runs.duckdb"
    where = ["--store", str(store)] if stored else ["--no-store"]
    code, err = interrupted(
        tmp_path, at, "sweep", str(file), "--set", _SET, "--workers", "0", *where, *extra
    )
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == EXIT_INTERRUPTED, err
    assert "Traceback" not in err
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("stopped by the user while printing the members; all 2 members"), line
    if not stored:
        assert line.endswith("finished, not stored"), line
        assert not store.exists()
        return
    sweeps = RunStore(store).runs()
    sweep_ids = set(sweeps["sweep_id"].dropna())
    assert len(sweep_ids) == 1 and len(sweeps) == 2
    (sid,) = sweep_ids
    assert f"are stored in sweep {sid} ({store}; tigris runs list --sweep {sid})" in line
