"""What one more MW of data-centre capacity is worth is per facility MW, whatever ``pue``.

Defect (issue 10 review, 2026-12-03): the data-centre shadow price (``plan.shadow``,
unit "MW") and the explanation's "one more MW of data-centre capacity ... (a MW powers
N H100e) would lower the objective by $X" were per MW of the rows' unit (IT MW × the
scenario's ``pue``), so they moved with ``pue`` although nothing else does: the
reference's 2027 price read $23.2M per MW-year at pue 1.0, $19.3M at 1.2 and $11.6M at
2.0. They are now per facility MW of the capacity added (the existing pool's at its
mean PUE, :func:`tigris.plan.power.existing_facility_ratio`).

The hand problem: :func:`tests.test_plan_power.dc_tiny` with accelerators of 1 kW of
IT (1 H100e each, in service one year), 1.2 facility MW of existing capacity at PUE 1.2
(1 MW of IT: 1,000 accelerators), demand 5,000 a year, $30,000 per unmet H100e, 0 %
discount, nothing to build. One more facility MW at PUE 1.2 is 1 / 1.2 MW of IT: 833.3
more accelerators in service that year, 833.3 H100e served, $25.0M per MW-year, at any
scenario ``pue`` (the rows then count the capacity as 1.2 · pue / 1.2 MW).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.test_plan_power import PENALTY, N, dc_tiny
from tigris.plan import PlanInputs, solve_inputs
from tigris.plan.power import PowerRegions

#: PUE of the existing capacity [-].
EXISTING_PUE = 1.2
#: Its facility MW [MW].
FACILITY_MW = 1.2
#: IT power per accelerator [W].
IT_W = 1000.0
#: What one more facility MW serves in a year [H100e]: its IT MW over 1 kW a part.
PER_MW = 1e6 / EXISTING_PUE / IT_W
#: Relative tolerance: HiGHS's feasibility tolerance [-].
REL = 1e-6


def hand(pue: float) -> PlanInputs:
    """The module docstring's problem at scenario PUE ``pue`` (the rows' unit)."""
    rows = FACILITY_MW * pue / EXISTING_PUE  # MW at the plan's PUE (tigris.plan.power)
    regions = PowerRegions(
        names=("usa",),
        existing_mw=np.full((1, N), rows),
        existing_pue=np.array([EXISTING_PUE]),
        module_pue=np.full((1, 2), EXISTING_PUE),
        demand_share=np.zeros(1),
        onsite_gco2_per_kwh=np.full(2, np.nan),
        onsite_usd_per_mwh=np.full(2, np.nan),
    )
    return dc_tiny(
        existing_mw=rows,
        demand=5000.0,
        fleet_mw_per_unit=None,  # system power x pue: the rows' unit
        system_power_w=np.array([IT_W]),
        pue=pue,
        power_regions=regions,
        fleet_lifetime_years=1,
        site_region=("usa",),
        regions=("usa",),
        grid_headroom_mw=np.full((1, N), np.inf),
    )


_SOLVED: dict[float, Any] = {}


def solved(pue: float) -> Any:
    """The hand problem's plan with explanations, once per PUE."""
    if pue not in _SOLVED:
        r = solve_inputs(hand(pue), mip_gap=0.0, counterfactual=False)
        assert r.status == "optimal"
        _SOLVED[pue] = r
    return _SOLVED[pue]


def power_sentence(r: Any) -> str:
    text = " ".join(e.text for e in r.binding)
    assert "one more MW of data-centre capacity (world) in 2025–2027" in text, text
    return text


@pytest.mark.parametrize("pue", [1.0, 1.2, 2.0])
def test_the_shadow_price_is_per_facility_mw(pue: float) -> None:
    """$30,000 × 833.3 H100e = $25.0M per facility MW-year, each year, at any pue."""
    sp = solved(pue).shadow_prices
    dc = sp[sp["resource"] == "datacenter power"].sort_values("year")
    assert dc["unit"].tolist() == ["MW"] * N
    assert dc["value_usd"].to_numpy() == pytest.approx([PENALTY * PER_MW] * N, rel=REL)


@pytest.mark.parametrize("pue", [1.0, 1.2, 2.0])
def test_the_sentence_is_per_facility_mw(pue: float) -> None:
    """One more facility MW in 2025-2027 serves 3 × 833.3 = 2,500 H100e more and saves
    $75.0M; a MW powers 833 H100e."""
    text = power_sentence(solved(pue))
    # the MW's PUE is named (user test D10): the existing pool's, 1.2, at any pue
    said = "(a MW powers 833 H100e of the plan's fleet in 2025, a facility MW at PUE "
    said += f"{EXISTING_PUE:.3g})"
    assert said in text, text
    assert "by $75.0M and serve 2,500 H100e more over the horizon" in text, text


def test_the_sentence_is_a_re_solve_with_one_more_facility_mw() -> None:
    """The sentence's $X against a separate solve of the problem with 2.2 facility MW
    (pue 2.0: the rows count 2.2 · 2.0 / 1.2 MW)."""
    pue = 2.0
    base = solved(pue)
    more = hand(pue)
    rows = (FACILITY_MW + 1.0) * pue / EXISTING_PUE
    existing = np.asarray(more.existing, dtype=float).copy()
    existing[1] = rows
    regions = more.power_regions
    more = more.replace(
        existing=existing,
        power_regions=PowerRegions(
            names=regions.names,
            existing_mw=np.full((1, N), rows),
            existing_pue=regions.existing_pue,
            module_pue=regions.module_pue,
            demand_share=regions.demand_share,
            onsite_gco2_per_kwh=regions.onsite_gco2_per_kwh,
            onsite_usd_per_mwh=regions.onsite_usd_per_mwh,
        ),
    )
    r = solve_inputs(more, mip_gap=0.0, counterfactual=False, explain_result=False)
    saving = base.objective_usd - r.objective_usd
    assert saving == pytest.approx(3 * PENALTY * PER_MW, rel=REL)
    assert f"by ${saving / 1e6:.1f}M" in power_sentence(base)


@pytest.mark.slow
def test_the_reference_prices_a_facility_mw_the_same_at_any_pue() -> None:
    """The reference at pue 1.0, 1.2 and 2.0 (its existing capacity at the data's
    regional PUEs): the data-centre shadow prices agree year by year (2027: $23.2M,
    $19.3M and $11.6M per MW of the rows' unit before; $20.2M per facility MW)."""
    from tigris.plan import solve
    from tigris.scenario.edit import load_any

    prices = []
    for pue in (1.0, 1.2, 2.0):
        sc = load_any(None).model_copy(update={"pue": pue})
        r = solve(sc, explain_result=False, counterfactual=False)
        assert r.status == "optimal"
        sp = r.shadow_prices
        dc = sp[sp["resource"] == "datacenter power"].sort_values("year")
        prices.append(dc["value_usd"].to_numpy())
    assert prices[0].max() > 0
    for other in prices[1:]:
        assert other == pytest.approx(prices[0], rel=1e-6, abs=1.0)


@pytest.mark.parametrize("pue", [1.0, 1.2, 2.0])
def test_the_assumptions_state_a_datacenter_module_in_facility_mw(pue: float) -> None:
    """The reference's texas-usa grid module: 100 facility MW (data/datacenter_types.csv
    ``module_mw``) at any ``pue``, and the MW its rows count, 100 · pue / u (u the
    module's PUE), said as such (it read "109.091 MW (usa)" at pue 1.2)."""
    from tigris.data import load_rows
    from tigris.plan.assemble import assemble
    from tigris.plan.power import module_pue
    from tigris.scenario.edit import load_any

    types = load_rows("datacenter_types")
    size = next(float(r["module_mw"]) for r in types if r["facility"] == "datacenter")
    inp, notes = assemble(load_any(None).model_copy(update={"pue": pue}))
    s, k = inp.sites.index("texas-usa"), inp.facilities.index("datacenter")
    rows = size * pue / float(module_pue(inp)[s, k])
    value = notes.set_index("parameter").loc["texas-usa datacenter: module", "value"]
    assert value.startswith(f"{size:g} MW ({rows:.1f} at PUE {pue:.1f}, the plan's rows) (usa)")


def two_regions(pue: float) -> PlanInputs:
    """The hand problem with a second region's existing capacity from 2026: 1.5
    facility MW at PUE 1.5 (1 MW of IT) beside the 1.2 at PUE 1.2, so the pool's mean
    PUE is 1.2 in 2025 and (1.2 + 1.5) / 2 = 1.35 facility MW per IT MW after."""
    usa = np.full(N, FACILITY_MW * pue / EXISTING_PUE)
    eu = np.array([0.0, 1.5, 1.5]) * pue / 1.5
    regions = PowerRegions(
        names=("usa", "eu"),
        existing_mw=np.vstack([usa, eu]),
        existing_pue=np.array([EXISTING_PUE, 1.5]),
        module_pue=np.full((1, 2), EXISTING_PUE),
        demand_share=np.zeros(2),
        onsite_gco2_per_kwh=np.full(2, np.nan),
        onsite_usd_per_mwh=np.full(2, np.nan),
    )
    return dc_tiny(
        existing_mw=usa + eu,
        demand=5000.0,
        fleet_mw_per_unit=None,
        system_power_w=np.array([IT_W]),
        pue=pue,
        power_regions=regions,
        fleet_lifetime_years=1,
        site_region=("usa",),
        regions=("usa", "eu"),
        grid_headroom_mw=np.full((2, N), np.inf),
    )


@pytest.mark.parametrize("pue", [1.0, 2.0])
def test_the_facility_mw_is_at_each_years_mean_pue(pue: float) -> None:
    """One facility MW of the pool at its mean PUE of that year: 1 / 1.2 MW of IT in
    2025 (833.3 H100e, $25.0M) and 1 / 1.35 after (740.7 H100e, $22.2M), by hand; the
    first year's PUE for every year gave $25.0M throughout (REVIEW-TRUST mutant)."""
    r = solve_inputs(two_regions(pue), mip_gap=0.0, counterfactual=False, explain_result=False)
    assert r.status == "optimal"
    sp = r.shadow_prices
    dc = sp[sp["resource"] == "datacenter power"].sort_values("year")
    by_hand = [PENALTY * 1e6 / IT_W / u for u in (1.2, 1.35, 1.35)]
    assert dc["value_usd"].to_numpy() == pytest.approx(by_hand, rel=REL)


def test_the_sentence_adds_each_years_facility_mw() -> None:
    """The two-region pool's one more facility MW in 2025-2027: 833.3 + 2 x 740.7 =
    2,315 H100e more and $25.0M + 2 x $22.2M = $69.4M, by hand (the first year's ratio
    for every year would give 2,500 and $75.0M)."""
    r = solve_inputs(two_regions(2.0), mip_gap=0.0, counterfactual=False)
    text = power_sentence(r)
    assert "by $69.4M and serve 2,315 H100e more over the horizon" in text, text
