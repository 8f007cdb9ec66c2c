"""A sweep member solved after a member whose site may host nothing is its own plan
(user test, 2026-12-05).

``tigris sweep docs/examples/small-plan.yaml --set sites.taiwan.max_modules=0:6:4``
printed the ``max_modules=0`` plan for every member: CoWoS in japan, capital $1.12B,
where ``tigris plan --set sites.taiwan.max_modules=2`` builds it in taiwan ($1.50B).
The second member reused the first's HiGHS model (:mod:`tigris.plan.reuse`), updated
to the fresh model term for term, but HiGHS kept its previous run's solution and
returned it, its objective the variable cost alone ($4.037B against the true $4.461B).
``tigris risk`` drew members the same way and its quantiles collapsed.

Each member must equal a plain solve of its scenario (the module's contract): the same
status, objective within the MIP gap and builds, whatever member came before it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATH = "sites.taiwan.max_modules"


@pytest.fixture(scope="module")
def base() -> object:
    from tigris.scenario.edit import load_any

    return load_any((ROOT / "docs" / "examples" / "small-plan.yaml").read_text())


@pytest.fixture(scope="module")
def plain(base: object) -> dict[int, object]:
    from tigris.plan.solve import solve

    return {v: solve(base.set(PATH, v), explain_result=False) for v in (0, 1, 2, 3)}


def _builds(r: object) -> list[tuple[str, str, int]]:
    b = r.builds
    return sorted(zip(b["site"], b["facility"], b["modules"].astype(int), strict=True))


@pytest.mark.parametrize("order", [(0, 2), (0, 1, 3), (2, 0, 3), (0, 2, 0, 1)])
def test_each_member_is_its_own_plan_whatever_came_before(
    base: object, plain: dict[int, object], order: tuple[int, ...]
) -> None:
    from tigris.plan import reuse

    reuse.clear()
    before = reuse.STATS["reused"]
    for v in order:
        got, want = reuse.solve_member(base.set(PATH, v)), plain[v]
        assert got.status == want.status == "optimal"
        gap = max(want.mip_gap or 0.0, 1e-9)
        assert got.objective_usd == pytest.approx(want.objective_usd, rel=2 * gap), v
        assert _builds(got) == _builds(want), v
    assert reuse.STATS["reused"] - before == len(order) - 1  # the models were reused
