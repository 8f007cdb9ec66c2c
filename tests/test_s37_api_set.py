"""``Scenario.set`` names the path the user set, not a field a cross-field rule blames.

A notebook user's ``sc.set("horizon.first_year", 2040)`` on a 2026-2029 scenario was
refused as ``horizon.last_year: must be >= first_year (2040)``: the field named was one
the user never touched (API-LEFT #4). The rule that refused it is the schema's (a
horizon runs forwards); the error now names the path set, its value and then the field
whose rule refused it. The same held for every ``first_year`` of a capital tranche, a
distribution's ``low``/``mode`` and a demand class's ``calibrated_share`` (whose rule
named another class by its list index, ``demand.2``).
"""

from __future__ import annotations

import pytest

import tigris
from tests.conftest import SMALL
from tigris.errors import InputError


@pytest.fixture(scope="module")
def small() -> tigris.scenario.Scenario:
    return tigris.load_scenario(SMALL)


@pytest.fixture(scope="module")
def reference() -> tigris.scenario.Scenario:
    return tigris.load_scenario(None)


def refused(sc, *args) -> InputError:
    with pytest.raises(InputError) as err:
        sc.set(*args)
    assert len(str(err.value).splitlines()) == 1, str(err.value)
    return err.value


@pytest.mark.parametrize(
    ("path", "value", "rule_field"),
    [
        # SMALL: horizon 2026-2029, the fund's tranche 2026-2027
        ("horizon.first_year", 2040, "horizon.last_year"),
        ("capital.fund.first_year", 2040, "capital.fund.last_year"),
    ],
)
def test_a_cross_field_rule_names_the_path_set(small, path, value, rule_field) -> None:
    err = refused(small, path, value)
    (problem,) = err.problems
    assert problem.field == path
    assert str(err).startswith(f"{path}: {value} is refused by {rule_field}")
    assert "must be >= first_year (2040)" in str(err)


def test_the_rule_names_a_list_item_by_its_name(reference) -> None:
    # the reference's shares: frontier 0.25, inference 0.55, fine-tuning 0.20; 1.0 for
    # inference makes 1.45 > 1 (docs/scenario-files.md: they add up to at most 1)
    err = refused(reference, "demand.inference.calibrated_share", 1.0)
    (problem,) = err.problems
    assert problem.field == "demand.inference.calibrated_share"
    assert "demand.fine-tuning-and-other.calibrated_share" in problem.message
    assert "demand.2." not in str(err)
    assert "1.45" in problem.message


def test_a_distribution_bound(reference) -> None:
    path = "distributions[facilities.datacenter.capex_usd_per_mw].low"
    err = refused(reference, path, 1e30)
    assert err.problems[0].field == path
    assert "distributions[facilities.datacenter.capex_usd_per_mw].mode" in str(err)


def test_several_paths_set_name_the_nearest(small) -> None:
    err = refused(small, {"discount_rate": 0.1, "horizon.first_year": 2040})
    assert [p.field for p in err.problems] == ["horizon.first_year"]


def test_a_problem_on_the_path_set_is_as_before(small) -> None:
    # the user set both ends: the rule's own field is one of them, named as it was
    err = refused(small, {"horizon.first_year": 2040, "horizon.last_year": 2030})
    assert str(err) == "horizon.last_year: must be >= first_year (2040)"
    err = refused(small, "horizon.last_year", 2000)
    assert str(err) == "horizon.last_year: must be >= first_year (2026)"
    err = refused(small, "capital.fund.amount_usd", -1)
    assert str(err) == "capital.fund.amount_usd: must be >= 0, got -1"
