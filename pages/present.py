"""Present: the pitch full screen, one point at a time."""

import streamlit as st

from insights import talk
from ui import navigation, pitch_state, slides
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    screens = talk.make_screens(pitch_state.make_talk(view))

    slides.hide_chrome()
    index = slides.position(len(screens))
    slides.render_screen(screens[index])
    slides.render_controls(index, len(screens))
    st.page_link(
        navigation.page_link("pitch", view),
        label="Leave presentation mode",
        icon=":material/close_fullscreen:",
    )
