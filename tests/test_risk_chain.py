"""The vectorised workload -> silicon -> fab chain and its Monte Carlo (issue 15 item 2).

What must hold: at any point the chain equals the scalar functions it vectorises
(accelerators_for_days, chip_bill, fab_model, facility_power_mw, h100_equivalents);
the same seed gives the same Monte Carlo bit for bit and another seed a different one;
quantiles are ordered; more defects take more wafers and more fabs.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from tigris.errors import InputError
from tigris.fab.model import fab_model
from tigris.risk.chain import (
    CHAIN_INPUTS,
    CHAIN_OUTPUTS,
    chain_arrays,
    chain_constants,
    chain_monte_carlo,
)
from tigris.risk.distributions import Lognormal, Normal, Pert, Point, Triangular, Uniform
from tigris.silicon.chip import chip_bill
from tigris.workload._common import facility_power_mw, h100_equivalents, workload_default
from tigris.workload.training import accelerators_for_days

#: Agreement with the scalar functions: the same formulas, operations in another order.
RTOL = 1e-13
#: Llama 3.1 405B: 3.8e25 FLOP (Meta, "The Llama 3 Herd of Models", 2024, sec. 3.4).
FLOP = 3.8e25

SPECS = {
    "training_flop": Lognormal(median=FLOP, sigma=0.5),
    "training_days": Triangular(low=60.0, mode=90.0, high=150.0),
    "mfu": Pert(low=0.25, mode=0.4, high=0.55),
    "d0_per_cm2": Uniform(low=0.05, high=0.15),
}
FIXED = {"accelerator": "h100", "year": 2026, "site": "arizona-usa", "wspm": 30_000.0}


@pytest.mark.parametrize(
    ("acc", "yield_model", "harvest"),
    [("h100", "poisson", True), ("b200", "poisson", True), ("h100", "murphy", True),
     ("mi300x", "negative-binomial", True), ("a100", "poisson", False)],
)  # fmt: skip
def test_chain_at_points_equals_the_scalar_functions(
    acc: str, yield_model: str, harvest: bool
) -> None:
    d0 = np.array([0.0, 0.03, 0.1, 0.25, 0.6])
    mfu = np.array([[0.3], [0.45]])  # broadcast: (2, 1) x (5,) -> (2, 5)
    inputs = {"training_flop": FLOP, "training_days": 80.0, "mfu": mfu, "d0_per_cm2": d0,
              "pue": 1.3, "goodput": 0.85, "fab_capex_factor": 1.2}  # fmt: skip
    opts = {"year": 2027, "site": "arizona-usa", "wspm": 30_000.0, "yield_model": yield_model}
    out = chain_arrays(inputs, accelerator=acc, harvest=harvest, **opts)
    assert all(v.shape == (2, 5) for v in out.values())
    c = chain_constants(acc, "arizona-usa", None, wspm=30_000.0, year=2027,
                        yield_model=yield_model, harvest=harvest)  # fmt: skip
    fab = fab_model(c.node, 30_000.0, "arizona-usa")
    for i, m in enumerate(mfu[:, 0]):
        n = accelerators_for_days(FLOP, 80.0, c.peak_flop_per_s, m, 0.85)
        for j, d in enumerate(d0):
            bill = chip_bill(acc, d0_per_cm2=float(d), year=2027, yield_model=yield_model,
                             harvest=harvest)  # fmt: skip
            wafers = n * bill.logic_wafers_per_unit
            fabs = wafers / fab.wafers_per_year
            expect = {
                "accelerators": n,
                "accelerator_hours": n * 80.0 * 24.0,
                "h100e": n * h100_equivalents(acc),
                "die_yield": bill.die_yield,
                "wafers_per_accelerator": bill.logic_wafers_per_unit,
                "logic_wafers": wafers,
                "fabs": fabs,
                "fab_capex_usd": fabs * fab.capex_usd * 1.2,
                "fab_power_mw": fabs * fab.power_mw,
                "compute_power_mw": facility_power_mw(n, c.system_power_w, 1.3),
                "unit_cost_usd": bill.manufacturing_cost_usd,
            }
            assert set(expect) == set(CHAIN_OUTPUTS)
            for k, v in expect.items():
                assert out[k][i, j] == pytest.approx(v, rel=RTOL), (k, m, d)


def test_chain_defaults_are_the_scalar_functions_defaults() -> None:
    """Without D0, goodput, PUE: the node's D0 as chip_bill takes it, the tables' others."""
    out = chain_arrays({"training_flop": FLOP, "training_days": 90.0, "mfu": 0.4}, **FIXED)
    bill = chip_bill("h100", year=2026)
    c = chain_constants("h100", "arizona-usa", None, wspm=30_000.0, year=2026)
    n = accelerators_for_days(FLOP, 90.0, c.peak_flop_per_s, 0.4, workload_default("goodput"))
    assert float(out["accelerators"]) == pytest.approx(n, rel=RTOL)
    assert float(out["wafers_per_accelerator"]) == pytest.approx(
        bill.logic_wafers_per_unit, rel=RTOL
    )
    power = facility_power_mw(n, c.system_power_w, workload_default("pue"))
    assert float(out["compute_power_mw"]) == pytest.approx(power, rel=RTOL)


def test_more_defects_take_more_wafers_and_fabs() -> None:
    d0 = np.linspace(0.0, 1.0, 201)
    out = chain_arrays({"training_flop": FLOP, "training_days": 90.0, "mfu": 0.4, "d0_per_cm2": d0},
                       **FIXED)  # fmt: skip
    for k in ("wafers_per_accelerator", "logic_wafers", "fabs", "fab_capex_usd", "unit_cost_usd"):
        assert np.all(np.diff(out[k]) > 0), k
    assert np.all(np.diff(out["die_yield"]) < 0)
    assert np.ptp(out["accelerators"]) == 0  # the workload does not see D0
    # past float range for S (mean defects per SM > ~50): the limit, finite and positive
    far = chain_arrays({"training_flop": FLOP, "training_days": 90.0, "mfu": 0.4,
                        "d0_per_cm2": np.array([1e3, 1e4])}, **FIXED)  # fmt: skip
    assert np.all(far["die_yield"] >= 0) and np.all(np.isfinite(far["die_yield"]))


@pytest.fixture(scope="module")
def mc():
    return chain_monte_carlo(SPECS, 20_000, 11, **FIXED)


def test_same_seed_same_bits_other_seed_differs(mc) -> None:
    again = chain_monte_carlo(SPECS, 20_000, 11, **FIXED)
    assert json.dumps(mc.to_dict(), sort_keys=True) == json.dumps(again.to_dict(), sort_keys=True)
    for k in CHAIN_OUTPUTS:
        assert np.array_equal(mc.outputs[k], again.outputs[k])
    other = chain_monte_carlo(SPECS, 20_000, 12, **FIXED)
    assert json.dumps(mc.to_dict()) != json.dumps(other.to_dict())
    assert not np.array_equal(mc.outputs["fabs"], other.outputs["fabs"])


def test_monte_carlo_quantiles_ordered_and_inputs_within_their_support(mc) -> None:
    q = mc.quantiles
    assert list(q["output"]) == list(CHAIN_OUTPUTS)
    cols = ["p5", "p25", "p50", "p75", "p95"]
    assert np.all(np.diff(q[cols].to_numpy(), axis=1) >= 0)
    for name, spec in SPECS.items():
        s = mc.samples[name]
        assert s.shape == (20_000,)
        if hasattr(spec, "low"):
            assert spec.low <= s.min() and s.max() <= spec.high
    # the fixed inputs are the defaults, every sample
    assert np.all(mc.samples["pue"] == workload_default("pue"))
    d = mc.to_dict()
    assert set(d["inputs"]) == set(SPECS) and d["inputs"]["mfu"]["dist"] == "pert"
    assert d["samples"] == 20_000 and d["seed"] == 11
    # the Monte Carlo is the chain on its own draws
    direct = chain_arrays(mc.samples, **FIXED)
    assert np.array_equal(direct["fabs"], mc.outputs["fabs"])


def test_monte_carlo_ranks_follow_the_chain(mc) -> None:
    """Fabs rise with FLOP and D0 and fall with MFU and days (Spearman's rho signs)."""

    def rho(a: np.ndarray, b: np.ndarray) -> float:
        return float(np.corrcoef(np.argsort(np.argsort(a)), np.argsort(np.argsort(b)))[0, 1])

    fabs = mc.outputs["fabs"]
    assert rho(mc.samples["training_flop"], fabs) > 0.3
    assert rho(mc.samples["d0_per_cm2"], fabs) > 0.05
    assert rho(mc.samples["mfu"], fabs) < -0.1
    assert rho(mc.samples["training_days"], fabs) < -0.1


def test_collapsed_distributions_are_the_point() -> None:
    specs = {"training_flop": Point(value=FLOP), "mfu": Uniform(low=0.4, high=0.4),
             "training_days": Triangular(low=90.0, mode=90.0, high=90.0)}  # fmt: skip
    mc = chain_monte_carlo(specs, 100, 3, d0_per_cm2=0.1, **FIXED)
    point = chain_arrays({"training_flop": FLOP, "training_days": 90.0, "mfu": 0.4,
                          "d0_per_cm2": 0.1}, **FIXED)  # fmt: skip
    for k in CHAIN_OUTPUTS:
        assert np.all(mc.outputs[k] == point[k]), k
    q = mc.quantiles.set_index("output")
    assert q.loc["fabs", "p5"] == q.loc["fabs", "p95"] == float(point["fabs"])


def test_bad_input_is_one_clear_error() -> None:
    base = {"training_flop": FLOP, "training_days": 90.0, "mfu": 0.4}
    with pytest.raises(InputError, match="training_days"):
        chain_arrays({"training_flop": FLOP, "mfu": 0.4}, **FIXED)
    with pytest.raises(InputError, match="mfu"):
        chain_arrays({**base, "mfu": np.array([0.4, 1.5])}, **FIXED)
    with pytest.raises(InputError, match="d0_per_cm2"):
        chain_arrays({**base, "d0_per_cm2": np.array([0.1, np.nan])}, **FIXED)
    with pytest.raises(InputError, match="d0_per_cm2"):
        chain_arrays({**base, "d0_per_cm2_typo": 0.1}, **FIXED)
    with pytest.raises(InputError, match="d0_per_cm2"):  # a normal reaching below 0
        chain_monte_carlo({"d0_per_cm2": Normal(mean=0.01, sd=0.05)}, 1000, 1, **base, **FIXED)
    with pytest.raises(InputError, match="mfu"):
        chain_monte_carlo({"mfu": Uniform(low=0.3, high=0.5)}, 10, 1, **base, **FIXED)
    with pytest.raises(InputError, match="number of samples"):
        chain_monte_carlo(SPECS, 0, 1, **FIXED)
    assert set(CHAIN_INPUTS) >= set(SPECS)


def test_constants_follow_a_data_overlay(tmp_path) -> None:
    """Inside a --data overlay that replaces N4's launch D0, the chain's default D0 and
    wafers move with it (the constants are cached per overlay, not frozen)."""
    from tigris.data import using_overlay
    from tigris.nodes import get_node
    from tigris.overlay import load_overlay

    n4 = get_node("N4")
    path = tmp_path / "n4.yaml"
    path.write_text(
        "nodes:\n  - name: N4\n    based_on: N4\n"
        f"    d0_per_cm2: {2 * n4.d0_per_cm2}\n    source: test\n    as_of: 2026-12\n"
    )
    inputs = {"training_flop": FLOP, "training_days": 90.0, "mfu": 0.4}
    opts = {"accelerator": "h100", "site": "arizona-usa"}  # launch D0: no year
    shipped = chain_arrays(inputs, **opts)
    with using_overlay(load_overlay(path)):
        overlaid = chain_arrays(inputs, **opts)
        bill = chip_bill("h100")
    assert bill.d0_per_cm2 == pytest.approx(2 * n4.d0_per_cm2)
    assert float(overlaid["wafers_per_accelerator"]) == pytest.approx(
        bill.logic_wafers_per_unit, rel=RTOL
    )
    assert float(overlaid["wafers_per_accelerator"]) > float(shipped["wafers_per_accelerator"])


def test_docs_chain_example_runs_and_its_numbers_hold() -> None:
    """docs/risk.md's chain example runs as written; its broadcast accelerator counts
    are C / (days x 86,400 s x P x MFU x goodput) by hand, and the Monte Carlo's median
    accelerators sit between the counts at the draws' extreme days and MFU."""
    from pathlib import Path

    from tigris.catalog import get_accelerator

    doc = (Path(__file__).parents[1] / "docs" / "risk.md").read_text(encoding="utf-8")
    section = doc.split("## The chain Monte Carlo", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    ns: dict = {}
    exec(compile(code, "docs/risk.md", "exec"), ns)
    peak = get_accelerator("h100").peak_flop_per_s("bf16")
    goodput = workload_default("goodput")
    out = ns["chain_arrays"](
        {"training_flop": 3.8e25, "training_days": [60.0, 90.0, 150.0], "mfu": 0.4},
        accelerator="h100",
        site="arizona-usa",
        year=2026,
    )
    want = [3.8e25 / (d * 86_400 * peak * 0.4 * goodput) for d in (60.0, 90.0, 150.0)]
    assert out["accelerators"] == pytest.approx(want, rel=RTOL)
    q = ns["mc"].quantiles.set_index("output")
    fewest = 3.8e25 / (150.0 * 86_400 * peak * 0.55 * goodput)  # longest, best MFU
    most = 3.8e25 / (60.0 * 86_400 * peak * 0.25 * goodput)  # shortest, worst MFU
    assert fewest < q.loc["accelerators", "p50"] < most


def test_fab_capex_says_which_years_dollars() -> None:
    """The chain has no currency year of its own (no scenario): one fab's capex is in
    dollars of the node's price year unless ``dollars_of`` is given, and the outputs say
    which. The H100 is made on N4, whose capex decomposes DigiTimes's 2020 reference fab
    (fab_parameters.csv price_year 2020), so 2020 dollars by default; in 2024 dollars it
    is more by a factor between the PPI ratio for tools (103.5 / 89.24, BLS
    PCU333242333242, 2020 a tigris interpolation) and the CPI-U ratio for the building
    (313.689 / 258.811, BLS annual averages)."""
    from tigris.fab import fab_model

    args = {k: v for k, v in FIXED.items() if k != "accelerator"}
    own = chain_constants("h100", **args)
    c24 = chain_constants("h100", **args, dollars_of=2024)
    assert own.node == "N4"
    assert (own.fab_capex_dollars_of, c24.fab_capex_dollars_of) == (2020, 2024)
    assert (
        c24.fab_capex_usd
        == fab_model("N4", FIXED["wspm"], FIXED["site"], dollars_of=2024).capex_usd
    )
    assert 103.5 / 89.24 < c24.fab_capex_usd / own.fab_capex_usd < 313.689 / 258.811
    specs = {"d0_per_cm2": Uniform(low=0.05, high=0.15)}
    work = {"training_flop": FLOP, "training_days": 90.0, "mfu": 0.4}
    by_year = {}
    for year in (None, 2024):
        extra = {} if year is None else {"dollars_of": year}
        mc = chain_monte_carlo(specs, 100, 3, **work, **FIXED, **extra)
        unit = f"USD of {year or 2020}"
        assert mc.quantiles.set_index("output").loc["fab_capex_usd", "unit"] == unit
        assert mc.to_dict()["quantiles"]["fab_capex_usd"]["unit"] == unit
        by_year[year] = mc.outputs["fab_capex_usd"]
    ratio = c24.fab_capex_usd / own.fab_capex_usd
    np.testing.assert_allclose(by_year[2024], by_year[None] * ratio, rtol=1e-12)
    out = chain_arrays(work, **FIXED, dollars_of=2024)
    assert float(out["fab_capex_usd"]) == pytest.approx(
        float(out["fabs"]) * c24.fab_capex_usd, rel=1e-12
    )


def test_chain_power_per_h100_is_the_fleets() -> None:
    """Review of 2026-12-03: the chain's compute power left out the IT overhead that
    ``train``, ``infer`` and the plan charge. One H100 at the default PUE (1.2) draws its
    DGX H100 share (10.2 kW / 8 = 1,275 W, NVIDIA's datasheet) times the SuperPOD's IT
    overhead (1.08: ~1.4 MW for 1,016 GPUs, NVIDIA's design guide) times the PUE."""
    out = chain_arrays({"training_flop": FLOP, "training_days": 90.0, "mfu": 0.4}, **FIXED)
    per_unit_mw = float(out["compute_power_mw"]) / float(out["accelerators"])
    assert per_unit_mw == pytest.approx(10_200 / 8 * 1.08 * 1.2 / 1e6, rel=1e-3)
