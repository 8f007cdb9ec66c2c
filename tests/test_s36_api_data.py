"""A data-cell what-if planned from Python can be repeated (UT-API #5), and a bad
``store=`` is refused before the solve, naming ``store`` (UT-API #8).

``tigris.plan`` had no ``data=``, and a run planned under
``tigris.overlay.data_overlay(...)`` was stored without its ``--data`` option, so
``tigris plan --from-run`` re-solved it without the overlay ("differs from the stored
result ... the stored run's --data overlay ... is not in force"). Now ``data=`` takes a
file or its text, and a stored run records the file (its absolute path, as ``tigris plan
--data``) or the text; a run under ``data_overlay`` records its file too.

The overlay raises the small scenario's only site's subsidy share to 30 %: a plan of its
own (the objective moves), so a re-solve without it would not match.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import tigris.plan.api
from tests.conftest import SMALL_3Y
from tigris.errors import InputError
from tigris.overlay import data_overlay
from tigris.plan.reuse import using_data_text
from tigris.runs.store import RunStore

OVERLAY = """\
sites:
  - name: japan
    based_on: japan
    subsidy_share_of_capex: 0.3
    source: "test: a what-if subsidy"
    as_of: 2026-12
"""
QUICK = {"explain": False, "counterfactual": False}


@pytest.fixture(scope="module")
def plain() -> float:
    return tigris.plan.api.plan(SMALL_3Y, **QUICK).objective_usd


def _overlay_file(tmp_path: Path) -> Path:
    path = tmp_path / "ov.yaml"
    path.write_text(OVERLAY)
    return path


def _only_run(store: Path) -> dict:
    runs = RunStore(store).runs()
    assert len(runs) == 1
    return RunStore(store).record(str(runs["id"].iloc[0]))


def test_data_file_and_text_give_the_overlay_plan(tmp_path: Path, plain: float) -> None:
    path = _overlay_file(tmp_path)
    by_file = tigris.plan.api.plan(SMALL_3Y, data=path, **QUICK)
    by_name = tigris.plan.api.plan(SMALL_3Y, data=str(path), **QUICK)
    by_text = tigris.plan.api.plan(SMALL_3Y, data=OVERLAY, **QUICK)
    with data_overlay(path):
        under = tigris.plan.api.plan(SMALL_3Y, **QUICK)
    assert by_file.objective_usd != pytest.approx(plain, rel=1e-6)
    for other in (by_name, by_text, under):
        assert other.objective_usd == pytest.approx(by_file.objective_usd, rel=1e-9)
    # the overlay is gone after the call
    assert tigris.plan.api.plan(SMALL_3Y, **QUICK).objective_usd == pytest.approx(plain)


@pytest.mark.parametrize("how", ["data=", "data_overlay"])
def test_from_run_applies_the_file_again(how: str, tmp_path: Path, run_cli) -> None:
    path = _overlay_file(tmp_path)
    store = tmp_path / "runs.duckdb"
    if how == "data=":
        tigris.plan.api.plan(SMALL_3Y, data=path, store=store, **QUICK)
    else:
        with data_overlay(path):
            tigris.plan.api.plan(SMALL_3Y, store=store, **QUICK)
    rec = _only_run(store)
    assert rec["options"]["data"] == str(path.resolve())
    res = run_cli("plan", "--from-run", rec["id"], "--store", store, "--no-store")
    assert res.code == 0, res.err
    said = " ".join(res.out.split())  # the console wraps lines
    # a path longer than the console's 80 columns is folded inside itself (``ov.yam l``,
    # where the temporary folder's number puts it): compared without whitespace
    want = "".join(f"With the stored run's --data {path.resolve()}".split())
    assert want in "".join(said.split()), said
    assert "matches the stored result" in said, said
    assert "is not in force" not in said


def test_text_is_recorded_and_solves_the_same_again(tmp_path: Path) -> None:
    """The text is kept in the run's options (``data_yaml``, the dashboard's key); the
    stored scenario solved again under it is the stored plan."""
    store = tmp_path / "runs.duckdb"
    first = tigris.plan.api.plan(SMALL_3Y, data=OVERLAY, store=store, **QUICK)
    rec = _only_run(store)
    assert rec["options"]["data_yaml"] == OVERLAY
    assert "data" not in rec["options"]
    with using_data_text(rec["options"]["data_yaml"]):
        again = tigris.plan.api.plan(rec["scenario_yaml"], **QUICK)
    assert again.objective_usd == pytest.approx(first.objective_usd, rel=1e-9)
    assert again.input_hash == first.input_hash


def test_from_run_applies_the_text_again(tmp_path: Path, run_cli) -> None:
    """A run planned with ``data=TEXT`` is repeated under that text (c28d2fd, the
    command line's side: it re-solved without it and differed)."""
    store = tmp_path / "runs.duckdb"
    tigris.plan.api.plan(SMALL_3Y, data=OVERLAY, store=store, **QUICK)
    rec = _only_run(store)
    res = run_cli("plan", "--from-run", rec["id"], "--store", store, "--no-store")
    assert res.code == 0, res.err
    said = " ".join(res.out.split())
    assert "With the stored run's --data text" in said, said
    assert "matches the stored result" in said, said
    assert "Inputs changed" not in said


def test_bad_data_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^data: no such file"):
        tigris.plan.api.plan(SMALL_3Y, data=tmp_path / "none.yaml", **QUICK)
    with pytest.raises(InputError, match=r"^data: expected a --data file name"):
        tigris.plan.api.plan(SMALL_3Y, data=3, **QUICK)
    with pytest.raises(InputError, match=r"<data>:\d+: "):
        tigris.plan.api.plan(SMALL_3Y, data="sites:\n  - name: japan\n", **QUICK)


def test_a_bad_store_is_refused_before_the_solve_naming_store(tmp_path: Path) -> None:
    not_a_store = tmp_path / "notastore.duckdb"
    not_a_store.write_text("hello\n")
    for bad in (not_a_store, tmp_path):
        t0 = time.perf_counter()
        with pytest.raises(InputError) as err:
            tigris.plan.api.plan(None, store=bad)  # the reference: seconds to solve
        took = time.perf_counter() - t0
        assert str(err.value).startswith("store: "), str(err.value)
        assert "--store" not in str(err.value)
        # refused before the solve: the reference with its explanations takes > 5 s
        assert took < 3.0, took
    assert not_a_store.read_text() == "hello\n"


def test_options_are_json(tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    tigris.plan.api.plan(SMALL_3Y, data=_overlay_file(tmp_path), store=store, **QUICK)
    rec = _only_run(store)
    json.dumps(rec["options"], allow_nan=False)
