"""``chip --model`` says it applies to logic and base dies, not HBM DRAM dies.

User test s47 #5: ``chip mi300x --model seeds`` moved the base-die yield but not the
good stacks per DRAM wafer, and ``--help`` did not say so.
"""

from __future__ import annotations

import json


def test_model_moves_logic_and_base_dies_not_hbm(run_cli) -> None:
    poisson = json.loads(run_cli("chip", "mi300x", "--json").out)
    seeds = json.loads(run_cli("chip", "mi300x", "--model", "seeds", "--json").out)
    assert seeds["base_die_yield"] > poisson["base_die_yield"]
    assert seeds["good_stacks_per_wafer"] == poisson["good_stacks_per_wafer"]


def test_help_says_so(run_cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    text = " ".join(run_cli("chip", "--help").out.split())
    assert "logic and base (I/O) dies" in text and "HBM DRAM dies stay Poisson" in text
