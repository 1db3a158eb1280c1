"""kg export: the cooperation (or actor–agreement) graph for Gephi, Cytoscape or a spreadsheet; the store as RDF.

- graphml, gexf: the projected graph with every attribute (lists joined by ';'), for Gephi
  and Cytoscape; GEXF's date stamp is left out so the same store gives the same bytes.
- csv: two tables, edges (Source, Target, ...) in the file named and nodes (Id, Label, ...)
  beside it as '<name>.nodes.csv' — the shape Gephi's and Cytoscape's table import expects.
- jsonld, nquads: every data graph of the store (one named graph per source, with its
  provenance), not a projection; --as-of, --focus and --graph do not apply to them.

The path '-' (kg.outputs.STDOUT) writes a single-file format to standard output.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .errors import KgError
from .outputs import STDOUT, prepare_output_file, write_atomically
from .projections import bipartite_graph, cooperation_graph, ego_graph, load_snapshot, resolve_focus
from .store import data_graphs, open_store

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["FORMATS", "GRAPHS", "ExportError", "ExportReport", "Written", "default_path", "export"]

FORMATS = ("graphml", "gexf", "csv", "jsonld", "nquads")
RDF_FORMATS = ("jsonld", "nquads")
GRAPHS = ("cooperation", "bipartite")
_EXTENSIONS = {"graphml": "graphml", "gexf": "gexf", "csv": "csv", "jsonld": "jsonld", "nquads": "nq"}
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


def graphml_text(graph: nx.Graph) -> str:
    """GraphML of a projection, attribute keys in first-use order (stable for the same input)."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(flat_graph(graph))) + "\n"


def gexf_text(graph: nx.Graph) -> str:
    """GEXF 1.2 of a projection, without the date stamp networkx writes, so output is reproducible."""
    import networkx as nx

    text = "\n".join(nx.generate_gexf(flat_graph(graph))) + "\n"
    return re.sub(r'\s+lastmodifieddate="[^"]*"', "", text, count=1)


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
        _write(report, out, graphml_text(projected), f"{nodes}, {edges}")
    elif fmt == "gexf":
        _write(report, out, gexf_text(projected), f"{nodes}, {edges}")
    else:
        edges_text, nodes_text = csv_texts(projected)
        for path in (out, nodes_path(out)):  # both usable before either is written
            prepare_output_file(path)
        _write(report, out, edges_text, edges)
        _write(report, nodes_path(out), nodes_text, nodes)
    return report
