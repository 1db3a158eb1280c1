"""SHACL checks: does a graph say only what the ontology allows a well-formed graph to say?"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from .resources import resource_path


@dataclass(frozen=True)
class Violation:
    """One broken shape: which node, which property, and what the shape says is wrong."""

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


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(resource_path("ontologies/shapes.ttl"), format="turtle")


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(resource_path("ontologies/defcoop.ttl"), format="turtle")


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
                path=str(p) if (p := report_graph.value(result, SH.resultPath)) is not None else None,
                message=str(report_graph.value(result, SH.resultMessage) or ""),
                severity=str(report_graph.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
            for result in report_graph.subjects(RDF.type, SH.ValidationResult)
        ),
        key=lambda v: (v.focus, v.path or "", v.message),
    )
    return ValidationReport(conforms=bool(conforms), violations=violations, text=str(text))


def validate_store(store_path: Path) -> ValidationReport:
    """Check the data graphs of a built store, as 'kg validate' does after a build."""
    import pyoxigraph as ox

    from .store import open_store, union_triples

    def to_rdflib(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> URIRef | Literal:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        raise ValueError(f"unexpected blank node {term}")

    store = open_store(store_path)
    return validate_triples(
        (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in union_triples(store)
    )
