"""``tigris runs rm --sweep ID --json`` lists every run it removed, the sweep's members
among them (user test 2026-12-07: ``{"removed": 3, "ids": []}``), so ``removed`` is the
length of ``ids`` and a script can tell what went."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import tigris
from tests.conftest import SMALL
from tigris.runs.store import RunStore

from .conftest import CliResult


def test_a_removed_sweep_lists_its_members(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    f = tmp_path / "small.yaml"
    f.write_text(SMALL)
    store = tmp_path / "runs.duckdb"
    res = tigris.sweep(str(f), {"discount_rate": [0.06, 0.10]}, workers=0, store=store)
    members = {str(i) for i in RunStore(store).runs(sweep_id=res.sweep_id)["id"]}
    out = run_cli("runs", "rm", "--sweep", res.sweep_id, "--json", "--store", str(store))
    assert out.code == 0, out.err
    doc = json.loads(out.out)
    assert doc["removed"] == len(doc["ids"]) == 2
    assert set(doc["ids"]) == members
