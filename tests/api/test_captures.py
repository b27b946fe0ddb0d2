"""POST /captures on real corpus pages: identity resolution, profile history, notes, merge, re-extraction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Api
from tests.support import FixedClock

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "pages"
CAPTURES = "/api/v1/captures"


def page(slug: str) -> str:
    return (CORPUS / slug / "source.html").read_bytes().decode("utf-8")


async def capture(api: Api, slug: str, url: str, status: int = 201, **extra: Any) -> dict[str, Any]:
    got, body, _ = await api.call("POST", CAPTURES, {"url": url, "html": page(slug), **extra})
    assert got == status, body
    return body


async def history(api: Api, person_id: int) -> list[dict[str, Any]]:
    status, body, _ = await api.call("GET", f"/api/v1/people/{person_id}/history")
    assert status == 200, body
    return body["items"]


async def test_a_capture_creates_the_person_with_dated_title_and_organization(api: Api) -> None:
    body = await capture(api, "linkedin-2018-signedin-1", "https://www.linkedin.com/in/austinoboyle/")
    person = body["person"]
    assert body["status"] == "created"
    assert (person["name"], person["title"], person["organization"]) == (
        "Austin O'Boyle", "Full Stack Engineer", "Bounced Inc.")
    assert "austin-o@hotmail.com" in person["emails"]
    assert {link["kind"] for link in person["urls"]} >= {"linkedin", "homepage"}
    assert {(c["field"], c["old"], c["new"]) for c in await history(api, person["id"])} == {
        ("title", None, "Full Stack Engineer"), ("organization", None, "Bounced Inc.")}


async def test_the_same_page_again_is_unchanged_and_a_country_subdomain_is_the_same_person(api: Api) -> None:
    first = await capture(api, "linkedin-2018-signedin-2", "https://www.linkedin.com/in/seancahalan/")
    again = await capture(api, "linkedin-2018-signedin-2", "https://ca.linkedin.com/in/seancahalan?trk=abc")
    assert again["status"] == "unchanged" and again["changed"] == []
    assert again["person"]["id"] == first["person"]["id"]
    status, people, _ = await api.call("GET", "/api/v1/people")
    assert people["total"] == 1


async def test_a_job_change_on_recapture_updates_and_is_kept_in_history(api: Api, clock: FixedClock) -> None:
    before = await capture(api, "linkedin-2018-signedin-1", "https://www.linkedin.com/in/austinoboyle/")
    clock.advance(days=1200)
    after = await capture(api, "linkedin-2022-signedin-1", "https://www.linkedin.com/in/austinoboyle/")
    assert after["status"] == "updated" and after["person"]["id"] == before["person"]["id"]
    assert {"title", "organization", "headline"} <= set(after["changed"])
    assert after["person"]["organization"] == "Google"
    assert after["person"]["emails"] == before["person"]["emails"]  # lists only grow
    newest = (await history(api, before["person"]["id"]))[:2]
    assert {(c["field"], c["old"], c["new"]) for c in newest} == {
        ("organization", "Bounced Inc.", "Google"), ("title", "Full Stack Engineer", "Software Engineer")}
    assert newest[0]["changed_at"] == "2030-03-06T09:00:00Z"


async def test_an_email_on_the_page_finds_the_saved_person(api: Api) -> None:
    status, saved, _ = await api.call("POST", "/api/v1/people", {
        "name": "Vinay", "emails": ["VinayAnnangi.123@gmail.com"], "tags": ["college"]})
    body = await capture(api, "github-2021-self-1", "https://github.com/Winay-Chowdary66")
    assert body["person"]["id"] == saved["id"] and body["status"] == "updated"
    assert body["person"]["name"] == "Vinay" and body["person"]["tags"] == ["college"]  # the user's own words stay
    assert body["person"]["location"] == "Guntur,Andhra Pradesh"


async def test_a_similar_name_at_the_same_organization_is_reported_not_merged(api: Api) -> None:
    status, saved, _ = await api.call("POST", "/api/v1/people", {"name": "Sean  Cahalan", "organization": "Bounce"})
    body = await capture(api, "linkedin-2018-signedin-2", "https://www.linkedin.com/in/seancahalan/")
    assert body["status"] == "created" and body["person"]["id"] != saved["id"]
    assert [d["person_id"] for d in body["possible_duplicates"]] == [saved["id"]]
    assert body["possible_duplicates"][0]["score"] >= 90


async def test_a_page_with_no_person_is_refused_and_says_what_it_is(api: Api) -> None:
    body = await api.expect_error(422, "not_a_profile", "POST", CAPTURES, {
        "url": "https://uk.linkedin.com/company/audiense", "html": page("notprofile-linkedin-company-1")},
        fields={"html"})
    assert "company" in body["error"]["message"]
    body = await api.expect_error(422, "not_a_profile", "POST", CAPTURES, {
        "url": "https://simonsarris.substack.com/p/the-most-precious-resource-is-agency",
        "html": page("notprofile-article-1")}, fields={"html"})
    assert "article by Simon Sarris" in body["error"]["message"]
    assert body["error"]["details"]["page"] == {"kind": "article", "name": "Simon Sarris"}


async def test_not_a_profile_says_what_the_page_is_and_what_was_read_so_the_user_can_save_it(api: Api) -> None:
    body = await api.expect_error(422, "not_a_profile", "POST", CAPTURES, {
        "url": "https://uk.linkedin.com/company/audiense", "html": page("notprofile-linkedin-company-1")})
    details = body["error"]["details"]
    assert details["page"]["kind"] == "organization_page"
    assert details["draft"] == {"url": "https://uk.linkedin.com/company/audiense"}  # its logo is nobody's face
    body = await api.expect_error(422, "not_a_profile", "POST", CAPTURES, {
        "url": "https://example.org/grace", "html": "<html><head><meta property='og:title' content='Grace Hopper'>"
        "</head><body><h1>Grace Hopper</h1></body></html>"})
    assert body["error"]["details"] == {"page": {"kind": "unknown", "name": None},
                                        "draft": {"name": "Grace Hopper", "url": "https://example.org/grace",
                                                  "confidence": {"name": 0.6}}}


async def test_a_page_read_without_enough_evidence_is_saved_only_once_the_user_confirms_it(api: Api) -> None:
    portfolio = {"url": "https://saraahmed.example/", "html": "<html><head><title>Sara Ahmed — Illustrator</title>"
                 "</head><body><h1>Sara Ahmed</h1></body></html>"}
    before = api.state()
    body = await api.expect_error(422, "needs_confirmation", "POST", CAPTURES, portfolio, fields={"html"})
    details = body["error"]["details"]
    assert details["page"] == {"kind": "unsure", "name": "Sara Ahmed"} and details["confidence"] < 0.6
    assert details["draft"]["name"] == "Sara Ahmed" and details["draft"]["headline"] == "Illustrator"
    assert details["draft"]["confidence"]["name"] < 0.6
    assert api.state() == before  # nothing saved

    status, saved, _ = await api.call("POST", CAPTURES, {**portfolio, "confirmed": {"name": "Sara Ahmed",
                                                                                   "headline": "Illustrator"}})
    assert status == 201 and saved["status"] == "created"
    status, again, _ = await api.call("POST", CAPTURES, portfolio)  # confirmed once: she is found from here
    assert status == 201 and again["person"]["id"] == saved["person"]["id"]


async def test_a_draft_the_user_confirmed_is_saved_and_their_fields_outlast_later_captures(api: Api) -> None:
    article = {"url": "https://simonsarris.substack.com/p/the-most-precious-resource-is-agency",
               "html": page("notprofile-article-1")}
    status, saved, _ = await api.call("POST", CAPTURES, {**article, "confirmed": {
        "name": "Simon Sarris", "headline": "Writes about agency", "url": "https://simonsarris.substack.com/"}})
    assert status == 201, saved
    person = saved["person"]
    assert (saved["status"], person["name"], person["headline"]) == ("created", "Simon Sarris", "Writes about agency")
    assert [link["url"] for link in person["urls"]] == ["https://simonsarris.substack.com/"]  # not the article's
    assert person["user_fields"] == ["headline", "name"]

    # The same person by hand from a page with nothing on it: found by the link, the user's headline kept.
    status, again, _ = await api.call("POST", CAPTURES, {"url": "https://example.org/blank", "html": "<p>hello</p>",
                                                        "confirmed": {"name": "S. Sarris",
                                                                      "url": "https://simonsarris.substack.com/"}})
    assert status == 201 and again["person"]["id"] == person["id"] and again["status"] == "unchanged"
    assert again["person"]["headline"] == "Writes about agency"


async def test_a_confirmed_draft_needs_a_name(api: Api) -> None:
    await api.expect_error(422, "validation_error", "POST", CAPTURES, {"url": "https://example.org/x",
                           "html": "<p>x</p>", "confirmed": {"name": "  "}}, fields={"confirmed.name"})


async def test_a_selection_becomes_a_note_with_that_person(api: Api) -> None:
    thread = "سلام! ممنون بابت معرفی. هفته‌ی بعد قهوه؟"
    body = await capture(api, "github-2020-bs4-1", "https://github.com/igorsteinmacher", selection=thread)
    person_id = body["person"]["id"]
    status, timeline, _ = await api.call("GET", f"/api/v1/people/{person_id}/interactions")
    assert [(i["kind"], i["note"], i["source_url"]) for i in timeline["items"]] == [
        ("note", thread, "https://github.com/igorsteinmacher")]
    assert timeline["items"][0]["id"] == body["note_id"]
    assert body["person"]["last_interaction_at"] is not None


async def test_merge_folds_a_duplicate_and_moves_everything(api: Api) -> None:
    captured = await capture(api, "linkedin-2018-signedin-2", "https://www.linkedin.com/in/seancahalan/")
    keep = captured["person"]["id"]
    status, dup, _ = await api.call("POST", "/api/v1/people", {
        "name": "Sean C.", "tags": ["queens"], "notes": "met at hackathon", "emails": ["sean@example.org"],
        "urls": [{"url": "https://github.com/seanc"}]})
    await api.call("POST", "/api/v1/interactions", {"person_ids": [dup["id"], keep], "kind": "coffee"})
    await api.call("POST", "/api/v1/tasks", {"person_id": dup["id"], "text": "send the paper"})
    status, merged, _ = await api.call("POST", f"/api/v1/people/{keep}/merge", {"duplicate_id": dup["id"]})
    assert status == 200, merged
    assert merged["name"] == "Sean Cahalan" and merged["tags"] == ["queens"] and merged["notes"] == "met at hackathon"
    assert set(merged["emails"]) == {"sean.mcahalan@gmail.com", "sean@example.org"}
    assert "https://github.com/seanc" in [link["url"] for link in merged["urls"]]
    status, _, _ = await api.call("GET", f"/api/v1/people/{dup['id']}")
    assert status == 404
    status, timeline, _ = await api.call("GET", f"/api/v1/people/{keep}/interactions")
    assert [i["person_ids"] for i in timeline["items"]] == [[keep]]  # one person, once
    status, tasks, _ = await api.call("GET", f"/api/v1/tasks?person_id={keep}")
    assert [t["text"] for t in tasks["items"]] == ["send the paper"]
    assert len(await history(api, keep)) == 2


async def test_merge_refuses_self_and_unknown_people_without_changing_anything(api: Api, person_payload) -> None:  # type: ignore[no-untyped-def]
    status, person, _ = await api.call("POST", "/api/v1/people", person_payload)
    await api.expect_error(422, "validation_error", "POST", f"/api/v1/people/{person['id']}/merge",
                           {"duplicate_id": person["id"]}, fields={"duplicate_id"})
    await api.expect_error(404, "not_found", "POST", f"/api/v1/people/{person['id']}/merge", {"duplicate_id": 999})


async def test_reextract_applies_todays_extractors_to_kept_pages(api: Api) -> None:
    body = await capture(api, "linkedin-2024-signedin-1",
                         "https://www.linkedin.com/in/sri-lalitha-jeevanige-35520a61/")
    person_id = body["person"]["id"]
    status, changed, _ = await api.call("PATCH", f"/api/v1/people/{person_id}", {"title": "Old title"})
    assert status == 200
    status, result, _ = await api.call("POST", f"{CAPTURES}/reextract")
    assert (status, result) == (200, {"captures": 1, "updated": 1, "unchanged": 0, "failed": 0})
    status, person, _ = await api.call("GET", f"/api/v1/people/{person_id}")
    assert person["title"] == "Scrum Master - Software Engineer"
    for kept in (api.store.data_dir / "captures").iterdir():
        kept.unlink()
    status, result, _ = await api.call("POST", f"{CAPTURES}/reextract")
    assert result["failed"] == 1


@pytest.mark.parametrize("html", ["", "\x00\x01\x02 binary", "<html><head><title>x</title></head></html>",
                                  "<div>" * 50_000 + "</div>" * 50_000,
                                  '<h1 class="' + "a" * 2_000_000 + '">Ada</h1>'],
                         ids=["empty", "binary", "no-body", "deep-nesting", "huge-attribute"])
async def test_bad_pages_get_a_clear_refusal_and_store_nothing(api: Api, html: str) -> None:
    body = await api.expect_error(422, "not_a_profile" if html else "validation_error", "POST", CAPTURES,
                                  {"url": "https://example.com/ada", "html": html})
    assert body["error"]["fields"]


async def test_a_capture_over_the_limit_is_413_and_a_normal_page_may_exceed_the_plain_limit(api: Api) -> None:
    await api.expect_error(413, "body_too_large", "POST", CAPTURES,
                           {"url": "https://example.com/ada", "html": "x" * (9 * 2**20)})
    big = page("linkedin-2022-signedin-1") + "<!--" + "padding " * 250_000 + "-->"  # ~3 MB, over 1 MiB
    status, body, _ = await api.call("POST", CAPTURES, {"url": "https://www.linkedin.com/in/austinoboyle/",
                                                       "html": big})
    assert status == 201, body
    await api.expect_error(413, "body_too_large", "POST", "/api/v1/people",
                           {"name": "x", "notes": "y" * (2 * 2**20)})


async def test_a_kept_page_with_topics_is_suggested_to_people_interested_in_them(api: Api) -> None:
    status, ada, _ = await api.call("POST", "/api/v1/people", {"name": "Ada", "interests": ["Agency"]})
    html = ('<html><head><title>On agency</title><meta name="keywords" content="agency, biographies">'
            '</head><body><article>...</article></body></html>')
    status, kept, _ = await api.call("POST", "/api/v1/pages", {"url": "https://example.org/agency", "html": html})
    assert status == 201, kept
    assert (kept["kind"], kept["person_id"], kept["title"], kept["topics"]) == (
        "page", None, "On agency", ["agency", "biographies"])
    status, page, _ = await api.call("GET", "/api/v1/suggestions?limit=10")
    share = [s for s in page["items"] if s["kind"] == "share"]
    assert [(s["person_ids"], s["params"]["topics"]) for s in share] == [([ada["id"]], ["agency"])]
    status, result, _ = await api.call("POST", f"{CAPTURES}/reextract")
    assert result["captures"] == 0  # a page is no profile to re-read
