"""``tigris compare --sweep`` shows a range's values as the sweep table does (user test
UT-POLICY, 2026-12-04, #9: ``values 0.19999999999999998``, ``0.39999999999999997``
where ``tigris sweep`` printed 0.2 and 0.4). ``--json`` keeps the exact values."""

from __future__ import annotations

import re

import pytest

from tests.conftest import SMALL, write_scenario

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

PATH = "sites.taiwan.subsidy_share_of_capex"


def test_compare_sweep_values_read_as_the_sweep_tables(tmp_path, run_cli) -> None:
    scenario = write_scenario(tmp_path, SMALL)
    store = tmp_path / "runs.duckdb"
    swept = run_cli("sweep", scenario, "--set", f"{PATH}=0:0.6:4", "--store", store)
    assert swept.code == 0, swept.err
    sid = re.search(r"sweep ([0-9a-f]{12}) stored", swept.out + swept.err)[1]
    # 0 + 1 * (0.6 - 0) / 3 is 0.19999999999999998 in binary floating point: the range
    # rounds it away now (user test s48 sweeps #5), and JSON keeps the values exact
    doc = run_cli("compare", "--sweep", sid, "--store", store, "--json").json()
    exact = [m[PATH] for m in doc["members"]]
    assert exact == [0, 0.2, 0.4, 0.6]
    res = run_cli("compare", "--sweep", sid, "--store", store)
    assert res.code == 0, res.err
    rows = [x for x in res.out.splitlines() if re.match(r"^│\s+\d+ │", x)]
    values = [x.split("│")[2].strip() for x in rows]
    assert values == ["0", "0.2", "0.4", "0.6"]
    assert "0.19999999999999998" not in res.out and "0.39999999999999997" not in res.out
    # the sweep's own table printed the same values
    for v in ("0.2", "0.4", "0.6"):
        assert re.search(rf"^\d\s+{re.escape(v)}\s", swept.out, re.M), v
