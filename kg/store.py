"""The embedded Oxigraph store: bulk loading, opening for queries, and dumping to files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from .mapping import Quad
from .resources import resource_path
from .store_access import open_store as open_store  # re-exported: readers import it from here
from .vocab import ONTOLOGY_IRI, PREFIXES

BATCH_SIZE = 10_000
ONTOLOGY_GRAPH = ox.NamedNode(ONTOLOGY_IRI)

Progress = Callable[[int], None]


def to_oxigraph(term: URIRef | Literal) -> ox.NamedNode | ox.Literal:
    """Convert an rdflib term to its Oxigraph twin."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def ox_quad(quad: Quad) -> ox.Quad:
    """Convert one rdflib quad (s, p, o, g) to an Oxigraph quad."""
    s, p, o, g = quad
    return ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), to_oxigraph(o), ox.NamedNode(str(g)))


def create_store(path: Path, quads: Iterable[Quad], progress: Progress | None = None) -> ox.Store:
    """Write quads into a new on-disk store in batches, plus the ontology so queries can read labels.

    The store's default graph is then filled with the set union of every named graph, so a
    query without GRAPH sees each triple once however many sources state it.
    """
    store = ox.Store(str(path))
    batch: list[ox.Quad] = []
    for quad in quads:
        batch.append(ox_quad(quad))
        if len(batch) >= BATCH_SIZE:
            store.bulk_extend(batch)
            if progress:
                progress(len(batch))
            batch = []
    if batch:
        store.bulk_extend(batch)
        if progress:
            progress(len(batch))
    store.bulk_load(path=str(resource_path("ontologies/defcoop.ttl")), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    _fill_default_graph(store)
    store.optimize()
    return store


def _fill_default_graph(store: ox.Store) -> None:
    """Copy every named graph's triples into the default graph, which being a set keeps each once."""
    batch: list[ox.Quad] = []
    for quad in store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.graph_name, ox.DefaultGraph):
            continue
        batch.append(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
        if len(batch) >= BATCH_SIZE:
            store.bulk_extend(batch)
            batch = []
    if batch:
        store.bulk_extend(batch)


def default_graph_size(store: ox.Store) -> int:
    """Count the distinct triples of the union graph (ontology included), as a user's COUNT sees them."""
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def select(store: ox.Store, text: str) -> ox.QuerySolutions:
    """Run a SELECT over the default graph (the set union of all graphs) with kg's prefixes."""
    answer = store.query(text, prefixes=PREFIXES)
    if not isinstance(answer, ox.QuerySolutions):
        raise TypeError("select() runs SELECT queries only")
    return answer


def data_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """List the named graphs that hold data (every graph but the ontology), in a stable order."""
    return sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g != ONTOLOGY_GRAPH),
                  key=lambda g: g.value)


def dump_trig(store: ox.Store, path: Path) -> None:
    """Write every data graph, each still named, as TriG."""
    quads = (q for g in data_graphs(store) for q in store.quads_for_pattern(None, None, None, g))
    ox.serialize(quads, str(path), ox.RdfFormat.TRIG, prefixes=PREFIXES)


def union_triples(store: ox.Store) -> list[ox.Triple]:
    """Merge the data graphs into one set of triples, as a tool without named graphs wants them."""
    seen: set[ox.Triple] = set()
    for graph in data_graphs(store):
        for quad in store.quads_for_pattern(None, None, None, graph):
            seen.add(quad.triple)
    return sorted(seen, key=str)


def dump_turtle(store: ox.Store, path: Path) -> None:
    """Write the union of the data graphs as Turtle."""
    ox.serialize(union_triples(store), str(path), ox.RdfFormat.TURTLE, prefixes=PREFIXES)
