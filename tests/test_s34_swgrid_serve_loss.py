"""A ``serve`` plan that loses the investor money says so (user test UT-SWF, #5).

The default objective (``serve``: least world cost plus a penalty on unmet demand) is
the planner's, not the investor's. With demand collapsing after 2030
(``--set demand_forecast.spend_growth_after=0.1``) the plan still commits tens of
billions in Texas data centres at a negative NPV, and ``tigris plan`` printed it as the
plan ("Starts 32 modules ...") without a word on the loss. Now one sentence says that
the investor's NPV is negative, at what rate, and that ``--objective npv`` plans for it
instead; nothing about what that plan would build (its own solve).

The NPV is checked by hand from the run's cash_flows.csv (the investor's ``net_usd``
discounted at the scenario's real rate to the horizon's first year), not from the
sentence's source. The sentence is built in tigris.plan.summary's headline (shared by
``tigris plan``, the report and ``tigris runs show``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from tigris.fmt import money

#: Plans of the reference with a change, seconds apiece: run with ``-m slow``; the
#: default run keeps a sample of such what-ifs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

COLLAPSE = ("--set", "demand_forecast.spend_growth_after=0.1")
WORDS = "this plan serves demand at a loss to the investor; `--objective npv` plans for"


def _npv_by_hand(out: Path) -> float:
    sc = yaml.safe_load((out / "scenario.yaml").read_text(encoding="utf-8"))
    rate, base = float(sc["discount_rate"]), int(sc["horizon"]["first_year"])
    cf = pd.read_csv(out / "cash_flows.csv")
    cf = cf[cf["owner"] == "investor"]
    return float((cf["net_usd"] / (1 + rate) ** (cf["year"] - base)).sum())


def _plan(run_cli, out: Path, *args: str) -> str:
    res = run_cli("plan", *args, "--no-store", "--out", out)
    assert res.code == 0, res.err
    return " ".join(res.out.split())  # the console wraps lines


def test_a_serve_plan_at_a_loss_says_so(tmp_path, run_cli) -> None:
    out = tmp_path / "collapse"
    text = _plan(run_cli, out, *COLLAPSE)
    npv = _npv_by_hand(out)
    assert npv < 0  # the user's case: about -$15.2B
    assert f"The investor's NPV is negative ({money(npv)} at 5.52% real)" in text
    assert WORDS in text


def test_the_reference_does_not(tmp_path, run_cli) -> None:
    out = tmp_path / "reference"
    text = _plan(run_cli, out)
    assert _npv_by_hand(out) > 0  # $3.20B
    assert "NPV is negative" not in text


def test_the_npv_objective_does_not(tmp_path, run_cli) -> None:
    out = tmp_path / "npv"
    text = _plan(run_cli, out, *COLLAPSE, "--objective", "npv")
    assert _npv_by_hand(out) >= -1.0  # the investor's own best: build nothing, NPV 0
    assert "NPV is negative" not in text
