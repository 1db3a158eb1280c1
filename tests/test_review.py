"""Review and merge: extracted agreements take the curated ids, meet the store's agreements, and join the data folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.errors import FactFileError, KgError
from kg.extract.writer import agreement_id, ordered_parties, render
from kg.facts import AgreementFact
from kg.loaders import load_data, load_file
from kg.query import run_query
from kg.review import accept, match_ids, review

from .conftest import DATA, REPO

SEED = REPO / "data" / "articles" / "seed-togo-russia-ratification-2025.md"

# A short article written for this test: the State Duma's vote dated 9 October 2025, where the
# curated sources (Kommersant, the seed article) date it 7 October.
DUMA_ARTICLE = """---
id: test-duma-vote-report
title: La Douma ratifie l'accord militaire avec le Togo
publisher: Test Gazette
published: 2025-10-10
language: fr
---
La Douma d'État a ratifié le 9 octobre 2025 l'accord de coopération militaire entre la Russie et le Togo.
"""

SOURCE_A = """  - id: src-a
    publisher: Source A
    published: 2025-11-01
"""


def _run(*args: object, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    return result.exit_code, result.stdout, result.stderr


def _data(tmp_path: Path, facts: str, sources: str = SOURCE_A, name: str = "data") -> Path:
    """A data folder with one fact file."""
    folder = tmp_path / name / "facts"
    folder.mkdir(parents=True)
    (folder / "base.yaml").write_text(f"sources:\n{sources}facts:\n{facts}", encoding="utf-8")
    return tmp_path / name


def _store(data: Path) -> Path:
    out = data.parent / f"{data.name}-out"
    build(data, out, validate=False)
    return out / "store"


def _agreement(agreement: str, parties: str, events: str, source: str = "src-a",
               kind: str = "military-cooperation") -> str:
    return (f"  - {{type: agreement, id: {agreement}, source: {source}, parties: [{parties}], kind: {kind}, "
            f"events: [{events}]}}\n")


def _document(agreement: str, parties: list[str], events: list[dict[str, str]], kind: str = "military-cooperation",
              **extra: str) -> dict[str, object]:
    fact = {"type": "agreement", "id": agreement, "parties": parties, "kind": kind, "events": events, **extra}
    return {"source": {"id": "new-article", "publisher": "unknown"}, "facts": [fact]}


# --- the id scheme ------------------------------------------------------------------------------------


@pytest.mark.parametrize("parties, kind, year, expected", [
    (["TGO", "RUS"], "military-cooperation", 2025, "rus-tgo-military-cooperation-2025"),
    (["CMR", "RUS"], "military-cooperation", 2022, "rus-cmr-military-cooperation-2022"),
    (["AES", "RUS"], "memorandum-of-understanding", 2025, "rus-aes-mou-2025"),
    (["TGO", "FRA"], "defence-partnership", 2009, "fra-tgo-defence-partnership-2009"),
    (["TGO", "FRA"], "other", 1963, "fra-tgo-defence-1963"),
    (["TGO", "USA"], "partnership-programme", None, "usa-tgo-partnership-programme"),
    (["NER", "MLI", "BFA"], "confederation-treaty", 2024, "bfa-mli-ner-confederation-treaty-2024"),
])
def test_ids_put_the_partner_power_first_as_the_curated_ids_do(parties: list[str], kind: str, year: int | None,
                                                               expected: str) -> None:
    assert agreement_id(parties, kind, year) == expected
    assert ordered_parties(parties)[0] == expected.split("-")[0].upper()


def test_the_scheme_gives_every_curated_id_but_the_ones_named_after_a_title() -> None:
    data = load_data(DATA)
    claims: dict[str, tuple[tuple[str, ...], str, set[int]]] = {}
    for fact in data.facts:
        if isinstance(fact, AgreementFact):
            entry = claims.setdefault(fact.id, (fact.parties, fact.kind, set()))
            entry[2].update(e.date.year for e in fact.events if e.type == "signed" and e.date)
            assert list(fact.parties) == ordered_parties(fact.parties) or fact.id.startswith("aes-"), fact.id
    differ = sorted(i for i, (parties, kind, years) in claims.items()
                    if agreement_id(parties, kind, min(years, default=None)) != i)
    # the exceptions docs/extract.md lists ("Agreement ids")
    assert differ == ["aes-confederation-treaty-2024", "aes-liptako-gourma-charter-2023",
                      "rus-ner-defence-cooperation-2023", "usa-tgo-state-partnership-program"]


def test_an_extraction_of_the_seed_article_gets_exactly_the_curated_id(built: Path) -> None:
    for against in ("none", built / "store"):
        code, out, err = _run("extract", SEED, "--against", against)
        assert code == 0, err
        facts = [f for f in yaml.safe_load(out)["facts"] if f["type"] == "agreement"]
        assert {f["id"] for f in facts} == {"rus-tgo-military-cooperation-2025"}
        assert all(f["parties"] == ["RUS", "TGO"] for f in facts)
        assert "Note:" not in err


def test_several_articles_source_blocks_are_written_as_blocks_and_events_inline() -> None:
    document = {"sources": [{"id": "a", "publisher": "unknown", "note": "extracted by kg extract 0.1.0; review before "
                             "committing"}], "facts": [{"type": "agreement", "source": "a", "id": "rus-tgo-x",
                                                        "events": [{"type": "signed", "date": "2025"}]}]}
    text = render(document)
    assert text.startswith("sources:\n- id: a\n  publisher: unknown\n")
    assert "  events: [{type: signed, date: '2025'}]\n" in text
    assert yaml.safe_load(text) == document


# --- kg extract --against -----------------------------------------------------------------------------


def test_against_reuses_the_id_of_the_stores_agreement_with_the_same_parties_and_kind(tmp_path: Path) -> None:
    store = _store(_data(tmp_path, _agreement("rus-cmr-accord-2022", "CMR, RUS",
                                              "{type: signed, date: 2022-04-12, place: Moscow}")))
    article = tmp_path / "cameroon.txt"
    article.write_text("Cameroon and Russia signed a military cooperation agreement on 12 April 2022 in Moscow.\n",
                       encoding="utf-8")
    code, out, err = _run("extract", article, "--against", store, "--published", "2022-04-13")
    assert code == 0, err
    assert "  id: rus-cmr-accord-2022\n" in out
    note = "rus-cmr-military-cooperation-2022 is rus-cmr-accord-2022 in the store"
    assert f"Note: {note}" in err and f"# {note}" in out  # said on stderr and kept in the file for the reviewer
    code, out, _ = _run("extract", article, "--against", "none", "--published", "2022-04-13")
    assert "  id: rus-cmr-military-cooperation-2022\n" in out


def test_against_keeps_the_generated_id_when_the_dates_cannot_be_of_one_agreement(tmp_path: Path) -> None:
    store = _store(_data(tmp_path, _agreement("rus-cmr-accord-2022", "CMR, RUS", "{type: signed, date: 2022-04-12}")))
    signed_2019 = _document("rus-cmr-military-cooperation-2019", ["RUS", "CMR"], [{"type": "signed", "date": "2019"}])
    document, matches = match_ids(signed_2019, store)
    assert document["facts"][0]["id"] == "rus-cmr-military-cooperation-2019" and matches[0].note is None
    # a ratification before the other agreement's signing is not that agreement's either
    ratified = _document("rus-cmr-military-cooperation-2021", ["RUS", "CMR"], [{"type": "ratified", "date": "2021-05"}])
    assert match_ids(ratified, store)[0]["facts"][0]["id"] == "rus-cmr-military-cooperation-2021"
    # a partial date is compatible with a day inside it, and a signing with one on another day of its year
    for date in ("2022", "2022-04", "2022-11-30"):
        same = _document("rus-cmr-military-cooperation-2022", ["RUS", "CMR"], [{"type": "signed", "date": date}])
        assert match_ids(same, store)[0]["facts"][0]["id"] == "rus-cmr-accord-2022", date
    other_kind = _document("rus-cmr-basing-2022", ["RUS", "CMR"], [{"type": "signed", "date": "2022"}], kind="basing")
    assert match_ids(other_kind, store)[0]["facts"][0]["id"] == "rus-cmr-basing-2022"


def test_against_chooses_the_closest_in_date_of_several_and_says_so(tmp_path: Path) -> None:
    store = _store(_data(tmp_path, _agreement("rus-cmr-first", "RUS, CMR", "{type: signed, date: 2015}")
                         + _agreement("rus-cmr-second", "RUS, CMR", "{type: signed, date: 2022-04-12}")))
    proposal = _document("rus-cmr-military-cooperation-2023", ["RUS", "CMR"],
                         [{"type": "ratified", "date": "2023-05-03", "by": "RUS-STATE-DUMA"}],
                         replaces="rus-cmr-military-cooperation-2023")
    document, (match,) = match_ids(proposal, store)
    assert document["facts"][0]["id"] == "rus-cmr-second" and document["facts"][0]["replaces"] == "rus-cmr-second"
    assert match.candidates == ("rus-cmr-second", "rus-cmr-first")
    assert match.note == ("rus-cmr-military-cooperation-2023: 2 agreements in the store have its parties and kind and "
                          "compatible dates (rus-cmr-second, rus-cmr-first); chose rus-cmr-second, the closest in date")
    assert proposal["facts"][0]["id"] == "rus-cmr-military-cooperation-2023"  # the input is left as it was


def test_against_renames_a_new_agreement_whose_id_the_store_gives_another(tmp_path: Path) -> None:
    store = _store(_data(tmp_path, _agreement("rus-cmr-military-cooperation-2022", "RUS, CMR",
                                              "{type: signed, date: 2022-04-12}")))
    before_signing = _document("rus-cmr-military-cooperation-2022", ["RUS", "CMR"],
                               [{"type": "in-force", "date": "2021-01-01"}])
    document, (match,) = match_ids(before_signing, store)
    assert document["facts"][0]["id"] == match.id == "rus-cmr-military-cooperation-2022-2"
    assert match.note and "is another agreement" in match.note


def test_extract_matches_against_output_store_by_default_and_none_turns_it_off(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    data = _data(tmp_path, _agreement("rus-tgo-pact", "RUS, TGO", "{type: signed, date: 2025-03-27}"))
    build(data, tmp_path / "work" / "output", validate=False)
    article = tmp_path / "togo.txt"
    article.write_text("Le Togo et la Russie ont signé un accord de coopération militaire le 27 mars 2025.",
                       encoding="utf-8")
    monkeypatch.chdir(tmp_path / "work")
    assert "  id: rus-tgo-pact\n" in _run("extract", article, "--published", "2025-03-28")[1]
    assert "  id: rus-tgo-military-cooperation-2025\n" in _run("extract", article, "--published", "2025-03-28",
                                                             "--against", "none")[1]
    monkeypatch.chdir(tmp_path)  # no output/store here: the generated ids are kept, silently
    code, out, err = _run("extract", article, "--published", "2025-03-28")
    assert code == 0 and "  id: rus-tgo-military-cooperation-2025\n" in out and "Note:" not in err
    code, out, err = _run("extract", tmp_path / "missing.txt", "--against", tmp_path / "nowhere")
    assert code == 1 and out == ""
    assert err == (f"Error: --against: no graph store at '{tmp_path / 'nowhere'}'; run 'kg build' first (or pass --store) "
                   "('--against none' keeps the ids kg extract makes)\n")


# --- kg review ----------------------------------------------------------------------------------------

BASE_FACTS = (_agreement("rus-tgo-military-cooperation-2025", "RUS, TGO",
                         "{type: signed, date: 2025-03-27, place: Lomé}, "
                         "{type: ratified, date: 2025-10-07, by: RUS-STATE-DUMA}"))

PROPOSAL = """source:
  id: src-b
  publisher: Source B
  published: 2025-11-02
facts:
  - type: agreement
    id: rus-tgo-military-cooperation-2025
    parties: [TGO, RUS]
    kind: military-cooperation
    events:
      - {type: signed, date: 2025-03, place: Lome}
      - {type: ratified, date: 2025-10-09, by: RUS-STATE-DUMA}
      - {type: approved, date: 2025-10-08, by: RUS-FEDERATION-COUNCIL}
  - type: agreement
    id: rus-bfa-military-cooperation-2018
    parties: [RUS, BFA]
    kind: military-cooperation
    events: [{type: signed, date: 2018-08-21}]
"""


def test_review_says_new_agreement_new_event_agrees_and_contradicts(tmp_path: Path) -> None:
    store = _store(_data(tmp_path, BASE_FACTS))
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(PROPOSAL, encoding="utf-8")
    lines = review(proposal, store)
    got = [(line.line, line.agreement, line.proposal, line.verdict, line.summary()) for line in lines]
    agreement = "rus-tgo-military-cooperation-2025"
    assert got == [
        (6, agreement, "parties RUS;TGO, kind military-cooperation", "agrees", "agrees with src-a"),
        (6, agreement, "signed 2025-03 in Lome", "contradicts", "contradicts src-a: place Lomé (here Lome); agrees with src-a"),
        (6, agreement, "ratified 2025-10-09 by RUS-STATE-DUMA", "contradicts",
         "contradicts src-a: date 2025-10-07 (here 2025-10-09)"),
        (6, agreement, "approved 2025-10-08 by RUS-FEDERATION-COUNCIL", "new event", f"new event on {agreement}"),
        (14, "rus-bfa-military-cooperation-2018", "parties RUS;BFA, kind military-cooperation", "new agreement",
         "new agreement"),
        (14, "rus-bfa-military-cooperation-2018", "signed 2018-08-21", "new agreement", "new agreement"),
    ]
    code, out, err = _run("review", proposal, "--store", store)
    assert code == 0, err
    assert out.splitlines()[0].split() == ["line", "agreement", "proposal", "verdict"]
    assert "contradicts src-a: date 2025-10-07 (here 2025-10-09)" in out and out.endswith("(6 rows)\n")
    code, out, _ = _run("review", proposal, "--store", store, "--format", "json")
    rows = json.loads(out)
    assert rows[2]["verdict"] == "contradicts"
    assert rows[2]["contradicts"] == [{"source": "src-a", "claim": "date", "theirs": "2025-10-07", "ours": "2025-10-09"}]
    assert rows[3]["summary"] == f"new event on {agreement}"


def test_review_reports_another_kind_and_a_denial_as_contradictions(tmp_path: Path) -> None:
    store = _store(_data(tmp_path, BASE_FACTS))
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text("source: {id: src-c, publisher: Source C}\nfacts:\n"
                        "  - {type: agreement, id: rus-tgo-military-cooperation-2025, parties: [RUS, TGO],"
                        " kind: defence-partnership, events: [{type: denied, date: 2025-11}]}\n", encoding="utf-8")
    first, denial = review(proposal, store)
    assert first.verdict == "contradicts" and first.agrees == ()
    assert first.summary() == "contradicts src-a: kind military-cooperation (here defence-partnership)"
    assert denial.verdict == "contradicts"
    assert "contradicts src-a: denied ratified 2025-10-07 by RUS-STATE-DUMA (here denied 2025-11)" in denial.summary()


def test_review_points_a_new_agreement_to_the_stores_one_when_the_id_differs(tmp_path: Path) -> None:
    store = _store(_data(tmp_path, BASE_FACTS))
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text("source: {id: src-d, publisher: Source D}\nfacts:\n"
                        "  - {type: agreement, id: tgo-rus-deal, parties: [RUS, TGO], kind: military-cooperation,"
                        " events: [{type: ratified, date: 2025-10-07, by: RUS-STATE-DUMA}]}\n", encoding="utf-8")
    line = review(proposal, store)[0]
    assert line.verdict == "new agreement"
    assert line.note == ("the store's rus-tgo-military-cooperation-2025 has the same parties and kind, with compatible "
                         "dates: use its id ('kg extract --against')")


def test_review_names_the_stores_agreement_with_the_same_parties_but_another_kind(tmp_path: Path) -> None:
    store = _store(_data(tmp_path, BASE_FACTS))
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text("source: {id: src-d, publisher: Source D}\nfacts:\n"
                        "  - {type: agreement, id: rus-tgo-defence-2025, parties: [RUS, TGO], kind: other,"
                        " events: [{type: ratified, date: 2025-10, by: RUS-STATE-DUMA}]}\n", encoding="utf-8")
    line = review(proposal, store)[0]
    assert line.verdict == "new agreement"
    assert line.note == ("the store's rus-tgo-military-cooperation-2025 has the same parties, with compatible dates, but "
                         "kind military-cooperation: if it is that agreement, correct the kind and use its id")


def test_review_refuses_a_source_the_store_defines_differently(tmp_path: Path) -> None:
    store = _store(_data(tmp_path, BASE_FACTS))
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(PROPOSAL.replace("id: src-b", "id: src-a"), encoding="utf-8")
    with pytest.raises(FactFileError) as caught:
        review(proposal, store)
    assert (caught.value.path, caught.value.line, caught.value.field) == (str(proposal), 2, "id")
    assert "already in the store" in caught.value.message


# --- kg accept ----------------------------------------------------------------------------------------


def test_extract_accept_build_shows_the_contradiction_the_article_introduced(tmp_path: Path, built: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    article = tmp_path / "duma-vote.md"
    article.write_text(DUMA_ARTICLE, encoding="utf-8")
    proposal = tmp_path / "proposal.yaml"
    code, _, err = _run("extract", article, "--against", built / "store", "-o", proposal)
    assert code == 0, err
    code, out, err = _run("review", proposal, "--store", built / "store")
    assert "contradicts kommersant-8099046: date 2025-10-07 (here 2025-10-09)" in out, err
    code, out, err = _run("accept", proposal, "--data", data)
    target = data / "facts" / "test-duma-vote-report.yaml"
    assert code == 0, err
    assert out == f"Accepted 1 fact and 1 source block into {target} (new file); run 'kg build' to see them.\n"
    assert [f for f in load_file(target).facts] == load_file(proposal).facts  # loads back identically
    assert load_file(target).sources == load_file(proposal).sources
    build(data, tmp_path / "out", validate=False)
    result = run_query(tmp_path / "out" / "store", "conflicts")
    rows = [{v: str(t.value) if t is not None else "" for v, t in zip(result.variables, row, strict=True)}
            for row in result.rows]
    introduced = [r for r in rows if "test-duma-vote-report" in (r["source1"], r["source2"])]
    assert {(r["subject"], r["claim"], r["event"], r["by"], r["value1"], r["value2"], r["source1"]) for r in introduced} == {
        ("agreement/rus-tgo-military-cooperation-2025", "date", "ratified", "RUS-STATE-DUMA", "2025-10-07", "2025-10-09",
         source) for source in ("kommersant-8099046", "seed-togo-russia-ratification-2025")}
    assert {r["source2"] for r in introduced} == {"test-duma-vote-report"}
    code, out, err = _run("query", "conflicts", "--store", tmp_path / "out" / "store", "--format", "csv")
    assert code == 0, err
    assert ("agreement/rus-tgo-military-cooperation-2025,date,ratified,RUS-STATE-DUMA,2025-10-07,kommersant-8099046,"
            "Kommersant,2025-10-09,test-duma-vote-report,Test Gazette\n") in out.replace("\r\n", "\n")
    # accepting again adds nothing
    code, out, _ = _run("accept", proposal, "--data", data)
    assert code == 0 and out.startswith("Nothing to accept")


def test_accept_appends_to_an_existing_file_keeping_every_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    target = data / "facts" / "russia-togo.yaml"
    before = target.read_text(encoding="utf-8")
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(PROPOSAL, encoding="utf-8")
    report = accept(proposal, data, target)
    assert (report.facts, report.sources, report.skipped, report.created) == (2, 1, 0, False)
    after = target.read_text(encoding="utf-8")
    kept = iter(after.splitlines())
    assert all(any(line == other for other in kept) for line in before.splitlines())  # every old line, in order
    assert load_file(target).facts[-2:] == load_file(proposal).facts
    assert "  - id: src-b\n" in after and "    source: src-b\n" in after
    load_data(data)  # the whole folder still loads


def test_accept_refuses_a_source_id_defined_differently_and_leaves_the_file_untouched(tmp_path: Path) -> None:
    data = _data(tmp_path, BASE_FACTS)
    target = data / "facts" / "base.yaml"
    before = target.read_bytes()
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(PROPOSAL.replace("id: src-b", "id: src-a"), encoding="utf-8")
    code, out, err = _run("accept", proposal, "--data", data, "--into", target)
    assert code == 1 and out == ""
    assert err == (f"Error: {proposal}, line 2, field 'id': source 'src-a' is already defined differently in {target}, "
                   "line 2; give it another id or make the blocks identical\n")
    assert target.read_bytes() == before
    assert sorted(p.name for p in (data / "facts").iterdir()) == ["base.yaml"]


def test_accept_refuses_an_invalid_proposal_with_the_loaders_error(tmp_path: Path) -> None:
    data = _data(tmp_path, BASE_FACTS)
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(PROPOSAL.replace("parties: [RUS, BFA]", "parties: [RUS, Burkina Fasso]"), encoding="utf-8")
    with pytest.raises(FactFileError) as caught:
        accept(proposal, data)
    assert (caught.value.path, caught.value.line, caught.value.field) == (str(proposal), 16, "parties")
    assert not (data / "facts" / "src-b.yaml").exists()


def test_accept_refuses_a_target_it_cannot_append_to_without_touching_it(tmp_path: Path) -> None:
    data = _data(tmp_path, BASE_FACTS)
    inline = data / "facts" / "inline.yaml"
    inline.write_text("source: {id: src-z, publisher: Z}\nfacts: [{type: agreement, id: rus-mli-x, parties: [RUS, MLI],"
                      " kind: other}]\n", encoding="utf-8")
    before = inline.read_bytes()
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(PROPOSAL, encoding="utf-8")
    with pytest.raises(KgError, match="field 'facts': kg accept appends to a block list"):
        accept(proposal, data, inline)
    assert inline.read_bytes() == before
    with pytest.raises(KgError, match="writes YAML fact files"):
        accept(proposal, data, data / "facts" / "x.json")


def test_accept_default_target_is_named_after_the_source(tmp_path: Path) -> None:
    data = _data(tmp_path, BASE_FACTS)
    proposal = tmp_path / "proposal.yaml"
    proposal.write_text(PROPOSAL, encoding="utf-8")
    report = accept(proposal, data)
    assert report.target == data / "facts" / "src-b.yaml" and report.created
    text = report.target.read_text(encoding="utf-8")
    assert text.startswith("# Facts accepted with 'kg accept' from proposal.yaml")
    assert "\nsource:\n  id: src-b\n" in text
    assert load_file(report.target).facts == load_file(proposal).facts
