"""The loaded content, cached per process and refreshed when a pack file changes."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from insights import load

APP_ROOT = Path(__file__).resolve().parent.parent


@st.cache_data(show_spinner="Loading content…", max_entries=4)
def _load_catalog(data_dir: str, stamp: tuple[tuple[str, int, int], ...]) -> load.Catalog:
    # stamp is only part of the cache key: a changed pack file reloads the catalog.
    del stamp
    return load.load_packs(Path(data_dir))


def get_catalog() -> load.Catalog:
    """Return the catalog for INSIGHTS_DATA_DIR (default data/), cached on the files' stamp."""
    folder = data_dir()
    return _load_catalog(str(folder), load.stamp_packs(folder))


def data_dir() -> Path:
    """Return the content folder the app reads: INSIGHTS_DATA_DIR, else data/."""
    return load.resolve_data_dir(os.environ, APP_ROOT / "data")


def clear_catalog() -> None:
    """Forget the cached catalog, so a pack saved just now is read on the next run."""
    _load_catalog.clear()
