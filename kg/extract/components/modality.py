"""kg_modality: which event words are negated or not a done act (Trigger.negated, Trigger.modal).

Negation ('n'a pas été signé', 'has not signed', 'sans conclure'), the content of a denial, the
future and the conditional (tense and mood from the French tagger), plans and pending steps
(modal words), infinitives, a present entry into force under a condition, and an event in a
condition clause ('S'il est ratifié, ...': over the French tree, a 'si' marking the event verb;
in English, 'if' opening the event's clause).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..vocabulary import BASE, FIN, FUT, INF, PART
from .clauses import Sentence
from .state import Trigger
from .tree import has_tree, head_path

__all__ = ["Modality", "negation_and_modality"]


def _present(st: Sentence, t: Trigger) -> bool:
    """Is the trigger in the present tense ('takes effect', 'entre en vigueur'), not a past act?"""
    if st.lex.lang == "fr":
        after_aux = t.start > st.s and st.doc[t.start - 1].pos_ == "AUX"
        word = st.doc[t.start].text.lower()      # the folded norm cannot tell 'entre' from 'entré'
        present = word in st.lex.present_in_force or (t.tag == FIN and "Pres" in st.doc[t.start].morph.get("Tense", []))
        return present and not after_aux
    first = st.norm(t.start)
    return t.tag == BASE or first in st.lex.present_in_force


def negation_and_modality(st: Sentence, triggers: list[Trigger]) -> None:
    """Mark the triggers that are negated or not a done act (future, conditional, plans, infinitives)."""
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
            window = 2 if st.norm(n.start) in st.sh.short_negators else 6
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
        if t.tag == INF and not any(r.end <= t.start and t.start - r.end <= 1 for r in st.cat("RECENT")) \
                and not _decided(st, t):
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
                        and (t.tag == BASE or st.norm(t.start - 1) in st.sh.infinitive_auxiliaries) \
                        and not (marker.start > st.s and st.norm(marker.start - 1) in st.lex.decisions):
                    t.modal = True
        # 'takes effect once ratified', 'entre en vigueur une fois ratifié': a present entry into force
        # under a condition is a rule of the text, not a done act (but 'dès sa signature' dates it)
        if t.type == "in-force" and _present(st, t) and not any(
                a.start >= t.end and a.start - t.end <= 3 for a in st.cat("ATSIGN")):
            nxt = " ".join(st.norm(i) for i in range(t.end, min(st.e, t.end + 3)))
            if any(nxt.startswith(c) for c in st.sh.condition_openers):
                t.modal = True
        if _conditional(st, t):
            t.modal = True
        for m in modals:
            if not st.same_clause(m.start, t.start):
                continue
            if any(a.start == m.start for a in st.cat("ASIDE")) and not st.same_segment(m.start, t.start):
                continue        # 'Before reaching parliament, the texts went through the Council, which approved'

            verbs_between = any(o.verb and m.end <= o.start < t.start for o in triggers if o is not t)
            if t.tag in (PART, FIN) and not verbs_between and any(
                    m.end <= h.start and (t.start == h.end or (t.start - h.end <= 2 and st.doc[t.start - 1].text == ","))
                    for h in st.cat("HEAD") + st.cat("ANAPH")):
                # '« appelé à … » de cet accord, signé le 11 juillet 2022', 'will patrol … under a deal inked
                # on Sunday': a participle set beside its noun is not what the modal governs
                continue
            if t.tag in (PART, FIN) and t.start > st.s and st.norm(t.start - 1) in st.lex.own_auxiliaries and any(
                    m.end <= h.start < t.start for h in st.cat("HEAD")):
                # 'it would complement the memorandum the police forces had signed': a verb with its own
                # auxiliary after the noun it qualifies is a clause of its own
                continue
            if t.tag == PART and not verbs_between:
                # 'La force doit donner corps à l'engagement inscrit dans la Charte, signée le 16 septembre':
                # the modal governs the verb after it, not a participle that qualifies a later noun
                verbs_between = any(st.doc[i].pos_ == "VERB" and "Part" not in st.doc[i].morph.get("VerbForm", [])
                                    for i in range(m.end, t.start))
            if m.end <= t.start and not verbs_between:
                t.modal = True
            elif m.start >= t.end and m.start - t.end <= 8 and not t.verb \
                    and not any(o.verb and t.end <= o.start < m.start for o in triggers):
                t.modal = True          # 'la ratification devrait intervenir', 'ratification is pending'


def _decided(st: Sentence, t: Trigger) -> bool:
    """'décide ... de dénoncer l'accord': an infinitive a present or past decision governs is the act, not a plan."""
    if not has_tree(st.doc):
        return False
    for i in head_path(st.doc, t.start)[:3]:
        head = st.doc[i]
        if st.norm(i) in st.lex.decisions:
            return "Fut" not in head.morph.get("Tense", []) and "Cnd" not in head.morph.get("Mood", [])
        if head.pos_ in ("VERB", "AUX"):
            return False            # the first verb above it is another one ('prévoit de dénoncer')
    return False


def _conditional(st: Sentence, t: Trigger) -> bool:
    """'S'il est ratifié, il pourrait ...', 'If it is ratified, ...': the event is a condition, not a done act."""
    marks = st.sh.conditional_marks
    if has_tree(st.doc):
        token = st.doc[t.start]
        return any(c.dep_ == "mark" and c.norm_ in marks for c in token.children)
    # no tree (English): 'if' at most three words before the verb, no comma or event word between
    for j in range(max(st.s, t.start - 4), t.start):
        if st.norm(j) in marks and not any(st.doc[k].is_punct for k in range(j, t.start)):
            return True
    return False


class Modality:
    """Mark every sentence's triggers negated or modal."""

    def __call__(self, doc: Doc) -> Doc:
        for sent in doc.sents:
            negation_and_modality(sent._.kg_sentence, sent._.kg_triggers)
        return doc


@Language.factory("kg_modality", assigns=["span._.kg_triggers"], requires=["span._.kg_triggers"])
def make_modality(nlp: Language, name: str) -> Modality:
    """The kg_modality component."""
    return Modality()
