"""The plan's independent solves overlapped on two threads give the same answer as one
after the other (``TIGRIS_SERIAL=1``), and fail as they do.

``tigris plan`` solves the world without the investor in a worker thread while it
builds and solves the plan's model (:func:`tigris.plan.solve._overlapped`), when the
two are independent (nobody but the investor can build), and runs the explanations'
re-solves two at a time. The answer must not depend on which finishes first: each
result is read from its own call. Checked on :data:`tests.test_plan_determinism.SHORT`
(HBM and capital bind; three re-solves price them).
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import threading
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import write_scenario
from tests.test_plan_determinism import SHORT
from tigris.errors import InputError
from tigris.plan.assemble import assemble_file
from tigris.plan.highs import SERIAL_ENV, THREADS_ENV, quiet_linopy

#: The module (``tigris.plan.solve`` the attribute is the function of that name).
solve_mod = importlib.import_module("tigris.plan.solve")
cf_mod = importlib.import_module("tigris.plan.counterfactual")


@pytest.fixture(scope="module")
def short(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_scenario(tmp_path_factory.mktemp("threads"), SHORT, "short.yaml")


def _doc(path: Path) -> dict:
    """The plan's whole result as JSON, its measured seconds left out."""
    doc = json.loads(json.dumps(solve_mod.solve(path).to_dict(), default=str))
    doc.pop("timings", None)
    return doc


@pytest.fixture(scope="module")
def serial_doc(short: Path) -> dict:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(SERIAL_ENV, "1")
        return _doc(short)


def test_overlapped_equals_serial(
    short: Path, serial_doc: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SERIAL_ENV, raising=False)
    calls = []
    real = solve_mod._overlapped

    def spy(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(solve_mod, "_overlapped", spy)
    doc = _doc(short)
    assert calls == [1]  # the counterfactual did run in its thread
    assert doc == serial_doc
    # what the comparison covers: explanations priced by re-solves, a baseline
    claims = " ".join(str(b) for b in doc["binding"])
    assert claims.count("(re-solved)") >= 2
    assert doc["baseline_status"] == "optimal"


def test_serial_switch_keeps_one_thread(short: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inp = assemble_file(short)[1]
    monkeypatch.delenv(SERIAL_ENV, raising=False)
    monkeypatch.delenv(THREADS_ENV, raising=False)
    assert solve_mod._overlaps(inp)  # the default: overlapped
    monkeypatch.setenv(SERIAL_ENV, "1")
    assert not solve_mod._overlaps(inp)
    monkeypatch.delenv(SERIAL_ENV)
    monkeypatch.setenv(THREADS_ENV, "1")  # a sweep worker's one core
    assert not solve_mod._overlaps(inp)


def test_a_counterfactual_error_surfaces_as_when_serial(
    short: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*a, **k):
        raise InputError("the world without the investor failed", field="counterfactual")

    monkeypatch.setattr(solve_mod, "solve_counterfactual", broken)
    for env in ("1", ""):  # serial, then overlapped
        monkeypatch.setenv(SERIAL_ENV, env)
        with pytest.raises(InputError, match="the world without the investor failed"):
            solve_mod.solve(short)


def test_the_counterfactual_error_comes_before_the_model_error(
    short: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in the serial order, where the counterfactual runs (and fails) first."""

    def broken_cf(*a, **k):
        raise InputError("counterfactual first", field="counterfactual")

    def broken_build(*a, **k):
        raise RuntimeError("the model's build failed")

    monkeypatch.delenv(SERIAL_ENV, raising=False)
    monkeypatch.setattr(solve_mod, "solve_counterfactual", broken_cf)
    monkeypatch.setattr(solve_mod, "build_model", broken_build)
    with pytest.raises(InputError, match="counterfactual first"):
        solve_mod.solve(short)


def test_stdout_is_restored_after_the_overlap(
    short: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HiGHS banner goes nowhere, and file descriptor 1 works again after."""
    monkeypatch.delenv(SERIAL_ENV, raising=False)
    solve_mod.solve(short, explain_result=False)
    os.write(1, b"after\n")
    assert capfd.readouterr().out == "after\n"


def test_ctrl_c_stops_the_worker_instead_of_waiting_for_it(
    short: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C while the plan's model is built is raised at once and tells the worker
    to stop (before: the process waited for the whole counterfactual, 47 s under load
    8 on the reference with a 13.5 % floor). The fake counterfactual waits for the
    stop (5 s at most); the real one stops at its first solve once told."""
    told = []

    def slow_cf(inp, *, stop, **kw):
        told.append(stop.wait(5.0))
        raise cf_mod.StoppedError("stopped")

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    inp = assemble_file(short)[1]
    monkeypatch.setattr(solve_mod, "solve_counterfactual", slow_cf)
    monkeypatch.setattr(solve_mod, "build_model", interrupted)
    with pytest.raises(KeyboardInterrupt):
        solve_mod._overlapped(inp, {}, False, None, None)
    assert told == [True]
    stop = threading.Event()
    stop.set()
    with pytest.raises(cf_mod.StoppedError):
        cf_mod.counterfactual(inp, stop=stop)


def test_the_quiet_state_is_the_callers_after_threads_leave_out_of_order(
    short: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each ``run_highs`` enters ``quiet_linopy`` (warnings filters, the linopy logger's
    level, fd 1), which is not thread-safe: the plan's thread entering first and
    leaving first left its quiet state (UserWarning ignored, linopy at ERROR) after
    the plan. With the outer ``quiet_linopy`` of ``_overlapped`` the caller's state
    comes back."""
    main_in, cf_in, main_out = threading.Event(), threading.Event(), threading.Event()

    def cf(inp, **kw):
        main_in.wait(5.0)
        with quiet_linopy():
            cf_in.set()
            main_out.wait(5.0)
        return SimpleNamespace(seconds=0.0)

    def highs(*a, **k):
        with quiet_linopy():
            main_in.set()
            cf_in.wait(5.0)
        main_out.set()
        return "optimal", 0.0

    monkeypatch.setattr(solve_mod, "solve_counterfactual", cf)
    monkeypatch.setattr(solve_mod, "build_model", lambda *a, **k: object())
    monkeypatch.setattr(solve_mod, "run_highs", highs)
    log = logging.getLogger("linopy")
    level, filters = log.level, list(warnings.filters)
    solve_mod._overlapped(assemble_file(short)[1], {}, False, None, None)
    assert cf_in.is_set() and main_out.is_set()  # the threads did interleave
    assert log.level == level
    assert warnings.filters == filters
