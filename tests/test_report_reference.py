"""The report of the reference scenario, made the way a user makes it:
``tigris plan --out DIR --report FILE --png DIR --json``.

The figures are checked against the scenario file's own published inputs (demand from
shipment estimates, the $40B of capital and its tranches, the EUV share) and against the
shipped ramp profiles (``facility_types.csv``), read back out of the rendered HTML.
The plan is solved once for the session (a few seconds; tests/conftest.py's
reference_made) by calling the CLI entry point ``tigris.cli.main`` itself, with stdout
and stderr captured.

The PNGs (``--png``): the reference's 42 (its dozens of assumptions fill ~19 text
pages) take ~14 s of CPU to draw, most of it glyphs on the text pages, so the default
run makes the HTML and the JSON of the reference without ``--png`` and checks the same
PNG claims (file names and page numbering with more than one page of assumptions,
sizes, not blank, the progress bar) on ``tigris plan small.yaml --out --report --png
--json`` (:data:`tests.conftest.SMALL`: 15 PNGs, two pages of assumptions); the
reference's own PNGs are checked under ``-m slow``.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import plan_with_report
from tests.test_report import _decode, by_name, html_traces, png_size
from tests.test_report_tables import tables_of
from tigris.data import load_table
from tigris.report import FIGURES

#: Demand classes, capital sources and their tranches in reference_scenario.yaml.
CLASSES = {"frontier-training", "inference", "fine-tuning-and-other"}
INVESTORS = {"abu-dhabi-sovereign", "other-sovereign", "corporate-partners"}
YEARS = np.arange(2026, 2036)


@pytest.fixture(scope="module")
def made(reference_made: dict[str, Any]) -> dict[str, Any]:
    """The reference: ``tigris plan --out --report --json``, once per session
    (tests/conftest.py, shared with reference_plan_json; its PNGs: :func:`made_png`)."""
    return reference_made


@pytest.fixture(scope="module")
def made_png(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The reference with ``--png`` too (the slow tests)."""
    return plan_with_report(tmp_path_factory.mktemp("reference-png"), png=True)


@pytest.fixture(scope="module")
def small_png(small_png_run: dict[str, Any]) -> dict[str, Any]:
    """:data:`tests.conftest.SMALL` with ``--png`` (the default run's PNG checks; one
    run per session, shared with tests/test_plan_cli.py: tests/conftest.py)."""
    assert small_png_run["code"] == 0, small_png_run["err"]
    assert json.loads(small_png_run["out"])["scenario_name"] == "small"  # one document
    return small_png_run


def test_plan_json_only_on_stdout(made: dict[str, Any]) -> None:
    assert made["code"] == 0, made["err"]
    doc = json.loads(made["out"])  # exactly one JSON document, nothing else
    assert doc["scenario_name"] == "reference" and doc["status"] == "optimal"
    assert "Traceback" not in made["err"]


def check_report_progress(made: dict[str, Any]) -> None:
    """'tigris plan --report --png' draws the same progress bar as 'tigris report'."""
    # the figures in the HTML, and as PNGs with the text pages (headline and what binds,
    # then the assumptions over as many pages as they need), all counted, naming the
    # figure or page just made
    pngs = len(list((made["dir"] / "png").glob("*.png")))
    assert pngs >= len(FIGURES) + 2
    assert f"{len(FIGURES) + pngs}/{len(FIGURES) + pngs}" in made["bar"]
    assert FIGURES[-1].title in made["bar"]
    assert made["bar"] not in made["out"]  # never on stdout


def test_plan_shows_report_progress(small_png: dict[str, Any]) -> None:
    check_report_progress(small_png)


@pytest.mark.slow
def test_plan_shows_report_progress_on_the_reference(made_png: dict[str, Any]) -> None:
    assert made_png["code"] == 0, made_png["err"]
    check_report_progress(made_png)


def test_every_figure_and_series_present(made: dict[str, Any]) -> None:
    tr = made["traces"]
    assert set(tr) == {s.id for s in FIGURES}
    names = {k: {t["name"] for t in v} for k, v in tr.items()}
    assert names["fig-demand"] == {f"{k}: {c}" for k in ("served", "unmet") for c in CLASSES} | {
        "demand: total"
    }
    assert names["fig-schedule"] == {"construction", "ramp"}
    drawn = {f"drawn: {i}" for i in INVESTORS}
    paid = {n for n in names["fig-capex"] if n.startswith("paid: ")}
    assert names["fig-capex"] == drawn | {"released, cumulative"} | paid
    assert paid and {n.removeprefix("paid: ") for n in paid} - INVESTORS <= {"subsidy"}
    assert names["fig-tools"] == {"used: EUV", "supply: EUV", "used: High-NA", "supply: High-NA"}
    # a plan that builds no fab keeps a "fabs" trace without points (its panel says
    # "no fab built")
    assert names["fig-power"] == {"fabs", "world compute fleet"}
    assert names["fig-sites"] and names["fig-sites"] <= {"logic", "cowos", "hbm", "datacenter"}
    for section in ("summary", "binding", "builds", "money", "compute", "assumptions"):
        assert f'<section id="{section}">' in made["html"]


def test_demand_is_the_scenarios(made: dict[str, Any]) -> None:
    # reference_scenario.yaml: the classes' calibrated shares 0.25 + 0.55 + 0.20 = 1 of
    # the demand calibrated on published shipments (tigris.world.demand).
    # Stacked served + unmet per year must equal it; rtol 1e-9 for the solver's float sums.
    from tigris.world.demand import calibrated_demand

    t = by_name(made["traces"]["fig-demand"])
    stacked = sum(_decode(t[n]["y"]) for n in t if n.startswith(("served", "unmet")))
    want = calibrated_demand(YEARS)
    np.testing.assert_allclose(stacked, want, rtol=1e-9)
    np.testing.assert_allclose(_decode(t["demand: total"]["y"]), want, rtol=1e-9)


def test_capital_is_the_scenarios(made: dict[str, Any]) -> None:
    # $9B over 2025-27, $15B over 2025-28, $16B over 2026-30, released evenly, the 2025
    # tranches available from the first planning year (2026): per year 2 x 3 + 2 x 3.75
    # + 3.2, 3 + 3.75 + 3.2, ..., $40B in all [billion USD]; rtol 1e-9 (float sums).
    t = by_name(made["traces"]["fig-capex"])
    per_year = np.array([16.7, 9.95, 6.95, 3.2, 3.2, 0, 0, 0, 0, 0])
    released = _decode(t["released, cumulative"]["y"])
    np.testing.assert_allclose(released, np.cumsum(per_year), rtol=1e-9)
    assert released[-1] == pytest.approx(40.0, rel=1e-9)
    # carry-over: the investors' draws to date never exceed what they released to date
    # (solver tolerance 1e-6 of the $40B)
    drawn = sum(_decode(t[f"drawn: {i}"]["y"]) for i in INVESTORS)
    assert np.all(drawn <= released + 1e-6 * 40)
    # where the planner says capital binds ("by YEAR the plan has drawn $X of the
    # $Y offered to date"), the money table agrees: Y is the investors' release to date
    # and X their draws to date (3 significant digits as printed: rtol 0.5 %), and no
    # investor's balance is below zero (solver tolerance 1e-6 of the $40B)
    p = tables_of(made["html"])
    rows = [
        r
        for r, k in zip(p.tables["table-money"], p.classes["table-money"], strict=True)
        if k != "total" and r[1][0] in INVESTORS
    ]
    assert all(r[4][1] >= -1e-6 * 40e9 for r in rows)
    binding = json.loads((made["dir"] / "run" / "plan.json").read_text())["binding"]
    claim = re.compile(r"[Bb]y (\d{4}) the plan has drawn \$([\d.,]+)B of the \$([\d.,]+)B")
    checked = 0
    for b in binding:
        m = claim.search(b["text"]) if b["kind"] == "capital" else None
        if m is None:
            continue
        year = int(m.group(1))
        upto = [r for r in rows if int(r[0][0]) <= year]
        drawn = sum(r[3][1] for r in upto) / 1e9
        released = sum(r[2][1] for r in upto) / 1e9
        assert float(m.group(2).replace(",", "")) == pytest.approx(drawn, rel=5e-3), b["text"]
        assert float(m.group(3).replace(",", "")) == pytest.approx(released, rel=5e-3)
        checked += 1
    capital_said = [b for b in binding if b["kind"] == "capital"]
    assert checked == len([b for b in capital_said if "offered to date" in b["text"]])


def test_money_table_totals_equal_the_plans_draws(made: dict[str, Any]) -> None:
    # an invariant of the real planner's output: the money table's drawn totals (per
    # source and overall) equal the capex table's, and its released total the capital
    # table's (exact numbers from data-value; rtol 1e-12 for summation order)
    import pandas as pd

    run = made["dir"] / "run"
    capex = pd.read_csv(run / "capex.csv")
    capital = pd.read_csv(run / "capital.csv")
    p = tables_of(made["html"])
    totals = {
        r[1][0].removesuffix(" (not an investor)"): r
        for r, k in zip(p.tables["table-money"], p.classes["table-money"], strict=True)
        if k == "total"
    }
    assert totals["all sources"][3][1] == pytest.approx(capex["capex_usd"].sum(), rel=1e-12)
    assert totals["all sources"][2][1] == pytest.approx(capital["available_usd"].sum(), rel=1e-12)
    for source, want in capex.groupby("source")["capex_usd"].sum().items():
        assert totals[source][3][1] == pytest.approx(want, rel=1e-12), source
    builds = pd.read_csv(run / "builds.csv")
    assert len(p.tables["table-builds"]) == len(builds) + 1  # and a totals row


def test_euv_supply_is_the_scenarios(made: dict[str, Any]) -> None:
    # EUV to the plan: 0 (2026), 19 (2027), 37 (2028), 40 (2030) interpolated, then
    # flat; no High-NA (reference_scenario.yaml's derivation).
    t = by_name(made["traces"]["fig-tools"])
    euv = np.r_[[0, 19, 37, 38.5], [40] * 6]
    np.testing.assert_allclose(_decode(t["supply: EUV"]["y"]), euv, rtol=1e-9)
    if "supply: High-NA" in t:
        np.testing.assert_allclose(_decode(t["supply: High-NA"]["y"]), [0] * 10, atol=1e-9)
    assert np.all(_decode(t["used: EUV"]["y"]) <= euv + 1e-6)


def test_gantt_ramps_match_shipped_profiles(made: dict[str, Any]) -> None:
    # facility_types.csv output_profile (fraction of full output by year since start):
    # a build reaches full output at the first 1 (CoWoS 0|0|0.5|1 -> start + 3).
    prof = load_table("facility_types").set_index("kind")["output_profile"]
    t = by_name(made["traces"]["fig-schedule"])
    rows = list(t["construction"]["y"])
    start = _decode(t["construction"]["base"])
    online = _decode(t["ramp"]["base"])
    full = online + _decode(t["ramp"]["x"])
    # a datacenter module (issue 12) is at full output once its region's grid lead
    # (grid.csv; texas-usa is in usa) + construction + ramp (datacenter_types.csv) have
    # passed: whole years from its start, ceil(months / 12)
    types = load_table("datacenter_types").set_index("facility")
    grid = load_table("grid").groupby("region")["grid_lead_months"].first()
    checked = 0
    for label, s, f in zip(rows, start, full, strict=True):
        kind, *rest = label.split(" · ")[1].split()
        if kind == "datacenter":
            power = rest[0] if rest and not rest[0].startswith("(") else ""
            row = types.loc[f"datacenter-{power}" if power else "datacenter"]
            lead = 0.0 if power else float(grid["usa"])
            months = lead + float(row["construction_months"]) + float(row["ramp_months"])
            want = s + math.ceil(months / 12)
            assert f == (want if want <= 2035 else 2036), (label, s, f)
            checked += 1
            continue
        if not isinstance(prof.get(kind), str):
            continue  # logic ramps come from the fab layer, not this table
        steps = [float(x) for x in prof[kind].split("|")]
        want = s + steps.index(1.0)
        assert f == (want if want <= 2035 else 2036), (label, s, f)
        checked += 1
    assert checked >= 1
    assert np.all(online > start)  # nothing produces in its first construction year


def test_supply_by_source_is_the_plans(made: dict[str, Any]) -> None:
    # Invariants of the real planner's output (plan/counterfactual.py): the supply
    # figure's layers are the saved supply_by_source table's, never negative, and stack
    # to the compute served in demand.csv (rtol 1e-6: the nested solves' tolerance, and
    # residues within 1 H100e drawn as zero); the line is the demand. What the investor
    # adds by year (table-adds-year) is with - without and never negative.
    import pandas as pd

    from tigris.report.frames import SUPPLY_SOURCES

    run = made["dir"] / "run"
    demand = pd.read_csv(run / "demand.csv").groupby("year")[["demand_h100e", "served_h100e"]]
    by_year = demand.sum()
    supply = pd.read_csv(run / "supply_by_source.csv")
    t = by_name(made["traces"]["fig-supply"])
    bars = [n for n in t if t[n]["type"] == "bar"]
    assert "investor new" in bars and set(bars) <= set(SUPPLY_SOURCES)
    for name in bars:
        y = _decode(t[name]["y"])
        assert np.all(y >= 0), name
        want = supply[supply["source"] == name].groupby("year")["h100e"].sum()
        np.testing.assert_allclose(y, want.to_numpy(), rtol=1e-9, atol=1.0, err_msg=name)
    stack = sum(_decode(t[n]["y"]) for n in bars)
    np.testing.assert_allclose(stack, by_year["served_h100e"], rtol=1e-6, atol=len(bars))
    np.testing.assert_allclose(_decode(t["demand: total"]["y"]), by_year["demand_h100e"])
    rows = tables_of(made["html"]).tables["table-adds-year"][:-1]
    without, with_, added = (np.array([r[k][1] for r in rows]) for k in (2, 3, 4))
    np.testing.assert_allclose(with_ - without, added, rtol=1e-9, atol=1e-6 * with_.max())
    assert np.all(added >= -1e-6 * with_.max())


def check_pngs_written(made: dict[str, Any]) -> None:
    """Every figure and text page as a PNG, pages numbered 2, 3, ...; the figures'
    sizes, and each decodes and is not blank."""
    pngs = sorted((made["dir"] / "png").glob("*.png"))
    figures = sorted(s.png_name for s in FIGURES)
    # text pages: each topic on as many pages as it needs, numbered 2, 3, ...; the
    # reference lists dozens of assumptions, SMALL enough for two pages
    pages = []
    count = {}
    for stem in ("binding", "money", "products", "energy", "assumptions", "notes"):
        count[stem] = len([p for p in pngs if p.name.startswith(stem)])
        pages += [f"{stem}.png", *(f"{stem}-{i}.png" for i in range(2, count[stem] + 1))]
    assert count["assumptions"] >= 2
    assert [p.name for p in pngs] == sorted([*figures, *pages])
    pngs = [p for p in pngs if p.name in figures]
    from matplotlib.image import imread

    for p in pngs:
        w, h = png_size(p)  # PNG signature and IHDR
        # 7 inch wide at 150 dpi; as tall as 4.5 inch, or for the sites as its rows need
        # (at least 3 inch); constrained layout may trim a little
        tall = 400 if p.name == "sites.png" else 600
        assert w >= 1000 and h >= tall and p.stat().st_size > 15_000, p.name
        img = imread(p)  # decodes as a whole, and is not a blank canvas
        assert img.shape[:2] == (h, w) and img[..., :3].std() > 0.05, p.name


def test_pngs_written(small_png: dict[str, Any]) -> None:
    check_pngs_written(small_png)


@pytest.mark.slow
def test_pngs_written_for_the_reference(made_png: dict[str, Any]) -> None:
    assert made_png["code"] == 0, made_png["err"]
    check_pngs_written(made_png)


def test_report_verb_on_saved_run(run_cli, made: dict[str, Any], tmp_path: Path) -> None:
    res = run_cli("report", made["dir"] / "run", "--html", tmp_path / "again.html", "--json")
    assert res.code == 0, res.err
    again = html_traces((tmp_path / "again.html").read_text(encoding="utf-8"))
    # same figures and series from the saved CSVs as from the in-memory result
    assert {k: [t["name"] for t in v] for k, v in again.items()} == {
        k: [t["name"] for t in v] for k, v in made["traces"].items()
    }
    d0 = by_name(made["traces"]["fig-demand"])
    d1 = by_name(again["fig-demand"])
    for name in d0:
        np.testing.assert_allclose(_decode(d1[name]["y"]), _decode(d0[name]["y"]), rtol=1e-12)


#: The absolute resolution of a number in ``to_json`` (10 decimal places).
JSON_DECIMAL_STEP = 1e-10


def test_report_from_plan_json(made: dict[str, Any]) -> None:
    # `tigris plan --json` output (tables as records) renders the same figures; its
    # numbers pass through pandas.to_json (10 significant digits), hence rtol 1e-9 with
    # an absolute floor of 1e-9 of the series' largest value
    from tigris.report import render_html

    again = html_traces(render_html(json.loads(made["out"])))
    assert {k: [t["name"] for t in v] for k, v in again.items()} == {
        k: [t["name"] for t in v] for k, v in made["traces"].items()
    }
    for fig_id in ("fig-supply", "fig-demand", "fig-capex", "fig-schedule"):
        a, b = by_name(made["traces"][fig_id]), by_name(again[fig_id])
        for name in a:
            for axis in ("x", "y", "base"):
                if axis in a[name] and a[name][axis] is not None:
                    got, want = _decode(b[name][axis]), _decode(a[name][axis])
                    if want.dtype.kind in "fiu":
                        floor = 1e-9 * float(np.max(np.abs(want), initial=0.0))
                        # pandas writes 10 decimal places: a residue near zero
                        # (1.86e-9 H100e) reads back as 1.9e-09
                        floor = max(floor, JSON_DECIMAL_STEP)
                        np.testing.assert_allclose(got, want, rtol=1e-9, atol=floor, err_msg=name)
                    else:
                        assert list(got) == list(want), name


def test_report_names_the_inputs_that_made_it(made: dict[str, Any]) -> None:
    # the plan is stamped with the SHA-256 of the reference scenario as solved (its
    # JSON, UT-REPRO #5) and the shipped data tables; the saved run keeps it and the
    # report prints it
    import hashlib

    from tigris.provenance import inputs_hash
    from tigris.scenario import reference_scenario

    doc = json.loads((made["dir"] / "run" / "plan.json").read_text())
    want = inputs_hash(reference_scenario().model_dump_json())
    assert doc["input_hash"] == want != hashlib.sha256(b"").hexdigest()
    assert made["html"].count(f'<code title="{want}">{want[:12]}</code>') == 2  # head, foot
