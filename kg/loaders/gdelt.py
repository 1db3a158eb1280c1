"""GDELT event files (2.0 15-minute and 1.0 daily exports, plain or zipped) as reported-event quads, streamed.

The interface, for any build path:

    source = GdeltSource(path, gazetteer, cameo, strict=False)
    for batch in batched(source, 50_000):   # pyoxigraph quads, one named graph per file
        store.bulk_extend(batch)
    print(source.summary.describe())        # rows read, kept, not kept and skipped, and why
    for chunk in source.nquads(50_000):     # or: the same quads (and their union copies) as N-Quads text
        store.bulk_load(input=chunk, format=ox.RdfFormat.N_QUADS)   # parsed and written without the GIL

A row is read, checked and mapped one at a time; nothing holds every row. Bad rows (wrong
column count, not UTF-8, a malformed CAMEO code, a country code nobody knows, a bad date or
number) are skipped and counted with their first line numbers; with strict=True the first
one raises GdeltRowError naming the file, line and field. docs/gdelt.md describes the model.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import re
import time
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO

import pyoxigraph as ox
import yaml

from ..errors import GdeltFileError, GdeltRowError
from ..gazetteer import Gazetteer, default_gazetteer
from ..mapping import actor_iri, actor_quads, graph_iri
from ..resources import resource_path
from ..vocab import CAMEO, DCOOP, ID, PREFIXES

__all__ = [
    "CAMEO_GRAPH", "CameoCodes", "GdeltSource", "GdeltSummary", "batched", "cameo_concept_quads", "is_gdelt_file",
    "load_cameo", "load_fips",
]

CAMEO_PATH = "data/gdelt/cameo-defence.yaml"
FIPS_PATH = "data/gdelt/fips-iso.csv"
COLUMNS_PATH = "data/gdelt/columns.yaml"
#: The graph holding the CAMEO concepts of the kept codes, written once per build.
CAMEO_GRAPH = ox.NamedNode(str(ID["graph/cameo"]))
#: Lines of each skip reason a summary quotes.
FIRST_LINES = 5
#: Literals a source keeps by cell text (GdeltSource._literal) before it forgets them and starts again.
_LITERAL_CACHE = 100_000

_V2_NAME = re.compile(r"^\d{14}\.export\.csv(\.zip)?$", re.IGNORECASE)
_V1_NAME = re.compile(r"^\d{8}\.export\.csv(\.zip)?$", re.IGNORECASE)
_EVENT_CODE = re.compile(r"^(0[1-9]|1[0-9]|20)\d{1,2}$")
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")

_RDF, _RDFS, _XSD, _SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["xsd"], PREFIXES["skos"]
_EVENT_BASE = str(ID["gdelt-event/"])       # IRIs built by concatenation: millions of rows
_CAMEO_BASE = str(CAMEO)
_URL_SOURCE_BASE = str(ID["source/url-"])
_PROV, _SCHEMA, _DCTERMS = PREFIXES["prov"], PREFIXES["schema"], PREFIXES["dcterms"]
_TYPE = ox.NamedNode(_RDF + "type")
_LABEL = ox.NamedNode(_RDFS + "label")
_DERIVED = ox.NamedNode(_PROV + "wasDerivedFrom")
_ENTITY = ox.NamedNode(_PROV + "Entity")
_SOURCE_DOC = ox.NamedNode(str(DCOOP.SourceDocument))
_URL = ox.NamedNode(_SCHEMA + "url")
_XSD_DATE = ox.NamedNode(_XSD + "date")
_XSD_INT = ox.NamedNode(_XSD + "integer")
_XSD_DEC = ox.NamedNode(_XSD + "decimal")
_P = {name: ox.NamedNode(str(DCOOP[name])) for name in (
    "ReportedEvent", "cameoEvent", "initiator", "recipient", "actionCountry", "eventDate", "gdeltEventId",
    "goldsteinScale", "numMentions", "numSources", "numArticles", "avgTone", "CameoEventCodes")}


# The same terms in N-Triples, for the rows' text (GdeltSource._row)
_T = {name: str(node) for name, node in _P.items()}
_T_TYPE, _T_LABEL, _T_DERIVED, _T_ENTITY = str(_TYPE), str(_LABEL), str(_DERIVED), str(_ENTITY)
_T_SOURCE_DOC, _T_URL, _T_XSD_INT = str(_SOURCE_DOC), str(_URL), str(_XSD_INT)
#: Triples GdeltSource.__iter__ hands Oxigraph's parser at a time.
_PARSE_CHUNK = 10_000


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code kg keeps, with its labels and stance (request, intent, cooperation, reversal)."""

    code: str
    label: str
    label_fr: str | None = None
    stance: str | None = None


@dataclass(frozen=True)
class CameoCodes:
    """The CAMEO codes a load keeps, plus what reading any row's codes needs: roots, country aliases, regions.

    A kept code also keeps the codes nested under it, as CAMEO nests them: '121' keeps 121,
    1211, 1212 and 1213; a root such as '06' keeps every code that begins with 06.
    """

    kept: tuple[CameoCode, ...]
    roots: dict[str, str]
    country_aliases: dict[str, str]
    regions: frozenset[str]

    def keeps(self, code: str) -> CameoCode | None:
        """The kept code a row's EventCode falls under (itself or the code it is nested in), or None."""
        for length in (4, 3, 2):
            entry = self._index().get(code[:length])
            if entry is not None:
                return entry if entry.code == code else self.describe(code)
        return None

    def _index(self) -> dict[str, CameoCode]:
        return _index_of(self.kept)

    def describe(self, code: str) -> CameoCode:
        """The labels of a code: its own from the data file, else 'CAMEO <code> (<root name>)'."""
        return self._index().get(code) or CameoCode(code, f"CAMEO {code} ({self.roots.get(code[:2], 'unknown root')})")

    def with_codes(self, spec: str) -> CameoCodes:
        """Keep the codes of a --cameo list (e.g. '062,1622' or a root '06') instead of the default ones."""
        labelled = self._index()
        chosen: list[CameoCode] = []
        for raw in spec.split(","):
            item = raw.strip()
            if not item:
                continue
            if not re.fullmatch(r"\d{2,4}", item) or item[:2] not in self.roots:
                raise GdeltFileError(f"--cameo: '{item}' is not a CAMEO event code; give codes such as 062,1622 or a "
                                     "root such as 06 (roots run from 01 to 20)")
            chosen.append(labelled.get(item) or CameoCode(item, f"CAMEO {item} ({self.roots[item[:2]]})"))
        if not chosen:
            raise GdeltFileError("--cameo: give at least one CAMEO event code, e.g. --cameo 062,072")
        return CameoCodes(tuple(chosen), self.roots, self.country_aliases, self.regions)


@lru_cache(maxsize=16)
def _index_of(kept: tuple[CameoCode, ...]) -> dict[str, CameoCode]:
    return {c.code: c for c in kept}


def load_cameo(path: Path | None = None) -> CameoCodes:
    """Read data/gdelt/cameo-defence.yaml: the default kept codes and the tables every row's codes need."""
    path = Path(path) if path is not None else resource_path(CAMEO_PATH)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise GdeltFileError(f"{path}: cannot read the CAMEO code table: {exc}") from None
    kept = tuple(CameoCode(str(code), str(v["label"]), v.get("label_fr"), v.get("stance"))
                 for code, v in sorted((document.get("codes") or {}).items()))
    return CameoCodes(kept, {str(k): str(v) for k, v in (document.get("roots") or {}).items()},
                      {str(k): str(v) for k, v in (document.get("country_aliases") or {}).items()},
                      frozenset(str(r) for r in document.get("regions") or ()))


@lru_cache(maxsize=1)
def default_cameo() -> CameoCodes:
    """The shipped default code list, read once per process."""
    return load_cameo()


def load_fips(path: Path | None = None) -> dict[str, str]:
    """Read data/gdelt/fips-iso.csv: FIPS 10-4 country code -> ISO 3166-1 alpha-3."""
    path = Path(path) if path is not None else resource_path(FIPS_PATH)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["fips"]: row["iso3"] for row in rows}


@lru_cache(maxsize=1)
def _default_fips() -> dict[str, str]:
    return load_fips()


@lru_cache(maxsize=1)
def columns() -> dict[str, dict[str, int]]:
    """Column name -> index, per GDELT version ('2.0': 61 columns, '1.0': 58)."""
    document = yaml.safe_load(resource_path(COLUMNS_PATH).read_text(encoding="utf-8"))
    return {"2.0": {n: i for i, n in enumerate(document["v2"])}, "1.0": {n: i for i, n in enumerate(document["v1"])}}


def _width(version: str) -> int:
    return len(columns()[version])


def is_gdelt_file(path: Path) -> bool:
    """Tell a GDELT event file by its name (*.export.CSV[.zip]) or, for a .csv/.tsv, by 61 or 58 tab fields in its first line."""
    name = path.name.lower()
    if name.endswith((".export.csv", ".export.csv.zip", ".csv.zip")):
        return True
    if path.suffix.lower() not in (".csv", ".tsv"):
        return False
    try:
        with path.open("rb") as handle:
            first = handle.readline(1 << 16)
    except OSError:
        return False
    return first.count(b"\t") + 1 in (_width("2.0"), _width("1.0"))


def graph_of(path: Path) -> ox.NamedNode:
    """The named graph of one GDELT file: id:graph/gdelt-<file name without .zip>."""
    return ox.NamedNode(str(graph_iri("gdelt-" + _stem(path))))


def _stem(path: Path) -> str:
    name = path.name[:-4] if path.name.lower().endswith(".zip") else path.name
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name)


@dataclass
class GdeltSummary:
    """What one GDELT file gave: rows read, events kept, rows not kept (by reason) and rows skipped as bad."""

    path: Path
    version: str | None = None
    rows: int = 0
    kept: int = 0
    quads: int = 0
    not_kept: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    skipped_lines: dict[str, list[int]] = field(default_factory=dict)
    actors: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)  # the CAMEO event codes of the events kept
    seconds: float = 0.0

    @property
    def skipped_total(self) -> int:
        """Rows left out because they are malformed."""
        return sum(self.skipped.values())

    def skip(self, reason: str, line: int) -> None:
        """Count a bad row under its reason, remembering its line among the first few."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        lines = self.skipped_lines.setdefault(reason, [])
        if len(lines) < FIRST_LINES:
            lines.append(line)

    def describe(self) -> str:
        """One line for the build's output: rows read, kept, not kept, skipped."""
        other = ", ".join(f"{n} {why}" for why, n in sorted(self.not_kept.items()))
        text = (f"{self.path}: GDELT {self.version or '?'} events: {self.rows} rows read, {self.kept} kept"
                f"{f' ({other} not kept)' if other else ''}")
        if self.skipped:
            text += f", {self.skipped_total} skipped as malformed"
        return text

    def skip_warnings(self) -> list[str]:
        """One warning per skip reason, with how many rows and the first line numbers."""
        out = []
        for reason, count in sorted(self.skipped.items()):
            lines = self.skipped_lines[reason]
            more = ", ..." if count > len(lines) else ""
            out.append(f"{self.path}: {count} row{'s' if count != 1 else ''} skipped: {reason} "
                       f"(line{'s' if count != 1 else ''} {', '.join(map(str, lines))}{more}); "
                       "kg build --strict stops at the first")
        return out


class _BadRow(Exception):
    def __init__(self, reason: str, field_name: str | None, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.field, self.detail = reason, field_name, detail


def _open_lines(path: Path) -> Iterator[bytes]:
    """Yield the raw lines of a plain or zipped GDELT file, reading the zip member as a stream."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise GdeltFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        raise GdeltFileError(f"{path}: the file is empty; a GDELT event file holds one event per line")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if path.suffix.lower() == ".zip" or magic == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise GdeltFileError(f"{path}: is not a zip archive (it ends in .zip but is not one); download it again, "
                                 "or give the unzipped .export.CSV") from None
        with archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if not members:
                raise GdeltFileError(f"{path}: the zip archive is empty; a GDELT zip holds one .export.CSV")
            for member in members:
                handle_z: IO[bytes]
                try:
                    with archive.open(member) as handle_z:
                        yield from handle_z
                except (zipfile.BadZipFile, EOFError, OSError) as exc:
                    raise GdeltFileError(f"{path}: the zip member {member.filename} cannot be read ({exc}); "
                                         "download the file again") from None
        return
    with path.open("rb") as handle:
        yield from handle


def _version_of(path: Path, first: bytes) -> str:
    name = path.name
    if _V2_NAME.match(name):
        return "2.0"
    if _V1_NAME.match(name):
        return "1.0"
    fields = first.rstrip(b"\r\n").count(b"\t") + 1
    for version in ("2.0", "1.0"):
        if fields == _width(version):
            return version
    raise GdeltFileError(f"{path}: is not a GDELT event file: its first line has {fields} tab-separated fields, where "
                         f"a GDELT 2.0 export has {_width('2.0')} and a 1.0 daily file {_width('1.0')}")


class GdeltSource:
    """One GDELT file as a stream of pyoxigraph quads in its own named graph; summary fills as it is read."""

    def __init__(self, path: Path, gazetteer: Gazetteer | None = None, cameo: CameoCodes | None = None, *,
                 strict: bool = False, blocs: dict[str, tuple[str, ...]] | None = None,
                 fips: dict[str, str] | None = None) -> None:
        self.path = Path(path)
        self.gazetteer = gazetteer or default_gazetteer()
        self.cameo = cameo or default_cameo()
        self.strict = strict
        self.blocs = blocs or {}
        self.fips = fips if fips is not None else _default_fips()
        self.graph = graph_of(self.path)
        self.summary = GdeltSummary(self.path)
        self._states: dict[str, str | None] = {}
        self._kept: dict[str, CameoCode | None] = {}
        self._actor_nodes: dict[str, str] = {}  # actor id -> its IRI in N-Triples
        # literals by their cell's text: a few thousand dates, counts and Goldstein scores over millions of rows
        self._literals: dict[tuple[str, str], str] = {}

    # -- the stream ------------------------------------------------------------------------

    def __iter__(self) -> Iterator[ox.Quad]:
        """The file's quads, each in the file's graph (Oxigraph parses the rows' N-Quads text, chunk by chunk)."""
        for chunk in self.nquads(_PARSE_CHUNK, union=False):
            yield from ox.parse(input=chunk, format=ox.RdfFormat.N_QUADS)

    def nquads(self, size: int = 50_000, union: bool = True) -> Iterator[bytes]:
        """The same quads as N-Quads text for Store.bulk_load, about `size` quads a chunk; union=True adds each triple's
        copy in the default graph after it (Store.bulk_load parses and writes without holding Python's GIL)."""
        lines: list[str] = []
        count = 0
        for graph, triples in self._triples():
            if union:
                lines += [f"{t} {graph} .\n{t} .\n" for t in triples]
            else:
                lines += [f"{t} {graph} .\n" for t in triples]
            count += len(triples)
            if count >= size:
                yield "".join(lines).encode()
                lines, count = [], 0
        if lines:
            yield "".join(lines).encode()

    def _triples(self) -> Iterator[tuple[str, list[str]]]:
        """Each row's triples (N-Triples terms 's p o') with their graph (the file's), then the file's actors' (the
        gazetteer's graph); fills the summary."""
        graph = str(self.graph)
        started = time.perf_counter()
        summary = self.summary = GdeltSummary(self.path)  # a second pass counts afresh
        lines = _open_lines(self.path)
        seen_urls: set[str] = set()
        file_node = ox.NamedNode(str(ID["source/gdelt-" + _stem(self.path)]))
        number = 0
        for number, raw in enumerate(lines, 1):
            if number == 1:
                summary.version = _version_of(self.path, raw)
                index = columns()[summary.version]
                width = len(index)
                yield graph, [str(q.triple) for q in self._file_quads(file_node)]
            line = raw.rstrip(b"\r\n")
            if not line.strip():
                continue
            summary.rows += 1
            try:
                triples = self._row(line, number, index, width, seen_urls)
            except _BadRow as bad:
                if self.strict:
                    raise GdeltRowError(str(self.path), number, bad.field, bad.detail +
                                        " (without --strict the row is skipped and counted)") from None
                summary.skip(bad.reason, number)
                continue
            if triples:
                summary.kept += 1
                summary.quads += len(triples)
                yield graph, triples
        if number == 0:
            raise GdeltFileError(f"{self.path}: holds no lines; a GDELT event file holds one event per line")
        for actor_id in sorted(summary.actors):
            actor = self.gazetteer.get(actor_id)
            if actor is not None:
                for quad in actor_quads(actor, self.blocs.get(actor_id, ())):  # in the gazetteer's graph
                    yield str(quad.graph_name), [str(quad.triple)]
        summary.seconds = time.perf_counter() - started

    def _file_quads(self, node: ox.NamedNode) -> Iterator[ox.Quad]:
        g = self.graph
        yield ox.Quad(g, _DERIVED, node, g)
        yield ox.Quad(node, _TYPE, _SOURCE_DOC, g)
        yield ox.Quad(node, _TYPE, _ENTITY, g)
        yield ox.Quad(node, _LABEL, ox.Literal(f"GDELT {self.summary.version} event file {self.path.name}"), g)
        yield ox.Quad(node, ox.NamedNode(_DCTERMS + "publisher"), ox.Literal("The GDELT Project"), g)
        stamp = re.match(r"^(\d{4})(\d{2})(\d{2})", self.path.name)
        if stamp:
            yield ox.Quad(node, ox.NamedNode(_DCTERMS + "issued"), ox.Literal("-".join(stamp.groups()), datatype=_XSD_DATE), g)

    # -- one row ---------------------------------------------------------------------------

    def _row(self, line: bytes, number: int, index: dict[str, int], width: int, seen_urls: set[str]) -> list[str]:
        """A row's triples as N-Triples text 's p o' (terms written by Oxigraph or of known-safe characters)."""
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _BadRow("not UTF-8", None, f"byte {exc.start + 1} of the line is not UTF-8 "
                                             f"(0x{line[exc.start]:02X}); GDELT files are UTF-8") from None
        cells = text.split("\t")
        if len(cells) != width:
            reason = "truncated row" if len(cells) < width else "too many fields"
            raise _BadRow(reason, None, f"the row has {len(cells)} tab-separated fields, a GDELT {self.summary.version} "
                                        f"row has {width}")

        def cell(name: str) -> str:
            return cells[index[name]].strip()

        code = cell("EventCode")
        if not _EVENT_CODE.match(code) or not code.startswith(cell("EventRootCode").zfill(2)):
            raise _BadRow("unknown CAMEO event code", "EventCode",
                          f"'{code}' is not a CAMEO event code (3 or 4 digits under a root from 01 to 20, "
                          f"beginning with EventRootCode '{cell('EventRootCode')}')")
        if code not in self._kept:
            self._kept[code] = self.cameo.keeps(code)  # a few hundred codes over millions of rows
        kept = self._kept[code]
        if kept is None:
            self._not_kept("of another CAMEO code")
            return []
        initiator = self._actor(cell("Actor1CountryCode"), cell("Actor1Code"), "Actor1CountryCode")
        recipient = self._actor(cell("Actor2CountryCode"), cell("Actor2Code"), "Actor2CountryCode")
        place = self._fips(cell("ActionGeo_CountryCode"), "ActionGeo_CountryCode")
        if initiator is None and recipient is None:
            self._not_kept("with no state actor")
            return []
        day = _day(cell("SQLDATE"))
        event_id = _integer(cell("GLOBALEVENTID"), "GLOBALEVENTID")
        literal = self._literal
        node = f"<{_EVENT_BASE}{event_id}>"
        label = f"{initiator or '?'} → {recipient or '?'}: {kept.label} ({day})"
        out = [
            f"{node} {_T_TYPE} {_T['ReportedEvent']}",
            f"{node} {_T_TYPE} {_T_ENTITY}",
            f'{node} {_T["gdeltEventId"]} "{event_id}"^^{_T_XSD_INT}',
            f"{node} {_T['eventDate']} {literal('date', day)}",
            f"{node} {_T['cameoEvent']} <{_CAMEO_BASE}{code}>",
            f"{node} {_T_LABEL} {ox.Literal(label)}",
        ]
        for predicate, actor in (("initiator", initiator), ("recipient", recipient), ("actionCountry", place)):
            if actor is not None:
                out.append(f"{node} {_T[predicate]} {self._actor_node(actor)}")
                self.summary.actors.add(actor)
        out.append(f"{node} {_T['goldsteinScale']} {literal('GoldsteinScale', cell('GoldsteinScale'))}")
        out.append(f"{node} {_T['avgTone']} {literal('AvgTone', cell('AvgTone'))}")
        for name in ("NumMentions", "NumSources", "NumArticles"):
            out.append(f"{node} {_T['n' + name[1:]]} {literal(name, cell(name))}")
        url = cell("SOURCEURL")
        if url:
            source = f"<{_URL_SOURCE_BASE}{hashlib.sha1(url.encode()).hexdigest()[:16]}>"
            out.append(f"{node} {_T_DERIVED} {source}")
            if url not in seen_urls:
                seen_urls.add(url)
                out += [f"{source} {_T_TYPE} {_T_SOURCE_DOC}", f"{source} {_T_TYPE} {_T_ENTITY}",
                        f"{source} {_T_LABEL} {ox.Literal(url)}"]
                iri = _iri(url)
                if iri is not None:
                    out.append(f"{source} {_T_URL} {iri}")
        self.summary.codes.add(code)
        return out

    def _literal(self, name: str, text: str) -> str:
        """The literal of a cell in N-Triples ('date' for a day already read), made once per distinct text by Oxigraph;
        bad text raises _BadRow."""
        key = (name, text)
        value = self._literals.get(key)
        if value is None:
            if name == "date":
                value = str(ox.Literal(text, datatype=_XSD_DATE))
            elif name in ("GoldsteinScale", "AvgTone"):
                value = str(_decimal(text, name))
            else:
                value = str(ox.Literal(str(_integer(text, name)), datatype=_XSD_INT))
            if len(self._literals) >= _LITERAL_CACHE:  # AvgTone's texts are mostly distinct: bounded
                self._literals.clear()
            self._literals[key] = value
        return value

    def _actor_node(self, actor: str) -> str:
        node = self._actor_nodes.get(actor)
        if node is None:
            node = self._actor_nodes[actor] = str(ox.NamedNode(str(actor_iri(actor))))
        return node

    def _not_kept(self, reason: str) -> None:
        self.summary.not_kept[reason] = self.summary.not_kept.get(reason, 0) + 1

    def _actor(self, country: str, code: str, field_name: str) -> str | None:
        """The gazetteer state of a CAMEO actor: its country code, else the first three letters of its actor code."""
        if country:
            if not _COUNTRY.match(country):
                raise _BadRow("unknown country code", field_name, f"'{country}' is not a CAMEO country code "
                                                                  "(three capital letters)")
            state = self._state(country)
            if state is None and country not in self.cameo.regions:
                raise _BadRow("unknown country code", field_name,
                              f"'{country}' is neither a state of the gazetteer nor a CAMEO region code; add it to "
                              "country_aliases or regions in data/gdelt/cameo-defence.yaml if it is real")
            return state
        return self._state(code[:3]) if len(code) >= 3 else None

    def _state(self, code: str) -> str | None:
        if code not in self._states:
            target = self.cameo.country_aliases.get(code, code)
            actor = self.gazetteer.lookup(target) if _COUNTRY.match(target) else None
            self._states[code] = actor.id if actor is not None and actor.kind == "state" and \
                (actor.alpha3 == target or actor.id == target) else None
        return self._states[code]

    def _fips(self, code: str, field_name: str) -> str | None:
        if not code:
            return None
        iso = self.fips.get(code)
        if iso is None:
            raise _BadRow("unknown country code", field_name,
                          f"'{code}' is not a FIPS 10-4 country code of data/gdelt/fips-iso.csv (GDELT writes places "
                          "in FIPS 10-4, not ISO)")
        return self._state(iso) if iso else None


def _day(text: str) -> str:
    match = _DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return datetime.date(year, month, day).isoformat()
        except ValueError:
            pass
    raise _BadRow("bad date", "SQLDATE", f"'{text}' is not a day written YYYYMMDD")


def _integer(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise _BadRow("bad number", name, f"'{text}' is not a whole number") from None


def _decimal(text: str, name: str) -> ox.Literal:
    try:
        value = float(text)
    except ValueError:
        raise _BadRow("bad number", name, f"'{text}' is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise _BadRow("bad number", name, f"'{text}' is not a finite number")
    return ox.Literal(_decimal_text(text), datatype=_XSD_DEC)


def _decimal_text(text: str) -> str:
    """A GDELT number as an xsd:decimal lexical form (no exponent, at most 6 decimals)."""
    from decimal import Decimal

    value = Decimal(text).quantize(Decimal("0.000001")).normalize()
    out = format(value, "f")
    return out if "." in out else out + ".0"


def _iri(url: str) -> ox.NamedNode | None:
    if not url.lower().startswith(("http://", "https://")):
        return None
    try:
        return ox.NamedNode(url)
    except ValueError:
        return None


def cameo_concept_quads(cameo: CameoCodes, used: Iterable[str] = ()) -> Iterator[ox.Quad]:
    """Describe the kept CAMEO codes (and any other code a load met through a prefix) as SKOS concepts."""
    g = CAMEO_GRAPH
    scheme = _P["CameoEventCodes"]
    codes = {c.code: c for c in cameo.kept}
    for code in used:
        codes.setdefault(code, cameo.describe(code))
    for code, entry in sorted(codes.items()):
        node = ox.NamedNode(str(CAMEO[code]))
        yield ox.Quad(node, _TYPE, ox.NamedNode(_SKOS + "Concept"), g)
        yield ox.Quad(node, ox.NamedNode(_SKOS + "inScheme"), scheme, g)
        yield ox.Quad(node, ox.NamedNode(_SKOS + "topConceptOf"), scheme, g)
        yield ox.Quad(scheme, ox.NamedNode(_SKOS + "hasTopConcept"), node, g)
        yield ox.Quad(node, ox.NamedNode(_SKOS + "notation"), ox.Literal(code), g)
        for text, lang in ((entry.label, "en"), (entry.label_fr, "fr")):
            if text:
                yield ox.Quad(node, ox.NamedNode(_SKOS + "prefLabel"), ox.Literal(text, language=lang), g)
                yield ox.Quad(node, _LABEL, ox.Literal(text, language=lang), g)
        if entry.stance:
            yield ox.Quad(node, ox.NamedNode(_SKOS + "note"), ox.Literal(f"stance: {entry.stance}", language="en"), g)


def batched(quads: Iterable[ox.Quad], size: int = 50_000) -> Iterator[list[ox.Quad]]:
    """Group a quad stream into lists for Store.bulk_extend, never holding more than one batch."""
    batch: list[ox.Quad] = []
    for quad in quads:
        batch.append(quad)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- the build's hook --------------------------------------------------------------------

#: Named-graph quads per Store.bulk_load chunk (twice that with their union copies): fewer, larger writes.
STREAM_BATCH = 50_000
#: Extensions a file may have to be read as GDELT under --format gdelt (.txt stays article text).
GDELT_SUFFIXES = (".csv", ".tsv", ".zip")
FORMATS = ("auto", "gdelt")


def split_event_files(data_dir: Path, files: Iterable[Path], fmt: str = "auto") -> tuple[list[Path], list[Path]]:
    """Part a data folder's files into GDELT event files and fact files: by shape, or every table under --format gdelt."""
    if fmt not in FORMATS:
        raise GdeltFileError(f"--format: '{fmt}' is not one of {', '.join(FORMATS)}")
    root = data_dir / "facts" if (data_dir / "facts").is_dir() else data_dir
    zips = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in (".zip", ".tsv")) \
        if root.is_dir() else []
    events: list[Path] = []
    facts: list[Path] = []
    for path in sorted(set(files) | set(zips)):
        gdelt = path.suffix.lower() in GDELT_SUFFIXES if fmt == "gdelt" else is_gdelt_file(path)
        if gdelt:
            events.append(path)
        elif path.suffix.lower() not in (".zip", ".tsv"):  # never fact files
            facts.append(path)
    return events, facts


def stream_into(store: ox.Store, sources: Iterable[GdeltSource], cameo: CameoCodes, batch_size: int = STREAM_BATCH) -> None:
    """Load each GDELT file into the store in batches, each quad also into the union (default) graph.

    Each batch goes as N-Quads text to Store.bulk_load, which parses and writes it in Rust without
    holding Python's GIL, so one batch is written in a thread while the rows of the next are
    read (Store.bulk_extend holds the GIL while it runs: the rows would wait). Two batches at most
    are held.
    """
    used: set[str] = set()
    with ThreadPoolExecutor(max_workers=1) as writer:
        pending: Future[None] | None = None
        for source in sources:
            for chunk in source.nquads(batch_size, union=True):
                if pending is not None:
                    pending.result()
                pending = writer.submit(_load_nquads, store, chunk)
            used |= source.summary.codes
        if pending is not None:
            pending.result()
    concepts = list(cameo_concept_quads(cameo, used))
    store.bulk_extend(concepts + [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in concepts])


def _load_nquads(store: ox.Store, chunk: bytes) -> None:
    store.bulk_load(input=chunk, format=ox.RdfFormat.N_QUADS)
