"""A plan's subsidy per site against the programme that pays it (S35, SUBSIDY-CAP).

``tigris fab`` caps one fab's subsidy at the smallest programme total naming its site
(d0de538, data/subsidy_programmes.csv); the planner builds many modules at a site and
summed their subsidies unbounded, so a plan could book many times a country's whole
programme. The plan's ``subsidies`` table now carries the programme's total beside
each site, :mod:`tigris.plan.subsidy_cap` says when a plan's sum passes it, and a
scenario whose sites could pass theirs is warned of before the solve, at file:line.

Expected numbers are worked by hand from the programmes' published totals (Germany's
EUR 20B for chip fabs to 2027 at the ECB's 2023 average of US$1.0813; the CHIPS Act's
US$39B) and Germany's 50 % share (sites.csv), never from the code under test; since s63
a plan compares them in its currency_year's dollars (2024 here), each moved from its
row's year by the BLS CPI-U (tests/test_s63_subsidy_cap_dollars.py).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.conftest import line_of, replaced, write_scenario
from tests.test_s63_subsidy_cap_dollars import CPI_U_2021, CPI_U_2023, CPI_U_2024
from tigris.plan.saved import CONTENT_KEY, content_digest
from tigris.plan.subsidy_cap import programme_overruns, site_caps

ECB_EUR_USD_2023 = 1.0813  # ECB euro reference rate, US dollar, 2023 annual average
GERMANY_KTF_USD = 20e9 * ECB_EUR_USD_2023  # Bloomberg 2023-07-24: EUR 20B to 2027
#: The same in US$ of 2024, the scenarios' currency_year (CPI-U 2024 / 2023).
GERMANY_KTF_USD_2024 = GERMANY_KTF_USD * CPI_U_2024 / CPI_U_2023
EU_CHIPS_ACT_USD = 43e9 * ECB_EUR_USD_2023  # Regulation (EU) 2023/1781: EUR 43B
US_CHIPS_USD = 39e9  # Pub. L. 117-167: US$39B of manufacturing incentives
GERMANY_SHARE = 0.5  # sites.csv: ESMC Dresden, EUR 5B of aid on EUR 10B

#: Eight N4-class modules forced at Germany, with a trillion dollars to pay for them:
#: at half of a module's ~US$9B capex, ~US$36B of subsidy, past Germany's EUR 20B.
GERMANY = """\
name: germany-many
currency_year: 2024
horizon: {first_year: 2026, last_year: 2032}
discount_rate: 0.08
pue: 1.2
fleet_lifetime_years: 5
unmet_penalty_usd_per_h100e: 27500
demand:
  - name: training
    priority: 2
    h100e_by_year: {2026: 4.0e6, 2032: 40.0e6}
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
  - name: taiwan
    max_modules: 2
    facilities: [cowos, hbm]
  - name: germany
    max_modules: 8
    min_modules: 8
    facilities: [logic-N5]
capital:
  - name: fund
    amount_usd: 1.0e12
    first_year: 2026
    last_year: 2027
tools:
  euv_per_year: {2026: 100}
"""


def _table(*rows: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["site", "facility", "subsidy_usd"])


# --- the programme of a site, and a plan's sum against it ---------------------------


def test_site_caps_are_the_smallest_programme_naming_the_site() -> None:
    caps = site_caps(["germany", "arizona-usa", "tsmc@texas-usa", "taiwan", "atlantis"])
    assert caps[0] is not None and caps[0].amount_usd == pytest.approx(GERMANY_KTF_USD, rel=1e-4)
    assert caps[1] is not None and caps[1].amount_usd == US_CHIPS_USD
    # an incumbent's site is paid by the programme of the site it stands on
    assert caps[2] is not None and caps[2].programme == caps[1].programme
    assert caps[3] is None and caps[4] is None  # no programme; not a sites.csv site


def test_overrun_of_one_site() -> None:
    over = programme_overruns(_table(("germany", "logic-N3", 15e9), ("germany", "logic-N2", 10e9)))
    assert [(o.programme.programme, o.subsidy_usd) for o in over] == [("germany-ktf-chips", 25e9)]
    text = over[0].sentence()
    # a table without its caps is read in the shipped tables' dollars, of 2024
    assert "US$25.0B" in text and f"{25e9 / GERMANY_KTF_USD_2024:.2f}x" in text
    assert "Bloomberg 2023-07-24" in text  # the programme's source


def test_at_or_below_the_programme_nothing_is_said() -> None:
    assert programme_overruns(_table(("germany", "logic-N3", 21.6e9))) == []
    assert programme_overruns(_table(("arizona-usa", "logic-N3", US_CHIPS_USD))) == []
    assert programme_overruns(_table()) == []


def test_a_programme_of_several_sites_bounds_their_sum() -> None:
    # the CHIPS Act pays Arizona and Texas: 20 + 10 + 10 = 40 > 39, though no site passes
    # (in US$ of 2022, the Act's; in 2024's it is US$41.8B, which 40 does not pass)
    t = _table(
        ("arizona-usa", "logic-N3", 20e9),
        ("texas-usa", "hbm", 10e9),
        ("tsmc@arizona-usa", "logic-N3", 10e9),
    )
    assert programme_overruns(t, dollars_of=2024) == []
    [o] = programme_overruns(t, dollars_of=2022)
    assert o.programme.amount_usd == US_CHIPS_USD and o.subsidy_usd == 40e9
    assert dict(o.by_site) == {"arizona-usa": 20e9, "texas-usa": 10e9, "tsmc@arizona-usa": 10e9}


def test_data_centres_are_no_chip_programmes() -> None:
    # a data centre's subsidy is a facility's own share, not the fab programme's
    t = _table(("germany", "datacenter", 50e9), ("germany", "datacenter-gas", 50e9))
    assert programme_overruns(t) == []


def test_every_programme_passed_is_named() -> None:
    # US$50B at Germany passes the KTF's EUR 20B and the EU Chips Act's EUR 43B
    over = programme_overruns(_table(("germany", "logic-N3", 50e9)))
    assert sorted(o.programme.amount_usd for o in over) == pytest.approx(
        [GERMANY_KTF_USD, EU_CHIPS_ACT_USD], rel=1e-4
    )


# --- one module: at most its site's programme, whatever prices it ------------------

INDIA = replaced(
    GERMANY,
    ("  - kind: hbm\n", "  - kind: hbm\n    subsidy_share: 0.9\n    module_capacity: 2.0e5\n"),
    (
        "  - name: germany\n    max_modules: 8\n    min_modules: 8\n    facilities: [logic-N5]\n",
        "  - name: india-gujarat\n    max_modules: 1\n",
    ),
)
INDIA_ISM_GUJARAT_USD = 14e9  # INR 76,000 crore x 1.4 (Gujarat's 40 % top-up), US$14B
#: The same in US$ of 2024: the US$10B reported on 2021-12-15 is US$ of 2021 (CPI-U).
INDIA_ISM_GUJARAT_USD_2024 = INDIA_ISM_GUJARAT_USD * CPI_U_2024 / CPI_U_2021
INDIA_SHARE = 0.70  # sites.csv: ISM's 50 % + Gujarat's 40 % of it


def test_a_memory_module_is_capped_as_a_fab_is() -> None:
    from tigris.plan.assemble import assemble

    inp, _ = assemble(_scenario(INDIA))
    s = inp.sites.index("india-gujarat")
    hbm, cowos = inp.facilities.index("hbm"), inp.facilities.index("cowos")
    # the facility's 90 % of a 200,000-wspm HBM module's ~US$33B capex would pass
    # India's US$14B of 2021, US$16.2B of 2024 (since s63: the 100,000-wspm module's
    # ~US$16B, at 90 %, no longer does)
    assert 0.9 * inp.capex_usd[s, hbm] > INDIA_ISM_GUJARAT_USD_2024
    assert inp.subsidy_usd[s, hbm] == pytest.approx(INDIA_ISM_GUJARAT_USD_2024, rel=1e-12)
    # a CoWoS module's 70 % (the site's share) is far below it: unchanged
    assert inp.subsidy_usd[s, cowos] == pytest.approx(INDIA_SHARE * inp.capex_usd[s, cowos])


# --- after a solve ------------------------------------------------------------------


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import tigris

    path = write_scenario(tmp_path_factory.mktemp("subsidy"), GERMANY)
    return tigris.plan(path, explain=False, counterfactual=False)


def test_plan_table_carries_the_cap_and_passes_it(solved: Any) -> None:
    r = solved
    assert r.ok
    t = r.subsidies
    de = t[t["site"] == "germany"]
    tw = t[t["site"] == "taiwan"]
    np.testing.assert_allclose(
        de["programme_cap_usd"].to_numpy(float), GERMANY_KTF_USD_2024, rtol=1e-4
    )
    assert tw["programme_cap_usd"].isna().all()  # no programme names taiwan
    # eight modules, each subsidised at Germany's share of what it spent (one module's
    # subsidy is far below the cap, so fab_model's per-module cap does not bind)
    assert de["modules"].sum() == 8
    assert de["subsidy_usd"].sum() == pytest.approx(GERMANY_SHARE * de["capex_usd"].sum())
    total = float(de["subsidy_usd"].sum())
    assert total > GERMANY_KTF_USD_2024  # the plan books more than the programme holds
    [o] = programme_overruns(t)
    assert o.programme.programme == "germany-ktf-chips"
    assert o.subsidy_usd == pytest.approx(total)
    assert f"US${total / 1e9:,.1f}B" in o.sentence()


def test_plan_below_the_cap_says_nothing() -> None:
    import tigris

    r = tigris.plan(Path("docs/examples/small-plan.yaml"), explain=False, counterfactual=False)
    t = r.subsidies
    assert programme_overruns(t) == []
    # japan's fab rows carry Japan's JPY 10 trillion (US$65B as reported)
    jp = t[(t["site"] == "japan") & ~t["facility"].str.startswith("datacenter")]
    assert len(jp) and (jp["programme_cap_usd"] == 65e9).all()


def test_saved_and_read_back_keeps_the_cap(solved: Any, tmp_path: Path) -> None:
    from tigris.plan.result import PlanResult

    solved.write(tmp_path / "run")
    back = PlanResult.read(tmp_path / "run")
    a, b = solved.subsidies, back.subsidies
    np.testing.assert_allclose(
        a["programme_cap_usd"].to_numpy(float), b["programme_cap_usd"].to_numpy(float)
    )


def test_a_run_saved_before_the_column_reads_it_as_not_known(solved: Any, tmp_path: Path) -> None:
    from tigris.plan.result import PlanResult

    run = tmp_path / "run"
    solved.write(run)
    csv = run / "subsidies.csv"
    text = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    assert text[0].rstrip("\n").endswith(",programme_cap_usd")
    csv.write_text("".join(ln.rsplit(",", 1)[0] + "\n" for ln in text), encoding="utf-8")
    # plan.json records the file as a run saved then would have
    doc = json.loads((run / "plan.json").read_text(encoding="utf-8"))
    data = csv.read_bytes()
    rows = data.decode("utf-8").count("\n") - 1
    doc["files"]["subsidies.csv"] = {"rows": rows, "sha256": hashlib.sha256(data).hexdigest()}
    doc.pop(CONTENT_KEY, None)
    doc[CONTENT_KEY] = content_digest(doc)
    (run / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    back = PlanResult.read(run)
    assert back.subsidies["programme_cap_usd"].isna().all()
    assert back.subsidies["subsidy_usd"].sum() == pytest.approx(
        solved.subsidies["subsidy_usd"].sum()
    )


# --- before a solve -----------------------------------------------------------------


def _scenario(text: str) -> Any:
    from tigris.scenario.load import scenario_from_dict
    from tigris.yamlio import parse_yaml

    return scenario_from_dict(parse_yaml(text))


def _warnings(text: str) -> list[tuple[tuple[object, ...], str]]:
    from tigris.scenario.checks import parts_of
    from tigris.scenario.checks_subsidy import modules_may_pass_cap

    return modules_may_pass_cap(parts_of(_scenario(text)))


def test_max_modules_times_a_module_passes_the_programme() -> None:
    from tigris.plan.assemble import assemble

    [(loc, msg)] = _warnings(GERMANY)
    assert loc == ("sites", 1, "max_modules")
    # one module's subsidy: Germany's share of its capex, as the plan's inputs price it
    inp, _ = assemble(_scenario(GERMANY))
    s, k = inp.sites.index("germany"), inp.facilities.index("logic-N5")
    each = GERMANY_SHARE * float(inp.capex_usd[s, k])
    assert f"8 modules of logic-N5 at US${each / 1e9:,.2f}B" in msg
    assert f"US${8 * each / 1e9:,.1f}B" in msg
    assert f"{8 * each / GERMANY_KTF_USD_2024:,.2f}x" in msg and "germany-ktf-chips" in msg


def test_fewer_modules_say_nothing() -> None:
    # 4 x ~US$4.5B = ~US$18B < US$22.3B of 2024
    assert (
        _warnings(
            replaced(
                GERMANY, ("max_modules: 8", "max_modules: 4"), ("min_modules: 8", "min_modules: 4")
            )
        )
        == []
    )


def test_capital_bounds_what_could_be_given() -> None:
    # Germany pays half of the capex, so each dollar of the investor's capital buys one
    # dollar of subsidy: US$20B of capital can book at most US$20B < US$22.3B (the
    # programme's US$21.6B of 2023 in the scenario's 2024 dollars)
    less = replaced(GERMANY, ("amount_usd: 1.0e12", "amount_usd: 2.0e10"))
    assert _warnings(less) == []
    # US$22B of capital books at most US$22B: within US$22.3B of 2024 since s63
    assert _warnings(replaced(GERMANY, ("amount_usd: 1.0e12", "amount_usd: 2.2e10"))) == []
    # US$23B of capital: at most US$23B > US$22.3B, below 8 modules' ~US$36B
    more = replaced(GERMANY, ("amount_usd: 1.0e12", "amount_usd: 2.3e10"))
    [(loc, msg)] = _warnings(more)
    assert loc == ("sites", 1, "max_modules")
    assert msg.startswith("8 modules, paid by the scenario's US$23.0B of capital")
    assert "US$1.00 of subsidy for each dollar" in msg
    assert f"US$23.0B of subsidy at germany, {23e9 / GERMANY_KTF_USD_2024:,.2f}x" in msg


def test_no_max_modules_is_left_to_the_plan() -> None:
    # no limit asked for: the check after the solve says it if the plan passes
    free = replaced(GERMANY, ("    max_modules: 8\n    min_modules: 8\n", ""))
    assert _warnings(free) == []


def test_the_reference_and_the_small_plan_say_nothing() -> None:
    from tigris.scenario import reference_scenario
    from tigris.scenario.checks import parts_of
    from tigris.scenario.checks_subsidy import modules_may_pass_cap

    assert modules_may_pass_cap(parts_of(reference_scenario())) == []
    assert _warnings(Path("docs/examples/small-plan.yaml").read_text()) == []


def test_scenario_check_writes_it_at_file_line(tmp_path: Path, run_cli: Any) -> None:
    path = write_scenario(tmp_path, GERMANY)
    res = run_cli("scenario", "check", str(path))
    assert res.code == 0
    line = line_of(path, "max_modules: 8")
    [warned] = [ln for ln in res.err.splitlines() if "germany-ktf-chips" in ln]
    assert warned.startswith(f"warning: {path}:{line}: sites.1.max_modules: 8 modules")
