"""The word lists and patterns of kg extract live in kg/extract/patterns/: read once, checked, errors that say where.

Each malformed-file test copies the shipped files to a temporary folder, breaks one entry and
checks the error names the file, the line and the key.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.extract import vocabulary
from kg.extract.vocabulary import PATTERNS, PatternError, lexicon, load_lexicon, load_shared, shared
from kg.facts import PartialDate


@pytest.fixture
def patterns(tmp_path: Path) -> Path:
    """A copy of the shipped pattern files to break."""
    folder = tmp_path / "patterns"
    shutil.copytree(PATTERNS, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence of old in the file; return the (1-based) line it is on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def _error(load: object, path: Path) -> str:
    with pytest.raises(PatternError) as caught:
        load(path)  # type: ignore[operator]
    return str(caught.value)


# -- the shipped files ----------------------------------------------------------------------------

def test_the_shipped_files_give_each_verb_all_its_forms() -> None:
    fr, en = lexicon("fr"), lexicon("en")
    # {er: sign}: every form of 'signer', tagged by what it says of time
    assert fr.triggers["signé"] == ("signed", "part") and fr.triggers["signera"] == ("signed", "fut")
    assert fr.triggers["signer"] == ("signed", "inf") and fr.triggers["signèrent"] == ("signed", "fin")
    # {er: achev, future: achèver}, {er: procéd, then: à}, {er: négoci, only: [part, inf, fut]}
    assert fr.support["achèvera"] == ("", "fut") and fr.support["procédé à"] == ("", "part")
    assert "négocié" in fr.triggers and "négocie" not in fr.triggers
    assert fr.triggers["entrée en vigueur"] == ("in-force", "part")
    # an English verb given as [base, third person, past, -ing]
    assert [en.triggers[f] for f in ("sign", "signs", "signed", "signing")] == [
        ("signed", "base"), ("signed", "fin"), ("signed", "fin"), ("signed", "fin")]
    assert en.heads["MoU"] == "memorandum-of-understanding" and en.heads["agreement"] == ""


def test_the_files_are_read_once_per_process() -> None:
    assert lexicon("fr") is lexicon("fr") and shared() is shared()


def test_shared_lists_are_folded_as_they_are_read() -> None:
    # written as people write them ('séparément', 'dès que'), compared with folded token norms
    assert "separement" in shared().each and "des que" in shared().condition_openers
    assert ("au", "nom", "de") in shared().on_behalf


# -- malformed files ---------------------------------------------------------------------------

def test_a_verb_stem_that_is_not_a_word(patterns: Path) -> None:
    line = _edit(patterns / "fr.yaml", "    - er: paraph\n", "    - er: [paraph]\n")
    message = _error(load_lexicon, patterns / "fr.yaml")
    assert f"fr.yaml, line {line}, key 'triggers.signed[1].er'" in message
    assert "expected a word or phrase, found a list" in message


def test_an_unquoted_yes_no_word_is_refused_with_the_fix(patterns: Path) -> None:
    line = _edit(patterns / "en.yaml", "agent: [by]", "agent: [by, on]")
    message = _error(load_lexicon, patterns / "en.yaml")
    assert f"en.yaml, line {line}, key 'agent[1]'" in message
    assert 'quote it: "on"' in message


def test_a_misspelt_section_is_named_with_its_likely_spelling(patterns: Path) -> None:
    line = _edit(patterns / "fr.yaml", "\nheads:\n", "\nhaeds:\n")
    message = _error(load_lexicon, patterns / "fr.yaml")
    assert f"fr.yaml, line {line + 1}, key 'haeds': unknown key; did you mean 'heads'?" in message


def test_a_word_written_twice_in_a_mapping(patterns: Path) -> None:
    first = _edit(patterns / "fr.yaml", "  janvier: 1\n", "  janvier: 1\n  janvier: 2\n")
    message = _error(load_lexicon, patterns / "fr.yaml")
    assert f"line {first + 1}, key 'months.janvier': written twice (lines {first} and {first + 1})" in message


def test_an_unknown_tag_and_an_unknown_event_type(patterns: Path) -> None:
    line = _edit(patterns / "fr.yaml", "    - noun: [ratification]\n", "    - nom: [ratification]\n")
    message = _error(load_lexicon, patterns / "fr.yaml")
    assert f"line {line}, key 'triggers.ratified[1].nom': neither a paradigm (er) nor a tag" in message
    shutil.copy(PATTERNS / "fr.yaml", patterns / "fr.yaml")
    line = _edit(patterns / "fr.yaml", "  ratified:\n", "  ratifed:\n")
    assert f"line {line}, key 'triggers.ratifed': unknown event type" in _error(load_lexicon, patterns / "fr.yaml")


def test_a_kind_that_is_not_a_kind_id(patterns: Path) -> None:
    line = _edit(patterns / "en.yaml", "  naval base: basing\n", "  naval base: Naval Basing\n")
    message = _error(load_lexicon, patterns / "en.yaml")
    assert f"en.yaml, line {line}, key 'kinds.naval base': 'Naval Basing' is not a kind id" in message


def test_a_file_that_is_not_yaml(patterns: Path) -> None:
    line = _edit(patterns / "fr.yaml", "laws: [loi, lois, projet de loi, décret, ordonnance]",
                 "laws: [loi, lois, projet de loi, décret, ordonnance]]")
    message = _error(load_lexicon, patterns / "fr.yaml")
    assert f"fr.yaml, line {line}: not valid YAML" in message


def test_a_missing_entry(patterns: Path) -> None:
    _edit(patterns / "shared.yaml", "  plural_suffix: s\n", "")
    line = (patterns / "shared.yaml").read_text(encoding="utf-8").splitlines().index("words:") + 1
    message = _error(load_shared, patterns / "shared.yaml")
    assert f"shared.yaml, line {line}, key 'words': 'plural_suffix' is missing here" in message


def test_the_spacy_text_table_must_keep_offsets(patterns: Path) -> None:
    line = _edit(patterns / "shared.yaml", '"\\n": " "', '"\\n": "  "')
    message = _error(load_shared, patterns / "shared.yaml")
    assert f"shared.yaml, line {line}, key 'characters.spacy_text." in message
    assert "evidence offsets stay valid" in message


def test_a_date_pattern_naming_no_token_or_list(patterns: Path) -> None:
    line = _edit(patterns / "shared.yaml", "    - [day, month, year]\n", "    - [day, mnth, year]\n")
    message = _error(load_shared, patterns / "shared.yaml")
    assert f"shared.yaml, line {line}, key 'dates.patterns[2][1]': no token 'mnth'" in message
    shutil.copy(PATTERNS / "shared.yaml", patterns / "shared.yaml")
    line = _edit(patterns / "shared.yaml", '{NORM: {IN: "@weekdays"}}', '{NORM: {IN: "@weekday"}}')
    message = _error(load_shared, patterns / "shared.yaml")
    assert f"line {line}, key 'dates.tokens.wday.NORM.IN': unknown list '@weekday'" in message


@pytest.fixture
def broken_install(patterns: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point kg at the broken copy of the pattern files, and back at the shipped ones afterwards."""
    caches = (vocabulary.lexicon, vocabulary.shared, vocabulary.fold_table, vocabulary.spacy_text_table)
    for cached in caches:
        cached.cache_clear()
    monkeypatch.setattr(vocabulary, "PATTERNS", patterns)
    yield patterns
    monkeypatch.undo()
    for cached in caches:
        cached.cache_clear()


def test_kg_extract_reports_a_broken_pattern_file_without_a_traceback(broken_install: Path, tmp_path: Path) -> None:
    line = _edit(broken_install / "fr.yaml", "    - er: paraph\n", "    - er: 12\n")
    article = tmp_path / "article.txt"
    article.write_text("Le Togo et la Russie ont signé un accord de coopération militaire le 3 mars 2025.\n",
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(article)])
    assert result.exit_code == 1
    assert f"fr.yaml, line {line}, key 'triggers.signed[1].er'" in result.output
    assert 'quote it: "12"' in result.output and "Traceback" not in result.output


# -- the pipeline built from them ----------------------------------------------------------------

def test_the_pipelines_run_the_kg_components_in_order_french_over_a_parse() -> None:
    from kg.extract.components import COMPONENTS
    from kg.extract.pipeline import annotator

    for lang in ("fr", "en"):
        names = annotator(lang).nlp.pipe_names
        assert names[0] == "sentencizer"
        # French parses each sentence the sentencizer cut; English has no official model: no parser
        assert ("parser" in names) == (lang == "fr")
        assert names[names.index("kg_norm"):] == ["kg_norm", "entity_ruler", *COMPONENTS]
    doc = annotator("fr").nlp("Le Mali a signé un accord. Il a été ratifié le 3 mai 2024.")
    assert len(list(doc.sents)) == 2 and doc.has_annotation("DEP")


def test_each_stage_leaves_its_findings_on_the_doc_and_its_sentences() -> None:
    from kg.extract.pipeline import annotator

    text = "Filler sentence. Mali and Russia signed a defence agreement on 12 March 2019."
    (doc,) = annotator("en").analyse([(text, 100)], PartialDate(2019, 4, 1))
    assert doc._.kg_offset == 100 and {a.id for a in doc._.kg_actors} == {"MLI", "RUS"}
    first, second = doc.sents
    assert first._.kg_claims == [] and first._.kg_triggers == []
    assert [(t.type, t.negated, t.modal) for t in second._.kg_triggers] == [("signed", False, False)]
    assert [m.kind for m in second._.kg_mentions] == ["military-cooperation"]
    (claim,) = second._.kg_claims
    assert set(claim.parties) == {"MLI", "RUS"} and claim.start == 100 + second.start_char
    assert [(e.type, e.date) for e in claim.events] == [("signed", PartialDate(2019, 3, 12))]


def test_adding_a_verb_is_one_line(patterns: Path) -> None:
    # docs/extract.md: '- er: scell' under triggers: signed: gives every form of 'sceller'
    _edit(patterns / "fr.yaml", "    - er: paraph\n", "    - er: paraph\n    - er: scell\n")
    fr = load_lexicon(patterns / "fr.yaml")
    assert {f: fr.triggers[f] for f in ("scelle", "scellé", "sceller", "scellera")} == {
        "scelle": ("signed", "fin"), "scellé": ("signed", "part"), "sceller": ("signed", "inf"),
        "scellera": ("signed", "fut")}


def test_the_kind_groups_name_kinds_the_language_files_produce() -> None:
    # kinds.may_name once said 'mutual-defence' while the kind phrases produce 'mutual-defence-pact'
    from kg.extract.vocabulary import lexicon, shared

    produced = {k for lang in ("fr", "en") for k in lexicon(lang).kinds.values() if k} | {
        k for lang in ("fr", "en") for k in lexicon(lang).heads.values() if k}
    sh = shared()
    assert sh.generic_may_name <= produced
    assert set(sh.form_kinds) <= produced
