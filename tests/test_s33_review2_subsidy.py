"""Review RV-W2 (session 33): tests killing mutations that survived POL-SUB's own tests
(tests/test_s33_subsidy.py, test_s33_subsidy_set.py), run in a worktree with only the
mutated source on PYTHONPATH.

- The subsidy table counts only the capex spent within the horizon (docs/finance.md,
  "Subsidy by site"), as the capex table does: POL-SUB's fixture ends its money in
  2028, so every build finishes spending by 2030 and a table counting each module's
  whole capex passes it. Here a germany HBM module starts in 2029 (a builds table
  given by hand): only the 2029 and 2030 parts of its spend profile count.
- Solver noise (|x| < CAPEX_NOISE_USD = 1e-3 USD) prints as 0, but a term of real
  money stays whatever its sign: the reference's salvage term is about -$15B (a
  credit), and the printed objective terms still sum to the objective.
- ``--set`` warns of what the edit brings, not of what the file already warned of.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_scenario
from tests.test_s33_subsidy import POL, SITES_CSV


def test_a_late_start_counts_only_the_capex_spent_within_the_horizon(tmp_path: Path) -> None:
    """Kills ``left = n_l`` in plan.result.subsidy_table (each module's whole capex).

    One germany HBM module started in 2029 of POL's 2026-2030 horizon: its capex is
    spent over 4 years by the inputs' spend profile at germany (0.267, 0.344, 0.289,
    0.1), so 0.267 + 0.344 = 0.611 of it within the horizon; germany's share 0.50
    (data/sites.csv) of that is the subsidy.
    """
    import pandas as pd

    from tigris.plan.assemble import assemble_file
    from tigris.plan.result import subsidy_table

    sc, inp, _ = assemble_file(write_scenario(tmp_path, POL))
    s, k = list(inp.sites).index("germany"), list(inp.facilities).index("hbm")
    spend = [round(float(x), 3) for x in inp.spend[s, k]]
    assert spend[:4] == [0.267, 0.344, 0.289, 0.1] and sum(spend[4:]) == 0
    capex = float(inp.capex_usd[s, k])
    builds = pd.DataFrame(
        [{"site": "germany", "facility": "hbm", "node": None, "start_year": 2029, "modules": 1}]
    )
    t = subsidy_table(sc, inp, builds)
    row = t[(t["site"] == "germany") & (t["facility"] == "hbm")].iloc[0]
    within = float(inp.spend[s, k, 0] + inp.spend[s, k, 1])
    assert within == pytest.approx(0.611, abs=1e-3)
    assert row["modules"] == 1
    assert row["capex_usd"] == pytest.approx(within * capex, rel=1e-12)
    assert row["subsidy_usd"] == pytest.approx(SITES_CSV["germany"] * within * capex, rel=1e-12)
    assert SITES_CSV["germany"] == 0.5
    assert t["capex_usd"].sum() == pytest.approx(within * capex, rel=1e-12)  # nothing else


def test_a_negative_term_of_real_money_is_not_noise(reference_solved: Any) -> None:
    """Kills ``v < CAPEX_NOISE_USD`` for ``abs(v) < ...`` in terms_without_noise (every
    negative term would print as 0)."""
    from tigris.plan.result import CAPEX_NOISE_USD, terms_without_noise
    from tigris.report.result import report_tables

    assert CAPEX_NOISE_USD == 1e-3
    assert terms_without_noise({"a": -5.0, "b": 2e-4, "c": -2e-4, "d": 7.0}) == {
        "a": -5.0,
        "b": 0.0,
        "c": 0.0,
        "d": 7.0,
    }
    salvage = float(reference_solved.objective_terms_usd["salvage"])
    assert salvage < -1e9  # a credit of billions: the reference's tools left at the end
    tables = report_tables(reference_solved)
    assert tables.objective_terms_usd["salvage"] == salvage
    assert math.isclose(
        sum(tables.objective_terms_usd.values()),
        float(reference_solved.objective_usd),
        rel_tol=1e-9,
    )


def test_set_does_not_repeat_the_file_s_own_warning() -> None:
    """Kills dropping the ``not in before`` filter of set_warning_lines: a scenario that
    already warns of texas-usa's 0.9, edited at germany (a fab site), brings nothing new."""
    from tigris.scenario import reference_scenario
    from tigris.scenario.checks_subsidy import set_warning_lines
    from tigris.scenario.edit import set_paths

    texas = {"sites.texas-usa.subsidy_share_of_capex": 0.9}
    base = set_paths(reference_scenario(), texas)
    assert len(set_warning_lines(reference_scenario(), base, texas)) == 1  # it warns
    fab = {"sites.germany.subsidy_share_of_capex": 0.2}
    assert set_warning_lines(base, set_paths(base, fab), fab) == []


def _empty_builds() -> Any:
    import pandas as pd

    return pd.DataFrame(columns=["site", "facility", "node", "start_year", "modules"])


def test_a_data_centre_s_own_share_is_named_as_the_facility_s(tmp_path: Path) -> None:
    """Kills the datacenter test put before the facility's own share in subsidy_table's
    source rule (docs/scenario-files.md: a data centre takes only its facility's own
    subsidy_share). A datacenter facility with subsidy_share 0.3 takes 0.3 at every
    site, from 'scenario facilities[].subsidy_share'; the fabs keep sites.csv's."""
    from tests.conftest import replaced
    from tigris.plan.assemble import assemble_file
    from tigris.plan.result import SHARE_FROM_FACILITY, subsidy_table

    text = replaced(
        POL, ("  - kind: hbm\n", "  - kind: hbm\n  - kind: datacenter\n    subsidy_share: 0.3\n")
    )
    sc, inp, _ = assemble_file(write_scenario(tmp_path, text))
    t = subsidy_table(sc, inp, _empty_builds())
    dc = t[t["facility"] == "datacenter"]
    assert sorted(dc["site"]) == sorted(SITES_CSV)
    assert set(dc["source"]) == {SHARE_FROM_FACILITY}
    assert dc["share"].tolist() == pytest.approx([0.3] * 4, abs=1e-12)
    fabs = t[t["facility"] != "datacenter"]
    for row in fabs.itertuples():
        assert row.share == pytest.approx(SITES_CSV[row.site], abs=1e-12)


def test_another_owner_s_site_has_a_row_only_where_it_built(tmp_path: Path) -> None:
    """Kills dropping ``investor and`` from subsidy_table's row rule (every pair any
    owner may build would get a row). With incumbents responding, POL's 4 sites x 3
    facility types are the investor's 12 rows; the incumbents' sites (TSMC, SK hynix,
    Samsung, Micron, Intel) appear only with a module built there: one TSMC CoWoS module
    given by hand adds exactly its row (taiwan's share 0, data/sites.csv)."""
    import pandas as pd

    from tests.conftest import replaced
    from tigris.plan.assemble import assemble_file
    from tigris.plan.result import INVESTOR, subsidy_table

    text = replaced(POL, ("supply:\n", "supply:\n  baseline: announced\n"))
    text += "incumbents:\n  respond: true\n"
    sc, inp, _ = assemble_file(write_scenario(tmp_path, text))
    assert any(o != INVESTOR for o in inp.site_owner)  # the incumbents' own sites
    t = subsidy_table(sc, inp, _empty_builds())
    assert len(t) == 4 * 3 and set(t["owner"]) == {INVESTOR}
    built = pd.DataFrame(
        [
            {
                "site": "tsmc@taiwan",
                "facility": "cowos",
                "node": None,
                "start_year": 2027,
                "modules": 1,
            }
        ]
    )
    t = subsidy_table(sc, inp, built)
    others = t[t["owner"] != INVESTOR]
    assert others[["site", "facility", "owner", "modules"]].values.tolist() == [
        ["tsmc@taiwan", "cowos", "TSMC", 1.0]
    ]
    assert float(others["share"].iloc[0]) == SITES_CSV["taiwan"] == 0.0
