"""Sentence rules: from the actors, phrases and dates found in one sentence to claims about agreements.

A claim is what one sentence says about one agreement: who the parties are (as far as the
sentence tells), its kind, the life-cycle events it reports with their dates and acting
bodies, and the domains and provisions it lists. Which agreement a claim is about (and the
parties a sentence leaves implicit) is decided across sentences in resolve.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span

from ..facts import PartialDate
from .dates import DateValue, relative_date, resolve_date
from .lexicon import BASE, FIN, FUT, INF, LEXICONS, NOUN, PART, SEATS, Lexicon
from .pipeline import ActorMention, Analysis, Annotator, LexMatch, fold

__all__ = ["Claim", "EventClaim", "sentence_claims"]

_PUNCT_STOP = {",", ".", ";", ":", "(", ")", "—", "–", "«", "»", "“", "”", '"', "?", "!"}
_COORD = {"et", "and", ",", "ainsi", "que", "as", "well", "puis", "then", "also", "un", "une", "a", "an",
          "le", "la", "l'", "the", "des", "d'"}
_ENGLISH_STOPS = {"was", "were", "is", "are", "has", "have", "had", "which", "that", "who", "will", "would",
                  "said", "says", "after", "before", "since", "but", "and"}


@dataclass
class EventClaim:
    """One life-cycle event a sentence reports, with what supports it."""

    type: str
    date: PartialDate | None
    by: str | None = None
    place: str | None = None
    verb: bool = True              # an explicit verb (or verb + event noun), not a bare noun
    date_problem: str | None = None
    position: int = 0              # character offset of the trigger in the body
    at_signing: bool = False       # 'entré en vigueur dès sa signature': dated by the signing
    shift: int | None = None       # 'la veille', 'two days later': days from the event told just before


@dataclass
class Claim:
    """What one sentence says about one agreement."""

    parties: tuple[str, ...]       # parties the sentence names (may be fewer than two)
    kind: str | None
    start: int                     # sentence offsets in the body
    end: int
    events: list[EventClaim] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    provisions: list[str] = field(default_factory=list)
    mention: bool = True           # the sentence names the agreement (not just 'it' or nothing)
    definite: bool = False         # 'the agreement', 'ce texte': refers back
    both: bool = False             # 'the two countries': the parties already in focus
    plural: bool = False
    separate: bool = False         # 'a separate agreement', 'un autre accord'
    civil: bool = False            # a trade or farm protocol: not a defence agreement
    defence: bool = False          # the sentence speaks of military or security matters
    year: int | None = None        # the year the mention carries ('l'accord de 2001')
    earlier: bool = False          # the agreement a replacement clause names
    similar: bool = False          # 'un accord similaire': same kind and counterpart as the one in focus
    replaces: int | None = None    # index (in the sentence's claims) of the claim this one replaces
    position: int = 0
    possessive: bool = False       # 'its agreement with the UN': the holder is the subject spoken of before
    country_subject: bool = False  # 'the country terminated its agreement': the holder is the state that acted last


@dataclass
class _Mention:
    start: int
    end: int
    wstart: int
    wend: int
    kind: str | None = None
    definite: bool = False
    plural: bool = False
    similar: bool = False
    separate: bool = False
    negated: bool = False
    civil: bool = False
    defence: bool = False
    pronoun: bool = False
    anaphor: bool = False
    possessive: bool = False
    refers_back: bool = False      # its own nearest determiner is definite: 'the document', not 'the signing of a pact'
    year: int | None = None
    between: list[ActorMention] = field(default_factory=list)
    with_: list[ActorMention] = field(default_factory=list)
    earlier: bool = False
    main: _Mention | None = None
    triggers: list[_Trigger] = field(default_factory=list)
    domains: list[tuple[str, str, bool]] = field(default_factory=list)


@dataclass
class _Trigger:
    start: int
    end: int
    type: str
    tag: str
    verb: bool
    negated: bool = False
    modal: bool = False
    mentions: list[_Mention] = field(default_factory=list)


@dataclass
class _Date:
    start: int
    end: int
    value: DateValue
    attribute: bool = False
    shift: int | None = None


@lru_cache(maxsize=4)
def _folded(lang: str) -> dict[str, frozenset[str]]:
    """The lexicon's single-word lists in folded form, to compare with token norms."""
    lex = LEXICONS[lang]
    names = ("skippable", "definite", "indefinite", "subject_pronouns", "locative", "geo_features", "year_preps")
    return {name: frozenset(fold(w) for w in getattr(lex, name)) for name in names}


class _Sentence:
    """One sentence's tokens, matches and actors, with the clause structure the rules need."""

    def __init__(self, sent: Span, analysis: Analysis, ann: Annotator, published: PartialDate | None) -> None:
        self.doc = sent.doc
        self.sent = sent
        self.s, self.e = sent.start, sent.end
        self.lex: Lexicon = ann.lex
        self.words = _folded(ann.lex.lang)
        self.offset = analysis.offset
        self.published = published
        inside = [m for m in analysis.matches if self.s <= m.start < self.e]
        date_tokens = {i for m in inside if m.cat == "DATE" for i in range(m.start, m.end)}
        self.by_cat: dict[str, list[LexMatch]] = {}
        for m in inside:
            if m.cat != "DATE" and m.cat not in ("RELDATE",) and any(i in date_tokens for i in range(m.start, m.end)):
                continue            # 'May' in 'in May 2019' is a month, not a modal verb
            self.by_cat.setdefault(m.cat, []).append(m)
        self.actors = [a for a in analysis.actors if self.s <= a.start < self.e]
        self.date_tokens = date_tokens
        self._clauses()
        # 'the treaty establishing the Confederation of Sahel States': a name inside the agreement's
        # own name is not a party to it.
        kinds = self.by_cat.get("KIND", [])
        self.actors = [a for a in self.actors if not self._geo_feature(a)
                       and not any(k.start <= a.start < k.end or a.start <= k.start < a.end for k in kinds)]
        # 'Brussels and Nouakchott signed ..., the European Union's first such arrangement': a capital that
        # is the seat of an organisation the sentence names stands for that organisation, not its state.
        named = {a.party for a in self.actors if a.kind == "organisation"}
        self.actors = [a for a in self.actors if not (a.city and SEATS.get(a.id, frozenset()) & named)]

    # -- structure --------------------------------------------------------------------------

    def cat(self, name: str) -> list[LexMatch]:
        return self.by_cat.get(name, [])

    def cat_from(self, name: str, lo: int, hi: int) -> list[LexMatch]:
        """The matches of a category that start in tokens lo..hi-1 (a mention's window)."""
        return [m for m in self.cat(name) if lo <= m.start < hi]

    def norm(self, i: int) -> str:
        return self.doc[i].norm_

    def _clauses(self) -> None:
        bounds = {m.start for m in self.cat("BOUND")}
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

    def same_segment(self, i: int, j: int) -> bool:
        return self.segment.get(i) == self.segment.get(j)

    def same_clause(self, i: int, j: int) -> bool:
        return self.clause.get(i) == self.clause.get(j)

    def _geo_feature(self, actor: ActorMention) -> bool:
        """'golfe de Guinée', 'Niger Delta', 'lac Tchad': a place named after a country is not the country."""
        j = actor.start - 1
        while j >= self.s and self.norm(j) in ("de", "du", "d'", "of", "the", "la", "le"):
            j -= 1
        if j >= self.s and self.norm(j) in self.words["geo_features"]:
            return True
        k = actor.end
        return k < self.e and self.norm(k) in {"delta", "river", "basin"}

    def locative(self, actor: ActorMention) -> bool:
        """A capital after 'à', 'in', 'at' is where something happened, not a party standing for its state."""
        if not actor.city:
            return False
        j = actor.start - 1
        if j >= self.s and self.norm(j) in self.words["locative"]:
            return True
        # 'in Brussels and Nouakchott', 'à Lomé et à Accra': a capital coordinated with a place is a place
        if j > self.s and self.norm(j) in ("and", "et", ","):
            before = next((a for a in self.actors if a.end == j), None)
            return before is not None and self.locative(before)
        return False

    def skippable(self, i: int) -> bool:
        return self.norm(i) in self.words["skippable"] or i in self.date_tokens or self.doc[i].is_space

    def is_actor_token(self, i: int) -> bool:
        return any(a.start <= i < a.end for a in self.actors)

    def gap(self, a: int, b: int) -> int:
        """Count the tokens between a and b that are not articles, dates, actors or commas."""
        return sum(1 for i in range(a, b) if not self.skippable(i) and not self.is_actor_token(i))

    def is_verb(self, i: int) -> bool:
        token = self.doc[i]
        if self.lex.lang == "fr":
            return token.pos_ in ("VERB", "AUX") and token.norm_ not in ("entre",)
        return token.norm_ in _ENGLISH_STOPS


def _longest(matches: list[LexMatch]) -> list[LexMatch]:
    """Keep the longest of overlapping matches, earliest first."""
    out: list[LexMatch] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= o.start or m.start >= o.end for o in out):
            out.append(m)
    return sorted(out, key=lambda m: m.start)


# -- triggers -------------------------------------------------------------------------------

def _triggers(st: _Sentence) -> list[_Trigger]:
    triggers = [_Trigger(m.start, m.end, m.value[0], m.value[1], m.value[1] != NOUN) for m in _longest(st.cat("TRIG"))]
    laws = st.cat("LAW")
    heads = st.cat("HEAD") + st.cat("ANAPH")
    # A support verb lends its act to a following event noun: 'a entériné la ratification'.
    for sup in _longest(st.cat("SUPPORT")):
        if any(t.start <= sup.start < t.end for t in triggers):
            continue
        fallback, tag = sup.value
        if fallback == "announced" and _intended_signing(st, sup.end, triggers) is not None:
            # 'announced plans to conclude', 'ont annoncé leur intention de conclure': an announcement
            triggers.append(_Trigger(sup.start, sup.end, "announced", tag, True))
            continue
        noun = next((t for t in triggers if t.start >= sup.end and not t.verb and st.gap(sup.end, t.start) <= 2
                     and st.same_clause(sup.start, t.start)), None)
        if noun is not None and noun.type == "negotiated" and fallback == "announced":
            continue            # 'ont annoncé des pourparlers': talks announced are not yet held
        if noun is not None and fallback == "announced" and any(
                abs(m.start - noun.start) <= 2 for m in st.cat("MODAL")):
            # 'ont annoncé la conclusion prochaine d'un accord': the act is announced, not done
            noun.start, noun.type, noun.tag, noun.verb = sup.start, "announced", tag, True
            continue
        if noun is not None:
            noun.start, noun.tag, noun.verb = sup.start, tag, True
            continue
        law = next((law for law in laws if law.start >= sup.end and st.gap(sup.end, law.start) <= 2), None)
        if law is not None:
            triggers.append(_Trigger(sup.start, law.end, "ratified", tag, True))
            continue
        head = next((h for h in heads if h.start >= sup.end and st.gap(sup.end, h.start) <= 2
                     and st.same_clause(sup.start, h.start)), None)
        if head is None and tag == PART:
            # 'l'accord a été entériné par le Sénat': the participle of a passive, its subject before it
            head = next((h for h in reversed(heads) if h.end <= sup.start and st.same_clause(h.start, sup.start)), None)
        if fallback and head is not None:
            triggers.append(_Trigger(sup.start, sup.end, fallback, tag, True))
    triggers.sort(key=lambda t: t.start)
    # Signing or adopting a ratification law ratifies; approving it approves: 'signed the law ratifying'.
    for t in list(triggers):
        if t.type not in ("signed", "approved", "ratified") or t not in triggers:
            continue
        law = next((law for law in laws if law.start >= t.end and st.gap(t.end, law.start) <= 2), None)
        ratif = next((r for r in triggers if r is not t and r.type == "ratified" and law is not None
                      and r.start >= law.end and r.start - law.end <= 4), None)
        if law is not None and ratif is not None:
            t.end = max(t.end, ratif.end, law.end)
            t.type = "approved" if t.type == "approved" else "ratified"
            triggers.remove(ratif)
        elif law is not None and t.type == "signed":
            t.type = "ratified"
    # 'approuve la ratification', 'dément la signature': a verb acting on an event names one act, its own.
    for t in list(triggers):
        if t in triggers and t.verb and t.type in ("approved", "denied", "ended", "suspended"):
            noun = next((n for n in triggers if not n.verb and n.start >= t.end and st.gap(t.end, n.start) <= 2
                         and st.same_clause(t.start, n.start)), None)
            if noun is not None:
                triggers.remove(noun)
    # 'signed a joint declaration': a signing verb whose object is another kind of document.
    # (only acts that take an object: 'entered into force on 20 March, according to a statement' stays)
    for t in list(triggers):
        if t.type not in ("signed", "approved", "ratified"):
            continue
        doc_noun = next((o for o in st.cat("OTHERDOC") if o.start >= t.end and st.gap(t.end, o.start) <= 2), None)
        if doc_noun is not None and not any(h.start >= t.end and h.start < doc_noun.start for h in heads):
            triggers.remove(t)
    # 'concluded negotiations on a pact': concluding talks is negotiating, not signing
    for t in list(triggers):
        if t.type == "signed" and t.verb:
            talks = next((n for n in triggers if n.type == "negotiated" and not n.verb and n.start >= t.end
                          and st.gap(t.end, n.start) <= 1), None)
            if talks is not None:
                talks.start, talks.tag, talks.verb = t.start, t.tag, True
                triggers.remove(t)
    # 'les négociations avaient été conclues le 14 février', 'talks were concluded in May': the same in the passive
    for t in list(triggers):
        passive = t.start > st.s and st.norm(t.start - 1) in ("were", "was", "been", "ete", "sont", "est", "etaient")
        if t in triggers and t.type == "signed" and t.tag in (PART, FIN) and passive:
            talks = next((n for n in triggers if n.type == "negotiated" and not n.verb and n.end <= t.start
                          and st.gap(n.end, t.start) <= 6 and st.same_clause(n.start, t.start)
                          and not any(n.end <= o.start < t.start for o in triggers)), None)
            if talks is not None:
                talks.end, talks.tag, talks.verb = t.end, t.tag, True
                triggers.remove(t)
    # A negotiation noun reports talks only when they were held or finished: 'négociations achevées',
    # 'talks held in 2024'; 'talks could lead to' or 'no negotiations' stay out.
    for t in list(triggers):
        if t.type == "negotiated" and not t.verb and not any(
                st.same_clause(d.start, t.start) and abs(d.start - t.start) <= 12 for d in st.cat("DONE")):
            triggers.remove(t)
    # 'entré en vigueur dès sa signature': the signature dates the entry into force, it is no new signing
    for a in st.cat("ATSIGN"):
        for t in list(triggers):
            if t.type == "signed" and a.start <= t.start < a.end:
                triggers.remove(t)
    _negation_and_modality(st, triggers)
    return triggers


def _country_subject(st: _Sentence, before: int) -> bool:
    """Does 'the country', 'le pays', 'ce pays' stand as a subject before the mention: a state spoken of before."""
    return any(st.norm(i) in ("the", "le", "ce", "this") and st.norm(i + 1) in ("country", "pays")
               for i in range(st.s, min(before, st.e) - 1))


def _intended_signing(st: _Sentence, after: int, triggers: list[_Trigger]) -> _Trigger | None:
    """The signing infinitive an announcement of intent leads to: 'plans to conclude', 'intention de conclure'."""
    intent = {i for m in st.cat("INTENT") for i in range(m.start, m.end)}
    for t in triggers:
        if t.start < after or t.type != "signed" or t.tag not in (INF, BASE):
            continue
        words = [i for i in range(after, t.start) if i not in st.date_tokens]
        keys = ("plans", "plan", "intention", "intent", "volonte", "projet", "decision", "intend", "intends",
                "would", "will")
        if len(words) <= 5 and any(st.norm(i) in keys for i in words) \
                and all(i in intent or st.skippable(i) for i in words):
            return t
        return None
    return None


def _present(st: _Sentence, t: _Trigger) -> bool:
    """Is the trigger in the present tense ('takes effect', 'entre en vigueur'), not a past act?"""
    if st.lex.lang == "fr":
        after_aux = t.start > st.s and st.doc[t.start - 1].pos_ == "AUX"
        word = st.doc[t.start].text.lower()      # the folded norm cannot tell 'entre' from 'entré'
        present = word in ("entre", "entrent") or (t.tag == FIN and "Pres" in st.doc[t.start].morph.get("Tense", []))
        return present and not after_aux
    first = st.norm(t.start)
    return t.tag == BASE or first in ("takes", "comes", "enters", "goes", "take", "come", "enter", "go")


def _negation_and_modality(st: _Sentence, triggers: list[_Trigger]) -> None:
    lex = st.lex
    negs = st.cat("NEG")
    weak = st.cat("WNEG")
    modals = st.cat("MODAL")
    strong_in_clause = {st.clause[m.start] for m in negs}
    denial_at = min((t.start for t in triggers if t.type == "denied" and not t.modal), default=None)
    for t in triggers:
        previous_verb = max((o.end for o in triggers if o.end <= t.start and o.verb), default=st.s)
        # Negation: 'n'a pas été ratifié', 'has not signed', 'sans conclure', 'no agreement ... signed'.
        for n in negs:
            window = 2 if st.norm(n.start) in ("non", "sans", "without") else 6
            if n.end <= t.start and t.start - n.end < window and st.same_clause(n.start, t.start) and n.start >= previous_verb:
                t.negated = True
        for w in weak:
            if w.end <= t.start and t.start - w.end < 6 and st.clause[w.start] in strong_in_clause:
                t.negated = True
        # The content of a denial is denied, not asserted: 'a démenti la signature d'un accord'.
        if denial_at is not None and t.start > denial_at and t.type != "denied":
            t.negated = True
        # Modality: future, conditional, plans and pending steps are not done acts.
        if t.tag == FUT:
            t.modal = True
        if t.tag == INF and not any(r.end <= t.start and t.start - r.end <= 1 for r in st.cat("RECENT")):
            t.modal = True
        if lex.lang == "fr":
            token = st.doc[t.start]
            if "Fut" in token.morph.get("Tense", []) or "Cnd" in token.morph.get("Mood", []):
                t.modal = True
            # 'aurait été paraphé', 'sera signé': a participle takes the mood of its auxiliaries
            j = t.start - 1
            while j >= st.s and (st.doc[j].pos_ == "AUX" or (st.doc[j].pos_ == "ADV" and j < t.start - 1)):
                aux = st.doc[j]
                if aux.pos_ == "AUX" and ("Fut" in aux.morph.get("Tense", []) or "Cnd" in aux.morph.get("Mood", [])):
                    t.modal = True
                j -= 1
        if t.tag == BASE or t.tag in (PART, FIN):
            for marker in st.cat("INFMARK"):
                if marker.end <= t.start and t.start - marker.end <= 1 \
                        and (t.tag == BASE or st.norm(t.start - 1) in ("be", "have")):
                    t.modal = True
        # 'takes effect once ratified', 'entre en vigueur une fois ratifié': a present entry into force
        # under a condition is a rule of the text, not a done act (but 'dès sa signature' dates it)
        if t.type == "in-force" and _present(st, t) and not any(
                a.start >= t.end and a.start - t.end <= 3 for a in st.cat("ATSIGN")):
            nxt = " ".join(st.norm(i) for i in range(t.end, min(st.e, t.end + 3)))
            if any(nxt.startswith(c) for c in ("once", "when", "upon", "after", "as soon as", "une fois", "des que",
                                                "apres", "lorsque", "quand", "des sa ratification", "des la")):
                t.modal = True
        for m in modals:
            if not st.same_clause(m.start, t.start):
                continue
            verbs_between = any(o.verb and m.end <= o.start < t.start for o in triggers if o is not t)
            if m.end <= t.start and not verbs_between:
                t.modal = True
            elif m.start >= t.end and m.start - t.end <= 8 and not t.verb \
                    and not any(o.verb and t.end <= o.start < m.start for o in triggers):
                t.modal = True          # 'la ratification devrait intervenir', 'ratification is pending'


# -- agreement mentions ---------------------------------------------------------------------

def _mentions(st: _Sentence, triggers: list[_Trigger]) -> list[_Mention]:
    lex = st.lex
    heads = _longest(st.cat("HEAD") + [m for m in st.cat("ANAPH")])
    kinds = st.cat("KIND")
    trigger_tokens = {i for t in triggers for i in range(t.start, t.end)}
    # 'protocole d'accord', 'accord-cadre': two head nouns joined by 'de' are one mention.
    merged: list[LexMatch] = []
    for h in heads:
        if merged and h.start - merged[-1].end <= 2 and all(
                st.norm(i) in ("de", "d'", "of", "-") for i in range(merged[-1].end, h.start)):
            prev = merged[-1]
            merged[-1] = LexMatch("HEAD", prev.start, h.end, prev.value or h.value)
        else:
            merged.append(h)
    mentions: list[_Mention] = []
    for h in merged:
        anaphor = h.cat == "ANAPH"
        # The phrase around the head noun: adjectives before it, complements after it.
        cue_tokens = {m.start for cat in ("REPL", "REPLBY", "PROV", "ASIDE", "WITH", "BETWEEN", "BOUND")
                      for m in st.cat(cat)}
        ws = h.start
        while ws - 1 >= st.s and ws - h.start > -6:
            j = ws - 1
            if st.doc[j].text in _PUNCT_STOP or j in trigger_tokens or st.is_actor_token(j) or j in cue_tokens:
                break
            if lex.lang == "fr" and st.doc[j].pos_ in ("VERB", "AUX"):
                break
            if lex.lang == "en" and st.norm(j) in _ENGLISH_STOPS:
                break
            ws = j
        we = h.end
        while we < st.e and we - h.end < 15:
            tok = st.doc[we]
            if tok.text in _PUNCT_STOP or (st.cat("BOUND") and any(b.start == we for b in st.cat("BOUND"))):
                break
            if any(o.start == we for o in heads if o.start >= h.end):
                break
            trig = next((t for t in triggers if t.start == we), None)
            if trig is not None and trig.tag != PART:
                break
            if any(m.start == we for m in st.cat("PROV") + st.cat("REPL") + st.cat("REPLBY")):
                break
            if trig is None and not st.is_actor_token(we) and we not in st.date_tokens:
                if lex.lang == "en" and tok.norm_ in _ENGLISH_STOPS:
                    break
                if lex.lang == "fr" and tok.pos_ in ("VERB", "AUX") and "Part" not in tok.morph.get("VerbForm", []):
                    break
            we += 1
        m = _Mention(h.start, h.end, ws, we, anaphor=anaphor)
        if h.value and not anaphor:
            m.kind = h.value
        else:
            near = [k for k in kinds if k.start < we and k.end > ws]
            if near:
                best = min(near, key=lambda k: (0 if k.start <= h.start < k.end
                                                else min(abs(k.start - h.end), abs(h.start - k.end)), k.start))
                m.kind = best.value
        words_before = [st.norm(i) for i in range(max(st.s, ws - 2), h.start)]
        m.definite = any(w in st.words["definite"] for w in words_before) or anaphor
        det = next((st.norm(i) for i in range(h.start - 1, max(st.s, ws - 1) - 1, -1)
                    if st.norm(i) in st.words["definite"] | st.words["indefinite"]), None)
        m.refers_back = anaphor or det in st.words["definite"]
        m.possessive = any(p.end <= h.start and p.start >= ws - 1 for p in st.cat("POSS"))
        m.plural = st.norm(h.start).endswith("s") or st.norm(h.start) in ("memoranda", "treaties")
        if anaphor and not m.definite:
            continue            # 'un texte', 'a document': not a reference to an agreement
        window = (ws - 2, we)           # the cues that qualify this mention start in its phrase
        m.similar = bool(st.cat_from("SIMILAR", *window))
        m.separate = any(x.start < h.start or x.start <= h.end + 1 for x in st.cat_from("SEPARATE", *window))
        m.negated = any(x.end <= h.start and h.start - x.end <= 4 and st.same_clause(x.start, h.start)
                        for x in st.cat("NEG"))
        negs = st.cat("NEG")
        defence_cues = [x for x in st.cat_from("DEFENCE", *window)
                        if not any(n.end <= x.start and x.start - n.end <= 2 for n in negs)]
        # A memorandum is a form, not a subject: 'un protocole d'accord sur l'énergie nucléaire civile'
        form_only = m.kind in (None, "memorandum-of-understanding")
        defence_kind = any(k.value not in ("memorandum-of-understanding",) for k in st.cat_from("KIND", *window))
        m.civil = bool(st.cat_from("CIVIL", *window)) and form_only and not defence_kind and not defence_cues
        m.defence = bool(defence_cues) or not form_only
        # The year an agreement is named by: 'l'accord de 2001', 'the 2018 agreement', 'a 2015 accord'.
        determiners = st.words["definite"] | st.words["indefinite"]
        for d in st.cat("DATE"):
            norms = [st.norm(i) for i in range(d.start, d.end)]
            if not (len(norms) == 1 and norms[0].isdigit() and len(norms[0]) == 4):
                continue
            prev_word = st.norm(d.start - 1) if d.start - 1 >= st.s else ""
            year_after = h.end <= d.start < we and prev_word in ("de", "of", "du", "d'") and not any(
                h.end <= t.start < d.start for t in triggers)
            year_before = ws <= d.start and d.end <= h.start and prev_word in determiners
            if year_after or year_before:
                m.year = int(norms[0])
        for b in st.cat_from("BETWEEN", *window):
            m.between = [a for a in st.actors if b.end <= a.start < we + 6 and st.same_clause(a.start, b.start)
                         and not st.locative(a)]
        for w in st.cat_from("WITH", *window):
            m.with_ += [a for a in st.actors if w.end <= a.start and st.same_segment(a.start, w.start)
                        and not st.locative(a) and (a.start < we + 8) and not _list_ends(st, w.end, a.start)]
        mentions.append(m)
    # 'celui conclu en 2001', 'the one signed in 1999': an earlier agreement named after 'replaces'.
    for cue in st.cat("REPL"):
        if any(m.start >= cue.end and m.start - cue.end <= 3 for m in mentions):
            continue
        pron = next((p for p in st.cat("PRONHEAD") if p.start >= cue.end and p.start - cue.end <= 2), None)
        if pron is not None:
            mention = _Mention(pron.start, pron.end, pron.start, pron.end, definite=True, pronoun=True)
            # 'celui de 2015', 'the one of 1999'
            if pron.end + 1 < st.e and st.norm(pron.end) in ("de", "of", "du", "from") and st.norm(pron.end + 1).isdigit() \
                    and len(st.norm(pron.end + 1)) == 4:
                mention.year, mention.wend = int(st.norm(pron.end + 1)), pron.end + 2
            mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    # Replacement: 'X remplace Y', 'X, replacing Y', 'Y was replaced by X'.
    for cue in st.cat("REPL"):
        new = next((m for m in reversed(mentions) if m.start < cue.start and st.same_clause(m.start, cue.start)), None)
        if new is None:
            new = next((m for m in reversed(mentions) if m.start < cue.start), None)
        old = next((m for m in mentions if m.start >= cue.end and st.same_clause(m.start, cue.start)), None)
        if old is None and new is not None:
            # 'a first agreement, which the new accord replaces': the antecedent of 'which' is replaced
            antecedents = [m for m in mentions if m.start < new.start and not m.pronoun]
            old = antecedents[-1] if antecedents else None
        if old is not None and new is not None and old is not new:
            old.earlier, old.main = True, new
    for cue in st.cat("REPLBY"):
        old = next((m for m in reversed(mentions) if m.start < cue.start), None)
        new = next((m for m in mentions if m.start >= cue.end), None)
        if old is not None and new is not None and old is not new:
            old.earlier, old.main = True, new
    return mentions


def _list_ends(st: _Sentence, start: int, end: int) -> bool:
    """Does the list of partners begun at start end before end: at a stop, or a comma not followed by a name?

    'with Equatorial Guinea to build a base, calling a report in a Russian outlet false': the Russian
    outlet is no partner; 'avec le Mali, le Burkina Faso et le Niger' stays one list.
    """
    for i in range(start, end):
        text = st.doc[i].text
        if text in _PUNCT_STOP and text != ",":
            return True
        if text == ",":
            j = i + 1
            while j < end and st.norm(j) in ("le", "la", "les", "l'", "the", "et", "and"):
                j += 1
            if not st.is_actor_token(j):
                return True
    return False


def _link(st: _Sentence, triggers: list[_Trigger], mentions: list[_Mention]) -> list[_Trigger]:
    """Attach each event verb to the agreement it is about; return verbs that refer to the focus."""
    unlinked: list[_Trigger] = []
    for t in triggers:
        here = [m for m in mentions if st.same_segment(m.start, t.start)]
        after = [m for m in here if m.start >= t.end]
        obj = next((m for m in after if st.gap(t.end, m.wstart) <= 2), None)
        if t.type == "announced" and obj is None:
            signing = _intended_signing(st, t.end, triggers)
            if signing is not None:
                obj = next((m for m in after if m.start >= signing.end and st.gap(signing.end, m.wstart) <= 2), None)
            if obj is None:
                continue
        chosen: list[_Mention] = []
        if obj is not None:
            chosen.append(obj)
            # coordinated objects: 'un accord de coopération et un accord distinct sur une base navale'
            last = obj
            for m in after:
                between = [st.norm(i) for i in range(last.wend, m.wstart)]
                if m.start > last.start and m.wstart >= last.wend and ("et" in between or "and" in between) \
                        and all(w in _COORD for w in between):
                    chosen.append(m)
                    last = m
        else:
            before = [m for m in here if m.end <= t.start]
            if t.type == "denied":
                # 'X, which signed a pact with Y last year, denied that ...': a denial's content follows
                # it; an agreement another verb already reports is not what is denied
                before = [m for m in before if not m.triggers]
            if before:
                chosen.append(before[-1])
            elif after:
                chosen.append(after[0])
            elif t.verb:
                # 'L'accord entre X et Y, signé en mars, a franchi une étape : le Parlement a entériné la
                # ratification le 14 novembre': a later clause of the sentence goes on about its agreement
                earlier = [m for m in mentions if m.end <= t.start and not m.similar and not m.negated
                           and st.segment[m.start] == st.clause[m.start]
                           and not (t.type == "denied" and m.triggers)]
                if earlier:
                    chosen.append(earlier[-1])
        if not chosen:
            unlinked.append(t)
            continue
        # 'signed no agreement': a negation between the verb and its object.
        if any(t.end <= n.start < chosen[0].start for n in st.cat("NEG")):
            t.negated = True
        t.mentions = chosen
        for m in chosen:
            m.triggers.append(t)
    return unlinked


# -- dates, parties, bodies -----------------------------------------------------------------

def _dates(st: _Sentence, mentions: list[_Mention]) -> list[_Date]:
    """Resolve the sentence's dates; a year an agreement is named by is marked, not an event date."""
    out: list[_Date] = []
    for d in st.cat("DATE"):
        norms = [st.norm(i) for i in range(d.start, d.end)]
        if len(norms) == 1 and len(norms[0]) == 4 and norms[0].isdigit():
            prev = st.norm(d.start - 1) if d.start - 1 >= st.s else ""
            nxt = st.norm(d.end) if d.end < st.e else ""
            heads = {fold(h) for h in st.lex.heads}
            if prev not in st.words["year_preps"] and nxt not in heads and nxt not in (",", ".", ")"):
                continue            # '2000 soldats' is a number, 'en 2000' a year
            if st.lex.lang == "en" and prev in ("the", "a") and nxt.isalpha() and nxt not in heads \
                    and d.end < st.e and st.doc[d.end].pos_ != "ADP" and nxt not in ("and", "or", "to"):
                continue            # 'since the 2023 coup': a year naming another event, not this one's date
        value = resolve_date([n for n in norms if n not in ("le", "the", "on", "ce", "this", "last", "dernier")],
                             st.lex, st.published, strict=any(n in ("last", "dernier") for n in norms))
        is_attr = any(m.year is not None and m.wstart - 1 <= d.start < m.wend + 2 and int(norms[-1]) == m.year
                      for m in mentions if norms[-1].isdigit())
        out.append(_Date(d.start, d.end, value, attribute=is_attr and value.year_only))
    for r in st.cat("RELDATE"):
        unit, offset = r.value
        out.append(_Date(r.start, r.end, relative_date(unit, offset, st.published)))
    for r in st.cat("ANCHOR"):
        out.append(_Date(r.start, r.end, DateValue(None, "a date counted from another event"), shift=r.value))
    return sorted(out, key=lambda d: d.start)


def _event_dates(st: _Sentence, t: _Trigger, triggers: list[_Trigger], dates: list[_Date]) -> list[_Date]:
    """Dates for an event verb: after it up to the next verb, else just before it or opening its clause."""
    same = sorted((o for o in triggers if st.same_segment(o.start, t.start)), key=lambda o: o.start)
    nxt = next((o.start for o in same if o.start > t.start), st.e)
    # '..., a indiqué mercredi la présidence', '..., the ministry said on Friday': the report's date
    nxt = min([nxt] + [r.start for r in st.cat("REPORT") if t.end <= r.start < nxt])
    prv = max((o.end for o in same if o.end <= t.start), default=st.s)
    usable = [d for d in dates if not d.attribute and st.same_segment(d.start, t.start)]
    inside = [d for d in usable if t.start <= d.start and d.start < nxt]
    if inside:
        # 'on 27 March in Lomé and on 3 April in Moscow' are two dates of one verb; in
        # 'on 12 April, the ministry said on Friday' the second date is the saying's.
        chosen = [inside[0]]
        for d in inside[1:]:
            between = {st.norm(i) for i in range(chosen[-1].end, d.start)}
            if not between & {"et", "and", "puis", "then", "ainsi", "respectivement", "respectively"} \
                    or d.start - chosen[-1].end > 5:
                break
            chosen.append(d)
        return chosen
    before = [d for d in usable if prv <= d.start and d.end <= t.start]
    if prv > st.s and any(o.end == prv for o in same):
        # 'a ratifié mardi l'accord, approuvé la veille': a date right after the previous verb is its own
        # ('L'accord, signé en 2023, avait été ratifié': 'en 2023' is the signing's, the preposition included)
        before = [d for d in before if sum(1 for i in range(prv, d.start)
                                           if st.norm(i) not in ("en", "in", "on", "le", "au", "dans")) and
                  st.gap(prv, d.start) > 0]
    if not before:
        return []
    d = before[-1]
    opening = all(st.skippable(i) or st.doc[i].is_punct or st.norm(i) in ("on", "le", "in", "en") or _adverb(st, i)
                  for i in range(max(prv, _clause_start(st, t.start)), d.start))
    close = st.gap(d.end, t.start) == 0
    return [d] if opening or close else []


def _adverb(st: _Sentence, i: int) -> bool:
    """'Earlier, on 6 July 2024, ...', 'Auparavant, le 3 mai, ...': an adverb may open a clause before its date."""
    token = st.doc[i]
    if st.lex.lang == "fr":
        return token.pos_ == "ADV" and token.norm_ not in ("ne", "n'", "pas", "jamais", "plus")
    return token.norm_.endswith("ly") or token.norm_ in ("earlier", "later", "meanwhile", "then", "already", "also",
                                                         "previously", "before", "since", "first")


def _clause_start(st: _Sentence, i: int) -> int:
    j = i
    while j - 1 >= st.s and st.clause[j - 1] == st.clause[i]:
        j -= 1
    return j


def _by_and_place(st: _Sentence, t: _Trigger) -> tuple[str | None, str | None]:
    by = None
    if t.type == "signed":
        agents: list[LexMatch] = []         # both parties sign: the signatory is a person, not a body
    else:
        agents = st.cat("AGENT")
    for agent in agents:
        if agent.start >= t.end and agent.start - t.end <= 4 and st.same_clause(agent.start, t.start):
            actor = next((a for a in st.actors if a.start > agent.start and a.start - agent.end <= 2), None)
            if actor is not None and actor.kind in ("body", "state", "organisation") and not st.locative(actor):
                by = actor.id
                break
    agent_before = [a for a in st.actors if a.end <= t.start and a.kind == "body" and st.same_clause(a.start, t.start)]
    if agent_before and by is None and t.type != "signed":
        by = agent_before[-1].id
    if by is None and t.type in ("ratified", "approved", "denied", "ended", "suspended"):
        subjects = [a for a in st.actors if a.end <= t.start and st.same_segment(a.start, t.start)
                    and not st.locative(a) and a.party]
        if subjects and len({a.party for a in subjects}) == 1:
            by = subjects[-1].id if subjects[-1].kind == "body" else subjects[-1].party
    place = None
    if t.type == "signed":
        cities = [a for a in st.actors if st.locative(a) and st.same_clause(a.start, t.start)
                  and (a.start >= t.end or t.start - a.end <= 3)]
        if len(cities) == 1:
            place = cities[0].text
    return by, place


_BEHALF = (("on", "behalf", "of"), ("au", "nom", "de"), ("au", "nom", "du"), ("au", "nom", "des"),
           ("pour", "le", "compte", "de"), ("pour", "le", "compte", "du"))


def _on_behalf(st: _Sentence, anchor: int) -> int | None:
    """Where the party signatories act for is named ('on behalf of', 'au nom de') in the anchor's clause."""
    for i in range(st.s, st.e):
        if not st.same_clause(i, anchor):
            continue
        for cue in _BEHALF:
            if tuple(st.norm(j) for j in range(i, min(st.e, i + len(cue)))) == cue:
                return i + len(cue)
    return None


def _parties(st: _Sentence, m: _Mention | None, anchor: int, triggers: list[_Trigger]) -> tuple[list[list[str]], bool]:
    """Parties a mention's sentence names: 'entre X et Y', 'X ... avec Y', or the actors of its clause."""
    def ids(actors: list[ActorMention]) -> list[str]:
        strong = [a.party for a in actors if a.form != "demonym" and a.party]
        weak = [a.party for a in actors if a.form == "demonym" and a.party]
        chosen = list(dict.fromkeys(strong))
        if len(chosen) < 2:
            chosen += [p for p in dict.fromkeys(weak) if p not in chosen]
        return chosen

    both = any(st.same_clause(b.start, anchor) for b in st.cat("BOTH"))
    behalf = _on_behalf(st, anchor)
    if behalf is not None:
        # 'the ministers of Mali, Burkina Faso and Niger signed the text on behalf of the confederation':
        # they sign for another party, which the phrase names (or the agreement in focus holds)
        named = [a for a in st.actors if behalf <= a.start and st.same_clause(a.start, anchor) and not st.locative(a)]
        partners = ids(m.with_) if m is not None else []
        return [list(dict.fromkeys(ids(named[:1]) + partners))], both
    if m is not None and len(ids(m.between)) >= 2:
        return [ids(m.between)], both
    seg_actors = [a for a in st.actors if st.same_segment(a.start, anchor) and not st.locative(a)]
    if m is not None and m.with_:
        partners = ids(m.with_)
        # the subject: actors of the clause's main part before its first event verb ('La Russie a signé ... avec')
        clause = st.clause[anchor]
        main_verbs = [t for t in triggers if st.clause[t.start] == clause and st.segment[t.start] == clause]
        first = min([m.start, anchor] + [t.start for t in main_verbs])
        clause_actors = [a for a in st.actors if st.same_clause(a.start, anchor) and a.start < first
                         and st.segment[a.start] == st.clause[a.start] and not st.locative(a)]
        subject = [p for p in ids(clause_actors) if p not in partners]
        if not subject:
            subject = [p for p in ids([a for a in seg_actors if a.start < first]) if p not in partners]
        if not subject:
            # 'X denied reports that Y had signed a pact with Z': the subject of the clause after the verb
            inner = [a for a in st.actors if first <= a.start < m.start and st.same_clause(a.start, anchor)
                     and not st.locative(a)]
            subject = [p for p in ids(inner) if p not in partners]
        if not subject:
            # 'La Gambie, elle, a franchi le pas : son ministre a signé ... avec son homologue russe'
            earlier = [a for a in st.actors if a.start < _clause_start(st, anchor) and not st.locative(a)
                       and st.segment[a.start] == st.clause[a.start] and a.party and a.party not in partners]
            last_party = earlier[-1].party if earlier else None
            subject = [last_party] if last_party else []
        if m.plural and subject and len(partners) > 1:
            return [[subject[0], p] for p in partners], both
        # 'Mali and Niger each signed an agreement with Russia', 'ont chacun signé', 'signed agreements
        # with Russia': coordinated subjects, one agreement each
        each = any(st.norm(i) in ("each", "chacun", "chacune", "separately", "separement")
                   and st.same_clause(i, anchor) for i in range(st.s, m.start))
        if (each or m.plural) and len(subject) > 1 and len(partners) == 1:
            return [[s, partners[0]] for s in subject], both
        return [list(dict.fromkeys(subject + partners))], both
    if m is not None and m.anaphor:
        # 'Le texte, paraphé à Pékin, ... confronté à des incursions depuis le Burkina Faso': a word that
        # refers back ('le texte', 'the document') keeps its agreement's parties; names after it without
        # 'avec'/'entre' are about something else
        # ('the document was signed by Mali and Russia': an agent after it still is a party)
        seg_actors = [a for a in seg_actors if a.start < m.start or any(
            g.end <= a.start <= g.end + 4 and not any(st.doc[i].text in _PUNCT_STOP for i in range(g.end, a.start))
            for g in st.cat("AGENT"))]
    found = ids(seg_actors)
    if len(found) == 1 and not (m is not None and m.refers_back):
        # (a definite 'the document, signed in Bamako' is the agreement in focus, whose parties are known)
        # 'Le Togo a signé à Moscou un accord': with one party named, the host capital is the other
        hosts = [a.party for a in st.actors if st.locative(a) and st.same_segment(a.start, anchor) and a.party]
        found += [p for p in dict.fromkeys(hosts) if p not in found][:1]
    if len(found) < 2 and m is not None and st.segment[m.start] != st.clause[m.start]:
        # an aside ('après l'accord conclu avec le Mali') keeps the subject of its clause
        main = [a for a in st.actors if st.same_clause(a.start, anchor) and st.segment[a.start] == st.clause[a.start]
                and a.start < anchor and not st.locative(a)]
        found = list(dict.fromkeys(found + ids(main)))
    return [found], both


# -- domains ----------------------------------------------------------------------------------

def _domains(st: _Sentence, mentions: list[_Mention], hypothetical: bool) -> list[tuple[int, str, str, bool]]:
    """Domains the sentence lists as an agreement's content: (position, domain, provision, is-provision)."""
    if hypothetical:
        return []
    provs = st.cat("PROV")
    cues = st.cat("DCUE")
    out = []
    for d in _longest(st.cat("DOMAIN")):
        if st.segment[d.start] != st.clause[d.start] and not any(st.same_segment(m.start, d.start) for m in mentions):
            continue
        if any(n.end <= d.start and d.start - n.end <= 3 for n in st.cat("NEG")):
            continue
        in_mention = any(m.wstart <= d.start < m.wend for m in mentions)
        provision = any(p.end <= d.start for p in provs)
        if not (provision or in_mention or any(c.end <= d.start for c in cues)):
            continue
        domain, label = d.value
        out.append((d.start, domain, label, provision))
    return out


def _hypothetical(st: _Sentence) -> bool:
    """A sentence in the conditional or future ('pourrait se traduire par') lists hopes, not provisions."""
    if st.lex.lang == "fr":
        for token in st.sent:
            if token.pos_ in ("VERB", "AUX") and ("Cnd" in token.morph.get("Mood", []) or "Fut" in token.morph.get("Tense", [])):
                return True
    return any(st.norm(m.start) in ("could", "would", "might", "may", "will", "pourrait", "pourraient", "pourra",
                                    "devrait", "devraient")
               for m in st.cat("MODAL"))


# -- the sentence -----------------------------------------------------------------------------

def sentence_claims(sent: Span, analysis: Analysis, ann: Annotator, published: PartialDate | None) -> list[Claim]:
    """Read one sentence into claims about agreements; most sentences yield none."""
    st = _Sentence(sent, analysis, ann, published)
    if not (st.cat("HEAD") or st.cat("TRIG") or st.cat("ANAPH") or st.cat("PROV") or st.cat("SUPPORT")):
        return []
    triggers = _triggers(st)
    mentions = _mentions(st, triggers)
    unlinked = _link(st, triggers, mentions)
    dates = _dates(st, mentions)
    base = analysis.offset
    start, end = base + sent.start_char, base + sent.end_char
    defence = any(not any(n.end <= d.start and d.start - n.end <= 2 for n in st.cat("NEG")) for d in st.cat("DEFENCE"))
    defence = defence or any(k.value != "memorandum-of-understanding" for k in st.cat("KIND")) or bool(st.cat("DOMAIN"))

    def events_of(ts: list[_Trigger]) -> list[EventClaim]:
        events: list[EventClaim] = []
        for t in ts:
            if t.negated or t.modal:
                continue
            by, place = _by_and_place(st, t)
            position = base + st.doc[t.start].idx
            ds = _event_dates(st, t, triggers, dates)
            at_signing = t.type == "in-force" and any(
                a.start >= t.end and a.start - t.end <= 3 for a in st.cat("ATSIGN"))
            if at_signing and not ds:
                events.append(EventClaim(t.type, None, by, place, t.verb, None, position, at_signing=True))
                continue
            if not ds:
                # 'signed and ratified ... in 2024', 'signé puis ratifié en 2024': coordinated verbs share a date
                nxt = next((o for o in triggers if o.start >= t.end and o.verb), None)
                if t.verb and nxt is not None and nxt.start - t.end <= 2 and all(
                        st.norm(i) in ("and", "et", "puis", "then", "later", "ensuite") for i in range(t.end, nxt.start)) \
                        and nxt.start > t.end:
                    ds = _event_dates(st, nxt, triggers, dates)
            if not ds:
                events.append(EventClaim(t.type, None, by, place, t.verb, None, position))
            for d in ds:
                events.append(EventClaim(t.type, d.value.date, by, place, t.verb, d.value.problem, position,
                                         shift=d.shift))
        return events

    hypothetical = _hypothetical(st)
    domains = _domains(st, mentions, hypothetical)
    claims: list[Claim] = []
    index: dict[int, int] = {}
    for m in mentions:
        events = events_of(m.triggers)
        if m.negated or (m.similar and not any(e.date for e in events)):
            # 'aucun accord', 'les accords similaires', 'has signed similar memoranda with a dozen countries':
            # compared, not reported; only a similar agreement with its own date is an event told
            continue
        anchor = m.triggers[0].start if m.triggers else m.start
        party_sets, both = _parties(st, m, anchor, triggers)
        mine = [d for d in domains if d[0] >= m.start and not any(o is not m and m.start < o.start <= d[0] for o in mentions)]
        if m.pronoun and not events and m.year is None:
            continue
        dated = [e for e in events if e.date is not None]
        paired = len(party_sets) > 1 and len(dated) == len(party_sets) == len(events) \
            and len({e.type for e in events}) == 1
        for n, parties in enumerate(party_sets):
            if paired:
                # 'signed agreements with Mali in 2022 and with Niger in January 2024': a date per partner
                events = [dated[n]]
            claim = Claim(
                parties=tuple(parties), kind=m.kind, start=start, end=end, events=list(events),
                domains=list(dict.fromkeys(d[1] for d in mine)),
                provisions=list(dict.fromkeys(d[2] for d in mine if d[3])),
                mention=not m.pronoun, definite=m.definite or m.pronoun, both=both, plural=m.plural,
                separate=m.separate, civil=m.civil, defence=defence or m.defence, year=m.year,
                earlier=m.earlier, similar=m.similar, position=base + st.doc[m.start].idx,
                possessive=m.possessive, country_subject=_country_subject(st, m.start),
            )
            index.setdefault(id(m), len(claims))
            claims.append(claim)
    for m in mentions:
        if m.earlier and m.main is not None and id(m) in index and id(m.main) in index:
            claims[index[id(m.main)]].replaces = index[id(m)]
    # Verbs with no agreement noun in reach ('It was ratified on...', 'Il prévoit...') refer to the focus.
    # ... but only with a word that refers back: 'il', 'it', 'l'a ratifié', 'les deux pays'.
    pronoun = any(st.norm(i) in st.words["subject_pronouns"] for i in range(st.s, st.e)) or any(
        st.norm(i) == "l'" and i + 1 < st.e and st.doc[i + 1].pos_ in ("AUX", "VERB") for i in range(st.s, st.e)) \
        or bool(st.cat("BOTH"))
    # 'la Douma avait entériné la ratification dès juillet', 'the Senate approved the ratification': a
    # definite event noun governed by a verb is that act of the agreement spoken of
    pronoun = pronoun or any(
        t.verb and any(n.value[1] == NOUN and n.start > st.s and (n.end == t.end or t.end <= n.start <= t.end + 2)
                       and st.norm(n.start - 1) in st.words["definite"] for n in st.cat("TRIG"))
        for t in unlinked)
    # 'Negotiations between the AES and Moscow were concluded in May': an act between two named parties
    # continues their agreement (the resolver only continues one the article already has)
    # (verbs only: 'but the signing was delayed' is no act; talks that were held or begun are one:
    # 'Negotiations between Bissau and Dakar began in March')
    between = any(len({a.party for a in st.actors if a.start >= b.end and a.start - b.end <= 6 and a.party
                       and st.same_clause(a.start, b.start)}) >= 2 for b in st.cat("BETWEEN"))
    if between and not pronoun:
        unlinked = [t for t in unlinked if t.verb or t.type == "negotiated"]
        pronoun = True
    # An unlinked denial is about the focus only if what it denies is an agreement's act: 'denied having
    # signed it', not 'denied that it had agreed to host troops'.
    unlinked = [t for t in unlinked if t.type != "denied" or any(
        o.start > t.start and o.type in ("signed", "negotiated") for o in triggers)]
    anaphoric_events = events_of([t for t in unlinked if pronoun])
    loose_domains = [d for d in domains if not any(m.start <= d[0] for m in mentions if not m.similar)]
    if anaphoric_events or (loose_domains and not mentions):
        anchor = min((t.start for t in unlinked), default=st.s)
        (parties,), both = _parties(st, None, anchor, triggers)
        claims.append(Claim(
            parties=tuple(parties), kind=None, start=start, end=end, events=anaphoric_events,
            domains=list(dict.fromkeys(d[1] for d in loose_domains)),
            provisions=list(dict.fromkeys(d[2] for d in loose_domains if d[3])),
            mention=False, definite=True, both=both, defence=defence, position=base + st.doc[anchor].idx,
        ))
    return claims
