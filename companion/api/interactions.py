"""Interactions: log one (with one or several people, or a conversation with people a page shows), change
it, delete it."""

from __future__ import annotations

from aiohttp import web

from companion import conversations, notes
from companion.api.keys import STORE
from companion.api.operations import Operations
from companion.models import (ConversationCreate, ConversationLogged, Interaction, InteractionCreate, InteractionUpdate,
                              ResolveRequest, ResolveResult)

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


@ops.add("POST", "/api/v1/conversations", "Log a conversation from the page it happened on: saved people by id, "
         "the others by the name, address or profile link the page shows (found if saved, else added)",
         tag="interactions", body=ConversationCreate, response=ConversationLogged, status=201, errors=(404,))
async def log_conversation(request: web.Request, body: ConversationCreate) -> ConversationLogged:
    store = request.app[STORE]
    return conversations.log_conversation(store, body, await notes.promises_in(store, body.note, body.occurred_at))


@ops.add("POST", "/api/v1/people/resolve", "Which of these addresses and profile links (shown on a page) belong "
         "to saved people", tag="people", body=ResolveRequest, response=ResolveResult)
async def resolve_people(request: web.Request, body: ResolveRequest) -> ResolveResult:
    return conversations.resolve(request.app[STORE], body)
