"""What the server does once at start, before any visitor: the App's start-up hook."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from ui import navigation


@contextlib.asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """Prepare the server before it serves; work that lives as long as the server goes here."""
    # A link straight to a page (/explorer) must run app.py's frame even as a fresh server's
    # very first request, so Streamlit's legacy pages/ mode ends before anyone connects.
    navigation.end_legacy_pages_mode()
    yield
