"""The two-stage stochastic plan (tigris.risk.stochastic): hand-derived RP, EEV and WS,
the orderings of Birge & Louveaux (2011, §4.1-4.2) on generated problems, K = 1 equal
to the deterministic plan, seeds.

The hand-derived problem uses :func:`tests.test_plan_tiny.tiny`: one product of 1 H100e
needing 0.01 logic wafers, a 1,000-wspm module (12,000 wafers, 1.2M H100e a year) that
costs $1B in its start year and $0.1B opex a year once it produces (from the year after
its start), written off in that year (no salvage), 0 % discount, $30,000 per unmet
H100e.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SMALL_3Y, replaced
from tests.test_plan_properties import _SETTINGS, FEW, problems
from tests.test_plan_tiny import tiny
from tigris.errors import InputError
from tigris.plan.inputs import PlanInputs
from tigris.risk.stochastic import (
    StochasticResult,
    mean_inputs,
    stochastic,
    stochastic_plan,
    worst_share,
)

#: HiGHS's feasibility tolerance, relative, on values solved with MIP gap 0 [-].
REL = 1e-6
#: Absolute slack on the orderings [USD]: 1e-6 model money units are $1.
ABS_USD = 10.0


def _two_year(demand_2026: float) -> PlanInputs:
    """:func:`tiny` over 2025-2026 with no demand in 2025 and no existing capacity."""
    return tiny(demand=[0.0, demand_2026])


def test_hand_derived_rp_eev_ws() -> None:
    """Two equally likely futures: no demand (low) or 2.0M H100e in 2026 (high).

    A module started in 2025 costs $1B + $0.1B opex = $1.1B and makes 1.2M H100e in
    2026; an unmet H100e costs $30,000. (A start in 2026 makes nothing within the
    horizon and is sold at cost in 2027: $0 at 0 %, so it changes no cost.)

    - WS: low builds nothing ($0); high builds 2 modules, 2.4M ≥ 2.0M ($2.2B);
      WS = (0 + 2.2)/2 = $1.1B.
    - EV: the mean demand, 1.0M, is met by 1 module ($1.1B < 1.0M x $30,000).
      EEV: low $1.1B (an idle module); high $1.1B + 0.8M x $30,000 = $25.1B;
      EEV = (1.1 + 25.1)/2 = $13.1B.
    - RP over n modules: n = 0: (0 + 60)/2 = $30B; n = 1: $13.1B; n = 2: (2.2 + 2.2)/2 =
      $2.2B; n = 3: $3.3B. RP = $2.2B with 2 modules.
    - VSS = 13.1 − 2.2 = $10.9B; EVPI = 2.2 − 1.1 = $1.1B; worst decile: the high
      future, 0 unmet.
    """
    r = stochastic_plan(
        [_two_year(0.0), _two_year(2.0e6)], [0.5, 0.5], names=["low", "high"], mip_gap=0.0
    )
    assert r.status == "optimal"
    assert r.ws_usd == pytest.approx(1.1e9, rel=REL)
    assert r.ev_usd == pytest.approx(1.1e9, rel=REL)
    assert r.eev_usd == pytest.approx(13.1e9, rel=REL)
    assert r.expected_cost_usd == pytest.approx(2.2e9, rel=REL)
    assert r.vss_usd == pytest.approx(10.9e9, rel=REL)
    assert r.evpi_usd == pytest.approx(1.1e9, rel=REL)
    assert r.builds.query("year == 2025")["modules"].sum() == 2
    t = r.scenarios.set_index("scenario")
    assert t.loc["high", "cost_ev_usd"] == pytest.approx(25.1e9, rel=REL)
    assert t.loc["low", "cost_ws_usd"] == pytest.approx(0.0, abs=ABS_USD)
    assert t["unmet_h100e"].tolist() == pytest.approx([0.0, 0.0], abs=1e-3)
    assert r.worst_decile_unmet_share == pytest.approx(0.0, abs=1e-9)


def test_a_solver_stopping_early_keeps_the_mean_value_builds(monkeypatch: Any) -> None:
    """The futures of :func:`test_hand_derived_rp_eev_ws` with the extensive form's
    solve replaced by one that stops at once with no build (a feasible first stage:
    (0 + $60B)/2 = $30B expected). The mean-value builds cost $13.1B in expectation, so
    they are kept as the stochastic plan: RP = EEV = $13.1B, VSS = 0, said in a note."""
    from tigris.risk import stochastic as mod
    from tigris.risk.extensive import Solved

    real = mod.solve_matrix
    block = mod.blocks_of([_two_year(0.0)])[0]
    n_block, n_build = len(block.matrix.cost), len(block.build)

    def early(p: Any, **kw: Any) -> Solved:
        if len(p.cost) > n_block:  # the extensive form: stopped at the no-build plan
            zero = real(p.fixed(np.arange(n_build), np.zeros(n_build)), **kw)
            return Solved("time_limit", zero.x, zero.objective, 0.0)
        return real(p, **kw)

    monkeypatch.setattr(mod, "solve_matrix", early)
    r = stochastic_plan([_two_year(0.0), _two_year(2.0e6)], [0.5, 0.5], mip_gap=0.0)
    assert r.source == "mean_value"
    assert r.expected_cost_usd == pytest.approx(13.1e9, rel=REL)
    assert r.eev_usd == pytest.approx(13.1e9, rel=REL)
    assert r.vss_usd == pytest.approx(0.0, abs=ABS_USD)
    assert r.builds.query("year == 2025")["modules"].sum() == 1
    assert any("keeps those builds" in n for n in r.notes)
    _check_orderings(r)


def test_later_builds_as_recourse() -> None:
    """2025-2027, demand only in 2027: none (low) or 2.0M H100e (high), equally likely.

    A module started in 2026 costs $1B + $0.1B opex (2027) = $1.1B and serves 1.2M in
    2027; one started in 2025 costs $1B + 2 x $0.1B = $1.2B for the same 2027 output.

    - Every year's builds first stage: n modules started in 2026 cost, in expectation,
      n = 0: $30B, n = 1: (1.1 + 25.1)/2 = $13.1B, n = 2: $2.2B: RP = $2.2B.
    - First stage through 2025: nothing is started in 2025 (a 2026 start serves the
      same year for less); the 2026 starts wait for the future: low builds none, high
      two, RP = (0 + 2.2)/2 = $1.1B = WS, EVPI = 0. The mean-value plan starts nothing in
      2025 either, so EEV = WS and VSS = 0.
    """
    futures = [tiny(n_years=3, demand=[0.0, 0.0, d]) for d in (0.0, 2.0e6)]
    whole = stochastic_plan(futures, [0.5, 0.5], mip_gap=0.0)
    assert whole.expected_cost_usd == pytest.approx(2.2e9, rel=REL)
    assert whole.evpi_usd == pytest.approx(1.1e9, rel=REL)
    assert whole.builds.query("year == 2026")["modules"].sum() == 2
    early = stochastic_plan(futures, [0.5, 0.5], mip_gap=0.0, first_stage_through=2025)
    assert early.expected_cost_usd == pytest.approx(1.1e9, rel=REL)
    assert early.ws_usd == pytest.approx(1.1e9, rel=REL)
    assert early.eev_usd == pytest.approx(1.1e9, rel=REL)
    assert early.evpi_usd == pytest.approx(0.0, abs=ABS_USD)
    assert early.builds.empty
    assert early.to_dict()["first_stage_through"] == 2025
    with pytest.raises(InputError, match="first_stage_through"):
        stochastic_plan(futures, [0.5, 0.5], first_stage_through=2024)


def test_unequal_probabilities_change_the_plan() -> None:
    """Same futures, high demand with probability 0.02: n = 0 costs 0.02 x $60B = $1.2B,
    n = 1: 0.98 x 1.1 + 0.02 x 25.1 = $1.58B, n = 2: $2.2B, so RP = $1.2B with no build.
    The high future is then the worst 2 % of mass, all of its 2.0M unmet: the worst
    decile's mean unmet share is 0.02 x 1 / 0.1 = 0.2."""
    r = stochastic_plan([_two_year(0.0), _two_year(2.0e6)], [0.98, 0.02], mip_gap=0.0)
    assert r.expected_cost_usd == pytest.approx(1.2e9, rel=REL)
    assert r.builds.query("year == 2025").empty
    assert r.worst_decile_unmet_share == pytest.approx(0.2, rel=REL)


def test_mean_value_builds_not_financed() -> None:
    """Capital $2B (A) or $0.5B (B) in 2025, equally likely, 1.0M H100e in 2026.

    - EV: mean capital $1.25B affords one $1B module: $1.1B < 1.0M x $30,000 = $30B.
    - EEV: in B that module needs $1B with $0.5B released: no plan, EEV = +inf
      (a 2026 start needs $1B by 2026 too), VSS = +inf.
    - RP: builds carried out in B too, so none: $30B in both; RP = $30B.
    - WS: A $1.1B, B $30B: $15.55B; EVPI = $14.45B.
    """
    futures = [tiny(demand=[0.0, 1.0e6], capital=[c]) for c in (2.0e9, 0.5e9)]
    r = stochastic_plan(futures, [0.5, 0.5], names=["A", "B"], mip_gap=0.0)
    assert r.ev_usd == pytest.approx(1.1e9, rel=REL)
    assert r.eev_usd == float("inf") and r.vss_usd == float("inf")
    assert r.eev_feasible_probability == pytest.approx(0.5)
    assert r.expected_cost_usd == pytest.approx(30e9, rel=REL)
    assert r.ws_usd == pytest.approx(15.55e9, rel=REL)
    assert r.evpi_usd == pytest.approx(14.45e9, rel=REL)
    assert r.builds.empty
    assert any("B (investor capex $1B by 2025, $0.5B released)" in n for n in r.notes), r.notes
    doc = r.to_dict()
    assert doc["eev_usd"] is None and doc["vss_usd"] is None
    json.dumps(doc, allow_nan=False)


def test_a_solver_without_a_plan_keeps_the_floor(monkeypatch: Any) -> None:
    """The futures of :func:`test_mean_value_builds_not_financed` with the extensive
    form's solve replaced by one that stops without a plan: the mean-value builds are no
    plan in B, so the start, the least builds allowed (none), is the stochastic plan:
    $30B in both futures, RP = $30B, said in a note."""
    from tigris.risk import stochastic as mod
    from tigris.risk.extensive import Solved

    futures = [tiny(demand=[0.0, 1.0e6], capital=[c]) for c in (2.0e9, 0.5e9)]
    real = mod.solve_matrix
    n_block = len(mod.blocks_of(futures[:1])[0].matrix.cost)

    def nothing(p: Any, **kw: Any) -> Solved:
        if len(p.cost) > n_block:
            return Solved("time_limit", None, float("inf"), 0.0)
        return real(p, **kw)

    monkeypatch.setattr(mod, "solve_matrix", nothing)
    r = stochastic_plan(futures, [0.5, 0.5], mip_gap=0.0)
    assert r.source == "floor"
    assert r.expected_cost_usd == pytest.approx(30e9, rel=REL)
    assert r.builds.empty
    assert any("stopped without a plan" in n for n in r.notes)
    _check_orderings(r)


def test_mean_value_builds_not_tooled() -> None:
    """A module needs 5 EUV scanners in its start year; 10 (A) or 2 (B) are delivered
    in 2025, equally likely. The mean, 6, tools the one module the mean-value plan
    starts in 2025; B cannot: EEV = +inf, and the note names the scanners."""
    futures = [
        tiny(demand=[0.0, 1.0e6], euv_tools=5.0, euv_supply=np.array([n, 0.0])) for n in (10.0, 2.0)
    ]
    r = stochastic_plan(futures, [0.5, 0.5], names=["A", "B"], mip_gap=0.0)
    assert r.eev_usd == float("inf")
    assert any("B (5 EUV scanners in 2025, 2 available)" in n for n in r.notes), r.notes
    assert r.builds.empty  # no module can be tooled in B, so none is shared
    _check_orderings(r)


def _check_orderings(r: StochasticResult) -> None:
    """WS ≤ RP ≤ EEV (so EVPI ≥ 0, VSS ≥ 0), also scenario by scenario for WS."""
    assert r.status in ("optimal", "time_limit")
    assert r.evpi_usd >= -ABS_USD
    assert r.vss_usd >= -ABS_USD
    assert r.expected_cost_usd <= r.eev_usd + ABS_USD
    t = r.scenarios
    assert np.all(t["cost_ws_usd"] <= t["cost_usd"] + ABS_USD)
    assert r.ws_usd <= r.expected_cost_usd + ABS_USD


def _futures(inp: PlanInputs, seed: int, k: int) -> list[PlanInputs]:
    """``k`` futures of ``inp``: demand and capex each scaled by a seeded draw (demand
    0.5-1.5x, capex 0.8-1.3x). Capital, scanners and site limits stay as they are, so the
    mean-value builds can be carried out in every future and EEV is finite."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(k):
        d, c = rng.uniform(0.5, 1.5), rng.uniform(0.8, 1.3)
        out.append(inp.replace(demand=inp.demand * d, capex_usd=inp.capex_usd * c))
    return out


@settings(max_examples=FEW, **_SETTINGS)
@given(problems(), st.integers(0, 2**16), st.integers(2, 3))
def test_orderings_on_generated_problems(inp: PlanInputs, seed: int, k: int) -> None:
    """WS ≤ RP ≤ EEV (VSS ≥ 0, EVPI ≥ 0) on random small problems with sampled
    futures, EEV finite (Birge & Louveaux, 2011, §4.1-4.2)."""
    r = stochastic_plan(_futures(inp, seed, k), [1.0 / k] * k, mip_gap=0.0)
    assert np.isfinite(r.eev_usd)
    _check_orderings(r)


def test_k1_is_the_deterministic_plan() -> None:
    """One future with probability 1: RP = WS = EEV = the plan's own optimum, VSS =
    EVPI = 0 (the extensive form is the planning model itself)."""
    from tigris.plan.solve import solve_inputs

    inp = tiny(existing_wspm=100.0)
    plan = solve_inputs(inp, mip_gap=0.0, explain_result=False, counterfactual=False)
    r = stochastic_plan([inp], [1.0], mip_gap=0.0)
    for value in (r.expected_cost_usd, r.ws_usd, r.eev_usd, r.ev_usd):
        assert value == pytest.approx(plan.objective_usd, rel=REL)
    assert r.vss_usd == pytest.approx(0.0, abs=ABS_USD)
    assert r.evpi_usd == pytest.approx(0.0, abs=ABS_USD)


@pytest.fixture(scope="module")
def small_sc() -> Any:
    """:data:`SMALL_3Y` with its 2028 demand uncertain (0.5-1.5x its 8.0e6)."""
    from tigris.scenario.edit import load_any

    dist = (
        "distributions:\n  demand.training.h100e_by_year.2028:\n"
        '    {dist: uniform, low: 4.0e6, high: 1.2e7, source: "test"}\n'
    )
    text = replaced(SMALL_3Y, ("tools:\n", dist + "tools:\n"))
    return load_any(text)


@pytest.fixture(scope="module")
def small_plan() -> Any:
    """:data:`SMALL_3Y` and its deterministic plan (MIP gap 0, no counterfactual)."""
    from tigris.plan import solve
    from tigris.scenario.edit import load_any

    sc = load_any(SMALL_3Y)
    return sc, solve(sc, mip_gap=0.0, explain_result=False, counterfactual=False)


def test_scenario_k1_equals_tigris_plan(small_plan: Any) -> None:
    """``stochastic(sc, 1, ...)`` of a scenario without distributions: RP = WS = the
    deterministic plan's objective, VSS = EVPI = 0, the same builds."""
    sc, plan = small_plan
    r = stochastic(sc, 1, 0, mip_gap=0.0)
    assert r.expected_cost_usd == pytest.approx(plan.objective_usd, rel=REL)
    assert r.ws_usd == pytest.approx(plan.objective_usd, rel=REL)
    assert r.vss_usd == pytest.approx(0.0, abs=ABS_USD)
    assert r.evpi_usd == pytest.approx(0.0, abs=ABS_USD)
    got = r.builds.groupby(["site", "facility", "year"])["modules"].sum().to_dict()
    want = plan.builds.groupby(["site", "facility", "start_year"])["modules"].sum().to_dict()
    assert got == want


def test_disruption_member_binds_the_first_stage(small_plan: Any) -> None:
    """The scenario plus its capital withdrawn from the first year, equally likely.

    With no capital in the disrupted future, a shared build cannot be paid there, so the
    stochastic plan builds nothing; the scenario's own plan (which builds) cannot be
    carried out there, so EEV = +inf with probability 1/2 of futures where it can; the
    undisrupted future alone is the deterministic plan (its WS)."""
    from tigris.scenario.edit import load_any

    _, plan = small_plan
    assert not plan.builds.empty
    event = (
        "disruptions:\n  - {name: no-fund, kind: capital_withdrawn, capital: fund, "
        'start_year: 2026, source: "test"}\n'
    )
    sc = load_any(SMALL_3Y + event)
    r = stochastic(sc, 1, 0, disruptions=["no-fund"], mip_gap=0.0)
    assert r.scenarios["scenario"].tolist() == ["future-0", "disruption:no-fund"]
    assert r.builds.empty
    assert r.eev_usd == float("inf") and r.eev_feasible_probability == pytest.approx(0.5)
    ws = r.scenarios.set_index("scenario")["cost_ws_usd"]
    assert ws["future-0"] == pytest.approx(plan.objective_usd, rel=REL)
    _check_orderings(r)
    with pytest.raises(InputError, match="did you mean 'no-fund'"):
        stochastic(sc, 1, 0, disruptions=["no-fnd"])


def test_mean_inputs_average_and_intersect() -> None:
    """Demand [0, 0] with probability 1/4 and [0, 2.0M] with 3/4: mean [0, 1.5M]; site
    limits 3 and 2 modules: the mean-value problem takes 2 (the first stage's bounds
    intersect, so its builds fit every future)."""
    a = tiny(demand=[0.0, 0.0], max_modules=3.0)
    b = tiny(demand=[0.0, 2.0e6], max_modules=2.0)
    m = mean_inputs([a, b], [0.25, 0.75])
    assert m.demand.tolist() == [[0.0, 1.5e6]]
    assert m.max_modules.tolist() == [2.0]
    assert m.capex_usd.tolist() == a.capex_usd.tolist()


def test_same_seed_same_result(small_sc: Any) -> None:
    """Same seed, same JSON text; another seed, other draws and another plan cost."""
    a = stochastic(small_sc, 2, 11, mip_gap=0.0)
    b = stochastic(small_sc, 2, 11, mip_gap=0.0)
    c = stochastic(small_sc, 2, 12, mip_gap=0.0)
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
    assert json.dumps(a.to_dict()) != json.dumps(c.to_dict())
    _check_orderings(a)
    assert len(a.scenarios) == 2


def test_npv_is_refused() -> None:
    with pytest.raises(InputError, match="objective serve"):
        stochastic_plan([tiny(objective="npv")], [1.0])


def test_scenarios_must_share_sites() -> None:
    with pytest.raises(InputError, match="same sites"):
        stochastic_plan([tiny(sites=1), tiny(sites=2)], [0.5, 0.5])


def test_probabilities_must_sum_to_one() -> None:
    with pytest.raises(InputError, match="summing to 1"):
        stochastic_plan([tiny(), tiny()], [0.5, 0.6])


def test_worst_share_is_the_tail_mean() -> None:
    """Ten equally likely values: the worst decile is the largest alone; 20 values of
    5 %: the mean of the two largest."""
    assert worst_share(np.arange(10.0), [0.1] * 10) == pytest.approx(9.0)
    assert worst_share(np.arange(20.0), [0.05] * 20) == pytest.approx(18.5)


def test_cell_draws_reach_the_members() -> None:
    """A data-table cell drawn per member (``nodes.N4.d0_per_cm2``, the b200's node, 0.07
    or 0.20 per cm²) is in force while that member is assembled: more defects, fewer good
    dies per wafer, so more logic wafers per accelerator in every year; equal draws give
    equal bills."""
    from tigris.risk.distributions import sample_changes
    from tigris.risk.stochastic import _member_inputs
    from tigris.scenario.edit import load_any

    dist = (
        "distributions:\n  nodes.N4.d0_per_cm2:\n"
        '    {dist: discrete, values: [0.07, 0.20], source: "test"}\n'
    )
    sc = load_any(replaced(SMALL_3Y, ("tools:\n", dist + "tools:\n")))
    changes = sample_changes(sc, 4, 5)
    d0 = [c["nodes.N4.d0_per_cm2"] for c in changes]
    assert set(d0) == {0.07, 0.20}, d0
    notes: list[str] = []
    _, members = _member_inputs(sc, changes, None, notes, False)
    logic = [inp.facility_kind.index("logic") for _, inp in members]
    wafers = [inp.use[:, k, :].sum(axis=0) for k, (_, inp) in zip(logic, members, strict=True)]
    low = [w for w, d in zip(wafers, d0, strict=True) if d == 0.07]
    high = [w for w, d in zip(wafers, d0, strict=True) if d == 0.20]
    assert all(np.array_equal(w, low[0]) for w in low)
    assert all(np.array_equal(w, high[0]) for w in high)
    assert np.all(high[0] > low[0])
    assert not notes


def test_data_overlay_in_force(tmp_path: Any, small_plan: Any) -> None:
    """A ``--data`` overlay is in force while the futures are assembled: a site known
    only to the overlay (``india``, a copy of japan's row) plans as japan does in
    :data:`SMALL_3Y`, the same cost, its builds at india."""
    from tigris.overlay import data_overlay
    from tigris.scenario.edit import load_any

    _, plan = small_plan
    overlay = tmp_path / "data.yaml"
    overlay.write_text(
        'sites:\n  - name: india\n    based_on: japan\n    source: "test"\n    as_of: 2025-01\n',
        encoding="utf-8",
    )
    text = replaced(SMALL_3Y, ("  - name: japan\n", "  - name: india\n"))
    with data_overlay(overlay):
        sc = load_any(text)
    r = stochastic(sc, 1, 0, data=overlay, mip_gap=0.0)
    assert set(r.builds["site"]) == {"india"}
    assert r.expected_cost_usd == pytest.approx(plan.objective_usd, rel=REL)


@pytest.mark.slow
def test_reference_orderings() -> None:
    """The reference over 3 sampled futures (about a minute): a plan, WS ≤ RP ≤ EEV
    (EEV possibly +inf, then said why in a note), a JSON-safe document."""
    from tigris.scenario import reference_scenario

    r = stochastic(reference_scenario(), 3, 7)
    _check_orderings(r)
    if not np.isfinite(r.eev_usd):
        assert any("cannot be carried out" in n for n in r.notes)
    json.dumps(r.to_dict(), allow_nan=False)
