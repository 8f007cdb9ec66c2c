"""A training run can hold its whole cluster (user test UT-HYPER, 2026-12-04, #5).

By default a run of ``n`` accelerators for ``d`` days is counted as ``n d / 365.25`` in
service a year (its share of the year). A planner who must have all ``n`` parts at once
writes ``occupancy: whole_cluster``: the year's runs then hold ``n`` x
``ceil(r d / 365.25)`` accelerators all year (back-to-back runs on one cluster). The
hyperscaler case (3e27 FLOP on B200 at MFU 0.4, 120 days, one run in 2028) is checked by
hand: 357,225 B200 = 812,367 H100e held in 2028, against 266,896 as a share of the year.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from tests.test_s34_workload_plan import (
    B200_BF16,
    DAYS_PER_YEAR,
    GOODPUT,
    H100_BF16,
    ZERO_RUNS,
    _line_of,
    _write,
)
from tigris.plan.assemble import assemble_file
from tigris.scenario.series import clusters_held


def _cluster_by_hand() -> float:
    """H100e of the whole cluster: 357,225 B200 (3e27 / (2.25e15 x 0.4 x 0.9 x 120 d x
    86,400 s), rounded up) x 2.25e15 / 989.4e12 = 812,367 H100e."""
    n = math.ceil(3e27 / (B200_BF16 * 0.4 * GOODPUT * 120 * 86400))
    return n * B200_BF16 / H100_BF16


def _whole(path: Path) -> Path:
    """The scenario at ``path`` with ``occupancy: whole_cluster`` on its training run."""
    text = path.read_text(encoding="utf-8")
    old = "        runs_by_year: "
    assert text.count(old) == 1
    path.write_text(text.replace(old, "        occupancy: whole_cluster\n" + old), "utf-8")
    return path


def test_clusters_held_by_hand() -> None:
    """120-day runs: 3 fit in a year on one cluster (360 <= 365.25), a 4th needs a
    second; half a run (a run every other year) still holds one; no run holds none.
    A share a float's width above a whole number is not one cluster more."""
    got = clusters_held(np.array([0.0, 0.5, 1.0, 3.0, 4.0, 6.0]), 120.0)
    np.testing.assert_array_equal(got, [0, 1, 1, 1, 2, 2])
    # just above a whole number: 2 runs of 200 days (1.095 of a year) hold 2 clusters,
    # 0.3 of one holds 1 (review RV-S35 #3: a rounding slack of 0.2 survived the test)
    np.testing.assert_array_equal(clusters_held(np.array([2.0, 0.3]), 200.0), [2, 1])
    # a float's width above a whole number is that number (365.25 x (1 + 1e-12) days)
    np.testing.assert_array_equal(clusters_held(np.array([1.0]), 365.25 * (1 + 1e-12)), [1])
    exact = clusters_held(np.array([1.0, 2.0]), DAYS_PER_YEAR)
    np.testing.assert_array_equal(exact, [1, 2])


def test_whole_cluster_demand_by_hand(tmp_path: Path) -> None:
    """One run in 2028 only (zeros written around it), L = 5 (NVIDIA class): as a
    share of the year the fleet is 266,896 H100e in 2028 and deliveries 266,896 in 2028;
    whole-cluster it is 812,367, delivered in 2028, 0 in the other years (the fleet
    shrinks after). Whole >= share by construction of ceil."""
    share = assemble_file(_write(tmp_path, ZERO_RUNS, None, name="share"))[1].demand[0]
    whole_path = _whole(_write(tmp_path, ZERO_RUNS, None, name="whole"))
    whole = assemble_file(whole_path)[1].demand[0]
    cluster = _cluster_by_hand()
    assert cluster == pytest.approx(812_367, abs=1)
    assert share[2] == pytest.approx(266_896, abs=1)
    np.testing.assert_allclose(whole[:3], [0, 0, cluster], atol=1)
    np.testing.assert_allclose(whole[3:], 0, atol=1)
    assert whole[2] / share[2] == pytest.approx(DAYS_PER_YEAR / 120, rel=1e-5)


def test_whole_cluster_note_and_plan(run_cli, tmp_path: Path) -> None:
    """The plan's assumptions row says the whole cluster is counted, with the count."""
    path = _whole(_write(tmp_path, ZERO_RUNS, None))
    res = run_cli("plan", path, "--json")
    assert res.code == 0, res.err
    rows = [str(r) for r in res.json()["assumptions"] if "training run" in str(r)]
    assert len(rows) == 1, rows
    assert "counted as the whole cluster, 357,225 in service all year" in rows[0], rows[0]
    assert "117,363" not in rows[0] and "not a constraint" not in rows[0], rows[0]


def test_occupancy_on_an_inference_service_is_refused(run_cli, tmp_path: Path) -> None:
    """An inference service holds its fleet all year: ``occupancy`` there is one error
    line at its file:line naming the field, exit 2."""
    path = _write(tmp_path, ZERO_RUNS, "{2027: 5.0e+11}")
    text = path.read_text(encoding="utf-8")
    old = "        tokens_per_day_by_year: "
    path.write_text(text.replace(old, "        occupancy: whole_cluster\n" + old), "utf-8")
    res = run_cli("scenario", "check", path)
    assert res.code == 2
    errors = [ln for ln in res.err.splitlines() if ln.startswith("error")]
    line = _line_of(path, "occupancy")
    assert any(f":{line}:" in e and "workloads.1.occupancy" in e for e in errors), res.err
    assert "Traceback" not in res.err


def test_unknown_occupancy_is_refused(run_cli, tmp_path: Path) -> None:
    """A value outside the two gets one line naming the field and the two choices."""
    path = _whole(_write(tmp_path, ZERO_RUNS, None))
    text = path.read_text(encoding="utf-8").replace("whole_cluster", "peak")
    path.write_text(text, encoding="utf-8")
    res = run_cli("scenario", "check", path)
    assert res.code == 2
    assert "occupancy" in res.err and "whole_cluster" in res.err, res.err
    assert "Traceback" not in res.err
