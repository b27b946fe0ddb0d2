from pathlib import Path

import pytest

from companion.errors import DamagedData
from companion.store.journal import Journal, encode, read_journal


def write_lines(path: Path, *records: dict) -> None:
    path.write_bytes(b"".join(encode(record) for record in records))


def test_read_journal_returns_records_in_order(tmp_path: Path) -> None:
    path = tmp_path / "j"
    write_lines(path, {"seq": 1}, {"seq": 2})
    contents = read_journal(path)
    assert [r["seq"] for r in contents.records] == [1, 2]
    assert contents.good_length == path.stat().st_size and contents.torn_bytes == 0


@pytest.mark.parametrize("cut", [1, 5, 12, -1])
def test_read_journal_drops_a_torn_last_line(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "j"
    write_lines(path, {"seq": 1, "ops": []}, {"seq": 2, "ops": [["people", 1, {"name": "x"}]]})
    whole = path.read_bytes()
    first_line = whole.index(b"\n") + 1
    path.write_bytes(whole[:len(whole) + cut] if cut < 0 else whole[:first_line + cut])
    contents = read_journal(path)
    assert [r["seq"] for r in contents.records] == [1]
    assert contents.good_length == first_line and contents.torn_bytes > 0


def test_read_journal_treats_a_garbled_last_line_as_torn(tmp_path: Path) -> None:
    path = tmp_path / "j"
    write_lines(path, {"seq": 1}, {"seq": 2})
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x20  # flip a bit inside the last record: its checksum no longer matches
    path.write_bytes(bytes(data))
    assert [r["seq"] for r in read_journal(path).records] == [1]


def test_read_journal_refuses_a_damaged_line_before_the_last(tmp_path: Path) -> None:
    path = tmp_path / "j"
    write_lines(path, {"seq": 1}, {"seq": 2}, {"seq": 3})
    data = bytearray(path.read_bytes())
    data[12] ^= 0x20
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedData, match="not the last"):
        read_journal(path)


def test_journal_opened_after_a_torn_write_appends_on_a_clean_line(tmp_path: Path) -> None:
    path = tmp_path / "j"
    write_lines(path, {"seq": 1})
    path.write_bytes(path.read_bytes() + b"0000abcd {\"seq\":")
    contents = read_journal(path)
    journal = Journal(path, contents.good_length)
    journal.append({"seq": 2})
    journal.close()
    assert [r["seq"] for r in read_journal(path).records] == [1, 2]
