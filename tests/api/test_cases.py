""""Tend got this wrong": the user corrects a person read from a page and keeps the page as a local test
case in the corpus layout, which `tend fixtures export DIR` writes out; nothing leaves the data directory
otherwise."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from companion.extract.evaluate import field_matches, load_goldens
from tests.conftest import Api
from tests.test_cli import tend

PAGE = """<html><head><title>Mina Karimi – Speakers – DevConf</title><meta property="og:type" content="profile">
<meta property="profile:first_name" content="Mina"><meta property="profile:last_name" content="Karimi">
<meta property="og:description" content="Speaker at DevConf"></head><body><h1>Mina Karimi</h1></body></html>"""
URL = "https://devconf.example.com/speakers/mina-karimi"


async def test_a_corrected_person_keeps_their_page_as_a_test_case_that_exports_in_the_corpus_layout(
        api: Api, tmp_path: Path) -> None:
    status, saved, _ = await api.call("POST", "/api/v1/captures", {"url": URL, "html": PAGE,
                                                                   "confirmed": {"name": "Mina Karimi"}})
    assert status == 201, saved
    person = saved["person"]
    status, fixed, _ = await api.call("PATCH", f"/api/v1/people/{person['id']}", {
        "headline": "Staff engineer, observability", "organization": "Larkspur"},
        headers={"If-Match": f'"{person["revision"]}"'})
    assert status == 200, fixed

    status, kept, _ = await api.call("POST", f"/api/v1/people/{person['id']}/case", {})
    assert status == 201, kept
    assert set(kept["wrong_fields"]) == {"headline", "organization"}
    folder = Path(kept["path"])
    assert folder.parent == api.store.data_dir / "cases"
    assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0
    expected = json.loads((folder / "expected.json").read_text())
    assert (expected["page_url"], expected["headline"], expected["organization"]) == (
        URL, "Staff engineer, observability", "Larkspur")
    assert "headline, organization" in expected["notes"]

    data_dir = api.store.data_dir
    exported = tend(data_dir, "fixtures", "export", str(tmp_path / "out"))
    assert exported.returncode == 0, exported.stderr
    assert "wrote 1 test case" in exported.stdout
    [golden] = load_goldens(tmp_path / "out")  # what the golden tests read
    assert golden.slug == kept["slug"] and golden.url == URL
    assert field_matches("organization", golden.expected["organization"], "Larkspur")
    listed = tend(data_dir, "fixtures", "list")
    assert listed.stdout.split() == [kept["slug"]]


async def test_a_person_with_no_page_kept_says_how_to_get_one(api: Api) -> None:
    status, person, _ = await api.call("POST", "/api/v1/people", {"name": "Ana Souza"})
    body = await api.expect_error(404, "not_found", "POST", f"/api/v1/people/{person['id']}/case", {},
                                  fields={"capture_id"})
    assert "save them from their profile page first" in body["error"]["message"]
    await api.expect_error(404, "not_found", "POST", "/api/v1/people/999/case", {})
