"""Sobol indices and the tornado do not use a plan stopped at the time limit (RISK-TL2, s38).

A plan HiGHS leaves at ``solver.time_limit_s`` with its gap not closed is feasible, not
proven optimal: its objective only bounds the optimum (Wolsey, *Integer Programming*,
1998, §2.1). ``tigris risk`` leaves such plans out of its Monte Carlo statistics
(tests/test_s38_risktl_stopped.py); ``--sobol`` and ``--tornado`` leave them out too
(docs/risk.md, "Plans stopped at the time limit"): a Sobol block with a stopped plan is
left out whole (Saltelli et al. 2010's estimators pair the plans of a block), a tornado
bar end whose plan stopped has no value, swing or rank and is marked.

As in tests/test_s38_risktl_stopped.py, the stop is made deterministic: the member solve
(:func:`tigris.plan.reuse.solve_member`, in this process with ``workers=0``) is wrapped
so every plan whose PUE lies above :data:`PUE_CUT` comes back as a time-limited one
(status ``time_limit``, a known gap); its numbers are the real solve's.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliResult
from tests.riskruns import cli_risk, risk_kept

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

#: Plans with a PUE above this stop "at the time limit" [-]. The PUE is triangular
#: (1.1, 1.2, 1.4): its p95 is 1.4 - sqrt(0.05 x 0.3 x 0.2) = 1.3452 (above), its p5
#: 1.1 + sqrt(0.05 x 0.3 x 0.1) = 1.1387 and its mode 1.2 (the scenario's) below; a
#: draw lies above it with probability 0.1^2 / (0.3 x 0.2) = 1/6.
PUE_CUT = 1.3
#: The tornado's high PUE, the triangular's p95 by hand (above) [-].
PUE_P95 = 1.4 - math.sqrt(0.05 * 0.3 * 0.2)
#: Monte Carlo plans and seed of the runs (chosen before the outcome; with seed 3 no
#: draw of the 6 lies above PUE_CUT, checked below, so only the tornado stops).
SAMPLES = 6
SEED = 3
#: Saltelli base sample of the Sobol runs, and its seed: N (D + 2) = 8 x 4 = 32 plans.
#: The Sobol run is ``tigris risk --seed 1``: its Monte Carlo's 6 draws lie below
#: PUE_CUT too (checked there), so only Sobol plans stop.
SOBOL_N = 8
SOBOL_SEED = 1
PUE = "pue"
DR = "discount_rate"


def _gap(pue: float) -> float:
    """The gap the wrapper gives a stopped plan [-]."""
    return round(pue - 1.0, 4)


def _stop_above_cut(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[float, float], dict[str, Any]]:
    """Wrap the member solve; returns (discount rate, PUE) -> the plan's headline
    numbers and whether it stopped, filled as the members solve."""
    import tigris.plan.reuse as reuse

    real = reuse.solve_member
    seen: dict[tuple[float, float], dict[str, Any]] = {}

    def solve_member(sc: Any, **kw: Any) -> Any:
        result = real(sc, **kw)
        stop = float(sc.pue) > PUE_CUT
        if stop:  # as HiGHS leaves a plan at its time limit: feasible, gap not closed
            result = dataclasses.replace(result, status="time_limit", mip_gap=_gap(sc.pue))
        numbers = dict(result.headline()["numbers"], stopped=stop)
        seen[(float(sc.discount_rate), float(sc.pue))] = numbers
        return result

    monkeypatch.setattr(reuse, "solve_member", solve_member)
    return seen


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """:data:`tests.conftest.UNCERTAIN` written to a scenario file (the module's runs')."""
    from tests.conftest import UNCERTAIN, write_scenario

    return write_scenario(tmp_path_factory.mktemp("risktl2"), UNCERTAIN, "uncertain.yaml")


Stopped = tuple[CliResult, Any, dict[tuple[float, float], dict[str, Any]]]


@pytest.fixture(scope="module")
def tornado_stopped(scenario_file: Path) -> Stopped:
    """``tigris risk --samples 6 --seed 3 --tornado`` once, the plans above PUE_CUT
    stopped: what it printed, the result it computed (read by the tests of the result
    and of the printout alike; each ran the same command before), and the plans seen
    (:func:`_stop_above_cut`)."""
    with pytest.MonkeyPatch.context() as mp:
        seen = _stop_above_cut(mp)
        printed, res = cli_risk(
            scenario_file, "--samples", SAMPLES, "--seed", SEED, "--workers", 0,
            "--no-store", "--tornado",
        )  # fmt: skip
    return printed, res, seen


def _bars(doc: dict[str, Any], output: str) -> dict[str, dict[str, Any]]:
    return {b["path"]: b for b in doc["tornado"]["bars"][output]}


def test_tornado_end_that_stopped_has_no_value_and_is_named(tornado_stopped: Stopped) -> None:
    """The PUE's p95 plan stopped: that end has no value, the PUE bar no swing and no
    rank, it is marked ``stopped: ["high"]`` and named with its gap; the discount
    rate's bar (its plans optimal) keeps the real solves' NPVs and rank 1."""
    from tigris.report.risk_html import render_risk_html

    _, res, stopping = tornado_stopped
    assert max(res.monte_carlo.inputs[PUE]) < PUE_CUT  # only the tornado's plan stops
    assert not res.ok  # a plan's numbers were left out: tigris risk's exit 1
    doc = res.to_dict()
    bars = _bars(doc, "npv_total_usd")
    pue = bars[PUE]
    assert pue["input_high"] == pytest.approx(PUE_P95, abs=1e-9)
    # the stopped plan's numbers are a feasible plan's: not drawn as a value
    assert pue["output_high"] is None and pue["swing"] is None and pue["rank"] is None
    assert pue["stopped"] == ["high"]
    # its low end (PUE 1.1387, optimal) keeps the real solve's NPV
    low = [v for (_, p), v in stopping.items() if p == pytest.approx(pue["input_low"])]
    assert pue["output_low"] == pytest.approx(float(low[0]["npv_usd"]), rel=1e-9)
    dr = bars[DR]
    assert dr["stopped"] == [] and dr["rank"] == 1 and dr["swing"] is not None
    block = doc["tornado"]["stopped"]
    assert [(p["path"], p["side"], p["status"]) for p in block["plans"]] == [
        (PUE, "high", "time_limit")
    ]
    assert block["max_gap"] == pytest.approx(_gap(PUE_P95), abs=1e-4)
    assert block["plans"][0]["time_limit_s"] == 60.0
    assert block["note"].startswith("1 of 5 plans (pue at its p95) stopped at the 60 s")
    assert f"gap up to {100 * _gap(PUE_P95):.1f}%" in block["note"]
    assert block["note"] in doc["tornado"]["notes"]
    json.dumps(doc, allow_nan=False)
    # the drivers rank on swing: the stopped bar is not ranked
    drivers = res.tornado.drivers()
    assert PUE not in set(drivers.loc[drivers["output"] == "npv_total_usd", "path"])
    # HTML: the note and the table's cell say it
    page = render_risk_html(res, doc=doc)
    assert 'class="note stopped"' in page
    assert ">stopped<" in page


def test_tornado_stopped_text_and_exit_1(tornado_stopped: Stopped) -> None:
    """Every Monte Carlo plan optimal, a tornado plan stopped: the text marks the end
    and prints the note; exit 1 (a plan's numbers left out), as for the Monte Carlo."""
    res, got, _ = tornado_stopped
    assert max(got.monte_carlo.inputs[PUE]) < PUE_CUT  # only the tornado's plan stops
    text = " ".join(res.out.split())
    assert "note: tornado: 1 of 5 plans (pue at its p95) stopped at the 60 s time limit" in text
    assert "· stopped" in text  # the high end, in the table's place of its value
    assert res.code == 1


def _sobol_outputs(sc: Any) -> list[str]:
    """The outputs of ``tigris risk --sobol``'s indices (the driver outputs)."""
    from tigris.risk.montecarlo import driver_outputs

    first, last = sc.horizon.first_year, sc.horizon.last_year
    return driver_outputs([str(y) for y in range(first, last + 1)])


SobolStopped = tuple[
    CliResult, Any, dict[tuple[float, float], dict[str, Any]], dict[tuple[float, float], Any]
]


@pytest.fixture(scope="module")
def sobol_stopped(scenario_file: Path) -> SobolStopped:
    """``tigris risk --samples 6 --seed 1 --sobol --sobol-n 8`` once, the plans above
    PUE_CUT stopped: what it printed, the result it computed (its Sobol indices read by
    the test of the indices, its printout by the test of the text), the plans seen
    (:func:`_stop_above_cut`) and each plan's result as solved, by (discount rate,
    PUE)."""
    import tigris.plan.reuse as reuse

    solved: dict[tuple[float, float], Any] = {}
    with pytest.MonkeyPatch.context() as mp:
        stopping = _stop_above_cut(mp)
        wrapped = reuse.solve_member

        def keep(sc: Any, **kw: Any) -> Any:
            solved[(float(sc.discount_rate), float(sc.pue))] = result = wrapped(sc, **kw)
            return result

        mp.setattr(reuse, "solve_member", keep)
        printed, res = cli_risk(
            scenario_file, "--samples", SAMPLES, "--seed", SOBOL_SEED, "--workers", 0,
            "--no-store", "--sobol", "--sobol-n", SOBOL_N,
        )  # fmt: skip
    # only Sobol plans stopped: the Monte Carlo's and the plan as planned are optimal
    assert max(res.monte_carlo.inputs[PUE]) < PUE_CUT
    doc = res.to_dict()
    assert doc["stopped"]["members"] == [] and not doc["stopped"].get("planned")
    assert doc["failed"] == [] and doc["tornado"] is None
    return printed, res, stopping, solved


def test_sobol_leaves_out_the_blocks_of_stopped_plans(
    sobol_stopped: SobolStopped, scenario_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stopped plan takes its whole block out, as a failed plan does: the indices are
    the same as when those plans fail outright (before the change their numbers went
    in, and the indices differed); the plans are listed and the note says how many
    blocks went."""
    import tigris.plan.reuse as reuse
    from tigris.risk.sensitivity import sobol_plan
    from tigris.scenario.edit import load_any

    _, got, stopping, solved = sobol_stopped
    res = got.sobol
    stopped = sorted(k for k, v in stopping.items() if v["stopped"])  # Sobol's only
    d = 2
    # both kinds among the Sobol plans themselves (``stopping`` also holds the Monte
    # Carlo plans and the plan as planned, all optimal: the fixture checks it)
    assert 0 < len(stopped) < SOBOL_N * (d + 2), "the seed must give both kinds of plan"
    doc = res.to_dict()
    block = doc["stopped"]
    assert len(block["members"]) == len(stopped)  # no two Sobol points alike here
    assert {p["status"] for p in block["plans"]} == {"time_limit"}
    assert block["max_gap"] == pytest.approx(max(_gap(p) for _, p in stopped))
    blocks = {m // (d + 2) for m in block["members"]}
    assert 0 < len(blocks) < SOBOL_N - 1  # some left out, at least 2 kept
    note = block["note"]
    assert note.startswith(f"{len(stopped)} of {SOBOL_N * (d + 2)} plans (member")
    assert f"their {len(blocks)} of {SOBOL_N} blocks of {d + 2} plans are left out" in note
    assert note in doc["notes"]
    json.dumps(doc, allow_nan=False)

    # the same plans failing outright (no plan): the indices must be the same. The
    # same seed draws the same points, so each plan that does not fail is the one the
    # first run solved (taken from it, not solved again: the solve is deterministic)
    def fail(sc: Any, **kw: Any) -> Any:
        if float(sc.pue) > PUE_CUT:
            raise RuntimeError("stand-in failure")
        return solved[(float(sc.discount_rate), float(sc.pue))]

    monkeypatch.setattr(reuse, "solve_member", fail)
    sc = load_any(scenario_file.read_text())
    outputs = _sobol_outputs(sc)
    failed = sobol_plan(sc, outputs, SOBOL_N, SOBOL_SEED, workers=0, store=False)
    assert len(failed.failed) == len(stopped)
    assert set(res.indices["output"]) == set(outputs)
    key = ["output", "path"]
    a = res.indices.sort_values(key).set_index(key)[["S1", "ST"]]
    b = failed.indices.sort_values(key).set_index(key)[["S1", "ST"]]
    assert list(a.index) == list(b.index)
    assert a.to_numpy() == pytest.approx(b.to_numpy(), rel=1e-12, nan_ok=True)


def test_sobol_stopped_text_and_exit_1(sobol_stopped: SobolStopped) -> None:
    """Every Monte Carlo plan optimal (checked in :func:`sobol_stopped`), Sobol plans
    stopped: the text prints the note; exit 1."""
    res = sobol_stopped[0]
    text = " ".join(res.out.split())
    assert "note: Sobol indices:" in text and "stopped at the 60 s time limit" in text
    assert "blocks of 4 plans are left out of every output's indices" in text
    assert res.code == 1


def test_all_optimal_sobol_and_tornado_say_nothing_new(uncertain_file: Path, run_cli: Any) -> None:
    """No plan stopped: ``stopped`` is there and empty, the text has no word of it,
    exit 0. The text is printed from the result the ``--json`` run computed
    (:func:`tests.riskruns.risk_kept`: the same command, the same seed)."""
    args = (
        "risk", uncertain_file, "--samples", 2, "--seed", SEED, "--workers", 0, "--no-store",
        "--tornado", "--sobol", "--sobol-n", 2,
    )  # fmt: skip
    with risk_kept() as computed:
        res = run_cli(*args, "--json")
        again = run_cli(*args)
    assert len(computed) == 1
    doc = res.json()
    empty = {"members": [], "max_gap": None, "note": None, "plans": []}
    assert doc["sobol"]["stopped"] == empty
    assert doc["tornado"]["stopped"] == empty
    assert all(b["stopped"] == [] for bars in doc["tornado"]["bars"].values() for b in bars)
    assert res.code == 0
    text = again.out
    assert "time limit" not in text and "stopped" not in text
    assert again.code == 0
