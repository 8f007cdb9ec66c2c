"""Base (I/O) dies of 3D-stacked parts reach the plan and the hindcast (issues 10, 13).

AMD's MI300X bonds eight compute dies onto four I/O dies of 370 mm^2 made on TSMC N6
(AMD's MI300 launch slides, Dec 2023, via ServeTheHome; accelerators.csv base_dies),
which the catalog costs on the N7 row (N6 is an N7-family node). Those wafers must be
taken from the N7 family's capacity, in the plan and in the hindcast; before, only the
compute dies' wafers were (the bill's ``logic_base`` was computed and dropped).
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pytest

from tigris.errors import InputError
from tigris.plan.assemble import assemble
from tigris.plan.logic_use import base_die_family, logic_wafers_by_family
from tigris.plan.solve import solve_inputs
from tigris.scenario.edit import load_any


def _hand_base_wafers_per_mi300x(months_since_hvm: float) -> float:
    """Base-die wafers per good MI300X by hand (Hennessy & Patterson 5th ed. s. 1.6).

    4 dies of 370 mm^2 (accelerators.csv); 300 mm wafer, 3 mm edge exclusion and a
    0.1 mm scribe lane (silicon_params.csv); gross dies pi (d/2)^2 / S - pi d / sqrt(2 S)
    with d = 294 mm, S = (sqrt(370) + 0.1)^2; Poisson yield exp(-A D0) at the N7 row's
    D0 learning curve 0.04 + (0.146 - 0.04) exp(-t / 12 months) (nodes.csv; Weber 2004);
    over the mature CoWoS-S package yield 0.95 (packaging.csv).
    """
    d = 300.0 - 2 * 3.0
    s = (math.sqrt(370.0) + 0.1) ** 2
    gross = math.pi * (d / 2) ** 2 / s - math.pi * d / math.sqrt(2 * s)
    d0 = 0.04 + (0.146 - 0.04) * math.exp(-months_since_hvm / 12.0)
    good = gross * math.exp(-3.70 * d0)
    return 4 / good / 0.95


#: N7 (HVM 2018) at the middle of 2026: 8.5 years = 102 months (silicon.months_since_hvm).
_MONTHS_2026 = 102.0
#: ... and where the hindcast reads 2024's logic: its lagged window's middle, six months
#: before mid-2024 (data/hindcast_lags.csv, logic 6 months; docs/plan.md hindcast): 72.
_MONTHS_2024 = 72.0
#: The hand count takes N7's volume start at the beginning of 2018; a start later in
#: that year (up to December) raises the 2024 D0 by at most 0.0003/cm^2, the wafers by
#: < 0.1 % [-].
_REL = 2e-3

_STACKED = textwrap.dedent(
    """\
    name: stacked
    currency_year: 2024
    horizon: {first_year: 2026, last_year: 2026}
    discount_rate: 0.08
    pue: 1.2
    fleet_lifetime_years: 5
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: training
        priority: 1
        h100e_by_year: {2026: 1.0e9}
    products:
      - name: mi300x
    supply:
      logic_wspm: {N5: {2026: 100000}, N7: {2026: 1000}}
      cowos_wspm: {2026: 1.0e6}
      hbm_wspm: {2026: 1.0e7}
    sites:
      - name: taiwan
    tools:
      euv_per_year: {2026: 0}
    """
)


def test_hand_count_is_near_public_dies_per_wafer() -> None:
    # The hand count itself against the world: ~148 gross 370 mm^2 dies per 300 mm
    # wafer (a 19.2 mm square die; online die-per-wafer calculators give 140-150 for
    # such a die with a 3 mm edge), so 4 per unit at ~86 % yield take ~1/32 of a wafer.
    w = _hand_base_wafers_per_mi300x(_MONTHS_2026)
    assert 1 / 34 < w < 1 / 30


@pytest.fixture(scope="module")
def stacked():
    sc = load_any(_STACKED)
    inp, _ = assemble(sc)
    return inp


def test_plan_counts_base_die_wafers_on_their_family(stacked) -> None:
    inp = stacked
    p = inp.products.index("mi300x")
    n7, n5 = inp.facilities.index("logic-N7"), inp.facilities.index("logic-N5")
    hand = _hand_base_wafers_per_mi300x(_MONTHS_2026)
    assert inp.use[p, n7, 0] == pytest.approx(hand, rel=_REL)
    # the compute dies stay on N5: 8 x 115 mm^2, not the base dies
    assert 0 < inp.use[p, n5, 0] < inp.use[p, n7, 0]


def test_plan_is_bound_by_base_die_capacity(stacked) -> None:
    # 1,000 wspm of N7 at the line yield 0.98 (fab_parameters.csv) make 11,760 wafers a
    # year: exactly 11,760 / hand MI300X; N5 (100k wspm) is far from binding.
    res = solve_inputs(stacked, explain_result=False, counterfactual=False)
    units = float(res.production.loc[res.production["product"] == "mi300x", "units"].sum())
    hand = _hand_base_wafers_per_mi300x(_MONTHS_2026)
    assert units == pytest.approx(1000 * 0.98 * 12 / hand, rel=_REL)
    cap = res.capacity.set_index(["facility", "node"])
    assert cap.loc[("logic", "N7"), "used"] == pytest.approx(1000.0, rel=1e-6)
    assert cap.loc[("logic", "N5"), "used"] < 0.01 * 100_000


def test_a_part_without_base_dies_takes_no_base_family_wafers() -> None:
    sc = load_any(_STACKED.replace("  - name: mi300x\n", "  - name: h100\n"))
    inp, _ = assemble(sc)
    assert inp.use[0, inp.facilities.index("logic-N7")].sum() == 0.0
    assert base_die_family("h100") is None and base_die_family("mi355x") == "logic-N7"


def test_base_family_without_capacity_is_refused_not_zeroed() -> None:
    # The scenario checks refuse it at load (below); the assembly refuses it too, for
    # a baseline world whose families only the world layer knows.
    with pytest.raises(InputError, match=r"base \(I/O\) dies.*logic-N7"):
        load_any(_STACKED.replace(", N7: {2026: 1000}", ""))
    from tigris.plan import assemble as a
    from tigris.plan.assemble_sites import _Assumptions

    sc = load_any(_STACKED)
    products = list(sc.products)
    prods = a._products(products, sc.years, _Assumptions())
    with pytest.raises(InputError) as err:
        a._check_families(products, prods, ["logic-N5", "cowos", "hbm"])
    (problem,) = err.value.problems
    assert problem.field == "products.0.accelerator"
    assert "logic-N7" in problem.message and "base" in problem.message


def test_base_wafers_without_a_family_are_an_error() -> None:
    with pytest.raises(InputError, match="base-die wafers"):
        logic_wafers_by_family({"logic": 0.02, "logic_base": 0.03}, "logic-N5", None)
    same = logic_wafers_by_family({"logic": 0.02, "logic_base": 0.03}, "logic-N7", "logic-N7")
    assert float(same["logic-N7"]) == pytest.approx(0.05)


def test_hindcast_counts_mi300x_base_dies_on_n7() -> None:
    from tigris.world.hindcast import _inputs

    inp, prods = _inputs((2024,), "announced")
    names = [p["name"] for p in prods]
    p = names.index("AMD MI300X")
    n7 = inp.facilities.index("logic-N7")
    hand = _hand_base_wafers_per_mi300x(_MONTHS_2024)
    assert inp.use[p, n7, 0] == pytest.approx(hand, rel=_REL)
    # parts without base dies take nothing of N7 unless their compute dies are on it
    h100 = names.index("NVIDIA H100/H200")
    assert inp.use[h100, n7, 0] == 0.0
    assert np.all(inp.use[:, n7, 0] >= 0)


def test_scenario_check_names_the_base_die_family_with_its_line() -> None:
    # The old-style scenario (every map written out) without its N7 supply: its MI300X
    # can be made on N5 but not its I/O dies; the scenario checks say so, with the line.
    from pathlib import Path

    text = Path(__file__).with_name("scenario_explicit.yaml").read_text()
    start, end = text.index("    N7:  "), text.index("  cowos_wspm:")
    with pytest.raises(InputError) as err:
        load_any(text[:start] + text[end:])
    found = [p for p in err.value.problems if "base (I/O) dies" in p.message]
    assert len(found) == 1 and "logic-N7" in found[0].message
    assert found[0].field == "products.3.name" and found[0].line is not None
