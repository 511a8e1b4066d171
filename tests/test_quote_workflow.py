"""The admin view's workflow and CRM outbox, driven through AppTest against a real SQLite file."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from insights.content.text import escape_markdown as esc
from insights.quotes import outbox, people, store, workflow
from insights.quotes.outbox import State
from insights.quotes.requests import QuoteRequest
from tests import factory
from tests.apptest import APP, switch_to
from ui import quote_workflow
from ui.quote_workflow import field_key

PASSWORD = "workflow-pässwörd"
BADGE = ":blue-badge[:material/fiber_new: 2 new]"
HOSTILE = "<img src=x onerror=alert(1)> **bold**"
pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture
def engine(tmp_path, monkeypatch):
    """The app's SQLite store under this test's state folder, the admin password set."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("INSIGHTS_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("INSIGHTS_ADMIN_PASSWORD", PASSWORD)
    made = store.make_engine(store.default_database_url(tmp_path / "state"))
    store.create_schema(made)
    yield made
    made.dispose()


def save(engine, name: str, company: str = "Acme", send_event: bool = False) -> str:
    request = QuoteRequest.model_validate(
        {"name": name, "company": company, "email": "ana@example.com", "consent": True}
    )
    when = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    return store.save_request(engine, request, uuid.uuid4().hex, when, send_event=send_event)


def open_admin(password: str | None = PASSWORD):
    """Open /admin, unlocking it with the admin password when one is given."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    switch_to(at.run(), "pages/admin.py").run()
    if password is None:
        return at
    at.text_input(key="admin.password").input(password)
    return at.button(key="admin.unlock").click().run()


def add_person(engine, name: str, email: str, role: people.Role) -> people.Account:
    """Store a named account, as `python -m insights users add` does: a team server."""
    new = people.NewAccount(name=name, email=email, role=role, password="correct horse staple")
    return people.add_account(engine, new, dt.datetime.now(dt.UTC))


def test_a_request_moves_through_the_workflow_with_its_history(engine):
    older = save(engine, "Bo", "ACME inc")
    newest = save(engine, HOSTILE, "acme, Inc.")
    at = open_admin()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Status"]) == ["new", "new"]
    assert list(table["Same company"]) == ["1 other request"] * 2
    assert all(age.startswith("3 h") for age in table[quote_workflow.UNTOUCHED_COLUMN])
    assert BADGE in [m.value for m in at.markdown]
    # The newest request is the one in full; its workflow form starts from what is stored.
    assert at.selectbox(key=field_key("status", newest, 0)).options == ["new", "contacted", "lost"]
    at.selectbox(key=field_key("status", newest, 0)).set_value("contacted")
    at.text_area(key=field_key("note", newest, 0)).input(f"Called back: {HOSTILE}")
    at.button(key=f"{quote_workflow.SAVE}.{newest}.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [esc(f"Saved: {newest} is contacted, owner nobody.")]
    history = at.dataframe[-1].value
    # No named account on this server: the person is "this machine", as every page says.
    assert list(history["Who"]) == ["this machine"] * 2
    assert list(history["What"]) == ["Status", "Note"]
    assert list(history["To"]) == ["contacted", f"Called back: {HOSTILE}"]
    # Nothing typed became markup: it is only in text and dataframe cells.
    assert all("onerror" not in m.value for m in at.markdown)
    # The list filtered by status, and its age column empty once touched.
    at.multiselect(key=quote_workflow.STATUS_FILTER).set_value(["contacted"]).run()
    filtered = at.dataframe[0].value
    assert list(filtered["Reference"]) == [newest]
    assert list(filtered[quote_workflow.UNTOUCHED_COLUMN]) == [""]
    at.multiselect(key=quote_workflow.STATUS_FILTER).set_value(["new"]).run()
    assert list(at.dataframe[0].value["Reference"]) == [older]
    stored = workflow.read_history(engine, newest)
    assert [(e.field, e.new_value) for e in stored] == [
        ("status", "contacted"),
        ("note", f"Called back: {HOSTILE}"),
    ]


def test_a_refused_change_names_the_field_and_keeps_the_note(engine):
    reference = save(engine, "Ana")
    at = open_admin()
    at.text_area(key=field_key("note", reference, 0)).input("bell\x07")
    at.button(key=f"{quote_workflow.SAVE}.{reference}.0").click().run()
    assert [e.value for e in at.error] == [
        esc("Not saved — Note: Contains an invisible or control character (U+0007).")
    ]
    assert at.text_area(key=field_key("note", reference, 0)).value == "bell\x07"
    assert workflow.read_history(engine, reference) == []


def test_a_dead_letter_shows_its_error_and_retry_queues_it(engine):
    reference = save(engine, "Ana", send_event=True)
    letter = make_dead_letter(engine)
    at = open_admin()
    assert not at.exception
    assert f"Last error: {letter.last_error}" in [t.value for t in at.text]
    at.button(key=f"{quote_workflow.RETRY}.{letter.id}").click().run()
    assert [i.value for i in at.info] == [
        esc(f"{reference} is queued again: the relay sends it within seconds.")
    ]
    assert outbox.count_states(engine)[State.PENDING] == 1
    assert outbox.list_letters(engine, State.DEAD) == []


def make_dead_letter(engine) -> outbox.Letter:
    """Make the one event a dead letter, as a receiver answering 400 would."""
    now = dt.datetime.now(dt.UTC)
    claimed = outbox.claim_next(engine, "relay-test", now, 30)
    assert claimed is not None
    outbox.record_attempt(
        engine, "relay-test", claimed, State.DEAD, "HTTP 400: bad <b>field</b>", now, now
    )
    (letter,) = outbox.list_letters(engine, State.DEAD)
    return letter


def test_the_csv_holds_every_request_of_the_chosen_statuses(engine):
    from types import SimpleNamespace

    from pages import admin as admin_page

    kept = save(engine, "Ana")
    save(engine, "Bo")
    now = dt.datetime.now(dt.UTC)
    workflow.change_request(
        engine, kept, workflow.Change(workflow.Status.CONTACTED, None), "t", now, 0
    )
    view = SimpleNamespace(place_names={})
    table = admin_page._every_match(engine, None, None, None, "", view, ["contacted"])
    assert (list(table["Reference"]), list(table["Status"])) == ([kept], ["contacted"])
    assert len(admin_page._every_match(engine, None, None, None, "", view, [])) == 2


@pytest.mark.parametrize(
    ("signed_in", "who"),
    [
        # A signed-in admin needs no password and is recorded by name and e-mail.
        (True, "Ada Admin <ada@example.com>"),
        # Nobody signed in on a team server: the admin password opened /admin.
        (False, quote_workflow.PASSWORD_ADMIN),
    ],
)
def test_an_owner_set_on_a_team_server_records_who_set_it(engine, monkeypatch, signed_in, who):
    reference = save(engine, "Ana")
    admin = add_person(engine, "Ada Admin", "ada@example.com", people.Role.ADMIN)
    rep = add_person(engine, "Rita Rep", "rita@example.com", people.Role.REP)
    if signed_in:
        monkeypatch.setattr("ui.accounts._read_person", admin.person)
    at = open_admin(None if signed_in else PASSWORD)
    assert not at.exception
    owner = at.selectbox(key=field_key("owner", reference, 0))
    assert owner.options == ["Nobody", "Ada Admin <ada@example.com>", "Rita Rep <rita@example.com>"]
    owner.set_value(rep.id)
    at.button(key=f"{quote_workflow.SAVE}.{reference}.0").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        esc(f"Saved: {reference} is new, owner Rita Rep <rita@example.com>.")
    ]
    assert list(at.dataframe[0].value["Owner"]) == ["Rita Rep <rita@example.com>"]
    (history,) = [d.value for d in at.dataframe if "Who" in d.value.columns]
    assert history[["Who", "What", "From", "To"]].values.tolist() == [
        [who, "Owner", "nobody", "Rita Rep <rita@example.com>"]
    ]
    (change,) = workflow.read_history(engine, reference)
    assert (change.changed_by, change.field, change.new_value) == (
        who,
        "owner",
        "Rita Rep <rita@example.com>",
    )
    # The next form starts from the stored owner.
    assert at.selectbox(key=field_key("owner", reference, 1)).value == rep.id


@pytest.mark.parametrize(
    ("seller", "who"),
    [
        (None, "this machine"),
        (factory.SELLER, "Dana Ruiz"),
        ({k: v for k, v in factory.SELLER.items() if k != "rep"}, "this machine"),
    ],
)
def test_a_change_on_a_laptop_is_recorded_as_the_seller_profiles_rep(
    engine, tmp_path, monkeypatch, seller, who
):
    if seller is not None:
        monkeypatch.setenv("INSIGHTS_SELLER_FILE", str(factory.write_seller(tmp_path, seller)))
    reference = save(engine, "Ana")
    at = open_admin()
    at.selectbox(key=field_key("status", reference, 0)).set_value("contacted")
    at.button(key=f"{quote_workflow.SAVE}.{reference}.0").click().run()
    assert not at.exception
    (history,) = [d.value for d in at.dataframe if "Who" in d.value.columns]
    assert history[["Who", "What", "To"]].values.tolist() == [[who, "Status", "contacted"]]
    assert [e.changed_by for e in workflow.read_history(engine, reference)] == [who]
    # Still a laptop with nobody to sign in, named or not.
    links = [b.proto.url for b in at.sidebar.get("link_button")]
    assert [url for url in links if url.startswith("/sign")] == []
