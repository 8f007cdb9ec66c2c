"""The subsidies table is kept in the runs store (user test s49, energy and finance #7).

docs/finance.md said the subsidies table "is not kept in the runs store: a report made
from a stored run has none", while docs/runs.md lists ``subsidies`` among the stored
tables and ``tigris runs export ID --format csv`` writes subsidies.csv. The store's
side is true; the doc now says so. Here a plan is stored with a 30 % subsidy at the
site it builds in, exported, and the export's rows are the plan's: each subsidy 30 %
of its capex, the same rows as ``tigris plan --out`` wrote, and a report made from the
export has the subsidy table.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.conftest import SMALL_3Y, write_scenario

SHARE = 0.3


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def test_a_stored_runs_subsidies_are_exported_and_reported(run_cli, tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    scen = write_scenario(tmp_path, SMALL_3Y)  # one site, japan
    out = tmp_path / "plan"
    res = run_cli(
        "plan", scen, "--store", store, "--out", out,
        "--set", f"sites.japan.subsidy_share_of_capex={SHARE}",
    )  # fmt: skip
    assert res.code == 0, res.err
    listed = run_cli("runs", "list", "--json", "--store", store)
    [run] = json.loads(listed.out)
    exported = tmp_path / "export"
    res = run_cli(
        "runs", "export", run["id"], "--format", "csv", "--out", exported, "--store", store
    )
    assert res.code == 0, res.err
    rows = _rows(exported / "subsidies.csv")
    built = [r for r in rows if float(r["capex_usd"]) > 0]
    assert built, rows  # the plan builds at japan
    for r in built:
        assert float(r["subsidy_usd"]) == pytest.approx(SHARE * float(r["capex_usd"]), rel=1e-9)
    key = ("site", "facility", "owner", "subsidy_usd")
    plan_rows = {tuple(r[k] for k in key) for r in _rows(out / "subsidies.csv")}
    assert {tuple(r[k] for k in key) for r in rows} == plan_rows
    html = tmp_path / "report.html"
    res = run_cli("report", exported, "--html", html)
    assert res.code == 0, res.err
    assert 'id="table-subsidy"' in html.read_text(encoding="utf-8")


def test_the_finance_doc_does_not_say_the_store_drops_them() -> None:
    """The doc of the imported tree (``PYTHONPATH=OLD/src`` reads the old one's)."""
    import tigris

    root = Path(tigris.__file__).resolve().parents[2]
    if not (root / "docs").is_dir():  # a non-editable install: the checkout's docs
        root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "finance.md").read_text(encoding="utf-8")
    assert "not kept in the runs store" not in text
    assert "tigris runs export" in text[text.index("### Subsidy by site") :]
