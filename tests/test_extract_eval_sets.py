"""The evaluation sets under tests/extract_eval/ are well-formed, so bench/extract_eval.py's figures mean something.

A format check only: every annotation parses, names real actors, events and dates, and pairs with a
text. Extractor scores are figures printed by the bench script, not tests.
"""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

import pytest
import yaml

from kg.facts import DateFormatError, PartialDate
from kg.gazetteer import default_gazetteer
from kg.vocab import EVENT_TYPES

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "extract_eval"
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
ANNOTATION_KEYS = {"language", "published", "civil", "tuples"}
TUPLE_KEYS = {"parties", "event", "date"}
LANGUAGE = re.compile(r"^[a-z]{2,8}$")

ANNOTATIONS = sorted(EVAL.glob("*/*.expected.yaml"))


def _texts(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.iterdir())
            if p.suffix.lower() in TEXT_SUFFIXES and p.stem.upper() != "README"]


def _date_ok(value: object) -> bool:
    """YAML may hand a date over as a date, an int year or a string; all must be a real partial date."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (datetime.date, int, str)):
        try:
            PartialDate.parse(str(value))
        except DateFormatError:
            return False
        return True
    return False


def _label(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_there_are_sets_to_check() -> None:
    assert {"real-style-dev", "real-style-heldout-1"} <= {p.parent.name for p in ANNOTATIONS}


@pytest.mark.parametrize("folder", sorted(p for p in EVAL.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_every_text_has_an_annotation_and_every_annotation_a_text(folder: Path) -> None:
    texts = {p.stem for p in _texts(folder)}
    annotations = {p.name.removesuffix(".expected.yaml") for p in folder.glob("*.expected.yaml")}
    assert texts - annotations == set(), f"{folder.name}: texts without NAME.expected.yaml"
    assert annotations - texts == set(), f"{folder.name}: annotations without a text"


@pytest.mark.parametrize("path", ANNOTATIONS, ids=_label)
def test_annotation_is_well_formed(path: Path) -> None:
    annotation = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = _label(path)
    assert isinstance(annotation, dict), f"{where}: the file must be a mapping with language and tuples"
    assert set(annotation) <= ANNOTATION_KEYS, f"{where}: unknown keys {set(annotation) - ANNOTATION_KEYS}"
    assert isinstance(annotation.get("language"), str) and LANGUAGE.match(annotation["language"]), \
        f"{where}: language must be a lowercase tag such as fr or en"
    if "published" in annotation:
        assert _date_ok(annotation["published"]), f"{where}: published {annotation['published']!r} is not a date"
    assert isinstance(annotation.get("civil", False), bool), f"{where}: civil must be true or false"
    tuples = annotation.get("tuples")
    assert isinstance(tuples, list), f"{where}: tuples must be a list (write tuples: [] for none)"
    if annotation.get("civil"):
        assert tuples == [], f"{where}: a civil: true text reports no defence agreement, so tuples must be []"


@pytest.mark.parametrize("path", ANNOTATIONS, ids=_label)
def test_tuples_name_known_actors_events_and_dates(path: Path) -> None:
    gazetteer = default_gazetteer()
    where = _label(path)
    seen: set[tuple[tuple[str, ...], str, str | None]] = set()
    for number, item in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")).get("tuples") or [], 1):
        at = f"{where}, tuple {number}"
        assert isinstance(item, dict) and set(item) <= TUPLE_KEYS, f"{at}: keys must be parties, event, date"
        parties = item.get("parties")
        assert isinstance(parties, list) and len(parties) >= 2, f"{at}: an agreement needs two or more parties"
        parties = [str(p) for p in parties]
        unknown = [p for p in parties if gazetteer.get(p) is None]
        assert not unknown, f"{at}: {unknown} are not ids in data/gazetteer/actors.csv"
        assert parties == sorted(set(parties)), f"{at}: list parties once each, sorted alphabetically"
        assert item.get("event") in EVENT_TYPES, \
            f"{at}: event {item.get('event')!r} is not one of {', '.join(sorted(EVENT_TYPES))}"
        date = item.get("date")
        if date is not None:
            assert _date_ok(date), f"{at}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
        key = (tuple(parties), item["event"], None if date is None else PartialDate.parse(str(date)).isoformat())
        assert key not in seen, f"{at}: the same tuple is listed twice"
        seen.add(key)


def test_scorer_levels_reduce_tuples_and_count_civil_texts() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.extract_eval import FileResult, SetResult, Tuple, project

    ru_tg, fr_td = frozenset({"RUS", "TGO"}), frozenset({"FRA", "TCD"})
    expected: set[Tuple] = {(ru_tg, "signed", "2025-04"), (ru_tg, "ratified", "2025-10-07")}
    found: set[Tuple] = {(ru_tg, "signed", None), (fr_td, "ended", "2024-11-28")}
    assert project(expected, "event") == {(ru_tg, "signed"), (ru_tg, "ratified")}
    assert project(found, "parties") == {ru_tg, fr_td}

    result = SetResult("toy", [
        FileResult("a.md", expected, found, True, language="fr"),
        FileResult("b.md", set(), {(fr_td, "signed", "2019")}, True, language="en", civil=True),
        FileResult("c.md", set(), set(), True, language="en", civil=True),
    ])
    assert result.counts("tuple") == (0, 3, 2)
    assert result.counts("event") == (1, 3, 2)
    assert result.counts("parties") == (1, 3, 1)
    assert result.counts("parties", "fr") == (1, 2, 1)
    assert result.languages() == ["fr", "en"]
    assert result.civil_reported() == (1, 2, 1)
