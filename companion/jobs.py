"""The jobs worker processes run (workers.py), as light references: pickling a job names this module, so
the companion does not import the parsing stack (BeautifulSoup, lxml: a third of a second) to send one."""

from __future__ import annotations

from typing import Any


def read_profile(html: str, url: str) -> Any:
    """The ProfileDraft of a captured page (refused before parsing past the tag limit)."""
    from companion.extract import extract_checked

    return extract_checked(html, url)


def read_page(html: str, url: str) -> tuple[str | None, list[str]]:
    """A page kept to share: its title and the topics it declares."""
    from companion.extract import summarize_page

    return summarize_page(html, url)
