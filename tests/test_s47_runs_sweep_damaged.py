"""A sweep member committed to a damaged store whose checkpoint then failed IS stored,
and the sweep's last line counts it (review of s47: "stored as run X ...; the sweep
stopped: 0 of 2 members finished" while ``runs list`` held the member)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tigris.runs.store import RunStore

from .test_s47_runs_checkpoint import planned  # noqa: F401  (a fixture)
from .test_s47_runs_damaged import damage


def test_a_stored_member_is_counted(
    planned: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
    run_cli: Any,
) -> None:
    bad = damage(planned[0], tmp_path / "bad.duckdb", "demand")
    before = set(RunStore(bad).runs()["id"])
    res = run_cli(
        "sweep", planned[1], "--set", "discount_rate=0.05,0.1", "--store", bad, "--workers", "0"
    )
    assert res.code == 2, (res.out, res.err)
    said = " ".join(res.err.split())
    assert "stored as run" in said and "could not be checkpointed" in said, said
    members = set(RunStore(bad).runs()["id"]) - before
    n = re.search(r"(\d+) of 2 members finished", said)
    assert n is not None, said
    assert int(n.group(1)) == len(members) >= 1, (said, members)
    assert json.loads(run_cli("runs", "list", "--store", bad, "--json").out)


def test_the_dashboard_keeps_a_stored_views_id(
    planned: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The dashboard's store of a what-if returns the id of a view committed to a store
    whose checkpoint failed (it logged "not stored" and threw the id away)."""
    from tigris.plan import solve
    from tigris.scenario.edit import load_any
    from tigris.serve.view import _store

    bad = damage(planned[0], tmp_path / "bad.duckdb", "demand")
    before = set(RunStore(bad).runs()["id"])
    sc = load_any(planned[1])
    got = _store(bad, sc, solve(sc), "k" * 16, None, {}, {}, 1.0)
    assert got is not None
    assert set(RunStore(bad).runs()["id"]) - before == {got}
