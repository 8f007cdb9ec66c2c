"""Distributions on scenario inputs (issue 15 item 1): sampling against the analytic
moments, Iman-Conover rank correlation, seeds, and the scenario checks.

Tolerances: every moment test draws ``N`` values at a fixed seed and allows ``Z``
standard errors of the estimator (SE from the distribution's analytic variance), so a
correct sampler passes at ~1 - 6e-5 probability per check whatever the seed, while a
wrong formula (a PERT with lamb 3 instead of 4, a triangular mean read as the mode, a
truncated normal not truncated) misses by tens of standard errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tigris.errors import InputError
from tigris.risk.distributions import (
    Correlation,
    Discrete,
    Lognormal,
    Normal,
    Pert,
    Point,
    Triangular,
    Uniform,
    correlation_matrix,
    iman_conover,
    sample_array,
)

#: Draws per moment check: SE of a mean is sd/sqrt(N) ~ 0.3 % of sd.
N = 100_000
#: Standard errors allowed (two-sided 4 sigma: p ~ 6e-5 of a false failure).
Z = 4.0


def _rng(seed: int = 20260) -> np.random.Generator:
    return np.random.default_rng(seed)


def _close_mean(x: np.ndarray, mean: float, sd: float) -> None:
    se = sd / math.sqrt(len(x))
    assert abs(x.mean() - mean) <= Z * se, (x.mean(), mean, se)


def _phi(x: float) -> float:
    return math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def _cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra = np.argsort(np.argsort(a))
    rb = np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def test_uniform_mean_and_variance() -> None:
    a, b = 2.0, 5.0
    x = sample_array(Uniform(low=a, high=b), N, _rng())
    var = (b - a) ** 2 / 12
    _close_mean(x, (a + b) / 2, math.sqrt(var))
    # SE of the sample variance: sqrt((mu4 - var^2)/N), mu4 = (b-a)^4/80 for a uniform
    se_var = math.sqrt(((b - a) ** 4 / 80 - var**2) / N)
    assert abs(x.var() - var) <= Z * se_var
    assert a <= x.min() and x.max() <= b


def test_triangular_mean() -> None:
    a, m, b = 0.2, 0.35, 0.8
    x = sample_array(Triangular(low=a, mode=m, high=b), N, _rng())
    var = (a * a + m * m + b * b - a * m - a * b - m * b) / 18  # textbook triangular variance
    _close_mean(x, (a + m + b) / 3, math.sqrt(var))


def test_pert_mean_is_malcolm_et_al() -> None:
    a, m, b = 10.0, 12.0, 30.0
    x = sample_array(Pert(low=a, mode=m, high=b), N, _rng())
    mean = (a + 4 * m + b) / 6  # Malcolm et al. (1959)
    # the beta's variance: (b-a)^2 alpha beta / ((alpha+beta)^2 (alpha+beta+1))
    al, be = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
    var = (b - a) ** 2 * al * be / ((al + be) ** 2 * (al + be + 1))
    _close_mean(x, mean, math.sqrt(var))
    assert a <= x.min() and x.max() <= b
    # a flatter PERT (lamb 2) has a mean that a lamb-4 sampler would miss
    y = sample_array(Pert(low=a, mode=m, high=b, lamb=2), N, _rng())
    _close_mean(y, (a + 2 * m + b) / 4, math.sqrt(var) * 1.5)
    assert abs(y.mean() - mean) > 20 * math.sqrt(var / N)


def test_lognormal_median() -> None:
    median, sigma = 1e10, 0.3
    x = sample_array(Lognormal(median=median, sigma=sigma), N, _rng())
    # SE of a sample median: 1/(2 f(median) sqrt(N)), f(median) = 1/(median sigma sqrt(2 pi))
    se = median * sigma * math.sqrt(2 * math.pi) / (2 * math.sqrt(N))
    assert abs(np.median(x) - median) <= Z * se
    assert x.min() > 0


def test_truncated_normal_bounds_and_means() -> None:
    # symmetric truncation: the mean stays the mean
    x = sample_array(Normal(mean=3.0, sd=2.0, low=1.0, high=5.0), N, _rng())
    assert x.min() >= 1.0 and x.max() <= 5.0
    a = 1.0  # the standardised bound
    var = 4.0 * (1 - 2 * a * _phi(a) / (_cdf(a) - _cdf(-a)))  # doubly-truncated variance
    _close_mean(x, 3.0, math.sqrt(var))
    # one-sided in the far upper tail (mirrored sampling): mean mu + sd phi(a)/(1-Phi(a))
    y = sample_array(Normal(mean=0.0, sd=1.0, low=4.0), N, _rng())
    assert y.min() >= 4.0
    lam = _phi(4.0) / (1 - _cdf(4.0))
    _close_mean(y, lam, math.sqrt(1 + 4.0 * lam - lam * lam))
    # untruncated
    z = sample_array(Normal(mean=-1.0, sd=0.5), N, _rng())
    _close_mean(z, -1.0, 0.5)


def test_discrete_frequencies_follow_weights() -> None:
    values, weights = [1.0, 2.0, 5.0], [1.0, 3.0, 0.0]
    x = sample_array(Discrete(values=values, weights=weights), N, _rng())
    for v, w in zip(values, weights, strict=True):
        p = w / sum(weights)
        freq = float(np.mean(x == v))
        assert abs(freq - p) <= Z * math.sqrt(p * (1 - p) / N) + 1e-12
    equal = sample_array(Discrete(values=[0.0, 1.0]), N, _rng())
    assert abs(equal.mean() - 0.5) <= Z * 0.5 / math.sqrt(N)


@pytest.mark.parametrize(
    ("spec", "value"),
    [
        (Uniform(low=0.35, high=0.35), 0.35),
        (Triangular(low=7.1, mode=7.1, high=7.1), 7.1),
        (Pert(low=1e10, mode=1e10, high=1e10), 1e10),
        (Discrete(values=[0.1]), 0.1),
        (Point(value=0.3), 0.3),
    ],
)
def test_collapsed_distribution_returns_its_value_exactly(spec: object, value: float) -> None:
    x = sample_array(spec, 5, _rng())  # type: ignore[arg-type]
    assert x.tolist() == [value] * 5


def test_same_seed_identical_different_seed_differs() -> None:
    spec = Pert(low=0.0, mode=1.0, high=3.0)
    a = sample_array(spec, 100, _rng(7))
    b = sample_array(spec, 100, _rng(7))
    c = sample_array(spec, 100, _rng(8))
    assert a.tobytes() == b.tobytes()
    assert not np.array_equal(a, c)


@pytest.mark.parametrize(
    ("spec", "param"),
    [
        (Uniform(low=2.0, high=1.0), "high"),
        (Triangular(low=0.0, mode=2.0, high=1.0), "high"),
        (Pert(low=1.0, mode=0.5, high=2.0), "mode"),
        (Normal(mean=0.0, sd=1.0, low=1.0, high=1.0), "high"),
        (Normal(mean=0.0, sd=1.0, low=50.0), "low"),
        (Discrete(values=[1.0, 2.0], weights=[1.0]), "weights"),
        (Discrete(values=[1.0, 2.0], weights=[0.0, 0.0]), "weights"),
    ],
)
def test_bad_parameters_name_the_parameter(spec: object, param: str) -> None:
    with pytest.raises(InputError) as err:
        sample_array(spec, 3, _rng())  # type: ignore[arg-type]
    (problem,) = err.value.problems
    assert problem.field == param
    assert "expected" in problem.message and "got" in problem.message


def test_iman_conover_reaches_the_target_rank_correlation() -> None:
    rng = _rng(3)
    n = 2000
    x = np.column_stack(
        [
            sample_array(Lognormal(median=1.0, sigma=1.0), n, rng),
            sample_array(Uniform(low=0.0, high=1.0), n, rng),
            sample_array(Triangular(low=0.0, mode=0.1, high=1.0), n, rng),
        ]
    )
    target = np.array([[1.0, 0.6, -0.3], [0.6, 1.0, 0.0], [-0.3, 0.0, 1.0]])
    y = iman_conover(x, target, rng)
    for i in range(3):
        # the marginals are untouched: the same values, reordered
        assert np.array_equal(np.sort(y[:, i]), np.sort(x[:, i]))
        for j in range(i + 1, 3):
            assert abs(_spearman(y[:, i], y[:, j]) - target[i, j]) <= 0.05, (i, j)


def test_correlation_matrix_problems_name_the_entry() -> None:
    paths = ["a", "b", "c"]
    ok, bad = correlation_matrix(paths, [Correlation(paths=["a", "c"], rho=-0.4)])
    assert bad == [] and ok[0, 2] == ok[2, 0] == -0.4 and ok[0, 1] == 0
    # three paths pairwise at -0.6 cannot hold together; the first two entries can
    groups = [Correlation(paths=p, rho=-0.6) for p in (["a", "b"], ["b", "c"], ["a", "c"])]
    _, bad = correlation_matrix(paths, groups)
    assert [p.field for p in bad] == ["correlations.2.rho"]
    _, bad = correlation_matrix(paths, [Correlation(paths=["a", "b"], rho=1.0)])
    assert [p.field for p in bad] == ["correlations.0.rho"]
    _, bad = correlation_matrix(paths, [Correlation(paths=["a", "bb"], rho=0.2)])
    assert bad[0].field == "correlations.0.paths.1" and "did you mean 'b'" in bad[0].message
    twice = [Correlation(paths=["a", "b"], rho=0.2), Correlation(paths=["b", "a"], rho=0.3)]
    _, bad = correlation_matrix(paths, twice)
    assert bad[0].field == "correlations.1.paths" and "correlations.0" in bad[0].message
