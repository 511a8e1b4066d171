"""Request: the public form a prospect reaches from any output's call to action."""

from ui import request_page
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    request_page.render(view)
