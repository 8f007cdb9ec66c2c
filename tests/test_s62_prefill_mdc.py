"""The prefill fleet as one shared queue (M/D/c: each prompt to the first free replica),
checked against the world: the M/D/1 formulas at one server, and a Monte Carlo of the
first-come-first-served recursion ``start_n = max(arrival_n, start_{n-c} + D)`` (equal
service times keep departures in arrival order, so customer ``n`` takes the server
customer ``n - c`` leaves)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from tests.conftest import assert_one_line_error
from tigris.workload import infer
from tigris.workload.queueing import (
    md1_wait_exceedance,
    md1_wait_percentile,
    mdc_mean_wait,
    mdc_min_servers,
    mdc_wait_exceedance,
    mdc_wait_percentile,
)

#: Customers simulated, and the first ones dropped while the queue fills [-].
CUSTOMERS, WARM_UP = 200_000, 10_000
#: Batches for the batch-means standard error (waits are correlated in heavy traffic).
BATCHES = 20

#: The ML-systems review's example: Llama 3.1 70B, 64k-token prompts at 1e10 tokens a
#: day on H100 (9,408 prefill H100 per replica; its simulated shared queue needed ~288).
LONG_PROMPT = dict(
    tokens_per_day=1e10, prompt_tokens=64000, output_tokens=500, accelerator="h100"
)  # fmt: skip


def fcfs_waits(rho: float, c: int, d: float = 1.0, lam: float | None = None, seed: int = 62):
    """Waits of a seeded M/D/c FCFS queue: ``start_n = max(arr_n, start_{n-c} + D)``,
    server ``n mod c`` a Lindley recursion ``s_i = max(a_i, s_{i-1} + D)``, solved as a
    running maximum of ``a_i - i D`` (no Python loop over customers)."""
    rng = np.random.default_rng(seed)
    lam = rho * c / d if lam is None else lam
    arrivals = np.cumsum(rng.exponential(1.0 / lam, CUSTOMERS))
    start = np.empty(CUSTOMERS)
    for s in range(c):
        a = arrivals[s::c]
        i = np.arange(len(a)) * d
        start[s::c] = np.maximum.accumulate(a - i) + i
    return (start - arrivals)[WARM_UP:]


def batch_se(values: np.ndarray) -> float:
    """Standard error of the mean of correlated samples, by batch means."""
    means = np.array([b.mean() for b in np.array_split(values, BATCHES)])
    return float(means.std(ddof=1) / math.sqrt(BATCHES))


@pytest.mark.parametrize("rho", [0.1, 0.5, 0.8, 0.95])
@pytest.mark.parametrize("x", [0.0, 0.3, 1.0, 2.5, 5.0, 7.9])
def test_one_server_is_md1(rho: float, x: float) -> None:
    """c = 1: Erlang's exact M/D/1 (the series, x <= 8): P(W <= 0) = 1 - rho."""
    assert mdc_wait_exceedance(x, rho, 1) == pytest.approx(md1_wait_exceedance(x, rho), abs=1e-11)


@pytest.mark.parametrize("rho", [0.1, 0.5, 0.9, 0.99])
def test_one_server_mean_and_percentile_are_md1(rho: float) -> None:
    """Pollaczek-Khinchine for M/D/1: E[W] = rho D / (2 (1 - rho))."""
    assert mdc_mean_wait(rho, 1) == pytest.approx(rho / (2 * (1 - rho)), rel=1e-9)
    assert mdc_wait_exceedance(0.0, rho, 1) == pytest.approx(rho, abs=1e-12)
    if rho <= 0.9:  # the M/D/1 percentile uses the series there (x <= 8)
        want = md1_wait_percentile(rho, 0.99)
        assert mdc_wait_percentile(rho, 1, 0.99) == pytest.approx(want, rel=1e-8, abs=1e-9)


@pytest.mark.parametrize("c", [2, 8, 32])
@pytest.mark.parametrize("rho", [0.5, 0.9])
def test_agrees_with_a_simulated_fcfs_queue(c: int, rho: float) -> None:
    """P(W > x) and E[W] of 190,000 simulated customers within 4 standard errors (batch
    means) plus 2e-4 for the discreteness of a tail estimate."""
    w = fcfs_waits(rho, c)
    for x in (0.0, 0.25, 0.5, 1.0, 2.0, 3.0):
        hit = (w > x).astype(float)
        assert abs(hit.mean() - mdc_wait_exceedance(x, rho, c)) <= 4 * batch_se(hit) + 2e-4, x
    assert abs(w.mean() - mdc_mean_wait(rho, c)) <= 4 * batch_se(w) + 1e-4


def test_pooling_waits_less_at_the_same_utilisation() -> None:
    """More servers at the same utilisation: less waiting (economies of scale)."""
    tails = [mdc_wait_exceedance(0.5, 0.8, c) for c in (1, 2, 4, 16, 64)]
    assert all(a > b for a, b in itertools.pairwise(tails))


def test_fewest_servers_by_hand() -> None:
    """A load of 3.5 for a wait of at most one service time for 99 %: 5 servers leave
    1.75 % waiting longer, 6 fewer than 0.1 % (and so does the simulation)."""
    assert mdc_min_servers(3.5, 1.0, 0.99, 64) == 6
    w5 = fcfs_waits(3.5 / 5, 5)
    assert (w5 > 1.0).mean() > 0.01
    assert (fcfs_waits(3.5 / 6, 6) > 1.0).mean() < 0.01


SERVICES = [
    ("llama-3.1-70b", dict(tokens_per_day=1e10, prompt_tokens=2000, output_tokens=500)),
    ("llama-3.1-70b", LONG_PROMPT),
    ("llama-3.1-405b", dict(tokens_per_day=1e10, prompt_tokens=1000, output_tokens=300,
                            precision="fp8")),
    ("llama-3.1-405b", dict(tokens_per_day=2.6e12, prompt_tokens=1000, output_tokens=300,
                            precision="fp8")),
    ("llama-3.1-8b", dict(tokens_per_day=1e9, prompt_tokens=8000, output_tokens=200,
                          ttft_ms=500)),
    ("deepseek-v3", dict(tokens_per_day=1e11, prompt_tokens=4000, output_tokens=1000,
                         precision="fp8")),
]  # fmt: skip


@pytest.mark.parametrize(("model", "kw"), SERVICES)
def test_shared_never_needs_more_and_meets_the_target(model: str, kw: dict) -> None:
    shared = infer(model, **kw)
    alone = infer(model, prefill_queue="per-replica", **kw)
    assert shared.prefill_queue == "shared" and alone.prefill_queue == "per-replica"
    assert shared.prefill_accelerators <= alone.prefill_accelerators
    assert shared.ttft_percentile_ms <= shared.ttft_ms * (1 + 1e-9)
    assert shared.ttft_percentile_ms >= shared.prefill_step_ms  # a wait is never negative


def test_the_long_prompt_fleet_is_near_the_simulated_288() -> None:
    """The review's case: 9,408 H100 per replica; shared, near its simulated ~288. A
    simulation of the fleet found (one prompt a step, so the step is the service)
    meets the p99 target, and one replica fewer misses it."""
    r = infer("llama-3.1-70b", **LONG_PROMPT)
    alone = infer("llama-3.1-70b", prefill_queue="per-replica", **LONG_PROMPT)
    assert alone.prefill_accelerators == 9408
    assert abs(r.prefill_accelerators - 288) <= 0.1 * 288
    assert r.prefill_step_tokens == 64000  # one prompt a step
    lam = 1e10 / (64000 + 500) / 86400  # requests/s
    d = r.prefill_step_ms / 1e3
    late = [
        (fcfs_waits(0.0, n, d=d, lam=lam) + d > r.ttft_ms / 1e3).mean()
        for n in (r.prefill_replicas, r.prefill_replicas - 1)
    ]
    assert late[0] <= 0.01 + 0.002 and late[1] > 0.01
    assert not any("busy" in n for n in r.notes)  # the per-replica idle note
    assert any("busy" in n and "M/D/c" in n for n in alone.notes)


def test_cli_flag_and_json(run_cli) -> None:
    args = ("infer", "-m", "llama-3.1-70b", "--tokens-per-day", "1e10", "--prompt-tokens",
            "64000", "--output-tokens", "500", "-a", "h100", "--json")  # fmt: skip
    shared = run_cli(*args)
    alone = run_cli(*args, "--prefill-queue", "per-replica")
    assert shared.code == 0 and alone.code == 0
    assert shared.json()["prefill_queue"] == "shared"
    assert alone.json()["prefill_queue"] == "per-replica"
    assert shared.json()["prefill_accelerators"] < alone.json()["prefill_accelerators"] == 9408
    table = run_cli(*args[:-1], "--prefill-queue", "Shared")
    assert table.code == 0 and "M/D/c" in table.out


def test_cli_refuses_an_unknown_queue(run_cli) -> None:
    res = run_cli(
        "infer", "-m", "llama-3.1-70b", "--tokens-per-day", "1e10", "--prompt-tokens",
        "2000", "--output-tokens", "500", "--prefill-queue", "round-robin",
    )  # fmt: skip
    assert_one_line_error(res, "--prefill-queue", "round-robin")


def test_python_refuses_an_unknown_queue() -> None:
    from tigris.errors import InputError

    with pytest.raises(InputError, match="unknown prefill queue 'fifo'"):
        infer("llama-3.1-70b", tokens_per_day=1e10, prompt_tokens=2000, output_tokens=500,
              prefill_queue="fifo")  # fmt: skip


def test_scenario_field() -> None:
    from pydantic import ValidationError

    from tigris.scenario.schema import InferWorkload

    w = InferWorkload(model="llama-3.1-70b", prompt_tokens=64000, output_tokens=500,
                      prefill_queue="per-replica")  # fmt: skip
    assert w.model_dump(exclude_none=True)["prefill_queue"] == "per-replica"
    with pytest.raises(ValidationError):
        InferWorkload(model="llama-3.1-70b", prefill_queue="random")


def test_a_shared_fleet_sized_per_replica_is_not_told_to_share(monkeypatch) -> None:
    """Where shared queues of at most the exactly computed size cannot be sized (or
    need more replicas than one queue each), the fleet is sized per replica and a note
    says why; the mostly-idle note must not then advise a shared queue (what was
    asked): the two notes said opposite things. The shared search is made to find
    nothing, so the fallback is taken on the long-prompt case (1.1 % busy a
    replica)."""
    from tigris.workload import serving

    monkeypatch.setattr(serving, "mdc_min_servers", lambda *args, **kwargs: None)
    r = infer("llama-3.1-70b", **LONG_PROMPT)
    assert r.prefill_queue == "per-replica" and r.prefill_accelerators == 9408
    assert any("needed no fewer" in n for n in r.notes)
    advice = "meets the same target with far fewer"  # the idle note's advice to share
    assert not any(advice in n for n in r.notes), r.notes
    alone = infer("llama-3.1-70b", prefill_queue="per-replica", **LONG_PROMPT)
    assert any(advice in n for n in alone.notes)  # per replica asked: still advised
