"""GRID-2 (UT-GRID #9): the per-year data-centre power shadow prices zig-zag; the
explanation says which value of a MW to use.

UT-GRID #9: ``shadow_prices``' ``datacenter power`` rows, 2026-2035 on the reference,
are 0 in half the years although the pool is full in every one, and a planner cannot
read them as "what a MW is worth in year t". They are the fixed-builds LP's duals of one
year's MW alone (one more MW in a year lets in only accelerators that also fit in the
later years they serve); the usable value is the explanation's re-solve with one more
MW in every year of a window. The explanation now says so where it states the pool full,
and that sentence is checked true on the reference: a full year with a 0 price.
"""

from __future__ import annotations

from typing import Any

from tigris.plan.explain_power import SHADOW_WINDOW_WORDS


def test_the_power_sentence_says_which_value_to_use(reference_explained: Any) -> None:
    r = reference_explained
    power = [e for e in r.binding if "data-centre capacity is fully used in" in e.text]
    assert power, [e.text for e in r.binding]
    for e in power:
        assert SHADOW_WINDOW_WORDS in e.text, e.text
        # said before the re-solve it points to
        assert e.text.index(SHADOW_WINDOW_WORDS) < e.text.index("one more MW of")
    # ... and true here: a year whose pool is full (the power table's needed = online,
    # world) has a 0 shadow price, another a positive one
    world = r.power[r.power["region"] == "world"].set_index("year")
    full = world["facility_mw_needed"] >= world["datacenter_mw_online"] * (1 - 1e-6)
    sp = r.shadow_prices[r.shadow_prices["resource"] == "datacenter power"].set_index("year")
    full_years = [int(y) for y in full.index[full]]
    values = sp.loc[full_years, "value_usd"]
    assert (values == 0).any() and (values > 0).any(), values
