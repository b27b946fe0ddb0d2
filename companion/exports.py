"""The user's data out of Tend: vCard, CSV, the JSON backup, and a calendar of what falls due."""

from __future__ import annotations

import calendar
import hashlib
from datetime import date
from collections.abc import Iterator, Mapping
from typing import Any

from companion.formats import backup, ics, people_csv, vcard
from companion.store.schema import PEOPLE
from companion.store.encoded import EncodedDocs
from companion.store.faces import Faces
from companion.suggest.world import PersonView, World

CALENDAR_DAYS = 365  # how far ahead keep-in-touch dates go into the feed


def _people(table: EncodedDocs) -> Iterator[dict[str, Any]]:
    return ({"id": person_id, **doc} for person_id, doc in table.decoded())


def csv_chunks(people: EncodedDocs) -> Iterator[bytes]:
    """The CSV of the people (frozen on the loop: Database.frozen), a line at a time off it."""
    return (row.encode() for row in people_csv.written_rows(_people(people)))


def vcard_chunks(people: EncodedDocs, faces: Faces) -> Iterator[bytes]:
    """The cards of the people (frozen on the loop), each kept face embedded, read from its file as its
    card is written: a card at a time, off the event loop."""
    return (card.encode() for card in vcard.written_cards(
        {**person, "face": faces.get(person["id"]) if person.get("face_updated_at") else None}
        for person in _people(people)))


def json_chunks(tables: Mapping[str, EncodedDocs], faces: Faces, exported_at: str) -> Iterator[bytes]:
    """The lossless backup of these tables (frozen on the loop: Database.frozen), written a document at
    a time with each kept face read from its file as it is written: this runs off the event loop."""
    people = tables.get(PEOPLE)

    def kept_faces() -> Iterator[tuple[int, bytes]]:
        for person_id, doc in people.decoded() if people is not None else ():
            if doc.get("face_updated_at") and (found := faces.get(person_id)):
                yield person_id, found[0]

    return backup.dump_chunks({name: table.encoded() for name, table in tables.items()}, exported_at, kept_faces())


def yearly_events(person: PersonView, today: date) -> list[ics.Event]:
    """A person's birthday and other dates, each a yearly all-day event from its first year (this year's when
    the year is not known; a leap year's for 29 February, so the rule has a day to start from)."""
    events = []
    for label, year, month, day in person.dates:
        first = year or (today.year if (month, day) != (2, 29) else next(y for y in range(today.year, 0, -1)
                                                                            if calendar.isleap(y)))
        what = "birthday" if label is None else label
        uid = ("birthday" if label is None else
               "date-" + hashlib.sha1(f"{label}|{month}|{day}".encode()).hexdigest()[:10])
        events.append(ics.Event(f"tend-{uid}-{person.id}@tend.local", date(first, month, day),
                                f"{what[:1].upper()}{what[1:]}: {person.name}", f"{what} of {person.name}", yearly=True))
    return events


def calendar_events(world: World, tasks: list[dict[str, Any]], today: date) -> list[ics.Event]:
    """Open tasks with a due date, each person's next check-in (overdue ones on today) within a year, and
    their yearly dates. Pure: the world and the open tasks in, events out."""
    events = []
    for task in tasks:
        if task.get("due"):
            who = world.people.get(task["person_id"]) if task.get("person_id") else None
            events.append(ics.Event(f"tend-task-{task['id']}@tend.local", date.fromisoformat(task["due"]),
                                    task["text"], f"With {who.name}" if who else ""))
    for person in world.people.values():
        due = world.check_in_due(person)
        if due is not None and (due - today).days <= CALENDAR_DAYS:
            events.append(ics.Event(f"tend-check-in-{person.id}@tend.local", max(due, today),
                                    f"Check in with {person.name}",
                                    f"Keep-in-touch every {world.cadence(person)} days"))
        events += yearly_events(person, today)
    events.sort(key=lambda event: (event.day, event.uid))
    return events
