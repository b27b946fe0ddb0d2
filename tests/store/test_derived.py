"""What is saved beside the snapshot (tend.derived): read back at the next start, it gives exactly the
indexes a rebuild gives, after any writes since; anything that does not match is derived again."""

from __future__ import annotations

import errno
import logging
import random
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from companion.models import InteractionCreate, InteractionUpdate, PersonCreate, PersonUpdate
from companion.store import Store
from companion.store import derived
from companion.store.derived import DERIVED_NAME
from companion.store.encoded import EncodedDocs, Layout
from companion.store.snapshot import TableMark, encode_snapshot
from tests.support import FixedClock, abandon

KINDS = ["coffee", "call", "met", "thanks", "intro", "helped_me"]
SAVED = {"layout:interactions", "layout:people", "interactions.by_person", "activity"}


def _filled(data_dir: Path, clock: FixedClock, seed: int = 1) -> Store:
    rng = random.Random(seed)
    store = Store(data_dir, clock)
    people = [store.people.create(PersonCreate(name=f"Person {n}", tags=["دوست"])).id for n in range(12)]
    for _ in range(80):
        store.interactions.log(InteractionCreate(
            person_ids=rng.sample(people, rng.choice([1, 1, 2, 3])), kind=rng.choice(KINDS), note="চা",
            occurred_at=clock() - timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 900))))
    return store


def _abandon(store: Store) -> None:
    """As if the process were killed: no final snapshot, nothing saved at close."""
    store.db.storage._saved.close()
    abandon(store)


def _derived_state(store: Store) -> dict[str, Any]:
    """Both saved indexes, built now if they were not, as plain data (and every table loaded)."""
    store.db.storage.all_tables()
    by_person = store.interactions.by_person
    activity = store.interactions.activity.current()
    return {
        "by_person": {key: [bucket] if type(bucket) is int else list(bucket) for key, bucket in by_person._ids.items()},
        "singles": sorted(key for key, bucket in by_person._ids.items() if type(bucket) is int),
        "activity": {person: {kind: list(stamps.seconds) for kind, stamps in kinds.items() if len(stamps)}
                     for person, kinds in activity.by_person.items() if kinds},  # one with none is nobody
        "latest": activity.latest, "per_day": activity.per_day, "together": activity.together,
    }


def _rebuilt(data_dir: Path, clock: FixedClock) -> dict[str, Any]:
    """What the indexes are when built from the documents, with nothing saved to read."""
    (data_dir / DERIVED_NAME).unlink(missing_ok=True)
    store = Store(data_dir, clock)
    try:
        assert not store.db.storage._saved.taken
        return _derived_state(store)
    finally:
        _abandon(store)


def test_a_start_reads_back_what_the_last_snapshot_saved(data_dir: Path, clock: FixedClock) -> None:
    store = _filled(data_dir, clock)
    store.db.warm()
    expected = _derived_state(store)
    store.close()
    assert stat.S_IMODE((data_dir / DERIVED_NAME).stat().st_mode) == 0o600

    reopened = Store(data_dir, clock)
    assert _derived_state(reopened) == expected
    assert SAVED <= reopened.db.storage._saved.taken  # read back, not rebuilt
    _abandon(reopened)
    assert _rebuilt(data_dir, clock) == expected


@pytest.mark.parametrize("seed", range(3))
def test_writes_since_the_snapshot_bring_what_was_saved_up_to_date(data_dir: Path, clock: FixedClock,
                                                                     seed: int) -> None:
    rng = random.Random(seed)
    store = _filled(data_dir, clock, seed)
    store.db.warm()
    store.close()

    store = Store(data_dir, clock)
    people = sorted(person.id for person in store.people.search(limit=100)[0])
    logged = sorted({i for person in people for i in store.interactions.by_person.get(person)})
    for _ in range(40):  # while the saved indexes are in use, kept current by the change feed
        action = rng.random()
        if action < 0.4:
            logged.append(store.interactions.log(InteractionCreate(
                person_ids=rng.sample(people, 2), kind=rng.choice(KINDS),
                occurred_at=clock() - timedelta(days=rng.randint(0, 30)))).id)
        elif action < 0.6:
            store.interactions.update(rng.choice(logged), InteractionUpdate(
                person_ids=rng.sample(people, rng.choice([1, 2])), kind=rng.choice(KINDS)))
        elif action < 0.8:
            store.interactions.delete(logged.pop(rng.randrange(len(logged))))
        elif len(people) > 4:
            store.delete_person(people.pop(rng.randrange(len(people))))
            logged = [i for i in logged if store.interactions.exists(i)]
    expected = _derived_state(store)
    _abandon(store)  # the journal holds every change; tend.derived is still the last snapshot's

    replayed = Store(data_dir, clock)  # the journal's changes applied to what was saved
    assert _derived_state(replayed) == expected
    assert {"interactions.by_person", "activity"} <= replayed.db.storage._saved.taken
    _abandon(replayed)
    assert _rebuilt(data_dir, clock) == expected


def _damage(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x20
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["a part", "the header", "not ours", "another version"])
def test_a_saved_file_that_does_not_fit_is_derived_again(data_dir: Path, clock: FixedClock, damage: str,
                                                         caplog: pytest.LogCaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    store = _filled(data_dir, clock)
    store.db.warm()
    expected = _derived_state(store)
    store.close()
    path = data_dir / DERIVED_NAME
    if damage == "a part":
        _damage(path, path.stat().st_size - 100)
    elif damage == "the header":
        _damage(path, 0)
    elif damage == "not ours":
        path.write_bytes(b"\x00" * 100)
    else:
        monkeypatch.setattr(derived, "fingerprint", lambda: "another version of Tend")

    with caplog.at_level(logging.WARNING):
        reopened = Store(data_dir, clock)
        assert _derived_state(reopened) == expected
    assert not SAVED <= reopened.db.storage._saved.taken
    if damage != "another version":
        assert DERIVED_NAME in caplog.text
    reopened.db.warm()  # and saves it anew, for the next start
    reopened.close()
    again = Store(data_dir, clock)
    assert _derived_state(again) == expected and SAVED <= again.db.storage._saved.taken
    again.close()


def test_a_snapshot_that_changed_since_is_not_read_with_what_was_saved(data_dir: Path, clock: FixedClock) -> None:
    store = _filled(data_dir, clock)
    store.db.warm()
    store.close()
    kept = (data_dir / DERIVED_NAME).read_bytes()
    store = Store(data_dir, clock)
    person = store.people.create(PersonCreate(name="Newcomer"))
    store.interactions.log(InteractionCreate(person_ids=[person.id], kind="call"))
    store.close()  # a new snapshot, and what goes with it
    (data_dir / DERIVED_NAME).write_bytes(kept)  # as if a crash came between the two writes

    reopened = Store(data_dir, clock)
    assert reopened.interactions.timeline(person.id)[1] == 1
    assert not reopened.db.storage._saved.taken & SAVED
    expected = _derived_state(reopened)
    _abandon(reopened)
    assert _rebuilt(data_dir, clock) == expected


def test_a_start_derives_what_was_not_saved_and_saves_it(data_dir: Path, clock: FixedClock) -> None:
    _filled(data_dir, clock).close()
    (data_dir / DERIVED_NAME).unlink()  # a store written before tend.derived existed
    store = Store(data_dir, clock)
    store.db.warm()
    assert (data_dir / DERIVED_NAME).exists()
    expected = _derived_state(store)
    _abandon(store)
    again = Store(data_dir, clock)
    assert _derived_state(again) == expected and SAVED <= again.db.storage._saved.taken
    again.db.warm()  # nothing new to save
    again.close()


def test_a_full_disk_while_saving_costs_only_the_saving(data_dir: Path, clock: FixedClock,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    store = _filled(data_dir, clock)
    store.db.warm()

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(derived, "write_atomic", disk_full)
    with caplog.at_level(logging.WARNING):
        store.close()  # the snapshot is written; saving what goes with it fails, and is only logged
    assert "No space left on device" in caplog.text and not (data_dir / DERIVED_NAME).exists()
    monkeypatch.undo()
    reopened = Store(data_dir, clock)
    assert reopened.interactions.timeline(1)[1] > 0
    reopened.close()


def test_the_layout_saved_with_a_snapshot_is_the_one_a_scan_finds(data_dir: Path, clock: FixedClock) -> None:
    store = _filled(data_dir, clock)
    store.people.update(1, PersonUpdate(notes="a line\nand another, \"quoted\" {braces}"))
    store.interactions.delete(3)
    written: dict[str, tuple[TableMark, Layout]] = {}
    body = b"".join(encode_snapshot(store.db.storage.all_tables(), 1, written=written))
    _abandon(store)
    contents = orjson.loads(body)["_meta"]["1"]["tables"]
    for name in ("people", "interactions"):
        start, end, crc = contents[name]
        scanned = EncodedDocs.scan(body[start:end])
        assert written[name][0] == TableMark(end - start, crc)
        assert (scanned._ids, scanned._spans) == written[name][1]
        assert dict(EncodedDocs.laid_out(body[start:end], written[name][1]).items()) == dict(scanned.items())
