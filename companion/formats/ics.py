"""An iCalendar (RFC 5545) feed of all-day events: what a calendar app subscribes to.

Written by `icalendar`, which escapes, folds and formats dates as the RFC says; Tend only makes sure no
value holds a character some reader ends a line at (text.printable).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from companion.text import printable


@dataclass(frozen=True)
class Event:
    uid: str  # stable across exports, so a calendar updates an event rather than adding another
    day: date
    summary: str
    description: str = ""
    yearly: bool = False  # comes round every year from `day` on (a birthday, an anniversary)


def _yearly_rule(day: date) -> dict[str, object]:
    """Every year; 29 February on the last day of February, so common years keep it on the 28th."""
    if (day.month, day.day) == (2, 29):
        return {"freq": "yearly", "bymonth": 2, "bymonthday": -1}
    return {"freq": "yearly"}


def write(events: Iterable[Event], stamp: datetime, name: str = "Tend") -> str:
    return "".join(written(events, stamp, name))


def written(events: Iterable[Event], stamp: datetime, name: str = "Tend") -> Iterator[str]:
    """The calendar's text an event at a time (a feed of 50k people's dates would otherwise be a tree of
    objects some 150 MB large, then its text): the calendar's own lines around each event's."""
    import icalendar  # a tenth of a second to import: when a calendar is asked for, not at start-up

    calendar = icalendar.Calendar()
    for key, value in (("prodid", "-//Tend//Tend companion//EN"), ("version", "2.0"), ("calscale", "GREGORIAN"),
                       ("method", "PUBLISH"), ("x-wr-calname", printable(name))):
        calendar.add(key, value)
    head, end, tail = calendar.to_ical().decode("utf-8").rpartition("END:VCALENDAR")
    yield head
    for event in events:
        item = icalendar.Event()
        item.add("uid", event.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", event.day)
        item.add("dtend", event.day + timedelta(days=1))
        item.add("summary", printable(event.summary))
        if event.yearly:
            item.add("rrule", _yearly_rule(event.day))
        item.add("transp", "TRANSPARENT")
        if event.description:
            item.add("description", printable(event.description))
        yield item.to_ical().decode("utf-8")
    yield end + tail
