"""kg query conflicts: every kind of disagreement between sources, each claim kept with its source."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, SKOS

from kg.build import build
from kg.errors import FactFileError
from kg.loaders import load_data
from kg.query import format_result, run_query
from kg.vocab import DCOOP, EVENT

from .conftest import write

ONTOLOGY_FILE = Path(__file__).resolve().parent.parent / "ontologies" / "defcoop.ttl"

SOURCES = """\
sources:
  - {id: wire-a, publisher: Wire A, published: 2025-06-01}
  - {id: wire-b, publisher: Wire B, published: 2025-06-02}
facts:
"""


def agreement(source: str, events: str = "", *, kind: str = "military-cooperation", parties: str = "RUS, TGO",
              agreement_id: str = "rus-tgo-test") -> str:
    """One agreement fact of the test data, as YAML lines under 'facts:'."""
    text = f"  - {{type: agreement, id: {agreement_id}, source: {source}, parties: [{parties}], kind: {kind}"
    return text + (f", events: [{events}]}}\n" if events else "}\n")


def conflicts(tmp_path: Path, facts: str) -> list[dict[str, str]]:
    """Build a data folder holding these facts and return the rows of 'kg query conflicts'."""
    write(tmp_path / "data" / "facts" / "test.yaml", SOURCES + facts)
    build(tmp_path / "data", tmp_path / "out")
    text = format_result(run_query(tmp_path / "out" / "store", "conflicts"), "csv")
    return list(csv.DictReader(io.StringIO(text)))


def row(claim: str, value1: str, source1: str, value2: str, source2: str, *, event: str = "", by: str = "",
        subject: str = "agreement/rus-tgo-test") -> dict[str, str]:
    """A conflicts row as the query writes it; the test sources are Wire A and Wire B."""
    publishers = {"wire-a": "Wire A", "wire-b": "Wire B"}
    return {"subject": subject, "claim": claim, "event": event, "by": by,
            "value1": value1, "source1": source1, "publisher1": publishers[source1],
            "value2": value2, "source2": source2, "publisher2": publishers[source2]}


def test_two_dates_for_one_event(tmp_path: Path) -> None:
    found = conflicts(tmp_path, agreement("wire-a", "{type: ratified, date: 2025-10-15, by: RUS-PRESIDENT}")
                      + agreement("wire-b", "{type: ratified, date: 2025-11-15, by: RUS-PRESIDENT}"))
    assert found == [row("date", "2025-10-15", "wire-a", "2025-11-15", "wire-b", event="ratified", by="RUS-PRESIDENT")]


def test_two_places_for_one_event_are_reported_and_kept_apart(tmp_path: Path) -> None:
    found = conflicts(tmp_path, agreement("wire-a", "{type: signed, date: 2025-03-27, place: Moscow}")
                      + agreement("wire-b", "{type: signed, date: 2025-03-27, place: Lomé}"))
    assert found == [row("place", "Lomé", "wire-b", "Moscow", "wire-a", event="signed")]
    said = run_query(tmp_path / "out" / "store", """
        SELECT ?g ?place WHERE { GRAPH ?g { ?e dcoop:place ?place } } ORDER BY ?g""")
    assert [(g.value.rsplit("/", 1)[-1], p.value) for g, p in said.rows] == [("wire-a", "Moscow"), ("wire-b", "Lomé")]
    timeline = run_query(tmp_path / "out" / "store", "timeline", {"agreement": "rus-tgo-test"})
    places = timeline.variables.index("place"), timeline.variables.index("sources")
    assert sorted((r[places[0]].value, r[places[1]].value) for r in timeline.rows) == [("Lomé", "wire-b"), ("Moscow", "wire-a")]


def test_a_place_given_with_a_year_disagrees_with_one_given_with_a_day_in_it(tmp_path: Path) -> None:
    found = conflicts(tmp_path, agreement("wire-a", "{type: signed, date: 2025, place: Moscow}")
                      + agreement("wire-b", "{type: signed, date: 2025-03-27, place: Lomé}"))
    assert found == [row("place", "Lomé", "wire-b", "Moscow", "wire-a", event="signed")]


def test_two_kinds_for_one_agreement_are_both_kept(tmp_path: Path) -> None:
    found = conflicts(tmp_path, agreement("wire-a") + agreement("wire-b", kind="basing"))
    assert found == [row("kind", "basing", "wire-b", "military-cooperation", "wire-a")]
    kinds = run_query(tmp_path / "out" / "store", """
        SELECT ?g ?k WHERE { GRAPH ?g { ?a dcoop:agreementKind ?k } } ORDER BY ?g""")
    assert [(g.value.rsplit("/", 1)[-1], k.value.rsplit("/", 1)[-1]) for g, k in kinds.rows] == [
        ("wire-a", "military-cooperation"), ("wire-b", "basing")]


def test_two_party_sets_for_one_agreement_are_both_kept(tmp_path: Path) -> None:
    found = conflicts(tmp_path, agreement("wire-a") + agreement("wire-b", parties="Togo, Benin, Russia"))
    assert found == [row("parties", "BEN;RUS;TGO", "wire-b", "RUS;TGO", "wire-a")]


def test_a_step_one_source_reports_and_another_denies(tmp_path: Path) -> None:
    found = conflicts(tmp_path, agreement("wire-a", "{type: signed, date: 2025-03-02}")
                      + agreement("wire-b", "{type: denied, date: 2025-03-10, by: TGO}"))
    assert found == [row("denied", "signed 2025-03-02", "wire-a", "denied 2025-03-10 by TGO", "wire-b")]


def test_a_denial_dated_before_the_step_contradicts_nothing(tmp_path: Path) -> None:
    found = conflicts(tmp_path, agreement("wire-a", "{type: signed, date: 2025-03-02}")
                      + agreement("wire-b", "{type: denied, date: 2024-12}, {type: denied, date: 2025-04}"))
    assert found == [row("denied", "signed 2025-03-02", "wire-a", "denied 2025-04", "wire-b")]


def test_in_force_before_approval_is_out_of_order_across_sources(tmp_path: Path) -> None:
    found = conflicts(tmp_path, agreement("wire-a", "{type: in-force, date: 2025-05-05}")
                      + agreement("wire-b", "{type: approved, date: 2025-11-20, by: RUS-FEDERATION-COUNCIL}"))
    assert found == [row("order", "in-force 2025-05-05", "wire-a",
                         "approved 2025-11-20 by RUS-FEDERATION-COUNCIL", "wire-b")]


def test_ratified_before_signed_is_out_of_order_within_one_source(tmp_path: Path) -> None:
    found = conflicts(tmp_path, agreement("wire-a", "{type: signed, date: 2025-04-03}, {type: ratified, date: 2025-03}"))
    assert found == [row("order", "ratified 2025-03", "wire-a", "signed 2025-04-03", "wire-a")]


def test_agreeing_claims_give_no_row(tmp_path: Path) -> None:
    # a year and a day within it; one place in two cases; approval and ratification in either
    # order; a month of entry into force holding the day of ratification; a second signing one
    # source reports and the other does not. Only the kinds, as a control, disagree.
    found = conflicts(
        tmp_path,
        agreement("wire-a", "{type: signed, date: 2025, place: Lomé}, {type: ratified, date: 2025-10-07, by: RUS-STATE-DUMA}, "
                  "{type: in-force, date: 2025-10}")
        + agreement("wire-b", "{type: signed, date: 2025-03-27, place: lomé}, {type: signed, date: 2025-04-03, place: Moscow}, "
                    "{type: approved, date: 2025-10-08, by: RUS-FEDERATION-COUNCIL}", kind="basing"))
    assert found == [row("kind", "basing", "wire-b", "military-cooperation", "wire-a")]


def test_one_source_giving_an_agreement_two_kinds_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", SOURCES + agreement("wire-a"))
    write(tmp_path / "b.yaml", "facts:\n" + agreement("wire-a", kind="basing"))
    with pytest.raises(FactFileError) as info:
        load_data(tmp_path)
    assert info.value.path.endswith("b.yaml") and info.value.field == "kind"
    assert "both from source 'wire-a'" in str(info.value)


def test_shipped_data_conflicts(built: Path) -> None:
    text = format_result(run_query(built / "store", "conflicts"), "csv")
    found = [(r["subject"], r["claim"], r["event"], r["by"], r["value1"], r["source1"], r["value2"], r["source2"])
             for r in csv.DictReader(io.StringIO(text))]
    assert found == [
        ("agreement/rus-stp-military-cooperation-2024", "order", "", "", "in-force 2024-05-05", "rt-597136",
         "approved 2024-11-20 by RUS-FEDERATION-COUNCIL", "jobinruregion-2024-11-20"),
        ("agreement/rus-stp-military-cooperation-2024", "order", "", "", "in-force 2024-05-05", "rt-597136",
         "approved 2025-04-03 by STP-COUNCIL-OF-MINISTERS", "africa-confidential-15461"),
        ("agreement/rus-tgo-military-cooperation-2025", "date", "ratified", "RUS-PRESIDENT", "2025-10-15", "rbc-68efdb2b",
         "2025-11-15", "vedomosti-1156427"),
    ]


def test_life_cycle_stages_follow_the_life_cycle_order() -> None:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    ranked = []
    for concept in ontology.subjects(SKOS.inScheme, DCOOP.EventTypes):
        stage = ontology.value(concept, DCOOP.lifeCycleStage)
        if stage is not None:
            ranked.append((ontology.value(concept, DCOOP.lifeCycleOrder).toPython(), stage.toPython(), concept))
    assert {c for _, _, c in ranked} == {EVENT[c] for c in ("negotiated", "signed", "approved", "ratified", "in-force", "suspended", "ended")}
    stages = [stage for _, stage, _ in sorted(ranked)]
    assert stages == sorted(stages) and stages[0] == 1
    assert ontology.value(EVENT.approved, DCOOP.lifeCycleStage) == ontology.value(EVENT.ratified, DCOOP.lifeCycleStage)
    assert (DCOOP.lifeCycleStage, RDF.type, OWL.AnnotationProperty) in ontology


def test_partners_and_domain_give_one_row_naming_every_kind_sources_give(tmp_path: Path) -> None:
    conflicts(tmp_path, agreement("wire-a") + agreement("wire-b", kind="basing"))
    store = tmp_path / "out" / "store"
    partners = run_query(store, "partners", {"country": "TGO"})
    assert [(r[0].value, r[3].value) for r in partners.rows] == [("RUS", "basing;military-cooperation")]  # type: ignore[union-attr]
    every = run_query(store, "SELECT ?a (GROUP_CONCAT(?k) AS ?ks) WHERE { ?a dcoop:agreementKind ?k } GROUP BY ?a")
    assert len(every.rows) == 1
