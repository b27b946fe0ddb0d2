"""Tend's JSON backup: every record of the user's data, ids included, so a restore is exact.

`{"format": "tend-backup", "version": 1, "exported_at": …, "tables": {name: {id: document}}, "faces"?: {id:
base64 image}}`. Pairing
tokens stay behind (they belong to this machine's extension), and so do the kept pages' HTML files,
which are a cache for re-extraction: their records come along and say which page they were.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from companion.store.faces import MAX_FACE_BYTES, image_type
from companion.store.schema import BACKED_UP, MODELS

FORMAT, VERSION = "tend-backup", 1

# Each table with the model its documents must satisfy: the store's own (schema.py), so a restored
# document is one the store will load.
TABLES: dict[str, type[BaseModel]] = {name: MODELS[name] for name in BACKED_UP}
Tables = dict[str, dict[str, dict[str, Any]]]


class BackupError(ValueError):
    def __init__(self, message: str, fields: dict[str, str]) -> None:
        super().__init__(message)
        self.message, self.fields = message, fields


@dataclass
class Restorable:
    """A checked backup: its tables, and the people's face thumbnails (person id -> image bytes)."""

    tables: Tables
    faces: dict[int, bytes] = field(default_factory=dict)


def dump(tables: Mapping[str, Mapping[str, Any]], exported_at: str, faces: Mapping[int, bytes] | None = None) -> str:
    """The backup text: keys sorted and ids in numeric order, so the same data gives the same bytes. Faces,
    when there are any, come along in base64 (`"faces": {id: image}`): a backup restores them too."""
    ordered = {name: {key: tables.get(name, {})[key] for key in sorted(tables.get(name, {}), key=int)}
               for name in TABLES}
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION, "exported_at": exported_at, "tables": ordered}
    if faces:
        document["faces"] = {str(person_id): base64.b64encode(image).decode() for person_id, image in faces.items()}
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n"


def load(text: str | bytes) -> Tables:
    return load_backup(text).tables


def load_backup(text: str | bytes) -> Restorable:
    """A backup, every document checked against its model and every reference resolved, every face an
    image of a saved person; any problem refuses the whole file (a restore is exact or it is not a restore)."""
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise BackupError(f"this is not JSON: {error}", {"content": "not JSON"}) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError("this is not a Tend backup (made by `tend export json`)", {"format": f"is not {FORMAT}"})
    if document.get("version") != VERSION:
        raise BackupError(f"this backup is version {document.get('version')}; this Tend reads version {VERSION}",
                          {"version": f"must be {VERSION}"})
    raw = document.get("tables")
    if not isinstance(raw, dict):
        raise BackupError("the backup has no tables", {"tables": "missing"})
    problems: dict[str, str] = {}
    tables: Tables = {}
    for name, table in raw.items():
        if name not in TABLES:
            problems[f"tables.{name}"] = "not a table Tend keeps"
            continue
        if not isinstance(table, dict):
            problems[f"tables.{name}"] = "must be an object of documents by id"
            continue
        tables[name] = {}
        for key, doc in table.items():
            where = f"tables.{name}.{key}"
            if not key.isdigit() or int(key) < 1 or not isinstance(doc, dict):
                problems[where] = "ids are positive integers and documents objects"
                continue
            try:
                TABLES[name].model_validate({**doc, "id": int(key)} if "id" in TABLES[name].model_fields else doc)
            except ValidationError as error:
                problems.update({f"{where}.{'.'.join(map(str, e['loc']))}": e["msg"] for e in error.errors()[:5]})
                continue
            tables[name][key] = doc
    people = tables.get("people", {})
    for name, owner in (("interactions", "person_ids"), ("tasks", "person_id"), ("profile_changes", "person_id"),
                        ("captures", "person_id")):
        for key, doc in tables.get(name, {}).items():
            owners = doc.get(owner) or []
            for person_id in owners if isinstance(owners, list) else [owners]:
                if str(person_id) not in people:
                    problems[f"tables.{name}.{key}.{owner}"] = f"person {person_id} is not in the backup"
    faces = _faces(document.get("faces", {}), people, problems)
    if problems:
        raise BackupError(f"the backup has {len(problems)} problem{'s' if len(problems) != 1 else ''}; "
                          "nothing was restored", dict(list(problems.items())[:50]))
    return Restorable(tables, faces)


def _faces(raw: Any, people: Mapping[str, Any], problems: dict[str, str]) -> dict[int, bytes]:
    if not isinstance(raw, dict):
        problems["faces"] = "must be an object of images by person id"
        return {}
    faces: dict[int, bytes] = {}
    for key, text in raw.items():
        where = f"faces.{key}"
        try:
            image = base64.b64decode(text, validate=True) if isinstance(text, str) else b""
        except binascii.Error:
            image = b""
        if key not in people:
            problems[where] = f"person {key} is not in the backup"
        elif len(image) > MAX_FACE_BYTES or image_type(image) is None:
            problems[where] = f"not a WebP, JPEG or PNG image of at most {MAX_FACE_BYTES} bytes"
        else:
            faces[int(key)] = image
    return faces
