"""A world without builds always has a plan, so an "infeasible" answer of its small MIP
(rule 1's binaries) is HiGHS's presolve and is checked once without presolve
(``counterfactual._run_no_build_program``; the same artefact ``run_highs`` now guards
against, tests/test_plan_presolve_retry.py)."""

from __future__ import annotations

import numpy as np
import pytest

import tigris.plan.counterfactual as cf
from tests.test_plan_timing import DEMAND, hand


def test_an_infeasible_answer_is_checked_without_presolve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inp = hand()
    want = cf.served_without_builds(inp)
    # by hand (test_plan_timing): the pool serves 6,000 of the three years' demand
    assert want.sum() == pytest.approx(3 * DEMAND - 6000.0, abs=1e-3)
    real = cf.highs_status_word
    calls: list[str] = []

    def first_answer_infeasible(ran, model_status):  # type: ignore[no-untyped-def]
        calls.append(real(ran, model_status))
        return "infeasible" if len(calls) == 1 else calls[-1]

    monkeypatch.setattr(cf, "highs_status_word", first_answer_infeasible)
    got = cf.served_without_builds(inp)
    assert len(calls) == 2  # the MIP solved again, without presolve
    np.testing.assert_allclose(got, want, atol=1e-6)
