"""``tigris die`` gives gross dies without a defect density, says what ``--d0`` means
for the Bose-Einstein model, and ``tigris hindcast`` names its band in plain words.

New-user test s49: (#9) ``tigris die --width 15 --height 15 --edge-mm 0 --scribe-mm 0``
refused to count gross dies without ``--d0`` or ``--node``, though gross dies need no
defect density; ``tigris hindcast`` called its +-25 % band "the issue's" and its JSON
source "tigris issue 10", which a user cannot look up; (#2) ``--d0``'s help did not say
that for the Bose-Einstein model it is the total over all critical layers, so Hennessy
and Patterson's 0.031 per layer gave 0.933 instead of their 0.40.
"""

from __future__ import annotations

import json
import math
import re

import pytest

from tests.conftest import assert_one_line_error

#: Hennessy and Patterson, 5th ed., Sec. 1.6: a 1.5 cm square die on a 30 cm wafer,
#: 0.031 defects/cm^2 per critical layer, 13.5 critical layers; dies per wafer 270
#: (their rounding), die yield 0.40.
HP = ("die", "--width", "15", "--height", "15", "--edge-mm", "0", "--scribe-mm", "0")


def _flat(text: str) -> str:
    """Help text with rich's box characters and line breaks collapsed to spaces."""
    return re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", text))


def test_die_without_d0_gives_gross_dies(run_cli) -> None:
    res = run_cli(*HP, "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    # pi r^2 / S - pi d / sqrt(2 S), r = 150 mm, d = 300 mm, S = 225 mm^2 (by hand)
    by_hand = math.pi * 150**2 / 225 - math.pi * 300 / math.sqrt(2 * 225)
    assert doc["gross_dies_estimate"] == pytest.approx(by_hand, rel=1e-9)
    assert round(doc["gross_dies_estimate"], -1) == 270  # H&P's printed figure
    # a whole-die count can never exceed the wafer area over the die area
    assert 0 < doc["gross_dies"] <= math.pi * 150**2 / 225
    assert doc["yield"] is None and doc["good_dies"] is None
    assert "--d0" in doc["note"] and "--node" in doc["note"]


def test_die_without_d0_table_says_yield_needs_one(run_cli) -> None:
    res = run_cli(*HP)
    assert res.code == 0, res.err
    assert "gross dies (exact)" in res.out
    assert "--d0 or --node" in res.out


def test_yield_options_without_d0_are_refused_by_name(run_cli) -> None:
    assert_one_line_error(run_cli(*HP, "--units", "144", "--spares", "12"), "--units", "--d0")
    assert_one_line_error(run_cli(*HP, "--critical-layers", "13.5"), "--critical-layers")


def test_d0_help_states_the_bose_einstein_convention(run_cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    text = _flat(run_cli("die", "--help").out)
    assert "total over all critical layers" in text
    assert "D0 / --critical-layers" in text
    # and the convention gives H&P's yield: (1 + 2.25 x 0.4185 / 13.5)^-13.5 = 0.402
    res = run_cli(*HP, "--d0", "0.4185", "--model", "bose-einstein", "--critical-layers", "13.5")
    assert res.code == 0
    by_hand = (1 + 2.25 * 0.031 * 13.5 / 13.5) ** -13.5
    doc = json.loads(
        run_cli(
            *HP,
            "--d0",
            "0.4185",
            "--model",
            "bose-einstein",
            "--critical-layers",
            "13.5",
            "--json",
        ).out
    )
    assert doc["yield"] == pytest.approx(by_hand, rel=1e-6)
    assert round(doc["yield"], 2) == 0.40


def test_hindcast_help_names_the_band_without_an_issue(run_cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    text = _flat(run_cli("hindcast", "--help").out)
    assert "issue" not in text
    assert "+-25 % band tigris's hindcast is held to" in text
    assert "docs/plan.md, 'The hindcast'" in text


def test_hindcast_verdict_and_json_source_without_an_issue(run_cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    res = run_cli("hindcast", "--json")
    assert res.code == 0, res.err
    bands = json.loads(res.out)["verdict_bands"]
    assert bands["band"] == 0.25
    assert "issue" not in bands["source"]
    assert "docs/plan.md" in bands["source"]
    text = _flat(run_cli("hindcast").out)
    assert "issue" not in text
    assert "band tigris's hindcast is held to" in text
