"""Defects found by a risk analyst's user test (2026-12-06), checked against simulation.

1. "How sure these are" said another seed's value falls in each 90 % interval "about as
   often as the level says". An interval covers the *true* value with its level; a
   second seed's estimate carries its own error and lands inside less often (for a
   normal estimate P(|Z| < 1.645 / sqrt 2) = 76 %). Simulated here on a known
   distribution with the intervals tigris prints (17 plans, as the docs' risk run).
7. The fan chart said its light band "holds 90 %" of the plans; its ends are quantiles
   interpolated between the plans (numpy's linear rule), so over 4 plans it holds 2.
"""

from __future__ import annotations

import numpy as np

from tigris.report.risk import FAN_CAPTION
from tigris.risk.mcerror import mean_interval, quantile_interval

N_PLANS = 17
TRIALS = 2000


def test_intervals_cover_the_truth_at_their_level_and_another_seed_less_often() -> None:
    rng = np.random.default_rng(20261206)
    true_median, true_mean = np.log(2.0), 1.0  # exponential with mean 1
    cover = {"p50": 0, "mean": 0}
    again = {"p50": 0, "mean": 0}
    for _ in range(TRIALS):
        a = rng.exponential(size=N_PLANS)
        b = rng.exponential(size=N_PLANS)  # another seed
        lo, hi, _ = quantile_interval(a, 0.5)
        cover["p50"] += lo <= true_median <= hi
        again["p50"] += lo <= float(np.quantile(b, 0.5)) <= hi
        lo, hi, _ = mean_interval(a)
        cover["mean"] += lo <= true_mean <= hi
        again["mean"] += lo <= float(b.mean()) <= hi
    # the median's order-statistic interval is exact (coverage >= 0.9 by construction);
    # the t interval of a skewed mean from 17 falls a little short of its 90 %
    assert cover["p50"] / TRIALS >= 0.88
    assert cover["mean"] / TRIALS >= 0.85
    for key in cover:
        assert again[key] / TRIALS < 0.85, key  # well below the level: not "as often"
        assert again[key] < cover[key], key


def test_the_risk_text_says_what_the_intervals_cover() -> None:
    from tests.test_s36_risk_mcerror import _constructed
    from tigris.cli._output import console
    from tigris.cli.risk import print_summary
    from tigris.risk.api import RiskResult

    mc = _constructed(0)
    res = RiskResult(scenario="hand", horizon=(2026, 2028), monte_carlo=mc, outputs=[])
    with console.capture() as cap:
        print_summary(res, res.to_dict())
    text = " ".join(cap.get().split())
    assert "covers the true value" in text
    assert "about as often as the level" not in text


def test_the_fan_caption_does_not_promise_90_percent_of_few_plans() -> None:
    plans = np.array([1.0, 2.0, 3.0, 4.0])
    lo, hi = np.quantile(plans, [0.05, 0.95])
    inside = int(((plans > lo) & (plans < hi)).sum())
    assert inside == 2  # the middle 2 of 4, as the caption says
    assert "holds 90 %" not in FAN_CAPTION and "over 4, the light band holds the middle 2" in (
        " ".join(FAN_CAPTION.split())
    )


def test_a_disruption_on_a_scenario_without_distributions_names_what_is_missing() -> None:
    """Risk user test #4: the refusal blamed --samples, which the user had not given."""
    import pytest

    import tigris
    from tigris.errors import InputError
    from tigris.scenario import reference_scenario

    sc = reference_scenario().model_copy(update={"distributions": {}, "correlations": []})
    with pytest.raises(InputError) as err:
        tigris.risk(sc, disruptions=["taiwan-12m"], workers=0)
    assert err.value.problems[0].field == "disruptions"
    assert "declares no distributions" in str(err.value) and "Monte Carlo" in str(err.value)


def test_compare_sweep_gives_no_npv_change_across_discount_rates(tmp_path) -> None:
    """Risk user test #3: a member at 10 % less member 0 at 6 % was printed as an NPV
    change; pairwise compare says such NPVs are not comparable as they stand."""
    import math

    import tigris
    from tests.conftest import SMALL
    from tigris.runs.compare import compare_sweep

    f = tmp_path / "small.yaml"
    f.write_text(SMALL)
    store = tmp_path / "runs.duckdb"
    res = tigris.sweep(str(f), {"discount_rate": [0.06, 0.10]}, workers=0, store=store)
    df = compare_sweep(res.sweep_id, store=store)
    one = df[df["member"] == 1].iloc[0]
    assert math.isnan(one["npv_usd_change"]) and math.isnan(one["npv_without_salvage_usd_change"])
    assert "discount_rate 0.1 (member 0: 0.06)" in one["rate_note"]
    assert not math.isnan(one["served_h100e_change"])  # undiscounted: still a change
    assert not isinstance(df[df["member"] == 0].iloc[0]["rate_note"], str)


def test_an_input_that_moves_nothing_can_rank_high_by_chance() -> None:
    """Risk user test #5: nodes.N3.d0_mature_per_cm2 ranked 2nd for NPV (rho -0.69, n.s.)
    though its tornado swing is $0. From 17 plans, among 29 inputs of no effect the
    largest |rho| passes 0.5 most of the time (simulated), so the caption says an n.s.
    row's order is chance, not a ranking."""
    from tests.test_s36_risk_mcerror import _constructed
    from tigris.cli._output import console
    from tigris.cli.risk import print_summary
    from tigris.risk.api import RiskResult

    rng = np.random.default_rng(5)
    trials, inputs = 400, 29
    ranks = np.argsort(np.argsort(rng.normal(size=(trials, inputs, N_PLANS)), -1), -1)
    y = np.argsort(np.argsort(rng.normal(size=(trials, 1, N_PLANS)), -1), -1)
    xc, yc = ranks - ranks.mean(-1, keepdims=True), y - y.mean(-1, keepdims=True)
    rho = (xc * yc).sum(-1) / np.sqrt((xc**2).sum(-1) * (yc**2).sum(-1))  # Spearman
    assert (np.abs(rho).max(-1) >= 0.5).mean() > 0.5
    mc = _constructed(0)
    res = RiskResult(scenario="hand", horizon=(2026, 2028), monte_carlo=mc, outputs=[])
    with console.capture() as cap:
        print_summary(res, res.to_dict())
    assert "can rank high by chance" in " ".join(cap.get().split())


def test_a_one_file_export_refuses_a_missing_folder(tmp_path, small_store) -> None:
    """Risk user test #8: runs export --out nodir/x.xlsx created nodir/, where --report
    and --figure refuse a missing folder (docs: one file names no folder to create); a
    folder export (csv) still creates its folder."""
    import pytest

    from tigris.errors import InputError
    from tigris.runs.export import export_run

    store, rid = small_store
    with pytest.raises(InputError, match=r"folder .* does not exist"):
        export_run(store, rid, "xlsx", tmp_path / "nodir" / "x.xlsx")
    assert not (tmp_path / "nodir").exists()
    written = export_run(store, rid, "csv", tmp_path / "new" / "sub")
    assert written and (tmp_path / "new" / "sub").is_dir()
