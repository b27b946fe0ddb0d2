"""Logging an interaction, with the promises in its note turned into tasks in the same transaction."""

from __future__ import annotations

from companion.models import Interaction, InteractionFields, Task, TaskFields
from companion.store import Store
from companion.suggest.promises import find_promises


def log(store: Store, fields: InteractionFields) -> tuple[Interaction, list[Task]]:
    with store.db.transaction():
        interaction = store.interactions.log(fields)
        tasks = []
        if interaction.note:
            for promise in find_promises(interaction.note, interaction.occurred_at.date()):
                for person_id in interaction.person_ids[:1]:  # one task: the promise is made once
                    tasks.append(store.tasks.create(TaskFields(
                        person_id=person_id, text=promise.text[:2000], due=promise.due, origin="promise")))
    return interaction, tasks
