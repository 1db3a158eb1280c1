"""Every command through click's CliRunner: exit codes, output, and 'Error: ...' instead of tracebacks."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from kg.cli import main

from .conftest import DATA, write


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "query", "validate"):
        assert command in result.output


def test_build_command_reports_what_it_wrote(tmp_path: Path) -> None:
    result = run("build", "--data", DATA, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert "SHACL: conforms." in result.output
    assert str(tmp_path / "graph.trig") in result.output


def test_build_with_bad_data_fails_cleanly(tmp_path: Path) -> None:
    write(tmp_path / "facts" / "f.yaml", "facts:\n  - {type: membership, member: MLI, organisation: AES}\n")
    result = run("build", "--data", tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "f.yaml, line 2, field 'source'" in result.output
    assert "Traceback" not in result.output


def test_missing_data_folder(tmp_path: Path) -> None:
    result = run("build", "--data", tmp_path / "nope", "--out", tmp_path / "out")
    assert result.exit_code == 1 and "does not exist" in result.output


def test_query_named_csv(built: Path) -> None:
    result = run("query", "partners", "--param", "country=RUS", "--format", "csv", "--store", built / "store")
    assert result.exit_code == 0, result.output
    partners = {row["partner"] for row in csv.DictReader(io.StringIO(result.output))}
    assert {"TGO", "CMR", "STP", "CAF", "MLI", "BFA", "NER"} <= partners


def test_query_table_is_readable(built: Path) -> None:
    result = run("query", "timeline", "--param", "agreement=rus-tgo-military-cooperation-2025", "--store", built / "store")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split()[:2] == ["date", "event"]
    assert "RUS-STATE-DUMA" in result.output and "rows)" in result.output


def test_query_from_file_and_text(built: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "count.rq", "SELECT (COUNT(*) AS ?n) WHERE { ?a a dcoop:Agreement }\n")
    from_file = run("query", path, "--format", "tsv", "--store", built / "store")
    from_text = run("query", path.read_text(), "--format", "tsv", "--store", built / "store")
    assert from_file.exit_code == 0 and from_file.output == from_text.output
    assert int(from_file.output.splitlines()[1]) >= 10


def test_query_list_shows_parameters() -> None:
    result = run("query", "--list")
    assert result.exit_code == 0
    assert "partners:" in result.output and "--param country=..." in result.output


def test_query_errors(built: Path, tmp_path: Path) -> None:
    store = built / "store"
    cases = [
        (("query", "partnrs", "--store", store), "unknown named query"),
        (("query", "partners", "--store", store), "needs --param country"),
        (("query", "partners", "--param", "country=Atlantide", "--store", store), "unknown actor"),
        (("query", "SELECT ?x WHERE { ?x ?y }", "--store", store), "invalid SPARQL: error at 1:"),
        (("query", "partners", "--param", "country", "--store", store), "--param takes name=value"),
        (("query", "partners", "--param", "country=RUS", "--store", tmp_path / "none"), "run 'kg build' first"),
        (("query",), "give a query"),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("Error: ") and message in result.output, (args, result.output)


def test_validate_exit_codes(built: Path, tmp_path: Path) -> None:
    ok = run("validate", "--store", built / "store")
    assert ok.exit_code == 0 and "Conforms" in ok.output

    bad_store = ox.Store(str(tmp_path / "bad"))
    g = ox.NamedNode("https://w3id.org/kg-defcoop/id/graph/x")
    agreement = ox.NamedNode("https://w3id.org/kg-defcoop/id/agreement/lonely")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    bad_store.add(ox.Quad(agreement, rdf_type, ox.NamedNode("https://w3id.org/kg-defcoop/ontology#Agreement"), g))
    del bad_store
    bad = run("validate", "--store", tmp_path / "bad")
    assert bad.exit_code == 1 and "Does not conform" in bad.output

    missing = run("validate", "--store", tmp_path / "missing")
    assert missing.exit_code == 2 and missing.output.startswith("Error: ")


def test_slow_build_stages_show_progress_on_stderr(tmp_path: Path, monkeypatch) -> None:
    import kg.cli

    monkeypatch.setattr(kg.cli, "PROGRESS_DELAY", -1.0)
    result = CliRunner().invoke(main, ["build", "--data", str(DATA), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Writing the store" in result.stderr and "Reading fact files" in result.stderr
    assert "Writing the store" not in result.stdout


def test_help_starts_without_loading_heavy_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from click.testing import CliRunner; from kg.cli import main; "
        "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0; "
        "print(sorted(m for m in ('rdflib', 'pyoxigraph', 'pyshacl', 'networkx', 'pyvis', 'numpy', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
