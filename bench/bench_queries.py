"""Benchmark: every named query on large synthetic stores, today's query text against the baseline shapes.

Run: .venv/bin/python bench/bench_queries.py [--agreements 1000 10000 33000] [--repeats 5] [--budget 60]

The baseline is the query text as it was before the rewrite, kept in bench/baseline_queries/.
For each store size and query it prints the median of --repeats runs (in-process, in a worker
process per query so a baseline that runs for minutes can be stopped), old vs new and the
ratio. A baseline whose first run exceeds --budget seconds is timed once, and one that has not
finished after --timeout seconds is stopped and shown as '>timeout'. Wherever both finish,
the bench asserts that they give the same rows in the same order (partners: on the baseline's
columns; the new query adds 'sources').

Stores are generated with bench_build.synthetic() through kg.mapping and kg.store (a 1M-quad
store takes minutes), and cached under $KG_BENCH_CACHE (default: <tmp>/kg-bench-queries),
keyed by size and by a digest of the code that writes them.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BASELINE = ROOT / "bench" / "baseline_queries"


def typical_params(n: int) -> dict[str, dict[str, str]]:
    """A typical parameter for each named query on a synthetic store of n agreements."""
    return {
        "partners": {"country": "RUS"},
        "domain": {"domain": "training"},
        "source": {"source": f"bench-source-{n // 2}"},
        "members": {"organisation": "ECOWAS"},
        "timeline": {"agreement": f"bench-{n // 2}"},
        "agreements-by-year": {},
        "conflicts": {},
        "multi-aligned": {},
    }


def _cache_key(n: int) -> str:
    from bench_build import synthetic

    import kg.mapping
    import kg.store

    digest = hashlib.sha1(inspect.getsource(synthetic).encode())
    for module in (kg.mapping, kg.store):
        digest.update(Path(module.__file__ or "").read_bytes())
    return f"{n}-{digest.hexdigest()[:10]}"


def store_for(n: int, cache: Path) -> Path:
    """The cached store of n synthetic agreements, generated on first use."""
    folder = cache / _cache_key(n)
    if (folder / "store" / "CURRENT").is_file() and (folder / "done").is_file():
        return folder / "store"
    from bench_build import synthetic

    from kg.build import load_blocs
    from kg.gazetteer import default_gazetteer
    from kg.mapping import dataset_quads
    from kg.store import create_store

    started = time.perf_counter()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    sources, facts = synthetic(n)
    quads = list(dataset_quads(sources, facts, default_gazetteer(), load_blocs()))
    store = create_store(folder / "store", quads)
    del store
    (folder / "done").write_text(f"{len(quads)}\n")
    print(f"  generated {n:,} agreements, {len(quads):,} quads in {time.perf_counter() - started:.0f} s -> {folder}",
          flush=True)
    return folder / "store"


def _worker() -> None:
    """Time one query in this process: read a job on stdin, write timings and rows as JSON on stdout."""
    import pyoxigraph as ox

    from kg.query import prepare
    from kg.store import open_store
    from kg.vocab import PREFIXES

    job = json.loads(sys.stdin.read())
    store = open_store(Path(job["store"]))
    text, _ = prepare(job["query"], job["params"], store=store)
    times: list[float] = []
    cpu: list[float] = []
    rows: list[list[str]] = []
    variables: list[str] = []
    for _ in range(job["repeats"]):
        start, started_cpu = time.perf_counter(), time.process_time()
        answer = store.query(text, prefixes=PREFIXES)
        assert isinstance(answer, ox.QuerySolutions)
        variables = [v.value for v in answer.variables]
        got = [[solution[v] for v in variables] for solution in answer]
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - started_cpu)
        rows = [["" if t is None else t.value if isinstance(t, ox.Literal) else str(t) for t in row] for row in got]
        if times[-1] > job["budget"]:
            break
    json.dump({"times": times, "cpu": cpu, "variables": variables, "rows": rows}, sys.stdout)


def measure(store: Path, query: str, params: dict[str, str], repeats: int, budget: float,
            timeout: float) -> dict[str, object] | None:
    """Run a query in a worker process; None if it ran past the timeout."""
    job = json.dumps({"store": str(store), "query": query, "params": params, "repeats": repeats, "budget": budget})
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    try:
        done = subprocess.run([sys.executable, __file__, "--worker"], input=job, capture_output=True, text=True,
                              timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(f"worker failed on {query}: {done.stderr[-2000:]}")
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _ms(result: dict[str, object] | None, timeout: float) -> str:
    if result is None:
        return f">{timeout:.0f} s"
    times = result["times"]
    assert isinstance(times, list) and isinstance(result["cpu"], list)
    median = statistics.median(times) * 1000
    text = f"{median:,.1f} ms" if median < 10_000 else f"{median / 1000:,.1f} s"
    return text + ("" if len(times) > 1 else " (1 run)")


def _cpu(result: dict[str, object] | None) -> str:
    if result is None:
        return "-"
    cpu = result["cpu"]
    assert isinstance(cpu, list)
    return f"{statistics.median(cpu) * 1000:,.1f} ms"



def _sorted_lists(rows: list[list[str]]) -> list[list[str]]:
    return [[";".join(sorted(cell.split(";"))) for cell in row] for row in rows]


def same_rows(old: dict[str, object], new: dict[str, object]) -> str:
    """Whether the new query gives the old one's rows, in order, on the old one's columns.

    'yes' when equal; 'lists' when equal once each ';'-separated list is sorted (the new queries
    sort the lists the old ones left in the engine's order); '' when they differ.
    """
    old_vars, new_vars = old["variables"], new["variables"]
    assert isinstance(old_vars, list) and isinstance(new_vars, list)
    keep = [new_vars.index(v) for v in old_vars]
    new_rows = new["rows"]
    assert isinstance(new_rows, list)
    kept = [[row[i] for i in keep] for row in new_rows]
    old_rows = old["rows"]
    assert isinstance(old_rows, list)
    if old_rows == kept:
        return "yes"
    return "lists" if _sorted_lists(old_rows) == _sorted_lists(kept) else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, nargs="+", default=[1_000, 10_000, 33_000])
    parser.add_argument("--queries", nargs="+", help="only these named queries")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--budget", type=float, default=30.0, help="time a query once when one run takes longer")
    parser.add_argument("--timeout", type=float, default=600.0, help="stop a query after this many seconds")
    parser.add_argument("--no-baseline", action="store_true", help="time only the current queries")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker()
        return

    cache = Path(os.environ.get("KG_BENCH_CACHE") or Path(tempfile.gettempdir()) / "kg-bench-queries")
    failures: list[str] = []
    for n in args.agreements:
        store = store_for(n, cache)
        print(f"\n{n:,} agreements ({store})")
        print(f"  {'query':<20} {'old':>16} {'new':>12} {'ratio':>8} {'new CPU':>12}  rows  same")
        for name, params in typical_params(n).items():
            if args.queries and name not in args.queries:
                continue
            new = measure(store, name, params, args.repeats, args.budget, args.timeout)
            old = None if args.no_baseline else measure(store, str(BASELINE / f"{name}.rq"), params, args.repeats,
                                                        args.budget, args.timeout)
            ratio, same = "", ""
            if old is not None and new is not None:
                ratio = f"{statistics.median(old['times']) / statistics.median(new['times']):.0f}x"  # type: ignore[arg-type]
                same = same_rows(old, new) or "NO"
                if same == "NO":
                    failures.append(f"{name} at {n}")
            rows = len(new["rows"]) if new is not None else "?"  # type: ignore[arg-type]
            old_text = "-" if args.no_baseline else _ms(old, args.timeout)
            new_text = _ms(new, args.timeout)
            print(f"  {name:<20} {old_text:>16} {new_text:>12} {ratio:>8} {_cpu(new):>12}  {rows:>4}  {same}", flush=True)
    assert not failures, f"old and new queries differ: {', '.join(failures)}"


if __name__ == "__main__":
    main()
