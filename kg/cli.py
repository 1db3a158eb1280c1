"""The kg command line: parse options, call the library, print. Nothing else lives here."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from . import __version__
from .project import Project

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

EXPORT_FORMATS = ("graphml", "gexf", "cytoscape", "csv", "jsonld", "nquads")  # kept equal to kg.export.FORMATS (tested)
QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "nquads", "trig", "jsonld")
DEFAULT_QUERY_TIMEOUT = 180.0  # seconds; kept equal to kg.query.DEFAULT_TIMEOUT (tested)
DEFAULT_DATA = Path("data")
DEFAULT_OUT = Path("output")
PROGRESS_DELAY = 0.5  # seconds a stage may run before its progress bar appears
# kg build --format: the names of kg.loaders.FORMATS, written out so `kg --help` need not import the loaders (tested equal).
BUILD_FORMATS = ("atop", "cow")


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


class _KgGroup(click.Group):
    """Turn every KgError into 'Error: ...' and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        from .errors import KgError

        try:
            return super().invoke(ctx)
        except KgError as exc:
            _fail(str(exc))
        except BrokenPipeError:
            # The reader went away ('kg query ... | head'): stop quietly, as Python's docs advise.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        return None


@click.group(cls=_KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--project", "project_path", type=click.Path(path_type=Path), envvar="KG_PROJECT", default=None,
              help="The project file (kg.toml, or its folder): its blocs, extra actors and default --data/--out/--store "
                   "[default: data/kg.toml when there is one; env KG_PROJECT].")
@click.pass_context
def main(ctx: click.Context, project_path: Path | None) -> None:
    """Build and question a knowledge graph of defence-cooperation agreements.

    Typical use: 'kg build', then 'kg query partners --param country=RUS'.
    """
    if project_path is None and not (DEFAULT_DATA / "kg.toml").is_file():
        return
    from .project import load_project, use_project

    project = load_project(project_path or DEFAULT_DATA / "kg.toml")
    use_project(project)
    ctx.obj = project
    ctx.default_map = _project_defaults(project)


def _project_defaults(project: Project) -> dict[str, dict[str, object]]:
    """Turn kg.toml's folders into the defaults of every command that takes them (an explicit option still wins)."""
    data = project.path.parent if project.path is not None else DEFAULT_DATA
    out = project.out or DEFAULT_OUT
    store = project.store or out / "store"
    defaults: dict[str, dict[str, object]] = {}
    for name, command in main.commands.items():
        params = {p.name for p in command.params}
        values = {"data_dir": data, "out_dir": out, "store_dir": store}
        defaults[name] = {k: v for k, v in values.items() if k in params}
    defaults["render"]["out"] = out / "graph.html"
    return defaults


def _default_store() -> Path:
    """The store a command reads when none is named: kg.toml's, else output/store."""
    ctx = click.get_current_context(silent=True)
    project = ctx.find_object(Project) if ctx is not None else None
    if project is not None:
        return project.store or (project.out or DEFAULT_OUT) / "store"
    return DEFAULT_OUT / "store"


class _StageProgress:
    """Show a progress bar on stderr per build stage, only once a stage takes more than a moment."""

    def __init__(self, delay: float | None = None) -> None:
        self.delay = PROGRESS_DELAY if delay is None else delay
        self.stage: str | None = None
        self.started = 0.0
        self.bar: ProgressBar[int] | None = None
        self.shown = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage, self.started, self.shown = stage, time.monotonic(), 0
        if self.bar is None and time.monotonic() - self.started > self.delay:
            labels = {"load": "Reading fact files", "validate": "Checking SHACL shapes", "store": "Writing the store"}
            bar: ProgressBar[int] = click.progressbar(length=total, label=labels.get(stage, stage), file=sys.stderr)
            self.bar = bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.shown)
            self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _count(n: int, noun: str) -> str:
    """'1 fact', '49 facts'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DEFAULT_DATA, show_default=True,
              help="Folder of fact files (its facts/ subfolder if it has one).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Where to write store/, graph.trig and graph.ttl.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check (faster for bulk data; run 'kg validate' later).")
@click.option("--strict", is_flag=True,
              help="Refuse what is only a warning otherwise: a date more than a year ahead, a source without publisher.")
@click.option("--format", "fmt", type=click.Choice([*BUILD_FORMATS, "gdelt"]), default=None,
              help="Read every file as this data set: atop, cow (a .csv with its header is read so unasked), gdelt (every "
                   ".csv/.tsv/.zip table as GDELT events; files named *.export.CSV[.zip] or with 61/58 tab fields are read "
                   "so unasked; docs/gdelt.md).")
@click.option("--cameo", "cameo", metavar="CODES",
              help="GDELT: keep the events of these CAMEO codes (comma list; a code keeps the codes nested under it, "
                   "a root such as 06 all of its codes) instead of the defence-cooperation default.")
@click.option("--full", is_flag=True,
              help="Rebuild every graph, not only those of fact files changed since the last build.")
def build(data_dir: Path, out_dir: Path, no_validate: bool, strict: bool, fmt: str | None, cameo: str | None,
          full: bool) -> None:
    """Load fact files, map them to RDF, check the shapes and write the store."""
    from .build import build as run_build
    from .loaders.gdelt import default_cameo

    codes = default_cameo().with_codes(cameo) if cameo is not None else None
    progress = _StageProgress()
    try:
        report = run_build(data_dir, out_dir, validate=not no_validate, progress=progress, strict=strict,
                           fmt=fmt, cameo=codes, full=full)
    finally:
        progress.close()
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Built {_count(report.facts, 'fact')} ({_count(report.sources, 'source')}, "
               f"{_count(report.files, 'file')}) in {report.seconds:.1f} s:")
    click.echo(f"  {report.triples} distinct triples in the union graph queries read "
               f"(the ontology's {report.ontology_triples} included)")
    click.echo(f"  {report.quads} quads in {report.graphs} source graphs "
               "(one graph per source, plus the gazetteer's; a triple two sources state is in both)")
    for summary in report.events:
        click.echo(f"  {summary.describe()} in {summary.seconds:.1f} s")
    if report.validation is not None:
        click.echo("SHACL: conforms." + (" (GDELT events are checked row by row as they load, not by SHACL)"
                                        if report.events else ""))
    for path in report.outputs:
        click.echo(f"  {path}")


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            _fail(f"--param takes name=value, not '{item}'")
        values[name.strip()] = value.strip()
    return values


@main.command()
@click.argument("query", required=False)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(list(QUERY_FORMATS)), default="table", show_default=True,
              help="SELECT/ASK: table, or the W3C formats csv, tsv, json, xml. "
                   "CONSTRUCT/DESCRIBE: turtle, ntriples, nquads, trig, jsonld (table = Turtle).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT / "store", show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_QUERY_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Stop a query that runs longer than this (0: no limit).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries with their parameters.")
@click.option("--endpoint", metavar="URL", help="Ask this remote SPARQL endpoint (over the graphs 'kg push' sent) "
              "instead of the local store; credentials from KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or ~/.netrc.")
def query(query: str | None, params: tuple[str, ...], fmt: str, store_dir: Path, timeout: float,
          list_queries: bool, endpoint: str | None) -> None:
    """Run QUERY: SPARQL text, a .rq file, '-' (read it from standard input), or the name of a shipped query.

    The graph is read-only here: SPARQL Update and SERVICE are refused. Results stream to
    standard output as they are found.
    """
    from .query import named_queries, stream_query

    if list_queries:
        for named in named_queries().values():
            click.echo(f"{named.name}: {named.description}")
            for p in named.parameters:
                click.echo(f"    --param {p.name}=...  ({p.type}{', optional' if p.optional else ''}) {p.description}")
        return
    if not query:
        _fail("give a query: SPARQL text, a .rq file, '-' for standard input, or a named query (see 'kg query --list')")
    sys.stdout.flush()
    out = sys.stdout.buffer
    if endpoint:
        from .remote import stream_remote_query

        stream_remote_query(endpoint, query, _parse_params(params), fmt, out, timeout=timeout or None)
    else:
        stream_query(store_dir, query, _parse_params(params), fmt, out, timeout=timeout or None)
    out.flush()


# --- push command ---


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The remote store's SPARQL query endpoint (e.g. http://host:7878/query, http://host:8890/sparql).")
@click.option("--graph-store", metavar="URL",
              help="Its SPARQL 1.1 Graph Store endpoint  [default: /store beside Oxigraph's /query, "
                   "/sparql-graph-crud-auth beside Virtuoso's /sparql]")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="The output folder of 'kg build': its store is pushed, push-state/ remembers what was sent.")
@click.option("--incremental", is_flag=True, help="Send only the graphs that changed since the last push to this store.")
@click.option("--progress/--no-progress", "show_progress", default=None,
              help="Show a progress bar on stderr  [default: when stderr is a terminal]")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_QUERY_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Give up on a request the store has not answered in this time (0: no limit).")
def push(endpoint: str, graph_store: str | None, out_dir: Path, incremental: bool, show_progress: bool | None,
         timeout: float) -> None:
    """Replace the build's named graphs (one per source, the gazetteer's, the ontology) on a remote SPARQL store.

    One Graph Store Protocol PUT per graph, so a push cut short is made whole by running it
    again. Credentials come from KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD (or KG_ENDPOINT_TOKEN)
    or ~/.netrc, never from the command line. See docs/remote.md.
    """
    from .remote import push as run_push

    shown = sys.stderr.isatty() if show_progress is None else show_progress
    bar: ProgressBar[int] | None = None

    def progress(done: int, total: int, graph: str) -> None:
        nonlocal bar
        if not shown or not total:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="Pushing graphs", file=sys.stderr).__enter__()
        bar.update(done - bar.pos)

    try:
        report = run_push(out_dir, endpoint, graph_store, incremental=incremental, progress=progress,
                          timeout=timeout or None)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    unchanged = f", {_count(len(report.unchanged), 'graph')} unchanged" if incremental else ""
    deleted = f", {_count(len(report.deleted), 'graph')} the build no longer has deleted" if report.deleted else ""
    click.echo(f"Pushed {_count(len(report.pushed), 'graph')} ({_count(report.triples, 'triple')}) to "
               f"{report.graph_store}{unchanged}{deleted} in {report.seconds:.1f} s.")


@main.command()
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT / "store", show_default=True)
@click.option("--full", is_flag=True, help="Print pySHACL's whole report instead of one line per problem.")
@click.option("--all-graphs", is_flag=True,
              help="Also judge a GDELT build's event graphs, which are left out by default as the build leaves them "
                   "out (pySHACL holds every triple it judges in memory: about 300 MB per 100k triples).")
def validate(store_dir: Path, full: bool, all_graphs: bool) -> None:
    """Check the built graph against the SHACL shapes. Exit 0 conforms, 1 does not conform, 2 error.

    As the build does, it judges the fact graphs and leaves out the event graphs streamed from
    GDELT files (each row's fields were checked as it loaded); --all-graphs judges those too.
    """
    from .errors import KgError
    from .validate import validate_store

    try:
        report = validate_store(store_dir, all_graphs=all_graphs)
    except KgError as exc:
        _fail(str(exc), code=2)
        return
    if report.left_out:
        click.echo(f"Judged the fact graphs; left out {_count(len(report.left_out), 'GDELT event graph')} (their rows "
                   "were checked field by field as they loaded; --all-graphs judges them too).")
    if report.conforms:
        click.echo("Conforms: the graph satisfies ontologies/shapes.ttl.")
        return
    click.echo(f"Does not conform: {len(report.violations)} problems.")
    if full:
        click.echo(report.text)
    else:
        for v in report.violations:
            click.echo(f"- {v.focus}{' ' + v.path if v.path else ''}: {v.message}")
    sys.exit(1)


# --- stats, render and export commands ---


def _as_of_option(value: str | None) -> str | None:
    """Read --as-of (YYYY, YYYY-MM or YYYY-MM-DD) through the library, so errors read the same everywhere."""
    if value is None:
        return None
    from .projections import parse_as_of

    return parse_as_of(value)


_STORE_OPTION = click.option("--store", "store_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT / "store",
                             show_default=True, help="The store 'kg build' wrote.")
_AS_OF_OPTION = click.option("--as-of", "as_of", metavar="DATE",
                             help="Ties in force then, and those with no known start (undated) until they end "
                                  "(YYYY, YYYY-MM or YYYY-MM-DD; a year or month means its last day).")
_FOCUS_OPTION = click.option("--focus", metavar="ACTOR", help="One actor (code or name, e.g. RUS, Togo): its ego network.")
_DEPLOYMENTS_OPTION = click.option("--deployments", is_flag=True,
                                   help="Also link hosts to the states and forces deployed in them.")
_EVENTS_OPTION = click.option("--events", is_flag=True,
                              help="Also weight state pairs by their GDELT reported events (docs/gdelt.md); "
                                   "default: curated ties only.")


@main.command()
@_STORE_OPTION
@_FOCUS_OPTION
@click.option("--timeline", is_flag=True, help="Growth by year (with --focus: the actor's partners each year).")
@_AS_OF_OPTION
@_DEPLOYMENTS_OPTION
@_EVENTS_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="json: the shape documented in docs/stats-and-views.md.")
def stats(store_dir: Path, focus: str | None, timeline: bool, as_of: str | None, deployments: bool, events: bool,
          fmt: str) -> None:
    """Counts, centralities, communities, bloc balance and growth of the cooperation graph."""
    from .stats import compute_stats, format_stats

    report = compute_stats(store_dir, as_of=_as_of_option(as_of), focus=focus, timeline=timeline, deployments=deployments,
                           events=events)
    click.echo(format_stats(report, fmt), nl=False)


@main.command()
@_STORE_OPTION
@click.option("-o", "--out", "out", type=click.Path(path_type=Path, dir_okay=False), default=DEFAULT_OUT / "graph.html",
              show_default=True, help="The HTML file to write (its folder is created).")
@_FOCUS_OPTION
@_AS_OF_OPTION
@click.option("--layout", type=click.Choice(["force", "geo"]), default="force", show_default=True,
              help="force: computed positions; geo: the gazetteer's longitude and latitude.")
@_DEPLOYMENTS_OPTION
@_EVENTS_OPTION
def render(store_dir: Path, out: Path, focus: str | None, as_of: str | None, layout: str, deployments: bool,
           events: bool) -> None:
    """Write the network as one self-contained HTML page that works offline."""
    from .render import render as run_render

    report = run_render(store_dir, out, as_of=_as_of_option(as_of), focus=focus, layout=layout, deployments=deployments,
                        events=events)
    if report.note:
        click.echo(f"Note: {report.note}")
    click.echo(f"Wrote {report.path} ({report.actors} actors, {report.ties} ties, {report.bytes / 1e6:.1f} MB).")


@main.command()
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), required=True,
              help="graphml/gexf: Gephi (gexf with a timeline), Cytoscape; cytoscape: Cytoscape.js JSON; "
                   "csv: edges and nodes tables; jsonld/nquads: the whole store as RDF.")
@_STORE_OPTION
@click.option("-o", "--out", "out", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
              help="The file to write [default: output/graph.<format>], '-' for standard output; "
                   "csv also writes <name>.nodes.csv beside it.")
@click.option("--graph", "graph", type=click.Choice(["cooperation", "bipartite"]), default="cooperation", show_default=True,
              help="cooperation: actor to actor; bipartite: actors and agreements.")
@_FOCUS_OPTION
@_AS_OF_OPTION
@_DEPLOYMENTS_OPTION
def export(fmt: str, store_dir: Path, out: Path | None, graph: str, focus: str | None, as_of: str | None,
           deployments: bool) -> None:
    """Write the graph for Gephi, Cytoscape or a spreadsheet, or the store as RDF."""
    from .export import export as run_export
    from .outputs import STDOUT

    report = run_export(store_dir, fmt, out, graph=graph, as_of=_as_of_option(as_of), focus=focus, deployments=deployments)
    if report.note:
        click.echo(f"Note: {report.note}", err=out == STDOUT)
    for written in report.written:
        if written.path == STDOUT:  # keep standard output for the data; say what went there on stderr
            click.echo(f"Wrote {written.holds} to standard output.", err=True)
        else:
            click.echo(f"Wrote {written.path} ({written.holds}).")


# --- extract command ---


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default=None,
              help="Output format  [default: json if -o ends in .json, else yaml]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the fact file to FILE (its folder is created; '-' is standard output) instead of printing it.")
@click.option("--published", metavar="DATE", default=None,
              help="Publication date (YYYY-MM-DD) of articles without front matter; gives '12 April' its year "
                   "and 'Tuesday' its day.")
@click.option("--language", type=click.Choice(["fr", "en"]), default=None,
              help="The articles' language, instead of detecting it.")
@click.option("--against", metavar="STORE|none", default=None, callback=lambda _c, _p, v: _against_store(v),
              help="Reuse the ids of this store's agreements for the same agreements  "
                   "[default: output/store when it exists; 'none' keeps the ids kg extract makes]")
def extract(paths: tuple[Path, ...], fmt: str | None, output: Path | None, published: str | None,
            language: str | None, against: Path | None) -> None:
    """Propose agreement facts, each with its evidence, from French or English articles.

    PATH is a .txt, .md (front matter: title, published, url, language) or saved .html
    article, or '-' to read one article from standard input. Prints a fact file in the
    schema of data/facts/: review it, edit it, commit it.
    """
    from .errors import KgError
    from .extract import extract_article, extract_file, fact_document, render
    from .extract.reader import read_article_bytes
    from .facts import DateFormatError, PartialDate

    publication = None
    if published:
        try:
            publication = PartialDate.parse(published)
        except DateFormatError as exc:
            _fail(f"--published: {exc}")
    from .outputs import prepare_output_file, write_atomically

    if output is not None and str(output) == "-":
        output = None
    if output is not None:
        prepare_output_file(output)  # a bad -o is refused before the slow reading
    fmt = fmt or ("json" if output is not None and output.suffix.lower() == ".json" else "yaml")
    extractions = []
    failed = 0
    for path in paths:
        bar = _StageProgress()

        def progress(done: int, total: int, name: str = path.name, bar: _StageProgress = bar) -> None:
            if total >= 200_000:          # a bar only for long texts; short ones take a moment
                bar(f"Reading {name}", done, total)

        try:
            if str(path) == "-":
                article = read_article_bytes(sys.stdin.buffer.read(), published=publication, language=language)
                extraction = extract_article(article, progress=progress)
            else:
                extraction = extract_file(path, published=publication, language=language, progress=progress)
        except KgError as exc:
            click.echo(f"Error: {exc}", err=True)
            failed += 1
            continue
        finally:
            bar.close()
        for warning in extraction.warnings:
            click.echo(f"Warning: {warning}", err=True)
        extractions.append(extraction)
    if extractions:
        document, notes = _match_against(fact_document(extractions), against)
        text = render(document, fmt)
        text = _annotate(text, notes) if fmt == "yaml" else text
        if output is not None:
            write_atomically(output, text)
            count = sum(len(e.facts) for e in extractions)
            click.echo(f"Wrote {count} facts from {len(extractions)} article(s) to {output}; review before committing.",
                       err=True)
        else:
            click.echo(text, nl=False)
    if failed:
        sys.exit(1)


def _against_store(value: str | None) -> Path | None:
    """Read 'kg extract --against': the store to match ids against, opened once so a bad one is refused before the reading."""
    if value == "none":
        return None
    store = _default_store() if value is None else Path(value)
    if value is None and not store.exists():
        return None
    from .errors import StoreError
    from .store_access import open_store

    try:
        open_store(store)
    except StoreError as exc:
        raise StoreError(f"--against: {exc} ('--against none' keeps the ids kg extract makes)") from None
    return store


def _match_against(document: dict[str, object], store: Path | None) -> tuple[dict[str, object], list[str]]:
    """Give the agreements the store holds its ids, with a note on stderr per decision that changed one."""
    if store is None:
        return document, []
    from .review import match_ids

    document, matches = match_ids(document, store)
    notes = [m.note for m in matches if m.note]
    for note in notes:
        click.echo(f"Note: {note}", err=True)
    return document, notes


def _annotate(text: str, notes: list[str]) -> str:
    from .review import annotate

    return annotate(text, notes)


# --- review and accept commands ---


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@_STORE_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def review(file: Path, store_dir: Path, fmt: str) -> None:
    """Compare a proposed fact file (from kg extract) with the built store, one line per fact and event.

    Each line says: new agreement, new event on an agreement, agrees with (the sources that say
    the same), or contradicts (the source, the claim, its value and the proposal's).
    """
    from .review import format_review
    from .review import review as run_review

    click.echo(format_review(run_review(file, store_dir), fmt), nl=False)


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--into", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The fact file to append to (created when missing)  [default: DATA/facts/<source id>.yaml, "
                   "or DATA/facts/extracted.yaml for several sources]")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DEFAULT_DATA, show_default=True,
              help="The data folder the facts join; the proposal is checked against all of it.")
def accept(file: Path, into: Path | None, data_dir: Path) -> None:
    """Append a reviewed proposal's facts and source block to a fact file of the data folder.

    Refused, leaving every file as it was: a proposal the loaders refuse, a source id the data
    folder already defines differently. Facts already in the data folder are skipped.
    """
    from .review import accept as run_accept

    report = run_accept(file, data_dir, into)
    skipped = f" ({_count(report.skipped, 'fact')} already there, skipped)" if report.skipped else ""
    if not report.facts:
        click.echo(f"Nothing to accept: every fact of {file} is already in the data folder.")
        return
    click.echo(f"Accepted {_count(report.facts, 'fact')} and {_count(report.sources, 'source block')} into "
               f"{report.target}{' (new file)' if report.created else ''}{skipped}; run 'kg build' to see them.")


# --- serve command ---


@main.command()
@_STORE_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default answers this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="0 picks a free port.")
@click.option("--query-timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              metavar="SECONDS", help="Stop a query that runs longer than this; the server goes on answering others.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Rows (or triples) in one answer; more are cut and the answer carries X-Kg-Truncated: true.")
@click.option("--max-query-bytes", type=click.IntRange(min=1024), default=64 * 1024, show_default=True,
              help="Longest query, URL query string or POST body accepted (longer: 413 or 414).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Query worker processes: how many queries run at once.")
@click.option("--cors", multiple=True, metavar="ORIGIN",
              help="Let pages from ORIGIN (e.g. https://example.org) query the endpoint (repeatable; off by default).")
def serve(store_dir: Path, host: str, port: int, query_timeout: float, max_rows: int, max_query_bytes: int,
          workers: int, cors: tuple[str, ...]) -> None:
    """Serve the built store read-only over the SPARQL 1.1 Protocol, with the named queries and the HTML view.

    Endpoint: /sparql (GET or POST; results as JSON, XML, CSV or TSV, triples as Turtle,
    N-Triples or JSON-LD, chosen by Accept or format=). /: the named queries with a form each;
    /view: the network page. SPARQL Update and SERVICE are refused. Ctrl-C stops it.
    """
    from .serve import ServeConfig
    from .serve import serve as run_serve

    def ready(url: str) -> None:
        click.echo(f"Serving {store_dir} at {url} (SPARQL endpoint {url}sparql); Ctrl-C stops.")
        sys.stdout.flush()

    config = ServeConfig(store_dir, host, port, query_timeout, max_rows, max_query_bytes, workers, cors)
    run_serve(config, ready)


if __name__ == "__main__":  # pragma: no cover
    main()
