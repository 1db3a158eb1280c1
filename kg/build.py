"""kg build: data folder in, store and RDF files out — all or nothing, one whole build at a time.

An output folder holds each finished build whole in .builds/<n>/ and one pointer to the
current one, the symlink current -> .builds/<n>; store, graph.trig and graph.ttl are links
through it. Publishing a build is the single rename that swaps that pointer, so a reader
or a crash sees the previous build whole or the new one whole. The previous build is kept
for readers that resolved the pointer just before the swap; older ones are removed.

The write path streams: loaders' records are mapped to Oxigraph quads (kg.mapping) and handed
to the store in large bulk batches (kg.store.StoreWriter), each quad with its copy in the
default graph, which so stays the set union of the named graphs; the dumps are Oxigraph's own
serialisers. What a loader may hand the build (ParsedDocument, kg.loaders._records):
- facts (and sources): kg maps each to quads in the graph of its source, id:graph/<source>;
- quads: zero-argument callables yielding ox.Quad, each in a named graph, for bulk data
  (GDELT): called once while the store is written, never held in a list.

Incremental: each build folder keeps manifest.json (a content hash and the graphs of every
fact file, and a fingerprint of kg's code, ontology, blocs and gazetteer) and parsed/<hash>.pickle
(each fact file's parse). The next build re-reads only files whose hash changed, copies the
previous store, and replaces only the named graphs those files give (old and new), the
gazetteer graph where the actors referenced change, and their default-graph union triples;
SHACL checks only those graphs. The result equals a full build's; --full (full=True) forces one.
A change to a quad-stream file, or any fingerprint change, makes a full build.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .blocs import Bloc, actor_blocs, load_blocs
from .errors import BuildError
from .gazetteer import Gazetteer, default_gazetteer
from .loaders import DataSet, fact_files, load_data, load_file, supported_extensions
from .loaders._records import ParsedDocument
from .loaders.gdelt import CameoCodes, GdeltSource, GdeltSummary, default_cameo, split_event_files, stream_into
from .mapping import GAZETTEER_GRAPH, fact_quads, gazetteer_quads, graph_iri, source_quads
from .outputs import exchange, prepare_output_dir, replace_symlink
from .project import Project, find_project, use_project
from .resources import resource_path
from .store import (
    ONTOLOGY_GRAPH,
    StoreWriter,
    add_ontology,
    data_graphs,
    default_graph_size,
    dump_trig,
    dump_turtle,
    graph_sizes,
)
from .validate import ValidationReport, validate_graphs

if TYPE_CHECKING:
    from .facts import Fact

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
#: In each build folder: what the next build needs to rebuild only what changed.
MANIFEST_FILE = "manifest.json"
PARSED_DIR = "parsed"
#: In manifest.json: the named graphs of streamed GDELT event files, which SHACL leaves to the loader's row checks.
EVENT_GRAPHS_KEY = "event_graphs"
#: kg's own files whose change changes what a fact file maps to: any edit makes the next build full.
_CODE_FILES = ("mapping.py", "facts.py", "vocab.py", "loaders/__init__.py", "loaders/_records.py", "loaders/_yaml.py",
               "build.py", "store.py")

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
    #: None for a full build; else the named graphs an incremental build replaced (IRIs).
    rebuilt_graphs: list[str] | None = None
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


def _work_folder(builds: Path) -> Path:
    """A fresh folder for a build in progress, readable as any folder the user makes (not mkdtemp's 0700)."""
    builds.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=builds))
    umask = os.umask(0)
    os.umask(umask)
    work.chmod(0o777 & ~umask)
    return work


def _fingerprint(gazetteer: Gazetteer, strict: bool, today: str, blocs: list[Bloc], fmt: str | None) -> str:
    """What, besides the fact files, decides a build's content: kg's code and data files, the gazetteer, blocs, the day."""
    digest = hashlib.sha256(f"{strict}|{today}|{fmt}|{blocs!r}|".encode())
    here = Path(__file__).parent
    for name in _CODE_FILES:
        digest.update((here / name).read_bytes())
    for name in ("ontologies/defcoop.ttl", "ontologies/shapes.ttl"):
        digest.update(resource_path(name).read_bytes())
    digest.update(repr(list(gazetteer)).encode())
    digest.update(repr(getattr(gazetteer, "_phrases", None)).encode())
    return digest.hexdigest()


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _document_graphs(document: ParsedDocument) -> set[str]:
    """The named graphs a fact file writes into: its sources' and its facts' sources'."""
    return {str(graph_iri(s.id)) for s in document.sources} | {str(graph_iri(f.source)) for f in document.facts}


@dataclass
class _Previous:
    """The current build, as far as the next one can reuse it."""

    folder: Path
    files: dict[str, dict[str, object]]
    validated: bool = False


def _previous(out_dir: Path, fingerprint: str) -> _Previous | None:
    """The current build's manifest, if it was made from the same code, ontology and gazetteer."""
    current = _current_id(out_dir)
    if current is None:
        return None
    folder = out_dir / BUILDS_DIR / str(current)
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("fingerprint") != fingerprint or not (folder / STORE_DIR / "CURRENT").is_file():
        return None
    if manifest.get(EVENT_GRAPHS_KEY):  # its event graphs belong to no fact file: only a full build removes them
        return None
    return _Previous(folder, manifest["files"], bool(manifest.get("validated")))


class _Reader:
    """Reads fact files for load_data, reusing the previous build's parse of a file whose bytes are unchanged."""

    def __init__(self, root: Path, gazetteer: Gazetteer, previous: _Previous | None, fmt: str | None = None) -> None:
        self.root, self.gazetteer, self.previous, self.fmt = root, gazetteer, previous, fmt
        self.hashes: dict[str, str] = {}
        self.documents: dict[str, ParsedDocument] = {}
        self.reused: set[str] = set()

    def key(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

    def __call__(self, path: Path) -> ParsedDocument:
        key, digest = self.key(path), _file_hash(path)
        self.hashes[key] = digest
        old = self.previous.files.get(key) if self.previous else None
        if self.previous and old and old.get("hash") == digest and not old.get("stream"):
            try:
                with (self.previous.folder / PARSED_DIR / f"{digest}.pickle").open("rb") as handle:
                    document: ParsedDocument = pickle.load(handle)
                self.documents[key] = document
                self.reused.add(key)
                return document
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
                pass
        document = load_file(path, self.gazetteer, None, self.fmt)
        self.documents[key] = document
        return document


def _write_manifest(work: Path, fingerprint: str, reader: _Reader, stream_graphs: dict[str, set[str]],
                    previous: _Previous | None, validated: bool, event_graphs: frozenset[str] = frozenset()) -> None:
    """Record each file's hash and graphs, and keep each file's parse for the next build.

    event_graphs, the graphs of streamed GDELT event files, are recorded apart: 'kg validate'
    leaves them out as the build's SHACL check did, and a build after this one is a full one.
    """
    parsed = work / PARSED_DIR
    parsed.mkdir()
    files: dict[str, dict[str, object]] = {}
    for key, document in reader.documents.items():
        digest = reader.hashes[key]
        if document.quads:
            files[key] = {"hash": digest, "graphs": sorted(stream_graphs.get(key, ())), "stream": True}
            continue
        files[key] = {"hash": digest, "graphs": sorted(_document_graphs(document))}
        target = parsed / f"{digest}.pickle"
        old = previous.folder / PARSED_DIR / target.name if previous else None
        if old is not None and key in reader.reused and old.is_file():
            try:
                os.link(old, target)
                continue
            except OSError:
                pass
        if not target.exists():
            with target.open("wb") as handle:
                pickle.dump(document, handle, protocol=pickle.HIGHEST_PROTOCOL)
    manifest: dict[str, object] = {"fingerprint": fingerprint, "validated": validated, "files": files}
    if event_graphs:
        manifest[EVENT_GRAPHS_KEY] = sorted(event_graphs)
    (work / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1, sort_keys=True),
                                      encoding="utf-8")


def _changed_graphs(reader: _Reader, previous: _Previous) -> set[str] | None:
    """The named graphs a build must replace, or None when only a full build will do (a quad stream changed)."""
    graphs: set[str] = set()
    for key in set(reader.hashes) | set(previous.files):
        old, digest = previous.files.get(key), reader.hashes.get(key)
        if old is not None and old.get("hash") == digest:
            continue
        document = reader.documents.get(key)
        if (old is not None and old.get("stream")) or (document is not None and document.quads):
            return None
        if old is not None:
            graphs.update(str(g) for g in old.get("graphs", ()))  # type: ignore[attr-defined]
        if document is not None:
            graphs.update(_document_graphs(document))
    return graphs


def _write_full(store_path: Path, data: DataSet, gazetteer: Gazetteer, blocs: list[Bloc], reader: _Reader,
                progress: Progress | None) -> tuple[ox.Store, dict[str, set[str]]]:
    """Stream every graph into a new store: sources, facts, the gazetteer's actors, then the quad streams."""
    loaded = 0
    total = len(data.facts)

    def on_batch(count: int) -> None:
        nonlocal loaded
        loaded += count
        if progress:
            progress("store", loaded, max(loaded, total))

    writer = StoreWriter(store_path, on_batch)
    for source in sorted(data.sources.values(), key=lambda s: s.id):
        writer.add_mapped(source_quads(source))
    for fact in data.facts:
        writer.add_mapped(fact_quads(fact))
    writer.add_mapped(gazetteer_quads(data.facts, gazetteer, blocs))
    stream_graphs: dict[str, set[str]] = {}
    for path, stream in data.quad_streams:
        before, writer.graphs = writer.graphs, set()
        writer.add(stream())
        stream_graphs.setdefault(reader.key(path), set()).update(writer.graphs)
        writer.graphs |= before
    writer.flush()
    add_ontology(writer.store)
    return writer.store, stream_graphs


def _graph_quads(graph: str, data: DataSet, facts_by_graph: dict[str, list[Fact]], gazetteer: Gazetteer,
                 blocs: list[Bloc]) -> set[ox.Quad]:
    """What a full build would write into one named graph."""
    if graph == str(GAZETTEER_GRAPH):
        return set(gazetteer_quads(data.facts, gazetteer, blocs))
    quads: set[ox.Quad] = set()
    for source in data.sources.values():
        if str(graph_iri(source.id)) == graph:
            quads.update(source_quads(source))
    for fact in facts_by_graph.get(graph, ()):
        quads.update(fact_quads(fact))
    return quads


def _write_incremental(store_path: Path, previous: _Previous, graphs: set[str], data: DataSet,
                       gazetteer: Gazetteer, blocs: list[Bloc]) -> tuple[ox.Store, list[str]]:
    """Copy the previous store and replace the given graphs (and the gazetteer's, if it differs) and their union triples."""
    ox.Store.read_only(str(previous.folder / STORE_DIR)).backup(str(store_path))  # hard links its files: cheap
    store = ox.Store(str(store_path))
    facts_by_graph: dict[str, list[Fact]] = {}
    for fact in data.facts:
        graph = str(graph_iri(fact.source))
        if graph in graphs:
            facts_by_graph.setdefault(graph, []).append(fact)
    default = ox.DefaultGraph()
    removed: set[ox.Triple] = set()
    added: list[ox.Quad] = []
    replaced: list[str] = []
    for graph in sorted(graphs | {str(GAZETTEER_GRAPH)}):
        node = ox.NamedNode(graph)
        old = set(store.quads_for_pattern(None, None, None, node))
        canonical = ox.Store()  # in memory: the store writes some literals canonically (decimal "0.80" as 0.8)
        canonical.extend(_graph_quads(graph, data, facts_by_graph, gazetteer, blocs))
        new = set(canonical)
        if old == new:
            continue
        replaced.append(graph)
        for quad in old - new:
            store.remove(quad)
            removed.add(quad.triple)
        fresh = list(new - old)
        store.extend(fresh)
        added.extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in fresh)
        if not new:
            store.remove_graph(node)
    store.extend(added)
    for triple in removed:  # a triple leaves the union only when no named graph states it any more
        if not any(not isinstance(q.graph_name, ox.DefaultGraph)
                   for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, default))
    return store, replaced


def _write_build(out_dir: Path, data: DataSet, gazetteer: Gazetteer, blocs: list[Bloc], reader: _Reader,
                 fingerprint: str, previous: _Previous | None, validate: bool, progress: Progress | None,
                 events: Callable[[ox.Store], None] | None = None, event_graphs: frozenset[str] = frozenset(),
                 ) -> tuple[Path, tuple[int, int, dict[str, int]], ValidationReport | None, list[str] | None]:
    """Write store, TriG and Turtle into a work folder, check them, then rename it to the next .builds/<n> once whole."""
    builds = out_dir / BUILDS_DIR
    work = _work_folder(builds)
    try:
        changed = _changed_graphs(reader, previous) if previous else None
        stream_graphs: dict[str, set[str]] = {}
        rebuilt: list[str] | None = None
        if previous is not None and changed is not None:
            store, rebuilt = _write_incremental(work / STORE_DIR, previous, changed, data, gazetteer, blocs)
            for key, entry in previous.files.items():
                if entry.get("stream") and key in reader.hashes:
                    stream_graphs[key] = {str(g) for g in entry.get("graphs", ())}  # type: ignore[attr-defined]
        else:
            store, stream_graphs = _write_full(work / STORE_DIR, data, gazetteer, blocs, reader, progress)
            if events is not None:
                events(store)  # GDELT reported events, streamed into the store in batches
        report = None
        scope = rebuilt if previous is not None and previous.validated else None  # None: every graph
        if scope is None and event_graphs:
            # GDELT events are checked field by field as they load; SHACL over millions of them would
            # hold them all in memory (pySHACL): it judges the other graphs
            scope = [g.value for g in data_graphs(store) if g.value not in event_graphs]
        if validate and (scope is None or scope):
            if progress:
                progress("validate", 0, 1)
            report = validate_graphs(store, scope)
            if not report.conforms:
                first = "; ".join(f"{v.focus}{' ' + v.path if v.path else ''}: {v.message}" for v in report.violations[:5])
                raise BuildError(
                    f"the graph does not conform to ontologies/shapes.ttl ({len(report.violations)} problems): {first}. "
                    "Fix the fact files, or run 'kg validate' on a build made with --no-validate to see them all"
                )
        elif validate:
            report = ValidationReport(conforms=True, text="Validation Report\nConforms: True\n")
        sizes = graph_sizes(store)
        per_graph = {g: n for g, n in sizes.items() if g != ONTOLOGY_GRAPH.value}
        counts = (default_graph_size(store), sizes.get(ONTOLOGY_GRAPH.value, 0), per_graph)
        if previous is not None and rebuilt == []:  # nothing changed: the previous dumps are these dumps
            for name in (TRIG_FILE, TURTLE_FILE):
                os.link(previous.folder / name, work / name)
        else:
            # both dumps run in Oxigraph's Rust code, which lets go of the GIL: side by side
            with ThreadPoolExecutor(max_workers=2) as pool:
                dumps = [pool.submit(dump_trig, store, work / TRIG_FILE),
                         pool.submit(dump_turtle, store, work / TURTLE_FILE)]
                for dump in dumps:
                    dump.result()
        store.flush()  # into the store's files, not only its log: the next build copies them with Store.backup
        _write_manifest(work, fingerprint, reader, stream_graphs, previous,
                        validate or (previous is not None and previous.validated and rebuilt == []), event_graphs)
        del store  # close the store before its folder is renamed
        finished = builds / str(max(_build_ids(builds), default=0) + 1)
        os.rename(work, finished)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return finished, counts, report, rebuilt


def build(
    data_dir: Path,
    out_dir: Path,
    *,
    gazetteer: Gazetteer | None = None,
    validate: bool = True,
    progress: Progress | None = None,
    strict: bool = False,
    full: bool = False,
    fmt: str | None = None,
    cameo: CameoCodes | None = None,
) -> BuildReport:
    """Load, map, check and store a data folder; on any failure the previous output stays as it was.

    Rebuilds only the graphs of fact files changed since the current build unless full=True (or
    the data holds GDELT event files, which are always streamed into a new store).
    """
    started = time.perf_counter()
    prepare_output_dir(out_dir, create=False)  # refuse an unusable --out before the slow part
    project = find_project(data_dir)
    if gazetteer is None:
        use_project(project)
        gazetteer = default_gazetteer()
    blocs = load_blocs(project.blocs, known={a.id for a in gazetteer})
    # GDELT event files (by shape, or every table under fmt="gdelt") stream in after the facts; the rest are fact files.
    event_files, paths = split_event_files(data_dir, project_fact_files(data_dir, project),
                                           "gdelt" if fmt == "gdelt" else "auto")
    sources = [GdeltSource(p, gazetteer, cameo or default_cameo(), strict=strict, blocs=actor_blocs(blocs))
               for p in event_files]
    fingerprint = _fingerprint(gazetteer, strict, time.strftime("%Y-%m-%d"), blocs, fmt)
    previous = None if full or sources or not out_dir.is_dir() else _previous(out_dir, fingerprint)
    root = data_dir / "facts" if (data_dir / "facts").is_dir() else data_dir
    fact_format = None if fmt == "gdelt" else fmt
    reader = _Reader(root, gazetteer, previous, fact_format)
    data: DataSet = load_data(
        data_dir, gazetteer, progress=(lambda done, total: progress("load", done, total)) if progress else None,
        strict=strict, read=reader if data_dir.is_dir() else None, paths=paths, fmt=fact_format,
    )
    events = (lambda store: stream_into(store, sources, cameo or default_cameo())) if sources else None
    if not data.facts and not data.quad_streams and not sources:
        many = len(data.files) > 1
        found = (f"the {f'{len(data.files)} fact files' if many else 'fact file'} in '{root}' "
                 f"hold{'' if many else 's'} no facts") if data.files else \
            f"no fact file in '{root}' (fact files end in {', '.join(supported_extensions())})"
        raise BuildError(f"nothing to build: {found}; add fact files (docs/fact-schema.md) or pass --data")

    prepare_output_dir(out_dir)
    published = False
    with _locked(out_dir):
        try:
            _adopt_previous_layout(out_dir)
            _prune(out_dir)
            if previous is not None:  # re-read under the lock: another build may have swapped current since
                again = _previous(out_dir, fingerprint)
                previous = again if again is not None and again.folder == previous.folder else None
            finished, (triples, ontology, per_graph), report, rebuilt = _write_build(
                out_dir, data, gazetteer, blocs, reader, fingerprint, previous, validate, progress, events,
                frozenset(s.graph.value for s in sources))
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
        rebuilt_graphs=rebuilt,
        events=[s.summary for s in sources],
    )
