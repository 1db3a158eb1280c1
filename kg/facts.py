"""Typed fact records: the one contract between every loader and the RDF mapping."""

from __future__ import annotations

import calendar
import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass, field

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Make a readable id or IRI segment from a name: 'Faure Gnassingbé' -> 'faure-gnassingbe' ('' if nothing is left)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", folded.lower()).strip("-")


class DateFormatError(ValueError):
    """A date string is not YYYY, YYYY-MM or YYYY-MM-DD, or names a day that does not exist."""


@dataclass(frozen=True)
class PartialDate:
    """A calendar date that may be known only to the year or month, as sources often report."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read YYYY, YYYY-MM or YYYY-MM-DD and reject impossible days like 2025-02-30."""
        match = _DATE_RE.match(text.strip())
        if not match:
            raise DateFormatError(f"'{text}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is not None and not 1 <= month <= 12:
            raise DateFormatError(f"'{text}' has no month {month}; months run from 01 to 12")
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise DateFormatError(
                    f"'{text}' is not a real day: {calendar.month_name[month]} {year} has {last} days"
                )
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        """Say how much of the date is known: 'year', 'month' or 'day'."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def isoformat(self) -> str:
        """Write the date at its own precision, which also sorts correctly as text."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    def __lt__(self, other: PartialDate) -> bool:
        return self.isoformat() < other.isoformat()

    # The date rule (docs/dates.md): a year- or month-precision date stands for its whole
    # period, the interval first_day()..last_day(). Mirrored in kg/queries/members.rq and
    # kg/templates/graph.js; keep the three in step.

    def first_day(self) -> datetime.date:
        """The day the date's period begins: 2023 -> 2023-01-01, 2023-09 -> 2023-09-01."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> datetime.date:
        """The day the date's period ends: 2023 -> 2023-12-31, 2024-02 -> 2024-02-29."""
        month = self.month or 12
        return datetime.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def reached_by(self, moment: PartialDate) -> bool:
        """The one comparison rule: a fact's date has come by a moment once its period has begun by the moment's last day."""
        return self.first_day() <= moment.last_day()


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> PartialDate:
    """PartialDate.parse, remembered: views compare the same few stored dates many times."""
    return PartialDate.parse(text)


def date_reached(date: str, moment: str) -> bool:
    """Apply PartialDate.reached_by to two ISO strings (YYYY, YYYY-MM or YYYY-MM-DD), as the store holds them."""
    return parse_date(date).reached_by(parse_date(moment))


@dataclass(frozen=True)
class Origin:
    """Where a record was read, so later errors can point the user at the right line."""

    path: str
    line: int | None = None
    field_lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, field_name: str) -> int | None:
        """Return the line of one field, falling back to the record's first line."""
        for name, line in self.field_lines:
            if name == field_name:
                return line
        return self.line


@dataclass(frozen=True)
class Source:
    """A document that reports facts; becomes one named graph with its PROV metadata."""

    id: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: PartialDate | None = None
    language: str | None = None
    author: str | None = None
    note: str | None = None
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Evidence:
    """The words in a source that support a fact, and how far to trust them (None: the file does not say)."""

    quote: str | None = None
    start: int | None = None
    end: int | None = None
    confidence: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class Event:
    """One dated step in an agreement's life: signed, approved, ratified, in force, denied..."""

    type: str
    date: PartialDate | None = None
    by: str | None = None
    place: str | None = None
    signatories: tuple[str, ...] = ()


@dataclass(frozen=True)
class AllianceMember:
    """One state's spell in an alliance (ATOP, COW): when it entered and left, and the provisions it took on."""

    actor: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    provisions: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgreementFact:
    """What one source says about one agreement: parties, kind, domains and life-cycle events."""

    id: str
    parties: tuple[str, ...]
    kind: str
    source: str
    title: str | None = None
    domains: tuple[str, ...] = ()
    provisions: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()
    replaces: str | None = None
    evidence: Evidence = Evidence()
    origin: Origin | None = field(default=None, compare=False)
    # Alliance data sets: provision codes (kg.vocab.ALLIANCE_PROVISIONS) and each member's dated spells.
    obligations: tuple[str, ...] = ()
    members: tuple[AllianceMember, ...] = ()


@dataclass(frozen=True)
class MembershipFact:
    """A member joining or leaving an organisation, dated where the source says when."""

    member: str
    organisation: str
    source: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    evidence: Evidence = Evidence()
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class OfficeFact:
    """A person holding an office of a state, e.g. head of government from a date."""

    person: str
    office: str
    state: str
    source: str
    title: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    evidence: Evidence = Evidence()
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DeploymentFact:
    """Foreign forces present in a host state: who sent them, in what role, from and until when."""

    sender: str | None
    host: str
    source: str
    force: str | None = None
    role: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    description: str | None = None
    evidence: Evidence = Evidence()
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ObservationFact:
    """Context a source gives about an actor, e.g. a security threat or a foreign-policy line."""

    subject: str
    topic: str
    description: str
    source: str
    region: str | None = None
    related: tuple[str, ...] = ()
    evidence: Evidence = Evidence()
    origin: Origin | None = field(default=None, compare=False)


Fact = AgreementFact | MembershipFact | OfficeFact | DeploymentFact | ObservationFact
