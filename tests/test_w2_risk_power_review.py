"""Review of 8f6ff02/f407dd0/3bd1092 (RV-RISK): rules of the energy cells and of the
headline power numbers that no test of test_w2_risk_power*.py held.

Each test was checked against a mutation the other tests let through: a ratio
parameter (design_pue) accepted below 1; a ``grid`` entry with a year changing every
year of its region; a ``--data`` file's ``grid`` entry with a year and ``pue`` accepted;
the headline's "last year" read from the first year, or the electricity cost taken
from the last year instead of summed over the horizon. All hand-made inputs, no solve.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from tigris.errors import InputError
from tigris.overlay import data_overlay, load_overlay
from tigris.risk.cells import cell_value


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_a_ratio_parameter_below_one_is_refused(tmp_path: Path) -> None:
    """design_pue is facility over IT power (energy_parameters.csv): 0.9 is no PUE."""
    bad = _write(
        tmp_path,
        "pue.yaml",
        "energy_parameters:\n  - name: design_pue\n    value: 0.9\n"
        "    source: x\n    as_of: 2026-12\n",
    )
    with pytest.raises(InputError, match=r"design_pue is a ratio .*at least 1.*got 0\.9"):
        load_overlay(bad)


def test_a_data_file_grid_pue_with_a_year_is_refused(tmp_path: Path) -> None:
    """pue is one value per region in the model (tigris.energy.data): a --data file's
    grid entry giving it for one year is one error naming the file's line."""
    bad = _write(
        tmp_path,
        "grid.yaml",
        "grid:\n  - region: usa\n    year: 2030\n    pue: 1.3\n    source: x\n    as_of: 2026-12\n",
    )
    with pytest.raises(InputError) as exc:
        load_overlay(bad)
    assert "grid.yaml:" in str(exc.value) and "give no year" in str(exc.value)


def test_a_grid_entry_with_a_year_changes_that_year_only(tmp_path: Path) -> None:
    """usa's grid at 300 gCO2/kWh in 2030: 2029 and 2031 keep grid.csv's 369."""
    good = _write(
        tmp_path,
        "y.yaml",
        "grid:\n  - region: usa\n    year: 2030\n    grid_gco2_per_kwh: 300\n"
        "    source: x\n    as_of: 2026-12\n",
    )
    with data_overlay(good):
        assert cell_value("data.grid.usa.2030.grid_gco2_per_kwh") == 300.0
        assert cell_value("data.grid.usa.2029.grid_gco2_per_kwh") == 369.0
        assert cell_value("data.grid.usa.2031.grid_gco2_per_kwh") == 369.0
        assert cell_value("data.grid.europe.2030.grid_gco2_per_kwh") != 300.0


def test_headline_power_numbers_by_hand() -> None:
    """The headline reads the world row: MW and TWh of the last year (rows in any
    order), emissions and cost summed over the years; region rows are not counted."""
    from tigris.plan.summary import _power_numbers

    rows = [  # year, region, MW, TWh, t CO2, USD
        (2028, "world", 30.0, 3.0, 300.0, 3000.0),
        (2026, "world", 10.0, 1.0, 100.0, 1000.0),
        (2027, "world", 20.0, 2.0, 200.0, 2000.0),
        (2028, "usa", 25.0, 2.5, 250.0, 2500.0),
    ]
    cols = [
        "year",
        "region",
        "datacenter_mw_online",
        "energy_twh",
        "emissions_t_co2",
        "electricity_cost_usd",
    ]
    got = _power_numbers(pd.DataFrame(rows, columns=cols))
    assert got == {
        "datacenter_mw_online_last_year": 30.0,
        "energy_twh_last_year": 3.0,
        "emissions_t_co2": 600.0,
        "electricity_cost_usd": 6000.0,
    }
    assert all(math.isnan(v) for v in _power_numbers(None).values())


@pytest.fixture(scope="module")
def plain_power() -> pd.DataFrame:
    """The power table of a plain ``plan()`` of the reference (no explanations, no
    world without the investor), solved once for the two tests below."""
    from tigris.plan.api import plan

    return plan(explain=False, counterfactual=False).power


def test_risk_summary_prints_the_planned_power_in_its_units(
    tmp_path: Path, plain_power: pd.DataFrame
) -> None:
    """``tigris risk``'s 'planned' column is the plain plan's world row in 2035, shown
    in GW, TWh and Mt (1 Mt = 1e6 t): checked against a plain ``plan()``'s power table,
    to the three significant figures the summary prints. One sampled plan: the
    'planned' column is the plan as planned whatever the number of samples."""
    import contextlib
    import io
    from importlib import resources

    from tigris.cli import main

    text = (resources.files("tigris.data") / "reference_scenario.yaml").read_text()
    line = (
        "  datacenters.electricity_price_multiplier: "
        '{dist: uniform, low: 0.8, high: 2.0, source: "test range"}\n'
    )
    path = _write(
        tmp_path, "risky.yaml", text.replace("\ndistributions:\n", "\ndistributions:\n" + line, 1)
    )
    out = io.StringIO()
    args = ["risk", str(path), "--samples", "1", "--seed", "1", "--workers", "0", "--no-store"]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(args) == 0
    rows = {}
    for row in out.getvalue().splitlines():
        cells = [c.strip() for c in row.strip("│┃ ").split("│")]
        if len(cells) > 2:
            rows[cells[0]] = cells[-1]
    p = plain_power
    world = p[(p["region"] == "world") & (p["year"] == 2035)].iloc[0]
    want = {
        "DC power online 2035": (world["datacenter_mw_online"] / 1e3, "GW"),
        "energy 2035": (world["energy_twh"], "TWh"),
        "emissions 2035": (world["emissions_t_co2"] / 1e6, "Mt"),
    }
    for label, (value, unit) in want.items():
        number, got_unit = rows[label].split()
        assert got_unit == unit, label
        assert float(number.replace(",", "")) == pytest.approx(float(value), rel=5e-3), label


def test_sweep_table_prints_the_power_answer_in_its_units(plain_power: pd.DataFrame) -> None:
    """``tigris sweep``'s members table: GW (MW / 1e3) online and TWh in the last year,
    Mt CO2 (t / 1e6) over the horizon, each a plain ``plan()``'s world rows by hand."""
    import contextlib
    import io

    from tigris.cli import main

    out = io.StringIO()
    args = ["sweep", "--set", "discount_rate=0.08", "--workers", "0", "--no-store"]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(args) == 0
    text = out.getvalue()
    p = plain_power
    world = p[p["region"] == "world"].sort_values("year")
    gw = float(world["datacenter_mw_online"].iloc[-1]) / 1e3
    twh = float(world["energy_twh"].iloc[-1])
    mt = float(world["emissions_t_co2"].sum()) / 1e6
    for value in (gw, twh, mt):
        assert f"{value:,.1f}" in text, (value, text)


@pytest.mark.parametrize("year_first", [True, False])
def test_a_year_cell_wins_over_its_region_cell_in_either_order(
    tmp_path: Path, year_first: bool
) -> None:
    """One member with usa's grid at 350 in every year and at 300 in 2030 (e.g. two
    --set flags): 2030 is at 300, the other years at 350, whichever is given first.
    Before the fix the year cell given first was overwritten, silently."""
    from tigris.risk.cells import member_overlay

    cells = [
        ("data.grid.usa.2030.grid_gco2_per_kwh", 300.0),
        ("data.grid.usa.grid_gco2_per_kwh", 350.0),
    ]
    if not year_first:
        cells.reverse()
    text = member_overlay(dict(cells), None)
    assert text is not None
    with data_overlay(_write(tmp_path, "member.yaml", text)):
        assert cell_value("data.grid.usa.2030.grid_gco2_per_kwh") == 300.0
        assert cell_value("data.grid.usa.2029.grid_gco2_per_kwh") == 350.0
        assert cell_value("data.grid.usa.2035.grid_gco2_per_kwh") == 350.0
