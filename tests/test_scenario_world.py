"""Scenario fields that reach the world layer: calibrated demand, the roadmap, the
incumbents' baseline and their response; and the fields they replaced."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.conftest import assert_one_line_error
from tests.test_plan_cli import SMALL
from tigris.errors import InputError
from tigris.plan.assemble import assemble
from tigris.plan.inputs import INVESTOR
from tigris.scenario import BASELINE_VARIANTS, scenario_from_dict
from tigris.yamlio import parse_yaml

#: SMALL's explicit supply, replaced by the incumbents' baseline in these tests.
_EXPLICIT = (
    "  logic_wspm: {N5: {2026: 19000}}\n"
    "  cowos_wspm: {2026: 20000}\n"
    "  hbm_wspm: {2026: 1.0e5}           # 2M HBM stacks a month at 20 good stacks per DRAM wafer\n"
)


def world(respond: bool = False, products: str = "roadmap") -> str:
    """SMALL on the world layer: calibrated demand 70/30, the roadmap, the baseline."""
    text = (
        SMALL.replace(_EXPLICIT, "  baseline: announced\n")
        .replace("h100e_by_year: {2026: 4.0e6, 2029: 8.0e6}", "calibrated_share: 0.7")
        .replace("h100e_by_year: {2026: 1.0e6}", "calibrated_share: 0.3")
    )
    if products == "roadmap":
        text = text.replace("products:\n  - name: b200\n", "products: roadmap\n")
    assert "baseline: announced" in text and "calibrated_share: 0.3" in text
    return text + ("incumbents: {respond: true}\n" if respond else "")


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        scenario_from_dict(parse_yaml(text))
    return [str(p) for p in info.value.problems]


def test_baseline_variants_are_the_world_layers() -> None:
    """The schema names the variants itself (the world layer sits above it)."""
    from tigris.world.incumbents import VARIANTS

    assert tuple(BASELINE_VARIANTS) == tuple(VARIANTS)


@pytest.mark.parametrize(
    ("old", "new", "field", "named"),
    [
        (
            "  hbm_wspm: {2026: 1.0e5}",
            "  hbm_stacks_per_month: {2026: 2.0e6}",
            "supply.hbm_stacks_per_month",
            "supply.hbm_wspm",
        ),
        (
            "  - name: b200\n",
            "  - name: b200\n    hbm_stacks_per_unit: 8\n",
            "products.0.hbm_stacks_per_unit",
            "hbm_wafers_per_unit",
        ),
    ],
)
def test_an_old_hbm_field_gives_one_line_naming_the_new_one(
    run_cli, tmp_path: Path, old: str, new: str, field: str, named: str
) -> None:
    """HBM is counted in DRAM wafers now; a file written for stacks fails once, at the
    old field's line, saying which field to give instead (and no 'unknown field')."""
    text = SMALL.replace(old, new)
    assert text != SMALL
    path = tmp_path / "old.yaml"
    path.write_text(text, encoding="utf-8")
    leaf = field.rsplit(".", 1)[-1]
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if leaf in ln)
    res = run_cli("scenario", "check", path)
    assert_one_line_error(res, f"{path}:{line}: {field}:")
    assert named in res.err and "unknown field" not in res.err


def test_world_fields_are_accepted_and_old_style_scenarios_still_load() -> None:
    sc = scenario_from_dict(parse_yaml(world(respond=True)))
    assert sc.products == "roadmap" and sc.supply.baseline == "announced"
    assert sc.incumbents.respond is True
    assert [d.calibrated_share for d in sc.demand] == [0.7, 0.3]
    old = scenario_from_dict(parse_yaml(SMALL))
    assert old.supply.baseline is None and not old.incumbents.respond


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # a misspelt variant names all three
        (
            ("baseline: announced", "baseline: anounced"),
            "supply.baseline: expected one of 'announced', 'conservative' or 'aggressive'",
        ),
        (("products: roadmap", "products: roadmp"), "products: expected a list of products or"),
        # shares of one total that add up to more than it
        (
            ("calibrated_share: 0.3", "calibrated_share: 0.4"),
            "demand.1.calibrated_share: calibrated_share values of the demand classes "
            "add up to 1.1",
        ),
        (
            ("calibrated_share: 0.3", "calibrated_share: 0.3\n    growth_per_year: 0.2"),
            "demand.1.growth_per_year: growth_per_year extends",
        ),
        (
            ("calibrated_share: 0.3", "calibrated_share: 0.3\n    h100e_by_year: {2026: 1}"),
            "demand.1: give exactly one of h100e_by_year, accelerators_by_year or calibrated",
        ),
        (("calibrated_share: 0.3", "calibrated_share: 0"), "demand.1.calibrated_share"),
        (("baseline: announced", "cowos_wspm: {2026: 1}"), "supply: give supply.baseline"),
        (
            ("baseline: announced", "cowos_wspm: {2026: 1}\n  hbm_wspm: {2026: 1}"),
            "incumbents.respond: incumbents respond from their baseline",
        ),
    ],
)
def test_world_fields_are_checked(change: tuple[str, str], expected: str) -> None:
    text = world(respond=True)
    assert change[0] in text
    found = problems(text.replace(change[0], change[1], 1))
    assert len(found) == 1, found
    assert found[0].startswith(expected), found


def test_calibrated_demand_is_the_share_of_the_world_layers() -> None:
    from tigris.world.demand import calibrated_demand

    inp, notes = assemble(scenario_from_dict(parse_yaml(world(products="list"))))
    total = calibrated_demand(inp.years)
    np.testing.assert_allclose(inp.demand, np.outer([0.7, 0.3], total), rtol=1e-12)
    assert (notes["parameter"] == "demand: calibrated total").sum() == 1


def test_roadmap_products_and_their_bills_by_year() -> None:
    from tigris.world.roadmap import bills_by_year, roadmap_products

    inp, notes = assemble(scenario_from_dict(parse_yaml(world())))
    rows = roadmap_products(int(inp.years[0]), int(inp.years[-1]))
    assert inp.products == tuple(r["name"] for r in rows)
    k = {f: i for i, f in enumerate(inp.facilities)}
    for p, row in enumerate(rows):
        b = bills_by_year(row["accelerator"], inp.years, node=row.get("node"))
        np.testing.assert_allclose(inp.use[p, k["hbm"]], b["hbm_wafers"], rtol=1e-12)
        np.testing.assert_allclose(inp.use[p, k["cowos"]], b["interposer"], rtol=1e-12)
        # every wafer of the bill, base dies of a stacked part (logic_base) included
        assert inp.use[p].sum(axis=0) == pytest.approx(
            b["logic"] + b["logic_base"] + b["interposer"] + b["hbm_wafers"]
        )
    assert notes["parameter"].str.startswith("products").any()


def test_baseline_supply_is_the_incumbents_and_a_map_replaces_one_family() -> None:
    """Existing capacity is the baseline's, split into existing and announced parts that
    add up to it; a scenario map replaces that facility type only (as existing)."""
    from tigris.world.incumbents import existing_supply

    inp, _ = assemble(scenario_from_dict(parse_yaml(world())))
    base = existing_supply("announced", inp.years)
    for k, fid in enumerate(inp.facilities):
        np.testing.assert_allclose(inp.existing[k], base.get(fid, 0.0), rtol=1e-9, atol=1e-6)
    parts = inp.existing_parts
    assert set(parts) == {"incumbent existing", "incumbent announced"}
    np.testing.assert_allclose(sum(parts.values()), inp.existing, rtol=1e-12)
    text = world().replace(
        "  baseline: announced\n", "  baseline: announced\n  hbm_wspm: {2026: 7}\n"
    )
    inp2, notes = assemble(scenario_from_dict(parse_yaml(text)))
    h = inp2.facilities.index("hbm")
    assert inp2.existing[h].tolist() == [7.0] * len(inp2.years)
    assert inp2.existing_parts["incumbent announced"][h].sum() == 0
    others = [k for k, f in enumerate(inp2.facilities) if f != "hbm"]
    np.testing.assert_array_equal(inp2.existing[others], inp.existing[others])
    assert notes["parameter"].str.contains("replaces the baseline").any()


def test_incumbents_who_respond_are_owners_with_their_sites_and_capital() -> None:
    from tigris.world.incumbents import incumbent_owners, owner_capital, owner_sites

    inp, _ = assemble(scenario_from_dict(parse_yaml(world(respond=True))))
    alone, _ = assemble(scenario_from_dict(parse_yaml(world())))
    assert alone.site_owner == (INVESTOR,) * len(alone.sites)
    assert alone.source_owner == (INVESTOR,)
    owners = incumbent_owners()
    n_sites = sum(len(owner_sites(o)) for o in owners)
    assert len(inp.sites) == len(alone.sites) + n_sites
    assert set(inp.site_owner) == {INVESTOR, *owners}
    for s, (name, owner) in enumerate(zip(inp.sites, inp.site_owner, strict=True)):
        if owner == INVESTOR:
            continue
        assert name.startswith(owner.lower().replace(" ", "-") + "@"), name
        kinds = next(r["kinds"] for r in owner_sites(owner) if name.endswith("@" + r["site"]))
        allowed = {inp.facility_kind[k] for k in np.flatnonzero(inp.allowed[s])}
        assert allowed <= set(kinds), (name, allowed, kinds)
    for f, owner in enumerate(inp.source_owner):
        if owner != INVESTOR:
            np.testing.assert_allclose(inp.capital_usd[f], owner_capital(owner, inp.years))


def test_roadmap_products_get_the_scenario_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Minimum shares adding up to more than 1 would make nothing that year (as in a
    scenario's own list); an unknown part is named. Both say they come from the roadmap."""
    import tigris.world.roadmap as roadmap

    rows = [
        {"name": "b200", "accelerator": "b200", "min_share": 0.7},
        {"name": "h200", "accelerator": "h200", "min_share": {2027: 0.6}},
        {"name": "x1", "accelerator": "no-such-part"},
    ]
    monkeypatch.setattr(roadmap, "roadmap_products", lambda first, last: rows)
    with pytest.raises(InputError) as info:
        assemble(scenario_from_dict(parse_yaml(world())))
    found = [str(p) for p in info.value.problems]
    assert all(p.startswith("products: the roadmap (data/roadmap.csv), ") for p in found), found
    assert any("unknown accelerator 'no-such-part'" in p for p in found), found
    # a year map holds its first value before its first year: 0.7 + 0.6 from 2026
    assert any("made in 2026 add up to 1.3" in p for p in found), found


def test_a_horizon_the_roadmap_does_not_reach_is_an_input_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No product to make would leave every year unmet without saying why."""
    import tigris.world.roadmap as roadmap

    monkeypatch.setattr(roadmap, "roadmap_products", lambda first, last: [])
    with pytest.raises(InputError) as info:
        assemble(scenario_from_dict(parse_yaml(world())))
    (only,) = info.value.problems
    assert only.field == "products" and "no product shipping in 2026-2029" in only.message
