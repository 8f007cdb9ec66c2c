"""The Python API as an analyst uses it (user test 2026-12-05, API).

- ``tigris.compare`` refuses what ``tigris.plan`` refuses (a bad option value, an
  unknown option, a bad ``store``) before it solves anything (#1, #8): it solved both
  sides with ``mip_gap=5`` or ``relax="yes"`` and called the plans optimal.
- ``objective_terms_usd`` holds what docs/plan-result.md says: for ``serve`` the terms
  sum to the objective; for ``npv`` the ``npv`` key is the objective and its parts sum
  to it (#2; the doc said all of them summed to it, twice the NPV).
- ``headline()`` of a run without a plan has every key of a plan's headline, at the
  documented no-plan values (#6: ``headline()["key"]`` raised KeyError).
- ``==`` and ``hash`` on a ``PlanResult`` work, by identity (#9: both raised).
- ``RunStore.remove`` takes one id as a string (#10: read as one-character ids).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tigris
from tests.conftest import SMALL
from tigris.errors import InputError
from tigris.runs.store import RunStore


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tigris.Scenario:
    path = tmp_path_factory.mktemp("s43") / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return tigris.load_scenario(path)


@pytest.mark.parametrize(
    ("options", "needle"),
    [
        ({"mip_gap": 5}, "mip_gap: expected a number in [0, 1)"),
        ({"relax": "yes"}, "relax: expected True or False, got 'yes'"),
        ({"time_limit_s": -1}, "time_limit_s: expected a number > 0"),
        ({"objective": "profit"}, "objective: expected one of"),
        ({"store": 5}, "store: expected True, False or a file name, got 5"),
    ],
)
def test_compare_refuses_a_bad_option_before_solving(
    small: tigris.Scenario,
    options: dict[str, object],
    needle: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tigris.runs.compare as cmp

    def solve(*args: object, **kw: object) -> None:
        raise AssertionError("solved before the options were checked")

    monkeypatch.setattr(cmp, "_solve", solve)
    opts = {"store": False, **options}
    with pytest.raises(InputError) as err:
        tigris.compare(small, small.set("capital.fund.amount_usd", 3e10), **opts)  # type: ignore[arg-type]
    assert needle in str(err.value)
    assert "--" not in str(err.value).split(":")[0]  # the keyword, not a CLI flag


def test_compare_refuses_an_unknown_option_and_a_folder_store_before_solving(
    small: tigris.Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tigris.runs.compare as cmp

    def solve(*args: object, **kw: object) -> None:
        raise AssertionError("solved before the options were checked")

    monkeypatch.setattr(cmp, "_solve", solve)
    with pytest.raises(TypeError, match=r"unknown options \['foo'\]"):
        tigris.compare(small, small, store=False, foo=1)
    with pytest.raises(InputError, match=r"store: .* is a directory"):
        tigris.compare(small, small, store=tmp_path)


def test_objective_terms_sum_as_documented(small: tigris.Scenario) -> None:
    serve = tigris.plan(small, explain=False, counterfactual=False)
    assert sum(serve.objective_terms_usd.values()) == pytest.approx(serve.objective_usd, rel=1e-9)
    npv = tigris.plan(small, explain=False, counterfactual=False, objective="npv")
    terms = dict(npv.objective_terms_usd)
    assert terms.pop("npv") == pytest.approx(npv.objective_usd, rel=1e-9)
    assert set(terms) == {"capex", "opex", "tax", "salvage", "margin"}
    assert sum(terms.values()) == pytest.approx(npv.objective_usd, rel=1e-9, abs=1.0)


def test_headline_without_a_plan_has_every_key(small: tigris.Scenario) -> None:
    ok = tigris.plan(small, explain=False)
    # the small world cannot serve 99 % of a demand 100x larger: no plan
    big = small.set("demand.training.h100e_by_year", {2026: 5e8, 2027: 5e8})
    bad = tigris.plan(big, explain=False, min_served_share=0.99)
    assert ok.ok and not bad.ok
    head = bad.headline()
    assert set(head) == set(ok.headline())
    assert head["key"] is None and head["hbm"] is None and head["fab_water"] is None
    assert head["capacity_used"] == [] and head["power_untested"] is None
    assert head["sentences"][-1].startswith(f"No plan ({bad.status})")


def test_results_compare_and_hash_by_identity(small: tigris.Scenario) -> None:
    import dataclasses

    r = tigris.plan(small, explain=False, counterfactual=False)
    twin = dataclasses.replace(r)
    assert r == r and r != twin and r in [r] and twin not in [r]
    assert len({r, twin, r}) == 2


def test_remove_takes_one_id_as_a_string(small: tigris.Scenario, tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    r = tigris.plan(small, explain=False, counterfactual=False, store=store)
    assert r.ok
    st = RunStore(store)
    ids = st.runs()["id"].tolist()
    assert len(ids) == 1
    assert st.remove(ids[0]) == 1
    assert len(st.runs()) == 0


def test_sweep_says_it_takes_an_overlay_file_not_its_text() -> None:
    """``tigris.plan(data=TEXT)`` takes YAML text; ``tigris.sweep(data=TEXT)`` said "no
    such file: 'sites:\\n...'" (user test 2026-12-05, API): it names the difference."""
    with pytest.raises(InputError, match="takes a data overlay file, not its YAML text"):
        tigris.sweep(sets={"discount_rate": [0.05]}, data="sites:\n  - name: x\n", store=False)


def test_an_investor_that_builds_nothing_has_npv_zero_with_and_without_salvage(
    small: tigris.Scenario,
) -> None:
    """$1M of capital builds nothing: npv_usd 0, and its salvage split 0 and 0 (it was
    NaN beside the 0, user test 2026-12-05); the IRR stays undefined."""
    import math

    r = tigris.plan(small.set("capital.fund.amount_usd", 1e6), explain=False)
    assert r.ok and len(r.builds) == 0
    n = r.headline()["numbers"]
    assert n["npv_usd"] == 0.0
    assert n["npv_salvage_usd"] == 0.0 and n["npv_without_salvage_usd"] == 0.0
    assert math.isnan(n["irr_without_salvage"])


def test_risk_names_itself_for_an_unknown_option(monkeypatch: pytest.MonkeyPatch) -> None:
    """``tigris.risk(foo=1)`` said "sweep() got unknown options" (user test 2026-12-05),
    and only once the sweep began: it names risk, before any plan."""
    import tigris.plan.reuse as reuse

    def solve(*args: object, **kw: object) -> None:
        raise AssertionError("a plan was solved before the options were checked")

    monkeypatch.setattr(reuse, "solve_member", solve)
    with pytest.raises(TypeError, match=r"^risk\(\) got unknown options \['foo'\]"):
        tigris.risk(samples=2, seed=1, workers=0, store=False, foo=1)
