"""Each sentence of the reference plan's shortage explanations is true of the plan.

A user read the reference's explanation against its own tables and found three
contradictions: "new capacity cannot produce before 2031 even if started in 2026"
while the plan's gas data centres started in 2026 are online in 2028; "63,300-117,396
MW of facility power online" while the power table shows 60.7-112.4 GW (the sentence
quoted the model row's MW at the plan's PUE, the table facility MW at each region's
PUE); and no reason for 2026's shortfall with power 97 % used there. Each claim is
checked here against the plan's own tables (``builds``, ``power``, ``demand``) and the
facility types' lead times, on the reference document the session solves once
(``tests/conftest.py``).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

_LEAD = re.compile(r"cannot produce before (\d{4}) even if started in (\d{4})")
_FULL = re.compile(
    r"data-centre capacity is fully used in ([\d–, ]+) \(world, all regions pooled\): "
    r"the installed fleet needs all ([\d.,]+)(?:–([\d.,]+))? GW of data-centre capacity online"
)
_NOT_YET = re.compile(
    r"in (\d{4}) the fleet needs ([\d.,]+) of the ([\d.,]+) GW online \((\d+)%\), but "
    r"accelerators installed in \1 stay in service to (\d{4})"
)


def _years(text: str) -> list[int]:
    """``"2027–2028, 2030–2032"`` -> ``[2027, 2028, 2030, 2031, 2032]``."""
    out: list[int] = []
    for part in text.split(","):
        a, _, b = part.strip().partition("–")
        out += list(range(int(a), int(b or a) + 1))
    return out


@pytest.fixture(scope="module")
def ref(reference_plan_json: str) -> dict[str, Any]:
    return json.loads(reference_plan_json)


def _world(ref: dict[str, Any]) -> dict[int, dict[str, float]]:
    return {int(r["year"]): r for r in ref["power"] if r["region"] == "world"}


def _texts(ref: dict[str, Any]) -> list[str]:
    return [b["text"] for b in ref["binding"]]


def test_lead_time_sentence_agrees_with_the_plans_own_online_years(ref: dict) -> None:
    """No module the plan starts in the named year is online before the year the
    sentence says new capacity can first produce, and a data-centre module started
    then (the reference's gas modules) is online in exactly that year: the earliest."""
    said = [(int(a), int(b)) for t in _texts(ref) for a, b in _LEAD.findall(t)]
    assert said, "the reference explains its first years by lead time"
    for first, start in said:
        started = [b for b in ref["builds"] if b["start_year"] == start]
        assert started, f"the plan starts modules in {start}"
        assert min(b["online_year"] for b in started) >= first, (first, started)
        # the quickest type (gas, 2 years) started then is online in exactly that year;
        # since the timing rule (18a3733) the reference starts only grid modules in 2026
        quick = [b["online_year"] for b in started if b.get("node") == "gas"]
        assert not quick or min(quick) == first, (first, quick)


def test_power_figures_are_the_power_tables(ref: dict) -> None:
    """The GW quoted as online in the full years are the power table's world
    ``datacenter_mw_online`` over those years (its GW to one decimal), and in those
    years the table's needed/online is 100 %."""
    world = _world(ref)
    found = 0
    for text in _texts(ref):
        for years, lo, hi in _FULL.findall(text):
            ys = _years(years)
            online = [world[y]["datacenter_mw_online"] / 1e3 for y in ys]
            assert float(lo.replace(",", "")) == pytest.approx(min(online), abs=0.051)
            assert float((hi or lo).replace(",", "")) == pytest.approx(max(online), abs=0.051)
            for y in ys:
                need = world[y]["facility_mw_needed"]
                assert need >= world[y]["datacenter_mw_online"] * (1 - 1e-4), y
            found += 1
    assert found >= 1


def test_a_shortage_year_with_power_to_spare_is_explained(ref: dict) -> None:
    """2026: 20 % unmet while the fleet needs 97 % of the power online. The sentence
    gives the table's figures and why power still binds: what is installed that year
    serves to the year its lifetime ends and would need power in later full years."""
    world = _world(ref)
    unmet: dict[int, float] = {}
    for r in ref["demand"]:
        unmet[int(r["year"])] = unmet.get(int(r["year"]), 0.0) + r["unmet_h100e"]
    spare = [
        y
        for y, u in unmet.items()
        if u > 1.0 and world[y]["facility_mw_needed"] < 0.99 * world[y]["datacenter_mw_online"]
    ]
    # the case reported (2026: 20 % unmet with 3 % of the power idle) is gone since the
    # timing rule (18a3733, docs/plan.md "Timing of deliveries under a power pool"): the
    # reference fills the pool in every year with unmet demand
    assert spare == []
    said = {int(m[0]): m for t in _texts(ref) for m in _NOT_YET.findall(t)}
    for y in spare:
        assert y in said, f"{y}: shortage with power to spare is not explained"
        _, need, online, pct, last = said[y]
        assert float(need.replace(",", "")) == pytest.approx(
            world[y]["facility_mw_needed"] / 1e3, abs=0.051
        )
        assert float(online.replace(",", "")) == pytest.approx(
            world[y]["datacenter_mw_online"] / 1e3, abs=0.051
        )
        assert int(pct) == round(
            100 * world[y]["facility_mw_needed"] / world[y]["datacenter_mw_online"]
        )
        full_later = [
            z
            for z in range(y + 1, int(last) + 1)
            if z in world
            and world[z]["facility_mw_needed"] >= world[z]["datacenter_mw_online"] * (1 - 1e-4)
        ]
        assert full_later, f"{y}: no later full year within the fleet's service"
