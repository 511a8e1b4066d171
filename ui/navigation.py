"""The app's pages, and the way back into app.py's frame when a page runs without it."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

# static/favicon.png as the app serves it (server.enableStaticServing). A URL rather than the
# file: given a file, set_page_config decodes it with Pillow and re-serves it as a media file
# on every script run (~50 ms on a cold start's first run).
FAVICON = "/app/static/favicon.png"


def configure_page() -> None:
    """Set the page title, a local favicon and the wide layout, before any other element."""
    # Without a page_icon the current page's :material/ icon becomes the favicon, which the
    # browser fetches from Google's font CDN: a request leaving the machine.
    st.set_page_config(page_title="Region insights", page_icon=FAVICON, layout="wide")


def build_pages() -> dict[str, list[st.Page]]:
    """Return the app's pages by menu section."""
    return {
        "Explore": [
            st.Page(
                "pages/overview.py", title="Overview", icon=":material/dashboard:", default=True
            ),
            st.Page("pages/companies.py", title="Companies", icon=":material/apartment:"),
            st.Page("pages/talent.py", title="Talent & universities", icon=":material/school:"),
            st.Page("pages/challenges.py", title="Challenges & remedies", icon=":material/shield:"),
            st.Page("pages/explorer.py", title="Claim explorer", icon=":material/table_view:"),
            st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
        ],
        "Pitch": [
            st.Page("pages/pitch.py", title="Pitch builder", icon=":material/playlist_add_check:"),
            st.Page("pages/present.py", title="Present", icon=":material/slideshow:"),
            st.Page("pages/presenter.py", title="Presenter view", icon=":material/co_present:"),
        ],
        "Content": [
            st.Page("pages/add_region.py", title="Add a region", icon=":material/note_add:"),
            # Reached at /admin by the sales team; kept out of the menu a prospect sees.
            st.Page(
                "pages/admin.py",
                title="Quote requests",
                icon=":material/inbox:",
                visibility="hidden",
            ),
            # The public request form every output's call to action links to (with
            # INSIGHTS_PUBLIC_URL set); outside the menu, usable without the sidebar.
            st.Page(
                "pages/request.py", title="Request", icon=":material/forum:", visibility="hidden"
            ),
        ],
    }


def reenter_through_app() -> NoReturn:
    """Rerun the requested page inside app.py's frame (page config, menu, sidebar)."""
    # Streamlit 1.67 starts in its legacy "pages/ folder" mode because pages/ exists, and
    # leaves it only once st.navigation is called. Until some session has run app.py, a link
    # straight to a page runs that file alone, under an automatic menu that would list every
    # file (admin included). Calling st.navigation here ends that mode for the server; the
    # rerun then goes through app.py like every later request.
    configure_page()
    st.navigation(build_pages(), position="hidden")
    st.rerun()
