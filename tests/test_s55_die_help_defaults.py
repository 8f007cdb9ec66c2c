"""``tigris die --help`` gives every numeric default's value (user test 2026-12-07 #9:
``--edge-mm`` and ``--scribe-mm`` said only "default from silicon_params.csv", while the
options beside them gave theirs), each the shipped table's, read here as text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import CliResult, data_table


@pytest.mark.parametrize(
    ("flag", "row"), [("--edge-mm", "edge_exclusion_mm"), ("--scribe-mm", "scribe_lane_mm")]
)
def test_help_gives_the_tables_default(
    run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch, flag: str, row: str
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    (param,) = [r for r in data_table("silicon_params") if r["parameter"] == row]
    text = " ".join(run_cli("die", "--help").out.split())
    assert f"{flag} <float> " in text
    after = text.split(f"{flag} <float> ", 1)[1]
    assert f"default {float(param['value']):g} (data/silicon_params.csv)" in after[:120]
