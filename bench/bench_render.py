"""Benchmark: kg stats and kg render on a synthetic 5,000-actor store, against pyvis in the same run.

Run: .venv/bin/python bench/bench_render.py [--actors 5000] [--agreements 10000] [--no-browser] [--no-baseline]

Figures printed:
- reading the store into a snapshot (SPARQL), projecting the cooperation graph;
- kg stats: every figure (degree, betweenness — sampled above 1,000 actors —, eigenvector,
  Louvain, bridges, balance, timeline);
- kg render: layout, page build and write, and the file size; the same with --layout geo (map shapes inlined);
- baseline: pyvis `Network.from_nx(graph)` + `generate_html()` on the same graph (what
  DESIGN.md calls quadratic), its file size, and the CDN references it keeps;
- in headless Chromium (network blocked): seconds until kg's page has drawn every actor,
  and until pyvis's page has finished its physics stabilisation (its default), capped.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402

from kg.projections import BLOC_NS, cooperation_graph, load_snapshot  # noqa: E402
from kg.outputs import write_atomically  # noqa: E402
from kg.render import graph_page, page_data, render  # noqa: E402
from kg.stats import compute_stats, format_stats  # noqa: E402
from kg.store import ONTOLOGY_GRAPH, _fill_default_graph  # noqa: E402
from kg.vocab import AGREEMENT_KINDS, DOMAINS, PREFIXES  # noqa: E402

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
D = PREFIXES["dcoop"]
ID = PREFIXES["id"]


def N(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def synthetic_store(path: Path, actors: int, agreements: int, seed: int = 11) -> int:
    """Write a store shaped like kg's: a gazetteer graph of actors and one graph per source, with evidence."""
    rng = random.Random(seed)
    quads: list[ox.Quad] = []
    gaz = N(ID + "graph/gazetteer")
    ids = [f"X{i:05d}" for i in range(actors)]
    bloc_defs = [("russia-led", "Russia-led bloc", "#d1495b"), ("western", "Western bloc", "#2e6fbd"),
                 ("regional", "Regional organisation", "#edae49")]
    for position, (name, label, colour) in enumerate(bloc_defs):  # blocs are data, as kg build writes them
        bloc = N(BLOC_NS + name)
        quads += [ox.Quad(bloc, RDF_TYPE, N(D + "Bloc"), gaz),
                  ox.Quad(bloc, N(PREFIXES["schema"] + "position"), ox.Literal(str(position), datatype=N(PREFIXES["xsd"] + "integer")), gaz),
                  ox.Quad(bloc, N(PREFIXES["rdfs"] + "label"), ox.Literal(label, language="en"), gaz),
                  ox.Quad(bloc, N(PREFIXES["schema"] + "color"), ox.Literal(colour), gaz)]
    blocs = ["western"] * 5 + ["russia-led"] * 3 + ["regional"] * 2 + [None] * 90
    for i, actor in enumerate(ids):
        node = N(ID + "actor/" + actor)
        kind = "State" if i % 12 else "InternationalOrganisation"
        quads += [ox.Quad(node, RDF_TYPE, N(D + kind), gaz), ox.Quad(node, RDF_TYPE, N(D + "Actor"), gaz),
                  ox.Quad(node, N(PREFIXES["rdfs"] + "label"), ox.Literal(f"Actor {i} São Tomé", language="en"), gaz),
                  ox.Quad(node, N(D + "alpha3"), ox.Literal(actor), gaz),
                  ox.Quad(node, N(PREFIXES["schema"] + "latitude"), ox.Literal(f"{rng.uniform(-35, 60):.4f}", datatype=N(PREFIXES["xsd"] + "decimal")), gaz),
                  ox.Quad(node, N(PREFIXES["schema"] + "longitude"), ox.Literal(f"{rng.uniform(-20, 60):.4f}", datatype=N(PREFIXES["xsd"] + "decimal")), gaz)]
        bloc = rng.choice(blocs)
        if bloc:
            quads.append(ox.Quad(node, N(D + "bloc"), N(BLOC_NS + bloc), gaz))
    kinds, domains = sorted(AGREEMENT_KINDS), sorted(DOMAINS)
    ends: list[int] = []  # preferential attachment: hubs, as Russia and France are in the real data
    for k in range(agreements):
        a = rng.randrange(actors)
        b = rng.choice(ends) if ends and rng.random() < 0.6 else rng.randrange(actors)
        if a == b:
            b = (b + 1) % actors
        ends += [a, b]
        source = f"bench-source-{k // 2}"
        graph = N(ID + "graph/" + source)
        src = N(ID + "source/" + source)
        agreement = N(ID + f"agreement/bench-{k}")
        year = 1990 + rng.randrange(36)
        quads += [ox.Quad(graph, N(PREFIXES["prov"] + "wasDerivedFrom"), src, graph),
                  ox.Quad(src, N(PREFIXES["dcterms"] + "publisher"), ox.Literal(f"Outlet {k % 97}"), graph),
                  ox.Quad(src, N(PREFIXES["dcterms"] + "title"), ox.Literal(f"Report {k} <script>x</script>"), graph),
                  ox.Quad(agreement, RDF_TYPE, N(D + "Agreement"), graph),
                  ox.Quad(agreement, N(D + "agreementKind"), N(PREFIXES["kind"] + rng.choice(kinds)), graph),
                  ox.Quad(agreement, N(D + "party"), N(ID + "actor/" + ids[a]), graph),
                  ox.Quad(agreement, N(D + "party"), N(ID + "actor/" + ids[b]), graph),
                  ox.Quad(agreement, N(D + "domain"), N(PREFIXES["domain"] + rng.choice(domains)), graph)]
        evidence = N(ID + f"evidence/{source}/{k}")
        quads += [ox.Quad(evidence, RDF_TYPE, N(D + "Evidence"), graph),
                  ox.Quad(evidence, N(D + "supports"), agreement, graph),
                  ox.Quad(evidence, N(D + "confidence"), ox.Literal("0.80", datatype=N(PREFIXES["xsd"] + "decimal")), graph)]
        for step, event_type in enumerate(["signed", "ratified"][: 1 + rng.randrange(2)]):
            event = N(f"{agreement.value}/event/{event_type}-{year + step}")
            quads += [ox.Quad(agreement, N(D + "hasEvent"), event, graph),
                      ox.Quad(event, RDF_TYPE, N(D + "LifeCycleEvent"), graph),
                      ox.Quad(event, N(D + "eventType"), N(PREFIXES["event"] + event_type), graph),
                      ox.Quad(event, N(D + "date"), ox.Literal(str(year + step), datatype=N(PREFIXES["xsd"] + "gYear")), graph),
                      ox.Quad(evidence, N(D + "supports"), event, graph)]
    store = ox.Store(str(path))
    store.bulk_extend(quads)
    store.add(ox.Quad(N(ID + "placeholder"), RDF_TYPE, N(D + "Nothing"), ONTOLOGY_GRAPH))
    _fill_default_graph(store)  # kg build materialises the union graph that every query reads; so must this store
    store.flush()
    del store
    return len(quads)


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def pyvis_baseline(graph: Any) -> tuple[str, float]:
    """The naive way: pyvis builds the page from the networkx graph (from_nx is quadratic)."""
    from pyvis.network import Network

    from kg.export import flat_graph

    def build() -> str:
        net = Network(height="900px", width="100%", cdn_resources="in_line")
        net.from_nx(flat_graph(graph))
        return net.generate_html()

    return timed(build)


def browser_seconds(path: Path, ready: str, cap: float) -> float | None:
    """Seconds from navigation until a JS condition holds in headless Chromium, network blocked; None past the cap."""
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, wait_until

    if not CHROMIUM.exists():
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            url = path.resolve().as_uri()
            page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
            start = time.perf_counter()
            page.goto(url, wait_until="commit", timeout=cap * 1000)
            try:
                wait_until(page, ready, cap)
            except TimeoutError:
                return None
            return time.perf_counter() - start
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--agreements", type=int, default=10000)
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    parser.add_argument("--no-baseline", action="store_true", help="skip pyvis (slow: quadratic)")
    parser.add_argument("--cap", type=float, default=180.0, help="seconds to wait for a page in the browser")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        quads, seconds = timed(lambda: synthetic_store(tmp_path / "store", args.actors, args.agreements))
        print(f"synthetic store: {args.actors} actors, {args.agreements} agreements, {quads} quads ({seconds:.1f} s)")

        snapshot, t_snapshot = timed(lambda: load_snapshot(tmp_path / "store"))
        graph, t_graph = timed(lambda: cooperation_graph(snapshot))
        print(f"snapshot (SPARQL → ties):        {t_snapshot:6.2f} s  ({len(snapshot.ties)} ties)")
        print(f"cooperation graph (networkx):    {t_graph:6.2f} s  ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)")

        report, t_stats = timed(lambda: compute_stats(tmp_path / "store", timeline=True))
        text, t_format = timed(lambda: format_stats(report, "json"))
        print(f"kg stats, end to end:            {t_stats:6.2f} s  (betweenness sampled: {report.graph['betweenness_sample']}, "
              f"{len(report.graph['communities'])} Louvain communities; JSON {len(text) / 1e6:.1f} MB in {t_format:.2f} s)")

        data, t_layout = timed(lambda: page_data(graph, snapshot, title="bench"))
        page, t_page = timed(lambda: graph_page(data))
        size, t_write = timed(lambda: write_atomically(tmp_path / "kg.html", page))
        print(f"kg render: layout + page data    {t_layout:6.2f} s")
        print(f"kg render: HTML + write          {t_page + t_write:6.2f} s  ({size / 1e6:.1f} MB, self-contained)")
        _, t_render = timed(lambda: render(tmp_path / "store", tmp_path / "kg2.html"))
        print(f"kg render, end to end:           {t_render:6.2f} s")
        _, t_geo = timed(lambda: render(tmp_path / "store", tmp_path / "geo.html", layout="geo"))
        geo_size = (tmp_path / "geo.html").stat().st_size
        print(f"kg render --layout geo, end to end: {t_geo:6.2f} s  ({geo_size / 1e6:.1f} MB with the country shapes; "
              f"{t_geo / t_render:.2f}× the force render)")

        if not args.no_baseline:
            html, t_pyvis = pyvis_baseline(graph)
            (tmp_path / "pyvis.html").write_text(html, encoding="utf-8")
            cdn = html.count("https://cdn.")
            print(f"baseline pyvis from_nx + html:   {t_pyvis:6.2f} s  ({len(html.encode()) / 1e6:.1f} MB, "
                  f"{cdn} CDN references, no positions: physics in the browser)")
            print(f"  → pyvis time / kg time, in Python: {t_pyvis / t_render:.2f}× (above 1: kg is faster)")

        if not args.no_browser:
            kg_ready = "window.kg && window.kg.drawn === true"
            t_kg = browser_seconds(tmp_path / "kg.html", kg_ready, args.cap)
            print(f"Chromium: kg page drawn in       {'%6.2f s' % t_kg if t_kg is not None else 'over the cap'}")
            t_kg_geo = browser_seconds(tmp_path / "geo.html", kg_ready, args.cap)
            print(f"Chromium: kg geo page drawn in   {'%6.2f s' % t_kg_geo if t_kg_geo is not None else 'over the cap'}")
            if not args.no_baseline:
                ready = "typeof network !== 'undefined' && network.physics && network.physics.ready === true"
                t_py = browser_seconds(tmp_path / "pyvis.html", ready, args.cap)
                shown = "%6.2f s" % t_py if t_py is not None else f"over the {args.cap:.0f} s cap"
                print(f"Chromium: pyvis page stabilised  {shown}")


if __name__ == "__main__":
    main()
