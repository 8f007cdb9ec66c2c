"""``builds`` carries the facility type's id (``facility_id``), the key the finance
tables, ``subsidies`` and ``site_load`` name a build by (user test s57: a data engineer
joining ``builds`` to ``finance_modules`` on ``facility`` and ``node`` attached a grid
data centre's NPV to a gas one's build; the docs said so, no column said it).

Checked against the other tables, not the code that writes the column: every build
group (site, ``facility_id``, start year, owner) is one ``finance_modules`` row with the
same modules, and every ``finance_modules`` row one such group; a run saved before the
column reads with it, said from ``facility`` and ``node``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tigris.plan import solve
from tigris.plan.result import PlanResult

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
KEYS = ["site", "facility_id", "start_year", "owner"]


def _joined(builds: pd.DataFrame, modules: pd.DataFrame) -> pd.DataFrame:
    groups = builds.groupby(KEYS, as_index=False)["modules"].sum()
    fin = modules.rename(columns={"facility": "facility_id"})
    return groups.merge(fin, on=KEYS, how="outer", suffixes=("_b", "_f"), indicator=True)


def _assert_one_to_one(builds: pd.DataFrame, modules: pd.DataFrame) -> None:
    j = _joined(builds, modules)
    assert (j["_merge"] == "both").all(), j[j["_merge"] != "both"]
    assert (j["modules_b"] == j["modules_f"]).all(), j


def test_reference_builds_join_the_finance_rows(reference_made: dict[str, Any]) -> None:
    run = reference_made["dir"] / "run"
    builds = pd.read_csv(run / "builds.csv", keep_default_na=False)
    modules = pd.read_csv(run / "finance_modules.csv", keep_default_na=False)
    # the reference builds grid and gas data centres at one site and year: the case
    dc = builds[builds["facility"] == "datacenter"]
    assert set(dc["facility_id"]) >= {"datacenter", "datacenter-gas"}
    _assert_one_to_one(builds, modules)
    # the naive key the docs warn of does not say one build: facility alone
    naive = builds.groupby(["site", "facility", "start_year"]).size()
    assert (naive > 1).any()


@pytest.fixture(scope="module")
def logic_plan(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The small example with next to no incumbent logic and CoWoS to spare: the plan
    builds a logic fab (the facilities ask for N4: a logic-N5 fab, N4 in its family)."""
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("N5: {2026: 20000}", "N5: {2026: 1000}")
    text = text.replace("cowos_wspm: {2026: 20000}", "cowos_wspm: {2026: 200000}")
    path = tmp_path_factory.mktemp("logic") / "logic.yaml"
    path.write_text(text, encoding="utf-8")
    return solve(path, explain_result=False)


def test_a_logic_fab_is_named_by_its_family(logic_plan: Any) -> None:
    b = logic_plan.builds
    logic = b[b["facility"] == "logic"]
    assert len(logic) > 0
    assert set(logic["facility_id"]) == {"logic-N5"}
    _assert_one_to_one(b, logic_plan.finance_modules)
    subs = logic_plan.subsidies
    built = subs[subs["modules"] > 0]
    assert set(built["facility"]) <= set(b["facility_id"])


def test_a_run_saved_before_the_column_reads_with_it(logic_plan: Any, tmp_path: Path) -> None:
    run = tmp_path / "run"
    logic_plan.write(run)
    csv = run / "builds.csv"
    old = pd.read_csv(csv, keep_default_na=False).drop(columns=["facility_id"])
    data = old.to_csv(index=False, lineterminator="\n").encode("utf-8")
    csv.write_bytes(data)
    # plan.json as a run of before the column wrote it: that file's digest, no own digest
    doc = json.loads((run / "plan.json").read_text(encoding="utf-8"))
    doc["files"]["builds.csv"]["sha256"] = hashlib.sha256(data).hexdigest()
    doc.pop("content_sha256", None)
    (run / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    back = PlanResult.read(run)
    assert list(back.builds["facility_id"]) == list(logic_plan.builds["facility_id"])


def test_a_hand_table_gets_ids_for_each_kind() -> None:
    from tigris.plan.result import TABLE_COLUMNS, _with_facility_ids

    kinds = {
        "facility": ["logic", "cowos", "hbm", "datacenter", "datacenter", "datacenter"],
        "node": ["N3", "", "", "", "gas", "solar"],
    }
    b = pd.DataFrame({c: kinds.get(c, [0] * 6) for c in TABLE_COLUMNS["builds"][:-1]})
    got = list(_with_facility_ids(b)["facility_id"])
    assert got == ["logic-N3", "cowos", "hbm", "datacenter", "datacenter-gas", "datacenter-solar"]
