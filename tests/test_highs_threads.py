"""HiGHS's thread pool from ``TIGRIS_HIGHS_THREADS`` (``tigris.plan.highs.solver_threads``).

Each check runs in a fresh interpreter: HiGHS sizes its pool once per process, at the
first solve, so this process's own solves must not be touched.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tigris.errors import InputError
from tigris.plan.highs import THREADS_ENV, highs_options, solver_threads

#: A small MIP solved through run_highs (max 4a + 6b + 9c, 3a + 5b + 7c <= 23,
#: a - b <= 1.5, 0 <= a, b, c <= 4 integer: optimum a = b = 2, c = 1, objective 29,
#: by enumeration), then the knapsack row as an LP through new_highs (the path of the
#: counterfactual and the re-solves; only that it solves is asserted). Printed: the
#: MIP's status and objective, whether the LP solved, and the process's OS threads
#: before and after the solves (HiGHS's pool adds threads beyond the first; one thread
#: adds none).
_SCRIPT = """
import highspy, linopy, numpy as np, pandas as pd, xarray as xr
from tigris.plan.highs import new_highs, run_highs
def os_threads():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("Threads:"))
m = linopy.Model()
i = pd.RangeIndex(3, name="i")
x = m.add_variables(lower=0, upper=4, integer=True, name="x", coords=[i])
m.add_constraints((xr.DataArray([3, 5, 7], coords=[i]) * x).sum() <= 23)
m.add_constraints(x.isel(i=0, drop=True) - x.isel(i=1, drop=True) <= 1.5)
m.add_objective((xr.DataArray([4, 6, 9], coords=[i]) * x).sum(), sense="max")
before = os_threads()  # after building: linopy's own libraries start threads of theirs
status, _ = run_highs(m)
h = new_highs()
h.addVars(3, np.zeros(3), np.full(3, 4.0))
h.changeColsCost(3, np.arange(3), np.array([-4.0, -6.0, -9.0]))
h.addRow(-highspy.kHighsInf, 23.0, 3, np.arange(3), np.array([3.0, 5.0, 7.0]))
ok = h.run() == highspy.HighsStatus.kOk
print(status, round(float(m.objective.value), 9), ok, before, os_threads())
"""


def _run(env_value: str | None) -> tuple[str, float, bool, int, int]:
    env = {k: v for k, v in os.environ.items() if k != THREADS_ENV}
    if env_value is not None:
        env[THREADS_ENV] = env_value
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    status, objective, ok, before, after = out.stdout.strip().splitlines()[-1].split()
    return status, float(objective), ok == "True", int(before), int(after)


def test_one_thread_starts_no_pool_threads_and_keeps_the_optimum() -> None:
    status, objective, ok, before, after = _run("1")
    assert (status, objective, ok) == ("optimal", 29.0, True)
    assert after == before  # no HiGHS pool thread beside the one solving


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="HiGHS runs one thread on one core")
def test_unset_leaves_the_pool_to_highs() -> None:
    # HiGHS's own choice on a machine of two cores or more starts pool threads: what
    # the workers of a sweep are spared
    status, objective, ok, before, after = _run(None)
    assert (status, objective, ok) == ("optimal", 29.0, True)
    assert after > before


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_a_bad_value_names_the_variable(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(THREADS_ENV, value)
    with pytest.raises(InputError, match=f"^{THREADS_ENV}: expected a whole number"):
        highs_options()


def test_the_option_reaches_highs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(THREADS_ENV, " 3 ")
    assert solver_threads() == 3
    assert highs_options()["threads"] == 3
    monkeypatch.setenv(THREADS_ENV, "")
    assert "threads" not in highs_options()
