"""Prices as data (issue 11): the shipped points against the figures they cite, the rule
(flat before, linear between, learning after), the H100e rental value against a hand
annuity, tax rates and finance parameters, and the errors for unknown names.

Every shipped row's ``source`` and ``as_of`` are checked by tests/test_data_sources.py
(it covers every CSV in ``tigris/data``); here each price row must also say whose
estimate it is.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tigris.data import load_rows
from tigris.errors import InputError
from tigris.finance import prices as fp
from tigris.units import HOURS_PER_YEAR

# --- every row sourced, and says whose figure it is -------------------------------------

#: Words by which a source says what kind of figure it is (figures.md's kinds).
_KINDS = ("third-party", "tigris", "official")


@pytest.mark.parametrize("table", ["prices", "price_rules", "finance_parameters"])
def test_every_row_says_whose_figure_it_is(table: str) -> None:
    for line, row in enumerate(load_rows(table), start=2):
        text = str(row["source"]).lower()
        assert any(k in text for k in _KINDS), f"{table}.csv:{line}: no kind in the source"


def test_the_table_reads_and_has_every_series_the_contract_asks_for() -> None:
    t = fp.price_table()
    have = {(s, str(i)) for s, i in zip(t["series"], t["item"], strict=True)}
    wanted = {("wafer", n) for n in ("N7", "N5", "N3", "N2", "A16")}
    wanted |= {("cowos", p) for p in ("cowos", "CoWoS-S", "CoWoS-L")}
    wanted |= {("accelerator", a) for a in ("h100-sxm", "h200", "b200", "b300", "mi300x")}
    wanted |= {("rental", "H100")}
    assert wanted <= have
    # units as the contract names them, one per series
    assert t.groupby("series")["unit"].nunique().eq(1).all()


def test_every_hbm_generation_and_every_node_has_a_price() -> None:
    for row in load_rows("hbm"):
        assert fp.hbm_price_usd_per_gb(row["generation"], 2026) > 0
    for row in load_rows("nodes"):
        assert fp.wafer_price_usd(row["node"], 2026) > 0


def test_every_catalog_name_priced_exists_in_the_catalog() -> None:
    from tigris.catalog import get_accelerator

    t = fp.price_table()
    for name in t.loc[t["series"] == "accelerator", "item"]:
        assert get_accelerator(name, None).name == name


# --- the values against the figures they cite --------------------------------------------


def test_wafer_prices_match_the_cited_figures() -> None:
    # Tom's Hardware / siliconexpert / The Information Network: N3 US$18,000-20,000
    assert 18_000 <= fp.wafer_price_usd("N3", 2023) <= 20_000
    # CSET Table 9 (2020): 7 nm US$9,346; 5 nm modelled at US$16,988, Information Network
    # ASP US$13,495: the N5 2020 point lies between them
    assert fp.wafer_price_usd("N7", 2020) == 9_346
    assert 13_495 <= fp.wafer_price_usd("N5", 2020) <= 16_988
    # Morgan Stanley 2024: 4 nm-class wafers from ~US$18,000 to ~US$20,000
    assert fp.wafer_price_usd("N4", 2024) == 18_000 and fp.wafer_price_usd("N4", 2025) == 20_000
    # China Times: N2 ~US$30,000 (Information Network forecast US$24,570); A16 up to US$45,000
    assert 24_570 <= fp.wafer_price_usd("N2", 2025) <= 30_000
    assert fp.wafer_price_usd("A16", 2026) <= 45_000


def test_hbm_prices_are_the_reported_stack_prices_over_their_capacity() -> None:
    # BusinessKorea 2025-11: HBM4 ~US$560 and HBM3E ~US$370 per 12-high 36 GB stack
    assert fp.hbm_price_usd_per_gb("HBM4", 2026) * 36 == pytest.approx(560, rel=0.01)
    assert fp.hbm_price_usd_per_gb("HBM3e-12hi", 2025) * 36 == pytest.approx(370, rel=0.01)
    # Silicon Analysts (after Raymond James 2023): H100's 80 GB of HBM3 cost US$1,400
    assert fp.hbm_price_usd_per_gb("HBM3", 2023) * 80 == pytest.approx(1_400)
    # Korean press 2024: HBM3 ~US$200 per 16 GB stack
    assert fp.hbm_price_usd_per_gb("HBM3", 2024) * 16 == pytest.approx(200)
    # TrendForce 2025-05: HBM4 carries a >30% premium over HBM3E; BusinessKorea: >50%
    assert fp.hbm_price_usd_per_gb("HBM4", 2026) > 1.3 * fp.hbm_price_usd_per_gb("HBM3e", 2026)


def test_cowos_pool_price_is_revenue_share_over_wafers() -> None:
    # TSMC: CoWoS ~7% of revenue (evertiq 2024-03-18), revenue US$90.1B in 2024;
    # capacity ~15k -> ~35k wspm over 2024 (CNA via Epoch): ~25k wspm on average
    revenue_usd, wafers = 0.07 * 90.1e9, 25_000 * 12
    assert fp.cowos_price_usd_per_wafer(2024) == pytest.approx(revenue_usd / wafers, rel=0.05)
    # bottom-up: Silicon Analysts' H100 packaging US$750 x TrendForce's ~28 per wafer
    assert fp.cowos_price_usd_per_wafer(2024, "CoWoS-S") == pytest.approx(750 * 28)
    # Commercial Times / Morgan Stanley: CoWoS prices up 10-20% in 2025
    rise = fp.cowos_price_usd_per_wafer(2025) / fp.cowos_price_usd_per_wafer(2024) - 1
    assert 0.10 <= rise <= 0.20


def test_accelerator_and_rental_prices_match_the_cited_figures() -> None:
    # Raymond James 2023: H100 US$25,000-30,000; Huang to CNBC 2024: Blackwell US$30-40k
    assert 25_000 <= fp.accelerator_asp_usd("h100", 2023) <= 30_000
    assert 30_000 <= fp.accelerator_asp_usd("b200", 2024) <= 40_000
    # Latent Space (Cheah 2024): ~US$4.70 at launch; SemiAnalysis index: US$2.35 in 3/2026
    assert fp.rental_usd_per_hour(2023) == 4.70 and fp.rental_usd_per_hour(2026) == 2.35


def _rate(series: str) -> float:
    rows = load_rows("price_rules")
    return next(float(r["rate_per_year"]) for r in rows if r["series"] == series)


def test_learning_rates_are_the_ones_their_sources_give() -> None:
    # Hobbhahn & Besiroglu 2022: top-GPU FLOP/s per dollar doubles every 2.95 years
    assert _rate("rental") == pytest.approx(1 - 2 ** (-1 / 2.95), abs=5e-4)
    # and the shipped H100 rents fell at about that rate from 2023 to 2026
    assert _rate("rental") == pytest.approx(1 - (2.35 / 4.70) ** (1 / 3), abs=0.01)
    # N7: US$10,000 (2018) -> US$9,346 (CSET, 2020)
    assert _rate("wafer") == pytest.approx(1 - (9_346 / 10_000) ** 0.5, abs=5e-4)
    # A100: US$15,000 (2020) -> US$12,500 (2022), NextPlatform via Epoch
    assert _rate("accelerator") == pytest.approx(1 - (12_500 / 15_000) ** 0.5, abs=5e-4)


# --- the rule: flat before, linear between, learning after -------------------------------


def test_flat_before_the_first_data_year() -> None:
    assert fp.wafer_price_usd("N5", [1990, 2019, 2020]).tolist() == [16_000, 16_000, 16_000]


def test_linear_between_data_years() -> None:
    # N5: 16,000 (2020) and 18,000 (2024): 2022 is halfway, 2021.5 three eighths of the way
    assert fp.wafer_price_usd("N5", 2022) == pytest.approx(17_000)
    assert fp.wafer_price_usd("N5", 2021.5) == pytest.approx(16_000 + 2_000 * 1.5 / 4)


def test_learning_after_the_last_data_year() -> None:
    a = _rate("wafer")
    assert fp.wafer_price_usd("N5", 2028) == pytest.approx(20_000 * (1 - a) ** 3)
    r = _rate("rental")
    assert fp.rental_usd_per_hour(2030) == pytest.approx(2.35 * (1 - r) ** 4)
    # the rule is continuous at the last data year and strictly falling after it
    p = fp.hbm_price_usd_per_gb("HBM4", [2026, 2026.001, 2027, 2030])
    assert p[0] == pytest.approx(p[1], rel=1e-3) and np.all(np.diff(p) < 0)


def test_shape_of_years_is_kept() -> None:
    years = np.array([[2024, 2025], [2026, 2027]])
    assert fp.cowos_price_usd_per_wafer(years).shape == (2, 2)
    assert fp.price_usd("wafer", "N3", 2024).shape == ()


def test_overrides_replace_and_add_points() -> None:
    # a new point in 2030 at US$1/h: linear from 2026's 2.35 to it, learning after it
    p = fp.rental_usd_per_hour([2026, 2028, 2030, 2031], overrides={2030: 1.0})
    assert p[:3].tolist() == pytest.approx([2.35, 2.35 + (1.0 - 2.35) / 2, 1.0])
    assert p[3] == pytest.approx(1.0 * (1 - _rate("rental")))
    # replacing a shipped point
    assert fp.wafer_price_usd("N2", 2025, overrides={2025: 25_000}) == 25_000
    # the table itself is untouched
    assert fp.wafer_price_usd("N2", 2025) == 30_000


# --- the H100e rental value ---------------------------------------------------------------


def test_h100e_value_is_the_hand_computed_annuity() -> None:
    u = fp.finance_parameter("rental_utilisation")
    hours = HOURS_PER_YEAR * u
    # delivered in 2024, 3 years of rent at 10%: 2.85 (2024), 2.00 (2025), 2.35 (2026)
    hand = (2.85 + 2.00 / 1.1 + 2.35 / 1.1**2) * hours
    assert fp.h100e_value_usd([2024], 3, 0.10)[0] == pytest.approx(hand, rel=1e-12)
    # delivered in 2030, past the data: every year's rent is 2.35 x (1 - a)^(t - 2026)
    a = _rate("rental")
    hand = sum(2.35 * (1 - a) ** (4 + k) / 1.08**k for k in range(5)) * hours
    assert fp.h100e_value_usd(2030, 5, 0.08) == pytest.approx(hand, rel=1e-12)


def test_h100e_value_invariants() -> None:
    years = np.arange(2024, 2036)
    v = fp.h100e_value_usd(years, 5, 0.08)
    assert v.shape == years.shape and np.all(v > 0)
    # more discounting, less value; one more year of life, more value
    assert np.all(fp.h100e_value_usd(years, 5, 0.15) < v)
    assert np.all(fp.h100e_value_usd(years, 6, 0.08) > v)
    # a one-year life is one year of rent, undiscounted
    one = fp.h100e_value_usd(years, 1, 0.5)
    assert one == pytest.approx(fp.rental_usd_per_hour(years) * HOURS_PER_YEAR * 0.7)


# --- tax rates and finance parameters ----------------------------------------------------


def test_every_site_has_a_tax_rate_in_range() -> None:
    for row in load_rows("sites"):
        assert 0 <= fp.corporate_tax_rate(row["site"]) < 0.5


def test_tax_rates_combine_as_their_sources_say() -> None:
    # federal 21% (26 USC 11(b)) + Arizona 4.9%, deductible federally; Texas has no CIT
    assert fp.corporate_tax_rate("arizona-usa") == pytest.approx(0.21 + 0.049 * (1 - 0.21), 1e-4)
    assert fp.corporate_tax_rate("texas") == 0.21
    # Korea from 2026: 25% + the 10% local surcharge on the tax; aliases resolve
    assert fp.corporate_tax_rate("kr") == pytest.approx(0.25 * 1.1)


def test_finance_parameters() -> None:
    # SK hynix M15X: KRW 5.3 trillion building of more than KRW 20 trillion in all
    assert fp.finance_parameter("equipment_share_of_capex", "hbm") == pytest.approx(1 - 5.3 / 20)
    for name in ("equipment_share_of_capex", "variable_share_of_opex"):
        for kind in ("cowos", "HBM"):
            assert 0 < fp.finance_parameter(name, kind) < 1
    assert 0 < fp.finance_parameter("rental_utilisation", "all") <= 1


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "field", "says"),
    [
        (lambda: fp.price_usd("wafers", "N3", 2026), "series", "known: accelerator, cowos"),
        (lambda: fp.price_usd("wafer", "N9", 2026), "item", "known: 14A, A14, A16, N12, N16, N2"),
        (lambda: fp.wafer_price_usd("N9", 2026), "node", "unknown node 'N9'"),
        (lambda: fp.cowos_price_usd_per_wafer(2026, "CoWoS-X"), "item", "CoWoS-L"),
        (lambda: fp.hbm_price_usd_per_gb("HBM9", 2026), "item", "HBM4e"),
        (lambda: fp.accelerator_asp_usd("tpu-v9", 2026), "accelerator", "unknown accelerator"),
        (lambda: fp.accelerator_asp_usd("tpu-v4", 2026), "item", "known: b200"),
        (lambda: fp.corporate_tax_rate("atlantis"), "site", "known:"),
        (lambda: fp.finance_parameter("rental_utilisation", "hbm"), "parameter", "known:"),
        (lambda: fp.rental_usd_per_hour(float("nan")), "years", "finite"),
        (lambda: fp.rental_usd_per_hour("soon"), "years", "numbers"),
        (lambda: fp.h100e_value_usd(2026, 0, 0.08), "lifetime_years", ">= 1"),
        (lambda: fp.h100e_value_usd(2026, 2.5, 0.08), "lifetime_years", "whole"),
        (lambda: fp.h100e_value_usd(2026, 5, -1.0), "discount_rate", "> -1"),
        (lambda: fp.rental_usd_per_hour(2026, {2030: -1.0}), "prices.rental.H100", "> 0"),
    ],
)
def test_unknown_names_and_bad_values_are_input_errors(call, field: str, says: str) -> None:
    with pytest.raises(InputError) as err:
        call()
    (problem,) = err.value.problems
    assert problem.field == field
    assert says in problem.message
    assert "\n" not in str(err.value)


def test_a_site_without_a_tax_row_says_how_to_give_one() -> None:
    from tigris.data import DataOverlay, using_overlay

    row = {"site": "india", "name": "India", "source": "example row", "as_of": "2025"}
    with using_overlay(DataOverlay("x.yaml", {"sites": (row,)})), pytest.raises(InputError) as e:
        fp.corporate_tax_rate("india")
    assert "corporate_tax_rate" in str(e.value) and not math.isnan(fp.corporate_tax_rate("uae"))


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ({"unit": "EUR per wafer"}, "is not 'USD per wafer'"),
        ({"value": 0.0}, "a price > 0"),
        ({"series": "wafers"}, "series 'wafers'"),
        ({"year": 2020}, "wafer N7 2020 repeats"),
    ],
)
def test_a_malformed_shipped_price_row_is_a_packaging_error(monkeypatch, bad, says) -> None:
    from tigris.errors import TigrisError

    rows = load_rows("prices")
    rows[0] = {**rows[0], **bad}  # the first row is N7 2018; N7 2020 is the second
    monkeypatch.setattr(fp, "load_rows", lambda name: rows if name == "prices" else [])
    fp._points.cache_clear()
    try:
        with pytest.raises(TigrisError, match=says):
            fp.price_usd("wafer", "N7", 2020)
    finally:
        monkeypatch.undo()
        fp._points.cache_clear()


def test_a_nodes_first_price_is_the_silicon_layers_wafer_price() -> None:
    # data/nodes.csv carries one wafer price per node (the silicon layer's cost input);
    # the price series of a node with its own rows starts from that same sourced figure
    t = fp.price_table()
    wafers = t[t["series"] == "wafer"]
    for row in load_rows("nodes"):
        own = wafers[wafers["item"] == row["node"]].sort_values("year")
        if len(own):
            assert own["value"].iloc[0] == row["wafer_price_usd"], row["node"]
