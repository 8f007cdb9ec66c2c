"""A misspelt section of a ``--data`` file gets a "did you mean", or the list of
sections (user test 2026-12-05, data #6: ``accelerator:`` said "unknown field" alone,
while a misspelt scenario key gets a hint).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CliResult, assert_one_line_error


@pytest.mark.parametrize(
    ("section", "needle"),
    [
        ("accelerator", "accelerator: unknown field (did you mean 'accelerators'?)"),
        ("zzz", "zzz: unknown field; sections: sites, nodes, hbm, packaging, accelerators"),
    ],
)
def test_a_misspelt_section(
    section: str, needle: str, tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    data = tmp_path / "d.yaml"
    data.write_text(f"{section}:\n  - name: x\n", encoding="utf-8")
    res = run_cli("catalog", "--data", data)
    assert_one_line_error(res, f"{data}:1: {needle}")
