"""The one place that knows the ontology's shape: fact records in, RDF quads out.

Quads are Oxigraph terms (ox.Quad) made here directly, so a build hands them to the store's bulk
loader without a conversion per quad; the public *_iri helpers still give rdflib URIRefs for
readers that build SPARQL text or compare with rdflib graphs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from .blocs import Bloc, actor_blocs
from .facts import (
    AgreementFact,
    AllianceMember,
    DeploymentFact,
    Event,
    Fact,
    MembershipFact,
    ObservationFact,
    OfficeFact,
    PartialDate,
    Source,
    slug,
)
from .gazetteer import Actor, Gazetteer
from .vocab import ACTOR_CLASSES, DCOOP, DOMAIN, EVENT, ID, KIND, OFFICE, PROVISION, SCHEMA, TOPIC, WD

Quad = ox.Quad
Term = ox.NamedNode | ox.Literal

GAZETTEER_GRAPH = ID["graph/gazetteer"]
_ID = str(ID)


@lru_cache(maxsize=4096)
def _node(iri: str) -> ox.NamedNode:
    """An Oxigraph IRI for a vocabulary term or actor: few and reused, so made once each."""
    return ox.NamedNode(iri)


_DATE_TYPES = {"day": _node(XSD.date), "month": _node(XSD.gYearMonth), "year": _node(XSD.gYear)}
_INTEGER, _DECIMAL = _node(XSD.integer), _node(XSD.decimal)
_TYPE, _LABEL, _COMMENT = _node(RDF.type), _node(RDFS.label), _node(RDFS.comment)
_PROV_ENTITY, _DERIVED, _PROV_VALUE = _node(PROV.Entity), _node(PROV.wasDerivedFrom), _node(PROV.value)


class _Terms(dict):
    """Namespace terms as Oxigraph IRIs by local name, each made once (rdflib's Namespace lookup is slow per quad)."""

    def __init__(self, namespace: str) -> None:
        super().__init__()
        self.namespace = namespace

    def __missing__(self, name: str) -> ox.NamedNode:
        node = self[name] = ox.NamedNode(self.namespace + name)
        return node


_DC, _DCT, _SCHEMA = _Terms(str(DCOOP)), _Terms(str(DCTERMS)), _Terms(str(SCHEMA))
_KIND, _DOMAIN, _EVENT, _TOPIC, _OFFICE = (_Terms(str(n)) for n in (KIND, DOMAIN, EVENT, TOPIC, OFFICE))
_PROVISION = _Terms(str(PROVISION))


def _text(value: str, language: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=language) if language else ox.Literal(value)


def _segment(text: str) -> str:
    """Slug a name for an IRI, never leaving the segment empty."""
    return slug(text) or "unnamed"


def actor_iri(actor_id: str) -> URIRef:
    """Name an actor by its gazetteer id, so every source about it meets on one node."""
    return ID[f"actor/{actor_id}"]


def agreement_iri(agreement_id: str) -> URIRef:
    """Name an agreement by the id fact files give it."""
    return ID[f"agreement/{agreement_id}"]


def source_iri(source_id: str) -> URIRef:
    """Name a source document."""
    return ID[f"source/{source_id}"]


def graph_iri(source_id: str) -> URIRef:
    """Name the graph holding what one source asserts."""
    return ID[f"graph/{source_id}"]


def person_iri(name: str) -> URIRef:
    """Name a person by the slug of their name."""
    return ID[f"person/{_segment(name)}"]


def event_iri(agreement_id: str, event: Event) -> URIRef:
    """Name an event by what it is, so sources agreeing on type, date and body share one node."""
    return URIRef(_event(agreement_id, event).value)


def _event(agreement_id: str, event: Event) -> ox.NamedNode:
    parts = [event.type, event.date.isoformat() if event.date else "undated"]
    if event.by:
        parts.append(event.by)
    return ox.NamedNode(f"{_ID}agreement/{agreement_id}/event/{'-'.join(parts)}")


def _actor(actor_id: str) -> ox.NamedNode:
    return _node(f"{_ID}actor/{actor_id}")


def _agreement_node(agreement_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{_ID}agreement/{agreement_id}")


def _source_node(source_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{_ID}source/{source_id}")


def _graph_node(source_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{_ID}graph/{source_id}")


def date_literal(date: PartialDate) -> ox.Literal:
    """Type a date by its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    return ox.Literal(date.isoformat(), datatype=_DATE_TYPES[date.precision])


def _plain(value: Any) -> Any:
    """What dataclasses.asdict gives (the digests were defined on it), without its deep copies.

    Only its JSON text matters, so a list of plain values is kept as it is rather than rebuilt.
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    names = _FIELDS.get(kind)
    if names is None:
        if isinstance(value, (str, int, float)):
            return value
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, (list, tuple)):
        if all(type(v) in _SCALARS for v in value):
            return value
        return kind(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_SCALARS = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}


_JSON = json.JSONEncoder(sort_keys=True, default=str)  # what json.dumps(sort_keys=True, default=str) makes per call


def _digest(value: object) -> str:
    data = _plain(value) if not isinstance(value, dict) else value
    data.pop("origin", None)
    return hashlib.sha1(_JSON.encode(data).encode()).hexdigest()[:12]


class _Emitter:
    """Collects the quads of one graph, skipping absent values so callers stay flat."""

    def __init__(self, graph: ox.NamedNode) -> None:
        self.graph = graph
        self.quads: list[Quad] = []

    def add(self, subject: ox.NamedNode, predicate: ox.NamedNode, obj: Term | None) -> None:
        if obj is not None:
            self.quads.append(ox.Quad(subject, predicate, obj, self.graph))

    def date(self, subject: ox.NamedNode, predicate: ox.NamedNode, date: PartialDate | None) -> None:
        if date is not None:
            self.add(subject, predicate, date_literal(date))


def source_quads(source: Source) -> list[Quad]:
    """Describe a source document (PROV) inside its own named graph."""
    out = _Emitter(_graph_node(source.id))
    node = _source_node(source.id)
    out.add(out.graph, _DERIVED, node)
    out.add(node, _TYPE, _DC["SourceDocument"])
    out.add(node, _TYPE, _PROV_ENTITY)
    out.add(node, _LABEL, ox.Literal(source.title or source.id))
    if source.title:
        out.add(node, _DCT["title"], _text(source.title, source.language))
    out.add(node, _DCT["publisher"], ox.Literal(source.publisher) if source.publisher else None)
    out.date(node, _DCT["issued"], source.published)
    out.add(node, _DCT["language"], ox.Literal(source.language) if source.language else None)
    out.add(node, _SCHEMA["url"], ox.NamedNode(source.url) if source.url else None)
    out.add(node, _DCT["creator"], ox.Literal(source.author) if source.author else None)
    out.add(node, _COMMENT, _text(source.note, "en") if source.note else None)
    return out.quads


def _evidence(out: _Emitter, fact: Fact, supported: Iterable[ox.NamedNode]) -> None:
    node = ox.NamedNode(f"{_ID}evidence/{fact.source}/{_digest(fact)}")
    out.add(node, _TYPE, _DC["Evidence"])
    out.add(node, _TYPE, _PROV_ENTITY)
    out.add(node, _DERIVED, _source_node(fact.source))
    supports = _DC["supports"]
    for target in supported:
        out.add(node, supports, target)
    ev = fact.evidence
    out.add(node, _PROV_VALUE, ox.Literal(ev.quote) if ev.quote else None)
    out.add(node, _DC["startOffset"], ox.Literal(str(ev.start), datatype=_INTEGER) if ev.start is not None else None)
    out.add(node, _DC["endOffset"], ox.Literal(str(ev.end), datatype=_INTEGER) if ev.end is not None else None)
    if ev.confidence is not None:
        out.add(node, _DC["confidence"], ox.Literal(f"{ev.confidence:.2f}", datatype=_DECIMAL))
    out.add(node, _COMMENT, _text(ev.note, "en") if ev.note else None)


def _person(out: _Emitter, name: str) -> ox.NamedNode:
    node = ox.NamedNode(f"{_ID}person/{_segment(name)}")
    out.add(node, _TYPE, _DC["Person"])
    out.add(node, _LABEL, ox.Literal(name))
    return node


def _agreement(out: _Emitter, fact: AgreementFact) -> list[ox.NamedNode]:
    node = _agreement_node(fact.id)
    made = [node]
    out.add(node, _TYPE, _DC["Agreement"])
    out.add(node, _DC["agreementKind"], _KIND[fact.kind])
    out.add(node, _LABEL, ox.Literal(fact.title) if fact.title else None)
    party, domain = _DC["party"], _DC["domain"]
    for actor in fact.parties:
        out.add(node, party, _actor(actor))
    for name in fact.domains:
        out.add(node, domain, _DOMAIN[name])
    for provision in fact.provisions:
        out.add(node, _DC["provision"], ox.Literal(provision, language="en"))
    out.add(node, _DC["replaces"], _agreement_node(fact.replaces) if fact.replaces else None)
    for event in fact.events:
        enode = _event(fact.id, event)
        made.append(enode)
        out.add(node, _DC["hasEvent"], enode)
        out.add(enode, _TYPE, _DC["LifeCycleEvent"])
        out.add(enode, _DC["eventType"], _EVENT[event.type])
        out.add(enode, _DC["eventOf"], node)
        out.date(enode, _DC["date"], event.date)
        out.add(enode, _DC["actingBody"], _actor(event.by) if event.by else None)
        out.add(enode, _DC["place"], ox.Literal(event.place) if event.place else None)
        for name in event.signatories:
            out.add(enode, _DC["signatory"], _person(out, name))
    for code in fact.obligations:
        out.add(node, _DC["obligation"], _PROVISION[code])
    made.extend(_alliance_member(out, node, fact.id, member) for member in fact.members)
    return made


def _alliance_member(out: _Emitter, agreement: ox.NamedNode, agreement_id: str, member: AllianceMember) -> ox.NamedNode:
    """One state's dated spell in an alliance, with the provisions it took on in that spell."""
    # start and end: a member may have two phases from one day
    span = "-".join(d.isoformat() if d else "open" for d in (member.start, member.end))
    node = ox.NamedNode(f"{_ID}agreement/{agreement_id}/member/{member.actor}-{span}")
    out.add(node, _TYPE, _DC["AllianceMembership"])
    out.add(node, _DC["member"], _actor(member.actor))
    out.add(node, _DC["memberOf"], agreement)
    out.date(node, _DC["startDate"], member.start)
    out.date(node, _DC["endDate"], member.end)
    for code in member.provisions:
        out.add(node, _DC["obligation"], _PROVISION[code])
    return node


def _membership(out: _Emitter, fact: MembershipFact) -> list[ox.NamedNode]:
    node = ox.NamedNode(f"{_ID}membership/{fact.member}-{fact.organisation}")
    out.add(node, _TYPE, _DC["Membership"])
    out.add(node, _DC["member"], _actor(fact.member))
    out.add(node, _DC["organisation"], _actor(fact.organisation))
    out.date(node, _DC["startDate"], fact.start)
    out.date(node, _DC["endDate"], fact.end)
    return [node]


def _office(out: _Emitter, fact: OfficeFact) -> list[ox.NamedNode]:
    node = ox.NamedNode(f"{_ID}office/{fact.state}-{fact.office}-{_segment(fact.person)}")
    out.add(node, _TYPE, _DC["OfficeHolding"])
    out.add(node, _DC["holder"], _person(out, fact.person))
    out.add(node, _DC["officeKind"], _OFFICE[fact.office])
    out.add(node, _DC["officeOf"], _actor(fact.state))
    out.add(node, _LABEL, ox.Literal(fact.title) if fact.title else None)
    out.date(node, _DC["startDate"], fact.start)
    out.date(node, _DC["endDate"], fact.end)
    return [node]


def _deployment(out: _Emitter, fact: DeploymentFact) -> list[ox.NamedNode]:
    who = fact.force or _segment(fact.role or "forces")
    node = ox.NamedNode(f"{_ID}deployment/{fact.sender or 'unknown'}-{fact.host}-{who}")
    out.add(node, _TYPE, _DC["Deployment"])
    out.add(node, _DC["sender"], _actor(fact.sender) if fact.sender else None)
    out.add(node, _DC["host"], _actor(fact.host))
    out.add(node, _DC["force"], _actor(fact.force) if fact.force else None)
    out.add(node, _DC["role"], _text(fact.role, "en") if fact.role else None)
    out.date(node, _DC["startDate"], fact.start)
    out.date(node, _DC["endDate"], fact.end)
    out.add(node, _COMMENT, _text(fact.description, "en") if fact.description else None)
    return [node]


def _observation(out: _Emitter, fact: ObservationFact) -> list[ox.NamedNode]:
    node = ox.NamedNode(f"{_ID}observation/{fact.subject}-{fact.topic}-{_digest({'d': fact.description})[:8]}")
    out.add(node, _TYPE, _DC["Observation"])
    out.add(node, _DC["subject"], _actor(fact.subject))
    out.add(node, _DC["topic"], _TOPIC[fact.topic])
    out.add(node, _DC["region"], _text(fact.region, "en") if fact.region else None)
    out.add(node, _COMMENT, _text(fact.description, "en"))
    for actor in fact.related:
        out.add(node, _DC["relatedActor"], _actor(actor))
    return [node]


_MAPPERS = {
    AgreementFact: _agreement,
    MembershipFact: _membership,
    OfficeFact: _office,
    DeploymentFact: _deployment,
    ObservationFact: _observation,
}


def fact_quads(fact: Fact) -> list[Quad]:
    """Map one fact record to quads in its source's graph, with the evidence that supports it."""
    out = _Emitter(_graph_node(fact.source))
    made = _MAPPERS[type(fact)](out, fact)  # type: ignore[operator]
    _evidence(out, fact, made)
    return out.quads


def bloc_iri(name: str) -> URIRef:
    """The node of one bloc of the bloc file: <.../id/bloc/NAME>."""
    return ID[f"bloc/{_segment(name)}"]


def _bloc(name: str) -> ox.NamedNode:
    return _node(f"{_ID}bloc/{_segment(name)}")


def bloc_quads(blocs: Iterable[Bloc]) -> list[Quad]:
    """Describe the bloc file's blocs in the gazetteer graph: labels, colour and order of precedence for the views."""
    out = _Emitter(_node(GAZETTEER_GRAPH))
    for bloc in blocs:
        node = _bloc(bloc.name)
        out.add(node, _TYPE, _DC["Bloc"])
        out.add(node, _LABEL, ox.Literal(bloc.label_en, language="en"))
        out.add(node, _LABEL, ox.Literal(bloc.label_fr, language="fr"))
        out.add(node, _SCHEMA["color"], ox.Literal(bloc.colour))
        out.add(node, _SCHEMA["position"], ox.Literal(str(bloc.position), datatype=_INTEGER))
    return out.quads


def actor_quads(actor: Actor, blocs: Iterable[str] = ()) -> list[Quad]:
    """Describe an actor from the gazetteer: class, names in English and French, codes, place."""
    out = _Emitter(_node(GAZETTEER_GRAPH))
    node = _actor(actor.id)
    out.add(node, _TYPE, _node(ACTOR_CLASSES.get(actor.kind, DCOOP.Actor)))
    out.add(node, _TYPE, _DC["Actor"])
    out.add(node, _LABEL, ox.Literal(actor.name_en, language="en"))
    out.add(node, _LABEL, ox.Literal(actor.name_fr, language="fr") if actor.name_fr else None)
    out.add(node, _DC["alpha2"], ox.Literal(actor.alpha2) if actor.alpha2 else None)
    out.add(node, _DC["alpha3"], ox.Literal(actor.alpha3) if actor.alpha3 else None)
    out.add(node, _DC["cowCode"], ox.Literal(str(actor.cow), datatype=_INTEGER) if actor.cow is not None else None)
    out.add(node, _node(OWL.sameAs), _node(WD[actor.wikidata]) if actor.wikidata else None)
    if actor.lat is not None and actor.lon is not None:
        out.add(node, _SCHEMA["latitude"], ox.Literal(f"{actor.lat:.4f}", datatype=_DECIMAL))
        out.add(node, _SCHEMA["longitude"], ox.Literal(f"{actor.lon:.4f}", datatype=_DECIMAL))
    out.add(node, _DC["partOf"], _actor(actor.country) if actor.country and actor.country != actor.id else None)
    for bloc in blocs:
        out.add(node, _DC["bloc"], _bloc(bloc))
    if actor.historical is not None:  # a state that no longer exists, and the states that took its place
        out.add(node, _DC["endYear"], ox.Literal(f"{actor.historical:04d}", datatype=_node(XSD.gYear)))
        for successor in actor.successors:
            out.add(node, _DC["successor"], _actor(successor))
    return out.quads


def referenced_actors(facts: Iterable[Fact]) -> set[str]:
    """Collect the ids of every actor the facts mention."""
    ids: set[str] = set()
    for fact in facts:
        if isinstance(fact, AgreementFact):
            ids.update(fact.parties)
            ids.update(e.by for e in fact.events if e.by)
        elif isinstance(fact, MembershipFact):
            ids.update((fact.member, fact.organisation))
        elif isinstance(fact, OfficeFact):
            ids.add(fact.state)
        elif isinstance(fact, DeploymentFact):
            ids.update(i for i in (fact.sender, fact.host, fact.force) if i)
        elif isinstance(fact, ObservationFact):
            ids.add(fact.subject)
            ids.update(fact.related)
    return ids


def gazetteer_quads(facts: Iterable[Fact], gazetteer: Gazetteer, bloc_list: list[Bloc] | None = None) -> list[Quad]:
    """The gazetteer graph: the blocs, and the actors the facts mention with the states they belong to."""
    blocs = actor_blocs(bloc_list or [])
    ids = referenced_actors(facts)
    ids.update(a.country for i in list(ids) if (a := gazetteer.get(i)) and a.country)
    successors = [s for i in ids if (a := gazetteer.get(i)) for s in a.successors]
    while successors:  # a historical state's successors get nodes too: USSR -> Russia, Yugoslavia -> ... -> Serbia
        ids.add(found := successors.pop())
        later = gazetteer.get(found)
        successors.extend(s for s in (later.successors if later else ()) if s not in ids)
    quads: list[Quad] = bloc_quads(bloc_list or [])
    for actor_id in sorted(ids):
        actor = gazetteer.get(actor_id)
        if actor is not None:
            quads.extend(actor_quads(actor, blocs.get(actor_id, ())))
    return quads


def dataset_quads(sources: Iterable[Source], facts: list[Fact], gazetteer: Gazetteer,
                  bloc_list: list[Bloc] | None = None) -> Iterator[Quad]:
    """Map a whole data set: sources, facts, the actors they mention (with their states) and the blocs."""
    for source in sorted(sources, key=lambda s: s.id):
        yield from source_quads(source)
    for fact in facts:
        yield from fact_quads(fact)
    yield from gazetteer_quads(facts, gazetteer, bloc_list)
