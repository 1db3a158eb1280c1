"""kg build: deterministic IRIs, one node per agreement across sources, all-or-nothing output."""

from __future__ import annotations

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
