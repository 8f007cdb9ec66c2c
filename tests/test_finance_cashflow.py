"""Cash flows, NPV, IRR and payback of the modules a plan builds (tigris.finance.cashflow).

The one-module case is worked by hand below (each year's cash flow as arithmetic, not
the code's output); the merit order of who sells on tiny hand cases; the identity the
planner's ``npv`` objective rests on (Σ build · npv_build_coefficients + Σ sold ·
wafer_margin_pv = Σ module NPVs from the cash-flow table) on seeded random problems.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy_financial as npf
import pytest

from tigris.finance.cashflow import (
    FLOW_COLUMNS,
    book_value_share,
    cash_flows,
    depreciation_schedule,
    finance_tables,
    irr,
    module_pv,
    npv_build_coefficients,
    npv_usd,
    payback_year,
    sold_wafers,
    wafer_margin_pv,
)
from tigris.plan import PlanInputs

M = 1e6  # USD per million USD, to write the hand case in millions


def problem(
    n_years: int = 5,
    *,
    sites: int = 1,
    facilities: int = 1,
    existing_wspm: float = 0.0,
    capex: float = 1.2e9,
    subsidy: float = 0.2e9,
    opex: float = 50e6,
    spend: tuple[float, ...] = (0.6, 0.4),
    output: tuple[float, ...] = (0.0, 0.5, 1.0),
    module_wspm: float = 1000.0,
    price: float = 30_000.0,
    variable_cost: float = 5_000.0,
    tax: float | list[float] = 0.2,
    equipment_share: float = 0.8,
    equipment_life: float | None = 5.0,
    building_life: float | None = 20.0,
    discount_rate: float = 0.10,
    **extra: Any,
) -> PlanInputs:
    """One product of 1 finished wafer per unit, ``facilities`` logic types, ``sites``
    sites; every number is hand-checkable."""
    s, k, t = sites, facilities, n_years
    n_lag = max(len(spend), len(output))
    sp = np.zeros(n_lag)
    sp[: len(spend)] = spend
    out = np.full(n_lag, output[-1])
    out[: len(output)] = output
    kwargs: dict[str, Any] = {
        "years": np.arange(2025, 2025 + t),
        "sites": tuple(f"site{i}" for i in range(s)),
        "facilities": tuple(f"logic-N{i}" for i in range(k)),
        "facility_kind": ("logic",) * k,
        "facility_node": tuple(f"N{i}" for i in range(k)),
        "products": ("chip",),
        "classes": ("all",),
        "sources": ("fund",),
        "h100e": np.ones(1),
        "use": np.ones((1, k)),
        "available": np.ones((1, t), dtype=bool),
        "min_share": np.zeros((1, t)),
        "max_share": np.ones((1, t)),
        "system_power_w": np.full(1, 1000.0),
        "existing": np.full((k, t), existing_wspm),
        "demand": np.full((1, t), 1e6),
        "priority": np.ones(1),
        "penalty_usd_per_h100e": 30_000.0,
        "allowed": np.ones((s, k), dtype=bool),
        "module_capacity": np.full((s, k), module_wspm),
        "capex_usd": np.full((s, k), capex),
        "subsidy_usd": np.full((s, k), subsidy),
        "spend": np.tile(sp, (s, k, 1)),
        "output": np.tile(out, (s, k, 1)),
        "opex_usd_per_year": np.full((s, k), opex),
        "euv_tools": np.zeros((s, k)),
        "high_na_tools": np.zeros((s, k)),
        "power_mw": np.zeros((s, k)),
        "max_modules": np.full(s, np.inf),
        "power_limit_mw": np.full(s, np.inf),
        "euv_supply": np.full(t, 100.0),
        "high_na_supply": np.zeros(t),
        "capital_usd": np.full((1, t), 100e9),
        "discount_rate": discount_rate,
        "base_year": 2025,
        "price_usd_per_wafer": np.full((k, t), price),
        "variable_cost_usd_per_wafer": np.full((k, t), variable_cost),
        "tax_rate": np.broadcast_to(np.asarray(tax, dtype=float), (s,)).copy(),
        "equipment_share": np.full((s, k), equipment_share),
        "equipment_life_years": equipment_life,
        "building_life_years": building_life,
    }
    kwargs.update(extra)
    return PlanInputs(**kwargs)


# ------------------------------------------------------------------ the hand case


def hand_case() -> tuple[PlanInputs, np.ndarray, np.ndarray]:
    """One module started in 2025 at one investor site, 2025-2029, r = 10 %.

    Capex $1.2B less a $0.2B grant: net $1.0B, spent 60 % / 40 % in 2025/2026. Output
    0, 50 %, 100 % of 1,000 wspm (12,000 wafers/yr at full). Existing capacity 100 wspm
    = 1,200 wafers/yr sells first. Production uses 1,000, 7,200, 13,200, 11,200 and
    13,200 wafers: the module sells 0, 6,000, 12,000, 10,000, 12,000.
    """
    inp = problem(existing_wspm=100.0)
    build = np.zeros((1, 1, 5))
    build[0, 0, 0] = 1
    prod = np.array([[1_000.0, 7_200.0, 13_200.0, 11_200.0, 13_200.0]])
    return inp, build, prod


def hand_flows() -> dict[int, dict[str, float]]:
    """The hand case's cash flows [USD].

    Depreciation from 2026 (first output) on the $1.0B spent by then: equipment
    0.8 × 1000 / 5 = 160, building 0.2 × 1000 / 20 = 10: $170M a year. Price $30,000,
    variable cost $5,000 per wafer; fixed opex $50M × output share; tax 20 % of
    (revenue − variable − opex − depreciation), negative in a loss year. Book value at
    the end of 2029: 1000 − 4 × 170 = $320M, the salvage in 2030.
    """
    rows = {}
    sold = {2025: 0.0, 2026: 6_000.0, 2027: 12_000.0, 2028: 10_000.0, 2029: 12_000.0}
    capex = {2025: 600 * M, 2026: 400 * M}
    out = {2025: 0.0, 2026: 0.5}
    for year, wafers in sold.items():
        revenue = wafers * 30_000.0
        variable = wafers * 5_000.0
        opex = 50 * M * out.get(year, 1.0)
        dep = 0.0 if year == 2025 else 170 * M
        tax = 0.2 * (revenue - variable - opex - dep)
        net = revenue - variable - opex - tax - capex.get(year, 0.0)
        rows[year] = {"revenue_usd": revenue, "depreciation_usd": dep, "tax_usd": tax}
        rows[year]["net_usd"] = net
    rows[2030] = {"revenue_usd": 0.0, "depreciation_usd": 0.0, "tax_usd": 0.0}
    rows[2030]["net_usd"] = 320 * M
    return rows


def test_hand_case_flows_written_out() -> None:
    """The hand flows, once more as plain numbers (millions): 2026 taxable −45 (tax
    −9), 2027 +80 (tax 16), 2028 +30 (tax 6)."""
    net = [r["net_usd"] / M for r in hand_flows().values()]
    assert net == pytest.approx(
        [
            -600,
            180 - 30 - 25 + 9 - 400,
            360 - 60 - 50 - 16,
            300 - 50 - 50 - 6,
            360 - 60 - 50 - 16,
            320,
        ]
    )


def test_hand_case_cash_flows() -> None:
    inp, build, prod = hand_case()
    table = cash_flows(inp, build, prod)
    assert table["year"].tolist() == list(range(2025, 2031))
    assert set(table["owner"]) == {"investor"} and set(table["start_year"]) == {2025}
    want = hand_flows()
    for col in ("revenue_usd", "depreciation_usd", "tax_usd", "net_usd"):
        assert table[col].tolist() == pytest.approx([want[y][col] for y in want], abs=1e-3)
    assert table["capex_usd"].tolist() == pytest.approx([600 * M, 400 * M, 0, 0, 0, 0])
    assert table["salvage_usd"].tolist() == pytest.approx([0, 0, 0, 0, 0, 320 * M])
    assert table["opex_usd"].tolist() == pytest.approx([0, 25 * M, 50 * M, 50 * M, 50 * M, 0])


def test_hand_case_npv_irr_payback() -> None:
    """NPV by hand: −600 − 266/1.1 + 234/1.1² + 194/1.1³ + 234/1.1⁴ + 320/1.1⁵ (M$);
    cumulative −600, −866, −632, −438, −204, +116: payback in 2030 (the salvage row)."""
    inp, build, prod = hand_case()
    npv_hand = (-600 - 266 / 1.1 + 234 / 1.1**2 + 194 / 1.1**3 + 234 / 1.1**4 + 320 / 1.1**5) * M
    tables = finance_tables(inp, build, prod, np.array([[600 * M, 400 * M, 0, 0, 0]]))
    mod = tables["finance_modules"].iloc[0]
    assert mod["npv_usd"] == pytest.approx(npv_hand, abs=1.0)
    # recomputed from the cash-flow table, to $1
    flows = tables["cash_flows"]
    disc = 1.1 ** -(flows["year"] - 2025.0)
    assert mod["npv_usd"] == pytest.approx(float((flows["net_usd"] * disc).sum()), abs=1.0)
    # IRR: the library on the same flows, and the NPV at it is zero
    net = flows["net_usd"].to_numpy()
    assert mod["irr"] == pytest.approx(npf.irr(net), rel=1e-12)
    assert npv_usd(net, flows["year"], 2025, mod["irr"]) == pytest.approx(0.0, abs=1.0)
    assert -0.1 < mod["irr"] < 0.1  # NPV < 0 at 10 %, > 0 at 0 %
    assert mod["payback_year"] == 2030
    assert payback_year([-600, -266, 234, 194, 234, 320], range(2025, 2031)) == 2030
    owner = tables["finance_owners"].set_index("owner").loc["investor"]
    assert owner["npv_usd"] == pytest.approx(npv_hand, abs=1.0)
    assert tables["finance_sources"]["share"].tolist() == [1.0]


def test_hand_case_per_module_terms() -> None:
    """The module's PV terms by hand: capex 600 + 400/1.1, opex 25/1.1 + 50 (1/1.1² +
    1/1.1³ + 1/1.1⁴), depreciation 170 (1/1.1 + … + 1/1.1⁴), salvage 320/1.1⁵ (M$);
    one wafer in 2027 is worth 0.8 × 25,000 / 1.1² after tax."""
    inp = hand_case()[0]
    pv = module_pv(inp)
    d = 1.1 ** -np.arange(6.0)
    assert pv.capex[0, 0, 0] == pytest.approx((600 + 400 * d[1]) * M)
    assert pv.opex[0, 0, 0] == pytest.approx((25 * d[1] + 50 * d[2:5].sum()) * M)
    assert pv.depreciation[0, 0, 0] == pytest.approx(170 * d[1:5].sum() * M)
    assert pv.salvage[0, 0, 0] == pytest.approx(320 * d[5] * M)
    assert wafer_margin_pv(inp)[0, 0, 2] == pytest.approx(0.8 * 25_000 * d[2])
    # a module started in 2029 spends 600 then is on the books at 600 in 2030
    assert pv.salvage[0, 0, 4] == pytest.approx(600 * d[5] * M)


def test_depreciation_capped_by_book_value() -> None:
    """Equipment only, life 2 years, capex all in year 0, output from year 0: 50 %, 50 %,
    then nothing left to charge."""
    inp = problem(spend=(1.0,), output=(1.0,), equipment_share=1.0, equipment_life=2.0)
    assert depreciation_schedule(inp)[0, 0].tolist() == pytest.approx([0.5, 0.5, 0, 0, 0])
    assert book_value_share(inp)[0, 0].tolist() == pytest.approx([0.5, 0, 0, 0, 0])
    no_life = problem(equipment_life=None, building_life=None)
    assert not depreciation_schedule(no_life).any()
    assert book_value_share(no_life)[0, 0].tolist() == pytest.approx([0.6, 1, 1, 1, 1])


def test_under_construction_at_the_horizon_end() -> None:
    """Spend 30/30/40 % over three years, output from year 4; started in 2026 of a
    2025-2027 horizon: $0.6 of $1 spent by 2027, salvage $0.6 in 2028 (what it cost so
    far), NPV = −0.3 (d₁ − d₃) − 0.3 (d₂ − d₃) per $ of net capex."""
    inp = problem(3, spend=(0.3, 0.3, 0.4), output=(0.0, 0.0, 0.0, 1.0), subsidy=0.0)
    build = np.zeros((1, 1, 3))
    build[0, 0, 1] = 2
    table = cash_flows(inp, build, np.zeros((1, 3)))
    assert table["year"].tolist() == [2026, 2027, 2028]
    assert table["salvage_usd"].iloc[-1] == pytest.approx(2 * 0.6 * 1.2e9)
    assert table["tax_usd"].abs().max() == 0.0 and table["revenue_usd"].abs().max() == 0.0
    d = 1.1 ** -np.arange(4.0)
    want = -2 * 1.2e9 * 0.3 * ((d[1] - d[3]) + (d[2] - d[3]))
    got = npv_usd(table["net_usd"], table["year"], 2025, 0.1)
    assert got == pytest.approx(want, abs=1.0) and got < 0


# -------------------------------------------------------------------- who sells


def merit_case(price: float, tax: list[float], **extra: Any) -> PlanInputs:
    """Three sites, one facility, 1,000 wspm modules online at once (12,000 wafers/yr
    each), 100 wspm existing (1,200 wafers/yr); site2 belongs to 'tsmc'."""
    return problem(
        1,
        sites=3,
        existing_wspm=100.0,
        spend=(1.0,),
        output=(1.0,),
        price=price,
        tax=tax,
        site_owner=("investor", "investor", "tsmc"),
        **extra,
    )


def test_merit_order_lowest_tax_first() -> None:
    """Used 20,000; NI = 1,200 + 12,000 (tsmc) = 13,200; the investor sells 6,800, all
    from site1 (tax 10 % < 30 %); tsmc sells its 12,000 (NI fully used)."""
    inp = merit_case(30_000.0, [0.3, 0.1, 0.25])
    build = np.ones((3, 1, 1))
    sold = sold_wafers(inp, build, np.array([[20_000.0]]))[:, 0, 0]
    assert sold.tolist() == pytest.approx([0.0, 6_800.0, 12_000.0])
    # more than site1 can make: the rest from site0
    sold = sold_wafers(inp, build, np.array([[30_000.0]]))[:, 0, 0]
    assert sold.tolist() == pytest.approx([4_800.0, 12_000.0, 12_000.0])
    # more than all capacity: each sells what it can make
    sold = sold_wafers(inp, build, np.array([[50_000.0]]))[:, 0, 0]
    assert sold.tolist() == pytest.approx([12_000.0, 12_000.0, 12_000.0])


def test_merit_order_negative_margin_highest_tax_first() -> None:
    """Price $4,000 < variable cost $5,000: a loss is worth least after tax where the
    tax is highest, so site0 (30 %) sells first."""
    inp = merit_case(4_000.0, [0.3, 0.1, 0.25])
    sold = sold_wafers(inp, np.ones((3, 1, 1)), np.array([[20_000.0]]))[:, 0, 0]
    assert sold.tolist() == pytest.approx([6_800.0, 0.0, 12_000.0])


def test_merit_order_ties_and_incumbents_first() -> None:
    """Equal taxes: site order. Used 7,800 < NI 13,200: the investor sells nothing and
    tsmc's module and existing share 7,800 pro rata: 12,000/13,200 of it to tsmc."""
    inp = merit_case(30_000.0, [0.2, 0.2, 0.2])
    build = np.ones((3, 1, 1))
    sold = sold_wafers(inp, build, np.array([[20_000.0]]))[:, 0, 0]
    assert sold.tolist() == pytest.approx([6_800.0, 0.0, 12_000.0])
    sold = sold_wafers(inp, build, np.array([[7_800.0]]))[:, 0, 0]
    assert sold.tolist() == pytest.approx([0.0, 0.0, 7_800.0 * 12_000 / 13_200])


def test_merit_order_pro_rata_within_a_site() -> None:
    """Two groups at one site, 2 modules from 2025 and 1 from 2026 (online from its
    start): in 2026 the site sells 27,000 of 36,000, 2:1 between them."""
    inp = problem(2, spend=(1.0,), output=(1.0,))
    build = np.array([[[2.0, 1.0]]])
    table = cash_flows(inp, build, np.array([[10_000.0, 27_000.0]]))
    y26 = table[table["year"] == 2026].set_index("start_year")["revenue_usd"]
    assert y26.tolist() == pytest.approx([18_000 * 30_000.0, 9_000 * 30_000.0])


# --------------------------------------------------------------------- invariants


def random_problem(rng: np.random.Generator) -> tuple[PlanInputs, np.ndarray, np.ndarray]:
    s, k, t = (int(x) for x in rng.integers(1, 4, size=3))
    t += 2
    n_lag = int(rng.integers(1, 4))
    spend = rng.dirichlet(np.ones(n_lag))
    output = np.sort(rng.uniform(0, 1, n_lag + 1))
    output[0] = 0.0
    inp = problem(
        t,
        sites=s,
        facilities=k,
        existing_wspm=float(rng.uniform(0, 2_000)),
        spend=tuple(spend),
        output=tuple(output),
        price=1.0,  # replaced below
        tax=list(rng.uniform(0, 0.4, s)),
        equipment_share=float(rng.uniform(0, 1)),
        equipment_life=float(rng.integers(1, 6)),
        building_life=float(rng.choice([3.0, 7.5, 20.0])),
        discount_rate=float(rng.uniform(0, 0.15)),
    )
    inp = inp.replace(
        price_usd_per_wafer=rng.uniform(1_000, 30_000, (k, t)),
        variable_cost_usd_per_wafer=rng.uniform(1_000, 20_000, (k, t)),
        capex_usd=rng.uniform(0.5e9, 5e9, (s, k)),
        subsidy_usd=rng.uniform(0, 0.5e9, (s, k)),
        opex_usd_per_year=rng.uniform(0, 3e8, (s, k)),
        module_capacity=rng.uniform(500, 5_000, (s, k)),
    )
    build = rng.integers(0, 3, (s, k, t)).astype(float)
    prod = rng.uniform(0, 40_000 * s, (1, t))
    inp = inp.replace(use=rng.uniform(0.2, 1.5, (1, k, t)))
    return inp, build, prod


@pytest.mark.parametrize("seed", range(8))
def test_npv_objective_identity(seed: int) -> None:
    """Σ build · npv_build_coefficients + Σ sold · wafer_margin_pv = Σ module NPVs from
    the cash-flow table (only investor sites), to $1."""
    inp, build, prod = random_problem(np.random.default_rng(seed))
    lhs = float((build * npv_build_coefficients(inp)).sum())
    lhs += float((sold_wafers(inp, build, prod) * wafer_margin_pv(inp)).sum())
    tables = finance_tables(inp, build, prod, np.zeros((1, len(inp.years))))
    flows = tables["cash_flows"]
    by_rows = npv_usd(flows["net_usd"], flows["year"], 2025, inp.discount_rate)
    assert tables["finance_modules"]["npv_usd"].sum() == pytest.approx(lhs, abs=1.0)
    assert by_rows == pytest.approx(lhs, abs=1.0)
    assert len(tables["finance_modules"]) == int((build > 0).sum())
    # every module: NPV from its own rows, IRR the library's on the same flows
    for _, mod in tables["finance_modules"].iterrows():
        rows = flows[
            (flows["site"] == mod["site"])
            & (flows["facility"] == mod["facility"])
            & (flows["start_year"] == mod["start_year"])
        ]
        assert np.all(np.diff(rows["year"]) == 1)
        assert mod["npv_usd"] == pytest.approx(
            npv_usd(rows["net_usd"], rows["year"], 2025, inp.discount_rate), abs=1.0
        )
        want = npf.irr(rows["net_usd"].to_numpy())
        assert (np.isnan(mod["irr"]) and np.isnan(want)) or mod["irr"] == pytest.approx(want)
    # net = revenue − variable − opex − tax − capex + salvage, row by row
    net = flows.eval("revenue_usd - variable_cost_usd - opex_usd - tax_usd - capex_usd")
    assert np.allclose(flows["net_usd"], net + flows["salvage_usd"], rtol=0, atol=1e-3)
    # the investor sells no more than its capacity and the capacity rows allow
    sold = sold_wafers(inp, build, prod)
    assert np.all(sold >= 0)


def two_owner_problem() -> PlanInputs:
    """Four years, two sites (the investor's and tsmc's), the investor's sources ``fund``
    and ``bank`` and tsmc's ``tsmc-cash``, $100B each a year."""
    return problem(
        4,
        sites=2,
        sources=("fund", "bank", "tsmc-cash"),
        capital_usd=np.full((3, 4), 100e9),
        site_owner=("investor", "tsmc"),
        source_owner=("investor", "investor", "tsmc"),
        tax=[0.2, 0.1],
    )


def test_sources_split_sums_to_the_owner() -> None:
    """Two investor sources drew 3:1 and a second owner's source drew the rest: each
    source carries its share of its owner's flows; the shares sum to its owner's."""
    inp = two_owner_problem()
    build = np.zeros((2, 1, 4))
    build[0, 0, 0] = 1
    build[1, 0, 1] = 2
    draw = np.array([[450e6, 300e6, 0, 0], [150e6, 100e6, 0, 0], [0, 1.2e9, 0.8e9, 0]])
    tables = finance_tables(inp, build, np.array([[5e3, 2e4, 4e4, 5e4]]), draw)
    src = tables["finance_sources"].set_index("source")
    assert src["share"].to_dict() == pytest.approx({"fund": 0.75, "bank": 0.25, "tsmc-cash": 1})
    owners = tables["finance_owners"].set_index("owner")["npv_usd"]
    assert src.loc["fund", "npv_usd"] == pytest.approx(0.75 * owners["investor"], abs=1.0)
    flows = tables["finance_flows"]
    for owner, names in (("investor", ["fund", "bank"]), ("tsmc", ["tsmc-cash"])):
        mine = flows[(flows["level"] == "owner") & (flows["name"] == owner)]
        theirs = flows[(flows["level"] == "source") & flows["name"].isin(names)]
        summed = theirs.groupby("year")[list(FLOW_COLUMNS)].sum()
        assert np.allclose(summed.to_numpy(), mine.set_index("year")[list(FLOW_COLUMNS)])
    sites = tables["finance_sites"].set_index("site")
    assert sites.loc["site1", "owner"] == "tsmc"
    assert sites["npv_usd"].sum() == pytest.approx(owners.sum(), abs=1.0)


def test_measures_edge_cases() -> None:
    assert np.isnan(irr([-1.0, -2.0])) and np.isnan(irr([5.0]))
    assert irr([-100.0, 110.0]) == pytest.approx(0.1)
    assert payback_year([10.0, 20.0], [2025, 2026]) is None  # never below zero
    assert payback_year([-10.0, 5.0], [2025, 2026]) is None  # never back
    assert payback_year([-10.0, 10.0], [2025, 2026]) == 2026  # exactly zero counts
    empty = finance_tables(
        *hand_case()[:1], np.zeros((1, 1, 5)), np.zeros((1, 5)), np.zeros((1, 5))
    )
    assert empty["cash_flows"].empty and empty["finance_modules"].empty
    assert empty["finance_owners"]["npv_usd"].tolist() == [0.0]


@pytest.mark.parametrize("seed", range(4))
def test_who_sells_totals_with_other_owners(seed: int) -> None:
    """With other owners' sites too: the investor sells clip(used − NI, 0, INV) in all,
    every site at most what its modules make, other owners min(used, NI) × their share
    of NI; the identity holds per module for every owner."""
    rng = np.random.default_rng(100 + seed)
    inp, build, prod = random_problem(rng)
    s = len(inp.sites)
    owners = tuple(rng.choice(["investor", "tsmc"], s))
    inp = inp.replace(site_owner=owners)
    sold = sold_wafers(inp, build, prod)
    # capacity by hand: Σ_τ build[τ] · output[t − τ] · wspm · yield · 12
    out = np.asarray(inp.output)
    n_t, n_lag = len(inp.years), out.shape[-1]
    cap = np.zeros_like(build)
    for tau in range(n_t):
        for t in range(tau, n_t):
            cap[..., t] += build[..., tau] * out[..., min(t - tau, n_lag - 1)]
    cap *= 12 * inp.module_capacity[..., None]
    used = np.einsum("pkt,pt->kt", inp.use, prod)
    inv = np.array([o == "investor" for o in owners])
    ni = 12 * inp.existing + cap[~inv].sum(axis=0)
    assert np.all(sold <= cap + 1e-6) and np.all(sold >= 0)
    want_inv = np.clip(used - ni, 0, cap[inv].sum(axis=0))
    assert np.allclose(sold[inv].sum(axis=0), want_inv, rtol=1e-12, atol=1e-6)
    share = np.divide(np.minimum(used, ni), ni, out=np.zeros_like(ni), where=ni > 0)
    assert np.allclose(sold[~inv], cap[~inv] * share, rtol=1e-12, atol=1e-6)
    lhs = (build * npv_build_coefficients(inp)).sum() + (sold * wafer_margin_pv(inp)).sum()
    tables = finance_tables(inp, build, prod, np.zeros((1, n_t)))
    assert tables["finance_modules"]["npv_usd"].sum() == pytest.approx(lhs, abs=1.0)
    by_owner = tables["finance_modules"].groupby("owner")["npv_usd"].sum()
    owner_npv = tables["finance_owners"].set_index("owner")["npv_usd"]
    assert np.allclose(by_owner, owner_npv[by_owner.index], rtol=0, atol=1.0)


def test_no_capital_source() -> None:
    """A fully subsidised module and no capital source (``capital: []``): the module's
    flows are measured, no source rows, the owner's NPV is the module's."""
    inp = problem(3, subsidy=1.2e9, sources=(), capital_usd=np.zeros((0, 3)))
    build = np.zeros((1, 1, 3))
    build[0, 0, 0] = 1
    tables = finance_tables(inp, build, np.array([[0.0, 6e3, 1.2e4]]), np.zeros((0, 3)))
    assert tables["finance_sources"].empty
    assert tables["cash_flows"]["capex_usd"].sum() == 0.0
    npv = tables["finance_modules"]["npv_usd"].iloc[0]
    assert tables["finance_owners"]["npv_usd"].tolist() == pytest.approx([npv])
    # 2026: 6,000 wafers x $25,000 margin - $25M opex, taxed 20 % (no depreciation)
    assert npv == pytest.approx(0.8 * (6e3 * 25e3 - 25e6) / 1.1 + 0.8 * (12e3 * 25e3 - 50e6) / 1.21)
