"""Dates as sources give them: a year, a month or a day, and never an impossible one."""

import pytest

from kg.facts import DateFormatError, PartialDate


@pytest.mark.parametrize(
    ("text", "precision"),
    [("2017", "year"), ("2024-07", "month"), ("2025-10-07", "day"), ("2024-02-29", "day")],
)
def test_dates_keep_their_precision(text: str, precision: str) -> None:
    date = PartialDate.parse(text)
    assert date.precision == precision
    assert date.isoformat() == text


@pytest.mark.parametrize("text", ["2025-02-30", "2023-02-29", "2025-13-01", "2025-00", "25-10-07", "7 octobre 2025", ""])
def test_impossible_or_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(DateFormatError):
        PartialDate.parse(text)


def test_partial_dates_sort_as_text_sorts() -> None:
    dates = ["2025-10-07", "2017", "2025-03", "2025-03-27"]
    assert sorted(dates) == [d.isoformat() for d in sorted(PartialDate.parse(d) for d in dates)]
