"""``train`` and ``infer`` price rent at the part's own price in data/prices.csv, the
table the plan prices an H100e's rent from, and say so (user test 2026-12-03 #18:
``train -a b200`` printed "at $2/h", DeepSeek's H800 assumption for every part, while
the plan's H100 rents for $2.35/h in 2026).

World values: the H100 rents for US$2.35 per GPU-hour in March 2026 (SemiAnalysis GPU
rental price index, 1-year contract; data/prices.csv's latest H100 row); DeepSeek-V3's
report assumes US$2 per H800 GPU-hour (arXiv 2412.19437, Table 1), the documented
default for a part the table has no rent for.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import CliResult
from tigris.finance.prices import rental_usd_per_hour
from tigris.workload import infer, train

Run = Callable[..., CliResult]
RUN = dict(params=1e10, tokens=1e12, count=184, mfu=0.4)
TRAIN = ("train", "--params", "1e10", "--tokens", "1e12", "--count", "184", "--mfu", "0.4")


def test_h100_rents_at_its_2026_price_the_plans_price() -> None:
    r = train(accelerator="h100", **RUN)
    assert r.usd_per_accelerator_hour == pytest.approx(2.35)
    assert r.cost_usd == pytest.approx(r.accelerator_hours * 2.35)
    # the same number the plan's unmet penalty prices an H100e's rent at in 2026
    assert r.usd_per_accelerator_hour == pytest.approx(float(rental_usd_per_hour(2026)))
    assert r.rental_basis == "prices.csv"
    note = next(n for n in r.notes if n.startswith("rental"))
    assert "2026" in note and "SemiAnalysis" in note and "usd_per_accelerator_hour" in note


def test_part_without_a_rent_takes_the_default_and_says_so() -> None:
    """No H200 rent in the table: DeepSeek's $2/h, with a note that names the gap and
    the H100's price beside it (so an H200 below an H100 is explained, not hidden).
    (The B200 was this example until it got a rent row, 2026-12-04 SCALEOUT.)"""
    r = train(accelerator="h200", **RUN)
    assert r.usd_per_accelerator_hour == pytest.approx(2.0)
    assert r.rental_basis == "default"
    note = next(n for n in r.notes if n.startswith("rental"))
    assert "no rent for h200" in note and "DeepSeek" in note and "H100 $2.35/h" in note
    # DeepSeek-V3's own part: the default's source, also not in the table
    assert train(accelerator="h800", **RUN).usd_per_accelerator_hour == pytest.approx(2.0)


def test_a_given_price_wins_with_no_note() -> None:
    r = train(accelerator="h100", usd_per_accelerator_hour=3.0, **RUN)
    assert r.usd_per_accelerator_hour == 3.0 and r.rental_basis == "given"
    assert not any(n.startswith("rental") for n in r.notes)


def test_infer_uses_the_same_rent() -> None:
    """176 H100 for a day at $2.35/h over 1e4 million tokens: $0.9926 per million (184
    and $1.0378 before S36 ML-FIX sized prefill for MLPerf's p99 TTFT; 208 and $1.1731
    before the prefill replicas shared one queue, tests/test_s62_prefill_mdc.py)."""
    r = infer(
        "llama-3.1-405b", precision="fp8", tokens_per_day=1e10, prompt_tokens=1000,
        output_tokens=300,
    )  # fmt: skip
    assert r.accelerators == 176
    assert r.cost_usd_per_million_tokens == pytest.approx(176 * 24 * 2.35 / 1e4)
    assert r.rental_basis == "prices.csv"


def test_cli_says_whose_rent(run_cli: Run) -> None:
    res = run_cli(*TRAIN, "-a", "h100")
    assert res.code == 0, res.err
    out = " ".join(res.out.split())
    assert "at $2.35/h (prices.csv)" in out and "H100's 2026 rent" in out
    res = run_cli(*TRAIN, "-a", "h200")
    out = " ".join(res.out.split())
    assert "at $2/h (default)" in out and "no rent for h200" in out


def test_a_data_overlay_replacing_the_h100_keeps_its_rent(run_cli: Run, tmp_path) -> None:
    """prices.csv's item 'H100' is an alias of the shipped h100-sxm. A --data row that
    replaces h100-sxm (here with 1,400 W) drops the alias; the rent must still be the
    H100's 2026 row, and a run on another part must not fail on the price table (it
    did: "accelerator: unknown accelerator 'H100'" for -a b200)."""
    f = tmp_path / "data.yaml"
    f.write_text(
        "accelerators:\n"
        "  - name: h100-sxm\n"
        "    based_on: h100-sxm\n"
        "    system_power_w: 1400\n"
        "    source: test\n"
        "    as_of: 2025-01\n"
    )
    res = run_cli(*TRAIN, "-a", "h100-sxm", "--data", f, "--json")
    assert res.code == 0, res.err
    out = res.json()
    assert out["usd_per_accelerator_hour"] == pytest.approx(2.35)
    assert out["power_mw"] == pytest.approx(184 * 1400 * 1.08 * 1.2 / 1e6)  # the overlay's
    res = run_cli(*TRAIN, "-a", "h200", "--data", f)
    assert res.code == 0, res.err
    assert "at $2/h (default)" in " ".join(res.out.split())
