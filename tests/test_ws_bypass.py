"""Below the page: a client speaking Streamlit's own websocket protocol sends the widget states
that save a draft, or publish one, as if the page's buttons had been drawn and clicked. A laptop
(no accounts) saves the draft, and publishes with the admin password; a team server (one
account), to a visitor who has not signed in, saves and publishes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.runtime.state.common import user_key_from_element_id
from streamlit.util import calc_hash
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

from insights.quotes import packs, people, store
from insights.quotes.schema import CONTENT_PACKS
from tests import factory, test_packs
from tests.test_browser import run_server

# What Add a region's form holds when "Propose claims", then "Save draft", are pressed.
TYPED = {
    "add.region": "Testville",
    "add.title": "Testville again",
    "add.lat": 0.0,
    "add.lon": 0.0,
    "add.text": test_packs.ARTICLE.read_text(encoding="utf-8"),
}
DRAFT_ID = "testville-testville-again"
ADMIN_PASSWORD = "correct horse battery staple"
# One account makes a server a team server.
RITA = people.NewAccount(
    name="Rita Rep", email="rita@example.com", role=people.Role.REP, password="x" * 12
)
# A run of the article's ingest in its child process, under load, takes seconds.
RUN_TIMEOUT_S = 120


class Session:
    """One browser tab's session, spoken to directly over /_stcore/stream."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket

    def run(self, page: str, states: list[WidgetState]) -> list[ForwardMsg]:
        """Ask for a run of the page with these widget states; return what the server sent."""
        client = ClientState(
            query_string="",
            page_script_hash=calc_hash(page),
            widget_states=WidgetStates(widgets=states),
        )
        self.socket.send(BackMsg(rerun_script=client).SerializeToString())
        sent = []
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(self.socket.recv(timeout=RUN_TIMEOUT_S))
            sent.append(msg)
            if msg.WhichOneof("type") != "script_finished":
                continue
            if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                return sent
            # Only a run cut short by the next one (a callback's rerun) may end otherwise.
            assert msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN, msg


@contextmanager
def session(base: str) -> Iterator[Session]:
    """A session of the app at base, with no cookie: a visitor who has not signed in."""
    url = base.replace("http://", "ws://") + "/_stcore/stream"
    with connect(url, subprotocols=[Subprotocol("streamlit")], max_size=None) as socket:
        yield Session(socket)


def widget_ids(sent: list[ForwardMsg]) -> dict[str, str]:
    """The id of every keyed widget the server drew, by its key."""
    found = {}
    for msg in sent:
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            continue
        element = msg.delta.new_element
        widget = getattr(element, element.WhichOneof("type"))
        key = user_key_from_element_id(getattr(widget, "id", "") or "")
        if key:
            found[key] = widget.id
    return found


def texts(sent: list[ForwardMsg]) -> str:
    """Every piece of markdown, alert and caption the server drew, one a line."""
    lines = []
    for msg in sent:
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            kind = element.WhichOneof("type")
            if kind in {"markdown", "alert"}:
                lines.append(getattr(element, kind).body)
    return "\n".join(lines)


def crafted(ids: Mapping[str, str], trigger: str | None = None) -> list[WidgetState]:
    """The form's typed values, and a button's click, as a browser would send them."""
    states = []
    for key, value in TYPED.items():
        state = WidgetState(id=ids[key])
        if isinstance(value, float):
            state.double_value = value
        else:
            state.string_value = value
        states.append(state)
    if trigger is not None:
        states.append(WidgetState(id=ids[trigger], trigger_value=True))
    return states


def stored(url: str) -> list[tuple[str, str]]:
    """Every pack in the store at url, as (id, status)."""
    engine = store.make_engine(url)
    try:
        return [(p.id, p.status) for p in packs.list_packs(engine)]
    finally:
        engine.dispose()


def server_env(tmp_path, url: str) -> dict[str, str]:
    """An app server's settings: the sales pack, and the store at url."""
    data = tmp_path / "data"
    factory.write_sales_pack(data)
    return {
        "INSIGHTS_DATA_DIR": str(data),
        "INSIGHTS_STATE_DIR": str(tmp_path / "state"),
        "DATABASE_URL": url,
        "INSIGHTS_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> str:
    """A fresh store at the newest schema, in a SQLite file or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        url = store.default_database_url(tmp_path / "state")
    else:
        url = request.getfixturevalue("postgres_schema_url")
    engine = store.make_engine(url)
    store.create_schema(engine)
    engine.dispose()
    return url


def test_crafted_widget_states_save_a_draft_on_a_laptop_and_nothing_on_a_team_server(
    store_url, tmp_path
):
    env = server_env(tmp_path, store_url)
    page = "add_region"
    # The laptop: no accounts. The page's own widgets, driven without the page: its ids are
    # read from what the server drew, then the typed values and the two clicks sent back.
    with run_server(env, "server-ws-laptop.log") as laptop, session(laptop) as tab:
        first = widget_ids(tab.run(page, []))
        proposed = tab.run(page, crafted(first, "add.propose"))
        assert "add.save" in widget_ids(proposed)
        ids = {**first, **widget_ids(proposed)}
        saved = tab.run(page, crafted(ids, "add.save"))
        assert f"Saved draft {DRAFT_ID}" in texts(saved).replace("\\", "")
    assert stored(store_url) == [(DRAFT_ID, "draft")]

    # The same store made a team server's (one account), emptied of the laptop's draft.
    engine = store.make_engine(store_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.delete(CONTENT_PACKS))
        people.add_account(engine, RITA, dt.datetime.now(dt.UTC))
    finally:
        engine.dispose()
    with run_server(env, "server-ws-team.log") as team, session(team) as tab:
        drawn = tab.run(page, [])
        shown = widget_ids(drawn)
        assert "Sign in to add content" in texts(drawn)
        # The form is never drawn for a visitor; the sidebar's widgets keep the laptop's ids.
        assert not [key for key in shown if key.startswith("add.")]
        assert shown["filters.theme"] == first["filters.theme"]
        # The laptop's ids and values, both clicks, sent anyway; then everything at once.
        for trigger in ("add.propose", "add.save"):
            refused = tab.run(page, crafted(ids, trigger))
            assert "Sign in to add content" in texts(refused)
            assert not [key for key in widget_ids(refused) if key.startswith("add.")]
        tab.run(
            page,
            [*crafted(ids, "add.propose"), WidgetState(id=ids["add.save"], trigger_value=True)],
        )
    assert stored(store_url) == []


def drawn_options(sent: list[ForwardMsg], widget_id: str) -> list[str]:
    """The options of the selectbox with this id, as the server drew them."""
    return [
        option
        for msg in sent
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element"
        if msg.delta.new_element.WhichOneof("type") == "selectbox"
        if msg.delta.new_element.selectbox.id == widget_id
        for option in msg.delta.new_element.selectbox.options
    ]


def unlock_and_approve(
    tab: Session, known: Mapping[str, str] | None = None
) -> tuple[dict[str, str], str]:
    """Give the admin password, then approve the first draft, by widget states alone; return
    the ids and the draft's label the server drew (else the known ones, sent anyway), and what
    the page said."""
    page = "admin"
    ids = {**(known or {}), **widget_ids(tab.run(page, []))}
    password = WidgetState(id=ids["admin.password"], string_value=ADMIN_PASSWORD)
    unlock = WidgetState(id=ids["admin.unlock"], trigger_value=True)
    unlocked = tab.run(page, [password, unlock])
    ids |= widget_ids(unlocked)
    options = drawn_options(unlocked, ids["content.approve_which"])
    ids["draft"] = options[0] if options else ids["draft"]
    which = WidgetState(id=ids["content.approve_which"], string_value=ids["draft"])
    click = WidgetState(id=ids["content.approve"], trigger_value=True)
    return ids, texts(tab.run(page, [which, click])).replace("\\", "")


def save_a_draft(url: str, *accounts: people.NewAccount) -> str:
    """Empty the store's packs, add these accounts, and save a reviewed draft; return its id."""
    pack, text_hash = test_packs.reviewed()
    engine = store.make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.delete(CONTENT_PACKS))
        for account in accounts:
            people.add_account(engine, account, dt.datetime.now(dt.UTC))
        packs.save_draft(engine, people.THIS_MACHINE, pack, text_hash, dt.datetime.now(dt.UTC))
    finally:
        engine.dispose()
    return str(pack["id"])


def test_crafted_widget_states_publish_on_a_laptop_with_the_password_and_not_on_a_team_server(
    store_url, tmp_path
):
    env = server_env(tmp_path, store_url)
    draft = save_a_draft(store_url)
    with run_server(env, "server-ws-laptop-admin.log") as laptop, session(laptop) as tab:
        assert "content.approve" not in widget_ids(tab.run("admin", []))  # behind the password
        ids, said = unlock_and_approve(tab)
    assert "Published" in said, said
    assert stored(store_url) == [(draft, "published")]

    save_a_draft(store_url, RITA)
    with run_server(env, "server-ws-team-admin.log") as team:
        # The approve click with the laptop's ids and no password: nothing is drawn or done.
        with session(team) as tab:
            click = WidgetState(id=ids["content.approve"], trigger_value=True)
            which = WidgetState(id=ids["content.approve_which"], string_value=ids["draft"])
            assert "content.approve" not in widget_ids(tab.run("admin", [which, click]))
        # With the admin password, a visitor is still refused by the store.
        with session(team) as tab:
            _, said = unlock_and_approve(tab, ids)
    assert "Cannot publish content: sign in first" in said, said
    assert stored(store_url) == [(draft, "draft")]
