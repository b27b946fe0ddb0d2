"""The network half of sync: push what changed here, pull what changed there, settle what conflicts.

Each document is one CouchDB document under its global id. Pushing sends a record's replica with the
revision it last saw, so the server answers a concurrent edit with a conflict instead of losing it; the
conflict is settled by merging (merge.py) and sending again. Pulling reads `_changes` after the saved
checkpoint; conflicts other replicas left (`_conflicts`: PouchDB, a replicating server) are merged into
one revision and the others deleted, so every replica sees one document again.

The database carries one document of Tend's own (META_ID): whether bodies are sealed and how to check a
passphrase, and the database's identity, so a database made anew (the server restarted empty, someone
deleted it) is noticed and everything is sent again, nothing doubled (global ids do not change).
"""

from __future__ import annotations

import asyncio
import base64
import logging
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from companion.sync.codec import Sealer, WrongPassphrase, body_json, decode, new_salt
from companion.sync.couch import Couch, Refused, SyncError
from companion.sync.local import Applied, Arrival, LocalSide

log = logging.getLogger(__name__)
Doc = dict[str, Any]
META_ID = "tend-sync"
_CHECK = {"tend": "sync"}  # sealed into the meta document: a passphrase that opens it is the right one
# Documents a request carries: CouchDB and PouchDB take bulk writes of a few hundred fastest (a first sync
# of 210k documents to PouchDB Server: 31 s in batches of 250, 36 s of 500, 44 s of 1000).
BATCH = 250
_PAGE = 80  # a page of the changes feed names this many batches' documents (ids and revisions: some 2 MB)
_ROUNDS = 20  # a document still conflicting after this many sends waits for the next sync


@dataclass
class Round:
    """What one sync did."""

    sent: int = 0
    received: int = 0
    applied: list[Applied] = field(default_factory=list)


class Replicator:
    def __init__(self, local: LocalSide, couch: Couch, passphrase: str | None = None, batch: int = BATCH,
                 key: bytes | None = None) -> None:
        """`passphrase` (at setup) or `key` (the one it gave, kept in sync.json): documents are sealed."""
        self.local = local
        self.couch = couch
        self.passphrase = passphrase
        self.sealer: Sealer | None = Sealer.from_key(key) if key is not None else None
        self.batch = batch
        self._prepared = False
        self._unrecorded: Iterator[list[tuple[str, int]]] = iter(())


    # -- the database and its meta document ---------------------------------------------------------
    async def prepare(self) -> None:
        """The database exists (made if it does not), and speaks as this machine expects."""
        meta, self.sealer = await ensure_database(self.couch, self.passphrase, self.sealer)
        state = self.local.state.get()
        if state.database != meta["database"]:
            if state.database:
                log.info("sync: %s is a new database; everything here is sent again", self.couch.server.where)
            self.local.forget_revisions()
            with self.local.db.transaction():
                self.local.state.put(self.local.state.get().model_copy(update={"database": meta["database"]}))
        self._prepared = True

    # -- bodies on the wire -------------------------------------------------------------------------
    def _wire(self, record: Doc) -> orjson.Fragment:
        """The CouchDB document for a record: its id, the revision it replaces, and its body (sealed, or
        the record's JSON as it is, not decoded and encoded again)."""
        head = {"_id": record["gid"], **({"_rev": record["rev"]} if record.get("rev") else {})}
        if self.sealer:
            return orjson.Fragment(orjson.dumps({**head, **self.sealer.seal(record["gid"], record["body"])}))
        body = body_json(record["body"])  # an object: `{` opens it, and a body is never empty
        return orjson.Fragment(orjson.dumps(head)[:-1] + b"," + body[1:])

    def _arrival(self, doc: Doc) -> Arrival | None:
        gid = str(doc["_id"])
        try:
            body = self.sealer.open(gid, doc) if self.sealer else doc
            table, replica = decode(body)
        except (WrongPassphrase, ValueError) as error:
            log.warning("sync: document %s cannot be read here (%s); it is left as it is", gid, error)
            return None
        return Arrival(gid, str(doc["_rev"]), table, replica)

    # -- one sync ----------------------------------------------------------------------------------
    async def sync(self) -> Round:
        """Send everything that changed here, take everything that changed there, send what merging made."""
        if not self._prepared:
            await self.prepare()
        done = Round()
        self._unrecorded = self.local.unrecorded(self.batch)
        try:
            done.sent += await self.push()
            while True:
                received, applied, more = await self.pull()
                done.received += received
                done.applied.append(applied)
                if not more:
                    break
            done.sent += await self.push()
        except Refused:
            self._prepared = False  # a database that is gone is made again at the next attempt
            raise
        return done

    def _record_some(self) -> bool:
        """Documents from before sync was set up get their records, a batch at a time (some tens of
        milliseconds) while the batches before them are on their way: a first sync records and sends at
        once. Whether the store is still being looked through."""
        documents = next(self._unrecorded, None)
        if documents is None:
            return False
        if documents:
            self.local.record_all(documents)
        return True

    async def push(self) -> int:
        """Send every record with changes; a conflict is settled and the record sent again (after many
        rounds of conflicts, what is left waits for the next sync). Two batches at a time: the next one
        is on its way while the server's answer to this one is written down here."""
        sent, conflicted_rounds = 0, 0
        while conflicted_rounds < _ROUNDS:
            recording = self._record_some()
            batch = self.local.outgoing(self.batch)
            if not batch:
                if recording:  # a part of the store with nothing to record: the loop is let go, then the next
                    await asyncio.sleep(0)
                    continue
                break
            conflicts: list[str] = []
            pending: list[asyncio.Future[list[Doc]]] = []
            try:
                on_its_way: asyncio.Future[list[Doc]] | None = asyncio.ensure_future(self._send(batch))
                pending.append(on_its_way)
                while batch and on_its_way is not None:
                    self._record_some()
                    following = self.local.outgoing(self.batch, after=batch[-1][0])
                    next_on_its_way = asyncio.ensure_future(self._send(following)) if following else None
                    if next_on_its_way is not None:
                        pending.append(next_on_its_way)
                    sent += self._taken(batch, await on_its_way, conflicts)
                    batch, on_its_way = following, next_on_its_way
            finally:  # a failure: what is still on its way is sent again by the next push (a conflict, settled)
                for future in pending:
                    if not future.done():
                        future.cancel()
                    elif not future.cancelled():
                        future.exception()  # retrieved: the one that failed is raised from the await above
            if conflicts:
                conflicted_rounds += 1
                for gid in conflicts:
                    await self.settle(gid)
        return sent

    async def _send(self, batch: list[tuple[int, Doc]]) -> list[Doc]:
        return await self.couch.bulk_docs([self._wire(record) for _, record in batch])

    def _taken(self, batch: list[tuple[int, Doc]], results: list[Doc], conflicts: list[str]) -> int:
        """Write down what the server took of `batch` (one transaction); the conflicts, for settling."""
        taken = []
        for (record_id, record), result in zip(batch, results):
            if result.get("ok"):
                taken.append((record_id, record["body"], str(result["rev"])))
            elif result.get("error") == "conflict":
                conflicts.append(str(record["gid"]))
            else:
                raise SyncError(f"{self.couch.server.where} refused document {record['gid']}: "
                                f"{result.get('reason') or result.get('error')}; sync tries again later",
                                reason="document_refused")
        self.local.sent(taken)
        return len(taken)

    async def pull(self, wait_s: float | None = None) -> tuple[int, Applied, bool]:
        """One page of the server's changes, applied; whether there are more.

        The page names documents and their leaf revisions only; what this machine has already (every
        document a first sync just sent reads back) is passed over, and the rest fetched and applied a
        batch at a time. The checkpoint moves with the last batch: a kill -9 before it means the page is
        read again, and what was applied already merges into nothing new."""
        since = self.local.state.get().since
        changes = await self.couch.changes(since, self.batch * _PAGE, wait_s)
        wanted = [str(row["id"]) for row in changes.results if self._wanted(row)]
        applied, received = Applied(), 0
        for start in range(0, len(wanted), self.batch):
            chunk = wanted[start:start + self.batch]
            last = start + self.batch >= len(wanted)
            docs = await self.couch.docs(chunk)
            opened = [(arrival, bool(doc.get("_conflicts"))) for doc in docs
                      if (arrival := self._arrival(doc)) is not None]
            applied.add(self.local.apply([arrival for arrival, _ in opened], changes.last_seq if last else None))
            received += len(opened)
            for arrival, conflicted in opened:
                if conflicted:
                    await self.settle(arrival.gid)
        if not wanted:
            applied.add(self.local.apply([], changes.last_seq))
        return received, applied, len(changes.results) >= self.batch * _PAGE

    def _wanted(self, row: Doc) -> bool:
        """Whether a row of the changes feed names something new here: a revision this machine neither
        sent nor took, or more than one leaf (a conflict, or one settled before: fetched to see)."""
        gid = str(row["id"])
        if row.get("deleted") or gid.startswith("_") or gid == META_ID:
            return False  # Tend never deletes a document there (a delete is a replica too)
        revs = [str(change["rev"]) for change in row.get("changes", [])]
        return len(revs) != 1 or not self.local.knows(gid, revs[0])

    async def settle(self, gid: str) -> None:
        """Merge every revision the server has of `gid` into the record here, then leave the server one:
        the merged replica goes on the winning revision (by the next push), the others are deleted."""
        found = await self.couch.get(gid, conflicts=True)
        if not found:  # a revision we knew is gone (a database made anew): send ours as a new document
            self.local.unknown_there(gid)
            return
        winner = found[0]
        losers = await self.couch.get(gid, revs=winner.get("_conflicts", [])) if winner.get("_conflicts") else []
        arrivals = [arrival for doc in (*losers, winner) if (arrival := self._arrival(doc)) is not None]
        self.local.apply(arrivals, None)  # the winner last: the record keeps its revision
        if losers:
            await self.couch.bulk_docs([{"_id": gid, "_rev": doc["_rev"], "_deleted": True} for doc in losers])


async def ensure_database(couch: Couch, passphrase: str | None = None,
                          sealer: Sealer | None = None) -> tuple[Doc, Sealer | None]:
    """The database, made if there is none, with Tend's meta document (made if there is none), checked
    against how this machine seals: its meta document, and the sealer for its documents."""
    sealed = bool(passphrase) or sealer is not None
    if await couch.info() is None:
        await couch.create()
    found = await couch.get(META_ID)
    if not found:
        meta: Doc = {"_id": META_ID, "format": 1, "database": secrets.token_hex(8), "sealed": sealed}
        if sealed:
            salt = new_salt()
            sealer = Sealer(passphrase, salt) if passphrase else sealer
            assert sealer is not None
            meta.update(salt=base64.b64encode(salt).decode(), check=sealer.seal(META_ID, _CHECK))
        [result] = await couch.bulk_docs([meta])
        found = [meta] if result.get("ok") else await couch.get(META_ID)  # else another machine made it first
        if result.get("ok"):
            return meta, sealer
    meta = found[0]
    where = couch.server.where
    if meta.get("sealed") and not sealed:
        raise SyncError(f"{where} holds end-to-end encrypted documents; give its passphrase "
                        "(`tend sync setup --encrypt`)", reason="needs_passphrase")
    if not meta.get("sealed") and sealed:
        raise SyncError(f"{where} holds documents that are not encrypted; sync to a new database to "
                        "encrypt, or set up without a passphrase", reason="not_encrypted")
    if not sealed:
        return meta, None
    if passphrase:
        sealer = Sealer(passphrase, base64.b64decode(meta["salt"]))
    assert sealer is not None
    try:
        sealer.open(META_ID, meta["check"])
    except WrongPassphrase:
        raise SyncError(f"the passphrase does not open {where}'s documents; give the one it was set "
                        "up with (nothing was sent or changed)", reason="wrong_passphrase") from None
    return meta, sealer
