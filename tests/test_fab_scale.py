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

from tigris.fab import capacity_for_budget, fab_employees, fab_model, fab_param, size_scale
from tigris.nodes import get_node
from tigris.validation import CASES

#: The Chip Insider's savings in cost per wafer per doubling of fab size [fraction], and
#: the band each is held to: "roughly 25%" and "about 10%" are read as +-2.5 and +-1.5
#: points, "about 4-5%" is the source's own range, "less than a 1% gain" is 0-1 %. The
#: quantity is the model's whole levelised cost per wafer (Taiwan, defaults), which the
#: size factor's a and k are fitted to (FAB-2's rule, docs/fab.md "Scale and staffing,
#: second rule", f75d6d9): these are in-sample checks of the fit. With whole scanners and
#: staff already saving ~0.9 % from 40K to 80K, the source's "under 1 %" bound binds and
#: the form 1 + a (5K/W)^k cannot also give 10 % and 4-5 % (known misses, strict xfails
#: with their numbers; the bands were written before the fit and are not widened).
CHIP_INSIDER_BANDS = {
    (5_000, 10_000): (0.225, 0.275),
    (10_000, 20_000): (0.085, 0.115),
    (20_000, 40_000): (0.04, 0.05),
    (40_000, 80_000): (0.0, 0.01),
}
#: (node, doubling) -> the fit's saving, where it misses the band (FAB-2's rule refitted at
#: the real discount_rate, 2026-12-04: a = 0.58, k = 2.97; N28 20K->40K now saves 4.06 %).
CHIP_INSIDER_MISSES = {
    ("N28", (10_000, 20_000)): 0.054,
    ("N5", (10_000, 20_000)): 0.037,
    ("N5", (20_000, 40_000)): 0.031,
}


def _cpw_cases() -> list[object]:
    out = []
    for node in ("N28", "N5"):
        for sizes, (low, high) in CHIP_INSIDER_BANDS.items():
            miss = CHIP_INSIDER_MISSES.get((node, sizes))
            marks = (
                pytest.mark.xfail(
                    strict=True,
                    reason=f"the fit saves {miss:.1%} at {node} from {sizes[0]:,} to "
                    f"{sizes[1]:,} wspm against the source's {low:.1%}-{high:.1%}: the "
                    "40K->80K bound binds (docs/fab.md, 'Scale and staffing, second rule: "
                    "result')",
                )
                if miss is not None
                else ()
            )
            out.append(pytest.param(node, sizes, low, high, marks=marks, id=f"{node}-{sizes[0]}"))
    return out


#: The Chip Insider's cost-per-wafer ratios of the rule's least squares (5K->10K 0.75,
#: 10K->20K 0.90, 20K->40K 0.955, the middle of "4-5%") and its bound, 40K->80K saving
#: under 1 % [fraction].
CHIP_INSIDER_FIT = [((5_000, 10_000), 0.75), ((10_000, 20_000), 0.90), ((20_000, 40_000), 0.955)]
CHIP_INSIDER_BOUND = 0.01

#: McKinsey's engineers and technicians at the two ends of 20,000-45,000 wspm.
MCKINSEY_20K = 1_100 + 950
MCKINSEY_45K = 1_350 + 1_200
MCKINSEY_RANGE = (20_000, 45_000)


@pytest.mark.parametrize(("node", "sizes", "low", "high"), _cpw_cases())
def test_cost_per_wafer_gives_the_chip_insider_savings_per_doubling(
    node: str, sizes: tuple[int, int], low: float, high: float
) -> None:
    small, large = sizes
    cpw = fab_model(node, np.array([small, large], dtype=float), "taiwan").cost_per_wafer_usd
    saving = 1 - cpw[1] / cpw[0]
    assert low <= saving < high


def _sse_and_feasible(monkeypatch: pytest.MonkeyPatch, a: float, k: float) -> tuple[float, bool]:
    """The rule's objective and bound for (a, k), written from the source's numbers: the
    size factor replaced by 1 + a (5K/W)^k over its 50K value, the model's CPW read."""
    import tigris.fab.model as model

    def scale(w: object) -> object:
        x = np.maximum(w, 5_000.0)
        return (1 + a * (5_000.0 / x) ** k) / (1 + a * (5_000.0 / 50_000.0) ** k)

    monkeypatch.setattr(model, "size_scale", scale)
    sse, ok = 0.0, True
    sizes = np.array([5e3, 1e4, 2e4, 4e4, 8e4])
    for node in ("N28", "N5"):
        cpw = fab_model(node, sizes, "taiwan").cost_per_wafer_usd
        ratio = cpw[1:] / cpw[:-1]
        sse += sum((np.log(ratio[i]) - np.log(r)) ** 2 for i, (_, r) in enumerate(CHIP_INSIDER_FIT))
        ok = ok and 0 <= 1 - ratio[3] < CHIP_INSIDER_BOUND
        # the rule's second constraint: capex strictly increasing, 1K to 300K by 500
        capex = fab_model(node, np.arange(1_000, 300_001, 500.0), "taiwan").capex_usd
        ok = ok and bool(np.all(np.diff(capex) > 0))
    return float(sse), ok


def test_size_scale_parameters_are_the_rules_fit_of_the_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The shipped a and k are the best point of the rule's 0.01 grid that keeps the
    40K->80K bound and capex increasing in wspm, within +-0.03 of each (the full grid, a
    0-3 by k 0.5-4, was searched once for the rule; FAB-2's result: the better-fitting
    neighbours at larger a or k make capex fall with wspm just above 5K), and the
    unconstrained optimum breaks the bound."""
    a0, k0 = fab_param("size_scale_a"), fab_param("size_scale_exponent")
    assert fab_param("size_scale_wspm") == 5_000
    best = _sse_and_feasible(monkeypatch, a0, k0)
    assert best[1]
    for da in np.arange(-0.03, 0.031, 0.01):
        for dk in np.arange(-0.03, 0.031, 0.01):
            if abs(da) < 1e-9 and abs(dk) < 1e-9:
                continue
            sse, ok = _sse_and_feasible(monkeypatch, round(a0 + da, 2), round(k0 + dk, 2))
            assert not ok or sse > best[0]
    # the bound binds: the least squares without it (0.83, 1.87) fits better and saves
    # more than 1 % from 40K to 80K
    sse, ok = _sse_and_feasible(monkeypatch, 0.83, 1.87)
    assert sse < best[0]
    assert not ok


def test_the_old_fit_of_the_factor_alone_breaks_the_bound_in_total(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 35793f5's a = 0.55, k = 1.76 fitted s itself to the source; with staff and whole
    # scanners on top, the model's total CPW saves over 1 % from 40K to 80K
    assert not _sse_and_feasible(monkeypatch, 0.55, 1.76)[1]


def test_size_scale_is_one_at_the_reference_fabs_and_held_below_the_sources_range() -> None:
    # the published 50k-wspm reference fabs keep their cost (DigiTimes, IBS)
    assert size_scale(fab_param("reference_fab_wspm")) == 1.0
    # below 5K, where the source stops, the per-wspm factor is held
    assert size_scale(2_000) == size_scale(5_000)
    # by hand, the rule's factor: g(W) = 1 + 0.58 (5,000 / W)^2.97 (FAB-2's rule's fit)
    g = lambda w: 1 + 0.58 * (5_000 / w) ** 2.97  # noqa: E731
    assert size_scale(20_000) == pytest.approx(g(20_000) / g(50_000), rel=1e-12)


@pytest.mark.parametrize("node", ["N28", "N7", "N3"])
def test_the_model_scales_building_and_other_tools_not_scanners(node: str) -> None:
    # per wspm, a 10k fab's building and non-lithography tools cost g(10k) / g(50k) times
    # a 50k fab's (by hand from the rule's factor); scanners stay whole tools
    g = lambda w: 1 + 0.58 * (5_000 / w) ** 2.97  # noqa: E731
    small, ref = fab_model(node, 10_000, "taiwan"), fab_model(node, 50_000, "taiwan")
    for part in ("building", "other_equipment"):
        per_small = small.capex_breakdown_usd[part] / 10_000
        per_ref = ref.capex_breakdown_usd[part] / 50_000
        assert per_small / per_ref == pytest.approx(g(10_000) / g(50_000), rel=1e-9)
    duv = small.lithography_breakdown_usd["duv_immersion"] / small.duv_tools
    assert duv == pytest.approx(ref.lithography_breakdown_usd["duv_immersion"] / ref.duv_tools)


def _floor_end_by_hand() -> float:
    """Where ``W g(W)`` regains its 5,000-wspm value, g(W) = 1 + 0.58 (5,000 / W)^2.97
    (FAB-2's fit), by bisection: the end of the size factor's floor [wspm]."""
    g = lambda w: 1 + 0.58 * (5_000 / w) ** 2.97  # noqa: E731
    lo, hi = 5_000 * (0.58 * 1.97) ** (1 / 2.97), 10_000.0  # from W g(W)'s minimum
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if mid * g(mid) < 5_000 * g(5_000) else (lo, mid)
    return lo


#: Steps fine enough to see a dip of a few hundred wspm (the rule's check grid of 500
#: wspm straddled the 5,000-5,234 fall of FAB-2's fit; docs/fab.md, review REVIEW-FAB2).
FINE_WSPM = np.arange(1_000, 300_001, 10.0)


@pytest.mark.parametrize("node", ["N28", "N16", "N7", "N5", "N3", "N2", "A14"])
@pytest.mark.parametrize(
    ("site", "options"),
    [
        ("taiwan", {}),
        ("arizona-usa", {"first_of_a_kind": True}),
        ("japan", {"building_exists": True}),
    ],
)
def test_capex_never_falls_with_wspm_at_fine_steps(node: str, site: str, options: dict) -> None:
    """A larger fab never costs less (free disposal: it can run as the smaller one);
    capex rises strictly except on the size factor's floor, 5,000 wspm to where W g(W)
    regains its 5,000 value, where it is flat between whole-scanner steps."""
    capex = np.asarray(fab_model(node, FINE_WSPM, site, **options).capex_usd)
    step = np.diff(capex)
    assert np.all(step >= -1e-12 * capex[:-1])  # rounding only
    end = _floor_end_by_hand()
    outside = (FINE_WSPM[1:] <= 5_000) | (FINE_WSPM[:-1] >= end)
    assert np.all(step[outside] > 0)


def test_the_floor_holds_the_scaled_parts_at_the_5k_fabs_by_hand() -> None:
    g = lambda w: 1 + 0.58 * (5_000 / w) ** 2.97  # noqa: E731
    end = _floor_end_by_hand()
    assert 5_470 < end < 5_480  # 5,473 wspm
    # inside the floor, W s(W) is the 5,000-wspm fab's: s = g(5k) x 5k / W over g(50k)
    assert size_scale(5_100) == pytest.approx(g(5_000) * 5_000 / 5_100 / g(50_000), rel=1e-12)
    # where W g(W) is least (5,230 wspm) the curve alone would be 0.2 % cheaper
    w_min = 5_000 * (0.58 * 1.97) ** (1 / 2.97)
    assert 0.997 < w_min * g(w_min) / (5_000 * g(5_000)) < 1
    # outside it, the fitted curve itself
    assert size_scale(5_500) == pytest.approx(g(5_500) / g(50_000), rel=1e-12)
    assert size_scale(4_000) == pytest.approx(g(5_000) / g(50_000), rel=1e-12)


def test_budget_search_starts_above_the_floor_and_grows_with_the_budget() -> None:
    """The largest fab a budget buys is searched from min_wspm, above the floor, where
    capex rises strictly: the answer is unique and never shrinks as the budget grows."""
    assert fab_param("min_wspm") >= _floor_end_by_hand()
    step = fab_param("budget_wspm_resolution")
    budgets = np.geomspace(4e9, 60e9, 25)  # 10,000 wspm of N5: US$3.4B
    got = [capacity_for_budget(b, "N5", "taiwan").wspm for b in budgets]
    assert np.all(np.diff(got) >= 0)
    for b, w in zip(budgets, got, strict=True):
        assert fab_model("N5", w, "taiwan").net_capex_usd <= b
        assert fab_model("N5", w + step, "taiwan").net_capex_usd > b


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


def test_staff_per_wspm_held_outside_mckinseys_range() -> None:
    # McKinsey speaks of 20,000-45,000 wspm only: outside, staff in proportion to size
    lo, hi = MCKINSEY_RANGE
    assert fab_param("employees_size_min_wspm") == lo
    assert fab_param("employees_size_max_wspm") == hi
    assert fab_employees("N5", 90_000) == pytest.approx(2 * fab_employees("N5", 45_000))
    assert fab_employees("N5", 10_000) == pytest.approx(800, rel=1e-9)  # half of 1,600
    # 55K by hand: 1,600 x (45/20)^0.27 x 55/45
    assert fab_employees("N5", 55_000) == pytest.approx(
        1_600 * (45 / 20) ** 0.27 * 55 / 45, rel=1e-9
    )


def test_staff_scale_with_mask_layers_at_one_size() -> None:
    # the tool-count reading kept from before: same size, staff in the ratio of layers
    n28, n5 = get_node("N28"), get_node("N5")
    ratio = fab_employees("N28", 55_000) / fab_employees("N5", 55_000)
    assert ratio == pytest.approx(n28.mask_layers / n5.mask_layers, rel=1e-12)


#: Mask layers of the jobs cases' nodes (nodes.csv, each row's source) and the staffing
#: law of the rule by hand: TSMC Arizona fab 1's 1,600 for 20,000 wspm of N5 (81 layers),
#: times (W / 20,000)^0.27 (McKinsey 2024, engineers plus technicians, 20k and 45k) inside
#: 20-45k, staff per wspm held at the edge outside (FAB-2's rule).
LAYERS = {"N28": 45, "N16": 60, "N7": 87, "N4": 81, "N3": 85}


def _staff_by_hand(node_shares: dict[str, float], wspm: float) -> float:
    layers = sum(share * LAYERS[n] for n, share in node_shares.items())
    inside = min(max(wspm, 20_000), 45_000)
    return 1_600 * (inside / 20_000) ** 0.27 * (wspm / inside) * layers / 81


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


#: TSMC Arizona fabs 1 and 2 (TSMC 2022-12-06): fab 1's 20,000 wspm of N4 plus 30,000 of N3
#: (the budget row's split), priced first-of-a-kind in 2022 dollars, one fab_model each.
ARIZONA_FAB1, ARIZONA_FAB2 = ("N4", 20_000), ("N3", 30_000)


def test_arizona_fabs_1_2_capex_is_two_fabs_summed() -> None:
    def capex(node: str, wspm: int) -> float:
        r = fab_model(node, wspm, "arizona-usa", first_of_a_kind=True, dollars_of=2022)
        return r.capex_usd

    two = capex(*ARIZONA_FAB1) + capex(*ARIZONA_FAB2)
    assert CASES["tsmc-arizona-fabs-1-2-2022"]() == pytest.approx(two, rel=1e-12)
    # one 50k fab of 0.4 N4 and 0.6 N3 (the old reading) is another answer: the two
    # smaller fabs carry more size factor and whole scanners
    one = 0.4 * capex("N4", 50_000) + 0.6 * capex("N3", 50_000)
    assert two > 1.005 * one
    # the jobs case reads the same two fabs
    staff = sum(fab_model(n, w, "arizona-usa").employees for n, w in (ARIZONA_FAB1, ARIZONA_FAB2))
    assert CASES["tsmc-arizona-two-fabs-jobs"]() == pytest.approx(staff, rel=1e-12)
