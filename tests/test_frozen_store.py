"""A database that stops answering (frozen, not down): "Not saved" within seconds, slides go on."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from insights.quotes import presentation, store
from tests.apptest import open_app, open_page
from ui import presenter as presenter_view
from ui import slides
from ui import store as ui_store
from ui.quote_form import UNSAVED_MESSAGE

# The sales pack's pitch the presenter tests show: a cover, a point, a pair, the close.
PRESENTED = {"pitch": "alpha-firms,beta-instability>beta-partnerships", "title": "For Acme"}


class FreezingProxy:
    """A TCP proxy on 127.0.0.1 to a server on 127.0.0.1; frozen, it keeps every connection
    open and reads what arrives, but forwards nothing either way (a stopped server)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.frozen = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.closing = False
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closing:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                if not self.frozen.is_set():
                    sink.sendall(chunk)
        except OSError:
            pass

    def close(self) -> None:
        self.closing = True
        self.listener.close()
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def frozen_url(postgres_schema_url, monkeypatch, data_dir) -> Iterator[tuple[str, FreezingProxy]]:
    url = sa.make_url(postgres_schema_url)
    assert url.host == "127.0.0.1"
    proxy = FreezingProxy(url.port or 5432)
    through = url.set(port=proxy.port).render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", through)
    try:
        yield through, proxy
    finally:
        proxy.close()


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (lambda: 42, 42),
        (lambda: time.sleep(3), store.StoreUnavailable("the database did not answer within 0.5 s")),
        (lambda: 1 / 0, ZeroDivisionError("division by zero")),
    ],
)
def test_a_store_call_answers_or_gives_up_in_time(action, expected):
    start = time.monotonic()
    if isinstance(expected, BaseException):
        with pytest.raises(type(expected)) as caught:
            ui_store.call_with_timeout(action, 0.5)
        assert str(caught.value) == str(expected)
    else:
        assert ui_store.call_with_timeout(action, 0.5) == expected
    assert time.monotonic() - start < 1.0


def test_after_a_call_goes_unanswered_that_database_is_refused_at_once_for_a_moment(monkeypatch):
    # Engines are made, never connected: only their URLs (and dialect) matter here.
    frozen = sa.create_engine("postgresql+psycopg://u@127.0.0.1:9/frozen")
    other = sa.create_engine("postgresql+psycopg://u@127.0.0.1:9/other")
    monkeypatch.setattr(ui_store, "_down_until", {})
    monkeypatch.setattr(ui_store, "CALL_TIMEOUT_S", 0.2)
    # A quick poll's silence (load, perhaps) refuses nothing after it; a full call's does.
    with pytest.raises(store.StoreUnavailable, match=r"within 0\.1 s"):
        ui_store.call_with_timeout(lambda: time.sleep(1), 0.1, frozen)
    assert ui_store.call_with_timeout(lambda: 42, 0.2, frozen) == 42
    with pytest.raises(store.StoreUnavailable, match=r"within 0\.2 s"):
        ui_store.call_with_timeout(lambda: time.sleep(1), 0.2, frozen)
    start = time.monotonic()
    with pytest.raises(store.StoreUnavailable, match="did not answer a moment ago"):
        ui_store.call_with_timeout(lambda: 42, 0.2, frozen)
    assert time.monotonic() - start < 0.1
    assert ui_store.call_with_timeout(lambda: 42, 0.2, other) == 42
    # Past the moment, the same database is asked again.
    monkeypatch.setattr(ui_store, "DOWN_FOR_S", 0.0)
    monkeypatch.setattr(ui_store, "_down_until", {str(frozen.url): time.monotonic()})
    assert ui_store.call_with_timeout(lambda: 42, 0.2, frozen) == 42


@pytest.mark.postgres
def test_a_statement_past_the_timeout_is_cancelled_by_the_server(postgres_schema_url):
    engine = store.make_engine(postgres_schema_url)
    start = time.monotonic()
    with pytest.raises(sa.exc.OperationalError, match="statement timeout"), engine.connect() as c:
        c.execute(sa.text("SELECT pg_sleep(30)"))
    assert 4.5 < time.monotonic() - start < 8
    # The URL's own options (the test schema's search_path) are kept beside the timeout.
    with engine.connect() as conn:
        assert conn.execute(sa.text("SHOW statement_timeout")).scalar_one() == "5s"
        assert conn.execute(sa.text("SHOW search_path")).scalar_one().startswith("t_")
    engine.dispose()


def fill_and_send(at, message: str):
    at.text_input(key="quote.name").input("Ana")
    at.text_input(key="quote.company").input("Acme")
    at.text_input(key="quote.email").input("ana@example.com")
    at.text_area(key="quote.message").input(message)
    at.checkbox(key="quote.consent").set_value(True)
    return at.button(key="quote.submit").click().run()


@pytest.mark.postgres
def test_a_frozen_postgresql_means_not_saved_within_five_seconds(frozen_url):
    _, proxy = frozen_url
    # The app has been serving: its pool holds open connections to the server.
    at = open_app().button(key="cta.quote").click().run()
    assert len(fill_and_send(at, "first").success) == 1
    at.button(key="quote.close").click().run()
    at.button(key="cta.quote").click().run()
    proxy.frozen.set()
    start = time.monotonic()
    fill_and_send(at, "keep me")
    took = time.monotonic() - start
    assert [e.value for e in at.error] == [UNSAVED_MESSAGE]
    assert at.text_area(key="quote.message").value == "keep me"
    assert took < 5, took


@pytest.mark.postgres
def test_a_frozen_postgresql_never_holds_the_audience_slide(frozen_url):
    through, proxy = frozen_url
    engine = store.make_engine(through)
    store.create_schema(engine)
    started, _ = presentation.start_presentation(engine, dt.datetime.now(dt.UTC))
    engine.dispose()
    audience = open_page("pages/present.py", {"code": started.code})
    assert not audience.warning
    proxy.frozen.set()
    start = time.monotonic()
    audience.run()  # the once-a-second look-up, against the frozen server
    assert time.monotonic() - start < 5
    assert not audience.exception
    assert audience.main.title  # the slide is still there


def slide_counter(at) -> str:
    """The presenter view's slide counter, e.g. "2 / 4"."""
    (counter,) = [m.value for m in at.main.metric if m.label == "Slide"]
    return counter


@pytest.mark.postgres
def test_a_frozen_postgresql_lets_the_presenter_move_on_within_five_seconds(
    frozen_url, postgres_schema_url
):
    _, proxy = frozen_url
    presenter = open_page("pages/presenter.py", PRESENTED)
    assert not presenter.error
    code = presenter.query_params["code"]
    assert slide_counter(presenter) == "1 / 4"
    proxy.frozen.set()
    start = time.monotonic()
    presenter.button(key="present.next").click().run()
    took = time.monotonic() - start
    assert [t.value for t in presenter.toast] == [slides.UNSAVED_TOAST]
    # Nothing lost: the presenter's screen moved, its slides and notes still there.
    assert slide_counter(presenter) == "2 / 4"
    assert presenter.main.text[0].value
    assert [e.value for e in presenter.main.error] == [presenter_view.PANEL_UNREACHABLE]
    assert not presenter.exception
    assert took < 5, took
    # The store answers again: the presenter's next look sends the move the audience missed.
    proxy.frozen.clear()
    ui_store._down_until.clear()
    presenter.run()
    assert not presenter.main.error
    engine = store.make_engine(postgres_schema_url)
    assert presentation.read_presentation(engine, code, dt.datetime.now(dt.UTC)).position == 1
    engine.dispose()
