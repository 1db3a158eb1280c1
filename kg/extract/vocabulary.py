"""The words and patterns kg extract looks for, read once per process from the files in kg/extract/patterns/.

fr.yaml and en.yaml hold each language's words, shared.yaml the tables that do not depend on the
language (see their header comments). Every entry is checked as the files are read, so a malformed
one stops kg extract with a PatternError naming the file, the line and the key, not with a wrong
extraction later. Nothing here imports spaCy: language detection reads these files too.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NoReturn

from ..errors import KgError

__all__ = [
    "BASE", "DATE_LISTS", "EVENTS", "FIN", "FUT", "INF", "NOUN", "OTHER_KIND", "PART", "PATTERNS", "TAGS", "Lexicon",
    "PatternError", "Shared", "date_patterns", "fold", "fold_table", "is_acronym", "lexicon", "load_lexicon",
    "load_shared", "shared", "spacy_text", "spacy_text_table",
]

#: The folder of the pattern files, inside the installed package.
PATTERNS = Path(__file__).resolve().parent / "patterns"

# Verb-form tags: how a trigger word was inflected, which decides whether it reports a done act.
FIN, PART, INF, FUT, NOUN, BASE = "fin", "part", "inf", "fut", "noun", "base"
TAGS = (FIN, PART, INF, FUT, NOUN, BASE)

#: Event types of the fact schema, in life-cycle order.
EVENTS = ("announced", "negotiated", "signed", "approved", "ratified", "in-force", "suspended", "ended", "denied")
#: The kind of an agreement no phrase gives a kind (the fact schema's default).
OTHER_KIND = "other"
_NO_EVENT = "none"                 # a support verb's group with no event of its own
_KIND_ID = re.compile(r"^[a-z]+(-[a-z]+)*$")
_PLACEHOLDER = re.compile(r"@([a-z_]+)")


class PatternError(KgError):
    """A pattern file is malformed: the message names the file, the line and the key, and how to fix it."""


@dataclass(frozen=True)
class Lexicon:
    """Everything language-specific the rules need, for one language (one file: fr.yaml, en.yaml)."""

    lang: str
    function_words: frozenset[str]
    # phrase -> (event type, verb-form tag)
    triggers: dict[str, tuple[str, str]]
    # verbs that lend their act to a following event noun ("a entériné la ratification"); phrase -> (fallback type or "", tag)
    support: dict[str, tuple[str, str]]
    laws: frozenset[str]
    heads: dict[str, str]                   # agreement head nouns -> the kind the noun alone implies ("" = none)
    pronoun_heads: frozenset[str]
    anaphors: frozenset[str]
    kinds: dict[str, str]
    domains: dict[str, tuple[str, str]]     # phrase -> (domain, English provision phrase)
    provision_verbs: frozenset[str]
    domain_cues: frozenset[str]
    defence_cues: frozenset[str]
    civil_cues: frozenset[str]
    similar: frozenset[str]
    separate: frozenset[str]
    new: frozenset[str]
    replaces: frozenset[str]
    replaced_by: frozenset[str]
    negators: frozenset[str]
    weak_negators: frozenset[str]
    modal: frozenset[str]
    infinitive_markers: frozenset[str]
    recent_past: frozenset[str]
    other_documents: frozenset[str]
    boundaries: frozenset[str]
    asides: frozenset[str]
    between: frozenset[str]
    with_: frozenset[str]
    agent: frozenset[str]
    locative: frozenset[str]
    geo_features: frozenset[str]
    both: frozenset[str]
    definite: frozenset[str]
    indefinite: frozenset[str]
    subject_pronouns: frozenset[str]
    skippable: frozenset[str]
    months: dict[str, int]
    weekdays: dict[str, int]
    date_parts: dict[str, str]
    year_preps: frozenset[str]
    relative_dates: dict[str, tuple[str, int]]   # phrase -> (unit, offset)
    ordinal_suffixes: tuple[str, ...] = ()
    reporting: frozenset[str] = frozenset()
    at_signing: frozenset[str] = frozenset()
    completed: frozenset[str] = frozenset()
    intent: frozenset[str] = frozenset()
    possessives: frozenset[str] = frozenset()
    any_determiners: frozenset[str] = frozenset()   # 'any', « tout »: a denial of any agreement with each partner
    relative_pronouns: frozenset[str] = frozenset()  # 'that', « que »: 'the memorandum that Pretoria and Maputo signed'
    bills: frozenset[str] = frozenset()
    date_back_references: frozenset[str] = frozenset()
    document_dates: frozenset[str] = frozenset()
    free_relatives: frozenset[str] = frozenset()
    signing_ceremonies: frozenset[str] = frozenset()
    not_negations: frozenset[str] = frozenset()
    intransitive: frozenset[str] = frozenset()
    perfect_auxiliaries: frozenset[str] = frozenset()
    trigger_inserts: frozenset[str] = frozenset()
    cleft_openers: frozenset[str] = frozenset()
    cleft_links: frozenset[str] = frozenset()
    event_nouns: frozenset[str] = frozenset()
    judgement_markers: frozenset[str] = frozenset()
    when_links: frozenset[str] = frozenset()
    participles: frozenset[str] = frozenset()
    own_auxiliaries: frozenset[str] = frozenset()
    anchored: dict[str, int] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    anchored_months: dict[str, int] = field(default_factory=dict)
    named_periods: dict[str, str] = field(default_factory=dict)   # phrase -> 'month' | 'year'
    # The words below are compared with folded token norms, and stored folded.
    not_names: frozenset[str] = frozenset()
    not_verbs: frozenset[str] = frozenset()
    present_in_force: frozenset[str] = frozenset()   # as written, lower case (French 'entre', not 'entré')
    not_adverbs: frozenset[str] = frozenset()
    clause_words: frozenset[str] = frozenset()
    adverbs: frozenset[str] = frozenset()
    adverb_suffixes: tuple[str, ...] = ()
    progressive_suffixes: tuple[str, ...] = ()
    present_endings: tuple[str, ...] = ()    # as written: the present of an event verb the tagger missed
    participle_endings: tuple[str, ...] = ()  # as written: a past participle the tagger missed
    year_naming_determiners: frozenset[str] = frozenset()
    year_list_words: frozenset[str] = frozenset()
    decisions: frozenset[str] = frozenset()
    progressive: frozenset[str] = frozenset()
    memberships: frozenset[str] = frozenset()
    purposes: frozenset[str] = frozenset()     # folded: before an event noun that is an aim ('for ratification')
    numeric_day_first: bool = False
    # name -> a spaCy DependencyMatcher pattern, read over the parsed tree (French): TREE_PATTERNS
    tree_patterns: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


#: The dependency patterns the components read (Lexicon.tree_patterns), each with the roles of its tokens.
TREE_PATTERNS: dict[str, tuple[str, ...]] = {
    "event_object": ("verb", "object"),        # « a paraphé … un texte »: the agreement an event verb governs
    "partner_phrase": ("noun", "marker"),      # « avec le Gouvernement d'union nationale »: the partner's phrase
}


@dataclass(frozen=True)
class Shared:
    """The tables of shared.yaml: character folding, kind groups, gazetteer ids, date patterns, mixed word lists."""

    fold_characters: dict[str, str]
    spacy_text: dict[str, str]
    punctuation_stops: frozenset[str]
    quotes: dict[str, str]              # opening quotation mark -> its closing mark
    generic_kind: str
    generic_may_name: frozenset[str]
    form_kinds: tuple[str, ...]
    actor_forms: tuple[str, ...]
    seats: dict[str, frozenset[str]]
    chambers: dict[str, str]
    leading_articles: frozenset[str]
    coordination: frozenset[str]
    and_words: frozenset[str]
    head_joiners: frozenset[str]
    year_of: frozenset[str]
    pronoun_year_of: frozenset[str]
    plural_words: frozenset[str]
    plural_suffix: str
    geo_links: frozenset[str]
    geo_features_after: frozenset[str]
    place_coordination: frozenset[str]
    passive_auxiliaries: frozenset[str]
    country_determiners: frozenset[str]
    country_nouns: frozenset[str]
    intent_heads: frozenset[str]
    short_negators: frozenset[str]
    condition_openers: tuple[str, ...]
    infinitive_auxiliaries: frozenset[str]
    each: frozenset[str]
    hypothetical_modals: frozenset[str]
    object_pronouns: frozenset[str]
    on_behalf: tuple[tuple[str, ...], ...]
    date_coordination: frozenset[str]
    date_prepositions: frozenset[str]
    clause_date_openers: frozenset[str]
    verb_coordination: frozenset[str]
    partner_list_skip: frozenset[str]
    year_followers: frozenset[str]
    term_limits: frozenset[str]
    subject_links: frozenset[str]
    distributives: frozenset[str]
    generic_domains: frozenset[str]
    gatherings: tuple[tuple[str, ...], ...]
    durations: frozenset[str]
    era_words: frozenset[str]
    venue_openers: tuple[tuple[str, ...], ...]
    conditional_marks: frozenset[str]
    related_links: frozenset[str]
    mid_prefix: str
    article_words: frozenset[str]
    strict_words: frozenset[str]
    date_tokens: dict[str, dict[str, Any]]
    date_patterns: tuple[tuple[str, ...], ...]
    date_pattern_lines: tuple[int, ...]
    path: str = ""


# -- folding ----------------------------------------------------------------------------------

def is_acronym(text: str) -> bool:
    """Acronyms ('RDC', 'CAR', 'MoU') are matched case-sensitively: 'car' and 'mou' are words."""
    return " " not in text and sum(1 for c in text if c.isupper()) >= 2 and len(text) <= 8


def _fold(text: str, table: dict[int, str]) -> str:
    if is_acronym(text):
        return text
    text = text.translate(table).lower()
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if len(text) > 2 and text.endswith(".") and text[-2].isalpha() and "." not in text[:-1]:
        text = text[:-1]               # 'janv.' and 'Apr.' meet 'janv' and 'apr'
    return text


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """The character table fold() applies before it lowers the case."""
    return str.maketrans(shared().fold_characters)


def fold(text: str) -> str:
    """Fold case, accents and apostrophes so 'Ratifié' and 'ratifie' meet; acronyms ('CAR', 'MoU') keep their case."""
    return _fold(text, fold_table())


@lru_cache(maxsize=1)
def spacy_text_table() -> dict[int, str]:
    """Same-length replacements for the copy of the text spaCy reads (offsets stay valid)."""
    return str.maketrans(shared().spacy_text)


_WORD = re.compile(r"[^\W\d_]{2,}")
_SHOUTED_WORDS = 4      # fewer capitalised words than this is a title or an acronym list, not a shouted line


def spacy_text(text: str) -> str:
    """The copy of a paragraph spaCy reads: same length, and lines set in capitals in ordinary case.

    ('LES MINISTRES DU MALI ET DE LA RUSSIE ONT SIGNÉ UN ACCORD': read as capitals, 'UN' would be the
    United Nations and 'MALI' no name the gazetteer knows; each word keeps its first capital.)
    """
    text = text.translate(spacy_text_table())
    if not any(c.isupper() for c in text):
        return text
    lines = text.split("\n")
    for n, line in enumerate(lines):
        words = _WORD.findall(line)
        upper = [w for w in words if w.isupper()]
        if len(upper) < _SHOUTED_WORDS or len(upper) < 0.8 * len(words):
            continue
        recased = _WORD.sub(lambda m: m.group(0)[0] + m.group(0)[1:].lower() if m.group(0).isupper() else m.group(0), line)
        if len(recased) == len(line):
            lines[n] = recased
    return "\n".join(lines)


# -- the files ----------------------------------------------------------------------------------

@cache
def shared() -> Shared:
    """The shared tables, read and checked once per process."""
    return load_shared(PATTERNS / "shared.yaml")


@cache
def lexicon(lang: str) -> Lexicon:
    """One language's words, read and checked once per process."""
    return load_lexicon(PATTERNS / f"{lang}.yaml")


_Where = tuple[str | int, ...]


class _Source:
    """One parsed pattern file: its data, and the line of every key and item for error messages."""

    def __init__(self, path: Path) -> None:
        import yaml

        self.path = path
        self.lines: dict[_Where, int] = {}
        self.raw: dict[_Where, str] = {}          # how a non-string scalar was written ('on' read as true)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise PatternError(f"{path}: pattern file missing; reinstall kg or restore it from the repository") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise PatternError(f"{path}: cannot read the pattern file ({exc}); save it as UTF-8 text") from None
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f", line {mark.line + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise PatternError(f"{path}{where}: not valid YAML ({problem}); check the quotes, colons and "
                               "indentation there") from None
        if node is None:
            raise PatternError(f"{path}: the pattern file is empty")
        self._constructor = yaml.SafeLoader("")
        self.data = self._build(node, ())

    def _build(self, node: Any, where: _Where) -> Any:
        import yaml

        self.lines.setdefault(where, node.start_mark.line + 1)   # a mapping value: its key's line
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self._constructor.construct_object(key_node, deep=True)
                if not isinstance(key, str):
                    self.lines[(*where, str(key))] = key_node.start_mark.line + 1
                    self.fail((*where, str(key)), f"a key must be a word, not {_kind(key)}; quote it")
                if key in out:
                    first, second = self.lines[(*where, key)], key_node.start_mark.line + 1
                    self.lines[(*where, key)] = second
                    self.fail((*where, key), f"written twice (lines {first} and {second}); keep one")
                self.lines[(*where, key)] = key_node.start_mark.line + 1
                out[key] = self._build(value_node, (*where, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self._build(item, (*where, i)) for i, item in enumerate(node.value)]
        value = self._constructor.construct_object(node, deep=True)
        if not isinstance(value, str):
            self.raw[where] = node.value
        return value

    # -- checked access -----------------------------------------------------------------------

    def fail(self, where: _Where, message: str) -> NoReturn:
        line = next((self.lines[where[:n]] for n in range(len(where), -1, -1) if where[:n] in self.lines), 1)
        key = _dotted(where)
        raise PatternError(f"{self.path}, line {line}{f', key {key!r}' if key else ''}: {message}")

    def get(self, where: _Where) -> Any:
        value = self.data
        for step in where:
            value = value[step]
        return value

    def mapping(self, where: _Where, keys: tuple[str, ...] | None = None, required: tuple[str, ...] = ()) -> dict[str, Any]:
        value = self.get(where)
        if not isinstance(value, dict):
            self.fail(where, f"expected a mapping (key: value lines), found {_kind(value)}")
        if keys is not None:
            for key in value:
                if key not in keys:
                    close = difflib.get_close_matches(key, keys, n=1)
                    hint = f"did you mean '{close[0]}'?" if close else f"the keys here are: {', '.join(keys)}"
                    self.fail((*where, key), f"unknown key; {hint}")
        for key in required:
            if key not in value:
                self.fail(where, f"'{key}' is missing here; add it (the header comment and the shipped file show it)")
        return value

    def sequence(self, where: _Where) -> list[Any]:
        value = self.get(where)
        if not isinstance(value, list):
            self.fail(where, f"expected a list ([a, b] or '- ' lines), found {_kind(value)}")
        return value

    def text(self, where: _Where) -> str:
        value = self.get(where)
        if not isinstance(value, str) or not value.strip():
            written = self.raw.get(where)
            self.fail(where, f"expected a word or phrase, found {_kind(value)}"
                      + (f"; to mean the word, quote it: \"{written}\"" if written else ""))
        if value != value.strip():
            self.fail(where, f"{value!r} has spaces around it; remove them")
        return value

    def texts(self, where: _Where) -> list[str]:
        return [self.text((*where, i)) for i in range(len(self.sequence(where)))]

    def number(self, where: _Where, low: int | None = None, high: int | None = None) -> int:
        value = self.get(where)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"expected a whole number, found {_kind(value)}")
        if (low is not None and value < low) or (high is not None and value > high):
            self.fail(where, f"{value} is out of range ({low} to {high})")
        return value

    def flag(self, where: _Where) -> bool:
        value = self.get(where)
        if not isinstance(value, bool):
            self.fail(where, f"expected true or false, found {_kind(value)}")
        return value

    def kind_id(self, where: _Where) -> str:
        value = self.text(where)
        if not _KIND_ID.match(value):
            self.fail(where, f"{value!r} is not a kind id (lower-case words joined by '-', as in docs/fact-schema.md)")
        return value

    def kind_ids(self, where: _Where) -> list[str]:
        return [self.kind_id((*where, i)) for i in range(len(self.sequence(where)))]

    def character_map(self, where: _Where, *, one_for_one: bool) -> dict[str, str]:
        out: dict[str, str] = {}
        for key in self.mapping(where):
            value = self.get((*where, key))
            if len(key) != 1 or not isinstance(value, str) or (one_for_one and len(value) != 1):
                need = "one character" if one_for_one else "a string"
                self.fail((*where, key), f"expected one character mapped to {need}"
                          + (" (the text keeps its length, so evidence offsets stay valid)" if one_for_one else ""))
            out[key] = value
        return out


def _dotted(where: _Where) -> str:
    out = ""
    for step in where:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"{value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


# -- a language file ----------------------------------------------------------------------------

_REQUIRED_WORDS = (
    "laws", "pronoun_heads", "anaphors", "provision_verbs", "domain_cues", "defence_cues", "civil_cues", "similar",
    "separate", "new", "replaces", "replaced_by", "negators", "weak_negators", "modal", "infinitive_markers",
    "recent_past", "other_documents", "boundaries", "asides", "between", "with", "agent", "locative", "geo_features",
    "both", "definite", "indefinite", "subject_pronouns", "skippable", "year_preps")
_OPTIONAL_WORDS = ("reporting", "at_signing", "completed", "intent", "possessives", "any_determiners",
                   "relative_pronouns", "bills",
                   "date_back_references",
                   "document_dates", "free_relatives", "signing_ceremonies",
                   "not_negations")
_FOLDED_WORDS = ("intransitive", "perfect_auxiliaries", "trigger_inserts", "cleft_openers", "cleft_links",
                 "event_nouns", "judgement_markers", "when_links", "participles",
                 "own_auxiliaries",
                 "not_names", "not_verbs", "not_adverbs", "clause_words", "adverbs", "year_naming_determiners",
                 "year_list_words", "decisions", "progressive", "memberships", "purposes")
_LEXICON_KEYS = (
    "language", "function_words", "paradigms", "triggers", "support", "heads", "kinds", "domains", "months",
    "weekdays", "date_parts", "relative_dates", "ordinal_suffixes", "anchored", "groups", "anchored_months", "named_periods",
    "present_in_force",
    "adverb_suffixes", "progressive_suffixes", "present_endings", "participle_endings", "numeric_day_first", "tree_patterns",
    *_REQUIRED_WORDS,
    *_OPTIONAL_WORDS, *_FOLDED_WORDS)
_REQUIRED_KEYS = ("language", "function_words", "paradigms", "triggers", "support", "heads", "kinds", "domains",
                  "months", "weekdays", "date_parts", "relative_dates", *_REQUIRED_WORDS)
_DATE_PARTS = ("early", "mid", "late", "season")
_UNITS = ("day", "month", "year")


@dataclass(frozen=True)
class _Paradigm:
    """How one kind of verb inflects: endings on a stem (French -er) or forms given in order (English)."""

    name: str
    endings: dict[str, list[str]]
    future_stem: str
    future_endings: dict[str, list[str]]
    places: tuple[str, ...]


def load_lexicon(path: Path) -> Lexicon:
    """Read and check one language's pattern file (fr.yaml, en.yaml)."""
    table = str.maketrans(shared().fold_characters)
    src = _Source(Path(path))
    top = src.mapping((), _LEXICON_KEYS, _REQUIRED_KEYS)
    lang = src.text(("language",))
    if lang != src.path.stem:
        src.fail(("language",), f"the file {src.path.name} must say 'language: {src.path.stem}'")

    def words(key: str, folded: bool = False) -> frozenset[str]:
        if key not in top:
            return frozenset()
        items = src.texts((key,))
        return frozenset(_fold(w, table) for w in items) if folded else frozenset(items)

    paradigms = _paradigms(src)
    triggers: dict[str, tuple[str, str]] = {}
    for event in src.mapping(("triggers",)):
        if event not in EVENTS:
            src.fail(("triggers", event), f"unknown event type; the event types are: {', '.join(EVENTS)}")
        for form, tag in _forms(src, ("triggers", event), paradigms):
            triggers[form] = (event, tag)
    support: dict[str, tuple[str, str]] = {}
    for event in src.mapping(("support",)):
        if event not in (*EVENTS, _NO_EVENT):
            src.fail(("support", event), f"unknown event type; use one of: {', '.join(EVENTS)}, or {_NO_EVENT}")
        for form, tag in _forms(src, ("support", event), paradigms):
            support[form] = ("" if event == _NO_EVENT else event, tag)
    heads = {noun: "" if src.get(("heads", noun)) is None else src.kind_id(("heads", noun))
             for noun in src.mapping(("heads",))}
    kinds = {phrase: src.kind_id(("kinds", phrase)) for phrase in src.mapping(("kinds",))}
    domains: dict[str, tuple[str, str]] = {}
    for phrase in src.mapping(("domains",)):
        pair = src.sequence(("domains", phrase))
        if len(pair) != 2:
            src.fail(("domains", phrase), "expected [domain id, English provision]")
        domains[phrase] = (src.kind_id(("domains", phrase, 0)), src.text(("domains", phrase, 1)))
    months = {m: src.number(("months", m), 1, 12) for m in src.mapping(("months",))}
    weekdays = {d: src.number(("weekdays", d), 0, 6) for d in src.mapping(("weekdays",))}
    date_parts: dict[str, str] = {}
    for word in src.mapping(("date_parts",)):
        value = src.text(("date_parts", word))
        if value not in _DATE_PARTS:
            src.fail(("date_parts", word), f"{value!r} is not one of {', '.join(_DATE_PARTS)}")
        date_parts[word] = value
    relative: dict[str, tuple[str, int]] = {}
    for phrase in src.mapping(("relative_dates",)):
        pair = src.sequence(("relative_dates", phrase))
        if len(pair) != 2 or src.get(("relative_dates", phrase, 0)) not in _UNITS:
            src.fail(("relative_dates", phrase), f"expected [unit, offset]: a unit of {', '.join(_UNITS)} and a number")
        relative[phrase] = (src.text(("relative_dates", phrase, 0)), src.number(("relative_dates", phrase, 1)))
    anchored = {p: src.number(("anchored", p)) for p in (src.mapping(("anchored",)) if "anchored" in top else {})}
    groups = {p: src.number(("groups", p)) for p in (src.mapping(("groups",)) if "groups" in top else {})}
    named_periods: dict[str, str] = {}
    for phrase in (src.mapping(("named_periods",)) if "named_periods" in top else {}):
        unit = src.text(("named_periods", phrase))
        if unit not in ("month", "year"):
            src.fail(("named_periods", phrase), "expected 'month' or 'year' (the precision of the period named before)")
        named_periods[phrase] = unit
    anchored_months = {p: src.number(("anchored_months", p))
                       for p in (src.mapping(("anchored_months",)) if "anchored_months" in top else {})}
    return Lexicon(
        tree_patterns=_tree_patterns(src) if "tree_patterns" in top else {},
        lang=lang,
        function_words=words("function_words"),
        triggers=triggers,
        support=support,
        heads=heads,
        kinds=kinds,
        domains=domains,
        months=months,
        weekdays=weekdays,
        date_parts=date_parts,
        relative_dates=relative,
        anchored=anchored,
        groups=groups,
        anchored_months=anchored_months,
        named_periods=named_periods,
        ordinal_suffixes=tuple(src.texts(("ordinal_suffixes",))) if "ordinal_suffixes" in top else (),
        present_in_force=words("present_in_force"),
        adverb_suffixes=tuple(_fold(s, table) for s in src.texts(("adverb_suffixes",))) if "adverb_suffixes" in top else (),
        progressive_suffixes=tuple(_fold(s, table) for s in src.texts(("progressive_suffixes",)))
        if "progressive_suffixes" in top else (),
        present_endings=tuple(src.texts(("present_endings",))) if "present_endings" in top else (),
        participle_endings=tuple(src.texts(("participle_endings",))) if "participle_endings" in top else (),
        numeric_day_first=src.flag(("numeric_day_first",)) if "numeric_day_first" in top else False,
        with_=words("with"),
        **{key: words(key) for key in _REQUIRED_WORDS + _OPTIONAL_WORDS if key != "with"},
        **{key: words(key, folded=True) for key in _FOLDED_WORDS},
    )


def _tree_patterns(src: _Source) -> dict[str, list[dict[str, Any]]]:
    """The dependency patterns: known names, each a list of token specs whose RIGHT_IDs are the name's roles."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name in src.mapping(("tree_patterns",)):
        here: _Where = ("tree_patterns", name)
        if name not in TREE_PATTERNS:
            src.fail(here, f"unknown tree pattern; the components read: {', '.join(TREE_PATTERNS)}")
        specs = src.sequence(here)
        roles = []
        for n, spec in enumerate(specs):
            if not isinstance(spec, dict) or "RIGHT_ID" not in spec:
                src.fail((*here, n), "each token spec is a mapping with RIGHT_ID (spaCy DependencyMatcher syntax)")
            roles.append(spec["RIGHT_ID"])
        if tuple(roles) != TREE_PATTERNS[name]:
            src.fail(here, f"the token specs' RIGHT_IDs must be, in order: {', '.join(TREE_PATTERNS[name])}")
        out[name] = [dict(spec) for spec in specs]
    return out


def _paradigms(src: _Source) -> dict[str, _Paradigm]:
    out: dict[str, _Paradigm] = {}
    for name in src.mapping(("paradigms",)):
        here: _Where = ("paradigms", name)
        if name in TAGS or name in ("future", "only", "then"):
            src.fail(here, "a paradigm cannot be named like a tag or an option; rename it")
        spec = src.mapping(here, ("endings", "future_stem", "future_endings", "places"))
        endings = _tagged(src, (*here, "endings")) if "endings" in spec else {}
        future = _tagged(src, (*here, "future_endings")) if "future_endings" in spec else {}
        places = tuple(src.texts((*here, "places"))) if "places" in spec else ()
        for i, tag in enumerate(places):
            if tag not in TAGS:
                src.fail((*here, "places", i), f"unknown tag {tag!r}; the tags are: {', '.join(TAGS)}")
        if bool(endings) == bool(places):
            src.fail(here, "give either 'endings' (a stem's endings by tag) or 'places' (the tags of the forms, in order)")
        stem = src.text((*here, "future_stem")) if "future_stem" in spec else "{stem}"
        if future and "{stem}" not in stem:
            src.fail((*here, "future_stem"), "write the future stem with {stem} in it, e.g. \"{stem}er\"")
        out[name] = _Paradigm(name, endings, stem, future, places)
    return out


def _tagged(src: _Source, where: _Where) -> dict[str, list[str]]:
    """A mapping tag -> forms (or endings), checked."""
    out: dict[str, list[str]] = {}
    for tag in src.mapping(where):
        if tag not in TAGS:
            src.fail((*where, tag), f"unknown tag; the tags are: {', '.join(TAGS)}")
        out[tag] = src.texts((*where, tag))
    return out


def _forms(src: _Source, where: _Where, paradigms: dict[str, _Paradigm]) -> Iterator[tuple[str, str]]:
    """Expand a list of form groups into (form, tag), in order; a later group's tag wins for a form written twice."""
    forms: dict[str, str] = {}
    for i in range(len(src.sequence(where))):
        here = (*where, i)
        group = src.mapping(here)
        named = [key for key in group if key in paradigms]
        if not named:
            for key in group:
                if key not in TAGS:
                    src.fail((*here, key), f"neither a paradigm ({', '.join(paradigms) or 'none defined'}) nor a tag "
                                           f"({', '.join(TAGS)}); see the comment above 'triggers'")
            forms.update((form, tag) for tag, items in _tagged(src, here).items() for form in items)
            continue
        paradigm = paradigms[named[0]]
        options = (paradigm.name, "then") + (("future", "only") if paradigm.endings else ())
        src.mapping(here, options)
        forms.update(_inflect(src, here, paradigm, group))
    yield from forms.items()


def _inflect(src: _Source, here: _Where, paradigm: _Paradigm, group: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    if paradigm.endings:
        stem = src.text((*here, paradigm.name))
        for tag, endings in paradigm.endings.items():
            out.update((stem + e, tag) for e in endings)
        future = src.text((*here, "future")) if "future" in group else paradigm.future_stem.replace("{stem}", stem)
        for tag, endings in paradigm.future_endings.items():
            out.update((future + e, tag) for e in endings)
    else:
        given = src.texts((*here, paradigm.name))
        if not 1 <= len(given) <= len(paradigm.places):
            src.fail((*here, paradigm.name), f"expected 1 to {len(paradigm.places)} forms, in the order of the "
                                              f"paradigm's places ({', '.join(paradigm.places)})")
        out.update(zip(given, paradigm.places, strict=False))
    if "only" in group:
        only = src.texts((*here, "only"))
        for j, tag in enumerate(only):
            if tag not in TAGS:
                src.fail((*here, "only", j), f"unknown tag; the tags are: {', '.join(TAGS)}")
        out = {form: tag for form, tag in out.items() if tag in only}
    if "then" in group:
        then = src.text((*here, "then"))
        out = {f"{form} {then}": tag for form, tag in out.items()}
    return out


# -- shared.yaml --------------------------------------------------------------------------------

_SHARED_WORDS = (
    "coordination", "and_words", "head_joiners", "year_of", "pronoun_year_of", "plural_words", "geo_links",
    "geo_features_after", "place_coordination", "passive_auxiliaries", "country_determiners", "country_nouns",
    "intent_heads", "short_negators", "condition_openers", "infinitive_auxiliaries", "each", "hypothetical_modals",
    "object_pronouns", "on_behalf", "date_coordination", "date_prepositions", "clause_date_openers",
    "verb_coordination", "partner_list_skip", "year_followers", "conditional_marks", "related_links", "term_limits",
    "subject_links", "distributives", "generic_domains", "gatherings", "venue_openers",
    "durations", "era_words")
_SHARED_KEYS = ("characters", "punctuation_stops", "quotes", "kinds", "actor_forms", "seats", "chambers", "leading_articles",
                "words", "dates")
_ACTOR_FORMS = ("name", "alias", "capital", "demonym", "code")
_GAZETTEER_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
#: The lists a date token may name as '@name', and where they come from.
DATE_LISTS = {"months": "language", "weekdays": "language", "date_parts": "language", "ordinal_suffixes": "language",
              "mid_prefix": "shared", "article_words": "shared"}


def load_shared(path: Path) -> Shared:
    """Read and check shared.yaml."""
    src = _Source(Path(path))
    src.mapping((), _SHARED_KEYS, _SHARED_KEYS)
    src.mapping(("characters",), ("fold", "spacy_text"), ("fold", "spacy_text"))
    fold_characters = src.character_map(("characters", "fold"), one_for_one=False)
    table = str.maketrans(fold_characters)

    def folded(where: _Where) -> frozenset[str]:
        return frozenset(_fold(w, table) for w in src.texts(where))

    src.mapping(("kinds",), ("generic", "may_name", "forms"), ("generic", "may_name", "forms"))
    actor_forms = tuple(src.texts(("actor_forms",)))
    for i, form in enumerate(actor_forms):
        if form not in _ACTOR_FORMS:
            src.fail(("actor_forms", i), f"unknown gazetteer form; the forms are: {', '.join(_ACTOR_FORMS)}")
    seats: dict[str, frozenset[str]] = {}
    for state in src.mapping(("seats",)):
        seats[_gazetteer_id(src, ("seats", state), state)] = frozenset(
            _gazetteer_id(src, ("seats", state, i), o) for i, o in enumerate(src.texts(("seats", state))))
    chambers = {_gazetteer_id(src, ("chambers", c), c): _gazetteer_id(src, ("chambers", c), src.text(("chambers", c)))
                for c in src.mapping(("chambers",))}
    words = src.mapping(("words",), (*_SHARED_WORDS, "plural_suffix"), (*_SHARED_WORDS, "plural_suffix"))
    phrases = ("on_behalf", "gatherings", "venue_openers")     # lists of multi-word phrases, word by word
    phrase_lists = {key: tuple(tuple(_fold(w, table) for w in phrase.split()) for phrase in src.texts(("words", key)))
                    for key in phrases}
    lists = {key: folded(("words", key)) for key in words if key not in ("plural_suffix", "condition_openers", *phrases)}
    date_keys = ("mid_prefix", "article_words", "strict_words", "tokens", "patterns")
    src.mapping(("dates",), date_keys, date_keys)
    tokens = _date_tokens(src)
    patterns: list[tuple[str, ...]] = []
    lines: list[int] = []
    for i in range(len(src.sequence(("dates", "patterns")))):
        names = tuple(src.texts(("dates", "patterns", i)))
        for j, name in enumerate(names):
            if name not in tokens:
                src.fail(("dates", "patterns", i, j), f"no token {name!r} in dates.tokens; define it there or fix the name")
        patterns.append(names)
        lines.append(src.lines[("dates", "patterns", i)])
    return Shared(
        fold_characters=fold_characters,
        spacy_text=src.character_map(("characters", "spacy_text"), one_for_one=True),
        punctuation_stops=frozenset(src.texts(("punctuation_stops",))),
        quotes={opening: src.text(("quotes", opening)) for opening in src.mapping(("quotes",))},
        generic_kind=src.kind_id(("kinds", "generic")),
        generic_may_name=frozenset(src.kind_ids(("kinds", "may_name"))),
        form_kinds=tuple(src.kind_ids(("kinds", "forms"))),
        actor_forms=actor_forms,
        seats=seats,
        chambers=chambers,
        leading_articles=folded(("leading_articles",)),
        plural_suffix=_fold(src.text(("words", "plural_suffix")), table),
        on_behalf=phrase_lists["on_behalf"],
        gatherings=phrase_lists["gatherings"],
        venue_openers=phrase_lists["venue_openers"],
        condition_openers=tuple(_fold(p, table) for p in src.texts(("words", "condition_openers"))),
        mid_prefix=_fold(src.text(("dates", "mid_prefix")), table),
        article_words=folded(("dates", "article_words")),
        strict_words=folded(("dates", "strict_words")),
        date_tokens=tokens,
        date_patterns=tuple(patterns),
        date_pattern_lines=tuple(lines),
        path=str(src.path),
        **lists,
    )


def _gazetteer_id(src: _Source, where: _Where, value: str) -> str:
    if not _GAZETTEER_ID.match(value):
        src.fail(where, f"{value!r} is not a gazetteer id (capitals, digits and '-', as in data/gazetteer/actors.csv)")
    return value


def _date_tokens(src: _Source) -> dict[str, dict[str, Any]]:
    """The date tokens, checked: Matcher token dicts whose '@name' placeholders name known lists."""
    tokens: dict[str, dict[str, Any]] = {}
    for name in src.mapping(("dates", "tokens")):
        where: _Where = ("dates", "tokens", name)
        spec = src.mapping(where)

        def check(value: Any, at: _Where) -> None:
            if isinstance(value, dict):
                for k, v in value.items():
                    check(v, (*at, k))
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    check(v, (*at, i))
            elif isinstance(value, str) and "@" in value:
                whole = at[-1] == "IN" and _PLACEHOLDER.fullmatch(value)
                if not (whole or at[-1] == "REGEX"):
                    src.fail(at, "an '@list' may stand for the whole list after IN, or inside a REGEX")
                for found in _PLACEHOLDER.findall(value) or ["(nothing)"]:
                    if found not in DATE_LISTS:
                        src.fail(at, f"unknown list '@{found}'; a token may name: "
                                     f"{', '.join('@' + n for n in DATE_LISTS)}")
        check(spec, where)
        tokens[name] = spec
    return tokens


def date_patterns(lex: Lexicon, sh: Shared) -> list[list[dict[str, Any]]]:
    """The date patterns for one language: spaCy Matcher token dicts with the '@lists' filled in."""
    def listed(name: str) -> tuple[list[str], bool]:
        """The words a placeholder stands for (folded), and whether their order is free (a set)."""
        value: Any = getattr(lex, name) if DATE_LISTS[name] == "language" else getattr(sh, name)
        if isinstance(value, str):
            return [fold(value)], False
        if isinstance(value, (dict, frozenset)):
            return sorted({fold(w) for w in value}), True
        return list(dict.fromkeys(fold(w) for w in value)), False

    def fill(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: fill(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, str) and key == "IN" and _PLACEHOLDER.fullmatch(value):
            return listed(value[1:])[0]
        if isinstance(value, str) and key == "REGEX":
            return _PLACEHOLDER.sub(lambda m: "|".join(re.escape(w) for w in listed(m.group(1))[0]), value)
        return value

    tokens = {name: fill(spec) for name, spec in sh.date_tokens.items()}
    return [[tokens[name] for name in pattern] for pattern in sh.date_patterns]

