"""The shared catalog is never cached without the store's packs when the store misses once."""

from __future__ import annotations

from insights.quotes import store
from ui import data
from ui import store as ui_store


def test_a_store_that_misses_once_is_asked_again_on_the_next_run(data_dir, monkeypatch):
    asked: list[str] = []

    def answer(action, timeout_s=0.0, engine=None):
        asked.append("read")
        if len(asked) == 1:
            raise store.StoreUnavailable("slow to answer")
        return [("store:testville-testville", "not: read")]

    monkeypatch.setattr(ui_store, "call_with_timeout", answer)
    monkeypatch.setattr(ui_store, "open_store", lambda: None)
    monkeypatch.setattr(data.load, "load_packs", lambda folder, stored: list(stored))
    monkeypatch.setattr(data, "_contents", lambda folder, stamp: data._load_catalog(folder, stamp))
    monkeypatch.setattr(data, "_stamp", lambda folder: "files|1:2026-12-07 00:00:00")
    data._load_catalog.clear()
    try:
        # The miss: data/ alone for this run, under a stamp that says the store was missed.
        assert data.get_contents() == []
        # The store's stamp has not changed, yet the next run reads the store again.
        assert data.get_contents() == [("store:testville-testville", "not: read")]
        assert data.get_contents() == [("store:testville-testville", "not: read")]
        assert asked == ["read", "read"]
    finally:
        data._load_catalog.clear()
