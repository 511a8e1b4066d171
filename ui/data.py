"""The loaded content, cached per process and refreshed when a pack file changes."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from insights import settings
from insights.content import evidence, frames, load
from insights.content.evidence import Linked
from insights.pitch import plan
from insights.search import documents, engine, vectors
from insights.view import compare, facets
from insights.view.facets import Vocabulary

APP_ROOT = Path(__file__).resolve().parent.parent
STORE_UNAVAILABLE = "store unavailable"
# The store's stamp is one indexed count, read at most once a second: a database slower than
# this to answer it is treated as unreachable, so a frozen one costs every page little.
STAMP_TIMEOUT_S = 0.25
_LOG = logging.getLogger(__name__)
# Per content folder, the last stamp whose catalog loaded with the store's packs.
_last_good: dict[str, str] = {}


@dataclass(frozen=True)
class Content:
    """One catalog (with drafts or without) and what is built from it once, not every rerun."""

    catalog: frames.Catalog
    vocab: Vocabulary
    pitch_vocab: plan.PitchVocabulary
    has_drafts: bool
    # What Compare offers, and the pair it opens on when the link names none.
    compare_choices: compare.Choices
    # Each linked claim's evidence, gathered once per catalog: a card looks its lines up.
    evidence: Mapping[str, tuple[Linked, ...]]
    # Search over this catalog: its index built on the first query, its vectors in the
    # background (once per content version), the model loaded only then.
    searcher: engine.Searcher


@dataclass(frozen=True)
class Contents:
    """Both catalog choices of one content folder: everything, and the published packs only."""

    everything: Content
    published: Content

    def choose(self, drafts: bool) -> Content:
        """Return the content with drafts (True) or without."""
        return self.everything if drafts else self.published


# One catalog per process, shared by every session: st.cache_data would hand every rerun of
# every session a fresh copy of it.
@st.cache_resource(show_spinner="Loading content…", max_entries=4)
def _load_catalog(data_dir: str, stamp: str) -> frames.Catalog:
    # stamp is part of the cache key: a changed pack file or stored pack reloads it. With the
    # store unreachable the packs of data/ are loaded alone, without waiting on it again.
    # A store that fails to answer here raises StoreUnavailable, so nothing is cached under
    # this stamp: a catalog without the store's packs kept under it would stay until the
    # store next changed (get_contents falls back to data/ alone for this run).
    stored = [] if stamp.endswith(STORE_UNAVAILABLE) else _stored_packs()
    return load.load_packs(Path(data_dir), stored)


def _stored_packs() -> list[tuple[str, str]]:
    # The store's packs (published, and drafts: who sees drafts is decided per person when
    # the view is built). The store's modules load here, not with the first page. A frozen
    # database must not hold the page: past the call timeout, StoreUnavailable.
    from insights.quotes import packs
    from ui import store as ui_store

    engine = ui_store.open_store()
    return ui_store.call_with_timeout(
        lambda: packs.read_pack_texts(engine, person_may_see_drafts=True),
        ui_store.POLL_TIMEOUT_S,
        engine,
    )


# Once a second per process is often enough to notice an edited or newly published pack:
# another app server's publishing reaches this one through the shared store's stamp.
@st.cache_resource(ttl=1, show_spinner=False)
def _stamp(data_dir: str) -> str:
    from insights.quotes import packs, store
    from ui import store as ui_store

    try:
        engine = ui_store.open_store()
        stored = ui_store.call_with_timeout(
            lambda: packs.stamp_store(engine), STAMP_TIMEOUT_S, engine
        )
    except store.StoreUnavailable as exc:
        _LOG.warning("The content store's stamp was not read: %s", exc)
        stored = STORE_UNAVAILABLE
    return f"{load.stamp_packs(Path(data_dir))}|{stored}"


# The published catalog, the facet values and labels, the ids a pitch may name and the
# evidence are worked out once per loaded catalog, not on every rerun of every session. Both
# choices come from one cached call: a run needs the one with drafts to draw the filters.
@st.cache_resource(show_spinner=False, max_entries=4)
def _contents(data_dir: str, stamp: str) -> Contents:
    everything = _load_catalog(data_dir, stamp)
    drafts = frames.has_drafts(everything)
    with_drafts = _build_content(everything, drafts)
    published = _build_content(frames.keep_published(everything), drafts) if drafts else with_drafts
    return Contents(with_drafts, published)


def _build_content(catalog: frames.Catalog, has_drafts: bool) -> Content:
    vocab = facets.make_vocabulary(catalog)
    return Content(
        catalog,
        vocab,
        plan.make_vocabulary(catalog.claims, catalog.responses),
        has_drafts,
        compare.list_choices(catalog.claims, vocab.labels["places"], catalog.places),
        evidence.index_linked(catalog.links, catalog.claims),
        # The words index is built in the background as the content loads (about a second at
        # 5,000 claims), so the first query rarely waits for it; the model is not loaded here.
        engine.Searcher(
            lambda: documents.documents_from_catalog(catalog), vectors.default_layer()
        ).prepare(),
    )


def _detach(catalog: frames.Catalog) -> frames.Catalog:
    # Each caller gets its own frames: shallow copies, which pandas' copy-on-write turns into
    # real ones the moment either side is written to, so a page that changes its frames never
    # changes what another session sees.
    frames = {
        f.name: getattr(catalog, f.name).copy(deep=False)
        for f in dataclasses.fields(catalog)
        if isinstance(getattr(catalog, f.name), pd.DataFrame)
    }
    return dataclasses.replace(catalog, **frames)


def get_contents() -> Contents:
    """Return both catalog choices for INSIGHTS_DATA_DIR (default data/), shared, cached."""
    from insights.quotes import store

    folder = str(data_dir())
    stamp = _stamp(folder)
    for candidate in _stamps_with_store(stamp, _last_good.get(folder)):
        try:
            contents = _contents(folder, candidate)
        except store.StoreUnavailable as exc:
            # Not cached under this stamp: the next run asks the store again.
            _LOG.warning("The content store's packs were not read: %s", exc)
            continue
        _last_good[folder] = candidate
        return contents
    return _contents(folder, _without_store(stamp))


def _stamps_with_store(stamp: str, last_good: str | None) -> list[str]:
    # A store that misses a read for a moment (slow under load, or briefly down) keeps showing
    # what it last served with these same files, rather than dropping its packs from the page
    # until it answers again: data/'s packs are shown alone only when neither loads.
    wanted = [] if stamp.endswith(STORE_UNAVAILABLE) else [stamp]
    if last_good is not None and _without_store(last_good) == _without_store(stamp):
        wanted.append(last_good)
    return list(dict.fromkeys(wanted))


def _without_store(stamp: str) -> str:
    # The stamp of data/'s packs alone, the store taken as unreachable.
    return f"{stamp.rsplit('|', 1)[0]}|{STORE_UNAVAILABLE}"


def detach(content: Content) -> Content:
    """Return the content with frames of the caller's own (what a run hands its page)."""
    return dataclasses.replace(content, catalog=_detach(content.catalog))


def get_content(drafts: bool = True) -> Content:
    """Return the content with or without drafts, as frames of the caller's own."""
    return detach(get_contents().choose(drafts))


def get_catalog(drafts: bool = True) -> frames.Catalog:
    """Return the catalog, with or without drafts, as frames of the caller's own."""
    return get_content(drafts).catalog


def data_dir() -> Path:
    """Return the content folder the app reads: INSIGHTS_DATA_DIR, else data/."""
    return settings.current_settings().data_dir


def clear_catalog() -> None:
    """Forget the cached catalog and stamp, so a pack saved just now is read on the next run."""
    _last_good.clear()
    _stamp.clear()
    _load_catalog.clear()
    _contents.clear()
