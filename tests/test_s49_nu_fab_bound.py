"""``tigris fab``'s public benchmark row says when its figure is a floor or a ceiling.

New-user test s49 #7: ``tigris fab --node N5 --wspm 83000 --site taiwan`` printed TSMC's
Fab 18 budget (NT$500B for ~83,000 wspm) as a point benchmark, though TSMC said the
total investment "will exceed NT$500 billion" (press release 2018-01-26), a floor, and
docs/validation.md reads it as one. A plain "approximately" figure (TSMC Arizona fab 1's
US$12B for 20,000 wspm, 2020) stays a point.
"""

from __future__ import annotations

import json
import re

import pytest


def _row(out: str, label: str) -> str:
    """The table row starting with ``label``, with its continuation lines, as one line."""
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.strip("│ ").startswith(label):
            block = [line]
            for nxt in lines[i + 1 :]:
                first = nxt.split("│")[1] if nxt.count("│") >= 2 else "x"
                if first.strip():
                    break
                block.append(nxt)
            return re.sub(r"\s+", " ", " ".join(b.replace("│", " ") for b in block))
    raise AssertionError(f"no row {label!r} in:\n{out}")


@pytest.fixture
def wide(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


FAB18 = ("fab", "--node", "N5", "--wspm", "83000", "--site", "taiwan")


def test_fab18_benchmark_is_shown_as_a_floor(run_cli, wide) -> None:
    res = run_cli(*FAB18)
    assert res.code == 0, res.err
    row = _row(res.out, "public benchmark per wspm")
    assert "at least $204,819" in row  # NT$500B / ~83,000 wspm, as fab_parameters.csv has it
    assert "will exceed NT$500 billion" in row  # TSMC's words
    # the dollar-year conversion of the row is kept, and marked the same way
    assert "at least" in _row(res.out, "in US$ of 2020")
    assert "floor" in _row(res.out, "tigris / benchmark")


def test_fab18_benchmark_bound_in_json(run_cli) -> None:
    doc = json.loads(run_cli(*FAB18, "--json").out)
    assert doc["benchmark_bound"]["bound"] == "lower"
    assert "exceed" in doc["benchmark_bound"]["words"]


def test_an_approximate_benchmark_stays_a_point(run_cli, wide) -> None:
    res = run_cli("fab", "--node", "N5", "--wspm", "20000", "--site", "arizona-usa")
    assert res.code == 0, res.err
    row = _row(res.out, "public benchmark per wspm")
    assert "$600,000" in row  # US$12B / 20,000 wspm
    assert "at least" not in row and "at most" not in row
    doc = json.loads(
        run_cli("fab", "--node", "N5", "--wspm", "20000", "--site", "arizona-usa", "--json").out
    )
    assert doc["benchmark_bound"]["bound"] == "point"
