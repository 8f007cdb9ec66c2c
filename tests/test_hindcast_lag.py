"""The hindcast reads each kind's yields when its capacity was used (issue 10 item 5).

Rule pre-registered in docs/plan.md, "The hindcast" (1f24355): a year's sales were made
in each kind's lagged window (data/hindcast_lags.csv: logic 6, CoWoS 3, HBM 9 months
from use to sale), so their bill's yields are read at that window's middle, mid-year
less the lag: node and base-die D0 at 1 January, package yield at 1 April, HBM D0 at 1
October of the year before. The HBM bonding yield is read at the stacking time
(docs/plan.md, "HBM stacking time", 78ead84): CoWoS's 3 months plus half of
TrendForce's 1.5-2 months TSV stage, 3.875 months before mid-year of sale (2025's
sales: 12-high HBM3E's dies at 1 month from its September 2024 HVM, bonded at 6.125).
The values below are by hand from the table rows (hbm.csv, packaging.csv, nodes.csv),
not from the code.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tigris.errors import InputError
from tigris.silicon import wafers_by_year
from tigris.silicon.dies import gross_dies_estimate
from tigris.world import hindcast as hc

# B300 (catalog): two 800 mm^2 N4 dies, CoWoS-L, eight 12-high HBM3E stacks.
B300_STACKS = 8
B300_DIES = 2


#: 12-high HBM3E for 2025's sales by the stacking-time rule: dies started 1 October 2024
#: (1 month after the 1 September 2024 HVM), stacks bonded 3.875 months before 1 July
#: 2025, i.e. 12 * (2025 - 3.875 / 12 + 1/2 - 2024) - 8 = 6.125 months after HVM.
DIES_2025, BONDED_2025 = 1.0, 6.125


def _good_12hi_stacks(months: float, bonded: float | None = None) -> float:
    """Good 12-high HBM3E stacks per DRAM wafer of dies started ``months`` after its HVM
    and bonded ``bonded`` months after it (default ``months``), by hand (hbm.csv: 150
    mm^2 dies, D0 0.0646 -> 0.02 /cm^2 over 12 months, Poisson; 12 dies and one base die
    a stack from the DRAM wafer; bonding yield 0.917 -> 0.97 per die over 6 months)."""
    bonded = months if bonded is None else bonded
    d0 = 0.02 + (0.0646 - 0.02) * math.exp(-months / 12)
    bond = 0.97 - (0.97 - 0.917) * math.exp(-bonded / 6)
    return float(gross_dies_estimate(150.0)) * math.exp(-1.5 * d0) / 13 * bond**12


def _cowos_l_yield(months: float) -> float:
    """CoWoS-L package yield ``months`` after 1 January 2025 (packaging.csv: 0.75 ->
    0.95 over 6 months)."""
    return 0.95 - (0.95 - 0.75) * math.exp(-months / 6)


def test_each_kind_is_read_at_its_own_time_by_hand() -> None:
    # HBM at 1 October 2024 (HVM 1 September 2024: 1 month), package at 1 April 2025
    # (3 months), N4 at 1 January 2025 (HVM January 2022: 36 months)
    made = {"logic": [2024.5], "cowos": [2024.75], "hbm": [2024.25]}
    w = wafers_by_year("b300", [2025], made=made)
    yp = _cowos_l_yield(3)
    assert w["hbm_wafers"][0] == pytest.approx(B300_STACKS / _good_12hi_stacks(1) / yp, rel=1e-9)
    assert w["hbm_stacks"][0] == pytest.approx(B300_STACKS / yp, rel=1e-12)
    assert w["d0_per_cm2"][0] == pytest.approx(0.044 + (0.07 - 0.044) * math.exp(-3), rel=1e-12)
    # the package yield divides every figure: interposer wafers move by yp(6)/yp(3)
    mid = wafers_by_year("b300", [2025])
    ratio = w["interposer"][0] / mid["interposer"][0]
    assert ratio == pytest.approx(_cowos_l_yield(6) / yp, rel=1e-12)
    # the pre-registered size: 10.8 good stacks per wafer against 17.4 at mid-2025
    assert round(_good_12hi_stacks(1), 1) == 10.8
    assert round(_good_12hi_stacks(10), 1) == 17.4
    assert mid["hbm_wafers"][0] == pytest.approx(
        B300_STACKS / _good_12hi_stacks(10) / _cowos_l_yield(6), rel=1e-9
    )


def test_made_at_the_years_is_the_plain_bill() -> None:
    years = [2023, 2025, 2027]
    plain = wafers_by_year("mi300x", years)  # base dies too
    kinds = ("logic", "cowos", "hbm", "hbm_stacking")
    same = wafers_by_year("mi300x", years, made={k: years for k in kinds})
    for k, v in plain.items():
        np.testing.assert_array_equal(same[k], v)


def test_stacking_time_defaults_to_the_dram_start() -> None:
    # without a stacking time the bonding yield is read with the dies (30e1deb's bill)
    t = [2024.25]
    one = wafers_by_year("b300", [2025], made={"hbm": t})
    two = wafers_by_year("b300", [2025], made={"hbm": t, "hbm_stacking": t})
    np.testing.assert_array_equal(one["hbm_wafers"], two["hbm_wafers"])


def test_12hi_stacks_for_2025_at_the_two_times_by_hand() -> None:
    # the rule's two times from hbm.csv's HBM3e-12hi row: D0 at 1 month, bonding at
    # 6.125 months; 15.1 good stacks per wafer, inside REVIEW-LAG's 14.3-15.6 for
    # bonding at 5-7 months, against 10.8 with both at 1 month and 17.4 at mid-2025
    made = {"cowos": [2024.75], "hbm": [2024.25], "hbm_stacking": [2025 - 3.875 / 12]}
    w = wafers_by_year("b300", [2025], made=made)
    good = _good_12hi_stacks(DIES_2025, BONDED_2025)
    assert round(good, 1) == 15.1
    assert round(_good_12hi_stacks(BONDED_2025), 1) == 15.4  # D0 moved too: not the rule
    assert w["hbm_wafers"][0] == pytest.approx(B300_STACKS / good / _cowos_l_yield(3), rel=1e-9)
    # the stacks, GB and other kinds do not depend on when the stacks were bonded
    plain = wafers_by_year("b300", [2025], made={"cowos": [2024.75], "hbm": [2024.25]})
    for k in ("hbm_stacks", "hbm_gb", "logic", "interposer"):
        assert w[k][0] == plain[k][0]


def test_stacking_time_is_read_year_by_year_by_hand() -> None:
    # two production years, bonded with the dies in the first and 3.875 months before
    # mid-2026 in the second: 2026's sales of 12-high HBM3E have their dies started 1
    # October 2025 (13 months after HVM) and are bonded 12 * (2026 - 3.875 / 12 + 1/2 -
    # 2024) - 8 = 18.125 months after it; each year reads its own times, not the first's
    made = {"hbm": [2024.25, 2025.25], "hbm_stacking": [2024.25, 2026 - 3.875 / 12]}
    w = wafers_by_year("b300", [2025, 2026], made=made)
    per_wafer = w["hbm_stacks"] / w["hbm_wafers"]
    hand = [_good_12hi_stacks(DIES_2025), _good_12hi_stacks(13.0, 18.125)]
    np.testing.assert_allclose(per_wafer, hand, rtol=1e-9)


def test_8hi_stacks_for_2024_at_the_two_times_by_hand() -> None:
    # 8-high HBM3E (HVM 1 February 2024; 24 Gb 150 mm^2 dies, D0 0.1 -> 0.02 over 12
    # months; bonding 0.917 -> 0.97 over 6) for 2024's sales: dies started 1 October
    # 2023, before HVM, so at the start values; bonded 12 * (2024 - 3.875 / 12 + 1/2 -
    # 2024) - 1 = 1.125 months after HVM. H200 carries six stacks on CoWoS-S (no ramp).
    bond = 0.97 - (0.97 - 0.917) * math.exp(-1.125 / 6)
    good = float(gross_dies_estimate(150.0)) * math.exp(-1.5 * 0.1) / 9 * bond**8
    made = {"hbm": [2023.25], "hbm_stacking": [2024 - 3.875 / 12]}
    w = wafers_by_year("h200", [2024], made=made)
    assert w["hbm_wafers"][0] == pytest.approx(w["hbm_stacks"][0] / good, rel=1e-9)


def test_the_stacking_lag_is_cowos_plus_half_the_tsv_stage() -> None:
    # the rule: CoWoS's lag (hindcast_lags.csv, 3 months) + (1.5 + 2) / 2 / 2 months
    lags = hc.bill_lag_years()
    assert lags["hbm_stacking"] == pytest.approx(lags["cowos"] + 0.875 / 12, rel=1e-12)
    assert {k: v for k, v in lags.items() if k != "hbm_stacking"} == hc.lag_years()


def test_a_window_before_hvm_reads_the_hvm_values() -> None:
    # 8-high HBM3E (HVM February 2024) for 2024's sales: 1 October 2023 is before HVM,
    # so the start values, as at HVM itself (mid-year 2023.58 = 1 February 2024)
    early = wafers_by_year("h200", [2024], made={"hbm": [2023.25]})
    at_hvm = wafers_by_year("h200", [2024], made={"hbm": [2024 + 1 / 12 - 0.5]})
    assert early["hbm_wafers"][0] == pytest.approx(at_hvm["hbm_wafers"][0], rel=1e-12)


@pytest.mark.parametrize(
    ("made", "field"),
    [
        ({"dram": [2024.0]}, "made"),
        ({"hbm": [2024.0, 2025.0]}, "made.hbm"),
        ({"hbm": [float("nan")]}, "made.hbm"),
        ({"hbm_stacking": [2024.0, 2025.0]}, "made.hbm_stacking"),
    ],
)
def test_a_bad_production_time_is_named(made: dict, field: str) -> None:
    with pytest.raises(InputError) as exc:
        wafers_by_year("b300", [2025], made=made)
    assert exc.value.problems[0].field == field


def test_the_hindcast_bill_is_the_lagged_windows_bill() -> None:
    # the planner's use of HBM and CoWoS by B300 for 2025's sales, by hand at the rule's
    # times (before 1f24355's rule: 8 / 17.4 / yp(6) DRAM wafers, at mid-2025; before
    # the stacking-time rule: 8 / 10.8 / yp(3), bonded with the dies at 1 month)
    inp = hc.hindcast_inputs((2025,))
    i = inp.products.index("NVIDIA B300")
    fac = list(inp.facilities)
    yp = _cowos_l_yield(3)
    hbm = inp.use[i, fac.index("hbm"), 0]
    good = _good_12hi_stacks(DIES_2025, BONDED_2025)
    assert hbm == pytest.approx(B300_STACKS / good / yp, rel=1e-9)
    assert inp.use[i, fac.index("cowos"), 0] == pytest.approx(
        wafers_by_year("b300", [2025])["interposer"][0] * _cowos_l_yield(6) / yp, rel=1e-12
    )
    # logic: N4's D0 at 1 January 2025 (36 months), two dies per unit
    d0 = 0.044 + (0.07 - 0.044) * math.exp(-3)
    w = wafers_by_year("b300", [2025], made={"logic": [2024.5], "cowos": [2024.75]})
    assert w["d0_per_cm2"][0] == pytest.approx(d0, rel=1e-12)
    assert inp.use[i, fac.index("logic-N5"), 0] == pytest.approx(w["logic"][0], rel=1e-12)
    assert w["logic"][0] > B300_DIES / float(gross_dies_estimate(800.0))  # a yield < 1


def test_published_use_reads_the_same_bills(monkeypatch: pytest.MonkeyPatch) -> None:
    # published_use costs the shipments with the bills the hindcast gives the planner
    from tigris.world import roadmap

    seen = []
    real = roadmap.bills_by_year

    def spy(*args, **kwargs):
        seen.append(kwargs.get("lags"))
        return real(*args, **kwargs)

    monkeypatch.setattr(roadmap, "bills_by_year", spy)
    hc.published_use((2025,))
    assert seen and all(lags == hc.bill_lag_years() for lags in seen)


def test_base_dies_are_read_with_the_logic_by_hand() -> None:
    # MI300X (catalog): four 370 mm^2 base dies on N7 (nodes.csv: HVM April 2018, D0
    # 0.146 -> 0.04 /cm^2 over 12 months, Poisson), CoWoS-S (package yield 0.95 from
    # its start). For 2019's sales the logic window's middle is 1 January 2019, N7 nine
    # months old (mid-2019: fifteen); the base dies are the logic kind's, and a failed
    # package scraps them too
    def base_wafers(months: float) -> float:
        d0 = 0.04 + (0.146 - 0.04) * math.exp(-months / 12)
        good = float(gross_dies_estimate(370.0)) * math.exp(-3.70 * d0)
        return 4 / good / 0.95

    lagged = wafers_by_year("mi300x", [2019], made={"logic": [2018.5], "cowos": [2018.75]})
    assert lagged["logic_base"][0] == pytest.approx(base_wafers(9), rel=1e-9)
    mid = wafers_by_year("mi300x", [2019])
    assert mid["logic_base"][0] == pytest.approx(base_wafers(15), rel=1e-9)
    # the HBM's time does not move them
    hbm_only = wafers_by_year("mi300x", [2019], made={"hbm": [2018.25]})
    assert hbm_only["logic_base"][0] == pytest.approx(base_wafers(15), rel=1e-9)


def test_the_roadmap_mix_reads_the_lagged_bills_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # the other mix (hc.MIX "roadmap") gives the planner the same lagged bills: B300's
    # HBM dies for 2025's sales at 1 October 2024, bonded 3.875 months before mid-2025,
    # and its package yield at 1 April 2025
    monkeypatch.setattr(hc, "MIX", "roadmap")
    inp = hc.hindcast_inputs((2025,))
    i = inp.products.index("b300")
    hbm = inp.use[i, list(inp.facilities).index("hbm"), 0]
    good = _good_12hi_stacks(DIES_2025, BONDED_2025)
    assert hbm == pytest.approx(B300_STACKS / good / _cowos_l_yield(3), rel=1e-9)
