"""A site whose ``min_modules`` of its smallest module draw more than its
``power_limit_mw`` is refused at its line before the solve: each module takes its full
MW from its start, so no plan meets both (user test 2026-12-07, scenario author #7: the
solve said "infeasible" and blamed capital, scanners and the served-share floor)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tigris.data import load_table

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
JAPAN = "  - name: japan\n"


def _japan(tmp_path: Path, n: int, limit: float) -> tuple[Path, int]:
    text = SMALL.read_text()
    assert JAPAN in text
    site = (
        f"{JAPAN}    facilities: [cowos, hbm]\n    min_modules: {n}\n"
        f"    power_limit_mw: {limit:g}\n"
    )
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(JAPAN, site))
    return path, text[: text.index(JAPAN)].count("\n") + 3  # the min_modules line


def _smallest_mw() -> float:
    rows = load_table("facility_types").set_index("kind")
    return float(min(rows.loc["cowos", "power_mw"], rows.loc["hbm", "power_mw"]))


def test_a_minimum_past_the_power_limit_is_refused(run_cli, tmp_path: Path) -> None:
    mw = _smallest_mw()  # CoWoS's, by the table
    path, line = _japan(tmp_path, 4, 3.5 * mw)
    res = run_cli("scenario", "check", str(path))
    assert res.code == 2, res.out
    (err,) = [ln for ln in res.err.splitlines() if "min_modules" in ln]
    assert err.startswith(f"error: {path}:{line}: sites.1.min_modules: 4 modules of at least")
    assert f"draw {4 * mw:,.6g} MW" in err and f"power_limit_mw of {3.5 * mw:,.6g}" in err


@pytest.mark.parametrize("n", [1, 3])
def test_a_minimum_within_it_is_planned(run_cli, tmp_path: Path, n: int) -> None:
    path, _ = _japan(tmp_path, n, 3.5 * _smallest_mw())
    res = run_cli("scenario", "check", str(path))
    assert res.code == 0, res.err
