"""Present: the audience screen, one 16:9 slide at a time."""

from insights.pitch import talk
from ui import navigation, pitch_state, slides
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    made = pitch_state.make_talk(view)
    slides.render_audience(talk.make_screens(made), navigation.page_link("pitch", view))
