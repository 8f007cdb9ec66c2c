"""``tigris.compare`` and ``tigris compare``: two plans side by side.

Two small scenarios differ in one number, the investor's capital (1e9 against 3e9 USD);
with 2e7 H100e demanded in 2029 the capital binds, so the plans differ (different
sites, modules, unmet demand). Every expected value is computed here from each
result's own tables, independently of the code under test, or is an invariant
(swapping A and B negates every change; a plan against itself changes nothing).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import SMALL as BASE
from tests.conftest import assert_one_line_error, replaced, write_scenario
from tigris.plan import PlanResult, solve
from tigris.runs.compare import Comparison, compare

#: The shared small scenario with 2e7 H100e demanded in 2029 and the capital a
#: placeholder (``CAPITAL``) each file fills in.
SMALL = replaced(
    BASE,
    ("2029: 8.0e6", "2029: 2.0e7"),
    ("amount_usd: 2.0e10", "amount_usd: CAPITAL"),
)
CAPITAL_A = 1.0e9
CAPITAL_B = 3.0e9
#: The one input that differs, by the contract's path syntax (a list item by name).
CAPITAL_PATH = "capital.fund.amount_usd"
#: The tolerance of sums compared after float arithmetic in another order [-].
REL = 1e-9


def scenario_file(folder: Path, name: str, capital: float) -> Path:
    return write_scenario(folder, SMALL.replace("CAPITAL", repr(capital)), name)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("compare")
    return (
        scenario_file(folder, "less.yaml", CAPITAL_A),
        scenario_file(folder, "more.yaml", CAPITAL_B),
    )


@pytest.fixture(scope="module")
def results(files: tuple[Path, Path]) -> tuple[PlanResult, PlanResult]:
    """The two plans, solved once for the module (as compare solves them)."""
    return tuple(solve(f, explain_result=False) for f in files)  # type: ignore[return-value]


@pytest.fixture(scope="module")
def comp(results: tuple[PlanResult, PlanResult]) -> Comparison:
    return compare(*results)


def yearly(df: pd.DataFrame, col: str) -> dict[int, float]:
    """``col`` summed by year with a plain loop (not the code under test)."""
    out: dict[int, float] = defaultdict(float)
    for year, value in zip(df["year"], df[col], strict=True):
        out[int(year)] += float(value)
    return dict(out)


def modules_by_key(r: PlanResult) -> dict[tuple[str, str, int], float]:
    out: dict[tuple[str, str, int], float] = defaultdict(float)
    for row in r.builds.itertuples():
        out[(row.site, row.facility, int(row.start_year))] += float(row.modules)
    return dict(out)


def test_the_two_plans_differ(results: tuple[PlanResult, PlanResult]) -> None:
    """A precondition: otherwise the tests below could not fail."""
    ra, rb = results
    assert ra.ok and rb.ok
    assert modules_by_key(ra) != modules_by_key(rb)
    assert yearly(ra.demand, "unmet_h100e") != yearly(rb.demand, "unmet_h100e")


def test_a_plan_against_itself_changes_nothing(results: tuple[PlanResult, PlanResult]) -> None:
    r = results[0]
    c = compare(r, r)
    assert c.inputs == []
    assert c.labels[0] != c.labels[1]
    finite = c.metrics["a"].notna()
    assert (c.metrics.loc[finite, "change"] == 0).all()
    assert (c.builds["change"] == 0).all() and len(c.builds) == len(modules_by_key(r))
    for name in ("served", "unmet", "capex"):
        assert (c.by_year[f"{name}_change"] == 0).all()


def test_by_year_are_the_sums_of_each_result_s_tables(
    comp: Comparison, results: tuple[PlanResult, PlanResult]
) -> None:
    by = comp.by_year.set_index("year")
    for side, r in zip("ab", results, strict=True):
        served, unmet = yearly(r.demand, "served_h100e"), yearly(r.demand, "unmet_h100e")
        capex = yearly(r.capex, "capex_usd")
        assert sorted(by.index) == sorted(served)
        for year in served:
            assert by.loc[year, f"served_{side}"] == pytest.approx(served[year], rel=REL)
            assert by.loc[year, f"unmet_{side}"] == pytest.approx(unmet[year], rel=REL)
            assert by.loc[year, f"capex_{side}"] == pytest.approx(capex[year], rel=REL)
    assert (by["unmet_change"] == by["unmet_b"] - by["unmet_a"]).all()


def test_metrics_are_the_tables_totals(
    comp: Comparison, results: tuple[PlanResult, PlanResult]
) -> None:
    m = comp.metrics.set_index("metric")
    for side, r in zip("ab", results, strict=True):
        served = sum(yearly(r.demand, "served_h100e").values())
        unmet = sum(yearly(r.demand, "unmet_h100e").values())
        built = sum(modules_by_key(r).values())
        assert m.loc["served_h100e", side] == pytest.approx(served, rel=REL)
        assert m.loc["unmet_h100e", side] == pytest.approx(unmet, rel=REL)
        assert m.loc["modules_built", side] == pytest.approx(built, rel=REL)
    row = m.loc["unmet_h100e"]
    assert row["change"] == pytest.approx(row["b"] - row["a"], rel=REL)
    assert row["change_pct"] == pytest.approx(100 * (row["b"] - row["a"]) / row["a"], rel=REL)
    # the NPV may be negative: no percent of a base at or below zero, nor across zero
    npv = m.loc["npv_usd"]
    if npv["a"] > 0 and npv["b"] >= 0:
        assert math.copysign(1, npv["change_pct"]) == math.copysign(1, npv["change"])
    else:
        assert math.isnan(npv["change_pct"])


def test_builds_change_row_by_row(comp: Comparison, results: tuple[PlanResult, PlanResult]) -> None:
    ma, mb = (modules_by_key(r) for r in results)
    keys = sorted(set(ma) | set(mb))
    got = {(row.site, row.facility, int(row.start_year)): row for row in comp.builds.itertuples()}
    assert sorted(got) == keys
    for k in keys:
        assert got[k].modules_a == ma.get(k, 0.0)
        assert got[k].modules_b == mb.get(k, 0.0)
        assert got[k].change == mb.get(k, 0.0) - ma.get(k, 0.0)
    built = [r.headline()["numbers"]["modules_built"] for r in results]
    assert comp.builds["change"].sum() == pytest.approx(built[1] - built[0])


def test_swapping_a_and_b_negates_every_change(
    comp: Comparison, results: tuple[PlanResult, PlanResult]
) -> None:
    back = compare(results[1], results[0])
    ca, cb = comp.metrics.set_index("metric"), back.metrics.set_index("metric")
    pd.testing.assert_series_equal(cb["change"], -ca["change"])
    pd.testing.assert_series_equal(cb["a"], ca["b"], check_names=False)
    fwd = comp.builds.set_index(["site", "facility", "start_year"])["change"]
    rev = back.builds.set_index(["site", "facility", "start_year"])["change"]
    pd.testing.assert_series_equal(rev, -fwd)
    for name in ("served", "unmet", "capex"):
        col = f"{name}_change"
        pd.testing.assert_series_equal(back.by_year[col], -comp.by_year[col])


def test_nan_stays_nan_and_zero_has_no_percent() -> None:
    from tigris.runs.compare import _change_pct

    assert math.isnan(_change_pct(math.nan, 1.0))
    assert math.isnan(_change_pct(1.0, math.nan))
    assert math.isnan(_change_pct(0.0, 5.0))
    assert math.isnan(_change_pct(-4.0, -2.0))  # no percent of a negative base
    assert math.isnan(_change_pct(1.0, -3.0))  # nor across zero


def test_to_dict_is_json(comp: Comparison) -> None:
    doc = json.loads(json.dumps(comp.to_dict(), allow_nan=False))
    assert set(doc) >= {"labels", "inputs", "metrics", "builds", "by_year"}
    assert len(doc["builds"]) == len(comp.builds)
    assert {r["metric"] for r in doc["metrics"]} == set(comp.metrics["metric"])


@pytest.fixture(scope="module")
def stored(
    files: tuple[Path, Path],
    results: tuple[PlanResult, PlanResult],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[tuple[str, str], Path]:
    """The two plans written to a store of their own, with their scenarios; their ids."""
    from tigris.runs.store import RunRecord, RunStore
    from tigris.scenario.edit import load_any, to_yaml

    path = tmp_path_factory.mktemp("store") / "runs.duckdb"
    st = RunStore(path)
    ids = []
    for f, r in zip(files, results, strict=True):
        sc = load_any(f)
        rec = RunRecord(kind="plan", scenario_yaml=to_yaml(sc), scenario_name=sc.name)
        ids.append(st.add(rec, r))
    return (ids[0], ids[1]), path


def test_runs_from_the_store_compare_as_the_plans_do(
    stored: tuple[tuple[str, str], Path], comp: Comparison
) -> None:
    (ida, idb), store = stored
    again = compare(ida[:6], idb, store=store)
    assert again.labels == (ida, idb)
    assert again.inputs == [(CAPITAL_PATH, CAPITAL_A, CAPITAL_B)]
    for name in ("metrics", "builds", "by_year"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(comp, name))
    same = compare(ida, ida, store=store)
    assert same.inputs == [] and same.inputs_known
    assert (same.builds["change"] == 0).all()


def test_an_unknown_id_says_how_to_find_ids(stored: tuple[tuple[str, str], Path]) -> None:
    from tigris.errors import InputError

    _, store = stored
    with pytest.raises(InputError, match="tigris runs list"):
        compare("ffffffffffff", "ffffffffffff", store=store)


def test_scenarios_solved_here_differ_by_the_one_path_and_store_nothing_if_told(
    files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tigris.scenario.edit import load_any

    where = tmp_path / "none.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(where))
    a, b = (load_any(f) for f in files)
    comp = compare(a, b, store=False)
    assert comp.run_ids == (None, None)
    assert comp.inputs == [(CAPITAL_PATH, CAPITAL_A, CAPITAL_B)]
    assert not where.exists()


# -- the command line -------------------------------------------------------------


def test_cli_on_two_stored_runs_reports_the_changed_input_by_path(
    run_cli, stored: tuple[tuple[str, str], Path]
) -> None:
    (ida, idb), store = stored
    res = run_cli("compare", ida[:6], idb, "--store", store)
    assert res.code == 0, res.err
    assert res.err == ""
    lines = [ln for ln in res.out.splitlines() if CAPITAL_PATH in ln]
    assert len(lines) == 1, res.out
    # as scenario files write them (user test 2026-12-03, #11: not 1000000000.0)
    cells = [c.strip() for c in lines[0].split("│") if c.strip()]
    assert cells == [CAPITAL_PATH, "1e9", "3e9"], lines[0]
    for title in ("Inputs that differ (1)", "Results", "Builds that differ", "By year"):
        assert title in res.out


def test_cli_json_is_the_comparison(
    run_cli, stored: tuple[tuple[str, str], Path], comp: Comparison
) -> None:
    (ida, idb), store = stored
    res = run_cli("compare", ida, idb, "--store", store, "--json")
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["inputs"] == [{"path": CAPITAL_PATH, "a": CAPITAL_A, "b": CAPITAL_B}]
    assert doc["run_ids"] == [ida, idb]
    assert [r["metric"] for r in doc["metrics"]] == comp.metrics["metric"].tolist()
    builds = {(r["site"], r["facility"], r["start_year"]): r["change"] for r in doc["builds"]}
    assert builds == {
        (r.site, r.facility, r.start_year): r.change for r in comp.builds.itertuples()
    }
    assert [r["year"] for r in doc["by_year"]] == comp.by_year["year"].tolist()


@pytest.mark.parametrize("suffix", [".html", ".png"])
def test_cli_figure_writes_a_file(
    run_cli, stored: tuple[tuple[str, str], Path], tmp_path: Path, suffix: str
) -> None:
    (ida, idb), store = stored
    target = tmp_path / f"diff{suffix}"
    res = run_cli("compare", ida, idb, "--store", store, "--figure", target)
    assert res.code == 0, res.err
    data = target.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG")
    else:
        text = data.decode("utf-8")
        assert "<script src=" not in text  # plotly.js embedded: works offline
        assert ida in text and "Unmet" in text
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


#: Stands for a stored run's id in a parametrised argument list (the id is a fixture's).
STORED = "<stored>"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("ffffffffffff", STORED), "tigris runs list"),
        (("missing.yaml", STORED), "missing.yaml"),
        (("A1B2",), "tigris runs list"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(
    run_cli, stored: tuple[tuple[str, str], Path], args: tuple[str, ...], needle: str
) -> None:
    """One bad side is one line (two bad sides are one line each: s44 #12c)."""
    (ida, _), store = stored
    args = tuple(ida if x == STORED else x for x in args)
    res = run_cli("compare", *args, "--store", store)
    assert_one_line_error(res, needle)


def test_cli_bad_figure_suffix_is_refused_before_anything_runs(
    run_cli, stored: tuple[tuple[str, str], Path], tmp_path: Path
) -> None:
    (ida, idb), store = stored
    res = run_cli("compare", ida, idb, "--store", store, "--figure", tmp_path / "x.svg")
    assert_one_line_error(res, "--figure", ".html or .png")


def test_sweep_members_against_member_0(
    run_cli, results: tuple[PlanResult, PlanResult], tmp_path: Path, files: tuple[Path, Path]
) -> None:
    """A sweep of two members (the two capitals) stored by hand: member 1's changes
    are the plans' headline differences, member 0's are 0."""
    from tigris.runs.compare import compare_sweep
    from tigris.runs.store import RunRecord, RunStore
    from tigris.scenario.edit import load_any, to_yaml

    store = tmp_path / "sweep.duckdb"
    st = RunStore(store)
    texts = [to_yaml(load_any(f)) for f in files]
    sid = st.add_sweep(texts[0], {"sets": {CAPITAL_PATH: [CAPITAL_A, CAPITAL_B]}}, 2)
    caps = (CAPITAL_A, CAPITAL_B)
    for member, (text, r, cap) in enumerate(zip(texts, results, caps, strict=True)):
        rec = RunRecord(
            kind="sweep",
            scenario_yaml=text,
            scenario_name="small",
            sweep_id=sid,
            member=member,
            changes={CAPITAL_PATH: cap},
        )
        st.add(rec, r)
    st.finish_sweep(sid, "done")
    df = compare_sweep(sid[:6], store=store)
    assert df.attrs["sweep_id"] == sid
    assert df["member"].tolist() == [0, 1]
    assert df[CAPITAL_PATH].tolist() == [CAPITAL_A, CAPITAL_B]
    na, nb = (r.headline()["numbers"] for r in results)
    for key in ("served_h100e", "unmet_h100e", "modules_built"):
        assert df[f"{key}_change"].tolist() == pytest.approx([0.0, nb[key] - na[key]])
    res = run_cli("compare", "--sweep", sid, "--store", store)
    assert res.code == 0, res.err
    assert CAPITAL_PATH in res.out
    doc = run_cli("compare", "--sweep", sid, "--store", store, "--json").json()
    assert [m[CAPITAL_PATH] for m in doc["members"]] == [CAPITAL_A, CAPITAL_B]
    assert doc["sweep"] == sid


def test_cli_a_side_without_a_plan_is_exit_1_and_said(
    run_cli, results: tuple[PlanResult, PlanResult], files: tuple[Path, Path], tmp_path: Path
) -> None:
    """An infeasible run (no plan: numbers NaN) against a plan: compared, exit 1."""
    from tigris.runs.store import RunRecord, RunStore
    from tigris.scenario.edit import load_any, to_yaml

    store = tmp_path / "runs.duckdb"
    st = RunStore(store)
    text = to_yaml(load_any(files[0]))
    none = PlanResult("small", "infeasible", math.nan, results[0].horizon)
    ids = [
        st.add(RunRecord(kind="plan", scenario_yaml=text, scenario_name="small", status=s), r)
        for s, r in (("infeasible", none), ("optimal", results[0]))
    ]
    res = run_cli("compare", *ids, "--store", store)
    assert res.code == 1, res.err
    assert f"no plan for {ids[0]}" in res.out
    doc = run_cli("compare", *ids, "--store", store, "--json").json()
    served = next(m for m in doc["metrics"] if m["metric"] == "served_h100e")
    assert served["a"] is None and served["change"] is None and served["b"] > 0


def test_comparing_imports_no_plotting_library(stored: tuple[tuple[str, str], Path]) -> None:
    """plotly and matplotlib only when a figure is asked (contract: time-critical)."""
    import subprocess
    import sys

    (ida, idb), store = stored
    code = (
        "import sys; from tigris.runs.compare import compare; "
        f"c = compare({ida!r}, {idb!r}, store={str(store)!r}); c.to_dict(); "
        "print(sorted(m for m in ('plotly', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_options_that_differ_are_inputs_and_defaults_are_not(
    results: tuple[PlanResult, PlanResult], files: tuple[Path, Path], tmp_path: Path
) -> None:
    """Same scenario and plan stored with options written differently: only the option
    that really differs (a MIP gap given on one side only) is an input difference;
    solve()'s defaults written out (relax False, counterfactual True) and the
    explanation switch are not."""
    from tigris.runs.store import RunRecord, RunStore
    from tigris.scenario.edit import load_any, to_yaml

    st = RunStore(tmp_path / "runs.duckdb")
    text = to_yaml(load_any(files[0]))
    opts = ({"relax": False, "explain_result": True}, {"counterfactual": True, "mip_gap": 0.01})
    ids = [
        st.add(RunRecord(kind="plan", scenario_yaml=text, scenario_name="small", options=o), r)
        for o, r in zip(opts, results[:1] * 2, strict=True)
    ]
    c = compare(*ids, store=tmp_path / "runs.duckdb")
    # A's gap is the one it was solved with, its scenario's solver setting (a review of
    # 2026-12-07: it read "<absent>", and a given value equal to it read as a change)
    own = load_any(files[0]).solver.mip_gap
    assert c.inputs == [("option.mip_gap", own, 0.01)]
    assert c.to_dict()["inputs"] == [{"path": "option.mip_gap", "a": own, "b": 0.01}]


def test_cli_two_scenario_files_are_solved_stored_and_compared(
    run_cli, files: tuple[Path, Path], tmp_path: Path
) -> None:
    from tigris.runs.store import RunStore

    store = tmp_path / "runs.duckdb"
    res = run_cli("compare", *files, "--store", store, "--json")
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["labels"] == ["less.yaml", "more.yaml"]
    assert doc["inputs"] == [{"path": CAPITAL_PATH, "a": CAPITAL_A, "b": CAPITAL_B}]
    runs = RunStore(store).runs()
    assert sorted(runs["id"]) == sorted(doc["run_ids"])
    again = run_cli("compare", *doc["run_ids"], "--store", store, "--json").json()
    assert again["metrics"] == doc["metrics"] and again["by_year"] == doc["by_year"]


def test_cli_a_bad_scenario_file_runs_and_stores_nothing(
    run_cli, files: tuple[Path, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("CAPITAL", "-5"), encoding="utf-8")
    store = tmp_path / "runs.duckdb"
    res = run_cli("compare", files[0], bad, "--store", store)
    assert_one_line_error(res, "bad.yaml", "capital.0.amount_usd")
    assert not store.exists()


def test_figure_draws_the_by_year_columns(comp: Comparison) -> None:
    fig = comp.figure()
    assert len(fig.data) == 6
    for trace, col in zip(
        fig.data, [f"{n}_{s}" for n in ("served", "unmet", "capex") for s in "ab"], strict=True
    ):
        assert list(trace.y) == comp.by_year[col].tolist()
        assert list(trace.x) == comp.by_year["year"].tolist()


def test_cli_a_store_that_is_no_file_is_refused_before_solving(
    run_cli, files: tuple[Path, Path], tmp_path: Path
) -> None:
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # opening it would block forever
    res = run_cli("compare", *files, "--store", fifo)
    assert_one_line_error(res, "--store", "not a regular file")


def test_runs_stored_by_tigris_plan_compare_by_path(
    run_cli, files: tuple[Path, Path], tmp_path: Path
) -> None:
    """The issue's must-show, end to end through the real verbs: two `tigris plan` runs,
    their ids from `tigris runs list --json`, `tigris compare` names the changed input."""
    store = tmp_path / "runs.duckdb"
    for f in files:
        assert run_cli("plan", f, "--store", store, "--json").code == 0
    listed = run_cli("runs", "list", "--store", store, "--json").json()
    rows = listed["runs"] if isinstance(listed, dict) else listed
    newest, oldest = (r["id"] for r in rows)  # newest first: more.yaml, then less.yaml
    res = run_cli("compare", oldest[:8], newest[:8], "--store", store, "--json")
    assert res.code == 0, res.err
    assert res.json()["inputs"] == [{"path": CAPITAL_PATH, "a": CAPITAL_A, "b": CAPITAL_B}]


def _builds(*rows: tuple[str, str, str, int, int]) -> pd.DataFrame:
    """A plan's ``builds`` table with the columns the comparison reads."""
    return pd.DataFrame(rows, columns=["site", "facility", "node", "start_year", "modules"])


#: The user test's case (defect 5): A builds 3 grid + 17 gas data-centre modules in
#: texas-usa in 2026, B 2 grid + 27 gas; B's plan also has a logic fab A lacks.
GRID_GAS_A = _builds(
    ("texas-usa", "datacenter", "", 2026, 3), ("texas-usa", "datacenter", "gas", 2026, 17)
)
GRID_GAS_B = _builds(
    ("texas-usa", "datacenter", "", 2026, 2),
    ("texas-usa", "datacenter", "gas", 2026, 27),
    ("taiwan", "logic", "N3", 2027, 1),
)


def test_grid_and_gas_data_centre_builds_stay_apart_in_the_diff_text_and_json() -> None:
    """Each (site, facility, power variant, year) row of the plans' builds tables is
    one row of the diff, with the modules the tables give; the text and --json say
    which row is grid and which gas (merged, A 20 / B 29 hides one fewer grid module)."""
    from types import SimpleNamespace

    from rich.console import Console

    from tigris.cli.compare import _builds_table
    from tigris.runs.compare import builds_table

    ra, rb = (
        SimpleNamespace(builds=GRID_GAS_A, ok=True),
        SimpleNamespace(builds=GRID_GAS_B, ok=True),
    )
    diff = builds_table(ra, rb)  # type: ignore[arg-type]
    want = {  # (site, facility, node, year): (A, B), read off the two tables above
        ("texas-usa", "datacenter", "grid", 2026): (3.0, 2.0),  # named as the text names it
        ("texas-usa", "datacenter", "gas", 2026): (17.0, 27.0),
        ("taiwan", "logic", "N3", 2027): (0.0, 1.0),
    }
    got = {
        (r.site, r.facility, r.node, int(r.start_year)): (r.modules_a, r.modules_b)
        for r in diff.itertuples()
    }
    assert got == want
    assert (diff["change"] == diff["modules_b"] - diff["modules_a"]).all()
    doc = json.loads(
        json.dumps(
            Comparison(("A", "B"), [], pd.DataFrame(), diff, pd.DataFrame()).to_dict(),
            allow_nan=False,
        )
    )
    assert {(b["node"], b["modules_a"], b["modules_b"]) for b in doc["builds"]} == {
        (node, a, b) for (_, _, node, _), (a, b) in want.items()
    }
    console = Console(width=200, record=True)
    console.print(_builds_table(SimpleNamespace(builds=diff, planned=(True, True))))  # type: ignore[arg-type]
    text = console.export_text()
    rows = [[c.strip() for c in ln.split("│") if c.strip()] for ln in text.splitlines()]
    shown = {tuple(r[2:]) for r in rows if len(r) == 7 and r[0] == "texas-usa"}
    assert shown == {("grid", "2026", "3", "2", "-1"), ("gas", "2026", "17", "27", "+10")}


def test_a_solver_residue_is_no_change_in_metrics_or_sweeps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two plans that serve the same compute up to two float ulps (the user test's
    '1,249.89M (-4.768e-07)') change by 0; a real difference of 100 H100e (8e-8 of the
    total, above the 1e-9 residue share) stays."""
    from types import SimpleNamespace

    import numpy as np

    import tigris.runs.compare as rc

    served = 1.24989e9
    noisy = float(np.nextafter(np.nextafter(served, 0.0), 0.0))
    assert noisy != served  # a precondition: otherwise this could not fail

    def plan(x: float) -> SimpleNamespace:
        return SimpleNamespace(
            headline=lambda: {"numbers": {"served_h100e": x}}, ok=True, objective="serve"
        )

    m = rc.metrics_table(plan(served), plan(noisy)).set_index("metric")  # type: ignore[arg-type]
    assert m.loc["served_h100e", "change"] == 0.0
    assert m.loc["served_h100e", "change_pct"] == 0.0
    m = rc.metrics_table(plan(served), plan(served + 100.0)).set_index("metric")  # type: ignore[arg-type]
    assert m.loc["served_h100e", "change"] == 100.0

    keys = [k for k, _ in rc.metric_specs()]
    values = {"a": served, "b": noisy, "c": served - 100.0}
    runs = pd.DataFrame(
        [
            {"id": rid, "member": i, "status": "optimal", "error": None, "served_h100e": v}
            for i, (rid, v) in enumerate(values.items())
        ]
    )

    class Store:  # the three calls compare_sweep makes of a store
        def resolve_sweep(self, sid: str) -> str:
            return sid

        def runs(self, sweep_id: str) -> pd.DataFrame:
            return runs

        def record(self, rid: str) -> dict:
            return {"changes": {"discount_rate": rid}}

    monkeypatch.setattr(rc, "_existing_store", lambda store: Store())
    df = rc.compare_sweep("s")
    assert df["served_h100e_change"].tolist() == [0.0, 0.0, -100.0]
    assert set(keys) >= {"served_h100e"}


def test_builds_with_no_node_read_back_or_stored_before_the_column_still_pair_up() -> None:
    """A plan read back from ``--out`` CSVs has NaN (a stored one may have None) where a
    data centre on grid power has no node, and a table without the column at all has
    no variant: each is the grid row ``""`` and pairs with the other side's ``""`` row.
    Dropped, pandas' groupby would lose those rows (NaN keys) or raise (no column)."""
    from types import SimpleNamespace

    from tigris.runs.compare import builds_table

    a = GRID_GAS_A.assign(node=[math.nan, "gas"])  # as read from builds.csv
    b = GRID_GAS_B.assign(node=[None, "gas", "N3"])
    diff = builds_table(SimpleNamespace(builds=a, ok=True), SimpleNamespace(builds=b, ok=True))  # type: ignore[arg-type]
    got = {(r.node, int(r.start_year)): (r.modules_a, r.modules_b) for r in diff.itertuples()}
    assert got == {
        ("grid", 2026): (3.0, 2.0), ("gas", 2026): (17.0, 27.0), ("N3", 2027): (0.0, 1.0)
    }  # fmt: skip
    old = _builds(("texas-usa", "datacenter", "", 2026, 20)).drop(columns="node")
    diff = builds_table(SimpleNamespace(builds=old, ok=True), SimpleNamespace(builds=b, ok=True))  # type: ignore[arg-type]
    got = {(r.node, int(r.start_year)): (r.modules_a, r.modules_b) for r in diff.itertuples()}
    assert got == {
        ("grid", 2026): (20.0, 2.0), ("gas", 2026): (0.0, 27.0), ("N3", 2027): (0.0, 1.0)
    }  # fmt: skip
    assert diff["change"].sum() == b["modules"].sum() - 20


def test_a_run_whose_stored_scenario_a_later_check_refuses_still_compares(
    stored: tuple[tuple[str, str], Path], comp: Comparison, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run stored before a check was tightened (the fifth session's horizon past the
    roadmap) is a record of what was run: it compares from its stored result, its
    scenario read by the schema alone, and the inputs still differ by the one path."""
    import tigris.scenario.edit as edit
    from tigris.errors import InputError

    def refused(text: object) -> object:
        raise InputError("2040 is after 2035", field="horizon.last_year")

    (ida, idb), store = stored
    monkeypatch.setattr(edit, "load_any", refused)
    again = compare(ida, idb, store=store)
    assert again.inputs == [(CAPITAL_PATH, CAPITAL_A, CAPITAL_B)]
    pd.testing.assert_frame_equal(again.metrics, comp.metrics)
