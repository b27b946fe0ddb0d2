"""The route table: every operation of every resource module, in matching order."""

from __future__ import annotations

import re

from aiohttp import web

from companion.api import (captures, duplicates, health, interactions, pairing, people, suggestions, sync,
                           tasks, transfers)
from companion.api.openapi import openapi_document
from companion.api.operations import Operation, Operations, endpoint, path_param_pattern

ops = Operations()


@ops.add("GET", "/api/v1/openapi.json", "This document", tag="meta")
async def openapi(request: web.Request) -> web.Response:
    return web.json_response(request.app[DOCUMENT])


# Literal paths (people/lookup, tasks/due) come before the {id} patterns they would otherwise match.
OPERATIONS: list[Operation] = [*health.ops.items, *pairing.ops.items, *people.ops.items,
                               *interactions.ops.items, *tasks.ops.items, *captures.ops.items, *duplicates.ops.items,
                               *suggestions.ops.items, *sync.ops.items,
                               *transfers.ops.items, *ops.items]
DOCUMENT = web.AppKey("openapi", dict)


def _route_pattern(path: str) -> str:
    """Ids match digits only, so /people/lookup with another method is a 405, not "person 'lookup'"."""
    return re.sub(r"\{(\w+)\}", lambda m: "{%s:%s}" % (m.group(1), path_param_pattern(m.group(1))), path)


def add_routes(app: web.Application) -> None:
    app.router.add_routes([web.route(op.method, _route_pattern(op.path), endpoint(op)) for op in OPERATIONS])
    app[DOCUMENT] = openapi_document(OPERATIONS)
