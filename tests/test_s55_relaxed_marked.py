"""An LP relaxation (``tigris plan --relax``) is marked as a bound wherever it is listed
or compared (user test 2026-12-07: ``runs list`` showed it as a plain run, ``runs show``
and ``compare`` as "optimal", and compare gave +151M H100e served with no word but an
``option.relax`` input row)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import SMALL

from .conftest import CliResult


def test_relaxed_runs_are_marked_in_list_and_compare(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    f = tmp_path / "small.yaml"
    f.write_text(SMALL)
    store = str(tmp_path / "runs.duckdb")
    for extra in ((), ("--relax",)):
        assert run_cli("plan", str(f), "--store", store, *extra).code == 0
    listed = json.loads(run_cli("runs", "list", "--json", "--store", store).out)
    by_relax = {bool(r["relaxed"]): r["id"] for r in listed}
    assert set(by_relax) == {True, False}
    text = run_cli("runs", "list", "--store", store).out
    assert "[LP" in text and "relaxation]" in text
    res = run_cli(
        "compare", by_relax[False], by_relax[True], "--json", "--store", store
    )  # fmt: skip
    assert res.code == 0, res.err
    notes = json.loads(res.out)["notes"]
    assert any(n.startswith("B is an LP relaxation") for n in notes), notes
