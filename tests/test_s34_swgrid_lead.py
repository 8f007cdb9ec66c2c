"""A facility's grid wait and the regions of the sites that build it (user test UT-SWF, #4).

The reference restated the US grid wait (48 months, data/grid.csv's usa row) on its
grid ``datacenter`` facility, and a facility's value replaces the wait of every site
that builds it (docs/energy.md, "Which fields a facility overrides"); so an analyst who
copied the reference and let a middle-east site build data centres (18 months in
data/grid.csv) silently waited 48. Now (a) such an override is a warning naming the
site, the region, both values and how to keep the region's own, and (b) the reference
draws the usa row's cell (``data.grid.usa.grid_lead_months``) instead of restating it
on the facility, so other regions keep their waits.

By hand (months from a module's start, yearly means over the months' midpoints, as
docs/energy.md "Scenario" states): a grid module waits its region's lead, builds
``construction_months`` (datacenter_types.csv), then ramps linearly over
``ramp_months``. The middle-east wait 18 + 18 months of building puts the first MW
online at the start of 2029 (2026 + 36 months); at the usa's 48 it is 2031.

(b) moved the reference's usa wait to data.grid.usa.grid_lead_months, and the warning
is registered in tigris.scenario.advice.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.conftest import data_table, line_of
from tigris.plan.assemble import assemble_file
from tigris.scenario import load_scenario, reference_scenario, reference_scenario_text
from tigris.scenario.checks import parts_of
from tigris.scenario.checks_energy import facility_lead_overrides

#: The reference's uae site, fabs only; the Gulf case lets it build grid data centres.
UAE_FABS = "  - name: uae\n    facilities: [logic-N5, logic-N3, logic-N2, cowos, hbm]"
UAE_DC = "  - name: uae\n    facilities: [logic-N5, logic-N3, logic-N2, cowos, hbm, datacenter]"
#: The grid facility's line after which the user's override goes.
DC_BUILD = "    construction_months: 18       # datacenter_types.csv's 18 months"

LEAD = {r["region"]: float(r["grid_lead_months"]) for r in data_table("grid")}
DC_TYPE = {r["facility"]: r for r in data_table("datacenter_types")}["datacenter"]
REGION = {r["site"]: r["region"] for r in data_table("site_regions")}


def _gulf(text: str) -> str:
    assert text.count(UAE_FABS) == 1
    return text.replace(UAE_FABS, UAE_DC)


def _with_override(text: str, months: int = 48) -> str:
    """``text`` whose grid datacenter facility gives ``grid_lead_months`` (the user's
    copy of the reference: 48, the usa wait, restated as the reference once did)."""
    lines = text.splitlines(keepends=True)
    kept = [ln for ln in lines if not ln.startswith("    grid_lead_months: ")]
    assert len(lines) - len(kept) <= 1  # the reference's own restatement, if any
    text = "".join(kept)
    assert text.count(DC_BUILD) == 1
    end = text.index("\n", text.index(DC_BUILD)) + 1
    return text[:end] + f"    grid_lead_months: {months}\n" + text[end:]


def _write(tmp_path: Path, text: str, name: str = "gulf.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _by_hand(wait: float) -> np.ndarray:
    """Yearly mean output share of a grid module started at the horizon's start."""
    build, ramp = float(DC_TYPE["construction_months"]), float(DC_TYPE["ramp_months"])
    months = np.arange(120) + 0.5
    return np.clip((months - wait - build) / ramp, 0, 1).reshape(10, 12).mean(axis=1)


def test_the_gulf_case_as_data() -> None:
    assert REGION["uae"] == "middle-east" and REGION["texas-usa"] == "usa"
    assert (LEAD["middle-east"], LEAD["usa"]) == (18.0, 48.0)  # the numbers the docstring uses
    assert float(DC_TYPE["construction_months"]) == 18.0
    # online (first year with output): 2026 + (18 + 18) // 12 = 2029; at 48: 2031
    assert int(np.nonzero(_by_hand(18.0))[0][0]) == 3
    assert int(np.nonzero(_by_hand(48.0))[0][0]) == 5


def test_a_facility_wait_over_another_region_warns(tmp_path) -> None:
    sc = load_scenario(_write(tmp_path, _with_override(_gulf(reference_scenario_text()))))
    found = facility_lead_overrides(parts_of(sc))
    [(loc, msg)] = found  # uae only: texas-usa's region waits 48 as the facility does
    i = next(j for j, f in enumerate(sc.facilities) if f.kind == "datacenter" and f.power is None)
    assert loc == ("facilities", i, "grid_lead_months")
    for needle in ("uae", "middle-east", "48 months", "18 months", "data/grid.csv"):
        assert needle in msg, (needle, msg)
    assert "texas-usa" not in msg
    assert "leave grid_lead_months out" in msg and "data.grid.<region>.grid_lead_months" in msg


def test_a_facility_wait_warns_at_every_region_it_differs_from(tmp_path) -> None:
    text = _with_override(_gulf(reference_scenario_text()), months=18)
    sc = load_scenario(_write(tmp_path, text))
    [(_, msg)] = facility_lead_overrides(parts_of(sc))  # now texas-usa's usa (48) differs
    assert "texas-usa" in msg and "region usa" in msg and "uae" not in msg


def test_no_warning_when_each_site_waits_its_region(tmp_path) -> None:
    sc = load_scenario(_write(tmp_path, _with_override(reference_scenario_text())))
    assert facility_lead_overrides(parts_of(sc)) == []  # texas-usa only: usa is 48 too


def test_scenario_check_prints_the_warning_at_its_line(tmp_path, run_cli) -> None:
    path = _write(tmp_path, _with_override(_gulf(reference_scenario_text())))
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    [line] = [ln for ln in res.err.splitlines() if "grid_lead_months:" in ln]
    assert line.startswith(f"warning: {path}:{line_of(path, 'grid_lead_months: 48')}: ")
    assert "uae" in line and "middle-east" in line


def _uae_output(path: Path) -> np.ndarray:
    _, inp, _ = assemble_file(path)
    s, k = inp.sites.index("uae"), inp.facilities.index("datacenter")
    return np.asarray(inp.output[s, k])


def test_the_reference_lets_a_gulf_site_wait_its_region(tmp_path) -> None:
    out = _uae_output(_write(tmp_path, _gulf(reference_scenario_text())))
    np.testing.assert_allclose(out, _by_hand(LEAD["middle-east"])[: len(out)], atol=1e-12)
    assert out[2] == 0 and out[3] > 0  # online in 2029, not 2031


def test_the_reference_draws_the_usa_wait_as_its_cell() -> None:
    ref = reference_scenario()
    dist = ref.distributions["data.grid.usa.grid_lead_months"]
    assert dist.mode == LEAD["usa"]  # the table's value: the plan is unchanged
    assert "facilities.datacenter.grid_lead_months" not in ref.distributions


def test_the_override_is_what_held_the_gulf_site(tmp_path) -> None:
    """The user's two runs at the assembly: with the 48-month override the uae module
    comes online in 2031 (48 + 18 months), without it in 2029 (18 + 18)."""
    held = _uae_output(_write(tmp_path, _with_override(_gulf(reference_scenario_text()))))
    np.testing.assert_allclose(held, _by_hand(48.0)[: len(held)], atol=1e-12)
