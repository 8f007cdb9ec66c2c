"""Latin hypercube draws for tigris risk and tigris sweep --samples (s39, LHS).

``--design lhs`` draws each input once in each of N slices of equal probability
(McKay, Beckman & Conover 1979, Technometrics 21(2), section 2.3). Checked against the
definition and the theorem, not against the code's own output:

- every input of a Latin hypercube has exactly one draw in each slice of its own CDF,
  computed here by hand for the uniform, triangular and lognormal kinds; and so it stays
  after the rank correlation is induced (Iman & Conover only reorder a column);
- for a response monotone in each input, the mean estimated from a Latin hypercube
  varies less from seed to seed than from independent draws (McKay et al. 1979,
  Theorem 1): measured over 200 seeds for an additive monotone response, where theory
  gives a variance smaller by a factor of order N;
- the command lines take ``--design``, say it, store it and refuse a bad one.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import UNCERTAIN
from tigris.errors import InputError
from tigris.risk.distributions import sample_changes
from tigris.scenario.edit import load_any

#: Draws of the stratification checks (a prime, so no slice edge is special) [-].
N = 23
#: A correlation the Latin hypercube must keep (Spearman) [-].
RHO = 0.6

#: :data:`tests.conftest.UNCERTAIN` with a third, lognormal input.
DRAWN = UNCERTAIN + (
    '  unmet_penalty_usd_per_h100e: {dist: lognormal, median: 27500, sigma: 0.3, source: "test"}\n'
)
CORRELATED = DRAWN + (
    f'correlations:\n  - {{paths: [discount_rate, pue], rho: {RHO}, source: "test"}}\n'
)


def _uniform_cdf(x: np.ndarray) -> np.ndarray:
    return (x - 0.06) / (0.10 - 0.06)


def _triangular_cdf(x: np.ndarray, a: float = 1.1, c: float = 1.2, b: float = 1.4) -> np.ndarray:
    """Evans, Hastings & Peacock (2000), ch. 40."""
    return np.where(
        x <= c, (x - a) ** 2 / ((b - a) * (c - a)), 1 - (b - x) ** 2 / ((b - a) * (b - c))
    )


def _lognormal_cdf(x: np.ndarray, median: float = 27500.0, sigma: float = 0.3) -> np.ndarray:
    return np.array([0.5 * math.erfc(-math.log(v / median) / (sigma * math.sqrt(2))) for v in x])


CDFS = {
    "discount_rate": _uniform_cdf,
    "pue": _triangular_cdf,
    "unmet_penalty_usd_per_h100e": _lognormal_cdf,
}


def _slices(draws: list[dict[str, Any]], path: str) -> list[int]:
    x = np.array([d[path] for d in draws], dtype=float)
    return sorted(np.floor(CDFS[path](x) * len(draws) + 1e-9).astype(int).tolist())


@pytest.mark.parametrize("text", [DRAWN, CORRELATED], ids=["independent", "correlated"])
@pytest.mark.parametrize("seed", [0, 11])
def test_one_draw_in_each_slice_of_every_input(text: str, seed: int) -> None:
    draws = sample_changes(load_any(text), N, seed, design="lhs")
    for path in CDFS:
        assert _slices(draws, path) == list(range(N)), path
    # independent draws almost never fill every slice (N!/N^N ~ 1e-9 for N = 23)
    plain = sample_changes(load_any(text), N, seed)
    assert any(_slices(plain, p) != list(range(N)) for p in CDFS)


def test_the_rank_correlation_is_kept() -> None:
    """Iman-Conover on a Latin hypercube gives the asked Spearman rho (400 draws: the
    rank correlation of independent columns has sd ~ 1/sqrt(399) = 0.05)."""
    n = 400
    draws = sample_changes(load_any(CORRELATED), n, 5, design="lhs")
    x = np.array([d["discount_rate"] for d in draws])
    y = np.array([d["pue"] for d in draws])
    rx, ry = np.argsort(np.argsort(x)), np.argsort(np.argsort(y))
    rho = np.corrcoef(rx, ry)[0, 1]
    assert abs(rho - RHO) < 0.1
    assert _slices(draws, "pue") == list(range(n))


def test_a_monotone_mean_varies_less_than_from_independent_draws() -> None:
    """McKay et al. (1979), Theorem 1: for a response monotone in each input the
    Latin hypercube's mean has no larger variance. For the additive response
    y = rate / 0.04 + (pue - 1.1) / 0.3 the variance falls by far more than that: an
    additive response's LHS variance is O(1/N^3) against O(1/N) (Stein 1987)."""
    sc = load_any(DRAWN)
    n, seeds = 16, 200

    def mean_y(design: str, seed: int) -> float:
        d = sample_changes(sc, n, seed, design=design)
        return float(np.mean([m["discount_rate"] / 0.04 + (m["pue"] - 1.1) / 0.3 for m in d]))

    var = {k: np.var([mean_y(k, s) for s in range(seeds)], ddof=1) for k in ("random", "lhs")}
    assert var["lhs"] < var["random"] / 10, var


def test_same_seed_same_hypercube_and_bad_design_refused() -> None:
    sc = load_any(DRAWN)
    assert sample_changes(sc, 7, 3, design="lhs") == sample_changes(sc, 7, 3, design="lhs")
    assert sample_changes(sc, 7, 3, design="lhs") != sample_changes(sc, 7, 4, design="lhs")
    with pytest.raises(InputError, match="--design: expected one of random, lhs, got 'sobol'"):
        sample_changes(sc, 7, 3, design="sobol")


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "drawn.yaml"
    path.write_text(DRAWN)
    return path


#: The arguments of the risk runs below (the file's path put first).
RISK_ARGS = ("--samples", 4, "--seed", 2, "--workers", 0, "--no-store")


@pytest.fixture(scope="module")
def design_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``tigris risk`` of :data:`DRAWN` (4 plans, seed 2): ``--design lhs --json
    --report`` (``lhs``, its report ``report``), the same command printed as text
    (``text``, from the result the first computed: :func:`tests.riskruns.risk_kept`),
    and random draws ``--json`` (``plain``)."""
    from tests.riskruns import cli, risk_kept

    folder = tmp_path_factory.mktemp("lhs-design")
    path = folder / "drawn.yaml"
    path.write_text(DRAWN)
    report = folder / "risk.html"
    args = ("risk", path, *RISK_ARGS)
    with risk_kept() as computed:
        lhs = cli(*args, "--design", "lhs", "--json", "--report", report)
        text = cli(*args, "--design", "lhs")
        plain = cli(*args, "--json")
    assert len(computed) == 2  # the hypercube's and the random draws'
    return {"lhs": lhs, "text": text, "plain": plain, "report": report}


@pytest.mark.slow  # seconds of sweep or risk plans; -m slow runs it
def test_risk_says_and_records_the_design(
    design_runs: dict[str, Any], scenario_file: Path, run_cli: Any
) -> None:
    res = design_runs["lhs"]
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["design"] == "lhs"
    drawn = sample_changes(load_any(DRAWN), 4, 2, design="lhs")
    for path in CDFS:  # the plans were solved at the hypercube's draws
        values = [m[path] for m in drawn]
        assert _slices(drawn, path) == list(range(4))
        assert doc["inputs"][path]["p50"] == pytest.approx(float(np.quantile(values, 0.5)))
    assert design_runs["text"].code == 0
    text = " ".join(design_runs["text"].out.split())
    assert "4 of 4 sampled plans solved (seed 2, Latin hypercube)" in text
    # the intervals assume independent draws: said for a hypercube, in JSON and text
    assert "assume independent draws" in doc["mc_error"]["design_note"]
    assert "note: drawn as a Latin hypercube (--design lhs): these intervals assume" in text
    plain = design_runs["plain"].json()  # random draws: said as such, no note
    assert design_runs["plain"].code == 0
    assert plain["design"] == "random"
    assert plain["mc_error"]["design_note"] is None
    bad = run_cli("risk", scenario_file, *RISK_ARGS, "--design", "halton")
    assert bad.code == 2 and "--design: expected one of random, lhs, got 'halton'" in bad.err


def test_report_says_the_intervals_assume_independent_draws(design_runs: dict[str, Any]) -> None:
    """The report of ``tigris risk --design lhs --report`` (:func:`design_runs`)."""
    assert design_runs["lhs"].code == 0
    page = design_runs["report"].read_text(encoding="utf-8")
    assert 'class="note mc-design"' in page and "Latin hypercube" in page


def test_sweep_stores_the_design_and_refuses_it_without_samples(
    scenario_file: Path, run_cli: Any, tmp_path: Path
) -> None:
    store = tmp_path / "runs.duckdb"
    res = run_cli(
        "sweep", scenario_file, "--samples", 3, "--seed", 1, "--design", "lhs",
        "--workers", 0, "--store", store,
    )  # fmt: skip
    assert res.code == 0, res.err
    from tigris.runs.store import RunStore

    sweeps = RunStore(store).sweeps()
    spec = json.loads(sweeps["spec"].iloc[0])
    assert (spec["samples"], spec["seed"], spec["design"]) == (3, 1, "lhs")
    changes = list(RunStore(store).runs()["changes"])
    want = sample_changes(load_any(DRAWN), 3, 1, design="lhs")
    assert sorted(c["pue"] for c in changes) == sorted(w["pue"] for w in want)
    bad = run_cli("sweep", scenario_file, "--set", "pue=1.1,1.2", "--design", "lhs")
    assert bad.code == 2 and "--design applies to --samples only" in bad.err


def test_the_stochastic_futures_are_drawn_with_the_design(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--stochastic K`` draws its K futures with the run's design (it drew them
    independently whatever the design): the draws handed to the stochastic plan are
    sample_changes' own for that design, so a hypercube's slices hold there too."""
    import tigris.risk.distributions as dist
    from tigris.risk.api import risk

    real = dist.sample_changes
    calls: list[tuple[int, str]] = []

    def spy(sc: Any, n: int, seed: Any, *, design: str = "random") -> Any:
        calls.append((n, design))
        return real(sc, n, seed, design=design)

    monkeypatch.setattr(dist, "sample_changes", spy)
    res = risk(DRAWN, samples=2, seed=4, design="lhs", stochastic=3, workers=0, store=False)
    assert res.stochastic is not None
    assert (3, "lhs") in calls  # the three futures
    assert all(d == "lhs" for _, d in calls)
