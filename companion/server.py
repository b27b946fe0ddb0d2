"""`tend serve`: run the companion until Ctrl+C or SIGTERM, saying where it listens and how to pair."""

from __future__ import annotations

import asyncio
import importlib
import os
import signal
import sys
from typing import TextIO

from aiohttp import web

from companion import __version__
from companion.api.app import SERVER_OPTIONS, create_app
from companion.api.keys import PAIRING, SETTINGS, STORE, SUGGESTIONS
from companion.runtime import Runtime, remove_runtime, write_runtime
from companion.settings import HOST, Settings
from companion.workers import pool


class PortInUse(Exception):
    pass


def _warm(app: web.Application) -> None:
    app[STORE].db.warm()
    pool().warm()  # a worker process for the first capture, with the extraction stack imported
    importlib.import_module("companion.profiles")
    importlib.import_module("dateparser.search")  # for the first note with a promise in it
    # The activity index and today's proposals, so the first suggestions asked for are not the cold ones.
    app[SUGGESTIONS].ranked(app[SETTINGS].clock().date())


async def serve(settings: Settings, out: TextIO = sys.stdout) -> None:
    app = create_app(settings)
    runner = web.AppRunner(app, **SERVER_OPTIONS)
    await runner.setup()  # opens the store: a locked or damaged data dir fails here, before listening
    try:
        site = web.TCPSite(runner, HOST, settings.port)
        try:
            await site.start()
        except OSError as error:
            raise PortInUse(f"port {settings.port} on {HOST} is in use ({error.strerror}); "
                            "choose another with --port") from None
        port = runner.addresses[0][1]
        url = f"http://{HOST}:{port}"
        write_runtime(settings.data_dir, Runtime(pid=os.getpid(), url=url, cli_token=settings.cli_token))
        code, _ = app[PAIRING].issue(settings.clock())
        print(f"Tend companion {__version__} listening on {url}", file=out)
        print(f"Data directory: {settings.data_dir}", file=out)
        print(f"Pairing code: {code}  (type it in the extension's options; valid 10 minutes, "
              "`tend pair` shows a new one)", file=out, flush=True)
        # Tables load, and the extraction stack is imported, on first use; do both now, beside the
        # first requests rather than before them.
        warming = asyncio.create_task(asyncio.to_thread(_warm, app))
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        print("Stopping; saving a snapshot.", file=out, flush=True)
        await warming
    finally:
        remove_runtime(settings.data_dir)
        await runner.cleanup()

