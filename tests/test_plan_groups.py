"""The build groups (``tigris.plan.groups``) change how HiGHS searches, not the optimum.

``build_group[g, t]`` is the integer total of the modules a group of like sites starts
in a year, and the scanner rows are written on it. Every integer plan of the model
without groups is one of the model with them (its groups' totals are integers), so the
two optima are equal: checked on seeded random instances of the scale benchmark's
generator, solved to optimality both ways.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from tests.conftest import load_benchmark
from tigris.plan.groups import GROUP, build_groups
from tigris.plan.highs import run_highs
from tigris.plan.steps import build_steps

#: Instances (sites, facility types, years, products, seed): small (~0.5 s each), and
#: ones whose EUV scanners bind (the rows written on the groups decide the plan).
_CASES = ((4, 3, 5, 4, 1), (4, 3, 4, 3, 2))
#: Relative tolerance of the optima's comparison (HiGHS's feasibility tolerance) [-].
_TOL = 1e-7


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("bench_scale")


def _solve(inp, grouped: bool):
    def run(name, step):
        return step if grouped or name != "build-groups" else (lambda *args: None)

    m, names = build_steps(inp, run=run)
    assert ("build-groups" in names) and ((GROUP in m.variables) == grouped)
    status, _ = run_highs(m, time_limit_s=60, mip_gap=0.0)
    assert status == "optimal"
    return m


@pytest.mark.parametrize("case", _CASES, ids=lambda c: "x".join(map(str, c)))
def test_groups_keep_the_optimum(bench, case) -> None:
    inp = bench.scale_inputs(*case[:4], seed=case[4])
    plain, grouped = _solve(inp, False), _solve(inp, True)
    assert float(grouped.objective.value) == pytest.approx(float(plain.objective.value), rel=_TOL)
    # the groups' totals are their members' builds, and integers
    groups = build_groups(inp)
    build = grouped.variables["build"].solution.transpose("site", "facility", "year").values
    total = grouped.variables[GROUP].solution.transpose("group", "year").values
    for g in range(total.shape[0]):
        assert np.allclose(total[g], build[groups == g].sum(axis=0))
    assert np.allclose(total, np.round(total))
    # the scanner rows on the groups bind: too few left in some year for one more module
    used = np.einsum("skt,sk->t", build, inp.euv_tools)
    assert np.any(used > inp.euv_supply - inp.euv_tools[inp.euv_tools > 0].min())


def test_like_slots_share_a_group_and_others_do_not(bench) -> None:
    inp = bench.scale_inputs(6, 4, 5, 4, seed=1)
    groups = build_groups(inp)
    assert (groups[~inp.allowed] == -1).all()
    for s, k in np.argwhere(inp.allowed):
        for s2, k2 in np.argwhere(inp.allowed):
            alike = (
                k == k2
                and np.array_equal(inp.output[s, k], inp.output[s2, k2])
                and np.array_equal(inp.spend[s, k], inp.spend[s2, k2])
                and inp.euv_tools[s, k] == inp.euv_tools[s2, k2]
                and inp.high_na_tools[s, k] == inp.high_na_tools[s2, k2]
            )
            assert (groups[s, k] == groups[s2, k2]) == alike


def test_slots_apart_in_scanner_need_or_profile_are_apart() -> None:
    # one facility type at five sites, by hand: sites 0 and 1 alike; site 2 needs 5 EUV
    # scanners a module (not 9), site 3 one High-NA, site 4 ramps its output in two
    # years: each counts differently on the scanner or capacity rows, so none may share
    # a total with sites 0-1 (the benchmark's generator varies needs only by facility
    # type, so its instances cannot tell a key without the needs)
    spend, output = np.full((5, 1, 3), 0.5), np.ones((5, 1, 3))
    output[4, 0, 0] = 0.5
    inp = SimpleNamespace(
        allowed=np.ones((5, 1), dtype=bool),
        spend=spend,
        output=output,
        euv_tools=np.array([[9.0], [9.0], [5.0], [9.0], [9.0]]),
        high_na_tools=np.array([[0.0], [0.0], [0.0], [1.0], [0.0]]),
    )
    assert build_groups(inp).ravel().tolist() == [0, 0, 1, 2, 3]
