"""Bad fact files get an error naming file, line and field; good ones in any format give the same records."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import FactFileError
from kg.facts import AgreementFact, MembershipFact
from kg.loaders import UnsupportedFormatError, load_data, load_file

from .conftest import SOURCE, write


def load(tmp_path: Path, text: str, name: str = "facts.yaml"):
    return load_file(write(tmp_path / name, text))


def error_of(tmp_path: Path, text: str, name: str = "facts.yaml") -> FactFileError:
    with pytest.raises(FactFileError) as info:
        load_data(tmp_path, paths=[write(tmp_path / name, text)])
    return info.value


def test_a_good_agreement_resolves_names_in_any_language(tmp_path: Path) -> None:
    doc = load(tmp_path, SOURCE + """\
facts:
  - type: agreement
    id: rus-caf-test
    parties: [Moscou, Centrafrique]
    kind: military-cooperation
    domains: [training]
    events:
      - {type: signed, date: 2018-08-21, by: Fédération de Russie}
      - {type: ratified, date: 2019, by: RUS-STATE-DUMA}
""")
    (fact,) = doc.facts
    assert isinstance(fact, AgreementFact)
    assert fact.parties == ("RUS", "CAF")
    assert [e.date.isoformat() for e in fact.events] == ["2018-08-21", "2019"]
    assert fact.events[1].by == "RUS-STATE-DUMA"
    assert fact.source == "test-source"


def test_norway_is_not_false(tmp_path: Path) -> None:
    doc = load(tmp_path, SOURCE + "facts:\n  - {type: agreement, id: a, parties: [NO, RUS], kind: other}\n")
    assert doc.facts[0].parties == ("NOR", "RUS")


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    err = error_of(tmp_path, SOURCE + "facts:\n  - type: agreement\n    parties: [RUS, TGO\n    kind: x\n")
    assert err.path.endswith("facts.yaml") and err.line is not None and err.line >= 9
    assert "malformed YAML" in str(err)


def test_unknown_field_is_an_error_with_line_and_allowed_fields(tmp_path: Path) -> None:
    err = error_of(tmp_path, SOURCE + "facts:\n  - type: agreement\n    id: a\n    parties: [RUS, TGO]\n    kind: other\n    sigend: 2025\n")
    assert (err.line, err.field) == (12, "sigend")
    assert "unknown field" in str(err) and "events" in str(err)


def test_unknown_actor_suggests_close_names(tmp_path: Path) -> None:
    err = error_of(tmp_path, SOURCE + "facts:\n  - type: agreement\n    id: a\n    parties: [RUS, Centrafriqe]\n    kind: other\n")
    assert (err.line, err.field) == (10, "parties")
    assert "Centrafriqe" in str(err) and "CAF" in str(err)


def test_impossible_date_is_an_error(tmp_path: Path) -> None:
    err = error_of(tmp_path, SOURCE + "facts:\n  - type: agreement\n    id: a\n    parties: [RUS, TGO]\n    kind: other\n    events:\n      - type: signed\n        date: 2025-02-30\n")
    assert (err.line, err.field) == (14, "date")
    assert "2025-02-30" in str(err) and "28 days" in str(err)


def test_fact_without_source_is_an_error(tmp_path: Path) -> None:
    err = error_of(tmp_path, "facts:\n  - type: membership\n    member: MLI\n    organisation: AES\n")
    assert (err.line, err.field) == (2, "source")
    assert "needs a source" in str(err)


def test_fact_naming_an_undefined_source_is_an_error(tmp_path: Path) -> None:
    err = error_of(tmp_path, SOURCE + "facts:\n  - {type: membership, member: MLI, organisation: AES, source: nowhere}\n")
    assert err.field == "source" and "'nowhere' is not defined" in str(err)


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    err = error_of(tmp_path, "source: !!python/object/apply:os.system ['echo pwned']\n")
    assert "malformed YAML" in str(err)


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    err = error_of(tmp_path, SOURCE + "facts:\n  - type: membership\n    member: MLI\n    member: BFA\n    organisation: AES\n")
    assert err.line == 10 and "appears twice" in str(err)


def test_one_agreement_cannot_have_two_kinds(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", SOURCE + "facts:\n  - {type: agreement, id: x, parties: [RUS, TGO], kind: other}\n")
    write(tmp_path / "b.yaml", "facts:\n  - {type: agreement, id: x, parties: [RUS, TGO], kind: basing, source: test-source}\n")
    with pytest.raises(FactFileError) as info:
        load_data(tmp_path)
    assert info.value.path.endswith("b.yaml") and info.value.field == "kind"


def test_json_gives_the_same_records_and_line_numbers(tmp_path: Path) -> None:
    text = """{
  "source": {"id": "test-source", "publisher": "Test Wire"},
  "facts": [
    {"type": "membership", "member": "Mali", "organisation": "Alliance des États du Sahel", "start": "2023-09-16"}
  ]
}
"""
    (fact,) = load(tmp_path, text, "facts.json").facts
    assert isinstance(fact, MembershipFact)
    assert (fact.member, fact.organisation, fact.start.isoformat()) == ("MLI", "AES", "2023-09-16")
    err = error_of(tmp_path, text.replace('"start"', '"begin"'), "bad.json")
    assert (err.line, err.field) == (4, "begin")


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    err = error_of(tmp_path, '{"facts": [\n  {"type": "membership",}\n]}\n', "bad.json")
    assert err.line == 2 and "malformed JSON" in str(err)


def test_csv_rows_become_one_agreement_per_id_and_source(tmp_path: Path) -> None:
    write(tmp_path / "sources.yaml", SOURCE + "facts: []\n")
    write(tmp_path / "events.csv",
          "agreement,parties,kind,event,date,by,place,domains,source,quote,confidence\n"
          "rus-tgo,RUS;TGO,military-cooperation,signed,2025-03-27,,Lomé,training;intelligence,test-source,,0.8\n"
          "rus-tgo,RUS;TGO,military-cooperation,ratified,2025-10-07,RUS-STATE-DUMA,,,test-source,,\n")
    data = load_data(tmp_path)
    (fact,) = data.facts
    assert [e.type for e in fact.events] == ["signed", "ratified"]
    assert fact.domains == ("training", "intelligence") and fact.evidence.confidence == 0.8


def test_csv_errors_name_the_row(tmp_path: Path) -> None:
    write(tmp_path / "sources.yaml", SOURCE + "facts: []\n")
    path = write(tmp_path / "events.csv",
                 "agreement,parties,kind,event,date,source\n"
                 "rus-tgo,RUS;TGO,military-cooperation,signed,2025-03-27,test-source\n"
                 "rus-tgo,RUS;TGO,military-cooperation,ratified,2025-13-07,test-source\n")
    with pytest.raises(FactFileError) as info:
        load_data(tmp_path, paths=[tmp_path / "sources.yaml", path])
    assert (info.value.line, info.value.field) == (3, "date")


def test_unsupported_extension_names_the_formats(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError) as info:
        load_file(write(tmp_path / "facts.xml", "<facts/>"))
    assert ".yaml" in str(info.value) and ".csv" in str(info.value) and ".json" in str(info.value)


def test_shipped_data_loads_and_every_fact_has_a_defined_source() -> None:
    from .conftest import DATA

    data = load_data(DATA)
    assert len(data.facts) >= 40
    assert all(f.source in data.sources for f in data.facts)
