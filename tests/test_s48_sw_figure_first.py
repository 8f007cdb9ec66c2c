"""User test s48 (sweeps #6): ``tigris compare A.yaml B.yaml --figure /proc/x.html``
solved and stored both sides, then said "cannot write"; the destination is checked
before anything is solved or stored (exit 2, as compare --help says)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_figure_under_proc_is_refused_before_solving(run_cli, tmp_path, monkeypatch):
    store = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(store))
    res = run_cli("compare", SMALL, SMALL, "--figure", "/proc/x.html")
    assert_one_line_error(res, "--figure", "cannot write /proc/x.html", "nothing was solved")
    assert not store.exists()
