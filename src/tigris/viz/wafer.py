"""Wafer map: whole dies coloured good, harvested or defective, in expected numbers.

The map draws what the yield table says. Of the ``n`` whole dies on the usable disc,
``round(n · Y)`` are good, ``Y`` the same yield the ``tigris die`` table uses
(:func:`tigris.silicon.harvested_yield` with ``--units/--spares``, else
:func:`tigris.silicon.die_yield`); of those, ``round(n · Y0)`` work with every unit
(``Y0``: the yield without harvesting) and the rest are sellable only with units
disabled (harvested). Which die is which is a seeded random assignment (an explicit
``numpy.random.Generator``): the yield models give the share of good dies, not where
they are. Grid cells cut by the wafer edge or the edge-exclusion ring are greyed.

:func:`draw_defects` keeps the Poisson picture (defects scattered on the disc, a die
hit by one is defective) for studies of a single draw.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tigris.errors import InputError
from tigris.silicon.dies import DieLayout, die_layout, gross_dies_estimate
from tigris.silicon.yields import YieldModel, die_yield, harvested_yield
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

__all__ = ["WaferMap", "draw_defects", "expected_die_counts", "plot_wafer_map"]

#: Colour of a harvested die: good, but only with some units disabled (a light green).
HARVESTED = "#8FD9C0"

#: Size of the square wafer-map figure [inch].
MAP_SIZE_IN = 6.0
#: Most dies a wafer map draws (about 2 s to render); a drawing bound, not a model input.
MAX_DRAWN_DIES = 20_000
#: Most defects (expected count) a wafer map draws; a drawing bound, not a model input.
MAX_DRAWN_DEFECTS = 20_000
#: Defect x die comparisons per chunk when finding defective dies (memory bound).
_CHUNK_ELEMENTS = 2_000_000


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
        Whole good dies (harvested ones included), whole defective dies and greyed
        partial cells drawn [-].
    defects : numpy.ndarray
        Defect positions drawn, shape ``(n, 2)`` [mm] (none: the map shows expected
        counts; see :func:`draw_defects` for one draw of defects).
    harvested : int
        Good dies drawn as harvested (sellable with units disabled) [-].
    yield_fraction : float
        Die yield ``Y`` the map is drawn from, as in the ``tigris die`` table [-].
    expected_good : float
        Expected good dies, ``whole × Y`` (the table's "good dies") [-].
    """

    figure: Any
    layout: DieLayout
    good: int
    defective: int
    partial: int
    defects: np.ndarray
    harvested: int = 0
    yield_fraction: float = 1.0
    expected_good: float = 0.0

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


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def expected_die_counts(
    whole: int, yield_fraction: float, perfect_fraction: float
) -> tuple[int, int, int]:
    """Whole dies to colour good, harvested and defective, from the yields.

    ``good + harvested = round(whole · Y)`` and ``good = round(whole · Y0)`` (halves
    rounded up), ``Y0 ≤ Y`` the yield without harvesting; the rest are defective.

    Parameters
    ----------
    whole : int
        Whole dies on the usable disc [-].
    yield_fraction : float
        Die yield ``Y``, harvesting included [-].
    perfect_fraction : float
        Yield ``Y0`` of dies with every unit working [-].

    Returns
    -------
    tuple of int
        ``(good with every unit, harvested, defective)`` [-].

    Examples
    --------
    >>> expected_die_counts(67, 0.6657, 0.4431)
    (30, 15, 22)
    """
    sellable = min(whole, _round_half_up(whole * yield_fraction))
    perfect = min(sellable, _round_half_up(whole * min(perfect_fraction, yield_fraction)))
    return perfect, sellable - perfect, whole - sellable


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
    model: str | YieldModel = YieldModel.POISSON,
    units: int | None = None,
    spares: int | None = None,
    unit_area_fraction: float | None = None,
    critical_layers: float | None = None,
    alpha: float | None = None,
    systematic_yield: float | None = None,
    number_format: Callable[[float], str] | None = None,
) -> WaferMap:
    """Draw the wafer map of one die size: good, harvested and defective dies.

    Parameters
    ----------
    width_mm, height_mm : float
        Die size without scribe lane [mm].
    d0_per_cm2 : float
        Defect density [defects/cm^2].
    rng : numpy.random.Generator
        Seeded generator for which dies are drawn good, harvested or defective.
    wafer_diameter_mm : float, optional
        Wafer diameter [mm].
    edge_mm, scribe_mm : float, optional
        Edge exclusion and scribe lane [mm]; defaults from ``silicon_params.csv``.
    path : str or Path, optional
        Write a PNG here.
    title : str, optional
        First title line; the counts are always added below it.
    model : str or YieldModel, optional
        Yield model (as ``tigris die --model``).
    units, spares : int, optional
        Repeatable units on the die and how many may be defective (harvesting, as
        ``--units/--spares``); both or neither [-].
    unit_area_fraction, critical_layers, alpha, systematic_yield : float, optional
        As for :func:`tigris.silicon.harvested_yield` and
        :func:`tigris.silicon.die_yield` [-].
    number_format : callable, optional
        How the expected good-die count is written in the title; pass the table's
        formatter so that both read alike (default 4 significant digits).

    Returns
    -------
    WaferMap

    References
    ----------
    .. [1] C. H. Stapper, A. N. McLaren, M. Dreckmann, IBM J. Res. Dev.
       24(3):398-409, 1980 (yield with redundancy, as in ``harvested_yield``).

    Examples
    --------
    >>> m = plot_wafer_map(20.0, 20.0, 0.1, rng=np.random.default_rng(1), edge_mm=3)
    >>> m.whole == len(m.layout.whole), m.good == round(m.whole * m.yield_fraction)
    (True, True)
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Circle, Rectangle

    if (units is None) != (spares is None):
        raise InputError("give units and spares together", field="spares")
    est = float(
        gross_dies_estimate(
            width_mm * height_mm, wafer_diameter_mm, edge_mm, scribe_mm, width_mm=width_mm
        )
    )
    if est > MAX_DRAWN_DIES:
        msg = (
            f"about {est:,.0f} dies per wafer are too many to draw (at most "
            f"{MAX_DRAWN_DIES:,}); use a larger die"
        )
        raise InputError(msg, field="plot")
    layout = die_layout(width_mm, height_mm, wafer_diameter_mm, edge_mm, scribe_mm)
    area_cm2 = width_mm * height_mm / MM2_PER_CM2
    kw: dict[str, Any] = {
        "critical_layers": critical_layers,
        "alpha": alpha,
        "systematic_yield": systematic_yield,
    }
    perfect_y = float(die_yield(model, area_cm2, d0_per_cm2, **kw))
    if units is None:
        y = perfect_y
    else:
        y = float(
            harvested_yield(
                model,
                area_cm2,
                d0_per_cm2,
                units,
                spares,
                unit_area_fraction=unit_area_fraction,
                **kw,
            )
        )
    n_whole = len(layout.whole)
    n_perfect, n_harvested, n_bad = expected_die_counts(n_whole, y, perfect_y)
    kind = np.repeat([0, 1, 2], [n_perfect, n_harvested, n_bad])[rng.permutation(n_whole)]
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
    _collection(layout.whole[kind == 0], GOOD, "good")
    _collection(layout.whole[kind == 1], HARVESTED, "harvested")
    _collection(layout.whole[kind == 2], BAD, "defective")

    show = number_format or (lambda x: f"{x:.4g}")
    expected = n_whole * y
    head = title or f"{w:g} x {h:g} mm die, D0 = {d0_per_cm2:g} /cm2"
    harvest = f", {n_harvested} of them harvested" if units is not None else ""
    ax.set_title(
        f"{head}\n{n_whole} whole dies: {show(expected)} good expected (yield "
        f"{show(y)})\ndrawn {n_perfect + n_harvested} good{harvest}, {n_bad} defective; "
        f"{len(layout.partial)} partial"
    )
    ax.set_xlim(-big * 1.02, big * 1.02)
    ax.set_ylim(-big * 1.02, big * 1.02)
    ax.set_aspect("equal")
    ax.set_xlabel(axis_label("x", "mm"))
    ax.set_ylabel(axis_label("y", "mm"))
    # what the colours mean, under the map (proxy artists: the collections are unlabelled)
    legend = [(GOOD, "good die" if units is None else "good die, every unit working")]
    if units is not None:
        legend.append((HARVESTED, "harvested die (units disabled)"))
    legend += [(BAD, "defective die"), (PARTIAL, "partial")]
    for colour, words in legend:
        ax.add_patch(Rectangle((0, 0), 0, 0, facecolor=colour, label=words))
    ax.plot([], [], "--", color="black", linewidth=1, label="edge exclusion")
    figure_legend(fig)
    if path is not None:
        save_png(fig, path)
    return WaferMap(
        figure=fig,
        layout=layout,
        good=n_perfect + n_harvested,
        defective=n_bad,
        partial=len(layout.partial),
        defects=np.zeros((0, 2)),
        harvested=n_harvested,
        yield_fraction=y,
        expected_good=expected,
    )
