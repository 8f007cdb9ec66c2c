"""``tigris risk`` refuses more than 1,000 plans in all without ``--yes``, Sobol's and
the tornado's with the samples (user test s49 #3: ``--sobol --sobol-n 256`` started
7,936 plans unasked, where ``--samples 1001`` is refused)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import UNCERTAIN, assert_one_line_error
from tigris.errors import InputError


@pytest.fixture
def reached(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Monte Carlo, the first solve, stands in for a run that passed the checks."""
    import tigris.risk.montecarlo as mc

    def stop(*args: object, **kwargs: object) -> None:
        raise InputError("reached the Monte Carlo", field="--samples")

    monkeypatch.setattr(mc, "monte_carlo", stop)


def _inputs_of_the_reference() -> int:
    from tigris.scenario.edit import load_any

    return len(load_any(None).distributions)


def test_a_big_sobol_is_refused_without_yes(run_cli, reached) -> None:
    d = _inputs_of_the_reference()
    plans = 256 * (d + 2) + 1  # Saltelli's N (D + 2), and the one sample
    res = run_cli("risk", "--samples", "1", "--seed", "1", "--sobol", "--sobol-n", "256",
                  "--workers", "0", "--no-store")  # fmt: skip
    assert_one_line_error(res, "--sobol-n", f"{plans:,} plans", "--yes", "1,000")
    assert "reached the Monte Carlo" not in res.err


def test_with_yes_it_runs(run_cli, reached) -> None:
    res = run_cli("risk", "--samples", "1", "--seed", "1", "--sobol", "--sobol-n", "256",
                  "--workers", "0", "--no-store", "--yes")  # fmt: skip
    assert res.code == 2 and "reached the Monte Carlo" in res.err, res.err


def test_samples_and_tornado_count_together(run_cli, reached, tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    path.write_text(UNCERTAIN)  # two distributions: a tornado of 4 plans
    res = run_cli("risk", path, "--samples", "997", "--tornado", "--workers", "0",
                  "--no-store")  # fmt: skip
    assert_one_line_error(res, "1,001 plans", "4 for the tornado", "--yes")
    res = run_cli("risk", path, "--samples", "996", "--tornado", "--workers", "0",
                  "--no-store")  # fmt: skip
    assert "reached the Monte Carlo" in res.err, res.err  # 1,000 plans: allowed


def test_python_api_counts_plans_by_hand() -> None:
    from tigris.risk.api import plans_asked

    parts = plans_asked(5, inputs=3, sobol_n=16, tornado=True, disruptions=2)
    assert parts == {"--samples": 5, "--sobol-n": 16 * 5, "--tornado": 6, "--disruption": 5}
