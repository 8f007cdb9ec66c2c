"""The dashboard's views (``tigris.serve.view``) and the store lookup behind its cache
(``RunStore.find``): the numbers against the plan's own balance and an independent
re-solve, a round trip through the store, a disruption that must cost compute."""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import SMALL_3Y, replaced
from tigris.errors import InputError
from tigris.report.api import FIGURE_IDS
from tigris.report.figures import SUPPLY_DEMAND
from tigris.runs.store import RunRecord, RunStore
from tigris.serve.limits import SOLVE_TIME_LIMIT_S
from tigris.serve.view import MAP_ID, STAGES, cached_view, compute_view

#: Relative tolerance of two solves of the same linear program [-].
REL = 1e-6
#: A ``--data`` site the shipped tables do not have (Japan's row under another name).
NEW_SITE = """\
sites:
- name: testland
  based_on: japan
  source: 'test: japan under another name'
  as_of: 2024-01
"""
#: SMALL_3Y building at the overlay's site, with a disruption barring its only product
#: from 2028 (the last year); a plan ignores it unless asked (so both views below share
#: one base plan).
SCENARIO = (
    replaced(SMALL_3Y, ("  - name: japan\n", "  - name: testland\n"))
    + """\
disruptions:
  - name: ban
    kind: export_control
    product: b200
    start_year: 2028
    source: 'tigris assumption: a test event, because the product is the only one'
"""
)


def request(
    text: str, disruption: str | None = None, data: str | None = NEW_SITE
) -> dict[str, Any]:
    return {"scenario_yaml": text, "data_yaml": data, "disruption": disruption, "options": {}}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve-view") / "runs.duckdb"


@pytest.fixture(scope="module")
def small(store: Path) -> tuple[dict[str, Any], list[str]]:
    """The view of :data:`SCENARIO` (no disruption) and the stages it reported."""
    stages: list[str] = []
    ask = {**request(SCENARIO), "options": {"time_limit_s": 1e6}}  # above the server's limit
    return compute_view(ask, stages.append, store=store), stages


def _array(data: Any) -> np.ndarray:
    """A plotly JSON array (a list, or ``{"dtype", "bdata"}`` base64)."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
    return np.asarray(data, dtype=float)


def test_view_balances_served_and_unmet_against_demand(small: tuple[dict, list]) -> None:
    view, stages = small
    assert view["ok"] and view["status"] == "optimal" and view["error"] is None
    years = view["tables"]["years"]
    assert [y["year"] for y in years] == [2026, 2027, 2028]
    for y in years:  # served + unmet = demand, every year
        assert y["served_h100e"] + y["unmet_h100e"] == pytest.approx(y["demand_h100e"], rel=REL)
        assert y["baseline_served_h100e"] <= y["served_h100e"] * (1 + REL)
    n = view["headline"]["numbers"]
    for col in ("demand_h100e", "served_h100e", "unmet_h100e"):
        assert n[col] == pytest.approx(sum(y[col] for y in years), rel=REL)
    # SMALL_3Y's demand: training 4e6 -> 8e6 over 2026 -> 2028, linear
    assert [y["demand_h100e"] for y in years] == pytest.approx([4e6, 6e6, 8e6], rel=REL)
    # the supply figure's demand line is the same demand
    supply = view["figures"]["fig-supply"]["data"]
    line = next(t for t in supply if t["name"] == SUPPLY_DEMAND)
    assert _array(line["y"]).tolist() == pytest.approx([y["demand_h100e"] for y in years])
    # SMALL_3Y builds a CoWoS module, here at the site only the overlay has
    assert {b["site"] for b in view["tables"]["builds"]} == {"testland"}
    assert sum(b["modules"] for b in view["tables"]["builds"]) == n["modules_built"]
    assert stages == ["reading scenario", "solving plan", "drawing figures", "storing"]
    assert set(stages) <= set(STAGES)


def test_baseline_is_a_resolve_without_the_investors_capital(
    small: tuple[dict, list], tmp_path: Path
) -> None:
    from tigris.overlay import data_overlay
    from tigris.plan.solve import solve
    from tigris.scenario.edit import load_any

    view, _ = small
    data = tmp_path / "data.yaml"
    data.write_text(NEW_SITE, encoding="utf-8")
    with data_overlay(data):  # one dollar buys no module: no investor's capital
        broke = load_any(replaced(SCENARIO, ("amount_usd: 2.0e10", "amount_usd: 1")))
        r = solve(broke, counterfactual=False, explain_result=False)
    assert r.ok and len(r.builds) == 0
    served = float(r.demand["served_h100e"].sum())
    demand = float(r.demand["demand_h100e"].sum())
    base = view["headline"]["baseline"]
    assert base["served_h100e"] == pytest.approx(served, rel=REL)
    assert base["unmet_h100e"] == pytest.approx(demand - served, rel=REL)
    assert base["unmet_share"] == pytest.approx((demand - served) / demand, rel=REL)
    assert base["unmet_h100e"] > 0  # the investor matters here: the test can fail
    assert view["headline"]["numbers"]["unmet_h100e"] < base["unmet_h100e"]


def test_view_is_json_and_local(small: tuple[dict, list], store: Path) -> None:
    view, _ = small
    text = json.dumps(view, allow_nan=False)
    assert "http" not in text
    assert set(view["figures"]) == {*FIGURE_IDS, MAP_ID}
    assert view["scenario_name"] == "small" and view["run_id"] and view["seconds"] > 0
    assert all(isinstance(s, str) and s for s in view["headline"]["sentences"])
    assert view["headline"]["disruption"] is None
    stored = RunStore(store).record(view["run_id"])
    assert stored["kind"] == "plan" and stored["options"]["serve_key"] == view["key"]
    assert stored["options"]["time_limit_s"] == SOLVE_TIME_LIMIT_S  # capped


def test_cached_view_equals_the_computed_one(small: tuple[dict, list], store: Path) -> None:
    view, _ = small
    again = cached_view(store, view["key"])
    assert again is not None
    assert again["headline"] == view["headline"]
    assert again["figures"] == view["figures"]
    assert again["tables"] == view["tables"]
    assert again == view  # the scenario reloaded with its overlay
    assert cached_view(store, "0" * 64) is None


def test_disruption_view_loses_the_banned_years_compute(store: Path) -> None:
    view = compute_view(request(SCENARIO, "ban"), store=store)
    assert view["ok"]
    d = view["headline"]["disruption"]
    assert d["name"] == "ban" and d["kind"] == "export_control"
    reopt, before = d["reoptimised"], d["undisrupted"]
    assert view["headline"]["numbers"]["unmet_h100e"] == pytest.approx(reopt["unmet_h100e"])
    # nothing can be delivered in 2028: at least that year's demand (8e6) goes unmet
    assert reopt["unmet_h100e"] >= 8e6 * (1 - REL)
    assert reopt["unmet_h100e"] >= before["unmet_h100e"]
    assert d["as_made"]["unmet_h100e"] >= reopt["unmet_h100e"] * (1 - REL)
    # the baseline is the world without the investor, as without the event
    assert view["headline"]["baseline"]["served_h100e"] > 0
    assert not any("investor adds is not known" in s for s in view["headline"]["sentences"])
    json.dumps(view, allow_nan=False)
    again = cached_view(store, view["key"])
    assert again is not None and again["headline"] == view["headline"]


def test_infeasible_plan_is_a_failed_view(store: Path) -> None:
    text = replaced(
        SMALL_3Y,
        (
            "unmet_penalty_usd_per_h100e: 27500",
            "unmet_penalty_usd_per_h100e: 27500\nmin_served_share: 1.0",
        ),
        ("{2026: 4.0e6, 2028: 8.0e6}", "{2026: 4.0e8, 2028: 8.0e8}"),
    )
    view = compute_view(request(text), store=store)
    assert not view["ok"] and view["status"] == "infeasible"
    # the floor of 1.0 is named as the cause (2a91329: it blamed the product-mix shares)
    assert view["error"].startswith("no plan") and "served-share floor" in view["error"]
    # the world without the investor has a plan: its compute, however short of demand
    base = view["headline"]["baseline"]
    assert 0 < base["served_h100e"] < view["headline"]["numbers"]["demand_h100e"]
    # the re-solve that explains it has no such world: its sentence saying so would
    # contradict the baseline shown
    sentences = view["headline"]["sentences"]
    assert not any("did not solve the world without the investor" in s for s in sentences)
    json.dumps(view, allow_nan=False)
    assert all(v is None or math.isfinite(v) for v in view["headline"]["numbers"].values())


@pytest.mark.parametrize(
    ("req", "needle"),
    [
        (request("name: [unclosed\n"), "<text>:"),
        (request(SCENARIO, "no-such-event"), "--disruption"),
        ({**request(SCENARIO), "options": {"time_limit_s": -1}}, "request.options.time_limit_s"),
        ({**request(SCENARIO), "extra": 1}, "request"),
        ({"scenario_yaml": 3}, "request.scenario_yaml"),
    ],
)
def test_bad_request_is_an_input_error(req: dict, needle: str, store: Path) -> None:
    with pytest.raises(InputError, match=None) as err:
        compute_view(req, store=store)
    assert needle in str(err.value)


# --- RunStore.find ------------------------------------------------------------------------


def _run(yaml: str, options: dict, with_result: bool = True) -> tuple[RunRecord, Any]:
    from tigris.plan import PlanResult

    result = PlanResult("t", "infeasible", math.nan, (2026, 2028)) if with_result else None
    return RunRecord(kind="plan", scenario_yaml=yaml, scenario_name="t", options=options), result


def _add(st: RunStore, yaml: str, options: dict) -> str:
    return st.add(*_run(yaml, options))


def test_find_newest_matching_run(tmp_path: Path) -> None:
    import hashlib

    st = RunStore(tmp_path / "runs.duckdb")
    assert st.find(option=("serve_key", "k1")) is None  # no store file yet
    old, *_ = st.add_many(  # in this order, one transaction
        [
            _run("name: a\n", {"serve_key": "k1"}),
            _run("name: b\n", {"serve_key": "k2"}),
            _run("name: c\n", {"other": "k1"}),  # the value under another option
            _run("name: d\n", {"serve_key": "k1"}, with_result=False),  # failed: no result
        ]
    )
    assert st.find(option=("serve_key", "k1")) == old
    new = _add(st, "name: e\n", {"serve_key": "k1"})
    assert st.find(option=("serve_key", "k1")) == new
    assert st.find(option=("serve_key", "k")) is None  # equal, not a substring
    h = hashlib.sha256(b"name: a\n").hexdigest()
    assert st.find(scenario_hash=h) == old
    assert st.find(scenario_hash=h, option=("serve_key", "k2")) is None
    assert st.find(option=("n", 3)) is None
    three = _add(st, "name: f\n", {"n": 3})
    assert st.find(option=("n", 3)) == three


def test_data_overlay_is_needed_and_named() -> None:
    with pytest.raises(InputError, match="unknown site 'testland'"):
        compute_view(request(SCENARIO, data=None))  # the site exists only in the overlay
    with pytest.raises(InputError) as err:
        compute_view(request(SCENARIO, data="sites:\n- site: x\n"))
    assert str(err.value).startswith("<data>:2: ")


def _highs_that_stops() -> Any:
    """A HiGHS instance that stops before any solution: presolve off (it alone solves
    these tiny problems) and a 0 s time limit, so HiGHS returns its own kTimeLimit."""
    from tigris.plan.highs import new_highs

    h = new_highs()
    h.setOptionValue("presolve", "off")
    h.setOptionValue("time_limit", 0.0)
    return h


@pytest.mark.parametrize("disruption", [None, "ban"])
def test_a_world_without_the_investor_not_solved_is_said_beside_its_dash(
    disruption: str | None, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HiGHS stops the no-build LP of the world without the investor (its kTimeLimit,
    no solution): the view's baseline numbers are null, so the page shows a dash for
    the unmet share without the investor, and the sentences say why, once, naming
    HiGHS's status; with a disruption too (its baseline is the first solve's, and the
    re-optimised plan's sentence that it did not solve that world is left out); the
    view rebuilt from the store says the same."""
    import tigris.plan.counterfactual as cfm
    from tigris import fmt
    from tigris.serve.layout import headline_texts

    monkeypatch.setattr(cfm, "new_highs", _highs_that_stops)
    ask = {**request(SCENARIO, disruption), "options": {"time_limit_s": 123.0}}  # own key
    view = compute_view(ask, store=store)
    assert view["ok"]  # the plan itself is solved as usual
    base = view["headline"]["baseline"]
    assert base is not None
    assert base["served_h100e"] is None and base["unmet_share"] is None
    assert base["status"] == "time_limit"
    assert "HiGHS status 'time_limit'" in base["note"] and "not known" in base["note"]
    sentences = view["headline"]["sentences"]
    assert sentences.count(base["note"]) == 1
    assert not any("did not solve the world without the investor" in s for s in sentences)
    assert headline_texts(view)["headline-baseline"] == fmt.share(None)
    json.dumps(view, allow_nan=False)
    again = cached_view(store, view["key"])
    assert again is not None and again["headline"] == view["headline"]
