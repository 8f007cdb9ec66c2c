"""``tigris fab --first-of-a-kind`` prints the benchmark fab's schedule beside the model's.

UT-ANALYST 2026-12-04 #12: the capex was scaled to TSMC Arizona fab 1's outturn while the
time rows stayed the site's average (24 months of construction). By hand from public
dates: TSMC announced the fab on 2020-05-15 (press release) and began N4 volume
production in the fourth quarter of 2024 (C.C. Wei, 2025-07-17; taken as 2024-11), 54
months; near full output by October 2025, 11 months later.
"""

from __future__ import annotations

FOAK = ("fab", "--node", "N4", "--site", "arizona-usa", "--wspm", "20000")


def test_first_of_a_kind_shows_the_arizona_schedule(run_cli) -> None:
    doc = run_cli(*FOAK, "--first-of-a-kind", "--json").json()
    t = doc["first_of_a_kind_timeline"]
    assert (t["announced"], t["volume_production"], t["full_output"]) == (
        "2020-05",
        "2024-11",
        "2025-10",
    )
    assert t["announced_to_volume_months"] == 54
    assert t["volume_to_full_months"] == 11
    # the model's own lead time, shorter: permit and design plus construction
    lead = round(12 * doc["lead_years"])
    assert t["model_to_first_wafer_months"] == lead < 54
    text = " ".join(run_cli(*FOAK, "--first-of-a-kind").out.split())
    assert "54 months from announcement" in text and "best case" in text

    # only with the flag: the site's schedule is not a first fab's by default
    assert "first_of_a_kind_timeline" not in run_cli(*FOAK, "--json").json()
    assert "months from announcement" not in run_cli(*FOAK).out
