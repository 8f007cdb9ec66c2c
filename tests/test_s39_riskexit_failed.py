"""A Sobol or tornado plan that failed makes ``tigris risk`` exit 1 (s39, RISK-EXIT).

Until 2026-12-05 a failed Monte Carlo plan, or a Sobol or tornado plan that stopped at
the time limit, exited 1, while a Sobol or tornado plan that *failed* left the exit
code 0 (documented, and noted as left at the end of s38): its numbers were left out
too, and a script reading the exit code could not tell. The solve is wrapped, as in
tests/test_s38_risktl2_stopped.py, to fail every plan whose PUE lies above 1.3: with
seed 3 no Monte Carlo draw does, the tornado's high PUE (p95, 1.345) does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import UNCERTAIN
from tests.test_s38_risktl2_stopped import PUE_CUT, SAMPLES, SEED

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow


@pytest.fixture
def failing(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Wrap the member solve to fail above PUE_CUT; returns the PUEs that failed."""
    import tigris.plan.reuse as reuse

    real = reuse.solve_member
    failed: list[float] = []

    def solve_member(sc: Any, **kw: Any) -> Any:
        if float(sc.pue) > PUE_CUT:
            failed.append(float(sc.pue))
            raise RuntimeError("wrapped to fail above the PUE cut")
        return real(sc, **kw)

    monkeypatch.setattr(reuse, "solve_member", solve_member)
    return failed


def test_a_failed_tornado_plan_exits_1(
    failing: list[float], uncertain_file: Path, run_cli: Any
) -> None:
    args = (
        "risk",
        uncertain_file,
        "--samples",
        SAMPLES,
        "--seed",
        SEED,
        "--workers",
        0,
        "--no-store",
    )
    res = run_cli(*args, "--tornado", "--json")
    doc = res.json()
    assert doc["members_ok"] == SAMPLES and doc["failed"] == []  # the Monte Carlo is whole
    assert [(f["path"], f["side"]) for f in doc["tornado"]["failed"]] == [("pue", "high")]
    assert failing and min(failing) > PUE_CUT
    assert res.code == 1  # (the Monte Carlo alone exits 0: tests/test_s38_risktl2_stopped.py)


def test_risk_result_ok_says_so(failing: list[float]) -> None:
    from tigris.risk.api import risk

    res = risk(UNCERTAIN, samples=SAMPLES, seed=SEED, workers=0, store=False, tornado=True)
    assert len(res.tornado.failed) == 1 and not res.ok
