"""Tasks: follow-ups with due dates, and what is due."""

from __future__ import annotations

from aiohttp import web

from companion.api.keys import SETTINGS, STORE
from companion.api.operations import Operations
from companion.api.queries import DueQuery, TaskQuery
from companion.models import Task, TaskCreate, TaskPage, TaskUpdate

ops = Operations()


@ops.add("GET", "/api/v1/tasks", "Tasks, by status or person, earliest due first", tag="tasks",
         query=TaskQuery, response=TaskPage)
async def list_tasks(request: web.Request, query: TaskQuery) -> TaskPage:
    items, total = request.app[STORE].tasks.search(query.status, query.person_id, query.limit, query.offset)
    return TaskPage(items=items, total=total)


@ops.add("POST", "/api/v1/tasks", "Add a task", tag="tasks", body=TaskCreate, response=Task, status=201)
async def create_task(request: web.Request, body: TaskCreate) -> Task:
    return request.app[STORE].tasks.create(body)


@ops.add("GET", "/api/v1/tasks/due", "Open tasks due by a day (today by default), snoozes that ended",
         tag="tasks", query=DueQuery, response=TaskPage)
async def due_tasks(request: web.Request, query: DueQuery) -> TaskPage:
    day = query.on or request.app[SETTINGS].clock().date()
    items, total = request.app[STORE].tasks.due(day, query.limit, query.offset)
    return TaskPage(items=items, total=total)


@ops.add("GET", "/api/v1/tasks/{task_id}", "A task", tag="tasks", response=Task, errors=(404,))
async def get_task(request: web.Request, task_id: int) -> Task:
    return request.app[STORE].tasks.get(task_id)


@ops.add("PATCH", "/api/v1/tasks/{task_id}", "Change a task (done, snoozed, new due date...)", tag="tasks",
         body=TaskUpdate, response=Task, errors=(404,))
async def update_task(request: web.Request, task_id: int, body: TaskUpdate) -> Task:
    return request.app[STORE].tasks.update(task_id, body)


@ops.add("DELETE", "/api/v1/tasks/{task_id}", "Delete a task", tag="tasks", status=204, errors=(404,))
async def delete_task(request: web.Request, task_id: int) -> None:
    request.app[STORE].tasks.delete(task_id)
