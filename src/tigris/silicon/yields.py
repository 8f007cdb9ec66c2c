"""Die yield: defect-limited yield models, redundancy (harvesting) and D0 learning.

All functions are pure and vectorised: scalars or numpy arrays in (broadcast against
each other), arrays or numpy floats out. Areas are in cm^2 and defect densities in
defects per cm^2, so ``area_cm2 * d0_per_cm2`` is the mean number of killer defects per
die. Every model is a Poisson mixture (a defect-count distribution averaged over a
die-to-die spread of defect density), tends to 1 as ``A·D0 -> 0``, and is multiplied by a
systematic (parametric) yield.

Models are chosen by name through a registry keyed by :class:`YieldModel`:

========================  ==================================  ============================
name                      formula (x = A·D0)                  reference
========================  ==================================  ============================
``poisson``               exp(-x)                             Wallmark (1960); Hofstein
                                                              & Heiman (1963)
``murphy``                ((1 - exp(-x)) / x)^2               Murphy (1964)
``seeds``                 1 / (1 + x)                         Seeds (1967)
``bose-einstein``         (1 + x / n)^-n, n critical layers   Price (1970)
``negative-binomial``     (1 + x / alpha)^-alpha              Stapper (1973)
========================  ==================================  ============================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from tigris.errors import InputError, checked_array, unknown_name
from tigris.silicon.params import silicon_param
from tigris.units import MONTHS_PER_YEAR

__all__ = [
    "DEFAULT_HVM_MONTH",
    "YIELD_MODELS",
    "D0Choice",
    "YieldModel",
    "bose_einstein_yield",
    "defect_density",
    "die_yield",
    "harvest_probability",
    "harvested_yield",
    "months_since_hvm",
    "murphy_yield",
    "negative_binomial_yield",
    "node_d0",
    "node_hvm_month",
    "parse_yield_model",
    "poisson_yield",
    "seeds_yield",
]

FloatArray = NDArray[np.float64]


class YieldModel(StrEnum):
    """Names of the defect-limited yield models (see the module table)."""

    POISSON = "poisson"
    MURPHY = "murphy"
    SEEDS = "seeds"
    BOSE_EINSTEIN = "bose-einstein"
    NEGATIVE_BINOMIAL = "negative-binomial"


def _arr(x: ArrayLike, field: str, *, allow_zero: bool = True) -> FloatArray:
    return checked_array(x, field, allow_zero=allow_zero, unit="")


def _out(y: FloatArray) -> FloatArray:
    return y[()] if y.ndim == 0 else y


# --- the closed forms, on x = A·D0 -------------------------------------------------------


def _poisson(x: FloatArray, n: FloatArray, alpha: FloatArray) -> FloatArray:
    return np.exp(-x)


def _murphy(x: FloatArray, n: FloatArray, alpha: FloatArray) -> FloatArray:
    safe = np.where(x > 0, x, 1.0)
    return np.where(x > 0, (-np.expm1(-safe) / safe) ** 2, 1.0)


def _seeds(x: FloatArray, n: FloatArray, alpha: FloatArray) -> FloatArray:
    return 1.0 / (1.0 + x)


def _gamma_mixture(x: FloatArray, shape: FloatArray) -> FloatArray:
    return np.exp(-shape * np.log1p(x / shape))


def _bose_einstein(x: FloatArray, n: FloatArray, alpha: FloatArray) -> FloatArray:
    return _gamma_mixture(x, n)


def _negative_binomial(x: FloatArray, n: FloatArray, alpha: FloatArray) -> FloatArray:
    return _gamma_mixture(x, alpha)


#: Registry: model name -> closed form ``f(A·D0, critical_layers, alpha)``.
YIELD_MODELS: dict[YieldModel, Callable[[FloatArray, FloatArray, FloatArray], FloatArray]] = {
    YieldModel.POISSON: _poisson,
    YieldModel.MURPHY: _murphy,
    YieldModel.SEEDS: _seeds,
    YieldModel.BOSE_EINSTEIN: _bose_einstein,
    YieldModel.NEGATIVE_BINOMIAL: _negative_binomial,
}


def parse_yield_model(model: str | YieldModel, field: str = "model") -> YieldModel:
    """Resolve a yield-model name (case-insensitive, ``_`` or ``-``) to :class:`YieldModel`.

    Parameters
    ----------
    model : str or YieldModel
        Model name.
    field : str, optional
        Flag or field named in the error.

    Returns
    -------
    YieldModel
        The registry key of the model.

    Examples
    --------
    >>> parse_yield_model("Negative_Binomial")
    <YieldModel.NEGATIVE_BINOMIAL: 'negative-binomial'>
    """
    if isinstance(model, YieldModel):
        return model
    key = str(model).strip().lower().replace("_", "-")
    try:
        return YieldModel(key)
    except ValueError:
        names = [m.value for m in YieldModel]
        raise unknown_name("yield model", str(model), names, field) from None


def _defaults(
    critical_layers: ArrayLike | None, alpha: ArrayLike | None, systematic_yield: ArrayLike | None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    n = _arr(
        silicon_param("critical_layers") if critical_layers is None else critical_layers,
        "critical_layers",
        allow_zero=False,
    )
    a = _arr(
        silicon_param("clustering_alpha") if alpha is None else alpha, "alpha", allow_zero=False
    )
    ys = _arr(
        silicon_param("systematic_yield") if systematic_yield is None else systematic_yield,
        "systematic_yield",
    )
    if np.any(ys > 1):
        msg = f"expected a fraction in [0, 1], got {ys[ys > 1].ravel()[0]}"
        raise InputError(msg, field="systematic_yield")
    return n, a, ys


def die_yield(
    model: str | YieldModel,
    area_cm2: ArrayLike,
    d0_per_cm2: ArrayLike,
    *,
    critical_layers: ArrayLike | None = None,
    alpha: ArrayLike | None = None,
    systematic_yield: ArrayLike | None = None,
) -> FloatArray:
    r"""Fraction of dies that work: defect-limited yield times systematic yield.

    ``Y = Y_s · f(A·D0)`` with ``f`` the closed form of ``model`` (module table).

    Parameters
    ----------
    model : str or YieldModel
        ``"poisson"``, ``"murphy"``, ``"seeds"``, ``"bose-einstein"`` or
        ``"negative-binomial"``.
    area_cm2 : array_like
        Critical (die) area [cm^2].
    d0_per_cm2 : array_like
        Killer-defect density summed over all layers [defects/cm^2].
    critical_layers : array_like, optional
        Bose–Einstein ``n``: the density is shared equally by ``n`` critical layers,
        ``D0/n`` each [-]. Default ``critical_layers`` in ``silicon_params.csv``
        (13.5, Hennessy & Patterson).
    alpha : array_like, optional
        Negative-binomial clustering parameter; small is strongly clustered, infinity
        is Poisson [-]. Default ``clustering_alpha`` in ``silicon_params.csv``.
    systematic_yield : array_like, optional
        Defect-independent (parametric, systematic) yield multiplier [-]. Default
        ``systematic_yield`` in ``silicon_params.csv``.

    Returns
    -------
    numpy.ndarray or numpy.float64
        Die yield in [0, 1] [-].

    Notes
    -----
    Bose–Einstein with ``n`` layers of density ``D0/n`` is the negative binomial with
    ``alpha = n`` (both are gamma mixtures of Poisson; Cunningham 1990). Hennessy &
    Patterson write it ``(1 + D·A)^-N`` with ``D`` per layer, i.e. ``D0 = N·D`` here.

    References
    ----------
    .. [1] B. T. Murphy, "Cost-size optima of monolithic integrated circuits",
       Proc. IEEE 52(12):1537-1545, 1964 (the triangular mixture; it compares the
       Poisson model, which it did not introduce).
    .. [2] R. B. Seeds, "Yield, economic, and logistic models for complex digital
       arrays", IEEE Int. Convention Record, part 6, pp. 60-61, 1967.
    .. [3] J. E. Price, "A new look at yield of integrated circuits", Proc. IEEE
       58(8):1290-1291, 1970 (Bose–Einstein).
    .. [4] C. H. Stapper, "Defect density distribution for LSI yield calculations",
       IEEE Trans. Electron Devices 20(7):655-657, 1973 (negative binomial).
    .. [5] J. A. Cunningham, "The use and evaluation of yield models in integrated
       circuit manufacturing", IEEE Trans. Semicond. Manuf. 3(2):60-71, 1990.
    .. [6] J. L. Hennessy, D. A. Patterson, "Computer Architecture: A Quantitative
       Approach", 5th ed., 2011, section 1.6 (worked die-yield example).
    .. [7] J. T. Wallmark, "Design considerations for integrated electronic devices",
       Proc. IRE 48(3):293-300, 1960, and S. R. Hofstein, F. P. Heiman, "The silicon
       insulated-gate field-effect transistor", Proc. IEEE 51(9):1190-1202, 1963: the
       Poisson yield ``exp(-A·D0)`` (as credited by Cunningham 1990 [5]).

    Examples
    --------
    H100 (814 mm^2) at D0 = 0.1 /cm^2, 0.814 defects per die on average: Poisson
    yield ``exp(-0.814)`` times the systematic yield, and Murphy's
    ``((1 - exp(-x)) / x)^2``, which is 1 for a defect-free die:

    >>> ys = silicon_param("systematic_yield")
    >>> bool(abs(die_yield("poisson", 8.14, 0.1) - ys * np.exp(-0.814)) < 1e-12)
    True
    >>> murphy = ys * ((1 - np.exp(-0.814)) / 0.814) ** 2
    >>> bool(np.allclose(die_yield("murphy", [0.0, 8.14], 0.1), [ys, murphy], rtol=1e-12))
    True
    """
    m = parse_yield_model(model)
    a = _arr(area_cm2, "area_cm2")
    d = _arr(d0_per_cm2, "d0_per_cm2")
    n, al, ys = _defaults(critical_layers, alpha, systematic_yield)
    return _out(np.asarray(ys * YIELD_MODELS[m](a * d, n, al), dtype=float))


def poisson_yield(area_cm2: ArrayLike, d0_per_cm2: ArrayLike) -> FloatArray:
    """Poisson yield ``exp(-A·D0)`` (no systematic loss).

    Parameters
    ----------
    area_cm2 : array_like
        Die area [cm^2].
    d0_per_cm2 : array_like
        Defect density [defects/cm^2].


    Returns
    -------
    numpy.ndarray or numpy.float64
        Die yield in [0, 1] [-].

    References
    ----------
    .. [1] J. T. Wallmark, Proc. IRE 48(3):293-300, 1960; S. R. Hofstein, F. P. Heiman,
       Proc. IEEE 51(9):1190-1202, 1963 (credited by Cunningham, IEEE TSM 3(2), 1990).

    Examples
    --------
    >>> bool(abs(poisson_yield(1.0, 0.5) - np.exp(-0.5)) < 1e-15)
    True
    """
    return die_yield(YieldModel.POISSON, area_cm2, d0_per_cm2, systematic_yield=1.0)


def murphy_yield(area_cm2: ArrayLike, d0_per_cm2: ArrayLike) -> FloatArray:
    """Murphy yield ``((1 - exp(-A·D0)) / (A·D0))^2`` (no systematic loss).

    Parameters
    ----------
    area_cm2 : array_like
        Die area [cm^2].
    d0_per_cm2 : array_like
        Defect density [defects/cm^2].


    Returns
    -------
    numpy.ndarray or numpy.float64
        Die yield in [0, 1] [-].

    References
    ----------
    .. [1] B. T. Murphy, Proc. IEEE 52(12):1537-1545, 1964, triangular density.

    Examples
    --------
    >>> bool(abs(murphy_yield(1.0, 0.5) - ((1 - np.exp(-0.5)) / 0.5) ** 2) < 1e-15)
    True
    """
    return die_yield(YieldModel.MURPHY, area_cm2, d0_per_cm2, systematic_yield=1.0)


def seeds_yield(area_cm2: ArrayLike, d0_per_cm2: ArrayLike) -> FloatArray:
    """Seeds yield ``1 / (1 + A·D0)`` (no systematic loss).

    Parameters
    ----------
    area_cm2 : array_like
        Die area [cm^2].
    d0_per_cm2 : array_like
        Defect density [defects/cm^2].


    Returns
    -------
    numpy.ndarray or numpy.float64
        Die yield in [0, 1] [-].

    References
    ----------
    .. [1] R. B. Seeds, IEEE Int. Convention Record, 1967, pp. 60-61.

    Examples
    --------
    >>> bool(abs(seeds_yield(1.0, 0.5) - 1 / 1.5) < 1e-15)
    True
    """
    return die_yield(YieldModel.SEEDS, area_cm2, d0_per_cm2, systematic_yield=1.0)


def bose_einstein_yield(
    area_cm2: ArrayLike, d0_per_cm2: ArrayLike, critical_layers: ArrayLike
) -> FloatArray:
    """Bose–Einstein yield ``(1 + A·D0/n)^-n`` over ``n`` critical layers.

    Parameters
    ----------
    area_cm2 : array_like
        Die area [cm^2].
    d0_per_cm2 : array_like
        Defect density summed over the layers [defects/cm^2].
    critical_layers : array_like
        Number of critical layers ``n``, each with density ``D0/n`` [-].


    Returns
    -------
    numpy.ndarray or numpy.float64
        Die yield in [0, 1] [-].

    References
    ----------
    .. [1] J. E. Price, Proc. IEEE 58(8):1290-1291, 1970.

    Examples
    --------
    Hennessy & Patterson's 1.5 cm die, D = 0.031 /cm^2 per layer, N = 13.5:

    >>> round(float(bose_einstein_yield(2.25, 0.031 * 13.5, 13.5)), 2)
    0.4
    """
    return die_yield(
        YieldModel.BOSE_EINSTEIN,
        area_cm2,
        d0_per_cm2,
        critical_layers=critical_layers,
        systematic_yield=1.0,
    )


def negative_binomial_yield(
    area_cm2: ArrayLike, d0_per_cm2: ArrayLike, alpha: ArrayLike
) -> FloatArray:
    """Negative-binomial yield ``(1 + A·D0/alpha)^-alpha``.

    Parameters
    ----------
    area_cm2 : array_like
        Die area [cm^2].
    d0_per_cm2 : array_like
        Defect density [defects/cm^2].
    alpha : array_like
        Clustering parameter [-].


    Returns
    -------
    numpy.ndarray or numpy.float64
        Die yield in [0, 1] [-].

    References
    ----------
    .. [1] C. H. Stapper, IEEE Trans. Electron Devices 20(7):655-657, 1973.

    Examples
    --------
    ``(1 + 0.5 / 2)^-2 = 1 / 1.5625``:

    >>> round(float(negative_binomial_yield(1.0, 0.5, 2.0)), 12)
    0.64
    """
    return die_yield(
        YieldModel.NEGATIVE_BINOMIAL, area_cm2, d0_per_cm2, alpha=alpha, systematic_yield=1.0
    )


# --- redundancy / harvesting ----------------------------------------------------------------


def harvest_probability(
    unit_yield: ArrayLike, units_total: ArrayLike, max_defective: ArrayLike
) -> FloatArray:
    r"""Probability that at most ``k`` of ``u`` independent identical units are defective.

    The binomial cumulative distribution
    ``P = sum_{j=0..k} C(u, j) · y^(u-j) · (1-y)^j``.

    Parameters
    ----------
    unit_yield : array_like
        Probability ``y`` that one unit works [-].
    units_total : array_like
        Units on the die ``u`` (GH100: 144 SMs) [-].
    max_defective : array_like
        Units that may be disabled ``k`` (GH100 sold with 132 enabled: 12) [-].

    Returns
    -------
    numpy.ndarray or numpy.float64
        Probability in [0, 1] [-].

    References
    ----------
    .. [1] C. H. Stapper, A. N. McLaren, M. Dreckmann, "Yield model for productivity
       optimization of VLSI memory chips with redundancy and partially good product",
       IBM J. Res. Dev. 24(3):398-409, 1980.

    Examples
    --------
    >>> round(float(harvest_probability(0.9, 2, 1)), 4)  # 0.81 + 2*0.9*0.1
    0.99
    """
    y = _arr(unit_yield, "unit_yield")
    if np.any(y > 1):
        raise InputError("expected a probability in [0, 1]", field="unit_yield")
    u, k = _units(units_total, max_defective)
    log_y = np.log(np.where(y > 0, y, 1.0))
    log_q = np.log(np.where(y < 1, 1.0 - y, 1.0))
    total = np.zeros(np.broadcast_shapes(y.shape, u.shape, k.shape))
    log_c = np.zeros_like(total)
    for j in range(int(np.max(k, initial=0)) + 1):
        if j > 0:
            log_c = log_c + np.log(np.maximum(u - j + 1, 1e-300)) - np.log(j)
        ok = (j <= k) & (j <= u)
        pow_y = np.where(u - j > 0, (u - j) * log_y, 0.0)
        pow_q = j * log_q
        term = np.exp(log_c + pow_y + pow_q)
        # y == 0 or y == 1 make some powers exactly 0 or 1
        term = np.where((y == 0) & (u - j > 0), 0.0, term)
        term = np.where((y == 1) & (j > 0), 0.0, term)
        total = total + np.where(ok, term, 0.0)
    return _out(np.minimum(total, 1.0))


#: Most spare units whose binomial terms :func:`harvested_yield` sums (about a second of
#: work; a wafer-scale engine's ~900,000 cores with ~1 % spares stay well inside it); a
#: bound on work, not a property of the world.
MAX_SPARES_SUMMED = 100_000


def _units(units_total: ArrayLike, max_defective: ArrayLike) -> tuple[FloatArray, FloatArray]:
    u = _arr(units_total, "units_total", allow_zero=False)
    k = _arr(max_defective, "max_defective")
    if np.any(u != np.round(u)) or np.any(k != np.round(k)):
        raise InputError("expected whole numbers of units", field="units_total")
    if np.any(k > u):
        ub, kb = np.broadcast_arrays(u, k)
        i = int(np.flatnonzero(kb > ub)[0])  # the first offending pair, named
        msg = f"expected at most units_total ({ub.flat[i]:g}) defective units, got {kb.flat[i]:g}"
        raise InputError(msg, field="max_defective")
    if np.any(k > MAX_SPARES_SUMMED):
        msg = (
            f"expected at most {MAX_SPARES_SUMMED:,} spare units (the binomial sum is taken "
            f"term by term), got {float(np.max(k)):,.0f}"
        )
        raise InputError(msg, field="max_defective")
    return u, k


def harvested_yield(
    model: str | YieldModel,
    area_cm2: ArrayLike,
    d0_per_cm2: ArrayLike,
    units_total: ArrayLike,
    max_defective: ArrayLike,
    *,
    unit_area_fraction: ArrayLike | None = None,
    critical_layers: ArrayLike | None = None,
    alpha: ArrayLike | None = None,
    systematic_yield: ArrayLike | None = None,
) -> FloatArray:
    r"""Die yield when up to ``k`` of ``u`` identical units may be defective and disabled.

    A share ``f`` of the die is ``u`` units of area ``a = f·A/u``; the rest must be
    defect-free. With Poisson defects the yield is exactly
    ``exp(-D0·A·(1-f)) · P(at most k of u units bad)``, the binomial over unit yield
    ``exp(-D0·a)`` (Stapper et al. 1980). Rewriting it as ``exp(-D0·A_eff)`` with

    ``D0·A_eff = D0·A - ln S``,  ``S = sum_{j=0..k} C(u, j) · (exp(D0·a) - 1)^j``

    defines the effective (unrepairable) critical area; for the other models tigris
    evaluates the chosen closed form at ``D0·A_eff``. That is exact for Poisson, equals
    :func:`die_yield` when ``k = 0``, never lowers yield, and never exceeds the yield of
    the non-repairable part alone.

    Parameters
    ----------
    model : str or YieldModel
        Yield model name (see :func:`die_yield`).
    area_cm2 : array_like
        Whole die area [cm^2].
    d0_per_cm2 : array_like
        Defect density [defects/cm^2].
    units_total : array_like
        Identical repeatable units on the die ``u`` [-].
    max_defective : array_like
        Units that may be defective ``k`` (``units_total - units_enabled``) [-].
    unit_area_fraction : array_like, optional
        Share ``f`` of the die area in the units [-]. Default ``unit_area_fraction`` in
        ``silicon_params.csv``.
    critical_layers, alpha, systematic_yield : array_like, optional
        As in :func:`die_yield` [-].

    Returns
    -------
    numpy.ndarray or numpy.float64
        Yield of dies sellable with at least ``u - k`` working units [-].

    References
    ----------
    .. [1] C. H. Stapper, A. N. McLaren, M. Dreckmann, IBM J. Res. Dev.
       24(3):398-409, 1980 (Poisson yield with redundancy).
    .. [2] W. Maly, "Computer-aided design for VLSI circuit manufacturability",
       Proc. IEEE 78(2):356-392, 1990 (critical area).

    Examples
    --------
    GH100: 144 SMs of which 132 are enabled, half the die in SMs, D0 = 0.1 /cm^2. The
    SM half holds 0.407 defects on average, so 12 spare SMs almost never run out and
    only the other half must be defect-free: ``exp(-0.407)``, against ``exp(-0.814)``
    without harvesting.

    >>> y = harvested_yield("poisson", 8.14, 0.1, 144, 12, unit_area_fraction=0.5)
    >>> round(float(y / np.exp(-0.814 * 0.5)), 9)
    1.0
    """
    m = parse_yield_model(model)
    a = _arr(area_cm2, "area_cm2")
    d = _arr(d0_per_cm2, "d0_per_cm2")
    u, k = _units(units_total, max_defective)
    f = _arr(
        silicon_param("unit_area_fraction") if unit_area_fraction is None else unit_area_fraction,
        "unit_area_fraction",
    )
    if np.any(f > 1):
        raise InputError("expected a fraction in [0, 1]", field="unit_area_fraction")
    n, al, ys = _defaults(critical_layers, alpha, systematic_yield)
    x_unit = d * a * f / u  # mean defects per unit
    # log(e^x - 1) written as x + log(1 - e^-x): the same value, without overflow at large x
    xs = np.where(x_unit > 0, x_unit, 1.0)
    log_e = np.where(x_unit > 0, xs + np.log(-np.expm1(-xs)), 0.0)
    # log S by log-sum-exp over j = 0..k
    terms = []
    log_c = np.zeros(np.broadcast_shapes(x_unit.shape, k.shape))
    for j in range(int(np.max(k, initial=0)) + 1):
        if j > 0:
            log_c = log_c + np.log(np.maximum(u - j + 1, 1e-300)) - np.log(j)
        t = np.where((j <= k) & (x_unit > 0), log_c + j * log_e, -np.inf)
        terms.append(t if j > 0 else np.zeros_like(log_c))
    # j on the last axis, so each element's sum runs in the order of a scalar call's
    stack = np.stack(np.broadcast_arrays(*terms), axis=-1)
    top = np.max(stack, axis=-1)
    log_s = top + np.log(np.sum(np.exp(stack - top[..., None]), axis=-1))
    x_eff = np.maximum(a * d - log_s, a * d * (1.0 - f))
    return _out(np.asarray(ys * YIELD_MODELS[m](x_eff, n, al), dtype=float))


# --- defect-density learning -----------------------------------------------------------------


def defect_density(
    months_since_hvm: ArrayLike,
    d0_hvm_per_cm2: ArrayLike,
    d0_mature_per_cm2: ArrayLike,
    learning_months: ArrayLike,
) -> FloatArray:
    r"""Defect density learning down from its value at volume ramp to a mature floor.

    ``D0(t) = D_mature + (D_hvm - D_mature) · exp(-t / tau)``.

    Parameters
    ----------
    months_since_hvm : array_like
        Time since high-volume-manufacturing start, ``t`` (>= 0) [months].
    d0_hvm_per_cm2 : array_like
        Defect density at HVM start [defects/cm^2].
    d0_mature_per_cm2 : array_like
        Floor the process learns down to [defects/cm^2].
    learning_months : array_like
        Time constant ``tau`` [months].

    Returns
    -------
    numpy.ndarray or numpy.float64
        Defect density at ``t`` [defects/cm^2].

    References
    ----------
    .. [1] C. M. Weber, "Yield learning and the sources of profitability in
       semiconductor manufacturing and process development", IEEE Trans. Semicond.
       Manuf. 17(4):590-596, 2004 (exponential defect-density learning).
    .. [2] TSMC Technology Symposium 2020 D0 chart as read by AnandTech (N5: ~0.10 at
       HVM, ~0.06 projected for 2H 2021): the N5 row of ``nodes.csv`` is fitted to it.

    Examples
    --------
    N5 (``nodes.csv``): 0.10 at HVM, learning to 0.044 with a 12-month constant, is
    at the ~0.06 TSMC projected for 2H 2021, about 15 months after HVM [2]:

    >>> bool(abs(defect_density(15, 0.10, 0.044, 12) - 0.06) < 0.005)
    True
    """
    t = _arr(months_since_hvm, "months_since_hvm")
    d_hvm = _arr(d0_hvm_per_cm2, "d0_hvm_per_cm2")
    d_mat = _arr(d0_mature_per_cm2, "d0_mature_per_cm2")
    tau = _arr(learning_months, "learning_months", allow_zero=False)
    return _out(np.asarray(d_mat + (d_hvm - d_mat) * np.exp(-t / tau), dtype=float))


#: Where in a calendar year its output is counted: the middle [-]. A plan year's
#: production is spread over the year, so its defect density is read at mid-year.
MID_YEAR = 0.5
#: Month of HVM start taken for a node (or HBM generation, package) that gives only
#: its year: January, i.e. HVM from 1 January of ``hvm_year``. This is the convention
#: tigris used before ``nodes.csv`` had an ``hvm_month`` column, so a user's overlay
#: row or an HBM/packaging row without a month keeps the age it had [month, 1-12].
DEFAULT_HVM_MONTH = 1


def check_hvm_month(hvm_month: ArrayLike, field: str = "hvm_month") -> FloatArray:
    """``hvm_month`` as floats, refused unless every value is a whole month 1-12.

    Parameters
    ----------
    hvm_month : array_like
        Month(s) of HVM start [month, 1-12].
    field : str, optional
        Name of the input in the error message.

    Returns
    -------
    numpy.ndarray
        The months as floats [month].

    Raises
    ------
    InputError
        A value that is not a whole number from 1 to 12 (field ``field``).

    References
    ----------
    ``data/nodes.csv`` column ``hvm_month`` (the month volume production began, from
    each row's source; docs/silicon.md, "Process age").

    Examples
    --------
    >>> check_hvm_month([12, 4]).tolist()
    [12.0, 4.0]
    >>> check_hvm_month(13)
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: hvm_month: expected a whole month from 1 to 12, got 13
    """
    msg = f"expected a whole month from 1 to 12, got {hvm_month!r}"
    try:
        m = np.asarray(hvm_month, dtype=float)
    except (TypeError, ValueError):
        raise InputError(msg, field=field) from None
    if not np.all(np.isfinite(m)) or np.any((m < 1) | (m > 12) | (m != np.round(m))):
        raise InputError(msg, field=field)
    return m


def months_since_hvm(
    year: ArrayLike, hvm_year: ArrayLike, hvm_month: ArrayLike = DEFAULT_HVM_MONTH
) -> FloatArray:
    r"""Age of a process at the middle of a calendar year [months], 0 before its HVM.

    ``t = max(0, 12 · (year + 1/2 - hvm_year) - (hvm_month - 1))``: high-volume
    manufacturing is taken to start on the first day of ``hvm_month`` of ``hvm_year``
    (``nodes.csv`` gives the month, each with its source; the day is rarely public, so
    the age is at most a month too old), and a year's output is counted at its middle
    (1 July). A year before HVM gets the HVM value (``t = 0``), not an extrapolation
    back up the curve. Without a month, HVM is 1 January (:data:`DEFAULT_HVM_MONTH`).

    Parameters
    ----------
    year : array_like
        Calendar year(s) of production [year].
    hvm_year : array_like
        Year high-volume manufacturing started [year].
    hvm_month : array_like, optional
        Month of that year it started, 1-12 [month]; default 1 (January).

    Returns
    -------
    numpy.ndarray or numpy.float64
        Months since HVM start, ``>= 0`` [months].

    Raises
    ------
    InputError
        A year that is not finite (field ``year``) or a month that is not a whole
        number from 1 to 12 (field ``hvm_month``).

    References
    ----------
    .. [1] C. M. Weber, IEEE Trans. Semicond. Manuf. 17(4):590-596, 2004 (yield
       learning measured from the start of volume production); the mid-year reading
       and the first-of-the-month start are tigris's conventions for annual plan
       periods and month-resolved HVM dates.

    Examples
    --------
    N3 (HVM December 2022, TSMC's ceremony of 29 December) in mid-2023 is 7 months
    old (1 December to 1 July); counted from January, as before the month was kept,
    it would be 18:

    >>> months_since_hvm([2022, 2023, 2026], 2022, 12).tolist()
    [0.0, 7.0, 43.0]
    >>> months_since_hvm([2021, 2022, 2026], 2022).tolist()
    [0.0, 6.0, 54.0]
    """
    y = np.asarray(year, dtype=float)
    h = np.asarray(hvm_year, dtype=float)
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(h))):
        raise InputError("expected finite years", field="year")
    m = check_hvm_month(hvm_month)
    return _out(np.maximum(0.0, _months_from_hvm(y, h, m)))


def _months_from_hvm(year: Any, hvm_year: Any, hvm_month: Any) -> Any:
    """Months from the start of HVM to the middle of ``year``, negative before it.

    ``12 · (year + 1/2 − hvm_year) − (hvm_month − 1)``, unclamped: :func:`months_since_hvm`
    holds it at 0, :func:`_mid_year_before_hvm` asks whether it is below 0.
    """
    return MONTHS_PER_YEAR * (year + MID_YEAR - hvm_year) - (hvm_month - 1.0)


def node_hvm_month(node: object) -> int:
    """A node's HVM month (1-12): its ``hvm_month``, else :data:`DEFAULT_HVM_MONTH`.

    For duck-typed nodes (``node_d0`` takes anything with the table's fields) made
    before the column existed.

    Parameters
    ----------
    node : object
        A :class:`~tigris.nodes.Node` or anything with ``hvm_year`` (and perhaps
        ``hvm_month``).

    Returns
    -------
    int
        Month volume production began [month, 1-12].

    References
    ----------
    ``data/nodes.csv`` column ``hvm_month``; January for a node without one (the
    tables' convention before the column, :func:`months_since_hvm`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> node_hvm_month(SimpleNamespace(hvm_year=2022, hvm_month=12))
    12
    >>> node_hvm_month(SimpleNamespace(hvm_year=2022))
    1
    """
    return int(getattr(node, "hvm_month", DEFAULT_HVM_MONTH))


def _mid_year_before_hvm(year: int, node: object) -> bool:
    """Whether 1 July of ``year`` falls before the node's HVM start (:func:`months_since_hvm`)."""
    nd: Any = node
    return bool(_months_from_hvm(year, float(nd.hvm_year), node_hvm_month(nd)) < 0)


def hvm_label(node: object) -> str:
    """``"2022-12"``: a node's HVM year and month, for explanations.

    Parameters
    ----------
    node : object
        A :class:`~tigris.nodes.Node` or anything with ``hvm_year`` (and perhaps
        ``hvm_month``).

    Returns
    -------
    str
        ``YYYY-MM`` of the start of volume production.

    References
    ----------
    ``data/nodes.csv`` columns ``hvm_year`` and ``hvm_month``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> hvm_label(SimpleNamespace(hvm_year=2022, hvm_month=12))
    '2022-12'
    """
    nd: Any = node
    return f"{nd.hvm_year}-{node_hvm_month(node):02d}"


@dataclass(frozen=True)
class D0Choice:
    """Which logic defect density a calculation used, and how it was derived.

    Attributes
    ----------
    d0_per_cm2 : float
        The defect density used [defects/cm^2].
    basis : str
        ``"given"`` (set by the caller), ``"hvm"`` (the node's value at volume ramp)
        or ``"learning"`` (the node's learning curve at ``months_since_hvm``).
    months_since_hvm : float or None
        Process age the curve was read at [months]; ``None`` unless ``basis`` is
        ``"learning"``.
    explanation : str
        One line saying where the number comes from, for tables and JSON.
    """

    d0_per_cm2: float
    basis: str
    months_since_hvm: float | None
    explanation: str


def node_d0(
    node: object | None,
    *,
    d0_per_cm2: float | None = None,
    months: float | None = None,
    year: int | None = None,
    fields: tuple[str, str, str] = ("d0_per_cm2", "months_since_hvm", "year"),
) -> D0Choice:
    r"""The logic defect density for a node, given D0, an age or a production year.

    One of: ``d0_per_cm2`` as given; the node's learning curve
    (:func:`defect_density`) at ``months`` after HVM start, or at the node's age in the
    middle of ``year`` (:func:`months_since_hvm`); else the node's value at volume
    ramp (``d0_per_cm2`` of ``nodes.csv``).

    Parameters
    ----------
    node : tigris.nodes.Node or None
        The process node (anything with ``name``, ``hvm_year``, ``d0_per_cm2``,
        ``d0_mature_per_cm2``, ``d0_learning_months`` and, if it has one, ``hvm_month``,
        else January); needed unless ``d0_per_cm2`` is given.
    d0_per_cm2 : float, optional
        Defect density set by the caller [defects/cm^2].
    months : float, optional
        Process age: months since HVM start (>= 0) [months].
    year : int, optional
        Production year; the age is read at its middle [year].
    fields : tuple of str, optional
        Names of the three inputs in error messages (the CLI passes its flags).

    Returns
    -------
    D0Choice
        The density, its basis and a one-line explanation.

    Raises
    ------
    InputError
        More than one of the three is given, a negative or non-finite age, a year that
        is not a whole number, or an age without a node.

    References
    ----------
    .. [1] C. M. Weber, IEEE Trans. Semicond. Manuf. 17(4):590-596, 2004 (exponential
       defect-density learning from the start of volume production).

    Examples
    --------
    N5 (0.10 at HVM 2020, floor 0.044, 12-month constant) three years on, by hand
    ``0.044 + 0.056 · exp(-3) = 0.0468``:

    >>> from tigris.nodes import get_node
    >>> c = node_d0(get_node("N5"), months=36)
    >>> round(c.d0_per_cm2, 4), c.basis
    (0.0468, 'learning')

    N5 entered volume production in April 2020 (``nodes.csv``), so mid-2021 is 15
    months on:

    >>> node_d0(get_node("N5"), year=2021).months_since_hvm
    15.0
    """
    f_d0, f_months, f_year = fields
    given = [f for f, v in zip(fields, (d0_per_cm2, months, year), strict=True) if v is not None]
    if len(given) > 1:
        msg = f"give one of {f_d0}, {f_months} or {f_year} to set D0, not {' and '.join(given)}"
        raise InputError(msg, field=given[1])
    if d0_per_cm2 is not None:
        d = float(d0_per_cm2)
        if not np.isfinite(d) or d < 0:
            raise InputError(f"expected a number >= 0, got {d0_per_cm2}", field=f_d0)
        return D0Choice(d, "given", None, f"{d:g} /cm^2 as given ({f_d0})")
    if node is None:
        field = f_months if months is not None else f_year if year is not None else f_d0
        raise InputError("needs a node whose D0 learning curve to read (--node)", field=field)
    nd: Any = node
    if months is None and year is None:
        d = float(nd.d0_per_cm2)
        return D0Choice(d, "hvm", None, f"{nd.name} at its {hvm_label(nd)} volume start (HVM)")
    if months is not None:
        t = float(months)
        if not np.isfinite(t) or t < 0:
            raise InputError(f"expected months >= 0, got {months}", field=f_months)
        how = f"{t:g} months after its {hvm_label(nd)} HVM"
    else:
        y = np.asarray(year)
        if y.ndim != 0 or not np.issubdtype(y.dtype, np.number) or y != np.round(y):
            raise InputError(f"expected a whole calendar year, e.g. 2026, got {year}", field=f_year)
        t = float(months_since_hvm(int(year), nd.hvm_year, node_hvm_month(nd)))  # type: ignore[arg-type]
        how = f"mid-{int(year)} = {t:g} months after its {hvm_label(nd)} HVM"  # type: ignore[arg-type]
        if _mid_year_before_hvm(int(year), nd):  # type: ignore[arg-type]
            # the age is clamped to 0: say so rather than claim an age it does not have
            how = f"mid-{int(year)} is before its {hvm_label(nd)} HVM: its HVM value (0 months)"  # type: ignore[arg-type]
    d = float(defect_density(t, nd.d0_per_cm2, nd.d0_mature_per_cm2, nd.d0_learning_months))
    return D0Choice(d, "learning", t, f"{nd.name} learning curve, {how}")
