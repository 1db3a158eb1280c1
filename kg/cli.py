"""The kg command line: parse options, call the library, print. Nothing else lives here."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import __version__

DEFAULT_DATA = Path("data")
DEFAULT_OUT = Path("output")
PROGRESS_DELAY = 0.5  # seconds a stage may run before its progress bar appears


def _fail(message: str, code: int = 1) -> None:
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
        return None


@click.group(cls=_KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build and question a knowledge graph of defence-cooperation agreements.

    Typical use: 'kg build', then 'kg query partners --param country=RUS'.
    """


class _StageProgress:
    """Show a progress bar on stderr per build stage, only once a stage takes more than a moment."""

    def __init__(self, delay: float | None = None) -> None:
        self.delay = PROGRESS_DELAY if delay is None else delay
        self.stage: str | None = None
        self.started = 0.0
        self.bar = None
        self.shown = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage, self.started, self.shown = stage, time.monotonic(), 0
        if self.bar is None and time.monotonic() - self.started > self.delay:
            labels = {"load": "Reading fact files", "validate": "Checking SHACL shapes", "store": "Writing the store"}
            self.bar = click.progressbar(length=total, label=labels.get(stage, stage), file=sys.stderr)
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.shown)
            self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DEFAULT_DATA, show_default=True,
              help="Folder of fact files (its facts/ subfolder if it has one).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Where to write store/, graph.trig and graph.ttl.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check (faster for bulk data; run 'kg validate' later).")
def build(data_dir: Path, out_dir: Path, no_validate: bool) -> None:
    """Load fact files, map them to RDF, check the shapes and write the store."""
    from .build import build as run_build

    progress = _StageProgress()
    try:
        report = run_build(data_dir, out_dir, validate=not no_validate, progress=progress)
    finally:
        progress.close()
    click.echo(
        f"Built {report.quads} triples in {report.graphs} graphs from {report.facts} facts "
        f"({report.sources} sources, {report.files} files) in {report.seconds:.1f} s."
    )
    if report.validation is not None:
        click.echo("SHACL: conforms.")
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
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True,
              help="json is W3C SPARQL results JSON.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT / "store", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries with their parameters.")
def query(query: str | None, params: tuple[str, ...], fmt: str, store_dir: Path, list_queries: bool) -> None:
    """Run QUERY: SPARQL text, a .rq file, or the name of a shipped query."""
    from .query import format_result, named_queries, run_query

    if list_queries:
        for named in named_queries().values():
            click.echo(f"{named.name}: {named.description}")
            for p in named.parameters:
                click.echo(f"    --param {p.name}=...  ({p.type}{', optional' if p.optional else ''}) {p.description}")
        return
    if not query:
        _fail("give a query: SPARQL text, a .rq file or a named query (see 'kg query --list')")
    result = run_query(store_dir, query, _parse_params(params))
    click.echo(format_result(result, fmt), nl=False)


@main.command()
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT / "store", show_default=True)
@click.option("--full", is_flag=True, help="Print pySHACL's whole report instead of one line per problem.")
def validate(store_dir: Path, full: bool) -> None:
    """Check the built graph against the SHACL shapes. Exit 0 conforms, 1 does not conform, 2 error."""
    from .errors import KgError
    from .validate import validate_store

    try:
        report = validate_store(store_dir)
    except KgError as exc:
        _fail(str(exc), code=2)
        return
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


# --- extract command ---


if __name__ == "__main__":  # pragma: no cover
    main()
