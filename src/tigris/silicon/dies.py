"""Gross dies per wafer: the analytic estimate, an exact count, die positions, reticle.

Geometry: a wafer of diameter ``D`` loses an edge-exclusion ring of width ``e``, leaving
a usable disc of diameter ``d = D - 2e``. Dies of ``w x h`` mm sit on a grid of pitch
``(w + s) x (h + s)`` where ``s`` is the scribe (dicing) lane. A die counts when the
whole ``w x h`` rectangle lies on the usable disc.

All functions are pure and vectorised: scalars or numpy arrays (broadcast against each
other) in, arrays or numpy scalars out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from tigris.errors import InputError, checked_array
from tigris.silicon.params import silicon_param

__all__ = [
    "DEFAULT_OFFSETS",
    "DieLayout",
    "die_layout",
    "exceeds_reticle",
    "gross_dies_estimate",
    "gross_dies_exact",
    "gross_dies_exact_bounds",
    "reticle_field_mm",
    "uses_high_na",
]

FloatArray = NDArray[np.float64]

#: Offsets per axis of the sampled search (``gross_dies_exact(..., offsets=n)``: ``k/n``
#: of a pitch, k = 0..n-1; 0 and 1/2 are the two classic centred layouts), the default
#: search until user test s47 #8 and a lower bound on the exact one: a numerical
#: resolution, not a property of the world.
DEFAULT_OFFSETS = 16
#: Cap on the elements of one vectorised block of the exact count (memory bound).
_BLOCK_ELEMENTS = 4_000_000
#: Events the x-origin sweep (:func:`_best_over_ox`) holds per grid row: an arc's start
#: and end, and a wrapped arc's two [-].
_EVENTS_PER_ROW = 4
#: Most grid rows the exact count walks (a die pitch of 30 um on a 300 mm wafer); a
#: bound on memory and time, not a property of the world.
MAX_GRID_ROWS = 10_000


def _arr(x: ArrayLike, field: str, *, allow_zero: bool = False) -> FloatArray:
    return checked_array(x, field, allow_zero=allow_zero, unit="mm")


def _geometry(
    wafer_diameter_mm: ArrayLike, edge_mm: ArrayLike | None, scribe_mm: ArrayLike | None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    dia = _arr(wafer_diameter_mm, "wafer_diameter_mm")
    edge = _arr(
        silicon_param("edge_exclusion_mm") if edge_mm is None else edge_mm,
        "edge_mm",
        allow_zero=True,
    )
    scribe = _arr(
        silicon_param("scribe_lane_mm") if scribe_mm is None else scribe_mm,
        "scribe_mm",
        allow_zero=True,
    )
    if np.any(dia - 2 * edge <= 0):
        raise InputError("edge exclusion leaves no usable wafer", field="edge_mm")
    return dia, edge, scribe


def _out(y: NDArray) -> NDArray:
    return y[()] if y.ndim == 0 else y


def gross_dies_estimate(
    die_area_mm2: ArrayLike,
    wafer_diameter_mm: ArrayLike = 300.0,
    edge_mm: ArrayLike | None = None,
    scribe_mm: ArrayLike | None = None,
    width_mm: ArrayLike | None = None,
) -> FloatArray:
    r"""Analytic gross dies per wafer: ``pi·(d/2)^2 / S - pi·d / sqrt(2·S)``.

    ``d`` is the usable diameter after edge exclusion and ``S`` the die area including
    the scribe lane, ``S = (sqrt(A) + s)^2`` (a square die is assumed for the lane),
    or with ``width_mm`` the die's own cell ``S = (w + s)(A/w + s)``: a grid of dies
    puts one per cell, so the area ratio of an elongated die is not a square's (a
    0.001 x 0.03 mm die: 18 % fewer than the square's lanes give). The first term is
    the area ratio, the second the loss of partial dies along the circumference.
    Negative values (dies near the wafer size) are clipped to 0, as is a die whose
    diagonal is longer than the usable diameter (a rectangle fits in a circle only if
    its diagonal does; the formula, for dies small against the wafer, gave a 296 x 1 mm
    die 189 on a 294 mm usable wafer).

    Parameters
    ----------
    die_area_mm2 : array_like
        Die area without scribe lane [mm^2].
    wafer_diameter_mm : array_like, optional
        Wafer diameter [mm]. Default 300.
    edge_mm : array_like, optional
        Edge exclusion ring width [mm]. Default ``edge_exclusion_mm`` in
        ``silicon_params.csv`` (3 mm).
    scribe_mm : array_like, optional
        Scribe lane width [mm]. Default ``scribe_lane_mm`` in ``silicon_params.csv``.
    width_mm : array_like, optional
        Die width [mm] when the outline is known (the height is ``A / w``); None for a
        square die of area ``A``.

    Returns
    -------
    numpy.ndarray or numpy.float64
        Gross (candidate) dies per wafer, not rounded [-].

    References
    ----------
    .. [1] J. L. Hennessy, D. A. Patterson, "Computer Architecture: A Quantitative
       Approach", 5th ed., 2011, section 1.6, dies-per-wafer equation and example.
    .. [2] D. K. de Vries, "Investigation of gross die per wafer formulas", IEEE Trans.
       Semicond. Manuf. 18(1):136-139, 2005.

    Examples
    --------
    Hennessy & Patterson's 1.5 cm die on a 300 mm wafer (no edge or scribe): 270.

    >>> round(float(gross_dies_estimate(225.0, 300.0, edge_mm=0, scribe_mm=0)))
    270

    GH100 (814 mm^2) with a 3 mm edge exclusion, d = 294 mm, is the published 60.5
    gross dies: ``pi 147^2 / 814 - pi 294 / sqrt(2 x 814)`` [1]:

    >>> g = gross_dies_estimate([814.0, 100.0], edge_mm=3, scribe_mm=0)
    >>> hand = np.pi * 147**2 / np.array([814, 100]) - np.pi * 294 / np.sqrt([1628, 200])
    >>> bool(np.allclose(g, hand, rtol=1e-12)), round(float(g[0]), 1)
    (True, 60.5)
    """
    area = _arr(die_area_mm2, "die_area_mm2")
    dia, edge, scribe = _geometry(wafer_diameter_mm, edge_mm, scribe_mm)
    d = dia - 2.0 * edge
    with np.errstate(over="ignore"):  # an absurd size gives S = inf and so 0 dies
        if width_mm is None:
            w = h = np.sqrt(area)
        else:
            w = _arr(width_mm, "width_mm")
            h = area / w
        s = (w + scribe) * (h + scribe)
        n = math.pi * (d / 2.0) ** 2 / s - math.pi * d / np.sqrt(2.0 * s)
        n = np.where(np.hypot(w, h) > d, 0.0, n)  # the die does not fit on the wafer
    return _out(np.maximum(n, 0.0))


def _check_rows(h: FloatArray, r: FloatArray, s: FloatArray) -> int:
    """Rows the count walks (the usable diameter over the y pitch, plus 2), refused
    above :data:`MAX_GRID_ROWS`."""
    if h.size == 0:
        return 0
    with np.errstate(over="ignore", invalid="ignore"):
        n_rows = int(np.ceil(np.nanmax(2.0 * r / (h + s)))) + 2
    if n_rows > MAX_GRID_ROWS:
        msg = (
            f"the die pitch is so small against the wafer that the exact count would walk "
            f"{n_rows:,} rows (at most {MAX_GRID_ROWS:,}); use gross_dies_estimate"
        )
        raise InputError(msg, field="height_mm")
    return n_rows


def _offset_counts(
    w: FloatArray, h: FloatArray, r: FloatArray, s: FloatArray, n_off: int
) -> NDArray[np.int64]:
    """Whole dies for each grid offset: shape ``(N, n_off, n_off)`` for 1-D inputs."""
    px, py = w + s, h + s
    frac = np.arange(n_off) / n_off
    n_rows = _check_rows(h, r, s)
    per_item = n_off * n_off * n_rows
    block = max(1, _BLOCK_ELEMENTS // per_item)
    out = np.empty((w.size, n_off, n_off), dtype=np.int64)
    rows = np.arange(n_rows)
    # A die or lane near 1e300 mm squares to inf: correctly "outside the disc".
    with np.errstate(over="ignore"):
        for start in range(0, w.size, block):
            sl = slice(start, start + block)
            wb, hb, rb, pxb, pyb = (a[sl, None] for a in (w, h, r, px, py))
            oy = frac[None, :] * pyb  # (B, n_off)
            j0 = np.floor((-rb - oy) / pyb)
            y0 = oy[..., None] + (j0[..., None] + rows) * pyb[..., None]  # (B, n_off, J)
            ymax2 = np.maximum(y0**2, (y0 + hb[..., None]) ** 2)
            r2 = (rb**2)[..., None]
            valid = ymax2 <= r2
            hw = np.sqrt(np.where(valid, r2 - ymax2, 0.0))
            ox = frac[None, :] * pxb  # (B, n_off)
            hw4 = hw[:, None, :, :]
            ox4 = ox[:, :, None, None]
            px4 = pxb[:, :, None, None]
            lo = np.ceil((-hw4 - ox4) / px4)
            hi = np.floor((hw4 - wb[:, :, None, None] - ox4) / px4)
            cnt = np.where(valid[:, None, :, :], np.maximum(hi - lo + 1.0, 0.0), 0.0)
            out[sl] = cnt.sum(axis=-1).astype(np.int64)  # (B, n_ox, n_oy)
    return out


#: Intervals of the grid origin's y offset the exact search starts from (one pitch cut
#: in this many); a work granularity, not a property of the world.
_EXACT_START_INTERVALS = 32
#: Width of a y-offset interval below which the exact search stops splitting [mm]: a
#: numerical resolution far below any placement tolerance (1 nm).
_EXACT_TOL_MM = 1e-6
#: Most halvings of a y-offset interval the exact search makes (2^-40 of a pitch is
#: below :data:`_EXACT_TOL_MM` for any pitch up to a wafer); a guard on time.
_EXACT_MAX_LEVELS = 60
#: Most y-offset intervals kept at once (a guard on memory; the search keeps tens).
_EXACT_MAX_INTERVALS = 65_536
#: Most row x interval evaluations the search makes (a guard on time, ~2 s on a 2-core
#: machine of 2026-12 at the 9,972 rows of a 29.5 um die; an H100-sized die needs
#: ~10^4): past it the best count found is kept with its proven upper bound (a die
#: 1 um x 29.5 um took 37 s to prove 2,300,939,966; s48 suite timing).
_EXACT_MAX_WORK = 2_000_000


def _rows_for(h: float, r: float, py: float) -> FloatArray:
    """Grid row indices ``j`` whose row ``[oy + j py, oy + j py + h]`` can meet the disc
    of radius ``r`` for an origin ``oy`` in ``[0, py)``."""
    return np.arange(math.floor((-r - h) / py) - 1, math.ceil(r / py) + 2, dtype=float)


def _best_over_ox(
    hw: FloatArray, valid: NDArray[np.bool_], w: float, px: float
) -> tuple[FloatArray, FloatArray]:
    """Most whole dies over the x origin, exactly, for each of ``N`` sets of rows.

    Row ``j`` of half-chord ``hw_j`` holds the dies whose left edges ``ox + i·px`` lie
    in ``[-hw_j, hw_j - w]``, of length ``L_j = 2 hw_j - w = q_j px + rho_j``: ``q_j + 1``
    dies when ``(ox + hw_j) mod px <= rho_j``, else ``q_j``. So the total is
    ``sum q_j`` plus the number of circular arcs ``[a_j, a_j + rho_j]`` (``a_j = -hw_j
    mod px``) covering ``ox mod px``, maximised by a sweep over the arcs' ends (closed
    arcs: a start sorts before an end at the same point).

    Parameters
    ----------
    hw : numpy.ndarray
        Row half-chords, shape ``(N, J)`` [mm].
    valid : numpy.ndarray of bool
        Rows inside the disc, shape ``(N, J)`` [-].
    w, px : float
        Die width and x pitch [mm].

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The most dies ``(N,)`` and an x origin giving it ``(N,)`` [mm].
    """
    length = 2.0 * hw - w
    ok = valid & (length >= 0.0)
    q = np.where(ok, np.floor(length / px), 0.0)
    rho = np.where(ok, length - q * px, 0.0)
    start = np.where(ok, np.mod(-hw, px), px)  # an unused row: an empty arc at px
    end = start + rho
    wraps = ok & (end >= px)
    n = hw.shape[0]
    zero = np.zeros_like(start)
    pos = np.concatenate([start, np.where(wraps, zero, px), np.minimum(end, px), end - px], 1)
    one = ok.astype(float)
    delta = np.concatenate([one, wraps * 1.0, -one, -(wraps * 1.0)], axis=1)
    pos = np.where(delta == 0.0, np.inf, pos)  # events of no arc: after every real one
    n_rows = hw.shape[1]
    # at one point: a wrapped arc's continuation, then arcs starting, then arcs ending
    # (closed arcs); the maximum is read at a real start only, where its row's die
    # has its left corner on the circle: ox = -hw_k exactly, no modular rounding
    kind = np.repeat(np.array([1.0, 0.0, 2.0, 2.0]), n_rows)[None, :] * np.ones((n, 1))
    order = np.lexsort((kind, pos), axis=-1)
    cover = np.cumsum(np.take_along_axis(delta, order, axis=1), axis=1)
    real = (order < n_rows) & np.take_along_axis(delta > 0.0, order, axis=1)
    k = np.argmax(np.where(real, cover, -1.0), axis=1)
    rows = np.arange(n)
    best = q.sum(axis=1) + np.maximum(cover[rows, k], 0.0)
    row = order[rows, k] % n_rows
    ox = np.where(real[rows, k], -hw[rows, row], 0.0)
    return best, ox


def _count_at(w: float, h: float, r: float, s: float, ox: float, oy: float) -> int:
    """Whole dies for one grid origin ``(ox, oy)``, the row rule of :func:`_offset_counts`."""
    px, py = w + s, h + s
    y0 = oy + _rows_for(h, r, py) * py
    ymax2 = np.maximum(y0**2, (y0 + h) ** 2)
    valid = ymax2 <= r * r
    hw = np.sqrt(np.where(valid, r * r - ymax2, 0.0))
    lo = np.ceil((-hw - ox) / px)
    hi = np.floor((hw - w - ox) / px)
    return int(np.where(valid, np.maximum(hi - lo + 1.0, 0.0), 0.0).sum())


def _level(
    lo: FloatArray, hi: FloatArray, j: FloatArray, w: float, h: float, r: float, s: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """One level of :func:`_exact_best` over the y-origin intervals ``[lo, hi)``, in
    blocks of at most :data:`_BLOCK_ELEMENTS` rows x intervals (a bound on memory: a
    tiny die walks thousands of rows): the most dies with the x origin solved at each
    interval's start and middle, those x origins, and the interval's upper bound."""
    px = w + s
    py_rows = j * (h + s)
    r2 = r * r
    n = lo.size
    at_lo, ox_lo = np.empty(n), np.empty(n)
    at_mid, ox_mid = np.empty(n), np.empty(n)
    bound = np.empty(n)
    # the sweep of _best_over_ox holds four events a row: 4 J elements an interval
    block = max(1, _BLOCK_ELEMENTS // (_EVENTS_PER_ROW * max(j.size, 1)))
    for b in range(0, n, block):
        sl = slice(b, b + block)
        for oy, cnt, ox in (
            (lo[sl], at_lo, ox_lo),
            ((lo[sl] + hi[sl]) / 2.0, at_mid, ox_mid),
        ):
            y0 = oy[:, None] + py_rows
            ymax2 = np.maximum(y0**2, (y0 + h) ** 2)
            valid = ymax2 <= r2
            cnt[sl], ox[sl] = _best_over_ox(np.sqrt(np.where(valid, r2 - ymax2, 0.0)), valid, w, px)
        a, c = lo[sl, None] + py_rows, hi[sl, None] + py_rows
        vertex = np.clip(-h / 2.0, a, c)
        least = np.maximum(vertex**2, (vertex + h) ** 2)
        wide = least <= r2
        bound[sl], _ = _best_over_ox(np.sqrt(np.where(wide, r2 - least, 0.0)), wide, w, px)
    return at_lo, ox_lo, at_mid, ox_mid, bound


def _exact_best(w: float, h: float, r: float, s: float) -> tuple[int, float, float, int]:
    """The most whole dies over every grid origin, and an origin ``(ox, oy)`` giving it.

    Branch and bound on the y origin ``oy`` in ``[0, py)``, the x origin solved exactly
    for each (:func:`_best_over_ox`), started from the best of the sampled search
    (:data:`DEFAULT_OFFSETS` per axis, :func:`_offset_counts`), so the result is never
    below it. Lower bounds: the exact count at each interval's start and middle. An
    upper bound over an interval: every row at its widest half-chord over the interval
    (the row's ``max(y0^2, (y0+h)^2)`` is convex in ``y0``, so its least value on an
    interval is at the clipped vertex ``-h/2``), then the x origin maximised; a row's
    count only grows with its half-chord, so no origin in the interval beats it.
    Intervals whose bound does not exceed the best count found are dropped, the rest
    halved, until none is left or they are narrower than :data:`_EXACT_TOL_MM`.

    The count is a step function of the origin. Where its maximum is attained on a set
    of origins with interior, the search finds it: the true maximum. Where it is attained
    only at isolated origins (a die's corner exactly on the usable edge, as whole-number
    dies with no edge exclusion and no scribe lane can put one: a 10 x 24 mm die on a
    300 mm disc), it is found when the search visits such an origin (an interval's
    start, a sampled origin), and may otherwise be a die or more short (review of s47:
    259 where 260 fit); the sampled search's count is the floor. The fourth value says
    so: the largest upper bound of the intervals left, the count when none is left.
    Past :data:`_EXACT_MAX_WORK` rows x intervals (a die tens of micrometres tall walks
    thousands of rows) the search stops with what it has, the bound saying how far the
    count may be from the maximum.

    Returns
    -------
    (int, float, float, int)
        Whole dies [-], the grid origin ``(ox, oy)`` [mm], and an upper bound on the
        most whole dies over every origin [-] (equal to the count when proven).
    """
    px, py = w + s, h + s
    j = _rows_for(h, r, py)
    sampled = _offset_counts(
        np.array([w]), np.array([h]), np.array([r]), np.array([s]), DEFAULT_OFFSETS
    )[0]
    ix, iy = np.unravel_index(int(np.argmax(sampled)), sampled.shape)
    best = int(sampled[ix, iy])
    at = (ix / DEFAULT_OFFSETS * px, iy / DEFAULT_OFFSETS * py)
    lo = np.arange(_EXACT_START_INTERVALS) / _EXACT_START_INTERVALS * py
    hi = lo + py / _EXACT_START_INTERVALS
    upper = math.inf  # no bound yet: the first level gives one
    work = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(_EXACT_MAX_LEVELS):
            at_lo, ox_lo, at_mid, ox_mid, bound = _level(lo, hi, j, w, h, r, s)
            work += lo.size * j.size
            for cnt, ox, oy in ((at_lo, ox_lo, lo), (at_mid, ox_mid, (lo + hi) / 2.0)):
                i = int(np.argmax(cnt))
                if cnt[i] <= best:
                    continue
                # the count at the origin found, by the row rule itself (no rounding of
                # the sweep's modular arithmetic can claim a die the rule does not place)
                got = _count_at(w, h, r, s, float(ox[i]), float(oy[i]))
                if got > best:
                    best, at = got, (float(ox[i]), float(oy[i]))
            keep = bound > best
            # every origin lies in an interval bounded by its bound: those dropped by
            # at most best, those kept by theirs
            upper = float(np.max(bound[keep])) if np.any(keep) else float(best)
            if not np.any(keep) or np.max(hi[keep] - lo[keep]) < _EXACT_TOL_MM:
                break
            lo, hi = lo[keep], hi[keep]
            if lo.size > _EXACT_MAX_INTERVALS or work >= _EXACT_MAX_WORK:  # guards
                break
            mid = (lo + hi) / 2.0
            lo, hi = np.concatenate([lo, mid]), np.concatenate([mid, hi])
    best = max(best, 0)
    return best, at[0], at[1], max(best, int(upper)) if math.isfinite(upper) else best


def gross_dies_exact(
    width_mm: ArrayLike,
    height_mm: ArrayLike,
    wafer_diameter_mm: ArrayLike = 300.0,
    edge_mm: ArrayLike | None = None,
    scribe_mm: ArrayLike | None = None,
    offsets: int | None = None,
) -> NDArray[np.int64]:
    r"""Most whole dies on the usable disc over every position of the die grid.

    Dies sit on a rectangular grid of pitch ``(w + s, h + s)``; a die counts when its
    whole ``w x h`` rectangle lies on the disc of radius ``D/2 - e``. Each grid row is
    counted in closed form (its half-chord at its outer edge bounds the columns). By
    default the grid origin is searched exactly (:func:`_exact_best`: the x origin
    solved by a sweep over the rows' critical offsets, the y origin by branch and bound
    on an upper bound), so the count is the true maximum over origins, not the best of a
    sample; until user test s47 #8 it was the best of 16 x 16 sampled origins, a lower
    bound short by up to 4 dies (10 x 10 mm: 612, where 616 fit). ``offsets=n`` keeps
    that sampled search (``n x n`` origins, ``k/n`` of a pitch) for comparison.

    Parameters
    ----------
    width_mm, height_mm : array_like
        Die width and height without scribe lane [mm].
    wafer_diameter_mm : array_like, optional
        Wafer diameter [mm]. Default 300.
    edge_mm : array_like, optional
        Edge exclusion [mm]. Default ``edge_exclusion_mm`` in ``silicon_params.csv``.
    scribe_mm : array_like, optional
        Scribe lane [mm]. Default ``scribe_lane_mm`` in ``silicon_params.csv``.
    offsets : int, optional
        Sample ``offsets x offsets`` grid origins instead of the exact search [-].

    Returns
    -------
    numpy.ndarray or numpy.int64
        Whole dies per wafer [-].

    References
    ----------
    .. [1] D. K. de Vries, "Investigation of gross die per wafer formulas", IEEE Trans.
       Semicond. Manuf. 18(1):136-139, 2005 (exact placement count as the reference
       the analytic formulas are judged against; grid-offset dependence).

    Examples
    --------
    Whole 10 mm squares on a 100 mm disc lie between the analytic estimate (which
    subtracts a full ring of partial dies, 56.3) and the area ratio (78.5) [1]:

    >>> n = int(gross_dies_exact(10.0, 10.0, 100.0, edge_mm=0, scribe_mm=0))
    >>> est = float(gross_dies_estimate(100.0, 100.0, edge_mm=0, scribe_mm=0))
    >>> est <= n <= np.pi * 50**2 / 100
    True

    A GH100-shaped die and a square one of nearly the same area: never fewer than the
    analytic estimate gives for their area.

    >>> exact = gross_dies_exact([26.0, 28.5], [31.3, 28.5], edge_mm=3, scribe_mm=0.1)
    >>> est = gross_dies_estimate([26.0 * 31.3, 28.5**2], edge_mm=3, scribe_mm=0.1)
    >>> bool(np.all(exact >= np.floor(est)))
    True

    The sampled search is a lower bound the exact one meets or beats: a 1/8-field die
    gets 569 from 16 x 16 origins, 570 from 32 x 32 and from the exact search:

    >>> [int(gross_dies_exact(9.192, 11.667, edge_mm=3, scribe_mm=0.1, offsets=k))
    ...  for k in (16, 32, None)]
    [569, 570, 570]
    """
    if offsets is not None and (not isinstance(offsets, int | np.integer) or offsets < 1):
        raise InputError(f"expected a whole number >= 1, got {offsets}", field="offsets")
    w = _arr(width_mm, "width_mm")
    h = _arr(height_mm, "height_mm")
    dia, edge, scribe = _geometry(wafer_diameter_mm, edge_mm, scribe_mm)
    shape = np.broadcast_shapes(w.shape, h.shape, dia.shape, edge.shape, scribe.shape)
    wb, hb, db, eb, sb = (np.broadcast_to(a, shape).ravel() for a in (w, h, dia, edge, scribe))
    r = db / 2.0 - eb
    if offsets is not None:
        counts = _offset_counts(wb, hb, r, sb, int(offsets))
        return _out(counts.reshape(counts.shape[0], -1).max(axis=1).reshape(shape))
    _check_rows(hb, r, sb)
    best = np.array(
        [_exact_best(*(float(v) for v in a))[0] for a in zip(wb, hb, r, sb, strict=True)],
        dtype=np.int64,
    )
    return _out(best.reshape(shape))


def gross_dies_exact_bounds(
    width_mm: float,
    height_mm: float,
    wafer_diameter_mm: float = 300.0,
    edge_mm: float | None = None,
    scribe_mm: float | None = None,
) -> tuple[int, int]:
    """The count of :func:`gross_dies_exact` for one die and an upper bound on the most
    whole dies over every grid origin: equal when the search proved its count, else
    (a die tens of micrometres tall, past the search's guard on time, or a maximum at
    isolated origins only) how far the count may be short.

    Parameters
    ----------
    width_mm, height_mm : float
        Die width and height without scribe lane [mm].
    wafer_diameter_mm : float, optional
        Wafer diameter [mm]. Default 300.
    edge_mm, scribe_mm : float, optional
        Edge exclusion and scribe lane [mm]; defaults as :func:`gross_dies_exact`.

    Returns
    -------
    (int, int)
        Whole dies found [-] and the most there can be [-].

    References
    ----------
    .. [1] D. K. de Vries, "Investigation of gross die per wafer formulas", IEEE Trans.
       Semicond. Manuf. 18(1):136-139, 2005 (the exact placement count).
    .. [2] A. H. Land, A. G. Doig, "An automatic method of solving discrete programming
       problems", Econometrica 28(3):497-520, 1960 (branch and bound: the largest bound
       of the parts not yet searched bounds the optimum).

    Examples
    --------
    >>> gross_dies_exact_bounds(10.0, 10.0, edge_mm=3, scribe_mm=0.1)
    (616, 616)
    """
    w = _arr(width_mm, "width_mm")
    h = _arr(height_mm, "height_mm")
    dia, edge, scribe = _geometry(wafer_diameter_mm, edge_mm, scribe_mm)
    r = dia / 2.0 - edge
    _check_rows(np.ravel(h), np.ravel(r), np.ravel(scribe))
    got = _exact_best(*(float(np.ravel(v)[0]) for v in (w, h, r, scribe)))
    return got[0], got[3]


def uses_high_na(node: object | None) -> bool:
    """True for a node with High-NA (0.55-NA) EUV layers, whose exposure field is a
    half-field.

    Parameters
    ----------
    node : Node or None
        A process node (anything with ``high_na_euv_layers``, ``nodes.csv``); None
        for no node.

    Returns
    -------
    bool
        ``high_na_euv_layers > 0`` [-].

    References
    ----------
    ``nodes.csv`` ``high_na_euv_layers`` (14A: five, Intel's High-NA node); the
    half-field: :func:`reticle_field_mm`.

    Examples
    --------
    >>> from tigris.nodes import get_node
    >>> uses_high_na(get_node("14A")), uses_high_na(get_node("N3")), uses_high_na(None)
    (True, False, False)
    """
    return node is not None and float(getattr(node, "high_na_euv_layers", 0) or 0) > 0


def reticle_field_mm(high_na: bool = False) -> tuple[float, float]:
    """Width and height of one exposure field [mm].

    26 x 33 mm for 0.33-NA EUV and ArF scanners; 26 x 16.5 mm, a half-field, on a node
    with High-NA layers (anamorphic 0.55-NA optics demagnify 8x along the scan with the
    same 6-inch mask), where a larger die needs two stitched exposures.

    Parameters
    ----------
    high_na : bool, optional
        The die's node has High-NA layers (:func:`uses_high_na`).

    Returns
    -------
    tuple of float
        ``(reticle_width_mm, reticle_height_mm or high_na_reticle_height_mm)`` of
        ``silicon_params.csv`` [mm].

    References
    ----------
    .. [1] D. Xu et al. (imec), J. Micro/Nanopatterning, Materials, and Metrology,
       2025: 0.55-NA EUV "reduces the exposure field size to half-field (26x16.5 mm2)".

    Examples
    --------
    >>> reticle_field_mm(), reticle_field_mm(high_na=True)
    ((26.0, 33.0), (26.0, 16.5))
    """
    height = "high_na_reticle_height_mm" if high_na else "reticle_height_mm"
    return silicon_param("reticle_width_mm"), silicon_param(height)


def exceeds_reticle(
    width_mm: ArrayLike, height_mm: ArrayLike, *, high_na: bool = False
) -> NDArray[np.bool_]:
    """True where a die does not fit the scanner's exposure field in either orientation.

    Parameters
    ----------
    width_mm, height_mm : array_like
        Die width and height [mm].
    high_na : bool, optional
        The die's node has High-NA layers: the field is the 26 x 16.5 mm half-field
        (:func:`reticle_field_mm`; user test 2026-12-06: a 26 x 31.3 mm die on 14A,
        five High-NA layers, was said not to exceed it).

    Returns
    -------
    numpy.ndarray or numpy.bool_
        True if the die exceeds the field (26 x 33 mm by default, ``reticle_width_mm``
        and ``reticle_height_mm`` in ``silicon_params.csv``) [-].

    References
    ----------
    .. [1] Reticle field 26 x 33 mm of 0.33-NA 4x-reduction EUV and ArF scanners
       (industry standard; see ``silicon_params.csv``); the High-NA half-field, see
       :func:`reticle_field_mm`.

    Examples
    --------
    >>> exceeds_reticle([26.0, 28.6, 33.0], [33.0, 28.6, 26.0])
    array([False,  True, False])
    >>> exceeds_reticle([26.0, 16.5], [16.5, 26.0], high_na=True).tolist()
    [False, False]
    >>> bool(exceeds_reticle(26.0, 31.3, high_na=True))
    True
    """
    w = _arr(width_mm, "width_mm")
    h = _arr(height_mm, "height_mm")
    rw, rh = reticle_field_mm(high_na)
    fits = ((w <= rw) & (h <= rh)) | ((w <= rh) & (h <= rw))
    return _out(~fits)


@dataclass(frozen=True)
class DieLayout:
    """Where the dies of one size sit on one wafer, for the best grid offset.

    Attributes
    ----------
    width_mm, height_mm : float
        Die size without scribe [mm].
    scribe_mm : float
        Scribe lane [mm].
    wafer_diameter_mm : float
        Wafer diameter [mm].
    usable_radius_mm : float
        Radius of the disc after edge exclusion [mm].
    offset_mm : tuple of float
        Grid origin ``(x, y)`` chosen [mm].
    whole : numpy.ndarray
        Lower-left corners of the whole dies, shape ``(n, 2)`` [mm].
    partial : numpy.ndarray
        Lower-left corners of grid cells that touch the wafer but are not whole dies
        on the usable disc, shape ``(m, 2)`` [mm].
    """

    width_mm: float
    height_mm: float
    scribe_mm: float
    wafer_diameter_mm: float
    usable_radius_mm: float
    offset_mm: tuple[float, float]
    whole: FloatArray
    partial: FloatArray


def die_layout(
    width_mm: float,
    height_mm: float,
    wafer_diameter_mm: float = 300.0,
    edge_mm: float | None = None,
    scribe_mm: float | None = None,
    offsets: int | None = None,
) -> DieLayout:
    """Positions of whole and partial dies for the origin :func:`gross_dies_exact` finds.

    Parameters
    ----------
    width_mm, height_mm : float
        Die size without scribe lane [mm].
    wafer_diameter_mm : float, optional
        Wafer diameter [mm].
    edge_mm, scribe_mm : float, optional
        Edge exclusion and scribe lane [mm]; defaults from ``silicon_params.csv``.
    offsets : int, optional
        Sample ``offsets x offsets`` grid origins instead of the exact search [-].

    Returns
    -------
    DieLayout

    References
    ----------
    .. [1] D. K. de Vries, IEEE Trans. Semicond. Manuf. 18(1):136-139, 2005.

    Examples
    --------
    The layout draws exactly the dies :func:`gross_dies_exact` counts:

    >>> lay = die_layout(10.0, 10.0, 100.0, edge_mm=0, scribe_mm=0)
    >>> len(lay.whole) == int(gross_dies_exact(10.0, 10.0, 100.0, edge_mm=0, scribe_mm=0))
    True
    """
    w = float(_arr(width_mm, "width_mm"))
    h = float(_arr(height_mm, "height_mm"))
    dia_a, edge_a, scribe_a = _geometry(wafer_diameter_mm, edge_mm, scribe_mm)
    dia, edge, scribe = float(dia_a), float(edge_a), float(scribe_a)
    r = dia / 2.0 - edge
    px, py = w + scribe, h + scribe
    if offsets is None:
        _check_rows(np.array([h]), np.array([r]), np.array([scribe]))
        _, ox, oy, _ = _exact_best(w, h, r, scribe)
    else:
        counts = _offset_counts(
            np.array([w]), np.array([h]), np.array([r]), np.array([scribe]), int(offsets)
        )[0]
        kx, ky = np.unravel_index(int(np.argmax(counts)), counts.shape)
        ox, oy = kx / offsets * px, ky / offsets * py
    # every grid cell touching the wafer disc
    big = dia / 2.0
    i = np.arange(math.floor((-big - ox) / px) - 1, math.ceil((big - ox) / px) + 1)
    j = np.arange(math.floor((-big - oy) / py) - 1, math.ceil((big - oy) / py) + 1)
    x0, y0 = np.meshgrid(ox + i * px, oy + j * py, indexing="ij")
    x0, y0 = x0.ravel(), y0.ravel()
    cx = np.clip(0.0, x0, x0 + w)
    cy = np.clip(0.0, y0, y0 + h)
    touches = cx**2 + cy**2 < big**2
    # whole: same row rule as the count (outer edge of the row bounds the columns)
    ymax2 = np.maximum(y0**2, (y0 + h) ** 2)
    valid = ymax2 <= r**2
    hw = np.sqrt(np.where(valid, r**2 - ymax2, 0.0))
    col = np.rint((x0 - ox) / px)
    whole = valid & (col >= np.ceil((-hw - ox) / px)) & (col <= np.floor((hw - w - ox) / px))
    return DieLayout(
        width_mm=w,
        height_mm=h,
        scribe_mm=scribe,
        wafer_diameter_mm=dia,
        usable_radius_mm=r,
        offset_mm=(float(ox), float(oy)),
        whole=np.column_stack([x0[whole], y0[whole]]),
        partial=np.column_stack([x0[touches & ~whole], y0[touches & ~whole]]),
    )
