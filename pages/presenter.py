"""Presenter view: current and next slide, notes, timer and controls, driving /present."""

from insights.pitch import plan
from insights.view import selection
from ui import pitch_state, presenter
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    made = pitch_state.make_talk(view)
    presenter.render(made, {**selection.to_params(view.selection), **plan.to_params(view.pitch)})
