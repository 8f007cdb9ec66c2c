"""``tigris.plan`` passes for its function where a notebook, a process pool or Dask
looks (UT-API #2).

``tigris.plan`` is the planner package made callable (``tigris._lazy.callable_module``).
It could not be pickled ("cannot pickle 'CallableModule' object"), so
``ProcessPoolExecutor.submit(tigris.plan, sc)`` and ``client.submit(tigris.plan, sc)``
failed; ``inspect.signature`` gave ``(*args, **kwargs)`` and ``help`` the package's
contents, not the parameters. Now it pickles by reference (to the same module), its
signature is :func:`tigris.plan.api.plan`'s, and its docstring starts with that
function's. The pool's plans are checked against the same plans solved in this process.
"""

from __future__ import annotations

import inspect
import multiprocessing
import pickle
import pydoc
from concurrent.futures import ProcessPoolExecutor

import cloudpickle
import pytest

import tigris
import tigris.plan.api
import tigris.risk.api
from tests.conftest import SMALL_3Y

#: Two capital amounts of the tiny scenario [USD]: its fund (2e10) and 5e8, two different
#: plans (asserted below).
FUNDS = (2.0e10, 5.0e8)


def _scenario(fund: float) -> str:
    return SMALL_3Y.replace("amount_usd: 2.0e10", f"amount_usd: {fund:.1e}")


@pytest.mark.parametrize("dumps", [pickle.dumps, cloudpickle.dumps])
def test_pickles_by_reference(dumps) -> None:
    assert pickle.loads(dumps(tigris.plan)) is tigris.plan
    assert pickle.loads(dumps(tigris.risk)) is tigris.risk


def test_signature_and_docstring_are_the_functions() -> None:
    assert inspect.signature(tigris.plan) == inspect.signature(tigris.plan.api.plan)
    assert inspect.signature(tigris.risk) == inspect.signature(tigris.risk.api.risk)
    params = inspect.signature(tigris.plan).parameters
    assert {"scenario", "store", "explain", "min_served_share"} <= set(params)
    doc = tigris.plan.__doc__
    assert doc.startswith("tigris.plan(scenario")
    assert inspect.getdoc(tigris.plan.api.plan) in doc
    text = pydoc.render_doc(tigris.plan, renderer=pydoc.plaintext)
    # the parameters come first, before the package's contents
    assert text.index("min_served_share : float") < text.index("PACKAGE CONTENTS")
    # the package's own docstring is still there, and the module still a package
    assert "The network planner" in doc
    assert tigris.plan.solve is not None and tigris.plan.PlanResult is not None


def test_a_process_pool_plans_with_tigris_plan() -> None:
    ctx = multiprocessing.get_context("spawn")  # as on macOS, Windows, Jupyter
    opts = {"explain": False, "counterfactual": False}
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        futures = [pool.submit(tigris.plan, _scenario(f), **opts) for f in FUNDS]
        pooled = [f.result(timeout=600) for f in futures]
    here = [tigris.plan.api.plan(_scenario(f), **opts) for f in FUNDS]
    for p, h in zip(pooled, here, strict=True):
        assert p.status == h.status == "optimal"
        assert p.objective_usd == pytest.approx(h.objective_usd, rel=1e-9)
        assert p.to_frame("builds").equals(h.to_frame("builds"))
    # the two capital amounts give two different plans (the pool did not plan one twice)
    assert pooled[0].objective_usd != pytest.approx(pooled[1].objective_usd, rel=1e-6)


def test_dask_client_submit_plans_with_tigris_plan() -> None:
    """The user's call: ``client.submit(tigris.plan, sc)`` on a local Dask cluster
    (one worker process, so the function and the result cross a process boundary)."""
    distributed = pytest.importorskip("distributed")
    opts = {"explain": False, "counterfactual": False}
    cluster = distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        # its HTTP server would warn (an error here) when another cluster holds 8787
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    )
    with cluster, distributed.Client(cluster) as client:
        future = client.submit(tigris.plan, _scenario(FUNDS[1]), pure=False, **opts)
        remote = future.result(timeout=600)
    here = tigris.plan.api.plan(_scenario(FUNDS[1]), **opts)
    assert remote.objective_usd == pytest.approx(here.objective_usd, rel=1e-9)
    assert remote.to_frame("builds").equals(here.to_frame("builds"))
