"""Loaders: one per source format, picked by file extension, all yielding the same fact records."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import FactFileError, KgError
from ..facts import AgreementFact, Fact, Source
from ..gazetteer import Gazetteer, default_gazetteer
from ._records import LoadWarning, ParsedDocument, QuadStream, future_limit, parse_document
from ._yaml import (
    MAX_DEPTH,
    MAX_DIGITS,
    DuplicateKeyError,
    LineDict,
    LineList,
    UnsupportedYAMLError,
    load_with_lines,
)

if TYPE_CHECKING:
    from ..extract.reader import Article

__all__ = [
    "ARTICLES_DIR", "FORMATS", "LOADERS", "DataFormat", "DataSet", "LoadWarning", "UnsupportedFormatError", "article_index",
    "detect_format", "future_limit", "load_data", "load_file", "supported_extensions",
]

#: The folder of a data folder that holds article texts evidence offsets point into.
ARTICLES_DIR = "articles"


class UnsupportedFormatError(KgError):
    """No loader handles a file's extension."""


@dataclass
class DataSet:
    """Every source and fact read from a data folder, checked across files, with the warnings met."""

    sources: dict[str, Source] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    warnings: list[LoadWarning] = field(default_factory=list)
    #: Files whose loader hands over quads rather than facts (ParsedDocument.quads), in file order.
    quad_streams: list[tuple[Path, QuadStream]] = field(default_factory=list)


def _read_text(path: Path) -> str:
    try:
        # utf-8-sig: a byte-order mark (as Windows tools write) is dropped, not read as part of the first field.
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FactFileError(str(path), None, None, f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as "
                                                   "UTF-8") from None
    except OSError as exc:
        raise FactFileError(str(path), None, None, f"cannot be read ({exc.strerror or exc})") from None


def _yaml_error(path: Path, text: str, exc: yaml.YAMLError) -> FactFileError:
    """Name the line of a YAML problem, whichever part of the YAML reader found it."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return FactFileError(str(path), line, None, f"holds U+{ord(char):04X}, a control character YAML does not "
                                                     "allow; remove it")
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        prefix = "" if isinstance(exc, (UnsupportedYAMLError, DuplicateKeyError)) else "malformed YAML: "
        hint = "; indent with spaces, not tabs" if "'\\t'" in str(exc.problem) else ""
        return FactFileError(str(path), mark.line + 1 if mark else None, getattr(exc, "field", None),
                             f"{prefix}{exc.problem or exc.context}{hint}")
    return FactFileError(str(path), None, None, f"malformed YAML: {exc}")


def load_yaml(path: Path, gazetteer: Gazetteer, today: _dt.date | None = None) -> ParsedDocument:
    """Read a YAML fact file safely, keeping line numbers for error messages."""
    text = _read_text(path)
    try:
        document = load_with_lines(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, text, exc) from None
    return parse_document(document, str(path), gazetteer, today)


class _DuplicateJsonKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _LongJsonNumber(Exception):
    pass


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _LongJsonNumber(text)
    return int(text)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateJsonKey(key)
        result[key] = value
    return result


def _line_of(text: str, pattern: str) -> int | None:
    match = re.search(pattern, text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _nesting_line(text: str, limit: int) -> int | None:
    """Find the line where JSON brackets first nest deeper than the limit (strings skipped)."""
    depth, line, in_string, escaped = 0, 1, False, False
    for ch in text:
        if ch == "\n":
            line += 1
        if in_string:
            escaped, in_string = (False, True) if escaped else (ch == "\\", ch != '"')
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return line
        elif ch in "]}":
            depth -= 1
    return None


def load_json(path: Path, gazetteer: Gazetteer, today: _dt.date | None = None) -> ParsedDocument:
    """Read a JSON fact file; the JSON parser judges syntax, the YAML reader supplies line numbers."""
    text = _read_text(path)
    duplicate = None
    try:
        document = json.loads(text, object_pairs_hook=_unique_keys, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise FactFileError(str(path), exc.lineno, None, f"malformed JSON: {exc.msg} (column {exc.colno})") from None
    except _DuplicateJsonKey as exc:
        duplicate, document = exc.key, None
    except RecursionError:
        raise FactFileError(str(path), _nesting_line(text, MAX_DEPTH), None,
                            f"lists and mappings are nested more than {MAX_DEPTH} deep; a fact file needs a few levels") from None
    except _LongJsonNumber:
        raise FactFileError(str(path), _line_of(text, rf"\d{{{MAX_DIGITS + 1}}}"), None,
                            f"a number with more than {MAX_DIGITS} digits; no field takes one (quote it if it is text)") from None
    try:
        with_lines = load_with_lines(text)
    except (UnsupportedYAMLError, DuplicateKeyError) as exc:
        raise _yaml_error(path, text, exc) from None  # nesting or duplicates the YAML reader can place on a line
    except yaml.YAMLError:
        with_lines = None
    if duplicate is not None:
        raise FactFileError(str(path), None, duplicate, "the key appears twice in one object; keep one")
    if with_lines == document:
        document = with_lines
    return parse_document(document, str(path), gazetteer, today)


CSV_COLUMNS = ("agreement", "parties", "kind", "event", "date", "by", "place", "domains", "source", "quote", "confidence")
_CSV_REQUIRED = ("agreement", "parties", "kind", "source")
_CSV_PER_AGREEMENT = ("parties", "kind", "domains", "quote", "confidence")
_CSV_EVENT_CELLS = ("date", "by", "place")
# Fact-record fields as CSV columns, so errors from the shared checks name the column to fix.
_CSV_FIELD_NAMES = {"id": "agreement", "type": "event", "events": "event", "evidence": "quote"}


def _csv_header(path: Path, reader: Any) -> list[str]:
    try:
        names = reader.fieldnames
    except csv.Error as exc:
        raise FactFileError(str(path), 1, None, f"malformed CSV: {exc}") from None
    if not names or not any(name.strip() for name in names):
        raise FactFileError(str(path), 1, None, f"has no header row; the columns are: {', '.join(CSV_COLUMNS)}")
    stripped = [name.strip() for name in names]
    for index, name in enumerate(stripped, 1):
        if not name:
            raise FactFileError(str(path), 1, None, f"column {index} of the header has no name; the columns are: "
                                                    f"{', '.join(CSV_COLUMNS)}")
        if name not in CSV_COLUMNS:
            raise FactFileError(str(path), 1, name, f"unknown column; the columns are: {', '.join(CSV_COLUMNS)}")
        if name in stripped[:index - 1]:
            raise FactFileError(str(path), 1, name, "the column appears twice in the header; keep one")
    reader.fieldnames = stripped
    return stripped


def _cell(row: dict[str, str | None], name: str) -> str:
    return (row.get(name) or "").strip()


def load_csv(path: Path, gazetteer: Gazetteer, today: _dt.date | None = None) -> ParsedDocument:
    """Read a table of agreement events, one row each, into agreement facts grouped by agreement and source."""
    text = _read_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = _csv_header(path, reader)
    grouped: dict[tuple[str, str], LineDict] = {}
    firsts: dict[tuple[str, str], dict[str, str]] = {}
    rows = iter(reader)
    line = reader.line_num
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:  # named by the line the row starts on
            raise FactFileError(str(path), line + 1, None, f"malformed CSV: {exc}") from None
        line = reader.line_num
        extra = row.pop(None, None)
        if extra:
            raise FactFileError(str(path), line, None, f"the row has {len(columns) + len(extra)} cells but the header "
                                                        f"names {len(columns)} columns; put cells holding commas in double "
                                                        "quotes")
        cell = partial(_cell, row)

        for name in _CSV_REQUIRED:
            if not cell(name):
                raise FactFileError(str(path), line, name, f"every row needs a value in the '{name}' column")
        key = (cell("agreement"), cell("source"))
        fact = grouped.get(key)
        if fact is None:
            fact = LineDict(type="agreement", id=key[0], source=key[1],
                            parties=[p for p in cell("parties").split(";") if p.strip()] or None,
                            kind=cell("kind"))
            if cell("domains"):
                fact["domains"] = [d.strip() for d in cell("domains").split(";") if d.strip()]
            if cell("quote"):
                fact["evidence"] = {"quote": cell("quote")}
            if cell("confidence"):
                try:
                    fact["confidence"] = float(cell("confidence"))
                except ValueError:
                    raise FactFileError(str(path), line, "confidence",
                                        f"'{cell('confidence')}' is not a number from 0 to 1") from None
            fact.line = line
            fact.key_lines = {name: line for name in fact}
            fact["events"] = LineList()
            fact["events"].item_lines = []
            grouped[key] = fact
            firsts[key] = {name: cell(name) for name in _CSV_PER_AGREEMENT} | {"line": str(line)}
        else:
            first = firsts[key]
            for name in _CSV_PER_AGREEMENT:
                if cell(name) and cell(name) != first[name]:
                    raise FactFileError(str(path), line, name, f"'{cell(name)}' differs from '{first[name]}' on line "
                                        f"{first['line']} for the same agreement and source; leave the cell empty or make "
                                        "them equal")
        if cell("event"):
            columns_of_event = (("type", "event"), ("date", "date"), ("by", "by"), ("place", "place"))
            event = LineDict((name, cell(col)) for name, col in columns_of_event if cell(col))
            event.line = line
            event.key_lines = {name: line for name in event}
            fact["events"].append(event)
            fact["events"].item_lines.append(line)
        else:
            for name in _CSV_EVENT_CELLS:
                if cell(name):
                    raise FactFileError(str(path), line, "event", f"the row gives a '{name}' but no event; "
                                                                  "write the event (signed, ratified, ...) or clear the cell")
    facts = LineList(grouped.values())
    facts.item_lines = [f.line for f in grouped.values() if f.line is not None]
    try:
        return parse_document({"facts": facts}, str(path), gazetteer, today)
    except FactFileError as exc:
        if exc.field not in _CSV_FIELD_NAMES:
            raise
        raise FactFileError(exc.path, exc.line, _CSV_FIELD_NAMES[exc.field], exc.message) from None


Loader = Callable[[Path, Gazetteer, _dt.date | None], ParsedDocument]

LOADERS: dict[str, Loader] = {
    ".yaml": load_yaml,
    ".yml": load_yaml,
    ".json": load_json,
    ".csv": load_csv,
}


# --- Data-set formats: `kg build --format NAME`, and a .csv read by the format whose header it has ---
@dataclass(frozen=True)
class DataFormat:
    """A third-party data set's loader, and the test that tells its files by their header."""

    load: Loader
    matches: Callable[[Path], bool]
    description: str


def _formats() -> dict[str, DataFormat]:
    from . import atop, cow

    return {
        "atop": DataFormat(atop.load_atop, atop.matches, "ATOP member-level or dyad-year alliance table"),
        "cow": DataFormat(cow.load_cow, cow.matches, "COW Formal Alliances dyad-year table (peacesciencer)"),
    }


#: Format name -> data-set loader; the CLI's --format choices are these names.
FORMATS: dict[str, DataFormat] = _formats()


def detect_format(path: Path) -> str | None:
    """Name the data-set format a .csv file's header belongs to, or None for a fact table."""
    if path.suffix.lower() != ".csv":
        return None
    return next((name for name, fmt in FORMATS.items() if fmt.matches(path)), None)


def supported_extensions() -> list[str]:
    """List the file extensions a fact file may have."""
    return sorted(LOADERS)


def load_file(path: Path, gazetteer: Gazetteer | None = None, today: _dt.date | None = None,
              fmt: str | None = None) -> ParsedDocument:
    """Pick the loader by format, else by header (data sets), else by extension, and read one file."""
    if fmt is not None and fmt not in FORMATS:
        raise UnsupportedFormatError(f"unknown format '{fmt}'; formats: {', '.join(sorted(FORMATS))}")
    name = fmt or detect_format(path)
    loader = FORMATS[name].load if name else LOADERS.get(path.suffix.lower())
    if loader is None:
        raise UnsupportedFormatError(
            f"{path}: no loader for '{path.suffix or 'files without an extension'}'; supported: "
            f"{', '.join(supported_extensions())}"
        )
    return loader(path, gazetteer or default_gazetteer(), today)


def fact_files(data_dir: Path) -> list[Path]:
    """Find the fact files of a data folder: its facts/ subfolder if it has one, else the folder itself (or the one file)."""
    if data_dir.is_file():  # a data set's table given by itself: --data atop-member-level.csv
        return [data_dir]
    if not data_dir.is_dir():
        raise KgError(f"data folder '{data_dir}' does not exist; pass --data with a folder that holds facts/")
    root = data_dir / "facts" if (data_dir / "facts").is_dir() else data_dir
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in LOADERS)


def load_data(
    data_dir: Path,
    gazetteer: Gazetteer | None = None,
    paths: Iterable[Path] | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    strict: bool = False,
    today: _dt.date | None = None,
    fmt: str | None = None,
    read: Callable[[Path], ParsedDocument] | None = None,
) -> DataSet:
    """Load every fact file of a data folder and check what spans files: sources, agreements, evidence offsets.

    Warnings (a date more than a year after today, a source without a publisher) are collected in
    DataSet.warnings; with strict=True the first one is raised as a FactFileError instead.
    `read` replaces load_file for one file (kg build passes one that reuses the previous build's parse).
    """
    gazetteer = gazetteer or default_gazetteer()
    files = list(paths) if paths is not None else fact_files(data_dir)
    data = DataSet(files=files)
    for done, path in enumerate(files, 1):
        document = read(path) if read is not None else load_file(path, gazetteer, today, fmt)
        if strict and document.warnings:
            raise document.warnings[0].error()
        data.warnings.extend(document.warnings)
        if progress:
            progress(done, len(files))
        for source in document.sources:
            known = data.sources.get(source.id)
            if known is not None and known != source:
                where = f"{known.origin.path}, line {known.origin.line}" if known.origin else "another file"
                raise FactFileError(str(path), source.origin.line if source.origin else None, "id",
                                    f"source '{source.id}' is already defined differently in {where}; give it another id or "
                                    "make the blocks identical")
            data.sources[source.id] = source
        data.facts.extend(document.facts)
        data.quad_streams.extend((path, stream) for stream in document.quads)
    _check_references(data)
    _check_evidence(data, data_dir)
    return data


def article_index(data_dir: Path) -> dict[str, Article]:
    """Read the articles under DATA/articles/, keyed by the source id kg extract gives each one."""
    folder = data_dir / ARTICLES_DIR
    if not folder.is_dir():
        return {}
    from ..extract.reader import SUFFIXES, read_article

    found: dict[str, Article] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
        article = read_article(path)
        if article.id in found:
            raise KgError(f"{path}: the article {found[article.id].path} is also source '{article.id}'; "
                          "give one of them another 'id' in its front matter, or another file name")
        found[article.id] = article
    return found


def _snippet(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= width else f"'{text[:width - 1]}…'"


def _evidence_error(fact: Fact, name: str, message: str) -> FactFileError:
    origin = fact.origin
    return FactFileError(origin.path if origin else "?", origin.line_of(f"evidence.{name}") if origin else None, name, message)


def _check_evidence(data: DataSet, data_dir: Path) -> None:
    """Check evidence offsets against the article text, for sources whose article is in the data folder."""
    with_offsets = [f for f in data.facts if f.evidence.start is not None and f.evidence.end is not None]
    if not with_offsets:
        return
    articles = article_index(data_dir)
    for fact in with_offsets:
        article = articles.get(fact.source)
        if article is None:
            continue
        ev = fact.evidence
        start, end, body = ev.start, ev.end, article.body
        assert start is not None and end is not None
        fail = partial(_evidence_error, fact)
        for name, offset in (("start", start), ("end", end)):
            if offset > len(body):
                raise fail(name, f"{offset} is past the end of the article text ({len(body)} characters, {article.path}); "
                                 "offsets count characters of the body, after the front matter")
        if ev.quote is None or body[start:end].strip() == ev.quote:
            continue
        places = [m.start() for m in re.finditer(re.escape(ev.quote), body)]
        there = f"at {start}..{end} the article ({article.path}) reads {_snippet(body[start:end])}"
        if not places:
            raise fail("start", f"the quote does not match the article: {there}, and the quote occurs nowhere in it; "
                                "copy the quote verbatim or correct the offsets")
        right = places[0]
        others = f" (and {len(places) - 1} more place{'s' if len(places) > 2 else ''})" if len(places) > 1 else ""
        field_name = "end" if right == start else "start"
        raise fail(field_name, f"the quote does not match the article: {there}; the quote is at start: {right}, "
                               f"end: {right + len(ev.quote)}{others}; write those offsets")


def _check_references(data: DataSet) -> None:
    """Refuse what only a slip in the fact files explains; sources that disagree are kept for `kg query conflicts`."""
    # Keyed by (agreement, source): two sources may give an agreement different kinds or parties,
    # each in its own graph; one source giving two would put both in one graph, past telling apart.
    agreements: dict[tuple[str, str], AgreementFact] = {}
    for fact in data.facts:
        if fact.source not in data.sources:
            raise _fact_error(fact, "source", f"source '{fact.source}' is not defined; add a source block with this id "
                                              f"(known: {_few(data.sources)})")
        if isinstance(fact, AgreementFact):
            first = agreements.setdefault((fact.id, fact.source), fact)
            for attr in ("kind", "parties"):
                mine, theirs = getattr(fact, attr), getattr(first, attr)
                if (set(mine) if attr == "parties" else mine) != (set(theirs) if attr == "parties" else theirs):
                    where = f"{first.origin.path}, line {first.origin.line}" if first.origin else "another fact"
                    raise _fact_error(fact, attr, f"agreement '{fact.id}' has {attr} {_show(theirs)} in {where} but "
                                                  f"{_show(mine)} here, both from source '{fact.source}'; one source gives "
                                                  f"an agreement one {attr}: correct the one that is wrong, or use another "
                                                  "id for a different agreement")
    known = {agreement_id for agreement_id, _ in agreements}
    for fact in data.facts:
        if isinstance(fact, AgreementFact) and fact.replaces and fact.replaces not in known:
            raise _fact_error(fact, "replaces", f"no agreement has the id '{fact.replaces}'; describe the earlier "
                                                "agreement in a fact too")


def _fact_error(fact: Fact, field_name: str, message: str) -> FactFileError:
    origin = fact.origin
    return FactFileError(origin.path if origin else "?", origin.line_of(field_name) if origin else None, field_name, message)


def _few(names: Iterable[str]) -> str:
    names = sorted(names)
    return ", ".join(names[:5]) + (", ..." if len(names) > 5 else "") if names else "none"


def _show(value: object) -> str:
    return "[" + ", ".join(value) + "]" if isinstance(value, tuple) else f"'{value}'"
