"""The shared catalog is never cached without the store's packs when the store misses once."""

from __future__ import annotations

import pytest

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
    monkeypatch.setattr(data, "_last_good", {})
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


def test_a_store_that_misses_shows_what_it_last_served(data_dir, monkeypatch):
    stamps = iter(["files|1:first", "files|2:second", "files|store unavailable", "other|2:second"])
    answers = iter([["first"], store.StoreUnavailable("slow"), ["other files"]])

    def answer(action, timeout_s=0.0, engine=None):
        found = next(answers)
        if isinstance(found, Exception):
            raise found
        return found

    monkeypatch.setattr(ui_store, "call_with_timeout", answer)
    monkeypatch.setattr(ui_store, "open_store", lambda: None)
    monkeypatch.setattr(data.load, "load_packs", lambda folder, stored: list(stored))
    monkeypatch.setattr(data, "_contents", lambda folder, stamp: data._load_catalog(folder, stamp))
    monkeypatch.setattr(data, "_stamp", lambda folder: next(stamps))
    monkeypatch.setattr(data, "_last_good", {})
    data._load_catalog.clear()
    try:
        assert data.get_contents() == ["first"]
        # A new stamp whose read misses, then a stamp read that misses: the last catalog served.
        assert data.get_contents() == ["first"]
        assert data.get_contents() == ["first"]
        # Changed files are never shown with an older catalog: they are read afresh.
        assert data.get_contents() == ["other files"]
    finally:
        data._load_catalog.clear()


@pytest.mark.parametrize(
    ("stamp", "last_good", "tried"),
    [
        ("files|1:a", None, ["files|1:a"]),
        ("files|2:b", "files|1:a", ["files|2:b", "files|1:a"]),
        ("files|1:a", "files|1:a", ["files|1:a"]),
        ("files|store unavailable", "files|1:a", ["files|1:a"]),
        ("files|store unavailable", None, []),
        ("changed|1:a", "files|1:a", ["changed|1:a"]),
        ("changed|store unavailable", "files|1:a", []),
    ],
)
def test_stamps_with_store_fall_back_only_to_the_same_files(stamp, last_good, tried):
    assert data._stamps_with_store(stamp, last_good) == tried
