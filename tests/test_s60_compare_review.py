"""A review of compare (2026-12-07): four defects of what it reports.

- builds mixed incumbents' with the investor's, so the changes did not sum to the
  difference in modules built; by-year capex held incumbents' capex;
- a planned side that drew nothing showed "–" capex, and the change was lost;
- a solve option equal to the scenario's own solver setting read as a difference;
- the scenario's ``description`` counted as a model input.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from tigris.runs.compare import BUILD_OWNER, builds_table, by_year_table

from .conftest import SMALL_3Y


def _builds(*rows: tuple) -> pd.DataFrame:
    cols = ["owner", "site", "facility", "node", "start_year", "modules"]
    return pd.DataFrame(rows, columns=cols)


def test_incumbents_builds_are_their_own_rows() -> None:
    a = _builds((BUILD_OWNER, "japan", "cowos", "", 2027, 2))
    b = _builds(
        ("samsung", "samsung@south-korea", "cowos", "", 2027, 1),
        ("tsmc", "tsmc@taiwan", "cowos", "", 2027, 1),
    )
    diff = builds_table(SimpleNamespace(builds=a, ok=True), SimpleNamespace(builds=b, ok=True))  # type: ignore[arg-type]
    mine = diff[diff["owner"] == BUILD_OWNER]
    # the investor's changes sum to the difference in the investor's modules: 0 - 2
    assert float(mine["change"].sum()) == -2.0
    assert set(diff["owner"]) == {BUILD_OWNER, "samsung", "tsmc"}


def test_a_table_without_owners_is_the_investors() -> None:
    a = _builds((BUILD_OWNER, "japan", "cowos", "", 2027, 2)).drop(columns="owner")
    b = _builds((BUILD_OWNER, "japan", "cowos", "", 2027, 3)).drop(columns="owner")
    diff = builds_table(SimpleNamespace(builds=a, ok=True), SimpleNamespace(builds=b, ok=True))  # type: ignore[arg-type]
    assert list(diff["owner"]) == [BUILD_OWNER] and list(diff["change"]) == [1.0]


def _plan(capex: pd.DataFrame) -> SimpleNamespace:
    years = [2026, 2027, 2028]
    demand = pd.DataFrame({"year": years, "served_h100e": [1.0, 2.0, 3.0], "unmet_h100e": 0.0})
    return SimpleNamespace(demand=demand, capex=capex, ok=True, horizon=(2026, 2028))


def test_a_planned_side_that_drew_nothing_spent_zero() -> None:
    spent = pd.DataFrame(
        {"year": [2026, 2027, 2028], "source": "fund", "capex_usd": [1e9, 5e8, 0.0],
         "owner": BUILD_OWNER}
    )  # fmt: skip
    none = pd.DataFrame(columns=["year", "source", "capex_usd", "owner"])
    t = by_year_table(_plan(spent), _plan(none))  # type: ignore[arg-type]
    assert list(t["capex_b"]) == [0.0, 0.0, 0.0]
    assert list(t["capex_change"]) == pytest.approx([-1e9, -5e8, 0.0])


def test_by_year_capex_is_the_investors() -> None:
    spent = pd.DataFrame(
        {"year": [2026, 2026], "source": ["fund", "samsung-capex"],
         "capex_usd": [1e9, 7e9], "owner": [BUILD_OWNER, "samsung"]}
    )  # fmt: skip
    t = by_year_table(_plan(spent), _plan(spent))  # type: ignore[arg-type]
    assert float(t.loc[t["year"] == 2026, "capex_a"].iloc[0]) == 1e9


def _stored(tmp_path: Path, options: tuple[dict, dict], texts: tuple[str, str]) -> list[str]:
    import tigris
    from tigris.runs.store import RunRecord, RunStore
    from tigris.scenario.edit import load_any

    st = RunStore(tmp_path / "runs.duckdb")
    result = tigris.plan(load_any(texts[0]))
    return [
        st.add(RunRecord(kind="plan", scenario_yaml=t, scenario_name="small", options=o), result)
        for o, t in zip(options, texts, strict=True)
    ]


def test_a_solve_option_at_the_scenarios_own_setting_is_no_difference(tmp_path: Path) -> None:
    from tigris.runs.compare import compare
    from tigris.scenario.edit import load_any

    own = load_any(SMALL_3Y).solver.time_limit_s
    ids = _stored(tmp_path, ({}, {"time_limit_s": own}), (SMALL_3Y, SMALL_3Y))
    c = compare(*ids, store=tmp_path / "runs.duckdb")
    assert c.inputs == []
    ids = _stored(tmp_path, ({}, {"time_limit_s": own + 1}), (SMALL_3Y, SMALL_3Y))
    c = compare(*ids, store=tmp_path / "runs.duckdb")
    assert c.inputs == [("option.time_limit_s", own, own + 1)]


def test_a_description_is_text_only(tmp_path: Path) -> None:
    from tigris.runs.compare import compare

    described = SMALL_3Y + 'description: "my notes on this run"\n'
    ids = _stored(tmp_path, ({}, {}), (SMALL_3Y, described))
    doc = compare(*ids, store=tmp_path / "runs.duckdb").to_dict()
    assert doc["text_only_inputs"] == ["description"]
    assert doc["inputs"] == []  # the model's inputs only


def _subsidies(rows: dict[str, float]) -> SimpleNamespace:
    table = pd.DataFrame(
        {"owner": BUILD_OWNER, "site": list(rows), "region": "asia-pacific",
         "subsidy_usd": list(rows.values())}
    )  # fmt: skip
    return SimpleNamespace(ok=True, subsidies=table)


def test_the_subsidy_change_is_split_by_government() -> None:
    """The policy analyst's Japan raise, by hand: Japan +$22.88B and south-korea +$2.19B
    for +202.3M H100e: $113 and $10.83 of each one's own money per added H100e."""
    from tigris.runs.compare import subsidy_by_site_words

    a = _subsidies({"japan": 14.79e9, "south-korea": 0.0})
    b = _subsidies({"japan": 37.67e9, "south-korea": 2.19e9})
    metrics = pd.DataFrame({"metric": ["served_h100e"], "change": [202.3e6]})
    words = subsidy_by_site_words(a, b, metrics)  # type: ignore[arg-type]
    assert "japan +$22.9B ($113)" in words
    assert "south-korea +$2.19B ($10.83)" in words
    # one site's change alone is the headline's own ratio: nothing to split
    one = subsidy_by_site_words(a, _subsidies({"japan": 37.67e9, "south-korea": 0.0}), metrics)  # type: ignore[arg-type]
    assert one == ""


def test_a_split_of_draws_alone_is_a_tie_not_a_change() -> None:
    """Where only the capex table's split among sources differs (the by-year totals
    equal), the line says it is a tie the solver breaks, and that the change did not
    bind; another table's difference does not get those words."""
    from tigris.runs.compare import _differ_clause

    def rec(table: str, column: str, a: float, b: float) -> dict:
        row = {"year": 2027, "source": "corporate-partners"}
        return {"table": table, "column": column, "row": row, "a": a, "b": b,
                "unit": "USD", "label": "corporate-partners 2027"}  # fmt: skip

    split = [rec("capex", "capex_usd", 1.21e9, 1.34e9), rec("capex", "capex_usd", 2.0e9, 1.87e9)]
    said = _differ_clause(None, None, split)  # type: ignore[arg-type]
    assert "a tie the solver breaks otherwise" in said and "the change did not bind" in said
    other = [rec("power", "facility_mw_needed", 1.0e3, 1.1e3)]
    assert "tie the solver" not in _differ_clause(None, None, other)  # type: ignore[arg-type]
