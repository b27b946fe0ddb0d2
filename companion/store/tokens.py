"""API tokens, kept as hashes, each remembering which extension origin it was issued to."""

from __future__ import annotations

from companion.pairing import new_token, token_hash
from companion.store.database import Database
from companion.store.repository import Clock, Repository
from companion.store.schema import TOKENS, TokenRecord


class Tokens(Repository[TokenRecord]):
    table_name = TOKENS
    model = TokenRecord
    noun = "token"

    def __init__(self, db: Database, clock: Clock) -> None:
        super().__init__(db, clock)
        self.by_hash = db.index(self.table_name, lambda doc: [doc["hash"]])
        self.by_origin = db.index(self.table_name, lambda doc: [doc["origin"]] if "origin" in doc else [])

    def issue(self, name: str, origin: str | None = None) -> tuple[str, TokenRecord]:
        """A new token; the plain value is returned this once and never stored."""
        token = new_token()
        with self.db.transaction():
            record = self._insert({"name": name, "origin": origin, "hash": token_hash(token)})
        return token, record

    def verify(self, token: str) -> TokenRecord | None:
        ids = self.by_hash.get(token_hash(token))
        return self.get(min(ids)) if ids else None

    def is_paired_origin(self, origin: str) -> bool:
        return bool(self.by_origin.get(origin))
