"""Projections: the cooperation graph, the actor–agreement graph and as-of snapshots read the shipped facts right."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.gazetteer import UnknownActorError
from kg.projections import (
    AsOfError,
    FocusError,
    bipartite_graph,
    cooperation_graph,
    ego_graph,
    load_snapshot,
    parse_as_of,
    resolve_focus,
)

RUSSIA_PARTNER_STATES = {"TGO", "CMR", "STP", "CAF", "MLI", "BFA", "NER"}


@pytest.fixture(scope="module")
def snapshot(built: Path):
    return load_snapshot(built / "store")


def test_russia_is_bound_to_its_seven_partner_states_and_the_aes(snapshot) -> None:
    graph = cooperation_graph(snapshot)
    assert set(graph.neighbors("RUS")) == RUSSIA_PARTNER_STATES | {"AES"}
    assert {n for n in graph.neighbors("RUS") if graph.nodes[n]["kind"] == "state"} == RUSSIA_PARTNER_STATES


def test_an_edge_counts_agreements_and_carries_kinds_dates_and_sources(snapshot) -> None:
    edge = cooperation_graph(snapshot).edges["RUS", "CMR"]
    assert edge["weight"] == 2 and edge["agreements"] == 2
    assert edge["kinds"] == ["military-cooperation"]
    assert (edge["first"], edge["last"]) == ("2015", "2022-04-12")
    assert "theafricareport-196210" in edge["sources"]
    togo = cooperation_graph(snapshot).edges["RUS", "TGO"]
    assert {"training", "intelligence", "technical-assistance"} <= set(togo["domains"])
    assert togo["last"] == "2025-11-15"  # the later of the two conflicting ratification dates


def test_organisations_are_linked_to_their_members(snapshot) -> None:
    graph = cooperation_graph(snapshot)
    assert {"MLI", "BFA", "NER"} <= set(graph.neighbors("AES"))
    assert graph.edges["MLI", "AES"]["relations"] == ["membership"]
    assert graph.edges["MLI", "ECOWAS"]["last"] == "2025-01-29"


def test_deployments_join_the_graph_only_when_asked(snapshot) -> None:
    assert "WAGNER" not in cooperation_graph(snapshot)
    graph = cooperation_graph(snapshot, deployments=True)
    assert graph.has_edge("MLI", "WAGNER") and graph.has_edge("FRA", "MLI")
    assert graph.edges["MLI", "RUS"]["relations"] == ["agreement", "deployment"]


def test_as_of_keeps_what_was_signed_by_then(built: Path) -> None:
    snap = load_snapshot(built / "store", "2020-01-01")
    agreements = {t.id for t in snap.ties if t.relation == "agreement"}
    assert "agreement/rus-mli-military-cooperation-2019" in agreements
    assert "agreement/rus-ner-military-cooperation-2017" in agreements  # a year-only date counts
    assert not [a for a in agreements if a.endswith(("2022", "2023", "2024", "2025"))]
    assert "no-start" not in snap.left_out and "shown as undated" in (snap.note or "")
    graph = cooperation_graph(snap)
    assert "STP" not in graph and "TGO" in graph  # Togo through France (1963, 2009) and the undated US programme
    assert set(graph.neighbors("TGO")) == {"FRA", "USA"}
    assert graph.edges["TGO", "FRA"]["undated"] == 0 and graph.edges["TGO", "USA"]["undated"] == 1


def test_as_of_drops_later_events_and_ended_ties(built: Path) -> None:
    snap = load_snapshot(built / "store", "2025-05-01")
    togo = snap.tie_index()["agreement/rus-tgo-military-cooperation-2025"]
    assert {e.type for e in togo.events} == {"signed"}
    wagner = "deployment/RUS-MLI-WAGNER"
    assert wagner in load_snapshot(built / "store", "2025-01-01").tie_index()
    assert wagner not in load_snapshot(built / "store", "2025-06-30").tie_index()  # ended 2025-06-06


def test_as_of_before_any_data_keeps_only_undated_ties_with_a_note(built: Path) -> None:
    snap = load_snapshot(built / "store", "1900-01-01")
    assert snap.ties and all(t.undated for t in snap.ties)
    assert set(cooperation_graph(snap)) == {"TGO", "USA", "ECOWAS", "MLI", "BFA", "NER"}
    assert "earliest tie starts in 1963" in (snap.note or "") and "shown as undated" in (snap.note or "")


def test_bipartite_graph_links_actors_to_agreements(snapshot) -> None:
    graph = bipartite_graph(snapshot)
    charter = "agreement/aes-liptako-gourma-charter-2023"
    assert set(graph.neighbors(charter)) == {"MLI", "BFA", "NER"}
    assert graph.nodes[charter]["bipartite"] == 1 and graph.nodes["MLI"]["bipartite"] == 0
    assert not any(graph.has_edge(a, b) for a in ("MLI", "BFA") for b in ("NER", "RUS"))


def test_ego_graph_keeps_partners_and_ties_among_them(snapshot) -> None:
    ego = ego_graph(cooperation_graph(snapshot), "TGO")
    assert set(ego) == {"TGO", "RUS", "FRA", "USA"}
    assert ego_graph(cooperation_graph(snapshot), "RUS").has_edge("MLI", "NER")


@pytest.mark.parametrize(("text", "date"), [("2020", "2020-12-31"), ("2024-02", "2024-02-29"), ("2019-06-25", "2019-06-25")])
def test_as_of_reads_partial_dates_as_their_last_day(text: str, date: str) -> None:
    assert parse_as_of(text) == date


def test_as_of_rejects_a_non_date() -> None:
    with pytest.raises(AsOfError, match="not a date"):
        parse_as_of("last year")


def test_focus_resolves_names_and_refuses_strangers(snapshot) -> None:
    assert resolve_focus(snapshot, "Russie") == "RUS"
    with pytest.raises(UnknownActorError, match="did you mean"):
        resolve_focus(snapshot, "Rusia-Togo")
    with pytest.raises(FocusError, match="in no fact of this store"):
        resolve_focus(snapshot, "Japan")
