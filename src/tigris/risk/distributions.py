"""Distributions on scenario inputs, rank correlation between them, and seeded samples.

A scenario's ``distributions`` maps a dotted path (:mod:`tigris.scenario.edit`, e.g.
``demand.0.growth_per_year``), or a data-table cell (``nodes.N3.d0_per_cm2``,
:mod:`tigris.risk.cells`), to one of the kinds below; ``correlations`` lists groups
of those paths with a Spearman rank correlation. :func:`sample_changes` draws ``n``
edits (path -> value) for ``tigris sweep --samples N``; :func:`sample_array` draws one
distribution. docs/risk.md says what each kind means and when to use it.

Kinds (each a small frozen pydantic model, as every scenario section is; parameters are
in the unit of the path's value):

=============  =============================================  ============================
``dist``       parameters                                      rule
=============  =============================================  ============================
uniform        ``low``, ``high``                               low <= high
triangular     ``low``, ``mode``, ``high``                     low <= mode <= high
pert           ``low``, ``mode``, ``high``, ``lamb`` (4)       low <= mode <= high, lamb > 0
lognormal      ``median``, ``sigma`` (of the log)              median > 0, sigma > 0
normal         ``mean``, ``sd``, optional ``low``/``high``     sd > 0, low < high
discrete       ``values``, optional ``weights``                weights >= 0, sum > 0
point          ``value``                                       (a fixed value)
=============  =============================================  ============================

Every entry of a scenario names its ``source`` (checked in
:mod:`tigris.scenario.checks_dist`); a distribution built in Python for
:func:`sample_array` need not.

References
----------
Malcolm, D. G., Roseboom, J. H., Clark, C. E. & Fazar, W. (1959). Application of a
technique for research and development program evaluation. Operations Research 7(5),
646-669 (the PERT mean (a + 4m + b)/6). Vose, D. (2008). Risk Analysis: A Quantitative
Guide, 3rd ed., Wiley, section 9.1 (PERT as a scaled beta, alpha = 1 + lamb (m - a)/(b -
a), beta = 1 + lamb (b - m)/(b - a), lamb = 4). Iman, R. L. & Conover, W. J. (1982). A
distribution-free approach to inducing rank correlation among input variables.
Communications in Statistics - Simulation and Computation 11(3), 311-334,
doi:10.1080/03610918208812265. Kruskal, W. H. (1958). Ordinal measures of association.
JASA 53(284), 814-861 (Spearman's rho of a bivariate normal, (6/pi) asin(r/2)).
McKay, M. D., Beckman, R. J. & Conover, W. J. (1979). A comparison of three methods
for selecting values of input variables in the analysis of output from a computer
code. Technometrics 21(2), 239-245, doi:10.2307/1268522 (Latin hypercube sampling).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

import numpy as np
from pydantic import (
    BaseModel,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
)

from tigris.errors import InputError, Problem
from tigris.yamlio import STRICT_MODEL, tagged_union

if TYPE_CHECKING:
    from tigris.scenario.schema import Scenario

__all__ = [
    "DESIGNS",
    "KINDS",
    "MIN_TRUNCATED_MASS",
    "PARAMETERS",
    "PERT_LAMBDA",
    "Correlation",
    "Discrete",
    "Distribution",
    "Lognormal",
    "Normal",
    "Pert",
    "Point",
    "Triangular",
    "Uniform",
    "check_design",
    "correlation_matrix",
    "iman_conover",
    "latin_hypercube",
    "quantile",
    "rounded_paths",
    "sample_array",
    "sample_changes",
]

#: The PERT shape parameter of Malcolm et al. (1959) and Vose (2008): the mode weighs
#: four times each end in the mean (a + 4m + b)/6.
PERT_LAMBDA = 4.0
#: Smallest probability mass a truncated normal's interval may hold [-] (a numerical
#: tolerance: below it the inverse CDF has no resolution left in the interval).
MIN_TRUNCATED_MASS = 1e-12
#: Draws below which Iman-Conover keeps the scores' own correlation uncorrected (with
#: fewer than 3 rows a sample correlation matrix is singular: no Cholesky factor).
_MIN_IC_ROWS = 3


class _Dist(BaseModel):
    """What every kind has: a ``source`` (an estimate says whose)."""

    model_config = STRICT_MODEL

    source: str = ""

    @model_serializer(mode="wrap")
    def _with_kind(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Dumped with ``dist`` first, always (even with ``exclude_defaults``: the kind
        chooses the model when the dump is read back), and ``source`` last."""
        out = handler(self)
        source = {"source": out.pop("source")} if "source" in out else {}
        return {"dist": getattr(self, "dist", None), **out, **source}

    def problems(self) -> list[tuple[str, str]]:
        """Rules between parameters that the field types cannot say: (parameter, message)."""
        return []


def _ordered(d: Any, names: Sequence[str]) -> list[tuple[str, str]]:
    """``low <= mode <= high`` (or ``low <= high``): the first parameter out of order."""
    out = []
    for lo, hi in itertools.pairwise(names):
        a, b = getattr(d, lo), getattr(d, hi)
        if b < a:
            out.append((hi, f"expected {hi} >= {lo} ({a:g}), got {b:g}"))
    return out


class Uniform(_Dist):
    """Uniform on [``low``, ``high``]; ``low == high`` is that value."""

    dist: Literal["uniform"] = "uniform"
    low: float
    high: float

    def problems(self) -> list[tuple[str, str]]:
        """Rules between parameters that the field types cannot say: ``low <= high``.

        Returns
        -------
        list of tuple of (str, str)
            ``(parameter, message)`` of the first parameter out of order; empty when none is.
        """
        return _ordered(self, ("low", "high"))


class Triangular(_Dist):
    """Triangular on [``low``, ``high``] peaking at ``mode``; mean (low+mode+high)/3."""

    dist: Literal["triangular"] = "triangular"
    low: float
    mode: float
    high: float

    def problems(self) -> list[tuple[str, str]]:
        """Rules between parameters that the field types cannot say: ``low <= mode <= high``.

        Returns
        -------
        list of tuple of (str, str)
            ``(parameter, message)`` of the first parameter out of order; empty when none is.
        """
        return _ordered(self, ("low", "mode", "high"))


class Pert(_Dist):
    """PERT (a scaled beta) on [``low``, ``high``] with ``mode``; mean
    (low + lamb mode + high)/(lamb + 2) (Vose 2008, section 9.1)."""

    dist: Literal["pert"] = "pert"
    low: float
    mode: float
    high: float
    lamb: float = Field(PERT_LAMBDA, gt=0)

    def problems(self) -> list[tuple[str, str]]:
        """Rules between parameters that the field types cannot say: ``low <= mode <= high``.

        Returns
        -------
        list of tuple of (str, str)
            ``(parameter, message)`` of the first parameter out of order; empty when none is.
        """
        return _ordered(self, ("low", "mode", "high"))


class Lognormal(_Dist):
    """exp of a normal: ``median`` exp(``sigma`` Z), Z standard normal."""

    dist: Literal["lognormal"] = "lognormal"
    median: float = Field(gt=0)
    sigma: float = Field(gt=0)


class Normal(_Dist):
    """Normal(``mean``, ``sd``), truncated to [``low``, ``high``] where given."""

    dist: Literal["normal"] = "normal"
    mean: float
    sd: float = Field(gt=0)
    low: float | None = None
    high: float | None = None

    def problems(self) -> list[tuple[str, str]]:
        """Rules between parameters that the field types cannot say: ``low < high``, and
        bounds that leave some probability (at least :data:`MIN_TRUNCATED_MASS`) in
        [``low``, ``high``].

        Returns
        -------
        list of tuple of (str, str)
            ``(parameter, message)`` of the first problem; empty when none.
        """
        lo, hi = self.low, self.high
        if lo is not None and hi is not None and not lo < hi:
            return [("high", f"expected high > low ({lo:g}), got {hi:g}")]
        a, b = self._bounds()
        above = a > 0  # the interval lies above the mean: mirror it to the lower tail
        if above:
            a, b = -b, -a
        if _phi(b) - _phi(a) < MIN_TRUNCATED_MASS:
            name, v = ("low", lo) if above else ("high", hi)
            msg = f"expected a bound that leaves some probability in [low, high], got {v:g}"
            return [(name, msg)]
        return []

    def _bounds(self) -> tuple[float, float]:
        """Standardised truncation bounds (alpha, beta) [-]."""
        a = -math.inf if self.low is None else (self.low - self.mean) / self.sd
        b = math.inf if self.high is None else (self.high - self.mean) / self.sd
        return a, b


class Discrete(_Dist):
    """One of ``values``, with probabilities proportional to ``weights`` (equal if none)."""

    dist: Literal["discrete"] = "discrete"
    values: list[float] = Field(min_length=1)
    weights: list[Annotated[float, Field(ge=0)]] | None = None

    def problems(self) -> list[tuple[str, str]]:
        """Rules between parameters that the field types cannot say: one weight per value,
        weights summing to more than 0.

        Returns
        -------
        list of tuple of (str, str)
            ``(parameter, message)`` of the first problem; empty when none (or no weights).
        """
        w = self.weights
        if w is None:
            return []
        if len(w) != len(self.values):
            msg = f"expected {len(self.values)} weights (one per value), got {len(w)}"
            return [("weights", msg)]
        if sum(w) <= 0:
            return [("weights", "expected weights summing to more than 0, got all 0")]
        return []


class Point(_Dist):
    """A fixed ``value`` (a distribution collapsed to a point)."""

    dist: Literal["point"] = "point"
    value: float


#: The kinds by their ``dist`` name.
KINDS: dict[str, type[_Dist]] = {
    "uniform": Uniform,
    "triangular": Triangular,
    "pert": Pert,
    "lognormal": Lognormal,
    "normal": Normal,
    "discrete": Discrete,
    "point": Point,
}


#: Every field a distribution may have, for "did you mean" on a misspelt one.
PARAMETERS: tuple[str, ...] = tuple(
    dict.fromkeys(f for kind in KINDS.values() for f in kind.model_fields)
)


#: One distribution of a scenario's ``distributions`` mapping, chosen by ``dist``.
Distribution = tagged_union("dist", KINDS, "A distribution")


class Correlation(BaseModel):
    """A Spearman rank correlation ``rho`` between every pair of ``paths``."""

    model_config = STRICT_MODEL

    paths: list[str] = Field(min_length=2)
    rho: float = Field(gt=-1, lt=1)  # |rho| = 1: one input is a function of the other
    source: str = ""


# --- sampling ---------------------------------------------------------------------


def _phi(x: float) -> float:
    """Standard normal CDF, accurate in the lower tail: 0.5 erfc(-x/sqrt 2)."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


#: Wichura's AS241 (PPND16) rational approximations of the normal quantile, as
#: numerator and denominator coefficients from the highest power down: the central
#: region |u - 0.5| <= 0.425, then r = sqrt(-log(tail)) <= 5 and beyond. Algorithm
#: constants (Wichura 1988, Applied Statistics 37(3), 477-484, doi:10.2307/2347330),
#: the same as CPython's statistics.NormalDist.inv_cdf.
_AS241_CENTRAL = (
    (2.5090809287301226727e3, 3.3430575583588128105e4, 6.7265770927008700853e4,
     4.5921953931549871457e4, 1.3731693765509461125e4, 1.9715909503065514427e3,
     1.3314166789178437745e2, 3.3871328727963666080e0),
    (5.2264952788528545610e3, 2.8729085735721942674e4, 3.9307895800092710610e4,
     2.1213794301586595867e4, 5.3941960214247511077e3, 6.8718700749205790830e2,
     4.2313330701600911252e1, 1.0),
)  # fmt: skip
_AS241_NEAR = (
    (7.7454501427834140764e-4, 2.2723844989269184583e-2, 2.4178072517745061177e-1,
     1.2704582524523683826e0, 3.6478483247632046050e0, 5.7694972214606914055e0,
     4.6303378461565452959e0, 1.4234371107496835773e0),
    (1.0507500716444168432e-9, 5.4759380849953449460e-4, 1.5198666563616457197e-2,
     1.4810397642748007459e-1, 6.8976733498510000455e-1, 1.6763848301838038494e0,
     2.0531916266377588219e0, 1.0),
)  # fmt: skip
_AS241_FAR = (
    (2.0103343992922881326e-7, 2.7115555687434875782e-5, 1.2426609473880784386e-3,
     2.6532189526576123093e-2, 2.9656057182850489123e-1, 1.7848265399172913358e0,
     5.4637849111641143699e0, 6.6579046435011037772e0),
    (2.0442631033899397856e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5,
     7.8686913114561325910e-4, 1.4875361290850614852e-2, 1.3692988092273580531e-1,
     5.9983220655588793769e-1, 1.0),
)  # fmt: skip


def _ratio(coef: tuple[tuple[float, ...], tuple[float, ...]], r: np.ndarray) -> np.ndarray:
    """num(r) / den(r), each a polynomial given from its highest power (Horner)."""
    return np.polyval(coef[0], r) / np.polyval(coef[1], r)


def _inv_phi(u: np.ndarray) -> np.ndarray:
    """Standard normal quantiles of ``u`` in (0, 1), vectorised.

    Wichura's AS241 (PPND16, about 1e-16 relative accuracy): a rational function of
    (u - 1/2)^2 in the centre, of sqrt(-log(tail)) in the tails.

    References
    ----------
    Wichura, M. J. (1988). Algorithm AS 241: The percentage points of the normal
    distribution. Applied Statistics 37(3), 477-484, doi:10.2307/2347330.
    """
    u = np.asarray(u, dtype=float)
    q = u - 0.5
    central = np.abs(q) <= 0.425
    out = np.empty_like(u)
    qc = q[central]
    out[central] = qc * _ratio(_AS241_CENTRAL, 0.180625 - qc * qc)
    qt = q[~central]
    tail = np.where(qt <= 0.0, u[~central], 1.0 - u[~central])
    r = np.sqrt(-np.log(tail))
    x = np.where(r <= 5.0, _ratio(_AS241_NEAR, r - 1.6), _ratio(_AS241_FAR, r - 5.0))
    out[~central] = np.where(qt < 0.0, -x, x)
    return out


def _truncated_normal(d: Normal, n: int, rng: np.random.Generator) -> np.ndarray:
    """Inverse-CDF draws on the truncated interval (:func:`_truncated_normal_map` of
    uniform draws)."""
    return _truncated_normal_map(d, rng.random(n))


def _truncated_normal_map(d: Normal, v: np.ndarray) -> np.ndarray:
    """x = Phi^-1(Phi(a) + v (Phi(b) - Phi(a))) for ``v`` in [0, 1], taken in the lower
    tail (the interval mirrored when it lies above the mean) where Phi keeps its
    precision. Mirrored, x falls as ``v`` rises (x is then the quantile of 1 - ``v``):
    draws do not mind, :func:`quantile` passes 1 - ``v``."""
    a, b = d._bounds()
    sign = 1.0
    if a > 0:  # mirror an upper-tail interval to the lower tail
        a, b, sign = -b, -a, -1.0
    pa, pb = _phi(a), _phi(b)
    u = pa + (pb - pa) * v
    tiny = np.nextafter(0.0, 1.0)
    u = np.clip(u, max(pa, tiny), min(pb, np.nextafter(1.0, 0.0)))
    z = np.clip(_inv_phi(u), a, b)
    lo = -np.inf if d.low is None else d.low
    hi = np.inf if d.high is None else d.high
    return np.clip(d.mean + sign * d.sd * z, lo, hi)  # mean + sd (low - mean)/sd may round past low


def _std_normal_ppf(u: np.ndarray) -> np.ndarray:
    """Standard normal quantiles of ``u`` in [0, 1]: -inf at 0, +inf at 1 (where
    :func:`_inv_phi` would take log 0)."""
    out = np.full(u.shape, -np.inf)
    out[u >= 1.0] = np.inf
    inner = (u > 0.0) & (u < 1.0)
    out[inner] = _inv_phi(u[inner])
    return out


def _bounded_ppf(spec: Uniform | Triangular | Pert, u: np.ndarray) -> np.ndarray:
    """The inverse CDF of a uniform, triangular or PERT with low < high (formulas in
    :func:`quantile`)."""
    lo, hi = spec.low, spec.high
    width = hi - lo
    if isinstance(spec, Uniform):
        return lo + u * width
    m = spec.mode
    if isinstance(spec, Triangular):
        left = lo + np.sqrt(u * width * (m - lo))
        right = hi - np.sqrt((1.0 - u) * width * (hi - m))
        return np.where(u <= (m - lo) / width, left, right)
    from scipy.special import betaincinv  # lazily: import tigris.risk stays cheap

    alpha = 1.0 + spec.lamb * (m - lo) / width
    beta = 1.0 + spec.lamb * (hi - m) / width
    return lo + width * betaincinv(alpha, beta, u)


def quantile(spec: _Dist, u: Any) -> np.ndarray:
    """The inverse CDF of a distribution: the value below which a share ``u`` lies.

    For every kind, Q(u) = inf {x : F(x) >= u}, non-decreasing in ``u``; so ``quantile(spec,
    U)`` of uniform draws ``U`` has the distribution of ``spec`` (inverse transform
    sampling, Devroye 1986, section 2.1), which is how a unit-cube design (Sobol,
    Latin hypercube) is mapped to the inputs. Per kind:

    - uniform: low + u (high - low);
    - triangular: low + sqrt(u (high - low)(mode - low)) for u <= (mode - low)/(high -
      low), else high - sqrt((1 - u)(high - low)(high - mode)) (Evans, Hastings &
      Peacock 2000, Statistical Distributions, 3rd ed., ch. 40);
    - pert: low + (high - low) I^-1_u(alpha, beta), the inverse regularised incomplete
      beta function with Vose's (2008, section 9.1) alpha, beta (scipy.special.betaincinv);
    - lognormal: median exp(sigma Phi^-1(u));
    - normal: mean + sd Phi^-1(u), truncated: Phi^-1(Phi(a) + u (Phi(b) - Phi(a))) in
      standard units (Wichura 1988's Phi^-1);
    - discrete: the smallest value whose cumulative weight (values in ascending order)
      reaches u, a step function;
    - point: the value.

    Integer rounding, as :func:`sample_changes` does for integer fields, is not done here.

    Parameters
    ----------
    spec : Uniform, Triangular, Pert, Lognormal, Normal, Discrete or Point
        The distribution [unit of its values].
    u : float or array_like
        Probabilities in [0, 1] [-].

    Returns
    -------
    numpy.ndarray
        The quantiles, shaped like ``u`` [unit of the values]. u = 0 and 1 give the
        support's ends (-inf/+inf for an unbounded normal or 0/+inf for a lognormal).

    Raises
    ------
    InputError
        ``u`` outside [0, 1] or NaN (field ``u``); parameters out of order.

    Examples
    --------
    >>> quantile(Uniform(low=2.0, high=4.0), [0.0, 0.25, 1.0])
    array([2. , 2.5, 4. ])
    >>> float(quantile(Lognormal(median=3.0, sigma=0.4), 0.5))
    3.0
    >>> quantile(Discrete(values=[1.0, 5.0], weights=[3, 1]), [0.7, 0.75, 0.8])
    array([1., 1., 5.])
    """
    problems = _spec_problems(spec)
    if problems:
        raise InputError(problems)
    u = np.asarray(u, dtype=float)
    if not np.all((u >= 0.0) & (u <= 1.0)):  # NaN fails both
        bad = u[~((u >= 0.0) & (u <= 1.0))].flat[0]
        raise InputError(f"expected probabilities in [0, 1], got {bad!r}", field="u")
    if isinstance(spec, Point):
        return np.full(u.shape, spec.value)
    if isinstance(spec, Uniform | Triangular | Pert) and spec.low == spec.high:
        return np.full(u.shape, spec.low)
    if isinstance(spec, Uniform | Triangular | Pert):
        # bounded: clipped (low + width x can round past high) and exact at u = 0 and 1
        x = np.clip(_bounded_ppf(spec, u), spec.low, spec.high)
        return np.where(u <= 0.0, spec.low, np.where(u >= 1.0, spec.high, x))
    if isinstance(spec, Lognormal):
        with np.errstate(over="ignore"):  # u = 1: exp(inf) is the support's end
            return spec.median * np.exp(spec.sigma * _std_normal_ppf(u))
    if isinstance(spec, Normal):
        if spec.low is None and spec.high is None:
            return spec.mean + spec.sd * _std_normal_ppf(u)
        mirrored = spec._bounds()[0] > 0
        flat = np.atleast_1d(1.0 - u if mirrored else u).ravel()
        return _truncated_normal_map(spec, flat).reshape(u.shape)
    if isinstance(spec, Discrete):
        values = np.asarray(spec.values, dtype=float)
        w = np.ones(len(values)) if spec.weights is None else np.asarray(spec.weights, float)
        order = np.argsort(values, kind="stable")
        cum = np.cumsum(w[order]) / w.sum()
        i = np.minimum(np.searchsorted(cum, u, side="left"), len(values) - 1)
        return values[order][i]
    msg = f"expected a distribution ({', '.join(KINDS)}), got {type(spec).__name__}"
    raise InputError(msg, field="spec")


def _spec_problems(spec: Any, field: str = "") -> list[Problem]:
    prefix = f"{field}." if field else ""
    return [Problem(f"{prefix}{name}", msg) for name, msg in spec.problems()]


def sample_array(spec: _Dist, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` independent draws of one distribution.

    Parameters
    ----------
    spec : Uniform, Triangular, Pert, Lognormal, Normal, Discrete or Point
        The distribution [unit of its values].
    n : int
        Number of draws (>= 0).
    rng : numpy.random.Generator
        The generator (seeded by the caller).

    Returns
    -------
    numpy.ndarray
        ``n`` floats [unit of the values]. A collapsed distribution (``low == high``,
        one value, ``point``) gives its value exactly.

    Raises
    ------
    InputError
        Parameters out of order (``low > high``), weights that do not fit the values.

    References
    ----------
    PERT: Vose (2008), section 9.1; Malcolm et al. (1959). Truncated normal: inverse
    transform sampling (Devroye, L. (1986). Non-Uniform Random Variate Generation,
    Springer, section 2.1). See the module docstring.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> sample_array(Uniform(low=2.0, high=2.0), 3, rng)
    array([2., 2., 2.])
    >>> x = sample_array(Pert(low=0.0, mode=0.5, high=1.0), 4, rng)
    >>> bool(((0 <= x) & (x <= 1)).all())
    True
    """
    problems = _spec_problems(spec)
    if problems:
        raise InputError(problems)
    if n < 0:
        raise InputError(f"expected a number of draws >= 0, got {n}", field="n")
    if isinstance(spec, Point):
        return np.full(n, spec.value)
    if isinstance(spec, Uniform | Triangular | Pert) and spec.low == spec.high:
        return np.full(n, spec.low)
    # bounded kinds are clipped to their bounds: low + (high - low) u can round past high
    if isinstance(spec, Uniform):
        return np.clip(rng.uniform(spec.low, spec.high, n), spec.low, spec.high)
    if isinstance(spec, Triangular):
        return np.clip(rng.triangular(spec.low, spec.mode, spec.high, n), spec.low, spec.high)
    if isinstance(spec, Pert):
        width = spec.high - spec.low
        alpha = 1.0 + spec.lamb * (spec.mode - spec.low) / width
        beta = 1.0 + spec.lamb * (spec.high - spec.mode) / width
        return np.clip(spec.low + width * rng.beta(alpha, beta, n), spec.low, spec.high)
    if isinstance(spec, Lognormal):
        return spec.median * np.exp(spec.sigma * rng.standard_normal(n))
    if isinstance(spec, Normal):
        if spec.low is None and spec.high is None:
            return spec.mean + spec.sd * rng.standard_normal(n)
        return _truncated_normal(spec, n, rng)
    if isinstance(spec, Discrete):
        values = np.asarray(spec.values, dtype=float)
        if len(values) == 1:
            return np.full(n, values[0])
        w = np.ones(len(values)) if spec.weights is None else np.asarray(spec.weights)
        return values[rng.choice(len(values), size=n, p=w / w.sum())]
    msg = f"expected a distribution ({', '.join(KINDS)}), got {type(spec).__name__}"
    raise InputError(msg, field="spec")


def correlation_matrix(
    paths: Sequence[str], correlations: Sequence[Correlation]
) -> tuple[np.ndarray, list[Problem]]:
    """The Spearman rank-correlation matrix of ``paths`` that ``correlations`` declare.

    Pairs not named are 0. Problems: a path not in ``paths``, a pair given twice, and
    the first entry after which the matrix (in normal-score terms, as Iman-Conover uses
    it: r = 2 sin(pi rho / 6), Kruskal 1958) is no longer positive definite.

    Parameters
    ----------
    paths : sequence of str
        The distributions' paths, in order.
    correlations : sequence of Correlation
        The groups.

    Returns
    -------
    (numpy.ndarray, list of Problem)
        The matrix (k x k, Spearman rho [-]) and the problems, with fields
        ``correlations.<i>.<paths|rho>``.

    Examples
    --------
    >>> m, bad = correlation_matrix(["a", "b"], [Correlation(paths=["a", "b"], rho=0.5)])
    >>> m.tolist(), bad
    ([[1.0, 0.5], [0.5, 1.0]], [])
    """
    from tigris.errors import did_you_mean

    index = {p: i for i, p in enumerate(paths)}
    k = len(paths)
    m = np.eye(k)
    given: dict[tuple[int, int], int] = {}
    problems: list[Problem] = []
    for e, c in enumerate(correlations):
        loc = f"correlations.{e}"
        idx = []
        for j, p in enumerate(c.paths):
            if p not in index:
                hint = did_you_mean(p, list(index))
                msg = f"'{p}' has no distribution{hint}; a correlation names paths of distributions"
                problems.append(Problem(f"{loc}.paths.{j}", msg))
            elif index[p] in idx:
                problems.append(Problem(f"{loc}.paths.{j}", f"'{p}' is named twice"))
            else:
                idx.append(index[p])
        for x, i in enumerate(idx):
            for j in idx[x + 1 :]:
                pair = (min(i, j), max(i, j))
                if pair in given:
                    msg = (
                        f"the pair {paths[pair[0]]}, {paths[pair[1]]} is already correlated "
                        f"by correlations.{given[pair]}"
                    )
                    problems.append(Problem(f"{loc}.paths", msg))
                    continue
                given[pair] = e
                m[i, j] = m[j, i] = c.rho
        if not problems and k and not _positive_definite(_score_corr(m)):
            msg = (
                f"expected rank correlations that can hold together (a positive-definite "
                f"matrix), got rho {c.rho:g} which, with the entries before it, cannot "
                "(|rho| < 1; three paths cannot all be strongly anti-correlated)"
            )
            problems.append(Problem(f"{loc}.rho", msg))
    return m, problems


def _score_corr(rho: np.ndarray) -> np.ndarray:
    """Pearson correlation of normal scores with Spearman correlation ``rho``:
    r = 2 sin(pi rho / 6) (Kruskal 1958)."""
    return 2.0 * np.sin(np.pi * rho / 6.0)


def _positive_definite(m: np.ndarray) -> bool:
    try:
        np.linalg.cholesky(m)
    except np.linalg.LinAlgError:
        return False
    return True


def iman_conover(x: np.ndarray, rho: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Reorder each column of ``x`` so the columns have rank correlation ``rho``.

    Iman & Conover (1982): a matrix ``R`` of van der Waerden scores Phi^-1(i/(n+1)),
    each column an independent permutation, is given the target correlation by
    ``R (P Q^-1)^T`` (P, Q the Cholesky factors of the target and of R's own
    correlation), and each column of ``x`` takes the ranks of that column. The marginal
    of each column is unchanged (its values are only reordered). The target is set in
    normal-score terms, r = 2 sin(pi rho / 6) (Kruskal 1958), so that Spearman's rho,
    not Pearson's r of the scores, is what is matched.

    Parameters
    ----------
    x : numpy.ndarray
        Independent draws, n x k [units of each column].
    rho : numpy.ndarray
        Target Spearman rank correlation, k x k, symmetric positive definite [-].
    rng : numpy.random.Generator
        For the score permutations.

    Returns
    -------
    numpy.ndarray
        ``x`` with each column reordered, n x k.
    """
    n, k = x.shape
    if n < 2 or k < 2:
        return x.copy()
    scores = _inv_phi(np.arange(1, n + 1) / (n + 1))
    r = np.column_stack([rng.permutation(scores) for _ in range(k)])
    p = np.linalg.cholesky(_score_corr(rho))
    q = np.eye(k)
    if n >= _MIN_IC_ROWS:
        e = np.corrcoef(r, rowvar=False)
        if _positive_definite(e):
            q = np.linalg.cholesky(e)
    target = r @ np.linalg.solve(q, p.T)  # R (P Q^-1)^T = R Q^-T P^T
    out = np.empty_like(x)
    for j in range(k):
        ranks = np.argsort(np.argsort(target[:, j], kind="stable"), kind="stable")
        out[:, j] = np.sort(x[:, j])[ranks]
    return out


#: Sampling designs of :func:`sample_changes` (``--design``): ``random``, independent
#: draws (simple random sampling); ``lhs``, a Latin hypercube (McKay, Beckman & Conover
#: 1979): each input's range cut into ``n`` slices of equal probability, one draw in
#: each.
DESIGNS: tuple[str, ...] = ("random", "lhs")


def latin_hypercube(n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """A Latin hypercube of ``n`` points in the unit cube of ``k`` dimensions.

    Column j is (pi_j(i) + U_ij) / n for i = 0 .. n - 1, with pi_j an independent
    random permutation of 0 .. n - 1 and U_ij uniform on [0, 1): every slice
    [m/n, (m + 1)/n) of every column holds exactly one point, and each point alone is
    uniform on the cube (McKay, Beckman & Conover 1979, section 2.3). For a response
    monotone in each input the variance of a mean estimated from it is no larger than
    from ``n`` independent draws (ibid., Theorem 1); for any square-integrable response
    it is at most n/(n - 1) times as large (Owen, *Monte Carlo theory, methods and
    examples*, 2013, ch. 10, Proposition 10.4: Var <= sigma^2 / (n - 1)).

    Parameters
    ----------
    n : int
        Points (>= 0).
    k : int
        Dimensions (>= 0).
    rng : numpy.random.Generator
        The generator (seeded by the caller).

    Returns
    -------
    numpy.ndarray
        n x k probabilities in [0, 1) [-].

    Examples
    --------
    >>> u = latin_hypercube(4, 2, np.random.default_rng(0))
    >>> sorted((u[:, 0] * 4).astype(int).tolist())
    [0, 1, 2, 3]
    """
    if n == 0 or k == 0:
        return np.empty((n, k))
    strata = np.column_stack([rng.permutation(n) for _ in range(k)])
    return (strata + rng.random((n, k))) / n


def sample_changes(
    sc: Scenario, n: int, seed: int | None, *, design: str = "random"
) -> list[dict[str, Any]]:
    """``n`` sets of edits drawn from a scenario's ``distributions``.

    With ``design="random"`` (the default) each distribution is drawn in the order the
    scenario lists them, from one ``numpy.random.default_rng(seed)``; with
    ``design="lhs"`` the same generator gives a :func:`latin_hypercube` whose column j
    is mapped to the j-th distribution by its inverse CDF (:func:`quantile`), so each
    input has one draw in each of ``n`` slices of equal probability. The groups of
    ``correlations`` are then given their rank correlation by :func:`iman_conover`,
    which only reorders each column, so a Latin hypercube stays one (Iman & Conover
    1982 built it for Latin hypercube samples). A path whose value is an integer
    (months, modules), or a data-table cell of an integer column (``nodes.N3.mask_layers``,
    :mod:`tigris.risk.cells`), gets the draw rounded to the nearest integer.

    Parameters
    ----------
    sc : Scenario
        A validated scenario (its distributions checked).
    n : int
        Number of members (>= 0).
    seed : int or None
        Seed of the generator; the same seed and design give the same draws, bit for
        bit.
    design : {"random", "lhs"}
        Independent draws, or a Latin hypercube (:data:`DESIGNS`).

    Returns
    -------
    list of dict
        ``n`` mappings path -> value (Python ``int`` or ``float``), for
        :func:`tigris.scenario.edit.set_paths`; empty mappings if the scenario has no
        distributions.

    Raises
    ------
    InputError
        A seed that is not a whole number >= 0 (field ``--seed``), ``n`` < 0, a design
        not in :data:`DESIGNS` (field ``--design``).
    """
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise InputError(f"expected a whole number >= 0 or none, got {seed!r}", field="--seed")
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise InputError(f"expected a whole number >= 0, got {n!r}", field="--samples")
    check_design(design)
    dists: Mapping[str, Any] = sc.distributions
    paths = list(dists)
    rng = np.random.default_rng(seed)
    if not paths:
        x = None
    elif design == "lhs":
        u = latin_hypercube(n, len(paths), rng)
        x = np.column_stack([quantile(dists[p], u[:, j]) for j, p in enumerate(paths)])
    else:
        x = np.column_stack([sample_array(dists[p], n, rng) for p in paths])
    if x is None:
        return [{} for _ in range(n)]
    rho, problems = correlation_matrix(paths, sc.correlations)
    if problems:
        raise InputError(problems)
    linked = [i for i in range(len(paths)) if np.any(rho[i] != np.eye(len(paths))[i])]
    if len(linked) >= 2:
        x[:, linked] = iman_conover(x[:, linked], rho[np.ix_(linked, linked)], rng)
    rounded = rounded_paths(sc)
    as_int = [p in rounded for p in paths]
    return [
        {p: int(np.rint(x[row, j])) if as_int[j] else float(x[row, j]) for j, p in enumerate(paths)}
        for row in range(n)
    ]


def check_design(design: Any) -> str:
    """``design`` if it is one of :data:`DESIGNS`, else an :class:`InputError` (field
    ``--design``) naming them.

    Parameters
    ----------
    design : Any
        The design asked for (``--design``).

    Returns
    -------
    str
        ``design``, one of :data:`DESIGNS` (``"random"``, ``"lhs"``).

    Raises
    ------
    InputError
        ``design`` is not one of :data:`DESIGNS` (field ``--design``).
    """
    if design not in DESIGNS:
        msg = f"expected one of {', '.join(DESIGNS)}, got {design!r}"
        raise InputError(msg, field="--design")
    return str(design)


def rounded_paths(sc: Scenario) -> set[str]:
    """The distributed paths :func:`sample_changes` rounds to whole numbers: a path whose
    value is an integer (months, modules) or a data-table cell of an integer column
    (:mod:`tigris.risk.cells`).

    Parameters
    ----------
    sc : Scenario
        The scenario, its ``distributions`` keyed by path.

    Returns
    -------
    set of str
        The distributed paths whose draws are rounded to whole numbers.
    """
    from tigris.risk.cells import is_cell, parse_cell
    from tigris.scenario.edit import get_path

    return {
        p
        for p in sc.distributions
        if (parse_cell(p).integer if is_cell(p) else isinstance(get_path(sc, p), int))
    }
