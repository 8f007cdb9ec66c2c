"""tigris train: whole accelerators finish the job in the job's days (UT-CHIP #6).

User test UT-CHIP 2026-12-04, defect 6: ``tigris train --params 1e9 --tokens 2e10 -a
h100 --days 30 --mfu 0.4`` rounded the count up to 1 accelerator but kept the 30 days,
so the printed run held 9.2e20 FLOP of capacity for a 1.2e20 FLOP job and its energy
and money were 7.7x high. The days now follow the job on the whole count,
``T = C / (n peak MFU goodput)``, with a note when they fall short of the days asked.
"""

from __future__ import annotations

import pytest

from tigris.catalog import get_accelerator
from tigris.units import HOURS_PER_DAY, SECONDS_PER_DAY
from tigris.workload import train

#: 6 N D for a dense model without attention terms: 6 x 1e9 params x 2e10 tokens.
SMALL_JOB_FLOP = 6 * 1e9 * 2e10


def test_one_h100_finishes_the_small_job_in_3_9_days() -> None:
    """By hand: 1.2e20 / (9.894e14 x 0.4 x 0.9) s = 336,905 s = 3.899 days on one H100
    (dense BF16 peak 989.4 TFLOP/s, accelerators.csv); hours, energy and rental are
    those 3.9 days', not 30 days' (was 720 h, 1.19 MWh, $1,692)."""
    peak = get_accelerator("h100").peak_bf16_flop_per_s
    assert peak == 9.894e14  # the catalog's figure the hand value uses
    r = train(params=1e9, tokens=2e10, accelerator="h100", days=30, mfu=0.4)
    assert float(r.training_flops) == pytest.approx(SMALL_JOB_FLOP, rel=1e-12)
    days = SMALL_JOB_FLOP / (peak * 0.4 * 0.9) / SECONDS_PER_DAY
    assert days == pytest.approx(3.8994, abs=1e-4)
    assert r.solved_for == "count" and r.accelerators == 1
    assert r.days == pytest.approx(days, rel=1e-12)
    hours = days * HOURS_PER_DAY
    assert r.accelerator_hours == pytest.approx(hours, rel=1e-12)
    # energy: one part's server power x IT overhead x PUE x load factor 0.75 (average
    # over rated draw, data/energy_parameters.csv) over those hours [MWh]
    p_w = get_accelerator("h100").system_power_w
    energy = p_w * float(r.it_overhead) * float(r.pue) * 0.75 * hours / 1e6
    assert r.energy_mwh == pytest.approx(energy, rel=1e-12)
    assert r.cost_usd == pytest.approx(hours * float(r.usd_per_accelerator_hour), rel=1e-12)
    note = next(n for n in r.notes if "days asked" in n)
    assert "the 30 days asked are more than one h100-sxm needs" in note
    assert "3.899 days" in note


@pytest.mark.parametrize(
    "kwargs",
    [
        {"params": 1e9, "tokens": 2e10, "days": 30, "mfu": 0.4},
        {"params": 7e9, "tokens": 1e12, "days": 10, "mfu": 0.35},  # 155.97 -> 156 parts
        {"params": 1e9, "tokens": 2e10, "days": 1, "mfu": 0.4},  # 3.9 -> 4 parts, 0.975 d
        {"model": "llama-3.1-405b", "days": 90},
    ],
)
def test_the_whole_count_holds_exactly_the_job_s_flop(kwargs: dict) -> None:
    """The FLOP balance: n x peak x MFU x goodput x days = C, for the whole count."""
    r = train(accelerator="h100", **kwargs)
    capacity = r.accelerators * r.peak_flop_per_s * r.mfu * r.goodput * r.days * SECONDS_PER_DAY
    assert float(capacity) == pytest.approx(float(r.training_flops), rel=1e-12)
    assert r.accelerators == int(r.accelerators) and r.days <= kwargs["days"]


def test_a_large_count_keeps_the_days_asked_without_a_note() -> None:
    """Llama 3.1 405B in 90 days: 3.8e25 / (9.894e14 x 0.4 x 0.9 x 90 x 86,400) =
    13,719.96, so 13,720 H100 (the user test's count) finish in 89.9998 days: within
    CONSISTENCY_RTOL of the 90 asked, no note."""
    r = train(model="llama-3.1-405b", accelerator="h100", days=90)
    need = 3.8e25 / (9.894e14 * 0.4 * 0.9 * 90 * SECONDS_PER_DAY)
    assert need == pytest.approx(13719.96, abs=0.01)
    assert r.accelerators == 13720
    assert r.days == pytest.approx(90 * need / 13720, rel=1e-12)
    assert not any("days asked" in n for n in r.notes)


def test_count_and_days_given_keep_both_and_solve_the_mfu() -> None:
    """--count 1 --days 30 is the other reading (the part idles at a low MFU): kept."""
    r = train(params=1e9, tokens=2e10, accelerator="h100", days=30, count=1)
    assert r.days == 30 and r.accelerators == 1 and r.solved_for == "mfu"
    assert float(r.mfu) == pytest.approx(SMALL_JOB_FLOP / (9.894e14 * 0.9 * 30 * 86400))


def test_a_few_whole_parts_say_how_much_sooner_they_finish() -> None:
    """1.2e20 FLOP in 1 day at MFU 0.4 needs 3.899 H100 (3.899 days on one, above): 4
    finish in 3.899 / 4 = 0.975 days, 2.5 % short of the day asked (beyond the 2 %
    CONSISTENCY_RTOL), and the note says so."""
    r = train(params=1e9, tokens=2e10, accelerator="h100", days=1, mfu=0.4)
    one = SMALL_JOB_FLOP / (9.894e14 * 0.4 * 0.9) / SECONDS_PER_DAY
    assert r.accelerators == 4 and r.days == pytest.approx(one / 4, rel=1e-12)
    note = next(n for n in r.notes if "day asked" in n)
    assert "3.899 h100-sxm would take the 1 day asked; the whole 4 finish in 0.9748" in note
