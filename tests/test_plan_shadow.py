"""Shadow prices (``tigris.plan.shadow``) against hand-derived values and re-solves.

The problems are those of ``tests/test_plan_tiny.py``: one product of 1 H100e using
0.01 logic wafers, so one finished wafer makes 100 H100e; a 1,000-wspm module (12,000
wafers a year, 1.2M H100e) costs $1B when started and $0.1B a year once producing,
from the year after its start; the penalty is $30,000 per unmet H100e.

Every ``lp_dual_fixed_builds`` (and ``resolve``) value is checked against an
independent re-solve: the problem rebuilt from inputs with one more finished wafer a
year of existing capacity in that year, its builds held at the plan's, the difference
of objective values undiscounted to that year (within 5 %, issue 11). Relaxation rows
must be flagged as bounds, and are checked to be what the table says they bound.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import xarray as xr

from tests.test_plan_tiny import PENALTY, tiny
from tigris.plan.highs import run_highs
from tigris.plan.inputs import PlanInputs, discount_factors
from tigris.plan.model import MONEY_SCALE, build_model
from tigris.plan.shadow import COLUMNS, GROSS_BUILD_SHARE, shadow_prices
from tigris.plan.solve import _solution

#: A stated value must match its re-solve to this share (issue 11).
REL = 0.05
#: One finished wafer makes this much compute in the tiny problems [H100e/wafer].
H100E_PER_WAFER = 100.0
#: Below this a value is zero [USD per unit].
ZERO_USD = 1e-3


def solved(inp: PlanInputs) -> tuple[Any, dict[str, np.ndarray]]:
    """The MILP built, solved to optimality, and its solution in real units."""
    m = build_model(inp)
    status, _ = run_highs(m, mip_gap=0.0)
    assert status == "optimal"
    return m, _solution(m, inp)


def _sense(inp: PlanInputs) -> float:
    """+1 when minimising (a saving is z0 - z1), -1 when maximising."""
    return -1.0 if getattr(inp, "objective", "serve") == "npv" else 1.0


def fixed_objective(inp: PlanInputs, build: np.ndarray) -> float:
    """Optimal objective with every build held at ``build``, the rest an LP [USD, PV]."""
    m = build_model(inp, relax=True)
    var = m.variables["build"]
    at = xr.DataArray(np.asarray(build, dtype=float), coords=var.labels.coords)
    var.update(lower=at, upper=at)
    status, _ = run_highs(m)
    assert status == "optimal"
    return float(m.objective.value) * MONEY_SCALE


def one_more_wafer(inp: PlanInputs, k: int, t: int) -> PlanInputs:
    """One more finished wafer a year of facility type k in year t (existing capacity,
    in wafer starts per month: 1/12 divided by the line yield)."""
    existing = np.array(inp.existing, dtype=float)
    yld = 1.0 if inp.existing_yield is None else float(inp.existing_yield[k])
    existing[k, t] += 1.0 / 12.0 / yld
    return inp.replace(existing=existing)


def check_capacity_rows(inp: PlanInputs, table: Any, build: np.ndarray) -> int:
    """Every capacity row equals its fixed-builds re-solve within REL; returns how many
    rows had a positive value."""
    years = np.asarray(inp.years, dtype=int)
    disc = discount_factors(years, inp.base_year, inp.discount_rate)
    z0 = fixed_objective(inp, build)
    rows = table[table["method"].isin(["lp_dual_fixed_builds", "resolve"])]
    rows = rows[rows["unit"].isin(["wafer", "DRAM wafer"])]
    assert len(rows), table
    positive = 0
    for row in rows.itertuples():
        t = int(np.searchsorted(years, row.year))
        if row.resource == "logic wafer":
            k = next(
                i
                for i, (kind, node) in enumerate(
                    zip(inp.facility_kind, inp.facility_node, strict=True)
                )
                if kind == "logic" and node == row.item
            )
        else:
            k = list(inp.facility_kind).index(row.item)
        z1 = fixed_objective(one_more_wafer(inp, k, t), build)
        truth = _sense(inp) * (z0 - z1) / disc[t]
        assert not row.is_bound
        if truth <= ZERO_USD:
            assert row.value_usd <= ZERO_USD, (row, truth)
        else:
            positive += 1
            assert row.value_usd == pytest.approx(truth, rel=REL), (row, truth)
    return positive


def test_capacity_value_by_hand_and_by_resolve() -> None:
    """$1B offered buys one module (2025 start, 1.2M H100e a year from 2026); with 100
    wspm existing (120,000 H100e a year) demand of 0.5M, 1.5M, 1.5M is short every year,
    so one more wafer a year serves 100 H100e more and saves 100 x $30,000 = $3M in
    money of its year, whatever the discount rate (10 % here, undiscounted back)."""
    inp = tiny(
        3,
        existing_wspm=100.0,
        demand=[500_000.0, 1.5e6, 1.5e6],
        capital=[1e9],
        discount_rate=0.1,
    )
    m, sol = solved(inp)
    assert sol["build"].sum() == pytest.approx(1.0)
    table = shadow_prices(inp, sol, model=m)
    # the contract's columns, every value finite and >= 0, bounds flagged as such
    assert tuple(table.columns) == COLUMNS
    assert np.all(np.isfinite(table["value_usd"])) and np.all(table["value_usd"] >= 0)
    assert set(table["year"]) <= set(inp.years.tolist())
    assert set(table["method"]) <= {"lp_dual_fixed_builds", "resolve", "lp_relaxation_bound"}
    assert (table["is_bound"] == (table["method"] == "lp_relaxation_bound")).all()
    logic = table[table["resource"] == "logic wafer"].set_index("year")
    hand = H100E_PER_WAFER * PENALTY
    assert logic["value_usd"].tolist() == pytest.approx([hand] * 3, rel=1e-6)
    assert set(logic["item"]) == {"N5"} and set(logic["unit"]) == {"wafer"}
    assert check_capacity_rows(inp, table, sol["build"]) == 3


def test_capacity_not_binding_is_zero() -> None:
    """Demand 0.5M a year; one module from 2026 gives 1.32M with the existing 120,000:
    2026 and 2027 have idle capacity, so one more wafer there is worth $0 (kept, said
    to be not binding); 2025 is short and worth $3M a wafer."""
    inp = tiny(3, existing_wspm=100.0, demand=500_000.0)
    m, sol = solved(inp)
    table = shadow_prices(inp, sol, model=m)
    logic = table[table["resource"] == "logic wafer"].set_index("year")
    assert logic.loc[2025, "value_usd"] == pytest.approx(H100E_PER_WAFER * PENALTY, rel=1e-6)
    for year in (2026, 2027):
        assert logic.loc[year, "value_usd"] == 0.0
        assert "not binding" in logic.loc[year, "note"]


def test_degenerate_capacity_is_worth_what_a_resolve_says() -> None:
    """Existing capacity exactly meets demand (100 wspm = 120,000 H100e a year) and no
    module may be built: the capacity row binds with nothing unmet. One wafer less
    would cost $3M, one more saves nothing; the table must say $0 (the dual one way
    is not the value the other way)."""
    inp = tiny(2, existing_wspm=100.0, demand=120_000.0, max_modules=0.0)
    m, sol = solved(inp)
    table = shadow_prices(inp, sol, model=m)
    logic = table[table["resource"] == "logic wafer"]
    assert len(logic) == 2 and (logic["value_usd"] == 0.0).all(), logic


def test_without_the_model_the_same_table() -> None:
    """The model rebuilt from the inputs gives the same rows as the solved one."""
    inp = tiny(3, existing_wspm=100.0, demand=[500_000.0, 1.5e6, 1.5e6], capital=[1e9])
    m, sol = solved(inp)
    a = shadow_prices(inp, sol, model=m)
    b = shadow_prices(inp, sol)
    assert a[["year", "resource", "item", "method"]].equals(
        b[["year", "resource", "item", "method"]]
    )
    np.testing.assert_allclose(a["value_usd"], b["value_usd"], rtol=1e-9)


def objective(inp: PlanInputs, relax: bool) -> float:
    """Optimal objective of the MILP, or of its LP relaxation (fractional modules)
    [USD, PV]."""
    m = build_model(inp, relax=relax)
    status, _ = run_highs(m, mip_gap=0.0)
    assert status == "optimal"
    return float(m.objective.value) * MONEY_SCALE


def check_relaxation_row(
    inp: PlanInputs, more: PlanInputs, value: float, year: int, base: tuple[float, float]
) -> None:
    """A relaxation value bounds both re-solves: the relaxation's own saving with one
    more unit (its value is convex in the right-hand side, the dual a subgradient) and
    the MILP's saving, plus the integrality gap (``docs/finance.md``, "Shadow prices").
    ``base``: the relaxation's and the MILP's objectives without the unit."""
    disc = float(discount_factors(np.array([year]), inp.base_year, inp.discount_rate)[0])
    s = _sense(inp)
    z_lp, z_ip = base
    lp_saving = s * (z_lp - objective(more, relax=True)) / disc
    assert lp_saving <= value * (1 + 1e-6) + ZERO_USD, (lp_saving, value)
    gap = s * (z_ip - z_lp) / disc
    ip_saving = s * (z_ip - objective(more, relax=False)) / disc
    assert ip_saving <= value + gap + ZERO_USD, (ip_saving, value, gap)


def test_scanners_are_a_relaxation_bound() -> None:
    """Five EUV scanners a year, two per module: the MILP starts 2 modules in 2025 and
    2026, the relaxation 2.5 (25 % more, kept). Demand 10M a year is far above supply.

    In the relaxation one more scanner in 2025 is half a module more: 0.6M H100e in
    2026 and 2027 at $30,000 less $0.5B capex and $0.1B opex = $35.4B; in 2026 (output
    in 2027 only) 0.6M x $30,000 - $0.55B = $17.45B. The MILP's one more scanner in
    2025 builds nothing more (a module needs two) - the value is a bound, flagged."""
    inp = tiny(3, demand=10e6, euv_tools=2.0, euv_supply=5.0)
    m, sol = solved(inp)
    assert sol["build"][0, 0].tolist() == pytest.approx([2.0, 2.0, 0.0])
    table = shadow_prices(inp, sol, model=m)
    euv = table[table["resource"] == "EUV scanner"].set_index("year")
    assert euv["is_bound"].all() and set(euv["method"]) == {"lp_relaxation_bound"}
    assert euv.loc[2025, "value_usd"] == pytest.approx(35.4e9, rel=1e-6)
    assert euv.loc[2026, "value_usd"] == pytest.approx(17.45e9, rel=1e-6)
    # hand-derived optima: 30M H100e x $30,000 = $900B unmet less $70.8B per module
    # started in 2025 and $34.9B per module in 2026: MILP 2 + 2, relaxation 2.5 + 2.5
    z_ip = 900e9 - 2 * 70.8e9 - 2 * 34.9e9
    base = (z_ip - 0.5 * 70.8e9 - 0.5 * 34.9e9, z_ip)
    supply = np.array(inp.euv_supply, dtype=float)
    supply[0] += 1.0
    check_relaxation_row(
        inp, inp.replace(euv_supply=supply), euv.loc[2025, "value_usd"], 2025, base
    )
    # 2027: builds then produce nothing within the horizon, the relaxation leaves
    # scanners unused; a zero relaxation dual is no guide to the MILP: omitted
    assert 2027 not in euv.index
    assert any("relaxation dual is zero" in s for s in table.attrs["omitted"])


def test_capital_is_a_relaxation_bound() -> None:
    """$2.5B offered in 2025, demand 10M a year: the MILP builds 2 modules, the
    relaxation 2.5. One more dollar offered in 2025 buys 1e-9 of a module in the
    relaxation: (2 x 1.2M x $30,000 - $1B - $0.2B) x 1e-9 = $70.8 per dollar; offered in
    2026 (output in 2027 only): (1.2M x $30,000 - $1B - $0.1B) x 1e-9 = $34.9."""
    inp = tiny(3, demand=10e6, capital=[2.5e9])
    m, sol = solved(inp)
    table = shadow_prices(inp, sol, model=m)
    cap = table[table["resource"] == "capital"].set_index("year")
    assert cap["is_bound"].all() and set(cap["item"]) == {"fund"}
    assert cap.loc[2025, "value_usd"] == pytest.approx(70.8, rel=1e-6)
    assert cap.loc[2026, "value_usd"] == pytest.approx(34.9, rel=1e-6)
    more = np.array(inp.capital_usd, dtype=float)
    more[0, 0] += 1e6  # a million dollars more, per dollar
    extra = inp.replace(capital_usd=more)
    z_ip = 900e9 - 2 * 70.8e9  # by hand, as for the scanners: 2 modules, 2.5 relaxed
    base = (z_ip - 0.5 * 70.8e9, z_ip)
    check_relaxation_row(inp, extra, cap.loc[2025, "value_usd"] * 1e6, 2025, base)


def test_site_power_is_a_relaxation_bound() -> None:
    """100 MW per module, 250 MW at the site: the MILP runs 2 modules, the relaxation
    2.5. A module takes its full MW from its start (user test 2026-12-06 power #1), so
    one started in 2025 sits on the power rows of 2025, 2026 and 2027, and one started
    in 2026 on those of 2026 and 2027. With y25, y26, y27 their duals, the 2025 module
    (online 2026 and 2027, at the margin) is worth 100 (y25 + y26 + y27) = $70.8B, and
    the 2026 one (online 2027, not built) at most that: 100 (y26 + y27) >= $34.9B. Only
    the sums are fixed (the relaxation's duals are not unique), one more reason to read
    the values as bounds."""
    inp = tiny(3, demand=10e6, power_mw=100.0, power_limit_mw=250.0)
    m, sol = solved(inp)
    table = shadow_prices(inp, sol, model=m)
    power = table[table["resource"] == "site power"].set_index("year")
    assert power["is_bound"].all() and set(power["item"]) == {"site0"}
    assert set(power["unit"]) == {"MW"}
    y = {t: float(power["value_usd"].get(t, 0.0)) for t in (2025, 2026, 2027)}  # 0: omitted
    assert y[2025] + y[2026] + y[2027] == pytest.approx(708e6, rel=1e-6)
    assert y[2026] + y[2027] >= 349e6 * (1 - 1e-6)
    # one more MW in every year (the inputs have one limit per site) is bounded by the
    # sum of the years' values; 2026 and 2027 in money of 2025 (no discounting here)
    more = inp.replace(power_limit_mw=inp.power_limit_mw + 1.0)
    z_ip = 900e9 - 2 * 70.8e9  # by hand, as for the scanners: 2 modules, 2.5 relaxed
    base = (z_ip - 0.5 * 70.8e9, z_ip)
    check_relaxation_row(inp, more, sum(y.values()), 2025, base)


def test_relaxation_building_something_else_is_omitted() -> None:
    """Demand 500,000 a year: the MILP builds one whole module, the relaxation only the
    0.32 of one that 2026's shortfall needs (380,000 of 1.2M H100e): 68 % fewer modules,
    above GROSS_BUILD_SHARE, so no relaxation row is given, and the table says why."""
    inp = tiny(3, existing_wspm=100.0, demand=500_000.0, euv_tools=1.0, euv_supply=1.0)
    m, sol = solved(inp)
    relaxed = build_model(inp, relax=True)
    run_highs(relaxed)
    n_relaxed = float(relaxed.variables["build"].solution.sum())
    assert abs(n_relaxed - sol["build"].sum()) / sol["build"].sum() > GROSS_BUILD_SHARE
    table = shadow_prices(inp, sol, model=m)
    assert not table["is_bound"].any()
    assert any("builds something else" in s for s in table.attrs["omitted"])
    assert len(shadow_prices(inp, sol, model=m, relaxation=False)) == len(table)


def hbm_bound(**extra: Any) -> PlanInputs:
    """A B200-named product whose HBM DRAM wafers bind (120 a year make 60,000 parts, short
    of 500,000), logic ample, nothing buildable; ``extra`` replaces further fields."""
    base = tiny(2, existing_wspm=10_000.0, demand=500_000.0, max_modules=0.0)
    return base.replace(
        facilities=("logic-N5", "hbm"),
        facility_kind=("logic", "hbm"),
        facility_node=("N5", ""),
        products=("b200",),
        use=np.array([[0.01, 0.002]]),
        existing=np.array([[10_000.0] * 2, [10.0] * 2]),
        allowed=np.zeros((1, 2), dtype=bool),
        module_capacity=np.full((1, 2), 1000.0),
        capex_usd=np.full((1, 2), 1e9),
        subsidy_usd=np.zeros((1, 2)),
        spend=np.tile(base.spend, (1, 2, 1)),
        output=np.tile(base.output, (1, 2, 1)),
        opex_usd_per_year=np.zeros((1, 2)),
        euv_tools=np.zeros((1, 2)),
        high_na_tools=np.zeros((1, 2)),
        power_mw=np.zeros((1, 2)),
        **extra,
    )


def test_hbm_per_gb_is_per_wafer_over_gb_per_wafer() -> None:
    """A B200-named product whose HBM DRAM wafers bind: the per-GB row is the per-wafer
    value over the GB of HBM one DRAM wafer holds for that product (the silicon layer's
    GB per unit over the plan's DRAM wafers per unit)."""
    from tigris.world.roadmap import bills_by_year

    inp = hbm_bound()
    years = inp.years
    gb = bills_by_year("b200", years)["hbm_gb"]
    m, sol = solved(inp)
    table = shadow_prices(inp, sol, model=m)
    hbm = table[table["resource"] == "HBM"]
    per_wafer = hbm[hbm["unit"] == "DRAM wafer"].set_index("year")["value_usd"]
    per_gb = hbm[hbm["unit"] == "GB"].set_index("year")["value_usd"]
    # 120 DRAM wafers a year make 60,000 parts, short of 500,000: each wafer is worth
    # 500 H100e x $30,000 = $15M
    assert per_wafer.tolist() == pytest.approx([500 * PENALTY] * 2, rel=1e-6)
    assert per_gb.tolist() == pytest.approx((per_wafer / (gb / 0.002)).tolist(), rel=1e-9)


# --- the npv objective: one more wafer of the investor's own capacity -----------------

#: Market price of a finished N5 wafer in the npv problems [USD/wafer].
PRICE = 200_000.0
#: Corporate tax rate of the investor's site in the npv problems [-].
TAX = 0.25


def npv_problem() -> PlanInputs:
    """$1B buys one module (12,000 wafers a year from 2026), incumbents have 100 wspm
    (1,200 wafers a year, sold first) and 5M H100e a year are demanded (50,000 wafers):
    the investor sells all it makes, so one more wafer a year of its capacity is one
    more sold, worth the price after tax, $200,000 x (1 - 0.25) = $150,000, in money of
    its year (10 % discounting undone). In 2025 the incumbents' 1,200 wafers are all
    used, so the investor would sell a wafer of its own there too."""
    return tiny(
        3,
        existing_wspm=100.0,
        demand=5e6,
        capital=[1e9],
        objective="npv",
        price_usd_per_wafer=np.full((1, 3), PRICE),
        tax_rate=np.array([TAX]),
        discount_rate=0.1,
    )


def with_bonus_wafer(
    inp: PlanInputs, t: int, k: int = 0, s: int = 0
) -> tuple[PlanInputs, np.ndarray]:
    """The problem with one more finished wafer of the investor's own capacity of
    facility type ``k`` in year ``t`` only: a free extra site ``bonus`` (taxed as site
    ``s``) whose one module of type ``k``, started in the first year, makes 1 wafer a
    year in year ``t`` and nothing else. Returns the inputs and the extra site's build,
    to append to the plan's."""
    n_t = len(inp.years)
    n_lag = max(inp.output.shape[-1], n_t + 1)
    n_k = len(inp.facilities)

    def pad(profile: np.ndarray, hold: bool) -> np.ndarray:
        extra = n_lag - profile.shape[-1]
        last = profile[..., -1:]
        tail = np.repeat(last, extra, axis=-1) if hold else np.zeros((*profile.shape[:-1], extra))
        return np.concatenate([profile, tail], axis=-1)

    out = np.zeros((1, n_k, n_lag))
    out[0, k, t] = 1.0
    row = np.zeros((1, n_k))
    cap = row.copy()
    cap[0, k] = 1.0 / 12.0
    allowed = np.zeros((1, n_k), dtype=bool)
    allowed[0, k] = True
    more = inp.replace(
        sites=(*inp.sites, "bonus"),
        site_owner=(*inp.site_owner, "investor"),
        allowed=np.vstack([inp.allowed, allowed]),
        module_capacity=np.vstack([inp.module_capacity, cap]),
        module_yield=None if inp.module_yield is None else np.vstack([inp.module_yield, row + 1]),
        capex_usd=np.vstack([inp.capex_usd, row]),
        subsidy_usd=np.vstack([inp.subsidy_usd, row]),
        spend=np.vstack([pad(inp.spend, hold=False), np.zeros((1, n_k, n_lag))]),
        output=np.vstack([pad(inp.output, hold=True), out]),
        opex_usd_per_year=np.vstack([inp.opex_usd_per_year, row]),
        euv_tools=np.vstack([inp.euv_tools, row]),
        high_na_tools=np.vstack([inp.high_na_tools, row]),
        power_mw=np.vstack([inp.power_mw, row]),
        max_modules=np.append(inp.max_modules, np.inf),
        min_modules=np.append(inp.min_modules, 0.0),
        power_limit_mw=np.append(inp.power_limit_mw, np.inf),
        tax_rate=np.append(inp.tax(), inp.tax()[s]),
        equipment_share=np.vstack([inp.equipment(), inp.equipment()[s : s + 1]]),
        site_region=None if inp.site_region is None else (*inp.site_region, inp.site_region[s]),
        grid_limited=None if inp.grid_limited is None else np.vstack([inp.grid_limited, row > 0]),
    )
    build = np.zeros((1, n_k, n_t))
    build[0, k, 0] = 1.0
    return more, build


def test_npv_capacity_by_hand_and_by_resolve() -> None:
    """One more wafer of the investor's capacity is worth the after-tax price in every
    year (module docstring of ``npv_problem``); each row also equals an independent
    re-solve with a free one-wafer site added, builds held at the plan's."""
    inp = npv_problem()
    m, sol = solved(inp)
    assert sol["build"].sum() == pytest.approx(1.0)
    table = shadow_prices(inp, sol, model=m)
    assert np.all(table["value_usd"] >= 0)
    logic = table[table["resource"] == "logic wafer"].set_index("year")
    hand = PRICE * (1 - TAX)
    assert logic["value_usd"].tolist() == pytest.approx([hand] * 3, rel=1e-6)
    assert not logic["is_bound"].any()
    # capital limits the plan and the relaxation alike (one module): a dollar more
    # offered gains NPV, read as a bound
    cap = table[table["resource"] == "capital"]
    assert len(cap) and cap["is_bound"].all()
    assert all("gains" in note for note in cap["note"])
    years = np.asarray(inp.years, dtype=int)
    disc = discount_factors(years, inp.base_year, inp.discount_rate)
    z0 = fixed_objective(inp, sol["build"])
    for t, year in enumerate(years):
        more, bonus = with_bonus_wafer(inp, t)
        z1 = fixed_objective(more, np.concatenate([sol["build"], bonus], axis=0))
        truth = _sense(inp) * (z0 - z1) / disc[t]  # NPV gained
        assert logic.loc[year, "value_usd"] == pytest.approx(truth, rel=REL), (year, truth)


def test_npv_no_buyer_no_value() -> None:
    """Demand of 0.5M H100e a year (5,000 wafers) against 13,200 wafers of capacity
    from 2026: the investor already sells all that is bought after the incumbents'
    1,200; one more wafer of its capacity finds no buyer and is worth $0 in 2026-27.
    In 2025 (no module online yet) it would be sold: $150,000. The relaxation builds
    the 0.32 module that 3,800 wafers need (68 % fewer modules): its rows are omitted."""
    inp = npv_problem().replace(demand=np.full((1, 3), 500_000.0))
    m, sol = solved(inp)
    table = shadow_prices(inp, sol, model=m)
    logic = table[table["resource"] == "logic wafer"].set_index("year")
    assert logic.loc[2025, "value_usd"] == pytest.approx(PRICE * (1 - TAX), rel=1e-6)
    assert logic.loc[2026, "value_usd"] == 0.0 and logic.loc[2027, "value_usd"] == 0.0
    assert not table["is_bound"].any()
    assert any("builds something else" in s for s in table.attrs["omitted"])


@pytest.mark.slow
@pytest.mark.parametrize("objective", ["serve", "npv"])
def test_reference_sample_matches_resolves(objective: str) -> None:
    """On the reference scenario (both objectives): every value >= 0, bounds flagged,
    quick (well under a second with the solved model), and the two largest capacity
    values equal independent re-solves with one more wafer, builds held (serve: one
    more existing wafer; npv: a free one-wafer investor site)."""
    import time

    from tigris.plan.assemble import assemble
    from tigris.scenario import reference_scenario

    inp, _ = assemble(reference_scenario())
    inp = inp.replace(objective=objective)
    m, sol = solved(inp)
    t0 = time.perf_counter()
    table = shadow_prices(inp, sol, model=m)
    assert time.perf_counter() - t0 < 1.0
    assert np.all(table["value_usd"] >= 0)
    assert (table["is_bound"] == (table["method"] == "lp_relaxation_bound")).all()
    # serve: since issue 12 data-centre power binds on the reference, so the scarce
    # capacity may be MW rather than wafers; npv re-solves wafers only (_bonus_resolve)
    units = ["wafer", "DRAM wafer", "MW"] if objective == "serve" else ["wafer", "DRAM wafer"]
    exact = table["method"].isin(["lp_dual_fixed_builds", "resolve"])
    cap = table[exact & table["unit"].isin(units)].nlargest(2, "value_usd")
    assert len(cap) == 2 and (cap["value_usd"] > 0).all(), table
    years = np.asarray(inp.years, dtype=int)
    disc = discount_factors(years, inp.base_year, inp.discount_rate)
    z0 = fixed_objective(inp, sol["build"])
    for row in cap.itertuples():
        t = int(np.searchsorted(years, row.year))
        if row.unit == "MW":  # one more MW of existing data-centre power in year t
            existing = np.array(inp.existing, dtype=float)
            existing[list(inp.facility_kind).index("datacenter"), t] += 1.0
            z1 = fixed_objective(inp.replace(existing=existing), sol["build"])
            truth = (z0 - z1) / disc[t]
            assert row.value_usd == pytest.approx(truth, rel=REL), (row, truth)
            continue
        kind = "logic" if row.resource == "logic wafer" else row.item
        k = next(
            i
            for i, (kd, node) in enumerate(zip(inp.facility_kind, inp.facility_node, strict=True))
            if kd == kind and (kind != "logic" or node == row.item)
        )
        if objective == "serve":
            z1 = fixed_objective(one_more_wafer(inp, k, t), sol["build"])
        else:
            z1 = _bonus_resolve(inp, sol["build"], k, t, row.note)
        truth = _sense(inp) * (z0 - z1) / disc[t]
        assert row.value_usd == pytest.approx(truth, rel=REL), (row, truth)


def _bonus_resolve(inp: PlanInputs, build: np.ndarray, k: int, t: int, note: str) -> float:
    """Fixed-builds objective with one more wafer of facility type k in year t at the
    investor site the note names (a free extra site taxed as that one)."""
    site = note.split(" at ", 1)[1].split(";")[0].split(" ")[0]
    more, extra = with_bonus_wafer(inp, t, k, list(inp.sites).index(site))
    return fixed_objective(more, np.concatenate([build, extra], axis=0))
