"""The date rule (docs/dates.md): a year or a month stands for its whole period, in Python, SPARQL, as-of views and the page."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kg.build import build
from kg.cli import main
from kg.facts import PartialDate, date_reached
from kg.projections import cooperation_graph, load_snapshot, parse_as_of, tie_state
from kg.query import prepare, run_query
from kg.render import render
from kg.stats import compute_stats, format_stats
from tests.conftest import write

AES_FOUNDERS = {"MLI", "BFA", "NER"}  # data/facts/sahel-alliance.yaml: members from 2023-09-16


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def members(built: Path, organisation: str, date: str | None = None) -> set[str]:
    params = {"organisation": organisation} | ({"date": date} if date else {})
    result = run_query(built / "store", "members", params)
    return {row[0].value for row in result.rows}


# -- the rule itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2023", "2023-01-01", "2023-12-31"),
    ("2023-09", "2023-09-01", "2023-09-30"),
    ("2024-02", "2024-02-01", "2024-02-29"),   # leap year
    ("2023-02", "2023-02-01", "2023-02-28"),
    ("1900-02", "1900-02-01", "1900-02-28"),   # a century is not a leap year...
    ("2000-02", "2000-02-01", "2000-02-29"),   # ...unless divisible by 400
    ("2025-12", "2025-12-01", "2025-12-31"),
    ("2025-04", "2025-04-01", "2025-04-30"),
    ("2023-09-16", "2023-09-16", "2023-09-16"),
])
def test_a_partial_date_is_the_interval_of_its_period(text: str, first: str, last: str) -> None:
    date = PartialDate.parse(text)
    assert (date.first_day().isoformat(), date.last_day().isoformat()) == (first, last)


@pytest.mark.parametrize(("fact", "moment", "reached"), [
    ("2023-09", "2023-09", True),          # joined in September, asked about September: a member
    ("2023-09", "2023-09-01", True),
    ("2023-09", "2023-08-31", False),
    ("2023", "2023-01-01", True),
    ("2023", "2022", False),
    ("2023-09-16", "2023-09-15", False),
    ("2023-09-16", "2023-09", True),       # asked about the month: its last day
    ("2023-09-16", "2023", True),
    ("2024-02-29", "2024-02", True),
])
def test_a_date_has_come_once_its_period_has_begun_by_the_moments_last_day(fact: str, moment: str, reached: bool) -> None:
    assert PartialDate.parse(fact).reached_by(PartialDate.parse(moment)) is reached
    assert date_reached(fact, moment) is reached


dates = st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9999, 12, 31))
partial = st.builds(lambda d, p: PartialDate(d.year, d.month if p > 0 else None, d.day if p > 1 else None),
                    dates, st.integers(0, 2))


@given(partial)
def test_every_date_has_come_by_itself_and_spans_its_period(date: PartialDate) -> None:
    assert date.first_day() <= date.last_day() and date.reached_by(date)
    assert date.first_day().isoformat().startswith(date.isoformat())
    assert date.last_day().isoformat().startswith(date.isoformat())


@given(partial, partial)
def test_text_order_of_stored_dates_is_the_order_of_their_first_days(a: PartialDate, b: PartialDate) -> None:
    if a.isoformat() <= b.isoformat():
        assert a.first_day() <= b.first_day()


def test_sparql_first_day_expression_mirrors_python() -> None:
    """members.rq reads a stored date through SUBSTR(CONCAT(STR(?d), "-01-01"), 1, 10)."""
    texts = ["1963", "2023-09", "2024-02-29", "2025-12"]
    values = " ".join(f'"{t}"' for t in texts)
    query = f'SELECT ?d ?first WHERE {{ VALUES ?d {{ {values} }} BIND(SUBSTR(CONCAT(STR(?d), "-01-01"), 1, 10) AS ?first) }}'
    found = {row["d"].value: row["first"].value for row in ox.Store().query(query)}
    assert found == {t: PartialDate.parse(t).first_day().isoformat() for t in texts}


def test_page_script_states_the_same_rule() -> None:
    """graph.js's firstDay() is the same expression, and the slider's year means its last day."""
    script = (Path(__file__).resolve().parent.parent / "kg" / "templates" / "graph.js").read_text(encoding="utf-8")
    assert 'function firstDay(date) { return (String(date) + "-01-01").slice(0, 10); }' in script
    assert 'function reached(date, day) { return firstDay(date) <= day; }' in script
    assert '+ "-12-31"' in script


# -- the named query ---------------------------------------------------------------------------


def test_aes_members_at_a_year_a_month_or_a_day(built: Path) -> None:
    found = {date: members(built, "AES", date) for date in
             ("2022", "2023-08", "2023-09-15", "2023", "2023-09", "2023-09-16", "2023-09-30", "2024")}
    assert found == {"2022": set(), "2023-08": set(), "2023-09-15": set(),  # before the 2023-09-16 charter
                     "2023": AES_FOUNDERS, "2023-09": AES_FOUNDERS, "2023-09-16": AES_FOUNDERS,
                     "2023-09-30": AES_FOUNDERS, "2024": AES_FOUNDERS}


def test_a_left_membership_ends_with_the_first_day_of_its_period(built: Path) -> None:
    assert AES_FOUNDERS <= members(built, "ECOWAS", "2025-01-28")
    assert not AES_FOUNDERS & members(built, "ECOWAS", "2025-01")  # left 2025-01-29: January has begun
    assert AES_FOUNDERS <= members(built, "ECOWAS", "2024")


def test_cli_members_at_a_year(built: Path) -> None:
    result = run("query", "members", "--store", built / "store", "--param", "organisation=AES", "--param", "date=2023",
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    assert {line.split(",")[0] for line in result.output.splitlines()[1:]} == AES_FOUNDERS


def test_date_parameter_binds_the_last_day_as_an_xsd_date() -> None:
    text, _ = prepare("members", {"organisation": "AES", "date": "2024-02"})
    assert '"2024-02-29"^^<http://www.w3.org/2001/XMLSchema#date>' in text


# -- as-of views -------------------------------------------------------------------------------


def test_as_of_a_year_month_or_day_uses_the_rule(built: Path) -> None:
    for as_of, member in [("2023", True), ("2023-09", True), ("2023-09-16", True), ("2023-09-15", False), ("2023-08", False)]:
        graph = cooperation_graph(load_snapshot(built / "store", parse_as_of(as_of)))
        assert all(graph.has_edge(m, "AES") == member for m in AES_FOUNDERS), as_of
    # The library reads a partial as-of date by the same rule, without parse_as_of.
    ties = load_snapshot(built / "store", "2023-09").tie_index()
    assert "membership/MLI-AES" in ties and "agreement/aes-liptako-gourma-charter-2023" in ties


def test_ties_with_no_start_stay_in_an_as_of_view_marked_undated(built: Path) -> None:
    snapshot = load_snapshot(built / "store", parse_as_of("2020"))
    ties = snapshot.tie_index()
    # Mali, Burkina Faso and Niger were ECOWAS members in 2020; the data gives only the 2025 exit.
    for member in AES_FOUNDERS:
        assert ties[f"membership/{member}-ECOWAS"].undated
    assert ties["agreement/usa-tgo-state-partnership-program"].undated
    assert not ties["agreement/fra-tgo-defence-1963"].undated
    assert "no-start" not in snapshot.left_out
    graph = cooperation_graph(snapshot)
    assert graph.edges["MLI", "ECOWAS"]["undated"] == 1 and graph.edges["TGO", "FRA"]["undated"] == 0
    assert "4 ties with no known start date are shown as undated" in (snapshot.note_for(deployments=False) or "")
    assert "8 ties with no known start date" in (snapshot.note or "")  # with the 4 deployments


def test_undated_ties_that_have_ended_are_left_out_as_ended(built: Path) -> None:
    before, after = load_snapshot(built / "store", "2022-08-14"), load_snapshot(built / "store", "2025-01")
    assert "deployment/FRA-MLI-operation-barkhane-troops" in before.tie_index()  # no start, ended 2022-08-15
    assert "deployment/FRA-MLI-operation-barkhane-troops" not in after.tie_index()
    assert "membership/MLI-ECOWAS" not in after.tie_index()  # left 2025-01-29, asked about January 2025
    assert after.left_out["ended"] == 6


@pytest.fixture(scope="module")
def partial_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data set written for these tests: facts dated to the month or year, or not at all."""
    root = tmp_path_factory.mktemp("partial")
    write(root / "data" / "facts" / "f.yaml", """
source:
  id: test-partial-dates
  publisher: Test
facts:
  - type: agreement
    id: rus-tgo-month
    parties: [RUS, TGO]
    kind: military-cooperation
    events:
      - {type: signed, date: 2023-09}
      - {type: ratified, date: 2024}
  - type: agreement
    id: fra-civ-ended-only
    parties: [FRA, CIV]
    kind: defence-partnership
    events:
      - {type: ended, date: 2020-06}
  - type: membership
    member: MLI
    organisation: ECOWAS
    end: 2025-01
  - type: membership
    member: NER
    organisation: AES
""")
    build(root / "data", root / "out")
    return root / "out" / "store"


def test_an_agreement_known_only_by_its_end_is_undated_until_it_ends(partial_store: Path) -> None:
    tie = load_snapshot(partial_store, "2019").tie_index()["agreement/fra-civ-ended-only"]
    assert tie.start is None and tie.undated and tie.end == "2020-06"
    assert tie_state(tie, "2020-05-31") == "undated" and tie_state(tie, "2020-06-01") == "ended"
    assert "agreement/fra-civ-ended-only" not in load_snapshot(partial_store, "2020-06").tie_index()


def test_month_and_year_dates_and_undated_ties_of_a_test_set(partial_store: Path) -> None:
    assert "agreement/rus-tgo-month" not in load_snapshot(partial_store, "2023-08-31").tie_index()
    tie = load_snapshot(partial_store, "2023-09-01").tie_index()["agreement/rus-tgo-month"]
    assert [e.type for e in tie.events] == ["signed"]  # the 2024 ratification has not come yet
    tie = load_snapshot(partial_store, "2024-01-01").tie_index()["agreement/rus-tgo-month"]
    assert [e.type for e in tie.events] == ["signed", "ratified"]  # 2024 has begun
    snapshot = load_snapshot(partial_store, "2025-01-15")
    ties = snapshot.tie_index()
    assert ties["membership/NER-AES"].undated  # no date at all: kept at any date
    assert "membership/MLI-ECOWAS" not in ties and snapshot.left_out == {"ended": 2}  # left 2025-01: begun


# -- stats, render -----------------------------------------------------------------------------


def test_stats_count_and_list_the_undated_ties(built: Path) -> None:
    report = compute_stats(built / "store", as_of=parse_as_of("2020"))
    assert report.undated == ["agreement/usa-tgo-state-partnership-program", "membership/BFA-ECOWAS",
                              "membership/MLI-ECOWAS", "membership/NER-ECOWAS"]
    assert json.loads(format_stats(report, "json"))["undated"] == report.undated
    table = format_stats(report)
    assert "Undated ties (no known start date; kept until they end): 4" in table
    assert "shown as undated" in table
    balance = {b.id: b for b in report.balance}
    assert balance["MLI"].blocs.get("regional") == ["ECOWAS"]  # Mali's 2020 ECOWAS membership counts
    with_deployments = compute_stats(built / "store", as_of=parse_as_of("2020"), deployments=True)
    assert "deployment/FRA-MLI-operation-barkhane-troops" in with_deployments.undated
    assert "8 ties with no known start date" in (with_deployments.note or "")


def test_timeline_year_rows_follow_the_rule(partial_store: Path) -> None:
    report = compute_stats(partial_store, timeline=True)
    years = {row.year: row for row in report.timeline or []}
    assert years[2023].ties == 1 and years[2023].new_agreements == 1  # signed 2023-09: in force at the end of 2023
    assert report.timeline_no_start == 3


def page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    raw = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.DOTALL).group(1)
    return json.loads(raw)


def test_the_page_marks_undated_ties_and_says_so(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "2020.html"
    render(built / "store", out, as_of="2020-12-31")
    data = page_data(out)
    assert data["ties"]["membership/MLI-ECOWAS"]["undated"] is True
    assert data["ties"]["agreement/fra-tgo-defence-1963"]["undated"] is False
    assert {"ECOWAS", "USA"} <= {n["id"] for n in data["nodes"]}
    assert "4 ties with no known start date are shown as undated" in data["meta"]["note"]
