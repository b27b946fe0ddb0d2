"""What the rules see: a read-only snapshot of people, their activity, profile changes and the user.

Rules are pure functions of (World, today); nothing here touches the store or the clock. Timestamps are
the store's UTC ISO strings ("2026-11-22T09:00:00Z"), which sort in time order, so windows are string
comparisons and bisections rather than millions of datetime objects.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

MEETING_KINDS = ("met", "event", "meeting", "coffee")
GIVING_KINDS = ("helped_them", "intro")
RECEIVING_KINDS = ("helped_me",)


def stamp(day: date, days_ago: int = 0) -> str:
    """The ISO UTC timestamp of the start of `day - days_ago`."""
    moment = datetime.combine(day - timedelta(days=days_ago), time(), tzinfo=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def day_of(timestamp: str) -> date:
    return date.fromisoformat(timestamp[:10])


@dataclass(frozen=True)
class PersonView:
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

    @classmethod
    def from_doc(cls, person_id: int, doc: Mapping[str, Any]) -> PersonView:
        lists = {name: tuple(doc.get(name, ())) for name in ("tags", "interests", "goals", "skills", "offers", "needs")}
        return cls(person_id, doc["name"], doc.get("organization"), doc.get("location"), doc.get("how_met"),
                   cadence_days=doc.get("cadence_days"), **lists)


class Activity:
    """Every interaction's time, per person and kind, sorted; plus who was seen together and who was
    introduced. Built once from the interactions, then kept current change by change."""

    def __init__(self) -> None:
        self.by_person: dict[int, dict[str, list[str]]] = {}
        self.latest: dict[int, str] = {}  # each person's last interaction time, for quick skips
        self.all_times: list[str] = []
        self.together: dict[frozenset[int], int] = {}

    @classmethod
    def build(cls, docs: Iterable[Mapping[str, Any]]) -> Activity:
        """One pass over every interaction; the cyclic GC is held off meanwhile (only acyclic lists are
        made, and collecting while 200k of them appear costs a third of the pass)."""
        activity = cls()
        by_person = activity.by_person
        latest = activity.latest
        times = activity.all_times
        enabled = gc.isenabled()
        gc.disable()
        try:
            for doc in docs:
                kind, at = doc["kind"], doc["occurred_at"]
                times.append(at)
                people = doc["person_ids"]
                for person_id in people:
                    kinds = by_person.get(person_id)
                    if kinds is None:
                        by_person[person_id] = {kind: [at]}
                        latest[person_id] = at
                        continue
                    bucket = kinds.get(kind)
                    if bucket is None:
                        kinds[kind] = [at]
                    else:
                        bucket.append(at)
                    if at > latest[person_id]:
                        latest[person_id] = at
                if len(people) > 1:
                    activity._pairs(people, kind, +1)
            times.sort()
            for kinds in by_person.values():
                for bucket in kinds.values():
                    bucket.sort()
        finally:
            if enabled:
                gc.enable()
        return activity

    def _pairs(self, people: list[int], kind: str, delta: int) -> None:
        for index, first in enumerate(people):
            for second in people[index + 1:]:
                key = frozenset((first, second))
                self.together[key] = self.together.get(key, 0) + delta
                if self.together[key] <= 0:
                    del self.together[key]

    def add(self, doc: Mapping[str, Any]) -> None:
        insort(self.all_times, doc["occurred_at"])
        for person_id in doc["person_ids"]:
            insort(self.by_person.setdefault(person_id, {}).setdefault(doc["kind"], []), doc["occurred_at"])
            self.latest[person_id] = max(self.latest.get(person_id, ""), doc["occurred_at"])
        if len(doc["person_ids"]) > 1:
            self._pairs(doc["person_ids"], doc["kind"], +1)

    def remove(self, doc: Mapping[str, Any]) -> None:
        _discard(self.all_times, doc["occurred_at"])
        for person_id in doc["person_ids"]:
            _discard(self.by_person.get(person_id, {}).get(doc["kind"], []), doc["occurred_at"])
            remaining = [bucket[-1] for bucket in self.by_person.get(person_id, {}).values() if bucket]
            if remaining:
                self.latest[person_id] = max(remaining)
            else:
                self.latest.pop(person_id, None)
        if len(doc["person_ids"]) > 1:
            self._pairs(doc["person_ids"], doc["kind"], -1)

    def focus(self, person_ids: set[int]) -> Activity:
        """The same activity seen for these people only (shared, not copied): per-person rules run over
        it touch only them."""
        view = Activity()
        view.by_person = {p: self.by_person[p] for p in person_ids if p in self.by_person}
        view.latest = {p: self.latest[p] for p in person_ids if p in self.latest}
        view.all_times, view.together = self.all_times, self.together
        return view

    # -- questions rules ask --------------------------------------------------------------------
    def kinds(self, person_id: int) -> dict[str, list[str]]:
        return self.by_person.get(person_id, {})

    def last(self, person_id: int) -> str | None:
        """When anything was last logged with this person."""
        return self.latest.get(person_id)

    def count(self, person_id: int, since: str, until: str | None = None, kinds: Iterable[str] | None = None) -> int:
        total = 0
        for kind, bucket in self.kinds(person_id).items():
            if kinds is None or kind in kinds:
                end = len(bucket) if until is None else bisect_left(bucket, until)
                total += max(0, end - bisect_left(bucket, since))
        return total

    def count_all(self, since: str, until: str | None = None) -> int:
        end = len(self.all_times) if until is None else bisect_left(self.all_times, until)
        return max(0, end - bisect_left(self.all_times, since))


def _discard(bucket: list[str], value: str) -> None:
    index = bisect_left(bucket, value)
    if index < len(bucket) and bucket[index] == value:
        del bucket[index]


@dataclass(frozen=True)
class Me:
    """The user: what they are after, what they can give, and their weekly rhythm."""

    goals: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    weekly_goal: int = 5  # touches a week
    default_cadence_days: int = 90
    daily_cap: int = 5


@dataclass
class World:
    people: dict[int, PersonView]
    activity: Activity
    changes: list[dict[str, Any]] = field(default_factory=list)  # profile changes: person_id, field, old, new, changed_at
    me: Me = field(default_factory=Me)
    tag_cadence: dict[str, int] = field(default_factory=dict)  # a tag's keep-in-touch interval
    pages: list[dict[str, Any]] = field(default_factory=list)  # kept pages: id, url, title, topics, captured_at

    _terms: dict[str, dict[str, set[int]]] = field(default_factory=dict, repr=False)

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

    def focus(self, person_ids: set[int]) -> World:
        """This world narrowed to some people, for re-running per-person rules after they changed."""
        return World({p: self.people[p] for p in person_ids if p in self.people}, self.activity.focus(person_ids),
                     self.changes, self.me, self.tag_cadence, self.pages)

    def forget_terms(self) -> None:
        self._terms.clear()

    def having(self, attribute: str, term: str) -> set[int]:
        return self.terms(attribute).get(term.casefold(), set())

    def cadence(self, person: PersonView) -> int:
        if person.cadence_days:
            return person.cadence_days
        by_tag = [self.tag_cadence[tag] for tag in person.tags if tag in self.tag_cadence]
        return min(by_tag) if by_tag else self.me.default_cadence_days
