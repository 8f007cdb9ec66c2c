"""Every reader of ``fleet_lifetime_years`` under lives by class and product (issue 12,
item 1): products, the legacy fleet, workload deliveries, the rental penalty.

Expected lives are read from ``data/fleet_lifetimes.csv`` as text here, not from the
code.
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from tigris.energy.fleet import (
    class_life,
    class_lifetime_map,
    legacy_fleet,
    product_lifetimes,
)
from tigris.errors import InputError
from tigris.scenario.schema import Workload
from tigris.scenario.series import workload_lifetime


def _csv_lives() -> dict[str, int]:
    text = resources.files("tigris.data").joinpath("fleet_lifetimes.csv").read_text("utf-8")
    return {r["vendor"]: int(r["lifetime_years"]) for r in csv.DictReader(text.splitlines())}


def test_table_gives_each_class_its_csv_row_and_other_for_the_rest() -> None:
    rows = _csv_lives()
    assert rows["Google"] != rows["NVIDIA"]  # the table has two lives, so the test bites
    lives = product_lifetimes("table", ["t", "b", "h", "c"], ["Google", "NVIDIA", "Huawei", "x"])
    assert lives.tolist() == [rows["Google"], rows["NVIDIA"], rows["other"], rows["other"]]


def test_by_product_beats_by_class_beats_default() -> None:
    spec = {"default": 2, "by_class": {"GOOGLE": 4, "other": 9}, "by_product": {"b": 7}}
    lives = product_lifetimes(spec, ["a", "b", "c", "d"], ["Google", "Google", "NVIDIA", "Huawei"])
    # a: Google's class 4; b: its own 7; c: NVIDIA has a table row, no key: default 2;
    # d: Huawei has no table row, so class "other": 9
    assert lives.tolist() == [4, 7, 2, 9]
    # without a default the table fills in (NVIDIA's row)
    assert class_life({"by_class": {"google": 4}}, "NVIDIA") == _csv_lives()["NVIDIA"]
    # one integer stays one integer: PlanInputs gets exactly what it got before
    assert product_lifetimes(5, ["a", "b"], ["Google", "NVIDIA"]) == 5


def test_legacy_fleet_retires_each_vendor_after_the_class_life() -> None:
    """By hand: with the table, the legacy fleet of 2027 is the 2023-2025 shipments of
    every vendor whose life is 5, plus Google's 2022 ones if Google's is 6."""
    from tigris.world.demand import shipments_h100e

    rows = _csv_lives()
    ships = shipments_h100e(role="in-sample")
    h = ships.groupby(["vendor", "year"])["h100e"].sum()
    expect = sum(
        v for (vendor, year), v in h.items() if 2027 - year < rows.get(vendor, rows["other"])
    )
    assert h.get(("Google", 2022), 0.0) > 0 and rows["Google"] == 6  # the case bites
    got = legacy_fleet(2026, [2027], class_lifetime_map("table"), it_overhead=1.0)
    assert float(got["h100e"].iloc[0]) == pytest.approx(expect)
    assert class_lifetime_map(4) == 4


def test_a_workload_serves_its_accelerators_class_life() -> None:
    rows = _csv_lives()
    tpu = Workload(infer={"accelerator": "tpu-v7"}, tokens_per_day=1e9)
    unnamed = Workload(infer={}, tokens_per_day=1e9)  # the reference accelerator, an H100
    assert workload_lifetime(tpu, "table") == rows["Google"]
    assert workload_lifetime(unnamed, "table") == rows["NVIDIA"]
    assert workload_lifetime(tpu, {"default": 3}) == 3
    assert workload_lifetime(tpu, 4) == 4


def test_bad_lives_reaching_the_energy_layer_are_input_errors() -> None:
    with pytest.raises(InputError, match="fleet_lifetime_years"):
        product_lifetimes({"default": "tabel"}, ["a"], ["NVIDIA"])
    with pytest.raises(InputError, match="fleet_lifetime_years"):
        product_lifetimes({"by_product": {"a": 0}}, ["a"], ["NVIDIA"])
    with pytest.raises(InputError, match="fleet_lifetime_years"):
        product_lifetimes("table", ["a", "b"], ["NVIDIA"])
    assert np.asarray(product_lifetimes("table", [], [])).size == 0


# --- through a scenario file ----------------------------------------------------------

#: Two products of two classes (NVIDIA, AMD), data-centre power only from on-site gas
#: modules the plan builds (no existing capacity, so no legacy fleet), a fixed penalty.
TWO_CLASSES = """\
name: two-classes
currency_year: 2024
horizon: {first_year: 2026, last_year: 2030}
discount_rate: 0.08
pue: 1.2
fleet_lifetime_years: LIVES
unmet_penalty_usd_per_h100e: PENALTY
demand:
  - name: training
    priority: 1
    h100e_by_year: {2026: 2.0e6, 2028: 3.0e6}
products:
  - name: b200
  - name: mi355x
supply:
  # N7 for MI355X's base (I/O) dies (accelerators.csv base_die_node), ample as the rest
  logic_wspm: {N5: {2026: 20000}, N3: {2026: 20000}, N7: {2026: 20000}}
  cowos_wspm: {2026: 20000}
  hbm_wspm: {2026: 1.0e5}
facilities:
  - kind: datacenter
    power: gas
datacenters:
  baseline: none
sites:
  - name: texas-usa
    facilities: [datacenter-gas]
    max_modules: 2
capital:
  - name: fund
    amount_usd: 1.0e10
    first_year: 2026
    last_year: 2029
tools:
  euv_per_year: {2026: 10}
"""


def _two_classes(tmp_path: Path, lives: str, penalty: str = "27500") -> Path:
    path = tmp_path / f"two-{abs(hash(lives + penalty))}.yaml"
    path.write_text(TWO_CLASSES.replace("LIVES", lives).replace("PENALTY", penalty), "utf-8")
    return path


def test_by_class_plans_exactly_as_the_equivalent_by_product(tmp_path: Path) -> None:
    """NVIDIA at 3 years by class or the B200 (the one NVIDIA product) at 3 by product:
    the same lives [3, 1], the same plan; the power row's MW is the hand sum
    ``Σ_p f_p Σ_{l<L_p} units[p, t − l]`` of the plan's own production (``f_p`` facility
    MW per unit at the plan's PUE), and the power table's IT MW that over the PUE."""
    from tigris.plan import solve
    from tigris.plan.assemble import assemble_file

    by_class = _two_classes(tmp_path, "{default: 1, by_class: {nvidia: 3}}")
    by_product = _two_classes(tmp_path, "{default: 1, by_product: {b200: 3}}")
    _, inp, _ = assemble_file(by_class)
    assert np.asarray(inp.fleet_lifetime_years).tolist() == [3, 1]
    assert np.asarray(assemble_file(by_product)[1].fleet_lifetime_years).tolist() == [3, 1]
    plans = [
        solve(p, mip_gap=0.0, counterfactual=False, explain_result=False)
        for p in (by_class, by_product)
    ]
    assert all(r.status == "optimal" for r in plans)
    a, b = (r.production.set_index(["year", "product"])["units"] for r in plans)
    assert a.to_numpy() == pytest.approx(b.to_numpy(), rel=1e-9, abs=1e-6)
    assert plans[0].demand["unmet_h100e"].to_numpy() == pytest.approx(
        plans[1].demand["unmet_h100e"].to_numpy(), rel=1e-9, abs=1e-6
    )
    units = a.unstack("product")[list(inp.products)].to_numpy()  # (T, P)
    f = np.asarray(inp.fleet_mw_per_unit, dtype=float)
    hand = [
        sum(f[p] * units[t - lag, p] for p in range(2) for lag in range([3, 1][p]) if t >= lag)
        for t in range(units.shape[0])
    ]
    assert sum(hand) > 0  # the plan serves something, so the sums bite
    # By hand: per MW the B200 serves more than the MI355X in a year, but less than three
    # times as much, so while later years are short of power a B200 (holding its MW
    # three years) loses to three one-year MI355X: B200s only in the last year
    # (nothing after it to displace), MI355X before.
    per_mw = np.asarray(inp.h100e, dtype=float) / f  # [H100e per MW], b200, mi355x
    assert per_mw[1] < per_mw[0] < 3 * per_mw[1]
    made = units > 1.0  # (T, P) [accelerators]
    assert not made[:-1, 0].any() and made[-1, 0]
    assert made[2:-1, 1].all() and not made[-1, 1]
    # the planner's power row (facility MW at the plan's PUE) and the power table's IT MW
    assert inp.fleet_power_mw(units.T, legacy=False) == pytest.approx(hand, rel=1e-9, abs=1e-9)
    world = plans[0].power[plans[0].power["region"] == "world"]
    it_hand = np.asarray(hand) / inp.pue
    assert world["fleet_it_mw"].to_numpy() == pytest.approx(it_hand, rel=1e-9, abs=1e-9)


def test_the_rental_penalty_runs_over_the_h100s_class_life(tmp_path: Path) -> None:
    """Unmet demand has no product: its rental value is the H100's (NVIDIA's) life."""
    from tigris.finance.prices import h100e_value_usd
    from tigris.plan.assemble import assemble_file

    years = np.arange(2026, 2031)
    for lives, life in (("{default: 1, by_class: {nvidia: 3}}", 3), ("table", 5), ("2", 2)):
        _, inp, _ = assemble_file(_two_classes(tmp_path, lives, "rental"))
        assert np.asarray(inp.penalty_usd_per_h100e) == pytest.approx(
            h100e_value_usd(years, life, 0.08)
        )
    assert _csv_lives()["NVIDIA"] == 5  # the "table" case above reads this row
