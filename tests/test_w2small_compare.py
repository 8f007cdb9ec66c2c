"""``compare`` matches list entries by name or facility id, not by position (user test
of 2026-12-03, fifth session, #7: dropping the two facility entries ``logic A14`` and
``logic N28`` read as 48 changed inputs, ``facilities.6.kind logic -> datacenter`` ...).

The pairs are made by hand from :data:`tests.conftest.SMALL`; the expected rows are
written from the edit made, not from the code's output.
"""

from __future__ import annotations

from tests.conftest import SMALL, replaced
from tigris.runs.compare import scenario_diff
from tigris.scenario.edit import ABSENT, load_any

#: SMALL with a fourth facility type (logic A14) and sites that list their facilities.
WITH_A14 = replaced(
    SMALL,
    ("  - kind: hbm\n", "  - kind: hbm\n  - kind: logic\n    node: A14\n"),
    (
        "  - name: japan\n",
        "  - name: japan\n    facilities: [logic-N5, logic-A14, cowos]\n",
    ),
)


def test_a_removed_facility_entry_is_one_row_and_the_site_list_one_row():
    b = replaced(
        WITH_A14,
        ("  - kind: logic\n    node: A14\n", ""),
        ("[logic-N5, logic-A14, cowos]", "[logic-N5, cowos]"),
    )
    rows = scenario_diff(load_any(WITH_A14), load_any(b))
    assert rows == [
        ("facilities.logic-A14", "logic-A14", ABSENT),
        ("sites.japan.facilities", ["logic-N5", "logic-A14", "cowos"], ["logic-N5", "cowos"]),
    ]


def test_an_added_entry_is_one_row():
    rows = scenario_diff(load_any(SMALL), load_any(WITH_A14))
    assert ("facilities.logic-A14", ABSENT, "logic-A14") in rows
    assert len([r for r in rows if r[0].startswith("facilities.")]) == 1


def test_a_pure_reorder_is_no_change():
    # facilities, sites and a site's facility list, each reordered
    b = replaced(
        WITH_A14,
        (
            "  - kind: cowos\n  - kind: hbm\n",
            "  - kind: hbm\n  - kind: cowos\n",
        ),
        (
            "  - name: taiwan\n    max_modules: 3\n  - name: japan\n"
            "    facilities: [logic-N5, logic-A14, cowos]\n",
            "  - name: japan\n    facilities: [cowos, logic-A14, logic-N5]\n"
            "  - name: taiwan\n    max_modules: 3\n",
        ),
    )
    assert load_any(b).sites[0].name == "japan"  # the premise: the order did change
    assert scenario_diff(load_any(WITH_A14), load_any(b)) == []


def test_a_changed_field_of_a_named_entry_is_named_by_its_id():
    b = replaced(WITH_A14, ("    node: A14\n", "    node: A14\n    module_capacity: 30000\n"))
    rows = scenario_diff(load_any(WITH_A14), load_any(b))
    assert [(p, vb) for p, _, vb in rows] == [("facilities.logic-A14.module_capacity", 30000)]
    c = replaced(WITH_A14, ("    max_modules: 3\n", "    max_modules: 4\n"))
    assert scenario_diff(load_any(WITH_A14), load_any(c)) == [("sites.taiwan.max_modules", 3, 4)]


def test_an_ordered_list_of_numbers_keeps_its_order():
    # a list of plain numbers is compared in order (a profile's order means something)
    from tigris.runs.compare import _same

    assert not _same((0.3, 0.7), (0.7, 0.3))
    assert _same(("a", "b"), ("b", "a"))
    assert _same((9000000000, 1.0), (9e9, 1))
    assert not _same((True,), (1,))
