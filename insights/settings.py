"""The app's settings: where its files are, and every environment variable it reads (only here)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from insights.content.citation import STALE_AFTER_YEARS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DATA = PROJECT_ROOT / "data"
LEXICON_DIR = SHIPPED_DATA / "lexicon"
STREAMLIT_CONFIG = PROJECT_ROOT / ".streamlit" / "config.toml"
# Git-ignored: where a team keeps a password or database URL instead of the environment.
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
# Git-ignored; holds the SQLite file when no database URL is configured.
DEFAULT_STATE_DIR = PROJECT_ROOT / "var"

DATA_DIR_ENV = "INSIGHTS_DATA_DIR"
STATE_DIR_ENV = "INSIGHTS_STATE_DIR"
DATABASE_URL_ENV = "DATABASE_URL"
ADMIN_PASSWORD_ENV = "INSIGHTS_ADMIN_PASSWORD"
PUBLIC_URL_ENV = "INSIGHTS_PUBLIC_URL"
SELLER_FILE_ENV = "INSIGHTS_SELLER_FILE"
# "off" turns search by meaning off (words only): the tests' default, and a way out if the
# sentence-encoder package misbehaves on a machine.
SEARCH_MEANING_ENV = "INSIGHTS_SEARCH_MEANING"
# The one age (whole years) from which every page, note and file marks a claim "verify before
# presenting": one value for every session, server, link and export, so a claim's mark agrees.
STALE_AFTER_ENV = "INSIGHTS_STALE_AFTER_YEARS"
MAX_STALE_AFTER = 100
# The CRM hand-off (issue 30): where the relay POSTs each request's event, the Standard
# Webhooks secret it signs with, and its retry schedule.
WEBHOOK_URL_ENV = "INSIGHTS_WEBHOOK_URL"
WEBHOOK_SECRET_ENV = "INSIGHTS_WEBHOOK_SECRET"
WEBHOOK_BACKOFF_ENV = "INSIGHTS_WEBHOOK_BACKOFF_S"
WEBHOOK_BACKOFF_MAX_ENV = "INSIGHTS_WEBHOOK_BACKOFF_MAX_S"
WEBHOOK_MAX_ATTEMPTS_ENV = "INSIGHTS_WEBHOOK_MAX_ATTEMPTS"
WEBHOOK_TIMEOUT_ENV = "INSIGHTS_WEBHOOK_TIMEOUT_S"
WEBHOOK_POLL_ENV = "INSIGHTS_WEBHOOK_POLL_S"


@dataclass(frozen=True)
class Settings:
    """What the environment sets: the content folder, the store, the admin password, the URL."""

    data_dir: Path = SHIPPED_DATA
    state_dir: Path = DEFAULT_STATE_DIR
    # "" when unset: the store then falls back to secrets.toml, else SQLite under state_dir.
    database_url: str = ""
    admin_password: str = ""
    # The app's public address ("" when unset): files then link the source's own targets.
    public_url: str = ""
    # The seller's profile (company, rep, booking link); None: outputs close generically.
    seller_file: Path | None = None
    # Search by meaning (sentence vectors) beside search by words; off: words only.
    search_meaning: bool = True
    # Claims at least this many years old are marked "verify before presenting" everywhere.
    stale_after_years: int = STALE_AFTER_YEARS
    # What was wrong with the age setting ("" when nothing): the pitch builder says so.
    stale_after_problem: str = ""
    # The webhook relay: off while the URL is "" (requests are then stored with no event).
    webhook_url: str = ""
    webhook_secret: str = ""
    # Retry n waits about backoff * 2**(n-1) s (jittered), at most backoff_max; an event still
    # refused after max_attempts goes to the dead letters. With 5 s, an event refused twice is
    # tried again within 10 s of the second refusal, so within a minute of a recovery.
    webhook_backoff_s: float = 5.0
    webhook_backoff_max_s: float = 3600.0
    webhook_max_attempts: int = 30
    webhook_timeout_s: float = 10.0
    # How often an idle relay looks for due events.
    webhook_poll_s: float = 2.0
    # What was wrong with the webhook settings (each replaced by its default); the relay says so.
    webhook_problems: tuple[str, ...] = ()


def _positive(text: str, name: str, default: float, problems: list[str]) -> float:
    """Return a positive number of the environment's, the default when blank or bad (noted)."""
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        # Noted, not raised: every page reads the settings, and only the relay needs these.
        problems.append(f"{name}: must be a positive number of seconds or times, e.g. {default:g}")
        return default
    return value


def parse_years(text: str) -> int | None:
    """Return a verify age written as text, None unless whole years from 1 to the maximum."""
    return int(text) if text.isdecimal() and 1 <= int(text) <= MAX_STALE_AFTER else None


def _years(text: str) -> tuple[int, str]:
    """Return the verify age the environment sets and what was wrong with it ("" if nothing)."""
    if not text:
        return STALE_AFTER_YEARS, ""
    years = parse_years(text)
    if years is not None:
        return years, ""
    # Noted, not raised: every page reads the settings; the default keeps the marks honest.
    return STALE_AFTER_YEARS, (
        f"{STALE_AFTER_ENV}: must be a whole number of years from 1 to {MAX_STALE_AFTER}; "
        f"using {STALE_AFTER_YEARS}"
    )


def read_settings(environ: Mapping[str, str]) -> Settings:
    """Return the settings an environment gives, blank values read as unset."""

    def named(name: str) -> str:
        return environ.get(name, "").strip()

    defaults = Settings()
    problems: list[str] = []
    stale_after, stale_problem = _years(named(STALE_AFTER_ENV))

    found = Settings(
        data_dir=Path(named(DATA_DIR_ENV) or SHIPPED_DATA),
        state_dir=Path(named(STATE_DIR_ENV) or DEFAULT_STATE_DIR),
        database_url=named(DATABASE_URL_ENV),
        # A password is taken as typed: spaces may be part of it.
        admin_password=environ.get(ADMIN_PASSWORD_ENV, ""),
        public_url=named(PUBLIC_URL_ENV),
        seller_file=Path(named(SELLER_FILE_ENV)) if named(SELLER_FILE_ENV) else None,
        search_meaning=named(SEARCH_MEANING_ENV).lower() != "off",
        stale_after_years=stale_after,
        stale_after_problem=stale_problem,
        webhook_url=named(WEBHOOK_URL_ENV),
        webhook_secret=named(WEBHOOK_SECRET_ENV),
        webhook_backoff_s=_positive(
            named(WEBHOOK_BACKOFF_ENV), WEBHOOK_BACKOFF_ENV, defaults.webhook_backoff_s, problems
        ),
        webhook_backoff_max_s=_positive(
            named(WEBHOOK_BACKOFF_MAX_ENV),
            WEBHOOK_BACKOFF_MAX_ENV,
            defaults.webhook_backoff_max_s,
            problems,
        ),
        webhook_max_attempts=int(
            _positive(
                named(WEBHOOK_MAX_ATTEMPTS_ENV),
                WEBHOOK_MAX_ATTEMPTS_ENV,
                defaults.webhook_max_attempts,
                problems,
            )
        ),
        webhook_timeout_s=_positive(
            named(WEBHOOK_TIMEOUT_ENV), WEBHOOK_TIMEOUT_ENV, defaults.webhook_timeout_s, problems
        ),
        webhook_poll_s=_positive(
            named(WEBHOOK_POLL_ENV), WEBHOOK_POLL_ENV, defaults.webhook_poll_s, problems
        ),
    )
    return dataclasses.replace(found, webhook_problems=tuple(problems))


def current_settings() -> Settings:
    """Return the settings of this process's environment."""
    return read_settings(os.environ)
