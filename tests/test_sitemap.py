"""The offline sites map (issue 16, D): where the sites are, checked against the world.

Each site's coordinates must fall in its country's Natural Earth polygon (the vendored
outline), every site the data name must be placed, and the figure must be drawable with
no request off the machine (no URL in its JSON, no geo subplot).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import struct
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

import tigris
from tests.conftest import SMALL, SMALL_3Y, replaced
from tigris.data import DataOverlay, load_rows, using_overlay
from tigris.report.sitemap import location, site_locations, sites_map, world_outline

DATA = resources.files("tigris.data")
#: The 1:110m coastline generalises away features smaller than ~10-25 km (Abu Dhabi
#: city sits on an island it does not draw): a coastal point may lie this close outside
#: its own country's polygon, provided it is inside no other country [degree].
COAST_DEG = 0.25
#: Countries the 1:110m outline does not draw -> the country whose generalised polygon
#: holds them (Natural Earth 1:110m admin-0 has no Singapore; its island, ~1.4 N 103.8 E,
#: falls inside Malaysia's polygon). A site there must lie in that polygon within
#: COAST_DEG of its coast.
UNDRAWN = {"SGP": "MYS"}
#: What the issue asks of the vendored outline [byte].
MAX_OUTLINE_BYTES = 250_000


def _inside(lon: float, lat: float, points: list[list[float]]) -> bool:
    """Ray casting (Shimrat 1962, ACM algorithm 112): a ray east of the point crosses
    the closed ring an odd number of times iff the point is inside."""
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _segment_deg(lon: float, lat: float, a: list[float], b: list[float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    norm = dx * dx + dy * dy
    t = 0.0 if norm == 0 else ((lon - a[0]) * dx + (lat - a[1]) * dy) / norm
    t = min(1.0, max(0.0, t))
    return math.hypot(a[0] + t * dx - lon, a[1] + t * dy - lat)


def _countries_at(lon: float, lat: float) -> set[str]:
    """ISO codes of the countries whose polygons hold the point (even-odd over a
    country's rings, so holes count)."""
    hits: dict[str, int] = {}
    for ring in world_outline()["rings"]:
        if _inside(lon, lat, ring["points"]):
            hits[ring["iso_a3"]] = hits.get(ring["iso_a3"], 0) + 1
    return {iso for iso, n in hits.items() if n % 2}


def _distance_to(iso: str, lon: float, lat: float) -> float:
    """Least distance from the point to the border of country ``iso`` [degree]."""
    return min(
        _segment_deg(lon, lat, a, b)
        for ring in world_outline()["rings"]
        if ring["iso_a3"] == iso
        for a, b in itertools.pairwise(ring["points"])
    )


def _placed_in(iso: str, lon: float, lat: float) -> bool:
    at = _countries_at(lon, lat)
    if at:
        return at == {iso}
    return _distance_to(iso, lon, lat) <= COAST_DEG


# --- where the sites are --------------------------------------------------------------


@pytest.mark.parametrize("loc", site_locations(), ids=lambda s: f"{s.owner or '-'}@{s.site}")
def test_each_site_lies_in_its_country(loc) -> None:
    assert -90 <= loc.lat <= 90 and -180 <= loc.lon <= 180
    iso = UNDRAWN.get(loc.iso_a3, loc.iso_a3)
    assert any(r["iso_a3"] == iso for r in world_outline()["rings"]), loc.iso_a3
    assert _placed_in(iso, loc.lon, loc.lat), (loc.place, _countries_at(loc.lon, loc.lat))
    if loc.iso_a3 in UNDRAWN:  # and near the coast, where the undrawn country is
        assert _distance_to(iso, loc.lon, loc.lat) <= COAST_DEG, loc.place


def test_the_country_check_can_fail() -> None:
    # Tainan with latitude and longitude swapped, Dresden said to be in Taiwan, and a
    # point in mid-Pacific are all rejected; Tainan itself and a point in Lesotho (a
    # hole in South Africa's polygon) are where they are.
    assert not _placed_in("TWN", 23.1, 120.3)
    assert not _placed_in("TWN", 13.7, 51.1)
    assert not _placed_in("USA", -150.0, 10.0)
    assert _placed_in("TWN", 120.3, 23.1)
    assert _countries_at(28.2, -29.5) == {"LSO"}


def test_every_site_and_incumbent_place_has_a_location() -> None:
    # a new site in sites.csv, or an incumbent's new site, fails here until
    # data/site_locations.csv places it
    own = {(s.owner, s.site) for s in site_locations()}
    missing = [r["site"] for r in load_rows("sites") if ("", r["site"]) not in own]
    for table in ("incumbent_sites", "incumbent_capacity"):
        missing += [
            f"{r['owner']}@{r['site']} ({table})"
            for r in load_rows(table)
            if (r["owner"], r["site"]) not in own
        ]
    assert not missing, f"not in data/site_locations.csv: {sorted(set(missing))}"
    keys = [(s.owner, s.site) for s in site_locations()]
    assert len(keys) == len(set(keys)), "a site or owner's place is listed twice"


def test_planner_names_map_to_the_physical_place() -> None:
    # the planner names an incumbent's site "owner@site" with the owner slugged
    assert location("samsung@south-korea").place.startswith("Pyeongtaek")
    assert location("sk-hynix@south-korea").place.startswith("Icheon")
    assert location("south-korea", "SK hynix") == location("sk-hynix@south-korea")
    # an owner without a place of its own at a site falls back to the site's
    assert location("nobody@japan") == location("japan")
    assert location("kumamoto").site == "japan"  # an alias of sites.csv
    assert location("atlantis") is None


# --- the vendored outline --------------------------------------------------------------


def test_outline_is_sourced_small_and_closed() -> None:
    path = DATA / "world_outline.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert "Natural Earth" in doc["source"] and doc["as_of"] and "public domain" in doc["license"]
    assert len(path.read_bytes()) < MAX_OUTLINE_BYTES
    for ring in doc["rings"]:
        assert ring["name"] and ring["iso_a3"]
        assert ring["points"][0] == ring["points"][-1] and len(ring["points"]) >= 4
        assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring["points"])
    # Natural Earth 1:110m has 177 countries; simplification must not drop a country
    assert len({r["name"] for r in doc["rings"]}) == 177


def _tool():
    path = Path(__file__).resolve().parents[1] / "tools" / "world_outline.py"
    spec = importlib.util.spec_from_file_location("world_outline_tool", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_douglas_peucker_keeps_only_what_departs_from_the_chord() -> None:
    tool = _tool()
    line = [(float(i), 0.0) for i in range(11)]
    assert tool.simplify(line, 0.1) == [(0.0, 0.0), (10.0, 0.0)]
    spike = [*line[:5], (5.0, 1.0), *line[6:]]
    assert tool.simplify(spike, 0.1) == [
        (0.0, 0.0),
        (4.0, 0.0),
        (5.0, 1.0),
        (6.0, 0.0),
        (10.0, 0.0),
    ]
    assert tool.simplify(spike, 2.0) == [(0.0, 0.0), (10.0, 0.0)]


def _shapefile(rings: list[list[tuple[float, float]]]) -> bytes:
    """One polygon record, packed by hand as the ESRI Shapefile Technical Description
    (1998) lays it out: big-endian file code and lengths (16-bit words), little-endian
    shape type, bounding box, part starts and points."""
    points = [p for ring in rings for p in ring]
    starts = [sum(len(r) for r in rings[:i]) for i in range(len(rings))]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    box = struct.pack("<4d", min(xs), min(ys), max(xs), max(ys))
    body = struct.pack("<i", 5) + box + struct.pack("<2i", len(rings), len(points))
    body += struct.pack(f"<{len(rings)}i", *starts)
    body += b"".join(struct.pack("<2d", x, y) for x, y in points)
    record = struct.pack(">2i", 1, len(body) // 2) + body
    header = struct.pack(">i", 9994) + bytes(20) + struct.pack(">i", (100 + len(record)) // 2)
    header += struct.pack("<2i", 1000, 5) + box + bytes(32)
    return header + record


def _dbf(rows: list[dict[str, str]], width: int = 16) -> bytes:
    """A dBASE III table of character fields, packed by hand."""
    names = list(rows[0])
    header_len, record_len = 32 + 32 * len(names) + 1, 1 + width * len(names)
    out = struct.pack("<B3xIHH20x", 3, len(rows), header_len, record_len)
    for name in names:
        out += name.encode().ljust(11, b"\0") + b"C" + bytes(4) + bytes([width]) + bytes(15)
    out += b"\r"
    for row in rows:
        out += b" " + b"".join(row[n].encode("latin-1").ljust(width) for n in names)
    return out


def test_the_tool_reads_shapefile_and_dbase_as_specified() -> None:
    tool = _tool()
    square = [(0.0, 0.0), (0.0, 2.0), (2.0, 2.0), (2.0, 0.0), (0.0, 0.0)]
    hole = [(0.5, 0.5), (1.5, 0.5), (1.5, 1.5), (0.5, 1.5), (0.5, 0.5)]
    speck = [(5.0, 5.0), (5.001, 5.0), (5.0, 5.001), (5.0, 5.0)]  # below the tolerance
    shp = _shapefile([square, hole, speck])
    assert tool.read_polygons(shp) == [[square, hole, speck]]
    dbf = _dbf([{"name": "Côte d'Ivoire", "iso_a3": "CIV"}])
    assert tool.read_dbf(dbf) == [{"name": "Côte d'Ivoire", "iso_a3": "CIV"}]
    doc = tool.outline(shp, dbf, "latin-1")
    assert {"source", "as_of", "license"} <= set(doc)
    assert [r["points"] for r in doc["rings"]] == [
        [list(p) for p in square],
        [list(p) for p in hole],
    ]
    assert {r["iso_a3"] for r in doc["rings"]} == {"CIV"}


# --- the figure -----------------------------------------------------------------------


@dataclass
class _Builds:
    """A stand-in result: the map reads only ``builds``."""

    builds: pd.DataFrame


def _build(site: str, capacity: float, unit: str = "wspm", owner: str = "investor") -> dict:
    return {
        "site": site,
        "facility": "logic" if unit == "wspm" else "datacenter",
        "node": "N5" if unit == "wspm" else "",
        "start_year": 2027,
        "online_year": 2029,
        "modules": 1,
        "capacity": capacity,
        "capacity_unit": unit,
        "capex_usd": 1e9,
        "owner": owner,
    }


@pytest.fixture(scope="module")
def small():
    from tigris.plan import solve

    sc = tigris.load_scenario(SMALL_3Y)
    return sc, solve(sc, explain_result=False, counterfactual=False)


def _trace(fig: go.Figure, prefix: str) -> list:
    return [t for t in fig.data if (t.name or "").startswith(prefix)]


def test_small_plan_builds_appear_filled(small) -> None:
    sc, result = small
    assert not result.builds.empty
    fig = sites_map(result, sc)
    assert "http" not in fig.to_json()
    built = _trace(fig, "built")
    assert built and all(t.marker.symbol in (None, "circle") for t in built)
    points = {(x, y) for t in built for x, y in zip(t.x, t.y, strict=True)}
    for site in result.builds["site"]:
        loc = location(site)
        assert (loc.lon, loc.lat) in points, site
    # candidates: open markers, one per scenario site, hover names what the plan may do
    (cand,) = _trace(fig, "candidate")
    assert cand.marker.symbol == "circle-open" and len(cand.x) == len(sc.sites)
    assert any("max modules: 3" in t for t in cand.text)


def test_marker_area_is_proportional_to_capacity() -> None:
    # 40k wspm at taiwan, 10k at japan (a quarter: half the diameter), 5k at TSMC's
    # own Arizona place; MW data centres are a trace of their own
    builds = pd.DataFrame(
        [
            _build("taiwan", 40_000),
            _build("japan", 10_000),
            _build("tsmc@arizona-usa", 5_000, owner="TSMC"),
            _build("uae", 500, unit="MW"),
        ]
    )
    fig = sites_map(_Builds(builds), tigris.load_scenario(SMALL))
    wafers = next(t for t in _trace(fig, "built") if "wafer" in t.name)
    size = {(x, y): s for x, y, s in zip(wafers.x, wafers.y, wafers.marker.size, strict=True)}
    tw, jp, az = location("taiwan"), location("japan"), location("arizona-usa", "TSMC")
    assert size[(tw.lon, tw.lat)] == pytest.approx(2 * size[(jp.lon, jp.lat)])
    assert size[(tw.lon, tw.lat)] > size[(jp.lon, jp.lat)] >= size[(az.lon, az.lat)]
    # hover: what, how many modules, when
    text = dict(zip(zip(wafers.x, wafers.y, strict=True), wafers.text, strict=True))
    assert (
        "logic N5: 1 module(s), 40,000 wafer starts/month, started 2027" in text[(tw.lon, tw.lat)]
    )
    assert "tsmc@arizona-usa" in text[(az.lon, az.lat)] and "TSMC Arizona" in text[(az.lon, az.lat)]
    (power,) = [t for t in _trace(fig, "built") if "MW" in t.name]
    assert (power.x[0], power.y[0]) == (location("uae").lon, location("uae").lat)


def test_without_a_result_only_candidates_and_no_url() -> None:
    sc = tigris.load_scenario(SMALL)
    fig = sites_map(None, sc)
    assert not _trace(fig, "built") and _trace(fig, "candidate")
    assert "http" not in fig.to_json()
    # no geo subplot: every trace on plain x/y axes, no geo in the layout (plotly's
    # default template styles one, which draws nothing unless a trace uses it)
    assert {t.type for t in fig.data} == {"scatter"}
    assert "geo" not in {k for k in fig.to_dict()["layout"] if k != "template"}
    layout = fig.layout
    assert layout.yaxis.scaleanchor == "x" and layout.yaxis.scaleratio == 1
    # the default view shows every placed site
    (x0, x1), (y0, y1) = layout.xaxis.range, layout.yaxis.range
    for t in fig.data[1:]:
        assert all(x0 <= x <= x1 for x in t.x) and all(y0 <= y <= y1 for y in t.y)


def test_a_site_of_ones_own_data_is_named_not_placed() -> None:
    # a --data file may add a site; site_locations.csv cannot place it, so the map
    # draws the others and says which one it left out

    row = {"site": "india", "name": "India", "source": "a test's own site", "as_of": "2026"}
    text = replaced(SMALL, ("  - name: japan\n", "  - name: india\n"))
    with using_overlay(DataOverlay("own.yaml", {"sites": (row,)})):
        fig = sites_map(None, tigris.load_scenario(text))
    assert "not placed: india" in fig.layout.title.text
    (cand,) = _trace(fig, "candidate")
    assert [(x, y) for x, y in zip(cand.x, cand.y, strict=True)] == [
        (location("taiwan").lon, location("taiwan").lat)
    ]
