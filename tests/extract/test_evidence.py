"""Whether a page is a person's is decided from all the evidence (merge.weigh): a site adapter's word about
the site's own structure is decisive, its "I do not know this layout" is weak, and the generic layers
each say how sure they are. Hard negatives stay negative; weak pages still give the person, unsure."""

from __future__ import annotations

import json

from companion.extract import extract

PERSON = {"@context": "https://schema.org", "@type": "Person", "name": "Ana Souza", "jobTitle": "Data engineer"}


def page(head: str = "", body: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def ld(node: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(node)}</script>'


def test_an_adapter_that_does_not_know_the_layout_leaves_the_person_to_the_structured_data() -> None:
    draft = extract(page(ld(PERSON), "<div id='app'>new layout</div>"), "https://www.linkedin.com/in/ana-souza/")
    assert draft.is_profile and draft.name == "Ana Souza" and draft.title == "Data engineer"


def test_the_sites_own_structure_is_decisive_against_a_person_in_its_data() -> None:
    company = extract(page(ld(PERSON)), "https://www.linkedin.com/company/acme/")
    repository = extract(page(ld(PERSON)), "https://github.com/ana/pipelines")
    assert not company.is_profile and company.about_code == "organization_page"
    assert not repository.is_profile and repository.about_code == "repository"


def test_an_article_stays_an_article_with_its_author_to_save() -> None:
    article = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Weak ties",
               "author": {"@type": "Person", "name": "Daniel Mensah"}}
    draft = extract(page(ld(article) + ld({**PERSON, "name": "Daniel Mensah"})), "https://blog.example/weak-ties")
    assert not draft.is_profile and (draft.about_code, draft.about_name) == ("article", "Daniel Mensah")


def test_a_post_in_microformats_is_an_article_by_its_author() -> None:
    body = ('<article class="h-entry"><h1 class="p-name">On tending</h1><a class="p-author h-card" href="/">'
            'Rosa Delgado</a></article>')
    draft = extract(page(body=body), "https://rosa.example/2026/on-tending")
    assert not draft.is_profile and (draft.about_code, draft.about_name) == ("article", "Rosa Delgado")


def test_the_signed_in_viewer_in_the_sites_chrome_is_not_the_pages_person() -> None:
    body = ('<nav><div class="h-card current-user"><span class="p-name">Lucía Fernández</span></div></nav>'
            '<main><h1>Billing</h1></main>')
    assert not extract(page("<title>Billing</title>", body), "https://community.example/settings/billing").is_profile


def test_a_list_of_peoples_cards_is_a_listing_not_a_person() -> None:
    cards = "".join(f'<li class="h-card"><a class="p-name u-url" href="/alumni/{n}">{n.title()} Chen</a></li>'
                    for n in ("wei", "mei", "li"))
    listing = extract(page(body=f"<main><ul>{cards}</ul></main>"), "https://alumni.example.edu/class-of-2009")
    search = extract(page(body="<h1>Wei Chen</h1>"), "https://alumni.example.edu/people/search?q=chen")
    assert (listing.is_profile, listing.about_code) == (False, "search_results")
    assert (search.is_profile, search.about_code) == (False, "search_results")


def test_cards_of_people_also_viewed_before_the_subject_are_passed_over() -> None:
    body = ('<aside><div class="h-card"><a class="p-name u-url" href="/m/joao-santos">João Santos</a></div></aside>'
            '<main><div class="h-card"><h1 class="p-name">João Silva</h1><a class="u-url" href="/m/joao-silva">'
            'perfil</a></div></main>')
    draft = extract(page(body=body), "https://network.example.org/m/joao-silva")
    assert draft.is_profile and draft.name == "João Silva"


def test_a_founder_inside_a_companys_item_does_not_make_the_page_theirs() -> None:
    body = ('<div itemscope itemtype="https://schema.org/Organization"><h1 itemprop="name">Brightseed</h1>'
            '<div itemprop="founder" itemscope itemtype="https://schema.org/Person">'
            '<span itemprop="name">Grace Mwangi</span></div></div>')
    draft = extract(page(body=body), "https://www.brightseed.example/about")
    assert not draft.is_profile and draft.about_code == "organization"


def test_a_weak_page_still_gives_the_person_with_a_confidence_that_asks_for_the_users_word() -> None:
    draft = extract(page("<title>Sara Ahmed — Illustrator</title>", "<h1>Sara Ahmed</h1>"), "https://saraahmed.example/")
    assert draft.is_profile and (draft.name, draft.headline) == ("Sara Ahmed", "Illustrator")
    assert draft.confidence < 0.6 and draft.field_confidence["name"] < 0.6


def test_a_brand_account_marked_as_a_profile_is_not_enough_alone() -> None:
    head = ('<meta property="og:type" content="profile"><meta property="og:title" content="Pluto (@pluto) • Photos">')
    draft = extract(page(head), "https://photos.example/pluto/")
    assert not draft.is_profile and draft.name == "Pluto"  # read, for the user to confirm if it is a person


def test_structured_data_is_surer_than_what_the_page_shows() -> None:
    sure = extract(page(ld({"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": PERSON})),
                   "https://ex.example/people/ana-souza")
    shown = extract(page("<title>Ana Souza | Example</title>", "<h1>Ana Souza</h1>"), "https://ex.example/people/ana-souza")
    assert sure.is_profile and shown.is_profile
    assert sure.confidence >= 0.8 > 0.6 > shown.confidence


def test_pronouns_are_kept_apart_from_the_name() -> None:
    draft = extract(page(ld({**PERSON, "name": "Ana Souza (she/her) 🌻"})), "https://ana.example/")
    assert (draft.name, draft.pronouns) == ("Ana Souza", "she/her")


def test_a_description_that_is_the_sites_own_sentence_is_no_bio() -> None:
    head = ('<meta property="og:type" content="profile"><meta property="profile:first_name" content="Rahim">'
            '<meta property="profile:last_name" content="Uddin">'
            '<meta property="og:description" content="Read the latest posts by Rahim Uddin on CodeHub.">')
    draft = extract(page(head), "https://codehub.example.io/users/rahim-uddin")
    assert draft.is_profile and draft.bio is None and draft.headline is None


def test_a_profile_page_in_microdata_makes_its_main_entity_the_pages_person() -> None:
    body = ('<body itemscope itemtype="https://schema.org/ProfilePage"><div itemprop="mainEntity" itemscope '
            'itemtype="https://schema.org/Person"><h1 itemprop="name">Lina Haddad</h1>'
            '<span itemprop="jobTitle">Product designer</span></div>'
            '<div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Site Admin</span>'
            '</div></body>')
    draft = extract(f"<html>{body}</html>", "https://lina.example.net/about")
    assert draft.is_profile and (draft.name, draft.title) == ("Lina Haddad", "Product designer")
