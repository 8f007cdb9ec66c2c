"""Cross-field check of a scenario's ``sources:`` block: every key names a field.

A key of ``sources:`` is a top-level field (``discount_rate``) or a dotted path
(``sites.texas-usa.max_modules``, :mod:`tigris.scenario.edit`); the plan's assumptions
quote the text under it as that value's source (:func:`tigris.plan.result.scenario_source_rows`).
A key that names nothing was dropped without a word, so the plan kept printing "no
source given" while the user believed the figure sourced (user test UT-CONTRIB
2026-12-04, finding 4: ``sites.malasia.max_modules``). It is refused like an unknown
``--set`` path, at its line, naming the bad segment with a "did you mean". A key that is
a data-table cell (``nodes.N3.d0_per_cm2``, ``data.grid.usa.pue``: what a distribution
may name, :mod:`tigris.risk.cells`) is accepted as it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from tigris.errors import InputError

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts

__all__ = ["check_sources", "sources_of_unset_fields"]


def _field_keys(sources: Mapping[str, str]) -> Iterator[str]:
    """The keys of ``sources:`` that name a scenario field, not a data-table cell
    (``data.grid.usa.pue``, ``nodes.N3.d0_per_cm2``: accepted as they are)."""
    from tigris.risk.cells import is_cell

    return (k for k in sources if not (k.startswith("data.") or is_cell(k)))


def check_sources(parts: Parts) -> Found:
    """Keys of ``sources:`` that name no field of the scenario (skipped until the
    schema accepts the whole scenario: a path is resolved on the validated one).

    Parameters
    ----------
    parts : Parts
        The typed parts of the scenario (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    list of (location, message)
        ``("sources", KEY)`` and the unknown-path message of
        :func:`tigris.scenario.edit.get_path`.
    """
    sc = parts.scenario
    if sc is None or not sc.sources:
        return []
    from tigris.scenario.checks import _site_table
    from tigris.scenario.edit import get_path

    # a site whose own name is refused (unknown site 'japn'): a source under sites.
    # cannot be judged until it is fixed, and its "did you mean 'japn'?" would point to
    # the typo (user test 2026-12-06 #7: a second error telling the user to adopt it)
    table = _site_table()
    misnamed = bool(table) and any(s.name.strip().lower() not in table for _, s in parts.sites)
    out: Found = []
    for key in _field_keys(sc.sources):
        if misnamed and key.startswith("sites."):
            continue
        try:
            get_path(sc, key)
        except InputError as exc:
            why = "; ".join(p.message for p in exc.problems)
            out.append((("sources", key), f"names no field of the scenario: {why}"))
    return out


def sources_of_unset_fields(parts: Parts) -> Found:
    """Keys of ``sources:`` that name a field the scenario leaves unset (``None``): the
    plan reads that value from a data table with the table row's own source, so the
    text cites nothing the plan uses, and ``--assumptions`` printed it beside a blank
    value (user test 2026-12-07, scenario author #8:
    ``sites.malaysia.construction_cost_multiplier`` sourced, not set). A warning: the
    text is kept, and the file may mean to set the field.

    Parameters
    ----------
    parts : Parts
        The typed parts of the scenario (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    list of (location, message)
        ``("sources", KEY)`` for each key whose field is unset.
    """
    sc = parts.scenario
    if sc is None or not sc.sources:
        return []
    from tigris.scenario.edit import get_path

    out: Found = []
    for key in _field_keys(sc.sources):
        try:
            value = get_path(sc, key)
        except InputError:  # refused by check_sources
            continue
        if value is None:
            msg = (
                "the scenario leaves this field unset, so the plan uses its default (a "
                "data table's value, cited to that table's row, or none at all), not a "
                "value this text could cite; give the field its value here, or leave "
                "this source out"
            )
            out.append((("sources", key), msg))
    return out
