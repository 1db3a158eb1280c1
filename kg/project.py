"""The analyst's project file, kg.toml at the data folder's root: their blocs, extra actors and default folders.

    # data/kg.toml — every key optional; paths are relative to this file
    blocs = "blocs.yaml"            # the bloc file (default: the shipped data/blocs.yaml)
    actors = ["my-actors.csv"]      # extra actors in the gazetteer's columns, merged over the shipped gazetteer
    store = "../output/store"       # default --store of query, stats, render, export, validate, review
    out = "../output"               # default --out of build

Without a kg.toml, kg uses the shipped blocs and gazetteer and the folders 'data' and 'output'.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FactFileError

__all__ = ["PROJECT_FILE", "Project", "find_project", "load_project", "use_project"]

PROJECT_FILE = "kg.toml"
_KEYS = ("blocs", "actors", "store", "out")


@dataclass(frozen=True)
class Project:
    """What a kg.toml says, with every path made absolute against the file's folder."""

    path: Path | None = None
    blocs: Path | None = None
    actors: tuple[Path, ...] = field(default_factory=tuple)
    store: Path | None = None
    out: Path | None = None


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.split("=", 1)[0].strip() == key:
            return number
    return None


def load_project(path: Path) -> Project:
    """Read a kg.toml (or the one in a folder), refusing unknown keys and missing files with the line to fix."""
    path = Path(path)
    if path.is_dir():
        path = path / PROJECT_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FactFileError(str(path), None, None, f"cannot be read ({exc.strerror or exc})") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+)", str(exc))
        line = int(found.group(1)) if found else (text.count("\n") + 1 if "end of document" in str(exc) else None)
        reason = re.sub(r"\s*\(at [^)]*\)", "", str(exc))
        raise FactFileError(str(path), line, None, f"is not valid TOML: {reason}") from None
    root = path.parent
    unknown = sorted(set(document) - set(_KEYS))
    if unknown:
        raise FactFileError(str(path), _line_of(text, unknown[0]), unknown[0],
                            f"unknown key; kg.toml has {', '.join(_KEYS)} (docs/project.md)")

    def one(key: str, must_exist: bool) -> Path | None:
        value = document.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            raise FactFileError(str(path), _line_of(text, key), key, "must be a path in quotes, e.g. \"blocs.yaml\"")
        resolved = (root / value).resolve() if not Path(value).is_absolute() else Path(value)
        if must_exist and not resolved.is_file():
            raise FactFileError(str(path), _line_of(text, key), key, f"names '{value}', which is not a file ({resolved})")
        return resolved

    actors = document.get("actors", [])
    if isinstance(actors, str):
        actors = [actors]
    if not isinstance(actors, list) or not all(isinstance(a, str) and a for a in actors):
        raise FactFileError(str(path), _line_of(text, "actors"), "actors", "must be a path or a list of paths in quotes")
    actor_paths = []
    for value in actors:
        resolved = (root / value).resolve()
        if not resolved.is_file():
            raise FactFileError(str(path), _line_of(text, "actors"), "actors",
                                f"names '{value}', which is not a file ({resolved})")
        actor_paths.append(resolved)
    return Project(path=path, blocs=one("blocs", True), actors=tuple(actor_paths), store=one("store", False),
                   out=one("out", False))


def find_project(data_dir: Path) -> Project:
    """The project of a data folder: its kg.toml when it has one, else the defaults."""
    candidate = Path(data_dir) / PROJECT_FILE
    return load_project(candidate) if candidate.is_file() else Project()


def use_project(project: Project) -> None:
    """Make a project's extra actors part of every name lookup in this process (CLI options, fact files, queries)."""
    from .gazetteer import use_extra_actors

    use_extra_actors(project.actors)
