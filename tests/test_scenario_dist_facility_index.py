"""A distribution that addresses a facility by index says which facility the index now
names (user test #16, addendum).

``distributions`` name facilities by their place in ``facilities``
(``facilities.5.capex_usd_per_mw``), so a facility inserted before them re-points
them. The user test inserted ``{kind: logic, node: A14}`` before ``cowos`` in the
reference: ``facilities.5`` (the grid data centre's ``capex_usd_per_mw``) became
``hbm`` and the only message was "expected a path holding a number, got a field not
set (null)". The message must name the facility the index points to now, and say that
indices move. A path may also name the facility by its type (``facilities.cowos.
capex_usd``, c34951c), which does not move; the reference's distributions do since
13f321b, so the index tests below write them back by index first.
"""

from __future__ import annotations

import pytest

from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.scenario.load import scenario_from_dict


def _indexed(d: dict) -> dict:
    """``d`` with its distributions' and correlations' facility paths written by index
    (``facilities.cowos.capex_usd`` -> ``facilities.3.capex_usd``), as the reference
    shipped them until 13f321b and as a user's older file still has them."""
    from tigris.scenario.checks import facility_id

    ids = [facility_id(f["kind"], f.get("node"), f.get("power")) for f in d["facilities"]]

    def by_index(path: str) -> str:
        head, seg, rest = [*path.split(".", 2), "", ""][:3]
        if head != "facilities" or seg.isdigit():
            return path
        return f"facilities.{ids.index(seg)}.{rest}"

    d["distributions"] = {by_index(p): v for p, v in d["distributions"].items()}
    for c in d.get("correlations") or []:
        c["paths"] = [by_index(p) for p in c["paths"]]
    return d


def _with_a14_before_cowos(d: dict | None = None) -> dict:
    d = reference_scenario().model_dump(exclude_unset=True) if d is None else d
    kinds = [f["kind"] for f in d["facilities"]]
    i = kinds.index("cowos")
    d["facilities"].insert(i, {"kind": "logic", "node": "A14", "module_capacity": 20000})
    return d


def test_a_moved_index_names_the_facility_it_points_to() -> None:
    """Reference order: logic N4, N3, N2, cowos, hbm, datacenter, datacenter-gas; with A14
    inserted before cowos, index 5 (was the grid data centre) is hbm and index 3 (was
    cowos, whose capex_usd has a distribution) is the A14 fab, whose capex_usd is not
    set. Each message says so by name and that indices move."""
    d = _indexed(reference_scenario().model_dump(exclude_unset=True))
    assert "facilities.5.capex_usd_per_mw" in d["distributions"]  # the shipped order
    with pytest.raises(InputError) as err:
        scenario_from_dict(_with_a14_before_cowos(d))
    by_field = {p.field: p.message for p in err.value.problems}
    five = by_field["distributions.facilities.5.capex_usd_per_mw"]
    assert "facilities.5 is hbm" in five
    assert "inserting or removing a facility before it moves" in five
    three = by_field["distributions.facilities.3.capex_usd"]
    assert "facilities.3 is logic-A14 (kind logic, node A14)" in three


def test_an_end_out_of_range_names_the_facility_too() -> None:
    """A distribution reaching a value its field refuses (module_capacity -5 on
    facilities.0) names facilities.0 as the N4 fab; a capital source's path, not a
    facility's, gets no such note."""
    d = reference_scenario().model_dump(exclude_unset=True)
    d["distributions"]["facilities.0.module_capacity"] = {
        "dist": "uniform",
        "low": -5.0,
        "high": 20000.0,
        "source": "tigris assumption: a test",
    }
    d["distributions"]["capital.abu-dhabi-sovereign.amount_usd"]["low"] = -1.0
    with pytest.raises(InputError) as err:
        scenario_from_dict(d)
    by_field = {p.field.rsplit(".", 1)[0]: p.message for p in err.value.problems}
    assert (
        "facilities.0 is logic-N5 (kind logic, node N4)"
        in by_field["distributions.facilities.0.module_capacity"]
    )
    capital = by_field["distributions.capital.abu-dhabi-sovereign.amount_usd"]
    assert "place in the list" not in capital


def test_a_facility_is_addressed_by_its_type_name() -> None:
    """``facilities.<type>.<field>`` names the facility as sites list it (reference:
    cowos's capex US$1.5B, the gas data centre's US$12.58M per MW, the N4 fab's module
    of 20,000 wspm under logic-N5); a set by name changes that facility only."""
    from tigris.scenario.edit import get_path, set_paths

    sc = reference_scenario()
    assert get_path(sc, "facilities.cowos.capex_usd") == 1.5e9
    assert get_path(sc, "facilities.datacenter-gas.capex_usd_per_mw") == 1.258e7
    assert get_path(sc, "facilities.logic-N5.module_capacity") == 20000
    changed = set_paths(sc, {"facilities.hbm.capex_usd": 1.5e10})
    kinds = [f.kind for f in changed.facilities]
    assert changed.facilities[kinds.index("hbm")].capex_usd == 1.5e10
    assert changed.facilities[kinds.index("cowos")].capex_usd == 1.5e9


def test_named_distributions_survive_an_inserted_facility() -> None:
    """The reference's distributions, which name facilities by type (since 13f321b;
    none by index), stay on their facilities when A14 is inserted before cowos: the
    scenario is valid, each sampled member sets the facility meant (the grid data
    centre's capex per MW, not hbm's)."""
    from tigris.risk.distributions import sample_changes
    from tigris.scenario.edit import get_path, set_paths

    d = _with_a14_before_cowos()
    paths = [*d["distributions"], *(p for c in d.get("correlations") or [] for p in c["paths"])]
    segs = [p.split(".")[1] for p in paths if p.startswith("facilities.")]
    assert segs and not any(s.isdigit() for s in segs)  # by name: nothing to re-point
    sc = scenario_from_dict(d)
    (member,) = sample_changes(sc, 1, seed=1)
    drawn = member["facilities.datacenter.capex_usd_per_mw"]
    assert 5e6 < drawn < 2e7  # a grid data centre's US$ per MW, not an HBM line's capex
    assert get_path(sc, "facilities.datacenter.capex_usd_per_mw") == 1.058e7
    drawn_sc = set_paths(sc, {p: v for p, v in member.items() if p.startswith("facilities.")})
    grid = [f for f in drawn_sc.facilities if f.kind == "datacenter" and f.power is None]
    assert grid[0].capex_usd_per_mw == drawn


def test_a_wrong_facility_name_lists_the_types() -> None:
    """A facility segment that is neither an index nor a type name says what the list
    holds: its indices and its types as sites list them, with the nearest type
    (``cowoss`` -> ``cowos``), so a user sees the name form exists."""
    from tigris.scenario.edit import get_path

    with pytest.raises(InputError) as err:
        get_path(reference_scenario(), "facilities.cowoss.capex_usd")
    (problem,) = err.value.problems
    assert "indices 0-6" in problem.message
    assert "logic-N5, logic-N3, logic-N2, cowos, hbm, datacenter, datacenter-gas" in problem.message
    assert "did you mean 'cowos'" in problem.message
