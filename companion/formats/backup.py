"""Tend's JSON backup: every record of the user's data, ids included, so a restore is exact.

`{"format": "tend-backup", "version": 1, "exported_at": …, "tables": {name: {id: document}}, "faces"?: {id:
base64 image}}`. Pairing
tokens stay behind (they belong to this machine's extension), and so do the kept pages' HTML files,
which are a cache for re-extraction: their records come along and say which page they were.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
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


_PRETTY = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def _nested(value: Any, depth: int) -> bytes:
    """`value` as the backup writes it (sorted keys, two-space indents) at `depth` levels in: orjson's
    newlines are all between tokens (strings escape theirs), so indenting them nests the text."""
    return orjson.dumps(value, option=_PRETTY).replace(b"\n", b"\n" + b"  " * depth)


def _object(entries: Iterable[tuple[str, bytes]], depth: int) -> Iterator[bytes]:
    """A JSON object, one entry at a time, laid out as orjson's indent would lay it out."""
    pad = b"  " * (depth + 1)
    opened = False
    for key, value in entries:
        yield (b",\n" if opened else b"{\n") + pad + orjson.dumps(key) + b": " + value
        opened = True
    yield b"\n" + b"  " * depth + b"}" if opened else b"{}"


def dump_chunks(tables: Mapping[str, Iterable[tuple[int, Any]]], exported_at: str,
                faces: Iterable[tuple[int, bytes]] = ()) -> Iterator[bytes]:
    """The backup as it is written, a document at a time: never the whole file, nor every table as
    objects, in memory. `tables`: each table's (id, document) in ascending id order, a document given
    as a dict or as its JSON; `faces`: (person id, image), read as they are written. Keys are sorted and
    ids in numeric order, so the same data gives the same bytes."""

    def documents(name: str) -> Iterator[tuple[str, bytes]]:
        for doc_id, doc in tables.get(name, ()):
            yield str(doc_id), _nested(orjson.loads(doc) if isinstance(doc, bytes) else doc, 3)

    faces = iter(faces)
    first_face = next(faces, None)
    yield b'{\n  "exported_at": ' + orjson.dumps(exported_at) + b",\n"
    if first_face is not None:
        yield b'  "faces": '
        yield from _object(((str(person_id), orjson.dumps(base64.b64encode(image).decode()))
                            for person_id, image in chain((first_face,), faces)), 1)
        yield b",\n"
    yield b'  "format": ' + orjson.dumps(FORMAT) + b',\n  "tables": '
    names = sorted(TABLES)
    pad = b"    "
    for index, name in enumerate(names):
        yield (b"{\n" if index == 0 else b",\n") + pad + orjson.dumps(name) + b": "
        yield from _object(documents(name), 2)
    yield b'\n  },\n  "version": ' + orjson.dumps(VERSION) + b"\n}\n"


def dump(tables: Mapping[str, Mapping[str, Any]], exported_at: str, faces: Mapping[int, bytes] | None = None) -> str:
    """The backup text of tables given whole (id as text -> document): `dump_chunks`, joined."""
    ordered = {name: sorted((int(key), doc) for key, doc in tables.get(name, {}).items()) for name in TABLES}
    return b"".join(dump_chunks(ordered, exported_at, sorted((faces or {}).items()))).decode()


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
