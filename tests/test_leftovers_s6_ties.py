"""The tie detector's two sources of objective coefficients agree (leftovers of
2026-12-03 session 6, item 4, measured and not adopted).

:func:`tigris.plan.ties.tied_modules` reads ``build``'s (and, under ``npv``,
``sold``'s) objective coefficients back from the solved linopy model, and uses
:func:`tigris.plan.model.objective_coefficients` when it has no model (a hand plan).
Reading them from the inputs instead was proposed to save time; measured, the
read-back costs 0.1-0.2 ms a plan and ``objective_coefficients`` 0.2-0.6 ms, so the
read-back stays. This pins what both paths rely on: on the two-site gas scenario of
tests/test_plan_ties.py (a tie by construction), the model's coefficients are the
inputs' in the model's money units (USD / MONEY_SCALE; a wafer's margin x COUNT_SCALE /
MONEY_SCALE), so a hand plan and the solved plan find the same ties. A term on
``build`` added to the model's objective but not to ``objective_coefficients`` (or the
reverse) fails here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.conftest import write_scenario
from tests.test_plan_ties_mw import _text
from tigris.plan import solve_inputs
from tigris.plan.assemble import assemble_file
from tigris.plan.highs import run_highs
from tigris.plan.model import COUNT_SCALE, MONEY_SCALE, build_model, objective_coefficients
from tigris.plan.ties import _column_costs, tied_modules


@pytest.mark.parametrize("objective", ["serve", "npv"])
def test_model_and_inputs_give_the_same_coefficients_and_ties(
    tmp_path: Path, objective: str
) -> None:
    _, inp, _ = assemble_file(write_scenario(tmp_path, _text("texas"), "t.yaml"))
    inp = inp.replace(objective=objective)
    held = {}

    def solver(inp: object, relax: bool, time_limit_s: object, mip_gap: object) -> tuple:
        m = build_model(inp, relax=relax)
        status, runtime = run_highs(m, 30.0, 0.0)
        held["m"] = m
        return m, status, runtime, 0.0

    r = solve_inputs(inp, counterfactual=False, explain_result=False, model_solver=solver)
    assert r.status == "optimal"
    from tigris.plan.solve import _solution

    m = held["m"]
    sol = _solution(m, inp)
    shape = np.asarray(sol["build"]).shape
    coef = objective_coefficients(inp)
    read = _column_costs(m, "build", shape)
    assert read is not None
    np.testing.assert_allclose(read, np.asarray(coef[0]) / MONEY_SCALE, rtol=1e-12, atol=0)
    if objective == "npv":
        sold = _column_costs(m, "sold", shape)
        assert sold is not None
        want = np.asarray(coef[1]) * COUNT_SCALE / MONEY_SCALE
        np.testing.assert_allclose(sold, want, rtol=1e-12, atol=1e-12)
    with_model, without = tied_modules(inp, sol, m), tied_modules(inp, sol)
    assert with_model == without
    if objective == "serve":  # the gas modules are tied between the two sites
        assert len(with_model) == 1
