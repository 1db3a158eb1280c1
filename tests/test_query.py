"""kg query: named queries answer with the reference facts; parameters are bound safely."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.query import bind_parameters, format_result, named_queries, run_query

REQUIRED = {"partners", "agreements-by-year", "domain", "conflicts", "source", "members", "multi-aligned", "timeline"}


def rows(built: Path, name: str, **params: str) -> list[dict[str, str]]:
    text = format_result(run_query(built / "store", name, params), "csv")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_required_named_query_is_shipped_with_a_description() -> None:
    queries = named_queries()
    assert REQUIRED <= set(queries)
    assert all(q.description for q in queries.values())


def test_russia_partners_with_reference_dates(built: Path) -> None:
    found = rows(built, "partners", country="RUS")
    first_signed = {}
    for row in found:
        first_signed.setdefault(row["partner"], set()).add(row["firstSigned"])
    for code in ("TGO", "CMR", "STP", "CAF", "MLI", "BFA", "NER"):
        assert code in first_signed, code
    assert "2025-03-27" in first_signed["TGO"]
    assert "2022-04-12" in first_signed["CMR"]
    assert "2024-04-24" in first_signed["STP"]
    assert "2018-08-21" in first_signed["CAF"] and "2018-08-21" in first_signed["BFA"]
    assert "2019-06-25" in first_signed["MLI"]
    assert {"2017", "2023-12-04"} <= first_signed["NER"]


def test_togo_partners_include_russia_and_france(built: Path) -> None:
    partners = {row["partner"] for row in rows(built, "partners", country="TGO")}
    assert {"RUS", "FRA"} <= partners


def test_partners_accepts_a_french_name(built: Path) -> None:
    assert rows(built, "partners", country="Togo") == rows(built, "partners", country="TGO")


def test_conflicting_ratification_dates_are_both_reported(built: Path) -> None:
    conflicts = rows(built, "conflicts")
    togo = [r for r in conflicts if r["subject"] == "agreement/rus-tgo-military-cooperation-2025"]
    assert [(r["claim"], r["value1"], r["value2"]) for r in togo] == [("date", "2025-10-15", "2025-11-15")]
    assert togo[0]["source1"] != togo[0]["source2"]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("partners", {"country": "RUS"}),
        ("partners", {"country": "TGO"}),
        ("agreements-by-year", {}),
        ("domain", {"domain": "training"}),
        ("conflicts", {}),
        ("source", {"source": "seed-togo-russia-ratification-2025"}),
        ("members", {"organisation": "AES"}),
        ("members", {"organisation": "ECOWAS", "date": "2024-12-31"}),
        ("multi-aligned", {}),
        ("timeline", {"agreement": "rus-tgo-military-cooperation-2025"}),
    ],
)
def test_named_query_golden_answers(built: Path, golden, name: str, params: dict[str, str]) -> None:
    text = format_result(run_query(built / "store", name, params), "csv")
    suffix = "".join(f"-{k}={v}" for k, v in sorted(params.items()))
    golden(f"{name}{suffix}.csv", text)


def test_membership_changes_with_the_date(built: Path) -> None:
    before = {r["member"] for r in rows(built, "members", organisation="ECOWAS", date="2024-12-31")}
    after = {r["member"] for r in rows(built, "members", organisation="ECOWAS", date="2025-06-01")}
    assert {"MLI", "BFA", "NER"} <= before
    assert not {"MLI", "BFA", "NER"} & after


def test_parameter_values_cannot_change_the_query(built: Path) -> None:
    hostile = 'x" } UNION { ?s ?p ?o } #'
    result = run_query(built / "store", 'SELECT ?o WHERE { ?s ?p ?o FILTER(?o = ?v) }', {"v": hostile})
    assert result.rows == []


def test_binding_replaces_variables_but_not_strings_or_iris() -> None:
    import pyoxigraph as ox

    text = 'SELECT ?v WHERE { ?s <http://x/?v> "?v" . FILTER(?v = $v) } # ?v'
    bound = bind_parameters(text, {"v": ox.Literal("a\"b")})
    assert bound == 'SELECT ("a\\"b" AS ?v) WHERE { ?s <http://x/?v> "?v" . FILTER("a\\"b" = "a\\"b") } # ?v'


def test_unknown_named_query_lists_the_known_ones(built: Path) -> None:
    with pytest.raises(QueryError, match="unknown named query 'partner'.*partners"):
        run_query(built / "store", "partner")


def test_missing_parameter_says_which(built: Path) -> None:
    with pytest.raises(QueryError, match="needs --param country="):
        run_query(built / "store", "partners")


def test_unknown_parameter_is_refused(built: Path) -> None:
    with pytest.raises(QueryError, match="no parameter 'state'"):
        run_query(built / "store", "partners", {"state": "RUS"})


def test_invalid_sparql_reports_the_position(built: Path) -> None:
    with pytest.raises(QueryError, match=r"invalid SPARQL: error at 1:\d+"):
        run_query(built / "store", "SELECT ?x WHERE { ?x ?y }")


def test_json_format_is_w3c_sparql_results(built: Path) -> None:
    doc = json.loads(format_result(run_query(built / "store", "partners", {"country": "TGO"}), "json"))
    assert doc["head"]["vars"][0] == "partner"
    assert {b["partner"]["value"] for b in doc["results"]["bindings"]} >= {"RUS", "FRA"}
    assert doc["results"]["bindings"][0]["partner"]["type"] == "literal"


def test_ask_and_construct_queries(built: Path) -> None:
    assert format_result(run_query(built / "store", "ASK { ?a a dcoop:Agreement }"), "table") == "true\n"
    ttl = format_result(run_query(built / "store", "CONSTRUCT { ?a a dcoop:Agreement } WHERE { ?a a dcoop:Agreement }"), "table")
    assert "dcoop:Agreement" in ttl
