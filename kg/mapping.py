"""The one place that knows the ontology's shape: fact records in, RDF quads out."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict

from rdflib import Literal, URIRef
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

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]

GAZETTEER_GRAPH = ID["graph/gazetteer"]
_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


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
    parts = [event.type, event.date.isoformat() if event.date else "undated"]
    if event.by:
        parts.append(event.by)
    return ID[f"agreement/{agreement_id}/event/{'-'.join(parts)}"]


def date_literal(date: PartialDate) -> Literal:
    """Type a date by its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    return Literal(date.isoformat(), datatype=_DATE_TYPES[date.precision])


def _digest(value: object) -> str:
    data = asdict(value) if not isinstance(value, dict) else value  # type: ignore[call-overload]
    data.pop("origin", None)
    return hashlib.sha1(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:12]


class _Emitter:
    """Collects the quads of one graph, skipping absent values so callers stay flat."""

    def __init__(self, graph: URIRef) -> None:
        self.graph = graph
        self.quads: list[Quad] = []

    def add(self, subject: URIRef, predicate: URIRef, obj: URIRef | Literal | None) -> None:
        if obj is not None:
            self.quads.append((subject, predicate, obj, self.graph))

    def date(self, subject: URIRef, predicate: URIRef, date: PartialDate | None) -> None:
        if date is not None:
            self.add(subject, predicate, date_literal(date))


def source_quads(source: Source) -> list[Quad]:
    """Describe a source document (PROV) inside its own named graph."""
    out = _Emitter(graph_iri(source.id))
    node = source_iri(source.id)
    out.add(out.graph, PROV.wasDerivedFrom, node)
    out.add(node, RDF.type, DCOOP.SourceDocument)
    out.add(node, RDF.type, PROV.Entity)
    out.add(node, RDFS.label, Literal(source.title or source.id))
    if source.title:
        out.add(node, DCTERMS.title, Literal(source.title, lang=source.language) if source.language else Literal(source.title))
    out.add(node, DCTERMS.publisher, Literal(source.publisher) if source.publisher else None)
    out.date(node, DCTERMS.issued, source.published)
    out.add(node, DCTERMS.language, Literal(source.language) if source.language else None)
    out.add(node, SCHEMA.url, URIRef(source.url) if source.url else None)
    out.add(node, DCTERMS.creator, Literal(source.author) if source.author else None)
    out.add(node, RDFS.comment, Literal(source.note, lang="en") if source.note else None)
    return out.quads


def _evidence(out: _Emitter, fact: Fact, supported: Iterable[URIRef]) -> None:
    node = ID[f"evidence/{fact.source}/{_digest(fact)}"]
    out.add(node, RDF.type, DCOOP.Evidence)
    out.add(node, RDF.type, PROV.Entity)
    out.add(node, PROV.wasDerivedFrom, source_iri(fact.source))
    for target in supported:
        out.add(node, DCOOP.supports, target)
    ev = fact.evidence
    out.add(node, PROV.value, Literal(ev.quote) if ev.quote else None)
    out.add(node, DCOOP.startOffset, Literal(ev.start, datatype=XSD.integer) if ev.start is not None else None)
    out.add(node, DCOOP.endOffset, Literal(ev.end, datatype=XSD.integer) if ev.end is not None else None)
    if ev.confidence is not None:
        out.add(node, DCOOP.confidence, Literal(f"{ev.confidence:.2f}", datatype=XSD.decimal))
    out.add(node, RDFS.comment, Literal(ev.note, lang="en") if ev.note else None)


def _person(out: _Emitter, name: str) -> URIRef:
    node = person_iri(name)
    out.add(node, RDF.type, DCOOP.Person)
    out.add(node, RDFS.label, Literal(name))
    return node


def _agreement(out: _Emitter, fact: AgreementFact) -> list[URIRef]:
    node = agreement_iri(fact.id)
    made = [node]
    out.add(node, RDF.type, DCOOP.Agreement)
    out.add(node, DCOOP.agreementKind, KIND[fact.kind])
    out.add(node, RDFS.label, Literal(fact.title) if fact.title else None)
    for party in fact.parties:
        out.add(node, DCOOP.party, actor_iri(party))
    for domain in fact.domains:
        out.add(node, DCOOP.domain, DOMAIN[domain])
    for provision in fact.provisions:
        out.add(node, DCOOP.provision, Literal(provision, lang="en"))
    out.add(node, DCOOP.replaces, agreement_iri(fact.replaces) if fact.replaces else None)
    for event in fact.events:
        enode = event_iri(fact.id, event)
        made.append(enode)
        out.add(node, DCOOP.hasEvent, enode)
        out.add(enode, RDF.type, DCOOP.LifeCycleEvent)
        out.add(enode, DCOOP.eventType, EVENT[event.type])
        out.add(enode, DCOOP.eventOf, node)
        out.date(enode, DCOOP.date, event.date)
        out.add(enode, DCOOP.actingBody, actor_iri(event.by) if event.by else None)
        out.add(enode, DCOOP.place, Literal(event.place) if event.place else None)
        for name in event.signatories:
            out.add(enode, DCOOP.signatory, _person(out, name))
    for code in fact.obligations:
        out.add(node, DCOOP.obligation, PROVISION[code])
    made.extend(_alliance_member(out, node, fact.id, member) for member in fact.members)
    return made


def _alliance_member(out: _Emitter, agreement: URIRef, agreement_id: str, member: AllianceMember) -> URIRef:
    """One state's dated spell in an alliance, with the provisions it took on in that spell."""
    # start and end: a member may have two phases from one day
    span = "-".join(d.isoformat() if d else "open" for d in (member.start, member.end))
    node = ID[f"agreement/{agreement_id}/member/{member.actor}-{span}"]
    out.add(node, RDF.type, DCOOP.AllianceMembership)
    out.add(node, DCOOP.member, actor_iri(member.actor))
    out.add(node, DCOOP.memberOf, agreement)
    out.date(node, DCOOP.startDate, member.start)
    out.date(node, DCOOP.endDate, member.end)
    for code in member.provisions:
        out.add(node, DCOOP.obligation, PROVISION[code])
    return node


def _membership(out: _Emitter, fact: MembershipFact) -> list[URIRef]:
    node = ID[f"membership/{fact.member}-{fact.organisation}"]
    out.add(node, RDF.type, DCOOP.Membership)
    out.add(node, DCOOP.member, actor_iri(fact.member))
    out.add(node, DCOOP.organisation, actor_iri(fact.organisation))
    out.date(node, DCOOP.startDate, fact.start)
    out.date(node, DCOOP.endDate, fact.end)
    return [node]


def _office(out: _Emitter, fact: OfficeFact) -> list[URIRef]:
    node = ID[f"office/{fact.state}-{fact.office}-{_segment(fact.person)}"]
    out.add(node, RDF.type, DCOOP.OfficeHolding)
    out.add(node, DCOOP.holder, _person(out, fact.person))
    out.add(node, DCOOP.officeKind, OFFICE[fact.office])
    out.add(node, DCOOP.officeOf, actor_iri(fact.state))
    out.add(node, RDFS.label, Literal(fact.title) if fact.title else None)
    out.date(node, DCOOP.startDate, fact.start)
    out.date(node, DCOOP.endDate, fact.end)
    return [node]


def _deployment(out: _Emitter, fact: DeploymentFact) -> list[URIRef]:
    who = fact.force or _segment(fact.role or "forces")
    node = ID[f"deployment/{fact.sender or 'unknown'}-{fact.host}-{who}"]
    out.add(node, RDF.type, DCOOP.Deployment)
    out.add(node, DCOOP.sender, actor_iri(fact.sender) if fact.sender else None)
    out.add(node, DCOOP.host, actor_iri(fact.host))
    out.add(node, DCOOP.force, actor_iri(fact.force) if fact.force else None)
    out.add(node, DCOOP.role, Literal(fact.role, lang="en") if fact.role else None)
    out.date(node, DCOOP.startDate, fact.start)
    out.date(node, DCOOP.endDate, fact.end)
    out.add(node, RDFS.comment, Literal(fact.description, lang="en") if fact.description else None)
    return [node]


def _observation(out: _Emitter, fact: ObservationFact) -> list[URIRef]:
    node = ID[f"observation/{fact.subject}-{fact.topic}-{_digest({'d': fact.description})[:8]}"]
    out.add(node, RDF.type, DCOOP.Observation)
    out.add(node, DCOOP.subject, actor_iri(fact.subject))
    out.add(node, DCOOP.topic, TOPIC[fact.topic])
    out.add(node, DCOOP.region, Literal(fact.region, lang="en") if fact.region else None)
    out.add(node, RDFS.comment, Literal(fact.description, lang="en"))
    for actor in fact.related:
        out.add(node, DCOOP.relatedActor, actor_iri(actor))
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
    out = _Emitter(graph_iri(fact.source))
    made = _MAPPERS[type(fact)](out, fact)  # type: ignore[operator]
    _evidence(out, fact, made)
    return out.quads


def bloc_iri(name: str) -> URIRef:
    """The node of one bloc of the bloc file: <.../id/bloc/NAME>."""
    return ID[f"bloc/{_segment(name)}"]


def bloc_quads(blocs: Iterable[Bloc]) -> list[Quad]:
    """Describe the bloc file's blocs in the gazetteer graph: labels, colour and order of precedence for the views."""
    out = _Emitter(GAZETTEER_GRAPH)
    for bloc in blocs:
        node = bloc_iri(bloc.name)
        out.add(node, RDF.type, DCOOP.Bloc)
        out.add(node, RDFS.label, Literal(bloc.label_en, lang="en"))
        out.add(node, RDFS.label, Literal(bloc.label_fr, lang="fr"))
        out.add(node, SCHEMA.color, Literal(bloc.colour))
        out.add(node, SCHEMA.position, Literal(bloc.position, datatype=XSD.integer))
    return out.quads


def actor_quads(actor: Actor, blocs: Iterable[str] = ()) -> list[Quad]:
    """Describe an actor from the gazetteer: class, names in English and French, codes, place."""
    out = _Emitter(GAZETTEER_GRAPH)
    node = actor_iri(actor.id)
    out.add(node, RDF.type, ACTOR_CLASSES.get(actor.kind, DCOOP.Actor))
    out.add(node, RDF.type, DCOOP.Actor)
    out.add(node, RDFS.label, Literal(actor.name_en, lang="en"))
    out.add(node, RDFS.label, Literal(actor.name_fr, lang="fr") if actor.name_fr else None)
    out.add(node, DCOOP.alpha2, Literal(actor.alpha2) if actor.alpha2 else None)
    out.add(node, DCOOP.alpha3, Literal(actor.alpha3) if actor.alpha3 else None)
    out.add(node, DCOOP.cowCode, Literal(actor.cow, datatype=XSD.integer) if actor.cow is not None else None)
    out.add(node, OWL.sameAs, WD[actor.wikidata] if actor.wikidata else None)
    if actor.lat is not None and actor.lon is not None:
        out.add(node, SCHEMA.latitude, Literal(f"{actor.lat:.4f}", datatype=XSD.decimal))
        out.add(node, SCHEMA.longitude, Literal(f"{actor.lon:.4f}", datatype=XSD.decimal))
    out.add(node, DCOOP.partOf, actor_iri(actor.country) if actor.country and actor.country != actor.id else None)
    for bloc in blocs:
        out.add(node, DCOOP.bloc, bloc_iri(bloc))
    if actor.historical is not None:  # a state that no longer exists, and the states that took its place
        out.add(node, DCOOP.endYear, Literal(f"{actor.historical:04d}", datatype=XSD.gYear))
        for successor in actor.successors:
            out.add(node, DCOOP.successor, actor_iri(successor))
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


def dataset_quads(sources: Iterable[Source], facts: list[Fact], gazetteer: Gazetteer,
                  bloc_list: list[Bloc] | None = None) -> Iterator[Quad]:
    """Map a whole data set: sources, facts, the actors they mention (with their states) and the blocs."""
    blocs = actor_blocs(bloc_list or [])
    yield from bloc_quads(bloc_list or [])
    for source in sorted(sources, key=lambda s: s.id):
        yield from source_quads(source)
    for fact in facts:
        yield from fact_quads(fact)
    ids = referenced_actors(facts)
    ids.update(a.country for i in list(ids) if (a := gazetteer.get(i)) and a.country)
    successors = [s for i in ids if (a := gazetteer.get(i)) for s in a.successors]
    while successors:  # a historical state's successors get nodes too: USSR -> Russia, Yugoslavia -> ... -> Serbia
        ids.add(found := successors.pop())
        later = gazetteer.get(found)
        successors.extend(s for s in (later.successors if later else ()) if s not in ids)
    for actor_id in sorted(ids):
        actor = gazetteer.get(actor_id)
        if actor is not None:
            yield from actor_quads(actor, blocs.get(actor_id, ()))
