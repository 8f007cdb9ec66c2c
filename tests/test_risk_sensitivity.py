"""Sensitivity (tigris.risk.sensitivity): Sobol' indices and the tornado chart.

The Sobol' estimator is checked against the Ishigami function, whose indices are known
in closed form (Ishigami, T. & Homma, T. (1990). An importance quantification technique
in uncertainty analysis for computer models. Proc. ISUMA '90, 398-403; the analytic
variances in Sobol', I. M. & Levitan, Yu. L. (1999). On the use of variance reducing
multipliers in Monte Carlo computations of a global sensitivity index. Computer Physics
Communications 117, 52-61, and Saltelli et al. (2010), Computer Physics Communications
181, 259-270, section 5):

    f(x) = sin x1 + a sin^2 x2 + b x3^4 sin x1,   x_i ~ U(-pi, pi) independent,
    V1 = b pi^4/5 + b^2 pi^8/50 + 1/2,   V2 = a^2/8,   V3 = 0,
    V13 = 8 b^2 pi^8/225 (the only interaction),   V = V1 + V2 + V13,
    S1_i = V_i / V,   ST_1 = (V1 + V13)/V,   ST_2 = V2/V,   ST_3 = V13/V.

With a = 7, b = 0.1: S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from tests.conftest import SMALL_3Y, data_table
from tigris.errors import InputError
from tigris.risk.distributions import Uniform
from tigris.risk.sensitivity import INDEPENDENCE_NOTE, sobol, sobol_plan
from tigris.risk.tornado import tornado
from tigris.scenario.edit import load_any

A, B = 7.0, 0.1
#: The published rounded values (Saltelli et al. 2010, section 5; Sobol' & Levitan 1999).
PUBLISHED_S1 = (0.3139, 0.4424, 0.0)
PUBLISHED_ST = (0.5576, 0.4424, 0.2437)
#: The tolerance issue 15 asks for [-].
TOL = 0.02
#: Base sample of the Ishigami tests: 2^13 points, 5 x 8192 evaluations (~0.6 s with the
#: bootstrap). Over seeds 0-29 the largest error of any index was 0.012 at this N (0.027
#: at N = 4096, where the S1 estimator's tail crosses the 0.02 tolerance for some seeds).
N_ISHIGAMI = 8192


def ishigami(x: np.ndarray) -> np.ndarray:
    """The Ishigami function (a = 7, b = 0.1) of an (N, 3) array."""
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def analytic() -> tuple[list[float], list[float]]:
    """S1 and ST of the Ishigami function from its variances (module docstring)."""
    v1 = B * math.pi**4 / 5 + B**2 * math.pi**8 / 50 + 0.5
    v2 = A**2 / 8
    v13 = 8 * B**2 * math.pi**8 / 225
    v = v1 + v2 + v13
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


NAMES = ["x1", "x2", "x3"]
SPECS = [Uniform(low=-math.pi, high=math.pi)] * 3


@pytest.fixture(scope="module")
def ishigami_result():
    return sobol(ishigami, NAMES, SPECS, N_ISHIGAMI, seed=2024)


def test_analytic_values_match_the_published_ones():
    s1, st = analytic()
    assert s1 == pytest.approx(PUBLISHED_S1, abs=5e-5)
    assert st == pytest.approx(PUBLISHED_ST, abs=5e-5)


def test_ishigami_indices_within_0_02_of_analytic(ishigami_result):
    s1, st = analytic()
    df = ishigami_result.indices.set_index("path").loc[NAMES]
    assert df["S1"].to_numpy() == pytest.approx(s1, abs=TOL)
    assert df["ST"].to_numpy() == pytest.approx(st, abs=TOL)
    # first order never above total order, within the estimate's own interval
    assert (df["S1"] <= df["ST"] + df["S1_conf"] + df["ST_conf"]).all()
    # ranked by total order: x1 (0.56), x2 (0.44), x3 (0.24)
    assert df["rank"].tolist() == [1, 2, 3]
    assert ishigami_result.evaluations == N_ISHIGAMI * (3 + 2)
    assert INDEPENDENCE_NOTE in ishigami_result.notes


@pytest.mark.parametrize("seed", [0, 1])
def test_ishigami_other_seeds(seed):
    """Not one lucky seed: other seeds land within the tolerance too, and S1 <= ST +
    conf for every input."""
    s1, st = analytic()
    res = sobol(ishigami, NAMES, SPECS, N_ISHIGAMI, seed=seed)
    df = res.indices.set_index("path").loc[NAMES]
    assert df["S1"].to_numpy() == pytest.approx(s1, abs=TOL)
    assert df["ST"].to_numpy() == pytest.approx(st, abs=TOL)
    assert (df["S1"] <= df["ST"] + df["ST_conf"]).all()


def test_same_seed_same_result_other_seed_different(ishigami_result):
    again = sobol(ishigami, NAMES, SPECS, N_ISHIGAMI, seed=2024)
    assert again.to_json() == ishigami_result.to_json()
    other = sobol(ishigami, NAMES, SPECS, N_ISHIGAMI, seed=2025)
    assert other.to_json() != ishigami_result.to_json()


def test_several_outputs_and_json(ishigami_result):
    """Two outputs at once: the Ishigami function and sin x1 alone (S1 = ST = 1 for
    x1, 0 for the others: only x1 enters)."""

    def two(x: np.ndarray) -> np.ndarray:
        return np.column_stack([ishigami(x), np.sin(x[:, 0])])

    res = sobol(two, NAMES, SPECS, 1024, seed=3, outputs=["f", "sin_x1"])
    d = json.loads(res.to_json())
    assert list(d["indices"]) == ["f", "sin_x1"]
    sin = {r["path"]: r for r in d["indices"]["sin_x1"]}
    assert sin["x1"]["S1"] == pytest.approx(1.0, abs=TOL)
    assert sin["x1"]["rank"] == 1
    for p in ("x2", "x3"):
        assert sin[p]["S1"] == pytest.approx(0.0, abs=1e-12)
        assert sin[p]["ST"] == pytest.approx(0.0, abs=1e-12)
    assert d["evaluations"] == 1024 * 5 and d["n"] == 1024 and d["seed"] == 3


def test_json_and_drivers_in_rank_order_outputs_as_given():
    """y = x_b alone: b ranks first (ST = 1) though named second; outputs keep the
    order given, not alphabetical."""

    def f(x: np.ndarray) -> np.ndarray:
        return np.column_stack([x[:, 1], x[:, 0] + 3 * x[:, 1]])

    res = sobol(f, ["a", "b"], SPECS[:2], 256, seed=4, outputs=["z", "m"])
    d = res.to_dict()
    assert list(d["indices"]) == ["z", "m"]
    assert [r["path"] for r in d["indices"]["z"]] == ["b", "a"]
    assert [r["rank"] for r in d["indices"]["z"]] == [1, 2]
    drivers = res.drivers()
    assert drivers["output"].tolist() == ["z", "z", "m", "m"]
    assert drivers["path"].tolist() == ["b", "a", "b", "a"]
    assert drivers["value"].iloc[0] == pytest.approx(1.0, abs=TOL)


def test_rounding_is_no_effect():
    """y = 1e9 x_a + 1e-6 x_b: b moves y by 1e-15 of its magnitude, as rounding in a
    solve does, so S1 = ST = 0 exactly for b (not a noisy 1e-13 that would rank it
    above inputs with exact zeros)."""

    def f(x: np.ndarray) -> np.ndarray:
        return 1e9 * x[:, 0] + 1e-6 * x[:, 1]

    res = sobol(f, ["a", "b"], SPECS[:2], 64, seed=2)
    b = res.indices.set_index("path").loc["b"]
    assert (b["S1"], b["ST"], b["S1_conf"], b["ST_conf"]) == (0.0, 0.0, 0.0, 0.0)


def test_constant_output_has_undefined_indices():
    res = sobol(lambda x: np.full(len(x), 3.0), ["a"], [SPECS[0]], 8, seed=1)
    d = res.to_dict()
    assert d["indices"]["y"] == [
        {"rank": None, "path": "a", "S1": None, "S1_conf": None, "ST": None, "ST_conf": None}
    ]
    assert any("constant" in note for note in d["notes"])
    assert res.drivers().empty


def test_failed_evaluations_leave_their_block_out():
    """A NaN output drops its block of D + 2 rows; the rest still gives the answer."""

    def holes(x: np.ndarray) -> np.ndarray:
        y = ishigami(x)
        y[7] = np.nan  # row 7 is in block 1 (rows 5-9)
        return y

    res = sobol(holes, NAMES, SPECS, 2048, seed=5)
    assert any("1 of 2048 blocks left out" in note for note in res.notes)
    s1, _ = analytic()
    assert res.indices["S1"].to_numpy() == pytest.approx(s1, abs=TOL)


@pytest.mark.parametrize(
    ("kwargs", "field", "needle"),
    [
        ({"names": []}, "names", "at least one input"),
        ({"names": ["a", "a", "b"]}, "names", "'a' twice"),
        ({"specs": SPECS[:2]}, "specs", "one distribution per input (3), got 2"),
        ({"n": 1000}, "n", "power of two"),
        ({"n": 1}, "n", "power of two"),
        ({"n": 4.0}, "n", "power of two"),
        ({"seed": -1}, "seed", "whole number >= 0"),
        ({"seed": None}, "seed", "whole number >= 0"),
        ({"conf_level": 1.0}, "conf_level", "(0, 1)"),
        ({"func": lambda x: x[:5, 0]}, "func", "expected func to return (40,)"),
        ({"outputs": ["a", "b"]}, "outputs", "expected 1 output names, got 2"),
    ],
)
def test_bad_inputs_are_one_clear_input_error(kwargs, field, needle):
    args = {"func": ishigami, "names": NAMES, "specs": SPECS, "n": 8, "seed": 1} | kwargs
    with pytest.raises(InputError) as err:
        sobol(**args)
    (problem,) = err.value.problems
    assert problem.field == field
    assert needle in problem.message
    assert "\n" not in str(err.value)


# ------------------------------------------------------------------- plans
#: SMALL_3Y (one candidate site, japan, up to 3 modules; a fund of $2e10 over 2026-27)
#: with two distributions. The base plan builds one CoWoS module at japan (start 2026,
#: half output in 2028), which the fund pays 1 - 0.37 (japan's subsidy share) of.
#: The fund's ranges lie below its own $2e10 on purpose (the capital binds in some
#: draws), so the runs below draw them as written (``as_written=True``; a value outside
#: its distribution is refused otherwise, tigris.risk.support).
CAPITAL = "capital.fund.amount_usd"
MAX_MODULES = "sites.japan.max_modules"
TORNADO_TEXT = SMALL_3Y + (
    "distributions:\n"
    f"  {CAPITAL}: {{dist: uniform, low: 1.0e8, high: 1.01e10, source: 'test'}}\n"
    f"  {MAX_MODULES}: {{dist: discrete, values: [2, 3], source: 'test'}}\n"
)
TORNADO_OUTPUTS = ["capex_committed_usd", "npv_total_usd", "unmet_h100e_2028", "unmet_share_total"]


def _cowos() -> dict[str, str]:
    return next(r for r in data_table("facility_types") if r["kind"] == "cowos")


def _row(table: str, **match: str) -> dict[str, str]:
    return next(r for r in data_table(table) if all(r[k] == v for k, v in match.items()))


def _cowos_capex_at_japan() -> float:
    """One CoWoS module's capex at japan by hand [USD]: facility_types.csv quotes it
    at its priced_at_site (taiwan, construction cost m0 = 1.0), US$1.5B with equipment
    share e = 0.7 (finance_parameters.csv); at japan (m = 1.5, sites.csv) the building
    part scales by m / m0 and the tools' hook-up (h = 0.10 of the tool price,
    fab_parameters.csv) carries the site's premium h (m - 1) (docs/scenario-files.md,
    "What a site's overrides reach"): 1.5e9 x (0.3 x 1.5 + 0.7 x 1.05) = 1.7775e9."""
    row = _cowos()
    m0 = float(_row("sites", site=row["priced_at_site"])["construction_cost_multiplier"])
    m = float(_row("sites", site="japan")["construction_cost_multiplier"])
    e = float(
        _row("finance_parameters", parameter="equipment_share_of_capex", kind="cowos")["value"]
    )
    h = float(_row("fab_parameters", parameter="tool_hookup_share_of_equipment")["value"])
    capex = float(row["capex_usd"])
    return capex * ((1 - e) * m / m0 + e * (1 + h * (m - 1)) / (1 + h * (m0 - 1)))


@pytest.fixture(scope="module")
def small_tornado():
    sc = load_any(TORNADO_TEXT)
    return tornado(sc, TORNADO_OUTPUTS, workers=0, as_written=True)


def test_tornado_swing_derived_by_hand(small_tornado):
    """Capital at its 5th percentile, 1e8 + 0.05 x 1e10 = 6e8 USD, is less than the
    fund's share of one CoWoS module at japan, 1.7775e9 x (1 - 0.37) = 1.12e9 USD
    (:func:`_cowos_capex_at_japan`): nothing can be built, so nothing is committed and
    the investor, with no cash flow, has NPV 0. At its 95th, 1e8 + 0.95 x 1e10 = 9.6e9
    USD, the fund pays for the one module the base plan (2e10 USD) builds: every output
    as in the base. So the capex swing is one module's capex at japan, derived from the
    shipped tables, and the NPV swing is the base NPV.
    ``max_modules`` at 2 or 3 cannot matter: the plan builds one module. The base
    plan's own value (3) is the base plan: 1 + 2 + 1 = 4 plans solved."""
    t = small_tornado
    bars = t.bars.set_index(["output", "path"])
    module_capex = _cowos_capex_at_japan()
    assert module_capex == pytest.approx(1.7775e9, rel=1e-12)  # the docstring's number
    investor_share = 1 - float(
        next(r for r in data_table("sites") if r["site"] == "japan")["subsidy_share_of_capex"]
    )
    cap = bars.loc[("capex_committed_usd", CAPITAL)]
    assert (cap["input_low"], cap["input_high"]) == pytest.approx((6e8, 9.6e9))
    assert cap["input_low"] < module_capex * investor_share < cap["input_high"]
    assert cap["input_base"] == 2e10
    assert t.base["capex_committed_usd"] == pytest.approx(module_capex)
    assert cap["output_low"] == 0.0
    assert cap["swing"] == pytest.approx(module_capex)
    npv = bars.loc[("npv_total_usd", CAPITAL)]
    assert npv["output_low"] == pytest.approx(0.0, abs=1.0)
    assert npv["swing"] == pytest.approx(abs(t.base["npv_total_usd"]), rel=1e-9)
    for out in TORNADO_OUTPUTS:
        high = bars.loc[(out, CAPITAL), "output_high"]
        assert high == pytest.approx(t.base[out], rel=1e-9, abs=1e-6)
        assert bars.loc[(out, MAX_MODULES), "swing"] == 0.0
        assert bars.loc[(out, MAX_MODULES), "input_low"] == 2.0
        assert bars.loc[(out, MAX_MODULES), "input_high"] == 3.0
        assert bars.loc[(out, CAPITAL), "rank"] == 1
        assert bars.loc[(out, MAX_MODULES), "rank"] == 2
    # without the module, some 2028 demand goes unmet, and only 2028's (the module's
    # first output year): the total share is that over 4e6 + 6e6 + 8e6 H100e
    unmet = bars.loc[("unmet_h100e_2028", CAPITAL), "output_low"]
    share = bars.loc[("unmet_share_total", CAPITAL), "output_low"]
    assert unmet > 0 and t.base["unmet_h100e_2028"] == 0.0
    assert share == pytest.approx(unmet / 18e6, rel=1e-9)
    assert t.evaluations == 4
    assert t.failed.empty


def test_tornado_json_and_drivers(small_tornado):
    d = json.loads(json.dumps(small_tornado.to_dict(), allow_nan=False))
    assert list(d["bars"]) == TORNADO_OUTPUTS
    assert [b["rank"] for b in d["bars"]["capex_committed_usd"]] == [1, 2]
    drivers = small_tornado.drivers()
    assert set(drivers["measure"]) == {"tornado_swing"}
    first = drivers[drivers["rank"] == 1]
    assert set(first["path"]) == {CAPITAL}


@pytest.mark.parametrize(
    ("kwargs", "field", "needle"),
    [
        ({"outputs": ["unmet_h100e_2031"]}, "outputs", "unknown output 'unmet_h100e_2031'"),
        ({"outputs": ["capex_commited_usd"]}, "outputs", "did you mean 'capex_committed_usd'"),
        ({"outputs": []}, "outputs", "at least one output"),
        ({"low_q": 0.9, "high_q": 0.1}, "high_q", "expected high_q > low_q"),
        ({"low_q": -0.1}, "low_q", "probability in [0, 1]"),
    ],
)
def test_tornado_bad_inputs(kwargs, field, needle):
    with pytest.raises(InputError) as err:
        tornado(load_any(TORNADO_TEXT), **{"outputs": ["cost_usd"], **kwargs})
    (problem,) = err.value.problems
    assert problem.field == field and needle in problem.message


def test_no_distributions_is_an_input_error():
    for call in (lambda sc: tornado(sc), lambda sc: sobol_plan(sc, None, 4, seed=1)):
        with pytest.raises(InputError, match="declares no distributions"):
            call(load_any(SMALL_3Y))


def test_sobol_plan_evaluations_bounded():
    with pytest.raises(InputError) as err:
        sobol_plan(load_any(TORNADO_TEXT), ["cost_usd"], 4096, seed=1)
    assert err.value.problems[0].field == "n"
    assert "4096 x (2 inputs + 2) = 16,384 plans" in str(err.value)


#: Both inputs two-valued: Saltelli's points are at most 4 distinct plans, however many.
SOBOL_TEXT = SMALL_3Y + (
    "distributions:\n"
    f"  {CAPITAL}: {{dist: discrete, values: [6.0e8, 9.6e9], source: 'test'}}\n"
    f"  {MAX_MODULES}: {{dist: discrete, values: [2, 3], source: 'test'}}\n"
    "correlations:\n"
    f"  - {{paths: [{CAPITAL}, {MAX_MODULES}], rho: 0.5, source: 'test'}}\n"
)


def test_sobol_plan_small():
    """capex_committed_usd is 1.5e9 x [capital high] (the tornado's derivation above):
    a function of the capital alone, so max_modules has S1 = ST = 0 exactly (swapping
    its column never changes the output) and the capital carries the variance (S1 and
    ST near 1). The correlation is noted as ignored."""
    n = 32
    res = sobol_plan(
        load_any(SOBOL_TEXT),
        ["capex_committed_usd", "unmet_h100e_2026"],
        n,
        7,
        workers=0,
        as_written=True,
    )
    assert res.evaluations == n * (2 + 2)
    df = res.indices.set_index(["output", "path"])
    mm = df.loc[("capex_committed_usd", MAX_MODULES)]
    assert (mm["S1"], mm["ST"]) == (0.0, 0.0)
    cap = df.loc[("capex_committed_usd", CAPITAL)]
    assert cap["rank"] == 1
    assert cap["ST"] == pytest.approx(1.0, abs=max(cap["ST_conf"], 0.05))
    assert cap["S1"] <= cap["ST"] + cap["ST_conf"]
    # demand 2026 is served by the supply already there: a constant output, no indices
    assert df.loc["unmet_h100e_2026"][["S1", "ST"]].isna().all().all()
    notes = " | ".join(res.notes)
    assert INDEPENDENCE_NOTE in notes and "correlations are not used" in notes
    assert "4 distinct plans solved for the 128 points" in notes
    assert json.dumps(res.to_dict(), allow_nan=False)


@pytest.mark.slow
def test_sobol_plan_continuous_slow():
    """Continuous capital: same seed, same JSON; S1 <= ST + conf for every input."""
    sc = load_any(TORNADO_TEXT)
    a = sobol_plan(sc, ["capex_committed_usd", "npv_total_usd"], 8, 3, workers=0, as_written=True)
    b = sobol_plan(sc, ["capex_committed_usd", "npv_total_usd"], 8, 3, workers=0, as_written=True)
    assert a.to_json() == b.to_json()
    assert a.evaluations == 8 * 4 and a.failed.empty
    df = a.indices.dropna()
    assert (df["S1"] <= df["ST"] + df["ST_conf"]).all()
    mm = a.indices.set_index(["output", "path"]).loc[("capex_committed_usd", MAX_MODULES)]
    assert mm["ST"] == 0.0


def test_tornado_failed_plan_listed_not_dropped(monkeypatch):
    """A stand-in for the solves (no plan solved): cost = 1e9 + capital / 10, and the
    member with max_modules = 2 fails. Its bar keeps the low side unknown (null) and
    no rank; the failure is listed with its input and side, and noted."""
    import pandas as pd

    from tigris.risk import montecarlo

    def fake_evaluate(sc, members, **kw):
        rows, failed = [], []
        for i, m in enumerate(members):
            if m.get(MAX_MODULES) == 2:
                failed.append((i, "infeasible (stand-in)"))
                continue
            rows.append((i, "cost_usd", "all", 1e9 + m.get(CAPITAL, 2e10) / 10))
        out = pd.DataFrame(rows, columns=["member", "output", "year", "value"])
        fail = pd.DataFrame(failed, columns=["member", "error"])
        return montecarlo.Evaluated(out, fail, [dict(m) for m in members])

    monkeypatch.setattr(montecarlo, "evaluate", fake_evaluate)
    t = tornado(load_any(TORNADO_TEXT), ["cost_usd"], as_written=True)
    bars = t.bars.set_index("path")
    assert t.base == {"cost_usd": 1e9 + 2e9}
    # the scenario's capital (2e10) lies outside its distribution (as_written): the bar
    # runs from the p5's cost to the base plan's, (2e10 - 6e8) / 10 (the swing counts
    # the base, S36 RISK-FIX; |high - low| was (9.6e9 - 6e8) / 10)
    assert bars.loc[CAPITAL, "swing"] == pytest.approx((2e10 - 6e8) / 10)
    assert bars.loc[CAPITAL, "rank"] == 1
    assert math.isnan(bars.loc[MAX_MODULES, "output_low"])
    assert pd.isna(bars.loc[MAX_MODULES, "rank"])
    assert t.failed[["path", "side"]].values.tolist() == [[MAX_MODULES, "low"]]
    d = json.loads(json.dumps(t.to_dict(), allow_nan=False))
    assert d["bars"]["cost_usd"][1]["output_low"] is None
    assert d["bars"]["cost_usd"][1]["rank"] is None
    assert d["failed"][0]["error"] == "infeasible (stand-in)"
    assert any("1 of 5 plans failed" in n for n in t.notes)
