"""Opening the app under AppTest, shared by the test modules that drive it."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
# Every page file, so a page added later is covered without editing a list here.
ALL_PAGES = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))


def open_app(params: dict[str, str | list[str]] | None = None) -> AppTest:
    """Run the app once, as a first visit with these query parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    return at.run()


def open_page(page: str, params: dict[str, str | list[str]] | None = None) -> AppTest:
    """Run the app, then switch to a page and run it."""
    return open_app(params).switch_page(page).run()


def _tiles(at: AppTest) -> list[tuple[object, object]]:
    # A tile (ui.cards.render_kpi) is a container holding exactly a caption and a subheader.
    tiles = []
    for node in at.main:
        if isinstance(node, Block):
            kids = list(node.children.values())
            if [getattr(k, "type", None) for k in kids] == ["caption", "subheader"]:
                tiles.append((kids[0], kids[1]))
    return tiles


def kpi_tiles(at: AppTest) -> list[tuple[str, str]]:
    """Each headline-figure tile's label and value (as drawn, escaped), in page order."""
    return [(label.value, value.value) for label, value in _tiles(at)]


def section_headings(at: AppTest) -> list[str]:
    """The main area's subheaders, leaving out the values that figure tiles draw as subheaders."""
    in_tiles = {id(value) for _, value in _tiles(at)}
    return [s.value for s in at.main.subheader if id(s) not in in_tiles]
