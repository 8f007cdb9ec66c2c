"""ESG-FIX (UT-ESG #12): an emission intensity above a grid all of coal is a warning
naming where it comes from (--set, --data FILE:LINE) and the cell's dotted path.

The bound by hand: EIA FAQ 74 (2023), US utility-scale coal plants 709 Mt CO2 for
675,115 GWh = 1,050 gCO2/kWh, above IPCC AR5 WGIII Annex III's life-cycle maximum for
pulverised coal (910 gCO2eq/kWh) and every shipped intensity.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from tigris.data import load_rows


def _plan(*args: str) -> tuple[int, str]:
    from tigris.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["plan", "--no-store", "--json", *args])
    return code, err.getvalue()


def test_bound_by_hand() -> None:
    from tigris.energy.bounds import GCO2_PER_KWH_MAX

    assert pytest.approx(709e6 * 1e6 / (675_115e3 * 1e3), rel=1e-12) == GCO2_PER_KWH_MAX
    assert round(GCO2_PER_KWH_MAX) == 1050
    assert GCO2_PER_KWH_MAX > 910  # AR5 life-cycle max for coal: a coal grid passes
    shipped = [float(r["grid_gco2_per_kwh"]) for r in load_rows("grid")]
    shipped += [
        float(r["gco2_per_kwh"])
        for r in load_rows("datacenter_types")
        if str(r["gco2_per_kwh"]) != "nan"
    ]
    assert max(shipped) < GCO2_PER_KWH_MAX


def test_set_grid_intensity_warns() -> None:
    import tigris.energy.bounds as b

    b._WARNED.clear()
    code, err = _plan("--set", "data.grid.usa.grid_gco2_per_kwh=50000")
    assert code == 0
    lines = [ln for ln in err.splitlines() if "gco2_per_kwh" in ln]
    assert len(lines) == 1
    assert lines[0].startswith(
        "warning: --set: data.grid.usa.grid_gco2_per_kwh: 50,000 gCO2/kWh in 2026-2035 "
        "is above 1,050"
    )


def test_data_file_intensity_warns_at_its_line(tmp_path: Path) -> None:
    import tigris.energy.bounds as b

    b._WARNED.clear()
    f = tmp_path / "data.yaml"
    f.write_text(
        "grid:\n  - region: china\n    grid_gco2_per_kwh: 5820\n"
        "    source: a unit slip\n    as_of: 2026-12\n",
        encoding="utf-8",
    )
    code, err = _plan("--data", str(f))
    assert code == 0
    assert f"warning: --data {f}:3: data.grid.china.grid_gco2_per_kwh: 5,820 gCO2/kWh" in err


def test_onsite_intensity_warns_and_the_reference_does_not() -> None:
    from tigris.energy.bounds import intensity_warnings
    from tigris.energy.data import REGIONS

    years = list(range(2026, 2036))
    assert intensity_warnings(REGIONS, years, {"datacenter-gas": 501.0}) == []
    (line,) = intensity_warnings(REGIONS, years, {"datacenter-gas": 5000.0})
    assert "data.datacenter_types.datacenter-gas.gco2_per_kwh: 5,000 gCO2/kWh" in line
