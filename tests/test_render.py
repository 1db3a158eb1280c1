"""kg render: one self-contained, reproducible, escaped HTML page (what the browser does is in test_browser.py)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.gazetteer import normalise
from kg.render import grid_force_layout, render, web_address

from .conftest import write

PWNED = "<script>window.__pwned=1</script>"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def page_data(path: Path) -> dict:
    """Read back the JSON the page draws, as the page's own script does."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    assert match, "no data element"
    return json.loads(match.group(1))


class References(HTMLParser):
    """Collect every attribute that could make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name in ("src", "href", "srcset", "poster", "data", "action", "background") and value:
                self.refs.append((tag, name, value))


@pytest.fixture(scope="module")
def page(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render") / "graph.html"
    render(built / "store", out)
    return out


def test_page_is_self_contained(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    parser = References()
    parser.feed(text)
    assert parser.refs == []  # no script, stylesheet, font or image is loaded from anywhere
    assert not re.search(r"url\(\s*(?!['\"]?data:)", text)  # CSS may only use data: URLs
    assert "@import" not in text and not re.search(r"cdnjs|jsdelivr|unpkg|googleapis|bootstrapcdn", text)
    assert "vis.Network" in text and "Content-Security-Policy" in text and "default-src 'none'" in text
    assert parser.scripts == 3  # data, vis-network, kg's script: all inline


def test_page_is_utf8_with_accented_names(page: Path) -> None:
    raw = page.read_bytes()
    assert b'<meta charset="utf-8">' in raw
    assert "São Tomé and Príncipe".encode("utf-8") in raw
    nodes = {n["id"]: n for n in page_data(page)["nodes"]}
    assert nodes["STP"]["name"] == "São Tomé and Príncipe"


def test_page_draws_the_cooperation_graph(page: Path) -> None:
    data = page_data(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert len(nodes) == 12 and len(data["edges"]) == 19
    assert nodes["RUS"]["cat"] == "russia-led" and nodes["FRA"]["cat"] == "western" and nodes["AES"]["cat"] == "regional"
    assert nodes["TGO"]["cat"] == "state" and nodes["AES"]["shape"] == "diamond"
    assert max(nodes.values(), key=lambda n: n["size"])["id"] == "RUS"
    assert nodes["RUS"]["label"] == "RUS"
    edge = next(e for e in data["edges"] if {e["from"], e["to"]} == {"RUS", "CMR"})
    assert len(edge["ties"]) == 2
    tie = data["ties"]["agreement/rus-tgo-military-cooperation-2025"]
    assert {"signed", "approved", "ratified"} <= {e["type"] for e in tie["events"]}
    assert "medical-assistance" in tie["domains"]
    publishers = {data["sources"][c["source"]]["publisher"] for c in tie["claims"]}
    assert {"Kommersant", "RBC", "Vedomosti"} <= publishers
    assert data["years"] == [1963, 2025]
    assert {k["id"] for k in data["kinds"]} >= {"military-cooperation", "membership"}


def test_same_store_gives_the_same_bytes(built: Path, page: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.html"
    render(built / "store", again)
    assert again.read_bytes() == page.read_bytes()


def test_markup_in_a_source_title_is_escaped(tmp_path: Path) -> None:
    write(tmp_path / "data" / "facts" / "f.yaml", f"""
source:
  id: evil-title
  title: "Accord signé à Lomé {PWNED} & <b>bold</b>"
  publisher: "Le Journal <i>de</i> Lomé"
  published: 2025-10-08
facts:
  - type: agreement
    id: rus-tgo-test
    parties: [RUS, TGO]
    kind: military-cooperation
    events:
      - {{type: signed, date: 2025-03-27}}
""")
    from kg.build import build

    build(tmp_path / "data", tmp_path / "out")
    out = tmp_path / "graph.html"
    render(tmp_path / "out" / "store", out)
    text = out.read_text(encoding="utf-8")
    assert PWNED not in text and "<b>bold</b>" not in text and "<i>de</i>" not in text
    assert page_data(out)["sources"]["evil-title"]["title"] == f"Accord signé à Lomé {PWNED} & <b>bold</b>"
    script = (Path(__file__).parent.parent / "kg" / "templates" / "graph.js").read_text(encoding="utf-8")
    assert not re.search(r"\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write", script)


def test_focus_draws_the_ego_network(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "rus.html"
    render(built / "store", out, focus="Russie")
    data = page_data(out)
    assert {n["id"] for n in data["nodes"]} == {"RUS", "TGO", "CMR", "STP", "CAF", "MLI", "BFA", "NER", "AES"}
    assert data["meta"]["focus"] == "RUS" and "Russia (RUS)" in data["meta"]["title"]


def test_geo_layout_places_actors_by_their_coordinates(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "geo.html"
    render(built / "store", out, layout="geo")
    data = page_data(out)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert (nodes["FRA"]["x"] < nodes["RUS"]["x"]) and (nodes["FRA"]["y"] < nodes["TGO"]["y"])  # y grows southwards
    proj = data["map"]["projection"]
    x = (20.4798 - proj["lon0"]) * proj["k"] * proj["scale"]
    y = -(6.7633 - proj["lat0"]) * proj["scale"]
    assert abs(nodes["CAF"]["x"] - x) < 60 and abs(nodes["CAF"]["y"] - y) < 60
    west, south, east, north = proj["box"]  # fitted to the placed actors (USA to Russia), not the globe
    assert -110 < west < -99 and 88 < east < 100 and -10 < south < 0.34 and 59.4 < north < 70
    assert "AES" in data["meta"]["unplaced"]  # no coordinates: placed beside its members


def test_geo_page_carries_the_country_shapes_of_the_shown_states(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "geo.html"
    render(built / "store", out, layout="geo")
    data = page_data(out)
    countries = {c["id"]: c for c in data["map"]["countries"]}
    states = {n["label"] for n in data["nodes"] if n["kind"] == "state"}
    assert states <= set(countries)  # São Tomé and Príncipe too (the 50m shapes have it)
    colours = {c["id"]: c["color"] for c in data["categories"]}
    assert countries["RUS"]["fill"] == colours["russia-led"] and countries["FRA"]["fill"] == colours["western"]
    assert countries["TGO"]["fill"] == colours["state"] and countries["DZA"]["fill"] is None  # a neighbour, not a partner
    assert all(len(r) >= 6 and len(r) % 2 == 0 for c in countries.values() for r in c["rings"])
    assert "NZL" not in countries  # far outside the actors' box: not shipped
    assert "public domain" in data["map"]["licence"]
    forced = tmp_path / "force.html"
    render(built / "store", forced)
    assert page_data(forced)["map"] is None
    assert out.stat().st_size - forced.stat().st_size < 400_000  # the map costs a few hundred kB at most


def test_search_index_has_every_gazetteer_name_of_the_shown_actors(page: Path) -> None:
    search = page_data(page)["search"]
    for text, actor in [("Moscou", "RUS"), ("Moscow", "RUS"), ("Russie", "RUS"), ("Centrafrique", "CAF"),
                        ("CEDEAO", "ECOWAS"), ("ECOWAS", "ECOWAS"), ("Lomé", "TGO"), ("São Tomé", "STP"), ("RU", "RUS")]:
        assert search.get(normalise(text), [None])[0] == actor, text
    assert normalise("Pretoria") not in search  # names of actors not drawn are not shipped


def test_only_http_addresses_become_links(tmp_path: Path) -> None:
    assert web_address("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert web_address("HTTP://example.org") == "HTTP://example.org"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://example.org", "https:nohost", None, ""):
        assert web_address(bad) is None, bad
    write(tmp_path / "data" / "facts" / "f.yaml", """
source:
  id: odd-url
  publisher: Test
  url: "https://example.org/report"
facts:
  - {type: agreement, id: rus-tgo-odd, parties: [RUS, TGO], kind: military-cooperation}
""")
    import pyoxigraph as ox

    from kg.build import build
    from kg.vocab import PREFIXES

    build(tmp_path / "data", tmp_path / "out")
    store = ox.Store(str(tmp_path / "out" / "store"))  # fact files refuse such an address; a store made elsewhere may hold one
    store.update(f"""PREFIX schema: <{PREFIXES['schema']}>
        DELETE {{ GRAPH ?g {{ ?s schema:url ?u }} }} INSERT {{ GRAPH ?g {{ ?s schema:url <javascript:alert(1)> }} }}
        WHERE {{ GRAPH ?g {{ ?s schema:url ?u }} }}""")
    store.flush()
    del store
    out = tmp_path / "graph.html"
    render(tmp_path / "out" / "store", out)
    source = page_data(out)["sources"]["odd-url"]
    assert source["url"] == "javascript:alert(1)" and source["href"] is None


def test_as_of_keeps_only_what_was_signed(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "2020.html"
    render(built / "store", out, as_of="2020-01-01")
    data = page_data(out)
    assert "STP" not in {n["id"] for n in data["nodes"]}
    assert all(t["year"] <= 2019 for t in data["ties"].values() if not t["undated"])
    assert "no known start date" in data["meta"]["note"]


def test_as_of_before_any_data_writes_the_undated_ties_with_a_note(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "1900.html"
    result = run("render", "--store", built / "store", "-o", out, "--as-of", "1900-01-01")
    assert result.exit_code == 0, result.output
    assert "Note: Nothing is dated on or before 1900-01-01" in result.output
    data = page_data(out)
    assert all(t["undated"] for t in data["ties"].values()) and "1963" in data["meta"]["note"]
    assert {n["id"] for n in data["nodes"]} == {"TGO", "USA", "ECOWAS", "MLI", "BFA", "NER"}


def test_cli_creates_a_missing_folder(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "new" / "folder" / "togo.html"
    result = run("render", "--store", built / "store", "-o", out, "--focus", "TGO", "--layout", "geo")
    assert result.exit_code == 0, result.output
    assert out.is_file() and f"Wrote {out} (4 actors, 3 ties" in result.output


def test_unknown_focus_is_an_error_with_suggestions(built: Path, tmp_path: Path) -> None:
    result = run("render", "--store", built / "store", "-o", tmp_path / "x.html", "--focus", "Togoo")
    assert result.exit_code == 1 and result.output.startswith("Error: ") and "Togo (TGO)" in result.output
    assert not (tmp_path / "x.html").exists()


def test_failed_render_leaves_the_previous_file_intact(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "graph.html"
    out.write_text("previous page", encoding="utf-8")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.outputs.os.replace", broken_replace)
    result = run("render", "--store", built / "store", "-o", out)
    assert result.exit_code == 1 and "Error: cannot write" in result.output
    assert out.read_text(encoding="utf-8") == "previous page"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]  # no temporary file left behind


def test_failure_while_building_the_page_leaves_the_previous_file_intact(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "graph.html"
    out.write_text("previous page", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("template exploded")

    import importlib

    # kg.render is the exported function; the module is reached by import (as for kg.build).
    monkeypatch.setattr(importlib.import_module("kg.render"), "graph_page", broken)
    with pytest.raises(RuntimeError):
        render(built / "store", out)
    assert out.read_text(encoding="utf-8") == "previous page"


def test_large_graph_layout_is_seeded_and_finite() -> None:
    import networkx as nx

    graph = nx.barabasi_albert_graph(800, 2, seed=3)
    edges = list(graph.edges)
    first = grid_force_layout(800, edges, seed=5, iterations=40)
    assert first == grid_force_layout(800, edges, seed=5, iterations=40)
    assert all(abs(x) < 1e6 and abs(y) < 1e6 for x, y in first)
    assert len({(round(x, 3), round(y, 3)) for x, y in first}) == 800  # no two actors on one point


def test_small_components_are_packed_beside_the_main_one() -> None:
    import networkx as nx

    from kg.render import force_layout

    graph = nx.relabel_nodes(nx.barabasi_albert_graph(600, 2, seed=3), lambda i: f"A{i:04d}")
    for i in range(30):  # thirty separate pairs, as isolated bilateral agreements make
        graph.add_edge(f"P{i:02d}a", f"P{i:02d}b")
    positions = force_layout(graph)
    main = [positions[v] for v in positions if v.startswith("A")]

    def extent(points: list[tuple[float, float]]) -> float:
        return max(max(p[0] for p in points) - min(p[0] for p in points), max(p[1] for p in points) - min(p[1] for p in points))

    assert extent(main) >= 0.5 * extent(list(positions.values()))  # the main component is not squeezed into a dot
    pair = [positions["P00a"], positions["P00b"]]
    assert 50 < extent(pair) < 1000  # a pair is drawn at the same scale as the rest
