"""The spaCy pipelines for French and English: a model (or a blank language), the gazetteer, the kg components.

Importing this module imports spaCy; kg.extract imports it only when there is text to read,
so 'kg --help' stays fast. The components live in kg/extract/components/, one module per stage;
the words and patterns they look for in kg/extract/patterns/ (read by kg/extract/vocabulary.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from ..facts import PartialDate
from ..gazetteer import Gazetteer, default_gazetteer
from .components import COMPONENTS
from .components.actors import ActorMentions, actor_patterns
from .components.phrases import PhraseLexicon
from .reader import ExtractError
from .vocabulary import Lexicon, fold, lexicon, shared, spacy_text

__all__ = ["FRENCH_MODEL", "Annotator", "annotator", "build_pipeline"]

FRENCH_MODEL = "fr_core_news_sm"


def _load(lang: str) -> Language:
    """The language's base pipeline: the French model (tagger and parser) or a blank English one, with sentencizer."""
    if lang == "fr":
        try:
            # The tagger (POS, tense, mood) and the parser (the tree events, parties and dates are
            # attached over) are kept; the rules compare folded word forms, not lemmas. The punctuation
            # rule runs first and splits news sentences more reliably than the parser: the parser keeps
            # the boundaries it is given and builds one tree per sentence.
            nlp = spacy.load(FRENCH_MODEL, exclude=["ner", "lemmatizer"])
        except OSError:
            raise ExtractError(
                f"the French spaCy model '{FRENCH_MODEL}' is not installed; install kg with its "
                "dependencies (pip install -e .) — kg never downloads models at run time") from None
        nlp.add_pipe("sentencizer", first=True)
        return nlp
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def build_pipeline(lang: str, gazetteer: Gazetteer) -> Language:
    """Build one language's pipeline: base pipeline, kg_norm, the gazetteer's entity ruler, the kg components."""
    lex = lexicon(lang)
    nlp = _load(lang)
    nlp.add_pipe("kg_norm", last=True)
    ruler = nlp.add_pipe("entity_ruler", last=True,
                         config={"phrase_matcher_attr": "NORM", "overwrite_ents": True, "validate": False})
    assert isinstance(ruler, EntityRuler)  # add_pipe is typed as returning any component
    with nlp.select_pipes(enable=["kg_norm", "entity_ruler"]):
        ruler.add_patterns(actor_patterns(gazetteer, lex, shared()))
    for name in COMPONENTS:
        nlp.add_pipe(name, last=True)
    actors = nlp.get_pipe("kg_actors")
    assert isinstance(actors, ActorMentions)
    actors.set_gazetteer(gazetteer)
    return nlp


class Annotator:
    """One language's pipeline, built once per process from the gazetteer and the pattern files."""

    def __init__(self, lang: str, gazetteer: Gazetteer) -> None:
        self.lang = lang
        self.lex: Lexicon = lexicon(lang)
        self.gazetteer = gazetteer
        self.organisations = frozenset(a.id for a in gazetteer if a.kind == "organisation")
        self.nlp = build_pipeline(lang, gazetteer)
        phrases = self.nlp.get_pipe("kg_phrases")
        assert isinstance(phrases, PhraseLexicon)
        self.phrases = phrases

    def named_states(self, text: str) -> list[str]:
        """The states a paragraph with no fact names, in order: later 'les trois pays' may stand for them."""
        with self.nlp.select_pipes(enable=["kg_norm", "entity_ruler", "kg_actors"]):
            doc = self.nlp(spacy_text(text))
        # (a capital counts unless it follows 'à', 'in': 'Paris veut donner un coup de jeune à sa coopération')
        return [a.party for a in doc._.kg_actors if a.party and a.kind in ("state", "body")
                and not (a.city and a.start > 0 and doc[a.start - 1].norm_ in self.lex.locative)]

    def is_candidate(self, text: str) -> bool:
        """Cheaply tell whether a paragraph could state a fact, so only those get the tagger and rules."""
        return self.phrases.is_candidate(self.nlp.make_doc(spacy_text(text)))

    def is_related_link(self, text: str) -> bool:
        """Is the paragraph a link to another article ('Lire aussi : ...'), or the heading of a list of them?"""
        return self.related_link_rest(text) is not None

    @staticmethod
    def related_link_rest(text: str) -> str | None:
        """What follows a related-links phrase ('Lire aussi : <headline>'; '' for a heading alone), None if none starts it."""
        head = fold(text[:80].strip(" *_#>[\n")).lower()   # (markdown emphasis: '**Lire aussi :**')
        for phrase in shared().related_links:
            rest = head[len(phrase):].lstrip() if head.startswith(phrase) else None
            if rest is None:
                continue
            if rest.startswith(":"):
                return rest[1:].strip(" *_]")
            if not rest.strip(" *_"):
                return ""           # '**Articles similaires**' alone on its line
        return None

    def analyse(self, chunks: Iterable[tuple[str, int]], published: PartialDate | None = None,
                batch_size: int = 32) -> Iterator[Doc]:
        """Run the pipeline over (text, offset) chunks in order; each Doc carries its sentences' claims."""
        def docs() -> Iterator[Doc]:
            for text, offset in chunks:
                doc = self.nlp.make_doc(spacy_text(text))
                doc._.kg_offset = offset
                doc._.kg_published = published
                yield doc

        yield from self.nlp.pipe(docs(), batch_size=batch_size)


@lru_cache(maxsize=4)
def annotator(lang: str, gazetteer: Gazetteer | None = None) -> Annotator:
    """Build one language's annotator once per process: loading spaCy and the gazetteer takes seconds."""
    return Annotator(lang, gazetteer or default_gazetteer())
