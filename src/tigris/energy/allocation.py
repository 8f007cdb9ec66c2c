"""Where the installed fleet is plugged in: an allocation consistent with the power rows.

The plan's power rows (:mod:`tigris.plan.power`) say only that an allocation of the
fleet to the data-centre capacity exists; the ``power`` table
(:func:`tigris.energy.fleet.power_table`) needs one to report power, energy and
emissions by region. :func:`allocate_fleet` builds it by a fixed rule, in MW at the
plan's PUE (the rows' unit):

1. the legacy fleet in existing capacity, pro rata to each region's;
2. the share of the plan's fleet placed in a region (``demand_regions``) there,
   existing capacity first, then other owners' modules there, then the investor's
   modules there;
3. the unplaced rest in the existing capacity left, pro rata to what is left in each
   region, then in other owners' modules, pro rata likewise, then in the investor's;
4. anything beyond the capacity (a plan whose rows did not hold it, or a table of
   inputs without datacenter rows) is returned as ``excess`` for the caller to place.

The investor's modules take their part in the merit order the cash flows sell in
(:func:`tigris.finance.cashflow.merit_rank`, best after-tax margin first; the caller
passes it as ``rank``), so the power table draws from each module what the cash flows
bill it for (``docs/energy.md``, "Which module draws the power"); without ``rank``
every module group takes its part pro rata to its MW.

When the rows hold, steps 1-3 place the whole fleet with no excess: the proof is in
:func:`tigris.plan.power.add_region_rows` (each placed share fits in its region, and
the room left holds the rest).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Allocation", "allocate_fleet"]

#: Room left in a module below which it counts as full [-, relative to its MW, at
#: least 1 MW]: float rounding of the placement's sums (~1e-16 relative), far below
#: anything a plan reports.
_FULL_TOL = 1e-9


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


def _in_merit_order(cap: np.ndarray, total: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """(N, T) ``total`` (T,) taken from ``cap`` (N, T) in the finance's merit order
    (:func:`tigris.finance.cashflow.fill_in_merit_order`; rank -1 takes nothing)."""
    from tigris.finance.cashflow import fill_in_merit_order

    return fill_in_merit_order(cap, np.minimum(total, np.where(rank >= 0, cap, 0.0).sum(0)), rank)


def allocate_fleet(
    new_mw: np.ndarray,
    legacy_mw: np.ndarray,
    existing_mw: np.ndarray,
    built_mw: np.ndarray,
    built_region: np.ndarray,
    share: np.ndarray,
    rank: np.ndarray | None = None,
) -> Allocation:
    """Allocate the fleet to the capacity: legacy in existing, placed shares in their
    region (existing first), the rest where room is left (existing first), the
    investor's modules last and in the finance's merit order.

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
    rank : (N, T) int array, optional
        Each group's place in the investor's merit order
        (:func:`tigris.finance.cashflow.merit_rank`: 0 draws first), -1 for other
        owners' groups. Other owners' groups take their part pro rata to their MW,
        before the investor's; the investor's groups take theirs in rank order.
        Default: every group -1 (all built capacity pro rata).

    Returns
    -------
    Allocation

    References
    ----------
    ``docs/energy.md``, "The power table" (the rule); the feasibility argument of
    :func:`tigris.plan.power.add_region_rows`; ``docs/finance.md``, "Who sells" (the
    merit order the cash flows sell in).

    Examples
    --------
    Two regions of 10 MW existing each, 4 MW built in the second; 2 MW legacy (1 MW
    in each); 10 MW new, 80 % placed in the first: 8 MW there, and the unplaced 2 MW
    in the existing room left (1 and 9 MW), pro rata: 0.2 and 1.8 MW:

    >>> a = allocate_fleet(np.array([10.0]), np.array([2.0]), np.array([[10.0], [10.0]]),
    ...     np.array([[4.0]]), np.array([1]), np.array([0.8, 0.0]))
    >>> np.round(a.existing.ravel(), 9).tolist(), a.built.ravel().tolist(), a.excess.tolist()
    ([9.2, 2.8], [0.0], [0.0])

    The investor's two 4-MW groups in one region, the second first in the merit order;
    6 MW beyond 10 MW of existing capacity: the second runs flat out, the first at half
    (pro rata, both would be at 3 MW):

    >>> a = allocate_fleet(np.array([16.0]), np.array([0.0]), np.array([[10.0]]),
    ...     np.array([[4.0], [4.0]]), np.array([0, 0]), np.array([0.0]),
    ...     rank=np.array([[1], [0]]))
    >>> a.built.ravel().tolist()
    [2.0, 4.0]

    A placed share beyond its region's room (the rows not kept) is placed where room
    is left, and only what exceeds all capacity is ``excess``.
    """
    new = np.asarray(new_mw, dtype=float)
    built = np.asarray(built_mw, dtype=float).reshape(-1, len(new))
    args = (new, np.asarray(legacy_mw, dtype=float), np.asarray(existing_mw, dtype=float),
            built, np.asarray(built_region, dtype=int), np.asarray(share, dtype=float))  # fmt: skip
    pro_rata = _place(*args, np.full(built.shape, -1, dtype=int))
    if rank is None:
        return pro_rata
    rank = np.asarray(rank, dtype=int).reshape(built.shape)
    merit = _place(*args, rank)
    # A year in which the pro-rata rule already runs every investor module flat out is
    # one placement under both rules (merit order fills each in full too): its numbers
    # are taken from the pro-rata arithmetic, so a plan whose modules are all used
    # reports to the bit what it reported before the merit order (float rounding
    # differs between the two sums).
    room = np.where(rank >= 0, built - pro_rata.built, 0.0)
    full = np.all(room <= _FULL_TOL * np.maximum(built, 1.0), axis=0)  # (T,)
    return Allocation(
        existing=np.where(full[None], pro_rata.existing, merit.existing),
        built=np.where(full[None], pro_rata.built, merit.built),
        excess=np.where(full, pro_rata.excess, merit.excess),
    )


def _place(
    new: np.ndarray,
    legacy: np.ndarray,
    existing: np.ndarray,
    built: np.ndarray,
    where: np.ndarray,
    share: np.ndarray,
    rank: np.ndarray,
) -> Allocation:
    """:func:`allocate_fleet`'s rule with ``rank`` given (-1: pro rata, before the
    investor's groups, which fill in rank order)."""
    n_r = existing.shape[0]
    onehot = np.zeros((len(where), n_r))
    onehot[np.arange(len(where)), where] = 1.0
    others = np.where(rank < 0, built, 0.0)  # (N, T) other owners' groups
    mine = built - others  # the investor's
    others_r = onehot.T @ others  # (R, T)

    in_legacy = _fill(existing, legacy)
    room = existing - in_legacy
    wanted = share[:, None] * new[None, :]
    in_ex = np.minimum(wanted, room)
    in_o = np.minimum(wanted - in_ex, others_r)
    need = wanted - in_ex - in_o  # (R, T) for the region's own investor modules
    in_mine = np.zeros_like(built)
    for r in np.nonzero(need.sum(axis=1) > 0)[0]:
        in_mine += _in_merit_order(mine, need[r], np.where(where[:, None] == r, rank, -1))
    over = (need - onehot.T @ in_mine).sum(axis=0)
    rest = new - wanted.sum(axis=0) + over
    more_ex = _fill(room - in_ex, rest)
    rest = rest - more_ex.sum(axis=0)
    more_o = _fill(others_r - in_o, rest)
    rest = rest - more_o.sum(axis=0)
    more_mine = _in_merit_order(mine - in_mine, rest, rank)
    rest = rest - more_mine.sum(axis=0)
    by_r = in_o + more_o  # (R, T) fleet in other owners' built capacity
    frac = np.divide(by_r, others_r, out=np.zeros_like(by_r), where=others_r > 0)
    return Allocation(
        existing=in_legacy + in_ex + more_ex,
        built=others * frac[where] + in_mine + more_mine,
        excess=rest + (legacy - in_legacy.sum(axis=0)),
    )
