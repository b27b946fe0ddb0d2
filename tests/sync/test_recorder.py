"""Every local change of a synced table lands in its document's replica, in the same journal line."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.models import InteractionCreate, PersonCreate, PersonUpdate
from companion.store import Store
from companion.store.sync_records import SyncRecords
from companion.sync.codec import decode
from companion.sync.hlc import HybridClock
from companion.sync.recorder import Recorder, element_key
from companion.sync.shapes import SHAPES
from tests.support import FixedClock


def _recording(store: Store, device: str = "laptop") -> tuple[SyncRecords, Recorder]:
    records = SyncRecords(store.db, store.clock)
    wall = [1_764_667_200_000]

    def tick() -> int:
        wall[0] += 1
        return wall[0]

    recorder = Recorder(records, HybridClock(device, tick),
                        lambda table, local_id: store.db.storage.table(table).get(str(local_id)))
    store.db.storage.before_commit.append(recorder)
    return records, recorder


def _replica(records: SyncRecords, table: str, local_id: int):  # type: ignore[no-untyped-def]
    found = records.of_local(table, local_id)
    assert found is not None
    return found[1], decode(found[1]["body"])[1]


def test_a_person_and_an_interaction_are_recorded_with_global_references(store: Store) -> None:
    records, _ = _recording(store)
    ada = store.people.create(PersonCreate(name="Ada", tags=["friend", "دوست"], notes="Met at the meetup"))
    logged = store.interactions.log(InteractionCreate(person_ids=[ada.id], kind="coffee", note="চা"))
    person_record, person = _replica(records, "people", ada.id)
    interaction_record, interaction = _replica(records, "interactions", logged.id)
    assert person.value("name") == "Ada" and person.value("notes") == "Met at the meetup"
    assert person.present("tags") == sorted([element_key("friend"), element_key("دوست")])
    assert interaction.present("person_ids") == [element_key(person_record["gid"])]
    assert interaction.value("note") == "চা" and person_record["dirty"] and interaction_record["dirty"]
    assert "revision" not in person.fields and "last_interaction_at" not in person.fields  # local only


def test_an_edit_stamps_only_what_changed_and_a_delete_is_recorded(store: Store) -> None:
    records, _ = _recording(store)
    ada = store.people.create(PersonCreate(name="Ada"))
    _, first = _replica(records, "people", ada.id)
    store.people.update(ada.id, PersonUpdate(title="Countess"))
    record, second = _replica(records, "people", ada.id)
    assert second.fields["name"] == first.fields["name"]
    assert second.fields["title"].stamp > first.fields["name"].stamp
    store.delete_person(ada.id)
    assert records.of_local("people", ada.id) is None
    [(_, gone)] = [(i, doc) for i, doc in records.docs() if doc["gid"] == record["gid"]]
    assert not decode(gone["body"])[1].alive and gone["dirty"]


def test_a_rolled_back_write_leaves_no_record(store: Store) -> None:
    records, _ = _recording(store)
    with pytest.raises(RuntimeError):
        with store.db.transaction():
            store.people.create(PersonCreate(name="Ada"))
            raise RuntimeError("the user's write failed half way")
    assert records.count() == 0 and store.people.count() == 0


def test_records_survive_a_kill_with_the_changes_they_describe(data_dir: Path, clock: FixedClock) -> None:
    store = Store(data_dir, clock)
    records, _ = _recording(store)
    ada = store.people.create(PersonCreate(name="Ada"))
    store.people.update(ada.id, PersonUpdate(organization="Analytical Engines"))
    expected = dict(records.docs())
    store.db.storage._journal.close()  # killed: no snapshot
    store.db._lock.release()
    reopened = Store(data_dir, clock)
    assert dict(SyncRecords(reopened.db, clock).docs()) == expected
    reopened.close()


def test_a_suggestions_state_has_the_same_global_id_on_every_machine(tmp_path: Path, clock: FixedClock) -> None:
    gids = []
    for name in ("laptop", "desktop"):
        store = Store(tmp_path / name, clock)
        records, _ = _recording(store, name)
        store.suggestion_state.set("reconnect:7", "done")
        gids.append(next(doc["gid"] for _, doc in records.docs()))
        store.close()
    assert gids[0] == gids[1]
    assert set(SHAPES) >= {"people", "interactions", "tasks", "suggestion_state", "me"}
    assert not {"tokens", "calendar_key"} & set(SHAPES)


def test_a_change_of_local_fields_only_sends_nothing(store: Store) -> None:
    records, _ = _recording(store)
    ada = store.people.create(PersonCreate(name="Ada"))
    record_id, record = records.of_local("people", ada.id)  # type: ignore[misc]
    store.db.table("sync_records").update({"dirty": False}, doc_ids=[record_id])
    store.interactions.log(InteractionCreate(person_ids=[ada.id], kind="call"))  # moves last_interaction_at
    assert store.people.get(ada.id).last_interaction_at is not None
    assert records.raw(record_id)["dirty"] is False and records.raw(record_id)["body"] == record["body"]
