"""kg_clauses: each sentence's clause structure, matches and actors (Span._.kg_sentence).

The later sentence components (kg_triggers ... kg_assembly) all read this Sentence: the lexicon
matches of the sentence by category, its actors (without names inside an agreement's own name,
geographic features, or capitals standing for an organisation they seat), and which clause and
segment (aside) each token belongs to.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ...facts import PartialDate
from ..vocabulary import Lexicon, Shared, fold, lexicon, shared
from .actors import ActorMention
from .phrases import LexMatch
from .tree import has_tree

__all__ = ["Clauses", "Sentence", "clause_start", "folded_words", "longest"]


def folded_words(lex: Lexicon) -> dict[str, frozenset[str]]:
    """The lexicon's single-word lists in folded form, to compare with token norms."""
    names = ("skippable", "definite", "indefinite", "subject_pronouns", "locative", "geo_features", "year_preps")
    return {name: frozenset(fold(w) for w in getattr(lex, name)) for name in names}


class Sentence:
    """One sentence's tokens, matches and actors, with the clause structure the rules need."""

    def __init__(self, sent: Span, lex: Lexicon, sh: Shared, words: dict[str, frozenset[str]],
                 tree: dict[str, list[tuple[int, ...]]] | None = None) -> None:
        doc = sent.doc
        # the tree patterns' matches in this sentence: name -> token indices, in the pattern's role order
        self.tree: dict[str, list[tuple[int, ...]]] = {
            name: [m for m in found if all(sent.start <= i < sent.end for i in m)] for name, found in (tree or {}).items()}
        self.doc = doc
        self.sent = sent
        self.s, self.e = sent.start, sent.end
        self.lex = lex
        self.sh = sh
        self.words = words
        self.offset: int = doc._.kg_offset
        self.published: PartialDate | None = doc._.kg_published
        inside = [m for m in doc._.kg_matches if self.s <= m.start < self.e]
        date_tokens = {i for m in inside if m.cat == "DATE" for i in range(m.start, m.end)}
        self.by_cat: dict[str, list[LexMatch]] = {}
        for m in inside:
            if m.cat != "DATE" and m.cat not in ("RELDATE",) and any(i in date_tokens for i in range(m.start, m.end)):
                continue            # 'May' in 'in May 2019' is a month, not a modal verb
            self.by_cat.setdefault(m.cat, []).append(m)
        self.actors: list[ActorMention] = [a for a in doc._.kg_actors if self.s <= a.start < self.e]
        self.date_tokens = date_tokens
        self.inline_quotes = self._inline_quotes()
        self._clauses()
        # 'the treaty establishing the Confederation of Sahel States': a name inside the agreement's
        # own name is not a party to it.
        kinds = self.by_cat.get("KIND", [])
        self.actors = [a for a in self.actors if not self._geo_feature(a)
                       and not any(k.start <= a.start < k.end or a.start <= k.start < a.end for k in kinds)]
        # 'Brussels and Nouakchott signed ..., the European Union's first such arrangement': a capital that
        # is the seat of an organisation the sentence names stands for that organisation, not its state.
        named = {a.party for a in self.actors if a.kind == "organisation"}
        self.actors = [a for a in self.actors if not (a.city and sh.seats.get(a.id, frozenset()) & named)]
        # Most sentences name no agreement, event or provision: the later components skip them.
        self.relevant = bool(self.cat("HEAD") or self.cat("TRIG") or self.cat("ANAPH") or self.cat("PROV")
                             or self.cat("SUPPORT") or self.cat("BACKDATE") or self.cat("DOCDATE"))

    # -- structure --------------------------------------------------------------------------

    def cat(self, name: str) -> list[LexMatch]:
        return self.by_cat.get(name, [])

    def cat_from(self, name: str, lo: int, hi: int) -> list[LexMatch]:
        """The matches of a category that start in tokens lo..hi-1 (a mention's window)."""
        return [m for m in self.cat(name) if lo <= m.start < hi]

    def norm(self, i: int) -> str:
        return self.doc[i].norm_

    def _clauses(self) -> None:
        bounds = {m.start for m in self.cat("BOUND") if m.start not in self.inline_quotes}
        self.clause: dict[int, int] = {}
        self.segment: dict[int, int] = {}
        clause = 0
        for i in range(self.s, self.e):
            if i in bounds:
                clause += 1
            self.clause[i] = clause
        asides = sorted(m.start for m in self.cat("ASIDE"))
        seg_id = 10_000
        aside_until = -1
        current = None
        for i in range(self.s, self.e):
            if i in asides and i > aside_until:
                seg_id += 1
                current = seg_id
                j = i + 1
                while j < self.e and self.doc[j].text not in (",",) and self.clause[j] == self.clause[i]:
                    j += 1
                aside_until = j
            if current is not None and i >= aside_until:
                current = None
            self.segment[i] = current if current is not None else self.clause[i]

    def _inline_quotes(self, max_tokens: int = 16, max_partial: int = 60) -> frozenset[int]:
        """The quotation marks around a quoted word, title or fragment inside a clause, not around speech.

        A short quotation with no verb is a word or a title; a longer one in lower case after a word of
        the writer's is a title or a fragment of the writer's sentence (« autorisant « l'approbation de
        l'accord … signé à Paris le 27 septembre 2010 » », X « dénonce et met fin » à l'accord).
        """
        out: set[int] = set()
        i = self.s
        while i < self.e:
            closing = self.sh.quotes.get(self.doc[i].text)
            end = next((j for j in range(i + 1, min(self.e, i + max_partial + 2)) if self.doc[j].text == closing), None)
            if closing is None or end is None or end == i + 1:
                i += 1
                continue
            verbless = not any(self._finite(k) for k in range(i + 1, end))
            if (verbless and end - i <= max_tokens + 1) or self._partial_quote(i, end, verbless):
                out.update((i, end))
            i = end + 1
        return frozenset(out)

    def _partial_quote(self, opening: int, closing: int, verbless: bool) -> bool:
        """Is this quotation woven into the writer's sentence: a word before it, lower case inside, no verb or a word after?"""
        before, after = opening - 1, closing + 1
        return (before >= self.s and self.doc[before].is_alpha and self.doc[opening + 1].is_lower
                and (verbless or (after < self.e and self.doc[after].is_alpha)))

    def _finite(self, i: int) -> bool:
        """Is token i a conjugated verb: the quotation is speech, not a word or a title?"""
        token = self.doc[i]
        if self.lex.lang == "fr":
            return token.pos_ in ("VERB", "AUX") and "Fin" in token.morph.get("VerbForm", [])
        return token.norm_ in self.lex.clause_words

    def stop(self, i: int) -> bool:
        """Does token i end a phrase or a list: punctuation, not the marks of a quoted word or title?"""
        return self.doc[i].text in self.sh.punctuation_stops and i not in self.inline_quotes

    def intransitive(self, start: int, end: int) -> bool:
        """Do tokens start..end spell an event word that takes no object (« a pris fin »)?"""
        return " ".join(self.norm(i) for i in range(start, end)) in self.lex.intransitive

    def same_segment(self, i: int, j: int) -> bool:
        return self.segment.get(i) == self.segment.get(j)

    def same_clause(self, i: int, j: int) -> bool:
        return self.clause.get(i) == self.clause.get(j)

    def _geo_feature(self, actor: ActorMention) -> bool:
        """'golfe de Guinée', 'Niger Delta', 'lac Tchad': a place named after a country is not the country.

        Nor is an organisation its members are described by: 'des pays membres de l'OTAN'.
        """
        j = actor.start - 1
        while j >= self.s and self.norm(j) in self.sh.geo_links:
            j -= 1
        if j >= self.s and self.norm(j) in self.words["geo_features"]:
            return True
        if j >= self.s and j < actor.start - 1 and actor.kind == "organisation" and self.norm(j) in self.lex.memberships:
            return True
        k = actor.end
        return k < self.e and self.norm(k) in self.sh.geo_features_after

    def locative(self, actor: ActorMention) -> bool:
        """A capital after 'à', 'in', 'at' is where something happened, not a party standing for its state."""
        if not actor.city:
            return False
        j = actor.start - 1
        if j >= self.s and self.norm(j) in self.words["locative"]:
            return True
        # 'in Brussels and Nouakchott', 'à Lomé et à Accra': a capital coordinated with a place is a place
        if j > self.s and self.norm(j) in self.sh.place_coordination:
            before = next((a for a in self.actors if a.end == j), None)
            return before is not None and self.locative(before)
        return False

    def skippable(self, i: int) -> bool:
        return self.norm(i) in self.words["skippable"] or i in self.date_tokens or self.doc[i].is_space

    def is_actor_token(self, i: int) -> bool:
        return any(a.start <= i < a.end for a in self.actors)

    def gap(self, a: int, b: int) -> int:
        """Count the tokens between a and b that are not articles, dates, actors or commas."""
        return sum(1 for i in range(a, b) if not self.skippable(i) and not self.is_actor_token(i)
                   and i not in self.inline_quotes)

    def quoted(self, start: int, end: int) -> bool:
        """Are these words inside a quotation: the next typographic mark after them closes one, or an odd number of
        straight quotes opens the paragraph before them (a quotation may begin in an earlier sentence)?"""
        closing = {c for o, c in self.sh.quotes.items() if c != o}
        straight = {o for o, c in self.sh.quotes.items() if c == o}
        mark = next((self.doc[i].text for i in range(end, self.e) if self.doc[i].text in self.sh.quotes
                     or self.doc[i].text in closing), None)
        return mark in closing or sum(1 for i in range(start) if self.doc[i].text in straight) % 2 == 1

    def civil_only(self, start: int, stop: int, cats: tuple[str, ...] = ("CIVIL", "DEFENCE", "KIND")) -> bool:
        """Do the subject words between start and stop (civil, defence, kind cues...) name civil matters only?"""
        about = [c for cat in cats for c in self.cat(cat) if start <= c.start < stop]
        return bool(about) and all(c.cat == "CIVIL" for c in about)

    def participle(self, i: int) -> bool:
        """Is this lower-case word a past participle by its form ('entamée', 'made'), not a date or a name?"""
        text = self.doc[i].text
        return (text.islower() and ((len(text) > 4 and text.endswith(self.lex.participle_endings))
                                    or self.norm(i) in self.lex.participles)
                and i not in self.date_tokens and not self.is_actor_token(i))

    def apposed(self, i: int) -> bool:
        """Is token i inside a phrase set off by commas that a participle opens ('L'Égypte, engagée dans un bras
        de fer avec l'Éthiopie, a signé …')?"""
        for j in range(i - 1, self.s, -1):
            if self.doc[j].text == ",":
                return j + 1 < i and self.participle(j + 1) and any(
                    self.doc[k].text == "," for k in range(i + 1, self.e))
        return False

    def is_verb(self, i: int) -> bool:
        token = self.doc[i]
        if self.lex.lang == "fr":
            return token.pos_ in ("VERB", "AUX") and token.norm_ not in self.lex.not_verbs
        return token.norm_ in self.lex.clause_words


def longest(matches: list[LexMatch]) -> list[LexMatch]:
    """Keep the longest of overlapping matches, earliest first."""
    out: list[LexMatch] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= o.start or m.start >= o.end for o in out):
            out.append(m)
    return sorted(out, key=lambda m: m.start)


def clause_start(st: Sentence, i: int) -> int:
    """The first token of the clause token i is in."""
    j = i
    while j - 1 >= st.s and st.clause[j - 1] == st.clause[i]:
        j -= 1
    return j


class Clauses:
    """Build each sentence's Sentence from the paragraph's matches and actors."""

    def __init__(self, vocab: Vocab, lex: Lexicon, sh: Shared) -> None:
        self.lex = lex
        self.shared = sh
        self.words = folded_words(lex)
        self.matcher = DependencyMatcher(vocab, validate=True)
        for name, pattern in lex.tree_patterns.items():
            self.matcher.add(name, [pattern])

    def tree_matches(self, doc: Doc) -> dict[str, list[tuple[int, ...]]]:
        """The tree patterns' matches in a parsed paragraph (none without a parse)."""
        out: dict[str, list[tuple[int, ...]]] = {name: [] for name in self.lex.tree_patterns}
        if not self.lex.tree_patterns or not has_tree(doc):
            return out
        for match_id, tokens in self.matcher(doc):
            out[doc.vocab.strings[match_id]].append(tuple(tokens))
        for found in out.values():
            found.sort()
        return out

    def __call__(self, doc: Doc) -> Doc:
        tree = self.tree_matches(doc)
        for sent in doc.sents:
            sent._.kg_sentence = Sentence(sent, self.lex, self.shared, self.words, tree)
        return doc


@Language.factory("kg_clauses", assigns=["span._.kg_sentence"],
                  requires=["doc.sents", "doc._.kg_matches", "doc._.kg_actors", "doc._.kg_offset"])
def make_clauses(nlp: Language, name: str) -> Clauses:
    """The kg_clauses component for the pipeline's language."""
    return Clauses(nlp.vocab, lexicon(nlp.lang), shared())
