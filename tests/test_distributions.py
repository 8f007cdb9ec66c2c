"""Distributions on scenario inputs (issue 15 item 1): sampling against the analytic
moments, Iman-Conover rank correlation, seeds, and the scenario checks.

Tolerances: every moment test draws ``N`` values at a fixed seed and allows ``Z``
standard errors of the estimator (SE from the distribution's analytic variance), so a
correct sampler passes at ~1 - 6e-5 probability per check whatever the seed, while a
wrong formula (a PERT with lamb 3 instead of 4, a triangular mean read as the mode, a
truncated normal not truncated) misses by tens of standard errors.
"""

from __future__ import annotations

import dataclasses
import math
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import assert_one_line_error, line_of, write_scenario
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
    quantile,
    sample_array,
    sample_changes,
)
from tigris.scenario import load_scenario
from tigris.scenario.edit import get_path, load_any, scenario_hash, set_paths, to_yaml
from tigris.scenario.load import REFERENCE_FILE, reference_scenario_text

#: The built-in reference scenario's file.
REFERENCE = Path(__file__).parents[1] / "src" / "tigris" / "data" / REFERENCE_FILE


#: A scenario without distributions (the reference as it was before the world layer).
EXPLICIT = Path(__file__).with_name("scenario_explicit.yaml")


def _bare_reference() -> str:
    """The reference scenario's text without its own distributions (its last section),
    for tests that append theirs."""
    text = reference_scenario_text()
    assert text.count("\ndistributions:\n") == 1
    return text.split("\ndistributions:\n")[0] + "\n"


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
    _, bad = correlation_matrix(paths, [Correlation(paths=["a", "b"], rho=0.9999)])
    assert [p.field for p in bad] == []  # nearly one still holds together
    _, bad = correlation_matrix(paths, [Correlation(paths=["a", "bb"], rho=0.2)])
    assert bad[0].field == "correlations.0.paths.1" and "did you mean 'b'" in bad[0].message
    twice = [Correlation(paths=["a", "b"], rho=0.2), Correlation(paths=["b", "a"], rho=0.3)]
    _, bad = correlation_matrix(paths, twice)
    assert bad[0].field == "correlations.1.paths" and "correlations.0" in bad[0].message


# --- the scenario side: distributions and correlations of a scenario file ------------

#: Distributions appended to the reference scenario (the sources are the reference's own
#: comments for these numbers).
_DISTS = """
distributions:
  capital.abu-dhabi-sovereign.amount_usd:
    {dist: triangular, low: 8.0e9, mode: 9.0e9, high: 1.0e10, source: "~$8-10B in talks"}
  sites.taiwan.max_modules:
    {dist: discrete, values: [10, 12, 14], source: "tigris assumption: test"}
  pue: {dist: pert, low: 1.1, mode: 1.2, high: 1.4, source: "tigris assumption: test"}
correlations:
  - {paths: [capital.abu-dhabi-sovereign.amount_usd, pue], rho: 0.5, source: "test"}
"""


@pytest.fixture(scope="module")
def with_dists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dists") / "scenario.yaml"
    path.write_text(_bare_reference() + _DISTS, encoding="utf-8")
    return path


def test_scenario_distributions_load_and_round_trip(with_dists: Path) -> None:
    sc = load_scenario(with_dists)
    assert list(sc.distributions) == [
        "capital.abu-dhabi-sovereign.amount_usd",
        "sites.taiwan.max_modules",
        "pue",
    ]
    assert sc.distributions["pue"] == Pert(
        low=1.1, mode=1.2, high=1.4, source=sc.distributions["pue"].source
    )
    assert sc.correlations[0].rho == 0.5
    assert load_any(to_yaml(sc)) == sc


def test_sample_changes_give_valid_members_of_the_paths_type(with_dists: Path) -> None:
    sc = load_scenario(with_dists)
    members = sample_changes(sc, 4, seed=11)
    assert len(members) == 4
    for changes in members:
        assert list(changes) == list(sc.distributions)
        assert type(changes["sites.taiwan.max_modules"]) is int
        assert changes["sites.taiwan.max_modules"] in (10, 12, 14)
        assert type(changes["pue"]) is float and 1.1 <= changes["pue"] <= 1.4
        member = set_paths(sc, changes)
        assert get_path(member, "sites.taiwan.max_modules") == changes["sites.taiwan.max_modules"]
        assert member.capital[0].amount_usd == changes["capital.abu-dhabi-sovereign.amount_usd"]
    assert sample_changes(sc, 4, seed=11) == members
    assert sample_changes(sc, 4, seed=12) != members
    assert sample_changes(load_scenario(EXPLICIT), 3, seed=1) == [{}, {}, {}]


def test_sample_changes_rank_correlation_and_collapsed_points(with_dists: Path) -> None:
    sc = load_scenario(with_dists)
    members = sample_changes(sc, 2000, seed=5)
    cap = np.array([m["capital.abu-dhabi-sovereign.amount_usd"] for m in members])
    pue = np.array([m["pue"] for m in members])
    assert abs(_spearman(cap, pue) - 0.5) <= 0.05
    taiwan = np.array([m["sites.taiwan.max_modules"] for m in members], dtype=float)
    assert abs(_spearman(cap, taiwan)) <= 0.1  # not correlated: ~N(0, 1/sqrt(n)) with ties
    # every distribution collapsed to a point: the scenario's own values, exactly
    points = {
        p: {"dist": "point", "value": get_path(sc, p), "source": "x"} for p in sc.distributions
    }
    flat = set_paths(sc, {"distributions": points, "correlations": []})
    for changes in sample_changes(flat, 3, seed=1):
        assert changes == {p: get_path(sc, p) for p in sc.distributions}
        assert type(changes["sites.taiwan.max_modules"]) is int
        # so each member is the deterministic scenario itself (the same plan, the same hash)
        assert set_paths(flat, changes) == flat
        assert scenario_hash(set_paths(flat, changes)) == scenario_hash(flat)


def _equal(a: Any, b: Any) -> bool:
    """Deep equality of assembled planner inputs (arrays, frames, mappings, scalars)."""
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, pd.DataFrame | pd.Series):
        return a.equals(b)
    if isinstance(a, Mapping):
        return (
            isinstance(b, Mapping) and a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
        )
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(
            _equal(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def test_the_planner_ignores_distributions(with_dists: Path, tmp_path: Path) -> None:
    from tigris.plan.assemble import assemble

    sc = load_scenario(with_dists)
    bare = load_scenario(write_scenario(tmp_path, _bare_reference()))
    assert sc.distributions and not bare.distributions
    got, notes = assemble(sc)
    want, want_notes = assemble(bare)
    for f in dataclasses.fields(want):
        assert _equal(getattr(got, f.name), getattr(want, f.name)), f.name
    assert notes.equals(want_notes)


@pytest.mark.slow
def test_a_scenario_with_distributions_plans_as_without(with_dists: Path, tmp_path: Path) -> None:
    from tigris.plan.solve import solve

    bare = load_scenario(write_scenario(tmp_path, _bare_reference()))
    a = solve(load_scenario(with_dists), explain_result=False, counterfactual=False)
    b = solve(bare, explain_result=False, counterfactual=False)
    assert a.status == b.status and a.objective_usd == b.objective_usd
    assert a.builds.equals(b.builds)


@pytest.mark.parametrize(
    ("entry", "needle", "field", "message"),
    [
        (
            "pue: {dist: triangular, low: 1.3, mode: 1.2, high: 1.5, source: s}",
            "pue: {dist: triangular",
            "distributions.pue.mode",
            "expected mode >= low (1.3), got 1.2",
        ),
        (
            "pue: {dist: normal, mean: 1.2, sd: 0, source: s}",
            "pue: {dist: normal",
            "distributions.pue.sd",
            "must be > 0, got 0",
        ),
        (
            "pue: {dist: pert, low: 1.1, mode: 1.2, high: .inf, source: s}",
            "pue: {dist: pert",
            "distributions.pue.high",
            "expected a finite number",
        ),
        (
            "pue: {dist: triangle, low: 1.1, mode: 1.2, high: 1.3, source: s}",
            "pue: {dist: triangle",
            "distributions.pue.dist",
            "expected one of 'uniform', 'triangular', 'pert'",
        ),
        (
            "pue: {dist: uniform, low: 1.1, high: 1.3, sd: 0.1, source: s}",
            "pue: {dist: uniform",
            "distributions.pue.sd",
            "unknown field",
        ),
        (
            "pue: {dist: uniform, low: 1.1, high: 1.3}",
            "pue: {dist: uniform",
            "distributions.pue.source",
            "expected the source of this distribution",
        ),
        (
            "pue: {dist: discrete, values: [1.1, 1.2], weights: [0, 0], source: s}",
            "pue: {dist: discrete",
            "distributions.pue.weights",
            "expected weights summing to more than 0",
        ),
        (
            "sites.taiwn.max_modules: {dist: uniform, low: 8, high: 12, source: s}",
            "sites.taiwn",
            "distributions.sites.taiwn.max_modules",
            "unknown segment 'taiwn' under 'sites' (did you mean 'taiwan'?)",
        ),
        (
            "name: {dist: point, value: 1, source: s}",
            "name: {dist: point",
            "distributions.name",
            "expected a path holding a number, got the text 'reference'",
        ),
        (
            "sites.taiwan.max_modules: {dist: uniform, low: 8, high: 2000, source: s}",
            # the entry's own line: the reference's sources: name the same path (1475fb4)
            "sites.taiwan.max_modules: {dist",
            "distributions.sites.taiwan.max_modules.high",
            "reaches 2000, which sites.taiwan.max_modules does not accept (must be <= 1000",
        ),
        (
            "pue: {dist: discrete, values: [1.1, 0.9], source: s}",
            "pue: {dist: discrete",
            "distributions.pue.values",
            "reaches 0.9, which pue does not accept (must be >= 1",
        ),
        (
            "tools.euv_per_year.2030: {dist: triangular, low: -3, mode: 40, high: 45, source: s}",
            "tools.euv_per_year.2030",
            "distributions.tools.euv_per_year.2030.low",
            "reaches -3, which tools.euv_per_year.2030 does not accept (must be >= 0",
        ),
        (
            "sites.japan.construction_months: {dist: point, value: 30, source: s}",
            "sites.japan.construction_months",
            "distributions.sites.japan.construction_months",
            "expected a path holding a number, got a field not set (null)",
        ),
    ],
)
@pytest.mark.parametrize("verb", ["check", "plan"])
def test_bad_distributions_exit_2_naming_file_line_and_field(
    tmp_path: Path, run_cli: Any, verb: str, entry: str, needle: str, field: str, message: str
) -> None:
    path = write_scenario(tmp_path, _bare_reference() + f"\ndistributions:\n  {entry}\n")
    args = ("scenario", "check", path) if verb == "check" else ("plan", path)
    res = run_cli(*args)
    assert_one_line_error(res, f"{path}:{line_of(path, needle)}: {field}: ", message)


def test_a_misspelt_parameter_is_named_with_the_closest(tmp_path: Path, run_cli: Any) -> None:
    entry = "pue: {dist: pert, low: 1.1, mode: 1.2, high: 1.4, lamdb: 3, source: s}"
    path = write_scenario(tmp_path, _bare_reference() + f"\ndistributions:\n  {entry}\n")
    res = run_cli("scenario", "check", path)
    line = line_of(path, "pue: {dist: pert")
    assert_one_line_error(res, f"{path}:{line}: distributions.pue.lamdb: ", "did you mean 'lamb'?")


@pytest.mark.parametrize(
    ("corr", "field", "message"),
    [
        (
            "{paths: [pue, discount_rat], rho: 0.3}",
            "correlations.0.paths.1",
            "did you mean 'discount_rate'",
        ),
        ("{paths: [pue, discount_rate], rho: 1.0}", "correlations.0.rho", "must be < 1"),
        ("{paths: [pue, discount_rate], rho: -1}", "correlations.0.rho", "must be > -1"),
        ("{paths: [pue], rho: 0.3}", "correlations.0.paths", "expected at least 2"),
    ],
)
def test_bad_correlations_exit_2(
    tmp_path: Path, run_cli: Any, corr: str, field: str, message: str
) -> None:
    text = _bare_reference() + (
        "\ndistributions:\n"
        "  pue: {dist: uniform, low: 1.1, high: 1.3, source: s}\n"
        "  discount_rate: {dist: uniform, low: 0.07, high: 0.09, source: s}\n"
        f"correlations:\n  - {corr}\n"
    )
    path = write_scenario(tmp_path, text)
    res = run_cli("scenario", "check", path)
    assert_one_line_error(res, f"{path}:{line_of(path, corr)}: {field}: ", message)


def test_the_docs_example_loads_and_samples(tmp_path: Path) -> None:
    doc = (Path(__file__).parents[1] / "docs" / "risk.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    sc = load_scenario(write_scenario(tmp_path, _bare_reference() + "\n" + example))
    assert len(sc.distributions) == 3 and len(sc.correlations) == 1
    (changes,) = sample_changes(sc, 1, seed=7)
    assert changes["sites.taiwan.max_modules"] in (10, 12, 14)


def test_the_reference_declares_sourced_distributions_that_sample_valid_members() -> None:
    """What ``tigris sweep --samples 2`` on the reference does before it plans: draw, then
    set each member's values (validated as a file is)."""
    from tigris.data import load_rows, using_overlay
    from tigris.overlay import load_overlay
    from tigris.risk.cells import (
        AI_GROWTH,
        input_value,
        member_overlay,
        parse_cell,
        split_changes,
    )

    sc = load_scenario(REFERENCE)
    assert len(sc.distributions) >= 3
    for path, spec in sc.distributions.items():
        assert spec.source.strip(), path
        # the reference's own value is the most likely one (the distribution's mode)
        own = input_value(sc, path)
        assert getattr(spec, "mode", own) == own, path
    members = sample_changes(sc, 2, seed=7)
    assert members != sample_changes(sc, 2, seed=8)
    for changes in members:
        edits, cells = split_changes(changes)
        member = set_paths(sc, edits)
        for path, value in changes.items():
            spec = sc.distributions[path]
            assert getattr(spec, "low", value) <= value <= getattr(spec, "high", value), path
            if path in edits:
                assert get_path(member, path) == value
        if cells:  # data-table cells: the member's overlay loads and holds the draws
            with tempfile.TemporaryDirectory() as tmp:
                file = Path(tmp) / "member.yaml"
                file.write_text(member_overlay(cells, None) or "", encoding="utf-8")
                overlay = load_overlay(file)
            for path, value in cells.items():
                cell = parse_cell(path)
                with using_overlay(overlay):
                    rows = load_rows(cell.section)
                if cell.column == AI_GROWTH:  # no column: it scales the projected rows
                    _assert_growth_scaled(rows, value, path)
                    continue
                assert any(r.get(cell.column) == value for r in rows), path


def _assert_growth_scaled(rows: list[dict[str, Any]], scale: float, path: str) -> None:
    """usa's AI MW (mw x ai_share) in 2030 under the member's overlay is its end-2025 AI
    MW plus ``scale`` times the shipped table's growth to 2030 (docs/risk.md, the
    ``ai_growth_scale`` cell), from the shipped CSV read by hand."""
    import csv
    from importlib.resources import files

    with files("tigris").joinpath("data/datacenter_capacity.csv").open() as f:
        shipped = {(r["region"], r["year"]): r for r in csv.DictReader(f)}

    def ai(r: Any) -> float:
        return float(r["mw"]) * float(r["ai_share"])

    base, end = ai(shipped[("usa", "2025")]), ai(shipped[("usa", "2030")])
    (got,) = [ai(r) for r in rows if r["region"] == "usa" and int(r["year"]) == 2030]
    assert got == pytest.approx(base + scale * (end - base), rel=1e-9), path


def test_a_scenario_with_lives_by_class_dumps_and_samples_without_warnings(tmp_path: Path) -> None:
    """Lives by class (a FleetLifetimes block) once made every dump of a scenario warn
    "Expected int" (the lifetime union's branch was picked by dict only); a warning is an
    error in the test run, so the dump, the round trip and a member's edit must be clean."""
    text = reference_scenario_text().replace(
        "fleet_lifetime_years: table", "fleet_lifetime_years: {default: 5, by_class: {google: 6}}"
    )
    sc = load_scenario(write_scenario(tmp_path, text))
    assert load_any(to_yaml(sc)) == sc
    (changes,) = sample_changes(sc, 1, seed=3)
    from tigris.risk.cells import split_changes

    edits, _ = split_changes(changes)  # data-table cells are not the scenario's
    assert set_paths(sc, edits).fleet_lifetime_years == sc.fleet_lifetime_years


@pytest.mark.parametrize(
    ("n", "seed", "field"), [(2, -1, "--seed"), (2, 1.5, "--seed"), (-1, 1, "--samples")]
)
def test_bad_seed_or_count_is_an_input_error(n: Any, seed: Any, field: str) -> None:
    with pytest.raises(InputError) as err:
        sample_changes(load_scenario(REFERENCE), n, seed)
    assert err.value.problems[0].field == field


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    a=st.floats(-1e6, 1e6),
    widths=st.tuples(st.floats(0, 1e6), st.floats(0, 1e6)),
    mean=st.floats(-1e3, 1e3),
    sd=st.floats(1e-3, 1e3),
)
def test_draws_stay_in_their_support(
    a: float, widths: tuple[float, float], mean: float, sd: float
) -> None:
    """Every kind's draws lie in its support, whatever its parameters (the truncated
    normal also when its interval sits far in either tail)."""
    m, b = a + widths[0], a + widths[0] + widths[1]
    rng = _rng(1)
    for spec in (
        Uniform(low=a, high=b),
        Triangular(low=a, mode=m, high=b),
        Pert(low=a, mode=m, high=b),
    ):
        x = sample_array(spec, 200, rng)
        assert np.all((a <= x) & (x <= b)), spec
    lo, hi = mean + 3 * sd, mean + 3 * sd + sd * widths[0] / 1e5  # upper tail, maybe narrow
    for spec in (
        Normal(mean=mean, sd=sd, low=lo, high=hi),
        Normal(mean=mean, sd=sd, high=-lo),
        Normal(mean=mean, sd=sd, low=mean - 2 * sd),
    ):
        if spec.problems():
            continue  # an interval with no probability is refused, tested above
        x = sample_array(spec, 200, rng)
        assert np.all(np.isfinite(x))
        assert spec.low is None or x.min() >= spec.low
        assert spec.high is None or x.max() <= spec.high


def test_normal_quantiles_equal_the_standard_librarys() -> None:
    """The vectorised AS241 against CPython's statistics.NormalDist.inv_cdf (the same
    algorithm, one value at a time), centre and both tails, and two textbook values."""
    from statistics import NormalDist

    from tigris.risk.distributions import _inv_phi

    u = np.concatenate(
        [_rng(4).random(2000), np.logspace(-300, -1, 200), 1 - np.logspace(-16, -1, 50)]
    )
    u = np.concatenate([u, [0.075, 0.925, 0.5, 0.4250001, 0.5749999]])
    want = np.array([NormalDist().inv_cdf(float(x)) for x in u])
    assert np.allclose(_inv_phi(u), want, rtol=1e-14, atol=1e-15)
    assert abs(_inv_phi(np.array([0.975]))[0] - 1.959963984540054) < 1e-14
    assert _inv_phi(np.array([0.5]))[0] == 0.0


# --- quantile (the inverse CDF) ----------------------------------------------------------


def _u(n: int = N, seed: int = 20261) -> np.ndarray:
    """Uniform draws for inverse-transform sampling through :func:`quantile`."""
    return _rng(seed).random(n)


def test_quantile_of_uniform_draws_has_each_kinds_moments() -> None:
    """Inverse transform sampling (Devroye 1986, 2.1): quantile(spec, U) has the
    distribution's analytic mean (and a discrete's frequencies), as the samplers do."""
    u = _u()
    a, b = 2.0, 5.0
    _close_mean(quantile(Uniform(low=a, high=b), u), (a + b) / 2, (b - a) / math.sqrt(12))
    a, m, b = 0.2, 0.35, 0.8
    var = (a * a + m * m + b * b - a * m - a * b - m * b) / 18
    _close_mean(quantile(Triangular(low=a, mode=m, high=b), u), (a + m + b) / 3, math.sqrt(var))
    a, m, b = 10.0, 12.0, 30.0
    al, be = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
    var = (b - a) ** 2 * al * be / ((al + be) ** 2 * (al + be + 1))
    x = quantile(Pert(low=a, mode=m, high=b), u)
    _close_mean(x, (a + 4 * m + b) / 6, math.sqrt(var))  # Malcolm et al. (1959)
    assert a <= x.min() and x.max() <= b
    y = quantile(Pert(low=a, mode=m, high=b, lamb=2), u)
    _close_mean(y, (a + 2 * m + b) / 4, math.sqrt(var) * 1.5)
    # lognormal mean: median exp(sigma^2 / 2), sd mean sqrt(exp(sigma^2) - 1)
    med, sig = 7.0, 0.3
    mean = med * math.exp(sig * sig / 2)
    _close_mean(
        quantile(Lognormal(median=med, sigma=sig), u),
        mean,
        mean * math.sqrt(math.exp(sig * sig) - 1),
    )
    _close_mean(quantile(Normal(mean=-1.0, sd=0.5), u), -1.0, 0.5)
    sym = quantile(Normal(mean=3.0, sd=2.0, low=1.0, high=5.0), u)
    var = 4.0 * (1 - 2 * _phi(1.0) / (_cdf(1.0) - _cdf(-1.0)))
    _close_mean(sym, 3.0, math.sqrt(var))
    tail = quantile(Normal(mean=0.0, sd=1.0, low=4.0), u)  # mirrored internally
    lam = _phi(4.0) / (1 - _cdf(4.0))
    _close_mean(tail, lam, math.sqrt(1 + 4.0 * lam - lam * lam))
    assert tail.min() >= 4.0
    values, weights = [5.0, 1.0, 2.0], [1.0, 3.0, 0.0]  # not in order: sorted inside
    d = quantile(Discrete(values=values, weights=weights), u)
    for v, w in zip(values, weights, strict=True):
        p = w / sum(weights)
        assert abs(float(np.mean(d == v)) - p) <= Z * math.sqrt(p * (1 - p) / N) + 1e-12


def test_quantile_medians_and_known_points() -> None:
    """Medians and quantiles derived by hand."""
    assert quantile(Uniform(low=2.0, high=6.0), 0.5) == 4.0
    # triangular with the mode right of centre: median a + sqrt((b - a)(m - a)/2)
    assert math.isclose(
        float(quantile(Triangular(low=0.0, mode=3.0, high=4.0), 0.5)), math.sqrt(4 * 3 / 2)
    )
    # and left of it: b - sqrt((b - a)(b - m)/2); F(mode) = (m - a)/(b - a) at the mode
    tri = Triangular(low=0.0, mode=1.0, high=4.0)
    assert math.isclose(float(quantile(tri, 0.5)), 4 - math.sqrt(4 * 3 / 2))
    assert math.isclose(float(quantile(tri, 0.25)), 1.0)
    # a symmetric PERT (mode at the centre) is a symmetric beta: median = mode
    assert math.isclose(float(quantile(Pert(low=10.0, mode=20.0, high=30.0), 0.5)), 20.0)
    # PERT with mode at low and lamb 4: Beta(1, 5), F(x) = 1 - (1 - x)^5 -> Q(u) = 1 - (1 - u)^(1/5)
    for p in (0.1, 0.5, 0.9):
        assert math.isclose(
            float(quantile(Pert(low=0.0, mode=0.0, high=1.0), p)), 1 - (1 - p) ** 0.2, rel_tol=1e-12
        )
    assert float(quantile(Lognormal(median=1e10, sigma=0.3), 0.5)) == 1e10
    # lognormal: the 97.5 % point is median exp(1.959964 sigma)
    q = float(quantile(Lognormal(median=2.0, sigma=0.5), 0.975))
    assert math.isclose(q, 2.0 * math.exp(0.5 * 1.959963984540054), rel_tol=1e-13)
    assert float(quantile(Normal(mean=3.0, sd=2.0), 0.5)) == 3.0
    assert float(quantile(Normal(mean=3.0, sd=2.0, low=1.0, high=5.0), 0.5)) == 3.0
    # one-sided truncation at the mean: the half-normal's median is the 75 % point
    half = float(quantile(Normal(mean=0.0, sd=1.0, low=0.0), 0.5))
    assert math.isclose(half, 0.6744897501960817, rel_tol=1e-12)
    half_low = float(quantile(Normal(mean=0.0, sd=1.0, high=0.0), 0.5))
    assert math.isclose(half_low, -0.6744897501960817, rel_tol=1e-12)
    # discrete: a step at each cumulative weight, inclusive (F(x) >= u)
    d = Discrete(values=[1.0, 5.0, 2.0], weights=[2, 1, 1])
    assert quantile(d, [0.0, 0.5, 0.50001, 0.75, 0.75001, 1.0]).tolist() == [1, 1, 2, 2, 5, 5]
    assert quantile(Point(value=7.5), [0.0, 0.3, 1.0]).tolist() == [7.5, 7.5, 7.5]
    assert quantile(Uniform(low=3.0, high=3.0), [0.0, 1.0]).tolist() == [3.0, 3.0]


def test_quantile_agrees_with_the_samplers_empirical_quantiles() -> None:
    """Two independent routes to one distribution: numpy's beta/triangular/normal
    samplers and the inverse CDF. Deciles within 4 SE of a sample quantile,
    sqrt(p (1 - p) / N) / f(q) estimated from the draws' density near q."""
    for spec in (
        Pert(low=10.0, mode=12.0, high=30.0),
        Triangular(low=0.2, mode=0.35, high=0.8),
        Normal(mean=0.0, sd=1.0, low=-0.5, high=3.0),
        Lognormal(median=5.0, sigma=0.8),
    ):
        x = np.sort(sample_array(spec, N, _rng(3)))
        for p in np.arange(0.1, 1.0, 0.1):
            q = float(quantile(spec, p))
            h = int(0.01 * N)  # density from the spacing of draws around the p-quantile
            k = int(p * N)
            density = 2 * h / N / (x[k + h] - x[k - h])
            se = math.sqrt(p * (1 - p) / N) / density
            assert abs(np.quantile(x, p) - q) <= Z * se, (spec, p)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    a=st.floats(-1e6, 1e6),
    widths=st.tuples(st.floats(1e-3, 1e6), st.floats(1e-3, 1e6)),
    mean=st.floats(-1e3, 1e3),
    sd=st.floats(1e-3, 1e3),
)
def test_quantile_is_monotone_and_spans_the_support(
    a: float, widths: tuple[float, float], mean: float, sd: float
) -> None:
    """Non-decreasing in u on a fine grid with both ends, the ends at the support's ends
    for bounded kinds, inside the bounds of a truncated normal in either tail."""
    m, b = a + widths[0], a + widths[0] + widths[1]
    u = np.concatenate([[0.0], np.logspace(-12, -1, 30), np.linspace(0.1, 0.9, 81),
                        1 - np.logspace(-1, -12, 30), [1.0]])  # fmt: skip
    lo, hi = mean + 3 * sd, mean + 5 * sd
    for spec in (
        Uniform(low=a, high=b),
        Triangular(low=a, mode=m, high=b),
        Pert(low=a, mode=m, high=b),
        Lognormal(median=abs(mean) + 1.0, sigma=sd / 1e3 + 0.01),
        Normal(mean=mean, sd=sd),
        Normal(mean=mean, sd=sd, low=lo, high=hi),
        Normal(mean=mean, sd=sd, high=mean - 3 * sd),
        Discrete(values=[m, a, b], weights=[1.0, 0.0, 2.0]),
    ):
        q = quantile(spec, u)
        assert np.all(np.diff(q) >= 0), spec
        if isinstance(spec, Uniform | Triangular | Pert):
            assert q[0] == a and q[-1] == b
        if isinstance(spec, Normal) and spec.low is not None:
            assert q.min() >= spec.low and q.max() <= spec.high


@pytest.mark.parametrize("u", [-0.1, 1.5, float("nan")])
def test_quantile_refuses_a_probability_outside_0_1(u: float) -> None:
    with pytest.raises(InputError, match="expected probabilities in"):
        quantile(Uniform(low=0.0, high=1.0), [0.5, u])
