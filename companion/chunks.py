"""Many small pieces taken as fewer large ones: byte strings for a streamed file or answer, items for work
done a batch at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items`, taken lazily `size` at a time (itertools.batched, which needs Python 3.12)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def chunked(pieces: Iterable[bytes], size: int) -> Iterator[bytes]:
    """`pieces` joined into chunks of at least `size` bytes (the last one may be smaller), never more than
    one chunk in memory at a time."""
    pending: list[bytes] = []
    held = 0
    for piece in pieces:
        pending.append(piece)
        held += len(piece)
        if held >= size:
            yield b"".join(pending)
            pending, held = [], 0
    if pending:
        yield b"".join(pending)
