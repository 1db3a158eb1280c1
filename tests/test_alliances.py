"""ATOP and COW alliance data sets: real rows in, agreements with dated members, provisions and successions out."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import BUILD_FORMATS, main
from kg.errors import FactFileError
from kg.facts import AgreementFact, PartialDate
from kg.gazetteer import default_gazetteer
from kg.loaders import FORMATS, detect_format, load_data, load_file
from kg.loaders._alliances import CowStates
from kg.mapping import dataset_quads
from kg.store import create_store, select

from .conftest import SHARED

EXTERNAL = SHARED / "data-external"
ATOP_MEMBERS = EXTERNAL / "atop_v4.01" / "atop-member-level.csv"
ATOP_DYADS = EXTERNAL / "peacesciencer" / "atop_alliance_v5.1_dyad_year_africa_russia.csv"
COW_DYADS = EXTERNAL / "peacesciencer" / "cow_alliance_v4.1_dyad_year.csv"
COW_CODES = EXTERNAL / "cow" / "COW-country-codes.csv"

pytestmark = pytest.mark.skipif(not ATOP_MEMBERS.exists(), reason="needs shared/data-external (see its README)")


@pytest.fixture(scope="module")
def atop() -> dict[str, AgreementFact]:
    document = load_file(ATOP_MEMBERS)
    return {f.id: f for f in document.facts if isinstance(f, AgreementFact)}


@pytest.fixture(scope="module")
def cow() -> dict[str, AgreementFact]:
    document = load_file(COW_DYADS)
    return {f.id: f for f in document.facts if isinstance(f, AgreementFact)}


def _rows(path: Path, predicate) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if predicate(row)]


def test_files_are_told_by_their_header() -> None:
    assert detect_format(ATOP_MEMBERS) == "atop"
    assert detect_format(ATOP_DYADS) == "atop"
    assert detect_format(COW_DYADS) == "cow"
    assert detect_format(EXTERNAL / "peacesciencer" / "cow_states_v2016.csv") is None
    assert list(BUILD_FORMATS) == sorted(FORMATS)


def test_ussr_angola_1976_treaty(atop: dict[str, AgreementFact]) -> None:
    rows = _rows(ATOP_MEMBERS, lambda r: r["member"] == "540" and r["yrent"] == "1976")
    assert {r["atopid"] for r in rows} == {"3765"}  # the one alliance Angola entered in 1976
    fact = atop["atop-3765"]
    assert set(fact.parties) == {"SUN", "RUS", "AGO"}
    assert fact.obligations == ("non-aggression", "consultation")
    assert fact.events[0].type == "in-force" and fact.events[0].date == PartialDate(1976, 10, 8)
    spans = {(m.actor, m.start, m.end) for m in fact.members}
    # COW code 365 is one state across 1991: the USSR's spell ends with it, Russia's carries on
    assert spans == {("SUN", PartialDate(1976, 10, 8), PartialDate(1991)), ("RUS", PartialDate(1992), None),
                     ("AGO", PartialDate(1976, 10, 8), None)}
    assert fact.source == "atop-v4-01" and fact.kind == "other"


def test_a_member_with_an_exit_date_and_phases(atop: dict[str, AgreementFact]) -> None:
    # ATOP 4985: Angola's first phase (non-aggression) ends 2003-08-26, its second (defence added) starts then
    angola = [m for m in atop["atop-4985"].members if m.actor == "AGO"]
    assert [(m.start, m.end, m.provisions) for m in angola] == [
        (PartialDate(2001, 8, 14), PartialDate(2003, 8, 26), ("non-aggression",)),
        (PartialDate(2003, 8, 26), None, ("defence", "non-aggression", "consultation")),
    ]
    assert atop["atop-4985"].kind == "mutual-defence-pact"  # the alliance-level row gives defence


@pytest.mark.parametrize("abbreviation,actor", [("NIR", "NER"), ("CAO", "CMR"), ("BFO", "BFA"), ("CEN", "CAF"),
                                                ("GDR", "DDR"), ("ZAN", "ZAN"), ("TAZ", "TZA")])
def test_cow_abbreviations_resolve_through_their_codes(abbreviation: str, actor: str) -> None:
    codes = {r["StateAbb"]: int(r["CCode"]) for r in _rows(COW_CODES, lambda r: True)}
    assert CowStates(default_gazetteer()).actor(codes[abbreviation], 2000) == actor


def test_cow_codes_by_year() -> None:
    states = CowStates(default_gazetteer())
    assert [states.actor(365, y) for y in (1950, 1991, 1992)] == ["SUN", "SUN", "RUS"]
    assert [states.actor(345, y) for y in (1980, 1999, 2010)] == ["YUG", "SCG", "SRB"]
    assert states.actor(300, 1900) is None  # Austria-Hungary: not in the gazetteer


def test_cow_spell_rebuilt_from_directed_dyad_years(cow: dict[str, AgreementFact]) -> None:
    rows = _rows(COW_DYADS, lambda r: {r["ccode1"], r["ccode2"]} == {"365", "540"})
    years = sorted({int(r["year"]) for r in rows if r["cow_entente"] == "1"})
    assert years == list(range(1976, 1992)) and len(rows) == 2 * len(years)  # both directions, 1976-1991
    fact = cow["cow-ago-sun-entente-1976"]
    assert fact.parties == ("AGO", "SUN") and fact.obligations == ("entente",)
    assert [(e.type, e.date) for e in fact.events] == [("in-force", PartialDate(1976)), ("ended", PartialDate(1991))]
    assert not any(i.startswith("cow-ago-sun-") and i != fact.id for i in cow)  # one undirected agreement


def test_open_spell_reaches_the_end_of_the_data(cow: dict[str, AgreementFact]) -> None:
    # COW 2 (USA) - 20 (Canada) defence, every year from 1949 to the table's last year 2012: no end
    fact = cow["cow-can-usa-defence-1949"]
    assert [e.type for e in fact.events] == ["in-force"] and all(m.end is None for m in fact.members)


def test_atop_dyad_years_read_too() -> None:
    document = load_file(ATOP_DYADS)
    ids = {f.id for f in document.facts}
    assert "atop-dyad-ago-sun-consultation-1976" in ids and document.sources[0].id == "atop-v5-1-peacesciencer"


def test_ussr_russia_succession_by_sparql(tmp_path: Path, atop: dict[str, AgreementFact]) -> None:
    document = load_file(ATOP_MEMBERS)
    facts = [atop["atop-3765"]]
    store = create_store(tmp_path / "store", dataset_quads(document.sources, facts, default_gazetteer()))
    rows = list(select(store, """
        SELECT ?successor ?end ?from WHERE {
          <https://w3id.org/kg-defcoop/id/actor/SUN> dcoop:successor ?successor ; dcoop:endYear ?end .
          ?spell dcoop:memberOf <https://w3id.org/kg-defcoop/id/agreement/atop-3765> ; dcoop:member ?successor ;
                 dcoop:startDate ?from ; dcoop:obligation provision:non-aggression .
        }"""))
    assert [(r["successor"].value, r["end"].value, r["from"].value) for r in rows] == [
        ("https://w3id.org/kg-defcoop/id/actor/RUS", "1991", "1992")]


def test_same_input_same_quads() -> None:
    gazetteer = default_gazetteer()
    one, two = (load_file(ATOP_MEMBERS, gazetteer) for _ in range(2))
    assert list(dataset_quads(one.sources, one.facts, gazetteer)) == list(dataset_quads(two.sources, two.facts, gazetteer))


def test_the_real_file_skips_what_it_cannot_place() -> None:
    warnings = [str(w) for w in load_file(ATOP_MEMBERS).warnings]
    assert any("96 rows skipped: unknown COW state code" in w and "COW code 300" in w for w in warnings)


HEADER = "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit,defense,offense,neutral,nonagg,consul,version\n"


def _bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "atop-member-level.csv"
    path.write_bytes((HEADER
                      + "3765,365,1976,10,8,0,0,0,0,0,0,1,1,4.01\n"
                      + "3765,540,1976,10,8,0,0,0,0,0,0,1,1,4.01\n"
                      + "3765,540,1976,10\n"                       # line 4: truncated
                      + "3765,999,1976,10,8,0,0,0,0,0,0,1,1,4.01\n"  # line 5: unknown code
                      + "3765,540,1976,1x,8,0,0,0,0,0,0,1,1,4.01\n"  # line 6: not a number
                      ).encode() + b"3765,540,1976,10,8,0,0,0,0,0,0,1,1,4.01\xff\n"  # line 7: not UTF-8
                     + b"3765,540,1976,10,8,0,0,0,0,0,0,1,1,4.01,9\n")  # line 8: a cell too many
    return path


def test_bad_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    document = load_file(_bad_file(tmp_path))
    assert [f.id for f in document.facts] == ["atop-3765"]
    summary = [(w.line, w.message.split(" (")[0]) for w in document.warnings]
    assert summary == [(4, "2 rows skipped: wrong number of cells"), (5, "1 row skipped: unknown COW state code"),
                       (6, "1 row skipped: a cell that is not a whole number or a real date"),
                       (7, "1 row skipped: not UTF-8 text")]
    assert "lines 4, 8" in document.warnings[0].message


def test_strict_refuses_the_first_bad_row(tmp_path: Path) -> None:
    path = _bad_file(tmp_path)
    with pytest.raises(FactFileError) as caught:
        load_data(tmp_path, strict=True)
    assert caught.value.path == str(path) and caught.value.line == 4
    result = CliRunner().invoke(main, ["build", "--data", str(path), "--out", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 1 and result.output.startswith(f"Error: {path}, line 4: 2 rows skipped")


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(FactFileError, match="the file is empty"):
        load_file(path, fmt="cow")


def test_wrong_table_for_the_format_names_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("ccode1,ccode2,year\n2,20,1950\n", encoding="utf-8")
    with pytest.raises(FactFileError, match="the header lacks cow_defense, cow_neutral"):
        load_file(path, fmt="cow")


def test_kg_build_format_cow_on_a_slice(tmp_path: Path) -> None:
    lines = COW_DYADS.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "slice.txt"  # no .csv: only --format says what it is
    path.write_text(lines[0] + "".join(line for line in lines[1:] if line.split(",")[:2] in (["365", "540"], ["540", "365"])),
                    encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--data", str(path), "--out", str(out), "--format", "cow"])
    assert result.exit_code == 0, result.output
    assert "Built 1 fact (1 source, 1 file)" in result.output and "SHACL: conforms." in result.output


def test_repeated_rows_make_one_spell(atop: dict[str, AgreementFact]) -> None:
    # ATOP 3625 lists Russia's 1993 spell twice (once per successor of Czechoslovakia): one spell, one node
    rows = _rows(ATOP_MEMBERS, lambda r: r["atopid"] == "3625" and r["member"] == "365" and r["yrent"] == "1993")
    assert len(rows) == 2
    spells = [m for m in atop["atop-3625"].members if m.actor == "RUS" and m.start == PartialDate(1993, 1, 1)]
    assert len(spells) == 1
    assert all(len(set(f.members)) == len(f.members) for f in atop.values())
