"""The network planner: where and when to build fabs, packaging and HBM lines.

A mixed-integer program built with linopy and solved with HiGHS (``docs/plan.md``).
``solve(scenario)`` returns a :class:`PlanResult` (``docs/plan-result.md``). linopy is
imported only when a model is built, so importing this package is cheap.

The package is also callable: ``tigris.plan(scenario, ...)`` is
:func:`tigris.plan.api.plan` (the notebook entry point, ``docs/api.md``), whichever of
``tigris.plan`` and ``tigris.plan.solve`` was imported first.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from tigris.plan.inputs import PlanInputs
from tigris.plan.result import Explanation, PlanResult
from tigris.plan.solve import solve, solve_inputs

__all__ = ["Explanation", "PlanInputs", "PlanResult", "solve", "solve_inputs"]


class _CallablePackage(types.ModuleType):
    """This package's module class: calling it calls :func:`tigris.plan.api.plan`."""

    def __call__(self, *args: Any, **kwargs: Any) -> PlanResult:
        """``tigris.plan(scenario=None, *, store=False, explain=True, ...)``: see
        :func:`tigris.plan.api.plan`."""
        from tigris.plan.api import plan

        return plan(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
