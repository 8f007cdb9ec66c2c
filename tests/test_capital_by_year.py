"""A capital source given by year (``usd_by_year``) instead of ``amount_usd`` over
``first_year..last_year`` (issue 14's example edit, issue 16's "capital by source and
year").

The two forms are one conversion (:meth:`CapitalSource.by_year`): the same yearly
amounts plan the same; money offered only late delays the build (a case derived by
hand on the tiny problem of ``tests/test_plan_tiny.py``); each wrong form is one
``file:line`` problem naming the field; the edit path of the issue sets a year.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tigris
from tests.test_api_plan import SMALL, TABLES
from tests.test_plan_tiny import REL, modules, tiny, unmet
from tigris.errors import InputError
from tigris.plan import solve_inputs
from tigris.scenario import load_scenario
from tigris.scenario.edit import ABSENT, diff
from tigris.scenario.schema import CapitalSource

#: SMALL's capital block ($20B over 2026-2027, evenly) as written in its text.
EVEN = """\
capital:
  - name: fund
    amount_usd: 2.0e10
    first_year: 2026
    last_year: 2027
"""
#: The same money by year: $10B in 2026 and in 2027.
BY_YEAR = """\
capital:
  - name: fund
    usd_by_year: {2026: 1.0e10, 2027: 1.0e10}
"""


def _small(capital: str) -> str:
    """SMALL with its capital block replaced."""
    assert EVEN in SMALL
    return SMALL.replace(EVEN, capital)


def _plan(sc: Any) -> Any:
    return tigris.plan(sc, explain=False, counterfactual=False, mip_gap=0.0)


@pytest.fixture(scope="module")
def by_year_plan() -> Any:
    """SMALL with its capital by year, planned once for this module."""
    return _plan(_small(BY_YEAR))


# --- the conversion --------------------------------------------------------------


def test_by_year_equals_the_even_split_it_writes_out() -> None:
    """$9B over 2024-2026 is $3B a year; on a 2025-2028 horizon 2024's tranche is
    available from 2025 (as before this form existed): [6, 3, 0, 0] $B. The same years
    written out by year give the same row, and a year before the horizon is carried
    into its first year the same way."""
    years = np.arange(2025, 2029)
    even = CapitalSource(name="f", amount_usd=9e9, first_year=2024, last_year=2026)
    by = CapitalSource(name="f", usd_by_year={2024: 3e9, 2025: 3e9, 2026: 3e9})
    assert even.by_year(years).tolist() == [6e9, 3e9, 0.0, 0.0]
    assert by.by_year(years).tolist() == even.by_year(years).tolist()
    assert by.total_usd == even.total_usd == 9e9
    with pytest.raises(InputError, match="give amount_usd with first_year and last_year"):
        CapitalSource(name="f", amount_usd=9e9).by_year(years)  # no years: refused, not 0


# --- plans -----------------------------------------------------------------------


def test_by_year_plans_exactly_as_the_same_amount_over_years(by_year_plan: Any) -> None:
    """$20B evenly over 2026-2027 and {2026: $10B, 2027: $10B} are the same problem:
    the same capital rows, hence the same objective and tables."""
    a, b = _plan(_small(EVEN)), by_year_plan
    assert a.status == b.status == "optimal"
    assert b.capital["available_usd"].tolist() == [1e10, 1e10, 0.0]
    assert a.objective_usd == b.objective_usd
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)


def test_capital_only_in_a_late_year_delays_the_build() -> None:
    """Tiny problem (tests/test_plan_tiny.py): a $1B module of 1.2M H100e/yr spends all
    its capex in its start year and produces from the next; $0.1B/yr opex; $30,000 per
    unmet H100e; demand 0 in 2025 then 1.2M a year to 2028.

    - $1B offered in 2025 (``amount_usd`` over 2025-2025): start 2025, demand met from
      2026: objective $1B + 3 x $0.1B = $1.3B.
    - the same $1B by year, all in 2026: nothing can start before 2026 (money does not
      flow back). Start 2026: 2026 unmet, $36B + $1B + 2 x $0.1B = $37.2B; start 2027:
      2026-2027 unmet, $72B + $1.1B = $73.1B; none: $108B. So one module in 2026:
      the build is delayed exactly one year, to the year the money arrives.
    Each module is written off in its first year of output (inside the horizon), so no
    salvage enters.
    """
    years = np.arange(2025, 2029)
    demand = [0.0, 1.2e6, 1.2e6, 1.2e6]
    early = CapitalSource(name="fund", amount_usd=1e9, first_year=2025, last_year=2025)
    late = CapitalSource(name="fund", usd_by_year={2026: 1e9})
    r0 = solve_inputs(tiny(4, demand=demand, capital=list(early.by_year(years))), mip_gap=0.0)
    r1 = solve_inputs(tiny(4, demand=demand, capital=list(late.by_year(years))), mip_gap=0.0)
    assert modules(r0) == {2025: 1}
    assert r0.objective_usd == pytest.approx(1.3e9, rel=REL)
    assert modules(r1) == {2026: 1}
    assert unmet(r1) == pytest.approx([0.0, 1.2e6, 0.0, 0.0], abs=1e-3)
    assert r1.objective_usd == pytest.approx(37.2e9, rel=REL)


def test_late_capital_in_a_scenario_starts_nothing_before_it() -> None:
    """The scenario path: SMALL's $20B all in 2028 (its last year). No build can start
    before the money arrives, and no money is spent before 2028."""
    r = _plan(_small("capital:\n  - name: fund\n    usd_by_year: {2028: 2.0e10}\n"))
    assert r.capital["available_usd"].tolist() == [0.0, 0.0, 2e10]
    assert (r.builds["start_year"] >= 2028).all()
    spent = r.capex.loc[r.capex["year"] < 2028, "capex_usd"].sum() if len(r.capex) else 0.0
    assert spent == 0.0


# --- errors at file:line ---------------------------------------------------------


@pytest.mark.parametrize(
    ("capital", "line", "field", "words"),
    [
        (  # both forms
            "capital:\n  - name: fund\n    amount_usd: 1.0e9\n    first_year: 2026\n"
            "    last_year: 2027\n    usd_by_year: {2026: 1.0e9}\n",
            1,
            "capital.0",
            ["amount_usd with first_year and last_year, or usd_by_year, not both"],
        ),
        (  # neither form
            "capital:\n  - name: fund\n    source: nobody\n",
            1,
            "capital.0",
            ["give amount_usd with first_year and last_year, or usd_by_year"],
        ),
        (  # the even form without its last year
            "capital:\n  - name: fund\n    amount_usd: 1.0e9\n    first_year: 2026\n",
            1,
            "capital.0.last_year",
            ["missing", "usd_by_year"],
        ),
        (  # a negative year
            "capital:\n  - name: fund\n    usd_by_year:\n      2026: 1.0e9\n      2027: -1\n",
            4,
            "capital.0.usd_by_year.2027",
            [">= 0", "-1"],
        ),
        (  # after the horizon (2026-2028)
            "capital:\n  - name: fund\n    usd_by_year:\n      2026: 1.0e9\n      2029: 1.0e9\n",
            4,
            "capital.0.usd_by_year.2029",
            ["after the horizon 2026–2028", "never be spent"],
        ),
        (  # not a year at all
            "capital:\n  - name: fund\n    usd_by_year:\n      1900: 1.0e9\n      2026: 1.0e9\n",
            3,
            "capital.0.usd_by_year.1900",
            ["expected a year 2000-2100"],
        ),
    ],
)
def test_wrong_forms_are_one_problem_at_file_line(
    tmp_path: Path, capital: str, line: int, field: str, words: list[str]
) -> None:
    """Each wrong capital block gives exactly one problem, at the line of the field it
    names (``line`` counts from the block's ``capital:`` line)."""
    text = _small(capital)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    first = text.splitlines().index("capital:") + 1
    with pytest.raises(InputError) as info:
        load_scenario(path)
    [p] = info.value.problems
    assert (p.field, p.file, p.line) == (field, str(path), first + line), p
    for w in words:
        assert w in p.message


def test_scenario_check_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``tigris scenario check`` on a source with both forms: exit 2, one line naming
    the file, line and field, no traceback."""
    from tigris.cli import main

    text = _small(EVEN + "    usd_by_year: {2026: 1.0e9}\n")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["scenario", "check", str(path)]) == 2
    line = text.splitlines().index("capital:") + 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"error: {path}:{line}: capital.0: give amount_usd with first_year and last_year, "
        "or usd_by_year, not both"
    ]


# --- the edit path ---------------------------------------------------------------


def test_edit_a_year_changes_that_years_capital_by_the_edit(by_year_plan: Any) -> None:
    """Issue 14's edit on a source given by year: ``capital.fund.usd_by_year.2028``
    (a year not given, so 0 before) set to $12B adds exactly $12B to 2028's row of the
    capital table and nothing to any other year."""
    sc = tigris.load_scenario(_small(BY_YEAR))
    sc2 = sc.set("capital.fund.usd_by_year.2028", 12e9)
    assert diff(sc, sc2) == [("capital.fund.usd_by_year.2028", ABSENT, 12e9)]
    a, b = by_year_plan, _plan(sc2)
    change = (
        b.capital.set_index("year")["available_usd"] - a.capital.set_index("year")["available_usd"]
    )
    assert change.to_dict() == {2026: 0.0, 2027: 0.0, 2028: 12e9}


def test_edit_a_year_of_an_amount_source_says_how_to_switch() -> None:
    """On a source given as amount_usd over years the year path is refused (not
    converted silently), naming the form and ABSENT; switching forms in one set gives
    the same plan inputs as before."""
    sc = tigris.load_scenario(_small(EVEN))
    with pytest.raises(InputError) as info:
        sc.set("capital.fund.usd_by_year.2027", 12e9)
    [p] = info.value.problems
    assert p.field == "capital.fund.usd_by_year.2027"
    for w in ("gives amount_usd over first_year..last_year", "ABSENT", "usd_by_year"):
        assert w in p.message
    with pytest.raises(InputError, match="not both"):
        sc.set("capital.fund.usd_by_year", {2026: 1e10, 2027: 1e10})
    switched = sc.set(
        {
            "capital.fund.usd_by_year": {2026: 1e10, 2027: 1e10},
            "capital.fund.amount_usd": ABSENT,
            "capital.fund.first_year": ABSENT,
            "capital.fund.last_year": ABSENT,
        }
    )
    assert switched.capital[0].amount_usd is None
    assert switched.capital[0].usd_by_year == {2026: 1e10, 2027: 1e10}
    years = np.arange(2026, 2029)
    assert switched.capital[0].by_year(years).tolist() == sc.capital[0].by_year(years).tolist()
    assert tigris.load_scenario(switched.to_yaml()) == switched


def test_a_distribution_on_a_year_of_capital() -> None:
    """The contract's distribution example (``capital.NAME.usd_by_year.2027``) on a
    source given by year: it loads and samples; a distribution reaching below 0 is
    refused as the field would refuse the value (the field's bounds sit inside its
    type, which the check's adapter crashed on before)."""
    from tigris.risk.distributions import sample_changes

    spec = "{dist: uniform, low: %s, high: 1.2e10, source: tigris assumption}"
    head = _small(BY_YEAR) + "distributions:\n  capital.fund.usd_by_year.2027: "
    sc = tigris.load_scenario(head + spec % "8.0e9" + "\n")
    draws = [d["capital.fund.usd_by_year.2027"] for d in sample_changes(sc, 20, 1)]
    assert all(8e9 <= v <= 1.2e10 for v in draws)
    with pytest.raises(InputError, match=r"does not accept \(must be >= 0"):
        tigris.load_scenario(head + spec % "-1.0e9" + "\n")


def test_no_money_in_any_year_is_the_world_without_the_investor(tmp_path: Path) -> None:
    """Every year at 0 is allowed since 2026-12-07, as ``amount_usd: 0``: it offers
    nothing (it was refused, "at least one year more than 0")."""
    from tigris.scenario import load_scenario

    from .conftest import SMALL

    text = SMALL.replace(
        "    amount_usd: 2.0e10\n    first_year: 2026\n    last_year: 2027\n",
        "    usd_by_year: {2026: 0, 2027: 0}\n",
    )
    assert "usd_by_year" in text
    path = tmp_path / "zero.yaml"
    path.write_text(text)
    sc = load_scenario(path)
    assert sc.capital[0].total_usd == 0.0
