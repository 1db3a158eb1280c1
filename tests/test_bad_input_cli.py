"""Bad articles and bad command-line options: one 'Error:' line, the right exit code, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main


def _run(args: list[str], input: bytes | str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, input=input)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def _articles(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty.txt": b"",
        "blank.md": b"   \n\n",
        "binary.txt": b"\x00\x01\x02PK\x03\x04" * 50,
        "latin1.txt": "Le Togo a signé un accord avec la Fédération de Russie.".encode("latin-1"),
        "only-front-matter.md": b"---\ntitle: Nothing\n---\n",
        "page.pdf": b"%PDF-1.4",
    }
    out = {}
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        out[name] = path
    return out


@pytest.mark.parametrize("name, expected", [
    ("empty.txt", "the file is empty"),
    ("blank.md", "the file is empty"),
    ("binary.txt", "looks like a binary file"),
    ("latin1.txt", "is not UTF-8 text"),
    ("only-front-matter.md", "has no text to read"),
    ("page.pdf", "cannot read '.pdf' articles"),
])
def test_bad_articles_are_one_error_each(tmp_path: Path, name: str, expected: str) -> None:
    path = _articles(tmp_path)[name]
    code, out, err = _run(["extract", str(path)])
    assert code == 1 and out == ""
    assert err.startswith(f"Error: {path}") and expected in err


def test_a_missing_article_and_a_folder_are_refused(tmp_path: Path) -> None:
    code, _, err = _run(["extract", str(tmp_path / "nope.txt")])
    assert code == 1 and "no such file" in err
    code, _, err = _run(["extract", str(tmp_path)])
    assert code == 1 and "is a folder" in err


def test_one_bad_article_does_not_hide_the_good_ones(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Le Togo et la Russie ont signé un accord de coopération militaire le 27 mars 2025.", encoding="utf-8")
    code, out, err = _run(["extract", "--published", "2025-03-28", str(_articles(tmp_path)["empty.txt"]), str(good)])
    assert code == 1
    assert "rus-tgo-military-cooperation-2025" in out and "the file is empty" in err


def test_extract_reads_standard_input(tmp_path: Path) -> None:
    text = "Le Togo et la Russie ont signé un accord de coopération militaire le 27 mars 2025 à Moscou."
    code, out, _ = _run(["extract", "--published", "2025-03-28", "-"], input=text.encode("utf-8"))
    assert code == 0
    assert "rus-tgo-military-cooperation-2025" in out and "start: 0" in out
    code, _, err = _run(["extract", "-"], input=b"")
    assert code == 1 and "Error: stdin: the file is empty" in err


def test_extract_reads_markdown_front_matter_from_standard_input() -> None:
    text = ("---\ntitle: Accord\npublished: 2025-03-28\nlanguage: fr\n---\n"
            "Le Togo et la Russie ont signé un accord de coopération militaire jeudi.\n")
    code, out, _ = _run(["extract", "-"], input=text.encode("utf-8"))
    assert code == 0 and "title: Accord" in out and "2025-03-27" in out


@pytest.mark.parametrize("args, code, expected", [
    (["extract", "--published", "2025-13-01", "x.txt"], 1, "--published: '2025-13-01' has no month 13"),
    (["extract", "--language", "de", "x.txt"], 2, "Invalid value for '--language'"),
    (["query", "partners", "--param", "country"], 1, "--param takes name=value, not 'country'"),
    (["query", "partners", "--param", "=RUS"], 1, "--param takes name=value"),
    (["query", "--timeout", "-1", "partners"], 2, "Invalid value for '--timeout'"),
    (["query", "--format", "yaml", "partners"], 2, "Invalid value for '--format'"),
    (["query"], 1, "give a query"),
    (["query", "partners", "--param", "colour=red", "--param", "country=RUS"], 1, "has no parameter 'colour'"),
    (["query", "members", "--param", "organisation=AES", "--param", "date=2023-02-30"], 1,
     "'2023-02-30' is not a real day"),
    (["query", "no/such/file.rq"], 1, "no query file 'no/such/file.rq'"),
    (["stats", "--as-of", "last year"], 1, "--as-of"),
    (["stats", "--focus", "Atlantis"], 1, "Atlantis"),
    (["render", "--layout", "circle"], 2, "Invalid value for '--layout'"),
    (["export", "--format", "xlsx"], 2, "Invalid value for '--format'"),
    (["frobnicate"], 2, "No such command 'frobnicate'"),
])
def test_bad_options(built: Path, args: list[str], code: int, expected: str) -> None:
    store = ["--store", str(built / "store")] if args[0] in ("query", "stats", "render", "export") and len(args) > 1 else []
    full = [args[0], *store, *args[1:]] if store else args
    got, out, err = _run(full)
    assert got == code, err
    assert expected in err
    if code == 1:
        assert err.startswith("Error: ") and err.count("\n") == 1


def test_a_query_against_a_missing_store_says_to_build(tmp_path: Path) -> None:
    code, _, err = _run(["query", "--store", str(tmp_path / "none"), "partners", "--param", "country=RUS"])
    assert code == 1 and "no graph store at" in err and "kg build" in err


def test_a_query_file_that_is_not_utf8_is_refused(built: Path, tmp_path: Path) -> None:
    rq = tmp_path / "latin.rq"
    rq.write_bytes("# Requête\nSELECT * { ?s ?p 'é' }".encode("latin-1"))
    code, _, err = _run(["query", "--store", str(built / "store"), str(rq)])
    assert code == 1 and "is not UTF-8 text" in err


def _good_article(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text("Le Togo et la Russie ont signé un accord de coopération militaire le 27 mars 2025.", encoding="utf-8")
    return path


def test_extract_output_into_a_missing_folder_creates_it(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "facts.yaml"
    code, _, err = _run(["extract", "--published", "2025-03-28", "-o", str(target), str(_good_article(tmp_path))])
    assert code == 0 and "Wrote 1 facts" in err
    assert "rus-tgo-military-cooperation-2025" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("where, status, expected", [
    ("under-a-file", 1, "is a file, not a folder"),
    ("a-folder", 2, "is a directory"),  # click's own usage check (dir_okay=False)
])
def test_extract_output_that_cannot_be_a_file_is_refused(tmp_path: Path, where: str, status: int, expected: str) -> None:
    blocker = tmp_path / "plain.txt"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "facts.yaml" if where == "under-a-file" else tmp_path
    code, out, err = _run(["extract", "-o", str(target), str(_good_article(tmp_path))])
    assert code == status and out == "" and expected in err
    if status == 1:
        assert err.startswith("Error: ") and err.count("\n") == 1
    assert blocker.read_text(encoding="utf-8") == "x"


def test_extract_output_dash_is_standard_output(tmp_path: Path) -> None:
    code, out, _ = _run(["extract", "--published", "2025-03-28", "-o", "-", str(_good_article(tmp_path))])
    assert code == 0 and "rus-tgo-military-cooperation-2025" in out
