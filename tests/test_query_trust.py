"""kg query answers what a user asks, in the W3C formats, and refuses what it must not do."""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import DEFAULT_QUERY_TIMEOUT, main
from kg.errors import QueryError
from kg.query import DEFAULT_TIMEOUT, format_result, run_query, stream_query
from kg.query_output import run_job


def _kg(built: Path, *args: str, input: str | None = None) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, ["query", "--store", str(built / "store"), *args], input=input)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout_bytes, result.stderr


# --- the default graph is a set ---

def test_count_over_the_default_graph_counts_each_agreement_once(built: Path) -> None:
    result = run_query(built / "store", "SELECT (COUNT(?a) AS ?n) (COUNT(DISTINCT ?a) AS ?d) WHERE { ?a a dcoop:Agreement }")
    n, d = (int(t.value) for t in result.rows[0])  # type: ignore[union-attr]
    assert n == d == 15


def test_describe_repeats_no_triple(built: Path) -> None:
    result = run_query(built / "store", "DESCRIBE <https://w3id.org/kg-defcoop/id/agreement/rus-tgo-military-cooperation-2025>")
    assert result.triples
    assert len(result.triples) == len(set(result.triples))


def test_graph_pattern_still_reaches_each_source(built: Path) -> None:
    result = run_query(built / "store", """
        SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {
          GRAPH ?g { <https://w3id.org/kg-defcoop/id/agreement/rus-tgo-military-cooperation-2025> a dcoop:Agreement } }""")
    assert int(result.rows[0][0].value) > 1  # type: ignore[union-attr]


# --- parameters are resolved or refused ---

@pytest.mark.parametrize("value", ["training", "formation", "Training", "Formation"])
def test_domain_parameter_takes_code_or_english_or_french_label(built: Path, value: str) -> None:
    rows = run_query(built / "store", "domain", {"domain": value}).rows
    assert [r[0].value for r in rows] == ["rus-tgo-military-cooperation-2025"]  # type: ignore[union-attr]


@pytest.mark.parametrize("params, expected", [
    (["domain", "--param", "domain=trainnig"], "'trainnig' is not a known domain; did you mean training?"),
    (["timeline", "--param", "agreement=does-not-exist"], "the graph has no agreement 'does-not-exist'"),
    (["timeline", "--param", "agreement=rus-tgo-military-cooperation-2024"],
     "did you mean rus-tgo-military-cooperation-2025"),
    (["source", "--param", "source=no-such-source"], "the graph has no source 'no-such-source'"),
    (["members", "--param", "organisation=Atlantis"], "parameter 'organisation'"),
    (["members", "--param", "organisation=Togo"], "is a state, not an organisation"),
    (["partners", "--param", "country=Narnia"], "parameter 'country'"),
    (["partner"], "unknown named query 'partner'"),
])
def test_unknown_values_are_refused_with_suggestions(built: Path, params: list[str], expected: str) -> None:
    code, out, err = _kg(built, *params)
    assert code == 1 and out == b""
    assert err.startswith("Error: ") and expected in err and err.count("\n") == 1


def test_a_users_rq_file_gets_typed_parameters(built: Path, tmp_path: Path) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text("# Agreements of one domain.\n# param: d domain The domain\n"
                  "SELECT ?a WHERE { ?a dcoop:domain ?d }\n", encoding="utf-8")
    rows = run_query(built / "store", str(rq), {"d": "renseignement"}).rows
    assert [r[0].value for r in rows] == ["https://w3id.org/kg-defcoop/id/agreement/rus-tgo-military-cooperation-2025"]  # type: ignore[union-attr]
    with pytest.raises(QueryError, match="did you mean intelligence"):
        run_query(built / "store", str(rq), {"d": "inteligence"})
    with pytest.raises(QueryError, match="needs --param d"):
        run_query(built / "store", str(rq), {})


def test_a_bad_param_header_names_the_file_and_line(built: Path, tmp_path: Path) -> None:
    rq = tmp_path / "bad.rq"
    rq.write_text("# Something.\n# param: x colour A colour\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"bad.rq, line 2: parameter 'x' has unknown type 'colour'"):
        run_query(built / "store", str(rq), {"x": "red"})


# --- W3C result formats ---

_ODD = "SELECT ?s ?label WHERE { VALUES (?s ?label) { (<http://example.org/a> \"tab\\there\\nnew \\\"q\\\"\"@en) } }"


def test_csv_is_w3c_csv_with_crlf(built: Path) -> None:
    code, out, _ = _kg(built, "--format", "csv", _ODD)
    assert code == 0
    assert out == b's,label\r\nhttp://example.org/a,"tab\there\nnew ""q"""\r\n'


def test_tsv_has_var_headers_and_ntriples_terms(built: Path) -> None:
    code, out, _ = _kg(built, "--format", "tsv", _ODD)
    assert code == 0
    assert out == b'?s\t?label\n<http://example.org/a>\t"tab\\there\\nnew \\"q\\""@en\n'


def test_json_and_xml_parse_back_to_the_same_solutions(built: Path) -> None:
    for fmt, parser_format in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML)):
        code, out, _ = _kg(built, "--format", fmt, _ODD)
        assert code == 0
        solutions = list(ox.parse_query_results(out, format=parser_format))  # type: ignore[arg-type]
        assert solutions[0]["label"] == ox.Literal('tab\there\nnew "q"', language="en")


def test_ask_in_each_result_format(built: Path) -> None:
    ask = "ASK { ?a a dcoop:Agreement }"
    assert _kg(built, ask)[1] == b"true\n"
    assert json.loads(_kg(built, "--format", "json", ask)[1]) == {"head": {}, "boolean": True}
    assert b"<boolean>true</boolean>" in _kg(built, "--format", "xml", ask)[1]


@pytest.mark.parametrize("fmt, check", [
    ("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES), ("nquads", ox.RdfFormat.N_QUADS),
    ("trig", ox.RdfFormat.TRIG), ("jsonld", ox.RdfFormat.JSON_LD),
])
def test_construct_in_each_named_rdf_format(built: Path, fmt: str, check: ox.RdfFormat) -> None:
    code, out, _ = _kg(built, "--format", fmt, "CONSTRUCT { ?a a dcoop:Agreement } WHERE { ?a a dcoop:Agreement }")
    assert code == 0
    assert len(list(ox.parse(out, format=check))) == 15


def test_table_format_on_select_and_construct_streams_the_same_as_format_result(built: Path) -> None:
    held = format_result(run_query(built / "store", "partners", {"country": "TGO"}), "table")
    code, out, _ = _kg(built, "partners", "--param", "country=TGO")
    assert code == 0 and out.decode() == held
    assert held.rstrip().endswith("(2 rows)") or "rows)" in held


@pytest.mark.parametrize("fmt, query, expected", [
    ("csv", "CONSTRUCT { ?a a dcoop:Agreement } WHERE { ?a a dcoop:Agreement }", "returns triples, which --format csv"),
    ("turtle", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "returns a table of results, which --format turtle"),
])
def test_a_format_that_cannot_hold_the_answer_is_an_error(built: Path, fmt: str, query: str, expected: str) -> None:
    code, out, err = _kg(built, "--format", fmt, query)
    assert code == 1 and out == b"" and expected in err


def test_dash_reads_the_query_from_stdin(built: Path) -> None:
    code, out, _ = _kg(built, "--format", "csv", "-", input="SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dcoop:Agreement }")
    assert code == 0 and out == b"n\r\n15\r\n"
    code, _, err = _kg(built, "-", input="  \n")
    assert code == 1 and "no query on standard input" in err


# --- hostile queries ---

@pytest.fixture
def listener() -> tuple[int, list[bytes]]:
    """A loopback TCP server that records any connection a query makes."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            seen.append(conn.recv(100) or b"connected")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ ?x ?y ?z . service <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} LIMIT 1",
])
def test_service_is_refused_and_sends_nothing(built: Path, listener: tuple[int, list[bytes]], template: str) -> None:
    port, seen = listener
    code, out, err = _kg(built, template.format(port=port))
    time.sleep(0.3)
    assert code == 1 and out == b"" and "SERVICE is refused" in err
    assert seen == []


def test_service_in_a_string_or_name_is_not_refused(built: Path) -> None:
    code, out, _ = _kg(built, "--format", "csv", 'SELECT ?x WHERE { BIND("SERVICE <http://x/>" AS ?x) }')
    assert code == 0 and b"SERVICE" in out


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "PREFIX e: <http://e/> DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP GRAPH <http://e/g>",
    "LOAD <http://127.0.0.1:9/x.ttl>",
])
def test_updates_are_refused_as_read_only(built: Path, update: str) -> None:
    code, _, err = _kg(built, update)
    assert code == 1 and "kg query is read-only" in err and "expected" not in err


def test_a_query_past_its_time_limit_is_stopped(built: Path) -> None:
    started = time.monotonic()
    code, out, err = _kg(built, "--timeout", "1.5", "--format", "tsv",
                         "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    assert code == 1 and "time limit of 1.5 s" in err
    assert time.monotonic() - started < 30
    assert len(out) > 100_000  # rows were streamed out while the query ran, not held back


def test_the_default_time_limit_is_a_few_minutes() -> None:
    assert DEFAULT_QUERY_TIMEOUT == DEFAULT_TIMEOUT
    assert 60 <= DEFAULT_TIMEOUT <= 600


def test_stream_query_writes_to_any_binary_stream(built: Path) -> None:
    buffer = io.BytesIO()
    stream_query(built / "store", "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dcoop:Agreement }", {}, "json", buffer)
    assert json.loads(buffer.getvalue())["results"]["bindings"][0]["n"]["value"] == "15"


def test_an_error_while_rows_are_read_is_a_query_error(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.query_output as output

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk read failed")

    monkeypatch.setattr(output, "write_answer", broken)
    with pytest.raises(QueryError, match="while its results were read: disk read failed"):
        run_job({"store": str(built / "store"), "query": "SELECT * { ?s ?p ?o }", "format": "csv", "prefixes": {}},
                io.BytesIO())


def test_invalid_sparql_is_one_error_line(built: Path) -> None:
    code, out, err = _kg(built, "SELECT ?x WHERE { ?x ?y }")
    assert code == 1 and out == b"" and err.startswith("Error: invalid SPARQL") and err.count("\n") == 1


def test_a_reader_that_stops_early_gets_no_traceback(built: Path) -> None:
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "query", "--store", str(built / "store"), "--format", "tsv",
         "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"?a\t?b")
    process.stdout.close()
    error = process.stderr.read()
    process.wait(timeout=60)
    assert b"Traceback" not in error and b"Exception ignored" not in error


def test_the_cli_offers_every_format_the_library_writes() -> None:
    from kg.cli import QUERY_FORMATS
    from kg.query_output import FORMATS

    assert QUERY_FORMATS == FORMATS
