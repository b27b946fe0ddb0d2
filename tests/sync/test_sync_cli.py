"""Sync as a person meets it: `tend sync setup`, `status`, `now`, and two running companions that keep
one network, a change on one appearing on the other within seconds."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import time
from pathlib import Path

from companion.sync.couch import Server
from tests.support import start_companion, tend_command, wait_for


def tend(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(tend_command(*args, "--data-dir", str(data_dir)), capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)


def test_setup_checks_the_server_keeps_credentials_private_and_says_what_comes_next(
        couch: Server, tmp_path: Path) -> None:
    data_dir = tmp_path / "laptop"
    status = tend(data_dir, "sync", "status")
    assert status.returncode == 0 and "not set up" in status.stdout and "tend sync setup" in status.stdout
    done = tend(data_dir, "sync", "setup", couch.url, "--database", couch.database, "--encrypt",
                TEND_SYNC_PASSPHRASE="correct horse")
    assert done.returncode == 0, done.stderr
    assert "a new database" in done.stdout and "encrypted end to end" in done.stdout and "tend sync status" in done.stdout
    kept = data_dir / "sync.json"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and "correct horse" not in kept.read_text()
    wrong = tend(tmp_path / "desktop", "sync", "setup", couch.url, "--database", couch.database, "--encrypt",
                 TEND_SYNC_PASSPHRASE="wrong horse")
    assert wrong.returncode == 1 and "passphrase does not open" in wrong.stderr
    assert not (tmp_path / "desktop" / "sync.json").exists()
    unreachable = tend(tmp_path / "phone", "sync", "setup", "http://127.0.0.1:9", "--database", "tend")
    assert unreachable.returncode == 1 and "cannot reach" in unreachable.stderr


def test_sync_now_without_a_running_companion_syncs_once(couch: Server, tmp_path: Path) -> None:
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    for data_dir in (laptop, desktop):
        assert tend(data_dir, "sync", "setup", couch.url, "--database", couch.database).returncode == 0
    assert tend(laptop, "people", "add", "Ada Lovelace", "--tag", "friend").returncode == 0
    now = tend(laptop, "sync", "now")
    assert now.returncode == 0 and "Synced with" in now.stdout and "0 changes waiting" in now.stdout, now.stdout
    assert tend(desktop, "sync", "now").returncode == 0
    listed = tend(desktop, "people", "list", "--json")
    assert [person["name"] for person in json.loads(listed.stdout)["items"]] == ["Ada Lovelace"]


def test_two_running_companions_keep_one_network(couch: Server, tmp_path: Path) -> None:
    laptop_dir, desktop_dir = tmp_path / "laptop", tmp_path / "desktop"
    assert tend(laptop_dir, "sync", "setup", couch.url, "--database", couch.database).returncode == 0
    laptop, desktop = start_companion(laptop_dir), start_companion(desktop_dir)
    try:
        assert desktop.request("GET", "/api/v1/sync")[1]["state"] == "off"
        # Set up while it runs: it starts syncing without a restart, and says so.
        done = tend(desktop_dir, "sync", "setup", couch.url, "--database", couch.database)
        assert done.returncode == 0 and f"Syncing with {couch.url}" in done.stdout, done.stdout
        wait_for(lambda: desktop.request("GET", "/api/v1/sync")[1]["state"] == "synced")
        status, ada = laptop.request("POST", "/api/v1/people", {"name": "Ada Lovelace"})
        assert status == 201
        laptop.request("POST", "/api/v1/interactions", {"person_ids": [ada["id"]], "kind": "call", "note": "چای"})
        started = time.monotonic()
        there = wait_for(lambda: desktop.request("GET", "/api/v1/people?q=Ada")[1]["items"], timeout=10)
        [person] = there
        wait_for(lambda: desktop.request("GET", f"/api/v1/people/{person['id']}/interactions")[1]["items"], timeout=10)
        assert time.monotonic() - started <= 2.0 * 3  # the 2 s, with room for a loaded test machine
        code, state = laptop.request("GET", "/api/v1/sync")
        assert code == 200 and state["configured"] and state["where"].endswith(couch.database)
        assert "password" not in json.dumps(state)
    finally:
        laptop.stop()
        desktop.stop()


def test_setup_without_a_terminal_to_ask_on_says_how_to_give_the_password(couch: Server, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "TEND_SYNC_PASSWORD"}
    done = subprocess.run(tend_command("sync", "setup", couch.url, "--user", "tend", "--data-dir", str(tmp_path / "d")),
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=60)
    assert done.returncode == 2 and "TEND_SYNC_PASSWORD" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "d" / "sync.json").exists()
