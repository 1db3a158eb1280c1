"""Loaders: one per source format, picked by file extension, all yielding the same fact records."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import FactFileError, KgError
from ..facts import AgreementFact, Fact, Source
from ..gazetteer import Gazetteer, default_gazetteer
from ._records import ParsedDocument, parse_document
from ._yaml import load_with_lines

__all__ = ["DataSet", "UnsupportedFormatError", "LOADERS", "load_file", "load_data", "supported_extensions"]


class UnsupportedFormatError(KgError):
    """No loader handles a file's extension."""


@dataclass
class DataSet:
    """Every source and fact read from a data folder, checked across files."""

    sources: dict[str, Source] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FactFileError(str(path), None, None, f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None


def load_yaml(path: Path, gazetteer: Gazetteer) -> ParsedDocument:
    """Read a YAML fact file safely, keeping line numbers for error messages."""
    text = _read_text(path)
    try:
        document = load_with_lines(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise FactFileError(str(path), line, None, f"malformed YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise FactFileError(str(path), None, None, f"malformed YAML: {exc}") from None
    return parse_document(document, str(path), gazetteer)


def load_json(path: Path, gazetteer: Gazetteer) -> ParsedDocument:
    """Read a JSON fact file; the JSON parser judges syntax, the YAML reader supplies line numbers."""
    text = _read_text(path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FactFileError(str(path), exc.lineno, None, f"malformed JSON: {exc.msg} (column {exc.colno})") from None
    try:
        with_lines = load_with_lines(text)
        if with_lines == document:
            document = with_lines
    except yaml.YAMLError:
        pass
    return parse_document(document, str(path), gazetteer)


CSV_COLUMNS = ("agreement", "parties", "kind", "event", "date", "by", "place", "domains", "source", "quote", "confidence")


def load_csv(path: Path, gazetteer: Gazetteer) -> ParsedDocument:
    """Read a table of agreement events, one row each, into agreement facts grouped by agreement and source."""
    from ._yaml import LineDict, LineList

    text = _read_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    unknown = [name for name in reader.fieldnames or [] if name not in CSV_COLUMNS]
    if not reader.fieldnames:
        raise FactFileError(str(path), 1, None, f"has no header row; the columns are: {', '.join(CSV_COLUMNS)}")
    if unknown:
        raise FactFileError(str(path), 1, unknown[0], f"unknown column; the columns are: {', '.join(CSV_COLUMNS)}")
    grouped: dict[tuple[str, str], LineDict] = {}
    for row in reader:
        line = reader.line_num

        def cell(name: str) -> str:
            return (row.get(name) or "").strip()

        key = (cell("agreement"), cell("source"))
        fact = grouped.get(key)
        if fact is None:
            fact = LineDict(type="agreement", id=key[0] or None, source=key[1] or None,
                            parties=[p for p in cell("parties").split(";") if p.strip()] or None,
                            kind=cell("kind") or None)
            if cell("domains"):
                fact["domains"] = [d.strip() for d in cell("domains").split(";") if d.strip()]
            if cell("quote"):
                fact["evidence"] = {"quote": cell("quote")}
            if cell("confidence"):
                try:
                    fact["confidence"] = float(cell("confidence"))
                except ValueError:
                    raise FactFileError(str(path), line, "confidence", f"'{cell('confidence')}' is not a number from 0 to 1") from None
            fact.line = line
            fact.key_lines = {name: line for name in fact}
            fact["events"] = LineList()
            fact["events"].item_lines = []
            grouped[key] = fact
        if cell("event"):
            event = LineDict((name, cell(col)) for name, col in (("type", "event"), ("date", "date"), ("by", "by"), ("place", "place")) if cell(col))
            event.line = line
            event.key_lines = {name: line for name in event}
            fact["events"].append(event)
            fact["events"].item_lines.append(line)
    facts = LineList(grouped.values())
    facts.item_lines = [f.line for f in grouped.values()]
    return parse_document({"facts": facts}, str(path), gazetteer)


Loader = Callable[[Path, Gazetteer], ParsedDocument]

LOADERS: dict[str, Loader] = {
    ".yaml": load_yaml,
    ".yml": load_yaml,
    ".json": load_json,
    ".csv": load_csv,
}


def supported_extensions() -> list[str]:
    """List the file extensions a fact file may have."""
    return sorted(LOADERS)


def load_file(path: Path, gazetteer: Gazetteer | None = None) -> ParsedDocument:
    """Pick the loader by extension and read one file, or say which formats are supported."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise UnsupportedFormatError(
            f"{path}: no loader for '{path.suffix or 'files without an extension'}'; supported: {', '.join(supported_extensions())}"
        )
    return loader(path, gazetteer or default_gazetteer())


def fact_files(data_dir: Path) -> list[Path]:
    """Find the fact files of a data folder: its facts/ subfolder if it has one, else the folder itself."""
    if not data_dir.is_dir():
        raise KgError(f"data folder '{data_dir}' does not exist; pass --data with a folder that holds facts/")
    root = data_dir / "facts" if (data_dir / "facts").is_dir() else data_dir
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in LOADERS)


def load_data(
    data_dir: Path,
    gazetteer: Gazetteer | None = None,
    paths: Iterable[Path] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DataSet:
    """Load every fact file of a data folder and check what spans files: source ids and agreement identity."""
    gazetteer = gazetteer or default_gazetteer()
    files = list(paths) if paths is not None else fact_files(data_dir)
    data = DataSet(files=files)
    for done, path in enumerate(files, 1):
        document = load_file(path, gazetteer)
        if progress:
            progress(done, len(files))
        for source in document.sources:
            known = data.sources.get(source.id)
            if known is not None and known != source:
                where = f"{known.origin.path}, line {known.origin.line}" if known.origin else "another file"
                raise FactFileError(str(path), source.origin.line if source.origin else None, "id",
                                    f"source '{source.id}' is already defined differently in {where}; give it another id or make the blocks identical")
            data.sources[source.id] = source
        data.facts.extend(document.facts)
    _check_references(data)
    return data


def _check_references(data: DataSet) -> None:
    """Refuse what only a slip in the fact files explains; sources that disagree are kept for `kg query conflicts`."""
    # Keyed by (agreement, source): two sources may give an agreement different kinds or parties,
    # each in its own graph; one source giving two would put both in one graph, past telling apart.
    agreements: dict[tuple[str, str], AgreementFact] = {}
    for fact in data.facts:
        if fact.source not in data.sources:
            raise _fact_error(fact, "source", f"source '{fact.source}' is not defined; add a source block with this id (known: {_few(data.sources)})")
        if isinstance(fact, AgreementFact):
            first = agreements.setdefault((fact.id, fact.source), fact)
            for attr in ("kind", "parties"):
                mine, theirs = getattr(fact, attr), getattr(first, attr)
                if (set(mine) if attr == "parties" else mine) != (set(theirs) if attr == "parties" else theirs):
                    where = f"{first.origin.path}, line {first.origin.line}" if first.origin else "another fact"
                    raise _fact_error(fact, attr, f"agreement '{fact.id}' has {attr} {_show(theirs)} in {where} but {_show(mine)} here, both from source '{fact.source}'; one source gives an agreement one {attr}: correct the one that is wrong, or use another id for a different agreement")
    known = {agreement_id for agreement_id, _ in agreements}
    for fact in data.facts:
        if isinstance(fact, AgreementFact) and fact.replaces and fact.replaces not in known:
            raise _fact_error(fact, "replaces", f"no agreement has the id '{fact.replaces}'; describe the earlier agreement in a fact too")


def _fact_error(fact: Fact, field_name: str, message: str) -> FactFileError:
    origin = fact.origin
    return FactFileError(origin.path if origin else "?", origin.line_of(field_name) if origin else None, field_name, message)


def _few(names: Iterable[str]) -> str:
    names = sorted(names)
    return ", ".join(names[:5]) + (", ..." if len(names) > 5 else "") if names else "none"


def _show(value: object) -> str:
    return "[" + ", ".join(value) + "]" if isinstance(value, tuple) else f"'{value}'"
