"""Opening the app under AppTest, shared by the test modules that drive it."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

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
