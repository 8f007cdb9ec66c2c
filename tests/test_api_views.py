"""Notebook views of a plan result: ``to_xarray``, ``to_frames``, ``_repr_html_``.

The dataset must re-label the tables, nothing more: every row of every table is read
back from the dataset at its labels (so a value put at the wrong label fails), every
label combination without a row is NaN, totals over dimensions are the tables' sums, and
the file ``to_netcdf`` writes reads back equal. Checked on the hand-built plan of
``tests/test_report.py`` (numbers derived by hand there) and on one small solved
scenario (``tests/test_plan_cli.SMALL``).
"""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tests.test_report import YEARS, HandResult
from tigris.plan import PlanResult
from tigris.plan.result import FRAME_NAMES, TABLE_COLUMNS
from tigris.plan.views import DIMENSIONS, RENAMED_DIMENSIONS, VARIABLES, YEAR_DIMENSIONS
from tigris.report.result import plan_result, report_tables

DOCS_API = Path(__file__).resolve().parents[1] / "docs" / "api.md"


@pytest.fixture(scope="module")
def hand_plan(hand: HandResult) -> PlanResult:
    """The hand-built plan as the planner's PlanResult."""
    return plan_result(report_tables(hand))


@pytest.fixture(scope="module")
def small_plan(tmp_path_factory: pytest.TempPathFactory) -> PlanResult:
    """The small scenario of tests/test_plan_cli.py, solved once (about 2 s)."""
    from tests.test_plan_cli import SMALL
    from tigris.plan import solve

    path = tmp_path_factory.mktemp("small") / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    r = solve(path, explain_result=False)
    assert r.ok
    return r


def _label(value: object, dim: str) -> object:
    if dim in YEAR_DIMENSIONS:
        return int(value)  # type: ignore[call-overload]
    return "" if pd.isna(value) else str(value)


def assert_relabels(r: PlanResult, ds: xr.Dataset) -> None:
    """Every row of every table (as ``to_frame`` gives it, with its computed columns:
    ``supply_by_source``'s ``h100e_in_service``) is in ``ds`` at its labels; nothing
    else is."""
    for view in VARIABLES:
        df = r.to_frame(view.table) if view.table in FRAME_NAMES else getattr(r, view.table)
        dims = view.dims()
        for v in view.variables:
            da = ds[v.name]
            assert da.dims == dims, v.name
            col = df[v.column] if v.column in df.columns else pd.Series([math.nan] * len(df))
            values = pd.to_numeric(col, errors="coerce").astype(float).to_numpy()
            for i, row in enumerate(df.itertuples(index=False)):
                at = {d: _label(getattr(row, k), d) for k, d in zip(view.keys, dims, strict=True)}
                got = float(da.sel(at))
                if math.isnan(values[i]):
                    assert math.isnan(got), (v.name, at)
                else:
                    assert got == values[i], (v.name, at, got, values[i])
            # nothing but the table's rows: as many numbers as the column holds (an
            # unlimited grid headroom is inf, a number)
            assert int(da.notnull().sum()) == int((~np.isnan(values)).sum()), v.name
            assert float(da.sum()) == pytest.approx(float(np.nansum(values)), rel=1e-12, abs=0)


def test_hand_plan_relabelled_exactly(hand_plan: PlanResult) -> None:
    ds = hand_plan.to_xarray()
    assert_relabels(hand_plan, ds)
    # by hand (tests/test_report.py): served frontier 1.0M + 0.1M/yr, inference 2.0M flat
    served = ds.served_h100e.sum("class")
    assert served.sel(year=YEARS).values.tolist() == [3e6 + 1e5 * i for i in range(6)]
    assert float(ds.served_h100e.sel(year=2027, **{"class": "inference"})) == 2e6
    assert float(ds.demand_h100e.sum()) == float(hand_plan.demand["demand_h100e"].sum())
    # unmet: frontier 0.1M/yr more each year, inference 0.4M/yr: 0.5M x (0 + 1 + ... + 5)
    assert float(ds.unmet_h100e.sum(["class", "year"])) == 5e5 * 15
    # two CoWoS modules at hsinchu started 2026; none of them at arizona
    at = {"site": "hsinchu", "facility": "cowos", "node": "", "start_year": 2026}
    assert float(ds.build_modules.sel(at)) == 2.0
    assert math.isnan(float(ds.build_modules.sel(at | {"site": "arizona"})))
    cap = ds.capacity_available.sel(site="arizona", facility="logic", node="N2")
    assert cap.sel(year=[2028, 2029, 2030]).values.tolist() == [5e3, 15e3, 20e3]
    # capex: abu-dhabi 4 x 5 B + foundry 2 + 5 x 4 B + subsidy 1 B
    assert float(ds.capex_usd.sum()) == 43e9
    assert float(ds.capex_usd.sel(source="subsidy").sum()) == 1e9
    # the investor's new supply 0.6M over the horizon
    assert float(ds.supply_h100e.sel(supply_source="investor new").sum()) == 6e5
    assert ds.attrs["scenario_name"] == "two-sites"
    assert ds.attrs["horizon"].tolist() == [2025, 2030]
    assert ds.capacity_unit.sel(facility="hbm").item() == "stacks_per_month"


def test_small_plan_relabelled_and_totals(small_plan: PlanResult) -> None:
    r = small_plan
    ds = r.to_xarray()
    assert_relabels(r, ds)
    served = ds.served_h100e.sum(["class", "year"])
    assert float(served) == pytest.approx(r.demand["served_h100e"].sum(), rel=1e-12)
    numbers = r.headline()["numbers"]
    assert float(served) == pytest.approx(numbers["served_h100e"], rel=1e-12)
    assert float(ds.build_modules.sum()) == numbers["modules_built"]
    # per year, the supply layers sum to what is served (docs/plan-result.md)
    by_source = ds.supply_h100e.sum("supply_source")
    xr.testing.assert_allclose(by_source, ds.served_h100e.sum("class").sel(year=by_source.year))
    assert ds.site_owner.sel(site="existing").item() == ""
    assert ds.attrs["input_hash"] == r.input_hash
    assert set(ds.dims) <= set(DIMENSIONS)


def test_every_number_column_is_a_variable(small_plan: PlanResult) -> None:
    """A number column added to a table must be given a variable (and a doc line)."""
    views = {v.table: v for v in VARIABLES}
    for name in TABLE_COLUMNS:
        df = getattr(small_plan, name)
        numbers = {
            c
            for c in df.columns
            if pd.api.types.is_numeric_dtype(df[c]) or pd.api.types.is_bool_dtype(df[c])
        }
        if name == "assumptions":
            assert name not in views  # mixed text and numbers: in to_frames only
            continue
        if name == "supply_by_source":  # computed when written (IN_SERVICE_COLUMN)
            from tigris.plan.result import IN_SERVICE_COLUMN

            numbers.add(IN_SERVICE_COLUMN)
        view = views[name]
        assert numbers - set(view.keys) == {v.column for v in view.variables}, name
    names = [v.name for view in VARIABLES for v in view.variables]
    assert len(names) == len(set(names))
    assert set(RENAMED_DIMENSIONS.values()) <= set(DIMENSIONS)


def test_netcdf_round_trip(tmp_path: Path, hand_plan: PlanResult, small_plan: PlanResult) -> None:
    for i, r in enumerate((hand_plan, small_plan)):
        ds = r.to_xarray()
        for name in [*ds.data_vars, *ds.coords]:
            assert ds[name].dtype.kind in "fiU", (name, ds[name].dtype)
        path = tmp_path / f"plan{i}.nc"
        ds.to_netcdf(path, engine="netcdf4")
        with xr.open_dataset(path, engine="netcdf4") as back:
            back.load()
        xr.testing.assert_equal(back, ds)
        assert back.node.values.tolist() == ds.node.values.tolist()  # "" kept
        for key in ("scenario_name", "status", "objective", "input_hash", "tigris_version"):
            assert back.attrs[key] == ds.attrs[key], key
        assert back.served_h100e.attrs["units"] == "H100e/year"


def test_empty_result_has_empty_dims(tmp_path: Path) -> None:
    r = PlanResult("nothing", "infeasible", math.nan, (2026, 2028))
    ds = r.to_xarray()
    assert all(n == 0 for n in ds.sizes.values())
    assert set(ds.data_vars) == {v.name for view in VARIABLES for v in view.variables}
    ds.to_netcdf(tmp_path / "empty.nc", engine="netcdf4")


def test_two_rows_with_one_key_is_refused(hand_plan: PlanResult) -> None:
    from dataclasses import replace

    twice = replace(hand_plan, production=pd.concat([hand_plan.production] * 2))
    with pytest.raises(ValueError, match="production"):
        twice.to_xarray()


def test_to_frames_are_copies(hand_plan: PlanResult) -> None:
    frames = hand_plan.to_frames()
    assert list(frames) == [*TABLE_COLUMNS, "subsidies", "site_load", "binding"]
    pd.testing.assert_frame_equal(frames["demand"], hand_plan.demand)
    assert frames["binding"]["kind"].tolist() == ["capital", "lead_time"]
    frames["demand"].loc[:, "served_h100e"] = 0.0
    assert hand_plan.demand["served_h100e"].sum() > 0


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_repr_html_offline_with_two_figures(hand_plan: PlanResult) -> None:
    from plotly.offline import get_plotlyjs

    from tigris.plan.views import reset_plotlyjs

    reset_plotlyjs()  # the first view of a process carries plotly.js
    text = hand_plan._repr_html_()
    parser = _Tags()
    parser.feed(text)
    scripts = [a for t, a in parser.tags if t == "script"]
    assert scripts and all("src" not in a for a in scripts)
    bundle = get_plotlyjs()
    assert text.count(bundle[:200]) == 1  # plotly.js embedded once, whole
    assert bundle in text
    assert not re.search(r"https?://", text.replace(bundle, ""))  # nothing else fetched
    divs = [a.get("id") or "" for t, a in parser.tags if t == "div"]
    figures = [d for d in divs if d.startswith("tigris-")]
    assert [d.rsplit("-", 1)[1] for d in figures] == ["supply", "demand"]
    assert text.count("Plotly.newPlot") == 2
    import html

    for sentence in hand_plan.headline()["sentences"]:
        assert html.escape(sentence) in text
    rows = [t for t, _ in parser.tags if t == "tr"]
    assert len(rows) == 1 + len(hand_plan.builds)  # header + one per build
    assert "arizona" in text
    # the 30 B USD logic build at arizona, 20,000 wafer starts a month (hand_result)
    assert "<td>$30.0B</td>" in text and "<td>20,000 wspm</td>" in text


def test_repr_html_lists_the_first_builds(hand_plan: PlanResult) -> None:
    from dataclasses import replace

    from tigris.plan.views import REPR_MAX_BUILDS, _builds_html

    many = pd.concat([hand_plan.builds] * 9, ignore_index=True)  # 27 rows
    text = _builds_html(replace(hand_plan, builds=many))
    assert text.count("<tr>") == REPR_MAX_BUILDS
    assert f"and {len(many) - REPR_MAX_BUILDS} more builds" in text


def test_repr_html_without_a_plan() -> None:
    r = PlanResult("nothing", "infeasible", math.nan, (2026, 2028))
    text = r._repr_html_()
    assert "infeasible" in text
    assert "No builds." in text


def test_docs_document_every_variable() -> None:
    text = DOCS_API.read_text(encoding="utf-8")
    for view in VARIABLES:
        for v in view.variables:
            assert re.search(rf"^\| `{v.name}` \| `{view.table}` \|", text, re.M), v.name


# --- the report's figures as public functions (tigris.report.api) --------------------


def test_every_figure_by_id_and_by_name(hand: HandResult) -> None:
    import matplotlib.figure
    import plotly.graph_objects as go

    import tigris.report as report
    from tigris.report import FIGURES, figure
    from tigris.report.plotly_figs import plotly_figure

    r = report_tables(hand)
    for spec in FIGURES:
        fig = figure(hand, spec.id)
        assert isinstance(fig, go.Figure), spec.id
        # the report's own figure, not a copy of its drawing code
        assert fig.to_json() == plotly_figure(spec.key, r).to_json(), spec.id
        # the named function (which passes the id without "fig-"), as matplotlib
        mpl = getattr(report, f"{spec.key}_figure")(hand, kind="matplotlib")
        assert isinstance(mpl, matplotlib.figure.Figure), spec.id
        assert mpl.axes, spec.id


def test_demand_figure_reads_the_table(hand_plan: PlanResult) -> None:
    from tigris.report import demand_figure

    fig = demand_figure(hand_plan)
    traces = {t.name: t for t in fig.data}
    inference = hand_plan.demand[hand_plan.demand["demand_class"] == "inference"]
    assert list(traces["served: inference"].y) == inference["served_h100e"].tolist()
    assert list(traces["unmet: inference"].y) == inference["unmet_h100e"].tolist()


def test_unknown_figure_lists_the_ids(hand: HandResult) -> None:
    from tigris.errors import InputError
    from tigris.report import FIGURES, figure

    with pytest.raises(InputError) as err:
        figure(hand, "fig-supplies")
    text = str(err.value)
    assert "fig_id" in text and "'fig-supplies'" in text
    assert all(spec.id in text for spec in FIGURES)
    with pytest.raises(InputError, match=r"kind.*plotly, matplotlib"):
        figure(hand, "supply", kind="bokeh")


#: A page as classic Jupyter makes it: require.js's AMD ``define`` present, which the
#: UMD bundle of plotly.js 2 (plotly 5, which pyproject allows) registers with instead of
#: setting window.Plotly; the repr hides it while plotly.js loads.
_AMD_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<script>window.define = function () {}; window.define.amd = {};</script>
</head><body>BODY</body></html>"""


@pytest.mark.browser
def test_repr_html_draws_in_a_browser_with_amd(tmp_path: Path, hand_plan: PlanResult) -> None:
    """Both figures drawn, no script error, nothing fetched, the page's define kept."""
    from tests.test_report_browser import CHROMIUM, CHROMIUM_ARGS, RENDER_TIMEOUT_MS
    from tests.test_report_browser import _need_chromium as need_chromium

    need_chromium()
    from playwright.sync_api import sync_playwright

    path = tmp_path / "notebook.html"
    from tigris.plan.views import reset_plotlyjs

    reset_plotlyjs()
    # the first view carries plotly.js, a second draws with it (UT-API #12)
    body = hand_plan._repr_html_() + hand_plan._repr_html_()
    path.write_text(_AMD_PAGE.replace("BODY", body), encoding="utf-8")
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda req: requests.append(req.url))
            page.goto(path.as_uri(), wait_until="load")
            for key in ("supply", "demand"):
                sel = f"div[id$='-{key}'] svg.main-svg"
                page.wait_for_selector(sel, timeout=RENDER_TIMEOUT_MS)
                drawn = (  # both views' figure drawn, not only the first's
                    f"Array.from(document.querySelectorAll(\"div[id$='-{key}']\"))"
                    ".filter(d => d.querySelector('svg.main-svg')).length == 2"
                )
                page.wait_for_function(drawn, timeout=RENDER_TIMEOUT_MS)
                assert page.locator(f"div[id$='-{key}'] g.trace").count() >= 4, key
            notes = "Array.from(document.querySelectorAll(\"p[id$='-note']\"))"
            assert page.evaluate(f"{notes}.length") == 1  # the second view's
            assert page.evaluate(f"{notes}.map(p => p.textContent).join('')") == ""
            assert page.evaluate("typeof window.define.amd") == "object"
        finally:
            browser.close()
    assert errors == []
    assert [u for u in requests if not u.startswith(("file://", "data:"))] == []


def test_in_service_and_money_dimensions_as_the_tables_say(small_plan: PlanResult) -> None:
    """User test 2026-12-05 (API #3, #4): ``supply_h100e_in_service`` is the table's
    column (it was all NaN: the attribute lacks the computed column), and a money
    table's facility (the type id, ``logic-N5``) is its own dimension, not a label of
    ``facility`` (the builds' kind, ``logic``), so selecting a kind never mixes a
    build group's money into a build's row."""
    r, ds = small_plan, small_plan.to_xarray()
    supply = r.to_frame("supply_by_source")
    assert supply["h100e_in_service"].notna().any()
    got = float(ds.supply_h100e_in_service.sum())
    assert got == pytest.approx(float(supply["h100e_in_service"].sum()), rel=1e-12)
    assert got > 0
    kinds = set(r.builds["facility"]) | set(r.capacity["facility"])
    assert set(ds.facility.values.tolist()) == kinds
    types = set(r.cash_flows["facility"]) | set(r.finance_modules["facility"])
    assert types and set(ds.facility_type.values.tolist()) >= types
    for name in ("cash_capex_usd", "module_npv_usd", "subsidy_usd"):
        assert "facility_type" in ds[name].dims and "facility" not in ds[name].dims
