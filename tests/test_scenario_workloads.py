"""Demand derived from workloads (``demand[].workloads``): training runs and inference
services turned into H100e delivered per year through the workload layer."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from tigris.plan.assemble import assemble_file
from tigris.scenario import (
    TrainWorkload,
    Workload,
    deliveries_for_fleet,
    load_scenario,
    workload_fleet_h100e,
)
from tigris.workload import infer

# Published figures used in the hand derivations below.
A100_BF16 = 312e12  # NVIDIA A100 datasheet, dense BF16 [FLOP/s]
H100_BF16 = 989.4e12  # NVIDIA H100 SXM datasheet, dense BF16 [FLOP/s]
GPT4_FLOP = 2.15e25  # SemiAnalysis (Patel & Wong, 2023-07-11) estimate [FLOP]
SECONDS_PER_YEAR = 365.25 * 86400  # Julian year [s]

SCENARIO = textwrap.dedent(
    """\
    name: workloads
    currency_year: 2024
    horizon: {first_year: 2026, last_year: 2029}
    discount_rate: 0.08
    pue: 1.2
    fleet_lifetime_years: 5
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: training
        priority: 2
        h100e_by_year: {2026: 1000}
        workloads:
          - train:
              flops: 2.15e25
              accelerator: a100
              mfu: 0.34
              days: 95
              goodput: 1.0
            runs_by_year: {2026: 1, 2028: 3}
      - name: inference
        priority: 1
        workloads:
          - infer:
              model: llama-3.1-405b
              precision: fp8
              prompt_tokens: 8000
              output_tokens: 1000
            tokens_per_day: 1.0e10
            growth_per_year: 1.0
    products:
      - name: b200
    supply:
      logic_wspm: {N5: {2026: 20000}}
      cowos_wspm: {2026: 20000}
      hbm_wspm: {2026: 1.0e5}           # 2M HBM stacks a month at 20 good stacks per DRAM wafer
    facilities:
      - kind: logic
        node: N4
      - kind: cowos
      - kind: hbm
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


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "workloads.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def test_gpt4_run_once_a_year_by_hand() -> None:
    """GPT-4 estimate: 2.15e25 FLOP on A100 (dense BF16 312 TFLOP/s) at 34% MFU in 95 days.

    Accelerators: 2.15e25 / (312e12 x 0.34 x 95 x 86,400 s) = 24,692.3 -> 24,693 A100
    (the workload layer rounds a solved count up), i.e. ~25,000 as SemiAnalysis reports.
    One run a year keeps 24,693 x 95 / 365.25 = 6,422.6 A100-years busy, and one A100 is
    312 / 989.4 = 0.31534 H100e, so the fleet is 6,422.6 x 0.31534 = 2,025.3 H100e.
    Each H100e delivered serves fleet_lifetime_years = 5 years, so a constant fleet
    needs 2,025.3 / 5 = 405.1 H100e delivered a year. (Counting the whole cluster for
    the year would give 24,693 x 0.31534 = 7,787 H100e, 3.8x more, and delivered yearly
    it would be 19x more.)

    Goodput 1: the estimate's MFU reproduces its own FLOPs over the 95 days (a
    whole-run figure), so no failure time is added on top.

    Tolerance 1e-4 relative: the hand values are rounded to 5 significant figures.
    """
    count = np.ceil(GPT4_FLOP / (A100_BF16 * 0.34 * 95 * 86400))
    assert count == 24_693
    fleet_by_hand = count * 95 / 365.25 * (A100_BF16 / H100_BF16)
    assert fleet_by_hand == pytest.approx(2025.3, rel=1e-4)
    w = Workload(
        train=TrainWorkload(flops=2.15e25, accelerator="a100", mfu=0.34, days=95, goodput=1),
        runs_by_year={2026: 1},
    )
    years = np.arange(2026, 2031)
    fleet = workload_fleet_h100e(w, years)
    np.testing.assert_allclose(fleet, 2025.3, rtol=1e-4)
    np.testing.assert_allclose(deliveries_for_fleet(fleet, 5), 405.06, rtol=1e-4)


def test_published_run_by_name_and_interpolated_runs() -> None:
    """``model: gpt-4`` takes the runs table's 25,000 A100 at 34% MFU, so days are
    solved: 2.15e25 / (25,000 x 312e12 x 0.34 x 86,400) = 93.83 days. The A100-years of
    one run do not depend on the count: 2.15e25 / (312e12 x 0.34 x 365.25 x 86,400 s)
    = 6,422.6, x 0.31534 = 2,025.3 H100e. ``runs_by_year: {2026: 1, 2028: 3}`` is
    interpolated like the other year maps (2 runs in 2027) and held flat after 2028.
    Tolerance 1e-4 relative (hand rounding)."""
    w = Workload(train=TrainWorkload(model="gpt-4"), runs_by_year={2026: 1, 2028: 3})
    fleet = workload_fleet_h100e(w, np.arange(2026, 2030))
    per_run = GPT4_FLOP / (A100_BF16 * 0.34 * SECONDS_PER_YEAR) * A100_BF16 / H100_BF16
    assert per_run == pytest.approx(2025.3, rel=1e-4)
    np.testing.assert_allclose(fleet, [2025.3, 4050.6, 6075.9, 6075.9], rtol=1e-4)


def test_inference_service_by_hand_from_infer(scenario_file: Path) -> None:
    """Llama 3.1 405B in FP8, 8k prompts, 1k outputs, 1e10 tokens/day doubling yearly.

    ``infer`` gives A1 H100 for 1e10 tokens/day and A2 for 2e10 (each H100 is 1 H100e).
    With 5-year lifetimes and a steady state before 2026 (A1/5 delivered each year):
    2026 delivers A1 - 4 x A1/5 = A1/5; 2027 delivers A2 - (3 x A1/5 + A1/5) = A2 - 4A1/5,
    the growth plus a fifth of the fleet it replaces. Exact up to float rounding (1e-9).
    """
    kw = {"prompt_tokens": 8000, "output_tokens": 1000, "precision": "fp8"}
    a1 = infer("llama-3.1-405b", tokens_per_day=1e10, **kw).accelerators
    a2 = infer("llama-3.1-405b", tokens_per_day=2e10, **kw).accelerators
    assert a2 > a1 > 0
    w = load_scenario(scenario_file).demand[1].workloads[0]  # type: ignore[index]
    fleet = workload_fleet_h100e(w, np.array([2026, 2027]))
    np.testing.assert_allclose(fleet, [a1, a2], rtol=1e-9)
    np.testing.assert_allclose(deliveries_for_fleet(fleet, 5), [a1 / 5, a2 - 4 * a1 / 5], rtol=1e-9)


def test_deliveries_rebuild_the_planners_fleet() -> None:
    """Invariant: the planner counts the fleet in year t as the deliveries of the last L
    years (``plan.solve``'s power table), so for a fleet that never shrinks the sum of
    the last L deliveries (steady state before the first year) equals the fleet, and
    no delivery is negative. Random fleets, seeded; scalar rows and a 2-D array agree.
    Tolerance 1e-9 relative (float sums)."""
    rng = np.random.default_rng(5)
    fleets = np.cumsum(rng.uniform(0, 100, size=(20, 12)), axis=1)
    for life in (1, 3, 5):
        d = deliveries_for_fleet(fleets, life)
        assert (d >= 0).all()
        pad = np.concatenate([np.repeat(fleets[:, :1] / life, life - 1, axis=1), d], axis=1)
        rebuilt = np.stack([pad[:, t : t + life].sum(axis=1) for t in range(12)], axis=1)
        np.testing.assert_allclose(rebuilt, fleets, rtol=1e-9)
        np.testing.assert_allclose(deliveries_for_fleet(fleets[3], life), d[3], rtol=1e-12)


def test_workload_demand_adds_to_the_class_map_and_plans(scenario_file: Path) -> None:
    """Class 'training' = 1,000 H100e/year (its map) + the GPT-4 runs' deliveries: 1, 2,
    3, 3 runs in 2026-2029 keep 2,025.3 x (1, 2, 3, 3) H100e busy; steady state before
    2026 at 2,025.3 (405.06/year), so 2026 delivers 405.06, 2027 2,025.3 (the increase
    2,025.3 + one retirement 405.06 = 2,430.4), 2028 6,075.9 - (2 x 405.06 + 405.06 +
    2,430.4) = 2,430.4, 2029 6,075.9 - (405.06 + 405.06 + 2,430.4 + 2,430.4) = 405.06.
    The scenario then plans (exit 0) and the result's demand table carries these.
    Tolerance 1e-4 relative (hand rounding)."""
    from tigris.plan import solve

    _, inp, notes = assemble_file(scenario_file)
    expected = 1000 + np.array([405.06, 2430.4, 2430.4, 405.06])
    np.testing.assert_allclose(inp.demand[0], expected, rtol=1e-4)
    assert any("workload 0 (train)" in p for p in notes["parameter"])
    res = solve(scenario_file, time_limit_s=30)
    table = res.demand[res.demand["demand_class"] == "training"]
    np.testing.assert_allclose(table["demand_h100e"].to_numpy(), expected, rtol=1e-4)


def test_plan_cli_runs_a_workload_scenario(run_cli, scenario_file: Path) -> None:
    res = run_cli("plan", scenario_file, "--json")
    assert res.code == 0, res.err
    classes = {r["demand_class"] for r in res.json()["demand"]}
    assert classes == {"training", "inference"}


def _line(text: str, needle: str, after: int = 0) -> int:
    lines = text.splitlines()
    return next(i for i, ln in enumerate(lines, start=1) if i > after and needle in ln)


def test_bad_workloads_are_reported_at_once_with_file_and_line(run_cli, tmp_path: Path) -> None:
    """Unknown model, unknown accelerator and a run with only one of count/days/mfu,
    in three entries of one file: the workload layer's own checks, each reported as
    ``file:line: demand.N.workloads.M.field: message`` in one run, exit code 2, with
    the layer's flags named as the file's fields."""
    text = SCENARIO.replace(
        "        runs_by_year: {2026: 1, 2028: 3}\n",
        "        runs_by_year: {2026: 1, 2028: 3}\n"
        "      - train: {model: gpt-5x}\n"
        "        runs_by_year: {2026: 1}\n"
        "      - train:\n"
        "          flops: 1.0e25\n"
        "          accelerator: a1000\n"
        "          mfu: 0.4\n"
        "          days: 90\n"
        "        runs_by_year: {2026: 1}\n"
        "      - train:\n"
        "          flops: 1.0e25\n"
        "          mfu: 0.4\n"
        "        runs_by_year: {2026: 1}\n",
    )
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    model_line = _line(text, "model: gpt-5x")
    acc_line = _line(text, "accelerator: a1000")
    third = _line(text, "- train:", after=acc_line)
    for args in (("scenario", "check", path), ("plan", path)):
        res = run_cli(*args)
        assert res.code == 2, res.out
        errs = res.err.strip().splitlines()
        assert len(errs) == 3, errs
        assert "Traceback" not in res.err
        assert errs[0].startswith(
            f"error: {path}:{model_line}: demand.0.workloads.1.train.model: unknown model 'gpt-5x'"
        )
        assert errs[1].startswith(
            f"error: {path}:{acc_line}: demand.0.workloads.2.train.accelerator: "
            "unknown accelerator 'a1000'"
        )
        # the command line's advice, not the Python API's (user test 2026-12-05)
        assert "add your own with --data FILE" in errs[1]
        assert "data_overlay" not in res.err
        assert errs[2] == (
            f"error: {path}:{third}: demand.0.workloads.3.train: give count or days with "
            "mfu: two of count, days, mfu and the third is solved (got only mfu)"
        )


@pytest.mark.parametrize(
    ("old", "new", "needle", "field"),
    [
        # the run repeats: how often must be said
        ("        runs_by_year: {2026: 1, 2028: 3}\n", "", "needs runs_by_year", "workloads.0"),
        # a misspelt input of train, with the closest name
        ("          mfu: 0.34\n", "          mfuu: 0.34\n", "did you mean 'mfu'", "mfuu"),
        # a year outside the horizon
        ("{2026: 1, 2028: 3}", "{2026: 1, 2031: 3}", "outside the horizon", "runs_by_year.2031"),
        # an inference service with no load
        ("        tokens_per_day: 1.0e10\n", "", "tokens_per_day", "workloads.0"),
    ],
    ids=["no-runs", "misspelt-field", "year-outside-horizon", "no-load"],
)
def test_bad_workload_shapes_are_one_line(
    run_cli, tmp_path: Path, old: str, new: str, needle: str, field: str
) -> None:
    text = SCENARIO.replace(old, new, 1)
    assert text != SCENARIO
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", path)
    assert res.code == 2
    assert "Traceback" not in res.err
    assert any(needle in ln and field in ln and f"{path}:" in ln for ln in res.err.splitlines())
    assert len(res.err.strip().splitlines()) == 1, res.err


def test_reference_example_is_valid_and_adds_a_class(tmp_path: Path) -> None:
    """The commented example in the reference scenario, uncommented, is a valid fourth
    demand class: its 2025 demand is the GPT-4 run's fleet (2,025.3 H100e, derived
    above) plus the Llama service's, delivered at 1/5 a year in the steady state, so at
    least 2,025.3 / 5 = 405.06 H100e; the reference's own three classes are unchanged.
    Tolerance 1e-4 relative (hand rounding)."""
    from tigris.scenario import reference_scenario_text

    lines = reference_scenario_text().splitlines()
    start = next(i for i, ln in enumerate(lines) if "--- example: demand from workloads" in ln)
    end = next(i for i, ln in enumerate(lines) if "--- end of example" in ln)
    body = [ln.replace("  # ", "  ", 1) for ln in lines[start + 1 : end]]
    text = "\n".join(lines[: start + 1] + body + lines[end:]) + "\n"
    path = tmp_path / "ref_with_workloads.yaml"
    path.write_text(text, encoding="utf-8")
    _, inp, _ = assemble_file(path)
    _, ref, _ = assemble_file(_reference_path())
    assert inp.classes[-1] == "lab-workloads"
    np.testing.assert_array_equal(inp.demand[:3], ref.demand)
    assert inp.demand[3, 0] > 405.06 * (1 - 1e-4)
    assert (inp.demand[3] > 0).all()


def _reference_path() -> Path:
    from importlib import resources

    return Path(str(resources.files("tigris.data") / "reference_scenario.yaml"))
