"""Sync's state line in the real extension, against a real CouchDB-protocol server: off with the command
that sets it up, "Synced just now" once sync.json appears (no restart), the log of an automatic merge
naming the person and opening them, and "Offline, N changes waiting" in Persian when the server is gone."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import expect

from companion.models import PersonUpdate
from companion.sync import config
from companion.sync.couch import Server
from tests.browser.conftest import Tend, shoot
from tests.support import FixedClock, wait_for
from tests.sync.conftest import CouchServer, own_couch_server  # noqa: F401 (a fixture)
from tests.sync.test_replicate import machine


def synced(tend: Tend) -> bool:
    status = tend.companion.request("GET", "/api/v1/sync")[1]
    return status["state"] == "synced" and status["waiting"] == 0


def desktop_sync(data_dir: Path, server: Server, edit_title: str | None = None) -> None:
    """Another machine: optionally edit Ada (before it has seen what the server has), then sync. In a
    thread of its own: Playwright's sync API has an event loop running in this one."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, _desktop_sync(data_dir, server, edit_title)).result()


async def _desktop_sync(data_dir: Path, server: Server, edit_title: str | None) -> None:
    async with machine(data_dir, FixedClock(), server) as (store, replicator):
        if edit_title is not None:
            [ada], _ = store.people.search(q="Ada")
            store.people.update(ada.id, PersonUpdate(title=edit_title))
        await replicator.sync()
        await replicator.sync()


def test_the_sync_line_says_how_it_goes_and_what_was_merged(tend: Tend, own_couch_server: CouchServer,  # noqa: F811
                                                            tmp_path: Path) -> None:
    tend.pair()
    options = tend.extension_page("options/options.html")
    line = options.locator("#sync")
    expect(line).to_have_attribute("data-sync-state", "off")
    expect(line.locator("code")).to_have_text("tend sync setup https://your-couchdb:6984")
    dashboard = tend.extension_page("dashboard/dashboard.html")
    expect(dashboard.locator("#state")).to_have_attribute("data-state", "connected")
    expect(dashboard.locator("#sync")).to_be_hidden()  # nothing to say where sync is not wanted

    server = own_couch_server.database()
    config.save(tend.companion.data_dir, config.SyncConfig(server))  # what `tend sync setup` writes
    status, ada = tend.companion.request("POST", "/api/v1/people", {"name": "Ada Lovelace"})
    assert status == 201
    options.reload()
    expect(line).to_have_attribute("data-sync-state", "synced")
    expect(line.locator(".sync-headline")).to_have_text("Synced just now")
    expect(line.locator(".sync-where")).to_contain_text(server.where)

    # An edit on another machine beats a delete here: the person comes back, and the log says so.
    wait_for(lambda: synced(tend))
    desktop = tmp_path / "desktop"
    desktop_sync(desktop, server)
    assert tend.companion.request("DELETE", f"/api/v1/people/{ada['id']}")[0] == 204
    wait_for(lambda: synced(tend))
    desktop_sync(desktop, server, edit_title="Countess")
    line.locator(".sync-now").click()
    expect(line.locator(".sync-log summary")).to_have_text("Merged automatically (1)")
    line.locator(".sync-log summary").click()
    entry = line.locator(".sync-log li")
    expect(entry).to_contain_text("Ada Lovelace came back: an edit on another machine beat a delete.")
    shoot(options, "sync-options-merged")

    dashboard.reload()
    header_line = dashboard.locator("#sync")
    expect(header_line).to_be_visible()
    header_line.locator(".sync-log summary").click()
    header_line.locator(".sync-log a").click()
    expect(dashboard.locator("#detail")).to_contain_text("Countess")
    shoot(dashboard, "sync-dashboard-merged")

    # The server gone: changes wait, and the line says so in the reader's language, with what to do.
    own_couch_server.stop()
    tend.companion.request("POST", "/api/v1/people", {"name": "مینا رحیمی"})
    options.select_option("#language", "fa")
    options.click("#save")
    expect(options.locator("html")).to_have_attribute("dir", "rtl")
    line.locator(".sync-now").click()
    expect(line).to_have_attribute("data-sync-state", "offline")
    # the new person and the settings just saved (they sync too), counted in Persian digits
    expect(line.locator(".sync-headline")).to_have_text(re.compile(r"^آفلاین، [۱-۹] تغییر در انتظار$"))
    expect(line.locator(".sync-detail")).to_contain_text("سرور پاسخ نمی‌دهد")
    shoot(options, "sync-options-offline-fa")
