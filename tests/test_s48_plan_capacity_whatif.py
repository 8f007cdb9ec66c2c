"""The plan's pointer to a capacity what-if keeps the regions' PUE (user test s48 #7).

The reference's "data-centre capacity … untested by history" sentence said "what it
builds may change with more capacity (datacenters.existing_mw in a what-if)"; writing
the table's MW back as existing_mw (MW × pue / the PUE, docs/scenario-files.md) keeps
the IT MW but charges their energy at the scenario's pue 1.2 instead of the regions'
~1.15, raising the objective by $12.3B. The sentence now points first at the
table's scale, which keeps each region's PUE, and says what existing_mw changes.
Reads the session's shared ``reference_plan_json`` (no solve of its own).
"""

from __future__ import annotations

import json


def test_power_untested_points_at_the_scale_and_warns_on_existing_mw(
    reference_plan_json,
) -> None:
    note = json.loads(reference_plan_json)["headline"]["power_untested"]
    assert note, "the reference's capacity is full in every year"
    assert "--set data.datacenter_capacity.all.ai_growth_scale=S" in note, note
    assert "(datacenters.existing_mw in a what-if)" not in note, note
    assert "at the scenario's pue, whose energy is then bought at that PUE" in note, note
