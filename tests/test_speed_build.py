"""The reference plan's start-up and solve call without work that changes nothing
(issue 10, item 7; ``docs/plan.md``, "Speed of the reference plan").

- :func:`tigris.plan.highs.sanitize` does linopy's ``sanitize_zeros`` and
  ``sanitize_infinities`` with numpy where there is something to do: the row groups it
  leaves must be those linopy's own methods leave (same labels, terms, coefficients,
  right-hand sides and dtypes), on hand rows and on the timing rule's hand and random
  problems;
- ``tigris plan`` imports linopy with ``requests`` hidden: linopy's remote path stays
  unavailable as it is without Google Cloud's client, and ``requests`` imports later.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tests.test_plan_timing import hand, random_pool
from tigris.plan.highs import run_highs, sanitize
from tigris.plan.model import build_model


def _linopy_sanitized(m):
    m.constraints.sanitize_zeros()
    m.constraints.sanitize_infinities()
    return m


def _same_rows(a, b) -> None:
    assert list(a.constraints) == list(b.constraints)
    for name in a.constraints:
        da, db = a.constraints[name].data, b.constraints[name].data
        assert da.identical(db), name
        for key in da:
            assert da[key].dtype == db[key].dtype, (name, key)


def _hand_rows():
    """x, y, z >= 0: row 0 ``0 x + 1e-11 y + 2 z <= 5`` (two terms dropped: at most
    1e-10), row 1 ``-1e-10 x + 1e-9 y + 3 z <= +inf`` (dropped: always holds; the
    -1e-10 term dropped, 1e-9 kept; linopy refuses a NaN constant, so NaN terms arise
    only inside linopy), row 2 ``x + y + z >= -inf`` (dropped), row 3 ``x + y >=
    1`` (kept whole)."""
    import linopy
    import xarray as xr

    from tigris.plan.steps import building  # linopy's v1 arithmetic, as the plan's

    with building():
        return _hand_model(linopy, xr)


def _hand_model(linopy, xr):
    m = linopy.Model()
    x = m.add_variables(lower=0, name="x")
    y = m.add_variables(lower=0, name="y")
    z = m.add_variables(lower=0, name="z")
    rows = xr.DataArray([0, 1], dims="r")
    c_x = xr.DataArray([0.0, -1e-10], coords={"r": rows})
    c_y = xr.DataArray([1e-11, 1e-9], coords={"r": rows})
    c_z = xr.DataArray([2.0, 3.0], coords={"r": rows})
    rhs = xr.DataArray([5.0, np.inf], coords={"r": rows})
    m.add_constraints(c_x * x + c_y * y + c_z * z <= rhs, name="mixed")
    m.add_constraints(x + y + z >= -np.inf, name="free")
    m.add_constraints(x + y >= 1, name="plain")
    m.add_objective(x + y + z)
    return m


def test_sanitize_drops_what_linopy_drops_on_hand_rows() -> None:
    """The hand rows (:func:`_hand_rows`): terms with |coeff| <= 1e-10 get label -1,
    rows ``<= +inf`` and ``>= -inf`` get label -1, as linopy's own methods give."""
    ours, theirs = _hand_rows(), _linopy_sanitized(_hand_rows())
    sanitize(ours)
    _same_rows(ours, theirs)
    mixed = ours.constraints["mixed"].data
    assert mixed["labels"].values.tolist()[1] == -1  # the <= +inf row
    kept = mixed["vars"].values[0]
    assert sorted(int(v) for v in kept if v >= 0) == [2]  # z alone: 0 and 1e-11 dropped
    assert int(ours.constraints["free"].data["labels"].values) == -1
    assert int(ours.constraints["plain"].data["labels"].values) >= 0


def test_the_hand_rows_solve_as_with_linopys_sanitize() -> None:
    """Solved through :func:`run_highs` (which calls :func:`sanitize`): x + y >= 1 at
    least cost 1 (z = 0), as by hand."""
    m = _hand_rows()
    status, _ = run_highs(m)
    assert status == "optimal"
    assert float(m.objective.value) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("seed", [None, 0, 1])
def test_sanitize_leaves_the_plans_rows_as_linopy_does(seed: int | None) -> None:
    """The planning model of the timing rule's hand problem and of random small pools
    (with lag masks' zero terms in most row groups): every row group identical to
    linopy's sanitized one."""
    inp = hand() if seed is None else random_pool(seed)
    ours = build_model(inp)
    sanitize(ours)
    _same_rows(ours, _linopy_sanitized(build_model(inp)))


def test_linopy_imports_without_requests_and_requests_later() -> None:
    """In a fresh process: after ``tigris plan``'s linopy import, ``requests`` is not
    imported, linopy's remote (OETC) path is unavailable (as without Google Cloud's
    client), and ``import requests`` still works."""
    code = (
        "import sys\n"
        "from tigris.cli.plan import _import_linopy_without_requests as f\n"
        "f()\n"
        "import linopy.remote.oetc as o\n"
        "assert 'requests' not in sys.modules, 'requests imported'\n"
        "assert o._oetc_deps_available is False\n"
        "import requests\n"
        "assert sys.modules['requests'] is requests\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
