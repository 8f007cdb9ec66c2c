"""A plan that stopped at the solver's time limit is not an optimum (RISK-TL, s38).

HiGHS stopping at ``solver.time_limit_s`` with a feasible plan leaves a plan whose gap
to the optimum is not closed: its objective only bounds the optimum (Wolsey, *Integer
Programming*, 1998, §2.1) and its other numbers are one feasible plan's. ``tigris
risk`` leaves such plans out of its statistics and names them; ``tigris sweep`` names
them (docs/risk.md and docs/sweeps.md, "Plans stopped at the time limit").

A real time limit stops a small plan or not depending on the machine's load, so the
tests make the stop deterministic: the member solve (:func:`tigris.plan.reuse.
solve_member`, run in this process with ``--workers 0``) is wrapped so that every
plan whose drawn PUE lies above :data:`PUE_CUT` comes back as HiGHS returns a
time-limited plan, status ``time_limit`` and a gap above ``mip_gap``. The plans' numbers
are the real solves'; the expected quantiles are computed here, by numpy, from the
plans the rule keeps (recorded by the wrapper from each plan's own headline).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

#: Sampled plans of each run and their seed (chosen before the outcome; the test checks
#: that the draws give both kinds of plan, so the rule is tested, not assumed).
SAMPLES = 6
SEED = 3
#: Plans drawn with a PUE above this stop "at the time limit" [-] (the triangular
#: 1.1-1.2-1.4 puts 2/3 of its mass above the mode, so a few of 6 stop).
PUE_CUT = 1.25
#: The quantile levels of tigris risk (p5 ... p95) [-].
LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)


def _gap(pue: float) -> float:
    """The gap the wrapper gives a stopped plan: grows with its PUE, so the largest
    one is known [-]."""
    return round(pue - 1.0, 4)


@pytest.fixture
def stopping(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[float, float], tuple[float, bool]]:
    """Wrap the member solve; returns (discount rate, PUE) -> (the plan's headline NPV
    [USD], whether it stopped), filled as the members solve."""
    import tigris.plan.reuse as reuse

    real = reuse.solve_member
    seen: dict[tuple[float, float], tuple[float, bool]] = {}

    def solve_member(sc: Any, **kw: Any) -> Any:
        result = real(sc, **kw)
        stop = float(sc.pue) > PUE_CUT
        if stop:  # as HiGHS leaves a plan at its time limit: feasible, gap not closed
            result = dataclasses.replace(result, status="time_limit", mip_gap=_gap(sc.pue))
        npv = float(result.headline()["numbers"]["npv_usd"])
        seen[(float(sc.discount_rate), float(sc.pue))] = (npv, stop)
        return result

    monkeypatch.setattr(reuse, "solve_member", solve_member)
    return seen


def _members(res: Any, seen: dict[tuple[float, float], tuple[float, bool]]) -> list[Any]:
    """Each sampled member's (npv, stopped, pue), in member order, from the wrapper's
    record of the plan solved with that member's draws."""
    inputs = res.monte_carlo.inputs
    out = []
    for dr, pue in zip(inputs["discount_rate"], inputs["pue"], strict=True):
        npv, stop = seen[(float(dr), float(pue))]
        out.append((npv, stop, float(pue)))
    return out


def test_quantiles_json_and_html_leave_out_the_stopped_plans(
    stopping: dict[tuple[float, float], tuple[float, bool]], uncertain_file: Path
) -> None:
    from tigris.report.risk_html import render_risk_html
    from tigris.risk.api import risk

    res = risk(uncertain_file, samples=SAMPLES, seed=SEED, workers=0, store=False)
    members = _members(res, stopping)
    stopped = [i for i, (_, stop, _) in enumerate(members) if stop]
    kept = [npv for npv, stop, _ in members if not stop]
    assert 0 < len(stopped) < SAMPLES, "the seed must give both kinds of plan"
    assert not res.ok  # not every plan solved to optimality
    doc = res.to_dict()
    # the rule: quantiles and mean over the plans proven optimal only
    assert doc["members_ok"] == len(kept)
    entry = doc["quantiles"]["npv_total_usd"]["values"]["all"]
    assert entry["n"] == len(kept)
    want = np.quantile(np.array(kept), LEVELS, method="linear")
    for level, w in zip(("p5", "p25", "p50", "p75", "p95"), want, strict=True):
        assert entry[level] == pytest.approx(w, rel=1e-9), level
    assert entry["mean"] == pytest.approx(float(np.mean(kept)), rel=1e-9)
    # named in the JSON, with the largest gap and the limit (the scenario's 60 s)
    gaps = [_gap(pue) for _, stop, pue in members if stop]
    block = doc["stopped"]
    assert block["members"] == stopped
    assert block["max_gap"] == pytest.approx(max(gaps))
    assert [p["status"] for p in block["plans"]] == ["time_limit"] * len(stopped)
    assert {p["time_limit_s"] for p in block["plans"]} == {60.0}
    assert block["planned"] is None  # the plan as planned (PUE 1.2) is optimal
    note = block["note"]
    assert note.startswith(f"{len(stopped)} of {SAMPLES} sampled plans")
    assert f"gap up to {100 * max(gaps):.1f}%" in note and "60 s time limit" in note
    json.dumps(doc, allow_nan=False)  # still valid JSON
    # and in the HTML report: a section naming them, the quantiles' caption saying so
    page = render_risk_html(res, doc=doc)
    assert 'id="stopped"' in page and "Plans stopped at the time limit" in page
    assert f"({len(stopped)} stopped at the time limit left out" in page


def test_risk_text_names_the_stopped_plans_and_exits_1(
    stopping: dict[tuple[float, float], tuple[float, bool]],
    uncertain_file: Path,
    run_cli: Any,
) -> None:
    res = run_cli(
        "risk", uncertain_file, "--samples", SAMPLES, "--seed", SEED, "--workers", 0,
        "--no-store",
    )  # fmt: skip
    stopped = sorted(k for k, (_, stop) in stopping.items() if stop)
    n = len(stopped)
    assert 0 < n < SAMPLES
    text = " ".join(res.out.split())  # rich wraps lines
    assert f"{SAMPLES - n} of {SAMPLES} sampled plans solved to optimality, {n} stopped" in text
    assert f"note: {n} of {SAMPLES} sampled plans (member" in text
    assert "stopped at the 60 s time limit" in text
    assert "left out of the quantiles" in text
    assert res.code == 1  # a plan left out of the statistics, as a failed one


def test_all_optimal_says_nothing_new(uncertain_file: Path, run_cli: Any) -> None:
    """No plan stopped: the text has no word of it (no noise); the JSON's ``stopped``
    is there, empty."""
    res = run_cli(
        "risk", uncertain_file, "--samples", 2, "--seed", SEED, "--workers", 0, "--no-store",
        "--json",
    )  # fmt: skip
    doc = res.json()
    assert doc["stopped"] == {
        "members": [],
        "max_gap": None,
        "note": None,
        "plans": [],
        "planned": None,
    }
    assert res.code == 0
    text = run_cli(
        "risk", uncertain_file, "--samples", 2, "--seed", SEED, "--workers", 0, "--no-store"
    ).out  # fmt: skip
    assert "time limit" not in text and "stopped" not in text and "optimality" not in text


def test_sweep_names_the_stopped_members(
    stopping: dict[tuple[float, float], tuple[float, bool]],
    uncertain_file: Path,
    run_cli: Any,
) -> None:
    args = ("sweep", uncertain_file, "--set", "pue=1.2,1.3,1.35", "--workers", 0, "--no-store")
    res = run_cli(*args, "--json")
    doc = res.json()
    rows = doc["members"]
    assert [r["status"] for r in rows] == ["optimal", "time_limit", "time_limit"]
    assert rows[0]["mip_gap"] <= 1e-4  # HiGHS's own, within the default mip_gap
    assert [r["mip_gap"] for r in rows[1:]] == pytest.approx([_gap(1.3), _gap(1.35)])
    assert [r["time_limit_s"] for r in rows] == [60.0] * 3
    assert doc["stopped"]["members"] == [1, 2]
    assert doc["stopped"]["max_gap"] == pytest.approx(_gap(1.35))
    text = " ".join(run_cli(*args).out.split())
    assert "note: 2 of 3 plans (members 1, 2) stopped at the 60 s time limit, gap up to" in text
    assert f"{100 * _gap(1.35):.1f}%" in text


def test_sweep_all_optimal_says_nothing_new(uncertain_file: Path, run_cli: Any) -> None:
    args = ("sweep", uncertain_file, "--set", "pue=1.2,1.3", "--workers", 0, "--no-store")
    doc = run_cli(*args, "--json").json()
    assert doc["stopped"] == {"members": [], "max_gap": None, "note": None}
    assert "time limit" not in run_cli(*args).out


def test_stored_members_keep_status_and_gap(
    stopping: dict[tuple[float, float], tuple[float, bool]], uncertain_file: Path, tmp_path: Path
) -> None:
    """The store keeps each member's status and gap: a stored time-limited member reads
    back as one (``tigris runs list``, ``RunStore.result``)."""
    from tigris.runs.store import RunStore
    from tigris.runs.sweep import sweep

    store = tmp_path / "runs.duckdb"
    sw = sweep(uncertain_file, {"pue": [1.2, 1.3]}, workers=0, store=store)
    assert list(sw.members["status"]) == ["optimal", "time_limit"]
    assert list(sw.stopped["index"]) == [1]
    runs = RunStore(store).runs(sweep_id=sw.sweep_id)
    assert list(runs["status"]) == ["optimal", "time_limit"]
    back = RunStore(store).result(str(runs["id"].iloc[1]))
    assert back.status == "time_limit" and back.mip_gap == pytest.approx(_gap(1.3))


def test_sweep_member_stopped_before_any_solution_is_failed(
    monkeypatch: pytest.MonkeyPatch, uncertain_file: Path, run_cli: Any
) -> None:
    """HiGHS stopped at the limit before finding any plan (status ``time_limit``, no
    objective, an infinite gap): no plan, so a failed member (exit 1), not a planned
    one nor a stopped one."""
    import math

    import tigris.plan.reuse as reuse

    real = reuse.solve_member

    def solve_member(sc: Any, **kw: Any) -> Any:
        result = real(sc, **kw)
        if float(sc.pue) > PUE_CUT:
            return dataclasses.replace(
                result, status="time_limit", objective_usd=math.nan, mip_gap=math.inf
            )
        return result

    monkeypatch.setattr(reuse, "solve_member", solve_member)
    args = ("sweep", uncertain_file, "--set", "pue=1.2,1.3", "--workers", 0, "--no-store")
    res = run_cli(*args, "--json")
    assert res.code == 1
    doc = res.json()
    assert [r["error"] for r in doc["members"]] == [None, "no plan (time_limit)"]
    assert doc["stopped"]["members"] == []
    text = " ".join(run_cli(*args).out.split())
    assert "member 1 failed (pue=1.3): no plan (time_limit)" in text
    assert "1 of 2 members planned" in text
