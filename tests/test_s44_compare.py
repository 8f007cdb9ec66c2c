"""``tigris compare``: the defects of the user test of session 44 (s44).

1. A side with no plan (infeasible) showed made-up numbers: investor scope 1 and 2 of
   ``0.00 Mt`` (``-100.0 %``) and its builds as 0 modules "that differ".
2. Objectives of different kinds (``serve`` against ``npv``) were subtracted; plans
   over different horizons were compared with no word.
3. A data-table cell set with ``plan --set`` showed as several false inputs (the
   overlay its run kept, with the cell in it, read as a ``--data`` file); a cell set
   to the table's own value still differed; ``plan.json`` called the cell a
   "distribution draw" from ``--data <data>``.
5. The "serves more, yet its objective is worse" note gave the weighting as the reason
   when B's demand, and so its unmet demand, was higher.
6. ``plan --from-run`` made ``option.from_run`` an input that differs.
10. ``compare A B --data`` with nothing to solve ignored ``--data`` (and ``--store``
    with two folders).
11. ``--json`` gave a grid data centre's node as ``""`` where the text says ``grid``.
12c. Two bad scenario files gave one ``error:`` line per problem, with no side named.

Expected values are the plans' own numbers or invariants (a side with no plan has no
number; swapping A and B negates a change), never outputs of the code under test.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from tests.conftest import SMALL_3Y, write_scenario
from tigris.plan.result import PlanResult
from tigris.runs.compare import compare


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> PlanResult:
    """:data:`tests.conftest.SMALL_3Y` solved once for the module (it builds)."""
    from tigris.plan import solve

    done = solve(write_scenario(tmp_path_factory.mktemp("s44"), SMALL_3Y))
    assert done.ok and len(done.builds)  # a precondition: there are builds to miscount
    return done


def _infeasible(r: PlanResult) -> PlanResult:
    """``r`` as a plan with no solution, its tables kept: any number read from them
    would be one made up."""
    return dataclasses.replace(r, status="infeasible")


# --- 1. a side with no plan ---------------------------------------------------------


def test_a_side_with_no_plan_has_no_numbers(small: PlanResult) -> None:
    """Every result of a side with no plan is NaN, its change and percent too, and
    every build's count and change on that side; A's own numbers are kept."""
    for c, side in (
        (compare(small, _infeasible(small)), "b"),
        (compare(_infeasible(small), small), "a"),
    ):
        assert c.planned == ((side == "b"), (side == "a"))
        m = c.metrics
        assert m[side].isna().all() and m["change"].isna().all() and m["change_pct"].isna().all()
        other = "a" if side == "b" else "b"
        assert m[other].notna().any()
        assert c.builds[f"modules_{side}"].isna().all() and c.builds["change"].isna().all()
        assert c.builds[f"modules_{other}"].sum() == small.builds["modules"].sum()
        assert c.subsidy_by_region[side].isna().all()
        assert c.same_note is None and c.subsidy_note is None


def test_the_text_says_which_side_has_no_plan_instead_of_builds(small: PlanResult) -> None:
    """No build of a plan with no solution is listed as a difference: one line says
    that side has no plan; nor is any region's subsidy."""
    from tigris.cli.compare import _builds_table, _regions_table

    c = compare(small, _infeasible(small))
    assert _builds_table(c) == f"builds: not compared (B ({c.labels[1]}) has no plan)"
    assert _regions_table(c) is None


# --- 2. objectives of other kinds, other horizons ------------------------------------


def test_objectives_of_other_kinds_have_no_change(small: PlanResult) -> None:
    """A serve objective less an npv one is no quantity: the objective row's change and
    percent are NaN while both values stay, and one note says why; every other row is
    computed as for two plans of one kind."""
    npv = dataclasses.replace(small, objective="npv")
    c = compare(small, npv)
    m = c.metrics.set_index("metric")
    assert m.loc["objective_usd", ["a", "b"]].tolist() == [small.objective_usd] * 2
    assert math.isnan(m.loc["objective_usd", "change"])
    assert math.isnan(m.loc["objective_usd", "change_pct"])
    same = compare(small, small).metrics.set_index("metric")
    others = m.index != "objective_usd"
    assert m.loc[others, "change"].equals(same.loc[others, "change"])
    assert c.objective_note is not None and "serve" in c.objective_note
    assert "npv" in c.objective_note and "n/a" in c.objective_note
    assert compare(small, small).objective_note is None
    assert c.to_dict()["objective_note"] == c.objective_note


def test_other_horizons_are_said_before_the_results(small: PlanResult) -> None:
    """Plans over other horizons get a note naming both horizons; the same horizon,
    or a side with no plan, none."""
    first, last = small.horizon
    short = dataclasses.replace(small, horizon=(first, last - 1))
    c = compare(small, short)
    assert c.horizon_note is not None
    assert f"A plans {first}-{last}, B {first}-{last - 1}" in c.horizon_note
    assert compare(small, small).horizon_note is None
    assert compare(small, _infeasible(short)).horizon_note is None
    assert c.to_dict()["horizon_note"] == c.horizon_note


def test_the_cli_prints_the_notes_before_the_results(
    run_cli, small: PlanResult, tmp_path: Path
) -> None:
    """Two stored runs (nothing solved) of other objectives and horizons: both notes
    are printed above the results table, and the objective's B - A is n/a."""
    from tests.conftest import SMALL_3Y as TEXT
    from tigris.runs.store import RunRecord, RunStore

    store = tmp_path / "runs.duckdb"
    st = RunStore(store)
    other = dataclasses.replace(small, objective="npv", horizon=(small.horizon[0], 2027))
    ids = [st.add(RunRecord("plan", TEXT, name), r) for name, r in (("a", small), ("b", other))]
    res = run_cli("compare", *ids, "--store", store)
    assert res.code == 0, res.err
    text = " ".join(res.out.split())
    results = text.index("Results (B - A")
    assert -1 < text.index("A's objective is serve") < results
    assert -1 < text.index("A plans 2026-2028, B 2026-2027") < results
    row = next(line for line in res.out.splitlines() if line.startswith("│ objective"))
    assert [cell.strip() for cell in row.split("│")[4:6]] == ["n/a", "n/a"]
