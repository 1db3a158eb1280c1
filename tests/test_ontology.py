"""The ontology and the SHACL shapes: in step with kg/vocab.py and docs/model.md, and working."""

from __future__ import annotations

import re
from pathlib import Path

import owlrl
import pytest
import rdflib.namespace
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg import vocab
from kg.vocab import DCOOP, DOMAIN, EVENT, ID, KIND, OFFICE, PROVISION, SCHEMA, TOPIC

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontologies" / "defcoop.ttl"
SHAPES_FILE = ROOT / "ontologies" / "shapes.ttl"
MODEL_DOC = ROOT / "docs" / "model.md"

SH = Namespace("http://www.w3.org/ns/shacl#")
# an open copy: pytest's collection probes module attributes, which the closed XSD namespace warns about
XSD = Namespace(str(rdflib.namespace.XSD))
ONTOLOGY = URIRef(vocab.ONTOLOGY_IRI)

# code set in kg/vocab.py -> (concept scheme, concept namespace)
SCHEMES = {
    "AGREEMENT_KINDS": (DCOOP.AgreementKinds, KIND),
    "DOMAINS": (DCOOP.CooperationDomains, DOMAIN),
    "EVENT_TYPES": (DCOOP.EventTypes, EVENT),
    "OBSERVATION_TOPICS": (DCOOP.ObservationTopics, TOPIC),
    "OFFICE_KINDS": (DCOOP.OfficeKinds, OFFICE),
    "ALLIANCE_PROVISIONS": (DCOOP.AllianceProvisions, PROVISION),
}
# the life cycle, in order; denied stands apart with order 0
LIFE_CYCLE = ["announced", "negotiated", "signed", "approved", "ratified", "in-force", "suspended", "ended"]

TERM_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    SKOS.ConceptScheme,
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def langs(graph: Graph, subject, predicate) -> set[str | None]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def declared_terms(graph: Graph) -> set[URIRef]:
    return {
        s
        for t in TERM_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(DCOOP))
    }


def concepts(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef)}


# ---------------------------------------------------------------- the ontology itself


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert {"en", "fr"} <= langs(ontology, ONTOLOGY, DCTERMS.title)
    assert ontology.value(ONTOLOGY, DCTERMS.description) is not None
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


@pytest.mark.parametrize("code_set", sorted(SCHEMES))
def test_vocab_codes_equal_scheme_concepts(ontology: Graph, code_set: str) -> None:
    scheme, namespace = SCHEMES[code_set]
    codes: frozenset[str] = getattr(vocab, code_set)
    in_scheme = set(ontology.subjects(SKOS.inScheme, scheme))
    assert in_scheme == {namespace[c] for c in codes}
    assert set(ontology.objects(scheme, SKOS.hasTopConcept)) == in_scheme
    for concept in in_scheme:
        assert (concept, RDF.type, SKOS.Concept) in ontology
        assert (concept, SKOS.topConceptOf, scheme) in ontology or ontology.value(concept, SKOS.broader)
        assert str(ontology.value(concept, SKOS.notation)) == str(concept)[len(str(namespace)):]


def test_no_stray_concepts(ontology: Graph) -> None:
    all_codes = {namespace[c] for name, (_, namespace) in SCHEMES.items() for c in getattr(vocab, name)}
    assert concepts(ontology) == all_codes


def test_every_term_has_bilingual_labels_and_definition(ontology: Graph) -> None:
    terms = declared_terms(ontology)
    assert len(terms) > 40
    missing = []
    for term in sorted(terms):
        if not {"en", "fr"} <= langs(ontology, term, RDFS.label):
            missing.append(f"{term}: rdfs:label @en and @fr")
        if "en" not in langs(ontology, term, SKOS.definition):
            missing.append(f"{term}: skos:definition @en")
    for concept in sorted(concepts(ontology)):
        if not {"en", "fr"} <= langs(ontology, concept, SKOS.prefLabel):
            missing.append(f"{concept}: skos:prefLabel @en and @fr")
        if "en" not in langs(ontology, concept, SKOS.definition):
            missing.append(f"{concept}: skos:definition @en")
    assert not missing, "\n".join(missing)


def test_one_label_per_language(ontology: Graph) -> None:
    for term in declared_terms(ontology) | concepts(ontology):
        for predicate in (RDFS.label, SKOS.prefLabel):
            tags = [o.language for o in ontology.objects(term, predicate)]
            assert len(tags) == len(set(tags)), f"{term} has two {predicate} in one language"


def test_classes_and_properties_requested(ontology: Graph) -> None:
    classes = {
        "Actor", "State", "InternationalOrganisation", "ArmedGroup", "PrivateMilitaryCompany",
        "Person", "Body", "LegislativeBody", "ExecutiveBody", "Agreement", "LifeCycleEvent",
        "Membership", "OfficeHolding", "Deployment", "Observation", "SourceDocument", "Evidence", "Bloc",
    }
    for name in classes:
        assert (DCOOP[name], RDF.type, OWL.Class) in ontology, name
    properties = (
        "party agreementKind domain provision replaces hasEvent eventOf eventType date actingBody place "
        "signatory member organisation startDate endDate holder officeKind officeOf sender host force role "
        "subject topic region relatedActor supports startOffset endOffset confidence alpha2 alpha3 cowCode "
        "partOf bloc"
    ).split()
    for name in properties:
        kinds = set(ontology.objects(DCOOP[name], RDF.type))
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, name
        assert ontology.value(DCOOP[name], RDFS.domain) is not None, f"{name} has no rdfs:domain"
    # Blocs are the analyst's data (the bloc file), not individuals of the ontology.
    assert (DCOOP.Bloc, RDF.type, OWL.Class) in ontology and not list(ontology.subjects(RDF.type, DCOOP.Bloc))
    for actor_class in vocab.ACTOR_CLASSES.values():
        assert (actor_class, RDFS.subClassOf, DCOOP.Actor) in ontology or actor_class == DCOOP.PrivateMilitaryCompany
    assert (DCOOP.eventOf, OWL.inverseOf, DCOOP.hasEvent) in ontology


def test_alignments(ontology: Graph) -> None:
    expected = [
        (DCOOP.Actor, PROV.Agent),
        (DCOOP.Person, PROV.Person),
        (DCOOP.Person, SCHEMA.Person),
        (DCOOP.Agreement, PROV.Entity),
        (DCOOP.LifeCycleEvent, PROV.Activity),
        (DCOOP.SourceDocument, PROV.Entity),
        (DCOOP.SourceDocument, SCHEMA.CreativeWork),
        (DCOOP.Evidence, PROV.Entity),
        (DCOOP.PrivateMilitaryCompany, DCOOP.ArmedGroup),
        (DCOOP.LegislativeBody, DCOOP.Body),
        (DCOOP.ExecutiveBody, DCOOP.Body),
    ]
    for sub, sup in expected:
        assert (sub, RDFS.subClassOf, sup) in ontology, f"{sub} should be a subclass of {sup}"


def _union_members(graph: Graph, node) -> set:
    union = graph.value(node, OWL.unionOf)
    assert union is not None, f"{node} is not an owl:unionOf"
    return set(Collection(graph, union))


def test_dates_are_a_union_of_date_precisions(ontology: Graph) -> None:
    for prop in (DCOOP.date, DCOOP.startDate, DCOOP.endDate):
        rng = ontology.value(prop, RDFS.range)
        assert (rng, RDF.type, RDFS.Datatype) in ontology
        assert _union_members(ontology, rng) == {XSD.date, XSD.gYearMonth, XSD.gYear}
    for prop in (DCOOP.startDate, DCOOP.endDate):
        domain = ontology.value(prop, RDFS.domain)
        assert _union_members(ontology, domain) == {DCOOP.Membership, DCOOP.OfficeHolding, DCOOP.Deployment}


def test_life_cycle_order(ontology: Graph) -> None:
    assert (DCOOP.lifeCycleOrder, RDF.type, OWL.AnnotationProperty) in ontology
    order = {
        str(c)[len(str(EVENT)):]: ontology.value(c, DCOOP.lifeCycleOrder).toPython()
        for c in ontology.subjects(SKOS.inScheme, DCOOP.EventTypes)
    }
    assert sorted((n, code) for code, n in order.items() if code != "denied") == list(enumerate(LIFE_CYCLE, 1))
    assert order["denied"] == 0
    assert ontology.value(DCOOP.EventTypes, SKOS.note) is not None


def test_every_dcoop_term_in_model_doc_is_declared(ontology: Graph) -> None:
    used = set(re.findall(r"dcoop:([A-Za-z][A-Za-z0-9]*)", MODEL_DOC.read_text(encoding="utf-8")))
    assert len(used) > 30
    declared = {str(t)[len(str(DCOOP)):] for t in declared_terms(ontology)}
    assert sorted(used - declared) == []


def test_every_concept_prefix_in_model_doc_resolves(ontology: Graph) -> None:
    # docs/model.md writes kind:<k>, event:<t>, ... as placeholders; the namespaces must hold concepts
    namespaces = {str(ns) for _, ns in SCHEMES.values()}
    used = {str(c)[: str(c).rfind("/") + 1] for c in concepts(ontology)}
    assert used == namespaces


# ---------------------------------------------------------------- the shapes


def test_every_shape_speaks_to_the_analyst(shapes: Graph) -> None:
    # exactly one English sh:message per property shape, so a report reading one
    # sh:resultMessage per result is deterministic
    property_shapes = set(shapes.objects(None, SH.property))
    assert property_shapes and set(shapes.subjects(RDF.type, SH.NodeShape))
    for shape in property_shapes:
        messages = list(shapes.objects(shape, SH.message))
        assert len(messages) == 1 and messages[0].language == "en", f"{shape}: {messages}"


@pytest.mark.parametrize("code_set,path", [
    ("AGREEMENT_KINDS", DCOOP.agreementKind),
    ("DOMAINS", DCOOP.domain),
    ("EVENT_TYPES", DCOOP.eventType),
    ("OBSERVATION_TOPICS", DCOOP.topic),
    ("OFFICE_KINDS", DCOOP.officeKind),
    ("ALLIANCE_PROVISIONS", DCOOP.obligation),
])
def test_shape_code_lists_match_vocab(shapes: Graph, code_set: str, path: URIRef) -> None:
    _, namespace = SCHEMES[code_set]
    lists = [shapes.value(s, SH["in"]) for s in shapes.subjects(SH.path, path) if shapes.value(s, SH["in"])]
    assert len(lists) == 1
    assert set(Collection(shapes, lists[0])) == {namespace[c] for c in getattr(vocab, code_set)}


def _build_conforming() -> Graph:
    """A small graph as kg/mapping.py writes it (docs/model.md), source graph plus gazetteer."""
    g = Graph()
    rus, tgo, mli = ID["actor/RUS"], ID["actor/TGO"], ID["actor/MLI"]
    duma, aes, africa_corps = ID["actor/RUS-STATE-DUMA"], ID["actor/AES"], ID["actor/AFRICA-CORPS"]
    # gazetteer
    for actor, cls, en, fr in [
        (rus, DCOOP.State, "Russia", "Russie"),
        (tgo, DCOOP.State, "Togo", "Togo"),
        (mli, DCOOP.State, "Mali", "Mali"),
        (duma, DCOOP.Body, "State Duma", "Douma d'État"),
        (aes, DCOOP.InternationalOrganisation, "Alliance of Sahel States", "Alliance des États du Sahel"),
        (africa_corps, DCOOP.PrivateMilitaryCompany, "Africa Corps", "Africa Corps"),
    ]:
        g.add((actor, RDF.type, cls))
        g.add((actor, RDFS.label, Literal(en, lang="en")))
        g.add((actor, RDFS.label, Literal(fr, lang="fr")))
    for actor, a2, a3, cow in [(rus, "RU", "RUS", 365), (tgo, "TG", "TGO", 461), (mli, "ML", "MLI", 432)]:
        g.add((actor, DCOOP.alpha2, Literal(a2)))
        g.add((actor, DCOOP.alpha3, Literal(a3)))
        g.add((actor, DCOOP.cowCode, Literal(cow, datatype=XSD.integer)))
    g.add((rus, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q159")))
    g.add((rus, DCOOP.bloc, ID["bloc/russia-led"]))
    g.add((ID["bloc/russia-led"], RDF.type, DCOOP.Bloc))
    g.add((duma, DCOOP.partOf, rus))
    g.add((africa_corps, DCOOP.partOf, rus))  # the gazetteer's "country" of a PMC: the state behind it

    # source
    source = ID["source/kommersant-8099046"]
    g.add((source, RDF.type, DCOOP.SourceDocument))
    g.add((source, RDF.type, PROV.Entity))
    g.add((source, DCTERMS.title, Literal("Госдума ратифицировала соглашение о военном сотрудничестве с Того")))
    g.add((source, DCTERMS.publisher, Literal("Kommersant")))
    g.add((source, DCTERMS.issued, Literal("2025-10-08", datatype=XSD.date)))
    g.add((source, DCTERMS.language, Literal("ru")))
    g.add((source, SCHEMA.url, URIRef("https://www.kommersant.ru/doc/8099046")))
    g.add((ID["graph/kommersant-8099046"], PROV.wasDerivedFrom, source))

    # agreement and its events
    agreement = ID["agreement/rus-tgo-military-cooperation-2025"]
    ratified = ID["agreement/rus-tgo-military-cooperation-2025/event/ratified-2025-10-07-RUS-STATE-DUMA"]
    signed = ID["agreement/rus-tgo-military-cooperation-2025/event/signed-2025-06"]
    g.add((agreement, RDF.type, DCOOP.Agreement))
    g.add((agreement, DCOOP.agreementKind, KIND["military-cooperation"]))
    g.add((agreement, DCOOP.party, rus))
    g.add((agreement, DCOOP.party, tgo))
    g.add((agreement, DCOOP.domain, DOMAIN.training))
    g.add((agreement, DCOOP.provision, Literal("joint exercises", lang="en")))
    g.add((agreement, RDFS.label, Literal("Agreement on military cooperation")))
    g.add((agreement, DCOOP.replaces, ID["agreement/rus-tgo-military-technical-cooperation-2021"]))
    for event, kind, date in [
        (ratified, "ratified", Literal("2025-10-07", datatype=XSD.date)),
        (signed, "signed", Literal("2025-06", datatype=XSD.gYearMonth)),
    ]:
        g.add((agreement, DCOOP.hasEvent, event))
        g.add((event, RDF.type, DCOOP.LifeCycleEvent))
        g.add((event, DCOOP.eventType, EVENT[kind]))
        g.add((event, DCOOP.eventOf, agreement))
        g.add((event, DCOOP.date, date))
    g.add((ratified, DCOOP.actingBody, duma))
    g.add((signed, DCOOP.place, Literal("Moscow")))
    person = ID["person/faure-gnassingbe"]
    g.add((person, RDF.type, DCOOP.Person))
    g.add((person, RDFS.label, Literal("Faure Gnassingbé")))
    g.add((signed, DCOOP.signatory, person))

    # membership, office, deployment, observation
    membership = ID["membership/MLI-AES"]
    g.add((membership, RDF.type, DCOOP.Membership))
    g.add((membership, DCOOP.member, mli))
    g.add((membership, DCOOP.organisation, aes))
    g.add((membership, DCOOP.startDate, Literal("2023", datatype=XSD.gYear)))
    office = ID["office/TGO-head-of-state-faure-gnassingbe"]
    g.add((office, RDF.type, DCOOP.OfficeHolding))
    g.add((office, DCOOP.holder, person))
    g.add((office, DCOOP.officeKind, OFFICE["head-of-state"]))
    g.add((office, DCOOP.officeOf, tgo))
    g.add((office, RDFS.label, Literal("President of the Republic")))
    g.add((office, DCOOP.startDate, Literal("2005-05", datatype=XSD.gYearMonth)))
    g.add((office, DCOOP.endDate, Literal("2025-05-03", datatype=XSD.date)))
    deployment = ID["deployment/RUS-MLI-AFRICA-CORPS"]
    g.add((deployment, RDF.type, DCOOP.Deployment))
    g.add((deployment, DCOOP.sender, rus))
    g.add((deployment, DCOOP.host, mli))
    g.add((deployment, DCOOP.force, africa_corps))
    g.add((deployment, DCOOP.role, Literal("instructors", lang="en")))
    g.add((deployment, DCOOP.startDate, Literal("2025-06", datatype=XSD.gYearMonth)))
    g.add((deployment, RDFS.comment, Literal("Africa Corps replaces Wagner in Mali", lang="en")))
    observation = ID["observation/TGO-foreign-policy-stance-1a2b3c"]
    g.add((observation, RDF.type, DCOOP.Observation))
    g.add((observation, DCOOP.subject, tgo))
    g.add((observation, DCOOP.topic, TOPIC["foreign-policy-stance"]))
    g.add((observation, DCOOP.region, Literal("Savanes", lang="en")))
    g.add((observation, RDFS.comment, Literal("Togo balances between Russia and France", lang="en")))
    g.add((observation, DCOOP.relatedActor, rus))

    # evidence, one per fact record
    for n, supported in enumerate([(agreement, ratified, signed), (membership,), (office,), (deployment,), (observation,)]):
        evidence = ID[f"evidence/kommersant-8099046/{n:04x}"]
        g.add((evidence, RDF.type, DCOOP.Evidence))
        g.add((evidence, RDF.type, PROV.Entity))
        for node in supported:
            g.add((evidence, DCOOP.supports, node))
        g.add((evidence, PROV.value, Literal("Госдума ратифицировала соглашение")))
        g.add((evidence, DCOOP.startOffset, Literal(10 * n, datatype=XSD.integer)))
        g.add((evidence, DCOOP.endOffset, Literal(10 * n + 42, datatype=XSD.integer)))
        g.add((evidence, DCOOP.confidence, Literal("0.9", datatype=XSD.decimal)))
        g.add((evidence, PROV.wasDerivedFrom, source))
    return g


AGREEMENT = ID["agreement/rus-tgo-military-cooperation-2025"]
RATIFIED = ID["agreement/rus-tgo-military-cooperation-2025/event/ratified-2025-10-07-RUS-STATE-DUMA"]
EVIDENCE = ID["evidence/kommersant-8099046/0000"]


def _messages(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, set[str], str]:
    conforms, results_graph, results_text = validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none"
    )
    results = list(results_graph.subjects(RDF.type, SH.ValidationResult))
    messages = [str(m) for r in results for m in results_graph.objects(r, SH.resultMessage)]
    assert len(messages) == len(results), "every result must carry exactly one message"
    return conforms, set(messages), results_text


def test_conforming_graph_conforms(shapes: Graph, ontology: Graph) -> None:
    conforms, messages, text = _messages(_build_conforming(), shapes, ontology)
    assert conforms, text


def test_validation_works_without_the_ontology(shapes: Graph) -> None:
    # sh:in on concept IRIs: code lists are checked even when the ontology is not loaded
    g = _build_conforming()
    conforms, _, text = validate(g, shacl_graph=shapes, inference="none")
    assert conforms, text


def test_each_named_graph_validates_on_its_own(shapes: Graph, ontology: Graph) -> None:
    # the build keeps the gazetteer and each source in separate named graphs; a validator may
    # check them one at a time, so no shape may need a triple from another graph
    whole = _build_conforming()
    gazetteer, source = Graph(), Graph()
    for triple in whole:
        in_gazetteer = str(triple[0]).startswith((str(ID["actor/"]), str(ID["bloc/"])))  # the graph blocs go in too
        (gazetteer if in_gazetteer else source).add(triple)
    for part in (gazetteer, source):
        conforms, _, text = validate(part, shacl_graph=shapes, ont_graph=ontology, inference="none")
        assert conforms, text


OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
OWLRL_ERROR_TEXT = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")


def _owlrl_errors(data: Graph, ontology: Graph) -> list[str]:
    g = Graph()
    for triple in data:
        g.add(triple)
    for triple in ontology:
        g.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return [str(g.value(e, OWLRL_ERROR_TEXT)) for e in g.subjects(RDF.type, OWLRL_ERROR)]


def test_sample_graph_is_consistent_with_the_ontology(ontology: Graph) -> None:
    # domains, ranges and disjointness axioms agree with what the mapping emits
    assert _owlrl_errors(_build_conforming(), ontology) == []
    clash = _build_conforming()
    clash.add((ID["actor/RUS"], RDF.type, DCOOP.Person))
    assert any("Disjoint classes" in e for e in _owlrl_errors(clash, ontology))


def _replace(g: Graph, s, p, o) -> Graph:
    g.remove((s, p, None))
    if o is not None:
        g.add((s, p, o))
    return g


BREAKAGES = {
    "agreement with one party": (
        lambda g: _replace(g, AGREEMENT, DCOOP.party, ID["actor/RUS"]),
        "An agreement needs at least two parties",
    ),
    "party given as text": (
        lambda g: g.add((AGREEMENT, DCOOP.party, Literal("Burkina Faso"))),
        "An agreement's party must be an actor IRI from the gazetteer, not text",
    ),
    "agreement with two kinds": (
        lambda g: g.add((AGREEMENT, DCOOP.agreementKind, KIND["defence-partnership"])),
        "An agreement needs exactly one kind; several kinds mean its sources disagree",
    ),
    "unknown agreement kind": (
        lambda g: _replace(g, AGREEMENT, DCOOP.agreementKind, KIND["alliance"]),
        "An agreement's kind must be one of the agreement-kind codes (military-cooperation, defence-partnership, ...)",
    ),
    "unknown domain": (
        lambda g: g.add((AGREEMENT, DCOOP.domain, DOMAIN["space"])),
        "An agreement's cooperation domain must be one of the domain codes (training, intelligence, arms-supply, ...)",
    ),
    "event date typed as a string": (
        lambda g: _replace(g, RATIFIED, DCOOP.date, Literal("2025-13-45", datatype=XSD.string)),
        "An event's date must be a real day, month or year typed xsd:date, xsd:gYearMonth or xsd:gYear",
    ),
    "event date as plain text": (
        lambda g: _replace(g, RATIFIED, DCOOP.date, Literal("7 October 2025")),
        "An event's date must be a real day, month or year typed xsd:date, xsd:gYearMonth or xsd:gYear",
    ),
    "event date that is not a real day": (
        lambda g: _replace(g, RATIFIED, DCOOP.date, Literal("2025-13-45", datatype=XSD.date)),
        "An event's date must be a real day, month or year typed xsd:date, xsd:gYearMonth or xsd:gYear",
    ),
    "event date with a time": (
        lambda g: _replace(g, RATIFIED, DCOOP.date, Literal("2025-10-07T12:00:00", datatype=XSD.dateTime)),
        "An event's date must be a real day, month or year typed xsd:date, xsd:gYearMonth or xsd:gYear",
    ),
    "event with two dates": (
        lambda g: g.add((RATIFIED, DCOOP.date, Literal("2025-10-08", datatype=XSD.date))),
        "An event has at most one date; a source giving another date makes another event",
    ),
    "event without a type": (
        lambda g: _replace(g, RATIFIED, DCOOP.eventType, None),
        "An event needs exactly one event type",
    ),
    "unknown event type": (
        lambda g: _replace(g, RATIFIED, DCOOP.eventType, EVENT["vetoed"]),
        "An event's type must be one of the event-type codes (announced, negotiated, signed, approved, ratified, in-force, suspended, ended, denied)",
    ),
    "event not listed by its agreement": (
        lambda g: g.remove((AGREEMENT, DCOOP.hasEvent, RATIFIED)),
        "An event must be listed by exactly one agreement (dcoop:hasEvent), the one it is dcoop:eventOf",
    ),
    "confidence above 1": (
        lambda g: _replace(g, EVIDENCE, DCOOP.confidence, Literal("1.5", datatype=XSD.decimal)),
        "Confidence must be a single xsd:decimal from 0 to 1",
    ),
    "confidence as a float": (
        lambda g: _replace(g, EVIDENCE, DCOOP.confidence, Literal(0.5)),
        "Confidence must be a single xsd:decimal from 0 to 1",
    ),
    "negative offset": (
        lambda g: _replace(g, EVIDENCE, DCOOP.startOffset, Literal(-3)),
        "A quote's start offset must be a single non-negative integer, not after its end offset",
    ),
    "start offset after end offset": (
        lambda g: _replace(g, EVIDENCE, DCOOP.startOffset, Literal(100)),
        "A quote's start offset must be a single non-negative integer, not after its end offset",
    ),
    "evidence without a source": (
        lambda g: _replace(g, EVIDENCE, PROV.wasDerivedFrom, None),
        "Evidence must come from exactly one source document (prov:wasDerivedFrom)",
    ),
    "agreement with no evidence supporting it": (
        lambda g: g.remove((EVIDENCE, DCOOP.supports, AGREEMENT)),
        "Every fact needs evidence: no dcoop:Evidence supports this node, so it cannot be traced to a source",
    ),
    "source url as text": (
        lambda g: _replace(g, ID["source/kommersant-8099046"], SCHEMA.url,
                           Literal("https://www.kommersant.ru/doc/8099046")),
        "A source's address (schema:url) must be a single IRI, not text",
    ),
    "source issued as a datetime": (
        lambda g: _replace(g, ID["source/kommersant-8099046"], DCTERMS.issued,
                           Literal("2025-10-08T09:00:00", datatype=XSD.dateTime)),
        "A source's publication date (dcterms:issued) must be a single day, month or year typed xsd:date, "
        "xsd:gYearMonth or xsd:gYear",
    ),
    "membership without organisation": (
        lambda g: _replace(g, ID["membership/MLI-AES"], DCOOP.organisation, None),
        "A membership needs exactly one organisation, given as an actor IRI",
    ),
    "office holding without holder": (
        lambda g: _replace(g, ID["office/TGO-head-of-state-faure-gnassingbe"], DCOOP.holder, None),
        "An office holding needs exactly one holder, given as a person IRI",
    ),
    "deployment without host": (
        lambda g: _replace(g, ID["deployment/RUS-MLI-AFRICA-CORPS"], DCOOP.host, None),
        "A deployment needs exactly one host state, given as an actor IRI",
    ),
    "state with a lower-case alpha-3": (
        lambda g: _replace(g, ID["actor/TGO"], DCOOP.alpha3, Literal("tgo")),
        "A state has at most one ISO 3166-1 alpha-3 code of three upper-case letters (e.g. \"TGO\"); states ISO does not list, such as Kosovo (gazetteer id XKX), have none",
    ),
    "state with two alpha-3 codes": (
        lambda g: g.add((ID["actor/MLI"], DCOOP.alpha3, Literal("MAL"))),
        "A state has at most one ISO 3166-1 alpha-3 code of three upper-case letters (e.g. \"TGO\"); states ISO does not list, such as Kosovo (gazetteer id XKX), have none",
    ),
    "actor without a French name": (
        lambda g: g.remove((ID["actor/RUS"], RDFS.label, Literal("Russie", lang="fr"))),
        "An actor needs a name in French (rdfs:label @fr)",
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_graph_fails_with_message(name: str, shapes: Graph, ontology: Graph) -> None:
    breaking, expected = BREAKAGES[name]
    g = _build_conforming()
    breaking(g)
    conforms, messages, text = _messages(g, shapes, ontology)
    assert not conforms, f"{name}: should not conform"
    assert expected in messages, f"{name}: expected {expected!r}, got:\n{text}"


def test_subclasses_are_validated_via_ontology(shapes: Graph, ontology: Graph) -> None:
    # a dcoop:LegislativeBody is a dcoop:Actor only through the ontology's subclass axioms
    g = _build_conforming()
    parliament = ID["actor/TGO-NATIONAL-ASSEMBLY"]
    g.add((parliament, RDF.type, DCOOP.LegislativeBody))
    g.add((parliament, RDFS.label, Literal("National Assembly", lang="en")))
    conforms, messages, _ = _messages(g, shapes, ontology)
    assert not conforms
    assert "An actor needs a name in French (rdfs:label @fr)" in messages


def test_blank_node_party_is_rejected(shapes: Graph, ontology: Graph) -> None:
    g = _build_conforming()
    g.add((AGREEMENT, DCOOP.party, BNode()))
    conforms, messages, _ = _messages(g, shapes, ontology)
    assert not conforms
    assert "An agreement's party must be an actor IRI from the gazetteer, not text" in messages
