"""The snapshot file: still TinyDB's layout, tables loaded on first use, every table checksummed."""

import json
from pathlib import Path

import pytest
from tinydb import TinyDB

from companion.errors import DamagedData
from companion.models import InteractionCreate, PersonCreate
from companion.store import Store
from companion.store.snapshot import META_TABLE
from tests.support import FixedClock, abandon

PERSIAN = "نگار\u200cسادات رضایی"


def _filled(data_dir: Path, clock: FixedClock) -> tuple[int, int]:
    store = Store(data_dir, clock)
    person = store.people.create(PersonCreate(name=PERSIAN, tags=["دوست"]))
    interaction = store.interactions.log(InteractionCreate(person_ids=[person.id], kind="coffee", note="চা"))
    store.close()
    return person.id, interaction.id


def _segment(data_dir: Path, table: str) -> tuple[int, int]:
    meta = json.loads((data_dir / "tend.json").read_text())[META_TABLE]["1"]
    start, end, _ = meta["tables"][table]
    return start, end


def test_the_snapshot_is_a_file_tinydb_itself_reads(data_dir: Path, clock: FixedClock) -> None:
    person_id, interaction_id = _filled(data_dir, clock)
    with TinyDB(data_dir / "tend.json", access_mode="r") as plain:
        assert plain.table("people").get(doc_id=person_id)["name"] == PERSIAN
        assert plain.table("interactions").get(doc_id=interaction_id)["note"] == "চা"


def test_a_table_loads_on_first_use_from_the_file_whose_checksums_were_verified(
        data_dir: Path, clock: FixedClock) -> None:
    person_id, _ = _filled(data_dir, clock)
    store = Store(data_dir, clock)
    start, end = _segment(data_dir, "interactions")
    # Damage the interactions after start-up (same length, in place): the first use must notice,
    # which it only can if that table was not parsed at start.
    with open(data_dir / "tend.json", "r+b") as handle:
        handle.seek(start + 1)
        handle.write(b"X")
    with pytest.raises(DamagedData, match="checksum"):
        store.interactions.timeline(person_id)
    assert store.people.get(person_id).name == PERSIAN  # a table already loaded is unaffected
    abandon(store)


def test_a_flipped_byte_in_any_table_stops_start_up_and_keeps_the_file(data_dir: Path, clock: FixedClock) -> None:
    _filled(data_dir, clock)
    start, end = _segment(data_dir, "interactions")
    snapshot = data_dir / "tend.json"
    damaged = bytearray(snapshot.read_bytes())
    damaged[start + (end - start) // 2] ^= 0x01  # still valid JSON? maybe; still the data? no
    snapshot.write_bytes(bytes(damaged))
    with pytest.raises(DamagedData, match="Nothing was changed"):
        Store(data_dir, clock)
    assert snapshot.read_bytes() == bytes(damaged)


def test_a_snapshot_edited_by_hand_is_read_whole(data_dir: Path, clock: FixedClock) -> None:
    """Re-indented (or an older snapshot without a table of contents): the offsets no longer hold."""
    person_id, interaction_id = _filled(data_dir, clock)
    snapshot = data_dir / "tend.json"
    data = json.loads(snapshot.read_text())
    data["people"][str(person_id)]["notes"] = "edited by hand"
    snapshot.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    store = Store(data_dir, clock)
    assert store.people.get(person_id).notes == "edited by hand"
    assert store.interactions.get(interaction_id).note == "চা"
    store.close()


def test_journal_changes_to_a_table_reach_it_when_it_loads(data_dir: Path, clock: FixedClock) -> None:
    person_id, _ = _filled(data_dir, clock)
    store = Store(data_dir, clock)
    later = store.interactions.log(InteractionCreate(person_ids=[person_id], kind="call", note="later"))
    abandon(store)  # as if killed: the change is only in the journal
    reopened = Store(data_dir, clock)
    assert [i.note for i in reopened.interactions.timeline(person_id)[0]] == ["later", "চা"]
    assert reopened.interactions.get(later.id).kind == "call"
    reopened.close()
