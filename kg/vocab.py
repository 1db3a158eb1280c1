"""The ontology's terms as Python constants, so IRIs are never typed twice."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/kg-defcoop/"
ONTOLOGY_IRI = BASE + "ontology"

DCOOP = Namespace(BASE + "ontology#")
KIND = Namespace(BASE + "agreement-kind/")
DOMAIN = Namespace(BASE + "domain/")
EVENT = Namespace(BASE + "event-type/")
TOPIC = Namespace(BASE + "topic/")
OFFICE = Namespace(BASE + "office/")
ID = Namespace(BASE + "id/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "dcoop": str(DCOOP),
    "kind": str(KIND),
    "domain": str(DOMAIN),
    "event": str(EVENT),
    "topic": str(TOPIC),
    "office": str(OFFICE),
    "id": str(ID),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
}

# Codes used in fact files; each is a SKOS concept in ontologies/defcoop.ttl
# (tests/test_ontology.py keeps the two in step).
AGREEMENT_KINDS: frozenset[str] = frozenset({
    "military-cooperation",
    "military-technical-cooperation",
    "defence-partnership",
    "mutual-defence-pact",
    "memorandum-of-understanding",
    "status-of-forces",
    "confederation-treaty",
    "partnership-programme",
    "basing",
    "intelligence-sharing",
    "other",
})

DOMAINS: frozenset[str] = frozenset({
    "training",
    "intelligence",
    "technical-assistance",
    "joint-exercises",
    "medical-assistance",
    "financing",
    "classified-information-protection",
    "arms-supply",
    "joint-missions",
    "logistics",
    "basing",
    "counter-terrorism",
    "air-defence",
    "maritime-security",
    "collective-defence",
})

EVENT_TYPES: frozenset[str] = frozenset({
    "announced",
    "negotiated",
    "signed",
    "approved",
    "ratified",
    "in-force",
    "suspended",
    "ended",
    "denied",
})

OBSERVATION_TOPICS: frozenset[str] = frozenset({
    "security-situation",
    "foreign-policy-stance",
})

OFFICE_KINDS: frozenset[str] = frozenset({
    "head-of-state",
    "head-of-government",
    "defence-minister",
    "other",
})

ACTOR_CLASSES = {
    "state": DCOOP.State,
    "organisation": DCOOP.InternationalOrganisation,
    "pmc": DCOOP.PrivateMilitaryCompany,
    "armed-group": DCOOP.ArmedGroup,
    "body": DCOOP.Body,
}

# --- Alliance provisions (ATOP/COW) ---
# What an alliance's members promise each other, as the alliance data sets code it (kg/loaders/atop.py,
# kg/loaders/cow.py); concepts of dcoop:AllianceProvisions in ontologies/defcoop.ttl.
PROVISION = Namespace(BASE + "alliance-provision/")
PREFIXES["provision"] = str(PROVISION)

ALLIANCE_PROVISIONS: frozenset[str] = frozenset({
    "defence",
    "offence",
    "neutrality",
    "non-aggression",
    "consultation",
    "entente",
})

# --- GDELT reported events ---
#: CAMEO event-code concepts (dcoop:CameoEventCodes), written by the build from data/gdelt/cameo-defence.yaml.
CAMEO = Namespace(BASE + "cameo/")
