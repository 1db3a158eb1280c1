"""kg_phrases: the lexicon's phrases and the dates a paragraph contains (Doc._.kg_matches).

A PhraseMatcher over folded word forms finds every phrase of the language's pattern file by
category (TRIG event words, HEAD agreement nouns, KIND kind phrases...), with its value; a
Matcher finds dates with the patterns of shared.yaml. The component also holds the cheap
paragraph filter (is_candidate), which runs on the tokenizer alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..vocabulary import Lexicon, PatternError, Shared, date_patterns, fold, fold_table, lexicon, shared

__all__ = ["LexMatch", "PhraseLexicon"]


@dataclass(frozen=True)
class LexMatch:
    """A lexicon phrase found in a document: its category, token span and value."""

    cat: str
    start: int
    end: int
    value: Any = None


def categories(lex: Lexicon) -> dict[str, dict[str, Any]]:
    """The phrase categories the rules look for, each phrase with its value (True for a plain word list)."""
    return {
        "TRIG": lex.triggers, "SUPPORT": lex.support, "HEAD": lex.heads, "KIND": lex.kinds,
        "DOMAIN": lex.domains, "RELDATE": lex.relative_dates, "ANCHOR": lex.anchored,
        "GROUP": lex.groups, "ANCHORM": lex.anchored_months, "PERIOD": lex.named_periods,
        **{cat: dict.fromkeys(words, True) for cat, words in {
            "LAW": lex.laws, "PRONHEAD": lex.pronoun_heads, "ANAPH": lex.anaphors, "PROV": lex.provision_verbs,
            "DCUE": lex.domain_cues, "DEFENCE": lex.defence_cues, "CIVIL": lex.civil_cues,
            "SIMILAR": lex.similar, "SEPARATE": lex.separate, "NEW": lex.new, "REPL": lex.replaces,
            "REPLBY": lex.replaced_by, "NEG": lex.negators, "WNEG": lex.weak_negators, "MODAL": lex.modal,
            "INFMARK": lex.infinitive_markers, "RECENT": lex.recent_past, "OTHERDOC": lex.other_documents,
            "BOUND": lex.boundaries, "ASIDE": lex.asides, "BETWEEN": lex.between, "WITH": lex.with_,
            "AGENT": lex.agent, "LOC": lex.locative, "GEO": lex.geo_features, "BOTH": lex.both,
            "REPORT": lex.reporting, "ATSIGN": lex.at_signing, "DONE": lex.completed, "INTENT": lex.intent,
            "POSS": lex.possessives, "BILL": lex.bills, "BACKDATE": lex.date_back_references,
            "DOCDATE": lex.document_dates, "FREEREL": lex.free_relatives,
            "CEREMONY": lex.signing_ceremonies, "NOTNEG": lex.not_negations,
        }.items()},
    }


#: The categories whose presence makes a paragraph worth the tagger (see PhraseLexicon.is_candidate).
CUE_CATEGORIES = ("TRIG", "HEAD", "PROV", "DCUE", "ANAPH", "DOMAIN", "BACKDATE", "DOCDATE", "SUPPORT")


class PhraseLexicon:
    """The matchers of one language: lexicon phrases (by category, with values), paragraph cues and dates."""

    def __init__(self, nlp: Language, lex: Lexicon, sh: Shared) -> None:
        self.nlp = nlp
        self.lex = lex
        self._values: dict[tuple[str, tuple[str, ...]], Any] = {}
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        cats = categories(lex)
        for cat, entries in cats.items():
            docs = []
            for phrase, value in entries.items():
                doc = self._norm_doc(phrase)
                docs.append(doc)
                self._values[(cat, tuple(t.norm_ for t in doc))] = value
            self.phrases.add(cat, docs)
        # 'met en revanche fin', 'a donc pris fin': an event phrase of several words with words put between them
        self.split_triggers = Matcher(nlp.vocab)
        self._split_values: dict[str, Any] = {}
        inserts = sorted(lex.trigger_inserts)
        if inserts:
            for n, (phrase, value) in enumerate(lex.triggers.items()):
                words = [t.norm_ for t in self._norm_doc(phrase)]
                if len(words) < 2:
                    continue
                pattern: list[dict[str, Any]] = [{"NORM": words[0]}]
                for word in words[1:]:
                    pattern += [{"NORM": {"IN": inserts}, "OP": "{0,3}"}, {"NORM": word}]
                key = f"TRIG_SPLIT_{n}"
                self._split_values[key] = value
                self.split_triggers.add(key, [pattern])
        # The paragraph filter: tokenizer only, lower-cased words, accented and folded spellings.
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        for cat in CUE_CATEGORIES:
            texts = {variant for phrase in cats[cat] for variant in (phrase.lower(), fold(phrase).lower())}
            self.cues.add(cat, [nlp.make_doc(t) for t in sorted(texts)])
        # Dates: token patterns over folded forms (shared.yaml); kg_dates reads the parts.
        self.date_patterns = date_patterns(lex, sh)
        for pattern, line in zip(self.date_patterns, sh.date_pattern_lines, strict=True):
            try:
                Matcher(nlp.vocab, validate=True).add("DATE", [pattern])
            except (ValueError, KeyError) as exc:
                raise PatternError(f"{sh.path}, line {line}, key 'dates.patterns': spaCy refuses this date pattern "
                                   f"({' '.join(str(exc).split())[:300]}); fix its tokens in dates.tokens") from None
        self.dates = Matcher(nlp.vocab)
        self.dates.add("DATE", self.date_patterns)

    def _norm_doc(self, text: str) -> Doc:
        doc = self.nlp.make_doc(text.translate(fold_table()))
        for token in doc:
            token.norm_ = fold(token.text)
        return doc

    def value(self, cat: str, doc: Doc, start: int, end: int) -> Any:
        """Return the lexicon value of a matched phrase (e.g. the event type of a trigger)."""
        return self._values.get((cat, tuple(t.norm_ for t in doc[start:end])))

    def is_candidate(self, doc: Doc) -> bool:
        """Could this paragraph (tokenized only) state a fact? Only those get the tagger and rules.

        A fact needs an agreement noun or an event word, or a provision verb or domain cue with
        a domain ('Il prévoit la formation...'), or a verb that lends its act to a word referring back
        (« Le texte avait été adopté début novembre »); a paragraph with none of these yields nothing.
        """
        cats = {self.nlp.vocab.strings[m] for m, _, _ in self.cues(doc)}
        return bool(cats & {"TRIG", "HEAD", "BACKDATE"}) or bool(cats & {"PROV", "DCUE", "ANAPH"} and "DOMAIN" in cats) \
            or {"SUPPORT", "ANAPH"} <= cats

    def __call__(self, doc: Doc) -> Doc:
        strings = self.nlp.vocab.strings
        found: list[LexMatch] = []
        for match_id, start, end in self.phrases(doc):
            cat = strings[match_id]
            found.append(LexMatch(cat, start, end, self.value(cat, doc, start, end)))
        exact = {(m.start, m.end) for m in found if m.cat == "TRIG"}
        for match_id, start, end in self.split_triggers(doc):
            if (start, end) not in exact:
                found.append(LexMatch("TRIG", start, end, self._split_values[strings[match_id]]))
        dates = filter_spans([Span(doc, s, e) for _, s, e in self.dates(doc)])
        found.extend(LexMatch("DATE", span.start, span.end) for span in dates)
        # 'sans délai', 'without delay': a negator inside an idiom negates nothing
        idioms = [m for m in found if m.cat == "NOTNEG"]
        found = [m for m in found if m.cat != "NEG" or not any(i.start <= m.start < i.end for i in idioms)]
        # « une convention de sécurité sociale », 'social security': a defence word inside a civil phrase is civil
        civil = [m for m in found if m.cat == "CIVIL"]
        found = [m for m in found if m.cat != "DEFENCE" or not any(
            c.start <= m.start and m.end <= c.end and c.end - c.start > m.end - m.start for c in civil)]
        doc._.kg_matches = sorted(found, key=lambda m: (m.start, -m.end, m.cat))
        return doc


@Language.factory("kg_phrases", assigns=["doc._.kg_matches"], requires=["token.norm"])
def make_phrases(nlp: Language, name: str) -> PhraseLexicon:
    """The kg_phrases component for the pipeline's language."""
    return PhraseLexicon(nlp, lexicon(nlp.lang), shared())
