"""spaCy pipelines for French and English, with the gazetteer and the lexicon as rule components.

Importing this module imports spaCy; kg.extract imports it only when there is text to read,
so 'kg --help' stays fast.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..gazetteer import Gazetteer, default_gazetteer
from .lexicon import LEXICONS, Lexicon
from .reader import ExtractError

__all__ = ["ActorMention", "Analysis", "Annotator", "LexMatch", "annotator", "fold"]

FRENCH_MODEL = "fr_core_news_sm"

def _is_acronym(text: str) -> bool:
    """Acronyms ('RDC', 'CAR', 'MoU') are matched case-sensitively: 'car' and 'mou' are words."""
    return " " not in text and sum(1 for c in text if c.isupper()) >= 2 and len(text) <= 8


_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "œ": "oe", "æ": "ae", "Œ": "oe"})


def fold(text: str) -> str:
    """Fold case, accents and apostrophes so 'Ratifié' and 'ratifie' meet; acronyms ('CAR', 'MoU') keep their case."""
    if _is_acronym(text):
        return text
    text = text.translate(_FOLD).lower()
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if len(text) > 2 and text.endswith(".") and text[-2].isalpha() and "." not in text[:-1]:
        text = text[:-1]               # 'janv.' and 'Apr.' meet 'janv' and 'apr'
    return text


@Language.component("kg_norm")
def _kg_norm(doc: Doc) -> Doc:
    """Store the folded form of each token as its NORM, which the rule matchers compare."""
    for token in doc:
        token.norm_ = fold(token.text)
    return doc


@dataclass(frozen=True)
class ActorMention:
    """A gazetteer actor named in the text: by name, alias, capital or demonym."""

    start: int
    end: int
    id: str
    form: str            # name | alias | capital | demonym
    kind: str            # state | organisation | body | pmc | armed-group
    party: str | None    # the state or organisation the mention stands for (a body's country)
    text: str
    city: bool = False   # the name is the state's capital ('Moscou'), which may be a place, not a party


@dataclass(frozen=True)
class LexMatch:
    """A lexicon phrase found in a document: its category, token span and value."""

    cat: str
    start: int
    end: int
    value: Any = None


@dataclass
class Analysis:
    """A processed chunk of text: the spaCy Doc and the actors and lexicon phrases found in it."""

    doc: Doc
    offset: int
    actors: list[ActorMention]
    matches: list[LexMatch]



# Names that are more often a first name than the country in the articles kg reads.
_NOT_NAMES = {"fr": {"maurice"}, "en": {"jordan"}}


class Annotator:
    """One language's pipeline and matchers, built once per process from the gazetteer and lexicon."""

    def __init__(self, lang: str, gazetteer: Gazetteer) -> None:
        self.lang = lang
        self.lex: Lexicon = LEXICONS[lang]
        self.gazetteer = gazetteer
        self.nlp = self._load(lang)
        self.nlp.add_pipe("kg_norm", last=True)
        ruler = self.nlp.add_pipe("entity_ruler", last=True,
                                  config={"phrase_matcher_attr": "NORM", "overwrite_ents": True, "validate": False})
        assert isinstance(ruler, EntityRuler)  # add_pipe is typed as returning any component
        with self.nlp.select_pipes(enable=["kg_norm", "entity_ruler"]):
            ruler.add_patterns(self._actor_patterns())
        self._build_matchers()

    # -- construction -----------------------------------------------------------------------

    @staticmethod
    def _load(lang: str) -> Language:
        if lang == "fr":
            try:
                # The tagger (POS, tense, mood) is kept; the rules compare folded word forms, not
                # lemmas, and the punctuation rule splits news sentences more reliably than the small
                # model's parser (and faster).
                nlp = spacy.load(FRENCH_MODEL, exclude=["ner", "parser", "lemmatizer"])
            except OSError:
                raise ExtractError(
                    f"the French spaCy model '{FRENCH_MODEL}' is not installed; install kg with its "
                    "dependencies (pip install -e .) — kg never downloads models at run time") from None
            nlp.add_pipe("sentencizer", first=True)
            return nlp
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp

    def _actor_patterns(self) -> list[dict[str, Any]]:
        """Turn every gazetteer name, alias, capital and demonym into a ruler pattern."""
        tiers = {"name": 0, "alias": 1, "capital": 2, "demonym": 3}
        best: dict[str, tuple[int, set[str], str, str]] = {}
        for text, actor_id, form in self.gazetteer.surface_forms():
            if form == "code" or len(text) < 2:
                continue
            acronym = _is_acronym(text)
            key = text if acronym else fold(text)
            tier = tiers[form]
            current = best.get(key)
            if current is None or tier < current[0]:
                best[key] = (tier, {actor_id}, form, text)
            elif tier == current[0]:
                current[1].add(actor_id)
        patterns: list[dict[str, Any]] = []
        for key, (_tier, ids, form, text) in sorted(best.items()):
            if len(ids) != 1 or key in _NOT_NAMES.get(self.lang, ()):
                continue               # 'congolais' is Congo or DR Congo: say nothing rather than guess
            actor_id = next(iter(ids))
            patterns.append({"label": form, "pattern": text, "id": actor_id})
        return patterns

    def _norm_doc(self, text: str) -> Doc:
        doc = self.nlp.make_doc(text.translate(_FOLD))
        for token in doc:
            token.norm_ = fold(token.text)
        return doc

    def _build_matchers(self) -> None:
        lex = self.lex
        self._values: dict[tuple[str, tuple[str, ...]], Any] = {}
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="NORM")
        categories: dict[str, dict[str, Any]] = {
            "TRIG": lex.triggers, "SUPPORT": lex.support, "HEAD": lex.heads, "KIND": lex.kinds,
            "DOMAIN": lex.domains, "RELDATE": lex.relative_dates, "ANCHOR": lex.anchored,
            **{cat: dict.fromkeys(words, True) for cat, words in {
                "LAW": lex.laws, "PRONHEAD": lex.pronoun_heads, "ANAPH": lex.anaphors, "PROV": lex.provision_verbs,
                "DCUE": lex.domain_cues, "DEFENCE": lex.defence_cues, "CIVIL": lex.civil_cues,
                "SIMILAR": lex.similar, "SEPARATE": lex.separate, "NEW": lex.new, "REPL": lex.replaces,
                "REPLBY": lex.replaced_by, "NEG": lex.negators, "WNEG": lex.weak_negators, "MODAL": lex.modal,
                "INFMARK": lex.infinitive_markers, "RECENT": lex.recent_past, "OTHERDOC": lex.other_documents,
                "BOUND": lex.boundaries, "ASIDE": lex.asides, "BETWEEN": lex.between, "WITH": lex.with_,
                "AGENT": lex.agent, "LOC": lex.locative, "GEO": lex.geo_features, "BOTH": lex.both,
                "REPORT": lex.reporting, "ATSIGN": lex.at_signing, "DONE": lex.completed, "INTENT": lex.intent,
                "POSS": lex.possessives,
            }.items()},
        }
        for cat, entries in categories.items():
            docs = []
            for phrase, value in entries.items():
                doc = self._norm_doc(phrase)
                docs.append(doc)
                self._values[(cat, tuple(t.norm_ for t in doc))] = value
            self.phrases.add(cat, docs)
        # The paragraph filter: tokenizer only, lower-cased words, accented and folded spellings.
        self.cues = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for cat in ("TRIG", "HEAD", "PROV", "DCUE", "ANAPH", "DOMAIN"):
            texts = {variant for phrase in categories[cat] for variant in (phrase.lower(), fold(phrase).lower())}
            self.cues.add(cat, [self.nlp.make_doc(t) for t in sorted(texts)])
        # Dates: token patterns over folded forms; dates.py reads the parts.
        self.dates = Matcher(self.nlp.vocab)
        month = {"NORM": {"IN": sorted({fold(m) for m in lex.months})}}
        wday = {"NORM": {"IN": sorted({fold(w) for w in lex.weekdays})}}
        part = {"NORM": {"IN": sorted({fold(p) for p in lex.date_parts})}}
        day = {"NORM": {"REGEX": r"^(0?[1-9]|[12]\d|3[01])(" + "|".join(lex.ordinal_suffixes) + r")?$"}}
        year = {"NORM": {"REGEX": r"^(1[89]\d\d|20\d\d)$"}}
        comma = {"NORM": {"IN": [",", "-"]}, "OP": "?"}
        mid_month = {"NORM": {"REGEX": r"^mi-(" + "|".join(sorted({re.escape(fold(m)) for m in lex.months})) + r")$"}}
        mid_year = {"NORM": {"REGEX": r"^mi-(1[89]\d\d|20\d\d)$"}}
        hyphen = {"ORTH": "-"}
        prep = {"NORM": {"IN": sorted({"in", "en", "since", "depuis", "until", "by", "of", "de", "from", "des",
                                       "early", "late", "mid", "debut", "fin", "courant", "jusqu'en", "during"})}}
        the = {"NORM": {"IN": ["le", "the", "on", "ce", "this", "last", "dernier"]}, "OP": "?"}
        self.dates.add("DATE", [
            [wday, comma, day, month, year], [wday, comma, day, month], [day, month, year], [day, month],
            [wday, comma, month, day, comma, year], [wday, comma, month, day], [month, day, comma, year], [month, day],
            [prep, day, month, year], [prep, month, year], [prep, month, day, comma, year],
            [part, month, year], [part, hyphen, month, year], [month, year], [mid_month, year], [mid_month],
            [part, month], [part, hyphen, month], [prep, month],
            [part, year], [part, hyphen, year], [year], [mid_year],
            [the, wday],
            [{"NORM": {"REGEX": r"^(0?[1-9]|[12]\d|3[01])[/.](0?[1-9]|1[0-2])[/.](1[89]\d\d|20\d\d)$"}}],
            [{"NORM": {"REGEX": r"^(1[89]\d\d|20\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}}],
        ])

    # -- use --------------------------------------------------------------------------------

    def value(self, cat: str, doc: Doc, start: int, end: int) -> Any:
        """Return the lexicon value of a matched phrase (e.g. the event type of a trigger)."""
        return self._values.get((cat, tuple(t.norm_ for t in doc[start:end])))

    def is_candidate(self, text: str) -> bool:
        """Cheaply tell whether a paragraph could state a fact, so only those get the tagger and rules.

        A fact needs an agreement noun or an event word, or a provision verb or domain cue with
        a domain ('Il prévoit la formation...'); a paragraph with none of these yields nothing.
        """
        doc = self.nlp.make_doc(text.translate(_NLP_TEXT))
        cats = {self.nlp.vocab.strings[m] for m, _, _ in self.cues(doc)}
        return bool(cats & {"TRIG", "HEAD"}) or bool(cats & {"PROV", "DCUE", "ANAPH"} and "DOMAIN" in cats)

    def analyse(self, chunks: Iterable[tuple[str, int]], batch_size: int = 32) -> Iterator[Analysis]:
        """Run the pipeline over (text, offset) chunks in order, yielding each chunk's analysis."""
        for doc, offset in self.nlp.pipe(((t.translate(_NLP_TEXT), o) for t, o in chunks),
                                         as_tuples=True, batch_size=batch_size):
            yield Analysis(doc, offset, self._actors(doc), self._matches(doc))

    def _actors(self, doc: Doc) -> list[ActorMention]:
        out = []
        for ent in doc.ents:
            actor = self.gazetteer.get(ent.ent_id_)
            if actor is None or (ent.label_ != "demonym" and not _capitalised(ent)):
                continue               # names are capitalised: 'turkey', 'chad' in lower case are words
            party: str | None
            parent = self.gazetteer.get(actor.country) if actor.country else None
            if actor.kind == "organisation" and parent is not None and parent.kind == "organisation":
                party = parent.id      # a mission (MINUSMA) is its organisation's, as a body is its state's
            elif actor.kind in ("state", "organisation"):
                party = actor.id
            elif actor.kind == "body" and actor.country and actor.country in self.gazetteer:
                party = actor.country
            else:
                party = None
            capitals = {fold(c) for c in (actor.capital_en, actor.capital_fr) if c}
            city = actor.kind == "state" and (ent.label_ == "capital" or fold(ent.text) in capitals)
            out.append(ActorMention(ent.start, ent.end, actor.id, ent.label_, actor.kind, party, ent.text, city))
        return out

    def _matches(self, doc: Doc) -> list[LexMatch]:
        strings = self.nlp.vocab.strings
        found: list[LexMatch] = []
        for match_id, start, end in self.phrases(doc):
            cat = strings[match_id]
            found.append(LexMatch(cat, start, end, self.value(cat, doc, start, end)))
        dates = filter_spans([Span(doc, s, e) for _, s, e in self.dates(doc)])
        found.extend(LexMatch("DATE", span.start, span.end) for span in dates)
        return sorted(found, key=lambda m: (m.start, -m.end, m.cat))


def _capitalised(ent: Span) -> bool:
    """Is the name capitalised, past a leading article ('the Democratic Republic of the Congo', 'the Gambia')?"""
    words = [t for t in ent if t.norm_ not in _ARTICLES] or list(ent)
    return words[0].text[:1].isupper()


_ARTICLES = {"the", "la", "le", "les", "l'"}


# Same-length replacements for the copy of the text spaCy reads: offsets stay valid.
_NLP_TEXT = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\n": " ",
                           "\t": " "})


@lru_cache(maxsize=4)
def annotator(lang: str, gazetteer: Gazetteer | None = None) -> Annotator:
    """Build one language's annotator once per process: loading spaCy and the gazetteer takes seconds."""
    return Annotator(lang, gazetteer or default_gazetteer())
