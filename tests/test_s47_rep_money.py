"""User test s47 #1: with ``incumbents.respond`` the report counted the incumbents' own
capital as the investor's: the money table's "released by investors" was $55.44B in
2026, the investor's $16.7B plus $38.74B of incumbents' capital, never marked, while
the headline said the investor offers $40B. The investor's capital and the incumbents'
are apart now, in the tables and in the capex figure's frame, checked against the
plan's own ``capital`` and ``capex`` tables."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.test_s47_rep_util import column, report_of, saved_run, tables_of
from tigris.plan.inputs import INVESTOR
from tigris.report import read_result
from tigris.report.frames import capital_ledger, year_range

RESPOND = "incumbents.respond=true"
BN = "[billion USD]"


@pytest.fixture(scope="module")
def run() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reference with incumbents that respond: its ``capital`` and ``capex``."""
    d = saved_run(RESPOND)
    return pd.read_csv(d / "capital.csv"), pd.read_csv(d / "capex.csv")


def _sum(cells: list[tuple[str, float | None]]) -> float:
    return sum(float(v) for _, v in cells if v is not None)


def test_money_by_year_splits_the_investor_from_the_incumbents(run) -> None:
    capital, capex = run
    mine = capital["owner"] == INVESTOR
    assert (~mine).any(), "the run must have incumbents' capital to split"
    t = tables_of(report_of(RESPOND))
    released = column(t, "table-money-year", f"released by the investor {BN}")
    theirs = column(t, "table-money-year", f"released by incumbents, own capital {BN}")
    # the investor's released capital is the scenario's investor capital, $40B
    assert _sum(released) == pytest.approx(capital.loc[mine, "available_usd"].sum())
    assert _sum(released) == pytest.approx(40e9)
    assert _sum(theirs) == pytest.approx(capital.loc[~mine, "available_usd"].sum())
    # the 2026 row: the investor's 16.7, not 16.7 + 38.74 of incumbents' capital
    first = capital[capital["year"] == capital["year"].min()]
    assert released[0][1] == pytest.approx(first.loc[mine[first.index], "available_usd"].sum())
    sources = set(capital.loc[mine, "source"])
    drawn = column(t, "table-money-year", f"drawn from the investor {BN}")
    assert _sum(drawn) == pytest.approx(capex.loc[capex["source"].isin(sources), "capex_usd"].sum())
    carried = column(t, "table-money-year", f"the investor's capital carried over {BN}")
    assert carried[-1][1] == pytest.approx(_sum(released) - _sum(drawn), abs=1.0)


def test_every_incumbent_source_is_marked_and_totalled_apart(run) -> None:
    capital, _ = run
    t = tables_of(report_of(RESPOND))
    labels = {text for text, _ in column(t, "table-money", "source")}
    for source, owner in capital[capital["owner"] != INVESTOR][["source", "owner"]].values:
        assert f"{source} (incumbent {owner}, own capital)" in labels
        assert source not in labels  # never shown bare, as if the investor's
    totals = {row[1][0]: row for row in t.rows["table-money"] if row[0][0] == "all years"}
    assert totals["the investor's sources"][2][1] == pytest.approx(40e9)
    mine = capital["owner"] == INVESTOR
    assert totals["incumbents' own capital"][2][1] == pytest.approx(
        capital.loc[~mine, "available_usd"].sum()
    )


def test_the_capex_figure_frame_names_each_sources_owner(run) -> None:
    capital, capex = run
    r = read_result(saved_run(RESPOND))
    ledger = capital_ledger(capex, capital, year_range(r.horizon))
    last = ledger[ledger["year"] == ledger["year"].max()]
    mine = last[last["owner"] == INVESTOR]
    # the investor's released line ends at its $40B, the incumbents' apart
    assert mine["available_usd"].sum() == pytest.approx(40e9)
    assert (last["owner"] != INVESTOR).any()
    assert last["available_usd"].sum() > mine["available_usd"].sum()
