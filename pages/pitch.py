"""Pitch builder: pick, order and export the talking points for one prospect."""

import streamlit as st

from insights import settings
from insights.content.text import escape_markdown as esc
from insights.pitch import plan
from insights.pitch.seller import NO_PROFILE_NOTICE
from insights.view import filters, selection
from ui import cards, navigation, pitch_editor, pitch_library, pitch_state, seller_profile, slides
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    st.title("Pitch builder")
    st.caption(
        "Pick the talking points for one prospect, put them in order, then present them or take "
        "them away as a deck. The pitch lives in the link: the sidebar's share link carries it."
    )
    profile, broken = seller_profile.read_profile()
    if profile is None and broken is None:
        st.info(esc(NO_PROFILE_NOTICE), icon=":material/badge:")
    problem = settings.current_settings().stale_after_problem
    if problem:
        st.warning(esc(problem), icon=":material/history:")
    _render_editor(view)
    cards.render_sources(view.catalog.sources, view.today, view.rule)


# Adding, moving or removing a point redraws the editor alone, not the sidebar and the frame;
# the pitch is read from the session here, since the view was made before the click.
@st.fragment
def _render_editor(view: View) -> None:
    catalog = view.catalog
    current = pitch_state.current_pitch()
    pitch_state.keep_in_url(current)
    made = pitch_state.make_talk(view, current)
    pitch_state.restore_widgets(current)
    name, prospect = st.columns([3, 2])
    name.text_input(
        "Pitch title",
        key=pitch_state.KEYS["title"],
        max_chars=plan.MAX_TITLE_CHARS,
        placeholder=made.title,
        on_change=pitch_state.rename,
    )
    prospect.text_input(
        "Prospect",
        key=pitch_state.KEYS["prospect"],
        max_chars=plan.MAX_PROSPECT_CHARS,
        placeholder="e.g. the company you are meeting",
        on_change=pitch_state.rename,
    )
    # One age for every page, note and file (a setting, not a control here), so a claim's
    # mark on its card is the mark in the pitch.
    st.caption(
        f"Claims {view.stale_after} or more years old are marked “verify before presenting” on "
        f"every page, in the notes and in every file (setting {esc(settings.STALE_AFTER_ENV)})."
    )
    with st.expander("Our note on the cover", icon=":material/sticky_note_2:"):
        pitch_editor.render_note(plan.COVER_KEY, "Our note on the cover (speaker notes only)")
    with st.expander("Saved pitches: save, open, duplicate", icon=":material/folder:"):
        pitch_library.render_library(view)

    source, chosen = st.columns(2, gap="large")
    with source:
        st.subheader("Claims in view")
        # Keyed: the bench times a filter change until this sentence changes.
        with st.container(key="pitch-in-view"):
            st.caption(f"{esc(view.filtered.sentence)}: narrow them with the filters or search.")
        pitch_editor.render_candidates(view.filtered.frame, current, view.today, view.rule)
    with chosen:
        st.subheader(f"Your pitch: {len(current.items)} of at most {plan.MAX_ITEMS}")
        if st.button(
            "Present",
            key="pitch.present",
            icon=":material/slideshow:",
            type="primary",
            help="The audience screen: one slide at a time; the arrow keys, Space or a click "
            "move, F (or the corner control) goes full screen.",
            disabled=not made.items,
        ):
            slides.start()
            st.switch_page(navigation.page_link("present", view))
        st.page_link(
            navigation.page_link("presenter", view),
            label="Presenter view",
            icon=":material/co_present:",
        )
        pitch_editor.render_upkeep(made, catalog.claims, catalog.links)
        # The claims kept for a wider place carry that mark (applies_to) into the files.
        marked = filters.carry_marks(catalog.claims, view.filtered.frame)
        pitch_editor.render_exports(made, marked, "pitch.export")
        pitch_editor.render_download_links(
            current, selection.to_params(view.selection), settings.current_settings().public_url
        )
        if not current.items and made.items:
            st.caption(plan.describe_fallback(len(made.items), len(view.filtered.frame)))
        pitch_editor.render_pitch(current, made)
        if current.items:
            st.button(
                "Clear the pitch",
                key="pitch.clear",
                icon=":material/delete:",
                on_click=pitch_state.clear,
            )

    st.subheader("Objections a prospect may raise")
    st.caption(
        "Each challenge in view beside the answer the source itself gives: add the pair and the "
        "answer follows the objection on one slide. Any challenge can also be answered in your "
        "own words (shown as ours, with no source line) or by another source's remedy."
    )
    pitch_editor.render_objections(
        view.filtered.frame,
        catalog.responses,
        catalog.claims,
        current,
        view.today,
        view.rule,
    )
