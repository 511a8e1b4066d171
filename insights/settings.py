"""The app's settings: where its files are, and every environment variable it reads (only here)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

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


def read_settings(environ: Mapping[str, str]) -> Settings:
    """Return the settings an environment gives, blank values read as unset."""

    def named(name: str) -> str:
        return environ.get(name, "").strip()

    return Settings(
        data_dir=Path(named(DATA_DIR_ENV) or SHIPPED_DATA),
        state_dir=Path(named(STATE_DIR_ENV) or DEFAULT_STATE_DIR),
        database_url=named(DATABASE_URL_ENV),
        # A password is taken as typed: spaces may be part of it.
        admin_password=environ.get(ADMIN_PASSWORD_ENV, ""),
        public_url=named(PUBLIC_URL_ENV),
        seller_file=Path(named(SELLER_FILE_ENV)) if named(SELLER_FILE_ENV) else None,
        search_meaning=named(SEARCH_MEANING_ENV).lower() != "off",
    )


def current_settings() -> Settings:
    """Return the settings of this process's environment."""
    return read_settings(os.environ)
