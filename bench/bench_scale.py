"""Benchmark: kg build at growing sizes, against a naive rdflib build and Oxigraph's bulk-load floor, same run.

Run: .venv/bin/python bench/bench_scale.py [--kind curated|gdelt] [--sizes 3300,33000] [--queries] [--naive-max N]

Per size it writes the input files (curated: YAML fact files from bench_build.synthetic, so the
YAML path is measured; gdelt: GDELT 1.0 export rows resampled with new ids and dates), then
builds them three ways, each in its own process so peak RSS is that build's alone:
- kg: `kg build --no-validate` (the CLI, as a user runs it);
- rdflib: the same YAML read with yaml.CSafeLoader, one Dataset.add per quad in memory,
  serialised to N-Quads — what a first script would do;
- floor: pyoxigraph Store.bulk_load of the quads kg's store holds, from an N-Quads file.
It prints rows, quads, seconds, quads/s, peak RSS and the kg/rdflib and kg/floor speed ratios,
and with --queries the latency of every named query on the store kg built.

Targets (issue 9): kg >= 8x rdflib quads/s, >= 50 % of the floor, peak RSS < 2 GB at 1M quads.
Another input kind is one function `write_<kind>(folder, size) -> rows` in INPUTS, plus, if
its data is not curated YAML, a `naive_<kind>` in NAIVE for the rdflib baseline.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

#: Agreements per YAML file: ~330 files at 1M quads, like the issue's 305-file measurement.
PER_FILE = 100


def _external_data() -> Path:
    """The shared third-party data folder (KG_EXTERNAL_DATA, else <repo>/../shared/data-external)."""
    env = os.environ.get("KG_EXTERNAL_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data-external"


def write_curated(folder: Path, agreements: int) -> int:
    """Write `agreements` synthetic agreements (each with its own source) as YAML fact files; return the rows."""
    import yaml
    from bench_build import synthetic

    sources, facts = synthetic(agreements)
    facts_dir = folder / "facts"
    facts_dir.mkdir(parents=True)
    for start in range(0, agreements, PER_FILE):
        doc = {"sources": [], "facts": []}
        for source, fact in zip(sources[start:start + PER_FILE], facts[start:start + PER_FILE], strict=True):
            doc["sources"].append({"id": source.id, "publisher": source.publisher,
                                   "published": source.published.isoformat(), "language": source.language})
            doc["facts"].append({
                "type": "agreement", "id": fact.id, "parties": list(fact.parties), "kind": fact.kind,
                "source": fact.source, "domains": list(fact.domains), "confidence": fact.evidence.confidence,
                "evidence": {"quote": fact.evidence.quote},
                "events": [{"type": e.type, "date": e.date.isoformat()} for e in fact.events],
            })
        text = yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
        (facts_dir / f"bench-{start // PER_FILE:05d}.yaml").write_text(text, encoding="utf-8")
    return agreements


def write_gdelt(folder: Path, rows: int) -> int:
    """Resample the GDELT 1.0 sample export with fresh GLOBALEVENTIDs and dates, as .export.CSV files.

    kg build reads them with kg/loaders/gdelt.py (every CAMEO root kept: BUILD_OPTIONS).
    """
    sample = _external_data() / "gdelt" / "20191024143000.export.CSV"
    with sample.open(encoding="utf-8", newline="") as handle:
        base = list(csv.reader(handle, delimiter="\t"))
    rng = random.Random(7)
    facts_dir = folder / "facts"
    facts_dir.mkdir(parents=True)
    per_file = 20_000
    for start in range(0, rows, per_file):
        out = []
        for i in range(start, min(rows, start + per_file)):
            row = list(rng.choice(base))
            day = 20150101 + (i % 28) + 100 * (1 + i % 12) - 100
            row[0], row[1] = str(900_000_000 + i), str(day)
            row[2], row[3] = str(day // 100), str(day // 10000)
            out.append("\t".join(row))
        (facts_dir / f"{start // per_file:05d}.export.CSV").write_text("\n".join(out) + "\n", encoding="utf-8")
    return rows


INPUTS: dict[str, Callable[[Path, int], int]] = {"curated": write_curated, "gdelt": write_gdelt}


def _timed_child(argv: list[str]) -> tuple[float, int, str]:
    """Run a process; return its wall seconds, peak RSS (bytes, from a wrapper that waits only for it) and stdout."""
    wrapper = ("import resource,subprocess,sys,time;t=time.perf_counter();p=subprocess.run(sys.argv[1:]);"
               "s=time.perf_counter()-t;r=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
               "print(f'@@{s} {r}', file=sys.stderr);sys.exit(p.returncode)")
    proc = subprocess.run([sys.executable, "-c", wrapper, *argv], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    if proc.returncode:
        raise SystemExit(f"{' '.join(argv)} failed:\n{proc.stderr[-3000:]}")
    marker = [line for line in proc.stderr.splitlines() if line.startswith("@@")][-1]
    seconds, rss = marker[2:].split()
    return float(seconds), int(rss) * 1024, proc.stdout


def naive_curated(data: Path, out: Path) -> int:
    """The rdflib baseline: each YAML file read with CSafeLoader, one Dataset.add per quad, N-Quads out."""
    import yaml
    from rdflib import Dataset, Literal
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

    from kg.vocab import DCOOP, DOMAIN, EVENT, ID, KIND

    ds = Dataset()
    types = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}
    for path in sorted((data / "facts").glob("*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for s in doc.get("sources", []):
            g = ds.graph(ID[f"graph/{s['id']}"])
            node = ID[f"source/{s['id']}"]
            g.add((g.identifier, PROV.wasDerivedFrom, node))
            g.add((node, RDF.type, DCOOP.SourceDocument))
            g.add((node, RDF.type, PROV.Entity))
            g.add((node, RDFS.label, Literal(s["id"])))
            g.add((node, DCTERMS.publisher, Literal(s["publisher"])))
            g.add((node, DCTERMS.issued, Literal(s["published"], datatype=types[len(s["published"])])))
            g.add((node, DCTERMS.language, Literal(s["language"])))
        for f in doc.get("facts", []):
            g = ds.graph(ID[f"graph/{f['source']}"])
            node = ID[f"agreement/{f['id']}"]
            g.add((node, RDF.type, DCOOP.Agreement))
            g.add((node, DCOOP.agreementKind, KIND[f["kind"]]))
            for p in f["parties"]:
                g.add((node, DCOOP.party, ID[f"actor/{p}"]))
            for d in f["domains"]:
                g.add((node, DCOOP.domain, DOMAIN[d]))
            made = [node]
            for e in f["events"]:
                enode = ID[f"agreement/{f['id']}/event/{e['type']}-{e['date']}"]
                made.append(enode)
                g.add((node, DCOOP.hasEvent, enode))
                g.add((enode, RDF.type, DCOOP.LifeCycleEvent))
                g.add((enode, DCOOP.eventType, EVENT[e["type"]]))
                g.add((enode, DCOOP.eventOf, node))
                g.add((enode, DCOOP.date, Literal(e["date"], datatype=types[len(e["date"])])))
            ev = ID[f"evidence/{f['source']}/{f['id']}"]
            g.add((ev, RDF.type, DCOOP.Evidence))
            g.add((ev, RDF.type, PROV.Entity))
            g.add((ev, PROV.wasDerivedFrom, ID[f"source/{f['source']}"]))
            for target in made:
                g.add((ev, DCOOP.supports, target))
            g.add((ev, PROV.value, Literal(f["evidence"]["quote"])))
            g.add((ev, DCOOP.confidence, Literal(f"{f['confidence']:.2f}", datatype=XSD.decimal)))
    for s, p, o, _ in list(ds.quads((None, None, None, None))):  # the union graph kg's store holds too
        ds.default_graph.add((s, p, o))
    ds.serialize(destination=str(out), format="nquads")
    return sum(1 for _ in ds.quads((None, None, None, None)))


def naive_gdelt(data: Path, out: Path) -> int:
    """The rdflib baseline for GDELT: the quads kg stored, read as N-Quads into a Dataset (one add per quad), N-Quads out.

    It skips mapping the TSV rows to terms (kg's run does that too), so it flatters rdflib.
    """
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(str(data.parent / f"{data.name.removeprefix('data-')}.nq"), format="nquads")
    ds.serialize(destination=str(out), format="nquads")
    return sum(1 for _ in ds.quads((None, None, None, None)))


NAIVE: dict[str, Callable[[Path, Path], int]] = {"curated": naive_curated, "gdelt": naive_gdelt}
#: kg build options per input kind: GDELT keeps every CAMEO root, so each resampled row is an event.
BUILD_OPTIONS = {"curated": [], "gdelt": ["--cameo", ",".join(f"{r:02d}" for r in range(1, 21))]}


def floor(nquads: Path, store: Path) -> int:
    """The floor: Oxigraph's own bulk loader reading the N-Quads of what kg stored."""
    import pyoxigraph as ox

    s = ox.Store(str(store))
    s.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    return len(s)


def _dump_store(store: Path, nquads: Path) -> int:
    import pyoxigraph as ox

    s = ox.Store.read_only(str(store))
    s.dump(str(nquads), ox.RdfFormat.N_QUADS)
    return len(s)


#: Parameters for the named queries that need one: values the curated bench data holds.
QUERY_PARAMS = {"domain": "training", "organisation": "AES", "country": "RUS", "source": "bench-source-1",
                "agreement": "bench-1"}


def query_latencies(store: Path) -> dict[str, float]:
    """Seconds per named query on the built store, with QUERY_PARAMS for the parameters it needs."""
    from kg.query import named_queries, prepare
    from kg.store import open_store
    from kg.vocab import PREFIXES

    opened = open_store(store)
    timings = {}
    for name in sorted(named_queries()):
        try:
            needed = {p.name for p in named_queries()[name].parameters}
            text, _ = prepare(name, {k: v for k, v in QUERY_PARAMS.items() if k in needed})
        except Exception as exc:
            timings[name] = float("nan")
            print(f"    {name}: not run ({exc})")
            continue
        started = time.perf_counter()
        answer = opened.query(text, prefixes=PREFIXES)
        for _ in answer if not isinstance(answer, bool) else ():
            pass
        timings[name] = time.perf_counter() - started
    return timings


def _mb(rss: int) -> str:
    return f"{rss / 2**20:,.0f} MB"


def run_size(kind: str, size: int, work: Path, with_queries: bool, naive_max: int | None = None,
             naive_rate: list[float] | None = None) -> dict[str, float]:
    """Write one input size and build it the three ways; print and return the figures."""
    data, out = work / f"data-{size}", work / f"out-{size}"
    rows = INPUTS[kind](data, size)
    kg_s, kg_rss, _ = _timed_child([sys.executable, "-m", "kg.cli", "build", "--data", str(data), "--out", str(out),
                                    "--no-validate", *BUILD_OPTIONS[kind]])
    nquads = work / f"{size}.nq"
    quads = _dump_store(out / "store", nquads)
    floor_s, floor_rss, _ = _timed_child([sys.executable, __file__, "--child-floor", str(nquads), str(work / f"floor-{size}")])
    figures = {"rows": rows, "quads": quads, "kg_s": kg_s, "kg_rss": kg_rss, "floor_s": floor_s, "floor_rss": floor_rss}
    if kind in NAIVE and (naive_max is None or size <= naive_max):
        naive_s, naive_rss, naive_out = _timed_child([sys.executable, __file__, "--child-naive", kind, str(data),
                                                      str(work / f"naive-{size}.nq")])
        figures |= {"naive_s": naive_s, "naive_rss": naive_rss, "naive_quads": int(naive_out.split()[-1])}
    print(f"\n{kind} {rows:,} rows -> {quads:,} quads in kg's store")
    print(f"  kg build     {kg_s:8.1f} s  {quads / kg_s:10,.0f} quads/s  peak {_mb(kg_rss)}")
    if "naive_s" in figures:
        n = figures["naive_quads"]
        print(f"  rdflib naive {figures['naive_s']:8.1f} s  {n / figures['naive_s']:10,.0f} quads/s  peak "
              f"{_mb(figures['naive_rss'])}  ({n:,} quads)")
    print(f"  floor        {floor_s:8.1f} s  {quads / floor_s:10,.0f} quads/s  peak {_mb(floor_rss)}")
    if "naive_s" in figures:
        ratio = (quads / kg_s) / (figures["naive_quads"] / figures["naive_s"])
        print(f"  kg/rdflib {ratio:.1f}x quads/s (target >= 8x)")
        if naive_rate is not None:
            naive_rate[:] = [figures["naive_quads"] / figures["naive_s"], size]
    elif naive_rate:
        ratio = (quads / kg_s) / naive_rate[0]
        figures["kg_rdflib_vs_smaller"] = ratio
        print(f"  kg/rdflib {ratio:.1f}x quads/s against rdflib's rate at {int(naive_rate[1]):,} rows in this run "
              f"(not run at this size: --naive-max) (target >= 8x)")
    print(f"  kg/floor  {floor_s / kg_s * 100:.0f} % of the floor's quads/s (target >= 50 %)")
    if with_queries:
        for name, seconds in query_latencies(out / "store").items():
            print(f"    query {name:<28} {seconds * 1000:8.1f} ms")
    return figures


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-floor":
        print(floor(Path(sys.argv[2]), Path(sys.argv[3])))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--child-naive":
        print(NAIVE[sys.argv[2]](Path(sys.argv[3]), Path(sys.argv[4])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=sorted(INPUTS), default="curated")
    parser.add_argument("--sizes", default="3300,33000", help="input rows per run (curated: agreements), comma-separated")
    parser.add_argument("--queries", action="store_true", help="time every named query on each built store")
    parser.add_argument("--keep", type=Path, help="write inputs and builds here instead of a temporary folder")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--naive-max", type=int, help="run the rdflib baseline only up to this many rows; larger "
                        "sizes compare with its quads/s at the largest size it ran (it holds every quad in memory)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        naive_rate: list[float] = []
        for size in sizes:
            results[size] = run_size(args.kind, size, work, args.queries, args.naive_max, naive_rate)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
