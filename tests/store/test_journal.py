import errno
import os
from pathlib import Path

import pytest

from companion.errors import DamagedData
from companion.store import journal as journal_module
from companion.store.journal import Journal, encode, read_journal


def record(seq: int, *ops: list) -> dict:
    return {"seq": seq, "ops": list(ops)}


def write_lines(path: Path, *records: dict) -> None:
    path.write_bytes(b"".join(encode(item) for item in records))


def test_read_journal_returns_records_in_order(tmp_path: Path) -> None:
    path = tmp_path / "j"
    write_lines(path, record(1), record(2))
    contents = read_journal(path)
    assert [r["seq"] for r in contents.records] == [1, 2]
    assert contents.good_length == path.stat().st_size and contents.torn_bytes == 0


def test_a_header_line_names_the_snapshot_the_journal_continues(tmp_path: Path) -> None:
    path = tmp_path / "j"
    write_lines(path, {"base": 4}, record(5))
    contents = read_journal(path)
    assert contents.base == 4 and [r["seq"] for r in contents.records] == [5]


@pytest.mark.parametrize("cut", [1, 5, 12, -1])
def test_read_journal_drops_a_torn_last_line(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "j"
    write_lines(path, record(1), record(2, ["people", 1, {"name": "x"}]))
    whole = path.read_bytes()
    first_line = whole.index(b"\n") + 1
    path.write_bytes(whole[:len(whole) + cut] if cut < 0 else whole[:first_line + cut])
    contents = read_journal(path)
    assert [r["seq"] for r in contents.records] == [1]
    assert contents.good_length == first_line and contents.torn_bytes > 0


@pytest.mark.parametrize("where", ["last", "first"])
def test_a_complete_line_that_fails_its_checksum_is_damage_even_the_last(tmp_path: Path, where: str) -> None:
    """A line with its newline was acknowledged once: a flipped byte in it is evidence, not a torn append."""
    path = tmp_path / "j"
    write_lines(path, record(1), record(2), record(3))
    data = bytearray(path.read_bytes())
    data[-3 if where == "last" else 12] ^= 0x20
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedData, match="checksum does not match"):
        read_journal(path)


@pytest.mark.parametrize("bad", [
    pytest.param({"seq": 1}, id="no-ops"),
    pytest.param({"seq": 1, "ops": {"people": 1}}, id="ops-not-a-list"),
    pytest.param({"seq": 1, "ops": [["people", 1, ["not", "an", "object"]]]}, id="document-not-an-object"),
    pytest.param({"seq": 1, "ops": [["people", "1", {"name": "x"}]]}, id="id-not-a-number"),
    pytest.param({"seq": "1", "ops": []}, id="seq-not-a-number"),
    pytest.param({"seq": 2, "ops": [], "extra": 1}, id="unknown-key"),
    pytest.param({"base": 3}, id="header-not-first"),
])
def test_a_line_with_a_good_checksum_but_the_wrong_shape_is_damage(tmp_path: Path, bad: dict) -> None:
    path = tmp_path / "j"
    write_lines(path, record(1), bad)
    with pytest.raises(DamagedData, match="byte"):
        read_journal(path)


def test_journal_opened_after_a_torn_write_appends_on_a_clean_line(tmp_path: Path) -> None:
    path = tmp_path / "j"
    write_lines(path, record(1))
    path.write_bytes(path.read_bytes() + b"0000abcd {\"seq\":")
    contents = read_journal(path)
    journal = Journal(path, contents.good_length)
    journal.append(record(2))
    journal.close()
    assert [r["seq"] for r in read_journal(path).records] == [1, 2]


@pytest.mark.parametrize("failing", ["write", "fdatasync"])
def test_a_failed_append_is_cut_back_to_the_last_good_line(tmp_path: Path, monkeypatch, failing: str) -> None:  # type: ignore[no-untyped-def]
    """A full disk that accepted half a line must leave no fragment for the next append to be glued to."""
    path = tmp_path / "j"
    journal = Journal(path, 0)
    journal.append(record(1))
    good = path.read_bytes()

    def half_then_full(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    def sync_fails(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    with monkeypatch.context() as patch:
        if failing == "write":
            patch.setattr(journal_module, "write_all", half_then_full)
        else:
            patch.setattr(journal_module.os, "fdatasync", sync_fails)
        with pytest.raises(OSError):
            journal.append(record(2, ["people", 1, {"name": "x" * 500}]))
    assert path.read_bytes() == good
    journal.append(record(2))  # space is back
    journal.close()
    assert [r["seq"] for r in read_journal(path).records] == [1, 2]


def test_reset_replaces_the_journal_atomically_with_a_header(tmp_path: Path) -> None:
    path = tmp_path / "j"
    journal = Journal(path, 0)
    journal.append(record(1))
    journal.reset(1)
    journal.append(record(2))
    journal.close()
    contents = read_journal(path)
    assert contents.base == 1 and [r["seq"] for r in contents.records] == [2]
    assert not (tmp_path / "j.tmp").exists()
