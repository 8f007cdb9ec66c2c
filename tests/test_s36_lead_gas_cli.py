"""``tigris plan`` prints the on-site gas line of its energy section (S36 GAS).

The line's numbers are tested by hand in tests/test_s36_gas.py (``gas_line``); here the
command line is checked to print that line, whole, for the reference, and its numbers to
agree with the ``--json`` power table's gas columns (the investor's gas in the last year).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest


def _words(text: str) -> str:
    return " ".join(text.split())


def test_plan_text_prints_the_gas_line(reference_plan_text: Any, reference_solved: Any) -> None:
    from tigris.energy.gas import gas_line

    line = gas_line(reference_solved)
    assert line is not None and line.startswith("On-site gas:")
    res = reference_plan_text  # tigris plan --no-store, once per session (conftest)
    assert res.code == 0, res.err
    assert _words(line) in _words(res.out)


def test_the_line_agrees_with_the_json_power_table(
    reference_plan_json: str, reference_plan_text: Any
) -> None:
    doc = json.loads(reference_plan_json)  # tigris plan --json, once per session
    rows = [r for r in doc["power"] if r.get("region") == "world"]
    last = max(rows, key=lambda r: r["year"])
    res_text = reference_plan_text
    text = _words(res_text.out)
    m = re.search(r"burn ([\d.]+)M MMBtu in (\d{4}) \(([\d.]+) Bcf/d\)", text)
    assert m, text[-2000:]
    mmbtu, year, bcf = float(m.group(1)) * 1e6, int(m.group(2)), float(m.group(3))
    assert year == last["year"]
    assert mmbtu == pytest.approx(last["onsite_gas_mmbtu"], rel=1e-3)
    assert bcf == pytest.approx(last["onsite_gas_bcf_per_day"], abs=0.005)
