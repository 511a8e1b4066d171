"""The public request page (/request): a prospect asks for a quote or a conversation."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import streamlit as st

from insights.content.model import FormKind
from ui import quote_form, url
from ui.view import View

_CSS = Path(__file__).resolve().parent / "public.css"
KIND_PARAM = "kind"
KINDS: MappingProxyType[str, tuple[FormKind, str, str]] = MappingProxyType(
    {
        "quote": ("quote", "Get a quote", "Tell us what you need and the sales team prices it."),
        "contact": (
            "contact",
            "Talk to an expert",
            "Tell us what you would like to discuss; an expert gets back to you.",
        ),
    }
)
DEFAULT_KIND = "contact"


def render(view: View) -> None:
    """Show the request form alone, its kind from ?kind=, places and themes from the link."""
    st.html(_CSS)
    asked = url.read_param(KIND_PARAM, DEFAULT_KIND)
    kind, title, lead = KINDS.get(asked, KINDS[DEFAULT_KIND])
    st.title(title)
    if asked not in KINDS:
        # Never echo what the link held: it may be hostile.
        st.caption("The link asked for a kind of request this page does not know; showing contact.")
    st.caption(lead)
    quote_form.render_request_form(kind, view.selection, view.place_names)
