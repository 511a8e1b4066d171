"""The loaded content, cached per process and refreshed when a pack file changes."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from insights import facets, load, pitch
from insights.facets import Vocabulary

APP_ROOT = Path(__file__).resolve().parent.parent


# One catalog per process, shared by every session: st.cache_data would unpickle a fresh copy
# on every rerun of every session (~0.1 s and a full copy of memory at 100k claims).
@st.cache_resource(show_spinner="Loading content…", max_entries=4)
def _load_catalog(data_dir: str, stamp: str) -> load.Catalog:
    # stamp is only part of the cache key: a changed pack file reloads the catalog.
    del stamp
    return load.load_packs(Path(data_dir))


def _detach(catalog: load.Catalog) -> load.Catalog:
    # Each caller gets its own frames. They are shallow copies, so they cost nothing, and
    # pandas' copy-on-write copies the data the moment either side is written to: a page
    # that changes its frames never changes what another session sees.
    frames = {
        f.name: getattr(catalog, f.name).copy(deep=False)
        for f in dataclasses.fields(catalog)
        if isinstance(getattr(catalog, f.name), pd.DataFrame)
    }
    return dataclasses.replace(catalog, **frames)


# Stamping a thousand pack files costs ~30 ms; once a second per process is enough to notice
# an edited pack, and spares every rerun of every session that cost.
@st.cache_resource(ttl=1, show_spinner=False)
def _stamp(data_dir: str) -> str:
    return load.stamp_packs(Path(data_dir))


# Leaving the drafts out copies most of every frame; done once per loaded catalog, not on
# every rerun of every session that hides drafts (the default).
@st.cache_resource(show_spinner=False, max_entries=4)
def _load_published(data_dir: str, stamp: str) -> load.Catalog:
    return load.keep_published(_load_catalog(data_dir, stamp))


def _shared(data_dir: str, stamp: str, drafts: bool) -> load.Catalog:
    # The process-wide catalog, with or without drafts: read it, never hand it out (_detach).
    return (_load_catalog if drafts else _load_published)(data_dir, stamp)


@st.cache_resource(show_spinner=False, max_entries=8)
def _pitch_vocabulary(data_dir: str, stamp: str, drafts: bool) -> pitch.PitchVocabulary:
    catalog = _shared(data_dir, stamp, drafts)
    return pitch.make_vocabulary(catalog.claims, catalog.responses)


@st.cache_resource(show_spinner=False, max_entries=8)
def _vocabulary(data_dir: str, stamp: str, drafts: bool) -> Vocabulary:
    return facets.make_vocabulary(_shared(data_dir, stamp, drafts))


def get_vocabulary(drafts: bool) -> Vocabulary:
    """Return every facet's values and labels, built once per loaded catalog."""
    # A thousand regions' options would otherwise be listed and labelled on every rerun.
    folder = str(data_dir())
    return _vocabulary(folder, _stamp(folder), drafts)


def has_drafts() -> bool:
    """Tell whether the content holds any draft pack."""
    folder = str(data_dir())
    return load.has_drafts(_shared(folder, _stamp(folder), True))


def get_pitch_vocabulary(drafts: bool) -> pitch.PitchVocabulary:
    """Return the ids and pairs a pitch may name, built once per loaded catalog."""
    # A pass over every claim: once per catalog, not on each rerun of a session with a pitch.
    folder = str(data_dir())
    return _pitch_vocabulary(folder, _stamp(folder), drafts)


def get_catalog(drafts: bool = True) -> load.Catalog:
    """Return the catalog for INSIGHTS_DATA_DIR (default data/), cached on the files' stamp."""
    folder = str(data_dir())
    return _detach(_shared(folder, _stamp(folder), drafts))


def data_dir() -> Path:
    """Return the content folder the app reads: INSIGHTS_DATA_DIR, else data/."""
    return load.resolve_data_dir(os.environ, APP_ROOT / "data")


def clear_catalog() -> None:
    """Forget the cached catalog and stamp, so a pack saved just now is read on the next run."""
    _stamp.clear()
    _load_catalog.clear()
    _load_published.clear()
    _pitch_vocabulary.clear()
    _vocabulary.clear()
