"""UT-SWF #7 (user test 2026-12-04): ``tigris risk`` did not give the distribution of
what the investor adds, the memo's headline ("what the money buys over a world without
you"): risk members showed "H100e added n/a" in ``tigris runs list`` and the risk table
had no "added by the investor" nor "$ per added H100e".

Now each Monte Carlo plan of a scenario with an investor is also solved without it.
Checked against the world: for each sampled plan, the test re-plans the same drawn
scenario with the investor's capital at $1 a source (the schema takes no source at $0,
and $1 builds nothing: a module costs hundreds of millions) through the public API,
``tigris.plan``, and the compute the investor adds is what the plan serves less that.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliResult
from tests.riskruns import cli_risk

SAMPLES = 3
SEED = 11
#: Served compute of two solves agrees to HiGHS's feasibility tolerance on the scale
#: of a year's demand (~1e9 H100e): 1e-6 relative, plus 1 H100e [-, H100e].
REL, ABS = 1e-6, 1.0


@pytest.fixture(scope="module")
def stored_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CliResult, Any]:
    """``tigris risk --samples 3 --seed 11 --store STORE`` of the reference, once: the
    store, what it printed and the result it computed (:func:`tests.riskruns.cli_risk`),
    read by the tests of the members, of the quantiles and of the printout."""
    store = tmp_path_factory.mktemp("risk-added") / "runs.duckdb"
    printed, res = cli_risk("--samples", SAMPLES, "--seed", SEED, "--workers", 0, "--store", store)
    return store, printed, res


@pytest.fixture(scope="module")
def mc(stored_run: tuple[Path, CliResult, Any]) -> Any:
    """The Monte Carlo of :func:`stored_run` (``monte_carlo(reference, 3, 11)`` as
    ``tigris risk`` calls it)."""
    return stored_run[2].monte_carlo


def _without_investor(sc: Any) -> Any:
    """``sc`` with each capital source at $1 in the first year (no distributions:
    the capital's would name a field no longer set)."""
    from tigris.scenario.edit import set_paths

    first = sc.horizon.first_year
    bare = sc.model_copy(update={"distributions": {}, "correlations": []})
    changes: dict[str, Any] = {}
    for c in sc.capital:
        for f in ("amount_usd", "first_year", "last_year"):
            changes[f"capital.{c.name}.{f}"] = None
        changes[f"capital.{c.name}.usd_by_year"] = {first: 1.0}
    return set_paths(bare, changes)


def _served_by_year(result: Any) -> dict[str, float]:
    s = result.demand.groupby("year")["served_h100e"].sum()
    return {str(int(y)): float(v) for y, v in s.items()}


def _plan(sc: Any, cells: dict[str, Any], tmp: Path) -> Any:
    """``tigris.plan`` of ``sc`` with the member's cells as a ``--data`` overlay."""
    import tigris
    from tigris.overlay import data_overlay
    from tigris.risk.cells import member_overlay

    text = member_overlay(cells, None)
    path = None
    if text:
        path = tmp / "member.yaml"
        path.write_text(text, encoding="utf-8")
    with data_overlay(path):
        return tigris.plan(sc, explain=False, counterfactual=False)


#: Members re-planned by default (two reference plans each): the first; the others
#: run with ``-m slow``.
DEFAULT_MEMBERS = (0,)


@pytest.mark.parametrize(
    "i",
    [
        pytest.param(i, marks=() if i in DEFAULT_MEMBERS else pytest.mark.slow)
        for i in range(SAMPLES)
    ],
)
def test_each_member_adds_its_plan_less_the_plan_without_the_investor(
    mc: Any, tmp_path: Path, i: int
) -> None:
    from tigris.risk.cells import split_changes
    from tigris.runs.sweep import sample_members
    from tigris.scenario import reference_scenario
    from tigris.scenario.edit import set_paths

    assert mc.members_ok == SAMPLES
    sc = reference_scenario()
    o = mc.outputs
    draws = sample_members(sc, SAMPLES, SEED)  # the run's draws (integers kept)
    assert list(draws[i].values()) == pytest.approx(mc.inputs.iloc[i].to_list())
    edits, cells = split_changes(draws[i])
    member = set_paths(sc, edits)
    with_it = _served_by_year(_plan(member, cells, tmp_path))
    without = _served_by_year(_plan(_without_investor(member), cells, tmp_path))
    mine = o[o["member"] == i]
    got = {r.year: r.value for r in mine[mine["output"] == "added_h100e"].itertuples(index=False)}
    served = {
        r.year: r.value for r in mine[mine["output"] == "served_h100e"].itertuples(index=False)
    }
    assert set(got) == set(with_it)
    for year, v in got.items():
        # the member's plan is the one re-planned here, year by year
        assert served[year] == pytest.approx(with_it[year], rel=REL, abs=ABS)
        want = with_it[year] - without[year]
        tol = ABS + REL * max(with_it[year], without[year])
        assert v == pytest.approx(want, abs=tol), (i, year)
    total = mine[mine["output"] == "added_h100e_total"]["value"].item()
    assert total == pytest.approx(sum(with_it.values()) - sum(without.values()), rel=1e-6)
    assert total >= 0.0
    # capital per added H100e: the capital the investor spent over what it adds
    spent = mine[mine["output"] == "capital_spent_usd"]["value"].item()
    per = mine[mine["output"] == "capex_usd_per_added_h100e"]["value"].item()
    assert per == pytest.approx(spent / total, rel=1e-9)


def test_quantiles_of_added_and_per_added(mc: Any) -> None:
    """The memo's headline has its p5-p95: quantiles over the sampled plans, beside the
    plan as planned."""
    import numpy as np

    q = mc.quantiles
    for out in ("added_h100e_total", "capex_usd_per_added_h100e"):
        row = q[(q["output"] == out) & (q["year"] == "all")].iloc[0]
        v = mc.outputs[mc.outputs["output"] == out]["value"].to_numpy(dtype=float)
        assert row["n"] == SAMPLES
        assert row["p5"] == pytest.approx(np.quantile(v, 0.05, method="linear"))
        assert row["p95"] == pytest.approx(np.quantile(v, 0.95, method="linear"))
        assert np.isfinite(mc.deterministic[out]["all"])
    years = q[q["output"] == "added_h100e"]["year"].to_list()
    assert years == [str(y) for y in range(2026, 2036)]


def test_risk_prints_and_stores_what_the_investor_adds(
    stored_run: tuple[Path, CliResult, Any], run_cli: Callable[..., CliResult]
) -> None:
    """The summary's rows, and the stored members in ``runs list``."""
    store, res, _ = stored_run
    assert res.code == 0, res.err
    out = " ".join(res.out.split())
    assert "added by the investor, all" in out and "$ per added H100e" in out
    listed = run_cli("runs", "list", "--store", store, "--json")
    assert listed.code == 0, listed.err
    runs = listed.json()
    rows = runs if isinstance(runs, list) else runs.get("runs", [])
    members = [r for r in rows if r.get("sweep_id") or r.get("sweep")]
    assert len(members) >= 2
    for r in members:
        flat = {**r, **(r.get("metrics") or {})}
        assert flat.get("added_h100e") is not None and flat["added_h100e"] >= 0
        assert flat.get("capex_usd_per_added_h100e") is not None
