"""``tigris sweep --help`` teaches live inputs only (user test #15b).

The scenario's ``pue`` is the unit of the plan's power rows and moves no result
(``docs/energy.md``, "What is physical and what is a unit"; ``tests/test_pue.py``), so
an example sweeping it teaches a sweep whose members all give the same plan. Every
``--set PATH=VALUES`` of the help must name another path, one the reference scenario
takes, whose values give the planner different inputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest

from tests.conftest import CliResult

_SET = re.compile(r"--set\s+([\w.\-]+=[^\s\\]+)")


def _differs(a: object, b: object) -> bool:
    """Whether two assembled PlanInputs differ in any field (arrays by value)."""
    for name in vars(a):
        x, y = getattr(a, name), getattr(b, name)
        try:
            if not np.array_equal(np.asarray(x, dtype=float), np.asarray(y, dtype=float)):
                return True
        except (TypeError, ValueError):
            continue
    return False


def test_sweep_help_examples_are_live_inputs(
    run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tigris.plan.assemble import assemble
    from tigris.runs.sweep import parse_set
    from tigris.scenario import reference_scenario
    from tigris.scenario.edit import set_paths

    monkeypatch.setenv("COLUMNS", "200")  # one example a line
    result = run_cli("sweep", "--help")
    assert result.code == 0
    specs = _SET.findall(result.out)
    assert len(specs) >= 3, result.out
    base = reference_scenario()
    seen = set()
    for spec in specs:
        path, values = parse_set(spec)
        assert path != "pue", f"the help sweeps the unit pue: {spec}"
        if path in seen or path.startswith("capital."):  # capital: the sweep tests'
            continue
        seen.add(path)
        a, _ = assemble(set_paths(base, {path: values[0]}))
        b, _ = assemble(set_paths(base, {path: values[-1]}))
        assert _differs(a, b), f"{spec}: the planner's inputs do not move"
