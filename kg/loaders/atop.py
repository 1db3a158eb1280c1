"""ATOP (Alliance Treaty Obligations and Provisions): member-level rows, or dyad-years, in; one agreement per alliance out."""

from __future__ import annotations

import csv
import datetime as _dt
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from ..facts import AgreementFact, AllianceMember, Event, Origin, PartialDate, Source
from ..gazetteer import Gazetteer
from ._alliances import (
    CONSULTATION,
    DEFENCE,
    NEUTRALITY,
    NON_AGGRESSION,
    OFFENCE,
    Table,
    cow_states,
    document,
    dyad_facts,
    kind_of,
    open_table,
    ordered,
    partial_date,
    read_header,
    whole,
)
from ._records import LoadWarning, ParsedDocument

#: The ATOP yes/no provision columns, as alliance provision codes.
PROVISION_COLUMNS = {"defense": DEFENCE, "offense": OFFENCE, "neutral": NEUTRALITY, "nonagg": NON_AGGRESSION,
                     "consul": CONSULTATION}
MEMBER_COLUMNS = ("atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", *PROVISION_COLUMNS)
ALLIANCE_COLUMNS = ("atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", *PROVISION_COLUMNS)
DYAD_COLUMNS = ("ccode1", "ccode2", "year", *(f"atop_{c}" for c in PROVISION_COLUMNS))
#: The alliance-level file read beside a member-level one, for the alliances' own dates and provisions.
ALLIANCE_FILE = "atop-alliance-level.csv"

_CITATION = ("Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. 2002. "
             "Alliance Treaty Obligations and Provisions, 1815-1944. International Interactions 28: 237-260.")


def source_for(version: str, via: str | None = None) -> Source:
    """The ATOP release a file holds, as the source of every fact read from it."""
    slug = version.replace(".", "-")
    title = f"Alliance Treaty Obligations and Provisions (ATOP) v{version}"
    return Source(
        id=f"atop-v{slug}" + (f"-{via}" if via else ""),
        title=title + (f", dyad-years via {via}" if via else ""),
        publisher="ATOP project (Leeds et al.)", url="http://www.atopdata.org/",
        author="Brett Ashley Leeds, Jeffrey M. Ritter, Sara McLaughlin Mitchell, Andrew G. Long", language="en",
        note=f"Research data set, not shipped with kg; cite: {_CITATION}"
             + (" Dyad-years as converted by the R package peacesciencer (Miller 2022)." if via else "")
             + " COW code 365 is read as the Soviet Union to 1991 and Russia from 1992, 345 as Yugoslavia, "
               "Serbia and Montenegro, Serbia (data/gazetteer/cow-periods.csv); a member's spell across such a "
               "change is cut there.",
    )


def shape(header: list[str]) -> str | None:
    """Which ATOP table a header is: 'member', 'alliance', 'dyad', or None."""
    names = set(header)
    for name, columns in (("member", MEMBER_COLUMNS), ("alliance", ALLIANCE_COLUMNS), ("dyad", DYAD_COLUMNS)):
        if set(columns) <= names:
            return name
    return None


def matches(path: Path) -> bool:
    """Say whether a CSV file has the header of an ATOP table, so kg build reads it without --format."""
    return shape(read_header(path)) is not None


def load_atop(path: Path, gazetteer: Gazetteer, today: _dt.date | None = None) -> ParsedDocument:
    """Read an ATOP table: member-level (with the alliance-level file beside it if there), or peacesciencer dyad-years."""
    kind = shape(read_header(path))
    if kind == "dyad":
        with open_table(path, DYAD_COLUMNS, "an ATOP dyad-year table") as table:
            source = source_for("5.1", "peacesciencer")
            columns = {f"atop_{c}": code for c, code in PROVISION_COLUMNS.items()}
            facts = list(dyad_facts(table, columns, cow_states(gazetteer), source, "atop-dyad", "ATOP"))
            return document(source, facts, table.problems)
    if kind == "alliance":
        # read by the member-level loader; alone it cannot say who the members were when
        with open_table(path, ALLIANCE_COLUMNS, "an ATOP alliance-level table"):
            pass
        beside = path.with_name("atop-member-level.csv")
        if beside.exists():
            return ParsedDocument()
        return ParsedDocument(warnings=[LoadWarning(str(path), None, None, "an ATOP alliance-level table is read only "
                                                    "beside its member-level table (atop-member-level.csv); nothing loaded")])
    with open_table(path, MEMBER_COLUMNS, "an ATOP member-level table (atopid, member, yrent, ...)") as table:
        alliances, skipped = _alliance_level(path.with_name(ALLIANCE_FILE))
        source = source_for(_version(path))
        parsed = document(source, list(member_facts(table, gazetteer, source.id, alliances)), table.problems)
        parsed.warnings.extend(skipped)
        return parsed


def _version(path: Path) -> str:
    """The ATOP release named by the 'version' column of the first row (4.01 if the file does not say)."""
    with path.open("rb") as handle:
        lines = [handle.readline().decode("utf-8-sig", errors="replace") for _ in range(2)]
    rows = list(csv.DictReader(lines))
    try:
        return f"{float(rows[0]['version']):.2f}".rstrip("0").rstrip(".") if rows and rows[0].get("version") else "4.01"
    except ValueError:
        return "4.01"


class _Alliance:
    """The alliance-level row of one alliance: its own dates and provisions."""

    def __init__(self, begin: PartialDate | None, end: PartialDate | None, provisions: tuple[str, ...]) -> None:
        self.begin, self.end, self.provisions = begin, end, provisions


def _alliance_level(path: Path) -> tuple[dict[int, _Alliance], list[LoadWarning]]:
    """The alliance-level rows by atopid, and warnings naming that file's lines it skipped."""
    if not path.exists():
        return {}, []
    found: dict[int, _Alliance] = {}
    with open_table(path, ALLIANCE_COLUMNS, "an ATOP alliance-level table") as table:
        for line, cells in table.rows():
            try:
                begin = partial_date(whole(cells, "begyr"), whole(cells, "begmo", 0), whole(cells, "begday", 0))
                end = partial_date(whole(cells, "endyr", 0), whole(cells, "endmo", 0), whole(cells, "endday", 0))
                provisions = ordered(code for column, code in PROVISION_COLUMNS.items() if whole(cells, column))
                found[whole(cells, "atopid")] = _Alliance(begin, end, provisions)
            except ValueError as exc:
                table.problems.skip("a bad cell in the alliance-level table", line, str(exc))
        return found, table.problems.warnings()


def member_facts(table: Table, gazetteer: Gazetteer, source: str,
                 alliances: dict[int, _Alliance] | None = None) -> Iterator[AgreementFact]:
    """One agreement per ATOP alliance: its members' dated spells (one per row, i.e. per phase) and provisions."""
    states = cow_states(gazetteer)
    spells: dict[int, list[AllianceMember]] = defaultdict(list)
    first_line: dict[int, int] = {}
    for line, cells in table.rows():
        try:
            atopid, ccode = whole(cells, "atopid"), whole(cells, "member")
            start = partial_date(whole(cells, "yrent"), whole(cells, "moent", 0), whole(cells, "dayent", 0))
            end = partial_date(whole(cells, "yrexit", 0), whole(cells, "moexit", 0), whole(cells, "dayexit", 0))
            provisions = ordered(code for column, code in PROVISION_COLUMNS.items() if whole(cells, column))
        except ValueError as exc:
            table.problems.skip("a cell that is not a whole number or a real date", line, str(exc))
            continue
        if start is None:
            table.problems.skip("no entry year", line, "yrent is 0 or empty")
            continue
        if not states.known(ccode):
            table.problems.skip("unknown COW state code", line, f"no state in the gazetteer has COW code {ccode}")
            continue
        first_line.setdefault(atopid, line)
        for actor, begin, finish in states.pieces(ccode, start, end):
            spells[atopid].append(AllianceMember(actor, begin, finish, provisions))
    for atopid in sorted(spells):
        members = tuple(dict.fromkeys(spells[atopid]))  # a partner's row repeats when Czechoslovakia's successors took over
        parties = tuple(dict.fromkeys(m.actor for m in members))
        if len(parties) < 2:
            table.problems.skip("an alliance with fewer than two known members", first_line[atopid],
                                f"ATOP alliance {atopid} keeps only {', '.join(parties)}", noun="alliance")
            continue
        level = (alliances or {}).get(atopid)
        provisions = level.provisions if level else ordered(p for m in members for p in m.provisions)
        opened = level.begin if level else min((m.start for m in members if m.start), default=None)
        ends = [m.end for m in members]
        closed = level.end if level else (max(e for e in ends if e) if all(ends) else None)
        events = ((Event("in-force", opened),) if opened else ()) + ((Event("ended", closed),) if closed else ())
        yield AgreementFact(
            id=f"atop-{atopid}", parties=parties, kind=kind_of(provisions), source=source,
            title=f"ATOP alliance {atopid}", domains=("collective-defence",) if DEFENCE in provisions else (),
            events=events, origin=Origin(str(table.path), first_line[atopid]), obligations=provisions, members=members,
        )

