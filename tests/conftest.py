"""Shared fixtures: run the real CLI entry point and capture what it prints; the
hand-built plan of ``tests/test_report.py`` and its rendered report."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tigris.cli import main

#: Every run the tests store (``tigris plan``, sweeps) goes to a throw-away store, never
#: the user's (``docs/runs.md``); subprocesses inherit it. Tests of the default location
#: unset it themselves.
_TEST_STORE = Path(tempfile.mkdtemp(prefix="tigris-test-store-")) / "runs.duckdb"
os.environ["TIGRIS_STORE"] = str(_TEST_STORE)

if TYPE_CHECKING:
    from tests.test_report import HandResult


@dataclass
class CliResult:
    """Exit code and captured output of one ``tigris`` invocation."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """Parse stdout as one JSON document (fails the test if it is not)."""
        return json.loads(self.out)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Call ``tigris.cli.main`` with the given arguments; return a :class:`CliResult`."""

    def _run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return _run


def assert_one_line_error(res: CliResult, *needles: str) -> None:
    """Bad input: exit code 2, nothing on stdout, one line on stderr naming ``needles``."""
    assert res.code == 2, (res.code, res.out, res.err)
    assert res.out == ""
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1, res.err
    assert "Traceback" not in res.err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def data_table(name: str) -> list[dict[str, str]]:
    """The shipped ``data/<name>.csv`` read as text, independently of the code under test."""
    text = resources.files("tigris.data").joinpath(f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def write_scenario(tmp_path: Path, text: str) -> Path:
    """``text`` written to ``tmp_path/scenario.yaml``; its path."""
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of ``path`` containing ``needle``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, start=1) if needle in ln)


@pytest.fixture(scope="module")
def hand() -> HandResult:
    """The hand-built plan of ``tests/test_report.py`` (one per test module)."""
    from tests.test_report import hand_result

    return hand_result()


@pytest.fixture(scope="module")
def html_text(hand: HandResult) -> str:
    """The HTML report of :func:`hand`."""
    from tigris.report import render_html

    return render_html(hand)
