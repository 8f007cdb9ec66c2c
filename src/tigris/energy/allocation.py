"""Where the installed fleet is plugged in: an allocation consistent with the power rows.

The plan's power rows (:mod:`tigris.plan.power`) say only that an allocation of the
fleet to the data-centre capacity exists; the ``power`` table
(:func:`tigris.energy.fleet.power_table`) needs one to report power, energy and
emissions by region. :func:`allocate_fleet` builds it by a fixed rule, in MW at the
plan's PUE (the rows' unit):

1. the legacy fleet in existing capacity, pro rata to each region's;
2. the share of the plan's fleet placed in a region (``demand_regions``) there,
   existing capacity first, then the modules the plan built there;
3. the unplaced rest in the existing capacity left, pro rata to what is left in each
   region, then in the built capacity left, pro rata likewise;
4. anything beyond the capacity (a plan whose rows did not hold it, or a table of
   inputs without datacenter rows) is returned as ``excess`` for the caller to place.

When the rows hold, steps 1-3 place the whole fleet with no excess: the proof is in
:func:`tigris.plan.power.add_region_rows` (each placed share fits in its region, and
the room left holds the rest).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Allocation", "allocate_fleet"]


@dataclass(frozen=True)
class Allocation:
    """The fleet by where it is plugged in [MW at the plan's PUE].

    Attributes
    ----------
    existing : (R, T) array
        In each region's existing capacity (legacy fleet included).
    built : (N, T) array
        In each group of built modules.
    excess : (T,) array
        Beyond every capacity (0 when the plan's rows hold).
    """

    existing: np.ndarray
    built: np.ndarray
    excess: np.ndarray


def _fill(room: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """(R, T) ``amount`` (T,) put in ``room`` (R, T) pro rata to it, at most all of it."""
    total = room.sum(axis=0)
    take = np.divide(np.minimum(amount, total), total, out=np.zeros_like(total), where=total > 0)
    return room * take[None, :]


def allocate_fleet(
    new_mw: np.ndarray,
    legacy_mw: np.ndarray,
    existing_mw: np.ndarray,
    built_mw: np.ndarray,
    built_region: np.ndarray,
    share: np.ndarray,
) -> Allocation:
    """Allocate the fleet to the capacity: legacy in existing, placed shares in their
    region (existing first), the rest where room is left (existing first).

    Parameters
    ----------
    new_mw : (T,) array
        The plan's fleet [MW at the plan's PUE].
    legacy_mw : (T,) array
        The legacy fleet [MW at the plan's PUE].
    existing_mw : (R, T) array
        Existing capacity by region [MW at the plan's PUE].
    built_mw : (N, T) array
        Built capacity online by module group [MW at the plan's PUE].
    built_region : (N,) int array
        Region index of each module group.
    share : (R,) array
        Share of the plan's fleet placed in each region [-] (total ≤ 1).

    Returns
    -------
    Allocation

    References
    ----------
    ``docs/energy.md``, "The power table" (the rule); the feasibility argument of
    :func:`tigris.plan.power.add_region_rows`.

    Examples
    --------
    Two regions of 10 MW existing each, 4 MW built in the second; 2 MW legacy (1 MW
    in each); 10 MW new, 80 % placed in the first: 8 MW there, and the unplaced 2 MW
    in the existing room left (1 and 9 MW), pro rata: 0.2 and 1.8 MW:

    >>> a = allocate_fleet(np.array([10.0]), np.array([2.0]), np.array([[10.0], [10.0]]),
    ...     np.array([[4.0]]), np.array([1]), np.array([0.8, 0.0]))
    >>> np.round(a.existing.ravel(), 9).tolist(), a.built.ravel().tolist(), a.excess.tolist()
    ([9.2, 2.8], [0.0], [0.0])

    A placed share beyond its region's room (the rows not kept) is placed where room
    is left, and only what exceeds all capacity is ``excess``.
    """
    new = np.asarray(new_mw, dtype=float)
    legacy = np.asarray(legacy_mw, dtype=float)
    existing = np.asarray(existing_mw, dtype=float)
    built = np.asarray(built_mw, dtype=float).reshape(-1, len(new))
    where = np.asarray(built_region, dtype=int)
    n_r = existing.shape[0]
    onehot = np.zeros((len(where), n_r))
    onehot[np.arange(len(where)), where] = 1.0
    built_r = onehot.T @ built  # (R, T)

    in_legacy = _fill(existing, legacy)
    room = existing - in_legacy
    wanted = np.asarray(share, dtype=float)[:, None] * new[None, :]
    in_ex = np.minimum(wanted, room)
    in_b = np.minimum(wanted - in_ex, built_r)
    over = (wanted - in_ex - in_b).sum(axis=0)
    rest = new - wanted.sum(axis=0) + over
    more_ex = _fill(room - in_ex, rest)
    rest = rest - more_ex.sum(axis=0)
    more_b = _fill(built_r - in_b, rest)
    rest = rest - more_b.sum(axis=0)
    by_r = in_b + more_b  # (R, T) fleet in built capacity
    frac = np.divide(by_r, built_r, out=np.zeros_like(by_r), where=built_r > 0)
    return Allocation(
        existing=in_legacy + in_ex + more_ex,
        built=built * frac[where],
        excess=rest + (legacy - in_legacy.sum(axis=0)),
    )
