"""Huge and tiny amounts and counts print in e-notation, as other cells do.

User test s48 #9: ``tigris train --params 7e9 --tokens 2e12 --count 1024 --pue 1e300``
printed a ~300-digit dollar figure, and ``tigris train --flops 1 --days 1e-300 --mfu 1``
a 283-digit accelerator count. Hand derivation of the second: 1 FLOP in 1e-300 days
(8.64e-296 s) at MFU 1 and goodput 0.9 on H100s of 989.4e12 FLOP/s needs
1 / (8.64e-296 x 989.4e12 x 0.9) = 1.300e280 accelerators.
"""

from __future__ import annotations

import re

import pytest

#: Longest run of digits and commas a cell or note may print [characters]: 10^12
#: with commas is 17.
LONGEST_NUMBER = len("1,000,000,000,000")


def _longest_number(text: str) -> int:
    return max(len(m) for m in re.findall(r"[\d,]*\d", text))


def test_a_huge_pue_prints_money_in_e_notation(run_cli) -> None:
    args = ("train", "--params", "7e9", "--tokens", "2e12", "--count", "1024", "--pue", "1e300")
    res = run_cli(*args)
    assert res.code == 0, res.err
    assert _longest_number(res.out) <= LONGEST_NUMBER, res.out
    cost = next(ln for ln in res.out.splitlines() if "cost, ownership" in ln)
    d = run_cli(*args, "--json").json()
    assert f"${d['cost_ownership_usd']:.3e}" in cost


def test_a_tiny_duration_prints_counts_in_e_notation(run_cli) -> None:
    res = run_cli("train", "--flops", "1", "--days", "1e-300", "--mfu", "1")
    assert res.code == 0, res.err
    assert _longest_number(res.out) <= LONGEST_NUMBER, res.out
    row = next(ln for ln in res.out.splitlines() if "│ accelerators" in ln)
    want = 1 / (1e-300 * 86_400 * 989.4e12 * 0.9)
    shown = float(row.split("│")[2])
    assert shown == pytest.approx(want, rel=1e-3)


def test_ordinary_values_keep_their_digits(run_cli) -> None:
    out = run_cli("train", "--params", "7e9", "--tokens", "2e12", "--count", "1024").out
    assert "1,024 x $27,500 (catalog)" in " ".join(out.split())
