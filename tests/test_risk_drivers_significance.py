"""Spearman drivers: enough plans, their significance, and inputs that moved nothing
(user test 2026-12-03, fourth session, #13: drivers ranked from 3 plans, every rho
+-1, and a CoWoS capex "driving" NPV in a plan that builds no CoWoS).

Claims checked against the world, not the code's output:

- the fewest plans, 17, is where a rank correlation of 0.5 first becomes significant
  at 5 % in a permutation test (the exact null distribution of Spearman's rho, drawn
  here by shuffling ranks): 16 pairs give p > 0.05, 17 give p < 0.05;
- the p-value shown is within 0.005 of that permutation test's;
- an input that acts only on a facility no plan built ranks last and says so, however
  well it correlates by chance; a clear driver ranks first, a noise input is marked
  "not significant";
- fewer plans than the minimum rank nothing in ``tigris risk``'s ranking.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.conftest import SMALL_3Y
from tigris.risk.api import RiskResult
from tigris.risk.montecarlo import (
    BUILT,
    NOT_BUILT,
    NOT_SIGNIFICANT,
    MonteCarlo,
    min_driver_samples,
    quantile_table,
    spearman_p,
    unbuilt_inputs,
)
from tigris.scenario.edit import load_any

#: Shuffles per permutation test: the estimate's standard error at p = 0.05 is 0.00034.
PERMUTATIONS = 400_000


def _permutation_p(rho: float, n: int, seed: int) -> float:
    """P(|rho| >= ``rho``) for n independent pairs: the share of random permutations
    of ranks whose Spearman rho, ``1 - 6 sum d^2 / (n (n^2 - 1))`` (Spearman 1904), is
    at least that large in size."""
    rng = np.random.default_rng(seed)
    ranks = np.arange(n, dtype=np.int16)
    perm = rng.permuted(np.tile(ranks, (PERMUTATIONS, 1)), axis=1)
    d2 = ((perm - ranks) ** 2).sum(axis=1, dtype=np.int64)
    r = 1.0 - 6.0 * d2 / (n * (n * n - 1))
    return float((np.abs(r) >= rho - 1e-12).mean())


def test_seventeen_plans_is_where_a_rho_of_half_becomes_significant():
    assert min_driver_samples() == 17
    assert _permutation_p(0.5, 16, seed=1) > 0.05  # 16 is one short
    exact = _permutation_p(0.5, 17, seed=2)
    assert exact < 0.05
    assert spearman_p(0.5, 17) == pytest.approx(exact, abs=0.005)
    # a stricter size needs more plans, a looser one fewer
    assert min_driver_samples(0.3) > 17 > min_driver_samples(0.7)


N = 17
CLEAR = "demand.training.h100e_by_year.2028"
NOISE = "discount_rate"
IDLE = "facilities.0.capex_usd"  # SMALL_3Y's logic N4 facility: built by no member


def _hand(n: int, unbuilt: dict[str, str]) -> MonteCarlo:
    """n members: unmet share rises with the demand drawn; the discount rate is drawn
    in an order unrelated to it; the idle facility's capex is drawn in the unmet
    share's order (a correlation of +1 by chance)."""
    members = range(n)
    demand = [6e6 + 1e5 * m for m in members]
    noise = [0.08 + 0.001 * ((7 * m) % n) for m in members]  # a fixed shuffle
    rows = []
    for m in members:
        rows += [
            (m, "unmet_share_total", "all", 0.1 + 0.01 * m),
            (m, "capex_committed_usd", "all", 1e9),
            (m, "npv_total_usd", "all", -1e8),
            (m, "unmet_h100e", "2028", 1e5 * m),
            (m, "served_h100e", "2028", 6e6),
        ]
    outputs = pd.DataFrame(rows, columns=["member", "output", "year", "value"])
    inputs = pd.DataFrame({CLEAR: demand, NOISE: noise, IDLE: [1e9 + 1e7 * m for m in members]})
    return MonteCarlo(
        samples=n,
        seed=1,
        inputs=inputs,
        outputs=outputs,
        quantiles=quantile_table(outputs),
        deterministic={},
        failed=pd.DataFrame(columns=["member", "error"]),
        unbuilt=unbuilt,
    )


def _result(mc: MonteCarlo) -> RiskResult:
    return RiskResult(
        scenario="hand", horizon=(2026, 2028), monte_carlo=mc, outputs=["unmet_share_total"]
    )


def test_an_input_of_a_facility_never_built_ranks_last_and_says_so():
    sc = load_any(SMALL_3Y)
    built = {m: {"facility:cowos": 1.0, "site:japan": 1.0} for m in range(N)}
    unbuilt = unbuilt_inputs(sc, [CLEAR, NOISE, IDLE], built)
    assert unbuilt == {IDLE: "facility logic-N5"}
    d = _result(_hand(N, unbuilt)).drivers()
    assert d["path"].tolist() == [CLEAR, NOISE, IDLE]
    assert d["value"].iloc[0] == pytest.approx(1.0) and d["p_value"].iloc[0] < 0.05
    assert d["note"].iloc[0] == ""
    assert d["note"].iloc[1] == NOT_SIGNIFICANT and d["p_value"].iloc[1] >= 0.05
    assert d["note"].iloc[2].startswith(NOT_BUILT) and "logic-N5" in d["note"].iloc[2]
    doc = _result(_hand(N, unbuilt)).drivers_dict()["unmet_share_total"]
    assert [e["note"] for e in doc][1] == NOT_SIGNIFICANT
    assert doc[0]["p_value"] < 0.05


def test_fewer_plans_than_the_minimum_rank_nothing():
    d = _result(_hand(N - 1, {})).drivers()
    assert d.empty


def test_which_inputs_are_idle_follows_the_builds():
    sc = load_any(SMALL_3Y)
    paths = [
        "facilities.0.capex_usd",  # logic-N5: not built
        "facilities.logic-N5.ramp_months",  # the same facility by its type name
        "facilities.hbm.capex_usd",  # hbm: not built
        "facilities.1.capex_usd",  # cowos: built
        "facilities.0.module_capacity",  # not a build-only field: never called idle
        "data.sites.taiwan.construction_months",  # no site taiwan built
        "sites.japan.ramp_months",  # built at japan
    ]
    built = {0: {"facility:cowos": 2.0, "site:japan": 2.0}, 1: {}}
    assert unbuilt_inputs(sc, paths, built) == {
        "facilities.0.capex_usd": "facility logic-N5",
        "facilities.logic-N5.ramp_months": "facility logic-N5",
        "facilities.hbm.capex_usd": "facility hbm",
        "data.sites.taiwan.construction_months": "site taiwan",
    }
    # one member building logic at taiwan is enough to make those inputs count
    built[1] = {"facility:logic-N5": 1.0, "site:taiwan": 1.0}
    assert unbuilt_inputs(sc, paths, built) == {"facilities.hbm.capex_usd": "facility hbm"}
    assert unbuilt_inputs(sc, paths, {}) == {}  # no plan solved: nothing said


def test_modules_are_counted_by_facility_and_physical_site():
    """A builds table by hand, in the planner's form (facility kind and node, as the
    reference's gas data centres read: ``datacenter`` / ``gas``): 2 CoWoS modules at
    japan, 1 N3 logic module an incumbent builds at tsmc@taiwan, 3 grid and 29 gas data
    centres at texas-usa."""
    from tigris.risk.montecarlo import _modules_built_by

    builds = pd.DataFrame(
        {
            "site": ["japan", "tsmc@taiwan", "texas-usa", "texas-usa"],
            "facility": ["cowos", "logic", "datacenter", "datacenter"],
            "node": ["", "N3", "", "gas"],
            "modules": [2.0, 1.0, 3.0, 29.0],
        }
    )
    assert _modules_built_by(builds) == {
        "facility:cowos": 2.0,
        "facility:logic-N3": 1.0,
        "facility:datacenter": 3.0,
        "facility:datacenter-gas": 29.0,
        "site:japan": 2.0,
        "site:taiwan": 1.0,
        "site:texas-usa": 32.0,
    }
    assert _modules_built_by(builds.iloc[:0]) == {}
    assert BUILT == "modules_built_by"


def test_the_summary_marks_them(capsys):
    from tigris.cli.risk import _print_drivers

    unbuilt = {IDLE: "facility logic-N5"}
    _print_drivers(_result(_hand(N, unbuilt)).drivers_dict())
    rows = [line for line in capsys.readouterr().out.splitlines() if "│" in line]
    by_rank = {r.split("│")[2].strip(): r for r in rows if r.split("│")[2].strip().isdigit()}
    assert "<0.001" in by_rank["1"] and "never built" not in by_rank["1"]
    assert "n.s." in by_rank["2"]
    assert "never built" in by_rank["3"] and "<0.001" not in by_rank["3"]
