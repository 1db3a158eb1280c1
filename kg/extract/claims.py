"""What one sentence says about one agreement: the claims kg_assembly makes and the resolver merges.

A claim is what one sentence says about one agreement: who the parties are (as far as the
sentence tells), its kind, the life-cycle events it reports with their dates and acting
bodies, and the domains and provisions it lists. Which agreement a claim is about (and the
parties a sentence leaves implicit) is decided across sentences in resolve.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..facts import PartialDate

__all__ = ["Claim", "EventClaim"]


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
    reported: bool = False         # dated by the day it was reported: yields to a date told elsewhere
    month_shift: int | None = None  # 'le mois suivant', 'the following month': months from the event told before
    period: str | None = None      # 'ce mois-là', 'that year': the month or year the text named last
    period_month: int | None = None  # 'In July that year': that month of the year named last


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
    anaphor: bool = False          # named by a word that only refers back ('the document', 'le texte')
    both: bool = False             # 'the two countries': the parties already in focus
    group: int | None = None       # 'the three countries': the last three states named
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
