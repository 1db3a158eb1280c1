"""Property tests: whatever a fact file or an article holds, kg answers with a result or a KgError, never a crash."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KgError
from kg.facts import PartialDate
from kg.gazetteer import default_gazetteer
from kg.loaders import CSV_COLUMNS, load_data
from kg.loaders._records import (
    COMMON_FIELDS,
    EVENT_FIELDS,
    EVIDENCE_FIELDS,
    FACT_FIELDS,
    SOURCE_FIELDS,
)
from kg.mapping import dataset_quads
from kg.store import ox_quad

# No example database: the tests leave nothing behind in the checkout.
LOADER_SETTINGS = settings(max_examples=150, deadline=None, database=None,
                           suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
EXTRACT_SETTINGS = settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

GOOD_SOURCE = "source:\n  id: test-source\n  publisher: Test Wire\n  url: https://example.org/a\nfacts: []\n"

# Text with anything in it: controls, unpaired surrogates, combining marks, right-to-left, emoji.
ODD_CHARS = st.sampled_from(list("\x00\x07\x1b\x7f\x85\u00a0\u0301\u200b\u202e\ud800\udfff\ue000\ufeff\ufffe"
                                 "\U0001F91D\U0010FFFF|{}<>\"\\^`%#[]@:;,&*!'\t\n\r "))
# (A list joined, not st.text: st.text leaves surrogates out even when its alphabet holds them.)
ODD_TEXT = st.lists(st.one_of(st.characters(exclude_categories=()), ODD_CHARS), max_size=24).map("".join)
URLS = st.builds(lambda path, tail: "https://example.org/" + path + tail,
                 st.sampled_from(["a", "%zz", "%2", "é", "", "a?q=1#f"]), ODD_TEXT)
TYPICAL = st.sampled_from([
    "2025-02-30", "2024-02-29", "2025-13-01", "2025-00", "0000", "9999-12-31", "2025-1-1", "2025", "2999",
    "RUS", "TGO", "Moscou", "la Centrafrique", "AES", "RUS-STATE-DUMA", "NO", "Atlantis", "", " ",
    "signed", "ratified", "military-cooperation", "training", "head-of-state", "security-situation",
    "test-source", "Rus-Tgo", "a b", "https://example.org/a|b", "https://example.org/%zz", "https://x.org/é",
    "http://", "ftp://x", "https://x.org:80x/", "https://x.org/\x00", "\ufeffRUS", "R\u0301US", "\u202eSUR",
])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**30, max_value=10**120),
    st.floats(allow_nan=True, allow_infinity=True), ODD_TEXT, TYPICAL,
)
FIELD_NAMES = sorted(set().union(*FACT_FIELDS.values(), COMMON_FIELDS, SOURCE_FIELDS, EVIDENCE_FIELDS, EVENT_FIELDS,
                                 {"facts", "sources"}))
KEYS = st.one_of(st.sampled_from(FIELD_NAMES), ODD_TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                      max_leaves=12)
# For replacing one field of a valid record: mostly plausible values, sometimes anything.
FIELD_VALUES = st.one_of(TYPICAL, ODD_TEXT, SCALARS, VALUES)


@st.composite
def fact_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid fact file with one field of one record (fact, event, evidence or source) replaced or added."""
    fact_type = draw(st.sampled_from(sorted(FACT_FIELDS)))
    bases: dict[str, dict[str, Any]] = {
        "agreement": {"id": "rus-tgo-x", "parties": ["RUS", "TGO"], "kind": "other",
                      "events": [{"type": "signed", "date": "2025-03-27", "by": "RUS"}]},
        "membership": {"member": "MLI", "organisation": "AES", "start": "2023-09-16"},
        "office": {"person": "Faure Gnassingbé", "office": "head-of-government", "state": "TGO"},
        "deployment": {"sender": "RUS", "host": "MLI", "force": "AFRICA-CORPS", "role": "instructors"},
        "observation": {"subject": "TGO", "topic": "security-situation", "description": "Threats in the north."},
    }
    base = bases[fact_type]
    evidence = {"quote": "Words.", "start": 0, "end": 6}
    fact = {"type": fact_type, **base, "evidence": evidence, "confidence": 0.5}
    source = {"id": "doc-source", "publisher": "Test Wire", "url": "https://example.org/a", "published": "2025-10-08"}
    records: list[tuple[dict[str, Any], set[str]]] = [
        (fact, FACT_FIELDS[fact_type] | COMMON_FIELDS), (evidence, EVIDENCE_FIELDS), (source, SOURCE_FIELDS)]
    if fact_type == "agreement":
        records.append((base["events"][0], EVENT_FIELDS))
    record, fields = draw(st.sampled_from(records))
    if draw(st.integers(0, 9)):  # nine times in ten; else the file stays valid
        name = draw(st.sampled_from(sorted(fields)))
        record[name] = draw(st.one_of(URLS, FIELD_VALUES) if name == "url" else FIELD_VALUES)
    return {"source": source, "facts": [fact]}


@st.composite
def csv_tables(draw: st.DrawFn) -> str:
    """A CSV of agreement events with odd headers and cells (commas, quotes, line breaks, semicolons)."""
    header = draw(st.lists(st.one_of(st.sampled_from(CSV_COLUMNS), ODD_TEXT), min_size=1, max_size=12))
    cell = st.one_of(TYPICAL, ODD_TEXT, st.sampled_from(["RUS;TGO", "RUS;;", "0.8", "1e400", "nan", "a,b", '"q"', "x\ny"]))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(header) + 2), max_size=4))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _serialise(document: Any, fmt: str, ensure_ascii: bool) -> bytes:
    if fmt == ".json":
        return json.dumps(document, ensure_ascii=ensure_ascii, indent=1).encode("utf-8", "surrogatepass")
    return yaml.safe_dump(document, allow_unicode=not ensure_ascii, sort_keys=False).encode("utf-8", "surrogatepass")


def _loads_or_refuses(name: str, content: bytes) -> None:
    """Load one file beside a good source file; a loaded data set must also be storable."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "sources.yaml").write_text(GOOD_SOURCE, encoding="utf-8")
        path = root / name
        path.write_bytes(content)
        try:
            data = load_data(root, paths=[root / "sources.yaml", path])
        except KgError:
            return
        quads = [ox_quad(q) for q in dataset_quads(data.sources.values(), data.facts, default_gazetteer())]
        ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


@LOADER_SETTINGS
@given(document=fact_documents(), fmt=st.sampled_from([".yaml", ".json"]), ensure_ascii=st.booleans())
def test_near_valid_fact_files_load_or_raise_kg_error(document: dict[str, Any], fmt: str, ensure_ascii: bool) -> None:
    _loads_or_refuses("facts" + fmt, _serialise(document, fmt, ensure_ascii))


def _document(source: dict[str, Any], fact: dict[str, Any]) -> dict[str, Any]:
    return {"source": {"id": "doc-source", "publisher": "P", **source}, "facts": [fact]}


@LOADER_SETTINGS
@given(url=st.one_of(URLS, TYPICAL, ODD_TEXT), fmt=st.sampled_from([".yaml", ".json"]), ensure_ascii=st.booleans())
def test_any_source_url_is_refused_or_storable(url: str, fmt: str, ensure_ascii: bool) -> None:
    document = _document({"url": url}, {"type": "membership", "member": "MLI", "organisation": "AES"})
    _loads_or_refuses("facts" + fmt, _serialise(document, fmt, ensure_ascii))


TEXT_FIELDS = [
    ("source", "title"), ("source", "author"), ("source", "note"), ("source", "language"), ("source", "publisher"),
    ("office", "person"), ("office", "title"), ("deployment", "role"), ("deployment", "description"),
    ("observation", "description"), ("observation", "region"), ("event", "place"), ("event", "signatories"),
    ("agreement", "title"), ("agreement", "provisions"), ("evidence", "quote"), ("evidence", "note"),
]


@LOADER_SETTINGS
@given(where=st.sampled_from(TEXT_FIELDS), text=ODD_TEXT, fmt=st.sampled_from([".yaml", ".json"]), ensure_ascii=st.booleans())
def test_any_text_in_a_text_field_is_refused_or_storable(where: tuple[str, str], text: str, fmt: str,
                                                         ensure_ascii: bool) -> None:
    record, name = where
    facts: dict[str, dict[str, Any]] = {
        "office": {"type": "office", "person": "X", "office": "other", "state": "TGO"},
        "deployment": {"type": "deployment", "sender": "RUS", "host": "MLI"},
        "observation": {"type": "observation", "subject": "TGO", "topic": "security-situation", "description": "D."},
    }
    fact: dict[str, Any] = facts.get(record) or {"type": "agreement", "id": "a", "parties": ["RUS", "TGO"], "kind": "other",
                                 "events": [{"type": "signed"}]}
    source: dict[str, Any] = {}
    targets: dict[str, dict[str, Any]] = {"source": source, "event": fact.get("events", [{}])[0],
                                          "evidence": fact.setdefault("evidence", {})}
    targets.get(record, fact)[name] = text
    _loads_or_refuses("facts" + fmt, _serialise(_document(source, fact), fmt, ensure_ascii))


@LOADER_SETTINGS
@given(document=VALUES, fmt=st.sampled_from([".yaml", ".json"]), ensure_ascii=st.booleans())
def test_any_document_loads_or_raises_kg_error(document: Any, fmt: str, ensure_ascii: bool) -> None:
    _loads_or_refuses("facts" + fmt, _serialise(document, fmt, ensure_ascii))


@LOADER_SETTINGS
@given(table=csv_tables(), bom=st.booleans())
def test_any_csv_table_loads_or_raises_kg_error(table: str, bom: bool) -> None:
    _loads_or_refuses("events.csv", (("\ufeff" if bom else "") + table).encode("utf-8", "surrogatepass"))


_YAML_BITS = st.sampled_from(["&a ", "*a", "<<: ", "? ", ": ", "- ", "[", "]", "{", "}", ",", "!!binary ", "!!int ",
                              "!!seq ", "!!timestamp ", "!x ", "\n", "\n  ", "\t", "'", '"', "\\u", "#", "---\n", "|\n",
                              "facts:", "source:", "type: agreement", "0x1F", "1:2:3", ".inf", "~"])


@LOADER_SETTINGS
@given(pieces=st.lists(st.one_of(_YAML_BITS, ODD_TEXT), max_size=30), fmt=st.sampled_from([".yaml", ".json", ".csv"]))
def test_any_text_loads_or_raises_kg_error(pieces: list[str], fmt: str) -> None:
    _loads_or_refuses("facts" + fmt, "".join(pieces).encode("utf-8", "surrogatepass"))


@LOADER_SETTINGS
@given(content=st.binary(max_size=200), fmt=st.sampled_from([".yaml", ".json", ".csv"]))
def test_any_bytes_load_or_raise_kg_error(content: bytes, fmt: str) -> None:
    _loads_or_refuses("facts" + fmt, content)


# -- the extractor -------------------------------------------------------------------------------------

WORDS = [
    "Le", "la", "les", "de", "du", "avec", "et", "a", "ont", "signé", "ratifié", "approuvé", "un", "accord",
    "de coopération militaire", "défense", "Russie", "Togo", "Moscou", "Lomé", "la Douma d'État", "mardi",
    "7 octobre 2025", "octobre", "le 12 avril", "Centrafrique", "Mali", "AES", "France", "Paris", "l’accord",
    "The", "and", "signed", "ratified", "a", "defence", "agreement", "military cooperation", "Russia", "Niger",
    "United States", "on", "Tuesday", "March 27, 2025", "2017", "1963", "2025-02-30", "memorandum of understanding",
    "in", "Washington", "the State Duma", "Burkina Faso", "Wagner", "Africa Corps", "formation", "renseignement",
    "«", "»", "—", "(", ")", ";", ":", "?", "!", "…", "’", "\"", "42", "0", "99999", "1er", "XXIe", "🤝", "ǅ", "ﬁ",
    "\u200b", "\u00a0", "Ω", "İ", "ß",
]
SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", ".\n", "\n\n", " — ", "\t"])


@st.composite
def article_texts(draw: st.DrawFn) -> str:
    """Article-like text: French and English words, names, dates, punctuation, digits and odd Unicode."""
    parts = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60))
    return "".join(part + draw(SEPARATORS) for part in parts)


@EXTRACT_SETTINGS
@given(text=article_texts(), kind=st.sampled_from(["text", "markdown", "html"]),
       language=st.sampled_from([None, "fr", "en"]), published=st.sampled_from([None, PartialDate(2025, 10, 8)]))
def test_extractor_returns_facts_or_raises_kg_error(text: str, kind: str, language: str | None,
                                                    published: PartialDate | None) -> None:
    from kg.extract import extract_text

    try:
        extraction = extract_text(text, kind=kind, language=language, published=published)
    except KgError:
        return
    for fact in extraction.facts:
        evidence = fact["evidence"]
        assert extraction.article.body[evidence["start"]:evidence["end"]] == evidence["quote"]
