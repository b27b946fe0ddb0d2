"""A hybrid logical clock: stamps that order every write on every machine, close to the wall clock.

Why not the wall clock: two machines' clocks disagree, and a laptop's can jump back; a stamp must still be
later than anything its writer had seen, or a newer edit would lose to an older one. Why not a counter: the
stamp should still say roughly when. So (Kulkarni et al., 2014) a stamp is the larger of the wall clock and
the latest stamp seen, plus a counter for ties, plus the device id, which breaks the last ties.

A stamp is text that sorts as it orders: 13 digits of milliseconds, 4 hex digits of counter, the device
id ("1764667200000-0000-3f2a..."). merge.py makes stamps for merged values by joining two with "+";
such a stamp sorts just after the larger of the two, and `observe` reads its first part."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

_COUNTER_LIMIT = 0xFFFF


def make_stamp(millis: int, counter: int, device: str) -> str:
    return f"{millis:013d}-{counter:04x}-{device}"


def parse_stamp(stamp: str) -> tuple[int, int, str]:
    """(milliseconds, counter, device) of a stamp, or of the first of a joined one. ValueError if it is none."""
    first = stamp.split("+", 1)[0]
    millis, counter, device = first.split("-", 2)
    if len(millis) != 13 or not millis.isdigit() or len(counter) != 4 or not device:
        raise ValueError(f"not a stamp: {stamp!r}")
    return int(millis), int(counter, 16), device


def wall_millis() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """Stamps for one device's writes: each later than every stamp made or seen before it."""

    def __init__(self, device: str, wall: Callable[[], int] = wall_millis) -> None:
        if not device or "-" in device or "+" in device:
            raise ValueError("a device id is letters and digits")
        self.device = device
        self._wall = wall
        self._millis = 0
        self._counter = 0
        self._lock = threading.Lock()

    def now(self) -> str:
        with self._lock:
            wall = self._wall()
            if wall > self._millis:
                self._millis, self._counter = wall, 0
            else:
                self._advance()
            return make_stamp(self._millis, self._counter, self.device)

    def observe(self, stamp: str) -> None:
        """Take in a stamp from elsewhere: every later `now` sorts after it."""
        millis, counter, _ = parse_stamp(stamp)
        with self._lock:
            if (millis, counter) > (self._millis, self._counter):
                self._millis, self._counter = millis, counter

    def _advance(self) -> None:
        if self._counter < _COUNTER_LIMIT:
            self._counter += 1
        else:  # 65536 stamps in one millisecond: borrow the next one
            self._millis, self._counter = self._millis + 1, 0
