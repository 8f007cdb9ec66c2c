"""A map of the candidate, built and incumbent sites that works offline.

Plotly's geo subplots fetch their topojson from a CDN, which the dashboard (``tigris
serve``) must never do, so the map is drawn on ordinary lon/lat axes (equal aspect: an
equirectangular projection, Snyder 1987, "Map Projections: A Working Manual", USGS
Professional Paper 1395, ch. 12) over a vendored world outline:
``data/world_outline.json``, Natural Earth 1:110m countries (public domain), made by
``tools/world_outline.py``. Where each site is comes from ``data/site_locations.csv``
(one row per site, plus one per incumbent's own place at a site, with ``owner`` set).

A scenario's site named ``owner@site`` (an incumbent that responds, as the planner names
it) is drawn at the owner's place at that site (its own row, else the site's).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import plotly.graph_objects as go

from tigris.data import data_cache, load_rows
from tigris.viz.style import (
    PALETTE,
    PARTIAL,
    PLOTLY_HEIGHT,
    PLOTLY_TEMPLATE,
    plotly_layout,
    series_colour,
)

if TYPE_CHECKING:
    from tigris.plan.result import PlanResult
    from tigris.scenario import Scenario

__all__ = [
    "SiteLocation",
    "location",
    "site_locations",
    "sites_map",
    "world_outline",
]

#: Margin around the sites in the default view [degree] (layout choice).
VIEW_MARGIN_DEG = 12.0
#: Margin east and west of the sites in the default view [degree] (layout choice:
#: wider than north and south, as a coast beside a site runs north-south: Arizona's
#: fabs at -112.1 are 12 degrees from the Pacific at -124.4, which a 12 degree margin
#: cut; serve user test s50 #5).
VIEW_MARGIN_LON_DEG = 25.0
#: Least height of the default view [degree], so one site alone still shows a region.
MIN_VIEW_DEG = 30.0
#: Marker sizes [px]: an open candidate, an incumbent's place, and the range of a built
#: site's marker (its area proportional to the capacity built, per capacity unit).
CANDIDATE_PX = 16
INCUMBENT_PX = 7
BUILT_MIN_PX = 10
BUILT_MAX_PX = 40
#: Marker edge widths [px] of a built site and of an open candidate circle, and the
#: opacity of a built site's fill [-] (so a candidate beneath shows through).
BUILT_EDGE_PX = 1
CANDIDATE_EDGE_PX = 2
BUILT_OPACITY = 0.8
#: Outline line width [px] and the map's height [px] (layout choices: a map is a
#: third taller than the report's charts).
OUTLINE_WIDTH = 0.8
MAP_HEIGHT = PLOTLY_HEIGHT * 4 // 3
#: The view when no site is placed: the inhabited world [degree].
WORLD_LON = (-180.0, 180.0)
WORLD_LAT = (-60.0, 85.0)
#: Latitude's bounds [degree].
MAX_LAT = 90.0
#: The legend's place below the plot area [plot fraction] (layout choice).
LEGEND_Y = -0.14
#: Number type of the outline's coordinates: plotly writes an array as a typed array
#: (base64), 4 bytes a value in float32, which holds the outline's 0.01 deg exactly
#: enough (float32 resolves ~1e-5 deg at 180 deg).
OUTLINE_DTYPE = np.float32
#: How the planner prefixes an incumbent's site with its owner (``tsmc@taiwan``).
OWNER_SEP = "@"
#: Capacity units in words, for hover text and trace names.
UNIT_WORDS = {"wspm": "wafer starts/month", "MW": "MW"}
#: What is built in each capacity unit (docs/plan-result.md, ``builds``).
UNIT_BUILDS = {"wspm": "fabs", "MW": "data centres"}


@dataclass(frozen=True)
class SiteLocation:
    """Where a site (or an incumbent's place at it) is.

    Attributes
    ----------
    site : str
        The ``data/sites.csv`` name.
    owner : str
        The incumbent whose place this is; ``""`` for the site's own location.
    place : str
        The named place, in words.
    iso_a3 : str
        ISO 3166-1 alpha-3 code of its country.
    lat, lon : float
        Latitude and longitude [degree, WGS84].
    """

    site: str
    owner: str
    place: str
    iso_a3: str
    lat: float
    lon: float


def _slug(owner: str) -> str:
    """An owner as the planner writes it before ``@``: ``"SK hynix"`` -> ``"sk-hynix"``."""
    return "-".join(owner.lower().split())


@data_cache
def site_locations() -> tuple[SiteLocation, ...]:
    """Every row of ``data/site_locations.csv``, in table order.

    Returns
    -------
    tuple of SiteLocation
        One per row: site (lower case), owner (``""`` for the site's own row), place,
        ISO 3166-1 alpha-3 country code, latitude and longitude [degree, WGS84]; cached.

    Examples
    --------
    >>> next(s for s in site_locations() if s.site == "japan" and not s.owner).iso_a3
    'JPN'
    """
    out = []
    for r in load_rows("site_locations"):
        owner = r["owner"] if isinstance(r["owner"], str) else ""
        out.append(
            SiteLocation(
                site=str(r["site"]).strip().lower(),
                owner=owner.strip(),
                place=str(r["place"]),
                iso_a3=str(r["iso_a3"]),
                lat=float(r["lat"]),
                lon=float(r["lon"]),
            )
        )
    return tuple(out)


def _canonical(site: str) -> str:
    from tigris.scenario import resolve_site

    return resolve_site(site) or site.strip().lower()


def location(site: str, owner: str | None = None) -> SiteLocation | None:
    """Where ``site`` is: the owner's own place at it if the table has one, else the site's.

    Parameters
    ----------
    site : str
        A site name or alias, or the planner's ``owner@site``.
    owner : str, optional
        The owner (an incumbent's name, or its slug as in ``owner@site``).

    Returns
    -------
    SiteLocation or None
        ``None`` when the table does not place the site.

    Examples
    --------
    >>> location("samsung@south-korea").place.startswith("Pyeongtaek")
    True
    >>> location("kumamoto").site
    'japan'
    """
    if OWNER_SEP in site:
        slug, site = site.split(OWNER_SEP, 1)
        owner = owner or slug
    key = _canonical(site)
    rows = [s for s in site_locations() if s.site == key]
    if owner:
        own = [s for s in rows if s.owner and _slug(s.owner) == _slug(owner)]
        if own:
            return own[0]
    plain = [s for s in rows if not s.owner]
    return plain[0] if plain else (rows[0] if rows else None)


@functools.cache
def world_outline() -> dict[str, Any]:
    """The vendored outline (read once; do not modify it).

    Returns
    -------
    dict
        ``source``, ``as_of``, ``license``, ``tolerance_deg`` [degree] and ``rings``:
        ``{"name", "iso_a3", "points": [[lon, lat], ...]}`` per ring, closed [degree];
        a country's holes are rings too (a point is in a country when it is inside an
        odd number of its rings).
    """
    path = resources.files("tigris.data") / "world_outline.json"
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def _outline_xy() -> tuple[np.ndarray, np.ndarray]:
    """Every ring's longitudes and latitudes [degree], rings separated by NaN (plotly
    breaks a line at a gap)."""
    xs: list[float] = []
    ys: list[float] = []
    for ring in world_outline()["rings"]:
        for lon, lat in ring["points"]:
            xs.append(lon)
            ys.append(lat)
        xs.append(math.nan)
        ys.append(math.nan)
    return np.array(xs, dtype=OUTLINE_DTYPE), np.array(ys, dtype=OUTLINE_DTYPE)


def _outline_trace() -> go.Scatter:
    """Every ring as one line trace (arrays: plotly validates them without a loop)."""
    x, y = _outline_xy()
    xs, ys = x.copy(), y.copy()
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": PARTIAL, "width": OUTLINE_WIDTH},
        hoverinfo="skip",
        name="Natural Earth 1:110m",
        showlegend=False,
    )


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _site_table() -> dict[str, dict[str, Any]]:
    return {str(r["site"]).lower(): r for r in load_rows("sites")}


def _fmt(x: float | None, fmt: str = "{:,.0f}", none: str = "no limit") -> str:
    return none if x is None or math.isinf(x) else fmt.format(x)


def _candidates(scenario: Scenario) -> tuple[list[SiteLocation], list[str], list[str]]:
    """The scenario's candidate sites placed, their hover texts, and those not placed."""
    table = _site_table()
    placed, texts, missing = [], [], []
    facilities = ", ".join(
        dict.fromkeys(_facility_name(f.kind, f.node, f.power) for f in scenario.facilities)
    )
    for s in scenario.sites:
        loc = location(s.name)
        if loc is None:
            missing.append(s.name)
            continue
        row = table.get(loc.site, {})
        subsidy = s.subsidy_share_of_capex
        if subsidy is None:
            subsidy = _num(row.get("subsidy_share_of_capex"))
        allowed = ", ".join(s.facilities) if s.facilities is not None else facilities
        placed.append(loc)
        texts.append(
            f"<b>{s.name}</b> (candidate)<br>{loc.place}"
            f"<br>facilities allowed: {allowed or 'none'}"
            f"<br>max modules: {_fmt(_num(s.max_modules))}"
            f"<br>subsidy: {_fmt(subsidy, '{:.0%}', 'none')} of capex"
            f"<br>power limit: {_fmt(_num(s.power_limit_mw), '{:,.0f} MW')}"
        )
    return placed, texts, missing


def _facility_name(kind: str, node: str | None, power: str | None) -> str:
    from tigris.scenario import facility_id

    return facility_id(kind, node, power)


def _incumbent_places() -> dict[SiteLocation, list[str]]:
    """Each incumbent's place (the sites of its capacity and those it may build at in
    response) and a line per owner: what it makes there and what it may add."""
    makes: dict[tuple[str, str], list[str]] = {}
    adds: dict[tuple[str, str], str] = {}
    for r in load_rows("incumbent_capacity"):
        makes.setdefault((str(r["owner"]), str(r["site"])), []).append(str(r["kind"]))
    for r in load_rows("incumbent_sites"):
        key = (str(r["owner"]), str(r["site"]))
        makes.setdefault(key, [])
        kinds = ", ".join(str(r["kinds"]).split("|"))
        adds[key] = f"may add {_fmt(_num(r['max_modules']))} module(s) ({kinds}) in response"
    out: dict[SiteLocation, list[str]] = {}
    for (owner, site), ks in makes.items():
        loc = location(site, owner)
        if loc is None:
            continue
        parts = [f"{', '.join(dict.fromkeys(ks))} capacity"] if ks else []
        parts += [adds[(owner, site)]] if (owner, site) in adds else []
        out.setdefault(loc, []).append(f"{owner}: {'; '.join(parts)}")
    return out


def _built(result: PlanResult) -> dict[str, list[tuple[SiteLocation, float, str]]]:
    """Per capacity unit: each built place, its capacity [unit] and its hover text."""
    b = result.builds
    if b is None or b.empty:
        return {}
    groups: dict[tuple[str, SiteLocation], list[dict[str, Any]]] = {}
    for r in b.to_dict("records"):
        owner = r.get("owner") if isinstance(r.get("owner"), str) else None
        loc = location(str(r["site"]), None if owner == "investor" else owner)
        if loc is None:
            continue
        groups.setdefault((str(r["capacity_unit"]), loc), []).append(r)
    out: dict[str, list[tuple[SiteLocation, float, str]]] = {}
    for (unit, loc), rows in groups.items():
        lines = []
        for r in rows:
            what = _what(str(r["facility"]), r["node"])
            lines.append(
                f"{what}: {float(r['modules']):g} module(s), {float(r['capacity']):,.0f} "
                f"{UNIT_WORDS.get(unit, unit)}, started {int(r['start_year'])} "
                f"(online {int(r['online_year'])})"
            )
        sites = ", ".join(dict.fromkeys(str(r["site"]) for r in rows))
        first = min(int(r["start_year"]) for r in rows)
        text = f"<b>{sites}</b> (built, from {first})<br>{loc.place}<br>" + "<br>".join(lines)
        out.setdefault(unit, []).append((loc, sum(float(r["capacity"]) for r in rows), text))
    return out


def _what(facility: str, node: Any) -> str:
    """A build's facility in words: ``logic N3``, ``hbm``, ``datacenter (on-site gas)``
    (a data centre's ``node`` is its on-site power source, docs/plan-result.md)."""
    if not isinstance(node, str) or not node:
        return facility
    return f"{facility} (on-site {node})" if facility == "datacenter" else f"{facility} {node}"


def _sizes(values: Iterable[float]) -> list[float]:
    """Marker diameters [px] with area proportional to ``values`` (largest at
    :data:`BUILT_MAX_PX`, none below :data:`BUILT_MIN_PX`)."""
    vals = list(values)
    top = max(vals, default=0.0)
    if top <= 0:
        return [BUILT_MIN_PX for _ in vals]
    return [max(BUILT_MIN_PX, BUILT_MAX_PX * math.sqrt(max(v, 0.0) / top)) for v in vals]


def _view(points: list[SiteLocation]) -> tuple[list[float], list[float]]:
    """Axis ranges [degree] showing every point with :data:`VIEW_MARGIN_DEG` around."""
    if not points:
        return list(WORLD_LON), list(WORLD_LAT)
    lons = [p.lon for p in points]
    lats = [p.lat for p in points]
    lo_y, hi_y = min(lats) - VIEW_MARGIN_DEG, max(lats) + VIEW_MARGIN_DEG
    if hi_y - lo_y < MIN_VIEW_DEG:
        mid = (hi_y + lo_y) / 2
        lo_y, hi_y = mid - MIN_VIEW_DEG / 2, mid + MIN_VIEW_DEG / 2
    x = [
        max(min(lons) - VIEW_MARGIN_LON_DEG, WORLD_LON[0]),
        min(max(lons) + VIEW_MARGIN_LON_DEG, WORLD_LON[1]),
    ]
    return x, [max(lo_y, -MAX_LAT), min(hi_y, MAX_LAT)]


def _filled_lat(x: list[float], y: list[float]) -> list[float]:
    """Latitude widened about its centre to the longitude's span (a square view, the
    shape a panel most often has), within the inhabited world's latitudes
    (:data:`WORLD_LAT`, or the sites' own beyond them), so that at one degree = one
    degree a panel is filled with map rather than blank [degree]. Not to the poles: a
    view of the world's width showed all of Antarctica (serve user test s50 #5).

    >>> _filled_lat([-124.0, 145.0], [10.0, 50.0])
    [-60.0, 85.0]
    >>> _filled_lat([100.0, 150.0], [20.0, 40.0])
    [5.0, 55.0]
    """
    lo, hi = y
    south, north = min(lo, WORLD_LAT[0]), max(hi, WORLD_LAT[1])
    span = min(x[1] - x[0], north - south)
    if hi - lo >= span:
        return [lo, hi]
    mid = (lo + hi) / 2
    lo, hi = mid - span / 2, mid + span / 2
    if lo < south:  # shifted inside those bounds, keeping the span
        lo, hi = south, south + span
    if hi > north:
        lo, hi = north - span, north
    return [lo, hi]


def sites_map(result: PlanResult | None, scenario: Scenario) -> go.Figure:
    """Candidate sites of ``scenario``, the sites ``result`` builds at, and the
    incumbents' places, over the world outline on lon/lat axes (no geo subplot, no URL).

    Parameters
    ----------
    result : PlanResult or None
        A solved plan (its ``builds`` table), or ``None`` for the candidates only.
    scenario : Scenario
        The scenario: its ``sites[]`` are the candidates.

    Returns
    -------
    plotly.graph_objects.Figure
        Traces: the outline (grey lines), incumbents (small grey dots), candidates (open
        circles) and one trace of built sites per capacity unit (filled, marker area
        proportional to the capacity built [wspm or MW]).
    """
    fig = go.Figure()
    fig.add_trace(_outline_trace())
    shown: list[SiteLocation] = []
    incumbents = _incumbent_places()
    if incumbents:
        locs = list(incumbents)
        fig.add_trace(
            go.Scatter(
                x=[p.lon for p in locs],
                y=[p.lat for p in locs],
                mode="markers",
                marker={"size": INCUMBENT_PX, "color": PALETTE["grey"]},
                name="incumbents' sites",
                text=[f"<b>{p.place}</b><br>" + "<br>".join(incumbents[p]) for p in locs],
                hovertemplate="%{text}<extra></extra>",
            )
        )
        shown += locs
    built = _built(result) if result is not None else {}
    for i, (unit, items) in enumerate(built.items(), start=1):
        fig.add_trace(
            go.Scatter(
                x=[p.lon for p, _, _ in items],
                y=[p.lat for p, _, _ in items],
                mode="markers",
                marker={
                    "size": _sizes(v for _, v, _ in items),
                    "color": series_colour(i),
                    "opacity": BUILT_OPACITY,
                    "line": {"width": BUILT_EDGE_PX, "color": PALETTE["black"]},
                },
                name=f"built {UNIT_BUILDS.get(unit, '')} (area ∝ {UNIT_WORDS.get(unit, unit)})",
                text=[t for _, _, t in items],
                customdata=[v for _, v, _ in items],
                hovertemplate="%{text}<extra></extra>",
            )
        )
        shown += [p for p, _, _ in items]
    placed, texts, missing = _candidates(scenario)
    if placed:
        fig.add_trace(
            go.Scatter(
                x=[p.lon for p in placed],
                y=[p.lat for p in placed],
                mode="markers",
                marker={
                    "size": CANDIDATE_PX,
                    "symbol": "circle-open",
                    "color": series_colour(0),
                    "line": {"width": CANDIDATE_EDGE_PX},
                },
                name="candidate sites",
                text=texts,
                hovertemplate="%{text}<extra></extra>",
            )
        )
        shown += placed
    x_range, y_range = _view(shown)
    y_range = _filled_lat(x_range, y_range)
    title = "Sites: candidates, builds and incumbents"
    if missing:
        title += f" (not placed: {', '.join(missing)})"
    fig.update_layout(
        **plotly_layout(
            title,
            height=MAP_HEIGHT,
            legend={**PLOTLY_TEMPLATE["layout"]["legend"], "y": LEGEND_Y},
            # constrain="domain": at one degree = one degree, a panel of another shape
            # than the map shrinks the plot area instead of stretching an axis past
            # the poles or the date line (latitude ran to 120-150 degrees in narrow
            # panels; serve user test 2026-12-05); :func:`_filled_lat` first widens
            # latitude toward the poles, so a panel is mostly map
            xaxis={
                "title": {"text": "Longitude [°]"},
                "range": x_range,
                "showgrid": False,
                "constrain": "domain",
            },
            yaxis={
                "title": {"text": "Latitude [°]"},
                "range": y_range,
                "scaleanchor": "x",
                "scaleratio": 1,
                "showgrid": False,
                "constrain": "domain",
            },
        )
    )
    return fig
