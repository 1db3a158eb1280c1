"""What the alliance data-set loaders share: COW codes by year, row reading that skips and counts, dyad-year spells."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import FactFileError, KgError
from ..facts import AgreementFact, AllianceMember, Event, Fact, Origin, PartialDate, Source
from ..gazetteer import Gazetteer
from ..resources import resource_path
from ._records import LoadWarning, ParsedDocument

PERIODS_PATH = "data/gazetteer/cow-periods.csv"

#: Alliance provision codes (kg.vocab.ALLIANCE_PROVISIONS) a yes/no column of a data set stands for.
DEFENCE, OFFENCE, NEUTRALITY, NON_AGGRESSION, CONSULTATION, ENTENTE = (
    "defence", "offence", "neutrality", "non-aggression", "consultation", "entente")


@dataclass(frozen=True)
class _Period:
    first: int | None
    last: int | None
    actor: str


class CowStates:
    """COW state codes to gazetteer ids, by year where COW keeps one code across a change of state (365, 345)."""

    def __init__(self, gazetteer: Gazetteer, periods: Path | None = None) -> None:
        self.gazetteer = gazetteer
        self._codes = {actor.cow: actor.id for actor in gazetteer if actor.cow is not None}
        self._periods: dict[int, list[_Period]] = defaultdict(list)
        path = periods or resource_path(PERIODS_PATH)
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                for number, row in enumerate(csv.DictReader(handle), 2):
                    try:
                        period = _Period(int(row["first_year"]) if row["first_year"] else None,
                                         int(row["last_year"]) if row["last_year"] else None, row["actor"].strip())
                        ccode = int(row["ccode"])
                    except (KeyError, TypeError, ValueError) as exc:
                        raise KgError(f"{path}, line {number}: needs ccode, first_year, last_year, actor ({exc})") from None
                    if period.actor not in gazetteer:
                        raise KgError(f"{path}, line {number}: actor '{period.actor}' is not in the gazetteer")
                    self._periods[ccode].append(period)
        except FileNotFoundError:
            raise KgError(f"COW periods file not found: {path}") from None

    def actor(self, ccode: int, year: int | None) -> str | None:
        """The gazetteer id of a COW state in a year (the code's one state when the year does not matter)."""
        for period in self._periods.get(ccode, ()):
            if year is None or ((period.first is None or year >= period.first) and (period.last is None or year <= period.last)):
                return period.actor
        return self._codes.get(ccode)

    def known(self, ccode: int) -> bool:
        """Say whether the gazetteer has a state for a COW code at all."""
        return ccode in self._codes or ccode in self._periods

    def pieces(self, ccode: int, start: PartialDate,
               end: PartialDate | None) -> list[tuple[str, PartialDate, PartialDate | None]]:
        """Cut a membership spell where the code's state changes (USSR to Russia after 1991), one piece per state."""
        cuts = sorted(p.last for p in self._periods.get(ccode, ()) if p.last is not None
                      and start.year <= p.last and (end is None or p.last < end.year))
        out: list[tuple[str, PartialDate, PartialDate | None]] = []
        begin = start
        for last in cuts:
            out.append((self.actor(ccode, begin.year) or "", begin, PartialDate(last)))
            begin = PartialDate(last + 1)
        out.append((self.actor(ccode, begin.year) or "", begin, end))
        return out


@lru_cache(maxsize=4)
def cow_states(gazetteer: Gazetteer) -> CowStates:
    """One COW resolver per gazetteer, so a folder of files reads the periods once."""
    return CowStates(gazetteer)


def read_header(path: Path) -> list[str]:
    """The column names of a CSV file's first line, for picking its loader by shape ([] if none can be read)."""
    try:
        with path.open("rb") as handle:
            first = handle.readline()
    except OSError:
        return []
    lines = first.decode("utf-8-sig", errors="replace").splitlines()  # a lone '\r' ends a line too
    text = lines[0].strip() if lines else ""
    try:
        return [name.strip().strip('"') for name in next(csv.reader([text]), [])] if text else []
    except csv.Error:  # not a CSV header: no data set's shape, the fact-file loader reports the problem
        return []


class RowProblems:
    """Rows skipped for one reason or another, counted with their line numbers, turned into one warning per reason."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lines: dict[str, list[int]] = defaultdict(list)
        self._first: dict[str, str] = {}
        self._nouns: dict[str, str] = {}

    def skip(self, reason: str, line: int, detail: str, noun: str = "row") -> None:
        """Count one skipped row (or alliance, the noun says) at a line, keeping the first one's detail."""
        self._lines[reason].append(line)
        self._first.setdefault(reason, detail)
        self._nouns.setdefault(reason, noun)

    @property
    def skipped(self) -> int:
        return sum(len(lines) for lines in self._lines.values())

    def warnings(self) -> list[LoadWarning]:
        """One warning per reason, the reason met first coming first (the one --strict refuses)."""
        out = []
        for reason, lines in sorted(self._lines.items(), key=lambda item: item[1][0]):
            few = ", ".join(str(n) for n in lines[:5]) + (", ..." if len(lines) > 5 else "")
            noun = self._nouns[reason]
            rows = f"1 {noun}" if len(lines) == 1 else f"{len(lines)} {noun}s"
            out.append(LoadWarning(str(self.path), lines[0], None,
                                   f"{rows} skipped: {reason} (line {lines[0]}: {self._first[reason]}; lines {few})"))
        return out


@dataclass
class Table:
    """The rows of a numeric data-set table, read line by line; bad rows are skipped into `problems`."""

    path: Path
    header: list[str]
    problems: RowProblems
    _handle: Iterable[bytes] = field(repr=False, default=())

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield (line number, cells by column) for each row with the header's number of cells, in UTF-8."""
        width = len(self.header)
        for number, raw in enumerate(self._handle, 2):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.problems.skip("not UTF-8 text", number, f"byte 0x{raw[exc.start]:02x} at column {exc.start + 1}")
                continue
            text = text.rstrip("\r\n")
            if not text.strip():
                continue
            cells = next(csv.reader([text]))
            if len(cells) != width:
                self.problems.skip("wrong number of cells", number, f"{len(cells)} cells, the header names {width} columns")
                continue
            yield number, dict(zip(self.header, (c.strip() for c in cells), strict=True))


@contextmanager
def open_table(path: Path, needed: Iterable[str], what: str) -> Iterator[Table]:
    """Open a data-set table, refusing an empty file or one without the columns its loader reads."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise FactFileError(str(path), None, None, f"cannot be read ({exc.strerror or exc})") from None
    with handle:
        first = handle.readline()
        if not first.strip():
            raise FactFileError(str(path), None, None, f"the file is empty; {what} starts with a header row naming its columns")
        try:
            text = first.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FactFileError(str(path), 1, None, f"the header is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        header = [name.strip() for name in next(csv.reader([text.strip()]))]
        missing = [name for name in needed if name not in header]
        if missing:
            raise FactFileError(str(path), 1, None, f"not {what}: the header lacks {', '.join(missing)}")
        yield Table(path, header, RowProblems(path), handle)


def whole(cells: dict[str, str], name: str, empty: int | None = None) -> int:
    """Read a whole-number cell (data sets write 1.0 for 1 after a conversion); ValueError names the column."""
    value = cells[name]
    if not value and empty is not None:
        return empty
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"'{value}' in column '{name}' is not a number") from None
    if not number.is_integer():
        raise ValueError(f"'{value}' in column '{name}' is not a whole number")
    return int(number)


def partial_date(year: int, month: int, day: int) -> PartialDate | None:
    """A date from year/month/day cells where 0 means not known (None for year 0); ValueError for an impossible day."""
    if year <= 0:
        return None
    text = f"{year:04d}" + (f"-{month:02d}" if month > 0 else "") + (f"-{day:02d}" if month > 0 and day > 0 else "")
    return PartialDate.parse(text)


def kind_of(provisions: Iterable[str]) -> str:
    """An alliance with a defence promise is a mutual defence pact; any other alliance is a defence agreement of no finer kind."""
    return "mutual-defence-pact" if DEFENCE in provisions else "other"


def ordered(codes: Iterable[str]) -> tuple[str, ...]:
    """Provision codes in one fixed order, so the same data always gives the same fact."""
    order = (DEFENCE, OFFENCE, NEUTRALITY, NON_AGGRESSION, CONSULTATION, ENTENTE)
    found = set(codes)
    return tuple(code for code in order if code in found)


def dyad_facts(table: Table, columns: dict[str, str], states: CowStates, source: Source, prefix: str,
               dataset: str) -> Iterator[Fact]:
    """Rebuild alliances from a directed dyad-year table: one agreement per pair, provision and run of consecutive years.

    Both directions of a pair count once. A run reaching the table's last year is open (no end):
    the data stop there, not the alliance. COW codes are read by year, so a USSR run stops in 1991
    and Russia's starts in 1992.
    """
    years: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    first_line: dict[tuple[str, str, str], int] = {}
    last_year = 0
    for line, cells in table.rows():
        try:
            a, b, year = whole(cells, "ccode1"), whole(cells, "ccode2"), whole(cells, "year")
            flags = {code: whole(cells, column) for column, code in columns.items()}
        except ValueError as exc:
            table.problems.skip("a cell that is not a whole number", line, str(exc))
            continue
        unknown = [c for c in (a, b) if not states.known(c)]
        if unknown:
            table.problems.skip("unknown COW state code", line, f"no state in the gazetteer has COW code {unknown[0]}")
            continue
        last_year = max(last_year, year)
        first, second = states.actor(a, year), states.actor(b, year)
        if first is None or second is None or first == second:
            continue
        pair = (first, second) if first < second else (second, first)
        for code, flag in flags.items():
            if flag:
                key = (*pair, code)
                years[key].add(year)
                first_line.setdefault(key, line)
    for key in sorted(years):
        run: list[int] = []
        for year in [*sorted(years[key]), 0]:
            if run and year != run[-1] + 1:
                yield _spell(*key, run[0], None if run[-1] == last_year else run[-1], states, source, prefix,
                             dataset, Origin(str(table.path), first_line[key]))
                run = []
            run.append(year)


def _spell(a: str, b: str, code: str, start: int, end: int | None, states: CowStates, source: Source, prefix: str,
           dataset: str, origin: Origin) -> AgreementFact:
    gazetteer = states.gazetteer
    names = " – ".join(actor.name_en if (actor := gazetteer.get(i)) else i for i in (a, b))
    period = f"{start}–{end}" if end is not None else f"from {start}"
    first, last = PartialDate(start), PartialDate(end) if end is not None else None
    events = (Event("in-force", first),) + ((Event("ended", last),) if last is not None else ())
    return AgreementFact(
        id=f"{prefix}-{a.lower()}-{b.lower()}-{code}-{start}", parties=(a, b), kind=kind_of((code,)), source=source.id,
        title=f"{dataset} {code} alliance, {names}, {period}", domains=("collective-defence",) if code == DEFENCE else (),
        events=events, origin=origin, obligations=(code,),
        members=tuple(AllianceMember(actor, first, last, (code,)) for actor in (a, b)),
    )


def document(source: Source, facts: Iterable[Fact], problems: RowProblems) -> ParsedDocument:
    """Gather a data set's facts with its source and one warning per kind of skipped row."""
    return ParsedDocument(sources=[source], facts=list(facts), warnings=problems.warnings())
