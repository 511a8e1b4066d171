"""Who is using the app: named accounts with roles, argon2 passwords, and signed session cookies.

A server with at least one account (disabled ones count) is a team server, whose people sign in;
with none, as on a rep's laptop, nobody signs in and the person is the seller profile's rep by
name, or "this machine" without one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import argon2
import itsdangerous
import sqlalchemy as sa
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError
from sqlalchemy.engine import Engine

from insights.errors import PackError
from insights.quotes import access, store
from insights.quotes.requests import Email, Name, describe_errors
from insights.quotes.schema import APP_SETTINGS, PEOPLE

SESSION_COOKIE = "insights_session"
SESSION_HOURS = 12
SESSION_MAX_AGE_S = SESSION_HOURS * 3600
_SESSION_KEY_SETTING = "session_key"
_SESSION_SALT = "insights.sign-in"
PASSWORD_MIN = 12
PASSWORD_MAX = 1024
THIS_MACHINE_NAME = "this machine"
LABELS = {"name": "Name", "email": "Email", "role": "Role", "password": "Password"}
# argon2id with the library's defaults (RFC 9106's second recommended profile, 64 MiB).
_HASHER = argon2.PasswordHasher()


class Role(enum.StrEnum):
    """What a named account may do: a rep browses and pitches, an admin also runs the server."""

    REP = "rep"
    ADMIN = "admin"


@dataclass(frozen=True)
class Person:
    """The person using the app now; later writes record them (``created_by``, ``changed_by``)."""

    name: str
    email: str = ""
    role: Role | None = None
    account_id: int | None = None
    # The one person of a laptop with no accounts, whatever name they are recorded by.
    on_laptop: bool = False

    @property
    def signed_in(self) -> bool:
        """Tell whether this is a named account that signed in."""
        return self.account_id is not None

    @property
    def is_admin(self) -> bool:
        """Tell whether this person may use the admin features."""
        return self.role is Role.ADMIN

    @property
    def label(self) -> str:
        """Return how the person is recorded and shown: "Ana Ruiz <ana@example.com>"."""
        return f"{self.name} <{self.email}>" if self.email else self.name


def make_laptop_person(rep_name: str | None) -> Person:
    """Return a laptop's person: the seller profile's rep by name, else "this machine"."""
    return Person(rep_name or THIS_MACHINE_NAME, role=Role.REP, on_laptop=True)


# A laptop with no accounts and no rep in a seller profile.
THIS_MACHINE = make_laptop_person(None)
# A team server's visitor who has not signed in (a prospect, or a rep before signing in).
NOBODY = Person("")


@dataclass(frozen=True)
class Account:
    """A named account as the store holds it (never its password)."""

    id: int
    name: str
    email: str
    role: Role
    disabled: bool
    created_at: dt.datetime

    def person(self) -> Person:
        """Return the person this account signs in as."""
        return Person(self.name, self.email, self.role, self.id)


def _password_check(value: Any, minimum: int) -> Any:
    """Refuse a password that is too long (checked first), holds controls or is too short."""
    if not isinstance(value, str):
        return value
    if len(value) > PASSWORD_MAX:
        raise PydanticCustomError(
            "text_too_long", f"Use at most {PASSWORD_MAX:,} characters (this has {len(value):,})."
        )
    bad = next((ch for ch in value if ord(ch) < 32 or ord(ch) == 127), None)
    if bad is not None:
        raise PydanticCustomError(
            "bad_character",
            f"Contains a control character (U+{ord(bad):04X}); use printable characters only.",
        )
    if len(value) < minimum:
        if minimum == 1:
            raise PydanticCustomError("missing", "Required.")
        raise PydanticCustomError("password_short", f"Use at least {minimum} characters.")
    return value


# A new password has a minimum length; one typed to sign in is only checked for its form.
Password = Annotated[str, BeforeValidator(lambda value: _password_check(value, PASSWORD_MIN))]
TypedPassword = Annotated[str, BeforeValidator(lambda value: _password_check(value, 1))]


class NewAccount(BaseModel):
    """An account an admin asks for, checked field by field before anything is stored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    email: Email
    role: Role
    password: Password


class SignIn(BaseModel):
    """What a sign-in form sends, checked before any password is."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    email: Email
    password: TypedPassword


def _describe(exc: ValidationError) -> dict[str, str]:
    """Return one sentence per bad field, the role's message worded for a choice."""
    messages = describe_errors(exc)
    if "role" in messages:
        messages["role"] = "Choose rep or admin."
    return messages


def validate_account(raw: Mapping[str, Any]) -> tuple[NewAccount | None, dict[str, str]]:
    """Validate a new account's fields; return it, or None and a message per bad field."""
    try:
        return NewAccount.model_validate(dict(raw)), {}
    except ValidationError as exc:
        return None, _describe(exc)


def validate_sign_in(raw: Mapping[str, Any]) -> tuple[SignIn | None, dict[str, str]]:
    """Validate a sign-in form's fields; return them, or None and a message per bad field."""
    try:
        return SignIn.model_validate(dict(raw)), {}
    except ValidationError as exc:
        return None, _describe(exc)


def first_problem(errors: Mapping[str, str], form: str) -> PackError:
    """Return the first field's problem as the package's one exception, naming form and field."""
    field, message = next(iter(errors.items()))
    return PackError(form, LABELS.get(field, field), message)


@functools.cache
def _dummy_hash() -> str:
    """Return a hash checked when no account has the e-mail given.

    A wrong address then costs what a wrong password costs, so the time taken does not tell
    which addresses have accounts.
    """
    return _HASHER.hash(secrets.token_urlsafe(24))


def hash_password(password: str) -> str:
    """Return argon2id's encoded hash of a password (salted; the password is not in it)."""
    return _HASHER.hash(password)


def verify_password(encoded: str, password: str) -> bool:
    """Tell whether the password matches an encoded hash, in argon2's own constant time."""
    try:
        return _HASHER.verify(encoded, password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return False


def _naive(moment: dt.datetime) -> dt.datetime:
    """Return an aware time as naive UTC, as the store keeps every time."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _account(row: Any) -> Account:
    """Return the account a people row holds."""
    return Account(
        id=int(row.id),
        name=row.name,
        email=row.email,
        role=Role(row.role),
        disabled=bool(row.disabled),
        created_at=row.created_at.replace(tzinfo=dt.UTC),
    )


def add_account(engine: Engine, new: NewAccount, now: dt.datetime) -> Account:
    """Store a new account (its password hashed) and return it; an e-mail in use is refused."""
    email = new.email.lower()
    row = {
        "name": new.name,
        "email": email,
        "role": new.role.value,
        "password_hash": hash_password(new.password),
        "disabled": False,
        "created_at": _naive(now),
    }

    def insert() -> Account:
        with engine.begin() as conn:
            conn.execute(sa.insert(PEOPLE), row)
            return _account(conn.execute(sa.select(PEOPLE).where(PEOPLE.c.email == email)).one())

    try:
        return store.guarded(insert)
    except sa.exc.IntegrityError:
        raise PackError("account", "Email", "An account with this email exists already.") from None


def list_accounts(engine: Engine) -> list[Account]:
    """Return every account, oldest first."""

    def read() -> list[Account]:
        with engine.begin() as conn:
            rows = conn.execute(sa.select(PEOPLE).order_by(PEOPLE.c.id)).all()
        return [_account(row) for row in rows]

    return store.guarded(read)


def find_account(engine: Engine, account_id: int) -> Account | None:
    """Return the account with this id, or None."""

    def read() -> Account | None:
        with engine.begin() as conn:
            row = conn.execute(sa.select(PEOPLE).where(PEOPLE.c.id == account_id)).one_or_none()
        return None if row is None else _account(row)

    return store.guarded(read)


def disable_account(engine: Engine, email: str) -> Account:
    """Disable the account with this e-mail (it can no longer sign in) and return it."""
    wanted = email.strip().lower()

    def disable() -> Account | None:
        with engine.begin() as conn:
            conn.execute(sa.update(PEOPLE).where(PEOPLE.c.email == wanted).values(disabled=True))
            row = conn.execute(sa.select(PEOPLE).where(PEOPLE.c.email == wanted)).one_or_none()
        return None if row is None else _account(row)

    found = store.guarded(disable)
    if found is None:
        raise PackError("account", "Email", "No account has this email.")
    return found


def is_team_server(engine: Engine) -> bool:
    """Tell whether the store holds any account (disabled ones too): then people sign in."""

    def read() -> bool:
        with engine.begin() as conn:
            return conn.execute(sa.select(PEOPLE.c.id).limit(1)).first() is not None

    return store.guarded(read)


@dataclass(frozen=True)
class SignInResult:
    """A sign-in attempt's outcome: the account when the password was right, and the verdict."""

    account: Account | None
    verdict: access.Verdict


def sign_in(engine: Engine, form: SignIn, client: str, now: float) -> SignInResult:
    """Check an e-mail and password under the address's lockout (shared with /admin)."""
    email = form.email.lower()

    def read() -> Any:
        with engine.begin() as conn:
            return conn.execute(sa.select(PEOPLE).where(PEOPLE.c.email == email)).one_or_none()

    row = store.guarded(read)
    account = None if row is None else _account(row)
    encoded = _dummy_hash() if row is None else row.password_hash

    def check() -> bool:
        right = verify_password(encoded, form.password)
        return right and account is not None and not account.disabled

    verdict = store.judge_admin_attempt(engine, client, now, check)
    return SignInResult(account if verdict.ok else None, verdict)


def session_key(engine: Engine) -> str:
    """Return the key session cookies are signed with, made once and shared by every server."""
    name = APP_SETTINGS.c.name == _SESSION_KEY_SETTING

    def read() -> str | None:
        with engine.begin() as conn:
            return conn.execute(sa.select(APP_SETTINGS.c.value).where(name)).scalar_one_or_none()

    def make() -> None:
        with engine.begin() as conn:
            value = secrets.token_urlsafe(48)
            conn.execute(sa.insert(APP_SETTINGS), {"name": _SESSION_KEY_SETTING, "value": value})

    found = store.guarded(read)
    if found is not None:
        return found
    # Another server may make it at the same moment: the first one stored is the key.
    with contextlib.suppress(sa.exc.IntegrityError):
        store.guarded(make)
    made = store.guarded(read)
    if made is None:  # pragma: no cover - just stored
        raise store.StoreUnavailable("the session key could not be stored")
    return made


def _serializer(key: str) -> itsdangerous.URLSafeTimedSerializer:
    """Return the signer of session cookies for this key."""
    return itsdangerous.URLSafeTimedSerializer(key, salt=_SESSION_SALT)


def make_session_cookie(key: str, account: Account) -> str:
    """Return a signed, timestamped cookie value naming the account."""
    return _serializer(key).dumps({"account": account.id})


def read_session_cookie(key: str, value: str, max_age_s: int = SESSION_MAX_AGE_S) -> int | None:
    """Return the account id a cookie names, or None when it is forged, altered or expired."""
    try:
        payload = _serializer(key).loads(value, max_age=max_age_s)
    except itsdangerous.BadData:
        return None
    account = payload.get("account") if isinstance(payload, dict) else None
    return account if isinstance(account, int) else None


def current_person(engine: Engine, cookie: str | None, rep_name: str | None = None) -> Person:
    """Return who is using the app: the laptop's person with no accounts, else the signed-in."""
    if not is_team_server(engine):
        return make_laptop_person(rep_name)
    if not cookie:
        return NOBODY
    account_id = read_session_cookie(session_key(engine), cookie)
    account = None if account_id is None else find_account(engine, account_id)
    if account is None or account.disabled:
        return NOBODY
    return account.person()
