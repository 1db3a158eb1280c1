"""Compare what `kg extract` prints for every evaluation text with a saved snapshot, byte for byte.

Usage:
    python bench/extract_regression.py            # compare; print a diff per changed text; exit 1 if any changed
    python bench/extract_regression.py --update   # rewrite the snapshot from the current code (review the diff!)

bench/extract_eval.py scores tuples; this script catches every other change too (an id, a kind,
a domain, a confidence, an evidence note, a warning). Each text of tests/extract_eval/<set>/ is
run through the CLI (`kg extract PATH`), and once more with `--published` when its annotation
gives a publication date, as extract_eval.py passes it; stdout, stderr and the exit code are
recorded. The snapshot is tests/extract_eval/snapshot/kg-extract.out; a change of behaviour that is
wanted is recorded with --update and committed with the change, so the diff shows what it did.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT / "tests" / "extract_eval"
SNAPSHOT = EVAL / "snapshot" / "kg-extract.out"
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
RUN_MARK = "=== "


def runs(root: Path) -> list[list[str]]:
    """The CLI arguments of every run to record: each text, and each text with its annotated publication date."""
    out: list[list[str]] = []
    # Blind sets stay out of the snapshot: its diff would show their texts and the extractor's answers.
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name != "snapshot" and not (p / "BLIND").exists()):
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in TEXT_SUFFIXES or path.name.endswith(".expected.yaml"):
                continue
            rel = path.relative_to(ROOT).as_posix()
            out.append(["extract", rel])
            annotation = path.with_name(path.stem + ".expected.yaml")
            meta = yaml.safe_load(annotation.read_text(encoding="utf-8")) if annotation.exists() else None
            published = (meta or {}).get("published")
            if published:
                out.append(["extract", rel, "--published", str(published)])
    return out


def record(root: Path = EVAL) -> str:
    """Run the CLI on every text and return the recording: one block per run, stdout, stderr, exit code."""
    from kg.cli import main

    runner = CliRunner()
    blocks: list[str] = []
    here = Path.cwd()
    os.chdir(ROOT)                  # paths in warnings are printed as given: relative, so stable
    try:
        for args in runs(root):
            result = runner.invoke(main, args, catch_exceptions=False)
            blocks.append(f"{RUN_MARK}kg {' '.join(args)}\n--- exit {result.exit_code}\n--- stdout\n{result.stdout}"
                          f"--- stderr\n{result.stderr}")
    finally:
        os.chdir(here)
    return "".join(blocks)


def _split(text: str) -> dict[str, str]:
    """The recording's blocks by their run line."""
    out: dict[str, str] = {}
    current = None
    for line in text.splitlines(keepends=True):
        if line.startswith(RUN_MARK):
            current = line.strip()
            out[current] = ""
        elif current is not None:
            out[current] += line
    return out


def compare(saved: str, now: str) -> list[str]:
    """A unified diff per run whose output changed (runs added or gone included)."""
    old, new = _split(saved), _split(now)
    diffs = []
    for run in sorted(old.keys() | new.keys()):
        if old.get(run) != new.get(run):
            diff = difflib.unified_diff(old.get(run, "").splitlines(keepends=True), new.get(run, "").splitlines(keepends=True),
                                        f"snapshot: {run}", f"now: {run}")
            diffs.append("".join(diff) or f"{run}: only whitespace at the end changed\n")
    return diffs


def main(argv: list[str] | None = None) -> int:
    """Compare the current output with the snapshot (or rewrite the snapshot with --update)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the snapshot from the current code")
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT, help="the snapshot file")
    args = parser.parse_args(argv)
    now = record()
    if args.update:
        args.snapshot.parent.mkdir(parents=True, exist_ok=True)
        args.snapshot.write_text(now, encoding="utf-8")
        print(f"wrote {now.count(RUN_MARK)} runs to {args.snapshot}")
        return 0
    if not args.snapshot.exists():
        print(f"no snapshot at {args.snapshot}; make one with --update", file=sys.stderr)
        return 1
    diffs = compare(args.snapshot.read_text(encoding="utf-8"), now)
    for diff in diffs:
        print(diff, end="" if diff.endswith("\n") else "\n")
    runs_now = now.count(RUN_MARK)
    if diffs:
        print(f"{len(diffs)} of {runs_now} runs differ from {args.snapshot}")
        return 1
    print(f"all {runs_now} runs identical to {args.snapshot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
