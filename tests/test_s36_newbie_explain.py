"""The plan's 'why' names the unit its figure is per (UT-NEWBIE #2, S36 NEWBIE-FIX).

A facility type that is a row of the plan (here CoWoS: existing capacity, declared under
``facilities:``) but that no site may host has no module of the scenario's size: the
claim's re-solve adds one wafer a month, and the text must say so, not "one more CoWoS
module's output (1 wafers/month as built)" (a CoWoS module is 10,000 wspm,
data/facility_types.csv: the old words read 10^4 too small). The reason must say that
no site may host it, not that no facility type builds it (the type is declared).

Checked against the world: the saving and the H100e equal an independent re-solve with
the existing CoWoS row one wafer a month higher, and the H100e equal the bill of
materials by hand (12 months x H100e per B200 / CoWoS wafers per B200, summed over
the years).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

from tigris.plan import solve_inputs
from tigris.plan.assemble import assemble_file

UNHOSTED = """\
name: unhosted
currency_year: 2024
horizon: {first_year: 2026, last_year: 2028}
discount_rate: 0.08
pue: 1.2
fleet_lifetime_years: 5
unmet_penalty_usd_per_h100e: 27500
demand:
  - name: training
    priority: 1
    h100e_by_year: {2026: 10.0e6, 2028: 20.0e6}
products:
  - name: b200
supply:
  logic_wspm: {N5: {2026: 20000}}
  cowos_wspm: {2026: 20000}
  hbm_wspm: {2026: 1.0e5}
facilities:
  - kind: logic
    node: N4
  - kind: cowos
  - kind: datacenter
sites:
  - name: india-gujarat
    max_modules: 1
    facilities: [logic-N5]
tools:
  euv_per_year: {2026: 10}
"""

_SAVING = re.compile(r"by \$([\d.,]+)([BM]) and serve ([\d,]+) H100e more")


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory):
    path = Path(tmp_path_factory.mktemp("unhosted")) / "unhosted.yaml"
    path.write_text(UNHOSTED)
    _, inp, _ = assemble_file(path)
    # mip_gap 0: a one-wafer saving is below the default gap's tolerance on this objective
    result = solve_inputs(inp, mip_gap=0)
    return inp, result


def _cowos_text(result) -> str:
    texts = [e.text for e in result.binding if "CoWoS capacity is fully used" in e.text]
    assert len(texts) == 1, [e.text for e in result.binding]
    return texts[0]


def test_unhosted_type_is_named_as_such(case) -> None:
    text = _cowos_text(case[1])
    assert "no facility type in the scenario builds it" not in text
    assert "no site may host a CoWoS module (no site lists 'cowos' in its facilities)" in text


def test_claim_is_per_wafer_a_month_and_equals_a_resolve(case) -> None:
    inp, result = case
    text = _cowos_text(result)
    assert "module's output" not in text and "1 wafers/month" not in text, text
    assert "one more CoWoS wafer a month of capacity from 2026 on" in text, text
    m = _SAVING.search(text)
    assert m, text
    usd = float(m.group(1).replace(",", "")) * {"M": 1e6, "B": 1e9}[m.group(2)]
    h100e = float(m.group(3).replace(",", ""))

    # independent re-solve: the existing CoWoS row one finished wafer a month higher
    k = inp.facilities.index("cowos")
    existing = np.array(inp.existing, dtype=float)
    yld = 1.0 if inp.existing_yield is None else float(inp.existing_yield[k])
    existing[k, :] += 1.0 / yld
    base = solve_inputs(inp, mip_gap=0, explain_result=False)
    more = solve_inputs(
        dataclasses.replace(inp, existing=existing), mip_gap=0, explain_result=False
    )
    assert usd == pytest.approx(base.objective_usd - more.objective_usd, rel=0.01)
    served = more.summary()["served_h100e"] - base.summary()["served_h100e"]
    assert h100e == pytest.approx(served, abs=1.0)

    # by hand: each year 12 CoWoS wafers more, each 1/use B200 of h100e H100e
    p = inp.products.index("b200")
    by_hand = sum(12 * float(inp.h100e[p]) / float(inp.use[p, k, t]) for t in range(3))
    assert h100e == pytest.approx(by_hand, abs=1.0)  # 12 x (402/12 + 406/12 + 406/12)
