"""Two entries removed by one edit (scenario-author user test 2026-12-06 #1).

``--set disruptions.ascend-ban=null --set disruptions.taiwan-12m=null`` ended in an
``IndexError`` traceback: the second removal's place was named against the list the
first had already shortened. Entries are now dropped after every edit is written.
"""

from __future__ import annotations

from tigris.scenario import load_scenario
from tigris.scenario.edit import ABSENT, COMMAND_LINE, set_paths

SMALL = "docs/examples/small-plan.yaml"


def test_two_removals_on_the_command_line_plan(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("plan", SMALL, "--no-store", "--json",
                  "--set", "capital.fund=null", "--set", "sites.japan=null")  # fmt: skip
    assert res.code == 0, res.err
    assert "Traceback" not in res.err
    doc = res.json()
    assert "edited: capital.fund, sites.japan" in doc["scenario_name"]
    assert not [b for b in doc["builds"] if b["site"] == "japan"]


def test_two_removals_from_python_leave_the_rest() -> None:
    sc = load_scenario(SMALL)
    names = [s.name for s in sc.sites]
    assert len(names) == 2
    out = set_paths(sc, {f"sites.{n}": ABSENT for n in names[:1]} | {"capital.fund": ABSENT})
    assert [s.name for s in out.sites] == names[1:]
    assert "fund" not in [c.name for c in out.capital]


def test_an_edit_before_a_removal_sources_the_right_entry() -> None:
    # japan is the second site; removing the first (taiwan) after setting japan's cap
    # must not move the edit's note onto another entry, nor quote another's old value
    sc = load_scenario(SMALL)
    assert [s.name for s in sc.sites] == ["taiwan", "japan"]
    out = set_paths(sc, {"sites.japan.max_modules": 3, "sites.taiwan": None}, field=COMMAND_LINE)
    assert [s.name for s in out.sites] == ["japan"] and out.sites[0].max_modules == 3
    note = out.sources["sites.japan.max_modules"]
    assert "--set sites.japan.max_modules=3" in note
    old = sc.sites[1].max_modules
    assert f"was {'none' if old is None else old}" in note
