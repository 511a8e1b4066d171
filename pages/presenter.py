"""Presenter view: current and next slide, notes, timer and controls, driving /present."""

from ui import presenter
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    presenter.render_page(view)
