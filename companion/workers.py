"""Worker processes for the work a page or a file can make arbitrarily heavy: parsing and extraction.

Why processes, not threads: a thread holds the GIL while BeautifulSoup builds a tree, so one page of a
million nested tags stalls every other request for half a minute; and a thread cannot be stopped. A
worker process parses beside the event loop, runs under a time budget and a memory ceiling, and when
either is passed it is killed and replaced: the request gets 422 `page_too_complex`, nothing is stored,
and the companion's own memory never held the tree.

The pool is one per process and starts its workers on first use (or at `warm`), so tests and CLI commands
that never parse a page never start one. A worker that dies for any reason is replaced on the next call.
"""

from __future__ import annotations

import asyncio
import atexit
import importlib
import os
import resource
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from companion.errors import PageTooComplex

T = TypeVar("T")

TIME_BUDGET = 10.0  # seconds one job may take; the slowest real page in the corpus takes 0.2 s
MEMORY_CEILING = 2 * 2**30  # bytes of address space a worker may map: several times what a real page takes


# Imported by each worker before it says it is ready, so a job's time budget is the job's alone.
PRELOAD = ("companion.extract",)
START_TIMEOUT = 60.0  # seconds a new worker may take to import PRELOAD on a busy machine


def serve(conn: Connection, memory_ceiling: int, preload: tuple[str, ...]) -> None:
    """A worker's life: import, say ready, then take a job, run it, send back ("ok", result) or
    ("too_complex"|"error", message)."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory_ceiling, memory_ceiling))
    except (ValueError, OSError):  # a ceiling the system does not allow: run without one
        pass
    for name in preload:
        importlib.import_module(name)
    conn.send(("ready", None))
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):  # the companion is gone
            return
        try:
            conn.send(("ok", fn(*args)))
        except (MemoryError, RecursionError) as error:
            conn.send(("too_complex", f"{type(error).__name__}"))
        except PageTooComplex as error:
            conn.send(("too_complex", error.message))
        except Exception as error:  # noqa: BLE001 - reported to the caller, who decides
            conn.send(("error", f"{type(error).__name__}: {error}"))


class _Worker:
    """A fresh interpreter (not a fork: the companion has threads and a large heap; not multiprocessing's
    spawn, which re-runs the parent's main module) talking over a socket pair."""

    def __init__(self, memory_ceiling: int) -> None:
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "companion.worker_process", str(theirs.fileno()), str(memory_ceiling)],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=env)
        self.conn = Connection(ours.detach())
        self._killed = threading.Lock()
        try:
            ready = self.conn.poll(START_TIMEOUT) and self.conn.recv()[0] == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise RuntimeError("a worker process did not start; see the companion's log")

    def call(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
        self.conn.send((fn, args))
        return self.conn.recv()

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """Idempotent: the time budget's timer and the waiting thread may both end a worker."""
        if not self._killed.acquire(blocking=False):
            return
        self.process.kill()
        self.process.wait(5)
        self.conn.close()


class WorkerPool:
    def __init__(self, size: int = 1, time_budget: float = TIME_BUDGET, memory_ceiling: int = MEMORY_CEILING) -> None:
        self.size = size
        self.time_budget = time_budget
        self.memory_ceiling = memory_ceiling
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._available = threading.Semaphore(size)
        # Threads that wait on the workers' pipes, so the event loop never does.
        self._waiters = ThreadPoolExecutor(max_workers=size, thread_name_prefix="tend-worker-wait")

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
        return _Worker(self.memory_ceiling)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)

    def warm(self) -> None:
        """Start one worker now (its imports take a moment), so the first capture does not wait for it."""
        with self._available:
            self._give_back(self._take())

    def call(self, fn: Callable[..., T], *args: Any, budget: float | None = None) -> T:
        """`fn(*args)` in a worker, waiting here (from a thread or a script; the event loop uses `run`).
        `budget`: seconds it may take (the pool's own by default)."""
        budget = budget or self.time_budget
        with self._available:
            worker = self._take()
            done = threading.Event()
            timer = threading.Timer(budget, lambda: done.is_set() or worker.kill())
            timer.start()
            try:
                status, value = worker.call(fn, args)
            except (EOFError, OSError):  # killed by the timer, or died on its own (out of memory)
                worker.kill()
                raise PageTooComplex(f"the page took longer than {budget:g} s or more memory than "
                                     "Tend allows to read; nothing was saved") from None
            finally:
                done.set()
                timer.cancel()
            self._give_back(worker)
        if status == "ok":
            return value  # type: ignore[no-any-return]
        if status == "too_complex":
            raise PageTooComplex(f"the page is too complex to read ({value}); nothing was saved")
        raise RuntimeError(f"a worker failed: {value}")

    async def run(self, fn: Callable[..., T], *args: Any, budget: float | None = None) -> T:
        """`fn(*args)` in a worker process (fn must be a module-level function, its arguments picklable)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._waiters, lambda: self.call(fn, *args, budget=budget))

    def close(self) -> None:
        with self._lock:
            workers, self._idle = self._idle, []
        for worker in workers:
            worker.kill()


_POOL: WorkerPool | None = None
_POOL_LOCK = threading.Lock()


def pool() -> WorkerPool:
    """This process's pool (made on first use; its workers end when the process does)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = WorkerPool(size=max(1, min(2, (os.cpu_count() or 2) - 1)))
            atexit.register(_POOL.close)
        return _POOL
