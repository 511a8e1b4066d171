"""Loaded once by the ingest's fork server (insights/ingest/worker.py): the gazetteer is read
here, at import, so every child forked to read an article starts with it instead of reading
it again (half a second each time)."""

from __future__ import annotations

from insights.ingest.gazetteer import load_gazetteer

GAZETTEER = load_gazetteer()
