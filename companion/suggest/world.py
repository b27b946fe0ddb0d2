"""What the rules see: a read-only snapshot of people, their activity, profile changes and the user.

Rules are pure functions of (World, today); nothing here touches the store or the clock. Timestamps are
the store's UTC ISO strings ("2026-11-22T09:00:00Z"), which sort in time order, so windows are string
comparisons and bisections rather than millions of datetime objects.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from contextlib import suppress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from operator import itemgetter
from typing import Any, NamedTuple

from companion.bulk import bulk_load

MEETING_KINDS = ("met", "event", "meeting", "coffee")
GIVING_KINDS = ("helped_them", "intro")
RECEIVING_KINDS = ("helped_me",)

_OCCURRED = itemgetter("occurred_at")


def stamp(day: date, days_ago: int = 0) -> str:
    """The ISO UTC timestamp of the start of `day - days_ago`."""
    moment = datetime.combine(day - timedelta(days=days_ago), time(), tzinfo=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def day_of(timestamp: str) -> date:
    return date.fromisoformat(timestamp[:10])


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

    @classmethod
    def from_doc(cls, person_id: int, doc: Mapping[str, Any]) -> PersonView:
        get = doc.get
        return cls(person_id, doc["name"], get("organization"), get("location"), get("how_met"),
                   tuple(get("tags", ())), tuple(get("interests", ())), tuple(get("goals", ())),
                   tuple(get("skills", ())), tuple(get("offers", ())), tuple(get("needs", ())), get("cadence_days"))


class Activity:
    """Every interaction's time, per person and kind, sorted; plus who was seen together and who was
    introduced. Built once from the interactions, then kept current change by change."""

    def __init__(self) -> None:
        self.by_person: dict[int, dict[str, list[str]]] = {}
        self.latest: dict[int, str] = {}  # each person's last interaction time, for quick skips
        self.all_times: list[str] = []  # in no order: only counted, and over the whole list
        self.together: dict[frozenset[int], int] = {}

    @classmethod
    def build(cls, docs: Iterable[Mapping[str, Any]]) -> Activity:
        """Two passes: each person's interactions are gathered, then sorted by time once and split by
        kind; sorting a person's few interactions beats keeping dozens of per-kind lists sorted (and one
        sort of all 200k costs more: their documents lie all over memory). A bulk load for the GC:
        nothing made is collectable, and the index lives as long as the engine."""
        activity = cls()
        gathered: dict[int, list[Mapping[str, Any]]] = {}
        with bulk_load(long_lived=True):
            for doc in docs:
                activity.all_times.append(doc["occurred_at"])
                people = doc["person_ids"]
                for person_id in people:
                    mine = gathered.get(person_id)
                    if mine is None:
                        gathered[person_id] = [doc]
                    else:
                        mine.append(doc)
                if len(people) > 1:
                    activity._pairs(people, doc["kind"], +1)
            for person_id, mine in gathered.items():
                mine.sort(key=_OCCURRED)
                kinds: dict[str, list[str]] = {}
                for doc in mine:
                    bucket = kinds.get(doc["kind"])
                    if bucket is None:
                        kinds[doc["kind"]] = [doc["occurred_at"]]
                    else:
                        bucket.append(doc["occurred_at"])
                activity.by_person[person_id] = kinds
                activity.latest[person_id] = mine[-1]["occurred_at"]
            del gathered  # references to the stored documents only: gone before the freeze
        return activity

    def _pairs(self, people: list[int], kind: str, delta: int) -> None:
        for index, first in enumerate(people):
            for second in people[index + 1:]:
                key = frozenset((first, second))
                self.together[key] = self.together.get(key, 0) + delta
                if self.together[key] <= 0:
                    del self.together[key]

    def add(self, doc: Mapping[str, Any]) -> None:
        self.all_times.append(doc["occurred_at"])
        for person_id in doc["person_ids"]:
            insort(self.by_person.setdefault(person_id, {}).setdefault(doc["kind"], []), doc["occurred_at"])
            self.latest[person_id] = max(self.latest.get(person_id, ""), doc["occurred_at"])
        if len(doc["person_ids"]) > 1:
            self._pairs(doc["person_ids"], doc["kind"], +1)

    def remove(self, doc: Mapping[str, Any]) -> None:
        with suppress(ValueError):
            self.all_times.remove(doc["occurred_at"])
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
        mine = self.kinds(person_id)
        total = 0
        for bucket in mine.values() if kinds is None else (mine[kind] for kind in kinds if kind in mine):
            end = len(bucket) if until is None else bisect_left(bucket, until)
            total += max(0, end - bisect_left(bucket, since))
        return total

    def count_all(self, since: str, until: str | None = None) -> int:
        """Interactions in [since, until), each once however many people it was with: a scan, which
        costs milliseconds and spares keeping 200k times sorted."""
        if until is None:
            return len([at for at in self.all_times if at >= since])
        return len([at for at in self.all_times if since <= at < until])


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

    def check_in_due(self, person: PersonView) -> date | None:
        """When a check-in with this person falls due: the last interaction plus their cadence. None
        without a rhythm of their own or their tag's, or with nothing logged yet."""
        if not person.cadence_days and not any(tag in self.tag_cadence for tag in person.tags):
            return None
        last = self.activity.last(person.id)
        return None if last is None else day_of(last) + timedelta(days=self.cadence(person))

    def cadence(self, person: PersonView) -> int:
        if person.cadence_days:
            return person.cadence_days
        by_tag = [self.tag_cadence[tag] for tag in person.tags if tag in self.tag_cadence]
        return min(by_tag) if by_tag else self.me.default_cadence_days
