"""A site's power limit counts each module at its full MW from its start (power user
test 2026-12-06 #1).

``site-power-upper`` counted a module at its ramp-year average output, so a module
coming online late in the horizon's last year was a quarter of itself: the reference
with ``--set sites.texas-usa.power_limit_mw=50`` built 200 MW of data centres there
(started 2030, online mid-2035) beside a sentence saying none could be built.
"""

from __future__ import annotations

from tests.test_plan_tiny import tiny
from tigris.plan import solve_inputs


def test_a_module_ramping_in_the_last_year_takes_its_full_mw() -> None:
    # a 300 MW module started in 2025 ramps to a quarter of its output in 2026, the last
    # year (0.25 x 1,000 wspm x 12 x 100 chips a wafer = 300,000 H100e against 500,000
    # short at $30,000 each: worth its $1B); at a 100 MW site it does not fit
    # (0.25 x 300 = 75 MW is what the old row counted), at 300 MW it does
    small = solve_inputs(
        tiny(output=(0.0, 0.25), power_mw=300.0, power_limit_mw=100.0), mip_gap=0.0
    )
    assert small.builds["modules"].sum() == 0
    room = solve_inputs(tiny(output=(0.0, 0.25), power_mw=300.0, power_limit_mw=300.0), mip_gap=0.0)
    assert room.builds["modules"].sum() == 1


def test_no_site_hosts_more_mw_than_its_limit_in_a_reference_what_if() -> None:
    import tigris

    sc = tigris.load_scenario()
    for limit in (50.0, 1050.0):
        r = tigris.plan(sc.set("sites.texas-usa.power_limit_mw", limit))
        b = r.builds[r.builds["site"] == "texas-usa"]
        assert set(b["capacity_unit"]) <= {"MW"}, b
        # a data-centre module's capacity is its MW (facility_types.csv power_mw)
        assert float(b["capacity"].sum()) <= limit + 1e-6, (limit, b)
        if limit > 100.0:
            assert len(b) > 0  # room for some: the site is used, so the check bites
