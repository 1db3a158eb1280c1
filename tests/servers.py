"""Real SPARQL servers for the remote tests: an Oxigraph server and a private Virtuoso instance, on 127.0.0.1 only."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO_BIN = "virtuoso-t"
VIRTUOSO_SHARE = Path("/usr/share/virtuoso-opensource-7")
VIRTUOSO_VSP = Path("/var/lib/virtuoso-opensource-7/vsp")
#: A new Virtuoso database's administrator; the Graph Store endpoint with digest auth takes it.
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"


@dataclass
class Server:
    """A running server: its query endpoint, its Graph Store endpoint, and how long it took to answer."""

    name: str
    endpoint: str
    graph_store: str
    started_in: float
    process: subprocess.Popen[bytes]
    user: str | None = None
    password: str | None = None


def free_port() -> int:
    """A TCP port nothing listens on now (the server binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path | None, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            text = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"the server stopped at start (exit {process.returncode}): {text}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                answer.read()
                return
        except urllib.error.HTTPError:
            return  # it answers, if only with an error page
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer {url} within {limit:g} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def oxigraph_binary() -> str:
    """The 'oxigraph' command of the PyPI package oxigraph (the test extra), next to this Python first."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("no 'oxigraph' command: install the test extra (pip install -e '.[test]'), "
                           "which brings the PyPI package oxigraph and its server")
    return found


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[Server]:
    """Start 'oxigraph serve' on a free port with its data in folder; stop it at the end."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "oxigraph.log"
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(folder / "data"),
                                    "--bind", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_http(f"{base}/query?query=ASK%7B%7D", process, log)
        yield Server("oxigraph", f"{base}/query", f"{base}/store", time.monotonic() - started, process)
    finally:
        _stop(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
CheckpointAuditTrail = 0
AllowOSCalls = 0
SchedulerInterval = 10
DirsAllowed = ., {share}/vad
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
VADInstallDir = {share}/vad/
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 64
MaxQueryMem = 200M
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
MaxClientConnections = 10
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 0

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[URIQA]
DynamicLocal = 0
DefaultHost = 127.0.0.1:{http_port}

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
DeferInferenceRulesInit = 0
"""


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot start here, in words that say how to fix it; None when it can."""
    if shutil.which(VIRTUOSO_BIN) is None:
        return ("Virtuoso Open Source is not installed (no 'virtuoso-t' command): run 'make servers' "
                "(apt-get install virtuoso-opensource), which 'make test' runs")
    return None


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[Server]:
    """Start a private Virtuoso with its own virtuoso.ini and database in folder, on free ports of 127.0.0.1."""
    missing = virtuoso_missing()
    if missing:
        raise RuntimeError(missing)
    db = folder / "db"
    db.mkdir(parents=True)
    sql_port, http_port = free_port(), free_port()
    vsp = VIRTUOSO_VSP if VIRTUOSO_VSP.is_dir() else folder / "vsp"
    vsp.mkdir(exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, sql_port=sql_port, http_port=http_port, share=VIRTUOSO_SHARE, vsp=vsp))
    started = time.monotonic()
    with (folder / "virtuoso.out").open("wb") as out:
        process = subprocess.Popen([VIRTUOSO_BIN, "+foreground", "+configfile", str(ini)], cwd=db,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{http_port}"
        _wait_http(f"{base}/sparql?query=ASK%7B%7D", process, db / "virtuoso.log", limit=120)
        yield Server("virtuoso", f"{base}/sparql", f"{base}/sparql-graph-crud-auth", time.monotonic() - started,
                     process, VIRTUOSO_USER, VIRTUOSO_PASSWORD)
    finally:
        _stop(process)
