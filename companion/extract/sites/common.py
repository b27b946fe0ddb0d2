"""Small helpers the site adapters share."""

from __future__ import annotations

from urllib.parse import urlsplit

from companion.urls import host_matches, path_segments

__all__ = ["on_host", "path_segments"]


def on_host(url: str, hosts: tuple[str, ...]) -> bool:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return any(host_matches(host, suffix) for suffix in hosts)
