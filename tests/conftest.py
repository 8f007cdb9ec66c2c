"""Shared fixtures: run the real CLI entry point and capture what it prints."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tigris.cli import main


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
