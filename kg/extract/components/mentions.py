"""kg_mentions: each sentence's agreement mentions (Span._.kg_mentions).

A mention is a head noun (HEAD, or an ANAPH noun that refers back) with the phrase around it:
its kind, whether it is definite, plural, similar, separate, negated, civil or about defence, the
year it is named by, the actors after 'entre/between' and 'avec/with', and replacements
('X remplace Y', 'celui conclu en 2001').
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..vocabulary import PART
from .actors import ActorMention
from .clauses import Sentence, longest
from .phrases import LexMatch
from .state import Mention, Trigger

__all__ = ["MentionFinder", "find_mentions", "list_ends"]


def suspended_cooperations(st: Sentence, triggers: list[Trigger]) -> list[LexMatch]:
    """« Paris a suspendu sa coopération militaire avec le Mali », 'Niger ended its security cooperation with the EU':
    a defence cooperation a suspending or ending verb governs stands for its agreement (as a head with no kind)."""
    heads = st.cat("HEAD")
    enders = [t for t in triggers if t.verb and t.type in ("suspended", "ended")]
    return [LexMatch("HEAD", k.start, k.end, None) for k in st.cat("KIND")
            if k.value not in st.sh.form_kinds and not any(h.start <= k.end + 1 and k.start <= h.end for h in heads)
            and any(t.end <= k.start and st.gap(t.end, k.start) <= 3 and st.same_clause(t.start, k.start)
                    for t in enders)]


def find_mentions(st: Sentence, triggers: list[Trigger]) -> list[Mention]:
    """The sentence's agreement mentions: head noun, phrase, kind, determiners, cues, year and named parties."""
    lex = st.lex
    kinds = st.cat("KIND")
    heads = longest(st.cat("HEAD") + st.cat("ANAPH") + suspended_cooperations(st, triggers))
    trigger_tokens = {i for t in triggers for i in range(t.start, t.end)}
    # 'protocole d'accord', 'accord-cadre': two head nouns joined by 'de' are one mention.
    merged: list[LexMatch] = []
    for h in heads:
        if merged and h.start - merged[-1].end <= 2 and all(
                st.norm(i) in st.sh.head_joiners for i in range(merged[-1].end, h.start)):
            prev = merged[-1]
            # ('drafts of agreements': the kind is a head noun's; a word that refers back has none)
            kind = next((x.value for x in (prev, h) if x.cat == "HEAD" and x.value), None)
            merged[-1] = LexMatch("HEAD", prev.start, h.end, kind)
        else:
            merged.append(h)
    mentions: list[Mention] = []
    nested: set[int] = set()    # heads that only name an earlier head's subject matter
    for h in merged:
        if h.start in nested:
            continue
        anaphor = h.cat == "ANAPH"
        # The phrase around the head noun: adjectives before it, complements after it.
        cue_tokens = {m.start for cat in ("REPL", "REPLBY", "PROV", "ASIDE", "WITH", "BETWEEN", "BOUND")
                      for m in st.cat(cat)}
        ws = h.start
        while ws - 1 >= st.s and ws - h.start > -6:
            j = ws - 1
            if st.stop(j) or j in trigger_tokens or st.is_actor_token(j) or j in cue_tokens:
                break
            if lex.lang == "fr" and st.doc[j].pos_ in ("VERB", "AUX"):
                break
            if lex.lang == "en" and st.norm(j) in lex.clause_words:
                break
            ws = j
        we, names = h.end, 0      # a state's long name ('la République française') counts as one word
        while we < st.e and we - h.end - names < 20:
            tok = st.doc[we]
            if st.stop(we) or (st.cat("BOUND") and any(b.start == we and we not in st.inline_quotes for b in st.cat("BOUND"))):
                break
            if any(o.start == we for o in merged if o.start >= h.end):
                if any(st.norm(i) in st.sh.subject_links for i in range(max(h.end, we - 3), we)):
                    nested.add(we)      # 'un accord instituant un partenariat de défense': one agreement
                else:
                    break
            names += sum(a.end - a.start - 1 for a in st.actors if a.start == we)
            trig = next((t for t in triggers if t.start == we), None)
            if trig is not None and trig.tag != PART:
                break
            if any(m.start == we for m in st.cat("PROV") + st.cat("REPL") + st.cat("REPLBY")):
                break
            if trig is None and not st.is_actor_token(we) and we not in st.date_tokens:
                if lex.lang == "en" and tok.norm_ in lex.clause_words and not _joins_subjects(st, we):
                    break
                if lex.lang == "fr" and tok.pos_ in ("VERB", "AUX") and "Part" not in tok.morph.get("VerbForm", []):
                    break
            we += 1
        m = Mention(h.start, h.end, ws, we, anaphor=anaphor)
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
        m.plural = st.norm(h.start).endswith(st.sh.plural_suffix) or st.norm(h.start) in st.sh.plural_words
        window = (ws - 2, we)           # the cues that qualify this mention start in its phrase
        m.similar = bool(st.cat_from("SIMILAR", *window))
        if anaphor and not m.definite and not m.similar:
            continue            # 'un texte', 'a document': not a reference to an agreement
        m.separate = any(x.start < h.start or x.start <= h.end + 1 for x in st.cat_from("SEPARATE", *window))
        m.negated = any(x.end <= h.start and h.start - x.end <= 4 and st.same_clause(x.start, h.start)
                        for x in st.cat("NEG"))
        negs = st.cat("NEG")
        defence_cues = [x for x in st.cat_from("DEFENCE", *window)
                        if not any(n.end <= x.start and x.start - n.end <= 2 for n in negs)]
        # A memorandum is a form, not a subject: 'un protocole d'accord sur l'énergie nucléaire civile'
        form_only = m.kind in (None, *st.sh.form_kinds)
        defence_kind = any(k.value not in st.sh.form_kinds for k in st.cat_from("KIND", *window))
        m.civil = bool(st.cat_from("CIVIL", *window)) and form_only and not defence_kind and not defence_cues
        if form_only and not defence_kind and not defence_cues and not m.civil:
            m.civil = _civil_content(st, we)
        m.defence = bool(defence_cues) or not form_only
        # The year an agreement is named by: 'l'accord de 2001', 'the 2018 agreement', 'a 2015 accord'.
        determiners = st.words["definite"] | st.words["indefinite"]
        for d in st.cat("DATE"):
            norms = [st.norm(i) for i in range(d.start, d.end)]
            prev_word = st.norm(d.start - 1) if d.start - 1 >= st.s else ""
            # (the date may hold its preposition: 'de mars 2013')
            year_after = h.end <= d.start < we and (prev_word in st.sh.year_of or norms[0] in st.sh.year_of) \
                and not any(h.end <= t.start < d.start for t in triggers) \
                and not any(st.norm(i) in lex.event_nouns for i in range(h.end, d.start)) \
                and not any(h.end <= a.start < d.start for a in st.cat("ASIDE"))   # ('… après la répression de lundi')
            # ('au protocole lors du Conseil des ministres du 10 février': the council's date, not the name)
            year_before = ws <= d.start and d.end <= h.start and prev_word in determiners
            if not (year_after or year_before):
                continue
            if len(norms) == 1 and norms[0].isdigit() and len(norms[0]) == 4:
                m.year = int(norms[0])      # 'l'accord de 2001', 'the 2015 accord': often a reference back
                m.year_after = year_after
            elif year_after:
                # 'le traité du 21 décembre 2011', "les accords de défense d'août 1960": named by the day
                # or month it was signed ('a dénoncé le 28 novembre l'accord' is the verb's date)
                m.named_span = (d.start, d.end)
        for b in st.cat_from("BETWEEN", *window):
            m.between = [a for a in st.actors if b.end <= a.start < we + 6 and st.same_clause(a.start, b.start)
                         and not st.locative(a)]
        for w in st.cat_from("WITH", *window):
            named = [a for a in st.actors if w.end <= a.start and st.same_segment(a.start, w.start)
                     and not st.locative(a) and (a.start < we + 8) and not list_ends(st, w.end, a.start)]
            # 'with Burundi during a visit by its army chief to Bujumbura, and Egyptian and Sudanese forces':
            # a name after a phrase of other words is no longer in the list of partners
            for k in range(1, len(named)):
                if _words_between(st, named[k - 1].end, named[k].start) > 3:
                    named = named[:k]
                    break
            m.with_ += named
            # the list goes on past the window while names follow one another ('avec le Sénégal, la
            # Haute-Volta (actuel Burkina Faso) et le Togo')
            for a in st.actors:
                if m.with_ and a.start >= we + 8 and a.start > m.with_[-1].start and not st.locative(a) \
                        and _continues(st, m.with_[-1].end, a.start):
                    m.with_.append(a)
            m.with_ += [a for a in partner_phrase(st, w.start) if a not in m.with_]
            m.with_.sort(key=lambda a: a.start)
        if m.plural and not m.with_ and we + 1 < st.e and st.doc[we].text == "," and st.norm(we + 1) in st.sh.distributives:
            # 'two defence agreements, one with the Republic of Niger and the other with the United Kingdom'
            for w in st.cat("WITH"):
                if w.start > we and st.same_clause(w.start, we + 1):
                    m.with_ += [a for a in st.actors if w.end <= a.start <= w.end + 4 and not st.locative(a)][:1]
        mentions.append(m)
    # 'celui conclu en 2001', 'the one signed in 1999': an earlier agreement named after 'replaces'.
    for cue in st.cat("REPL"):
        if any(m.start >= cue.end and m.start - cue.end <= 3 for m in mentions):
            continue
        pron = next((p for p in st.cat("PRONHEAD") if p.start >= cue.end and p.start - cue.end <= 2), None)
        if pron is not None:
            mention = Mention(pron.start, pron.end, pron.start, pron.end, definite=True, pronoun=True)
            # 'celui de 2015', 'the one of 1999'
            if pron.end + 1 < st.e and st.norm(pron.end) in st.sh.pronoun_year_of and st.norm(pron.end + 1).isdigit() \
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


def partner_phrase(st: Sentence, marker: int) -> list[ActorMention]:
    """Over the tree, the actors of the noun phrase a partner word introduces, and a demonym just after it.

    « avec le Gouvernement d'union nationale (GNA) libyen »: the parser may hang the demonym on the
    agreement noun, but written right after the phrase it qualifies the partner.
    """
    noun = next((n for n, mk in st.tree.get("partner_phrase", []) if mk == marker), None)
    if noun is None:
        return []
    token = st.doc[noun]
    left, right = token.left_edge.i, token.right_edge.i
    # (not past an apposition: « avec la Somalie, voisine et rivale d'Addis-Abeba »)
    out = [a for a in st.actors if left <= a.start <= right and a.start > marker and not st.locative(a)
           and not list_ends(st, marker + 1, a.start)]
    follow = next((a for a in st.actors if a.start == right + 1 and a.form == "demonym"), None)
    if follow is not None and not out:
        out.append(follow)
    return out


def list_ends(st: Sentence, start: int, end: int) -> bool:
    """Does the list of partners begun at start end before end: at a stop, or a comma not followed by a name?

    'with Equatorial Guinea to build a base, calling a report in a Russian outlet false': the Russian
    outlet is no partner; 'avec le Mali, le Burkina Faso et le Niger' stays one list.
    """
    i = start
    while i < end:
        text = st.doc[i].text
        if text == "(" and i > start and st.is_actor_token(i - 1):
            # 'le Dahomey (actuel Bénin) et le Niger': a gloss in brackets after a name stays in the list
            close = next((j for j in range(i + 1, end) if st.doc[j].text == ")"), None)
            if close is not None:
                i = close + 1
                continue
        if st.stop(i) and text != ",":
            return True
        if text == "," and not st.is_actor_token(i - 1) and st.doc[i - 1].text != ")":
            return True             # 'with a pact on intelligence, and Burundi concluded': no list begun
        if text == ",":
            j = i + 1
            while j < end and st.norm(j) in st.sh.partner_list_skip:
                j += 1
            if not st.is_actor_token(j):
                return True
        i += 1
    return False


def _civil_content(st: Sentence, end: int) -> bool:
    """'a memorandum ... on Wednesday in Nouakchott covering infrastructure, water and energy': what a
    provision verb right after the phrase lists is civil, and nothing of it is about defence."""
    verb = next((p for p in st.cat("PROV") if end <= p.start <= end + 6 and st.same_clause(p.start, end)), None)
    if verb is None:
        return False
    stop = next((i for i in range(verb.end, st.e) if st.doc[i].text in (";", ".")), st.e)
    return st.civil_only(verb.end, stop)


def _joins_subjects(st: Sentence, i: int) -> bool:
    """Is token i an 'and' between two subject words of one agreement ('on geology and mining'), not between clauses?"""
    nxt = i + 1
    return (st.norm(i) in st.sh.and_words and nxt < st.e and st.doc[nxt].is_lower and st.doc[nxt].is_alpha
            and st.norm(nxt) not in st.lex.clause_words and not st.is_actor_token(nxt)
            and st.norm(nxt) not in st.words["definite"] | st.words["indefinite"])   # ('and a protocol': another)


def _words_between(st: Sentence, end: int, start: int) -> int:
    """How many words other than list words, commas and names lie between two names."""
    return sum(1 for i in range(end, start) if st.doc[i].text != "," and st.norm(i) not in st.sh.partner_list_skip
               and not st.is_actor_token(i))


def _continues(st: Sentence, end: int, start: int) -> bool:
    """Do only list words, commas and bracketed glosses lie between one partner's name and the next?"""
    i = end
    while i < start:
        if st.doc[i].text == "(":
            close = next((j for j in range(i + 1, start) if st.doc[j].text == ")"), None)
            if close is None:
                return False
            i = close + 1
            continue
        if st.doc[i].text != "," and st.norm(i) not in st.sh.partner_list_skip:
            return False
        i += 1
    return True


class MentionFinder:
    """Find the agreement mentions of every sentence kg_clauses found relevant."""

    def __call__(self, doc: Doc) -> Doc:
        for sent in doc.sents:
            st = sent._.kg_sentence
            sent._.kg_mentions = find_mentions(st, sent._.kg_triggers) if st.relevant else []
        return doc


@Language.factory("kg_mentions", assigns=["span._.kg_mentions"], requires=["span._.kg_sentence", "span._.kg_triggers"])
def make_mentions(nlp: Language, name: str) -> MentionFinder:
    """The kg_mentions component."""
    return MentionFinder()
