"""The seller's profile: who presents, and the call to action every output closes with."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, TypeVar

import pydantic
import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, HttpUrl

from insights.content import load
from insights.content.model import Line, Storable
from insights.errors import PackError

MAX_PROFILE_BYTES = 64 * 1024
MAX_LOGO_BYTES = 1024 * 1024
# What a logo may be, told by its first bytes (an SVG could carry script; it is refused).
LOGO_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
EXAMPLE_FILE = "seller.example.yaml"
NO_PROFILE_PROMPT = "Contact your account team"
NO_PROFILE_NOTICE = (
    "No seller profile is set, so outputs close with “Contact your account team”. "
    "Set INSIGHTS_SELLER_FILE to a YAML file like seller.example.yaml (your company, "
    "your name and contact details, a booking link) and restart the app."
)


def _https_only(url: HttpUrl) -> HttpUrl:
    if url.scheme != "https":
        raise ValueError("must be an https:// link")
    return url


def _one_line(text: str) -> str:
    if any(c in text for c in "\n\r\u2028\u2029"):
        raise ValueError("must be one line")
    return text


OneLine = Annotated[Line, AfterValidator(_one_line)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Phone = Annotated[OneLine, Field(max_length=40, pattern=r"^\+?[0-9 ().\-/]+$")]
Booking = Annotated[HttpUrl, AfterValidator(_https_only)]


class Rep(_Strict):
    """The person a prospect deals with: name, title and how to reach them."""

    name: OneLine
    title: OneLine | None = None
    email: EmailStr | None = None
    phone: Phone | None = None


class PersonDetails(_Strict):
    """What a signed-in person adds to their name and e-mail: title, phone, booking link."""

    title: OneLine | None = None
    phone: Phone | None = None
    booking_url: Booking | None = None


class Seller(_Strict):
    """The seller's company, its logo, the rep and the call to action, as the file gives them."""

    company: OneLine
    logo: OneLine | None = None
    rep: Rep | None = None
    booking_url: Booking | None = None
    call_to_action: Annotated[str, Field(min_length=1, max_length=200), Storable] | None = None


S = TypeVar("S", bound=_Strict)


class Profile(BaseModel):
    """A validated profile with its logo read: what outputs need, nothing more to check."""

    model_config = ConfigDict(frozen=True)

    seller: Seller
    logo: bytes | None = None
    logo_type: str | None = None

    @property
    def prompt(self) -> str:
        """Return the call to action in the seller's words, else one naming the company."""
        return self.seller.call_to_action or f"Talk to {self.seller.company}"

    @property
    def contact_lines(self) -> tuple[str, ...]:
        """Return the rep's name and title, then how to reach them, one line each."""
        rep = self.seller.rep
        if rep is None:
            return ()
        first = f"{rep.name}, {rep.title}" if rep.title else rep.name
        return (first, *(v for v in (rep.email, rep.phone) if v))


def speak_as(
    profile: Profile, name: str, email: str, details: PersonDetails | None = None
) -> Profile:
    """Return the profile with the signed-in person as its rep, with their own details.

    On a team server the company and logo are the team's, the person their own: the file's
    rep and booking link belong to someone else, so neither is kept.
    """
    own = details or PersonDetails()
    rep = Rep(name=name, email=email or None, title=own.title, phone=own.phone)
    seller = profile.seller.model_copy(update={"rep": rep, "booking_url": own.booking_url})
    return profile.model_copy(update={"seller": seller})


def check_fields(model: type[S], raw: dict[str, object], where: str) -> S:
    """Validate fields typed in the app (blank ones left out); PackError names the field."""
    given = {k: v for k, v in raw.items() if not (isinstance(v, str) and not v.strip())}
    try:
        return model.model_validate(given)
    except pydantic.ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        field = load.format_location(err["loc"])
        raise PackError(where, field, load.describe_validation_error(err)) from None


def read_stored(model: type[S], text: str | None) -> S | None:
    """Return settings stored as JSON by check_fields, None when unset or unreadable."""
    if not text:
        return None
    try:
        return model.model_validate_json(text)
    except pydantic.ValidationError:
        return None


def with_company(profile: Profile | None, company: Seller | None) -> Profile | None:
    """Return the profile with the company details an admin stored (the file's logo kept)."""
    if company is None:
        return profile
    logo = profile.logo if profile else None
    kind = profile.logo_type if profile else None
    return Profile(seller=company, logo=logo, logo_type=kind)


def _read_logo(path: Path, file: str) -> tuple[bytes, str]:
    if path.suffix.lower() not in LOGO_SUFFIXES:
        raise PackError(file, "logo", "must be a PNG or JPEG file (.png, .jpg, .jpeg)")
    try:
        size = path.stat().st_size
    except OSError:
        raise PackError(file, "logo", f"no file {path.name} beside the profile") from None
    if size > MAX_LOGO_BYTES:
        raise PackError(file, "logo", f"{path.name} is {size:,} bytes; at most 1 MB")
    data = path.read_bytes()
    kind = next((k for sig, k in LOGO_SIGNATURES.items() if data.startswith(sig)), None)
    if kind is None:
        raise PackError(file, "logo", f"{path.name} is not a PNG or JPEG image")
    return data, kind


def read_profile(path: Path) -> Profile:
    """Read and check a seller profile; raise PackError naming the file and field."""
    file = path.name
    try:
        size = path.stat().st_size
    except OSError:
        raise PackError(file, "", "no such file") from None
    if size > MAX_PROFILE_BYTES:
        raise PackError(file, "", f"is {size:,} bytes; a profile is at most 64 KB")
    try:
        raw = load.parse_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PackError(file, "", "not valid YAML (UTF-8 text expected)") from exc
    if not isinstance(raw, dict):
        raise PackError(file, "", "expected a mapping of fields at the top level")
    try:
        seller = Seller.model_validate(raw)
    except pydantic.ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = load.format_location(err["loc"])
        raise PackError(file, where, load.describe_validation_error(err)) from None
    if seller.logo is None:
        return Profile(seller=seller)
    logo, kind = _read_logo(path.parent / seller.logo, file)
    return Profile(seller=seller, logo=logo, logo_type=kind)


def find_profile(path: Path | None) -> tuple[Profile | None, PackError | None]:
    """Return the profile a setting names (None when unset), or the problem reading it."""
    if path is None:
        return None, None
    try:
        return read_profile(path), None
    except PackError as exc:
        return None, exc
