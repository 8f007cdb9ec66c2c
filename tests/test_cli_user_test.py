"""Defects a user test found in the CLI (2026-12-03), one check each.

- ``--plot`` into a folder that does not exist created the folder (``tigris die``,
  ``tigris fab``): now one line naming ``--plot``, exit 2, nothing created.
- ``--precision FP8`` was refused while accelerator names ignore case; ``--objective``
  of ``tigris sweep`` likewise.
- ``tigris fab --help`` showed ``--years``, ``--start-year`` and ``--dollars-of`` as
  ``<float>`` though each takes a whole number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, assert_one_line_error

DIE = ["die", "--width", "26", "--height", "33", "--node", "N5"]
FAB = ["fab", "--node", "N5", "--wspm", "1000", "--site", "taiwan"]
INFER = ["infer", "--precision", "fp8", "--prompt-tokens", "1000", "--output-tokens", "300"]


@pytest.mark.parametrize("verb", [DIE, FAB], ids=["die", "fab"])
def test_plot_into_a_missing_folder_is_refused_and_creates_nothing(
    verb: list[str], run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    missing = tmp_path / "nonexistent" / "dir"
    res = run_cli(*verb, "--plot", missing / "w.png")
    assert_one_line_error(res, "--plot", "does not exist")
    assert not (tmp_path / "nonexistent").exists()
    assert list(tmp_path.iterdir()) == []


def test_precision_ignores_case_as_accelerator_names_do(
    run_cli: Callable[..., CliResult],
) -> None:
    args = ["infer", "-m", "llama-3.1-405b", "--tokens-per-day", "1e10", "--json"]
    args += ["--prompt-tokens", "1000", "--output-tokens", "300"]
    lower = run_cli(*args, "--precision", "fp8", "-a", "h100")
    upper = run_cli(*args, "--precision", "FP8", "-a", "H100")
    assert lower.code == upper.code == 0, upper.err
    assert json.loads(upper.out) == json.loads(lower.out)
    assert json.loads(upper.out)["precision"] == "fp8"


def test_sweep_objective_ignores_case(run_cli: Callable[..., CliResult]) -> None:
    """``NPV`` passes the objective check: the next complaint is the missing ``--set``."""
    res = run_cli("sweep", "--objective", "NPV", "--no-store")
    assert_one_line_error(res, "--set", "nothing to sweep")
    bad = run_cli("sweep", "--objective", "profit", "--no-store")
    assert_one_line_error(bad, "--objective")


@pytest.mark.parametrize("flag", ["--years", "--start-year", "--dollars-of"])
def test_fab_help_shows_whole_number_options_as_int(
    flag: str, run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    res = run_cli("fab", "--help")
    assert res.code == 0
    line = next(ln for ln in res.out.splitlines() if re.match(rf"│\s+{flag}\s", ln))
    assert "<int>" in line and "<float>" not in line, line


def test_infer_says_the_memory_it_counts_is_the_usable_part(
    run_cli: Callable[..., CliResult],
) -> None:
    """User test 2026-12-03 #22: '1 h100-sxm hold 72 GB' read against the catalog's 80 GB.
    72 GB is the usable part (workload_defaults.csv memory_usable_fraction, vLLM's
    gpu_memory_utilization 0.9); the line says so and names the flag."""
    from tigris.catalog import get_accelerator
    from tigris.workload._common import workload_default

    total = float(get_accelerator("h100-sxm").memory_gb)  # 80 GB, the catalog
    usable = total * float(workload_default("memory_usable_fraction"))
    res = run_cli(*INFER, "-m", "llama-3.1-405b", "--tokens-per-day", "1e10",
                  "--replica-size", "1")  # fmt: skip
    assert_one_line_error(
        res, "--replica-size", f"1 h100-sxm hold {usable:g} GB usable (90% of {total:g} GB",
        "--memory-fraction",
    )  # fmt: skip


def test_infer_writes_one_replica_in_the_singular(run_cli: Callable[..., CliResult]) -> None:
    """User test 2026-12-03 #22: '= 1 replicas x 16'."""
    one = run_cli(*INFER, "-m", "llama-3.1-8b", "--tokens-per-day", "1e9", "--replica-size", "1")
    assert one.code == 0, one.err
    assert "= 1 replica x 1" in one.out and "1 replicas" not in one.out
    many = run_cli(*INFER, "-m", "llama-3.1-405b", "--tokens-per-day", "1e10")
    assert re.search(r"= \d+ replicas x 8", many.out), many.out
