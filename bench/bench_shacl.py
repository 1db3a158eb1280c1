"""Benchmark: SHACL on bench data, pySHACL (kg's engine) against pyrudof (Rust rudof), same data, same run.

Run: .venv/bin/python bench/bench_shacl.py [--triples 50000,200000]   (pyrudof: pip install pyrudof)

Each engine runs in its own process on the same N-Triples (the union of kg's data graphs for
synthetic agreements, with a few planted violations); printed per size: seconds, peak RSS,
the violations' focus nodes, and whether both engines found the same ones.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_ID, _DC = "https://w3id.org/kg-defcoop/id/", "https://w3id.org/kg-defcoop/ontology#"
PLANTED = (f"<{_ID}agreement/planted-1> {_RDF_TYPE} <{_DC}Agreement> .\n"  # an agreement with no party, kind, evidence
           f"<{_ID}evidence/planted-2> {_RDF_TYPE} <{_DC}Evidence> .\n"
           f'<{_ID}evidence/planted-2> <{_DC}confidence> "high" .\n')  # a confidence that is not a number


def write_input(path: Path, triples: int) -> int:
    """The union graph of about `triples` triples of synthetic agreements, plus the planted violations."""
    import pyoxigraph as ox
    from bench_build import synthetic

    from kg.build import load_blocs
    from kg.gazetteer import default_gazetteer
    from kg.mapping import dataset_quads

    sources, facts = synthetic(max(1, triples // 31))
    seen = {ox.Triple(q.subject, q.predicate, q.object) for q in dataset_quads(sources, facts, default_gazetteer(), load_blocs())}
    ox.serialize(sorted(seen, key=str), str(path), ox.RdfFormat.N_TRIPLES)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(PLANTED)
    return len(seen) + PLANTED.count("\n")


def run_pyshacl(path: Path) -> list[str]:
    from rdflib import Graph

    from kg.validate import validate_triples

    report = validate_triples(Graph().parse(path, format="nt"))
    return sorted({v.focus for v in report.violations})


def run_rudof(path: Path) -> list[str]:
    import pyrudof

    from kg.resources import resource_path

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(str(path), format=pyrudof.RDFFormat.NTriples)
    rudof.read_data(str(resource_path("ontologies/defcoop.ttl")), merge=True)  # class hierarchy, as pySHACL's ont_graph
    rudof.read_shacl(str(resource_path("ontologies/shapes.ttl")))
    report = rudof.validate_shacl()
    text = rudof.serialize_shacl_validation_results(format=pyrudof.ResultShaclValidationFormat.NTriples)
    focus = "<http://www.w3.org/ns/shacl#focusNode>"
    found = {line.split(focus, 1)[1].strip().rstrip(" .").strip("<>") for line in text.splitlines() if focus in line}
    assert report.conforms == (not found)
    return sorted(found)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        started = time.perf_counter()
        focus = (run_pyshacl if sys.argv[2] == "pyshacl" else run_rudof)(Path(sys.argv[3]))
        seconds = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps({"seconds": seconds, "rss": rss, "focus": focus}))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", default="50000,200000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.triples.split(",")):
            path = Path(tmp) / f"{size}.nt"
            triples = write_input(path, size)
            print(f"\n{triples:,} triples")
            results = {}
            for engine in ("pyrudof", "pyshacl"):
                proc = subprocess.run([sys.executable, __file__, "--child", engine, str(path)], capture_output=True,
                                      text=True, check=False)
                if proc.returncode:
                    print(f"  {engine}: failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else '?'}")
                    continue
                results[engine] = json.loads(proc.stdout.strip().splitlines()[-1])
                r = results[engine]
                per = 100_000 / triples
                print(f"  {engine:8} {r['seconds']:7.1f} s  peak {r['rss'] / 2**20:6.0f} MB  "
                      f"({r['seconds'] * per:.1f} s per 100k triples)  {len(r['focus'])} focus nodes in violation: "
                      f"{', '.join(f.rsplit('/', 1)[-1] for f in r['focus'][:5])}")
            if len(results) == 2:
                same = results["pyrudof"]["focus"] == results["pyshacl"]["focus"]
                print(f"  same violations: {same}")
                if not same:
                    a, b = set(results["pyrudof"]["focus"]), set(results["pyshacl"]["focus"])
                    print(f"  only pyrudof: {sorted(a - b)[:5]}; only pyshacl: {sorted(b - a)[:5]}")


if __name__ == "__main__":
    main()
