"""``tigris plan``'s "Shortage ends" sentence starts at the margin and wraps within 80
columns like the other sentences (user test 2026-12-03 #23: it had a leading space and
its first line ran to 81 columns when the shortage ends in neither world).
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from tigris.cli.plan import print_investor

FIRST, LAST = 2026, 2035
#: The console's width (rich's default for a non-terminal, as the user test's pipe) [col].
WIDTH = 80


def _result(note: str | None = None) -> SimpleNamespace:
    """A plan whose shortage ends within the horizon in neither world (the longest
    sentence) and, optionally, a baseline stopped at the time limit."""
    years = list(range(FIRST, LAST + 1))
    base = {"shortage_ends": None, "h100e_by_year": dict.fromkeys(years, 1e6)}
    added = {
        "shortage_ends": None,
        "h100e_by_year": dict.fromkeys(years, 1e5),
        "total_h100e": 1e6,
        "capital_spent_usd": 4e10,
        "capex_usd_per_added_h100e": 930.0,
    }
    demand = pd.DataFrame(
        {"year": years, "demand_h100e": 1e7, "served_h100e": 1.1e6}, index=range(len(years))
    )
    return SimpleNamespace(
        sections=lambda: (base, added), horizon=(FIRST, LAST), demand=demand, baseline_note=note
    )


@pytest.mark.parametrize("note", [None, "the world without the investor stopped at the limit"])
def test_shortage_sentence_starts_at_the_margin_and_fits(capsys, note) -> None:
    assert print_investor(_result(note))
    out = capsys.readouterr().out
    # the sentences above the table (its centred title's indent is not prose)
    prose = [ln for ln in out.split("Compute with and without")[0].splitlines() if ln.strip()]
    start = next(i for i, ln in enumerate(prose) if "Shortage ends:" in ln)
    assert prose[start].startswith("Shortage ends: not within the horizon with the investor;")
    assert " ".join(" ".join(prose[start:]).split()).startswith(
        "Shortage ends: not within the horizon with the investor; not within the horizon "
        "without it."
    )
    for line in prose:
        assert not line.startswith(" "), repr(line)
        assert len(line.rstrip()) <= WIDTH, repr(line)
    if note:
        assert any(ln.startswith("the world without") for ln in prose)
