"""Benchmark: the ATOP and COW alliance loaders on the real tables, against reading the same rows with csv alone.

Run: .venv/bin/python bench/bench_alliances.py [--external DIR]

Figures printed per table (seconds, and the loader's time as a multiple of the baseline):
- baseline: csv.DictReader over the file, every row read, nothing built;
- load: kg's loader (rows checked, COW codes by year, alliances or dyad spells rebuilt);
- map: the facts mapped to quads (kg.mapping.dataset_quads).
The data are third-party and not shipped: DIR defaults to $KG_EXTERNAL_DATA, else ../shared/data-external beside the checkout
(or /work/shared/data-external, as tests/conftest.py looks).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.gazetteer import default_gazetteer
from kg.loaders import load_file
from kg.mapping import dataset_quads

TABLES = ("atop_v4.01/atop-member-level.csv", "peacesciencer/atop_alliance_v5.1_dyad_year_africa_russia.csv",
          "peacesciencer/cow_alliance_v4.1_dyad_year.csv")


def _external() -> Path:
    if os.environ.get("KG_EXTERNAL_DATA"):
        return Path(os.environ["KG_EXTERNAL_DATA"])
    beside = Path(__file__).resolve().parent.parent.parent / "shared" / "data-external"
    return beside if beside.is_dir() else Path("/work/shared/data-external")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, default=_external())
    args = parser.parse_args()
    gazetteer = default_gazetteer()
    print(f"{'table':60} {'rows':>7} {'csv s':>7} {'load s':>7} {'x csv':>6} {'facts':>6} {'map s':>6} {'quads':>7}")
    for name in TABLES:
        path = args.external / name
        if not path.exists():
            print(f"{name}: not found under {args.external}")
            continue
        started = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.DictReader(handle))
        baseline = time.perf_counter() - started
        started = time.perf_counter()
        document = load_file(path, gazetteer)
        load = time.perf_counter() - started
        started = time.perf_counter()
        quads = sum(1 for _ in dataset_quads(document.sources, document.facts, gazetteer))
        mapped = time.perf_counter() - started
        print(f"{name:60} {rows:7} {baseline:7.3f} {load:7.3f} {load / baseline:6.1f} {len(document.facts):6} "
              f"{mapped:6.2f} {quads:7}")


if __name__ == "__main__":
    main()
