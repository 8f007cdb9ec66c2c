"""Make ``src/tigris/data/world_outline.json``: Natural Earth 1:110m countries, simplified.

The sites map (:mod:`tigris.report.sitemap`) draws the world on ordinary lon/lat axes
from this vendored outline, because plotly's geo subplots fetch their topojson from a
CDN and the dashboard must not make a request off the machine.

Source: Natural Earth "Admin 0 - Countries" at 1:110m (public domain), as shipped in the
geopandas 0.14.4 wheel (``geopandas/datasets/naturalearth_lowres``; geopandas dropped
the dataset in 1.0). Get it with::

    pip download --no-deps -d /tmp/ne geopandas==0.14.4
    python tools/world_outline.py /tmp/ne/geopandas-0.14.4-py3-none-any.whl

(the argument may also be the ``.shp`` file; its ``.dbf`` must sit beside it). The
shapefile (polygons) and dBASE table (country name, ISO 3166-1 alpha-3 code) are read
with :mod:`struct` (ESRI Shapefile Technical Description, July 1998; dBASE III file
format), so no GIS package is needed. Each ring is simplified with the
Douglas-Peucker algorithm (Douglas & Peucker 1973, "Algorithms for the reduction of
the number of points required to represent a digitized line or its caricature",
Cartographica 10(2):112-122) at :data:`TOLERANCE_DEG`, coordinates rounded to
:data:`DECIMALS` decimals, and rings left with fewer than :data:`MIN_RING_POINTS`
distinct points dropped (islands smaller than the tolerance).
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import struct
import sys
import zipfile
from pathlib import Path

#: Douglas-Peucker tolerance [degree]: 0.05 deg is ~5 km, below the ~10 km the 1:110m
#: data resolve (a line of 0.1 mm at 1:110,000,000 is 11 km), so nothing visible is lost.
TOLERANCE_DEG = 0.05
#: Decimals kept of each coordinate [-] (0.01 deg ~ 1 km, finer than the tolerance).
DECIMALS = 2
#: A ring needs this many distinct points to enclose an area [-].
MIN_RING_POINTS = 3
#: Where the dataset sits in the geopandas 0.14.4 wheel.
WHEEL_STEM = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
#: Shapefile constants (ESRI Shapefile Technical Description, 1998): file code, header length
#: [byte], record header length [byte], the polygon shape type, bytes per 16-bit word.
SHP_MAGIC = 9994
SHP_HEADER = 100
RECORD_HEADER = 8
POLYGON = 5
WORD = 2
#: dBASE constants: table header and field descriptor length [byte], the descriptors'
#: terminator, and the flag of a deleted record.
DBF_HEADER = 32
DBF_FIELD = 32
DBF_END = 0x0D
DBF_DELETED = ord("*")

OUT = Path(__file__).resolve().parents[1] / "src" / "tigris" / "data" / "world_outline.json"
SOURCE = (
    "Natural Earth, Admin 0 - Countries, 1:110m (naturalearthdata.com), as shipped in the "
    "geopandas 0.14.4 wheel (geopandas/datasets/naturalearth_lowres); converted by "
    f"tools/world_outline.py: Douglas-Peucker simplification at {TOLERANCE_DEG} deg, "
    f"coordinates rounded to {DECIMALS} decimals"
)
AS_OF = "2024-04"  # the dataset's files in the wheel are dated 2024-04-28
LICENSE = "public domain (Natural Earth terms of use: naturalearthdata.com/about/terms-of-use)"


def read_polygons(shp: bytes) -> list[list[list[tuple[float, float]]]]:
    """The rings (lists of (lon, lat) [degree]) of every record of a polygon shapefile."""
    (code,) = struct.unpack(">i", shp[:4])
    if code != SHP_MAGIC:
        raise ValueError("not an ESRI shapefile")
    (shape_type,) = struct.unpack("<i", shp[32:36])
    if shape_type != POLYGON:
        raise ValueError(f"shape type {shape_type}, expected polygons ({POLYGON})")
    out = []
    pos = SHP_HEADER
    while pos < len(shp):
        _, words = struct.unpack(">ii", shp[pos : pos + RECORD_HEADER])
        body = shp[pos + RECORD_HEADER : pos + RECORD_HEADER + words * WORD]
        pos += RECORD_HEADER + words * WORD
        (kind,) = struct.unpack("<i", body[:4])
        if kind != POLYGON:  # a null shape: no rings
            out.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", body[44 : 44 + 4 * n_parts]))
        start = 44 + 4 * n_parts
        flat = struct.unpack(f"<{2 * n_points}d", body[start : start + 16 * n_points])
        points = list(zip(flat[0::2], flat[1::2], strict=True))
        bounds = [*parts, n_points]
        out.append([points[a:b] for a, b in itertools.pairwise(bounds)])
    return out


def read_dbf(dbf: bytes, encoding: str = "latin-1") -> list[dict[str, str]]:
    """The records of a dBASE III table, every field as stripped text (``encoding`` is
    the one the ``.cpg`` beside it names; Natural Earth's is ISO-8859-1)."""
    n_records, header_len, record_len = struct.unpack("<IHH", dbf[4:12])
    fields = []
    pos = DBF_HEADER
    while dbf[pos] != DBF_END:
        name = dbf[pos : pos + 11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name, dbf[pos + 16]))
        pos += DBF_FIELD
    rows = []
    for i in range(n_records):
        rec = dbf[header_len + i * record_len : header_len + (i + 1) * record_len]
        if rec[0] == DBF_DELETED:
            continue
        row, at = {}, 1
        for name, width in fields:
            row[name] = rec[at : at + width].decode(encoding).strip()
            at += width
        rows.append(row)
    return rows


def _distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from ``p`` to the segment ``a``-``b`` in the plane [degree]."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    norm = dx * dx + dy * dy
    t = 0.0 if norm == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / norm))
    x, y = a[0] + t * dx - p[0], a[1] + t * dy - p[1]
    return (x * x + y * y) ** 0.5


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker (1973): keep the ends, and recursively the point farthest from
    the chord while it is farther than ``tol`` [degree] (iterative, with a stack)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, far_d = -1, tol
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > far_d:
                far, far_d = i, d
        if far >= 0:
            keep[far] = True
            stack += [(first, far), (far, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: list[tuple[float, float]], tol: float) -> list[list[float]] | None:
    """A closed ring simplified (split at the point farthest from its first, so both
    halves have a proper chord), rounded, closed again; ``None`` if it collapses."""
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) < MIN_RING_POINTS:
        return None
    x0, y0 = ring[0]
    split = max(range(len(ring)), key=lambda i: (ring[i][0] - x0) ** 2 + (ring[i][1] - y0) ** 2)
    half1 = simplify(ring[: split + 1], tol)
    half2 = simplify([*ring[split:], ring[0]], tol)
    pts = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in half1 + half2[1:]]
    distinct = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
    if len({tuple(p) for p in distinct}) < MIN_RING_POINTS:
        return None
    if distinct[0] != distinct[-1]:
        distinct.append(distinct[0])
    return distinct


def _read_source(path: Path) -> tuple[bytes, bytes, str]:
    """The .shp and .dbf bytes and the .cpg's encoding, from the wheel or the files."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as whl:
            shp, dbf = whl.read(WHEEL_STEM + ".shp"), whl.read(WHEEL_STEM + ".dbf")
            cpg = whl.read(WHEEL_STEM + ".cpg")
    else:
        shp, dbf = path.read_bytes(), path.with_suffix(".dbf").read_bytes()
        cpg = path.with_suffix(".cpg").read_bytes()
    return shp, dbf, cpg.decode("ascii").strip()


def outline(shp: bytes, dbf: bytes, encoding: str, tol: float = TOLERANCE_DEG) -> dict:
    """The outline document: ``source``, ``as_of``, ``license``, ``tolerance_deg`` and
    ``rings`` (one entry per ring: country ``name``, ``iso_a3`` and ``points``
    ``[[lon, lat], ...]`` [degree], closed; a country's holes are rings too, so a point
    is in a country when it is inside an odd number of its rings)."""
    records = read_dbf(dbf, encoding)
    polygons = read_polygons(shp)
    if len(records) != len(polygons):
        raise ValueError(f"{len(records)} dBASE records for {len(polygons)} shapes")
    rings = []
    for rec, polygon in zip(records, polygons, strict=True):
        for ring in polygon:
            pts = simplify_ring(ring, tol)
            if pts is not None:
                rings.append({"name": rec["name"], "iso_a3": rec["iso_a3"], "points": pts})
    return {
        "source": SOURCE,
        "as_of": AS_OF,
        "license": LICENSE,
        "tolerance_deg": tol,
        "rings": rings,
    }


def main(argv: list[str] | None = None) -> int:
    """Convert the shapefile (or the wheel holding it) to :data:`OUT`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="geopandas-0.14.4 wheel or the .shp file")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    doc = outline(*_read_source(args.source))
    buf = io.StringIO()
    json.dump(doc, buf, separators=(",", ":"))
    args.out.write_text(buf.getvalue() + "\n", encoding="utf-8")
    n_points = sum(len(r["points"]) for r in doc["rings"])
    size = args.out.stat().st_size
    print(f"{args.out}: {len(doc['rings'])} rings, {n_points} points, {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
