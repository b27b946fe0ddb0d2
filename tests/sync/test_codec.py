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


@pytest.mark.parametrize("body", [{}, {"format": 99, "table": "people"},
                                  {"format": 1, "table": "people", "fields": {"name": "no stamp"}, "sets": {},
                                   "texts": {}, "writes": {}}])
def test_a_body_that_is_not_ours_is_refused(body: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError):
        decode(body)


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
