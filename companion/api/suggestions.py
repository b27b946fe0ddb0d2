"""Suggestions, what is due for reminders, and the user's own goals and rhythm."""

from __future__ import annotations

from datetime import date

from aiohttp import web

from companion.api.keys import SETTINGS, STORE, SUGGESTIONS
from companion.api.operations import Operations
from companion.api.queries import SuggestionQuery
from companion.models import (Insights, MeFields, NextStep, SnoozeRequest, SuggestionOutcome, SuggestionPage, TaskPage,
                              WeekSession)

ops = Operations()


def _today(request: web.Request) -> date:
    return request.app[SETTINGS].clock().date()


@ops.add("GET", "/api/v1/suggestions", "Today's suggestions, ranked, mixed and capped", tag="suggestions",
         query=SuggestionQuery, response=SuggestionPage)
async def list_suggestions(request: web.Request, query: SuggestionQuery) -> SuggestionPage:
    items, total = request.app[SUGGESTIONS].today(_today(request), query.limit)
    return SuggestionPage(items=items, total=total)


@ops.add("POST", "/api/v1/suggestions/{key}/done", "Done: logs the interaction it implies", tag="suggestions",
         response=SuggestionOutcome, errors=(404,))
async def suggestion_done(request: web.Request, key: str) -> SuggestionOutcome:
    return request.app[SUGGESTIONS].act(key, "done", _today(request))


@ops.add("POST", "/api/v1/suggestions/{key}/snooze", "Snooze for some days (7 unless said)", tag="suggestions",
         body=SnoozeRequest, response=SuggestionOutcome, errors=(404,))
async def suggestion_snooze(request: web.Request, key: str, body: SnoozeRequest) -> SuggestionOutcome:
    return request.app[SUGGESTIONS].act(key, "snooze", _today(request), body.days)


@ops.add("POST", "/api/v1/suggestions/{key}/dismiss", "Dismiss for good", tag="suggestions",
         response=SuggestionOutcome, errors=(404,))
async def suggestion_dismiss(request: web.Request, key: str) -> SuggestionOutcome:
    return request.app[SUGGESTIONS].act(key, "dismiss", _today(request))


@ops.add("GET", "/api/v1/reminders/due", "What the extension turns into notifications: due tasks",
         tag="suggestions", response=TaskPage)
async def reminders_due(request: web.Request) -> TaskPage:
    items, total = request.app[STORE].tasks.due(_today(request), limit=100)
    return TaskPage(items=items, total=total)


@ops.add("GET", "/api/v1/insights", "Reciprocity ledger, network diversity, weekly rhythm", tag="suggestions",
         response=Insights)
async def get_insights(request: web.Request) -> Insights:
    return request.app[SUGGESTIONS].insights(_today(request))


@ops.add("GET", "/api/v1/me", "The user's goals, interests, offers and rhythm", tag="suggestions",
         response=MeFields)
async def get_me(request: web.Request) -> MeFields:
    return request.app[STORE].me.get()


@ops.add("PUT", "/api/v1/me", "Set the user's goals, interests, offers and rhythm", tag="suggestions",
         body=MeFields, response=MeFields)
async def put_me(request: web.Request, body: MeFields) -> MeFields:
    return request.app[STORE].me.put(body)


@ops.add("GET", "/api/v1/week", "The weekly session: the touches goal, what is done since Monday, and a short "
         "queue of people to write to, each with the context that makes it easy", tag="suggestions",
         response=WeekSession)
async def week_session(request: web.Request) -> WeekSession:
    return request.app[SUGGESTIONS].session(_today(request))


@ops.add("GET", "/api/v1/people/{person_id}/next", "What to do next with this person: today's suggestions "
         "about them and their most pressing open task (the on-page card shows it)", tag="suggestions",
         response=NextStep, errors=(404,))
async def next_step(request: web.Request, person_id: int) -> NextStep:
    store = request.app[STORE]
    store.people.raw(person_id)  # a 404 for someone unknown
    tasks, _ = store.tasks.search("open", person_id, limit=1)
    suggestions = request.app[SUGGESTIONS]
    return NextStep(suggestions=suggestions.about(person_id, _today(request)), task=tasks[0] if tasks else None,
                    give_and_take=suggestions.give_and_take(person_id, _today(request)))
