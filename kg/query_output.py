"""Write a query's answer in a named format, streaming, with pyoxigraph's own W3C serialisers.

Kept free of rdflib and of the rest of kg so the query worker process starts fast; run as
``python -m kg.query_output`` it is that worker: it reads a JSON job on stdin, writes the
answer to stdout and, on failure, one JSON line ``{"error": ...}`` to stderr with exit 1.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .errors import QueryError, StoreError
from .store_access import open_store

#: Formats for SELECT and ASK answers (W3C SPARQL results formats, plus an aligned table).
RESULT_FORMATS: dict[str, ox.QueryResultsFormat | None] = {
    "table": None,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
#: Formats for CONSTRUCT and DESCRIBE answers (RDF syntaxes); 'table' means Turtle with prefixes.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
FORMATS: tuple[str, ...] = tuple(RESULT_FORMATS) + tuple(GRAPH_FORMATS)

#: Rows read before the table's column widths are fixed; later rows stream with those widths.
TABLE_WIDTH_SAMPLE = 1000

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None
Answer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def check_format(fmt: str) -> None:
    """Refuse an unknown format before any work is done."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")


def _wrong_format(fmt: str, graph_answer: bool) -> QueryError:
    if graph_answer:
        return QueryError(f"this CONSTRUCT or DESCRIBE query returns triples, which --format {fmt} cannot hold; "
                          f"use --format {', '.join(GRAPH_FORMATS)} (or table for Turtle)")
    return QueryError(f"this SELECT or ASK query returns a table of results, which --format {fmt} cannot hold; "
                      f"use --format {', '.join(RESULT_FORMATS)}")


def plain_term(term: Term, prefixes: dict[str, str]) -> str:
    """Show a term compactly for the table: prefixed names, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in prefixes.items():
            if term.value.startswith(namespace) and re.fullmatch(r"[\w\-./]*", term.value[len(namespace):]):
                return f"{prefix}:{term.value[len(namespace):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _table_lines(variables: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    iterator = iter(rows)
    sample = list(islice(iterator, TABLE_WIDTH_SAMPLE))
    widths = [max([len(v)] + [len(r[i]) for r in sample]) for i, v in enumerate(variables)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n"

    yield line(variables)
    yield "  ".join("-" * w for w in widths) + "\n"
    count = 0
    for row in sample:
        count += 1
        yield line(row)
    for row in iterator:
        count += 1
        yield line(row)
    yield f"({count} row{'s' if count != 1 else ''})\n"


def write_table(variables: list[str], rows: Iterable[list[Term]], out: BinaryIO, prefixes: dict[str, str]) -> None:
    """Write rows as an aligned text table, widths taken from the first rows so output streams."""
    cells = ([plain_term(t, prefixes) for t in row] for row in rows)
    for text in _table_lines(variables, cells):
        out.write(text.encode("utf-8"))


def write_triples(triples: Iterable[ox.Triple], fmt: str, out: BinaryIO, prefixes: dict[str, str]) -> None:
    """Write a CONSTRUCT or DESCRIBE answer in an RDF syntax; 'table' means Turtle with prefixes."""
    if fmt in RESULT_FORMATS and fmt != "table":
        raise _wrong_format(fmt, graph_answer=True)
    rdf_format = GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)
    pretty = rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
    ox.serialize(triples, out, rdf_format, prefixes=prefixes if pretty else None)


def write_answer(answer: Answer, fmt: str, out: BinaryIO, prefixes: dict[str, str]) -> None:
    """Write an answer as it is read, so a result larger than memory still reaches the output."""
    check_format(fmt)
    if isinstance(answer, ox.QueryTriples):
        write_triples(answer, fmt, out, prefixes)
        return
    if fmt in GRAPH_FORMATS:
        raise _wrong_format(fmt, graph_answer=False)
    if isinstance(answer, ox.QueryBoolean):
        if fmt == "table":
            out.write(b"true\n" if bool(answer) else b"false\n")
        else:
            answer.serialize(out, RESULT_FORMATS[fmt])
        return
    if fmt == "table":
        variables = [v.value for v in answer.variables]
        write_table(variables, ([solution[v] for v in variables] for solution in answer), out, prefixes)
        return
    answer.serialize(out, RESULT_FORMATS[fmt])


def run_answer(store: ox.Store, text: str, prefixes: dict[str, str]) -> Answer:
    """Start a query over the default graph (the set union of the sources), turning engine errors into QueryError."""
    try:
        return store.query(text, prefixes=prefixes)
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {exc}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from None


def run_job(job: dict[str, object], out: BinaryIO) -> None:
    """Open the store, run one prepared query and write its answer: the worker's whole job."""
    store = open_store(Path(str(job["store"])))
    prefixes = dict(job.get("prefixes") or {})  # type: ignore[call-overload]
    answer = run_answer(store, str(job["query"]), prefixes)
    try:
        write_answer(answer, str(job["format"]), out, prefixes)
    except (OSError, RuntimeError, ValueError, SyntaxError) as exc:
        raise QueryError(f"the query failed while its results were read: {exc}") from None


def main() -> int:
    """Worker entry point: one job from stdin, the answer on stdout, errors as one JSON line on stderr."""
    job = json.loads(sys.stdin.buffer.read())
    out = sys.stdout.buffer
    try:
        run_job(job, out)
        out.flush()
    except BrokenPipeError:
        return 0
    except (QueryError, StoreError) as exc:
        sys.stderr.write(json.dumps({"error": str(exc), "kind": type(exc).__name__}) + "\n")
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover - run as the query worker
    sys.exit(main())
