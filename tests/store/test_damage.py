"""Damage is evidence: every kind stops start-up with a clear message and an owner-only copy aside, the
files are left as they were, and `tend doctor` (through `verify`) names the same problem."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from companion.doctor import diagnose
from companion.errors import DamagedData
from companion.models import PersonCreate
from companion.store import Store, files as store_files, verify
from companion.store.journal import encode
from tests.support import FixedClock, abandon

Damage = Callable[[Path], None]


def _crash(store: Store) -> None:
    """Leave the store as a kill -9 would: journal written, no final snapshot."""
    abandon(store)


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def flip_last_line(data_dir: Path) -> None:
    journal = data_dir / "tend.journal"
    data = bytearray(journal.read_bytes())
    data[-5] ^= 0x01  # inside the last, acknowledged line, which keeps its newline
    journal.write_bytes(bytes(data))


def drop_a_middle_record(data_dir: Path) -> None:
    journal = data_dir / "tend.journal"
    lines = _lines(journal)
    journal.write_bytes(b"".join(lines[:2] + lines[3:]))  # header, seq 2, [seq 3 gone], seq 4…


def remove_journal(data_dir: Path) -> None:
    (data_dir / "tend.journal").unlink()


def empty_journal(data_dir: Path) -> None:
    (data_dir / "tend.journal").write_bytes(b"")


def remove_snapshot(data_dir: Path) -> None:
    (data_dir / "tend.json").unlink()


def wrong_typed_person(data_dir: Path) -> None:
    """A line with a good checksum whose person has a number for a name and a string for a list."""
    journal = data_dir / "tend.journal"
    seq = json.loads(_lines(journal)[-1][9:])["seq"] + 1
    bad = {"name": 42, "emails": "not-a-list", "revision": 1, "created_at": "2026-11-22T09:00:00Z",
           "updated_at": "2026-11-22T09:00:00Z"}
    journal.write_bytes(journal.read_bytes() + encode({"seq": seq, "ops": [["people", 99, bad]]}))


def unknown_table(data_dir: Path) -> None:
    journal = data_dir / "tend.journal"
    seq = json.loads(_lines(journal)[-1][9:])["seq"] + 1
    journal.write_bytes(journal.read_bytes() + encode({"seq": seq, "ops": [["peoplee", 1, {"x": 1}]]}))


@pytest.fixture
def crashed_store(data_dir: Path, clock: FixedClock) -> Path:
    """A store with a snapshot (after a compaction) and four people in the journal after it."""
    store = Store(data_dir, clock)
    store.people.create(PersonCreate(name="In the snapshot"))
    store.db.storage.compact()
    for name in ("A", "B", "C", "D"):
        store.people.create(PersonCreate(name=name))
    _crash(store)
    return data_dir


@pytest.mark.parametrize(("damage", "said"), [
    pytest.param(flip_last_line, "checksum does not match", id="flipped-byte-in-the-last-line"),
    pytest.param(drop_a_middle_record, "records are missing", id="sequence-gap"),
    pytest.param(remove_journal, "tend.journal is missing", id="journal-missing"),
    pytest.param(empty_journal, "tend.journal is empty", id="journal-empty"),
    pytest.param(remove_snapshot, "tend.json is missing", id="snapshot-missing"),
    pytest.param(wrong_typed_person, "people document 99", id="wrong-typed-person"),
    pytest.param(unknown_table, "does not have", id="unknown-table"),
])
def test_damage_stops_start_keeps_a_copy_and_doctor_says_so(crashed_store: Path, clock: FixedClock, damage: Damage,
                                                             said: str) -> None:
    data_dir = crashed_store
    damage(data_dir)
    before = {path.name: path.read_bytes() for path in data_dir.glob("tend.j*")}
    with pytest.raises(DamagedData, match=said) as refused:
        Store(data_dir, clock)
    assert "Nothing was changed" in refused.value.message
    assert {path.name: path.read_bytes() for path in data_dir.glob("tend.j*")} == before  # nothing "repaired"
    copies = list(data_dir.glob("damaged-*"))
    assert copies and stat.S_IMODE(copies[0].stat().st_mode) == 0o700
    with pytest.raises(DamagedData, match=said):  # doctor's check is start-up's check
        verify(data_dir)
    integrity = next(check for check in diagnose(data_dir, 0) if check.label == "integrity")
    assert not integrity.ok and said in integrity.detail


def test_a_snapshot_older_than_its_journal_is_damage(data_dir: Path, clock: FixedClock) -> None:
    """Copying yesterday's tend.json back while today's journal stays would replay changes onto the wrong base."""
    store = Store(data_dir, clock)
    store.people.create(PersonCreate(name="Ada"))
    store.db.storage.compact()
    older = (data_dir / "tend.json").read_bytes()
    store.people.create(PersonCreate(name="Grace"))
    store.db.storage.compact()
    store.people.create(PersonCreate(name="Hedy"))
    _crash(store)
    (data_dir / "tend.json").write_bytes(older)
    with pytest.raises(DamagedData, match="older than the snapshot"):
        Store(data_dir, clock)


def test_a_backup_restores_by_copying_it_to_tend_json(data_dir: Path, clock: FixedClock, tmp_path: Path) -> None:
    """The README's restore: a backup is standalone, so no journal is expected beside it."""
    store = Store(data_dir, clock)
    person = store.people.create(PersonCreate(name="Ada"))
    backup = store.backup()
    store.close()
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(backup, restored / "tend.json")
    reopened = Store(restored, clock)
    assert reopened.people.get(person.id).name == "Ada"
    reopened.close()


def test_a_hand_edited_snapshot_is_checked_document_by_document(data_dir: Path, clock: FixedClock) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "tend.json").write_text(json.dumps({"people": {"1": {"name": ["not", "text"], "revision": 1,
                                                               "created_at": "2026-11-22T09:00:00Z",
                                                               "updated_at": "2026-11-22T09:00:00Z"}}}))
    with pytest.raises(DamagedData, match="people document 1"):
        Store(data_dir, clock)


def test_a_checked_store_answers_every_list(data_dir: Path, clock: FixedClock) -> None:
    """Documents are checked when they load, so a list never fails later on one bad document."""
    store = Store(data_dir, clock)
    store.people.create(PersonCreate(name="Ada"))
    _crash(store)
    reopened = Store(data_dir, clock)
    assert [p.name for p in reopened.people.search()[0]] == ["Ada"]
    reopened.close()


def test_a_leftover_temporary_snapshot_is_removed_at_start(data_dir: Path, clock: FixedClock) -> None:
    store = Store(data_dir, clock)
    store.people.create(PersonCreate(name="Ada"))
    store.close()
    (data_dir / "tend.json.tmp").write_bytes(b'{"people": {"1": ')  # killed mid-compaction
    (data_dir / "tend.journal.tmp").write_bytes(b"0000")
    (data_dir / "tend.derived.tmp").write_bytes(b"{}")
    (data_dir / "backups").mkdir()
    (data_dir / "backups" / "tend-20261122T090000.json.tmp").write_bytes(b'{"people": ')  # killed mid-backup
    reopened = Store(data_dir, clock)
    assert not (data_dir / "tend.json.tmp").exists() and not (data_dir / "tend.journal.tmp").exists()
    assert not (data_dir / "tend.derived.tmp").exists()
    assert not list((data_dir / "backups").iterdir())
    reopened.close()


def test_the_damaged_copy_is_owner_only_even_when_it_fails_half_way(crashed_store: Path, clock: FixedClock,
                                                                    monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data_dir = crashed_store
    flip_last_line(data_dir)
    os.chmod(data_dir / "tend.journal", 0o644)  # edited by hand with a loose umask
    real_write = store_files.write_all
    calls = []

    def disk_fills(fd: int, data: bytes) -> None:
        calls.append(len(data))
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        real_write(fd, data[:10])

    monkeypatch.setattr(store_files, "write_all", disk_fills)
    with pytest.raises(DamagedData, match="incomplete"):
        Store(data_dir, clock)
    for copy in data_dir.glob("damaged-*/*"):
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600, copy
