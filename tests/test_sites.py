"""The sites added 2026-12-03 (india-gujarat, singapore) against their published figures.

Hand arithmetic from the sources in ``sites.csv`` (docs/fab.md, "Sites added 2026-12-03"):
India's subsidy is the India Semiconductor Mission's 50% of project cost plus Gujarat's
top-up of 40% of the centre's support; Singapore counts none (EDB incentives are not
published as a share). Construction months are CSET's days / 30.44, rounded.
"""

from __future__ import annotations

import textwrap
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tigris.data import load_rows
from tigris.fab import get_site

#: India Semiconductor Mission: fiscal support of 50% of project cost (MeitY 2022).
ISM_SHARE = 0.50
#: Gujarat Semiconductor Policy 2022-27: additional capital assistance at 40% of the
#: centre's capex assistance (thehindubusinessline.com 2022-07-28).
GUJARAT_TOP_UP_OF_CENTRE = 0.40
INDIA_SHARE = ISM_SHARE + GUJARAT_TOP_UP_OF_CENTRE * ISM_SHARE  # 0.70
NEW = ("india-gujarat", "singapore")
DAYS_PER_MONTH = 365.25 / 12


def _owned(row: dict[str, object]) -> bool:
    owner = row.get("owner")
    return isinstance(owner, str) and bool(owner.strip())


def test_every_site_table_has_a_sourced_row_for_the_new_sites() -> None:
    # A site needs its row in each of these tables (fab layer, energy region, map, tax).
    for table in ("sites", "site_regions", "site_locations", "tax_rates"):
        # a site's own place has no owner (an empty cell reads as NaN, not "")
        rows = [r for r in load_rows(table) if r["site"] in NEW and not _owned(r)]
        assert sorted(r["site"] for r in rows) == sorted(NEW), table
        for r in rows:
            assert len(str(r["source"])) > 40 and str(r["as_of"]).strip(), (table, r["site"])
            # the project's rule: 'from memory' is not a source (review RV-SITES)
            assert "from memory" not in str(r["source"]), (table, r["site"])


def test_aliases_resolve_and_the_example_name_stays_free() -> None:
    assert get_site("gujarat").name == get_site("in").name == "india-gujarat"
    assert get_site("sg").name == "singapore"
    # 'india' and 'dholera' are the documented example of a user's own site (--data)
    names = {r["site"] for r in load_rows("sites")}
    aliases = {a for r in load_rows("sites") for a in str(r["aliases"]).split("|")}
    assert not {"india", "dholera"} & (names | aliases)


def test_build_times_from_cset_and_exyte() -> None:
    # CSET 'No Permits, No Fabs' (2023): Southeast Asia 781 days; no India region, so the
    # worldwide average over ~635 fabs, 682 days. Exyte: 7 months' permit and design in
    # Singapore & Malaysia.
    for site, days in (("singapore", 781), ("india-gujarat", 682)):
        s = get_site(site)
        assert s.construction_days_multi_fab == days
        assert s.construction_months == round(days / DAYS_PER_MONTH)
    assert get_site("singapore").construction_months == 26  # 781 / 30.44 = 25.7
    assert get_site("india-gujarat").construction_months == 22  # 682 / 30.44 = 22.4
    assert get_site("singapore").permit_months == 7
    # India takes Exyte's Singapore & Malaysia figure too (Exyte gives none for India)
    assert get_site("india-gujarat").permit_months == 7


#: Rupees per US dollar: the opening rate of 2024-02-29 (PTI), as fab_budgets.csv.
INR_PER_USD = 82.88
#: Singapore dollars per US dollar in 2024: between 1.3655 (2024-04-30) and 1.3163
#: (2024-08-14), Bloomberg via mothership.sg 2024-08-15.
SGD_PER_USD = 1.34


def _half_up(x: float, digits: int) -> float:
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def test_india_prices_from_the_gujarat_policy() -> None:
    s = get_site("india-gujarat")
    # Gujarat Semiconductor Policy 2022-27: water at Rs 12/m3 for five years
    assert s.water_usd_per_m3 == round(12 / INR_PER_USD, 2) == 0.14
    # its Rs 2/kWh power relief off a ~Rs 7.5/kWh high-tension price before duty (the
    # price is a tigris assumption; the fab is exempt from the duty): a row without the
    # relief would be 0.09
    assert s.electricity_usd_per_kwh == round((7.5 - 2.0) / INR_PER_USD, 2) == 0.07


def test_singapore_prices_against_published_figures() -> None:
    s = get_site("singapore")
    # MOM: median gross monthly income, manufacturing, 2024, with employer CPF: S$5,850
    mom_median_usd = 5850 * 12 / SGD_PER_USD  # 52,388
    assert mom_median_usd < s.labour_usd_per_fte_year < 1.3 * mom_median_usd
    assert s.labour_usd_per_fte_year == round(1.15 * mom_median_usd, -4)
    # PUB from 2024-04-01: NEWater S$2.41/m3, potable S$2.94/m3; a fab takes mostly NEWater
    assert 2.41 / SGD_PER_USD <= s.water_usd_per_m3 <= 2.94 / SGD_PER_USD
    # SP Group's low-tension tariff 2024-Q1, 29.89 cents/kWh before GST; high tension ~10% less
    lt_usd = 0.2989 / SGD_PER_USD
    assert s.electricity_usd_per_kwh < lt_usd
    assert s.electricity_usd_per_kwh == round(0.9 * lt_usd, 2)


def test_new_sites_tax_region_and_map_point() -> None:
    tax = {r["site"]: r["corporate_tax_rate"] for r in load_rows("tax_rates")}
    # India: section 115BAA 22% x (1 + 10% surcharge) x (1 + 4% cess); Singapore 17% (IRAS)
    assert tax["india-gujarat"] == round(0.22 * 1.10 * 1.04, 4)
    assert tax["singapore"] == 0.17
    # both in the IEA Energy and AI 'Asia Pacific' region
    region = {r["site"]: r["region"] for r in load_rows("site_regions")}
    assert region["india-gujarat"] == region["singapore"] == "asia-pacific"
    # Dholera 22.248 N 72.195 E (Wikipedia); URA subzone Pasir Ris Wafer Fab Park
    # 1.3888 N 103.9287 E; rounded to 0.1 degree, halves up
    where = {r["site"]: (r["lat"], r["lon"]) for r in load_rows("site_locations") if not _owned(r)}
    assert where["india-gujarat"] == (_half_up(22.248, 1), _half_up(72.195, 1))
    assert where["singapore"] == (_half_up(1.3888, 1), _half_up(103.9287, 1))


def test_singapore_multiplier_from_the_survey_ratio_to_japan() -> None:
    # Turner & Townsend ICMS, US$ per m2: Singapore 3,307 vs Tokyo 4,567 / Osaka 4,497
    # (2023); 3,129 vs 4,127 / 3,985 (2024). Mean ratio x japan's multiplier, 1 decimal.
    r23 = 3307 / ((4567 + 4497) / 2)
    r24 = 3129 / ((4127 + 3985) / 2)
    want = round((r23 + r24) / 2 * get_site("japan").construction_cost_multiplier, 1)
    assert want == 1.1
    assert get_site("singapore").construction_cost_multiplier == want


def test_fab_at_india_subsidy_is_the_published_share(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("fab", "--node", "N28", "--wspm", "50000", "--site", "india-gujarat", "--json")
    assert res.code == 0, res.err
    out = res.json()
    assert out["site"] == "india-gujarat"
    assert round(INDIA_SHARE, 12) == 0.70  # 0.5 + 0.4 x 0.5
    assert out["subsidy_usd"] == pytest.approx(INDIA_SHARE * out["capex_usd"], rel=1e-9)
    assert out["net_capex_usd"] == pytest.approx(0.30 * out["capex_usd"], rel=1e-9)
    # the site premium on hook-up is (multiplier - 1) x 10% of the tools (docs/fab.md)
    b = out["capex_breakdown_usd"]
    tools = b["lithography"] + b["other_equipment"]
    assert b["installation"] == pytest.approx((1.5 - 1) * 0.10 * tools, rel=1e-9)


def test_fab_at_singapore_counts_no_subsidy(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("fab", "--node", "N28", "--wspm", "30000", "--site", "sg", "--json")
    assert res.code == 0, res.err
    out = res.json()
    assert out["subsidy_usd"] == 0.0 and out["net_capex_usd"] == out["capex_usd"] > 0


SCENARIO = textwrap.dedent(
    """\
    name: new-sites
    currency_year: 2024
    horizon: {first_year: 2026, last_year: 2029}
    discount_rate: 0.08
    pue: 1.2
    fleet_lifetime_years: 5
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: training
        priority: 1
        h100e_by_year: {2026: 4.0e6, 2029: 1.6e7}
    products:
      - name: b200
    supply:
      logic_wspm: {N5: {2026: 20000}}
      cowos_wspm: {2026: 20000}
      hbm_wspm: {2026: 1.0e5}
    facilities:
      - kind: logic
        node: N4
      - kind: cowos
      - kind: hbm
    sites:
      - name: SITE
        max_modules: 3
    capital:
      - name: fund
        amount_usd: 2.0e10
        first_year: 2026
        last_year: 2027
    tools:
      euv_per_year: {2026: 10}
    """
)


@pytest.mark.parametrize(("site", "share"), [("gujarat", INDIA_SHARE), ("singapore", 0.0)])
def test_a_plan_can_build_at_the_new_sites(run_cli, tmp_path: Path, site, share) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.replace("name: SITE", f"name: {site}"), encoding="utf-8")
    res = run_cli("plan", path, "--json")
    assert res.code == 0, res.err
    result = res.json()
    assert result["status"] == "optimal"
    builds = result["builds"]
    assert builds, "demand exceeds supply, so the only site must build"
    assert {b["site"] for b in builds} == {get_site(site).name}
    # every build is at this site, so the subsidy is its share of all capex paid
    capex = result["capex"]
    subsidy = sum(r["capex_usd"] for r in capex if r["source"] == "subsidy")
    total = sum(r["capex_usd"] for r in capex)
    assert subsidy / total == pytest.approx(share, abs=1e-6)


def test_taiwan_electricity_is_the_published_industrial_tariff() -> None:
    # Ministry of Economic Affairs, from 2024-10-16: industrial users pay NT$4.29/kWh on
    # average, US$0.1355 at the source's conversion (Taipei Times 2024-10-01); larger
    # businesses paid NT$3.81 before that rise (Taiwan News 5944599). The site prices are
    # 2024 dollars, so the row is at least the pre-October tariff at the least favourable
    # 2024 rate (NT$33 per US$ bounds the year's range), and is the post-October average.
    s = get_site("taiwan")
    assert s.electricity_usd_per_kwh >= 3.81 / 33.0
    assert s.electricity_usd_per_kwh == 0.1355  # NT$4.29 at Taipei Times' US$ conversion
