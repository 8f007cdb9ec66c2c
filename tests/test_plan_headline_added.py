"""What the headline says the investor adds must read true (user test of 2026-12-03,
fifth session: #14, #18, #2, #19a).

Each plan here is made by hand (a ``PlanResult`` with the tables the headline reads),
so its numbers are known without a solve. The sentences are read back as numbers and
compared with the result's JSON (``headline``/``added``), and the JSON with the
invariants of the split (investor new >= 0, re-timing summing to 0, the three parts
adding up to the plan less the world without the investor).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from tigris.plan.result import PlanResult

YEARS = list(range(2026, 2036))
M = 1e6
#: The README's ``--objective npv --min-served-share 0.135`` case (user test #14):
#: the plan less the world without the investor, million H100e, 2026-2035.
FLOOR_NET = np.array([-3.48, -3.79, 0.95, -4.43, 0.0, -28.85, 17.67, 24.24, -19.27, 41.18])
#: Incumbents responding with 3x the reference's existing MW (user test #18).
FEWER_NET = np.array([0.0, 0.0, 0.0, 5.86, 20.57, 48.67, 66.55, -40.12, -150.91, -0.65])
#: The reference's rental value, first and last year, as the assumptions row has it.
RENTAL = "42,531 -> 5,156"


def _plan(
    net_m: np.ndarray,
    *,
    objective: str = "serve",
    assumptions: list[tuple[str, object]] = (),
    capital: list[tuple[str, float]] = (("investor", 40e9),),
    builds: list[tuple[str, float]] = (("investor", 14.0),),
    owners: list[tuple[str, float]] = (("investor", -1e9),),
    power: tuple[np.ndarray, np.ndarray] | None = None,
    spent: float = 17.6e9,
) -> PlanResult:
    """A hand-made plan: one demand class of 1,000M H100e a year, the world without the
    investor serving 300M a year, the plan 300M + ``net_m`` million."""
    base = np.full(len(YEARS), 300.0 * M)
    demand = pd.DataFrame(
        {
            "year": YEARS,
            "demand_class": "inference",
            "priority": 1.0,
            "demand_h100e": 1000.0 * M,
            "served_h100e": base + net_m * M,
            "unmet_h100e": 1000.0 * M - base - net_m * M,
            "baseline_served_h100e": base,
            "added_h100e": net_m * M,
        }
    )
    build_rows = pd.DataFrame(
        [
            {
                "site": f"{o.lower()}-site",
                "facility": "datacenter" if o == "investor" else "hbm",
                "node": "",
                "start_year": 2027,
                "online_year": 2029,
                "modules": n,
                "capacity": 100.0 * n,
                "capacity_unit": "MW",
                "capex_usd": spent,
                "owner": o,
            }
            for o, n in builds
        ]
    )
    cap = pd.DataFrame(
        [
            {"year": 2026, "source": f"{o} capital", "available_usd": a, "owner": o}
            for o, a in capital
        ]
    )
    capex = pd.DataFrame(
        [{"year": 2027, "source": "investor capital", "capex_usd": spent, "owner": "investor"}]
    )
    fo = pd.DataFrame(
        [{"owner": o, "npv_usd": v, "irr": 0.05, "payback_year": 2036.0} for o, v in owners]
    )
    rows = [("discount_rate", 0.08), *assumptions]
    a = pd.DataFrame([{"parameter": p, "value": v, "unit": "-", "source": "test"} for p, v in rows])
    kw = {}
    if power is not None:
        need, online = power
        kw["power"] = pd.DataFrame(
            {
                "year": YEARS,
                "region": "world",
                "fleet_it_mw": need / 1.2,
                "facility_mw_needed": need,
                "datacenter_mw_online": online,
            }
        )
    return PlanResult(
        scenario_name="hand",
        status="optimal",
        objective_usd=1e12,
        horizon=(YEARS[0], YEARS[-1]),
        builds=build_rows,
        demand=demand,
        capex=capex,
        capital=cap,
        finance_owners=fo,
        assumptions=a,
        objective=objective,
        cost_terms_usd={"capex": 1e11},
        unmet_penalty_usd=9e11,
        **kw,
    )


def _millions(text: str) -> list[tuple[float, int]]:
    """``(H100e, year)`` for every "12.3M H100e in 2035" or "950,477 H100e in 2028"."""
    out = []
    for num, unit, year in re.findall(r"([\d,.]+)(M?) H100e in (\d{4})", text):
        out.append((float(num.replace(",", "")) * (M if unit else 1.0), int(year)))
    return out


def _first_amount(text: str, after: str) -> float:
    """The H100e amount right after ``after`` in ``text``."""
    m = re.search(re.escape(after) + r"\s*([\d,.]+)(M?) H100e", text)
    assert m, f"no amount after {after!r} in: {text}"
    return float(m.group(1).replace(",", "")) * (M if m.group(2) else 1.0)


def test_floor_case_by_year_figures_are_the_total_s_own() -> None:
    """#14: by hand, served more P = 0.95 + 17.67 + 24.24 + 41.18 = 84.04M, served less
    N = 59.82M, so the investor's own compute is P - N = 24.22M, each year served more
    carrying (1 - N/P) of its extra (2035: 41.18 x 24.22 / 84.04 = 11.87M). The
    sentence's by-year figures are that (each below the total, summing to it), not the
    plan less the world (41.2M in 2035 > 24.2M in all, the old sentence)."""
    r = _plan(FLOOR_NET)
    doc = r.to_dict()
    added = doc["headline"]["added"]
    new = np.array([added["new_h100e_by_year"][str(y)] for y in YEARS])
    ret = np.array([added["retimed_h100e_by_year"][str(y)] for y in YEARS])
    assert (new >= 0).all()
    assert new.sum() == pytest.approx(24.22 * M, rel=1e-9)
    assert added["new_total_h100e"] == pytest.approx(24.22 * M, rel=1e-9)
    assert new[-1] == pytest.approx(41.18 * 24.22 / 84.04 * M, rel=1e-9)
    assert ret.sum() == pytest.approx(0.0, abs=1.0)
    assert added["retimed_h100e"] == pytest.approx(59.82 * M, rel=1e-9)
    assert added["fewer_h100e"] == 0.0
    sentence = doc["headline"]["investor"][0]
    total = _first_amount(sentence, "The investor adds")
    assert total == pytest.approx(added["new_total_h100e"], abs=0.05 * M)
    listed = [(v, y) for v, y in _millions(sentence)]
    assert listed, sentence
    for v, y in listed:  # every by-year figure is the investor's own, never above the total
        assert v == pytest.approx(added["new_h100e_by_year"][str(y)], abs=0.05 * M, rel=1e-3)
        assert v <= total
    assert _first_amount(sentence, "re-times") == pytest.approx(
        added["retimed_h100e"], abs=0.05 * M
    )
    assert "2026, 2027, 2029, 2031 and 2034" in sentence  # the years served less
    key = doc["headline"]["key"]
    assert "24.2M H100e added, besides 59.8M H100e re-timed" in key


def test_fewer_served_is_said_as_fewer_with_why() -> None:
    """#18: by hand, P = 5.86 + 20.57 + 48.67 + 66.55 = 141.65M served more in
    2029-2032, N = 40.12 + 150.91 + 0.65 = 191.68M fewer in 2033-2035: nothing of the
    investor's own (new = 0), 141.65M re-timed (summing to 0), 50.03M fewer net. No
    "-50.0M H100e added"; the why sentence names the falling, discounted penalty."""
    r = _plan(FEWER_NET, assumptions=[("unmet penalty: rental value of an H100e", RENTAL)])
    doc = r.to_dict()
    h = doc["headline"]
    added = h["added"]
    assert added["total_h100e"] == pytest.approx(-50.03 * M, rel=1e-9)
    assert all(v == 0.0 for v in added["new_h100e_by_year"].values())
    ret = np.array([added["retimed_h100e_by_year"][str(y)] for y in YEARS])
    fewer = np.array([added["fewer_h100e_by_year"][str(y)] for y in YEARS])
    assert ret.sum() == pytest.approx(0.0, abs=1.0)
    assert (fewer <= 0).all()
    assert ret + fewer == pytest.approx(FEWER_NET * M)
    assert added["retimed_h100e"] == pytest.approx(141.65 * M, rel=1e-9)
    assert added["fewer_h100e"] == pytest.approx(50.03 * M, rel=1e-9)
    assert h["numbers"]["fewer_h100e"] == added["fewer_h100e"]
    text = " ".join(h["sentences"])
    assert "-50.0M" not in text and "−50.0M" not in text
    first = h["investor"][0]
    assert "The investor adds no compute" in first
    assert _first_amount(first, "the world serves") == pytest.approx(50.03 * M, abs=0.05 * M)
    assert _first_amount(first, "served without it,") == pytest.approx(141.65 * M, abs=0.05 * M)
    assert "more in 2029–2032" in first and "fewer in 2033–2035" in first
    assert _first_amount(first, "re-times") == pytest.approx(added["retimed_h100e"], abs=0.05 * M)
    why = h["investor"][1]
    assert why.startswith("The plan serves fewer because serving earlier")
    assert "gives up compute in 2033–2035 to serve more in 2029–2032" in why
    assert "50.0M H100e fewer served than without the investor" in h["key"]


@pytest.mark.parametrize(
    ("objective", "rows"),
    [
        ("npv", [("unmet penalty: rental value of an H100e", RENTAL)]),  # penalty not the objective
        ("serve", [("unmet penalty: rental value of an H100e", "5,156 -> 42,531")]),  # rises
    ],
)
def test_no_why_where_the_result_does_not_show_it(objective: str, rows: list) -> None:
    """The why sentence is said only when the result shows its mechanism: the serve
    objective and a penalty that falls over the years."""
    h = _plan(FEWER_NET, objective=objective, assumptions=rows).headline()
    assert not any("serving earlier" in s for s in h["sentences"])
    assert "The investor adds no compute" in h["investor"][0]


def test_incumbents_building_at_a_loss_are_the_planner_s_builds() -> None:
    """#18: incumbents whose NPV is negative (finance_owners) are said to build at a
    loss because one cooperative optimiser plans for all; one at a profit is not."""
    r = _plan(
        FEWER_NET,
        builds=[("investor", 14.0), ("TSMC", 2.0), ("Micron", 1.0)],
        owners=[("investor", -3.13e9), ("TSMC", -3.41e9), ("Micron", 0.37e9), ("Intel", 0.0)],
        capital=[("investor", 40e9), ("TSMC", 54e9), ("Micron", 20e9)],
    )
    # "builds at a loss": the investor's own NPV (-$3.13B here) has its sentence too
    # ("... serves demand at a loss to the investor", UT-SWF #5)
    s = [x for x in r.headline()["sentences"] if "builds at a loss" in x]
    assert len(s) == 1, r.headline()["sentences"]
    assert s[0].startswith("TSMC (NPV -$3.41B) builds at a loss")
    assert "one cooperative optimiser" in s[0]
    assert "Micron" not in s[0] and "Intel" not in s[0]


def _incumbents_idle(power: tuple[np.ndarray, np.ndarray] | None, kinds: str | None) -> list[str]:
    rows = [("incumbents may build", kinds)] if kinds is not None else []
    r = _plan(
        FLOOR_NET,
        assumptions=rows,
        capital=[("investor", 40e9), ("TSMC", 54e9), ("SK hynix", 20.4e9), ("Intel", 17.7e9)],
        power=power,
    )
    return [x for x in r.headline()["sentences"] if x.startswith("Incumbents that respond")]


def test_incumbents_that_build_nothing_are_said_with_the_reason() -> None:
    """#2: incumbents offer $54B + $20.4B + $17.7B = $92.1B and build nothing; their
    sites host logic, CoWoS and HBM only and the power table is full in every year
    (44.5-112.4 GW online): the sentence says so with those numbers."""
    online = np.linspace(44_520.3, 112_414.2, len(YEARS))
    (s,) = _incumbents_idle((online.copy(), online), "cowos|hbm|logic")
    assert "(Intel, SK hynix and TSMC) build nothing with the $92.1B of capital" in s
    assert "may host only CoWoS, HBM and logic" in s
    assert "fully used in every year (44.5–112.4 GW online)" in s


def test_incumbents_idle_reason_only_where_the_plan_shows_it() -> None:
    """Power idle in one year (2029: 1 % of it): no power claim. Sites that may host a
    data centre: no 'may host only' claim. No incumbent capital: no sentence."""
    online = np.linspace(44_520.3, 112_414.2, len(YEARS))
    need = online.copy()
    need[3] *= 0.99
    (s,) = _incumbents_idle((need, online), "cowos|hbm|logic")
    assert "fully used" not in s and "no build of theirs lowers" in s
    (s,) = _incumbents_idle((online.copy(), online), "datacenter|logic")
    assert "may host only" not in s and "fully used in every year" in s
    r = _plan(FLOOR_NET)
    assert not any(x.startswith("Incumbents that respond") for x in r.headline()["sentences"])


def test_sentences_start_at_the_margin(capsys: pytest.CaptureFixture[str]) -> None:
    """#19a: `tigris plan` printed " Starts 32 modules…", " Spends…", " Serves…" with a
    leading space; every headline sentence's first line now starts at the margin."""
    from tigris.cli.plan import print_summary

    r = _plan(FLOOR_NET)
    print_summary(r)
    out = capsys.readouterr().out
    for start in ("Starts ", "Spends ", "Serves ", "Objective "):
        lines = [ln for ln in out.splitlines() if ln.lstrip().startswith(start)]
        assert lines, (start, out)
        assert all(ln.startswith(start) for ln in lines), lines


def test_cli_says_fewer_and_retimed_apart(capsys: pytest.CaptureFixture[str]) -> None:
    """#18 in `tigris plan`'s own lines: "What the investor adds: -50.0M H100e" becomes
    "no compute ... 50.0M H100e fewer", the why sentence is printed, and the table's
    columns re-timed + fewer add up to with - without in every year (by hand above)."""
    from tigris.cli.plan import print_investor

    r = _plan(FEWER_NET, assumptions=[("unmet penalty: rental value of an H100e", RENTAL)])
    print_investor(r)
    out = capsys.readouterr().out
    flat = " ".join(out.split())
    assert "-50.0M" not in flat
    assert "What the investor adds: no compute over 2026–2035" in flat
    assert "serves 50.0M H100e fewer than without it and re-times 141.7M H100e" in flat
    assert "The plan serves fewer because serving earlier" in flat
    rows = {}
    for ln in out.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃]", ln) if c.strip()]
        if cells and cells[0].isdigit():
            rows[int(cells[0])] = [float(c.replace(",", "")) for c in cells[1:]]
    assert sorted(rows) == YEARS
    for i, y in enumerate(YEARS):
        _, without, with_, retimed, fewer = rows[y]
        assert retimed + fewer == pytest.approx(FEWER_NET[i], abs=0.11)
        assert with_ - without == pytest.approx(FEWER_NET[i], abs=0.11)


def test_report_rows_say_fewer_and_retimed_apart() -> None:
    """#18 in the report's numbers: "H100e added by the investor" is the investor's own
    (0 here, not -50.0), with rows for the 141.65M re-timed and the 50.03M fewer; the
    README floor case's 24.22M added and 59.82M re-timed (by hand above)."""
    from tigris.report.headline import investor_rows, key_rows
    from tigris.report.result import report_tables

    r = report_tables(_plan(FEWER_NET))
    rows = {q: v for q, v, _ in investor_rows(r)}
    assert rows["added by the investor, all years"] == "0"
    assert rows["re-timed between years (not added), all years"] == "142"
    assert rows["served fewer than without the investor, all years"] == "50"
    key = {q: v for q, v, _ in key_rows(r)}
    assert key["H100e added by the investor"] == "0"
    assert key["H100e fewer served than without the investor"] == "50"
    rows = {q: v for q, v, _ in investor_rows(report_tables(_plan(FLOOR_NET)))}
    assert rows["added by the investor, all years"] == "24.2"
    assert rows["re-timed between years (not added), all years"] == "59.8"
    assert "served fewer than without the investor, all years" not in rows
