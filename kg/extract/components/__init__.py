"""The kg spaCy components, one module per stage, registered with @Language.factory on import.

In pipeline order (kg/extract/pipeline.py adds them with nlp.add_pipe):

  kg_norm       norm.py       folded word forms as token NORMs
  (entity_ruler, spaCy's, fed with the gazetteer's names)
  kg_actors     actors.py     the actors named (Doc._.kg_actors)
  kg_phrases    phrases.py    lexicon phrases and dates (Doc._.kg_matches)
  kg_clauses    clauses.py    each sentence's clauses, matches and actors (Span._.kg_sentence)
  kg_triggers   triggers.py   event words (Span._.kg_triggers)
  kg_modality   modality.py   negated and modal event words
  kg_mentions   mentions.py   agreement mentions (Span._.kg_mentions)
  kg_arguments  arguments.py  which mention each event word is about; parties, bodies, places
  kg_dates      dates.py      dates, and each event word's dates (Span._.kg_dates)
  kg_assembly   assembly.py   claims about agreements (Span._.kg_claims)

What comes after works on the whole article, not one Doc: the resolver (kg/extract/resolve.py)
decides which agreement each claim is about, and the writer turns agreements into fact records.
"""

from __future__ import annotations

from . import extensions

extensions.register()

from . import (  # noqa: E402  (the components read the extensions registered above)
    actors,
    arguments,
    assembly,
    clauses,
    dates,
    mentions,
    modality,
    norm,
    phrases,
    triggers,
)

__all__ = ["COMPONENTS", "actors", "arguments", "assembly", "clauses", "dates", "extensions", "mentions",
           "modality", "norm", "phrases", "triggers"]

#: The kg components after the entity ruler, in pipeline order.
COMPONENTS = ("kg_actors", "kg_phrases", "kg_clauses", "kg_triggers", "kg_modality", "kg_mentions", "kg_arguments",
              "kg_dates", "kg_assembly")
