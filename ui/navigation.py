"""The app's pages as one table: the menu, the URL of each page, and the module that draws it."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Literal

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ui.view import View

# static/favicon.png as the app serves it (server.enableStaticServing). A URL rather than the
# file: given a file, set_page_config decodes it with Pillow and re-serves it as a media file
# on every script run.
FAVICON = "/app/static/favicon.png"


@dataclass(frozen=True)
class PageSpec:
    """One page: its menu section, title, icon, URL path and the module whose render draws it."""

    section: str
    title: str
    icon: str
    url_path: str
    module: str
    default: bool = False
    # Hidden pages are reached by their URL only (the sales team's /admin).
    visibility: Literal["visible", "hidden"] = "visible"
    # A page that works with no content at all: adding the first region, reading requests.
    needs_content: bool = True
    # The app's chrome (content problems, filters, share link, call to action) around the
    # page; the screens shown to an audience or a prospect draw none of it.
    chrome: bool = True


PAGES: tuple[PageSpec, ...] = (
    PageSpec("Explore", "Overview", ":material/dashboard:", "overview", "pages.overview", True),
    PageSpec("Explore", "Companies", ":material/apartment:", "companies", "pages.companies"),
    PageSpec("Explore", "Talent & universities", ":material/school:", "talent", "pages.talent"),
    PageSpec(
        "Explore", "Challenges & remedies", ":material/shield:", "challenges", "pages.challenges"
    ),
    PageSpec("Explore", "Claim explorer", ":material/table_view:", "explorer", "pages.explorer"),
    PageSpec("Explore", "Compare", ":material/compare_arrows:", "compare", "pages.compare"),
    PageSpec("Pitch", "Pitch builder", ":material/playlist_add_check:", "pitch", "pages.pitch"),
    PageSpec("Pitch", "Present", ":material/slideshow:", "present", "pages.present", chrome=False),
    PageSpec(
        "Pitch",
        "Presenter view",
        ":material/co_present:",
        "presenter",
        "pages.presenter",
        chrome=False,
    ),
    PageSpec(
        "Content",
        "Add a region",
        ":material/note_add:",
        "add_region",
        "pages.add_region",
        needs_content=False,
    ),
    PageSpec(
        "Content",
        "Quote requests",
        ":material/inbox:",
        "admin",
        "pages.admin",
        visibility="hidden",
        needs_content=False,
    ),
    # The public request form every output's call to action links to (with INSIGHTS_PUBLIC_URL
    # set); outside the menu, usable without the sidebar.
    PageSpec(
        "Content",
        "Request",
        ":material/forum:",
        "request",
        "pages.request",
        visibility="hidden",
        chrome=False,
    ),
)
PAGES_BY_PATH = {spec.url_path: spec for spec in PAGES}


def configure_page() -> None:
    """Set the page title, a local favicon and the wide layout, before any other element."""
    # Without a page_icon the current page's :material/ icon becomes the favicon, which the
    # browser fetches from Google's font CDN: a request leaving the machine.
    st.set_page_config(page_title="Region insights", page_icon=FAVICON, layout="wide")


def end_legacy_pages_mode() -> None:
    """Make every request, a deep link on a fresh server included, run app.py's frame."""
    # Streamlit starts in its legacy "pages/ folder" mode because a folder named pages/ sits
    # beside app.py, and leaves it only once some run calls st.navigation. Until then a link
    # straight to /explorer would run that file alone. The server ends that mode at start.
    PagesManager.uses_pages_directory = False


# The view of this run, asked for when the page is drawn: st.navigation picks the page before
# the frame (which depends on the page's spec) builds the view.
ViewOf = Callable[[], View]


def _draw(module: str, view_of: ViewOf) -> None:
    # Imported when its page is shown: a run loads the modules of its own page only.
    importlib.import_module(module).render(view_of())


def _page(spec: PageSpec, view_of: ViewOf) -> st.Page:
    return st.Page(
        partial(_draw, spec.module, view_of),
        title=spec.title,
        icon=spec.icon,
        # The default page is served at "/"; its path still names it (and its script hash).
        url_path=spec.url_path,
        default=spec.default,
        visibility=spec.visibility,
    )


def build_pages(view_of: ViewOf) -> dict[str, list[st.Page]]:
    """Return the app's pages by menu section, each drawing this run's view."""
    sections: dict[str, list[st.Page]] = {}
    for spec in PAGES:
        sections.setdefault(spec.section, []).append(_page(spec, view_of))
    return sections


def find_spec(page: st.Page) -> PageSpec:
    """Return the table's row for a page st.navigation picked."""
    return PAGES_BY_PATH[page.url_path or PAGES[0].url_path]


def page_link(url_path: str, view: View) -> st.Page:
    """Return a page to pass to st.switch_page or st.page_link."""
    return _page(PAGES_BY_PATH[url_path], lambda: view)
