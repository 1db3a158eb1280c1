"""kg export: the cooperation (or actor–agreement) graph for Gephi, Cytoscape or a spreadsheet; the store as RDF.

- graphml, gexf: the projected graph with every attribute (lists joined by ';'), for Gephi
  and Cytoscape, each node placed where kg's force layout puts it (GraphML: x and y
  attributes; GEXF: viz:position); GEXF's date stamp is left out so the same store gives the
  same bytes. GEXF is dynamic (docs/stats-and-views.md, "Timelines in Gephi"): each edge
  carries one spell per dated tie, from the day its start period begins to the day before
  its end period begins, so Gephi's timeline replays the years; an edge with an undated tie
  has no spell and shows at every moment, as the as-of views keep undated ties.
- cytoscape: Cytoscape.js JSON (elements with data and a preset position), which
  Cytoscape.js and Cytoscape desktop (File > Import > Network from File, .cyjs) open.
- csv: two tables, edges (Source, Target, ...) in the file named and nodes (Id, Label, ...)
  beside it as '<name>.nodes.csv' — the shape Gephi's and Cytoscape's table import expects.
- jsonld, nquads: every data graph of the store (one named graph per source, with its
  provenance), not a projection; --as-of, --focus and --graph do not apply to them.

The path '-' (kg.outputs.STDOUT) writes a single-file format to standard output.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .errors import KgError
from .facts import parse_date
from .outputs import STDOUT, prepare_output_file, write_atomically
from .projections import Snapshot, Tie, bipartite_graph, cooperation_graph, ego_graph, load_snapshot, resolve_focus
from .store import data_graphs, open_store

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["FORMATS", "GRAPHS", "ExportError", "ExportReport", "Written", "default_path", "export", "layout_positions"]

FORMATS = ("graphml", "gexf", "cytoscape", "csv", "jsonld", "nquads")
RDF_FORMATS = ("jsonld", "nquads")
GRAPHS = ("cooperation", "bipartite")
_EXTENSIONS = {"graphml": "graphml", "gexf": "gexf", "cytoscape": "cyjs", "csv": "csv", "jsonld": "jsonld", "nquads": "nq"}
NODE_COLUMNS = ("kind", "label_fr", "alpha2", "alpha3", "blocs", "lat", "lon", "bipartite", "agreement_kind",
                "domains", "first", "last", "sources")
EDGE_COLUMNS = ("weight", "agreements", "undated", "relations", "kinds", "domains", "first", "last", "ties", "sources")


class ExportError(KgError):
    """An export that cannot be made: unknown format, options that do not apply, unwritable path."""


@dataclass(frozen=True)
class Written:
    """One file an export wrote and what that file holds ('12 nodes, 19 edges', '19 edges', '1159 quads')."""

    path: Path
    holds: str


@dataclass
class ExportReport:
    """What kg export wrote, for the CLI to print."""

    format: str
    written: list[Written] = field(default_factory=list)
    nodes: int | None = None
    edges: int | None = None
    quads: int | None = None
    note: str | None = None

    @property
    def paths(self) -> list[Path]:
        """The files written, in order."""
        return [w.path for w in self.written]


def default_path(fmt: str, out_dir: Path = Path("output")) -> Path:
    """Where an export goes when -o is not given: output/graph.<extension>."""
    return out_dir / f"graph.{_EXTENSIONS[fmt]}"


def _flat(value: Any) -> str | int | float | bool | None:
    """One GraphML/GEXF/CSV cell: lists and tuples joined by ';', None left out."""
    if isinstance(value, (list, tuple, set)):
        return ";".join(str(v) for v in value) if value else None
    return value


def flat_graph(graph: nx.Graph) -> nx.Graph:
    """Copy a projection with every attribute a scalar, as GraphML and GEXF require."""
    import networkx as nx

    flat = nx.Graph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: v for k, v in ((k, _flat(v)) for k, v in data.items()) if v is not None})
    for a, b, data in graph.edges(data=True):
        flat.add_edge(a, b, **{k: v for k, v in ((k, _flat(v)) for k, v in data.items()) if v is not None})
    return flat


Positions = dict[str, tuple[float, float]]


def layout_positions(graph: nx.Graph) -> Positions:
    """Where kg's page draws each node (the seeded force layout, in pixels), so Gephi opens the same picture."""
    from .render import page_positions

    positions, _ = page_positions(graph)
    return {node: (round(x, 2), round(y, 2)) for node, (x, y) in positions.items()}


def graphml_text(graph: nx.Graph, positions: Positions | None = None) -> str:
    """GraphML of a projection with x/y per node, attribute keys in first-use order (stable for the same input)."""
    import networkx as nx

    flat = flat_graph(graph)
    for node, (x, y) in (positions or {}).items():
        flat.nodes[node].update(x=x, y=y)
    return "\n".join(nx.generate_graphml(flat)) + "\n"


Spell = tuple[str | None, str | None]


def tie_spell(tie: Tie) -> Spell | None:
    """The days a tie is in force under the date rule (docs/dates.md), ends inclusive; None when it holds at every moment.

    A tie with no start holds from the beginning of time, as the as-of views keep it (marked
    undated); one with an end stops the day before its end period begins.
    """
    start = parse_date(tie.start).first_day() if tie.start else None
    if tie.end is None:
        return None if start is None else (start.isoformat(), None)
    end = parse_date(tie.end).first_day() - _dt.timedelta(days=1)
    if start is not None:
        end = max(end, start)
    return (None if start is None else start.isoformat()), end.isoformat()


def _merged(spells: list[Spell]) -> list[Spell]:
    """Join overlapping or touching spells, so Gephi draws one bar per stretch of time."""
    out: list[Spell] = []
    for start, end in sorted(spells, key=lambda s: (s[0] or "", s[1] or "9999")):
        if out:
            last_start, last_end = out[-1]
            day_after = None if last_end is None else (_dt.date.fromisoformat(last_end) + _dt.timedelta(days=1)).isoformat()
            if day_after is None or start is None or day_after >= start:
                out[-1] = (last_start, None if last_end is None or end is None else max(last_end, end))
                continue
        out.append((start, end))
    return out


def edge_spells(graph: nx.Graph, snapshot: Snapshot) -> dict[tuple[str, str], list[Spell]]:
    """For each edge, the merged spells of its ties; an edge with a tie that holds at every moment gets none."""
    ties = {t.id: t for t in snapshot.ties}
    out: dict[tuple[str, str], list[Spell]] = {}
    for a, b, data in graph.edges(data=True):
        ids = data.get("ties") or ([b] if b in ties else [a] if a in ties else [])
        spells = [tie_spell(ties[i]) for i in ids if i in ties]
        if spells and all(s is not None for s in spells):
            out[(a, b)] = _merged([s for s in spells if s is not None])
    return out


def gexf_text(graph: nx.Graph, positions: Positions | None = None,
              spells: dict[tuple[str, str], list[Spell]] | None = None) -> str:
    """GEXF 1.2 of a projection (dynamic when spells are given), without networkx's date stamp, so output is reproducible."""
    import networkx as nx

    flat = flat_graph(graph)
    for node, (x, y) in (positions or {}).items():
        flat.nodes[node]["viz"] = {"position": {"x": x, "y": y, "z": 0.0}}
    for (a, b), edge_spell in (spells or {}).items():
        flat.edges[a, b]["spells"] = edge_spell
    if spells:
        flat.graph["mode"] = "dynamic"
    text = "\n".join(nx.generate_gexf(flat)) + "\n"
    return re.sub(r'\s+lastmodifieddate="[^"]*"', "", text, count=1)


def _json_value(value: Any) -> Any:
    """A Cytoscape data value: lists stay lists (tuples and sets become sorted lists), None is left out."""
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def cytoscape_text(graph: nx.Graph, positions: Positions | None = None) -> str:
    """Cytoscape.js JSON: one element per node (with its preset position) and per edge, in a stable order."""
    positions = positions or {}
    nodes = []
    for node, data in graph.nodes(data=True):
        element: dict[str, Any] = {"data": {"id": node, "name": data.get("label", node),
                                            **{k: _json_value(v) for k, v in data.items() if v is not None}}}
        if node in positions:
            x, y = positions[node]
            element["position"] = {"x": x, "y": y}
        nodes.append(element)
    edges = []
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: tuple(sorted(e[:2]))):
        a, b = sorted((a, b))
        edges.append({"data": {"id": f"{a}--{b}", "source": a, "target": b,
                               **{k: _json_value(v) for k, v in data.items() if v is not None}}})
    document = {"format_version": "1.0", "generated_by": "kg", "target_cytoscapejs_version": "~3",
                "data": {k: v for k, v in graph.graph.items() if v is not None},
                "elements": {"nodes": nodes, "edges": edges}}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def csv_texts(graph: nx.Graph) -> tuple[str, str]:
    """Edges and nodes tables with Gephi's column names (Source, Target, Id, Label)."""
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow(["Source", "Target", *EDGE_COLUMNS])
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: tuple(sorted(e[:2]))):
        a, b = sorted((a, b))
        writer.writerow([a, b, *("" if _flat(data.get(c)) is None else _flat(data.get(c)) for c in EDGE_COLUMNS)])
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["Id", "Label", *NODE_COLUMNS])
    for node, data in graph.nodes(data=True):
        writer.writerow([node, data.get("label", node),
                         *("" if _flat(data.get(c)) is None else _flat(data.get(c)) for c in NODE_COLUMNS)])
    return edges.getvalue(), nodes.getvalue()


def nodes_path(path: Path) -> Path:
    """The nodes table that goes beside an edges CSV: graph.csv -> graph.nodes.csv."""
    return path.with_name(f"{path.stem}.nodes{path.suffix or '.csv'}")


def _serialized(quads: list[ox.Quad], rdf_format: ox.RdfFormat) -> str:
    buffer = io.BytesIO()
    ox.serialize(quads, buffer, rdf_format)
    return buffer.getvalue().decode("utf-8")


def rdf_text(store: ox.Store, fmt: str) -> tuple[str, int]:
    """Every data graph of the store as N-Quads or JSON-LD, with the quad count."""
    quads = [(g.value, q) for g in data_graphs(store) for q in store.quads_for_pattern(None, None, None, g)]
    quads.sort(key=lambda gq: (gq[0], str(gq[1].subject), str(gq[1].predicate), str(gq[1].object)))
    ordered = [q for _, q in quads]
    if fmt == "nquads":
        return _serialized(ordered, ox.RdfFormat.N_QUADS), len(ordered)
    data = json.loads(_serialized(ordered, ox.RdfFormat.JSON_LD))  # expanded form, named graphs kept
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n", len(quads)


def _write(report: ExportReport, path: Path, text: str, holds: str) -> None:
    """Write one export file (or standard output for '-') whole, and note what it holds."""
    if path == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomically(path, text)
    report.written.append(Written(path, holds))


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n != 1 else f"1 {what[:-1]}"


def export(store_path: Path, fmt: str, out: Path | None = None, *, graph: str = "cooperation",
           as_of: str | None = None, focus: str | None = None, deployments: bool = False) -> ExportReport:
    """Write the store's graph in a format another tool opens; all or nothing per file."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    if graph not in GRAPHS:
        raise ExportError(f"unknown graph '{graph}'; use one of {', '.join(GRAPHS)}")
    if fmt == "csv" and out == STDOUT:
        raise ExportError("csv writes two files (the edges and '<name>.nodes.csv'), so it cannot go to standard "
                          "output; give -o a file name such as graph.csv")
    out = out or default_path(fmt)
    report = ExportReport(fmt)
    if fmt in RDF_FORMATS:
        if as_of or focus or graph != "cooperation" or deployments:
            raise ExportError(f"{fmt} exports the whole store as RDF; --as-of, --focus, --graph and "
                              "--deployments apply to graphml, gexf and csv")
        text, report.quads = rdf_text(open_store(store_path), fmt)
        _write(report, out, text, _count(report.quads, "quads"))
        return report
    snapshot = load_snapshot(store_path, as_of)
    focus_id = resolve_focus(snapshot, focus) if focus else None
    projected = bipartite_graph(snapshot) if graph == "bipartite" else cooperation_graph(snapshot, deployments=deployments)
    if focus_id:
        projected = ego_graph(projected, focus_id)
    report.nodes, report.edges = projected.number_of_nodes(), projected.number_of_edges()
    report.note = snapshot.note_for(deployments=deployments)
    nodes, edges = _count(report.nodes, "nodes"), _count(report.edges, "edges")
    if fmt == "graphml":
        _write(report, out, graphml_text(projected, layout_positions(projected)), f"{nodes}, {edges}")
    elif fmt == "gexf":
        spells = edge_spells(projected, snapshot)
        _write(report, out, gexf_text(projected, layout_positions(projected), spells), f"{nodes}, {edges}")
    elif fmt == "cytoscape":
        _write(report, out, cytoscape_text(projected, layout_positions(projected)), f"{nodes}, {edges}")
    else:
        edges_text, nodes_text = csv_texts(projected)
        for path in (out, nodes_path(out)):  # both usable before either is written
            prepare_output_file(path)
        _write(report, out, edges_text, edges)
        _write(report, nodes_path(out), nodes_text, nodes)
    return report
