"""Second-engineer review of ``tigris.risk.support`` (6381d9a): the cases its own tests
left unchecked (mutations that survived them). Every expected value is worked by hand
from the distribution written in the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL_3Y, replaced, write_scenario
from tigris.risk.distributions import Discrete, Lognormal, Triangular
from tigris.risk.support import _inside, recentre


def test_a_value_below_the_low_end_is_outside() -> None:
    """Triangular 0.07 / 0.08 / 0.09: 0.06 is below its low, so outside; the ends
    themselves (and a hair inside) are inside."""
    t = Triangular(low=0.07, mode=0.08, high=0.09, source="s")
    assert not _inside(t, 0.06)
    assert _inside(t, 0.07) and _inside(t, 0.09)
    assert not _inside(t, 0.0699)


def test_a_discrete_one_recentres_by_its_weighted_mean() -> None:
    """values [1, 3] weighted [3, 1]: weighted mean (1 x 3 + 3 x 1) / 4 = 1.5, so onto
    6.0 every value is x 4: [4, 12] (equal weights would give mean 2 and x 3: [3, 9])."""
    d = recentre(Discrete(values=[1.0, 3.0], weights=[3.0, 1.0], source="s"), 6.0)
    assert d.values == pytest.approx([4.0, 12.0])
    assert d.weights == [3.0, 1.0]


def test_a_lognormal_recentres_its_median_and_keeps_sigma() -> None:
    """Lognormal median 2, sigma 0.3 onto 5: median 5, sigma (relative) 0.3."""
    d = recentre(Lognormal(median=2.0, sigma=0.3, source="s"), 5.0)
    assert (d.median, d.sigma) == (5.0, 0.3)


def test_the_finance_warning_thresholds_are_data_with_sources() -> None:
    """The thresholds of ``scenario check``'s extreme-finance warnings (c405232) are rows of
    data/finance_warnings.csv, each with a source and as_of, not constants in code: the
    table read here with the csv module, the checks' thresholds equal to it."""
    import csv
    from importlib import resources

    from tigris.scenario import checks_extremes as ce

    text = (resources.files("tigris.data") / "finance_warnings.csv").read_text("utf-8")
    rows = {r["parameter"]: r for r in csv.DictReader(text.splitlines())}
    for name, used in (
        ("subsidy_share", ce.SUBSIDY_SHARE_WARN),
        ("discount_rate", ce.DISCOUNT_RATE_WARN),
        ("corporate_tax_rate", ce.TAX_RATE_WARN),
    ):
        assert float(rows[name]["value"]) == used == ce.threshold(name), name
        assert rows[name]["source"].strip() and rows[name]["as_of"].strip(), name
    assert "Damodaran" in rows["discount_rate"]["source"]
    assert "Tax Foundation" in rows["corporate_tax_rate"]["source"]
    # the tax warning is above the highest statutory rate it quotes
    assert float(rows["highest_statutory_corporate_tax_rate"]["value"]) < ce.TAX_RATE_WARN


def test_the_summary_says_a_value_inside_but_not_the_mode_is_inside(
    tmp_path: Path, run_cli
) -> None:
    """0.085 inside triangular 0.07 / 0.08 / 0.09, not its mode: the summary's note says
    inside (not outside), what the draws centre on, and that 'planned' uses 0.085."""
    text = replaced(SMALL_3Y, ("discount_rate: 0.08\n", "discount_rate: 0.085\n")) + (
        "distributions:\n"
        '  discount_rate: {dist: triangular, low: 0.07, mode: 0.08, high: 0.09, source: "t"}\n'
    )
    path = write_scenario(tmp_path, text)
    res = run_cli(
        "risk", path, "--samples", "4", "--seed", "3", "--workers", "0", "--no-store"
    )  # fmt: skip
    assert res.code == 0, res.err
    assert (
        "note: discount_rate is 0.085 in the scenario, inside its distribution "
        "(triangular, 0.07–0.09, mode 0.08); drawn as written, around its mode; "
        "'planned' uses 0.085"
    ) in res.out
