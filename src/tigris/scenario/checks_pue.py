"""The scenario's top-level ``pue``: a warning above the published range (UT-NEWBIE #3).

Part of the warnings of :mod:`tigris.scenario.advice` (``warning: file:line: field:
message``, the scenario still planned). The schema refuses a ``pue`` below 1 (a
facility cannot use less power than its IT load); above ``pue_max_published``
(``data/energy_parameters.csv``: 2.5, the Uptime Institute survey's industry average of
2007, the highest it has published) the value is legal but most likely a percent or a
typo (``120`` for 1.2), and it moves almost nothing, so it is said, not refused: the
top-level ``pue`` is the unit the plan's power rows count in and the PUE of
``datacenters.existing_mw`` (facility MW at this PUE) and of a site in a region without
data; the plan's energy is drawn at each region's and each module's own PUE
(docs/energy.md, "PUE by region and site"; docs/scenario-files.md, ``pue``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts

__all__ = ["scenario_pue_beyond_published"]


def scenario_pue_beyond_published(parts: Parts) -> Found:
    """The scenario's ``pue`` above ``pue_max_published``: one warning line at ``pue``.

    The same sourced row as a site's ``pue`` check
    (:func:`tigris.scenario.checks_energy.site_pue_beyond_published`).

    Parameters
    ----------
    parts : Parts
        The scenario's typed parts (:func:`tigris.scenario.checks.parts_of`);
        ``parts.pue`` [-].

    Returns
    -------
    list of (location, message)
        At ``("pue",)``; empty when the value is within the range or not known.

    References
    ----------
    Uptime Institute, Global Data Center Survey (industry average annual PUE by year:
    2.5 in 2007, ~1.58 since 2018); The Green Grid, White Paper 49 (2012) (PUE =
    facility power / IT power).
    """
    from tigris.scenario.checks_energy import pue_above_published

    head = pue_above_published(parts.pue)
    if head is None:
        return []
    msg = (
        f"{head}): PUE is facility power over IT power (120 % is written 1.2). It is the "
        "unit of datacenters.existing_mw and of the plan's power rows; the plan's energy is "
        "at each region's and module's own PUE (docs/scenario-files.md, 'Energy: "
        "data-centre power, grid and demand basis', its pue row)"
    )
    return [(("pue",), msg)]
