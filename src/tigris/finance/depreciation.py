"""Depreciation, book value and steady replacement of a module, as shares of its net capex.

Part of :mod:`tigris.finance.cashflow` (split from it; its names are importable from
there): :func:`depreciation_schedule` (straight line per asset class from the first year
with output), :func:`book_value_share` (what is left on the books: the ``book`` salvage)
and :func:`replacement_share` (each class's capex over its life: what a going concern
reinvests a year), each (S, K, T) by lag from a module's start.

References: IAS 16 *Property, Plant and Equipment*, paras. 6, 43-62; IAS 20, para. 24;
Howells et al. (2011), OSeMOSYS, doi:10.1016/j.enpol.2011.06.033; Damodaran (2012),
*Investment Valuation*, ch. 12 (each function's docstring has the paragraph).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tigris.finance.money_inputs import _equipment, _lags

if TYPE_CHECKING:
    from tigris.plan.inputs import PlanInputs


def _spent(inp: PlanInputs) -> np.ndarray:
    """(S, K, T) share of net capex spent by the end of lag ``l``: ``Σ_{j ≤ l} spend[j]`` [-]."""
    return np.cumsum(_lags(inp.spend, len(inp.years), hold=False), axis=-1)


def _asset_classes(inp: PlanInputs) -> tuple[tuple[np.ndarray, float | None], ...]:
    """The asset classes, each ``(share of net capex (S, K) [-], life [year] or None)``.

    Equipment (``equipment_share``) over ``equipment_life_years`` and the building (the
    rest) over ``building_life_years``; IAS 16, paras. 43-47 (each significant part
    depreciated separately).
    """
    equip = _equipment(inp)
    return (
        (equip, getattr(inp, "equipment_life_years", None)),
        (1.0 - equip, getattr(inp, "building_life_years", None)),
    )


def depreciation_schedule(inp: PlanInputs) -> np.ndarray:
    """Share of a module's net capex charged as depreciation ``l`` years after its start.

    Straight line per asset class: equipment (share ``equipment_share[s, k]``) over
    ``equipment_life_years``, building (the rest) over ``building_life_years``. The
    charge starts in the first year the module has output (``output[s, k, l] > 0``);
    each year it is the class's capex spent to date divided by its life, never more
    than what is left on the books::

        dep_c[l] = min(e_c · spent[l] / N_c, e_c · spent[l] − Σ_{j<l} dep_c[j])

    with ``spent[l] = Σ_{j ≤ l} spend[j]``. A life of ``None`` (or absent) means no
    depreciation for that class (the book value stays at what was spent). Grants reduce
    the depreciable basis: the schedule is a share of *net* capex.

    Parameters
    ----------
    inp : PlanInputs
        The problem: ``spend``, ``output`` (S, K, L) [-], ``equipment_share`` (S, K)
        [-], ``equipment_life_years`` and ``building_life_years`` [year].

    Returns
    -------
    numpy.ndarray
        (S, K, T) share of net capex charged at lags ``0 .. T−1`` [-].

    References
    ----------
    IAS 16 *Property, Plant and Equipment*, paras. 43-62 (each significant part
    depreciated separately; straight-line method; depreciation begins when the asset
    is available for use, para. 55). IAS 20 *Accounting for Government Grants*, para.
    24 (a grant related to an asset may be deducted from its carrying amount, reducing
    the depreciation charged).

    Examples
    --------
    Capex half in each of two years, output from the second, all equipment over 2
    years: the first charge is half of what was spent, then what is left:

    >>> from types import SimpleNamespace as NS
    >>> inp = NS(sites=("a",), facilities=("f",), years=np.arange(2025, 2029),
    ...          spend=np.array([[[0.5, 0.5]]]), output=np.array([[[0.0, 1.0]]]),
    ...          equipment_life_years=2.0, building_life_years=None)
    >>> depreciation_schedule(inp)[0, 0].tolist()
    [0.0, 0.5, 0.5, 0.0]

    The book value left (:func:`book_value_share`) is what was spent less that:

    >>> book_value_share(inp)[0, 0].tolist()
    [0.5, 0.5, 0.0, 0.0]
    """
    n_t = len(inp.years)
    spent = _spent(inp)
    on = np.cumsum(_lags(inp.output, n_t, hold=True) > 0, axis=-1) > 0
    dep = np.zeros_like(spent)
    for share, life in _asset_classes(inp):
        if life is None:
            continue
        basis = share[..., None] * spent
        charged = np.zeros(basis.shape[:-1])
        for lag in range(n_t):
            left = basis[..., lag] - charged
            charge = np.where(on[..., lag], np.minimum(basis[..., lag] / float(life), left), 0.0)
            charge = np.maximum(charge, 0.0)
            dep[..., lag] += charge
            charged += charge
    return dep


def book_value_share(inp: PlanInputs) -> np.ndarray:
    """Share of a module's net capex still on the books at the end of lag ``l``.

    ``book[l] = Σ_{j ≤ l} spend[j] − Σ_{j ≤ l} dep[j]`` (capex spent to date less
    depreciation to date, :func:`depreciation_schedule`). A module still being built
    has book value = what it cost so far.

    Parameters
    ----------
    inp : PlanInputs
        The problem (as :func:`depreciation_schedule`).

    Returns
    -------
    numpy.ndarray
        (S, K, T) share of net capex on the books at the end of lags ``0 .. T−1`` [-].

    References
    ----------
    IAS 16, para. 6 (carrying amount = cost less accumulated depreciation).
    Howells et al. (2011), "OSeMOSYS: The Open Source Energy Modeling System", *Energy
    Policy* 39(10), 5850-5870, doi:10.1016/j.enpol.2011.06.033 (salvage value of a
    technology at the end of the horizon, straight-line: the undepreciated capital).

    Examples
    --------
    See :func:`depreciation_schedule` (the same module, shown with its charges).
    """
    return np.maximum(_spent(inp) - np.cumsum(depreciation_schedule(inp), axis=-1), 0.0)


def replacement_share(inp: PlanInputs) -> np.ndarray:
    """Share of a module's net capex a going concern reinvests a year to keep its plant
    as it is, by the lag ``l`` the horizon ends at.

    Each asset class's capex spent to date over its life, uncapped::

        repl[l] = Σ_c e_c · spent[l] / N_c

    (equipment, share ``equipment_share[s, k]``, over ``equipment_life_years``; the
    building over ``building_life_years``; a life of ``None`` is never replaced). It is
    the straight-line charge of :func:`depreciation_schedule` without its cap at what is
    left on the books: a class written off before the horizon's end still wears out and
    is replaced every ``N_c`` years, so a perpetuity that holds the plant's output must
    charge it. In the steady state of a plant renewed class by class, capex equals
    depreciation equals ``repl``: Damodaran's no-growth terminal value (``g = 0``, net
    reinvestment 0) of ``EBIT(1 − t)`` with EBIT after this depreciation.

    Parameters
    ----------
    inp : PlanInputs
        The problem (as :func:`depreciation_schedule`).

    Returns
    -------
    numpy.ndarray
        (S, K, T) share of net capex per year at lags ``0 .. T−1`` [1/year].

    References
    ----------
    Damodaran, A. (2012), *Investment Valuation*, 3rd ed., ch. 12 (stable growth
    ``FCFF = EBIT(1 − t) − (capex − depreciation)``; with ``g = 0`` the reinvestment
    rate ``g/ROC`` is 0, capex only replacing the plant as it wears out). IAS 16, paras.
    43-62 (each significant part over its own useful life).

    Examples
    --------
    Capex all in the first year, 80 % equipment over 5 years and 20 % building over 20:
    0.8/5 + 0.2/20 = 0.17 a year, also after the tools are written off:

    >>> from types import SimpleNamespace as NS
    >>> inp = NS(sites=("a",), facilities=("f",), years=np.arange(2025, 2033),
    ...          spend=np.array([[[1.0]]]), output=np.array([[[0.0, 1.0]]]),
    ...          equipment_share=0.8, equipment_life_years=5.0, building_life_years=20.0)
    >>> replacement_share(inp)[0, 0, [1, 6, 7]].round(9).tolist()
    [0.17, 0.17, 0.17]
    >>> depreciation_schedule(inp)[0, 0, [1, 6, 7]].round(9).tolist()
    [0.17, 0.01, 0.01]
    """
    spent = _spent(inp)
    out = np.zeros_like(spent)
    for share, life in _asset_classes(inp):
        if life is not None:
            out += share[..., None] * spent / float(life)
    return out
