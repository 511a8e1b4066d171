"""The shape of a content pack, validated with pydantic; cross-references are checked in load."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, model_validator

from insights.text import describe_character, find_unstorable_character

# The vocabularies are shared by every pack so filters, facets and colours stay comparable
# across regions; labels are what a sales audience reads.
THEMES = MappingProxyType(
    {
        "talent": "talent & education",
        "industry": "industry presence",
        "culture": "culture & differentiation",
        "capital": "investment & capital",
        "stability": "regulation & stability",
        "partnerships": "partnerships",
        "demand": "market demand",
    }
)
STANCES = MappingProxyType(
    {
        "strength": "strength",
        "challenge": "challenge",
        "recommendation": "recommendation",
    }
)
SOURCE_KINDS = MappingProxyType(
    {
        "vendor_blog": "vendor blog",
        "news": "news report",
        "research": "research report",
        "government": "government publication",
    }
)

Theme = Literal["talent", "industry", "culture", "capital", "stability", "partnerships", "demand"]
Stance = Literal["strength", "challenge", "recommendation"]
SourceKind = Literal["vendor_blog", "news", "research", "government"]
FormKind = Literal["quote", "contact"]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]


def _storable(text: str) -> str:
    # Every export is XML underneath (PPTX, PDF): a character it cannot hold is refused here,
    # naming file and field, not when a rep downloads a deck.
    found = find_unstorable_character(text)
    if found is not None:
        raise ValueError(
            f"holds {describe_character(found[1])} at character {found[0] + 1}, which an "
            "exported deck cannot hold; remove it"
        )
    return text


Storable = AfterValidator(_storable)
Line = Annotated[str, Field(min_length=1, max_length=200), Storable]
Prose = Annotated[str, Field(min_length=1, max_length=1000), Storable]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Paragraph(_Strict):
    number: int = Field(ge=1)
    gist: Line
    # The article's own words, kept only in a draft so review can tell a copied claim from a
    # paraphrase; check_references refuses it in a published pack.
    text: Annotated[str, Field(min_length=1, max_length=20_000), Storable] | None = None


class Source(_Strict):
    publisher: Line
    former_name: Line | None = None
    title: Line
    published: dt.date
    url: HttpUrl
    kind: SourceKind
    bias: Prose
    paragraphs: list[Paragraph] = Field(min_length=1)


class Region(_Strict):
    id: Slug
    name: Line


class Place(_Strict):
    id: Slug
    name: Line
    kind: Literal["city", "metro", "country", "region"]
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    role: Literal["focus", "comparison"] = "focus"


class Proposal(_Strict):
    """Why the ingest proposed a claim's theme and stance: the lexicon words that decided them."""

    theme_words: list[Line] = []
    stance_words: list[Line] = []


class Claim(_Strict):
    id: Slug
    text: Prose
    theme: Theme
    place: Slug
    stance: Stance
    paragraph: int = Field(ge=1)
    as_of: dt.date | None = None
    headline: bool = False
    proposal: Proposal | None = None


class Company(_Strict):
    name: Line
    place: Slug
    claim: Slug


class University(_Strict):
    sector: Literal["public", "private"]
    count: int | None = Field(default=None, ge=1)
    qualifier: Line | None = None
    place: Slug
    claim: Slug

    @model_validator(mode="after")
    def _count_or_qualifier(self) -> University:
        # A source may say "several" without a number; we keep its word rather than guess.
        if self.count is None and self.qualifier is None:
            raise ValueError("give a count or, where the source gives none, its qualifier")
        return self


class Response(_Strict):
    challenge: Slug
    remedy: Slug


class Action(_Strict):
    id: Slug
    label: Line
    target: HttpUrl
    paragraph: int = Field(ge=1)
    # When set, the action opens the in-app request form of that kind instead of the link.
    form: FormKind | None = None


class CallToAction(_Strict):
    prompt: Prose
    paragraph: int = Field(ge=1)
    actions: list[Action] = Field(min_length=1)


class Pack(_Strict):
    id: Slug
    # A draft (an ingested article not yet reviewed) is hidden unless a rep asks for drafts.
    status: Literal["published", "draft"] = "published"
    region: Region
    source: Source
    places: list[Place] = Field(min_length=1)
    claims: list[Claim] = Field(min_length=1)
    companies: list[Company] = []
    universities: list[University] = []
    responses: list[Response] = []
    call_to_action: CallToAction | None = None
