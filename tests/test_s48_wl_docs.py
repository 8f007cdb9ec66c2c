"""docs/workload.md says what train and infer do (user test s48, doc fixes a, b, e, f).

(a) The DeepSeek-V3 cost row ("2.788M h x $2 = $5.576M, exact") read against ``train
-m deepseek-v3`` printing $4.92M: the row is the report's 2.788M hours (Table 1, all
stages) x $2; the verb's is its own modelled pre-training hours, 6 x 37e9 x 14.8e12 /
(2,048 x 1,978.9e12 x 0.18749 x 1.0) s = 2.46M H800-hours, x $2 = $4.92M.
(b) The doc said parts without a system power "require --power-w", but ``-a tpu-v5p``
runs and prints '–' with a note. (e) ``hfu`` is null in --json without the recomputed
pass; the doc said both are given. (f) A short quick reference near the top.
"""

from __future__ import annotations

from pathlib import Path

import pytest

DOC = (Path(__file__).resolve().parents[1] / "docs" / "workload.md").read_text(encoding="utf-8")


def test_a_the_two_deepseek_costs_say_whose_hours(run_cli) -> None:
    row = next(ln for ln in DOC.splitlines() if ln.startswith("| DeepSeek-V3, cost |"))
    assert "2.788M" in row and "$4.92M" in row and "2.46M" in row
    d = run_cli("train", "-m", "deepseek-v3", "--json").json()
    hours = 6 * 37e9 * 14.8e12 / (1978.9e12 * 0.18749) / 3600
    assert d["accelerator_hours"] == pytest.approx(hours, rel=1e-3)
    assert d["cost_usd"] == pytest.approx(hours * 2.0, rel=1e-3)
    assert round(d["cost_usd"] / 1e6, 2) == 4.92


def test_b_a_part_without_power_runs(run_cli) -> None:
    assert "require `--power-w`" not in DOC
    d = run_cli("train", "-m", "deepseek-v3", "-a", "tpu-v5p", "--json").json()
    assert d["power_mw"] is None and d["energy_mwh"] is None and d["cost_usd"] > 0
    assert any("--power-w" in n for n in d["notes"])


def test_e_hfu_is_null_without_recomputation(run_cli) -> None:
    assert "`hfu` is `null`" in DOC
    args = ("train", "--params", "7e9", "--tokens", "1e12", "--mfu", "0.4", "--count", "100")
    assert run_cli(*args, "--json").json()["hfu"] is None
    assert run_cli(*args, "--recompute", "--json").json()["hfu"] == pytest.approx(0.4 * 8 / 6)


def test_f_a_quick_reference_comes_first() -> None:
    heads = [ln for ln in DOC.splitlines() if ln.startswith("## ")]
    assert heads[0] == "## Quick reference"
    section = DOC.split("## Quick reference", 1)[1].split("\n## ", 1)[0]
    assert 20 <= len(section.strip().splitlines()) <= 40
    for word in ("tigris train", "tigris infer", "--json", "error: --flag"):
        assert word in section
