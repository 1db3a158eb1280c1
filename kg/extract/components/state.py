"""What the sentence components find and pass on: event words, agreement mentions and dates.

kg_triggers makes the Trigger records, kg_modality marks them negated or modal, kg_mentions makes
the Mention records, kg_arguments links them (and gives each its parties, acting body and place),
kg_dates the DateMention records (and each trigger's dates); kg_assembly reads them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...facts import PartialDate
from ..dates import DateValue
from .actors import ActorMention

__all__ = ["DateMention", "Mention", "Trigger"]


@dataclass
class Mention:
    """An agreement mention: its head noun, the phrase around it, and what the phrase says."""

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
    named_span: tuple[int, int] | None = None    # the date the agreement is named by ('le traité du 21 décembre 2011')
    named_date: PartialDate | None = None        # ... resolved (by kg_dates)
    between: list[ActorMention] = field(default_factory=list)
    with_: list[ActorMention] = field(default_factory=list)
    year_after: bool = False        # the year follows the noun: 'le traité de 2010' (not 'the 2015 accord')
    unnamed_partner: bool = False   # 'signed with the breakaway region of Somaliland': a partner not in the gazetteer
    earlier: bool = False
    main: Mention | None = None
    triggers: list[Trigger] = field(default_factory=list)
    domains: list[tuple[str, str, bool]] = field(default_factory=list)
    # by kg_arguments: the party sets the sentence gives it, whether 'the two countries' stands in
    # the clause, and whether 'the country' is its subject
    party_sets: list[list[str]] = field(default_factory=list)
    both: bool = False
    country_subject: bool = False


@dataclass
class Trigger:
    """An event word (or a support verb with its event noun): its event type and verb-form tag."""

    start: int
    end: int
    type: str
    tag: str
    verb: bool
    negated: bool = False
    modal: bool = False
    mentions: list[Mention] = field(default_factory=list)
    # by kg_arguments: the acting body and the place; by kg_dates: the dates it takes
    by: str | None = None
    place: str | None = None
    dates: list[DateMention] = field(default_factory=list)


@dataclass
class DateMention:
    """A date the sentence gives, resolved; attribute: the year an agreement is named by ('l'accord de 2001')."""

    start: int
    end: int
    value: DateValue
    attribute: bool = False
    shift: int | None = None
    month_shift: int | None = None   # 'le mois suivant': months from the event told just before
    period: str | None = None   # 'ce mois-là', 'that year': the month or year the text named last ('month' | 'year')
    period_month: int | None = None  # 'In July that year': the month of the year named last
    reported: bool = False      # the day the act was reported, standing in for its own ('has revoked ..., said on Saturday')
