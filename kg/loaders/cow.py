"""COW Formal Alliances (Gibler 2009) as peacesciencer's directed dyad-years in; one agreement per pair, type and spell out."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..facts import Source
from ..gazetteer import Gazetteer
from ._alliances import DEFENCE, ENTENTE, NEUTRALITY, NON_AGGRESSION, cow_states, document, dyad_facts, open_table, read_header
from ._records import ParsedDocument

#: The COW yes/no alliance-type columns, as alliance provision codes.
TYPE_COLUMNS = {"cow_defense": DEFENCE, "cow_neutral": NEUTRALITY, "cow_nonagg": NON_AGGRESSION, "cow_entente": ENTENTE}
DYAD_COLUMNS = ("ccode1", "ccode2", "year", *TYPE_COLUMNS)

SOURCE = Source(
    id="cow-alliance-v4-1-peacesciencer",
    title="Correlates of War Formal Alliances v4.1, dyad-years via peacesciencer",
    publisher="Correlates of War Project", url="https://correlatesofwar.org/data-sets/formal-alliances/",
    author="Douglas M. Gibler", language="en",
    note="Research data set, not shipped with kg; cite: Gibler, Douglas M. 2009. International Military Alliances, "
         "1648-2008. CQ Press. Directed dyad-years as converted by the R package peacesciencer (Miller 2022), which "
         "no longer distributes them at the COW maintainer's request. Each agreement is a run of consecutive years "
         "of one alliance type between two states, not a treaty; COW code 365 is read as the Soviet Union to 1991 "
         "and Russia from 1992 (data/gazetteer/cow-periods.csv).",
)


def matches(path: Path) -> bool:
    """Say whether a CSV file has the header of the COW dyad-year table, so kg build reads it without --format."""
    return set(DYAD_COLUMNS) <= set(read_header(path))


def load_cow(path: Path, gazetteer: Gazetteer, today: _dt.date | None = None) -> ParsedDocument:
    """Read the COW alliance dyad-year table into one two-party agreement per alliance type and run of years."""
    with open_table(path, DYAD_COLUMNS, "a COW alliance dyad-year table (ccode1, ccode2, year, cow_defense, ...)") as table:
        facts = list(dyad_facts(table, TYPE_COLUMNS, cow_states(gazetteer), SOURCE, "cow", "COW"))
        return document(SOURCE, facts, table.problems)
