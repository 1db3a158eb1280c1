"""Build kg/templates/shapes/admin0.json, the country shapes `kg render --layout geo` draws.

Source: Natural Earth 1:50m admin-0 countries (public domain), as the world-atlas TopoJSON
file countries-50m.json (see shared/data-external/README.md). The arcs are decoded, each
shared arc simplified once (Douglas–Peucker, so neighbours keep a common border), rings
assembled per country, and coordinates rounded to 0.01° and delta-encoded as integers.

Run: python scripts/build_shapes.py [path/to/countries-50m.json]
(default: $KG_EXTERNAL_DATA or ../shared/data-external, then naturalearth/countries-50m.json)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kg" / "templates" / "shapes" / "admin0.json"
TOLERANCE = 0.04  # degrees: about 4 km, finer than a pixel at the zoom a whole region is drawn
GRID = 100  # coordinates rounded to 1/GRID degree


def external() -> Path:
    env = os.environ.get("KG_EXTERNAL_DATA")
    if env:
        return Path(env)
    for base in (ROOT.parent, ROOT.parent.parent):  # a checkout beside shared/, or a worktree one level down
        if (base / "shared" / "data-external").is_dir():
            return base / "shared" / "data-external"
    return ROOT.parent / "shared" / "data-external"


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative: keep the ends and every point farther than tolerance from the chord."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * (px - x0) - dx * (py - y0)) / norm if norm else ((px - x0) ** 2 + (py - y0) ** 2) ** 0.5
            if d > best:
                best, index = d, i
        if index > 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian (Chukotka, Fiji) jumps by 360°: carry its western side past 180° instead."""
    if not any(abs(b[0] - a[0]) > 180 for a, b in zip(points, points[1:], strict=False)):
        return points
    return [(lon + 360 if lon < 0 else lon, lat) for lon, lat in points]


def encode(points: list[tuple[float, float]]) -> list[int]:
    flat: list[int] = []
    px = py = 0
    for lon, lat in points:
        x, y = round(lon * GRID), round(lat * GRID)
        if flat and (x, y) == (px, py):
            continue
        flat += [x - px, y - py]
        px, py = x, y
    return flat


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else external() / "naturalearth" / "countries-50m.json"
    topology = json.loads(source.read_text(encoding="utf-8"))
    raw = decode_arcs(topology)
    arcs = [simplify(a, TOLERANCE) for a in raw]
    countries: dict[str, dict] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        props = geometry.get("properties", {})
        code = next((c for c in (props.get("isoA3"), props.get("adm0A3")) if c and c != "-99"), None)
        if not code or "arcs" not in geometry:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [unwrap(ring(r, arcs)) for polygon in polygons for r in polygon]
        encoded = [e for e in (encode(r) for r in rings) if len(e) >= 8]  # a ring needs 4 points (closed)
        if not encoded:  # a state smaller than the tolerance (Vatican, Monaco): keep its largest ring unsimplified
            encoded = [max((encode(unwrap(ring(r, raw))) for polygon in polygons for r in polygon), key=len)]
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        entry = countries.setdefault(code, {"name": props.get("name", code), "n3": props.get("isoN3") or "",
                                            "b": [180.0, 90.0, -180.0, -90.0], "r": []})
        entry["r"] += encoded
        b = entry["b"]
        entry["b"] = [round(min(b[0], *lons), 2), round(min(b[1], *lats), 2), round(max(b[2], *lons), 2), round(max(b[3], *lats), 2)]
    document = {
        "source": "Natural Earth 1:50m admin-0 countries, version 5.1.2, via world-atlas countries-50m.json",
        "licence": "Natural Earth data is in the public domain (https://www.naturalearthdata.com/about/terms-of-use/)",
        "built_by": "scripts/build_shapes.py",
        "format": f"countries by ISO 3166 alpha-3 (Natural Earth adm0_a3 when none): name, n3 (ISO numeric), "
                  f"b (lon/lat box), r (rings: [lon0, lat0, dlon1, dlat1, ...] in 1/{GRID} degree, each delta to the previous point)",
        "tolerance_degrees": TOLERANCE,
        "grid": GRID,
        "countries": dict(sorted(countries.items())),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) // 2 for c in countries.values() for r in c["r"])
    print(f"Wrote {OUT} ({len(countries)} countries, {points} points, {OUT.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
