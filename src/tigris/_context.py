"""Process-wide settings the command line turns on for the commands it runs.

Kept in a module of its own, with no imports from the rest of tigris, so that the
command line can enter them without loading a layer it does not need.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["plan_layer_warnings", "plan_layer_warnings_on"]

#: Whether scenario warnings that read the plan layer run by default
#: (:data:`tigris.scenario.advice.PLAN_LAYER_WARNINGS`).
_PLAN_LAYER: list[bool] = [False]


def plan_layer_warnings_on() -> bool:
    """Whether :func:`plan_layer_warnings` is in force.

    Examples
    --------
    >>> plan_layer_warnings_on()
    False
    >>> with plan_layer_warnings():
    ...     plan_layer_warnings_on()
    True
    """
    return _PLAN_LAYER[0]


@contextmanager
def plan_layer_warnings() -> Iterator[None]:
    """Within the block, scenario warnings that read the plan layer also run
    (:func:`tigris.scenario.advice.scenario_warnings`); the previous setting is
    restored after. :func:`tigris.cli.main` runs every command inside it."""
    before = _PLAN_LAYER[0]
    _PLAN_LAYER[0] = True
    try:
        yield
    finally:
        _PLAN_LAYER[0] = before
