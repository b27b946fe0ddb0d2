"""The CLI as a user meets it on a bad day: options anywhere, the README's examples as written, a pipe
closed early, a companion that dies mid-command, text that would drive the terminal, a backup larger
than any request may be."""

from __future__ import annotations

import argparse
import json
import re
import socket
import subprocess
from pathlib import Path

import orjson
import pytest

from tests.support import start_companion, tend_command, wait_for

README = Path(__file__).resolve().parents[1] / "README.md"


def run(*args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(tend_command(*args), capture_output=True, text=True, timeout=timeout, input=stdin)


@pytest.mark.parametrize("order", ["before", "between", "after"])
def test_data_dir_and_port_go_before_or_after_any_subcommand(tmp_path: Path, order: str) -> None:
    data = str(tmp_path / "data")
    options = ["--data-dir", data, "--port", "47999"]
    added = run("people", "add", "Ada", "--data-dir", data)
    assert added.returncode == 0, added.stderr
    line = {"before": [*options, "people", "list"], "between": ["people", *options, "list"],
            "after": ["people", "list", *options]}[order]
    listed = run(*line)
    assert listed.returncode == 0 and "Ada" in listed.stdout, listed.stderr


def readme_commands() -> list[list[str]]:
    """Each command of the README's table of `tend` commands, its optional parts included, as words."""
    commands = []
    for row in README.read_text().splitlines():
        if row.startswith("| `tend "):
            for span in re.findall(r"`([^`]+)`", row.split(" | ")[0]):
                words = span.replace("\\|", "|").replace("[", "").replace("]", "").split()
                commands.append(words[1:] if words[0] == "tend" else words)
    return commands


def test_the_readme_examples_run_as_written(tmp_path: Path) -> None:
    """Every command in the README's table, placeholders filled in, in an order that gives each its data."""
    data = str(tmp_path / "data")
    (tmp_path / "page.html").write_text("<html><head><title>Ada</title></head><body><h1>Ada</h1></body></html>")
    (tmp_path / "people.csv").write_text("Name,Company\nGrace Hopper,Navy\n")
    fills = {"NAME": "Ada Lovelace", "ID": "1", "ID...": "1", "QUERY": "ada", "N": "3", "T": "friend", "O": "Acme",
             "U": "https://github.com/ada", "E": "ada@example.org", "URL": "https://github.com/ada", "D": data,
             "linkedin|vcard|csv|json": "csv", "vcard|csv|json|ics": "csv", "HEADER=FIELD": "Name=name",
             '"..."': "We talked about engines"}
    commands = readme_commands()
    assert len(commands) >= 12
    ran = []
    for words in sorted(commands, key=lambda words: words[:2] != ["people", "add"]):
        if words[0] in ("serve", "pair") or words[:2] == ["sync", "setup"]:
            continue  # serve runs until stopped (tested in test_cli); pair needs a running companion; sync
            # setup a CouchDB server (tests/sync/test_sync_cli.py runs it against one)
        args = [fills.get(word, word) for word in words]
        if args[0] in ("extract", "import"):
            args[args.index("FILE")] = str(tmp_path / ("page.html" if args[0] == "extract" else "people.csv"))
        if "FILE" in args:  # export -o FILE
            args[args.index("FILE")] = str(tmp_path / "export.csv")
        if args[:2] == ["import", "csv"]:
            args.remove("--dry-run")  # the dry run and the import itself: both, one after the other
            assert run(*args, "--dry-run", "--data-dir", data).returncode == 0
        result = run(*args, "--data-dir", data)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
        ran.append(args[0])
    assert {"token", "people", "log", "extract", "suggest", "reextract", "import", "export", "backup",
            "doctor"} <= set(ran)


def test_a_when_with_a_zone_as_the_readme_writes_it(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    assert run("people", "add", "Ada", "--data-dir", data).returncode == 0
    logged = run("log", "1", "--kind", "coffee", "--note", "...", "--when", "2026-11-20T15:00:00+03:30",
                 "--data-dir", data)
    assert logged.returncode == 0 and "2026-11-20T11:30:00Z" in logged.stdout, logged.stderr


def test_a_pipe_closed_early_ends_quietly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    people = [{"name": f"Person {n}"} for n in range(400)]
    (tmp_path / "people.csv").write_text("name\n" + "\n".join(p["name"] for p in people) + "\n")
    assert run("--data-dir", str(data), "import", "csv", str(tmp_path / "people.csv")).returncode == 0
    piped = subprocess.run(" ".join(tend_command("--data-dir", str(data), "people", "list", "--limit", "400"))
                           + " | head -1", shell=True, capture_output=True, text=True, timeout=60)
    assert piped.stdout.count("\n") == 1
    assert "Traceback" not in piped.stderr and "BrokenPipe" not in piped.stderr, piped.stderr


def test_stored_text_cannot_drive_the_terminal(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    hostile = "Ada\x1b]0;owned\x07\x9b31m\rLovelace\u2028x"
    assert run("people", "add", hostile, "--data-dir", data).returncode == 0
    for args in (["people", "list"], ["people", "show", "1"], ["people", "list", "--json"]):
        out = run(*args, "--data-dir", data).stdout
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028]", out), (args, out)
    as_json = json.loads(run("people", "list", "--json", "--data-dir", data).stdout)
    assert as_json["items"][0]["name"] == hostile  # JSON escapes them: the data is intact


@pytest.mark.slow
def test_a_companion_that_dies_mid_import_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rows = "\n".join(f"Person {n},Org {n % 97},p{n}@example.org" for n in range(40_000))
    (tmp_path / "many.csv").write_text("Name,Company,Email\n" + rows + "\n")
    companion = start_companion(data)
    importing = subprocess.Popen(tend_command("--data-dir", str(data), "import", "csv", str(tmp_path / "many.csv")),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: companion.request("GET", "/api/v1/people?limit=1")[1]["total"] > 500, timeout=60)
    finally:
        companion.kill9()
    out, err = importing.communicate(timeout=60)
    assert importing.returncode == 8, (out, err)
    assert "lost the connection to the companion" in err and "Traceback" not in err


def test_a_companion_that_does_not_answer_in_time_is_a_message(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A listening socket that never replies, as a companion stuck on a long task would look."""
    from companion import cli
    from companion.client import ApiClient

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        client = ApiClient(f"http://127.0.0.1:{silent.getsockname()[1]}", "t", timeout=0.3)
        args = argparse.Namespace(handler=lambda args, settings: client.call("GET", "/api/v1/people"))
        assert cli._run(args, None) == cli.EXIT_NO_ANSWER  # type: ignore[arg-type]
    assert "did not answer in time" in capsys.readouterr().err


def test_doctor_finds_the_port_free_after_a_clean_stop(tmp_path: Path) -> None:
    data = tmp_path / "data"
    companion = start_companion(data)
    port = companion.url.rsplit(":", 1)[1]
    companion.request("GET", "/api/v1/people")  # a connection, closed by the server: TIME_WAIT on its side
    assert companion.stop() == 0
    doctor = run("doctor", "--data-dir", str(data), "--port", port)
    assert doctor.returncode == 0 and "is free" in doctor.stdout, doctor.stdout


@pytest.mark.slow
def test_a_backup_larger_than_any_request_restores_from_the_cli(tmp_path: Path) -> None:
    """65 MiB: past the 64 MiB a JSON-wrapped import may be, so only the streamed restore can take it."""
    note = "n" * 99_000
    people = {str(n): {"name": f"Person {n}", "notes": note, "revision": 1, "created_at": "2026-01-01T00:00:00Z",
                       "updated_at": "2026-01-01T00:00:00Z"} for n in range(1, 690)}
    document = {"format": "tend-backup", "version": 1, "exported_at": "2026-01-01T00:00:00Z",
                "tables": {"people": people}}
    path = tmp_path / "big-backup.json"
    path.write_bytes(orjson.dumps(document))
    assert path.stat().st_size > 64 * 2**20
    data = tmp_path / "restored"
    restored = run("--data-dir", str(data), "import", "json", str(path), timeout=300)
    assert restored.returncode == 0, restored.stderr
    assert "689 created" in restored.stdout
    listed = run("--data-dir", str(data), "people", "list", "Person 689")
    assert "Person 689" in listed.stdout


def test_log_takes_a_name_fragment_and_asks_when_several_match(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    for name in ("Ayşe Çelik", "Ada Lovelace", "Adam Smith"):
        assert run("people", "add", name, "--data-dir", data).returncode == 0
    logged = run("log", "celik", "--kind", "coffee", "--data-dir", data)
    assert logged.returncode == 0 and "Logged coffee" in logged.stdout, logged.stderr
    several = run("log", "ada", "--kind", "call", "--data-dir", data)
    assert several.returncode == 1 and "2 people match 'ada'" in several.stderr
    assert "Ada Lovelace" in several.stderr and "Adam Smith" in several.stderr
    nobody = run("log", "zed", "--data-dir", data)
    assert nobody.returncode == 1 and "nobody saved matches" in nobody.stderr
    shown = run("people", "show", "1", "--data-dir", data)
    assert "coffee" in shown.stdout
