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

FORMAT = 2  # format 1 wrote each stamp out wherever it applied; it is still read
Doc = dict[str, Any]


class WrongPassphrase(ValueError):
    """A sealed body that this key does not open: another passphrase, or a body that was tampered with."""


class _Stamps:
    """A body's stamps, each written once: one write stamps every field it sets, so an interaction's
    eight copies of one 34-character stamp become one (a body some 40% smaller, to send, keep and read)."""

    def __init__(self) -> None:
        self.listed: list[str] = []
        self._at: dict[str, int] = {}

    def ref(self, stamp: str) -> int | None:
        """A stamp's position in the list; None for the empty stamp (never)."""
        if not stamp:
            return None
        at = self._at.get(stamp)
        if at is None:
            at = self._at[stamp] = len(self.listed)
            self.listed.append(stamp)
        return at


def encode(table: str, replica: Replica) -> Doc:
    """The body of the CouchDB document for `replica` of a document of `table` (no `_id`, no `_rev`):
    every stamp a position in `stamps`, and what a replica rarely has (a delete, a redirect) left out."""
    stamps = _Stamps()
    ref = stamps.ref
    body: Doc = {
        "format": FORMAT, "table": table,
        "fields": {name: [value.value, ref(value.stamp)] for name, value in replica.fields.items()},
        "sets": {name: {element: [ref(member.added), ref(member.removed)] for element, member in members.items()}
                 for name, members in replica.sets.items()},
        "texts": {name: {"heads": [[ref(stamp), text] for stamp, text in text.heads.items()],
                         "seen": {device: ref(stamp) for device, stamp in text.seen.items()}}
                  for name, text in replica.texts.items()},
        "writes": {device: ref(stamp) for device, stamp in replica.writes.items()},
    }
    if replica.deleted:
        body["deleted"] = ref(replica.deleted)
    if replica.deleted_seen:
        body["deleted_seen"] = {device: ref(stamp) for device, stamp in replica.deleted_seen.items()}
    if replica.merged_into is not None:
        body["merged_into"] = [replica.merged_into.value, ref(replica.merged_into.stamp)]
    body["stamps"] = stamps.listed
    return body


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
    """The table and replica a body holds (as an object, or as a record's text), of either format.
    ValueError when it is not a body `encode` wrote."""
    if isinstance(body, str):
        body = orjson.loads(body)
        if not isinstance(body, Mapping):
            raise ValueError("not a Tend document")
    if body.get("format") not in (1, FORMAT) or not isinstance(body.get("table"), str):
        raise ValueError(f"not a Tend document of format 1 or {FORMAT}")
    try:
        replica = _replica(body) if body["format"] == FORMAT else _replica_1(body)
    except (KeyError, TypeError, AttributeError, IndexError) as error:
        raise ValueError(f"not a Tend document ({error.__class__.__name__}: {error})") from None
    return body["table"], replica


def _replica(body: Mapping[str, Any]) -> Replica:
    """A body of this format: every stamp reference checked, so a body another program wrote that points
    past its stamps is refused rather than read as something else."""
    stamps = body["stamps"]
    if not isinstance(stamps, list) or not all(isinstance(stamp, str) and stamp for stamp in stamps):
        raise ValueError("not a Tend document (its stamps are not a list of stamps)")

    def at(ref: object) -> str:
        if ref is None:
            return ""
        if type(ref) is not int or not 0 <= ref < len(stamps):
            raise ValueError(f"not a Tend document (no stamp {ref!r})")
        return stamps[ref]

    def versions(refs: Mapping[str, object]) -> dict[str, str]:
        return {str(device): at(ref) for device, ref in refs.items()}

    def heads(pairs: list[list[object]]) -> dict[str, str]:
        if not all(isinstance(text, str) for _, text in pairs):
            raise ValueError("not a Tend document (a text that is not text)")
        return {at(ref): str(text) for ref, text in pairs}

    merged_into = body.get("merged_into")
    return Replica(
        {name: Value(value, at(ref)) for name, (value, ref) in body["fields"].items()},
        {name: {element: Member(at(added), at(removed)) for element, (added, removed) in members.items()}
         for name, members in body["sets"].items()},
        {name: Text(heads(text["heads"]), versions(text["seen"])) for name, text in body["texts"].items()},
        versions(body["writes"]), at(body.get("deleted")), versions(body.get("deleted_seen", {})),
        None if merged_into is None else Value(str(merged_into[0]), at(merged_into[1])))


def _replica_1(body: Mapping[str, Any]) -> Replica:
    """A body of format 1, each stamp written out where it applies."""
    merged_into = body.get("merged_into")
    return Replica(
        {name: Value(value, str(stamp)) for name, (value, stamp) in body["fields"].items()},
        {name: {element: Member(str(added), str(removed)) for element, (added, removed) in members.items()}
         for name, members in body["sets"].items()},
        {name: Text(_stamps(text["heads"], "a text's heads"), _stamps(text["seen"], "a text's versions"))
         for name, text in body["texts"].items()},
        _stamps(body["writes"], "writes"), str(body.get("deleted", "")),
        _stamps(body.get("deleted_seen", {}), "a delete's versions"),
        None if merged_into is None else Value(str(merged_into[0]), str(merged_into[1])))


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
