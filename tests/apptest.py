"""Opening the app under AppTest, shared by the test modules that drive it."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from ui import navigation

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "tests" / "app_main.py")
# Every page of the menu table, so a page added later is covered without editing a list here.
ALL_PAGES = [f"pages/{spec.url_path}.py" for spec in navigation.PAGES]


def open_app(
    params: dict[str, str | list[str]] | None = None, page: str = "pages/overview.py"
) -> AppTest:
    """Run the app once, as a first visit to a page with these query parameters."""
    at = switch_to(AppTest.from_file(APP, default_timeout=60), page)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    return at.run()


def switch_to(at: AppTest, page: str) -> AppTest:
    """Point the next run at a page, named by its file ("pages/explorer.py"), as a link would."""
    # The pages are functions (ui/navigation.py), which AppTest.switch_page cannot find by
    # file; a session asks for a page by the hash of its URL path, and so does this.
    url_path = Path(page).stem
    assert url_path in navigation.PAGES_BY_PATH, f"no page {page}"
    at._page_hash = calc_hash(url_path)
    return at


def open_page(page: str, params: dict[str, str | list[str]] | None = None) -> AppTest:
    """Run the app once, as a link straight to a page would."""
    return open_app(params, page)


def kpi_tiles(at: AppTest) -> list[tuple[str, str]]:
    """Each headline figure's label and value (ui.cards.render_kpi, as drawn), in page order."""
    return [(m.label, m.value) for m in at.main.metric]


def kpi_lists(at: AppTest) -> list[tuple[str, str]]:
    """Each compact headline-figure list's label and value (ui.cards.render_kpi_list), in order."""
    return [
        (label, value.removesuffix("**"))
        for m in at.main.markdown
        if m.value.startswith("- ") and m.proto.help
        for line in m.value.splitlines()
        for label, _, value in [line.removeprefix("- ").partition(": **")]
    ]


def section_headings(at: AppTest) -> list[str]:
    """The main area's subheaders, in page order."""
    return [s.value for s in at.main.subheader]
