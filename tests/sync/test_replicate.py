"""Two machines and one CouchDB-protocol server: each keeps the same network, through concurrent edits,
deletes and conflicts another replica left, with nothing lost and nothing doubled."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import orjson
import pytest

from companion.models import InteractionCreate, InteractionUpdate, PersonCreate, PersonUpdate
from companion.store import Store
from companion.sync.couch import Couch, Refused, Server
from companion.sync.local import LocalSide
from companion.sync.merge import TEXT_DIVIDER
from companion.sync.recorder import element_key, to_wire
from companion.sync.replicator import Replicator
from companion.sync.shapes import SHAPES
from tests.support import FixedClock


@asynccontextmanager
async def machine(data_dir: Path, clock: FixedClock, server: Server,
                  passphrase: str | None = None) -> AsyncIterator[tuple[Store, Replicator]]:
    store = Store(data_dir, clock)
    side = LocalSide(store)
    async with Couch(server) as couch:
        try:  # small batches: many rounds, a checkpoint after each
            yield store, Replicator(side, couch, passphrase, batch=7)
        finally:
            side.close()
            store.close()


def network(replicator: Replicator) -> dict[str, dict[str, Any]]:
    """Everything synced, by global id, references as global ids: what must be equal everywhere."""
    side = replicator.local
    seen = {}
    for _, record in side.records.docs():
        if record.get("local_id") is None:
            continue
        table = record["table"]
        shape = SHAPES[table]
        doc = side.db.storage.table(table)[str(record["local_id"])]
        seen[record["gid"]] = {name: sorted(map(element_key, value)) if name in shape.lists else value
                               for name, value in ((name, to_wire(shape, name, doc[name], side.recorder.gid_of))
                                                   for name in sorted(shape.synced(doc)))}
    return seen


async def both_sync(*replicators: Replicator) -> None:
    for _ in range(2):  # the second round carries what the first one's merges made
        for replicator in replicators:
            await replicator.sync()


async def test_what_one_machine_writes_the_other_has(couch: Server, tmp_path: Path, clock: FixedClock) -> None:
    async with machine(tmp_path / "laptop", clock, couch) as (laptop, left), \
            machine(tmp_path / "desktop", clock, couch) as (desktop, right):
        ada = laptop.people.create(PersonCreate(
            name="Ada", tags=["friend"], notes="Met at the meetup", emails=["ada@example.org"],
            urls=[{"url": "https://github.com/ada"}],
            birthday={"month": 12, "day": 10}, dates=[{"label": "first met", "month": 3, "day": 2, "year": 2024}]))
        laptop.interactions.log(InteractionCreate(person_ids=[ada.id], kind="coffee", note="چای"))
        await both_sync(left, right)
        [there], total = desktop.people.search(q="Ada")
        assert total == 1 and there.tags == ["friend"] and there.notes == "Met at the meetup"
        assert there.model_dump(include={"emails", "urls", "birthday", "dates"}) == \
            laptop.people.get(ada.id).model_dump(include={"emails", "urls", "birthday", "dates"})
        [logged], _ = desktop.interactions.timeline(there.id)
        assert logged.note == "چای" and desktop.people.get(there.id).last_interaction_at is not None
        assert network(left) == network(right)

        laptop.people.update(ada.id, PersonUpdate(title="Countess"))  # both at once, neither seeing the other
        desktop.people.update(there.id, PersonUpdate(notes="She likes poetry", tags=["friend", "mentor"]))
        laptop.people.update(ada.id, PersonUpdate(notes="Loves engines"))
        await both_sync(left, right)
        for store, person_id in ((laptop, ada.id), (desktop, there.id)):
            person = store.people.get(person_id)
            assert person.title == "Countess" and person.tags == ["friend", "mentor"]
            assert set(person.notes.split(TEXT_DIVIDER)) == {"She likes poetry", "Loves engines"}
        assert network(left) == network(right)
        assert laptop.people.count() == desktop.people.count() == 1  # nothing doubled


async def test_an_edit_beats_a_concurrent_delete(couch: Server, tmp_path: Path, clock: FixedClock) -> None:
    async with machine(tmp_path / "laptop", clock, couch) as (laptop, left), \
            machine(tmp_path / "desktop", clock, couch) as (desktop, right):
        ada = laptop.people.create(PersonCreate(name="Ada"))
        await both_sync(left, right)
        [there], _ = desktop.people.search(q="Ada")
        laptop.delete_person(ada.id)
        desktop.people.update(there.id, PersonUpdate(title="Countess"))
        await both_sync(left, right)
        assert [p.title for p in laptop.people.search(q="Ada")[0]] == ["Countess"]
        assert network(left) == network(right)
        [back] = laptop.people.search(q="Ada")[0]
        laptop.delete_person(back.id)  # a delete that has seen every edit stays
        await both_sync(left, right)
        assert desktop.people.count() == 0 and laptop.people.count() == 0


async def test_the_server_restarted_empty_gets_everything_again(own_couch_server, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                  clock: FixedClock) -> None:
    server = own_couch_server.database()
    async with machine(tmp_path / "laptop", clock, server) as (laptop, left):
        ada = laptop.people.create(PersonCreate(name="Ada"))
        laptop.interactions.log(InteractionCreate(person_ids=[ada.id], kind="call"))
        await left.sync()
        own_couch_server.restart()  # in memory: it comes back empty
        with pytest.raises(Refused, match="is gone"):
            await left.sync()
        await left.sync()  # the service's next attempt
    async with machine(tmp_path / "desktop", clock, server) as (desktop, right):
        await right.sync()
        assert desktop.people.count() == 1 and desktop.interactions.count() == 1


@pytest.mark.parametrize("seed", range(3))
async def test_random_edits_on_two_machines_converge(couch: Server, tmp_path: Path, clock: FixedClock,
                                                     seed: int) -> None:
    rng = random.Random(seed)
    async with machine(tmp_path / "laptop", clock, couch) as (laptop, left), \
            machine(tmp_path / "desktop", clock, couch) as (desktop, right):
        machines = [(laptop, left), (desktop, right)]
        for step in range(40):
            store, replicator = rng.choice(machines)
            people = [p.id for p in store.people.search(limit=100)[0]]
            action = rng.random()
            if action < 0.3 or not people:
                store.people.create(PersonCreate(name=f"P{seed}-{step}", tags=rng.sample(["a", "b", "c"], 2)))
            elif action < 0.5:
                store.people.update(rng.choice(people), PersonUpdate(title=rng.choice(["x", "y", None]),
                                                                     tags=rng.sample(["a", "b", "c"], 1)))
            elif action < 0.7:
                store.interactions.log(InteractionCreate(person_ids=rng.sample(people, 1), kind="call",
                                                         note=rng.choice(["hi", "سلام", None])))
            elif action < 0.8:
                logged = [i for p in people for i in store.interactions.by_person.get(p)]
                if logged:
                    store.interactions.update(rng.choice(logged), InteractionUpdate(note="edited"))
            elif action < 0.88:
                store.delete_person(rng.choice(people))
            else:
                await replicator.sync()
        await both_sync(left, right)
        assert network(left) == network(right) and len(network(left)) > 5, f"seed {seed}"
        assert laptop.people.count() == desktop.people.count() and laptop.interactions.count() == desktop.interactions.count()


async def test_conflicts_another_replica_left_are_merged_into_one_revision(couch: Server, tmp_path: Path,
                                                                          clock: FixedClock) -> None:
    import json
    import urllib.request

    from companion.sync.codec import decode, encode
    from companion.sync.hlc import HybridClock
    from companion.sync.merge import set_value

    async with machine(tmp_path / "laptop", clock, couch) as (laptop, left):
        ada = laptop.people.create(PersonCreate(name="Ada"))
        await left.sync()
        record = left.local.records.of_local("people", ada.id)[1]
        async with Couch(couch) as raw:
            [doc] = await raw.get(record["gid"])
            table, replica = decode(doc)
            phone = HybridClock("phone")  # a phone's PouchDB edited it beside the laptop's own edit
            sibling = encode(table, set_value(replica, "location", "Lisbon", phone.now()))
            parent = doc["_rev"].split("-", 1)[1]
            body = {"new_edits": False, "docs": [{**sibling, "_id": record["gid"], "_rev": "2-" + "f" * 32,
                                                  "_revisions": {"start": 2, "ids": ["f" * 32, parent]}}]}
            request = urllib.request.Request(f"{couch.url}/{couch.database}/_bulk_docs", method="POST",
                                             data=json.dumps(body).encode(),
                                             headers={"Content-Type": "application/json"})
            urllib.request.urlopen(request).read()
            laptop.people.update(ada.id, PersonUpdate(title="Countess"))
            await left.sync()
            await left.sync()
            person = laptop.people.get(ada.id)
            assert person.title == "Countess" and person.location == "Lisbon"
            [settled] = await raw.get(record["gid"], conflicts=True)
            assert not settled.get("_conflicts")
            assert decode(settled)[1].value("location") == "Lisbon" and decode(settled)[1].value("title") == "Countess"


async def test_sealed_sync_shows_the_server_nothing_and_wants_the_passphrase(couch: Server, tmp_path: Path,
                                                                           clock: FixedClock) -> None:
    import json
    import urllib.request

    from companion.sync.couch import SyncError

    async with machine(tmp_path / "laptop", clock, couch, "correct horse") as (laptop, left), \
            machine(tmp_path / "desktop", clock, couch, "correct horse") as (desktop, right):
        ada = laptop.people.create(PersonCreate(name="Ada Lovelace", organization="Analytical Engines"))
        laptop.interactions.log(InteractionCreate(person_ids=[ada.id], kind="coffee", note="চা খেলাম"))
        await both_sync(left, right)
        assert desktop.people.search(q="Ada")[1] == 1
    with urllib.request.urlopen(f"{couch.url}/{couch.database}/_all_docs?include_docs=true") as answer:
        stored = answer.read()
    assert json.loads(stored)["total_rows"] == 3  # two documents and Tend's own
    for secret in ("Ada", "Lovelace", "Analytical", "coffee", "people", "interactions"):
        assert secret.encode() not in stored
    assert "চা".encode() not in stored and "\\u099a" not in stored.decode()
    async with machine(tmp_path / "phone", clock, couch, "wrong horse") as (phone, wrong):
        with pytest.raises(SyncError, match="passphrase does not open"):
            await wrong.sync()
        assert phone.people.count() == 0
    async with machine(tmp_path / "tablet", clock, couch) as (_, plain):
        with pytest.raises(SyncError, match="encrypted"):
            await plain.sync()


async def test_a_merge_syncs_as_a_redirect_that_every_machine_follows(couch: Server, tmp_path: Path,
                                                                    clock: FixedClock) -> None:
    from companion import profiles

    async with machine(tmp_path / "laptop", clock, couch) as (laptop, left), \
            machine(tmp_path / "desktop", clock, couch) as (desktop, right):
        ada = laptop.people.create(PersonCreate(name="Ada Lovelace", emails=["ada@example.org"]))
        twin = laptop.people.create(PersonCreate(name="A. Lovelace", title="Countess"))
        await both_sync(left, right)
        twin_there = desktop.people.search(q="A. Lovelace")[0][0].id
        # While the laptop merges the two, the desktop logs a call with the one merged away.
        profiles.merge(laptop, ada.id, twin.id)
        desktop.interactions.log(InteractionCreate(person_ids=[twin_there], kind="call", note="about engines"))
        await both_sync(left, right)
        for store in (laptop, desktop):
            [person], total = store.people.search(q="Lovelace")
            assert total == 1 and person.title == "Countess"
            [call], _ = store.interactions.timeline(person.id)
            assert call.note == "about engines"
        assert network(left) == network(right)


async def test_a_suggestion_done_on_one_machine_is_done_for_the_same_person_on_the_other(
        couch: Server, tmp_path: Path, clock: FixedClock) -> None:
    from companion.suggest.candidate import suggestion_id

    async with machine(tmp_path / "laptop", clock, couch) as (laptop, left), \
            machine(tmp_path / "desktop", clock, couch) as (desktop, right):
        desktop.people.create(PersonCreate(name="Someone only the desktop has"))  # the local ids differ
        ada = laptop.people.create(PersonCreate(name="Ada"))
        await both_sync(left, right)
        [there], _ = desktop.people.search(q="Ada")
        assert there.id != ada.id
        laptop.suggestion_state.set(suggestion_id("reconnect", [ada.id], ""), "dismissed", kind="reconnect",
                                    person_ids=[ada.id])
        desktop.suggestion_state.set(suggestion_id("reconnect", [there.id], ""), "dismissed", kind="reconnect",
                                     person_ids=[there.id])  # the same suggestion, dismissed on both
        await both_sync(left, right)
        [state] = [doc for _, doc in desktop.suggestion_state.docs()]  # one, not two
        assert state["suggestion_id"] == suggestion_id("reconnect", [there.id], "") and state["status"] == "dismissed"
        assert desktop.suggestion_state.get_for(suggestion_id("reconnect", [ada.id], "")) is None
        assert laptop.suggestion_state.get_for(suggestion_id("reconnect", [ada.id], "")) is not None
        assert network(left) == network(right)


async def test_one_person_made_on_two_machines_before_sync_is_one_person_after(
        couch: Server, tmp_path: Path, clock: FixedClock) -> None:
    async with machine(tmp_path / "laptop", clock, couch) as (laptop, left), \
            machine(tmp_path / "desktop", clock, couch) as (desktop, right):
        ada = laptop.people.create(PersonCreate(name="Ada Lovelace", emails=["ada@example.org"], tags=["friend"]))
        laptop.interactions.log(InteractionCreate(person_ids=[ada.id], kind="call", note="on the laptop"))
        twin = desktop.people.create(PersonCreate(name="Ada L.", emails=["ADA@example.org"], title="Countess"))
        desktop.interactions.log(InteractionCreate(person_ids=[twin.id], kind="coffee", note="on the desktop"))
        # Two people one machine made with one address (a shared family inbox) are the user's to judge.
        desktop.people.create(PersonCreate(name="Sam Lee", emails=["lees@example.org"]))
        desktop.people.create(PersonCreate(name="Kim Lee", emails=["lees@example.org"]))
        await both_sync(left, right)
        await both_sync(left, right)
        for store in (laptop, desktop):
            [person], total = store.people.search(q="Ada")
            assert total == 1 and person.title == "Countess" and person.tags == ["friend"], person
            notes = sorted(call.note for call in store.interactions.timeline(person.id)[0])
            assert notes == ["on the desktop", "on the laptop"]
            assert store.people.count() == 3  # Ada once, both Lees
        assert network(left) == network(right)


async def test_two_merges_crossing_in_opposite_directions_keep_one_person(couch: Server, tmp_path: Path,
                                                                          clock: FixedClock) -> None:
    from companion import profiles

    async with machine(tmp_path / "laptop", clock, couch) as (laptop, left), \
            machine(tmp_path / "desktop", clock, couch) as (desktop, right):
        ada = laptop.people.create(PersonCreate(name="Ada Lovelace"))
        twin = laptop.people.create(PersonCreate(name="A. Lovelace"))
        laptop.interactions.log(InteractionCreate(person_ids=[twin.id], kind="call", note="about engines"))
        await both_sync(left, right)
        ada_there, twin_there = (desktop.people.search(q=name)[0][0].id for name in ("Ada Lovelace", "A. Lovelace"))
        profiles.merge(laptop, ada.id, twin.id)  # the twin into Ada here,
        profiles.merge(desktop, twin_there, ada_there)  # Ada into the twin there, at the same time
        await both_sync(left, right)
        await both_sync(left, right)
        for store in (laptop, desktop):
            [person], total = store.people.search(q="Lovelace")
            assert total == 1  # not none: a cycle of redirects is broken the same way everywhere
            assert [call.note for call in store.interactions.timeline(person.id)[0]] == ["about engines"]
        assert network(left) == network(right)


def _crash(store: Store, replicator: Replicator) -> None:
    """As kill -9 would leave it: nothing closed, no snapshot; the journal holds what was acknowledged."""
    replicator.local.close()
    store.db.storage._journal.close()
    store.db._lock.release()


async def test_a_kill_between_the_servers_answer_and_ours_sends_nothing_twice(
        couch: Server, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "laptop", clock)
    side = LocalSide(store)
    for n in range(20):
        store.people.create(PersonCreate(name=f"Person {n}"))
    async with Couch(couch) as db:
        replicator = Replicator(side, db, batch=7)

        def killed(*args: object) -> None:
            raise SystemExit("killed after the server took the batch")

        monkeypatch.setattr(side, "sent", killed)
        with pytest.raises(SystemExit):
            await replicator.sync()
        _crash(store, replicator)
        monkeypatch.undo()
        async with machine(tmp_path / "laptop", clock, couch) as (again, resumed):
            await resumed.sync()
            assert resumed.local.records.dirty_count() == 0
        info = await db.info()
        assert info is not None and info["doc_count"] == 20 + 1  # each person once, and Tend's own document


async def test_a_kill_in_the_middle_of_applying_a_batch_loses_and_doubles_nothing(
        couch: Server, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> None:
    async with machine(tmp_path / "laptop", clock, couch) as (laptop, left):
        for n in range(20):
            person = laptop.people.create(PersonCreate(name=f"Person {n}"))
            laptop.interactions.log(InteractionCreate(person_ids=[person.id], kind="call"))
        await left.sync()
        expected = network(left)
    store = Store(tmp_path / "desktop", clock)
    side = LocalSide(store)
    async with Couch(couch) as db:
        replicator = Replicator(side, db, batch=7)
        real = side._arrive
        arrived = []

        def dies_at_the_tenth(*args: object) -> None:
            arrived.append(1)
            if len(arrived) == 10:
                raise SystemExit("killed mid-batch")
            real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(side, "_arrive", dies_at_the_tenth)
        with pytest.raises(SystemExit):
            await replicator.sync()
        _crash(store, replicator)
    monkeypatch.undo()
    async with machine(tmp_path / "desktop", clock, couch) as (desktop, right):
        await right.sync()
        assert network(right) == expected
        assert desktop.people.count() == 20 and desktop.interactions.count() == 20


async def test_a_database_that_vanished_is_made_again_and_gets_everything(
        own_couch_server, tmp_path: Path, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    import urllib.request

    server = own_couch_server.database()
    async with machine(tmp_path / "laptop", clock, server) as (laptop, left):
        laptop.people.create(PersonCreate(name="Ada"))
        await left.sync()
        urllib.request.urlopen(urllib.request.Request(f"{server.url}/{server.database}", method="DELETE")).read()
        laptop.people.create(PersonCreate(name="Grace"))
        with pytest.raises(Refused, match="is gone"):
            await left.sync()  # said plainly; nothing here is lost
        assert laptop.people.count() == 2
        await left.sync()  # the next attempt (the service retries) makes it again
    async with machine(tmp_path / "desktop", clock, server) as (desktop, right):
        await right.sync()
        assert sorted(p.name for p in desktop.people.search()[0]) == ["Ada", "Grace"]


async def test_records_kept_as_objects_by_an_earlier_tend_sync_as_before(couch: Server, tmp_path: Path,
                                                                         clock: FixedClock) -> None:
    """Records keep their body as JSON text now; a store whose records hold it as an object (written
    before) sends, merges and marks them sent just the same."""
    from companion.sync.codec import decode

    async with machine(tmp_path / "laptop", clock, couch) as (laptop, left), \
            machine(tmp_path / "desktop", clock, couch) as (desktop, right):
        ada = laptop.people.create(PersonCreate(name="Ada", tags=["friend"]))
        records = left.local.records
        with laptop.db.transaction():
            for record_id, record in list(records.docs()):
                assert isinstance(record["body"], str)
                records.put(record_id, {**record, "body": {**orjson.loads(record["body"])}})
        await both_sync(left, right)
        [there], total = desktop.people.search(q="Ada")
        assert total == 1 and there.tags == ["friend"]
        assert all(not record["dirty"] for _, record in records.docs())
        desktop.people.update(there.id, PersonUpdate(tags=["friend", "mentor"]))
        await both_sync(left, right)
        assert laptop.people.get(ada.id).tags == ["friend", "mentor"]
        assert network(left) == network(right)
        [(_, record)] = [found for found in records.docs() if found[1]["table"] == "people"]
        assert decode(record["body"])[1].alive


async def test_documents_from_before_sync_are_found_a_step_at_a_time(couch: Server, tmp_path: Path,
                                                                     clock: FixedClock) -> None:
    """A store from before sync is looked through a few documents at a time (the event loop let go
    between), and every document without a record is found and sent, whatever its neighbours are."""
    plain = Store(tmp_path / "laptop", clock)
    people = [plain.people.create(PersonCreate(name=f"Person {n}")).id for n in range(20)]
    plain.interactions.log(InteractionCreate(person_ids=people[:3], kind="call"))
    plain.close()
    async with machine(tmp_path / "laptop", clock, couch) as (laptop, left), \
            machine(tmp_path / "desktop", clock, couch) as (desktop, right):
        left.local.record_all([("people", people[5]), ("people", people[6])])  # some recorded already
        steps = list(left.local.unrecorded(7))
        assert [len(step) for step in steps] == [5, 7, 6, 1]  # 7 people a step (two of the first recorded), the call
        await both_sync(left, right)
        assert desktop.people.search(limit=100)[1] == 20 and network(left) == network(right)
        assert list(left.local.unrecorded(7)) == [[], [], [], []]
