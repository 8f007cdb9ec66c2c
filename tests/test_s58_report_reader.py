"""What a report reader found (user test 2026-12-07, report reader): the report lacked
three things ``tigris plan`` prints (#1: the accelerators made by product, HBM by year,
fab water), a ``--relax`` report read as a plan and an npv run's title as the default
plan's (#2), a ``--no-store`` run said "run made unknown" (#3), and the compute tables
mixed decimals so that with - without did not give the added shown (#5)."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.test_s47_rep_util import tables_of
from tigris.printout import RELAXED_NOTE

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def _plan(d: Path, *flags: str) -> dict[str, Any]:
    """``tigris plan small-plan.yaml --no-store --out d FLAGS`` then ``tigris report d``:
    the plan's text, its ``--json`` document (a second solve, the same plan) and the
    report's HTML."""
    from tigris.cli import main

    def run(*args: str) -> str:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in args])
        assert code == 0, err.getvalue()
        return out.getvalue()

    text = run("plan", SMALL, "--no-store", "--out", d, *flags)
    doc = json.loads(run("plan", SMALL, "--no-store", "--json", *flags))
    run("report", d, "--html", d / "r.html")
    html = (d / "r.html").read_text(encoding="utf-8")
    return {"text": text, "doc": doc, "html": html, "dir": d}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _plan(tmp_path_factory.mktemp("s58") / "run")


def test_products_table_sums_to_the_compute_served(small: dict[str, Any]) -> None:
    """Every H100e the plan delivers is made by some product (docs/plan-result.md):
    the products' H100e (exact values) add up to the served total of the demand table,
    and their shares to 1."""
    t = tables_of(small["html"])
    rows = t.rows["table-products"]
    assert t.heads["table-products"][0] == "product"
    served = sum(r["served_h100e"] for r in small["doc"]["demand"])
    made = sum(float(r[2][1]) for r in rows)
    assert made == pytest.approx(served, rel=1e-9)
    assert sum(float(r[3][1]) for r in rows) == pytest.approx(1.0, rel=1e-12)
    # the same product names and units as the production table, summed over years
    units: dict[str, float] = {}
    for r in small["doc"]["production"]:
        units[r["product"]] = units.get(r["product"], 0.0) + r["units"]
    for r in rows:
        assert float(r[1][1]) == pytest.approx(units[r[0][0]], rel=1e-12)


def test_report_shows_what_the_terminal_prints(small: dict[str, Any]) -> None:
    """The products and HBM tables' titles and the fab water sentence of the text are
    in the report, word for word (docs/report.md: never less than the terminal)."""
    text = " ".join(small["text"].split())
    page = " ".join(re.sub(r"<[^>]+>", " ", small["html"]).split()).replace("&#x27;", "'")
    for title in ("Accelerators made by product, 2026–2029", "HBM by year"):
        assert title in text and title in page, title
    water = re.search(r"Fab water: .*?water not modelled\.", text)
    assert water is not None
    assert water.group(0) in page


def test_hbm_table_is_the_json_headline(small: dict[str, Any]) -> None:
    """Each HBM row's GB in parts and DRAM wafer starts used are --json's headline.hbm."""
    t = tables_of(small["html"])
    rows = t.rows["table-hbm"]
    want = small["doc"]["headline"]["hbm"]["by_year"]
    assert [r[0][0] for r in rows] == [str(w["year"]) for w in want]
    for r, w in zip(rows, want, strict=True):
        assert float(r[1][1]) == pytest.approx(w["gb"], rel=1e-12)
        assert float(r[3][1]) == pytest.approx(w["wspm_used"], rel=1e-12)


def test_compute_tables_print_one_decimal(small: dict[str, Any]) -> None:
    """Every million-H100e cell has one decimal, and the shown with - without is the
    shown added to within the rounding of two cells (0.1)."""
    t = tables_of(small["html"])
    one = re.compile(r"^-?[\d,]+\.\d$")
    for table in ("table-adds-year", "table-compute", "table-supply"):
        heads = t.heads[table]
        for row in t.rows[table]:
            for head, (text, _) in zip(heads, row, strict=True):
                if "[million H100e]" in head and text != "–":
                    assert one.match(text), (table, head, text)
    heads = t.heads["table-adds-year"]
    w, wo = heads.index("with the investor [million H100e]"), 2
    added = next(i for i, h in enumerate(heads) if h.startswith("added by the investor"))
    for row in t.rows["table-adds-year"]:
        shown = [float(row[i][0].replace(",", "")) for i in (w, wo, added)]
        assert abs(shown[0] - shown[1] - shown[2]) <= 0.1 + 1e-9, row


def test_relax_report_says_it_is_a_bound(tmp_path: Path) -> None:
    from tigris.report import read_result
    from tigris.report.png_pages import binding_lines
    from tigris.report.result import report_tables

    run = _plan(tmp_path / "relax", "--relax")
    page = run["html"]
    assert "<title>tigris plan: small (--relax) (2026–2029)</title>" in page
    assert RELAXED_NOTE.replace("'", "&#x27;") in page
    assert "scenario &#x27;small&#x27; (--relax)" in page  # every figure's source line
    lines = " ".join(x.text for x in binding_lines(report_tables(read_result(tmp_path / "relax"))))
    assert "a bound, not a plan" in lines


def test_npv_report_names_its_objective(tmp_path: Path) -> None:
    page = _plan(tmp_path / "npv", "--objective", "npv")["html"]
    assert "<title>tigris plan: small (objective npv) (2026–2029)</title>" in page


def test_a_no_store_run_says_it_was_not_stored(small: dict[str, Any]) -> None:
    assert "run not stored (its time not recorded) · drawn " in small["html"]
    assert "made unknown" not in small["html"]


def test_one_path_for_html_and_png_is_refused_before_drawing(
    small: dict[str, Any], tmp_path: Path, run_cli
) -> None:
    """``--html same/a --png same/a``: refused at once, exit 2, nothing written (#7: the
    HTML was written first, then the PNG folder failed)."""
    from tests.conftest import assert_one_line_error

    run_dir = Path(small["dir"])
    (tmp_path / "same").mkdir()
    target = tmp_path / "same" / "a"
    res = run_cli("report", run_dir, "--html", target, "--png", target)
    assert_one_line_error(res, "--png:", "is also the --html file")
    assert not target.exists()


@pytest.fixture(scope="module")
def infeasible(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SMALL with three committed modules in Taiwan and $1B: no plan (exit 1), saved."""
    from tigris.cli import main

    d = tmp_path_factory.mktemp("s58-inf")
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("    max_modules: 3\n", "    max_modules: 3\n    min_modules: 3\n", 1)
    text = text.replace("amount_usd: 2.0e10", "amount_usd: 1.0e9")
    path = d / "inf.yaml"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["plan", str(path), "--no-store", "--out", str(d / "run")])
    assert code == 1, err.getvalue()
    return d / "run"


def test_a_run_without_a_plan_draws_no_zeros(infeasible: Path) -> None:
    """No plan: every figure but the demand says so in one sentence and draws no trace
    (#4: the fleet at 0 MW, six legend swatches on an empty cash-flow axis)."""
    from tigris.report import read_result
    from tigris.report.figures import FIGURES
    from tigris.report.plotly_figs import plotly_figure
    from tigris.report.png import mpl_figure
    from tigris.report.result import report_tables

    r = report_tables(read_result(infeasible))
    for spec in FIGURES:
        fig = plotly_figure(spec.key, r)
        if spec.key == "demand":
            assert len(fig.data) > 0
            continue
        assert len(fig.data) == 0, spec.key
        said = [a.text for a in fig.layout.annotations]
        assert said == ["No plan in this run (solver status: infeasible): nothing to draw; "
                        "what binds says why."], spec.key  # fmt: skip
        texts = [t.get_text() for ax in mpl_figure(spec.key, r).axes for t in ax.texts]
        assert any(t.startswith("No plan in this run") for t in texts), spec.key


def test_a_commitment_is_an_assumption(infeasible: Path) -> None:
    """The min_modules that made the plan infeasible is listed beside the cap."""
    from tigris.report import read_result

    a = read_result(infeasible).assumptions
    rows = a[a["parameter"] == "site taiwan: min modules"]
    assert len(rows) == 1 and float(rows["value"].iloc[0]) == 3
    assert rows["unit"].iloc[0] == "modules"


def test_relaxed_npv_headline_is_not_the_investors_npv(tmp_path: Path) -> None:
    """--relax --objective npv: the report's objective sentence is the relaxation's
    bound, as the terminal's, not "the investor's NPV above" (review 2026-12-07 #2)."""
    run = _plan(tmp_path / "rn", "--relax", "--objective", "npv")
    text = " ".join(run["text"].split())
    page = " ".join(re.sub(r"<[^>]+>", " ", run["html"]).split()).replace("&#x27;", "'")
    assert "investor's NPV above, not a cost" not in page
    assert "investor's NPV above, not a cost" not in text


def test_plan_refuses_one_path_for_report_and_png(tmp_path: Path, run_cli) -> None:
    from tests.conftest import assert_one_line_error

    target = tmp_path / "same"
    res = run_cli("plan", SMALL, "--no-store", "--report", target, "--png", target)
    assert_one_line_error(res, "--png:", "is also the --report file")
    assert not target.exists()
