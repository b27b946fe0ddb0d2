"""Celebrate: "celebrate their successes" and remember the days that are theirs. Fires a few days ahead
(the user's lead time, 3 by default) of a birthday or another yearly date, of a year (or more) in the
current role as profile history dates it, and, more gently, of a year since the first logged
interaction: that one never for someone contacted in the last month (patience, not pestering), and
since its key is the year, at most once a year per person.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from companion import dates
from companion.suggest.candidate import Candidate
from companion.suggest.world import PersonView, World, day_of, stamp

KIND = "celebrate"
OCCASIONS = ("birthday", "date", "work", "met")  # params.occasion: what the extension words
QUIET_DAYS = 30  # the first-meeting anniversary waits for someone not contacted in this long


def _label(when: date, days: int) -> str:
    return "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''} ({when.isoformat()})"


def _yearly(person: PersonView, today: date, lead: int) -> Iterator[Candidate]:
    for label, year, month, day in person.dates:
        when = dates.within(month, day, today, lead)
        if when is None:
            continue
        days, years = (when - today).days, (when.year - year if year else None)
        occasion = "birthday" if label is None else "date"
        what = f"{person.name}'s birthday" if label is None else f"{label} ({person.name})"
        yield Candidate(
            KIND, (person.id,), score=(88 if label is None else 80) - 3 * days,
            text=f"{what} is {_label(when, days)}" + (f": {years} years." if years else "."),
            why=[f"{'birthday' if label is None else label}: {dates.iso(year, month, day)}", _label(when, days)],
            due=when, key=f"{occasion}|{label or ''}|{when.isoformat()}",
            params={"occasion": occasion, "label": label, "date": when.isoformat(), "days": days, "years": years},
            implies="message")


def _anniversary(start: date, today: date, lead: int) -> tuple[date, int, int] | None:
    """The coming anniversary of `start`, if it is within the lead time and a year or more after it:
    (the day, days to go, years)."""
    when = dates.within(start.month, start.day, today, lead)
    if when is None or when.year <= start.year:
        return None
    return when, (when - today).days, when.year - start.year


def _work_anniversaries(world: World, today: date, lead: int) -> Iterator[Candidate]:
    """The latest change of role per person, if they are still in it and it was a change (not a first reading)."""
    latest: dict[int, dict] = {}
    for change in world.changes:
        person_id = change["person_id"]
        if change.get("old") and (person_id not in latest or change["changed_at"] > latest[person_id]["changed_at"]):
            latest[person_id] = change
    for person_id, change in latest.items():
        person = world.people.get(person_id)
        if person is None or getattr(person, change["field"]) != change["new"]:
            continue
        began = day_of(change["changed_at"])
        coming = _anniversary(began, today, lead)
        if coming is None:
            continue
        when, days, years = coming
        yield Candidate(
            KIND, (person_id,), score=72 - 3 * days,
            text=f"{person.name}: {years} year{'s' if years != 1 else ''} as {change['new']} {_label(when, days)}.",
            why=[f"{change['field']} changed to {change['new']} on {began.isoformat()}", _label(when, days)],
            due=when, key=f"work|{change['id']}|{when.year}",
            params={"occasion": "work", "label": change["new"], "date": when.isoformat(), "days": days,
                    "years": years}, implies="message")


def _first_meetings(world: World, today: date, lead: int) -> Iterator[Candidate]:
    quiet_since = stamp(today, QUIET_DAYS)
    for person_id, kinds in world.activity.by_person.items():
        person = world.people.get(person_id)
        last = world.activity.last(person_id)
        if person is None or last is None or last >= quiet_since:
            continue
        met = day_of(min(times[0] for times in kinds.values() if times))
        coming = _anniversary(met, today, lead)
        if coming is None:
            continue
        when, days, years = coming
        yield Candidate(
            KIND, (person_id,), score=55 - 3 * days,
            text=f"{years} year{'s' if years != 1 else ''} since you first met {person.name} {_label(when, days)}.",
            why=[f"first logged on {met.isoformat()}", f"last in touch {day_of(last).isoformat()}"],
            due=when, key=f"met|{when.year}",
            params={"occasion": "met", "label": None, "date": when.isoformat(), "days": days, "years": years},
            implies="message")


def rule(world: World, today: date) -> Iterator[Candidate]:
    lead = world.me.celebrate_lead_days
    for person in world.people.values():
        yield from _yearly(person, today, lead)
    yield from _work_anniversaries(world, today, lead)
    yield from _first_meetings(world, today, lead)
