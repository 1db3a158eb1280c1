"""SHACL checks: does a graph say only what the ontology allows a well-formed graph to say?"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .errors import StoreError
from .resources import resource_path
from .vocab import PREFIXES


@dataclass(frozen=True)
class Violation:
    """One broken shape: which node, which property path (SPARQL syntax, e.g. ^dcoop:supports), and what is wrong."""

    focus: str
    path: str | None
    message: str
    severity: str


@dataclass
class ValidationReport:
    """The outcome of a SHACL check, with the report text pySHACL writes."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""
    #: Named graphs the check left out: a GDELT build's streamed event graphs (checked row by row as they loaded).
    left_out: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(resource_path("ontologies/shapes.ttl"), format="turtle")


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(resource_path("ontologies/defcoop.ttl"), format="turtle")


_LOCAL_NAME = re.compile(r"[A-Za-z_][\w\-]*")
#: SHACL's one-argument path operators and the SPARQL suffix each is written with.
_MODIFIERS = ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?"))
# How tightly a path binds, loosest first: a|b, a/b, ^a, a*, and a name or (...).
_ALTERNATIVE, _SEQUENCE, _INVERSE, _MODIFIED, _PRIMARY = range(5)


def _name(iri: URIRef) -> str:
    """An IRI as a prefixed name when one of kg's prefixes fits, else <iri>."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        local = str(iri)[len(namespace):]
        if str(iri).startswith(namespace) and _LOCAL_NAME.fullmatch(local):
            return f"{prefix}:{local}"
    return f"<{iri}>"


def _path(graph: Graph, node: Node) -> tuple[str, int]:
    """A SHACL property path in SPARQL property-path syntax, with how tightly it binds."""

    def operand(child: Node, tightest: int) -> str:
        text, binds = _path(graph, child)
        return text if binds >= tightest else f"({text})"

    if isinstance(node, URIRef):
        return _name(node), _PRIMARY
    if (inverse := graph.value(node, SH.inversePath)) is not None:
        return "^" + operand(inverse, _MODIFIED), _INVERSE
    if (alternatives := graph.value(node, SH.alternativePath)) is not None:
        return "|".join(operand(p, _SEQUENCE) for p in Collection(graph, alternatives)), _ALTERNATIVE
    for predicate, suffix in _MODIFIERS:
        if (inner := graph.value(node, predicate)) is not None:
            return operand(inner, _PRIMARY) + suffix, _MODIFIED
    if graph.value(node, RDF.first) is not None:
        return "/".join(operand(p, _INVERSE) for p in Collection(graph, node)), _SEQUENCE
    return str(node), _PRIMARY


def path_text(graph: Graph, node: Node) -> str:
    """Write sh:resultPath as a reader can act on it: dcoop:party, ^dcoop:supports, dcoop:a/dcoop:b."""
    if isinstance(node, BNode) and not any(True for _ in graph.predicate_objects(node)):
        graph = _shapes()  # the report did not copy the path's structure; the shapes graph has it
    return _path(graph, node)[0]


def validate_triples(triples: Iterable[tuple[URIRef, URIRef, URIRef | Literal]]) -> ValidationReport:
    """Check triples against ontologies/shapes.ttl, with the ontology for class hierarchy."""
    import pyshacl  # slow to import; only validation needs it

    data = Graph()
    for triple in triples:
        data.add(triple)
    conforms, report_graph, text = pyshacl.validate(
        data, shacl_graph=_shapes(), ont_graph=_ontology(), inference="none", allow_warnings=True
    )
    violations = sorted(
        (
            Violation(
                focus=str(report_graph.value(result, SH.focusNode)),
                path=path_text(report_graph, p) if (p := report_graph.value(result, SH.resultPath)) is not None else None,
                message=str(report_graph.value(result, SH.resultMessage) or ""),
                severity=str(report_graph.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
            for result in report_graph.subjects(RDF.type, SH.ValidationResult)
        ),
        key=lambda v: (v.focus, v.path or "", v.message),
    )
    return ValidationReport(conforms=bool(conforms), violations=violations, text=str(text))


def _rdflib(term: object) -> URIRef | Literal:
    """An Oxigraph term as rdflib's, for pySHACL (kg writes only IRIs and literals)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise ValueError(f"unexpected term {term} where kg writes only IRIs and literals")


def _iri(term: object) -> URIRef:
    """An Oxigraph IRI as rdflib's (subjects and predicates kg writes are IRIs)."""
    value = _rdflib(term)
    if not isinstance(value, URIRef):
        raise ValueError(f"unexpected literal {term} where kg writes only IRIs")
    return value


def _graph_triples(store: object, graphs: list[str] | None) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The triples SHACL must see to judge some graphs: their subjects' union triples, the actors, their objects' types.

    With graphs=None, every data graph (read from the named graphs themselves, not the union copy).
    """
    import pyoxigraph as ox

    from .mapping import GAZETTEER_GRAPH
    from .store import ONTOLOGY_GRAPH, data_graphs

    assert isinstance(store, ox.Store)
    default = ox.DefaultGraph()
    if graphs is None:
        for graph in data_graphs(store):
            for quad in store.quads_for_pattern(None, None, None, graph):
                yield _iri(quad.subject), _iri(quad.predicate), _rdflib(quad.object)
        return
    ontology = {q.triple for q in store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH)}
    subjects: set[ox.NamedNode] = set()
    objects: set[ox.NamedNode] = set()
    for name in {*graphs, str(GAZETTEER_GRAPH)}:
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            subjects.add(quad.subject)  # type: ignore[arg-type]
            if isinstance(quad.object, ox.NamedNode):
                objects.add(quad.object)
    rdf_type = ox.NamedNode(str(RDF.type))
    seen: set[ox.Triple] = set()
    for subject in subjects:
        for quad in store.quads_for_pattern(subject, None, None, default):
            seen.add(quad.triple)
    for node in objects - subjects:
        for quad in store.quads_for_pattern(node, rdf_type, None, default):
            seen.add(quad.triple)
    for triple in seen - ontology:
        yield _iri(triple.subject), _iri(triple.predicate), _rdflib(triple.object)


def validate_graphs(store: object, graphs: list[str] | None = None) -> ValidationReport:
    """Check some named graphs of a store (None: all data graphs) as a check of the whole union would judge them."""
    return validate_triples(_graph_triples(store, graphs))


def _event_graphs(store_folder: Path) -> set[str]:
    """The graphs a build streamed from GDELT event files, as its manifest.json records them (none if it has none)."""
    import json

    try:
        manifest = json.loads((store_folder.parent / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    graphs = manifest.get("event_graphs") if isinstance(manifest, dict) else None
    return {str(g) for g in graphs} if isinstance(graphs, list) else set()


def validate_store(store_path: Path, *, all_graphs: bool = False) -> ValidationReport:
    """Check the data graphs of a built store, as 'kg validate' does after a build.

    A GDELT build's event graphs are left out, as the build's own check leaves them out (their
    rows are checked field by field as they load; pySHACL would hold millions of events in
    memory): the fact graphs are judged, with the union triples of their subjects. all_graphs=True
    judges every data graph, events included.
    """
    from .store import data_graphs
    from .store_access import open_store_at

    store, folder = open_store_at(store_path)
    try:
        events = set() if all_graphs else _event_graphs(folder)
        scope: list[str] | None = None
        left_out: list[str] = []
        if events:
            names = [g.value for g in data_graphs(store)]
            scope = [g for g in names if g not in events]
            left_out = [g for g in names if g in events]
        triples = list(_graph_triples(store, scope)) if scope is None or scope else []
    except (OSError, RuntimeError, ValueError) as exc:  # a damaged block shows only when read
        raise StoreError(f"the graph store at '{store_path}' is damaged ({exc}); rebuild it with 'kg build'") from None
    if scope is not None and not scope:  # nothing but event graphs: the build judged nothing either
        return ValidationReport(conforms=True, text="Validation Report\nConforms: True\n", left_out=left_out)
    report = validate_triples(triples)
    report.left_out = left_out
    return report
