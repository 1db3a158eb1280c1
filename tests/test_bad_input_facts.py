"""Bad fact files through 'kg build': one 'Error:' line naming file, line and field, exit 1, old output kept."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import FactFileError, KgError
from kg.facts import AgreementFact, Evidence
from kg.loaders import future_limit, load_data
from kg.mapping import fact_quads
from kg.vocab import DCOOP

from .conftest import DATA, REPO, SOURCE, write

MEMBERSHIP = "facts:\n  - {type: membership, member: MLI, organisation: AES}\n"
CSV_HEADER = "agreement,parties,kind,event,date,by,place,domains,source,quote,confidence\n"
SOURCES_YAML = SOURCE + "facts: []\n"

# An article of the data folder: the source 'test-source' is its front matter id.
ARTICLE = """\
---
id: test-source
language: en
---
Russia and Togo signed a military cooperation agreement in Lomé on 27 March 2025.
The State Duma ratified it on 7 October 2025.
"""
ARTICLE_BODY = ARTICLE.split("---\n", 2)[2]
RATIFIED = "The State Duma ratified it on 7 October 2025."
RATIFIED_AT = ARTICLE_BODY.index(RATIFIED)


def _evidence_fact(quote: str, start: int, end: int) -> str:
    return (SOURCE + "facts:\n  - type: agreement\n    id: rus-tgo-test\n    parties: [RUS, TGO]\n"
            "    kind: military-cooperation\n    evidence:\n"
            f"      quote: \"{quote}\"\n      start: {start}\n      end: {end}\n")


def _bomb(levels: int = 9) -> list[str]:
    """Lines of a 'billion laughs' list: each anchor repeats the one before nine times."""
    lines = ["    - &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"    - &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return lines


# Three levels (909 values) stay under the bound; six uses of the last one (820 values each) do not.
_FACT_WITH_LISTS = (SOURCE + "facts:\n  - type: agreement\n    id: a\n    parties: [RUS, TGO]\n    kind: other\n"
                    "    provisions:\n" + "\n".join(_bomb(3)) + "\n")
BOMB_IN_FIELD = _FACT_WITH_LISTS + "    title: [*a2, *a2, *a2, *a2, *a2, *a2]\n"
BOMB_AS_KEY = _FACT_WITH_LISTS + "    ? *a2\n    : x\n"
BILLION_LAUGHS = SOURCE + "lol:\n" + "\n".join(_bomb(9)) + "\nfacts: *a8\n"


@dataclass
class Case:
    """One bad data folder and what its error must say."""

    files: dict[str, str | bytes]
    file: str
    line: int | None
    field: str | None
    says: tuple[str, ...] = ()


CASES: dict[str, Case] = {
    # -- addresses that cannot be IRIs ---------------------------------------------------------------
    "yaml-url-with-pipe": Case({"facts/f.yaml": SOURCE.replace("/a\n", "/a|b\n") + MEMBERSHIP}, "f.yaml", 4, "url",
                               ("percent-encode", "https://example.org/a%7Cb")),
    "yaml-url-with-space-and-braces": Case(
        {"facts/f.yaml": SOURCE.replace("url: https://example.org/a", 'url: "https://example.org/a b{c}"') + MEMBERSHIP},
        "f.yaml", 4, "url", ("a space", "'{'", "https://example.org/a%20b%7Bc%7D")),
    "yaml-url-with-bad-percent": Case({"facts/f.yaml": SOURCE.replace("/a\n", "/100%\n") + MEMBERSHIP}, "f.yaml", 4, "url",
                                      ("'%'", "https://example.org/100%25")),
    "yaml-url-with-bad-port": Case({"facts/f.yaml": SOURCE.replace("org/a", "org:80x/a") + MEMBERSHIP}, "f.yaml", 4, "url",
                                   ("not a valid web address",)),
    "json-url-with-quote-and-caret": Case(
        {"facts/f.json": '{"source": {"id": "s1", "publisher": "P",\n "url": "https://example.org/\\"a^b\\""},\n'
                         ' "facts": [{"type": "membership", "member": "MLI", "organisation": "AES"}]}\n'},
        "f.json", 2, "url", ("percent-encode them", "https://example.org/%22a%5Eb%22")),
    # -- YAML aliases ------------------------------------------------------------------------------------
    "yaml-billion-laughs": Case({"facts/f.yaml": BILLION_LAUGHS}, "f.yaml", 11, None,
                                ("aliases", "more than 5000 values", "write the values out")),
    "yaml-alias-bomb-in-a-field": Case({"facts/f.yaml": BOMB_IN_FIELD}, "f.yaml", 16, None, ("more than 5000 values",)),
    "yaml-alias-of-a-big-list-as-a-key": Case({"facts/f.yaml": BOMB_AS_KEY}, "f.yaml", 16, None,
                                              ("field name must be plain text, not a list (*a2)",)),
    "yaml-alias-of-a-list-as-a-key": Case(
        {"facts/f.yaml": SOURCE + "parts: &p [RUS, TGO]\nfacts:\n  - {type: membership, member: MLI, organisation: AES, *p : x}\n"},
        "f.yaml", 9, None, ("field name must be plain text, not a list",)),
    "yaml-merge-key": Case(
        {"facts/f.yaml": SOURCE + "facts:\n  - &m {type: membership, member: MLI, organisation: AES}\n  - {<<: *m, member: BFA}\n"},
        "f.yaml", 9, None, ("merge keys", "write each field out")),
    # -- YAML the reader refuses -------------------------------------------------------------------------
    "yaml-empty-file": Case({"facts/f.yaml": ""}, "f.yaml", None, None, ("the file is empty",)),
    "yaml-tab-indent": Case({"facts/f.yaml": SOURCE + "facts:\n\t- {type: membership, member: MLI, organisation: AES}\n"},
                            "f.yaml", 8, None, ("indent with spaces, not tabs",)),
    "yaml-duplicate-key": Case(
        {"facts/f.yaml": SOURCE + "facts:\n  - type: membership\n    member: MLI\n    member: BFA\n    organisation: AES\n"},
        "f.yaml", 10, "member", ("appears twice", "keep one")),
    "yaml-not-utf8": Case({"facts/f.yaml": (SOURCE + "facts: []\n# Côte d'Ivoire\n").encode("latin-1")}, "f.yaml", None, None,
                          ("is not UTF-8", "save it as UTF-8")),
    "yaml-raw-control-character": Case({"facts/f.yaml": SOURCE + "facts:\n  - {type: membership, member: MLI\x07, organisation: AES}\n"},
                                       "f.yaml", 8, None, ("U+0007", "remove it")),
    "yaml-escaped-control-character": Case({"facts/f.yaml": SOURCE + '  title: "a\\x07b"\n' + MEMBERSHIP}, "f.yaml", 7, "title",
                                           ("U+0007", "remove it")),
    "yaml-lone-surrogate": Case({"facts/f.yaml": SOURCE + '  title: "a\\ud800b"\n' + MEMBERSHIP}, "f.yaml", 7, "title",
                                ("\\ud800", "surrogate", "write the character itself")),
    "yaml-deep-nesting": Case({"facts/f.yaml": SOURCE + "facts:\n  - {type: membership, member: MLI, organisation: AES, title: "
                               + "[" * 2000 + "]" * 2000 + "}\n"}, "f.yaml", 8, None, ("nested more than 50 deep",)),
    "yaml-huge-number": Case({"facts/f.yaml": SOURCE + "facts:\n  - {type: membership, member: MLI, organisation: AES, confidence: 1"
                              + "0" * 5000 + "}\n"}, "f.yaml", 8, None, ("more than 100 digits",)),
    "yaml-binary-tag": Case({"facts/f.yaml": SOURCE + "facts:\n  - {type: membership, member: !!binary TUxJ, organisation: AES}\n"},
                            "f.yaml", 8, None, ("!!binary", "write plain text")),
    "yaml-impossible-timestamp-tag": Case(
        {"facts/f.yaml": SOURCE + "facts:\n  - {type: membership, member: MLI, organisation: AES, start: !!timestamp 2025-02-30}\n"},
        "f.yaml", 8, None, ("!!timestamp",)),
    "yaml-bad-int-tag": Case({"facts/f.yaml": SOURCE + "facts:\n  - {type: membership, member: MLI, organisation: AES, confidence: !!int x}\n"},
                             "f.yaml", 8, None, ("'x' is not a valid int",)),
    "yaml-seq-tag-on-text": Case({"facts/f.yaml": SOURCE + "facts:\n  - {type: agreement, id: a, kind: other, parties: !!seq RUS}\n"},
                                 "f.yaml", 8, None, ("needs a list",)),
    # -- schema ------------------------------------------------------------------------------------------
    "yaml-unknown-fact-type": Case({"facts/f.yaml": SOURCE + "facts:\n  - {type: alliance, id: a}\n"}, "f.yaml", 8, "type",
                                   ("'alliance' is not a fact type", "agreement, membership")),
    "yaml-impossible-date": Case(
        {"facts/f.yaml": SOURCE + "facts:\n  - type: membership\n    member: MLI\n    organisation: AES\n    start: 2025-02-30\n"},
        "f.yaml", 11, "start", ("February 2025 has 28 days",)),
    "yaml-id-with-capitals": Case({"facts/f.yaml": SOURCE + "facts:\n  - {type: agreement, id: RUS-TGO, parties: [RUS, TGO], kind: other}\n"},
                                  "f.yaml", 8, "id", ("lower-case letters",)),
    "yaml-parties-name-one-actor": Case(
        {"facts/f.yaml": SOURCE + "facts:\n  - {type: agreement, id: a, parties: [RUS, Russia, Moscou], kind: other}\n"},
        "f.yaml", 8, "parties", ("at least two different parties",)),
    "yaml-parties-not-a-list": Case({"facts/f.yaml": SOURCE + "facts:\n  - {type: agreement, id: a, parties: {RUS: TGO}, kind: other}\n"},
                                    "f.yaml", 8, "parties", ("must be a list of texts",)),
    "yaml-evidence-start-without-end": Case(
        {"facts/f.yaml": SOURCE + "facts:\n  - type: membership\n    member: MLI\n    organisation: AES\n    evidence: {quote: x, start: 3}\n"},
        "f.yaml", 11, "start", ("no 'end'", "give both offsets or neither")),
    # -- evidence offsets against the article in DATA/articles/ ------------------------------------------
    "evidence-end-past-the-article": Case(
        {"facts/f.yaml": _evidence_fact(RATIFIED, 50, 999999), "articles/test-source.md": ARTICLE},
        "f.yaml", 15, "end", ("999999 is past the end of the article text", f"({len(ARTICLE_BODY)} characters")),
    "evidence-offsets-off-by-some": Case(
        {"facts/f.yaml": _evidence_fact(RATIFIED, RATIFIED_AT - 3, RATIFIED_AT - 3 + len(RATIFIED)), "articles/test-source.md": ARTICLE},
        "f.yaml", 14, "start",
        ("does not match the article", "reads '5. The State Duma", f"the quote is at start: {RATIFIED_AT}, end: {RATIFIED_AT + len(RATIFIED)}")),
    "evidence-end-cuts-the-quote": Case(
        {"facts/f.yaml": _evidence_fact(RATIFIED, RATIFIED_AT, RATIFIED_AT + 10), "articles/test-source.md": ARTICLE},
        "f.yaml", 15, "end", ("reads 'The State'", f"start: {RATIFIED_AT}, end: {RATIFIED_AT + len(RATIFIED)}")),
    "evidence-quote-not-in-the-article": Case(
        {"facts/f.yaml": _evidence_fact("The Senate ratified it.", 0, 23), "articles/test-source.md": ARTICLE},
        "f.yaml", 14, "start", ("occurs nowhere in it", "reads 'Russia and Togo signed")),
    # -- JSON --------------------------------------------------------------------------------------------
    "json-duplicate-key": Case({"facts/f.json": '{"source": {"id": "s1",\n "id": "s2", "publisher": "P"}, "facts": []}\n'},
                               "f.json", 2, "id", ("appears twice",)),
    "json-lone-surrogate": Case(
        {"facts/f.json": '{"source": {"id": "s1", "publisher": "P",\n "title": "\\udc00"}, "facts": []}\n'},
        "f.json", 2, "title", ("\\udc00", "surrogate")),
    "json-deep-nesting": Case({"facts/f.json": '{"source": {"id": "s1", "publisher": "P"},\n "facts": ' + "[" * 100000 + "]" * 100000 + "}"},
                              "f.json", 2, None, ("nested more than 50 deep",)),
    "json-number-with-5000-digits": Case(
        {"facts/f.json": '{"source": {"id": "s1", "publisher": "P"},\n "facts": [{"type": "membership", "member": "MLI",\n'
                         ' "organisation": "AES", "confidence": 1' + "0" * 5000 + "}]}"},
        "f.json", 3, None, ("a number with more than 100 digits",)),
    "json-malformed": Case({"facts/f.json": '{"facts": [\n  {"type": "membership",}\n]}\n'}, "f.json", 2, None,
                           ("malformed JSON", "column")),
    # -- CSV ---------------------------------------------------------------------------------------------
    "csv-row-with-too-many-cells": Case(
        {"facts/s.yaml": SOURCES_YAML, "facts/f.csv": CSV_HEADER + "a,RUS;TGO,other,signed,2025,,Lomé, Togo,,test-source,,\n"},
        "f.csv", 2, None, ("12 cells but the header names 11 columns", "double quotes")),
    "csv-column-twice": Case({"facts/s.yaml": SOURCES_YAML, "facts/f.csv": "agreement,parties,kind,source,kind\na,RUS;TGO,other,test-source,other\n"},
                             "f.csv", 1, "kind", ("appears twice in the header",)),
    "csv-unknown-column": Case({"facts/s.yaml": SOURCES_YAML, "facts/f.csv": "agreement,parties,kind,source,signed\na,RUS;TGO,other,test-source,x\n"},
                               "f.csv", 1, "signed", ("unknown column", "agreement, parties")),
    "csv-date-without-event": Case(
        {"facts/s.yaml": SOURCES_YAML, "facts/f.csv": CSV_HEADER + "a,RUS;TGO,other,,2025-03-27,,,,test-source,,\n"},
        "f.csv", 2, "event", ("gives a 'date' but no event",)),
    "csv-later-row-changes-the-kind": Case(
        {"facts/s.yaml": SOURCES_YAML, "facts/f.csv": CSV_HEADER + "a,RUS;TGO,other,signed,2025,,,,test-source,,\n"
                                                                   "a,RUS;TGO,basing,ratified,2026,,,,test-source,,\n"},
        "f.csv", 3, "kind", ("'basing' differs from 'other' on line 2",)),
    "csv-row-without-agreement": Case(
        {"facts/s.yaml": SOURCES_YAML, "facts/f.csv": CSV_HEADER + ",RUS;TGO,other,signed,2025,,,,test-source,,\n"},
        "f.csv", 2, "agreement", ("needs a value in the 'agreement' column",)),
    "csv-bad-event-names-the-column": Case(
        {"facts/s.yaml": SOURCES_YAML, "facts/f.csv": CSV_HEADER + "a,RUS;TGO,other,sealed,2025,,,,test-source,,\n"},
        "f.csv", 2, "event", ("'sealed' is not one of",)),
    "csv-cell-over-the-csv-size-limit": Case(
        {"facts/s.yaml": SOURCES_YAML, "facts/f.csv": CSV_HEADER + 'a,RUS;TGO,other,signed,2025,,"' + "x" * 200_000 + '",,test-source,,\n'},
        "f.csv", 2, None, ("malformed CSV", "field larger than field limit")),
}


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good build whose output every failed build must leave byte for byte as it was."""
    data = tmp_path_factory.mktemp("good")
    write(data / "facts" / "ok.yaml", SOURCE + MEMBERSHIP)
    out = tmp_path_factory.mktemp("previous") / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _folder(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_fact_file_fails_with_one_clear_error(case: Case, previous_build: Path, tmp_path: Path) -> None:
    data = _folder(tmp_path / "data", case.files)
    out = tmp_path / "out"
    shutil.copytree(previous_build, out)
    before = (out / "graph.ttl").read_bytes()
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    error = lines[0]
    where = str(data / "facts" / case.file)
    where += f", line {case.line}" if case.line is not None else ":"
    assert error.startswith(f"Error: {where}"), error
    if case.field is not None:
        assert f"field '{case.field}':" in error, error
    else:
        assert "field '" not in error.split(": ", 2)[1], error
    for words in case.says:
        assert words in error, error
    assert (out / "graph.ttl").read_bytes() == before


@pytest.mark.parametrize("name", ["f.yaml", "f.json", "f.csv"])
def test_a_byte_order_mark_is_accepted(name: str, tmp_path: Path) -> None:
    body = {
        "f.yaml": SOURCE + MEMBERSHIP,
        "f.json": '{"source": {"id": "test-source", "publisher": "P"},\n'
                  ' "facts": [{"type": "membership", "member": "MLI", "organisation": "AES"}]}\n',
        "f.csv": CSV_HEADER + "rus-tgo,RUS;TGO,military-cooperation,signed,2025-03-27,,,,test-source,,\n",
    }[name]
    files: dict[str, str | bytes] = {f"facts/{name}": "\ufeff" + body}
    if name == "f.csv":
        files["facts/s.yaml"] = SOURCES_YAML
    data = _folder(tmp_path, files)
    (fact,) = load_data(data).facts
    assert fact.source == "test-source"


def test_small_aliases_still_work(tmp_path: Path) -> None:
    text = SOURCE + "facts:\n" + "".join(
        f"  - {{type: agreement, id: a{i}, parties: {'&p [RUS, TGO]' if i == 0 else '*p'}, kind: other}}\n" for i in range(200))
    data = load_data(tmp_path, paths=[write(tmp_path / "f.yaml", text)])
    assert len(data.facts) == 200 and all(f.parties == ("RUS", "TGO") for f in data.facts if isinstance(f, AgreementFact))


def test_escaped_surrogate_pairs_in_yaml_make_one_character(tmp_path: Path) -> None:
    text = SOURCE + '  title: "Accord \\ud83e\\udd1d"\n' + MEMBERSHIP
    data = load_data(tmp_path, paths=[write(tmp_path / "f.yaml", text)])
    assert data.sources["test-source"].title == "Accord \U0001f91d"


def test_evidence_offsets_without_a_local_article_are_accepted(tmp_path: Path) -> None:
    data = load_data(tmp_path, paths=[write(tmp_path / "f.yaml", _evidence_fact("Words.", 50, 999999))])
    assert (data.facts[0].evidence.start, data.facts[0].evidence.end) == (50, 999999)


def test_evidence_offsets_that_match_the_article_are_accepted(tmp_path: Path) -> None:
    write(tmp_path / "articles" / "test-source.md", ARTICLE)
    write(tmp_path / "facts" / "f.yaml", _evidence_fact(RATIFIED, RATIFIED_AT, RATIFIED_AT + len(RATIFIED)))
    assert load_data(tmp_path).facts[0].evidence.quote == RATIFIED


def test_an_article_is_found_by_its_file_name_without_front_matter(tmp_path: Path) -> None:
    write(tmp_path / "articles" / "test-source.txt", ARTICLE_BODY)
    write(tmp_path / "facts" / "f.yaml", _evidence_fact(RATIFIED, 0, len(RATIFIED)))
    with pytest.raises(FactFileError) as info:
        load_data(tmp_path)
    assert info.value.field == "start" and f"start: {RATIFIED_AT}" in str(info.value)


def test_two_articles_for_one_source_are_an_error(tmp_path: Path) -> None:
    write(tmp_path / "articles" / "test-source.txt", ARTICLE_BODY)
    write(tmp_path / "articles" / "other.md", ARTICLE)
    write(tmp_path / "facts" / "f.yaml", _evidence_fact(RATIFIED, RATIFIED_AT, RATIFIED_AT + len(RATIFIED)))
    with pytest.raises(KgError) as info:
        load_data(tmp_path)
    assert "also source 'test-source'" in str(info.value)


def test_offsets_written_by_kg_extract_check_out(tmp_path: Path) -> None:
    from kg.extract import extract_file, fact_document, render

    article = REPO / "data" / "articles" / "seed-togo-russia-ratification-2025.md"
    extraction = extract_file(article)
    assert any("start" in f.get("evidence", {}) for f in extraction.facts)
    write(tmp_path / "facts" / "extracted.yaml", render(fact_document([extraction])))
    write(tmp_path / "articles" / article.name, article.read_text(encoding="utf-8"))
    data = load_data(tmp_path)
    assert len(data.facts) == len(extraction.facts)


def test_shipped_data_loads_in_strict_mode_without_warnings() -> None:
    data = load_data(DATA, strict=True)
    assert data.warnings == [] and len(data.facts) >= 40


def _membership_from(start: str, source: str = SOURCE) -> str:
    return source + f"facts:\n  - type: membership\n    member: MLI\n    organisation: AES\n    start: '{start}'\n"


def test_a_date_more_than_a_year_ahead_is_a_warning(tmp_path: Path) -> None:
    later = dt.date.today() + dt.timedelta(days=800)
    data = load_data(tmp_path, paths=[write(tmp_path / "f.yaml", _membership_from(later.isoformat()))])
    (warning,) = data.warnings
    assert (Path(warning.path).name, warning.line, warning.field) == ("f.yaml", 11, "start")
    assert "more than a year after today" in warning.message
    assert str(warning).startswith(f"{tmp_path / 'f.yaml'}, line 11, field 'start': ")


@pytest.mark.parametrize("days", [0, 200])
def test_a_date_within_the_year_ahead_is_no_warning(days: int, tmp_path: Path) -> None:
    soon = dt.date.today() + dt.timedelta(days=days)
    data = load_data(tmp_path, paths=[write(tmp_path / "f.yaml", _membership_from(soon.isoformat()))])
    assert data.warnings == []


def test_the_future_limit_is_the_same_day_next_year() -> None:
    assert future_limit(dt.date(2025, 10, 8)) == dt.date(2026, 10, 8)
    assert future_limit(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)


def test_a_year_only_date_counts_from_its_first_day(tmp_path: Path) -> None:
    today = dt.date(2025, 10, 8)
    text = _membership_from("2026").replace("start: '2026'", "start: '2026'\n    end: '2027'")
    data = load_data(tmp_path, paths=[write(tmp_path / "f.yaml", text)], today=today)
    assert [w.field for w in data.warnings] == ["end"]


def test_a_source_without_publisher_is_a_warning(tmp_path: Path) -> None:
    text = SOURCE.replace("  publisher: Test Wire\n", "") + MEMBERSHIP
    data = load_data(tmp_path, paths=[write(tmp_path / "f.yaml", text)])
    (warning,) = data.warnings
    assert (warning.line, warning.field) == (2, "publisher") and "'unknown'" in warning.message
    assert len(data.facts) == 1


def test_strict_mode_raises_the_first_warning(tmp_path: Path) -> None:
    later = (dt.date.today() + dt.timedelta(days=800)).isoformat()
    text = _membership_from(later, SOURCE.replace("  publisher: Test Wire\n", ""))
    path = write(tmp_path / "f.yaml", text)
    with pytest.raises(FactFileError) as info:
        load_data(tmp_path, paths=[path], strict=True)
    assert (info.value.line, info.value.field) == (2, "publisher") and "strict" in str(info.value)


def test_a_fact_without_confidence_maps_without_one() -> None:
    fact = AgreementFact(id="a", parties=("RUS", "TGO"), kind="other", source="s1")
    assert fact.evidence == Evidence() and fact.evidence.confidence is None
    assert not [q for q in fact_quads(fact) if q.predicate.value == str(DCOOP.confidence)]  # Oxigraph quads


def test_kg_build_prints_warnings_and_strict_refuses_them(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write(data / "f.yaml", SOURCE.replace("  publisher: Test Wire\n", "") + MEMBERSHIP)
    out = tmp_path / "out"
    runner = CliRunner()
    lenient = runner.invoke(main, ["build", "--data", str(data), "--out", str(out), "--no-validate"])
    assert lenient.exit_code == 0, lenient.output
    assert lenient.stderr.startswith(f"Warning: {data / 'f.yaml'}, line 2, field 'publisher': ")
    before = (out / "graph.ttl").read_bytes()
    strict = runner.invoke(main, ["build", "--data", str(data), "--out", str(out), "--no-validate", "--strict"])
    assert strict.exit_code == 1 and "Traceback" not in strict.output
    assert strict.stderr.startswith(f"Error: {data / 'f.yaml'}, line 2, field 'publisher': ")
    assert "refused in strict mode" in strict.stderr and strict.stderr.count("\n") == 1
    assert (out / "graph.ttl").read_bytes() == before
