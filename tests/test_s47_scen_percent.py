"""User test s47 #7: the percent hint ("write a fraction: 0.015 for 1.5 %") was given
to a correlation (``rho: 1.5``), a scale (``min_share_scale: 2``) and
``--min-served-share 1.5``, and not to a workload's ``mfu: 40``."""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_line_error
from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.scenario.edit import set_paths


def _message(changes: dict) -> str:
    with pytest.raises(InputError) as exc:
        set_paths(reference_scenario(), changes)
    return "; ".join(p.message for p in exc.value.problems)


def test_a_correlation_gets_no_percent_hint() -> None:
    msg = _message({"correlations.0.rho": 1.5})
    assert "must be < 1, got 1.5" in msg
    assert "fraction" not in msg


def test_a_scale_gets_no_percent_hint() -> None:
    products = [{"roadmap": {"min_share_scale": 2}}]
    msg = _message({"products": products})
    assert "got 2" in msg
    assert "fraction" not in msg


def test_a_share_still_gets_it() -> None:
    assert "write a fraction: 0.08 for 8 %" in _message({"discount_rate": 8})


def test_a_workload_mfu_written_as_a_percent_gets_it() -> None:
    train = {"model": "gpt-4", "count": 1000, "mfu": 40}
    workloads = [{"train": train, "runs_by_year": {2026: 1}}]
    msg = _message({"demand.0.workloads": workloads})
    assert "1], got 40; write a fraction: 0.40 for 40 %" in msg


def test_min_served_share_of_one_and_a_half_gets_no_percent_hint(run_cli) -> None:
    res = run_cli("plan", "--no-store", "--min-served-share", "1.5")
    assert_one_line_error(res, "--min-served-share", "got 1.5")
    assert "fraction" not in res.err
