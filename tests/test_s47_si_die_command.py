"""``tigris chip``'s note names a ``tigris die`` command that reproduces its numbers.

User test s47 #1: the note suggested ``tigris die --width 26 --height 31.31`` for
H100's 50.39 good dies; that command failed (no D0), with ``--node N4`` it gave 37.9.
The invariant checked here is the world the note describes: running the suggested
command gives the chip's exact gross and good dies per wafer.
"""

from __future__ import annotations

import json
import re
import shlex

import pytest

#: Relative tolerance on the good dies: the command prints the outline to 10
#: significant digits, so the area and yield agree to ~1e-9.
RTOL = 1e-6


@pytest.mark.parametrize(
    "args",
    [
        ("h100",),
        ("b200", "--months", "12"),
        ("mi300x", "--year", "2025"),
        ("rubin", "--year", "2027"),
        ("h100", "--mature"),
        ("h100", "--d0", "0.1", "--model", "seeds"),
        ("h100", "--no-harvest", "--model", "negative-binomial"),
    ],
)
def test_suggested_die_command_reproduces_the_chip_numbers(run_cli, args) -> None:
    res = run_cli("chip", *args, "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    match = re.search(r"\((tigris die [^)]*)\)", doc["placed_exactly_note"])
    assert match, doc["placed_exactly_note"]
    argv = shlex.split(match.group(1))[1:]
    die = run_cli(*argv, "--json")
    assert die.code == 0, (argv, die.err)
    out = json.loads(die.out)
    assert out["gross_dies"] == doc["gross_dies_exact"]
    assert out["good_dies"] == pytest.approx(doc["good_dies_exact"], rel=RTOL)
    assert out["yield"] == pytest.approx(doc["die_yield"], rel=RTOL)
