"""Gross dies per wafer against textbook examples, published H100 figures and brute force."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tigris.errors import InputError
from tigris.silicon import (
    die_layout,
    exceeds_reticle,
    gross_dies_estimate,
    gross_dies_exact,
)


def brute_force_count(w: float, h: float, radius: float, scribe: float, offsets: int) -> int:
    """Independent count: try every grid cell, test all four corners against the disc."""
    px, py = w + scribe, h + scribe
    n_i = int(radius // px) + 2
    n_j = int(radius // py) + 2
    best = 0
    for a in range(offsets):
        for b in range(offsets):
            ox, oy = a / offsets * px, b / offsets * py
            count = 0
            for i in range(-n_i - 1, n_i + 1):
                for j in range(-n_j - 1, n_j + 1):
                    x0, y0 = ox + i * px, oy + j * py
                    corners = ((x0, y0), (x0 + w, y0), (x0, y0 + h), (x0 + w, y0 + h))
                    if all(x * x + y * y <= radius * radius for x, y in corners):
                        count += 1
            best = max(best, count)
    return best


# --- analytic estimate ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("side_cm", "expected"),
    # Hennessy & Patterson, Computer Architecture: A Quantitative Approach, 5th ed.,
    # section 1.6 example: 300 mm wafer, 1.5 cm die -> 270, 1.0 cm die -> 640 dies
    # (the book rounds; tolerance 0.5 die).
    [(1.5, 270), (1.0, 640)],
)
def test_analytic_matches_hennessy_patterson(side_cm: float, expected: int) -> None:
    area_mm2 = (side_cm * 10) ** 2
    got = float(gross_dies_estimate(area_mm2, 300.0, edge_mm=0, scribe_mm=0))
    assert got == pytest.approx(expected, abs=0.5)


def test_analytic_h100_published() -> None:
    # figures.md 3.4: GH100 814 mm^2 on 300 mm -> 63.5 gross, 60.5 with 3 mm edge
    # exclusion (standard formula; tolerance 0.05 for the rounding of the table).
    assert float(gross_dies_estimate(814.0, 300.0, edge_mm=0, scribe_mm=0)) == pytest.approx(
        63.5, abs=0.05
    )
    assert float(gross_dies_estimate(814.0, 300.0, edge_mm=3, scribe_mm=0)) == pytest.approx(
        60.5, abs=0.05
    )
    # with the shipped defaults (3 mm edge, 0.1 mm scribe) it stays in the 60-64 band
    assert 60 <= float(gross_dies_estimate(814.0)) + 0.5 <= 64


def test_analytic_scalar_and_array() -> None:
    scalar = gross_dies_estimate(100.0, edge_mm=0, scribe_mm=0)
    assert np.ndim(scalar) == 0
    arr = gross_dies_estimate(np.array([100.0, 225.0]), edge_mm=0, scribe_mm=0)
    assert arr.shape == (2,)
    assert arr[0] == pytest.approx(float(scalar))
    # broadcasting against wafer diameter: a 200 mm wafer holds fewer dies
    grid = gross_dies_estimate(np.array([[100.0], [225.0]]), np.array([200.0, 300.0]))
    assert grid.shape == (2, 2)
    assert np.all(grid[:, 0] < grid[:, 1])


def test_analytic_never_negative_for_huge_dies() -> None:
    assert float(gross_dies_estimate(60_000.0)) == 0.0


def test_analytic_vectorised_fast() -> None:
    # Monte Carlo calls it with a million samples: must be a handful of array ops.
    rng = np.random.default_rng(0)
    areas = rng.uniform(50, 850, 1_000_000)
    out = gross_dies_estimate(areas)
    assert out.shape == areas.shape and np.all(out > 0)


# --- exact count ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("w", "h", "dia", "edge", "scribe"),
    [
        (10.0, 10.0, 100.0, 0.0, 0.0),
        (7.3, 4.1, 100.0, 3.0, 0.1),
        (13.7, 21.2, 150.0, 2.0, 0.2),
        (3.3, 3.9, 60.0, 1.0, 0.05),
        (26.0, 31.3, 200.0, 3.0, 0.1),
    ],
)
def test_exact_equals_brute_force(w: float, h: float, dia: float, edge: float, scribe: float):
    # Same offsets (4 x 4), independent four-corner check: must agree exactly.
    expected = brute_force_count(w, h, dia / 2 - edge, scribe, offsets=4)
    got = int(gross_dies_exact(w, h, dia, edge_mm=edge, scribe_mm=scribe, offsets=4))
    assert got == expected


@settings(max_examples=25, deadline=None)
@given(
    w=st.floats(2.0, 20.0),
    h=st.floats(2.0, 20.0),
    scribe=st.floats(0.0, 0.3),
)
def test_exact_equals_brute_force_random(w: float, h: float, scribe: float) -> None:
    expected = brute_force_count(w, h, 40.0, scribe, offsets=3)
    assert int(gross_dies_exact(w, h, 80.0, edge_mm=0, scribe_mm=scribe, offsets=3)) == expected


def test_exact_h100_not_below_analytic() -> None:
    # figures.md 3.4: 60.5 analytic with 3 mm edge. The exact count of an 814 mm^2 die
    # depends on aspect ratio; it may be higher but never below analytic minus a few.
    for w, h in [(26.0, 31.3), (28.53, 28.53), (24.0, 33.9)]:
        exact = int(gross_dies_exact(w, h, 300.0, edge_mm=3, scribe_mm=0))
        analytic = float(gross_dies_estimate(w * h, 300.0, edge_mm=3, scribe_mm=0))
        assert exact >= analytic - 3
        assert exact <= math.pi * 147.0**2 / (w * h)  # never more than the area ratio


def test_exact_never_far_below_analytic_across_sizes() -> None:
    # de Vries (2005): the textbook formula is close to real placements; here the exact
    # maximised count is never more than 3 dies below it for squares and 2:1 rectangles.
    sides = np.linspace(3.0, 28.0, 60)
    for ratio in (1.0, 2.0):
        w, h = sides, sides * ratio
        exact = gross_dies_exact(w, h)
        analytic = gross_dies_estimate(w * h)
        ok = h <= 60  # stay well inside the wafer
        assert np.all(exact[ok] >= analytic[ok] - 3)


def test_exact_scalar_and_array() -> None:
    s = gross_dies_exact(10.0, 12.0)
    assert np.ndim(s) == 0
    a = gross_dies_exact([10.0, 10.0], [12.0, 12.0])
    assert a.shape == (2,) and np.all(a == s)
    # swapping width and height of a die cannot change the count on a round wafer
    assert int(gross_dies_exact(12.0, 10.0)) == int(s)


def test_exact_speed_h100_and_small_die() -> None:
    import time

    t0 = time.perf_counter()
    gross_dies_exact(26.0, 31.3)
    gross_dies_exact(1.0, 1.0)  # ~270 rows x 256 offsets
    assert time.perf_counter() - t0 < 1.0


@settings(max_examples=40, deadline=None)
@given(
    w=st.floats(3.0, 30.0),
    h=st.floats(3.0, 30.0),
    dw=st.floats(0.0, 2.0),
    dh=st.floats(0.0, 2.0),
)
def test_larger_die_never_more_gross_dies(w: float, h: float, dw: float, dh: float) -> None:
    assert int(gross_dies_exact(w + dw, h + dh)) <= int(gross_dies_exact(w, h))
    assert float(gross_dies_estimate((w + dw) * (h + dh))) <= float(gross_dies_estimate(w * h))


def test_layout_counts_match_exact() -> None:
    lay = die_layout(7.3, 4.1, 100.0, edge_mm=3, scribe_mm=0.1)
    assert len(lay.whole) == int(gross_dies_exact(7.3, 4.1, 100.0, edge_mm=3, scribe_mm=0.1))
    r = lay.usable_radius_mm
    for x, y in lay.whole:  # every whole die really lies on the usable disc
        for cx, cy in ((x, y), (x + 7.3, y), (x, y + 4.1), (x + 7.3, y + 4.1)):
            assert cx * cx + cy * cy <= r * r + 1e-9
    assert len(lay.partial) > 0


def test_reticle_flag() -> None:
    # 26 x 33 mm field (industry standard): GH100-sized 26 x 31.3 fits, 28.6^2 does not.
    assert not bool(exceeds_reticle(26.0, 31.3))
    assert bool(exceeds_reticle(28.6, 28.6))
    assert not bool(exceeds_reticle(33.0, 26.0))
    assert exceeds_reticle([10.0, 40.0], [10.0, 10.0]).tolist() == [False, True]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"width_mm": -1.0, "height_mm": 5.0},
        {"width_mm": 5.0, "height_mm": float("nan")},
        {"width_mm": 5.0, "height_mm": 5.0, "edge_mm": 200.0},
        {"width_mm": 5.0, "height_mm": 5.0, "offsets": 0},
    ],
)
def test_bad_input(kwargs: dict) -> None:
    with pytest.raises(InputError):
        gross_dies_exact(**kwargs)
