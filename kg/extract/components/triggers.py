"""kg_triggers: each sentence's event words (Span._.kg_triggers).

Event words come from the TRIG phrases; a support verb lends its act to the event noun it
governs ('a entériné la ratification'), signing a ratification law ratifies, a verb acting on an
event noun names one act, concluding talks is negotiating, and a negotiation noun counts only
when the talks were held. Negation and modality are kg_modality's.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..vocabulary import BASE, FIN, INF, NOUN, PART
from .clauses import Sentence, longest
from .state import Trigger

__all__ = ["TriggerFinder", "find_triggers", "intended_signing"]


def find_triggers(st: Sentence) -> list[Trigger]:
    """The sentence's event words, with support verbs, ratification laws and negotiations folded in."""
    triggers = [Trigger(m.start, m.end, m.value[0], m.value[1], m.value[1] != NOUN) for m in longest(st.cat("TRIG"))]
    laws = st.cat("LAW")
    heads = st.cat("HEAD") + st.cat("ANAPH")
    # A support verb lends its act to a following event noun: 'a entériné la ratification'.
    for sup in longest(st.cat("SUPPORT")):
        if any(t.start <= sup.start < t.end for t in triggers):
            continue
        fallback, tag = sup.value
        if fallback == "announced" and intended_signing(st, sup.end, triggers) is not None:
            # 'announced plans to conclude', 'ont annoncé leur intention de conclure': an announcement
            triggers.append(Trigger(sup.start, sup.end, "announced", tag, True))
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
            # adopting a bill authorising ratification approves it; adopting the law ratifies
            bill = any(b.start <= law.start and law.end <= b.end for b in st.cat("BILL"))
            triggers.append(Trigger(sup.start, law.end, "approved" if bill and fallback == "approved" else "ratified",
                                    tag, True))
            continue
        head = next((h for h in heads if h.start >= sup.end and st.gap(sup.end, h.start) <= 2
                     and st.same_clause(sup.start, h.start)), None)
        if head is None and tag == PART:
            # 'l'accord a été entériné par le Sénat': the participle of a passive, its subject before it
            head = next((h for h in reversed(heads) if h.end <= sup.start and st.same_clause(h.start, sup.start)), None)
        if fallback and head is not None:
            triggers.append(Trigger(sup.start, sup.end, fallback, tag, True))
    triggers.sort(key=lambda t: t.start)
    # 'le projet de loi autorisant la ratification', 'the bill authorising ratification': the bill's
    # adoption, however far its verb, approves the agreement; its ratification comes later
    for t in triggers:
        if t.type == "ratified" and not t.verb and any(
                b.end <= t.start and t.start - b.end <= 3 and st.same_clause(b.start, t.start) for b in st.cat("BILL")):
            t.type = "approved"
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
        if t in triggers and t.verb and t.type in ("approved", "denied", "ended", "suspended") \
                and not st.intransitive(t.start, t.end):
            noun = next((n for n in triggers if not n.verb and n.start >= t.end and st.gap(t.end, n.start) <= 2
                         and st.same_clause(t.start, n.start)), None)
            if noun is not None:
                triggers.remove(noun)
    # 'signed a joint declaration': a signing verb whose object is another kind of document.
    # (only acts that take an object: 'entered into force on 20 March, according to a statement' stays)
    for t in list(triggers):
        if t.type not in ("signed", "approved", "ratified"):
            continue
        doc_noun = next((o for o in st.cat("OTHERDOC") if o.start >= t.end and st.gap(t.end, o.start) <= 2
                         and not any(st.stop(i) for i in range(t.end, o.start))), None)   # (not past a comma)
        if doc_noun is not None and not any(h.start >= t.end and h.start < doc_noun.start for h in heads):
            triggers.remove(t)
    # 'reads one of the orders, signed by the prime minister', 'le décret, signé par': the document's signing
    for t in list(triggers):
        if t.type == "signed" and t.tag in (PART, FIN) and any(o.end <= t.start and st.gap(o.end, t.start) == 0
                                                          for o in st.cat("OTHERDOC")):
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
        passive = t.start > st.s and st.norm(t.start - 1) in st.sh.passive_auxiliaries
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
    # 'formally ratified during a signing ceremony': the ceremony is a signing, whatever the verb
    for c in st.cat("CEREMONY"):
        for t in list(triggers):
            if t.verb and t.type in ("ratified", "approved") and t.end <= c.start and st.same_clause(t.start, c.start) \
                    and c.start - t.end <= 6:
                triggers.remove(t)
    # 'the Treaty Making and Ratification Act': an event noun in a law's title names the law
    for t in list(triggers):
        if not t.verb and st.doc[t.start].text[:1].isupper() and any(
                law.start == t.end and st.doc[law.start].text[:1].isupper() for law in laws):
            triggers.remove(t)
    # 'never submitted to the Assembly for ratification', « transmis pour ratification »: a purpose, no act
    for t in list(triggers):
        if not t.verb and t.start > st.s and st.norm(t.start - 1) in st.lex.purposes:
            triggers.remove(t)
    # « ce que les députés ont dénoncé comme un passage en force »: to denounce as is to judge, not to end
    for t in list(triggers):
        if t.type == "ended" and t.end < st.e and st.norm(t.end) in st.lex.judgement_markers:
            triggers.remove(t)
    # '« Il signe ce qui sert ses intérêts »', 'signs whatever suits it': a habit, about no agreement
    for t in list(triggers):
        if t.verb and any(t.end <= r.start and st.gap(t.end, r.start) == 0 for r in st.cat("FREEREL")):
            triggers.remove(t)
    return triggers


def intended_signing(st: Sentence, after: int, triggers: list[Trigger]) -> Trigger | None:
    """The signing infinitive an announcement of intent leads to: 'plans to conclude', 'intention de conclure'."""
    intent = {i for m in st.cat("INTENT") for i in range(m.start, m.end)}
    for t in triggers:
        if t.start < after or t.type != "signed" or t.tag not in (INF, BASE):
            continue
        words = [i for i in range(after, t.start) if i not in st.date_tokens]
        if len(words) <= 5 and any(st.norm(i) in st.sh.intent_heads for i in words) \
                and all(i in intent or st.skippable(i) for i in words):
            return t
        return None
    return None


class TriggerFinder:
    """Find the event words of every sentence that names an agreement, an event or a provision."""

    def __call__(self, doc: Doc) -> Doc:
        for sent in doc.sents:
            st = sent._.kg_sentence
            sent._.kg_triggers = find_triggers(st) if st.relevant else []
        return doc


@Language.factory("kg_triggers", assigns=["span._.kg_triggers"], requires=["span._.kg_sentence"])
def make_triggers(nlp: Language, name: str) -> TriggerFinder:
    """The kg_triggers component."""
    return TriggerFinder()
