"""kg build: data folder in, store and RDF files out — all or nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import BuildError
from .gazetteer import Gazetteer, default_gazetteer
from .loaders import DataSet, load_data
from .mapping import Quad, dataset_quads
from .resources import resource_path
from .store import create_store, dump_trig, dump_turtle
from .validate import ValidationReport, validate_triples

STORE_DIR = "store"
TRIG_FILE = "graph.trig"
TURTLE_FILE = "graph.ttl"

Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    """What a build read and wrote, for the CLI to print and tests to check."""

    files: int
    sources: int
    facts: int
    quads: int
    graphs: int
    out_dir: Path
    outputs: list[Path] = field(default_factory=list)
    validation: ValidationReport | None = None
    seconds: float = 0.0


def load_blocs(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Read data/blocs.yaml into actor id -> blocs, for the multi-alignment analyses."""
    path = path or resource_path("data/blocs.yaml")
    blocs: dict[str, list[str]] = {}
    for bloc, members in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
        for member in members:
            blocs.setdefault(member, []).append(bloc)
    return {actor: tuple(sorted(names)) for actor, names in blocs.items()}


def _replace(new: Path, final: Path) -> None:
    """Move a finished output into place, keeping the old one until the new one is there."""
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    if old.exists():
        shutil.rmtree(old) if old.is_dir() else old.unlink()


def build(
    data_dir: Path,
    out_dir: Path,
    *,
    gazetteer: Gazetteer | None = None,
    validate: bool = True,
    progress: Progress | None = None,
) -> BuildReport:
    """Load, map, check and store a data folder; on any failure the previous output stays as it was."""
    started = time.perf_counter()
    gazetteer = gazetteer or default_gazetteer()
    data: DataSet = load_data(
        data_dir, gazetteer, progress=(lambda done, total: progress("load", done, total)) if progress else None
    )
    quads: list[Quad] = list(dataset_quads(data.sources.values(), data.facts, gazetteer, load_blocs()))

    report = None
    if validate:
        if progress:
            progress("validate", 0, 1)
        report = validate_triples((s, p, o) for s, p, o, _ in quads)
        if not report.conforms:
            first = "; ".join(f"{v.focus}: {v.message}" for v in report.violations[:5])
            raise BuildError(
                f"the graph does not conform to ontologies/shapes.ttl ({len(report.violations)} problems): {first}. "
                "Fix the fact files, or run 'kg validate' on a build made with --no-validate to see them all"
            )

    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".kg-build-", dir=out_dir))
    try:
        loaded = 0

        def on_batch(count: int) -> None:
            nonlocal loaded
            loaded += count
            if progress:
                progress("store", loaded, len(quads))

        store = create_store(work / STORE_DIR, quads, on_batch)
        graphs = len({q[3] for q in quads})
        dump_trig(store, work / TRIG_FILE)
        dump_turtle(store, work / TURTLE_FILE)
        del store  # release the store's lock before moving it
        outputs = []
        for name in (STORE_DIR, TRIG_FILE, TURTLE_FILE):
            _replace(work / name, out_dir / name)
            outputs.append(out_dir / name)
    except OSError as exc:
        raise BuildError(f"could not write the output in '{out_dir}': {exc}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BuildReport(
        files=len(data.files),
        sources=len(data.sources),
        facts=len(data.facts),
        quads=len(quads),
        graphs=graphs,
        out_dir=out_dir,
        outputs=outputs,
        validation=report,
        seconds=time.perf_counter() - started,
    )
