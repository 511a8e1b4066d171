"""The sidebar on every page: filters bound to the URL, a share link, and the call to action."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st
from streamlit import config

from insights import filters, load, selection
from insights.filters import Filtered
from insights.load import Catalog
from insights.selection import Selection, Vocabulary
from insights.text import escape_markdown as esc
from ui import cards, data, navigation, quote_form, url

# Widget keys are namespaced so tests can drive them and later features cannot collide.
KEYS = {
    "regions": "filters.region",
    "places": "filters.place",
    "themes": "filters.theme",
    "stances": "filters.stance",
    "text": "filters.q",
    "drafts": "filters.drafts",
}
FACET_LABELS = {"regions": "Region", "places": "Place", "themes": "Theme", "stances": "Stance"}
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
    """Return the view app.py's sidebar made on this run (re-entering app.py if it did not run)."""
    # Popped, so a view is never reused by a later run.
    view = st.session_state.pop(_VIEW, None)
    if view is not None:
        return view
    # Read through streamlit.config at call time: AppTest patches that function while it runs.
    if not config.get_option("global.appTest"):
        navigation.reenter_through_app()
    # AppTest runs a page file on its own after its first run(); re-entering would drop the
    # click under test, so the page draws the same sidebar itself.
    view = render_sidebar(dt.date.today())
    st.session_state.pop(_VIEW, None)
    return view


def _keep_known(vocab: Vocabulary) -> None:
    # Hiding drafts removes their places and regions; a value picked among them must go too.
    for facet in ("regions", "places"):
        key = KEYS[facet]
        st.session_state[key] = [v for v in st.session_state[key] if v in getattr(vocab, facet)]


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


def _widget_value(value: tuple[str, ...] | str | bool) -> list[str] | str | bool:
    return list(value) if isinstance(value, tuple) else value


def _read_selection() -> Selection:
    return Selection(
        regions=tuple(st.session_state[KEYS["regions"]]),
        drafts=bool(st.session_state[KEYS["drafts"]]),
        places=tuple(st.session_state[KEYS["places"]]),
        themes=tuple(st.session_state[KEYS["themes"]]),
        stances=tuple(st.session_state[KEYS["stances"]]),
        text=st.session_state[KEYS["text"]].strip(),
    )


def _render_call_to_action(catalog: Catalog, sel: Selection, names: dict[str, str]) -> None:
    for n, cta in enumerate(catalog.calls):
        st.subheader("Get in touch", divider="gray")
        st.caption(esc(cta.prompt))
        for i, action in enumerate(cta.actions):
            if action.form is not None:
                quote_form.render_action_button(action, f"cta.{n}.{action.id}", i == 0, sel)
                continue
            st.link_button(
                esc(action.label),
                str(action.target),
                type="primary" if i == 0 else "secondary",
                width="stretch",
                help=f"The source's own call to action (¶{action.paragraph}).",
            )
    quote_form.render_open_form(names)


def render_sidebar(today: dt.date) -> View:
    """Draw the filters, summary, share link and call to action; return the resulting view."""
    # The link may name a draft's place, so it is read against every pack.
    everything = data.get_catalog()
    _restore_widgets(data.get_facets(drafts=True)[0])
    if not load.has_drafts(everything):
        # With no draft to include there is no switch to turn it off again: a link's drafts=1
        # (or drafts since published) must not stick to the view and its sentence.
        st.session_state[KEYS["drafts"]] = False
    # Drafts (ingested articles not yet reviewed) are left out unless the rep asks for them.
    drafts = bool(st.session_state[KEYS["drafts"]])
    catalog = data.get_catalog(drafts=drafts)
    vocab, labels = data.get_facets(drafts)
    _keep_known(vocab)
    names = labels["places"]
    with st.sidebar:
        cards.render_notices(st.session_state.pop(_NOTICES, ()))
        for facet, label in FACET_LABELS.items():
            st.multiselect(
                label,
                getattr(vocab, facet),
                key=KEYS[facet],
                format_func=labels[facet].__getitem__,
                placeholder=f"Any {label.lower()}",
            )
        st.text_input(
            "Search claims",
            key=KEYS["text"],
            max_chars=selection.MAX_SEARCH_CHARS,
            placeholder="e.g. universities",
        )
        # Only offered when there is a draft to include: a switch that changes nothing would
        # puzzle a rep (and costs the first paint its scripts).
        if load.has_drafts(everything):
            st.toggle(
                "Include drafts",
                key=KEYS["drafts"],
                help="Packs made from an article and not yet reviewed; hidden unless asked for.",
            )
        sel = _read_selection()
        st.session_state[_SELECTION] = sel
        filtered = filters.apply_filters(catalog.claims, names, sel)
        st.markdown(f"**{esc(filtered.sentence)}**")
        url.sync_query_params(selection.to_params(sel), selection.ALL_PARAM_NAMES)
        with st.popover("Share this view", icon=":material/link:", width="stretch"):
            st.caption("Copy the link; it opens this page with these filters.")
            st.code(
                selection.make_share_link(st.context.url or "", sel),
                language=None,
                wrap_lines=True,
            )
        _render_call_to_action(catalog, sel, names)
    view = View(catalog, sel, filtered, names, today)
    st.session_state[_VIEW] = view
    return view
