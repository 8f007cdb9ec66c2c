"""A compared input left to the data shows the value its plan used, in Python as on the
command line (policy user test 2026-12-06 #6: ``cmp.inputs`` and the repr read
``('sites.japan.subsidy_share_of_capex', None, 0.9)``; the CLI printed 0.37)."""

from __future__ import annotations

import csv
from importlib import resources


def test_the_repr_shows_the_share_a_side_left_to_sites_csv() -> None:
    import tigris

    rows = csv.DictReader(
        (resources.files("tigris.data") / "sites.csv").read_text("utf-8").splitlines()
    )
    japan = next(float(r["subsidy_share_of_capex"]) for r in rows if r["site"] == "japan")
    sc = tigris.load_scenario("docs/examples/small-plan.yaml")
    c = tigris.compare(sc, sc.set("sites.japan.subsidy_share_of_capex", 0.9), store=False)
    assert c.inputs == [("sites.japan.subsidy_share_of_capex", None, 0.9)]
    assert c.inputs_used["sites.japan.subsidy_share_of_capex"][0] == (japan, "data/sites.csv")
    assert f"(({japan}, 'data/sites.csv'), None)" in repr(c)
