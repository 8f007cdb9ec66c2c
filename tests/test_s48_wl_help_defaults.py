"""``train --help`` states the defaults that --model changes.

User test s48, doc fix (d): the help said ``--precision`` "Default bf16" and
``--goodput`` "default 0.9", but with ``--model`` the run's are used: DeepSeek-V3's
row (training_runs.csv) says fp8 and goodput 1.0, and ``train -m deepseek-v3`` uses
them.
"""

from __future__ import annotations

from tests.conftest import data_table


def _option_help(out: str, flag: str) -> str:
    """The words of ``flag``'s help, up to the next option's type."""
    words = " ".join(w for w in out.split() if w not in "│╭╮╰╯─")
    return words.split(flag + " ", 1)[1].split(" <", 1)[0]


def test_help_says_the_run_decides(run_cli) -> None:
    out = run_cli("train", "--help").out
    assert "--model run's" in _option_help(out, "--precision")
    assert "--model run's" in _option_help(out, "--goodput")


def test_the_run_does_decide(run_cli) -> None:
    row = next(r for r in data_table("training_runs") if r["name"] == "deepseek-v3")
    d = run_cli("train", "-m", "deepseek-v3", "--json").json()
    assert d["precision"] == row["precision"] == "fp8"
    assert d["goodput"] == float(row["goodput"]) == 1.0
