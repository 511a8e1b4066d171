"""The shape of a content pack, validated with pydantic; cross-references are checked in load."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, model_validator

from insights.content import citation
from insights.content.text import describe_character, find_unstorable_character

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
        "infrastructure": "infrastructure & resources",
    }
)
STANCES = MappingProxyType(
    {
        "strength": "strength",
        "challenge": "challenge",
        "recommendation": "recommendation",
        # Background a rep may tell but neither pitches nor answers: the comparison city's
        # story, the publisher's own investment, trivia. Not counted as strength or challenge.
        "context": "context",
    }
)
SOURCE_KINDS = MappingProxyType(
    {
        "vendor_blog": "vendor blog",
        "news": "news report",
        "research": "research report",
        "government": "government publication",
        "promotion": "industry promotion site",
    }
)

Theme = Literal[
    "talent",
    "industry",
    "culture",
    "capital",
    "stability",
    "partnerships",
    "demand",
    "infrastructure",
]
Stance = Literal["strength", "challenge", "recommendation", "context"]
SourceKind = Literal["vendor_blog", "news", "research", "government", "promotion"]
Language = Literal["en", "es"]
LANGUAGES = MappingProxyType({"en": "English", "es": "Spanish"})
# What a figure counts in; money also names its currency, any unit may name a scale.
UNITS = MappingProxyType(
    {
        "count": "count",
        "percent": "percent",
        "money": "money",
        "rank": "rank",
        "km": "kilometres",
    }
)
Unit = Literal["count", "percent", "money", "rank", "km"]
SCALES = MappingProxyType({"thousand": 1e3, "million": 1e6, "billion": 1e9})
Scale = Literal["thousand", "million", "billion"]
# The area a figure counts within, as the source draws it; "not stated" when it draws none.
BOUNDARIES = MappingProxyType(
    {
        "municipality": "municipality",
        "metro area": "metropolitan area",
        "state": "state",
        "country": "country",
        "not stated": "boundary not stated",
    }
)
Boundary = Literal["municipality", "metro area", "state", "country", "not stated"]
# How one claim bears on a claim of another source.
LINK_KINDS = MappingProxyType(
    {
        "corroborates": "corroborates",
        "updates": "updates",
        "contradicts": "contradicts",
    }
)
LinkKind = Literal["corroborates", "updates", "contradicts"]
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
    author: Line | None = None
    title: Line
    # A day where the source states one; "not stated" where it states none (never guessed).
    published: dt.date | Literal["not stated"] | None = None
    # The year alone, where the source gives no month.
    published_year: int | None = Field(default=None, ge=1900, le=2100)
    # The year the source's figures refer to, where the text gives one.
    figures_year: int | None = Field(default=None, ge=1900, le=2100)
    language: Language = "en"
    url: HttpUrl
    kind: SourceKind
    bias: Prose
    paragraphs: list[Paragraph] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_date(self) -> Source:
        # Exactly one way of dating, so a missing date is always said, never left implicit.
        if (self.published is None) == (self.published_year is None):
            raise ValueError(
                "give published (a date, or 'not stated') or published_year, not both or neither"
            )
        return self

    @property
    def dating(self) -> citation.Dating:
        """Return the source's date as far as it states one."""
        if isinstance(self.published, dt.date):
            return self.published
        return citation.PartialDate(self.published_year, self.figures_year)


class Region(_Strict):
    id: Slug
    name: Line


class Place(_Strict):
    id: Slug
    name: Line
    kind: Literal["city", "metro", "state", "country", "region"]
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    role: Literal["focus", "comparison"] = "focus"
    # The place this one lies in (Guadalajara in Jalisco, Jalisco in Mexico), one of the same
    # pack's places: what is said of the wider place applies here too. Optional.
    within: Slug | None = None


class Proposal(_Strict):
    """Why the ingest proposed a claim's theme and stance: the lexicon words that decided them."""

    theme_words: list[Line] = []
    stance_words: list[Line] = []
    # Characters taken out of the article's sentence (controls, bidi, zero-width), as U+XXXX.
    stripped: list[Line] = []


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
    # Further places the claim names; `place` stays the one it is chiefly about.
    other_places: list[Slug] = []


class Company(_Strict):
    # The name as the source writes it ("Hewlett Packard").
    name: Line
    place: Slug
    claim: Slug
    # The name the company is listed and counted under when sources name it differently
    # ("HP"): one company, however many names.
    known_as: Line | None = None


class University(_Strict):
    # A university the source names may come with no sector; one it counts always has one.
    sector: Literal["public", "private"] | None = None
    count: int | None = Field(default=None, ge=1)
    qualifier: Line | None = None
    name: Line | None = None
    place: Slug
    claim: Slug

    @model_validator(mode="after")
    def _count_or_qualifier(self) -> University:
        # A source may say "several" without a number; we keep its word rather than guess.
        if self.name is None and (self.count is None and self.qualifier is None):
            raise ValueError("give a count or, where the source gives none, its qualifier")
        if self.name is None and self.sector is None:
            raise ValueError("a university counted, not named, needs its sector")
        return self


class Figure(_Strict):
    """A number a source states, typed so the same measure compares across places and dates."""

    id: Slug
    # One id per thing measured across every pack ("tech-specialists"), and what it reads as.
    measure: Slug
    measure_label: Line
    # A fall is negative (-53 for "fell 53%"), and only a percent change may be.
    value: float
    unit: Unit
    currency: Annotated[str, Field(min_length=1, max_length=8)] | None = None
    scale: Scale | None = None
    # The source's own hedge ("more than", "about"), kept beside the number.
    qualifier: Line | None = None
    place: Slug
    # Where the figure counts: a population of the municipality is not one of the metro area.
    boundary: Boundary | None = None
    # The year or span the figure refers to as the source states it ("2023", "first half of
    # 2023", "last five years"); left out when the source states none.
    period: Line | None = None
    as_of: dt.date | None = None
    claim: Slug
    paragraph: int = Field(ge=1)

    @model_validator(mode="after")
    def _money_has_currency(self) -> Figure:
        if (self.unit == "money") != (self.currency is not None):
            raise ValueError("money names its currency, and only money does")
        if self.value < 0 and self.unit != "percent":
            raise ValueError("only a percent change may be negative (a fall)")
        return self


class Link(_Strict):
    """One of this pack's claims bearing on a claim of another source."""

    claim: Slug
    target: Slug
    kind: LinkKind
    note: Line | None = None


class Response(_Strict):
    challenge: Slug
    remedy: Slug


class Action(_Strict):
    id: Slug
    label: Line
    # Where the source's button leads, only when the source states it (None: it does not).
    # Recorded as the source's, never linked as ours: outputs close with the seller's call.
    target: HttpUrl | None = None
    paragraph: int = Field(ge=1)
    # Which in-app form the source's button corresponds to: recorded, never shown as ours.
    form: FormKind | None = None


class CallToAction(_Strict):
    prompt: Prose
    paragraph: int = Field(ge=1)
    actions: list[Action] = Field(min_length=1)


class ProposedFigure(_Strict):
    """A number the ingest read from a sentence, tied to its claim; kept only in a draft.

    Draft-only shape: to be aligned with the evidence issue's Figure model at merge.
    """

    claim: Slug
    paragraph: int = Field(ge=1)
    measure: Line
    value: float
    unit: Literal["money", "count", "percent", "rank"]
    currency: Line | None = None
    scale: Line | None = None
    qualifier: Line | None = None
    place: Slug
    period: Line | None = None
    words: Line


class ProposedLink(_Strict):
    """An existing claim (any pack) a proposed claim probably bears on, and why."""

    claim: Slug
    target: Slug
    kind: Literal["corroborates", "updates", "contradicts"]
    reason: Line


class ProposedPerson(_Strict):
    """A person an article names, with the role it gives them; kept only in a draft."""

    name: Line
    role: Line | None = None
    claim: Slug


class Ingested(_Strict):
    """What the ingest read about the article and proposed beside its claims (drafts only)."""

    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    format: Literal["html", "markdown", "text"]
    author: Line | None = None
    site: Line | None = None
    notices: list[Prose] = []
    figures: list[ProposedFigure] = []
    links: list[ProposedLink] = []
    people: list[ProposedPerson] = []


class Team(_Strict):
    """The team's own metadata about a pack, not a fact of its source: who keeps it current,
    when it was last reviewed, and when it is due again (a date, or months after the review)."""

    owner: Line | None = None
    reviewed_on: dt.date | None = None
    review_by: dt.date | None = None
    review_every_months: int | None = Field(default=None, ge=1, le=60)


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
    figures: list[Figure] = []
    links: list[Link] = []
    call_to_action: CallToAction | None = None
    # Set by the ingest in a draft; a published pack keeps none of it.
    ingested: Ingested | None = None
    # Optional everywhere (drafts, synthetic packs); every claim of the pack inherits it.
    team: Team | None = None
