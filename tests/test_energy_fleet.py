"""The installed fleet, its power, energy and emissions, and the plan's power table.

Every expected value is derived by hand in the test (the arithmetic is written out), or
is a published number: shipments from ``data/accelerator_shipments.csv`` (Epoch AI) and
system powers from the catalog (vendor datasheets).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from tigris.energy.fleet import (
    POWER_COLUMNS,
    WORLD,
    emissions_t_co2,
    energy_twh,
    fleet_by_year,
    fleet_mw_per_unit,
    legacy_fleet,
    power_table,
)
from tigris.errors import InputError

# --- the fleet in service -----------------------------------------------------------------


def test_fleet_lifetime_two_years_by_hand() -> None:
    # delivered 1, 2, 4, 8, 16, 32; each batch serves its year and the next
    delivered = np.array([1.0, 2.0, 4.0, 8.0, 16.0, 32.0])
    expected = [1.0, 1 + 2, 2 + 4, 4 + 8, 8 + 16, 16 + 32]
    assert fleet_by_year(delivered, 2).tolist() == expected


def test_fleet_lifetime_five_years_by_hand() -> None:
    delivered = np.array([1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 0.0])
    expected = [1, 3, 7, 15, 31, 2 + 4 + 8 + 16 + 32, 4 + 8 + 16 + 32 + 0]
    assert fleet_by_year(delivered, 5).tolist() == [float(x) for x in expected]


def test_fleet_by_product_and_longer_than_horizon() -> None:
    delivered = np.array([[1.0, 0.0, 0.0], [0.0, 10.0, 0.0]])
    # L=2: product 0 retires in the third year; L=10: nothing retires in the horizon
    assert fleet_by_year(delivered, 2).tolist() == [[1, 1, 0], [0, 10, 10]]
    assert fleet_by_year(delivered, 10).tolist() == [[1, 1, 1], [0, 10, 10]]


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "5"])
def test_fleet_lifetime_must_be_a_positive_integer(bad: object) -> None:
    with pytest.raises(InputError, match="fleet lifetime"):
        fleet_by_year(np.ones(3), bad)  # type: ignore[arg-type]


# --- power, energy, emissions --------------------------------------------------------------


def test_fleet_mw_per_unit_by_hand() -> None:
    # DGX H100: 10.2 kW for 8 GPUs = 1,275 W each; x1.1 network/storage; PUE 1.2
    assert fleet_mw_per_unit(1275.0, 1.1, 1.2) == pytest.approx(1275 * 1.1 * 1.2 / 1e6)
    both = fleet_mw_per_unit(np.array([1000.0, 2000.0]), 1.0, 1.5)
    assert both.tolist() == pytest.approx([1.5e-3, 3.0e-3])


@pytest.mark.parametrize(("overhead", "pue"), [(0.9, 1.2), (1.1, 0.5), (1.1, np.nan)])
def test_fleet_mw_per_unit_rejects_ratios_below_one(overhead: float, pue: float) -> None:
    with pytest.raises(InputError):
        fleet_mw_per_unit(1000.0, overhead, pue)


def test_energy_by_hand() -> None:
    # 1,000 MW IT at 70 % load, PUE 1.2, 8,766 h: 1,000 * 0.7 * 1.2 * 8,766 MWh
    assert float(energy_twh(1000.0, 0.7, 1.2)) == pytest.approx(7_363_440 / 1e6)
    # 1 GW drawn all year is 8.766 TWh (IEA's rule of thumb, 1 GW ~ 8.76 TWh/year)
    assert float(energy_twh(1000.0, 1.0, 1.0)) == pytest.approx(8.766)
    assert energy_twh(np.array([0.0, 500.0]), 0.5, 1.0).tolist() == pytest.approx(
        [0.0, 500 * 0.5 * 8766 / 1e6]
    )
    with pytest.raises(InputError, match="load_factor"):
        energy_twh(1.0, 1.5, 1.2)


def test_emissions_by_hand() -> None:
    # 1 TWh = 1e9 kWh; at 400 g/kWh 4e11 g = 400,000 t
    assert float(emissions_t_co2(1.0, 400.0)) == pytest.approx(400_000.0)
    # IEA, Energy and AI (2025): data centres used ~415 TWh in 2024 and emitted ~180 Mt,
    # an average 180e12 g / 415e9 kWh = 434 g/kWh
    assert float(emissions_t_co2(415.0, 180e12 / 415e9)) == pytest.approx(180e6)
    assert emissions_t_co2(np.array([1.0, 2.0]), np.array([100.0, 50.0])).tolist() == [1e5, 1e5]


# --- the legacy fleet ---------------------------------------------------------------------

#: In-sample 2022 shipments (data/accelerator_shipments.csv, Epoch AI) with the catalog's
#: system power of each row's accelerator (DGX datasheets et al.): units, W per package.
_SHIPPED_2022 = {
    "A100": (768_226, 812.5),
    "A800 (A100 silicon)": (28_133, 812.5),
    "H100/H200": (38_600, 1275.0),
    "TPU v4": (66_381, 378.5),
    "TPU v4i (counted as 0.14 H100: the H100's power per package)": (20_603, 1275.0),
    "TPU v5e": (15_662, 248.4),
}


def test_legacy_fleet_against_the_shipments_by_hand() -> None:
    # plan from 2023, L = 2: in 2023 only the 2022 shipments are in service
    units = sum(u for u, _ in _SHIPPED_2022.values())
    it_w = sum(u * w for u, w in _SHIPPED_2022.values())  # 751,541,162 W
    df = legacy_fleet(2023, [2023], 2, it_overhead=1.1)
    assert list(df.columns[:4]) == ["year", "units", "h100e", "it_mw"]
    assert float(df["units"].iloc[0]) == units == 937_605
    assert float(df["it_mw"].iloc[0]) == pytest.approx(it_w * 1.1 / 1e6)
    assert float(df["it_mw"].iloc[0]) == pytest.approx(826.6953, rel=1e-6)


@pytest.mark.parametrize("life", [1, 2, 3, 5])
def test_legacy_fleet_retires_after_its_lifetime(life: int) -> None:
    # the 2022 shipments (the only ones before 2023) serve 2022 ... 2022 + L - 1
    years = np.arange(2023, 2030)
    df = legacy_fleet(2023, years, life, it_overhead=1.0)
    serving = df["it_mw"].to_numpy() > 0
    assert serving.tolist() == [2022 + life - 1 >= y for y in years]
    if serving.any():  # while in service, the same (whole) batch
        assert np.ptp(df["it_mw"].to_numpy()[serving]) == 0


def test_legacy_fleet_counts_each_past_year_once() -> None:
    # plan from 2026, L = 5: 2026 holds every year 2022-2025, 2027 drops 2022, and so on
    from tigris.world.demand import shipments_h100e

    ships = shipments_h100e(role="in-sample").groupby("year")["units"].sum()
    df = legacy_fleet(2026, [2026, 2027, 2030], 5, it_overhead=1.0).set_index("year")
    assert df.loc[2026, "units"] == pytest.approx(ships[[2022, 2023, 2024, 2025]].sum())
    assert df.loc[2027, "units"] == pytest.approx(ships[[2023, 2024, 2025]].sum())
    assert df.loc[2030, "units"] == 0.0


def test_legacy_fleet_fills_a_missing_power_with_the_years_watts_per_h100e() -> None:
    # TPU v5p (2023) has no catalog power: it draws the W/H100e of 2023's other rows
    from tigris.catalog import get_accelerator
    from tigris.world.demand import shipments_h100e

    ships = shipments_h100e(2023)
    power = [get_accelerator(a).system_power_w for a in ships["accelerator"]]
    known = np.array([p is not None for p in power])
    watts = np.array([p or 0.0 for p in power])
    w_per_h100e = (watts * ships["units"])[known].sum() / ships["h100e"][known].sum()
    expected_w = (watts * ships["units"])[known].sum() + w_per_h100e * ships["h100e"][~known].sum()
    assert (~known).sum() == 1  # the v5p row
    df = legacy_fleet(2024, [2024], 2, it_overhead=1.0)  # 2022 retired, 2023 serving
    assert float(df["it_mw"].iloc[0]) == pytest.approx(expected_w / 1e6)


# --- the power table ----------------------------------------------------------------------


def _inputs(**changes: object) -> SimpleNamespace:
    """Two sites (a in usa, b in europe), a logic and a datacenter facility, three years,
    two products of 1,000 and 2,000 W, PUE 1.2, L = 2, modules online a year after
    their start; 30 MW of existing datacenter capacity; 5 MW legacy in 2026-2027."""
    base = {
        "years": np.arange(2026, 2029),
        "pue": 1.2,
        "system_power_w": np.array([1000.0, 2000.0]),
        "fleet_lifetime_years": 2,
        "facility_kind": ("logic", "datacenter"),
        "sites": ("a", "b"),
        "site_region": ("usa", "europe"),
        "output": np.tile(np.array([0.0, 1.0]), (2, 2, 1)),
        "module_capacity": np.array([[1000.0, 100.0], [1000.0, 100.0]]),
        "power_mw": np.array([[50.0, 100.0], [50.0, 100.0]]),
        "existing": np.array([[0.0, 0.0, 0.0], [30.0, 30.0, 30.0]]),
        "fleet_mw_per_unit": None,
        "legacy_fleet_mw": np.array([5.0, 5.0, 0.0]),
    }
    base.update(changes)
    return SimpleNamespace(**base)


def _solution() -> dict[str, np.ndarray]:
    """A 100 MW datacenter module at a (usa) started 2026, a logic module at b (europe)
    started 2027; 10,000 of product 0 made in 2026 and 5,000 of product 1 in 2027."""
    build = np.zeros((2, 2, 3))
    build[0, 1, 0] = 1.0
    build[1, 0, 1] = 1.0
    prod = np.array([[10_000.0, 0.0, 0.0], [0.0, 5_000.0, 0.0]])
    return {"build": build, "prod": prod}


_DATA = {
    "existing_weights": {"usa": 1.0, "europe": 3.0},
    "load_factor": 0.5,
    "gco2_per_kwh": {"usa": 400.0, "europe": 200.0},
    "usd_per_mwh": {"usa": 50.0, "europe": 100.0},
}


def _table(inp: SimpleNamespace | None = None, **data: object) -> pd.DataFrame:
    return power_table(inp or _inputs(), _solution(), **{**_DATA, **data})  # type: ignore[arg-type]


def _row(df: pd.DataFrame, year: int, region: str) -> pd.Series:
    sel = df[(df["year"] == year) & (df["region"] == region)]
    assert len(sel) == 1
    return sel.iloc[0]


def test_power_table_by_hand() -> None:
    df = _table()
    assert list(df.columns) == list(POWER_COLUMNS)
    assert set(df["region"]) == {"usa", "europe", WORLD}
    # facility MW needed: 1,000 W x 1.2 = 0.0012 MW/unit, 2,000 W -> 0.0024 MW/unit
    # 2026: 10,000 x 0.0012 + 5 legacy = 17; 2027: 12 + 5,000 x 0.0024 + 5 = 29;
    # 2028: the 2026 batch retired (L = 2): 12
    world = df[df["region"] == WORLD].set_index("year")
    assert world["facility_mw_needed"].tolist() == pytest.approx([17.0, 29.0, 12.0])
    assert world["fleet_it_mw"].tolist() == pytest.approx([17 / 1.2, 29 / 1.2, 12 / 1.2])
    # online: 30 existing split 1:3 -> usa 7.5, europe 22.5; the usa module from 2027
    assert _row(df, 2026, "usa")["datacenter_mw_online"] == pytest.approx(7.5)
    assert _row(df, 2027, "usa")["datacenter_mw_online"] == pytest.approx(107.5)
    assert _row(df, 2027, "europe")["datacenter_mw_online"] == pytest.approx(22.5)
    # existing capacity first (docs/energy.md): the legacy 5 MW split 1:3 (usa 1.25),
    # the new fleet in the existing room left, pro rata: 2026 usa 1.25 + 12 x 6.25/25
    # = 4.25; 2027 usa 1.25 + 24 x 6.25/25 = 7.25 (the usa module stays empty)
    assert _row(df, 2026, "usa")["facility_mw_needed"] == pytest.approx(4.25)
    assert _row(df, 2027, "usa")["facility_mw_needed"] == pytest.approx(7.25)
    # energy usa 2026: IT 4.25/1.2 x 0.5 load x 1.2 x 8,766 h = 18,627.75 MWh
    usa = _row(df, 2026, "usa")
    assert usa["energy_twh"] == pytest.approx(18_627.75 / 1e6)
    assert usa["emissions_t_co2"] == pytest.approx(18_627.75e3 * 400 / 1e6)  # kWh x g / g/t
    assert usa["electricity_cost_usd"] == pytest.approx(18_627.75 * 50)
    # fabs: the europe logic module (50 MW) from 2028 at full load all year; the
    # datacenter module's own 100 MW is capacity, not fab power
    eu = _row(df, 2028, "europe")
    assert eu["fab_power_mw"] == pytest.approx(50.0)
    assert eu["fab_energy_twh"] == pytest.approx(50 * 8766 / 1e6)
    fleet_mwh = 12 * 22.5 / 30 * 0.5 * 8766  # 2028: the 12 MW fleet all in existing
    assert eu["emissions_t_co2"] == pytest.approx((50 * 8766 + fleet_mwh) * 1e3 * 200 / 1e6)
    assert world["fab_power_mw"].tolist() == pytest.approx([0.0, 0.0, 50.0])


def test_power_table_world_is_the_sum_of_regions() -> None:
    rng = np.random.default_rng(12)
    for _ in range(5):
        sol = {
            "build": rng.integers(0, 3, size=(2, 2, 3)).astype(float),
            "prod": rng.uniform(0, 1e5, size=(2, 3)),
        }
        df = power_table(_inputs(), sol, **_DATA)  # type: ignore[arg-type]
        regions = df[df["region"] != WORLD].drop(columns="region").groupby("year").sum()
        world = df[df["region"] == WORLD].drop(columns="region").set_index("year")
        pd.testing.assert_frame_equal(regions, world, check_exact=False, rtol=1e-12)


def test_power_table_fills_existing_capacity_first() -> None:
    # the fleet (17, 29, 12 MW) fits in the 30 MW existing every year: it is placed
    # pro rata to existing capacity (usa 1/4), never in the usa module built in 2027
    df = _table()
    for year in (2026, 2027, 2028):
        usa, world = _row(df, year, "usa"), _row(df, year, WORLD)
        assert usa["fleet_it_mw"] / world["fleet_it_mw"] == pytest.approx(7.5 / 30)


def test_power_table_uses_the_given_power_per_unit_and_legacy() -> None:
    # Q's fields: the fleet's MW per unit (overhead included) and the legacy fleet
    inp = _inputs(fleet_mw_per_unit=np.array([0.002, 0.0]), legacy_fleet_mw=None)
    world = _table(inp).query("region == @WORLD")
    assert world["facility_mw_needed"].tolist() == pytest.approx([20.0, 20.0, 0.0])


def test_power_table_without_datacenter_capacity() -> None:
    # no datacenter kind: capacity not modelled (NaN); the fleet placed by the weights
    inp = _inputs(facility_kind=("logic", "cowos"), legacy_fleet_mw=None, existing=np.zeros((2, 3)))
    df = _table(inp)
    assert df["datacenter_mw_online"].isna().all()
    assert _row(df, 2026, "usa")["facility_mw_needed"] == pytest.approx(12.0 * 1 / 4)
    # the cowos module at a is now a fab: 100 MW from 2027
    assert _row(df, 2027, "usa")["fab_power_mw"] == pytest.approx(100.0)


def test_power_table_unknown_intensity_makes_the_world_unknown() -> None:
    df = _table(gco2_per_kwh={"usa": 400.0})
    assert np.isnan(_row(df, 2026, "europe")["emissions_t_co2"])
    assert np.isnan(_row(df, 2026, WORLD)["emissions_t_co2"])
    assert _row(df, 2026, WORLD)["energy_twh"] > 0


def test_power_table_needs_what_the_plans_capacity_row_uses() -> None:
    # cross-check with plan.inputs: the world's MW needed is what the datacenter
    # capacity row counts as used (12 x MW-months per year), legacy included
    from tests.test_plan_tiny import tiny

    base = tiny(3)
    two = {"allowed": np.ones((1, 2), dtype=bool), "subsidy_usd": np.zeros((1, 2))}
    for name in ("module_capacity", "capex_usd", "opex_usd_per_year", "power_mw"):
        two[name] = np.array([[float(getattr(base, name)[0, 0]), 50.0]])
    for name in ("euv_tools", "high_na_tools"):
        two[name] = np.zeros((1, 2))
    for name in ("spend", "output"):
        arr = getattr(base, name)
        two[name] = np.concatenate([arr, arr], axis=1)
    inp = base.replace(
        facilities=("logic-N5", "datacenter"),
        facility_kind=("logic", "datacenter"),
        facility_node=("N5", ""),
        use=np.array([[0.01, 0.0]]),
        existing=np.array([[0.0, 0.0, 0.0], [500.0, 500.0, 500.0]]),
        fleet_mw_per_unit=np.array([0.0015]),
        legacy_fleet_mw=np.array([100.0, 50.0, 0.0]),
        site_region=("usa",),
        **two,
    )
    prod = np.array([[40_000.0, 0.0, 20_000.0]])
    build = np.zeros((1, 2, 3))
    build[0, 1, 0] = 2.0
    df = power_table(inp, {"build": build, "prod": prod}, **_DATA)
    world = df[df["region"] == WORLD]
    used_mw = inp.used(prod)[1] / 12
    assert world["facility_mw_needed"].tolist() == pytest.approx(used_mw.tolist())
    # by hand: 40,000 x 0.0015 = 60 MW (L = 5) + legacy 100, 50, 0; then + 30 MW
    assert used_mw.tolist() == pytest.approx([160.0, 110.0, 90.0])
    # online: 500 existing (split 1:3 between usa and europe) + 2 x 50 MW at usa
    assert world["datacenter_mw_online"].tolist() == pytest.approx([500.0, 600.0, 600.0])


def test_defaults_come_from_the_energy_data() -> None:
    # it_overhead, load factor, regional split, intensity and price: data/*.csv (P1)
    from tigris.energy.data import (
        datacenter_capacity_mw,
        electricity_usd_per_mwh,
        energy_parameter,
        grid_gco2_per_kwh,
    )

    it_w = sum(u * w for u, w in _SHIPPED_2022.values())
    df = legacy_fleet(2023, [2023], 2)
    assert float(df["it_mw"].iloc[0]) == pytest.approx(it_w * energy_parameter("it_overhead") / 1e6)

    inp = _inputs()
    table = power_table(inp, _solution())  # type: ignore[arg-type]
    years = inp.years
    cap = datacenter_capacity_mw(years)
    share_usa = cap["usa"][0] / sum(c[0] for c in cap.values())
    usa = _row(table, 2026, "usa")
    assert usa["datacenter_mw_online"] == pytest.approx(30.0 * share_usa)
    # 2026: no module online yet, so usa's share of the fleet is its share of existing
    assert usa["facility_mw_needed"] == pytest.approx(17.0 * share_usa)
    lf = energy_parameter("load_factor")
    mwh = 17.0 * share_usa * lf * 8766
    assert usa["energy_twh"] == pytest.approx(mwh / 1e6)
    assert usa["emissions_t_co2"] == pytest.approx(mwh * grid_gco2_per_kwh("usa", 2026) / 1e3)
    assert usa["electricity_cost_usd"] == pytest.approx(mwh * electricity_usd_per_mwh("usa", 2026))
    # every region with AI capacity in the data has a row
    assert set(table["region"]) == {*(r for r, c in cap.items() if np.any(c > 0)), WORLD}


def test_on_site_generation_is_capacity_not_fab_power() -> None:
    # two datacenter kinds (grid and on-site gas): existing capacity of both is one
    # pool, and a gas module's MW is datacenter capacity, never fab power
    inp = _inputs(
        facility_kind=("datacenter", "datacenter"),
        existing=np.array([[20.0, 20.0, 20.0], [10.0, 10.0, 10.0]]),
    )
    sol = _solution()  # the second kind's module at a (usa) from 2027
    df = power_table(inp, sol, **_DATA)  # type: ignore[arg-type]
    world = df[df["region"] == WORLD]
    # europe's "logic" module of the base case is now a 1,000 MW datacenter module
    assert world["datacenter_mw_online"].tolist() == pytest.approx([30.0, 130.0, 1130.0])
    assert world["fab_power_mw"].tolist() == [0.0, 0.0, 0.0]
