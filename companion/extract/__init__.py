"""`extract(html, url) -> ProfileDraft`: a person from a page, pure (no network, disk or clock).

The page is parsed once (page.py). Then layers read it, most specific first: the site's adapter,
then the generic layers (JSON-LD, microdata, RDFa, h-card, what the page shows, OpenGraph, links). merge.py folds their
findings with clear precedence and records where each field came from. A layer that fails on a
page is logged and skipped, so a site's redesign costs one layer, not the capture.
"""

from __future__ import annotations

import logging
from types import ModuleType

from companion.errors import PageTooComplex
from companion.extract.draft import Findings, ProfileDraft
from companion.extract.generic import hcard, jsonld, links, meta, microdata, rdfa, visible
from companion.extract.merge import merge
from companion.extract.page import Page, clean
from companion.extract.sites import adapter_for, mastodon
from companion.extract.topics import topics

# More tags than this is no page a person reads: the largest real profile in the corpus has 5.5k, the
# GitHub page of the benchmark 57k. Counted before parsing, which is where such a page costs its time.
MAX_TAGS = 250_000

log = logging.getLogger(__name__)

GENERIC_LAYERS: tuple[ModuleType, ...] = (jsonld, microdata, rdfa, hcard, visible, meta, links)


def extract_page(page: Page) -> ProfileDraft:
    site = adapter_for(page.url, mastodon.recognizes(page))
    layers = (site, *getattr(site, "MORE_LAYERS", ()), *GENERIC_LAYERS)
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


def check_size(html: str | bytes) -> None:
    tags = html.count("<" if isinstance(html, str) else b"<")
    if tags > MAX_TAGS:
        raise PageTooComplex(f"the page has {tags:,} tags, more than the {MAX_TAGS:,} Tend reads; nothing was saved")


def extract_checked(html: str | bytes, url: str) -> ProfileDraft:
    """`extract`, for a worker process: a page past the tag limit is refused before it is parsed."""
    check_size(html)
    return extract(html, url)


def summarize_page(html: str, url: str) -> tuple[str | None, list[str]]:
    """A page that is not a person's, for "share": its title and the topics it declares."""
    check_size(html)
    page = Page(html, url)
    title = page.meta("og:title", "twitter:title") or clean(
        page.tags("title")[0].get_text() if page.tags("title") else None)
    return title, topics(page)


__all__ = ["ProfileDraft", "check_size", "extract", "extract_checked", "extract_page", "summarize_page"]
