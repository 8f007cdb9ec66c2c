"""The hindcast (tigris.world.hindcast, ``tigris hindcast``): the planner on 2023-2025.

Three kinds of test:

- the issue's claims about the shipped world (delivered within 25 % of the published
  figures; CoWoS and HBM at least 90 % used in 2024 and 2025), which the model must
  give without anything imposing them;
- tiny hand-built worlds (stand-in capacity and roadmap) with hand-derived optima;
- an independent cross-check of the shipped hindcast by scipy's LP solver on the same
  arrays, and invariants (utilisation <= 1, something binds, demand never binds).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import assert_one_line_error
from tigris.errors import InputError
from tigris.fab import fab_param
from tigris.world import hindcast as hc
from tigris.world import incumbents

YEARS = (2023, 2024, 2025)
#: Utilisation is a ratio of solver values: equal up to the solver's feasibility
#: tolerance (HiGHS primal feasibility 1e-7, scaled by thousands in the model) [-].
TOL = 1e-6


@pytest.fixture(scope="module")
def shipped():
    """The hindcast of the shipped world (one solve for the module)."""
    return hc.hindcast(YEARS)


# --- the claims about the shipped world ----------------------------------------
# Not fitted. The history tables were audited against independent figures about each
# parameter (docs/plan.md, "The hindcast": what was checked, against what, what
# remains); the claims that still fail on that data are strict xfails whose reason says
# what the model gives and which table disagrees, so a later fix that makes one pass
# forces its marker off. None of these ratios is independent of the shipments table's
# own uncertainty (Epoch AI's 90 % intervals, 0.78-1.29x of its median by year:
# data/hindcast_epoch_intervals.csv).


def _xfail(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


_DELIVERED_OFF = {
    2023: "model ~1.73x published since HIND-AUDIT's OSAT rows (5892043, c163e4b: the "
    "OSATs' CoWoS-like line at its published ~3k wspm in 2023, 4k at end-2023, AI share 0.5; "
    "it had nothing before 2024): CoWoS binds, and 2023's sales at the model's bills use "
    "58 % of the lagged CoWoS. Before it ~1.40x (1.50x before f371041 sized H100's and "
    "A100's interposer "
    "by their six HBM sites): CoWoS binds, and 2023's sales at the model's bills use "
    "71 % of the CoWoS incumbent_capacity.csv (+ its mid-2023 point) lists for AI over "
    "the year before them. That capacity agrees with the ~110-120k wafers published for "
    "calendar 2023 (test_world_incumbents), so the gap is between the shipments and the "
    "bills: CoWoS passes of 2023 sold in 2024 (MI300 built up from Q3 2023) or CoWoS "
    "users missing from accelerator_shipments.csv (Gaudi2, Inferentia2, networking)",
    2024: "model ~0.71x published since HIND-AUDIT (32c00f4: H20 costed with its own 6 "
    "HBM3 stacks, Trainium1 with its 2 HBM2e; the OSATs' CoWoS-like line at its published "
    "2023-24 figures): SK hynix's and Micron's HBM binds (100 %), CoWoS 76 %; the published "
    "2024 units at the bills need 105 % of the pooled lagged HBM and 107 % of the CoWoS. "
    "Before it ~0.73x since ba9ff06 costed Epoch's H100/H200 rows with a "
    "sourced H200 share (41 % of 2024's units, 6 HBM3E stacks, 2.4x an H100's DRAM "
    "wafers) and TPU v5p, Trainium2, MI300A and MI250X with their own HBM; 0.84x before, "
    "when every H100/H200 carried H100's 80 GB. SK hynix's and Micron's HBM now binds "
    "(100 %), not CoWoS (87 %): NVIDIA's Hopper, Blackwell and H20 take HBM only from them "
    "(hbm_qualification.csv), and the published 2024 units at the model's bills need 106 % "
    "of the pooled lagged HBM and 119 % of the CoWoS, so the capacity tables or the bills "
    "are short of what shipped, not the planner",
}
# 2025 is a plain assertion again: ~0.88x since the stacking-time rule (docs/plan.md,
# "HBM stacking time", 78ead84) reads the HBM bonding yield 3.875 months before mid-year
# of sale (12-high HBM3E bonded at 6.125 months: 15.1 good stacks per wafer); it was a
# strict xfail at ~0.70x while 1f24355's rule read it with the dies at 1 October 2024
# (10.8), and passed at 1.03x while every yield was read at mid-2025 (17.4).
_SOLD_OUT_OFF = {
    ("cowos", 2024): "model ~76 % since HIND-AUDIT's OSAT rows (the published 2024 "
    "units at the bills need 107 % of the lagged CoWoS, 119 % before) and H20's 6 HBM3 "
    "stacks (SK hynix's and Micron's HBM, binding, holds 2024 to 0.71x); ~87 % since "
    "ba9ff06's H200 share (41 % of 2024's H100/H200 "
    "units at 6 HBM3E stacks) and own-HBM stand-ins: SK hynix's and Micron's HBM binds "
    "first (100 %), which holds 2024 to 0.73x the published H100e, so CoWoS is no longer "
    "used up (100 % before, when H200 was costed as H100); the published 2024 units at the "
    "model's bills need 119 % of the lagged CoWoS",
    ("cowos", 2025): "model ~66 % since HIND-AUDIT's OSAT rows (the end-2024 row 6k "
    "wspm, was 2k: more CoWoS-like capacity in 2025's window; the published 2025 units at "
    "the bills need 78 % of it); ~68 % since ba9ff06's H200 share (75 % of 2025's H100/H200 "
    "units) and own-HBM stand-ins; ~71 % since the stacking-time rule (78ead84) read 2025's HBM "
    "bonding yield 3.875 months before mid-2025 (12-high HBM3E bonded at 6.125 months: "
    "15.1 good stacks per wafer against 10.8), which lets 2025 reach 0.88x the published "
    "H100e; ~56 % (80 % before the bills' yields were read at the middle "
    "of each kind's lagged window, 1f24355's rule: SK hynix's and Micron's HBM, binding "
    "first, now holds 2025 to 0.70x the published H100e; 75 % while cefebda counted "
    "12-high HBM3E's HVM from "
    "1 January 2025, 85 % from 1 January 2024; since dac88af it starts in September "
    "2024, SK hynix's stated start, so 2025's 12-high stacks are ten months into their "
    "stacking-yield learning; 81 % before 4eb5f9a's "
    "2025 AI share 0.95, f371041's six HBM sites and 047fd3e's MI350X at its own bill): "
    "SK hynix's "
    "and Micron's HBM binds first (NVIDIA's Hopper and Blackwell take HBM only from them, "
    "hbm_qualification.csv); 2025's sales at the model's bills use 78 % of the CoWoS of "
    "the lagged window: TSMC's end-2025 "
    "75-80k wspm is above what the published 2025 units need at packaging.csv's bills "
    "(analysts put NVIDIA alone at ~390k wafers against ~285k at the model's; 81 % of "
    "the lagged CoWoS since 1f24355's rule, the package yield read at April 2025)",
    ("hbm", 2024): "model ~74 % of all makers' HBM since HIND-AUDIT (32c00f4): H20's 6 "
    "HBM3 stacks tie more of SK hynix's and Micron's binding HBM to fewer units, Samsung "
    "~47 % used; the published 2024 units at the bills need 105 % of the pooled lagged "
    "HBM. ~77 % since ba9ff06 costed 41 % of 2024's "
    "H100/H200 units as H200 (6 HBM3E stacks) and TPU v5p, Trainium2, MI300A and MI250X "
    "with their own HBM: SK hynix and Micron are used up, Samsung at ~53 %; the published "
    "2024 units at the bills need 106 % of the pooled lagged HBM (80 % before), so the "
    "shortfall is Samsung's unqualified share, not too much capacity. ~67 % since the "
    "stacking-time rule (78ead84) "
    "read 2024's bonding yield at March 2024 (8-high HBM3E bonded at 1.125 months, dies "
    "at their start values: 20.3 good stacks per wafer against 18.8); ~68 % (65 % before "
    "1f24355's rule read 2024's "
    "HBM yields at 1 October 2023, before 8-high HBM3E's February 2024 HVM: its start "
    "values, 18.8 good stacks per wafer against 25.3; 66 % before the definition audit: 69 % "
    "after 1f927c8 read the end-2022 TSV rows as TrendForce's annual growth, 65 % after "
    "f371041's larger H100 interposer): CoWoS binds; the pooled TSV capacity x "
    "hbm.csv's good GB per wafer is above the HBM TrendForce reports sold in 2024 (~485 GB "
    "a TSV wafer against ~630), and Samsung's ~48 % of it was not qualified at NVIDIA "
    "(the model uses 34-55 % of Samsung's; 27-55 % before 1f24355's rule)",
    ("hbm", 2025): "model ~74 % of all makers' HBM after HIND-AUDIT (H20's 6 HBM3 "
    "stacks; Samsung ~43 %; published 2025 units at the bills need 87 %); ~73 %, "
    "unchanged by ba9ff06's H200 share "
    "(published 2025 units at the bills need 87 % of the pooled lagged HBM, 83 % before; "
    "Samsung ~42 %); since the stacking-time rule (78ead84) "
    "read 2025's bonding yield 3.875 months before mid-2025 (12-high HBM3E: 15.1 good "
    "stacks per wafer; published 2025 units at the bills need 83 % of the pooled lagged "
    "HBM, 101 % before; SK hynix and Micron used up, Samsung ~41 %); ~70 % "
    "since 1f24355's rule read 2025's HBM "
    "yields at 1 October 2024 (12-high HBM3E one month old: 10.8 good stacks per wafer "
    "against 17.4), with 2025 held to 0.70x the published H100e; before it ~75 % (74 % "
    "with cefebda's 12-high HBM3E "
    "HVM from 1 January 2025, 76 % from 1 January 2024, 75 % from September 2024 since "
    "dac88af; 75 % before 047fd3e's MI350X at its own bill): SK hynix and "
    "Micron are used up but Samsung, with ~46 % of the lagged TSV capacity and no NVIDIA "
    "qualification for 2025's sales, is at ~41 % (~35 % before the stacking-time rule, "
    "~46 % before 1f24355's rule). Published shares "
    "of the HBM shipped in 2025's window (4Q24-3Q25: the 9-month lag less CoWoS's 3): "
    "Counterpoint has Samsung at 40, 13, 15 and 22 % of HBM revenue in those quarters "
    "(17 % of 2Q25 shipments), so with the other two sold out (same GB a wafer) the "
    "pooled use is 62-90 %, ~69 % at the quarters' mean share, not 100 % (Samsung ran its "
    "12-high HBM3E line at about half rate in mid-2025, Korean press)",
}
#: The "sold out" statements were SK hynix's and Micron's, each of its own HBM (SK hynix:
#: 2024 sold out and 2025 almost, Reuters 2024-05-02, 2025 sold out by its 2024-10-24
#: results; Micron: 2024 sold out and most of 2025 allocated, 2024-03-20 call): their
#: claim, tested on their HBM. Samsung said only that it had concluded 2024's supply
#: talks with customers and that 2025's were going well (Q1 2024 call, 2024-04-30, via
#: Reuters and Korea Economic Daily), with its HBM3E not qualified at NVIDIA.
SOLD_OUT_MAKERS = "SK hynix+Micron"
# 2024 is a plain assertion since ba9ff06 costed 41 % of 2024's H100/H200 units as H200
# (a sourced share; 6 HBM3E stacks, 2.4x an H100's DRAM wafers): SK hynix and Micron are
# used up in every allocation (100 %, least and most); it was a strict xfail at ~78 % while
# every H100/H200 carried H100's 80 GB, CoWoS binding first.
_MAKERS_OFF: dict[int, str] = {}


@pytest.mark.parametrize(
    "year",
    [pytest.param(y, marks=_xfail(_DELIVERED_OFF[y])) if y in _DELIVERED_OFF else y for y in YEARS],
)
def test_delivered_within_25_percent_of_published(shipped, year: int) -> None:
    row = shipped.set_index("year").loc[year]
    assert 0.75 <= row["delivered_h100e"] / row["published_h100e"] <= 1.25, _said(row)


@pytest.mark.parametrize(
    ("kind", "year"),
    [
        pytest.param(k, y, marks=_xfail(_SOLD_OUT_OFF[k, y])) if (k, y) in _SOLD_OUT_OFF else (k, y)
        for k in ("cowos", "hbm")
        for y in (2024, 2025)
    ],
)
def test_packaging_and_hbm_sold_out(shipped, kind: str, year: int) -> None:
    row = shipped.set_index("year").loc[year]
    assert row[f"utilisation_{kind}"] >= 0.90, _said(row)


@pytest.mark.parametrize(
    "year",
    [
        pytest.param(y, marks=_xfail(_MAKERS_OFF[y])) if y in _MAKERS_OFF else y
        for y in (2024, 2025)
    ],
)
def test_sk_hynix_and_micron_hbm_sold_out(shipped, year: int) -> None:
    # What the industry reported: SK hynix and Micron said their HBM was sold out for
    # 2024 and (almost) for 2025; Samsung, whose HBM3E NVIDIA had not qualified, did not.
    # Asserted on their HBM: the share of SK hynix's and Micron's TSV capacity that the
    # parts qualified only with them (NVIDIA's Hopper and Blackwell) must take in the
    # model's plan, whatever the allocation of the rest.
    # Each said it of its own HBM, so each maker is held to it too, in every allocation
    # (its least share): the pair's share alone would pass with Micron, ~1/7 of the
    # pair's TSV capacity, half idle.
    row = shipped.set_index("year").loc[year]
    assert row[f"utilisation_{hc.HBM_SET}{SOLD_OUT_MAKERS}"] >= 0.90, _said(row)
    for maker in SOLD_OUT_MAKERS.split("+"):
        assert row[f"hbm_maker_least:{maker}"] >= 0.90, (maker, _said(row))


def _said(row) -> str:
    """What the hindcast gave for a year, for a failing claim's message."""
    return (
        f"model {row['delivered_h100e'] / 1e6:.2f}M vs published "
        f"{row['published_h100e'] / 1e6:.2f}M H100e; used: logic "
        f"{row['utilisation_logic']:.0%}, CoWoS {row['utilisation_cowos']:.0%}, HBM "
        f"{row['utilisation_hbm']:.0%}; published shipments at the model's bills use CoWoS "
        f"{row['published_use_cowos']:.0%}, HBM {row['published_use_hbm']:.0%}"
    )


# --- invariants and an independent cross-check of the shipped hindcast ---------------


def test_utilisation_is_a_share_and_something_binds(shipped) -> None:
    util = shipped[[c for c in shipped if c.startswith("utilisation_")]].to_numpy(float)
    assert np.all(np.isnan(util) | ((util >= 0) & (util <= 1 + TOL)))
    # demand does not bind, so each year some capacity is used up
    kinds = shipped[["utilisation_logic", "utilisation_cowos", "utilisation_hbm"]]
    parts = shipped[
        [c for c in shipped if c.startswith(("utilisation_logic-", "utilisation_hbm:"))]
    ]  # logic families and sets of HBM makers
    most = np.fmax(kinds.max(axis=1).to_numpy(), parts.max(axis=1).to_numpy())
    np.testing.assert_allclose(most, 1.0, atol=TOL)


def test_delivered_is_the_lp_optimum_by_scipy(shipped) -> None:
    # the same arrays as a plain LP per year, max sum_p h_p x_p subject to capacity and
    # mix rows, solved by scipy.optimize.linprog: an independent formulation
    from scipy.optimize import linprog

    inp = hc.hindcast_inputs(YEARS)
    cap = inp.existing_output * 12  # finished wafers per year
    for t, year in enumerate(inp.years):
        h = inp.h100e
        avail = inp.available[:, t]
        a_ub = [inp.use[:, :, t].T]
        b_ub = [cap[:, t]]
        lo = np.nan_to_num(inp.min_share[:, t], nan=0.0)
        hi = np.nan_to_num(inp.max_share[:, t], nan=1.0)
        for p in range(len(h)):
            if not avail[p]:
                continue
            row = -lo[p] * h * avail
            row[p] += h[p]
            a_ub.append(-row[None])  # h_p x_p - lo * sum >= 0
            b_ub.append([0.0])
            row = -hi[p] * h * avail
            row[p] += h[p]
            a_ub.append(row[None])  # h_p x_p - hi * sum <= 0
            b_ub.append([0.0])
        bounds = [(0, None if a else 0) for a in avail]
        lp = linprog(-h, A_ub=np.vstack(a_ub), b_ub=np.concatenate(b_ub), bounds=bounds)
        assert lp.status == 0
        got = shipped.set_index("year").loc[year, "delivered_h100e"]
        assert got == pytest.approx(-lp.fun, rel=1e-6)


def test_the_mix_is_the_published_mix(shipped) -> None:
    # each vendor's share of the model's H100e is its published share among the rows the
    # model can cost (all, since TPU v5p and Trainium2, which have no die area in the
    # catalog, are costed at a stand-in's bill): the mix is pinned, the total is the
    # model's
    from tigris.world.demand import shipments_h100e
    from tigris.world.roadmap import bills_by_year

    pub = shipments_h100e(YEARS)
    costed = []
    for acc in pub["accelerator"]:
        try:
            bills_by_year(acc, [2024])
            costed.append(True)
        except InputError:  # the catalog lacks what a bill needs (die area, ...)
            costed.append(acc in ("tpu-v5p", "trainium2"))  # their bill_stand_in
    assert all(costed)  # every shipped row is in the hindcast
    pub = pub[costed].groupby(["year", "vendor"])["h100e"].sum()
    made = shipped.attrs["by_vendor"].set_index(["year", "vendor"])["delivered_h100e"]
    for year in YEARS:
        want = pub.loc[year] / pub.loc[year].sum()
        got = made.loc[year] / made.loc[year].sum()
        np.testing.assert_allclose(got.reindex(want.index, fill_value=0.0), want, atol=1e-6)
        assert set(got[got > 0].index) <= set(want.index)


def test_mi350x_is_costed_at_its_own_silicon() -> None:
    # AMD (Advancing AI 2025): MI350X carries 288 GB of HBM3E in 8 stacks and is the
    # MI355X's package at lower clocks and power. Its row's accelerator, h100-sxm (80 GB,
    # 5 stacks), is only its H100e stand-in; the part whose bill costs it must carry
    # MI350X's memory. Before the definition audit it was costed as h100-sxm.
    from tigris.catalog import get_accelerator

    part = get_accelerator(hc._silicon("h100-sxm", "AMD", "MI350X"))
    assert (part.memory_gb, part.hbm_stacks) == (288, 8)
    # a stand-in row without a named bill keeps its H100e stand-in's silicon
    assert hc._silicon("h100-sxm", "NVIDIA", "H20") == "h100-sxm"


def test_roadmap_mix_lets_the_optimiser_choose(monkeypatch: pytest.MonkeyPatch) -> None:
    # the other mix: the roadmap's products within its share bands
    from tigris.world.roadmap import roadmap_products

    monkeypatch.setattr(hc, "MIX", "roadmap")
    inp = hc.hindcast_inputs((2024,))
    assert set(inp.products) == {d["name"] for d in roadmap_products(2024, 2024)}


def test_capacity_is_the_lagged_supply_of_the_lag_table() -> None:
    # the hindcast's capacity is each kind's over the twelve months ending the lag of
    # data/hindcast_lags.csv before the year's end, in years, by hand from the rows'
    # sources: CoWoS one quarter to the sale; HBM TrendForce's "over two quarters from
    # wafer start to final packaging" (2024-03-18) plus CoWoS's; logic about a quarter
    # of wafer-fab cycle plus CoWoS's
    lags = hc.lag_years()
    cowos = 3 / 12
    assert lags == pytest.approx({"cowos": cowos, "hbm": 6 / 12 + cowos, "logic": 3 / 12 + cowos})
    inp = hc.hindcast_inputs(YEARS)
    want = incumbents.existing_supply_lagged("announced", np.array(YEARS), lags)
    makers = incumbents.existing_supply_lagged(
        "announced", np.array(YEARS), lags, by_owner=("hbm",)
    )
    for k, fac in enumerate(inp.facilities):
        if fac.startswith(hc.HBM_SET):  # a set of HBM makers: the sum of theirs
            want[fac] = sum(makers[hc.HBM_SET + m] for m in fac[len(hc.HBM_SET) :].split("+"))
        np.testing.assert_allclose(inp.existing[k], want.get(fac, 0.0), rtol=1e-12)
    # the makers' capacities add up to the pooled HBM
    np.testing.assert_allclose(
        sum(v for k, v in makers.items() if k.startswith(hc.HBM_SET)), want["hbm"], rtol=1e-12
    )
    # capacity grew through 2023-2025, so a lag leaves less of it than the calendar year
    now = incumbents.existing_supply("announced", np.array(YEARS))
    assert np.all(want["cowos"] < now["cowos"]) and np.all(want["hbm"] < now["hbm"])


def test_a_bad_lag_row_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from tigris.errors import TigrisError

    rows = [{"kind": "cowos", "lag_months": 30, "source": "x", "as_of": "2026-12"}]
    monkeypatch.setattr(hc, "load_rows", lambda name: rows)
    hc.lag_years.cache_clear()
    try:
        with pytest.raises(TigrisError, match=r"hindcast_lags\.csv row 2: lag_months"):
            hc.lag_years()
    finally:
        monkeypatch.undo()
        hc.lag_years.cache_clear()


def test_history_is_the_same_in_every_baseline_variant(shipped) -> None:
    # the variants scale announced additions after the last history year only
    other = hc.hindcast(YEARS, variant="conservative")
    np.testing.assert_allclose(other["delivered_h100e"], shipped["delivered_h100e"], rtol=1e-9)


# --- tiny hand-built worlds --------------------------------------------------------------

#: Stand-in capacity [wspm]: logic never binds; CoWoS 500 -> 6,000 wafers/year; HBM
#: 1,000 -> 12,000 DRAM wafers/year.
_SUPPLY = {"logic-N5": 100_000.0, "cowos": 500.0, "hbm": 1_000.0}
#: Stand-in bills per accelerator [wafers]: A is light on HBM, B twice the compute and
#: four times the HBM.
_BILLS = {
    "a": {"logic": 0.01, "interposer": 0.04, "hbm_wafers": 0.05, "h100e": 1.0},
    "b": {"logic": 0.02, "interposer": 0.04, "hbm_wafers": 0.20, "h100e": 2.0},
}


def _world(monkeypatch: pytest.MonkeyPatch, max_share_b: float) -> None:
    """Replace the incumbents' capacity and the roadmap's products by the stand-ins."""

    def supply(variant: str, years: np.ndarray) -> dict[str, np.ndarray]:
        return {k: np.full(len(years), v) for k, v in _SUPPLY.items()}

    def products(years: np.ndarray) -> list[dict]:
        ones = np.ones(len(years), dtype=bool)
        return [
            {"name": n, "accelerator": "h100-sxm", "first_year": 2023, "last_year": 2025,
             "min_share": 0.0, "max_share": share, "source": "test stand-in",
             "family": "logic-N5", "h100e": _BILLS[n]["h100e"], "system_power_w": 0.0,
             "bill": {k: np.full(len(years), v) for k, v in _BILLS[n].items()},
             "available": ones}
            for n, share in (("a", 1.0), ("b", max_share_b))
        ]  # fmt: skip

    def lagged(variant: str, years: np.ndarray, lags: dict, by_owner=()) -> dict:
        return {} if by_owner else supply(variant, years)

    monkeypatch.setattr(incumbents, "existing_supply_lagged", lagged)
    monkeypatch.setattr(hc, "_products", products)


def _logic_util(a: float, b: float) -> float:
    """Logic used / available starts for ``a`` and ``b`` units by hand."""
    finished = 12 * _SUPPLY["logic-N5"] * fab_param("line_yield", "N5")
    return (0.01 * a + 0.02 * b) / finished


def test_tiny_world_free_mix_uses_up_cowos_and_hbm(monkeypatch: pytest.MonkeyPatch) -> None:
    # max a + 2b st a + b <= 150,000 (CoWoS 6,000 / 0.04) and 0.05a + 0.2b <= 12,000
    # (HBM): the vertex a = 120,000, b = 30,000 gives 180,000 H100e, both used up
    _world(monkeypatch, max_share_b=1.0)
    df = hc.hindcast((2024,))
    row = df.iloc[0]
    assert row["delivered_h100e"] == pytest.approx(180_000, rel=1e-6)
    assert row["utilisation_cowos"] == pytest.approx(1.0, abs=TOL)
    assert row["utilisation_hbm"] == pytest.approx(1.0, abs=TOL)
    assert row["utilisation_logic"] == pytest.approx(_logic_util(120_000, 30_000), rel=1e-6)


def test_tiny_world_mix_bound_leaves_hbm_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    # B at most 20 % of compute: 2b <= 0.2 (a + 2b), so a >= 8b; with a + b <= 150,000
    # the best is b = 150,000 / 9, a = 8b: 166,667 H100e, CoWoS used up and HBM
    # (0.05a + 0.2b) / 12,000 = 10,000 / 12,000 = 0.8333 used
    _world(monkeypatch, max_share_b=0.2)
    row = hc.hindcast((2023, 2024)).iloc[1]
    b = 150_000 / 9
    assert row["delivered_h100e"] == pytest.approx(8 * b + 2 * b, rel=1e-6)
    assert row["utilisation_cowos"] == pytest.approx(1.0, abs=TOL)
    assert row["utilisation_hbm"] == pytest.approx(10_000 / 12_000, rel=1e-6)


def test_tiny_world_demand_margin_does_not_change_the_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _world(monkeypatch, max_share_b=0.2)
    base = hc.hindcast((2024,))["delivered_h100e"].iloc[0]
    before = hc.hindcast_inputs((2024,)).demand[0, 0]
    monkeypatch.setattr(hc, "DEMAND_MARGIN", 5.0)
    assert hc.hindcast_inputs((2024,)).demand[0, 0] == pytest.approx(5.0 / 2.0 * before)
    assert hc.hindcast((2024,))["delivered_h100e"].iloc[0] == pytest.approx(base, rel=1e-9)


def test_tiny_world_hbm_of_a_sole_supplier_binds(monkeypatch: pytest.MonkeyPatch) -> None:
    # two HBM makers X and Y of 1,000 wspm each (12,000 wafers/year), B qualified only
    # with X: max a + 2b st a + b <= 150,000 (CoWoS), 0.05a + 0.2b <= 24,000 (both
    # makers), 0.2b <= 12,000 (X alone, Gale's condition for the set {X}). Pooled, the
    # vertex is b = 110,000, a = 40,000 (260,000 H100e); with X alone for B, b = 60,000
    # and CoWoS takes a = 90,000: 210,000 H100e, X used up, and a's 4,500 wafers go to
    # Y in every allocation (4,500 / 12,000 = 0.375), by hand.
    _world(monkeypatch, max_share_b=1.0)
    products = hc._products

    def tied(years: np.ndarray) -> list[dict]:
        out = products(years)
        out[1]["shipment"] = ("V", "b")
        return out

    def lagged(variant: str, years: np.ndarray, lags: dict, by_owner=()) -> dict:
        if by_owner:
            return {"hbm:X": np.full(len(years), 1_000.0), "hbm:Y": np.full(len(years), 1_000.0)}
        pooled = {**_SUPPLY, "hbm": 2_000.0}
        return {k: np.full(len(years), v) for k, v in pooled.items()}

    monkeypatch.setattr(hc, "_products", tied)
    monkeypatch.setattr(incumbents, "existing_supply_lagged", lagged)
    monkeypatch.setattr(hc, "_qualification", lambda: {("V", "b"): (("X", 2023, 2025),)})
    row = hc.hindcast((2024,)).iloc[0]
    assert row["delivered_h100e"] == pytest.approx(210_000, rel=1e-6)
    assert row["utilisation_hbm:X"] == pytest.approx(1.0, abs=TOL)
    assert row["utilisation_hbm"] == pytest.approx(16_500 / 24_000, rel=1e-6)
    assert row["hbm_maker_least:X"] == pytest.approx(1.0, abs=TOL)
    assert row["hbm_maker_least:Y"] == pytest.approx(0.375, rel=1e-5)
    assert row["hbm_maker_most:Y"] == pytest.approx(0.375, rel=1e-5)


def test_qualification_names_makers_with_capacity() -> None:
    # NVIDIA's Blackwell: SK hynix and Micron (hbm_qualification.csv); AMD's MI300X, an
    # HBM3 part, SK hynix alone in 2023 and Samsung too once AMD certified its HBM3 (1Q24);
    # a part with no row (Trainium2: no public source names its HBM maker) may use every
    # maker; a maker without HBM capacity is refused, one line naming it
    from tigris.errors import TigrisError

    makers = ("SK hynix", "Samsung", "Micron")
    assert hc.qualified_makers(("NVIDIA", "B300"), 2025, makers) == {"SK hynix", "Micron"}
    assert hc.qualified_makers(("NVIDIA", "H100/H200"), 2023, makers) == {"SK hynix"}
    assert hc.qualified_makers(("AMD", "MI300X"), 2023, makers) == {"SK hynix"}
    assert hc.qualified_makers(("AMD", "MI300X"), 2024, makers) == {"SK hynix", "Samsung"}
    assert hc.qualified_makers(("AWS", "Trainium2"), 2024, makers) == set(makers)
    with pytest.raises(TigrisError, match=r"Micron.*no HBM capacity"):
        hc.qualified_makers(("NVIDIA", "B200"), 2025, ("SK hynix", "Samsung"))


def test_qualification_rows_hold_from_first_to_last_year() -> None:
    # Both ends inclusive, and outside them a listed part has no maker (one line), never
    # every maker: H800 is SK hynix's for 2023 only (its HBM3's one supplier to NVIDIA
    # then); B300's rows start in 2025, its first year of sale; H20 is SK hynix's from
    # 2024 and Samsung's too in 2025 (Samsung's HBM3 cleared for it in July 2024). Each
    # check below survived the old tests as a mutant (last_year ignored; a listed part
    # with no maker for the year given no maker instead of an error)
    from tigris.errors import TigrisError

    makers = ("SK hynix", "Samsung", "Micron")
    assert hc.qualified_makers(("NVIDIA", "H800"), 2023, makers) == {"SK hynix"}
    assert hc.qualified_makers(("NVIDIA", "H20"), 2024, makers) == {"SK hynix"}
    assert hc.qualified_makers(("NVIDIA", "H20"), 2025, makers) == {"SK hynix", "Samsung"}
    for part, year in ((("NVIDIA", "H800"), 2024), (("NVIDIA", "B300"), 2024)):
        with pytest.raises(TigrisError, match=rf"{part[1]} in {year}: no maker$"):
            hc.qualified_makers(part, year, makers)


def test_every_qualification_row_is_a_shipped_part_with_makers_each_year() -> None:
    # A row whose vendor/product is not spelled as in accelerator_shipments.csv would
    # leave that part unlisted, free to take every maker's HBM, with no error (a mutant
    # renaming TPU v6e survived the old tests); and a listed part must have a maker with
    # HBM capacity in every year it was sold
    from tigris.data import load_rows

    shipped_years: dict[tuple[str, str], set[int]] = {}
    for row in load_rows("accelerator_shipments"):
        key = (str(row["vendor"]).strip(), str(row["product"]).strip())
        shipped_years.setdefault(key, set()).add(int(row["year"]))
    makers = tuple(hc._maker_capacity("announced", np.array(YEARS)))  # those the hindcast uses
    assert set(makers) == {"SK hynix", "Samsung", "Micron"}
    listed = hc._qualification()
    assert len(listed) == 14  # 27 rows: NVIDIA 5 parts, AMD 5, Google 2, Huawei 2
    for part in listed:
        assert part in shipped_years, part
        for year in shipped_years[part] & set(YEARS):
            assert hc.qualified_makers(part, year, makers), (part, year)


def test_a_bad_qualification_row_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    # last_year before first_year is refused, naming the table, row and fields (the
    # check was untested: a mutant without it survived)
    from tigris.errors import TigrisError

    rows = [
        {"vendor": "V", "product": "b", "maker": "X", "first_year": 2025, "last_year": 2024,
         "source": "x", "as_of": "2026-12"}
    ]  # fmt: skip
    monkeypatch.setattr(hc, "load_rows", lambda name: rows)
    hc._qualification.cache_clear()
    try:
        with pytest.raises(TigrisError, match=r"hbm_qualification\.csv row 2: first_year <= last"):
            hc._qualification()
    finally:
        monkeypatch.undo()
        hc._qualification.cache_clear()


def test_published_use_costs_shipments_at_the_bills(monkeypatch: pytest.MonkeyPatch) -> None:
    # one published row, 1,000 H100 in 2024, against the stand-in capacity: CoWoS used
    # 1,000 x the H100's interposer wafers / 6,000, HBM 1,000 x its DRAM wafers / 12,000
    import pandas as pd

    from tigris.world import demand
    from tigris.world.roadmap import bills_by_year

    _world(monkeypatch, max_share_b=1.0)
    one = pd.DataFrame(
        {"year": [2024], "vendor": ["NVIDIA"], "product": ["H100"], "accelerator": ["h100-sxm"],
         "units": [1000.0], "h100e_scale": [1.0], "h100e_per_unit": [1.0], "h100e": [1000.0]}
    )  # fmt: skip
    monkeypatch.setattr(demand, "shipments_h100e", lambda years, **kw: one)
    row = hc.published_use((2024,)).iloc[0]
    # the bill of 2024's sales: each kind's yields at the middle of its lagged window
    # (1f24355's rule; tests/test_hindcast_lag.py checks those bills by hand)
    bill = bills_by_year("h100-sxm", [2024], lags=hc.lag_years())
    assert row["coverage"] == pytest.approx(1.0)
    assert row["cowos"] == pytest.approx(1000 * bill["interposer"][0] / 6_000, rel=1e-9)
    assert row["hbm"] == pytest.approx(1000 * bill["hbm_wafers"][0] / 12_000, rel=1e-9)
    # logic: the H100's N4 die pools with N5, whose finished wafers are the starts x
    # the line yield x 12 months
    finished = 12 * _SUPPLY["logic-N5"] * fab_param("line_yield", "N5")
    assert row["logic"] == pytest.approx(1000 * bill["logic"][0] / finished, rel=1e-9)
    assert row["logic-N5"] == pytest.approx(row["logic"], rel=1e-12)


def test_published_use_costs_stand_ins_at_their_stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    # an H20-like row: 1,000 units of a part stated as 0.15 of an H100, stand-in h100-sxm.
    # Its wafers are those of 1,000 H100 whatever its H100e; without stand-ins it is not
    # costed at all and the coverage is the other row's share of the H100e.
    import pandas as pd

    from tigris.world import demand
    from tigris.world.roadmap import bills_by_year

    _world(monkeypatch, max_share_b=1.0)
    two = pd.DataFrame(
        {"year": [2024, 2024], "vendor": ["NVIDIA", "NVIDIA"], "product": ["H100", "H20"],
         "accelerator": ["h100-sxm", "h100-sxm"], "units": [1000.0, 1000.0],
         "h100e_scale": [1.0, 0.15], "h100e_per_unit": [1.0, 0.15], "h100e": [1000.0, 150.0]}
    )  # fmt: skip
    monkeypatch.setattr(demand, "shipments_h100e", lambda years, **kw: two)
    bill = bills_by_year("h100-sxm", [2024], lags=hc.lag_years())
    with_ = hc.published_use((2024,)).iloc[0]
    without = hc.published_use((2024,), stand_ins=False).iloc[0]
    assert with_["coverage"] == pytest.approx(1.0)
    assert without["coverage"] == pytest.approx(1000 / 1150)
    assert with_["cowos"] == pytest.approx(2000 * bill["interposer"][0] / 6_000, rel=1e-9)
    assert without["cowos"] == pytest.approx(1000 * bill["interposer"][0] / 6_000, rel=1e-9)
    # H20's shipment rows state its own HBM (6 stacks of HBM3 against H100's 5, the same
    # generation and yields: HIND-AUDIT 2026-12-04), so its HBM is 6/5 of an H100's
    assert with_["hbm"] == pytest.approx((1 + 6 / 5) * without["hbm"], rel=1e-9)


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "needle"),
    [
        ((2019, 2020), "years: the hindcast covers history years"),
        ((2023, 2025), "consecutive"),
        ((2024, 2024), "consecutive"),  # a repeated year
    ],
)
def test_bad_years(years: tuple, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        hc.hindcast(years)


def test_unknown_variant_is_refused() -> None:
    with pytest.raises(InputError, match=r"supply\.baseline"):
        hc.hindcast_inputs(YEARS, variant="optimistic")


# --- the CLI, through the real entry point -------------------------------------------


def _hindcast_json_paragraph() -> str:
    """docs/plan.md's paragraph on what ``tigris hindcast --json`` holds."""
    from pathlib import Path

    text = (Path(__file__).parents[1] / "docs" / "plan.md").read_text(encoding="utf-8")
    start = text.index("**What `tigris hindcast --json` holds.**")
    return text[start : text.index("\n\n", start)]


def test_cli_json_has_each_year_with_source_and_utilisation(run_cli) -> None:
    res = run_cli("hindcast", "--json")
    assert res.code == 0, res.err
    assert res.err == ""
    doc = res.json()
    assert [y["year"] for y in doc["years"]] == list(YEARS)
    for y in doc["years"]:
        assert y["delivered_h100e"] > 0 and y["published_h100e"] > 0
        assert "Epoch AI" in y["source"]
        assert set(y["utilisation"]) >= {"logic", "cowos", "hbm"}
        # HBM by maker: each maker's least <= most share, SK hynix's and Micron's
        # capacity shown for the parts tied to them
        for v in y["hbm_by_maker"].values():
            assert 0 <= v["least"] <= v["most"] <= 1
        assert set(y["hbm_by_maker"]) == {"SK hynix", "Samsung", "Micron"}
        # the vendor split adds up to the totals on both sides
        vendors = y["by_vendor"].values()
        assert sum(v["published_h100e"] for v in vendors) == pytest.approx(y["published_h100e"])
        assert sum(v["delivered_h100e"] for v in vendors) == pytest.approx(y["delivered_h100e"])
        assert "NVIDIA" in y["by_vendor"]
        costed = y["published_at_model_bills"]
        assert 0 < costed["coverage"] <= 1 and costed["cowos"] > 0
    assert "never binding" in doc["method"]
    # every key of the document is one docs/plan.md's key list names (a review of
    # 2026-12-07: verdict_bands' keys were said nowhere)
    said = _hindcast_json_paragraph()
    keys = set(doc) | set(doc["verdict_bands"]) | set(doc["years"][0])
    keys |= set(doc["years"][0]["verdict"]) | set(doc["power_forward_check"])
    assert not {k for k in keys if f"`{k}`" not in said}
    # the HBM bonding yield is not read at the middle of the HBM window (78ead84's rule:
    # 3 months of CoWoS plus half of TrendForce's 1.5-2 month TSV stage)
    assert "stacking time (3.875 months before mid-year of sale)" in doc["method"]


def test_cli_table_and_help(run_cli) -> None:
    res = run_cli("hindcast")
    assert res.code == 0, res.err
    for needle in (
        "Hindcast", "2023", "2025", "CoWoS", "published", "By vendor", "NVIDIA", "by maker",
        "SK hynix+Micron", "Samsung",
    ):  # fmt: skip
        assert needle in res.out
    helped = run_cli("hindcast", "--help")
    assert helped.code == 0
    assert "Nothing imposes" in helped.out and "--baseline" in helped.out


def test_cli_bad_baseline_is_one_line(run_cli) -> None:
    assert_one_line_error(run_cli("hindcast", "--baseline", "optimistic"), "--baseline")


def test_cli_bad_baseline_with_json_is_an_error_document(run_cli) -> None:
    res = run_cli("hindcast", "--baseline", "optimistic", "--json")
    assert res.code == 2
    assert res.json()["error"]["messages"][0].startswith("--baseline: expected one of")


def test_cli_baselines_are_the_incumbent_variants() -> None:
    from tigris.cli.hindcast import BASELINES

    assert BASELINES == incumbents.VARIANTS
