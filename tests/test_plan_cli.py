"""``tigris plan`` and ``tigris scenario`` through the real entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import (
    JAPANESE_CLASS,
    SMALL,
    CliResult,
    assert_one_line_error,
    write_scenario,
)
from tigris.plan import PlanResult
from tigris.plan.result import SAVED_COLUMNS, TABLE_COLUMNS


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_scenario(tmp_path, SMALL, "small.yaml")


@pytest.fixture(scope="module")
def small_summary(tmp_path_factory: pytest.TempPathFactory) -> CliResult:
    """``tigris plan small.yaml`` (the summary for people), run once for the module in
    this process, stdout and stderr captured."""
    import contextlib
    import io

    from tigris.cli import main

    path = write_scenario(tmp_path_factory.mktemp("plan-cli"), SMALL, "small.yaml")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["plan", str(path)])
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def reference_json(reference_plan_json: str) -> dict:
    """The reference plan as ``tigris plan --json`` prints it (run once per session by
    tests/conftest.py, exit code 0 asserted there)."""
    return json.loads(reference_plan_json)


def test_reference_plan_json_follows_the_contract(reference_json: dict) -> None:
    doc = reference_json
    assert doc["status"] == "optimal"
    assert doc["horizon"] == [2026, 2035]  # the current year on: 2023-2025 are history
    for name, cols in TABLE_COLUMNS.items():
        assert doc[name], name
        assert set(cols) <= set(doc[name][0]), name
    assert all({"kind", "year", "text"} <= set(e) for e in doc["binding"])
    for section in ("baseline", "added"):
        assert set(doc[section]["h100e_by_year"]) == {str(y) for y in range(2026, 2036)}


def test_reference_plan_is_consistent_with_its_story(reference_json: dict) -> None:
    """Checks against the scenario's own limits, not against earlier output.

    - money drawn from investors never exceeds the $40B offered;
    - every module produces only after construction (online > start);
    - nothing started in 2026 produces in 2026, so 2026 shortage is a lead-time story;
    - served compute never exceeds demand;
    - the investor never takes compute away (``added`` >= 0 every year), and what it
      adds is what the plan serves beyond the world without it.
    """
    doc = reference_json
    drawn = sum(r["capex_usd"] for r in doc["capex"] if r["source"] != "subsidy")
    offered = sum(r["available_usd"] for r in doc["capital"])
    assert drawn <= offered * (1 + 1e-9)
    assert offered == pytest.approx(40e9)
    assert all(b["online_year"] > b["start_year"] for b in doc["builds"])
    short_2026 = sum(r["unmet_h100e"] for r in doc["demand"] if r["year"] == 2026)
    if short_2026 > 1:
        assert any(e["kind"] == "lead_time" and e["year"] == 2026 for e in doc["binding"])
    assert all(r["served_h100e"] <= r["demand_h100e"] * (1 + 1e-9) for r in doc["demand"])
    added = list(doc["added"]["h100e_by_year"].values())
    base = list(doc["baseline"]["h100e_by_year"].values())
    assert min(added) >= -1e-6 * max(1.0, max(added))
    served = sum(r["served_h100e"] for r in doc["demand"])
    assert served == pytest.approx(sum(base) + sum(added), rel=1e-6)


def test_human_summary_fits_the_questions(small_summary: CliResult) -> None:
    res = small_summary
    assert res.code == 0, res.err
    for heading in ("What to build", "Money by year", "Compute delivered", "What stays short"):
        assert heading in res.out
    assert "Traceback" not in res.err


def test_summary_leads_with_the_plan_and_prints_money_in_words(small_summary: CliResult) -> None:
    """What the plan builds, spends and serves comes before the objective, which is
    labelled and split; money prints as $18.1B, never in exponent form (1.814e+10)."""
    import re

    res = small_summary
    assert res.code == 0, res.err
    out = " ".join(res.out.split())  # undo the terminal's line wrapping
    starts, spends, serves = out.find("Starts "), out.find("Spends "), out.find("Serves ")
    objective = out.find("Objective (serve: cost + unmet penalty): ")
    # cost, NPV, IRR, capital spent and H100e added first (issue 11)
    key = out.find("Money: Cost $")
    assert -1 < key < starts < spends < serves < objective < out.find("What to build")
    assert "unmet-demand penalty" in out and "NPV" in out[key:starts]
    assert not re.search(r"\d[eE][+-]?\d", res.out), res.out
    # every amount in the money table is in dollars with a B or M suffix
    money_rows = res.out.split("Money by year")[1].split("Compute delivered")[0]
    money_rows = money_rows.split("Power by year")[0]  # the power table follows the money
    rows = [ln.strip("│ ").split("│") for ln in money_rows.splitlines() if ln.startswith("│")]
    amounts = [c.strip() for row in rows for c in row[1:]]
    assert amounts and all(re.fullmatch(r"\$[\d,.]+[BM]?", c) for c in amounts), amounts


def test_out_dir_round_trips(run_cli, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "result"
    res = run_cli("plan", small, "--out", out, "--json")
    assert res.code == 0, res.err
    doc = res.json()
    back = PlanResult.read(out)
    assert back.status == doc["status"]
    assert back.objective_usd == pytest.approx(doc["objective_usd"])
    assert back.horizon == (2026, 2029)
    assert len(back.builds) == len(doc["builds"])
    assert back.demand["unmet_h100e"].sum() == pytest.approx(
        sum(r["unmet_h100e"] for r in doc["demand"])
    )
    assert [e.text for e in back.binding] == [e["text"] for e in doc["binding"]]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{n}.csv" for n in SAVED_COLUMNS if n != "assumptions"]  # subsidies.csv too
        + ["plan.json", "scenario.yaml", "run.json"]  # the last two to repeat it (docs/runs.md)
    )


def test_relax_gives_fractional_modules_and_a_lower_bound(run_cli, small: Path) -> None:
    """The LP relaxation's objective is a lower bound on the MILP's."""
    milp = run_cli("plan", small, "--json", "--mip-gap", "0").json()
    lp = run_cli("plan", small, "--json", "--relax").json()
    assert lp["relaxed"] is True
    assert lp["objective_usd"] <= milp["objective_usd"] * (1 + 1e-9)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--time-limit", "0"), "--time-limit"),
        (("--mip-gap", "1.5"), "--mip-gap"),
        (("no-such-file.yaml",), "file not found"),
    ],
)
def test_bad_input_is_one_line(run_cli, args: tuple[str, ...], needle: str) -> None:
    assert_one_line_error(run_cli("plan", *args), needle)


def test_bad_scenario_lists_every_problem(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = SMALL.replace("priority: 2", "priorty: 2").replace("name: japan", "name: japn")
    path.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", path)
    assert res.code == 2
    lines = res.err.strip().splitlines()
    assert any(
        ":10: demand.0.priorty: unknown field (did you mean 'priority'?)" in ln for ln in lines
    )
    assert any(
        ":29: sites.1.name: unknown site 'japn' (did you mean 'japan'?)" in ln for ln in lines
    )
    assert "Traceback" not in res.err
    assert res.out == ""


def test_scenario_check_counts_in_words(run_cli, tmp_path: Path) -> None:
    """'1 demand classes, 1 products, 1 sites' read as a slip; one of each is singular."""
    path = tmp_path / "one.yaml"
    one = SMALL.replace("  - name: japan\n", "").replace("  - kind: cowos\n", "")
    one = one.replace("  - kind: hbm\n", "")
    i, j = one.index("  - name: fine-tuning"), one.index("products:")
    path.write_text(one[:i] + one[j:], encoding="utf-8")
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    out = " ".join(res.out.split())
    assert "1 demand class, 1 product, 1 site, 1 facility type," in out, out
    out = " ".join(run_cli("scenario", "check", small_path(tmp_path)).out.split())
    assert "2 demand classes, 1 product, 2 sites, 3 facility types," in out, out


def small_path(tmp_path: Path) -> Path:
    """The SMALL scenario as a file (for tests that need it beside another)."""
    return write_scenario(tmp_path, SMALL, "small.yaml")


def test_scenario_check_ok(run_cli, small: Path) -> None:
    res = run_cli("scenario", "check", small, "--json")
    assert res.code == 0
    assert res.json()["valid"] is True
    assert res.json()["sites"] == 2


def test_scenario_show_is_the_reference(run_cli, tmp_path: Path) -> None:
    """The printed reference is the world-layer one, and checking the printed file
    counts the roadmap's products for its horizon (not the word 'roadmap')."""
    from tigris.world.roadmap import roadmap_products

    res = run_cli("scenario", "show")
    assert res.code == 0
    doc = yaml.safe_load(res.out)
    assert doc["name"] == "reference"
    assert doc["products"] == "roadmap" and doc["supply"]["baseline"] == "announced"
    assert run_cli("scenario", "show", "--json").json()["name"] == "reference"
    path = tmp_path / "ref.yaml"
    path.write_text(res.out, encoding="utf-8")
    info = run_cli("scenario", "check", path, "--json").json()
    assert info["products"] == len(roadmap_products(2026, 2035)) > 1


def test_help_gives_units(run_cli) -> None:
    res = run_cli("plan", "--help")
    assert res.code == 0
    for flag in ("--time-limit", "--mip-gap", "--relax", "--out", "--report", "--png"):
        assert flag in res.out
    assert "[s]" in res.out and "[-" in res.out


def test_help_says_the_output_leads_with_what_the_investor_adds(run_cli) -> None:
    """The headline is the comparison with the world without the investor (issue 10)."""
    res = run_cli("plan", "--help")
    text = " ".join(res.out.replace("│", " ").split())
    assert "without the investor" in text
    assert "what the investor adds" in text


TIGRIS = shutil.which("tigris") or ""


@pytest.mark.skipif(not TIGRIS, reason="console script not on PATH")
def test_json_stdout_is_one_document_even_with_the_solver_banner(small: Path) -> None:
    """HiGHS prints a banner from C; it must not reach stdout under --json."""
    proc = subprocess.run(
        [TIGRIS, "plan", str(small), "--json"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["scenario_name"] == "small"
    assert "HiGHS" not in proc.stdout


@pytest.mark.slow
def test_report_flags_write_files(run_cli, small: Path, tmp_path: Path) -> None:
    """--report and --png hand the result to the report layer (issue 6). Slow (every
    PNG drawn): the default run checks the same flags on the same scenario in
    tests/test_report_reference.py (``plan small.yaml --out --report --png --json``)."""
    pytest.importorskip("tigris.report")
    html, png = tmp_path / "plan.html", tmp_path / "png"
    res = run_cli("plan", small, "--report", html, "--png", png)
    assert res.code == 0, res.err
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert any(p.suffix == ".png" for p in png.iterdir())


def test_reading_a_missing_result_dir_is_an_input_error(tmp_path: Path) -> None:
    from tigris.errors import InputError

    with pytest.raises(InputError, match="tigris plan --out"):
        PlanResult.read(tmp_path)


def test_infeasible_scenario_is_explained_in_words_not_dumped(
    run_cli, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Japan must host 3 modules but $1B buys none: the plan says so in words, and the
    deletion filter's infeasible LP solves leave no solver status dump on stderr (linopy
    logs one per solve as a warning; pytest captures logging, so check the records)."""
    path = tmp_path / "infeasible.yaml"
    text = SMALL.replace("  - name: japan\n", "  - name: japan\n    min_modules: 3\n")
    path.write_text(text.replace("amount_usd: 2.0e10", "amount_usd: 1.0e9"), encoding="utf-8")
    res = run_cli("plan", path)
    assert res.code == 1, res.err  # no plan: the outcome is printed, the exit code says so
    assert "infeasible" in res.out
    assert "No plan meets the commitments at japan (3)" in " ".join(res.out.split())
    assert "relaxing capital" in " ".join(res.out.split())
    assert "Optimization potentially failed" not in res.err
    dumps = [r for r in caplog.records if r.name.startswith("linopy") and r.levelname == "WARNING"]
    assert not dumps, [r.getMessage()[:80] for r in dumps]


def test_infeasible_plan_json_still_reports_the_demand_it_was_given(
    run_cli, tmp_path: Path, small: Path
) -> None:
    """Demand is an input: with no plan, ``--json`` still reports it (the same numbers as
    the feasible scenario with the same demand block; 2026 = 4.0e6 training + 1.0e6
    fine-tuning as written in the file), while served and unmet, a plan's outcome, are
    null (docs/plan.md)."""
    path = tmp_path / "infeasible.yaml"
    text = SMALL.replace("  - name: japan\n", "  - name: japan\n    min_modules: 3\n")
    path.write_text(text.replace("amount_usd: 2.0e10", "amount_usd: 1.0e9"), encoding="utf-8")
    res = run_cli("plan", path, "--json")
    assert res.code == 1, res.err
    doc = json.loads(res.out)
    assert doc["status"] == "infeasible"
    feasible = run_cli("plan", small, "--json").json()
    assert feasible["status"] == "optimal"

    def demand(d: dict) -> dict:
        return {(r["year"], r["demand_class"]): r["demand_h100e"] for r in d["demand"]}

    assert demand(doc) == demand(feasible)
    assert demand(doc)[(2026, "training")] == 4.0e6
    assert demand(doc)[(2026, "fine-tuning")] == 1.0e6
    assert len(doc["demand"]) == 2 * 4  # two classes x 2026-2029
    assert all(r["served_h100e"] is None and r["unmet_h100e"] is None for r in doc["demand"])
    total = sum(r["demand_h100e"] for r in doc["demand"])
    assert doc["summary"]["demand_h100e"] == pytest.approx(total, rel=1e-12)
    assert total == pytest.approx(feasible["summary"]["demand_h100e"], rel=1e-12)
    assert doc["summary"]["served_h100e"] is None
    assert doc["summary"]["unmet_h100e"] is None
    # written and read back: the demand survives, served and unmet stay missing
    out = tmp_path / "out"
    assert run_cli("plan", path, "--out", out).code == 1
    back = PlanResult.read(out)
    assert back.demand["demand_h100e"].sum() == pytest.approx(total, rel=1e-12)
    assert back.demand["served_h100e"].isna().all()


def test_scenario_with_no_sites_plans_without_a_traceback(run_cli, tmp_path: Path) -> None:
    """``sites: []`` (nothing may be built) is a valid question: existing supply only."""
    path = tmp_path / "nosites.yaml"
    old = "sites:\n  - name: taiwan\n    max_modules: 3\n  - name: japan\n"
    assert old in SMALL
    path.write_text(SMALL.replace(old, "sites: []\n"), encoding="utf-8")
    res = run_cli("plan", path)
    assert res.code == 0, res.err
    assert "Traceback" not in res.err
    assert "no candidate site may build more" in " ".join(res.out.split())


def test_check_runs_the_model_chain_and_reports_every_product_with_its_line(
    run_cli, tmp_path: Path
) -> None:
    """The schema accepts both products, but the silicon layer has no die data for the
    TPU v5p (Google does not publish it; figures.md section 2) and a custom part without
    a node cannot be placed in any fab. 'scenario check' must find what 'plan' would,
    both at once, each with its file and line; 'plan' says the same."""
    text = SMALL.replace(
        "  - name: b200\n",
        "  - name: b200\n  - name: tpu-v5p\n  - name: claimed-npu\n    h100e: 100\n"
        "    source: vendor claim\n"  # an h100e needs its source (user test s47 #13)
        "    logic_wafers_per_unit: 0.02\n    interposer_wafers_per_unit: 0.01\n"
        "    hbm_wafers_per_unit: 0.2\n",
    )
    path = tmp_path / "products.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    tpu = lines.index("  - name: tpu-v5p") + 1
    npu = lines.index("  - name: claimed-npu") + 1
    for args in (("scenario", "check", path), ("plan", path)):
        res = run_cli(*args)
        assert res.code == 2, (args, res.out)
        errs = res.err.strip().splitlines()
        assert len(errs) == 2, errs
        assert errs[0].startswith(f"error: {path}:{tpu}: products.1: the silicon layer")
        assert errs[1] == (
            f"error: {path}:{npu}: products.2.node: no process node known for this product; "
            "give node"
        )
        assert "Traceback" not in res.err


def test_names_that_look_like_rich_markup_are_printed_as_written(run_cli, tmp_path: Path) -> None:
    """A scenario, class or --out name like ``[/]`` crashed the terminal output (rich's
    MarkupError, a traceback after --out was written); ``[red]`` was swallowed as a style."""
    path = tmp_path / "s.yaml"
    # 100M H100e of fine-tuning a year is far above what 20k wspm of logic makes, so
    # the class goes short and the headline names it
    text = (
        SMALL.replace("name: small", 'name: "[/]"')
        .replace("name: fine-tuning", 'name: "[red]ft"')
        .replace("h100e_by_year: {2026: 1.0e6}", "h100e_by_year: {2026: 1.0e8}")
    )
    path.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", path)
    assert res.code == 0 and "valid scenario '[/]'" in " ".join(res.out.split()), res.err
    res = run_cli("plan", path, "--out", tmp_path / "[/]out")
    assert res.code == 0, res.err
    out = " ".join(res.out.split())
    assert "scenario '[/]'" in out and "'[red]ft'" in out, out
    assert (tmp_path / "[" / "]out" / "plan.json").is_file()


def test_a_report_never_overwrites_the_saved_run_it_reads(
    run_cli, small: Path, tmp_path: Path
) -> None:
    """``report DIR --html DIR/plan.json`` and ``plan --out DIR --report DIR/plan.json``
    replaced the saved plan.json (or a table's CSV) with HTML and exited 0."""
    out = tmp_path / "run"
    assert run_cli("plan", small, "--out", out).code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    for name in ("plan.json", "demand.csv"):
        res = run_cli("report", out, "--html", out / name)
        assert_one_line_error(res, "--html", f"the saved run's own {name}")
    res = run_cli("plan", small, "--out", out, "--report", out / "plan.json")
    assert_one_line_error(res, "--report", "the saved run's own plan.json")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert_one_line_error(
        run_cli("report", small), "RESULT_DIR", "is a file; expected a directory written by"
    )


def test_names_in_scripts_the_font_lacks_keep_stderr_quiet(small_png_run: dict) -> None:
    """A demand class named in Japanese: the PNGs draw it (as boxes where DejaVu Sans has
    no glyph) and the run stays quiet on stderr (matplotlib warned once per glyph).
    The run is ``tigris plan s.yaml --out --report --png --json`` of SMALL with the
    class renamed, once per session (tests/conftest.py; its PNGs are checked in
    tests/test_report_reference.py)."""
    res = small_png_run
    assert res["code"] == 0 and res["err"] == "", res["err"]
    classes = {r["demand_class"] for r in json.loads(res["out"])["demand"]}
    assert JAPANESE_CLASS in classes  # the renamed class was planned and drawn
    assert any((res["dir"] / "png").glob("*.png"))


@pytest.mark.parametrize("via_env", [True, False])
def test_a_bad_store_fails_before_solving_and_names_its_source(
    run_cli, monkeypatch, tmp_path: Path, via_env: bool
) -> None:
    """A file that is not a store, from $TIGRIS_STORE or --store: one line naming where
    the setting came from, nothing on stdout (the plan is not solved, not printed)."""
    import tigris.plan

    def no_solve(*args: object, **kwargs: object) -> None:
        raise AssertionError("solved before the store was checked")

    monkeypatch.setattr(tigris.plan, "solve", no_solve)
    bad = tmp_path / "x.txt"
    bad.write_text("not a store\n")
    scenario = write_scenario(tmp_path, SMALL, "small.yaml")
    if via_env:
        monkeypatch.setenv("TIGRIS_STORE", str(bad))
        res = run_cli("plan", scenario)
        assert "--store" not in res.err
    else:
        res = run_cli("plan", scenario, "--store", bad)
    assert_one_line_error(res, "TIGRIS_STORE" if via_env else "--store", "x.txt", "not a")
    assert bad.read_text() == "not a store\n"
    monkeypatch.setenv("TIGRIS_STORE", str(tmp_path))  # a folder
    assert_one_line_error(run_cli("plan", scenario), "TIGRIS_STORE", "is a directory")


def test_objective_ignores_case_like_accelerator_names(
    run_cli, monkeypatch, tmp_path: Path
) -> None:
    """--objective NPV is npv (sweep --objective and accelerator names ignore case);
    a name that is neither is still refused, naming the choices."""
    import tigris.plan

    seen: list[object] = []

    def stop(*args: object, **kwargs: object) -> None:
        seen.append(kwargs.get("objective"))
        raise InputError("stopped after the options were read", field="test")

    from tigris.errors import InputError

    monkeypatch.setattr(tigris.plan, "solve", stop)
    scenario = write_scenario(tmp_path, SMALL, "small.yaml")
    run_cli("plan", scenario, "--objective", "NPV", "--no-store")
    assert seen == ["npv"]
    res = run_cli("plan", scenario, "--objective", "profit", "--no-store")
    assert_one_line_error(res, "objective", "profit")
    assert seen == ["npv"]
