"""Write extracted agreements as fact records in the schema of data/facts/ (YAML or JSON)."""

from __future__ import annotations

import json
from typing import Any

import yaml

from .reader import Article
from .resolve import Event, Frame

__all__ = ["agreement_facts", "confidence", "render", "source_block"]


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
        fact["parties"] = sorted(frame.parties)
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


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = (all(isinstance(x, str) and len(x) < 40 for x in data) and len(data) <= 8) or \
        (all(isinstance(x, dict) and all(not isinstance(v, (dict, list)) for v in x.values()) for x in data) and data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=bool(flow))


_Dumper.add_representer(list, _represent_list)


def render(document: dict[str, Any], fmt: str = "yaml", header: str | None = None) -> str:
    """Print a fact document as YAML (with an optional comment header) or as one JSON document."""
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    text = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    if header:
        text = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) + text
    return text
