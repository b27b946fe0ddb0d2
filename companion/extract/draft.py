"""What extraction produces: each layer's findings, and the merged ProfileDraft with where each field came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from pydantic import BaseModel, Field

SCALAR_FIELDS = ("name", "headline", "title", "organization", "location", "bio", "photo_url")
LIST_FIELDS = ("emails", "phones", "urls", "skills", "interests")


# What a page can be instead of a person's profile: the codes the extension has words for (notProfile_*).
PAGE_KINDS = ("article", "post", "organization", "organization_page", "feed", "job", "group", "event", "search_results",
              "repository", "site_page", "unavailable", "media", "product")


# How strongly a layer's verdict counts (merge.weigh compares them; the strongest side wins). Named, so
# that every layer speaks the same scale and a reader can see why one verdict beat another.
DECISIVE = 1.0  # the site's own structure: a LinkedIn /company/ path, a GitHub repository
SITE_PROFILE = 0.9  # a site adapter read its profile layout; a schema.org ProfilePage about a person
STRUCTURED = 0.8  # structured data that says what the page is about (its main entity, an article)
CARD = 0.7  # a person's card that is the page's own (an h-card at the page's URL, a lone Person item)
HINT = 0.5  # what the page shows: a person-shaped name in the title and main heading at a person's URL
WEAK = 0.3  # a hint that needs the user's word: og:type=profile alone, an adapter's unknown layout
MIN_PROFILE = HINT  # below this, nothing is saved without the user confirming what was read


@dataclass
class Findings:
    """What one layer read from a page.

    `is_profile` is the layer's verdict when it has one (a site adapter knows a LinkedIn company page
    from a person's; JSON-LD knows a Person from an Organization); None means no opinion, and `weight`
    says how strongly it counts (one of the constants above): evidence, never a veto, so an adapter
    that does not know a layout cannot throw away the JSON-LD that names the person. `about` says what
    the page is when it is not a person's profile, for the error that tells the user so.
    """

    source: str
    fields: dict[str, Any] = field(default_factory=dict)
    is_profile: bool | None = None
    weight: float = 0.0
    about: str | None = None
    about_code: str | None = None  # the same, as a code the extension words in the reader's language
    about_name: str | None = None  # who or what it is by or of: an article's author, an organization
    url: str | None = None  # the profile's own URL, when the layer knows it better than the page URL
    blocks: dict[str, set[str]] = field(default_factory=dict)  # field -> layers not to trust for it here

    def not_a_profile(self, code: str, about: str, name: str | None = None, weight: float = DECISIVE) -> None:
        """This layer's verdict that the page is not a person's profile: what it is instead, in words and as
        one of PAGE_KINDS, and how sure the layer is."""
        assert code in PAGE_KINDS, code
        self.is_profile, self.weight = False, weight
        self.about, self.about_code, self.about_name = about, code, name

    def profile(self, weight: float) -> None:
        """This layer's verdict that the page is a person's profile, this strongly."""
        self.is_profile, self.weight = True, weight

    def set(self, name: str, value: Any) -> None:
        """Record a field unless the value is empty (None, "", [])."""
        if value:
            self.fields[name] = value


class ProfileDraft(BaseModel):
    """A person as read from one page, with Person's field names; `sources` maps each field to the layer
    it came from (`linkedin`, `json-ld`, `opengraph`...), so a wrong value can be traced to its rule."""

    url: str = Field(description="The page's canonical profile URL.")
    is_profile: bool
    about: Optional[str] = Field(default=None, description="What the page is, when it is not a person's profile.")
    about_code: Optional[str] = Field(default=None, description="The same, as one of PAGE_KINDS.")
    about_name: Optional[str] = Field(default=None, description="Whose or what's it is: an article's author.")
    about_weight: float = Field(default=0.0, description="How strongly the page was judged to be that, 0 to 1.")
    name: Optional[str] = None
    headline: Optional[str] = None
    title: Optional[str] = None
    organization: Optional[str] = None
    location: Optional[str] = None
    bio: Optional[str] = None
    photo_url: Optional[str] = None
    emails: list[str] = []
    phones: list[str] = []
    urls: list[str] = []
    skills: list[str] = []
    interests: list[str] = []
    pronouns: Optional[str] = Field(default=None, description="Pronouns taken out of the display name.")
    sources: dict[str, str] = {}
    confidence: float = Field(default=0.0, description="How sure the reading is, 0 to 1: the verdict's weight, "
                                                       "capped by the name's. Below CONFIRM_BELOW the user confirms.")
    field_confidence: dict[str, float] = Field(default={}, description="How sure each field is, 0 to 1.")
    skipped: list[str] = Field(default=[], description="Layers that failed on this page and were skipped.")
