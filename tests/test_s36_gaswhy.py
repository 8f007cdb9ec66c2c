"""GAS-WHY (S36): a binding gas cap is explained, and the energy line says when it binds.

- RV-S36 #1: the reference with ``datacenters.gas_mw_per_year_max`` 1,000 builds 10 + 10
  gas modules (2026 -> 2028, 2027 -> 2029) instead of 21 + 7; its ``binding`` list has a
  row of kind ``gas`` whose figures equal my own re-solve without the cap (the
  reference itself: the same problem without the ``gas-build-upper`` rows).
- RV-S36 #3: at 1,050 MW the plan is the 1,000 MW plan (an 11th 100 MW module would
  exceed 1,050), so the energy line says "at the cap in 2028, 2029" as at 1,000.
- RV-S36 #4: the cap counts a module in its first year of output only; a three-year
  case, solved by hand, where counting every year it runs would bind.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

from tests.test_plan_power import PENALTY, REL, dc_tiny, solved
from tests.test_s36_gas import _regions


def _capped(cap: float, explain: bool) -> Any:
    """The reference with the gas cap ``cap`` [MW/year], as ``tigris plan --set
    datacenters.gas_mw_per_year_max=cap`` solves it (no world without the investor:
    not read here)."""
    from tigris.plan import solve
    from tigris.scenario import reference_scenario

    sc = reference_scenario()
    assert sc.datacenters is not None
    dc = sc.datacenters.model_copy(update={"gas_mw_per_year_max": cap})
    return solve(sc.model_copy(update={"datacenters": dc}), explain_result=explain)


@pytest.fixture(scope="module")
def capped_1000() -> Any:
    return _capped(1000.0, explain=True)


@pytest.fixture(scope="module")
def capped_1050() -> Any:
    return _capped(1050.0, explain=False)


def _gas_starts(result: Any) -> dict[int, int]:
    b = result.builds
    gas = b[(b["facility"] == "datacenter") & (b["node"] == "gas")]
    return dict(zip(gas["start_year"].astype(int), gas["modules"].astype(int), strict=True))


def _served(result: Any) -> float:
    return float(result.demand["served_h100e"].sum())


def test_a_binding_gas_cap_has_a_binding_row_with_the_re_solves_figures(
    capped_1000: Any, reference_solved: Any
) -> None:
    """The cap at 1,000 MW: 10 modules in 2026 and 10 in 2027 (by hand, RV-S36 #1), the
    reference 21 + 7. The row's saving and H100e are the reference's objective and
    served less the capped plan's (my re-solve without the cap: the reference is that
    problem), rounded as the sentence rounds them ($X.XB, X.XM H100e)."""
    capped, free = capped_1000, reference_solved
    assert _gas_starts(capped) == {2026: 10, 2027: 10}
    assert _gas_starts(free) == {2026: 21, 2027: 7}
    rows = [e for e in capped.binding if e.kind == "gas"]
    assert len(rows) == 1, [e.to_dict() for e in capped.binding]
    row = rows[0]
    assert row.year == 2028
    saving = capped.objective_usd - free.objective_usd  # serve: minimised
    more = _served(free) - _served(capped)
    assert saving == pytest.approx(75.0e9, abs=0.05e9)  # RV-S36's diff: $75.01B
    assert more == pytest.approx(4.49e6, abs=0.01e6)  # RV-S36's diff: 4,492,852
    assert row.text.startswith("The gas cap binds: ")
    assert "1,000 MW of on-site gas generation in 2028–2029" in row.text
    assert "cap of 1,000 MW a year (datacenters.gas_mw_per_year_max)" in row.text
    assert f"would lower the objective (cost + unmet penalty) by ${saving / 1e9:.1f}B" in row.text
    assert f"serve {more / 1e6:.1f}M H100e more over the horizon" in row.text
    assert row.text.endswith("(re-solved).")


def test_the_reference_has_no_gas_row(reference_explained: Any) -> None:
    """No cap, no gas row (and no re-solve for it: tests/test_plan_explain_claims.py
    pins the reference's re-solve count)."""
    assert not [e for e in reference_explained.binding if e.kind == "gas"]


def test_a_cap_between_modules_is_said_at_the_cap(capped_1000: Any, capped_1050: Any) -> None:
    """1,050 MW a year: the same 10 + 10 modules as 1,000 (an 11th would be 1,100 MW),
    so the same "at the cap in 2028, 2029"; RV-S36 #3 found only "capped at 1,050"."""
    from tigris.energy.gas import gas_line

    wide = capped_1050
    assert _gas_starts(wide) == {2026: 10, 2027: 10}
    for result, cap in ((wide, "1,050"), (capped_1000, "1,000")):
        line = gas_line(result)
        assert line is not None
        assert line.endswith(
            f"capped at {cap} MW a year (datacenters.gas_mw_per_year_max), "
            "at the cap in 2028, 2029."
        ), line


def test_the_json_years_at_the_cap_at_1000(capped_1000: Any) -> None:
    """added.energy's gas_years_at_cap at 1,000 MW: 2028 and 2029 (1,000 MW each, by
    hand: 10 modules of 100 MW); RV-S36 #4's mutation ``v >= cap`` -> ``v > cap`` in
    energy/investor.py gives []."""
    from tigris.energy.investor import investor_energy

    energy = investor_energy(capped_1000)
    assert energy is not None
    assert energy["gas_mw_per_year_max"] == 1000.0
    assert energy["gas_years_at_cap"] == [2028, 2029]


def test_the_json_years_at_the_cap_at_1050(capped_1050: Any) -> None:
    """At 1,050 MW the JSON's gas_years_at_cap says what the text line says."""
    from tigris.energy.investor import investor_energy

    energy = investor_energy(capped_1050)
    assert energy is not None
    assert energy["gas_years_at_cap"] == [2028, 2029]


def test_at_gas_cap_by_hand() -> None:
    """100 MW modules: at 1,050, 1,000 is at the cap and 900 is not (a tenth module
    fits); at 1,000, 1,000 is; 0 MW is only under a cap below one module; without a
    module size, MW >= cap."""
    from tigris.energy.gas import at_gas_cap

    mw = [0.0, 900.0, 1000.0]
    assert at_gas_cap(mw, 1050.0, 100.0).tolist() == [False, False, True]
    assert at_gas_cap(mw, 1000.0, 100.0).tolist() == [False, False, True]
    assert at_gas_cap(mw, 950.0, 100.0).tolist() == [False, True, True]
    assert at_gas_cap(mw, 1000.0, None).tolist() == [False, False, True]
    # a cap below one module: no module fits, so every year is at it (docs/energy.md)
    assert at_gas_cap([0.0], 0.0, 100.0).tolist() == [True]
    assert at_gas_cap([0.0], 100.0, 100.0).tolist() == [False]


# --- the lag: first year of output only ----------------------------------------------


def _three_years(cap: float | None) -> dict[str, Any]:
    """2025-2027, a module runs from the year after its start and keeps running (output
    profile 0, 1, 1 over three lags), demand 1,500, 1,500, 2,500 H100e, accelerators in
    service one year (the fleet is the year's production, each drawing 1 kW), 0.5 MW
    existing (500 H100e), 1 MW a module (1,000 H100e), gas $12M, grid $14M, penalty
    $30,000 per H100e unmet, rate 0.

    By hand: 2025 can only serve 500 (nothing built runs before 2026): 1,000 unmet,
    $30M, whatever is built. Module A started 2025 runs 2026 and 2027 (+1,000 each:
    $60M > $12M); with A, 2026 is met and 2027 lacks 1,000: module B started 2026 runs
    2027 (+1,000: $30M > $12M; started 2025 it costs the same at a 0 % rate, a tie).
    Without a cap both are gas: $24M + $30M = $54M. At a
    cap of 1 MW commissioned a year, A counts in 2026 (its first year of output) and B
    in 2027: 1 MW each, within the cap, the same $54M (B started 2025 would make 2 MW
    in 2026: the cap breaks the tie). Counting every year a module
    runs (RV-S36 #4's mutation), 2027 would hold A and B, 2 MW, whenever B starts: B
    would go to the grid ($14M), $56M."""
    ramp = np.ones((1, 3, 1))
    inp = dc_tiny(
        existing_mw=0.5,
        demand=np.array([1500.0, 1500.0, 2500.0]),
        build_dc=True,
        gas=True,
        grid_capex=14e6,
        power_regions=_regions(cap),
        fleet_lifetime_years=1,
        spend=ramp * np.array([1.0, 0.0, 0.0]),
        output=ramp * np.array([0.0, 1.0, 1.0]),
    )
    return solved(inp)


def test_the_cap_counts_a_module_in_its_first_year_of_output_only() -> None:
    free, capped = _three_years(None), _three_years(1.0)
    want = 24e6 + 1000 * PENALTY
    assert free["objective"] == pytest.approx(want, rel=REL)
    assert free["build"][0, 2].sum() == 2.0 and free["build"][0, 1].sum() == 0.0
    assert "gas-build-upper" in capped["m"].constraints
    assert capped["objective"] == pytest.approx(want, rel=REL)  # not $56M
    assert capped["build"][0, 2].tolist() == [1.0, 1.0, 0.0]
    assert capped["build"][0, 1].sum() == 0.0  # no grid module


def test_the_gas_sentence_figures_have_the_sentence_format(capped_1000: Any) -> None:
    """One sentence, money as the other limits' ($X.XB), said once."""
    texts = [e.text for e in capped_1000.binding if "gas cap" in e.text]
    assert len(texts) == 1
    assert re.search(r"by \$\d+\.\dB and serve \d+\.\dM H100e more", texts[0]), texts[0]
