"""The name and title cleaner every layer shares (companion/extract/names.py), case by case in several
scripts: site words around a name come off, decorations come off, pronouns are kept apart, honorifics stay."""

from __future__ import annotations

import pytest

from companion.extract.names import Name, clean_name, is_boilerplate, is_handle, name_from_title, person_shaped


@pytest.mark.parametrize(("title", "site", "name"), [
    ("(3) Ada Lovelace | LinkedIn", None, "Ada Lovelace"),
    ("Stephen King (@stephenking.bsky.social) — Bluesky", None, "Stephen King"),
    ("User Rahim Uddin - CodeHub", None, "Rahim Uddin"),
    ("Mina Karimi – Speakers – DevConf 2026", None, "Mina Karimi"),
    ("Tomasz Kowalski's home page", None, "Tomasz Kowalski"),
    ("Profile of Grace Hopper · Navy Archive", None, "Grace Hopper"),
    ("Dr. Layla Hassan - Our team - Greenlight Health", None, "Dr. Layla Hassan"),
    ("Prof. Amara Okafor | Northfield", None, "Prof. Amara Okafor"),
    ("Gardeners Forum | Ada Obi", "Gardeners Forum", "Ada Obi"),
    ("درباره‌ی من | دکتر نرگس مهدوی", None, "دکتر نرگس مهدوی"),
    ("پروفایل: آرش کمانگیر", None, "آرش کمانگیر"),
    ("তানভীর হাসান | লেখক প্ল্যাটফর্ম", None, "তানভীর হাসান"),
    ("প্রোফাইল - সুমাইয়া রহমান", None, "সুমাইয়া রহমান"),
    ("山田 太郎 | 山田研究室", None, "山田 太郎"),
    ("プロフィール | 佐藤 花子", None, "佐藤 花子"),
])
def test_a_title_gives_the_name_without_the_sites_words(title: str, site: str | None, name: str) -> None:
    assert name_from_title(title, site) == name


@pytest.mark.parametrize(("raw", "cleaned"), [
    ("Chidi Obi (he/him) 🌱", Name("Chidi Obi", "he/him")),
    ("Ada Lovelace she/her", Name("Ada Lovelace", "she/her")),
    ("Sam Rivera [they/them]", Name("Sam Rivera", "they/them")),
    ("Leila ✨", Name("Leila")),
    ("🌍 Nasrin Akter 🇧🇩", Name("Nasrin Akter")),
    ("Ada (@ada@hachyderm.io)", Name("Ada")),
    ("نگار‌سادات رضایی 🌸", Name("نگار‌سادات رضایی")),
    ("Dr. Grace Mwangi", Name("Dr. Grace Mwangi")),
    ("Theodore (Ted) Hughes", Name("Theodore (Ted) Hughes")),  # a name in parentheses is not a pronoun
])
def test_a_display_name_loses_its_decorations_and_keeps_pronouns_apart(raw: str, cleaned: Name) -> None:
    assert clean_name(raw) == cleaned


def test_nothing_of_a_name_is_nothing() -> None:
    assert clean_name("✨🌱") is None
    assert clean_name("  ") is None


@pytest.mark.parametrize(("text", "shaped"), [
    ("Ada Obi", True), ("Ludwig van Beethoven", True), ("Maria da Silva", True), ("J. R. R. Tolkien", True),
    ("Dr. Layla Hassan", True), ("نرگس مهدوی", True), ("তানভীর হাসান", True), ("山田 太郎", True),
    ("ada_obi", False), ("JavaScript is not available.", False), ("Notification settings", False),
    ("Harbour at dusk, 2025", False), ("Ada", False), ("12 alumni match", False),
])
def test_a_person_shaped_name_is_told_from_a_heading_that_is_not_one(text: str, shaped: bool) -> None:
    assert person_shaped(text) is shaped


@pytest.mark.parametrize(("text", "handle"), [("ada_obi", True), ("@ada", True), ("szyczyx", True),
                                              ("Ada Obi", False), ("Leila", False)])
def test_a_handle_is_told_from_a_name(text: str, handle: bool) -> None:
    assert is_handle(text) is handle


@pytest.mark.parametrize(("text", "boilerplate"), [
    ("Read the latest posts by Rahim Uddin on CodeHub.", True),
    ("2,362 Followers, 136 Following, 224 Posts - See Instagram photos and videos from Pluto", True),
    ("Faculty profile of Amara Okafor, Department of Computer Science.", True),
    ("View the profile of Ada Obi on the Gardeners Forum", True),
    ("I grow tomatoes and bring neighbours together.", False),
    ("Writer", False),
    ("گل‌ها و آدم‌ها را به هم وصل می‌کنم.", False),
])
def test_a_sites_sentence_about_the_page_is_not_a_bio(text: str, boilerplate: bool) -> None:
    assert is_boilerplate(text) is boilerplate
