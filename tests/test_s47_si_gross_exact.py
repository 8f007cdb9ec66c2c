"""The placed gross-die count is the true maximum over grid origins.

User test s47 #8: the "exact" count was the best of 16 x 16 sampled grid origins, a
lower bound (9.192 x 11.667 mm: 569, a 570 layout exists; 14 x 14: 304 for 306; 5 x 5:
2,506 for 2,507). The reference here is independent of the search: the count changes
only where a die corner crosses the usable circle, so the maximum over origins is
attained where two corner circles meet (or on one circle); every such point of the
small cases below is enumerated and the dies counted corner by corner.
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
import pytest

from tigris.silicon import die_layout, gross_dies_exact

#: Slack on the corner test at a candidate origin, which lies on circles [mm]: float
#: rounding of the intersection, far below any physical tolerance.
EPS_MM = 1e-9


def _count(w: float, h: float, r: float, s: float, ox: float, oy: float) -> int:
    """Whole dies for grid origin (ox, oy): every corner within r (+EPS) of the centre."""
    px, py = w + s, h + s
    i = np.arange(math.floor((-r - ox) / px) - 1, math.ceil((r - ox) / px) + 1)
    j = np.arange(math.floor((-r - oy) / py) - 1, math.ceil((r - oy) / py) + 1)
    x, y = np.meshgrid(ox + i * px, oy + j * py)
    far = np.maximum(x**2, (x + w) ** 2) + np.maximum(y**2, (y + h) ** 2)
    return int((np.sqrt(far) <= r + EPS_MM).sum())


def brute_force_max(w: float, h: float, r: float, s: float) -> int:
    """The maximum over origins, by the critical origins: pairwise corner-circle
    intersections (and the top of each circle, for a region bounded by one)."""
    px, py = w + s, h + s
    corners = [(cx, cy) for cx in (0.0, w) for cy in (0.0, h)]
    ni, nj = math.ceil(2 * r / px) + 1, math.ceil(2 * r / py) + 1
    # the origin p puts corner (cx, cy) of die (i, j) at p + (i px + cx, j py + cy):
    # on the circle when p lies on the circle of radius r about -(i px + cx, j py + cy);
    # one die (i, j) = (0, 0) fixes the first circle (the count is periodic in p)
    centres = np.array(
        [
            (-(i * px + cx), -(j * py + cy))
            for i in range(-ni, ni + 1)
            for j in range(-nj, nj + 1)
            for cx, cy in corners
        ]
    )
    best = 0
    for cx, cy in corners:
        c0 = np.array([-cx, -cy])
        d = centres - c0
        dist = np.hypot(d[:, 0], d[:, 1])
        ok = (dist > 0) & (dist <= 2 * r)
        d, dist = d[ok], dist[ok]
        half = np.sqrt(np.maximum(r**2 - (dist / 2) ** 2, 0.0))
        mid = c0 + d / 2
        perp = np.column_stack([-d[:, 1], d[:, 0]]) / dist[:, None]
        for p in itertools.chain(mid + half[:, None] * perp, mid - half[:, None] * perp):
            best = max(best, _count(w, h, r, s, float(p[0]), float(p[1])))
        best = max(best, _count(w, h, r, s, float(c0[0]), float(c0[1] + r)))
    return best


@pytest.mark.parametrize(
    ("w", "h", "r", "s"),
    [
        (5.0, 4.0, 20.0, 0.1),
        (3.0, 3.0, 12.0, 0.0),
        # cases where the old 16 x 16 sampled search found one die fewer
        (6.74, 3.56, 17.5, 0.1),
        (3.38, 2.8, 24.6, 0.1),
        (5.88, 5.07, 23.9, 0.1),
        (2.2, 4.64, 18.0, 0.1),
        (2.74, 6.1, 20.9, 0.1),
        # a corner exactly on the circle, the maximum at isolated origins (review of
        # s47: the search gave 3 where 4 fit; Pythagorean corners, no edge, no scribe)
        (3.0, 4.0, 5.0, 0.0),
        (6.0, 8.0, 10.0, 0.0),
        (5.0, 12.0, 13.0, 0.0),
    ],
)
def test_exact_equals_the_critical_origin_brute_force(w, h, r, s) -> None:
    ref = brute_force_max(w, h, r, s)
    got = int(gross_dies_exact(w, h, 2 * r, edge_mm=0, scribe_mm=s))
    assert got == ref
    lay = die_layout(w, h, 2 * r, edge_mm=0, scribe_mm=s)
    assert len(lay.whole) == got  # the layout drawn holds that many whole dies
    x, y = lay.whole[:, 0], lay.whole[:, 1]
    far = np.maximum(x**2, (x + w) ** 2) + np.maximum(y**2, (y + h) ** 2)
    assert np.all(np.sqrt(far) <= r + EPS_MM)


@pytest.mark.parametrize(
    ("w", "h", "found"),
    [(9.19238815542512, 11.667261889578034, 570), (14.0, 14.0, 306), (5.0, 5.0, 2507)],
)
def test_user_test_cases_reach_the_better_layouts(w, h, found) -> None:
    got = int(gross_dies_exact(w, h))
    assert got >= found
    assert got >= int(gross_dies_exact(w, h, offsets=32))  # never below a sample
    lay = die_layout(w, h)
    assert len(lay.whole) == got


def test_exact_search_stays_fast() -> None:
    gross_dies_exact(5.0, 5.0)  # warm
    t0 = time.perf_counter()
    for _ in range(5):
        gross_dies_exact(5.0, 5.0)
    per = (time.perf_counter() - t0) / 5
    assert per < 0.05, per  # the brief's bound: < ~50 ms for a 5 x 5 mm die


@pytest.mark.parametrize(("w", "h", "sampled"), [(10.0, 24.0, 260), (12.0, 24.0, 216)])
def test_never_below_the_sampled_search(w, h, sampled) -> None:
    """Whole-number dies with no edge and no scribe put corners exactly on the circle
    (review of s47: 259 where the 16 x 16 sample found 260, 213 for 216)."""
    assert int(gross_dies_exact(w, h, edge_mm=0, scribe_mm=0, offsets=16)) == sampled
    assert int(gross_dies_exact(w, h, edge_mm=0, scribe_mm=0)) >= sampled
