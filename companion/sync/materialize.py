"""A replica as the local document it stands for: the inverse of recorder.py's `written`.

Pure: the fields' current values, references turned back into local ids (following merge redirects),
this machine's own fields kept from the document as it is here. A reference to someone not here yet is
left out; a document that cannot stand without one (an interaction with nobody, a suggestion state with
someone missing) waits: None."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from companion.sync.merge import Replica
from companion.sync.shapes import Shape

Doc = dict[str, Any]
LocalOf = Callable[[str, str], "int | None"]  # (table, global id) -> local id, None when not here
# A list field that must not end up empty, or the document is not one (an interaction with nobody).
REQUIRED_LISTS = {"person_ids"}


def _from_wire(shape: Shape, name: str, value: Any, local_of: LocalOf) -> Any:
    target = shape.refs.get(name)
    if target is None or value is None:
        return value
    if isinstance(value, list):
        return [local for local in (local_of(target, gid) for gid in value) if local is not None]
    return local_of(target, value)


def materialized(shape: Shape, replica: Replica, current: Doc | None, local_of: LocalOf) -> Doc | None:
    """The local document `replica` is, or None when it is not alive or must wait for a reference."""
    if not replica.alive:
        return None
    doc: Doc = {name: value for name, value in (current or {}).items() if name in shape.local}
    for name, value in replica.fields.items():
        local = _from_wire(shape, name, value.value, local_of)
        if isinstance(local, list) and len(local) < len(value.value):
            return None  # a fixed group of people (a suggestion's) with someone not here: it waits
        if local is not None:
            doc[name] = local
    for name in replica.sets:
        elements = [orjson.loads(key) for key in replica.present(name)]
        # Unique again: two global ids can name one person here (one merged into the other).
        local = list({orjson.dumps(value, option=orjson.OPT_SORT_KEYS): value
                      for value in _from_wire(shape, name, elements, local_of)}.values())
        if local:
            doc[name] = local
        elif name in REQUIRED_LISTS:
            return None
    for name, text in replica.texts.items():
        shown = text.shown()
        if shown:
            doc[name] = shown
    return shape.derive(doc) if shape.derive is not None else doc
