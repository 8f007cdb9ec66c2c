"""The dashboard's training-MFU control says where its default comes from, truly per
case (session 2026-12-04, LEFT-CLI brief item 4): it said "the published run" for
every run's MFU, though data/training_runs.csv marks GPT-4's as a tigris assumption
(and DeepSeek-V3's, Epoch AI's median utilisation applied by tigris, once called a
third-party estimate), and an MFU from tigris's MFU model is no run's at all."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import tigris
from tests.conftest import SMALL, replaced
from tigris.scenario.edit import load_any
from tigris.serve.controls import controls_for

DATA = Path(tigris.__file__).resolve().parent / "data"
#: One training workload per case: three published runs' rows, a run given no MFU
#: (the MFU model's), one whose MFU the scenario gives, and GPT-4 moved to the H100.
CASES = [
    "{model: gpt-4}",
    "{model: llama-3.1-405b}",
    "{model: deepseek-v3}",
    "{params: 7.0e10, tokens: 1.5e13, count: 1000}",
    "{params: 7.0e10, tokens: 1.5e13, count: 1000, mfu: 0.4}",
    "{model: gpt-4, accelerator: h100}",
]
WORKLOADS = replaced(
    SMALL,
    (
        "  - name: fine-tuning\n    priority: 1\n    h100e_by_year: {2026: 1.0e6}\n",
        "  - name: lab\n    priority: 1\n    workloads:\n"
        + "".join(f"      - train: {c}\n        runs_by_year: {{2026: 1}}\n" for c in CASES),
    ),
)


@pytest.fixture(scope="module")
def helps() -> list[str]:
    by_path = {c.path: c.help for c in controls_for(load_any(WORKLOADS))}
    return [by_path[f"demand.lab.workloads.{i}.train.mfu"] for i in range(len(CASES))]


def _status() -> dict[str, str]:
    with (DATA / "training_runs.csv").open(newline="") as fh:
        return {r["name"]: r["mfu_status"] for r in csv.DictReader(fh)}


@pytest.mark.parametrize(("i", "run"), [(0, "gpt-4"), (1, "llama-3.1-405b"), (2, "deepseek-v3")])
def test_a_runs_mfu_is_called_published_only_when_its_row_says_so(
    helps: list[str], i: int, run: str
) -> None:
    status = _status()[run]
    text = helps[i]
    assert run in text
    if status == "published":
        assert f"{run}'s published run" in text
    else:  # gpt-4 and deepseek-v3: 'tigris assumption'
        assert "published run" not in text
        assert f"a {status}, not a published figure" in text


def test_the_rows_cover_each_kind() -> None:
    """The cases above meet each status the table has (so the test can fail): a
    published MFU and one that is not."""
    status = _status()
    cases = {status[r] for r in ("gpt-4", "llama-3.1-405b", "deepseek-v3")}
    # "published as HFU x 6/8" (Megatron's GPT-3) is a published figure too
    kinds = {"published" if s.startswith("published") else s for s in status.values()}
    assert cases == kinds
    assert {"published", "tigris assumption"} <= cases


def test_the_mfu_models_default_is_no_runs(helps: list[str]) -> None:
    assert "'s published run" not in helps[3]  # a fit on published runs, no run's own
    assert "tigris.workload.mfu's model" in helps[3] and "not a run's own figure" in helps[3]


def test_the_scenarios_mfu_is_the_scenarios(helps: list[str]) -> None:
    assert helps[4].endswith("default from the scenario.")


def test_a_runs_mfu_on_another_part_says_so(helps: list[str]) -> None:
    assert "(the run's on a100-sxm-80gb, applied unchanged)" in helps[5]
