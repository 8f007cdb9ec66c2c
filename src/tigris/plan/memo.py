"""Views of a plan result computed once per result: the headline, the comparison with
the world without the investor, HBM by year.

``tigris plan`` asks for each of them several times (its printout's sections and
tables, ``--json``'s document, the stored run): ~0.17 s for the headline alone on the
reference (``docs/plan.md``, "Performance"). Each is a pure function of the result's
tables and of the data tables in force (:func:`tigris.data.active_overlay`: a
``--data`` file or a ``--set data.*`` cell changes what the headline's sentences
read), so :func:`memoised` keeps one value per result object and name, computed again
when the overlay in force is another one. The memo is outside the result (a frozen
dataclass, copied by ``type(r)(**r.__dict__)`` and pickled to and from sweep workers,
neither of which may carry it) and is dropped when the result is garbage-collected.
A caller gets a deep copy, so one that edits what it is given changes nobody else's.
The result's own tables are taken as fixed once a view of them is computed (tigris never
edits them in place); a Python user who edits one in place (``r.capacity.loc[...] = ...``)
gets the views of the tables as they were: build a new result (``dataclasses.replace``)
instead.

References
----------
Python library reference, :mod:`weakref` (``weakref.finalize``: a callback when an
object is collected, before its ``id`` can be reused) and :func:`copy.deepcopy`.
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["memoised"]

T = TypeVar("T")

#: ``id(result)`` -> {name: (overlay in force when computed, value)}.
_MEMOS: dict[int, dict[str, tuple[object, Any]]] = {}


def memoised(result: object, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, a view of ``result`` named ``name``, computed once per result and
    data overlay in force.

    Parameters
    ----------
    result : object
        The result the view is of (weak-referenceable; otherwise nothing is kept and
        ``compute()`` is called every time).
    name : str
        Which view (one value per result and name).
    compute : callable
        Computes the view from ``result`` and the data tables in force.

    Returns
    -------
    object
        A deep copy of the value computed under the overlay now in force.

    Examples
    --------
    >>> class R: ...
    >>> r, calls = R(), []
    >>> memoised(r, "x", lambda: calls.append(1) or [1]) == memoised(r, "x", lambda: [2])
    True
    >>> len(calls)
    1
    """
    from tigris.data import active_overlay

    overlay = active_overlay()
    key = id(result)
    memo = _MEMOS.get(key)
    if memo is None:
        try:
            weakref.finalize(result, _MEMOS.pop, key, None)
        except TypeError:  # not weak-referenceable: nothing can tell when it goes
            return compute()
        memo = _MEMOS[key] = {}
    hit = memo.get(name)
    if hit is None or hit[0] is not overlay:
        hit = memo[name] = (overlay, compute())
    return copy.deepcopy(hit[1])
