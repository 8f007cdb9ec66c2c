"""A small quantity is never printed as none (user test 2026-12-05, reports #6).

The neuromorphic example's investor draws 0.0108 TWh in 2031 and emits 4,840 t CO2;
the sentence said "draw 0.0 TWh and emit 0.00 Mt CO2 ..., 100.0 % of the world AI
fleet's 0.0 Mt", while the same report's table gave 0.0108 TWh. Each number of the
sentence is now read back and compared with what it states.
"""

from __future__ import annotations

import re

import pytest

from tigris.fmt import amount
from tigris.plan.summary import energy_sentence


@pytest.mark.parametrize(
    ("x", "decimals", "shown"),
    [(0.0108, 1, "0.0108"), (0.00484, 2, "0.00484"), (-0.0108, 1, "-0.0108"),
     (21.04, 1, "21.0"), (1234.5, 1, "1,234.5"), (0.0, 2, "0.00")],
)  # fmt: skip
def test_amount(x: float, decimals: int, shown: str) -> None:
    assert amount(x, decimals) == shown
    assert float(shown.replace(",", "")) == pytest.approx(x, rel=0.05, abs=0.05 * 10**-decimals)


def test_the_sentence_states_small_amounts() -> None:
    energy = {
        "energy_twh_by_year": {2031: 0.0108},
        "emissions_t_co2_by_year": {2031: 4_840.0},
        "scope1_t_co2_by_year": {2031: 0.0},
        "scope2_t_co2_by_year": {2031: 4_840.0},
        "world_share_last_year": 1.0,
        "total_t_co2": 9_320.0,
        "fab_energy_twh_by_year": {},
    }
    text = energy_sentence(energy, 2031)
    assert text is not None
    numbers = [float(x.replace(",", "")) for x in re.findall(r"(\d[\d,]*\.\d+) (?:TWh|Mt)", text)]
    # TWh, Mt, the world's, over the horizon (all of it scope 2: said in words, not as
    # "0.00 Mt scope 1" beside it, since 2026-12-08)
    want = [0.0108, 4_840e-6, 4_840e-6, 9_320e-6]
    assert numbers == pytest.approx(want, rel=0.01), text
    assert "(all scope 2 grid, location-based)" in text


@pytest.mark.parametrize(
    ("usd", "shown"),
    [(-2.4e-7, "0.00"), (-4e6, "0.00"), (-5e6, "-0.01"), (1.234e9, "1.23"), (-1.234e9, "-1.23")],
)
def test_a_money_cell_never_reads_minus_zero(usd: float, shown: str) -> None:
    """The reference report's money table showed ``-0.00`` carried over (a balance of
    -2.4e-07 USD, floating-point residue) though capital is never overdrawn."""
    from tigris.report.html import _bn

    assert _bn(usd) == (shown, usd)


def test_a_source_that_drew_nothing_has_no_share() -> None:
    """``finance_sources.share`` is the source's part of its owner's draws: 0 of 0 when
    the owner drew nothing, not 100 % (user test 2026-12-05, owners #5: TSMC's, SK
    hynix's ... capex sources on the responding reference read 1.0 with nothing drawn).
    The problem of ``tests/test_finance_cashflow.py``'s source split, the second owner
    drawing nothing."""
    import math

    import numpy as np

    from tests.test_finance_cashflow import finance_tables, two_owner_problem

    inp = two_owner_problem()
    build = np.zeros((2, 1, 4))
    build[0, 0, 0] = 1
    draw = np.array([[450e6, 300e6, 0, 0], [150e6, 100e6, 0, 0], [0, 0, 0, 0]])
    tables = finance_tables(inp, build, np.array([[5e3, 2e4, 4e4, 5e4]]), draw)
    share = tables["finance_sources"].set_index("source")["share"]
    assert share["fund"] == pytest.approx(0.75) and share["bank"] == pytest.approx(0.25)
    assert math.isnan(share["tsmc-cash"])
