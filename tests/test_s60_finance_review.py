"""A corporate-finance review of the money layer (2026-12-07).

- The real rate the plan discounts at was stored rounded to 6 decimals, and the summary
  re-discounted at it: under a nominal rate the NPV missed its own flows by $61,766 and
  a tiny real rate read as 0 crashed a going-concern plan.
- A double root of the NPV (flows whose NPV touches 0) was "IRR undefined".
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tigris.finance.measures import irr, irr_roots


@pytest.mark.parametrize(
    "flows, rate",
    [
        # -100 + 250 x - 156.25 x^2 = -156.25 (x - 0.8)^2, x = 1/(1 + r): r = 25 %
        ([-100.0, 250.0, -156.25], 0.25),
        # -10 + 21 x - 11.025 x^2 = -11.025 (x - 1/1.05)^2: r = 5 %
        ([-10.0, 21.0, -11.025], 0.05),
        # the same at the scale of a plan's dollars
        ([-1e10, 2.5e10, -1.5625e10], 0.25),
    ],
)
def test_a_double_root_is_an_irr(flows: list[float], rate: float) -> None:
    assert irr(flows) == pytest.approx(rate, abs=1e-7)
    assert irr_roots(flows) == pytest.approx([rate], abs=1e-7)


def test_complex_roots_stay_out() -> None:
    """x^2 + 1 (flows [1, 0, 1]) has roots +-i: no rate; and one of each sign, no rate."""
    assert irr_roots([1.0, 0.0, 1.0]) == []
    assert np.isnan(irr([100.0, 50.0]))
    # two distinct rates, as before: 10 % and 20 %
    assert irr_roots([-100.0, 230.0, -132.0]) == pytest.approx([0.1, 0.2])


def test_a_nominal_rate_discounts_the_flows_exactly(run_cli) -> None:
    """At a nominal 8 % the real rate is Fisher's 1.08 / (1 + inflation) - 1, and the
    investor's NPV and the salvage's present value are its own flows at it, to $1."""
    from tigris.fab import fab_param

    args = ["plan", "--no-store", "--json", "--set", "finance.discount_rate_basis=nominal"]
    doc = run_cli(*args, "--set", "discount_rate=0.08").json()
    r = 1.08 / (1.0 + float(fab_param("expected_inflation"))) - 1.0
    flows = pd.DataFrame(doc["finance_flows"])
    owner = flows[(flows["level"] == "owner") & (flows["name"] == "investor")]
    disc = (1.0 + r) ** -(owner["year"] - doc["horizon"][0]).astype(float)
    npv = next(o["npv_usd"] for o in doc["finance_owners"] if o["owner"] == "investor")
    assert float((owner["net_usd"] * disc).sum()) == pytest.approx(npv, abs=1.0)
    salvage = float((owner["salvage_usd"] * disc).sum())
    assert salvage == pytest.approx(doc["headline"]["numbers"]["npv_salvage_usd"], abs=1.0)


def test_a_tiny_real_rate_with_a_going_concern_is_a_plan(run_cli) -> None:
    """A nominal rate a hair above expected inflation (real ~3e-7) no longer rounds to a
    real rate of 0 and divides a perpetuity by it: a plan, exit 0."""
    from tigris.fab import fab_param

    nominal = float(fab_param("expected_inflation")) + 3e-7
    res = run_cli(
        "plan", "--no-store", "--set", "finance.discount_rate_basis=nominal",
        "--set", f"discount_rate={nominal!r}", "--set", "finance.terminal_value=going_concern",
    )  # fmt: skip
    assert res.code == 0, res.err
    assert "Traceback" not in res.err


def test_the_owners_measures_do_not_follow_the_solvers_split_of_draws(run_cli) -> None:
    """Drawing is free, so a year's draws may split among sources in many equally
    optimal ways (the reference and the same with Japan's and Taiwan's subsidy at 0.9
    build and spend alike, with the sources' draws in other years and amounts): the
    owner's NPV is the same, and its sources' NPVs, an allocation of it (docs/finance.md,
    'Cash flows'), still sum to it in each (a review of 2026-12-07 reverted a change that
    charged each source its own draws)."""
    a = run_cli("plan", "--no-store", "--json").json()
    b = run_cli(
        "plan", "--no-store", "--json",
        "--set", "sites.japan.subsidy_share_of_capex=0.9",
        "--set", "sites.taiwan.subsidy_share_of_capex=0.9",
    ).json()  # fmt: skip
    owner = [
        pd.DataFrame(d["finance_flows"]).query("level == 'owner'")["capex_usd"].to_numpy()
        for d in (a, b)
    ]
    np.testing.assert_allclose(owner[0], owner[1], rtol=1e-9)  # the premise: the same spend
    npv = [
        next(o["npv_usd"] for o in d["finance_owners"] if o["owner"] == "investor") for d in (a, b)
    ]
    assert npv[0] == pytest.approx(npv[1], abs=1.0)
    for d, v in zip((a, b), npv, strict=True):
        assert sum(x["npv_usd"] for x in d["finance_sources"]) == pytest.approx(v, abs=10.0)
