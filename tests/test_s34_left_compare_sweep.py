"""``tigris compare --sweep`` shows each member's subsidy [USD] with its change against
member 0, as two-run ``tigris compare`` shows the subsidy in Results (UT-POLICY #1).
Its members table had served, unmet share and NPV only: a sweep over a subsidy share
showed no subsidy dollars (only the lines under the table said what they bought).

The expected dollars are each member planned alone with ``--out`` (capex.csv's subsidy
rows, :func:`tests.test_s33_cmpsub.subsidy_of`), never compare's own output.
"""

from __future__ import annotations

import re

import pytest

from tests.test_s33_cmpsub import pol, subsidy_of

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

PATH = "sites.germany.subsidy_share_of_capex"
SHARES = (0.2, 0.4)


def _cells(out: str, member: int) -> list[str]:
    """A member's row of the members table, each cell's wrapped lines joined."""
    lines = out.splitlines()
    i = next(k for k, ln in enumerate(lines) if re.match(rf"^│ +{member} │", ln))
    rows = [lines[i]]
    for ln in lines[i + 1 :]:
        if not re.match(r"^│ +│", ln):  # a continuation line has an empty member cell
            break
        rows.append(ln)
    cols = [r.strip("│").split("│") for r in rows]
    return [" ".join(c[j].strip() for c in cols).strip() for j in range(len(cols[0]))]


def test_compare_sweep_shows_each_members_subsidy(tmp_path, run_cli) -> None:
    base = pol(tmp_path, "base", None)
    by_hand = []
    for i, share in enumerate(SHARES):
        out = tmp_path / f"m{i}"
        res = run_cli("plan", base, "--set", f"{PATH}={share}", "--no-store", "--out", out)
        assert res.code == 0, res.err
        by_hand.append(subsidy_of(out))
    store = tmp_path / "runs.duckdb"
    sets = ",".join(str(s) for s in SHARES)
    swept = run_cli("sweep", base, "--set", f"{PATH}={sets}", "--workers", "0", "--store", store)
    assert swept.code == 0, swept.err
    sid = re.search(r"sweep ([0-9a-f]{12}) stored", swept.out + swept.err)[1]
    res = run_cli("compare", "--sweep", sid, "--store", store)
    assert res.code == 0, res.err
    header = res.out.split("member 1 - member 0")[0]
    assert "subsidy" in header and "[USD]" in header, res.out
    change = by_hand[1] - by_hand[0]
    assert change > 0  # more share, more subsidy dollars
    want = [
        f"${by_hand[0] / 1e9:.1f}B (0)",
        f"${by_hand[1] / 1e9:.1f}B (+${change / 1e9:.1f}B)",
    ]
    for member, cell in enumerate(want):
        assert cell in _cells(res.out, member), (cell, res.out)
    for line in res.out.splitlines():  # within 80 columns
        assert len(line) <= 80, line
