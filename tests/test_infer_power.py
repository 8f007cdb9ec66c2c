"""``tigris infer`` charges the cluster's IT overhead as ``train`` and the plan do
(user test 2026-12-03 #5: 184 H100 drew 0.2815 MW in ``infer``, 0.304 MW in ``train``).

Hand values: 1,275 W per H100 (NVIDIA DGX H100 datasheet, 10.2 kW / 8 GPUs) times the
cluster's network, storage and management, 1.08 (DGX H100 SuperPOD: 1.4 MW for 1,016
GPUs, data/energy_parameters.csv ``it_overhead``), times PUE 1.2 (workload default).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import CliResult, assert_one_line_error
from tigris.workload import infer, train

Run = Callable[..., CliResult]
#: The user test's service: 184 H100 (144 prefill + 40 decode) when it was written; 208
#: (168 + 40) since S36 ML-FIX sized prefill for MLPerf's p99 TTFT, not the mean; 176
#: (136 + 40) since the prefill replicas share one queue (M/D/c): 17 replicas of 8 for a
#: load of 89.0 prompts/s x 182.1 ms = 16.2 replicas busy, the fewest that are not
#: overloaded (tests/test_s62_prefill_mdc.py).
SERVICE = dict(precision="fp8", tokens_per_day=1e10, prompt_tokens=1000, output_tokens=300)
ARGS = ("-m", "llama-3.1-405b", "--precision", "fp8", "--tokens-per-day", "1e10",
        "--prompt-tokens", "1000", "--output-tokens", "300")  # fmt: skip


def test_user_test_fleet_draws_the_same_power_in_infer_and_train() -> None:
    """176 H100: 176 x 1,275 W x 1.08 x 1.2 = 0.2908224 MW in both tools."""
    r = infer("llama-3.1-405b", **SERVICE)
    assert r.accelerators == 176
    by_hand = 176 * 1275 * 1.08 * 1.2 / 1e6
    assert r.power_mw == pytest.approx(by_hand, rel=1e-12)
    # energy at the load factor 0.75 of that power, as the plan counts it
    assert r.energy_mwh_per_day == pytest.approx(by_hand * 0.75 * 24, rel=1e-12)
    t = train(params=1e10, tokens=1e12, accelerator="h100", count=176, mfu=0.4)
    assert t.power_mw == pytest.approx(r.power_mw, rel=1e-12)


def test_it_overhead_matches_the_superpod_and_is_overridable() -> None:
    """1,016 H100 at PUE 1 draw the SuperPOD's 1.4 MW within 1 %; --it-overhead 1 gives
    the servers alone (power and the energy part of ownership scale with it)."""
    r = infer("llama-3.1-405b", **SERVICE, pue=1.0)
    assert r.power_mw / r.accelerators * 1016 == pytest.approx(1.4, rel=0.01)
    bare = infer("llama-3.1-405b", **SERVICE, it_overhead=1.0)
    assert bare.power_mw == pytest.approx(176 * 1275 * 1.2 / 1e6, rel=1e-12)
    assert r.it_overhead == pytest.approx(1.08)


def test_cli_prints_the_overhead_and_takes_the_flag(run_cli: Run) -> None:
    res = run_cli("infer", *ARGS)
    assert res.code == 0, res.err
    assert "MW (IT overhead 1.08, PUE 1.2)" in res.out
    assert "0.2908 " in res.out
    res = run_cli("infer", *ARGS, "--it-overhead", "1.5", "--json")
    assert res.code == 0, res.err
    assert res.json()["power_mw"] == pytest.approx(176 * 1275 * 1.5 * 1.2 / 1e6)


def test_cli_refuses_an_overhead_below_one(run_cli: Run) -> None:
    res = run_cli("infer", *ARGS, "--it-overhead", "0.9")
    assert_one_line_error(res, "--it-overhead", ">= 1")


def test_per_accelerator_power_is_the_plans_fleet_power() -> None:
    """One number for one quantity: a part's facility MW in ``infer`` and ``train`` is
    the plan's fleet MW per accelerator (system power x it_overhead x the reference
    scenario's pue), for an H100 and a B200 (DGX B200: 14.3 kW / 8 = 1,787.5 W)."""
    from tigris.energy.data import energy_parameter
    from tigris.energy.fleet import fleet_mw_per_unit
    from tigris.scenario import reference_scenario

    pue = reference_scenario().pue
    for part, watts in (("h100", 1275.0), ("b200", 1787.5)):
        plan_mw = float(fleet_mw_per_unit(watts, energy_parameter("it_overhead"), pue))
        r = infer("llama-3.1-405b", accelerator=part, **SERVICE, pue=pue)
        assert r.power_mw / r.accelerators == pytest.approx(plan_mw, rel=1e-12)
        t = train(params=1e10, tokens=1e12, accelerator=part, count=72, mfu=0.4, pue=pue)
        assert t.power_mw / 72 == pytest.approx(plan_mw, rel=1e-12)


def test_library_refuses_an_overhead_below_one() -> None:
    """The CLI's range check is not the only guard: a caller of ``infer`` is refused too
    (an overhead below 1 would make the cluster draw less than its servers)."""
    from tigris.errors import InputError

    with pytest.raises(InputError, match="it_overhead"):
        infer("llama-3.1-405b", **SERVICE, it_overhead=0.9)
