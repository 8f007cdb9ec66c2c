"""A file output whose folder does not exist is a typo: refused in one line, exit 2,
before any work, and nothing is created (user test of 2026-12-03, #13: `--report
/nonexistent/r.html` silently created `/nonexistent/`, while `die --plot` refused)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import assert_one_line_error

RunCli = Callable[..., Any]


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("risk", "--stochastic", "2", "--report"), "--report"),
        (("report", "{tmp}", "--html"), "--html"),
    ],
)
def test_a_file_output_in_a_missing_folder_is_refused(
    run_cli: RunCli, tmp_path: Path, args: tuple[str, ...], flag: str
) -> None:
    target = tmp_path / "missing" / "r.html"
    res = run_cli(*(a.format(tmp=tmp_path) for a in args), str(target))
    assert res.code == 2
    assert_one_line_error(res, flag)
    assert "does not exist" in res.err
    assert not (tmp_path / "missing").exists()
