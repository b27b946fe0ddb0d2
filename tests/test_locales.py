"""Every string a person reads has words in every language, including the ones whose key is built from a
value the companion sends (an interaction's kind, a suggestion's kind, an import row's outcome): a kind
the companion knows and the locales do not would reach the reader as a bare key like `kind_email`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, get_args

import pytest

from companion.formats import people_csv
from companion.suggest.rules import celebrate
from companion.extract.draft import PAGE_KINDS
from companion.people import identity
from companion.models import ImportOutcome, InteractionKind, PersonFields, RowProblemCode, SuggestionKind, SyncReason

EXTENSION = Path(__file__).resolve().parent.parent / "extension"
LANGUAGES = ("en", "fa", "bn")
SOURCES = [*EXTENSION.rglob("*.js"), *EXTENSION.rglob("*.html"), EXTENSION / "manifest.json"]

# A key written out whole, or the fixed start of a key built from a value: t(`kind_${kind}`).
_CALL = re.compile(r"""\b(?:t|tCount|getMessage)\(\s*(?:"([A-Za-z0-9_]+)"|'([A-Za-z0-9_]+)'|`([A-Za-z0-9_]+)(\$\{)?)""")
_MARKUP = re.compile(r'data-i18n(?:-placeholder|-title)?="([A-Za-z0-9_]+)"|__MSG_([A-Za-z0-9_]+)__')

# Each family of built keys, and every value the companion can send for it.
FAMILIES: dict[str, set[str]] = {
    "kind_": set(get_args(InteractionKind)),
    # a kind, or a kind's variant by what it is about (celebrate: a birthday, a year known or not)
    "suggest_": set(get_args(SuggestionKind)) | {f"celebrate_{occasion}{known}" for occasion in celebrate.OCCASIONS
                                                  for known in ("", "_undated")},
    "importOutcome_": set(get_args(ImportOutcome)),
    "importProblem_": set(get_args(RowProblemCode)),
    # what a capture changed, what an import row got wrong, what a CSV column fills
    "field_": set(PersonFields.model_fields) | set(people_csv.FIELDS),
    # what a page is instead of a person's profile (not_a_profile's details.page.kind)
    "notProfile_": set(PAGE_KINDS),
    # why two people may be one (the review queue's evidence)
    "dupSignal_": set(identity.SIGNALS),
    # why sync cannot go on (GET /api/v1/sync's reason)
    "syncReason_": set(get_args(SyncReason)),
}


def messages(language: str) -> dict[str, Any]:
    return json.loads((EXTENSION / "_locales" / language / "messages.json").read_text(encoding="utf-8"))


def named_keys() -> tuple[set[str], set[str]]:
    """The keys the extension names whole, and the starts of the keys it builds."""
    whole, built = set(), set()
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        for match in _CALL.finditer(text):
            if match.group(4):
                built.add(match.group(3))
            else:
                whole.add(match.group(1) or match.group(2) or match.group(3))
        whole.update(key for pair in _MARKUP.findall(text) for key in pair if key)
    return whole, built


def placeholders(entry: dict[str, Any]) -> tuple[set[str], dict[str, str]]:
    """The $NAME$s a message uses and what each stands for: a translation must keep them all."""
    used = {name.lower() for name in re.findall(r"\$([A-Za-z0-9_@]+)\$", entry["message"])}
    return used, {name: value["content"] for name, value in entry.get("placeholders", {}).items()}


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_language_has_every_message_with_the_same_placeholders(language: str) -> None:
    english, other = messages("en"), messages(language)
    assert sorted(other) == sorted(english)
    for key, entry in english.items():
        assert other[key]["message"].strip(), key
        assert placeholders(other[key]) == placeholders(entry), key


def test_every_key_the_extension_names_has_words() -> None:
    whole, _ = named_keys()
    assert len(whole) > 100  # the scan found the extension's calls
    assert sorted(whole - set(messages("en"))) == []


def test_every_value_the_companion_sends_has_words() -> None:
    _, built = named_keys()
    assert built == set(FAMILIES), "a new family of built keys needs its values listed here"
    english = messages("en")
    missing = sorted(prefix + value for prefix, values in FAMILIES.items() for value in values
                     if prefix + value not in english)
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_messages_hold_no_markup(language: str) -> None:
    """Text only: a `command` is shown as code (setMessage), anything else that looks like markup would
    show raw."""
    for key, entry in messages(language).items():
        text = entry["message"]
        assert text.count("`") % 2 == 0, key
        assert not re.search(r"<[a-zA-Z/!]|&[a-z]+;|\*\*|\[[^\]]*\]\(", text), key
