"""Building millions of long-lived objects at once (loading a table, indexing it) without GC pauses."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk_load(long_lived: bool = False) -> Iterator[None]:
    """Suspend the cyclic GC while a table or index is built: loading creates only acyclic JSON data,
    so collecting during it finds nothing and costs about a third of the load.

    `long_lived`: what was built lives as long as the process (an index kept current in place), so it is
    frozen on the way out; otherwise the next collections would walk all of it (tens of milliseconds,
    again at every full collection). Frozen objects are still freed by reference counting when dropped;
    only a cycle alive at that moment is kept for good, a bounded cost."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if long_lived:
            gc.freeze()
    finally:
        if enabled:
            gc.enable()


def freeze_loaded() -> None:
    """Move everything alive now out of future collections, which would otherwise walk millions of
    loaded documents at every full collection (a pause on the request path). Called once, after the
    start-up warm-up: what is frozen is never collected as a cycle, so not per lazy load, when a
    request's parse tree may be alive."""
    gc.collect()
    gc.freeze()
