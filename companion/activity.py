"""Every interaction's time, per person and kind: what the suggestion rules ask of the past.

An index of the interactions table (the store builds it with its other indexes, at warm-up or on first
use, and keeps it current from the change feed), shaped for the rules' questions: when was the last
thanks, how many meetings in the year before last spring, who was seen together. Times are kept as UTC
seconds in arrays (8 bytes each, not a 70-byte string per interaction: 200k interactions hold 1.6 MB)
and read as the store's ISO strings; windows are bisections.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, overload

from companion.bulk import bulk_load
from companion.packed import pack, unpack

_ISO = "%Y-%m-%dT%H:%M:%SZ"


def seconds(iso: str) -> int:
    """UTC seconds of a stored timestamp ("2026-11-22T09:00:00Z") or of a day's start ("2026-11-22")."""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


def iso(value: int) -> str:
    return datetime.fromtimestamp(value, timezone.utc).strftime(_ISO)


class Stamps(Sequence[str]):
    """One person's times of one kind, oldest first: UTC seconds, read as ISO strings."""

    __slots__ = ("seconds",)

    def __init__(self, values: Iterable[int] = ()) -> None:
        self.seconds = array("q", values)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [iso(value) for value in self.seconds[index]]
        return iso(self.seconds[index])

    def __len__(self) -> int:
        return len(self.seconds)

    def __iter__(self) -> Iterator[str]:
        return map(iso, self.seconds)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"Stamps({list(self)!r})"

    def between(self, since: int, until: int | None) -> int:
        """How many times lie in [since, until) (seconds)."""
        end = len(self.seconds) if until is None else bisect_left(self.seconds, until)
        return max(0, end - bisect_left(self.seconds, since))


class Activity:
    """Every interaction's time, per person and kind, sorted; plus who was seen together and who was
    introduced. Built once from the interactions, then kept current change by change."""

    def __init__(self) -> None:
        self.by_person: dict[int, dict[str, Stamps]] = {}
        self.latest: dict[int, str] = {}  # each person's last interaction time, for quick skips
        self.per_day: dict[str, int] = {}  # interactions per UTC day ("2026-11-22"), each once
        # pair_key(a, b) -> interactions with both: an int key, a seventh of a frozenset's memory
        self.together: dict[int, int] = {}

    @classmethod
    def build(cls, docs: Iterable[Mapping[str, Any]]) -> Activity:
        """Two passes. The first reads the documents (decoded one at a time, encoded.py) into three flat
        arrays (person, time, kind); the second files those into each person's arrays, which are then
        sorted once. Why flat first: the index's many small long-lived objects, made while documents come
        and go, would pin the memory the documents used (200 MB more for 1M interactions). A bulk load
        for the GC: nothing made is collectable, and the index lives as long as the store."""
        activity = cls()
        people, times, codes = array("q"), array("q"), array("H")
        kind_codes: dict[str, int] = {}
        with bulk_load(long_lived=True):
            per_day = activity.per_day
            for doc in docs:
                at = doc["occurred_at"]
                day = at[:10]
                per_day[day] = per_day.get(day, 0) + 1
                kind, when = doc["kind"], seconds(at)
                code = kind_codes.setdefault(kind, len(kind_codes))
                for person_id in doc["person_ids"]:
                    people.append(person_id)
                    times.append(when)
                    codes.append(code)
                if len(doc["person_ids"]) > 1:
                    activity._pairs(doc["person_ids"], kind, +1)
            kinds_by_code = list(kind_codes)
            by_person = activity.by_person
            for person_id, when, code in zip(people, times, codes):
                kinds = by_person.get(person_id)
                if kinds is None:
                    kinds = by_person[person_id] = {}
                bucket = kinds.get(kinds_by_code[code])
                if bucket is None:
                    kinds[kinds_by_code[code]] = Stamps((when,))
                else:
                    bucket.seconds.append(when)
            del people, times, codes
            for person_id, kinds in by_person.items():
                for bucket in kinds.values():
                    if len(bucket.seconds) > 1:
                        bucket.seconds = array("q", sorted(bucket.seconds))
                activity.latest[person_id] = iso(max(bucket.seconds[-1] for bucket in kinds.values()))
        return activity

    def packed(self) -> bytes:
        """The activity as bytes (saved with the snapshot, store/derived.py): the kinds and days as JSON,
        every person's times as arrays."""
        kinds: dict[str, int] = {}
        people, sizes, codes, lengths, times = array("q"), array("q"), array("H"), array("q"), array("q")
        for person_id, mine in self.by_person.items():
            people.append(person_id)
            sizes.append(len(mine))
            for kind, bucket in mine.items():
                codes.append(kinds.setdefault(kind, len(kinds)))
                lengths.append(len(bucket.seconds))
                times.extend(bucket.seconds)
        pairs, counts = array("q", self.together), array("q", self.together.values())
        return pack({"kinds": list(kinds), "per_day": self.per_day}, people, sizes, codes, lengths, times, pairs, counts)

    @classmethod
    def unpacked(cls, data: bytes) -> Activity:
        """What `packed` wrote. ValueError when it is not that."""
        head, arrays = unpack(data)
        if not (isinstance(head, dict) and len(arrays) == 7 and isinstance(head.get("kinds"), list)
                and isinstance(head.get("per_day"), dict)):
            raise ValueError("not an activity")
        people, sizes, codes, lengths, times, pairs, counts = arrays
        if len(people) != len(sizes) or sum(sizes) != len(codes) or len(codes) != len(lengths) \
                or sum(lengths) != len(times) or len(pairs) != len(counts) \
                or max(codes, default=-1) >= len(head["kinds"]):
            raise ValueError("not an activity")
        activity = cls()
        kinds, entry, at = head["kinds"], 0, 0
        with bulk_load(long_lived=True):
            for person_id, size in zip(people, sizes):
                mine = activity.by_person[person_id] = {}
                for code, length in zip(codes[entry:entry + size], lengths[entry:entry + size]):
                    bucket = mine[kinds[code]] = Stamps()
                    bucket.seconds = times[at:at + length]
                    at += length
                entry += size
                if mine:
                    activity.latest[person_id] = iso(max(bucket.seconds[-1] for bucket in mine.values()))
            activity.per_day = head["per_day"]
            activity.together = dict(zip(pairs, counts))
        return activity

    def _pairs(self, people: list[int], kind: str, delta: int) -> None:
        for index, first in enumerate(people):
            for second in people[index + 1:]:
                key = pair_key(first, second)
                self.together[key] = self.together.get(key, 0) + delta
                if self.together[key] <= 0:
                    del self.together[key]

    def _count_day(self, at: str, delta: int) -> None:
        day = at[:10]
        left = self.per_day.get(day, 0) + delta
        if left > 0:
            self.per_day[day] = left
        else:
            self.per_day.pop(day, None)

    def add(self, doc: Mapping[str, Any]) -> None:
        self._count_day(doc["occurred_at"], +1)
        when = seconds(doc["occurred_at"])
        for person_id in doc["person_ids"]:
            insort(self.by_person.setdefault(person_id, {}).setdefault(doc["kind"], Stamps()).seconds, when)
            self.latest[person_id] = max(self.latest.get(person_id, ""), doc["occurred_at"])
        if len(doc["person_ids"]) > 1:
            self._pairs(doc["person_ids"], doc["kind"], +1)

    def remove(self, doc: Mapping[str, Any]) -> None:
        self._count_day(doc["occurred_at"], -1)
        when = seconds(doc["occurred_at"])
        for person_id in doc["person_ids"]:
            kinds = self.by_person.get(person_id, {})
            bucket = kinds.get(doc["kind"])
            if bucket is not None:
                _discard(bucket.seconds, when)
                if not bucket:
                    del kinds[doc["kind"]]
            remaining = [bucket.seconds[-1] for bucket in kinds.values() if bucket]
            if remaining:
                self.latest[person_id] = iso(max(remaining))
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
        view.per_day, view.together = self.per_day, self.together
        return view

    # -- questions rules ask --------------------------------------------------------------------
    def kinds(self, person_id: int) -> dict[str, Stamps]:
        return self.by_person.get(person_id, {})

    def last(self, person_id: int) -> str | None:
        """When anything was last logged with this person."""
        return self.latest.get(person_id)

    def count(self, person_id: int, since: str, until: str | None = None, kinds: Iterable[str] | None = None) -> int:
        mine = self.kinds(person_id)
        start, end = seconds(since), None if until is None else seconds(until)
        buckets = mine.values() if kinds is None else (mine[kind] for kind in kinds if kind in mine)
        return sum(bucket.between(start, end) for bucket in buckets)

    def count_all(self, since: str, until: str | None = None) -> int:
        """Interactions in [since, until), each once however many people it was with. Windows are whole
        UTC days (every caller starts them at midnight): a sum over a few days' counts, not a scan."""
        first, last = since[:10], until[:10] if until is not None else "\uffff"
        return sum(count for day, count in self.per_day.items() if first <= day < last)


def pair_key(first: int, second: int) -> int:
    """Two people as one key, whichever comes first."""
    low, high = (first, second) if first < second else (second, first)
    return low << 32 | high


def _discard(bucket: array, value: int) -> None:
    index = bisect_left(bucket, value)
    if index < len(bucket) and bucket[index] == value:
        del bucket[index]
