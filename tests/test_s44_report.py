"""User test of the report, hindcast, catalog and runs verbs, 2026-12-05 (stop 43).

#1: with a plan that re-times compute, the report's "added by the investor" by year was
with - without (-32.3M H100e in a year) where ``tigris plan`` gives the investor's own
and a re-timed column. #5: an infeasible plan's report said the world without the
investor was not solved, though it was. #7: a sweep id missing from a store of runs
said the store was empty.
"""

from __future__ import annotations

import pytest


def test_the_reports_added_column_is_the_investors_own_with_re_timing_apart() -> None:
    """User test 2026-12-05 (report #1): with a plan that re-times compute, the
    report's table-adds-year printed with - without as "added by the investor" (-32.3M
    H100e in a year) where `tigris plan` prints the investor's own (never negative) and
    a re-timed column. The report's columns are the added section's by-year columns
    (summary.added_columns), in millions as printed. Split by hand: d = (-2, 0, 5) M,
    P = 5, N = 2, own = 3 in the last year, re-timed (-2, 0, 2)."""
    import dataclasses
    import re

    import numpy as np

    from tests.test_s35_inservice import installed_problem
    from tigris.plan.solve import solve_inputs
    from tigris.plan.summary import retiming_rows
    from tigris.report.html import _investor_html
    from tigris.report.result import report_tables

    inp, said = installed_problem()
    r = report_tables(solve_inputs(inp, assumptions=said, explain_result=False))
    years = list(range(r.horizon[0], r.horizon[1] + 1))
    net = np.zeros(len(years))
    net[0], net[-1] = -2e6, 5e6
    new, ret = retiming_rows(net)
    added = {
        **r.added,
        "h100e_by_year": dict(zip(years, net, strict=True)),
        "new_h100e_by_year": dict(zip(years, new, strict=True)),
        "retimed_h100e_by_year": dict(zip(years, ret, strict=True)),
        "retimed_h100e": float(np.abs(ret).sum() / 2),
        "fewer_h100e": 0.0,
    }
    page = _investor_html(dataclasses.replace(r, added=added))
    table = page[page.index('id="table-adds-year"') :]
    head = table[: table.index("</thead>")]
    assert "added by the investor [million H100e]" in head
    assert "re-timed between years [million H100e]" in head
    row = table[: table.index("</tr>", table.index("<tbody"))]
    first = re.findall(r'data-value="([^"]+)"', row)
    assert [float(x) for x in first[-2:]] == [new[0], ret[0]] == [0.0, -2e6]


def test_a_report_of_a_plan_without_solution_says_so_not_that_the_baseline_was_unsolved() -> None:
    """User test 2026-12-05 (report #5): an infeasible plan's supply figure said "the
    world without the investor was not solved" though it was (baseline_status
    optimal); the note and the section say the plan has no solution."""
    import dataclasses

    from tests.test_s35_inservice import installed_problem
    from tigris.plan.solve import solve_inputs
    from tigris.report.html import _supply_html
    from tigris.report.plotly_figs import NO_SPLIT_NOTE, no_split_note
    from tigris.report.result import report_tables

    inp, said = installed_problem()
    r = report_tables(solve_inputs(inp, assumptions=said, explain_result=False))
    none = dataclasses.replace(r, status="infeasible", supply_by_source=None)
    assert no_split_note(none) == "no split by source: the plan has no solution (status infeasible)"
    assert "The plan has no solution (status infeasible)" in _supply_html(none)
    solved = dataclasses.replace(r, supply_by_source=None)
    assert no_split_note(solved) == NO_SPLIT_NOTE


def test_a_missing_sweep_in_a_store_of_runs_is_not_called_empty(tmp_path) -> None:
    """User test 2026-12-05 (report #7): ``runs list --sweep abcd`` on a store of runs
    and no sweep said "(it is empty)"."""
    from tests.test_runs_store import record
    from tigris.errors import InputError
    from tigris.runs.store import RunStore

    store = RunStore(tmp_path / "runs.duckdb")
    store.add(record())
    with pytest.raises(InputError, match=r"it holds no sweep, and 1 runs"):
        store.resolve_sweep("abcd")
    with pytest.raises(InputError, match=r"\(it is empty\)"):
        RunStore(tmp_path / "other.duckdb").resolve_sweep("abcd")


def test_runs_rm_of_one_run_named_twice_lists_it_once(run_cli, tmp_path) -> None:
    """User test 2026-12-05 (report #10): ``runs rm ID-PREFIX ID --json`` said
    "removed": 1 with the id listed twice."""
    from tests.test_runs_store import record
    from tigris.runs.store import RunStore

    path = tmp_path / "runs.duckdb"
    run_id = RunStore(path).add(record())
    doc = run_cli("runs", "rm", run_id[:6], run_id, "--store", path, "--json").json()
    assert doc["removed"] == len(doc["ids"]) == 1 and doc["ids"] == [run_id]


def test_runs_list_says_n_a_for_an_infeasible_runs_served_and_unmet(run_cli, tmp_path) -> None:
    """User test 2026-12-05 (report #7): the list showed "–" for a run with no plan,
    where docs/runs.md and its caption say n/a."""
    from tests.test_runs_store import record
    from tigris.runs.store import RunStore

    path = tmp_path / "runs.duckdb"
    RunStore(path).add(record(status="infeasible"))
    out = run_cli("runs", "list", "--store", path).out
    lines = out.splitlines()
    # the status under the scenario's key, the numbers on the row's first line (since
    # s49 #4 each run takes two lines at 80 columns)
    at = next(i for i, ln in enumerate(lines) if "[infeasible" in ln)
    row = lines[at - 1] if lines[at].split()[-1] == "[infeasible]" else lines[at]
    cells = row.split()
    assert cells[2:4] == ["n/a", "n/a"], row  # served, unmet (after id and key)
