"""kg build: deterministic IRIs, one node per agreement across sources, all-or-nothing output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.build import build
from kg.errors import FactFileError
from kg.vocab import DCOOP, ID

from .conftest import DATA, write


def _dataset(out: Path) -> Dataset:
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    return ds


def test_build_writes_store_trig_and_turtle(built: Path) -> None:
    assert (built / "store").is_dir()
    assert (built / "graph.trig").stat().st_size > 0
    union = Graph().parse(built / "graph.ttl", format="turtle")
    assert (ID["agreement/rus-tgo-military-cooperation-2025"], None, None) in union


def test_one_named_graph_per_source(built: Path) -> None:
    from kg.loaders import load_data

    sources = load_data(DATA).sources
    graphs = {str(g.identifier) for g in _dataset(built).graphs() if len(g)}
    expected = {str(ID[f"graph/{sid}"]) for sid in sources} | {str(ID["graph/gazetteer"])}
    assert expected <= graphs


def test_rebuild_gives_an_isomorphic_graph(built: Path, tmp_path: Path) -> None:
    build(DATA, tmp_path)
    first, second = _dataset(built), _dataset(tmp_path)
    names = sorted(str(g.identifier) for g in first.graphs())
    assert names == sorted(str(g.identifier) for g in second.graphs())
    for name in names:
        assert isomorphic(first.graph(URIRef(name)), second.graph(URIRef(name))), name
    assert (built / "graph.ttl").read_bytes() == (tmp_path / "graph.ttl").read_bytes()


def test_sources_about_one_agreement_meet_on_one_node(built: Path) -> None:
    ds = _dataset(built)
    togo = ID["agreement/rus-tgo-military-cooperation-2025"]
    graphs_with_it = {str(g.identifier) for g in ds.graphs() if (togo, DCOOP.party, None) in g}
    assert {str(ID["graph/kommersant-8099046"]), str(ID["graph/seed-togo-russia-ratification-2025"])} <= graphs_with_it


def test_failed_build_leaves_previous_output_intact(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write(data / "facts" / "ok.yaml", "source: {id: s1, publisher: P}\nfacts:\n  - {type: membership, member: MLI, organisation: AES}\n")
    out = tmp_path / "out"
    build(data, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    write(data / "facts" / "bad.yaml", "facts:\n  - {type: membership, member: Atlantis, organisation: AES, source: s1}\n")
    with pytest.raises(FactFileError):
        build(data, out)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before
    assert not [p for p in out.iterdir() if p.name.startswith(".kg-build")]


def test_a_state_iso_does_not_list_still_builds(tmp_path: Path) -> None:
    write(tmp_path / "data" / "facts" / "k.yaml",
          "source: {id: s1, publisher: P}\nfacts:\n  - {type: agreement, id: srb-xkx, parties: [Serbia, Kosovo], kind: other}\n")
    report = build(tmp_path / "data", tmp_path / "out")
    assert report.validation is not None and report.validation.conforms


def run(*args: object):
    from click.testing import CliRunner

    from kg.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


def test_an_empty_facts_folder_is_nothing_to_build(tmp_path: Path) -> None:
    (tmp_path / "data" / "facts").mkdir(parents=True)
    write(tmp_path / "data" / "facts" / "notes.txt", "not a fact file")
    result = run("build", "--data", tmp_path / "data", "--out", tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output and "conforms" not in result.output
    assert result.output.startswith(f"Error: nothing to build: no fact file in '{tmp_path / 'data' / 'facts'}' "
                                    "(fact files end in .csv, .json, .yaml, .yml)")
    assert not (tmp_path / "out").exists()


def test_fact_files_without_facts_are_nothing_to_build(tmp_path: Path) -> None:
    write(tmp_path / "facts" / "a.yaml", "source: {id: s1, publisher: P}\nfacts: []\n")
    result = run("build", "--data", tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: nothing to build: the fact file in '{tmp_path / 'facts'}' holds no facts")


def test_build_reports_what_the_store_holds(tmp_path: Path) -> None:
    from kg.store import ONTOLOGY_GRAPH, data_graphs, default_graph_size, open_store

    report = build(DATA, tmp_path, validate=False)
    store = open_store(tmp_path / "store")
    assert report.triples == default_graph_size(store)
    assert report.ontology_triples == len(list(store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH)))
    stored = {g.value: len(list(store.quads_for_pattern(None, None, None, g))) for g in data_graphs(store)}
    assert report.graph_quads == stored and report.quads == sum(stored.values()) and report.graphs == len(stored)
    assert report.quads > report.triples - report.ontology_triples  # sources restate each other's triples


def test_build_command_says_which_count_is_which(tmp_path: Path) -> None:
    from kg.store import default_graph_size, open_store

    result = run("build", "--data", DATA, "--out", tmp_path, "--no-validate")
    assert result.exit_code == 0, result.output
    triples = default_graph_size(open_store(tmp_path / "store"))
    lines = result.output.splitlines()
    assert lines[0].startswith("Built ") and " facts (" in lines[0]
    assert lines[1].strip().startswith(f"{triples} distinct triples in the union graph queries read (the ontology's ")
    assert re.fullmatch(r"  \d+ quads in \d+ source graphs \(one graph per source, plus the gazetteer's; "
                        r"a triple two sources state is in both\)", lines[2])


@pytest.mark.parametrize(("out", "message"), [
    ("file/x", "cannot create the folder '{tmp}/file/x': '{tmp}/file' is a file, not a folder"),
    ("file", "'{tmp}/file' is a file, not a folder; pass a folder to write into"),
])
def test_an_unusable_out_folder_is_a_clear_error(tmp_path: Path, out: str, message: str) -> None:
    write(tmp_path / "file", "mine")
    data = write(tmp_path / "data" / "facts" / "ok.yaml",
                 "source: {id: s1, publisher: P}\nfacts:\n  - {type: membership, member: MLI, organisation: AES}\n").parent
    result = run("build", "--data", data, "--out", tmp_path / out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: " + message.format(tmp=tmp_path))
    assert (tmp_path / "file").read_text() == "mine"


def test_a_missing_out_folder_is_created(tmp_path: Path) -> None:
    data = write(tmp_path / "data" / "facts" / "ok.yaml",
                 "source: {id: s1, publisher: P}\nfacts:\n  - {type: membership, member: MLI, organisation: AES}\n").parent
    result = run("build", "--data", data, "--out", tmp_path / "a" / "b")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a" / "b" / "store" / "CURRENT").is_file()


def test_shacl_paths_read_as_sparql_paths(tmp_path: Path) -> None:
    import pyoxigraph as ox

    store = ox.Store(str(tmp_path / "bad"))
    lonely = ox.NamedNode(str(ID["agreement/lonely"]))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    store.add(ox.Quad(lonely, rdf_type, ox.NamedNode(str(DCOOP.Agreement)), ox.NamedNode(str(ID["graph/x"]))))
    del store
    result = run("validate", "--store", tmp_path / "bad")
    assert result.exit_code == 1
    assert f"- {ID['agreement/lonely']} ^dcoop:supports: Every fact needs evidence" in result.output
    assert f"- {ID['agreement/lonely']} dcoop:party: An agreement needs at least two parties" in result.output


def test_every_kind_of_shacl_path_is_written_in_path_syntax() -> None:
    from rdflib.namespace import SH

    from kg.validate import path_text

    shapes = Graph().parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dcoop: <https://w3id.org/kg-defcoop/ontology#> .
        <urn:seq> sh:path ( dcoop:hasEvent dcoop:date ) .
        <urn:inv-seq> sh:path [ sh:inversePath ( dcoop:party dcoop:hasEvent ) ] .
        <urn:alt> sh:path [ sh:alternativePath ( dcoop:party [ sh:inversePath dcoop:supports ] ) ] .
        <urn:star-alt> sh:path [ sh:zeroOrMorePath [ sh:alternativePath ( dcoop:a dcoop:b ) ] ] .
        <urn:plus-inv> sh:path [ sh:oneOrMorePath [ sh:inversePath dcoop:a ] ] .
        <urn:opt> sh:path ( [ sh:zeroOrOnePath dcoop:a ] <http://example.org/x/y> ) .
    """)
    written = {str(s): path_text(shapes, shapes.value(s, SH.path)) for s in shapes.subjects(SH.path, None)}
    assert written == {
        "urn:seq": "dcoop:hasEvent/dcoop:date",
        "urn:inv-seq": "^(dcoop:party/dcoop:hasEvent)",
        "urn:alt": "dcoop:party|^dcoop:supports",
        "urn:star-alt": "(dcoop:a|dcoop:b)*",
        "urn:plus-inv": "(^dcoop:a)+",
        "urn:opt": "dcoop:a?/<http://example.org/x/y>",
    }
