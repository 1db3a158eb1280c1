"""kg query: run SPARQL text, a .rq file or a named query against the store, with safe parameters."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .gazetteer import Gazetteer, UnknownActorError, default_gazetteer
from .facts import DateFormatError, PartialDate
from .mapping import agreement_iri, graph_iri
from .resources import resource_path
from .store import open_store
from .vocab import PREFIXES, ID, DOMAIN

FORMATS = ("table", "csv", "tsv", "json")
PARAM_TYPES = ("actor", "agreement", "source", "domain", "date", "text")

_PARAM_RE = re.compile(r"^#\s*param:\s*(\w+)\s+(\w+)(\?)?\s*(.*)$")
_TOKEN_RE = re.compile(
    r'(?P<comment>#[^\n]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|(?P<var>[?$][A-Za-z_][A-Za-z0-9_]*)'
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
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None


def queries_dir() -> Path:
    """Locate the named queries shipped with the package."""
    return Path(__file__).resolve().parent / "queries"


def parse_named_query(path: Path) -> NamedQuery:
    """Read a .rq file whose leading comments give a description and '# param: name type[?] text' lines."""
    text = path.read_text(encoding="utf-8")
    description, params = "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _PARAM_RE.match(line)
        if match:
            name, ptype, optional, about = match.groups()
            if ptype not in PARAM_TYPES:
                raise QueryError(f"{path}: parameter '{name}' has unknown type '{ptype}'; use one of {', '.join(PARAM_TYPES)}")
            params.append(Parameter(name, ptype, bool(optional), about.strip()))
        elif not description and line.lstrip("# ").strip():
            description = line.lstrip("# ").strip()
    return NamedQuery(path.stem, description, tuple(params), text, path)


def named_queries() -> dict[str, NamedQuery]:
    """Every query shipped in kg/queries, by name."""
    return {p.stem: parse_named_query(p) for p in sorted(queries_dir().glob("*.rq"))}


def resolve_query(query: str) -> tuple[str, NamedQuery | None]:
    """Tell SPARQL text, a .rq file and a named query apart, and return the query text."""
    named = named_queries()
    if query in named:
        return named[query].text, named[query]
    if re.fullmatch(r"[\w.\-/\\]+", query):
        path = Path(query)
        if path.is_file():
            return path.read_text(encoding="utf-8"), None
        if path.suffix == ".rq":
            raise QueryError(f"no query file '{query}'")
        raise QueryError(f"unknown named query '{query}'; known: {', '.join(named)} (or give SPARQL text or a .rq file)")
    return query, None


def _term_for(param: Parameter | None, name: str, value: str, gazetteer: Gazetteer) -> ox.NamedNode | ox.Literal:
    kind = param.type if param else "text"
    if kind == "actor":
        try:
            return ox.NamedNode(str(ID[f"actor/{gazetteer.resolve(value).id}"]))
        except UnknownActorError as exc:
            raise QueryError(f"parameter '{name}': {exc}") from None
    if kind in ("agreement", "source"):
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
            raise QueryError(f"parameter '{name}': '{value}' is not an id; ids use lower-case letters, digits and hyphens")
        return ox.NamedNode(str(agreement_iri(value) if kind == "agreement" else graph_iri(value)))
    if kind == "domain":
        return ox.NamedNode(str(DOMAIN[value]))
    if kind == "date":
        try:
            date = PartialDate.parse(value)
        except DateFormatError as exc:
            raise QueryError(f"parameter '{name}': {exc}") from None
        return ox.Literal(date.last_day().isoformat(), datatype=ox.NamedNode(PREFIXES["xsd"] + "date"))  # a year or month: its last day (docs/dates.md)
    return ox.Literal(value)


def bind_parameters(text: str, values: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """Put terms in place of variables (SEP-0007 style): each term is written by Oxigraph, so no value can change the query's shape."""
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


def prepare(query: str, params: dict[str, str], gazetteer: Gazetteer | None = None) -> tuple[str, NamedQuery | None]:
    """Resolve a query and bind its parameters, checking names, types and required values."""
    text, named = resolve_query(query)
    declared = {p.name: p for p in named.parameters} if named else {}
    if named:
        unknown = sorted(set(params) - set(declared))
        if unknown:
            raise QueryError(f"query '{named.name}' has no parameter '{unknown[0]}'; its parameters: {', '.join(declared) or 'none'}")
        missing = [p.name for p in named.parameters if not p.optional and p.name not in params]
        if missing:
            raise QueryError(f"query '{named.name}' needs --param {missing[0]}=... ({declared[missing[0]].description})")
    gazetteer = gazetteer or default_gazetteer()
    values = {name: _term_for(declared.get(name), name, value, gazetteer) for name, value in params.items()}
    return bind_parameters(text, values), named


def run_query(store_path: Path, query: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run a query over the union of the store's graphs; GRAPH ?g still reaches each source's own graph."""
    text, _ = prepare(query, params or {})
    store = open_store(store_path)
    try:
        answer = store.query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {exc}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = [[solution[v] for v in variables] for solution in answer]
        return QueryResult(variables=variables, rows=rows)
    return QueryResult(triples=list(answer))


def _plain(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace) and re.fullmatch(r"[\w\-./]*", term.value[len(namespace):]):
                return f"{prefix}:{term.value[len(namespace):]}"
        return term.value
    return term.value if isinstance(term, ox.Literal) else str(term)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Write a result as an aligned table, CSV, TSV or W3C SPARQL results JSON."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}) + "\n" if fmt == "json" else f"{str(result.boolean).lower()}\n"
    if result.triples is not None:
        rdf_format = ox.RdfFormat.JSON_LD if fmt == "json" else ox.RdfFormat.TURTLE if fmt == "table" else ox.RdfFormat.N_TRIPLES
        return ox.serialize(result.triples, format=rdf_format, prefixes=PREFIXES if fmt == "table" else None).decode()
    if fmt == "json":
        return json.dumps(_results_json(result), ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if t is None else str(t) if isinstance(t, ox.BlankNode) else t.value for t in row])
        return buffer.getvalue()
    return _table(result)


def _results_json(result: QueryResult) -> dict:
    def term_json(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict:
        if isinstance(term, ox.NamedNode):
            return {"type": "uri", "value": term.value}
        if isinstance(term, ox.BlankNode):
            return {"type": "bnode", "value": term.value}
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out

    bindings = [{v: term_json(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}


def _table(result: QueryResult) -> str:
    cells = [[_plain(t) for t in row] for row in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"
