"""Load benchmark: kg serve under N concurrent clients, against Oxigraph's own server on the same store and queries.

Run: .venv/bin/python bench/bench_serve.py [--store output/store] [--seconds 20] [--clients 1,4,16]
     [--engines kg,kg-named,oxigraph] [--workers 2]

Each client is a thread with one keep-alive connection (stdlib http.client) to 127.0.0.1 that
sends, for a bounded time, the shipped named queries in turn (partners, members, timeline,
agreements-by-year, conflicts, domain, source, multi-aligned with fixed parameters). Engines:
- kg: 'kg serve', the queries' text (parameters bound by kg.query.prepare) POSTed to /sparql;
- kg-named: 'kg serve', GET /queries/NAME?param=..., binding done by the server as 'kg query' does;
- oxigraph: 'oxigraph serve-read-only' (the PyPI package's binary), the same text POSTed to /query.
Printed per engine and client count: requests, throughput (req/s), p50 and p99 latency (ms),
errors (any status other than 200, or a failed connection; must be 0), and the throughput
ratio to Oxigraph's server measured in the same run. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.query import prepare  # noqa: E402
from kg.store_access import open_store  # noqa: E402
from kg.vocab import PREFIXES  # noqa: E402

#: The mix: each named query with parameters that exist in the shipped data.
MIX: list[tuple[str, dict[str, str]]] = [
    ("partners", {"country": "RUS"}),
    ("members", {"organisation": "AES"}),
    ("timeline", {"agreement": "rus-tgo-military-cooperation-2025"}),
    ("agreements-by-year", {}),
    ("conflicts", {}),
    ("domain", {"domain": "training"}),
    ("source", {"source": "kommersant-8099046"}),
    ("multi-aligned", {}),
]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(port: int, path: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not answer within {seconds:g} s")


def start(engine: str, store: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    if engine == "oxigraph":
        binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        proc = subprocess.Popen([binary, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                                 "--timeout-s", "30"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_ready(port, "/query?query=ASK%7B%7D")
    else:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port),
                                 "--workers", str(workers)], stdout=subprocess.DEVNULL, env=env)
        wait_ready(port, "/sparql?query=ASK%7B%7D")
    return proc, port


def requests_for(engine: str, store: Path) -> list[tuple[str, str, bytes | None, dict[str, str]]]:
    """(method, path, body, headers) per query of the mix, as each engine is asked."""
    accept = {"Accept": "application/sparql-results+json"}
    if engine == "kg-named":
        return [("GET", f"/queries/{name}?" + urllib.parse.urlencode(params), None, accept) for name, params in MIX]
    handle = open_store(store)
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())  # Oxigraph's server knows no kg prefixes
    path = "/query" if engine == "oxigraph" else "/sparql"
    out = []
    for name, params in MIX:
        text, _ = prepare(name, params, store=handle)
        out.append(("POST", path, (prologue + text).encode("utf-8"), {**accept, "Content-Type": "application/sparql-query"}))
    return out


def load(port: int, requests: list[tuple[str, str, bytes | None, dict[str, str]]], clients: int,
         seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        failed = 0
        i = offset
        while time.monotonic() < stop_at:
            method, path, body, headers = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a built store (default: build the shipped data into a temporary folder)")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--engines", default="oxigraph,kg,kg-named")
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers")
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    engines = args.engines.split(",")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        store = args.store
        if store is None:
            from kg.build import build

            build(REPO / "data", Path(tmp))
            store = Path(tmp) / "store"
        print(f"store {store}; {len(MIX)} named queries in turn; {args.seconds:g} s per run; kg serve --workers {args.workers}")
        print(f"{'engine':<10} {'clients':>7} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'vs oxigraph':>11}")
        baseline: dict[int, float] = {}
        total_errors = 0
        for engine in engines:
            proc, port = start(engine, store, args.workers)
            try:
                requests = requests_for(engine, store)
                load(port, requests, 1, min(2.0, args.seconds))  # warm up: first queries, page cache
                for clients in counts:
                    latencies, errors = load(port, requests, clients, args.seconds)
                    rate = len(latencies) / args.seconds
                    if engine == "oxigraph":
                        baseline[clients] = rate
                    ratio = f"{rate / baseline[clients]:.2f}x" if baseline.get(clients) else "-"
                    total_errors += errors
                    print(f"{engine:<10} {clients:>7} {len(latencies):>9} {rate:>8.1f} "
                          f"{percentile(latencies, 0.5) * 1000:>8.1f} {percentile(latencies, 0.99) * 1000:>8.1f} "
                          f"{errors:>6} {ratio:>11}", flush=True)
                    if latencies and engine != "oxigraph" and clients == counts[-1]:
                        print(f"{'':<10} mean latency {statistics.mean(latencies) * 1000:.1f} ms", flush=True)
            finally:
                proc.terminate()
                proc.wait(timeout=20)
    return 1 if total_errors else 0


if __name__ == "__main__":
    sys.exit(main())
