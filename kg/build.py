"""kg build: data folder in, store and RDF files out — all or nothing, one whole build at a time.

An output folder holds each finished build whole in .builds/<n>/ and one pointer to the
current one, the symlink current -> .builds/<n>; store, graph.trig and graph.ttl are links
through it. Publishing a build is the single rename that swaps that pointer, so a reader
or a crash sees the previous build whole or the new one whole. The previous build is kept
for readers that resolved the pointer just before the swap; older ones are removed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .blocs import actor_blocs, load_blocs
from .errors import BuildError
from .gazetteer import Gazetteer, default_gazetteer
from .loaders import DataSet, fact_files, load_data, supported_extensions
from .loaders.gdelt import CameoCodes, GdeltSource, GdeltSummary, default_cameo, split_event_files, stream_into
from .mapping import Quad, dataset_quads
from .outputs import exchange, prepare_output_dir, replace_symlink
from .project import Project, find_project, use_project
from .store import (
    ONTOLOGY_GRAPH,
    create_store,
    data_graphs,
    default_graph_size,
    dump_trig,
    dump_turtle,
)
from .validate import ValidationReport, validate_triples

if TYPE_CHECKING:
    import pyoxigraph as ox

STORE_DIR = "store"
TRIG_FILE = "graph.trig"
TURTLE_FILE = "graph.ttl"
OUTPUTS = (STORE_DIR, TRIG_FILE, TURTLE_FILE)
#: Each finished build lives whole in its own folder, .builds/<n>, n counting up.
BUILDS_DIR = ".builds"
#: The one pointer to the build readers see: a symlink current -> .builds/<n>, swapped in one rename.
CURRENT_LINK = "current"
#: Held (flock) by the build writing into an output folder, so a second one is refused.
LOCK_FILE = ".kg-lock"
#: Folders a build is still writing carry this prefix; a killed build's are removed by the next.
WORK_PREFIX = ".kg-build-"

Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    """What a build read and stored, for the CLI to print and tests to check."""

    files: int
    sources: int
    facts: int
    triples: int
    quads: int
    graphs: int
    out_dir: Path
    ontology_triples: int = 0
    graph_quads: dict[str, int] = field(default_factory=dict)
    build_dir: Path | None = None
    outputs: list[Path] = field(default_factory=list)
    validation: ValidationReport | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    events: list[GdeltSummary] = field(default_factory=list)  # one per GDELT event file read


def project_fact_files(data_dir: Path, project: Project) -> list[Path]:
    """The data folder's fact files, less the files its kg.toml names (a bloc file or an actors CSV is no fact file)."""
    own = {p.resolve() for p in (project.path, project.blocs, *project.actors) if p is not None}
    return [p for p in fact_files(data_dir) if p.resolve() not in own]


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock for a whole build, or refuse at once if another build holds it."""
    path = out_dir / LOCK_FILE
    try:
        handle = path.open("a")
    except OSError as exc:
        raise BuildError(f"cannot create the lock file '{path}': {exc.strerror or exc}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another 'kg build' is writing to '{out_dir}' (it holds {path}); "
                             "wait for it to finish, or pass another --out folder") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_ids(builds: Path) -> list[int]:
    """The finished builds in .builds/, oldest first."""
    if not builds.is_dir():
        return []
    return sorted(int(p.name) for p in builds.iterdir() if p.name.isdigit())


def _current_id(out_dir: Path) -> int | None:
    """The build the current link points to, if it is one of ours."""
    link = out_dir / CURRENT_LINK
    if not link.is_symlink():
        return None
    target = Path(os.readlink(link))
    if target.parent == Path(BUILDS_DIR) and target.name.isdigit():
        return int(target.name)
    return None


def _remove(path: Path) -> None:
    """Delete a file, link or folder tree."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _prune(out_dir: Path) -> None:
    """Keep the current build and the one before it (a reader may have just resolved it); remove the rest.

    Run under the lock only, where nothing else is writing: whatever else is in .builds/ is a
    superseded build, a build killed before its swap, or a killed build's half-written folder.
    """
    builds = out_dir / BUILDS_DIR
    current = _current_id(out_dir)
    keep: set[str] = set()
    if current is not None:
        older = [n for n in _build_ids(builds) if n < current]
        keep = {str(current)} | ({str(max(older))} if older else set())
    if builds.is_dir():
        for entry in builds.iterdir():
            if entry.name not in keep:
                _remove(entry)
    old_layout = {f"{name}.old" for name in OUTPUTS}  # with the older kg's work folders, what its crashes left
    for entry in out_dir.iterdir():
        killed_link = entry.name.startswith(".") and entry.name.endswith(".link")  # from replace_symlink
        if entry.name.startswith(WORK_PREFIX) or entry.name in old_layout or killed_link:
            _remove(entry)


def _link_outputs(out_dir: Path) -> None:
    """Make store, graph.trig and graph.ttl stable links through current, so users' paths never change."""
    for name in OUTPUTS:
        link, target = out_dir / name, f"{CURRENT_LINK}/{name}"
        if not (link.is_symlink() and os.readlink(link) == target):
            replace_symlink(link, target)


def _adopt_previous_layout(out_dir: Path) -> None:
    """Turn outputs written by an older kg (a real store/ and files) into a build behind current.

    Files are linked into the build folder and replaced by links in one rename each; store/ is
    swapped with its link in one step where the system can (Linux renameat2), else moved and
    linked in two, a moment a reader bridges by retrying once (kg.store.open_store). If a crash
    cut an adoption short, the build current points to receives the rest.
    """
    found = [name for name in OUTPUTS if (out_dir / name).exists() and not (out_dir / name).is_symlink()]
    if not found:
        return
    builds = out_dir / BUILDS_DIR
    current = _current_id(out_dir)
    if current is not None and (builds / str(current)).is_dir():
        target = builds / str(current)
    else:
        work = _work_folder(builds)
        target = builds / str(max(_build_ids(builds), default=0) + 1)
        try:
            os.rename(work, target)
        except BaseException:
            _remove(work)
            raise
        replace_symlink(out_dir / CURRENT_LINK, f"{BUILDS_DIR}/{target.name}")
    for name in found:  # readers see out_dir/name itself until it becomes a link, never target/name
        real, inside = out_dir / name, target / name
        _remove(inside)
        if name == STORE_DIR:
            os.symlink(f"{CURRENT_LINK}/{STORE_DIR}", inside)  # read from out_dir once swapped there
            if not exchange(real, inside):
                inside.unlink()
                os.rename(real, inside)
        else:
            try:
                os.link(real, inside)
            except OSError:
                shutil.copy2(real, inside)
    _link_outputs(out_dir)


def _count(store: ox.Store) -> tuple[int, int, dict[str, int]]:
    """What the store holds: distinct triples of the union graph, the ontology's, and quads per data graph."""
    per_graph = {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in data_graphs(store)}
    ontology = sum(1 for _ in store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH))
    return default_graph_size(store), ontology, per_graph


def _work_folder(builds: Path) -> Path:
    """A fresh folder for a build in progress, readable as any folder the user makes (not mkdtemp's 0700)."""
    builds.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=builds))
    umask = os.umask(0)
    os.umask(umask)
    work.chmod(0o777 & ~umask)
    return work


def _write_build(out_dir: Path, quads: list[Quad], progress: Progress | None,
                 events: Callable[[ox.Store], None] | None = None) -> tuple[Path, tuple[int, int, dict[str, int]]]:
    """Write store, TriG and Turtle into a work folder, then rename it to the next .builds/<n> once whole."""
    builds = out_dir / BUILDS_DIR
    work = _work_folder(builds)
    try:
        loaded = 0

        def on_batch(count: int) -> None:
            nonlocal loaded
            loaded += count
            if progress:
                progress("store", loaded, len(quads))

        store = create_store(work / STORE_DIR, quads, on_batch)
        if events is not None:
            events(store)  # GDELT reported events, streamed into the store in batches
        counts = _count(store)
        dump_trig(store, work / TRIG_FILE)
        dump_turtle(store, work / TURTLE_FILE)
        del store  # close the store before its folder is renamed
        finished = builds / str(max(_build_ids(builds), default=0) + 1)
        os.rename(work, finished)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return finished, counts


def build(
    data_dir: Path,
    out_dir: Path,
    *,
    gazetteer: Gazetteer | None = None,
    validate: bool = True,
    progress: Progress | None = None,
    strict: bool = False,
    fmt: str | None = None,
    cameo: CameoCodes | None = None,
) -> BuildReport:
    """Load, map, check and store a data folder; on any failure the previous output stays as it was."""
    started = time.perf_counter()
    prepare_output_dir(out_dir, create=False)  # refuse an unusable --out before the slow part
    project = find_project(data_dir)
    if gazetteer is None:
        use_project(project)
        gazetteer = default_gazetteer()
    blocs = load_blocs(project.blocs, known={a.id for a in gazetteer})
    # GDELT event files (by shape, or every table under fmt="gdelt") stream in later; the rest are fact files.
    event_files, paths = split_event_files(data_dir, project_fact_files(data_dir, project),
                                           "gdelt" if fmt == "gdelt" else "auto")
    sources = [GdeltSource(p, gazetteer, cameo or default_cameo(), strict=strict, blocs=actor_blocs(blocs))
               for p in event_files]
    data: DataSet = load_data(
        data_dir, gazetteer, paths=paths,
        progress=(lambda done, total: progress("load", done, total)) if progress else None, strict=strict,
        fmt=None if fmt == "gdelt" else fmt,
    )
    stream = (lambda store: stream_into(store, sources, cameo or default_cameo())) if sources else None
    if not data.facts and not sources:
        root = data_dir / "facts" if (data_dir / "facts").is_dir() else data_dir
        many = len(data.files) > 1
        found = (f"the {f'{len(data.files)} fact files' if many else 'fact file'} in '{root}' "
                 f"hold{'' if many else 's'} no facts") if data.files else \
            f"no fact file in '{root}' (fact files end in {', '.join(supported_extensions())})"
        raise BuildError(f"nothing to build: {found}; add fact files (docs/fact-schema.md) or pass --data")
    quads: list[Quad] = list(dataset_quads(data.sources.values(), data.facts, gazetteer, blocs))

    report = None
    if validate:
        if progress:
            progress("validate", 0, 1)
        report = validate_triples((s, p, o) for s, p, o, _ in quads)
        if not report.conforms:
            first = "; ".join(f"{v.focus}{' ' + v.path if v.path else ''}: {v.message}" for v in report.violations[:5])
            raise BuildError(
                f"the graph does not conform to ontologies/shapes.ttl ({len(report.violations)} problems): {first}. "
                "Fix the fact files, or run 'kg validate' on a build made with --no-validate to see them all"
            )

    prepare_output_dir(out_dir)
    published = False
    with _locked(out_dir):
        try:
            _adopt_previous_layout(out_dir)
            _prune(out_dir)
            finished, (triples, ontology, per_graph) = _write_build(out_dir, quads, progress, stream)
            try:
                replace_symlink(out_dir / CURRENT_LINK, f"{BUILDS_DIR}/{finished.name}")  # the one step that publishes
            except BaseException:
                _remove(finished)
                raise
            published = True
            _link_outputs(out_dir)
            _prune(out_dir)
        except OSError as exc:
            state = (f"the new build is in '{finished}' and '{out_dir / CURRENT_LINK}' points to it" if published
                     else "the previous build, if any, is still the current one")
            raise BuildError(f"could not write the output in '{out_dir}': {exc.strerror or exc} ({state})") from None
    return BuildReport(
        files=len(data.files) + len(sources),
        sources=len(data.sources),
        facts=len(data.facts),
        triples=triples,
        quads=sum(per_graph.values()),
        graphs=len(per_graph),
        out_dir=out_dir,
        ontology_triples=ontology,
        graph_quads=per_graph,
        build_dir=finished,
        outputs=[out_dir / name for name in OUTPUTS],
        validation=report,
        seconds=time.perf_counter() - started,
        warnings=[str(w) for w in data.warnings] + [w for s in sources for w in s.summary.skip_warnings()],
        events=[s.summary for s in sources],
    )
