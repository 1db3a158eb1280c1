"""kg query: run SPARQL text, a .rq file or a named query against the store, with safe parameters."""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from .errors import MissingDependencyError, QueryError, StoreError
from .facts import DateFormatError, PartialDate
from .gazetteer import Gazetteer, UnknownActorError, default_gazetteer, normalise
from .mapping import agreement_iri, graph_iri
from .query_output import FORMATS, Term, check_format, run_answer, write_answer, write_table, write_triples
from .store import open_store
from .vocab import DOMAIN, ID, PREFIXES

__all__ = ["FORMATS", "NamedQuery", "Parameter", "QueryResult", "bind_parameters", "format_result", "named_queries",
           "parse_named_query", "prepare", "run_query", "stream_query"]

PARAM_TYPES = ("actor", "organisation", "agreement", "source", "domain", "date", "text")
DEFAULT_TIMEOUT = 180.0  # seconds; 'kg query --timeout' changes it

_PARAM_RE = re.compile(r"^#\s*param:\s*(\w+)\s+(\w+)(\?)?\s*(.*)$")
_TOKEN_RE = re.compile(
    r'(?P<comment>#[^\n]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|(?P<var>[?$][A-Za-z_][A-Za-z0-9_]*)'
    r'|(?P<pname>(?:[A-Za-z][\w\-]*(?:\.[\w\-]+)*)?:(?:[\w\-%]+(?:\.[\w\-%]+)*)?)'
    r'|(?P<word>[A-Za-z]+)'
    r'|(?P<other>.)',
    re.DOTALL,
)


@dataclass(frozen=True)
class Parameter:
    """A named query's parameter: its variable, how to read a value, whether it may be left out."""

    name: str
    type: str
    optional: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query shipped with kg, with the description and parameters its header declares."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path


@dataclass
class QueryResult:
    """The answer to a query: rows of a SELECT, a boolean of an ASK, or triples of a CONSTRUCT."""

    variables: list[str] = field(default_factory=list)
    rows: list[list[Term]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None

    def records(self) -> list[dict[str, object]]:
        """The rows as dicts of Python values (IRIs and plain text as str, numbers as int/float), for notebooks and scripts."""
        if self.triples is not None:
            return [{"subject": python_value(t.subject), "predicate": python_value(t.predicate),
                     "object": python_value(t.object)} for t in self.triples]
        if self.boolean is not None:
            return [{"boolean": self.boolean}]
        return [{v: python_value(term) for v, term in zip(self.variables, row, strict=True)} for row in self.rows]

    def to_dataframe(self) -> Any:
        """The answer as a pandas DataFrame (columns in the query's order); needs the optional pandas extra."""
        try:
            import pandas
        except ImportError:
            raise MissingDependencyError("to_dataframe() needs pandas, which is not installed; install it with "
                                         "pip install 'kg-defcoop[pandas]' (or pip install pandas)") from None
        columns = (["subject", "predicate", "object"] if self.triples is not None
                   else ["boolean"] if self.boolean is not None else self.variables)
        return pandas.DataFrame.from_records(self.records(), columns=columns)


#: Literal datatypes turned into Python numbers and booleans; every other literal stays its text.
_NUMBERS: dict[str, type[int] | type[float]] = {f"http://www.w3.org/2001/XMLSchema#{t}": int for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_NUMBERS.update({f"http://www.w3.org/2001/XMLSchema#{t}": float for t in ("decimal", "double", "float")})


def python_value(term: Term) -> object:
    """One term as a notebook wants it: unbound -> None, IRI -> its text, number -> int/float, boolean -> bool."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _NUMBERS:
            try:
                return _NUMBERS[datatype](term.value)
            except ValueError:
                return term.value
        if datatype == "http://www.w3.org/2001/XMLSchema#boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def queries_dir() -> Path:
    """Locate the named queries shipped with the package."""
    return Path(__file__).resolve().parent / "queries"


def parse_named_query(path: Path) -> NamedQuery:
    """Read a .rq file whose leading comments give a description and '# param: name type[?] text' lines."""
    text = path.read_text(encoding="utf-8")
    description, params = "", []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        match = _PARAM_RE.match(line)
        if match:
            name, ptype, optional, about = match.groups()
            if ptype not in PARAM_TYPES:
                raise QueryError(f"{path}, line {number}: parameter '{name}' has unknown type '{ptype}'; "
                                 f"use one of {', '.join(PARAM_TYPES)}")
            params.append(Parameter(name, ptype, bool(optional), about.strip()))
        elif not description and line.lstrip("# ").strip():
            description = line.lstrip("# ").strip()
    return NamedQuery(path.stem, description, tuple(params), text, path)


def named_queries() -> dict[str, NamedQuery]:
    """Every query shipped in kg/queries, by name."""
    return {p.stem: parse_named_query(p) for p in sorted(queries_dir().glob("*.rq"))}


def _read_stdin() -> str:
    import sys

    text = sys.stdin.read()
    if not text.strip():
        raise QueryError("no query on standard input; pipe SPARQL text into 'kg query -'")
    return text


def resolve_query(query: str) -> tuple[str, NamedQuery | None]:
    """Tell SPARQL text, a .rq file, '-' (standard input) and a named query apart, and return the query text."""
    named = named_queries()
    if query in named:
        return named[query].text, named[query]
    if query == "-":
        return _read_stdin(), None
    if re.fullmatch(r"[\w.\-/\\]+", query):
        path = Path(query)
        if path.is_file():
            try:
                parsed = parse_named_query(path)
            except UnicodeDecodeError:
                raise QueryError(f"'{query}' is not UTF-8 text; save the query file as UTF-8") from None
            except OSError as exc:
                raise QueryError(f"cannot read '{query}': {exc.strerror}") from None
            return parsed.text, parsed if parsed.parameters else None
        if path.suffix == ".rq":
            raise QueryError(f"no query file '{query}'")
        raise QueryError(f"unknown named query '{query}'; known: {', '.join(named)} (or give SPARQL text or a .rq file)"
                         + _did_you_mean(query, named))
    return query, None


def _did_you_mean(value: str, known: Iterable[str], limit: int = 3) -> str:
    from rapidfuzz import fuzz, process  # only error paths need it

    choices = sorted(set(known))
    found = [c for c, score, _ in process.extract(value, choices, scorer=fuzz.WRatio, limit=limit) if score >= 60]
    return f"; did you mean {', '.join(found)}?" if found else ""


_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_PROLOGUE_WORDS = {"PREFIX", "BASE"}


def check_read_only(text: str) -> None:
    """Refuse SPARQL Update and SERVICE: kg query reads the local graph and never reaches the network."""
    first: str | None = None
    for match in _TOKEN_RE.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind == "comment" or token.isspace():
            continue
        if kind == "word":
            upper = token.upper()
            if upper == "SERVICE":
                raise QueryError("SERVICE is refused: kg query answers from the local graph only and never sends "
                                 "requests to other endpoints; load the data you need into the graph instead")
            if first is None and upper not in _PROLOGUE_WORDS:
                first = upper
        elif first is None and kind not in ("pname", "iri"):
            first = ""
    if first in _UPDATE_WORDS:
        raise QueryError(f"kg query is read-only: {first} is SPARQL Update, which cannot change the graph; "
                         "edit the fact files and run 'kg build' instead")


@dataclass
class _Vocabulary:
    """What a parameter's value is checked against: the store's concepts, agreements and sources."""

    concepts: dict[str, dict[str, str]] = field(default_factory=dict)  # scheme -> label or notation -> IRI
    agreements: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)


_SCHEME_PARAMS = {"domain": "CooperationDomains"}


def _vocabulary(store: ox.Store) -> _Vocabulary:
    vocab = _Vocabulary()
    answer = store.query(
        "SELECT ?scheme ?c ?label WHERE { ?c skos:inScheme ?scheme . "
        "{ ?c skos:notation ?label } UNION { ?c skos:prefLabel ?label } UNION { ?c skos:altLabel ?label } "
        "UNION { ?c rdfs:label ?label } }",
        prefixes=PREFIXES,
    )
    assert isinstance(answer, ox.QuerySolutions)
    for row in answer:
        scheme, concept, label = row["scheme"], row["c"], row["label"]
        assert isinstance(scheme, ox.NamedNode) and isinstance(concept, ox.NamedNode) and isinstance(label, ox.Literal)
        vocab.concepts.setdefault(scheme.value, {})[normalise(label.value)] = concept.value
    answer = store.query("SELECT ?a WHERE { ?a a dcoop:Agreement }", prefixes=PREFIXES)
    assert isinstance(answer, ox.QuerySolutions)
    vocab.agreements = {str(row["a"].value) for row in answer}
    vocab.sources = {g.value for g in store.named_graphs()}
    return vocab


def _concept(vocab: _Vocabulary, scheme_iri: str, name: str, value: str, what: str) -> ox.NamedNode:
    labels = vocab.concepts.get(scheme_iri, {})
    found = labels.get(normalise(value))
    if found is None:
        codes = sorted({iri.rsplit("/", 1)[-1] for iri in labels.values()})
        raise QueryError(f"parameter '{name}': '{value}' is not a known {what}" + _did_you_mean(value, codes)
                         + f" (known: {', '.join(codes)}; English or French labels work too)")
    return ox.NamedNode(found)


def _term_for(param: Parameter | None, name: str, value: str, gazetteer: Gazetteer,
              vocab: _Vocabulary | None) -> ox.NamedNode | ox.Literal:
    kind = param.type if param else "text"
    if kind in ("actor", "organisation"):
        try:
            actor = gazetteer.resolve(value)
        except UnknownActorError as exc:
            raise QueryError(f"parameter '{name}': {exc}") from None
        if kind == "organisation" and actor.kind != "organisation":
            raise QueryError(f"parameter '{name}': {actor.name_en} ({actor.id}) is a {actor.kind}, not an organisation; "
                             "give an organisation such as AES, ECOWAS or NATO")
        return ox.NamedNode(str(ID[f"actor/{actor.id}"]))
    if kind in ("agreement", "source"):
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
            raise QueryError(f"parameter '{name}': '{value}' is not an id; ids use lower-case letters, digits and hyphens")
        iri = str(agreement_iri(value) if kind == "agreement" else graph_iri(value))
        if vocab is not None:
            known = vocab.agreements if kind == "agreement" else vocab.sources
            if iri not in known:
                prefix = str(agreement_iri("")) if kind == "agreement" else str(graph_iri(""))
                ids = [k[len(prefix):] for k in known if k.startswith(prefix)]
                raise QueryError(f"parameter '{name}': the graph has no {kind} '{value}'" + _did_you_mean(value, ids)
                                 + f" (see 'kg query \"SELECT ...\"' or the fact files for the {kind} ids)")
        return ox.NamedNode(iri)
    if kind in _SCHEME_PARAMS:
        if vocab is None:
            return ox.NamedNode(str(DOMAIN[value]))
        return _concept(vocab, PREFIXES["dcoop"] + _SCHEME_PARAMS[kind], name, value, kind)
    if kind == "date":
        try:
            date = PartialDate.parse(value)
        except DateFormatError as exc:
            raise QueryError(f"parameter '{name}': {exc}") from None
        # a year or month stands for its last day (docs/dates.md)
        return ox.Literal(date.last_day().isoformat(), datatype=ox.NamedNode(PREFIXES["xsd"] + "date"))
    return ox.Literal(value)


def bind_parameters(text: str, values: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Put terms in place of variables (SEP-0007 style): Oxigraph writes each term, so no value can change the query's shape."""
    out: list[str] = []
    in_projection = False
    for match in _TOKEN_RE.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind == "word":
            upper = token.upper()
            if upper == "SELECT":
                in_projection = True
            elif upper == "WHERE":
                in_projection = False
        elif kind == "other" and token == "{":
            in_projection = False
        if kind == "var" and token[1:] in values:
            term = str(values[token[1:]])
            token = f"({term} AS {token})" if in_projection else term
        out.append(token)
    return "".join(out)


def prepare(query: str, params: dict[str, str], gazetteer: Gazetteer | None = None,
            store: ox.Store | None = None) -> tuple[str, NamedQuery | None]:
    """Resolve a query and bind its parameters, checking names, types, required values and (with a store) that they exist."""
    text, named = resolve_query(query)
    check_read_only(text)
    declared = {p.name: p for p in named.parameters} if named else {}
    if named:
        unknown = sorted(set(params) - set(declared))
        if unknown:
            raise QueryError(f"query '{named.name}' has no parameter '{unknown[0]}'; its parameters: "
                             f"{', '.join(declared) or 'none'}")
        missing = [p.name for p in named.parameters if not p.optional and p.name not in params]
        if missing:
            raise QueryError(f"query '{named.name}' needs --param {missing[0]}=... ({declared[missing[0]].description})")
    gazetteer = gazetteer or default_gazetteer()
    needs_store = any(declared.get(n) and declared[n].type in ("agreement", "source", *_SCHEME_PARAMS) for n in params)
    vocab = _vocabulary(store) if store is not None and needs_store else None
    values = {name: _term_for(declared.get(name), name, value, gazetteer, vocab) for name, value in params.items()}
    return bind_parameters(text, values), named


def run_query(store_path: Path | str, query: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run a query in this process and keep its answer: for answers that fit in memory (no time limit; stream_query has one)."""
    store = open_store(Path(store_path))
    text, _ = prepare(query, params or {}, store=store)
    answer = run_answer(store, text, PREFIXES)
    try:
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = [[solution[v] for v in variables] for solution in answer]
            return QueryResult(variables=variables, rows=rows)
        return QueryResult(triples=list(answer))
    except (OSError, RuntimeError, ValueError, SyntaxError) as exc:
        raise QueryError(f"the query failed while its results were read: {exc}") from None


def stream_query(store_path: Path, query: str, params: dict[str, str] | None, fmt: str, out: BinaryIO,
                 timeout: float | None = DEFAULT_TIMEOUT) -> None:
    """Run a query in a worker process that streams its answer to `out`, stopped at the time limit.

    The worker holds at most one batch of the answer, so a result larger than memory still
    streams; killing it is the only way to stop an Oxigraph query that has started.
    """
    import select
    import subprocess
    import sys
    import time

    check_format(fmt)
    store = open_store(store_path)
    text, _ = prepare(query, params or {}, store=store)
    del store
    job = json.dumps({"store": str(Path(store_path).resolve()), "query": text, "format": fmt, "prefixes": PREFIXES})
    worker = subprocess.Popen([sys.executable, "-m", "kg.query_output"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert worker.stdin is not None and worker.stdout is not None and worker.stderr is not None
    deadline = None if not timeout else time.monotonic() + timeout
    try:
        worker.stdin.write(job.encode("utf-8"))
        worker.stdin.close()
        fd = worker.stdout.fileno()
        while True:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                raise QueryError(f"the query ran past its time limit of {timeout:g} s and was stopped; "
                                 "narrow it (LIMIT, more specific patterns) or raise --timeout")
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            out.write(chunk)
        worker.wait()
        error = worker.stderr.read().decode("utf-8", "replace").strip()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        for stream in (worker.stdout, worker.stderr):
            stream.close()
    if worker.returncode != 0:
        message = _worker_error(error, worker.returncode)
        raise (StoreError if message[1] == "StoreError" else QueryError)(message[0])


def _worker_error(stderr: str, code: int) -> tuple[str, str]:
    for line in reversed(stderr.splitlines()):
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and "error" in data:
            return str(data["error"]), str(data.get("kind", "QueryError"))
    last = stderr.splitlines()[-1] if stderr else f"exit code {code}"
    return f"the query worker stopped unexpectedly ({last})", "QueryError"


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Write a held result in a named format, through the same pyoxigraph serialisers as kg query uses."""
    check_format(fmt)
    buffer = io.BytesIO()
    if result.triples is not None:
        write_triples(result.triples, fmt, buffer, PREFIXES)
        return buffer.getvalue().decode("utf-8")
    if fmt == "table" and result.boolean is None:
        write_table(result.variables, result.rows, buffer, PREFIXES)
        return buffer.getvalue().decode("utf-8")
    document = _results_json(result)
    answer = ox.parse_query_results(json.dumps(document), format=ox.QueryResultsFormat.JSON)
    write_answer(answer, fmt, buffer, PREFIXES)
    return buffer.getvalue().decode("utf-8")


def _results_json(result: QueryResult) -> dict[str, object]:
    if result.boolean is not None:
        return {"head": {}, "boolean": result.boolean}

    def term_json(term: Term) -> dict[str, object]:
        if isinstance(term, ox.NamedNode):
            return {"type": "uri", "value": term.value}
        if isinstance(term, ox.BlankNode):
            return {"type": "bnode", "value": term.value}
        if isinstance(term, ox.Triple):  # RDF-star quoted triple, as SPARQL-star results JSON writes it
            parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
            return {"type": "triple", "value": {k: term_json(v) for k, v in parts.items()}}
        if term is None:
            raise ValueError("unbound terms are left out of a binding")
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out

    bindings = [{v: term_json(t) for v, t in zip(result.variables, row, strict=True) if t is not None} for row in result.rows]
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
