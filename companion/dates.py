"""Dates that come round every year (a birthday, an anniversary, the day you met), the year optional. Pure.

Many people share a birthday without its year, and address books write one every way there is: vCard's
`--0412` and `19850412`, ISO `1985-04-12`, Apple's placeholder year 1604, Android's 0000, "April 12" as
text. `parse` reads them all into (year or None, month, day); `on_year` says which day a date is kept in
a given year: 29 February is celebrated on 28 February in a common year.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

# Placeholder years address books write for "no year": Apple's (with X-APPLE-OMIT-YEAR) and Android's.
NO_YEAR = (0, 1604)
MONTHS = tuple(calendar.month_name)  # "", "January", …

_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")  # 1985-04-12, 19850412, 1985-04-12T00:00:00Z
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")  # --0412, --04-12 (vCard 4, ISO 8601:2000)
_SLASHED = re.compile(r"^(\d{1,4})[/.](\d{1,2})[/.](\d{1,4})$")  # 12/4/1985, 4/12/1985, 1985/04/12
_TEXT_FORMATS = ("%B %d", "%b %d", "%d %B", "%d %b", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y")

PartialDate = tuple[int | None, int, int]  # (year or None, month, day)


class NotADate(ValueError):
    pass


def check(year: int | None, month: int, day: int) -> None:
    """NotADate unless `day` `month` exists (in `year`, or in some year: 29 February needs no leap year)."""
    if not 1 <= month <= 12:
        raise NotADate(f"month {month} is not a month (1 to 12)")
    last = calendar.monthrange(year if year is not None else 2000, month)[1]  # 2000: a leap year
    if not 1 <= day <= last:
        raise NotADate(f"{day} {MONTHS[month]} is not a date" + (f" in {year}" if year is not None and day <= 29 else ""))


def parse(text: str) -> PartialDate:
    """(year or None, month, day) of a date as address books and people write it; NotADate otherwise."""
    value = text.strip()
    year: int | None
    if match := _NO_YEAR.match(value):
        year, month, day = None, int(match[1]), int(match[2])
    elif match := _ISO.match(value):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _SLASHED.match(value):
        year, month, day = _slashed(*(int(part) for part in match.groups()), text=value)
    else:
        year, month, day = _text(value)
    if year in NO_YEAR:
        year = None
    check(year, month, day)
    return year, month, day


def _slashed(first: int, second: int, third: int, text: str) -> PartialDate:
    if first > 31:  # 1985/04/12
        return first, second, third
    if first > 12 >= second:  # 12/4/1985: day first
        return third, second, first
    if second > 12 >= first:  # 4/12/1985: month first
        return third, first, second
    if first == second:
        return third, first, second
    raise NotADate(f"{text!r} could be either {first} {MONTHS[second]} or {second} {MONTHS[first]}; "
                   "write it as YYYY-MM-DD")


def _text(value: str) -> PartialDate:
    for layout in _TEXT_FORMATS:
        try:
            parsed = datetime.strptime(value, layout)
        except ValueError:
            continue
        return (parsed.year if "%Y" in layout else None), parsed.month, parsed.day
    raise NotADate(f"{value!r} is not a date Tend reads (1985-04-12, --04-12 without a year, or 12 April 1985)")


def on_year(month: int, day: int, year: int) -> date:
    """The day a yearly date is kept in `year`: 29 February falls on 28 February in a common year."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def next_on_or_after(month: int, day: int, today: date) -> date:
    """The first day on or after `today` on which this yearly date is kept."""
    this_year = on_year(month, day, today.year)
    return this_year if this_year >= today else on_year(month, day, today.year + 1)


def within(month: int, day: int, today: date, days: int) -> date | None:
    """The day this yearly date is kept if that is `today` or in the next `days` days, else None."""
    when = next_on_or_after(month, day, today)
    return when if when <= today + timedelta(days=days) else None


def iso(year: int | None, month: int, day: int) -> str:
    """ISO 8601's form: 1985-04-12, or --04-12 without a year (what vCard 4 and CSV exports write)."""
    return f"{year:04d}-{month:02d}-{day:02d}" if year is not None else f"--{month:02d}-{day:02d}"
