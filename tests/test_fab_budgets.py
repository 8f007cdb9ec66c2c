"""Fab capex against public fab budgets in several countries (data/fab_budgets.csv).

Tolerance +-35% for every case, stated before looking at the model's answers, as the
sum of what separates an announcement from the model: the two systematic sources of
equipment by node disagree by up to 60% at 5 nm (DigiTimes 2020 vs CSET 2020); announced
budgets are round figures spread over years, sometimes including later phases' site work
or excluding it; node mixes ("28 nm and above") are priced as their leading node; tools
at 2024 prices. The equipment rates come from generic 50k-wspm fab costs, not from these
fabs; one case is in-sample (JASM: the japan construction multiplier was set with it in
view, an earlier session), flagged in the table and in the contract's in-sample list.
Cases the model misses by more than the tolerance are strict xfails whose reason (the
``known_miss`` column) says why; one that starts passing fails, so the table stays honest.
"""

from __future__ import annotations

import pytest

from tigris.fab import fab_model
from tigris.fab.budgets import budget_cases, model_capex

CASES = budget_cases()


def _param(case):  # type: ignore[no-untyped-def]
    marks = []
    if case.known_miss:
        marks.append(pytest.mark.xfail(strict=True, reason=case.known_miss))
    return pytest.param(case, id=case.case, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_capex_within_tolerance_of_published_budget(case) -> None:  # type: ignore[no-untyped-def]
    got = model_capex(case)
    assert abs(got / case.capex_usd - 1) <= case.tolerance, (case.case, got, case.capex_usd)


def test_the_table_is_broad_and_sourced() -> None:
    # >= 8 budgets in >= 4 countries, every row sourced, only five in-sample (JASM, and
    # Arizona's 2024 outturn and 2022 two-fab budget priced with the first-of-a-kind
    # multiplier its own CFO gave for these fabs),
    # shares of each node mix sum to 1, and most cases (>= 60%) inside the tolerance.
    assert len(CASES) >= 8
    assert len({c.country for c in CASES}) >= 4
    for c in CASES:
        assert len(c.source) > 20
        assert sum(s for _, s in c.node_mix) == pytest.approx(1.0)
    # (SITES 2026-12-03) plus the two cases moved from china to the sites added for them
    # (india-gujarat, singapore): their outcome at china was known when those rows came;
    # plus SMIC Tianjin and JSMC Miyagi, whose misses were in view when the building was
    # refitted to published shares (docs/fab.md, rule 975cacf; not used in the fit);
    # plus Fab 18 and SMIC Beijing and Lingang, whose misses were in view when the size
    # scale of capex was adopted (docs/fab.md, rule 35793f5; not used in its parameters);
    # plus TSMC Nanjing and SMIC Shenzhen, whose campus_wspm and building_exists inputs
    # were set after their first-run misses (+74 %, +122 %): one rule with Arizona 2024's
    # first-of-a-kind switch (new-user test s49 #3, 2026-12-06).
    assert [c.case for c in CASES if c.in_sample] == [
        "tsmc-fab18-p1-3",
        "tsmc-arizona-fab1-2024",
        "jasm-kumamoto-fab1",
        "tsmc-nanjing-fab16",
        "smic-beijing-jv",
        "smic-shanghai-lingang",
        "smic-shenzhen",
        "smic-tianjin-xiqing",
        "tsmc-arizona-fabs-1-2-2022",
        "umc-singapore-fab12i-p3",
        "jsmc-miyagi",
        "tata-psmc-dholera",
    ]
    inside = [abs(model_capex(c) / c.capex_usd - 1) <= c.tolerance for c in CASES]
    assert sum(inside) >= 0.6 * len(CASES)
    # the known misses are exactly the cases outside
    assert [not i for i in inside] == [bool(c.known_miss) for c in CASES]


def test_mixed_node_case_is_the_share_weighted_cost() -> None:
    # hand rule of model_capex: half the capacity on each node class
    c = next(c for c in CASES if c.case == "esmc-dresden")
    want = 0.5 * fab_model("N28", 40_000, "germany", dollars_of=2024).capex_usd
    want += 0.5 * fab_model("N16", 40_000, "germany", dollars_of=2024).capex_usd
    assert model_capex(c) == pytest.approx(want)


def test_budgets_are_priced_in_dollars_of_their_year() -> None:
    # Each announced capex is nominal money of its year; model_capex converts the model
    # to it, tools with the BLS PPI for semiconductor machinery (86.64 in 2016, 89.24 in
    # 2020, both interpolated between the 2015 and 2021 annual means), the building and
    # hook-up with the BLS CPI-U (240.007, 258.811); 2020 is DigiTimes' N16 basis year.
    # TSMC Nanjing (2016, all N16) is the 2020-dollar fab with each part so scaled.
    c = next(c for c in CASES if c.case == "tsmc-nanjing-fab16")
    r = fab_model("N16", c.wspm, c.site, campus_wspm=c.campus_wspm)
    parts = r.capex_breakdown_usd
    want = (parts["lithography"] + parts["other_equipment"]) * 86.64 / 89.24
    want += (parts["building"] + parts["installation"]) * 240.007 / 258.811
    assert model_capex(c) == pytest.approx(want, rel=1e-12)
