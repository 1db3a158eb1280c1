"""kg stats on the shipped data: the figures an analyst reads, in a table and in the documented JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.stats import compute_stats, format_stats

RUSSIA_PARTNER_STATES = {"TGO", "CMR", "STP", "CAF", "MLI", "BFA", "NER"}


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def stats_json(built: Path, *args: object) -> dict:
    result = run("stats", "--store", built / "store", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_russia_ego_network_holds_the_seven_partner_states(built: Path) -> None:
    focus = stats_json(built, "--focus", "RUS")["focus"]
    partners = {p["id"]: p for p in focus["partners"]}
    assert {p for p, row in partners.items() if row["relations"] == ["agreement"]} >= RUSSIA_PARTNER_STATES
    assert RUSSIA_PARTNER_STATES <= set(partners) and "AES" in partners
    assert partners["CMR"]["first"] == "2015" and partners["CMR"]["last"] == "2022-04-12"
    assert partners["TGO"]["kinds"] == ["military-cooperation"]
    assert "medical-assistance" in partners["TGO"]["domains"]


def test_togo_balance_counts_russia_and_france(built: Path) -> None:
    balance = {row["id"]: row for row in stats_json(built)["balance"]}
    togo = balance["TGO"]
    assert "RUS" in togo["blocs"]["russia-led"] and "FRA" in togo["blocs"]["western"]
    assert togo["balance"] == 2
    # Deployments count as ties: Mali had French troops, Wagner and Africa Corps, and is in the AES.
    assert balance["MLI"]["blocs"] == {"russia-led": ["AFRICA-CORPS", "RUS", "WAGNER"], "western": ["FRA"],
                                       "regional": ["AES", "ECOWAS"]}


def test_as_of_2020_excludes_the_2022_to_2025_agreements(built: Path) -> None:
    report = stats_json(built, "--as-of", "2020-01-01", "--focus", "RUS")
    years = [row["year"] for row in report["agreements_per_year"]]
    assert years[-1] is None and all(y <= 2019 for y in years[:-1])  # None: the undated US–Togo programme
    assert {p["id"] for p in report["focus"]["partners"]} == {"CMR", "NER", "CAF", "BFA", "MLI"}
    assert report["as_of"] == "2020-01-01" and "no known start date" in report["note"]
    assert "TGO" not in {row["id"] for row in report["balance"] if row["blocs"].get("russia-led")}


def test_json_has_the_documented_shape(built: Path) -> None:
    report = stats_json(built, "--focus", "TGO", "--timeline")
    assert list(report) == ["as_of", "deployments", "note", "left_out", "undated", "counts", "agreements_per_year",
                            "graph", "actors", "balance", "focus", "timeline"]
    assert report["counts"]["by_class"]["dcoop:Agreement"] == 15
    assert {"source", "publisher", "issued", "facts", "triples"} == set(report["counts"]["by_source"][0])
    assert {"actors", "ties", "density", "components", "communities", "bridges", "articulation_points",
            "betweenness_sample", "eigenvector_converged"} == set(report["graph"])
    assert {"id", "label", "kind", "blocs", "degree", "weighted_degree", "betweenness", "eigenvector",
            "community"} == set(report["actors"][0])
    assert report["actors"][0]["id"] == "RUS"  # most ties first
    assert set(report["timeline"]) == {"years", "no_start"}


def test_centralities_communities_and_cut_points(built: Path) -> None:
    graph = stats_json(built)["graph"]
    assert graph["actors"] == 12 and graph["components"] == 1
    assert graph["articulation_points"] == ["RUS", "TGO"]
    assert ["RUS", "TGO"] in graph["bridges"]
    communities = [set(c) for c in graph["communities"]]
    assert {"MLI", "BFA", "NER", "AES"} <= next(c for c in communities if "MLI" in c)
    assert next(c for c in communities if "FRA" in c) >= {"TGO", "USA"}


def test_same_store_gives_the_same_report(built: Path) -> None:
    first = run("stats", "--store", built / "store", "--format", "json", "--timeline", "--deployments").output
    second = run("stats", "--store", built / "store", "--format", "json", "--timeline", "--deployments").output
    assert first == second


def test_timeline_shows_partners_gained_each_year(built: Path) -> None:
    years = {row["year"]: row for row in stats_json(built, "--focus", "RUS", "--timeline")["timeline"]["years"]}
    assert years[2015]["gained"] == ["CMR"]
    assert years[2018]["gained"] == ["BFA", "CAF"]
    assert years[2025]["partners"] == 8 and set(years[2025]["gained"]) == {"AES", "TGO"}


def test_table_is_readable_in_80_columns(built: Path) -> None:
    result = run("stats", "--store", built / "store", "--focus", "RUS", "--timeline", "--deployments")
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    for heading in ("Counts by class", "Agreements per year", "Balance", "Focus: Russia (RUS), 8 partners", "Timeline"):
        assert heading in result.output
    assert "TGO    Togo                     2 russia-led: RUS; western: FRA,USA" in result.output


def test_unknown_focus_is_an_error_with_suggestions(built: Path) -> None:
    result = run("stats", "--store", built / "store", "--focus", "Rusia")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "did you mean" in result.output and "Russia (RUS)" in result.output


def test_as_of_before_any_data_is_a_report_of_undated_ties_with_a_note(built: Path) -> None:
    result = run("stats", "--store", built / "store", "--as-of", "1900-01-01", "--focus", "RUS", "--timeline")
    assert result.exit_code == 0, result.output
    assert "Nothing is dated on or before 1900-01-01" in result.output
    assert "Russia (RUS) has no tie as of 1900-01-01" in result.output
    report = stats_json(built, "--as-of", "1900")
    assert report["agreements_per_year"] == [{"year": None, "agreements": 1}]
    assert {a["id"] for a in report["actors"]} == {"TGO", "USA", "ECOWAS", "MLI", "BFA", "NER"}


def test_bad_date_and_missing_store_are_user_errors(tmp_path: Path, built: Path) -> None:
    result = run("stats", "--store", built / "store", "--as-of", "2020-02-30")
    assert result.exit_code == 1 and "Error: --as-of" in result.output
    result = run("stats", "--store", tmp_path / "nothing")
    assert result.exit_code == 1 and "kg build" in result.output


def test_library_rejects_an_unknown_format(built: Path) -> None:
    from kg.errors import KgError

    with pytest.raises(KgError, match="unknown format"):
        format_stats(compute_stats(built / "store"), "xml")
