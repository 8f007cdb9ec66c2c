"""``tigris die``'s analytic gross dies follow the documented cell formula (user test
2026-12-07, a lecturer recomputing by hand: a 2 x 50 mm die printed 581.58 where the
square form docs/silicon.md gave reads 600.83; the cell form was in a docstring only).

docs/silicon.md, "Gross dies per wafer", now gives both forms; these recompute them by
hand from the formula and silicon_params.csv, not through tigris's function.
"""

from __future__ import annotations

import math

import pytest

from tigris.data import load_table


def _params() -> tuple[float, float]:
    t = load_table("silicon_params").set_index("parameter")["value"]
    return float(t["edge_exclusion_mm"]), float(t["scribe_lane_mm"])


def _hand(cell_mm2: float) -> float:
    edge, _ = _params()
    d = 300.0 - 2 * edge
    return math.pi * (d / 2) ** 2 / cell_mm2 - math.pi * d / math.sqrt(2 * cell_mm2)


@pytest.mark.parametrize("w, h, doc", [(2.0, 50.0, 581.6), (20.0, 30.0, 85.66)])
def test_die_prints_the_cell_form(run_cli, w: float, h: float, doc: float) -> None:
    _, s = _params()
    res = run_cli("die", "--width", w, "--height", h, "--d0", "0.1", "--json")
    assert res.code == 0, res.err
    got = res.json()["gross_dies_estimate"]
    assert got == pytest.approx(_hand((w + s) * (h + s)), rel=1e-9)
    assert got == pytest.approx(doc, abs=0.01 if doc < 100 else 0.05)  # docs' numbers


def test_the_square_form_the_doc_quotes_beside_it() -> None:
    """The docs' 600.8 for the square of the same area, and H100's two values: the
    catalog's 814 mm2 as a square (chip) and 26 x 31.3 mm in its cell (die)."""
    _, s = _params()
    assert _hand((math.sqrt(100.0) + s) ** 2) == pytest.approx(600.8, abs=0.05)
    assert _hand((math.sqrt(814.0) + s) ** 2) == pytest.approx(60.01, abs=0.005)  # chip
    assert _hand((26.0 + s) * (31.3 + s)) == pytest.approx(60.02, abs=0.005)  # die
