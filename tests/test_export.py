"""kg export: files Gephi, Cytoscape, a spreadsheet or an RDF tool open, with the graph's attributes."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export import export
from kg.store import data_graphs, open_store


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_graphml_opens_with_every_attribute(built: Path, tmp_path: Path) -> None:
    result = run("export", "--store", built / "store", "--format", "graphml", "-o", tmp_path / "g.graphml")
    assert result.exit_code == 0, result.output
    assert "12 nodes, 19 edges" in result.output
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert graph.number_of_nodes() == 12 and graph.number_of_edges() == 19
    assert graph.nodes["STP"]["label"] == "São Tomé and Príncipe" and graph.nodes["RUS"]["blocs"] == "russia-led"
    edge = graph.edges["CMR", "RUS"]
    assert edge["weight"] == 2 and edge["first"] == "2015" and edge["kinds"] == "military-cooperation"
    assert edge["ties"] == "agreement/rus-cmr-military-cooperation-2015;agreement/rus-cmr-military-cooperation-2022"


def test_gexf_opens_and_is_reproducible(built: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.gexf", tmp_path / "b.gexf"
    export(built / "store", "gexf", first)
    export(built / "store", "gexf", second)
    assert first.read_bytes() == second.read_bytes()
    assert b"lastmodifieddate" not in first.read_bytes()
    graph = nx.read_gexf(first)
    assert set(graph.neighbors("TGO")) == {"RUS", "FRA", "USA"}


def test_csv_writes_edge_and_node_tables(built: Path, tmp_path: Path) -> None:
    result = run("export", "--store", built / "store", "--format", "csv", "-o", tmp_path / "coop.csv", "--as-of", "2020")
    assert result.exit_code == 0, result.output
    assert "Note:" in result.output and str(tmp_path / "coop.nodes.csv") in result.output
    edges = list(csv.DictReader((tmp_path / "coop.csv").open(encoding="utf-8")))
    nodes = list(csv.DictReader((tmp_path / "coop.nodes.csv").open(encoding="utf-8")))
    assert list(edges[0])[:3] == ["Source", "Target", "weight"] and list(nodes[0])[:2] == ["Id", "Label"]
    assert {(e["Source"], e["Target"]): e["undated"] for e in edges} == {
        ("CMR", "RUS"): "0", ("NER", "RUS"): "0", ("CAF", "RUS"): "0", ("BFA", "RUS"): "0", ("MLI", "RUS"): "0",
        ("FRA", "TGO"): "0", ("TGO", "USA"): "1", ("BFA", "ECOWAS"): "1", ("ECOWAS", "MLI"): "1", ("ECOWAS", "NER"): "1"}
    assert {n["Id"] for n in nodes} == {"CMR", "NER", "CAF", "BFA", "MLI", "RUS", "FRA", "TGO", "USA", "ECOWAS"}


def test_bipartite_graph_and_focus(built: Path, tmp_path: Path) -> None:
    export(built / "store", "graphml", tmp_path / "b.graphml", graph="bipartite", focus="Togo")
    graph = nx.read_graphml(tmp_path / "b.graphml")
    assert set(graph.neighbors("TGO")) == {
        "agreement/rus-tgo-military-cooperation-2025", "agreement/fra-tgo-defence-1963",
        "agreement/fra-tgo-defence-partnership-2009", "agreement/usa-tgo-state-partnership-program"}
    assert graph.nodes["agreement/fra-tgo-defence-1963"]["bipartite"] == 1


@pytest.mark.parametrize(("fmt", "rdf_format"), [("nquads", ox.RdfFormat.N_QUADS), ("jsonld", ox.RdfFormat.JSON_LD)])
def test_rdf_exports_hold_every_data_quad(built: Path, tmp_path: Path, fmt: str, rdf_format: ox.RdfFormat) -> None:
    out = tmp_path / f"store.{fmt}"
    report = export(built / "store", fmt, out)
    store = open_store(built / "store")
    expected = {q for g in data_graphs(store) for q in store.quads_for_pattern(None, None, None, g)}
    assert set(ox.parse(path=str(out), format=rdf_format)) == expected and report.quads == len(expected)


def test_rdf_exports_refuse_projection_options(built: Path, tmp_path: Path) -> None:
    result = run("export", "--store", built / "store", "--format", "nquads", "--as-of", "2020", "-o", tmp_path / "x.nq")
    assert result.exit_code == 1 and result.output.startswith("Error: nquads exports the whole store")


def test_format_is_required_and_checked(built: Path) -> None:
    result = run("export", "--store", built / "store")
    assert result.exit_code == 2 and "--format" in result.output
    result = run("export", "--store", built / "store", "--format", "xlsx")
    assert result.exit_code == 2 and "graphml" in result.output


def test_export_creates_a_missing_folder(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "graph.gexf"
    assert run("export", "--store", built / "store", "--format", "gexf", "-o", out).exit_code == 0
    assert out.is_file()


def test_each_csv_line_describes_its_own_file(built: Path, tmp_path: Path) -> None:
    result = run("export", "--store", built / "store", "--format", "csv", "-o", tmp_path / "coop.csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"Wrote {tmp_path / 'coop.csv'} (19 edges).",
                                          f"Wrote {tmp_path / 'coop.nodes.csv'} (12 nodes)."]


@pytest.mark.parametrize("fmt", ["nquads", "jsonld", "graphml", "gexf"])
def test_a_single_file_format_goes_to_standard_output(built: Path, tmp_path: Path, fmt: str) -> None:
    result = run("export", "--store", built / "store", "--format", fmt, "-o", "-")
    assert result.exit_code == 0, result.output
    export(built / "store", fmt, tmp_path / "file")
    assert result.stdout == (tmp_path / "file").read_text(encoding="utf-8")
    assert result.stderr.startswith("Wrote ") and result.stderr.rstrip().endswith("to standard output.")
    assert not (Path("-")).exists()


def test_notes_go_to_stderr_when_the_data_goes_to_stdout(built: Path) -> None:
    result = run("export", "--store", built / "store", "--format", "graphml", "--as-of", "2020", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("<graphml") and "Note:" in result.stderr


def test_csv_to_standard_output_is_refused(built: Path) -> None:
    result = run("export", "--store", built / "store", "--format", "csv", "-o", "-")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: csv writes two files (the edges and '<name>.nodes.csv'), so it cannot go "
                                    "to standard output")


def test_export_under_a_file_is_a_clear_error(built: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    result = run("export", "--store", built / "store", "--format", "gexf", "-o", tmp_path / "file" / "g.gexf")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: cannot write '{tmp_path / 'file' / 'g.gexf'}': "
                                    f"'{tmp_path / 'file'}' is a file, not a folder")
    assert (tmp_path / "file").read_text(encoding="utf-8") == "mine"


def test_csv_writes_neither_table_when_one_cannot_be_written(built: Path, tmp_path: Path) -> None:
    (tmp_path / "coop.nodes.csv").mkdir()
    result = run("export", "--store", built / "store", "--format", "csv", "-o", tmp_path / "coop.csv")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: '{tmp_path / 'coop.nodes.csv'}' is a folder")
    assert not (tmp_path / "coop.csv").exists()
