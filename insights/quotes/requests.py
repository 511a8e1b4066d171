"""A prospect's request for a quote or a conversation, validated before anything is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import pandas as pd
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from insights.content.model import THEMES, FormKind, Slug, Theme
from insights.content.text import count_noun, find_hidden_character
from insights.pitch import plan

# Every field has a ceiling so nothing a prospect sends can grow the database without bound;
# over-long input is refused with a message, never cut short behind the prospect's back.
LIMITS = {
    "name": 100,
    "company": 150,
    "email": 254,  # the longest address SMTP can carry (RFC 5321 path limit)
    "phone": 40,
    "message": 5000,
}
MAX_CHOICES = 20
LABELS = {
    "kind": "Form",
    "name": "Name",
    "company": "Company",
    "email": "Work email",
    "phone": "Phone",
    "places": "Places of interest",
    "themes": "Themes of interest",
    "message": "Message",
    "consent": "Consent",
}
_PHONE = re.compile(r"\+?[0-9 ().\-/]+")
MIN_PHONE_DIGITS = 5


def _clean_text(limit: int, multiline: bool) -> BeforeValidator:
    def check(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        # Length first: a megabyte of text is refused before it is scanned character by character.
        if len(value) > limit:
            raise PydanticCustomError(
                "text_too_long", f"Use at most {limit:,} characters (this has {len(value):,})."
            )
        if multiline:
            # A browser sends CRLF for a line break in a text area; keep one form of it.
            value = value.replace("\r\n", "\n")
        bad = find_hidden_character(value, "\n\t" if multiline else "")
        if bad is not None:
            kind = (
                "a line break" if bad in "\r\n\u2028\u2029" else "an invisible or control character"
            )
            where = "plain text" if multiline else "plain text on one line"
            raise PydanticCustomError(
                "bad_character", f"Contains {kind} (U+{ord(bad):04X}); type it as {where}."
            )
        return value.strip()

    return BeforeValidator(check)


# Spelled out per field (not built by a function) so a type checker sees each as a str type.
Name = Annotated[
    str, _clean_text(LIMITS["name"], False), Field(min_length=1, max_length=LIMITS["name"])
]
Company = Annotated[
    str, _clean_text(LIMITS["company"], False), Field(min_length=1, max_length=LIMITS["company"])
]
Phone = Annotated[str, _clean_text(LIMITS["phone"], False), Field(max_length=LIMITS["phone"])]
Message = Annotated[str, _clean_text(LIMITS["message"], True), Field(max_length=LIMITS["message"])]
# Checked for characters and length before email-validator parses it (no DNS lookup is made).
Email = Annotated[EmailStr, _clean_text(LIMITS["email"], multiline=False)]


class QuoteRequest(BaseModel):
    """What a prospect asks for, checked field by field; only a valid request is stored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: FormKind = "quote"
    name: Name
    company: Company
    email: Email
    phone: Phone = ""
    places: list[Slug] = Field(default=[], max_length=MAX_CHOICES)
    themes: list[Theme] = Field(default=[], max_length=MAX_CHOICES)
    message: Message = ""
    consent: bool

    @field_validator("phone")
    @classmethod
    def _phone_digits(cls, value: str) -> str:
        digits = sum(ch.isdigit() for ch in value)
        if value and (not _PHONE.fullmatch(value) or digits < MIN_PHONE_DIGITS):
            raise PydanticCustomError(
                "phone",
                f"Use digits, spaces and + ( ) - . / only, at least {MIN_PHONE_DIGITS} digits.",
            )
        return value

    @field_validator("places", "themes")
    @classmethod
    def _once_each(cls, values: list[str], info: ValidationInfo) -> list[str]:
        # Only what the form offers (the catalog's places, the themes): a script posting a
        # place the form never showed ("atlantis") is refused, and the value is not repeated.
        offered = (info.context or {}).get(str(info.field_name))
        if offered is not None and any(value not in offered for value in values):
            noun = "place" if info.field_name == "places" else "theme"
            raise PydanticCustomError("not_offered", f"Holds a {noun} this form does not offer.")
        return list(dict.fromkeys(values))

    @field_validator("consent")
    @classmethod
    def _consent_given(cls, value: bool) -> bool:
        if not value:
            raise PydanticCustomError("consent", "Tick the box so we may contact you about this.")
        return value


def fingerprint(request: QuoteRequest) -> str:
    """Return a short digest of a request's content: equal requests give equal digests."""
    return hashlib.sha256(request.model_dump_json().encode("utf-8")).hexdigest()[:16]


def describe_error(error: Mapping[str, Any]) -> str:
    """Turn one pydantic error about a form field into a sentence for the person typing."""
    kind = error["type"]
    blank = isinstance(error.get("input"), str) and not error["input"].strip()
    if kind in {"missing", "too_short", "string_too_short"} or (kind == "value_error" and blank):
        return "Required." if not error.get("input") else "Required (only spaces were typed)."
    if kind == "too_long":
        return f"Choose at most {error['ctx']['max_length']}."
    if kind == "value_error" and "email" in str(error["msg"]):
        # email-validator's own reason ("An email address must have an @-sign.") says why.
        reason = str(error.get("ctx", {}).get("reason", "")).strip()
        return f"Not a valid email address. {reason}".strip()
    if kind in {"text_too_long", "bad_character", "phone", "consent", "not_offered"}:
        return str(error["msg"])
    if kind == "string_too_long":
        return f"Use at most {error['ctx']['max_length']:,} characters."
    if kind in {"literal_error", "string_pattern_mismatch", "list_type", "string_type"}:
        return "Holds a value this form does not offer."
    return str(error["msg"]).removeprefix("Value error, ")


def describe_errors(exc: ValidationError) -> dict[str, str]:
    """Return one sentence per bad field ({"name": "Required."}), the first problem only."""
    messages: dict[str, str] = {}
    for error in exc.errors(include_url=False):
        field = str(error["loc"][0]) if error["loc"] else "form"
        messages.setdefault(field, describe_error(error))
    return messages


def validate_request(
    raw: Mapping[str, Any],
    places: Collection[str] | None = None,
    themes: Collection[str] = tuple(THEMES),
) -> tuple[QuoteRequest | None, dict[str, str]]:
    """Validate what a form holds against what it offers; return the request, or field errors.

    places are the place ids the form offers (the catalog's); None accepts any well-formed id.
    """
    offered = {"themes": frozenset(themes)}
    if places is not None:
        offered["places"] = frozenset(places)
    try:
        return QuoteRequest.model_validate(dict(raw), context=offered), {}
    except ValidationError as exc:
        return None, describe_errors(exc)


@dataclass(frozen=True)
class StoredRequest:
    """A request as the store holds it, with its reference and when it arrived (UTC)."""

    reference: str
    received_at: dt.datetime
    kind: str
    name: str
    company: str
    email: str
    phone: str
    places: tuple[str, ...]
    themes: tuple[str, ...]
    message: str
    # The team's side (revision 0006): status, owner ("" for nobody), when first changed
    # (None: untouched), how many other requests name the same company, the pitch it came from.
    status: str = "new"
    owner: str = ""
    touched_at: dt.datetime | None = None
    same_company: int = 0
    pitch_items: tuple[str, ...] = ()
    saved_pitch_id: str | None = None


REQUEST_COLUMNS = {
    "reference": "Reference",
    "received_at": "Received (UTC)",
    "kind": "Form",
    "name": "Name",
    "company": "Company",
    "email": "Work email",
    "phone": "Phone",
    "places": "Places",
    "themes": "Themes",
    "message": "Message",
    "status": "Status",
    "owner": "Owner",
    "same_company": "Same company",
    "pitch": "Pitch",
}
FORM_TITLES = {"quote": "quote", "contact": "talk to an expert"}


def make_requests_table(
    requests: Sequence[StoredRequest], place_names: Mapping[str, str]
) -> pd.DataFrame:
    """Return stored requests as the admin view shows and exports them: readable columns."""
    rows = [
        {
            "reference": r.reference,
            "received_at": r.received_at.strftime("%Y-%m-%d %H:%M"),
            "kind": FORM_TITLES.get(r.kind, r.kind),
            "name": r.name,
            "company": r.company,
            "email": r.email,
            "phone": r.phone,
            "places": ", ".join(place_names.get(p, p) for p in r.places),
            "themes": ", ".join(THEMES.get(t, t) for t in r.themes),
            "message": r.message,
            "status": r.status,
            "owner": r.owner,
            "same_company": (count_noun(r.same_company, "other request") if r.same_company else ""),
            "pitch": describe_origin(r.pitch_items, r.saved_pitch_id),
        }
        for r in requests
    ]
    return pd.DataFrame(rows, columns=list(REQUEST_COLUMNS)).rename(columns=REQUEST_COLUMNS)


def day_window(
    since: dt.date | None, until: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Return the UTC instants bounding whole days since..until (both inclusive, either open)."""
    start = dt.datetime.combine(since, dt.time.min, dt.UTC) if since else None
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, dt.UTC) if until else None
    return start, end


def describe_request(
    request: StoredRequest, place_names: Mapping[str, str]
) -> list[tuple[str, str]]:
    """Return (label, value) pairs for showing one request in full, values as typed."""
    row = make_requests_table([request], place_names).iloc[0]
    return [(label, str(row[label]) or "—") for label in REQUEST_COLUMNS.values()]


# A saved pitch's id as a link carries it (the pitch library's `saved=`): the request records
# it as given, whether or not this app still has that pitch.
SAVED_PITCH_PARAM = plan.SAVED_PARAM
_SAVED_PITCH_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Origin:
    """The pitch a request was made from: the items its link carried, a saved pitch's id."""

    pitch_items: tuple[str, ...] = ()
    saved_pitch_id: str | None = None

    @property
    def empty(self) -> bool:
        """Tell whether the request came from no pitch at all."""
        return not self.pitch_items and self.saved_pitch_id is None


def make_origin(pitch_items: Sequence[str], saved_pitch_id: str | None) -> Origin:
    """Return the origin to store: the items as given, a saved id only if it is well formed."""
    kept = saved_pitch_id if saved_pitch_id and _SAVED_PITCH_ID.fullmatch(saved_pitch_id) else None
    return Origin(tuple(pitch_items), kept)


def company_key(company: str) -> str:
    """Return the form of a company name two requests share when it is the same company."""
    # "ACME, Inc." and "acme inc" are one company; legal forms are kept (not guessed away).
    return _NOT_WORD.sub(" ", company.casefold()).strip()[:150]


def describe_origin(pitch_items: Sequence[str], saved_pitch_id: str | None) -> str:
    """Return the pitch a request came from as one line ("" when none)."""
    parts = ([f"saved pitch {saved_pitch_id}"] if saved_pitch_id else []) + (
        [f"items {', '.join(pitch_items)}"] if pitch_items else []
    )
    return "; ".join(parts)
