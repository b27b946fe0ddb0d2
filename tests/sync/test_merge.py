"""The merge rules: what each person meant survives, and every replica that has seen the same writes
holds the same document, whatever order they met in (a property test over random histories)."""

from __future__ import annotations

import random

import pytest

from companion.sync.hlc import HybridClock, make_stamp, parse_stamp
from companion.sync.merge import (TEXT_DIVIDER, Replica, came_back, delete, merge, merge_into, set_members,
                                  set_text, set_value)


class Device:
    """One machine's replica of one document, and its clock (a wall clock that the test moves)."""

    def __init__(self, name: str, wall: list[int]) -> None:
        self.clock = HybridClock(name, lambda: wall[0])
        self.replica = Replica()

    def receive(self, other: "Device") -> None:
        for stamp in other.replica.writes.values():
            self.clock.observe(stamp)
        self.replica = merge(self.replica, other.replica)


@pytest.fixture
def wall() -> list[int]:
    return [1_764_667_200_000]


def test_a_field_takes_the_later_write_whichever_side_merges(wall: list[int]) -> None:
    laptop, desktop = Device("laptop", wall), Device("desktop", wall)
    laptop.replica = set_value(laptop.replica, "title", "Engineer", laptop.clock.now())
    wall[0] += 5
    desktop.replica = set_value(desktop.replica, "title", "Founder", desktop.clock.now())
    assert merge(laptop.replica, desktop.replica) == merge(desktop.replica, laptop.replica)
    assert merge(laptop.replica, desktop.replica).value("title") == "Founder"


def test_a_clock_behind_still_writes_after_what_it_has_seen(wall: list[int]) -> None:
    fast = Device("fast", [wall[0] + 60_000])  # a minute ahead
    slow = Device("slow", wall)
    fast.replica = set_value(fast.replica, "title", "old", fast.clock.now())
    slow.receive(fast)
    slow.replica = set_value(slow.replica, "title", "new", slow.clock.now())  # its wall clock says earlier
    assert merge(fast.replica, slow.replica).value("title") == "new"


def test_a_list_element_follows_the_later_act(wall: list[int]) -> None:
    laptop, desktop = Device("laptop", wall), Device("desktop", wall)
    laptop.replica = set_members(laptop.replica, "tags", ["friend", "work"], laptop.clock.now())
    desktop.receive(laptop)
    wall[0] += 1
    laptop.replica = set_members(laptop.replica, "tags", ["friend"], laptop.clock.now())  # "work" removed
    desktop.replica = set_members(desktop.replica, "tags", ["friend", "work", "climbing"], desktop.clock.now())
    merged = merge(laptop.replica, desktop.replica)
    assert merged.present("tags") == ["climbing", "friend"]  # the removal was later than the other's add
    wall[0] += 1
    desktop.replica = set_members(merged, "tags", ["climbing", "friend", "work"], desktop.clock.now())
    assert merge(laptop.replica, desktop.replica).present("tags") == ["climbing", "friend", "work"]


def test_concurrent_notes_keep_both_texts_and_the_next_edit_replaces_them(wall: list[int]) -> None:
    laptop, desktop = Device("laptop", wall), Device("desktop", wall)
    laptop.replica = set_text(laptop.replica, "notes", "Met at the meetup", laptop.clock.now())
    desktop.receive(laptop)
    wall[0] += 1
    laptop.replica = set_text(laptop.replica, "notes", "Met at the meetup; loves climbing", laptop.clock.now())
    wall[0] += 1
    desktop.replica = set_text(desktop.replica, "notes", "با هم قهوه خوردیم", desktop.clock.now())
    merged = merge(laptop.replica, desktop.replica)
    assert merged.value("notes") == f"با هم قهوه خوردیم{TEXT_DIVIDER}Met at the meetup; loves climbing"
    assert merged == merge(desktop.replica, laptop.replica)
    laptop.replica = merged
    wall[0] += 1
    laptop.replica = set_text(laptop.replica, "notes", "Both: coffee, climbing", laptop.clock.now())
    assert merge(laptop.replica, desktop.replica).value("notes") == "Both: coffee, climbing"


def test_a_sequel_replaces_the_text_it_was_written_over(wall: list[int]) -> None:
    laptop, desktop = Device("laptop", wall), Device("desktop", wall)
    laptop.replica = set_text(laptop.replica, "notes", "first", laptop.clock.now())
    desktop.receive(laptop)
    desktop.replica = set_text(desktop.replica, "notes", "second", desktop.clock.now())
    assert merge(laptop.replica, desktop.replica).value("notes") == "second"


def test_an_edit_beats_a_concurrent_delete_and_says_so(wall: list[int]) -> None:
    laptop, desktop = Device("laptop", wall), Device("desktop", wall)
    laptop.replica = set_value(laptop.replica, "name", "Ada", laptop.clock.now())
    desktop.receive(laptop)
    wall[0] += 1
    laptop.replica = delete(laptop.replica, laptop.clock.now())
    desktop.replica = set_value(desktop.replica, "title", "Countess", desktop.clock.now())
    merged = merge(laptop.replica, desktop.replica)
    assert merged.alive and merged.value("title") == "Countess"
    assert came_back(laptop.replica, merged) and not came_back(desktop.replica, merged)


def test_a_delete_that_had_seen_every_edit_stays(wall: list[int]) -> None:
    laptop, desktop = Device("laptop", wall), Device("desktop", wall)
    laptop.replica = set_value(laptop.replica, "name", "Ada", laptop.clock.now())
    desktop.receive(laptop)
    desktop.replica = set_value(desktop.replica, "title", "Countess", desktop.clock.now())
    laptop.receive(desktop)
    laptop.replica = delete(laptop.replica, laptop.clock.now())
    merged = merge(desktop.replica, laptop.replica)
    assert not merged.alive and not came_back(laptop.replica, merged)


def test_a_person_merged_away_never_comes_back(wall: list[int]) -> None:
    laptop, desktop = Device("laptop", wall), Device("desktop", wall)
    laptop.replica = set_value(laptop.replica, "name", "Ada L.", laptop.clock.now())
    desktop.receive(laptop)
    laptop.replica = merge_into(laptop.replica, "01SURVIVOR", laptop.clock.now())
    desktop.replica = set_value(desktop.replica, "title", "Countess", desktop.clock.now())
    merged = merge(laptop.replica, desktop.replica)
    assert not merged.alive and merged.merged_into is not None and merged.merged_into.value == "01SURVIVOR"
    assert merged.value("title") == "Countess"  # kept, for the engine to carry to the survivor


def test_stamps_sort_as_they_order_and_name_their_device() -> None:
    stamps = [make_stamp(1_764_667_200_000, 2, "b"), make_stamp(1_764_667_200_000, 10, "a"),
              make_stamp(1_764_667_200_001, 0, "a")]
    assert sorted(stamps) == stamps
    assert parse_stamp(stamps[1]) == (1_764_667_200_000, 10, "a")
    with pytest.raises(ValueError):
        parse_stamp("yesterday")
    clock = HybridClock("a", lambda: 5)
    made = [clock.now() for _ in range(70_000)]  # more than a millisecond's counter holds
    assert made == sorted(made) and len(set(made)) == len(made)


# -- the property: random histories on three devices converge, whatever the order of meetings -------
FIELDS = ["name", "title", "organization"]
WORDS = ["alpha", "beta", "gamma", "delta", "کتاب", "বই"]


def _act(rng: random.Random, device: Device, wall: list[int]) -> None:
    wall[0] += rng.choice([0, 0, 1, 7, -3])  # clocks stall and even step back
    stamp = device.clock.now()
    action = rng.random()
    replica = device.replica
    if action < 0.35:
        replica = set_value(replica, rng.choice(FIELDS), rng.choice(WORDS), stamp)
    elif action < 0.6:
        replica = set_members(replica, "tags", rng.sample(WORDS, rng.randint(0, 3)), stamp)
    elif action < 0.85:
        replica = set_text(replica, "notes", " ".join(rng.sample(WORDS, 2)), stamp)
    elif action < 0.95:
        replica = delete(replica, stamp)
    else:
        replica = merge_into(replica, rng.choice(["", "01SURVIVOR"]), stamp)
    device.replica = replica


@pytest.mark.parametrize("seed", range(30))
def test_random_histories_converge_whatever_order_replicas_meet_in(seed: int) -> None:
    rng = random.Random(seed)
    wall = [1_764_667_200_000]
    devices = [Device(name, wall) for name in ("laptop", "desktop", "phone")]
    history = []
    for _ in range(60):
        if rng.random() < 0.7:
            _act(rng, rng.choice(devices), wall)
        else:
            first, second = rng.sample(devices, 2)
            first.receive(second)
        history.append(rng.choice(devices).replica)
    for a, b, c in (rng.sample(history, 3) for _ in range(20)):
        assert merge(a, b) == merge(b, a), f"seed {seed}"
        assert merge(a, a) == a, f"seed {seed}"
        assert merge(merge(a, b), c) == merge(a, merge(b, c)), f"seed {seed}"
    for first in devices:  # everyone meets everyone: all the same
        for second in devices:
            second.receive(first)
    for device in devices:
        devices[0].receive(device)
    assert all(device.replica == devices[0].replica for device in devices), f"seed {seed}"
