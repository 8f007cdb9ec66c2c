"""The plan's note on a training workload (user test UT-HYPER, 2026-12-04, #5).

A run enters demand as ``n x d / 365.25`` accelerators in service a year (docs/plan.md,
"Demand from workloads": peak cluster size is not a planner constraint); the plan's
assumptions (``--json`` 'assumptions', ``--report``) now say so, one row a training
workload, with the hand value.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_s34_workload_plan import _INFER, _SCENARIO
from tigris.plan.assemble import assemble_file

#: The planner's scenario of tests/test_s34_workload_plan.py with the run written with
#: its zeros and a service beside it (its note must not get a cluster row).
SCENARIO = (
    _SCENARIO.replace("RUNS", "{2027: 0, 2028: 1, 2029: 0}")
    .replace("ACC", "b200")
    .replace("INFER\n", _INFER.replace("TOKENS", "{2026: 1.0e+9}"))
)


def test_plan_notes_say_the_share_of_the_cluster(tmp_path: Path) -> None:
    """One note row for the training workload, none for the service. Hand: n = 3e27 /
    (2.25e15 FLOP/s dense BF16 B200 x 0.4 MFU x 0.9 goodput x 120 d x 86,400 s) =
    357,224.5 -> 357,225 B200, counted as 357,225 x 120 / 365.25 = 117,363 in service
    a year."""
    path = tmp_path / "hyper.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    _, _, notes = assemble_file(path)
    rows = notes[notes["parameter"].str.contains("cluster")]
    assert list(rows["parameter"]) == ["demand hyper: workload 0 (train) cluster"]
    text = str(rows["value"].iloc[0])
    assert text.startswith("hyper: a training run of 357,225 b200 for 120 days")
    assert f"= {round(357_225 * 120 / 365.25):,} in service a year" in text
    assert "= 117,363 in service a year" in text
    assert "the whole cluster at once is not a constraint" in text
