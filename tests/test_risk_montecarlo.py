"""Plan-level Monte Carlo (``tigris.risk.montecarlo``), on the 3-year small scenario.

Claims, each checked against something other than the code's own path:

- every distribution collapsed to a point: every quantile of every output and year is
  the deterministic plan's value, and the deterministic plan's totals are those of the
  same scenario planned alone with :func:`tigris.plan.solve`;
- the cumulative NPV through the last year plus the discounted salvage (both read from
  the plan's ``finance_flows``) is the headline NPV (``finance_owners``);
- the same seed gives the same ``to_dict`` JSON text, another seed another;
- p5 <= p25 <= p50 <= p75 <= p95 everywhere;
- members drawn past a rule between fields are listed with their error, not dropped,
  and the quantiles count only the members that solved;
- drivers are ranked by |Spearman rho|; power is ``IT MW x PUE`` (docs/energy.md), so
  with nothing unmet (the fleet fixed by demand) the last year's power is driven by the
  PUE alone: rho = 1 and rank 1.

Members run in this process (``workers=0``); one 2-worker cluster test is ``slow``.
Each member of SMALL_3Y solves in about a second.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest

from tests import conftest
from tests.conftest import SMALL_3Y
from tigris.risk.montecarlo import (
    ALL,
    OUTPUTS,
    POWER_OUTPUTS,
    QUANTILES,
    REGIONAL,
    MonteCarlo,
    member_outputs,
    monte_carlo,
    output_spec,
    spearman,
)

#: Members drawn in the tests: few, each ~1 s.
SAMPLES = 4
SEED = 7
#: Relative tolerance between two independent solves of the same scenario (HiGHS's
#: feasibility tolerance on sums of millions of H100e) [-].
REL = 1e-6
#: Relative tolerance of an identity of sums of floats (NPV pieces) [-].
SUM_REL = 1e-12

#: Distributions on SMALL_3Y: discount rate and PUE vary; japan's min_modules is 0 or
#: 5, and 5 > its max_modules (3) fails the member with the rule's message.
UNCERTAIN = (
    conftest.UNCERTAIN
    + "  sites.japan.min_modules: "
    + '{dist: discrete, values: [0, 5], weights: [2, 1], source: "test"}\n'
)
#: The same inputs collapsed to the scenario's own values, in three kinds of point.
COLLAPSED = (
    SMALL_3Y
    + """\
distributions:
  discount_rate: {dist: uniform, low: 0.08, high: 0.08, source: "test"}
  pue: {dist: point, value: 1.2, source: "test"}
  sites.japan.min_modules: {dist: discrete, values: [0], source: "test"}
"""
)


def _scenario(text: str) -> Any:
    from tigris.scenario.edit import load_any

    return load_any(text)


@pytest.fixture(scope="module")
def mc() -> MonteCarlo:
    return monte_carlo(_scenario(UNCERTAIN), SAMPLES, SEED, workers=0)


@pytest.fixture(scope="module")
def alone() -> Any:
    """SMALL_3Y planned alone, as ``tigris plan`` would (no explanations)."""
    from tigris.plan import solve

    return solve(_scenario(SMALL_3Y), explain_result=False, counterfactual=False)


def _quantile_columns() -> list[str]:
    return [f"p{round(q * 100)}" for q in QUANTILES]


def test_collapsed_distributions_give_the_deterministic_plan(alone: Any) -> None:
    res = monte_carlo(_scenario(COLLAPSED), 3, SEED, workers=0)
    assert res.members_ok == 3 and res.failed.empty
    det = res.deterministic
    # OUTPUTS in order, then the power outputs by region (<output>@<region>)
    assert list(det)[: len(OUTPUTS)] == list(OUTPUTS)
    assert all(output_spec(k)[1] == REGIONAL for k in list(det)[len(OUTPUTS) :])
    assert len(res.quantiles) == sum(len(v) for v in det.values())
    for r in res.quantiles.itertuples(index=False):
        want = det[r.output][r.year]
        for col in [*_quantile_columns(), "mean"]:
            got = getattr(r, col)
            assert got == want or (math.isnan(got) and math.isnan(want)), (r.output, r.year, col)
    # the deterministic plan is the scenario itself: its totals are the headline of
    # the same scenario planned alone
    numbers = alone.headline()["numbers"]
    assert det["served_h100e_total"][ALL] == pytest.approx(numbers["served_h100e"], rel=REL)
    assert det["capex_committed_usd"][ALL] == pytest.approx(numbers["capex_committed_usd"])
    assert det["cost_usd"][ALL] == pytest.approx(numbers["cost_usd"], rel=REL)
    assert det["npv_total_usd"][ALL] == pytest.approx(numbers["npv_usd"], rel=REL)
    served = alone.demand.groupby("year")["served_h100e"].sum()
    for year, v in served.items():
        assert det["served_h100e"][str(year)] == pytest.approx(float(v), rel=REL)


def test_npv_through_the_last_year_plus_salvage_is_the_headline_npv(alone: Any) -> None:
    r = 0.08  # SMALL_3Y's discount_rate
    out = member_outputs(alone, discount_rate=r)
    first, last = alone.horizon
    ff = alone.finance_flows
    inv = ff[(ff["level"] == "owner") & (ff["name"] == "investor")]
    salvage_row = inv[inv["year"] == last + 1]
    assert len(salvage_row) == 1 and float(salvage_row["salvage_usd"].iloc[0]) > 0
    salvage_pv = float(salvage_row["net_usd"].iloc[0]) / (1 + r) ** (last + 1 - first)
    npv = float(alone.finance_owners.set_index("owner").loc["investor", "npv_usd"])
    assert out["npv_usd"][str(last)] + salvage_pv == pytest.approx(npv, rel=SUM_REL)
    assert out["npv_total_usd"][ALL] == npv
    # the first year is not discounted: its value is that year's net flow
    net_first = inv.loc[inv["year"] == first, "net_usd"].sum()
    assert out["npv_usd"][str(first)] == pytest.approx(float(net_first), rel=SUM_REL)


def test_yearly_outputs_add_up_to_the_plans_totals(alone: Any) -> None:
    out = member_outputs(alone, discount_rate=0.08)
    summary = alone.summary()
    years = [str(y) for y in range(alone.horizon[0], alone.horizon[1] + 1)]
    assert list(out["served_h100e"]) == years
    assert sum(out["served_h100e"].values()) == pytest.approx(summary["served_h100e"])
    assert sum(out["unmet_h100e"].values()) == pytest.approx(summary["unmet_h100e"], abs=1.0)
    assert sum(out["capex_usd"].values()) == pytest.approx(summary["capex_usd"])
    world = alone.power[alone.power["region"] == "world"].set_index("year")
    for y in years:
        want = world.loc[int(y), "facility_mw_needed"] + world.loc[int(y), "fab_power_mw"]
        assert out["power_mw"][y] == pytest.approx(float(want))


def test_same_seed_same_json_another_seed_another(mc: MonteCarlo) -> None:
    sc = _scenario(UNCERTAIN)
    again = monte_carlo(sc, SAMPLES, SEED, workers=0)
    assert again.to_json() == mc.to_json()
    other = monte_carlo(sc, SAMPLES, SEED + 1, workers=0)
    assert other.to_json() != mc.to_json()
    assert not other.inputs.equals(mc.inputs)
    q = mc.quantiles.set_index(["output", "year"])
    q_other = other.quantiles.set_index(["output", "year"])
    assert q.loc[("npv_total_usd", ALL), "p50"] != q_other.loc[("npv_total_usd", ALL), "p50"]


def test_quantiles_are_ordered_and_json_safe(mc: MonteCarlo) -> None:
    cols = _quantile_columns()
    v = mc.quantiles[cols].to_numpy(dtype=float)
    finite = np.isfinite(v).all(axis=1)
    assert finite.any()
    assert (np.diff(v[finite], axis=1) >= 0).all()
    mean = mc.quantiles["mean"].to_numpy(dtype=float)[finite]
    assert (v[finite, 0] <= mean).all() and (mean <= v[finite, -1]).all()
    d = json.loads(mc.to_json())  # allow_nan=False: no NaN anywhere
    for out, entry in d["quantiles"].items():
        assert (entry["unit"], entry["kind"]) == output_spec(out)
        for year, vals in entry["values"].items():
            assert (year == ALL) == (entry["kind"] == "total")
            if vals["p5"] is not None:
                assert vals["p5"] <= vals["p25"] <= vals["p50"] <= vals["p75"] <= vals["p95"]
    assert set(d) >= {"samples", "seed", "members_ok", "failed", "inputs", "quantiles"}
    assert set(d) >= {"deterministic", "drivers"}
    assert d["inputs"]["pue"]["dist"] == "triangular"
    assert 1.1 <= d["inputs"]["pue"]["p5"] <= d["inputs"]["pue"]["p95"] <= 1.4


def test_failed_members_are_listed_not_dropped(mc: MonteCarlo) -> None:
    drew_five = [i for i in range(SAMPLES) if mc.inputs.loc[i, "sites.japan.min_modules"] == 5]
    assert drew_five, "the seed should draw the failing value at least once"
    assert sorted(mc.failed["member"]) == drew_five
    assert all("min_modules" in e and "max_modules" in e for e in mc.failed["error"])
    assert mc.members_ok == SAMPLES - len(drew_five)
    # every plan that solved counts, except in an output the plan does not model
    # (data-centre MW online without a datacenter facility kind: NaN in every plan)
    q = mc.quantiles
    undefined = q["n"] == 0
    assert (q.loc[~undefined, "n"] == mc.members_ok).all()
    assert set(q.loc[undefined, "output"].str.partition("@")[0]) <= set(POWER_OUTPUTS)
    assert sorted(mc.outputs["member"].unique()) == sorted(set(range(SAMPLES)) - set(drew_five))
    d = mc.to_dict()
    assert [f["member"] for f in d["failed"]] == drew_five
    assert d["members_ok"] == mc.members_ok


def test_drivers_are_ranked_by_abs_rho_and_pue_drives_power(mc: MonteCarlo) -> None:
    last = str(_scenario(SMALL_3Y).horizon.last_year)
    # nothing is unmet in any member (served = demand), so the fleet is the same and
    # power = IT MW x PUE: Spearman rho of PUE and the last year's power is exactly 1
    assert (mc.outputs.query("output == 'unmet_h100e'")["value"] == 0).all()
    d = mc.drivers([f"power_mw_{last}"], min_samples=mc.members_ok)  # few, on request
    assert d.iloc[0]["path"] == "pue"
    assert d.iloc[0]["value"] == pytest.approx(1.0)
    assert list(d["rank"]) == list(range(1, len(d) + 1))
    # min_modules is 0 in every member that solved: rho undefined, ranked last
    assert d.iloc[-1]["path"] == "sites.japan.min_modules" and math.isnan(d.iloc[-1]["value"])
    assert mc.drivers().empty  # fewer than 17 plans rank nothing by default
    default = mc.drivers(min_samples=mc.members_ok)
    assert set(default["output"]) == {
        "unmet_share_total",
        "capex_committed_usd",
        "npv_total_usd",
        f"unmet_h100e_{last}",
    }
    for _, g in default.groupby("output"):
        a = g["value"].abs().to_numpy()
        finite = a[~np.isnan(a)]
        assert (np.diff(finite) <= 0).all()
        assert not np.isnan(a[: len(finite)]).any()  # NaN only after the finite ones
    from tigris.errors import InputError

    for bad in ("npv_usd", "power_mw_2031", "nothing_2028", "unmet_h100e"):
        with pytest.raises(InputError, match="unknown output"):
            mc.drivers([bad])
    # the discount rate drives the investor's NPV: a higher rate discounts the later
    # revenue and salvage more than the earlier capex (one module, same years)
    npv = default[default["output"] == "npv_total_usd"]
    assert npv.iloc[0]["path"] == "discount_rate" and npv.iloc[0]["value"] < 0


def test_spearman_by_hand() -> None:
    # ranks of x with a tie: 1, 2.5, 2.5, 4; of y: 1, 2, 3, 4; centred dot products
    # 4.5 / sqrt(4.5 x 5)
    x = np.array([1.0, 2.0, 2.0, 3.0])
    y = np.array([1.0, 2.0, 3.0, 4.0])
    assert spearman(x, y) == pytest.approx(4.5 / math.sqrt(4.5 * 5.0))
    assert spearman(x, -(y**3)) == pytest.approx(-4.5 / math.sqrt(4.5 * 5.0))
    assert math.isnan(spearman(x, np.ones(4)))
    assert math.isnan(spearman(x[:2], y[:2]))


def test_no_distributions_is_an_input_error() -> None:
    from tigris.errors import InputError

    with pytest.raises(InputError, match="distributions"):
        monte_carlo(_scenario(SMALL_3Y), 2, SEED, workers=0)
    with pytest.raises(InputError, match="whole number"):
        monte_carlo(_scenario(UNCERTAIN), 2.5, SEED, workers=0)  # type: ignore[arg-type]


@pytest.mark.slow
def test_two_local_workers_give_the_same_result(mc: MonteCarlo) -> None:
    from tests.bounded import time_limit

    with time_limit(300, "a Monte Carlo on 2 local workers"):
        res = monte_carlo(_scenario(UNCERTAIN), SAMPLES, SEED, workers=2)
    assert res.to_json() == mc.to_json()
