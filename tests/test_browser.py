"""kg render in a real browser: headless Chromium (Debian's package) driven by Playwright, network blocked.

'make test' installs Chromium when it is missing; these tests fail, not skip, without it,
so a green run always means the page was drawn by a browser.

Also a script: `.venv/bin/python tests/test_browser.py docs/screenshot-graph.png` renders the
shipped data and takes the screenshot the docs show (`... docs/screenshot-geo.png geo` for the map).
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.build import build
from kg.render import render

CHROMIUM = Path("/usr/bin/chromium")
# This machine refuses outside connections; without these flags Chromium tries Google hosts.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PWNED = "<script>window.__pwned=1</script>"
JS_URL = "javascript:window.__pwned=3"
DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass
class Visit:
    """A page opened with the network blocked, and everything it tried or complained about."""

    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def chromium() -> Path:
    """The browser the tests drive; its absence is a set-up error, not a reason to skip."""
    found = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or "/nonexistent")
    if not found.exists():
        pytest.fail("Chromium is not installed: run 'make test' (it installs Debian's chromium) "
                    "or 'apt-get install -y chromium'", pytrace=False)
    return found


def wait_until(page, expression: str, seconds: float) -> float:  # noqa: ANN001 - Playwright's Page
    """Poll a JS expression until it is true; return the seconds waited.

    page.wait_for_function would evaluate the text inside the page, which the page's
    Content-Security-Policy (no 'unsafe-eval') forbids; page.evaluate goes through the
    DevTools protocol, which CSP does not govern.
    """
    start = time.monotonic()
    while not page.evaluate(f"() => Boolean({expression})"):
        if time.monotonic() - start > seconds:
            raise TimeoutError(f"'{expression}' still false after {seconds:.0f} s")
        page.wait_for_timeout(50)
    return time.monotonic() - start


@contextmanager
def visit(path: Path, width: int = 1400, height: int = 900) -> Iterator[Visit]:
    """Open a local file in headless Chromium; every request that is not that file is blocked and recorded."""
    from playwright.sync_api import sync_playwright

    url = path.resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium()), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            seen = Visit(page)

            def route(r) -> None:  # noqa: ANN001 - Playwright's Route
                if r.request.url == url:
                    r.continue_()
                else:
                    seen.blocked.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("request", lambda r: None if r.url in (url,) or r.url.startswith("data:") else seen.blocked.append(r.url))
            page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: seen.errors.append(str(e)))
            page.goto(url)
            wait_until(page, "window.kg !== undefined && window.kg.drawn === true", 60)
            yield seen
        finally:
            browser.close()


def node_point(page, node: str) -> tuple[float, float]:  # noqa: ANN001
    """Where an actor is drawn, in page coordinates, to move the mouse onto it."""
    return page.evaluate("""(id) => {
        const p = kg.network.canvasToDOM(kg.network.getPositions([id])[id]);
        const box = document.getElementById('kg-graph').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", node)


def edge_point(page, a: str, b: str) -> tuple[float, float]:  # noqa: ANN001
    """The middle of the edge between two actors, in page coordinates."""
    return page.evaluate("""([a, b]) => {
        const e = kg.data.edges.find(e => e.from === a && e.to === b);
        const p = kg.network.canvasToDOM(kg.network.body.edges[e.id].edgeType.getPoint(0.5));
        const box = document.getElementById('kg-graph').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", [a, b])


def visible_nodes(page) -> set[str]:  # noqa: ANN001
    return set(page.evaluate("kg.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))


def visible_edges(page) -> dict[str, bool]:
    """The edges drawn, as 'A-B' (codes sorted), each with whether it is drawn as undated."""
    return dict(page.evaluate("kg.edges.get({filter: e => !e.hidden}).map(e => [[e.from, e.to].sort().join('-'), e.undated])"))


def slide_to(page, year: int | str) -> None:
    """Move the year slider as a user would and wait for the redraw (it happens on the next frame)."""
    page.eval_on_selector("#kg-year", "(el, y) => { el.value = y === 'max' ? el.max : y; el.dispatchEvent(new Event('input')); }", year)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")


@pytest.fixture(scope="module")
def shipped_page(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "graph.html"
    render(built / "store", out)
    return out


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data set whose source title and publisher hold markup, and accented names."""
    root = tmp_path_factory.mktemp("hostile")
    facts = root / "data" / "facts" / "f.yaml"
    facts.parent.mkdir(parents=True)
    facts.write_text(f"""
source:
  id: evil-title
  title: "Accord signé à Lomé {PWNED}"
  publisher: "<img src=x onerror=window.__pwned=2>"
  published: 2025-10-08
  url: https://example.org/accord
facts:
  - type: agreement
    id: rus-tgo-test
    parties: [RUS, TGO]
    kind: military-cooperation
    domains: [training]
    events:
      - {{type: signed, date: 2025-03-27}}
  - type: agreement
    id: rus-stp-test
    parties: [RUS, STP]
    kind: military-cooperation
    events:
      - {{type: signed, date: 2024-04-24}}
  - type: agreement
    id: fra-civ-test
    parties: [FRA, "Côte d'Ivoire"]
    kind: defence-partnership
""", encoding="utf-8")
    (root / "data" / "facts" / "g.yaml").write_text("""
source:
  id: odd-url
  publisher: Odd Address
  url: https://example.org/placeholder
facts:
  - {type: agreement, id: rus-stp-odd, parties: [RUS, STP], kind: military-cooperation}
""", encoding="utf-8")
    build(root / "data", root / "out")
    import pyoxigraph as ox

    from kg.vocab import PREFIXES

    store = ox.Store(str(root / "out" / "store"))  # fact files refuse such an address; a store made elsewhere may hold one
    store.update(f"""PREFIX schema: <{PREFIXES['schema']}>
        DELETE {{ GRAPH ?g {{ ?s schema:url ?u }} }} INSERT {{ GRAPH ?g {{ ?s schema:url <{JS_URL}> }} }}
        WHERE {{ GRAPH ?g {{ ?s schema:url ?u }} FILTER(STRENDS(STR(?u), "placeholder")) }}""")
    store.flush()
    del store
    out = root / "graph.html"
    render(root / "out" / "store", out)
    return out


def test_shipped_graph_draws_every_node_offline(shipped_page: Path) -> None:
    with visit(shipped_page) as seen:
        page = seen.page
        expected = set(page.evaluate("kg.data.nodes.map(n => n.id)"))
        assert len(expected) == 12
        assert set(page.evaluate("kg.nodes.getIds()")) == expected
        assert set(page.evaluate("Object.keys(kg.network.getPositions())")) == expected
        assert visible_nodes(page) == expected
        assert page.evaluate("kg.edges.length") == 19
        assert page.evaluate("document.querySelector('#kg-graph canvas').width") > 0
        assert seen.blocked == [] and seen.errors == []


def test_markup_from_the_data_stays_text(hostile_page: Path) -> None:
    with visit(hostile_page) as seen:
        page = seen.page
        x, y = node_point(page, "TGO")
        page.mouse.move(x, y)
        page.wait_for_selector("#kg-tip:not([hidden])", timeout=10_000)
        tip = page.inner_text("#kg-tip")
        assert PWNED in tip and "<img src=x onerror=window.__pwned=2>" in tip
        assert "Accord signé à Lomé" in tip and "https://example.org/accord" in tip
        page.mouse.click(x, y)
        details = page.inner_text("#kg-details")
        assert PWNED in details and "Togo" in details
        assert page.evaluate("document.querySelectorAll('#kg-tip script, #kg-details script, img').length") == 0
        links = page.evaluate("[...document.querySelectorAll('#kg-tip a')].map(a => [a.href, a.rel, a.target])")
        assert links == [["https://example.org/accord", "noopener noreferrer", "_blank"]]
        sx, sy = node_point(page, "STP")
        page.mouse.click(sx, sy)
        details = page.inner_text("#kg-details")
        assert JS_URL in details and "https://example.org/accord" in details  # the javascript: address is shown as text
        assert page.evaluate("[...document.querySelectorAll('#kg-details a')].map(a => a.href)") == ["https://example.org/accord"]
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("kg.data.nodes.find(n => n.id === 'CIV').name") == "Côte d'Ivoire"
        assert page.title().startswith("Defence-cooperation network")
        assert seen.blocked == [] and seen.errors == []


def test_edge_tooltip_lists_events_and_sources(shipped_page: Path) -> None:
    with visit(shipped_page) as seen:
        page = seen.page
        page.mouse.move(*edge_point(page, "RUS", "TGO"))
        page.wait_for_selector("#kg-tip:not([hidden])", timeout=10_000)
        tip = page.inner_text("#kg-tip")
        assert "RUS – TGO" in tip
        assert "2025-10-07 ratified by State Duma" in tip
        assert "Kommersant" in tip and "Vedomosti" in tip and "2025-10-15" in tip
        assert "medical-assistance" in tip
        for actor in ("USA", "STP", "CMR", "RUS"):  # near the window's edges, and Russia's long card
            page.mouse.move(*node_point(page, actor))
            page.wait_for_selector("#kg-tip:not([hidden])", timeout=10_000)
            inside = page.evaluate("""() => { const r = document.getElementById('kg-tip').getBoundingClientRect();
                return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight; }""")
            assert inside, actor
        assert seen.errors == []


def test_search_filter_and_year_slider(shipped_page: Path) -> None:
    with visit(shipped_page) as seen:
        page = seen.page
        page.fill("#kg-search", "togo")
        page.press("#kg-search", "Enter")
        assert page.evaluate("kg.network.getSelectedNodes()") == ["TGO"]
        assert "Togo" in page.inner_text("#kg-details")
        for query, actor in [("Moscou", "RUS"), ("centrafrique", "CAF"), ("CEDEAO", "ECOWAS"), ("Lome", "TGO")]:
            page.fill("#kg-search", query)  # French names, capitals and acronyms, accents optional, as the CLI reads them
            page.press("#kg-search", "Enter")
            assert page.evaluate("kg.network.getSelectedNodes()") == [actor], query
        page.fill("#kg-search", "Atlantis")
        page.press("#kg-search", "Enter")
        assert "No actor matches" in page.inner_text("#kg-search-msg")

        page.eval_on_selector("#kg-year", "(el) => { el.value = 2019; el.dispatchEvent(new Event('input')); }")
        assert page.inner_text("#kg-year-label") == "end of 2019"
        wait_until(page, "kg.nodes.get({filter: n => !n.hidden}).length === 10", 10)  # redrawn on the next frame
        # The undated US programme and ECOWAS memberships (only their 2025 end is known) stay.
        assert visible_nodes(page) == {"RUS", "CMR", "NER", "CAF", "BFA", "MLI", "FRA", "TGO", "USA", "ECOWAS"}
        page.eval_on_selector("#kg-year", "(el) => { el.value = el.max; el.dispatchEvent(new Event('input')); }")
        wait_until(page, "kg.nodes.get({filter: n => !n.hidden}).length === 12", 10)

        page.uncheck("input[data-kind=membership]")
        assert "ECOWAS" not in visible_nodes(page) and "AES" in visible_nodes(page)  # AES stays: Russia's MoU
        def label_of(a: str, b: str) -> str:
            return page.evaluate("([a, b]) => kg.network.body.edges[kg.data.edges.find(e => e.from === a && e.to === b).id].options.label",
                                 [a, b])

        page.evaluate("kg.network.fit({animation: false}); kg.relabel()")  # the search zoomed in, where every label shows
        assert not page.is_checked("#kg-edge-labels")  # 19 edges: labels would pile up on Russia's ties
        assert label_of("RUS", "TGO").strip() == ""
        page.mouse.move(*edge_point(page, "RUS", "TGO"))
        wait_until(page, "kg.network.body.edges[kg.data.edges.find(e => e.from === 'RUS' && e.to === 'TGO').id].options.label.trim()", 10)
        assert label_of("RUS", "TGO") == "military cooperation 2025"  # a hovered edge shows its own label
        page.mouse.move(5, 5)
        page.check("#kg-edge-labels")
        page.uncheck("#kg-edge-labels")  # vis would keep old labels if the page did not replace them
        assert page.evaluate("kg.data.edges.every(e => kg.network.body.edges[e.id].options.label.trim() === '')")
        page.check("#kg-edge-labels")
        label = page.evaluate("kg.network.body.edges[kg.data.edges.find(e => e.from === 'RUS' && e.to === 'TGO').id].options.label")
        assert label == "military cooperation 2025"
        page.check("#kg-physics")
        assert page.evaluate("kg.network.physics.options.enabled") is True
        page.uncheck("#kg-physics")
        assert page.evaluate("kg.network.physics.options.enabled") is False
        assert seen.blocked == [] and seen.errors == []


@pytest.fixture(scope="module")
def partial_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ties dated to the year or the month, known only by their end, or not dated at all (test inputs)."""
    root = tmp_path_factory.mktemp("partial")
    facts = root / "data" / "facts" / "f.yaml"
    facts.parent.mkdir(parents=True)
    facts.write_text("""
source:
  id: test-partial-dates
  publisher: Test
facts:
  - {type: agreement, id: rus-cmr-year, parties: [RUS, CMR], kind: military-cooperation, events: [{type: signed, date: 2018}]}
  - {type: agreement, id: rus-tgo-month, parties: [RUS, TGO], kind: military-cooperation, events: [{type: signed, date: 2023-09}]}
  - {type: agreement, id: rus-mli-later, parties: [RUS, MLI], kind: military-cooperation, events: [{type: signed, date: 2026-01-10}]}
  - {type: agreement, id: fra-civ-ended, parties: [FRA, CIV], kind: defence-partnership, events: [{type: ended, date: 2020-06}]}
  - {type: membership, member: MLI, organisation: ECOWAS, end: 2025-01}
  - {type: membership, member: NER, organisation: AES}
""", encoding="utf-8")
    build(root / "data", root / "out")
    out = root / "graph.html"
    render(root / "out" / "store", out)
    return out


def test_year_slider_applies_the_date_rule_and_keeps_undated_ties(partial_page: Path) -> None:
    with visit(partial_page) as seen:
        page = seen.page
        undated = {"CIV-FRA": True, "ECOWAS-MLI": True, "AES-NER": True}
        slide_to(page, 2018)
        assert page.inner_text("#kg-year-label") == "end of 2018"
        assert visible_edges(page) == {"CMR-RUS": False} | undated  # a year-only signing counts from 1 January
        slide_to(page, 2020)
        assert visible_edges(page) == {"CMR-RUS": False, "ECOWAS-MLI": True, "AES-NER": True}  # ended 2020-06
        slide_to(page, 2022)
        assert "RUS-TGO" not in visible_edges(page)
        slide_to(page, 2023)
        assert visible_edges(page)["RUS-TGO"] is False  # signed 2023-09: in place at the end of 2023
        slide_to(page, 2025)
        assert visible_edges(page) == {"CMR-RUS": False, "RUS-TGO": False, "AES-NER": True}  # left ECOWAS 2025-01
        slide_to(page, 2026)
        assert visible_edges(page) == {"CMR-RUS": False, "RUS-TGO": False, "MLI-RUS": False, "AES-NER": True}
        slide_to(page, "max")
        assert page.inner_text("#kg-year-label") == "all" and len(visible_edges(page)) == 6
        colours = page.evaluate("kg.edges.get({filter: e => !e.hidden}).map(e => [e.undated, e.color.color])")
        assert {c for u, c in colours if u} == {"#cc79a7"} and "#cc79a7" not in {c for u, c in colours if not u}
        assert "undated: no known start date" in page.inner_text("#kg-legend")
        label = page.evaluate("kg.network.body.edges[kg.data.edges.find(e => e.from === 'ECOWAS' && e.to === 'MLI').id].options.label")
        assert label == "member (undated, left 2025)"
        assert seen.blocked == [] and seen.errors == []


def test_geo_layout_focus_and_empty_pages_load_cleanly(built: Path, tmp_path: Path) -> None:
    geo, empty = tmp_path / "geo.html", tmp_path / "empty.html"
    render(built / "store", geo, layout="geo", focus="MLI", deployments=True)
    render(built / "store", empty, as_of="1900-01-01")
    with visit(geo) as seen:
        assert seen.page.evaluate("kg.network.getSelectedNodes()") == ["MLI"]
        assert "WAGNER" in visible_nodes(seen.page)
        assert seen.blocked == [] and seen.errors == []
    with visit(empty) as seen:
        assert "Nothing is dated on or before 1900-01-01" in seen.page.inner_text("#kg-note")
        assert set(visible_edges(seen.page).values()) == {True}  # only the undated ties
        assert seen.blocked == [] and seen.errors == []


def test_geo_page_draws_the_map_under_the_network(built: Path, tmp_path: Path) -> None:
    geo = tmp_path / "geo.html"
    render(built / "store", geo, layout="geo")
    with visit(geo) as seen:
        page = seen.page
        assert page.evaluate("kg.map.countries") == len(page.evaluate("kg.data.map.countries")) > 50
        assert page.evaluate("kg.map.drawn") == page.evaluate("kg.map.countries")
        # Pixels inside Mali's shape, away from the dots, carry Mali's tint (its legend colour mixed with white).
        share = page.evaluate("""() => {
            const shape = kg.map.shapes.find(s => s.id === 'MLI'), proj = kg.data.map.projection;
            const canvas = document.querySelector('#kg-graph canvas'), ctx = canvas.getContext('2d');
            const probe = document.createElement('canvas').getContext('2d'), ratio = canvas.width / canvas.clientWidth;
            const want = [1, 3, 5].map(i => parseInt(shape.fill.slice(i, i + 2), 16));
            let inside = 0, tinted = 0;
            for (let lon = -12; lon <= 4; lon += 0.5) for (let lat = 10; lat <= 25; lat += 0.5) {
                const x = (lon - proj.lon0) * proj.k * proj.scale, y = -(lat - proj.lat0) * proj.scale;
                if (!probe.isPointInPath(shape.path, x, y, 'evenodd')) continue;
                const near = kg.data.nodes.some(n => Math.hypot(n.x - x, n.y - y) < n.size + 8);
                if (near) continue;
                const p = kg.network.canvasToDOM({x, y});
                const px = ctx.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data;
                inside += 1;
                if (want.every((v, i) => Math.abs(px[i] - v) <= 6)) tinted += 1;
            }
            return [inside, tinted];
        }""")
        assert share[0] > 20 and share[1] >= 0.5 * share[0], share  # edges, labels and borders cover some
        assert page.evaluate("kg.network.body.nodes.RUS.options.font.size * kg.network.getScale()") == pytest.approx(15, abs=0.5)
        assert seen.blocked == [] and seen.errors == []


def screenshot(target: Path, layout: str = "force") -> None:
    """Render the shipped data and photograph the page as it opens, for the docs."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        build(DATA, Path(tmp) / "out")
        page_path = Path(tmp) / "graph.html"
        render(Path(tmp) / "out" / "store", page_path, layout=layout)
        with visit(page_path, 1500, 860) as seen:
            seen.page.wait_for_timeout(300)
            target.parent.mkdir(parents=True, exist_ok=True)
            seen.page.screenshot(path=str(target))
            assert seen.blocked == [] and seen.errors == [], (seen.blocked, seen.errors)


if __name__ == "__main__":
    screenshot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot-graph.png"), *sys.argv[2:3])
