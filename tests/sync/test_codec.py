"""Replicas as CouchDB bodies: every replica comes back as it was; a sealed one shows nothing of what it
holds, opens only with its passphrase and under its own id."""

from __future__ import annotations

import random

import orjson
import pytest

from companion.sync.codec import Sealer, WrongPassphrase, decode, encode, new_salt
from companion.sync.merge import Replica
from tests.sync.test_merge import Device, _act


def _replicas(seed: int) -> list[Replica]:
    rng = random.Random(seed)
    wall = [1_764_667_200_000]
    devices = [Device(name, wall) for name in ("laptop", "phone")]
    seen = []
    for _ in range(40):
        if rng.random() < 0.8:
            _act(rng, rng.choice(devices), wall)
        else:
            devices[0].receive(devices[1])
        seen.append(rng.choice(devices).replica)
    return seen


@pytest.mark.parametrize("seed", range(5))
def test_every_replica_comes_back_from_its_body(seed: int) -> None:
    for replica in _replicas(seed):
        body = orjson.loads(orjson.dumps(encode("people", replica)))  # through JSON, as a server keeps it
        assert decode(body) == ("people", replica)


_STAMP = "1796345587035-0004-b591df74a7d1e4f7"
_BODY = {"format": 2, "table": "people", "fields": {"name": ["Ada", 0]}, "sets": {}, "texts": {},
         "writes": {"b591df74a7d1e4f7": 0}, "stamps": [_STAMP]}


@pytest.mark.parametrize("body", [{}, {"format": 99, "table": "people"},
                                  {"format": 1, "table": "people", "fields": {"name": "no stamp"}, "sets": {},
                                   "texts": {}, "writes": {}},
                                  {**_BODY, "fields": {"name": ["Ada", 1]}},  # no such stamp
                                  {**_BODY, "fields": {"name": ["Ada", True]}},
                                  {**_BODY, "stamps": _STAMP},
                                  {**_BODY, "stamps": [""]},
                                  {**_BODY, "texts": {"note": {"heads": [[0, 7]], "seen": {}}}},
                                  {**_BODY, "writes": [0]}])
def test_a_body_that_is_not_ours_is_refused(body: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError):
        decode(body)


def test_a_body_of_format_1_is_still_read() -> None:
    """Bodies written before stamps were listed once: each stamp where it applies."""
    body = {"format": 1, "table": "interactions",
            "fields": {"kind": ["call", _STAMP]},
            "sets": {"person_ids": {'"3cm7sy0rmncd6snc4bch9j708p"': [_STAMP, ""]}},
            "texts": {"note": {"heads": {_STAMP: "Helped with an intro"}, "seen": {"b591df74a7d1e4f7": _STAMP}}},
            "writes": {"b591df74a7d1e4f7": _STAMP}, "deleted": "", "deleted_seen": {}, "merged_into": None}
    table, replica = decode(orjson.dumps(body).decode())
    assert table == "interactions" and replica.value("kind") == "call" and replica.value("note") == "Helped with an intro"
    assert replica.present("person_ids") == ['"3cm7sy0rmncd6snc4bch9j708p"'] and replica.alive
    again = encode(table, replica)
    assert decode(again) == (table, replica) and again["stamps"] == [_STAMP]
    assert len(orjson.dumps(again)) < 0.75 * len(orjson.dumps(body))


def test_a_sealed_body_hides_everything_and_opens_only_with_its_passphrase_and_id() -> None:
    replica = _replicas(1)[-1]
    body = encode("people", replica)
    salt = new_salt()
    sealed = Sealer("correct horse battery staple", salt).seal("01JGID", body)
    text = orjson.dumps(sealed)
    assert set(sealed) == {"sealed"}
    for word in ("people", "alpha", "beta", "laptop", "کتاب".encode().decode()):
        assert word.encode() not in text
    assert Sealer("correct horse battery staple", salt).open("01JGID", sealed) == orjson.loads(orjson.dumps(body))
    with pytest.raises(WrongPassphrase):
        Sealer("wrong horse", salt).open("01JGID", sealed)
    with pytest.raises(WrongPassphrase):
        Sealer("correct horse battery staple", salt).open("01JOTHER", sealed)  # moved under another id
    with pytest.raises(WrongPassphrase):
        Sealer("correct horse battery staple", salt).open("01JGID", {"sealed": "not base64!"})
