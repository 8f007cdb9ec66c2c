"""A fractional count in a scenario file is refused in the CLI's and Python's words,
with the file, line and field path (brief CLI-ODDS #3, 2026-12-04; the Python and CLI
sides are in ``tests/test_s35_cliodds_counts.py``).

Pydantic's strict ``int`` said ``expected an integer, got 0.5`` where ``tigris.train(
count=0.5)`` and ``tigris train --count 0.5`` say ``expected a whole number in [1,
2^53], got 0.5``. Needs ``scenario/schema.py``'s ``_cli_words`` (patch
``/work/notes/CLI-ODDS-counts.patch``): fails without it with pydantic's words.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, assert_one_line_error

WORDS = "expected a whole number in [1, 2^53], got"

SCENARIO = textwrap.dedent(
    """\
    name: counts
    currency_year: 2024
    horizon: {first_year: 2026, last_year: 2029}
    discount_rate: 0.08
    pue: 1.2
    fleet_lifetime_years: 5
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: lab
        priority: 1
        workloads:
          - train:
              flops: 2.15e25
              accelerator: b200
              days: 95
              COUNT
            runs_by_year: {2026: 1, 2027: 1, 2028: 1, 2029: 1}
          - infer:
              model: llama-3.1-8b
              accelerator: b200
              prompt_tokens: 1000
              output_tokens: 300
              BATCH
            tokens_per_day: 1.0e10
    products:
      - name: b200
    supply:
      logic_wspm: {N5: {2026: 20000}}
      cowos_wspm: {2026: 20000}
      hbm_wspm: {2026: 1.0e5}
    facilities:
      - kind: logic
        node: N4
    sites:
      - name: taiwan
        max_modules: 3
    capital:
      - name: fund
        amount_usd: 2.0e10
        first_year: 2026
        last_year: 2027
    tools:
      euv_per_year: {2026: 10}
    """
)


def _write(tmp_path: Path, count: str, batch: str) -> tuple[Path, str]:
    text = SCENARIO.replace("COUNT", f"count: {count}").replace("BATCH", f"batch_size: {batch}")
    path = tmp_path / "counts.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def _line(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), start=1) if needle in ln)


def test_the_scenario_is_valid_with_whole_counts(run_cli: Callable[..., CliResult], tmp_path):
    path, _ = _write(tmp_path, "10000", "8")
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err


@pytest.mark.parametrize(
    ("count", "batch", "field", "needle", "got"),
    [
        ("0.5", "8", "demand.0.workloads.0.train.count", "count: 0.5", "0.5"),
        ("10000", "0.5", "demand.0.workloads.1.infer.batch_size", "batch_size: 0.5", "0.5"),
        ("0", "8", "demand.0.workloads.0.train.count", "count: 0", "0"),
        ("1e60", "8", "demand.0.workloads.0.train.count", "count: 1e60", "1e+60"),
    ],
)
def test_a_bad_count_in_a_file_says_the_cli_words_at_its_line(
    run_cli: Callable[..., CliResult],
    tmp_path: Path,
    count: str,
    batch: str,
    field: str,
    needle: str,
    got: str,
) -> None:
    path, text = _write(tmp_path, count, batch)
    res = run_cli("scenario", "check", path)
    assert_one_line_error(res)
    assert res.err.strip() == f"error: {path}:{_line(text, needle)}: {field}: {WORDS} {got}"


def test_the_three_say_the_same_words(run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """The text after the field is one string from Python, the CLI and the file."""
    import tigris
    from tigris.errors import InputError

    path, _ = _write(tmp_path, "0.5", "8")
    said_file = run_cli("scenario", "check", path).err.strip().split(".train.count: ", 1)[1]
    said_cli = (
        run_cli("train", "--flops", "3e27", "-a", "b200", "--mfu", "0.4", "--count", "0.5")
        .err.strip()
        .split("--count: ", 1)[1]
    )
    with pytest.raises(InputError) as info:
        tigris.train(flops=3e27, accelerator="b200", mfu=0.4, count=0.5)
    said_py = str(info.value).split("count: ", 1)[1]
    assert said_file == said_cli == said_py == f"{WORDS} 0.5"
