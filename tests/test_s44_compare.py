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
from tigris.runs.compare import Comparison, compare


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


# --- 3 and 6. data-table cells set with plan --set; --from-run -----------------------

#: A data-table cell (tigris.risk.cells.is_cell) the s44 tester set, and a node's.
GRID_CELL = "data.grid.usa.grid_lead_months"
NODE_CELL = "nodes.N3.d0_per_cm2"


def _shipped(table: str, key: str, row: str, column: str) -> float:
    """A shipped table's value, read from its CSV as text (not by the code under test)."""
    from tests.conftest import data_table

    values = {float(r[column]) for r in data_table(table) if r[key] == row}
    assert len(values) == 1, values  # usa's lead is one value in every year's row
    return values.pop()


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``tigris plan SMALL_3Y --out DIR`` with no cell, a grid lead of 72 and of 60
    months, the grid table's own lead and a node's defect density, and ``--from-run``
    of the first; once for the module, nothing stored."""
    import contextlib
    import io

    from tigris.cli import main

    folder = tmp_path_factory.mktemp("s44cells")
    scenario = write_scenario(folder, SMALL_3Y)
    own = _shipped("grid", "region", "usa", "grid_lead_months")
    sets = {
        "base": [],
        "w72": [f"{GRID_CELL}=72"],
        "w60": [f"{GRID_CELL}=60"],
        "own": [f"{GRID_CELL}={own:g}"],
        "n3": [f"{NODE_CELL}=0.12"],
    }
    out = {}
    for name, cells in sets.items():
        args = ["plan", str(scenario), "--no-store", "--out", str(folder / name)]
        for cell in cells:
            args += ["--set", cell]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main(args) == 0, name
        out[name] = folder / name
    args = ["plan", "--from-run", str(out["base"]), "--no-store", "--out", str(folder / "fr")]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(args) == 0
    out["fr"] = folder / "fr"
    return out


def _inputs(c: Comparison) -> dict[str, tuple]:
    return {p: (a, b) for p, a, b in c.inputs}


@pytest.mark.slow  # seconds of sweep or risk plans; -m slow runs it
def test_a_cell_set_is_one_input_row(saved: dict[str, Path]) -> None:
    """A cell set with plan --set is one row (the table's value, from its CSV, against
    the cell's) beside the edited name: no row of the overlay its run kept, which is
    the cells over no --data; the same cell at two values is one row."""
    c = compare(saved["base"], saved["w72"], store=False)
    assert set(_inputs(c)) == {"name", GRID_CELL}
    assert _inputs(c)[GRID_CELL] == (None, 72)
    own = _shipped("grid", "region", "usa", "grid_lead_months")
    assert c.inputs_used[GRID_CELL] == ((own, "data/grid.csv"), None)
    assert _inputs(compare(saved["w60"], saved["w72"], store=False)) == {GRID_CELL: (60, 72)}
    node = compare(saved["base"], saved["n3"], store=False)
    assert set(_inputs(node)) == {"name", NODE_CELL}  # no data.nodes.N3 row
    assert not [p for p, _, _ in node.inputs if p.startswith("data.")]


def test_a_cell_set_to_the_tables_value_is_no_difference(saved: dict[str, Path]) -> None:
    """The grid table's own lead set with --set differs in no input but the run's
    edited name, and the plans come out the same."""
    c = compare(saved["base"], saved["own"], store=False)
    assert set(_inputs(c)) == {"name"}
    assert c.same_note is not None


def test_a_cell_sets_row_says_it_was_set_not_drawn(saved: dict[str, Path]) -> None:
    """The overlay row a cell set with --set makes (kept in run.json's provenance, and
    cited by plan.json where the plan reads it) says it was set: nothing was drawn."""
    import json

    kept = json.loads((saved["w72"] / "run.json").read_text(encoding="utf-8"))
    text = kept["provenance"]["overlay"]["text"]
    assert f"set on the command line (--set {GRID_CELL}=72)" in text
    assert "distribution draw" not in text


def test_from_run_is_not_an_input(saved: dict[str, Path]) -> None:
    """A plan re-solved with --from-run reads as the same inputs (from_run changes no
    number), and its results as the same plan."""
    c = compare(saved["base"], saved["fr"], store=False)
    assert c.inputs_known and c.inputs == []
    assert c.same_note is not None


def test_a_runs_data_under_its_cells_reads_as_it_was_solved(tmp_path: Path) -> None:
    """Review 2026-12-05: a run solved with --data and a --set cell over it read its
    --data file as it is now, so a file edited since showed its new value as that run's
    input. Both runs solved at N3 0.11; the file then says 0.2: no N3 row."""
    import contextlib
    import io

    from tigris.cli import main

    scenario = write_scenario(tmp_path, SMALL_3Y)
    data = tmp_path / "d.yaml"
    data.write_text(
        "nodes:\n  - name: N3\n    based_on: N3\n    d0_per_cm2: 0.11\n"
        "    source: test\n    as_of: 2026-12\n",
        encoding="utf-8",
    )
    for name, extra in (("A", ["--set", f"{GRID_CELL}=72"]), ("B", [])):
        args = ["plan", str(scenario), "--data", str(data), "--no-store"]
        args += ["--out", str(tmp_path / name), *extra]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main(args) == 0, name
    data.write_text(data.read_text(encoding="utf-8").replace("0.11", "0.2"), encoding="utf-8")
    c = compare(tmp_path / "A", tmp_path / "B", store=False)
    assert set(_inputs(c)) == {"name", GRID_CELL}, c.inputs


# --- 5. served against the objective when demand differs -----------------------------


def _one_class(demand: list[float], served: list[float], objective_usd: float) -> PlanResult:
    """A serve plan of one demand class over 2026-2028 [millions of H100e a year]:
    tests/test_compare_more_demand.py's, at ``objective_usd``."""
    from tests.test_compare_more_demand import plan

    return dataclasses.replace(plan(demand, served), objective_usd=objective_usd)


def _note(a: PlanResult, b: PlanResult) -> str | None:
    from tigris.runs.compare import by_year_table, served_against_objective

    return served_against_objective(a, b, by_year_table(a, b))


def test_more_demand_more_unmet_is_the_reason_not_the_weighting() -> None:
    """B demands more, serves more and its unmet rises with its objective: the note
    names the demand and the unmet change (each the plans' own totals), not the
    weighting of served H100e; swapped, the same with less demand and a better
    objective."""
    from tigris.fmt import h100e_millions

    a = _one_class([10, 20, 30], [5, 6, 7], 1e9)
    b = _one_class([12, 25, 40], [6, 6, 7], 2e9)  # served +1M, unmet +16M, objective up
    text = _note(a, b)
    assert text is not None
    unmet = b.demand["unmet_h100e"].sum() - a.demand["unmet_h100e"].sum()
    demand = b.demand["demand_h100e"].sum() - a.demand["demand_h100e"].sum()
    assert f"demands {h100e_millions(demand)} H100e more" in text
    assert f"unmet demand rises by {h100e_millions(unmet)}" in text
    assert "worth less count for less" not in text
    back = _note(b, a)
    assert back is not None and "less than A" in back and "falls by" in back
    assert "better" in back and "worth less count for less" not in back


def test_the_same_demand_keeps_the_weighting_note() -> None:
    """With the same demand the weighting is the reason, as before; and when more
    demand comes with less unmet while the objective worsens, the weighting is still
    the reason (unmet does not move with the objective)."""
    a = _one_class([10, 20, 30], [5, 6, 7], 1e9)
    same = _note(a, _one_class([10, 20, 30], [6, 6, 7], 2e9))
    assert same is not None and "worth less count for less" in same
    less_unmet = _note(a, _one_class([10, 20, 31], [9, 9, 10], 2e9))
    assert less_unmet is not None and "worth less count for less" in less_unmet


# --- 10. flags that would do nothing -------------------------------------------------

#: A valid --data overlay (one node row); its content does not matter, only that the
#: option's own reading passes.
OVERLAY = """nodes:
  - name: N3
    based_on: N3
    d0_per_cm2: 0.11
    source: test row
    as_of: 2025-01
"""


def test_data_is_refused_when_nothing_is_solved(
    run_cli, saved: dict[str, Path], tmp_path: Path
) -> None:
    """Two saved folders, or a sweep: --data would be ignored, so it is one error line
    (exit 2, nothing printed); --store with two folders (no store read or written) too."""
    from tests.conftest import assert_one_line_error

    data = write_scenario(tmp_path, OVERLAY, "d.yaml")
    res = run_cli("compare", saved["base"], saved["w72"], "--data", data)
    assert_one_line_error(res, "error: --data: nothing is solved here")
    res = run_cli("compare", "--sweep", "abcd", "--data", data)
    assert_one_line_error(res, "error: --data: nothing is solved here")
    res = run_cli("compare", saved["base"], saved["w72"], "--store", tmp_path / "s.duckdb")
    assert_one_line_error(res, "error: --store:", "no store is read or written")
    assert not (tmp_path / "s.duckdb").exists()


# --- 12c. two bad scenario files -----------------------------------------------------


def test_two_bad_files_are_one_line_per_side(run_cli, tmp_path: Path) -> None:
    """Each side's first problem on one line naming the side, with as many more as
    ``tigris scenario check`` lists for that file; exit 2, nothing on stdout."""
    from tests.conftest import replaced

    bad = {
        "A": write_scenario(
            tmp_path,
            replaced(
                SMALL_3Y, ("discount_rate: 0.08", "discount_rate: -3"), ("pue: 1.2", "pue: 0.2")
            ),
            "a.yaml",
        ),
        "B": write_scenario(tmp_path, replaced(SMALL_3Y, ("priority: 2", "priority: x")), "b.yaml"),
    }
    res = run_cli("compare", bad["A"], bad["B"], "--no-store")
    assert res.code == 2 and res.out == ""
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 2
    for line, (side, path) in zip(lines, bad.items(), strict=True):
        check = run_cli("scenario", "check", path)
        listed = [ln for ln in check.err.splitlines() if ln.startswith("error: ")]
        assert check.code == 2 and listed
        assert line.startswith(f"error: {side}: {listed[0].removeprefix('error: ')}")
        more = len(listed) - 1
        assert (f"(and {more} more problem" in line) == (more > 0)


# --- 11. a grid data centre's node in the text and in --json -------------------------


def test_the_json_names_a_builds_power_as_the_text_does(small: PlanResult) -> None:
    """Each differing build's ``node`` in --json is what the text's "power / node" cell
    says: ``grid`` for a data centre on grid power (its plan's table has no node), not
    ``""``; the gas variant and a fab's node stay apart, and the changes still sum to
    the difference of the plans' modules."""
    import json

    import pandas as pd
    from rich.console import Console

    from tigris.cli.compare import _builds_table

    def builds(*rows: tuple[str, str, object, int, float]) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=["site", "facility", "node", "start_year", "modules"])

    a = dataclasses.replace(
        small, builds=builds(("texas-usa", "datacenter", None, 2026, 3.0),
                             ("texas-usa", "datacenter", "gas", 2026, 17.0))
    )  # fmt: skip
    b = dataclasses.replace(
        small, builds=builds(("texas-usa", "datacenter", None, 2026, 2.0),
                             ("texas-usa", "datacenter", "gas", 2026, 27.0),
                             ("taiwan", "logic", "N3", 2027, 1.0))
    )  # fmt: skip
    from tigris.runs.compare import builds_table

    c = Comparison(("A", "B"), [], pd.DataFrame(), builds_table(a, b), pd.DataFrame())
    doc = json.loads(json.dumps(c.to_dict()))
    console = Console(width=200, record=True)
    console.print(_builds_table(c))
    rows = [[x.strip() for x in ln.split("│")[1:-1]] for ln in console.export_text().splitlines()]
    text = [tuple(r[:4]) for r in rows if len(r) == 7 and r[0] in ("texas-usa", "taiwan")]
    listed = [
        (r["site"], r["facility"], r["node"], str(r["start_year"]))
        for r in doc["builds"]
        if r["change"] != 0
    ]
    assert len(text) == 3 and text == listed
    assert ("texas-usa", "datacenter", "grid", "2026") in listed
    change = sum(r["change"] for r in doc["builds"])
    assert change == b.builds["modules"].sum() - a.builds["modules"].sum()
