"""The sequences the load keeps in flight per decode replica (user test s50 #6).

Little's law (Little 1961, L = lambda W): DeepSeek-V3 at 1e10 tokens a day of 1,000
prompt + 300 output tokens is 1e10 / 86,400 / 1,300 = 89.03 requests/s; each output
token occupies one 50 ms decode step, so 89.03 x 300 x 0.050 = 1,335 sequences decode
at once, over the fleet's decode replicas. The fleet is sized as that over the batch
rounded up to whole replicas, so the in-flight count is at most the batch, and a lone
replica of 11,061 runs 12 % full; the old output gave the batch and its throughput
with no word of that.
"""

from __future__ import annotations

import pytest

from tigris.workload import infer

LOAD = {"tokens_per_day": 1e10, "prompt_tokens": 1000, "output_tokens": 300}


def test_littles_law_by_hand() -> None:
    r = infer("deepseek-v3", **LOAD)
    rate = 1e10 / 86_400 / 1300
    assert rate == pytest.approx(89.03, abs=0.01)
    want = rate * 300 * r.decode_step_ms / 1e3 / r.decode_replicas
    assert r.decode_in_flight == pytest.approx(want, rel=1e-9)
    assert r.decode_replicas == 1
    assert r.decode_in_flight == pytest.approx(1335, rel=1e-3)
    fill = [n for n in r.notes if "sequences decoding at once" in n]
    assert fill and "12.1%" in fill[0], r.notes


@pytest.mark.parametrize("model", ["llama-3.1-70b", "llama-3.1-8b", "deepseek-v3"])
def test_in_flight_never_exceeds_the_batch(model: str) -> None:
    """Invariant: replicas = ceil(in flight / batch), so in flight <= batch x replicas."""
    r = infer(model, **LOAD)
    assert 0 < r.decode_in_flight <= r.batch_size * (1 + 1e-12)


def test_cli_row_and_json(run_cli) -> None:
    args = ("infer", "-m", "deepseek-v3", "--tokens-per-day", "1e10")
    args += ("--prompt-tokens", "1000", "--output-tokens", "300")
    out = run_cli(*args).out
    assert "in flight at the load" in out
    d = run_cli(*args, "--json").json()
    assert d["decode_in_flight"] == pytest.approx(1335, rel=1e-3)
