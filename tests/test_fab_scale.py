"""Fab size: capex and staff against the published size relations they come from.

Rule pre-registered in docs/fab.md ("Scale and staffing: rule written before any
change (2026-12-03, third)", 35793f5). Each relation is checked against its source's own
numbers, not against the code's output:

- The Chip Insider (VLSI Research), 2008-01-17, "Megafabs: Why they build them?": going
  from 5K to 10K wafer starts a month lowers cost per wafer "by roughly 25%", 10K to 20K
  "about a 10% savings", 20K to 40K "about 4-5% lower cost", 80K or more "less than a 1%
  gain";
- McKinsey (2024, via Computerworld 2024-05): a leading-edge fab of 20,000 to 45,000
  wafers a month employs 1,100-1,350 engineers and 950-1,200 technicians;
- TSMC (2020-05-15): Arizona fab 1, 20,000 wspm of 5 nm, over 1,600 direct jobs.
"""

from __future__ import annotations

import numpy as np
import pytest

from tigris.fab import fab_employees, fab_model, fab_param, size_scale
from tigris.nodes import get_node
from tigris.validation import CASES

#: The Chip Insider's savings per doubling of fab size [fraction], and how far the
#: fitted curve may sit from each: "roughly 25%" and "about 10%" are read as +-2.5 and
#: +-1.5 points; "about 4-5%" is the source's own range, 4-5 %. One two-parameter curve
#: cannot give 25, 10, 4-5 and under 1 % at once: the pre-registered least squares with
#: the "under 1 %" bound puts 20K->40K at 3.2 %, a known miss (strict xfail; review of
#: 2026-12-03 third: the band had been written as 3-5 % after the 3.2 % was seen).
CHIP_INSIDER_SAVINGS = [
    ((5_000, 10_000), 0.225, 0.275),
    ((10_000, 20_000), 0.085, 0.115),
    pytest.param(
        (20_000, 40_000),
        0.04,
        0.05,
        marks=pytest.mark.xfail(
            strict=True,
            reason="the rule's fit saves 3.2 % from 20K to 40K against the source's "
            "'about 4-5%': with 25 % and 10 % below it and under 1 % above, the form "
            "1 + a (5K/W)^k cannot give it (docs/fab.md, 'Scale and staffing: result')",
        ),
    ),
]

#: The Chip Insider's cost-per-wafer ratios of the rule's least squares (5K->10K 0.75,
#: 10K->20K 0.90, 20K->40K 0.955, the middle of "4-5%") and its bound, 40K->80K saving
#: under 1 % [fraction].
CHIP_INSIDER_FIT = [((5_000, 10_000), 0.75), ((10_000, 20_000), 0.90), ((20_000, 40_000), 0.955)]
CHIP_INSIDER_BOUND = 0.01

#: McKinsey's engineers and technicians at the two ends of 20,000-45,000 wspm.
MCKINSEY_20K = 1_100 + 950
MCKINSEY_45K = 1_350 + 1_200


@pytest.mark.parametrize(("sizes", "low", "high"), CHIP_INSIDER_SAVINGS)
def test_size_scale_gives_the_chip_insider_savings_per_doubling(
    sizes: tuple[int, int], low: float, high: float
) -> None:
    small, large = sizes
    saving = 1 - size_scale(large) / size_scale(small)
    assert low <= saving <= high


def test_size_scale_parameters_are_the_rules_fit_of_the_source() -> None:
    """a and k are the constrained least squares of The Chip Insider's figures, rounded
    to two decimals as the rule says (k raised by 0.01 until 40K->80K saves < 1 %),
    found here by a grid search of the source's numbers alone, not read from the code."""
    w0 = 5_000.0
    a, k = np.meshgrid(np.arange(0.40, 0.70, 0.001), np.arange(1.50, 2.00, 0.001))

    def g(w: float, a: object, k: object) -> np.ndarray:
        return 1 + a * (w0 / w) ** k

    sse = sum(
        (np.log(g(large, a, k) / g(small, a, k)) - np.log(ratio)) ** 2
        for (small, large), ratio in CHIP_INSIDER_FIT
    )
    bound = 1 - g(80_000.0, a, k) / g(40_000.0, a, k) < CHIP_INSIDER_BOUND
    best = np.unravel_index(np.argmin(np.where(bound, sse, np.inf)), sse.shape)
    a_fit, k_fit = float(a[best]), float(k[best])
    # the rule's result (docs/fab.md): a = 0.553, k = 1.754 before rounding
    assert (a_fit, k_fit) == pytest.approx((0.553, 1.754), abs=0.0015)
    a_r, k_r = round(a_fit, 2), round(k_fit, 2)
    while 1 - g(80_000.0, a_r, k_r) / g(40_000.0, a_r, k_r) >= CHIP_INSIDER_BOUND:
        k_r = round(k_r + 0.01, 2)
    assert fab_param("size_scale_a") == pytest.approx(a_r, abs=1e-12)
    assert fab_param("size_scale_exponent") == pytest.approx(k_r, abs=1e-12)
    assert fab_param("size_scale_wspm") == w0


def test_size_scale_saves_under_one_percent_from_40k_to_80k() -> None:
    # "going to 80K WSM or more nets less than a 1% gain" (the rule's bound, at 80K)
    assert 0 < 1 - size_scale(80_000) / size_scale(40_000) < 0.01
    # the curve's whole remaining saving past 40K is g(40K) - 1 of g(40K): 1.1 % at 100K,
    # 1.4 % at the limit, a little more than "less than 1%" read for every size (a limit
    # of the two-parameter form, docs/fab.md)
    g40 = 1 + 0.55 * (5_000 / 40_000) ** 1.76
    assert 1 - size_scale(1e9) / size_scale(40_000) == pytest.approx(1 - 1 / g40, rel=1e-6)
    assert 1 - 1 / g40 < 0.015


def test_size_scale_is_one_at_the_reference_fabs_and_held_below_the_sources_range() -> None:
    # the published 50k-wspm reference fabs keep their cost (DigiTimes, IBS)
    assert size_scale(fab_param("reference_fab_wspm")) == 1.0
    # below 5K, where the source stops, the per-wspm factor is held
    assert size_scale(2_000) == size_scale(5_000)
    # by hand, The Chip Insider curve of the rule: g(W) = 1 + 0.55 (5,000 / W)^1.76
    g = lambda w: 1 + 0.55 * (5_000 / w) ** 1.76  # noqa: E731
    assert size_scale(20_000) == pytest.approx(g(20_000) / g(50_000), rel=1e-12)


@pytest.mark.parametrize("node", ["N28", "N7", "N3"])
def test_the_model_scales_building_and_other_tools_not_scanners(node: str) -> None:
    # per wspm, a 10k fab's building and non-lithography tools cost g(10k) / g(50k) times
    # a 50k fab's (by hand from the source curve); scanners stay whole tools
    g = lambda w: 1 + 0.55 * (5_000 / w) ** 1.76  # noqa: E731
    small, ref = fab_model(node, 10_000, "taiwan"), fab_model(node, 50_000, "taiwan")
    for part in ("building", "other_equipment"):
        per_small = small.capex_breakdown_usd[part] / 10_000
        per_ref = ref.capex_breakdown_usd[part] / 50_000
        assert per_small / per_ref == pytest.approx(g(10_000) / g(50_000), rel=1e-9)
    duv = small.lithography_breakdown_usd["duv_immersion"] / small.duv_tools
    assert duv == pytest.approx(ref.lithography_breakdown_usd["duv_immersion"] / ref.duv_tools)


def test_capex_still_rises_with_wspm_at_small_sizes() -> None:
    w = np.arange(1_000, 60_001, 500.0)
    capex = np.array([fab_model("N28", x, "taiwan").capex_usd for x in w])
    assert np.all(np.diff(capex) > 0)


def test_staff_keep_arizona_fab1_at_20k_wspm_of_n5() -> None:
    # TSMC: "over 1,600" direct jobs for 20,000 wspm of 5 nm (the level, in-sample)
    assert fab_employees("N5", 20_000) == pytest.approx(1_600, rel=1e-9)
    assert fab_model("N5", 20_000, "arizona-usa").employees == pytest.approx(1_600, rel=1e-9)


def test_staff_grow_from_20k_to_45k_as_mckinsey_says() -> None:
    ratio = fab_employees("N5", 45_000) / fab_employees("N5", 20_000)
    # engineers plus technicians: 2,550 / 2,050 = 1.244 (the exponent rounded to 0.27)
    assert ratio == pytest.approx(MCKINSEY_45K / MCKINSEY_20K, abs=0.005)
    # and between the engineers' own ratio and the technicians'
    assert 1_350 / 1_100 <= ratio <= 1_200 / 950


def test_staff_scale_with_mask_layers_at_one_size() -> None:
    # the tool-count reading kept from before: same size, staff in the ratio of layers
    n28, n5 = get_node("N28"), get_node("N5")
    ratio = fab_employees("N28", 55_000) / fab_employees("N5", 55_000)
    assert ratio == pytest.approx(n28.mask_layers / n5.mask_layers, rel=1e-12)


@pytest.mark.xfail(
    strict=True,
    reason="known inconsistency (review of 2026-12-03 third): the model's levelised cost "
    "per wafer, the quantity The Chip Insider states, falls 3.2 % (N28) and 2.7 % (N5) "
    "from 40K to 80K wspm, not under 1 %: the capex scale alone gives ~1 % (0.98 % on "
    "building and other tools, plus whole scanners) and the staffing law (McKinsey's "
    "0.27, extrapolated past 45K) ~2 points more; whether the source's curve holds labour "
    "economies ('labor economies of s[cale]' is among its managerial reasons; the text "
    "is cut) is not known. docs/fab.md, 'Scale and staffing: review'",
)
@pytest.mark.parametrize("node", ["N28", "N5"])
def test_levelised_cost_per_wafer_saves_under_one_percent_from_40k_to_80k(node: str) -> None:
    # The Chip Insider: "going to 80K WSM or more nets less than a 1% gain" in cost per wafer
    small = fab_model(node, 40_000, "taiwan").cost_per_wafer_usd
    large = fab_model(node, 80_000, "taiwan").cost_per_wafer_usd
    assert 0 < 1 - large / small < CHIP_INSIDER_BOUND


#: Mask layers of the jobs cases' nodes (nodes.csv, each row's source) and the staffing
#: law of the rule by hand: TSMC Arizona fab 1's 1,600 for 20,000 wspm of N5 (81 layers),
#: times (W / 20,000)^0.27 (McKinsey 2024, engineers plus technicians, 20k and 45k).
LAYERS = {"N28": 45, "N16": 60, "N7": 87, "N4": 81, "N3": 85}


def _staff_by_hand(node_shares: dict[str, float], wspm: float) -> float:
    layers = sum(share * LAYERS[n] for n, share in node_shares.items())
    return 1_600 * (wspm / 20_000) ** 0.27 * layers / 81


def test_jobs_cases_price_a_fab_of_two_lines_as_one_fab() -> None:
    """The validation cases' reading (rule item 2): ESMC and JASM fab 1 are one fab each,
    staffed at the whole fab's wspm with share-weighted layers; two fabs are two."""
    two_lines = {"N28": 0.5, "N16": 0.5}
    esmc = _staff_by_hand(two_lines, 40_000)
    jasm1 = _staff_by_hand(two_lines, 55_000)
    jasm12 = jasm1 + _staff_by_hand({"N7": 1.0}, 45_000)
    arizona = _staff_by_hand({"N4": 1.0}, 20_000) + _staff_by_hand({"N3": 1.0}, 30_000)
    assert CASES["esmc-dresden-jobs"]() == pytest.approx(esmc, rel=1e-9)
    assert CASES["jasm-kumamoto-fab1-jobs"]() == pytest.approx(jasm1, rel=1e-9)
    assert CASES["jasm-kumamoto-fabs-1-2-jobs"]() == pytest.approx(jasm12, rel=1e-9)
    assert CASES["tsmc-arizona-two-fabs-jobs"]() == pytest.approx(arizona, rel=1e-9)
    # two half-size fabs would be ~1.2x more staff (2 x 0.5^0.27): the reading matters
    assert 2 * _staff_by_hand(two_lines, 20_000) > 1.15 * esmc
