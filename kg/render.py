"""kg render: one self-contained HTML page that draws the cooperation graph offline.

The page inlines vis-network (the copy the pyvis package ships) and kg's own template,
script and style: it references no URL, so it opens from a mail attachment with no
network. Positions are computed here, with a fixed seed, so the same store gives the same
bytes and the page draws at once even at thousands of actors (physics starts switched off
and can be switched on). Data reaches the page as JSON inside a non-executed script
element, with '<', '>' and '&' escaped; the page's script builds every text from it with
textContent, so a title holding markup shows as text.
"""

from __future__ import annotations

import html
import importlib.util
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .errors import KgError
from .outputs import write_atomically
from .projections import Snapshot, cooperation_graph, ego_graph, load_snapshot, resolve_focus

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["LAYOUTS", "RenderError", "RenderReport", "graph_page", "render"]

LAYOUTS = ("force", "geo")
SEED = 7
#: Below this many actors networkx's exact Fruchterman–Reingold is used; above, kg's grid version.
EXACT_LAYOUT_LIMIT = 400
#: Pixels per unit of the force layout (about one tie's length).
PX_PER_UNIT = 260.0
#: The geographic layout's drawing is about this many pixels across its larger side (then fitted to the window).
GEO_SPAN_PX = 1500.0
#: Degrees of margin around the placed actors in the geographic layout.
GEO_MARGIN = 8.0
#: Country shapes beyond the actors' box that still ship, in degrees, so zooming out shows neighbours.
GEO_CONTEXT = 25.0
_SHAPES = "shapes/admin0.json"
#: Dot sizes on the map, relative to the force layout's.
GEO_DOT = 0.6
#: Up to this many actors, overlapping ones are pushed apart after the layout.
SPREAD_LIMIT = 400
_TEMPLATES = Path(__file__).resolve().parent / "templates"
_VIS_DIR = ("lib", "vis-9.1.2")

#: Colours of the legend for actors in no bloc; a bloc's colour (from the bloc file, via the store) wins over these.
CATEGORIES: dict[str, tuple[str, str, str]] = {
    # key: (label, colour, vis shape)
    "state": ("State, no bloc", "#3c9d5d", "dot"),
    "organisation": ("Organisation, no bloc", "#8e6bbf", "diamond"),
    "pmc": ("Private military company / force", "#7a4b2a", "triangle"),
    "armed-group": ("Armed group", "#555555", "triangleDown"),
    "body": ("State body", "#999999", "square"),
    "actor": ("Other actor", "#bbbbbb", "dot"),
}
_KIND_SHAPES = {"state": "dot", "organisation": "diamond", "pmc": "triangle", "armed-group": "triangleDown", "body": "square"}

#: Short names of agreement kinds for edge labels and the filter.
KIND_LABELS: dict[str, str] = {
    "military-cooperation": "military cooperation",
    "military-technical-cooperation": "military-technical coop.",
    "defence-partnership": "defence partnership",
    "mutual-defence-pact": "mutual defence pact",
    "memorandum-of-understanding": "MoU",
    "status-of-forces": "status of forces",
    "confederation-treaty": "confederation treaty",
    "partnership-programme": "partnership programme",
    "basing": "basing",
    "intelligence-sharing": "intelligence sharing",
    "other": "other agreement",
    "membership": "membership",
    "deployment": "deployment",
}


class RenderError(KgError):
    """The page cannot be written: bad option, missing vis-network copy, or an unwritable path."""


@dataclass
class RenderReport:
    """What kg render wrote, for the CLI to print."""

    path: Path
    actors: int
    ties: int
    bytes: int
    note: str | None


# -- layout --------------------------------------------------------------------------------


def grid_force_layout(n: int, edges: list[tuple[int, int]], *, seed: int = SEED,
                      iterations: int = 150) -> list[tuple[float, float]]:
    """Fruchterman–Reingold with repulsion summed on a grid by FFT: O(n + g² log g) a step, so 5,000 actors lay out in seconds."""
    import numpy as np

    rng = np.random.default_rng(seed)
    side = math.sqrt(max(n, 1))
    pos = rng.random((n, 2)) * side
    grid = int(min(256, max(64, 2 ** math.ceil(math.log2(2 * side)))))
    span = 2 * grid
    d = np.arange(span, dtype=float)
    d = np.where(d < grid, d, d - span)
    dy, dx = np.meshgrid(d, d, indexing="ij")
    r2 = dx * dx + dy * dy
    r2[0, 0] = 1.0  # the kernel is zero there anyway (dx = dy = 0)
    kernel_x, kernel_y = np.fft.rfft2(dx / r2), np.fft.rfft2(dy / r2)
    pairs = np.array(edges, dtype=int).reshape(-1, 2)
    src, dst = pairs[:, 0], pairs[:, 1]
    start_temperature = side * 0.1
    for step in range(iterations):
        lo = pos.min(0) - 2.0
        cell = max(float((pos.max(0) + 2.0 - lo).max()) / grid, 1e-9)
        g = (pos - lo) / cell - 0.5
        base = np.clip(np.floor(g).astype(int), 0, grid - 2)
        frac = np.clip(g - base, 0.0, 1.0)
        corners = []
        for oy in (0, 1):
            for ox in (0, 1):
                weight = (frac[:, 0] if ox else 1 - frac[:, 0]) * (frac[:, 1] if oy else 1 - frac[:, 1])
                corners.append(((base[:, 1] + oy) * span + base[:, 0] + ox, weight))
        density = np.zeros(span * span)
        for index, weight in corners:  # cloud-in-cell: the same weights deposit and read, so no self-force
            density += np.bincount(index, weight, minlength=span * span)
        density_hat = np.fft.rfft2(density.reshape(span, span))
        field_x = np.fft.irfft2(density_hat * kernel_x, s=(span, span)).ravel()
        field_y = np.fft.irfft2(density_hat * kernel_y, s=(span, span)).ravel()
        force = np.zeros((n, 2))
        for index, weight in corners:
            force[:, 0] += weight * field_x[index]
            force[:, 1] += weight * field_y[index]
        force /= cell  # repulsion k²/d with k = 1
        if len(pairs):
            delta = pos[dst] - pos[src]
            pull = delta * np.sqrt((delta ** 2).sum(1))[:, None]  # attraction d²/k
            np.add.at(force, src, pull)
            np.add.at(force, dst, -pull)
        force += (pos.mean(0) - pos) * 0.01  # weak gravity keeps separate components in view
        length = np.sqrt((force ** 2).sum(1)) + 1e-12
        temperature = start_temperature * (1 - step / iterations) + 1e-3
        pos += force / length[:, None] * np.minimum(length, temperature)[:, None]
    return [(float(x), float(y)) for x, y in pos]


def stress_layout(graph: nx.Graph, *, seed: int = SEED, iterations: int = 400) -> dict[str, tuple[float, float]]:
    """Stress majorisation: graph distances become drawing distances, so ties get even lengths and labels room (small graphs)."""
    import networkx as nx
    import numpy as np

    nodes = list(graph.nodes)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    dist = np.full((n, n), np.inf)
    for source, lengths in nx.all_pairs_shortest_path_length(graph):
        for target, length in lengths.items():
            dist[index[source], index[target]] = length
    finite = dist[np.isfinite(dist)]
    dist[~np.isfinite(dist)] = (finite.max() if finite.size else 1) + 1  # separate components sit one step apart
    np.fill_diagonal(dist, 0.0)
    weight = np.zeros_like(dist)
    off = dist > 0
    weight[off] = dist[off] ** -2
    start = nx.spring_layout(graph, seed=seed, iterations=50, weight=None)
    pos = np.array([start[v] for v in nodes], dtype=float) * math.sqrt(n)
    for _ in range(iterations):
        diff = pos[:, None, :] - pos[None, :, :]
        length = np.sqrt((diff ** 2).sum(2))
        length[length == 0] = 1e-9
        target = pos[None, :, :] + dist[:, :, None] * diff / length[:, :, None]
        moved = (weight[:, :, None] * target).sum(1) / weight.sum(1)[:, None]
        change = float(np.abs(moved - pos).max())
        pos = moved
        if change < 1e-4:
            break
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, pos, strict=True)}


def _component_layout(graph: nx.Graph, nodes: list[str], seed: int) -> list[tuple[float, float]]:
    """Lay out one connected component in units of about one tie length."""
    n = len(nodes)
    if n <= 3:  # a lone actor, a pair, a trio: fixed shapes, no iteration
        return [(0.0, 0.0)] if n == 1 else [(math.cos(2 * math.pi * i / n) * 0.6, math.sin(2 * math.pi * i / n) * 0.6)
                                             for i in range(n)]
    sub = graph.subgraph(nodes)
    if n <= EXACT_LAYOUT_LIMIT:
        raw = stress_layout(sub, seed=seed)
        return [raw[v] for v in nodes]
    index = {v: i for i, v in enumerate(nodes)}
    return grid_force_layout(n, [(index[a], index[b]) for a, b in sub.edges], seed=seed)


def force_layout(graph: nx.Graph, *, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Place actors by a seeded force layout, one connected component at a time, packed in rows.

    Laying out the whole graph at once lets small components fly to the rim and squeezes
    the main one into a dot; packing keeps every component at the same scale.
    """
    import networkx as nx

    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    order = {v: i for i, v in enumerate(graph.nodes)}
    boxes = []
    for members in components:
        nodes = sorted(members, key=order.__getitem__)
        points = _component_layout(graph, nodes, seed)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        boxes.append((nodes, points, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    if not boxes:
        return {}
    gap = 1.5
    row_width = max(boxes[0][4], math.sqrt(sum((b[4] + gap) * (b[5] + gap) for b in boxes)))
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for nodes, points, left, top, width, height in boxes:  # shelf packing, largest first
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for v, (px, py) in zip(nodes, points, strict=True):
            placed[v] = ((x + px - left) * PX_PER_UNIT, (y + py - top) * PX_PER_UNIT)
        x += width + gap
        row_height = max(row_height, height)
    xs, ys = [p[0] for p in placed.values()], [p[1] for p in placed.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {v: (placed[v][0] - cx, placed[v][1] - cy) for v in graph.nodes}


@dataclass(frozen=True)
class GeoProjection:
    """Equirectangular projection fitted to the placed actors: x = (lon - lon0)·cos(lat0)·scale, y = -(lat - lat0)·scale."""

    lon0: float
    lat0: float
    k: float
    scale: float
    box: tuple[float, float, float, float]  # lon/lat box drawn: west, south, east, north

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.lon0) * self.k * self.scale, -(lat - self.lat0) * self.scale)

    def as_json(self) -> dict[str, Any]:
        return {"lon0": self.lon0, "lat0": self.lat0, "k": round(self.k, 6), "scale": self.scale, "box": list(self.box)}


def geo_projection(graph: nx.Graph) -> GeoProjection:
    """Fit the projection to the actors with coordinates plus a margin, so a regional network fills the window."""
    points = [(d["lon"], d["lat"]) for _, d in graph.nodes(data=True) if d.get("lat") is not None and d.get("lon") is not None]
    if not points:
        points = [(0.0, 0.0)]
    west = max(-180.0, min(p[0] for p in points) - GEO_MARGIN)
    east = min(180.0, max(p[0] for p in points) + GEO_MARGIN)
    south = max(-85.0, min(p[1] for p in points) - GEO_MARGIN)
    north = min(85.0, max(p[1] for p in points) + GEO_MARGIN)
    lon0, lat0 = round((west + east) / 2, 4), round((south + north) / 2, 4)
    k = math.cos(math.radians(lat0))
    scale = round(min(80.0, max(4.0, GEO_SPAN_PX / max((east - west) * k, (north - south), 1e-9))), 3)
    return GeoProjection(lon0, lat0, k, scale, (round(west, 4), round(south, 4), round(east, 4), round(north, 4)))


def geo_layout(graph: nx.Graph, projection: GeoProjection | None = None) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Place actors at their gazetteer coordinates (projected); the rest near their partners."""
    project = projection or geo_projection(graph)
    placed: dict[str, tuple[float, float]] = {}
    for node, data in graph.nodes(data=True):
        if data.get("lat") is not None and data.get("lon") is not None:
            placed[node] = project(data["lon"], data["lat"])
    unplaced = [v for v in graph.nodes if v not in placed]
    # Actors without coordinates (most organisations and forces): beside the middle of their placed partners.
    pending = list(unplaced)
    for _ in range(3):
        still = []
        for node in pending:
            around = [placed[o] for o in sorted(graph.neighbors(node)) if o in placed]
            if not around:
                still.append(node)
                continue
            angle = (sum(map(ord, node)) % 360) * math.pi / 180
            x = sum(p[0] for p in around) / len(around) + 40 * math.cos(angle)
            y = sum(p[1] for p in around) / len(around) + 40 * math.sin(angle)
            placed[node] = (x, y)
        pending = still
    if pending:  # no placed partner at all: a row below the map
        bottom = max((p[1] for p in placed.values()), default=0.0) + 80
        left = min((p[0] for p in placed.values()), default=0.0)
        for i, node in enumerate(sorted(pending)):
            placed[node] = (left + 60 * i, bottom)
    # Actors sharing a point (a capital, an organisation's seat): spread on a small circle.
    by_point: dict[tuple[float, float], list[str]] = {}
    for node, point in placed.items():
        by_point.setdefault((round(point[0], 1), round(point[1], 1)), []).append(node)
    for point, nodes in by_point.items():
        if len(nodes) > 1:
            for i, node in enumerate(sorted(nodes)):
                angle = 2 * math.pi * i / len(nodes)
                placed[node] = (point[0] + 18 * math.cos(angle), point[1] + 18 * math.sin(angle))
    return placed, sorted(unplaced)


def spread(positions: dict[str, tuple[float, float]], radii: dict[str, float], *, gap: float = 26.0,
           iterations: int = 80) -> dict[str, tuple[float, float]]:
    """Push overlapping actors apart until each keeps its radius plus room for its label (O(n²), small graphs only)."""
    import numpy as np

    nodes = list(positions)
    n = len(nodes)
    if n < 2:
        return dict(positions)
    pos = np.array([positions[v] for v in nodes], dtype=float)
    # Actors on the very same point get a tiny, fixed nudge so they have a direction to part in.
    pos += np.stack([np.cos(np.arange(n) * 2.4), np.sin(np.arange(n) * 2.4)], axis=1) * 0.01
    need = np.array([radii[v] for v in nodes])
    need = need[:, None] + need[None, :] + gap
    np.fill_diagonal(need, 0.0)
    for _ in range(iterations):
        diff = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((diff ** 2).sum(2))
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(need - dist, 0.0, None)
        if overlap.max() < 0.5:
            break
        pos += (diff / dist[:, :, None] * overlap[:, :, None]).sum(1) * 0.25
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, pos, strict=True)}


# -- page data -----------------------------------------------------------------------------


def _category(data: dict[str, Any], known: set[str]) -> str:
    blocs = [b for b in data.get("blocs", ()) if b in known]  # a bloc the store does not define gets no colour of its own
    if blocs:
        return str(blocs[0])  # the snapshot orders an actor's blocs by precedence
    kind = data.get("kind", "actor")
    return kind if kind in CATEGORIES else "actor"


def _tie_json(tie: Any) -> dict[str, Any]:
    return {
        "relation": tie.relation,
        "kind": tie.kind,
        "kinds": list(tie.kinds),
        "label": tie.label,
        "actors": list(tie.actors),
        "host": tie.host,
        "role": tie.role,
        "domains": list(tie.domains),
        "start": tie.start,
        "end": tie.end,
        "undated": tie.undated,
        "year": tie.year,
        "endYear": int(tie.end[:4]) if tie.end else None,
        "events": [{"type": e.type, "date": e.date, "by": e.by, "sources": list(e.sources)} for e in tie.events],
        "claims": [{"source": c.source, "confidence": c.confidence, "quotes": list(c.quotes)} for c in tie.claims],
    }


def node_sizes(graph: nx.Graph) -> dict[str, float]:
    """Each actor's dot size on the page, growing with its weighted degree."""
    weighted = {v: graph.degree(v, weight="weight") for v in graph.nodes}
    top = max(weighted.values(), default=1) or 1
    return {v: round(12 + 22 * math.sqrt(weighted[v] / top), 1) for v in graph.nodes}


def page_positions(graph: nx.Graph, layout: str = "force",
                   sizes: dict[str, float] | None = None) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Where the page draws each actor (pixels), and the actors the geo layout could not place; exports reuse it."""
    unplaced: list[str] = []
    if layout == "geo":
        positions, unplaced = geo_layout(graph)
    else:
        positions = force_layout(graph)
    if len(positions) <= SPREAD_LIMIT:
        positions = spread(positions, node_sizes(graph) if sizes is None else sizes)
    return positions, unplaced


def page_data(graph: nx.Graph, snapshot: Snapshot, *, layout: str = "force", focus: str | None = None,
              title: str = "", note: str | None = None) -> dict[str, Any]:
    """Gather what the page draws: actors with positions and styles, edges, ties, sources, legend."""
    if layout not in LAYOUTS:
        raise RenderError(f"unknown layout '{layout}'; use one of {', '.join(LAYOUTS)}")
    weighted = {v: graph.degree(v, weight="weight") for v in graph.nodes}
    sizes = node_sizes(graph)
    if layout == "geo":  # smaller dots on the map, so neighbouring states keep their places and their shapes show
        sizes = {v: round(size * GEO_DOT, 1) for v, size in sizes.items()}
    positions, unplaced = page_positions(graph, layout, sizes)
    ties = snapshot.tie_index()
    known_blocs = set(snapshot.bloc_names)
    used_ties = sorted({t for _, _, d in graph.edges(data=True) for t in d["ties"]})
    nodes = []
    for node, data in graph.nodes(data=True):
        x, y = positions[node]
        edge_data = [graph.edges[node, o] for o in graph.neighbors(node)]
        firsts = [d["first"] for d in edge_data if d["first"]]
        lasts = [d["last"] for d in edge_data if d["last"]]
        nodes.append({
            "id": node,
            "label": data.get("alpha3") or node,
            "name": data.get("label") or node,
            "nameFr": data.get("label_fr"),
            "kind": data.get("kind", "actor"),
            "blocs": list(data.get("blocs", ())),
            "cat": _category(data, known_blocs),
            "shape": _KIND_SHAPES.get(data.get("kind", ""), "dot"),
            "x": round(x, 1),
            "y": round(y, 1),
            "size": sizes[node],
            "degree": graph.degree(node),
            "weight": int(weighted[node]),
            "first": min(firsts) if firsts else None,
            "last": max(lasts) if lasts else None,
        })
    ordered = sorted((tuple(sorted((a, b))), d) for a, b, d in graph.edges(data=True))
    edges = [{"id": f"e{i}", "from": a, "to": b, "ties": list(d["ties"])} for i, ((a, b), d) in enumerate(ordered)]
    tie_json = {t: _tie_json(ties[t]) for t in used_ties}
    source_ids = sorted({c["source"] for t in tie_json.values() for c in t["claims"]}
                        | {s for t in tie_json.values() for e in t["events"] for s in e["sources"]})
    sources = {s: {"title": i.title, "publisher": i.publisher, "issued": i.issued, "url": i.url, "href": web_address(i.url)}
               for s in source_ids if (i := snapshot.sources.get(s)) is not None}
    named = {a for t in tie_json.values() for a in t["actors"]}
    named |= {e["by"] for t in tie_json.values() for e in t["events"] if e["by"]}
    kinds_present: dict[str, int] = {}
    for t in tie_json.values():
        kinds_present[t["kind"]] = kinds_present.get(t["kind"], 0) + 1
    years = [t["year"] for t in tie_json.values() if t["year"] is not None]
    if snapshot.as_of:
        years.append(int(snapshot.as_of[:4]))
    bloc_order = list(snapshot.bloc_names)
    cats = sorted({n["cat"] for n in nodes},
                  key=lambda c: (0, bloc_order.index(c)) if c in bloc_order else (1, list(CATEGORIES).index(c)))
    categories = []
    for c in cats:
        bloc = next((b for b in snapshot.blocs if b.name == c), None)
        if bloc is None:
            categories.append({"id": c, "label": CATEGORIES[c][0], "color": CATEGORIES[c][1], "shape": CATEGORIES[c][2]})
        else:
            shapes = sorted(n["shape"] for n in nodes if n["cat"] == c)
            shape = max(set(shapes), key=lambda s: (shapes.count(s), s))  # the shape most of its actors have
            categories.append({"id": c, "label": bloc.label, "color": bloc.colour, "shape": shape})
    geo = map_data(geo_projection(graph), nodes, {c["id"]: c["color"] for c in categories}) if layout == "geo" else None
    return {
        "meta": {"title": title, "asOf": snapshot.as_of, "focus": focus, "layout": layout, "note": note,
                 "unplaced": unplaced, "actors": len(nodes), "edges": len(edges)},
        "map": geo,
        "search": search_index(graph),
        "names": {a: snapshot.actor(a).name for a in sorted(named)},
        "years": [min(years), max(years)] if years else None,
        "kinds": [{"id": k, "label": KIND_LABELS.get(k, k.replace("-", " ")), "count": kinds_present[k]}
                  for k in sorted(kinds_present, key=lambda k: (list(KIND_LABELS).index(k) if k in KIND_LABELS else 99, k))],
        "categories": categories,
        "kindLabels": KIND_LABELS,
        "nodes": nodes,
        "edges": edges,
        "ties": tie_json,
        "sources": sources,
    }


@lru_cache(maxsize=1)
def country_shapes() -> dict[str, Any]:
    """Read the shipped Natural Earth admin-0 shapes (built by scripts/build_shapes.py) once per process."""
    path = _TEMPLATES / _SHAPES
    try:
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RenderError(f"cannot read the country shapes {path}: {exc}; run scripts/build_shapes.py") from None
    return document


def _ring_box(ring: list[int], grid: int) -> tuple[float, float, float, float]:
    xs, ys, x, y = [], [], 0, 0
    for i in range(0, len(ring), 2):
        x, y = x + ring[i], y + ring[i + 1]
        xs.append(x)
        ys.append(y)
    return min(xs) / grid, min(ys) / grid, max(xs) / grid, max(ys) / grid


def map_data(projection: GeoProjection, nodes: list[dict[str, Any]], colours: dict[str, str]) -> dict[str, Any]:
    """The country shapes around the shown actors (rings near the view only), shown states filled with their legend colour."""
    shapes = country_shapes()
    grid = int(shapes["grid"])
    west, south, east, north = projection.box
    west, south, east, north = west - GEO_CONTEXT, south - GEO_CONTEXT, east + GEO_CONTEXT, north + GEO_CONTEXT
    fill = {n["label"]: colours.get(n["cat"]) for n in nodes if n["kind"] == "state"}
    countries = []
    for code, country in shapes["countries"].items():
        b = country["b"]
        if b[2] < west or b[0] > east or b[3] < south or b[1] > north:
            continue
        rings = [r for r in country["r"] if (rb := _ring_box(r, grid))[2] >= west and rb[0] <= east
                 and rb[3] >= south and rb[1] <= north]
        if rings:
            countries.append({"id": code, "name": country["name"], "fill": fill.get(code), "rings": rings})
    return {"projection": projection.as_json(), "grid": grid, "countries": countries,
            "source": shapes["source"], "licence": "Natural Earth, public domain"}


def search_index(graph: nx.Graph) -> dict[str, list[str]]:
    """Folded names, aliases, capitals and codes of the shown actors, as kg's resolver reads them, best match first."""
    from .gazetteer import default_gazetteer, normalise

    gazetteer = default_gazetteer()
    best: dict[str, tuple[int, list[str]]] = {}

    def add(text: str | None, tier: int, node: str) -> None:
        key = normalise(text) if text else ""
        if not key:
            return
        current = best.get(key)
        if current is None or tier < current[0]:
            best[key] = (tier, [node])
        elif tier == current[0] and node not in current[1]:
            current[1].append(node)

    for node, data in graph.nodes(data=True):
        actor = gazetteer.get(node)
        for code in (node, data.get("alpha3"), data.get("alpha2")):
            add(code, 0, node)
        for name in (data.get("label"), data.get("label_fr")):
            add(name, 1, node)
        if actor is None:
            continue
        for form, tier in actor.resolvable_forms():
            add(form, tier + 1, node)
    return {key: sorted(ids) for key, (_, ids) in sorted(best.items())}


def web_address(url: str | None) -> str | None:
    """The address a page may link to: http(s) with a host only; anything else (javascript:, file:, data:) stays text."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _script_json(data: dict[str, Any]) -> str:
    """JSON that cannot end its script element or open a comment: '<', '>' and '&' become escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def vis_network_files() -> tuple[str, str]:
    """Read the vis-network script and style the pyvis package carries, without importing pyvis."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RenderError("the pyvis package is not installed; it carries the vis-network code the page inlines")
    for root in spec.submodule_search_locations:
        for folder in (Path(root).joinpath(*_VIS_DIR), Path(root, "templates").joinpath(*_VIS_DIR)):
            js, css = folder / "vis-network.min.js", folder / "vis-network.css"
            if js.is_file() and css.is_file():
                return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    raise RenderError("pyvis is installed without its vis-network 9.1.2 copy (lib/vis-9.1.2); reinstall pyvis")


def _inline(code: str) -> str:
    """Keep inlined code from closing its element early."""
    return code.replace("</script", "<\\/script").replace("</style", "<\\/style")


def graph_page(data: dict[str, Any]) -> str:
    """Fill kg's template with the page data, vis-network, and kg's own script and style."""
    vis_js, vis_css = vis_network_files()
    template = (_TEMPLATES / "graph.html").read_text(encoding="utf-8")
    parts = {
        "__KG_TITLE__": html.escape(data["meta"]["title"]),
        "/*__KG_VIS_CSS__*/": _inline(vis_css),
        "/*__KG_CSS__*/": _inline((_TEMPLATES / "graph.css").read_text(encoding="utf-8")),
        "__KG_DATA__": _script_json(data),
        "/*__KG_VIS_JS__*/": _inline(vis_js),
        "/*__KG_JS__*/": _inline((_TEMPLATES / "graph.js").read_text(encoding="utf-8")),
    }
    out = template
    for key, value in parts.items():  # each key occurs once in the template, and is replaced once
        head, sep, tail = out.partition(key)
        if not sep:
            raise RenderError(f"the page template lacks {key}")
        out = head + value + tail
    return out


def _title(snapshot: Snapshot, focus: str | None) -> str:
    parts = ["Defence-cooperation network"]
    if focus:
        actor = snapshot.actor(focus)
        parts.append(f"{actor.name} ({focus})")
    parts.append(f"as of {snapshot.as_of}" if snapshot.as_of else "all dates")
    return " — ".join(parts)


def render(store_path: Path, out: Path, *, as_of: str | None = None, focus: str | None = None,
           layout: str = "force", deployments: bool = False, events: bool = False) -> RenderReport:
    """Draw the cooperation graph (or one actor's ego network) into a self-contained HTML file; events: GDELT pairs too."""
    if layout not in LAYOUTS:
        raise RenderError(f"unknown layout '{layout}'; use one of {', '.join(LAYOUTS)}")
    snapshot = load_snapshot(store_path, as_of, events=events)
    focus_id = resolve_focus(snapshot, focus) if focus else None
    graph = cooperation_graph(snapshot, deployments=deployments, events=events)
    snapshot_note = snapshot.note_for(deployments=deployments)
    notes = [snapshot_note] if snapshot_note else []
    if focus_id:
        graph = ego_graph(graph, focus_id)
        if graph.number_of_nodes() == 0:
            actor = snapshot.actor(focus_id)
            notes.insert(0, f"{actor.name} ({focus_id}) has no tie" + (f" as of {as_of}." if as_of else "."))
    note = " ".join(notes) or None
    data = page_data(graph, snapshot, layout=layout, focus=focus_id, title=_title(snapshot, focus_id), note=note)
    page = graph_page(data)
    try:
        size = write_atomically(out, page)
    except OSError as exc:
        raise RenderError(f"cannot write '{out}': {exc}") from None
    return RenderReport(out, graph.number_of_nodes(), graph.number_of_edges(), size, note)
