"""People through AppTest: the sidebar's sign-in link, the admin gate, the accounts panel."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from insights.content.text import escape_markdown as esc
from insights.pitch import seller
from insights.quotes import people, profiles, store
from tests import factory
from tests.apptest import APP, open_app, switch_to
from ui import seller_settings

ADMIN_PASSWORD = "bootstrap-pässwörd"
PASSWORD = "correct horse battery staple"
HOSTILE = "<img src=x onerror=alert(1)> **bold** [link](http://evil.test)"

pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    """The app's store: a fresh SQLite file under a state folder of this test's own."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("INSIGHTS_ADMIN_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("INSIGHTS_STATE_DIR", str(tmp_path / "state"))
    return store.default_database_url(tmp_path / "state")


def add_account(url: str, role: people.Role, email: str = "ada@example.com") -> people.Account:
    """Store an account directly, as `python -m insights users add` does."""
    engine = store.make_engine(url)
    try:
        store.create_schema(engine)
        new = people.NewAccount(name="Ada Admin", email=email, role=role, password=PASSWORD)
        return people.add_account(engine, new, dt.datetime.now(dt.UTC))
    finally:
        engine.dispose()


def accounts(url: str) -> list[people.Account]:
    """The accounts as stored."""
    engine = store.make_engine(url)
    try:
        return people.list_accounts(engine)
    finally:
        engine.dispose()


def sidebar_links(at: AppTest) -> list[tuple[str, str]]:
    """The sidebar's sign-in and sign-out link buttons as (label, url)."""
    found = [(b.proto.label, b.proto.url) for b in at.sidebar.get("link_button")]
    return [(label, url) for label, url in found if url.startswith("/sign")]


def open_admin(password: str | None = ADMIN_PASSWORD) -> AppTest:
    """Open /admin, unlocking it with the bootstrap password when one is given."""
    at = switch_to(AppTest.from_file(APP, default_timeout=60), "pages/admin.py").run()
    if password is not None:
        at.text_input(key="admin.password").input(password)
        at.button(key="admin.unlock").click().run()
    return at


def test_a_laptop_without_accounts_offers_no_sign_in(db_url):
    at = open_app()
    assert not at.exception
    assert [label for label, _ in sidebar_links(at)] == []


def test_a_team_server_offers_sign_in_in_the_sidebar(db_url):
    add_account(db_url, people.Role.REP)
    at = open_app({"place": "alpha"}, page="pages/explorer.py")
    assert not at.exception
    assert [label for label, _ in sidebar_links(at)] == ["Sign in"]
    [(_, url)] = sidebar_links(at)
    assert url.startswith("/signin?next=")


def test_a_signed_in_admin_opens_admin_and_sees_who_is_signed_in(db_url, monkeypatch):
    account = add_account(db_url, people.Role.ADMIN)
    monkeypatch.setattr("ui.accounts._read_person", account.person)
    at = open_admin(password=None)
    assert not at.exception
    assert "admin.password" not in [t.key for t in at.text_input]
    assert "People" in [h.value for h in at.subheader]
    assert [label for label, _ in sidebar_links(at)] == ["Sign out"]
    assert "Signed in as **Ada Admin** (admin)" in [c.value for c in at.sidebar.caption]


def test_a_signed_in_rep_still_meets_the_admin_password(db_url, monkeypatch):
    account = add_account(db_url, people.Role.REP)
    monkeypatch.setattr("ui.accounts._read_person", account.person)
    at = open_admin(password=None)
    assert "admin.password" in [t.key for t in at.text_input]
    assert "People" not in [h.value for h in at.subheader]


def fill_account(at: AppTest, **fields: str) -> AppTest:
    """Type a new account into the admin page's panel and submit it."""
    values = {"name": "Rita Rep", "email": "rita@example.com", "password": PASSWORD, **fields}
    for field in ("name", "email", "password"):
        at.text_input(key=f"accounts.{field}").input(values[field])
    at.selectbox(key="accounts.role").set_value(values.get("role", "rep"))
    return at.button(key="accounts.add").click().run()


def errors(at: AppTest) -> list[str]:
    """The page's error messages."""
    return [e.value for e in at.main.error]


@pytest.mark.parametrize(
    ("fields", "label", "message"),
    [
        ({"name": "x" * 10_000}, "Name", "Use at most 100 characters (this has 10,000)."),
        ({"name": "Rita\x07"}, "Name", "Contains an invisible or control character (U+0007)"),
        ({"name": HOSTILE + "\n"}, "Name", "Contains a line break (U+000A)"),
        ({"email": "not an address"}, "Email", "Not a valid email address."),
        ({"email": "e" * 10_000}, "Email", "Use at most 254 characters (this has 10,000)."),
        ({"password": "short"}, "Password", "Use at least 12 characters."),
        ({"password": "p" * 10_000}, "Password", "Use at most 1,024 characters"),
    ],
)
def test_a_bad_new_account_is_named_by_field_and_nothing_is_stored(db_url, fields, label, message):
    at = fill_account(open_admin(), **fields)
    assert not at.exception
    said = errors(at)
    assert len(said) == 1
    # Escaped for Markdown: the message shows as typed text, whatever it quotes.
    assert said[0].startswith(f"{label}: {esc(message)}"), said
    assert at.text_input(key="accounts.password").value == ""  # never kept in the box
    assert accounts(db_url) == []


def test_an_admin_adds_a_rep_whose_markup_stays_text_and_disables_them(db_url):
    at = fill_account(open_admin(), name=HOSTILE, email="Rita@Example.com")
    assert not at.exception
    assert errors(at) == []
    assert [s.value for s in at.success] == [esc("Added rita@example.com (rep).")]
    [stored] = accounts(db_url)
    assert (stored.name, stored.email, stored.role, stored.disabled) == (
        HOSTILE,
        "rita@example.com",
        people.Role.REP,
        False,
    )
    # The table shows each cell as text: the name is exactly what was typed.
    assert list(at.dataframe[-1].value["Name"]) == [HOSTILE]
    assert all("onerror" not in m.value for m in at.markdown)
    at = fill_account(at, name="Again", email="RITA@example.com")
    assert errors(at) == [f"Email: {esc('An account with this email exists already.')}"]
    at.selectbox(key="accounts.disable_who").set_value("rita@example.com")
    at.button(key="accounts.disable").click().run()
    assert [a.disabled for a in accounts(db_url)] == [True]


def save_company(at: AppTest, **fields: str) -> AppTest:
    """Type the company's details on /admin and save them."""
    for field, value in fields.items():
        at.text_input(key=seller_settings.COMPANY_KEYS[field]).input(value)
    at.button(key="FormSubmitter:seller.company-Save the company's details").click()
    return at.run()


def test_an_admin_sets_the_company_and_a_persons_details_for_every_output(db_url):
    at = open_admin()
    # A bad link is refused, naming the field; what was typed stays in the form.
    at = save_company(at, company="Northwind Cloud", booking_url="http://northwind.example/b")
    assert [e.value for e in at.main.error] == [
        esc("seller profile: booking_url: must be an https:// link")
    ]
    assert at.text_input(key=seller_settings.COMPANY_KEYS["company"]).value == "Northwind Cloud"
    at = save_company(at, booking_url="", call_to_action=HOSTILE)
    assert not at.main.error
    # The sidebar's call to action is the stored company's, its words shown as text.
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "Northwind Cloud" in captions
    assert esc(HOSTILE) in captions
    # A signed-in person's own details replace the file's rep on a team server.
    ada = add_account(db_url, people.Role.ADMIN)
    at = open_admin()
    at.selectbox(key=seller_settings.PERSON_KEYS["who"]).select(ada.email)
    at.text_input(key=seller_settings.PERSON_KEYS["title"]).input("Account Executive")
    at.text_input(key=seller_settings.PERSON_KEYS["booking_url"]).input("javascript:alert(1)")
    at.button(key="FormSubmitter:seller.person-Save the person's details").click()
    at = at.run()
    assert [e.value for e in at.main.error] == [
        esc(
            "person's details: booking_url: URL scheme should be 'http' or 'https' "
            "(got 'javascript:alert(1)')"
        )
    ]
    at.text_input(key=seller_settings.PERSON_KEYS["booking_url"]).input("https://cal.example/ada")
    at.button(key="FormSubmitter:seller.person-Save the person's details").click()
    at = at.run()
    assert [s.value for s in at.main.success] == [esc(f"Saved the details of {ada.email}.")]
    engine = store.make_engine(db_url)
    try:
        stored = profiles.read_setting(engine, profiles.person_setting(ada.id))
    finally:
        engine.dispose()
    details = seller.read_stored(seller.PersonDetails, stored)
    assert details is not None
    spoken = seller.speak_as(factory.seller_profile(), ada.name, ada.email, details)
    assert spoken.contact_lines == ("Ada Admin, Account Executive", ada.email)
    assert str(spoken.seller.booking_url) == "https://cal.example/ada"
