"""The Doc._ and Span._ attributes the kg components read and write, registered once per process.

On the Doc (one paragraph of the article):
  kg_offset     where the paragraph starts in the article body (characters)
  kg_published  the article's publication date (PartialDate or None), which dates are counted from
  kg_actors     the gazetteer actors named in it (ActorMention, by kg_actors)
  kg_matches    the lexicon phrases and dates found in it (LexMatch, by kg_phrases)
On each sentence Span (doc.sents):
  kg_sentence   its clause structure, matches and actors (Sentence, by kg_clauses)
  kg_triggers   its event words (Trigger, by kg_triggers; negated/modal set by kg_modality)
  kg_mentions   its agreement mentions (Mention, by kg_mentions; parties by kg_arguments)
  kg_unlinked   event words with no agreement noun in reach, about the agreement in focus (by kg_arguments)
  kg_dates      its resolved dates (DateMention, by kg_dates; each trigger's dates too)
  kg_claims     what it says about agreements (Claim, by kg_assembly), for the resolver
  kg_back_date  the date an opening like « C'était hier, jeudi 4 juillet » gives the event told before (by kg_dates)
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["DOC_EXTENSIONS", "SPAN_EXTENSIONS", "register"]

DOC_EXTENSIONS = ("kg_offset", "kg_published", "kg_actors", "kg_matches")
SPAN_EXTENSIONS = ("kg_sentence", "kg_triggers", "kg_mentions", "kg_unlinked", "kg_dates", "kg_claims", "kg_back_date")


def register() -> None:
    """Declare the attributes (default None: a component sets each one before another reads it)."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=0 if name == "kg_offset" else None)
    for name in SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
