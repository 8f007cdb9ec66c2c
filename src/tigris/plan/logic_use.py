"""Logic wafers a product takes, by node family: its compute dies and its base dies.

A 3D-stacked part (the catalog's ``base_dies``: AMD MI300X, MI325X, MI355X) has its
compute dies bonded onto base (I/O) dies made on another node (``base_die_node``,
e.g. MI300X's four N6 I/O dies under eight N5 compute dies [1]_). Its chip bill
(:func:`tigris.silicon.wafers_by_year`, :func:`tigris.world.roadmap.bills_by_year`)
gives the two wafer counts apart: ``logic`` on the part's node and ``logic_base`` on
the base-die node. The plan and the hindcast count each against the capacity of its
own node family (``logic-<family>``, :func:`tigris.scenario.checks.facility_id`), so
a part's use of a family is ``logic`` where the family is its node's, plus
``logic_base`` where it is its base dies' (both, summed, when they are the same).

References
----------
.. [1] AMD's MI300 launch slides, December 2023 (via ServeTheHome, "AMD Instinct MI300X
   GPU and MI300A APUs launched"): 5 nm compute dies 3D hybrid-bonded onto four 6 nm
   I/O dies, which sit with the HBM stacks on the CoWoS-S interposer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris.errors import InputError

if TYPE_CHECKING:
    from tigris.catalog import Accelerator

__all__ = ["BASE_KEY", "base_die_family", "logic_wafers_by_family"]

#: Key of the base-die wafers in a chip bill by year (``tigris.silicon.BY_YEAR_KEYS``).
BASE_KEY = "logic_base"


def base_die_family(accelerator: str | Accelerator | None) -> str | None:
    """Facility id (``logic-<family>``) of a part's base (I/O) dies, None without.

    Parameters
    ----------
    accelerator : str, Accelerator or None
        Catalog name or alias, or a part; None (a product known only by its scenario
        numbers) has no base dies.

    Returns
    -------
    str or None
        ``logic-<family>`` of the catalog's ``base_die_node``; None for a part without
        ``base_dies``.

    Raises
    ------
    InputError
        The part has ``base_dies`` but no ``base_die_node`` (field ``base_die_node``).

    Examples
    --------
    MI300X's I/O dies are on the N7 family (N6 is a member of it); H100 has none:

    >>> base_die_family("mi300x"), base_die_family("h100")
    ('logic-N7', None)
    """
    if accelerator is None:
        return None
    from tigris.catalog import get_accelerator
    from tigris.scenario.checks import facility_id

    acc = get_accelerator(accelerator) if isinstance(accelerator, str) else accelerator
    if not acc.base_dies:
        return None
    if not acc.base_die_node:
        msg = f"'{acc.name}' has base_dies but no base_die_node to make them on"
        raise InputError(msg, field="base_die_node")
    return facility_id("logic", acc.base_die_node)


def logic_wafers_by_family(
    bill: Mapping[str, Any], family: str, base_family: str | None
) -> dict[str, np.ndarray]:
    """Logic wafers per good packaged unit by node family [wafers].

    ``{family: logic}``, plus ``{base_family: logic_base}`` for a part with base dies
    (summed into one entry when both are the same family).

    Parameters
    ----------
    bill : mapping
        A chip bill by year: ``logic`` and, for a stacked part, ``logic_base``
        [wafers per unit], scalars or ``(T,)`` arrays.
    family : str
        Facility id of the compute dies' node family (``logic-N5``).
    base_family : str or None
        Facility id of the base dies' node family (:func:`base_die_family`).

    Returns
    -------
    dict of str to numpy.ndarray
        Wafers per unit of each logic family the part uses.

    Raises
    ------
    InputError
        The bill has base-die wafers but no family is given for them (they would
        otherwise be dropped silently).

    Examples
    --------
    >>> bill = {"logic": 0.02, "logic_base": 0.03}
    >>> {k: float(v) for k, v in logic_wafers_by_family(bill, "logic-N5", "logic-N7").items()}
    {'logic-N5': 0.02, 'logic-N7': 0.03}
    >>> float(logic_wafers_by_family(bill, "logic-N7", "logic-N7")["logic-N7"])
    0.05
    """
    out = {family: np.asarray(bill["logic"], dtype=float)}
    base = np.asarray(bill.get(BASE_KEY, 0.0), dtype=float)
    if base_family is None:
        if np.any(base > 0):
            msg = f"base-die wafers ({BASE_KEY}) but no node family to count them against"
            raise InputError(msg, field="base_die_node")
        return out
    out[base_family] = out.get(base_family, np.zeros_like(base)) + base
    return out
