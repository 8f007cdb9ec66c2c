"""Sample balance of a Monte Carlo run (session 37, RISK-BAL; user test UT-UTILITY #8).

Claims, checked against hand computations, not the code's own output:

1. the exact two-sided binomial p-value: 0 (or 17) of 17 below the median is
   2 x 0.5^17; 8 of 17 is 1 (each tail holds half the mass of Binomial(17, 1/2), by
   symmetry); against p = 0.3 it is the sum of the probabilities no larger than the one
   seen, summed here with math.comb;
2. the CDF the median is read from: a triangular's share below its mode is (mode -
   low)/(high - low) (0.53 / 1.73 for ai_growth_scale, 30.6 %, the user test's figure);
   each kind's CDF undoes its quantile;
3. a hand-made lopsided sample (one of 29 inputs with 0 of 17 below its median) is
   flagged, its Holm p-value 29 x 2 x 0.5^17; a balanced one (8 of 17 below everywhere)
   flags nothing; an input drawn to whole numbers drops the draws equal to its median
   (ties) and tests the rest against its CDF's share;
4. the plan as planned outside the sampled p5-p95 is named with its side; inside, or
   outside only by solver noise, it is not;
5. a small real run (the tiny risky scenario, 5 plans) has the JSON field ``balance``
   last, with each input's count equal to its draws below the distribution's median
   counted here, and the HTML report has the section; ``tigris report --help`` says
   that --png writes about 50 pages and takes minutes (UT-UTILITY #12).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import tigris
from tests.conftest import CliResult, write_scenario
from tests.test_risk_api import CAPITAL, DEMAND, RISKY

#: Inputs of the reference scenario's distributions (tigris risk's Holm family there).
REFERENCE_INPUTS = 29
#: Draws of the README's reference run.
N = 17


def _hand_binomial(k: int, n: int, p: float) -> float:
    """Two-sided exact binomial p-value by hand: the probabilities no larger than the
    one seen, summed (Conover 1999, section 3.1)."""
    pmf = [math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(n + 1)]
    return min(1.0, sum(q for q in pmf if q <= pmf[k] * (1 + 1e-7)))


def test_binomial_p_of_0_and_17_of_17_is_twice_half_to_the_17th() -> None:
    from tigris.risk.balance import binomial_p

    assert binomial_p(0, N) == 2 * 0.5**N
    assert binomial_p(N, N) == 2 * 0.5**N
    assert binomial_p(8, N) == 1.0  # P(K <= 8) = 1/2 exactly for n = 17
    assert binomial_p(4, N) == pytest.approx(2 * sum(math.comb(N, j) for j in range(5)) / 2**N)


def test_binomial_p_against_a_share_other_than_a_half() -> None:
    from tigris.risk.balance import binomial_p

    for k in (0, 3, 5, 12):
        assert binomial_p(k, N, 0.3) == pytest.approx(_hand_binomial(k, N, 0.3), rel=1e-9)
    # the user test's figure: none of 17 below a mode holding 30.6 % of the mass
    assert 0.7**N < binomial_p(0, N, 0.3) < 0.01


def test_cdf_of_a_triangular_at_its_mode_and_each_kind_undoes_its_quantile() -> None:
    from tigris.risk.balance import cdf
    from tigris.risk.distributions import Lognormal, Normal, Pert, Triangular, Uniform, quantile

    growth = Triangular(low=0.47, mode=1.0, high=2.2)
    assert cdf(growth, 1.0) == pytest.approx(0.53 / 1.73, rel=1e-12)  # 0.306
    kinds = [
        growth,
        Uniform(low=2.0, high=4.0),
        Pert(low=36.0, mode=48.0, high=84.0),
        Lognormal(median=3.0, sigma=0.4),
        Normal(mean=0.08, sd=0.01),
        Normal(mean=0.08, sd=0.01, low=0.07, high=0.2),
    ]
    for spec in kinds:
        for u in (0.05, 0.3, 0.5, 0.9):
            assert cdf(spec, float(quantile(spec, u))) == pytest.approx(u, abs=1e-9), spec


def _uniform_specs(k: int) -> dict[str, Any]:
    from tigris.risk.distributions import Uniform

    return {f"x{i}": Uniform(low=0.0, high=1.0) for i in range(k)}


def _draws(below: int, n: int = N) -> list[float]:
    """``below`` draws under 0.5 (the median of uniform(0, 1)), the rest above."""
    return [0.25] * below + [0.75] * (n - below)


def test_a_lopsided_sample_is_flagged_with_holms_p_value() -> None:
    from tigris.risk.balance import sample_balance

    specs = _uniform_specs(REFERENCE_INPUTS)
    draws = {p: _draws(8 if i % 2 else 9) for i, p in enumerate(specs)}
    draws["x7"] = _draws(0)  # none of 17 below the median
    b = sample_balance(specs, draws)
    assert b["lopsided"] == ["x7"]
    e = b["inputs"]["x7"]
    assert (e["below"], e["above"], e["median"]) == (0, N, 0.5)
    assert e["p_value"] == 2 * 0.5**N
    assert e["p_adjusted"] == pytest.approx(REFERENCE_INPUTS * 2 * 0.5**N, rel=1e-12)
    assert e["lopsided"] and b["tests"] == REFERENCE_INPUTS


def test_a_balanced_sample_flags_nothing() -> None:
    from tigris.risk.balance import sample_balance

    specs = _uniform_specs(REFERENCE_INPUTS)
    b = sample_balance(specs, {p: _draws(8) for p in specs})
    assert b["lopsided"] == []
    assert all(e["p_value"] == 1.0 and not e["lopsided"] for e in b["inputs"].values())


def test_holm_keeps_a_single_borderline_input_unflagged_among_many() -> None:
    # 2 of 17 below: p = 2 (1 + 17 + 136) / 2^17 = 0.00235 alone, x 29 = 0.068 > 5 %
    from tigris.risk.balance import sample_balance

    specs = _uniform_specs(REFERENCE_INPUTS)
    draws = {p: _draws(8) for p in specs}
    draws["x0"] = _draws(2)
    b = sample_balance(specs, draws)
    e = b["inputs"]["x0"]
    assert e["p_value"] == pytest.approx(2 * (1 + 17 + 136) / 2**N, rel=1e-12)
    assert e["p_adjusted"] == pytest.approx(REFERENCE_INPUTS * e["p_value"], rel=1e-12)
    assert b["lopsided"] == []


def test_a_rounded_input_drops_ties_and_uses_its_cdf_share() -> None:
    from tigris.risk.balance import sample_balance
    from tigris.risk.distributions import Triangular

    # months drawn from triangular(0, 0, 10) and rounded: median 10 - sqrt(50) = 2.93 -> 3;
    # P(Y < 3) = F(2.5) = 1 - 7.5^2/100 = 0.4375, P(Y > 3) = 1 - F(3.5) = 6.5^2/100 = 0.4225
    spec = Triangular(low=0.0, mode=0.0, high=10.0)
    draws = [1, 2, 3, 3, 3, 4, 5, 6, 7, 8]
    b = sample_balance({"m": spec}, {"m": draws}, rounded=["m"], planned={"m": 3.0})
    e = b["inputs"]["m"]
    assert (e["median"], e["below"], e["above"]) == (3.0, 2, 5)
    share = 0.4375 / (0.4375 + 0.4225)
    assert e["expected_share_below"] == pytest.approx(share, rel=1e-12)
    assert e["p_value"] == pytest.approx(_hand_binomial(2, 7, share), rel=1e-9)


def test_the_planned_value_count_says_which_side_the_draws_fell() -> None:
    # the user test's case: no draw below the mode 1.0, where 30.6 % of the mass lies
    from tigris.risk.balance import sample_balance
    from tigris.risk.distributions import Triangular

    spec = Triangular(low=0.47, mode=1.0, high=2.2)
    draws = list(np.linspace(1.03, 1.63, N))
    b = sample_balance({"g": spec}, {"g": draws}, planned={"g": 1.0})
    pl = b["inputs"]["g"]["planned"]
    assert (pl["below"], pl["above"]) == (0, N)
    assert pl["expected_share_below"] == pytest.approx(0.53 / 1.73, rel=1e-12)
    assert pl["p_value"] == pytest.approx(_hand_binomial(0, N, 0.53 / 1.73), rel=1e-9)


def test_band_check_names_the_side_and_ignores_solver_noise() -> None:
    from tigris.risk.balance import band_check

    def band(lo: float, hi: float) -> dict[str, float]:
        return {"p5": lo, "p95": hi}

    q = {
        "energy_twh": {"values": {"2026": band(272.0, 307.0), "2027": band(1.0, 2.0)}},
        "unmet_share": {"values": {"2026": band(0.0, 0.25), "2027": band(0.0, 0.0)}},
    }
    det = {
        "energy_twh": {"2026": 266.4, "2027": 1.5},
        "unmet_share": {"2026": 0.265, "2027": 1e-9},  # 1e-9: noise, not a share
    }
    out = band_check(q, det)
    assert [(b["output"], b["year"], b["side"]) for b in out] == [
        ("energy_twh", "2026", "below"),
        ("unmet_share", "2026", "above"),
    ]


def test_summary_lines_say_lopsided_or_balanced() -> None:
    from tigris.risk.balance import sample_balance, summary_lines

    specs = _uniform_specs(3)
    draws = {p: _draws(8) for p in specs}
    draws["x1"] = _draws(0)
    bal = sample_balance(specs, draws)
    bal["planned_outside_band"] = [
        {"output": "energy_twh", "year": "2026", "planned": 1.0, "p5": 2, "p95": 3, "side": "below"}
    ]
    lines = summary_lines(bal, {"energy_twh": "energy"})
    assert lines[0].startswith("warning: lopsided sample: x1 drew 0 of 17 below its median 0.5")
    assert "below it: energy 2026" in lines[-1]
    del draws["x1"]
    bal = sample_balance({p: specs[p] for p in draws}, draws)
    assert summary_lines(bal)[0].startswith("balance: no input's draws are lopsided")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = write_scenario(tmp_path_factory.mktemp("riskbal"), RISKY)
    return tigris.risk(path, samples=5, seed=11, workers=0)


def test_the_json_of_a_small_run_has_balance_last_with_hand_counts(small: Any) -> None:
    doc = small.to_dict()
    # appended after the keys before it; 'stopped' (2026-12-05, plans stopped at the
    # time limit) was appended after it
    assert list(doc)[-2:] == ["balance", "stopped"]
    bal = doc["balance"]
    medians = {DEMAND: (6.0e6 + 1.6e7) / 2, CAPITAL: (2.0e9 + 3.0e9) / 2}  # uniform
    assert set(bal["inputs"]) == set(medians)
    for path, m in medians.items():
        x = small.monte_carlo.inputs[path].to_numpy(dtype=float)
        e = bal["inputs"][path]
        assert e["median"] == pytest.approx(m, rel=1e-12)
        assert (e["below"], e["above"]) == (int((x < m).sum()), int((x > m).sum()))
        assert e["p_value"] == pytest.approx(_hand_binomial(e["below"], 5, 0.5), rel=1e-12)
        assert e["p_value"] >= 2 * 0.5**5  # 5 draws can never be lopsided at 5 %
    assert bal["lopsided"] == []
    for b in bal["planned_outside_band"]:
        v = doc["deterministic"][b["output"]][b["year"]]
        q = doc["quantiles"][b["output"]]["values"][b["year"]]
        assert not (q["p5"] <= v <= q["p95"])


def test_the_report_has_the_balance_section(small: Any, tmp_path: Path) -> None:
    html = small.write_report(tmp_path / "risk.html").read_text()
    assert '<section id="balance">' in html and "table-balance" in html


def test_report_help_says_png_writes_about_60_pages_and_takes_minutes(
    run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    res = run_cli("report", "--help")
    assert res.code == 0
    text = " ".join(res.out.replace("│", " ").split())
    assert "about 60 pages" in text and "take minutes" in text
