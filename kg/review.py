"""Review and merge extracted facts, so an article's claims join the agreements the graph already has.

Three steps take a proposal from `kg extract` into the data folder (docs/extract.md, "Review and merge"):

- match_ids: each proposed agreement gets the id the built store already uses for it (same parties,
  same kind, compatible dates), so the new source's claims meet the curated ones on one node;
- review: each proposed fact is compared with the store: a new agreement, a new event on one, or a
  claim that agrees with or contradicts what other sources say (the notions of `kg query conflicts`);
- accept: the proposal's facts and source block are appended to a fact file, checked by the loaders
  against the whole data folder first, written whole or not at all.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from .errors import FactFileError, KgError
from .extract.writer import ordered_parties, to_yaml
from .facts import AgreementFact, DateFormatError, Fact, PartialDate, Source
from .gazetteer import Gazetteer, default_gazetteer
from .loaders import DataSet, fact_files, load_data, load_file
from .loaders._yaml import LineDict, LineList, load_with_lines
from .mapping import agreement_iri, fact_quads, graph_iri, source_iri, source_quads
from .query import named_queries
from .query_output import _table_lines, run_answer
from .store import _fill_default_graph, open_store, ox_quad
from .vocab import EVENT, ID, KIND, PREFIXES

__all__ = ["AcceptReport", "Contradiction", "IdMatch", "ReviewLine", "accept", "annotate", "default_target",
           "format_review", "match_ids", "review"]

_AGREEMENT = str(agreement_iri(""))
_GRAPH = str(graph_iri(""))
_ACTOR = str(ID["actor/"])
_EVENT = str(EVENT[""])
_KIND = str(KIND[""])
_FAR = 10 ** 9  # days: the distance to an agreement with no dates, so any dated match comes first


# --- what the store knows about agreements -------------------------------------------------------


@dataclass(frozen=True)
class _StoredEvent:
    type: str
    date: PartialDate | None
    by: str | None
    place: str | None
    source: str


@dataclass
class _Stored:
    """One agreement of the store: each source's parties and kind, and every source's events."""

    id: str
    claims: dict[str, tuple[frozenset[str], str]] = field(default_factory=dict)
    events: list[_StoredEvent] = field(default_factory=list)


@dataclass(frozen=True)
class _Proposed:
    id: str
    parties: frozenset[str]
    kind: str
    events: tuple[tuple[str, PartialDate | None], ...]


def _select(store: ox.Store, text: str) -> Iterator[dict[str, str]]:
    """Run a SELECT over the store's union graph; each row maps variable names to plain values."""
    answer = run_answer(store, text, PREFIXES)
    assert isinstance(answer, ox.QuerySolutions)
    names = [v.value for v in answer.variables]
    for solution in answer:
        yield {n: solution[n].value for n in names if solution[n] is not None}


def _date(text: str | None) -> PartialDate | None:
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except DateFormatError:
        return None


def _stored_agreements(store: ox.Store) -> dict[str, _Stored]:
    """Read every agreement with, per source, its parties, kind and events."""
    found: dict[str, _Stored] = {}
    parties: dict[tuple[str, str], set[str]] = {}
    kinds: dict[tuple[str, str], str] = {}
    for row in _select(store, "SELECT ?a ?g ?party ?kind WHERE { GRAPH ?g { ?a a dcoop:Agreement ; "
                              "dcoop:agreementKind ?kind ; dcoop:party ?party } }"):
        key = (row["a"].removeprefix(_AGREEMENT), row["g"].removeprefix(_GRAPH))
        parties.setdefault(key, set()).add(row["party"].removeprefix(_ACTOR))
        kinds[key] = row["kind"].removeprefix(_KIND)
    for (agreement, source), members in sorted(parties.items()):
        found.setdefault(agreement, _Stored(agreement)).claims[source] = (frozenset(members), kinds[(agreement, source)])
    events = _select(store, "SELECT ?a ?g ?t ?d ?b ?p WHERE { GRAPH ?g { ?a dcoop:hasEvent ?e . ?e dcoop:eventType ?t . "
                            "OPTIONAL { ?e dcoop:date ?d } OPTIONAL { ?e dcoop:actingBody ?b } "
                            "OPTIONAL { ?e dcoop:place ?p } } }")
    for row in sorted(events, key=lambda r: sorted(r.items())):
        stored = found.setdefault(row["a"].removeprefix(_AGREEMENT), _Stored(row["a"].removeprefix(_AGREEMENT)))
        stored.events.append(_StoredEvent(row["t"].removeprefix(_EVENT), _date(row.get("d")),
                                          row["b"].removeprefix(_ACTOR) if "b" in row else None, row.get("p"),
                                          row["g"].removeprefix(_GRAPH)))
    return found


def _stages(store: ox.Store) -> dict[str, int]:
    """Each event type's life-cycle stage, from the ontology the store carries (signed before ratified)."""
    return {row["t"].removeprefix(_EVENT): int(row["s"])
            for row in _select(store, "SELECT ?t ?s WHERE { ?t dcoop:lifeCycleStage ?s }")}


# --- the date rule for "the same agreement" -----------------------------------------------------------


def _overlap(a: PartialDate, b: PartialDate) -> bool:
    """Two dates agree when their periods meet (docs/dates.md): 2025 and 2025-10-07 do, 2025-10-07 and -08 do not."""
    return a.first_day() <= b.last_day() and b.first_day() <= a.last_day()


def _earliest(dates: Iterable[PartialDate]) -> PartialDate | None:
    return min(dates, key=lambda d: (d.first_day(), d.last_day()), default=None)


def _compatible(mine: Iterable[tuple[str, PartialDate | None]], theirs: Iterable[tuple[str, PartialDate | None]],
                stages: dict[str, int]) -> bool:
    """Whether two accounts can be of one agreement: signed the same year, and no later step before its signing.

    An agreement is known by its parties, kind and signing year (the year in its id): two signings
    agree when one falls in the other's year, so a day's disagreement stays on one node for
    `kg query conflicts`. A step after signing (approval, ratification, entry into force...)
    cannot come before the other account's signing.
    """
    mine, theirs = list(mine), list(theirs)
    signed_stage = stages.get("signed", 0)
    my_signed = [d for t, d in mine if t == "signed" and d]
    their_signed = [d for t, d in theirs if t == "signed" and d]
    if my_signed and their_signed:
        return any(_overlap(m, PartialDate(t.year)) for m in my_signed for t in their_signed)
    my_later = [d for t, d in mine if d and stages.get(t, 0) > signed_stage]
    their_later = [d for t, d in theirs if d and stages.get(t, 0) > signed_stage]
    first = _earliest(my_signed)
    if first is not None:
        return all(first.reached_by(d) for d in their_later)
    first = _earliest(their_signed)
    if first is not None:
        return all(first.reached_by(d) for d in my_later)
    return True


def _anchor(events: Iterable[tuple[str, PartialDate | None]]) -> _dt.date | None:
    events = list(events)
    first = _earliest(d for t, d in events if t == "signed" and d) or _earliest(d for _, d in events if d)
    return first.first_day() if first else None


def _distance(mine: Iterable[tuple[str, PartialDate | None]], theirs: Iterable[tuple[str, PartialDate | None]]) -> int:
    a, b = _anchor(mine), _anchor(theirs)
    return abs((a - b).days) if a and b else _FAR


def _candidates(proposed: _Proposed, stored: dict[str, _Stored], stages: dict[str, int], *,
                any_kind: bool = False) -> list[str]:
    """The store's agreements a proposal can be: one source gives the same parties and kind, dates compatible; closest first."""
    found = []
    for agreement in stored.values():
        claims = agreement.claims.values()
        if not any(parties == proposed.parties and (any_kind or kind == proposed.kind) for parties, kind in claims):
            continue
        theirs = [(e.type, e.date) for e in agreement.events]
        if _compatible(proposed.events, theirs, stages):
            found.append((_distance(proposed.events, theirs), agreement.id))
    return [agreement for _, agreement in sorted(found)]


# --- kg extract --against ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IdMatch:
    """What became of one proposed agreement's id: the store's id reused, or its own kept, and why."""

    proposed: str
    id: str
    candidates: tuple[str, ...] = ()
    note: str | None = None


def _proposals_of(document: dict[str, Any]) -> list[_Proposed]:
    """Gather a fact document's agreements: parties, kind and every event its facts give, by id."""
    merged: dict[str, tuple[frozenset[str], str, list[tuple[str, PartialDate | None]]]] = {}
    for fact in document.get("facts") or []:
        if fact.get("type") != "agreement":
            continue
        entry = merged.setdefault(fact["id"], (frozenset(fact.get("parties") or ()), fact.get("kind", "other"), []))
        entry[2].extend((e.get("type", ""), _date(e.get("date"))) for e in fact.get("events") or ())
    return [_Proposed(i, parties, kind, tuple(events)) for i, (parties, kind, events) in merged.items()]


def match_ids(document: dict[str, Any], store_path: Path) -> tuple[dict[str, Any], list[IdMatch]]:
    """Give each proposed agreement the id the built store uses for it, so its claims meet the others on one node."""
    store = open_store(store_path)
    stored = _stored_agreements(store)
    stages = _stages(store)
    proposals = _proposals_of(document)
    own = {p.id for p in proposals}
    matches: list[IdMatch] = []
    renamed: dict[str, str] = {}
    for proposed in proposals:
        found = _candidates(proposed, stored, stages)
        if found:
            chosen = found[0]
            if len(found) > 1:
                note = (f"{proposed.id}: {len(found)} agreements in the store have its parties and kind and compatible "
                        f"dates ({', '.join(found)}); chose {chosen}, the closest in date")
            elif chosen != proposed.id:
                note = f"{proposed.id} is {chosen} in the store (same parties and kind, compatible dates): its id is reused"
            else:
                note = None
        else:
            chosen, note, count = proposed.id, None, 1
            while chosen in stored or (chosen != proposed.id and chosen in own):
                count += 1
                chosen = f"{proposed.id}-{count}"
            if chosen != proposed.id:
                note = (f"{proposed.id}: the store's {proposed.id} is another agreement (its parties, kind or dates "
                        f"differ); named {chosen}")
        renamed[proposed.id] = chosen
        matches.append(IdMatch(proposed.id, chosen, tuple(found), note))
    facts = []
    for fact in document.get("facts") or []:
        fact = dict(fact)
        if fact.get("type") == "agreement":
            fact["id"] = renamed.get(fact["id"], fact["id"])
            if fact.get("replaces"):
                fact["replaces"] = renamed.get(fact["replaces"], fact["replaces"])
        facts.append(fact)
    return {**document, "facts": facts}, matches


def annotate(text: str, notes: Iterable[str]) -> str:
    """Add notes as YAML comments after a document's leading comment block, where a reviewer reads first."""
    notes = list(notes)
    if not notes:
        return text
    lines = text.splitlines(keepends=True)
    head = 0
    while head < len(lines) and lines[head].startswith("#"):
        head += 1
    comments = ["#\n"] if head else []
    comments += [f"# {note}\n" for note in notes]
    return "".join(lines[:head] + comments + lines[head:])


# --- kg review ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contradiction:
    """One disagreement `kg query conflicts` finds between the proposal and another source."""

    source: str
    claim: str
    theirs: str
    ours: str


@dataclass(frozen=True)
class ReviewLine:
    """One proposed fact or event, and what the store makes of it."""

    line: int | None
    agreement: str
    proposal: str
    verdict: str  # new agreement | new event | agrees | contradicts | not compared
    agrees: tuple[str, ...] = ()
    contradicts: tuple[Contradiction, ...] = ()
    note: str | None = None

    def summary(self) -> str:
        """The verdict in words: 'contradicts rbc-68efdb2b: date 2025-10-15 (here 2025-10-16); agrees with ...'."""
        if self.verdict == "new event":
            words = [f"new event on {self.agreement}"]
        elif self.verdict in ("agrees", "contradicts"):
            words = [f"contradicts {c.source}: {c.claim} {c.theirs} (here {c.ours})" for c in self.contradicts]
            if self.agrees:
                words.append(f"agrees with {', '.join(self.agrees)}")
        else:
            words = [self.verdict]
        words = words or [self.verdict]
        if self.note:
            words.append(self.note)
        return "; ".join(words)


def _as_record(fact: AgreementFact) -> dict[str, Any]:
    """The fields of an agreement fact that matching reads, as kg extract writes them."""
    return {"type": "agreement", "id": fact.id, "parties": list(fact.parties), "kind": fact.kind,
            "events": [{"type": e.type, "date": e.date.isoformat() if e.date else None} for e in fact.events]}


def _describe(event_type: str, date: PartialDate | None, by: str | None) -> str:
    """An event as `kg query conflicts` writes it in denied and order claims: 'ratified 2025-10-07 by RUS-STATE-DUMA'."""
    return event_type + (f" {date}" if date else "") + (f" by {by}" if by else "")


def _same_source_block(store: ox.Store, source: Source) -> bool:
    """Whether the store's block for a source id says exactly what the proposal's does."""
    node = ox.NamedNode(str(source_iri(source.id)))
    graph = ox.NamedNode(str(graph_iri(source.id)))
    stored = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(node, None, None, graph)}
    stored |= {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(graph, None, None, graph)}
    proposed = {(q.subject, q.predicate, q.object) for q in map(ox_quad, source_quads(source))}
    return stored == proposed


def _merged_store(store: ox.Store, sources: list[Source], facts: list[Fact]) -> ox.Store:
    """An in-memory copy of the store with the proposal's graphs added, as a build of both would give."""
    merged = ox.Store()
    batch = [q for q in store.quads_for_pattern(None, None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)]
    for source in sources:
        batch.extend(map(ox_quad, source_quads(source)))
    for fact in facts:
        batch.extend(map(ox_quad, fact_quads(fact)))
    merged.bulk_extend(batch)
    _fill_default_graph(merged)
    return merged


def _check_proposal_sources(path: Path, parsed_sources: list[Source], facts: list[Fact], store: ox.Store,
                            store_path: Path) -> None:
    """Refuse what kg accept would refuse: a source the store defines differently, a fact naming no known source."""
    known = {g.value.removeprefix(_GRAPH) for g in store.named_graphs()}
    for source in parsed_sources:
        if source.id in known and not _same_source_block(store, source):
            raise FactFileError(str(path), source.origin.line if source.origin else None, "id",
                                f"source '{source.id}' is already in the store ({store_path}) with a different block; "
                                "kg accept would refuse it: give the article its own id (front matter 'id') or make "
                                "the blocks identical")
    defined = {s.id for s in parsed_sources} | known
    for fact in facts:
        if fact.source not in defined:
            origin = fact.origin
            raise FactFileError(str(path), origin.line_of("source") if origin else None, "source",
                                f"source '{fact.source}' is defined neither in the proposal nor in the store; add its "
                                "source block")


def review(path: Path, store_path: Path, gazetteer: Gazetteer | None = None) -> list[ReviewLine]:
    """Compare each fact of a proposal with the built store: new, agreeing or contradicting, and with which source."""
    parsed = load_file(path, gazetteer or default_gazetteer())
    store = open_store(store_path)
    _check_proposal_sources(path, parsed.sources, parsed.facts, store, store_path)
    stored = _stored_agreements(store)
    stages = _stages(store)
    ours = {f.source for f in parsed.facts}
    merged = _merged_store(store, parsed.sources, parsed.facts)
    conflicts = [row for row in _select(merged, named_queries()["conflicts"].text)
                 if row["source1"] in ours or row["source2"] in ours]

    def contradictions(agreement: str, test: Any) -> tuple[Contradiction, ...]:
        found = []
        for row in conflicts:
            if row["subject"] != f"agreement/{agreement}":
                continue
            mine_first = row["source1"] in ours
            ours_value, theirs_value = (row["value1"], row["value2"]) if mine_first else (row["value2"], row["value1"])
            other = row["source2"] if mine_first else row["source1"]
            if test(row, ours_value):
                found.append(Contradiction(other, row["claim"], theirs_value, ours_value))
        return tuple(dict.fromkeys(found))

    lines: list[ReviewLine] = []
    proposals = {p.id: p for p in _proposals_of({"facts": [_as_record(f) for f in parsed.facts
                                                           if isinstance(f, AgreementFact)]})}
    for fact in parsed.facts:
        line = fact.origin.line if fact.origin else None
        if not isinstance(fact, AgreementFact):
            lines.append(ReviewLine(line, "", fact.__class__.__name__.removesuffix("Fact").lower(), "not compared",
                                    note="kg review compares agreements"))
            continue
        claim = f"parties {';'.join(ordered_parties(fact.parties))}, kind {fact.kind}"
        known = stored.get(fact.id)
        if known is None:
            found = _candidates(proposals[fact.id], stored, stages)
            other = _candidates(proposals[fact.id], stored, stages, any_kind=True)
            if found:
                note = (f"the store's {found[0]} has the same parties and kind, with compatible dates: "
                        "use its id ('kg extract --against')")
            elif other:
                kinds = sorted({k for p, k in stored[other[0]].claims.values() if p == proposals[fact.id].parties})
                note = (f"the store's {other[0]} has the same parties, with compatible dates, but kind {', '.join(kinds)}: "
                        "if it is that agreement, correct the kind and use its id")
            else:
                note = None
            lines.append(ReviewLine(line, fact.id, claim, "new agreement", note=note))
            lines.extend(ReviewLine(line, fact.id, _describe(e.type, e.date, e.by), "new agreement") for e in fact.events)
            continue
        mine = (frozenset(fact.parties), fact.kind)
        agrees = tuple(s for s, c in sorted(known.claims.items()) if c == mine)
        against = contradictions(fact.id, lambda row, _value: row["claim"] in ("kind", "parties"))
        lines.append(ReviewLine(line, fact.id, claim, "contradicts" if against else "agrees", agrees, against))
        for event in fact.events:
            def same(row: dict[str, str], value: str, event: Any = event) -> bool:
                if row["claim"] in ("date", "place"):
                    if row["event"] != event.type or row["by"] != (event.by or ""):
                        return False
                    if row["claim"] == "date":
                        return value == (event.date.isoformat() if event.date else "")
                    return value.lower() == (event.place or "").lower()
                return row["claim"] in ("denied", "order") and value == _describe(event.type, event.date, event.by)

            against = contradictions(fact.id, same)
            agrees = tuple(sorted({e.source for e in known.events if e.type == event.type and e.by == event.by
                                   and (e.date is None or event.date is None or _overlap(e.date, event.date))}))
            verdict = "contradicts" if against else "agrees" if agrees else "new event"
            lines.append(ReviewLine(line, fact.id, _describe(event.type, event.date, event.by)
                                    + (f" in {event.place}" if event.place else ""), verdict, agrees, against))
    return lines


def format_review(lines: list[ReviewLine], fmt: str = "table") -> str:
    """Print a review as an aligned table (one line per proposed fact and event) or as JSON."""
    if fmt == "json":
        return json.dumps([{**asdict(line), "contradicts": [asdict(c) for c in line.contradicts],
                            "summary": line.summary()} for line in lines], ensure_ascii=False, indent=2) + "\n"
    rows = [[str(line.line or ""), line.agreement, line.proposal, line.summary()] for line in lines]
    return "".join(_table_lines(["line", "agreement", "proposal", "verdict"], rows))


# --- kg accept ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AcceptReport:
    """What kg accept wrote: where, how many facts and source blocks, and how many were there already."""

    target: Path
    facts: int
    sources: int
    skipped: int
    created: bool


_FACT_SUFFIXES = (".yaml", ".yml")


def _plain(value: Any) -> Any:
    """The values a YAML reader returned, as plain dicts and lists a YAML writer can print."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _raw_document(path: Path) -> dict[str, Any]:
    """The proposal as written (field order, spelling of names), to append it as the analyst left it."""
    text = path.read_text(encoding="utf-8-sig")
    document = json.loads(text) if path.suffix.lower() == ".json" else load_with_lines(text)
    return _plain(document)


def _sources_of(parsed_sources: list[Source], facts: list[Fact]) -> list[str]:
    return list(dict.fromkeys([s.id for s in parsed_sources] + [f.source for f in facts]))


def default_target(data_dir: Path, source_ids: list[str]) -> Path:
    """Where accepted facts go without --into: a file named after the one source, else extracted.yaml."""
    root = data_dir / "facts" if (data_dir / "facts").is_dir() or not data_dir.is_dir() else data_dir
    return root / (f"{source_ids[0]}.yaml" if len(source_ids) == 1 else "extracted.yaml")


def _dump_item(item: dict[str, Any], indent: int) -> str:
    """One list item in the house style of the fact files (short lists and events inline)."""
    text = to_yaml(item)
    out = []
    for number, row in enumerate(text.splitlines()):
        prefix = " " * indent + ("- " if number == 0 else "  ")
        out.append(prefix + row if row else "")
    return "\n".join(out) + "\n"


def _block_end(lines: list[str], top: LineDict, key: str) -> int:
    """The index of the line before which a top-level key's block ends (comments above the next key stay with it)."""
    after = sorted(line for name, line in top.key_lines.items() if line > top.key_lines[key])
    end = after[0] - 1 if after else len(lines)
    while after and end > 0 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return end


def _item_indent(lines: list[str], value: Any) -> int:
    if isinstance(value, LineList) and value and getattr(value, "item_lines", None):
        row = lines[value.item_lines[0] - 1]
        return len(row) - len(row.lstrip(" "))
    return 2


def _append(text: str, target: Path, sources: list[dict[str, Any]], facts: list[dict[str, Any]]) -> str:
    """Insert source blocks and facts into an existing fact file's text, keeping every line it has."""
    try:
        top = load_with_lines(text)
    except yaml.YAMLError as exc:
        raise KgError(f"{target}: cannot append to it: it is not readable YAML ({exc})") from None
    if top is None:
        top = LineDict()
        top.key_lines = {}
    if not isinstance(top, LineDict):
        raise KgError(f"{target}: cannot append to it: it is not a fact file (a mapping with 'facts:')")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for key in ("sources", "facts"):
        if key in top:
            row = lines[top.key_lines[key] - 1]
            rest = row.split(":", 1)[1].split("#", 1)[0].strip() if ":" in row else "?"
            if not row.startswith(f"{key}:") or (rest and rest != "[]"):
                raise KgError(f"{target}, line {top.key_lines[key]}, field '{key}': kg accept appends to a block list "
                              f"('{key}:' on its own line, one '- ' item per line); rewrite it so and run kg accept again")
            if rest == "[]":
                lines[top.key_lines[key] - 1] = f"{key}:\n"
    inserts: list[tuple[int, str]] = []
    if facts:
        at = _block_end(lines, top, "facts") if "facts" in top else len(lines)
        head = "" if "facts" in top else "facts:\n"
        inserts.append((at, head + "".join(_dump_item(f, _item_indent(lines, top.get("facts"))) for f in facts)))
    if sources:
        if "sources" in top:
            at, head = _block_end(lines, top, "sources"), ""
        else:
            at = top.key_lines["facts"] - 1 if "facts" in top else len(lines)
            while at > 0 and lines[at - 1].startswith("#"):
                at -= 1
            head = "sources:\n"
        inserts.append((at, head + "".join(_dump_item(s, _item_indent(lines, top.get("sources"))) for s in sources)))
    for at, chunk in sorted(inserts, key=lambda x: x[0], reverse=True):
        lines.insert(at, chunk)
    return "".join(lines)


def _new_file(proposal: Path, sources: list[dict[str, Any]], facts: list[dict[str, Any]]) -> str:
    header = f"# Facts accepted with 'kg accept' from {proposal.name}: review them as you would any fact file.\n"
    ids = {s["id"] for s in sources}
    if len(sources) == 1 and all(f.get("source") in ids for f in facts):
        body = {"source": sources[0], "facts": [{k: v for k, v in f.items() if k != "source"} for f in facts]}
    else:
        body = {"sources": sources, "facts": facts} if sources else {"facts": facts}
    return header + to_yaml(body)


def _with_source(item: dict[str, Any], source: str) -> dict[str, Any]:
    """A fact naming its source, right after its type as the curated files write it."""
    out = {"type": item.get("type")}
    out["source"] = item.get("source") or source
    out.update((k, v) for k, v in item.items() if k not in ("type", "source"))
    return out


def accept(proposal: Path, data_dir: Path, into: Path | None = None, gazetteer: Gazetteer | None = None) -> AcceptReport:
    """Append a proposal's facts and source blocks to a fact file of the data folder, refusing what the loaders refuse."""
    from .outputs import prepare_output_file, write_atomically

    gazetteer = gazetteer or default_gazetteer()
    if proposal.suffix.lower() not in (*_FACT_SUFFIXES, ".json"):
        raise KgError(f"{proposal}: kg accept reads a YAML or JSON proposal (what kg extract writes), not "
                      f"'{proposal.suffix or 'a file without an extension'}'")
    parsed = load_file(proposal, gazetteer)
    files = fact_files(data_dir)
    if proposal.resolve() in {f.resolve() for f in files}:
        raise KgError(f"{proposal} is already in the data folder '{data_dir}': kg build reads it as it is; "
                      "move it out of the folder to accept it into another file")
    target = into or default_target(data_dir, _sources_of(parsed.sources, parsed.facts))
    if target.suffix.lower() not in _FACT_SUFFIXES:
        raise KgError(f"{target}: kg accept writes YAML fact files; give --into a file ending in .yaml")
    if target.is_dir():
        raise KgError(f"'{target}' is a folder; give --into the name of a .yaml file")
    base_paths = files + ([target] if target.exists() and target.resolve() not in {f.resolve() for f in files} else [])
    base: DataSet = load_data(data_dir, gazetteer, paths=base_paths)
    load_data(data_dir, gazetteer, paths=[*base_paths, proposal])  # the proposal last: its errors name its lines
    raw = _raw_document(proposal)
    default_source = raw.get("source")
    default_id = default_source.get("id") if isinstance(default_source, dict) else default_source
    raw_facts = raw.get("facts") or []
    assert len(raw_facts) == len(parsed.facts)
    present = set(base.facts)
    new = [(_with_source(item, str(default_id)), fact) for item, fact in zip(raw_facts, parsed.facts, strict=True)
           if fact not in present]
    raw_sources = ([default_source] if isinstance(default_source, dict) else []) + list(raw.get("sources") or [])
    blocks = [(block, source) for block, source in zip(raw_sources, parsed.sources, strict=True)
              if source.id not in base.sources]
    skipped = len(parsed.facts) - len(new)
    if not new:
        return AcceptReport(target, 0, 0, skipped, False)
    created = not target.exists()
    before = load_file(target, gazetteer) if not created else None
    if created:
        text = _new_file(proposal, [b for b, _ in blocks], [f for f, _ in new])
    else:
        old = target.read_text(encoding="utf-8-sig")
        text = _append(old, target, [b for b, _ in blocks], [f for f, _ in new])
    _check_round_trip(text, target, gazetteer, before, [s for _, s in blocks], [f for _, f in new])
    prepare_output_file(target)
    write_atomically(target, text)
    return AcceptReport(target, len(new), len(blocks), skipped, created)


def _check_round_trip(text: str, target: Path, gazetteer: Gazetteer, before: Any, sources: list[Source],
                      facts: list[Fact]) -> None:
    """Read the new text back: it must hold exactly the old file's facts and sources plus the accepted ones."""
    from .loaders._records import parse_document

    try:
        after = parse_document(load_with_lines(text), str(target), gazetteer)
    except (KgError, yaml.YAMLError) as exc:
        raise KgError(f"{target}: the merged file would not load ({exc}); nothing was written") from None
    want_facts = (list(before.facts) if before else []) + facts
    want_sources = {s.id: s for s in (list(before.sources) if before else []) + sources}
    if after.facts != want_facts or {s.id: s for s in after.sources} != want_sources:
        raise KgError(f"{target}: the merged file would not read back as the file plus the proposal; nothing was "
                      "written (append the facts by hand)")
