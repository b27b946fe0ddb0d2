"""The `tend` command, run as a user would: a real process, real files, documented exit codes."""

import json
import socket
import subprocess
from pathlib import Path

from tests.support import start_companion, tend_command


def tend(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command, *rest = args
    return subprocess.run(tend_command(command, "--data-dir", str(data_dir), *rest),
                          capture_output=True, text=True, timeout=60)


def test_people_and_log_work_without_a_running_companion(tmp_path: Path) -> None:
    data = tmp_path / "data"
    added = tend(data, "people", "add", "নাসরিন আক্তার", "--org", "BRAC", "--url", "https://github.com/nasrin")
    assert added.returncode == 0 and "নাসরিন আক্তার" in added.stdout
    assert tend(data, "log", "1", "--kind", "coffee", "--note", "চা").returncode == 0
    shown = tend(data, "people", "show", "1")
    assert "coffee: চা" in shown.stdout and "github: https://github.com/nasrin" in shown.stdout
    listed = tend(data, "people", "list", "brac")
    assert "1 of 1" in listed.stdout


def test_refusals_exit_1_with_the_fields_named(tmp_path: Path) -> None:
    data = tmp_path / "data"
    tend(data, "people", "add", "Ada", "--url", "https://github.com/ada")
    dup = tend(data, "people", "add", "Other", "--url", "https://github.com/ada/")
    assert dup.returncode == 1 and "urls.0.url" in dup.stderr and "Traceback" not in dup.stderr
    missing = tend(data, "people", "show", "42")
    assert missing.returncode == 1 and "no person" in missing.stderr


def test_commands_go_through_a_running_companion_and_pair_needs_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert tend(data, "pair").returncode == 5
    companion = start_companion(data)
    try:
        assert tend(data, "people", "add", "Grace").returncode == 0
        status, page = companion.request("GET", "/api/v1/people")
        assert [p["name"] for p in page["items"]] == ["Grace"]
        paired = tend(data, "pair")
        assert paired.returncode == 0 and "Pairing code:" in paired.stdout
        token = tend(data, "token").stdout.strip().splitlines()[-1]
        assert token.startswith("tend_")
        companion.token = token
        assert companion.request("GET", "/api/v1/people")[0] == 200
        # A second companion on the same data is refused.
        second = subprocess.run(tend_command("serve", "--port", "0", "--data-dir", str(data)),
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 3 and "another Tend companion" in second.stderr
    finally:
        assert companion.stop() == 0


def test_doctor_reports_damage_and_start_refuses_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    tend(data, "people", "add", "Ada")
    with socket.socket() as probe:  # a port nothing listens on, so only the data can fail the check
        probe.bind(("127.0.0.1", 0))
        free_port = str(probe.getsockname()[1])
    assert tend(data, "doctor", "--port", free_port).returncode == 0
    (data / "tend.json").write_bytes(b'{"people": {"1": {"name": "Ad')
    doctor = tend(data, "doctor")
    assert doctor.returncode == 6 and "FAIL  integrity" in doctor.stdout
    refused = tend(data, "people", "list")
    assert refused.returncode == 4 and "Nothing was changed" in refused.stderr
    assert (data / "tend.json").read_bytes() == b'{"people": {"1": {"name": "Ad'


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"


def test_extract_prints_the_draft_from_a_file_or_standard_input(tmp_path: Path) -> None:
    page = CORPUS / "linkedin-2024-signedin-2" / "source.html"
    from_file = tend(tmp_path, "extract", str(page), "--url", "https://www.linkedin.com/in/vasileiosalevizos/")
    assert from_file.returncode == 0, from_file.stderr
    draft = json.loads(from_file.stdout)
    assert (draft["name"], draft["headline"], draft["location"]) == ("Vasileios Alevizos", "Researcher.", "Sweden")
    assert draft["sources"]["name"] == "linkedin"
    from_stdin = subprocess.run(tend_command("extract", "-", "--url", "https://www.linkedin.com/in/vasileiosalevizos/"),
                                input=page.read_bytes(), capture_output=True, timeout=60)
    assert json.loads(from_stdin.stdout) == draft
    missing = tend(tmp_path, "extract", str(tmp_path / "nope.html"), "--url", "https://example.com/")
    assert missing.returncode == 2 and "cannot read" in missing.stderr and "Traceback" not in missing.stderr


def test_reextract_reports_what_it_did(tmp_path: Path) -> None:
    data = tmp_path / "data"
    served = start_companion(data)
    try:
        status, body = served.request("POST", "/api/v1/captures", {
            "url": "https://mastodon.social/@szyczyx",
            "html": (CORPUS / "mastodon-3.5-1" / "source.html").read_text(encoding="utf-8")})
        assert status == 201, body
        done = tend(data, "reextract")
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "1 kept pages: 0 updated, 1 unchanged, 0 failed"
    finally:
        served.stop()


def test_suggest_prints_todays_suggestions_with_why(tmp_path: Path) -> None:
    data = tmp_path / "data"
    tend(data, "people", "add", "Ada")
    tend(data, "log", "1", "--kind", "helped_me", "--when", "2026-01-01T10:00:00+00:00")
    printed = tend(data, "suggest")
    assert printed.returncode == 0, printed.stderr
    assert "Thank Ada for their help on 2026-01-01." in printed.stdout
    assert "why: Ada helped you on 2026-01-01; no thanks logged since" in printed.stdout
    as_json = json.loads(tend(data, "suggest", "--json").stdout)
    assert "thank_you" in [item["kind"] for item in as_json["items"]]


def test_import_reports_lines_and_a_dry_run_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    contacts = tmp_path / "contacts.csv"
    contacts.write_bytes("\ufeffName;E-mail Address;Company;Secret\r\nسارا;sara@example.org;Acme;x\r\n;x@example.org;B;y\r\n"
                         .encode("utf-8"))
    preview = tend(data, "import", "csv", str(contacts), "--dry-run")
    assert preview.returncode == 0, preview.stderr
    assert "  E-mail Address: emails\n  Company: organization\n  Secret: left out\n" in preview.stdout
    assert "1 created" in preview.stdout and "dry run" in preview.stdout and "line 2: created سارا" in preview.stdout
    assert "line 3: no name" in preview.stderr
    assert "0 of 0" in tend(data, "people", "list").stdout
    done = tend(data, "import", "csv", str(contacts))
    assert done.returncode == 0 and "1 created" in done.stdout
    again = tend(data, "import", "csv", str(contacts), "--json")
    assert json.loads(again.stdout)["skipped"] == 1
    wrong = tend(data, "import", "linkedin", str(contacts))
    assert wrong.returncode == 1 and "First Name" in wrong.stderr


def test_export_writes_vcard_and_a_backup_that_restores(tmp_path: Path) -> None:
    data = tmp_path / "data"
    tend(data, "people", "add", "Ada Lovelace", "--org", "Analytical", "--email", "ada@example.org")
    assert tend(data, "export", "vcard", "-o", str(tmp_path / "all.vcf")).returncode == 0
    assert "FN:Ada Lovelace" in (tmp_path / "all.vcf").read_text()
    backup = tend(data, "export", "json")
    (tmp_path / "backup.json").write_text(backup.stdout)
    restored = tend(tmp_path / "restored", "import", "json", str(tmp_path / "backup.json"))
    assert restored.returncode == 0 and "1 created" in restored.stdout
    assert tend(tmp_path / "restored", "export", "json").stdout.split('"tables"')[1] == backup.stdout.split('"tables"')[1]
    assert tend(data, "export", "ics", "--url").stdout.startswith("http://127.0.0.1:")
