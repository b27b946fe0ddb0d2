"""Small helpers the site adapters share."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from companion.urls import host_matches


def path_segments(url: str) -> list[str]:
    """The non-empty path segments of `url`, percent-decoded."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return []
    return [unquote(part) for part in path.split("/") if part]


def on_host(url: str, hosts: tuple[str, ...]) -> bool:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return any(host_matches(host, suffix) for suffix in hosts)
