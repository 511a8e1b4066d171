"""The sidebar on every page: filters bound to the URL, a share link, and the call to action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from insights.content.frames import Catalog
from insights.content.text import escape_markdown as esc
from insights.pitch import talk
from insights.pitch.seller import NO_PROFILE_PROMPT
from insights.view import selection
from insights.view.facets import FACETS, Vocabulary
from insights.view.selection import Selection
from ui import accounts, cards, quote_form, seller_profile, url

# Widget keys are namespaced so tests can drive them and later features cannot collide.
KEYS = {facet.name: f"filters.{facet.param}" for facet in FACETS}
TEXT_KEY = "filters.q"
DRAFTS_KEY = "filters.drafts"
_NOTICES = "sidebar.notices"
_SELECTION = "sidebar.selection"
SHARE_KEY = "sidebar.share"
# The vocabulary of the catalog with drafts (True) or without.
VocabFor = Callable[[bool], Vocabulary]


@dataclass(frozen=True)
class Choice:
    """What the rep chose in the sidebar: the catalog (with drafts or not) and the selection."""

    drafts: bool
    selection: Selection


def _restore_widgets(vocab: Vocabulary, has_drafts: bool) -> None:
    # The choice lives under its own key: Streamlit drops a widget's state when a run does not
    # draw that same widget, and the filters must follow the rep everywhere. The URL is read
    # once, on a session's first run, against every pack (a link may name a draft's place).
    state = st.session_state
    if _SELECTION not in state:
        params = {name: st.query_params.get_all(name) for name in selection.ALL_PARAM_NAMES}
        parsed = selection.parse_params(params, vocab)
        state[_SELECTION] = Choice(selection.parse_drafts(params), parsed.selection)
        state[_NOTICES] = parsed.notices
    saved: Choice = state[_SELECTION]
    for facet in FACETS:
        key = KEYS[facet.name]
        state[key] = state.get(key, list(saved.selection.values(facet.name)))
    state[TEXT_KEY] = state.get(TEXT_KEY, saved.selection.text)
    # With no draft to include there is no switch to turn it off again: a link's drafts=1
    # (or drafts since published) must not stick to the view and its sentence.
    state[DRAFTS_KEY] = has_drafts and state.get(DRAFTS_KEY, saved.drafts)


def _keep_known(vocab: Vocabulary) -> None:
    # Hiding drafts removes their places, regions and sources; a value picked among them goes.
    for facet in FACETS:
        key = KEYS[facet.name]
        allowed = vocab.values(facet.name)
        st.session_state[key] = [v for v in st.session_state[key] if v in allowed]


def render_filters(everything: Vocabulary, has_drafts: bool, vocab_for: VocabFor) -> Choice:
    """Draw the drafts switch and the facet filters; return what they choose."""
    _restore_widgets(everything, has_drafts)
    # A widget's new value is in the session state before the run starts, so the switch drawn
    # below already decides which catalog the facets offer.
    drafts = bool(st.session_state[DRAFTS_KEY])
    vocab = vocab_for(drafts)
    _keep_known(vocab)
    with st.sidebar:
        cards.render_notices(st.session_state.pop(_NOTICES, ()))
        for facet in FACETS:
            st.multiselect(
                facet.label,
                vocab.values(facet.name),
                key=KEYS[facet.name],
                format_func=vocab.labels[facet.name].__getitem__,
                placeholder=f"Any {facet.label.lower()}",
            )
        st.text_input(
            "Search claims",
            key=TEXT_KEY,
            max_chars=selection.MAX_SEARCH_CHARS,
            placeholder="e.g. universities",
        )
        # Only offered when there is a draft to include: a switch that changes nothing would
        # puzzle a rep.
        if has_drafts:
            st.toggle(
                "Include drafts",
                key=DRAFTS_KEY,
                help="Packs made from an article and not yet reviewed; hidden unless asked for.",
            )
    chosen = Selection(
        st.session_state[TEXT_KEY].strip(),
        **{f.name: tuple(st.session_state[KEYS[f.name]]) for f in FACETS},
    )
    choice = Choice(drafts, chosen)
    st.session_state[_SELECTION] = choice
    url.sync_query_params(selection.to_params(chosen, drafts), selection.ALL_PARAM_NAMES)
    return choice


def read_choice(everything: Vocabulary, has_drafts: bool) -> Choice:
    """Return the session's choice (the URL's on a first run) without drawing the filters."""
    _restore_widgets(everything, has_drafts)
    saved: Choice = st.session_state[_SELECTION]
    # Drafts only when there is a draft to include, as the switch allows.
    choice = Choice(saved.drafts and has_drafts, saved.selection)
    url.sync_query_params(
        selection.to_params(choice.selection, choice.drafts), selection.ALL_PARAM_NAMES
    )
    return choice


def render_summary(sentence: str, catalog: Catalog, choice: Choice) -> None:
    """Draw what the view holds, the share link and the call to action."""
    with st.sidebar:
        st.markdown(f"**{esc(sentence)}**")
        box = st.popover(
            "Share this view",
            icon=":material/link:",
            width="stretch",
            key=SHARE_KEY,
            on_change="rerun",
        )
        # Drawn when opened, from the address as it stands then: every feature keeps its
        # state in the URL (filters, pitch, compare's sides, the slide), parts of a page
        # that redraw alone included, so the link reproduces the page as the rep sees it.
        if box.open:
            with box:
                st.caption("Copy the link; it opens this page as you see it.")
                st.code(
                    selection.make_link(st.context.url or "", url.current_params()),
                    language=None,
                    wrap_lines=True,
                )
        _render_call_to_action(catalog, choice.selection)
    accounts.render_sidebar_person()


def _render_call_to_action(catalog: Catalog, sel: Selection) -> None:
    # The seller's own call to action, never a source's: the booking link, then the app's forms.
    profile = seller_profile.get_profile()
    st.subheader("Get in touch", divider="gray")
    if profile is None:
        st.caption(esc(NO_PROFILE_PROMPT))
    else:
        st.caption(f"**{esc(profile.seller.company)}** · {esc(profile.prompt)}")
        if profile.seller.booking_url is not None:
            st.link_button(
                "Book a meeting",
                str(profile.seller.booking_url),
                type="primary",
                width="stretch",
                icon=":material/event:",
            )
    for n, (kind, label) in enumerate(talk.FORM_LABELS.items()):
        primary = n == 0 and (profile is None or profile.seller.booking_url is None)
        quote_form.render_form_button(kind, label, f"cta.{kind}", primary, sel)
    names = dict(zip(catalog.places["id"], catalog.places["name"], strict=True))
    quote_form.render_open_form(names)
