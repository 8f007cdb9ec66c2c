"""Yield models against their closed forms, textbook examples and published H100 figures."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tigris.errors import InputError
from tigris.nodes import get_node
from tigris.silicon import (
    YIELD_MODELS,
    YieldModel,
    bose_einstein_yield,
    defect_density,
    die_yield,
    gross_dies_estimate,
    harvest_probability,
    harvested_yield,
    months_since_hvm,
    murphy_yield,
    negative_binomial_yield,
    poisson_yield,
    seeds_yield,
)

MODELS = [m.value for m in YieldModel]


def closed_form(model: str, x: float, n: float, alpha: float) -> float:
    """The textbook formulas, written out independently of the package (x = A*D0)."""
    if model == "poisson":
        return math.exp(-x)
    if model == "murphy":
        return ((1 - math.exp(-x)) / x) ** 2
    if model == "seeds":
        return 1 / (1 + x)
    if model == "bose-einstein":
        return (1 + x / n) ** (-n)
    if model == "negative-binomial":
        return (1 + x / alpha) ** (-alpha)
    raise AssertionError(model)


def test_registry_covers_every_model() -> None:
    assert set(YIELD_MODELS) == set(YieldModel)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("x", [0.05, 0.5, 1.0, 3.0])
def test_each_model_equals_closed_form(model: str, x: float) -> None:
    # area 2 cm^2, D0 = x/2; n = 10 layers, alpha = 1.5; tolerance: float rounding only
    got = float(die_yield(model, 2.0, x / 2, critical_layers=10, alpha=1.5))
    assert got == pytest.approx(closed_form(model, x, 10, 1.5), rel=1e-12)


def test_hand_values_at_ad_one() -> None:
    # A*D0 = 1: exp(-1) = 0.367879, (1 - e^-1)^2 = 0.399576, 1/2, (1.5)^-2 = 0.444444
    assert float(poisson_yield(1.0, 1.0)) == pytest.approx(0.367879, abs=1e-6)
    assert float(murphy_yield(1.0, 1.0)) == pytest.approx(0.399576, abs=1e-6)
    assert float(seeds_yield(1.0, 1.0)) == pytest.approx(0.5)
    assert float(bose_einstein_yield(1.0, 1.0, 2)) == pytest.approx(0.444444, abs=1e-6)
    assert float(negative_binomial_yield(1.0, 1.0, 0.5)) == pytest.approx(3**-0.5)


@pytest.mark.parametrize(
    ("side_cm", "expected"),
    # Hennessy & Patterson 5th ed., section 1.6: D = 0.031 defects/cm^2, N = 13.5,
    # 1.5 cm die -> 0.40, 1.0 cm die -> 0.66 (the book gives two decimals).
    [(1.5, 0.40), (1.0, 0.66)],
)
def test_bose_einstein_hennessy_patterson(side_cm: float, expected: float) -> None:
    area = side_cm**2
    # H&P's D is per layer; tigris' D0 is the total over the N critical layers.
    got = float(die_yield("bose-einstein", area, 0.031 * 13.5, critical_layers=13.5))
    assert got == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize("model", MODELS)
def test_all_models_tend_to_one(model: str) -> None:
    ad = np.array([1e-2, 1e-4, 1e-6, 1e-9])
    y = die_yield(model, ad, 1.0)
    assert np.all(np.diff(y) > 0)  # rising towards 1
    assert y[-1] == pytest.approx(1.0, abs=1e-8)
    assert float(die_yield(model, 0.0, 0.3)) == 1.0


def test_negative_binomial_tends_to_poisson() -> None:
    # alpha -> infinity removes clustering (Stapper 1973)
    assert float(negative_binomial_yield(8.14, 0.1, 1e7)) == pytest.approx(
        math.exp(-0.814), rel=1e-6
    )


def test_clustering_raises_yield() -> None:
    # For the same mean defect count, clustered models put several defects on fewer
    # dies, so their yield is at least Poisson's (Cunningham 1990).
    x = np.linspace(0.1, 5, 20)
    p = die_yield("poisson", x, 1.0)
    for model in ("murphy", "seeds", "negative-binomial", "bose-einstein"):
        assert np.all(die_yield(model, x, 1.0) >= p)


def test_h100_good_dies_published() -> None:
    # figures.md 3.4: 63.5 gross -> 28.1 good (Poisson) and 29.7 (Murphy) at D0 0.1;
    # Epoch's median 28 good H100 dies per wafer. Tolerance 0.1 die (table rounding).
    gross = float(gross_dies_estimate(814.0, 300.0, edge_mm=0, scribe_mm=0))
    assert gross * float(die_yield("poisson", 8.14, 0.1)) == pytest.approx(28.1, abs=0.1)
    assert gross * float(die_yield("murphy", 8.14, 0.1)) == pytest.approx(29.7, abs=0.1)
    # and 42.3 / 18.7 at D0 0.05 / 0.15 (Poisson)
    good = gross * die_yield("poisson", 8.14, np.array([0.05, 0.15]))
    assert good == pytest.approx([42.3, 18.7], abs=0.1)


def test_systematic_yield_multiplies() -> None:
    base = die_yield("murphy", 2.0, 0.2, systematic_yield=1.0)
    assert float(die_yield("murphy", 2.0, 0.2, systematic_yield=0.9)) == pytest.approx(
        0.9 * float(base)
    )


def test_scalar_and_array_shapes() -> None:
    assert np.ndim(die_yield("seeds", 1.0, 0.1)) == 0
    out = die_yield("seeds", np.ones((3, 1)), np.array([0.1, 0.2]))
    assert out.shape == (3, 2)
    big = die_yield("negative-binomial", np.full(1_000_000, 8.14), 0.1)
    assert big.shape == (1_000_000,)


def test_unknown_model_and_bad_input() -> None:
    with pytest.raises(InputError, match="did you mean 'poisson'"):
        die_yield("poison", 1.0, 0.1)
    assert float(die_yield("Negative_Binomial", 1.0, 0.1)) > 0  # case and _ tolerated
    with pytest.raises(InputError, match="d0_per_cm2"):
        die_yield("poisson", 1.0, -0.1)
    with pytest.raises(InputError, match="systematic_yield"):
        die_yield("poisson", 1.0, 0.1, systematic_yield=1.2)


# --- redundancy / harvesting -----------------------------------------------------------


@pytest.mark.parametrize(("y", "u", "k"), [(0.9, 4, 0), (0.9, 4, 1), (0.7, 10, 3), (0.99, 144, 12)])
def test_harvest_probability_is_binomial(y: float, u: int, k: int) -> None:
    expected = sum(math.comb(u, j) * y ** (u - j) * (1 - y) ** j for j in range(k + 1))
    assert float(harvest_probability(y, u, k)) == pytest.approx(expected, rel=1e-12)


def test_harvest_probability_vectorised() -> None:
    out = harvest_probability(np.array([0.5, 0.9]), np.array([[4], [8]]), 1)
    assert out.shape == (2, 2)
    assert out[0, 0] == pytest.approx(5 / 16)  # 1 + 4 of 16 outcomes with <= 1 failure


def test_poisson_harvest_exact_gh100() -> None:
    # Poisson defects: exp(-D0*A*(1-f)) * P(<= 12 of 144 SMs bad), unit yield
    # exp(-D0*A*f/144) (Stapper, McLaren & Dreckmann 1980), written out by hand.
    a, d0, f, u, k = 8.14, 0.1, 0.5, 144, 12
    yu = math.exp(-d0 * a * f / u)
    binom = sum(math.comb(u, j) * yu ** (u - j) * (1 - yu) ** j for j in range(k + 1))
    expected = math.exp(-d0 * a * (1 - f)) * binom
    got = float(harvested_yield("poisson", a, d0, u, k, unit_area_fraction=f))
    assert got == pytest.approx(expected, rel=1e-9)
    # the 12 spare SMs lift H100 from ~28 to ~42 good dies per wafer (gross 63.5, hand value)
    assert 63.5 * got == pytest.approx(42.3, abs=0.5)


@pytest.mark.parametrize("f", [0.25, 0.5, 0.75, 1.0])
def test_harvest_only_the_units_share_is_repairable(f: float) -> None:
    """A die with a share ``f`` in 4 units, one of which may fail, at 2 defects per die.

    By hand (Stapper, McLaren & Dreckmann 1980, Poisson defects): each unit holds
    ``2 f / 4`` defects on average, so works with ``y = exp(-f/2)``; the die sells if at
    most 1 of 4 units is bad, ``P = y^4 + 4 y^3 (1 - y)``, and the non-repeated rest
    (``1 - f`` of the die) is defect-free with ``exp(-2 (1 - f))``. For f = 0.5:
    y = 0.7788, P = 0.7858, rest 0.3679, yield 0.2891. The heavy defect load makes the
    binomial matter (at D0 = 0.1 on an H100 the spare SMs almost never run out, so a
    model that ignored ``f`` inside the units would still pass the GH100 test).
    """
    a, d0, u, k = 2.0, 1.0, 4, 1
    y = math.exp(-a * d0 * f / u)
    p_ok = y**4 + 4 * y**3 * (1 - y)
    expected = math.exp(-a * d0 * (1 - f)) * p_ok
    got = float(harvested_yield("poisson", a, d0, u, k, unit_area_fraction=f))
    assert got == pytest.approx(expected, rel=1e-12)
    if f == 0.5:
        assert got == pytest.approx(0.2891, abs=5e-5)


@pytest.mark.parametrize("model", MODELS)
def test_harvest_with_no_spares_is_plain_yield(model: str) -> None:
    assert float(harvested_yield(model, 5.0, 0.2, 100, 0)) == pytest.approx(
        float(die_yield(model, 5.0, 0.2))
    )


@settings(max_examples=60, deadline=None)
@given(
    model=st.sampled_from(MODELS),
    area=st.floats(0.01, 12.0),
    d0=st.floats(0.0, 1.0),
    units=st.integers(1, 200),
    spare_share=st.floats(0.0, 1.0),
    frac=st.floats(0.0, 1.0),
)
def test_redundancy_never_lowers_yield(
    model: str, area: float, d0: float, units: int, spare_share: float, frac: float
) -> None:
    k = int(spare_share * units)
    plain = float(die_yield(model, area, d0))
    h = harvested_yield(model, area, d0, units, np.arange(k + 1), unit_area_fraction=frac)
    assert h[0] == pytest.approx(plain, rel=1e-9, abs=1e-12)
    assert np.all(np.diff(h) >= -1e-12)  # more spares never hurt
    # ...and never beat a die whose units were all free
    ceiling = float(die_yield(model, area * (1 - frac), d0))
    assert np.all(h <= ceiling + 1e-9)


@settings(max_examples=60, deadline=None)
@given(
    model=st.sampled_from(MODELS),
    area_mm2=st.floats(20.0, 850.0),
    d0=st.floats(0.0, 1.0),
    extra=st.floats(0.0, 1.0),
    harvest=st.booleans(),
)
def test_more_defects_never_more_good_dies(
    model: str, area_mm2: float, d0: float, extra: float, harvest: bool
) -> None:
    gross = float(gross_dies_estimate(area_mm2))
    a = area_mm2 / 100

    def good(d: float) -> float:
        if harvest:
            return gross * float(harvested_yield(model, a, d, 144, 12))
        return gross * float(die_yield(model, a, d))

    assert good(d0 + extra) <= good(d0) + 1e-12


# --- defect-density learning -----------------------------------------------------------


def test_learning_curve_n5() -> None:
    n5 = get_node("N5")
    # TSMC 2020 chart (AnandTech reading): ~0.10 at HVM; SemiWiki: ~0.06 in 2H 2021,
    # about 15 months later. Tolerance 0.005 (chart reading).
    d = defect_density(
        np.array([0.0, 15.0, 1e4]), n5.d0_per_cm2, n5.d0_mature_per_cm2, n5.d0_learning_months
    )
    assert d[0] == pytest.approx(0.10)
    assert d[1] == pytest.approx(0.06, abs=0.005)
    assert d[2] == pytest.approx(n5.d0_mature_per_cm2)
    assert np.all(np.diff(d) < 0)


def test_learning_curve_scalar() -> None:
    assert np.ndim(defect_density(3.0, 0.2, 0.05, 6.0)) == 0
    with pytest.raises(InputError, match="learning_months"):
        defect_density(3.0, 0.2, 0.05, 0.0)


def test_harvest_at_huge_defect_load_is_zero_without_overflow() -> None:
    # A custom part with an absurd die (or D0) used to overflow expm1 and turn the sum
    # into NaN with warnings (errors under pytest). The yield of a die with 1e6 expected
    # defects is 0 to float precision; with 144 units and 12 spares it cannot be rescued.
    y = harvested_yield("poisson", 1e4, 100.0, 144, 12, unit_area_fraction=0.5)
    assert float(y) == 0.0
    # and the stable form equals the direct one where the latter does not overflow:
    # x = 0.5 defects per unit, P(<= 1 of 2 units bad) = e^-1 (1 + 2 (e^0.5 - 1)).
    x = 0.5
    direct = math.exp(-2 * x) * (1 + 2 * math.expm1(x))
    got = harvested_yield("poisson", 1.0, 1.0, 2, 1, unit_area_fraction=1.0)
    assert float(got) == pytest.approx(direct, rel=1e-12)


def test_new_nodes_issue_13_are_what_their_sources_say() -> None:
    """Mature nodes are DUV-only, TSMC A14 uses no High-NA, Intel 14A is the High-NA node."""
    from tigris.nodes import list_nodes

    for name in ("N28", "N16", "N12"):
        nd = get_node(name)
        assert nd.euv_layers == 0 and nd.high_na_euv_layers == 0, name
        # 9-15 years on, the curve is at its floor: 0.044 + 0.056 e^(-114/12) for N12
        age = float(months_since_hvm(2026, nd.hvm_year))
        d0 = defect_density(age, nd.d0_per_cm2, nd.d0_mature_per_cm2, nd.d0_learning_months)
        assert d0 == pytest.approx(nd.d0_mature_per_cm2, rel=1e-3), name
    assert get_node("A14").high_na_euv_layers == 0 and get_node("A14").family == "A14"
    high_na = [n for n in list_nodes() if get_node(n).high_na_euv_layers > 0]
    assert high_na == ["14A"]
    # CSET (Khan & Mann 2020, Appendix D Table 9): one US$3,984 price for 16/12 nm
    assert get_node("N16").wafer_price_usd == get_node("N12").wafer_price_usd == 3984
    assert list_nodes()[:3] == ["N28", "N16", "N12"]


def test_node_d0_one_way_to_set_d0_and_its_errors() -> None:
    """D0 given, by age or by year: one at a time, each bad input named (issue 13)."""
    from tigris.silicon import node_d0

    n5 = get_node("N5")
    assert node_d0(n5).d0_per_cm2 == n5.d0_per_cm2 == 0.10
    assert node_d0(None, d0_per_cm2=0.2).basis == "given"
    # mid-2020 is 3 months after N5's April 2020 HVM: 0.044 + 0.056 e^(-3/12)
    assert node_d0(n5, year=2020).d0_per_cm2 == pytest.approx(0.044 + 0.056 * math.exp(-0.25))
    bad = [
        ({"d0_per_cm2": 0.1, "months": 3.0}, "months_since_hvm"),
        ({"months": 3.0, "year": 2024}, "year"),
        ({"months": -1.0}, "months_since_hvm"),
        ({"months": float("nan")}, "months_since_hvm"),
        ({"year": 2024.5}, "year"),
        ({"d0_per_cm2": -0.1}, "d0_per_cm2"),
    ]
    for kwargs, field in bad:
        with pytest.raises(InputError) as err:
            node_d0(n5, **kwargs)
        assert err.value.problems[0].field == field, kwargs
    with pytest.raises(InputError, match="--node"):
        node_d0(None, months=3.0)


# --- HVM month: the age a node's learning curve is read at ----------------------------


def _months_between(start: tuple[int, int, int], end: tuple[int, int, int]) -> float:
    """Calendar months from ``start`` to ``end`` (dates as (y, m, d)), days / 30.44."""
    import datetime as dt

    return (dt.date(*end) - dt.date(*start)).days / (365.25 / 12)


def test_node_age_counts_from_its_hvm_month() -> None:
    """Ages at mid-year from the published HVM dates, worked by hand (issue 13.3).

    N3: TSMC's volume-production ceremony was on 29 December 2022 (TSMC, via evertiq
    2022-12-30); tigris starts it on 1 December, so mid-2023 (1 July) is 7 months on,
    within the month of the true ~6.1 (it was 18 when HVM was taken as January 2022).
    N5: volume production from April 2020 (DigiTimes; TSMC: first half 2020), mid-2020
    is 3 months on. N2: 4Q 2025, the quarter's middle month November; mid-2026 is 8.
    """
    n3, n5, n2 = get_node("N3"), get_node("N5"), get_node("N2")
    assert (n3.hvm_year, n3.hvm_month) == (2022, 12)
    assert (n5.hvm_year, n5.hvm_month) == (2020, 4)
    assert (n2.hvm_year, n2.hvm_month) == (2025, 11)
    t3 = float(months_since_hvm(2023, n3.hvm_year, n3.hvm_month))
    assert t3 == 7.0
    true_age = _months_between((2022, 12, 29), (2023, 7, 1))  # ~6.1
    assert true_age <= t3 < true_age + 1  # the first of the month: at most a month older
    assert float(months_since_hvm(2020, n5.hvm_year, n5.hvm_month)) == 3.0
    assert float(months_since_hvm(2026, n2.hvm_year, n2.hvm_month)) == 8.0
    # before the HVM year, and in a year whose middle precedes HVM: the HVM value
    assert float(months_since_hvm(2022, 2022, 12)) == 0.0
    assert float(months_since_hvm(2021, 2022, 1)) == 0.0
    # arrays broadcast over the months as over the years
    got = months_since_hvm(2023, [2022, 2022, 2020], [1, 12, 4])
    assert got.tolist() == [18.0, 7.0, 39.0]


def test_n3_d0_in_2023_from_the_rows_learning_curve() -> None:
    """N3's mid-2023 D0 by hand from its row: 0.044 + (0.10 - 0.044) e^(-7/12) = 0.0752."""
    from tigris.silicon import node_d0

    n3 = get_node("N3")
    assert (n3.d0_per_cm2, n3.d0_mature_per_cm2, n3.d0_learning_months) == (0.10, 0.044, 12)
    by_hand = 0.044 + 0.056 * math.exp(-7 / 12)
    assert by_hand == pytest.approx(0.07525, abs=5e-6)
    choice = node_d0(n3, year=2023)
    assert choice.d0_per_cm2 == pytest.approx(by_hand, rel=1e-12)
    assert choice.months_since_hvm == 7.0
    assert "2022-12 HVM" in choice.explanation
    # The n3-a17-yield-2023 case reads N3 at the analyst's month (mid-April 2023, 4.5
    # months) since the N3 audit of 2026-12-03 (third): tests/test_yield_n3.py.


def test_every_shipped_node_has_a_sourced_hvm_month() -> None:
    """Each row of nodes.csv gives a month 1-12 and says where it comes from."""
    from tigris.data import load_rows

    for row in load_rows("nodes"):
        assert isinstance(row["hvm_month"], int) and 1 <= row["hvm_month"] <= 12, row["node"]
        assert f"HVM month {row['hvm_month']}:" in row["source"], row["node"]


def test_hvm_month_default_and_bad_months() -> None:
    """Without a month HVM is 1 January (the convention before the column); a month
    outside 1-12, or not whole, is refused naming the field."""
    assert float(months_since_hvm(2023, 2022)) == 18.0
    for bad in (0, 13, 6.5, float("nan"), "june"):
        with pytest.raises(InputError) as err:
            months_since_hvm(2023, 2022, bad)  # type: ignore[arg-type]
        assert err.value.problems[0].field == "hvm_month", bad


OVERLAY_NODES = """\
nodes:
  - {name: N3X, based_on: N3, source: mine, as_of: 2025-01}
  - {name: N3Y, based_on: N3, hvm_year: 2024, source: mine, as_of: 2025-01}
  - {name: N3Z, based_on: N3, hvm_year: 2024, hvm_month: 6, source: mine, as_of: 2025-01}
  - name: N1X
    hvm_year: 2030
    wafer_diameter_mm: 300
    wafer_price_usd: 50000
    d0_per_cm2: 0.1
    d0_mature_per_cm2: 0.044
    d0_learning_months: 12
    mask_layers: 100
    euv_layers: 30
    high_na_euv_layers: 0
    source: mine
    as_of: 2025-01
"""


def test_overlay_nodes_hvm_month(tmp_path, run_cli) -> None:
    """An overlay row copies its base's month like every other field (also when it
    moves the year), a row of its own without a month starts in January, and a month
    of 13 is one line naming the field, exit code 2."""
    from tests.conftest import assert_one_line_error
    from tigris.data import using_overlay
    from tigris.overlay import load_overlay

    path = tmp_path / "nodes.yaml"
    path.write_text(OVERLAY_NODES, encoding="utf-8")
    with using_overlay(load_overlay(path)):
        got = [get_node(n).hvm_month for n in ("N3X", "N3Y", "N3Z", "N1X")]
        assert got == [12, 12, 6, 1]
        assert get_node("N3").hvm_month == 12
    bad = tmp_path / "bad.yaml"
    bad.write_text(OVERLAY_NODES.replace("hvm_month: 6", "hvm_month: 13"), encoding="utf-8")
    res = run_cli("chip", "h100", "--node", "N3Z", "--data", bad)
    assert_one_line_error(res, f"{bad}:4: nodes.2.hvm_month: ", "12")


def test_a_risk_draw_of_the_hvm_year_keeps_the_month() -> None:
    """A scenario distribution's draw of nodes.N3.hvm_year at the table's own value
    leaves N3's age as it is (the copied row keeps December); a month of 13 drawn on
    nodes.N3.hvm_month is refused naming its bound."""
    from tigris.plan.reuse import using_data_text
    from tigris.risk.cells import member_overlay, value_problem

    text = member_overlay({"nodes.N3.hvm_year": 2022}, None)
    with using_data_text(text):
        n3 = get_node("N3")
        assert (n3.hvm_year, n3.hvm_month) == (2022, 12)
    assert "12" in (value_problem("nodes.N3.hvm_month", 13) or "")
    assert value_problem("nodes.N3.hvm_month", 6) is None


def test_every_bill_path_reads_its_nodes_at_their_hvm_months() -> None:
    """MI355X: N3 logic (HVM December 2022) on N7 base dies (April 2018). By hand, mid-2023
    is 7 months after 1 December 2022 and mid-2024 19; for N7 63 and 75 months after
    1 April 2018 (66 and 78 from January). The scalar bill, the array bill and
    wafers_by_year read each node's learning curve at those ages: the logic D0 directly,
    the base dies' through their Poisson yield exp(-A D0)."""
    import numpy as np

    from tigris.catalog import get_accelerator
    from tigris.silicon.chip import chip_bill, wafers_by_year

    n3, n7 = get_node("N3"), get_node("N7")
    assert (n3.hvm_month, n7.hvm_month) == (12, 4)

    def d0(n, t):
        return n.d0_mature_per_cm2 + (n.d0_per_cm2 - n.d0_mature_per_cm2) * math.exp(
            -t / n.d0_learning_months
        )

    logic = [d0(n3, 7), d0(n3, 19)]
    area_cm2 = get_accelerator("mi355x").base_die_area_mm2 / 100
    base = [math.exp(-area_cm2 * d0(n7, 63)), math.exp(-area_cm2 * d0(n7, 75))]
    years = np.array([2023, 2024])
    arr = chip_bill("mi355x", year=years)
    assert arr.yield_model == "poisson"
    assert arr.d0_months_since_hvm.tolist() == [7.0, 19.0]
    np.testing.assert_allclose(arr.d0_per_cm2, logic, rtol=1e-12)
    np.testing.assert_allclose(arr.base_die_yield, base, rtol=1e-12)
    np.testing.assert_allclose(wafers_by_year("mi355x", years)["d0_per_cm2"], logic, rtol=1e-12)
    for i, y in enumerate(years):
        one = chip_bill("mi355x", year=int(y))
        assert one.d0_per_cm2 == pytest.approx(logic[i], rel=1e-12)
        assert one.base_die_yield == pytest.approx(base[i], rel=1e-12)
