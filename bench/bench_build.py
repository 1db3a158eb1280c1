"""Benchmark: build and query a synthetic data set, against naive baselines measured in the same run.

Run: .venv/bin/python bench/bench_build.py [--agreements N]

Figures printed (seconds, and the speed-up over the baseline):
- store load: kg's batched bulk_extend vs one store.add per quad;
- the 'partners' named query on Oxigraph vs the same query on rdflib's SPARQL engine;
- SHACL validation time (pySHACL), which dominates a build at this size.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402
from rdflib import Dataset, URIRef  # noqa: E402

from kg.build import load_blocs  # noqa: E402
from kg.facts import AgreementFact, Event, Evidence, PartialDate, Source  # noqa: E402
from kg.gazetteer import default_gazetteer  # noqa: E402
from kg.mapping import dataset_quads  # noqa: E402
from kg.query import prepare  # noqa: E402
from kg.store import create_store, ox_quad  # noqa: E402
from kg.validate import validate_triples  # noqa: E402
from kg.vocab import AGREEMENT_KINDS, DOMAINS, PREFIXES  # noqa: E402


def synthetic(n_agreements: int, seed: int = 7) -> tuple[list[Source], list[AgreementFact]]:
    """Make n agreements between random states, each from its own source, with 1-3 events."""
    rng = random.Random(seed)
    states = sorted(a.id for a in default_gazetteer() if a.kind == "state")
    kinds, domains = sorted(AGREEMENT_KINDS), sorted(DOMAINS)
    sources, facts = [], []
    for i in range(n_agreements):
        source = Source(id=f"bench-source-{i}", publisher=f"Outlet {i % 50}", published=PartialDate(2000 + i % 25, 1 + i % 12, 1 + i % 28), language="en")
        a, b = rng.sample(states, 2)
        year = 1990 + rng.randrange(35)
        events = tuple(
            Event(type=t, date=PartialDate(year, 1 + k * 3, 10)) for k, t in enumerate(["signed", "ratified", "in-force"][: 1 + rng.randrange(3)])
        )
        facts.append(AgreementFact(
            id=f"bench-{i}", parties=(a, b), kind=rng.choice(kinds), source=source.id,
            domains=tuple(rng.sample(domains, 2)), events=events, evidence=Evidence(quote=f"Sentence {i}.", confidence=0.8),
        ))
        sources.append(source)
    return sources, facts


def timed(label: str, fn):  # noqa: ANN001, ANN201 - a tiny helper
    start = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - start
    return value, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=20_000)
    parser.add_argument("--shacl-agreements", type=int, default=2_000, help="size of the SHACL measurement")
    args = parser.parse_args()

    sources, facts = synthetic(args.agreements)
    gazetteer = default_gazetteer()
    quads, t_map = timed("map", lambda: list(dataset_quads(sources, facts, gazetteer, load_blocs())))
    print(f"{args.agreements} agreements -> {len(quads):,} quads; mapping {t_map:.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        _, t_bulk = timed("bulk", lambda: create_store(Path(tmp) / "bulk", quads))

        def naive() -> ox.Store:
            store = ox.Store(str(Path(tmp) / "naive"))
            for quad in quads:
                store.add(ox_quad(quad))
            return store

        naive_store, t_naive = timed("naive", naive)
        print(f"store load: batched {t_bulk:.2f} s vs one add per quad {t_naive:.2f} s ({t_naive / t_bulk:.1f}x)")

        text, _ = prepare("partners", {"country": "RUS"})
        store = naive_store
        rows, t_ox = timed("ox", lambda: list(store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)))
        ds = Dataset(default_union=True)
        for s, p, o, g in quads:
            ds.graph(URIRef(g)).add((s, p, o))
        prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
        rows_rdflib, t_rdflib = timed("rdflib", lambda: list(ds.query(prologue + text)))
        print(f"query 'partners' (RUS): Oxigraph {t_ox * 1000:.0f} ms, {len(rows)} rows vs rdflib {t_rdflib * 1000:.0f} ms, {len(rows_rdflib)} rows ({t_rdflib / t_ox:.0f}x)")

    small_sources, small_facts = synthetic(args.shacl_agreements)
    small = list(dataset_quads(small_sources, small_facts, gazetteer, load_blocs()))
    report, t_shacl = timed("shacl", lambda: validate_triples((s, p, o) for s, p, o, _ in small))
    print(f"SHACL on {args.shacl_agreements} agreements ({len(small):,} triples): {t_shacl:.1f} s, conforms={report.conforms}")


if __name__ == "__main__":
    main()
