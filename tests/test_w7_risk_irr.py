"""``tigris risk`` reports the investor's IRR (with salvage) and payback year quantiles,
counts the plans where they are undefined, and no longer prints the last year's capex,
which is 0 by construction (user test 2026-12-04, UT-MONEY #5).

The scenario: SMALL_3Y with its only capital source drawn as nothing or all of it
(discrete $1 or 2e10, the scenario's own value being 2e10), and the CoWoS module's
capex (the one module the plan builds) drawn as $1.5B (the scenario's value, written
here as facility_types.csv's), $0.4B or $2B. A plan with $1 builds nothing: the
investor has no flows, so no IRR and no payback; a plan with all of it builds the
module at the capex drawn. The IRR and payback year are re-derived by hand (the root
of the NPV of the plan's own investor flows, brentq, and the first year its cumulative
flows reach 0, re-solved at each capex drawn), the undefined count from the draws, and
the quantiles from those hand values by the rule tigris.risk.montecarlo documents: the
IRR's by numpy's "linear" (Hyndman & Fan 1996 definition 7), the payback year's by
definition 1 ("inverted_cdf", YEAR_QUANTILE_METHOD: a year some plan paid back in),
both worked out below. At $0.4B the plan pays back in 2028, at $1.5B and $2B only with
the salvage (2029), so the payback years differ between plans and the two definitions
give different payback quantiles: the test tells them apart (before 2026-12-04, capex
$1.5B/$1.75B/$2B all paid back in 2029 and any definition passed).
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.optimize import brentq

from tests.conftest import SMALL_3Y, replaced
from tests.conftest import write_scenario as _write

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

CAPITAL = "capital.fund.amount_usd"
CAPEX = "facilities.1.capex_usd"
TEXT = replaced(SMALL_3Y, ("  - kind: cowos\n", "  - kind: cowos\n    capex_usd: 1.5e9\n")) + (
    "distributions:\n"
    f'  {CAPITAL}: {{dist: discrete, values: [1.0, 2.0e10], source: "test: a dollar or all"}}\n'
    f'  {CAPEX}: {{dist: discrete, values: [0.4e9, 1.5e9, 2.0e9], source: "test"}}\n'
)
#: 8 members, seed 7: 3 drawn with $1 and the other 5 at all three capex values (the
#: test checks it), so the IRR's quantiles differ; the five paybacks are 2028 once and
#: 2029 four times, so p5 is 2028 by definition 1 and 2028.2 by definition 7.
SAMPLES = 8
SEED = 7


@pytest.fixture(scope="module")
def run() -> Any:
    """The risk run through the API (per-member draws are there) and its JSON."""
    from tigris.risk.api import risk

    res = risk(TEXT, samples=SAMPLES, seed=SEED, workers=0)
    return res, json.loads(json.dumps(res.to_dict()))


def _hand_irr(net: np.ndarray) -> float:
    """The rate at which the flows' NPV is 0 (one sign change: one root in (-0.9, 10))."""
    return brentq(lambda r: float(np.sum(net / (1 + r) ** np.arange(len(net)))), -0.9, 10.0)


def _hand_irr_payback(capex: float | None = None) -> tuple[float, int]:
    """The investor's IRR (brentq root of its yearly net flows, salvage included in the
    year after the last) and payback year (the first with cumulative flows >= 0) of
    the plan re-solved here, with the CoWoS capex set to ``capex`` (None: as written)."""
    from tigris.plan.api import plan
    from tigris.plan.inputs import INVESTOR
    from tigris.scenario.edit import load_any

    sc = load_any(TEXT)
    if capex is not None:
        sc = sc.set(CAPEX, capex)
    ff = plan(sc, explain=False).finance_flows
    mine = ff[(ff["level"] == "owner") & (ff["name"] == INVESTOR)].sort_values("year")
    net = mine.groupby("year")["net_usd"].sum().to_numpy()
    assert net[0] < 0 < net[-1]
    years = mine["year"].drop_duplicates().to_numpy()
    return _hand_irr(net), int(years[np.argmax(np.cumsum(net) >= 0)])


def _type7(values: list[float], q: float) -> float:
    """Hyndman & Fan (1996) definition 7 by hand: sorted x, h = (n - 1) q, x[floor h]
    + (h - floor h)(x[floor h + 1] - x[floor h])."""
    x = sorted(values)
    h = (len(x) - 1) * q
    lo = math.floor(h)
    return x[lo] + (h - lo) * (x[min(lo + 1, len(x) - 1)] - x[lo])


def _type1(values: list[float], q: float) -> float:
    """Hyndman & Fan (1996) definition 1 by hand (numpy "inverted_cdf"): sorted x, the
    smallest x[k] (k = 1 .. n) whose empirical distribution k / n reaches q, i.e.
    k = ceil(n q), at least 1 (q in exact decimals: 5 x 0.05 is 1/4, not 0.2500...1)."""
    x = sorted(values)
    k = max(math.ceil(len(x) * Fraction(str(q))), 1)
    return x[k - 1]


def test_irr_of_the_plan_as_planned_is_its_flows_root(run: Any) -> None:
    """The deterministic IRR is the root of the investor's yearly net flows (salvage
    included, in the year after the last) of the plan re-solved here."""
    _, doc = run
    irr, payback = _hand_irr_payback()
    assert doc["deterministic"]["irr"]["all"] == pytest.approx(irr, abs=1e-9)
    assert doc["deterministic"]["payback_year"]["all"] == payback


def test_undefined_irr_and_payback_are_counted(run: Any) -> None:
    """Members drawn with $1 of capital build nothing: IRR and payback undefined. The JSON
    counts them (``undefined``), and the quantiles are over the others: each such
    member's IRR and payback are those of the plan re-solved by hand at its capex, and
    p5/p25/p50/p75/p95 are worked from them: the IRR's by definition 7, the payback
    year's by definition 1 (they differ: three capex values are drawn, and the paybacks
    are not all one year, so definition 7 would give a fractional year)."""
    res, doc = run
    drawn = res.monte_carlo.inputs
    broke = int((drawn[CAPITAL] == 1.0).sum())
    assert 0 < broke < SAMPLES, "the seed must draw both cases"
    capex = drawn.loc[drawn[CAPITAL] != 1.0, CAPEX].tolist()
    assert len(set(capex)) == 3, "the seed must draw every capex among the funded members"
    assert doc["members_ok"] == SAMPLES
    by_capex = {c: _hand_irr_payback(c) for c in set(capex)}
    qs = (("p5", 0.05), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p95", 0.95))
    for i, (key, rule) in enumerate((("irr", _type7), ("payback_year", _type1))):
        hand = [by_capex[c][i] for c in capex]
        q = doc["quantiles"][key]["values"]["all"]
        assert q["undefined"] == broke, key
        assert q["n"] == SAMPLES - broke, key
        for name, p in qs:
            assert q[name] == pytest.approx(rule(hand, p), abs=1e-9), (key, name)
    # the payback years differ between plans, so the old linear rule would not pass
    paybacks = [by_capex[c][1] for c in capex]
    assert len(set(paybacks)) > 1
    assert any(_type1(paybacks, p) != _type7(paybacks, p) for _, p in qs)
    payback = doc["quantiles"]["payback_year"]["values"]["all"]
    assert all(payback[name] in paybacks for name, _ in qs)  # a year some plan paid back in
    irr = doc["quantiles"]["irr"]["values"]["all"]
    assert irr["p5"] < irr["p50"] < irr["p95"]  # not degenerate: a wrong quantile fails
    assert doc["quantiles"]["irr"]["unit"] == "-"
    assert doc["quantiles"]["payback_year"]["unit"] == "year"


def test_summary_shows_irr_payback_and_capital_not_last_year_capex(
    tmp_path: Path, run_cli, run: Any
) -> None:
    """The table has the IRR, payback and capital-spent rows and a line counting the
    undefined ones; no "capex spent 2028" row (0 in every plan: a module whose spending
    falls in the last year would come online after it)."""
    _, doc = run
    capex_last = doc["quantiles"]["capex_usd"]["values"]["2028"]
    assert abs(capex_last["p5"]) < 1.0 and abs(capex_last["p95"]) < 1.0
    path = _write(tmp_path, TEXT)
    res = run_cli(
        "risk", path, "--samples", str(SAMPLES), "--seed", str(SEED), "--workers", "0",
        "--no-store",
    )  # fmt: skip
    assert res.code == 0, res.err
    rows = {ln.split("│")[1].strip() for ln in res.out.splitlines() if ln.count("│") > 2}
    assert {"investor IRR", "payback year", "capital spent"} <= rows
    assert not any(r.startswith("capex spent") for r in rows)
    broke = doc["quantiles"]["irr"]["values"]["all"]["undefined"]
    assert (
        f"IRR undefined (the investor's flows never change sign) in {broke} of {SAMPLES} "
        f"sampled plans: its quantiles are over the other {SAMPLES - broke}"
    ) in res.out
    det = doc["deterministic"]["irr"]["all"]
    assert f"{100 * det:.1f}%" in res.out
    assert math.isfinite(det)
