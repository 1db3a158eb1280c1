"""Gazetteer: one id per actor, and a resolver from English, French and Russian names to that id."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import KgError
from .resources import resource_path

__all__ = [
    "COLUMNS",
    "KINDS",
    "Actor",
    "Gazetteer",
    "UnknownActorError",
    "default_gazetteer",
    "fold_accents",
    "load_phrases",
    "normalise",
    "read_extra_actors",
    "use_extra_actors",
]

#: The kinds of actor the gazetteer knows.
KINDS: frozenset[str] = frozenset({"state", "organisation", "pmc", "armed-group", "body"})

#: Columns of actors.csv, in file order.
COLUMNS: tuple[str, ...] = (
    "id", "kind", "name_en", "name_fr", "name_ru", "alpha2", "alpha3", "numeric", "wikidata", "cow",
    "lat", "lon", "country", "capital_en", "capital_fr", "historical", "successors", "seats",
    "aliases", "demonyms",
)

DEFAULT_PATH = "data/gazetteer/actors.csv"
PHRASES_PATH = "data/gazetteer/phrases.yaml"

# Tiers of resolvable names: a lower number wins when two actors share a name.
_TIER_NAME, _TIER_ALIAS, _TIER_CAPITAL = 0, 1, 2

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "ʹ": "'", "`": "'", "´": "'", "ʻ": "'"})
_LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "ð": "d", "þ": "th"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_/,;:()\[\]\"«»]+")
_APOSTROPHE_SPACE = re.compile(r"\s*'\s*")
_ARTICLE = re.compile(r"^(?:(?:the|le|la|les)\s+|l')(?=\S)")
_BREVE = "\u0306"


def _strip_marks(text: str) -> str:
    """Drop diacritics ('é' -> 'e', Cyrillic 'ё' -> 'е') but keep Cyrillic 'й', a letter of its own."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for i, c in enumerate(decomposed)
                   if not unicodedata.combining(c) or (c == _BREVE and i and decomposed[i - 1] in "иИ"))
    return unicodedata.normalize("NFC", kept)


def normalise(text: str) -> str:
    """Fold a name to its lookup key so spelling variants of one name meet."""
    if text.isascii():
        text = text.replace("`", "'").lower()
    else:
        text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold().translate(_LETTERS)
        text = _strip_marks(text)
    text = _SEPARATORS.sub(" ", text.replace(".", "")).strip()
    if "'" in text:
        text = _APOSTROPHE_SPACE.sub("'", text)
    if text[:1] in ("t", "l"):
        stripped = _ARTICLE.sub("", text)
        return stripped or text
    return text


def fold_accents(text: str) -> str:
    """Drop accents but keep case and punctuation, so a matcher also finds 'Lome' for 'Lomé'."""
    return _strip_marks(unicodedata.normalize("NFKC", text))


def load_phrases(path: Path | None = None) -> tuple[str, ...]:
    """Read the state phrases ("Government of X") as folded prefixes, longest first, for the resolver."""
    import yaml  # imported here: plain lookups never need it

    path = Path(path) if path is not None else resource_path(PHRASES_PATH)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise KgError(f"gazetteer phrases file not found: {path}") from None
    except yaml.YAMLError as exc:
        raise KgError(f"{path}: not valid YAML: {exc}") from None
    groups = document.get("state_phrases") if isinstance(document, dict) else None
    if not isinstance(groups, list):
        raise KgError(f"{path}: needs a 'state_phrases' list of {{heads: [...], links: [...]}} entries")
    prefixes: set[str] = set()
    for number, group in enumerate(groups, 1):
        heads = group.get("heads") if isinstance(group, dict) else None
        links = group.get("links") if isinstance(group, dict) else None
        if not (isinstance(heads, list) and isinstance(links, list) and heads and links
                and all(isinstance(w, str) and w.strip() for w in heads + links)):
            raise KgError(f"{path}: state_phrases entry {number} needs non-empty 'heads' and 'links' lists of words")
        for head in heads:
            for link in links:
                link_key = normalise(link)
                prefixes.add(f"{normalise(head)} {link_key}" + ("" if link_key.endswith("'") else " "))
    return tuple(sorted(prefixes, key=lambda p: (-len(p), p)))


@lru_cache(maxsize=1)
def _default_phrases() -> tuple[str, ...]:
    return load_phrases()


class UnknownActorError(KgError):
    """A name the gazetteer cannot resolve; the message offers the closest known names."""

    def __init__(self, name: str, suggestions: list[str], ambiguous: bool = False) -> None:
        self.name = name
        self.suggestions = suggestions
        what = "ambiguous" if ambiguous else "unknown"
        message = f"{what} actor {name!r}"
        if suggestions:
            message += f"; did you mean: {', '.join(suggestions)}?"
        else:
            message += "; use an ISO 3166-1 alpha-3 code or a gazetteer id (see data/gazetteer/actors.csv)"
        super().__init__(message)


@dataclass(frozen=True)
class Actor:
    """One state, organisation, force, armed group or body, with its codes and names."""

    id: str
    kind: str
    name_en: str
    name_fr: str
    alpha2: str | None
    alpha3: str | None
    numeric: str | None
    wikidata: str | None
    cow: int | None
    lat: float | None
    lon: float | None
    country: str | None
    capital_en: str | None
    capital_fr: str | None
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    name_ru: str | None = None
    historical: int | None = None       # end year of a state that no longer exists
    successors: tuple[str, ...] = ()    # ids of the states that took a historical state's place
    seats: tuple[str, ...] = ()         # cities that host an organisation and name it in the press

    def to_row(self) -> dict[str, str]:
        """Render the actor as an actors.csv row, so the build script and loader agree on format."""
        def number(value: float | None) -> str:
            if value is None:
                return ""
            return f"{round(value, 4):.4f}".rstrip("0").rstrip(".")

        return {
            "id": self.id, "kind": self.kind, "name_en": self.name_en, "name_fr": self.name_fr,
            "name_ru": self.name_ru or "",
            "alpha2": self.alpha2 or "", "alpha3": self.alpha3 or "", "numeric": self.numeric or "",
            "wikidata": self.wikidata or "", "cow": "" if self.cow is None else str(self.cow),
            "lat": number(self.lat), "lon": number(self.lon), "country": self.country or "",
            "capital_en": self.capital_en or "", "capital_fr": self.capital_fr or "",
            "historical": "" if self.historical is None else str(self.historical),
            "successors": "|".join(self.successors), "seats": "|".join(self.seats),
            "aliases": "|".join(self.aliases), "demonyms": "|".join(self.demonyms),
        }

    @classmethod
    def from_row(cls, row: dict[str, str]) -> Actor:
        """Read an actors.csv row; empty cells become None so callers can test presence."""
        def text(key: str) -> str | None:
            value = (row.get(key) or "").strip()
            return value or None

        def split(key: str) -> tuple[str, ...]:
            return tuple(p for p in (row.get(key) or "").split("|") if p.strip())

        cow, lat, lon, historical = text("cow"), text("lat"), text("lon"), text("historical")
        return cls(
            id=row["id"].strip(), kind=row["kind"].strip(),
            name_en=row["name_en"].strip(), name_fr=(row.get("name_fr") or "").strip(),
            alpha2=text("alpha2"), alpha3=text("alpha3"), numeric=text("numeric"),
            wikidata=text("wikidata"), cow=int(cow) if cow else None,
            lat=float(lat) if lat else None, lon=float(lon) if lon else None,
            country=text("country"), capital_en=text("capital_en"), capital_fr=text("capital_fr"),
            aliases=split("aliases"), demonyms=split("demonyms"),
            name_ru=text("name_ru"), historical=int(historical) if historical else None,
            successors=split("successors"), seats=split("seats"),
        )

    def resolvable_forms(self) -> Iterator[tuple[str, int]]:
        """List the texts that name this actor for the resolver, with their tier."""
        yield self.name_en, _TIER_NAME
        for name in (self.name_fr, self.name_ru):
            if name:
                yield name, _TIER_NAME
        for alias in self.aliases:
            yield alias, _TIER_ALIAS
        for capital in (self.capital_en, self.capital_fr):
            if capital:
                yield capital, _TIER_CAPITAL


class Gazetteer:
    """All known actors, looked up by id or resolved from a name as people write it."""

    def __init__(self, actors: Iterable[Actor], phrases: Iterable[str] | None = None) -> None:
        self._phrases = tuple(phrases) if phrases is not None else None
        self._actors: dict[str, Actor] = {}
        for actor in actors:
            if actor.id in self._actors:
                raise KgError(f"gazetteer lists actor id {actor.id!r} twice")
            self._actors[actor.id] = actor
        self._ids = sorted(self._actors)
        self._codes: dict[str, str] | None = None
        self._alpha2: dict[str, str] | None = None
        self._names: dict[str, tuple[int, tuple[str, ...], str]] | None = None

    @classmethod
    def load(cls, path: Path | None = None, extra: Iterable[Path] = ()) -> Gazetteer:
        """Read actors.csv (the packaged one by default) and any extra actor files over it, so every tool shares one gazetteer."""
        path = Path(path) if path is not None else resource_path(DEFAULT_PATH)
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = [c for c in ("id", "kind", "name_en") if c not in (reader.fieldnames or ())]
                if missing:
                    raise KgError(f"{path}: not a gazetteer file, missing column(s) {', '.join(missing)}")
                actors = {actor.id: actor for actor in (Actor.from_row(row) for row in reader)}
        except FileNotFoundError:
            raise KgError(f"gazetteer file not found: {path}; run scripts/build_gazetteer.py") from None
        except (ValueError, KeyError) as exc:
            raise KgError(f"{path}: malformed gazetteer row: {exc}") from None
        for extra_path in extra:
            for actor in read_extra_actors(Path(extra_path)):
                actors[actor.id] = actor  # an analyst's row replaces the shipped one of the same id
        return cls(actors.values())

    def get(self, actor_id: str) -> Actor | None:
        """Return the actor with exactly this id, for code that already holds ids."""
        return self._actors.get(actor_id)

    def resolve(self, name: str) -> Actor:
        """Turn a name, code or id into its actor, or raise UnknownActorError with suggestions."""
        actor_id, candidates = self._resolve(name)
        if actor_id is not None:
            return self._actors[actor_id]
        if candidates:
            forms = [f"{self._actors[i].name_en} ({i})" for i in candidates]
            raise UnknownActorError(name, forms, ambiguous=True)
        raise UnknownActorError(name, self.suggest(name))

    def lookup(self, name: str) -> Actor | None:
        """Resolve a name like resolve() but return None when it is unknown or ambiguous."""
        actor_id, _ = self._resolve(name)
        return self._actors[actor_id] if actor_id is not None else None

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Offer up to `limit` close known names as 'Name (ID)', best first, one per actor."""
        from rapidfuzz import fuzz, process  # imported here: only error paths need it

        key = normalise(name)
        if not key or limit <= 0:
            return []
        choices: dict[str, tuple[str, str]] = {}
        for form_key, (_, ids, display) in self._name_index().items():
            if len(ids) == 1:
                choices[form_key] = (display, ids[0])
        for actor_id in self._ids:
            choices.setdefault(normalise(actor_id), (self._actors[actor_id].name_en, actor_id))

        def score(query: str, choice: str, **_: object) -> float:
            # Edit distance catches typos; WRatio catches partial names ("Korea", "Cameroon republic").
            return 0.6 * fuzz.ratio(query, choice) + 0.4 * fuzz.WRatio(query, choice)

        matches = process.extract(key, list(choices), scorer=score, limit=None, score_cutoff=55)
        ranked = sorted(matches, key=lambda m: (-round(m[1], 6), m[0]))
        out: list[str] = []
        seen: set[str] = set()
        for form_key, _, _ in ranked:
            display, actor_id = choices[form_key]
            if actor_id in seen:
                continue
            seen.add(actor_id)
            out.append(f"{display} ({actor_id})")
            if len(out) == limit:
                break
        return out

    def seats(self) -> dict[str, tuple[str, ...]]:
        """Map each seat city, as written and without accents, to the organisations it names in the press."""
        out: dict[str, set[str]] = {}
        for actor in self:
            for city in actor.seats:
                for variant in (city, fold_accents(city)):
                    out.setdefault(variant, set()).add(actor.id)
        return {city: tuple(sorted(ids)) for city, ids in sorted(out.items())}

    def surface_forms(self) -> Iterator[tuple[str, str, str]]:
        """Yield (text as written, actor id, form kind) for NLP matchers, with accent-free variants."""
        for actor in self:
            seen: set[tuple[str, str]] = set()
            forms: list[tuple[str, str]] = [(n, "name") for n in (actor.name_en, actor.name_fr, actor.name_ru) if n]
            forms += [(a, "alias") for a in actor.aliases]
            forms += [(c, "capital") for c in (actor.capital_en, actor.capital_fr) if c]
            forms += [(d, "demonym") for d in actor.demonyms]
            for text, kind in forms:
                if not text:
                    continue
                for variant in (text, fold_accents(text)):
                    if (variant, kind) not in seen:
                        seen.add((variant, kind))
                        yield variant, actor.id, kind
            for code in (actor.id, actor.alpha3, actor.alpha2):
                if code and (code, "code") not in seen:
                    seen.add((code, "code"))
                    yield code, actor.id, "code"

    def __iter__(self) -> Iterator[Actor]:
        return (self._actors[i] for i in self._ids)

    def __len__(self) -> int:
        return len(self._actors)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._actors

    # -- internals -------------------------------------------------------------------------

    def _resolve(self, name: str) -> tuple[str | None, tuple[str, ...]]:
        """Apply the resolution order; return (id, ()) or (None, ids that share the name)."""
        text = name.strip()
        if not text:
            return None, ()
        codes = self._code_index()
        upper = text.upper()
        if upper in codes:                         # ids first, then alpha-3 (both case-insensitive)
            return codes[upper], ()
        key = normalise(text)
        entry = self._name_index().get(key)
        if entry is not None:
            _, ids, _ = entry
            return (ids[0], ()) if len(ids) == 1 else (None, ids)
        if self._alpha2 is not None and text in self._alpha2:   # alpha-2 before phrases, upper case only
            return self._alpha2[text], ()
        state = self._phrase_state(key)
        return (state, ()) if state is not None else (None, ())

    def _phrase_state(self, key: str) -> str | None:
        """Read 'Government of X', 'l'État du X', 'the Republic of X' as the state X (see phrases.yaml)."""
        if self._phrases is None:
            self._phrases = _default_phrases()
        for prefix in self._phrases:
            if not key.startswith(prefix) or len(key) == len(prefix):
                continue
            rest = normalise(key[len(prefix):])
            entry = self._name_index().get(rest)
            if entry is not None:
                ids = entry[1]
                state = ids[0] if len(ids) == 1 and self._actors[ids[0]].kind == "state" else None
            else:
                state = self._phrase_state(rest)
            if state is not None:
                return state
        return None

    def _code_index(self) -> dict[str, str]:
        """Index ids and alpha-3 codes (ids win) on first use, keeping load() fast."""
        if self._codes is None:
            codes: dict[str, str] = {}
            for actor in self:
                if actor.alpha3:
                    codes.setdefault(actor.alpha3.upper(), actor.id)
            for actor in self:
                codes[actor.id.upper()] = actor.id
            self._alpha2 = {a.alpha2.upper(): a.id for a in self if a.alpha2}
            self._codes = codes
        return self._codes

    def _name_index(self) -> dict[str, tuple[int, tuple[str, ...], str]]:
        """Index names, aliases and capitals by lookup key; the best tier wins, ties stay ambiguous."""
        if self._names is None:
            index: dict[str, tuple[int, tuple[str, ...], str]] = {}
            for actor in self:
                for form, tier in actor.resolvable_forms():
                    key = normalise(form)
                    if not key:
                        continue
                    current = index.get(key)
                    if current is None or tier < current[0]:
                        index[key] = (tier, (actor.id,), form)
                    elif tier == current[0] and actor.id not in current[1]:
                        index[key] = (tier, current[1] + (actor.id,), current[2])
            self._names = index
        return self._names


def read_extra_actors(path: Path) -> list[Actor]:
    """Read an analyst's actors file (the gazetteer's columns; id, kind and name_en required), naming the line of a bad row."""
    from .errors import FactFileError

    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise FactFileError(str(path), None, None, f"cannot be read ({exc.strerror or exc}); check the 'actors' path "
                                                   "in kg.toml") from None
    with handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames or []
        missing = [c for c in ("id", "kind", "name_en") if c not in fields]
        if missing:
            raise FactFileError(str(path), 1, missing[0], f"an actors file needs the columns id, kind and name_en (and may "
                                                         f"have any of: {', '.join(COLUMNS)})")
        unknown = [c for c in fields if c not in COLUMNS]
        if unknown:
            raise FactFileError(str(path), 1, unknown[0], f"unknown column; the gazetteer's columns are {', '.join(COLUMNS)}")
        actors: list[Actor] = []
        seen: set[str] = set()
        for row in reader:
            line = reader.line_num
            if None in row:
                raise FactFileError(str(path), line, None, f"has more cells than the {len(fields)} columns of the header")
            for name in ("id", "kind", "name_en"):
                if not (row.get(name) or "").strip():
                    raise FactFileError(str(path), line, name, "is empty; every actor needs an id, a kind and a name_en")
            if row["kind"].strip() not in KINDS:
                kinds = ", ".join(sorted(KINDS))
                raise FactFileError(str(path), line, "kind", f"'{row['kind']}' is not a kind; use one of {kinds}")
            if row["id"].strip() in seen:
                raise FactFileError(str(path), line, "id", f"'{row['id']}' is listed twice in this file")
            seen.add(row["id"].strip())
            try:
                actors.append(Actor.from_row(row))
            except ValueError as exc:
                raise FactFileError(str(path), line, None, f"a cell is not the number its column needs ({exc})") from None
    return actors


_extra_actor_files: tuple[Path, ...] = ()


def use_extra_actors(paths: Iterable[Path]) -> None:
    """Merge an analyst's actor files (kg.toml's 'actors') over the shipped gazetteer for the rest of the process."""
    global _extra_actor_files
    wanted = tuple(Path(p) for p in paths)
    if wanted != _extra_actor_files:
        _extra_actor_files = wanted
        default_gazetteer.cache_clear()


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """Load the shipped gazetteer (and the project's extra actors) once per process; every loader shares it."""
    return Gazetteer.load(extra=_extra_actor_files)
