"""Warnings an edit by ``--set`` brings to a scenario (user test UT-POLICY of
2026-12-04, defect 2).

A scenario file's warnings (:func:`tigris.scenario.advice.scenario_warnings`: legal
input that likely does not say what was meant) are written when the file is read,
``warning: file:line: field: message``. A value given on the command line (``tigris
plan --set sites.texas-usa.subsidy_share_of_capex=0.9``) edits the scenario after
that: without :func:`set_warnings` the same value written in the file warns ("changes
nothing at texas-usa: ... the sites' subsidies are fab grants", texas-usa hosting data
centres only: ``docs/scenario-files.md``, "What a site's overrides reach") while given
by ``--set`` it was taken in silence.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tigris.scenario.schema import Scenario

__all__ = ["set_warning_lines", "set_warnings"]


def set_warning_lines(
    base: Scenario, edited: Scenario, changes: Mapping[str, Any], field: str = "--set"
) -> list[str]:
    """The warnings ``edited`` has and ``base`` has not, as ``--set: PATH=VALUE:
    field.path: message`` lines (the changes named, as ``--set``'s errors name them).

    Parameters
    ----------
    base : Scenario
        The scenario before the changes (its own warnings were written when it was read).
    edited : Scenario
        The scenario with the changes (:func:`tigris.scenario.edit.set_paths`).
    changes : mapping of str to Any
        The changes, dotted path to value, as given.
    field : str, optional
        The option that gave them.

    Returns
    -------
    list of str
        One line per new warning, without the ``warning: `` prefix.

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> from tigris.scenario.edit import set_paths
    >>> ref = reference_scenario()
    >>> ch = {"sites.texas-usa.subsidy_share_of_capex": 0.9}
    >>> [line] = set_warning_lines(ref, set_paths(ref, ch), ch)
    >>> line.split(": ")[:3]
    ['--set', 'sites.texas-usa.subsidy_share_of_capex=0.9', 'sites.6.subsidy_share_of_capex']
    """
    from tigris.scenario.advice import scenario_warnings

    before = set(scenario_warnings(base))
    new = [(loc, msg) for loc, msg in scenario_warnings(edited) if (loc, msg) not in before]
    given = ", ".join(f"{path}={value}" for path, value in changes.items())
    return [f"{field}: {given}: {'.'.join(str(x) for x in loc)}: {msg}" for loc, msg in new]


def set_warnings(
    base: Scenario, edited: Scenario, changes: Mapping[str, Any], field: str = "--set"
) -> list[str]:
    """Write :func:`set_warning_lines` on standard error, ``warning: `` first; return
    them."""
    lines = set_warning_lines(base, edited, changes, field)
    for line in lines:
        sys.stderr.write(f"warning: {line}\n")
    return lines
