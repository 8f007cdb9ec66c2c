"""``tigris train`` says what the cluster costs to buy, and whose price that is
(UT-JOURNO defect 8: it printed the ownership cost, the price amortised over the run's
days, but not 50,000 x $27,500 = $1.375B, the number the "$25-30k each" claim needs).
"""

from __future__ import annotations

import json

import pytest

from tigris.cli import main

H100_PRICE = (25_000 + 30_000) / 2  # Raymond James via Barron's (Aug 2023), midpoint
ARGS = ["train", "--flops", "2e26", "-a", "h100", "--count", "50000", "--mfu", "0.4"]


def _run(capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main([*ARGS, *extra]) == 0
    return capsys.readouterr().out


def test_json_purchase_is_count_times_catalog_price(capsys: pytest.CaptureFixture[str]) -> None:
    out = json.loads(_run(capsys, "--json"))
    assert out["cost_purchase_usd"] == pytest.approx(50_000 * H100_PRICE)  # $1.375B
    # the ownership row amortises the same price straight-line over the run's days
    life = out["lifetime_years"]
    amortised = out["cost_purchase_usd"] * out["days"] / 365.25 / life
    assert out["cost_capex_usd"] == pytest.approx(amortised, rel=1e-9)
    note = out["notes"][-1]
    assert note.startswith("cluster purchase $1.38B = 50,000 x $27,500, the catalog's price")
    assert "data/accelerators.csv, as of 2024-03" in note
    assert "Raymond James" in note and "not the data centre" in note


def test_text_row_and_note(capsys: pytest.CaptureFixture[str]) -> None:
    text = " ".join(_run(capsys).split())
    assert "cluster purchase │ $1.38B │ 50,000 x $27,500 (catalog)" in text
    assert "note: cluster purchase $1.38B = 50,000 x $27,500" in text


def test_given_price_and_no_price(capsys: pytest.CaptureFixture[str]) -> None:
    out = json.loads(_run(capsys, "--price-usd", "30000", "--json"))
    assert out["cost_purchase_usd"] == pytest.approx(1.5e9)
    assert out["notes"][-1].startswith("cluster purchase $1.50B = 50,000 x $30,000 (--price-usd)")
    args = [*ARGS[:4], "b300", *ARGS[5:], "--json"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["cost_purchase_usd"] is None
    assert not any(n.startswith("cluster purchase") for n in out["notes"])
    assert sum("--price-usd" in n for n in out["notes"]) == 1  # the result's own note, once
