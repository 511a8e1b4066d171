"""Start-up work a cold start would otherwise do in front of the first visitor."""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import AsyncIterator, Iterable
from typing import Any

# What app.py and the default page (the overview) import. pandas, pyarrow, pydantic and
# PyYAML under them take ~0.5 s, which the first script run would spend before anything shows.
FIRST_PAGE_MODULES = (
    "ui.cards",
    "ui.data",
    "ui.figures",
    "ui.pitch_state",
    "ui.sidebar",
    "insights.charts",
    "insights.filters",
    "insights.kpis",
)


def import_modules(names: Iterable[str]) -> None:
    """Import these modules, so that a later import of any of them costs nothing."""
    for name in names:
        importlib.import_module(name)


@contextlib.asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """Import the first page's modules in the background while the server starts serving."""
    # A thread, so the server answers at once: a browser spends ~0.7 s loading Streamlit's
    # JavaScript before it asks for the first script run, and the imports fit in that time.
    # Python's per-module import locks make a run that needs a module mid-import wait for it.
    threading.Thread(
        target=import_modules, args=(FIRST_PAGE_MODULES,), name="warm-up", daemon=True
    ).start()
    yield
