"""`tend serve`'s second half: the app behind the front (front.py) until Ctrl+C or SIGTERM, and how to pair."""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
from typing import TextIO

from aiohttp import web

from companion.api.app import SERVER_OPTIONS, create_app
from companion.api.keys import PAIRING, SETTINGS, STORE, SUGGESTIONS
from companion.errors import TendError
from companion.front import Front
from companion.runtime import Runtime, remove_runtime, write_runtime
from companion.settings import Settings
from companion.workers import pool


def _warm(app: web.Application) -> None:
    app[STORE].db.warm()
    pool().warm()  # a worker process for the first capture, with the extraction stack imported
    importlib.import_module("companion.profiles")
    importlib.import_module("dateparser.search")  # for the first note with a promise in it
    # The activity index and today's proposals, so the first suggestions asked for are not the cold ones.
    app[SUGGESTIONS].ranked(app[SETTINGS].clock().date())


async def serve(settings: Settings, front: Front, stop: asyncio.Event, out: TextIO = sys.stdout) -> None:
    """The app behind `front` (front.py), which already listens: open the store, take over every
    connection, and serve until `stop` is set."""
    app = create_app(settings)
    runner = web.AppRunner(app, **SERVER_OPTIONS)
    try:
        await runner.setup()  # opens the store: a locked or damaged data dir fails here
    except TendError as error:
        front.refuse_held(error.message)
        raise
    except BaseException:
        front.refuse_held("the companion could not start; see its output")
        raise
    try:
        front.hand_over(runner.server)  # type: ignore[arg-type]
        write_runtime(settings.data_dir, Runtime(pid=os.getpid(), url=front.url, cli_token=settings.cli_token))
        code, _ = app[PAIRING].issue(settings.clock())
        print(f"Data directory: {settings.data_dir}", file=out)
        print(f"Pairing code: {code}  (type it in the extension's options; valid 10 minutes, "
              "`tend pair` shows a new one)", file=out, flush=True)
        # Tables load, and the extraction stack is imported, on first use; do both now, beside the
        # first requests rather than before them.
        warming = asyncio.create_task(asyncio.to_thread(_warm, app))
        await stop.wait()
        print("Stopping; saving a snapshot.", file=out, flush=True)
        await warming
    finally:
        remove_runtime(settings.data_dir)
        await front.close()
        await runner.cleanup()
