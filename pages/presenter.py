"""Presenter view: current and next slide, notes, timer and controls, driving /present."""

import streamlit as st

from insights.pitch import plan
from insights.view import selection
from ui import pitch_state, presenter, rights
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    # The rep's screen: its notes carry the bias and verify marks no prospect is shown.
    if not rights.may_see_rep_notes():
        st.title("Presenter view", anchor=False)
        rights.render_sign_in_needed(
            "Sign in to present: the presenter view shows the reps' notes (bias, verify marks, "
            "our notes). The audience screen is /present, by the presentation's code."
        )
        st.stop()
    made = pitch_state.make_talk(view)
    presenter.render(made, {**selection.to_params(view.selection), **plan.to_params(view.pitch)})
