"""Tables held as JSON (store/encoded.py) behave as the dicts they replace, through TinyDB and the journal."""

from __future__ import annotations

import random
from pathlib import Path

import orjson

from companion.store.database import Database
from companion.store.encoded import EncodedDocs, encode_lines
from companion.store.engine import SNAPSHOT_NAME


def scanned(docs: dict[str, dict]) -> EncodedDocs:
    return EncodedDocs.scan(b"".join(encode_lines((int(k), orjson.dumps(v)) for k, v in docs.items())))


def test_a_scanned_table_reads_as_the_dict_it_was_written_from() -> None:
    docs = {"1": {"note": "line one\nline two, \"quoted\""}, "2": {"nested": {"7": {"x": 1}}}, "10": {"n": "ঢাকা"}}
    table = scanned(docs)
    assert dict(table.items()) == docs and len(table) == 3 and list(table) == ["1", "2", "10"]
    assert table["2"] == docs["2"] and table.get("3") is None and "10" in table and "x" not in table
    assert len(scanned({})) == 0 and not scanned({})


def test_random_writes_match_a_dict_and_a_clone_keeps_its_moment() -> None:
    rng = random.Random(11)
    plain = {str(i): {"i": i} for i in range(1, 40)}
    table = scanned(plain)
    clone, frozen = table.clone(), dict(plain)
    for step in range(400):
        key = str(rng.randint(1, 60))
        if rng.random() < 0.4 and key in plain:
            del plain[key]
            del table[key]
        else:
            plain[key] = {"i": int(key), "step": step}
            table[key] = plain[key]
        assert len(table) == len(plain) and bool(table) == bool(plain)
    assert dict(table.items()) == plain
    assert [int(k) for k in table] == sorted(int(k) for k in plain)  # ascending ids, whatever the history
    assert dict(clone.items()) == frozen  # unchanged by everything written after it


def test_tinydb_updates_in_place_reach_the_journal_and_a_restart(tmp_path: Path) -> None:
    db = Database(tmp_path, held_as_json={"notes"})
    table = db.table("notes")
    first = table.insert({"text": "a", "tags": ["x"]})
    table.update({"text": "b"}, doc_ids=[first])  # TinyDB changes the document it is handed, in place
    table.update(lambda doc: doc["tags"].append("y"), doc_ids=[first])
    assert db.table_docs("notes")[str(first)] == {"text": "b", "tags": ["x", "y"]}
    try:
        with db.transaction():
            table.update({"text": "lost"}, doc_ids=[first])
            raise RuntimeError
    except RuntimeError:
        pass
    assert db.table_docs("notes")[str(first)]["text"] == "b"  # rolled back
    db.close()  # a snapshot, written a document per line
    assert b'{"1":{"text":"b","tags":["x","y"]}}' in (tmp_path / SNAPSHOT_NAME).read_bytes()
    again = Database(tmp_path, held_as_json={"notes"})
    assert isinstance(again.table_docs("notes"), EncodedDocs)
    assert dict(again.table_docs("notes").items()) == {"1": {"text": "b", "tags": ["x", "y"]}}
    again.close()


def test_a_snapshot_from_before_the_line_layout_still_loads(tmp_path: Path) -> None:
    (tmp_path / SNAPSHOT_NAME).write_text('{"notes": {"1": {"text": "old"}, "2": {"text": "older"}}}')
    db = Database(tmp_path, held_as_json={"notes"})
    assert dict(db.table_docs("notes").items()) == {"1": {"text": "old"}, "2": {"text": "older"}}
    db.close()


def test_frozen_tables_do_not_see_later_writes(tmp_path: Path) -> None:
    db = Database(tmp_path, held_as_json={"notes"})
    db.table("notes").insert({"text": "kept"})
    db.table("people").insert({"name": "Ada"})
    frozen = db.frozen(["notes", "people"])
    db.table("notes").update({"text": "changed"}, doc_ids=[1])
    db.table("people").update({"name": "Grace"}, doc_ids=[1])
    db.table("notes").insert({"text": "new"})
    assert dict(frozen["notes"].items()) == {"1": {"text": "kept"}}
    assert dict(frozen["people"].items()) == {"1": {"name": "Ada"}}
    db.close()
