"""The data Tend keeps, as pydantic models: what the API accepts, what it answers, what the store holds.

Input models forbid unknown fields, so a typo is an error that names the field instead of silently
dropped data. Stored text is kept exactly as given (beyond trimming surrounding white space): Persian
and Bengali names, with their zero-width joiners, must round-trip byte for byte.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Annotated, Any, Generic, Literal, Optional, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    StringConstraints,
    create_model,
    model_validator,
)

from companion import dates, urls
from companion.interaction_kinds import INTERACTION_KINDS


# The years a date may have: wide enough for any real meeting, birthday or plan, and narrow enough that
# every stored date converts between zones, prints as four digits and has a day after it (ICS's DTEND).
FIRST_YEAR, LAST_YEAR = 1900, 2200
_RANGE = f"must be between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31"


def _in_range(value: date) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(_RANGE)


def _utc(value: datetime) -> datetime:
    """UTC, whole seconds: stored timestamps then sort as strings in time order."""
    _in_range(value)
    utc = value.astimezone(timezone.utc).replace(microsecond=0)
    _in_range(utc)
    return utc


def _day_in_range(value: date) -> date:
    _in_range(value)
    return value


def format_timestamp(value: datetime) -> str:
    """The stored and wire form of a timestamp (what pydantic writes for a `Timestamp`)."""
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def _unique(items: list[Any]) -> list[Any]:
    """Drop repeats (case-insensitively for text) while keeping the order the user gave."""
    seen: set[Any] = set()
    kept = []
    for item in items:
        key = item.casefold() if isinstance(item, str) else item
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


# Rules are written as patterns where possible, so the OpenAPI document states them too.
NOT_BLANK = r"\S"
HTTP_URL = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@:]+(:[0-9]{1,5})?([/?#]\S*)?$"



def NonBlank(max_length: int) -> Any:  # noqa: N802 (used as a type)
    """Trimmed text with at least one visible character, at most `max_length` characters."""
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length,
                                            pattern=NOT_BLANK)]


Name = NonBlank(300)
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
LongText = Annotated[str, StringConstraints(max_length=100_000)]
Label = NonBlank(100)
Labels = Annotated[list[Label], Field(max_length=200), AfterValidator(_unique)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2048, pattern=HTTP_URL)]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$"),
]
Phone = NonBlank(50)
TaskText = NonBlank(2000)
Origin = NonBlank(100)
ClientName = NonBlank(100)
PairingCodeText = NonBlank(64)
Timestamp = Annotated[AwareDatetime, AfterValidator(_utc)]


def _iso_day(value: Any) -> Any:
    """Only YYYY-MM-DD (or a date): pydantic alone would read 0 as 1970-01-01."""
    if isinstance(value, date) or (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


Day = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_day_in_range)]
# JSON numbers only: lax int would take `true` as 1 and "5" as 5 from a body. (Query strings, which are
# text by nature, use their own lax types in api/queries.py.)
Id = Annotated[int, Strict(), Field(ge=1, le=2**53)]


def Whole(low: int, high: int) -> Any:  # noqa: N802 (used as a type)
    """A whole number in [low, high], from a JSON number only."""
    return Annotated[int, Strict(), Field(ge=low, le=high)]

LinkKind = Literal["linkedin", "github", "mastodon", "twitter", "bluesky", "scholar", "orcid", "stackoverflow",
                   "homepage", "other"]
assert set(LinkKind.__args__) == set(urls.LINK_KINDS)  # type: ignore[attr-defined]

InteractionKind = Literal[INTERACTION_KINDS]  # type: ignore[valid-type]
TaskStatus = Literal["open", "done", "snoozed"]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProfileLink(_Input):
    """A link to one of the person's own profiles or sites."""

    url: Url
    kind: Optional[LinkKind] = Field(default=None, description="Inferred from the URL when omitted.")

    @model_validator(mode="after")
    def _infer_kind(self) -> "ProfileLink":
        if self.kind is None:
            self.kind = urls.link_kind(self.url)  # type: ignore[assignment]
        return self


def partial(model: type[BaseModel], name: str) -> type[BaseModel]:
    """An update model: every field of `model` optional, same types and limits.

    An omitted field is left alone; an explicit null clears a field only where `model` allows null
    (a name or a list can be replaced, not nulled).
    """
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        fields[field_name] = (annotation, Field(default=None, description=info.description))
    return create_model(name, __base__=_Input, **fields)


# ---- people ----------------------------------------------------------------------------------------

class YearlyDate(_Input):
    """A date that comes round every year, its year optional: {"month": 4, "day": 12, "year": 1985}, or
    the text "1985-04-12" / "--04-12" (no year) / "12 April" as it arrives from a file."""

    month: Whole(1, 12)
    day: Whole(1, 31)
    year: Optional[Whole(FIRST_YEAR, LAST_YEAR)] = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("date"), str):
            value = {**{k: v for k, v in value.items() if k != "date"}, **_date_fields(value["date"])}
        return _date_fields(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _exists(self) -> "YearlyDate":
        dates.check(self.year, self.month, self.day)  # 30 February is refused; 29 February needs no year
        return self


def _date_fields(text: str) -> dict[str, Any]:
    year, month, day = dates.parse(text)
    return {"month": month, "day": day, **({"year": year} if year is not None else {})}


class NamedDate(YearlyDate):
    """A date worth remembering besides the birthday: an anniversary, "started at Acme", "first met"."""

    label: Label


class PersonFields(_Input):
    name: Name
    headline: Optional[ShortText] = None
    title: Optional[ShortText] = None
    organization: Optional[ShortText] = None
    location: Optional[ShortText] = None
    bio: Optional[LongText] = None
    photo_url: Optional[Url] = None
    emails: Annotated[list[Email], Field(max_length=50), AfterValidator(_unique)] = []
    phones: Annotated[list[Phone], Field(max_length=50), AfterValidator(_unique)] = []
    urls: Annotated[list[ProfileLink], Field(max_length=50)] = []
    tags: Labels = []
    interests: Labels = []
    goals: Labels = []
    skills: Labels = []
    offers: Labels = Field(default=[], description="What this person can give: skills, introductions, advice.")
    needs: Labels = Field(default=[], description="What this person is looking for.")
    how_met: Optional[LongText] = None
    cadence_days: Optional[Whole(1, 3650)] = Field(
        default=None, description="Keep-in-touch interval in days.")
    notes: Optional[LongText] = None
    birthday: Optional[YearlyDate] = None
    dates: Annotated[list[NamedDate], Field(max_length=50)] = Field(
        default=[], description="Other yearly dates: an anniversary, a first meeting, a start at work.")


PersonCreate = PersonFields
PersonUpdate = partial(PersonFields, "PersonUpdate")


class Person(PersonFields):
    model_config = ConfigDict(extra="ignore")

    id: Id
    revision: int = Field(description="Increases with every change; send it back in If-Match to update safely.")
    last_interaction_at: Optional[Timestamp] = None
    user_fields: list[str] = Field(default=[], description="Fields the user confirmed: a capture never replaces them.")
    face_updated_at: Optional[Timestamp] = Field(
        default=None, description="When a face thumbnail was kept for them (GET /people/{id}/face).")
    created_at: Timestamp
    updated_at: Timestamp


# ---- interactions ----------------------------------------------------------------------------------

class InteractionFields(_Input):
    person_ids: Annotated[list[Id], Field(min_length=1, max_length=100), AfterValidator(_unique)]
    kind: InteractionKind
    note: Optional[LongText] = None
    occurred_at: Optional[Timestamp] = Field(default=None, description="When it happened; now when omitted.")
    source_url: Optional[Url] = None
    source_title: Optional[ShortText] = Field(default=None, description="The title of the page it was logged from.")


InteractionCreate = InteractionFields
InteractionUpdate = partial(InteractionFields, "InteractionUpdate")


class Interaction(InteractionFields):
    model_config = ConfigDict(extra="ignore")

    id: Id
    occurred_at: Timestamp
    created_at: Timestamp
    updated_at: Timestamp


class Participant(_Input):
    """Someone in a conversation: a saved person by id, or who the page shows (a name, an address, a
    profile link), found among the saved people by that address or link, else added."""

    person_id: Optional[Id] = None
    name: Optional[Name] = None
    email: Optional[Email] = None
    url: Optional[Url] = None

    @model_validator(mode="after")
    def _someone(self) -> "Participant":
        if self.person_id is None and self.name is None:
            raise ValueError("give person_id, or the name the page shows")
        return self


class ConversationCreate(_Input):
    """An interaction logged from the page it happened on, with people who may not be saved yet."""

    participants: Annotated[list[Participant], Field(min_length=1, max_length=100)]
    kind: InteractionKind
    note: Optional[LongText] = None
    occurred_at: Optional[Timestamp] = Field(default=None, description="When it happened; now when omitted.")
    source_url: Optional[Url] = None
    source_title: Optional[ShortText] = None


class ConversationLogged(BaseModel):
    interaction: Interaction
    people: list[Person] = Field(description="The participants, in the order given.")
    created: list[Id] = Field(description="Who was added by this request.")
    task_ids: list[Id] = Field(default=[], description="Tasks made from promises in the note.")


class ResolveRequest(_Input):
    """Addresses and profile links a page shows: which of them belong to saved people."""

    emails: Annotated[list[Annotated[str, StringConstraints(max_length=320)]], Field(max_length=500)] = []
    urls: Annotated[list[Annotated[str, StringConstraints(max_length=2048)]], Field(max_length=500)] = []


class Resolved(BaseModel):
    key: str = Field(description="The address or link as given.")
    person: Person


class ResolveResult(BaseModel):
    found: list[Resolved]


# ---- tasks -----------------------------------------------------------------------------------------

class TaskFields(_Input):
    person_id: Optional[Id] = None
    text: TaskText
    due: Optional[Day] = None
    status: TaskStatus = "open"
    snoozed_until: Optional[Day] = Field(default=None, description="Required when status is snoozed.")
    origin: Origin = Field(
        default="manual", description="Where the task came from: manual, a suggestion kind, a promise in a note.")

    @model_validator(mode="after")
    def _snooze_has_a_date(self) -> "TaskFields":
        if self.status == "snoozed" and self.snoozed_until is None:
            raise ValueError("a snoozed task needs snoozed_until")
        return self


TaskCreate = TaskFields
TaskUpdate = partial(TaskFields, "TaskUpdate")


class Task(TaskFields):
    model_config = ConfigDict(extra="ignore")

    id: Id
    created_at: Timestamp
    updated_at: Timestamp
    done_at: Optional[Timestamp] = None


# ---- captures, profile history, merging ------------------------------------------------------------

CaptureStatus = Literal["created", "updated", "unchanged"]
TrackedField = Literal["title", "organization"]


class CaptureRequest(_Input):
    """A page the extension captured. `html` is the whole page or, better, the lean capture: the
    document's <head> (title, meta, link, JSON-LD) and the profile region of <body>, with scripts other
    than JSON-LD, styles and SVG removed (see README, "Capture format")."""

    url: Url
    html: Annotated[str, StringConstraints(min_length=1)]
    title: Optional[ShortText] = None
    selection: Optional[Annotated[str, StringConstraints(strip_whitespace=True, max_length=100_000)]] = Field(
        default=None, description="Text the user highlighted (a message thread, say): kept as a note.")
    confirmed: Optional["ConfirmedDraft"] = Field(
        default=None, description="The person as the user confirmed or typed them, for a page the companion did not "
                                  "read as a profile (or was unsure of): saved even so, the user's fields winning.")


class ConfirmedDraft(_Input):
    """What the user says about the person on a page: their fields win over the page's, now and on every
    later capture (they are listed in the person's `user_fields`)."""

    name: Name
    headline: Optional[ShortText] = None
    organization: Optional[ShortText] = None
    location: Optional[ShortText] = None
    photo_url: Optional[Url] = None
    url: Optional[Url] = Field(default=None, description="Their profile link, when the page is theirs.")


CaptureRequest.model_rebuild()


class PossibleDuplicate(BaseModel):
    person_id: Id
    name: str
    organization: Optional[str] = None
    score: float = Field(description="Name similarity, 0-100.")
    agree: list[str] = Field(default=[], description="The signals besides the name that agree (organization, "
                                                     "location, email_domain, phone, profile:<network>…).")
    differ: list[str] = Field(default=[], description="The signals that differ (none, for a possible duplicate).")


class PossibleDuplicates(BaseModel):
    items: list[PossibleDuplicate]


class DuplicatePair(BaseModel):
    """Two saved people who may be one, side by side, with the evidence."""

    people: list[Person] = Field(description="The two, the older first (merged into by default).")
    score: float = Field(description="Name similarity, 0-100 (word order and case aside).")
    agree: list[str] = Field(description="Signals besides the name that agree; [\"name\"] when only the name does.")
    differ: list[str]


class BulkRequest(_Input):
    """One change to many people at once (selected in the dashboard)."""

    person_ids: Annotated[list[Id], Field(min_length=1, max_length=10_000)]
    action: Literal["add_tag", "remove_tag", "set_cadence", "delete"]
    tag: Optional[Label] = Field(default=None, description="add_tag, remove_tag: the tag.")
    cadence_days: Optional[Whole(1, 3650)] = Field(default=None, description="set_cadence: days (null: none of their own).")
    dry_run: bool = Field(default=False, description="Say what would change (for delete: how many interactions "
                                                     "and tasks go with them), change nothing.")

    @model_validator(mode="after")
    def _needs_its_value(self) -> "BulkRequest":
        if self.action in ("add_tag", "remove_tag") and not self.tag:
            raise ValueError("add_tag and remove_tag need a tag")
        return self


class BulkResult(BaseModel):
    action: str
    dry_run: bool
    people: int = Field(description="People changed (or that would be).")
    interactions: int = Field(default=0, description="delete: interactions that go with them (with nobody else in).")
    tasks: int = Field(default=0, description="delete: their tasks, which go with them.")


class MergeSummary(BaseModel):
    """A merge the user made, and whether it can still be undone."""

    id: Id
    kept_id: Id
    merged_id: Id
    merged_name: str = Field(description="The name of the person folded in, as it was.")
    merged_at: Timestamp
    undone_at: Optional[Timestamp] = None
    undo_until: Timestamp
    undoable: bool
    why_not: Optional[str] = Field(default=None, description="Why it cannot be undone, when it cannot.")


class MergePage(BaseModel):
    items: list[MergeSummary]


class UndoneMerge(BaseModel):
    people: list[Person] = Field(description="The two people, as they were before the merge.")


class DuplicatePairPage(BaseModel):
    items: list[DuplicatePair]
    total: int


class KeepApart(_Input):
    person_ids: Annotated[list[Id], Field(min_length=2, max_length=2)] = Field(
        description="Two people who are not the same: never offered as duplicates again.")


class CaptureResult(BaseModel):
    person: Person
    status: CaptureStatus
    changed: list[str] = Field(description="Fields the capture set or changed.")
    possible_duplicates: list[PossibleDuplicate] = []
    capture_id: Id
    note_id: Optional[Id] = Field(default=None, description="The note made from `selection`.")


class ProfileChange(BaseModel):
    """A dated change of title or organization seen on a profile (a job change is worth a message)."""

    model_config = ConfigDict(extra="ignore")

    id: Id
    person_id: Id
    field: TrackedField
    old: Optional[str] = None
    new: Optional[str] = None
    changed_at: Timestamp
    source_url: Optional[str] = None


class Capture(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: Id
    kind: Literal["profile", "page"] = Field(default="profile", description="A person's profile, or a page "
                                             "(an article, a repository) kept to share with people it interests.")
    person_id: Optional[Id] = None
    url: str
    captured_at: Timestamp
    title: Optional[str] = None
    topics: list[str] = []
    size: int = Field(description="Bytes of HTML kept (compressed on disk) for re-extraction.")
    page_sha256: Optional[str] = None


class PageRequest(_Input):
    """A page worth sharing: Tend reads its topics and suggests it to people interested in them."""

    url: Url
    html: Annotated[str, StringConstraints(min_length=1)]
    title: Optional[ShortText] = None


class FaceUpload(_Input):
    """A face thumbnail the extension made from the person's photo (≤ 96 px, ≤ 20 KB)."""

    image: Annotated[str, StringConstraints(min_length=1, max_length=28_000)] = Field(
        description="The image's bytes (WebP, JPEG or PNG) in base64.")


MergeChoice = Literal["name", "headline", "title", "organization", "location", "bio", "photo_url", "how_met",
                      "cadence_days", "birthday"]


class MergeRequest(_Input):
    duplicate_id: Id = Field(description="The person folded into this one, then deleted.")
    take: list[MergeChoice] = Field(default=[], description="Fields whose value comes from the duplicate where both "
                                                            "have one (the user's choice, field by field).")


class ReextractResult(BaseModel):
    captures: int
    updated: int
    unchanged: int
    failed: int


# ---- suggestions and the user ---------------------------------------------------------------------

SuggestionKind = Literal["keep_in_touch", "follow_up_after_meeting", "thank_you", "reciprocity", "congratulate",
                         "introduce", "share", "reconnect", "too_often", "weekly_time", "celebrate"]
SuggestionAction = Literal["done", "snooze", "dismiss"]


class Suggestion(BaseModel):
    """One thing worth doing today, with the facts behind it. `kind` and `params` let the extension say it
    in the reader's language; `text` is the English wording."""

    id: str
    kind: SuggestionKind
    person_ids: list[Id]
    names: list[str] = Field(description="The people's names, in the order of person_ids.")
    score: float
    text: str
    why: list[str]
    params: dict[str, Any]
    due: Day
    actions: list[SuggestionAction]


class SessionItem(BaseModel):
    """One person in the weekly session, with what makes writing to them easy."""

    suggestion: Suggestion
    person: Person
    last_notes: list[Interaction] = Field(description="Their latest interactions with a note, newest first.")
    shared: list[str] = Field(description="Interests and goals they share with the user.")
    promises: list[Task] = Field(description="Open tasks from what the user promised them.")


class WeekSession(BaseModel):
    """The user's weekly networking time: the goal, what is done, and a short queue to work through."""

    week_start: Day
    goal: int = Field(description="Touches a week (the user's weekly_goal).")
    done: int = Field(description="Interactions logged since Monday.")
    items: list[SessionItem] = Field(description="Today's suggestions first, then due check-ins, best first.")


class SuggestionPage(BaseModel):
    items: list[Suggestion]
    total: int = Field(ge=0, description="How many suggestions there are today before the daily cap.")


class SnoozeRequest(_Input):
    days: Whole(1, 365) = 7


class SuggestionOutcome(BaseModel):
    id: str
    status: Literal["done", "snoozed", "dismissed"]
    until: Optional[Day] = None
    interaction_id: Optional[Id] = Field(default=None, description="What `done` logged.")


class LedgerRow(BaseModel):
    person_id: Id
    name: str
    given: int
    received: int


class NextStep(BaseModel):
    """What to do next with one person, as the companion decides it (the card on their page shows it)."""

    suggestions: list[Suggestion] = Field(description="Today's suggestions about them, best first.")
    task: Optional[Task] = Field(default=None, description="Their most pressing open task.")
    give_and_take: LedgerRow = Field(description="What you gave them and received from them this past year.")


class Reciprocity(BaseModel):
    given: int
    received: int
    people: list[LedgerRow] = Field(description="Most received-over-given first: where to give back.")


class CountedValue(BaseModel):
    value: str
    count: int


class Spread(BaseModel):
    distinct: int
    known: int
    unknown: int
    top: list[CountedValue]
    largest_share: float = Field(description="The largest group's share of the known values (0-1).")


class Diversity(BaseModel):
    people: int
    organizations: Spread
    locations: Spread
    how_met: Spread


class WeekCount(BaseModel):
    week_start: Day
    interactions: int


class Rhythm(BaseModel):
    weekly_goal: int
    weeks: list[WeekCount]


class Insights(BaseModel):
    reciprocity: Reciprocity
    diversity: Diversity
    rhythm: Rhythm


class MeFields(_Input):
    """The user: their own goals and interests rank people who share them higher ("find your tribe")."""

    goals: Labels = []
    interests: Labels = []
    offers: Labels = Field(default=[], description="What the user can give: skills, introductions, advice.")
    weekly_goal: Whole(0, 1000) = Field(default=5, description="Touches a week.")
    daily_cap: Whole(1, 50) = Field(default=5, description="Suggestions a day.")
    default_cadence_days: Whole(1, 3650) = 90
    tag_cadence: dict[Label, Whole(1, 3650)] = Field(
        default={}, description="Keep-in-touch interval by tag, for people without their own.")
    celebrate_lead_days: Whole(0, 30) = Field(
        default=3, description="How many days ahead a birthday or another yearly date is suggested.")
    phone_region: Optional[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]] = Field(
        default=None, description="The user's country (ISO 3166 code, \"DE\"): phone numbers without a country "
                                  "code are read as this country's and kept in E.164.")


# ---- imports, exports and the calendar -----------------------------------------------------------

ImportFormat = Literal["linkedin", "vcard", "csv", "json"]
ImportOutcome = Literal["created", "updated", "skipped"]
RowProblemCode = Literal["no_name", "unterminated_card", "unterminated_last_card", "unreadable_csv", "invalid_values",
                         "invalid_values_left_out", "conflict", "validation_error"]


class FileText(_Input):
    """A file's text and, for a CSV, how to read its columns."""

    content: Annotated[str, StringConstraints(min_length=1)] = Field(description="The file's text (UTF-8).")
    mapping: Optional[dict[Annotated[str, StringConstraints(max_length=200)], str]] = Field(
        default=None, description="CSV only: column header -> Person field (or \"\" to ignore the column); "
                                  "unmapped headers are guessed from their names.")
    delimiter: Optional[Literal[",", ";", "\t"]] = Field(default=None, description="CSV only; sniffed when omitted.")


class ImportRequest(FileText):
    """A file's text and how to read it."""

    format: ImportFormat
    dry_run: StrictBool = Field(default=False, description="Report what would happen; change nothing.")


class CsvColumn(BaseModel):
    header: str
    field: Optional[str] = Field(description="The Person field the column fills; null: the column is left out.")


class CsvColumns(BaseModel):
    columns: list[CsvColumn] = Field(description="The file's columns in order, each with the field it fills.")
    fields: list[str] = Field(description="Every field a column can fill (first_name and last_name make the name).")


class RowProblem(BaseModel):
    line: int = Field(description="The line of the file the row or card starts on.")
    code: RowProblemCode = Field(description="What went wrong, stable: a client words it in its reader's language.")
    message: str = Field(description="The same in English, with the details a log needs.")
    fields: dict[str, str] = Field(default={}, description="The offending fields or columns, each with what is wrong.")
    subject: Optional[str] = Field(default=None, description="What identifies a row that has no name: a card's email.")


class RowOutcome(BaseModel):
    line: int
    outcome: ImportOutcome
    name: str
    person_id: Optional[Id] = Field(default=None, description="Absent for a person a dry run would create.")
    possible_duplicates: list[Id] = Field(default=[], description="Saved people with this name and a signal "
                                          "that agrees: kept apart, for the user to review (never merged on a name).")


class ImportReport(BaseModel):
    format: ImportFormat
    dry_run: bool
    created: int
    updated: int
    skipped: int = Field(description="Already known, nothing new.")
    failed: int = Field(description="Rows not imported; each is in `errors`.")
    errors: list[RowProblem] = Field(description="Rows not imported, with why.")
    warnings: list[RowProblem] = Field(description="Values left out of rows that were imported (an invalid email…).")
    rows: list[RowOutcome] = Field(description="What happened to each row (the first 200).")


class CalendarLink(BaseModel):
    url: Optional[str] = Field(description="A read-only feed of due tasks and keep-in-touch dates, for a calendar "
                               "app; only when the address is made (Tend keeps just its hash), else null.")
    created_at: Optional[Timestamp] = Field(default=None, description="When the current address was made.")


# ---- pairing and tokens ----------------------------------------------------------------------------

class PairingRequest(_Input):
    code: PairingCodeText
    name: ClientName = "extension"


class TokenRequest(_Input):
    name: ClientName = "cli"


class IssuedToken(BaseModel):
    """Shown once: the companion keeps only a hash of `token`."""

    token: str
    token_id: Id
    name: str
    api: int
    version: str


class PairingCode(BaseModel):
    code: str
    expires_at: Timestamp


class SyncLogEntry(BaseModel):
    at: Timestamp
    kind: Literal["came_back", "kept_both", "joined"] = Field(
        description="came_back: an edit here or there beat a delete; kept_both: a note edited on two machines "
                    "keeps both texts; joined: one person found on two machines (the same link, address or "
                    "number) is one again")
    table: str
    id: Optional[Id] = Field(default=None, description="The local document (a person, an interaction).")
    person_id: Optional[Id] = Field(default=None, description="The person it is about, when there is one.")
    person_name: Optional[str] = None


# Why sync cannot go on, as a stable word (companion.sync.couch.SyncError.reason): the extension says each
# in the reader's language.
SyncReason = Literal["failed", "unreachable", "refused", "bad_address", "certificate", "not_couchdb", "unauthorized",
                     "forbidden", "gone", "server_error", "document_refused", "needs_passphrase", "not_encrypted",
                     "wrong_passphrase", "config_unreadable"]


class SyncStatus(BaseModel):
    configured: bool
    state: Literal["off", "starting", "syncing", "synced", "offline", "refused"]
    where: Optional[str] = Field(default=None, description="The server and database (never the password).")
    last_synced_at: Optional[Timestamp] = None
    waiting: int = Field(default=0, description="Changes made here that the server has not seen yet.")
    message: Optional[str] = Field(default=None, description="Why sync is offline or refused, and what to do.")
    reason: Optional[SyncReason] = Field(default=None, description="The same as a stable word, for the reader's "
                                                                   "language.")
    log: list[SyncLogEntry] = []


class Health(BaseModel):
    name: Literal["tend"] = "tend"
    version: str
    api: int


class BackupResult(BaseModel):
    path: str


class CaseRequest(BaseModel):
    """Keep the page Tend read a person from as a test case, with the person's fields as they are now."""

    model_config = ConfigDict(extra="forbid")
    capture_id: Optional[Id] = Field(default=None, description="Which of their pages; their latest if not given.")


class KeptCase(BaseModel):
    slug: str
    path: str = Field(description="The case's folder in the data directory.")
    wrong_fields: list[str] = Field(description="The fields today's extractor reads otherwise than the person has.")


# ---- envelopes -------------------------------------------------------------------------------------

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(ge=0, description="How many match, across all pages.")


class PersonPage(Page[Person]):
    pass


class ProfileChangePage(Page[ProfileChange]):
    pass


class InteractionPage(Page[Interaction]):
    pass


class TaskPage(Page[Task]):
    pass


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable, machine-readable; the extension maps it to a message in the reader's "
                                  "language.")
    message: str
    fields: dict[str, str] = Field(default={}, description="Offending fields (dotted paths) and what is wrong.")
    details: Optional[dict[str, Any]] = Field(
        default=None, description="More for the next step. not_a_profile: `page` {kind, name} says what the page is "
                                  "(a code), `draft` what was read on it, for the user to confirm and save.")


class ErrorBody(BaseModel):
    error: ErrorDetail
