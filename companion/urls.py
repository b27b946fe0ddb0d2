"""Profile URLs: one canonical form per profile, and what kind of profile a URL is.

Pure functions. The same person's LinkedIn page is reached as de.linkedin.com/in/x/, www.linkedin.com/in/x
and linkedin.com/in/x?trk=...; identity lookups must see one URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import SplitResult, parse_qsl, unquote, urlencode, urlsplit, urlunsplit

# host suffix -> link kind; the first match wins.
_KINDS: tuple[tuple[str, str], ...] = (
    ("linkedin.com", "linkedin"),
    ("github.com", "github"),
    ("twitter.com", "twitter"),
    ("x.com", "twitter"),
    ("bsky.app", "bluesky"),
    ("scholar.google.com", "scholar"),
    ("orcid.org", "orcid"),
    ("stackoverflow.com", "stackoverflow"),
    ("mastodon.social", "mastodon"),
)

# Networks where one path segment (or /@name) is a person's page, besides the kinds above: how a personal
# site links its owner's other profiles. Not link kinds of their own; a vocabulary for recognising them.
SOCIAL_HOSTS = ("instagram.com", "facebook.com", "dribbble.com", "behance.net", "youtube.com", "tiktok.com",
                "medium.com", "threads.net", "gitlab.com", "codeberg.org", "soundcloud.com", "vimeo.com",
                "pinterest.com", "keybase.io", "flickr.com", "t.me", "telegram.me", "substack.com", "hachyderm.io",
                "fosstodon.org", "researchgate.net", "academia.edu", "twitch.tv", "patreon.com", "kaggle.com")

LINK_KINDS = ("linkedin", "github", "mastodon", "twitter", "bluesky", "scholar", "orcid", "stackoverflow",
              "homepage", "other")

# Hosts whose profile identity lives in the path alone, so the query string is tracking noise.
_PATH_IDENTIFIED = ("linkedin.com", "github.com", "twitter.com", "x.com", "bsky.app", "orcid.org", "tiktok.com",
                    "instagram.com", "stackoverflow.com", "stackexchange.com", "mastodon.social")
# Hosts whose profiles are identified by query parameters: only these stay in the key, in this order
# (scholar.google.com/citations?hl=en&user=X is the profile citations?user=X).
_QUERY_IDENTIFIED = {"scholar.google.com": ("user",), "facebook.com": ("id",)}
# Parameters that never identify a page: tracking, referrers, the interface language.
_NOISE_PARAMS = {"fbclid", "gclid", "mc_cid", "mc_eid", "trk", "ref", "ref_src", "hl", "si", "igshid", "_hsenc", "_hsmi"}
# Hosts whose user names ignore case (github.com/Ada and github.com/ada are one person).
_CASELESS_PATH = ("linkedin.com", "github.com", "twitter.com", "x.com", "bsky.app", "tiktok.com", "instagram.com")


def path_segments(url: str) -> list[str]:
    """The non-empty path segments of `url`, percent-decoded."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return []
    return [unquote(part) for part in path.split("/") if part]


# The paths of a site's own home page: its root or one of these ("/about", "/cv", "/fa").
HOME_SEGMENTS = frozenset({"about", "about-me", "aboutme", "me", "bio", "cv", "resume", "contact", "index.html",
                           "index.htm", "en", "fa", "bn"})


def is_home_path(segments: Sequence[str]) -> bool:
    """Whether path segments are a site's home page (its root, or an about page at the top)."""
    return not segments or len(segments) == 1 and segments[0].lower() in HOME_SEGMENTS


def host_matches(host: str, suffix: str) -> bool:
    return host == suffix or host.endswith("." + suffix)


def _split(url: str) -> tuple[SplitResult, str] | None:
    """The parts and lower-case host of `url`, or None when it has no URL structure (an unclosed IPv6
    bracket, say): these functions take user input and must never raise."""
    try:
        parts = urlsplit(url.strip())
        return parts, (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None


def canonical_url(url: str) -> str:
    """A stable key for a profile URL: https, lower-case host without www/country prefix, no fragment,
    no trailing slash, and no query on sites that identify profiles by path. Never raises: any string
    (a lookup parameter is user input) gets a key."""
    split = _split(url)
    if split is None:
        return url.strip()  # no structure to normalise: the text is the key
    parts, host = split
    if host.startswith("www."):
        host = host[4:]
    if host_matches(host, "linkedin.com"):
        host = "linkedin.com"  # de.linkedin.com, fa.linkedin.com ... are the same profile
    scheme = "https" if parts.scheme.lower() in ("http", "https", "") else parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: keep what was written rather than fail a lookup
        port = parts.netloc.rpartition(":")[2]
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = parts.path.rstrip("/")
    if any(host_matches(host, h) for h in _CASELESS_PATH):
        path = path.lower()
    return urlunsplit((scheme, netloc, path, _identifying_query(host, parts.query), ""))


def _identifying_query(host: str, query: str) -> str:
    """The part of a query string that says which page it is."""
    if not query or any(host_matches(host, h) for h in _PATH_IDENTIFIED):
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    for suffix, keys in _QUERY_IDENTIFIED.items():
        if host_matches(host, suffix):
            return urlencode([(key, value) for wanted in keys for key, value in pairs if key == wanted])
    kept = [(key, value) for key, value in pairs if key.lower() not in _NOISE_PARAMS and not key.startswith("utm_")]
    return query if len(kept) == len(pairs) else urlencode(kept)


def on_social_network(url: str) -> bool:
    """Whether the URL is on a network of SOCIAL_HOSTS or one of the link kinds."""
    split = _split(url)
    return split is not None and (link_kind(url) not in ("homepage", "other")
                                  or any(host_matches(split[1], host) for host in SOCIAL_HOSTS))


def link_kind(url: str) -> str:
    """The profile kind of a URL; fediverse handles in the path (/@name) count as mastodon."""
    split = _split(url)
    if split is None:
        return "other"
    parts, host = split
    for suffix, kind in _KINDS:
        if host_matches(host, suffix):
            return kind
    if parts.path.startswith("/@") and parts.path.count("/") == 1:
        return "mastodon"
    return "homepage"
