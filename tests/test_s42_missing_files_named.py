"""A file that does not exist is refused naming the argument it was given as (user test
2026-12-05, sweeps #7): ``tigris compare RUN nofile.yaml`` said "nofile.yaml: file not
found" with no A or B, and ``--data /nonexistent.yaml`` said it without ``--data``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CliResult, assert_one_line_error

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def test_compare_names_the_side(tmp_path: Path, run_cli: Callable[..., CliResult]) -> None:
    missing = tmp_path / "nofile.yaml"
    res = run_cli("compare", SMALL, missing, "--no-store")
    assert_one_line_error(res, f"B: {missing}: file not found")


@pytest.mark.parametrize(
    "args", [("plan", "--no-store"), ("sweep", SMALL, "--set", "discount_rate=0.1", "--no-store")]
)
def test_data_names_the_option(
    args: tuple[str, ...], tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    missing = tmp_path / "nope.yaml"
    res = run_cli(*args, "--data", missing)
    assert_one_line_error(res, f"--data: {missing}: file not found")
