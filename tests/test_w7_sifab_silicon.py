"""``tigris chip`` and ``tigris die`` tell one story of H100 dies per wafer (UT-CLAIMS D9).

``die --width 26 --height 31.3 --node N4 --units 144 --spares 12`` printed 67 whole dies
and 50.39 good; ``chip h100`` printed 60.01 (analytic) and 45.13 good, with no word of
the exact count. ``chip`` now shows both: the analytic estimate the bill uses (the
catalog gives the die's area, not its outline) and the exact count of a die of that
area drawn as wide as the 26 mm reticle field, with the reason in a note.

Hand values: the analytic estimate with 3 mm edge exclusion and a 0.1 mm scribe lane
(``silicon_params.csv``) is pi r^2 / S - pi d / sqrt(2 S), d = 294 mm, r = 147 mm,
S = (sqrt(814) + 0.1)^2 = 819.8 mm^2: 60.01 (Hennessy & Patterson 5th ed. section 1.6).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from tests.conftest import CliResult

D = 300 - 2 * 3
S = (math.sqrt(814) + 0.1) ** 2
ANALYTIC = math.pi * (D / 2) ** 2 / S - math.pi * D / math.sqrt(2 * S)


def test_hand_analytic() -> None:
    assert abs(ANALYTIC - 60.01) < 0.005


def test_chip_shows_exact_count_that_die_prints(
    run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    chip = run_cli("chip", "h100", "--json").json()
    assert chip["gross_dies_per_wafer"] == pytest.approx(ANALYTIC, rel=1e-6)
    # GH100 is 814 mm^2; a square would be 28.5 mm wide, wider than the 26 mm field
    assert chip["exact_width_mm"] == 26
    assert chip["exact_height_mm"] == pytest.approx(814 / 26)
    w, h = chip["exact_width_mm"], chip["exact_height_mm"]
    die = run_cli(
        "die", "--width", f"{w}", "--height", f"{h}", "--node", "N4",
        "--units", "144", "--spares", "12", "--json",
    ).json()  # fmt: skip
    assert chip["gross_dies_exact"] == die["gross_dies"] == 67
    assert chip["good_dies_exact"] == pytest.approx(die["good_dies"], rel=1e-9)
    assert chip["good_dies_exact"] == pytest.approx(67 * chip["die_yield"], rel=1e-12)
    # the bill keeps the analytic count; the note says by how much that is low
    assert chip["good_dies_per_wafer"] == pytest.approx(ANALYTIC * chip["die_yield"])
    note = chip["placed_exactly_note"]
    assert f"{1 - ANALYTIC / 67:.1%} lower" in note
    monkeypatch.setenv("COLUMNS", "400")
    text = run_cli("chip", "h100").out
    assert "analytic, used in the bill" in text and "not used in the bill" in text
    rows = [[c.strip() for c in ln.split("│")] for ln in text.splitlines() if "│" in ln]
    exact = [r[2] for r in rows if r[1] == "placed exactly"]
    assert exact == ["67", "50.39"]
