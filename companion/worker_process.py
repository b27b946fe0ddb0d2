"""The entry point of a worker process (see workers.py): `python -m companion.worker_process FD CEILING`."""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

from companion.workers import PRELOAD, serve

if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])), int(sys.argv[2]), PRELOAD)
