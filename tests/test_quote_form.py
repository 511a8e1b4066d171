"""The request form and the admin view, driven through AppTest against a real SQLite file.

The app reads the sales pack from tests/factory.py (places Alpha City, Beta Land and Gamma Bay;
actions "expert" and "quote" open the form), never the shipped data/.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TypeVar

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from insights.content.text import escape_markdown as esc
from insights.quotes import access, outbox, store, throttle
from insights.quotes.outbox import State
from insights.quotes.requests import QuoteRequest
from tests.apptest import ALL_PAGES, APP, open_app, switch_to
from ui.admin import HOW_TO_ENABLE
from ui.quote_form import SESSION_LIMIT, SESSION_WINDOW_S, UNSAVED_MESSAGE, limited_message

T = TypeVar("T")

HOSTILE = "<img src=x onerror=alert(1)> **bold** [link](http://evil.test)"
PASSWORD = "pässwörd-日本"
UNREACHABLE = "postgresql+psycopg://sales:pw@127.0.0.1:1/quotes"
# The sales pack's places as the form and the admin filter offer them, in the pack's order.
PLACE_NAMES = ["Alpha City", "Beta Land", "Gamma Bay"]

# Every test reads the sales pack from a folder of its own (tests/conftest.py data_dir).
pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    """The app's store: a fresh SQLite file under a state folder of this test's own."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("INSIGHTS_ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("INSIGHTS_STATE_DIR", str(tmp_path / "state"))
    return store.default_database_url(tmp_path / "state")


def read_store(url: str, read: Callable[[Engine], T]) -> T:
    """What read finds in the store at url (its schema made if missing), the engine let go."""
    engine = store.make_engine(url)
    try:
        store.create_schema(engine)
        return read(engine)
    finally:
        engine.dispose()


def stored(url: str) -> list:
    return read_store(url, store.list_requests)


# The sidebar's two forms: the seller's "Get a quote" and "Talk to us".
ACTIONS = {"quote": "quote", "expert": "contact"}


def open_form(action: str = "quote", params: dict | None = None) -> AppTest:
    """Open the app (with query parameters) and click a call to action that opens the form."""
    return open_app(params).button(key=f"cta.{ACTIONS[action]}").click().run()


def fill(at: AppTest, **fields) -> AppTest:
    """Type into the form's fields (consent ticked unless told otherwise)."""
    values = {"name": "Ana Ruiz", "company": "Acme", "email": "ana@example.com", **fields}
    for field in ("name", "company", "email", "phone"):
        if field in values:
            at.text_input(key=f"quote.{field}").input(values[field])
    if "message" in values:
        at.text_area(key="quote.message").input(values["message"])
    at.checkbox(key="quote.consent").set_value(values.get("consent", True))
    return at


def submit(at: AppTest) -> AppTest:
    return at.button(key="quote.submit").click().run()


def shown(at: AppTest, kind: str) -> list[str]:
    return [e.value for e in at.get(kind)]


def test_the_form_opens_prefilled_with_the_filters(db_url):
    at = open_form("expert", {"place": "beta", "theme": ["talent", "capital"]})
    assert not at.exception
    assert at.multiselect(key="quote.places").options == PLACE_NAMES
    assert at.multiselect(key="quote.places").value == ["beta"]
    assert at.multiselect(key="quote.themes").value == ["talent", "capital"]
    assert at.text_input(key="quote.name").value == ""


def test_bad_input_is_named_per_field_kept_and_not_stored(db_url):
    at = submit(fill(open_form(), name=" ", email="ana@", message="x" * 2**20, consent=False))
    assert not at.exception
    assert shown(at, "error") == [
        esc("Required (only spaces were typed)."),
        esc("Not a valid email address. There must be something after the @-sign."),
        esc("Use at most 5,000 characters (this has 1,048,576)."),
        esc("Tick the box so we may contact you about this."),
    ]
    assert shown(at, "warning") == [
        "Nothing was sent yet: check " + esc("Name, Work email, Message, Consent") + "."
    ]
    assert not shown(at, "success")
    assert at.text_input(key="quote.email").value == "ana@"
    assert len(at.text_area(key="quote.message").value) == 2**20
    assert stored(db_url) == []


def test_a_valid_request_is_stored_once_and_confirmed_with_its_reference(db_url):
    at = submit(fill(open_form("expert"), name=HOSTILE, message="=1+1\nthanks"))
    assert not at.exception
    [row] = stored(db_url)
    assert shown(at, "success") == [
        f"Thank you — your request is saved. Your reference is **{esc(row.reference)}**."
    ]
    assert (row.name, row.kind, row.message) == (HOSTILE, "contact", "=1+1\nthanks")
    # A rerun (a reconnect, a second click that arrives late) shows the same confirmation.
    at.run()
    assert len(stored(db_url)) == 1
    assert len(shown(at, "success")) == 1
    # Closing and asking again is a new request.
    at.button(key="quote.close").click().run()
    assert not shown(at, "success")
    submit(fill(open_form(), name="Second"))
    assert [r.name for r in stored(db_url)] == ["Second", HOSTILE]


def test_a_place_the_form_does_not_offer_is_refused_and_not_stored(db_url):
    at = fill(open_form())
    # What a script can post that the form never shows: a place outside the catalog.
    at.session_state["quote.places"] = ["alpha", "atlantis"]
    submit(at)
    assert not at.exception
    assert shown(at, "error") == [esc("Holds a place this form does not offer.")]
    assert shown(at, "warning") == [
        "Nothing was sent yet: check " + esc("Places of interest") + "."
    ]
    assert not shown(at, "success")
    assert stored(db_url) == []


def test_a_burst_from_one_session_is_refused_with_a_message_keeping_the_input(db_url):
    at = open_app()
    for n in range(SESSION_LIMIT):
        at.button(key="cta.quote").click().run()
        submit(fill(at, name=f"Ana {n}"))
        assert len(shown(at, "success")) == 1, n
        at.button(key="quote.close").click().run()
    at.button(key="cta.quote").click().run()
    submit(fill(at, name="One too many", message="keep me"))
    assert not at.exception
    assert shown(at, "error") == [limited_message(SESSION_WINDOW_S)]
    assert shown(at, "error")[0].startswith("Not sent — too many requests from here")
    assert not shown(at, "success")
    assert at.text_input(key="quote.name").value == "One too many"
    assert at.text_area(key="quote.message").value == "keep me"
    assert len(stored(db_url)) == SESSION_LIMIT


def test_a_burst_from_one_address_is_refused_across_sessions(db_url):
    engine = store.make_engine(db_url)
    store.create_schema(engine)
    # Other sessions from this address (AppTest has none: the shared "unknown" one) sent
    # the address's limit already.
    for _ in range(throttle.ADDRESS_LIMIT):
        assert throttle.count_submission(engine, access.UNKNOWN_CLIENT, time.time()) == 0.0
    engine.dispose()
    at = submit(fill(open_form(), message="keep me"))
    assert shown(at, "error") == [limited_message(throttle.ADDRESS_WINDOW_S)]
    assert at.text_area(key="quote.message").value == "keep me"
    assert stored(db_url) == []


def events(url: str) -> dict[State, int]:
    """The CRM events in the store, counted by state."""
    return read_store(url, outbox.count_states)


@pytest.mark.parametrize(
    ("webhook", "queued"),
    [
        (None, 0),
        # A CRM webhook configured (a closed port on 127.0.0.1: AppTest starts no relay anyway):
        # the event is written with the request or not at all.
        ("http://127.0.0.1:9/hooks/quotes", 1),
    ],
)
def test_an_unreachable_database_keeps_the_input_and_every_page_serves(
    db_url, monkeypatch, webhook, queued
):
    if webhook is not None:
        monkeypatch.setenv("INSIGHTS_WEBHOOK_URL", webhook)
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE)
    at = submit(fill(open_form(), message="keep me"))
    assert not at.exception
    assert shown(at, "error") == [UNSAVED_MESSAGE]
    assert not shown(at, "success")
    assert at.text_area(key="quote.message").value == "keep me"
    assert at.text_input(key="quote.name").value == "Ana Ruiz"
    # Nothing went to the app's own SQLite file instead: no request, no event to send later.
    assert stored(db_url) == []
    assert events(db_url) == {State.PENDING: 0, State.DELIVERED: 0, State.DEAD: 0}
    # The database is back: the same request, tried again, is stored once, with its one event.
    monkeypatch.setenv("DATABASE_URL", db_url)
    submit(at)
    assert len(shown(at, "success")) == 1
    assert len(stored(db_url)) == 1
    assert events(db_url) == {State.PENDING: queued, State.DELIVERED: 0, State.DEAD: 0}
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE)
    for page in ALL_PAGES:
        switch_to(at, page).run()
        assert not at.exception, page
        assert at.title, page


def save(url: str, when: dt.datetime, **fields) -> str:
    """Store one request directly, as an earlier visitor would have."""
    base = {"name": "Ana", "company": "Acme", "email": "ana@example.com", "consent": True}
    engine = store.make_engine(url)
    try:
        store.create_schema(engine)
        return store.save_request(
            engine, QuoteRequest.model_validate({**base, **fields}), f"key-{when:%s}", when
        )
    finally:
        engine.dispose()


def open_admin(password: str | None = None, secret: str | None = None) -> AppTest:
    """Open the admin page; type a password when one is given."""
    at = AppTest.from_file(APP, default_timeout=60)
    if secret is not None:
        at.secrets["admin_password"] = secret
    switch_to(at.run(), "pages/admin.py").run()
    if password is not None:
        at.text_input(key="admin.password").input(password)
        at.button(key="admin.unlock").click().run()
    return at


def sees_data(at: AppTest) -> bool:
    return bool(at.main.dataframe) or bool(at.main.get("download_button")) or bool(at.main.text)


@pytest.mark.parametrize(
    ("env", "secret", "given", "unlocked", "notice"),
    [
        (None, None, None, False, None),
        (None, "", None, False, None),
        (PASSWORD, None, "wrong", False, "Wrong password."),
        (PASSWORD, None, "", False, "Enter the admin password."),
        (PASSWORD, None, "passwort-日本", False, "Wrong password."),
        (PASSWORD, None, PASSWORD, True, None),
        (None, PASSWORD, PASSWORD, True, None),
    ],
)
def test_admin_gate(db_url, monkeypatch, env, secret, given, unlocked, notice):
    save(db_url, dt.datetime(2026, 11, 2, tzinfo=dt.UTC), name=HOSTILE)
    if env is not None:
        monkeypatch.setenv("INSIGHTS_ADMIN_PASSWORD", env)
    at = open_admin(given, secret)
    assert not at.exception
    assert sees_data(at) is unlocked
    if env is None and not secret:
        assert shown(at, "warning") == [HOW_TO_ENABLE]
        assert not at.main.text_input  # fails closed: not even a password box
    if notice:
        assert shown(at, "error") == [notice]
    if not unlocked and at.main.text_input:
        # A tried password is never left in the box.
        assert at.text_input(key="admin.password").value == ""


def test_repeated_wrong_passwords_lock_the_session(db_url, monkeypatch):
    monkeypatch.setenv("INSIGHTS_ADMIN_PASSWORD", PASSWORD)
    at = open_admin("wrong")
    for _ in range(2):
        at.text_input(key="admin.password").input("wrong")
        at.button(key="admin.unlock").click().run()
    assert shown(at, "error")[0].startswith("Wrong password. Too many attempts: wait 2 s")
    at.text_input(key="admin.password").input(PASSWORD)
    at.button(key="admin.unlock").click().run()
    assert shown(at, "error")[0].startswith("Too many wrong passwords: try again in")
    assert not sees_data(at)


def test_admin_lists_newest_first_filters_and_shows_text_literally(db_url, monkeypatch):
    monkeypatch.setenv("INSIGHTS_ADMIN_PASSWORD", PASSWORD)
    first = save(db_url, dt.datetime(2026, 10, 1, tzinfo=dt.UTC), places=["gamma"])
    second = save(
        db_url, dt.datetime(2026, 11, 2, tzinfo=dt.UTC), name=HOSTILE, places=["alpha", "beta"]
    )
    at = open_admin(PASSWORD)
    assert not at.exception
    assert list(at.dataframe[0].value["Reference"]) == [second, first]
    assert list(at.dataframe[0].value["Places"]) == ["Alpha City, Beta Land", "Gamma Bay"]
    assert at.selectbox(key="admin.place").options == PLACE_NAMES
    # The newest request in full, as plain text: no Markdown or HTML element carries it.
    assert HOSTILE in [t.value for t in at.text]
    assert all("onerror" not in m.value for m in at.markdown)
    assert at.get("download_button")[0].proto.label == "Download CSV"
    at.selectbox(key="admin.place").set_value("gamma").run()
    assert list(at.dataframe[0].value["Reference"]) == [first]
    at.selectbox(key="admin.place").set_value(None).run()
    at.text_input(key="admin.q").input("onerror").run()
    assert list(at.dataframe[0].value["Reference"]) == [second]
    at.text_input(key="admin.q").input("").run()
    at.date_input(key="admin.until").set_value(dt.date(2026, 10, 31)).run()
    assert list(at.dataframe[0].value["Reference"]) == [first]


def test_admin_pages_through_every_request(db_url, monkeypatch):
    monkeypatch.setenv("INSIGHTS_ADMIN_PASSWORD", PASSWORD)
    engine = store.make_engine(db_url)
    store.create_schema(engine)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    # More than the old cut at 1,000, so a burst can no longer hide the older requests.
    count = store.LIST_LIMIT + 30
    refs = [
        store.save_request(
            engine,
            QuoteRequest(name=f"N{i}", company="Acme", email="a@example.com", consent=True),
            f"key-{i:08d}",
            start + dt.timedelta(minutes=i),
        )
        for i in range(count)
    ]
    engine.dispose()
    at = open_admin(PASSWORD)
    assert not at.exception
    assert f"Showing 1 to 50 of {count:,} requests, newest first." in shown(at, "caption")
    assert list(at.dataframe[0].value["Reference"]) == refs[::-1][:50]
    pages = -(-count // 50)
    at.number_input(key="admin.page").set_value(pages).run()
    first = (pages - 1) * 50
    assert f"Showing {first + 1:,} to {count:,} of {count:,} requests, newest first." in shown(
        at, "caption"
    )
    # The oldest request, which the old view cut off, is on the last page.
    assert list(at.dataframe[0].value["Reference"])[-1] == refs[0]
    # A filter starts again at page 1.
    at.text_input(key="admin.q").input("N7").run()
    assert at.number_input(key="admin.page").value == 1
    matching = [r for i, r in enumerate(refs) if "N7" in f"N{i}"]
    assert f"Showing 1 to 50 of {len(matching):,} requests, newest first." in shown(at, "caption")


def test_admin_says_when_the_store_is_unreachable(db_url, monkeypatch):
    monkeypatch.setenv("INSIGHTS_ADMIN_PASSWORD", PASSWORD)
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE)
    at = open_admin(PASSWORD)
    assert not at.exception
    assert shown(at, "error")[0].startswith("The request store cannot be reached")
    assert not at.dataframe


def test_a_database_file_deleted_while_the_app_runs_says_not_saved(db_url, tmp_path):
    at = submit(fill(open_form(), name="First"))
    assert len(shown(at, "success")) == 1
    at.button(key="quote.close").click().run()
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / "state" / f"{store.SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    at = submit(fill(open_form(), name="Second", message="keep me"))
    assert not at.exception
    assert shown(at, "error") == [UNSAVED_MESSAGE]
    assert not shown(at, "success")
    assert at.text_area(key="quote.message").value == "keep me"


def test_fresh_sessions_share_their_address_lockout(db_url, monkeypatch):
    monkeypatch.setenv("INSIGHTS_ADMIN_PASSWORD", PASSWORD)
    # Each guess from a new browser session, as a script opening fresh sessions would.
    for _ in range(3):
        assert shown(open_admin("wrong"), "error")[0].startswith("Wrong password.")
    at = open_admin(PASSWORD)
    assert not at.exception
    assert shown(at, "error")[0].startswith("Too many wrong passwords: try again in")
    assert not sees_data(at)
