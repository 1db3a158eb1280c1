"""Turn parsed fact-file documents into typed fact records, checking every field on the way."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote as _percent_encode

import pyoxigraph

from ..errors import FactFileError
from ..facts import (
    AgreementFact,
    DateFormatError,
    DeploymentFact,
    Event,
    Evidence,
    Fact,
    MembershipFact,
    ObservationFact,
    OfficeFact,
    Origin,
    PartialDate,
    Source,
)
from ..gazetteer import Gazetteer, UnknownActorError
from ..vocab import (
    AGREEMENT_KINDS,
    DOMAINS,
    EVENT_TYPES,
    OBSERVATION_TOPICS,
    OFFICE_KINDS,
)
from ._yaml import MAX_DEPTH, LineDict, LineList

_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
_URL_RE = re.compile(r"https?://\S+")
# Characters no text field may hold: the ones a YAML file cannot hold either (control characters,
# unpaired UTF-16 halves from \u escapes, U+FFFE/U+FFFF), so JSON and CSV escapes meet the same rule.
_UNPRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
# ASCII characters an IRI cannot hold anywhere (RFC 3987); '%' is checked for its two hex digits.
_IRI_FORBIDDEN = frozenset(' "<>\\^`{|}')
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")

SOURCE_FIELDS = {"id", "title", "publisher", "url", "published", "language", "author", "note"}
EVIDENCE_FIELDS = {"quote", "start", "end", "note"}
COMMON_FIELDS = {"type", "source", "confidence", "evidence"}
FACT_FIELDS: dict[str, set[str]] = {
    "agreement": {"id", "parties", "kind", "title", "domains", "provisions", "events", "replaces"},
    "membership": {"member", "organisation", "start", "end"},
    "office": {"person", "office", "state", "title", "start", "end"},
    "deployment": {"sender", "host", "force", "role", "start", "end", "description"},
    "observation": {"subject", "topic", "description", "region", "related"},
}
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "agreement": ("id", "parties", "kind"),
    "membership": ("member", "organisation"),
    "office": ("person", "office", "state"),
    "deployment": ("host",),
    "observation": ("subject", "topic", "description"),
}
EVENT_FIELDS = {"type", "date", "by", "place", "signatories"}


@dataclass(frozen=True)
class LoadWarning:
    """Something in a fact file that is allowed but probably wrong; strict loading makes it an error."""

    path: str
    line: int | None
    field: str | None
    message: str

    def error(self) -> FactFileError:
        """Turn the warning into the error strict loading raises."""
        return FactFileError(self.path, self.line, self.field, f"{self.message} (a warning, refused in strict mode)")

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        what = f", field '{self.field}'" if self.field else ""
        return f"{where}{what}: {self.message}"


#: Called once by kg build, while it writes the store: yields ox.Quad, each in a named graph.
QuadStream = Callable[[], Iterable[pyoxigraph.Quad]]


@dataclass
class ParsedDocument:
    """The sources and facts of one file, before cross-file checks.

    A loader for bulk data (GDELT) gives `quads` instead of facts: streams kg build writes
    straight to the store, so the file is never held as records.
    """

    sources: list[Source] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    warnings: list[LoadWarning] = field(default_factory=list)
    quads: list[QuadStream] = field(default_factory=list)


def future_limit(today: _dt.date) -> _dt.date:
    """The last day a date may start on without a warning: the same day one year after today."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def _line(node: Any, key: str | None) -> int | None:
    return node.line_of(key) if isinstance(node, LineDict) and key else getattr(node, "line", None)


class _Reader:
    """Field-level checks for one file, carrying the path so every error can name it."""

    def __init__(self, path: str, gazetteer: Gazetteer, today: _dt.date | None = None) -> None:
        self.path = path
        self.gazetteer = gazetteer
        self.today = today or _dt.date.today()
        self.warnings: list[LoadWarning] = []

    def warn(self, node: Any, key: str | None, message: str) -> None:
        self.warnings.append(LoadWarning(self.path, _line(node, key), key, message))

    def fail(self, node: Any, key: str | None, message: str) -> FactFileError:
        return FactFileError(self.path, _line(node, key), key, message)

    def mapping(self, node: Any, what: str, line_hint: Any = None, key: str | None = None) -> LineDict:
        if not isinstance(node, Mapping):
            raise self.fail(line_hint, key, f"{what} must be a mapping of field: value, not {_kind(node)}")
        if not isinstance(node, LineDict):
            wrapped = LineDict(node)
            wrapped.line = getattr(line_hint, "line", None)
            wrapped.key_lines = {}
            node = wrapped
        return node

    def check_fields(self, node: LineDict, allowed: set[str], what: str) -> None:
        for key in node:
            if key not in allowed:
                raise self.fail(
                    node, key, f"unknown field in {what}; allowed fields: {', '.join(sorted(allowed))}"
                )

    def require(self, node: LineDict, names: tuple[str, ...], what: str) -> None:
        for name in names:
            if node.get(name) in (None, "", []):
                raise self.fail(node, name, f"{what} needs a '{name}'")

    def text(self, node: LineDict, key: str) -> str | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, (Mapping, list)):
            raise self.fail(node, key, f"must be text, not {_kind(value)}")
        return str(value).strip() or None

    def identifier(self, node: LineDict, key: str) -> str:
        value = self.text(node, key) or ""
        if not _ID_RE.fullmatch(value):
            raise self.fail(node, key, f"'{value}' is not a valid id; use lower-case letters, digits and hyphens")
        return value

    def date(self, node: LineDict, key: str) -> PartialDate | None:
        value = self.text(node, key)
        if value is None:
            return None
        try:
            date = PartialDate.parse(value)
        except DateFormatError as exc:
            raise self.fail(node, key, str(exc)) from None
        limit = future_limit(self.today)
        if (date.year, date.month or 1, date.day or 1) > (limit.year, limit.month, limit.day):
            self.warn(node, key, f"'{value}' is more than a year after today ({self.today.isoformat()}); "
                                 "check the date for a typo")
        return date

    def code(self, node: LineDict, key: str, allowed: frozenset[str]) -> str:
        value = self.text(node, key)
        if value not in allowed:
            raise self.fail(node, key, f"'{value}' is not one of: {', '.join(sorted(allowed))}")
        return value

    def text_list(self, node: LineDict, key: str) -> list[str]:
        value = node.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(isinstance(v, (Mapping, list)) or v is None for v in value):
            raise self.fail(node, key, "must be a list of texts, e.g. [RUS, TGO]")
        return [str(v).strip() for v in value]

    def actor(self, node: LineDict, key: str, name: str | None = None) -> str:
        name = name if name is not None else self.text(node, key)
        if name is None:
            raise self.fail(node, key, "needs an actor")
        try:
            return self.gazetteer.resolve(name).id
        except UnknownActorError as exc:
            raise self.fail(node, key, str(exc)) from None

    def optional_actor(self, node: LineDict, key: str) -> str | None:
        return self.actor(node, key) if self.text(node, key) is not None else None

    def actors(self, node: LineDict, key: str) -> tuple[str, ...]:
        resolved = [self.actor(node, key, name) for name in self.text_list(node, key)]
        return tuple(dict.fromkeys(resolved))

    def codes(self, node: LineDict, key: str, allowed: frozenset[str]) -> tuple[str, ...]:
        values = self.text_list(node, key)
        for value in values:
            if value not in allowed:
                raise self.fail(node, key, f"'{value}' is not one of: {', '.join(sorted(allowed))}")
        return tuple(dict.fromkeys(values))

    def integer(self, node: LineDict, key: str) -> int | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(node, key, f"must be a whole number of characters from 0 up, not {value!r}")
        return value

    def source(self, node: Any, line_hint: Any, key: str) -> Source:
        block = self.mapping(node, "a source block", line_hint, key)
        self.check_fields(block, SOURCE_FIELDS, "a source block")
        self.require(block, ("id",), "a source block")
        if self.text(block, "publisher") is None:
            self.warn(block, "publisher", "the source names no publisher; write the outlet's name, "
                                          "or 'unknown' if it is not known")
        return Source(
            id=self.identifier(block, "id"),
            title=self.text(block, "title"),
            publisher=self.text(block, "publisher"),
            url=self.url(block),
            published=self.date(block, "published"),
            language=self.text(block, "language"),
            author=self.text(block, "author"),
            note=self.text(block, "note"),
            origin=Origin(self.path, block.line),
        )

    def url(self, block: LineDict) -> str | None:
        """Check an address will be a valid IRI in the store, suggesting its percent-encoded form if not."""
        value = self.text(block, "url")
        if value is None:
            return None
        encoded, bad = _encode_iri(value)
        if bad:
            raise self.fail(block, "url", f"'{value}' holds {_describe_chars(bad)}, which a web address cannot hold; "
                                          f"percent-encode {'it' if len(bad) == 1 else 'them'}: {encoded}")
        if not _URL_RE.fullmatch(value):
            raise self.fail(block, "url", f"'{value}' is not a web address; write it in full, starting with https://")
        try:
            pyoxigraph.NamedNode(value)
        except ValueError as exc:
            raise self.fail(block, "url", f"'{value}' is not a valid web address ({exc}); percent-encode characters "
                                          "that do not belong where they stand (e.g. a second '#' as %23)") from None
        return value

    def evidence(self, fact: LineDict) -> Evidence:
        confidence = fact.get("confidence")
        if confidence is not None:
            if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
                raise self.fail(fact, "confidence", f"must be a number from 0 to 1, not {confidence!r}")
            confidence = float(confidence)
        block = fact.get("evidence")
        if block is None:
            return Evidence(confidence=confidence)
        block = self.mapping(block, "evidence", fact, "evidence")
        self.check_fields(block, EVIDENCE_FIELDS, "evidence")
        start, end = self.integer(block, "start"), self.integer(block, "end")
        if (start is None) != (end is None):
            given, missing = ("start", "end") if end is None else ("end", "start")
            raise self.fail(block, given, f"evidence has '{given}' but no '{missing}'; give both offsets or neither")
        if start is not None and end is not None and end < start:
            raise self.fail(block, "end", f"ends ({end}) before it starts ({start})")
        return Evidence(
            quote=self.text(block, "quote"),
            start=start,
            end=end,
            confidence=confidence,
            note=self.text(block, "note"),
        )

    def event(self, node: Any, parent: LineDict, index: int) -> Event:
        events = parent.get("events")
        line_hint = _item_hint(events, index, parent)
        block = self.mapping(node, "an event", line_hint, "events")
        self.check_fields(block, EVENT_FIELDS, "an event")
        self.require(block, ("type",), "an event")
        return Event(
            type=self.code(block, "type", EVENT_TYPES),
            date=self.date(block, "date"),
            by=self.optional_actor(block, "by"),
            place=self.text(block, "place"),
            signatories=tuple(self.text_list(block, "signatories")),
        )

    def fact(self, node: Any, line_hint: Any, default_source: str | None) -> Fact:
        fact = self.mapping(node, "a fact", line_hint, "facts")
        fact_type = self.text(fact, "type")
        if fact_type not in FACT_FIELDS:
            raise self.fail(fact, "type", f"'{fact_type}' is not a fact type; use one of: {', '.join(FACT_FIELDS)}")
        self.check_fields(fact, FACT_FIELDS[fact_type] | COMMON_FIELDS, f"a {fact_type} fact")
        self.require(fact, REQUIRED_FIELDS[fact_type], f"a {fact_type} fact")
        source = self.text(fact, "source") or default_source
        if source is None:
            raise self.fail(fact, "source",
                            "every fact needs a source: add 'source: <id>' or a 'source' block at the top of the file")
        evidence = self.evidence(fact)
        field_lines = dict(fact.key_lines)
        block = fact.get("evidence")
        if isinstance(block, LineDict):
            field_lines.update((f"evidence.{name}", line) for name, line in block.key_lines.items())
        origin = Origin(self.path, fact.line, tuple(sorted(field_lines.items())))
        return _BUILDERS[fact_type](self, fact, source, evidence, origin)


def _agreement(r: _Reader, f: LineDict, source: str, evidence: Evidence, origin: Origin) -> AgreementFact:
    parties = r.actors(f, "parties")
    if len(parties) < 2:
        raise r.fail(f, "parties", "an agreement needs at least two different parties")
    events_node = f.get("events") or []
    if not isinstance(events_node, list):
        raise r.fail(f, "events", "must be a list of events, each with a 'type' and usually a 'date'")
    return AgreementFact(
        id=r.identifier(f, "id"),
        parties=parties,
        kind=r.code(f, "kind", AGREEMENT_KINDS),
        source=source,
        title=r.text(f, "title"),
        domains=r.codes(f, "domains", DOMAINS),
        provisions=tuple(r.text_list(f, "provisions")),
        events=tuple(r.event(e, f, i) for i, e in enumerate(events_node)),
        replaces=r.identifier(f, "replaces") if f.get("replaces") is not None else None,
        evidence=evidence,
        origin=origin,
    )


def _membership(r: _Reader, f: LineDict, source: str, evidence: Evidence, origin: Origin) -> MembershipFact:
    return MembershipFact(
        member=r.actor(f, "member"),
        organisation=r.actor(f, "organisation"),
        source=source,
        start=r.date(f, "start"),
        end=r.date(f, "end"),
        evidence=evidence,
        origin=origin,
    )


def _office(r: _Reader, f: LineDict, source: str, evidence: Evidence, origin: Origin) -> OfficeFact:
    return OfficeFact(
        person=r.text(f, "person") or "",
        office=r.code(f, "office", OFFICE_KINDS),
        state=r.actor(f, "state"),
        source=source,
        title=r.text(f, "title"),
        start=r.date(f, "start"),
        end=r.date(f, "end"),
        evidence=evidence,
        origin=origin,
    )


def _deployment(r: _Reader, f: LineDict, source: str, evidence: Evidence, origin: Origin) -> DeploymentFact:
    if f.get("sender") is None and f.get("force") is None:
        raise r.fail(f, "sender", "a deployment needs a 'sender' (the state behind the forces) or a 'force'")
    return DeploymentFact(
        sender=r.optional_actor(f, "sender"),
        host=r.actor(f, "host"),
        source=source,
        force=r.optional_actor(f, "force"),
        role=r.text(f, "role"),
        start=r.date(f, "start"),
        end=r.date(f, "end"),
        description=r.text(f, "description"),
        evidence=evidence,
        origin=origin,
    )


def _observation(r: _Reader, f: LineDict, source: str, evidence: Evidence, origin: Origin) -> ObservationFact:
    return ObservationFact(
        subject=r.actor(f, "subject"),
        topic=r.code(f, "topic", OBSERVATION_TOPICS),
        description=r.text(f, "description") or "",
        source=source,
        region=r.text(f, "region"),
        related=r.actors(f, "related"),
        evidence=evidence,
        origin=origin,
    )


_BUILDERS: dict[str, Callable[[_Reader, LineDict, str, Evidence, Origin], Fact]] = {
    "agreement": _agreement,
    "membership": _membership,
    "office": _office,
    "deployment": _deployment,
    "observation": _observation,
}


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{value}'"


def _item_hint(container: Any, index: int, parent: LineDict) -> LineDict:
    hint = LineDict()
    lines = getattr(container, "item_lines", None)
    hint.line = lines[index] if lines and index < len(lines) else parent.line
    hint.key_lines = {}
    return hint


def _encode_iri(value: str) -> tuple[str, list[str]]:
    """Percent-encode (UTF-8) what an IRI cannot hold; return the encoded text and the offending characters."""
    out: list[str] = []
    bad: list[str] = []
    for index, ch in enumerate(value):
        if ch in _IRI_FORBIDDEN or ch.isspace() or _UNPRINTABLE.match(ch) or (ch == "%" and not _PERCENT.match(value, index)):
            bad.append(ch)
            out.append(_percent_encode(ch, safe="", errors="backslashreplace"))
        else:
            out.append(ch)
    return "".join(out), list(dict.fromkeys(bad))


def _show_char(ch: str) -> str:
    if ch == " ":
        return "a space"
    if ch.isprintable() and not ch.isspace():
        return f"'{ch}'"
    return f"U+{ord(ch):04X}"


def _describe_chars(chars: list[str]) -> str:
    shown = [_show_char(ch) for ch in chars]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _text_problem(text: str) -> str | None:
    """Say why a text cannot go into the graph, or None if it can."""
    match = _UNPRINTABLE.search(text)
    if match is None:
        return None
    ch = match.group()
    if "\ud800" <= ch <= "\udfff":
        return (f"holds \\u{ord(ch):04x}, half of a UTF-16 surrogate pair without its other half; "
                "write the character itself (or, in YAML, as \\U0001F600)")
    return f"holds U+{ord(ch):04X}, an invisible control character or non-character; remove it"


def _check_values(document: Any, path: str) -> None:
    """Refuse unprintable text anywhere (keys too) and nesting no schema needs, before any field is read."""
    stack: list[tuple[Any, str | None, int | None, int]] = [(document, None, None, 1)]
    while stack:
        value, key, line, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise FactFileError(path, line, key, f"lists and mappings are nested more than {MAX_DEPTH} deep; "
                                                 "a fact file needs a few levels")
        if isinstance(value, str):
            problem = _text_problem(value)
            if problem:
                raise FactFileError(path, line, key, problem)
        elif isinstance(value, Mapping):
            lines = value.key_lines if isinstance(value, LineDict) else {}
            children = []
            for name, item in value.items():
                name_line = lines.get(name, getattr(value, "line", None) or line)
                if isinstance(name, str) and (problem := _text_problem(name)):
                    raise FactFileError(path, name_line, None, f"a field name {problem}")
                children.append((item, str(name), name_line, depth + 1))
            stack.extend(reversed(children))  # reversed, so the first problem in the file is the one reported
        elif isinstance(value, list):
            item_lines = getattr(value, "item_lines", None) or []
            stack.extend(reversed([(item, key, item_lines[index] if index < len(item_lines) else line, depth + 1)
                                   for index, item in enumerate(value)]))


def parse_document(document: Any, path: str, gazetteer: Gazetteer, today: _dt.date | None = None) -> ParsedDocument:
    """Check one parsed fact file against the schema and return its sources, facts and warnings."""
    reader = _Reader(path, gazetteer, today)
    if document is None:
        raise FactFileError(path, None, None, "the file is empty; a fact file holds 'facts:' and a 'source' block")
    _check_values(document, path)
    top = reader.mapping(document, "a fact file", None)
    reader.check_fields(top, {"source", "sources", "facts"}, "a fact file")
    parsed = ParsedDocument()
    default_source = None
    if top.get("source") is not None:
        if isinstance(top["source"], str):
            default_source = reader.identifier(top, "source")
        else:
            source = reader.source(top["source"], top, "source")
            parsed.sources.append(source)
            default_source = source.id
    sources = top.get("sources") or []
    if not isinstance(sources, list):
        raise reader.fail(top, "sources", "must be a list of source blocks")
    for index, block in enumerate(sources):
        parsed.sources.append(reader.source(block, _item_hint(sources, index, top), "sources"))
    facts = top.get("facts") or []
    if not isinstance(facts, list):
        raise reader.fail(top, "facts", "must be a list of facts, each with a 'type'")
    for index, node in enumerate(facts):
        parsed.facts.append(reader.fact(node, _item_hint(facts, index, top), default_source))
    parsed.warnings = reader.warnings
    return parsed


__all__ = ["LineList", "LoadWarning", "ParsedDocument", "QuadStream", "future_limit", "parse_document"]
