"""Score kg extract against annotated texts: precision, recall and F1 over (parties, event, date) tuples.

Usage:
    python bench/extract_eval.py                 # every set under tests/extract_eval/ (prints blind sets' misses too)
    python bench/extract_eval.py --set dev       # one set (repeatable): dev, real-style-dev, real-style-heldout-1 ...
    python bench/extract_eval.py --summary       # figures only, no per-file misses
    python bench/extract_eval.py --french-model fr_core_news_md   # compare another installed French model

Each text NAME.txt or NAME.md has NAME.expected.yaml:

    language: fr            # expected language
    published: 2025-10-08   # publication date for texts without front matter (optional)
    civil: true             # optional: the text reports only non-defence deals (tuples must be [])
    tuples:
      - {parties: [RUS, TGO], event: ratified, date: 2025-10-07}

A tuple is (frozenset(parties), event type, date string at the text's precision, or none).
Figures are micro-averaged over all texts of a set; the tuples of a text are compared as sets.
Besides the full tuples, each set is scored per language (fr, en, all) at three levels:
(parties, event, date); (parties, event), dates ignored; and parties alone, the set of party sets
of a text's tuples. "Non-defence deals reported" counts the `civil: true` texts from which the
extractor still took agreement tuples (a trade or energy deal read as a defence one).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import ExtractError, extract_file  # noqa: E402
from kg.extract.language import SUPPORTED  # noqa: E402
from kg.facts import PartialDate  # noqa: E402
from kg.gazetteer import default_gazetteer  # noqa: E402

EVAL = ROOT / "tests" / "extract_eval"
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
#: A set folder holding this file is blind: its misses are not printed, so its figure stays honest.
BLIND_MARK = "BLIND"

Tuple = tuple[frozenset[str], str, str | None]

#: Scoring levels, from the full tuple to the parties alone, with the label each is printed under.
LEVELS: dict[str, str] = {
    "tuple": "(parties, event, date)",
    "event": "(parties, event)",
    "parties": "parties",
}


def project(tuples: set[Tuple], level: str) -> set[object]:
    """Reduce tuples to what a level compares, so a right agreement with a wrong date still counts there."""
    if level == "tuple":
        return set(tuples)
    if level == "event":
        return {(parties, event) for parties, event, _ in tuples}
    if level == "parties":
        return {parties for parties, _, _ in tuples}
    raise ValueError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")


def prf(tp: int, found: int, expected: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts, with the conventions for empty sides the set figures use."""
    precision = tp / found if found else (1.0 if not expected else 0.0)
    recall = tp / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class FileResult:
    """One text's expected and extracted tuples."""

    name: str
    expected: set[Tuple]
    found: set[Tuple]
    language_ok: bool
    error: str | None = None
    language: str | None = None
    civil: bool = False

    @property
    def hits(self) -> set[Tuple]:
        return self.expected & self.found

    def counts(self, level: str = "tuple") -> tuple[int, int, int]:
        """Correct, extracted and expected items of this text at one level."""
        expected, found = project(self.expected, level), project(self.found, level)
        return len(expected & found), len(found), len(expected)


@dataclass
class SetResult:
    """A set's files and micro-averaged figures."""

    name: str
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    def select(self, language: str | None = None) -> list[FileResult]:
        """The set's texts in one annotated language, or all of them."""
        return [f for f in self.files if language is None or f.language == language]

    def counts(self, level: str = "tuple", language: str | None = None) -> tuple[int, int, int]:
        """Correct, extracted and expected items summed over the chosen texts."""
        tp = found = expected = 0
        for f in self.select(language):
            file_tp, file_found, file_expected = f.counts(level)
            tp, found, expected = tp + file_tp, found + file_found, expected + file_expected
        return tp, found, expected

    def figures(self, level: str = "tuple", language: str | None = None) -> tuple[float, float, float]:
        """Micro-averaged precision, recall and F1 at one level, for one language or all."""
        return prf(*self.counts(level, language))

    def languages(self) -> list[str]:
        """The annotated languages of the set, in a fixed order (fr, en, then others)."""
        present = {f.language for f in self.files if f.language}
        order = {"fr": 0, "en": 1}
        return sorted(present, key=lambda lang: (order.get(lang, 2), lang))

    def civil_reported(self) -> tuple[int, int, int]:
        """Civil texts with extracted tuples, civil texts, and the tuples taken from them."""
        civil = [f for f in self.files if f.civil]
        reported = [f for f in civil if f.found]
        return len(reported), len(civil), sum(len(f.found) for f in civil)


def _date(value: object) -> str | None:
    if value in (None, ""):
        return None
    return PartialDate.parse(str(value)).isoformat()


def expected_tuples(annotation: dict) -> set[Tuple]:
    """Read the tuples of an annotation file: parties as gazetteer ids (any known name may be written,
    as in fact files), dates in their ISO form."""
    gazetteer = default_gazetteer()
    out: set[Tuple] = set()
    for item in annotation.get("tuples") or []:
        parties = frozenset(gazetteer.resolve(str(p)).id for p in item["parties"])
        out.add((parties, str(item["event"]), _date(item.get("date"))))
    return out


def extracted_tuples(facts: list[dict]) -> set[Tuple]:
    """Collect (parties, event, date) from extracted agreement facts."""
    out: set[Tuple] = set()
    for fact in facts:
        if fact.get("type") != "agreement":
            continue
        for event in fact.get("events") or []:
            out.add((frozenset(fact["parties"]), event["type"], event.get("date")))
    return out


def pairs(folder: Path) -> list[tuple[Path, Path | None]]:
    """Each text of a folder with its annotation file (None when the annotation is missing)."""
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in TEXT_SUFFIXES and not path.name.endswith(".expected.yaml"):
            annotation = path.with_name(path.stem + ".expected.yaml")
            out.append((path, annotation if annotation.exists() else None))
    return out


def evaluate_set(folder: Path) -> SetResult:
    """Extract from every annotated text of a folder and compare with its annotation."""
    result = SetResult(folder.name)
    started = time.perf_counter()
    for text, annotation_path in pairs(folder):
        if annotation_path is None:
            if text.stem.upper() != "README":
                print(f"  note: {text.name} has no {text.stem}.expected.yaml; skipped", file=sys.stderr)
            continue
        annotation = yaml.safe_load(annotation_path.read_text(encoding="utf-8")) or {}
        published = _date(annotation.get("published"))
        expected = expected_tuples(annotation)
        wanted = annotation.get("language")
        civil = bool(annotation.get("civil", False))
        try:
            extraction = extract_file(text, published=PartialDate.parse(published) if published else None)
        except ExtractError as exc:
            # refusing a text in another language is the right answer for it
            refused = wanted is not None and wanted not in SUPPORTED and "language" in str(exc)
            result.files.append(FileResult(text.name, expected, set(), refused, None if refused else str(exc),
                                           wanted, civil))
            continue
        language_ok = wanted in (None, extraction.language)
        result.files.append(FileResult(text.name, expected, extracted_tuples(extraction.facts), language_ok,
                                       None, wanted or extraction.language, civil))
    result.seconds = time.perf_counter() - started
    return result


def _show(t: Tuple) -> str:
    return f"{'-'.join(sorted(t[0]))} {t[1]} {t[2] or '(no date)'}"


def report(result: SetResult, summary: bool) -> None:
    """Print a set's figures and, unless summary, each file's misses and false positives."""
    tp, found, expected = result.counts()
    precision, recall, f1 = result.figures()
    languages = sum(1 for f in result.files if f.language_ok)
    print(f"[{result.name}] {len(result.files)} texts, {expected} expected tuples, {found} extracted, {tp} correct")
    print(f"[{result.name}] precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  "
          f"language {languages}/{len(result.files)}  ({result.seconds:.1f} s)")
    print(f"[{result.name}]   {'level':<24}{'lang':<8}{'texts':>5}{'correct':>9}{'found':>7}{'expected':>10}"
          f"{'P':>8}{'R':>7}{'F1':>7}")
    for level, label in LEVELS.items():
        for language in [*result.languages(), None]:
            texts = len(result.select(language))
            level_tp, level_found, level_expected = result.counts(level, language)
            level_p, level_r, level_f1 = prf(level_tp, level_found, level_expected)
            print(f"[{result.name}]   {label:<24}{language or 'all':<8}{texts:>5}{level_tp:>9}{level_found:>7}"
                  f"{level_expected:>10}{level_p:>8.3f}{level_r:>7.3f}{level_f1:>7.3f}")
    reported, civil, civil_tuples = result.civil_reported()
    print(f"[{result.name}] non-defence deals reported: {reported} of {civil} civil texts "
          f"({civil_tuples} tuples extracted from them)")
    if summary:
        return
    for f in result.files:
        misses, extra = f.expected - f.found, f.found - f.expected
        if not (misses or extra or f.error or not f.language_ok):
            continue
        print(f"  {f.name}:")
        if f.error:
            print(f"    error: {f.error}")
        if not f.language_ok:
            print("    language detected wrongly")
        for t in sorted(misses, key=_show):
            print(f"    missed:         {_show(t)}")
        for t in sorted(extra, key=_show):
            print(f"    false positive: {_show(t)}")


def main(argv: list[str] | None = None) -> int:
    """Evaluate the chosen sets (all by default) and print figures per set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="sets", action="append", help="a set folder name under tests/extract_eval (repeatable)")
    parser.add_argument("--root", type=Path, default=EVAL, help="folder holding the sets")
    parser.add_argument("--summary", action="store_true", help="print figures only")
    parser.add_argument("--french-model", metavar="PACKAGE",
                        help="score with another installed French spaCy pipeline (e.g. fr_core_news_md) instead of kg's")
    parser.add_argument("--show-blind", action="store_true",
                        help="also print the misses of sets marked BLIND (makes them seen: write a new blind set after)")
    args = parser.parse_args(argv)
    if args.french_model:
        import kg.extract.pipeline

        kg.extract.pipeline.FRENCH_MODEL = args.french_model
    names = args.sets or sorted(p.name for p in args.root.iterdir()
                                if p.is_dir() and any(p.glob("*.expected.yaml"))) if args.root.is_dir() else []
    if not names:
        print(f"no evaluation sets under {args.root}", file=sys.stderr)
        return 1
    for name in names:
        folder = args.root / name
        if not folder.is_dir():
            print(f"[{name}] no such set ({folder}); skipped")
            continue
        blind = (folder / BLIND_MARK).exists() and not args.show_blind
        if blind and not args.summary:
            print(f"[{name}] is marked {BLIND_MARK}: figures only (--show-blind prints its misses and makes it seen)")
        report(evaluate_set(folder), args.summary or blind)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
