"""``tigris risk`` reports the investor's IRR (with salvage) and payback year quantiles,
counts the plans where they are undefined, and no longer prints the last year's capex,
which is 0 by construction (user test 2026-12-04, UT-MONEY #5).

The scenario: SMALL_3Y with its only capital source drawn as nothing or all of it
(discrete $1 or 2e10, the scenario's own value being 2e10). A plan with $1 builds
nothing: the investor has no flows, so no IRR and no payback; a plan with all of it is
the plan as planned. The IRR is re-derived by hand (the root of the NPV of the plan's
own investor flows, brentq) and the undefined count from the draws.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.optimize import brentq

from tests.conftest import SMALL_3Y
from tests.conftest import write_scenario as _write

CAPITAL = "capital.fund.amount_usd"
TEXT = SMALL_3Y + (
    "distributions:\n"
    f'  {CAPITAL}: {{dist: discrete, values: [1.0, 2.0e10], source: "test: a dollar or all"}}\n'
)
SAMPLES = 6
SEED = 5


@pytest.fixture(scope="module")
def run() -> Any:
    """The risk run through the API (per-member draws are there) and its JSON."""
    from tigris.risk.api import risk

    res = risk(TEXT, samples=SAMPLES, seed=SEED, workers=0)
    return res, json.loads(json.dumps(res.to_dict()))


def _hand_irr(net: np.ndarray) -> float:
    """The rate at which the flows' NPV is 0 (one sign change: one root in (-0.9, 10))."""
    return brentq(lambda r: float(np.sum(net / (1 + r) ** np.arange(len(net)))), -0.9, 10.0)


def test_irr_of_the_plan_as_planned_is_its_flows_root(run: Any) -> None:
    """The deterministic IRR is the root of the investor's yearly net flows (salvage
    included, in the year after the last) of the plan re-solved here."""
    from tigris.plan.api import plan
    from tigris.plan.inputs import INVESTOR
    from tigris.scenario.edit import load_any

    _, doc = run
    ff = plan(load_any(TEXT)).finance_flows
    mine = ff[(ff["level"] == "owner") & (ff["name"] == INVESTOR)].sort_values("year")
    net = mine.groupby("year")["net_usd"].sum().to_numpy()
    assert net[0] < 0 < net[-1]
    assert doc["deterministic"]["irr"]["all"] == pytest.approx(_hand_irr(net), abs=1e-9)
    cum = np.cumsum(net)
    years = mine["year"].drop_duplicates().to_numpy()
    assert doc["deterministic"]["payback_year"]["all"] == years[np.argmax(cum >= 0)]


def test_undefined_irr_and_payback_are_counted(run: Any) -> None:
    """Members drawn with $1 of capital build nothing: IRR and payback undefined. The JSON
    counts them (``undefined``), the quantiles are over the others, and every other
    member is the plan as planned (its IRR the deterministic one)."""
    res, doc = run
    drawn = res.monte_carlo.inputs[CAPITAL].to_numpy()
    broke = int((drawn == 1.0).sum())
    assert 0 < broke < SAMPLES, "the seed must draw both cases"
    assert doc["members_ok"] == SAMPLES
    for key in ("irr", "payback_year"):
        q = doc["quantiles"][key]["values"]["all"]
        assert q["undefined"] == broke, key
        assert q["n"] == SAMPLES - broke, key
        det = doc["deterministic"][key]["all"]
        assert q["p5"] == pytest.approx(det) and q["p95"] == pytest.approx(det), key
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
