"""What ``tigris scenario check`` and ``tigris plan`` warn of before they solve (user test
6, #4, #10 and #12): a year a listed product list leaves empty, a facility no product
uses (and a site forced to build only such), a price multiplier that reads as a percent,
a regional share that caps the world. Each expected value is derived by hand from the
shipped data tables (read as text, :func:`tests.conftest.data_table`) or the energy data
layer, not from the code under test.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import SMALL, SMALL_3Y, data_table, line_of, replaced
from tests.conftest import write_scenario as _write
from tests.test_scenario_energy import POWERED


def _warnings(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("warning: ")]


def test_a_year_without_a_listed_product_is_a_warning(tmp_path: Path, run_cli) -> None:
    """A scenario's own list chooses its years: a year it leaves empty is legal (the
    plan names it, ``no_product``) but said before the solve."""
    text = replaced(SMALL, ("  - name: b200\n", "  - name: b200\n    first_year: 2027\n"))
    path = _write(tmp_path, text)
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    (line,) = _warnings(res.err)
    assert f"{path}:{line_of(path, 'horizon:')}: horizon.first_year: 2026 is before 2027" in line


def test_a_gap_between_listed_products_is_a_warning(tmp_path: Path, run_cli) -> None:
    """b200 to 2026 and again from 2028: 2027 has no product (at ``products``)."""
    text = replaced(
        SMALL,
        (
            "  - name: b200\n",
            "  - name: b200\n    last_year: 2026\n"
            "  - name: b200-late\n    accelerator: b200\n    first_year: 2028\n",
        ),
    )
    path = _write(tmp_path, text)
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    (line,) = _warnings(res.err)
    assert f"{path}:{line_of(path, 'products:')}: products: no product" in line
    assert "made in 2027 " in line


def test_a_warning_is_written_once_a_process(tmp_path: Path, capsys) -> None:
    """Commands read a file more than once (plan, compare): the line comes once."""
    from tigris.scenario import load_scenario

    text = replaced(SMALL, ("  - name: b200\n", "  - name: b200\n    first_year: 2027\n"))
    path = _write(tmp_path, text)
    load_scenario(path)
    load_scenario(path)
    out, err = capsys.readouterr()
    assert out == ""
    assert len(_warnings(err)) == 1, err


# --- #4: a facility no product uses ---------------------------------------------------

#: SMALL with an N28 fab offered and forced at japan. SMALL's only product is b200,
#: whose logic die is N4 (data/accelerators.csv), of the N5 family: nothing uses N28.
_N28 = replaced(
    SMALL,
    ("  - kind: hbm\n", "  - kind: hbm\n  - kind: logic\n    node: N28\n"),
    ("  - name: japan\n", "  - name: japan\n    facilities: [logic-N28]\n    min_modules: 1\n"),
)


def test_b200_is_an_n4_part() -> None:
    """The premise of the N28 tests, from the catalog table."""
    (row,) = [r for r in data_table("accelerators") if r["name"] == "b200"]
    assert row["node"] == "N4"


def test_a_forced_module_of_an_unused_facility_is_a_warning(tmp_path: Path, run_cli) -> None:
    path = _write(tmp_path, _N28)
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    lines = _warnings(res.err)
    assert len(lines) == 2, res.err
    fac, site = lines
    entry = line_of(path, "node: N28") - 1  # the entry's first line, "- kind: logic"
    assert f"{path}:{entry}: facilities.3:" in fac
    assert "no product of the scenario uses N28 wafers" in fac and "N5" in fac
    assert f"{path}:{line_of(path, 'min_modules: 1')}: sites.1.min_modules:" in site
    assert "japan" in site and "logic-N28" in site
    assert "no product of the scenario uses N28 wafers" in site
    assert "the forced module will make nothing" in site


def test_a_forced_site_with_a_useful_facility_is_not_warned(tmp_path: Path, run_cli) -> None:
    """japan may meet its minimum with an N5-family fab, which b200 uses: only the
    facility type's own line."""
    text = replaced(_N28, ("facilities: [logic-N28]", "facilities: [logic-N5, logic-N28]"))
    res = run_cli("scenario", "check", _write(tmp_path, text))
    assert res.code == 0, res.err
    (line,) = _warnings(res.err)
    assert "facilities.3:" in line and "sites." not in line


def test_a_family_used_only_by_base_dies_is_not_warned(tmp_path: Path, run_cli) -> None:
    """MI300X's compute dies are N5, its I/O (base) dies on the N7 family
    (data/accelerators.csv): an N7 fab makes wafers it uses, though no compute die
    is N7."""
    (row,) = [r for r in data_table("accelerators") if r["name"] == "mi300x"]
    assert row["node"] == "N5" and row["base_die_node"] == "N7"
    text = replaced(
        SMALL,
        ("  - name: b200\n", "  - name: mi300x\n"),
        ("  - kind: hbm\n", "  - kind: hbm\n  - kind: logic\n    node: N7\n"),
    )
    res = run_cli("scenario", "check", _write(tmp_path, text))
    assert res.code == 0, res.err
    assert _warnings(res.err) == [], res.err


def test_plan_prints_the_warning_before_it_solves(tmp_path: Path, run_cli) -> None:
    """The same line from ``tigris plan`` (one read path, before the assembly): here
    the assembly then refuses the file (a regional share without data-centre power),
    so the test needs no solve."""
    text = replaced(
        SMALL_3Y, ("  - kind: hbm\n", "  - kind: hbm\n  - kind: logic\n    node: N28\n")
    )
    path = _write(tmp_path, text + "demand_regions: {usa: 0.5}\n")
    res = run_cli("plan", path, "--no-store")
    assert res.code == 2 and res.out == "", res.err
    first, error = res.err.strip().splitlines()
    assert first.startswith(f"warning: {path}:") and "uses N28 wafers" in first
    assert error.startswith("error: ") and "demand_regions" in error


# --- #10: a percent for a multiplier -------------------------------------------------


@pytest.mark.parametrize(("value", "warned"), [(80, True), (10.5, True), (10, False), (1.5, False)])
def test_a_price_multiplier_above_ten_is_a_warning(
    tmp_path: Path, run_cli, value: float, warned: bool
) -> None:
    """Above the documented threshold (x10) the line gives the prices it makes from
    data/grid.csv's and the percent reading; at or below it, nothing."""
    text = replaced(
        POWERED,
        (
            "  baseline: announced\n",
            f"  baseline: announced\n  electricity_price_multiplier: {value}\n",
        ),
    )
    path = _write(tmp_path, text)
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    lines = [ln for ln in _warnings(res.err) if "electricity_price_multiplier" in ln]
    assert bool(lines) is warned, res.err
    if warned:
        prices = [float(r["electricity_usd_per_mwh"]) for r in data_table("grid")]
        lo, hi = min(prices), max(prices)
        assert f"{lo * value:,.0f}–{hi * value:,.0f} USD/MWh" in lines[0]
        assert f"{value:g} % dearer is a multiplier of {1 + value / 100:g}" in lines[0]
        assert f"{path}:{line_of(path, 'electricity_price_multiplier')}:" in lines[0]


# --- #12: a regional share that caps the world ----------------------------------------


def _existing_share(region: str, years: np.ndarray) -> np.ndarray:
    """The region's share of the world's existing AI data-centre capacity, each at the
    scenario's PUE (MW x pue / the region's PUE; the pue cancels), from the energy
    data layer."""
    from tigris.energy.data import datacenter_capacity_mw, grid_pue

    cap = datacenter_capacity_mw(years, basis="end-of-year")
    at_pue = {r: np.asarray(v, float) / grid_pue(r) for r, v in cap.items()}
    return at_pue[region] / sum(at_pue.values())


def test_a_share_above_the_regions_capacity_share_is_a_warning(tmp_path: Path, run_cli) -> None:
    """``a_r F ≤ room_r`` caps the fleet at ``room_r / a_r``, below the world's room
    exactly when the region's share of existing capacity is below ``a_r`` (the legacy
    fleet is split pro rata): the line's cap over the world's is that share / a_r."""
    years = np.arange(2026, 2032)
    share = _existing_share("asia-pacific", years)
    assert share.max() < 0.3  # the premise: asia-pacific holds a few percent
    text = POWERED + "demand_regions: {asia-pacific: 0.3}\n"
    path = _write(tmp_path, text)
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    (line,) = [ln for ln in _warnings(res.err) if "demand_regions" in ln]
    assert f"{path}:{line_of(path, 'demand_regions')}: demand_regions.asia-pacific:" in line
    got = re.search(r"at ([\d,.]+) GW in 2026 .* below the ([\d,.]+) GW that exist", line)
    assert got is not None, line
    cap, world_gw = (float(x.replace(",", "")) for x in got.groups())
    # each printed to 0.05 GW: the ratio's error bound follows from that alone
    tol = 0.05 / cap + 0.05 / world_gw
    assert cap / world_gw == pytest.approx(share[0] / 0.3, rel=tol)
    assert "5 later years" in line  # below in every year of 2026-2031
    assert "of the plan's fleet, not of demand" in line


def test_a_share_within_the_regions_capacity_is_not_warned(tmp_path: Path, run_cli) -> None:
    years = np.arange(2026, 2032)
    share = _existing_share("usa", years)
    assert share.min() > 0.5  # the premise: most existing AI capacity is in the usa
    res = run_cli("scenario", "check", _write(tmp_path, POWERED + "demand_regions: {usa: 0.5}\n"))
    assert res.code == 0, res.err
    assert not [ln for ln in _warnings(res.err) if "demand_regions" in ln], res.err


def test_the_share_warnings_gw_are_the_models_rows(tmp_path: Path, run_cli) -> None:
    """The line's numbers are the model's own: the region's room is
    :func:`tigris.plan.power.placed_room` (the row ``a_r F <= room_r``), the world's is
    the pool's existing capacity less the legacy fleet, both from the assembled plan
    inputs (2026, GW, each printed to 0.05)."""
    from tigris.plan.assemble import assemble
    from tigris.plan.power import placed_room
    from tigris.scenario.edit import load_any

    text = POWERED + "demand_regions: {asia-pacific: 0.3}\n"
    path = _write(tmp_path, text)
    res = run_cli("scenario", "check", path)
    (line,) = [ln for ln in _warnings(res.err) if "demand_regions" in ln]
    pat = r"at ([\d,.]+) GW in 2026 \(the region's ([\d,.]+) GW / 0.3\), below the ([\d,.]+) GW"
    got = re.search(pat, line)
    assert got is not None, line
    cap, have, world_gw = (float(x.replace(",", "")) for x in got.groups())
    inp, _ = assemble(load_any(text))
    names, shares, room = placed_room(inp)
    assert names == ["asia-pacific"] and shares.tolist() == [0.3]
    pool = np.asarray(inp.power_regions.existing_mw, float).sum(axis=0) - inp.legacy_mw()
    assert inp.legacy_mw()[0] > 0  # the premise: the legacy fleet takes part of the room
    # the line prints IT GW: the rows' MW (IT MW x pue) / the scenario's pue 1.2
    # (user test 2026-12-06 power #2: the GW moved with the unit pue)
    assert have == pytest.approx(room[0, 0] / 1.2 / 1e3, abs=0.05)
    assert cap == pytest.approx(room[0, 0] / 1.2 / 0.3 / 1e3, abs=0.05)
    assert world_gw == pytest.approx(pool[0] / 1.2 / 1e3, abs=0.05)


def test_check_json_carries_the_warnings(tmp_path, run_cli) -> None:
    """``scenario check --json``: a script reading only stdout gets the same warning
    lines as stderr (an offered A14 fab no roadmap product uses), and a clean file
    none."""
    from tigris.scenario import reference_scenario_text

    text = reference_scenario_text()
    clean = tmp_path / "clean.yaml"
    clean.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", clean, "--json")
    assert res.code == 0 and res.json()["warnings"] == []
    anchor = "facilities:\n"
    assert anchor in text
    extra = "facilities:\n  - {kind: logic, node: A14, module_capacity: 20000}\n"
    offered = tmp_path / "a14.yaml"
    offered.write_text(text.replace(anchor, extra, 1), encoding="utf-8")
    res = run_cli("scenario", "check", offered, "--json")
    assert res.code == 0, res.err
    (line,) = res.json()["warnings"]
    assert "logic-A14" in line and "A14 wafers" in line
