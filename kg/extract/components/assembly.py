"""kg_assembly: what each sentence says about agreements (Span._.kg_claims), for the resolver.

One claim per agreement mention (one per partner for 'des accords avec X et Y'), with the events
of its triggers that are done acts, their dates, acting bodies and places, the parties the
sentence names, and the domains and provisions it lists; plus one claim for event words that
refer to the agreement in focus ('It was ratified on...', 'Il prévoit...'). Which agreement a
claim is about is decided across sentences, by the resolver (kg/extract/resolve.py).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ...facts import PartialDate
from ..claims import Claim, EventClaim
from ..vocabulary import NOUN, PART
from .arguments import parties as sentence_parties
from .clauses import Sentence, longest
from .state import DateMention, Mention, Trigger

__all__ = ["Assembly", "domains_of", "hypothetical", "sentence_claims"]


def domains_of(st: Sentence, mentions: list[Mention], hypothetical: bool) -> list[tuple[int, str, str, bool]]:
    """Domains the sentence lists as an agreement's content: (position, domain, provision, is-provision)."""
    if hypothetical:
        return []
    provs = st.cat("PROV")
    cues = st.cat("DCUE")
    out = []
    for d in longest(st.cat("DOMAIN")):
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


def hypothetical(st: Sentence) -> bool:
    """A sentence in the conditional or future ('pourrait se traduire par') lists hopes, not provisions."""
    if st.lex.lang == "fr":
        for token in st.sent:
            if token.pos_ in ("VERB", "AUX") and ("Cnd" in token.morph.get("Mood", []) or "Fut" in token.morph.get("Tense", [])):
                return True
    return any(st.norm(m.start) in st.sh.hypothetical_modals for m in st.cat("MODAL"))


def named_partners(st: Sentence, m: Mention) -> bool:
    """Are a mention's partners named right after 'with'/'avec' ('with South Africa', not 'with many states, among them')?"""
    return bool(m.with_) and any(w.end <= m.with_[0].start and st.gap(w.end, m.with_[0].start) == 0
                                 for w in st.cat("WITH"))


def naming_participle(st: Sentence, m: Mention, t: Trigger) -> bool:
    """'l'accord conclu avec la France', 'the agreement signed with Mali': a participle that names the agreement.

    Inside the mention's phrase, with no date and no place of its own, it tells which agreement is
    meant, not that it was signed then; 'l'accord signé le 4 mars à Bamako' still reports the signing.
    """
    return t.type == "signed" and t.tag == PART and m.end <= t.start < m.wend and not t.dates and t.place is None


def quoted_denial(st: Sentence, m: Mention, triggers: list[Trigger], dates: list[DateMention]) -> EventClaim | None:
    """A quoted 'no agreement was signed' that a reporting verb after the quotation attributes: a denial, on its day."""
    if not st.quoted(m.start, m.end):
        return None
    closing = next((i for i in range(m.end, st.e) if st.doc[i].text in st.sh.quotes.values()), None)
    if closing is None or not any(r.start > closing for r in st.cat("REPORT")):
        return None
    day = next((d for d in dates if d.start > closing and d.value.date is not None and not d.attribute), None)
    if day is None or day.value.date is None or any(t.type == "denied" for t in triggers):
        return None             # (undated, the denial is the one the article tells in its own words)
    return EventClaim("denied", day.value.date, position=st.offset + st.doc[m.start].idx)


def sentence_claims(st: Sentence, triggers: list[Trigger], mentions: list[Mention], unlinked: list[Trigger],
                    dates: list[DateMention]) -> list[Claim]:
    """Read one sentence's triggers, mentions and dates into claims about agreements; most sentences yield none."""
    sent = st.sent
    base = st.offset
    start, end = base + sent.start_char, base + sent.end_char
    # (« aucun des protocoles ne touche à la défense »: a negation a verb and articles before the word)
    defence = any(not any(n.end <= d.start and st.gap(n.end, d.start) <= 2 and st.same_clause(n.start, d.start)
                          for n in st.cat("NEG")) for d in st.cat("DEFENCE"))
    defence = defence or any(k.value not in st.sh.form_kinds for k in st.cat("KIND")) or any(
        d.value[0] not in st.sh.generic_domains for d in st.cat("DOMAIN"))
    if triggers and all(t.negated for t in triggers):
        # « Le volet sécuritaire n'a pas donné lieu à la signature d'un texte »: defence is what was not signed
        defence = False

    def events_of(ts: list[Trigger]) -> list[EventClaim]:
        events: list[EventClaim] = []
        for t in ts:
            if t.negated or t.modal:
                continue
            by, place = t.by, t.place
            position = base + st.doc[t.start].idx
            ds = t.dates
            at_signing = t.type == "in-force" and any(
                a.start >= t.end and a.start - t.end <= 3 for a in st.cat("ATSIGN"))
            if at_signing and not ds:
                events.append(EventClaim(t.type, None, by, place, t.verb, None, position, at_signing=True))
                continue
            if not ds:
                # 'signed and ratified ... in 2024', 'signé puis ratifié en 2024': coordinated verbs share a date
                nxt = next((o for o in triggers if o.start >= t.end and o.verb), None)
                if t.verb and nxt is not None and nxt.start - t.end <= 2 and all(
                        st.norm(i) in st.sh.verb_coordination for i in range(t.end, nxt.start)) \
                        and nxt.start > t.end:
                    ds = nxt.dates
            if not ds:
                events.append(EventClaim(t.type, None, by, place, t.verb, None, position))
            for d in ds:
                events.append(EventClaim(t.type, d.value.date, by, place, t.verb, d.value.problem, position,
                                         shift=d.shift, reported=d.reported, month_shift=d.month_shift,
                                         period=d.period, period_month=d.period_month))
        return events

    domains = domains_of(st, mentions, hypothetical(st))
    claims: list[Claim] = []
    index: dict[int, int] = {}
    for m in mentions:
        events = events_of([t for t in m.triggers if not naming_participle(st, m, t)])
        # ('the 2021 agreement with Britain' names a partner: it designates an agreement, it does not refer back)
        # ('a 2017 agreement between the two countries' designates one too: a partner or an indefinite article)
        before_head = range(m.wstart, m.start + 1)
        possessive = any(st.norm(i) in st.lex.possessives for i in before_head)
        designated = m.with_ or m.between or any(st.norm(i) in st.words["indefinite"] for i in before_head)
        if m.named_date is None and m.year is not None and (m.year_after or (designated and not possessive)) \
                and not m.anaphor and not m.earlier \
                and not any(e.type == "signed" and e.date for e in events):
            # 'le traité de partenariat de défense de 2010': signed that year (a year before the noun, 'its
            # 1961 agreement', and 'le texte de 2020' only refer back)
            events.append(EventClaim("signed", PartialDate(m.year), verb=False, position=base + st.doc[m.start].idx))
        if m.named_date is not None and not any(e.type == "signed" and e.date for e in events):
            # 'le traité du 21 décembre 2011', "les accords de défense d'août 1960": signed on the date it is named by
            events.append(EventClaim("signed", m.named_date, verb=False, position=base + st.doc[m.start].idx))
        denial = quoted_denial(st, m, triggers, dates) if m.negated or (m.triggers and all(
            t.negated and t.type == "signed" for t in m.triggers)) else None
        if denial is not None:
            # '« Aucun accord de défense n'a été signé, ni avec les États-Unis ni avec la France », a écrit
            # lundi le ministre': a party's own word that no agreement exists denies it
            events = [denial]
        elif m.negated or (m.similar and not any(e.date for e in events) and not named_partners(st, m)):
            # 'aucun accord', 'les accords similaires', 'has signed similar memoranda with a dozen countries':
            # compared, not reported; a similar agreement with its own date, or with its partners named
            # right after 'with' ('has signed similar defence accords with South Africa and France'), is told
            continue
        party_sets, both = m.party_sets, m.both
        anchor = m.triggers[0].start if m.triggers else m.start
        group = max((g.value for g in st.cat("GROUP") if st.same_clause(g.start, anchor)), default=None)
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
                mention=not m.pronoun, definite=m.definite or m.pronoun, anaphor=m.anaphor, both=both,
                plural=m.plural,
                separate=m.separate, civil=m.civil, defence=defence or m.defence, year=m.year,
                earlier=m.earlier, similar=m.similar, position=base + st.doc[m.start].idx,
                possessive=m.possessive, country_subject=m.country_subject, group=group,
            )
            index.setdefault(id(m), len(claims))
            claims.append(claim)
    for m in mentions:
        if m.earlier and m.main is not None and id(m) in index and id(m.main) in index:
            claims[index[id(m.main)]].replaces = index[id(m)]
    # Verbs with no agreement noun in reach ('It was ratified on...', 'Il prévoit...') refer to the focus.
    # ... but only with a word that refers back: 'il', 'it', 'l'a ratifié', 'les deux pays'.
    pronoun = any(st.norm(i) in st.words["subject_pronouns"] for i in range(st.s, st.e)) or any(
        st.norm(i) in st.sh.object_pronouns and i + 1 < st.e and st.doc[i + 1].pos_ in ("AUX", "VERB")
        for i in range(st.s, st.e)) or bool(st.cat("BOTH"))
    # 'la Douma avait entériné la ratification dès juillet', 'the Senate approved the ratification': a
    # definite event noun governed by a verb is that act of the agreement spoken of
    pronoun = pronoun or any(
        t.verb and any(n.value[1] == NOUN and n.start > st.s and (n.end == t.end or t.end <= n.start <= t.end + 2)
                       and st.norm(n.start - 1) in st.words["definite"] for n in st.cat("TRIG"))
        for t in unlinked) or any(
        # 'le Conseil de la Fédération a approuvé à son tour la loi de ratification': the law of the one spoken of
        t.verb and any(t.start < law.start and law.end <= t.end and st.norm(law.start - 1) in st.words["definite"]
                       for law in st.cat("LAW"))
        for t in unlinked)
    # 'Negotiations between the AES and Moscow were concluded in May': an act between two named parties
    # continues their agreement (the resolver only continues one the article already has)
    # (verbs only: 'but the signing was delayed' is no act; talks that were held or begun are one:
    # 'Negotiations between Bissau and Dakar began in March')
    between = any(len({a.party for a in st.actors if a.start >= b.end and a.start - b.end <= 6 and a.party
                       and st.same_clause(a.start, b.start)}) >= 2 for b in st.cat("BETWEEN"))
    # 'The signing ceremony took place in Kampala late Wednesday', « la cérémonie de signature s'est
    # tenue mardi »: the ceremony of the agreement spoken of is its signing
    ceremonies = [t for t in unlinked if t.type == "signed" and not t.modal and any(
        c.start <= t.start < c.end and c.start > st.s and st.norm(c.start - 1) in st.words["definite"]
        for c in st.cat("CEREMONY"))]
    if between and not pronoun:
        unlinked = [t for t in unlinked if t.verb or t.type == "negotiated" or t in ceremonies]
        pronoun = True
    pronoun = pronoun or bool(ceremonies)
    # An unlinked denial is about the focus only if what it denies is an agreement's act: 'denied having
    # signed it', not 'denied that it had agreed to host troops'.
    unlinked = [t for t in unlinked if t.type != "denied" or any(
        o.start > t.start and o.type in ("signed", "negotiated") for o in triggers)]
    # 'Paris avait annoncé la suspension de son aide au développement': what the event word governs is civil
    unlinked = [t for t in unlinked if not _civil_object(st, t)]
    anaphoric_events = events_of([t for t in unlinked if pronoun])
    loose_domains = [d for d in domains if not any(m.start <= d[0] for m in mentions if not m.similar)]
    if anaphoric_events or (loose_domains and not mentions):
        anchor = min((t.start for t in unlinked), default=st.s)
        (named,), both = sentence_parties(st, None, anchor, triggers)
        claims.append(Claim(
            parties=tuple(named), kind=None, start=start, end=end, events=anaphoric_events,
            domains=list(dict.fromkeys(d[1] for d in loose_domains)),
            provisions=list(dict.fromkeys(d[2] for d in loose_domains if d[3])),
            mention=False, definite=True, both=both, defence=defence, position=base + st.doc[anchor].idx,
        ))
    return claims


def _civil_object(st: Sentence, t: Trigger) -> bool:
    """Does the phrase right after an event word name only civil matters ('la suspension de son aide budgétaire')?"""
    stop = next((i for i in range(t.end, min(st.e, t.end + 8)) if st.stop(i)), min(st.e, t.end + 8))
    return st.civil_only(t.end, stop, ("CIVIL", "DEFENCE", "KIND", "HEAD"))


class Assembly:
    """Make every sentence's claims (none for a sentence kg_clauses found irrelevant)."""

    def __call__(self, doc: Doc) -> Doc:
        for sent in doc.sents:
            st = sent._.kg_sentence
            sent._.kg_claims = sentence_claims(st, sent._.kg_triggers, sent._.kg_mentions, sent._.kg_unlinked,
                                               sent._.kg_dates or []) if st.relevant else []
        return doc


@Language.factory("kg_assembly", assigns=["span._.kg_claims"],
                  requires=["span._.kg_sentence", "span._.kg_triggers", "span._.kg_mentions", "span._.kg_unlinked",
                            "span._.kg_dates"])
def make_assembly(nlp: Language, name: str) -> Assembly:
    """The kg_assembly component."""
    return Assembly()
