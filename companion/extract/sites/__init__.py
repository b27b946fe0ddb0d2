"""One small adapter per site. Each module has SOURCE, HOSTS and `read(page) -> Findings`; the
homepage adapter is the fallback for every other host."""

from __future__ import annotations

from types import ModuleType

from companion.extract.sites import github, homepage, linkedin, mastodon, orcid, scholar, stackoverflow, twitter
from companion.extract.sites.common import on_host

ADAPTERS: tuple[ModuleType, ...] = (linkedin, github, twitter, scholar, orcid, stackoverflow)


def adapter_for(url: str, page_says_mastodon: bool) -> ModuleType:
    """The adapter for a page: by host, Mastodon by what the page says (any server can run it)."""
    for adapter in ADAPTERS:
        if on_host(url, adapter.HOSTS):
            return adapter
    return mastodon if page_says_mastodon else homepage
