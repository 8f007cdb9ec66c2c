"""Default parameters of the silicon layer, read from ``tigris/data/silicon_params.csv``.

Every default a silicon function uses when an argument is left ``None`` (edge
exclusion, scribe lane, reticle field, Bose–Einstein critical layers, clustering
alpha, systematic yield, harvestable area share) lives in that table with its source.
"""

from __future__ import annotations

from functools import cache

from tigris.data import load_rows
from tigris.errors import TigrisError

__all__ = ["silicon_param"]


@cache
def _params() -> dict[str, float]:
    return {str(r["parameter"]): float(r["value"]) for r in load_rows("silicon_params")}


def silicon_param(name: str) -> float:
    """Return the shipped default ``name`` from ``silicon_params.csv``.

    Parameters
    ----------
    name : str
        Parameter name (``"edge_exclusion_mm"``, ``"critical_layers"``...).

    Returns
    -------
    float
        The value, in the unit the table's ``unit`` column states (and the name
        suffix: ``_mm`` [mm], ``_per_cm2`` [1/cm^2], fractions [-]).

    Examples
    --------
    >>> silicon_param("reticle_width_mm"), silicon_param("reticle_height_mm")
    (26.0, 33.0)
    """
    params = _params()
    if name not in params:
        msg = f"silicon_params.csv has no parameter '{name}'; known: {', '.join(sorted(params))}"
        raise TigrisError(msg)
    return params[name]
