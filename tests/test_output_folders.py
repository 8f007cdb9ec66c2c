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
    if args[0] == "report":  # a folder with no plan.json is refused for that first
        (tmp_path / "plan.json").write_text("{}")
    res = run_cli(*(a.format(tmp=tmp_path) for a in args), str(target))
    assert res.code == 2
    assert_one_line_error(res, flag)
    assert "does not exist" in res.err
    assert not (tmp_path / "missing").exists()


def test_ctrl_c_in_a_risk_run_says_how_far_its_sweep_got(run_cli: RunCli, monkeypatch) -> None:
    """The Monte Carlo members run as a sweep: a Ctrl-C there exits 130 with the sweep's
    one line (members stored and where), as `tigris sweep` does; nothing else."""
    import tigris.risk.api as api
    from tigris.runs.sweep import SweepInterrupted

    def stopped(*args: Any, **kwargs: Any) -> None:
        raise SweepInterrupted(3, 8, "abc123", Path("/tmp/s.duckdb"))

    monkeypatch.setattr(api, "risk", stopped)
    res = run_cli("risk", "--stochastic", "8", "--no-store")
    assert res.code == 130
    assert res.err.strip() == "stopped: 3 of 8 members stored in sweep abc123 " + (
        "(/tmp/s.duckdb; tigris runs list --sweep abc123)"
    )
