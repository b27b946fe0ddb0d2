"""A replica (merge.py) as the JSON body of a CouchDB document, plain or sealed with a passphrase.

Plain, the body names its table and holds every field with its stamps, so a replica on another machine
can merge it. Sealed (end-to-end encryption), the body is one field of AES-GCM ciphertext under a key
derived from the passphrase with scrypt; the document's id (random: a global id) is the associated data,
so a sealed body moved under another id does not open. The server's operator then sees random ids,
revisions and sizes, nothing else.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from typing import Any

import orjson

from companion.sync.merge import Member, Replica, Text, Value

FORMAT = 1
Doc = dict[str, Any]


class WrongPassphrase(ValueError):
    """A sealed body that this key does not open: another passphrase, or a body that was tampered with."""


def encode(table: str, replica: Replica) -> Doc:
    """The body of the CouchDB document for `replica` of a document of `table` (no `_id`, no `_rev`)."""
    return {
        "format": FORMAT, "table": table,
        "fields": {name: [value.value, value.stamp] for name, value in replica.fields.items()},
        "sets": {name: {element: [member.added, member.removed] for element, member in members.items()}
                 for name, members in replica.sets.items()},
        "texts": {name: {"heads": dict(text.heads), "seen": dict(text.seen)} for name, text in replica.texts.items()},
        "writes": dict(replica.writes), "deleted": replica.deleted, "deleted_seen": dict(replica.deleted_seen),
        "merged_into": None if replica.merged_into is None else [replica.merged_into.value, replica.merged_into.stamp],
    }


def encode_text(table: str, replica: Replica) -> str:
    """The body as a sync record keeps it: its JSON text. A record is read far more often than its
    replica is (to find a global id, to send it, to mark it sent), and text is read back in one piece
    rather than as hundreds of small objects; `decode` opens it when a merge needs the replica."""
    return orjson.dumps(encode(table, replica)).decode()


def body_json(body: Mapping[str, Any] | str) -> bytes:
    """A body as JSON, whether a record keeps it as text or (a record from before) as an object."""
    return body.encode() if isinstance(body, str) else orjson.dumps(body)


def _stamps(value: object, what: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError(f"{what} is not a map of stamps")
    return dict(value)


def decode(body: Mapping[str, Any] | str) -> tuple[str, Replica]:
    """The table and replica a body holds (as an object, or as a record's text). ValueError when it is
    not a body `encode` wrote."""
    if isinstance(body, str):
        body = orjson.loads(body)
        if not isinstance(body, Mapping):
            raise ValueError("not a Tend document")
    if body.get("format") != FORMAT or not isinstance(body.get("table"), str):
        raise ValueError(f"not a Tend document of format {FORMAT}")
    try:
        fields = {name: Value(value, str(stamp)) for name, (value, stamp) in body["fields"].items()}
        sets = {name: {element: Member(str(added), str(removed)) for element, (added, removed) in members.items()}
                for name, members in body["sets"].items()}
        texts = {name: Text(_stamps(text["heads"], "a text's heads"), _stamps(text["seen"], "a text's versions"))
                 for name, text in body["texts"].items()}
        merged_into = body.get("merged_into")
        replica = Replica(fields, sets, texts, _stamps(body["writes"], "writes"), str(body.get("deleted", "")),
                          _stamps(body.get("deleted_seen", {}), "a delete's versions"),
                          None if merged_into is None else Value(str(merged_into[0]), str(merged_into[1])))
    except (KeyError, TypeError, AttributeError, IndexError) as error:
        raise ValueError(f"not a Tend document ({error.__class__.__name__}: {error})") from None
    return body["table"], replica


# -- end-to-end encryption ---------------------------------------------------------------------------
SALT_BYTES = 16
_NONCE_BYTES = 12
# scrypt's cost: about 0.1 s and 32 MB once per start, a brute force of every guess pays the same.
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


class Sealer:
    """Seals and opens bodies with the key a passphrase and the database's salt give."""

    def __init__(self, passphrase: str, salt: bytes) -> None:
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        if not passphrase:
            raise ValueError("an empty passphrase protects nothing")
        self._use(Scrypt(salt=salt, length=32, **_SCRYPT).derive(passphrase.encode("utf-8")))

    @classmethod
    def from_key(cls, key: bytes) -> Sealer:
        """A sealer from the key a passphrase gave before (what sync.json keeps instead of it)."""
        sealer = cls.__new__(cls)
        sealer._use(key)
        return sealer

    def _use(self, key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.key = key
        self._aead = AESGCM(key)

    def seal(self, doc_id: str, body: Mapping[str, Any] | str) -> Doc:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, body_json(body), doc_id.encode("utf-8"))
        return {"sealed": base64.b64encode(nonce + sealed).decode("ascii")}

    def open(self, doc_id: str, doc: Mapping[str, Any]) -> Doc:
        from cryptography.exceptions import InvalidTag

        try:
            raw = base64.b64decode(str(doc["sealed"]), validate=True)
            body = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], doc_id.encode("utf-8"))
        except (KeyError, ValueError, InvalidTag):
            raise WrongPassphrase(f"document {doc_id} does not open with this passphrase") from None
        value = orjson.loads(body)
        if not isinstance(value, dict):
            raise WrongPassphrase(f"document {doc_id} does not open with this passphrase")
        return value
