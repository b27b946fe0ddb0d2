"""The CouchDB calls sync makes, against a real CouchDB-protocol server: writes with revisions, the
changes feed (long-poll too), conflicts other replicas leave, and each failure named for a person."""

from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest

from companion.sync.couch import Couch, Refused, Server, SyncError, Unreachable
from tests.sync.conftest import CouchServer, free_port


def _raw(server: Server, method: str, path: str, body: object = None, auth: str | None = None) -> object:
    request = urllib.request.Request(f"{server.url}/{server.database}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": auth} if auth else {})})
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read())


async def test_documents_go_in_with_their_revision_and_come_back_through_the_feed(couch: Server) -> None:
    async with Couch(couch) as db:
        assert await db.info() is None
        await db.create()
        await db.create()  # again: someone made it meanwhile, which is fine
        [written] = await db.bulk_docs([{"_id": "01A", "name": "Ada"}])
        assert written["ok"] and written["rev"].startswith("1-")
        [stale, fresh] = await db.bulk_docs([{"_id": "01A", "name": "Ada L."},  # no _rev: a concurrent edit
                                             {"_id": "01B", "name": "Grace"}])
        assert stale["error"] == "conflict" and fresh["ok"]
        [updated] = await db.bulk_docs([{"_id": "01A", "_rev": written["rev"], "name": "Ada Lovelace"}])
        assert updated["rev"].startswith("2-")
        changes = await db.changes("0", limit=10)
        assert {row["id"]: [change["rev"] for change in row["changes"]] for row in changes.results} == {
            "01A": [updated["rev"]], "01B": [fresh["rev"]]}
        assert "doc" not in changes.results[0]  # bodies come by `docs`, only for what is new
        assert {doc["_id"]: doc["name"] for doc in await db.docs(["01A", "01B", "01Z"])} == {
            "01A": "Ada Lovelace", "01B": "Grace"}  # one not there is left out
        assert (await db.changes(changes.last_seq, limit=10)).results == []
        [doc] = await db.get("01A")
        assert doc["_rev"] == updated["rev"]
        assert await db.get("01Z") == []


async def test_a_long_poll_answers_as_soon_as_something_is_written(couch: Server) -> None:
    async with Couch(couch) as db:
        await db.create()
        since = (await db.changes("0", limit=10)).last_seq
        waiting = asyncio.create_task(db.changes(since, limit=10, wait_s=20))
        await asyncio.sleep(0)  # the poll is sent before the write below
        async with Couch(couch) as other:
            await other.bulk_docs([{"_id": "01C", "note": "হ্যালো"}])
        changes = await asyncio.wait_for(waiting, timeout=15)
        assert [row["id"] for row in changes.results] == ["01C"]
        assert [doc["note"] for doc in await db.docs(["01C"])] == ["হ্যালো"]


async def test_conflicts_another_replica_left_are_listed_and_readable(couch: Server) -> None:
    async with Couch(couch) as db:
        await db.create()
        [first] = await db.bulk_docs([{"_id": "01D", "name": "Omid"}])
        # As another replicator (PouchDB, a second server) does: a sibling revision of the same parent.
        _raw(couch, "POST", "/_bulk_docs", {"new_edits": False, "docs": [
            {"_id": "01D", "_rev": "2-" + "a" * 32, "name": "Omid R.", "_revisions": {
                "start": 2, "ids": ["a" * 32, first["rev"].split("-", 1)[1]]}},
            {"_id": "01D", "_rev": "2-" + "b" * 32, "name": "امید", "_revisions": {
                "start": 2, "ids": ["b" * 32, first["rev"].split("-", 1)[1]]}}]})
        [winner] = await db.get("01D", conflicts=True)
        assert len(winner["_conflicts"]) == 1
        losers = await db.get("01D", revs=winner["_conflicts"])
        assert {winner["name"], *(doc["name"] for doc in losers)} == {"Omid R.", "امید"}
        changes = await db.changes("0", limit=10)  # every leaf: the feed shows the conflict without bodies
        assert sorted(change["rev"] for change in changes.results[0]["changes"]) == sorted(
            [winner["_rev"], *winner["_conflicts"]])
        [fetched] = await db.docs(["01D"])
        assert fetched["_conflicts"] == winner["_conflicts"]


async def test_an_unreachable_server_says_changes_wait() -> None:
    async with Couch(Server(f"http://127.0.0.1:{free_port()}", "tend")) as db:
        with pytest.raises(Unreachable, match="cannot reach .* changes wait here"):
            await db.info()


async def test_a_wrong_password_and_a_vanished_database_are_refused_by_name(own_couch_server: CouchServer) -> None:
    admin = own_couch_server.database()
    request = urllib.request.Request(f"{admin.url}/_config/admins/tend", method="PUT", data=b'"s3cret"')
    urllib.request.urlopen(request).read()
    right = Server(admin.url, admin.database, "tend", "s3cret")
    async with Couch(right) as db:
        await db.create()
        await db.bulk_docs([{"_id": "01E"}])
    async with Couch(Server(admin.url, admin.database, "tend", "wrong")) as db:
        with pytest.raises(Refused, match="refused the user name or password.*tend sync setup"):
            await db.info()
    urllib.request.urlopen(urllib.request.Request(
        f"{admin.url}/{admin.database}", method="DELETE",
        headers={"Authorization": "Basic dGVuZDpzM2NyZXQ="})).read()
    async with Couch(right) as db:
        assert await db.info() is None
        with pytest.raises(Refused, match="is gone"):
            await db.bulk_docs([{"_id": "01F"}])


@pytest.mark.parametrize("url", ["ftp://example.org", "couch.example.org", "https://me:pw@couch.example.org"])
def test_an_address_that_is_not_a_server_is_refused_before_anything_is_sent(url: str) -> None:
    with pytest.raises(SyncError):
        Server(url, "tend")
