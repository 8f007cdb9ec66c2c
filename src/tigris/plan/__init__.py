"""The network planner: where and when to build fabs, packaging and HBM lines.

A mixed-integer program built with linopy and solved with HiGHS (``docs/plan.md``).
``solve(scenario)`` returns a :class:`PlanResult` (``docs/plan-result.md``). linopy is
imported only when a model is built, so importing this package is cheap.

The package is also callable: ``tigris.plan(scenario, ...)`` is
:func:`tigris.plan.api.plan` (the notebook entry point, ``docs/api.md``), whichever of
``tigris.plan`` and ``tigris.plan.solve`` was imported first.
"""

from __future__ import annotations

from tigris._lazy import callable_module
from tigris.plan.inputs import PlanInputs
from tigris.plan.result import Explanation, PlanResult
from tigris.plan.solve import solve, solve_inputs

__all__ = ["Explanation", "PlanInputs", "PlanResult", "solve", "solve_inputs"]

# ``tigris.plan(scenario=None, *, store=False, explain=True, ...)``: tigris.plan.api.plan
callable_module(__name__, "tigris.plan.api:plan")
