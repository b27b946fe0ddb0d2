"""Query-string models: every parameter validated, unknown ones refused with their name."""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from companion.models import Day, TaskStatus

QueryId = Annotated[int, Field(ge=1, le=2**53)]  # from text: "5" is 5


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a typo like ?tags= must not silently list everything


class ListQuery(_Query):
    limit: Annotated[int, Field(ge=1, le=500)] = 50
    offset: Annotated[int, Field(ge=0, le=10**9)] = 0


class PeopleQuery(ListQuery):
    q: Optional[Annotated[str, Field(max_length=300)]] = Field(
        default=None, description="Matches name, organization or email, ignoring case and script variants.")
    tag: Optional[Annotated[str, Field(max_length=100)]] = None
    organization: Optional[Annotated[str, Field(max_length=500)]] = None


class MatchQuery(_Query):
    q: Annotated[str, Field(min_length=1, max_length=300)] = Field(
        description="What was typed: each word begins a word of the name, organization, e-mail or profile handle.")
    limit: Annotated[int, Field(ge=1, le=50)] = 10


class LookupQuery(_Query):
    url: Optional[Annotated[str, Field(min_length=1, max_length=2048)]] = Field(
        default=None, description="A profile URL in any of its forms (country subdomain, query, slash).")
    email: Optional[Annotated[str, Field(min_length=1, max_length=320)]] = None

    @model_validator(mode="after")
    def _exactly_one(self) -> "LookupQuery":
        if (self.url is None) == (self.email is None):
            raise ValueError("give either url or email")
        return self


class TaskQuery(ListQuery):
    status: Optional[TaskStatus] = None
    person_id: Optional[QueryId] = None


class DueQuery(ListQuery):
    on: Optional[Day] = Field(default=None, description="The day to list what is due by; today when omitted.")


class SuggestionQuery(_Query):
    limit: Optional[Annotated[int, Field(ge=1, le=100)]] = Field(default=None, description="Overrides the daily cap.")
