"""A risk run in which no sampled plan solved says so in one line (s39, RISK-EMPTY).

Before, a run whose every sampled plan stopped at the time limit printed empty quantile
and interval tables, a "from 0 plans" warning and IRR notes over "0 of 0" plans; one
whose every plan failed, the plan as planned included, ended with ``Error: outputs:
unknown output 'unmet_h100e_2028'`` (exit 2): the planning years were read from the
plans that solved, and none had. The solve is wrapped, as in the s38 tests, to stop or
fail every plan: a real time limit or failure is not reproducible.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import UNCERTAIN

SAMPLES = 3
SEED = 5


def _wrap(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    import tigris.plan.reuse as reuse

    real = reuse.solve_member

    def solve_member(sc: Any, **kw: Any) -> Any:
        if kind == "fail":
            raise RuntimeError("no plan: wrapped to fail")
        result = real(sc, **kw)
        return dataclasses.replace(result, status="time_limit", mip_gap=0.25)

    monkeypatch.setattr(reuse, "solve_member", solve_member)


def _risk(run_cli: Any, uncertain_file: Path, *extra: Any) -> Any:
    return run_cli(
        "risk", uncertain_file, "--samples", SAMPLES, "--seed", SEED, "--workers", 0,
        "--no-store", *extra,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "why"), [("fail", f"{SAMPLES} failed"), ("stop", f"{SAMPLES} stopped at a limit")]
)
def test_one_line_instead_of_empty_tables(
    kind: str, why: str, monkeypatch: pytest.MonkeyPatch, uncertain_file: Path, run_cli: Any
) -> None:
    _wrap(monkeypatch, kind)
    res = _risk(run_cli, uncertain_file)
    text = " ".join(res.out.split())
    assert res.code == 1, res.err  # plans left out of the statistics, as documented
    assert f"none of the {SAMPLES} sampled plans solved to optimality ({why};" in text
    assert "no quantiles, intervals, probabilities or drivers" in text
    for empty in ("from 0 plans", "0 of 0", "┏", "p50", "unknown output"):
        assert empty not in text + res.err, empty
    if kind == "fail":  # each failure still named, the plan as planned's first
        assert "the plan as given failed: RuntimeError: no plan: wrapped to fail" in text
        assert text.count("failed: RuntimeError") == SAMPLES + 1
    else:  # the stopped plans named; no column to point at
        assert f"note: {SAMPLES} of {SAMPLES} sampled plans" in text
        assert "the plan as planned stopped at the 60 s time limit" in text
        assert "planned column" not in text


def test_json_of_a_run_with_nothing_solved(
    monkeypatch: pytest.MonkeyPatch, uncertain_file: Path, run_cli: Any
) -> None:
    _wrap(monkeypatch, "fail")
    res = _risk(run_cli, uncertain_file, "--json")
    assert res.code == 1, res.err
    doc = res.json()
    assert doc["members_ok"] == 0 and doc["quantiles"] == {}
    assert sorted(r["member"] for r in doc["failed"]) == [-1, *range(SAMPLES)]
    assert doc["drivers"] == {}


def test_years_known_without_any_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """The planning years come from the scenario, so a yearly output of a planning year
    is known and one outside the plan still refused, whatever solved."""
    from tests.conftest import SMALL_3Y
    from tigris.errors import InputError
    from tigris.risk.montecarlo import monte_carlo
    from tigris.scenario.edit import load_any

    _wrap(monkeypatch, "fail")
    sc = load_any(UNCERTAIN)
    mc = monte_carlo(sc, SAMPLES, SEED, workers=0)
    assert mc.members_ok == 0
    assert mc._years() == ["2026", "2027", "2028"]  # SMALL_3Y's horizon
    assert "last_year: 2028" in SMALL_3Y
    assert all(math.isnan(v) for v in mc._output_series("unmet_h100e_2028"))
    drivers = mc.drivers()
    assert drivers.empty and "too few samples" in drivers.attrs["reason"]
    with pytest.raises(InputError, match="unknown output 'unmet_h100e_2031'"):
        mc.drivers(["unmet_h100e_2031"])
