"""Secrets stay out of logs and data files: the calendar key (kept as a hash), and what lookups ask for."""

from __future__ import annotations

import subprocess
import urllib.request
from pathlib import Path

from tests.support import start_companion, tend_command


def test_the_calendar_key_and_looked_up_emails_are_in_no_log_and_no_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    companion = start_companion(data_dir)
    try:
        assert companion.request("POST", "/api/v1/people", {"name": "Ada"})[0] == 201
        status, link = companion.request("GET", "/api/v1/calendar")
        assert status == 200 and "key=" in link["url"]
        key = link["url"].split("key=", 1)[1]
        with urllib.request.urlopen(companion.url + "/api/v1/calendar.ics?key=" + key, timeout=10) as feed:
            assert feed.status == 200 and b"BEGIN:VCALENDAR" in feed.read()
        secret_email = "only-looked-up@example.org"
        status, _ = companion.request("GET", f"/api/v1/people/lookup?email={secret_email}")
        assert status == 404
        status, again = companion.request("GET", "/api/v1/calendar")
        assert again["url"] is None and again["created_at"]  # shown when made, never again
        backup = subprocess.run(tend_command("backup", "--data-dir", str(data_dir)), capture_output=True, text=True)
        assert backup.returncode == 0, backup.stderr
    finally:
        assert companion.stop() == 0
    log = (tmp_path / "companion.log").read_text()
    assert "GET /api/v1/calendar.ics 200" in log, "the access log did not record the feed: this test proves nothing"
    assert key not in log and secret_email not in log
    files = [path for path in data_dir.rglob("*") if path.is_file()]
    assert any(path.parent.name == "backups" for path in files)
    for path in files:
        content = path.read_bytes()
        assert key.encode() not in content, path
        assert secret_email.encode() not in content, path
