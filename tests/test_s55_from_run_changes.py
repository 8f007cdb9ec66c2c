"""A run repeated with ``--from-run`` records the stored run's changes, which its
scenario carries (user test 2026-12-07: a repeat of a run made with ``--set
discount_rate=0.08 --set capital...`` was stored with ``changes {}``, and one with a
further ``--set`` recorded only that one, so filtering runs by ``changes`` mistook it for
the plain scenario)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import SMALL

from .conftest import CliResult


def _changes(run_cli: Callable[..., CliResult], store: str) -> list[dict]:
    listed = json.loads(run_cli("runs", "list", "--json", "--store", store).out)
    return [r["changes"] for r in listed]  # newest first


def test_a_repeat_records_what_it_carries(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    f = tmp_path / "small.yaml"
    f.write_text(SMALL)
    store = str(tmp_path / "runs.duckdb")
    edits = ("--set", "discount_rate=0.1", "--set", "capital.fund.amount_usd=3e10")
    assert run_cli("plan", str(f), "--store", store, *edits).code == 0
    first = json.loads(run_cli("runs", "list", "--json", "--store", store).out)[0]["id"]
    assert _changes(run_cli, store)[0] == {"discount_rate": 0.1, "capital.fund.amount_usd": 3e10}
    assert run_cli("plan", "--from-run", first, "--store", store).code == 0
    assert _changes(run_cli, store)[0] == {"discount_rate": 0.1, "capital.fund.amount_usd": 3e10}
    again = ("plan", "--from-run", first, "--store", store, "--set", "discount_rate=0.08")
    assert run_cli(*again).code == 0
    assert _changes(run_cli, store)[0] == {"discount_rate": 0.08, "capital.fund.amount_usd": 3e10}
