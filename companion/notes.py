"""Logging an interaction, with the promises in its note turned into tasks in the same transaction.

Finding the promises reads dates with dateparser (milliseconds a sentence): `promises_in` runs it off
the event loop first, and `log` only writes what it found.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from companion.models import Interaction, InteractionFields, Task, TaskFields
from companion.store import Store
from companion.suggest.promises import Promise, find_promises


async def promises_in(store: Store, note: str | None, occurred_at: datetime | None = None) -> list[Promise]:
    """The promises in the note of an interaction about to be logged (at `occurred_at`, else now), read on
    a thread."""
    if not note:
        return []
    return await asyncio.to_thread(find_promises, note, (occurred_at or store.clock()).date())


def log(store: Store, fields: InteractionFields, promises: list[Promise]) -> tuple[Interaction, list[Task]]:
    with store.db.transaction():
        interaction = store.interactions.log(fields)
        tasks = []
        for promise in promises:
            for person_id in interaction.person_ids[:1]:  # one task: the promise is made once
                tasks.append(store.tasks.create(TaskFields(
                    person_id=person_id, text=promise.text[:2000], due=promise.due, origin="promise")))
    return interaction, tasks
