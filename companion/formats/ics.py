"""An iCalendar (RFC 5545) feed of all-day events: what a calendar app subscribes to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from companion.formats.contentline import escape, lines


@dataclass(frozen=True)
class Event:
    uid: str  # stable across exports, so a calendar updates an event rather than adding another
    day: date
    summary: str
    description: str = ""


def write(events: Iterable[Event], stamp: datetime, name: str = "Tend") -> str:
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tend//Tend companion//EN", "CALSCALE:GREGORIAN",
           "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(name)}"]
    when = stamp.strftime("%Y%m%dT%H%M%SZ")
    for event in events:
        out += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{when}",
                f"DTSTART;VALUE=DATE:{event.day.strftime('%Y%m%d')}",
                f"DTEND;VALUE=DATE:{(event.day + timedelta(days=1)).strftime('%Y%m%d')}",
                f"SUMMARY:{escape(event.summary)}", "TRANSP:TRANSPARENT"]
        if event.description:
            out.append(f"DESCRIPTION:{escape(event.description)}")
        out.append("END:VEVENT")
    out.append("END:VCALENDAR")
    return lines(out)
