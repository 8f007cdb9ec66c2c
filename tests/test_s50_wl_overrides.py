"""A run's count, goodput, MFU, days or precision given with a different value is
reported as replaced (user test s50 #4; docs/workload.md Quick reference: "a flag whose
value differs from the run's is reported as replaced").

Llama 3.1 405B's row (training_runs.csv): 16,384 H100, goodput 0.90, MFU 0.40, BF16,
no days. ``--count 8192 --goodput 0.8`` differ from it: both replaced; the compute
stays the published 3.8e25 FLOP (no compute flag given). ``--count 16384`` is the
run's own: nothing replaced. ``--days`` with an empty row value is solved for, not a
replacement.
"""

from __future__ import annotations

BASE = ("train", "-m", "llama-3.1-405b", "--json")


def test_count_and_goodput_are_reported(run_cli) -> None:
    d = run_cli(*BASE, "--count", "8192", "--goodput", "0.8", "-a", "b200").json()
    assert d["overrides"] == ["--count", "--goodput"]
    note = [n for n in d["notes"] if "--count replaces" in n]
    assert note and "16384" in note[0] and "0.9" in note[0], d["notes"]
    assert d["training_flops"] == 3.8e25  # the run's published compute, kept


def test_the_runs_own_values_replace_nothing(run_cli) -> None:
    d = run_cli(*BASE, "--count", "16384", "--goodput", "0.9").json()
    assert d["overrides"] == []


def test_title_names_them(run_cli) -> None:
    res = run_cli("train", "-m", "llama-3.1-405b", "--count", "8192", "--mfu", "0.3")
    assert res.code == 0, res.err
    assert "(--count, --mfu replaced)" in res.out


def test_days_the_row_lacks_is_not_a_replacement(run_cli) -> None:
    d = run_cli(*BASE, "--days", "100").json()
    assert "--days" not in d["overrides"]
