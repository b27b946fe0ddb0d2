"""Every local change of a synced table, written into its document's replica in the same transaction.

A hook the store runs before each commit (engine.py's `before_commit`): it sees each document as it was
before the transaction and after it, stamps what changed with the hybrid clock, and stores the replica
(marked for the server) in the same journal line as the change itself. So a change acknowledged to the
user is never one that sync forgot, and a kill -9 can never split the two.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from companion.store.sync_records import SyncRecords, new_gid
from companion.sync.codec import decode, encode_text
from companion.sync.hlc import HybridClock
from companion.store.engine import Change
from companion.store.schema import MERGES, PEOPLE
from companion.sync.merge import Replica, delete, merge_into, write
from companion.sync.shapes import ORDER, SHAPES, GidOf, Shape

Doc = dict[str, Any]


def element_key(value: Any) -> str:
    """A list element as the key of its set: its JSON, keys sorted (so one value has one key)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def to_wire(shape: Shape, name: str, value: Any, gid_of: GidOf) -> Any:
    """A field's value as it syncs: its references as global ids."""
    target = shape.refs.get(name)
    if target is None or value is None:
        return value
    if isinstance(value, list):
        return [gid_of(target, local_id) for local_id in value]
    return gid_of(target, value)


def _known(replica: Replica, name: str) -> bool:
    return name in replica.fields or name in replica.sets or name in replica.texts


def written(shape: Shape, replica: Replica, before: Doc, after: Doc | None, stamp: str, gid_of: GidOf) -> Replica:
    """`replica` with a local change written into it: every field that changed, and every field the
    replica does not know yet (a document recorded for the first time), stamped `stamp`."""
    if after is None:
        return delete(replica, stamp)
    values, lists, texts = {}, {}, {}
    for name in sorted(shape.synced(before) | shape.synced(after)):
        old, new = before.get(name), after.get(name)
        if old == new and _known(replica, name):
            continue
        if name in shape.lists:
            lists[name] = [element_key(element) for element in to_wire(shape, name, new or [], gid_of)]
        elif name in shape.texts:
            texts[name] = new or ""
        else:
            values[name] = to_wire(shape, name, new, gid_of)
    return write(replica, stamp, values, lists, texts)


class Recorder:
    """The `before_commit` hook; `paused` while sync itself applies what it pulled (already recorded)."""

    def __init__(self, records: SyncRecords, clock: HybridClock, current: Callable[[str, int], Doc | None]) -> None:
        self.records = records
        self.clock = clock
        self._current = current  # a document as stored now, by table and local id
        self.paused = False
        self.on_recorded: Callable[[], None] | None = None  # told when there is something to send

    def __call__(self, changes: list[Change]) -> None:
        if self.paused:
            return
        # A merge of two people (merges.py records it in the same transaction): the merged-away person
        # syncs as a redirect to the survivor; an undone merge takes the redirect back.
        merged = {after["merged_id"]: after["kept_id"] for table, _, before, after in changes
                  if table == MERGES and before is None and after is not None}
        undone = {after["merged_id"] for table, _, before, after in changes
                  if table == MERGES and before is not None and after is not None
                  and after.get("undone_at") and not before.get("undone_at")}
        for table, local_id, before, after in sorted((change for change in changes if change[0] in SHAPES),
                                                     key=lambda change: (ORDER[change[0]], change[1])):
            if table == PEOPLE and after is None and local_id in merged:
                self._redirect(local_id, self.gid_of(PEOPLE, merged[local_id]))
            elif table == PEOPLE and before is None and local_id in undone:
                self._take_back(local_id, after)
            else:
                self.record(table, local_id, before, after)
        if self.on_recorded is not None and any(change[0] in SHAPES for change in changes):
            self.on_recorded()

    def _redirect(self, local_id: int, survivor: str) -> None:
        found = self.records.of_local(PEOPLE, local_id)
        if found is None:
            return
        record_id, record = found
        replica = merge_into(decode(record["body"])[1], survivor, self.clock.now())
        self.records.put(record_id, {**_unplaced(record, local_id), "body": encode_text(PEOPLE, replica), "dirty": True})

    def _take_back(self, local_id: int, after: Doc | None) -> None:
        """An undone merge: the person's own record again (their global id unchanged), redirect withdrawn."""
        for record_id, record in self.records.docs():
            if record["table"] == PEOPLE and record.get("left_id") == local_id:
                replica = decode(record["body"])[1]
                if replica.merged_into is not None and replica.merged_into.value:
                    stamp = self.clock.now()
                    replica = written(SHAPES[PEOPLE], merge_into(replica, "", stamp), {}, after, stamp, self.gid_of)
                    placed = {key: value for key, value in record.items() if key != "left_id"}
                    self.records.put(record_id, {**placed, "local_id": local_id, "body": encode_text(PEOPLE, replica),
                                                 "dirty": True})
                    return
        self.record(PEOPLE, local_id, None, after)

    def gid_of(self, table: str, local_id: int) -> str:
        """The global id of a local document, recording it now if it never was."""
        found = self.records.of_local(table, local_id)
        if found is not None:
            return str(found[1]["gid"])
        return self.record(table, local_id, None, self._current(table, local_id))

    def record(self, table: str, local_id: int, before: Doc | None, after: Doc | None) -> str:
        """Write one document's change into its record; the record's global id."""
        shape = SHAPES[table]
        found = self.records.of_local(table, local_id)
        if found is None and after is not None and shape.natural_key is not None:
            found = self.records.of_gid(shape.natural_key(after, self.gid_of))
        if found is None:
            gid = shape.natural_key(after, self.gid_of) if after is not None and shape.natural_key else new_gid()
            record_id, record, replica = None, {"gid": gid, "table": table}, Replica()
            if after is None:
                return gid  # deleted before it was ever recorded: nothing to tell anyone
        else:
            record_id, record = found
            replica = decode(record["body"])[1]
        changed = written(shape, replica, before or {}, after, self.clock.now(), self.gid_of)
        if changed == replica and record_id is not None and record.get("local_id") == local_id:
            return str(record["gid"])  # only this machine's own fields changed (a last interaction's time)
        record = {**record, "body": encode_text(table, changed), "dirty": True}
        record = _unplaced(record, local_id) if after is None else {**record, "local_id": local_id}
        self.records.put(record_id, record)
        return str(record["gid"])


def _unplaced(record: Doc, local_id: int) -> Doc:
    """A record whose local document is gone: the id it had is kept, for a merge that is undone."""
    return {**{key: value for key, value in record.items() if key != "local_id"}, "left_id": local_id}
