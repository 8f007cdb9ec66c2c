"""Review of W2-CHECKS (RV-CHECKS, 2026-12-03): cases its tests left open.

Each test here failed before the fix or a mutation it guards against (said per test).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL, line_of, replaced, write_scenario


def _lines_of(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("error:")]


def _with_datacenters(block: str) -> str:
    """SMALL (2026-2029, pue 1.2, 5-year lives) with a ``datacenters:`` block."""
    return replaced(SMALL, ("facilities:\n", f"datacenters:\n{block}facilities:\n"))


# --- an existing_mw too small is found beside another mistake of its block -----------


@pytest.mark.parametrize(
    "other",
    [
        "  grid_headroom_mw: {usa: {2026: -500}}\n",
        "  baseline: bogus\n",
        "  electricity_price_multiplier: -2\n",
    ],
)
def test_existing_mw_too_small_is_reported_beside_another_refused_value(
    tmp_path: Path, run_cli, other: str
) -> None:
    """The installed fleet needs only ``existing_mw`` (and pue, the horizon and the
    lives), not the rest of the block: a refused headroom, baseline or price
    multiplier beside ``existing_mw: {2026: 10}`` hid the fleet error until it was
    fixed (fails on 31ec70f: one line, the other value's)."""
    path = write_scenario(tmp_path, _with_datacenters(f"  existing_mw: {{2026: 10}}\n{other}"))
    res = run_cli("scenario", "check", path)
    lines = _lines_of(res.err)
    assert res.code == 2 and len(lines) == 2, res.err
    (fleet,) = [ln for ln in lines if "accelerators already installed" in ln]
    assert f"{path}:{line_of(path, 'existing_mw:')}: datacenters.existing_mw.2026: " in fleet


def test_a_refused_existing_mw_year_invents_no_fleet_error(tmp_path: Path, run_cli) -> None:
    """``{2026: -1, 2027: 29000}``: left out, 2026 would be held at 29,000 MW, below the
    fleet's ~29,778 MW; with any valid 2026 value (30,000) there is no fleet error, so
    the only line is the refused value's (guards the check's 'existing_mw accepted as
    given' condition: without it, a second line)."""
    bad = write_scenario(tmp_path, _with_datacenters("  existing_mw: {2026: -1, 2027: 29000}\n"))
    res = run_cli("scenario", "check", bad)
    (line,) = _lines_of(res.err)
    assert "datacenters.existing_mw.2026: must be >= 0" in line
    fixed = _with_datacenters("  existing_mw: {2026: 30000, 2027: 29000}\n")
    assert run_cli("scenario", "check", write_scenario(tmp_path, fixed, "fixed.yaml")).code == 0
