"""Interactions: log one (with one or several people), change it, delete it."""

from __future__ import annotations

from aiohttp import web

from companion import notes
from companion.api.keys import STORE
from companion.api.operations import Operations
from companion.models import Interaction, InteractionCreate, InteractionUpdate

ops = Operations()


@ops.add("POST", "/api/v1/interactions", "Log an interaction with one or several people; promises in its note "
         "(\"I'll send you the paper next week\") become tasks", tag="interactions", body=InteractionCreate,
         response=Interaction, status=201)
async def log_interaction(request: web.Request, body: InteractionCreate) -> Interaction:
    store = request.app[STORE]
    interaction, _ = notes.log(store, body, await notes.promises_in(store, body.note, body.occurred_at))
    return interaction


@ops.add("GET", "/api/v1/interactions/{interaction_id}", "An interaction", tag="interactions",
         response=Interaction, errors=(404,))
async def get_interaction(request: web.Request, interaction_id: int) -> Interaction:
    return request.app[STORE].interactions.get(interaction_id)


@ops.add("PATCH", "/api/v1/interactions/{interaction_id}", "Change an interaction", tag="interactions",
         body=InteractionUpdate, response=Interaction, errors=(404,))
async def update_interaction(request: web.Request, interaction_id: int, body: InteractionUpdate) -> Interaction:
    return request.app[STORE].interactions.update(interaction_id, body)


@ops.add("DELETE", "/api/v1/interactions/{interaction_id}", "Delete an interaction", tag="interactions",
         status=204, errors=(404,))
async def delete_interaction(request: web.Request, interaction_id: int) -> None:
    request.app[STORE].interactions.delete(interaction_id)
