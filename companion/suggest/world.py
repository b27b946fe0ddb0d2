"""What the rules see: a read-only snapshot of people, their activity, profile changes and the user.

Rules are pure functions of (World, today); nothing here touches the store or the clock. Timestamps are
the store's UTC ISO strings ("2026-11-22T09:00:00Z"), which sort in time order, so windows are string
comparisons and bisections rather than millions of datetime objects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, NamedTuple

from companion.activity import Activity
from companion.suggest import cadence as rhythm
from companion.suggest.cadence import day_of  # noqa: F401 (the rules read it from here)

MEETING_KINDS = ("met", "event", "meeting", "coffee")
TERM_FIELDS = ("interests", "goals", "skills", "offers", "needs")
SPREAD_FIELDS = ("organization", "location", "how_met")  # what the network's diversity is told by
GIVING_KINDS = ("helped_them", "intro")
RECEIVING_KINDS = ("helped_me",)


def stamp(day: date, days_ago: int = 0) -> str:
    """The ISO UTC timestamp of the start of `day - days_ago`."""
    moment = datetime.combine(day - timedelta(days=days_ago), time(), tzinfo=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class PersonView(NamedTuple):
    """What rules read of a person: a tuple, because ten thousand of them are made on every cold start."""

    id: int
    name: str
    organization: str | None = None
    location: str | None = None
    how_met: str | None = None
    tags: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    cadence_days: int | None = None
    title: str | None = None
    # Yearly dates as (label, year or None, month, day); the birthday's label is None.
    dates: tuple[tuple[str | None, int | None, int, int], ...] = ()

    @classmethod
    def from_doc(cls, person_id: int, doc: Mapping[str, Any]) -> PersonView:
        get = doc.get
        birthday = get("birthday")
        yearly = [(None, birthday.get("year"), birthday["month"], birthday["day"])] if birthday else []
        yearly += [(item["label"], item.get("year"), item["month"], item["day"]) for item in get("dates", ())]
        return cls(person_id, doc["name"], get("organization"), get("location"), get("how_met"),
                   tuple(get("tags", ())), tuple(get("interests", ())), tuple(get("goals", ())),
                   tuple(get("skills", ())), tuple(get("offers", ())), tuple(get("needs", ())), get("cadence_days"),
                   get("title"), tuple(yearly))


@dataclass(frozen=True)
class Me:
    """The user: what they are after, what they can give, and their weekly rhythm."""

    goals: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    weekly_goal: int = 5  # touches a week
    default_cadence_days: int = 90
    daily_cap: int = 5
    celebrate_lead_days: int = 3  # how many days ahead a yearly date is suggested


@dataclass
class World:
    people: dict[int, PersonView]
    activity: Activity
    changes: list[dict[str, Any]] = field(default_factory=list)  # profile changes: person_id, field, old, new, changed_at
    me: Me = field(default_factory=Me)
    tag_cadence: dict[str, int] = field(default_factory=dict)  # a tag's keep-in-touch interval
    pages: list[dict[str, Any]] = field(default_factory=list)  # kept pages: id, url, title, topics, captured_at

    _terms: dict[str, dict[str, set[int]]] = field(default_factory=dict, repr=False)
    _spreads: dict[str, Counter[str]] | None = field(default=None, repr=False)

    def terms(self, attribute: str) -> dict[str, set[int]]:
        """Term -> who lists it among their `attribute` (interests, goals, skills, offers, needs), case-
        folded: an inverted index built on first use, so matching people is never a scan of pairs."""
        index = self._terms.get(attribute)
        if index is None:
            index = {}
            for person in self.people.values():
                for item in getattr(person, attribute):
                    index.setdefault(item.casefold(), set()).add(person.id)
            self._terms[attribute] = index
        return index

    def spreads(self) -> dict[str, Counter[str]]:
        """How many people share each organization, place and way of meeting ("" counts who has none),
        counted once and then kept current by `put` and `drop`."""
        if self._spreads is None:
            self._spreads = {attribute: Counter(_spread_key(getattr(person, attribute)) for person in self.people.values())
                             for attribute in SPREAD_FIELDS}
        return self._spreads

    def put(self, person: PersonView) -> None:
        """A person added or changed: their view, the counts, and the term index when their terms moved."""
        before = self.people.get(person.id)
        self._recount(before, -1)
        self.people[person.id] = person
        self._recount(person, +1)
        if any(getattr(before, name, ()) != getattr(person, name) for name in TERM_FIELDS):
            self.forget_terms()

    def drop(self, person_id: int) -> None:
        self._recount(self.people.pop(person_id, None), -1)
        self.forget_terms()

    def _recount(self, person: PersonView | None, delta: int) -> None:
        if person is None or self._spreads is None:
            return
        for attribute, counts in self._spreads.items():
            key = _spread_key(getattr(person, attribute))
            counts[key] += delta
            if counts[key] <= 0:
                del counts[key]

    def focus(self, person_ids: set[int]) -> World:
        """This world narrowed to some people, for re-running per-person rules after they changed."""
        return World({p: self.people[p] for p in person_ids if p in self.people}, self.activity.focus(person_ids),
                     self.changes, self.me, self.tag_cadence, self.pages)

    def forget_terms(self) -> None:
        self._terms.clear()

    def having(self, attribute: str, term: str) -> set[int]:
        return self.terms(attribute).get(term.casefold(), set())

    def check_in_due(self, person: PersonView) -> date | None:
        return rhythm.check_in_due(self.activity.last(person.id), person.cadence_days, person.tags, self.tag_cadence,
                                   self.me.default_cadence_days)

    def cadence(self, person: PersonView) -> int:
        return rhythm.cadence(person.cadence_days, person.tags, self.tag_cadence, self.me.default_cadence_days)


def _spread_key(value: str | None) -> str:
    return value.strip() if value else ""
