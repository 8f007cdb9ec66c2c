"""A subsidy programme's total is compared in the dollars of the money it caps (s63).

A reviewer found the cap of a site's subsidy (``data/subsidy_programmes.csv``
``amount_usd``) compared as published with a fab's capex in any year's dollars:
``tigris fab --node N3 --site germany --wspm 200000 --dollars-of Y`` gave a subsidy of
US$21.626B for Y = 2015, 2020 and 2024 alike while the capex moved with Y. Germany's
EUR 20B at the ECB's 2023 average is US$ of 2023; each row's ``amount_usd`` is now moved
from its ``price_year`` to the fab's ``dollars_of`` (the plan's ``currency_year``) by
the CPI-U, as the fab's building is, wherever the cap or the largest award is compared
or said (``tigris fab``, a plan's modules, its ``subsidies`` table, the check after the
solve and the warnings).

Expected numbers are worked by hand from the published figures below, never from the
code under test.
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

import pytest

from tests.conftest import replaced

#: U.S. Bureau of Labor Statistics, CPI-U, U.S. city average, all items (series
#: CUUR0000SA0), annual averages, 1982-84 = 100.
CPI_U_2015 = 237.017
CPI_U_2021 = 270.970
CPI_U_2023 = 304.702
CPI_U_2024 = 313.689

#: ECB euro reference rate, US dollar, 2023 annual average.
ECB_EUR_USD_2023 = 1.0813
#: Germany's chip subsidies to 2027 from the KTF, EUR 20B (Bloomberg 2023-07-24), at
#: 2023's exchange rate: US$ of 2023.
GERMANY_KTF_USD_2023 = 20e9 * ECB_EUR_USD_2023
#: Germany's largest single chip award, Intel Magdeburg, EUR 9.9B (agreed 2023-06-19),
#: at 2023's exchange rate: US$ of 2023 (the table rounds it to US$10.705B).
INTEL_MAGDEBURG_USD_2023 = 10.705e9
#: Germany's share of a fab's capex (sites.csv: ESMC Dresden, EUR 5B of aid on EUR 10B).
GERMANY_SHARE = 0.5


def ktf_in(cpi: float) -> float:
    """Germany's KTF total in dollars of the year whose CPI-U is ``cpi`` [USD]."""
    return GERMANY_KTF_USD_2023 * cpi / CPI_U_2023


def _fab(run_cli: Any, *args: str, node: str = "N3") -> dict[str, Any]:
    res = run_cli("fab", "--node", node, "--site", "germany", *args, "--json")
    assert res.code == 0, res.err
    return json.loads(res.out)


# --- (1) tigris fab: the cap in the fab's dollars ------------------------------------


def test_fab_cap_is_moved_to_the_fab_dollars(run_cli: Any) -> None:
    a = _fab(run_cli, "--wspm", "200000", "--dollars-of", "2015")
    b = _fab(run_cli, "--wspm", "200000", "--dollars-of", "2024")
    # half of ~US$80-100B of capex passes the programme: the cap binds in both years
    assert GERMANY_SHARE * a["capex_usd"] > ktf_in(CPI_U_2015)
    assert GERMANY_SHARE * b["capex_usd"] > ktf_in(CPI_U_2024)
    assert a["subsidy_usd"] == pytest.approx(ktf_in(CPI_U_2015), rel=1e-12)  # US$16.82B
    assert b["subsidy_usd"] == pytest.approx(ktf_in(CPI_U_2024), rel=1e-12)  # US$22.26B
    assert b["subsidy_usd"] / a["subsidy_usd"] == pytest.approx(CPI_U_2024 / CPI_U_2015, rel=1e-12)
    assert a["net_capex_usd"] == pytest.approx(a["capex_usd"] - ktf_in(CPI_U_2015), rel=1e-12)
    (said,) = [w for w in a["warnings"] if "subsidy is capped" in w]
    assert said.startswith(
        "the subsidy is capped at US$16.8B of 2015, the whole of germany-ktf-chips "
        "(as of 2023-07: US$21.6B of 2023, CPI-U)"
    )
    (said,) = [w for w in b["warnings"] if "subsidy is capped" in w]
    assert said.startswith("the subsidy is capped at US$22.3B of 2024")


def test_fab_in_the_programme_own_year_is_the_published_total(run_cli: Any) -> None:
    out = _fab(run_cli, "--wspm", "200000", "--dollars-of", "2023")
    assert out["subsidy_usd"] == pytest.approx(GERMANY_KTF_USD_2023, rel=1e-12)
    (said,) = [w for w in out["warnings"] if "subsidy is capped" in w]
    assert said.startswith(
        "the subsidy is capped at US$21.6B of 2023, the whole of germany-ktf-chips "
        "(as of 2023-07): "
    )


# --- (2) a plan: the cap in the currency_year's dollars ------------------------------

#: Two modules forced at Germany, each a 200,000-wspm N5 fab (half its capex passes the
#: programme) or a CoWoS plant of 200,000 wspm at a 90 % facility share (ten times the
#: table's module): each module's subsidy is the programme's whole total.
PLAN = """\
name: germany-one-big-module
currency_year: 2024
horizon: {first_year: 2026, last_year: 2030}
discount_rate: 0.08
pue: 1.2
fleet_lifetime_years: 5
unmet_penalty_usd_per_h100e: 27500
demand:
  - name: training
    priority: 2
    h100e_by_year: {2026: 4.0e6, 2030: 8.0e6}
products:
  - name: b200
supply:
  logic_wspm: {N5: {2026: 20000}}
  cowos_wspm: {2026: 20000}
  hbm_wspm: {2026: 1.0e5}
facilities:
  - kind: logic
    node: N5
    module_capacity: 200000
  - kind: cowos
    subsidy_share: 0.9
    module_capacity: 200000
  - kind: hbm
sites:
  - name: taiwan
    max_modules: 1
    facilities: [hbm]
  - name: germany
    max_modules: 2
    min_modules: 2
    facilities: [logic-N5, cowos]
capital:
  - name: fund
    amount_usd: 1.0e12
    first_year: 2026
    last_year: 2027
tools:
  euv_per_year: {2026: 200}
"""


def _in_year(year: int) -> str:
    return replaced(PLAN, ("currency_year: 2024", f"currency_year: {year}"))


def _assemble(text: str) -> Any:
    from tigris.plan.assemble import assemble
    from tigris.scenario.load import scenario_from_dict
    from tigris.yamlio import parse_yaml

    inp, _ = assemble(scenario_from_dict(parse_yaml(text)))
    return inp


@pytest.mark.parametrize("year, cpi", [(2015, CPI_U_2015), (2024, CPI_U_2024)])
def test_a_plan_module_is_capped_in_the_currency_year(year: int, cpi: float) -> None:
    inp = _assemble(_in_year(year))
    s = inp.sites.index("germany")
    logic, cowos = inp.facilities.index("logic-N5"), inp.facilities.index("cowos")
    for k, share in ((logic, GERMANY_SHARE), (cowos, 0.9)):
        assert share * inp.capex_usd[s, k] > ktf_in(cpi)  # the share would pass it
        assert inp.subsidy_usd[s, k] == pytest.approx(ktf_in(cpi), rel=1e-12)


def test_a_plan_module_is_priced_as_tigris_fab_prices_it(run_cli: Any) -> None:
    out = _fab(run_cli, "--wspm", "200000", "--dollars-of", "2015", node="N5")
    inp = _assemble(_in_year(2015))
    s, k = inp.sites.index("germany"), inp.facilities.index("logic-N5")
    assert inp.capex_usd[s, k] == pytest.approx(out["capex_usd"], rel=1e-12)
    assert inp.subsidy_usd[s, k] == pytest.approx(out["subsidy_usd"], rel=1e-12)


def test_the_scenario_check_compares_in_the_currency_year() -> None:
    from tigris.scenario.checks import parts_of
    from tigris.scenario.checks_subsidy import modules_may_pass_cap
    from tigris.scenario.load import scenario_from_dict
    from tigris.yamlio import parse_yaml

    sc = scenario_from_dict(parse_yaml(_in_year(2015)))
    [(_, msg)] = modules_may_pass_cap(parts_of(sc))
    # two modules, each at the cap: 2x the whole of it, in 2015 dollars
    assert "2.00x the whole of US$16.8B of 2015 (germany-ktf-chips" in msg


@pytest.fixture(scope="module")
def solved_2015() -> Any:
    import tigris

    with contextlib.redirect_stderr(io.StringIO()):
        return tigris.plan(_in_year(2015), store=False, explain=False, counterfactual=False)


def test_the_subsidies_table_and_the_overrun_in_the_currency_year(solved_2015: Any) -> None:
    from tigris.plan.subsidy_cap import cap_warnings, programme_overruns, table_dollars_of

    r = solved_2015
    assert r.ok
    t = r.subsidies
    de = t[(t["site"] == "germany") & ~t["facility"].str.startswith("datacenter")]
    assert de["modules"].sum() == 2
    assert de["programme_cap_usd"].to_numpy(float) == pytest.approx(ktf_in(CPI_U_2015), rel=1e-12)
    assert table_dollars_of(t) == 2015
    total = float(de["subsidy_usd"].sum())
    assert total == pytest.approx(2 * ktf_in(CPI_U_2015), rel=1e-9)  # each module capped
    [o] = programme_overruns(t)
    assert o.programme.programme == "germany-ktf-chips" and o.dollars_of == 2015
    assert o.total_usd == pytest.approx(ktf_in(CPI_U_2015), rel=1e-12)
    [line] = cap_warnings(t)
    ratio = total / ktf_in(CPI_U_2015)
    assert f"{ratio:,.2f}x the whole of US$16.8B of 2015 (germany-ktf-chips" in line
    [line] = [w for w in r.warnings if w.startswith("the plan's subsidy at germany")]
    assert f"{ratio:,.2f}x the whole of US$16.8B of 2015" in line


def test_an_overrun_is_judged_in_the_table_dollars() -> None:
    import pandas as pd

    from tigris.plan.subsidy_cap import programme_overruns

    # US$20B of subsidy at Germany: past the KTF in 2015 dollars (US$16.8B), within it
    # in 2024 dollars (US$22.3B)
    t = pd.DataFrame({"site": ["germany"], "facility": ["logic-N3"], "subsidy_usd": [20e9]})
    [o] = programme_overruns(t, dollars_of=2015)
    assert o.total_usd == pytest.approx(ktf_in(CPI_U_2015), rel=1e-12)
    assert programme_overruns(t, dollars_of=2024) == []
    # the table's own caps say its year
    t2015 = t.assign(programme_cap_usd=[ktf_in(CPI_U_2015)])
    t2024 = t.assign(programme_cap_usd=[ktf_in(CPI_U_2024)])
    assert [o.dollars_of for o in programme_overruns(t2015)] == [2015]
    assert programme_overruns(t2024) == []


# --- (3) the largest award on record, in the same dollars ----------------------------


def test_the_largest_award_is_compared_in_the_fab_dollars(run_cli: Any) -> None:
    award_2015 = INTEL_MAGDEBURG_USD_2023 * CPI_U_2015 / CPI_U_2023  # US$8.33B of 2015
    # a budget of US$9.5B net of subsidy: half the capex, so ~US$9.5B of subsidy, above
    # the award in 2015 dollars and below it in 2023 dollars
    a = _fab(run_cli, "--budget-usd", "9.5e9", "--dollars-of", "2015")
    sub = a["subsidy_usd"]
    assert award_2015 < sub < INTEL_MAGDEBURG_USD_2023
    assert sub == GERMANY_SHARE * a["capex_usd"]  # below the programme's cap
    (said,) = [w for w in a["warnings"] if "largest single award" in w]
    assert said.startswith(f"US${sub / 1e9:,.1f}B of subsidy is {sub / award_2015:,.1f}x the")
    assert "US$8.3B of 2015 (germany-intel-magdeburg, as of 2023-06: US$10.7B of 2023)" in said
    b = _fab(run_cli, "--budget-usd", "9.5e9", "--dollars-of", "2023")
    assert b["subsidy_usd"] < INTEL_MAGDEBURG_USD_2023
    assert not [w for w in b["warnings"] if "largest single award" in w]


def test_a_row_in_dollars_of_another_year_than_its_as_of() -> None:
    from tigris.fab.data import subsidy_cap

    # India's US$14B is the centre's US$10B as reported on 2021-12-15 (INR 76,000 crore,
    # ~INR 76 per US$) x 1.4 for Gujarat: US$ of 2021, though the row is as of 2022-07
    india = subsidy_cap("india-gujarat")
    assert india is not None and india.as_of == "2022-07" and india.price_year == 2021
    assert india.usd_of(2024) == pytest.approx(14e9 * CPI_U_2024 / CPI_U_2021, rel=1e-12)
