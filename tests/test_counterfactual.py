"""The plan against the world without the investor (``tigris.plan.counterfactual``).

Checked three ways: hand-derived tiny cases for every number of ``added``,
``baseline`` and ``supply_by_source``; the baseline against a separate solve of inputs
modified here (the investor's capital set to zero), on the reference scenario and on
seeded random problems; and properties on random problems with one or two owners
(``added`` never negative, the sources summing to what is served). Tolerances: HiGHS's
feasibility tolerance (1e-6 relative) plus 1 H100e, unless a docstring derives another.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_plan_invariants import generated
from tests.test_plan_properties import _SETTINGS, FEW, MANY, problems
from tests.test_plan_tiny import PENALTY, REL, two_owners
from tigris.plan import PlanInputs, PlanResult, solve_inputs
from tigris.plan.counterfactual import (
    INVESTOR_NEW,
    RESPONSE,
    SHARE_FLOOR,
    counterfactual,
    served_without_builds,
    without_builds,
    without_investor,
)
from tigris.plan.inputs import INVESTOR

#: Absolute tolerance on compute [H100e].
ABS_H100E = 1.0

PARTS = {
    "incumbent existing": np.array([[60.0, 60.0]]),
    "incumbent announced": np.array([[0.0, 40.0]]),
}


def per_year(r: PlanResult, col: str) -> np.ndarray:
    return r.demand.groupby("year")[col].sum().to_numpy()


def sources(r: PlanResult) -> dict[str, list[float]]:
    t = r.supply_by_source.pivot(index="year", columns="source", values="h100e")
    return {str(k): v.tolist() for k, v in t.items()}


def hand_case(tsmc_usd: float = 1e9, **extra: Any) -> PlanInputs:
    """Two owners with $1B each and one one-module site each (``two_owners``), an
    existing 60 wspm plus 40 wspm announced for 2026, demand 0.5M then 2.52M H100e."""
    kw: dict[str, Any] = {
        "existing": np.array([[60.0, 100.0]]),
        "existing_parts": PARTS,
    }
    kw.update(extra)
    inp = two_owners(1e9, tsmc_usd, **kw)
    demand = np.array([[5e5, 2.52e6]])
    return inp.replace(demand=demand)


@pytest.fixture(scope="module")
def hand_plan() -> PlanResult:
    """``hand_case()`` solved to a zero MIP gap, nothing patched: read, never changed,
    by the tests of its numbers and of its solved world's status."""
    return solve_inputs(hand_case(), mip_gap=0.0, explain_result=False)


def test_every_number_of_added_by_hand(hand_plan: PlanResult) -> None:
    """Incumbents respond; the nested worlds and the plan, derived by hand.

    0.01 wafers per H100e: 1 wspm serves 1,200 H100e a year, a 1,000-wspm module 1.2M.

    - incumbent existing, 60 wspm: 72,000 H100e in each year;
    - + announced (40 wspm from 2026): 72,000 and 120,000;
    - baseline: TSMC builds its one module in 2025 ($1.1B against 1.2M x $30,000
      saved), online 2026: 72,000 and 1.32M;
    - plan: TSMC's module kept, the investor's module too: 72,000 and 2.52M (2026's
      demand, met).

    So added = 0 and 1.2M (1.2M in all), capital spent = the investor's $1B (all in
    2025), capex per added H100e = 1e9 / 1.2e6 = $833.33; the shortage ends in 2026
    with the investor (2025 short by 428,000) and not by 2026 without it (1.2M short).
    The plan's objective: 2 x $1.1B + 428,000 x $30,000 = $15.04B.
    """
    r = hand_plan
    assert r.status == "optimal"
    assert r.objective_usd == pytest.approx(2.2e9 + 428_000 * PENALTY, rel=REL)
    assert sources(r) == {
        "incumbent existing": pytest.approx([72_000.0, 72_000.0], rel=REL),
        "incumbent announced": pytest.approx([0.0, 48_000.0], abs=ABS_H100E),
        RESPONSE: pytest.approx([0.0, 1.2e6], abs=ABS_H100E),
        INVESTOR_NEW: pytest.approx([0.0, 1.2e6], abs=ABS_H100E),
    }
    assert r.supply_by_source["demand_h100e"].tolist() == [5e5, 2.52e6] * 4
    baseline, added = r.sections()
    assert baseline is not None and added is not None
    assert baseline["h100e_by_year"] == pytest.approx({2025: 72_000.0, 2026: 1.32e6}, rel=REL)
    assert baseline["total_h100e"] == pytest.approx(1.392e6, rel=REL)
    assert baseline["shortage_ends"] is None
    assert added["h100e_by_year"] == pytest.approx({2025: 0.0, 2026: 1.2e6}, abs=ABS_H100E)
    assert added["total_h100e"] == pytest.approx(1.2e6, rel=REL)
    assert added["capital_spent_usd"] == pytest.approx(1e9, rel=REL)
    assert added["capex_usd_per_added_h100e"] == pytest.approx(1e9 / 1.2e6, rel=REL)
    assert added["shortage_ends"] == 2026
    owners = sorted(zip(r.builds["owner"], r.builds["start_year"], strict=True))
    assert owners == [("investor", 2025), ("tsmc", 2025)]
    d = r.to_dict()
    assert d["added"]["total_h100e"] == pytest.approx(1.2e6, rel=REL)
    assert d["baseline"]["shortage_ends"] is None
    numbers = r.headline()["numbers"]
    assert numbers["added_h100e"] == pytest.approx(1.2e6, rel=REL)
    assert numbers["capital_spent_usd"] == pytest.approx(1e9, rel=REL)  # the investor's
    first = r.headline()["sentences"][1]  # after cost, NPV, IRR (issue 11)
    assert first.startswith("The investor adds 1.2M H100e over 2025–2026"), first
    assert "$833 per added H100e" in first, first
    ends = r.headline()["sentences"][2]
    assert (
        ends
        == "With the investor the shortage ends in 2026; without it the shortage lasts beyond 2026."
    )


def test_without_a_response_the_baseline_is_what_stands() -> None:
    """TSMC has no money: the baseline builds nothing (72,000 and 120,000 H100e), the
    investor's module adds 1.2M in 2026, and the ``incumbent response`` rows are 0.
    Capex per added H100e: $1B / 1.2M. One linear program per world, no MIP."""
    inp = hand_case(tsmc_usd=0.0)
    cf = counterfactual(inp)
    assert cf.solves == 2 and cf.min_build is None
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False)
    assert sources(r)[RESPONSE] == [0.0, 0.0]
    assert sources(r)[INVESTOR_NEW] == pytest.approx([0.0, 1.2e6], abs=ABS_H100E)
    assert per_year(r, "baseline_served_h100e") == pytest.approx([72_000.0, 120_000.0])
    assert per_year(r, "added_h100e") == pytest.approx([0.0, 1.2e6], abs=ABS_H100E)
    # 2026: 1.32M served of 2.52M with the investor, 0.12M without: short either way
    ends = r.headline()["sentences"][2]
    assert ends == "With and without the investor the shortage lasts beyond 2026."


def test_incumbents_keep_their_baseline_builds() -> None:
    """Incumbents do not cancel because the investor arrives.

    Demand 1.2M in 2026 is one module's worth; TSMC's module costs $1B, the investor's
    $0.5B. Without the investor TSMC builds (saves 1.2M x $30,000 > $1.1B). The
    cheapest joint plan (no floor) builds the investor's module instead of TSMC's and
    adds nothing; with the floor TSMC's module stays and the investor, with nothing
    left to serve, builds nothing: added is 0, not negative, and no module is swapped.
    """
    inp = two_owners(1e9, 1e9, demand=[0.0, 1.2e6], capex_usd=np.array([[0.5e9], [1e9]]))
    free = solve_inputs(inp, mip_gap=0.0, explain_result=False, counterfactual=False)
    assert free.builds["owner"].tolist() == [INVESTOR]
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False)
    assert r.builds["owner"].tolist() == ["tsmc"]
    assert per_year(r, "added_h100e") == pytest.approx([0.0, 0.0], abs=ABS_H100E)


def test_a_subsidy_belongs_to_the_owner_of_its_site() -> None:
    """Both modules are built in 2025 and paid in their start year (``hand_case``); the
    investor's site carries a $0.3B subsidy, TSMC's $0.2B. The capex table's subsidy
    rows are per owner, and the headline's subsidy is the investor's $0.3B only (it
    once added TSMC's, so 'the investor spends $0.7B plus $0.5B of subsidy')."""
    r = solve_inputs(
        hand_case(subsidy_usd=np.array([[0.3e9], [0.2e9]])), mip_gap=0.0, explain_result=False
    )
    assert sorted(r.builds["owner"]) == [INVESTOR, "tsmc"]
    sub = r.capex[r.capex["source"] == "subsidy"].groupby("owner")["capex_usd"].sum()
    assert sub.to_dict() == pytest.approx({INVESTOR: 0.3e9, "tsmc": 0.2e9}, rel=REL)
    numbers = r.headline()["numbers"]
    assert numbers["subsidy_usd"] == pytest.approx(0.3e9, rel=REL)
    assert numbers["capital_spent_usd"] == pytest.approx(0.7e9, rel=REL)


def test_without_investor_changes_only_the_investor() -> None:
    inp = hand_case(min_modules=np.array([1.0, 1.0]))
    base = without_investor(inp)
    assert base.capital_usd.tolist() == [[0.0, 0.0], [1e9, 0.0]]
    assert base.allowed.tolist() == [[False], [True]]
    assert base.min_modules.tolist() == [0.0, 1.0]
    assert base.existing.tolist() == inp.existing.tolist()


@pytest.mark.parametrize("seed", range(3))
def test_the_linear_program_without_builds_is_the_model_without_sites(seed: int) -> None:
    """The small LP of the worlds without builds against the full linopy model built
    from the same inputs with no site and no source. The inputs carry every row the LP
    writes again: product shares (each product at least 30 % in even years, at most
    60 % in odd years: one of the two binds whichever product the bottleneck favours),
    p1 unavailable the first year and existing capacity at less than full yield, so a
    slip in the LP's ``mix-*`` rows, availability or yield differs from the model's."""
    rng = np.random.default_rng(seed)
    inp = generated(rng)
    n_t = len(inp.years)
    available = np.ones((2, n_t), dtype=bool)
    available[1, 0] = False
    even = np.arange(n_t) % 2 == 0
    inp = inp.replace(
        available=available,
        min_share=np.tile(np.where(even, 0.3, 0.0), (2, 1)),
        max_share=np.tile(np.where(even, 1.0, 0.6), (2, 1)),
        existing_yield=rng.uniform(0.8, 0.95, len(inp.facilities)),
    )
    r = solve_inputs(without_builds(inp), mip_gap=0.0, explain_result=False, counterfactual=False)
    want = r.demand.pivot(index="demand_class", columns="year", values="unmet_h100e")
    got = served_without_builds(inp)
    assert got == pytest.approx(want.loc[list(inp.classes)].to_numpy(), rel=REL, abs=ABS_H100E)


def zero_investor_capital(inp: PlanInputs) -> PlanInputs:
    """The problem with the investor's sources offering nothing, everything else kept."""
    cap = np.array(inp.capital_usd, dtype=float)
    for f, owner in enumerate(inp.source_owner):
        if owner == INVESTOR:
            cap[f] = 0.0
    return inp.replace(capital_usd=cap)


def spent_by_owner(inp: PlanInputs, r: PlanResult) -> dict[str, np.ndarray]:
    """Capex net of subsidy paid each year at each owner's sites, re-derived from the
    builds table: Σ over builds of modules x spend[s, k, year − start] x (capex − min(
    subsidy, capex)) [$/year] (``docs/plan.md``, "Formulation", capital-balance)."""
    years = list(inp.years)
    net = inp.capex_usd - np.minimum(inp.subsidy_usd, inp.capex_usd)
    out = {o: np.zeros(len(years)) for o in inp.owners}
    for b in r.builds.to_dict("records"):
        s = inp.sites.index(b["site"])
        k = next(
            i
            for i, (kind, node) in enumerate(zip(inp.facility_kind, inp.facility_node, strict=True))
            if (kind, node) == (b["facility"], b["node"])
        )
        t0 = years.index(b["start_year"])
        for lag, share in enumerate(inp.spend[s, k][: len(years) - t0]):
            out[inp.site_owner[s]][t0 + lag] += b["modules"] * share * net[s, k]
    return out


def check_owners_ledgers(inp: PlanInputs, r: PlanResult) -> None:
    """Each owner's draws (the capex table's non-subsidy rows) equal the net capex at its
    own sites every year, and to date never exceed what its own sources offered to date.
    Tolerance: 1e-6 relative (HiGHS's feasibility and integrality tolerances on builds
    of ~$10B) plus $1 (1e-6 of the model's $M unit)."""
    drawn = r.capex[r.capex["source"] != "subsidy"].groupby(["owner", "year"])["capex_usd"].sum()
    for owner, spent in spent_by_owner(inp, r).items():
        mine = [f for f, o in enumerate(inp.source_owner) if o == owner]
        offered = np.cumsum(inp.capital_usd[mine].sum(axis=0))
        tol = REL * (offered[-1] + spent.sum()) + 1.0
        got = drawn.get(owner, pd.Series(dtype=float)).reindex(inp.years, fill_value=0.0)
        assert np.all(np.abs(got.to_numpy() - spent) <= tol), (owner, got, spent)
        assert np.all(np.cumsum(spent) <= offered + tol), (owner, spent, offered)


def check_against_the_world_without_the_investor(inp: PlanInputs) -> None:
    """The baseline is a separate solve with the investor's capital at zero; added is
    never negative; the sources are >= 0 and sum to what the plan serves each year;
    each owner pays for its own sites from its own sources (``check_owners_ledgers``)."""
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False)
    assert r.status == "optimal"
    check_owners_ledgers(inp, r)
    alone = solve_inputs(
        zero_investor_capital(inp), mip_gap=0.0, explain_result=False, counterfactual=False
    )
    tol = ABS_H100E + REL * per_year(r, "demand_h100e")
    assert np.all(
        np.abs(per_year(r, "baseline_served_h100e") - per_year(alone, "served_h100e")) <= tol
    )
    assert np.all(r.demand["added_h100e"] >= 0.0)
    assert np.all(r.supply_by_source["h100e"] >= 0.0)
    total = r.supply_by_source.groupby("year")["h100e"].sum().to_numpy()
    assert np.all(np.abs(total - per_year(r, "served_h100e")) <= tol)


def owned(inp: PlanInputs, seed: int) -> PlanInputs:
    """``inp`` with each site and source given to the investor or to an incumbent."""
    rng = np.random.default_rng(seed)
    pick = ("investor", "tsmc")
    return inp.replace(
        site_owner=tuple(pick[i] for i in rng.integers(0, 2, len(inp.sites))),
        source_owner=tuple(pick[i] for i in rng.integers(0, 2, len(inp.sources))),
    )


def _property(n: int) -> Callable[[], None]:
    @settings(**_SETTINGS, max_examples=n)
    @given(problems(), st.integers(0, 2**16), st.booleans())
    def run(inp: PlanInputs, seed: int, two: bool) -> None:
        check_against_the_world_without_the_investor(owned(inp, seed) if two else inp)

    return run


def test_baseline_and_added_on_random_problems() -> None:
    _property(FEW + 1)()


@pytest.mark.slow
def test_baseline_and_added_on_many_random_problems() -> None:
    _property(MANY)()


@pytest.fixture(scope="module")
def reference(reference_solved: PlanResult) -> tuple[PlanInputs, PlanResult]:
    from tigris.plan.assemble import assemble
    from tigris.scenario import reference_scenario

    inp = assemble(reference_scenario())[0]
    # solve(explain_result=False), once per session (tests/conftest.py)
    return inp, reference_solved


def test_reference_baseline_is_a_solve_with_the_investors_capital_at_zero(
    reference: tuple[PlanInputs, PlanResult],
) -> None:
    """On the reference scenario, solved as ``tigris plan`` solves it."""
    inp, r = reference
    alone = solve_inputs(zero_investor_capital(inp), explain_result=False, counterfactual=False)
    assert alone.status == "optimal"
    want = per_year(alone, "served_h100e")
    assert per_year(r, "baseline_served_h100e") == pytest.approx(want, rel=1e-6, abs=ABS_H100E)


def test_reference_added_is_never_negative_and_sources_add_up(
    reference: tuple[PlanInputs, PlanResult],
) -> None:
    _, r = reference
    assert (r.demand["added_h100e"] >= 0).all()
    assert (r.supply_by_source["h100e"] >= 0).all()
    total = r.supply_by_source.groupby("year")["h100e"].sum().to_numpy()
    assert total == pytest.approx(per_year(r, "served_h100e"), rel=1e-6)
    baseline, added = r.sections()
    assert baseline is not None and added is not None
    assert added["total_h100e"] == pytest.approx(r.demand["added_h100e"].sum())
    assert math.isfinite(added["capital_spent_usd"])


@pytest.mark.parametrize("seed", range(4))
def test_each_owner_pays_from_its_own_sources_on_random_problems(seed: int) -> None:
    """Seeded problems whose sites and sources are split between the investor and an
    incumbent (``owned``): every owner's ledger balances on its own (a pooled ledger,
    where one owner's money pays for another's site, fails ``check_owners_ledgers``)."""
    inp = owned(generated(np.random.default_rng(seed)), seed)
    check_owners_ledgers(inp, solve_inputs(inp, mip_gap=0.0, explain_result=False))


# --- a world without the investor that HiGHS does not solve -------------------------
#
# HiGHS itself is made to stop, never the result faked: its presolve is turned off
# (it alone solves these tiny problems) and its time limit set to 0 s, so HiGHS
# returns its own kTimeLimit with no solution.

#: HiGHS options under which it stops before any solution [-, s].
_STOP_AT_ONCE = {"presolve": "off", "time_limit": 0.0}


def _lp_that_stops() -> Any:
    """A HiGHS instance of :func:`tigris.plan.highs.new_highs` that stops at once."""
    from tigris.plan.highs import new_highs

    h = new_highs()
    for key, value in _STOP_AT_ONCE.items():
        h.setOptionValue(key, value)
    return h


def _mip_that_stops(m: Any, time_limit_s: Any, mip_gap: Any) -> tuple[str, float]:
    """:func:`tigris.plan.highs.run_highs` with HiGHS stopping at once."""
    import tigris.plan.highs as highs

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(highs, "highs_options", lambda *_: dict(_STOP_AT_ONCE))
        return highs.run_highs(m, time_limit_s, mip_gap)


def _no_nan_in_words(r: PlanResult) -> None:
    """No sentence of the headline reads a NaN as a number."""
    for sentence in r.headline()["sentences"]:
        assert "nan" not in sentence.lower().replace("financ", ""), sentence


def _stopped_with_a_solution(m: Any, time_limit_s: Any, mip_gap: Any) -> tuple[str, float]:
    """:func:`tigris.plan.highs.run_highs` whose status word says the time limit after a
    real solve (its solution is HiGHS's own)."""
    from tigris.plan.highs import run_highs

    _, runtime = run_highs(m, time_limit_s, mip_gap)
    return "time_limit", runtime


@pytest.fixture(scope="module")
def lp_stopped_plan() -> PlanResult:
    """``hand_case()`` solved with the first nested world's no-builds LP stopped at once
    (HiGHS kTimeLimit, :func:`_lp_that_stops`): read, never changed, by two tests."""
    import tigris.plan.counterfactual as cfm

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cfm, "new_highs", _lp_that_stops)
        return solve_inputs(hand_case(), mip_gap=0.0, explain_result=False)


@pytest.fixture(scope="module")
def mip_stopped_plan() -> PlanResult:
    """``hand_case()`` solved with the incumbents' MIP reported stopped at its time limit
    with a solution (:func:`_stopped_with_a_solution`): read, never changed, by two
    tests."""
    import tigris.plan.counterfactual as cfm

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cfm, "run_highs", _stopped_with_a_solution)
        return solve_inputs(hand_case(), mip_gap=0.0, explain_result=False)


def test_a_world_without_a_solution_is_said_with_highs_status(
    monkeypatch, lp_stopped_plan: PlanResult
) -> None:
    """The no-builds LP of the first nested world stops (HiGHS kTimeLimit): the
    baseline is unknown, the plan itself is solved as usual (its own solve does not
    go through that LP) and says why, with HiGHS's status; nothing reads the NaN."""
    import tigris.plan.counterfactual as cfm

    monkeypatch.setattr(cfm, "new_highs", _lp_that_stops)
    cf = counterfactual(hand_case())
    assert cf.served is None and cf.status == "time_limit"
    assert cf.note is not None and "HiGHS status 'time_limit'" in cf.note
    assert "incumbent existing" in cf.note and "not known" in cf.note
    r = lp_stopped_plan  # solved under the same patch
    assert r.status == "optimal" and r.ok  # the plan stands
    assert r.baseline_status == "time_limit"
    assert r.baseline_note == cf.note
    assert r.sections() == (None, None)
    assert r.supply_by_source.empty
    head = r.headline()
    assert head["investor"] == [cf.note]
    assert cf.note in head["sentences"]
    assert "solved without it" not in " ".join(head["sentences"])  # not the wrong reason
    assert "H100e added not known" in head["key"]
    _no_nan_in_words(r)
    d = r.to_dict()
    assert d["baseline"] is None and d["added"] is None
    assert d["baseline_status"] == "time_limit" and d["baseline_note"] == cf.note
    # the report (from the result, and from its JSON) says it too, in the same words
    from tigris.report.headline import investor_sentences
    from tigris.report.result import report_tables

    assert investor_sentences(report_tables(r)) == [cf.note]
    assert investor_sentences(report_tables(d)) == [cf.note]


def test_an_incumbent_baseline_without_a_solution_keeps_no_floor(monkeypatch) -> None:
    """The baseline in which incumbents build stops (HiGHS kTimeLimit, no solution):
    the note names that solve and says the plan keeps no incumbent floor."""
    import tigris.plan.counterfactual as cfm

    monkeypatch.setattr(cfm, "run_highs", _mip_that_stops)
    cf = counterfactual(hand_case())
    assert cf.served is None and cf.min_build is None
    assert cf.status == "time_limit" and not cf.response_solved
    assert cf.note is not None
    assert "incumbents build" in cf.note and "no incumbent builds as a floor" in cf.note
    r = solve_inputs(hand_case(), mip_gap=0.0, explain_result=False)
    assert r.ok and r.sections() == (None, None)
    assert r.baseline_note == cf.note
    _no_nan_in_words(r)


def test_a_baseline_stopped_with_a_solution_is_used_and_flagged(
    monkeypatch, mip_stopped_plan: PlanResult
) -> None:
    """HiGHS reports the incumbents' MIP stopped at its time limit with a solution (the
    status word replaced after a real solve; its solution is HiGHS's own): the baseline
    is that solution, so ``added`` is a number (1.2M in 2026, as by hand above), and the
    note says it is the best found in time, as the third investor sentence."""
    import tigris.plan.counterfactual as cfm

    monkeypatch.setattr(cfm, "run_highs", _stopped_with_a_solution)
    cf = counterfactual(hand_case())
    assert cf.served is not None and cf.status == "time_limit" and cf.response_solved
    assert cf.note is not None and "time limit" in cf.note and "not proven optimal" in cf.note
    r = mip_stopped_plan  # solved under the same patch
    _, added = r.sections()
    assert added is not None
    assert added["total_h100e"] == pytest.approx(1.2e6, rel=REL)
    assert r.baseline_status == "time_limit" and r.baseline_note == cf.note
    investor = r.headline()["investor"]
    assert len(investor) == 3 and investor[2] == cf.note


def test_a_solved_world_has_no_note_and_the_status_round_trips(
    hand_plan: PlanResult, tmp_path
) -> None:
    """Solved: status ``optimal``, no note (so a test of the note can fail); without
    the counterfactual ``not_solved``; both survive ``write``/``read``."""
    r = hand_plan
    assert r.baseline_status == "optimal" and r.baseline_note is None
    assert len(r.headline()["investor"]) == 2
    off = solve_inputs(hand_case(), explain_result=False, counterfactual=False)
    assert off.baseline_status == "not_solved" and off.baseline_note is None
    r.write(tmp_path / "run")
    back = PlanResult.read(tmp_path / "run")
    assert (back.baseline_status, back.baseline_note) == ("optimal", None)


def test_cli_says_the_baseline_failed_and_exits_as_a_plan(monkeypatch, run_cli, tmp_path) -> None:
    """``tigris plan`` (text and ``--json``) with the world without the investor
    stopped by HiGHS: the note in place of "What the investor adds", ``baseline`` and
    ``added`` null with ``baseline_status``/``baseline_note`` saying why, no NaN, and
    exit code 0 as for any plan with a solution (``docs/plan.md``)."""
    import tigris.plan.counterfactual as cfm
    from tests.conftest import SMALL, write_scenario

    monkeypatch.setattr(cfm, "new_highs", _lp_that_stops)
    path = write_scenario(tmp_path, SMALL, "small.yaml")
    res = run_cli("plan", path, "--json")
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["status"] in ("optimal", "time_limit")
    assert doc["baseline_status"] == "time_limit"
    assert "HiGHS status 'time_limit'" in doc["baseline_note"]
    assert doc["baseline"] is None and doc["added"] is None
    numbers = doc["headline"]["numbers"]
    assert numbers["added_h100e"] is None and numbers["baseline_served_h100e"] is None
    assert doc["baseline_note"] in doc["headline"]["sentences"]
    assert all(row["added_h100e"] is None for row in doc["demand"])
    text = run_cli("plan", path)
    assert text.code == 0, text.err
    flat = " ".join(text.out.split())
    assert "What the investor adds: not known." in flat
    assert "HiGHS status 'time_limit'" in flat
    assert flat.count("HiGHS status") == 1  # said once, not again among the sentences
    assert "nan" not in flat.lower().replace("financ", "")


def test_the_note_survives_plan_json_and_the_store_and_older_files_read_null(
    lp_stopped_plan: PlanResult, tmp_path
) -> None:
    """A failed baseline's status and note are written to ``plan.json`` and the run
    store and read back as written (the headline from the read result says the note);
    a ``plan.json`` of before the two fields (both keys absent) reads them as None,
    and its headline says the comparison was not solved in this run."""
    import json

    from tigris.runs.store import RunRecord, RunStore

    r = lp_stopped_plan  # the no-builds LP stopped by HiGHS
    assert r.baseline_status == "time_limit" and r.baseline_note  # the test can fail
    r.write(tmp_path / "run")
    back = PlanResult.read(tmp_path / "run")
    assert (back.baseline_status, back.baseline_note) == (r.baseline_status, r.baseline_note)
    assert back.headline()["investor"] == [r.baseline_note]
    store = RunStore(tmp_path / "runs.duckdb")
    rec = RunRecord(kind="plan", scenario_yaml="name: hand\n", scenario_name="hand")
    got = store.result(store.add(rec, r))
    assert (got.baseline_status, got.baseline_note) == (r.baseline_status, r.baseline_note)
    path = tmp_path / "run" / "plan.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    # a plan.json of before the two fields also predates its own digest (content_sha256)
    del doc["baseline_status"], doc["baseline_note"], doc["content_sha256"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    old = PlanResult.read(tmp_path / "run")
    assert (old.baseline_status, old.baseline_note) == (None, None)
    assert old.ok and old.sections() == (None, None)
    assert "did not solve the world without the investor" in old.headline()["investor"][0]


def test_a_plan_without_a_solution_still_says_why_its_baseline_is_unknown(monkeypatch) -> None:
    """No plan (every class must be fully served, more than the two modules can give)
    and the world without the investor stopped by HiGHS: the result without a plan
    carries the note too, and its headline says it instead of a NaN."""
    import tigris.plan.counterfactual as cfm

    monkeypatch.setattr(cfm, "new_highs", _lp_that_stops)
    r = solve_inputs(hand_case(min_served_share=1.0), mip_gap=0.0, explain_result=False)
    assert not r.ok  # 2.52M H100e in 2026 is more than 72,000 + 2 x 1.2M can serve
    assert r.baseline_status == "time_limit"
    assert r.baseline_note is not None and "HiGHS status 'time_limit'" in r.baseline_note
    assert r.headline()["investor"] == [r.baseline_note]
    _no_nan_in_words(r)


def test_cli_says_a_time_limited_baseline_once_after_its_numbers(
    mip_stopped_plan: PlanResult, capsys
) -> None:
    """``tigris plan``'s summary of a plan whose incumbents' baseline stopped at the
    time limit with a solution: the numbers of what the investor adds (1.2M added, by
    hand above), then the note, once."""
    from tigris.cli.plan import print_summary

    r = mip_stopped_plan  # the incumbents' MIP reported stopped with a solution
    note = r.baseline_note
    assert note is not None and "not proven optimal" in note
    capsys.readouterr()
    print_summary(r)
    flat = " ".join(capsys.readouterr().out.split())
    assert flat.count(" ".join(note.split())) == 1, flat
    assert flat.index("What the investor adds") < flat.index(" ".join(note.split()))
    assert "1.2M" in flat[flat.index("What the investor adds") :]


# --- the scenario's served-share floor in the world without the investor -----------------


def test_a_floor_the_world_can_meet_alone_is_not_credited_to_the_investor() -> None:
    """Serving costs more than it saves: 0.01 wafers per H100e at $5M a wafer is
    $50,000 per H100e against a $30,000 penalty, so without a floor nothing is served
    and nothing is built. The floor asks 4 % of the 3.02M H100e demanded, 120,800 H100e;
    the existing 60 + 40 wspm can make 192,000 without any build. The investor builds
    nothing, so with and without it the world serves exactly the floor and the investor
    adds 0 in every year (the old baseline, solved without the floor, served 0 and
    credited the investor with 120,800 H100e for $0)."""
    inp = hand_case(
        variable_cost_usd_per_wafer=np.full((1, 2), 5e6), min_served_share=0.04
    ).replace(objective="serve")
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False)
    assert r.status == "optimal" and r.builds.empty
    need = 0.04 * 3.02e6
    assert per_year(r, "served_h100e").sum() == pytest.approx(need, rel=REL)
    assert per_year(r, "baseline_served_h100e").sum() == pytest.approx(need, rel=REL)
    assert per_year(r, "added_h100e") == pytest.approx([0.0, 0.0], abs=ABS_H100E)
    assert r.baseline_note is None
    got = sources(r)
    assert sum(got[SHARE_FLOOR]) == pytest.approx(need, rel=REL)  # all of it the floor's
    assert got[INVESTOR_NEW] == pytest.approx([0.0, 0.0], abs=ABS_H100E)
    alone = solve_inputs(
        zero_investor_capital(inp), mip_gap=0.0, explain_result=False, counterfactual=False
    )
    assert per_year(r, "baseline_served_h100e") == pytest.approx(
        per_year(alone, "served_h100e"), rel=REL, abs=ABS_H100E
    )
    _, added = r.sections()
    assert added is not None and added["total_h100e"] == pytest.approx(0.0, abs=ABS_H100E)


def test_a_floor_only_the_investor_can_meet_is_said_and_the_baseline_drops_it() -> None:
    """The floor asks 60 % of 3.02M, 1.812M H100e; without the investor at most 72,000
    + 1.32M = 1.392M can be served (TSMC's module and what stands, by hand in
    test_every_number_of_added_by_hand), so the baseline is solved without the floor,
    is that 1.392M, and the note says what the investor's 1.2M then counts."""
    r = solve_inputs(hand_case(min_served_share=0.6), mip_gap=0.0, explain_result=False)
    assert r.status == "optimal" and r.baseline_status == "optimal"
    assert per_year(r, "baseline_served_h100e") == pytest.approx([72_000.0, 1.32e6], rel=REL)
    assert per_year(r, "added_h100e") == pytest.approx([0.0, 1.2e6], abs=ABS_H100E)
    assert r.baseline_note is not None
    assert "served-share floor (60.0% of demand" in r.baseline_note, r.baseline_note
    assert SHARE_FLOOR not in sources(r)


def test_a_floor_the_baseline_already_meets_costs_no_solve() -> None:
    """40 % (1.208M H100e) is below the 1.392M the world without the investor serves
    anyway: the same worlds as without a floor, no extra solve, no note."""
    plain = counterfactual(hand_case(), mip_gap=0.0)
    floored = counterfactual(hand_case(min_served_share=0.4), mip_gap=0.0)
    assert floored.solves == plain.solves and floored.note is None
    assert list(floored.worlds) == list(plain.worlds)
    assert floored.served == pytest.approx(plain.served, rel=REL)


def _floor_by_incumbents() -> PlanInputs:
    """Serving costs more than it saves: 0.01 wafers per H100e at $5M a wafer in 2025
    and $4.5M in 2026, $50,000 and $45,000 per H100e against the $30,000 penalty. The
    floor asks 40 % of the 3.02M H100e demanded, 1.208M; what stands makes 192,000
    (60 + 40 wspm), so TSMC's module (1.2M in 2026, $1B + $0.1B opex) must be built.
    The investor's module costs $0.5B: without TSMC's build kept, the plan would build
    the investor's instead."""
    return hand_case(
        variable_cost_usd_per_wafer=np.array([[5e6, 4.5e6]]),
        min_served_share=0.4,
        capex_usd=np.array([[0.5e9], [1e9]]),
    ).replace(objective="serve")


def test_a_floor_incumbents_build_for_is_theirs_and_kept_in_the_plan() -> None:
    """Incumbents respond (TSMC has $1B). Without the floor nobody serves anything; with
    it the world without the investor has TSMC build its module and serve exactly the
    floor, all in 2026 (the cheaper year, 1.32M of room): 0 and 1.208M. That baseline's
    TSMC module is kept in the plan (incumbents do not cancel because an investor
    arrives), so the plan builds TSMC's module and not the investor's cheaper one,
    serves the same, and the investor adds 0. Objective by hand: $1.1B + 1.208M x
    $45,000 + (3.02M - 1.208M) x $30,000 = $109.82B. The old baseline (no floor) served
    0 and credited the investor with 1.208M H100e."""
    r = solve_inputs(_floor_by_incumbents(), mip_gap=0.0, explain_result=False)
    assert r.status == "optimal" and r.baseline_status == "optimal"
    assert r.builds[["owner", "start_year"]].values.tolist() == [["tsmc", 2025]]
    assert r.objective_usd == pytest.approx(1.1e9 + 1.208e6 * 45e3 + 1.812e6 * PENALTY, rel=REL)
    assert per_year(r, "served_h100e") == pytest.approx([0.0, 1.208e6], abs=ABS_H100E)
    assert per_year(r, "baseline_served_h100e") == pytest.approx([0.0, 1.208e6], abs=ABS_H100E)
    assert per_year(r, "added_h100e") == pytest.approx([0.0, 0.0], abs=ABS_H100E)
    got = sources(r)
    assert got[RESPONSE] == pytest.approx([0.0, 0.0], abs=ABS_H100E)  # none without it
    assert got[SHARE_FLOOR] == pytest.approx([0.0, 1.208e6], abs=ABS_H100E)
    assert got[INVESTOR_NEW] == pytest.approx([0.0, 0.0], abs=ABS_H100E)
    assert r.baseline_note is None


def test_a_floored_baseline_stopped_at_the_time_limit_is_said(monkeypatch) -> None:
    """The floored world's mixed-integer solve stops at the time limit: with a solution
    it is used (1.208M in 2026, as above) and the note says it is the best found in
    time; without one, what the investor adds is not known and the note names that
    solve (the baseline without the floor is not used in its place)."""
    import tigris.plan.counterfactual as cfm

    inp = _floor_by_incumbents()
    solve = cfm._solve_mip

    def stopped(p: PlanInputs, *args: Any) -> tuple[str, Any, Any]:
        got = solve(p, *args)
        return ("time_limit", *got[1:]) if p.min_served_share > 0 else got

    monkeypatch.setattr(cfm, "_solve_mip", stopped)
    cf = counterfactual(inp, mip_gap=0.0)
    assert cf.status == "time_limit" and cf.served is not None
    assert cf.served == pytest.approx([0.0, 1.208e6], abs=ABS_H100E)
    assert cf.note is not None and "not proven optimal" in cf.note

    def nothing(p: PlanInputs, *args: Any) -> tuple[str, Any, Any]:
        if p.min_served_share > 0:
            return "time_limit", None, np.zeros((len(p.sites), len(p.facilities), len(p.years)))
        return solve(p, *args)

    monkeypatch.setattr(cfm, "_solve_mip", nothing)
    cf = counterfactual(inp, mip_gap=0.0)
    assert cf.served is None and cf.status == "time_limit"
    assert cf.note is not None and "served-share floor ended with HiGHS status" in cf.note


def test_a_floored_world_without_builds_drops_every_site_field() -> None:
    """No incumbent can build (TSMC has no money), so the floored world is the full
    model without sites (``without_builds``): the inputs' per-site fields (region, grid
    flag, build bounds, availability) must go with the sites or the inputs are refused.
    The floor, 4 % of 3.02M = 120,800 H100e: 2026, the cheaper year, at its 120,000
    (60 + 40 wspm), the other 800 in 2025."""
    inp = hand_case(
        0.0,
        site_region=("r", "r"),
        regions=("r",),
        grid_headroom_mw=np.full((1, 2), np.inf),
        grid_limited=np.zeros((2, 1), dtype=bool),
        max_build=np.full((2, 1, 2), np.inf),
        site_availability=np.ones((2, 2)),
        variable_cost_usd_per_wafer=np.array([[5e6, 4.5e6]]),
        min_served_share=0.04,
    ).replace(objective="serve")
    cf = counterfactual(inp, mip_gap=0.0)
    assert cf.status == "optimal" and cf.failed is None, cf.note
    assert cf.worlds[SHARE_FLOOR] == pytest.approx([800.0, 120_000.0], abs=ABS_H100E)
    assert cf.served == pytest.approx([800.0, 120_000.0], abs=ABS_H100E)
