"""S36 MUT-TESTS: tests for the mutations that survived RV-S36's review (findings 5, 7).

Each test's expected values are derived by hand from the cited source or data row, not
from the code's output; each was run against its mutation in a scratch clone (the
commit message says which failed how):

1. ``catalog_schema._roofline``: the warning threshold is the catalog's largest ridge
   point (nvidia-2035-projected, 1.915e17 FLOP/s / 1.203e14 byte/s = 1,591.85
   FLOP/byte, data/accelerators.csv); halving (or doubling) it fails a test.
2. ``explain_mix._floor_text``: the floors summed over the products *available* in the
   year (data/roadmap.csv's first_year..last_year), not over every product.
3. ``risk.mcerror.order_statistics``: (5, 12, 0.90375) for n = 17, p50 by the binomial
   sum; the narrowest pair first, then the more even tails, then the lower ranks.
4. ``tigris fab`` CO2: the grid.csv row cited is the one nearest the full-output year.
5. ``md1_wait_percentile`` refuses a percent given for a fraction (was an endless loop).
6. ``train --precision``: a run's throughput above the asked precision's peak (MFU > 1)
   is refused, not printed.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tigris.errors import InputError
from tigris.risk.mcerror import order_statistics
from tigris.workload import train
from tigris.workload import training as training_mod
from tigris.workload.queueing import md1_wait_percentile
from tigris.workload.runs import get_run

DATA = Path(__file__).resolve().parents[1] / "src" / "tigris" / "data"

# --- 1. roofline threshold ---------------------------------------------------------

H100_BW = 3.35e12  # HBM3 [byte/s], NVIDIA H100 SXM datasheet (the part's based_on)
#: nvidia-2035-projected's dense BF16 FLOP/s and bandwidth (data/accelerators.csv):
#: the catalog's largest ridge point, 1.915e17 / 1.203e14 = 1,591.85 FLOP/byte; the
#: next is amd-2034-projected's 1.103e17 / 7.367e13 = 1,497.2.
TOP_RIDGE = 1.915e17 / 1.203e14


def _part(tmp_path: Path, name: str, ridge: float) -> Path:
    """A part copying the H100 (3.35 TB/s) with a dense BF16 peak giving ``ridge``."""
    flop = ridge * H100_BW
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        f"accelerators:\n  - name: {name}\n    based_on: h100\n"
        f"    peak_bf16_flop_per_s: {flop:.6e}\n    peak_fp8_flop_per_s: {2 * flop:.6e}\n"
        '    source: "test part"\n    as_of: 2026-12\n',
        encoding="utf-8",
    )
    return path


def _roofline_lines(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if "per byte/s of memory bandwidth" in ln]


def test_roofline_threshold_is_the_catalogs_largest_ridge(run_cli, tmp_path: Path) -> None:
    """Ridge 1,550 (below nvidia-2035-projected's 1,591.85, above amd-2034's 1,497) is
    not warned; 1,650 is, naming 1,592 and nvidia-2035-projected. A threshold of half
    (796) warns at 1,550; one of double (3,184) misses 1,650."""
    assert round(TOP_RIDGE, 2) == 1591.85
    below = _part(tmp_path, "ridge1550", 1550.0)
    res = run_cli("catalog", "ridge1550", "--accelerators", below)
    assert res.code == 0, res.err
    assert _roofline_lines(res.err) == [], res.err

    above = _part(tmp_path, "ridge1650", 1650.0)
    res = run_cli("catalog", "ridge1650", "--accelerators", above)
    assert res.code == 0, res.err
    (line,) = _roofline_lines(res.err)
    # the message names both figures since S37 FIX-DATA (UT-CONTRIB #7)
    assert "per byte/s of memory bandwidth (" in line and ") 1,650 is" in line, line
    assert "(largest: 1,592, nvidia-2035-projected)" in line, line


# --- 2. product-mix floor sums -------------------------------------------------------


def _shares(cell: str, first: int, last: int) -> dict[int, float]:
    """data/roadmap.csv's share cell by year: one number for every ship year, or
    ``year:share|...`` held until the next listed year (the file's header rule)."""
    cell = cell.strip()
    if ":" not in cell:
        return {y: float(cell) for y in range(first, last + 1)}
    listed = dict((int(k), float(v)) for k, v in (p.split(":") for p in cell.split("|")))
    out, cur = {}, 0.0
    for y in range(first, last + 1):
        cur = listed.get(y, cur)
        out[y] = cur
    return out


def _floor_sum(year: int) -> float:
    """Sum of min_share over the roadmap products shipping in ``year`` [-]."""
    total = 0.0
    with (DATA / "roadmap.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            first, last = int(row["first_year"]), int(row["last_year"])
            if first <= year <= last:
                total += _shares(row["min_share"], first, last)[year]
    return total


def test_floor_sums_are_over_the_products_shipping_that_year(reference_plan_text) -> None:
    """By hand from data/roadmap.csv: 2026 b300 0.20 (0.10 before S37's Blackwell
    bands) + rubin 0.05 + tpu-v7 0.05 + trainium3 0.02 (b200, mi355x, mi455x, tpu-v6e,
    ascend-910c 0) = 0.32; 2027 and 2028 0.32; 2029-2035 0.52 (e.g. 2035: nvidia-2033
    0.40 + google-2033 0.08 + aws-2033 0.02 + amd-2032 0.01 + amd-2034 0.01). The
    reference's sentence covers 2026-2035, so "32–52 %" and the rest "48–68 %" (summed
    over every product, available or not, it said "22–135 %" before S37)."""
    hand = {2026: 0.32, 2027: 0.32, 2028: 0.32, **{y: 0.52 for y in range(2029, 2036)}}
    for year, value in hand.items():
        assert _floor_sum(year) == pytest.approx(value, abs=1e-9), year
    res = reference_plan_text  # tigris plan --no-store, once per session (conftest)
    assert res.code == 0, res.err
    out = " ".join(res.out.split())
    m = re.search(r"Product-mix min_share floors bind: in (\d{4})–(\d{4}) ", out)
    assert m is not None, out
    years = range(int(m.group(1)), int(m.group(2)) + 1)
    assert (years.start, years.stop) == (2026, 2036)
    lo = min(hand[y] for y in years)
    hi = max(hand[y] for y in years)
    said = out[m.start() : m.start() + 700]
    assert f"add up to {100 * lo:.0f}–{100 * hi:.0f} % of the H100e delivered" in said, said
    assert f"may make at most {100 * (1 - hi):.0f}–{100 * (1 - lo):.0f} %" in said, said


# --- 3. order statistics -------------------------------------------------------------


def test_order_statistics_n17_median_by_the_binomial_sum() -> None:
    """Hahn, Meeker & Escobar 2017, §5.2: ranks (l, u) cover the p-quantile with
    P(l <= B <= u - 1), B ~ Bin(n, p). n = 17, p = 1/2, 2^17 = 131,072: C(17, k) for
    k = 5..11 = 6,188 + 12,376 + 19,448 + 24,310 + 24,310 + 19,448 + 12,376 = 118,456,
    0.903748 >= 0.90; width 6 reaches at most (5..10) 112,268 = 0.8565. (6, 13) covers
    the same 118,456 with the mirror tails (9,402 and 3,214 of 131,072): a tie in width
    and evenness, and the lower ranks win."""
    cover = sum(math.comb(17, k) for k in range(5, 12))
    assert cover == 118_456
    assert sum(math.comb(17, k) for k in range(6, 13)) == cover  # the (6, 13) tie
    assert max(sum(math.comb(17, k) for k in range(a, a + 6)) for a in range(12)) == 112_268
    lo, hi, cov = order_statistics(17, 0.5)
    assert (lo, hi) == (5, 12)
    assert cov == pytest.approx(cover / 2**17, rel=1e-12)
    assert round(cov, 5) == 0.90375


def test_order_statistics_narrowest_before_even_tails() -> None:
    """n = 12, p = 0.75, 4^12 = 16,777,216, P(B = k) = C(12, k) 3^k / 4^12: k = 6..12
    weigh 673,596, 1,732,104, 3,247,695, 4,330,260, 3,897,234, 2,125,764, 531,441.
    (7, 12) covers k = 7..11: 15,333,057 = 0.91392, the only width-5 pair reaching
    0.90 (width 4 at most 13,600,953 = 0.8107). (6, 12) covers 0.95407 with tails
    (0.01425, 0.03168) more even than (7, 12)'s (0.05440, 0.03168), but is wider: the
    narrowest pair wins (evenness only breaks a tie in width)."""
    w = {k: math.comb(12, k) * 3**k for k in range(13)}
    assert w[7] + w[8] + w[9] + w[10] + w[11] == 15_333_057
    lo, hi, cov = order_statistics(12, 0.75)
    assert (lo, hi) == (7, 12)
    assert cov == pytest.approx(15_333_057 / 4**12, rel=1e-12)


# --- 4. tigris fab CO2 source row ----------------------------------------------------


def _fab_co2(run_cli, start: int) -> dict:
    res = run_cli(
        "fab", "--node", "N3", "--site", "arizona-usa", "--wspm", "50000",
        "--start-year", str(start), "--json",
    )  # fmt: skip
    assert res.code == 0, res.err
    return json.loads(res.out)["co2"]


def test_fab_co2_cites_the_grid_row_nearest_the_full_output_year(run_cli) -> None:
    """data/grid.csv has a usa row for every year 2025-2035. A fab started in 2026 (N3:
    2 years' build + 1.5 ramp, floor(2029.5) = 2029) cites the 2029 row; started in 2036
    (full output 2039, past the table) it cites 2035, the nearest (the farthest, 2025,
    was what a min -> max slip gave, unnoticed while usa's 369 g/kWh is flat)."""
    with (DATA / "grid.csv").open(encoding="utf-8") as f:
        years = sorted(int(r["year"]) for r in csv.DictReader(f) if r["region"] == "usa")
    assert years == list(range(2025, 2036))
    for start, full, cited in ((2026, 2029, 2029), (2036, 2039, 2035)):
        c = _fab_co2(run_cli, start)
        assert c["year"] == full, c
        assert c["source"].startswith(f"data/grid.csv usa {cited} grid_gco2_per_kwh"), c
        assert c["grid_gco2_per_kwh"] == pytest.approx(369.0)


# --- 5. M/D/1 percentile as a fraction -----------------------------------------------


#: Each bad percentile is tried in a child process (HEAD looped forever on 99 and 1: a
#: regression must fail this test, not hang the suite).
_MD1_CHILD = """
import math, time
from tigris.workload.queueing import md1_wait_percentile
for p in (99.0, 1.0, 0.0, -0.5, math.nan):
    t0 = time.perf_counter()
    try:
        md1_wait_percentile(0.8, p)
        print(p, "returned")
    except ValueError as exc:
        ok = "percentile" in str(exc) and time.perf_counter() - t0 < 1.0
        print(p, "refused" if ok else "slow or unnamed")
"""


def test_md1_percentile_outside_0_1_is_refused_at_once() -> None:
    """99 for 0.99 made the tail 1 - 99 = -98, which no exceedance probability is below:
    the bracket doubled forever (HEAD~1: the child timed out). Now a ValueError naming
    ``percentile`` within a second, for 99, 1, 0, -0.5 and NaN alike."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _MD1_CHILD], capture_output=True, text=True, timeout=30
        )
    except subprocess.TimeoutExpired:
        pytest.fail("md1_wait_percentile did not return within 30 s")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split("\n")[:-1]
    assert lines == [f"{p} refused" for p in ("99.0", "1.0", "0.0", "-0.5", "nan")], lines


def test_md1_percentile_fraction_still_answers() -> None:
    """rho = 0.005 <= 1 - 0.99: 99 % of customers find the server idle, so 0."""
    assert md1_wait_percentile(0.005, 0.99) == 0.0


# --- 6. train --precision: MFU above 1 -----------------------------------------------

H100_BF16, H100_FP8 = 9.894e14, 1.9789e15  # dense FLOP/s, NVIDIA H100 datasheet (= H800)


def _fp8_run(monkeypatch: pytest.MonkeyPatch, mfu: float) -> None:
    """DeepSeek-V3's row (FP8 on 2,048 H800) with its MFU against the FP8 peak replaced."""
    run = dataclasses.replace(get_run("deepseek-v3"), mfu=mfu)
    monkeypatch.setattr(training_mod, "get_run", lambda name, field="--model": run)


def test_fp8_run_faster_than_the_bf16_peak_is_refused(monkeypatch) -> None:
    """An FP8 MFU of 0.6 keeps its throughput 0.6 x 1,978.9 = 1,187 TFLOP/s per H800 at
    BF16: 1.2 of the 989.4 TFLOP/s BF16 peak, and MFU is at most 1 (Chowdhery et al.
    2022, App. B). Refused naming --precision (HEAD printed MFU 1.2 and days)."""
    _fp8_run(monkeypatch, 0.6)
    assert pytest.approx(1.2, abs=1e-3) == 0.6 * H100_FP8 / H100_BF16
    with pytest.raises(InputError) as exc:
        train("deepseek-v3", precision="bf16")
    assert exc.value.problems[0].field == "precision"  # the keyword (the CLI: its flag)
    assert "120 % of h800's bf16 peak" in str(exc.value), str(exc.value)
    assert "at most 100 %" in str(exc.value)


def test_fp8_run_within_the_bf16_peak_keeps_its_days(monkeypatch) -> None:
    """0.45 at FP8 is 0.9 of the BF16 peak: accepted, the days unchanged (same
    throughput): 6 x 37e9 x 14.8e12 / (2,048 x 1,978.9e12 x 0.45) s, goodput 1."""
    _fp8_run(monkeypatch, 0.45)
    fp8, bf16 = train("deepseek-v3"), train("deepseek-v3", precision="bf16")
    hand = 6 * 37e9 * 14.8e12 / (2048 * H100_FP8 * 0.45) / 86_400
    assert fp8.days == pytest.approx(hand, rel=1e-6)
    assert bf16.days == pytest.approx(hand, rel=1e-6)
    assert bf16.mfu == pytest.approx(0.45 * H100_FP8 / H100_BF16, rel=1e-9)


def test_cli_fp8_run_above_the_bf16_peak_is_one_error_line(run_cli, monkeypatch) -> None:
    from tests.conftest import assert_one_line_error

    _fp8_run(monkeypatch, 0.6)
    res = run_cli("train", "--model", "deepseek-v3", "--precision", "bf16")
    assert_one_line_error(res, "--precision", "at most 100 %")
