"""``train`` and ``infer`` count energy at the plan's load factor (power user test
2026-12-06 #3: an H100-year at PUE 1.2 was 14.5 MWh in ``train`` and 10.9 MWh in
``plan``, which counts 0.75 of the rated draw, ``energy_parameters.csv``).

Power stays the rated draw (what a site provisions); energy is ``load_factor`` of it.
"""

from __future__ import annotations

import pytest

from tigris.workload import infer, train

H100_W = 1275.0  # DGX H100 10.2 kW / 8, the catalog's system power
IT_OVERHEAD = 1.08  # DGX SuperPOD, energy_parameters.csv
LOAD = 0.75  # energy_parameters.csv load_factor (Epoch AI)


def test_one_h100_year_is_the_plans_energy() -> None:
    from tigris.energy.fleet import energy_twh

    # one H100 for a 365.25-day year at PUE 1.2: 1,275 x 1.08 x 1.2 x 0.75 x 8,766 h
    by_hand = H100_W * IT_OVERHEAD * 1.2 * LOAD * 8766 / 1e6  # [MWh]
    assert by_hand == pytest.approx(10.87, abs=0.01)  # the user test's plan figure
    t = train(params=1e9, tokens=1e11, accelerator="h100", count=1, days=365.25, pue=1.2)
    assert float(t.energy_mwh) == pytest.approx(by_hand, rel=1e-12)
    plan = float(energy_twh(H100_W * IT_OVERHEAD / 1e6, LOAD, 1.2)) * 1e6  # TWh -> MWh
    assert float(t.energy_mwh) == pytest.approx(plan, rel=1e-12)
    # the power is the rated draw, not the average
    assert float(t.power_mw) == pytest.approx(H100_W * IT_OVERHEAD * 1.2 / 1e6, rel=1e-12)


def test_a_measured_average_takes_load_factor_one() -> None:
    # Patterson et al. 2021 Table 4: GPT-3, 10,000 V100 x 330 W (measured average) x
    # 14.8 days x PUE 1.10 = 1,287 MWh; with the cluster overhead set to 1 and load
    # factor 1 (the watts are already an average) train reproduces it (the catalog has no
    # V100: an A100 at the same count, days and watts draws the same)
    t = train(
        flops=3.14e23, accelerator="a100", count=10_000, days=14.8, power_w=330.0,
        pue=1.10, it_overhead=1.0, load_factor=1.0,
    )  # fmt: skip
    assert float(t.energy_mwh) == pytest.approx(1287, rel=0.005)
    assert float(t.load_factor) == 1.0


def test_infer_energy_per_day_is_load_factor_of_its_power() -> None:
    r = infer("llama-3.1-405b", tokens_per_day=1e10, prompt_tokens=1000, output_tokens=300)
    assert r.energy_mwh_per_day == pytest.approx(r.power_mw * LOAD * 24, rel=1e-12)
    full = infer(
        "llama-3.1-405b", tokens_per_day=1e10, prompt_tokens=1000, output_tokens=300,
        load_factor=1.0,
    )  # fmt: skip
    assert full.energy_mwh_per_day == pytest.approx(full.power_mw * 24, rel=1e-12)


def test_a_load_factor_outside_0_1_is_refused(run_cli) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import assert_one_line_error

    for bad in ("0", "1.5"):
        res = run_cli("train", "--params", "1e9", "--tokens", "1e11", "--count", "8",
                      "--mfu", "0.4", "--load-factor", bad)  # fmt: skip
        assert_one_line_error(res, "--load-factor", "(0, 1]")
