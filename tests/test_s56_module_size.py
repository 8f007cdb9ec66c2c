"""A CoWoS or HBM facility's ``module_capacity`` sizes its cost with it: capex, fixed
opex, power and scanners grow with the capacity over the row's (cost per unit of
capacity as ``data/facility_types.csv`` quotes it), unless the facility gives its own.
Before, 40,000 wspm of CoWoS cost the row's US$1.50B for 10,000 (user test 2026-12-07,
scenario author #4: 60,000 wspm for $9.00B against 80,000 wspm for $3.00B)."""

from __future__ import annotations

import numpy as np
import pytest

from tigris.data import load_table
from tigris.plan.assemble import assemble
from tigris.scenario.load import reference_scenario


def _module(sc, fid: str) -> dict[str, float]:
    inp, _ = assemble(sc)
    s = inp.sites.index("taiwan")
    k = inp.facilities.index(fid)
    return {
        name: float(np.asarray(getattr(inp, name))[s, k])
        for name in ("module_capacity", "capex_usd", "opex_usd_per_year", "power_mw", "euv_tools")
    }


def _sized(kind: str, **fields: float):
    sc = reference_scenario()
    facilities = [f.model_copy(update=fields) if f.kind == kind else f for f in sc.facilities]
    return sc.model_copy(update={"facilities": facilities})


@pytest.mark.parametrize("kind", ["cowos", "hbm"])
def test_a_larger_module_costs_in_proportion(kind: str) -> None:
    row = load_table("facility_types").set_index("kind").loc[kind]
    size = 4 * float(row["module_capacity"])
    # the reference's facilities restate the row's capex: left out, the row's is used
    plain = _module(_sized(kind, capex_usd=None), kind)
    big = _module(_sized(kind, module_capacity=size, capex_usd=None), kind)
    assert plain["module_capacity"] == pytest.approx(float(row["module_capacity"]))
    assert big["module_capacity"] == pytest.approx(size)
    for name in ("capex_usd", "opex_usd_per_year", "power_mw", "euv_tools"):
        assert big[name] == pytest.approx(4 * plain[name], rel=1e-12), name
    assert big["capex_usd"] > 0


def test_its_own_capex_is_not_scaled() -> None:
    row = load_table("facility_types").set_index("kind").loc["cowos"]
    size = 4 * float(row["module_capacity"])
    plain = _module(_sized("cowos", capex_usd=None), "cowos")
    own = _module(_sized("cowos", module_capacity=size, capex_usd=float(row["capex_usd"])), "cowos")
    # the capex is the one given (moved to the site and the currency year as the row's
    # is), the rest scaled
    assert own["capex_usd"] == pytest.approx(plain["capex_usd"], rel=1e-12)
    assert own["power_mw"] == pytest.approx(4 * plain["power_mw"], rel=1e-12)


def test_a_resized_module_with_its_own_capex_is_warned_of() -> None:
    """The reference's HBM facility gives the row's capex: sized 4x, the capex stays
    one module's, so the line says so and gives the capex in proportion."""
    from tigris.scenario.checks import parts_of
    from tigris.scenario.checks_supply import module_size_own_costs

    row = load_table("facility_types").set_index("kind").loc["hbm"]
    (hbm,) = [f for f in reference_scenario().facilities if f.kind == "hbm"]
    assert hbm.capex_usd is not None  # what makes the warning due
    size = 4 * float(row["module_capacity"])
    sc = _sized("hbm", module_capacity=size)
    ((loc, line),) = module_size_own_costs(parts_of(sc))
    assert loc[0] == "facilities" and loc[-1] == "module_capacity"
    assert "not scaled with it" in line
    assert f"(in proportion: {4 * hbm.capex_usd:,.6g})" in line
    for same in (
        _sized("hbm", module_capacity=float(row["module_capacity"])),
        _sized("hbm", module_capacity=size, capex_usd=None),
    ):
        assert module_size_own_costs(parts_of(same)) == []
