"""Whatever bytes arrive, extraction answers (a draft, maybe empty) and never raises or hangs; and a
layer that breaks on a page costs that layer only."""

from __future__ import annotations

import os

import pytest

from companion import extract as extraction
from companion.extract import extract
from companion.extract.generic import jsonld

PERSIAN = "مريم احمدي"


@pytest.mark.parametrize("html", [
    b"", b"\x00" * 4096, os.urandom(100_000), b"<html><head><title>x</title></head></html>",
    b"<div>" * 100_000 + b"x" + b"</div>" * 100_000,
    b'<script type="application/ld+json">' + b"[" * 100_000 + b"]" * 100_000 + b"</script>",
    b'<h1 class="' + b"a" * 3_000_000 + b'">Ada</h1><a href="mailto:' + b"x" * 1_000_000 + b'@example.com">m</a>',
], ids=["empty", "nul-bytes", "random-bytes", "no-body", "deep-nesting", "deep-json-ld", "huge-attributes"])
def test_hostile_input_gives_a_draft_not_an_exception(html: bytes) -> None:
    draft = extract(html, "https://example.com/ada")
    assert draft.is_profile is False and draft.skipped == []


def test_bytes_are_decoded_by_bom_then_declared_charset_then_utf8() -> None:
    person = f'<script type="application/ld+json">{{"@type":"Person","name":"{PERSIAN}"}}</script>'
    declared = f'<meta charset="windows-1256">{person}'.encode("cp1256")
    assert extract(declared, "https://example.com/").name == PERSIAN
    assert extract(("\ufeff" + person).encode("utf-16"), "https://example.com/").name == PERSIAN
    mislabelled = f'<meta charset="no-such-charset">{person}'.encode()
    assert extract(mislabelled, "https://example.com/").name == PERSIAN


def test_a_failing_layer_is_skipped_and_the_others_still_give_the_person(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(page: object) -> None:
        raise RuntimeError("a site redesign")

    monkeypatch.setattr(jsonld, "read", broken)
    html = ('<meta property="og:type" content="profile"><meta property="og:title" content="Ada Lovelace">'
            '<script type="application/ld+json">{"@type":"Person","name":"Ada"}</script>'
            '<div class="h-card"><span class="p-name">Ada Lovelace</span></div>')
    draft = extraction.extract(html, "https://ada.example.org/")
    assert draft.skipped == ["json-ld"]
    assert draft.is_profile and draft.name == "Ada Lovelace" and draft.sources["name"] == "h-card"
