"""kg extract: facts proposed from French and English articles, with evidence an analyst can check.

The spaCy pipelines are built once per test session (kg.extract.pipeline caches them per process).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import main
from kg.extract import ExtractError, extract_file, extract_text, fact_document, paragraphs, render
from kg.extract.language import detect_language
from kg.extract.reader import article_from_text
from kg.facts import AgreementFact, PartialDate
from kg.loaders import load_file

from .conftest import REPO, write

SEED = REPO / "data" / "articles" / "seed-togo-russia-ratification-2025.md"
DEV = REPO / "tests" / "extract_eval" / "dev"


def facts_of(text: str, published: str | None = None, language: str | None = None) -> list[dict]:
    return extract_text(text, published=PartialDate.parse(published) if published else None, language=language).facts


def tuples(facts: list[dict]) -> set[tuple[frozenset[str], str, str | None]]:
    return {(frozenset(f["parties"]), e["type"], e.get("date")) for f in facts for e in f.get("events", [])}


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def seed():
    return extract_file(SEED)


# -- the seed article -------------------------------------------------------------------------

def test_seed_yields_the_duma_ratification_of_the_togo_agreement(seed) -> None:
    ids = {f["id"] for f in seed.facts}
    assert ids == {"rus-tgo-military-cooperation-2025"}
    events = [e for f in seed.facts for e in f.get("events", [])]
    assert events == [{"type": "ratified", "date": "2025-10-07", "by": "RUS-STATE-DUMA"}]
    assert all(f["parties"] == ["RUS", "TGO"] and f["kind"] == "military-cooperation" for f in seed.facts)


def test_seed_lists_the_provisions_and_domains(seed) -> None:
    domains = {d for f in seed.facts for d in f.get("domains", [])}
    assert {"training", "intelligence", "technical-assistance", "financing", "joint-missions",
            "classified-information-protection", "joint-exercises", "medical-assistance"} <= domains
    provisions = [p for f in seed.facts for p in f.get("provisions", [])]
    assert "protection of classified information" in provisions and "joint exercises" in provisions


def test_seed_only_compares_cameroon_sao_tome_and_the_car(seed) -> None:
    parties = {p for f in seed.facts for p in f["parties"]}
    assert not parties & {"CMR", "STP", "CAF"}


def test_seed_source_block_comes_from_front_matter(seed) -> None:
    assert seed.source["id"] == "seed-togo-russia-ratification-2025"
    assert seed.source["published"] == "2025-10-08" and seed.source["language"] == "fr"
    assert seed.source["note"].startswith("extracted by kg extract") and "review" in seed.source["note"]


def test_evidence_is_the_sentence_verbatim_at_its_offsets(seed) -> None:
    body = seed.article.body
    for fact in seed.facts:
        ev = fact["evidence"]
        assert body[ev["start"]:ev["end"]] == ev["quote"]
        assert 0 < fact["confidence"] <= 1
    first = seed.facts[0]
    assert first["evidence"]["start"] == 0 and first["evidence"]["quote"].startswith("Le Parlement russe a entériné")
    assert first["confidence"] >= 0.9          # explicit verb, full date, both parties named


# -- the fact file loads and builds -------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_output_loads_as_a_fact_file(seed, tmp_path: Path, fmt: str) -> None:
    path = write(tmp_path / f"seed.{fmt}", render(fact_document([seed]), fmt))
    document = load_file(path)
    assert [s.id for s in document.sources] == ["seed-togo-russia-ratification-2025"]
    assert len(document.facts) == len(seed.facts)
    fact = document.facts[0]
    assert isinstance(fact, AgreementFact) and fact.events[0].by == "RUS-STATE-DUMA"
    assert fact.evidence.quote == seed.facts[0]["evidence"]["quote"]
    assert fact.evidence.start == 0 and fact.evidence.confidence == seed.facts[0]["confidence"]


def test_extracted_file_builds_and_shows_its_evidence(seed, tmp_path: Path) -> None:
    data = tmp_path / "data"
    write(data / "facts" / "extracted.yaml", render(fact_document([seed])))
    built = run("build", "--data", data, "--out", tmp_path / "out")
    assert built.exit_code == 0, built.output
    assert "SHACL: conforms." in built.output
    shown = run("query", "source", "--param", "source=seed-togo-russia-ratification-2025",
                "--store", tmp_path / "out" / "store", "--format", "json")
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.stdout)["results"]["bindings"]
    quotes = {r["quote"]["value"] for r in rows if "quote" in r}
    assert seed.facts[0]["evidence"]["quote"] in quotes
    assert {r["confidence"]["value"] for r in rows if "confidence" in r} >= {"0.95"}


def test_several_articles_make_one_file_with_a_source_each(tmp_path: Path) -> None:
    other = write(tmp_path / "ethiopia.txt", (DEV / "en-ethiopia-russia-2021.txt").read_text(encoding="utf-8"))
    result = run("extract", SEED, other, "--published", "2021-07-13")
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(result.stdout)
    assert [s["id"] for s in document["sources"]] == ["seed-togo-russia-ratification-2025", "ethiopia"]
    assert {f["source"] for f in document["facts"]} == {"seed-togo-russia-ratification-2025", "ethiopia"}
    parsed = load_file(write(tmp_path / "both.yaml", result.stdout))
    assert len(parsed.facts) == len(document["facts"])


# -- actors -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, language, parties", [
    ("Le Niger et la Russie ont signé le 16 janvier 2024 un accord de coopération militaire.", "fr", {"NER", "RUS"}),
    ("Le Nigeria et la Russie ont signé le 25 août 2021 un accord de coopération militaire.", "fr", {"NGA", "RUS"}),
    ("Nigeria and Russia signed a military cooperation agreement on 25 August 2021.", "en", {"NGA", "RUS"}),
    ("Niger and Russia signed a military cooperation agreement on 16 January 2024.", "en", {"NER", "RUS"}),
    ("La Guinée équatoriale et la Russie ont signé un accord de défense le 10 juin 2024.", "fr", {"GNQ", "RUS"}),
    ("La Guinée et la Russie ont signé un accord de défense le 10 juin 2024.", "fr", {"GIN", "RUS"}),
    ("Guinea-Bissau and Russia signed a defence agreement on 20 February 2024.", "en", {"GNB", "RUS"}),
    ("Le Congo-Brazzaville et la Russie ont signé un accord militaire le 14 mars 2019.", "fr", {"COG", "RUS"}),
    ("La RDC et la Russie ont signé un accord militaire le 9 juin 2023.", "fr", {"COD", "RUS"}),
    ("Kinshasa and Moscow signed a military cooperation agreement on 9 June 2023.", "en", {"COD", "RUS"}),
    ("Addis Ababa and Moscow signed a military cooperation agreement on July 12, 2021.", "en", {"ETH", "RUS"}),
    ("Le Kremlin et Lomé ont signé un accord de coopération militaire le 27 mars 2025.", "fr", {"RUS", "TGO"}),
])
def test_actors_by_name_alias_capital_and_confusable_pairs(text: str, language: str, parties: set[str]) -> None:
    facts = facts_of(text, language=language)
    assert {frozenset(f["parties"]) for f in facts} == {frozenset(parties)}


def test_a_place_named_after_a_country_is_not_a_party() -> None:
    text = ("Malabo et Moscou ont signé le 10 juin 2024 un accord de coopération militaire portant sur la "
            "sécurité maritime dans le golfe de Guinée.")
    assert {frozenset(f["parties"]) for f in facts_of(text)} == {frozenset({"GNQ", "RUS"})}


def test_a_capital_as_the_place_of_signing_is_the_place() -> None:
    facts = facts_of("Le Mali et la Russie ont signé le 25 juin 2019 à Moscou un accord de coopération militaire.")
    assert facts[0]["events"] == [{"type": "signed", "date": "2019-06-25", "place": "Moscou"}]


# -- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, published, date", [
    ("La Russie et le Togo ont signé mardi 7 octobre 2025 un accord de coopération militaire.", None, "2025-10-07"),
    ("La Russie et le Togo ont signé le 1er décembre 2020 un accord de coopération militaire.", None, "2020-12-01"),
    ("Russia and Togo signed a military cooperation agreement on July 12, 2021.", None, "2021-07-12"),
    ("Russia and Togo signed a military cooperation agreement on 12 April.", "2023-05-02", "2023-04-12"),
    ("La Russie et le Togo ont signé en 2001 un accord de coopération militaire.", None, "2001"),
    ("La Russie et le Togo ont signé début mars 2024 un accord de coopération militaire.", None, "2024-03"),
    ("La Russie et le Togo ont signé mardi un accord de coopération militaire.", "2025-10-08", "2025-10-07"),
    ("Russia and Togo signed a military cooperation agreement on Tuesday.", "2025-10-07", "2025-10-07"),
])
def test_dates_as_articles_write_them(text: str, published: str | None, date: str) -> None:
    assert {e.get("date") for f in facts_of(text, published) for e in f["events"]} == {date}


def test_a_date_without_year_and_no_publication_date_is_left_out_with_a_warning() -> None:
    extraction = extract_text("Russia and Togo signed a military cooperation agreement on 12 April.")
    events = [e for f in extraction.facts for e in f["events"]]
    assert events == [{"type": "signed"}]
    assert any("--published" in w for w in extraction.warnings)
    dated = facts_of("Russia and Togo signed a military cooperation agreement on 12 April 2023.")[0]
    assert extraction.facts[0]["confidence"] < dated["confidence"]


def test_several_events_in_one_sentence_keep_their_own_dates() -> None:
    fr = ("Ratifié par le Parlement le 15 mars 2023, l'accord de coopération militaire conclu le 3 août 2018 entre "
          "Ouagadougou et Moscou est entré en vigueur le 2 avril 2023.")
    assert tuples(facts_of(fr)) == {(frozenset({"BFA", "RUS"}), "ratified", "2023-03-15"),
                                    (frozenset({"BFA", "RUS"}), "signed", "2018-08-03"),
                                    (frozenset({"BFA", "RUS"}), "in-force", "2023-04-02")}
    en = ("Mali and Russia signed a defence agreement on 15 January 2023; the pact, which came into force on "
          "5 May 2023, had been ratified by Bamako on 20 April.")
    found = facts_of(en, "2023-05-10")
    assert tuples(found) == {(frozenset({"MLI", "RUS"}), "signed", "2023-01-15"),
                             (frozenset({"MLI", "RUS"}), "in-force", "2023-05-05"),
                             (frozenset({"MLI", "RUS"}), "ratified", "2023-04-20")}
    events = [e["type"] for f in found for e in f["events"]]
    assert events == sorted(events, key=["signed", "ratified", "in-force"].index)


# -- events, negation, modality, distractors -----------------------------------------------------

@pytest.mark.parametrize("text, event, date", [
    ("Le Parlement russe a entériné le 7 octobre 2025 la ratification de l'accord de coopération militaire avec "
     "le Togo.", "ratified", "2025-10-07"),
    ("La Douma d'État a ratifié le 7 octobre 2025 l'accord de coopération militaire avec le Togo.", "ratified",
     "2025-10-07"),
    ("Le Conseil de la Fédération a approuvé le 8 octobre 2025 l'accord de coopération militaire avec le Togo.",
     "approved", "2025-10-08"),
    ("L'accord de coopération militaire entre la Russie et le Togo est entré en vigueur le 1er décembre 2025.",
     "in-force", "2025-12-01"),
    ("L'accord de coopération militaire entre la Russie et le Togo a été paraphé le 27 mars 2025.", "signed",
     "2025-03-27"),
    ("Russia's State Duma ratified the military cooperation agreement with Togo on 7 October 2025.", "ratified",
     "2025-10-07"),
    ("The military cooperation agreement between Russia and Togo came into force on 1 December 2025.", "in-force",
     "2025-12-01"),
    ("The Federation Council approved the military cooperation agreement with Togo on 8 October 2025.", "approved",
     "2025-10-08"),
    ("Le Togo a démenti le 8 octobre 2025 avoir signé un accord de défense avec la Russie.", "denied", "2025-10-08"),
    ("Togo denied on 8 October 2025 that it had signed a defence agreement with Russia.", "denied", "2025-10-08"),
])
def test_life_cycle_events_from_verbs_and_nouns(text: str, event: str, date: str) -> None:
    assert tuples(facts_of(text)) == {(frozenset({"RUS", "TGO"}), event, date)}


@pytest.mark.parametrize("text", [
    "Aucun accord de défense n'a été signé entre le Niger et la Russie, a affirmé le gouvernement.",
    "Le Niger n'a pas signé d'accord de défense avec la Russie en 2024.",
    "Niger has not signed any defence agreement with Russia.",
    "No military agreement was signed between Niger and Russia in 2024.",
    "Le Niger et la Russie devraient signer un accord de défense en 2026.",
    "Niger and Russia will sign a defence agreement next year.",
    "L'accord de défense entre le Niger et la Russie doit encore être ratifié.",
    "The defence agreement between Niger and Russia is yet to be ratified.",
    "La Russie et le Niger ont signé le 3 mai 2024 un protocole commercial sans disposition militaire.",
    "Russia and Niger signed an agricultural trade protocol on 3 May 2024; it contains no military provisions.",
    "Si la Russie multiplie les accords similaires — avec le Cameroun ou la Centrafrique —, le Niger hésite.",
])
def test_negations_plans_and_distractors_yield_no_signed_defence_agreement(text: str) -> None:
    assert tuples(facts_of(text)) == set()


def test_a_memorandum_that_is_not_a_defence_agreement_stays_a_memorandum() -> None:
    text = ("Russia and Tanzania signed a memorandum of understanding on naval cooperation on 5 March 2024. "
            "The memorandum is not a full defence agreement.")
    facts = facts_of(text)
    assert {(f["kind"], tuple(f["parties"])) for f in facts} == {("memorandum-of-understanding", ("RUS", "TZA"))}


def test_an_agreement_and_the_earlier_one_it_replaces() -> None:
    text = ("Yaoundé and Moscow signed a new military cooperation agreement in April 2022, replacing a 2015 accord "
            "between the two countries.")
    facts = facts_of(text)
    by_id = {f["id"]: f for f in facts}
    assert set(by_id) == {"rus-cmr-military-cooperation-2022", "rus-cmr-military-cooperation-2015"}
    assert by_id["rus-cmr-military-cooperation-2022"]["replaces"] == "rus-cmr-military-cooperation-2015"


def test_a_separate_naval_base_agreement_is_another_agreement() -> None:
    text = ("Le 1er décembre 2020, la Russie et le Soudan ont signé un accord sur une base navale à Port-Soudan. "
            "Cet accord distinct s'ajoute à l'accord de coopération militaire signé par les deux pays en mai 2019.")
    kinds = {f["id"]: f["kind"] for f in facts_of(text)}
    assert kinds == {"rus-sdn-basing-2020": "basing", "rus-sdn-military-cooperation-2019": "military-cooperation"}


def test_anaphora_carries_the_agreement_across_sentences() -> None:
    text = ("Le Mali et la Russie ont signé le 25 juin 2019 un accord de coopération militaire. "
            "Il prévoit la formation des militaires maliens et la fourniture d'équipements militaires. "
            "Le texte a été ratifié le 3 février 2020.")
    facts = facts_of(text)
    assert {f["id"] for f in facts} == {"rus-mli-military-cooperation-2019"}
    assert tuples(facts) == {(frozenset({"MLI", "RUS"}), "signed", "2019-06-25"),
                             (frozenset({"MLI", "RUS"}), "ratified", "2020-02-03")}
    assert {"training", "arms-supply"} <= {d for f in facts for d in f.get("domains", [])}


def test_development_set_scores_at_least_0_9() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import extract_eval
    finally:
        sys.path.remove(str(REPO / "bench"))
    result = extract_eval.evaluate_set(DEV)
    assert len(result.files) >= 15
    assert result.figures()[2] >= 0.9


# -- reading articles ------------------------------------------------------------------------------

def test_markdown_front_matter_and_body_offsets() -> None:
    text = "---\nid: My Article\ntitle: Un titre\npublished: 2024-02-03\nurl: https://example.org/a\nlanguage: fr\n---\nCorps."
    article = article_from_text(text, "markdown", stem="file")
    assert article.body == "Corps." and article.id == "my-article"
    assert (article.title, article.url, article.language) == ("Un titre", "https://example.org/a", "fr")
    assert article.published == PartialDate(2024, 2, 3)


def test_html_main_text_only(tmp_path: Path) -> None:
    page = """<html lang="en"><head><title>Deal | Site</title>
    <meta property="article:published_time" content="2021-07-13T09:00:00Z">
    <link rel="canonical" href="https://example.org/deal"><script>var signed = 'Russia and Togo signed';</script></head>
    <body><nav>Home | Russia | Togo</nav><article><h1>Ethiopia and Russia sign a deal</h1>
    <p>Ethiopia and Russia signed a military cooperation agreement on July 12, 2021.</p></article>
    <footer>Russia and Mali signed a military agreement on 1 May 2020.</footer></body></html>"""
    extraction = extract_file(write(tmp_path / "deal.html", page))
    assert "Home" not in extraction.article.body and "var signed" not in extraction.article.body
    assert extraction.source["url"] == "https://example.org/deal" and extraction.source["published"] == "2021-07-13"
    assert tuples(extraction.facts) == {(frozenset({"ETH", "RUS"}), "signed", "2021-07-12")}
    body = extraction.article.body
    assert all(body[f["evidence"]["start"]:f["evidence"]["end"]] == f["evidence"]["quote"] for f in extraction.facts)


def test_paragraphs_keep_wrapped_lines_together_and_headings_apart() -> None:
    text = ("Un titre court\nLe Mali et la Russie ont signé un accord de coopération militaire qui\n"
            "prévoit la formation des militaires.\n\nUn autre paragraphe.\n")
    chunks = list(paragraphs(text))
    assert [t for t, _ in chunks] == ["Un titre court", "Le Mali et la Russie ont signé un accord de coopération "
                                      "militaire qui\nprévoit la formation des militaires.", "Un autre paragraphe."]
    assert all(text[o:o + len(t)] == t for t, o in chunks)


@pytest.mark.parametrize("text, language", [
    ("Le Parlement russe a entériné la ratification d'un accord de coopération militaire avec le Togo.", "fr"),
    ("The Russian parliament has ratified a military cooperation agreement with Togo.", "en"),
    ("Das russische Parlament hat ein Abkommen über militärische Zusammenarbeit mit Togo ratifiziert.", None),
    ("Госдума ратифицировала соглашение о военном сотрудничестве с Того.", None),
    ("El Parlamento ruso ratificó un acuerdo de cooperación militar con Togo.", None),
])
def test_language_detection(text: str, language: str | None) -> None:
    assert detect_language(text) == language


# -- bad input -------------------------------------------------------------------------------------

@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"  \n\n ", "empty"),
    (bytes(range(256)) * 20, "binary"),
    ("Das russische Parlament hat das Abkommen mit Togo am Dienstag ratifiziert.".encode(), "cannot tell the language"),
    ("Abkommen".encode("utf-16"), "binary"),
])
def test_bad_input_is_a_clear_error_not_a_crash(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(ExtractError, match=message):
        extract_file(path)
    result = run("extract", path)
    assert result.exit_code == 1 and result.output.startswith("Error: ") and message in result.output
    assert "Traceback" not in result.output


def test_text_with_no_actor_gives_a_warning_and_no_facts(tmp_path: Path) -> None:
    path = write(tmp_path / "vague.txt", "The agreement was signed on Tuesday in the capital, officials said.\n")
    result = run("extract", path, "--published", "2024-05-02")
    assert result.exit_code == 0
    assert "names no actor" in result.stderr
    assert yaml.safe_load(result.stdout)["facts"] == []


def test_unsupported_files_and_options(tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert "supported: " in run("extract", pdf).output
    assert run("extract", tmp_path / "missing.txt").exit_code == 1
    bad_date = run("extract", SEED, "--published", "2025-02-30")
    assert bad_date.exit_code == 1 and "--published" in bad_date.output


def test_json_output_and_output_file(tmp_path: Path) -> None:
    printed = run("extract", SEED, "--format", "json")
    assert printed.exit_code == 0, printed.output
    document = json.loads(printed.stdout)
    assert set(document) == {"source", "facts"} and document["facts"][0]["type"] == "agreement"
    out = tmp_path / "seed.json"
    written = run("extract", SEED, "-o", out)
    assert written.exit_code == 0 and json.loads(out.read_text(encoding="utf-8")) == document
    assert "review" in written.stderr


def test_output_is_deterministic() -> None:
    first = render(fact_document([extract_file(SEED)]))
    assert render(fact_document([extract_file(SEED)])) == first


def test_a_long_text_is_read_in_bounded_chunks_with_progress() -> None:
    filler = ("Le marché central de la ville a rouvert ses portes après des travaux de rénovation qui ont duré "
              "plusieurs mois, au grand soulagement des commerçants du quartier. ") * 6
    agreement = "La Russie et le Togo ont signé le 27 mars 2025 un accord de coopération militaire.\n\n"
    text = "\n\n".join([filler] * 800) + "\n\n" + agreement + filler * 400
    calls: list[tuple[int, int]] = []
    extraction = extract_text(text, language="fr", progress=lambda done, total: calls.append((done, total)))
    assert len(text) > 600_000
    assert tuples(extraction.facts) == {(frozenset({"RUS", "TGO"}), "signed", "2025-03-27")}
    assert calls[0] == (0, len(text)) and calls[-1] == (len(text), len(text))
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert max(len(t) for t, _ in paragraphs(text)) <= 20_000


def test_kg_help_does_not_import_spacy() -> None:
    code = ("import sys; from click.testing import CliRunner; from kg.cli import main; import kg.extract; "
            "r = CliRunner().invoke(main, ['extract', '--help']); assert r.exit_code == 0; "
            "print(sorted(m for m in ('spacy', 'dateparser', 'thinc') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


def test_a_passive_approval_and_a_replacement_told_in_a_relative_clause() -> None:
    text = ("Le Mali et la Russie ont signé un accord de défense en 2024. L'accord a été entériné par le Sénat "
            "le 3 mai 2025.")
    assert (frozenset({"MLI", "RUS"}), "approved", "2025-05-03") in tuples(facts_of(text))
    text = ("In 2001, Russia and Togo concluded a first defence cooperation agreement, which the new accord, "
            "signed on 27 March 2025, replaces.")
    by_id = {f["id"]: f for f in facts_of(text)}
    assert by_id["rus-tgo-military-cooperation-2025"]["replaces"] == "rus-tgo-military-cooperation-2001"


def test_a_civil_memorandum_is_not_a_defence_agreement() -> None:
    text = ("La Russie et l'Éthiopie ont signé en avril 2023 un protocole d'accord sur l'énergie nucléaire civile, "
            "sans aucune disposition militaire.")
    assert facts_of(text) == []
    text = "Russia and Ethiopia signed a memorandum on nuclear energy on 3 May 2024. The memorandum was ratified in June 2024."
    assert facts_of(text) == []


def test_the_host_capital_completes_a_single_named_party() -> None:
    text = "Le Togo a signé à Moscou le 3 avril 2025 un accord de coopération militaire."
    assert tuples(facts_of(text)) == {(frozenset({"RUS", "TGO"}), "signed", "2025-04-03")}


def test_a_date_after_the_publication_day_belongs_to_the_year_before() -> None:
    text = "Les députés russes ont ratifié le 7 octobre l'accord de coopération militaire avec le Togo."
    assert tuples(facts_of(text, "2026-01-10")) == {(frozenset({"RUS", "TGO"}), "ratified", "2025-10-07")}
