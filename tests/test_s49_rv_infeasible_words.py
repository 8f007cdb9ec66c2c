"""The explanation of a commitment no module can meet in time names the settings that
set the module's time, by facility kind, and no setting that does not move it.

Review of the s49 infeasibility explanation (``tigris.plan.infeasible.too_late_text``):
it said "That time (the facility's or site's construction_months; for a grid data
centre also its region's grid_lead_months)" for every site. At a site of data centres
only, the site's ``construction_months`` changes nothing (``tigris scenario check``
says so); at a fab site it left out ``permit_months``, part of the time (Japan's 24+
months for logic-N5: 6 months of permit and 19 of construction, data/sites.csv).

The words are tested against the world: a plan with the setting the text names changed
is found, and one with the setting it says does not reach the module stays infeasible.
"""

from __future__ import annotations

import inspect

from tests.conftest import SMALL, data_table, replaced, write_scenario
from tests.test_scenario_energy import POWERED

#: POWERED with texas-usa building only on-site gas data centres of 125 months'
#: construction (the facility's), 2 of them committed: none can come online by 2031.
GAS_LATE = replaced(
    POWERED,
    (
        "    capex_usd_per_mw: 8.0e6\n",
        "    capex_usd_per_mw: 8.0e6\n    construction_months: 125\n",
    ),
    (
        "    facilities: [datacenter, datacenter-gas]\n",
        "    facilities: [datacenter-gas]\n    min_modules: 2\n",
    ),
)  # fmt: skip

#: SMALL over 2026-2027 with japan committed to one logic-N5 module: 6 permit + 19
#: construction months (data/sites.csv) = 25 months, first output in 2028.
FAB_LATE = replaced(
    SMALL,
    ("last_year: 2029}", "last_year: 2027}"),
    ("{2026: 4.0e6, 2029: 8.0e6}", "{2026: 4.0e6, 2027: 6.0e6}"),
    ("    node: N4\n", "    node: N5\n"),
    ("  - name: japan\n", "  - name: japan\n    min_modules: 1\n    facilities: [logic-N5]\n"),
)  # fmt: skip


def _text(res) -> str:
    return " ".join((res.out + res.err).split())  # the printout's wrapping undone


def _late(text: str, site: str) -> str:
    """The explanation's sentence about ``site``."""
    head = f"Site {site} must host"
    assert head in text, text
    return text[text.index(head) :].split(" • ")[0]


def _plan(run_cli, path, *sets: str):
    args = [a for s in sets for a in ("--set", s)]
    return run_cli("plan", path, "--no-store", *args)


def test_gas_data_centre_names_its_own_construction_months(run_cli, tmp_path) -> None:
    path = write_scenario(tmp_path, GAS_LATE)
    res = _plan(run_cli, path)
    said = _late(_text(res), "texas-usa")
    assert "datacenter-gas first produces 10 years after its start" in said, said  # 125 // 12
    assert "the facility's construction_months" in said, said
    assert "data/datacenter_types.csv" in said, said
    # not offered as a cure: the site's months do not reach a data centre
    assert "facility's or site's" not in said, said
    assert "not the site's construction_months" in said, said
    # an on-site module waits for no grid: its lead is not named as a cause
    assert "grid_lead_months" not in said, said
    # the world agrees: the site's months leave it infeasible, the facility's fix it
    site = _plan(run_cli, path, "sites.texas-usa.construction_months=12")
    assert "infeasible" in _text(site) and "Site texas-usa must host" in _text(site)
    own = _plan(run_cli, path, "facilities.datacenter-gas.construction_months=12")
    assert own.code == 0, own.err
    assert "Site texas-usa must host" not in _text(own), _text(own)
    assert "optimal" in _text(own), _text(own)


def test_grid_data_centre_names_the_grid_lead(run_cli, tmp_path) -> None:
    [usa] = {float(r["grid_lead_months"]) for r in data_table("grid") if r["region"] == "usa"}
    grid = replaced(GAS_LATE, ("facilities: [datacenter-gas]", "facilities: [datacenter]"))
    path = write_scenario(tmp_path, grid)
    res = _plan(run_cli, path, "facilities.datacenter.construction_months=125")
    said = _late(_text(res), "texas-usa")
    years = int(usa + 125) // 12
    assert f"datacenter first produces {years} years after its start" in said, said
    assert "grid_lead_months" in said and "data/grid.csv" in said, said
    assert "the facility's construction_months" in said, said
    assert "not the site's construction_months" in said, said


def test_fab_names_permit_and_construction_months(run_cli, tmp_path) -> None:
    path = write_scenario(tmp_path, FAB_LATE)
    res = _plan(run_cli, path)
    said = _late(_text(res), "japan")
    assert "logic-N5 first produces 2 years after its start" in said, said
    assert "24 months or more of permit and construction" in said, said
    assert "permit_months" in said and "construction_months" in said, said
    assert "data/sites.csv" in said, said
    assert "grid_lead_months" not in said, said  # a fab waits for no grid connection
    # the world agrees: each of the two named settings brings the module into 2027
    for setting in ("data.sites.japan.permit_months=0", "sites.japan.construction_months=5"):
        fixed = _plan(run_cli, path, setting)
        assert fixed.code == 0, (setting, fixed.err)
        assert "Site japan must host" not in _text(fixed), (setting, _text(fixed))


def test_months_per_year_is_the_named_constant() -> None:
    from tigris.plan import infeasible
    from tigris.scenario import checks_horizon

    for fn in (infeasible.too_late_text, checks_horizon.commitments_past_horizon):
        body = inspect.getsource(fn).split('"""')[-1]  # the code after the docstring
        assert "MONTHS_PER_YEAR" in body and "12" not in body, fn.__name__
