"""One HiGHS thread for every solve unless TIGRIS_HIGHS_THREADS says otherwise
(UT-REPRO #7): with HiGHS's own thread count the reference plan's capex by capital
source (a degenerate allocation) and risk's last digits differed from those of a
sweep or risk worker, which solves on one thread. A plain plan and a plan on one
thread must now print the same JSON (timings aside), as the workers' plans do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tigris.plan.highs import THREADS_ENV, highs_options, solver_threads


def _plan_json(threads: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != THREADS_ENV}
    if threads is not None:
        env[THREADS_ENV] = threads
    code = "import sys; from tigris.cli import main; sys.exit(main(sys.argv[1:]))"
    out = subprocess.run(
        [sys.executable, "-c", code, "plan", "--json", "--no-store"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    doc = json.loads(out.stdout)
    doc.pop("timings", None)
    return doc


def test_unset_is_one_thread(monkeypatch) -> None:
    monkeypatch.delenv(THREADS_ENV, raising=False)
    assert solver_threads() == 1
    assert highs_options()["threads"] == 1


def test_reference_plan_is_the_same_as_a_workers() -> None:
    # the reference's capex by source differed ($3.07B of abu-dhabi-sovereign in 2026
    # with HiGHS's default threads, $0 on one): now the same, every number
    default, one = _plan_json(None), _plan_json("1")
    assert default == one
    capex = {
        (r["year"], r["source"]): r["capex_usd"] for r in default["capex"] if r["year"] == 2026
    }
    assert capex == {
        (r["year"], r["source"]): r["capex_usd"] for r in one["capex"] if r["year"] == 2026
    }
