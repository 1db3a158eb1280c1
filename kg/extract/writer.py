"""Write extracted agreements as fact records in the schema of data/facts/ (YAML or JSON)."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import KgError
from ..resources import resource_path

if TYPE_CHECKING:  # resolve imports assign_ids from here
    from .reader import Article
    from .resolve import Event, Frame

__all__ = ["ID_SCHEME_FILE", "agreement_facts", "agreement_id", "assign_ids", "confidence", "ordered_parties", "render",
           "source_block", "to_yaml"]

#: The data file of the id scheme: which parties come first, the short forms of kinds.
ID_SCHEME_FILE = "data/agreement-ids.yaml"


@functools.cache
def _id_scheme() -> tuple[tuple[str, ...], dict[str, str]]:
    """Read the parties that come first in an id and the kinds' short forms from the shipped data file."""
    path = resource_path(ID_SCHEME_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KgError(f"{path}: cannot read the agreement id scheme ({exc})") from None
    first = data.get("first") if isinstance(data, dict) else None
    kinds = data.get("kinds") if isinstance(data, dict) else None
    if not isinstance(first, list) or not all(isinstance(x, str) for x in first):
        raise KgError(f"{path}, field 'first': give a list of actor ids, e.g. [RUS, FRA, USA]")
    if not isinstance(kinds, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in kinds.items()):
        raise KgError(f"{path}, field 'kinds': give a mapping of agreement kinds to their short forms")
    return tuple(first), dict(kinds)


def ordered_parties(parties: Iterable[str]) -> list[str]:
    """Parties in the curated order: the partner powers the id scheme lists first, then the others by id."""
    first, _ = _id_scheme()
    rank = {actor: index for index, actor in enumerate(first)}
    return sorted(set(parties), key=lambda p: (rank.get(p, len(rank)), p))


def agreement_id(parties: Iterable[str], kind: str, year: int | None) -> str:
    """Name an agreement '<parties>-<kind>-<year>' as the curated ids do, so extracted facts meet hand-written ones."""
    _, kinds = _id_scheme()
    return "-".join([*(p.lower() for p in ordered_parties(parties)), kinds.get(kind, kind),
                     *([str(year)] if year is not None else [])])


def assign_ids(frames: list[Frame]) -> None:
    """Give each agreement its id: the year is its first signing's, else the year the text names it by, else its first event's."""
    taken: dict[str, int] = {}
    for frame in frames:
        signed = sorted(e.date.year for e in frame.events if e.type == "signed" and e.date)
        years = sorted(e.date.year for e in frame.events if e.date)
        year = signed[0] if signed else frame.year if frame.year else years[0] if years else None
        base = agreement_id(frame.parties, frame.kind or "other", year)
        count = taken.get(base, 0) + 1
        taken[base] = count
        frame.id = base if count == 1 else f"{base}-{count}"


def source_block(article: Article, language: str, version: str) -> dict[str, Any]:
    """Describe the article as a fact-file source block, with a note that a person must review it."""
    block: dict[str, Any] = {"id": article.id}
    if article.title:
        block["title"] = article.title
    block["publisher"] = article.publisher or "unknown"
    if article.url:
        block["url"] = article.url
    if article.published:
        block["published"] = article.published.isoformat()
    block["language"] = language
    if article.author:
        block["author"] = article.author
    block["note"] = f"extracted by kg extract {version}; review before committing"
    return block


def _event_score(event: Event, named: bool, kinded: bool, mention: bool) -> float:
    score = 0.5
    score += 0.15 if event.verb else 0.0
    if event.date is not None:
        score += 0.1 if event.date.precision != "year" else 0.05
    elif event.date_problem:
        score -= 0.1
    score += 0.15 if named else 0.0
    score += 0.05 if kinded else 0.0
    score -= 0.0 if mention else 0.1
    return score


def confidence(events: list[Event], named: bool, kinded: bool, mention: bool, provisions: bool) -> float:
    """Score a fact from its rules' strength: explicit verb, date, both parties named, kind named."""
    if events:
        score = min(_event_score(e, named, kinded, mention) for e in events)
    else:
        score = (0.6 if mention else 0.5) + (0.05 if provisions else 0.0) + (0.05 if named else 0.0)
    return round(min(0.95, max(0.3, score)), 2)


def _event_record(event: Event) -> dict[str, Any]:
    record: dict[str, Any] = {"type": event.type}
    if event.date is not None:
        record["date"] = event.date.isoformat()
    if event.by:
        record["by"] = event.by
    if event.place:
        record["place"] = event.place
    return record


def agreement_facts(frame: Frame, body: str, source_id: str | None = None) -> list[dict[str, Any]]:
    """One fact per sentence that says something about the agreement, each with its own evidence."""
    groups: dict[tuple[int, int], list[int]] = {}
    for index, claim in enumerate(frame.claims):
        groups.setdefault((claim.start, claim.end), []).append(index)
    facts: list[dict[str, Any]] = []
    for (start, end), indexes in sorted(groups.items()):
        claims = [frame.claims[i] for i in indexes]
        events = [e for e in frame.events if any(i in e.claims for i in indexes)]
        domains = list(dict.fromkeys(d for c in claims for d in c.domains))
        provisions = list(dict.fromkeys(p for c in claims for p in c.provisions))
        if not (events or domains or provisions) and (facts or frame.events):
            continue
        fact: dict[str, Any] = {"type": "agreement"}
        if source_id:
            fact["source"] = source_id
        fact["id"] = frame.id
        fact["parties"] = ordered_parties(frame.parties)
        fact["kind"] = frame.kind
        if domains:
            fact["domains"] = domains
        if provisions:
            fact["provisions"] = provisions
        if frame.replaces is not None and not any("replaces" in f for f in facts):
            fact["replaces"] = frame.replaces.id
        if events:
            fact["events"] = [_event_record(e) for e in events]
        named = any(len(c.parties) >= 2 for c in claims)
        kinded = any(c.kind for c in claims)
        mention = any(c.mention for c in claims)
        fact["confidence"] = confidence(events, named, kinded, mention, bool(provisions))
        evidence: dict[str, Any] = {"quote": body[start:end], "start": start, "end": end}
        notes = [n for e in events if e.claims and e.claims[0] in indexes for n in e.notes]
        notes += [f"date left out: {e.date_problem}" for e in events if e.date is None and e.date_problem]
        if not named:
            notes.append("parties taken from the surrounding sentences")
        if notes:
            evidence["note"] = "; ".join(dict.fromkeys(notes))
        fact["evidence"] = evidence
        facts.append(fact)
    return facts


class _Dumper(yaml.SafeDumper):
    """Block YAML with short lists and events inline, like the hand-written fact files."""


def _short(value: Any) -> bool:
    return not isinstance(value, (dict, list)) and (not isinstance(value, str) or len(value) < 40)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    # short names inline ([RUS, TGO]), and events ({type: signed, date: ...}); source blocks, with their notes, as blocks
    flow = (all(isinstance(x, str) and len(x) < 40 for x in data) and len(data) <= 8) or \
        (all(isinstance(x, dict) and all(_short(v) for v in x.values()) for x in data) and data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=bool(flow))


_Dumper.add_representer(list, _represent_list)


def to_yaml(value: Any) -> str:
    """Write a value as block YAML in the house style of the fact files, so appended facts look hand-written."""
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def render(document: dict[str, Any], fmt: str = "yaml", header: str | None = None) -> str:
    """Print a fact document as YAML (with an optional comment header) or as one JSON document."""
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    text = to_yaml(document)
    if header:
        text = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) + text
    return text
