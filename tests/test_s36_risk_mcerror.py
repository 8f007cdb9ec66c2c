"""How sure a risk run's own numbers are (user test 2026-12-04 UT-RISK #1, #2, #5).

Claims, checked against hand computations and simulation, not the code's own output:

- the order-statistic interval of a median from 9 values is [x_(2), x_(8)], of coverage
  P(2 <= B <= 7), B ~ Binomial(9, 1/2), summed here by hand with math.comb;
- a p95 from n plans can be bounded at 90 % only from n = ln 0.1 / ln 0.95 -> 45;
- drawn again and again from a known distribution, the 90 % intervals of its p50 and
  p95 cover the true quantile at least 90 % of the time (exponential, 2,000 draws);
- Wilson's interval of 3 in 17 is 7.3 %-36.9 % (hand: z = 1.6449);
- Holm's adjusted p-values of three tests, by hand;
- a pure-noise input is not flagged among 29 noise inputs and one driver, where the
  uncorrected 5 % test flags some; an input of a facility never built is labelled as
  such, never "significant";
- the --json document carries an interval beside every quantile and mean, P(NPV < 0)
  and P(shortage over by a year) counted by hand, and the text prints them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from tigris.risk.mcerror import (
    mean_interval,
    min_plans_for_quantile,
    quantile_interval,
    wilson_interval,
)
from tigris.risk.montecarlo import (
    NOT_BUILT,
    NOT_SIGNIFICANT,
    MonteCarlo,
    holm,
    quantile_table,
)


def _binom_cover(n: int, q: float, lo: int, hi: int) -> float:
    """P(lo <= B <= hi), B ~ Binomial(n, q), summed by hand."""
    return sum(math.comb(n, k) * q**k * (1 - q) ** (n - k) for k in range(lo, hi + 1))


def test_median_interval_of_nine_by_hand():
    low, high, cover = quantile_interval([9, 1, 8, 2, 7, 3, 6, 4, 5], 0.5)
    assert (low, high) == (2.0, 8.0)
    assert cover == pytest.approx(_binom_cover(9, 0.5, 2, 7), abs=1e-12)
    assert cover == pytest.approx(1 - 2 * (1 + 9) / 512, abs=1e-12)
    # the next narrower pair does not reach 90 %
    assert _binom_cover(9, 0.5, 3, 6) < 0.90


def test_p95_needs_45_plans():
    assert math.ceil(math.log(0.1) / math.log(0.95)) == 45
    assert min_plans_for_quantile(0.95) == 45 == min_plans_for_quantile(0.05)
    assert quantile_interval(np.arange(44.0), 0.95) is None
    x = np.arange(45.0)
    _low, high, cover = quantile_interval(x, 0.95)
    assert high == 44.0  # the largest plan
    assert cover >= 0.90


@pytest.mark.parametrize(("q", "n"), [(0.5, 17), (0.95, 60)])
def test_intervals_cover_the_true_quantile(q: float, n: int):
    rng = np.random.default_rng(11)
    truth = -math.log(1 - q)  # exponential(1) quantile
    hits = 0
    trials = 2000
    for _ in range(trials):
        ci = quantile_interval(rng.exponential(size=n), q)
        assert ci is not None
        hits += ci[0] <= truth <= ci[1]
    # 2,000 trials: the share's standard error is 0.7 %; allow 2 of them below 90 %
    assert hits / trials >= 0.90 - 0.014


def test_mean_interval_by_hand():
    low, high, se = mean_interval([1.0, 2.0, 3.0, 4.0, 5.0])
    assert se == pytest.approx(math.sqrt(2.5 / 5))
    t_4 = 2.131847  # Student t, 4 d.f., 0.95 (tables)
    assert (low, high) == pytest.approx((3 - t_4 * se, 3 + t_4 * se), rel=1e-6)


def test_wilson_by_hand():
    z = 1.6448536
    for k, n in ((3, 17), (0, 17)):
        p = k / n
        den = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / den
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
        assert wilson_interval(k, n) == pytest.approx((max(0, centre - half), centre + half))
    assert wilson_interval(3, 17) == pytest.approx((0.0728, 0.3690), abs=5e-4)


def test_holm_by_hand():
    # sorted 0.01, 0.03, 0.04: 3 x 0.01 = 0.03; 2 x 0.03 = 0.06; max(0.06, 0.04) = 0.06
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])


N_PLANS = 40
DRIVER = "lease"
IDLE = "data.sites.taiwan.construction_months"
NOISE = [f"noise{i}" for i in range(28)]


def _constructed(seed: int) -> MonteCarlo:
    """40 plans: NPV = the lease draw plus small noise; 28 pure-noise inputs; one input
    of a site no plan built, drawn in NPV's order (a correlation of +1 by chance)."""
    rng = np.random.default_rng(seed)
    lease = rng.uniform(120, 207, N_PLANS)
    npv = (lease - 180) * 1e8 + rng.normal(0, 5e8, N_PLANS)
    inputs = pd.DataFrame({DRIVER: lease, **{p: rng.normal(size=N_PLANS) for p in NOISE}})
    inputs[IDLE] = np.argsort(np.argsort(npv)) + 13.0
    rows = []
    for m in range(N_PLANS):
        rows += [
            (m, "npv_total_usd", "all", npv[m]),
            (m, "unmet_share_total", "all", 0.5),
            (m, "capex_committed_usd", "all", 1e9),
            # shortage: over from 2027 in members 0..9, from 2028 in 10..19, never after
            (m, "unmet_h100e", "2026", 5.0e5),
            (m, "unmet_h100e", "2027", 0.0 if m < 10 else 5.0e5),
            (m, "unmet_h100e", "2028", 0.0 if m < 20 else 5.0e5),
            (m, "served_h100e", "2026", 1e6),
            (m, "served_h100e", "2027", 1e6),
            (m, "served_h100e", "2028", 1e6),
        ]
    outputs = pd.DataFrame(rows, columns=["member", "output", "year", "value"])
    return MonteCarlo(
        samples=N_PLANS,
        seed=seed,
        inputs=inputs,
        outputs=outputs,
        quantiles=quantile_table(outputs),
        deterministic={},
        failed=pd.DataFrame(columns=["member", "error"]),
        unbuilt={IDLE: "site taiwan"},
    )


RUNS = 200


def test_pure_noise_is_not_flagged_after_holm():
    """Holm keeps the chance of any noise input flagged in a run at most 5 %; the
    uncorrected test flags one in most runs (1 - 0.95^28 = 76 %)."""
    any_raw = any_holm = 0
    for seed in range(RUNS):
        d = _constructed(seed).drivers(["npv_total_usd"])
        noise = d[d["path"].isin(NOISE)]
        any_raw += bool((noise["p_value"] < 0.05).any())
        any_holm += bool((noise["note"] != NOT_SIGNIFICANT).any())
        top = d.iloc[0]
        assert top["path"] == DRIVER and top["note"] == "" and top["p_adjusted"] < 0.05
        idle = d[d["path"] == IDLE].iloc[0]
        assert idle["note"].startswith(NOT_BUILT) and idle["rank"] == len(d)
        assert math.isnan(idle["p_adjusted"])
    # binomial standard error of a 5 % share over 200 runs: 1.5 %; allow 3 of them
    assert any_holm / RUNS <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / RUNS)
    assert any_raw / RUNS >= 0.6


def test_json_has_intervals_and_probabilities():
    mc = _constructed(0)
    doc = mc.to_dict()
    npv = mc.outputs[mc.outputs["output"] == "npv_total_usd"]["value"].to_numpy()
    entry = doc["quantiles"]["npv_total_usd"]["values"]["all"]
    iv = entry["interval"]
    x = np.sort(npv)
    # 40 plans: a median interval exists and holds the median; p5/p95 cannot be bounded
    assert iv["p50"][0] <= entry["p50"] <= iv["p50"][1]
    assert iv["p50"][0] in x and iv["p50"][1] in x
    assert iv["p5"] is None and iv["p95"] is None
    se = np.std(npv, ddof=1) / math.sqrt(40)
    assert entry["mean_se"] == pytest.approx(se)
    assert iv["mean"][0] < entry["mean"] < iv["mean"][1]
    err = doc["mc_error"]
    assert err["unbounded"] == ["p5", "p95"] and "45 plans" in err["note"]
    probs = doc["probabilities"]
    k = int((npv < 0).sum())
    assert probs["npv_below_zero"]["k"] == k and probs["npv_below_zero"]["n"] == 40
    assert probs["npv_below_zero"]["p"] == pytest.approx(k / 40)
    lo, hi = probs["npv_below_zero"]["interval"]
    assert lo < k / 40 < hi
    ends = probs["shortage_ends_by"]
    assert [ends[y]["k"] for y in ("2026", "2027", "2028")] == [0, 10, 20]
    assert probs["irr_below_hurdle"] is None
    corr = doc["drivers_correction"]
    assert corr["tests"] == 29  # the idle input is not tested
    # z_{1 - 0.05/58} / sqrt(39)
    assert corr["smallest_significant_rho"] == pytest.approx(3.1334 / math.sqrt(39), rel=1e-3)


def test_text_prints_intervals_probabilities_and_warning():
    from tigris.cli._output import console
    from tigris.cli.risk import print_summary
    from tigris.risk.api import RiskResult

    mc = _constructed(0)
    res = RiskResult(scenario="hand", horizon=(2026, 2028), monte_carlo=mc, outputs=[])
    with console.capture() as cap:
        print_summary(res, res.to_dict())
    text = cap.get()
    assert "How sure these are: 90% intervals from 40 plans" in text
    assert "unbounded" in text
    assert "warning: p5, p95 from 40 plans cannot be bounded" in text
    assert "P(investor NPV < 0):" in text and "of 40 plans" in text
    assert "P(shortage over by 2028 and stays over): 50.0% (90% interval" in text
    assert "Holm" in text


def test_report_shows_the_holm_p():
    from tigris.report.risk_html import MEASURE_WORDS, _drivers_html
    from tigris.risk.api import RiskResult

    mc = _constructed(0)
    doc = RiskResult(scenario="hand", horizon=(2026, 2028), monte_carlo=mc, outputs=[]).to_dict()
    html = _drivers_html(doc)
    assert "p (Holm)" in html and "Holm" in html
    assert "base plan inside the bar" in MEASURE_WORDS["tornado_swing"]


def test_one_plan_bounds_nothing_and_says_so():
    from tigris.risk.montecarlo import mc_error_dict

    err = mc_error_dict(1)
    assert err["unbounded"] == ["p5", "p25", "p50", "p75", "p95"]
    assert err["note"].startswith("p5, p25, p50, p75, p95 from 1 plan cannot")
    assert mc_error_dict(45)["unbounded"] == []
