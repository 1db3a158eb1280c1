"""Turn the date expressions the matcher found into partial dates, at the precision the text gives."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ..facts import PartialDate
from .vocabulary import Lexicon, fold, shared

__all__ = ["DateValue", "relative_date", "resolve_date"]

_DAY = re.compile(r"^(\d{1,2})[a-z]*$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class DateValue:
    """A resolved date, or why it could not be resolved (e.g. '12 April' with no publication date)."""

    date: PartialDate | None
    problem: str | None = None
    year_only: bool = False


def _fold_keys(mapping: dict[str, int]) -> dict[str, int]:
    return {fold(k): v for k, v in mapping.items()}


@lru_cache(maxsize=1)
def _mid() -> re.Pattern[str]:
    """'mi-mars', 'mi-2023': the prefix of shared.yaml's dates.mid_prefix, then a month or a year."""
    return re.compile("^" + re.escape(shared().mid_prefix) + "(.+)$")


@lru_cache(maxsize=64)
def _parser(lang: str, base: _dt.datetime | None, past: bool) -> object:
    """Build a dateparser parser once per setting: building one costs far more than parsing."""
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    if past:
        settings["PREFER_DATES_FROM"] = "past"
    return DateDataParser(languages=[lang], settings=settings)


@lru_cache(maxsize=4096)
def _parse(text: str, lang: str, base: _dt.datetime | None, past: bool) -> _dt.datetime | None:
    """Ask dateparser, which knows both languages' month and day names and rejects impossible days."""
    return _parser(lang, base, past).get_date_data(text).date_obj  # type: ignore[attr-defined]


def resolve_date(norms: list[str], lex: Lexicon, published: PartialDate | None, *, strict: bool = False) -> DateValue:
    """Read a matched date (folded tokens) into a PartialDate; a missing year comes from the publication date."""
    months = _fold_keys(lex.months)
    weekdays = _fold_keys(lex.weekdays)
    day = month = year = weekday = None
    for norm in norms:
        if (m := _NUMERIC.match(norm)) and lex.numeric_day_first:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        elif m := _ISO.match(norm):
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        elif norm in months:
            month = months[norm]
        elif norm in weekdays:
            weekday = weekdays[norm]
        elif _YEAR.match(norm):
            year = int(norm)
        elif (m := _mid().match(norm)) and (m.group(1) in months or _YEAR.match(m.group(1))):
            if m.group(1) in months:
                month = months[m.group(1)]
            else:
                year = int(m.group(1))
        elif (m := _DAY.match(norm)) and day is None and 1 <= int(m.group(1)) <= 31:
            day = int(m.group(1))
    lang = lex.lang
    if year is not None and month is None:
        return DateValue(PartialDate(year), year_only=True)
    if month is not None:
        if year is None:
            if published is None:
                return DateValue(None, "a date without a year and no publication date to take the year from")
            year = published.year
            # Articles report past acts: '12 December' in a January article is last December.
            if published.month is not None and (month, day or 1) > (published.month, published.day or 31):
                year -= 1
        if day is None:
            return DateValue(PartialDate(year, month))
        # dateparser checks the day exists (no 30 February) and reads it the way the language writes it.
        text = f"{day} {_month_name(lex, month)} {year}"
        parsed = _parse(text, lang, None, False)
        if parsed is None or (parsed.year, parsed.month, parsed.day) != (year, month, day):
            return DateValue(None, f"'{day}/{month}/{year}' is not a real day")
        return DateValue(PartialDate(year, month, day))
    if weekday is not None:
        if published is None or published.day is None:
            return DateValue(None, "a weekday with no publication date (to the day) to count back from")
        # The most recent such weekday on or before the publication day: articles report past events;
        # 'last Tuesday' / 'mardi dernier' is strictly before it.
        base = _dt.datetime(published.year, published.month or 1, published.day) + _dt.timedelta(days=0 if strict else 1)
        parsed = _parse(_weekday_name(lex, weekday), lang, base, True)
        if parsed is None:
            return DateValue(None, "could not count back to the weekday")
        return DateValue(PartialDate(parsed.year, parsed.month, parsed.day))
    return DateValue(None, "not a date")


def relative_date(unit: str, offset: int, published: PartialDate | None) -> DateValue:
    """Resolve 'yesterday', 'last year' and the like against the publication date."""
    if published is None or (unit == "day" and published.day is None) or (unit == "month" and published.month is None):
        return DateValue(None, f"a relative date ('{unit}') with no publication date to count from")
    if unit == "year":
        return DateValue(PartialDate(published.year + offset), year_only=True)
    if unit == "month":
        index = published.year * 12 + (published.month or 1) - 1 + offset
        return DateValue(PartialDate(index // 12, index % 12 + 1))
    day = _dt.date(published.year, published.month or 1, published.day or 1) + _dt.timedelta(days=offset)
    return DateValue(PartialDate(day.year, day.month, day.day))


def _month_name(lex: Lexicon, month: int) -> str:
    return max((name for name, number in lex.months.items() if number == month), key=len)


def _weekday_name(lex: Lexicon, weekday: int) -> str:
    return next(name for name, number in lex.weekdays.items() if number == weekday)
