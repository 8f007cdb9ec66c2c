"""User test of docs/energy.md and docs/finance.md, 2026-12-05 (stop 43).

#2: a gas cap below one module (``datacenters.gas_mw_per_year_max=0``) forbids on-site
gas, cost the reference $280B and 21.9M H100e, and was never named: a year counted as
at the cap only with some gas built. docs/energy.md defines it: "a year is at the cap
when one more module would not fit under it". Claim: the binding row's saving is the
re-solve's, i.e. the capped plan's objective less the reference's (the reference is
the problem without the cap).
"""

from __future__ import annotations

from typing import Any

from tests.test_s36_gaswhy import _capped, _served


def test_a_cap_that_admits_no_module_is_named_and_its_cost_is_the_re_solves(
    reference_solved: Any,
) -> None:
    capped = _capped(0.0, explain=True)
    rows = [e for e in capped.binding if e.kind == "gas"]
    assert len(rows) == 1, [e.to_dict() for e in capped.binding]
    text = rows[0].text
    assert text.startswith("The gas cap binds: the cap of 0 MW a year")
    assert "admits no on-site gas module (the smallest is 100 MW)" in text
    saving = capped.objective_usd - reference_solved.objective_usd
    more = _served(reference_solved) - _served(capped)
    assert saving > 0 and more > 0
    assert f"by ${saving / 1e9:.0f}B" in text or f"by ${saving / 1e9:.1f}B" in text, text
    assert f"serve {more / 1e6:.1f}M H100e more" in text
    # the JSON's years at the cap are the reasons' (review 2026-12-05: it was [])
    from tigris.energy.investor import investor_energy

    energy = investor_energy(capped)
    assert energy is not None
    first, last = capped.horizon
    assert energy["gas_years_at_cap"] == list(range(first, last + 1))


def test_an_installed_basis_headline_says_in_service_not_delivery() -> None:
    """#1: with ``demand_basis: installed`` the served compute is the stock in service
    (docs/plan.md), so its yearly figures are not deliveries and what the investor adds
    sums H100e-years in service. The tiny problem of tests/test_s35_inservice.py: the
    stock served is 1,000 then 3,000 a year; the sentence's ends are those."""
    from tests.test_s35_inservice import installed_problem, lives
    from tigris.plan.solve import solve_inputs
    from tigris.plan.summary import in_service

    inp, said = installed_problem()
    r = solve_inputs(inp, assumptions=said, explain_result=False)
    assert in_service(r)
    text = " ".join(r.headline()["sentences"])
    assert "compute in service goes from 1,000 H100e" in text, text
    assert "H100e-years in service of the " in text and "H100e-years in service demanded" in text
    assert "yearly delivery" not in text
    plain = solve_inputs(inp, assumptions=lives((2, "chip")), explain_result=False)
    assert not in_service(plain)


def test_grid_cells_in_the_wrong_unit_and_a_falling_headroom_are_said() -> None:
    """#4, #10: USD/kWh written in the grid's USD/MWh (0.0806 for 80.6), kg/kWh in its
    gCO2/kWh (0.369 for 369) and a 2035 headroom of 100 MW after 47,073 MW were planned
    silently. Bounds: a hundredth of the cheapest shipped grid price
    (energy_parameters.csv price_unit_slip_ratio, a tigris choice); hydropower's 1
    gCO2eq/kWh, the lowest life-cycle minimum of IPCC AR5 WGIII Annex III Table A.III.2;
    headroom is cumulative MW (docs/energy.md, 'The power constraint')."""
    import tigris.energy.bounds as b
    from tests.test_s35_esg_bounds import _plan
    from tigris.energy.data import REGIONS

    b._WARNED.clear()
    code, err = _plan(
        "--set", "data.grid.usa.electricity_usd_per_mwh=0.0806",
        "--set", "data.grid.europe.grid_gco2_per_kwh=0.369",
        "--set", "data.grid.china.2035.grid_headroom_mw=100",
    )  # fmt: skip
    assert code == 0, err
    lines = [ln for ln in err.splitlines() if ln.startswith("warning: --set: data.grid.")]
    text = "\n".join(lines)
    assert "usa.electricity_usd_per_mwh: 0.0806 USD/MWh in 2026-2035 is below 1/100" in text
    assert "europe.grid_gco2_per_kwh: 0.369 gCO2/kWh in 2026-2035 is below 1," in text
    assert "china.grid_headroom_mw: 100 MW in 2035 is below the" in text
    assert len(lines) == 3, text
    # the shipped table passes every bound (no warning on the reference)
    assert b.grid_price_warnings(REGIONS, range(2026, 2036)) == []
    assert b.headroom_fall_warnings(REGIONS, range(2026, 2036)) == []


def test_a_site_price_in_usd_per_mwh_is_said(tmp_path) -> None:
    """#4: ``electricity_usd_per_kwh: 80`` (USD/MWh in a USD/kWh field) drew only an
    unrelated warning."""
    from tests.test_s35_grid_checks import _found, scenario

    path = scenario(tmp_path)
    text = path.read_text(encoding="utf-8")
    anchor = "  - name: texas-usa\n"
    path.write_text(text.replace(anchor, f"{anchor}    electricity_usd_per_kwh: 80\n", 1))
    (found,) = _found(path, "site_price_unit_slips")
    assert found[0][-1] == "electricity_usd_per_kwh"
    assert "80 USD/kWh is above 100x the dearest shipped site price" in found[1]
    path.write_text(text.replace(anchor, f"{anchor}    electricity_usd_per_kwh: 0.08\n", 1))
    assert _found(path, "site_price_unit_slips") == []


def test_the_rates_beside_the_npv_say_they_are_real() -> None:
    """#9: under ``finance.discount_rate_basis: nominal`` the NPV reads "at 1.00%
    nominal = -1.32% real" and the next sentence's "-3.32% and 0.68%" did not say
    which; they are the real rate -/+ 2 points (summary.RATE_STEP)."""
    from tigris.plan.summary import RATE_STEP, _other_rates_words

    r = -0.0132
    words = _other_rates_words(
        {"discount_rate": r, "npv_at_rate_minus_2pt_usd": 2e9, "npv_at_rate_plus_2pt_usd": 1e9}
    )
    assert f"at {100 * (r - RATE_STEP):.2f}% and {100 * (r + RATE_STEP):.2f}% real (" in words


def test_an_edited_facility_is_named_by_its_type_in_the_runs_name() -> None:
    """#11: ``--set facilities.datacenter-gas.subsidy_share=0.3`` named the run
    "reference (edited: facilities.6.subsidy_share)", and the same label marked a run
    whose sixth facility was another (a scenario with a solar type): the name is the
    path as given, by the facility's type."""
    from tigris.scenario import reference_scenario
    from tigris.scenario.edit import COMMAND_LINE, set_paths

    change = {"facilities.datacenter-gas.subsidy_share": 0.3}
    sc = set_paths(reference_scenario(), change, field=COMMAND_LINE)
    assert sc.name == "reference (edited: facilities.datacenter-gas.subsidy_share)"
