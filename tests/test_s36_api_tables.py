"""A plan's tables by name, and back from a saved run as they were (UT-API #3, #4).

#3: ``PlanResult.read(out_dir)``, the inverse of ``write``, gave ``tools.supply`` as
text (``'19.0'``; its sum concatenated the strings) because ``supply`` is also the name
of ``site_load``'s text column; ``payback_year`` came back ``int64`` (``float64`` when
no module pays back) where the plan has pandas' nullable ``Int64``; an empty table's
number columns came back ``int64`` and its name columns ``object``. Now every table
read back has the dtypes and values of the table written, and an empty table the dtypes
the same table has with rows (so runs concatenate).

#4: ``to_frame("site_load")`` and ``to_frame("subsidies")`` were refused though
``to_frames()`` returns both: one list of names now serves both.

The plans: the small scenario (explained, so ``binding`` has rows), the reference (the
site load and subsidies have rows), the small one with too little capital to build a
module (empty builds and money tables) and the same held to serve all its demand
(infeasible: every table empty).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

import tigris.plan.api
from tests.conftest import SMALL, SMALL_3Y
from tigris.errors import InputError
from tigris.plan.result import PlanResult

#: The small scenario with too little capital for one module [USD 5e8].
POOR = SMALL_3Y.replace("amount_usd: 2.0e10", "amount_usd: 5.0e8")

CASES = {
    "small": (SMALL, {"explain": True}),
    "reference": (None, {"explain": False}),
    "poor": (POOR, {"explain": False}),
    "infeasible": (POOR, {"explain": False, "min_served_share": 1.0}),
}


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[PlanResult, PlanResult]]:
    """Each case planned, written and read back: name -> (in memory, read)."""
    out = {}
    for name, (text, opts) in CASES.items():
        result = tigris.plan.api.plan(text, **opts)
        where = tmp_path_factory.mktemp(name)
        result.write(where)
        out[name] = (result, PlanResult.read(where))
    return out


def test_the_cases_are_what_they_say(plans) -> None:
    assert plans["infeasible"][0].status == "infeasible"
    assert len(plans["poor"][0].builds) == 0 and plans["poor"][0].ok
    assert len(plans["small"][0].binding) > 0
    ref = plans["reference"][0]
    assert len(ref.site_load) > 0 and len(ref.subsidies) > 0


def test_tables_with_rows_read_back_with_their_dtypes_and_values(plans) -> None:
    seen = set()
    for case, (mem, back) in plans.items():
        mine, read = mem.to_frames(), back.to_frames()
        assert list(read) == list(mine), case
        for name, frame in mine.items():
            if not len(frame) or name == "binding":
                continue
            seen.add(name)
            got = read[name]
            assert got.dtypes.astype(str).to_dict() == frame.dtypes.astype(str).to_dict(), (
                case,
                name,
            )
            pd.testing.assert_frame_equal(
                got.reset_index(drop=True), frame.reset_index(drop=True), obj=f"{case}.{name}"
            )
    # every table but binding had rows in some case
    assert seen == set(plans["reference"][0].to_frames()) - {"binding"}


def test_tools_supply_is_a_number(plans) -> None:
    """The user's case: the EUV supply of the small plan's first year, by hand from
    the scenario (``tools.euv_per_year: {2026: 10}``), and its sum a number."""
    mem, back = plans["small"]
    tools = back.to_frame("tools")
    assert pd.api.types.is_float_dtype(tools["supply"])
    euv_2026 = tools.query("year == 2026 and tool == 'euv'")["supply"].item()
    assert euv_2026 == 10.0
    assert tools["supply"].sum() == pytest.approx(mem.tools["supply"].sum())
    # the site load's supply is text in the same run (grid, on-site, ...)
    site_load = plans["reference"][1].to_frame("site_load")
    assert not pd.api.types.is_numeric_dtype(site_load["supply"])


def test_empty_tables_read_with_the_dtypes_they_have_with_rows(plans) -> None:
    with_rows: dict[str, dict[str, str]] = {}
    for mem, _ in plans.values():
        for name, frame in mem.to_frames().items():
            if len(frame) and name != "binding":
                with_rows.setdefault(name, frame.dtypes.astype(str).to_dict())
    empty = 0
    for case, (_, back) in plans.items():
        for name, frame in back.to_frames().items():
            if len(frame) or name == "binding":
                continue
            empty += 1
            assert frame.dtypes.astype(str).to_dict() == with_rows[name], (case, name)
    assert empty >= 15  # the infeasible plan's tables, at least


def test_a_bad_number_in_tools_supply_is_refused(plans, tmp_path: Path) -> None:
    """A tools.csv whose supply is not a number (its digest right: written so) is
    refused naming the file and line, not read as a column of text."""
    mem, _ = plans["small"]
    tools = mem.tools.astype({"supply": object})
    tools.loc[1, "supply"] = "lots"
    dataclasses.replace(mem, tools=tools).write(tmp_path)
    with pytest.raises(InputError, match=r"tools\.csv:3: supply: expected a number, got 'lots'"):
        PlanResult.read(tmp_path)


def test_every_name_of_to_frames_is_a_table_of_to_frame(plans) -> None:
    for mem, _ in plans.values():
        frames = mem.to_frames()
        assert {"site_load", "subsidies", "binding"} <= set(frames)
        for name, frame in frames.items():
            pd.testing.assert_frame_equal(mem.to_frame(name), frame, obj=name)
    with pytest.raises(InputError, match="site_load"):
        mem.to_frame("sites_load")  # the list of names offered includes it


def test_to_dict_is_strict_json_and_the_command_lines(plans, tmp_path: Path, run_cli) -> None:
    """UT-API #9: ``json.dumps(r.to_dict(), allow_nan=False)`` failed on the headline's
    NaN ``discount_rate_nominal``; ``--json`` prints null there. Now the two are the
    same document (but the CLI's timings and warnings, and the stored run's id and
    store, which only the CLI's storing knows: null with --no-store)."""
    for case, (mem, back) in plans.items():
        json.dumps(mem.to_dict(), allow_nan=False)
        # docs/plan-result.md: read(out_dir).to_dict() gives the document back
        assert back.to_dict() == mem.to_dict(), case
    scenario = tmp_path / "small.yaml"
    scenario.write_text(SMALL)
    res = run_cli("plan", scenario, "--json", "--no-store")
    assert res.code == 0, res.err
    cli = res.json()
    mine = json.loads(json.dumps(plans["small"][0].to_dict(), allow_nan=False))
    assert cli.pop("run_id") is None and cli.pop("store") is None
    for doc in (cli, mine):
        doc.pop("timings", None)
        doc.pop("warnings", None)
    assert mine == cli
