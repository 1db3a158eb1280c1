"""Across sentences: decide which agreement each claim is about, then merge what is said of it.

The resolver keeps a focus (the agreement last spoken of) so 'the agreement', 'ce texte' and
'it' find their antecedent, and a frame per agreement the article speaks of. Frames are told
apart by parties, kind and signing year: an article can describe an agreement, the earlier one
it replaces and a separate naval-base agreement with the same partner.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field

from ..facts import PartialDate
from .claims import Claim, EventClaim
from .vocabulary import EVENTS, OTHER_KIND, shared
from .writer import assign_ids as _assign_ids

__all__ = ["Event", "Frame", "Resolver"]

_SHARED = shared()
# Kinds that name a form of agreement rather than a subject: a civil agreement can have them.
_FORMS = (None, *_SHARED.form_kinds, OTHER_KIND)
_GENERIC = (_SHARED.generic_kind, OTHER_KIND)    # kinds a headline's 'defence accord' gets
# Defence kinds a definite generic mention ('the defence deal', 'l'accord de défense') can refer back to.
_SPECIFIC_DEFENCE = _SHARED.generic_may_name
# Chambers of a legislature: an undated approval by a chamber names the body of a dated vote.
CHAMBERS = _SHARED.chambers

# Life-cycle order, for listing one day's events and undated ones.
ORDER = {t: i for i, t in enumerate(EVENTS)}


@dataclass
class Event:
    """One event of an agreement after merging, with the claims (sentences) that state it."""

    type: str
    date: PartialDate | None
    by: str | None
    place: str | None
    verb: bool
    date_problem: str | None
    position: int
    at_signing: bool = False
    claims: list[int] = field(default_factory=list)     # indexes into Frame.claims
    notes: list[str] = field(default_factory=list)

    def key(self) -> tuple[str, str, int]:
        return (self.date.isoformat() if self.date else "9999", "", ORDER.get(self.type, 99))


@dataclass
class Frame:
    """One agreement the article speaks of, and every claim made about it."""

    number: int
    parties: tuple[str, ...]
    kind: str | None
    civil: bool = False
    defence: bool = False
    year: int | None = None
    earlier: bool = False
    replaces: Frame | None = None
    claims: list[Claim] = field(default_factory=list)
    last: int = 0
    events: list[Event] = field(default_factory=list)
    id: str = ""
    open_partner: bool = False     # one party named ('ratified two agreements with Turkey'): the other is the article's state

    def signed_years(self) -> set[int]:
        return {e.date.year for c in self.claims for e in c.events if e.type == "signed" and e.date}

    def event_years(self) -> set[int]:
        return {e.date.year for c in self.claims for e in c.events if e.date}


class Resolver:
    """Assign claims to agreement frames sentence by sentence, keeping the focus for anaphora."""

    def __init__(self, organisations: frozenset[str] = frozenset()) -> None:
        self.organisations = organisations    # ids of the gazetteer's organisations: a party no state stands for
        self.frames: list[Frame] = []
        self.focus: Frame | None = None
        self.sentence = 0
        self.mentions: Counter[str] = Counter()
        self.recent: list[str] = []        # parties in order of their last mention, latest last
        self.states: list[str] = []        # states in order of their last mention, latest last
        self.state_counts: Counter[str] = Counter()   # how often each state is named
        self.home_counts: Counter[str] = Counter()    # how often each state is named or is where things happen
        self.last_day: PartialDate | None = None   # the last event date to the day, for 'la veille'
        self.last_month: PartialDate | None = None  # the last event date to the month, for 'le mois suivant'
        self.undated: list[EventClaim] = []   # the undated events of the last sentence, for 'C'était hier'
        self.named: dict[str, PartialDate] = {}   # the last month and year the text named, for 'ce mois-là'

    # -- assignment -----------------------------------------------------------------------

    def add(self, claims: list[Claim]) -> None:
        """Resolve one sentence's claims; main claims first so replaced agreements inherit from them."""
        self.sentence += 1
        # 'a ratifié mardi l'accord, approuvé la veille': count from the event told just before
        for e in sorted((e for c in claims for e in c.events), key=lambda e: e.position):
            if e.shift is not None and e.date is None and self.last_day is not None:
                e.date = _shift(self.last_day, e.shift)
                e.date_problem = None
            elif e.month_shift is not None and e.date is None and self.last_month is not None:
                months = self.last_month.year * 12 + (self.last_month.month or 1) - 1 + e.month_shift
                e.date = PartialDate(months // 12, months % 12 + 1)
                e.date_problem = None
            elif e.period is not None and e.date is None and e.period in self.named:
                e.date = self.named[e.period]
                if e.period_month is not None:
                    e.date = PartialDate(e.date.year, e.period_month)
                e.date_problem = None
            elif e.date is not None and e.date.day is not None:
                self.last_day = e.date
            if e.date is not None and e.date.month is not None:
                self.last_month = e.date
        previous = list(self.recent)
        for claim in claims:
            self.mentions.update(claim.parties)
            for p in claim.parties:
                if p in self.recent:
                    self.recent.remove(p)
                self.recent.append(p)
            if claim.possessive and len(claim.parties) == 1:
                # 'Its status-of-forces agreement with the UN': its holder is the party spoken of last
                holder = next((p for p in reversed(previous) if p not in claim.parties), None)
                if claim.country_subject and self.focus is not None:
                    # 'The country terminated its agreement with France': the state that acted last, not
                    # the partner named last ('suspended the pact it signed with Turkey')
                    actor = next((e.by for c in reversed(self.focus.claims) for e in reversed(c.events)
                                  if e.by in self.focus.parties and e.by not in claim.parties), None)
                    holder = actor or holder
                if holder is not None:
                    claim.parties = (holder, *claim.parties)
        resolved: dict[int, Frame] = {}
        for claim in claims:
            # 'the new accord replaces a first defence cooperation agreement': one kind for both
            if claim.replaces is not None and claim.kind is None and not claims[claim.replaces].civil:
                claim.kind = claims[claim.replaces].kind
        order = [i for i, c in enumerate(claims) if not c.earlier] + [i for i, c in enumerate(claims) if c.earlier]
        for i in order:
            claim = claims[i]
            if claim.earlier:
                main_index = next((j for j, c in enumerate(claims) if c.replaces == i), None)
                frame = self._earlier(claim, resolved.get(main_index) if main_index is not None else None)
            else:
                frame = self._find(claim, resolved)
            if frame is None:
                continue
            self._absorb(frame, claim)
            resolved[i] = frame
        for i, claim in enumerate(claims):
            if claim.replaces is not None and i in resolved and claim.replaces in resolved \
                    and resolved[claim.replaces] is not resolved[i]:
                resolved[i].replaces = resolved[claim.replaces]
        mains = [resolved[i] for i in sorted(resolved) if not claims[i].earlier]
        if mains:
            self.focus = mains[-1]
        self.undated = sorted((e for i in resolved for e in claims[i].events if e.date is None and not e.at_signing),
                              key=lambda e: e.position)

    def date_back(self, date: PartialDate | None) -> None:
        """Before each sentence: 'C'était hier, jeudi 4 juillet' dates the first undated event of the sentence before.

        (the first: the main clause's act, not a participle after it, 'l'accord signé avec le Tchad')
        """
        if date is not None and self.undated:
            self.undated[0].date = date
            self.undated[0].date_problem = None
        self.undated = []

    def note_dates(self, dates: list[PartialDate]) -> None:
        """After each sentence: the last month and year it names, which 'ce mois-là', 'that year' refer to."""
        for date in dates:
            if date.month is not None:
                self.named["month"] = PartialDate(date.year, date.month)
            self.named["year"] = PartialDate(date.year)

    def observe(self, parties: list[str], states: list[str] | None = None, places: list[str] | None = None) -> None:
        """Note the parties (and states) a sentence names, claim or not, so 'its agreement' can find its holder.

        places: the states whose capitals the sentence names as places ('in Maputo'), which tell, with
        the states named, which state the article is about.
        """
        self.state_counts.update(states or [])
        self.home_counts.update((states or []) + (places or []))
        for seen, names in ((self.recent, parties), (self.states, states or [])):
            for p in names:
                if p in seen:
                    seen.remove(p)
                seen.append(p)

    def _compatible(self, frame: Frame, claim: Claim) -> bool:
        """Could the claim be about this agreement: same kind, civil or not alike, same signing year?"""
        if claim.kind and frame.kind and claim.kind != frame.kind and not (
                claim.definite and claim.kind == _SHARED.generic_kind
                and (frame.kind in _SPECIFIC_DEFENCE or (frame.kind in _FORMS and frame.defence))):
            return False            # ('the defence deal' may name the military-technical agreement, or the
            # memorandum on military cooperation: « l'accord militaire »)
        # A civil agreement (trade, energy) and a defence one are different agreements; a plain
        # 'the memorandum' can be either.
        if frame.civil and not claim.civil and (claim.kind not in _FORMS or claim.defence):
            return False
        if claim.civil and not frame.civil and (frame.kind not in _FORMS or frame.defence or not claim.definite):
            return False            # ('also signed agreements on trade and energy': other agreements)
        years = {e.date.year for e in claim.events if e.type == "signed" and e.date}
        known = frame.signed_years()
        if years and known and not years & known:
            return False            # signed in another year: another agreement
        if claim.year is not None and (frame.year not in (None, claim.year)
                                       or (frame.year is None and known and claim.year not in known)):
            return False
        # Dated after another event of the frame it has no signing year for: another agreement.
        return not (claim.year is not None and frame.year is None and not known and frame.event_years()
                    and min(frame.event_years()) < claim.year)

    def _find(self, claim: Claim, resolved: dict[int, Frame]) -> Frame | None:
        """The agreement a claim is about: by its parties, else by the focus; None if it cannot tell."""
        parties = list(claim.parties)
        if claim.group and len(parties) < claim.group and self.focus is not None \
                and len(self.focus.parties) == claim.group and set(parties) <= set(self.focus.parties):
            # 'a three-way memorandum … The defence ministers of the three countries signed the document':
            # the three of the agreement in focus, not a state named in between ('Somali pirates')
            parties = list(self.focus.parties)
        elif claim.group and len(parties) < claim.group <= len(self.states):
            # 'la Charte, signée par les chefs d'État des trois pays': the last three states named
            parties = self.states[-claim.group:]
        if len(parties) < 2 and claim.both:
            # 'On the Russia agreement, ... it would allow the two countries to': the agreement of Russia
            # spoken of, else the sentence's or the focus's parties
            holders = [f for f in self.frames if parties and parties[0] in f.parties and len(f.parties) >= 2
                       and self._compatible(f, claim)]
            base = (holders[-1] if len(holders) == 1 else None) or next(iter(resolved.values()), None) or self.focus
            if base is not None:
                parties = list(dict.fromkeys(list(base.parties) + parties))
            elif not parties and len(self.states) >= 2:
                # 'l'accord conclu cette année entre les deux pays' before any agreement: the two states named last
                parties = self.states[-2:]
        recent = sorted(self.frames, key=lambda f: (f is self.focus, f.last, f.number), reverse=True)
        if claim.similar and len(parties) == 1 and self.focus is not None:
            # 'X avait signé un accord similaire': X and the counterpart of the agreement compared with
            others = [p for p in self.focus.parties if p != parties[0]]
            if others:
                parties.append(max(others, key=lambda p: (self.mentions[p], p)))
                claim.kind = claim.kind or self.focus.kind
                claim.separate = True
        if claim.separate and not claim.definite:
            if len(parties) < 2 and self.focus is not None and set(parties) <= set(self.focus.parties):
                # 'Un accord distinct ... de la marine russe': another agreement between the same parties
                parties = list(self.focus.parties)
            return self._new(parties, claim) if len(parties) >= 2 else None
        if len(parties) >= 2:
            same = [f for f in recent if set(f.parties) == set(parties) and self._compatible(f, claim)]
            if same:
                return same[0]
            if not claim.mention:
                # an event verb with no agreement noun in its sentence only continues an agreement
                fitting = [f for f in recent if set(f.parties) <= set(parties) and self._compatible(f, claim)]
                return fitting[0] if fitting else None
            focus = self.focus
            if claim.definite and not claim.separate and not claim.both and 3 <= len(claim.parties) <= 5 \
                    and any(e.type == "signed" for e in claim.events) \
                    and focus is not None and set(focus.parties) < set(parties) and self._compatible(focus, claim):
                # 'the defence pact binding the two countries … The pact was signed in Luanda by Angola,
                # the DRC, Namibia and Zimbabwe': the pact in focus, now with all its parties
                focus.parties = tuple(parties)
                return focus
            return self._new(parties, claim)
        if len(parties) == 1:
            # (an agreement of this party named earlier in the same sentence comes first: 'notified the EU
            # of the end of its partnership with Niger: Niamey denounced the accords that bound it to Brussels')
            here = [f for f in resolved.values() if parties[0] in f.parties and self._compatible(f, claim)]
            holders = here[::-1] + [f for f in recent if parties[0] in f.parties and self._compatible(f, claim)
                                    and all(f is not h for h in here)]
            if holders and (claim.definite or not claim.mention or holders[0] is self.focus or claim.events):
                return holders[0]
            if not holders and claim.definite and self.focus is not None and parties[0] in self.focus.parties \
                    and any(e.type == "signed" and e.date is not None and not e.verb for e in claim.events):
                # 'Bamako met fin aux accords de mars 2013': another agreement of the same parties, by its date
                return self._new(list(self.focus.parties), claim)
            designated = claim.year is not None or any(e.type == "signed" and e.date for e in claim.events)
            if not holders and claim.mention and (not claim.definite or designated) and not claim.civil \
                    and claim.events \
                    and (claim.defence or (claim.kind is not None and claim.kind not in _FORMS)) \
                    and parties[0] not in self.organisations:
                # 'the Council of Ministers ratified two agreements with Turkey', 'Sudan came first, with an
                # agreement signed in March', « l'accord conclu avec la France en 2009 »: the other party is
                # the state the article is about
                frame = self._new(parties, claim)
                frame.open_partner = True
                return frame
            return None
        if (claim.definite or not claim.mention) and self.focus is not None:
            if self._compatible(self.focus, claim):
                return self.focus
            if claim.kind or claim.year is not None or (claim.mention and not claim.anaphor and any(
                    e.type == "signed" and e.date for e in claim.events)):
                # 'the naval base agreement', 'le texte de 2001': the latest agreement that fits; « Le
                # Protocole sur les patrouilles conjointes a, lui, été signé le 12 septembre 2018 »: another one
                fitting = [f for f in recent if self._compatible(f, claim)]
                if fitting:
                    return fitting[0]
                return self._new(list(self.focus.parties), claim)
        if not parties and claim.mention and not claim.definite and not claim.civil and self.focus is not None \
                and len(self.focus.parties) >= 2 and any(e.type == "signed" and e.date for e in claim.events):
            # 'En décembre 2017, lors de la visite du président à N'Djamena, un accord de partage de
            # renseignements avait été signé': an agreement with no party named is one of the pair spoken of
            years = {e.date.year for e in claim.events if e.type == "signed" and e.date}
            if self._compatible(self.focus, claim) and years & self.focus.signed_years():
                return self.focus
            return self._new(list(self.focus.parties), claim)
        if claim.definite and claim.mention and not claim.anaphor and claim.events and self.focus is None \
                and max(len(self.recent), len(self.states)) >= 2 and not claim.civil:
            # 'Putin approved the proposal and instructed the Defence Ministry to sign the agreement': the
            # first agreement spoken of is between the last two parties named (Russia, Sudan) — or, in an
            # article that keeps naming two states ('Paris … Abidjan … le ministre ivoirien'), those two
            named = self.states if len(self.states) >= 2 else self.recent
            ranked = sorted(range(len(named)), key=lambda i: (self.state_counts[named[i]], i))
            return self._new([named[i] for i in sorted(ranked[-2:])], claim)
        return None

    def _earlier(self, claim: Claim, main: Frame | None) -> Frame | None:
        """The agreement a replacement names: the replacing one's parties and kind unless it says others."""
        parties = list(claim.parties) if len(claim.parties) >= 2 else list(main.parties) if main else []
        if len(parties) < 2:
            return None
        kind = claim.kind or (main.kind if main else None)
        probe = Claim(parties=tuple(parties), kind=kind, start=claim.start, end=claim.end, events=claim.events,
                      year=claim.year)
        for f in self.frames:
            if f is not main and set(f.parties) == set(parties) and f.kind == kind and self._compatible(f, probe) \
                    and (claim.year is not None or (probe.events and f.signed_years())):
                return f
        frame = self._new(parties, probe)
        frame.earlier = True
        return frame

    def _new(self, parties: list[str], claim: Claim) -> Frame:
        """Open a frame for an agreement not spoken of before."""
        frame = Frame(len(self.frames), tuple(parties), claim.kind)
        self.frames.append(frame)
        return frame

    def _absorb(self, frame: Frame, claim: Claim) -> None:
        """Add what a claim says to its agreement: kind, civil or defence, the year it is named by."""
        if frame.kind is None and claim.kind:
            frame.kind = claim.kind
        frame.civil = frame.civil or claim.civil
        frame.defence = frame.defence or claim.defence
        if claim.year is not None and frame.year is None:
            frame.year = claim.year
        if len(frame.parties) < 2 <= len(claim.parties):
            frame.parties = claim.parties
        frame.claims.append(claim)
        frame.last = self.sentence

    # -- results ----------------------------------------------------------------------------

    def _give_open_partners(self) -> None:
        """Give each agreement that names one party the article's state: a party of most of its other agreements,
        else the state it names most (not a partner the same sentence names: 'ratifies pacts with Ghana and
        Russia'); it then joins the agreement the article names with both parties, if any."""
        opened = [(f, f.parties[0], f.claims[0].start) for f in self.frames
                  if f.open_partner and len(f.parties) == 1 and f.claims]
        paired = Counter(p for f in self.frames if len(f.parties) >= 2 and not f.civil for p in f.parties)
        for frame, _party, sentence in opened:
            if not frame.claims:
                continue            # (joined another one-party agreement given the same state)
            partners = {p for _f, p, s in opened if s == sentence}
            home = sorted((s for s, n in self.home_counts.items() if s not in partners and n >= 2),
                          key=lambda s: (-paired[s], -self.home_counts[s], s))
            rank = [(paired[s], self.home_counts[s]) for s in home[:2]]
            if not home or (len(home) > 1 and rank[0] <= rank[1]):
                continue            # no state stands out
            frame.parties = (home[0], *frame.parties)
            same = next((g for g in self.frames if g is not frame and g.claims and set(g.parties) == set(frame.parties)
                         and all(self._compatible(g, c) for c in frame.claims)), None)
            if same is not None:
                same.claims.extend(frame.claims)
                frame.claims = []

    def agreements(self) -> list[Frame]:
        """Return the defence agreements with their merged events and ids, in order of first mention."""
        self._give_open_partners()
        # A bare 'agreement' counts when its sentences, or else the article, speak of defence: of a
        # defence agreement something happened to (a draft on defence left unsigned does not count);
        # a memorandum or protocol is a form, not a subject: it is a defence one when its sentences say so
        about_defence = any((f.defence or f.kind not in _FORMS) and any(c.events for c in f.claims)
                            for f in self.frames if not f.civil)
        kept = [f for f in self.frames if not f.civil and (f.kind not in _FORMS or f.defence or about_defence)
                and len(f.parties) >= 2]
        told = frozenset((frozenset(f.parties), e.type) for f in kept for c in f.claims for e in c.events
                         if e.date is not None and not e.reported)
        for frame in kept:
            frame.kind = frame.kind or OTHER_KIND
            frame.events = _merge_events(frame, told)
        kept = _fold_generic_restatements(kept)
        referenced = {id(f.replaces) for f in kept if f.replaces is not None}
        # an agreement the article only describes (no event) is kept when another one replaces it
        out = [f for f in kept if f.events or id(f) in referenced]
        _assign_ids(out)
        for f in out:
            if f.replaces is not None and f.replaces not in out:
                f.replaces = None
        return out


def _fold_generic_restatements(frames: list[Frame]) -> list[Frame]:
    """Fold an undated generic mention ('Chad ratifies defence accord') into the dated agreement it restates."""
    out: list[Frame] = []
    for frame in frames:
        target = None
        if frame.kind in _GENERIC and frame.events and frame.replaces is None and \
                all(e.date is None for e in frame.events):
            target = next((g for g in frames if g is not frame and set(g.parties) == set(frame.parties)
                           and g.kind not in _GENERIC and not g.civil
                           and all(_restated(e, [d for d in g.events if d.date is not None]) for e in frame.events)),
                          None)
        if target is None or any(f.replaces is frame for f in frames):
            out.append(frame)
            continue
        target.claims.extend(frame.claims)
        target.events = _merge_events(target)
    return out


def _merge_events(frame: Frame, told: frozenset[tuple[frozenset[str], str]] = frozenset()) -> list[Event]:
    """Merge what several sentences say of one event; an undated mention restates a dated one.

    told: the (parties, event type) pairs the article dates itself, in any of its agreements.
    """
    events: list[Event] = []
    # 'has signed ..., the army announced on Thursday' and 'the agreement was signed on Wednesday': the day
    # told for the act wins over the day it was reported
    told = told | {(frozenset(frame.parties), e.type) for c in frame.claims for e in c.events
                   if e.date is not None and not e.reported}
    for ci, claim in enumerate(frame.claims):
        for e in claim.events:
            if e.reported and (frozenset(frame.parties), e.type) in told:
                e = dataclasses.replace(e, date=None)
            same = next((x for x in events if x.type == e.type and x.date == e.date and x.date is not None), None)
            if same is None and e.date is None:
                same = next((x for x in events if x.type == e.type and x.date is None), None)
            if same is not None:
                same.claims.append(ci)
                same.by = same.by or e.by
                same.place = same.place or e.place
                same.verb = same.verb or e.verb
                continue
            events.append(Event(e.type, e.date, e.by, e.place, e.verb, e.date_problem, e.position, e.at_signing, [ci]))
    # 'entered into force upon signature': the entry into force takes the signing date
    signed = sorted((x.date for x in events if x.type == "signed" and x.date is not None), key=lambda d: d.isoformat())
    for x in events:
        if x.at_signing and x.date is None and len(set(signed)) == 1:
            x.date = signed[0]
            x.notes.append("in force upon signature: dated by the signing")
    events = _fold_coarser(events)
    merged: list[Event] = []
    dated = [e for e in events if e.date is not None]
    for event in events:
        if event.date is not None:
            merged.append(event)
            continue
        target = _restated(event, dated)
        if target is None:
            merged.append(event)
            continue
        if event.by and target.by != event.by and (target.by is None or CHAMBERS.get(event.by) == target.by):
            target.notes.append(f"acting body {event.by} named in another sentence (offset {event.position})")
            target.by = event.by
        target.place = target.place or event.place
    return sorted(merged, key=lambda e: (e.key(), e.position))


def _refines(fine: PartialDate, coarse: PartialDate) -> bool:
    """Is fine a more precise telling of coarse: 18 January 2022 of January 2022, or of 2022?"""
    if fine == coarse or fine.year != coarse.year:
        return False
    if coarse.month is None:
        return fine.month is not None
    return fine.month == coarse.month and coarse.day is None and fine.day is not None


def _fold_coarser(events: list[Event]) -> list[Event]:
    """'un accord signé en janvier' in the headline and 'signé le 18 janvier' in the body: one signing.

    An event whose date a single other event of the same type tells more precisely is that event.
    """
    out: list[Event] = []
    for event in events:
        finer = [x for x in events if x is not event and x.type == event.type and x.date is not None
                 and event.date is not None and _refines(x.date, event.date)]
        if len(finer) != 1:
            out.append(event)
            continue
        target = finer[0]
        target.claims.extend(event.claims)
        target.by = target.by or event.by
        target.place = target.place or event.place
        target.verb = target.verb or event.verb
    return out


def _restated(event: Event, dated: list[Event]) -> Event | None:
    """The dated event an undated one restates, if any: same type, or a chamber's approval of a vote."""
    same = [d for d in dated if d.type == event.type and _same_body(d.by, event.by)]
    if same:
        return same[0]
    if event.type in ("approved", "ratified"):
        votes = [d for d in dated if d.type in ("approved", "ratified") and event.by and d.by
                 and (d.by == event.by or CHAMBERS.get(event.by) == d.by)]
        if votes:
            return votes[0]
    return None


def _shift(day: PartialDate, days: int) -> PartialDate:
    """A day some days before or after another."""
    moved = _dt.date(day.year, day.month or 1, day.day or 1) + _dt.timedelta(days=days)
    return PartialDate(moved.year, moved.month, moved.day)


def _same_body(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or CHAMBERS.get(a) == b or CHAMBERS.get(b) == a
