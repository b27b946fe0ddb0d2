"""How a person's name and a page's title are cleaned, for every layer: one set of rules, as data.

Sites wrap names in their own words ("User Ada Obi - CodeHub", "Ada (@ada) / X", "(3) Ada | LinkedIn",
"Tomasz's home page"), people decorate display names with pronouns and emoji ("Chidi Obi (he/him) 🌱"), and
sites describe a page in a sentence that is theirs, not the person's ("Read the latest posts by Ada").
Titles and honorifics that are how someone is addressed ("Dr.", "Prof.", "دکتر") are kept. The word
lists are per script where sites differ (Persian, Bengali, Japanese section names), and each rule is
tested case by case in tests/extract/test_names.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from companion.extract.page import clean
from companion.text import fold

# "(3) Ada Lovelace | LinkedIn": an unread count before the title.
_COUNT = re.compile(r"^\(\d+\+?\)\s*")
# "Ada (@ada) / X", "Ada (@ada@mastodon.social)": a handle in parentheses.
_HANDLE_IN_PARENS = re.compile(r"\s*\(@[^)]*\)")
# Between a name and the site's name or section in a title.
_SEPARATOR = re.compile(r"\s+[|·•/–—»-]+\s+|\s*[|·•»]\s*")
# Words a site puts before the name: "User Ada Obi", "Profile of Ada", "About me".
_PREFIXES = ("user", "profile of", "profile", "homepage of", "home page of", "portfolio of", "about",
             "member", "speaker", "پروفایل", "نمایه‌ی", "نمایه", "প্রোফাইল", "ব্যবহারকারী")
_PREFIX = re.compile(r"^(?:%s)(?:\s*[:\-–—]\s*|\s+)(?=\S)" % "|".join(map(re.escape, _PREFIXES)), re.IGNORECASE)
# After the name: "Tomasz Kowalski's home page".
_POSSESSIVE = re.compile(r"[’']s\s+(?:personal\s+)?(?:home\s*page|website|web\s*site|site|blog|profile|portfolio|page)$",
                         re.IGNORECASE)
# Title segments that are a site's section, never a name.
_SECTIONS = {fold(word) for word in (
    "profile", "user profile", "home", "homepage", "home page", "about", "about me", "about us", "contact",
    "speakers", "speaker", "our team", "team", "people", "members", "member", "staff", "faculty", "authors",
    "author", "bio", "biography", "cv", "resume", "portfolio", "official site", "official website", "blog",
    "summary", "activity", "overview",
    "درباره‌ی من", "درباره من", "درباره", "خانه", "پروفایل", "نمایه", "رزومه",
    "আমার সম্পর্কে", "প্রোফাইল", "হোম", "পরিচিতি",
    "プロフィール", "ホーム", "メンバー", "研究室")}
# Pronoun sets, in parentheses or brackets anywhere, or after the name.
_PRONOUN_SET = r"(?:she|he|they|ze|xe|it|any|ey|fae)(?:\s*/\s*(?:her|hers|him|his|them|theirs|they|she|he|zir|xem|its|it|em|faer|any))+"
_PRONOUNS_BRACKETED = re.compile(r"\s*[(\[]\s*(%s|any pronouns)\s*[)\]]" % _PRONOUN_SET, re.IGNORECASE)
_PRONOUNS_TRAILING = re.compile(r"\s*[|·,–—-]?\s*\b(%s)\s*$" % _PRONOUN_SET, re.IGNORECASE)
# A site's own sentence about the page, never the person's words.
_BOILERPLATE = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    r"^read (?:the )?(?:latest )?(?:posts|articles|stories|writing|blogs?) (?:by|from)\b",
    r"^(?:see|view|check out|explore|discover)\b.{0,60}\b(?:profile|photos|posts|videos|work|portfolio)\b",
    r"^\d[\d,.]*[kKmM]?\s+(?:followers|following|posts|subscribers)\b",
    r"^(?:the )?(?:faculty |staff |user |member |public )?profile (?:of|for)\b",
    r"\bis on [A-Z][\w.]+\b.{0,40}\b(?:join|sign up|connect)\b",
    r"^(?:join|sign up|log in)\b.{0,80}\b(?:to (?:see|view|connect|follow))\b",
))


@dataclass(frozen=True)
class Name:
    """A cleaned display name, and the pronouns that were taken out of it (kept apart, not lost)."""

    text: str
    pronouns: str | None = None


def _decoration(token: str) -> bool:
    """A word made only of emoji and symbols (with their joiners and variation selectors)."""
    return bool(token) and all(unicodedata.category(char) in ("So", "Sk", "Sm", "Cf", "Mn", "Me")
                               or char in "\u200d\ufe0f" for char in token) and not any(c.isalnum() for c in token)


def clean_name(raw: str | None) -> Name | None:
    """A display name without decorations: pronouns apart, emoji-only words and a handle in parentheses
    dropped. None when nothing of a name is left."""
    text = clean(raw)
    if not text:
        return None
    pronouns = None
    for pattern in (_PRONOUNS_BRACKETED, _PRONOUNS_TRAILING):
        if (found := pattern.search(text)) and clean(text[:found.start()]):
            pronouns = pronouns or found.group(1).lower().replace(" ", "")
            text = text[:found.start()] + text[found.end():]
    text = _HANDLE_IN_PARENS.sub("", text)
    words = [word for word in text.split(" ") if not _decoration(word)]
    text = clean(" ".join(words)) or ""
    text = text.strip(" |·•,;:-–—")
    return Name(text, pronouns) if text and any(char.isalpha() for char in text) else None


def name_from_title(title: str | None, site_name: str | None = None) -> str | None:
    """The person's name from a page title: no unread count, no handle, no site or section names, no
    "User …" or "…'s home page" around it."""
    text = clean(title)
    if not text:
        return None
    site = fold(site_name) if site_name else None
    for segment in title_parts(text):
        segment = _POSSESSIVE.sub("", _PREFIX.sub("", segment.strip())).strip()
        key = fold(segment)
        if segment and key not in _SECTIONS and key != site:
            name = clean_name(segment)
            return name.text if name else None
    return None


def title_parts(title: str | None) -> list[str]:
    """A title's parts between separators ("Sara Ahmed — Illustrator", "Ada | LinkedIn"), without an unread
    count or a handle in parentheses."""
    text = _HANDLE_IN_PARENS.sub("", _COUNT.sub("", clean(title) or ""))
    return [part.strip() for part in _SEPARATOR.split(text) if part.strip()]


def is_section(text: str) -> bool:
    """A site's section name in a title ("Speakers", "درباره‌ی من"), never a person's name or headline."""
    return fold(text) in _SECTIONS


def is_handle(text: str) -> bool:
    """"ada_obi", "@ada", "szyczyx": an account name, not how a person is called."""
    if text.startswith("@"):
        return True
    if " " in text:
        return False
    return any(char in text for char in "_.@") or any(char.isdigit() for char in text) or text.islower()


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_JOINERS = set(".'’-\u200c\u200d")  # initials, O'Brien, Jean-Luc, Persian's zero-width non-joiner
# Lower-case words a Latin-script name may hold ("Ludwig van Beethoven", "Maria da Silva", "bin Laden").
_PARTICLES = {"van", "von", "der", "den", "de", "da", "das", "do", "dos", "di", "du", "del", "della", "la", "le",
              "bin", "binti", "ibn", "al", "el", "y", "e", "ter", "ten", "af", "zu", "st."}


def _name_word(word: str) -> bool:
    """Letters with their combining marks (Bengali vowel signs are marks, not letters), and joiners."""
    return bool(word) and unicodedata.category(word[0])[0] == "L" and all(
        unicodedata.category(char)[0] in "LM" or char in _JOINERS for char in word)


def person_shaped(text: str | None) -> bool:
    """Whether text reads as a person's name: two to five words of letters (initials, hyphens and
    apostrophes allowed), not a handle or a sentence; CJK names may be one or two words."""
    if not text or len(text) > 60:
        return False
    words = text.split(" ")
    if not all(_name_word(word) for word in words):
        return False
    if _CJK.search(text):
        return 1 <= len(words) <= 3
    if not 2 <= len(words) <= 5 or text.islower():
        return False
    for word in words:
        if word[0].islower() and word.isascii() and word not in _PARTICLES:
            return False  # "JavaScript is not available.": a sentence
        if word.endswith(".") and len(word) > 5:
            return False  # a sentence's last word, not an initial or "Prof."
    return True


def is_boilerplate(text: str | None) -> bool:
    """A site's description of the page ("Read the latest posts by Ada on CodeHub"), not a bio."""
    return bool(text) and any(pattern.search(text) for pattern in _BOILERPLATE)  # type: ignore[arg-type]
