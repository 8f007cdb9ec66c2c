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

from tests.conftest import SMALL_3Y
from tigris.runs.executor import HOLD_START_ENV

#: SMALL_3Y with two distributions and two disruptions (the user test's ``unc.yaml``,
#: smaller: two inputs drawn).
UNC = (
    SMALL_3Y
    + """\
distributions:
  discount_rate: {dist: uniform, low: 0.06, high: 0.10, source: "test"}
  pue: {dist: triangular, low: 1.1, mode: 1.2, high: 1.4, source: "test"}
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
    assert len(said) == 1 and said[0].startswith("stopped before any of the "), err
    assert said[0].endswith("nothing stored"), err
    assert not report.exists()
    if store.exists():
        from tigris.runs.store import RunStore

        assert RunStore(store).runs().empty and RunStore(store).sweeps().empty
