"""A full disk: the write is refused with 507, the journal is cut back, and once space is freed the next
write lands and everything acknowledged survives a kill -9. Once injected at the write call, once on a
real 2 MiB filesystem under a real `tend serve`."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.store import journal as journal_module
from companion.store import verify
from tests.conftest import Api
from tests.support import check_error, start_companion, tend_command


async def test_an_injected_full_disk_is_a_507_and_the_next_write_lands(api: Api, monkeypatch, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    status, first, _ = await api.call("POST", "/api/v1/people", {"name": "Before"})
    assert status == 201

    def half_then_full(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])  # the disk took half the line, then ran out
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(journal_module, "write_all", half_then_full)
        status, body, _ = await api.call("POST", "/api/v1/people", {"name": "Refused"})
        check_error(status, body, 507, "insufficient_storage")
        assert "free some space" in body["error"]["message"]
    status, after, _ = await api.call("POST", "/api/v1/people", {"name": "After"})
    assert status == 201
    names = {person["name"] for person in (await api.call("GET", "/api/v1/people"))[1]["items"]}
    assert names == {"Before", "After"}
    found = verify(data_dir)  # what a restart would read: no fragment between the two good lines
    assert found.counts["people"] == 2 and found.torn_bytes == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount_point)],
                       check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"cannot mount a small filesystem here ({error}); the injected test covers the logic")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


@pytest.mark.slow
def test_a_real_full_disk_loses_no_acknowledged_write(small_disk: Path, tmp_path: Path) -> None:
    data_dir = small_disk / "data"
    log = tmp_path / "companion.log"  # the log on another disk, so it says what happened
    companion = start_companion(data_dir, log_path=log)
    try:
        assert companion.request("POST", "/api/v1/people", {"name": "Before"})[0] == 201
        filler = _fill(small_disk)
        big = {"name": "Refused", "notes": "n" * 90_000}  # needs new pages the disk no longer has
        status, body = companion.request("POST", "/api/v1/people", big)
        check_error(status, body, 507, "insufficient_storage")
        status, body = companion.request("POST", "/api/v1/backups")
        check_error(status, body, 507, "insufficient_storage")
        backup = subprocess.run(tend_command("backup", "--data-dir", str(data_dir)), capture_output=True, text=True)
        assert backup.returncode == 1 and "disk is full" in backup.stderr, backup.stderr
        assert not any((data_dir / "backups").glob("*.tmp")) if (data_dir / "backups").exists() else True
        filler.unlink()
        status, after = companion.request("POST", "/api/v1/people", {"name": "After", "notes": "m" * 90_000})
        assert status == 201
        companion.kill9()
        companion = start_companion(data_dir, log_path=log)
        status, page = companion.request("GET", "/api/v1/people")
        assert sorted(person["name"] for person in page["items"]) == ["After", "Before"]
        assert not list(data_dir.glob("damaged-*"))
    finally:
        companion.stop()
