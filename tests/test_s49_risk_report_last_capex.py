"""The risk report leaves out the last year's "Capex spent in the year", 0 in every
plan by construction (docs/risk.md: a module whose spending falls in the last year
serves nothing in the horizon), as the summary does since UT-MONEY #5 (user test s49
#12); the JSON keeps every year, and the capital spent over the horizon is shown."""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import UNCERTAIN

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow


def test_report_has_no_last_year_capex_row(tmp_path: Path) -> None:
    from tigris.cli import main

    path = tmp_path / "u.yaml"
    path.write_text(UNCERTAIN)
    report = tmp_path / "r.html"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        args = ["risk", str(path), "--samples", "2", "--seed", "7", "--workers", "0",
                "--no-store", "--json", "--report", str(report)]  # fmt: skip
        assert main(args) == 0
    doc = json.loads(out.getvalue())
    capex = doc["quantiles"]["capex_usd"]["values"]
    last = "2028"  # UNCERTAIN's horizon: 2026-2028
    assert max(capex) == last
    # the world: nothing is spent in the last year, in any plan; the JSON keeps the year
    assert capex[last]["p95"] == 0.0 and capex[last]["p5"] == 0.0
    page = html.unescape(report.read_text())
    for table in ("table-quantiles", "table-intervals"):
        start = page.index(f'id="{table}"')
        body = page[start : page.index("</table>", start)]
        names = re.findall(r"<tr[^>]*><td>([^<]*)</td>", body)
        assert names, table
        assert not [n for n in names if n.startswith("Capex spent in the year")], names
        assert any(n.startswith("Capital spent") for n in names), names
