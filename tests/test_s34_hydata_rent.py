"""Rent rows for the parts UT-HYPER compared (defect 12, HY-DATA).

B200, MI355X and TPU v7 all rented at the $2/h H800 default, so a cross-part $/Mtok
reflected counts only. B200 got its row this morning (15b17f1); MI355X gets SemiAnalysis's
US$2.9 a chip-hour (InferenceX, Rent / 3-Year-Commit tier, 2026-09-25); TPU v7 has no
public list price (Google's TPU7x docs: 'contact your account team'), so it keeps the
default and the output says which part fell back. Expected values are the sources' numbers
and the arithmetic of a rental $/Mtok by hand.
"""

from __future__ import annotations

import csv
from importlib import resources

import pytest

#: SemiAnalysis InferenceX, Rent / 3-Year-Commit tier, 2026-09-25 [USD per chip-hour].
MI355X_RENT = 2.9
#: DeepSeek-V3's assumed price of an H800-hour, the default [USD per hour].
DEFAULT_RENT = 2.0

#: UT-HYPER's service: DeepSeek-V3 FP8, 1e12 tokens a day, 2,000 + 500, 30 / 1,000 ms.
SERVICE = (
    "infer", "-m", "deepseek-v3", "--tokens-per-day", "1e12", "--prompt-tokens", "2000",
    "--output-tokens", "500", "--tpot-ms", "30", "--ttft-ms", "1000", "--precision", "fp8",
    "--json",
)  # fmt: skip


def _rentals() -> dict[str, dict[str, str]]:
    path = resources.files("tigris.data") / "prices.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return {r["item"]: r for r in csv.DictReader(fh) if r["series"] == "rental"}


def test_the_mi355x_row_is_the_trackers_price() -> None:
    row = _rentals()["MI355X"]
    assert float(row["value"]) == MI355X_RENT and row["year"] == "2026"
    for word in ("SemiAnalysis", "3-Year-Commit", "2026-09-25", "Vultr", "2.59"):
        assert word in row["source"], word


def test_mi355x_service_rents_at_its_row(run_cli) -> None:
    res = run_cli(*SERVICE, "-a", "mi355x")
    assert res.code == 0, res.err
    out = res.json()
    assert out["rental_basis"] == "prices.csv"
    assert out["usd_per_accelerator_hour"] == MI355X_RENT
    # rental $/Mtok = parts x 24 h x $/h / (1e12 tokens / 1e6)
    hand = out["accelerators"] * 24 * MI355X_RENT / 1e6
    assert out["cost_usd_per_million_tokens"] == pytest.approx(hand, rel=1e-9)
    assert any("MI355X's 2026 rent" in n for n in out["notes"]), out["notes"]


@pytest.mark.parametrize("command", ["infer", "train"])
def test_tpu_v7_says_it_falls_back_to_the_default(run_cli, command: str) -> None:
    args = (
        SERVICE
        if command == "infer"
        else ("train", "--flops", "3e27", "--days", "120", "--mfu", "0.4", "--json")
    )
    res = run_cli(*args, "-a", "tpu-v7")
    assert res.code == 0, res.err
    out = res.json()
    assert out["rental_basis"] == "default"
    assert out["usd_per_accelerator_hour"] == DEFAULT_RENT
    note = next(n for n in out["notes"] if n.startswith("rental at"))
    assert "no rent for tpu-v7" in note and "MI355X $2.9/h in 2026" in note, note
