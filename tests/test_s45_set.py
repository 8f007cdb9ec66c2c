"""``tigris plan --set``: its refusals and its provenance marks (user test s45).

A refused value is one line naming ``--set`` and the path, echoing the value as the
user typed it and saying what is wrong with it (not a YAML parser's ``<text>:1``, not
"write numbers without quotes" for a value written without quotes). Every value set on
the command line is said to be so in plan.json's ``assumptions``, on the rows that use
it and on no other row.
"""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_line_error

#: (what the user typed after --set, what the one error line must say, what it must not)
REFUSED = [
    # a flow value YAML cannot read: --set and the field named, what was expected said
    (
        "sites.texas-usa.max_modules=[1",
        ("--set", "sites.texas-usa.max_modules=[1:", "expected"),
        ("<text>",),
    ),
    # unquoted, so "without quotes" is no advice; hexadecimal is not a decimal number
    (
        "sites.texas-usa.max_modules=0x10",
        ("--set", "sites.texas-usa.max_modules=0x10:", "not a decimal number"),
        ("without quotes",),
    ),
    # YAML's NaN is no number a scenario takes: not finite
    (
        "discount_rate=.nan",
        ("--set", "discount_rate=.nan:", "not a finite number"),
        ("without quotes",),
    ),
    # beyond the largest float: echoed as typed, not as Infinity
    (
        "discount_rate=1e400",
        ("--set", "discount_rate=1e400:", "not a finite number"),
        ("Infinity", "inf"),
    ),
    # a float where an integer is expected: echoed as typed, not as 1000000000(.0)
    (
        "sites.texas-usa.max_modules=1e9",
        ("--set", "sites.texas-usa.max_modules=1e9:", "expected an integer"),
        ("1000000000",),
    ),
]


@pytest.mark.parametrize(("typed", "said", "unsaid"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_value_is_named_as_typed(run_cli, typed, said, unsaid) -> None:
    res = run_cli("plan", "--no-store", "--set", typed)
    assert_one_line_error(res, *said)
    for text in unsaid:
        assert text not in res.err, (text, res.err)


def test_a_quoted_number_still_says_to_drop_the_quotes(run_cli) -> None:
    """The advice stays where it is true: the user quoted the number."""
    res = run_cli("plan", "--no-store", "--set", 'discount_rate="0.1"')
    assert_one_line_error(res, "--set", "discount_rate=", "without quotes")


# --------------------------------------------------------------------------- marks

#: Values set in one plan, each of a kind the user test found unmarked or mismarked:
#: scenario fields of the data centres' block (its source is the capacity tables'), a
#: demand class's priority (its source is the class's, printed on its calibrated
#: share), the supply baseline, a grid cell with no --data, and a chip-table cell no
#: other row names.
SETS = {
    "datacenters.gas_mw_per_year_max": "1000",
    "datacenters.electricity_price_multiplier": "1.5",
    "demand.inference.priority": "2.5",
    "supply.baseline": "conservative",
    "data.grid.usa.grid_lead_months": "72",
    "nodes.N3.d0_per_cm2": "0.12",
}
#: The row each scenario value has in the key assumptions, beside its path's own.
OWN_ROWS = {
    "datacenters.gas_mw_per_year_max": "datacenter: on-site gas MW commissioned a year, at most",
    "datacenters.electricity_price_multiplier": "datacenter: electricity price multiplier",
    "demand.inference.priority": "demand inference: priority",
    "supply.baseline": "existing supply: incumbent baseline",
    "data.grid.usa.grid_lead_months": "grid connection lead time usa",
}


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> list[dict]:
    import json

    from tigris.cli import main

    out = tmp_path_factory.mktemp("s45") / "run"
    args = ["plan", "--no-store", "--out", str(out)]
    for path, value in SETS.items():
        args += ["--set", f"{path}={value}"]
    assert main(args) == 0
    return json.loads((out / "plan.json").read_text(encoding="utf-8"))["assumptions"]


def _mark(path: str) -> str:
    return f"set on the command line (--set {path}={SETS[path]}); was "


@pytest.mark.parametrize("path", list(SETS))
def test_every_value_set_has_a_command_line_row(marked, path) -> None:
    """docs/plan.md: each value set gets the source 'set on the command line (--set
    ...); was ... from: ...', dated 'command line'."""
    rows = [r for r in marked if _mark(path) in str(r["source"])]
    assert rows, path
    assert all(r["as_of"] == "command line" for r in rows), rows
    assert all(str(r["source"]).startswith("set on the command line") for r in rows), rows


@pytest.mark.parametrize("path", list(OWN_ROWS))
def test_the_values_own_row_says_it_was_set(marked, path) -> None:
    """The row that prints the value cites the command line, not the scenario, the
    table or a --data file the user never gave."""
    (row,) = [r for r in marked if r["parameter"] == OWN_ROWS[path]]
    assert str(row["source"]).startswith(_mark(path)), row
    assert row["as_of"] == "command line", row
    assert "--data" not in str(row["source"]), row


def test_a_mark_is_on_no_row_that_does_not_use_the_value(marked) -> None:
    """The calibrated share is not the priority; the grid's emission factor is not
    its lead time: neither row says it was set, and each keeps its own date."""
    rows = {r["parameter"]: r for r in marked}
    share = rows["demand inference: calibrated share"]
    assert "set on the command line" not in str(share["source"]), share
    assert share["as_of"] != "command line"
    factor = rows["emission factor: grid usa"]
    assert "set on the command line" not in str(factor["source"]), factor
    assert "--set" not in str(factor["source"]), factor
    assert str(factor["source"]).startswith("data/grid.csv usa"), factor
    assert factor["as_of"] != "command line"


def test_a_cell_no_other_row_names_is_said_with_the_value_it_replaced(marked) -> None:
    """nodes.N3.d0_per_cm2 moves every N3 chip's wafers but has no row of its own:
    its row quotes the value set and the shipped table's (data/nodes.csv)."""
    from tigris.data import load_rows, using_overlay

    with using_overlay(None):
        (n3,) = [r for r in load_rows("nodes") if str(r["node"]) == "N3"]
    (row,) = [r for r in marked if r["parameter"] == "nodes.N3.d0_per_cm2"]
    assert row["value"] == pytest.approx(0.12)
    assert row["source"] == (
        f"{_mark('nodes.N3.d0_per_cm2')}{float(n3['d0_per_cm2']):g} from: data/nodes.csv"
    )


def test_a_cell_over_the_users_data_quotes_its_value_and_marks_no_other_column(
    run_cli, tmp_path
) -> None:
    """Over a --data entry of the same row: the lead time's row says it was set and
    what the --data file held; the emission factor, from the same entry, does not."""
    import json

    data = tmp_path / "lead.yaml"
    data.write_text(
        "grid:\n  - region: usa\n    grid_lead_months: 60\n"
        "    source: test, a 60-month lead\n    as_of: 2026-12\n",
        encoding="utf-8",
    )
    out = tmp_path / "run"
    args = ["--data", data, "--set", "data.grid.usa.grid_lead_months=72", "--out", out]
    res = run_cli("plan", "--no-store", *args)
    assert res.code == 0, res.err
    rows = json.loads((out / "plan.json").read_text(encoding="utf-8"))["assumptions"]
    rows = {r["parameter"]: r for r in rows}
    lead = rows["grid connection lead time usa"]
    assert lead["value"] == 72
    assert lead["source"].startswith(
        "set on the command line (--set data.grid.usa.grid_lead_months=72); was 60 from: --data"
    )
    factor = rows["emission factor: grid usa"]
    assert "set on the command line" not in factor["source"], factor
    assert "--set" not in factor["source"], factor


def test_a_cell_set_again_on_a_repeated_run_was_that_runs_value(run_cli, tmp_path) -> None:
    """Review of 2026-12-05: ``--from-run RUN --set CELL=V2`` on a run that had set
    ``CELL=V1`` said "was <the shipped value>"; a scenario value set again says the
    run's. The shipped value comes from data/nodes.csv, never from tigris's output."""
    from tests.conftest import data_table

    small = "docs/examples/small-plan.yaml"
    store = tmp_path / "runs.duckdb"
    path = "nodes.N4.d0_per_cm2"
    shipped = next(r["d0_per_cm2"] for r in data_table("nodes") if r["node"] == "N4")
    first = run_cli("plan", small, "--set", f"{path}=0.12", "--store", store, "--json")
    assert first.code == 0, first.err
    (row,) = [a for a in first.json()["assumptions"] if a["parameter"] == path]
    assert f"was {float(shipped):g} from: data/nodes.csv" in row["source"], row["source"]
    from tigris.runs.store import RunStore

    (rid,) = list(RunStore(store).runs()["id"])
    again = run_cli("plan", "--from-run", rid, "--store", store, "--no-store",
                    "--set", f"{path}=0.15", "--json")  # fmt: skip
    assert again.code == 0, again.err
    (row,) = [a for a in again.json()["assumptions"] if a["parameter"] == path]
    assert f"(--set {path}=0.15); was 0.12 from: set on the command line" in row["source"]
