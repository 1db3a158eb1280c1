"""kg build again: only the graphs of changed fact files are rebuilt, and the result equals a full build's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build

from .conftest import DATA, write

NEW_FILE = "source: {id: inc-s1, publisher: P}\nfacts:\n  - {type: membership, member: MLI, organisation: AES}\n"


def _quads(out: Path) -> set[str]:
    """Every quad of a built store, the ontology's blank nodes aside (each load names them anew)."""
    store = ox.Store.read_only(str(out / "store"))
    return {str(q) for q in store.quads_for_pattern(None, None, None, None)
            if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}


def _same_as_a_full_build(data: Path, out: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    shutil.rmtree(full, ignore_errors=True)
    build(data, full, validate=False, full=True)
    assert _quads(out) == _quads(full)
    for name in ("graph.trig", "graph.ttl"):
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA / "facts", copy / "facts")
    return copy


def test_a_rebuild_after_one_file_changed_replaces_only_its_graphs(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(data, out, validate=False)
    assert first.rebuilt_graphs is None
    path = next(p for p in sorted((data / "facts").glob("*.yaml")) if "publisher:" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("publisher:", "publisher: Renamed", 1), encoding="utf-8")
    again = build(data, out, validate=False)
    assert again.rebuilt_graphs is not None and 0 < len(again.rebuilt_graphs) < first.graphs
    assert again.build_dir != first.build_dir  # a new build folder, swapped in like any other
    _same_as_a_full_build(data, out, tmp_path)


def test_added_and_removed_files_and_new_actors_match_a_full_build(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(data, out, validate=False)
    write(data / "facts" / "zz-new.yaml", NEW_FILE.replace("MLI", "TCD"))
    report = build(data, out, validate=False)
    assert report.rebuilt_graphs is not None and any(g.endswith("graph/inc-s1") for g in report.rebuilt_graphs)
    _same_as_a_full_build(data, out, tmp_path)
    (data / "facts" / "zz-new.yaml").unlink()
    report = build(data, out, validate=False)
    assert report.rebuilt_graphs is not None and any(g.endswith("graph/inc-s1") for g in report.rebuilt_graphs)
    _same_as_a_full_build(data, out, tmp_path)


def test_an_unchanged_rebuild_rewrites_nothing_and_full_forces_everything(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(data, out, validate=False)
    again = build(data, out, validate=False)
    assert again.rebuilt_graphs == [] and again.quads == first.quads and again.triples == first.triples
    forced = build(data, out, validate=False, full=True)
    assert forced.rebuilt_graphs is None and forced.quads == first.quads
    _same_as_a_full_build(data, out, tmp_path)


def test_an_incremental_build_checks_the_shapes_of_what_changed(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(data, out, validate=False)
    write(data / "facts" / "zz-new.yaml", NEW_FILE)
    report = build(data, out)  # the previous build was not checked: this one checks every graph
    assert report.validation is not None and report.validation.conforms
    write(data / "facts" / "zz-new.yaml", NEW_FILE.replace("MLI", "NER"))
    report = build(data, out)
    assert report.rebuilt_graphs is not None and report.validation is not None and report.validation.conforms
