"""kg_arguments: what each event word is about, and who acts where (Span._.kg_unlinked, Trigger/Mention fields).

Each event verb is attached to the agreement mention it governs (its object, a coordinated
object, else the mention of its segment); an event word with no mention in reach refers to the
agreement in focus and is listed in Span._.kg_unlinked. Then each trigger gets its acting body and
place, and each mention the party sets its sentence gives ('entre X et Y', 'X ... avec Y', the
actors of its clause).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..vocabulary import PART
from .actors import ActorMention
from .clauses import Sentence, clause_start
from .mentions import list_ends
from .phrases import LexMatch
from .state import Mention, Trigger
from .triggers import intended_signing

__all__ = ["Arguments", "by_and_place", "country_subject", "link", "parties"]


def link(st: Sentence, triggers: list[Trigger], mentions: list[Mention]) -> list[Trigger]:
    """Attach each event verb to the agreement it is about; return verbs that refer to the focus."""
    unlinked: list[Trigger] = []
    for t in triggers:
        here = [m for m in mentions if st.same_segment(m.start, t.start)]
        if st.intransitive(t.start, t.end):
            here = [m for m in here if m.end <= t.start]    # 'X a pris fin': X is what ends
            # (the small parser may hang the subject elsewhere: a determiner and a noun before the verb)
            nouns = [i for i in range(clause_start(st, t.start), t.start) if st.doc[i].pos_ == "NOUN"
                     and i not in st.date_tokens and not st.is_actor_token(i) and i > st.s
                     and st.norm(i - 1) in st.words["definite"] | st.words["indefinite"]]
            if not here and nouns:
                continue        # 'la réunion a pris fin': something else ended
        after = [m for m in here if m.start >= t.end]
        apposed = next((m for m in here if t.tag == PART and t.start > st.s and st.doc[t.start - 1].text == ","
                        and m.wend == t.start - 1), None)
        if apposed is not None:
            # 'le traité instituant un partenariat de défense, signé à Paris le 26 janvier 2012, qui a pris
            # la relève de l'accord de 1961': a participle set after its noun and a comma qualifies that noun
            after = []
        obj = apposed or next((m for m in after if st.gap(t.end, m.wstart) <= 2), None)
        if obj is None:
            # over the tree: the agreement noun the verb governs, past dates and places between them
            objects = {o for v, o in st.tree.get("event_object", []) if t.start <= v < t.end}
            # (the parser may take an opening guillemet for the object: « l'« Accord-cadre ... » »)
            obj = next((m for m in mentions if m.start >= t.end and any(m.wstart <= o < m.end for o in objects)), None)
        if obj is None and t.type in ("ended", "suspended") and t.start > st.s and st.doc[t.start - 1].text == "," \
                and st.norm(t.start).endswith(st.lex.progressive_suffixes) \
                and not any(m.start >= t.end and st.gap(t.end, m.wstart) <= 3 for m in here):
            # 'signed agreements Thursday …, ending more than a decade of war': after a comma, an ending
            # verb with no agreement as its object ends something else
            continue
        if t.type == "announced" and obj is None:
            signing = intended_signing(st, t.end, triggers)
            if signing is not None:
                obj = next((m for m in after if m.start >= signing.end and st.gap(signing.end, m.wstart) <= 2), None)
            if obj is None:
                continue
        chosen: list[Mention] = []
        if obj is not None:
            chosen.append(obj)
            if obj.plural and obj.wend < st.e and st.doc[obj.wend].text == ":":
                # 'ratified two agreements: a cooperation agreement with Ghana and an agreement between ...':
                # the list after the colon names them
                listed = [m for m in mentions if m.start > obj.wend and st.same_clause(m.start, obj.wend + 1)]
                if listed:
                    chosen = listed
            # coordinated objects: 'un accord de coopération et un accord distinct sur une base navale'
            last = obj
            for m in after:
                between = [st.norm(i) for i in range(last.wend, m.wstart)]
                if m.start > last.start and m.wstart >= last.wend and any(w in st.sh.and_words for w in between) \
                        and all(w in st.sh.coordination for w in between):
                    chosen.append(m)
                    last = m
        else:
            before = [m for m in here if m.end <= t.start]
            if t.type == "denied":
                # 'X, which signed a pact with Y last year, denied that ...': a denial's content follows
                # it; an agreement another verb already reports is not what is denied
                before = [m for m in before if not m.triggers]
            if t.type == "denied" and after:
                # 'X, which described the memorandum as "a natural step", denied reports that Y had signed a
                # basing agreement': what is denied is told after the denial
                chosen.append(after[0])
            elif before:
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


def relative_partners(st: Sentence, m: Mention) -> None:
    """'the memorandum Ethiopia signed on January 1 with Kenya': the partner named after a verb that follows its agreement.

    A 'with' phrase there that names no state or organisation ('with the breakaway region of
    Somaliland', 'with Rosatom') leaves the agreement without its partner.
    """
    if m.with_ or m.between:
        return
    for t in m.triggers:
        if t.start < m.end:
            continue
        w = next((w for w in st.cat("WITH") if t.end <= w.start <= t.end + 6 and st.same_segment(w.start, t.start)
                  and not any(st.stop(i) for i in range(t.end, w.start))), None)
        if w is None:
            # 'the bilateral memorandum that Pretoria and Maputo signed on November 8': the relative's subject
            subject = [a for a in st.actors if m.end <= a.start < t.start and not st.locative(a) and a.party]
            if len({a.party for a in subject}) >= 2 and st.norm(m.end) in st.lex.relative_pronouns \
                    and all(st.is_actor_token(i) or st.norm(i) in st.sh.and_words or st.doc[i].text == ","
                            for i in range(m.end + 1, t.start)):
                m.between = subject
                return
            continue
        named = [a for a in st.actors if w.end <= a.start < w.end + 8 and st.same_segment(a.start, w.start)
                 and not st.locative(a) and not list_ends(st, w.end, a.start)]
        subject = [a for a in st.actors if m.end <= a.start < t.start and not st.locative(a)]
        if named and subject:
            m.between = subject[-1:] + named    # its parties: the verb's subject and the partners
        elif named:
            m.with_ = named
        else:
            m.unnamed_partner = True
        return


def _last_conjunct(st: Sentence, actors: list[ActorMention], anchor: int) -> list[ActorMention]:
    """'Uganda followed in April with a pact, and Burundi concluded an agreement with Cairo': past a comma and
    'and' after words other than names, or before a name the event verb follows (« …, et Niamey, le 3 août,
    a dénoncé »), a new clause has begun, and its names are the subject."""
    for k in range(len(actors) - 1, 0, -1):
        a, prev = actors[k], actors[k - 1]
        comma = next((i for i in range(a.start - 1, prev.end - 1, -1) if st.doc[i].text == ","
                      and all(st.norm(j) in st.sh.and_words for j in range(i + 1, a.start))), None)
        if comma is None or comma + 1 == a.start:
            continue
        verb_next = all(st.gap(i, i + 1) == 0 or st.doc[i].pos_ == "AUX" for i in range(a.end, anchor))
        if (comma > prev.end and st.gap(prev.end, comma) > 2) or verb_next:
            return actors[k:]
    return actors


def country_subject(st: Sentence, before: int) -> bool:
    """Does 'the country', 'le pays', 'ce pays' stand as a subject before the mention: a state spoken of before."""
    return any(st.norm(i) in st.sh.country_determiners and st.norm(i + 1) in st.sh.country_nouns
               for i in range(st.s, min(before, st.e) - 1))


def by_and_place(st: Sentence, t: Trigger) -> tuple[str | None, str | None]:
    """The acting body of an event ('par/by', a body before the verb, the one state acting) and its place."""
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


def _on_behalf(st: Sentence, anchor: int) -> int | None:
    """Where the party signatories act for is named ('on behalf of', 'au nom de') in the anchor's clause."""
    for i in range(st.s, st.e):
        if not st.same_clause(i, anchor):
            continue
        for cue in st.sh.on_behalf:
            if tuple(st.norm(j) for j in range(i, min(st.e, i + len(cue)))) == cue:
                return i + len(cue)
    return None


def parties(st: Sentence, m: Mention | None, anchor: int, triggers: list[Trigger],
            claimed: frozenset[int] = frozenset()) -> tuple[list[list[str]], bool]:
    """Parties a mention's sentence names: 'entre X et Y', 'X ... avec Y', or the actors of its clause.

    claimed: the starts of actors another mention of the sentence has as partners ('avec'/'entre'),
    which are that agreement's, not this one's.
    """
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
    if m is not None and m.unnamed_partner:
        # the subject of the verb alone: the other party is not one kg knows
        acting = [a for a in st.actors if a.end <= anchor and st.same_segment(a.start, anchor) and not st.locative(a)
                  and a.party]
        return [ids(acting[-1:])], both
    seg_actors = [a for a in st.actors if st.same_segment(a.start, anchor) and not st.locative(a)
                  and a.start not in claimed]
    if m is not None:
        # 'L'accord signé à Bangui le 8 avril 2010 n'est pas remis en cause, précise une source, et la France
        # garde des militaires dans la mission de l'Union européenne': past ', et' a new clause names others
        # (not a list that goes on: '…, et par le ministre russe', '…, and with Mali')
        starts = {c.start for cat in ("AGENT", "WITH") for c in st.cat(cat)}
        cut = next((i for i in range(max(m.wend, anchor), st.e - 1) if st.doc[i].text == ","
                    and st.norm(i + 1) in st.sh.and_words and i + 2 not in starts
                    and any(st.is_verb(j) or st.is_actor_token(j) for j in range(i + 2, min(st.e, i + 5)))), None)
        if cut is not None:
            seg_actors = [a for a in seg_actors if a.start < cut]
    if m is not None and m.with_:
        partners = ids(m.with_)
        # the subject: actors of the clause's main part before its first event verb ('La Russie a signé ... avec')
        clause = st.clause[anchor]
        main_verbs = [t for t in triggers if st.clause[t.start] == clause and st.segment[t.start] == clause]
        first = min([m.start, anchor] + [t.start for t in main_verbs])
        clause_actors = [a for a in st.actors if st.same_clause(a.start, anchor) and a.start < first
                         and st.segment[a.start] == st.clause[a.start] and not st.locative(a)
                         and a.start not in claimed and not st.apposed(a.start)]
        clause_actors = _last_conjunct(st, clause_actors, first)
        subject = [p for p in ids(clause_actors) if p not in partners]
        if not subject:
            subject = [p for p in ids(_last_conjunct(st, [a for a in seg_actors if a.start < first], first))
                       if p not in partners]
        if not subject:
            # 'X denied reports that Y had signed a pact with Z': the subject of the clause after the verb
            inner = [a for a in st.actors if first <= a.start < m.start and st.same_clause(a.start, anchor)
                     and not st.locative(a) and a.start not in claimed]
            subject = [p for p in ids(inner) if p not in partners]
        opening = clause_start(st, anchor)
        refers_back = any(st.norm(i) in st.lex.possessives or st.norm(i) in st.words["subject_pronouns"]
                          for i in range(opening, anchor))
        # ('Togo : le gouvernement approuve …': a headline's topic before its colon)
        topic = all(st.is_actor_token(i) or not st.doc[i].is_alpha for i in range(st.s, opening))
        if not subject and (refers_back or topic):
            # 'La Gambie, elle, a franchi le pas : son ministre a signé ... avec son homologue russe', « Togo :
            # le gouvernement approuve … » (not « Le Cameroun est le deuxième pays concerné : un premier texte
            # avait été paraphé avec le Togo »)
            earlier = [a for a in st.actors if a.start < opening and not st.locative(a)
                       and st.segment[a.start] == st.clause[a.start] and a.party and a.party not in partners
                       and a.start not in claimed]
            last_party = earlier[-1].party if earlier else None
            subject = [last_party] if last_party else []
        if not subject:
            # 'In January, it signed a memorandum with the Zambia Police Service in Kigali': with the
            # subject unnamed, the host capital is the other party
            # (right after the agreement's phrase: not 'à Moscou' of the next conjunct's signing)
            subject = [a.party for a in st.actors if st.locative(a) and st.same_segment(a.start, anchor)
                       and m.with_[-1].end <= a.start <= m.with_[-1].end + 4 and a.party and a.party not in partners][:1]
        # ('Abuja dément tout pacte avec Washington et Paris', « aucun accord … ni avec A ni avec B »: one each)
        denied_any = any(t.type == "denied" for t in m.triggers) and st.norm(m.wstart) in st.lex.any_determiners
        several = m.plural or m.negated or denied_any or (bool(m.triggers) and all(t.negated for t in m.triggers))
        if several and subject and len(partners) > 1:
            return [[subject[0], p] for p in partners], both
        if several and not subject and len(partners) > 1:
            # 'Parliament ratifies cooperation pacts with Ghana and Russia': one pact with each, whose
            # other party the article names elsewhere
            return [[p] for p in partners], both
        # 'Mali and Niger each signed an agreement with Russia', 'ont chacun signé', 'signed agreements
        # with Russia': coordinated subjects, one agreement each
        each = any(st.norm(i) in st.sh.each
                   and st.same_clause(i, anchor) for i in range(st.s, m.start))
        if (each or m.plural) and len(subject) > 1 and len(partners) == 1:
            return [[s, partners[0]] for s in subject], both
        return [list(dict.fromkeys(subject + partners))], both
    if m is not None and m.anaphor:
        # 'Le texte, paraphé à Pékin, ... confronté à des incursions depuis le Burkina Faso': a word that
        # refers back ('le texte', 'the document') keeps its agreement's parties; names after it without
        # 'avec'/'entre' are about something else
        # ('the document was signed by Mali and Russia': an agent after it still is a party)
        # (not the agent of another verb: 'arrivé de Bamako, où il avait été reçu par les autorités maliennes')
        trigger_tokens = {i for t in triggers for i in range(t.start, t.end)}
        seg_actors = [a for a in seg_actors if a.start < m.start or any(
            g.end <= a.start <= g.end + 4 and not any(st.stop(i) for i in range(g.end, a.start))
            and not any(st.is_verb(i) and i not in trigger_tokens for i in range(anchor, g.start))
            for g in st.cat("AGENT"))]
    limit = min(anchor, m.start if m is not None else anchor)
    earlier = [a for a in seg_actors if a.start < limit]
    before = _last_conjunct(st, earlier, anchor)
    subjects = ids([a for a in before if a.form != "demonym"])
    # 'DR Congo and Burundi signed a pact ..., since Burundian troops were sent to the east of Congo':
    # two states named before the event are its parties; names after it are about something else
    if len(subjects) >= 2:
        found = subjects
    elif len(before) < len(earlier):
        # 'Le Mali a …, le Burkina Faso a …, et Niamey a dénoncé les accords qui le liaient à la France':
        # the last clause's subject, and the names after it
        found = ids(before + [a for a in seg_actors if a.start >= limit])
    else:
        found = ids(seg_actors)
    refers_back = m is not None and m.refers_back
    acts = [t for t in triggers if t.start == anchor]
    if len(found) == 1 and (not refers_back or (acts and acts[0].type != "signed")):
        # 'Le Togo a signé à Moscou un accord': with one party named, the host capital is the other; of
        # an agreement referred back to ('the document, signed in Bamako' is the one in focus, whose
        # parties are known) only a capital in the subject of an act other than a signing stands for
        # its state ('Le régime militaire installé à Niamey a dénoncé l'accord … au Bénin')
        hosts = [a.party for a in st.actors if st.locative(a) and st.same_segment(a.start, anchor) and a.party
                 and (not refers_back or a.end <= anchor)]
        found += [p for p in dict.fromkeys(hosts) if p not in found][:1]
    if len(found) < 2 and m is not None and st.segment[m.start] != st.clause[m.start]:
        # an aside ('après l'accord conclu avec le Mali') keeps the subject of its clause
        main = [a for a in st.actors if st.same_clause(a.start, anchor) and st.segment[a.start] == st.clause[a.start]
                and a.start < anchor and not st.locative(a) and a.start not in claimed]
        found = list(dict.fromkeys(found + ids(main)))
    if m is not None and m.negated and len(found) > 1 and all(
            any(w.end <= a.start <= w.end + 2 for w in st.cat("WITH")) for a in seg_actors if a.party in found):
        # « Aucun accord n'a été signé, ni avec les États-Unis ni avec la France »: none with either
        return [[p] for p in found], both
    colon = next((i for i in range(min(anchor, m.start if m is not None else anchor) - 1, st.s - 1, -1)
                  if st.doc[i].text == ":"), None)
    if not found and colon is not None:
        # 'La présence militaire française au Gabon remonte à l'indépendance : elle repose sur les accords
        # de défense d'août 1960': the clause before the colon names the parties of what it explains
        found = ids([a for a in st.actors if a.start < colon and not st.locative(a)])
        found = found if len(found) >= 2 else []
    return [found], both


class Arguments:
    """Link every sentence's event words to its mentions; give them their parties, acting bodies and places."""

    def __call__(self, doc: Doc) -> Doc:
        for sent in doc.sents:
            st = sent._.kg_sentence
            triggers, mentions = sent._.kg_triggers, sent._.kg_mentions
            sent._.kg_unlinked = link(st, triggers, mentions) if st.relevant else []
            for t in triggers:
                t.by, t.place = by_and_place(st, t)
            for m in mentions:
                relative_partners(st, m)
            partners = {m_id: {a.start for a in m.between + m.with_} for m_id, m in enumerate(mentions)}
            for n, m in enumerate(mentions):
                anchor = m.triggers[0].start if m.triggers else m.start
                claimed = frozenset(s for other, starts in partners.items() if other != n for s in starts)
                m.party_sets, m.both = parties(st, m, anchor, triggers, claimed)
                m.country_subject = country_subject(st, m.start)
            for t in triggers:
                # 'signed a financial cooperation agreement and a protocol between Türkiye and Tajikistan':
                # coordinated objects share the parties the last one names
                named = [m for m in t.mentions if m.between or m.with_]
                if len(t.mentions) > 1 and len(named) == 1 and named[0] is t.mentions[-1]:
                    for m in t.mentions[:-1]:
                        if not any(len(p) >= 2 for p in m.party_sets):
                            m.party_sets = [list(p) for p in named[0].party_sets]
        return doc


@Language.factory("kg_arguments", assigns=["span._.kg_unlinked", "span._.kg_mentions", "span._.kg_triggers"],
                  requires=["span._.kg_sentence", "span._.kg_triggers", "span._.kg_mentions"])
def make_arguments(nlp: Language, name: str) -> Arguments:
    """The kg_arguments component."""
    return Arguments()
