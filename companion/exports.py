"""The user's data out of Tend: vCard, CSV, the JSON backup, and a calendar of what falls due."""

from __future__ import annotations

from datetime import date
from typing import Any

from companion.formats import backup, ics, people_csv, vcard
from companion.models import format_timestamp
from companion.store import Store
from companion.suggest.world import World

CALENDAR_DAYS = 365  # how far ahead keep-in-touch dates go into the feed


def people(store: Store) -> list[dict[str, Any]]:
    return [{"id": person_id, **doc} for person_id, doc in sorted(store.people.docs())]


def as_vcard(store: Store) -> str:
    return vcard.write(people(store))


def as_csv(store: Store) -> str:
    return people_csv.write(people(store))


def as_json(store: Store) -> str:
    return backup.dump(store.db.dump(backup.TABLES), format_timestamp(store.clock()))


def calendar_events(world: World, tasks: list[dict[str, Any]], today: date) -> list[ics.Event]:
    """Open tasks with a due date, and each person's next check-in (overdue ones on today), within a
    year. Pure: the world and the open tasks in, events out."""
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
    events.sort(key=lambda event: (event.day, event.uid))
    return events
