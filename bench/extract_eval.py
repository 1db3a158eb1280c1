"""Score kg extract against annotated texts: precision, recall and F1 over (parties, event, date) tuples.

Usage:
    python bench/extract_eval.py                 # every set under tests/extract_eval/ (prints blind sets' misses too)
    python bench/extract_eval.py --set dev       # one set: dev, heldout-1 (seen), heldout-2 (blind)
    python bench/extract_eval.py --summary       # figures only, no per-file misses

Each text NAME.txt or NAME.md has NAME.expected.yaml:

    language: fr            # expected language
    published: 2025-10-08   # publication date for texts without front matter (optional)
    tuples:
      - {parties: [RUS, TGO], event: ratified, date: 2025-10-07}

A tuple is (frozenset(parties), event type, date string at the text's precision, or none).
Figures are micro-averaged over all texts of a set; the tuples of a text are compared as sets.
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

Tuple = tuple[frozenset[str], str, str | None]


@dataclass
class FileResult:
    """One text's expected and extracted tuples."""

    name: str
    expected: set[Tuple]
    found: set[Tuple]
    language_ok: bool
    error: str | None = None

    @property
    def hits(self) -> set[Tuple]:
        return self.expected & self.found


@dataclass
class SetResult:
    """A set's files and micro-averaged figures."""

    name: str
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    def counts(self) -> tuple[int, int, int]:
        tp = sum(len(f.hits) for f in self.files)
        return tp, sum(len(f.found) for f in self.files), sum(len(f.expected) for f in self.files)

    def figures(self) -> tuple[float, float, float]:
        tp, found, expected = self.counts()
        precision = tp / found if found else (1.0 if not expected else 0.0)
        recall = tp / expected if expected else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


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
        try:
            extraction = extract_file(text, published=PartialDate.parse(published) if published else None)
        except ExtractError as exc:
            # refusing a text in another language is the right answer for it
            refused = wanted is not None and wanted not in SUPPORTED and "language" in str(exc)
            result.files.append(FileResult(text.name, expected, set(), refused, None if refused else str(exc)))
            continue
        language_ok = wanted in (None, extraction.language)
        result.files.append(FileResult(text.name, expected, extracted_tuples(extraction.facts), language_ok))
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
    args = parser.parse_args(argv)
    names = args.sets or sorted(p.name for p in args.root.iterdir() if p.is_dir()) if args.root.is_dir() else []
    if not names:
        print(f"no evaluation sets under {args.root}", file=sys.stderr)
        return 1
    for name in names:
        folder = args.root / name
        if not folder.is_dir():
            print(f"[{name}] no such set ({folder}); skipped")
            continue
        report(evaluate_set(folder), args.summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
