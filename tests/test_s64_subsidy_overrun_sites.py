"""A plan's subsidies against their programmes: sites ``based_on`` a capped one, and
the plan's own ``currency_year`` (stop 64).

- A ``--data`` site based on germany is paid by Germany's programme (``tigris fab`` caps
  a fab there by it, :func:`tigris.fab.data.subsidy_cap`), so after a solve its
  subsidies are summed with germany's against that programme; before, the check matched
  sites by exact name and a based-on site escaped it.
- The warnings of a plan are in dollars of its ``currency_year`` assumption, not of a
  year guessed from the table's caps (a table without them was read in the data's
  2024 dollars whatever the plan's year).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from tigris.fab.data import subsidy_cap
from tigris.overlay import data_overlay
from tigris.plan.subsidy_cap import (
    cap_warnings,
    plan_cap_warnings,
    plan_currency_year,
    programme_overruns,
)


def _table(sites: list[str], usd: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"site": sites, "facility": ["logic-N3"] * len(sites), "subsidy_usd": usd})


def _magdeburg(tmp_path: Path) -> Path:
    path = tmp_path / "magdeburg.yaml"
    path.write_text(
        "sites:\n  - {name: magdeburg, based_on: germany, subsidy_share_of_capex: 0.4, "
        "source: test, as_of: 2023-06}\n",
        encoding="utf-8",
    )
    return path


def test_a_based_on_site_is_summed_with_its_base_against_the_programme(tmp_path: Path) -> None:
    germany = subsidy_cap("germany")
    assert germany is not None
    total = germany.usd_of(2024)
    half = 0.6 * total  # each site alone under the total, the two together past it
    with data_overlay(_magdeburg(tmp_path)):
        table = _table(["germany", "intel@magdeburg"], [half, half])
        (o,) = programme_overruns(table, dollars_of=2024)
        assert o.programme.programme == germany.programme
        assert dict(o.by_site) == {"germany": half, "intel@magdeburg": half}
        assert o.subsidy_usd == pytest.approx(1.2 * total)
        # alone, a based-on site is checked against its base's programme too
        (alone,) = programme_overruns(_table(["magdeburg"], [1.1 * total]), dollars_of=2024)
        assert alone.programme.programme == germany.programme
        assert not programme_overruns(_table(["magdeburg"], [0.9 * total]), dollars_of=2024)


def test_a_data_site_of_its_own_programme_is_not_moved_to_its_base(tmp_path: Path) -> None:
    """A site a programme names is checked against that programme only (arizona-usa is
    the CHIPS Act's, whatever a --data file bases on it)."""
    chips = subsidy_cap("arizona-usa")
    assert chips is not None
    big = 1.1 * chips.usd_of(2024)
    with data_overlay(_magdeburg(tmp_path)):
        (o,) = programme_overruns(_table(["arizona-usa"], [big]), dollars_of=2024)
    assert o.programme.programme == chips.programme


def _plan(year: int | None, sub: float) -> SimpleNamespace:
    rows = [] if year is None else [{"parameter": "currency_year", "value": str(year)}]
    assumptions = pd.DataFrame(rows, columns=["parameter", "value"])
    return SimpleNamespace(ok=True, subsidies=_table(["germany"], [sub]), assumptions=assumptions)


def test_a_plans_warnings_are_in_dollars_of_its_currency_year() -> None:
    germany = subsidy_cap("germany")
    assert germany is not None
    # between the programme's total in 2015 dollars and in 2024 dollars (CPI-U)
    sub = 0.5 * (germany.usd_of(2015) + germany.usd_of(2024))
    assert germany.usd_of(2015) < sub < germany.usd_of(2024)
    assert plan_currency_year(_plan(2015, sub)) == 2015
    (said,) = plan_cap_warnings(_plan(2015, sub))
    assert f"US${sub / 1e9:,.1f}B" in said and "of 2015" in said
    assert not plan_cap_warnings(_plan(2024, sub))
    # a stored run without the row: the table's own year, else the data's (2024)
    assert plan_currency_year(_plan(None, sub)) is None
    assert plan_cap_warnings(_plan(None, sub)) == cap_warnings(_table(["germany"], [sub]))


def test_a_plan_without_a_solution_warns_of_nothing() -> None:
    plan = _plan(2015, 1e12)
    plan.ok = False
    assert plan_cap_warnings(plan) == []
