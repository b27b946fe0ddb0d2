"""Sync's side of the store: what to send, and what arrived, merged and applied, in transactions.

Synchronous and on the event loop like every other write, a batch at a time (each a few milliseconds):
the network calls (replicator.py) happen between batches. Every step is idempotent: a batch of arrivals
and the checkpoint after it commit together, and a record is marked sent only if it did not change while
it was on its way, so a kill -9 at any moment leaves nothing lost and nothing doubled.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from companion import profiles
from companion.chunks import batched
from companion.store import Store
from companion.store.repository import replace_doc
from companion.store.schema import INTERACTIONS, PEOPLE, VALIDATORS
from companion.store.sync_records import SyncRecords, SyncState
from companion.sync.codec import decode, encode_text
from companion.sync.hlc import HybridClock
from companion.sync.materialize import materialized
from companion.sync.merge import Replica, came_back, created_by, merge, merge_into
from companion.sync.recorder import Recorder
from companion.sync.shapes import ORDER, SHAPES

log = logging.getLogger(__name__)
Doc = dict[str, Any]


@dataclass
class Arrival:
    """One document from the server: its global id, revision and replica (opened and decoded)."""

    gid: str
    rev: str
    table: str
    replica: Replica


@dataclass
class Applied:
    """What a batch of arrivals did, for the sync log."""

    changed: int = 0
    came_back: list[str] = field(default_factory=list)  # global ids of documents an edit brought back
    kept_both: list[str] = field(default_factory=list)  # global ids whose notes kept concurrent texts
    joined: list[str] = field(default_factory=list)  # global ids of people found twice, made one again
    refused: list[str] = field(default_factory=list)  # global ids whose documents this Tend cannot take

    def add(self, other: Applied) -> None:
        """What another batch did, added to this one's."""
        self.changed += other.changed
        for name in ("came_back", "kept_both", "joined", "refused"):
            getattr(self, name).extend(getattr(other, name))


class LocalSide:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db
        self.records = SyncRecords(store.db, store.clock)
        self.state = SyncState(store.db)
        with self.db.transaction():
            device = self.state.get().device
        self.clock = HybridClock(device)
        self.recorder = Recorder(self.records, self.clock, self._current)
        self.db.storage.before_commit.append(self.recorder)
        self._moved: set[int] = set()  # people whose dependents go elsewhere now (removed or redirected here)
        self._new_people: set[int] = set()  # people first placed here, in the batch being applied
        self._redirected: set[str] = set()  # people whose merge redirect an arrival changed, in that batch

    def close(self) -> None:
        self.db.storage.before_commit.remove(self.recorder)

    def _current(self, table: str, local_id: int) -> Doc | None:
        return self.db.storage.table(table).get(str(local_id))

    # -- first use: every document recorded ---------------------------------------------------------
    def unrecorded(self, step: int) -> Iterator[list[tuple[str, int]]]:
        """Local documents of synced tables that have no record yet (a store from before sync), referenced
        tables first: after each `step` documents looked at, those found among them (often none). Lazy, so
        a sync looks a step at a time (all of 200k documents at once held the event loop 0.23 s); what is
        written meanwhile is recorded as it is written, and a document deleted meanwhile records nothing."""
        for table in SHAPES:
            for keys in batched(self.db.storage.table(table), step):
                yield [(table, local_id) for local_id in map(int, keys) if not self.records.has_local(table, local_id)]

    def record_all(self, documents: Iterable[tuple[str, int]]) -> None:
        with self.db.transaction():
            for table, local_id in documents:
                self.recorder.gid_of(table, local_id)

    # -- sending -------------------------------------------------------------------------------------
    def outgoing(self, limit: int, after: int = 0) -> list[tuple[int, Doc]]:
        """Records with changes the server has not seen (each with the revision it replaces), from the
        record after `after` (the last of a batch still on its way)."""
        return self.records.dirty(limit, after)

    def sent(self, taken: list[tuple[int, Doc, str]]) -> None:
        """The server took each (record, body) as revision rev: a record is clean unless it changed since
        it was sent. One transaction for the batch (one fsync, not one a document)."""
        with self.db.transaction():
            for record_id, body, rev in taken:
                current = self.records.raw(record_id)
                self.records.put(record_id, {**current, "rev": rev, "dirty": current["body"] != body})

    def unknown_there(self, gid: str) -> None:
        """The server no longer has `gid`: it goes again, as a new document."""
        found = self.records.of_gid(gid)
        if found is not None:
            with self.db.transaction():
                self.records.put(found[0], {**found[1], "rev": "", "dirty": True})

    def knows(self, gid: str, rev: str) -> bool:
        """Whether this machine's record of `gid` is at revision `rev` already (it sent it, or took it)."""
        found = self.records.of_gid(gid)
        return found is not None and found[1].get("rev") == rev

    def forget_revisions(self) -> None:
        """The database was emptied or made anew: every record goes again, as a new document."""
        with self.db.transaction():
            for record_id, record in list(self.records.docs()):
                self.records.put(record_id, {**record, "rev": "", "dirty": True})
            self.state.put(self.state.get().model_copy(update={"since": "0"}))

    # -- arriving ------------------------------------------------------------------------------------
    def apply(self, arrivals: list[Arrival], since: str | None) -> Applied:
        """Merge and apply `arrivals`, and move the checkpoint to `since`, all in one transaction."""
        applied = Applied()
        touched_people: set[int] = set()
        self._new_people = set()
        self._redirected = set()
        self.recorder.paused = True
        try:
            with self.db.transaction():
                self._moved = set()
                for arrival in sorted(arrivals, key=lambda a: ORDER.get(a.table, len(ORDER))):
                    for stamp in arrival.replica.writes.values():
                        self.clock.observe(stamp)
                    self._arrive(arrival, applied, touched_people)
                self._break_redirect_cycles(touched_people)
                self._place_dependents(touched_people)
                self._settle_waiting(touched_people)
                if touched_people:
                    self.store.interactions.refresh_people(touched_people)
                if since is not None:
                    self.state.put(self.state.get().model_copy(update={"since": since}))
        finally:
            self.recorder.paused = False
        applied.joined = self._join_same_people(self._new_people)
        return applied

    def _join_same_people(self, arrived: set[int]) -> list[str]:
        """People who arrived and were here already, made independently on another machine (the same
        link, address or number: the identity rule), merged back into one, as a merge the user makes
        syncs: every machine decides the same (the record with the first global id is kept), so the two
        merges agree. Two people one machine made sharing an address stay as the user left them."""
        joined = []
        for person_id in sorted(arrived):
            if not self.store.people.exists(person_id):
                continue  # joined into someone already
            found = self.store.people.same_as(person_id)
            if found is None or self.store.kept_apart.apart(person_id, found[0]):
                continue
            here, there = self._person_record(found[0]), self._person_record(person_id)
            if here is None or there is None or created_by(here[1]) == created_by(there[1]):
                continue
            keep, gone = (found[0], person_id) if here[0] < there[0] else (person_id, found[0])
            profiles.merge(self.store, keep, gone)
            joined.append(min(here[0], there[0]))
            log.info("sync: one person found on two machines (the same %s), kept as one", found[1])
        return joined

    def _person_record(self, person_id: int) -> tuple[str, Replica] | None:
        found = self.records.of_local(PEOPLE, person_id)
        if found is None or "body" not in found[1]:
            return None
        return str(found[1]["gid"]), decode(found[1]["body"])[1]

    def _arrive(self, arrival: Arrival, applied: Applied, touched_people: set[int]) -> None:
        if arrival.table not in SHAPES:
            applied.refused.append(arrival.gid)
            return
        found = self.records.of_gid(arrival.gid)
        record_id, record = found if found is not None else (None, {"gid": arrival.gid, "table": arrival.table})
        local = decode(record["body"])[1] if "body" in record else Replica()
        merged = merge(local, arrival.replica)
        if arrival.table == PEOPLE and local.merged_into != merged.merged_into:
            # Merged into someone else elsewhere (two merges of one person at once): what followed the
            # redirect here follows the one that won.
            before = self._local_of(PEOPLE, arrival.gid)
            if before is not None:
                self._moved.add(before)
            self._redirected.add(arrival.gid)
        if came_back(local, merged):
            applied.came_back.append(arrival.gid)
        if any(len(text.heads) > 1 for text in merged.texts.values()) and merged != local:
            applied.kept_both.append(arrival.gid)
        dirty = bool(record.get("dirty")) or merged != arrival.replica
        record = {**record, "body": encode_text(arrival.table, merged), "rev": arrival.rev, "dirty": dirty}
        if merged != local or record.get("local_id") is None:
            applied.changed += 1
            record = self._materialize(arrival.table, record, merged, touched_people)
        self.records.put(record_id, record)

    def _materialize(self, table: str, record: Doc, replica: Replica, touched_people: set[int]) -> Doc:
        """Write the local document `replica` stands for; the record, with its local id as it now is."""
        storage_table = self.db.table(table)
        local_id = record.get("local_id")
        current = self._current(table, local_id) if local_id is not None else None
        missing: list[str] = []

        def local_of(target: str, gid: str) -> int | None:
            found = self._local_of(target, gid)
            if found is None:
                missing.append(gid)
            return found

        doc = materialized(SHAPES[table], replica, current, local_of)
        if table == INTERACTIONS:
            touched_people.update((current or {}).get("person_ids", []), (doc or {}).get("person_ids", []))
        if doc is None:
            if current is not None:
                storage_table.remove(doc_ids=[local_id])
                if table == PEOPLE:
                    self._moved.add(local_id)
            placed = {key: value for key, value in record.items() if key not in ("local_id", "waiting")}
            return {**placed, "waiting": True} if replica.alive else placed
        if table == PEOPLE:
            doc["revision"] = int((current or {}).get("revision", 0)) + 1
        try:
            VALIDATORS[table](local_id or 1, doc)
        except ValueError as error:
            log.warning("sync: %s %s cannot be taken here (%s); it stays on the server", table, record["gid"], error)
            return record
        if current is None:
            local_id = storage_table.insert(doc)
            if table == PEOPLE:
                self._new_people.add(local_id)
        else:
            replace_doc(storage_table, local_id, doc)
        placed = {**{key: value for key, value in record.items() if key != "waiting"}, "local_id": local_id}
        # Placed without someone it names who is not here (a task whose person comes in a later batch, an
        # interaction with someone deleted here whom an edit elsewhere brings back): it waits too, and is
        # placed again, whole, after each batch, until they are.
        return {**placed, "waiting": True} if missing else placed

    def _break_redirect_cycles(self, touched_people: set[int]) -> None:
        """Two merges at once in opposite directions (A into B here, B into A there, or a person found on
        two machines) would leave neither: the first global id of such a cycle stays a person, on every
        machine alike, and this machine says so to the others."""
        for gid in sorted(self._redirected):
            cycle = self._redirect_cycle(gid)
            if not cycle:
                continue
            record_id, record = self.records.of_gid(min(cycle))  # type: ignore[misc]
            table, replica = decode(record["body"])
            replica = merge_into(replica, "", self.clock.now())
            record = {**record, "body": encode_text(table, replica), "dirty": True}
            self.records.put(record_id, self._materialize(table, record, replica, touched_people))
            log.info("sync: two merges of the same people crossed; %s stays", min(cycle))

    def _redirect_cycle(self, gid: str) -> list[str]:
        """The global ids of a cycle of merge redirects through `gid`, or none."""
        chain, end = self._follow(gid)
        if end is not None or chain[-1] not in chain[:-1]:
            return []
        return chain[chain.index(chain[-1]):-1]

    def _place_dependents(self, touched_people: set[int]) -> None:
        """What referred to people an arrival removed, placed again: an interaction logged here with a
        person merged away elsewhere now names the survivor (its references are global ids, resolved
        through the redirect); one with nobody left waits."""
        owners = (self.store.interactions, self.store.tasks, self.store.kept_apart, self.store.suggestion_state)
        for person_id in sorted(self._moved):
            for owner in owners:
                for local_id in sorted(owner.by_person.get(person_id)):
                    found = self.records.of_local(owner.table_name, local_id)
                    if found is not None:
                        record_id, record = found
                        table, replica = decode(record["body"])
                        self.records.put(record_id, self._materialize(table, record, replica, touched_people))

    def _settle_waiting(self, touched_people: set[int]) -> None:
        """Documents that waited for someone they refer to: placed, now that more has arrived."""
        for record_id, record in self.records.waiting():
            table, replica = decode(record["body"])
            placed = self._materialize(table, record, replica, touched_people)
            if placed != record:
                self.records.put(record_id, placed)

    def _local_of(self, table: str, gid: str) -> int | None:
        """The local id of a global one, following merge redirects."""
        _, record = self._follow(gid)
        local_id = record.get("local_id") if record is not None else None
        return int(local_id) if local_id is not None else None

    def _follow(self, gid: str) -> tuple[list[str], Doc | None]:
        """`gid` and the people it was merged into, in turn, and the record where that ends: None when a
        record is not here, or the redirects go round in a cycle (or on for more than a few hops)."""
        chain = [gid]
        for _ in range(16):
            found = self.records.of_gid(chain[-1])
            if found is None:
                return chain, None
            replica = decode(found[1]["body"])[1]
            target = replica.merged_into.value if replica.merged_into is not None else ""
            if not target:
                return chain, found[1]
            chain.append(target)
            if target in chain[:-1]:
                return chain, None
        return chain, None
