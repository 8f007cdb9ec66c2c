"""``tigris fab --years`` past the fab's life: output stops where the levelised cost
stops counting it (user test s49 #11: the table kept 100 % through year 99 while the
cost per wafer counts ``fab_life_years``, 10, from first wafer)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import data_table

RunCli = Callable[..., Any]

H100_AZ = ("fab", "--node", "N4", "--wspm", "20000", "--site", "arizona-usa", "--product", "h100")


def _param(name: str) -> float:
    return float(next(r["value"] for r in data_table("fab_parameters") if r["parameter"] == name))


def test_no_output_after_the_life_and_full_output_before_its_end(run_cli: RunCli) -> None:
    life = _param("fab_life_years")
    site = next(s for s in data_table("sites") if s["site"] == "arizona-usa")
    build = float(site["construction_months"]) / 12  # groundbreaking to first wafer
    ramp = float(site["ramp_months"]) / 12
    r = run_cli(*H100_AZ, "--years", "100", "--json").json()
    rows = r["by_year"]
    assert len(rows) == 100
    end = build + life  # years from groundbreaking
    after = [row for row in rows if row["year_index"] >= math.ceil(end)]
    assert after and all(row["output_fraction"] == 0.0 for row in after)
    assert all(row["wafers"] == 0.0 and row["accelerators"] == 0.0 for row in after)
    # full output between the ramp's end and the life's end
    full = [
        row for row in rows if build + ramp <= row["year_index"] and row["year_index"] + 1 <= end
    ]
    assert full and all(row["output_fraction"] == pytest.approx(1.0) for row in full)
    # at most the life's years of full output in all
    assert sum(row["output_fraction"] for row in rows) <= life + 1e-9


def test_the_table_says_where_output_stops(run_cli: RunCli) -> None:
    res = run_cli(*H100_AZ, "--years", "16")
    assert res.code == 0, res.err
    flat = " ".join(res.out.split())
    assert "fab_life_years" in flat and "levelised" in flat


def test_a_table_within_the_life_has_no_such_note(run_cli: RunCli) -> None:
    res = run_cli(*H100_AZ, "--years", "8")
    assert res.code == 0, res.err
    assert "fab_life_years" not in " ".join(res.out.split())
