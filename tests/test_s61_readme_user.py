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
