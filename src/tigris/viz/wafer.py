"""Wafer map: whole dies coloured good or defective for one seeded draw of defects.

Defects are scattered uniformly over the usable disc, their number Poisson with mean
``D0 x usable area`` (the Poisson yield model's assumption; clustering is not drawn).
A whole die is defective when at least one defect lands inside it; grid cells cut by
the wafer edge or the edge-exclusion ring are greyed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tigris.errors import InputError
from tigris.silicon.dies import DieLayout, die_layout, gross_dies_estimate
from tigris.units import MM2_PER_CM2
from tigris.viz.style import (
    BAD,
    GOOD,
    PARTIAL,
    axis_label,
    figure_legend,
    new_figure,
    save_png,
)

__all__ = ["WaferMap", "draw_defects", "plot_wafer_map"]

#: Size of the square wafer-map figure [inch].
MAP_SIZE_IN = 6.0
#: Most dies a wafer map draws (about 2 s to render); a drawing bound, not a model input.
MAX_DRAWN_DIES = 20_000
#: Most defects (expected count) a wafer map draws; a drawing bound, not a model input.
MAX_DRAWN_DEFECTS = 20_000
#: Defect x die comparisons per chunk when finding defective dies (memory bound).
_CHUNK_ELEMENTS = 2_000_000
#: Marker size of a drawn defect [points^2].
DEFECT_MARKER_PT2 = 4.0


@dataclass(frozen=True)
class WaferMap:
    """A drawn wafer map and what it shows.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The figure (already saved if a path was given).
    layout : DieLayout
        Die positions used.
    good, defective, partial : int
        Whole good dies, whole defective dies, greyed partial cells drawn [-].
    defects : numpy.ndarray
        Defect positions, shape ``(n, 2)`` [mm].
    """

    figure: Any
    layout: DieLayout
    good: int
    defective: int
    partial: int
    defects: np.ndarray

    @property
    def whole(self) -> int:
        """Whole dies drawn (good + defective) [-]."""
        return self.good + self.defective


def draw_defects(
    layout: DieLayout, d0_per_cm2: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Scatter Poisson defects on the usable disc and flag the whole dies they hit.

    Parameters
    ----------
    layout : DieLayout
        Die positions (from :func:`tigris.silicon.die_layout`).
    d0_per_cm2 : float
        Defect density [defects/cm^2].
    rng : numpy.random.Generator
        Seeded generator.

    Returns
    -------
    defects : numpy.ndarray
        Defect positions, shape ``(n, 2)`` [mm].
    bad : numpy.ndarray of bool
        For each whole die in ``layout.whole``, whether a defect lies inside it.

    References
    ----------
    .. [1] B. T. Murphy, "Cost-size optima of monolithic integrated circuits",
       Proc. IEEE 52(12):1537-1545, 1964 (random, uniformly distributed defects).

    Examples
    --------
    >>> from tigris.silicon import die_layout
    >>> lay = die_layout(10.0, 10.0, 100.0, edge_mm=0, scribe_mm=0)
    >>> defects, bad = draw_defects(lay, 0.0, np.random.default_rng(0))
    >>> len(defects), int(bad.sum())
    (0, 0)
    """
    if not (math.isfinite(d0_per_cm2) and d0_per_cm2 >= 0):
        raise InputError(f"expected a number >= 0, got {d0_per_cm2}", field="d0_per_cm2")
    r = layout.usable_radius_mm
    mean = d0_per_cm2 * math.pi * r**2 / MM2_PER_CM2
    if mean > MAX_DRAWN_DEFECTS:
        msg = (
            f"{d0_per_cm2:g} defects/cm^2 puts about {mean:,.0f} defects on the wafer, too "
            f"many to draw (at most {MAX_DRAWN_DEFECTS:,})"
        )
        raise InputError(msg, field="d0_per_cm2")
    n = int(rng.poisson(mean))
    rad = r * np.sqrt(rng.uniform(size=n))
    ang = 2.0 * math.pi * rng.uniform(size=n)
    defects = np.column_stack([rad * np.cos(ang), rad * np.sin(ang)])
    corners = layout.whole
    if n == 0 or len(corners) == 0:
        return defects, np.zeros(len(corners), dtype=bool)
    bad = np.zeros(len(corners), dtype=bool)
    step = max(1, _CHUNK_ELEMENTS // len(corners))
    for start in range(0, n, step):
        chunk = defects[start : start + step]
        dx = chunk[None, :, 0] - corners[:, None, 0]
        dy = chunk[None, :, 1] - corners[:, None, 1]
        inside = (dx >= 0) & (dx <= layout.width_mm) & (dy >= 0) & (dy <= layout.height_mm)
        bad |= inside.any(axis=1)
    return defects, bad


def plot_wafer_map(
    width_mm: float,
    height_mm: float,
    d0_per_cm2: float,
    *,
    rng: np.random.Generator,
    wafer_diameter_mm: float = 300.0,
    edge_mm: float | None = None,
    scribe_mm: float | None = None,
    path: str | Path | None = None,
    title: str | None = None,
) -> WaferMap:
    """Draw the wafer map of one die size for one seeded draw of defects.

    Parameters
    ----------
    width_mm, height_mm : float
        Die size without scribe lane [mm].
    d0_per_cm2 : float
        Defect density [defects/cm^2].
    rng : numpy.random.Generator
        Seeded generator for the defect draw.
    wafer_diameter_mm : float, optional
        Wafer diameter [mm].
    edge_mm, scribe_mm : float, optional
        Edge exclusion and scribe lane [mm]; defaults from ``silicon_params.csv``.
    path : str or Path, optional
        Write a PNG here.
    title : str, optional
        First title line; the counts are always added below it.

    Returns
    -------
    WaferMap

    References
    ----------
    .. [1] B. T. Murphy, Proc. IEEE 52(12):1537-1545, 1964 (Poisson defects).

    Examples
    --------
    >>> m = plot_wafer_map(20.0, 20.0, 0.1, rng=np.random.default_rng(1), edge_mm=3)
    >>> m.whole == len(m.layout.whole)
    True
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Circle, Rectangle

    est = float(gross_dies_estimate(width_mm * height_mm, wafer_diameter_mm, edge_mm, scribe_mm))
    if est > MAX_DRAWN_DIES:
        msg = (
            f"about {est:,.0f} dies per wafer are too many to draw (at most "
            f"{MAX_DRAWN_DIES:,}); use a larger die"
        )
        raise InputError(msg, field="plot")
    layout = die_layout(width_mm, height_mm, wafer_diameter_mm, edge_mm, scribe_mm)
    defects, bad = draw_defects(layout, d0_per_cm2, rng)
    w, h = layout.width_mm, layout.height_mm

    fig, ax = new_figure(MAP_SIZE_IN, MAP_SIZE_IN)
    ax.grid(False)
    big = layout.wafer_diameter_mm / 2.0
    disc = Circle((0, 0), big, facecolor="white", edgecolor="none", zorder=0)
    ax.add_patch(disc)
    for radius, style in ((big, "-"), (layout.usable_radius_mm, "--")):
        ax.add_patch(
            Circle((0, 0), radius, fill=False, edgecolor="black", linestyle=style, zorder=2.5)
        )

    def _collection(corners: np.ndarray, colour: str, gid: str) -> None:
        rects = [Rectangle((float(x), float(y)), w, h) for x, y in corners]
        coll = PatchCollection(rects, facecolor=colour, edgecolor="white", linewidth=0.3)
        coll.set_gid(gid)
        ax.add_collection(coll)
        coll.set_clip_path(disc)

    _collection(layout.partial, PARTIAL, "partial")
    _collection(layout.whole[~bad], GOOD, "good")
    _collection(layout.whole[bad], BAD, "defective")
    if len(defects):
        ax.scatter(defects[:, 0], defects[:, 1], s=DEFECT_MARKER_PT2, color="black", zorder=3)

    n_good, n_bad = int((~bad).sum()), int(bad.sum())
    head = title or f"{w:g} x {h:g} mm die, D0 = {d0_per_cm2:g} /cm2"
    ax.set_title(
        f"{head}\n{n_good + n_bad} whole dies: {n_good} good, {n_bad} defective; "
        f"{len(layout.partial)} partial"
    )
    ax.set_xlim(-big * 1.02, big * 1.02)
    ax.set_ylim(-big * 1.02, big * 1.02)
    ax.set_aspect("equal")
    ax.set_xlabel(axis_label("x", "mm"))
    ax.set_ylabel(axis_label("y", "mm"))
    # what the colours mean, under the map (proxy artists: the collections are unlabelled)
    for colour, words in ((GOOD, "good die"), (BAD, "defective die"), (PARTIAL, "partial")):
        ax.add_patch(Rectangle((0, 0), 0, 0, facecolor=colour, label=words))
    ax.scatter([], [], s=DEFECT_MARKER_PT2, color="black", label="defect")
    ax.plot([], [], "--", color="black", linewidth=1, label="edge exclusion")
    figure_legend(fig)
    if path is not None:
        save_png(fig, path)
    return WaferMap(
        figure=fig,
        layout=layout,
        good=n_good,
        defective=n_bad,
        partial=len(layout.partial),
        defects=defects,
    )
