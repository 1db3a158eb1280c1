"""What a notebook user does with kg as a library: build, query to a table, take the graph into networkx, draw."""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import pytest

import kg

from .conftest import DATA


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nb")
    kg.build(DATA, out)
    return out / "store"


def test_a_named_query_becomes_a_dataframe(store: Path) -> None:
    result = kg.run_query(str(store), "partners", {"country": "RUS"})
    frame = result.to_dataframe()
    assert list(frame.columns) == result.variables
    assert len(frame) == len(result.rows) > 0
    assert set(frame["partner"]) >= {"CMR", "CAF", "TGO"}
    # Numbers come as numbers, text as text, unbound as missing.
    plain = result.to_dataframe().to_dict("records")
    assert all(isinstance(r["partner"], str) for r in plain)


def test_records_convert_numbers_and_keep_unbound_values_as_none(store: Path) -> None:
    result = kg.run_query(store, "SELECT ?n ?x WHERE { VALUES (?n ?x) { (1 UNDEF) (2 \"a\") } } ORDER BY ?n")
    assert result.records() == [{"n": 1, "x": None}, {"n": 2, "x": "a"}]
    ask = kg.run_query(store, "ASK { ?s ?p ?o }")
    assert ask.records() == [{"boolean": True}] and list(ask.to_dataframe().columns) == ["boolean"]
    construct = kg.run_query(store, "CONSTRUCT { ?s a dcoop:State } WHERE { ?s a dcoop:State } LIMIT 2")
    assert list(construct.to_dataframe().columns) == ["subject", "predicate", "object"]


def test_without_pandas_the_error_says_what_to_install(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(kg.MissingDependencyError, match=r"pip install 'kg-defcoop\[pandas\]'"):
        kg.run_query(store, "partners", {"country": "RUS"}).to_dataframe()


def test_cooperation_graph_from_a_store_as_of_a_date(store: Path) -> None:
    now = kg.cooperation_graph(store)
    then = kg.cooperation_graph(str(store), as_of="2020")
    assert isinstance(now, nx.Graph) and now.has_edge("MLI", "RUS")
    assert set(then.edges) < set(now.edges) and not then.has_edge("AES", "MLI")
    assert nx.degree_centrality(now)["RUS"] == max(nx.degree_centrality(now).values())
    snapshot = kg.load_snapshot(store, "2020")
    assert set(kg.cooperation_graph(snapshot).edges) == set(then.edges)
    with pytest.raises(kg.KgError, match="as_of applies when reading a store"):
        kg.cooperation_graph(snapshot, as_of="2024")
    two_mode = kg.bipartite_graph(store)
    assert nx.is_bipartite(two_mode)


def test_stats_render_and_export_are_library_calls(store: Path, tmp_path: Path) -> None:
    report = kg.compute_stats(store, focus="RUS")
    assert report is not None
    page = kg.render(store, tmp_path / "view.html")
    assert (tmp_path / "view.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and page is not None
    written = kg.export(store, "gexf", tmp_path / "g.gexf")
    assert written.paths == [tmp_path / "g.gexf"]
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_edges() == now_edges(store)


def now_edges(store: Path) -> int:
    return kg.cooperation_graph(store).number_of_edges()


def test_the_package_declares_its_types() -> None:
    assert (Path(kg.__file__).parent / "py.typed").is_file()
