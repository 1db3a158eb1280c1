"""Share the graph: push its named graphs to a SPARQL 1.1 store and run kg's queries there.

Push replaces each named graph of the build (one per source, the gazetteer's, the ontology)
with one idempotent Graph Store Protocol PUT, and deletes kg graphs the build no longer has.
The remote's default graph is left alone: stores disagree on what it is (Virtuoso: every
graph it holds; Oxigraph and Fuseki: a graph of its own unless told to show the union).
Instead every remote query names its dataset in the SPARQL Protocol request, each pushed
graph as a default-graph-uri (their RDF merge, the union kg's local default graph holds) and
as a named-graph-uri (for GRAPH patterns), so answers match the local ones on any store.
"""

from __future__ import annotations

import hashlib
import io
import json
import netrc
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.client import HTTPMessage
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from .errors import QueryError, RemoteError
from .mapping import graph_iri
from .outputs import write_atomically
from .query import prepare, resolve_query
from .query_output import check_format, write_answer, write_triples
from .store_access import open_store
from .vocab import ONTOLOGY_IRI, PREFIXES

__all__ = ["ENV_PASSWORD", "ENV_TOKEN", "ENV_USER", "Credentials", "PushReport", "check_url", "credentials_for",
           "format_remote", "graph_store_for", "push", "remote_graphs", "state_path", "stream_remote_query"]

ENV_USER, ENV_PASSWORD, ENV_TOKEN = "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD", "KG_ENDPOINT_TOKEN"
PUSH_STATE_DIR = "push-state"
DEFAULT_TIMEOUT = 180.0  # seconds per request
BODY_LINES = 5  # lines of a server's error answer quoted in an error message
#: The graphs kg writes, told apart from other data a shared store holds: a source's graph IRI and the ontology's.
GRAPH_NAMESPACE = str(graph_iri(""))
RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"

Progress = Callable[[int, int, str], None]  # graphs done, graphs in all, the graph being sent


@dataclass(frozen=True)
class Credentials:
    """Who kg is to a remote store: a user and password (Basic or Digest, as the server asks) or a bearer token."""

    user: str | None = None
    password: str | None = None
    token: str | None = None

    def secrets(self) -> list[str]:
        return [s for s in (self.password, self.token) if s]


@dataclass
class PushReport:
    """What a push sent: graphs replaced, left as they were (incremental), deleted, and where its state is kept."""

    endpoint: str
    graph_store: str
    pushed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    triples: int = 0
    state_path: Path | None = None
    seconds: float = 0.0


def check_url(url: str, option: str) -> str:
    """Refuse a URL kg cannot use, and one carrying a password (it would sit in shell history and process lists)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is not None or parts.password is not None:
        host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
        shown = urllib.parse.urlunsplit(parts._replace(netloc=host))
        raise RemoteError(f"{option}: put no user name or password in the URL ({shown}); set {ENV_USER} and "
                          f"{ENV_PASSWORD} (or {ENV_TOKEN}) in the environment, or add 'machine {parts.hostname} "
                          "login USER password PASSWORD' to ~/.netrc (or the file $NETRC names)")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"{option}: '{url}' is not an http:// or https:// URL of a SPARQL endpoint")
    return url


def credentials_for(url: str) -> Credentials | None:
    """Credentials from the environment (KG_ENDPOINT_USER/PASSWORD or KG_ENDPOINT_TOKEN), else from netrc for the URL's host."""
    token = os.environ.get(ENV_TOKEN)
    user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    if token:
        return Credentials(token=token)
    if user is not None and password is not None:
        return Credentials(user=user, password=password)
    if user is not None or password is not None:
        raise RemoteError(f"set both {ENV_USER} and {ENV_PASSWORD}, or neither (then ~/.netrc is read)")
    path = Path(os.environ["NETRC"]) if os.environ.get("NETRC") else Path.home() / ".netrc"
    if not path.is_file():
        return None
    try:
        found = netrc.netrc(str(path)).authenticators(urllib.parse.urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as exc:
        raise RemoteError(f"cannot read the netrc file '{path}': {getattr(exc, 'msg', None) or exc}") from None
    if found is None:
        return None
    login, _, secret = found
    return Credentials(user=login, password=secret or "")


def graph_store_for(endpoint: str) -> str:
    """Guess the Graph Store endpoint beside a query endpoint, for the layouts whose paths are fixed (Oxigraph, Virtuoso)."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.path.rstrip("/") == "/query":  # Oxigraph server
        return urllib.parse.urlunsplit(parts._replace(path="/store", query=""))
    if parts.path.rstrip("/") in ("/sparql", "/sparql-auth"):  # Virtuoso: the -auth variant takes Digest
        return urllib.parse.urlunsplit(parts._replace(path="/sparql-graph-crud-auth", query=""))
    raise RemoteError(f"cannot tell the Graph Store endpoint of '{endpoint}'; pass --graph-store URL "
                      "(Fuseki: .../DATASET/data, GraphDB: .../repositories/REPO/rdf-graphs/service; see docs/remote.md)")


class _BasicAuthHandler(urllib.request.HTTPBasicAuthHandler):
    """Answer Basic challenges only: urllib's own raises ValueError on a Digest one the Digest handler could not meet."""

    def http_error_auth_reqed(self, authreq: str, host: str, req: urllib.request.Request,
                              headers: HTTPMessage) -> Any:
        challenges = headers.get_all(authreq) or []
        if not any(c.strip().lower().startswith("basic") for c in challenges):
            return None
        return super().http_error_auth_reqed(authreq, host, req, headers)


class _Client:
    """HTTP requests to one store, with its credentials, errors in words and never a secret in them."""

    def __init__(self, credentials: Credentials | None, timeout: float | None) -> None:
        self.credentials = credentials
        self.timeout = timeout
        self.manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        handlers: list[urllib.request.BaseHandler] = []
        if credentials and credentials.user is not None:
            handlers += [urllib.request.HTTPDigestAuthHandler(self.manager), _BasicAuthHandler(self.manager)]
        self.opener = urllib.request.build_opener(*handlers)

    def scrub(self, text: str) -> str:
        for secret in self.credentials.secrets() if self.credentials else []:
            text = text.replace(secret, "***")
        return text

    def open(self, method: str, url: str, what: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> urllib.response.addinfourl:
        request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
        if self.credentials and self.credentials.user is not None:
            parts = urllib.parse.urlsplit(url)
            base = f"{parts.scheme}://{parts.netloc}/"
            self.manager.add_password(None, base, self.credentials.user, self.credentials.password or "")
        if self.credentials and self.credentials.token:
            request.add_header("Authorization", f"Bearer {self.credentials.token}")
        try:
            return self.opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            text = exc.read(4000).decode("utf-8", "replace")
            exc.close()
            lines = [line.strip() for line in re.sub(r"<[^>]+>", " ", text).splitlines() if line.strip()][:BODY_LINES]
            answer = f"{exc.code} {exc.reason}" + (": " + " / ".join(lines) if lines else "")
            hint = ""
            if exc.code in (401, 403):
                hint = (f"; give credentials in {ENV_USER} and {ENV_PASSWORD} (or {ENV_TOKEN}) or ~/.netrc, "
                        "for a user allowed to write (Virtuoso: a member of SPARQL_UPDATE)")
            raise RemoteError(self.scrub(f"{what}: the server answered {answer}{hint}")) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", None) or exc
            if isinstance(reason, TimeoutError) and self.timeout:
                raise RemoteError(f"{what}: no answer from {url} within the time limit of {self.timeout:g} s; "
                                  "raise --timeout, or narrow the query") from None
            raise RemoteError(self.scrub(f"{what}: cannot reach {url} ({reason})")) from None

    def request(self, method: str, url: str, what: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> bytes:
        with self.open(method, url, what, body, headers) as answer:
            try:
                return bytes(answer.read())
            except TimeoutError:
                raise RemoteError(f"{what}: the answer stopped coming within the time limit of {self.timeout:g} s; "
                                  "raise --timeout, or narrow the query") from None
            except OSError as exc:
                raise RemoteError(self.scrub(f"{what}: the answer broke off ({exc})")) from None


def _with_param(url: str, name: str, value: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.urlencode([(name, value)])
    return urllib.parse.urlunsplit(parts._replace(query=f"{parts.query}&{query}" if parts.query else query))


def _graph_body(store: ox.Store, graph: ox.NamedNode) -> tuple[bytes, int, str]:
    """One graph as N-Triples lines in sorted order, its triple count, and a hash that blank node labels do not change."""
    text = ox.serialize([q.triple for q in store.quads_for_pattern(None, None, None, graph)], format=ox.RdfFormat.N_TRIPLES)
    lines = sorted((text or b"").splitlines(keepends=True))
    # A build names the ontology's blank nodes afresh; the hash must not see a change in that alone.
    masked = sorted(re.sub(rb"_:[A-Za-z0-9]+", b"_:b", line) for line in lines)
    return b"".join(lines), len(lines), hashlib.sha256(b"".join(masked)).hexdigest()


def state_path(out_dir: Path, endpoint: str, graph_store: str) -> Path:
    """Where the hashes of what was last pushed to one store are kept: out/push-state/<hash of its URLs>.json."""
    key = hashlib.sha256(f"{endpoint}\n{graph_store}".encode()).hexdigest()[:16]
    return out_dir / PUSH_STATE_DIR / f"{key}.json"


def _read_state(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # a damaged state only costs a full push
    graphs = data.get("graphs") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in graphs.items()} if isinstance(graphs, dict) else {}


def _write_state(path: Path, endpoint: str, graph_store: str, graphs: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"endpoint": endpoint, "graph_store": graph_store, "graphs": dict(sorted(graphs.items()))}
    write_atomically(path, json.dumps(document, indent=2) + "\n")


def remote_graphs(endpoint: str, credentials: Credentials | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> list[str]:
    """The kg graphs a remote store holds (source graphs, the gazetteer's, the ontology), whatever else it holds."""
    client = _Client(credentials, timeout)
    text = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{GRAPH_NAMESPACE}") || ?g = <{ONTOLOGY_IRI}>) }}')
    body = urllib.parse.urlencode({"query": text}).encode("ascii")
    data = client.request("POST", endpoint, "listing the kg graphs of the remote store", body,
                          {"Content-Type": "application/x-www-form-urlencoded", "Accept": RESULTS_JSON})
    answer = _parse_results(data, "listing the kg graphs of the remote store")
    assert isinstance(answer, ox.QuerySolutions)
    return sorted({row["g"].value for row in answer if isinstance(row["g"], ox.NamedNode)})


def push(out_dir: Path, endpoint: str, graph_store: str | None = None, *, incremental: bool = False,
         store_path: Path | None = None, progress: Progress | None = None,
         timeout: float | None = DEFAULT_TIMEOUT) -> PushReport:
    """Make the remote store hold the build's named graphs, one PUT per graph; safe to re-run after any failure."""
    started = time.perf_counter()
    check_url(endpoint, "--endpoint")
    graph_store = check_url(graph_store, "--graph-store") if graph_store else graph_store_for(endpoint)
    credentials = credentials_for(graph_store)
    client = _Client(credentials, timeout)
    store = open_store(store_path or out_dir / "store")
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    report = PushReport(endpoint, graph_store, state_path=state_path(out_dir, endpoint, graph_store))
    assert report.state_path is not None
    previous = _read_state(report.state_path)
    state = dict(previous) if incremental else {}
    bodies = {g.value: _graph_body(store, g) for g in graphs}
    local = set(bodies)
    stale = (set(previous) | set(remote_graphs(endpoint, credentials_for(endpoint), timeout))) - local
    todo = [g for g in bodies if not (incremental and previous.get(g) == bodies[g][2])]
    report.unchanged = [g for g in bodies if g not in todo]
    total = len(todo) + len(stale)
    done = 0
    try:
        for graph in todo:
            if progress:
                progress(done, total, graph)
            state.pop(graph, None)  # until the PUT succeeds, what the store holds for it is unknown
            body, count, digest = bodies[graph]
            client.request("PUT", _with_param(graph_store, "graph", graph), f"pushing the graph <{graph}>", body,
                           {"Content-Type": "text/turtle; charset=utf-8"})  # N-Triples is Turtle: every store takes it
            state[graph] = digest
            report.pushed.append(graph)
            report.triples += count
            done += 1
        for graph in sorted(stale):
            if progress:
                progress(done, total, graph)
            try:
                client.request("DELETE", _with_param(graph_store, "graph", graph), f"deleting the graph <{graph}>")
            except RemoteError as exc:
                if " answered 404" not in str(exc):  # already gone is what was wanted
                    raise
            state.pop(graph, None)
            report.deleted.append(graph)
            done += 1
        if progress:
            progress(done, total, "")
    finally:
        _write_state(report.state_path, endpoint, graph_store, {g: d for g, d in state.items() if g in local})
    report.seconds = time.perf_counter() - started
    return report


# --- queries ---


def _parse_results(data: bytes, what: str) -> ox.QuerySolutions | ox.QueryBoolean:
    try:
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError, OSError) as exc:
        raise RemoteError(f"{what}: the server's answer is not SPARQL JSON results ({exc})") from None


def _query_form(text: str) -> str:
    """'graph' for CONSTRUCT and DESCRIBE, 'results' for SELECT and ASK: asked of an empty store, which also checks the syntax."""
    try:
        answer = ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {exc}") from None
    except (OSError, RuntimeError, ValueError):
        return "results"
    return "graph" if isinstance(answer, ox.QueryTriples) else "results"


_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.\-]*)?\s*:", re.IGNORECASE)


def _with_prefixes(text: str) -> str:
    """Declare kg's prefixes the query uses without declaring (kg adds them locally; a remote store needs them written)."""
    declared = set(_PREFIX_DECL.findall(text))
    lines = [f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items() if name not in declared]
    return "".join(lines) + text


def _vocabulary_store(endpoint: str, client: _Client, graphs: list[str]) -> ox.Store:
    """A small in-memory copy of what parameter checks read (concept labels, agreements, graph names), from the remote."""
    mirror = ox.Store()
    text = ("CONSTRUCT { ?c skos:inScheme ?scheme ; rdfs:label ?label . ?a a dcoop:Agreement } WHERE { "
            "{ ?c skos:inScheme ?scheme . { ?c skos:notation ?label } UNION { ?c skos:prefLabel ?label } "
            "UNION { ?c skos:altLabel ?label } UNION { ?c rdfs:label ?label } } UNION { ?a a dcoop:Agreement } }")
    data = _post_query(endpoint, client, _with_prefixes(text), graphs, N_TRIPLES, "reading the parameters' vocabulary")
    mirror.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    marker = ox.NamedNode(PREFIXES["rdf"] + "type")
    mirror.extend(ox.Quad(ox.NamedNode(g), marker, ox.NamedNode(g), ox.NamedNode(g)) for g in graphs)
    return mirror


def _query_request(text: str, graphs: Iterable[str], accept: str) -> tuple[bytes, dict[str, str]]:
    """A SPARQL Protocol POST naming kg's graphs as the dataset: their merge as default graph, each as a named graph."""
    graphs = list(graphs)
    fields = [("query", text), *(("default-graph-uri", g) for g in graphs), *(("named-graph-uri", g) for g in graphs)]
    body = urllib.parse.urlencode(fields).encode("ascii")
    return body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}


def _post_query(endpoint: str, client: _Client, text: str, graphs: Iterable[str], accept: str, what: str) -> bytes:
    body, headers = _query_request(text, graphs, accept)
    return client.request("POST", endpoint, what, body, headers)


def stream_remote_query(endpoint: str, query: str, params: dict[str, str] | None, fmt: str, out: BinaryIO,
                        timeout: float | None = DEFAULT_TIMEOUT) -> None:
    """Run a query, named ones included, on a remote SPARQL endpoint over kg's pushed graphs, written as kg query writes it."""
    check_format(fmt)
    check_url(endpoint, "--endpoint")
    client = _Client(credentials_for(endpoint), timeout)
    text, named = resolve_query(query)
    graphs = remote_graphs(endpoint, client.credentials, timeout)
    if not graphs:
        raise RemoteError(f"the store at {endpoint} holds no kg graphs; run 'kg push --endpoint {endpoint}' first")
    declared = {p.name: p.type for p in named.parameters} if named else {}
    needs_vocab = any(declared.get(n) in ("agreement", "source", "domain") for n in params or {})
    mirror = _vocabulary_store(endpoint, client, graphs) if needs_vocab else None
    prepared, _ = prepare(query if named or query != "-" else text, params or {}, store=mirror)
    form = _query_form(prepared)
    accept = N_TRIPLES if form == "graph" else RESULTS_JSON
    what = "running the query remotely"
    body, headers = _query_request(_with_prefixes(prepared), graphs, accept)
    with client.open("POST", endpoint, what, body, headers) as answer:  # parsed and written as it arrives
        try:
            if form == "graph":
                write_triples(ox.parse(answer, format=ox.RdfFormat.N_TRIPLES), fmt, out, PREFIXES)
            else:
                write_answer(ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON), fmt, out, PREFIXES)
        except TimeoutError:
            raise RemoteError(f"{what}: the answer stopped coming within the time limit of {timeout:g} s; "
                              "raise --timeout, or narrow the query") from None
        except (SyntaxError, ValueError) as exc:
            expected = "N-Triples" if form == "graph" else "SPARQL JSON results"
            raise RemoteError(f"{what}: the server's answer is not {expected} ({exc})") from None
        except OSError as exc:
            raise RemoteError(client.scrub(f"{what}: the answer broke off ({exc})")) from None


def format_remote(endpoint: str, query: str, params: dict[str, str] | None = None, fmt: str = "table",
                  timeout: float | None = DEFAULT_TIMEOUT) -> str:
    """A remote query's whole answer as text, as format_result gives a local one."""
    buffer = io.BytesIO()
    stream_remote_query(endpoint, query, params, fmt, buffer, timeout)
    return buffer.getvalue().decode("utf-8")
