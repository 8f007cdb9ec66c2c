"""``tigris sweep --samples N`` above 1,000 members asks for ``--yes`` (session 33,
LEFT-RISK item 4; /work/notes/LEFT-RISK-sweep-samples.patch to MONEY-B's
src/tigris/cli/sweep.py).

Measured on the reference (--samples 4, 16, 64, --workers 0, /usr/bin/time -v): a member
adds 49 kB to the store and 0.41 MB to the process, at 1-2.6 s of a core; 10,000
members (the sweep's hard limit) would be about 4 GB and hours, unasked. Above 1,000
the run is refused in one line saying what it would hold (exit 2, nothing run) unless
``--yes``. The expected figures are worked by hand from those two measurements.
Applied by MONEY-B in 165fa73; without it the first test ran 1,001 plans of the small
scenario (4 minutes, exit 0 instead of 2).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL_3Y, assert_one_line_error
from tests.conftest import write_scenario as _write


def test_samples_above_the_bound_need_yes(tmp_path: Path, run_cli) -> None:
    """1,001 members: 1,001 x 0.41 MB = 0.41 GB ('0.4 GB'), 1,001 x 49 kB = 49 MB; one
    error line naming --samples and --yes, exit 2, nothing on stdout, nothing solved
    (the scenario has distributions and would run)."""
    text = SMALL_3Y + (
        "distributions:\n"
        "  discount_rate: {dist: triangular, low: 0.07, mode: 0.08, high: 0.09, source: t}\n"
    )
    path = _write(tmp_path, text)
    res = run_cli("sweep", path, "--samples", "1001", "--no-store", "--workers", "0")
    assert_one_line_error(res, "--samples", "1,001 members", "0.4 GB", "49 MB", "--yes")


@pytest.mark.parametrize(
    ("samples", "flags"), [("1001", ("--yes",)), ("1000", ()), ("10000", ("--yes",))]
)
def test_yes_or_at_most_the_bound_passes_the_check(
    tmp_path: Path, run_cli, samples: str, flags: tuple[str, ...]
) -> None:
    """With --yes, or at most 1,000 members, the check passes: the next one speaks (a
    scenario without distributions has nothing to sample), so nothing is run here."""
    path = _write(tmp_path, SMALL_3Y)
    res = run_cli("sweep", path, "--samples", samples, "--no-store", "--workers", "0", *flags)
    assert_one_line_error(res, "--samples", "declares no distributions")


def test_risk_samples_above_the_bound_need_yes_too(tmp_path: Path, run_cli) -> None:
    """tigris risk --samples solves members through the same executor: the same bound
    and line (2,000 x 0.41 MB = 0.82 GB, '0.8 GB'; 2,000 x 49 kB = 98 MB), exit 2,
    nothing solved. Before: 2,000 plans were started."""
    text = SMALL_3Y + (
        "distributions:\n"
        "  discount_rate: {dist: triangular, low: 0.07, mode: 0.08, high: 0.09, source: t}\n"
    )
    path = _write(tmp_path, text)
    res = run_cli("risk", path, "--samples", "2000", "--no-store", "--workers", "0")
    assert_one_line_error(res, "--samples", "2,000 members", "0.8 GB", "98 MB", "--yes")


def test_risk_yes_passes_the_check(tmp_path: Path, run_cli) -> None:
    """With --yes the next check speaks: the scenario has no distributions."""
    path = _write(tmp_path, SMALL_3Y)
    res = run_cli("risk", path, "--samples", "2000", "--yes", "--no-store", "--workers", "0")
    assert_one_line_error(res, "--samples", "declares no distributions")
    assert "--yes" not in res.err
