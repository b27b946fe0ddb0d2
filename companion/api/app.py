"""The composition root: `create_app(settings)` is the only place the companion is wired together.

`tend serve` and every API test call it; the store opens in a cleanup context (so a locked or damaged
data directory fails `runner.setup()`, before anything listens) and is closed, with a final snapshot,
when the app stops.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from companion.api.access_log import PathOnlyAccessLogger
from companion.api.errors import error_middleware
from companion.api.keys import PAIRING, SETTINGS, STORE, SUGGESTIONS, SYNC
from companion.api.routes import add_routes
from companion.api.security import cors_middleware, security_middleware
from companion.pairing import PairingCodes
from companion.settings import Settings
from companion.store import Store
from companion.suggestions import Suggestions
from companion.sync.runner import SyncRunner

# Options for aiohttp's request handler, shared by `tend serve` and the tests' servers.
# auto_decompress off: compressed bodies are refused by the gate, so never inflate one either.
# max_line_size: a lookup URL of 2048 characters can take 24 KB percent-encoded; aiohttp's default
# 8 KB request line would refuse it in plain text before the error shape could be applied.
# access_log_class: no query string (a calendar key, a looked-up e-mail) in the log.
SERVER_OPTIONS: dict[str, Any] = {"auto_decompress": False, "max_line_size": 64 * 1024,
                                  "access_log_class": PathOnlyAccessLogger}

log = logging.getLogger(__name__)


def create_app(settings: Settings) -> web.Application:
    app = web.Application(middlewares=[cors_middleware, error_middleware, security_middleware],
                          client_max_size=max(settings.max_body_bytes, settings.max_capture_bytes,
                                              settings.max_import_bytes))
    app[SETTINGS] = settings
    app[PAIRING] = PairingCodes()
    add_routes(app)

    async def open_store(app: web.Application) -> AsyncIterator[None]:
        store = Store(settings.data_dir, settings.clock, settings.compact_after_bytes)
        app[STORE] = store
        app[SUGGESTIONS] = Suggestions(store)
        # The daily backup writes a full snapshot (about a second for a large store): after start-up,
        # beside the requests, not before the companion answers.
        backup = asyncio.create_task(asyncio.to_thread(store.backup_if_due, settings.clock()))
        app[SYNC] = SyncRunner(store, settings.data_dir, settings.clock)
        await app[SYNC].refresh()  # when sync.json is there: in the background, from now on
        yield
        await app[SYNC].close()
        try:
            await backup
        except Exception:  # a failed backup must not stop the companion from closing its store
            log.exception("the daily backup failed")
        store.close()

    app.cleanup_ctx.append(open_store)
    return app
