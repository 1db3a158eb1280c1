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


def _active(spells: list[tuple[str, str]] | None, day: str) -> bool:
    """Whether Gephi's timeline shows an edge on a day: no spell means always; spell ends are inclusive."""
    if not spells:
        return True
    return any((s in (None, "None") or s <= day) and (e in (None, "None") or day <= e) for s, e in spells)


def test_gexf_timeline_shows_the_ties_the_as_of_views_show(built: Path, tmp_path: Path) -> None:
    export(built / "store", "gexf", tmp_path / "t.gexf")
    text = (tmp_path / "t.gexf").read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    graph = nx.read_gexf(tmp_path / "t.gexf")
    # Two open-ended Cameroon–Russia agreements (2015, 2022) make one spell from 2015's first day.
    assert graph.edges["CMR", "RUS"]["spells"] == [("2015-01-01", "None")]
    # Burkina Faso left ECOWAS on 2025-01-29 (membership of unknown start): shown until the day before.
    assert graph.edges["BFA", "ECOWAS"]["spells"] == [("None", "2025-01-28")]
    assert "spells" not in graph.edges["TGO", "USA"]  # undated, never ended: at every moment, as in as-of views
    for day in ["1990-06-01", "2015-01-01", "2018-08-20", "2018-08-21", "2023-09-15", "2023-09-16", "2025-01-28",
                "2025-01-29", "2026-12-01"]:
        shown = {tuple(sorted(e)) for e in graph.edges if _active(graph.edges[e].get("spells"), day)}
        export(built / "store", "graphml", tmp_path / f"{day}.graphml", as_of=day)
        as_of = {tuple(sorted(e)) for e in nx.read_graphml(tmp_path / f"{day}.graphml").edges}
        assert shown == as_of, day


def test_exports_place_nodes_where_the_page_draws_them(built: Path, tmp_path: Path) -> None:
    import json

    from kg.projections import cooperation_graph, load_snapshot
    from kg.render import page_data

    snapshot = load_snapshot(built / "store")
    page = {n["id"]: (n["x"], n["y"]) for n in page_data(cooperation_graph(snapshot), snapshot)["nodes"]}
    export(built / "store", "graphml", tmp_path / "g.graphml")
    graphml = nx.read_graphml(tmp_path / "g.graphml")
    export(built / "store", "gexf", tmp_path / "g.gexf")
    gexf = nx.read_gexf(tmp_path / "g.gexf")
    assert run("export", "--store", built / "store", "--format", "cytoscape", "-o", tmp_path / "g.cyjs").exit_code == 0
    cy = json.loads((tmp_path / "g.cyjs").read_text(encoding="utf-8"))
    for node, (x, y) in page.items():
        assert graphml.nodes[node]["x"] == pytest.approx(x, abs=0.06) and graphml.nodes[node]["y"] == pytest.approx(y, abs=0.06)
        assert gexf.nodes[node]["viz"]["position"]["x"] == pytest.approx(x, abs=0.06)
    elements = cy["elements"]
    cy_positions = {n["data"]["id"]: (n["position"]["x"], n["position"]["y"]) for n in elements["nodes"]}
    assert cy_positions.keys() == page.keys()
    assert all(cy_positions[n] == pytest.approx(page[n], abs=0.06) for n in page)
    assert {(e["data"]["source"], e["data"]["target"]) for e in elements["edges"]} == {tuple(sorted(e)) for e in graphml.edges}
    cmr_rus = next(e["data"] for e in elements["edges"] if e["data"]["id"] == "CMR--RUS")
    assert cmr_rus["weight"] == 2 and cmr_rus["sources"] and isinstance(cmr_rus["ties"], list)


def test_cli_export_formats_are_the_library_formats() -> None:
    from kg.cli import EXPORT_FORMATS
    from kg.export import FORMATS

    assert EXPORT_FORMATS == FORMATS
