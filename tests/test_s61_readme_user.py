"""A new user's test from a fresh clone (2026-12-07): what they tripped on."""

from __future__ import annotations

from pathlib import Path


def test_a_site_cell_reaching_no_module_is_said(run_cli) -> None:
    """The reference's texas-usa builds data centres only, which take no site subsidy:
    ``--set sites.texas-usa.subsidy_share_of_capex=0.3`` warned, the same change as a
    data-table cell (``data.sites...``) was silent and compare showed every result
    unchanged with no word."""
    res = run_cli(
        "plan", "--set", "data.sites.texas-usa.subsidy_share_of_capex=0.3", "--no-store", "--json"
    )
    assert res.code == 0, res.err
    said = [ln for ln in res.err.splitlines() if ln.startswith("warning: ")]
    assert any(
        "data.sites.texas-usa.subsidy_share_of_capex: changes nothing at texas-usa: not its "
        "datacenter, datacenter-gas modules: the sites' subsidies are fab grants" in ln
        for ln in said
    ), res.err
    # the cell at a site that builds fabs reaches them: no such line
    ok = run_cli(
        "plan", "--set", "data.sites.japan.subsidy_share_of_capex=0.3", "--no-store", "--json"
    )
    assert ok.code == 0 and "changes nothing at japan" not in ok.err


def test_the_readme_names_the_python_it_needs() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    first_screen = readme.split("## What it is for")[0]
    assert "Python 3.11" in first_screen


def test_per_unit_rows_cite_the_catalog_not_the_roadmap_note(reference_plan_json) -> None:
    """A roadmap product's per-unit rows (compute, power, wafers, HBM) cited the
    product's ship-year note, not the catalog entry the numbers come from: B200's
    1,787.5 W (DGX B200 14.3 kW / 8) read "Ship years: B200 from late 2024 ..."."""
    import json

    from tigris.catalog import get_accelerator

    doc = json.loads(reference_plan_json)
    rows = {r["parameter"]: r for r in doc["assumptions"]}
    power = rows["b200: system power per unit"]
    assert power["value"] == get_accelerator("b200").system_power_w == 14300 / 8
    assert "on the catalog entry" in power["source"] and "Ship years" not in power["source"]
    per_unit = [r for k, r in rows.items() if " per unit" in k or " per good unit" in k]
    assert per_unit and not any("Ship years" in r["source"] for r in per_unit)
    hbm = next(k for k in rows if k.startswith("b200: HBM GB per good unit"))
    assert "packaging losses included" in hbm
    # each class's priority once, with its own source (not the class share's)
    prio = [k for k in rows if "priority" in k]
    assert prio == [f"demand {c}: priority" for c in
                    ("frontier-training", "inference", "fine-tuning-and-other")]  # fmt: skip
    # the reference gives none under sources: (its YAML comment says "tigris
    # assumption"): the row says so, where it read the class share's source before
    assert all(rows[k]["source"].startswith("scenario demand.") for k in prio)
    assert not any("Epoch" in rows[k]["source"] for k in prio)


def test_the_compare_figure_page_has_a_title(run_cli, tmp_path: Path) -> None:
    """``compare --figure diff.html`` wrote a page with no title (the browser tab said
    the file name only)."""
    from .conftest import SMALL_3Y

    a, b = tmp_path / "less.yaml", tmp_path / "more.yaml"
    a.write_text(SMALL_3Y, encoding="utf-8")
    b.write_text(SMALL_3Y.replace("amount_usd: 2.0e10", "amount_usd: 3.0e10"), encoding="utf-8")
    out = tmp_path / "diff.html"
    res = run_cli("compare", str(a), str(b), "--no-store", "--figure", str(out))
    assert res.code == 0, res.err
    page = out.read_text(encoding="utf-8")
    assert "<title>tigris compare: less.yaml (A) against more.yaml (B)</title>" in page
    head = page[: page.index("</head>")]
    assert head.count("<title>") == 1  # (plotly.js itself holds the string too)
