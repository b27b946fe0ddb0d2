"""Arrays of numbers and a little JSON as one bytes object: how derived indexes are saved (store/derived.py).

Why not JSON alone: an index over a million interactions is a million ids, which arrays write and read
back as one copy each (`tobytes`, `frombytes`) where JSON would make and parse a million numbers. The
arrays are in this machine's byte order; the saved file's fingerprint names it."""

from __future__ import annotations

from array import array
from typing import Any

import orjson


def pack(head: Any, *arrays: array) -> bytes:
    """`head` (anything orjson writes) and `arrays`, readable back by `unpack`."""
    shape = orjson.dumps([head, [[values.typecode, len(values)] for values in arrays]])
    return b"".join([len(shape).to_bytes(8, "little"), shape, *(values.tobytes() for values in arrays)])


def unpack(data: bytes) -> tuple[Any, list[array]]:
    """What `pack` was given. ValueError when `data` is not what it wrote (a cache from elsewhere)."""
    try:
        size = int.from_bytes(data[:8], "little")
        head, shapes = orjson.loads(data[8:8 + size])
        at, arrays = 8 + size, []
        for typecode, length in shapes:
            values = array(typecode)
            end = at + length * values.itemsize
            if end > len(data):
                raise ValueError("shorter than its shape")
            values.frombytes(data[at:end])
            arrays.append(values)
            at = end
    except (TypeError, KeyError) as error:
        raise ValueError(f"not packed data ({error})") from None
    if at != len(data):
        raise ValueError("longer than its shape")
    return head, arrays
