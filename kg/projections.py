"""Projections of the store for analysis: the cooperation graph, the actor–agreement graph, "as of" snapshots.

Everything here is read from the store by SPARQL (flat SELECTs, assembled in Python, as
DESIGN.md advises) and turned into plain records, then into networkx graphs. The rules:

- A *tie* is one agreement, one membership or one deployment. Agreements bind every pair of
  their parties; a membership binds a member to its organisation; a deployment binds the
  host to the sending state and to the force (Wagner, Africa Corps) it names.
- An agreement *starts* at its earliest `signed` or `in-force` event; when it has neither,
  at its earliest dated event of another type than `ended`. Memberships and deployments
  start at their `startDate`.
- Dates follow the one rule of docs/dates.md (PartialDate.reached_by): a year or a month
  stands for its whole period; a fact's date has come by D once its period has begun by D,
  and an as-of date D given as a year or a month means its last day.
- "As of D" (tie_state): a tie is in force when its start has come by D and its end (an
  `ended` event, a membership's or a deployment's `endDate`) has not. A tie whose start is
  not known is *undated*: kept and marked (Tie.undated, the edge attribute `undated`)
  until its end has come, then left out as ended. Events whose date has not come by D are
  dropped from the ties kept.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import KgError
from .facts import DateFormatError, PartialDate, date_reached
from .store import open_store, select
from .vocab import ID, PREFIXES

if TYPE_CHECKING:  # networkx is imported where a graph is built, so 'kg --help' stays fast
    import networkx as nx

__all__ = [
    "ActorInfo",
    "AsOfError",
    "Claim",
    "EventInfo",
    "FocusError",
    "Snapshot",
    "SourceInfo",
    "Tie",
    "bipartite_graph",
    "cooperation_graph",
    "ego_graph",
    "load_snapshot",
    "parse_as_of",
    "resolve_focus",
    "tie_state",
]

ACTOR_NS = str(ID) + "actor/"
GRAPH_NS = str(ID) + "graph/"
_DCOOP = PREFIXES["dcoop"]
_CLASS_KINDS = {
    _DCOOP + "State": "state",
    _DCOOP + "InternationalOrganisation": "organisation",
    _DCOOP + "PrivateMilitaryCompany": "pmc",
    _DCOOP + "ArmedGroup": "armed-group",
    _DCOOP + "Body": "body",
}
BLOC_NS = str(ID) + "bloc/"
_STARTING_EVENTS = ("signed", "in-force")
_RDF_TYPE = PREFIXES["rdf"] + "type"


class AsOfError(KgError):
    """An --as-of value that is not a date."""


class FocusError(KgError):
    """A --focus actor the graph does not hold."""


@dataclass(frozen=True)
class SourceInfo:
    """A source document as tooltips and reports cite it: publisher, date, title, address."""

    id: str
    title: str | None = None
    publisher: str | None = None
    issued: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Claim:
    """One source's support for a tie, with the confidence and quotes it was recorded with."""

    source: str
    confidence: str | None = None
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventInfo:
    """A dated life-cycle event of an agreement and the sources that report it."""

    type: str
    date: str | None
    by: str | None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class BlocInfo:
    """A bloc as the bloc file described it at build time: name, labels, colour, order of precedence."""

    name: str
    label: str
    label_fr: str
    colour: str
    position: int


@dataclass(frozen=True)
class ActorInfo:
    """An actor as the gazetteer graph describes it: kind, names, codes, blocs, place."""

    id: str
    kind: str = "actor"
    label: str = ""
    label_fr: str | None = None
    alpha2: str | None = None
    alpha3: str | None = None
    blocs: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None

    @property
    def name(self) -> str:
        """The English name, or the id when the store has none."""
        return self.label or self.id


@dataclass(frozen=True)
class Tie:
    """One agreement, membership or deployment: who it binds, what it is, when, and who says so."""

    id: str
    relation: str  # "agreement", "membership" or "deployment"
    kinds: tuple[str, ...]
    actors: tuple[str, ...]
    label: str | None = None
    domains: tuple[str, ...] = ()
    events: tuple[EventInfo, ...] = ()
    start: str | None = None
    end: str | None = None
    role: str | None = None
    host: str | None = None
    claims: tuple[Claim, ...] = ()

    @property
    def kind(self) -> str:
        """The kind a filter or a label shows: the agreement kind, or 'membership'/'deployment'."""
        return self.kinds[0] if self.kinds else self.relation

    @property
    def undated(self) -> bool:
        """True when no source says when the tie began, so as-of views show it marked rather than drop it."""
        return self.start is None

    @property
    def year(self) -> int | None:
        """The year the tie started, for timelines and the year slider."""
        return int(self.start[:4]) if self.start else None

    @property
    def last(self) -> str | None:
        """The latest date the tie carries (an event, a start or an end)."""
        dates = [e.date for e in self.events if e.date] + [d for d in (self.start, self.end) if d]
        return max(dates) if dates else None

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source that reports the tie or one of its events, sorted."""
        ids = {c.source for c in self.claims} | {s for e in self.events for s in e.sources}
        return tuple(sorted(ids))

    def pairs(self) -> Iterator[tuple[str, str]]:
        """The actor pairs the tie binds, each sorted: all parties pairwise, or host to sender and force."""
        if self.relation == "deployment" and self.host:
            others = sorted({a for a in self.actors if a != self.host})
            found = [tuple(sorted((self.host, o))) for o in others]
        else:
            found = [tuple(sorted(p)) for p in itertools.combinations(sorted(set(self.actors)), 2)]
        yield from found  # type: ignore[misc]


@dataclass
class Snapshot:
    """What the store says, optionally as of a date: actors, the ties kept, the ties left out."""

    as_of: str | None
    actors: dict[str, ActorInfo]
    ties: list[Tie]
    sources: dict[str, SourceInfo]
    left_out: dict[str, int] = field(default_factory=dict)
    earliest: str | None = None
    blocs: tuple[BlocInfo, ...] = ()

    @property
    def bloc_names(self) -> tuple[str, ...]:
        """The blocs' names in their order of precedence (the bloc file's order)."""
        return tuple(b.name for b in self.blocs)
    #: GDELT reported events between two states, (a, b) sorted -> month (YYYY-MM) -> count; read only on request.
    reported: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)

    def tie_index(self) -> dict[str, Tie]:
        """The kept ties by id, for views that hold only ids."""
        return {t.id: t for t in self.ties}

    def actor(self, actor_id: str) -> ActorInfo:
        """The actor with this id, or a bare record when the gazetteer graph lacks it."""
        return self.actors.get(actor_id) or ActorInfo(actor_id, label=actor_id)

    def shown(self, *, deployments: bool = True) -> list[Tie]:
        """The kept ties a view draws: deployments only when it asks for them."""
        return [t for t in self.ties if deployments or t.relation != "deployment"]

    @property
    def note(self) -> str | None:
        """The note of a view that shows every kind of tie."""
        return self.note_for(deployments=True)

    def note_for(self, *, deployments: bool = True) -> str | None:
        """A sentence explaining an empty view or the undated ties an as-of view shows, for reports and pages."""
        ties = self.shown(deployments=deployments)
        if self.as_of is None:
            return None if ties else "The store holds no agreement, membership or deployment."
        parts = []
        undated = sum(1 for t in ties if t.undated)
        if len(ties) == undated:
            if self.earliest and not date_reached(self.earliest, self.as_of):
                parts.append(f"Nothing is dated on or before {self.as_of}: the earliest tie starts in {self.earliest}.")
            else:
                parts.append(f"No {'dated ' if undated else ''}tie is in force as of {self.as_of}.")
        if undated:
            many = undated != 1
            parts.append(f"{undated} tie{'s' if many else ''} with no known start date {'are' if many else 'is'} "
                         f"shown as undated: the sources do not say when {'they' if many else 'it'} began.")
        return " ".join(parts) or None


def parse_as_of(text: str) -> str:
    """Read an --as-of date; a year or month means its last day, so 'as of 2020' covers all of 2020."""
    try:
        date = PartialDate.parse(text)
    except DateFormatError as exc:
        raise AsOfError(f"--as-of: {exc}") from None
    return date.last_day().isoformat()


def _local(term: ox.NamedNode | ox.Literal | ox.BlankNode | None, namespace: str) -> str | None:
    if term is None:
        return None
    value = term.value
    return value[len(namespace):] if value.startswith(namespace) else value


def _strip(value: str, namespace: str) -> str:
    """An IRI's part after a namespace: 'https://…/id/actor/RUS' -> 'RUS'."""
    return value[len(namespace):] if value.startswith(namespace) else value


def _tail(value: str) -> str:
    """An IRI's last segment: '…/agreement-kind/basing' -> 'basing'."""
    return value.rsplit("#", 1)[-1] if "#" in value else value.rstrip("/").rsplit("/", 1)[-1]


def _select(store: ox.Store, text: str) -> Iterator[ox.QuerySolution]:
    yield from select(store, text)


def _pairs(store: ox.Store, predicate: str) -> set[tuple[str, str]]:
    """Every (subject, object) of one predicate in any graph, as strings.

    Single-pattern queries joined in Python: at 200,000 quads each costs about 12 µs a
    row, where one query joining five patterns over the union graph costs several times that.
    """
    rows = _select(store, f"SELECT DISTINCT ?s ?o WHERE {{ ?s {predicate} ?o }}")
    return {(row[0].value, row[1].value) for row in rows}


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for subject, obj in pairs:
        out[subject].add(obj)
    return out


_ACTOR_FIELDS = {
    PREFIXES["rdfs"] + "label": "label",
    _DCOOP + "alpha2": "alpha2",
    _DCOOP + "alpha3": "alpha3",
    PREFIXES["schema"] + "latitude": "lat",
    PREFIXES["schema"] + "longitude": "lon",
}


def _blocs(store: ox.Store) -> tuple[BlocInfo, ...]:
    """Read the blocs the build wrote into the gazetteer graph, in their order of precedence."""
    query = f"""
    SELECT ?b ?label ?labelFr ?colour ?position WHERE {{
      GRAPH <{GRAPH_NS}gazetteer> {{
        ?b a dcoop:Bloc ; schema:position ?position .
        OPTIONAL {{ ?b rdfs:label ?label FILTER(LANG(?label) = "en") }}
        OPTIONAL {{ ?b rdfs:label ?labelFr FILTER(LANG(?labelFr) = "fr") }}
        OPTIONAL {{ ?b schema:color ?colour }}
      }}
    }} ORDER BY ?position ?b"""
    out = []
    for row in _select(store, query):
        name = _local(row[0], BLOC_NS) or ""
        label = row[1].value if row[1] is not None else name
        out.append(BlocInfo(name, label, row[2].value if row[2] is not None else label,
                            row[3].value if row[3] is not None else "#bbbbbb", int(row[4].value)))
    return tuple(out)


def _actors(store: ox.Store, blocs: tuple[BlocInfo, ...] = ()) -> dict[str, ActorInfo]:
    """Read the actors from the gazetteer graph (where model.md puts them): kind, names, codes, blocs, place."""
    fields: dict[str, dict] = defaultdict(lambda: {"blocs": set()})
    actors: set[str] = set()
    query = f"""
    SELECT ?a ?p ?o WHERE {{
      GRAPH <{GRAPH_NS}gazetteer> {{ ?a ?p ?o }}
      VALUES ?p {{ rdf:type rdfs:label dcoop:alpha2 dcoop:alpha3 dcoop:bloc schema:latitude schema:longitude }}
    }}"""
    for row in _select(store, query):
        actor_id = _local(row[0], ACTOR_NS)
        assert actor_id is not None
        data = fields[actor_id]
        p, o = row[1].value, row[2]
        if p == _RDF_TYPE:
            if o.value == _DCOOP + "Actor":
                actors.add(actor_id)
            elif o.value in _CLASS_KINDS:
                data["kind"] = _CLASS_KINDS[o.value]
        elif p == _DCOOP + "bloc":
            data["blocs"].add(_local(o, BLOC_NS))
        elif _ACTOR_FIELDS[p] == "label":
            assert isinstance(o, ox.Literal)
            data["label_fr" if o.language == "fr" else "label"] = o.value
        elif _ACTOR_FIELDS[p] in ("lat", "lon"):
            data[_ACTOR_FIELDS[p]] = float(o.value)
        else:
            data[_ACTOR_FIELDS[p]] = o.value
    out = {}
    for actor_id in sorted(actors):
        data = fields[actor_id]
        member_of = data.pop("blocs")
        order = [b.name for b in blocs]
        actor_blocs = tuple(sorted(member_of, key=lambda b: (order.index(b) if b in order else len(order), b)))
        out[actor_id] = ActorInfo(actor_id, blocs=actor_blocs, **{"label": actor_id, **data})
    return out


_SOURCE_FIELDS = {
    PREFIXES["dcterms"] + "title": "title",
    PREFIXES["dcterms"] + "publisher": "publisher",
    PREFIXES["dcterms"] + "issued": "issued",
    PREFIXES["schema"] + "url": "url",
}


def _sources(store: ox.Store) -> dict[str, SourceInfo]:
    """Read each source document's metadata from its own graph; of conflicting values, keep the least."""
    query = """
    SELECT ?g ?p ?o WHERE {
      GRAPH ?g { ?g prov:wasDerivedFrom ?src . ?src ?p ?o }
      VALUES ?p { dcterms:title dcterms:publisher dcterms:issued schema:url }
    }"""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _select(store, query):
        source_id = _local(row[0], GRAPH_NS)
        assert source_id is not None
        entry = found[source_id]
        key = _SOURCE_FIELDS[row[1].value]
        value = row[2].value
        if key not in entry or value < entry[key]:
            entry[key] = value
    return {source_id: SourceInfo(source_id, **found[source_id]) for source_id in sorted(found)}


def _claims(store: ox.Store) -> dict[str, dict[str, dict]]:
    """Map each supported node to {source id: {confidence, quotes}} from the Evidence records."""
    def per_evidence(predicate: str) -> dict[tuple[str, str], set[str]]:
        out: dict[tuple[str, str], set[str]] = defaultdict(set)
        for row in _select(store, f"SELECT ?g ?ev ?o WHERE {{ GRAPH ?g {{ ?ev {predicate} ?o }} }}"):
            out[(row[0].value, row[1].value)].add(row[2].value)
        return out

    confidence = per_evidence("dcoop:confidence")
    quotes = per_evidence("prov:value")
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    for key, targets in per_evidence("dcoop:supports").items():
        source_id = _strip(key[0], GRAPH_NS)
        for target in targets:
            entry = out[target].setdefault(source_id, {"confidence": set(), "quotes": set()})
            entry["confidence"] |= confidence.get(key, set())
            entry["quotes"] |= quotes.get(key, set())
    return out


def _claim_tuple(entries: dict[str, dict] | None) -> tuple[Claim, ...]:
    if not entries:
        return ()
    return tuple(
        Claim(source, max(e["confidence"]) if e["confidence"] else None, tuple(sorted(e["quotes"])))
        for source, e in sorted(entries.items())
    )


def _agreements(store: ox.Store, claims: dict[str, dict[str, dict]]) -> list[Tie]:
    kinds = _grouped(_pairs(store, "dcoop:agreementKind"))
    parties = _grouped(_pairs(store, "dcoop:party"))
    domains = _grouped(_pairs(store, "dcoop:domain"))
    agreements = {row[0].value for row in _select(store, "SELECT DISTINCT ?a WHERE { ?a a dcoop:Agreement }")}
    labels = _grouped((row[0].value, row[1].value) for row in _select(
        store, "SELECT DISTINCT ?a ?l WHERE { ?a a dcoop:Agreement ; rdfs:label ?l }"))
    events = _grouped(_pairs(store, "dcoop:hasEvent"))
    types = {e: t for e, t in _pairs(store, "dcoop:eventType")}
    dates = _grouped(_pairs(store, "dcoop:date"))
    bodies = _grouped(_pairs(store, "dcoop:actingBody"))
    ties = []
    for iri in sorted(agreements):
        evs = []
        for event_iri in sorted(events.get(iri, ())):
            sources = tuple(sorted(claims.get(event_iri, {})))
            by = min(bodies[event_iri]) if event_iri in bodies else None
            event_type = _tail(types[event_iri]) if event_iri in types else "other"
            undated: list[str | None] = [None]
            for date in sorted(dates.get(event_iri, ())) or undated:
                evs.append(EventInfo(event_type, date, _strip(by, ACTOR_NS) if by else None, sources))
        evs.sort(key=lambda e: (e.date or "9999", e.type, e.by or ""))
        starting = [e.date for e in evs if e.date and e.type in _STARTING_EVENTS]
        dated = [e.date for e in evs if e.date and e.type != "ended"]
        start = min(starting) if starting else min(dated) if dated else None
        ended = [e.date for e in evs if e.date and e.type == "ended"]
        ties.append(Tie(
            id=_strip(iri, str(ID)),
            relation="agreement",
            kinds=tuple(sorted(_tail(k) for k in kinds.get(iri, ()))) or ("other",),
            actors=tuple(sorted(_strip(p, ACTOR_NS) for p in parties.get(iri, ()))),
            label=min(labels[iri]) if iri in labels else None,
            domains=tuple(sorted(_tail(d) for d in domains.get(iri, ()))),
            events=tuple(evs),
            start=start,
            end=min(ended) if ended else None,
            claims=_claim_tuple(claims.get(iri)),
        ))
    return ties


def _memberships(store: ox.Store, claims: dict[str, dict[str, dict]]) -> list[Tie]:
    query = """
    SELECT DISTINCT ?m ?member ?org ?start ?end WHERE {
      ?m a dcoop:Membership ; dcoop:member ?member ; dcoop:organisation ?org .
      OPTIONAL { ?m dcoop:startDate ?start } OPTIONAL { ?m dcoop:endDate ?end }
    }"""
    found: dict[str, dict] = {}
    for row in _select(store, query):
        entry = found.setdefault(row["m"].value, {"actors": (_local(row["member"], ACTOR_NS), _local(row["org"], ACTOR_NS)),
                                                  "start": set(), "end": set()})
        if row["start"] is not None:
            entry["start"].add(row["start"].value)
        if row["end"] is not None:
            entry["end"].add(row["end"].value)
    return [
        Tie(id=_strip(iri, str(ID)), relation="membership", kinds=("membership",),
            actors=e["actors"], start=min(e["start"]) if e["start"] else None,
            end=max(e["end"]) if e["end"] else None, claims=_claim_tuple(claims.get(iri)))
        for iri, e in sorted(found.items())
    ]


def _deployments(store: ox.Store, claims: dict[str, dict[str, dict]]) -> list[Tie]:
    query = """
    SELECT DISTINCT ?d ?host ?sender ?force ?role ?start ?end WHERE {
      ?d a dcoop:Deployment ; dcoop:host ?host .
      OPTIONAL { ?d dcoop:sender ?sender } OPTIONAL { ?d dcoop:force ?force } OPTIONAL { ?d dcoop:role ?role }
      OPTIONAL { ?d dcoop:startDate ?start } OPTIONAL { ?d dcoop:endDate ?end }
    }"""
    found: dict[str, dict] = {}
    for row in _select(store, query):
        entry = found.setdefault(row["d"].value, {"host": _local(row["host"], ACTOR_NS), "others": set(),
                                                  "role": set(), "start": set(), "end": set()})
        for key in ("sender", "force"):
            if row[key] is not None:
                entry["others"].add(_local(row[key], ACTOR_NS))
        for key in ("role", "start", "end"):
            if row[key] is not None:
                entry[key].add(row[key].value)
    return [
        Tie(id=_strip(iri, str(ID)), relation="deployment", kinds=("deployment",),
            actors=tuple(sorted(e["others"] | {e["host"]})), host=e["host"],
            role=min(e["role"]) if e["role"] else None,
            start=min(e["start"]) if e["start"] else None, end=max(e["end"]) if e["end"] else None,
            claims=_claim_tuple(claims.get(iri)))
        for iri, e in sorted(found.items())
    ]


def tie_state(tie: Tie, date: str) -> str:
    """Where a tie stands at a date under the date rule: 'later', 'ended', 'undated' or 'in-force'."""
    if tie.start is not None and not date_reached(tie.start, date):
        return "later"
    if tie.end is not None and date_reached(tie.end, date):
        return "ended"
    return "undated" if tie.start is None else "in-force"


def _as_of(tie: Tie, date: str) -> Tie | str:
    """Cut a tie to what had happened by a date, or say why it is left out."""
    state = tie_state(tie, date)
    if state in ("later", "ended"):
        return state
    events = tuple(e for e in tie.events if e.date is None or date_reached(e.date, date))
    if events != tie.events:
        from dataclasses import replace

        return replace(tie, events=events)
    return tie


def load_snapshot(store: Path | ox.Store, as_of: str | None = None, *, events: bool = False) -> Snapshot:
    """Read every tie from the store (as of a date when given), so all views share one reading; events: GDELT counts too."""
    if isinstance(store, Path):
        store = open_store(store)
    claims = _claims(store)
    ties = _agreements(store, claims) + _memberships(store, claims) + _deployments(store, claims)
    ties = [t for t in ties if len(set(t.actors)) >= 2]
    starts = [t.start for t in ties if t.start]
    blocs = _blocs(store)
    snapshot = Snapshot(as_of, _actors(store, blocs), [], _sources(store), earliest=min(starts) if starts else None,
                        blocs=blocs)
    left_out: dict[str, int] = defaultdict(int)
    for tie in ties:
        kept = _as_of(tie, as_of) if as_of else tie
        if isinstance(kept, str):
            left_out[kept] += 1
        else:
            snapshot.ties.append(kept)
    snapshot.ties.sort(key=lambda t: (t.relation, t.id))
    snapshot.left_out = dict(sorted(left_out.items()))
    if events:
        snapshot.reported = reported_event_counts(store, as_of)
    return snapshot


# --- GDELT reported events ---


def reported_event_counts(store: ox.Store, as_of: str | None = None) -> dict[tuple[str, str], dict[str, int]]:
    """Count GDELT reported events per state pair and month (dated on or before as_of), for weighting pairs."""
    query = """
    SELECT ?e ?a ?b ?d WHERE {
      ?e a dcoop:ReportedEvent ; dcoop:initiator ?a ; dcoop:recipient ?b ; dcoop:eventDate ?d .
    }"""
    seen: set[str] = set()
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in _select(store, query):
        a, b, day = _local(row["a"], ACTOR_NS), _local(row["b"], ACTOR_NS), row["d"].value
        if a is None or b is None or a == b or row["e"].value in seen or (as_of and not date_reached(day, as_of)):
            continue
        seen.add(row["e"].value)
        pair = (a, b) if a < b else (b, a)
        counts[pair][day[:7]] += 1
    return {pair: dict(sorted(months.items())) for pair, months in sorted(counts.items())}


def resolve_focus(snapshot: Snapshot, name: str) -> str:
    """Turn a --focus name into an actor id the store knows, or fail with suggestions."""
    from .gazetteer import default_gazetteer

    actor = default_gazetteer().resolve(name)
    if actor.id not in snapshot.actors:
        with_ties = sorted({a for t in snapshot.ties for a in t.actors})
        hint = f"; actors with ties: {', '.join(with_ties[:12])}{', ...' if len(with_ties) > 12 else ''}" if with_ties else ""
        raise FocusError(f"{actor.name_en} ({actor.id}) is in no fact of this store{hint}")
    return actor.id


def _add_actor(graph: nx.Graph, info: ActorInfo, **extra: object) -> None:
    graph.add_node(info.id, label=info.name, label_fr=info.label_fr, kind=info.kind, blocs=info.blocs,
                   alpha2=info.alpha2, alpha3=info.alpha3, lat=info.lat, lon=info.lon, **extra)


def _tie_ids(ties: Iterable[Tie]) -> list[str]:
    return [t.id for t in ties]


def _snapshot_of(source: Snapshot | Path | str | ox.Store, as_of: str | None, events: bool = False) -> Snapshot:
    """A snapshot given, or read from a store (folder or open store) as of a date."""
    if isinstance(source, Snapshot):
        if as_of is not None and as_of != source.as_of:
            read = f"as of {source.as_of}" if source.as_of else "without a date"
            raise AsOfError(f"as_of applies when reading a store; this snapshot was read {read}: use load_snapshot(store, as_of)")
        return source
    return load_snapshot(Path(source) if isinstance(source, str) else source, as_of, events=events)


def cooperation_graph(source: Snapshot | Path | str | ox.Store, *, as_of: str | None = None,
                      deployments: bool = False, events: bool = False) -> nx.Graph:
    """Project ties to one weighted edge per actor pair, carrying kinds, domains, dates and sources.

    `source` is a snapshot or a store (its folder, e.g. 'output/store'); `as_of` reads the store
    as of a date under the date rule (docs/dates.md). With events (and a snapshot loaded with
    them), each GDELT reported event between two states adds one to their edge's weight; the
    edge carries reported_events and reported_by_month.
    """
    import networkx as nx

    snapshot = _snapshot_of(source, as_of, events)

    pair_ties: dict[tuple[str, str], list[Tie]] = defaultdict(list)
    for tie in snapshot.ties:
        if tie.relation == "deployment" and not deployments:
            continue
        for pair in tie.pairs():
            pair_ties[pair].append(tie)
    reported = snapshot.reported if events else {}
    for pair in reported:
        pair_ties.setdefault(pair, [])
    graph = nx.Graph(as_of=snapshot.as_of, deployments=deployments)
    for actor_id in sorted({a for pair in pair_ties for a in pair}):
        _add_actor(graph, snapshot.actor(actor_id))
    for (a, b), ties in sorted(pair_ties.items()):
        agreements = [t for t in ties if t.relation == "agreement"]
        firsts = [t.start for t in ties if t.start]
        lasts = [t.last for t in ties if t.last]
        graph.add_edge(
            a, b,
            weight=len(ties),
            agreements=len(agreements),
            undated=sum(1 for t in ties if t.undated),
            ties=_tie_ids(ties),
            relations=sorted({t.relation for t in ties}),
            kinds=sorted({k for t in agreements for k in t.kinds}),
            domains=sorted({d for t in ties for d in t.domains}),
            first=min(firsts) if firsts else None,
            last=max(lasts) if lasts else None,
            sources=sorted({s for t in ties for s in t.sources}),
        )
        if reported:
            months = reported.get((a, b), {})
            edge = graph.edges[a, b]
            edge["reported_events"] = sum(months.values())
            edge["reported_by_month"] = months
            edge["weight"] += edge["reported_events"]
            if not ties:
                edge["relations"] = ["reported-event"]
    return graph


def bipartite_graph(source: Snapshot | Path | str | ox.Store, *, as_of: str | None = None) -> nx.Graph:
    """Project agreements and actors to a two-mode graph: an edge per party of each agreement."""
    import networkx as nx

    snapshot = _snapshot_of(source, as_of)

    graph = nx.Graph(as_of=snapshot.as_of)
    agreements = [t for t in snapshot.ties if t.relation == "agreement"]
    for actor_id in sorted({a for t in agreements for a in t.actors}):
        _add_actor(graph, snapshot.actor(actor_id), bipartite=0)
    for tie in agreements:
        node = tie.id
        graph.add_node(node, bipartite=1, kind="agreement", label=tie.label or tie.id, agreement_kind=tie.kind,
                       domains=list(tie.domains), first=tie.start, last=tie.last, sources=list(tie.sources),
                       undated=tie.undated)
        for party in sorted(set(tie.actors)):
            graph.add_edge(party, node)
    return graph


def ego_graph(graph: nx.Graph, actor_id: str) -> nx.Graph:
    """Keep one actor, its partners and the ties among them; empty when the actor has no tie here."""
    import networkx as nx

    if actor_id not in graph:
        empty = nx.Graph(**graph.graph)
        return empty
    return nx.ego_graph(graph, actor_id, radius=1).copy()
