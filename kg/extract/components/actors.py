"""kg_actors: the gazetteer actors a paragraph names (Doc._.kg_actors), from the entity ruler's matches.

The entity ruler is fed with every name, alias, capital and demonym of the gazetteer
(actor_patterns); this component turns its entities into ActorMention records: which actor,
by which form, the party it stands for, and whether it is a capital that may be a place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ...gazetteer import Gazetteer
from ..vocabulary import Lexicon, Shared, fold, is_acronym, lexicon, shared

__all__ = ["ActorMention", "ActorMentions", "actor_patterns"]


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


def actor_patterns(gazetteer: Gazetteer, lex: Lexicon, sh: Shared) -> list[dict[str, Any]]:
    """Turn every gazetteer name, alias, capital and demonym into an entity-ruler pattern."""
    tiers = {form: i for i, form in enumerate(sh.actor_forms)}
    best: dict[str, tuple[int, set[str], str, str]] = {}
    for text, actor_id, form in gazetteer.surface_forms():
        if form not in tiers or len(text) < 2:
            continue
        key = text if is_acronym(text) else fold(text)
        tier = tiers[form]
        current = best.get(key)
        if current is None or tier < current[0]:
            best[key] = (tier, {actor_id}, form, text)
        elif tier == current[0]:
            current[1].add(actor_id)
    patterns: list[dict[str, Any]] = []
    for key, (_tier, ids, form, text) in sorted(best.items()):
        if len(ids) != 1 or key in lex.not_names:
            continue               # 'congolais' is Congo or DR Congo: say nothing rather than guess
        patterns.append({"label": form, "pattern": text, "id": next(iter(ids))})
    return patterns


class ActorMentions:
    """Read the entity ruler's matches into ActorMention records; the gazetteer is given with set_gazetteer."""

    def __init__(self, lex: Lexicon, sh: Shared) -> None:
        self.lex = lex
        self.shared = sh
        self.gazetteer: Gazetteer | None = None
        self.demonyms: frozenset[str] = frozenset()

    def set_gazetteer(self, gazetteer: Gazetteer) -> None:
        """Use this gazetteer to read the ruler's ids (like spaCy's entity_linker.set_kb: not a config value)."""
        self.gazetteer = gazetteer
        self.demonyms = frozenset(fold(text).lower() for text, _, form in gazetteer.surface_forms() if form == "demonym")

    def __call__(self, doc: Doc) -> Doc:
        if self.gazetteer is None:
            raise ValueError("kg_actors has no gazetteer: call set_gazetteer() after add_pipe")
        doc._.kg_actors = self.actors(doc, self.gazetteer)
        return doc

    def actors(self, doc: Doc, gazetteer: Gazetteer) -> list[ActorMention]:
        """The actors of a document's entities, with the party each stands for."""
        out = []
        for ent in doc.ents:
            actor = gazetteer.get(ent.ent_id_)
            if actor is None or (ent.label_ != "demonym" and not self._capitalised(ent) and not self._national(ent)):
                continue               # names are capitalised: 'turkey', 'chad' in lower case are words
            if actor.kind == "organisation" and self._gathering(doc, ent):
                continue               # 'on the sidelines of the UN General Assembly': a place, not a party
            party: str | None
            parent = gazetteer.get(actor.country) if actor.country else None
            if actor.kind == "organisation" and parent is not None and parent.kind == "organisation":
                party = parent.id      # a mission (MINUSMA) is its organisation's, as a body is its state's
            elif actor.kind == "state" and actor.historical is not None and len(actor.successors) == 1 \
                    and not (ent.label_ == "demonym" and self._era(doc, ent)):
                # 'l'Union soviétique', 'URSS', 'a Soviet pact': the state that continues it (RUS) is the
                # party; 'Soviet-era helicopters', « l'époque soviétique » describe an era and stay the old state's
                party = actor.successors[0]
            elif actor.kind in ("state", "organisation"):
                party = actor.id
            elif actor.kind == "body" and actor.country and actor.country in gazetteer:
                party = actor.country
            else:
                party = None
            capitals = {fold(c) for c in (actor.capital_en, actor.capital_fr) if c}
            city = actor.kind == "state" and (ent.label_ == "capital" or fold(ent.text) in capitals)
            out.append(ActorMention(ent.start, ent.end, actor.id, ent.label_, actor.kind, party, ent.text, city))
        return out

    def _era(self, doc: Doc, ent: Span) -> bool:
        """Does an era or make word stand beside the name ('Soviet-era', « l'époque soviétique », 'Soviet-made')?"""
        near = [fold(t.text) for t in doc[max(0, ent.start - 2):ent.start]] + \
            [fold(t.text) for t in doc[ent.end:ent.end + 2]]
        return any(w in self.shared.era_words for w in near)

    def _gathering(self, doc: Doc, ent: Span) -> bool:
        """Does the name stand for a meeting of the organisation ('the AU summit', « en marge du sommet de la CEDEAO »)?"""
        after = tuple(fold(t.text) for t in doc[ent.end:ent.end + 3])
        if any(after[:len(g)] == g for g in self.shared.gatherings):
            return True
        start = ent.start
        while start > 0 and not doc[start - 1].is_punct and ent.start - start < 15:
            start -= 1
        before = [fold(t.text) for t in doc[start:ent.start]]
        phrases = self.shared.gatherings + self.shared.venue_openers
        return any(tuple(before[i:i + len(p)]) == p for p in phrases for i in range(len(before)))

    def _national(self, ent: Span) -> bool:
        """Does a lower-case phrase carry its state's adjective: 'le gouvernement togolais', 'l'armée malienne'?"""
        return len(ent) > 1 and any(t.norm_.lower() in self.demonyms for t in ent)

    def _capitalised(self, ent: Span) -> bool:
        """Is the name capitalised, past a leading article ('the Democratic Republic of the Congo', 'the Gambia')?

        A phrase whose head is a common noun written in lower case still names its state by the
        capitalised name it ends with ('le gouvernement du Togo', 'the government of Ghana').
        """
        words = [t for t in ent if t.norm_ not in self.shared.leading_articles] or list(ent)
        return words[0].text[:1].isupper() or (len(words) > 1 and words[-1].text[:1].isupper())


@Language.factory("kg_actors", assigns=["doc._.kg_actors"], requires=["doc.ents"])
def make_actors(nlp: Language, name: str) -> ActorMentions:
    """The kg_actors component (give it the gazetteer with set_gazetteer)."""
    return ActorMentions(lexicon(nlp.lang), shared())
