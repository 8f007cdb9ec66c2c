"""What a published plan says about its own inputs (session 2026-12-04, JOURNO-A).

A journalist's user test (/work/notes/usertest_journo.md) found that $100B, $500B and
$7T buy the same plan because texas-usa may host 40 modules, a scenario assumption the
output called only "full" (#1); that a ``--set`` run called itself "reference" in its
header, report title, figure footers and ``runs list``, and kept the old value's source
(#2); and that no key assumption had a date (#4).

Expected values are written by hand from the reference scenario file
(``src/tigris/data/reference_scenario.yaml``: corporate-partners' $16B and its source
text; texas-usa's 40 modules and 4,000 MW) and the data tables' own rows.
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from tigris.plan.explain import SITE_SOURCE_MARK
from tigris.plan.result import (
    COMMAND_LINE_AS_OF,
    SCENARIO_AS_OF,
    Explanation,
    cite_site_limits,
    scenario_source_rows,
    with_as_of,
)
from tigris.report.png import footer_line
from tigris.report.provenance import ReportInfo
from tigris.scenario import reference_scenario
from tigris.scenario.edit import COMMAND_LINE, diff, set_paths

#: The reference's corporate-partners tranche and its source, as the file writes them.
OLD_SOURCE = "tigris assumption: corporate and foundry partners"
#: A small plan whose one site the plan fills (docs/examples: a greenfield UAE campus
#: of data-centre modules); one module allowed, so the cap binds.
EXAMPLE = Path("docs/examples/neuromorphic-plan.yaml")
EXAMPLE_DATA = Path("docs/examples/neuromorphic-npu.yaml")


def _table(name: str) -> list[dict[str, str]]:
    text = (resources.files("tigris.data") / f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


# --- #2: a run edited on the command line says so ----------------------------------


def test_a_set_value_names_the_run_and_keeps_its_old_source() -> None:
    sc = reference_scenario()
    edited = set_paths(sc, {"capital.2.amount_usd": 7e12}, field=COMMAND_LINE)
    assert edited.name == "reference (edited: capital.corporate-partners.amount_usd)"
    assert edited.capital[2].amount_usd == 7e12
    assert edited.capital[2].source == (
        "set on the command line (--set capital.2.amount_usd=7e12); was 1.6e10 from: " + OLD_SOURCE
    )
    # the other tranches keep their own sources
    assert [c.source for c in edited.capital[:2]] == [c.source for c in sc.capital[:2]]
    # a value with no entry of its own (a site's cap) is sourced under sources: by path
    again = set_paths(edited, {"sites.texas-usa.max_modules": 100}, field=COMMAND_LINE)
    assert again.name == (
        "reference (edited: capital.corporate-partners.amount_usd, sites.texas-usa.max_modules)"
    )
    assert again.sources["sites.texas-usa.max_modules"].startswith(
        "set on the command line (--set sites.texas-usa.max_modules=100); was 40 from: "
    )


def test_a_source_set_on_the_command_line_is_kept_as_given() -> None:
    sc = reference_scenario()
    edited = set_paths(
        sc,
        {"capital.2.amount_usd": 2e10, "capital.2.source": "test: a $20B pledge"},
        field=COMMAND_LINE,
    )
    assert edited.capital[2].source == "test: a $20B pledge"
    assert edited.sources["capital.corporate-partners.amount_usd"] == (
        "set on the command line (--set capital.2.amount_usd=2e10); was 1.6e10 from: " + OLD_SOURCE
    )
    assert edited.name == (
        "reference (edited: capital.corporate-partners.amount_usd, "
        "capital.corporate-partners.source)"
    )


def test_an_edit_from_python_is_not_marked() -> None:
    """``Scenario.set`` and sweeps (no ``field``) change the value only: the name and
    sources stay, so ``diff`` lists just the value (README's Python example)."""
    sc = reference_scenario()
    assert diff(sc, sc.set("pue", 1.3)) == [("pue", 1.2, 1.3)]
    assert set_paths(sc, {"pue": 1.3}, field=None).name == "reference"


def test_the_png_footer_names_the_scenario() -> None:
    info = ReportInfo("0.1.0", "2026-12-04T15:00:00Z")
    line = footer_line("reference (edited: pue)", info)
    assert line == (
        "scenario 'reference (edited: pue)' · tigris 0.1.0 · created 2026-12-04T15:00:00Z "
        "· inputs sha256 unknown"
    )


def test_a_set_run_says_so_in_header_list_footer_and_sources(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI end to end on a small plan: terminal header, the stored run's list row,
    run.json's name, the capital row's source, the figures' footer text; and the full
    site's explanation says its cap is the scenario's and how to lift it (#1)."""
    store = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(store))
    out = tmp_path / "out"
    res = run_cli(
        "plan", EXAMPLE, "--data", EXAMPLE_DATA,
        "--set", "sites.uae.max_modules=1", "--set", "capital.fund.amount_usd=7e9",
        "--out", out, "--report", tmp_path / "r.html",
    )  # fmt: skip
    assert res.code == 0, res.err
    name = "neuromorphic-greenfield (edited: sites.uae.max_modules, capital.fund.amount_usd)"
    head = " ".join(res.out.split("\n")[:3])
    assert f"scenario '{name}'" in " ".join(head.split()), head
    doc = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert doc["scenario_name"] == name
    rows = {r["parameter"]: r for r in doc["assumptions"]}
    assert rows["capital fund"]["value"] == 7e9
    assert rows["capital fund"]["source"].startswith(
        "set on the command line (--set capital.fund.amount_usd=7e9); was 5e9 from: "
    )
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert f"<title>tigris plan: {name} (2026–2031)</title>" in html
    listed = run_cli("runs", "list", "--json")
    assert listed.code == 0, listed.err
    assert [r["scenario_name"] for r in json.loads(listed.out)] == [name]
    # the full site: the cap is the scenario's assumption, with the way to lift it
    full = [b["text"] for b in doc["binding"] if b["kind"] == "site_modules"]
    assert len(full) == 1, doc["binding"]
    assert full[0].startswith("Site uae is full: the 1 module it may host is built or started.")
    assert "an assumption of the scenario (sites.uae.max_modules)" in full[0]
    assert "To lift it: --set sites.uae.max_modules=N" in full[0]


# --- #1: site limits among the key assumptions, quoted where they bind ---------------


def test_every_site_limit_is_a_key_assumption() -> None:
    rows = scenario_source_rows(reference_scenario())
    limits = {r[0]: r for r in rows if r[0].startswith("site ")}
    # the reference file's seven sites, two limits each
    names = ["taiwan", "arizona-usa", "japan", "germany", "south-korea", "uae", "texas-usa"]
    assert sorted(limits) == sorted(
        f"site {n}: {what}" for n in names for what in ("max modules", "power limit")
    )
    assert limits["site texas-usa: max modules"][1:3] == (40, "modules")
    assert limits["site texas-usa: power limit"][1:3] == (4000.0, "MW")
    assert limits["site germany: max modules"][1] == 2
    # a source under sources: by the field's path, else said to be unsourced
    sourced = set_paths(
        reference_scenario(), {"sources[sites.texas-usa.max_modules]": "test: a campus"}
    )
    rows = {r[0]: r for r in scenario_source_rows(sourced)}
    assert rows["site texas-usa: max modules"][3] == "test: a campus"
    assert "sites.texas-usa.max_modules" not in rows  # in the site's own row, not twice
    bare = reference_scenario().model_copy(update={"sources": {}})
    rows = {r[0]: r for r in scenario_source_rows(bare)}
    assert rows["site texas-usa: power limit"][3] == (
        "scenario sites.texas-usa.power_limit_mw: the scenario's assumption, no source "
        "given (add one under sources: sites.texas-usa.power_limit_mw)"
    )


def test_a_site_limit_explanation_quotes_its_source() -> None:
    mark = SITE_SOURCE_MARK.format(row="site texas-usa: max modules")
    text = f"Site texas-usa is full: ... not a limit of the world: {mark}. To lift it: ..."
    binding = [Explanation("site_modules", None, text), Explanation("capital", 2028, mark)]
    table = pd.DataFrame(
        [("site texas-usa: max modules", 40, "modules", "tigris assumption: 4 GW campus.")],
        columns=["parameter", "value", "unit", "source"],
    )
    cited = cite_site_limits(binding, table)
    assert cited[0].text == (
        "Site texas-usa is full: ... not a limit of the world: its source (site "
        "texas-usa: max modules): tigris assumption: 4 GW campus. To lift it: ..."
    )
    assert cited[1] == binding[1]  # only a site's limit is cited
    assert cite_site_limits(binding, table.iloc[0:0]) == binding  # no row: as it was


# --- #4: every assumption dated by the rows it comes from ----------------------------


def test_as_of_comes_from_the_data_rows_quoted() -> None:
    road = {r["product"]: r for r in _table("roadmap")}
    taxes = sorted({r["as_of"] for r in _table("tax_rates")})
    sc = reference_scenario()
    frame = pd.DataFrame(
        [
            ("b200: compute per unit", 2.27, "H100e", road["b200"]["source"]),
            ("taiwan: corporate tax rate", 0.2, "", "data/tax_rates.csv"),
            ("capital corporate-partners", 1.6e10, "USD", OLD_SOURCE),
            ("objective", "npv", "-", "tigris plan --objective"),
            ("taiwan logic-N5: module", "x", "", "tigris.fab.fab_model (dollars_of=2024)"),
            ("site texas-usa: max modules", 40, "modules", "scenario 'reference' sites..."),
        ],
        columns=["parameter", "value", "unit", "source"],
    )
    dated = with_as_of(frame, sc)
    assert list(dated.columns) == ["parameter", "value", "unit", "source", "as_of"]
    assert list(dated["as_of"]) == [
        road["b200"]["as_of"],
        f"{taxes[0]}..{taxes[-1]}",
        SCENARIO_AS_OF,
        COMMAND_LINE_AS_OF,
        "",  # computed by tigris from rows of its own: not one date
        SCENARIO_AS_OF,
    ]
    # a row the run already dated keeps its date
    kept = with_as_of(dated.assign(as_of=["2020-01"] * len(dated)), sc)
    assert set(kept["as_of"]) == {"2020-01"}


def test_scenario_show_lists_the_assumptions_with_their_dates(run_cli) -> None:
    """``tigris scenario show --assumptions``: every row the plan would list, dated."""
    res = run_cli("scenario", "show", "--assumptions", "--json")
    assert res.code == 0, res.err
    rows = json.loads(res.out)
    assert rows and all(set(r) == {"parameter", "value", "unit", "source", "as_of"} for r in rows)
    by = {r["parameter"]: r for r in rows}
    assert by["capital corporate-partners"]["as_of"] == SCENARIO_AS_OF
    assert by["capital corporate-partners"]["value"] == 1.6e10
    # a roadmap product's per-unit rows cite and are dated by the catalog entry their
    # numbers come from (a new user's test of 2026-12-07: they cited the roadmap row's
    # ship-year note); the product's own rows (first year made) keep the roadmap's
    b200 = {r["name"]: r for r in _table("accelerators")}["b200"]
    assert by["b200: logic wafers per unit 2026->2035"]["as_of"] == b200["as_of"]
    text = run_cli("scenario", "show", "--assumptions")
    assert text.code == 0, text.err
    lines = text.out.splitlines()
    assert lines[0::2] == [x for x in lines if not x.startswith("    source: ")]
    assert len(lines) == 2 * len(rows)
    assert "capital corporate-partners: 16,000,000,000 USD (as_of scenario)" in lines
    assert all("(as_of " in line for line in lines[0::2])
