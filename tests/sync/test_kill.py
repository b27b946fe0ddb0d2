"""kill -9 of a real `tend serve` while it sends its first sync and while another one takes it in:
restarted, each resumes from what it had committed, and the network arrives whole, nothing doubled."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from companion.sync import config
from companion.sync.couch import Server
from tests.support import ServedCompanion, start_companion, wait_for

PEOPLE = 3000


def doc_count(server: Server) -> int:
    with urllib.request.urlopen(f"{server.url}/{server.database}", timeout=10) as answer:
        return int(json.load(answer)["doc_count"])


def status(companion: ServedCompanion) -> dict:  # type: ignore[type-arg]
    return companion.request("GET", "/api/v1/sync")[1]  # type: ignore[no-any-return]


def synced(companion: ServedCompanion) -> bool:
    now = status(companion)
    return now["state"] == "synced" and now["waiting"] == 0


def people(companion: ServedCompanion) -> int:
    return int(companion.request("GET", "/api/v1/people?limit=1")[1]["total"])


def test_a_kill_mid_push_and_mid_pull_resumes_with_nothing_lost_or_doubled(couch: Server, tmp_path: Path) -> None:
    laptop_dir = tmp_path / "laptop"
    laptop = start_companion(laptop_dir)
    rows = "\n".join(f"Person {n},person{n}@example.org" for n in range(PEOPLE))
    code, done = laptop.request("POST", "/api/v1/imports", {"format": "csv", "content": f"name,email\n{rows}\n"},
                                timeout=120)
    assert code == 200 and done["created"] == PEOPLE, done
    config.save(laptop_dir, config.SyncConfig(couch))
    assert status(laptop)["configured"]  # taken up now: the first sync starts
    wait_for(lambda: doc_count_or_zero(couch) > 0, timeout=60)
    laptop.kill9()  # mid-push: some documents there, most not
    sent_before = doc_count_or_zero(couch)
    assert sent_before < PEOPLE, "the push ended before the kill; make the store larger"

    laptop = start_companion(laptop_dir)
    try:
        wait_for(lambda: synced(laptop), timeout=120)
        on_server = doc_count(couch)
        assert PEOPLE < on_server <= PEOPLE + 5  # every person once, with the settings documents

        desktop_dir = tmp_path / "desktop"
        config.save(desktop_dir, config.SyncConfig(couch))
        desktop = start_companion(desktop_dir)
        wait_for(lambda: 0 < people(desktop) < PEOPLE, timeout=60, interval=0.005)
        desktop.kill9()  # mid-pull
        desktop = start_companion(desktop_dir)
        try:
            wait_for(lambda: synced(desktop) and people(desktop) == PEOPLE, timeout=120)
            assert doc_count(couch) == on_server  # taking in sent nothing new
            found = desktop.request("GET", "/api/v1/people?q=Person%201234")[1]["items"]
            assert [person["emails"] for person in found if person["name"] == "Person 1234"] == \
                [["person1234@example.org"]]
        finally:
            desktop.stop()
    finally:
        laptop.stop()


def doc_count_or_zero(server: Server) -> int:
    try:
        return doc_count(server)
    except OSError:  # not made yet
        return 0
