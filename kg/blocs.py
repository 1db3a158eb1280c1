"""Blocs: the analyst's own grouping of actors (data/blocs.yaml, or the file kg.toml names), read once for every tool.

A bloc file maps a bloc name to its members, optionally with labels and a colour:

    russia-led:
      label: {en: Russia-led bloc, fr: bloc mené par la Russie}
      colour: "#d1495b"
      members: [RUS, BLR, CSTO]
    my-bloc: [FRA, DEU]          # the short form: members only

The file's order is the order of precedence: an actor in two blocs is drawn in the colour of
the first. The build writes each bloc into the gazetteer graph (a dcoop:Bloc with its labels,
colour and position) so every view reads the blocs of the store it shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import FactFileError
from .resources import resource_path

__all__ = ["DEFAULT_BLOCS", "PALETTE", "Bloc", "actor_blocs", "load_blocs"]

DEFAULT_BLOCS = "data/blocs.yaml"
#: Colours given in order to blocs whose file names none (colour-blind-safe, distinct from the kinds' colours).
PALETTE = ("#d1495b", "#2e6fba", "#edae49", "#00798c", "#b5651d", "#6a4c93", "#1b998b", "#c2185b")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_KEYS = ("label", "colour", "members")
#: The views' categories for actors in no bloc: a bloc may not take one of these names.
_RESERVED = frozenset({"state", "organisation", "pmc", "armed-group", "body", "actor"})


@dataclass(frozen=True)
class Bloc:
    """One bloc: its name (used in IRIs and filters), labels, colour and members, in file order."""

    name: str
    label_en: str
    label_fr: str
    colour: str
    members: tuple[str, ...]
    position: int


def _error(path: Path, line: int | None, field: str | None, message: str) -> FactFileError:
    return FactFileError(str(path), line, field, message)


def _labels(path: Path, entry: Any, name: str, line: int | None) -> tuple[str, str]:
    label = entry.get("label") if isinstance(entry, dict) else None
    if label is None:
        return name, name
    if isinstance(label, str):
        return label, label
    if isinstance(label, dict) and set(label) <= {"en", "fr"} and all(isinstance(v, str) for v in label.values()):
        en = label.get("en") or label.get("fr") or name
        return en, label.get("fr") or en
    raise _error(path, line, f"{name}.label", "must be a text or {en: ..., fr: ...}")


def load_blocs(path: Path | None = None, known: set[str] | None = None) -> list[Bloc]:
    """Read a bloc file, checking names, colours and (given the gazetteer's ids) members, with the line of each problem."""
    import yaml

    from .loaders._yaml import load_with_lines

    path = Path(path) if path is not None else resource_path(DEFAULT_BLOCS)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise _error(path, None, None, f"cannot be read ({exc.strerror or exc}); check the 'blocs' path in kg.toml") from None
    try:
        document = load_with_lines(text) or {}
    except yaml.YAMLError as exc:  # the YAML reader's own errors carry their position in the message
        raise _error(path, None, None, f"is not valid YAML: {exc}") from None
    if not isinstance(document, dict):
        raise _error(path, 1, None, "must map bloc names to members, e.g. 'western: [FRA, USA]'")
    blocs: list[Bloc] = []
    for position, (name, entry) in enumerate(document.items()):
        line = document.line_of(name) if hasattr(document, "line_of") else None
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise _error(path, line, str(name), "a bloc name is lower-case letters, digits and '-' (it goes into IRIs)")
        if name in _RESERVED:
            raise _error(path, line, name, f"'{name}' names a kind of actor in the views; call the bloc something else")
        if isinstance(entry, dict):
            unknown = sorted(set(entry) - set(_KEYS))
            if unknown:
                raise _error(path, line, f"{name}.{unknown[0]}", f"unknown key; a bloc has {', '.join(_KEYS)}")
            members = entry.get("members")
        else:
            members = entry
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise _error(path, line, f"{name}.members", "must be a list of actor ids, e.g. [FRA, USA]")
        if known is not None:
            for index, member in enumerate(members):
                if member not in known:
                    item_lines = getattr(members, "item_lines", None)
                    raise _error(path, item_lines[index] if item_lines else line, name,
                                 f"'{member}' is not an actor id of the gazetteer; use its id (e.g. RUS, ECOWAS) or add it "
                                 "to the extra actors file kg.toml names")
        colour = entry.get("colour") if isinstance(entry, dict) else None
        if colour is not None and (not isinstance(colour, str) or not _COLOUR.fullmatch(colour)):
            raise _error(path, line, f"{name}.colour", "must be a colour like \"#2e6fba\"")
        label_en, label_fr = _labels(path, entry, name, line)
        blocs.append(Bloc(name, label_en, label_fr, colour or PALETTE[position % len(PALETTE)],
                          tuple(dict.fromkeys(members)), position))
    return blocs


def actor_blocs(blocs: list[Bloc]) -> dict[str, tuple[str, ...]]:
    """Actor id -> the blocs it belongs to, in the file's order of precedence."""
    out: dict[str, list[str]] = {}
    for bloc in blocs:
        for member in bloc.members:
            out.setdefault(member, []).append(bloc.name)
    return {actor: tuple(names) for actor, names in out.items()}
