"""User test s44 of ``tigris risk`` and ``tigris runs`` (2026-12-06).

* #4 a Ctrl-C in the first seconds of ``tigris risk`` (while the Dask workers start,
  SIGINT ignored) was lost: the run went on to its end, exit 0, report written. It is
  now held while the workers start and acted on as soon as they are up (exit 130, the
  line of an interrupt a moment later, nothing stored or written); ``tigris sweep``
  shares the start.
* #7 a Ctrl-C after the Monte Carlo was stored (a disruption, the stochastic plan, the
  report) gave no message: every interrupt of ``tigris risk`` now says what was kept.
* #8 the plan as planned was stored as one more sweep member (``member 8`` of
  ``--samples 8``, counted by ``compare --sweep`` with NaN inputs); it is now member
  -1 of the sweep, as the JSON numbers it, labelled and not counted.
* #9 ``runs list --kind risk`` was always empty (risk plans were stored as kind
  ``sweep``): they are stored as kind ``risk``; an empty filtered list says the store
  has other runs.
* #12a with no capital, the payback year was said "reached by that salvage" while
  every payback cell was "-"; #12b the band note printed the raw key
  ``modules_built``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import UNCERTAIN
from tigris.runs.executor import HOLD_START_ENV

#: conftest's UNCERTAIN (SMALL_3Y, two distributions) with two disruptions (the user
#: test's ``unc.yaml``, smaller: two inputs drawn).
UNC = (
    UNCERTAIN
    + """\
disruptions:
  - {name: japan-6m, kind: region_outage, region: japan, start_year: 2027, months: 6,
    source: "test"}
  - {name: no-fund, kind: capital_withdrawn, capital: fund, start_year: 2027, source: "test"}
"""
)

#: Longest wait for a subprocess's cue or end [s] (a cluster starts in ~2 s).
_WAIT_S = 60.0


@pytest.fixture
def unc(tmp_path: Path) -> Path:
    """:data:`UNC` written to a scenario file."""
    path = tmp_path / "unc.yaml"
    path.write_text(UNC)
    return path


def _interrupted_at(cue: str, args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``tigris ARGS`` in a session of its own, send SIGINT to its whole process
    group (as a terminal's Ctrl-C does) once ``cue`` is on its stderr; its exit code
    and stderr."""
    with subprocess.Popen(
        [sys.executable, "-m", "tigris", *args],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **env},
        start_new_session=True,
    ) as proc:
        assert proc.stderr is not None
        lines = []
        end = time.monotonic() + _WAIT_S
        for line in proc.stderr:
            lines.append(line)
            if cue in line:
                os.killpg(proc.pid, signal.SIGINT)
                break
            assert time.monotonic() < end, "".join(lines)
        lines += proc.stderr.readlines()
        return proc.wait(timeout=_WAIT_S), "".join(lines)


@pytest.mark.parametrize("verb", ["risk", "sweep"])
def test_ctrl_c_while_the_workers_start_stops_the_run(verb: str, unc: Path, tmp_path: Path) -> None:
    """#4: SIGINT to the process group while the local cluster's workers start (held
    there by the test hook) stops the run once they are up: exit 130, the one line an
    interrupt before any member finished gives, no worker traceback, nothing stored
    and no report."""
    store, report = tmp_path / "runs.duckdb", tmp_path / "r.html"
    if verb == "risk":
        args = ["risk", str(unc), "--samples", "2", "--seed", "1", "--report", str(report)]
    else:
        args = ["sweep", str(unc), "--set", "discount_rate=0.06,0.1"]
    code, err = _interrupted_at(
        HOLD_START_ENV,
        [*args, "--workers", "2", "--store", str(store)],
        {HOLD_START_ENV: str(_WAIT_S)},
    )
    assert code == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    said = [ln for ln in err.splitlines() if ln.strip() and HOLD_START_ENV not in ln]
    assert len(said) == 1 and said[0].startswith("stopped before any of the 2 "), err
    assert said[0].endswith("nothing stored"), err
    assert not report.exists()
    if store.exists():
        from tigris.runs.store import RunStore

        assert RunStore(store).runs().empty and RunStore(store).sweeps().empty


@pytest.fixture(scope="module")
def stored_risk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """:data:`UNC`'s Monte Carlo of 2 plans stored in a store of its own (in this
    process); the store and the sweep's id."""
    import tigris.risk.api

    tmp = tmp_path_factory.mktemp("s44")
    path = tmp / "unc.yaml"
    path.write_text(UNC)
    store = tmp / "runs.duckdb"
    res = tigris.risk.api.risk(path, samples=2, seed=1, workers=0, store=store)
    assert res.monte_carlo.sweep_id is not None
    return store, res.monte_carlo.sweep_id


def test_the_plan_as_planned_is_member_minus_one_not_a_member(stored_risk) -> None:
    """#8: the sweep holds the 2 sampled plans as members 0 and 1 and the plan as
    planned beside them as member -1 (the JSON's number for it), not counted in the
    sweep's members, and left out of ``compare --sweep``'s members."""
    from tigris.runs.compare import compare_sweep
    from tigris.runs.store import RunStore
    from tigris.runs.worker import PLANNED_MEMBER

    store, sid = stored_risk
    st = RunStore(store)
    runs = st.runs(sweep_id=sid)
    assert sorted(runs["member"]) == [PLANNED_MEMBER, 0, 1]
    planned = runs[runs["member"] == PLANNED_MEMBER].iloc[0]
    assert planned["changes"] == {} and planned["status"] == "optimal"
    sweeps = st.sweeps()
    row = sweeps[sweeps["id"] == sid].iloc[0]
    assert row["n_members"] == 2 and row["n_stored"] == 2
    assert list(compare_sweep(sid, store=store)["member"]) == [0, 1]


def test_runs_list_labels_risk_runs_and_finds_them_by_kind(run_cli, stored_risk) -> None:
    """#9 and #8: the risk plans are of kind ``risk`` (``--kind risk`` lists the three),
    the plan as planned is labelled so, and a kind with no run says what the store
    holds instead of "no runs in" it."""
    store, sid = stored_risk
    res = run_cli("runs", "list", "--kind", "risk", "--json", "--store", store)
    assert res.code == 0
    assert {r["kind"] for r in res.json()} == {"risk"} and len(res.json()) == 3
    table = run_cli("runs", "list", "--sweep", sid, "--store", store)
    assert "plan as planned" in " ".join(table.out.split())
    assert "#-1" not in table.out
    none = run_cli("runs", "list", "--kind", "sweep", "--store", store)
    assert none.code == 0
    assert none.out.strip().startswith("no runs of kind sweep in ")
    assert "it holds 3 runs (3 risk)" in " ".join(none.out.split())


def _raise_sigint(*args: object, **kwargs: object) -> None:
    """A real Ctrl-C, at the moment the patched step starts."""
    signal.raise_signal(signal.SIGINT)
    raise AssertionError("SIGINT did not interrupt")  # pragma: no cover


def _last_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert lines and "Traceback" not in err, err
    return " ".join(lines[-1].split())


def test_ctrl_c_in_a_disruption_says_the_monte_carlo_is_stored(
    run_cli, unc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#7: a Ctrl-C after the Monte Carlo was stored (in the first disruption) is exit
    130 with a line naming the sweep that holds the plans and the stages not done; the
    report is not written and the sweep is stored whole."""
    import tigris.risk.disruptions
    from tigris.runs.store import RunStore

    monkeypatch.setattr(tigris.risk.disruptions, "disrupt", _raise_sigint)
    store, report = tmp_path / "runs.duckdb", tmp_path / "r.html"
    res = run_cli(
        "risk", unc, "--samples", "2", "--seed", "1", "--workers", "0", "--store", store,
        "--disruption", "japan-6m", "--disruption", "no-fund", "--report", report,
    )  # fmt: skip
    assert res.code == 130, res.err
    line = _last_line(res.err)
    (sid,) = RunStore(store).sweeps()["id"]
    assert line.startswith("stopped during the disruption japan-6m: "), line
    assert f"stored in sweep {sid}" in line
    assert line.endswith("not done: the disruption japan-6m, the disruption no-fund"), line
    assert len(RunStore(store).runs(sweep_id=sid)) == 3  # 2 members, the plan as planned
    assert not report.exists()


def test_ctrl_c_while_the_monte_carlo_is_summed_up_says_its_sweep_is_stored(
    run_cli, unc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 2026-12-05: a Ctrl-C after the sweep was stored, while its plans were
    summed up (quantiles), said "nothing stored"; the line names the stored sweep."""
    import tigris.risk.montecarlo
    from tigris.runs.store import RunStore

    monkeypatch.setattr(tigris.risk.montecarlo, "quantile_table", _raise_sigint)
    store = tmp_path / "runs.duckdb"
    res = run_cli(
        "risk", unc, "--samples", "2", "--seed", "1", "--workers", "0", "--store", store,
    )  # fmt: skip
    assert res.code == 130, res.err
    line = _last_line(res.err)
    (sid,) = RunStore(store).sweeps()["id"]
    assert line.startswith("stopped during summing up the Monte Carlo: "), line
    assert f"stored in sweep {sid}" in line and "nothing stored" not in line


def test_ctrl_c_while_writing_the_report_says_what_is_kept(
    run_cli, unc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#7: a Ctrl-C while the report is written says the plans are stored and the
    report is left as it was (an earlier file there untouched)."""
    import tigris.risk.api

    monkeypatch.setattr(tigris.risk.api.RiskResult, "write_report", _raise_sigint)
    report = tmp_path / "r.html"
    report.write_text("before")
    res = run_cli(
        "risk", unc, "--samples", "2", "--seed", "1", "--workers", "0", "--no-store",
        "--report", report,
    )  # fmt: skip
    assert res.code == 130, res.err
    line = _last_line(res.err)
    assert line.startswith("stopped while writing the report: "), line
    assert "finished, not stored" in line and f"{report} not written (left as it was)" in line
    assert report.read_text() == "before"


def test_no_capital_says_no_salvage_and_every_output_has_words(run_cli, tmp_path: Path) -> None:
    """#12a: without capital (every IRR and payback cell "–") the caption does not say
    the payback year is reached by the salvage; #12b: every Monte Carlo output, which
    the band note may name, has words in the summary (no raw key)."""
    from tests.conftest import replaced
    from tigris.cli.risk import _WORDS
    from tigris.risk.montecarlo import OUTPUTS

    assert set(OUTPUTS) <= set(_WORDS)
    text = replaced(
        UNC,
        ("capital:\n  - name: fund\n    amount_usd: 2.0e10\n    first_year: 2026\n"
         "    last_year: 2027\n", ""),
        ('  - {name: no-fund, kind: capital_withdrawn, capital: fund, start_year: 2027, '
         'source: "test"}\n', ""),
    )  # fmt: skip
    path = tmp_path / "nocap.yaml"
    path.write_text(text)
    res = run_cli("risk", path, "--samples", "2", "--seed", "1", "--workers", "0", "--no-store")
    assert res.code == 0, res.err
    out = " ".join(res.out.split())
    assert "reached by that salvage" not in out
    assert "investor IRR, payback year: – (no plan has investor flows" in out
