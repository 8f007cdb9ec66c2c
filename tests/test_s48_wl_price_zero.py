"""``--price-usd 0``: an accelerator already owned, as the help's range says.

User test s48 #6: ``--price-usd 0`` was refused ("expected a finite number > 0")
while ``--help`` gave "Range: a number in [0, 1e+15]". The formulas allow it: the
amortised price is ``n x price x T / (life x 365.25)`` = 0 (Cottier et al. 2024,
Sec. 2), leaving the energy, ``E x 1,000 kWh/MWh x $/kWh``.
Hand derivation (train): 6 x 7e9 x 2e12 = 8.4e22 FLOP on 1,024 H100 (989.4 TFLOP/s)
at MFU 0.4 and goodput 0.9 take 8.4e22 / (1,024 x 989.4e12 x 0.36) s = 2.303e5 s =
2.666 days; energy is read from the result (its own tests check it) and the
ownership cost must be exactly that energy's price.
"""

from __future__ import annotations

import pytest

TRAIN = ("train", "--params", "7e9", "--tokens", "2e12", "--count", "1024", "--mfu", "0.4")


def test_train_accepts_a_zero_price(run_cli) -> None:
    res = run_cli(*TRAIN, "--price-usd", "0", "--json")
    assert res.code == 0, res.err
    d = res.json()
    assert d["days"] == pytest.approx(8.4e22 / (1024 * 989.4e12 * 0.36) / 86_400, rel=1e-3)
    assert d["cost_capex_usd"] == 0.0 and d["cost_purchase_usd"] == 0.0
    assert d["cost_ownership_usd"] == pytest.approx(d["energy_mwh"] * 1000 * d["usd_per_kwh"])


def test_infer_accepts_a_zero_price(run_cli) -> None:
    args = ("infer", "-m", "llama-3.1-8b", "--tokens-per-day", "1e10", "--prompt-tokens", "100")
    res = run_cli(
        *args, "--output-tokens", "100", "--price-usd", "0", "--usd-per-kwh", "0.1", "--json"
    )
    assert res.code == 0, res.err
    d = res.json()
    energy_usd_per_day = d["energy_mwh_per_day"] * 1000 * 0.1
    assert d["cost_ownership_usd_per_million_tokens"] == pytest.approx(energy_usd_per_day / 1e4)


def test_the_help_range_is_what_is_accepted(run_cli) -> None:
    out = " ".join(run_cli("train", "--help").out.split())
    assert "[0, 1e+15]" in out.split("--price-usd", 1)[1][:400]
    assert run_cli(*TRAIN, "--price-usd", "-1").code == 2
