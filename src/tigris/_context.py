"""Process-wide settings the command line turns on for the commands it runs.

Kept in a module of its own, with no imports from the rest of tigris, so that the
command line can enter them without loading a layer it does not need.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = [
    "plan_layer_warnings",
    "plan_layer_warnings_on",
    "support_checked_here",
    "support_checked_here_on",
]

#: Whether scenario warnings that read the plan layer run by default
#: (:data:`tigris.scenario.advice.PLAN_LAYER_WARNINGS`).
_PLAN_LAYER: list[bool] = [False]


def plan_layer_warnings_on() -> bool:
    """Whether :func:`plan_layer_warnings` is in force.

    Returns
    -------
    bool
        True inside a :func:`plan_layer_warnings` block.

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
    restored after. :func:`tigris.cli.main` runs every command inside it.

    Yields
    ------
    None
        Control to the block, once.
    """
    before = _PLAN_LAYER[0]
    _PLAN_LAYER[0] = True
    try:
        yield
    finally:
        _PLAN_LAYER[0] = before


#: Whether the command running checks distributions against their inputs' values
#: itself (``tigris risk``, ``tigris sweep --samples``: an error, ``--recentre``'s note
#: or ``--as-written``).
_SUPPORT_HERE: list[bool] = [False]


def support_checked_here_on() -> bool:
    """Whether :func:`support_checked_here` is in force.

    Returns
    -------
    bool
        True inside a :func:`support_checked_here` block.

    Examples
    --------
    >>> support_checked_here_on()
    False
    >>> with support_checked_here():
    ...     support_checked_here_on()
    True
    """
    return _SUPPORT_HERE[0]


@contextmanager
def support_checked_here() -> Iterator[None]:
    """Within the block the scenario warning of a value outside its distribution is not
    written (:func:`tigris.scenario.advice.distributions_off_support`): ``tigris risk``
    and ``tigris sweep --samples`` refuse that value, or move the distribution onto it,
    or draw it as written, and say which themselves, so the warning was a second copy
    of their error, or advice to give the ``--recentre`` just given (user test
    2026-12-05). The previous setting is restored after.

    Yields
    ------
    None
        Control to the block, once.
    """
    before = _SUPPORT_HERE[0]
    _SUPPORT_HERE[0] = True
    try:
        yield
    finally:
        _SUPPORT_HERE[0] = before
