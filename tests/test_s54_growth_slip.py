"""``growth_per_year: 15`` (a percent written as a number, read x16 a year) is warned
of at check time (user test 2026-12-06: accepted without a word). The threshold is a
row of data/finance_warnings.csv with its source: Epoch AI's 4-5x a year of frontier
training compute, the fastest published growth of AI compute."""

from __future__ import annotations

import csv
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest

from tigris.scenario import checks_extremes as ce

from .conftest import SMALL, CliResult, line_of, write_scenario

#: SMALL's fine-tuning class, to which a growth is added.
_CLASS = "    h100e_by_year: {2026: 1.0e6}\n"


def _with_growth(g: str) -> str:
    assert _CLASS in SMALL
    return SMALL.replace(_CLASS, f"{_CLASS}    growth_per_year: {g}\n")


def test_the_threshold_is_a_sourced_row_at_epochs_frontier_growth() -> None:
    text = (resources.files("tigris.data") / "finance_warnings.csv").read_text("utf-8")
    row = {r["parameter"]: r for r in csv.DictReader(text.splitlines())}["growth_per_year"]
    assert float(row["value"]) == ce.GROWTH_WARN == 4.0  # x5 a year, the top of 4-5x
    assert "Epoch AI" in row["source"] and "4-5x" in row["source"] and row["as_of"]


@pytest.mark.parametrize(
    ("g", "warned"), [("15", True), ("4.5", True), ("4", False), ("0.15", False)]
)
def test_a_growth_above_the_frontier_is_warned_of_at_its_line(
    tmp_path: Path, run_cli: Callable[..., CliResult], g: str, warned: bool
) -> None:
    path = write_scenario(tmp_path, _with_growth(g))
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    line = line_of(path, f"growth_per_year: {g}")
    said = [ln for ln in res.err.splitlines() if "growth_per_year" in ln]
    if not warned:
        assert said == []
        return
    assert said == [
        f"warning: {path}:{line}: demand.1.growth_per_year: {g} is growth of "
        f"x{1 + float(g):g} a year, above the fastest published growth of AI compute "
        f"(x5 a year, data/finance_warnings.csv): the field is a fraction "
        f"({float(g) / 100:g} for {g} %)"
    ]


def test_a_workloads_growth_is_warned_of_too() -> None:
    from tigris.scenario.checks import parts_of
    from tigris.scenario.edit import load_any

    workload = (
        "    workloads:\n"
        "      - {infer: {model: llama-3-70b, prompt_tokens: 1000, output_tokens: 200},\n"
        "         tokens_per_day: 1.0e9, growth_per_year: 20}\n"
    )
    text = SMALL.replace(_CLASS, _CLASS + workload)
    found = ce.growth_slips(parts_of(load_any(text)))
    assert [loc for loc, _ in found] == [("demand", 1, "workloads", 0, "growth_per_year")]
