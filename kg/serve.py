"""kg serve: the built store as a read-only SPARQL 1.1 Protocol endpoint, with the HTML view and the named queries.

The HTTP side is Starlette under Uvicorn; queries run in a pool of worker processes
(``python -m kg.serve STORE``), each holding the store open. A worker whose query runs past
the time limit, or whose client went away, is killed and replaced: killing the process is
the only way to stop an Oxigraph query that has started. Server libraries are imported
inside functions so that 'kg --help' stays light.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from .errors import KgError, QueryError, ServeError, StoreError

__all__ = ["DEFAULT_MAX_ROWS", "DEFAULT_QUERY_TIMEOUT", "ServeConfig", "negotiate", "serve"]

DEFAULT_QUERY_TIMEOUT = 30.0  # seconds a query may run on a worker
DEFAULT_MAX_ROWS = 10_000  # rows (or triples) in one answer; more are cut and the answer says so
DEFAULT_MAX_QUERY_BYTES = 64 * 1024  # a query text, URL or POST body longer than this is refused
DEFAULT_WORKERS = 2
BOUND_CACHE = 1024  # named queries with bound parameters a worker keeps, per build
LINGER_SECONDS = 5  # how long a refused oversized request may go on sending before the connection is closed
H11_HEADER_LIMIT = 1 << 20  # bytes of request line and headers the HTTP parser holds before it refuses the request

#: Response formats by name: the media type written, and the media types in Accept that choose it.
MEDIA_TYPES: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
    "turtle": ("text/turtle", "application/x-turtle"),
    "ntriples": ("application/n-triples", "text/plain"),
    "nquads": ("application/n-quads",),
    "trig": ("application/trig",),
    "jsonld": ("application/ld+json",),
}
RESULT_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "nquads", "trig")
#: What a request that states no preference gets: JSON results for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE.
DEFAULT_FORMATS = ("json", "turtle")


@dataclass(frozen=True)
class ServeConfig:
    """What 'kg serve' was asked for: the store, the address, and the limits each query runs under."""

    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    query_timeout: float = DEFAULT_QUERY_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_query_bytes: int = DEFAULT_MAX_QUERY_BYTES
    workers: int = DEFAULT_WORKERS
    cors: tuple[str, ...] = ()


class HttpError(Exception):
    """A request the server answers with a 4xx or 5xx status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# --- content negotiation ---


def _parse_accept(header: str) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (by q, then by order given)."""
    ranges: list[tuple[str, float, int]] = []
    for index, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((media.lower(), q, index))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, q) for media, q, _ in ranges]


def negotiate(accept: str | None, fmt: str | None) -> tuple[list[str], bool]:
    """The formats a request accepts, best first, and whether they were named by a format parameter (else by Accept)."""
    if fmt:
        wanted = fmt.strip().lower()
        for name, types in MEDIA_TYPES.items():
            if wanted == name or wanted in types:
                return [name], True
        raise HttpError(400, f"unknown format '{fmt}'; use one of {', '.join(MEDIA_TYPES)}")
    if not accept or not accept.strip():
        return list(DEFAULT_FORMATS), False
    found: list[str] = []
    for media, _ in _parse_accept(accept):
        if media in ("*/*", "*"):
            matches = [*DEFAULT_FORMATS, *MEDIA_TYPES]
        elif media.endswith("/*"):
            major = media[:-1]
            matches = [n for n, types in MEDIA_TYPES.items() if any(t.startswith(major) for t in types)]
        else:
            matches = [n for n, types in MEDIA_TYPES.items() if media in types]
        found += [m for m in matches if m not in found]
    if not found:
        raise HttpError(406, f"none of the media types in 'Accept: {accept}' can be served; accepted: "
                             + ", ".join(types[0] for types in MEDIA_TYPES.values()))
    return found, False


# --- the query worker (a separate process) ---


def _pick_format(formats: list[str], graph_answer: bool, named: bool) -> str:
    fitting = GRAPH_FORMATS if graph_answer else RESULT_FORMATS
    for fmt in formats:
        if fmt in fitting:
            return fmt
    what = "CONSTRUCT or DESCRIBE query returns triples" if graph_answer else "SELECT or ASK query returns a table of results"
    raise HttpError(400 if named else 406, f"this {what}, which {'/'.join(formats)} cannot hold; "
                                           f"ask for one of {', '.join(fitting)}")


class _Worker:
    """One worker process's state: the store it holds open (reopened when a build moves the link) and the gazetteer."""

    def __init__(self, store_path: Path) -> None:
        from .gazetteer import default_gazetteer
        from .store_access import open_store

        self.path = store_path
        self.resolved = os.path.realpath(store_path)
        self.store = open_store(store_path)
        self.gazetteer = default_gazetteer()
        self.bound: dict[tuple[str, str, tuple[tuple[str, str], ...]], str] = {}  # (build, name, params) -> bound text

    def answer(self, job: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        """Run one job: bind a named query's parameters or take SPARQL text, run it, cap and write the answer."""
        import pyoxigraph as ox

        from .query import QueryResult, check_read_only, format_result, prepare
        from .query_output import run_answer
        from .store_access import open_store
        from .vocab import PREFIXES

        if os.path.realpath(self.path) != self.resolved:  # 'kg build' published a new build
            self.store = open_store(self.path)
            self.resolved = os.path.realpath(self.path)
        if job.get("named"):
            params = {str(k): str(v) for k, v in dict(job.get("params") or {}).items()}
            key = (self.resolved, str(job["named"]), tuple(sorted(params.items())))
            text = self.bound.get(key) or ""
            if not text:  # binding checks values against the store's vocabulary: a query of its own, worth keeping
                text, _ = prepare(key[1], params, self.gazetteer, self.store)
                if len(self.bound) >= BOUND_CACHE:
                    self.bound.clear()
                self.bound[key] = text
        else:
            text = str(job["query"])
            check_read_only(text)
        answer = run_answer(self.store, text, PREFIXES)
        cap = int(job["max_rows"])
        formats = [str(f) for f in job["formats"]]
        named = bool(job.get("format_given"))
        try:
            if isinstance(answer, ox.QueryBoolean):
                result, count = QueryResult(boolean=bool(answer)), 1
                fmt = _pick_format(formats, False, named)
            elif isinstance(answer, ox.QuerySolutions):
                fmt = _pick_format(formats, False, named)
                variables = [v.value for v in answer.variables]
                rows = [[solution[v] for v in variables] for solution in islice(answer, cap + 1)]
                result, count = QueryResult(variables=variables, rows=rows[:cap]), len(rows)
            else:
                fmt = _pick_format(formats, True, named)
                triples = list(islice(answer, cap + 1))
                result, count = QueryResult(triples=triples[:cap]), len(triples)
        except (OSError, RuntimeError, ValueError, SyntaxError) as exc:
            raise QueryError(f"the query failed while its results were read: {exc}") from None
        body = format_result(result, fmt).encode("utf-8")
        return {"status": 200, "format": fmt, "truncated": count > cap, "length": len(body)}, body


def _watch_parent() -> None:
    """Exit when the server that started this worker is gone, even in the middle of a query."""
    parent = os.getppid()
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def worker_main(store_path: Path) -> int:
    """Worker entry point: a ready line, then for each JSON job line on stdin one JSON header line and the body on stdout."""
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # nothing printed by a library can garble the replies
    threading.Thread(target=_watch_parent, daemon=True).start()

    def reply(header: dict[str, Any], body: bytes = b"") -> None:
        out.write(json.dumps(header).encode("utf-8") + b"\n" + body)
        out.flush()

    try:
        worker = _Worker(store_path)
    except KgError as exc:
        reply({"status": 503, "error": str(exc)})
        return 1
    reply({"ready": True})
    for line in sys.stdin.buffer:
        try:
            header, body = worker.answer(json.loads(line))
        except HttpError as exc:
            header, body = {"status": exc.status, "error": exc.message}, b""
        except StoreError as exc:
            header, body = {"status": 503, "error": str(exc)}, b""
        except KgError as exc:
            header, body = {"status": 400, "error": str(exc)}, b""
        reply(header, body)
    return 0


# --- the pool of workers, seen from the server ---


@dataclass
class Reply:
    """A worker's answer: status, the format written, whether rows were cut, and the body."""

    status: int
    body: bytes = b""
    format: str | None = None
    truncated: bool = False
    error: str | None = None


class _Process:
    """A running worker process and its pipes."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc

    async def read_reply(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = await self.proc.stdout.readline()
        if not line:
            raise HttpError(503, "the query worker stopped unexpectedly; the query was not answered")
        header: dict[str, Any] = json.loads(line)
        return header

    async def run(self, job: dict[str, Any]) -> Reply:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(job).encode("utf-8") + b"\n")
        await self.proc.stdin.drain()
        header = await self.read_reply()
        body = await self.proc.stdout.readexactly(int(header.get("length", 0)))
        return Reply(int(header["status"]), body, header.get("format"), bool(header.get("truncated")), header.get("error"))

    def kill(self) -> None:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()


class WorkerPool:
    """Worker processes that each answer one query at a time; one that is stopped is replaced."""

    def __init__(self, store: Path, size: int) -> None:
        self.store = store
        self.size = size
        self.idle: asyncio.Queue[_Process] = asyncio.Queue()
        self.all: set[_Process] = set()
        self.pending: set[asyncio.Task[None]] = set()
        self.closed = False

    async def _spawn(self) -> _Process:
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "kg.serve", str(self.store),
                                                    stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        worker = _Process(proc)
        self.all.add(worker)
        try:
            header = await worker.read_reply()
        except HttpError:
            header = {"error": "the query worker could not start; see the messages above"}
        if not header.get("ready"):
            worker.kill()
            self.all.discard(worker)
            raise StoreError(str(header.get("error")))
        return worker

    async def start(self) -> None:
        """Start every worker; a store that cannot be opened stops the server before it listens."""
        for worker in await asyncio.gather(*(self._spawn() for _ in range(self.size))):
            self.idle.put_nowait(worker)

    def _replace(self, worker: _Process) -> None:
        worker.kill()
        self.all.discard(worker)
        if self.closed:
            return

        async def respawn() -> None:
            with contextlib.suppress(KgError, OSError):
                self.idle.put_nowait(await self._spawn())

        task = asyncio.create_task(respawn())
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)

    async def run(self, job: dict[str, Any], timeout: float, is_gone: Callable[[], Awaitable[bool]]) -> Reply:
        """Answer a job on a free worker within the time limit; stop it if the time runs out or the client goes."""

        async def watch() -> None:
            while not await is_gone():
                await asyncio.sleep(0.2)

        watcher: asyncio.Task[Any] = asyncio.create_task(watch())
        try:
            getting: asyncio.Task[Any] = asyncio.create_task(self.idle.get())
            done, _ = await asyncio.wait({getting, watcher}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            if getting not in done:
                getting.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    self.idle.put_nowait(await getting)  # it may have been handed a worker just now
                if watcher in done:
                    raise HttpError(499, "the client went away")
                raise HttpError(503, f"every query worker stayed busy for {timeout:g} s; try again later")
            worker = getting.result()
            running: asyncio.Task[Any] = asyncio.create_task(worker.run(job))
            done, _ = await asyncio.wait({running, watcher}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            if running in done and running.exception() is None:
                self.idle.put_nowait(worker)
                return running.result()
            running.cancel()
            self._replace(worker)
            if running in done:
                exc = running.exception()
                raise exc if isinstance(exc, HttpError) else HttpError(503, f"the query worker failed ({exc})")
            if watcher in done:
                raise HttpError(499, "the client went away")
            raise HttpError(503, f"the query ran past its time limit of {timeout:g} s and was stopped; "
                                 "narrow it (LIMIT, more specific patterns)")
        finally:
            watcher.cancel()

    async def close(self) -> None:
        """Stop every worker."""
        self.closed = True
        for task in list(self.pending):
            task.cancel()
        for worker in list(self.all):
            worker.kill()
        for worker in list(self.all):
            with contextlib.suppress(ProcessLookupError):
                await worker.proc.wait()


# --- the HTTP application ---


@dataclass
class _State:
    config: ServeConfig
    pool: WorkerPool
    view_dir: Path
    view_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    view_for: str | None = None


def _error(status: int, message: str) -> Any:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(f"Error: {message}\n", status_code=status)


def _one(values: list[tuple[str, str]], name: str) -> str | None:
    found = [v for k, v in values if k == name]
    if len(found) > 1:
        raise HttpError(400, f"give '{name}' once, not {len(found)} times")
    return found[0] if found else None


async def _read_body(request: Any, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to pass the limit."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise HttpError(413, f"the request body has {int(length)} bytes; the limit is {limit} (--max-query-bytes)")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HttpError(413, f"the request body passes the limit of {limit} bytes (--max-query-bytes)")
    return bytes(body)


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, f"the {what} is not UTF-8 text") from None


async def _protocol_request(request: Any, limit: int) -> tuple[str, list[tuple[str, str]]]:
    """Read a SPARQL 1.1 Protocol query operation: the query text and the other parameters."""
    raw = request.url.query
    if len(raw) > limit:
        raise HttpError(414, f"the request URL's query string has {len(raw)} bytes; the limit is {limit}: "
                             "send a long query with POST (Content-Type: application/sparql-query)")
    params = parse_qsl(raw, keep_blank_values=True)
    query = _one(params, "query")
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update" or _one(params, "update") is not None:
            raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused; "
                                 "edit the fact files and run 'kg build' instead")
        if media == "application/x-www-form-urlencoded":
            form = parse_qsl(_decode(await _read_body(request, limit), "form body"), keep_blank_values=True)
            if _one(form, "update") is not None:
                raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused; "
                                     "edit the fact files and run 'kg build' instead")
            if query is not None and _one(form, "query") is not None:
                raise HttpError(400, "give 'query' once, in the URL or in the form body")
            query = query if query is not None else _one(form, "query")
            params += form
        elif media == "application/sparql-query":
            if query is not None:
                raise HttpError(400, "a query in the body (application/sparql-query) takes no 'query' in the URL")
            query = _decode(await _read_body(request, limit), "query")
        else:
            raise HttpError(415, f"Content-Type '{media or 'none'}' is not a SPARQL query; POST "
                                 "application/sparql-query or application/x-www-form-urlencoded (query=...)")
    elif _one(params, "update") is not None:
        raise HttpError(403, "this endpoint is read-only: SPARQL Update is refused")
    if query is None or not query.strip():
        raise HttpError(400, "no query: pass query=... (GET or a form POST) or POST application/sparql-query")
    if len(query.encode("utf-8")) > limit:
        raise HttpError(413, f"the query has {len(query.encode('utf-8'))} bytes; the limit is {limit}")
    for name in ("default-graph-uri", "named-graph-uri"):
        if _one(params, name) is not None:
            raise HttpError(400, f"'{name}' is not supported: the default graph is the union of every source graph, "
                                 "and GRAPH reaches each source; use FROM or GRAPH in the query instead")
    return query, params


def _answer_response(reply: Reply, max_rows: int) -> Any:
    from starlette.responses import Response

    if reply.status != 200:
        return _error(reply.status, reply.error or "the query failed")
    assert reply.format is not None
    headers = {"X-Kg-Row-Limit": str(max_rows)}
    if reply.truncated:
        headers["X-Kg-Truncated"] = "true"
    return Response(reply.body, media_type=MEDIA_TYPES[reply.format][0], headers=headers)


async def _run(request: Any, job: dict[str, Any], formats: tuple[list[str], bool]) -> Any:
    state: _State = request.app.state.kg
    job = {**job, "formats": formats[0], "format_given": formats[1], "max_rows": state.config.max_rows}
    reply = await state.pool.run(job, state.config.query_timeout, request.is_disconnected)
    return _answer_response(reply, state.config.max_rows)


async def sparql_endpoint(request: Any) -> Any:
    """GET or POST /sparql: a SPARQL 1.1 Protocol query operation."""
    from .query import check_read_only

    limit = request.app.state.kg.config.max_query_bytes
    query, params = await _protocol_request(request, limit)
    formats = negotiate(request.headers.get("accept"), _one(params, "format"))
    try:
        check_read_only(query)
    except QueryError as exc:
        raise HttpError(400, str(exc)) from None
    return await _run(request, {"query": query}, formats)


async def named_endpoint(request: Any) -> Any:
    """GET /queries/NAME?param=value...: a named query, its parameters bound as 'kg query --param' binds them."""
    from .query import named_queries

    name = request.path_params["name"]
    queries = named_queries()
    if name not in queries:
        raise HttpError(404, f"no named query '{name}'; known: {', '.join(queries)}")
    raw = request.url.query
    limit = request.app.state.kg.config.max_query_bytes
    if len(raw) > limit:
        raise HttpError(414, f"the request URL's query string has {len(raw)} bytes; the limit is {limit}")
    params = parse_qsl(raw, keep_blank_values=True)
    fmt = _one(params, "format")
    values: dict[str, str] = {}
    for key, value in params:
        if key == "format" or not value.strip():  # a form's empty field leaves an optional parameter out
            continue
        if key in values:
            raise HttpError(400, f"give parameter '{key}' once")
        values[key] = value.strip()
    return await _run(request, {"named": name, "params": values}, negotiate(request.headers.get("accept"), fmt))


def index_page(queries: dict[str, Any]) -> str:
    """The start page: the named queries, each with a form for its parameters, a free SPARQL form, and the view's link."""
    text = (Path(__file__).resolve().parent / "templates" / "serve-index.html").read_text(encoding="utf-8")
    formats = "".join(f'<option value="{f}">{f}</option>' for f in RESULT_FORMATS)
    blocks = []
    for named in queries.values():
        fields = []
        for p in named.parameters:
            need = "" if p.optional else " required"
            fields.append(f'<label>{html.escape(p.name)} <small>({html.escape(p.type)}'
                          f'{", optional" if p.optional else ""})</small> '
                          f'<input name="{html.escape(p.name)}"{need} title="{html.escape(p.description)}"></label>')
        blocks.append(
            f'<section><h2>{html.escape(named.name)}</h2><p>{html.escape(named.description)}</p>'
            f'<form method="get" action="queries/{html.escape(named.name)}">{"".join(fields)}'
            f'<label>format <select name="format">{formats}</select></label> <button type="submit">Run</button></form>'
            f'</section>')
    return text.replace("<!--KG_QUERIES-->", "\n".join(blocks)).replace("<!--KG_FORMATS-->", formats)


async def index(request: Any) -> Any:
    """GET /: the start page."""
    from starlette.responses import HTMLResponse

    from .query import named_queries

    return HTMLResponse(index_page(named_queries()))


async def view(request: Any) -> Any:
    """GET /view: the page 'kg render' writes, drawn once per build in a separate process and kept."""
    from starlette.responses import FileResponse

    state: _State = request.app.state.kg
    page = state.view_dir / "graph.html"
    async with state.view_lock:
        build = os.path.realpath(state.config.store)
        if state.view_for != build or not page.exists():
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "kg.cli", "render", "--store", str(state.config.store), "-o", str(page),
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
            _, err = await proc.communicate()
            if proc.returncode != 0:
                message = err.decode("utf-8", "replace").strip().splitlines()
                raise HttpError(503, message[-1].removeprefix("Error: ") if message else "the view could not be drawn")
            state.view_for = build
    return FileResponse(page, media_type="text/html")


def make_app(config: ServeConfig, pool: WorkerPool, view_dir: Path) -> Any:
    """The Starlette application: routes, error answers, and CORS only for the origins asked for."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.routing import Route

    async def http_error(request: Any, exc: Exception) -> Any:
        assert isinstance(exc, HttpError)
        return _error(exc.status, exc.message)

    async def starlette_error(request: Any, exc: Exception) -> Any:
        assert isinstance(exc, HTTPException)
        return _error(exc.status_code, str(exc.detail))

    middleware = []
    if config.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(config.cors), allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type"], expose_headers=["X-Kg-Truncated"]))
    app = Starlette(
        routes=[Route("/", index), Route("/view", view), Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),
                Route("/queries/{name}", named_endpoint)],
        middleware=middleware,
        exception_handlers={HttpError: http_error, HTTPException: starlette_error},
    )
    app.state.kg = _State(config, pool, view_dir)
    return app


def _listen(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ServeError(f"--host {host}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)  # proto IPPROTO_TCP, or asyncio leaves Nagle on: 40 ms per answer
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}; pick another --port") from None
    sock.listen(128)
    return sock


def serve(config: ServeConfig, ready: Callable[[str], None] | None = None) -> None:
    """Run the endpoint until interrupted; `ready` gets the URL once the workers are up and the socket listens."""
    from .store_access import open_store

    open_store(config.store)  # a missing or damaged store is refused with the usual message, before anything starts
    asyncio.run(_serve(config, ready))


def _http_protocol(max_query_bytes: int, limit: int) -> type:
    """uvicorn's h11 protocol, except that a request head past the parser's limit gets a 414 or 431 that says why."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class KgH11Protocol(H11Protocol):
        def send_400_response(self, msg: str) -> None:
            held = len(self.conn.trailing_data[0])
            if held <= limit:
                super().send_400_response(msg)
                return
            line_ended = b"\r\n" in self.conn.trailing_data[0][:limit]
            status, reason = (431, b"Request Header Fields Too Large") if line_ended else (414, b"URI Too Long")
            part = "headers pass" if line_ended else "request line (the URL with its query string) passes"
            text = (f"Error: the request's {part} {limit} bytes, the most this server reads; queries are limited to "
                    f"{max_query_bytes} bytes (--max-query-bytes): send a long query with POST, as "
                    "application/sparql-query or a form body\n")
            self.logger.warning("refused a request head over %d bytes", limit)
            headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]
            self.transport.write(self.conn.send(h11.Response(status_code=status, headers=headers, reason=reason)))
            self.transport.write(self.conn.send(h11.Data(data=text.encode("utf-8"))))
            self.transport.write(self.conn.send(h11.EndOfMessage()))
            # A lingering close: the client is likely still sending its head, and closing on unread bytes would
            # reset the connection and lose the answer; read and drop them until it stops, for a few seconds at most.
            self.refused = True
            self.transport.write_eof()
            asyncio.get_running_loop().call_later(LINGER_SECONDS, self.transport.close)

        def data_received(self, data: bytes) -> None:
            if not getattr(self, "refused", False):
                super().data_received(data)

    return KgH11Protocol


async def _serve(config: ServeConfig, ready: Callable[[str], None] | None) -> None:
    import uvicorn

    pool = WorkerPool(config.store, config.workers)
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as view_dir:
        try:
            await pool.start()
            sock = _listen(config.host, config.port)
            app = make_app(config, pool, Path(view_dir))
            # h11's header limit sits well above --max-query-bytes, so a long URL gets the endpoint's 414 with its
            # message; a request head past that limit gets the protocol's own 414 or 431
            header_limit = max(H11_HEADER_LIMIT, 2 * config.max_query_bytes + 16 * 1024)
            protocol = _http_protocol(config.max_query_bytes, header_limit)
            server = uvicorn.Server(uvicorn.Config(app, http=protocol, lifespan="off", log_level="warning", access_log=False,
                                                   h11_max_incomplete_event_size=header_limit, timeout_graceful_shutdown=2))
            host, port = sock.getsockname()[:2]
            shown = f"[{host}]" if ":" in host else host
            if ready:
                ready(f"http://{shown}:{port}/")
            await server.serve(sockets=[sock])
        finally:
            await pool.close()


if __name__ == "__main__":  # pragma: no cover - run as a query worker
    sys.exit(worker_main(Path(sys.argv[1])))
