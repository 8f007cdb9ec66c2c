"""Data-centre MW out and back in (user test #9).

The plan's tables print the existing data-centre capacity in facility MW at each
region's PUE (``capacity.csv``'s ``existing`` datacenter rows); a scenario's
``datacenters.existing_mw`` is read at the scenario's ``pue``. An analyst who reads
the table and writes it back must get the same IT power: IT = facility / PUE (The
Green Grid, White Paper 49). The truth here is the data itself: Σ_r F_r / u_r over the
regions' AI capacity F_r (``data/datacenter_capacity.csv``) and PUE u_r
(``data/grid.csv``).
"""

from __future__ import annotations

import numpy as np
import pytest

from tigris.energy.data import REGIONS, datacenter_capacity_mw, grid_pue
from tigris.plan.assemble import assemble
from tigris.plan.assemble_energy import CAPACITY_BASIS, existing_mw_input
from tigris.plan.power import datacenter_used_mw
from tigris.scenario import reference_scenario
from tigris.scenario.edit import set_paths


def _it_mw(inp) -> np.ndarray:  # type: ignore[no-untyped-def]
    """(T,) IT MW of the existing data-centre capacity the planner counts."""
    k = list(inp.facility_kind).index("datacenter")
    return np.asarray(inp.existing, dtype=float)[k] / float(inp.pue)


def _table_mw(inp) -> np.ndarray:  # type: ignore[no-untyped-def]
    """(T,) the existing datacenter row's MW as capacity.csv prints it (the writer's
    function, nothing built)."""
    k = list(inp.facility_kind).index("datacenter")
    build = np.zeros((len(inp.sites), len(inp.facilities), len(inp.years)))
    prod = np.zeros((len(inp.products), len(inp.years)))
    available, _, _, _ = datacenter_used_mw(inp, build, prod)
    return available[k]


def test_table_mw_written_back_hold_the_same_it_power() -> None:
    sc = reference_scenario()
    inp, _ = assemble(sc)
    years = np.asarray(inp.years, dtype=int)
    cap = datacenter_capacity_mw(years, basis=CAPACITY_BASIS)
    truth_it = sum(np.asarray(cap[r], float) / grid_pue(r) for r in REGIONS if r in cap)
    truth_facility = sum(np.asarray(cap[r], float) for r in REGIONS if r in cap)
    np.testing.assert_allclose(_it_mw(inp), truth_it, rtol=1e-9)
    table = _table_mw(inp)
    np.testing.assert_allclose(table, truth_facility, rtol=1e-9)  # facility MW, regions' PUE

    # written back as the table prints it: 4 % of the IT power lost (the defect)
    naive = set_paths(
        sc, {"datacenters.existing_mw": dict(zip(years.tolist(), table.tolist(), strict=True))}
    )
    lost = 1.0 - _it_mw(assemble(naive)[0]) / truth_it
    assert lost == pytest.approx(1.0 - (truth_facility / truth_it) / sc.pue, rel=1e-9)
    assert np.all(lost > 0.02)

    # converted to the input's unit: the same IT MW, and the tables print it back
    given = existing_mw_input(table, sc, years)
    back = set_paths(
        sc, {"datacenters.existing_mw": dict(zip(years.tolist(), given.tolist(), strict=True))}
    )
    inp2, _ = assemble(back)
    np.testing.assert_allclose(_it_mw(inp2), truth_it, rtol=1e-9)
    np.testing.assert_allclose(existing_mw_input(_table_mw(inp2), back, years), given, rtol=1e-9)


def test_the_assumptions_give_the_pue_to_convert_with() -> None:
    """The plan's assumptions name the existing capacity's PUE (facility over IT MW of
    the data), so the conversion needs nothing but the plan's own output."""
    sc = reference_scenario()
    _, notes = assemble(sc)
    row = notes[notes["parameter"] == "datacenter: PUE of the existing capacity"]
    assert len(row) == 1, notes["parameter"].tolist()
    first = float(str(row["value"].iloc[0]).split()[0])
    cap = datacenter_capacity_mw(np.array([2026]), basis=CAPACITY_BASIS)
    f = sum(float(np.asarray(cap[r])[0]) for r in REGIONS if r in cap)
    it = sum(float(np.asarray(cap[r])[0]) / grid_pue(r) for r in REGIONS if r in cap)
    assert first == pytest.approx(f / it, abs=5e-4)
    assert "existing_mw" in str(row["source"].iloc[0])


def test_the_views_say_which_mw() -> None:
    """The notebook/netCDF views name the MW: the fleet's IT MW, the capacity's facility
    MW; a data-centre capacity is 'facility MW' whether a table spells it 'MW' (builds)
    or 'facility MW' (the capacity table, SPEED's patch), not dropped as a disagreement."""
    from types import SimpleNamespace

    import pandas as pd

    from tigris.plan.views import VARIABLES, _facility_units

    units = {v.name: v.units for view in VARIABLES if view.table == "power" for v in view.variables}
    assert units["fleet_it_mw"] == "IT MW"
    assert units["facility_mw_needed"] == units["datacenter_mw_online"] == "facility MW"
    result = SimpleNamespace(
        builds=pd.DataFrame({"facility": ["datacenter"], "capacity_unit": ["MW"]}),
        capacity=pd.DataFrame(
            {"facility": ["datacenter", "logic"], "unit": ["facility MW", "wspm"]}
        ),
    )
    assert _facility_units(result) == {"datacenter": "facility MW", "logic": "wspm"}  # type: ignore[arg-type]
