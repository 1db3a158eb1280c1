"""kg serve: the real server on 127.0.0.1, asked what a SPARQL client, a browser form or a careless user would ask."""

from __future__ import annotations

import csv
import html.parser
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import format_result, run_query

from .conftest import REPO

pytestmark = pytest.mark.slow

#: A query that would run for ever on any real graph: a five-way cartesian product.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
AGREEMENTS = "SELECT ?a WHERE { ?a a dcoop:Agreement } ORDER BY ?a"
CONSTRUCT = "CONSTRUCT { ?a a dcoop:Agreement ; dcoop:party ?p } WHERE { ?a a dcoop:Agreement ; dcoop:party ?p }"


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[str]

    @property
    def port(self) -> int:
        return int(urllib.parse.urlsplit(self.url).port or 0)


def _start(store: Path, *options: str) -> Server:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", "0", *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()  # printed once the workers are up and the socket listens
    if not line.startswith("Serving"):
        proc.kill()
        raise AssertionError(f"kg serve did not start: {line}{proc.stderr.read() if proc.stderr else ''}")
    url = line.split(" at ", 1)[1].split(" ", 1)[0]
    return Server(url, proc)


def _stop(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[Server]:
    """Two workers, a 2 s time limit and a 50-row cap: small enough to test each limit quickly."""
    running = _start(built / "store", "--query-timeout", "2", "--max-rows", "50", "--workers", "2")
    yield running
    _stop(running)


@pytest.fixture(scope="module")
def lone(built: Path) -> Iterator[Server]:
    """One worker and a long time limit, so a worker freed early shows; CORS allowed for one origin."""
    running = _start(built / "store", "--workers", "1", "--query-timeout", "120", "--cors", "https://example.org")
    yield running
    _stop(running)


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def sparql(server: Server, query: str, **params: str) -> tuple[int, dict[str, str], bytes]:
    return fetch(server.url + "sparql?" + urllib.parse.urlencode({"query": query, **params}))


def local_csv(built: Path, query: str, **params: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(format_result(run_query(built / "store", query, params), "csv"))))


def served_csv(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def test_select_in_each_results_format(server: Server, built: Path) -> None:
    expected = [r["a"] for r in local_csv(built, AGREEMENTS + " LIMIT 20")]
    query = AGREEMENTS + " LIMIT 20"
    status, headers, body = sparql(server, query, format="json")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    assert [b["a"]["value"] for b in json.loads(body)["results"]["bindings"]] == expected
    status, headers, body = fetch(server.url + "sparql", urllib.parse.urlencode({"query": query}).encode(),
                                  {"Accept": "application/sparql-results+xml"})
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+xml")
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert [u.text for u in ET.fromstring(body).iter(ns + "uri")] == expected
    status, headers, body = fetch(server.url + "sparql", query.encode(),
                                  {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert [r["a"] for r in served_csv(body)] == expected
    status, headers, body = sparql(server, query, format="tsv")
    assert status == 200 and headers["content-type"].startswith("text/tab-separated-values")
    assert body.decode().splitlines()[1:] == [f"<{a}>" for a in expected]


def test_construct_in_each_graph_format(server: Server, built: Path) -> None:
    expected = set(run_query(built / "store", CONSTRUCT).triples or [])
    assert expected
    for fmt, rdf_format, media in (("turtle", ox.RdfFormat.TURTLE, "text/turtle"),
                                   ("ntriples", ox.RdfFormat.N_TRIPLES, "application/n-triples"),
                                   ("jsonld", ox.RdfFormat.JSON_LD, "application/ld+json")):
        status, headers, body = fetch(server.url + "sparql", CONSTRUCT.encode(),
                                      {"Content-Type": "application/sparql-query", "Accept": media})
        assert status == 200 and headers["content-type"].startswith(media), fmt
        assert {q.triple for q in ox.parse(body, rdf_format)} == expected, fmt


def test_default_graph_and_named_queries_answer_as_kg_query(server: Server, built: Path) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert served_csv(sparql(server, count, format="csv")[2]) == local_csv(built, count)
    for name, params in (("partners", {"country": "RUS"}), ("agreements-by-year", {}), ("members", {"organisation": "AES"}),
                         ("timeline", {"agreement": "rus-tgo-military-cooperation-2025"})):
        status, _, body = fetch(server.url + f"queries/{name}?" + urllib.parse.urlencode({**params, "format": "csv"}))
        assert status == 200, body
        assert served_csv(body) == local_csv(built, name, **params), name


class _Forms(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.forms.append({"action": found.get("action"), "method": found.get("method"), "fields": []})
        elif tag in ("input", "select", "textarea") and self.forms and found.get("name"):
            fields = self.forms[-1]["fields"]
            assert isinstance(fields, list)
            fields.append(found["name"])


def test_index_lists_every_named_query_with_a_form_that_runs_it(server: Server, built: Path) -> None:
    from kg.query import named_queries

    status, headers, body = fetch(server.url)
    assert status == 200 and headers["content-type"].startswith("text/html")
    parser = _Forms()
    parser.feed(body.decode("utf-8"))
    by_action = {f["action"]: f for f in parser.forms}
    for named in named_queries().values():
        form = by_action[f"queries/{named.name}"]
        assert form["fields"] == [p.name for p in named.parameters] + ["format"], named.name
    form = by_action["queries/partners"]
    # what a browser sends for the form: every field, with the format chosen
    query = urllib.parse.urlencode({"country": "Togo", "format": "csv"})
    url = urllib.parse.urljoin(server.url, str(form["action"])) + "?" + query
    status, _, answer = fetch(url)
    assert status == 200 and served_csv(answer) == local_csv(built, "partners", country="TGO")
    status, _, answer = fetch(urllib.parse.urljoin(server.url, "queries/partners?country=Atlantis"))
    assert status == 400 and b"unknown actor 'Atlantis'" in answer


def test_view_is_the_render_page(server: Server) -> None:
    status, headers, body = fetch(server.url + "view", timeout=120)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b'<meta name="generator" content="kg render">' in body


@pytest.mark.parametrize(("how", "expected", "says"), [
    ("update-form", 403, b"read-only"),
    ("update-body", 403, b"read-only"),
    ("update-as-query", 400, b"read-only"),
    ("service", 400, b"SERVICE is refused"),
    ("malformed", 400, b"invalid SPARQL"),
    ("long-url", 414, b"the limit is"),
    ("long-body", 413, b"the limit is"),
    ("huge-url", 414, b"send a long query with POST"),
    ("huge-header", 431, b"the request's headers pass"),
    ("content-type", 415, b"not a SPARQL query"),
    ("unknown-format", 400, b"unknown format 'pdf'"),
    ("unacceptable", 406, b"none of the media types"),
    ("graph-format-for-select", 400, b"cannot hold"),
    ("no-query", 400, b"no query"),
    ("unknown-named", 404, b"no named query"),
    ("unknown-parameter", 400, b"has no parameter"),
])
def test_bad_requests_get_a_4xx_with_a_message(server: Server, how: str, expected: int, says: bytes) -> None:
    endpoint = server.url + "sparql"
    form = "application/x-www-form-urlencoded"
    requests: dict[str, tuple[str, bytes | None, dict[str, str]]] = {
        "update-form": (endpoint, b"update=" + urllib.parse.quote(b"INSERT DATA { <a:s> <a:p> <a:o> }").encode(),
                        {"Content-Type": form}),
        "update-body": (endpoint, b"DROP ALL", {"Content-Type": "application/sparql-update"}),
        "update-as-query": (endpoint, b"DELETE WHERE { ?s ?p ?o }", {"Content-Type": "application/sparql-query"}),
        "service": (endpoint, b"SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
                    {"Content-Type": "application/sparql-query"}),
        "malformed": (endpoint + "?query=" + urllib.parse.quote("SELECT ?x WHERE { ?x"), None, {}),
        "long-url": (endpoint + "?query=" + "a" * 100_000, None, {}),
        "huge-url": (endpoint + "?query=" + "a" * (3 << 20), None, {}),
        "huge-header": (endpoint + "?query=" + urllib.parse.quote("ASK {}"), None, {"X-Padding": "a" * (3 << 20)}),
        "long-body": (endpoint, b"#" * 200_000, {"Content-Type": "application/sparql-query"}),
        "content-type": (endpoint, b"SELECT * WHERE { ?s ?p ?o }", {"Content-Type": "text/plain"}),
        "unknown-format": (endpoint + "?format=pdf&query=" + urllib.parse.quote("ASK {}"), None, {}),
        "unacceptable": (endpoint + "?query=" + urllib.parse.quote("ASK {}"), None, {"Accept": "image/png"}),
        "graph-format-for-select": (endpoint + "?format=turtle&query=" + urllib.parse.quote("ASK {}"), None, {}),
        "no-query": (endpoint, b"", {"Content-Type": form}),
        "unknown-named": (server.url + "queries/nothing", None, {}),
        "unknown-parameter": (server.url + "queries/partners?country=RUS&colour=red", None, {}),
    }
    url, data, headers = requests[how]
    status, _, body = fetch(url, data, headers)
    assert status == expected, body
    assert body.startswith(b"Error: ") and says in body, body
    assert sparql(server, "ASK { ?s ?p ?o }")[0] == 200  # and the server goes on answering


def test_service_sends_no_request_anywhere(server: Server) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(1.0)
    port = listener.getsockname()[1]
    try:
        status, _, _ = sparql(server, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
        assert status == 400
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()


def test_answers_past_the_row_cap_are_cut_and_say_so(server: Server) -> None:
    status, headers, body = sparql(server, "SELECT * WHERE { ?s ?p ?o }", format="csv")
    assert status == 200 and headers["x-kg-truncated"] == "true" and headers["x-kg-row-limit"] == "50"
    assert len(served_csv(body)) == 50
    status, headers, _ = sparql(server, AGREEMENTS + " LIMIT 3")
    assert status == 200 and "x-kg-truncated" not in headers


def test_a_runaway_query_is_stopped_while_others_are_answered(server: Server) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["answer"] = sparql(server, RUNAWAY)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    status, _, body = sparql(server, AGREEMENTS + " LIMIT 1", format="csv")
    meanwhile = time.monotonic() - started
    thread.join(timeout=30)
    assert status == 200 and len(served_csv(body)) == 1
    assert meanwhile < 1.5, meanwhile  # answered by the other worker, not after the runaway
    answer = outcome["answer"]
    assert isinstance(answer, tuple) and answer[0] == 503 and b"time limit of 2 s" in answer[2]
    assert 1.5 < float(str(outcome["seconds"])) < 10
    for _ in range(3):  # the killed worker is replaced and the pool answers as before
        assert sparql(server, "ASK { ?s ?p ?o }")[0] == 200


def _send_and_leave(server: Server, query: str, read: int) -> None:
    """Send a query, read `read` bytes of the answer (0: none) and close the connection."""
    path = "/sparql?" + urllib.parse.urlencode({"query": query})
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/csv\r\n\r\n".encode())
        if read:
            sock.recv(read)
        else:
            time.sleep(0.5)


def test_a_client_that_goes_away_frees_its_worker(lone: Server) -> None:
    _send_and_leave(lone, RUNAWAY, 0)  # one worker, a 120 s limit: only the disconnect can free it
    started = time.monotonic()
    status, _, _ = sparql(lone, "ASK { ?s ?p ?o }")
    assert status == 200 and time.monotonic() - started < 20
    _send_and_leave(lone, "SELECT * WHERE { ?s ?p ?o }", 100)  # gone in the middle of a large answer
    status, _, body = sparql(lone, AGREEMENTS + " LIMIT 2", format="csv")
    assert status == 200 and len(served_csv(body)) == 2


def test_binds_loopback_only_by_default(server: Server) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    listening = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, port = local.split(":")
        if state == "0A" and int(port, 16) == server.port:  # 0A: LISTEN
            listening.append(address)
    assert listening == ["0100007F"]  # 127.0.0.1, little-endian hex


def test_cors_header_only_when_asked_for(server: Server, lone: Server) -> None:
    origin = {"Origin": "https://example.org"}
    _, headers, _ = fetch(server.url + "sparql?query=ASK%7B%7D", headers=origin)
    assert "access-control-allow-origin" not in headers
    _, headers, _ = fetch(lone.url + "sparql?query=ASK%7B%7D", headers=origin)
    assert headers["access-control-allow-origin"] == "https://example.org"
    _, headers, _ = fetch(lone.url + "sparql?query=ASK%7B%7D", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in headers


def test_a_missing_store_is_refused_before_listening(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--store", str(tmp_path / "none"), "--port", "0"],
                            capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == 1 and result.stderr.startswith("Error: no graph store")
