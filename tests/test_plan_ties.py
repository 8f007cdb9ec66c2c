"""Where the investor builds must not follow the order of the ``sites:`` list.

Fifth user test, #2: a gas data centre costs the ``serve`` objective the same in Texas
and in Gujarat (capex per MW, own fuel, opex: a site's cost multiplier and subsidy apply
to fabs only), so the solver's tie-break puts the modules in whichever site it meets
first, and the investor's NPV (the regions' grid prices pass through to revenue) moves
with it. The plan must say so (:mod:`tigris.plan.ties`).

The scenario: two sites in two regions that may host only ``datacenter-gas`` (10
modules each), 300 MW of existing capacity and 2M H100e of demand (power binds), $5B.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import write_scenario
from tests.test_plan_ties_mw import _text
from tigris.plan import solve_inputs
from tigris.plan.assemble import assemble_file
from tigris.plan.highs import run_highs
from tigris.plan.model import build_model
from tigris.plan.ties import (
    _column_costs,
    investor_npv,
    settle_ties,
    tie_explanations,
    tied_modules,
)

_CACHE: dict[str, Any] = {}


def _plan(tmp_path: Path, text: str, name: str) -> dict[str, Any]:
    """The solved plan, its model and inputs (once per scenario text: ~0.3 s each)."""
    if text in _CACHE:
        return _CACHE[text]
    _, inp, _ = assemble_file(write_scenario(tmp_path, text, name))
    held: dict[str, Any] = {}

    def solver(inp: Any, relax: bool, time_limit_s: Any, mip_gap: Any) -> tuple:
        m = build_model(inp, relax=relax)
        status, runtime = run_highs(m, time_limit_s, 0.0)
        held["m"] = m
        return m, status, runtime, 0.0

    r = solve_inputs(inp, counterfactual=False, explain_result=False, model_solver=solver)
    assert r.status == "optimal"
    from tigris.plan.solve import _solution

    out = {"inp": inp, "result": r, "m": held["m"], "sol": _solution(held["m"], inp)}
    _CACHE[text] = out
    return out


def _built(p: dict[str, Any]) -> dict[str, float]:
    b = p["result"].builds
    return b.groupby("site")["modules"].sum().to_dict()


def _npv(p: dict[str, Any]) -> float:
    owners = p["result"].finance_owners.set_index("owner")
    return float(owners.loc["investor", "npv_usd"])


def test_a_tie_between_sites_is_said_and_priced_whatever_the_sites_order(
    tmp_path: Path,
) -> None:
    """Both orders reach the same objective (a tie: same costs); each plan says its
    modules could equally be at the other site, and "NPV with them there" is the NPV
    the other order's plan reports when it puts them there (its own finance tables)."""
    a = _plan(tmp_path, _text("texas"), "a.yaml")
    b = _plan(tmp_path, _text("india"), "b.yaml")
    assert a["result"].objective_usd == pytest.approx(b["result"].objective_usd, rel=1e-9)
    sentences = {}
    for name, p in (("a", a), ("b", b)):
        texts = [e.text for e in tie_explanations(p["inp"], p["sol"], p["m"])]
        assert len(texts) == 1, texts
        sentences[name] = texts[0]
        (site,) = _built(p)  # one site hosts all (the tie-break's choice)
        other = "india-gujarat" if site == "texas-usa" else "texas-usa"
        n = int(_built(p)[site])
        assert f"{n} datacenter-gas modules at {site}" in texts[0]
        assert f"could equally be at {other}" in texts[0]
    # the NPV "with them moved" is one the solver could have printed: recompute it
    # with the modules at the other site and compare with the plan that has them there
    for p, q in ((a, b), (b, a)):
        if _built(p) != _built(q):  # the orders broke the tie differently
            said = sentences["a" if p is a else "b"]
            moved = re.search(r"(-?)\$([\d,.]+)([BM]) with them at", said)
            assert moved is not None
            scale = {"B": 1e9, "M": 1e6}[moved.group(3)] * (-1 if moved.group(1) else 1)
            value = float(moved.group(2).replace(",", "")) * scale
            assert value == pytest.approx(_npv(q), abs=0.5e6)
    # the investor's NPV as the finance tables give it (tigris.plan.ties.investor_npv)
    for p in (a, b):
        got = investor_npv(p["inp"], np.round(p["sol"]["build"]), p["sol"]["prod"])
        assert got == pytest.approx(_npv(p), rel=1e-9)


def test_only_the_room_left_at_the_other_site_is_tied(tmp_path: Path) -> None:
    """With room for 1 module at india-gujarat (``max_modules: 1``), at most 1 is said to
    move there, and none from a site to one that is full."""
    tx, india = 10, 1
    for first in ("texas", "india"):
        p = _plan(tmp_path, _text(first, tx, india), f"r{first}.yaml")
        built = _built(p)
        cap = {"texas-usa": tx, "india-gujarat": india}
        ties = tied_modules(p["inp"], p["sol"], p["m"])
        for tie in ties:
            room = cap[tie.other] - built.get(tie.other, 0.0)
            assert tie.modules == min(built[tie.site], room)
        want = {
            (s, o)
            for s in built
            for o in cap
            if o != s and cap[o] - built.get(o, 0.0) >= 1 and built[s] >= 1
        }
        assert {(t.site, t.other) for t in ties} == want


def test_no_tie_between_sites_whose_modules_cost_differently(tmp_path: Path) -> None:
    """A site PUE override changes the gas module's capacity at india-gujarat (``MW x
    1.2 / pue``): the columns differ, so nothing is tied."""
    text = _text("texas").replace(
        "  - name: india-gujarat\n    facilities: [datacenter-gas]\n    max_modules: 10\n",
        "  - name: india-gujarat\n    facilities: [datacenter-gas]\n    max_modules: 10\n"
        "    pue: 1.5\n",
    )
    p = _plan(tmp_path, text, "pue.yaml")
    assert tied_modules(p["inp"], p["sol"], p["m"]) == []


def test_settling_ties_by_the_investors_npv_ends_where_either_order_would(
    tmp_path: Path,
) -> None:
    """Measured for a deterministic tie-break (not yet used by the plan): moving tied
    modules while the investor's NPV rises gives the same builds and NPV from the plan
    of either order, at the objective of both."""
    a = _plan(tmp_path, _text("texas"), "a.yaml")
    b = _plan(tmp_path, _text("india"), "b.yaml")
    settled = []
    for p in (a, b):
        out, moves = settle_ties(p["inp"], p["sol"], p["m"])
        settled.append(out["build"])
        said = " ".join(e.text for e in tie_explanations(p["inp"], out, p["m"], moves))
        assert "the tie is broken by the investor's NPV" in said
        assert "tie-break" not in said  # the list's order no longer decides
        for tie in moves:
            assert f"the solver put at {tie.site} are at {tie.other}" in said
        # the moved plan's build cost in the model's own objective is the plan's
        cost = _column_costs(p["m"], "build", out["build"].shape)
        want = float((cost * np.round(p["sol"]["build"])).sum())
        assert float((cost * out["build"]).sum()) == pytest.approx(want, rel=1e-9)
    named = [  # by site name: the arrays' site axis follows each file's order
        {
            (p["inp"].sites[i], p["inp"].facilities[k], t): float(bb[i, k, t])
            for i, k, t in zip(*np.nonzero(bb > 0), strict=True)
        }
        for p, bb in zip((a, b), settled, strict=True)
    ]
    assert named[0] == named[1]
    npvs = [
        investor_npv(p["inp"], s, p["sol"]["prod"]) for p, s in zip((a, b), settled, strict=True)
    ]
    assert npvs[0] == pytest.approx(npvs[1], rel=1e-9)
    assert npvs[0] >= max(_npv(a), _npv(b)) - 1.0


def test_the_plan_itself_says_the_tie(tmp_path: Path) -> None:
    """The hook in :func:`tigris.plan.solve.solve_inputs`: a plan solved with its
    explanations carries the tie sentence (kind ``tie``) that names both sites, and a
    plan solved without explanations carries none."""
    _, inp, _ = assemble_file(write_scenario(tmp_path, _text("texas"), "hook.yaml"))
    r = solve_inputs(inp, counterfactual=False, explain_result=True)
    ties = [e for e in r.binding if e.kind == "tie"]
    assert len(ties) == 1, [e.kind for e in r.binding]
    assert "texas-usa" in ties[0].text and "india-gujarat" in ties[0].text
    quiet = solve_inputs(inp, counterfactual=False, explain_result=False)
    assert not [e for e in quiet.binding if e.kind == "tie"]


def _cowos_inputs(tmp_path: Path) -> Any:
    """Two sites in one region that may host only CoWoS lines, every site input that
    could price or size a module there overridden to the same value (review of
    301904a)."""
    same = (
        "    construction_cost_multiplier: 1.0\n    construction_months: 24\n"
        "    ramp_months: 12\n    electricity_usd_per_kwh: 0.08\n"
        "    labour_usd_per_fte_year: 60000\n    subsidy_share_of_capex: 0.0\n"
        "    region: usa\n"
    )
    sites = "".join(
        f"  - name: {name}\n    facilities: [cowos]\n    max_modules: 10\n" + same
        for name in ("texas-usa", "india-gujarat")
    )
    text = (
        _text("texas")
        .split("sites:\n")[0]
        .replace("  - kind: datacenter\n    power: gas\n", "  - kind: cowos\n")
    )
    text += "sites:\n" + sites + "capital:" + _text("texas").split("capital:")[1]
    _, inp, _ = assemble_file(write_scenario(tmp_path, text, "cowos.yaml"))
    return inp


def test_no_tie_with_a_site_whose_wafer_output_is_cut_by_a_disruption(tmp_path: Path) -> None:
    """Two CoWoS lines at texas-usa (a hand plan, no solve) could equally be at an
    identical india-gujarat; with half of india-gujarat's new wafer output available
    (``site_availability``, what ``risk --disruption`` sets) a line there makes half
    the interposers on the capacity row, so moving it is not the same plan: no tie."""
    inp = _cowos_inputs(tmp_path)
    k = inp.facilities.index("cowos")
    s = inp.sites.index("texas-usa")
    build = np.zeros((len(inp.sites), len(inp.facilities), len(inp.years)))
    build[s, k, 0] = 2
    sol = {"build": build, "prod": np.zeros((len(inp.products), len(inp.years)))}
    (tie,) = tied_modules(inp, sol)
    assert (tie.site, tie.other, tie.modules) == ("texas-usa", "india-gujarat", 2)
    avail = np.ones((len(inp.sites), len(inp.years)))
    avail[inp.sites.index("india-gujarat")] = 0.5
    assert tied_modules(inp.replace(site_availability=avail), sol) == []


_TX = "  - name: texas-usa\n    facilities: [datacenter-gas]\n    max_modules: 10\n"
_IN = "  - name: india-gujarat\n    facilities: [datacenter-gas]\n    max_modules: 10\n"


def _hand_ties(tmp_path: Path, text: str, name: str, texas: int = 3) -> list:
    """The ties of a hand plan (no solve): ``texas`` gas modules at texas-usa in 2026,
    the objective's coefficients from the inputs (:func:`tied_modules` without a
    model)."""
    _, inp, _ = assemble_file(write_scenario(tmp_path, text, name))
    build = np.zeros((len(inp.sites), len(inp.facilities), len(inp.years)))
    build[inp.sites.index("texas-usa"), inp.facilities.index("datacenter-gas"), 0] = texas
    return tied_modules(inp, {"build": build, "prod": np.zeros((len(inp.products), 5))})


def test_hand_plan_ties_respect_site_power_floors_and_placed_regions(tmp_path: Path) -> None:
    """Review of 301904a (each guard of :func:`tied_modules` broken in turn): 3 gas
    modules (100 MW each) at texas-usa may all move to an empty india-gujarat; with
    india-gujarat's ``power_limit_mw: 150`` only 1 fits; with texas-usa's
    ``min_modules: 3`` none may leave; with a share of the fleet placed in a region
    (``demand_regions``, the sites in two regions) moving a module moves power between
    regions' rows: no tie."""
    base = _text("texas")
    (tie,) = _hand_ties(tmp_path, base, "h0.yaml")
    assert (tie.site, tie.other, tie.modules) == ("texas-usa", "india-gujarat", 3)
    power = base.replace(_IN, _IN + "    power_limit_mw: 150\n")
    (tie,) = _hand_ties(tmp_path, power, "h1.yaml")
    assert tie.modules == 1
    floor = base.replace(_TX, _TX + "    min_modules: 3\n")
    assert _hand_ties(tmp_path, floor, "h2.yaml") == []
    placed = base.replace("sites:\n", "demand_regions: {usa: 0.1}\nsites:\n")
    assert _hand_ties(tmp_path, placed, "h3.yaml") == []


def test_no_tie_between_sites_of_different_owners(tmp_path: Path) -> None:
    """A module at another owner's site is paid from that owner's capital (its own
    capital rows, ``incumbents.respond``): not the same column, no tie (review of
    301904a: the owner guard survived every other test)."""
    _, inp, _ = assemble_file(write_scenario(tmp_path, _text("texas"), "own.yaml"))
    build = np.zeros((len(inp.sites), len(inp.facilities), len(inp.years)))
    build[inp.sites.index("texas-usa"), inp.facilities.index("datacenter-gas"), 0] = 3
    sol = {"build": build, "prod": np.zeros((len(inp.products), len(inp.years)))}
    assert len(tied_modules(inp, sol)) == 1
    owners = tuple("tsmc" if s == "india-gujarat" else "investor" for s in inp.sites)
    assert tied_modules(inp.replace(site_owner=owners), sol) == []


def test_npv_no_tie_where_the_sales_are_worth_differently(tmp_path: Path) -> None:
    """``npv``: a gas module's sales pass its region's grid price through to revenue
    (Texas vs Gujarat), so the model's ``sold`` columns of the two sites are priced
    differently and no module is tied (review of 301904a: the sales and build-price
    guards survived every test; here each catches it, and with both removed this
    fails)."""
    _, inp, _ = assemble_file(write_scenario(tmp_path, _text("texas"), "npv.yaml"))
    inp = inp.replace(objective="npv")
    build = np.zeros((len(inp.sites), len(inp.facilities), len(inp.years)))
    build[inp.sites.index("texas-usa"), inp.facilities.index("datacenter-gas"), 0] = 3
    sol = {"build": build, "prod": np.zeros((len(inp.products), len(inp.years)))}
    assert tied_modules(inp, sol) == []


def test_no_tie_when_a_module_takes_scanners_at_one_site_only(tmp_path: Path) -> None:
    """Scanners cost the objective nothing (their supply is a row), so a CoWoS line that
    needed 2 EUV scanners at india-gujarat only would cost the same at both sites yet
    take scanners from the year's supply there: not the same column, no tie (review
    of 301904a: the comparison of the sites' module inputs survived every test)."""
    inp = _cowos_inputs(tmp_path)
    k = inp.facilities.index("cowos")
    build = np.zeros((len(inp.sites), len(inp.facilities), len(inp.years)))
    build[inp.sites.index("texas-usa"), k, 0] = 2
    sol = {"build": build, "prod": np.zeros((len(inp.products), len(inp.years)))}
    assert len(tied_modules(inp, sol)) == 1
    euv = np.array(inp.euv_tools, dtype=float)
    euv[inp.sites.index("india-gujarat"), k] = 2.0
    assert tied_modules(inp.replace(euv_tools=euv), sol) == []


@pytest.mark.parametrize("with_model", [True, False])
def test_floors_and_caps_of_the_build_column_limit_the_tie(
    tmp_path: Path, with_model: bool
) -> None:
    """Review of 301904a (the column-bound guards survived every test): of 3 gas modules
    at texas-usa in 2026, a floor there (``min_build``, an incumbent's announced build),
    and 2 in 2027, only the 2027 ones may move; with india-gujarat capped at 1 module in
    2026 (``max_build``) 1 of 2026's moves and both of 2027's; the same from the model's
    bounds and, without a model, from the inputs."""
    _, inp, _ = assemble_file(write_scenario(tmp_path, _text("texas"), "b.yaml"))
    s, o = inp.sites.index("texas-usa"), inp.sites.index("india-gujarat")
    k = inp.facilities.index("datacenter-gas")
    build = np.zeros((len(inp.sites), len(inp.facilities), len(inp.years)))
    build[s, k, 0], build[s, k, 1] = 3, 2
    sol = {"build": build, "prod": np.zeros((len(inp.products), len(inp.years)))}

    def ties(x: Any) -> list:
        return tied_modules(x, sol, build_model(x) if with_model else None)

    floor = np.zeros_like(build)
    floor[s, k, 0] = 3
    (tie,) = ties(inp.replace(min_build=floor))
    assert (tie.other, tie.moves) == ("india-gujarat", ((1, 2),))
    cap = np.full(build.shape, np.nan)
    cap[o, k, 0] = 1
    (tie,) = ties(inp.replace(max_build=cap))
    assert (tie.other, tie.moves) == ("india-gujarat", ((0, 1), (1, 2)))
