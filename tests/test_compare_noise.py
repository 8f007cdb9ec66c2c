"""``tigris compare`` prints numbers as numbers (user test 2026-12-03, #11 and #12).

#12: a year's capex of -$0.000069 (solver noise in the capex table beside billions) was
printed as money; a value or change within 1e-9 of the largest of its quantity is 0,
as the headline metrics' residue already was (docs/compare.md). #11: "Inputs that
differ" printed ``20000000000.0`` for a scenario value written ``2.0e10``.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from tests.conftest import SMALL
from tests.test_compare_more_demand import A, B
from tigris.runs.compare import by_year_table
from tigris.runs.store import RunRecord, RunStore

NOISE = -6.9e-5  # user test #12: "capex A 2026 -$0.000069" [USD]
CAPEX = 1.2e10  # a year's capex beside it [USD]


def _with_capex(r, values):
    capex = pd.DataFrame(
        {"year": [2026, 2027, 2028], "source": "fund", "capex_usd": values, "owner": "investor"}
    )
    return dataclasses.replace(r, capex=capex)


NOISY = _with_capex(A, [NOISE, CAPEX, 0.0])
CLEAN = _with_capex(B, [0.0, CAPEX, 3.0])


def test_noise_is_zero_by_year() -> None:
    t = by_year_table(NOISY, CLEAN).set_index("year")
    assert t.loc[2026, "capex_a"] == 0.0 and t.loc[2026, "capex_change"] == 0.0
    assert t.loc[2027, "capex_a"] == CAPEX and t.loc[2027, "capex_change"] == 0.0
    # $3 beside $12B is within 1e-9 x 1.2e10 = $12: noise too
    assert t.loc[2028, "capex_b"] == 0.0 and t.loc[2028, "capex_change"] == 0.0


def test_real_small_differences_stay() -> None:
    """Only what is within 1e-9 of the largest is noise: $100 beside $12B (above $12)
    stays, in the value and in the change."""
    t = by_year_table(_with_capex(A, [100.0, CAPEX, 0.0]), CLEAN).set_index("year")
    assert t.loc[2026, "capex_a"] == 100.0 and t.loc[2026, "capex_change"] == -100.0


def test_the_cli_prints_no_noise_and_inputs_as_written(run_cli, tmp_path) -> None:
    store = tmp_path / "runs.duckdb"
    st = RunStore(store)
    more = SMALL.replace("amount_usd: 2.0e10", "amount_usd: 3.0e10")
    ids = [
        st.add(RunRecord("plan", text, "small"), r) for text, r in ((SMALL, NOISY), (more, CLEAN))
    ]
    res = run_cli("compare", ids[0], ids[1], "--store", store)
    assert res.code == 0, res.err
    assert "0.000069" not in res.out
    assert "2e10" in res.out and "3e10" in res.out
    assert "20000000000.0" not in res.out
