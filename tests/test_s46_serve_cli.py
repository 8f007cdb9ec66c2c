"""``tigris serve`` refuses, before anything starts, a ``--store`` (or ``$TIGRIS_STORE``)
file that is not a store of runs, in the one line ``tigris plan --store`` gives (serve
user test s46 #5: it started, then printed a traceback on the first what-if); and
``--workers`` says what it takes the same way for 0 and for -3 (#11: ">= 1" and ">= 0").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL, assert_one_line_error
from tests.test_serve_cli import Run, _no_real_server, quiet_machine  # noqa: F401


def _never(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("the server started")


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    return path


@pytest.mark.parametrize("given", ["--store", "TIGRIS_STORE"])
def test_a_file_that_is_not_a_store_is_one_line_before_the_server_starts(
    run_cli: Run,
    scenario: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    quiet_machine: None,  # noqa: F811
    given: str,
) -> None:
    _no_real_server(monkeypatch, _never)
    bad = tmp_path / "bad.duckdb"
    bad.write_text("x\n")
    if given == "--store":
        res = run_cli("serve", str(scenario), "--port", "0", "--store", str(bad))
    else:
        monkeypatch.setenv("TIGRIS_STORE", str(bad))
        res = run_cli("serve", str(scenario), "--port", "0")
    assert_one_line_error(res, given, str(bad), "not a tigris store of runs")


@pytest.mark.parametrize("workers", ["0", "-3"])
def test_workers_below_one_say_the_same(
    run_cli: Run,
    scenario: Path,
    monkeypatch: pytest.MonkeyPatch,
    quiet_machine: None,  # noqa: F811
    workers: str,
) -> None:
    _no_real_server(monkeypatch, _never)
    res = run_cli("serve", str(scenario), "--port", "0", "--workers", workers)
    assert_one_line_error(res, "--workers", "expected a whole number >= 1", f"got {workers}")
