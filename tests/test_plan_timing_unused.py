"""An option nobody takes must not change the plan (user test #16, 2026-12-03).

Rule 1 of ``docs/plan.md``, "Timing of deliveries under a power pool", lets a tight
wafer row excuse idle power; "Which wafer rows can excuse idle power" says a row does
so only if a product that can be made, and powered, in that year uses it. Before, a
facility type no product is made on (a logic node of no part, as ``{kind: logic, node:
A14}`` added to the reference's ``facilities``) had a row ``0 ≤ 0``, counted as
tight, which excused idle power in every year: the reference's world without the
investor went from 1,101.6M to 1,104.2M H100e and the investor's NPV from −$1.54B to
−$3.69B although nothing was built on A14.

The invariant checked here: appending a facility type that no product uses (or uses
only in years it cannot be made) leaves the plan (objective, production by year,
builds), the world without the investor and the detection of withheld years as they
were. On the hand problem of ``tests/test_plan_timing.py`` (three years, life 2, parts
of 1, 2, 3 H100e, a pool of 1, 2, 2 MW, logic ample): with the rule x = (1,000, 1,000,
1,000), $720M; a rule switched off by the unused row gives x = (1,000, 0, 2,000),
$690M. On the reference with A14 appended (slow: a reference solve, ~8 s).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from tests.test_plan_power import solved
from tests.test_plan_timing import ABS, FILLED_USD, hand
from tigris.plan.counterfactual import served_without_builds
from tigris.plan.timing import withheld_years

#: (S, K) fields of PlanInputs and the value a new facility gets in them.
_SK = {
    "allowed": False,
    "module_capacity": 20_000.0,
    "capex_usd": 2e10,
    "subsidy_usd": 0.0,
    "opex_usd_per_year": 0.0,
    "euv_tools": 0.0,
    "high_na_tools": 0.0,
    "power_mw": 0.0,
}


def with_facility(
    inp: Any,
    *,
    name: str = "logic-A14",
    node: str = "A14",
    existing: np.ndarray | None = None,
    use: np.ndarray | None = None,
    allowed: bool = False,
) -> Any:
    """``inp`` with one more logic facility type appended to ``facilities`` (as a user
    appends ``{kind: logic, node: A14}``): ``existing`` (T,) wafers per month (default
    0), ``use`` (P, T) wafers per accelerator (default 0: no product is made on it),
    hostable at every site when ``allowed``."""
    n_p, _, n_t = np.shape(inp.use)
    n_s = len(inp.sites)
    ext = np.zeros(n_t) if existing is None else np.asarray(existing, dtype=float)
    new_use = np.zeros((n_p, n_t)) if use is None else np.asarray(use, dtype=float)
    changes: dict[str, Any] = {
        "facilities": (*inp.facilities, name),
        "facility_kind": (*inp.facility_kind, "logic"),
        "facility_node": (*inp.facility_node, node),
        "existing": np.vstack([inp.existing, ext[None, :]]),
        "use": np.concatenate([inp.use, new_use[:, None, :]], axis=1),
    }
    for field, value in _SK.items():
        old = np.asarray(getattr(inp, field))
        col = np.full((n_s, 1), allowed if field == "allowed" else value, dtype=old.dtype)
        changes[field] = np.concatenate([old, col], axis=1)
    for field in ("spend", "output"):  # (S, K, L): the first logic facility's profile
        old = np.asarray(getattr(inp, field))
        changes[field] = np.concatenate([old, old[:, :1, :]], axis=1)
    return dataclasses.replace(inp, **changes)


@pytest.fixture
def no_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model without rule 1, to test the detection (as tests/test_plan_timing.py)."""
    import tigris.plan.timing as timing

    monkeypatch.setattr(timing, "add_no_withholding", lambda *a, **k: None)


def test_an_unused_node_leaves_the_hand_plan_filled() -> None:
    """A logic node no product uses, 0 capacity, no site: still x = (1,000, 1,000,
    1,000) and $720M (before: x = (1,000, 0, 2,000), $690M, 2026's 1 MW idle)."""
    got = solved(with_facility(hand()))
    assert got["prod"].sum(axis=0) == pytest.approx([1000.0, 1000.0, 1000.0], abs=ABS)
    assert got["objective"] == pytest.approx(FILLED_USD, rel=1e-6)


def test_an_unused_node_a_site_may_host_changes_nothing() -> None:
    """The same node hostable at the site (no product needs it, so no module is
    built): the same plan, no build on it."""
    got = solved(with_facility(hand(), allowed=True))
    assert got["prod"].sum(axis=0) == pytest.approx([1000.0, 1000.0, 1000.0], abs=ABS)
    assert got["objective"] == pytest.approx(FILLED_USD, rel=1e-6)
    assert np.all(got["build"] == 0.0)


def test_a_node_used_only_later_excuses_nothing_earlier() -> None:
    """A node used only by 2027's part (y3, 0.01 wafers a unit, ample capacity in
    2027, none before): in 2025 and 2026 no part that can be made uses it, so its
    empty row cannot excuse 2026's idle MW: x = (1,000, 1,000, 1,000), $720M."""
    use = np.zeros((3, 3))
    use[2, 2] = 0.01
    got = solved(with_facility(hand(), existing=np.array([0.0, 0.0, 1000.0]), use=use))
    assert got["prod"].sum(axis=0) == pytest.approx([1000.0, 1000.0, 1000.0], abs=ABS)
    assert got["objective"] == pytest.approx(FILLED_USD, rel=1e-6)


def _used_only_by_a_retired_part() -> Any:
    """The hand problem with a node only y1 uses (0.01 wafers a unit, in every year as
    the assembled inputs carry a part's wafers past its last year), ample in 2025 (y1's
    only year) and empty after: in 2026 and 2027 its row is 0 ≤ 0 and has a term, but
    no part that can be made then uses it (review of 2026-12-03: on the reference 579
    (product, facility, year) cells have wafers where the product is not made, as N5
    from 2028)."""
    use = np.zeros((3, 3))
    use[0, :] = 0.01
    return with_facility(hand(), existing=np.array([1000.0, 0.0, 0.0]), use=use)


def test_a_node_of_a_retired_part_excuses_nothing() -> None:
    """The node of a part no longer made cannot stop 2026's part: x = (1,000, 1,000,
    1,000), $720M (a row counted as used because it has a term, made or not, gives
    x = (1,000, 0, 2,000), $690M)."""
    got = solved(_used_only_by_a_retired_part())
    assert got["prod"].sum(axis=0) == pytest.approx([1000.0, 1000.0, 1000.0], abs=ABS)
    assert got["objective"] == pytest.approx(FILLED_USD, rel=1e-6)


def test_a_node_of_a_retired_part_leaves_the_world_without_builds() -> None:
    """The nested worlds' direct program reads the same: unmet 9,000, 8,000, 7,000
    H100e (a row read with another year's parts, or its term alone, withholds 2026:
    9,000, 10,000, 4,000)."""
    got = served_without_builds(_used_only_by_a_retired_part()).sum(axis=0)
    assert got == pytest.approx([9000.0, 8000.0, 7000.0], abs=ABS)


def test_a_node_of_a_retired_part_does_not_hide_a_withheld_year(no_rule: None) -> None:
    """Without the rule 2026 is withheld (1 MW idle, 0 shipped); the retired part's
    empty row is tight but no part made in 2026 uses it, so 2026 is still named
    (``used_rows`` counts only parts that can be made in the year)."""
    inp = _used_only_by_a_retired_part()
    r = solved(inp)
    assert [w.year for w in withheld_years(r["m"], inp)] == [2026]


def test_an_unused_node_leaves_the_world_without_builds() -> None:
    """The no-build program (the nested worlds): unmet 9,000, 8,000, 7,000 H100e with
    or without the unused node (before: 9,000, 10,000, 4,000, 2026 withheld)."""
    plain = served_without_builds(hand()).sum(axis=0)
    got = served_without_builds(with_facility(hand())).sum(axis=0)
    assert got == pytest.approx([9000.0, 8000.0, 7000.0], abs=ABS)
    assert got == pytest.approx(plain, abs=ABS)


def test_an_unused_node_does_not_hide_a_withheld_year(no_rule: None) -> None:
    """Without the rule the hand problem withholds 2026 (1 MW idle, 0 shipped); an
    unused node's row, 0 ≤ 0, is no wafer row that binds: 2026 is still named."""
    inp = with_facility(hand())
    r = solved(inp)
    assert [w.year for w in withheld_years(r["m"], inp)] == [2026]


@pytest.mark.slow
def test_the_reference_with_an_unused_a14_node_is_the_reference(reference_solved) -> None:
    """User test #16's hna4.yaml: the reference with ``{kind: logic, node: A14,
    module_capacity: 20000}`` appended to ``facilities`` (no site lists it): the same
    objective, builds, served by year and world without the investor (before:
    objective $66,961B -> $66,870B, baseline 1,101.6M -> 1,104.2M H100e)."""
    from tigris.plan import solve
    from tigris.scenario import Scenario, reference_scenario

    d = reference_scenario().model_dump(exclude_unset=True)
    d["facilities"] = [*d["facilities"], {"kind": "logic", "node": "A14", "module_capacity": 20000}]
    got = solve(Scenario.model_validate(d), explain_result=False)
    ref = reference_solved
    assert got.objective_usd == pytest.approx(ref.objective_usd, rel=1e-6)
    (base_got, _), (base_ref, _) = got.sections(), ref.sections()
    assert base_got["h100e_by_year"] == pytest.approx(base_ref["h100e_by_year"], rel=1e-6)
    assert got.summary()["served_h100e"] == pytest.approx(ref.summary()["served_h100e"], rel=1e-6)
    cols = ["site", "facility", "start_year", "modules"]
    assert got.builds[cols].reset_index(drop=True).equals(ref.builds[cols].reset_index(drop=True))
