"""Workload demand in a plan says what it does (user test UT-HYPER, 2026-12-04, #1, #2, #5).

The hyperscaler planner's case: one 3e27 FLOP run on B200 (MFU 0.4, 120 days) in 2028
and a DeepSeek-V3 FP8 service of 5e11 tokens/day in 2027, 1e12 in 2028. Written as
``runs_by_year: {2028: 1}`` the run is held flat (a run every year of 2026-2035, as every
year map is, docs/plan.md "Demand from workloads"), which must now be said in a
``warning:`` line; the demand numbers of both writings are checked by hand.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from tigris.plan.assemble import assemble_file
from tigris.workload import infer

# Published figures used in the hand derivations below.
B200_BF16 = 2.25e15  # NVIDIA B200 (HGX) dense BF16 [FLOP/s], DGX B200 datasheet
H100_BF16 = 989.4e12  # NVIDIA H100 SXM datasheet, dense BF16 [FLOP/s]
GOODPUT = 0.9  # tigris.workload.train's default goodput (docs/workload.md) [-]
NVIDIA_LIFE = 5  # data/fleet_lifetimes.csv, NVIDIA class [years]
DAYS_PER_YEAR = 365.25  # Julian year [day]

_INFER = """\
      - infer:
          model: deepseek-v3
          prompt_tokens: 2000
          output_tokens: 500
          accelerator: b200
          precision: fp8
          tpot_ms: 30
          ttft_ms: 1000
        tokens_per_day_by_year: TOKENS
"""

_SCENARIO = """\
name: hyper
currency_year: 2024
horizon: {first_year: 2026, last_year: 2035}
discount_rate: 0.0552
unmet_penalty_usd_per_h100e: rental
pue: 1.2
fleet_lifetime_years: table
demand:
  - name: hyper
    priority: 4
    workloads:
      - train: {flops: 3.0e+27, accelerator: ACC, days: 120.0, mfu: 0.4}
        runs_by_year: RUNS
INFER
products: roadmap
supply:
  baseline: announced
facilities:
  - kind: logic
    node: N3
sites:
  - name: taiwan
    max_modules: 2
capital:
  - name: fund
    amount_usd: 1.0e+10
    first_year: 2026
    last_year: 2027
tools:
  euv_per_year: {2026: 10}
"""

FLAT_RUNS = "{2028: 1}"
FLAT_TOKENS = "{2027: 5.0e+11, 2028: 1.0e+12}"
ZERO_RUNS = "{2027: 0, 2028: 1, 2029: 0}"
ZERO_TOKENS = "{2026: 0, 2027: 5.0e+11, 2028: 1.0e+12, 2029: 0}"


def _write(
    tmp_path: Path, runs: str, tokens: str | None, acc: str = "b200", name: str = "s"
) -> Path:
    text = _SCENARIO.replace("RUNS", runs).replace("ACC", acc)
    text = text.replace("INFER\n", "" if tokens is None else _INFER.replace("TOKENS", tokens))
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _warnings(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("warning: ")]


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, start=1) if needle in ln)


# --- hand values ------------------------------------------------------------------


def _train_fleet_by_hand() -> float:
    """H100e one run keeps in service a year: n = 3e27 / (2.25e15 x 0.4 x 0.9 x 120 d x
    86,400 s) = 357,224.5 -> 357,225 B200 (the layer rounds a solved count up), for
    120/365.25 of a year, x 2.25e15 / 989.4e12 = 2.27410 H100e each: 266,896 H100e
    (the report's hand value)."""
    n = math.ceil(3e27 / (B200_BF16 * 0.4 * GOODPUT * 120 * 86400))
    assert n == 357_225
    return n * 120 / DAYS_PER_YEAR * B200_BF16 / H100_BF16


def _infer_fleet(tokens: float) -> float:
    """H100e of the service at ``tokens`` a day: ``infer``'s B200 count (its own hand
    checks are tests/test_inference_*) x 2.27410."""
    kw = {"prompt_tokens": 2000, "output_tokens": 500, "precision": "fp8"}
    r = infer(
        "deepseek-v3", tokens_per_day=tokens, accelerator="b200", tpot_ms=30, ttft_ms=1000, **kw
    )
    return r.accelerators * B200_BF16 / H100_BF16


def test_hand_fleets_match_the_report() -> None:
    """The report's hand numbers: 266,896 H100e of training in service, 20,685 of
    inference at 1e12 tokens/day (9,096 B200: 552 prefill, 69 replicas of 8 for a load
    of 68.1 replicas busy, the fewest not overloaded, since the prefill replicas share
    one queue; 9,656 = 21,959 H100e before stop 64 took the all-to-all floor of a
    replica inside one NVLink node from pplx-kernels' NVLink measurement, 185.9 us a
    layer, not DeepEP's InfiniBand 191 us; 9,744 = 22,159 H100e with a queue per
    replica; the report's 9,672 = 21,995 before S36 ML-FIX sized prefill for MLPerf's
    p99 TTFT instead of the mean), 10,352 at 5e11 (4,552 B200; 4,832 before stop 64;
    4,872 per replica, 4,800 before). Tolerance 1 H100e (the report rounds)."""
    assert _train_fleet_by_hand() == pytest.approx(266_896, abs=1)
    assert _infer_fleet(1e12) == pytest.approx(20_685, abs=1)
    assert _infer_fleet(5e11) == pytest.approx(10_352, abs=1)


def test_flat_and_explicit_demand_by_hand(tmp_path: Path) -> None:
    """Stock-flow deliveries (docs/plan.md, "Demand from workloads"), L = 5, by hand.

    Flat: the map puts the run in every year, F = 266,897 + 10,352 = 277,249 in
    2026-2027 and 266,897 + 20,685 = 287,582 from 2028. A steady state before 2026
    delivers F/5 = 55,450 a year, so 2026 and 2027 deliver 55,450 and 2028 the growth
    plus a retirement, 287,582 - 4 x 55,450 = 65,783 (55,577 and 66,547 before stop
    64's NVLink all-to-all floor; 55,595 and 66,675 with a prefill queue per replica;
    the report's figures were 55,581 and 66,569 before S36 ML-FIX's p99 TTFT sizing;
    see test_hand_fleets_match_the_report).
    Explicit zeros: F = 0, 10,352, 287,582, 0...; deliveries 0, 10,352, then 287,582 -
    10,352 = 277,230 in 2028 and 0 after (the fleet shrinks). Tolerance 1 H100e.
    """
    train = _train_fleet_by_hand()
    low, high = _infer_fleet(5e11), _infer_fleet(1e12)
    flat0 = (train + low) / NVIDIA_LIFE
    flat28 = train + high - 4 * flat0
    assert flat0 == pytest.approx(55_450, abs=1)
    assert flat28 == pytest.approx(65_783, abs=1)
    _, inp, _ = assemble_file(_write(tmp_path, FLAT_RUNS, FLAT_TOKENS, name="flat"))
    np.testing.assert_allclose(inp.demand[0][:3], [flat0, flat0, flat28], atol=1)

    explicit28 = train + high - low
    assert explicit28 == pytest.approx(277_230, abs=1)
    _, inp, _ = assemble_file(_write(tmp_path, ZERO_RUNS, ZERO_TOKENS, name="zero"))
    np.testing.assert_allclose(inp.demand[0][:4], [0, low, explicit28, 0], atol=1)
    np.testing.assert_allclose(inp.demand[0][4:], 0, atol=1)


# --- defect 1: maps held flat are said ----------------------------------------------


def test_held_flat_runs_warned_in_check_and_plan(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``runs_by_year: {2028: 1}`` gives one warning at its line naming the field, the
    years held flat (2026-2027 and 2029-2035, en dash as every year range) and the map
    to write for a single run; the token map, flat at 5e11 in 2026 and at 1e12 from
    2029, gets its own. ``tigris scenario check`` and ``tigris plan --json`` (its
    ``warnings``) say the same."""
    path = _write(tmp_path, FLAT_RUNS, FLAT_TOKENS)
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    lines = _warnings(res.err)
    runs_line = _line_of(path, "runs_by_year")
    runs = [ln for ln in lines if "demand.0.workloads.0.runs_by_year:" in ln]
    assert len(runs) == 1, lines
    assert f"{path}:{runs_line}: " in runs[0]
    assert "2026–2027" in runs[0] and "2029–2035" in runs[0]
    assert "{2027: 0, 2028: 1, 2029: 0}" in runs[0]
    tokens = [ln for ln in lines if "demand.0.workloads.1.tokens_per_day_by_year:" in ln]
    assert len(tokens) == 1, lines
    assert re.search(r"\b2026\b", tokens[0]) and "2029–2035" in tokens[0]
    assert "{2026: 0, 2027: 5.0e+11, 2028: 1.0e+12, 2029: 0}" in tokens[0]

    res = run_cli("scenario", "check", path, "--json")
    assert res.code == 0, res.err
    said = res.json()["warnings"]
    assert any("runs_by_year" in w and "2029–2035" in w for w in said), said

    monkeypatch.setattr("tigris.scenario.advice._WARNED", set())  # each once a process
    res = run_cli("plan", path)
    assert res.code == 0, res.err
    assert [ln for ln in _warnings(res.err) if "workloads.0.runs_by_year:" in ln] == runs


def test_written_zeros_and_growth_give_no_held_flat_warning(run_cli, tmp_path: Path) -> None:
    """Zeros at both ends hold 0 flat: nothing to say. A map whose end values are 0
    needs no zeros around it either."""
    path = _write(tmp_path, ZERO_RUNS, ZERO_TOKENS)
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    assert not [ln for ln in _warnings(res.err) if "_by_year:" in ln], res.err


def test_growth_after_the_last_year_is_not_flat() -> None:
    """With ``growth_per_year`` the years after the last grow (not flat): only the years
    before the first are named."""
    from tigris.scenario.checks_workload import held_flat_years

    assert held_flat_years({2028: 1.0}, np.arange(2026, 2036), growth=0.1) == ([2026, 2027], [])
    assert held_flat_years({2028: 1.0}, np.arange(2026, 2036), growth=None) == (
        [2026, 2027],
        list(range(2029, 2036)),
    )
    assert held_flat_years({2026: 0.0, 2035: 0.0}, np.arange(2026, 2036), None) == ([], [])


# --- defect 2: a named part the roadmap does not make then ---------------------------


def test_part_outside_its_ship_years_warned(run_cli, tmp_path: Path) -> None:
    """B200 ships 2024-2026 in data/roadmap.csv; the explicit scenario's B200 workloads
    put demand in 2027-2028 (the run in 2028, the service in 2027-2028), outside them:
    one warning each, at the accelerator's line, naming b200, its ship years and the
    years outside, and that the demand is counted in H100e and served by the parts
    made that year."""
    path = _write(tmp_path, ZERO_RUNS, ZERO_TOKENS)
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    lines = [ln for ln in _warnings(res.err) if ".accelerator:" in ln]
    assert len(lines) == 2, res.err
    train, service = lines
    assert "demand.0.workloads.0.train.accelerator:" in train
    assert f"{path}:{_line_of(path, 'accelerator: b200, days')}: " in train
    assert "b200" in train and "2024–2026" in train and "2028" in train
    assert "in H100e" in train and "served by" in train
    assert "demand.0.workloads.1.infer.accelerator:" in service
    assert "2027–2028" in service


def test_part_inside_its_ship_years_not_warned(run_cli, tmp_path: Path) -> None:
    """Rubin ships 2026-2028: a run in 2027 only (zeros around it) is inside."""
    path = _write(tmp_path, "{2026: 0, 2027: 1, 2028: 0}", None, acc="rubin")
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    assert not [ln for ln in _warnings(res.err) if ".accelerator:" in ln], res.err


def test_part_not_in_the_roadmap_said_once(run_cli, tmp_path: Path) -> None:
    """Gaudi 3 is in the catalog, not in data/roadmap.csv: said to be not in the roadmap,
    once although two workloads name it."""
    text = (
        "      - train: {flops: 1.0e+25, accelerator: gaudi3, days: 30.0, mfu: 0.4}\n"
        "        runs_by_year: {2026: 0, 2027: 1, 2028: 0}\n"
    )
    path = _write(tmp_path, "{2026: 0, 2027: 1, 2028: 0}", None, acc="gaudi3")
    path.write_text(path.read_text().replace("products: roadmap", text + "products: roadmap"))
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    lines = [ln for ln in _warnings(res.err) if ".accelerator:" in ln]
    assert len(lines) == 1, res.err
    assert "not in data/roadmap.csv" in lines[0] and "gaudi3" in lines[0]


# --- defect 3: a training run's share of its cluster is said --------------------------


def test_training_note_counts_the_run_by_hand() -> None:
    """The note names the cluster (357,225 B200 for 120 days) and the count the plan
    takes, 357,225 x 120 / 365.25 = 117,363 in service a year (hand, rounded), and
    that the whole cluster at once is not a constraint."""
    from tigris.scenario import TrainWorkload, Workload
    from tigris.scenario.checks_workload import training_note

    w = Workload(
        train=TrainWorkload(flops=3e27, accelerator="b200", mfu=0.4, days=120),
        runs_by_year={2028: 1},
    )
    note = training_note("hyper", w)
    assert note is not None
    m = round(357_225 * 120 / DAYS_PER_YEAR)
    assert m == 117_363
    assert note.startswith("hyper: a training run of 357,225 b200 for 120 days")
    assert f"= {m:,} in service a year" in note
    assert "whole cluster at once is not a constraint" in note
    assert (
        training_note("hyper", Workload(infer={"model": "llama-3.1-8b"}, tokens_per_day=1e9))
        is None
    )
