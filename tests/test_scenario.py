"""Scenario files: the reference scenario against its sources, and error reporting."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import numpy as np
import pytest
import yaml

from tigris.errors import InputError
from tigris.scenario import (
    facility_id,
    load_scenario,
    reference_scenario,
    reference_scenario_text,
    series,
)

_NUMBER = re.compile(r"(?<![\w.])-?\d[\d_.eE+-]*")


def test_reference_scenario_loads() -> None:
    sc = reference_scenario()
    assert sc.name == "reference"
    assert sc.horizon.first_year <= sc.horizon.last_year


def test_every_number_in_the_reference_scenario_has_a_source_comment() -> None:
    """Each line that sets a number carries a ``#`` comment saying where it comes from."""
    missing = []
    for i, line in enumerate(reference_scenario_text().splitlines(), start=1):
        code = line.split("#", 1)[0]
        if not code.strip() or (code.strip().startswith("-") and ":" not in code):
            continue
        key, _, value = code.partition(":")
        if key.strip() in {"source", "description", "name"} or value.strip().startswith('"'):
            continue
        if _NUMBER.search(value) and "#" not in line:
            missing.append(f"{i}: {line.strip()}")
    assert not missing, "numbers without a source comment:\n" + "\n".join(missing)


def test_reference_scenario_tells_the_motivating_story() -> None:
    """Checked against DESIGN.md's motivating case and figures.md section 5.

    - capital: an Abu Dhabi tranche of $8-10B, "tens of billions" in all;
    - sites in the US, Japan, Europe, the Middle East, Taiwan and Korea;
    - CoWoS: 33-35k wspm end-2024 and 65-80k end-2025, so the 2025 average lies in
      [49k, 57.5k]; end-2027 112k (JPMorgan);
    - HBM: 250-270k wpm end-2024 (TrendForce);
    - EUV to the plan is a minority of ASML's 44-53 systems a year.
    """
    sc = reference_scenario()
    tranche = next(c for c in sc.capital if "abu-dhabi" in c.name)
    assert 8e9 <= tranche.amount_usd <= 10e9
    total = sum(c.amount_usd for c in sc.capital)
    assert 20e9 <= total < 100e9
    assert {s.name for s in sc.sites} >= {
        "arizona-usa",
        "japan",
        "germany",
        "uae",
        "taiwan",
        "south-korea",
    }
    cowos = series(sc.supply.cowos_wspm, np.array([2025, 2030]))
    assert 49_000 <= cowos[0] <= 57_500
    assert cowos[1] == pytest.approx(112_000)
    assert max(sc.tools.euv_per_year.values()) < 44 / 2


def test_series_scalar_and_array() -> None:
    """Interpolation between given years, flat outside, geometric growth after."""
    years = np.array([2024, 2025, 2026, 2027, 2028])
    assert series(5.0, years).tolist() == [5.0] * 5
    assert series({2025: 1.0, 2027: 3.0}, years).tolist() == [1, 1, 2, 3, 3]
    grown = series({2025: 100.0}, years, growth_per_year=0.1)
    assert grown.tolist() == pytest.approx([100, 100, 110, 121, 133.1])


def test_facility_ids_group_nodes_by_family() -> None:
    """N4 runs in N5-family fabs (nodes.csv ``family``); A16 in N2's."""
    assert facility_id("logic", "N4") == facility_id("logic", "n5") == "logic-N5"
    assert facility_id("logic", "A16") == "logic-N2"
    assert facility_id("hbm", None) == "hbm"


BAD = textwrap.dedent(
    """\
    name: bad
    horizon:
      first_year: 2030
      last_year: 2026
    discount_rat: 0.08
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: all
        priority: 1
        h100e_by_year: {2030: 1.0e6}
    products:
      - name: h1000
    supply:
      cowos_wspm: {2030: 1000}
      hbm_stacks_per_month: {2030: 1.0e5}
      logic_wspm:
        N33: {2030: 100}
    sites:
      - name: arizna
    capital:
      - name: fund
        amount_usd: -5
        first_year: 2030
        last_year: 2031
    tools:
      euv_per_year: {2030: 5}
    """
)


def test_every_problem_reported_at_once_with_lines(tmp_path: Path) -> None:
    """Six problems, each on its own line as ``file:line: field.path: message``."""
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    lines = str(info.value).splitlines()
    expected = {
        5: ("discount_rat", "did you mean 'discount_rate'"),
        22: ("capital.0.amount_usd", "greater than 0"),
        4: ("horizon.last_year", "first_year"),
        12: ("products.0.name", "did you mean 'h100'"),
        17: ("supply.logic_wspm.N33", "unknown node"),
        19: ("sites.0.name", "did you mean 'arizona-usa'"),
    }
    for line_no, (field, text) in expected.items():
        hits = [ln for ln in lines if ln.startswith(f"{path}:{line_no}: {field}: ")]
        assert hits and text in hits[0], (line_no, field, lines)
    # discount_rate is then also missing, reported too
    assert any("discount_rate: required field is missing" in ln for ln in lines)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_scenario(tmp_path / "nope.yaml")
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(empty)
    assert "horizon: required field is missing" in str(info.value)


def test_reference_round_trips_through_yaml(tmp_path: Path) -> None:
    """``scenario show`` output is a valid scenario equal to the built-in one."""
    path = tmp_path / "copy.yaml"
    path.write_text(reference_scenario_text(), encoding="utf-8")
    assert load_scenario(path) == reference_scenario()
    assert yaml.safe_load(reference_scenario_text())["name"] == "reference"
