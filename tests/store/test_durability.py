"""The data directory as files: persistence, damage, locking, permissions, rollback, backups."""

import errno
import json
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from companion.errors import DamagedData, DataDirLocked, StorageError
from companion.models import InteractionCreate, PersonCreate, PersonUpdate
from companion.store import Store, engine
from companion.store.journal import Journal
from tests.support import FixedClock, abandon

PERSIAN = "نگار\u200cسادات رضایی"  # with a zero-width non-joiner, which must survive byte for byte
BENGALI = "সুমাইয়া রহমান"


def test_reopen_restores_people_and_interactions_exactly(data_dir: Path, clock: FixedClock) -> None:
    store = Store(data_dir, clock)
    first = store.people.create(PersonCreate(name=PERSIAN, notes="قرار قهوه، هفته‌ی بعد", tags=["دوست"]))
    second = store.people.create(PersonCreate(name=BENGALI, bio="ঢাকায় দেখা হয়েছিল"))
    store.interactions.log(InteractionCreate(person_ids=[first.id, second.id], kind="coffee", note="চা ও গল্প"))
    store.close()

    reopened = Store(data_dir, clock)
    assert reopened.people.get(first.id).name == PERSIAN
    assert reopened.people.get(first.id).notes == "قرار قهوه، هفته‌ی بعد"
    assert reopened.people.get(second.id).bio == "ঢাকায় দেখা হয়েছিল"
    assert reopened.interactions.timeline(second.id)[0][0].note == "চা ও গল্প"
    assert reopened.people.get(first.id).last_interaction_at == clock.now
    reopened.close()


def test_a_write_appends_one_journal_line_and_leaves_the_snapshot_alone(store: Store) -> None:
    person = store.people.create(PersonCreate(name="Grace"))
    store.db.storage.compact()
    snapshot = store.db.storage.snapshot_path
    before = snapshot.read_bytes()
    store.interactions.log(InteractionCreate(person_ids=[person.id], kind="call"))
    assert snapshot.read_bytes() == before
    header, *lines = store.db.storage.journal_path.read_bytes().splitlines()
    assert json.loads(header[9:]) == {"base": 1}  # the journal names the snapshot it continues
    assert len(lines) == 1  # the interaction and the person's last_interaction_at: one atomic record
    ops = json.loads(lines[0][9:])["ops"]
    assert sorted(op[0] for op in ops) == ["interactions", "people"]


def test_reopen_without_close_replays_the_journal(data_dir: Path, clock: FixedClock) -> None:
    store = Store(data_dir, clock)
    person = store.people.create(PersonCreate(name="Ada"))
    store.people.update(person.id, PersonUpdate(title="Countess"))
    abandon(store)  # as if killed: no final snapshot
    reopened = Store(data_dir, clock)
    assert reopened.people.get(person.id).title == "Countess"
    reopened.close()


def test_compaction_snapshots_and_empties_the_journal(data_dir: Path, clock: FixedClock) -> None:
    store = Store(data_dir, clock, compact_after_bytes=2000)
    ids = []
    for i in range(30):
        ids.append(store.people.create(PersonCreate(name=f"Person {i}")).id)
        store.db.storage.settle_compaction()  # one written in the background: as if it were quick
    snapshot_bytes = store.db.storage.snapshot_path.stat().st_size
    assert store.db.storage.journal_path.stat().st_size < max(2000, snapshot_bytes)
    snapshot = json.loads(store.db.storage.snapshot_path.read_text())
    assert snapshot["_meta"]["1"]["seq"] > 0 and len(snapshot["people"]) >= 10
    store.close()
    reopened = Store(data_dir, clock)
    people, total = reopened.people.search(limit=100)
    assert total == 30 and sorted(p.id for p in people) == ids
    reopened.close()


@pytest.mark.parametrize("note_bytes", [5_000, 20_000])
def test_a_large_snapshot_is_written_again_once_the_journal_holds_as_much(data_dir: Path, clock: FixedClock,
                                                                         note_bytes: int) -> None:
    """Writing a snapshot costs its size: a large store compacts when its journal has grown as large as
    the snapshot (up to four times `compact_after_bytes`, which bounds a replay after a crash), not at
    every `compact_after_bytes` (a first sync of 200k documents would write its snapshot dozens of times)."""
    store = Store(data_dir, clock, compact_after_bytes=2000)
    store.people.create(PersonCreate(name="Ada", notes="x" * note_bytes))
    store.db.storage.compact()
    snapshot = store.db.storage.snapshot_path
    due = min(snapshot.stat().st_size, 4 * 2000)
    assert due > 4000
    written = snapshot.stat().st_ino
    while store.db.storage.journal_path.stat().st_size < due - 500:
        store.people.create(PersonCreate(name="Grace"))
        store.db.storage.settle_compaction()
        assert snapshot.stat().st_ino == written
    while snapshot.stat().st_ino == written:
        store.people.create(PersonCreate(name="Grace"))
        store.db.storage.settle_compaction()
        assert store.db.storage.journal_path.stat().st_size < due + 500
    store.close()


class _HeldSnapshot:
    """The background snapshot writer, held at its start until the test lets it go (then it writes, or
    fails as a full disk would)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail: bool = False) -> None:
        self.started, self.released, self.fail = threading.Event(), threading.Event(), fail
        self._real = engine._write_snapshot
        monkeypatch.setattr(engine, "_write_snapshot", self._write)

    def _write(self, path: Path, tables: Any, seq: int) -> Any:
        self.started.set()
        assert self.released.wait(10)
        if self.fail:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._real(path, tables, seq)


def _until_compacting(store: Store, held: _HeldSnapshot) -> list[int]:
    ids = []
    while not held.started.is_set():
        ids.append(store.people.create(PersonCreate(name=f"Person {len(ids)}")).id)
    return ids


def test_writes_go_on_while_a_snapshot_is_written_in_the_background(data_dir: Path, clock: FixedClock,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing a snapshot costs its size (seconds for a large store): the writes after it do not wait for
    it, and the journal keeps them once it is written."""
    held = _HeldSnapshot(monkeypatch)
    store = Store(data_dir, clock, compact_after_bytes=2000)
    ids = _until_compacting(store, held)
    later = [store.people.create(PersonCreate(name=f"Later {i}")).id for i in range(10)]  # held: no waiting
    held.released.set()
    store.db.storage.settle_compaction()
    snapshot = json.loads(store.db.storage.snapshot_path.read_text())
    in_snapshot = sorted(int(key) for key in snapshot["people"])  # the tables as the snapshot began
    assert in_snapshot == ids[:len(in_snapshot)] and not set(later) & set(in_snapshot)
    journal = store.db.storage.journal_path.read_bytes()
    assert all(f"Later {i}".encode() in journal for i in range(10)) and b"Person 0" not in journal
    abandon(store)  # as if killed
    reopened = Store(data_dir, clock)
    people, total = reopened.people.search(limit=100)
    assert total == len(ids) + 10 and sorted(p.id for p in people) == ids + later
    reopened.close()


@pytest.mark.parametrize("outcome", ["killed while it is written", "the disk full"])
def test_a_snapshot_that_never_lands_loses_nothing(data_dir: Path, clock: FixedClock,
                                                   monkeypatch: pytest.MonkeyPatch, outcome: str) -> None:
    held = _HeldSnapshot(monkeypatch, fail=True)
    store = Store(data_dir, clock, compact_after_bytes=2000)
    ids = _until_compacting(store, held)
    ids.append(store.people.create(PersonCreate(name="Later")).id)
    if outcome == "the disk full":
        held.released.set()
        store.db.storage.settle_compaction()  # warned, and tried again later: the writes go on
        ids.append(store.people.create(PersonCreate(name="After")).id)
    abandon(store)  # as if killed
    held.released.set()  # a killed process writes nothing more
    reopened = Store(data_dir, clock)
    people, total = reopened.people.search(limit=100)
    assert total == len(ids) and sorted(p.id for p in people) == ids
    reopened.close()


def test_records_already_in_the_snapshot_are_not_applied_twice(data_dir: Path, clock: FixedClock) -> None:
    """A crash between writing the snapshot and emptying the journal must not replay old records."""
    store = Store(data_dir, clock)
    person = store.people.create(PersonCreate(name="Ada"))
    journal_bytes = store.db.storage.journal_path.read_bytes()
    store.db.storage.compact()
    store.people.delete(person.id)
    store.close()
    # Put back the old journal (seq 1, the create) as if the reset never happened after the first snapshot.
    (data_dir / "tend.journal").write_bytes(journal_bytes)
    reopened = Store(data_dir, clock)
    assert not reopened.people.exists(person.id)
    reopened.close()


@pytest.mark.parametrize("damage", [
    pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
    pytest.param(lambda raw: b"\x00\xff garbage \x13" * 40, id="garbage"),
    pytest.param(lambda raw: b'{"people": [1, 2, 3]}', id="json-but-not-tables"),
    pytest.param(lambda raw: b"", id="empty"),
])
def test_a_damaged_snapshot_stops_start_and_is_kept(data_dir: Path, clock: FixedClock, damage) -> None:  # type: ignore[no-untyped-def]
    store = Store(data_dir, clock)
    store.people.create(PersonCreate(name="Ada"))
    store.close()
    snapshot = data_dir / "tend.json"
    damaged = damage(snapshot.read_bytes())
    snapshot.write_bytes(damaged)
    with pytest.raises(DamagedData, match="Nothing was changed"):
        Store(data_dir, clock)
    assert snapshot.read_bytes() == damaged  # never overwritten
    kept = list(data_dir.glob("damaged-*/tend.json"))
    assert kept and kept[0].read_bytes() == damaged
    with pytest.raises(DamagedData):  # and it keeps refusing: nothing was "repaired" silently
        Store(data_dir, clock)


def test_a_damaged_journal_line_before_the_last_stops_start(data_dir: Path, clock: FixedClock) -> None:
    store = Store(data_dir, clock)
    for name in ("A", "B", "C"):
        store.people.create(PersonCreate(name=name))
    abandon(store)
    journal = data_dir / "tend.journal"
    data = bytearray(journal.read_bytes())
    data[20] ^= 0x01
    journal.write_bytes(bytes(data))
    with pytest.raises(DamagedData):
        Store(data_dir, clock)
    assert journal.read_bytes() == bytes(data)


def test_a_second_store_on_the_same_directory_is_refused(store: Store, data_dir: Path, clock: FixedClock) -> None:
    with pytest.raises(DataDirLocked, match="another Tend companion"):
        Store(data_dir, clock)


def test_files_are_readable_by_the_owner_only(store: Store, data_dir: Path) -> None:
    store.people.create(PersonCreate(name="Ada"))
    store.backup()
    for path in [data_dir, *data_dir.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_a_failed_journal_write_leaves_memory_and_indexes_as_they_were(store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    person = store.people.create(PersonCreate(name="Ada", urls=[{"url": "https://github.com/ada"}]))
    before = json.dumps(store.db.storage.documents(), sort_keys=True)

    def disk_full(self, record):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Journal, "append", disk_full)
    with pytest.raises(StorageError, match="disk is full"):
        store.people.update(person.id, PersonUpdate(urls=[{"url": "https://github.com/ada-l"}]))
    with pytest.raises(StorageError):
        store.interactions.log(InteractionCreate(person_ids=[person.id], kind="call"))
    assert json.dumps(store.db.storage.documents(), sort_keys=True) == before
    assert store.people.find_by_url("https://github.com/ada").id == person.id
    assert store.people.find_by_url("https://github.com/ada-l") is None
    assert store.interactions.timeline(person.id) == ([], 0)


def test_backups_rotate_keeping_the_newest(store: Store, clock: FixedClock) -> None:
    store.people.create(PersonCreate(name="Ada"))
    made = []
    for _ in range(12):
        clock.advance(days=1)
        made.append(store.backup())
    kept = sorted((store.data_dir / "backups").glob("tend-*.json"))
    assert kept == made[-10:]
    assert json.loads(kept[-1].read_text())["people"]["1"]["name"] == "Ada"


WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L" + b"\x00" * 14


def test_a_backup_keeps_the_faces_as_they_were_and_restores_by_copying(store: Store, clock: FixedClock) -> None:
    ada = store.people.create(PersonCreate(name="Ada"))
    store.faces.put(ada.id, WEBP)
    first = store.backup()
    clock.advance(days=1)
    store.faces.put(ada.id, b"\xff\xd8\xff" + b"\x00" * 20)  # a new face after the backup
    faces = first.with_suffix(".faces")
    assert (faces / f"{ada.id}.img").read_bytes() == WEBP  # the backup's face did not change with it
    assert stat.S_IMODE(faces.stat().st_mode) & 0o077 == 0

    # Restoring is copying: the backup to tend.json, its faces to faces/.
    data_dir = store.data_dir
    store.close()
    restored_dir = data_dir.parent / "restored"
    restored_dir.mkdir(mode=0o700)
    (restored_dir / "tend.json").write_bytes(first.read_bytes())
    (restored_dir / "faces").mkdir(mode=0o700)
    for face in faces.iterdir():
        (restored_dir / "faces" / face.name).write_bytes(face.read_bytes())
    restored = Store(restored_dir, clock)
    assert restored.people.get(ada.id).name == "Ada"
    assert restored.faces.get(ada.id) == (WEBP, "image/webp")
    restored.close()


def test_pruning_a_backup_removes_its_faces(store: Store, clock: FixedClock) -> None:
    ada = store.people.create(PersonCreate(name="Ada"))
    store.faces.put(ada.id, WEBP)
    made = []
    for _ in range(11):
        clock.advance(days=1)
        made.append(store.backup())
    assert not made[0].exists() and not made[0].with_suffix(".faces").exists()
    assert sorted(path.name for path in (store.data_dir / "backups").glob("*.faces")) == [
        path.with_suffix(".faces").name for path in made[1:]]


def test_the_daily_backup_is_made_once_a_day(store: Store, clock: FixedClock) -> None:
    store.people.create(PersonCreate(name="Ada"))
    store.db.storage.compact()
    assert store.backup_if_due() is not None
    assert store.backup_if_due() is None
    clock.advance(days=1)
    assert store.backup_if_due() is not None
