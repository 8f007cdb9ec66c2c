"""``mi350``/``mi350x`` name AMD's MI350X, the MI355X's silicon at 1,000 W and 2.2 GHz
against 1,400 W and 2.4 GHz (Hot Chips 2025 via Wccftech; Tom's Hardware 2025-06: FP4
18.45 against 20.1 PFLOP/s). ``mi350`` was a plain alias of mi355x, so ``tigris catalog
mi350`` showed 1,400 W and MI355X's FLOP/s without a word (user test 2026-12-07 #5). It is
now read as mi355x with a note saying what that overstates, as gb200 is read as b200."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from .conftest import CliResult, data_table


@pytest.mark.parametrize("name", ["mi350", "MI350X"])
def test_mi350x_is_read_as_mi355x_with_a_note(run_cli: Callable[..., CliResult], name: str) -> None:
    res = run_cli("catalog", name, "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    assert doc["name"] == "mi355x"
    note = doc["name_note"]
    assert f"{name.lower()} is read as mi355x" in note
    # the overstatement the note quotes, against the catalog row's own power
    (row,) = [r for r in data_table("accelerators") if r["name"] == "mi355x"]
    assert float(row["tdp_w"]) / 1000 == pytest.approx(1.4)
    assert "power by 40%" in note and "FLOP/s by ~9%" in note
    assert pytest.approx(0.09, abs=0.005) == 20.1 / 18.45 - 1


def test_mi355_is_still_mi355x_without_a_note(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("catalog", "mi355", "--json")
    assert res.code == 0 and not json.loads(res.out).get("name_note")
