"""A site's subsidy share from ``--data`` or ``--set`` is credited there, not to
``data/sites.csv`` (user test: an overlay's 0.7 for japan showed as ``data/sites.csv``,
whose value is 0.37, in ``subsidies.csv``, "Subsidy by site" and the key assumptions,
while the tax-rate row beside it named the file)."""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path
from typing import Any

import pytest

#: Plans of the reference with a change, seconds apiece: run with ``-m slow``; the
#: default run keeps a sample of such what-ifs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"

OVERLAY = textwrap.dedent(
    """\
    sites:
      - name: japan
        based_on: japan
        subsidy_share_of_capex: 0.7
        source: test
        as_of: 2026-01
    """
)
#: The same site with the shipped share (only its permit months changed).
SAME_SHARE = textwrap.dedent(
    """\
    sites:
      - name: japan
        based_on: japan
        permit_months: 20
        source: test
        as_of: 2026-01
    """
)


def _japan(out: Path) -> list[dict[str, str]]:
    with (out / "subsidies.csv").open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["site"] == "japan"]


def _plan(tmp_path: Path, run_cli: Any, *args: Any) -> Path:
    out = tmp_path / "out"
    res = run_cli("plan", SMALL, "--no-store", "--out", out, "--report", out / "r.html", *args)
    assert res.code == 0, res.err
    return out


def test_a_share_from_data_names_the_file_and_line(tmp_path: Path, run_cli: Any) -> None:
    data = tmp_path / "d7.yaml"
    data.write_text(OVERLAY, encoding="utf-8")
    out = _plan(tmp_path, run_cli, "--data", data)
    rows = _japan(out)
    assert rows
    for r in rows:
        assert float(r["share"]) == pytest.approx(0.7)
        assert r["source"].startswith(f"--data {data}:4: sites japan subsidy_share_of_capex")
        assert "(source: test" in r["source"]
    page = (out / "r.html").read_text(encoding="utf-8")
    assumptions = page[page.index('<section id="assumptions">') :]
    row = assumptions[assumptions.index("japan: subsidy share of capex used") :][:600]
    assert f"--data {data}:4" in row
    assert "data/sites.csv" not in row


def test_a_share_set_on_the_command_line_says_so(tmp_path: Path, run_cli: Any) -> None:
    out = _plan(tmp_path, run_cli, "--set", "data.sites.japan.subsidy_share_of_capex=0.6")
    rows = _japan(out)
    assert rows
    for r in rows:
        assert float(r["share"]) == pytest.approx(0.6)
        assert r["source"].startswith(
            "set on the command line (--set data.sites.japan.subsidy_share_of_capex=0.6)"
        )
        assert "was 0.37 from: data/sites.csv" in r["source"]


def test_an_overlay_that_keeps_the_shipped_share_is_still_the_table(
    tmp_path: Path, run_cli: Any
) -> None:
    data = tmp_path / "same.yaml"
    data.write_text(SAME_SHARE, encoding="utf-8")
    out = _plan(tmp_path, run_cli, "--data", data)
    rows = _japan(out)
    assert rows
    for r in rows:
        assert float(r["share"]) == pytest.approx(0.37)
        assert r["source"] == "data/sites.csv"
