"""Start-up work a cold start would otherwise do in front of the first visitor."""

from __future__ import annotations

import contextlib
import gc
import importlib
import inspect
import threading
from collections.abc import AsyncIterator, Iterable
from typing import Any

# What app.py and the default page (the overview) import. pandas, pyarrow, pydantic and
# PyYAML under them take ~0.5 s, which the first script run would spend before anything shows.
FIRST_PAGE_MODULES = (
    "ui.cards",
    "ui.data",
    "ui.figures",
    "ui.frame",
    "ui.pitch_state",
    "ui.sidebar",
    # app.py hands its routes to the App; listed so the warm-up covers all app.py imports.
    "ui.export_routes",
    "ui.view",
    "pages.overview",
    "insights.view.charts",
    "insights.view.facets",
    "insights.view.filters",
    "insights.view.kpis",
    # set_page_config hands even a URL favicon to Streamlit's image code, which imports Pillow.
    "PIL.Image",
)


def import_modules(names: Iterable[str]) -> None:
    """Import these modules, so that a later import of any of them costs nothing."""
    for name in names:
        importlib.import_module(name)


def warm_up(names: Iterable[str]) -> None:
    """Import these modules and settle what they leave behind, before the first visitor."""
    import_modules(names)
    # Streamlit calls inspect.stack() on the first element a process draws, which resolves
    # the file of every loaded module once (~40 ms with pandas in): done here, not in that run.
    inspect.stack()
    # Streamlit runs a full gc.collect() after every script run. What start-up imported lives
    # as long as the process, so it is moved out of the collector's sight (a ~55 ms collection
    # becomes a few ms).
    gc.freeze()


# The one switch: False serves the first visitor with nothing imported ahead of time.
WARM_UP = True


@contextlib.asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """End the legacy pages/ mode, then warm up in the background while the server serves."""
    from ui import navigation

    navigation.end_legacy_pages_mode()
    if not WARM_UP:
        yield
        return
    # A thread, so the server answers at once: a browser spends ~0.7 s loading Streamlit's
    # JavaScript before it asks for the first script run, and the imports fit in that time.
    # Python's per-module import locks make a run that needs a module mid-import wait for it.
    threading.Thread(
        target=warm_up, args=(FIRST_PAGE_MODULES,), name="warm-up", daemon=True
    ).start()
    yield
