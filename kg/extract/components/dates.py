"""kg_dates: each sentence's dates, resolved (Span._.kg_dates), and the dates each event word takes (Trigger.dates).

The DATE matches of kg_phrases are read into partial dates (kg/extract/dates.py: a missing year
from the publication date, weekdays counted back); relative and anchored phrases ('last year',
'la veille') too. The year an agreement is named by ('l'accord de 2001') is marked, not an event
date. An event takes the dates after it up to the next event word, or a date opening its clause.

Over the French tree, the window's choice is checked and completed (tree_dates): a date hangs from
the first event word or verb above it; a date that hangs from a verb whose clause does not hold the
event ('S'il est ratifié, il pourrait ... cible d'attaques répétées depuis 2021') is not the event's,
and a date that hangs from an event word the window gave nothing is that event's.
"""

from __future__ import annotations

import dataclasses

from spacy.language import Language
from spacy.tokens import Doc

from ...facts import PartialDate
from ..dates import DateValue, relative_date, resolve_date
from ..vocabulary import FIN, INF, PART, fold
from .clauses import Sentence, clause_start
from .state import DateMention, Mention, Trigger
from .tree import has_tree, head_path, in_subtree, span_root

__all__ = ["Dates", "event_dates", "sentence_dates"]


def sentence_dates(st: Sentence, mentions: list[Mention]) -> list[DateMention]:
    """Resolve the sentence's dates; a year an agreement is named by is marked, not an event date."""
    out: list[DateMention] = []
    for d in st.cat("DATE"):
        norms = [st.norm(i) for i in range(d.start, d.end)]
        if len(norms) == 1 and len(norms[0]) == 4 and norms[0].isdigit():
            prev = st.norm(d.start - 1) if d.start - 1 >= st.s else ""
            nxt = st.norm(d.end) if d.end < st.e else ""
            heads = {fold(h) for h in st.lex.heads}
            if prev not in st.words["year_preps"] and nxt not in heads and nxt not in st.sh.year_followers:
                continue            # '2000 soldats' is a number, 'en 2000' a year
            if st.lex.lang == "en" and prev in st.lex.year_naming_determiners and nxt.isalpha() and nxt not in heads \
                    and d.end < st.e and st.doc[d.end].pos_ != "ADP" and nxt not in st.lex.year_list_words:
                continue            # 'since the 2023 coup': a year naming another event, not this one's date
        value = resolve_date([n for n in norms if n not in st.sh.article_words],
                             st.lex, st.published, strict=any(n in st.sh.strict_words for n in norms))
        is_attr = any(m.year is not None and m.wstart - 1 <= d.start < m.wend + 2 and int(norms[-1]) == m.year
                      for m in mentions if norms[-1].isdigit())
        prev_word = st.norm(d.start - 1) if d.start - 1 >= st.s else ""
        # 'sets priorities ... through 2030': the end of a term, no event's date
        # ('jusqu'au 6 septembre': the tokenizer may split the limit word in two)
        prev_two = st.norm(d.start - 2) + prev_word if d.start - 2 >= st.s else ""
        term_end = prev_word in st.sh.term_limits or norms[0] in st.sh.term_limits or prev_two in st.sh.term_limits
        # 'Security Council Resolution 435 of 1978', « la résolution 2085 de 2012 »: a numbered document's year
        numbered = value.year_only and prev_word in st.sh.year_of and d.start - 2 >= st.s \
            and st.doc[d.start - 2].text.isdigit()
        named = [m for m in mentions if m.named_span == (d.start, d.end)]
        for m in named:
            m.named_date = value.date
        out.append(DateMention(d.start, d.end, value,
                               attribute=(is_attr and value.year_only) or bool(named) or term_end or numbered))
    for r in st.cat("RELDATE"):
        if st.quoted(r.start, r.end):
            continue                # « Ce que nous signons aujourd'hui … »: the speaker's day, not the article's
        unit, offset = r.value
        out.append(DateMention(r.start, r.end, relative_date(unit, offset, st.published)))
    for r in st.cat("ANCHOR"):
        out.append(DateMention(r.start, r.end, DateValue(None, "a date counted from another event"), shift=r.value))
    def explicit_year(d: DateMention) -> bool:
        return any(st.norm(i).isdigit() and len(st.norm(i)) == 4 for i in range(d.start, d.end))

    for r in st.cat("PERIOD"):
        # « le 27 juin de la même année », 'on 28 February that year': a day with no year of its own takes
        # the year the sentence named before it
        day = next((d for d in out if r.value == "year" and d.value.date is not None and d.value.date.day is not None
                    and not explicit_year(d) and (d.end == r.start or (d.end + 1 == r.start
                                                                      and st.norm(d.end) in st.sh.year_of))), None)
        year = next((e.value.date.year for e in reversed(out) if day is not None and e.end <= day.start
                     and e.value.date is not None and explicit_year(e)), None)
        if day is not None and day.value.date is not None and year is not None:
            out.remove(day)
            fixed = PartialDate(year, day.value.date.month, day.value.date.day)
            out.append(DateMention(day.start, r.end, DateValue(fixed, None)))
            continue
        # 'In July that year': a month with no year of its own is that month of the year named last
        month = next((d for d in out if d.end == r.start and r.value == "year" and d.value.date is not None
                      and d.value.date.month is not None and d.value.date.day is None
                      and not explicit_year(d)), None)
        if month is not None and month.value.date is not None:
            out.remove(month)
            out.append(DateMention(month.start, r.end, DateValue(None, "a period named before"), period="year",
                                   period_month=month.value.date.month))
            continue
        out.append(DateMention(r.start, r.end, DateValue(None, "a period named before"), period=r.value))
    for r in st.cat("ANCHORM"):
        out.append(DateMention(r.start, r.end, DateValue(None, "a date counted from another event"), month_shift=r.value))
    return sorted(out, key=lambda d: d.start)


def event_dates(st: Sentence, t: Trigger, triggers: list[Trigger], dates: list[DateMention]) -> list[DateMention]:
    """Dates for an event verb: its own, else, for a just-done act, the day it was reported."""
    return (own_dates(st, t, triggers, dates) or _cleft_date(st, t, triggers, dates) or _when_date(st, t, dates)
            or _reported_day(st, t, dates))


def _when_date(st: Sentence, t: Trigger, dates: list[DateMention]) -> list[DateMention]:
    """'… dates from March 2008, when Iran's minister flew to Khartoum and signed …': a date before 'when' dates its clause."""
    d = next((d for d in reversed(dates) if not d.attribute and d.end < t.start), None)
    if d is None:
        return []
    link = d.end + 1 if d.end < st.e and st.doc[d.end].text == "," else d.end
    if link < t.start and st.norm(link) in st.lex.when_links and not any(link < o.start < t.start for o in dates):
        return [d]
    return []


def _cleft_date(st: Sentence, t: Trigger, triggers: list[Trigger], dates: list[DateMention]) -> list[DateMention]:
    """« C'est en novembre dernier que les deux gouvernements ont conclu … », 'It was in March 2018, …, that they signed'.

    The cleft may open the sentence or follow its colon (« Libreville et Bangui en ont profité : c'est le
    samedi 1er juillet, dans les coulisses du sommet, que … »).
    """
    starts = [st.s] + [i + 1 for i in range(st.s, t.start) if st.doc[i].text in (":", ";")]
    found = next(((s, n) for s in starts for n in (2, 1)
                  if "".join(st.norm(i) + st.doc[i].whitespace_ for i in range(s, min(st.e, s + n))).strip()
                  in st.lex.cleft_openers), None)
    if found is None:
        return []
    start, opener = found
    first = start + opener
    # « C'est à Riyad, mardi, que … », « C'est au terme de cette séance, le lundi 8 août, au siège du
    # ministère, que … »: the date may come anywhere between the opening words and 'que'
    link = next((i for i in range(first, t.start) if st.norm(i) in st.lex.cleft_links), None)
    if link is None or any(link < o.start < t.start for o in triggers):
        return []
    d = next((d for d in dates if not d.attribute and first <= d.start and d.end <= link), None)
    return [d] if d is not None else []


def _reported_day(st: Sentence, t: Trigger, dates: list[DateMention]) -> list[DateMention]:
    """'The junta has revoked the accord, a spokesperson said on Saturday': a present perfect is told the day it is done."""
    if t.tag != FIN or t.start == st.s or st.norm(t.start - 1) not in st.lex.perfect_auxiliaries:
        return []
    for r in st.cat("REPORT"):
        if r.start >= t.end:
            near = [d for d in dates if not d.attribute and 0 <= d.start - r.end <= 2]
            if near:
                return [dataclasses.replace(near[0], reported=True)]
    return []


def own_dates(st: Sentence, t: Trigger, triggers: list[Trigger], dates: list[DateMention]) -> list[DateMention]:
    """Dates for an event verb: after it up to the next verb, else just before it or opening its clause."""
    same = sorted((o for o in triggers if st.same_segment(o.start, t.start)), key=lambda o: o.start)
    nxt = next((o.start for o in same if o.start > t.start), st.e)
    # '..., a indiqué mercredi la présidence', '..., the ministry said on Friday': the report's date
    nxt = min([nxt] + [r.start for r in st.cat("REPORT") if t.end <= r.start < nxt])
    # '..., le colonel X, arrivé la veille de Bamako': a verb opening a phrase after a comma has its own dates
    if t.tag == PART and t.start - st.s <= 3 and not any(st.is_actor_token(i) for i in range(st.s, t.start)):
        # « Bien que signé avant l'offensive, l'accord est rendu public au moment où … en mars »: a
        # participle opening the sentence has the dates of its phrase, up to the first comma
        nxt = next((i for i in range(t.end, nxt) if st.doc[i].text == "," and i not in st.date_tokens), nxt)
    # (not an auxiliary: 'La signature de l'accord, qui renforce la brigade, a eu lieu le 14 mars')
    nxt = next((i for i in range(t.end + 1, nxt) if st.doc[i - 1].text == "," and (st.is_verb(i) or st.participle(i))
                and st.doc[i].pos_ != "AUX" and not any(o.start <= i < o.end for o in triggers)), nxt)
    prv = max((o.end for o in same if o.end <= t.start), default=st.s)
    usable = [d for d in dates if not d.attribute and st.same_segment(d.start, t.start)]
    inside = [d for d in usable if t.start <= d.start and d.start < nxt]
    if inside:
        # 'on 27 March in Lomé and on 3 April in Moscow' are two dates of one verb; in
        # 'on 12 April, the ministry said on Friday' the second date is the saying's.
        chosen = [inside[0]]
        for d in inside[1:]:
            between = {st.norm(i) for i in range(chosen[-1].end, d.start)}
            if not between & st.sh.date_coordination \
                    or d.start - chosen[-1].end > 5:
                break
            chosen.append(d)
        return chosen
    before = [d for d in usable if prv <= d.start and d.end <= t.start]
    if prv > st.s and any(o.end == prv for o in same):
        # 'a ratifié mardi l'accord, approuvé la veille': a date right after the previous verb is its own
        # ('L'accord, signé en 2023, avait été ratifié': 'en 2023' is the signing's, the preposition included)
        before = [d for d in before if sum(1 for i in range(prv, d.start)
                                           if st.norm(i) not in st.sh.date_prepositions) and
                  st.gap(prv, d.start) > 0]
    if not before:
        return _sentence_opening(st, t, triggers, dates)
    d = before[-1]
    opening = all(_opening_word(st, i) for i in range(max(prv, clause_start(st, t.start)), d.start))
    # 'Sudan on Thursday flatly denied': only adverbs between the date and its verb
    close = all(st.gap(i, i + 1) == 0 or _adverb(st, i) for i in range(d.end, t.start))
    return [d] if opening or close else _participle_opening(st, t, dates)


def _sentence_opening(st: Sentence, t: Trigger, triggers: list[Trigger], dates: list[DateMention]) -> list[DateMention]:
    """« Le même jour, les autorités ont notifié … : Niamey a dénoncé les accords »: a date opening the
    sentence dates its first event, even past a colon."""
    if any(o.start < t.start for o in triggers):
        return []
    d = next((d for d in dates if not d.attribute and all(_opening_word(st, i) for i in range(st.s, d.start))), None)
    if d is None:
        return _participle_opening(st, t, dates)
    if d.end >= st.e or st.doc[d.end].text != "," or d.end > t.start:
        return []
    return [d]


def _opening_word(st: Sentence, i: int) -> bool:
    """May this word stand between a clause's start and its date ('On', 'Earlier,', 'Two years later,')?"""
    return (st.skippable(i) or st.doc[i].is_punct or st.norm(i) in st.sh.clause_date_openers or _adverb(st, i)
            or st.norm(i) in st.sh.durations or st.doc[i].like_num)


def _participle_opening(st: Sentence, t: Trigger, dates: list[DateMention]) -> list[DateMention]:
    """'Meeting in Cairo on Monday, the two ministers signed …': the phrase of a participle opening the sentence
    gives the main act's time, unless someone tells it ('Speaking on Friday, he said …')."""
    first = st.doc[st.s].text
    if not (st.lex.progressive_suffixes and first[:1].isupper() and first.lower().endswith(st.lex.progressive_suffixes)):
        return []
    comma = next((i for i in range(st.s, t.start) if st.doc[i].text == ","), None)
    if comma is None or any(o.start < t.start and o.start > comma for o in st.cat("TRIG") if o.start != t.start):
        return []
    inside = [d for d in dates if not d.attribute and d.end <= comma]
    if inside and not any(comma < r.start < t.start for r in st.cat("REPORT")):
        return [inside[-1]]
    return []


def _adverb(st: Sentence, i: int) -> bool:
    """'Earlier, on 6 July 2024, ...', 'Auparavant, le 3 mai, ...': an adverb may open a clause before its date."""
    token = st.doc[i]
    if st.lex.lang == "fr":
        return token.pos_ == "ADV" and token.norm_ not in st.lex.not_adverbs
    return token.norm_.endswith(st.lex.adverb_suffixes) or token.norm_ in st.lex.adverbs


def _governor(st: Sentence, d: DateMention, triggers: list[Trigger]) -> tuple[Trigger | None, int | None]:
    """The event word or verb a date hangs from: (trigger, None), (None, verb token) or (None, None)."""
    doc = st.doc
    for head in head_path(doc, span_root(doc, d.start, d.end)):
        if d.start <= head < d.end:
            continue
        t = next((t for t in triggers if t.start <= head < t.end), None)
        if t is not None:
            return t, None
        if doc[head].pos_ == "VERB" and not st.is_actor_token(head):
            return None, head
    return None, None


def tree_dates(st: Sentence, triggers: list[Trigger], dates: list[DateMention]) -> None:
    """Check each trigger's window dates against the tree, and give dates only the tree attaches."""
    doc = st.doc
    taken: set[int] = set()
    governors = {d.start: _governor(st, d, triggers) for d in dates if not d.attribute}
    for t in triggers:
        kept = []
        for d in t.dates:
            gt, verb = governors.get(d.start, (None, None))
            if t.verb and gt is None and verb is not None and not in_subtree(doc, t.start, verb) \
                    and not any(in_subtree(doc, verb, k) for k in range(t.start, t.end)):
                continue            # the date of another clause's verb (an event noun's date may hang
                                    # from a light verb: 'la signature ... a eu lieu le 14 mars'; a verb
                                    # inside the event's own phrase, 'le projet de loi autorisant', is its)
            kept.append(d)
        t.dates = kept
        taken.update(d.start for d in kept)
    for d in dates:
        if d.attribute or d.start in taken:
            continue
        gt, _ = governors[d.start]
        if gt is not None and not gt.dates and st.same_segment(d.start, gt.start) and not any(
                st.doc[i - 1].text == "," and st.participle(i) for i in range(gt.end + 1, d.start)):
            gt.dates = [d]          # (not past a participle opening its own phrase: '…, entamée vendredi')
            taken.add(d.start)


def _performative(st: Sentence, t: Trigger) -> bool:
    """Is the event done in the telling ('décide de dénoncer', 'dénonce', 'it was ending'), not told as past?"""
    if t.modal or t.negated:
        return False
    token = st.doc[t.start]
    if st.lex.lang == "fr":
        if t.tag == INF:
            return True             # an infinitive left unmarked by kg_modality is a decided act
        if token.pos_ not in ("VERB", "AUX") and st.lex.present_endings:
            # '« dénonce l'accord »' tagged as a noun: the written ending tells the present from the
            # participle, which fold to one form ('dénonce', 'dénoncé')
            return t.verb and token.text.lower().endswith(st.lex.present_endings)
        return t.verb and "Pres" in token.morph.get("Tense", []) and "Fin" in token.morph.get("VerbForm", [])
    return t.verb and bool(st.lex.progressive_suffixes) and token.norm_.endswith(st.lex.progressive_suffixes) \
        and t.start > st.s and st.norm(t.start - 1) in st.lex.progressive


def performative_dates(st: Sentence, triggers: list[Trigger], dates: list[DateMention]) -> None:
    """An undated act done in the telling takes the sentence's one free date: the day it was told.

    'Chad's government said late Thursday it was ending its defence agreement', '« ... décide de dénoncer
    l'accord », a lu samedi soir le porte-parole': the decision is made as it is announced.
    """
    taken = {d.start for t in triggers for d in t.dates}
    free = [d for d in dates if not d.attribute and d.start not in taken and d.value.date is not None]
    if len(free) != 1:
        return
    aside = st.segment[free[0].start] != st.clause[free[0].start]
    for t in triggers:
        # (not a date of an aside: 'Paris suspend sa coopération … après la répression de lundi')
        if not t.dates and _performative(st, t) and (not aside or st.same_segment(free[0].start, t.start)):
            t.dates = [free[0]]


def back_date(st: Sentence, triggers: list[Trigger], dates: list[DateMention]) -> PartialDate | None:
    """'C'était hier, jeudi 4 juillet', 'The vote came on Friday evening': the date such an opening gives."""
    opening = next((b for b in st.cat("BACKDATE") if all(st.doc[i].is_punct for i in range(st.s, b.start))), None)
    if opening is None:
        return None
    # 'The vote came on Friday evening, after the House adopted ...': the opening runs to the first comma;
    # event words after it are the sentence's own
    stop = next((i for i in range(opening.end, st.e) if st.doc[i].text == "," and i not in st.date_tokens), st.e)
    if any(opening.start <= t.start < stop for t in triggers):
        return None
    near = [d for d in dates if not d.attribute and d.value.date is not None and 0 <= d.start - opening.end <= 2]
    if not near:
        return None
    # 'hier, jeudi 4 juillet': the most precise of the dates given together
    return max((d.value.date for d in near if d.value.date is not None),     # (the filter again, for mypy)
               key=lambda v: (v.day is not None, v.month is not None))


def document_date(st: Sentence, triggers: list[Trigger], dates: list[DateMention]) -> PartialDate | None:
    """'according to two orders dated November 1', « un décret daté du 19 décembre »: the date of the act a document states.

    The undated acts of the sentence take it; a sentence with none gives it to the event told just
    before (« La décision figure dans un décret daté du vendredi 19 décembre », answered like 'C'était hier').
    """
    taken = {d.start for t in triggers for d in t.dates}
    for cue in st.cat("DOCDATE"):
        d = next((d for d in dates if not d.attribute and d.value.date is not None and d.start not in taken
                  and 0 <= d.start - cue.end <= 1), None)
        if d is None:
            continue
        undated = [t for t in triggers if not t.dates and not t.modal and not t.negated]
        if not triggers:
            return d.value.date
        for t in undated:
            t.dates = [d]
        return None
    return None


class Dates:
    """Resolve every relevant sentence's dates and give each trigger its own."""

    def __call__(self, doc: Doc) -> Doc:
        for sent in doc.sents:
            st = sent._.kg_sentence
            if not st.relevant:
                # (its dates still name the month or year a later 'ce mois-là' refers to)
                sent._.kg_dates = sentence_dates(st, [])
                continue
            triggers = sent._.kg_triggers
            dates = sentence_dates(st, sent._.kg_mentions)
            sent._.kg_dates = dates
            for t in triggers:
                t.dates = event_dates(st, t, triggers, dates)
            if has_tree(doc):
                tree_dates(st, triggers, dates)
            performative_dates(st, triggers, dates)
            sent._.kg_back_date = back_date(st, triggers, dates) or document_date(st, triggers, dates)
        return doc


@Language.factory("kg_dates", assigns=["span._.kg_dates", "span._.kg_triggers", "span._.kg_back_date"],
                  requires=["span._.kg_sentence", "span._.kg_triggers", "span._.kg_mentions", "doc._.kg_published"])
def make_dates(nlp: Language, name: str) -> Dates:
    """The kg_dates component."""
    return Dates()
