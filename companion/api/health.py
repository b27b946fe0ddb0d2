"""GET /api/v1/health: is the companion there, which version, which API level (no token needed)."""

from __future__ import annotations

from aiohttp import web

from companion import API_LEVEL, __version__
from companion.api.operations import Operations
from companion.models import Health

ops = Operations()


@ops.add("GET", "/api/v1/health", "Name, version and API level of the companion", tag="meta",
         response=Health, auth=False)
async def health(request: web.Request) -> Health:
    return Health(version=__version__, api=API_LEVEL)
