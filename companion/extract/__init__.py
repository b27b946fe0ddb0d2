"""`extract(html, url) -> ProfileDraft`: a person from a page, pure (no network, disk or clock).

The page is parsed once (page.py). Then layers read it, most specific first: the site's adapter,
then the generic layers (JSON-LD, microdata, h-card, OpenGraph, links). merge.py folds their
findings with clear precedence and records where each field came from. A layer that fails on a
page is logged and skipped, so a site's redesign costs one layer, not the capture.
"""

from __future__ import annotations

import logging
from types import ModuleType

from companion.extract.draft import Findings, ProfileDraft
from companion.extract.generic import hcard, jsonld, links, meta, microdata
from companion.extract.merge import merge
from companion.extract.page import Page
from companion.extract.sites import adapter_for, mastodon

log = logging.getLogger(__name__)

GENERIC_LAYERS: tuple[ModuleType, ...] = (jsonld, microdata, hcard, meta, links)


def extract_page(page: Page) -> ProfileDraft:
    layers = (adapter_for(page.url, mastodon.recognizes(page)), *GENERIC_LAYERS)
    findings: list[Findings] = []
    skipped: list[str] = []
    for layer in layers:
        try:
            findings.append(layer.read(page))
        except Exception:  # noqa: BLE001 - one broken layer must not lose the others' findings
            log.warning("extraction layer %s failed on %s; skipped", layer.SOURCE, page.url, exc_info=True)
            skipped.append(layer.SOURCE)
    draft = merge(findings, page.url)
    draft.skipped = skipped
    return draft


def extract(html: str | bytes, url: str) -> ProfileDraft:
    return extract_page(Page(html, url))


__all__ = ["ProfileDraft", "extract", "extract_page"]
