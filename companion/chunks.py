"""Many small byte strings written as fewer large ones: what a streamed file or answer is sent in."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


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
