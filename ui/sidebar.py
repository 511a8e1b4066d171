"""The sidebar on every page: filters bound to the URL, a share link, and the call to action."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from insights import filters, selection
from insights.filters import Filtered
from insights.load import Catalog
from insights.model import STANCES, THEMES
from insights.selection import Selection, Vocabulary
from insights.text import escape_markdown as esc
from ui import cards, data

# Widget keys are namespaced so tests can drive them and later features cannot collide.
KEYS = {
    "places": "filters.place",
    "themes": "filters.theme",
    "stances": "filters.stance",
    "text": "filters.q",
}
_VIEW = "sidebar.view"
_NOTICES = "sidebar.notices"
_SELECTION = "sidebar.selection"


@dataclass(frozen=True)
class View:
    """What the sidebar selects on this run, for the page to render."""

    catalog: Catalog
    selection: Selection
    filtered: Filtered
    place_names: dict[str, str]
    today: dt.date

    def narrow(self, extra: Selection) -> Filtered:
        """Return the claims in view that the extra selection also allows, with their sentence."""
        # Narrowing what the sidebar already kept gives the same rows and sentence as starting
        # over from every claim, at a fraction of the cost when the catalog is large.
        return filters.apply_filters(self.filtered.frame, self.place_names, self.selection, extra)


def current_view() -> View:
    """Return the view app.py's sidebar made on this run, or draw the sidebar now if none."""
    # Popped, so a view is never reused by a later run. A page run on its own (as AppTest
    # does on a second run of a multipage app) draws the same sidebar itself.
    view = st.session_state.pop(_VIEW, None)
    if view is None:
        view = render_sidebar(data.get_catalog(), dt.date.today())
        st.session_state.pop(_VIEW, None)
    return view


def _vocabulary(catalog: Catalog) -> Vocabulary:
    return Vocabulary(
        places=tuple(catalog.places["id"]), themes=tuple(THEMES), stances=tuple(STANCES)
    )


def _restore_widgets(vocab: Vocabulary) -> None:
    # The selection lives under its own key: Streamlit drops a widget's state when a run does
    # not draw that same widget (another page, or a page run on its own), and we want the
    # filters to follow the rep everywhere. The URL is read once, on a session's first run.
    if _SELECTION not in st.session_state:
        params = {name: st.query_params.get_all(name) for name in selection.ALL_PARAM_NAMES}
        parsed = selection.parse_params(params, vocab)
        st.session_state[_SELECTION] = parsed.selection
        st.session_state[_NOTICES] = parsed.notices
    saved: Selection = st.session_state[_SELECTION]
    for facet, key in KEYS.items():
        # Re-assigning even a present value hands it to the widget this run draws, which
        # may not be the one that held it (app.py's frame and a page are different owners).
        st.session_state[key] = st.session_state.get(key, _widget_value(getattr(saved, facet)))


def _widget_value(value: tuple[str, ...] | str) -> list[str] | str:
    return list(value) if isinstance(value, tuple) else value


def _read_selection() -> Selection:
    return Selection(
        places=tuple(st.session_state[KEYS["places"]]),
        themes=tuple(st.session_state[KEYS["themes"]]),
        stances=tuple(st.session_state[KEYS["stances"]]),
        text=st.session_state[KEYS["text"]].strip(),
    )


def _sync_url(sel: Selection) -> None:
    # Touch only our own parameters so later features can keep theirs in the same URL.
    wanted = selection.to_params(sel)
    for name in selection.ALL_PARAM_NAMES:
        if name in wanted:
            if st.query_params.get_all(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]


def _render_call_to_action(catalog: Catalog) -> None:
    for cta in catalog.calls:
        st.subheader("Get in touch", divider="gray")
        st.caption(esc(cta.prompt))
        for i, action in enumerate(cta.actions):
            st.link_button(
                esc(action.label),
                str(action.target),
                type="primary" if i == 0 else "secondary",
                width="stretch",
                help=f"The source's own call to action (¶{action.paragraph}).",
            )


def render_sidebar(catalog: Catalog, today: dt.date) -> View:
    """Draw the filters, summary, share link and call to action; return the resulting view."""
    vocab = _vocabulary(catalog)
    names = dict(zip(catalog.places["id"], catalog.places["name"], strict=True))
    _restore_widgets(vocab)
    with st.sidebar:
        cards.render_notices(st.session_state.get(_NOTICES, ()))
        st.multiselect(
            "Place",
            vocab.places,
            key=KEYS["places"],
            format_func=names.__getitem__,
            placeholder="Any place",
        )
        st.multiselect(
            "Theme",
            vocab.themes,
            key=KEYS["themes"],
            format_func=THEMES.__getitem__,
            placeholder="Any theme",
        )
        st.multiselect(
            "Stance",
            vocab.stances,
            key=KEYS["stances"],
            format_func=STANCES.__getitem__,
            placeholder="Any stance",
        )
        st.text_input(
            "Search claims",
            key=KEYS["text"],
            max_chars=selection.MAX_SEARCH_CHARS,
            placeholder="e.g. universities",
        )
        sel = _read_selection()
        st.session_state[_SELECTION] = sel
        filtered = filters.apply_filters(catalog.claims, names, sel)
        st.markdown(f"**{esc(filtered.sentence)}**")
        _sync_url(sel)
        with st.popover("Share this view", icon=":material/link:", width="stretch"):
            st.caption("Copy the link; it opens this page with these filters.")
            st.code(
                selection.make_share_link(st.context.url or "", sel),
                language=None,
                wrap_lines=True,
            )
        _render_call_to_action(catalog)
    view = View(catalog, sel, filtered, names, today)
    st.session_state[_VIEW] = view
    return view
