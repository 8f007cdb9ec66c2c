"""xarray recognises dask arrays without a model build importing ``dask.array``.

``tigris.plan.steps.defer_dask_array`` (docs/plan.md, "Performance"): building a model
in a fresh process (the API, ``tigris hindcast``, a sweep's worker) no longer imports
``dask.array``, and a dask array made afterwards is still one to xarray (kept lazy,
not computed into numpy). Each check runs in a fresh interpreter, since whether xarray
has looked dask up is a property of the process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("dask")


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_a_model_build_does_not_import_dask_array() -> None:
    out = _run(
        """
        import sys
        from tigris.plan.assemble import assemble
        from tigris.plan.steps import build_steps
        from tigris.scenario import reference_scenario

        inp, _ = assemble(reference_scenario())
        m, names = build_steps(inp)
        print("dask.array" in sys.modules, m.nvars > 0)
        """
    )
    assert out == "False True"


def test_a_dask_array_made_after_a_build_stays_lazy_in_xarray() -> None:
    # the instance check xarray uses must still say "dask array" once dask.array is
    # imported: xarray then keeps the array chunked (computing it would give numpy)
    out = _run(
        """
        import numpy as np
        import xarray as xr
        from tigris.plan.steps import defer_dask_array

        first = defer_dask_array()
        xr.DataArray(np.zeros(2), dims="x")  # xarray checks the type: no import
        import sys
        before = "dask.array" in sys.modules
        import dask.array as da

        a = xr.DataArray(da.ones((4,), chunks=2), dims="x")
        print(first, before, a.chunks is not None, type(a.data).__name__, float(a.sum()))
        """
    )
    assert out == "True False True Array 4.0"


def test_nothing_changes_once_xarray_has_looked_dask_up() -> None:
    out = _run(
        """
        import dask.array as da
        import xarray as xr
        from tigris.plan.steps import defer_dask_array

        xr.DataArray(da.ones((2,), chunks=1), dims="x")
        print(defer_dask_array(), defer_dask_array())
        """
    )
    assert out == "False False"
